// End-to-end: `sovet session` and `sovet motion` as an operator runs them
// (doc/decisions.md) on the example federation's bakery, whose shop
// committee of three (bk-001..003) sits with a quorum of two. Every refusal
// exits 2 naming its rule and writes nothing; a forged act is refused by
// `journal append --json` (exit 2) and, written around the engine, named by
// `sovet verify` (exit 3).
#include <fmt/format.h>
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

class MotionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Run("init --charter " + Source("charters/federation.toml")).exit_code, 0);
    for (const std::string& args :
         {"register import --census " + Source("data/census/federation-example.csv") +
              " --date 2026-01-10 " + Source("data/register/federation-persons.csv"),
          "bodies create --date 2026-01-10 --census " +
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
    text_ = dir_.Write("text.txt", "The bakery's shop committee asks for a second oven.\n");
  }
  // Runs sovet on this test's journal (`--db` after the subcommand).
  CommandOutput Run(const std::string& args) {
    std::size_t at = args.find(' ');
    if (args.starts_with("election ") || args.starts_with("bodies ") ||
        args.starts_with("register ") || args.starts_with("session ") ||
        args.starts_with("motion ") || args.starts_with("journal ")) {
      at = args.find(' ', at + 1);
    }
    const std::string head = at == std::string::npos ? args : args.substr(0, at);
    const std::string tail = at == std::string::npos ? "" : args.substr(at);
    return RunSovet(head + " --db " + ShellQuote(db_) + tail, dir_.path());
  }
  nlohmann::json Json(const std::string& args) {
    const CommandOutput run = Run(args + " --format json");
    EXPECT_EQ(run.exit_code, 0) << args << "\n" << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  }
  void Refused(const std::string& args, const std::string& rule) {
    const std::int64_t before = Entries();
    const CommandOutput run = Run(args);
    EXPECT_EQ(run.exit_code, 2) << args << "\n" << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr(rule)) << args;
    EXPECT_EQ(Entries(), before) << args << ": nothing written";
  }
  std::int64_t Entries() {
    const CommandOutput run = Run("verify --format json");
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }
  static std::string Source(const char* path) { return ShellQuote(SourcePath(path)); }

  ScopedTempDir dir_{"sovet-motion-cli"};
  std::string db_;
  std::string text_;
};

TEST_F(MotionCliTest, ASittingPassesAMotionByItsRuleAndRefusesWhatTheRulesForbid) {
  Refused("session open --date 2026-03-02 --body works_council:dockyard", "has no seated member");
  const auto opened = Json("session open --date 2026-03-02 --body shop_committee:bakery");
  const std::int64_t sitting = opened["sitting"].get<std::int64_t>();
  EXPECT_EQ(opened["seated"], 3);
  EXPECT_EQ(opened["quorum"], 2);
  Refused("session attend --date 2026-03-02 --sitting " + std::to_string(sitting) + " rw-001",
          "rw-001 holds no seat in shop_committee:bakery");
  Json("session attend --date 2026-03-02 --sitting " + std::to_string(sitting) + " bk-001");
  const std::string put = fmt::format(
      "motion put --date 2026-03-02 --sitting {} --title 'A second oven' --text {}", sitting,
      ShellQuote(text_));
  Refused(put + " --kind resolution", "no quorum: 1 members present of 3 seated, 2 needed");
  Json("session attend --date 2026-03-02 --sitting " + std::to_string(sitting) + " bk-002");
  Refused(put + " --kind rules_amendment", "motions.rules_amendment.reserved_to");
  Refused(put + " --kind agreement", "charter key competence");
  Refused(put + " --kind resolution --scope rope-works", "outside shop_committee:bakery's territory");
  const auto motion = Json(put + " --kind resolution");
  const std::string id = std::to_string(motion["motion"].get<std::int64_t>());
  EXPECT_EQ(motion["text_stored"], true);
  EXPECT_EQ(motion["scope"], nlohmann::json::array({"bakery"}));
  Refused("motion vote --date 2026-03-02 --motion " + id + " --for bk-003",
          "bk-003 is not recorded present");
  Json("motion vote --date 2026-03-02 --motion " + id + " --for bk-001");
  Refused("motion vote --date 2026-03-02 --motion " + id + " --against bk-001",
          "bk-001 has already voted");
  Json("motion vote --date 2026-03-02 --motion " + id + " --against bk-002");
  Refused("session close --date 2026-03-02 --sitting " + std::to_string(sitting), "still open");
  const auto tie = Json("motion close --date 2026-03-02 --motion " + id);
  EXPECT_EQ(tie["result"], "rejected");  // 1 for, 1 against: no majority of the votes cast

  // A call for industrial action: unanimity, abstentions allowed.
  const auto strike = Json(put + " --kind strike_call");
  const std::string strike_id = std::to_string(strike["motion"].get<std::int64_t>());
  const std::string sheet = dir_.Write("sheet.txt", "bk-001 for\nbk-002 abstain\n");
  const auto voted = Json("motion vote --date 2026-03-03 --motion " + strike_id + " --file " +
                          ShellQuote(sheet));
  EXPECT_EQ(voted["recorded"], 2);
  const auto adopted = Json("motion close --date 2026-03-03 --motion " + strike_id);
  EXPECT_EQ(adopted["result"], "adopted");
  EXPECT_EQ(adopted["number"], 1);
  EXPECT_EQ(adopted["status"], "in_force");
  Json("session close --date 2026-03-03 --sitting " + std::to_string(sitting));

  const auto list = Json("motion list --body shop_committee:bakery");
  ASSERT_EQ(list["motions"].size(), 2u);
  EXPECT_EQ(list["motions"][1]["stage"], "adopted");
  const auto show = Json("motion show --motion " + strike_id);
  EXPECT_EQ(show["votes"]["bk-002"], "abstain");
  EXPECT_THAT(show["text"].get<std::string>(), HasSubstr("second oven"));
  EXPECT_EQ(Run("verify").exit_code, 0);
  EXPECT_EQ(Run("replay").exit_code, 0);
}

TEST_F(MotionCliTest, AForgedActIsRefusedByAppendAndNamedByVerify) {
  const auto opened = Json("session open --date 2026-03-02 --body shop_committee:bakery");
  const std::int64_t sitting = opened["sitting"].get<std::int64_t>();
  const std::string act = fmt::format(
      R"({{"kind": "session.attend", "body": "shop_committee:bakery", "fields": {{"date": )"
      R"("2026-03-02", "sitting": {}, "persons": ["rw-001"]}}}})",
      sitting);
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("rw-001 holds no seat"));
  EXPECT_EQ(Run("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act forged{.kind = schema::council::kSessionAttendKind,
               .body = "shop_committee:bakery",
               .fields = {}};
    forged.fields["date"] = Value::Text("2026-03-02");
    forged.fields["sitting"] = Value::Integer(sitting);
    forged.fields["persons"] = Value::List({Value::Text("rw-001")});
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Run("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("session.attend"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("rw-001 holds no seat"));
}

}  // namespace
}  // namespace sovet::cli_test
