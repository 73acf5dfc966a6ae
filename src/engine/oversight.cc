// Oversight of decisions and appeals (001:144, 001:146; SYSTEM.md §7.3;
// doc/oversight.md): the rules of act.annul, act.suspend, act.lift,
// act.approve, appeal.lodge and appeal.decide against the state, their
// application to the DecisionLedger (sovet/decisions.h) and the
// OversightLedger (sovet/oversight.h), and their projection.
//
// A decision's status (Decision::status), and the functions that change it:
//   adopted (motion.close)   -> kInForce, or kAwaitingApproval when its
//                               motion kind is essential (motions' rules)
//   kAwaitingApproval --act.approve   (CheckApprove/Apply)  --> kInForce
//   kInForce          --act.suspend   (CheckSuspend/Apply)  --> kSuspended
//   kInForce          --appeal.lodge of a suspensive rule   --> kSuspended
//   kSuspended        --act.lift      (CheckLift/Apply; only what
//                                      act.suspend suspended) --> kInForce
//   kSuspended        --appeal.decide upheld|amended (the appeal that
//                                      suspended it)         --> kInForce
//   any but kAnnulled --act.annul     (CheckAnnul/Apply)    --> kAnnulled
//   any but kAnnulled --appeal.decide annulled              --> kAnnulled
// kAnnulled is final: a pending appeal of an annulled decision lapses.
// Every change appends a DecisionChange to the decision's history.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/oversight.h"
#include "sovet/oversight_rules.h"

namespace sovet {

bool IsOversightKind(std::string_view kind) {
  return kind.starts_with("act.") || kind.starts_with("appeal.");
}

const char* AppealStageName(AppealStage stage) {
  switch (stage) {
    case AppealStage::kPending:
      return "pending";
    case AppealStage::kUpheld:
      return "upheld";
    case AppealStage::kAnnulled:
      return "annulled";
    case AppealStage::kAmended:
      return "amended";
    case AppealStage::kLapsed:
      return "lapsed";
  }
  return "pending";
}

namespace engine {
namespace {

namespace field = schema::oversight::field;
namespace table = schema::oversight::table;
namespace kinds = schema::oversight;

using engine_internal::Bad;
using engine_internal::BoolOf;
using engine_internal::IntOf;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextOr;

constexpr const char* kRuleDoc = "doc/oversight.md";

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{}: {}", act.kind, rule),
                              SourceLocation{.field = field_name});
}

Status Repeated(const Act& act, const std::string& rule, const char* field_name) {
  return Status::AlreadyExists(fmt::format("{}: {}", act.kind, rule),
                               SourceLocation{.field = field_name});
}

std::string Quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

bool IsHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// An operator's id (an appeal's): printable, no spaces, at most 256 bytes.
bool IsId(std::string_view id) {
  return !id.empty() && id.size() <= 256 &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
         });
}

// ---- the fields of each kind (what the journal's checker also runs) ------

// act.annul, act.suspend, act.lift, act.approve: the organ is the act's body.
struct OrganFields {
  std::int64_t decision = 0;
  std::string grounds;
};

Result<OrganFields> ReadOrgan(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAct, field::kGrounds}));
  OrganFields out;
  SOVET_TRY(out.decision, IntOf(act, field::kAct));
  SOVET_TRY(out.grounds, TextOr(act, field::kGrounds, ""));
  if (out.decision < 1) return Error(Bad(act, field::kAct, "a decision's entry number, 1 or more"));
  if (act.body.empty()) return Error(Bad(act, "body", "the id of the organ acting (KIND:UNIT)"));
  return out;
}

struct LodgeFields {
  std::string appeal, rule, appellant, standing, grounds;
  std::int64_t decision = 0;
  Date deadline;
  bool suspends = false;
};

