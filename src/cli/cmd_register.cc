// `sovet register`: the register of persons (sovet/person_roll.h,
// doc/register.md) — import a file of persons, record one person's entry,
// move or departure, print a unit's electoral roll on a date, and generate
// a synthetic register from a census.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/csv_reader.h"
#include "base/io.h"
#include "base/random.h"
#include "base/sha256.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"
#include "sovet/state.h"

namespace sovet::cli {
namespace {

namespace field = schema::roll::field;

// Persons per register.enter act of an import: a village's electors in one
// or a few acts. Bounded so that the engine, which rebuilds its state from
// the journal 4,096 entries at a time (Engine::LoadJournal: every command,
// and the audit of verify), holds about a million decoded persons at once.
constexpr std::size_t kActPersons = 256;
// Acts handed to the journal and not yet durable, at most (memory bound).
constexpr std::int64_t kMaxInFlight = 64;

Status Located(const Status& status, const std::string& file, std::int64_t line) {
  SourceLocation where = status.where();
  where.file = file;
  where.line = line;
  return Status(status.code(), status.message(), std::move(where));
}

// The journal, its charter and the engine's state, for writing.
Result<EngineStore> OpenStore(const std::string& db, const std::string& key,
                              const std::string& charter) {
  return OpenEngineStore(db, key, charter, true,
                         "the register checks statuses and voting age against the journal's "
                         "charter");
}

// Hands accepted acts to the journal in order, at most kMaxInFlight at a
// time; the journal's writer groups them into commits.
class Submitter {
 public:
  explicit Submitter(Journal& journal) : journal_(journal) {}
  ~Submitter() { (void)Wait(0); }

  Result<void> Submit(Act act) {
    SOVET_CHECK_OK(Wait(kMaxInFlight - 1));
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
    }
    journal_.Submit(std::move(act), [this](Result<Appended> appended) {
      std::lock_guard lock(mutex_);
      --in_flight_;
      if (!appended) {
        if (!error_) error_ = appended.error();
      } else {
        if (first_seq_ < 0) first_seq_ = appended->seq;
        last_seq_ = std::max(last_seq_, appended->seq);
      }
      done_.notify_all();
    });
    return {};
  }

  Result<void> Wait(std::int64_t at_most) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return in_flight_ <= at_most; });
    if (error_) return Error(*error_);
    return {};
  }
  std::int64_t first_seq() const { return first_seq_; }
  std::int64_t last_seq() const { return last_seq_; }

 private:
  Journal& journal_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::int64_t in_flight_ = 0;
  std::optional<Status> error_;
  std::int64_t first_seq_ = -1;
  std::int64_t last_seq_ = -1;
};

// ---- import ----------------------------------------------------------------------

struct ImportFlags {
  std::string db = kDefaultDb;
  std::string key;
  std::string charter;
  std::string census;
  std::string file;
  std::string date;
  bool resume = false;
  std::string format = "text";
};

const std::string_view kColumns[] = {"id", "unit", "name", "birth_date", "status", "workplace"};

struct ImportFile {
  std::string sha256_hex;
  std::int64_t rows = 0;
  bool workplace = false;
};

Result<void> OpenCsv(CsvReader& reader, const std::string& path, std::vector<std::string_view>& row,
                     ImportFile* file) {
  SOVET_CHECK_OK(reader.Open(path, CsvOptions{.field_names = kColumns}));
  SOVET_TRY(bool any, reader.Next(&row));
  const bool five = any && row.size() == 5 && row[0] == "id" && row[1] == "unit" &&
                    row[2] == "name" && row[3] == "birth_date" && row[4] == "status";
  const bool six = any && row.size() == 6 && row[5] == "workplace" &&
                   std::equal(row.begin(), row.begin() + 5, std::begin(kColumns));
  if (!five && !six) {
    return Error(
        Status::InvalidInput("expected the header id,unit,name,birth_date,status or "
                             "id,unit,name,birth_date,status,workplace (doc/register.md)",
                             SourceLocation{.file = path, .line = any ? reader.line() : 1}));
  }
  if (file != nullptr) file->workplace = six;
  return {};
}

