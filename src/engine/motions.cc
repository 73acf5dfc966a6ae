// Sittings and motions (sovet/decisions.h; doc/decisions.md): a body meets
// in session (001:144 for the Congress's sessions; SYSTEM.md §7.3 "a body
// decides in session, quorum half plus one"), the members present are
// recorded, motions are put, voted by roll call and closed by their tally
// under the charter's rule for the motion's kind (001:62, 004:21, 004:36,
// 002:265); an adopted motion becomes a Decision.
//
// Lifecycle (doc/decisions.md draws it):
//   session.open   -> Sitting open     (CheckOpen / ApplyOpen)
//   session.attend -> members present  (CheckAttend / ApplyAttend)
//   motion.put     -> Motion kOpen     (CheckPut / ApplyPut): quorum present,
//                     competence ([motions.<kind>] reserved_to, [[competence]]),
//                     scope within the body's subtree
//   motion.vote    -> votes recorded   (CheckVote / ApplyVote): present
//                     members still seated, each once
//   motion.close   -> kAdopted (a Decision, kInForce or kAwaitingApproval
//                     when the kind is essential) or kRejected
//                     (CheckClose / ApplyClose: the recorded tally must be
//                     MotionCloseAct's)
//   session.close  -> Sitting closed   (CheckSessionClose): no motion open
//
// Acts are named by their journal seq (EngineState::seq when applied).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/sha256.h"
#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"

namespace sovet {

namespace {

namespace field = schema::council::field;
namespace table = schema::council::table;

using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::kAnySize;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextsOf;

// The largest text a motion.put carries itself; a longer one is kept by its
// SHA-256 only (doc/decisions.md "Texts").
constexpr std::size_t kMaxInlineText = 4096;

constexpr const char* kQuorumRule =
    "charter [decisions] quorum_num/quorum_den/quorum_plus (SYSTEM.md §4: half the members plus "
    "one)";

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{} {}: {}", act.kind, act.body, rule),
                              SourceLocation{.field = field_name});
}

Status Repeated(const Act& act, const std::string& rule, const char* field_name) {
  return Status::AlreadyExists(fmt::format("{} {}: {}", act.kind, act.body, rule),
                               SourceLocation{.field = field_name});
}

// Whether a seat's holder still sits on `on` (a term ending on `on` has ended).
bool Sits(const SeatHolder& holder, Date on) {
  return !holder.term_ends || on < *holder.term_ends;
}

// The seated members of `body` on `on`.
std::int64_t SeatedOn(const CouncilLedger& ledger, const std::string& body, Date on) {
  auto found = ledger.bodies.find(body);
  if (found == ledger.bodies.end()) return 0;
  std::int64_t seated = 0;
  for (const std::optional<SeatHolder>& seat : found->second.seats) {
    if (seat && Sits(*seat, on)) ++seated;
  }
  return seated;
}

// person -> seat (1-based) of the members of `body` sitting on `on`.
std::unordered_map<std::string, std::int64_t> MembersOn(const CouncilLedger& ledger,
                                                        const std::string& body, Date on) {
  std::unordered_map<std::string, std::int64_t> members;
  auto found = ledger.bodies.find(body);
  if (found == ledger.bodies.end()) return members;
  const auto& seats = found->second.seats;
  for (std::size_t idx = 0; idx < seats.size(); ++idx) {
    if (seats[idx] && Sits(*seats[idx], on)) {
      members.emplace(seats[idx]->person, static_cast<std::int64_t>(idx) + 1);
    }
  }
  return members;
}

const Sitting* OpenSittingOf(const DecisionLedger& ledger, const Act& act, std::int64_t sitting,
                             Status* error) {
  auto found = ledger.sittings.find(sitting);
  if (found == ledger.sittings.end()) {
    *error = Refused(act, fmt::format("no session.open is entry {}", sitting), field::kSitting);
    return nullptr;
  }
  if (found->second.body != act.body) {
    *error = Refused(act,
                     fmt::format("entry {} opened a sitting of {}, not of {}", sitting,
                                 found->second.body, act.body),
                     field::kSitting);
    return nullptr;
  }
  if (found->second.closed) {
    *error = Refused(act,
                     fmt::format("the sitting opened at entry {} was closed on {}", sitting,
                                 found->second.closed->ToString()),
                     field::kSitting);
    return nullptr;
  }
  return &found->second;
}