Result<LodgeFields> ReadLodge(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAppeal, field::kAct, field::kRule,
                                  field::kAppellant, field::kStanding, field::kDeadline,
                                  field::kSuspends, field::kGrounds}));
  LodgeFields out;
  SOVET_TRY(out.appeal, TextOf(act, field::kAppeal));
  if (!IsId(out.appeal)) {
    return Error(Bad(act, field::kAppeal, "an id of 1 to 256 printable bytes, no spaces"));
  }
  SOVET_TRY(out.decision, IntOf(act, field::kAct));
  if (out.decision < 1) return Error(Bad(act, field::kAct, "a decision's entry number, 1 or more"));
  SOVET_TRY(out.rule, TextOf(act, field::kRule));
  SOVET_TRY(out.appellant, TextOf(act, field::kAppellant));
  if (!IsId(out.appellant)) return Error(Bad(act, field::kAppellant, "a person's id"));
  SOVET_TRY(out.standing, TextOf(act, field::kStanding));
  SOVET_TRY(std::string deadline, TextOf(act, field::kDeadline));
  Result<Date> parsed = Date::Parse(deadline);
  if (!parsed) return Error(Bad(act, field::kDeadline, "a date YYYY-MM-DD"));
  out.deadline = *parsed;
  SOVET_TRY(out.suspends, BoolOf(act, field::kSuspends, false));
  SOVET_TRY(out.grounds, TextOr(act, field::kGrounds, ""));
  if (act.body.empty()) return Error(Bad(act, "body", "the organ appealed to (KIND:UNIT)"));
  return out;
}

enum class Outcome : std::uint8_t { kUpheld, kAnnulled, kAmended };

struct DecideFields {
  std::string appeal, text_sha256, grounds;
  Outcome outcome = Outcome::kUpheld;
};

Result<DecideFields> ReadDecide(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAppeal, field::kOutcome,
                                  field::kTextSha256, field::kGrounds}));
  DecideFields out;
  SOVET_TRY(out.appeal, TextOf(act, field::kAppeal));
  SOVET_TRY(std::string outcome, TextOf(act, field::kOutcome));
  if (outcome == "upheld") {
    out.outcome = Outcome::kUpheld;
  } else if (outcome == "annulled") {
    out.outcome = Outcome::kAnnulled;
  } else if (outcome == "amended") {
    out.outcome = Outcome::kAmended;
  } else {
    return Error(Bad(act, field::kOutcome, "\"upheld\", \"annulled\" or \"amended\""));
  }
  SOVET_TRY(out.text_sha256, TextOr(act, field::kTextSha256, ""));
  if (out.outcome == Outcome::kAmended && !IsHex64(out.text_sha256)) {
    return Error(Bad(act, field::kTextSha256,
                     "the amended text's SHA-256, 64 lower-case hex digits (outcome \"amended\")"));
  }
  if (out.outcome != Outcome::kAmended && !out.text_sha256.empty()) {
    return Error(Bad(act, field::kTextSha256, "no text_sha256 unless the outcome is \"amended\""));
  }
  SOVET_TRY(out.grounds, TextOr(act, field::kGrounds, ""));
  if (act.body.empty()) return Error(Bad(act, "body", "the organ deciding (KIND:UNIT)"));
  return out;
}

Result<void> CheckShape(const Act& act) {
  SOVET_TRY(std::string date, TextOf(act, field::kDate));
  if (!Date::Parse(date)) return Error(Bad(act, field::kDate, "a date YYYY-MM-DD"));
  if (act.kind == kinds::kAnnulKind || act.kind == kinds::kSuspendKind ||
      act.kind == kinds::kLiftKind || act.kind == kinds::kApproveKind) {
    SOVET_TRY(OrganFields fields, ReadOrgan(act));
    (void)fields;
  } else if (act.kind == kinds::kLodgeKind) {
    SOVET_TRY(LodgeFields fields, ReadLodge(act));
    (void)fields;
  } else if (act.kind == kinds::kDecideKind) {
    SOVET_TRY(DecideFields fields, ReadDecide(act));
    (void)fields;
  } else {
    return Error(Bad(act, "kind",
                     "act.annul, act.suspend, act.lift, act.approve, appeal.lodge or "
                     "appeal.decide"));
  }
  return {};
}

// ---- the rules ----------------------------------------------------------

// Whether unit `inner` is `outer` or lies beneath it: by the register's
// census tree (register.units), else by the figures session.demand recorded
// (UnitFigures::within). Units neither knows lie in no one's subtree but
// their own.
bool UnitWithin(const EngineState& state, const std::string& inner, const std::string& outer) {
  if (inner == outer) return true;
  const std::int32_t at = state.roll.FindTreeUnit(inner);
  const std::int32_t above = state.roll.FindTreeUnit(outer);
  if (at >= 0 && above >= 0) return state.roll.Within(at, above);
  auto figures = state.ledger.units.find(inner);
  if (figures != state.ledger.units.end()) {
    const auto& within = figures->second.within;
    return std::find(within.begin(), within.end(), outer) != within.end();
  }
  return false;
}

const char* DescribeStatus(DecisionStatus status) { return DecisionStatusName(status); }