// The import file's identity: the SHA-256 of its bytes, in hex.
Result<std::string> FileSha256(const std::string& path) {
  SOVET_TRY(int fd, OpenForReading(path, UINT64_MAX));
  Sha256Hasher hasher;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      ::close(fd);
      return Error(Status::IoError(fmt::format("{}: read failed", path)));
    }
    if (got == 0) break;
    hasher.Update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  }
  ::close(fd);
  return HexEncode(hasher.Final());
}

// Pass 1: every row against the rules and the register, before any act.
Result<ImportFile> ValidateImport(const ImportFlags& flags, const Charter& charter,
                                  const RollState& roll,
                                  const std::unordered_set<std::string>& new_units, Date date,
                                  std::int64_t skip_rows, const std::string& expect_sha) {
  CsvReader reader;
  std::vector<std::string_view> row;
  ImportFile file;
  SOVET_CHECK_OK(OpenCsv(reader, flags.file, row, &file));
  const std::size_t columns = file.workplace ? 6 : 5;
  std::vector<std::uint64_t> hashes;
  std::string last_unit;
  bool last_unit_known = false;
  for (;;) {
    SOVET_TRY(bool more, reader.Next(&row));
    if (!more) break;
    const std::int64_t line = reader.line();
    const std::int64_t index = file.rows++;
    auto bad = [&](const Status& status) { return Error(Located(status, flags.file, line)); };
    if (row.size() != columns) {
      return bad(Status::InvalidInput(fmt::format("expected {} fields ({}), got {}", columns,
                                                  file.workplace
                                                      ? "id,unit,name,birth_date,status,workplace"
                                                      : "id,unit,name,birth_date,status",
                                                  row.size())));
    }
    if (index < skip_rows) continue;  // entered by this import before (same file)
    if (auto ok = CheckRollText("id", row[0], false); !ok) return bad(ok.error());
    if (auto ok = CheckRollText("unit", row[1], false); !ok) return bad(ok.error());
    if (row[1] != last_unit) {
      last_unit.assign(row[1]);
      last_unit_known = roll.FindUnit(last_unit) >= 0 || new_units.count(last_unit) != 0;
    }
    if (!last_unit_known) {
      return bad(Status::InvalidInput(
          fmt::format("unit \"{}\" is not a unit of the register: expected the id of a census "
                      "unit without units beneath it{}",
                      QuoteForMessage(row[1], 80),
                      roll.unit_count() == 0 && new_units.empty()
                          ? " (the register records none yet: give --census FILE)"
                          : ""),
          SourceLocation{.field = "unit"}));
    }
    if (auto ok = CheckRollText("name", row[2], false); !ok) return bad(ok.error());
    if (auto ok = CheckBirthDate(row[3], date); !ok) return bad(ok.error());
    if (auto ok = CheckRollStatus(charter, row[4]); !ok) return bad(ok.error());
    if (file.workplace) {
      if (auto ok = CheckRollText("workplace", row[5], true); !ok) return bad(ok.error());
    }
    if (roll.Find(row[0]).presence != RollState::Presence::kUnknown) {
      return bad(Status::AlreadyExists(
          fmt::format("id \"{}\" is already registered: a person is registered once, under one "
                      "id (doc/register.md)",
                      QuoteForMessage(row[0], 80)),
          SourceLocation{.field = "id"}));
    }
    hashes.push_back(roll.Hash(row[0]));
  }
  SOVET_TRY(file.sha256_hex, FileSha256(flags.file));
  if (file.sha256_hex != expect_sha) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} changed while it was read: import a file nothing writes to", flags.file),
        SourceLocation{.file = flags.file}));
  }
  // Ids twice in the file: sorted hashes side by side, then the lines found.
  std::sort(hashes.begin(), hashes.end());
  auto dup = std::adjacent_find(hashes.begin(), hashes.end());
  if (dup != hashes.end()) {
    const std::uint64_t twice = *dup;
    hashes = {};
    CsvReader again;
    SOVET_CHECK_OK(OpenCsv(again, flags.file, row, nullptr));
    std::int64_t first_line = 0;
    for (std::int64_t index = 0;; ++index) {
      SOVET_TRY(bool more, again.Next(&row));
      if (!more) break;
      if (index < skip_rows || roll.Hash(row[0]) != twice) continue;
      if (first_line == 0) {
        first_line = again.line();
        continue;
      }
      return Error(Status::AlreadyExists(
          fmt::format("id \"{}\" is already on line {}: a person is registered once, under one "
                      "id (doc/register.md)",
                      QuoteForMessage(row[0], 80), first_line),
          SourceLocation{.file = flags.file, .line = again.line(), .field = "id"}));
    }
  }
  return file;
}