const Motion* OpenMotionOf(const DecisionLedger& ledger, const Act& act, std::int64_t motion,
                           Status* error) {
  auto found = ledger.motions.find(motion);
  if (found == ledger.motions.end()) {
    *error = Refused(act, fmt::format("no motion.put is entry {}", motion), field::kMotion);
    return nullptr;
  }
  if (found->second.body != act.body) {
    *error = Refused(act,
                     fmt::format("the motion of entry {} was put to {}, not to {}", motion,
                                 found->second.body, act.body),
                     field::kMotion);
    return nullptr;
  }
  if (found->second.stage != MotionStage::kOpen) {
    *error = Refused(act,
                     fmt::format("the motion of entry {} is already closed ({}, entry {})", motion,
                                 MotionStageName(found->second.stage), found->second.closed_by),
                     field::kMotion);
    return nullptr;
  }
  return &found->second;
}

bool IsHex64(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Whether unit `unit` lies in the subtree of `top` (the census's tree the
// register records, register.units parents); without a recorded tree only
// `top` itself is known to lie in it.
bool InSubtree(const EngineState& state, const std::string& unit, const std::string& top) {
  if (unit == top) return true;
  const std::int32_t above = state.roll.FindTreeUnit(top);
  const std::int32_t below = state.roll.FindTreeUnit(unit);
  return above >= 0 && below >= 0 && state.roll.Within(below, above);
}

// ---- session.open / attend / close ----

Result<void> CheckOpen(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kSeated, field::kQuorum}));
  SOVET_TRY(Act expected, SessionOpenAct(state, charter, act.body, date));
  for (const char* name : {field::kSeated, field::kQuorum}) {
    SOVET_TRY(std::int64_t given, IntOf(act, name));
    const std::int64_t want = expected.fields.at(name).integer();
    if (given != want) {
      return Error(Refused(act,
                           fmt::format("{} is {}, not {} ({} seated on {}; {})", name, want, given,
                                       expected.fields.at(field::kSeated).integer(),
                                       date.ToString(), kQuorumRule),
                           name));
    }
  }
  return {};
}

Result<void> CheckAttend(const EngineState& state, const Act& act, Date date) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kSitting, field::kPersons}));
  SOVET_TRY(std::int64_t sitting_seq, IntOf(act, field::kSitting));
  Status error;
  const Sitting* sitting = OpenSittingOf(state.ledger.decisions, act, sitting_seq, &error);
  if (sitting == nullptr) return Error(error);
  SOVET_TRY(std::vector<std::string> persons, TextsOf(act, field::kPersons, kAnySize));
  if (persons.empty()) return Error(Bad(act, field::kPersons, "at least one person present"));
  const auto members = MembersOn(state.ledger, act.body, date);
  std::unordered_set<std::string> seen;
  for (const std::string& person : persons) {
    if (!members.contains(person)) {
      return Error(Refused(act,
                           fmt::format("{} holds no seat in {} on {}: only its seated members "
                                       "attend its sitting (SYSTEM.md §7.3)",
                                       person, act.body, date.ToString()),
                           field::kPersons));
    }
    if (sitting->present_at.contains(person) || !seen.insert(person).second) {
      return Error(Repeated(act,
                            fmt::format("{} is already recorded present at the sitting of entry "
                                        "{}; a member is recorded once",
                                        person, sitting_seq),
                            field::kPersons));
    }
  }
  return {};
}

Result<void> CheckSessionClose(const EngineState& state, const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kSitting}));
  SOVET_TRY(std::int64_t sitting_seq, IntOf(act, field::kSitting));
  Status error;
  const Sitting* sitting = OpenSittingOf(state.ledger.decisions, act, sitting_seq, &error);
  if (sitting == nullptr) return Error(error);
  for (std::int64_t motion : sitting->motions) {
    if (state.ledger.decisions.motions.at(motion).stage == MotionStage::kOpen) {
      return Error(Refused(act,
                           fmt::format("the motion of entry {} is still open: close it "
                                       "(motion.close) before the sitting",
                                       motion),
                           field::kSitting));
    }
  }
  return {};
}

// ---- motion.put / vote / close ----