// The decision named by `act` (field kAct).
Result<const Decision*> FindDecision(const EngineState& state, const Act& act,
                                     std::int64_t decision) {
  const auto& decisions = state.ledger.decisions.decisions;
  auto found = decisions.find(decision);
  if (found == decisions.end()) {
    return Error(Refused(act,
                         fmt::format("entry {} is no adopted decision: an act is named by the "
                                     "entry of the motion.close that adopted it (doc/decisions.md)",
                                     decision),
                         field::kAct));
  }
  return &found->second;
}

// The label of a body kind for messages: the charter's name, else the kind.
std::string BodyLabel(const Charter& charter, const std::string& kind) {
  const BodyRule* rule = charter.FindBody(kind);
  return rule != nullptr && !rule->name.empty() ? fmt::format("{} ({})", rule->name, kind) : kind;
}

// The organ (the act's body) exists, holds `power` over the decision's
// body by an [[oversight]] rule, and the decision's body lies in its
// subtree.
Result<const OversightRule*> CheckPower(const EngineState& state, const Charter& charter,
                                        const Act& act, const Decision& decision,
                                        OversightPower power) {
  if (state.FindBody(act.body) < 0) {
    return Error(Refused(act, fmt::format("organ {} is no body of this journal (body.create)",
                                          Quoted(act.body)),
                         "body"));
  }
  const std::string organ_kind = BodyKindOf(act.body);
  const std::string decision_kind = BodyKindOf(decision.body);
  const OversightRule* rule = charter.oversight.Find(organ_kind, decision_kind, power);
  if (rule == nullptr) {
    return Error(Refused(
        act,
        fmt::format("no [[oversight]] rule of the charter gives {} the power to {} decisions of "
                    "{} (charter [[oversight]] organ/over/powers; 001:144)",
                    BodyLabel(charter, organ_kind), OversightPowerName(power),
                    BodyLabel(charter, decision_kind)),
        "body"));
  }
  const std::string organ_unit = BodyUnitOf(act.body);
  const std::string decision_unit = BodyUnitOf(decision.body);
  if (!UnitWithin(state, decision_unit, organ_unit)) {
    return Error(Refused(
        act,
        fmt::format("decision {} of {} lies outside the subtree of {}: unit {} is not {} nor "
                    "beneath it; an organ acts on the bodies of its own territory (charter "
                    "{} organ = {}; {})",
                    decision.act, decision.body, act.body, Quoted(decision_unit),
                    Quoted(organ_unit), rule->where.field.empty() ? "[[oversight]]" : rule->where.field,
                    Quoted(rule->organ),
                    rule->cite.empty() ? std::string("001:144") : rule->cite),
        "body"));
  }
  return rule;
}

std::string LastChange(const Decision& decision) {
  if (decision.history.empty()) return fmt::format("adopted on {}", decision.adopted_on.ToString());
  const DecisionChange& last = decision.history.back();
  return fmt::format("{} on {} by {}", DescribeStatus(last.status), last.on.ToString(), last.by);
}

Result<void> CheckOrganAct(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(OrganFields fields, ReadOrgan(act));
  SOVET_TRY(const Decision* decision, FindDecision(state, act, fields.decision));
  if (decision->status == DecisionStatus::kAnnulled) {
    return Error(Repeated(act,
                          fmt::format("decision {} of {} is annulled ({}): annulment is final ({})",
                                      decision->act, decision->body, LastChange(*decision),
                                      kRuleDoc),
                          field::kAct));
  }
  OversightPower power = OversightPower::kAnnul;
  if (act.kind == kinds::kSuspendKind || act.kind == kinds::kLiftKind) {
    power = OversightPower::kSuspend;
  } else if (act.kind == kinds::kApproveKind) {
    power = OversightPower::kApprove;
  }
  SOVET_TRY(const OversightRule* rule, CheckPower(state, charter, act, *decision, power));
  (void)rule;
  const auto& suspended = state.ledger.oversight.suspended;
  if (act.kind == kinds::kSuspendKind) {
    if (decision->status == DecisionStatus::kSuspended) {
      return Error(Repeated(act,
                            fmt::format("decision {} of {} is already suspended ({})",
                                        decision->act, decision->body, LastChange(*decision)),
                            field::kAct));
    }
    if (decision->status == DecisionStatus::kAwaitingApproval) {
      return Error(Refused(
          act,
          fmt::format("decision {} of {} awaits approval and is not in force: there is nothing to "
                      "suspend; the organ approves it (act.approve) or annuls it (act.annul) "
                      "(001:144; {})",
                      decision->act, decision->body, kRuleDoc),
          field::kAct));
    }
  } else if (act.kind == kinds::kLiftKind) {
    if (decision->status != DecisionStatus::kSuspended) {
      return Error(Refused(act,
                           fmt::format("decision {} of {} is not suspended (it is {}): only a "
                                       "suspended decision is lifted ({})",
                                       decision->act, decision->body,
                                       DescribeStatus(decision->status), kRuleDoc),
                           field::kAct));
    }
    auto by = suspended.find(decision->act);
    if (by != suspended.end() && !by->second.appeal.empty()) {
      return Error(Refused(
          act,
          fmt::format("decision {} of {} is suspended by the pending appeal {} (a suspensive "
                      "[[appeal]]): it resumes when {} decides the appeal (appeal.decide), not by "
                      "act.lift ({})",
                      decision->act, decision->body, Quoted(by->second.appeal), by->second.by,
                      kRuleDoc),
          field::kAct));
    }
  } else if (act.kind == kinds::kApproveKind) {
    if (decision->status != DecisionStatus::kAwaitingApproval) {
      return Error(Refused(
          act,
          fmt::format("decision {} of {} ({}) awaits no approval (it is {}): only a decision of "
                      "an essential motion kind (the motion kind's `essential = true`) waits for "
                      "the higher organ's approval before it takes effect (001:144; {})",
                      decision->act, decision->body, decision->motion_kind,
                      DescribeStatus(decision->status), kRuleDoc),
          field::kAct));
    }
  }
  return {};
}

