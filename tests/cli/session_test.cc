// End-to-end: `sovet demand`, `sovet convene`, `sovet due`, `sovet history`
// and `sovet report --at` on the example federation (doc/operating.md
// "Terms, sessions and what is due"). Demands counted by the union of the
// territories (a region and a city inside it: once); a convocation short of
// the charter's share exits 2 naming the rule and writes nothing; an
// unlawful act is refused by `journal append` (exit 2) and, written around
// the engine, named by `sovet verify` (exit 3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class SessionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("s.db");
    ASSERT_EQ(Sovet("init --db " + Db() + " --charter " +
                    ShellQuote(SourcePath("charters/federation.toml")))
                  .exit_code,
              0);
    for (const char* body : {"congress:fed", "executive:fed", "regional_council:north",
                             "regional_council:south", "city_council:harbour",
                             "city_council:millbrook", "city_council:capital"}) {
      const std::string act =
          std::string(R"({"kind": "body.create", "body": ")") + body + R"(", "fields": {"seats": 5}})";
      ASSERT_EQ(RunSovet("journal append --json --db " + Db(), dir_.path(),
                         {.stdin_text = act + "\n"})
                    .exit_code,
                0);
    }
  }
  CommandOutput Sovet(const std::string& args) { return RunSovet(args, dir_.path()); }
  std::string Db() const { return ShellQuote(db_); }
  CommandOutput Demand(const std::string& by, const std::string& date) {
    return Sovet("demand --db " + Db() + " --by " + by + " --date " + date + " --census " +
                 ShellQuote(SourcePath("data/census/federation-example.csv")));
  }
  CommandOutput ConveneOnDemand(const std::string& date) {
    return Sovet("convene --db " + Db() + " --date " + date + " --opens " + date +
                 " --extraordinary --initiative demands --format json");
  }
  std::int64_t Entries() {
    auto json = nlohmann::json::parse(Sovet("verify --db " + Db() + " --format json").out, nullptr,
                                      false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }

  ScopedTempDir dir_{"sovet-session-cli"};
  std::string db_;
};

TEST_F(SessionCliTest, DemandsCountTheUnionOfTerritoriesAndConveneAtTheCharterShare) {
  // 47,110 members in the federation; 1/4 is 11,777.5 (convocation.extraordinary_share_*).
  ASSERT_EQ(Demand("city_council:harbour", "2026-03-01").exit_code, 0);  // 5,265
  CommandOutput north = Demand("regional_council:north", "2026-03-02");  // 7,595, harbour inside
  ASSERT_EQ(north.exit_code, 0) << north.err;
  EXPECT_THAT(north.out, HasSubstr("hold 7595 of 47110"));
  const std::int64_t before = Entries();
  CommandOutput short_of = ConveneOnDemand("2026-03-03");
  EXPECT_EQ(short_of.exit_code, 2);
  EXPECT_THAT(short_of.err, HasSubstr("7595 of 47110"));
  EXPECT_THAT(short_of.err, HasSubstr("001:144"));
  EXPECT_EQ(Entries(), before);  // nothing written
  // A repeat demand is a conflict.
  CommandOutput again = Demand("city_council:harbour", "2026-03-03");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already demands"));

  ASSERT_EQ(Demand("city_council:capital", "2026-03-04").exit_code, 0);  // 24,115
  CommandOutput due = Sovet("due --db " + Db() + " --on 2026-03-04 --format json");
  ASSERT_EQ(due.exit_code, 0) << due.err;
  auto items = nlohmann::json::parse(due.out)["due"];
  bool extraordinary = false;
  for (const auto& item : items) {
    if (item["what"] == "extraordinary_session") {
      extraordinary = true;
      EXPECT_THAT(item["detail"].get<std::string>(), HasSubstr("31710 of 47110"));
    }
  }
  EXPECT_TRUE(extraordinary) << due.out;
  CommandOutput convened = ConveneOnDemand("2026-03-05");
  ASSERT_EQ(convened.exit_code, 0) << convened.err;
  auto json = nlohmann::json::parse(convened.out);
  EXPECT_EQ(json["fields"]["demanded_by"].size(), 3u);
  CommandOutput history = Sovet("history --db " + Db() + " --body congress:fed --format json");
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(nlohmann::json::parse(history.out)["sessions"][0]["session"], "extraordinary");
  CommandOutput report = Sovet("report --db " + Db() + " --at 2026-03-05 --format json");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(nlohmann::json::parse(report.out)["seats"].size(), 0u);
  EXPECT_EQ(Sovet("replay --db " + Db()).exit_code, 0);
}

