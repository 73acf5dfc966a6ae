// End-to-end: `sovet recall` as an operator runs it (doc/operating.md
// "Recall"). Every refusal exits 2 naming its rule and writes nothing; an
// unlawful recall act is refused by `journal append` (exit 2) and, written
// around the engine, named by `sovet verify` (exit 3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/council.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class RecallCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Sovet("init --charter " + ShellQuote(SourcePath("charters/federation.toml")))
                  .exit_code,
              0);
    const std::string persons =
        dir_.Write("persons.csv",
                   "id,unit,name,birth_date,status\n"
                   "m1,dockyard,Ada,1990-01-01,\nm2,dockyard,Kofi,1990-01-01,\n"
                   "m3,ferries,Ines,1990-01-01,\n");
    ASSERT_EQ(Sovet("register import --census " +
                    ShellQuote(SourcePath("data/census/federation-example.csv")) +
                    " --date 2026-01-10 " + ShellQuote(persons))
                  .exit_code,
              0);
  }
  // Runs sovet in the test's directory on its journal (sqlite:f.db there).
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args + " --db " + ShellQuote(db_), dir_.path());
  }
  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --format json");
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }

  ScopedTempDir dir_{"sovet-recall-cli"};
  std::string db_;
};

TEST_F(RecallCliTest, EveryRefusalExitsTwoNamingTheRuleAndWritesNothing) {
  const std::int64_t before = Entries();
  struct Case {
    std::string args, rule;
  };
  for (const Case& c : {
           Case{"recall open --petition p1 --body works_council:dockyard --seat 1 --date "
                "2026-02-01",
                "seat 1 of works_council:dockyard is not held by anyone"},
           Case{"recall open --petition p1 --body works_council:dockyard --seat 1 --date "
                "2026-01-09",
                "before the journal's latest dated act"},
           Case{"recall sign --petition nope --person m1 --date 2026-02-01",
                "petition \"nope\" is not opened"},
           Case{"recall sign --petition nope --date 2026-02-01", "no signer given"},
           Case{"recall vote --petition nope --for 1 --against 0 --date 2026-02-01",
                "petition \"nope\" is not opened"},
           Case{"recall open --petition p1 --body works_council:dockyard --seat 1 --date 2026-13-01",
                "--date"},
       }) {
    CommandOutput run = Sovet(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(c.rule)) << c.args;
  }
  EXPECT_EQ(Entries(), before);
  CommandOutput show = Sovet("recall show --format json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(nlohmann::json::parse(show.out)["petitions"].empty());
}

TEST_F(RecallCliTest, AForgedActIsRefusedByAppendAndNamedByVerify) {
  const std::string act =
      R"({"kind": "recall.open", "body": "works_council:dockyard", "fields": {"date": "2026-02-01", )"
      R"("petition": "forged", "seat": 1, "person": "m1", "roll": 2, "needed": 1}})";
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("is not held by anyone"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act forged{.kind = schema::council::kRecallOpenKind,
               .body = "works_council:dockyard",
               .fields = {}};
    forged.fields["date"] = Value::Text("2026-02-01");
    forged.fields["petition"] = Value::Text("forged");
    forged.fields["seat"] = Value::Integer(1);
    forged.fields["person"] = Value::Text("m1");
    forged.fields["roll"] = Value::Integer(2);
    forged.fields["needed"] = Value::Integer(1);
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("recall.open"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("is not held by anyone"));
}

}  // namespace
}  // namespace sovet::cli_test