Result<void> CheckPut(const EngineState& state, const Charter& charter, const Act& act,
                      Date date) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kSitting, field::kMotionKind, field::kTitle,
                                  field::kTextSha256, field::kText, field::kScope}));
  SOVET_TRY(std::int64_t sitting_seq, IntOf(act, field::kSitting));
  Status error;
  const Sitting* sitting = OpenSittingOf(state.ledger.decisions, act, sitting_seq, &error);
  if (sitting == nullptr) return Error(error);
  const auto present = static_cast<std::int64_t>(sitting->present.size());
  if (present < sitting->quorum) {
    return Error(Refused(act,
                         fmt::format("no quorum: {} members present of {} seated, {} needed ({})",
                                     present, sitting->seated, sitting->quorum, kQuorumRule),
                         field::kSitting));
  }
  SOVET_TRY(std::string kind_name, TextOf(act, field::kMotionKind));
  const MotionKind* kind = charter.competences.FindMotionKind(kind_name);
  if (kind == nullptr) {
    return Error(Refused(act,
                         fmt::format("\"{}\" is not a motion kind of charter {} (no "
                                     "[motions.{}]; doc/charter_format.md \"Motions and "
                                     "competences\")",
                                     kind_name, charter.id, kind_name),
                         field::kMotionKind));
  }
  const std::string body_kind = BodyKindOf(act.body);
  if (!kind->reserved_to.empty() &&
      std::find(kind->reserved_to.begin(), kind->reserved_to.end(), body_kind) ==
          kind->reserved_to.end()) {
    return Error(Refused(act,
                         fmt::format("{} is reserved to {} (charter motions.{}.reserved_to, {}); "
                                     "a {} may not adopt it",
                                     kind->label, fmt::join(kind->reserved_to, ", "), kind->name,
                                     kind->cite, body_kind),
                         field::kMotionKind));
  }
  if (charter.competences.Allowing(body_kind, kind->name) == nullptr) {
    return Error(Refused(act,
                         fmt::format("no [[competence]] of charter {} lets a {} adopt a {} "
                                     "(charter key competence)",
                                     charter.id, body_kind, kind->label),
                         field::kMotionKind));
  }
  SOVET_TRY(std::string title, TextOf(act, field::kTitle));
  if (title.empty()) return Error(Bad(act, field::kTitle, "a title"));
  SOVET_TRY(std::string sha, TextOf(act, field::kTextSha256));
  if (!IsHex64(sha)) {
    return Error(Bad(act, field::kTextSha256, "64 lower-case hexadecimal digits (SHA-256)"));
  }
  if (Find(act, field::kText) != nullptr) {
    SOVET_TRY(std::string text, TextOf(act, field::kText));
    if (text.size() > kMaxInlineText) {
      return Error(Bad(act, field::kText,
                       fmt::format("a text of at most {} bytes (a longer one is kept by its "
                                   "SHA-256 alone)",
                                   kMaxInlineText)));
    }
    if (Sha256Hex(text) != sha) {
      return Error(Refused(act,
                           fmt::format("the text's SHA-256 is {}, not {}", Sha256Hex(text), sha),
                           field::kTextSha256));
    }
  }
  SOVET_TRY(std::vector<std::string> scope, TextsOf(act, field::kScope, kAnySize));
  if (scope.empty()) return Error(Bad(act, field::kScope, "at least one unit the motion covers"));
  const std::string top = BodyUnitOf(act.body);
  std::set<std::string> seen;
  for (const std::string& unit : scope) {
    if (!seen.insert(unit).second) {
      return Error(Refused(act, fmt::format("unit {} is named twice", unit), field::kScope));
    }
    if (!InSubtree(state, unit, top)) {
      return Error(Refused(act,
                           fmt::format("unit {} is outside {}'s territory: a body decides over "
                                       "its own unit's subtree (charter key competence; the "
                                       "census's tree, register.units parents)",
                                       unit, act.body),
                           field::kScope));
    }
  }
  (void)date;
  return {};
}

