// ParseCensus / LoadCensus: layout, aggregation, RFC 4180 and every
// validation error (the bad files are data: tests/data/census/bad/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "census/census_test_support.h"
#include "sovet/census.h"

namespace sovet {
namespace {

using testing::Charter1918;
using ::testing::HasSubstr;
using testing::ReadTestData;

// A census whose file order is not pre-order: a gubernia directly under the
// republic comes before the oblast, a volost before its uyezd, and a village
// before its volost (parents may be defined after their children).
constexpr char kTree[] =
    "id,parent,kind,name,inhabitants,electors\n"
    "r,,republic,Republic,,\n"
    "g2,r,gubernia,Direct gubernia,0,0\n"
    "s3,v2,village,\"Late, with a comma\",700,450\n"
    "o1,r,oblast,Oblast,,\n"
    "g1,o1,gubernia,\"Quoted \"\"name\"\"\",,\n"
    "u1,g1,uyezd,Uyezd one,,\n"
    "v1,u1,volost,Volost one,,\n"
    "s1,v1,village,Village one,300,200\n"
    "s2,v1,village,Village two,500,340\n"
    "t1,v1,town,Small town,9999,6000\n"
    "t2,u1,town,Uyezd town,10000,7000\n"
    "cap,g1,town,Capital,250000,170000\n"
    "v2,u2,volost,Volost two,,\n"
    "u2,g2,uyezd,Uyezd two,,\n";

std::vector<std::string> Ids(const Census& census) { return census.id; }

TEST(ParseCensusTest, LaysOutUnitsInPreOrderWithChildrenInFileOrder) {
  auto census = ParseCensus(kTree, "tree.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  EXPECT_THAT(Ids(*census), ::testing::ElementsAre("r", "g2", "u2", "v2", "s3", "o1", "g1", "u1",
                                                   "v1", "s1", "s2", "t1", "t2", "cap"));
  EXPECT_EQ(census->size(), 14u);
  EXPECT_EQ(census->source_file, "tree.csv");
  // Parents precede children; subtree ranges are exactly the descendants.
  const std::vector<UnitIndex> parents = {kNoUnit, 0, 1, 2, 3, 0, 5, 6, 7, 8, 8, 8, 7, 6};
  EXPECT_EQ(census->parent, parents);
  const std::vector<UnitIndex> ends = {14, 5, 5, 5, 5, 14, 14, 13, 12, 10, 11, 12, 13, 14};
  EXPECT_EQ(census->subtree_end, ends);
  for (std::size_t unit = 1; unit < census->size(); ++unit) {
    const UnitIndex parent = census->parent[unit];
    EXPECT_LT(parent, static_cast<UnitIndex>(unit));
    EXPECT_LT(static_cast<UnitIndex>(unit), census->subtree_end[parent]);
    EXPECT_LE(census->subtree_end[unit], census->subtree_end[parent]);
  }
  EXPECT_EQ(census->line[4], 4);  // s3 is on line 4 of the file
  EXPECT_EQ(census->kind[4], "village");
  EXPECT_EQ(census->name[4], "Late, with a comma");
  EXPECT_EQ(census->name[6], "Quoted \"name\"");
}

TEST(ParseCensusTest, AggregatesFiguresAndRuralInhabitantsOverLeaves) {
  auto census = ParseCensus(kTree, "tree.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  auto at = [&](const std::string& id) {
    for (std::size_t unit = 0; unit < census->size(); ++unit) {
      if (census->id[unit] == id) return unit;
    }
    ADD_FAILURE() << "no unit " << id;
    return std::size_t{0};
  };
  // Leaves as given.
  EXPECT_EQ(census->inhabitants[at("t1")], 9999);
  EXPECT_EQ(census->electors[at("t1")], 6000);
  // A town < 10,000 is rural (its soviet is a village soviet, 001:150); one
  // of exactly 10,000 is not.
  EXPECT_EQ(census->rural_inhabitants[at("t1")], 9999);
  EXPECT_EQ(census->rural_inhabitants[at("t2")], 0);
  EXPECT_EQ(census->rural_inhabitants[at("s1")], 300);
  // Volost one: 300 + 500 + 9999.
  EXPECT_EQ(census->inhabitants[at("v1")], 10799);
  EXPECT_EQ(census->electors[at("v1")], 6540);
  EXPECT_EQ(census->rural_inhabitants[at("v1")], 10799);
  // Uyezd one adds the town of 10,000.
  EXPECT_EQ(census->inhabitants[at("u1")], 20799);
  EXPECT_EQ(census->rural_inhabitants[at("u1")], 10799);
  // Gubernia one adds the capital; the given 0 of g2 is "not given".
  EXPECT_EQ(census->inhabitants[at("g1")], 270799);
  EXPECT_EQ(census->electors[at("g1")], 183540);
  EXPECT_EQ(census->inhabitants[at("g2")], 700);
  EXPECT_EQ(census->inhabitants[at("r")], 271499);
  EXPECT_EQ(census->electors[at("r")], 183990);
  EXPECT_EQ(census->rural_inhabitants[at("r")], 11499);
}

TEST(ParseCensusTest, AcceptsInnerFiguresThatEqualTheSums) {
  const std::string csv =
      "id,parent,kind,name,inhabitants,electors\n"
      "r,,republic,R,1300,900\n"
      "g,r,gubernia,G,1300,\n"
      "u,g,uyezd,U,0,900\n"
      "v,u,volost,V,1300,900\n"
      "s1,v,village,S1,1000,700\n"
      "s2,v,village,S2,300,200\n";
  auto census = ParseCensus(csv, "sums.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  EXPECT_EQ(census->inhabitants[0], 1300);
  EXPECT_EQ(census->electors[2], 900);
}

TEST(ParseCensusTest, AcceptsCrLfQuotedLineBreaksByteOrderMarkAndBlankLines) {
  const std::string csv =
      "\xEF\xBB\xBFid,parent,kind,name,inhabitants,electors\r\n"
      "r,,republic,\"Two\r\nlines\",,\r\n"
      "\r\n"
      "g,r,gubernia,\"\"\"Quoted\"\", and comma\",,\r\n"
      "u,g,uyezd,U,,\r\n"
      "v,u,volost,\"V\",\"\",\"\"\r\n"
      "s,v,village,Село,\"120\",\"80\"";  // no final line break
  auto census = ParseCensus(csv, "crlf.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  EXPECT_EQ(census->name[0], "Two\r\nlines");
  EXPECT_EQ(census->name[1], "\"Quoted\", and comma");
  EXPECT_EQ(census->name[4], "Село");
  EXPECT_EQ(census->inhabitants[0], 120);
  // Lines count physical lines: the root's name spans lines 2-3, a blank
  // line follows, so g is on line 5 and s on line 8.
  EXPECT_EQ(census->line[1], 5);
  EXPECT_EQ(census->line[4], 8);
}

TEST(ParseCensusTest, QuotedIdsWithDoubledQuotesResolveAsParents) {
  // The unescaped id lives in the parser's arena, not in the input buffer.
  const std::string csv =
      "id,parent,kind,name,inhabitants,electors\n"
      "\"r\"\"1\",,republic,R,,\n"
      "\"g,1\",\"r\"\"1\",gubernia,G,,\n"
      "u,\"g,1\",uyezd,U,,\n";
  auto census = ParseCensus(csv, "quoted-ids.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  EXPECT_THAT(census->id, ::testing::ElementsAre("r\"1", "g,1", "u"));
  EXPECT_EQ(census->parent[2], 1);
}

TEST(ParseCensusTest, AnEmptyInnerUnitHasZeroFigures) {
  const std::string csv =
      "id,parent,kind,name,inhabitants,electors\n"
      "r,,republic,R,,\n"
      "g,r,gubernia,Empty gubernia,,\n";
  auto census = ParseCensus(csv, "empty-inner.csv", Charter1918());
  ASSERT_TRUE(census.has_value()) << census.error().ToString();
  EXPECT_EQ(census->inhabitants[1], 0);
  EXPECT_EQ(census->subtree_end[1], 2);
}

TEST(ParseCensusTest, ErrorsNameTheLineAndFieldAndReturnNothing) {
  const std::string csv =
      "id,parent,kind,name,inhabitants,electors\n"
      "r,,republic,R,,\n"
      "g,r,gubernia,G,,\n"
      "u,g,uyezd,U,,\n"
      "v,u,volost,V,,\n"
      "s,v,village,S,300,-5\n";
  auto census = ParseCensus(csv, "neg.csv", Charter1918());
  ASSERT_FALSE(census.has_value());
  EXPECT_EQ(census.error().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(census.error().where().file, "neg.csv");
  EXPECT_EQ(census.error().where().line, 6);
  EXPECT_EQ(census.error().where().field, "electors");
  EXPECT_EQ(census.error().ToString(),
            "neg.csv:6: field 'electors': expected a non-negative integer, got \"-5\"");
}

TEST(LoadCensusTest, AMissingFileIsNotFound) {
  auto census = LoadCensus("/nonexistent/census.csv", Charter1918());
  ASSERT_FALSE(census.has_value());
  EXPECT_EQ(census.error().code(), StatusCode::kNotFound);
  EXPECT_EQ(ExitCode(census.error().code()), 2);
  EXPECT_THAT(census.error().ToString(), HasSubstr("/nonexistent/census.csv"));
}

TEST(LoadCensusTest, LoadsAFileAndNamesItInErrors) {
  const std::string path = std::string(SOVET_SOURCE_DIR) + "/tests/data/census/bad/cycle.csv";
  auto census = LoadCensus(path, Charter1918());
  ASSERT_FALSE(census.has_value());
  EXPECT_THAT(census.error().ToString(), HasSubstr(path + ":5: field 'parent'"));
}

TEST(ParseCensusTest, RejectsACharterWithoutExactlyOneRootKind) {
  Charter charter = Charter1918();
  charter.unit_kinds[1].parents.clear();  // oblast becomes a second root kind
  auto census = ParseCensus(kTree, "tree.csv", charter);
  ASSERT_FALSE(census.has_value());
  EXPECT_THAT(census.error().ToString(), HasSubstr("two root unit kinds"));
}

// Every file in tests/data/census/bad/ is rejected with exactly the message
// in the .expected file beside it (file name, line, field, expectation).
class BadCensusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadCensusTest, IsRejectedWithTheExpectedMessage) {
  const std::string name = GetParam();
  const std::string csv = ReadTestData("bad/" + name + ".csv");
  std::string expected = ReadTestData("bad/" + name + ".expected");
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  auto census = ParseCensus(csv, name + ".csv", Charter1918());
  ASSERT_FALSE(census.has_value()) << name << " was accepted";
  EXPECT_EQ(census.error().code(), StatusCode::kInvalidInput);
  EXPECT_GT(census.error().where().line, 0);
  EXPECT_EQ(census.error().ToString(), expected);
}

std::vector<std::string> BadCensusNames() {
  std::vector<std::string> names;
  const std::filesystem::path dir = std::string(SOVET_SOURCE_DIR) + "/tests/data/census/bad";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".csv") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(BadFiles, BadCensusTest, ::testing::ValuesIn(BadCensusNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sovet
