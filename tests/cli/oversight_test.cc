// End-to-end: `sovet act` and `sovet appeal` as an operator runs them
// (doc/oversight.md). Every refusal exits 2 naming its rule and writes
// nothing; an unlawful oversight act is refused by `journal append --json`
// (exit 2) and, written around the engine, named by `sovet verify` (exit 3).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/oversight.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class OversightCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Sovet("init --charter " + ShellQuote(SourcePath("charters/federation.toml")))
                  .exit_code,
              0);
    const std::string persons = dir_.Write(
        "persons.csv", "id,unit,name,birth_date,status\nm1,dockyard,Ada,1990-01-01,\n");
    ASSERT_EQ(Sovet("register import --census " +
                    ShellQuote(SourcePath("data/census/federation-example.csv")) +
                    " --date 2026-01-10 " + ShellQuote(persons))
                  .exit_code,
              0);
  }
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args + " --db " + ShellQuote(db_), dir_.path());
  }
  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --format json");
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }

  ScopedTempDir dir_{"sovet-oversight-cli"};
  std::string db_;
};

TEST_F(OversightCliTest, EveryRefusalExitsTwoNamingTheRuleAndWritesNothing) {
  const std::int64_t before = Entries();
  struct Case {
    std::string args, rule;
  };
  for (const Case& c : {
           Case{"act annul --by executive:federation --act 2 --date 2026-02-01",
                "act.annul: entry 2 is no adopted decision"},
           Case{"act suspend --by executive:federation --act 2 --date 2026-02-01 --format json",
                "act.suspend: entry 2 is no adopted decision"},
           Case{"act lift --by executive:federation --act 2 --date 2026-02-01",
                "act.lift: entry 2 is no adopted decision"},
           Case{"act approve --by executive:federation --act 2 --date 2026-02-01",
                "act.approve: entry 2 is no adopted decision"},
           Case{"act annul --by executive:federation --act 2 --date 2026-01-09",
                "before the journal's latest dated act"},
           Case{"act annul --by executive:federation --act 2 --date 2026-13-01", "--date"},
           Case{"appeal lodge --appeal a1 --act 2 --appellant m1 --to city_council:harbour "
                "--date 2026-02-01",
                "appeal.lodge: entry 2 is no adopted decision"},
           Case{"appeal decide --appeal nope --outcome upheld --date 2026-02-01",
                "appeal \"nope\" is not lodged"},
           Case{"appeal decide --appeal nope --outcome quashed --by congress:federation --date "
                "2026-02-01",
                "\"upheld\", \"annulled\" or \"amended\""},
           Case{"act show --status abolished", "unknown status \"abolished\""},
           Case{"appeal show --appeal nope", "appeal \"nope\" is not lodged"},
       }) {
    CommandOutput run = Sovet(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(c.rule)) << c.args;
  }
  EXPECT_EQ(Entries(), before);
  CommandOutput show = Sovet("act show --format json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(nlohmann::json::parse(show.out)["decisions"].empty());
  CommandOutput list = Sovet("appeal list --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(nlohmann::json::parse(list.out)["appeals"].empty());
}

TEST_F(OversightCliTest, AForgedAnnulmentIsRefusedByAppendAndNamedByVerify) {
  const std::string act =
      R"({"kind": "act.annul", "body": "executive:federation", "fields": {"date": "2026-02-01", )"
      R"("act": 2}})";
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("entry 2 is no adopted decision"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act forged{.kind = schema::oversight::kAnnulKind, .body = "executive:federation", .fields = {}};
    forged.fields["date"] = Value::Text("2026-02-01");
    forged.fields["act"] = Value::Integer(2);
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("act.annul"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("entry 2 is no adopted decision"));
}

}  // namespace
}  // namespace sovet::cli_test
