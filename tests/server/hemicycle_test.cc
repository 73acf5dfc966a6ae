// The hemicycle renderer: every seat drawn once, groups in order left to
// right, text escaped, the empty body drawn without seats.
#include "server/hemicycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace sovet::server {
namespace {

struct Circle {
  double cx;
  std::string fill;
  std::string title;
};

std::vector<Circle> Circles(const std::string& svg) {
  static const std::regex circle(
      "<circle cx=\"([0-9.]+)\" cy=\"[0-9.]+\" r=\"[0-9.]+\" "
      "fill=\"(#[0-9a-f]{6})\"><title>([^<]*)</title></circle>");
  std::vector<Circle> out;
  for (std::sregex_iterator it(svg.begin(), svg.end(), circle), end; it != end; ++it) {
    out.push_back({std::stod((*it)[1]), (*it)[2], (*it)[3]});
  }
  return out;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

HemicycleGroup Group(const std::string& label, const std::string& color, int seats) {
  HemicycleGroup group{.label = label, .color = color};
  for (int seat = 1; seat <= seats; ++seat)
    group.seats.push_back({label + " " + std::to_string(seat)});
  return group;
}

TEST(Hemicycle, DrawsEverySeatOnceWithItsTitle) {
  const std::string svg = RenderHemicycle(
      {Group("Left", "#aa0000", 7), Group("Centre", "#00aa00", 5), Group("Right", "#0000aa", 3)},
      "Test body");
  const auto circles = Circles(svg);
  ASSERT_EQ(circles.size(), 15u);
  EXPECT_EQ(Count(svg, "<circle"), 15u);
  EXPECT_EQ(Count(svg, "#aa0000"), 7u);
  EXPECT_EQ(Count(svg, "#00aa00"), 5u);
  EXPECT_EQ(Count(svg, "#0000aa"), 3u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Test body: 15 seats, Left 7, Centre 5, Right 3\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title>Centre 5</title>"), std::string::npos);
}

TEST(Hemicycle, GroupsRunLeftToRightInOrder) {
  const auto circles = Circles(RenderHemicycle(
      {Group("A", "#aa0000", 40), Group("B", "#00aa00", 40), Group("C", "#0000aa", 40)}, "x"));
  ASSERT_EQ(circles.size(), 120u);
  auto mean = [&](const std::string& fill) {
    double sum = 0;
    int n = 0;
    for (const Circle& c : circles) {
      if (c.fill == fill) sum += c.cx, ++n;
    }
    return sum / n;
  };
  EXPECT_LT(mean("#aa0000"), mean("#00aa00"));
  EXPECT_LT(mean("#00aa00"), mean("#0000aa"));
  // The leftmost seat is the first group's, the rightmost the last's.
  auto leftmost = std::min_element(circles.begin(), circles.end(),
                                   [](const Circle& a, const Circle& b) { return a.cx < b.cx; });
  auto rightmost = std::max_element(circles.begin(), circles.end(),
                                    [](const Circle& a, const Circle& b) { return a.cx < b.cx; });
  EXPECT_EQ(leftmost->fill, "#aa0000");
  EXPECT_EQ(rightmost->fill, "#0000aa");
}

TEST(Hemicycle, TheCongressOf1272SeatsDrawsThemAll) {
  const auto circles = Circles(RenderHemicycle(
      {Group("Communists", "#c62828", 1000), Group("Left S-Rs", "#ef6c00", 272)}, "Congress"));
  ASSERT_EQ(circles.size(), 1272u);
  // No two seats on the same spot.
  std::set<std::string> spots;
  const std::string svg = RenderHemicycle(
      {Group("Communists", "#c62828", 1000), Group("Left S-Rs", "#ef6c00", 272)}, "Congress");
  static const std::regex at("cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"");
  for (std::sregex_iterator it(svg.begin(), svg.end(), at), end; it != end; ++it) {
    spots.insert((*it)[1].str() + "," + (*it)[2].str());
  }
  EXPECT_EQ(spots.size(), 1272u);
}

TEST(Hemicycle, EverySizeFromOneTo300DrawsExactlyItsSeats) {
  for (int seats = 1; seats <= 300; ++seats) {
    EXPECT_EQ(Circles(RenderHemicycle({Group("G", "#123456", seats)}, "b")).size(),
              static_cast<std::size_t>(seats))
        << seats;
  }
}

TEST(Hemicycle, NoSeatsIsAnEmptyChartThatSaysSo) {
  const std::string svg = RenderHemicycle({Group("Nobody", "#123456", 0)}, "Empty body");
  EXPECT_EQ(Count(svg, "<circle"), 0u);
  EXPECT_NE(svg.find("aria-label=\"Empty body: 0 seats, none held\""), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(RenderHemicycle({}, "Nothing"), "<circle"), 0u);
}

TEST(Hemicycle, EscapesTextAndRefusesColoursThatAreNotHex) {
  HemicycleGroup group{.label = "<b>\"Q\" & 'R'</b>", .color = "red\" onload=\"x"};
  group.seats.push_back({"<script>alert(1)</script>"});
  const std::string svg = RenderHemicycle({group}, "A&B <body>");
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("onload"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("A&amp;B &lt;body&gt;"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#888888\""), std::string::npos);
}

}  // namespace
}  // namespace sovet::server
