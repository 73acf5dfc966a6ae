// End-to-end: `sovet bodies create` and `sovet election` as an operator runs
// them (doc/operating.md) on the example federation: a nominee off the roll
// exits 2; the seats and term ends the mandates commission gives; an
// unlawful act is refused by `journal append` (exit 2) and, written around
// the engine, named by `sovet verify` (exit 3); two operators recording one
// election at once: one succeeds, the other exits 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "sovet/council.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class ElectionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Sovet("init --charter " + Source("charters/federation.toml")).exit_code, 0);
    ASSERT_EQ(Sovet("register import --census " + Source("data/census/federation-example.csv") +
                    " --date 2026-01-10 " + Source("data/register/federation-persons.csv"))
                  .exit_code,
              0);
    const CommandOutput bodies = Sovet("bodies create --format json --date 2026-01-10 --census " +
                                       Source("data/census/federation-example.csv"));
    ASSERT_EQ(bodies.exit_code, 0) << bodies.err;
    const auto json = nlohmann::json::parse(bodies.out);
    EXPECT_EQ(json["bodies"].get<int>(), 41);
    EXPECT_EQ(json["delegations"].get<int>(), 10);  // city, regional, general councils, congress
    ASSERT_EQ(Sovet("election call --date 2026-02-02 --body shop_committee:bakery --id bk "
                    "--held-on 2026-02-20")
                  .exit_code,
              0);
  }
  // Runs sovet on this test's journal.
  CommandOutput Sovet(const std::string& args) {
    const std::size_t space = args.find(' ');
    const std::string command = args.substr(0, space);
    std::string rest = space == std::string::npos ? "" : args.substr(space);
    // The subcommand (bodies create, election call, ...) before the flags.
    if (command == "election" || command == "bodies" || command == "register") {
      const std::size_t next = rest.find(' ', 1);
      return RunSovet(command + rest.substr(0, next) + " --db " + ShellQuote(db_) +
                          (next == std::string::npos ? "" : rest.substr(next)),
                      dir_.path());
    }
    return RunSovet(command + " --db " + ShellQuote(db_) + rest, dir_.path());
  }
  static std::string Source(const char* path) { return ShellQuote(SourcePath(path)); }
  std::string Hands(const std::string& rows) {
    return ShellQuote(dir_.Write("hands.csv", "person,hands\n" + rows));
  }

  ScopedTempDir dir_{"sovet-election-cli"};
  std::string db_;
};

