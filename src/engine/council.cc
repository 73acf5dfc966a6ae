// What the council's act families share: the kinds, the date rule, and the
// routing of each kind to its family (sovet/council.h).
#include "engine/council.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/act_fields.h"
#include "engine/charter_amend.h"

namespace sovet {

bool IsCouncilKind(std::string_view kind) {
  return kind.starts_with("election.") || kind.starts_with("recall.") ||
         kind.starts_with("session.") || kind.starts_with("motion.") ||
         kind.starts_with("charter.") ||  // charter.amend: engine/charter_amend.h
         IsControlKind(kind) || IsOversightKind(kind) ||
         kind.starts_with("ration.");
}

const SeatHolder* CouncilLedger::Holder(const std::string& body, std::int64_t seat) const {
  auto found = bodies.find(body);
  if (found == bodies.end() || seat < 1 ||
      seat > static_cast<std::int64_t>(found->second.seats.size())) {
    return nullptr;
  }
  const std::optional<SeatHolder>& holder =
      found->second.seats[static_cast<std::size_t>(seat - 1)];
  return holder ? &*holder : nullptr;
}

std::int64_t CouncilLedger::Seated(const std::string& body) const {
  auto found = bodies.find(body);
  if (found == bodies.end()) return 0;
  return std::count_if(found->second.seats.begin(), found->second.seats.end(),
                       [](const std::optional<SeatHolder>& seat) { return seat.has_value(); });
}

namespace engine {
namespace {

using engine_internal::Bad;
using engine_internal::TextOf;

// The latest date of the journal's dated acts: the register's and the
// council's, kept in one order (sovet/council.h "Dates").
std::optional<Date> LatestDate(const EngineState& state) {
  std::optional<Date> latest = state.ledger.latest;
  if (const std::optional<Date> roll = state.roll.latest()) {
    if (!latest || *latest < *roll) latest = roll;
  }
  return latest;
}

Result<Date> DateOf(const Act& act) {
  SOVET_TRY(std::string text, TextOf(act, schema::council::field::kDate));
  Result<Date> date = Date::Parse(text);
  if (!date) return Error(Bad(act, schema::council::field::kDate, "a date YYYY-MM-DD"));
  return *date;
}

}  // namespace

Result<void> CheckCouncilAct(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(Date date, DateOf(act));
  if (const std::optional<Date> latest = LatestDate(state); latest && date < *latest) {
    return Error(Status::InvalidInput(
        fmt::format("{}: dated {}, before the journal's latest dated act ({}); acts are kept in "
                    "date order (doc/operating.md \"Dates\")",
                    act.kind, date.ToString(), latest->ToString()),
        SourceLocation{.field = schema::council::field::kDate}));
  }
  if (IsMotionKind(act.kind)) return CheckMotionAct(state, charter, act, date);
  if (act.kind.starts_with("election.")) return CheckElectionAct(state, charter, act, date);
  if (act.kind.starts_with("recall.")) return CheckRecallAct(state, charter, act, date);
  if (act.kind.starts_with("session.")) return CheckSessionAct(state, charter, act, date);
  if (act.kind.starts_with("charter.")) return CheckCharterAct(state, charter, act, date);
  if (IsControlKind(act.kind)) return CheckControlAct(state, charter, act, date);
  if (IsOversightKind(act.kind)) return CheckOversightAct(state, charter, act, date);
  if (act.kind.starts_with("ration.")) return CheckRationAct(state, charter, act, date);
  return Error(Bad(act, "kind", "a council act kind (election.*, recall.*, session.*)"));
}

void ApplyCouncilAct(EngineState& state, const Charter& charter, const Act& act) {
  const Date date = *Date::Parse(act.fields.at(schema::council::field::kDate).text());
  if (act.kind.starts_with("ration.")) {  // sovet/rations.h: no seat changes
    ApplyRationAct(state, charter, act, date);
    state.ledger.latest = date;
    return;
  }
  if (act.kind.starts_with("election.")) ApplyElectionAct(state, charter, act, date);
  if (act.kind.starts_with("recall.")) ApplyRecallAct(state, charter, act, date);
  if (IsMotionKind(act.kind)) ApplyMotionAct(state, charter, act, date);
  if (act.kind.starts_with("session.") && !IsMotionKind(act.kind)) {
    ApplySessionAct(state, charter, act, date);
  }
  if (act.kind.starts_with("charter.")) ApplyCharterAct(state, act, date);
  if (IsControlKind(act.kind)) ApplyControlAct(state, charter, act, date);
  if (IsOversightKind(act.kind)) ApplyOversightAct(state, charter, act, date);
  if (!IsControlKind(act.kind)) ObserveCouncilSeats(state, act, date);
  state.ledger.latest = date;
}

void AddCouncilProjection(Projector& projector) {
  AddElectionProjection(projector);
  AddRecallProjection(projector);
  AddSessionProjection(projector);
  AddMotionProjection(projector);
  AddCharterProjection(projector);
  AddControlProjection(projector);
  AddOversightProjection(projector);
  AddRationProjection(projector);
}

}  // namespace engine
}  // namespace sovet
