// The hemicycle chart of a body: its seats in concentric half-rings, coloured
// by group (slate or faction), drawn as an SVG string server-side.
//
// Seats are laid out in rows of increasing radius; each row holds seats in
// proportion to its length, and seats are dealt to the groups in order by
// angle, left to right, so each group forms one wedge (the usual parliament
// diagram). Geometry uses floating point: it places circles on a drawing
// and never counts or apportions anything.
//
// Thread-safety: a pure function of its arguments.
#ifndef SOVET_SERVER_HEMICYCLE_H_
#define SOVET_SERVER_HEMICYCLE_H_

#include <string>
#include <vector>

namespace sovet::server {

// No seat is a link: an element with role="img" hides its children from
// assistive technology, so the member list beside the chart carries the links.
struct HemicycleSeat {
  std::string title;  // who holds the seat, shown on hover
};

struct HemicycleGroup {
  std::string label;  // the slate or list as the record names it
  std::string color;  // a CSS colour, "#rrggbb"; others are replaced
  std::vector<HemicycleSeat> seats;
};

// An <svg role="img" aria-label="`label`: N seats, ..."> with one <circle>
// per seat, each with a <title>; seats of group 0 leftmost. Every text is
// HTML-escaped. With no seats, an SVG with no circle whose label says so.
std::string RenderHemicycle(const std::vector<HemicycleGroup>& groups, const std::string& label);

}  // namespace sovet::server

#endif  // SOVET_SERVER_HEMICYCLE_H_
