// Elections run by their commissions (sovet/council.h; formats, rules and
// the lifecycle: doc/operating.md): election.delegations (which source body
// fills which seats of a composed body), election.call, election.nominate,
// election.record (the electoral commission's result) and election.verify
// (the mandates commission's verdicts, 001:152). Each act is checked here
// against the charter and the engine's state, for a command and for the
// audit of `sovet verify` alike.
//
// Lifecycle of an election: called → (nominations) → recorded → verified.
// Each act is accepted only in its stage; an act of a stage already passed
// is kAlreadyExists (a repeat), so two operators recording one election
// cannot both succeed.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/ballots.h"
#include "sovet/count.h"
#include "sovet/council_acts.h"
#include "sovet/person_roll.h"

namespace sovet {

namespace {

constexpr std::pair<CouncilElectionKind, const char*> kKindNames[] = {
    {CouncilElectionKind::kRegular, "regular"},
    {CouncilElectionKind::kByElection, "by-election"},
    {CouncilElectionKind::kDelegation, "delegation"},
    {CouncilElectionKind::kExecutive, "executive"},
    {CouncilElectionKind::kCommissars, "commissars"},
};

namespace field = schema::council::field;
using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::IntsOf;
using engine_internal::kAnySize;
using engine_internal::TextOf;
using engine_internal::TextsOf;

Status Refuse(const Act& act, const char* name, const std::string& message) {
  return Status::InvalidInput(fmt::format("{} of {}: {}", act.kind, act.body, message),
                              SourceLocation{.field = name});
}
Status Repeat(const Act& act, const char* name, const std::string& message) {
  return Status::AlreadyExists(fmt::format("{} of {}: {}", act.kind, act.body, message),
                               SourceLocation{.field = name});
}


bool Direct(CouncilElectionKind kind) {
  return kind == CouncilElectionKind::kRegular || kind == CouncilElectionKind::kByElection;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Ballots of a secret ballot in the act's compact form: one text per
// distinct ballot, "WEIGHT C1 C2 ...", candidates by their 1-based place in
// `candidates`, in order of preference (an empty ballot is "WEIGHT").
Result<RankedBallots> ParseBallots(const Act& act, std::size_t candidates) {
  SOVET_TRY(std::vector<std::string> ballots, TextsOf(act, field::kBallots, kAnySize));
  std::string blt = fmt::format("{} 1\n", candidates);
  for (std::size_t line = 0; line < ballots.size(); ++line) {
    const std::string& text = ballots[line];
    std::vector<std::int64_t> numbers;
    std::size_t at = 0;
    bool ok = !text.empty();
    while (ok && at < text.size()) {
      std::size_t end = text.find(' ', at);
      if (end == std::string::npos) end = text.size();
      const std::string word = text.substr(at, end - at);
      if (word.empty() || word.size() > 12 ||
          !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        ok = false;
        break;
      }
      numbers.push_back(std::stoll(word));
      at = end + 1;
    }
    std::set<std::int64_t> seen;
    for (std::size_t k = 1; ok && k < numbers.size(); ++k) {
      ok = numbers[k] >= 1 && numbers[k] <= static_cast<std::int64_t>(candidates) &&
           seen.insert(numbers[k]).second;
    }
    if (!ok || numbers.empty() || numbers[0] < 1) {
      return Error(Bad(act, field::kBallots,
                       fmt::format("ballot {} as \"WEIGHT C1 C2 ...\": a weight >= 1, then "
                                   "distinct candidates 1..{} in order of preference",
                                   line + 1, candidates)));
    }
    for (const std::int64_t number : numbers) blt += fmt::format("{} ", number);
    blt += "0\n";
  }
  blt += "0\n";
  for (std::size_t k = 0; k < candidates; ++k) blt += fmt::format("\"c{}\"\n", k + 1);
  blt += "\"election\"\n";
  return ParseBlt(blt, act.kind);
}

}  // namespace

const char* CouncilElectionKindName(CouncilElectionKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) return name;
  }
  return "regular";
}

const char* CouncilElectionStageName(CouncilElectionStage stage) {
  switch (stage) {
    case CouncilElectionStage::kCalled:
      return "called";
    case CouncilElectionStage::kRecorded:
      return "recorded";
    case CouncilElectionStage::kVerified:
      return "verified";
  }
  return "called";
}

