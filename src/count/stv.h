// Single transferable vote, the two rule sets sovet implements (SYSTEM.md §6).
// Called by Count() (count.cc) for Method::kStvScottish and kStvMeek.
#ifndef SOVET_COUNT_STV_H_
#define SOVET_COUNT_STV_H_

#include <cstdint>

#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet {

// Scottish Local Government Elections Order 2007, Schedule 1, rules 45-52:
// Droop quota, largest surplus first, weighted inclusive Gregory transfers
// truncated to 5 decimal places, look-back tie-breaks then lot from `seed`.
Result<CountResult> CountStvScottish(const RankedBallots& ballots, std::int64_t seats,
                                     std::uint64_t seed);

// Meek's method as in New Zealand local elections (Local Electoral
// Regulations 2001, Schedule 1A), in fixed-point decimal arithmetic.
Result<CountResult> CountStvMeek(const RankedBallots& ballots, std::int64_t seats,
                                 std::uint64_t seed);

}  // namespace sovet

#endif  // SOVET_COUNT_STV_H_