Result<void> RunImport(const ImportFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter));
  Engine& engine = *store.engine;
  const Charter& charter = *store.charter;
  // The census's leaf units the register does not record yet.
  std::vector<std::string> new_unit_list;
  std::unordered_set<std::string> new_units;
  // The census's tree: each unit's parent not recorded yet, so a roll of
  // an inner unit (the unit of a body above the leaves) can be read
  // (doc/register.md "The census's tree").
  ValueMap new_parents;
  if (!flags.census.empty()) {
    SOVET_TRY(Census census, LoadCensus(flags.census, charter));
    for (std::size_t unit = 0; unit < census.size(); ++unit) {
      const std::int32_t known = engine.roll().FindTreeUnit(census.id[unit]);
      if (known < 0 || !engine.roll().HasParent(known)) {
        new_parents[census.id[unit]] = Value::Text(
            census.parent[unit] == kNoUnit ? std::string() : census.id[census.parent[unit]]);
      }
    }
    for (std::size_t unit = 0; unit < census.size(); ++unit) {
      if (census.subtree_end[unit] != static_cast<UnitIndex>(unit) + 1) continue;
      if (engine.roll().FindUnit(census.id[unit]) >= 0) continue;
      new_unit_list.push_back(census.id[unit]);
      new_units.insert(census.id[unit]);
    }
  }
  // An import stopped part way is found by its file's hash (doc/register.md
  // "Imports"): --resume enters the rest.
  SOVET_TRY(std::string sha256_hex, FileSha256(flags.file));
  const std::int64_t done = engine.roll().ImportedRows(sha256_hex);
  if (done > 0 && !flags.resume) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} (sha256 {}) is already imported, {} rows of it; if an import stopped "
                    "part way, run the same command with --resume to enter the rest",
                    flags.file, sha256_hex, GroupThousands(done)),
        SourceLocation{.file = flags.file}));
  }
  SOVET_TRY(ImportFile file,
            ValidateImport(flags, charter, engine.roll(), new_units, date, done, sha256_hex));
  if (done > 0 && done >= file.rows) {
    return Error(
        Status::AlreadyExists(fmt::format("{} (sha256 {}) is already imported: all its {} rows",
                                          flags.file, sha256_hex, GroupThousands(done)),
                              SourceLocation{.file = flags.file}));
  }
  if (engine.roll().latest() && date < *engine.roll().latest()) {
    return Error(Status::InvalidInput(
        fmt::format("the import is dated {}, before the register's latest act ({}): the register "
                    "is kept in date order (SYSTEM.md §7.2)",
                    date.ToString(), engine.roll().latest()->ToString()),
        SourceLocation{.field = "--date"}));
  }
  // Every row is valid: now the acts, each through the engine's rules.
  engine.roll().Reserve(engine.roll().persons() + file.rows - done);
  Submitter submitter(*store.journal);
  std::int64_t acts = 0;
  auto execute = [&](Act act) -> Result<void> {
    SOVET_CHECK_OK(engine.ExecuteRecorded(act));
    ++acts;
    return submitter.Submit(std::move(act));
  };
  const std::string date_text = date.ToString();
  if (!new_unit_list.empty() || !new_parents.empty()) {
    ValueList units;
    for (const std::string& unit : new_unit_list) units.push_back(Value::Text(unit));
    Act act{.kind = schema::roll::kUnitsKind, .body = "", .fields = {}};
    act.fields[field::kDate] = Value::Text(date_text);
    act.fields[field::kUnits] = Value::List(std::move(units));
    if (!new_parents.empty()) act.fields[field::kParents] = Value::Map(std::move(new_parents));
    SOVET_CHECK_OK(execute(std::move(act)));
  }
  CsvReader reader;
  std::vector<std::string_view> row;
  SOVET_CHECK_OK(OpenCsv(reader, flags.file, row, nullptr));
  ValueList ids, names, births, statuses, workplaces;
  std::string unit;
  std::int64_t first_row = done;
  std::int64_t index = 0;
  auto emit = [&]() -> Result<void> {
    if (ids.empty()) return {};
    Act act{.kind = schema::roll::kEnterKind, .body = "", .fields = {}};
    act.fields[field::kDate] = Value::Text(date_text);
    act.fields[field::kUnit] = Value::Text(unit);
    act.fields[field::kImport] = Value::Text(file.sha256_hex);
    act.fields[field::kRow] = Value::Integer(first_row);
    act.fields[field::kRows] = Value::Integer(file.rows);
    first_row += static_cast<std::int64_t>(ids.size());
    act.fields[field::kIds] = Value::List(std::move(ids));
    act.fields[field::kNames] = Value::List(std::move(names));
    act.fields[field::kBirthDates] = Value::List(std::move(births));
    act.fields[field::kStatuses] = Value::List(std::move(statuses));
    act.fields[field::kWorkplaces] = Value::List(std::move(workplaces));
    ids = {}, names = {}, births = {}, statuses = {}, workplaces = {};
    return execute(std::move(act));
  };
  for (;; ++index) {
    SOVET_TRY(bool more, reader.Next(&row));
    if (!more) break;
    if (index < done) continue;
    if (row[1] != unit || ids.size() >= kActPersons) {
      SOVET_CHECK_OK(emit());
      unit.assign(row[1]);
    }
    ids.push_back(Value::Text(std::string(row[0])));
    names.push_back(Value::Text(std::string(row[2])));
    births.push_back(Value::Text(std::string(row[3])));
    statuses.push_back(Value::Text(std::string(row[4])));
    workplaces.push_back(Value::Text(file.workplace ? std::string(row[5]) : std::string()));
  }
  SOVET_CHECK_OK(emit());
  SOVET_CHECK_OK(submitter.Wait(0));
  const std::int64_t persons = file.rows - done;
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["file"] = flags.file;
    out["sha256"] = file.sha256_hex;
    out["date"] = date_text;
    out["persons"] = persons;
    out["resumed_at_row"] = done;
    out["units_recorded"] = new_unit_list.size();
    out["acts"] = acts;
    out["first_seq"] = submitter.first_seq();
    out["last_seq"] = submitter.last_seq();
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("imported {} persons from {} on {} in {} acts{}{}\n", GroupThousands(persons),
               flags.file, date_text, GroupThousands(acts),
               acts > 0
                   ? fmt::format(" (entries {}..{})", submitter.first_seq(), submitter.last_seq())
                   : "",
               new_unit_list.empty()
                   ? ""
                   : fmt::format("; {} units recorded",
                                 GroupThousands(static_cast<std::int64_t>(new_unit_list.size()))));
    fmt::print("  file sha256 {}\n", file.sha256_hex);
  }
  return {};
}