std::optional<CouncilElectionKind> ParseCouncilElectionKind(std::string_view name) {
  for (const auto& [value, text] : kKindNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

Result<std::vector<std::string>> CountElectionRecord(const Charter& charter,
                                                     const CouncilElection& election,
                                                     const Act& act) {
  SOVET_TRY(CountResult result, CountElectionRecordInFull(charter, election, act));
  return result.elected;
}

Result<CountResult> CountElectionRecordInFull(const Charter& charter,
                                              const CouncilElection& election, const Act& act) {
  SOVET_TRY(std::vector<std::string> candidates, TextsOf(act, field::kCandidates, kAnySize));
  SOVET_TRY(std::string vote, TextOf(act, field::kVote));
  SOVET_TRY(std::int64_t seed, IntOf(act, field::kSeed));
  if (seed < 0) return Error(Bad(act, field::kSeed, "a seed >= 0"));
  const BodyRule* rule = charter.FindBody(BodyKindOf(election.body));
  if (rule == nullptr) return Error(Bad(act, "body", "a body of the charter"));
  const std::int64_t seats = std::min<std::int64_t>(
      static_cast<std::int64_t>(election.seats.size()),
      static_cast<std::int64_t>(candidates.size()));
  if (seats < 1) return CountResult{};
  CountOptions options;
  options.seats = seats;
  options.seed = static_cast<std::uint64_t>(seed);
  CountResult result;
  if (vote == "open") {
    SOVET_TRY(std::vector<std::int64_t> hands, IntsOf(act, field::kHands, candidates.size()));
    Tally tally;
    tally.source_file = act.kind;
    tally.options = candidates;
    for (const std::int64_t count : hands) {
      if (count < 0) return Error(Bad(act, field::kHands, "hands >= 0 per candidate"));
      tally.votes.push_back(count);
      tally.total += count;
    }
    // An open vote: each seat to the most hands (001:152 "according to
    // custom"), ties by lot from the recorded seed.
    options.method = Method::kPlurality;
    SOVET_TRY(result, Count(Ballots(std::move(tally)), options));
  } else if (vote == "secret") {
    SOVET_TRY(RankedBallots ballots, ParseBallots(act, candidates.size()));
    // A delegation is elected by the method of the quota drawing on the
    // sending body's kind, if it names one (body.quota method).
    const std::string& method = election.kind == CouncilElectionKind::kDelegation
                                    ? rule->MethodFrom(BodyKindOf(election.electing_body))
                                    : rule->election.method;
    SOVET_TRY(options.method, ParseMethod(method));
    if (options.method == Method::kDhondt || options.method == Method::kSainteLague ||
        options.method == Method::kModifiedSainteLague || options.method == Method::kHare ||
        options.method == Method::kDroop || options.method == Method::kMotion) {
      return Error(Status::InvalidInput(
          fmt::format("{}: election.method \"{}\" of [[body]] {} counts lists, not persons; an "
                      "election by its commission counts ballots naming persons",
                      act.kind, method, rule->kind),
          SourceLocation{.field = field::kBallots}));
    }
    SOVET_TRY(result, Count(Ballots(std::move(ballots)), options));
    // The ballots name candidates "c1", "c2", ... (ParseBallots): map back.
    auto name_of = [&candidates](std::string& name) {
      if (name.size() > 1 && name[0] == 'c') {
        name = candidates[static_cast<std::size_t>(std::stoll(name.substr(1))) - 1];
      }
    };
    for (std::string& name : result.elected) name_of(name);
    for (std::string& name : result.candidates) name_of(name);
    for (CountRound& round : result.rounds) {
      for (std::string& name : round.subjects) name_of(name);
      for (std::string& name : round.elected) name_of(name);
      for (std::string& name : round.excluded) name_of(name);
    }
    for (TieBreak& tie : result.ties) {
      for (std::string& name : tie.tied) name_of(name);
      name_of(tie.chosen);
    }
    return result;
  } else {
    return Error(Bad(act, field::kVote, "\"open\" (a show of hands) or \"secret\" (ballots)"));
  }
  return result;
}

namespace engine {
namespace {

// The seat `person` holds in `body`, or 0.
std::int64_t SeatOf(const EngineState& state, const std::string& body, std::string_view person) {
  auto found = state.ledger.bodies.find(body);
  if (found == state.ledger.bodies.end()) return 0;
  const auto& seats = found->second.seats;
  for (std::size_t index = 0; index < seats.size(); ++index) {
    if (seats[index] && seats[index]->person == person) return static_cast<std::int64_t>(index) + 1;
  }
  return 0;
}

std::int64_t SeatCount(const EngineState& state, const std::string& body) {
  const BodyIndex index = state.FindBody(body);
  return index < 0 ? -1 : state.council.Seats(index);
}

// Why `person` may not stand in `election` (empty: eligible), judged on the
// election day against the register as the engine holds it. `code` gets
// the verdict's reason code.
std::string Ineligible(const EngineState& state, const Charter& charter,
                       const CouncilElection& election, std::string_view person,
                       std::string* code = nullptr) {
  if (code) *code = "ineligible";
  if (Direct(election.kind)) {
    const std::string unit = BodyUnitOf(election.body);
    if (OnRoll(state, charter, person, unit, election.held_on)) return {};
    return fmt::format(
        "{} is not an elector on the roll of {} on {} (doc/register.md \"The roll\": residence, "
        "franchise.voting_age {}, franchise.excluded_categories; 001:152)",
        person, unit, election.held_on.ToString(), charter.franchise.voting_age);
  }
  const BodyRule* rule = charter.FindBody(BodyKindOf(election.body));
  if (rule != nullptr && rule->eligible == Eligible::kElectors) {
    const std::string unit = BodyUnitOf(election.electing_body);
    if (OnRoll(state, charter, person, unit, election.held_on)) return {};
    return fmt::format(
        "{} is not an elector on the roll of {} on {} ([[body]] {} eligible = \"electors\"; "
        "doc/register.md \"The roll\")",
        person, unit, election.held_on.ToString(), BodyKindOf(election.body));
  }
  if (SeatOf(state, election.electing_body, person) != 0) return {};
  if (code) *code = "not_member_of_sending_body";
  return fmt::format(
      "{} holds no seat in {} ([[body]] {} eligible = \"members\": the electing body sends or "
      "chooses from among its members, 001:148)",
      person, election.electing_body, BodyKindOf(election.body));
}

struct Verdicts {
  std::vector<std::string> persons, verdicts, details;
  std::vector<std::int64_t> seats, source_seats;
  std::string term_ends;
};

// The mandates commission (001:152): quorum, eligibility on the day, no
// second seat in the body, a seat of this election; in order of election.
Verdicts Commission(const EngineState& state, const Charter& charter,
                    const CouncilElection& election) {
  Verdicts out;
  const Decisions& decisions = charter.decisions;
  const std::int64_t quorum =
      std::min(election.roll,
               election.roll * decisions.quorum_num / decisions.quorum_den + decisions.quorum_plus);
  if (Direct(election.kind)) {
    out.term_ends = election.held_on.AddMonths(charter.terms.soviet_deputy_months).ToString();
  }
  std::size_t next_seat = 0;
  std::set<std::string> seated_here;
  for (const std::string& person : election.elected) {
    std::string verdict = "seated", detail, code;
    std::int64_t seat = 0, source_seat = 0;
    const std::int64_t held = SeatOf(state, election.body, person);
    if (election.present < quorum) {
      verdict = "no_quorum";
      detail = fmt::format("{} present of {}; the quorum is {} (decisions.quorum_num/den/plus)",
                           election.present, election.roll, quorum);
    } else if (std::string why = Ineligible(state, charter, election, person, &code);
               !why.empty()) {
      verdict = code;
      detail = why;
    } else if ((held != 0 && std::find(election.seats.begin(), election.seats.end(), held) ==
                                 election.seats.end()) ||
               seated_here.count(person) != 0) {
      verdict = "seated_twice";
      detail = fmt::format("{} already holds seat {} of {} (a person holds one seat in a body)",
                           person, held, election.body);
    } else if (next_seat >= election.seats.size()) {
      verdict = "not_elected";
      detail = fmt::format("election {} fills {} seats; none is left for {}", election.id,
                           election.seats.size(), person);
    } else {
      seat = election.seats[next_seat++];
      seated_here.insert(person);
      if (!Direct(election.kind)) source_seat = SeatOf(state, election.electing_body, person);
      detail = fmt::format("seat {}", seat);
    }
    out.persons.push_back(person);
    out.verdicts.push_back(verdict);
    out.details.push_back(detail);
    out.seats.push_back(seat);
    out.source_seats.push_back(source_seat);
  }
  return out;
}

const CouncilElection* FindElection(const EngineState& state, const std::string& id) {
  auto found = state.ledger.elections.find(id);
  return found == state.ledger.elections.end() ? nullptr : &found->second;
}

// The election an act names: called, of the act's body.
Result<const CouncilElection*> ElectionOf(const EngineState& state, const Act& act) {
  SOVET_TRY(std::string id, TextOf(act, field::kElection));
  const CouncilElection* election = FindElection(state, id);
  if (election == nullptr) {
    return Error(Refuse(act, field::kElection,
                        fmt::format("no election \"{}\" is called (election.call)", id)));
  }
  if (election->body != act.body) {
    return Error(Refuse(act, "body",
                        fmt::format("election \"{}\" is an election of {}, not of {}", id,
                                    election->body, act.body)));
  }
  return election;
}

Result<void> CheckDelegations(const EngineState& state, const Charter& charter, const Act& act) {
  const std::int64_t seats = SeatCount(state, act.body);
  if (seats < 0) {
    return Error(Refuse(act, "body", "the body is not created (body.create: sovet bodies create)"));
  }
  const BodyRule* rule = charter.FindBody(BodyKindOf(act.body));
  if (rule == nullptr || (rule->terms.empty() && rule->quotas.empty())) {
    return Error(Refuse(act, "body",
                        fmt::format("[[body]] {} is not composed of delegations (body.term, "
                                    "body.quota)",
                                    BodyKindOf(act.body))));
  }
  if (state.ledger.delegations.count(act.body) != 0) {
    return Error(Repeat(act, "body", "the body's delegations are already recorded"));
  }
  SOVET_TRY(std::vector<std::string> sources, TextsOf(act, field::kSources, kAnySize));
  SOVET_TRY(std::vector<std::int64_t> counts, IntsOf(act, field::kSeats, sources.size()));
  std::set<std::string> seen;
  std::int64_t total = 0;
  for (std::size_t k = 0; k < sources.size(); ++k) {
    const std::string& source = sources[k];
    const std::string source_kind = BodyKindOf(source);
    const auto term = std::find_if(rule->terms.begin(), rule->terms.end(),
                                   [&](const CompositionTerm& t) { return t.source == source_kind; });
    const bool quota = std::any_of(rule->quotas.begin(), rule->quotas.end(), [&](const Quota& q) {
      return std::find(q.sources.begin(), q.sources.end(), source_kind) != q.sources.end();
    });
    if (term == rule->terms.end() && !quota) {
      return Error(Refuse(act, field::kSources,
                          fmt::format("{} is not of a kind [[body]] {} is composed of (body.term "
                                      "or body.quota source)",
                                      source, rule->kind)));
    }
    const std::int64_t least =
        std::max<std::int64_t>(1, term == rule->terms.end() ? 0 : term->min_per_source);
    if (SeatCount(state, source) < 0) {
      return Error(Refuse(act, field::kSources, fmt::format("{} is not created", source)));
    }
    // The census's tree, when the register records it (register.units
    // `parents`): a delegation comes from beneath the body's unit (SYSTEM.md
    // §5: "every body of kind `source` whose unit lies inside this body's").
    if (const std::int32_t above = state.roll.FindTreeUnit(BodyUnitOf(act.body)); above >= 0) {
      const std::int32_t below = state.roll.FindTreeUnit(BodyUnitOf(source));
      if (below < 0 || !state.roll.Within(below, above)) {
        return Error(Refuse(act, field::kSources,
                            fmt::format("{} does not lie inside unit {} (the census's tree, "
                                        "register.units parents; SYSTEM.md §5)",
                                        source, BodyUnitOf(act.body))));
      }
    }
    if (!seen.insert(source).second) {
      return Error(Refuse(act, field::kSources, fmt::format("{} is named twice", source)));
    }
    for (const auto& [body, delegations] : state.ledger.delegations) {
      if (BodyKindOf(body) != rule->kind) continue;
      for (const DelegationSeats& delegation : delegations) {
        if (delegation.source == source) {
          return Error(Refuse(act, field::kSources,
                              fmt::format("{} already sends its delegation to {} (one body of "
                                          "kind {} above it, SYSTEM.md §5)",
                                          source, body, rule->kind)));
        }
      }
    }
    if (counts[k] < least) {
      return Error(Refuse(act, field::kSeats,
                          fmt::format("{} sends {} seats; at least {} (body.term min_per_source, "
                                      "and a delegation of no seat is not recorded)",
                                      source, counts[k], least)));
    }
    total += counts[k];
  }
  if (total != seats) {
    return Error(Refuse(act, field::kSeats,
                        fmt::format("the delegations hold {} seats; the body has {} (body.create)",
                                    total, seats)));
  }
  return {};
}

Result<void> CheckCall(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_TRY(std::string id, TextOf(act, field::kElection));
  SOVET_CHECK_OK(CheckRollText(field::kElection, id, false));
  if (FindElection(state, id) != nullptr) {
    return Error(Repeat(act, field::kElection, fmt::format("election \"{}\" is already called", id)));
  }
  SOVET_TRY(std::string held_text, TextOf(act, field::kHeldOn));
  Result<Date> held_on = Date::Parse(held_text);
  if (!held_on) return Error(Bad(act, field::kHeldOn, "a date YYYY-MM-DD"));
  if (*held_on < date) {
    return Error(Refuse(act, field::kHeldOn,
                        fmt::format("the election day {} is before the call ({})",
                                    held_on->ToString(), date.ToString())));
  }
  SOVET_TRY(std::string kind_text, TextOf(act, field::kKind));
  const std::optional<CouncilElectionKind> kind = ParseCouncilElectionKind(kind_text);
  if (!kind) {
    return Error(Bad(act, field::kKind, "regular, by-election, delegation, executive or commissars"));
  }
  const std::int64_t body_seats = SeatCount(state, act.body);
  if (body_seats < 0) {
    return Error(Refuse(act, "body", "the body is not created (body.create: sovet bodies create)"));
  }
  const BodyRule* rule = charter.FindBody(BodyKindOf(act.body));
  std::string electing;
  if (Find(act, field::kElectingBody) != nullptr) {
    SOVET_TRY(electing, TextOf(act, field::kElectingBody));
  }
  SOVET_TRY(std::vector<std::int64_t> seats, IntsOf(act, field::kSeats, kAnySize));
  if (seats.empty()) return Error(Bad(act, field::kSeats, "the seat numbers the election fills"));
  for (std::size_t k = 0; k < seats.size(); ++k) {
    if (seats[k] < 1 || seats[k] > body_seats || (k > 0 && seats[k] <= seats[k - 1])) {
      return Error(Bad(act, field::kSeats,
                       fmt::format("seat numbers 1..{} (body.create), ascending, each once",
                                   body_seats)));
    }
  }
  if (Direct(*kind)) {
    if (!rule->direct) {
      return Error(Refuse(act, field::kKind,
                          fmt::format("[[body]] {} is not elected by its unit's electors: its seats "
                                      "are filled by {}",
                                      rule->kind, rule->elected_by ? "executive or commissars"
                                                                   : "delegation")));
    }
    if (!electing.empty()) {
      return Error(Refuse(act, field::kElectingBody,
                          "a direct election is by the unit's electors, not by a body"));
    }
  } else if (*kind == CouncilElectionKind::kDelegation) {
    if (rule->terms.empty() && rule->quotas.empty()) {
      return Error(Refuse(act, field::kKind,
                          fmt::format("[[body]] {} is not composed of delegations (body.term, "
                                      "body.quota)",
                                      rule->kind)));
    }
    auto found = state.ledger.delegations.find(act.body);
    const DelegationSeats* range = nullptr;
    if (found != state.ledger.delegations.end()) {
      for (const DelegationSeats& delegation : found->second) {
        if (delegation.source == electing) range = &delegation;
      }
    }
    if (range == nullptr) {
      return Error(Refuse(act, field::kElectingBody,
                          fmt::format("\"{}\" sends no delegation to {} (election.delegations)",
                                      electing, act.body)));
    }
    for (const std::int64_t seat : seats) {
      if (seat < range->first || seat >= range->first + range->count) {
        return Error(Refuse(act, field::kSeats,
                            fmt::format("seat {} is not of {}'s delegation (seats {}..{}, "
                                        "election.delegations)",
                                        seat, electing, range->first,
                                        range->first + range->count - 1)));
      }
    }
  } else {
    if (!rule->elected_by) {
      return Error(Refuse(act, field::kKind,
                          fmt::format("[[body]] {} is not elected by a body (elected_by)",
                                      rule->kind)));
    }
    const bool commissars = !rule->elected_by->portfolios.empty();
    if (commissars != (*kind == CouncilElectionKind::kCommissars)) {
      return Error(Refuse(act, field::kKind,
                          fmt::format("[[body]] {} is filled by kind {} (elected_by{})", rule->kind,
                                      commissars ? "commissars" : "executive",
                                      commissars ? ".portfolios" : "")));
    }
    if (BodyKindOf(electing) != rule->elected_by->body || BodyUnitOf(electing) != BodyUnitOf(act.body) ||
        SeatCount(state, electing) < 0) {
      return Error(Refuse(act, field::kElectingBody,
                          fmt::format("[[body]] {} is elected by the {} of its unit: {}:{}, "
                                      "created (elected_by.body)",
                                      rule->kind, rule->elected_by->body, rule->elected_by->body,
                                      BodyUnitOf(act.body))));
    }
  }
  for (const std::int64_t seat : seats) {
    const SeatHolder* holder = state.ledger.Holder(act.body, seat);
    if (*kind == CouncilElectionKind::kRegular && holder != nullptr &&
        (!holder->term_ends || *held_on < *holder->term_ends)) {
      return Error(Refuse(
          act, field::kSeats,
          fmt::format("seat {} is held by {} until {} (terms.soviet_deputy_months, 001:150): a "
                      "regular election fills seats vacant or whose term ends on or before the "
                      "election day",
                      seat, holder->person,
                      holder->term_ends ? holder->term_ends->ToString() : "its congress")));
    }
    if (*kind == CouncilElectionKind::kByElection && holder != nullptr) {
      return Error(Refuse(act, field::kSeats,
                          fmt::format("seat {} is held by {}: a by-election fills vacant seats",
                                      seat, holder->person)));
    }
    for (const auto& [other_id, other] : state.ledger.elections) {
      if (other.body == act.body && other.stage != CouncilElectionStage::kVerified &&
          std::find(other.seats.begin(), other.seats.end(), seat) != other.seats.end()) {
        return Error(Refuse(act, field::kSeats,
                            fmt::format("seat {} is already to be filled by election \"{}\" "
                                        "({}, not verified)",
                                        seat, other_id, CouncilElectionStageName(other.stage))));
      }
    }
  }
  return {};
}

Result<void> CheckNominate(const EngineState& state, const Charter& charter, const Act& act,
                           Date date) {
  SOVET_TRY(const CouncilElection* election, ElectionOf(state, act));
  if (election->stage != CouncilElectionStage::kCalled) {
    return Error(Refuse(act, field::kElection,
                        fmt::format("election \"{}\" is {}: nominations close when the result "
                                    "is recorded",
                                    election->id, CouncilElectionStageName(election->stage))));
  }
  if (election->held_on < date) {
    return Error(Refuse(act, field::kDate,
                        fmt::format("nominations close on the election day ({})",
                                    election->held_on.ToString())));
  }
  SOVET_TRY(std::vector<std::string> persons, TextsOf(act, field::kPersons, kAnySize));
  if (persons.empty()) return Error(Bad(act, field::kPersons, "the persons nominated"));
  std::set<std::string> seen;
  for (const std::string& person : persons) {
    SOVET_CHECK_OK(CheckRollText(field::kPersons, person, false));
    if (!seen.insert(person).second) {
      return Error(Refuse(act, field::kPersons, fmt::format("{} is named twice", person)));
    }
    if (std::find(election->nominees.begin(), election->nominees.end(), person) !=
        election->nominees.end()) {
      return Error(Repeat(act, field::kPersons,
                          fmt::format("{} is already nominated in election \"{}\"", person,
                                      election->id)));
    }
    if (std::string why = Ineligible(state, charter, *election, person); !why.empty()) {
      return Error(Refuse(act, field::kPersons, why));
    }
  }
  return {};
}

// The electors of the record: the unit's roll on the day (direct), or the
// seated members of the electing body.
std::int64_t RollOf(const EngineState& state, const Charter& charter,
                    const CouncilElection& election) {
  if (Direct(election.kind)) {
    return RollSize(state, charter, BodyUnitOf(election.body), election.held_on);
  }
  return state.ledger.Seated(election.electing_body);
}

Result<std::int64_t> PresentOf(const Act& act) {
  SOVET_TRY(std::string vote, TextOf(act, field::kVote));
  if (vote == "open") return IntOf(act, field::kPresent);
  SOVET_TRY(std::vector<std::string> ballots, TextsOf(act, field::kBallots, kAnySize));
  std::int64_t present = 0;
  for (const std::string& ballot : ballots) {
    present += std::stoll(ballot.substr(0, ballot.find(' ')));
  }
  return present;
}

Result<void> CheckRecord(const EngineState& state, const Charter& charter, const Act& act,
                         Date date) {
  SOVET_TRY(const CouncilElection* election, ElectionOf(state, act));
  if (election->stage != CouncilElectionStage::kCalled) {
    return Error(Repeat(act, field::kElection,
                        fmt::format("election \"{}\" is already recorded", election->id)));
  }
  if (date < election->held_on) {
    return Error(Refuse(act, field::kDate,
                        fmt::format("the result is recorded on or after the election day ({})",
                                    election->held_on.ToString())));
  }
  SOVET_TRY(std::vector<std::string> candidates, TextsOf(act, field::kCandidates, kAnySize));
  if (candidates != election->nominees) {
    return Error(Refuse(act, field::kCandidates,
                        fmt::format("the candidates are the nominees in nomination order ({})",
                                    Join(election->nominees))));
  }
  if (candidates.empty()) {
    return Error(Refuse(act, field::kCandidates, "no one is nominated (election.nominate)"));
  }
  const BodyRule* rule = charter.FindBody(BodyKindOf(act.body));
  SOVET_TRY(std::string vote, TextOf(act, field::kVote));
  if (vote != "open" && vote != "secret") {
    return Error(Bad(act, field::kVote, "\"open\" or \"secret\""));
  }
  if ((vote == "open") != rule->election.open) {
    return Error(Refuse(
        act, field::kVote,
        fmt::format("[[body]] {} votes {} (election.open = {}{})", rule->kind,
                    rule->election.open ? "openly, by hands" : "by secret ballot",
                    rule->election.open ? "true" : "false",
                    rule->election.open ? "; open voting according to custom, 001:152" : "")));
  }
  for (const auto& [name, value] : act.fields) {
    const bool known = name == field::kDate || name == field::kElection ||
                       name == field::kCandidates || name == field::kVote ||
                       name == field::kSeed || name == field::kElected ||
                       (vote == "open" && (name == field::kPresent || name == field::kHands)) ||
                       (vote == "secret" && name == field::kBallots);
    if (!known) return Error(Bad(act, name.c_str(), fmt::format("no such field of a {} vote", vote)));
  }
  SOVET_TRY(std::vector<std::string> elected_now, CountElectionRecord(charter, *election, act));
  SOVET_TRY(std::int64_t present, PresentOf(act));
  const std::int64_t roll = RollOf(state, charter, *election);
  if (present < 0 || present > roll) {
    return Error(Refuse(act, vote == "open" ? field::kPresent : field::kBallots,
                        fmt::format("{} present (or ballots cast); the roll holds {} {} (attendance "
                                    "cannot exceed the electors)",
                                    present, roll,
                                    Direct(election->kind) ? "electors on the election day"
                                                           : "seated members of " +
                                                                 election->electing_body)));
  }
  if (vote == "open") {
    SOVET_TRY(std::vector<std::int64_t> hands, IntsOf(act, field::kHands, candidates.size()));
    for (std::size_t k = 0; k < hands.size(); ++k) {
      if (hands[k] > present) {
        return Error(Refuse(act, field::kHands,
                            fmt::format("{} hands for {}, more than the {} present", hands[k],
                                        candidates[k], present)));
      }
    }
  }
  SOVET_TRY(std::vector<std::string> elected, TextsOf(act, field::kElected, kAnySize));
  if (elected != elected_now) {
    return Error(Refuse(act, field::kElected,
                        fmt::format("the recount ({}{}) elects [{}], not the recorded [{}]: the "
                                    "record must reproduce the count",
                                    vote == "open" ? "most hands" : rule->election.method,
                                    vote == "open" ? "" : ", election.method", Join(elected_now),
                                    Join(elected))));
  }
  return {};
}

Result<void> CheckVerify(const EngineState& state, const Charter& charter, const Act& act,
                         Date date) {
  SOVET_TRY(const CouncilElection* election, ElectionOf(state, act));
  if (election->stage == CouncilElectionStage::kVerified) {
    return Error(Repeat(act, field::kElection,
                        fmt::format("election \"{}\" is already verified", election->id)));
  }
  if (election->stage != CouncilElectionStage::kRecorded) {
    return Error(Refuse(act, field::kElection,
                        fmt::format("election \"{}\" is not recorded yet (election.record)",
                                    election->id)));
  }
  if (date < election->recorded) {
    return Error(Refuse(act, field::kDate, "verification follows the record"));
  }
  SOVET_TRY(Act expected, MandatesCommissionAct(state, charter, election->id, date));
  for (const auto& [name, value] : act.fields) {
    if (expected.fields.count(name) == 0) return Error(Bad(act, name.c_str(), "no such field"));
  }
  for (const auto& [name, value] : expected.fields) {
    const Value* given = Find(act, name.c_str());
    if (given == nullptr || !(*given == value)) {
      return Error(Refuse(act, name.c_str(),
                          fmt::format("the mandates commission's rules (quorum "
                                      "decisions.quorum_*, eligibility on the day, one seat per "
                                      "person, 001:152) give {} = {}",
                                      name, ValueToString(value))));
    }
  }
  return {};
}

}  // namespace

Result<void> CheckElectionAct(const EngineState& state, const Charter& charter, const Act& act,
                              Date date) {
  const std::string_view kind = act.kind;
  if (kind == schema::council::kElectionDelegationsKind) return CheckDelegations(state, charter, act);
  if (kind == schema::council::kElectionCallKind) return CheckCall(state, charter, act, date);
  if (kind == schema::council::kElectionNominateKind) return CheckNominate(state, charter, act, date);
  if (kind == schema::council::kElectionRecordKind) return CheckRecord(state, charter, act, date);
  if (kind == schema::council::kElectionVerifyKind) return CheckVerify(state, charter, act, date);
  return Error(Status::InvalidInput(fmt::format("{}: not an act kind of this sovet", act.kind),
                                    SourceLocation{.field = "kind"}));
}

void ApplyElectionAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  const std::string_view kind = act.kind;
  auto texts = [&](const char* name) { return *TextsOf(act, name, kAnySize); };
  auto ints = [&](const char* name) { return *IntsOf(act, name, kAnySize); };
  if (kind == schema::council::kElectionDelegationsKind) {
    std::vector<DelegationSeats>& out = state.ledger.delegations[act.body];
    const std::vector<std::string> sources = texts(field::kSources);
    const std::vector<std::int64_t> counts = ints(field::kSeats);
    std::int64_t first = 1;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      out.push_back(DelegationSeats{.source = sources[k], .first = first, .count = counts[k]});
      first += counts[k];
    }
    return;
  }
  const std::string id = act.fields.at(field::kElection).text();
  if (kind == schema::council::kElectionCallKind) {
    CouncilElection election;
    election.id = id;
    election.body = act.body;
    if (const Value* electing = Find(act, field::kElectingBody)) {
      election.electing_body = electing->text();
    }
    election.kind = *ParseCouncilElectionKind(act.fields.at(field::kKind).text());
    election.called = date;
    election.held_on = *Date::Parse(act.fields.at(field::kHeldOn).text());
    election.seats = ints(field::kSeats);
    state.ledger.elections.emplace(id, std::move(election));
    return;
  }
  CouncilElection& election = state.ledger.elections.at(id);
  if (kind == schema::council::kElectionNominateKind) {
    for (std::string& person : texts(field::kPersons)) election.nominees.push_back(std::move(person));
  } else if (kind == schema::council::kElectionRecordKind) {
    election.stage = CouncilElectionStage::kRecorded;
    election.elected = texts(field::kElected);
    election.recorded = date;
    election.roll = RollOf(state, charter, election);
    election.present = *PresentOf(act);
  } else if (kind == schema::council::kElectionVerifyKind) {
    const std::int64_t body_seats = SeatCount(state, election.body);
    sovet::BodySeats& seats = state.ledger.bodies[election.body];
    if (static_cast<std::int64_t>(seats.seats.size()) < body_seats) {
      seats.seats.resize(static_cast<std::size_t>(body_seats));
    }
    // The seats this election fills: their former holders (terms ended,
    // delegations refreshed) leave them, and every seat standing on them.
    for (const std::int64_t seat : election.seats) {
      if (state.ledger.Holder(election.body, seat) != nullptr) VacateSeat(state, election.body, seat);
    }
    const std::vector<std::string> persons = texts(field::kPersons);
    const std::vector<std::int64_t> filled = ints(field::kSeats);
    const std::vector<std::int64_t> sources = ints(field::kSourceSeats);
    const std::string term_ends = act.fields.at(field::kTermEnds).text();
    for (std::size_t k = 0; k < persons.size(); ++k) {
      if (filled[k] == 0) continue;
      SeatHolder holder;
      holder.person = persons[k];
      holder.election = id;
      holder.seated = date;
      if (!term_ends.empty()) holder.term_ends = *Date::Parse(term_ends);
      if (sources[k] != 0) {
        holder.source_body = election.electing_body;
        holder.source_seat = sources[k];
      }
      state.ledger.bodies[election.body].seats[static_cast<std::size_t>(filled[k] - 1)] =
          std::move(holder);
    }
    election.stage = CouncilElectionStage::kVerified;
  }
}

// ---- projection ------------------------------------------------------------------------

namespace {

namespace table = schema::council::table;

std::string JoinInts(const std::vector<std::int64_t>& items) {
  std::string out;
  for (const std::int64_t item : items) out += (out.empty() ? "" : ",") + std::to_string(item);
  return out;
}

Result<void> FormOnly(const Act& act) {
  SOVET_TRY(std::string date, TextOf(act, field::kDate));
  (void)date;
  if (act.kind != std::string_view(schema::council::kElectionDelegationsKind)) {
    SOVET_TRY(std::string election, TextOf(act, field::kElection));
    (void)election;
  }
  if (act.body.empty()) return Error(Bad(act, "body", "the id of the body elected"));
  return {};
}

// The stage of an election in the state tables ("" when not called).
Result<std::string> StageInTables(ProjectionSql& sql, const std::string& id) {
  SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT stage FROM {{p}}{} WHERE id = $1",
                                             table::kElections),
                                 {id}));
  if (rows.empty()) return std::string();
  return std::get<std::string>(rows[0][0]);
}

