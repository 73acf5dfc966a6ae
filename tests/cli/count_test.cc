// End-to-end: `sovet count` as a user runs it — the JSON contract on stdout,
// the text result sheet, exit codes (0 ok, 2 bad input) and the messages on
// stderr naming file, line and what was expected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "shared_data.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class CountCliTest : public ::testing::Test {
 protected:
  CommandOutput Sovet(const std::string& args) { return RunSovet("count " + args, dir_.path()); }

  static std::string Data(const std::string& relative) {
    return SourcePath("tests/data/count/" + relative);
  }

  ScopedTempDir dir_{"sovet-count-cli"};
};

TEST_F(CountCliTest, DhondtJsonContract) {
  CommandOutput run =
      Sovet("--method dhondt --seats 8 --seed 5 " + Data("dhondt/wikipedia-8-seats.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json result = Json::parse(run.out);
  EXPECT_EQ(result["method"], "dhondt");
  EXPECT_EQ(result["seats"], 8);
  EXPECT_EQ(result["elected"], Json({"A", "B", "C"}));
  EXPECT_EQ(result["allocation"], Json({{"A", 4}, {"B", 3}, {"C", 1}, {"D", 0}}));
  EXPECT_EQ(result["rounds"].size(), 9u);  // the votes, then one round per seat
  EXPECT_EQ(result["rounds"][1]["subjects"], Json({"A"}));
  EXPECT_EQ(result["ties"], Json::array());
  EXPECT_EQ(result["seed"], 5);
  EXPECT_EQ(result["valid_votes"], "230000");
}

TEST_F(CountCliTest, TextSheetShowsTheQuotientTable) {
  CommandOutput run = Sovet("--method sainte-lague --seats 8 --format text " +
                            Data("sainte-lague/wikipedia-8-seats.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Quotients"));
  EXPECT_THAT(run.out, HasSubstr("33,333.33 (3)"));
  EXPECT_THAT(run.out, HasSubstr("Valid votes: 230,000"));
}

TEST_F(CountCliTest, ThresholdIsAnExactDecimal) {
  std::string file = Data("dhondt/threshold-exactly-met.csv");
  CommandOutput kept = Sovet("--method dhondt --seats 24 --threshold 4 " + file);
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(Json::parse(kept.out)["allocation"]["Small"], 1);
  CommandOutput dropped = Sovet("--method dhondt --seats 24 --threshold 4.00001 " + file);
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_EQ(Json::parse(dropped.out)["allocation"]["Small"], 0);
  CommandOutput bad = Sovet("--method dhondt --seats 24 --threshold 4,5 " + file);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--threshold"));
  EXPECT_THAT(bad.err, HasSubstr("expected a percentage"));
}

TEST_F(CountCliTest, StreamedBallotsAndLot) {
  std::string file = dir_.Write("ballots.csv", "ballot\nRed\nWhite\nRed\nWhite\nGreen\n");
  CommandOutput run = Sovet("--method plurality --seed 3 " + file);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json result = Json::parse(run.out);
  ASSERT_EQ(result["ties"].size(), 1u);
  EXPECT_EQ(result["ties"][0]["how"], "lot");
  EXPECT_EQ(result["ties"][0]["tied"], Json({"Red", "White"}));
  EXPECT_EQ(result["elected"][0], result["ties"][0]["chosen"]);
  EXPECT_EQ(result["seed"], 3);
  // The same seed gives the same draw.
  EXPECT_EQ(Sovet("--method plurality --seed 3 " + file).out, run.out);
}

TEST_F(CountCliTest, ScottishWardFromTheRealData) {
  SOVET_SKIP_WITHOUT_SHARED_ELECTIONS();
  std::string ward = std::string(SOVET_SHARED_DIR) +
                     "/data/elections/scottish/dumfries-and-galloway-2017-dee-and-glenkens.blt";
  CommandOutput run = Sovet("--method stv-scottish " + ward);  // seats from the BLT header
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json result = Json::parse(run.out);
  EXPECT_EQ(result["seats"], 3);
  std::ifstream expected_in(ward.substr(0, ward.size() - 4) + ".expected.json");
  Json expected = Json::parse(expected_in);
  std::vector<std::string> got = result["elected"];
  std::vector<std::string> want = expected["elected"];
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  CommandOutput sheet = Sovet("--method stv-scottish --format text " + ward);
  ASSERT_EQ(sheet.exit_code, 0) << sheet.err;
  EXPECT_THAT(sheet.out, HasSubstr("Non-transferable"));
  EXPECT_THAT(sheet.out, HasSubstr("Quota: 1,156"));
  EXPECT_THAT(sheet.out, HasSubstr("Elected (1)"));
}

TEST_F(CountCliTest, SchulzeAndCondorcet) {
  CommandOutput run = Sovet("--method schulze " + Data("schulze/wikipedia-45-voters.blt"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Json::parse(run.out)["ranking"], Json({"E", "A", "C", "B", "D"}));
  CommandOutput paradox = Sovet("--method condorcet " + Data("condorcet/paradox.blt"));
  ASSERT_EQ(paradox.exit_code, 0) << paradox.err;
  EXPECT_TRUE(Json::parse(paradox.out)["condorcet_winner"].is_null());
}

TEST_F(CountCliTest, MotionWithMembersAndRule) {
  std::string file = dir_.Write("motion.csv", "option,votes\nyes,300\nno,1\nabstain,8\n");
  CommandOutput run = Sovet("--method motion --members 400 --majority unanimity " + file);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json result = Json::parse(run.out);
  EXPECT_EQ(result["motion_passed"], false);
  EXPECT_EQ(result["motion"]["quorum_required"], 201);
  EXPECT_EQ(result["motion"]["quorum_met"], true);
  EXPECT_EQ(result["motion"]["rule"], "unanimity");
  CommandOutput text = Sovet("--method motion --members 400 --format text " + file);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("CARRIED"));
  CommandOutput bad_rule = Sovet("--method motion --majority most " + file);
  EXPECT_EQ(bad_rule.exit_code, 2);
  EXPECT_THAT(bad_rule.err, HasSubstr("unknown majority rule 'most'"));
}

TEST_F(CountCliTest, UnknownMethodExits2) {
  CommandOutput run = Sovet("--method borda " + Data("dhondt/wikipedia-8-seats.csv"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown method 'borda'"));
  EXPECT_THAT(run.err, HasSubstr("expected one of plurality"));
  EXPECT_TRUE(run.out.empty());
}

TEST_F(CountCliTest, MoreSeatsThanCandidatesExits2) {
  CommandOutput run =
      Sovet("--method schulze --seats 6 " + Data("schulze/wikipedia-45-voters.blt"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("wikipedia-45-voters.blt"));
  EXPECT_THAT(run.err, HasSubstr("6 seats but only 5 candidates"));
}

TEST_F(CountCliTest, EmptyFileExits2) {
  std::string csv = dir_.Write("empty.csv", "");
  CommandOutput run = Sovet("--method dhondt --seats 2 " + csv);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(csv + ":1"));
  EXPECT_THAT(run.err, HasSubstr("empty file"));
  std::string blt = dir_.Write("empty.blt", "");
  CommandOutput blt_run = Sovet("--method stv-scottish " + blt);
  EXPECT_EQ(blt_run.exit_code, 2);
  EXPECT_THAT(blt_run.err, HasSubstr(blt));
}

TEST_F(CountCliTest, BadVotesExit2WithFileAndLine) {
  std::string non_numeric = dir_.Write("nn.csv", "option,votes\nA,5\nB,five\n");
  CommandOutput run = Sovet("--method dhondt --seats 2 " + non_numeric);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(non_numeric + ":3"));
  EXPECT_THAT(run.err, HasSubstr("'five' is not a number"));
  std::string negative = dir_.Write("neg.csv", "option,votes\nA,-5\n");
  CommandOutput neg = Sovet("--method dhondt --seats 2 " + negative);
  EXPECT_EQ(neg.exit_code, 2);
  EXPECT_THAT(neg.err, HasSubstr(negative + ":2"));
  std::string overflow = dir_.Write("big.csv", "option,votes\nA,9223372036854775000\nB,1000\n");
  CommandOutput big = Sovet("--method dhondt --seats 2 " + overflow);
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_THAT(big.err, HasSubstr(overflow + ":3"));
  EXPECT_THAT(big.err, HasSubstr("exceeds"));
}

TEST_F(CountCliTest, MalformedBltExits2WithFileAndLine) {
  std::string blt = dir_.Write("bad.blt", "3 1\n1 1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n");
  CommandOutput run = Sovet("--method stv-meek " + blt);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(blt + ":2"));
}

TEST_F(CountCliTest, WrongInputsExit2) {
  CommandOutput missing = Sovet("--method dhondt --seats 2 " + dir_.File("nope.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no such file"));
  std::string txt = dir_.Write("votes.txt", "option,votes\nA,1\n");
  CommandOutput extension = Sovet("--method dhondt --seats 2 " + txt);
  EXPECT_EQ(extension.exit_code, 2);
  EXPECT_THAT(extension.err, HasSubstr("expected .blt"));
  CommandOutput format =
      Sovet("--method dhondt --seats 2 --format xml " + Data("dhondt/wikipedia-8-seats.csv"));
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("unknown format 'xml'"));
  CommandOutput threshold =
      Sovet("--method schulze --threshold 5 " + Data("schulze/wikipedia-45-voters.blt"));
  EXPECT_EQ(threshold.exit_code, 2);
  EXPECT_THAT(threshold.err, HasSubstr("threshold applies to list methods only"));
  CommandOutput zero = Sovet("--method dhondt --seats 0 " + Data("dhondt/wikipedia-8-seats.csv"));
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("expected at least 1"));
}

}  // namespace
}  // namespace sovet::cli_test
