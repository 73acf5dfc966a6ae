// The council cycle's state tables and act kinds (include/sovet/cycle.h,
// doc/cycle.md "In the journal"), registered in DefaultProjector(). Owned by
// the cycle issue; kept in the journal module because appliers may use only
// the entry and the state tables, so they need nothing from src/cycle/.
#ifndef SOVET_JOURNAL_PROJECTION_CYCLE_H_
#define SOVET_JOURNAL_PROJECTION_CYCLE_H_

#include "sovet/projection.h"

namespace sovet {

// Act kinds, in the order a cycle records them.
inline constexpr const char* kCycleRegisterKind = "cycle.register";
inline constexpr const char* kCycleElectionKind = "cycle.election";
inline constexpr const char* kCycleVerificationKind = "cycle.verification";
inline constexpr const char* kCycleConstituentKind = "cycle.constituent_assembly";

// Adds the tables cycle_acts, cycle_persons, cycle_mandates and
// cycle_rejections, and the checkers and appliers of the kinds above.
void AddCycleProjection(Projector& projector);

}  // namespace sovet

#endif  // SOVET_JOURNAL_PROJECTION_CYCLE_H_
