// The council engine (sovet/engine.h): the rules of every act kind in one
// place (CheckAct), the codec between acts and journal entries, and the
// commands that check, apply and write.
#include "sovet/engine.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "engine/act_fields.h"
#include "engine/commission.h"
#include "engine/council.h"
#include "engine/roles.h"
#include "sovet/apportion.h"
#include "sovet/cycle_schema.h"

namespace sovet {
namespace {

namespace field = schema::field;
using engine_internal::Bad;
using engine_internal::BoolOf;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::IntsOf;
using engine_internal::IntsOr;
using engine_internal::kAnySize;
using engine_internal::TextOf;
using engine_internal::TextsOf;
using engine_internal::TextsOr;

// ---- the journal form -------------------------------------------------------

ValueList Integers(const auto& values) {
  ValueList list;
  list.reserve(values.size());
  for (const auto& value : values) list.push_back(Value::Integer(static_cast<std::int64_t>(value)));
  return list;
}

ValueList Texts(const std::vector<std::string>& values) {
  ValueList list;
  list.reserve(values.size());
  for (const auto& value : values) list.push_back(Value::Text(value));
  return list;
}

// A list left out of the payload when every item is its default (doc/cycle.md
// "In the journal"): the reader restores it.
bool AllAre(const ValueList& items, const Value& value) {
  return std::all_of(items.begin(), items.end(), [&](const Value& item) { return item == value; });
}

// The default of the lists a writer may leave out.
constexpr std::int64_t kNoCategory = -1;  // `excluded`: in no excluded category
constexpr const char* kSeated = "seated";  // `reasons`: RejectReasonName(kNone)

bool ParseElectionKind(std::string_view name, ElectionKind* kind) {
  for (ElectionKind candidate :
       {ElectionKind::kBase, ElectionKind::kByElection, ElectionKind::kDelegation,
        ElectionKind::kExecutive, ElectionKind::kCommissars}) {
    if (name == ElectionKindName(candidate)) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

bool ParseRejectReason(std::string_view name, RejectReason* reason) {
  for (RejectReason candidate :
       {RejectReason::kNone, RejectReason::kNoElectionAct, RejectReason::kNotFinal,
        RejectReason::kNoQuorum, RejectReason::kIneligible, RejectReason::kSeatedTwice,
        RejectReason::kNotElected, RejectReason::kNotMemberOfSendingBody}) {
    if (name == RejectReasonName(candidate)) {
      *reason = candidate;
      return true;
    }
  }
  return false;
}

// The rule a verdict of the mandates commission applies, for messages.
const char* RuleOf(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "the mandates commission seats a lawful mandate in the lowest vacant seat (001:152)";
    case RejectReason::kNoElectionAct:
      return "a mandate names the election act of its body that conferred it (SYSTEM.md §7)";
    case RejectReason::kNotFinal:
      return "only a final, declared count confers a mandate (SYSTEM.md §7)";
    case RejectReason::kNoQuorum:
      return "the electing meeting held its quorum (decisions.quorum, SYSTEM.md §4)";
    case RejectReason::kIneligible:
      return "the person is eligible (franchise.voting_age, franchise.excluded_categories, "
             "001:152)";
    case RejectReason::kSeatedTwice:
      return "no person is seated twice in one body (SYSTEM.md §7)";
    case RejectReason::kNotElected:
      return "the count elected the person, and each elected place confers one mandate "
             "(SYSTEM.md §7)";
    case RejectReason::kNotMemberOfSendingBody:
      return "a delegate holds a seat in the sending body (001:148, SYSTEM.md §7.2)";
  }
  return "?";
}

Status Refused(std::string message) { return Status::InvalidInput(std::move(message)); }

// The charter's rule for a body id "KIND:UNIT", and its index in the file
// (for keys such as `body[4].eligible`); nullptr for a kind not in the charter.
const BodyRule* RuleOfBody(const Charter& charter, const std::string& body_id, std::size_t* index) {
  const std::string kind = body_id.substr(0, body_id.find(':'));
  for (std::size_t idx = 0; idx < charter.bodies.size(); ++idx) {
    if (charter.bodies[idx].kind == kind) {
      *index = idx;
      return &charter.bodies[idx];
    }
  }
  return nullptr;
}

Eligible EligibleFor(const Charter& charter, const std::string& body_id) {
  std::size_t index = 0;
  const BodyRule* rule = RuleOfBody(charter, body_id, &index);
  return rule == nullptr ? Eligible::kMembers : rule->eligible;
}

// SYSTEM.md §7.2: who may be a delegate, as the charter key that says it.
std::string EligibleRule(const Charter& charter, const std::string& body_id) {
  std::size_t index = 0;
  const BodyRule* rule = RuleOfBody(charter, body_id, &index);
  if (rule == nullptr) return "a delegate holds a seat in the sending body (001:148)";
  return fmt::format("{} (body[{}].eligible = \"{}\" for '{}', SYSTEM.md §7.2; 001:148)",
                     rule->eligible == Eligible::kMembers
                         ? "a delegate holds a seat in the sending body"
                         : "a delegate is any elector of the sending body's unit",
                     index, EligibleName(rule->eligible), rule->kind);
}

// A body's delegations, its Executive and the Commissars are chosen as the
// charter says (SYSTEM.md §7.2: `election.method` of the body elected — the
// open vote by plurality, or D'Hondt among the slates of the members), and
// under `eligible = "members"` every candidate's source is their own seat in
// the electing body. The act records both; a record that departs is refused.
Result<void> CheckBodyElection(const EngineState& state, const Charter& charter,
                               const ElectionAct& act) {
  const std::string& id = state.body_ids[act.body];
  std::size_t index = 0;
  const BodyRule* rule = RuleOfBody(charter, id, &index);
  if (rule == nullptr) return {};
  // A body of fixed quotas may name, per quota, how its sources elect
  // (body[i].quota[k].method); every other body, election.method.
  const std::string& electing_id = state.body_ids[act.electing_body];
  const std::string& method =
      rule->MethodFrom(electing_id.substr(0, electing_id.find(':')));
  if (act.method != method) {
    return Error(Refused(fmt::format(
        "cycle.election of {}: {} counts by '{}', not '{}' (body[{}].election.method for '{}': "
        "how a body elects its delegations, SYSTEM.md §7.2)",
        id, state.body_ids[act.electing_body], method, act.method, index, rule->kind)));
  }
  // A quota open to some slates only ("Socialist members of the municipal
  // Duma", 004:160): every candidate stands for one of them.
  if (const Quota* quota = rule->QuotaFrom(BodyKindOf(electing_id));
      quota != nullptr && !quota->slates.empty()) {
    for (std::size_t slot = 0; slot < act.candidates.size(); ++slot) {
      const PersonIndex person = act.candidates[slot];
      const SlateIndex slate = person >= 0 && static_cast<std::size_t>(person) < state.persons.size()
                                   ? state.persons.slate[person]
                                   : kNoSlate;
      const std::string_view key =
          slate >= 0 && static_cast<std::size_t>(slate) < state.persons.slates.size()
              ? std::string_view(state.persons.slates[slate].key)
              : std::string_view("(no slate)");
      if (std::find(quota->slates.begin(), quota->slates.end(), key) == quota->slates.end()) {
        return Error(Refused(fmt::format(
            "cycle.election of {}: candidate slot {} (person {}) stands for '{}'; the quota "
            "'{}' is filled by members of {} only (body[{}].quota[{}].slates, {})",
            id, slot, person, key, quota->label, fmt::join(quota->slates, ", "), index,
            quota - rule->quotas.data(), quota->cite)));
      }
    }
  }
  if (rule->eligible != Eligible::kMembers) return {};
  const CouncilState& council = state.council;
  for (std::size_t slot = 0; slot < act.candidates.size(); ++slot) {
    const MandateIndex source = act.candidate_source[slot];
    // kNoMandate: a nominee who holds no seat; the mandates commission
    // rejects them if elected (not_member_of_sending_body).
    if (source == kNoMandate) continue;
    const bool seated_there =
        source >= 0 && static_cast<std::size_t>(source) < council.mandates.size() &&
        council.mandates[source].body == act.electing_body &&
        council.mandates[source].person == act.candidates[slot] &&
        council.At(act.electing_body, council.mandates[source].seat) == source;
    if (!seated_there) {
      return Error(Refused(fmt::format(
          "cycle.election of {}: candidate slot {} (person {}) stands on mandate {}, which is "
          "not their seat in {}; rule: {}",
          id, slot, act.candidates[slot], source, state.body_ids[act.electing_body],
          EligibleRule(charter, id))));
    }
  }
  return {};
}

// ---- the rules, one function per act kind ------------------------------------

Result<void> CheckRegistration(const EngineState& state, const RegistrationAct& act) {
  if (act.unit < 0 || static_cast<std::size_t>(act.unit) >= state.unit_ids.size()) {
    return Error(Refused(fmt::format("cycle.register: unit {} is not a census unit", act.unit)));
  }
  if (act.first != state.registered || act.count < 0 ||
      static_cast<std::size_t>(act.first) + static_cast<std::size_t>(act.count) !=
          state.persons.size()) {
    return Error(Refused(fmt::format(
        "cycle.register: persons are registered in order: the next is person {}, and {} are "
        "staged (the act names {} from person {})",
        state.registered, state.persons.size() - static_cast<std::size_t>(state.registered),
        act.count, act.first)));
  }
  // The slates it declares are those of the register not yet declared, and
  // every person it registers carries a declared slate (doc/cycle.md).
  if (act.first_slate != state.declared_slates || act.slate_count < 0 ||
      static_cast<std::size_t>(act.first_slate) + static_cast<std::size_t>(act.slate_count) !=
          state.persons.slates.size()) {
    return Error(Refused(fmt::format(
        "cycle.register: slates are declared in order: the next is slate {}, and {} are staged "
        "(the act declares {} from slate {})",
        state.declared_slates, state.persons.slates.size() - state.declared_slates, act.slate_count,
        act.first_slate)));
  }
  for (PersonIndex person = act.first; person < act.first + act.count; ++person) {
    const SlateIndex slate = state.persons.slate[person];
    if (slate < 0 || static_cast<std::size_t>(slate) >= state.persons.slates.size()) {
      return Error(Refused(fmt::format(
          "cycle.register: person {} carries no declared slate (slate labels are declared in "
          "this or an earlier cycle.register, doc/cycle.md)",
          person)));
    }
  }
  return {};
}

Result<void> CheckElection(const EngineState& state, const Charter& charter,
                           const ElectionAct& act) {
  if (act.voters_by_slate.size() > static_cast<std::size_t>(state.declared_slates)) {
    return Error(Refused(
        "cycle.election: voters are counted by slates declared by cycle.register (doc/cycle.md)"));
  }
  const auto bodies = static_cast<BodyIndex>(state.body_ids.size());
  if (act.body < 0 || act.body >= bodies) {
    return Error(
        Refused("cycle.election: the body is not created (body.create: every body is "
                "apportioned before it is elected, SYSTEM.md §7)"));
  }
  const std::string& id = state.body_ids[act.body];
  const bool by_body = act.kind == ElectionKind::kDelegation ||
                       act.kind == ElectionKind::kExecutive ||
                       act.kind == ElectionKind::kCommissars;
  if (act.electing_body >= bodies || (by_body && act.electing_body < 0)) {
    return Error(Refused(fmt::format(
        "cycle.election of {}: a {} election names the body that elects (001:144, 001:148)", id,
        ElectionKindName(act.kind))));
  }
  if (act.seats < 0 || act.seats > state.council.Seats(act.body)) {
    return Error(Refused(fmt::format("cycle.election of {}: {} seats to fill, the body has {}", id,
                                     act.seats, state.council.Seats(act.body))));
  }
  if (act.present < 0 || act.present > act.electors) {
    return Error(Refused(fmt::format(
        "cycle.election of {}: {} present of {} electors: no more may vote than are on the roll",
        id, act.present, act.electors)));
  }
  if (act.votes.size() != act.candidates.size() ||
      act.candidate_source.size() != act.candidates.size()) {
    return Error(Refused(
        fmt::format("cycle.election of {}: one vote count and one source per candidate", id)));
  }
  for (PersonIndex person : act.candidates) {
    if (person < 0 || person >= state.registered) {
      return Error(Refused(fmt::format(
          "cycle.election of {}: candidate {} is not in the register (cycle.register: a "
          "candidate is registered before the election, SYSTEM.md §7)",
          id, person)));
    }
  }
  std::vector<bool> seen(act.candidates.size(), false);
  for (std::int32_t slot : act.elected) {
    if (slot < 0 || static_cast<std::size_t>(slot) >= act.candidates.size() || seen[slot]) {
      return Error(Refused(fmt::format(
          "cycle.election of {}: the count elects candidate slot {}, which is no candidate or "
          "elected twice",
          id, slot)));
    }
    seen[slot] = true;
  }
  if (!act.portfolios.empty() && act.portfolios.size() != act.elected.size()) {
    return Error(Refused(
        fmt::format("cycle.election of {}: one portfolio per elected commissar (001:144)", id)));
  }
  if (act.electing_body >= 0) return CheckBodyElection(state, charter, act);
  return {};
}

Result<void> CheckVerification(const EngineState& state, const Charter& charter,
                               const VerificationAct& act) {
  if (act.body < 0 || static_cast<std::size_t>(act.body) >= state.body_ids.size()) {
    return Error(Refused("cycle.verification: the body is not created (body.create)"));
  }
  std::vector<PresentedMandate> presented;
  presented.reserve(act.checks.size());
  for (const MandateCheck& check : act.checks) {
    presented.push_back(PresentedMandate{check.person, check.slot, check.source, check.portfolio});
  }
  const VerificationAct verdicts = engine::VerifyMandates(
      charter, state.persons, state.acts, state.council, act.body, act.election, presented,
      EligibleFor(charter, state.body_ids[act.body]));
  for (std::size_t idx = 0; idx < act.checks.size(); ++idx) {
    const MandateCheck& recorded = act.checks[idx];
    const MandateCheck& found = verdicts.checks[idx];
    if (recorded.reason == found.reason && recorded.seat == found.seat) continue;
    const std::string who =
        recorded.person >= 0 && recorded.person < static_cast<PersonIndex>(state.persons.size())
            ? state.persons.name[recorded.person]
            : fmt::format("person {}", recorded.person);
    if (found.reason == RejectReason::kNone) {
      return Error(Refused(fmt::format(
          "cycle.verification of {}: mandate {} ({}) is recorded as {} (seat {}), but the "
          "mandates commission seats it in seat {}; rule: {}",
          state.body_ids[act.body], idx + 1, who, RejectReasonName(recorded.reason), recorded.seat,
          found.seat, RuleOf(found.reason))));
    }
    return Error(Refused(fmt::format(
        "cycle.verification of {}: mandate {} ({}) is recorded as {}{}, but the mandates "
        "commission rejects it as {}: {}; rule: {}",
        state.body_ids[act.body], idx + 1, who, RejectReasonName(recorded.reason),
        recorded.reason == RejectReason::kNone ? fmt::format(" in seat {}", recorded.seat) : "",
        RejectReasonName(found.reason), found.detail,
        found.reason == RejectReason::kNotMemberOfSendingBody
            ? EligibleRule(charter, state.body_ids[act.body])
            : RuleOf(found.reason))));
  }
  return {};
}

}  // namespace

BodyIndex EngineState::FindBody(const std::string& id) const {
  auto found = body_index.find(id);
  return found == body_index.end() ? BodyIndex{-1} : found->second;
}

bool IsEngineKind(std::string_view kind) {
  return kind == schema::kBodyCreateKind || kind == schema::kRegisterKind ||
         kind == schema::kElectionKind || kind == schema::kVerificationKind ||
         kind == schema::kConstituentKind || IsRollKind(kind) || engine::IsRoleKind(kind) ||
         IsCouncilKind(kind);
}

Result<void> CheckAct(const EngineState& state, const Charter& charter, const CycleAct& act) {
  if (const auto* registration = std::get_if<RegistrationAct>(&act)) {
    return CheckRegistration(state, *registration);
  }
  if (const auto* election = std::get_if<ElectionAct>(&act)) {
    return CheckElection(state, charter, *election);
  }
  if (const auto* verification = std::get_if<VerificationAct>(&act)) {
    return CheckVerification(state, charter, *verification);
  }
  return {};  // an annex: only numbered
}

Result<Act> EncodeCycleAct(const EngineState& state, const CycleAct& act, ActIndex act_index) {
  return EncodeCycleActAt(state, act, act_index, state.next_mandate);
}

Result<Act> EncodeCycleActAt(const EngineState& state, const CycleAct& act, ActIndex act_index,
                             MandateIndex first_mandate) {
  Act out;
  out.fields[field::kAct] = Value::Integer(act_index);
  if (const auto* registration = std::get_if<RegistrationAct>(&act)) {
    const PersonRegister& persons = state.persons;
    out.kind = schema::kRegisterKind;
    out.fields[field::kUnit] = Value::Text(state.unit_ids[registration->unit]);
    out.fields[field::kFirst] = Value::Integer(registration->first);
    ValueList names, factions, ages, excluded;
    for (PersonIndex person = registration->first;
         person < registration->first + registration->count; ++person) {
      names.push_back(Value::Text(persons.name[person]));
      factions.push_back(Value::Text(persons.slates[persons.slate[person]].key));
      ages.push_back(Value::Integer(persons.age[person]));
      excluded.push_back(Value::Integer(persons.excluded_category[person]));
    }
    out.fields[field::kNames] = Value::List(std::move(names));
    out.fields[field::kFactions] = Value::List(std::move(factions));
    out.fields[field::kAges] = Value::List(std::move(ages));
    if (!AllAre(excluded, Value::Integer(kNoCategory))) {
      out.fields[field::kExcluded] = Value::List(std::move(excluded));
    }
    if (registration->slate_count > 0) {
      ValueList keys, slate_names;
      for (std::int32_t idx = 0; idx < registration->slate_count; ++idx) {
        const Slate& slate = persons.slates[registration->first_slate + idx];
        keys.push_back(Value::Text(slate.key));
        slate_names.push_back(Value::Text(slate.name));
      }
      out.fields[field::kSlates] = Value::List(std::move(keys));
      out.fields[field::kSlateNames] = Value::List(std::move(slate_names));
    }
    return out;
  }
  if (const auto* election = std::get_if<ElectionAct>(&act)) {
    out.kind = schema::kElectionKind;
    out.body = state.body_ids[election->body];
    out.fields[field::kElection] = Value::Text(ElectionKindName(election->kind));
    out.fields[field::kElectingBody] =
        Value::Text(election->electing_body >= 0 ? state.body_ids[election->electing_body] : "");
    out.fields[field::kMethod] = Value::Text(election->method);
    out.fields[field::kOpen] = Value::Boolean(election->open);
    out.fields[field::kSeats] = Value::Integer(election->seats);
    out.fields[field::kElectors] = Value::Integer(election->electors);
    out.fields[field::kPresent] = Value::Integer(election->present);
    ValueMap voters;
    for (std::size_t slate = 0; slate < election->voters_by_slate.size(); ++slate) {
      voters[state.persons.slates[slate].key] = Value::Integer(election->voters_by_slate[slate]);
    }
    out.fields[field::kVoters] = Value::Map(std::move(voters));
    out.fields[field::kCandidates] = Value::List(Integers(election->candidates));
    ValueList sources = Integers(election->candidate_source);
    if (!AllAre(sources, Value::Integer(kNoMandate))) {
      out.fields[field::kSources] = Value::List(std::move(sources));
    }
    out.fields[field::kVotes] = Value::List(Integers(election->votes));
    out.fields[field::kElected] = Value::List(Integers(election->elected));
    if (!election->portfolios.empty()) {
      out.fields[field::kPortfolios] = Value::List(Texts(election->portfolios));
    }
    // The seed of any lot the count drew, as its 8 big-endian bytes.
    std::string seed_bytes(8, '\0');
    for (int byte = 0; byte < 8; ++byte) {
      seed_bytes[byte] = static_cast<char>((election->count_seed >> (56 - 8 * byte)) & 0xFF);
    }
    out.fields[field::kCountSeed] = Value::ByteString(std::move(seed_bytes));
    out.fields[field::kFinal] = Value::Boolean(election->final);
    return out;
  }
  if (const auto* verification = std::get_if<VerificationAct>(&act)) {
    out.kind = schema::kVerificationKind;
    out.body = state.body_ids[verification->body];
    out.fields[field::kElection] = Value::Integer(verification->election);
    ValueList persons_list, slots, mandates, seats, sources, reasons, details, portfolios;
    MandateIndex next = first_mandate;
    for (const MandateCheck& check : verification->checks) {
      const bool seated = check.reason == RejectReason::kNone;
      persons_list.push_back(Value::Integer(check.person));
      slots.push_back(Value::Integer(check.slot));
      mandates.push_back(Value::Integer(seated ? next++ : kNoMandate));
      seats.push_back(Value::Integer(check.seat));
      sources.push_back(Value::Integer(check.source));
      reasons.push_back(Value::Text(RejectReasonName(check.reason)));
      details.push_back(Value::Text(check.detail));
      portfolios.push_back(Value::Text(check.portfolio));
    }
    out.fields[field::kPersons] = Value::List(std::move(persons_list));
    out.fields[field::kSlots] = Value::List(std::move(slots));
    out.fields[field::kMandates] = Value::List(std::move(mandates));
    out.fields[field::kSeats] = Value::List(std::move(seats));
    if (!AllAre(sources, Value::Integer(kNoMandate))) {
      out.fields[field::kSources] = Value::List(std::move(sources));
    }
    if (!AllAre(reasons, Value::Text(kSeated))) {
      out.fields[field::kReasons] = Value::List(std::move(reasons));
    }
    if (!AllAre(details, Value::Text(""))) {
      out.fields[field::kDetails] = Value::List(std::move(details));
    }
    if (!AllAre(portfolios, Value::Text(""))) {
      out.fields[field::kPortfolios] = Value::List(std::move(portfolios));
    }
    return out;
  }
  return Error(Status::Internal("an annex act has no cycle encoding; RecordAnnex writes it"));
}

Result<CycleAct> DecodeCycleAct(const EngineState& state, const Act& act) {
  auto body_of = [&](const std::string& id, const char* name) -> Result<BodyIndex> {
    const BodyIndex body = state.FindBody(id);
    if (body < 0) {
      return Error(Status::InvalidInput(
          fmt::format("act \"{}\": {} \"{}\" is not a body of this journal (body.create: only "
                      "the charter's apportioned bodies exist)",
                      act.kind, name, id),
          SourceLocation{.field = name}));
    }
    return body;
  };
  if (act.kind == schema::kRegisterKind) {
    SOVET_TRY(std::string unit, TextOf(act, field::kUnit));
    auto found = state.unit_index.find(unit);
    if (found == state.unit_index.end()) return Error(Bad(act, field::kUnit, "a census unit id"));
    SOVET_TRY(std::int64_t first, IntOf(act, field::kFirst));
    SOVET_TRY(auto names, TextsOf(act, field::kNames, kAnySize));
    std::size_t declared = 0;
    if (Find(act, field::kSlates) != nullptr) {
      SOVET_TRY(auto keys, TextsOf(act, field::kSlates, kAnySize));
      declared = keys.size();
    }
    return CycleAct(RegistrationAct{found->second, static_cast<PersonIndex>(first),
                                    static_cast<std::int32_t>(names.size()), state.declared_slates,
                                    static_cast<std::int32_t>(declared)});
  }
  if (act.kind == schema::kElectionKind) {
    ElectionAct election;
    SOVET_TRY(election.body, body_of(act.body, "body"));
    SOVET_TRY(std::string kind, TextOf(act, field::kElection));
    if (!ParseElectionKind(kind, &election.kind)) {
      return Error(
          Bad(act, field::kElection, "base, by_election, delegation, executive or commissars"));
    }
    SOVET_TRY(std::string electing, TextOf(act, field::kElectingBody));
    if (!electing.empty()) {
      SOVET_TRY(election.electing_body, body_of(electing, "electing_body"));
    }
    SOVET_TRY(election.method, TextOf(act, field::kMethod));
    SOVET_TRY(election.open, BoolOf(act, field::kOpen, true));
    SOVET_TRY(election.seats, IntOf(act, field::kSeats));
    SOVET_TRY(election.electors, IntOf(act, field::kElectors));
    SOVET_TRY(election.present, IntOf(act, field::kPresent));
    SOVET_TRY(auto candidates, IntsOf(act, field::kCandidates, kAnySize));
    const std::size_t count = candidates.size();
    SOVET_TRY(auto sources, IntsOr(act, field::kSources, count, kNoMandate));
    SOVET_TRY(auto votes, IntsOf(act, field::kVotes, count));
    SOVET_TRY(auto elected, IntsOf(act, field::kElected, kAnySize));
    if (Find(act, field::kPortfolios) != nullptr) {
      SOVET_TRY(election.portfolios, TextsOf(act, field::kPortfolios, kAnySize));
    }
    SOVET_TRY(election.final, BoolOf(act, field::kFinal, true));
    for (std::size_t idx = 0; idx < count; ++idx) {
      if (candidates[idx] < 0 || candidates[idx] > INT32_MAX || sources[idx] < -1 ||
          sources[idx] > INT32_MAX) {
        return Error(Bad(act, field::kCandidates, "person and mandate numbers"));
      }
      election.candidates.push_back(static_cast<PersonIndex>(candidates[idx]));
      election.candidate_source.push_back(static_cast<MandateIndex>(sources[idx]));
    }
    election.votes = std::move(votes);
    for (std::int64_t slot : elected) {
      if (slot < 0 || slot > INT32_MAX) return Error(Bad(act, field::kElected, "candidate slots"));
      election.elected.push_back(static_cast<std::int32_t>(slot));
    }
    if (const Value* voters = Find(act, field::kVoters); voters != nullptr && voters->is_map()) {
      election.voters_by_slate.assign(state.persons.slates.size(), 0);
      for (const auto& [key, value] : voters->map()) {
        const SlateIndex slate = state.persons.FindSlate(key);
        if (slate == kNoSlate ||
            static_cast<std::size_t>(slate) >= election.voters_by_slate.size() ||
            !value.is_integer() || value.integer() < 0) {
          return Error(Bad(act, field::kVoters,
                           "counts >= 0 of slates declared by cycle.register (doc/cycle.md)"));
        }
        election.voters_by_slate[slate] = value.integer();
      }
    }
    return CycleAct(std::move(election));
  }
  if (act.kind == schema::kVerificationKind) {
    VerificationAct verification;
    SOVET_TRY(verification.body, body_of(act.body, "body"));
    SOVET_TRY(verification.election, IntOf(act, field::kElection));
    SOVET_TRY(auto persons, IntsOf(act, field::kPersons, kAnySize));
    const std::size_t count = persons.size();
    SOVET_TRY(auto slots, IntsOf(act, field::kSlots, count));
    SOVET_TRY(auto seats, IntsOf(act, field::kSeats, count));
    SOVET_TRY(auto sources, IntsOr(act, field::kSources, count, kNoMandate));
    SOVET_TRY(auto reasons, TextsOr(act, field::kReasons, count, kSeated));
    SOVET_TRY(auto details, TextsOr(act, field::kDetails, count, ""));
    SOVET_TRY(auto portfolios, TextsOr(act, field::kPortfolios, count, ""));
    SOVET_TRY(auto mandates, IntsOf(act, field::kMandates, count));
    MandateIndex next = state.next_mandate;
    for (std::size_t idx = 0; idx < count; ++idx) {
      MandateCheck check;
      if (persons[idx] < -1 || persons[idx] > INT32_MAX || slots[idx] < -1 ||
          slots[idx] > INT32_MAX || sources[idx] < -1 || sources[idx] > INT32_MAX) {
        return Error(Bad(act, field::kPersons, "person, slot and mandate numbers"));
      }
      check.person = static_cast<PersonIndex>(persons[idx]);
      check.slot = static_cast<std::int32_t>(slots[idx]);
      check.source = static_cast<MandateIndex>(sources[idx]);
      check.seat = seats[idx];
      check.detail = details[idx];
      check.portfolio = portfolios[idx];
      if (!ParseRejectReason(reasons[idx], &check.reason)) {
        return Error(Bad(act, field::kReasons, "seated or a reject reason (doc/cycle.md)"));
      }
      const std::int64_t expected = check.reason == RejectReason::kNone ? next++ : kNoMandate;
      if (mandates[idx] != expected) {
        return Error(
            Bad(act, field::kMandates,
                fmt::format("mandate numbers in order: {} at position {}", expected, idx + 1)));
      }
      verification.checks.push_back(std::move(check));
    }
    return CycleAct(std::move(verification));
  }
  if (act.kind == schema::kConstituentKind) return CycleAct(AnnexAct{act.kind});
  return Error(
      Status::InvalidInput(fmt::format("act kind \"{}\" is not one of the engine's", act.kind),
                           SourceLocation{.field = "kind"}));
}

// ---- the engine ---------------------------------------------------------------

Engine::Engine(const Charter& charter, EngineOptions options)
    : charter_(charter), options_(std::move(options)) {
  // unit_index is built when a recorded act first names a unit by id: a
  // client that knows the census (the simulation) never needs it.
  state_.unit_ids = std::move(options_.unit_ids);
  state_.council.seat_offset.push_back(0);
  state_.charters = CharterTimeline(&charter_);
}

Engine::~Engine() { (void)Finish(); }

void Engine::AttachJournal(Journal* journal) { options_.journal = journal; }

Result<void> Engine::WaitBelow(std::int64_t outstanding) {
  std::unique_lock lock(mutex_);
  acknowledged_.wait(lock, [&] { return outstanding_ <= outstanding || error_.has_value(); });
  if (error_) return Error(*error_);
  return {};
}

Result<void> Engine::Write(Act act) {
  ++state_.seq;
  if (options_.journal == nullptr) return {};
  ++written_;
  if (!options_.pipelined) {
    SOVET_TRY(last_appended_, options_.journal->Append(std::move(act)));
    state_.seq = last_appended_.seq;
    state_.ledger.control.journal_seq = last_appended_.seq;
    return {};
  }
  ++state_.ledger.control.journal_seq;  // predicted: the engine is the only writer
  // Handed over in batches, as the journal's group commit takes them: the
  // writer thread then works in long runs beside the caller's.
  batch_.push_back(Pending{std::move(act), kNoAct, kNoMandate});
  if (batch_.size() >= kBatch) return Flush();
  return {};
}

Result<void> Engine::Flush() {
  for (Pending& pending : batch_) {
    Act act = std::move(pending.act);
    if (pending.act_index != kNoAct) {
      SOVET_TRY(act, EncodeCycleActAt(state_, state_.acts[pending.act_index], pending.act_index,
                                      pending.first_mandate));
    }
    SOVET_CHECK_OK(WaitBelow(kMaxOutstanding));
    {
      std::lock_guard lock(mutex_);
      ++outstanding_;
    }
    options_.journal->Submit(std::move(act), [this](Result<Appended> appended) {
      std::lock_guard lock(mutex_);
      --outstanding_;
      if (!appended && !error_) error_ = appended.error();
      acknowledged_.notify_all();
    });
  }
  batch_.clear();
  return {};
}

// The journal's writer thread calls back into this object until every act
// submitted is acknowledged, failed or not: wait for all of them.
Result<void> Engine::Finish() {
  if (!batch_.empty()) SOVET_CHECK_OK(Flush());
  std::unique_lock lock(mutex_);
  acknowledged_.wait(lock, [&] { return outstanding_ == 0; });
  if (error_) return Error(*error_);
  return {};
}

Result<void> Engine::CheckBody(const std::string& id, std::int64_t seats) const {
  const std::string kind = id.substr(0, id.find(':'));
  if (id.find(':') == std::string::npos || charter_.FindBody(kind) == nullptr) {
    return Error(Status::InvalidInput(
        fmt::format("body \"{}\": a body id is KIND:UNIT_ID with KIND a body of charter {} "
                    "([[body]] kind, {})",
                    id, charter_.id, charter_.source_file),
        SourceLocation{.field = "body"}));
  }
  if (state_.body_index.count(id) != 0) {
    return Error(Status::AlreadyExists(
        fmt::format("body \"{}\" is already created; body.seats changes its seats", id),
        SourceLocation{.field = "body"}));
  }
  if (seats < 0) {
    return Error(Status::InvalidInput(fmt::format("body \"{}\": seats must be >= 0", id),
                                      SourceLocation{.field = "seats"}));
  }
  return {};
}

Result<BodyIndex> Engine::AcceptBody(Act act, std::int64_t seats) {
  const auto body = static_cast<BodyIndex>(state_.body_ids.size());
  SOVET_CHECK_OK(Write(act));
  state_.body_ids.push_back(act.body);
  state_.body_index.emplace(act.body, body);
  state_.council.seat_offset.push_back(state_.council.seat_offset.back() + seats);
  state_.council.seat_mandate.resize(static_cast<std::size_t>(state_.council.seat_offset.back()),
                                     kNoMandate);
  return body;
}

Result<BodyIndex> Engine::CreateBody(const std::string& id, std::int64_t seats) {
  SOVET_CHECK_OK(CheckBody(id, seats));
  Act act{.kind = schema::kBodyCreateKind, .body = id, .fields = {}};
  act.fields[field::kSeats] = Value::Integer(seats);
  return AcceptBody(std::move(act), seats);
}

Result<void> Engine::Accept(CycleAct act) {
  const auto act_index = static_cast<ActIndex>(state_.acts.size());
  if (options_.journal == nullptr || options_.pipelined) ++state_.seq;  // Write counts the rest
  if (options_.journal != nullptr && options_.pipelined) {
    // Encoded when the batch is handed over (the act and the register it
    // reads are kept; only the first mandate number must be noted now).
    batch_.push_back(Pending{Act{}, act_index, state_.next_mandate});
    ++written_;
    ++state_.ledger.control.journal_seq;  // predicted, as in Write
  } else if (options_.journal != nullptr) {
    SOVET_TRY(Act encoded, EncodeCycleAct(state_, act, act_index));
    SOVET_CHECK_OK(Write(std::move(encoded)));
  }
  SOVET_CHECK_OK(state_.council.Apply(act_index, act));
  if (const auto* registration = std::get_if<RegistrationAct>(&act)) {
    state_.registered += registration->count;
    state_.declared_slates =
        static_cast<SlateIndex>(state_.declared_slates + registration->slate_count);
  } else if (const auto* verification = std::get_if<VerificationAct>(&act)) {
    for (const MandateCheck& check : verification->checks) {
      if (check.reason == RejectReason::kNone) ++state_.next_mandate;
    }
  }
  state_.acts.push_back(std::move(act));
  if (batch_.size() >= kBatch) SOVET_CHECK_OK(Flush());
  return {};
}

Result<ActIndex> Engine::Register(UnitIndex unit) {
  const auto first = state_.registered;
  CycleAct act = RegistrationAct{
      unit, first, static_cast<std::int32_t>(state_.persons.size()) - first, state_.declared_slates,
      static_cast<std::int32_t>(state_.persons.slates.size()) - state_.declared_slates};
  SOVET_CHECK_OK(CheckAct(state_, state_.charters.Latest(), act));
  SOVET_CHECK_OK(Accept(std::move(act)));
  return static_cast<ActIndex>(state_.acts.size()) - 1;
}

Result<ActIndex> Engine::RecordElection(ElectionAct election) {
  CycleAct act = std::move(election);
  SOVET_CHECK_OK(CheckAct(state_, state_.charters.Latest(), act));
  SOVET_CHECK_OK(Accept(std::move(act)));
  return static_cast<ActIndex>(state_.acts.size()) - 1;
}

Result<const VerificationAct*> Engine::VerifyMandates(BodyIndex body, ActIndex election,
                                                      std::span<const PresentedMandate> presented) {
  if (body < 0 || static_cast<std::size_t>(body) >= state_.body_ids.size()) {
    return Error(Refused("cycle.verification: the body is not created (body.create)"));
  }
  // The commission's verdicts are the rule itself: what it decides needs no
  // second check.
  CycleAct act =
      engine::VerifyMandates(state_.charters.Latest(), state_.persons, state_.acts, state_.council,
                             body, election, presented,
                             EligibleFor(state_.charters.Latest(), state_.body_ids[body]));
  SOVET_CHECK_OK(Accept(std::move(act)));
  return &std::get<VerificationAct>(state_.acts.back());
}

Result<ActIndex> Engine::RecordAnnex(Act act) {
  const auto act_index = static_cast<ActIndex>(state_.acts.size());
  act.fields[field::kAct] = Value::Integer(act_index);
  const std::string kind = act.kind;
  SOVET_CHECK_OK(Write(std::move(act)));
  state_.acts.push_back(AnnexAct{kind});
  return act_index;
}

Result<void> Engine::ExecuteRecorded(const Act& act) {
  if (act.kind == schema::kBodyCreateKind) {
    // The act as given (a client may record more about the body than its
    // seats); a body created without seats has none yet.
    std::int64_t seats = 0;
    if (Find(act, field::kSeats) != nullptr) {
      SOVET_TRY(seats, IntOf(act, field::kSeats));
    }
    SOVET_CHECK_OK(CheckBody(act.body, seats));
    SOVET_TRY(BodyIndex body, AcceptBody(act, seats));
    (void)body;
    return {};
  }
  if (IsRollKind(act.kind)) {
    // The register of persons (sovet/person_roll.h): its own rules, state
    // and numbering (its acts carry dates, not cycle places).
    SOVET_CHECK_OK(CheckRollAct(state_.roll, state_.charters.For(act), act));
    SOVET_CHECK_OK(Write(act));
    state_.roll.Apply(act);
    return {};
  }
  if (engine::IsRoleKind(act.kind)) {
    SOVET_CHECK_OK(engine::CheckRoleAct(state_, act));
    SOVET_CHECK_OK(Write(act));
    engine::ApplyRoleAct(state_, act);
    return {};
  }
  if (IsCouncilKind(act.kind)) {
    // Elections, recall and sessions over time (sovet/council.h): their own
    // rules, state and numbering (they carry dates, not cycle places).
    // The charter in force on the act's date (sovet/charter_history.h).
    const Charter& in_force = state_.charters.For(act);
    SOVET_CHECK_OK(engine::CheckCouncilAct(state_, in_force, act));
    SOVET_CHECK_OK(Write(act));
    if (options_.journal != nullptr) {
      state_.ledger.control.current_seq = state_.ledger.control.journal_seq;
    }
    engine::ApplyCouncilAct(state_, in_force, act);
    return {};
  }
  if (!IsEngineKind(act.kind)) {
    return Error(
        Status::InvalidInput(fmt::format("act kind \"{}\" is not one of the engine's", act.kind),
                             SourceLocation{.field = "kind"}));
  }
  SOVET_TRY(std::int64_t index, IntOf(act, field::kAct));
  const auto next = static_cast<std::int64_t>(state_.acts.size());
  if (index < next) {
    return Error(Status::AlreadyExists(
        fmt::format("act \"{}\": act {} of the cycle is already recorded; the next is act {}",
                    act.kind, index, next),
        SourceLocation{.field = field::kAct}));
  }
  if (index > next) {
    return Error(Status::InvalidInput(
        fmt::format("act \"{}\": acts are recorded in order; the next is act {}, not {}", act.kind,
                    next, index),
        SourceLocation{.field = field::kAct}));
  }
  if (act.kind == schema::kConstituentKind) {
    SOVET_TRY(ActIndex annex, RecordAnnex(act));
    (void)annex;
    return {};
  }
  if (act.kind == schema::kRegisterKind) {
    // The register's persons are staged from the act, then the act is
    // checked like any client's.
    SOVET_TRY(std::string unit, TextOf(act, field::kUnit));
    if (state_.unit_index.size() < state_.unit_ids.size()) {
      for (std::size_t idx = 0; idx < state_.unit_ids.size(); ++idx) {
        state_.unit_index.emplace(state_.unit_ids[idx], static_cast<UnitIndex>(idx));
      }
    }
    if (state_.unit_index.count(unit) == 0) {
      state_.unit_index.emplace(unit, static_cast<UnitIndex>(state_.unit_ids.size()));
      state_.unit_ids.push_back(unit);
    }
    SOVET_TRY(std::int64_t first, IntOf(act, field::kFirst));
    if (first != state_.registered || state_.persons.size() != static_cast<std::size_t>(first)) {
      return Error(Refused(fmt::format(
          "cycle.register: persons are registered in order; the next is person {}, not {}",
          state_.registered, first)));
    }
    SOVET_TRY(auto names, TextsOf(act, field::kNames, kAnySize));
    SOVET_TRY(auto factions, TextsOf(act, field::kFactions, names.size()));
    SOVET_TRY(auto ages, IntsOf(act, field::kAges, names.size()));
    SOVET_TRY(auto excluded, IntsOr(act, field::kExcluded, names.size(), kNoCategory));
    const UnitIndex unit_index = state_.unit_index.at(unit);
    // The slates this act declares, each new to the record.
    std::vector<std::string> slate_keys, slate_names;
    if (Find(act, field::kSlates) != nullptr || Find(act, field::kSlateNames) != nullptr) {
      SOVET_TRY(slate_keys, TextsOf(act, field::kSlates, kAnySize));
      SOVET_TRY(slate_names, TextsOf(act, field::kSlateNames, slate_keys.size()));
    }
    if (state_.persons.slates.size() + slate_keys.size() > INT16_MAX) {
      return Error(
          Bad(act, field::kSlates, fmt::format("at most {} slates in a record", INT16_MAX)));
    }
    for (std::size_t idx = 0; idx < slate_keys.size(); ++idx) {
      const bool repeated =
          std::find(slate_keys.begin(), slate_keys.begin() + static_cast<std::ptrdiff_t>(idx),
                    slate_keys[idx]) != slate_keys.begin() + static_cast<std::ptrdiff_t>(idx);
      if (repeated || state_.persons.FindSlate(slate_keys[idx]) != kNoSlate) {
        return Error(Bad(act, field::kSlates,
                         fmt::format("slate labels not yet declared (\"{}\" is declared twice)",
                                     slate_keys[idx])));
      }
    }
    auto slate_of = [&](const std::string& key) -> SlateIndex {
      const SlateIndex known = state_.persons.FindSlate(key);
      if (known != kNoSlate) return known;
      auto found = std::find(slate_keys.begin(), slate_keys.end(), key);
      if (found == slate_keys.end()) return kNoSlate;
      return static_cast<SlateIndex>(state_.persons.slates.size() +
                                     static_cast<std::size_t>(found - slate_keys.begin()));
    };
    for (std::size_t idx = 0; idx < names.size(); ++idx) {
      if (slate_of(factions[idx]) == kNoSlate) {
        return Error(Bad(act, field::kFactions,
                         "slate labels declared in this or an earlier cycle.register (its "
                         "`slates`, doc/cycle.md)"));
      }
      if (ages[idx] < 0 || ages[idx] > 200 || excluded[idx] < -1 || excluded[idx] > 1000) {
        return Error(Bad(act, field::kAges, "ages 0..200 and franchise categories -1.."));
      }
    }
    std::vector<SlateIndex> person_slates;
    for (const std::string& key : factions) person_slates.push_back(slate_of(key));
    const std::size_t slates_before = state_.persons.slates.size();
    for (std::size_t idx = 0; idx < slate_keys.size(); ++idx) {
      state_.persons.AddSlate(slate_keys[idx], slate_names[idx]);
    }
    for (std::size_t idx = 0; idx < names.size(); ++idx) {
      state_.persons.Add(names[idx], unit_index, person_slates[idx],
                         static_cast<std::int16_t>(ages[idx]),
                         static_cast<std::int16_t>(excluded[idx]), 0, 0);
    }
    auto registered = Register(unit_index);
    if (!registered) {
      // The slates this act staged are withdrawn with it.
      state_.persons.slates.resize(slates_before);
      return Error(registered.error());
    }
    return {};
  }
  SOVET_TRY(CycleAct decoded, DecodeCycleAct(state_, act));
  SOVET_CHECK_OK(CheckAct(state_, state_.charters.Latest(), decoded));
  return Accept(std::move(decoded));
}

Result<std::optional<Charter>> FindJournalCharter(const Entry& genesis, const std::string& path) {
  auto id = genesis.payload.find("charter_id");
  auto hash = genesis.payload.find("charter_sha256");
  if (id == genesis.payload.end() || hash == genesis.payload.end() || !id->second.is_text() ||
      !hash->second.is_bytes()) {
    return std::optional<Charter>();
  }
  const std::string hex = HexEncode(hash->second.bytes());
  if (!path.empty()) {
    SOVET_TRY(Charter charter, LoadCharter(path));
    if (charter.sha256_hex != hex) {
      return Error(Status::FailedPrecondition(
          fmt::format("the journal is bound to charter \"{}\" (sha256 {}), not to {} (\"{}\", "
                      "sha256 {})",
                      id->second.text(), hex, path, charter.id, charter.sha256_hex),
          SourceLocation{.field = "--charter"}));
    }
    return std::optional<Charter>(std::move(charter));
  }
  std::vector<std::string> searched;
  for (const std::string dir : {std::string("charters"), std::string(SOVET_CHARTERS_DIR)}) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) continue;
    searched.push_back(dir);
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".toml") && !name.ends_with(".sim.toml")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto charter = LoadCharter(file.string());
      if (charter && charter->sha256_hex == hex) return std::optional<Charter>(std::move(*charter));
    }
  }
  return Error(Status::NotFound(
      fmt::format("the journal is bound to charter \"{}\" (sha256 {}), and no charter file with "
                  "that hash is in {}; give the charter with --charter FILE",
                  id->second.text(), hex,
                  searched.empty() ? std::string("./charters (missing)")
                                   : fmt::format("{}", fmt::join(searched, ", "))),
      SourceLocation{.field = "--charter"}));
}