// ---- enter, move, leave ------------------------------------------------------------

struct ChangeFlags {
  std::string db = kDefaultDb;
  std::string key;
  std::string charter;
  std::string id;
  std::string unit;
  std::string name;
  std::string birth_date;
  std::string status;
  std::string workplace;
  std::string date;
  std::string format = "text";
};

Result<void> RunChange(const ChangeFlags& flags, const char* kind) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter));
  store.engine->AttachJournal(store.journal.get());
  Act act{.kind = kind, .body = "", .fields = {}};
  if (kind == std::string_view(schema::roll::kEnterKind)) {
    act = RollEnterAct(flags.date, flags.unit,
                       {{flags.id, flags.name, flags.birth_date, flags.status, flags.workplace}});
  } else {
    act.fields[field::kDate] = Value::Text(flags.date);
    act.fields[field::kIds] = Value::List({Value::Text(flags.id)});
    if (kind != std::string_view(schema::roll::kLeaveKind)) {
      act.fields[field::kUnit] = Value::Text(flags.unit);
    }
  }
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  const Appended& appended = store.engine->last_appended();
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["kind"] = kind;
    out["id"] = flags.id;
    if (!flags.unit.empty()) out["unit"] = flags.unit;
    out["date"] = flags.date;
    out["seq"] = appended.seq;
    out["hash"] = HexEncode(appended.hash);
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{} {}{}{} on {}: entry {} {}\n", kind, flags.id, flags.unit.empty() ? "" : " in ",
               flags.unit, flags.date, appended.seq, HexEncode(appended.hash));
  }
  return {};
}

