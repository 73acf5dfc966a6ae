// End-to-end: `sovet register` as an operator runs it (doc/register.md).
// Bad import files are data (tests/data/register/NAME.csv, the message
// expected in NAME.expected: the text after the file name): each exits 2
// and imports nothing. The roll's boundaries: the 18th birthday on the day
// and one day short, 29 February births, a move the day before, a departure
// on the day, an excluded status. The audit: an unlawful register act is
// refused by `journal append` (exit 2) and, written around the engine, named
// by `sovet verify` (exit 3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/person_roll.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kVillage[] = "g01-u01-v01-s01";  // Topolovskoye: 124 electors in the census
constexpr char kOther[] = "g01-u01-v01-s02";    // Ivanevka

class RegisterCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("r.db");
    ASSERT_EQ(Sovet("init --db " + Db() + " --charter " + Charter()).exit_code, 0);
  }
  CommandOutput Sovet(const std::string& args) { return RunSovet(args, dir_.path()); }
  std::string Db() const { return ShellQuote(db_); }
  static std::string Charter() { return ShellQuote(SourcePath("charters/rsfsr-1918.toml")); }
  static std::string Census() { return ShellQuote(SourcePath("data/census/rsfsr-1918-small.csv")); }

  // Imports `csv` (header added) on `date`; the first import records the
  // census's units.
  CommandOutput Import(const std::string& rows, const std::string& date, bool census = false) {
    const std::string file = dir_.Write("import-" + std::to_string(++imports_) + ".csv",
                                        "id,unit,name,birth_date,status\n" + rows);
    return Sovet("register import --db " + Db() + (census ? " --census " + Census() : "") + " " +
                 ShellQuote(file) + " --date " + date);
  }

  // The ids on a unit's roll on a date (and the count the command prints).
  std::vector<std::string> Roll(const std::string& unit, const std::string& on,
                                std::int64_t* count = nullptr) {
    CommandOutput run = Sovet("register roll --db " + Db() + " --unit " + unit + " --on " + on +
                              " --limit -1 --format json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> ids;
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    if (json.is_discarded()) return ids;
    for (const auto& person : json["persons"]) ids.push_back(person["id"].get<std::string>());
    if (count != nullptr) *count = json["count"].get<std::int64_t>();
    EXPECT_EQ(json["count"].get<std::size_t>(), ids.size());
    return ids;
  }

  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --db " + Db() + " --format json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }

  ScopedTempDir dir_{"sovet-register-cli"};
  std::string db_;
  int imports_ = 0;
};

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST_F(RegisterCliTest, BadFilesExitTwoNamingLineAndFieldAndImportNothing) {
  ASSERT_EQ(
      Import(std::string("base1,") + kVillage + ",Base Person,1970-01-01,\n", "2026-01-01", true)
          .exit_code,
      0);
  const std::int64_t entries = Entries();
  const std::filesystem::path data = SourcePath("tests/data/register");
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data)) {
    if (entry.path().extension() != ".csv") continue;
    ++cases;
    std::filesystem::path expected_path = entry.path();
    expected_path.replace_extension(".expected");
    std::string expected = ReadText(expected_path);
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    ASSERT_FALSE(expected.empty()) << expected_path;
    const std::string file = entry.path().string();
    CommandOutput run =
        Sovet("register import --db " + Db() + " " + ShellQuote(file) + " --date 2026-01-01");
    EXPECT_EQ(run.exit_code, 2) << file << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(file + expected)) << file;
    EXPECT_EQ(Entries(), entries) << file << ": something was written";
  }
  EXPECT_GE(cases, 12);
  std::int64_t count = 0;
  Roll(kVillage, "2026-01-01", &count);
  EXPECT_EQ(count, 1);  // base1 alone: nothing of any bad file
}

