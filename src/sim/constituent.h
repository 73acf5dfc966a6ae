// The Constituent Assembly count of the cycle's electorate (002:187-209).
#ifndef SOVET_SIM_CONSTITUENT_H_
#define SOVET_SIM_CONSTITUENT_H_

#include <vector>

#include "sovet/census.h"
#include "sovet/sim.h"

namespace sovet::sim {

// The 520 seats of the Assembly elected in November 1917 (002:191).
inline constexpr std::int64_t kConstituentSeats = 520;

// `voters_by_unit[u]`: the voters of unit u by faction (zero for units that
// held no base election). Districts are the gubernias (a unit of kind
// "gubernia"; a leaf with none above it counts in its topmost unit below the
// root); seats go to districts by largest remainder on inhabitants (ties:
// larger inhabitants, then smaller id), and within each district to lists by
// D'Hondt through the counting library, the S-Rs on one list (002:187).
Result<ConstituentAssembly> CountConstituentAssembly(
    const Census& census, const std::vector<FactionCounts>& voters_by_unit, std::int64_t seats,
    std::uint64_t seed);

}  // namespace sovet::sim

#endif  // SOVET_SIM_CONSTITUENT_H_