// The last day an appeal of `decision` under `rule` may be lodged: the
// adoption (publication) is day 0; `days` calendar days later is the last.
Date Deadline(const Decision& decision, const AppealRule& rule) {
  return decision.adopted_on.AddDays(rule.days);
}

// Whether the lodging suspends the decision: a suspensive rule and a
// decision in force.
bool Suspends(const Decision& decision, const AppealRule& rule) {
  return rule.suspensive && decision.status == DecisionStatus::kInForce;
}

// Whether `person` holds a seat of `body` on `on` (a term not ended).
bool HoldsSeat(const EngineState& state, const std::string& body, const std::string& person,
               Date on) {
  auto found = state.ledger.bodies.find(body);
  if (found == state.ledger.bodies.end()) return false;
  for (const std::optional<SeatHolder>& seat : found->second.seats) {
    if (seat && seat->person == person && (!seat->term_ends || on < *seat->term_ends)) {
      return true;
    }
  }
  return false;
}

Result<void> CheckLodge(const EngineState& state, const Charter& charter, const Act& act,
                        Date date) {
  SOVET_TRY(LodgeFields fields, ReadLodge(act));
  const OversightLedger& ledger = state.ledger.oversight;
  if (auto found = ledger.appeals.find(fields.appeal); found != ledger.appeals.end()) {
    return Error(Repeated(act,
                          fmt::format("appeal {} is already lodged (on {}): an appeal's id is "
                                      "unique in the journal",
                                      Quoted(fields.appeal), found->second.lodged.ToString()),
                          field::kAppeal));
  }
  SOVET_TRY(const Decision* decision, FindDecision(state, act, fields.decision));
  const AppealRule* rule = charter.oversight.FindAppeal(fields.rule);
  if (rule == nullptr) {
    std::vector<std::string> ids;
    for (const AppealRule& known : charter.oversight.appeals) ids.push_back(known.id);
    return Error(Refused(act,
                         fmt::format("no [[appeal]] rule of the charter has id {} (the charter's: "
                                     "{})",
                                     Quoted(fields.rule),
                                     ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids, ", "))),
                         field::kRule));
  }
  const std::string cite = rule->cite.empty() ? std::string("001:144") : rule->cite;
  const std::string decision_kind = BodyKindOf(decision->body);
  if (!rule->AppliesTo(decision_kind, decision->motion_kind)) {
    return Error(Refused(
        act,
        fmt::format("[[appeal]] {} covers decisions of {}{}, not decision {} of {} ({}) "
                    "(charter [[appeal]] decisions_of/motion_kinds; {})",
                    Quoted(rule->id), fmt::join(rule->decisions_of, ", "),
                    rule->motion_kinds.empty()
                        ? std::string()
                        : fmt::format(" of the motion kinds {}", fmt::join(rule->motion_kinds, ", ")),
                    decision->act, decision->body, decision->motion_kind, cite),
        field::kRule));
  }
  if (decision->status == DecisionStatus::kAnnulled) {
    return Error(Refused(act,
                         fmt::format("decision {} of {} is annulled ({}): there is nothing to "
                                     "appeal ({})",
                                     decision->act, decision->body, LastChange(*decision),
                                     kRuleDoc),
                         field::kAct));
  }
  const Date deadline = Deadline(*decision, *rule);
  if (date > deadline) {
    return Error(Refused(
        act,
        fmt::format("the deadline to appeal decision {} of {} was {}: adopted (published) on {}, "
                    "day 0, and appealed within {} calendar days, the last day included (charter "
                    "[[appeal]] {} days = {}; {}); {} is too late",
                    decision->act, decision->body, deadline.ToString(),
                    decision->adopted_on.ToString(), rule->days, Quoted(rule->id), rule->days,
                    cite, date.ToString()),
        field::kDate));
  }
  if (state.FindBody(act.body) < 0) {
    return Error(Refused(act, fmt::format("organ {} is no body of this journal (body.create)",
                                          Quoted(act.body)),
                         "body"));
  }
  const std::string organ_kind = BodyKindOf(act.body);
  if (!rule->GoesTo(organ_kind)) {
    return Error(Refused(act,
                         fmt::format("[[appeal]] {} goes to {}, not to {} (charter [[appeal]] "
                                     "to; {})",
                                     Quoted(rule->id), fmt::join(rule->to, " or "),
                                     BodyLabel(charter, organ_kind), cite),
                         "body"));
  }
  const std::string decision_unit = BodyUnitOf(decision->body);
  if (!UnitWithin(state, decision_unit, BodyUnitOf(act.body))) {
    return Error(Refused(act,
                         fmt::format("{} is not over {}: unit {} is not {} nor beneath it (an "
                                     "appeal goes to an organ of the decision's territory; {})",
                                     act.body, decision->body, Quoted(decision_unit),
                                     Quoted(BodyUnitOf(act.body)), cite),
                         "body"));
  }
  if (auto pending = ledger.pending.find(decision->act); pending != ledger.pending.end()) {
    const Appeal& other = ledger.appeals.at(pending->second);
    return Error(Repeated(act,
                          fmt::format("decision {} of {} already has appeal {} pending before {} "
                                      "(lodged {} by {}): one appeal of a decision at a time, "
                                      "until the organ decides it ({})",
                                      decision->act, decision->body, Quoted(other.id), other.organ,
                                      other.lodged.ToString(), Quoted(other.appellant), kRuleDoc),
                          field::kAct));
  }
  // Standing (charter [[appeal]] seat_in / electors).
  if (fields.standing == schema::oversight::kElectorStanding) {
    if (!rule->electors) {
      return Error(Refused(act,
                           fmt::format("[[appeal]] {} gives electors no standing: the appellant "
                                       "must be {} (a seat in {}; {})",
                                       Quoted(rule->id), rule->standing,
                                       fmt::join(rule->seat_in, ", "), cite),
                           field::kStanding));
    }
    if (!OnRoll(state, charter, fields.appellant, decision_unit, date)) {
      return Error(Refused(
          act,
          fmt::format("{} is not an elector of {} on {}: {} (charter [[appeal]] {} electors)",
                      Quoted(fields.appellant), Quoted(decision_unit), date.ToString(),
                      state.roll.WhyNotOnRoll(charter, fields.appellant, decision_unit, date),
                      Quoted(rule->id)),
          field::kAppellant));
    }
  } else {
    const std::string standing_kind = BodyKindOf(fields.standing);
    if (!rule->SeatIn(standing_kind) ||
        !UnitWithin(state, decision_unit, BodyUnitOf(fields.standing))) {
      return Error(Refused(
          act,
          fmt::format("standing {} gives no right of appeal under [[appeal]] {}: the appellant "
                      "must be {} — a seat in a body of {} over {}{} (charter [[appeal]] "
                      "seat_in; {})",
                      Quoted(fields.standing), Quoted(rule->id), rule->standing,
                      fmt::join(rule->seat_in, ", "), decision->body,
                      rule->electors ? ", or \"elector\" of its unit" : "", cite),
          field::kStanding));
    }
    if (!HoldsSeat(state, fields.standing, fields.appellant, date)) {
      return Error(Refused(act,
                           fmt::format("{} holds no seat of {} on {}: standing under [[appeal]] "
                                       "{} is {} ({})",
                                       Quoted(fields.appellant), fields.standing, date.ToString(),
                                       Quoted(rule->id), rule->standing, cite),
                           field::kAppellant));
    }
  }
  if (fields.deadline != deadline) {
    return Error(Refused(act,
                         fmt::format("deadline {} is not the rule's: {} (adoption {} + {} days, "
                                     "charter [[appeal]] {})",
                                     fields.deadline.ToString(), deadline.ToString(),
                                     decision->adopted_on.ToString(), rule->days,
                                     Quoted(rule->id)),
                         field::kDeadline));
  }
  const bool suspends = Suspends(*decision, *rule);
  if (fields.suspends != suspends) {
    return Error(Refused(
        act,
        fmt::format("suspends must be {}: [[appeal]] {} is {}suspensive and decision {} is {} (a "
                    "suspensive appeal suspends a decision in force)",
                    suspends, Quoted(rule->id), rule->suspensive ? "" : "not ", decision->act,
                    DescribeStatus(decision->status)),
        field::kSuspends));
  }
  return {};
}