TEST_F(ElectionCliTest, NomineeOffTheRollExits2AndWritesNothing) {
  const CommandOutput off = Sovet("election nominate --date 2026-02-05 --id bk bk-001 fy-001");
  EXPECT_EQ(off.exit_code, 2);
  EXPECT_THAT(off.err, HasSubstr("fy-001 is not an elector on the roll of bakery on 2026-02-20"));
  const CommandOutput show = Sovet("election show --id bk --format json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(nlohmann::json::parse(show.out)["nominees"].empty());
  // The bodies of a census are created once.
  const CommandOutput again = Sovet("bodies create --date 2026-01-10 --census " +
                                    Source("data/census/federation-example.csv"));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already created"));
}

TEST_F(ElectionCliTest, VerifySeatsTheElectedUntilTheirTermEnds) {
  ASSERT_EQ(Sovet("election nominate --date 2026-02-05 --id bk bk-001 bk-002 bk-003 bk-004")
                .exit_code,
            0);
  // More present than the bakery's roll: refused.
  const CommandOutput crowd = Sovet("election record --date 2026-02-20 --id bk --present 21 "
                                    "--hands " +
                                    Hands("bk-001,12\nbk-002,9\nbk-003,8\nbk-004,4\n"));
  EXPECT_EQ(crowd.exit_code, 2);
  EXPECT_THAT(crowd.err, HasSubstr("cannot exceed the electors"));
  const CommandOutput record = Sovet("election record --date 2026-02-20 --id bk --present 15 "
                                     "--format json --hands " +
                                     Hands("bk-001,12\nbk-002,9\nbk-003,8\nbk-004,4\n"));
  ASSERT_EQ(record.exit_code, 0) << record.err;
  EXPECT_EQ(nlohmann::json::parse(record.out)["elected"],
            nlohmann::json::parse(R"(["bk-001","bk-002","bk-003"])"));
  const CommandOutput verify = Sovet("election verify --date 2026-02-23 --id bk --format json");
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  // The federation's terms: 12 months from the election day.
  EXPECT_EQ(nlohmann::json::parse(verify.out)["term_ends"], "2027-02-20");
  const auto show = nlohmann::json::parse(Sovet("election show --id bk --format json").out);
  ASSERT_EQ(show["seated"].size(), 3u);
  EXPECT_EQ(show["seated"][2]["seat"], 3);
  EXPECT_EQ(show["seated"][2]["person"], "bk-003");
  EXPECT_EQ(show["seated"][2]["term_ends"], "2027-02-20");
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  EXPECT_THAT(Sovet("replay").out, HasSubstr("exactly the projection"));
}

TEST_F(ElectionCliTest, UnlawfulActRefusedByAppendAndNamedByVerify) {
  ASSERT_EQ(Sovet("election nominate --date 2026-02-05 --id bk bk-001 bk-002 bk-003 bk-004")
                .exit_code,
            0);
  // bk-004 had the fewest hands: a record electing them is not the count.
  const std::string forged =
      R"({"kind": "election.record", "body": "shop_committee:bakery", "fields": {"date": )"
      R"("2026-02-20", "election": "bk", "candidates": ["bk-001", "bk-002", "bk-003", "bk-004"],)"
      R"( "vote": "open", "present": 15, "hands": [12, 9, 8, 4], "seed": 0, "elected": )"
      R"(["bk-001", "bk-002", "bk-004"]}})";
  const CommandOutput refused =
      RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
               {.stdin_text = forged + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("the recount (most hands) elects [bk-001, bk-002, bk-003]"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    // Written around the engine (the journal checks only an act's shape).
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act act{.kind = schema::council::kElectionRecordKind, .body = "shop_committee:bakery",
            .fields = {}};
    act.fields["date"] = Value::Text("2026-02-20");
    act.fields["election"] = Value::Text("bk");
    act.fields["candidates"] = Value::List({Value::Text("bk-001"), Value::Text("bk-002"),
                                            Value::Text("bk-003"), Value::Text("bk-004")});
    act.fields["vote"] = Value::Text("open");
    act.fields["present"] = Value::Integer(15);
    act.fields["hands"] = Value::List(
        {Value::Integer(12), Value::Integer(9), Value::Integer(8), Value::Integer(4)});
    act.fields["seed"] = Value::Integer(0);
    act.fields["elected"] =
        Value::List({Value::Text("bk-001"), Value::Text("bk-002"), Value::Text("bk-004")});
    ASSERT_TRUE((*journal)->Append(act).has_value());
  }
  const CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("election.record"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("the recount (most hands) elects"));
}

TEST_F(ElectionCliTest, TwoOperatorsRecordingOneElectionOneWins) {
  ASSERT_EQ(Sovet("election nominate --date 2026-02-05 --id bk bk-001 bk-002 bk-003 bk-004")
                .exit_code,
            0);
  const std::string hands = Hands("bk-001,12\nbk-002,9\nbk-003,8\nbk-004,4\n");
  const std::string record = std::string(SOVET_BINARY) + " election record --db " +
                             ShellQuote(db_) + " --date 2026-02-20 --id bk --present 15 --hands " +
                             hands;
  const std::string both = "cd " + ShellQuote(dir_.path().string()) + "; (" + record +
                           " >a.out 2>a.err; echo $? >a.rc) & (" + record +
                           " >b.out 2>b.err; echo $? >b.rc) & wait";
  ASSERT_EQ(std::system(("sh -c " + ShellQuote(both)).c_str()), 0);
  std::vector<int> codes = {std::stoi(ReadText(dir_.path() / "a.rc")),
                            std::stoi(ReadText(dir_.path() / "b.rc"))};
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<int>{0, 2}))
      << ReadText(dir_.path() / "a.err") << ReadText(dir_.path() / "b.err");
  EXPECT_THAT(ReadText(dir_.path() / "a.err") + ReadText(dir_.path() / "b.err"),
              HasSubstr("already recorded"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
}

}  // namespace
}  // namespace sovet::cli_test
