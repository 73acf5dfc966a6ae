// The operators' acts of the council (sovet/council_acts.h): one builder
// per operation for the command line and the web.
#include "sovet/council_acts.h"

#include <fmt/format.h>

#include "sovet/apportion.h"
#include "sovet/cycle_schema.h"
#include "sovet/person_roll.h"
#include "sovet/sessions.h"

namespace sovet {

namespace field = schema::council::field;

namespace {

Value TextList(const std::vector<std::string>& items) {
  ValueList out;
  for (const std::string& item : items) out.push_back(Value::Text(item));
  return Value::List(std::move(out));
}

Value IntList(const std::vector<std::int64_t>& items) {
  ValueList out;
  for (const std::int64_t item : items) out.push_back(Value::Integer(item));
  return Value::List(std::move(out));
}

// The seats an election fills when the operator names none: a regular or
// executive election all of the body's, a by-election the vacant ones, a
// delegation the electing body's share (election.delegations).
std::vector<std::int64_t> DefaultSeats(const EngineState& state,
                                       const ElectionCallRequest& request) {
  std::vector<std::int64_t> seats;
  const BodyIndex index = state.FindBody(request.body);
  if (index < 0) return seats;
  const std::int64_t count = state.council.Seats(index);
  if (request.kind == "delegation") {
    auto found = state.ledger.delegations.find(request.body);
    if (found == state.ledger.delegations.end()) return seats;
    for (const DelegationSeats& range : found->second) {
      if (range.source != request.electing_body) continue;
      for (std::int64_t seat = range.first; seat < range.first + range.count; ++seat) {
        seats.push_back(seat);
      }
    }
    return seats;
  }
  const BodySeats* held = nullptr;
  if (auto found = state.ledger.bodies.find(request.body); found != state.ledger.bodies.end()) {
    held = &found->second;
  }
  for (std::int64_t seat = 1; seat <= count; ++seat) {
    const bool vacant = held == nullptr || static_cast<std::size_t>(seat) > held->seats.size() ||
                        !held->seats[static_cast<std::size_t>(seat - 1)];
    if (request.kind != "by-election" || vacant) seats.push_back(seat);
  }
  return seats;
}

}  // namespace

Act ElectionCallAct(const EngineState& state, const ElectionCallRequest& request) {
  std::vector<std::int64_t> seats = request.seats;
  if (seats.empty()) seats = DefaultSeats(state, request);
  Act act{.kind = schema::council::kElectionCallKind, .body = request.body, .fields = {}};
  act.fields[field::kDate] = Value::Text(request.date);
  act.fields[field::kElection] = Value::Text(request.id);
  act.fields[field::kHeldOn] =
      Value::Text(request.held_on.empty() ? request.date : request.held_on);
  act.fields[field::kKind] = Value::Text(request.kind);
  act.fields[field::kSeats] = IntList(seats);
  if (!request.electing_body.empty()) {
    act.fields[field::kElectingBody] = Value::Text(request.electing_body);
  }
  return act;
}

Result<const CouncilElection*> FindCouncilElection(const EngineState& state,
                                                   const std::string& id) {
  auto found = state.ledger.elections.find(id);
  if (found == state.ledger.elections.end()) {
    return Error(Status::NotFound(
        fmt::format("no election \"{}\" is called in this journal (election.call)", id),
        SourceLocation{.field = "election"}));
  }
  return &found->second;
}

Result<Act> ElectionRecordAct(const EngineState& state, const Charter& charter,
                              const ElectionRecordRequest& request) {
  SOVET_TRY(const CouncilElection* election, FindCouncilElection(state, request.election));
  if (request.open && request.present < 0) {
    return Error(Status::InvalidInput("an open vote records its attendance (present)",
                                      SourceLocation{.field = "present"}));
  }
  Act act{.kind = schema::council::kElectionRecordKind, .body = election->body, .fields = {}};
  act.fields[field::kDate] = Value::Text(request.date);
  act.fields[field::kElection] = Value::Text(request.election);
  act.fields[field::kCandidates] = TextList(election->nominees);
  act.fields[field::kSeed] = Value::Integer(request.seed);
  if (request.open) {
    act.fields[field::kVote] = Value::Text("open");
    act.fields[field::kPresent] = Value::Integer(request.present);
    act.fields[field::kHands] = IntList(request.hands);
  } else {
    act.fields[field::kVote] = Value::Text("secret");
    act.fields[field::kBallots] = TextList(request.ballots);
  }
  SOVET_TRY(std::vector<std::string> elected, CountElectionRecord(charter, *election, act));
  act.fields[field::kElected] = TextList(elected);
  return act;
}

Result<Act> ElectionVerifyAct(const EngineState& state, const Charter& charter,
                              const std::string& id, Date date) {
  SOVET_TRY(const CouncilElection* election, FindCouncilElection(state, id));
  if (election->stage == CouncilElectionStage::kVerified) {
    return Error(Status::AlreadyExists(
        fmt::format("election.verify of {}: election \"{}\" is already verified", election->body,
                    id),
        SourceLocation{.field = "election"}));
  }
  return MandatesCommissionAct(state, charter, id, date);
}

Result<Act> RecallOpenAct(const EngineState& state, const Charter& charter,
                          const RecallOpenRequest& request) {
  SOVET_TRY(Date date, Date::Parse(request.date, SourceLocation{.field = "date"}));
  // The act records the deputy, the roll and the signatures needed, so the
  // journal reads on its own; the engine recomputes and checks each.
  std::string person = request.person;
  std::int64_t seat = request.seat;
  if (seat == 0) {
    if (person.empty()) {
      return Error(Status::InvalidInput("expected the seat or the person (the deputy)",
                                        SourceLocation{.field = "seat"}));
    }
    auto body = state.ledger.bodies.find(request.body);
    if (body != state.ledger.bodies.end()) {
      for (std::size_t idx = 0; idx < body->second.seats.size(); ++idx) {
        if (body->second.seats[idx] && body->second.seats[idx]->person == person) {
          seat = static_cast<std::int64_t>(idx) + 1;
        }
      }
    }
    if (seat == 0) {
      return Error(Status::InvalidInput(
          fmt::format("{} holds no seat of {}: a recall petition is against the deputy who holds "
                      "a seat (001:152)",
                      person, request.body),
          SourceLocation{.field = "person"}));
    }
  }
  if (person.empty()) {
    const SeatHolder* holder = state.ledger.Holder(request.body, seat);
    person = holder != nullptr ? holder->person : "(vacant)";
  }
  std::int64_t roll = 0;
  std::int64_t needed = 0;
  if (request.by_body.empty()) {
    roll = state.roll.RollSize(charter, BodyUnitOf(request.body), date);
    needed = RecallSignaturesNeeded(charter, roll);
  } else {
    roll = state.ledger.Seated(request.by_body);
  }
  Act act{.kind = schema::council::kRecallOpenKind, .body = request.body, .fields = {}};
  act.fields[field::kDate] = Value::Text(request.date);
  act.fields[field::kPetition] = Value::Text(request.petition);
  act.fields[field::kSeat] = Value::Integer(seat);
  act.fields[field::kPerson] = Value::Text(person);
  act.fields[field::kRoll] = Value::Integer(roll);
  act.fields[field::kNeeded] = Value::Integer(needed);
  if (!request.by_body.empty()) act.fields[field::kByBody] = Value::Text(request.by_body);
  return act;
}

Act RecallSignAct(const EngineState& state, const std::string& date, const std::string& petition,
                  const std::vector<std::string>& persons) {
  const auto& petitions = state.ledger.petitions;
  auto found = petitions.find(petition);
  const std::string body = found == petitions.end() ? std::string() : found->second.body;
  ValueList list;
  list.reserve(persons.size());
  for (const std::string& person : persons) list.push_back(Value::Text(person));
  Act act{.kind = schema::council::kRecallSignKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPetition] = Value::Text(petition);
  act.fields[field::kPersons] = Value::List(std::move(list));
  return act;
}

Result<Act> RecallVoteAct(const EngineState& state, const Charter& charter,
                          const RecallVoteRequest& request) {
  SOVET_TRY(Date date, Date::Parse(request.date, SourceLocation{.field = "date"}));
  if (!request.by_election_on.empty()) {
    SOVET_TRY(Date held,
              Date::Parse(request.by_election_on, SourceLocation{.field = "by_election_on"}));
    (void)held;
  }
  const auto& petitions = state.ledger.petitions;
  auto found = petitions.find(request.petition);
  std::string body;
  std::int64_t electorate = 0;
  if (found != petitions.end()) {
    body = found->second.body;
    electorate = found->second.by_body.empty()
                     ? state.roll.RollSize(charter, BodyUnitOf(body), date)
                     : state.ledger.Seated(found->second.by_body);
  }
  const bool passes = RecallPasses(charter, request.votes_for, request.votes_against, electorate);
  Act act{.kind = schema::council::kRecallVoteKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(request.date);
  act.fields[field::kPetition] = Value::Text(request.petition);
  act.fields[field::kFor] = Value::Integer(request.votes_for);
  act.fields[field::kAgainst] = Value::Integer(request.votes_against);
  act.fields[field::kResult] = Value::Text(passes ? "recalled" : "retained");
  if (passes && charter.recall.by_election_at_once) {
    act.fields[field::kByElection] = Value::Text(
        request.by_election.empty() ? request.petition + ".by-election" : request.by_election);
    if (!request.by_election_on.empty()) {
      act.fields[field::kByElectionOn] = Value::Text(request.by_election_on);
    }
  }
  return act;
}

Result<std::string> CongressBodyOf(const EngineState& state, const Charter& charter,
                                   const std::string& given) {
  if (!given.empty()) return given;
  const BodyRule* root = RootCongress(charter);
  if (root != nullptr) {
    for (const std::string& body : state.body_ids) {
      if (body.starts_with(root->kind + ":")) return body;
    }
  }
  return Error(Status::InvalidInput(
      "the journal has no body of the root congress (body.create): name the body",
      SourceLocation{.field = "body"}));
}

Result<Act> ConveneAct(const EngineState& state, const Charter& charter,
                       const ConveneRequest& request) {
  SOVET_TRY(Date date, Date::Parse(request.date, SourceLocation{.field = "date"}));
  SOVET_TRY(Date opens, Date::Parse(request.opens, SourceLocation{.field = "opens"}));
  (void)date;
  (void)opens;
  SOVET_TRY(std::string body, CongressBodyOf(state, charter, request.body));
  Act act{.kind = schema::council::kConveneKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(request.date);
  act.fields[field::kOpens] = Value::Text(request.opens);
  act.fields[field::kSession] = Value::Text(request.extraordinary ? "extraordinary" : "regular");
  if (request.extraordinary) {
    if (request.initiative.empty()) {
      return Error(Status::InvalidInput(
          "an extraordinary session is convened on the Executive's initiative (initiative "
          "executive, by EXECUTIVE) or on the demands on record (initiative demands) "
          "(001:144)",
          SourceLocation{.field = "initiative"}));
    }
    act.fields[field::kInitiative] = Value::Text(request.initiative);
    if (request.initiative == "executive") act.fields[field::kBy] = Value::Text(request.by);
    if (request.initiative == "demands") {
      ValueList named;
      if (auto found = state.ledger.demands.find(body); found != state.ledger.demands.end()) {
        for (const auto& [demander, when] : found->second) named.push_back(Value::Text(demander));
      }
      act.fields[field::kDemandedBy] = Value::List(std::move(named));
    }
  } else if (!request.initiative.empty() || !request.by.empty()) {
    return Error(
        Status::InvalidInput("the initiative and its executive are for extraordinary "
                             "sessions",
                             SourceLocation{.field = "initiative"}));
  }
  return act;
}

}  // namespace sovet
