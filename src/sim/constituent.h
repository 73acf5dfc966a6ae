// The comparison count of the cycle's electorate that the simulation file
// declares (SimModel::comparison; the 1918 file: the Constituent Assembly,
// 002:187-209).
#ifndef SOVET_SIM_CONSTITUENT_H_
#define SOVET_SIM_CONSTITUENT_H_

#include <vector>

#include "sovet/census.h"
#include "sovet/sim.h"

namespace sovet::sim {

// `voters_by_unit[u]`: the voters of unit u by slate (empty for units that
// held no base election). Districts are the units of the comparison's
// district kind (a leaf with none above it counts in its topmost unit below
// the root); seats go to districts by largest remainder on inhabitants
// (ties: larger inhabitants, then smaller id), and within each district to
// the lists (each the sum of its slates' voters) by the comparison's list
// method through the counting library.
Result<ConstituentAssembly> CountComparison(const Census& census,
                                            const std::vector<SlateCounts>& voters_by_unit,
                                            const Comparison& comparison, std::uint64_t seed);

}  // namespace sovet::sim

#endif  // SOVET_SIM_CONSTITUENT_H_
