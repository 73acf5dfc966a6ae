// The engine's rules and projection for `charter.amend` (sovet/charter_history.h),
// routed from council.cc like the council's other dated acts.
#ifndef SOVET_ENGINE_CHARTER_AMEND_H_
#define SOVET_ENGINE_CHARTER_AMEND_H_

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/projection.h"

namespace sovet::engine {

// `charter` is the charter in force on the act's `date`, already checked.
Result<void> CheckCharterAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date);
// Adds the amendment to state.charters (the act passed CheckCharterAct).
void ApplyCharterAct(EngineState& state, const Act& act, Date date);
void AddCharterProjection(Projector& projector);

}  // namespace sovet::engine

#endif  // SOVET_ENGINE_CHARTER_AMEND_H_
