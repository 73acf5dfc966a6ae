// The simulated electorate (doc/demo_model.md): exact shares, keyed draws.
#include "sim/electorate.h"

#include <gtest/gtest.h>

namespace sovet::sim {
namespace {

TEST(ElectorateTest, SharesSumExactlyAndDrawsAreKeyed) {
  Census census;
  census.id = {"r", "g", "v"};
  census.name = {"R", "G", "V"};
  census.kind = {"republic", "gubernia", "village"};
  census.parent = {kNoUnit, 0, 1};
  census.subtree_end = {3, 3, 3};
  census.line = {2, 3, 4};
  census.inhabitants = {500, 500, 500};
  census.electors = {300, 300, 300};
  census.rural_inhabitants = {500, 500, 500};
  auto model = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
  ASSERT_TRUE(model) << model.error().ToString();
  Electorate electorate(census, 42, *model);
  const Shares shares = electorate.LocalShares(2, true);
  std::int64_t total = 0;
  for (std::int64_t share : shares) total += share;
  EXPECT_EQ(total, kShareDen);
  ASSERT_EQ(shares.size(), model->slates.size());
  const SlateCounts voters = electorate.DrawVoters(2, 250, shares, 0);
  std::int64_t drawn = 0;
  for (std::int64_t count : voters) drawn += count;
  EXPECT_EQ(drawn, 250);
  EXPECT_EQ(voters, electorate.DrawVoters(2, 250, shares, 0));
  EXPECT_NE(voters, electorate.DrawVoters(2, 250, shares, 1));
  // Never below the quorum unless a fault is planted.
  EXPECT_GE(electorate.Present(2, 300, 151, 0), 151);
}

}  // namespace
}  // namespace sovet::sim
