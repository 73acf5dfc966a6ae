#include "sovet/status.h"

#include <gtest/gtest.h>

#include "base/io.h"

namespace sovet {
namespace {

TEST(StatusTest, ExitCodesFollowTheTable) {
  EXPECT_EQ(ExitCode(StatusCode::kOk), 0);
  EXPECT_EQ(ExitCode(StatusCode::kInvalidInput), 2);
  EXPECT_EQ(ExitCode(StatusCode::kNotFound), 2);
  EXPECT_EQ(ExitCode(StatusCode::kIntegrityViolation), 3);
  EXPECT_EQ(ExitCode(StatusCode::kIoError), 1);
  EXPECT_EQ(ExitCode(StatusCode::kInternal), 1);
  EXPECT_EQ(HttpStatus(StatusCode::kInvalidInput), 400);
  EXPECT_EQ(HttpStatus(StatusCode::kUnavailable), 503);
}

TEST(StatusTest, ToStringNamesFileLineColumnAndField) {
  Status status = Status::InvalidInput("expected an integer",
                                       {.file = "c.toml", .line = 3, .column = 7, .field = "body.per"});
  EXPECT_EQ(status.ToString(), "c.toml:3:7: field 'body.per': expected an integer");
  EXPECT_EQ(Status::InvalidInput("bad").InFile("x.csv").ToString(), "x.csv: bad");
}

Result<int> Half(int value) {
  if (value % 2 != 0) return Error(Status::InvalidInput("odd"));
  return value / 2;
}

Result<int> Quarter(int value) {
  SOVET_TRY(int half, Half(value));
  SOVET_TRY(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, TryPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto failed = Quarter(6);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message(), "odd");
}

TEST(Utf8Test, AcceptsValidAndLocatesInvalid) {
  EXPECT_EQ(FindInvalidUtf8("Петроград"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xED\xA0\x80"), 1u);       // surrogate
  EXPECT_EQ(FindInvalidUtf8("abc\xE2\x82"), 3u);         // truncated
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);    // above U+10FFFF
}

}  // namespace
}  // namespace sovet