Result<void> CheckDecide(const EngineState& state, const Act& act) {
  SOVET_TRY(DecideFields fields, ReadDecide(act));
  const OversightLedger& ledger = state.ledger.oversight;
  auto found = ledger.appeals.find(fields.appeal);
  if (found == ledger.appeals.end()) {
    return Error(Refused(act,
                         fmt::format("appeal {} is not lodged (appeal.lodge; {})",
                                     Quoted(fields.appeal), kRuleDoc),
                         field::kAppeal));
  }
  const Appeal& appeal = found->second;
  if (act.body != appeal.organ) {
    return Error(Refused(act,
                         fmt::format("appeal {} was lodged with {}: that organ decides it, not {}",
                                     Quoted(appeal.id), appeal.organ, act.body),
                         "body"));
  }
  if (appeal.stage == AppealStage::kLapsed) {
    return Error(Refused(act,
                         fmt::format("appeal {} lapsed: decision {} was annulled before it was "
                                     "decided ({})",
                                     Quoted(appeal.id), appeal.act, kRuleDoc),
                         field::kAppeal));
  }
  if (appeal.stage != AppealStage::kPending) {
    return Error(Repeated(act,
                          fmt::format("appeal {} was decided on {} ({}): an appeal is decided "
                                      "once ({})",
                                      Quoted(appeal.id),
                                      appeal.decided ? appeal.decided->ToString() : "?",
                                      AppealStageName(appeal.stage), kRuleDoc),
                          field::kAppeal));
  }
  const Decision& decision = state.ledger.decisions.decisions.at(appeal.act);
  if (fields.outcome == Outcome::kAmended && fields.text_sha256 == decision.text_sha256) {
    return Error(Refused(act,
                         fmt::format("the amended text's SHA-256 is the decision's own ({}): an "
                                     "amendment gives a new text; to keep it, the outcome is "
                                     "\"upheld\"",
                                     decision.text_sha256),
                         field::kTextSha256));
  }
  return {};
}