Result<void> RunEnter(const ChangeFlags& flags) {
  return RunChange(flags, schema::roll::kEnterKind);
}
Result<void> RunMove(const ChangeFlags& flags) { return RunChange(flags, schema::roll::kMoveKind); }
Result<void> RunLeave(const ChangeFlags& flags) {
  return RunChange(flags, schema::roll::kLeaveKind);
}

// ---- roll ----------------------------------------------------------------------------

struct RollFlags {
  std::string db = kDefaultDb;
  std::string charter;
  std::string unit;
  std::string on;
  std::int64_t limit = 100;
  std::string after;
  std::string format = "text";
};

Result<void> RunRoll(const RollFlags& flags) {
  SOVET_TRY(Date on, DateFlag(flags.on, "--on"));
  SOVET_TRY(auto reader, StateReader::Open(flags.db));
  SOVET_TRY(auto genesis, reader->ReadEntries(0, 1));
  if (genesis.empty()) {
    return Error(Status::IntegrityViolation(
        fmt::format("{}: the journal has no genesis entry", reader->display_url())));
  }
  SOVET_TRY(std::optional<Charter> charter, FindJournalCharter(genesis[0], flags.charter));
  if (!charter) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} is bound to no charter: the roll follows the charter's franchise",
                    reader->display_url()),
        SourceLocation{.field = "--db"}));
  }
  SOVET_TRY(Roll roll, ReadRoll(*reader, *charter,
                                RollQuery{.unit = flags.unit,
                                          .on = on,
                                          .limit = flags.limit,
                                          .after = flags.after,
                                          .count = true}));
  for (const std::string& import : roll.incomplete_imports) {
    fmt::print(stderr,
               "warning: the import with sha256 {} stopped part way; the roll lacks its "
               "remaining rows (sovet register import --resume)\n",
               import);
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["unit"] = roll.unit;
    out["on"] = roll.on.ToString();
    out["voting_age"] = charter->franchise.voting_age;
    out["born_on_or_before"] = roll.latest_birth.ToString();
    out["excluded_statuses"] = charter->franchise.excluded_categories;
    out["count"] = roll.count;
    nlohmann::ordered_json persons = nlohmann::ordered_json::array();
    for (const RollPerson& person : roll.persons) {
      nlohmann::ordered_json row;
      row["id"] = person.id;
      row["name"] = person.name;
      row["birth_date"] = person.birth_date;
      if (!person.workplace.empty()) row["workplace"] = person.workplace;
      persons.push_back(std::move(row));
    }
    out["persons"] = std::move(persons);
    out["more"] = roll.more;
    if (roll.more) out["next_after"] = roll.persons.back().id;
    out["incomplete_imports"] = roll.incomplete_imports;
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return {};
  }
  std::string text = fmt::format(
      "roll of {} on {}: {}: {}\n  rule: born on or before {} (franchise.voting_age {}){}\n",
      roll.unit, roll.on.ToString(), charter->electors_label, GroupThousands(roll.count),
      roll.latest_birth.ToString(), charter->franchise.voting_age,
      charter->franchise.excluded_categories.empty()
          ? std::string()
          : fmt::format("; no status of franchise.excluded_categories ({})",
                        charter->franchise.excluded_categories.size()));
  for (const RollPerson& person : roll.persons) {
    text += fmt::format("  {}  {}  {}{}{}\n", QuoteForMessage(person.id),
                        QuoteForMessage(person.name), person.birth_date,
                        person.workplace.empty() ? "" : "  ", QuoteForMessage(person.workplace));
  }
  if (roll.more) {
    text += fmt::format("  ... more: --after {}\n", QuoteForMessage(roll.persons.back().id));
  }
  fmt::print("{}", text);
  return {};
}

// ---- generate ----------------------------------------------------------------------------

struct GenerateFlags {
  std::string charter;
  std::string census;
  std::uint64_t seed = 1918;
  std::string on = "2026-01-01";
  std::string out = "-";
};

