// The BLT parser: good files in each accepted dialect, and every bad file in
// tests/data/count/blt-bad/ with the start of the message it must produce.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/ballots.h"
#include "shared_data.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::StartsWith;

std::vector<CandidateIndex> BallotOf(const RankedBallots& ballots, std::size_t ballot_idx) {
  auto span = ballots.Ballot(ballot_idx);
  return {span.begin(), span.end()};
}

TEST(BltTest, ParsesAlgorithm123ExampleWithWithdrawnCandidate) {
  // The example of Hill, Wichmann & Woodall (1987), as BltFileFormat.md
  // quotes it: 4 candidates, 2 seats, candidate 2 withdrawn.
  auto parsed = ParseBlt(
      "4 2\n-2\n3 1 3 4 0\n4 1 3 2 0\n2 4 1 3 0\n1 2 0\n2 2 4 3 1 0\n1 3 4 2 0\n0\n"
      "\"Adam\"\n\"Basil\"\n\"Charlotte\"\n\"Donald\"\n\"Title\"\n",
      "a123.blt");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const RankedBallots& ballots = *parsed;
  EXPECT_EQ(ballots.seats, 2);
  EXPECT_THAT(ballots.candidates, ElementsAre("Adam", "Basil", "Charlotte", "Donald"));
  EXPECT_EQ(ballots.title, "Title");
  EXPECT_THAT(ballots.withdrawn, ElementsAre(false, true, false, false));
  EXPECT_EQ(ballots.total_weight, 13);
  // Basil removed everywhere: "1 2" becomes an empty ballot, "2 4 3 1"
  // becomes "4 3 1".
  ASSERT_EQ(ballots.distinct_ballots(), 6u);
  EXPECT_THAT(ballots.weights, ElementsAre(3, 4, 2, 1, 2, 1));
  EXPECT_THAT(BallotOf(ballots, 0), ElementsAre(0, 2, 3));
  EXPECT_THAT(BallotOf(ballots, 1), ElementsAre(0, 2));
  EXPECT_THAT(BallotOf(ballots, 2), ElementsAre(3, 0, 2));
  EXPECT_TRUE(BallotOf(ballots, 3).empty());
  EXPECT_THAT(BallotOf(ballots, 4), ElementsAre(3, 2, 0));
  EXPECT_THAT(BallotOf(ballots, 5), ElementsAre(2, 3));
}

TEST(BltTest, MergesIdenticalBallotsAndKeepsFirstAppearanceOrder) {
  auto parsed = ParseBlt(
      "3 1\n1 2 1 0\n1 3 0\n5 2 1 0\n0 1 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n", "merge.blt");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->distinct_ballots(), 2u);
  EXPECT_THAT(parsed->weights, ElementsAre(6, 3));
  EXPECT_THAT(BallotOf(*parsed, 0), ElementsAre(1, 0));
  EXPECT_EQ(parsed->total_weight, 9);
}

TEST(BltTest, AcceptsDroopDialect) {
  // Withdrawn candidates removed, identical sequences merged afterwards.
  auto withdrawn =
      ParseBlt("3 1\n-2\n1 1 2 3 0\n1 1 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n", "w.blt");
  ASSERT_TRUE(withdrawn) << withdrawn.error().ToString();
  EXPECT_THAT(withdrawn->weights, ElementsAre(2));
  // Comments, a byte order mark, CRLF, [nick], [withdrawn], [tie], [droop],
  // names on one line and free text after the title (as in M135.blt).
  auto parsed = ParseBlt(
      "\xEF\xBB\xBF# a comment\r\n3 2\r\n[nick a b c]\r\n[withdrawn c]\r\n[tie c b a]\r\n"
      "[droop meek precision=8]\r\n4 a b 0 # trailing comment\r\n2 c b 0\r\n0\r\n"
      "\"Ann Smith\" \"Bob\" \"Cy # not a comment\"\r\n\"Title\"\r\nFirst prefs 4 2\r\n",
      "droop.blt");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_THAT(parsed->candidates, ElementsAre("Ann Smith", "Bob", "Cy # not a comment"));
  EXPECT_THAT(parsed->withdrawn, ElementsAre(false, false, true));
  ASSERT_EQ(parsed->distinct_ballots(), 2u);
  EXPECT_THAT(BallotOf(*parsed, 0), ElementsAre(0, 1));
  EXPECT_THAT(BallotOf(*parsed, 1), ElementsAre(1));
}

TEST(BltTest, LoadBltNamesTheFile) {
  auto missing = LoadBlt("/nonexistent/ballots.blt");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().ToString(), StartsWith("/nonexistent/ballots.blt"));
}

TEST(BltTest, LoadsEveryRealBallotFile) {
  // Every ballot file of ../shared/data/elections parses, except the two
  // Droop files with equal rankings, which sovet rejects (doc/stv.md).
  int loaded = 0;
  int rejected = 0;
  SOVET_SKIP_WITHOUT_SHARED_ELECTIONS();
  const fs::path root = fs::path(SOVET_SHARED_DIR) / "data" / "elections";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".blt") continue;
    auto parsed = LoadBlt(entry.path().string());
    std::string name = entry.path().filename().string();
    if (name == "eq1.blt" || name == "eq2.blt") {
      ASSERT_FALSE(parsed) << name;
      EXPECT_THAT(parsed.error().message(), StartsWith("equal rankings"));
      ++rejected;
      continue;
    }
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_FALSE(parsed->candidates.empty()) << name;
    ++loaded;
  }
  EXPECT_EQ(rejected, 2);
  EXPECT_GE(loaded, 696 + 40);
}

// Each bad file in tests/data/count/blt-bad/ and its expected message.
std::vector<std::string> BadCases() {
  std::vector<std::string> cases;
  const fs::path dir = fs::path(SOVET_SOURCE_DIR) / "tests" / "data" / "count" / "blt-bad";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".blt") cases.push_back(entry.path().stem().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

class BadBltTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadBltTest, IsRejectedWithLocatedMessage) {
  const fs::path dir = fs::path(SOVET_SOURCE_DIR) / "tests" / "data" / "count" / "blt-bad";
  auto text = ReadFile((dir / (GetParam() + ".blt")).string());
  ASSERT_TRUE(text);
  auto expected = ReadFile((dir / (GetParam() + ".expected_error")).string());
  ASSERT_TRUE(expected) << "missing " << GetParam() << ".expected_error";
  std::string want = *expected;
  while (!want.empty() && want.back() == '\n') want.pop_back();
  ASSERT_FALSE(want.empty());
  auto parsed = ParseBlt(*text, GetParam() + ".blt");
  ASSERT_FALSE(parsed) << GetParam() << " was accepted";
  EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(parsed.error().ToString(), StartsWith(want));
}

INSTANTIATE_TEST_SUITE_P(BltBad, BadBltTest, ::testing::ValuesIn(BadCases()), [](const auto& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
});

}  // namespace
}  // namespace sovet
