// The one CSV reader over an in-memory buffer (the census's use): stable
// views with an arena, blank lines skipped or kept, errors located by file,
// line, column and the column's name. The streaming side is tested with the
// ballot loaders (tests/count/tally_load_test.cc).
#include "base/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace sovet {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view kNames[] = {"id", "name"};

TEST(CsvReaderTextTest, ViewsStayValidWithAnArenaAndBlankLinesAreSkipped) {
  std::string text = "\xEF\xBB\xBFid,name\r\n\r\na,\"Left \"\"SR\"\"\"\n\nb,\"two\nlines\"\n";
  std::deque<std::string> arena;
  CsvReader reader;
  reader.OpenText(text, "t.csv", {.field_names = kNames, .skip_blank_lines = true}, &arena);
  std::vector<std::vector<std::string_view>> records;
  std::vector<std::int64_t> lines;
  std::vector<std::string_view> fields;
  for (;;) {
    auto got = reader.Next(&fields);
    ASSERT_TRUE(got) << got.error().ToString();
    if (!*got) break;
    records.push_back(fields);
    lines.push_back(reader.line());
  }
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[0], ElementsAre("id", "name"));
  // Kept from earlier calls: views into the text and the arena.
  EXPECT_THAT(records[1], ElementsAre("a", "Left \"SR\""));
  EXPECT_THAT(records[2], ElementsAre("b", "two\nlines"));
  EXPECT_THAT(lines, ElementsAre(1, 3, 5));
}

TEST(CsvReaderTextTest, BlankLinesAreRecordsUnlessSkipped) {
  CsvReader reader;
  reader.OpenText("a\n\nb\n", "t.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre(""));
  EXPECT_EQ(reader.line(), 2);
}

Status FirstError(std::string_view text) {
  CsvReader reader;
  reader.OpenText(text, "bad.csv", {.field_names = kNames});
  std::vector<std::string_view> fields;
  for (;;) {
    auto got = reader.Next(&fields);
    if (!got) return got.error();
    if (!*got) return Status();
  }
}

TEST(CsvReaderTextTest, ErrorsNameFileLineColumnAndField) {
  EXPECT_EQ(FirstError("id,name\nx,a\"b\n").ToString(),
            "bad.csv:2:4: field 'name': a double quote inside an unquoted field; expected the "
            "whole field enclosed in double quotes, with each quote inside it doubled (RFC 4180)");
  EXPECT_EQ(FirstError("id,name\n\"x\" ,a\n").ToString(),
            "bad.csv:2:4: field 'id': expected a comma or the end of the line after the closing "
            "quote, got ' '");
  EXPECT_EQ(FirstError("id,name\nx,\"ab\nc\n").ToString(),
            "bad.csv:2: field 'name': unterminated quoted field: the quote opened at line 2, "
            "column 3 is never closed");
}

}  // namespace
}  // namespace sovet
