// Robustness: thousands of deterministic corruptions of the shipped small
// census. Each either parses into a well-formed census or is rejected with a
// located kInvalidInput error — never a crash, an exception, or a half-built
// census.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "census/census_test_support.h"
#include "census/prng.h"
#include "sovet/census.h"

namespace sovet {
namespace {

constexpr char kInsertable[] = {',', '"', '\n', '\r', '-', '0', '9', 'x', '\xC3', ' '};

std::string Mutate(std::string text, census_internal::Xoshiro256StarStar& rng) {
  const std::int64_t edits = rng.Uniform(1, 3);
  for (std::int64_t edit = 0; edit < edits && !text.empty(); ++edit) {
    const std::size_t at =
        static_cast<std::size_t>(rng.Uniform(0, static_cast<std::int64_t>(text.size()) - 1));
    switch (rng.Uniform(0, 3)) {
      case 0:
        text.erase(at, 1);
        break;
      case 1:
        text.insert(at, 1, kInsertable[rng.Uniform(0, std::size(kInsertable) - 1)]);
        break;
      case 2:
        text[at] = kInsertable[rng.Uniform(0, std::size(kInsertable) - 1)];
        break;
      default:  // drop a whole line
        if (std::size_t end = text.find('\n', at); end != std::string::npos) {
          const std::size_t start = text.rfind('\n', at);
          const std::size_t from = start == std::string::npos ? 0 : start + 1;
          text.erase(from, end - from + 1);
        }
        break;
    }
  }
  return text;
}

TEST(CensusMutationTest, CorruptedCensusesAreRejectedWithALocationOrParseWhole) {
  const Charter charter = testing::Charter1918();
  const std::string original = testing::ReadTestData("../../../data/census/rsfsr-1918-small.csv");
  census_internal::Xoshiro256StarStar rng(20260101);
  int accepted = 0;
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string text = Mutate(original, rng);
    auto census = ParseCensus(text, "mutated.csv", charter);
    if (!census) {
      ++rejected;
      ASSERT_EQ(census.error().code(), StatusCode::kInvalidInput) << census.error().ToString();
      ASSERT_EQ(census.error().where().file, "mutated.csv");
      ASSERT_GT(census.error().where().line, 0) << census.error().ToString();
      continue;
    }
    ++accepted;
    const std::size_t size = census->size();
    ASSERT_EQ(census->parent.size(), size);
    ASSERT_EQ(census->subtree_end.size(), size);
    ASSERT_EQ(census->inhabitants.size(), size);
    ASSERT_EQ(census->rural_inhabitants.size(), size);
    ASSERT_EQ(census->parent[0], kNoUnit);
    ASSERT_EQ(census->subtree_end[0], static_cast<UnitIndex>(size));
    for (std::size_t unit = 1; unit < size; ++unit) {
      ASSERT_LT(census->parent[unit], static_cast<UnitIndex>(unit));
      ASSERT_LE(census->electors[unit], census->inhabitants[unit]);
      ASSERT_LE(census->rural_inhabitants[unit], census->inhabitants[unit]);
    }
  }
  // Both outcomes occur: the corruptions are neither all fatal nor all harmless.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace sovet