TEST_F(RegisterCliTest, TheRollOnElectionDayFollowsTheFranchiseToTheDay) {
  const std::string rows = std::string() +
                           "adult,VILLAGE,Adult Person,1970-05-05,\n"
                           "eighteen,VILLAGE,Eighteen Today,2008-06-01,\n"
                           "short,VILLAGE,One Day Short,2008-06-02,\n"
                           "leap,VILLAGE,Leap Day Born,2008-02-29,\n"
                           "mover,VILLAGE,Moves Away,1980-01-01,\n"
                           "leaver,VILLAGE,Leaves On The Day,1980-01-01,\n"
                           "priest,VILLAGE,Excluded Person,1960-01-01,priests and monks\n";
  std::string text = rows;
  for (std::size_t at; (at = text.find("VILLAGE")) != std::string::npos;) {
    text.replace(at, 7, kVillage);
  }
  CommandOutput import = Import(text, "2026-01-01", true);
  ASSERT_EQ(import.exit_code, 0) << import.err;
  ASSERT_EQ(Sovet(std::string("register move --db ") + Db() + " --id mover --unit " + kOther +
                  " --date 2026-05-31")
                .exit_code,
            0);
  ASSERT_EQ(Sovet("register leave --db " + Db() + " --id leaver --date 2026-06-01").exit_code, 0);

  // Election day 2026-06-01 (franchise.voting_age 18, SYSTEM.md §4).
  const auto day = Roll(kVillage, "2026-06-01");
  EXPECT_TRUE(Has(day, "adult"));
  EXPECT_TRUE(Has(day, "eighteen"));  // the 18th birthday is the day itself
  EXPECT_FALSE(Has(day, "short"));    // one day short
  EXPECT_TRUE(Has(day, "leap"));      // 18 on 1 March 2026
  EXPECT_FALSE(Has(day, "mover"));    // moved the day before
  EXPECT_FALSE(Has(day, "leaver"));   // left on the day
  EXPECT_FALSE(Has(day, "priest"));   // franchise.excluded_categories (001:152)
  EXPECT_EQ(day.size(), 3u);
  EXPECT_TRUE(Has(Roll(kOther, "2026-06-01"), "mover"));
  EXPECT_FALSE(Has(Roll(kOther, "2026-05-30"), "mover"));

  // The day before: the mover was still here on 05-30, and the leaver.
  const auto before = Roll(kVillage, "2026-05-30");
  EXPECT_TRUE(Has(before, "mover"));
  EXPECT_TRUE(Has(before, "leaver"));
  EXPECT_FALSE(Has(before, "eighteen"));  // 17 until 06-01
  EXPECT_TRUE(Has(Roll(kVillage, "2026-05-31"), "leaver"));
  EXPECT_FALSE(Has(Roll(kVillage, "2026-05-31"), "mover"));  // the move's own day

  // 29 February: not yet 18 on 28 February 2026, 18 on 1 March.
  EXPECT_FALSE(Has(Roll(kVillage, "2026-02-28"), "leap"));
  EXPECT_TRUE(Has(Roll(kVillage, "2026-03-01"), "leap"));
  // Before the persons entered the register, nobody.
  EXPECT_TRUE(Roll(kVillage, "2025-12-31").empty());
}

TEST_F(RegisterCliTest, ChangesAreRefusedNamingTheRuleAndWriteNothing) {
  ASSERT_EQ(Import(std::string("p1,") + kVillage + ",Some Person,1970-01-01,\n", "2026-01-10", true)
                .exit_code,
            0);
  const std::int64_t entries = Entries();
  struct Case {
    std::string args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {std::string("move --id nobody --unit ") + kOther + " --date 2026-02-01", "not registered"},
      {"move --id p1 --unit atlantis --date 2026-02-01", "not a unit of the register"},
      {std::string("move --id p1 --unit ") + kVillage + " --date 2026-02-01",
       "already lives in unit"},
      {std::string("move --id p1 --unit ") + kOther + " --date 2026-01-09", "kept in date order"},
      {"leave --id p1 --date 2026-13-01", "expected a date YYYY-MM-DD"},
      {std::string("enter --id p1 --unit ") + kOther +
           " --name X --birth-date 1970-01-01 --date 2026-02-01",
       "already registered"},
      {std::string("enter --id p2 --unit ") + kOther +
           " --name X --birth-date 1970-01-01 --status kulak --date 2026-02-01",
       "franchise.excluded_categories"},
      {std::string("enter --id p2 --unit ") + kOther +
           " --name '' --birth-date 1970-01-01 --date 2026-02-01",
       "non-empty name"},
  };
  for (const Case& test : cases) {
    CommandOutput run = Sovet("register " + test.args + " --db " + Db());
    EXPECT_EQ(run.exit_code, 2) << test.args << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(test.says)) << test.args;
  }
  EXPECT_EQ(Entries(), entries);
  // After leaving, a person neither moves nor leaves again.
  ASSERT_EQ(Sovet("register leave --id p1 --date 2026-02-01 --db " + Db()).exit_code, 0);
  CommandOutput again = Sovet("register leave --id p1 --date 2026-02-02 --db " + Db());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("has left"));
}

