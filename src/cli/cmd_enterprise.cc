// `sovet enterprise import|show|list`: the enterprises under workers'
// control (002:426; sovet/control.h, doc/workers_control.md "The enterprise
// file"). An import is validated whole before any act — every row against
// the rules, the register's census tree and the enterprises already
// registered — and refused with file, line, field and what was expected
// (exit 2, nothing written); then it is recorded as enterprise.register
// acts of up to kActEnterprises each, through the engine's rules.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/csv_reader.h"
#include "base/io.h"
#include "base/sha256.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/control.h"
#include "sovet/council.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"

namespace sovet::cli {
namespace {

namespace field = schema::control::field;
using json = nlohmann::ordered_json;

// Enterprises per enterprise.register act: many per durable commit, and
// bounded so the engine's rebuild (4,096 entries at a time) holds about
// two million decoded enterprises at once.
constexpr std::size_t kActEnterprises = 512;

const std::string_view kColumns[] = {"id",      "unit",      "name",           "owner",
                                     "workers", "employees", "technical_staff"};
constexpr const char* kHeader = "id,unit,name,owner,workers,employees,technical_staff";

Status Located(const Status& status, const std::string& file, std::int64_t line) {
  SourceLocation where = status.where();
  where.file = file;
  where.line = line;
  return Status(status.code(), status.message(), std::move(where));
}

// A head count: decimal digits only, 0..kMaxHeadCount.
Result<std::int64_t> HeadCount(std::string_view column, std::string_view text) {
  std::int64_t value = -1;
  const bool digits = !text.empty() && text.size() <= 12 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits || value > kMaxHeadCount) {
    return Error(Status::InvalidInput(
        fmt::format("expected a head count, a whole number 0..{}, got {}", kMaxHeadCount,
                    QuoteForMessage(text, 40)),
        SourceLocation{.field = std::string(column)}));
  }
  return value;
}

struct Row {
  std::string id, unit, name, owner;
  std::int64_t workers = 0, employees = 0, technical_staff = 0;
};

// Every row of `path` against the rules (doc/workers_control.md "The
// enterprise file"); the rows in file order.
Result<std::vector<Row>> ReadEnterprises(const std::string& path, const EngineState& state) {
  CsvReader reader;
  SOVET_CHECK_OK(reader.Open(path, CsvOptions{.field_names = kColumns}));
  std::vector<std::string_view> row;
  SOVET_TRY(bool any, reader.Next(&row));
  if (!any || !std::equal(row.begin(), row.end(), std::begin(kColumns), std::end(kColumns))) {
    return Error(Status::InvalidInput(
        fmt::format("expected the header {} (doc/workers_control.md)", kHeader),
        SourceLocation{.file = path, .line = any ? reader.line() : 1}));
  }
  std::vector<Row> rows;
  std::map<std::string, std::int64_t, std::less<>> lines;
  for (;;) {
    SOVET_TRY(bool more, reader.Next(&row));
    if (!more) break;
    const std::int64_t line = reader.line();
    auto bad = [&](const Status& status) { return Error(Located(status, path, line)); };
    if (row.size() != std::size(kColumns)) {
      return bad(Status::InvalidInput(
          fmt::format("expected 7 fields ({}), got {}", kHeader, row.size())));
    }
    for (std::size_t col = 0; col < 4; ++col) {
      if (auto ok = CheckRollText(kColumns[col], row[col], false); !ok) return bad(ok.error());
    }
    Row out{.id = std::string(row[0]),
            .unit = std::string(row[1]),
            .name = std::string(row[2]),
            .owner = std::string(row[3])};
    SOVET_TRY(out.workers, HeadCount("workers", row[4]).map_error([&](const Status& s) {
      return Located(s, path, line);
    }));
    SOVET_TRY(out.employees, HeadCount("employees", row[5]).map_error([&](const Status& s) {
      return Located(s, path, line);
    }));
    SOVET_TRY(out.technical_staff,
              HeadCount("technical_staff", row[6]).map_error([&](const Status& s) {
                return Located(s, path, line);
              }));
    if (state.roll.FindTreeUnit(out.unit) < 0) {
      return bad(Status::InvalidInput(
          fmt::format("unit {} is not a unit of the register's census tree: expected the id of "
                      "a census unit (sovet register import --census FILE records them)",
                      QuoteForMessage(out.unit, 80)),
          SourceLocation{.field = "unit"}));
    }
    if (state.ledger.control.enterprises.count(out.id) != 0) {
      return bad(Status::AlreadyExists(
          fmt::format("enterprise {} is already registered: an enterprise is registered once",
                      QuoteForMessage(out.id, 80)),
          SourceLocation{.field = "id"}));
    }
    auto [first, added] = lines.emplace(out.id, line);
    if (!added) {
      return bad(Status::AlreadyExists(
          fmt::format("id {} is already on line {}: an enterprise is registered once",
                      QuoteForMessage(out.id, 80), first->second),
          SourceLocation{.field = "id"}));
    }
    rows.push_back(std::move(out));
  }
  return rows;
}

Result<std::string> FileSha256(const std::string& path) {
  SOVET_TRY(std::string bytes, ReadFile(path));
  return Sha256Hex(bytes);
}

// ---- import ----------------------------------------------------------------

struct ImportFlags : ActFlags {
  std::string file;
};

Result<void> RunImport(const ImportFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store,
            OpenEngineStore(flags.db, flags.key, flags.charter, true,
                            "workers' control follows the charter's [control] rules"));
  Engine& engine = *store.engine;
  if (!store.charter->control.defined) {
    return Error(Status::InvalidInput(
        fmt::format("charter \"{}\" has no workers' control (no [control] section; "
                    "doc/charter_format.md)",
                    store.charter->id),
        SourceLocation{.field = "--charter"}));
  }
  SOVET_TRY(std::string sha256_hex, FileSha256(flags.file));
  if (engine.state().ledger.control.imports.count(sha256_hex) != 0) {
    return Error(Status::AlreadyExists(
        fmt::format("{} (sha256 {}) is already imported", flags.file, sha256_hex),
        SourceLocation{.file = flags.file}));
  }
  SOVET_TRY(std::vector<Row> rows, ReadEnterprises(flags.file, engine.state()));
  SOVET_TRY(std::string again, FileSha256(flags.file));
  if (again != sha256_hex) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} changed while it was read: import a file nothing writes to", flags.file),
        SourceLocation{.file = flags.file}));
  }
  if (rows.empty()) {
    return Error(Status::InvalidInput("expected at least one enterprise after the header",
                                      SourceLocation{.file = flags.file, .line = 2}));
  }
  // Every act is checked by the engine before any is written: all or none.
  std::vector<Act> acts;
  const auto total = static_cast<std::int64_t>(rows.size());
  for (std::size_t first = 0; first < rows.size(); first += kActEnterprises) {
    const std::size_t end = std::min(rows.size(), first + kActEnterprises);
    ValueList ids, units, names, owners, workers, employees, technical;
    for (std::size_t idx = first; idx < end; ++idx) {
      ids.push_back(Value::Text(rows[idx].id));
      units.push_back(Value::Text(rows[idx].unit));
      names.push_back(Value::Text(rows[idx].name));
      owners.push_back(Value::Text(rows[idx].owner));
      workers.push_back(Value::Integer(rows[idx].workers));
      employees.push_back(Value::Integer(rows[idx].employees));
      technical.push_back(Value::Integer(rows[idx].technical_staff));
    }
    Act act{.kind = schema::control::kEnterpriseRegisterKind, .body = "", .fields = {}};
    act.fields[field::kDate] = Value::Text(date.ToString());
    act.fields[field::kIds] = Value::List(std::move(ids));
    act.fields[field::kUnits] = Value::List(std::move(units));
    act.fields[field::kNames] = Value::List(std::move(names));
    act.fields[field::kOwners] = Value::List(std::move(owners));
    act.fields[field::kWorkers] = Value::List(std::move(workers));
    act.fields[field::kEmployees] = Value::List(std::move(employees));
    act.fields[field::kTechnicalStaff] = Value::List(std::move(technical));
    act.fields[field::kImport] = Value::Text(sha256_hex);
    act.fields[field::kRow] = Value::Integer(static_cast<std::int64_t>(first));
    act.fields[field::kRows] = Value::Integer(total);
    SOVET_CHECK_OK(engine.ExecuteRecorded(act));
    acts.push_back(std::move(act));
  }
  // One group commit: the acts are submitted together and are durable
  // together or, on a failure, the first error is reported.
  std::int64_t first_seq = 0, last_seq = 0;
  for (Act& act : acts) {
    SOVET_TRY(Appended appended, store.journal->Append(std::move(act)));
    if (first_seq == 0) first_seq = appended.seq;
    last_seq = appended.seq;
  }
  if (flags.format == "json") {
    json out;
    out["file"] = flags.file;
    out["sha256"] = sha256_hex;
    out["date"] = date.ToString();
    out["enterprises"] = total;
    out["acts"] = acts.size();
    out["first_seq"] = first_seq;
    out["last_seq"] = last_seq;
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
  } else {
    fmt::print("imported {} enterprises from {} on {} in {} acts (entries {}..{})\n",
               GroupThousands(total), flags.file, date.ToString(), acts.size(), first_seq,
               last_seq);
    fmt::print("  file sha256 {}\n", sha256_hex);
  }
  return {};
}

