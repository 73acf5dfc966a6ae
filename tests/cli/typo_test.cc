// End-to-end: a mistyped command or flag is named with the nearest valid
// spelling and exit code 2, whatever level of the command tree it is at.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

class TypoCliTest : public ::testing::Test {
 protected:
  CommandOutput Sovet(const std::string& args) { return RunSovet(args, dir_.path()); }
  ScopedTempDir dir_{"sovet-typo-cli"};
};

TEST_F(TypoCliTest, AMistypedCommandIsNamedWithTheNearestSpelling) {
  CommandOutput run = Sovet("aportion --charter x.toml --census y.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown command 'aportion'; did you mean 'apportion'?"));
}

TEST_F(TypoCliTest, AMistypedSubcommandIsNamedWithTheNearestSpelling) {
  CommandOutput run = Sovet("census chek --charter x.toml --census y.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err,
              HasSubstr("unknown command 'chek' for 'sovet census'; did you mean 'check'?"));
}

TEST_F(TypoCliTest, AMistypedFlagIsNamedWithTheNearestSpelling) {
  CommandOutput run = Sovet("apportion --charter x.toml --cenus y.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err,
              HasSubstr("unknown flag '--cenus' for 'sovet apportion'; did you mean '--census'?"));
}

TEST_F(TypoCliTest, AWordFarFromEveryCommandListsThem) {
  CommandOutput run = Sovet("frobnicate");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown command 'frobnicate'; expected one of: "));
  EXPECT_THAT(run.err, HasSubstr("apportion"));
}

}  // namespace
}  // namespace sovet::cli_test
