// Hand-checked STV cases as data: tests/data/count/stv-scottish/ and
// tests/data/count/stv-meek/, each `<case>.blt` with `<case>.expected.json`
// (seats, seed, elected in order, quota, valid_votes, rounds_count, ties,
// tie_how; the `note` says how the result was worked out by hand). The
// data-driven test of the whole count runs the same files through Count();
// this one calls the STV functions directly and checks the stage record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/io.h"
#include "count/fixed_decimal.h"
#include "count/stv.h"
#include "sovet/ballots.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;

struct StvCase {
  std::string method;  // directory name
  std::string stem;
};

std::vector<StvCase> FindStvCases() {
  std::vector<StvCase> cases;
  for (const char* method : {"stv-scottish", "stv-meek"}) {
    const fs::path dir = fs::path(SOVET_SOURCE_DIR) / "tests" / "data" / "count" / method;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".blt")
        cases.push_back({method, entry.path().stem().string()});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const StvCase& a, const StvCase& b) {
    return a.method + a.stem < b.method + b.stem;
  });
  return cases;
}

class StvCaseTest : public ::testing::TestWithParam<StvCase> {};

TEST_P(StvCaseTest, MatchesHandCount) {
  const StvCase& test_case = GetParam();
  const fs::path dir = fs::path(SOVET_SOURCE_DIR) / "tests" / "data" / "count" / test_case.method;
  auto ballots = LoadBlt((dir / (test_case.stem + ".blt")).string());
  ASSERT_TRUE(ballots) << ballots.error().ToString();
  auto text = ReadFile((dir / (test_case.stem + ".expected.json")).string());
  ASSERT_TRUE(text);
  nlohmann::json expected = nlohmann::json::parse(*text);
  const std::int64_t seats = expected["seats"].get<std::int64_t>();
  const std::uint64_t seed = expected.value("seed", std::uint64_t{0});
  auto result = test_case.method == "stv-scottish" ? CountStvScottish(*ballots, seats, seed)
                                                   : CountStvMeek(*ballots, seats, seed);
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_EQ(result->elected, expected["elected"].get<std::vector<std::string>>());
  EXPECT_EQ(result->seed, seed);
  if (expected.contains("quota")) {
    EXPECT_EQ(result->quota, expected["quota"].get<std::string>());
  }
  if (expected.contains("valid_votes")) {
    EXPECT_EQ(result->valid_votes, expected["valid_votes"].get<std::string>());
  }
  if (expected.contains("rounds_count")) {
    EXPECT_EQ(result->rounds.size(), expected["rounds_count"].get<std::size_t>());
  }
  if (expected.contains("ties")) {
    EXPECT_EQ(result->ties.size(), expected["ties"].get<std::size_t>());
  }
  if (expected.contains("tie_how")) {
    std::vector<std::string> how;
    for (const TieBreak& tie : result->ties) how.push_back(tie.how);
    EXPECT_EQ(how, expected["tie_how"].get<std::vector<std::string>>());
  }
  // Every stage has a total per candidate; every elected candidate appears
  // in exactly one stage's `elected`.
  std::vector<std::string> elected_in_rounds;
  for (const CountRound& round : result->rounds) {
    EXPECT_EQ(round.totals.size(), result->candidates.size());
    elected_in_rounds.insert(elected_in_rounds.end(), round.elected.begin(), round.elected.end());
  }
  EXPECT_EQ(elected_in_rounds, result->elected);
}

INSTANTIATE_TEST_SUITE_P(Data, StvCaseTest, ::testing::ValuesIn(FindStvCases()),
                         [](const ::testing::TestParamInfo<StvCase>& info) {
                           std::string name = info.param.method + "_" + info.param.stem;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(FixedDecimalTest, FormatsAndTruncates) {
  EXPECT_EQ(FormatFixed(123450, 5), "1.23450");
  EXPECT_EQ(FormatFixed(5, 5), "0.00005");
  EXPECT_EQ(FormatFixed(-5, 5), "-0.00005");
  EXPECT_EQ(FormatFixed(42, 0), "42");
  EXPECT_EQ(FormatFixed(33333333334, 9), "33.333333334");
  // trunc5(39 x 1.00000 / 90) = 0.43333, never rounded up to 0.43334.
  EXPECT_EQ(MulDivFloor(3900000, 100000, 9000000), 43333);
  EXPECT_EQ(MulDivCeil(3900000, 100000, 9000000), 43334);
  // __int128 products: 9.2e13 votes x 10^5 x 10^5 does not overflow.
  EXPECT_EQ(MulDivFloor(std::int64_t{9'000'000'000'000'000'000}, 100000, 100000),
            std::int64_t{9'000'000'000'000'000'000});
}

RankedBallots SimpleBallots(std::int64_t weight) {
  RankedBallots ballots;
  ballots.candidates = {"A", "B"};
  ballots.withdrawn = {false, false};
  ballots.seats = 1;
  ballots.weights = {weight};
  ballots.prefs = {0, 1};
  ballots.offsets = {0, 2};
  ballots.total_weight = weight;
  return ballots;
}

TEST(StvLimitsTest, RejectsVoteTotalsBeyondFixedPointRange) {
  auto scottish = CountStvScottish(SimpleBallots(std::int64_t{100'000'000'000'000}), 1, 0);
  ASSERT_FALSE(scottish);
  EXPECT_EQ(scottish.error().code(), StatusCode::kInvalidInput);
  auto meek = CountStvMeek(SimpleBallots(std::int64_t{10'000'000'000}), 1, 0);
  ASSERT_FALSE(meek);
  EXPECT_EQ(meek.error().code(), StatusCode::kInvalidInput);
  // The largest totals that fit still count.
  EXPECT_TRUE(CountStvScottish(SimpleBallots(std::int64_t{90'000'000'000'000}), 1, 0));
  EXPECT_TRUE(CountStvMeek(SimpleBallots(std::int64_t{9'000'000'000}), 1, 0));
}

TEST(StvLimitsTest, FewerCandidatesThanSeatsElectsAllAndSaysSo) {
  auto ballots = ParseBlt("3 2\n-2\n4 1 2 0\n3 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n", "w.blt");
  ASSERT_TRUE(ballots);
  for (bool meek : {false, true}) {
    auto result = meek ? CountStvMeek(*ballots, 3, 0) : CountStvScottish(*ballots, 3, 0);
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_THAT(result->elected, ::testing::ElementsAre("A", "C"));
    EXPECT_THAT(result->notes,
                ::testing::Contains(::testing::HasSubstr("1 seat(s) left unfilled")));
  }
}

TEST(StvLimitsTest, EmptyBallotsAreNotValidPapers) {
  // Rule 45(3)/46: the quota is taken over valid papers only.
  auto ballots = ParseBlt("2 1\n6 1 0\n3 2 0\n5 0\n0\n\"A\"\n\"B\"\n\"T\"\n", "e.blt");
  ASSERT_TRUE(ballots);
  auto result = CountStvScottish(*ballots, 1, 0);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->valid_votes, "9");
  EXPECT_EQ(result->quota, "5.00000");
  EXPECT_THAT(result->elected, ::testing::ElementsAre("A"));
  // Schedule 1A cl. 5: q = (v - vnt) / (n + 1) + 0.000000001 over valid papers.
  auto meek = CountStvMeek(*ballots, 1, 0);
  ASSERT_TRUE(meek);
  EXPECT_EQ(meek->valid_votes, "9");
  EXPECT_EQ(meek->quota, "4.500000001");
  EXPECT_THAT(meek->elected, ::testing::ElementsAre("A"));
}

}  // namespace
}  // namespace sovet
