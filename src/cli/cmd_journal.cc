// `sovet journal show|export|append`: read the journal, write its canonical
// bytes for third parties, and record acts from the command line.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>
#include <thread>

#include "base/io.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "journal/act_input.h"
#include "journal/charter_identity.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli {
namespace {

// More appending threads than this only contend for the one writer.
constexpr int kMaxAppendThreads = 1024;

struct ShowFlags {
  std::string db = kDefaultDb;
  std::int64_t from = 0;
  std::int64_t limit = -1;
  std::string format = "text";
  ReadFlags read;
};

struct ExportFlags {
  std::string db = kDefaultDb;
  std::string out = "-";
  ReadFlags read;
};

struct AppendFlags {
  std::string db = kDefaultDb;
  std::string key;
  std::string charter;
  std::string kind;
  std::string body;
  std::vector<std::string> fields;
  bool json = false;
  std::int64_t repeat = 1;
  int threads = 1;
  std::string ack;
};

Result<void> RunShow(const ShowFlags& flags) {
  if (flags.from < 0) {
    return Error(Status::InvalidInput("expected a sequence number >= 0", {.field = "--from"}));
  }
  SOVET_TRY(std::string url, ReadUrl(flags.db, flags.read));
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  SOVET_TRY(auto entries, journal->Read(flags.from, flags.limit));
  if (flags.format == "json") {
    nlohmann::json array = nlohmann::json::array();
    for (const Entry& entry : entries) array.push_back(journal::EntryToJson(entry));
    fmt::print("{}\n", array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return {};
  }
  for (const Entry& entry : entries) {
    fmt::print("{:>8}  {}  {:<20} {:<28} {}\n          hash {}{}\n", entry.seq,
               journal::FormatTimeNs(entry.time_ns), entry.kind,
               entry.body.empty() ? "-" : entry.body, ValueToString(Value::Map(entry.payload)),
               HexEncode(entry.hash), entry.sealed ? "  sealed, signed" : "");
  }
  return {};
}

Result<void> RunExport(const ExportFlags& flags) {
  SOVET_TRY(std::string url, ReadUrl(flags.db, flags.read));
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  if (flags.out == "-") {
    return journal->Export([](std::string_view bytes) -> Result<void> {
      if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size()) {
        return Error(Status::IoError("writing the export to standard output failed"));
      }
      return {};
    });
  }
  std::string all;
  SOVET_CHECK_OK(journal->Export([&all](std::string_view bytes) -> Result<void> {
    all.append(bytes);
    return {};
  }));
  return WriteFileAtomically(flags.out, all);
}

// Appends acknowledgements to the --ack file, one "SEQ HASH\n" per append,
// each with a single write(2) after the append returned: a reader after a
// crash sees only acknowledged entries (O_APPEND keeps lines whole).
class AckLog {
 public:
  Result<void> Open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      return Error(Status::InvalidInput(fmt::format("cannot open: {}", std::strerror(errno)),
                                        SourceLocation{.file = path, .field = "--ack"}));
    }
    return {};
  }
  ~AckLog() {
    if (fd_ >= 0) ::close(fd_);
  }
  Result<void> Record(const Appended& appended) {
    if (fd_ < 0) return {};
    std::string line = fmt::format("{} {}\n", appended.seq, HexEncode(appended.hash));
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      return Error(Status::IoError(fmt::format("writing the ack file: {}", std::strerror(errno))));
    }
    return {};
  }

 private:
  int fd_ = -1;
};

