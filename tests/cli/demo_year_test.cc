// End-to-end: `sovet demo --months 12` on the small generated country — a
// year of the republic (doc/demo_model.md "A year") — then `verify`,
// `replay`, `history` and `report --at` on its journal, through the command
// line only: four soviet terms (001:150), two regular congresses and one
// extraordinary on the demands of soviets holding a third of the
// inhabitants (001:144), recalls whose by-elections seat someone (001:152).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// The year's journal, simulated once for the whole test (seconds of CPU;
// ctest runs every test in a process of its own, so the checks below are
// one test): what the commands read.
class Year {
 public:
  Year() : dir_("sovet-demo-year-test") {
    run_ = Sovet("demo --charter " SOVET_SOURCE_DIR
                 "/charters/rsfsr-1918.toml --scale small --months 12 --format json --db " +
                 Db());
  }
  CommandOutput Sovet(const std::string& args) const { return RunSovet(args, dir_.path()); }
  std::string Db() const { return "sqlite:" + dir_.File("year.db"); }
  const CommandOutput& run() const { return run_; }
  json Summary() const {
    EXPECT_EQ(run_.exit_code, 0) << run_.out << run_.err;
    return json::parse(run_.out);
  }
  json Json(const std::string& args) const {
    const CommandOutput out = Sovet(args + " --db " + Db() + " --format json");
    EXPECT_EQ(out.exit_code, 0) << out.out << out.err;
    return json::parse(out.out);
  }

 private:
  ScopedTempDir dir_;
  CommandOutput run_;
};

void TheYearVerifiesAndReplays(const Year& year_run) {
  ASSERT_EQ(year_run.run().exit_code, 0) << year_run.run().err;
  const CommandOutput verify = year_run.Sovet("verify --db " + year_run.Db());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const CommandOutput replay = year_run.Sovet("replay --db " + year_run.Db());
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_THAT(replay.out, HasSubstr("the live state is exactly the projection of the journal"));
}

void FourSovietTermsThreeMonthsApart(const Year& year_run) {
  const json year = year_run.Summary();
  EXPECT_EQ(year["months"], 12);
  EXPECT_EQ(year["term_days"],
            json::array({"1918-01-04", "1918-04-04", "1918-07-04", "1918-10-04"}));
  EXPECT_GT(year["persons"].get<std::int64_t>(), 0);
}

void TwoRegularCongressesAndOneExtraordinaryOnDemandsOfAThird(const Year& year_run) {
  const json year = year_run.Summary();
  int regular = 0, extraordinary = 0;
  for (const json& session : year["sessions"]) {
    EXPECT_GT(session["delegates"].get<std::int64_t>(), 0) << session.dump();
    if (session["session"] == "regular") {
      ++regular;
      continue;
    }
    ++extraordinary;
    EXPECT_FALSE(session["demanded_by"].empty());
    // 001:144: soviets representing one third of the country, exactly.
    EXPECT_GE(session["demand_inhabitants"].get<std::int64_t>() * 3,
              year["root_inhabitants"].get<std::int64_t>());
  }
  EXPECT_EQ(regular, 2);
  EXPECT_EQ(extraordinary, 1);
  // The journal says the same: the congress's sessions in `history`.
  const json history = year_run.Json("history --body " + year["congress"].get<std::string>());
  int convened_on_demands = 0;
  for (const json& session : history["sessions"]) {
    if (session["session"] == "extraordinary" && !session["demanded_by"].empty()) {
      ++convened_on_demands;
    }
  }
  EXPECT_EQ(history["sessions"].size(), 3U);
  EXPECT_EQ(convened_on_demands, 1);
}

void ARecalledDeputysByElectionSeatsSomeoneElse(const Year& year_run) {
  const json year = year_run.Summary();
  const json* recalled = nullptr;
  for (const json& petition : year["petitions"]) {
    EXPECT_LE(petition["needed"].get<std::int64_t>() * 4 - 3, petition["roll"].get<std::int64_t>());
    if (petition["recalled"].get<bool>() && !petition["seated"].get<std::string>().empty()) {
      recalled = &petition;
      break;
    }
  }
  ASSERT_NE(recalled, nullptr) << "no recall seated anyone";
  EXPECT_GE((*recalled)["signatures"].get<std::int64_t>(),
            (*recalled)["needed"].get<std::int64_t>());
  EXPECT_GT((*recalled)["for"].get<std::int64_t>(), (*recalled)["against"].get<std::int64_t>());
  EXPECT_NE((*recalled)["seated"], (*recalled)["person"]);
  // The seat's history: vacated by the recall vote, then the by-election's
  // winner seated.
  const json history = year_run.Json("history --body " + (*recalled)["body"].get<std::string>());
  bool vacated = false, refilled = false;
  for (const json& change : history["changes"]) {
    if (change["seat"] != (*recalled)["seat"]) continue;
    if (change["act"] == "recall.vote" && change["person"] == "") vacated = true;
    if (vacated && change["election"] == (*recalled)["by_election"] &&
        change["person"] == (*recalled)["seated"]) {
      refilled = true;
    }
  }
  EXPECT_TRUE(vacated);
  EXPECT_TRUE(refilled);
}

void TheCongressChangesOverTheYear(const Year& year_run) {
  const std::string congress = year_run.Summary()["congress"];
  const json history = year_run.Json("history --body " + congress);
  std::map<std::int64_t, std::set<std::string>> holders;
  for (const json& change : history["changes"]) {
    if (change["person"] != "") holders[change["seat"]].insert(change["person"]);
  }
  std::size_t changed = 0;
  for (const auto& [seat, persons] : holders) changed += persons.size() > 1 ? 1 : 0;
  EXPECT_GT(changed, 0U) << "every seat of " << congress << " kept one holder all year";
  const json march = year_run.Json("report --at 1918-03-01 --body " + congress);
  const json august = year_run.Json("report --at 1918-08-01 --body " + congress);
  EXPECT_FALSE(march["seats"].empty());
  EXPECT_NE(march["seats"], august["seats"]);
}

TEST(DemoYearTest, ARunOfTwelveMonthsIsAYearOfTheRepublic) {
  const Year year_run;
  ASSERT_EQ(year_run.run().exit_code, 0) << year_run.run().err;
  {
    SCOPED_TRACE("the year verifies and replays");
    TheYearVerifiesAndReplays(year_run);
  }
  {
    SCOPED_TRACE("four soviet terms");
    FourSovietTermsThreeMonthsApart(year_run);
  }
  {
    SCOPED_TRACE("two regular congresses, one extraordinary on demands of a third");
    TwoRegularCongressesAndOneExtraordinaryOnDemandsOfAThird(year_run);
  }
  {
    SCOPED_TRACE("a recall and its by-election");
    ARecalledDeputysByElectionSeatsSomeoneElse(year_run);
  }
  {
    SCOPED_TRACE("the congress changes over the year");
    TheCongressChangesOverTheYear(year_run);
  }
}

TEST(DemoYearFlagsTest, MonthsOutOfRangeAreRefused) {
  const ScopedTempDir dir("sovet-demo-year-flags");
  const CommandOutput out = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                     "/charters/rsfsr-1918.toml --scale small --months 13 --db " +
                                         ("sqlite:" + dir.File("thirteen.db")),
                                     dir.path());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("--months 13: expected 1 to 12"));
}

}  // namespace
}  // namespace sovet::cli_test
