// End-to-end: `sovet recall` as an operator runs it (doc/operating.md
// "Recall"). Every refusal exits 2 naming its rule and writes nothing; an
// unlawful recall act is refused by `journal append` (exit 2) and, written
// around the engine, named by `sovet verify` (exit 3). On the example
// federation's bakery: a fifth of the roll exactly and one signature short,
// a signer twice or off the roll, the recall and its by-election, and two
// operators signing for one elector at once.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
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


// The example federation's bakery elects its shop committee (bk-001..003 in
// seats 1..3; doc/operating.md), then its electors recall bk-001.
class RecallFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Run("init --charter " + Source("charters/federation.toml")).exit_code, 0);
    ASSERT_EQ(Run("register import --census " + Source("data/census/federation-example.csv") +
                  " --date 2026-01-10 " + Source("data/register/federation-persons.csv"))
                  .exit_code,
              0);
    for (const std::string& args :
         {"bodies create --date 2026-01-10 --census " +
              Source("data/census/federation-example.csv"),
          std::string("election call --date 2026-02-02 --body shop_committee:bakery --id bk "
                      "--held-on 2026-02-20"),
          std::string("election nominate --date 2026-02-05 --id bk bk-001 bk-002 bk-003 bk-004"),
          "election record --date 2026-02-20 --id bk --present 15 --hands " +
              ShellQuote(dir_.Write("hands.csv",
                                    "person,hands\nbk-001,12\nbk-002,9\nbk-003,8\nbk-004,4\n")),
          std::string("election verify --date 2026-02-23 --id bk")}) {
      const CommandOutput run = Run(args);
      ASSERT_EQ(run.exit_code, 0) << args << "\n" << run.err;
    }
  }
  // Runs sovet on this test's journal (`--db` after the subcommand).
  CommandOutput Run(const std::string& args) {
    std::size_t at = args.find(' ');
    if (args.starts_with("election ") || args.starts_with("bodies ") ||
        args.starts_with("register ") || args.starts_with("recall ")) {
      at = args.find(' ', at + 1);
    }
    const std::string head = at == std::string::npos ? args : args.substr(0, at);
    const std::string tail = at == std::string::npos ? "" : args.substr(at);
    return RunSovet(head + " --db " + ShellQuote(db_) + tail, dir_.path());
  }
  static std::string Source(const char* path) { return ShellQuote(SourcePath(path)); }
  nlohmann::json Petition(const std::string& id) {
    const CommandOutput show = Run("recall show --format json --petition " + id);
    EXPECT_EQ(show.exit_code, 0) << show.err;
    return nlohmann::json::parse(show.out)["petitions"][0];
  }

  ScopedTempDir dir_{"sovet-recall-flow"};
  std::string db_;
};

TEST_F(RecallFlowTest, ThePetitionReachesItsFifthAndTheVoteRecallsAndCallsTheByElection) {
  const CommandOutput open = Run("recall open --format json --date 2026-03-02 --petition r1 "
                                 "--body shop_committee:bakery --person bk-001");
  ASSERT_EQ(open.exit_code, 0) << open.err;
  const auto opened = nlohmann::json::parse(open.out);
  const std::int64_t roll = opened["roll"].get<std::int64_t>();
  const std::int64_t needed = opened["needed"].get<std::int64_t>();
  EXPECT_EQ(opened["seat"], 1);
  // recall.petition_num/den = 1/5 in the federation's charter.
  EXPECT_GE(needed * 5, roll);
  EXPECT_LT((needed - 1) * 5, roll);
  ASSERT_GE(needed, 2);
  // One short of the fifth: the vote is not yet due.
  std::string signers;
  for (std::int64_t idx = 0; idx < needed - 1; ++idx) {
    signers += fmt::format("bk-{:03d}\n", idx + 5);
  }
  ASSERT_EQ(Run("recall sign --date 2026-03-03 --petition r1 --file " +
                ShellQuote(dir_.Write("signers.txt", signers)))
                .exit_code,
            0);
  EXPECT_EQ(Petition("r1")["stage"], "open");
  const CommandOutput early = Run("recall vote --date 2026-03-04 --petition r1 --for 9 --against 2");
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_THAT(early.err, HasSubstr("signatures of the"));
  // Twice, off the roll: refused by name, nothing written.
  const CommandOutput twice = Run("recall sign --date 2026-03-04 --petition r1 --person bk-005");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("person \"bk-005\" has already signed"));
  const CommandOutput off = Run("recall sign --date 2026-03-04 --petition r1 bk-019 rw-001");
  EXPECT_EQ(off.exit_code, 2);
  EXPECT_THAT(off.err, HasSubstr("person \"rw-001\" is not an elector on the roll of \"bakery\""));
  EXPECT_EQ(Petition("r1")["signatures"], needed - 1);
  ASSERT_EQ(Run("recall sign --date 2026-03-04 --petition r1 bk-019").exit_code, 0);
  EXPECT_EQ(Petition("r1")["stage"], "vote_due");
  const CommandOutput vote = Run("recall vote --format json --date 2026-03-09 --petition r1 "
                                 "--for 9 --against 4 --by-election bk-by --by-election-on "
                                 "2026-03-20");
  ASSERT_EQ(vote.exit_code, 0) << vote.err;
  EXPECT_EQ(nlohmann::json::parse(vote.out)["result"], "recalled");
  EXPECT_EQ(Petition("r1")["stage"], "recalled");
  const CommandOutput by = Run("election show --format json --id bk-by");
  ASSERT_EQ(by.exit_code, 0) << by.err;
  EXPECT_EQ(nlohmann::json::parse(by.out)["stage"], "called");
  // The by-election fills seat 1 by the elections' own commands.
  ASSERT_EQ(Run("election nominate --date 2026-03-10 --id bk-by bk-004 bk-006").exit_code, 0);
  EXPECT_EQ(Run("verify").exit_code, 0);
  EXPECT_EQ(Run("replay").exit_code, 0);
}

TEST_F(RecallFlowTest, TwoOperatorsSigningOneElectorAtOnceOneSucceeds) {
  ASSERT_EQ(Run("recall open --date 2026-03-02 --petition r1 --body shop_committee:bakery "
                "--seat 2")
                .exit_code,
            0);
  const std::string command = "recall sign --date 2026-03-03 --petition r1 bk-007";
  // Two processes at once, each with its own read of the journal.
  const std::string both = "(" + std::string(SOVET_BINARY) + " " + command + " --db " +
                           ShellQuote(db_) + " >a.out 2>a.err; echo $? >a.rc) & (" +
                           SOVET_BINARY + " " + command + " --db " + ShellQuote(db_) +
                           " >b.out 2>b.err; echo $? >b.rc) & wait";
  ASSERT_EQ(
      std::system(("cd " + ShellQuote(dir_.path().string()) + " && { " + both + "; }").c_str()), 0);
  const std::string a = ReadText(dir_.File("a.rc"));
  const std::string b = ReadText(dir_.File("b.rc"));
  EXPECT_EQ((a == "0\n") + (b == "0\n"), 1) << a << b;
  EXPECT_EQ((a == "2\n") + (b == "2\n"), 1) << a << b << ReadText(dir_.File("a.err"))
                                            << ReadText(dir_.File("b.err"));
  EXPECT_THAT(ReadText(dir_.File("a.err")) + ReadText(dir_.File("b.err")),
              HasSubstr("\"bk-007\" has already signed"));
  EXPECT_EQ(Petition("r1")["signatures"], 1);
  EXPECT_EQ(Run("verify").exit_code, 0);
}

}  // namespace
}  // namespace sovet::cli_test