// ---- show, list -----------------------------------------------------------

struct ShowFlags : ActFlags {
  std::string id;
  std::string unit;
};

json EnterpriseJson(const Charter& charter, const ControlLedger& ledger,
                    const Enterprise& enterprise) {
  json out;
  out["id"] = enterprise.id;
  out["unit"] = enterprise.unit;
  out["name"] = enterprise.name;
  out["owner"] = enterprise.owner;
  out["workers"] = enterprise.workers;
  out["employees"] = enterprise.employees;
  out["technical_staff"] = enterprise.technical_staff;
  out["electorate"] = ControlElectorate(charter.control, enterprise);
  out["registered"] = enterprise.registered.ToString();
  const std::string organ = charter.control.enterprise.kind + ":" + enterprise.id;
  out["organ"] = organ;
  out["organ_label"] = charter.control.enterprise.label;
  auto seated = ledger.organs.find(organ);
  if (seated != ledger.organs.end()) {
    out["elected_on"] = seated->second.elected.ToString();
    out["members"] = seated->second.members;
  } else {
    out["elected_on"] = nullptr;
    out["members"] = json::array();
  }
  return out;
}

void PrintEnterprise(const json& e) {
  fmt::print("{} — {} ({}), owner {}\n  workers {}, employees {}, technical staff {}: "
             "electorate {}\n  {} {}: {}\n",
             e["id"].get<std::string>(), e["name"].get<std::string>(),
             e["unit"].get<std::string>(), e["owner"].get<std::string>(),
             e["workers"].get<std::int64_t>(), e["employees"].get<std::int64_t>(),
             e["technical_staff"].get<std::int64_t>(), e["electorate"].get<std::int64_t>(),
             e["organ_label"].get<std::string>(), e["organ"].get<std::string>(),
             e["elected_on"].is_null()
                 ? std::string("not elected yet")
                 : fmt::format("elected {} ({})", e["elected_on"].get<std::string>(),
                               fmt::join(e["members"].get<std::vector<std::string>>(), ", ")));
}