// Acts of the engine's kinds enter the journal only through the engine's
// rules (sovet/engine.h): the engine's state is rebuilt from the journal's
// acts, then each act is checked and appended in order, one at a time.
Result<void> AppendThroughEngine(const AppendFlags& flags, const std::vector<Act>& acts,
                                 Journal& journal, AckLog& ack) {
  SOVET_TRY(std::optional<Charter> charter, FindJournalCharter(journal.genesis(), flags.charter));
  if (!charter) {
    for (const Act& act : acts) {
      if (act.kind != "body.create" && IsEngineKind(act.kind)) {
        return Error(Status::FailedPrecondition(
            fmt::format("act \"{}\": acts of the council cycle are checked against the "
                        "journal's charter, and {} is bound to none (sovet init --charter FILE)",
                        act.kind, journal.display_url()),
            SourceLocation{.field = "--kind"}));
      }
    }
  }
  std::optional<Engine> engine;
  if (charter) {
    engine.emplace(*charter, EngineOptions{});
    SOVET_TRY(std::int64_t loaded, engine->LoadJournal(journal));
    (void)loaded;
    engine->AttachJournal(&journal);
  }
  std::vector<Appended> done;
  for (std::int64_t round = 0; round < flags.repeat; ++round) {
    for (const Act& act : acts) {
      Appended appended;
      if (engine && IsEngineKind(act.kind)) {
        SOVET_CHECK_OK(engine->ExecuteRecorded(act));
        appended = engine->last_appended();
      } else {
        SOVET_TRY(appended, journal.Append(act));
      }
      SOVET_CHECK_OK(ack.Record(appended));
      done.push_back(appended);
    }
  }
  if (done.size() == 1 || flags.json) {
    for (const Appended& appended : done) {
      fmt::print("appended entry {} {}\n", appended.seq, HexEncode(appended.hash));
    }
  } else {
    fmt::print("appended {} entries\n", done.size());
  }
  return {};
}

Result<void> RunAppend(const AppendFlags& flags) {
  SOVET_TRY(auto charter, journal::LoadCharterIdentity(flags.charter));
  std::vector<Act> acts;
  if (flags.json) {
    if (!flags.kind.empty() || !flags.fields.empty()) {
      return Error(
          Status::InvalidInput("--json reads the acts from standard input; give no "
                               "--kind or --field with it",
                               {.field = "--json"}));
    }
    SOVET_TRY(std::string input, ReadStandardInput(kMaxStandardInputBytes, StdinContent::kText));
    std::istringstream lines(input);
    std::string line;
    std::int64_t line_no = 0;
    while (std::getline(lines, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
      if (json.is_discarded()) {
        return Error(
            Status::InvalidInput("not valid JSON; expected one act per line, "
                                 "{\"kind\": ..., \"body\": ..., \"fields\": {...}}",
                                 {.file = "<stdin>", .line = line_no}));
      }
      auto act = journal::ActFromJson(json, "act");
      if (!act) {
        return Error(
            Status::InvalidInput(act.error().message(), {.file = "<stdin>", .line = line_no}));
      }
      acts.push_back(std::move(*act));
    }
    if (acts.empty()) {
      return Error(
          Status::InvalidInput("no act on standard input; expected one act per line, "
                               "{\"kind\": ..., \"body\": ..., \"fields\": {...}}",
                               {.file = "<stdin>"}));
    }
  } else {
    if (flags.kind.empty()) {
      return Error(
          Status::InvalidInput("give the act's kind (--kind) or --json", {.field = "--kind"}));
    }
    Act act{.kind = flags.kind, .body = flags.body};
    for (const std::string& field : flags.fields) {
      SOVET_CHECK_OK(journal::ParseFieldArg(field, act.fields, "--field"));
    }
    SOVET_CHECK_OK(ValidateAct(act));
    acts.push_back(std::move(act));
  }
  if (flags.repeat < 1 || flags.threads < 1) {
    return Error(
        Status::InvalidInput("expected --repeat >= 1 and --threads >= 1", {.field = "--repeat"}));
  }
  AckLog ack;
  if (!flags.ack.empty()) SOVET_CHECK_OK(ack.Open(flags.ack));
  OpenOptions options{.url = flags.db,
                      .writable = true,
                      .key_path = flags.key,
                      .charter = charter,
                      .projector = &EngineProjector()};
  SOVET_TRY(auto journal, Journal::Open(options));
  bool engine_kinds = false;
  for (const Act& act : acts) engine_kinds = engine_kinds || IsEngineKind(act.kind);
  if (engine_kinds) return AppendThroughEngine(flags, acts, *journal, ack);

  // Every act is appended `repeat` times by `threads` threads, each taking
  // the next (act, round) until all are done; appends from the threads
  // share commit groups.
  std::int64_t total = static_cast<std::int64_t>(acts.size()) * flags.repeat;
  std::atomic<std::int64_t> next{0};
  std::mutex mu;
  Status failure;
  // Results are kept only to be printed: for one act, or for --json.
  bool keep = total == 1 || flags.json;
  std::vector<Appended> done(keep ? static_cast<std::size_t>(total) : 0);
  auto work = [&] {
    for (;;) {
      std::int64_t idx = next.fetch_add(1);
      if (idx >= total) return;
      auto appended = journal->Append(acts[static_cast<std::size_t>(idx % acts.size())]);
      std::lock_guard lock(mu);
      if (!appended) {
        if (failure.ok()) failure = appended.error();
        next = total;
        return;
      }
      auto recorded = ack.Record(*appended);
      if (!recorded && failure.ok()) failure = recorded.error();
      if (keep) done[static_cast<std::size_t>(idx)] = *appended;
    }
  };
  // Workers wait until every one has started, so a thread the system
  // refuses stops the command before anything is appended.
  std::promise<bool> start;
  std::shared_future<bool> started = start.get_future().share();
  auto worker_main = [&work, started] {
    if (started.get()) work();
  };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(flags.threads));
  Status spawn_failure;
  for (int worker = 1; worker < flags.threads; ++worker) {
    // The system may refuse a thread (its limit of tasks or memory): the
    // threads already running must still be joined, never abandoned
    // joinable (std::terminate), so the work is stopped and they finish.
    try {
      workers.emplace_back(worker_main);
    } catch (const std::system_error& e) {
      spawn_failure =
          Status::Unavailable(fmt::format("could start only {} of {} appending threads: {}", worker,
                                          flags.threads, e.what()),
                              {.field = "--threads"});
      break;
    }
  }
  start.set_value(spawn_failure.ok());
  if (spawn_failure.ok()) work();
  for (auto& worker : workers) worker.join();
  if (!spawn_failure.ok()) return Error(spawn_failure);
  if (!failure.ok()) return Error(failure);
  if (total == 1) {
    fmt::print("appended entry {} {}\n", done[0].seq, HexEncode(done[0].hash));
  } else if (flags.json) {
    for (const Appended& appended : done) {
      fmt::print("appended entry {} {}\n", appended.seq, HexEncode(appended.hash));
    }
  } else {
    fmt::print("appended {} entries\n", total);
  }
  return {};
}