Result<std::int64_t> Engine::LoadJournal(Journal& journal) {
  constexpr std::int64_t kChunk = 4096;
  std::int64_t count = 0;
  for (std::int64_t from = 1;;) {
    SOVET_TRY(auto entries, journal.Read(from, kChunk));
    if (entries.empty()) break;
    for (const Entry& entry : entries) {
      state_.ledger.control.journal_seq = entry.seq;
      if (!IsEngineKind(entry.kind)) continue;
      state_.seq = entry.seq - 1;  // the engine counts the act it accepts
      state_.ledger.control.current_seq = entry.seq;
      auto done =
          ExecuteRecorded(Act{.kind = entry.kind, .body = entry.body, .fields = entry.payload});
      if (!done) {
        return Error(Status::IntegrityViolation(
            fmt::format("entry {} ({}{}{}) is not lawful: {}", entry.seq, entry.kind,
                        entry.body.empty() ? "" : " ", entry.body, done.error().message())));
      }
      ++count;
    }
    from = entries.back().seq + 1;
    state_.seq = entries.back().seq;
  }
  return count;
}

Result<void> AuditJournal(Journal& journal, const Charter& charter, std::int64_t* checked) {
  Engine engine(charter, EngineOptions{});
  SOVET_TRY(std::int64_t count, engine.LoadJournal(journal));
  if (checked != nullptr) *checked = count;
  return {};
}

}  // namespace sovet
