// The mandates commission of a body (001:152: "the credentials of those
// elected are to be verified by a mandates commission appointed by the
// Soviet"). It decides on the mandates presented after an election using
// only the record — the election act, the register, the charter and who is
// already seated — never the code that ran the election, so an irregularity
// planted anywhere upstream is caught here.
#ifndef SOVET_ENGINE_COMMISSION_H_
#define SOVET_ENGINE_COMMISSION_H_

#include <span>

#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/register.h"

namespace sovet::engine {

// The commission's verdicts on `presented`, in order. Checks, in SYSTEM.md
// §7's order: the election act exists, is an election of this body and is
// final; its quorum held (charter.decisions); the person is eligible
// (charter.franchise); holds no other seat in the body (nor one given
// earlier in this act); the count elected them at that slot; a delegate
// holds the seat `source` in the sending body. Seated mandates take the
// lowest vacant seats in order. The engine's one rule for verification
// acts: Engine::VerifyMandates records these verdicts, and CheckAct compares
// a recorded verification with them.
// `eligible` is the body's charter key (BodyRule::eligible): under
// kMembers a delegate must hold the seat `source` in the sending body; under
// kElectors no seat there is asked (the commission knows no census tree, so
// the person's residence in the sending body's unit is the record's word).
VerificationAct VerifyMandates(const Charter& charter, const PersonRegister& persons,
                               std::span<const CycleAct> acts, const CouncilState& state,
                               BodyIndex body, ActIndex election,
                               std::span<const PresentedMandate> presented,
                               Eligible eligible = Eligible::kMembers);

}  // namespace sovet::engine

#endif  // SOVET_ENGINE_COMMISSION_H_
