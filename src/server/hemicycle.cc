#include "server/hemicycle.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "server/html.h"

namespace sovet::server {
namespace {

constexpr double kWidth = 400;   // the viewBox; the chart scales with CSS
constexpr double kRadius = 190;  // outer radius
constexpr double kInner = 0.4;   // inner radius as a fraction of the outer
constexpr double kMargin = 10;   // room for the outermost seats' circles

struct Spot {
  double angle;  // radians, pi (left) down to 0 (right)
  double x, y;
  int row;
};

bool IsHexColor(const std::string& color) {
  if (color.size() != 7 || color[0] != '#') return false;
  return std::all_of(color.begin() + 1, color.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// Rows r = 0..rows-1 at radius kInner + (1 - kInner) * r / (rows - 1); a row
// of radius rho holds floor(pi * rho / spacing) seats, spacing being the
// distance between rows.
double Spacing(int rows) { return rows == 1 ? (1 - kInner) : (1 - kInner) / (rows - 1); }
double RowRadius(int rows, int row) {
  return rows == 1 ? (1 + kInner) / 2 : kInner + (1 - kInner) * row / (rows - 1);
}
std::int64_t RowCapacity(int rows, int row) {
  return static_cast<std::int64_t>(
             std::floor(std::numbers::pi * RowRadius(rows, row) / Spacing(rows))) +
         1;
}

std::vector<Spot> Layout(std::int64_t seats) {
  std::vector<Spot> spots;
  if (seats <= 0) return spots;
  int rows = 1;
  for (;; ++rows) {
    std::int64_t capacity = 0;
    for (int row = 0; row < rows; ++row) capacity += RowCapacity(rows, row);
    if (capacity >= seats) break;
  }
  // Seats per row in proportion to the rows' capacities, largest remainder.
  std::int64_t capacity = 0;
  std::vector<std::int64_t> caps(rows);
  for (int row = 0; row < rows; ++row) capacity += caps[row] = RowCapacity(rows, row);
  std::vector<std::int64_t> in_row(rows);
  std::vector<std::pair<std::int64_t, int>> remainders;
  std::int64_t given = 0;
  for (int row = 0; row < rows; ++row) {
    in_row[row] = seats * caps[row] / capacity;
    given += in_row[row];
    remainders.emplace_back(seats * caps[row] % capacity, row);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  for (std::size_t i = 0; given < seats; ++i, ++given) ++in_row[remainders[i % rows].second];
  for (int row = 0; row < rows; ++row) {
    const double radius = RowRadius(rows, row) * kRadius;
    for (std::int64_t j = 0; j < in_row[row]; ++j) {
      const double angle = in_row[row] == 1
                               ? std::numbers::pi / 2
                               : std::numbers::pi * (1 - double(j) / double(in_row[row] - 1));
      spots.push_back({angle, kWidth / 2 + radius * std::cos(angle),
                       kMargin + kRadius - radius * std::sin(angle), row});
    }
  }
  std::stable_sort(spots.begin(), spots.end(), [](const Spot& a, const Spot& b) {
    if (a.angle != b.angle) return a.angle > b.angle;
    return a.row < b.row;
  });
  return spots;
}

}  // namespace

std::string RenderHemicycle(const std::vector<HemicycleGroup>& groups, const std::string& label) {
  std::int64_t total = 0;
  for (const HemicycleGroup& group : groups) total += static_cast<std::int64_t>(group.seats.size());
  std::string aria = label + ": " + std::to_string(total) + (total == 1 ? " seat" : " seats");
  for (const HemicycleGroup& group : groups) {
    if (!group.seats.empty()) aria += fmt::format(", {} {}", group.label, group.seats.size());
  }
  if (total == 0) aria += ", none held";
  const std::vector<Spot> spots = Layout(total);
  int rows = 0;
  for (const Spot& spot : spots) rows = std::max(rows, spot.row + 1);
  const double seat_radius = rows == 0 ? 4 : std::min(8.0, 0.42 * Spacing(rows) * kRadius);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hemicycle\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      kWidth, kRadius + 2 * kMargin, HtmlEscape(aria));
  std::size_t next = 0;
  for (const HemicycleGroup& group : groups) {
    const std::string color = IsHexColor(group.color) ? group.color : "#888888";
    for (const HemicycleSeat& seat : group.seats) {
      const Spot& spot = spots[next++];
      svg += fmt::format(
          "<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{:.2f}\" "
          "fill=\"{}\"><title>{}</title></circle>\n",
          spot.x, spot.y, seat_radius, color, HtmlEscape(seat.title));
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace sovet::server