// ---- application -----------------------------------------------------------

// The entry number of the act being applied, for DecisionChange::act
// (EngineState::seq).
std::int64_t CurrentSeq(const EngineState& state) { return state.seq; }

void Change(EngineState& state, Decision& decision, DecisionStatus status, Date date,
            const std::string& by) {
  decision.status = status;
  decision.history.push_back(
      DecisionChange{.act = CurrentSeq(state), .on = date, .status = status, .by = by});
}

// Annuls `decision` (final): its suspension is over and a pending appeal
// lapses.
void Annul(EngineState& state, Decision& decision, Date date, const std::string& by) {
  Change(state, decision, DecisionStatus::kAnnulled, date, by);
  OversightLedger& ledger = state.ledger.oversight;
  ledger.suspended.erase(decision.act);
  if (auto pending = ledger.pending.find(decision.act); pending != ledger.pending.end()) {
    Appeal& appeal = ledger.appeals.at(pending->second);
    if (appeal.stage == AppealStage::kPending) appeal.stage = AppealStage::kLapsed;
    ledger.pending.erase(pending);
  }
}

// ---- the projection ----------------------------------------------------------

const std::vector<std::string>& StatusColumns() {
  static const std::vector<std::string> kColumns = {"seq",   "decision", "changed_on", "kind",
                                                    "status", "by_body", "appeal"};
  return kColumns;
}