Result<void> CheckVote(const EngineState& state, const Act& act, Date date) {
  SOVET_CHECK_OK(
      OnlyFields(act, {field::kDate, field::kMotion, field::kFor, field::kAgainst, field::kAbstain}));
  SOVET_TRY(std::int64_t motion_seq, IntOf(act, field::kMotion));
  const DecisionLedger& ledger = state.ledger.decisions;
  Status error;
  const Motion* motion = OpenMotionOf(ledger, act, motion_seq, &error);
  if (motion == nullptr) return Error(error);
  const Sitting& sitting = ledger.sittings.at(motion->sitting);
  std::size_t count = 0;
  std::unordered_set<std::string> seen;
  for (const char* choice : {field::kFor, field::kAgainst, field::kAbstain}) {
    if (Find(act, choice) == nullptr) continue;
    SOVET_TRY(std::vector<std::string> persons, TextsOf(act, choice, kAnySize));
    for (const std::string& person : persons) {
      ++count;
      auto present = sitting.present_at.find(person);
      if (present == sitting.present_at.end()) {
        return Error(Refused(act,
                             fmt::format("{} is not recorded present at the sitting of entry {}: "
                                         "only members present vote (session.attend; "
                                         "SYSTEM.md §7.3 roll call)",
                                         person, motion->sitting),
                             choice));
      }
      const SeatHolder* holder = state.ledger.Holder(act.body, present->second);
      if (holder == nullptr || holder->person != person || !Sits(*holder, date)) {
        return Error(Refused(act,
                             fmt::format("{} no longer holds seat {} of {} on {}", person,
                                         present->second, act.body, date.ToString()),
                             choice));
      }
      if (motion->votes.contains(person) || !seen.insert(person).second) {
        return Error(Repeated(act,
                              fmt::format("{} has already voted on the motion of entry {}; a "
                                          "member votes once",
                                          person, motion_seq),
                              choice));
      }
    }
  }
  if (count == 0) return Error(Bad(act, field::kFor, "at least one vote (for, against, abstain)"));
  return {};
}

Result<void> CheckClose(const EngineState& state, const Charter& charter, const Act& act,
                        Date date) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kMotion, field::kPresent, field::kVotesFor,
                                  field::kVotesAgainst, field::kAbstentions, field::kResult,
                                  field::kNumber, field::kStatus}));
  SOVET_TRY(std::int64_t motion_seq, IntOf(act, field::kMotion));
  Status error;
  if (OpenMotionOf(state.ledger.decisions, act, motion_seq, &error) == nullptr) {
    return Error(error);
  }
  SOVET_TRY(Act expected, MotionCloseAct(state, charter, motion_seq, date));
  for (const auto& [name, want] : expected.fields) {
    const Value* given = Find(act, name.c_str());
    if (given == nullptr || !(*given == want)) {
      return Error(Refused(act,
                           fmt::format("{} is {}, as the roll call of the motion of entry {} "
                                       "gives under charter motions.{}.majority",
                                       name, want.is_text() ? want.text() : fmt::format("{}", want.integer()),
                                       motion_seq,
                                       state.ledger.decisions.motions.at(motion_seq).motion_kind),
                           name.c_str()));
    }
  }
  for (const auto& [name, given] : act.fields) {
    if (!expected.fields.contains(name)) {
      return Error(Refused(act, fmt::format("{} is recorded only for an adopted motion", name),
                           name.c_str()));
    }
  }
  return {};
}

}  // namespace

std::int64_t QuorumOf(const Charter& charter, std::int64_t seated) {
  const Decisions& rule = charter.decisions;
  return static_cast<std::int64_t>(static_cast<__int128>(seated) * rule.quorum_num /
                                       rule.quorum_den +
                                   rule.quorum_plus);
}

bool MotionCarried(const MotionKind& kind, std::int64_t votes_for, std::int64_t votes_against,
                   std::int64_t abstentions, std::int64_t seated) {
  const __int128 yes = votes_for;
  const __int128 no = votes_against;
  switch (kind.majority) {
    case MajorityRule::kMajorityOfVotesCast:
      return yes > no;
    case MajorityRule::kAbsoluteMajorityOfMembers:
      return 2 * yes > seated;
    case MajorityRule::kTwoThirds:
      return yes > 0 && 3 * yes >= 2 * (yes + no);
    case MajorityRule::kUnanimity:
      return no == 0 && yes > 0 && (kind.abstentions_allowed || abstentions == 0);
  }
  return false;
}

Result<Act> SessionOpenAct(const EngineState& state, const Charter& charter,
                           const std::string& body, Date date) {
  Act act{.kind = schema::council::kSessionOpenKind, .body = body, .fields = {}};
  if (state.FindBody(body) < 0) {
    return Error(Refused(act, "no such body (body.create)", "body"));
  }
  if (auto open = state.ledger.decisions.open_sitting.find(body);
      open != state.ledger.decisions.open_sitting.end()) {
    return Error(Repeated(act,
                          fmt::format("{} is already in session (entry {}); close it first "
                                      "(session.close)",
                                      body, open->second),
                          "body"));
  }
  const std::int64_t seated = SeatedOn(state.ledger, body, date);
  if (seated == 0) {
    return Error(Refused(act, fmt::format("{} has no seated member on {}", body, date.ToString()),
                         "body"));
  }
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kSeated] = Value::Integer(seated);
  act.fields[field::kQuorum] = Value::Integer(QuorumOf(charter, seated));
  return act;
}

