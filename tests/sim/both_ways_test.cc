// The top congress both ways (doc/demo_model.md "The congress both ways"):
// the delegation elections that seated the All-Russian Congress recounted by
// the other method, beside the Fifth Congress of 001:62. The figures are
// those `sovet demo --scale small --seed 1` prints.
#include <gtest/gtest.h>

#include "base/io.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

std::int64_t Sum(const SlateCounts& counts) {
  std::int64_t total = 0;
  for (std::int64_t count : counts) total += count;
  return total;
}

TEST(CongressBothWaysTest, SmallSeedOneIsPinnedAndBothWaysFillEverySeat) {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  auto model = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
  ASSERT_TRUE(model) << model.error().ToString();
  // `sovet demo --seed 1` seeds both the census and the cycle with 1.
  auto csv = GenerateCensusCsv(CensusScale::kSmall, 1);
  ASSERT_TRUE(csv);
  auto census = ParseCensus(*csv, "generated-small-1.csv", *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  auto apportionment = Apportion(*charter, *census);
  ASSERT_TRUE(apportionment);
  CycleOptions options;
  options.seed = 1;
  options.model = &*model;
  auto record = RunCycle(*charter, *census, *apportionment, options);
  ASSERT_TRUE(record) << record.error().ToString();
  const BodyIndex congress = ChooseSummaryBodies(*charter, *apportionment).congress;
  ASSERT_GE(congress, 0);
  auto both = CountCongressBothWays(*charter, *apportionment, *record, congress);
  ASSERT_TRUE(both) << both.error().ToString();
  EXPECT_EQ(both->method, "plurality");
  EXPECT_EQ(both->other_method, "dhondt");
  const std::int64_t seats = apportionment->bodies[congress].seats;
  EXPECT_EQ(Sum(both->elected), seats);
  EXPECT_EQ(Sum(both->recounted), seats);
  // By slate, in the file's order: Communists, Left S-Rs, Right S-Rs,
  // Mensheviks, Kadets, National parties, Non-party.
  EXPECT_EQ(seats, 82);
  EXPECT_EQ(both->elected, (SlateCounts{79, 0, 0, 0, 3, 0, 0}));
  EXPECT_EQ(both->recounted, (SlateCounts{65, 0, 0, 0, 17, 0, 0}));
  EXPECT_EQ(both->elections, 15);
  // The elected composition is the record's, not a recount.
  EXPECT_EQ(both->elected, Composition(record->state, record->persons, congress));
  // Beside it, the Fifth Congress as the simulation file gives it (001:62).
  ASSERT_TRUE(model->reported.has_value());
  EXPECT_EQ(model->reported->cite, "001:62");
  EXPECT_EQ(model->reported->seats, 1164);
  ASSERT_EQ(model->reported->members.size(), model->slates.size());
  EXPECT_EQ(model->reported->members[0], 773);
  EXPECT_EQ(model->reported->members[1], 353);
  EXPECT_EQ(model->reported->members[2], -1);
}

TEST(CongressBothWaysTest, TheReportedCongressNamesSlatesOfTheFile) {
  auto text = ReadFile(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
  ASSERT_TRUE(text);
  std::string bad = *text;
  const std::string members = "members = { communists = 773, left_srs = 353 }";
  const std::size_t at = bad.find(members);
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, members.size(), "members = { communists = 773, anarchists = 4 }");
  auto refused = ParseSimModel(bad, "bad.sim.toml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("anarchists"), std::string::npos)
      << refused.error().message();
  bad = *text;
  bad.replace(at, members.size(), "members = { communists = 1000, left_srs = 353 }");
  refused = ParseSimModel(bad, "bad.sim.toml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("at most seats"), std::string::npos)
      << refused.error().message();
}

}  // namespace
}  // namespace sovet
