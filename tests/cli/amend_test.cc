// `sovet charter amend|show|history` end to end on the example federation
// (doc/charter_format.md "Amending the charter"): an amendment by a body
// other than the Congress and an invalid new charter refused with nothing
// written; the text in force by date; replay and verify before and after;
// a forged amendment written around the engine named by verify (exit 3);
// two operators amending at once; the genesis charter file still opening
// the journal after an amendment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/charter_history.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class AmendCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Sovet("init --charter " + ShellQuote(Genesis())).exit_code, 0);
    const std::string census = ShellQuote(SourcePath("data/census/federation-example.csv"));
    const std::string persons =
        dir_.Write("persons.csv", "id,unit,name,birth_date,status\nm1,dockyard,Ada,1990-01-01,\n");
    CommandOutput imported =
        Sovet("register import --census " + census + " --date 2026-01-10 " + persons);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    CommandOutput created = Sovet("bodies create --census " + census + " --date 2026-01-10");
    ASSERT_EQ(created.exit_code, 0) << created.err;
    // The recall threshold 1/5 becomes 1/4.
    std::string text = ReadText(Genesis());
    const std::string from = "petition_den = 5";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "petition_den = 4");
    quarter_ = dir_.Write("quarter.toml", text);
  }
  static std::string Genesis() { return SourcePath("charters/federation.toml"); }
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args + " --db " + ShellQuote(db_), dir_.path());
  }
  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --format json");
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }
  std::string Amend(const std::string& file, const std::string& more = "") {
    return "charter amend --file " + ShellQuote(file) +
           " --date 2026-02-01 --effective 2026-03-01 " + more;
  }

  ScopedTempDir dir_{"sovet-amend-cli"};
  std::string db_;
  std::string quarter_;
};

TEST_F(AmendCliTest, OnlyTheCongressAmendsAndNothingIsWritten) {
  const std::int64_t before = Entries();
  CommandOutput run = Sovet(Amend(quarter_, "--body executive:fed"));
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr("executive:fed may not amend the charter"));
  EXPECT_THAT(run.err, HasSubstr("001:146"));
  EXPECT_EQ(Entries(), before);
}

TEST_F(AmendCliTest, AnInvalidCharterIsRefusedWithItsLineAndColumn) {
  const std::int64_t before = Entries();
  std::string text = ReadText(quarter_);
  text.replace(text.find("petition_den = 4"), 16, "petition_den = 0");
  const std::string bad = dir_.Write("bad.toml", text);
  CommandOutput run = Sovet(Amend(bad));
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, ::testing::ContainsRegex("bad\\.toml:[0-9]+:[0-9]+"));
  // A change to the tiers is refused naming the key.
  std::string tiers = ReadText(quarter_);
  tiers.replace(tiers.find("eligible = \"members\""), 20, "eligible = \"electors\"");
  CommandOutput moved = Sovet(Amend(dir_.Write("tiers.toml", tiers)));
  EXPECT_EQ(moved.exit_code, 2) << moved.err;
  EXPECT_THAT(moved.err, HasSubstr("body[2].eligible: an amendment may not change"));
  EXPECT_EQ(Entries(), before);
}

TEST_F(AmendCliTest, TheTextInForceGoesByDateAndReplayAndVerifyHold) {
  ASSERT_EQ(Sovet("replay").exit_code, 0);
  CommandOutput amended = Sovet(Amend(quarter_, "--format json"));
  ASSERT_EQ(amended.exit_code, 0) << amended.err;
  auto json = nlohmann::json::parse(amended.out);
  EXPECT_EQ(json["number"], 1);
  EXPECT_EQ(json["body"], "congress:fed");
  EXPECT_EQ(json["effective"], "2026-03-01");
  CommandOutput before = Sovet("charter show --on 2026-02-28");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.out, ReadText(Genesis()));
  CommandOutput after = Sovet("charter show --on 2026-03-01 --format json");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(nlohmann::json::parse(after.out)["text"], ReadText(quarter_));
  CommandOutput history = Sovet("charter history --format json");
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto list = nlohmann::json::parse(history.out)["amendments"];
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0]["replaces"], nlohmann::json::parse(history.out)["genesis"]["charter_sha256"]);
  EXPECT_EQ(Sovet("replay").exit_code, 0);
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  // The genesis file still opens the journal, and says what is in force;
  // the amended file opens it too; any other file is refused.
  CommandOutput genesis = Sovet("charter history --charter " + ShellQuote(Genesis()));
  EXPECT_EQ(genesis.exit_code, 0) << genesis.err;
  EXPECT_THAT(genesis.err, HasSubstr("amendment, 1"));
  CommandOutput current = Sovet("charter history --charter " + ShellQuote(quarter_));
  EXPECT_EQ(current.exit_code, 0) << current.err;
  std::string other = ReadText(quarter_) + "\n# another\n";
  CommandOutput stranger = Sovet("charter history --charter " + dir_.Write("other.toml", other));
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_THAT(stranger.err, HasSubstr("is none of its charters"));
}

TEST_F(AmendCliTest, AForgedAmendmentIsRefusedByAppendAndNamedByVerify) {
  const std::string forged_text = ReadText(quarter_);
  nlohmann::json act = {{"kind", "charter.amend"},
                        {"body", "congress:fed"},
                        {"fields",
                         {{"date", "2026-02-01"},
                          {"effective", "2026-03-01"},
                          {"number", 1},
                          {"replaces", {{"$bytes", std::string(64, '0')}}},
                          {"charter_id", "federation"},
                          {"charter_sha256", {{"$bytes", std::string(64, '0')}}},
                          {"text", forged_text}}}};
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act.dump() + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    auto genesis = LoadCharter(Genesis());
    auto parsed = ParseCharter(forged_text, "quarter.toml");
    ASSERT_TRUE(genesis.has_value() && parsed.has_value());
    Act forged = CharterAmendAct("congress:fed", Date::Parse("2026-02-01").value(),
                                 Date::Parse("2026-03-01").value(), 1, *genesis, *parsed,
                                 forged_text);
    // The text is altered after its hash was recorded.
    forged.fields["text"] = Value::Text(forged_text + "# altered\n");
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("charter.amend"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("the text's SHA-256 is"));
}

TEST_F(AmendCliTest, TwoOperatorsAmendAtOnceAndOneIsRefused) {
  const std::string command = Amend(quarter_);
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
  CommandOutput history = Sovet("charter history --format json");
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(nlohmann::json::parse(history.out)["amendments"].size(), 1U);
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  EXPECT_EQ(Sovet("replay").exit_code, 0);
}

}  // namespace
}  // namespace sovet::cli_test