constexpr const char* kGivenNames[] = {"Anna",  "Ivan",    "Maria", "Pyotr",   "Olga", "Nikolai",
                                       "Elena", "Sergei",  "Daria", "Pavel",   "Vera", "Fyodor",
                                       "Nadia", "Grigory", "Sofia", "Mikhail", "Amal", "Jonas",
                                       "Leila", "Tomas",   "Ines",  "Kofi",    "Mei",  "Arjun"};
constexpr const char* kFamilyNames[] = {
    "Ivanova",  "Petrov", "Smirnova", "Kuznetsov", "Popova",    "Vasiliev", "Sokolova", "Mikhailov",
    "Novak",    "Berg",   "Okafor",   "Haddad",    "Lindqvist", "Moreau",   "Costa",    "Tanaka",
    "Kowalski", "Nyberg", "Mensah",   "Rossi",     "Ortega",    "Schmidt",  "Dubois",   "Ahmadi"};

// One CSV line per elector of every leaf unit, in the census's order: ids
// p0000000001, p0000000002, ...; birth dates drawn so that every person has
// the charter's voting age on `--on` (and after); no status. Person k's
// fields depend only on the seed and k, so the file is the same bytes for
// the same seed, census and date. A unit's roll on `--on` or later (with no
// change recorded) therefore holds exactly its census electors.
Result<void> RunGenerate(const GenerateFlags& flags) {
  SOVET_TRY(Date on, DateFlag(flags.on, "--on"));
  SOVET_TRY(Charter charter, LoadCharter(flags.charter));
  SOVET_TRY(Census census, LoadCensus(flags.census, charter));
  const Date youngest = LatestBirthForAge(on, charter.franchise.voting_age);
  constexpr std::int64_t kSpanDays = 60 * 365;  // ages voting_age .. about voting_age + 60
  std::FILE* out = stdout;
  if (flags.out != "-") {
    out = std::fopen(flags.out.c_str(), "wb");
    if (out == nullptr) {
      return Error(Status::IoError(fmt::format("cannot write {}", flags.out),
                                   SourceLocation{.field = "--out"}));
    }
  }
  std::string buffer = "id,unit,name,birth_date,status\n";
  std::int64_t person = 0;
  for (std::size_t unit = 0; unit < census.size(); ++unit) {
    if (census.subtree_end[unit] != static_cast<UnitIndex>(unit) + 1) continue;
    const bool quote = census.id[unit].find_first_of(",\"\r\n") != std::string::npos;
    std::string unit_field = census.id[unit];
    if (quote) {
      unit_field.clear();
      for (char c : census.id[unit])
        unit_field += c == '"' ? std::string("\"\"") : std::string(1, c);
      unit_field = "\"" + unit_field + "\"";
    }
    for (std::int64_t idx = 0; idx < census.electors[unit]; ++idx) {
      ++person;
      std::uint64_t state = flags.seed ^ (static_cast<std::uint64_t>(person) * kGoldenGamma);
      auto next = [&state] { return SplitMix64(state); };
      const auto given = UniformBelow(std::size(kGivenNames), next);
      const auto family = UniformBelow(std::size(kFamilyNames), next);
      const auto back = static_cast<std::int64_t>(UniformBelow(kSpanDays, next));
      fmt::format_to(std::back_inserter(buffer), "p{:010},{},{} {},{},\n", person, unit_field,
                     kGivenNames[given], kFamilyNames[family], youngest.AddDays(-back).ToString());
      if (buffer.size() >= (1u << 20)) {
        if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) {
          return Error(Status::IoError(fmt::format("cannot write {}", flags.out)));
        }
        buffer.clear();
      }
    }
  }
  const bool ok = std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size() &&
                  std::fflush(out) == 0 && (out == stdout || std::fclose(out) == 0);
  if (!ok) return Error(Status::IoError(fmt::format("cannot write {}", flags.out)));
  return {};
}

// ---- the command ------------------------------------------------------------------------

void AddChangeFlags(CLI::App* sub, ChangeFlags& flags, bool unit) {
  AddDbOption(sub, flags.db, "the journal the act is appended to");
  sub->add_option("--key", flags.key, "the node key (default: beside a SQLite database)");
  sub->add_option("--charter", flags.charter,
                  "the journal's charter file (default: found by hash)");
  sub->add_option("--id", flags.id, "the person's id")->required();
  if (unit) sub->add_option("--unit", flags.unit, "the unit (a census unit id)")->required();
  sub->add_option("--date", flags.date, "the date of the change (YYYY-MM-DD)")->required();
  AddFormatOption(sub, flags.format);
}

