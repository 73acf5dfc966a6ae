// The number a body's seats are proportional to (SYSTEM.md §5 "Basis
// kinds"), shared by the apportionment (apportion.cc) and its text report
// (report.cc) so that both read the same figure.
#ifndef SOVET_APPORTION_BASIS_H_
#define SOVET_APPORTION_BASIS_H_

#include <cstdint>

#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet::apportion_internal {

// The value of `basis` for a body in `unit` that holds `seats` seats: the
// unit's inhabitants, rural inhabitants or electors from the census, or the
// body's own seats for Basis::kMembers (the seats of a source body).
inline std::int64_t BasisValue(Basis basis, const Census& census, UnitIndex unit,
                               std::int64_t seats) {
  switch (basis) {
    case Basis::kInhabitants:
      return census.inhabitants[unit];
    case Basis::kRuralInhabitants:
      return census.rural_inhabitants[unit];
    case Basis::kElectors:
      return census.electors[unit];
    case Basis::kMembers:
      return seats;
  }
  return 0;
}

}  // namespace sovet::apportion_internal

#endif  // SOVET_APPORTION_BASIS_H_