Result<Act> MotionCloseAct(const EngineState& state, const Charter& charter, std::int64_t motion,
                           Date date) {
  const DecisionLedger& ledger = state.ledger.decisions;
  auto found = ledger.motions.find(motion);
  Act act{.kind = schema::council::kMotionCloseKind,
          .body = found == ledger.motions.end() ? std::string() : found->second.body,
          .fields = {}};
  if (found == ledger.motions.end() || found->second.stage != MotionStage::kOpen) {
    return Error(Refused(act, fmt::format("no open motion is entry {}", motion), field::kMotion));
  }
  const Motion& put = found->second;
  const Sitting& sitting = ledger.sittings.at(put.sitting);
  const MotionKind* kind = charter.competences.FindMotionKind(put.motion_kind);
  if (kind == nullptr) {
    return Error(Refused(act, fmt::format("\"{}\" is no longer a motion kind of charter {}",
                                          put.motion_kind, charter.id),
                         field::kMotion));
  }
  const auto present = static_cast<std::int64_t>(sitting.present.size());
  const bool carried = present >= sitting.quorum &&
                       MotionCarried(*kind, put.votes_for, put.votes_against, put.abstentions,
                                     sitting.seated);
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kMotion] = Value::Integer(motion);
  act.fields[field::kPresent] = Value::Integer(present);
  act.fields[field::kVotesFor] = Value::Integer(put.votes_for);
  act.fields[field::kVotesAgainst] = Value::Integer(put.votes_against);
  act.fields[field::kAbstentions] = Value::Integer(put.abstentions);
  act.fields[field::kResult] = Value::Text(carried ? "adopted" : "rejected");
  if (carried) {
    auto adopted = ledger.adopted.find(put.body);
    act.fields[field::kNumber] =
        Value::Integer((adopted == ledger.adopted.end() ? 0 : adopted->second) + 1);
    act.fields[field::kStatus] = Value::Text(DecisionStatusName(
        kind->essential ? DecisionStatus::kAwaitingApproval : DecisionStatus::kInForce));
  }
  return act;
}

namespace engine {

bool IsMotionKind(std::string_view kind) {
  return kind == schema::council::kSessionOpenKind || kind == schema::council::kSessionAttendKind ||
         kind == schema::council::kSessionCloseKind || kind.starts_with("motion.");
}

Result<void> CheckMotionAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date) {
  if (act.kind == schema::council::kSessionOpenKind) return CheckOpen(state, charter, act, date);
  if (act.kind == schema::council::kSessionAttendKind) return CheckAttend(state, act, date);
  if (act.kind == schema::council::kSessionCloseKind) return CheckSessionClose(state, act);
  if (act.kind == schema::council::kMotionPutKind) return CheckPut(state, charter, act, date);
  if (act.kind == schema::council::kMotionVoteKind) return CheckVote(state, act, date);
  if (act.kind == schema::council::kMotionCloseKind) return CheckClose(state, charter, act, date);
  return Error(Status::InvalidInput(
      fmt::format("{}: not an act kind of this sovet (motion.put, motion.vote, motion.close)",
                  act.kind),
      SourceLocation{.field = "kind"}));
}

void ApplyMotionAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  DecisionLedger& ledger = state.ledger.decisions;
  const std::int64_t seq = state.seq;
  if (act.kind == schema::council::kSessionOpenKind) {
    Sitting sitting;
    sitting.act = seq;
    sitting.body = act.body;
    sitting.opened = date;
    sitting.seated = act.fields.at(field::kSeated).integer();
    sitting.quorum = act.fields.at(field::kQuorum).integer();
    for (const CouncilSession& convened : state.ledger.sessions) {
      if (convened.body == act.body && convened.opens == date) sitting.convened = true;
    }
    ledger.open_sitting[act.body] = seq;
    ledger.sittings.emplace(seq, std::move(sitting));
    return;
  }
  if (act.kind == schema::council::kSessionAttendKind) {
    Sitting& sitting = ledger.sittings.at(act.fields.at(field::kSitting).integer());
    const auto members = MembersOn(state.ledger, act.body, date);
    for (const Value& person : act.fields.at(field::kPersons).list()) {
      sitting.present_at.emplace(person.text(), members.at(person.text()));
      sitting.present.push_back(person.text());
    }
    return;
  }
  if (act.kind == schema::council::kSessionCloseKind) {
    ledger.sittings.at(act.fields.at(field::kSitting).integer()).closed = date;
    ledger.open_sitting.erase(act.body);
    return;
  }
  if (act.kind == schema::council::kMotionPutKind) {
    Motion motion;
    motion.act = seq;
    motion.sitting = act.fields.at(field::kSitting).integer();
    motion.body = act.body;
    motion.motion_kind = act.fields.at(field::kMotionKind).text();
    motion.title = act.fields.at(field::kTitle).text();
    motion.text_sha256 = act.fields.at(field::kTextSha256).text();
    if (auto text = act.fields.find(field::kText); text != act.fields.end()) {
      motion.text = text->second.text();
    }
    for (const Value& unit : act.fields.at(field::kScope).list()) motion.scope.push_back(unit.text());
    motion.put_on = date;
    ledger.sittings.at(motion.sitting).motions.push_back(seq);
    ledger.motions.emplace(seq, std::move(motion));
    return;
  }
  if (act.kind == schema::council::kMotionVoteKind) {
    Motion& motion = ledger.motions.at(act.fields.at(field::kMotion).integer());
    const std::pair<const char*, VoteChoice> choices[] = {{field::kFor, VoteChoice::kFor},
                                                          {field::kAgainst, VoteChoice::kAgainst},
                                                          {field::kAbstain, VoteChoice::kAbstain}};
    for (const auto& [name, choice] : choices) {
      auto persons = act.fields.find(name);
      if (persons == act.fields.end()) continue;
      for (const Value& person : persons->second.list()) {
        motion.votes.emplace(person.text(), choice);
        (choice == VoteChoice::kFor       ? motion.votes_for
         : choice == VoteChoice::kAgainst ? motion.votes_against
                                          : motion.abstentions) += 1;
      }
    }
    return;
  }
  if (act.kind == schema::council::kMotionCloseKind) {
    Motion& motion = ledger.motions.at(act.fields.at(field::kMotion).integer());
    motion.closed_by = seq;
    if (act.fields.at(field::kResult).text() != "adopted") {
      motion.stage = MotionStage::kRejected;
      return;
    }
    motion.stage = MotionStage::kAdopted;
    Decision decision;
    decision.act = seq;
    decision.motion = motion.act;
    decision.body = motion.body;
    decision.motion_kind = motion.motion_kind;
    decision.number = act.fields.at(field::kNumber).integer();
    decision.adopted_on = date;
    decision.title = motion.title;
    decision.text_sha256 = motion.text_sha256;
    decision.scope = motion.scope;
    decision.status = *ParseDecisionStatus(act.fields.at(field::kStatus).text());
    decision.history.push_back(
        DecisionChange{.act = seq, .on = date, .status = decision.status, .by = motion.body});
    ledger.adopted[motion.body] = decision.number;
    ledger.decisions.emplace(seq, std::move(decision));
  }
  (void)charter;
}

