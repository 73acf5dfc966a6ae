// Hamilton with minimums at its edges, and the ordering and JSON contract of
// Apportion's result.
#include "sovet/apportion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "apportion/largest_remainder.h"

namespace sovet {
namespace {

using apportion_internal::Claimant;
using apportion_internal::LargestRemainder;
using ::testing::ElementsAre;

std::vector<std::int64_t> Hamilton(std::int64_t seats, std::vector<Claimant> claimants) {
  return LargestRemainder(seats, claimants);
}

TEST(LargestRemainderTest, FloorsThenLargestRemainders) {
  // 10 seats on 5:3:2 is exact; on 1:1:1, 10/3 each, one left: to the first.
  EXPECT_THAT(Hamilton(10, {{5, 0}, {3, 0}, {2, 0}}), ElementsAre(5, 3, 2));
  EXPECT_THAT(Hamilton(10, {{1, 0}, {1, 0}, {1, 0}}), ElementsAre(4, 3, 3));
  // Shares 1.5 and 2.5 (weights 3 and 5 of 4 seats): the tie goes to the
  // larger weight, wherever it stands.
  EXPECT_THAT(Hamilton(4, {{3, 0}, {5, 0}}), ElementsAre(1, 3));
  EXPECT_THAT(Hamilton(4, {{5, 0}, {3, 0}}), ElementsAre(3, 1));
}

TEST(LargestRemainderTest, MinimumsBindOnlyWhenTheShareFallsShort) {
  // Shares 1.5, 1.5, 7: nobody under 1, so the minimums change nothing.
  EXPECT_THAT(Hamilton(10, {{15, 1}, {15, 1}, {70, 1}}), ElementsAre(2, 1, 7));
  // Share 0.1 is under the minimum 2: fixed at 2; the other shares 8.
  EXPECT_THAT(Hamilton(10, {{1, 2}, {99, 0}}), ElementsAre(2, 8));
  // Fixing one pushes another under: two rounds.
  EXPECT_THAT(Hamilton(6, {{1, 2}, {2, 2}, {97, 0}}), ElementsAre(2, 2, 2));
  // Minimums summing to the seats exactly.
  EXPECT_THAT(Hamilton(3, {{0, 1}, {0, 1}, {100, 1}}), ElementsAre(1, 1, 1));
}

TEST(LargestRemainderTest, ZeroWeightsShareEqually) {
  EXPECT_THAT(Hamilton(5, {{0, 0}, {0, 0}}), ElementsAre(3, 2));
  EXPECT_THAT(Hamilton(0, {{0, 0}, {7, 0}}), ElementsAre(0, 0));
  EXPECT_TRUE(Hamilton(5, {}).empty());
}

TEST(LargestRemainderTest, LargeFiguresStayExact) {
  // Weights near 2^62 and a large house: products need 128 bits.
  const std::int64_t big = std::int64_t{1} << 61;
  EXPECT_THAT(Hamilton(1'000'000'000, {{big, 0}, {big + 1, 0}}),
              ElementsAre(500'000'000, 500'000'000));
  EXPECT_THAT(Hamilton(1'000'000'001, {{big, 0}, {big + 1, 0}}),
              ElementsAre(500'000'000, 500'000'001));
}

// Body ids sort in byte order even when one kind is a prefix of another
// followed by a digit ('2' sorts before ':').
TEST(ApportionTest, BodiesSortByIdInByteOrder) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"order\"\n[units.land]\n[units.place]\nparents = [\"land\"]\n"
      "figures = true\n"
      "[[body]]\nkind = \"soviet\"\nunits = [\"place\"]\n"
      "seats = { basis = \"inhabitants\", per = 10 }\n"
      "[[body]]\nkind = \"soviet2\"\nunits = [\"place\"]\n"
      "seats = { basis = \"electors\", per = 10 }\n"
      "[[body]]\nkind = \"congress\"\nunits = [\"land\"]\n"
      "[[body.term]]\nsource = \"soviet2\"\nbasis = \"members\"\nper = 2\n"
      "[[body.term]]\nsource = \"soviet\"\nbasis = \"members\"\nper = 2\n",
      "order.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  Result<Census> census = ParseCensus(
      "id,parent,kind,name,inhabitants,electors\nL,,land,Land,,\nb,L,place,B,100,50\n"
      "B,L,place,B upper,30,20\na-1,L,place,A,10,10\n",
      "order.csv", *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  Result<Apportionment> result = Apportion(*charter, *census);
  ASSERT_TRUE(result) << result.error().ToString();
  std::vector<std::string> ids;
  for (const ApportionedBody& body : result->bodies) ids.push_back(body.id);
  EXPECT_THAT(ids, ElementsAre("congress:L", "soviet2:B", "soviet2:a-1", "soviet2:b", "soviet:B",
                               "soviet:a-1", "soviet:b"));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  // Members: soviet 10 + 3 + 1 = 14 -> 7; soviet2 5 + 2 + 1 = 8 -> 4.
  const ApportionedBody& congress = result->bodies[result->Find("congress:L")];
  EXPECT_EQ(congress.seats, 11);
  std::vector<std::string> from;
  for (const Delegation& delegation : congress.delegations) {
    from.push_back(result->bodies[delegation.from].id);
  }
  EXPECT_TRUE(std::is_sorted(from.begin(), from.end()));
  EXPECT_EQ(result->Find("soviet:nowhere"), -1);
  EXPECT_THAT(ApportionmentToJson(*result, *census),
              ::testing::StartsWith("{\"charter\":\"order\",\"bodies\":[{\"id\":\"congress:L\","
                                    "\"kind\":\"congress\",\"unit\":\"L\",\"seats\":11,"
                                    "\"delegations\":[{\"from\":\"soviet2:B\",\"seats\":"));
}

TEST(ApportionTest, JsonEscapesUnitIds) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"q\"\n[units.land]\n[units.place]\nparents = [\"land\"]\nfigures = true\n"
      "[[body]]\nkind = \"soviet\"\nunits = [\"place\"]\n"
      "seats = { basis = \"inhabitants\", per = 10 }\n",
      "q.toml");
  ASSERT_TRUE(charter);
  Result<Census> census = ParseCensus(
      "id,parent,kind,name,inhabitants,electors\nL,,land,Land,,\n\"say "
      "\"\"x\"\"\",L,place,P,10,5\n",
      "q.csv", *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  Result<Apportionment> result = Apportion(*charter, *census);
  ASSERT_TRUE(result);
  EXPECT_EQ(ApportionmentToJson(*result, *census),
            "{\"charter\":\"q\",\"bodies\":[{\"id\":\"soviet:say \\\"x\\\"\",\"kind\":\"soviet\","
            "\"unit\":\"say \\\"x\\\"\",\"seats\":1,\"delegations\":[]}],\"warnings\":[]}");
}

}  // namespace
}  // namespace sovet