void SetupRegister(CLI::App& app, Action& action) {
  CLI::App* reg = app.add_subcommand(
      "register", "the register of persons: import, enter, move, leave, roll, generate");
  reg->require_subcommand(1);

  CLI::App* import = reg->add_subcommand(
      "import",
      "validate a CSV of persons (id,unit,name,birth_date,status[,workplace]) and "
      "enter them all, or nothing");
  auto import_flags = BindFlags<ImportFlags>(import, action, &RunImport);
  AddDbOption(import, import_flags->db, "the journal the persons are entered in");
  import->add_option("--key", import_flags->key,
                     "the node key (default: beside a SQLite database)");
  import->add_option("--charter", import_flags->charter,
                     "the journal's charter file (default: found by hash)");
  import->add_option("--census", import_flags->census,
                     "a census whose leaf units the register records first (needed once)");
  import->add_option("FILE", import_flags->file, "the persons (CSV)")->required();
  import->add_option("--date", import_flags->date, "the date of the entry (YYYY-MM-DD)")
      ->required();
  import->add_flag("--resume", import_flags->resume,
                   "continue an import of the same file that stopped part way");
  AddFormatOption(import, import_flags->format);

  CLI::App* enter = reg->add_subcommand("enter", "enter one person in the register");
  auto enter_flags = BindFlags<ChangeFlags>(enter, action, &RunEnter);
  AddChangeFlags(enter, *enter_flags, true);
  enter->add_option("--name", enter_flags->name, "the person's name")->required();
  enter->add_option("--birth-date", enter_flags->birth_date, "YYYY-MM-DD")->required();
  enter->add_option("--status", enter_flags->status,
                    "a franchise status of the charter (franchise.excluded_categories); none by "
                    "default");
  enter->add_option("--workplace", enter_flags->workplace, "the person's workplace");

  CLI::App* move = reg->add_subcommand("move", "record that a person moved to another unit");
  AddChangeFlags(move, *BindFlags<ChangeFlags>(move, action, &RunMove), true);

  CLI::App* leave = reg->add_subcommand("leave", "record that a person left the register");
  AddChangeFlags(leave, *BindFlags<ChangeFlags>(leave, action, &RunLeave), false);

  CLI::App* roll = reg->add_subcommand("roll", "the electoral roll of a unit on a date");
  auto roll_flags = BindFlags<RollFlags>(roll, action, &RunRoll);
  AddDbOption(roll, roll_flags->db, "the journal whose register is read");
  roll->add_option("--charter", roll_flags->charter,
                   "the journal's charter file (default: found by hash)");
  roll->add_option("--unit", roll_flags->unit, "the unit (a census unit id)")->required();
  roll->add_option("--on", roll_flags->on, "the day of the roll (YYYY-MM-DD)")->required();
  roll->add_option("--limit", roll_flags->limit, "persons listed (0: count only; -1: all)")
      ->capture_default_str();
  roll->add_option("--after", roll_flags->after, "list persons whose id sorts after this one");
  AddFormatOption(roll, roll_flags->format);

  CLI::App* generate = reg->add_subcommand(
      "generate", "write a synthetic register: one person per census elector, deterministic");
  auto generate_flags = BindFlags<GenerateFlags>(generate, action, &RunGenerate);
  generate->add_option("--charter", generate_flags->charter, "the charter (TOML)")->required();
  generate->add_option("--census", generate_flags->census, "the census (CSV)")->required();
  generate->add_option("--seed", generate_flags->seed, "the generator's seed")
      ->capture_default_str();
  generate
      ->add_option("--on", generate_flags->on,
                   "every person has the voting age on this day (YYYY-MM-DD)")
      ->capture_default_str();
  generate->add_option("--out", generate_flags->out, "the CSV file to write; - for stdout")
      ->capture_default_str();
}

CommandRegistrar registrar(45, &SetupRegister);

}  // namespace
}  // namespace sovet::cli