Result<void> ProjectOrgan(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(OrganFields fields, ReadOrgan(act));
  const char* status = "in_force";
  if (entry.kind == kinds::kAnnulKind) status = "annulled";
  if (entry.kind == kinds::kSuspendKind) status = "suspended";
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_CHECK_OK(sql.Insert(table::kDecisionStatus, StatusColumns(),
                            {entry.seq, fields.decision, date, entry.kind, std::string(status),
                             entry.body, std::string()}));
  if (entry.kind != kinds::kAnnulKind) return {};
  return sql.Exec(
      "UPDATE {p}council_appeals SET stage = 'lapsed', seq = $2 WHERE decision = $1 AND stage = "
      "'pending'",
      {fields.decision, entry.seq});
}

Result<void> ProjectLodge(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {
      "appeal",   "decision",   "rule",  "appellant",   "standing", "organ",    "lodged",
      "deadline", "suspends",   "stage", "decided",     "outcome",  "text_sha256",
      "lodge_seq", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(LodgeFields fields, ReadLodge(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_CHECK_OK(sql.Insert(
      table::kAppeals, kColumns,
      {fields.appeal, fields.decision, fields.rule, fields.appellant, fields.standing, entry.body,
       date, fields.deadline.ToString(), std::int64_t{fields.suspends ? 1 : 0},
       std::string("pending"), std::string(), std::string(), std::string(), entry.seq,
       entry.seq}));
  if (!fields.suspends) return {};
  return sql.Insert(table::kDecisionStatus, StatusColumns(),
                    {entry.seq, fields.decision, date, entry.kind, std::string("suspended"),
                     entry.body, fields.appeal});
}

Result<void> ProjectDecide(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(DecideFields fields, ReadDecide(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_TRY(auto rows, sql.Query("SELECT decision, suspends, stage FROM {p}council_appeals "
                                 "WHERE appeal = $1",
                                 {fields.appeal}));
  if (rows.size() != 1 || !std::holds_alternative<std::int64_t>(rows[0][0]) ||
      !std::holds_alternative<std::int64_t>(rows[0][1]) ||
      !std::holds_alternative<std::string>(rows[0][2]) ||
      std::get<std::string>(rows[0][2]) != "pending") {
    return Error(Status::FailedPrecondition(fmt::format(
        "appeal.decide: appeal {} is not pending in council_appeals", fields.appeal)));
  }
  const std::int64_t decision = std::get<std::int64_t>(rows[0][0]);
  const bool suspended = std::get<std::int64_t>(rows[0][1]) != 0;
  const char* stage = fields.outcome == Outcome::kUpheld     ? "upheld"
                      : fields.outcome == Outcome::kAnnulled ? "annulled"
                                                             : "amended";
  SOVET_CHECK_OK(sql.Exec(
      "UPDATE {p}council_appeals SET stage = $2, decided = $3, outcome = $2, text_sha256 = $4, "
      "seq = $5 WHERE appeal = $1",
      {fields.appeal, std::string(stage), date, fields.text_sha256, entry.seq}));
  std::string status;
  if (fields.outcome == Outcome::kAnnulled) {
    status = "annulled";
  } else if (suspended || fields.outcome == Outcome::kAmended) {
    // A decision the appeal suspended resumes; an amended one is recorded
    // with its new text, in force (or as it was, when it was not suspended
    // by the appeal: the engine's state has the status).
    status = suspended ? "in_force" : "amended";
  }
  if (status.empty()) return {};
  return sql.Insert(table::kDecisionStatus, StatusColumns(),
                    {entry.seq, decision, date, entry.kind, status, entry.body, fields.appeal});
}

}  // namespace

Result<void> CheckOversightAct(const EngineState& state, const Charter& charter, const Act& act,
                               Date date) {
  if (act.kind == kinds::kAnnulKind || act.kind == kinds::kSuspendKind ||
      act.kind == kinds::kLiftKind || act.kind == kinds::kApproveKind) {
    return CheckOrganAct(state, charter, act);
  }
  if (act.kind == kinds::kLodgeKind) return CheckLodge(state, charter, act, date);
  if (act.kind == kinds::kDecideKind) return CheckDecide(state, act);
  return Error(Status::InvalidInput(
      fmt::format("{}: not an act kind of this sovet (act.annul, act.suspend, act.lift, "
                  "act.approve, appeal.lodge, appeal.decide)",
                  act.kind),
      SourceLocation{.field = "kind"}));
}

void ApplyOversightAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  OversightLedger& ledger = state.ledger.oversight;
  auto& decisions = state.ledger.decisions.decisions;
  if (act.kind == kinds::kLodgeKind) {
    const LodgeFields fields = *ReadLodge(act);
    Decision& decision = decisions.at(fields.decision);
    Appeal appeal;
    appeal.id = fields.appeal;
    appeal.act = fields.decision;
    appeal.rule = fields.rule;
    appeal.appellant = fields.appellant;
    appeal.standing = fields.standing;
    appeal.organ = act.body;
    appeal.lodged = date;
    appeal.deadline = fields.deadline;
    appeal.suspensive = fields.suspends;
    ledger.pending[fields.decision] = fields.appeal;
    ledger.appeals.emplace(fields.appeal, std::move(appeal));
    if (fields.suspends) {
      Change(state, decision, DecisionStatus::kSuspended, date, act.body);
      ledger.suspended[fields.decision] =
          Suspension{.by = act.body, .appeal = fields.appeal, .on = date};
    }
    (void)charter;
    return;
  }
  if (act.kind == kinds::kDecideKind) {
    const DecideFields fields = *ReadDecide(act);
    Appeal& appeal = ledger.appeals.at(fields.appeal);
    Decision& decision = decisions.at(appeal.act);
    appeal.decided = date;
    ledger.pending.erase(appeal.act);
    if (fields.outcome == Outcome::kAnnulled) {
      appeal.stage = AppealStage::kAnnulled;
      Annul(state, decision, date, act.body);
      return;
    }
    appeal.stage = fields.outcome == Outcome::kUpheld ? AppealStage::kUpheld : AppealStage::kAmended;
    if (fields.outcome == Outcome::kAmended) {
      appeal.text_sha256 = fields.text_sha256;
      decision.text_sha256 = fields.text_sha256;
    }
    auto suspension = ledger.suspended.find(decision.act);
    if (suspension != ledger.suspended.end() && suspension->second.appeal == appeal.id) {
      ledger.suspended.erase(suspension);
      Change(state, decision, DecisionStatus::kInForce, date, act.body);
    } else if (fields.outcome == Outcome::kAmended) {
      // The amendment is a change of the decision: its history records it,
      // the status unchanged.
      Change(state, decision, decision.status, date, act.body);
    }
    return;
  }
  const OrganFields fields = *ReadOrgan(act);
  Decision& decision = decisions.at(fields.decision);
  if (act.kind == kinds::kAnnulKind) {
    Annul(state, decision, date, act.body);
  } else if (act.kind == kinds::kSuspendKind) {
    Change(state, decision, DecisionStatus::kSuspended, date, act.body);
    ledger.suspended[decision.act] = Suspension{.by = act.body, .appeal = {}, .on = date};
  } else if (act.kind == kinds::kLiftKind) {
    Change(state, decision, DecisionStatus::kInForce, date, act.body);
    ledger.suspended.erase(decision.act);
  } else if (act.kind == kinds::kApproveKind) {
    Change(state, decision, DecisionStatus::kInForce, date, act.body);
  }
}

void AddOversightProjection(Projector& projector) {
  // Every change of a decision's status oversight made, by the act's seq:
  // the decision, the day, the act's kind, the new status ("amended" when an
  // appeal amended a decision it had not suspended) and the organ.
  projector.AddTable(StateTable{
      .name = table::kDecisionStatus,
      .columns = "seq BIGINT NOT NULL PRIMARY KEY, decision BIGINT NOT NULL, "
                 "changed_on TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, "
                 "by_body TEXT NOT NULL, appeal TEXT NOT NULL",
      .order_by = "seq"});
  projector.AddTable(StateTable{
      .name = table::kAppeals,
      .columns = "appeal TEXT NOT NULL PRIMARY KEY, decision BIGINT NOT NULL, rule TEXT NOT NULL, "
                 "appellant TEXT NOT NULL, standing TEXT NOT NULL, organ TEXT NOT NULL, "
                 "lodged TEXT NOT NULL, deadline TEXT NOT NULL, suspends BIGINT NOT NULL, "
                 "stage TEXT NOT NULL, decided TEXT NOT NULL, outcome TEXT NOT NULL, "
                 "text_sha256 TEXT NOT NULL, lodge_seq BIGINT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "appeal"});
  for (const char* kind : {kinds::kAnnulKind, kinds::kSuspendKind, kinds::kLiftKind,
                           kinds::kApproveKind}) {
    projector.AddKind(kind, &CheckShape, &ProjectOrgan);
  }
  projector.AddKind(kinds::kLodgeKind, &CheckShape, &ProjectLodge);
  projector.AddKind(kinds::kDecideKind, &CheckShape, &ProjectDecide);
}

}  // namespace engine
}  // namespace sovet