TEST_F(RegisterCliTest, VerifyAuditsRegisterActsAndNamesAnUnlawfulOne) {
  ASSERT_EQ(Import(std::string("p1,") + kVillage + ",Some Person,1970-01-01,\n", "2026-01-10", true)
                .exit_code,
            0);
  // Through `journal append`, an unlawful act meets the engine: refused.
  const std::string act =
      R"({"kind": "register.enter", "body": "", "fields": {"date": "2026-02-01", "unit": ")" +
      std::string(kVillage) +
      R"(", "ids": ["p1"], "names": ["Twice"], "birth_dates": ["1970-01-01"], "statuses": [""], "workplaces": [""]}})";
  CommandOutput refused =
      RunSovet("journal append --json --db " + Db(), dir_.path(), {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("already registered"));
  CommandOutput lawful = Sovet("verify --db " + Db());
  EXPECT_EQ(lawful.exit_code, 0) << lawful.err;

  // Written around the engine (the journal checks only an act's shape), the
  // same act is found by the audit.
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act duplicate{.kind = schema::roll::kMoveKind, .body = "", .fields = {}};
    duplicate.fields["date"] = Value::Text("2026-02-01");
    duplicate.fields["unit"] = Value::Text("atlantis");
    duplicate.fields["ids"] = Value::List({Value::Text("p1")});
    ASSERT_TRUE((*journal)->Append(duplicate).has_value());
  }
  CommandOutput audit = Sovet("verify --db " + Db());
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("register.move"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("\"atlantis\" is not a unit of the register"));
}

TEST_F(RegisterCliTest, ImportOnceAndGenerateMatchesTheCensusElectors) {
  // The example federation (charters/federation.toml): 32,935 members.
  const std::string charter = ShellQuote(SourcePath("charters/federation.toml"));
  const std::string census = ShellQuote(SourcePath("data/census/federation-example.csv"));
  const std::string db = ShellQuote("sqlite:" + dir_.File("f.db"));
  ASSERT_EQ(Sovet("init --db " + db + " --charter " + charter).exit_code, 0);
  const std::string persons = dir_.File("persons.csv");
  const std::string generate = "register generate --charter " + charter + " --census " + census +
                               " --seed 7 --on 2026-01-01 --out ";
  ASSERT_EQ(Sovet(generate + ShellQuote(persons)).exit_code, 0);
  ASSERT_EQ(Sovet(generate + ShellQuote(dir_.File("again.csv"))).exit_code, 0);
  EXPECT_EQ(ReadText(persons), ReadText(dir_.File("again.csv")));  // deterministic by seed
  CommandOutput import = Sovet("register import --db " + db + " --census " + census + " " +
                               ShellQuote(persons) + " --date 2026-01-02 --format json");
  ASSERT_EQ(import.exit_code, 0) << import.err;
  auto json = nlohmann::json::parse(import.out);
  EXPECT_EQ(json["persons"].get<std::int64_t>(), 32935);  // the census's members
  CommandOutput dockyard =
      Sovet("register roll --db " + db + " --unit dockyard --on 2026-07-04 --limit 2");
  EXPECT_EQ(dockyard.exit_code, 0);
  EXPECT_THAT(dockyard.out, HasSubstr("members: 3,100"));  // its census members
  EXPECT_THAT(dockyard.out, HasSubstr("more: --after p0000000002"));
  // The same file again: refused, naming what was imported.
  CommandOutput twice =
      Sovet("register import --db " + db + " " + ShellQuote(persons) + " --date 2026-01-03");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("already imported"));
  EXPECT_EQ(Sovet("verify --db " + db).exit_code, 0);
  EXPECT_EQ(Sovet("replay --db " + db).exit_code, 0);
}

