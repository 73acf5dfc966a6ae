// `sovet user add|list|grant|revoke`: operator accounts (sovet/accounts.h)
// and their roles on bodies, granted and revoked by acts in the journal
// (sovet/roles.h). Passwords never travel in argv (a process list shows it
// to every user of the machine): they are read from standard input, or
// prompted for without echo on a terminal.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/accounts.h"
#include "sovet/cycle_schema.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/roles.h"
#include "sovet/state.h"

namespace sovet::cli {
namespace {

struct AddFlags {
  std::string db = kDefaultDb;
  std::string name;
};

struct ListFlags {
  std::string db = kDefaultDb;
  std::string format = "text";
};

struct RoleFlags {
  std::string db = kDefaultDb;
  std::string key;
  std::string charter;
  std::string name;
  std::string role;
  std::string body;
  bool revoke = false;
};

// One line from standard input; on a terminal, prompted for without echo.
Result<std::string> ReadPasswordLine(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!got) {
    return Error(Status::InvalidInput("expected the password on standard input (one line)",
                                      {.file = "<stdin>", .field = "password"}));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<void> RunAdd(const AddFlags& flags) {
  SOVET_CHECK_OK(CheckAccountName(flags.name, "NAME"));
  SOVET_TRY(auto store, AccountStore::Open(flags.db));
  SOVET_TRY(auto existing, store->Find(flags.name));
  if (existing) {
    return Error(Status::AlreadyExists(fmt::format("account \"{}\" already exists", flags.name),
                                       {.field = "NAME"}));
  }
  SOVET_TRY(std::string password, ReadPasswordLine("password: "));
  if (::isatty(STDIN_FILENO) != 0) {
    SOVET_TRY(std::string again, ReadPasswordLine("password again: "));
    if (again != password) {
      return Error(Status::InvalidInput("the two passwords differ", {.field = "password"}));
    }
  }
  SOVET_TRY(std::string hash, HashPassword(password));
  SOVET_CHECK_OK(store->Add(Account{.name = flags.name, .password_hash = hash}));
  fmt::print("added account {}\n", flags.name);
  return {};
}

Result<void> RunList(const ListFlags& flags) {
  if (flags.format != "text" && flags.format != "json") {
    return Error(Status::InvalidInput("expected text or json", {.field = "--format"}));
  }
  SOVET_TRY(auto store, AccountStore::Open(flags.db));
  SOVET_TRY(auto accounts, store->List());
  // Roles from the state table; a journal written before roles existed has
  // none.
  SOVET_TRY(auto reader, StateReader::Open(flags.db));
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> roles;
  SOVET_TRY(bool has_roles, reader->HasTable(schema::table::kRoles));
  if (has_roles) {
    SOVET_TRY(auto rows, reader->Query(schema::table::kRoles,
                                       "SELECT account, role, body FROM {p}roles "
                                       "ORDER BY account, body, role"));
    for (std::size_t row = 0; row < rows.size(); ++row) {
      SOVET_TRY(std::string account, rows.Text(row, 0));
      SOVET_TRY(std::string role, rows.Text(row, 1));
      SOVET_TRY(std::string body, rows.Text(row, 2));
      roles[account].emplace_back(role, body);
    }
  }
  if (flags.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Account& account : accounts) {
      nlohmann::json held = nlohmann::json::array();
      for (const auto& [role, body] : roles[account.name]) {
        held.push_back({{"role", role}, {"body", body}});
      }
      out.push_back({{"name", account.name}, {"roles", held}});
    }
    fmt::print("{}\n", out.dump(2));
    return {};
  }
  for (const Account& account : accounts) {
    std::string held;
    for (const auto& [role, body] : roles[account.name]) {
      held += fmt::format("{}{} on {}", held.empty() ? "" : ", ", role, body);
    }
    fmt::print("{:<20} {}\n", account.name, held.empty() ? "(no roles)" : held);
  }
  return {};
}

// The act goes through the engine's rules (sovet/roles.h) like any act:
// the engine's state is rebuilt from the journal, then the act is checked
// and appended.
Result<void> RunRole(const RoleFlags& flags) {
  SOVET_CHECK_OK(CheckAccountName(flags.name, "NAME"));
  if (!IsRoleName(flags.role)) {
    return Error(Status::InvalidInput(
        "expected a role: admin, electoral_commission, mandates_commission or secretary",
        {.field = "ROLE"}));
  }
  {
    SOVET_TRY(auto store, AccountStore::Open(flags.db));
    SOVET_TRY(auto account, store->Find(flags.name));
    if (!account) {
      return Error(Status::NotFound(
          fmt::format("no account \"{}\"; add it first: {} user add {} --db {}", flags.name,
                      ProgramName(), flags.name, RedactStoreUrl(flags.db)),
          {.field = "NAME"}));
    }
  }
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = flags.db,
                                                    .writable = true,
                                                    .key_path = flags.key,
                                                    .projector = &EngineProjector()}));
  SOVET_TRY(std::optional<Charter> charter, FindJournalCharter(journal->genesis(), flags.charter));
  if (!charter) {
    return Error(Status::FailedPrecondition(
        fmt::format("roles are held on the bodies of a charter, and {} is bound to none "
                    "(sovet init --charter FILE)",
                    journal->display_url()),
        {.field = "--db"}));
  }
  Engine engine(*charter, EngineOptions{});
  SOVET_TRY(std::int64_t loaded, engine.LoadJournal(*journal));
  (void)loaded;
  engine.AttachJournal(journal.get());
  Act act{.kind = flags.revoke ? schema::kRoleRevokeKind : schema::kRoleGrantKind,
          .body = flags.body,
          .fields = {}};
  act.fields[schema::field::kAccount] = Value::Text(flags.name);
  act.fields[schema::field::kRole] = Value::Text(flags.role);
  act.fields[schema::field::kBy] = Value::Text("");
  SOVET_CHECK_OK(engine.ExecuteRecorded(act));
  const Appended& appended = engine.last_appended();
  if (flags.revoke) {
    fmt::print("revoked {} on {} from {}: entry {} {}\n", flags.role, flags.body, flags.name,
               appended.seq, HexEncode(appended.hash));
  } else {
    fmt::print("granted {} {} on {}: entry {} {}\n", flags.name, flags.role, flags.body,
               appended.seq, HexEncode(appended.hash));
  }
  return {};
}

