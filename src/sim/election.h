// Counting one election of the cycle with the counting library (SYSTEM.md
// §6) by the method the charter names for the body (BodyRule::election).
// The ballots are built from the electorate model: per-candidate votes for
// the marking methods (an open vote records the hands raised for each
// candidate, 001:152), per-slate list votes for list PR, and one ranked
// ballot per slate (weighted by its voters) for STV, Schulze and Condorcet.
#ifndef SOVET_SIM_ELECTION_H_
#define SOVET_SIM_ELECTION_H_

#include "sovet/count.h"
#include "sovet/cycle.h"
#include "sovet/register.h"

namespace sovet::sim {

// Fills act.votes and act.elected from act.candidates, act.voters_by_slate,
// act.seats and act.method. Fewer candidates than seats elects them all
// (the seats beyond stay vacant). kInvalidInput for a method that cannot
// elect (a motion).
Result<void> CountElection(const PersonRegister& persons, ElectionAct& act);

// Whether this method allocates seats to lists (slates).
bool IsListMethod(Method method);

}  // namespace sovet::sim

#endif  // SOVET_SIM_ELECTION_H_