TEST_F(RegisterCliTest, AnImportStoppedPartWayIsDetectedAndResumed) {
  ASSERT_EQ(Import("", "2026-01-01", true).exit_code, 0);  // records the census's units
  const std::string rows = std::string() + "r1," + kVillage + ",First Person,1970-01-01,\n" +
                           "r2," + kVillage + ",Second Person,1971-01-01,\n" + "r3," + kOther +
                           ",Third Person,1972-01-01,\n";
  const std::string file = dir_.Write("stopped.csv", "id,unit,name,birth_date,status\n" + rows);
  const std::string hex = [&] {
    std::FILE* pipe = ::popen(("sha256sum " + ShellQuote(file)).c_str(), "r");
    char buffer[65] = {};
    if (pipe != nullptr && std::fread(buffer, 1, 64, pipe) != 64) buffer[0] = 0;
    if (pipe != nullptr) ::pclose(pipe);
    return std::string(buffer);
  }();
  ASSERT_EQ(hex.size(), 64u);
  // The import's first act, as the import writes it, and then a crash.
  const std::string act =
      R"({"kind": "register.enter", "body": "", "fields": {"date": "2026-01-02", "unit": ")" +
      std::string(kVillage) +
      R"(", "ids": ["r1", "r2"], "names": ["First Person", "Second Person"], "birth_dates": ["1970-01-01", "1971-01-01"], "statuses": ["", ""], "workplaces": ["", ""], "import": ")" +
      hex + R"(", "row": 0, "rows": 3}})";
  ASSERT_EQ(RunSovet("journal append --json --db " + Db(), dir_.path(), {.stdin_text = act + "\n"})
                .exit_code,
            0);
  CommandOutput roll =
      Sovet("register roll --db " + Db() + " --unit " + kVillage + " --on 2026-01-02 --limit 0");
  EXPECT_EQ(roll.exit_code, 0);
  EXPECT_THAT(roll.err, HasSubstr("stopped part way"));
  CommandOutput again =
      Sovet("register import --db " + Db() + " " + ShellQuote(file) + " --date 2026-01-02");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("2 rows of it"));
  EXPECT_THAT(again.err, HasSubstr("--resume"));
  CommandOutput resumed = Sovet("register import --db " + Db() + " " + ShellQuote(file) +
                                " --date 2026-01-02 --resume --format json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  auto json = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(json["persons"].get<std::int64_t>(), 1);
  EXPECT_EQ(json["resumed_at_row"].get<std::int64_t>(), 2);
  EXPECT_TRUE(Has(Roll(kOther, "2026-01-02"), "r3"));
  roll = Sovet("register roll --db " + Db() + " --unit " + kVillage + " --on 2026-01-02");
  EXPECT_THAT(roll.err, Not(HasSubstr("stopped part way")));
  EXPECT_EQ(Sovet("replay --db " + Db()).exit_code, 0);
}

// doc/register.md's worked example, run as printed (from a copy of the
// repository's layout: charters/ and data/ beside it, `sovet` on the PATH),
// and the output it shows found in what it prints.
TEST_F(RegisterCliTest, TheWorkedExampleRunsAsPrinted) {
  const std::string doc = ReadText(SourcePath("doc/register.md"));
  const std::size_t section = doc.find("## Worked example");
  ASSERT_NE(section, std::string::npos);
  auto block = [&](const std::string& fence, std::size_t from, std::size_t* end) {
    const std::size_t open = doc.find("```" + fence + "\n", from);
    EXPECT_NE(open, std::string::npos) << fence;
    const std::size_t body = open + fence.size() + 4;
    const std::size_t close = doc.find("```\n", body);
    *end = close + 4;
    return doc.substr(body, close - body);
  };
  std::size_t end = 0;
  const std::string script = block("sh", section, &end);
  const std::string shown = block("text", end, &end);
  ScopedTempDir run_dir("sovet-register-example");
  std::filesystem::create_directory_symlink(SourcePath("charters"), run_dir.path() / "charters");
  std::filesystem::create_directory_symlink(SourcePath("data"), run_dir.path() / "data");
  std::filesystem::create_directory(run_dir.path() / "bin");
  std::filesystem::create_symlink(SOVET_BINARY, run_dir.path() / "bin" / "sovet");
  const std::string script_path = run_dir.Write("example.sh", script);
  const std::string command = "cd " + ShellQuote(run_dir.path().string()) +
                              " && PATH=" + ShellQuote((run_dir.path() / "bin").string()) +
                              ":\"$PATH\" sh -e example.sh > out.txt 2> err.txt";
  ASSERT_EQ(std::system(command.c_str()), 0) << ReadText(run_dir.path() / "err.txt");
  const std::string out = ReadText(run_dir.path() / "out.txt");
  std::size_t at = 0;
  for (std::size_t next; at < shown.size(); at = next + 1) {
    next = shown.find('\n', at);
    if (next == std::string::npos) next = shown.size();
    const std::string line = shown.substr(at, next - at);
    if (!line.empty()) EXPECT_THAT(out, HasSubstr(line + "\n"));
  }
}

}  // namespace
}  // namespace sovet::cli_test