// The same act applied twice (two operators racing past the engine's check
// on a state read before the other's append): the second is refused here,
// inside the journal's transaction, so it is not written.
Status Conflict(const Entry& entry, const std::string& id, const std::string& stage) {
  return Status::AlreadyExists(
      fmt::format("{} of {}: election \"{}\" is already {} (another operator's act came first)",
                  entry.kind, entry.body, id, stage.empty() ? "called" : stage),
      SourceLocation{.field = field::kElection});
}

Result<void> VacateInTables(ProjectionSql& sql, const std::string& body, std::int64_t seat) {
  SOVET_CHECK_OK(sql.Exec(fmt::format("DELETE FROM {{p}}{} WHERE body = $1 AND seat = $2",
                                      table::kSeats),
                          {body, seat}));
  SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT body, seat FROM {{p}}{} WHERE source_body = "
                                             "$1 AND source_seat = $2 ORDER BY body, seat",
                                             table::kSeats),
                                 {body, seat}));
  for (const auto& row : rows) {
    SOVET_CHECK_OK(VacateInTables(sql, std::get<std::string>(row[0]), std::get<std::int64_t>(row[1])));
  }
  return {};
}

Result<void> ApplyToTables(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  const std::string date = act.fields.at(field::kDate).text();
  const std::string_view kind = act.kind;
  if (kind == schema::council::kElectionDelegationsKind) {
    SOVET_TRY(std::vector<std::string> sources, TextsOf(act, field::kSources, kAnySize));
    SOVET_TRY(std::vector<std::int64_t> counts, IntsOf(act, field::kSeats, sources.size()));
    std::int64_t first = 1;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      SOVET_CHECK_OK(sql.Insert(table::kDelegations, {"body", "source", "first_seat", "seats", "seq"},
                                {act.body, sources[k], first, counts[k], entry.seq}));
      first += counts[k];
    }
    return {};
  }
  SOVET_TRY(std::string id, TextOf(act, field::kElection));
  SOVET_TRY(std::string stage, StageInTables(sql, id));
  const std::string elections = fmt::format("{{p}}{}", table::kElections);
  const std::string candidates = fmt::format("{{p}}{}", table::kCandidates);
  if (kind == schema::council::kElectionCallKind) {
    if (!stage.empty()) return Error(Conflict(entry, id, stage));
    SOVET_TRY(std::vector<std::int64_t> seats, IntsOf(act, field::kSeats, kAnySize));
    const Value* electing = Find(act, field::kElectingBody);
    return sql.Insert(table::kElections,
                      {"id", "body", "kind", "electing_body", "called", "held_on", "seats", "stage",
                       "vote", "present", "seed", "recorded", "verified", "seq"},
                      {id, act.body, act.fields.at(field::kKind).text(),
                       electing ? electing->text() : std::string(), date,
                       act.fields.at(field::kHeldOn).text(), JoinInts(seats), std::string("called"),
                       std::string(), std::int64_t{0}, std::int64_t{0}, std::string(),
                       std::string(), entry.seq});
  }
  if (kind == schema::council::kElectionNominateKind) {
    if (stage != "called") return Error(Conflict(entry, id, stage));
    SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT COUNT(*) FROM {} WHERE election = $1",
                                               candidates),
                                   {id}));
    std::int64_t position = std::get<std::int64_t>(rows[0][0]);
    SOVET_TRY(std::vector<std::string> persons, TextsOf(act, field::kPersons, kAnySize));
    for (const std::string& person : persons) {
      SOVET_CHECK_OK(sql.Insert(table::kCandidates,
                                {"election", "person", "position", "nominated", "hands", "elected",
                                 "verdict", "seat", "detail", "seq"},
                                {id, person, ++position, date, std::int64_t{-1}, std::int64_t{0},
                                 std::string(), std::int64_t{0}, std::string(), entry.seq}));
    }
    return {};
  }
  if (kind == schema::council::kElectionRecordKind) {
    if (stage != "called") return Error(Conflict(entry, id, stage));
    SOVET_TRY(std::string vote, TextOf(act, field::kVote));
    SOVET_TRY(std::int64_t present, PresentOf(act));
    SOVET_TRY(std::int64_t seed, IntOf(act, field::kSeed));
    SOVET_CHECK_OK(sql.Exec(fmt::format("UPDATE {} SET stage = 'recorded', vote = $2, present = "
                                        "$3, seed = $4, recorded = $5, seq = $6 WHERE id = $1",
                                        elections),
                            {id, vote, present, seed, date, entry.seq}));
    SOVET_TRY(std::vector<std::string> names, TextsOf(act, field::kCandidates, kAnySize));
    if (vote == "open") {
      SOVET_TRY(std::vector<std::int64_t> hands, IntsOf(act, field::kHands, names.size()));
      for (std::size_t k = 0; k < names.size(); ++k) {
        SOVET_CHECK_OK(sql.Exec(fmt::format("UPDATE {} SET hands = $3, seq = $4 WHERE election = "
                                            "$1 AND person = $2",
                                            candidates),
                                {id, names[k], hands[k], entry.seq}));
      }
    }
    SOVET_TRY(std::vector<std::string> elected, TextsOf(act, field::kElected, kAnySize));
    for (std::size_t k = 0; k < elected.size(); ++k) {
      SOVET_CHECK_OK(sql.Exec(fmt::format("UPDATE {} SET elected = $3, seq = $4 WHERE election = "
                                          "$1 AND person = $2",
                                          candidates),
                              {id, elected[k], static_cast<std::int64_t>(k) + 1, entry.seq}));
    }
    return {};
  }
  if (kind == schema::council::kElectionVerifyKind) {
    if (stage != "recorded") return Error(Conflict(entry, id, stage));
    SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT body, seats, electing_body FROM {} WHERE "
                                               "id = $1",
                                               elections),
                                   {id}));
    const std::string body = std::get<std::string>(rows[0][0]);
    const std::string seat_list = std::get<std::string>(rows[0][1]);
    const std::string electing = std::get<std::string>(rows[0][2]);
    for (std::size_t at = 0; at < seat_list.size();) {
      std::size_t end = seat_list.find(',', at);
      if (end == std::string::npos) end = seat_list.size();
      SOVET_CHECK_OK(VacateInTables(sql, body, std::stoll(seat_list.substr(at, end - at))));
      at = end + 1;
    }
    SOVET_TRY(std::vector<std::string> persons, TextsOf(act, field::kPersons, kAnySize));
    SOVET_TRY(std::vector<std::string> verdicts, TextsOf(act, field::kVerdicts, persons.size()));
    SOVET_TRY(std::vector<std::string> details, TextsOf(act, field::kDetails, persons.size()));
    SOVET_TRY(std::vector<std::int64_t> seats, IntsOf(act, field::kSeats, persons.size()));
    SOVET_TRY(std::vector<std::int64_t> sources, IntsOf(act, field::kSourceSeats, persons.size()));
    SOVET_TRY(std::string term_ends, TextOf(act, field::kTermEnds));
    for (std::size_t k = 0; k < persons.size(); ++k) {
      SOVET_CHECK_OK(sql.Exec(fmt::format("UPDATE {} SET verdict = $3, seat = $4, detail = $5, "
                                          "seq = $6 WHERE election = $1 AND person = $2",
                                          candidates),
                              {id, persons[k], verdicts[k], seats[k], details[k], entry.seq}));
      if (seats[k] == 0) continue;
      SOVET_CHECK_OK(sql.Insert(table::kSeats,
                                {"body", "seat", "person", "election", "seated", "term_ends",
                                 "source_body", "source_seat", "seq"},
                                {body, seats[k], persons[k], id, date, term_ends,
                                 sources[k] != 0 ? electing : std::string(), sources[k],
                                 entry.seq}));
    }
    return sql.Exec(fmt::format("UPDATE {} SET stage = 'verified', verified = $2, seq = $3 WHERE "
                                "id = $1",
                                elections),
                    {id, date, entry.seq});
  }
  return {};
}

}  // namespace

void AddElectionProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = table::kElections,
      .columns = "id TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL, kind TEXT NOT NULL, "
                 "electing_body TEXT NOT NULL, called TEXT NOT NULL, held_on TEXT NOT NULL, "
                 "seats TEXT NOT NULL, stage TEXT NOT NULL, vote TEXT NOT NULL, "
                 "present BIGINT NOT NULL, seed BIGINT NOT NULL, recorded TEXT NOT NULL, "
                 "verified TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "id"});
  projector.AddTable(StateTable{
      .name = table::kCandidates,
      .columns = "election TEXT NOT NULL, person TEXT NOT NULL, position BIGINT NOT NULL, "
                 "nominated TEXT NOT NULL, hands BIGINT NOT NULL, elected BIGINT NOT NULL, "
                 "verdict TEXT NOT NULL, seat BIGINT NOT NULL, detail TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, PRIMARY KEY (election, person)",
      .order_by = "election, person"});
  projector.AddTable(StateTable{
      .name = table::kSeats,
      .columns = "body TEXT NOT NULL, seat BIGINT NOT NULL, person TEXT NOT NULL, "
                 "election TEXT NOT NULL, seated TEXT NOT NULL, term_ends TEXT NOT NULL, "
                 "source_body TEXT NOT NULL, source_seat BIGINT NOT NULL, seq BIGINT NOT NULL, "
                 "PRIMARY KEY (body, seat)",
      .order_by = "body, seat"});
  projector.AddTable(StateTable{
      .name = table::kDelegations,
      .columns = "body TEXT NOT NULL, source TEXT NOT NULL, first_seat BIGINT NOT NULL, "
                 "seats BIGINT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (body, source)",
      .order_by = "body, source"});
  for (const char* kind :
       {schema::council::kElectionDelegationsKind, schema::council::kElectionCallKind,
        schema::council::kElectionNominateKind, schema::council::kElectionRecordKind,
        schema::council::kElectionVerifyKind}) {
    projector.AddKind(kind, &FormOnly, &ApplyToTables);
  }
}

}  // namespace engine

