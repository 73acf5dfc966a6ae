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

TEST(GroupThousandsTest, IntegerMinimumIsGroupedToo) {
  EXPECT_EQ(GroupThousands(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(GroupDigitsTest, GroupsIntegerPartsOnly) {
  EXPECT_EQ(GroupDigits("1234567"), "1,234,567");
  EXPECT_EQ(GroupDigits("-1234.56789"), "-1,234.56789");
  EXPECT_EQ(GroupDigits("+12345.00001"), "+12,345.00001");
  EXPECT_EQ(GroupDigits("0.33332"), "0.33332");
  EXPECT_EQ(GroupDigits("2000/7"), "2,000/7");
  EXPECT_EQ(GroupDigits("1234567/1000"), "1,234,567/1,000");
  EXPECT_EQ(GroupDigits("12345.67 (3)"), "12,345.67 (3)");
}

TEST(GroupDigitsTest, LeavesWordsAlone) {
  EXPECT_EQ(GroupDigits(""), "");
  EXPECT_EQ(GroupDigits("Elected (12345)"), "Elected (12345)");
  EXPECT_EQ(GroupDigits("-"), "-");
  EXPECT_EQ(GroupDigits("kept"), "kept");
}

TEST(CheckUtf8Test, ValidTextIsOk) {
  EXPECT_TRUE(CheckUtf8("Петроград, ☭", {.file = "f.csv"}).ok());
}

TEST(CheckUtf8Test, AWholeFileIsLocatedByLineAndColumn) {
  Status status = CheckUtf8("ab\ncd\xC3(", {.file = "f.csv"});
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.ToString(),
            "f.csv:2:3: invalid UTF-8: the sequence starting with byte 0xC3 (byte offset 5) is "
            "not valid UTF-8; expected UTF-8 text");
}

TEST(CheckUtf8Test, AFieldKeepsItsLocationAndNamesTheOffsetInIt) {
  Status status = CheckUtf8("x\xED\xA0\x80", {.file = "t.csv", .line = 7, .field = "option"});
  EXPECT_EQ(status.ToString(),
            "t.csv:7: field 'option': invalid UTF-8: the sequence starting with byte 0xED (byte "
            "offset 1 of the field) is not valid UTF-8; expected UTF-8 text");
}

TEST(CheckUtf8Test, AValueWithNoFileNamesTheOffsetOnly) {
  Status status = CheckUtf8("abc\xFF");
  EXPECT_EQ(status.ToString(),
            "invalid UTF-8: the sequence starting with byte 0xFF (byte offset 3) is not valid "
            "UTF-8; expected UTF-8 text");
}

}  // namespace
}  // namespace sovet
