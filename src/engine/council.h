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

// ---- the roll and the seats, shared by the families (roll_check.cc) ----

// Whether `person` is an elector on the roll of `unit` on day `on`
// (doc/register.md "The roll"): registered and present, living in `unit`
// or a unit beneath it (the census tree `register.units` records), of the
// charter's franchise.voting_age on `on` (SYSTEM.md §4) and with no status
// among franchise.excluded_categories (001:152). The register is read as
// the engine holds it, which is the register on `on` for every `on` on or
// after its latest act (acts are kept in date order, sovet/council.h
// "Dates"). An unknown person or unit: false. O(depth of the tree).
bool OnRoll(const EngineState& state, const Charter& charter, std::string_view person,
            std::string_view unit, Date on);
// The number of persons OnRoll accepts for `unit` and `on`: a scan of the
// whole register in memory, O(persons) — about 9 ns a person, 0.6 s at
// 60 million (bench_recall_sign); an unknown unit: 0.
std::int64_t RollSize(const EngineState& state, const Charter& charter, std::string_view unit,
                      Date on);
// Vacates seat `seat` (1-based) of `body` and, transitively, every seat
// whose mandate stands on it (SeatHolder::source_body/source_seat): a
// person who loses the seat a delegation stands on loses the seats above
// it (SYSTEM.md §7.2 "Recall"). Recall petitions still open or vote-due
// against a person who loses a seat that way lapse (PetitionStage::kLapsed).
// A seat already vacant or out of range: nothing.
void VacateSeat(EngineState& state, const std::string& body, std::int64_t seat);

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
// Sittings and motions (motions.cc, sovet/decisions.h): session.open,
// session.attend, session.close and motion.*.
bool IsMotionKind(std::string_view kind);
Result<void> CheckMotionAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date);
void ApplyMotionAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddMotionProjection(Projector& projector);
// Workers' control (control.cc; sovet/control.h): enterprise.*, control.*.
Result<void> CheckControlAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date);
void ApplyControlAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddControlProjection(Projector& projector);

Result<void> CheckOversightAct(const EngineState& state, const Charter& charter, const Act& act,
                               Date date);
void ApplyOversightAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddOversightProjection(Projector& projector);
// The issuing ledger of rations (rations.cc; sovet/rations.h).
Result<void> CheckRationAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date);
void ApplyRationAct(EngineState& state, const Charter& charter, const Act& act, Date date);
void AddRationProjection(Projector& projector);
// Records in state.ledger.history the seats the act changed (the act's
// body, its election's or petition's body, and the seats standing on a seat
// lost, transitively): what `report --at` and `history` read.
void ObserveCouncilSeats(EngineState& state, const Act& act, Date date);

}  // namespace sovet::engine

#endif  // SOVET_ENGINE_COUNCIL_H_