TEST_F(SessionCliTest, RefusalsExitTwoNamingTheRule) {
  CommandOutput no_initiative = Sovet("convene --db " + Db() +
                                      " --date 2026-03-01 --opens 2026-03-09 --extraordinary");
  EXPECT_EQ(no_initiative.exit_code, 2);
  EXPECT_THAT(no_initiative.err, HasSubstr("001:144"));
  CommandOutput not_exec =
      Sovet("convene --db " + Db() +
            " --date 2026-03-01 --opens 2026-03-09 --extraordinary --initiative executive --by "
            "city_council:capital");
  EXPECT_EQ(not_exec.exit_code, 2);
  EXPECT_THAT(not_exec.err, HasSubstr("not the executive"));
  CommandOutput exec =
      Sovet("convene --db " + Db() +
            " --date 2026-03-01 --opens 2026-03-09 --extraordinary --initiative executive --by "
            "executive:fed --format json");
  EXPECT_EQ(exec.exit_code, 0) << exec.err;
  CommandOutput same_day = Sovet("convene --db " + Db() + " --date 2026-03-02 --opens 2026-03-09");
  EXPECT_EQ(same_day.exit_code, 2);
  CommandOutput local = Sovet("convene --db " + Db() +
                              " --body city_council:capital --date 2026-03-02 --opens 2026-03-04");
  EXPECT_EQ(local.exit_code, 0) << local.err;
  CommandOutput earlier = Sovet("convene --db " + Db() + " --date 2026-02-01 --opens 2026-09-01");
  EXPECT_EQ(earlier.exit_code, 2);
  EXPECT_THAT(earlier.err, HasSubstr("date order"));
}

// Two operators convening the same session at once: the journal's writer
// orders them; the second meets the engine's repeat refusal.
TEST_F(SessionCliTest, TwoOperatorsConveningTheSameSessionOneSucceeds) {
  const std::string one = "sovet convene --db " + Db() + " --date 2026-03-01 --opens 2026-03-09";
  const std::string convene = "sovet() { " + ShellQuote(SOVET_BINARY) + " \"$@\"; }; (" + one +
                              " > a.out 2> a.err; echo $? > a.rc) & (" + one +
                              " > b.out 2> b.err; echo $? > b.rc) & wait";
  const int status = std::system(("cd " + ShellQuote(dir_.path().string()) + " && " + convene).c_str());
  ASSERT_EQ(status, 0);
  const std::string errors = ReadText(dir_.path() / "a.err") + ReadText(dir_.path() / "b.err");
  const std::string outs = ReadText(dir_.path() / "a.out") + ReadText(dir_.path() / "b.out");
  EXPECT_THAT(outs, HasSubstr("convened on 2026-03-01"));
  const std::string codes = ReadText(dir_.path() / "a.rc") + ReadText(dir_.path() / "b.rc");
  EXPECT_TRUE(codes == "0\n2\n" || codes == "2\n0\n") << codes << errors;
  // The engine's repeat refusal, or the journal's: the other writer was first.
  EXPECT_THAT(errors, ::testing::AnyOf(HasSubstr("already convened"),
                                       HasSubstr("by another operator at the same time")));
  EXPECT_EQ(Sovet("verify --db " + Db()).exit_code, 0);
}

TEST_F(SessionCliTest, VerifyRechecksAForgedConvocation) {
  ASSERT_EQ(Demand("city_council:harbour", "2026-03-01").exit_code, 0);
  const std::string forged =
      R"({"kind": "session.convene", "body": "congress:fed", "fields": {"date": "2026-03-02", )"
      R"("opens": "2026-03-02", "session": "extraordinary", "initiative": "demands", )"
      R"("demanded_by": ["city_council:harbour"]}})";
  CommandOutput refused =
      RunSovet("journal append --json --db " + Db(), dir_.path(), {.stdin_text = forged + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("5265 of 47110"));
  EXPECT_EQ(Sovet("verify --db " + Db()).exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act act{.kind = "session.convene", .body = "congress:fed", .fields = {}};
    act.fields["date"] = Value::Text("2026-03-02");
    act.fields["opens"] = Value::Text("2026-03-02");
    act.fields["session"] = Value::Text("extraordinary");
    act.fields["initiative"] = Value::Text("demands");
    act.fields["demanded_by"] = Value::List({Value::Text("city_council:harbour")});
    ASSERT_TRUE((*journal)->Append(act).has_value());
  }
  CommandOutput audit = Sovet("verify --db " + Db());
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("session.convene"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("extraordinary_share_num/den"));
}

}  // namespace
}  // namespace sovet::cli_test