namespace {

// ---- projection: the state tables (doc/decisions.md "State tables") ----

template <typename T>
Result<void> Ok(const Result<T>& read) {
  if (!read) return Error(read.error());
  return {};
}

// The shape of an act before it is appended (the rules are the engine's).
Result<void> CheckForm(const Act& act) {
  SOVET_CHECK_OK(Ok(TextOf(act, field::kDate)));
  if (act.kind == schema::council::kSessionOpenKind) {
    SOVET_CHECK_OK(Ok(IntOf(act, field::kSeated)));
    return Ok(IntOf(act, field::kQuorum));
  }
  if (act.kind == schema::council::kSessionAttendKind) {
    SOVET_CHECK_OK(Ok(IntOf(act, field::kSitting)));
    return Ok(TextsOf(act, field::kPersons, kAnySize));
  }
  if (act.kind == schema::council::kSessionCloseKind) return Ok(IntOf(act, field::kSitting));
  if (act.kind == schema::council::kMotionPutKind) {
    SOVET_CHECK_OK(Ok(IntOf(act, field::kSitting)));
    SOVET_CHECK_OK(Ok(TextOf(act, field::kMotionKind)));
    SOVET_CHECK_OK(Ok(TextOf(act, field::kTitle)));
    SOVET_CHECK_OK(Ok(TextOf(act, field::kTextSha256)));
    return Ok(TextsOf(act, field::kScope, kAnySize));
  }
  SOVET_CHECK_OK(Ok(IntOf(act, field::kMotion)));
  if (act.kind == schema::council::kMotionVoteKind) {
    for (const char* choice : {field::kFor, field::kAgainst, field::kAbstain}) {
      if (Find(act, choice) != nullptr) SOVET_CHECK_OK(Ok(TextsOf(act, choice, kAnySize)));
    }
    return {};
  }
  SOVET_CHECK_OK(Ok(TextOf(act, field::kResult)));
  for (const char* count :
       {field::kPresent, field::kVotesFor, field::kVotesAgainst, field::kAbstentions}) {
    SOVET_CHECK_OK(Ok(IntOf(act, count)));
  }
  return {};
}

std::int64_t IntField(const Entry& entry, const char* name) {
  auto found = entry.payload.find(name);
  return found != entry.payload.end() && found->second.is_integer() ? found->second.integer() : 0;
}

std::string TextField(const Entry& entry, const char* name) {
  auto found = entry.payload.find(name);
  return found != entry.payload.end() && found->second.is_text() ? found->second.text()
                                                                   : std::string();
}

std::string JoinedField(const Entry& entry, const char* name) {
  std::string out;
  auto found = entry.payload.find(name);
  if (found == entry.payload.end() || !found->second.is_list()) return out;
  for (const Value& item : found->second.list()) {
    if (!out.empty()) out += ",";
    out += item.text();
  }
  return out;
}

Result<void> ApplyRow(const Entry& entry, ProjectionSql& sql) {
  const std::string date = TextField(entry, field::kDate);
  if (entry.kind == schema::council::kSessionOpenKind) {
    // Two operators may check the same act against the same state and
    // append it at once; the journal's writer orders them, and the second
    // finds the first's row here: a clear conflict (exit 2), not committed.
    SOVET_TRY(auto open, sql.Query(fmt::format("SELECT seq FROM {{p}}{} WHERE body = $1 AND "
                                               "closed = ''",
                                               table::kSittings),
                                   {entry.body}));
    if (!open.empty()) {
      return Error(Status::AlreadyExists(fmt::format(
          "session.open {}: already in session (entry {}), opened by another operator at the "
          "same time; nothing written",
          entry.body, std::get<std::int64_t>(open.front().front()))));
    }
    return sql.Insert(table::kSittings,
                      {"seq", "body", "opened", "seated", "quorum", "closed"},
                      {entry.seq, entry.body, date, IntField(entry, field::kSeated),
                       IntField(entry, field::kQuorum), std::string()});
  }
  if (entry.kind == schema::council::kSessionAttendKind) {
    const std::int64_t sitting = IntField(entry, field::kSitting);
    for (const Value& person : entry.payload.at(field::kPersons).list()) {
      SOVET_CHECK_OK(sql.Insert(table::kAttendance, {"sitting", "person", "seq"},
                                {sitting, person.text(), entry.seq}));
    }
    return {};
  }
  if (entry.kind == schema::council::kSessionCloseKind) {
    return sql.Exec(fmt::format("UPDATE {{p}}{} SET closed = $1 WHERE seq = $2", table::kSittings),
                    {date, IntField(entry, field::kSitting)});
  }
  if (entry.kind == schema::council::kMotionPutKind) {
    return sql.Insert(table::kMotions,
                      {"seq", "sitting", "body", "motion_kind", "title", "text_sha256", "scope",
                       "put_on", "stage", "votes_for", "votes_against", "abstentions",
                       "closed_by"},
                      {entry.seq, IntField(entry, field::kSitting), entry.body,
                       TextField(entry, field::kMotionKind), TextField(entry, field::kTitle),
                       TextField(entry, field::kTextSha256), JoinedField(entry, field::kScope),
                       date, std::string("open"), std::int64_t{0}, std::int64_t{0},
                       std::int64_t{0}, std::int64_t{0}});
  }
  const std::int64_t motion = IntField(entry, field::kMotion);
  if (entry.kind == schema::council::kMotionVoteKind) {
    for (const char* choice : {field::kFor, field::kAgainst, field::kAbstain}) {
      auto persons = entry.payload.find(choice);
      if (persons == entry.payload.end() || !persons->second.is_list()) continue;
      for (const Value& person : persons->second.list()) {
        SOVET_CHECK_OK(sql.Insert(table::kVotes, {"motion", "person", "vote", "seq"},
                                  {motion, person.text(), std::string(choice), entry.seq}));
      }
    }
    return {};
  }
  // motion.close: closed once (as session.open above).
  SOVET_TRY(auto stage, sql.Query(fmt::format("SELECT stage FROM {{p}}{} WHERE seq = $1",
                                              table::kMotions),
                                  {motion}));
  if (stage.empty() || std::get<std::string>(stage.front().front()) != "open") {
    return Error(Status::AlreadyExists(fmt::format(
        "motion.close {}: the motion of entry {} is not open (closed by another operator at the "
        "same time?); nothing written",
        entry.body, motion)));
  }
  const std::string result = TextField(entry, field::kResult);
  SOVET_CHECK_OK(sql.Exec(
      fmt::format("UPDATE {{p}}{} SET stage = $1, votes_for = $2, votes_against = $3, "
                  "abstentions = $4, closed_by = $5 WHERE seq = $6",
                  table::kMotions),
      {result, IntField(entry, field::kVotesFor), IntField(entry, field::kVotesAgainst),
       IntField(entry, field::kAbstentions), entry.seq, motion}));
  if (result != "adopted") return {};
  SOVET_TRY(auto rows,
            sql.Query(fmt::format("SELECT motion_kind, title, text_sha256, scope FROM {{p}}{} "
                                  "WHERE seq = $1",
                                  table::kMotions),
                      {motion}));
  if (rows.empty()) {
    return Error(Status::IntegrityViolation(
        fmt::format("motion.close entry {}: no motion.put is entry {}", entry.seq, motion)));
  }
  const auto& row = rows.front();
  return sql.Insert(table::kDecisions,
                    {"act", "body", "motion", "motion_kind", "number", "adopted_on", "title",
                     "text_sha256", "scope", "status"},
                    {entry.seq, entry.body, motion, row[0], IntField(entry, field::kNumber), date,
                     row[1], row[2], row[3], TextField(entry, field::kStatus)});
}

}  // namespace

void AddMotionProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = table::kSittings,
      .columns = "seq BIGINT PRIMARY KEY, body TEXT NOT NULL, opened TEXT NOT NULL, seated BIGINT "
                 "NOT NULL, quorum BIGINT NOT NULL, closed TEXT NOT NULL",
      .order_by = "seq"});
  projector.AddTable(StateTable{
      .name = table::kAttendance,
      .columns = "sitting BIGINT NOT NULL, person TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY "
                 "(sitting, person)",
      .order_by = "sitting, person"});
  projector.AddTable(StateTable{
      .name = table::kMotions,
      .columns = "seq BIGINT PRIMARY KEY, sitting BIGINT NOT NULL, body TEXT NOT NULL, motion_kind "
                 "TEXT NOT NULL, title TEXT NOT NULL, text_sha256 TEXT NOT NULL, scope TEXT NOT "
                 "NULL, put_on TEXT NOT NULL, stage TEXT NOT NULL, votes_for BIGINT NOT NULL, "
                 "votes_against BIGINT NOT NULL, abstentions BIGINT NOT NULL, closed_by BIGINT "
                 "NOT NULL",
      .order_by = "seq"});
  projector.AddTable(StateTable{
      .name = table::kVotes,
      .columns = "motion BIGINT NOT NULL, person TEXT NOT NULL, vote TEXT NOT NULL, seq BIGINT NOT "
                 "NULL, PRIMARY KEY (motion, person)",
      .order_by = "motion, person"});
  projector.AddTable(StateTable{
      .name = table::kDecisions,
      .columns = "act BIGINT PRIMARY KEY, body TEXT NOT NULL, motion BIGINT NOT NULL, motion_kind "
                 "TEXT NOT NULL, number BIGINT NOT NULL, adopted_on TEXT NOT NULL, title TEXT NOT "
                 "NULL, text_sha256 TEXT NOT NULL, scope TEXT NOT NULL, status TEXT NOT NULL",
      .order_by = "act"});
  for (const char* kind :
       {schema::council::kSessionOpenKind, schema::council::kSessionAttendKind,
        schema::council::kSessionCloseKind, schema::council::kMotionPutKind,
        schema::council::kMotionVoteKind, schema::council::kMotionCloseKind}) {
    projector.AddKind(kind, &CheckForm, &ApplyRow);
  }
}

}  // namespace engine
}  // namespace sovet
