// The lot: deterministic from the seed, unbiased, and recorded.
#include "count/lot.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace sovet {
namespace {

TEST(LotTest, SameSeedSameDraws) {
  Lot first(1918);
  Lot second(1918);
  for (std::size_t n = 1; n < 50; ++n) EXPECT_EQ(first.Draw(n), second.Draw(n));
  EXPECT_EQ(first.draws(), second.draws());
  EXPECT_EQ(first.draws().size(), 49u);
  EXPECT_EQ(first.seed(), 1918u);
}

TEST(LotTest, KnownSplitMix64Sequence) {
  // SplitMix64 from state 0: the first outputs are published with the
  // algorithm (e.g. the reference C code of xoshiro's authors):
  // 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
  Lot lot(0);
  std::uint64_t n = 1000003;  // prime, so the draw is value % n
  EXPECT_EQ(lot.Draw(n), 0xE220A8397B1DCDAFULL % n);
  EXPECT_EQ(lot.Draw(n), 0x6E789E6AA1B965F4ULL % n);
  EXPECT_EQ(lot.Draw(n), 0x06C45D188009454FULL % n);
}

TEST(LotTest, DrawsAreInRangeAndRoughlyUniform) {
  Lot lot(42);
  std::array<int, 7> counts{};
  for (int trial = 0; trial < 70000; ++trial) {
    std::size_t index = lot.Draw(7);
    ASSERT_LT(index, 7u);
    ++counts[index];
  }
  for (int count : counts) {
    EXPECT_GT(count, 9500);
    EXPECT_LT(count, 10500);
  }
  EXPECT_EQ(lot.Draw(1), 0u);
}

TEST(LotTest, DifferentSeedsDiffer) {
  Lot a(1);
  Lot b(2);
  std::vector<std::size_t> draws_a;
  std::vector<std::size_t> draws_b;
  for (int trial = 0; trial < 20; ++trial) {
    draws_a.push_back(a.Draw(1000));
    draws_b.push_back(b.Draw(1000));
  }
  EXPECT_NE(draws_a, draws_b);
}

}  // namespace
}  // namespace sovet