Result<void> RunShow(const ShowFlags& flags, bool one) {
  SOVET_TRY(EngineStore store,
            OpenEngineStore(flags.db, flags.key, flags.charter, false,
                            "workers' control follows the charter's [control] rules"));
  const ControlLedger& ledger = store.engine->state().ledger.control;
  json list = json::array();
  if (one) {
    auto found = ledger.enterprises.find(flags.id);
    if (found == ledger.enterprises.end()) {
      return Error(Status::NotFound(fmt::format("enterprise \"{}\" is not registered", flags.id),
                                    SourceLocation{.field = "--id"}));
    }
    list.push_back(EnterpriseJson(*store.charter, ledger, found->second));
  } else {
    for (const auto& [id, enterprise] : ledger.enterprises) {
      if (!flags.unit.empty() && enterprise.unit != flags.unit) continue;
      list.push_back(EnterpriseJson(*store.charter, ledger, enterprise));
    }
  }
  if (flags.format == "json") {
    json out;
    if (one) {
      out = list[0];
    } else {
      out["enterprises"] = std::move(list);
    }
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
    return {};
  }
  if (list.empty()) fmt::print("no enterprises registered\n");
  for (const json& e : list) PrintEnterprise(e);
  return {};
}

void SetupEnterprise(CLI::App& app, Action& action) {
  CLI::App* enterprise = app.add_subcommand(
      "enterprise", "the enterprises under workers' control (002:426): import, show, list");
  enterprise->require_subcommand(1);

  CLI::App* import = enterprise->add_subcommand(
      "import", "register the enterprises of a CSV file " + std::string(kHeader) +
                    " (all or none)");
  auto import_flags = BindFlags<ImportFlags>(import, action, &RunImport);
  AddActOptions(import, *import_flags, true);
  import->add_option("FILE", import_flags->file, "the enterprises (CSV)")->required();

  CLI::App* show = enterprise->add_subcommand("show", "one enterprise and its control organ");
  auto show_flags = BindFlags<ShowFlags>(
      show, action, +[](const ShowFlags& flags) { return RunShow(flags, true); });
  AddActOptions(show, *show_flags, false);
  show->add_option("--id", show_flags->id, "the enterprise")->required();

  CLI::App* list = enterprise->add_subcommand("list", "the enterprises registered");
  auto list_flags = BindFlags<ShowFlags>(
      list, action, +[](const ShowFlags& flags) { return RunShow(flags, false); });
  AddActOptions(list, *list_flags, false);
  list->add_option("--unit", list_flags->unit, "only those in this unit");
}

CommandRegistrar registrar(48, &SetupEnterprise);

}  // namespace
}  // namespace sovet::cli