void SetupJournal(CLI::App& app, Action& action) {
  CLI::App* journal = app.add_subcommand("journal", "read, export and append to the journal");
  journal->require_subcommand(1);

  CLI::App* show_cmd = journal->add_subcommand("show", "print entries");
  auto show = BindFlags(show_cmd, action, &RunShow);
  AddDbOption(show_cmd, show->db, "store URL");
  AddReadOptions(show_cmd, show->read);
  show_cmd->add_option("--from", show->from, "first sequence number")->capture_default_str();
  show_cmd->add_option("--limit", show->limit, "at most this many entries (default: all)");
  show_cmd->add_option("--format", show->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  CLI::App* export_cmd = journal->add_subcommand(
      "export", "write the journal's canonical bytes (doc/journal_format.md §5)");
  auto exp = BindFlags(export_cmd, action, &RunExport);
  AddDbOption(export_cmd, exp->db, "store URL");
  AddReadOptions(export_cmd, exp->read);
  export_cmd->add_option("--out", exp->out, "output file, - for standard output")
      ->capture_default_str();

  CLI::App* append_cmd =
      journal->add_subcommand("append", "record an act; returns once it is durable");
  auto append = BindFlags(append_cmd, action, &RunAppend);
  AddDbOption(append_cmd, append->db, "store URL");
  append_cmd->add_option("--key", append->key, "node key file (default: PATH.key or $SOVET_KEY)");
  append_cmd->add_option("--charter", append->charter,
                         "refuse unless the journal is of this charter");
  append_cmd->add_option("--kind", append->kind, "act kind, e.g. body.create");
  append_cmd->add_option("--body", append->body, "body id, e.g. town_soviet:petrograd");
  append_cmd->add_option("--field", append->fields,
                         "KEY=TEXT or KEY:TYPE=VALUE, TYPE one of text, int, bool, hex, json");
  append_cmd->add_flag("--json", append->json,
                       "read acts from standard input, one JSON object per line: "
                       "{\"kind\", \"body\", \"fields\"}");
  append_cmd->add_option("--repeat", append->repeat, "append each act this many times")
      ->capture_default_str();
  append_cmd->add_option("--threads", append->threads, "appending threads")
      ->check(IntegerRange(1, kMaxAppendThreads))
      ->capture_default_str();
  append_cmd->add_option("--ack", append->ack,
                         "after each durable append, add \"SEQ HASH\" to this file");
}

CommandRegistrar registrar(22, &SetupJournal);

}  // namespace
}  // namespace sovet::cli