Result<Act> MandatesCommissionAct(const EngineState& state, const Charter& charter,
                                  const std::string& id, Date date) {
  auto found = state.ledger.elections.find(id);
  if (found == state.ledger.elections.end()) {
    return Error(Status::InvalidInput(
        fmt::format("election.verify: no election \"{}\" is called", id),
        SourceLocation{.field = field::kElection}));
  }
  const CouncilElection& election = found->second;
  if (election.stage != CouncilElectionStage::kRecorded) {
    return Error(Status::InvalidInput(
        fmt::format("election.verify: election \"{}\" is {}, not recorded", id,
                    CouncilElectionStageName(election.stage)),
        SourceLocation{.field = field::kElection}));
  }
  const engine::Verdicts verdicts = engine::Commission(state, charter, election);
  Act act{.kind = schema::council::kElectionVerifyKind, .body = election.body, .fields = {}};
  auto text_list = [](const std::vector<std::string>& items) {
    ValueList out;
    for (const std::string& item : items) out.push_back(Value::Text(item));
    return Value::List(std::move(out));
  };
  auto int_list = [](const std::vector<std::int64_t>& items) {
    ValueList out;
    for (const std::int64_t item : items) out.push_back(Value::Integer(item));
    return Value::List(std::move(out));
  };
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kElection] = Value::Text(id);
  act.fields[field::kPersons] = text_list(verdicts.persons);
  act.fields[field::kVerdicts] = text_list(verdicts.verdicts);
  act.fields[field::kDetails] = text_list(verdicts.details);
  act.fields[field::kSeats] = int_list(verdicts.seats);
  act.fields[field::kSourceSeats] = int_list(verdicts.source_seats);
  act.fields[field::kTermEnds] = Value::Text(verdicts.term_ends);
  return act;
}

}  // namespace sovet