void SetupUser(CLI::App& app, Action& action) {
  CLI::App* user = app.add_subcommand(
      "user", "operator accounts for `sovet serve` and their roles on bodies (acts)");
  user->require_subcommand(1);

  CLI::App* add = user->add_subcommand(
      "add", "add an account; the password is read from standard input (or prompted for)");
  auto add_flags = BindFlags(add, action, &RunAdd);
  AddDbOption(add, add_flags->db, "store: sqlite:PATH or postgresql://...");
  add->add_option("NAME", add_flags->name, "account name: a-z, 0-9, '_', '.', '-'")->required();

  CLI::App* list = user->add_subcommand("list", "the accounts and the roles each holds");
  auto list_flags = BindFlags(list, action, &RunList);
  AddDbOption(list, list_flags->db, "store: sqlite:PATH or postgresql://...");
  list->add_option("--format", list_flags->format, "text or json")->capture_default_str();

  for (const bool revoke : {false, true}) {
    CLI::App* sub = user->add_subcommand(
        revoke ? "revoke" : "grant",
        revoke ? "revoke a role on a body from an account (a role.revoke act in the journal)"
               : "grant an account a role on a body (a role.grant act in the journal)");
    auto flags = BindFlags(sub, action, &RunRole);
    flags->revoke = revoke;
    AddDbOption(sub, flags->db, "journal: sqlite:PATH or postgresql://...");
    sub->add_option("NAME", flags->name, "account name")->required();
    sub->add_option("ROLE", flags->role,
                    "admin, electoral_commission, mandates_commission or secretary")
        ->required();
    sub->add_option("BODY", flags->body, "body id KIND:UNIT_ID")->required();
    sub->add_option("--key", flags->key, "node key file (default: beside a SQLite journal)");
    sub->add_option("--charter", flags->charter,
                    "the journal's charter file (default: the shipped one with its hash)");
  }
}

CommandRegistrar registrar(75, &SetupUser);

}  // namespace
}  // namespace sovet::cli
