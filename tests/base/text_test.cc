#include "base/text.h"

#include <gtest/gtest.h>

#include <limits>

namespace sovet {
namespace {

TEST(GroupThousandsTest, CommasBetweenGroupsOfThreeDigits) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(1000), "1,000");
  EXPECT_EQ(GroupThousands(100000), "100,000");
  // The Constituent Assembly's electorate as the seeds print it (002:191).
  EXPECT_EQ(GroupThousands(36262560), "36,262,560");
  EXPECT_EQ(GroupThousands(std::numeric_limits<std::int64_t>::max()), "9,223,372,036,854,775,807");
}

TEST(GroupThousandsTest, MinusSignLeadsANegativeValue) {
  EXPECT_EQ(GroupThousands(-7), "-7");
  EXPECT_EQ(GroupThousands(-1234567), "-1,234,567");
}

}  // namespace
}  // namespace sovet
