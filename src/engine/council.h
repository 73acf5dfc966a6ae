// The engine's rules and projection for the council's acts over time
// (sovet/council.h): elections (elections.cc), recall (recall.cc) and
// sessions (sessions.cc). engine.cc dispatches every council kind here;
// council.cc holds what the three families share (the date rule) and
// routes each kind to its family.
#ifndef SOVET_ENGINE_COUNCIL_H_
#define SOVET_ENGINE_COUNCIL_H_

#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/projection.h"

namespace sovet::engine {

// The rules of one council act against the state before it: the act's
// `date` (a date, not before the journal's latest dated act), then its
// family's rules.
Result<void> CheckCouncilAct(const EngineState& state, const Charter& charter, const Act& act);
// Applies an act CheckCouncilAct accepted to state.ledger (and the date).
void ApplyCouncilAct(EngineState& state, const Charter& charter, const Act& act);
// Adds the council's state tables, checkers and appliers.
void AddCouncilProjection(Projector& projector);

// The families, each in its own file; `date` is the act's, already checked.
Result<void> CheckElectionAct(const EngineState& state, const Charter& charter, const Act& act,
                              Date date);
void ApplyElectionAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddElectionProjection(Projector& projector);

Result<void> CheckRecallAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date);
void ApplyRecallAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddRecallProjection(Projector& projector);

Result<void> CheckSessionAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date);
void ApplySessionAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddSessionProjection(Projector& projector);
// Records in state.ledger.history the seats the act changed (the act's
// body, its election's or petition's body, and the seats standing on a seat
// lost, transitively): what `report --at` and `history` read.
void ObserveCouncilSeats(EngineState& state, const Act& act, Date date);

}  // namespace sovet::engine

#endif  // SOVET_ENGINE_COUNCIL_H_
