// End-to-end: `sovet census generate` and `sovet census check` as a user runs
// them — exit codes (0 ok, 2 bad input) and the messages on stderr.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class CensusCliTest : public ::testing::Test {
 protected:
  // Runs the sovet binary with `args` (already shell-quoted where needed).
  CommandOutput Sovet(const std::string& args) { return RunSovet(args, dir_.path()); }

  std::string Path(const std::string& name) const { return dir_.File(name); }

  ScopedTempDir dir_{"sovet-census-cli"};
};

TEST_F(CensusCliTest, CheckPrintsTheSummaryOfTheShippedSmallCensus) {
  CommandOutput run = Sovet("census check --charter '" + SourcePath("charters/rsfsr-1918.toml") +
                            "' --census '" + SourcePath("data/census/rsfsr-1918-small.csv") + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("valid under charter rsfsr-1918"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("republic +1\n"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("gubernia +5\n"));
  // Figures of more than three digits carry thousands separators.
  EXPECT_THAT(run.out, ::testing::ContainsRegex("inhabitants +[0-9]{1,3}(,[0-9]{3})+\n"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("rural inhabitants +[0-9]{1,3}(,[0-9]{3})+\n"));
  EXPECT_EQ(run.err, "");
}

TEST_F(CensusCliTest, CheckSpeaksOfTheFiguresInTheCharterWords) {
  CommandOutput run =
      Sovet("census check --charter '" + SourcePath("charters/federation.toml") + "' --census '" +
            SourcePath("data/census/federation-example.csv") + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\n  workforce +[0-9,]+\n"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\n  members +[0-9,]+\n"));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("inhabitants")));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("electors")));
}

TEST_F(CensusCliTest, CheckRejectsABadCensusWithExitCode2AndTheLineAndField) {
  const std::string bad = SourcePath("tests/data/census/bad/negative_count.csv");
  CommandOutput run = Sovet("census check --charter '" + SourcePath("charters/rsfsr-1918.toml") +
                            "' --census '" + bad + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "sovet: error: " + bad +
                         ":6: field 'electors': expected a non-negative integer, got \"-5\"\n");
  EXPECT_EQ(run.out, "");
}

TEST_F(CensusCliTest, CheckOfAMissingFileIsExitCode2) {
  CommandOutput run = Sovet("census check --charter '" + SourcePath("charters/rsfsr-1918.toml") +
                            "' --census '" + Path("absent.csv") + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(Path("absent.csv")));
}

// The shipped small census is built so that its apportionment under the 1918
// charter shows the caps at work: Petrograd's town soviet held to 1,000
// deputies (001:150) and 59 Petrograd delegates at the All-Russian Congress
// (1,480,000 / 25,000 = 59.2, 001:144).
TEST_F(CensusCliTest, TheSmallCensusApportionsPetrogradAsTheSeedsSay) {
  CommandOutput run =
      Sovet("apportion --format json --charter '" + SourcePath("charters/rsfsr-1918.toml") +
            "' --census '" + SourcePath("data/census/rsfsr-1918-small.csv") + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json apportionment = nlohmann::json::parse(run.out);
  const nlohmann::json& bodies = apportionment.at("bodies");
  std::int64_t soviet_seats = -1;
  std::int64_t congress_delegates = -1;
  for (const nlohmann::json& body : bodies) {
    if (body.at("id") == "town_soviet:petrograd") soviet_seats = body.at("seats");
    if (body.at("id") != "congress:rsfsr") continue;
    for (const nlohmann::json& delegation : body.at("delegations")) {
      if (delegation.at("from") == "town_soviet:petrograd") {
        congress_delegates = delegation.at("seats");
      }
    }
  }
  EXPECT_EQ(soviet_seats, 1000);
  EXPECT_EQ(congress_delegates, 59);
}

TEST_F(CensusCliTest, GenerateToStdoutEqualsTheShippedSmallCensus) {
  CommandOutput run = Sovet("census generate --scale small --seed 1918 --out -");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, ReadText(SourcePath("data/census/rsfsr-1918-small.csv")));
}

TEST_F(CensusCliTest, GenerateWritesAFileThatChecksAndIsDeterministic) {
  ASSERT_EQ(
      Sovet("census generate --scale medium --seed 42 --out '" + Path("a.csv") + "'").exit_code, 0);
  ASSERT_EQ(
      Sovet("census generate --scale medium --seed 42 --out '" + Path("b.csv") + "'").exit_code, 0);
  EXPECT_EQ(ReadText(Path("a.csv")), ReadText(Path("b.csv")));
  CommandOutput check = Sovet("census check --charter '" + SourcePath("charters/rsfsr-1918.toml") +
                              "' --census '" + Path("a.csv") + "'");
  EXPECT_EQ(check.exit_code, 0) << check.err;
  // No temporary file is left beside the output.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_.path()))
    ++files;
  EXPECT_EQ(files, 4);  // a.csv, b.csv, stdout, stderr
}

TEST_F(CensusCliTest, GenerateRejectsAnUnknownScaleAndABadSeed) {
  CommandOutput scale = Sovet("census generate --scale huge --out '" + Path("x.csv") + "'");
  EXPECT_EQ(scale.exit_code, 2);
  EXPECT_THAT(scale.err,
              HasSubstr("field '--scale': expected small, medium or full, got \"huge\""));
  CommandOutput seed =
      Sovet("census generate --scale small --seed -3 --out '" + Path("x.csv") + "'");
  EXPECT_EQ(seed.exit_code, 2);
  EXPECT_THAT(seed.err, HasSubstr("field '--seed': expected a non-negative integer"));
  EXPECT_FALSE(std::filesystem::exists(Path("x.csv")));
}

}  // namespace
}  // namespace sovet::cli_test
