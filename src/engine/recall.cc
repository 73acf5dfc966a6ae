// Recall at any moment (001:152 "electors may at any moment recall their
// deputy and proceed to fresh elections"; SYSTEM.md §4 and §7.2 "Recall"):
// the rules of recall.open, recall.sign and recall.vote against the state,
// their application to the ledger, and their projection. Formats and the
// petition's lifecycle: doc/operating.md "Recall".
//
// Lifecycle of a petition (RecallPetition::stage):
//   recall.open  -> kOpen     (CheckOpen/ApplyOpen; a delegate's: kVoteDue)
//   recall.sign  -> kVoteDue  once signatures × petition_den ≥ roll × petition_num
//   recall.vote  -> kRecalled (VacateSeat; a by-election called) or kRetained
//   any loss of the seat otherwise -> kLapsed (VacateSeat; EffectiveStage)
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <unordered_set>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/person_roll.h"

namespace sovet {

const char* PetitionStageName(PetitionStage stage) {
  switch (stage) {
    case PetitionStage::kOpen:
      return "open";
    case PetitionStage::kVoteDue:
      return "vote_due";
    case PetitionStage::kRecalled:
      return "recalled";
    case PetitionStage::kRetained:
      return "retained";
    case PetitionStage::kLapsed:
      return "lapsed";
  }
  return "open";
}

PetitionStage EffectiveStage(const CouncilLedger& ledger, const RecallPetition& petition,
                             Date on) {
  if (petition.stage != PetitionStage::kOpen && petition.stage != PetitionStage::kVoteDue) {
    return petition.stage;
  }
  const SeatHolder* holder = ledger.Holder(petition.body, petition.seat);
  if (holder == nullptr || holder->person != petition.person ||
      (holder->term_ends && *holder->term_ends <= on)) {
    return PetitionStage::kLapsed;
  }
  return petition.stage;
}

namespace engine {
namespace {

namespace field = schema::council::field;
namespace table = schema::council::table;

using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::kAnySize;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextOr;
using engine_internal::TextsOf;

constexpr const char* kRuleDoc = "doc/operating.md \"Recall\"";

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{}: {}", act.kind, rule),
                              SourceLocation{.field = field_name});
}

Status Repeated(const Act& act, const std::string& rule, const char* field_name) {
  return Status::AlreadyExists(fmt::format("{}: {}", act.kind, rule),
                               SourceLocation{.field = field_name});
}

std::string Quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

// An operator's id (petition, by-election, person): the register's text rule.
Result<std::string> IdOf(const Act& act, const char* name) {
  SOVET_TRY(std::string id, TextOf(act, name));
  if (auto ok = CheckRollText(name, id, false); !ok) {
    return Error(Refused(act, fmt::format("field \"{}\": {}", name, ok.error().message()), name));
  }
  return id;
}

Result<std::optional<Date>> OptionalDate(const Act& act, const char* name) {
  if (Find(act, name) == nullptr) return std::optional<Date>();
  SOVET_TRY(std::string text, TextOf(act, name));
  Result<Date> date = Date::Parse(text);
  if (!date) return Error(Bad(act, name, "a date YYYY-MM-DD"));
  return std::optional<Date>(*date);
}

// ---- the fields of each kind (what the journal's checker also runs) ------

struct OpenFields {
  std::string petition, person, by_body;
  std::int64_t seat = 0, roll = 0, needed = 0;
};

Result<OpenFields> ReadOpen(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPetition, field::kSeat, field::kPerson,
                                  field::kByBody, field::kRoll, field::kNeeded}));
  OpenFields out;
  SOVET_TRY(out.petition, IdOf(act, field::kPetition));
  SOVET_TRY(out.seat, IntOf(act, field::kSeat));
  SOVET_TRY(out.person, IdOf(act, field::kPerson));
  SOVET_TRY(out.by_body, TextOr(act, field::kByBody, ""));
  SOVET_TRY(out.roll, IntOf(act, field::kRoll));
  SOVET_TRY(out.needed, IntOf(act, field::kNeeded));
  if (out.seat < 1) return Error(Bad(act, field::kSeat, "a seat number, 1 or more"));
  if (out.roll < 0 || out.needed < 0) {
    return Error(Bad(act, field::kRoll, "non-negative counts \"roll\" and \"needed\""));
  }
  if (act.body.empty()) return Error(Bad(act, "body", "the id of the body whose seat it is"));
  return out;
}

struct SignFields {
  std::string petition;
  std::vector<std::string> persons;
};

Result<SignFields> ReadSign(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPetition, field::kPersons}));
  SignFields out;
  SOVET_TRY(out.petition, IdOf(act, field::kPetition));
  SOVET_TRY(out.persons, TextsOf(act, field::kPersons, kAnySize));
  if (out.persons.empty()) return Error(Bad(act, field::kPersons, "a non-empty list of ids"));
  return out;
}

struct VoteFields {
  std::string petition, result, by_election;
  std::int64_t votes_for = 0, votes_against = 0;
  std::optional<Date> by_election_on;
};

Result<VoteFields> ReadVote(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPetition, field::kFor, field::kAgainst,
                                  field::kResult, field::kByElection, field::kByElectionOn}));
  VoteFields out;
  SOVET_TRY(out.petition, IdOf(act, field::kPetition));
  SOVET_TRY(out.votes_for, IntOf(act, field::kFor));
  SOVET_TRY(out.votes_against, IntOf(act, field::kAgainst));
  SOVET_TRY(out.result, TextOf(act, field::kResult));
  if (Find(act, field::kByElection) != nullptr) {
    SOVET_TRY(out.by_election, IdOf(act, field::kByElection));
  }
  SOVET_TRY(out.by_election_on, OptionalDate(act, field::kByElectionOn));
  if (out.votes_for < 0 || out.votes_against < 0) {
    return Error(Bad(act, field::kFor, "non-negative counts of votes \"for\" and \"against\""));
  }
  if (out.result != "recalled" && out.result != "retained") {
    return Error(Bad(act, field::kResult, "\"recalled\" or \"retained\""));
  }
  return out;
}

Result<void> CheckShape(const Act& act) {
  SOVET_TRY(std::string date, TextOf(act, field::kDate));
  if (!Date::Parse(date)) return Error(Bad(act, field::kDate, "a date YYYY-MM-DD"));
  if (act.kind == schema::council::kRecallOpenKind) {
    SOVET_TRY(OpenFields fields, ReadOpen(act));
    (void)fields;
  } else if (act.kind == schema::council::kRecallSignKind) {
    SOVET_TRY(SignFields fields, ReadSign(act));
    (void)fields;
  } else if (act.kind == schema::council::kRecallVoteKind) {
    SOVET_TRY(VoteFields fields, ReadVote(act));
    (void)fields;
  } else {
    return Error(Bad(act, "kind", "recall.open, recall.sign or recall.vote"));
  }
  return {};
}

// ---- the rules ----------------------------------------------------------

}  // namespace

// Signatures needed: the least s with s × den ≥ roll × num (charter
// recall.petition_num/den; exact).
std::int64_t Needed(const Charter& charter, std::int64_t roll) {
  const __int128 product = static_cast<__int128>(roll) * charter.recall.petition_num;
  const __int128 den = charter.recall.petition_den;
  return static_cast<std::int64_t>((product + den - 1) / den);
}

bool Reached(const Charter& charter, std::int64_t signatures, std::int64_t roll) {
  return static_cast<__int128>(signatures) * charter.recall.petition_den >=
         static_cast<__int128>(roll) * charter.recall.petition_num;
}

namespace {

const char* MajorityName(MajorityRule rule) {
  for (const MajorityRuleSpelling& spelling : kMajorityRuleNames) {
    if (spelling.rule == rule) return spelling.charter.data();
  }
  return "?";
}

}  // namespace

// Whether the recall passes under charter recall.majority (SYSTEM.md §4:
// a majority of votes cast, for > against, unless the charter is stronger);
// `electorate` is the roll (or the sending body's members).
bool Passes(const Charter& charter, std::int64_t votes_for, std::int64_t votes_against,
            std::int64_t electorate) {
  const __int128 yes = votes_for;
  const __int128 no = votes_against;
  switch (charter.recall.majority) {
    case MajorityRule::kMajorityOfVotesCast:
      return yes > no;
    case MajorityRule::kAbsoluteMajorityOfMembers:
      return 2 * yes > electorate;
    case MajorityRule::kTwoThirds:
      return yes > 0 && 3 * yes >= 2 * (yes + no);
    case MajorityRule::kUnanimity:
      return no == 0 && yes > 0;
  }
  return false;
}

namespace {

std::string DescribeSeat(const std::string& body, std::int64_t seat) {
  return fmt::format("seat {} of {}", seat, body);
}

// The petition named by the act, of the act's body, neither decided nor
// lapsed on `date`.
Result<const RecallPetition*> LivePetition(const EngineState& state, const Act& act,
                                           const std::string& id, Date date, bool vote) {
  auto found = state.ledger.petitions.find(id);
  if (found == state.ledger.petitions.end()) {
    return Error(Refused(
        act, fmt::format("petition {} is not opened (recall.open; {})", Quoted(id), kRuleDoc),
        field::kPetition));
  }
  const RecallPetition& petition = found->second;
  if (act.body != petition.body) {
    return Error(Refused(act,
                         fmt::format("petition {} is against {}: the act's body must be {}",
                                     Quoted(id), DescribeSeat(petition.body, petition.seat),
                                     Quoted(petition.body)),
                         "body"));
  }
  switch (EffectiveStage(state.ledger, petition, date)) {
    case PetitionStage::kRecalled:
    case PetitionStage::kRetained:
      return Error(Repeated(
          act,
          fmt::format("petition {} was decided by the recall vote of {} ({}): a petition is "
                      "voted on once ({})",
                      Quoted(id), petition.decided ? petition.decided->ToString() : "?",
                      PetitionStageName(petition.stage), kRuleDoc),
          field::kPetition));
    case PetitionStage::kLapsed:
      return Error(Refused(
          act,
          fmt::format("petition {} has lapsed: {} no longer holds {} on {} (vacated, another "
                      "holder elected, or the term ended); a petition is against a deputy in "
                      "their seat ({})",
                      Quoted(id), Quoted(petition.person),
                      DescribeSeat(petition.body, petition.seat), date.ToString(), kRuleDoc),
          field::kPetition));
    case PetitionStage::kOpen:
      if (vote) {
        return Error(Refused(
            act,
            fmt::format("petition {} has {} signatures of the {} needed (recall.petition_num/"
                        "petition_den of the roll of {}): the recall vote is called when they "
                        "are reached (001:152; SYSTEM.md §4)",
                        Quoted(id), petition.signers.size(), petition.needed, petition.roll),
            field::kPetition));
      }
      break;
    case PetitionStage::kVoteDue:
      break;
  }
  return &petition;
}

Result<void> CheckOpen(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_TRY(OpenFields fields, ReadOpen(act));
  if (auto found = state.ledger.petitions.find(fields.petition);
      found != state.ledger.petitions.end()) {
    return Error(Repeated(act,
                          fmt::format("petition {} is already opened (on {}, against {}): a "
                                      "petition's id is unique in the journal",
                                      Quoted(fields.petition), found->second.opened.ToString(),
                                      DescribeSeat(found->second.body, found->second.seat)),
                          field::kPetition));
  }
  const SeatHolder* holder = state.ledger.Holder(act.body, fields.seat);
  if (holder == nullptr) {
    return Error(Refused(act,
                         fmt::format("{} is not held by anyone: a recall petition is against the "
                                     "deputy who holds a seat (001:152)",
                                     DescribeSeat(act.body, fields.seat)),
                         field::kSeat));
  }
  if (holder->person != fields.person) {
    return Error(Refused(act,
                         fmt::format("{} is held by {}, not {}", DescribeSeat(act.body, fields.seat),
                                     Quoted(holder->person), Quoted(fields.person)),
                         field::kPerson));
  }
  if (holder->term_ends && *holder->term_ends <= date) {
    return Error(Refused(act,
                         fmt::format("the term of {} ended on {} (terms.soviet_deputy_months, "
                                     "001:150): there is no deputy to recall",
                                     DescribeSeat(act.body, fields.seat),
                                     holder->term_ends->ToString()),
                         field::kSeat));
  }
  for (const auto& [id, other] : state.ledger.petitions) {
    const PetitionStage stage = EffectiveStage(state.ledger, other, date);
    if (other.body == act.body && other.seat == fields.seat && other.person == fields.person &&
        (stage == PetitionStage::kOpen || stage == PetitionStage::kVoteDue)) {
      return Error(Refused(act,
                           fmt::format("petition {} against {} of {} is still {}: one petition "
                                       "against a deputy at a time ({})",
                                       Quoted(id), Quoted(fields.person),
                                       DescribeSeat(act.body, fields.seat),
                                       PetitionStageName(stage), kRuleDoc),
                           field::kPetition));
    }
  }
  std::int64_t roll = 0;
  std::int64_t needed = 0;
  if (fields.by_body.empty()) {
    if (!holder->source_body.empty()) {
      return Error(Refused(
          act,
          fmt::format("{} holds {} as the delegate of {}: a delegate is recalled by the body "
                      "that sent them, by its motion; give by_body {} (SYSTEM.md §7.2 \"Recall\")",
                      Quoted(fields.person), DescribeSeat(act.body, fields.seat),
                      Quoted(holder->source_body), Quoted(holder->source_body)),
          field::kByBody));
    }
    const std::string unit = BodyUnitOf(act.body);
    roll = RollSize(state, charter, unit, date);
    if (roll == 0) {
      return Error(Refused(act,
                           fmt::format("the roll of {} on {} is empty: no elector could sign "
                                       "(register the constituency's electors; doc/register.md "
                                       "\"The roll\")",
                                       Quoted(unit), date.ToString()),
                           field::kRoll));
    }
    needed = Needed(charter, roll);
  } else {
    if (holder->source_body != fields.by_body) {
      return Error(Refused(
          act,
          holder->source_body.empty()
              ? fmt::format("{} holds {} by direct election: the electors of the constituency "
                            "recall them by petition; give no by_body (001:152)",
                            Quoted(fields.person), DescribeSeat(act.body, fields.seat))
              : fmt::format("{} holds {} as the delegate of {}, not of {}: only the sending "
                            "body recalls a delegate (SYSTEM.md §7.2 \"Recall\")",
                            Quoted(fields.person), DescribeSeat(act.body, fields.seat),
                            Quoted(holder->source_body), Quoted(fields.by_body)),
          field::kByBody));
    }
    roll = state.ledger.Seated(fields.by_body);
  }
  if (fields.roll != roll || fields.needed != needed) {
    return Error(Refused(
        act,
        fmt::format("the {} on {} is {} and the signatures needed {} (recall.petition_num/"
                    "petition_den = {}/{}), not {} and {}",
                    fields.by_body.empty() ? fmt::format("roll of {}", Quoted(BodyUnitOf(act.body)))
                                           : fmt::format("members of {}", Quoted(fields.by_body)),
                    date.ToString(), roll, needed, charter.recall.petition_num,
                    charter.recall.petition_den, fields.roll, fields.needed),
        field::kRoll));
  }
  return {};
}

Result<void> CheckSign(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_TRY(SignFields fields, ReadSign(act));
  SOVET_TRY(const RecallPetition* petition,
            LivePetition(state, act, fields.petition, date, false));
  if (!petition->by_body.empty()) {
    return Error(Refused(act,
                         fmt::format("petition {} is a motion of {}: a delegate's recall is "
                                     "voted by the sending body and takes no signatures "
                                     "(SYSTEM.md §7.2 \"Recall\")",
                                     Quoted(fields.petition), Quoted(petition->by_body)),
                         field::kPersons));
  }
  const std::string unit = BodyUnitOf(petition->body);
  std::unordered_set<std::string_view> in_act;
  in_act.reserve(fields.persons.size());
  for (const std::string& person : fields.persons) {
    if (!in_act.insert(person).second) {
      return Error(Repeated(act,
                            fmt::format("person {} is named twice in the act: each elector "
                                        "signs once (001:152; {})",
                                        Quoted(person), kRuleDoc),
                            field::kPersons));
    }
    if (petition->signed_by.count(person) != 0) {
      return Error(Repeated(act,
                            fmt::format("person {} has already signed petition {}: each "
                                        "elector signs once (001:152; {})",
                                        Quoted(person), Quoted(fields.petition), kRuleDoc),
                            field::kPersons));
    }
    if (!OnRoll(state, charter, person, unit, date)) {
      return Error(Refused(
          act,
          fmt::format("person {} is not an elector on the roll of {} on {}: {}; only the "
                      "constituency's electors sign (001:152; doc/register.md \"The roll\")",
                      Quoted(person), Quoted(unit), date.ToString(),
                      state.roll.WhyNotOnRoll(charter, person, unit, date)),
          field::kPersons));
    }
  }
  return {};
}

Result<void> CheckVote(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_TRY(VoteFields fields, ReadVote(act));
  SOVET_TRY(const RecallPetition* petition, LivePetition(state, act, fields.petition, date, true));
  const std::int64_t electorate =
      petition->by_body.empty() ? RollSize(state, charter, BodyUnitOf(petition->body), date)
                                : state.ledger.Seated(petition->by_body);
  if (static_cast<__int128>(fields.votes_for) + fields.votes_against > electorate) {
    return Error(Refused(
        act,
        fmt::format("{} votes cast ({} for, {} against) exceed the {} {} on {}",
                    fields.votes_for + fields.votes_against, fields.votes_for,
                    fields.votes_against, electorate,
                    petition->by_body.empty()
                        ? fmt::format("electors on the roll of {}", Quoted(BodyUnitOf(petition->body)))
                        : fmt::format("seated members of {}", Quoted(petition->by_body)),
                    date.ToString()),
        field::kFor));
  }
  const bool passes = Passes(charter, fields.votes_for, fields.votes_against, electorate);
  const char* result = passes ? "recalled" : "retained";
  if (fields.result != result) {
    return Error(Refused(act,
                         fmt::format("{} for and {} against give \"{}\" under recall.majority "
                                     "{} (SYSTEM.md §4: for > against), not \"{}\"",
                                     fields.votes_for, fields.votes_against, result,
                                     MajorityName(charter.recall.majority), fields.result),
                         field::kResult));
  }
  const bool by_election = passes && charter.recall.by_election_at_once;
  if (!by_election && (Find(act, field::kByElection) != nullptr || fields.by_election_on)) {
    return Error(Refused(act,
                         passes ? std::string("the charter calls no by-election at once "
                                              "(recall.by_election_at_once = false): give no "
                                              "by_election")
                                : std::string("the deputy is retained: no seat is vacated and no "
                                              "by-election called; give no by_election"),
                         field::kByElection));
  }
  if (by_election) {
    if (fields.by_election.empty()) {
      return Error(Refused(act,
                           "the recall passes and the charter calls the by-election at once "
                           "(recall.by_election_at_once; 001:152 \"proceed to fresh "
                           "elections\"): give by_election, the new election's id",
                           field::kByElection));
    }
    if (state.ledger.elections.count(fields.by_election) != 0) {
      return Error(Repeated(act,
                            fmt::format("election {} already exists: an election's id is unique "
                                        "in the journal",
                                        Quoted(fields.by_election)),
                            field::kByElection));
    }
    if (fields.by_election_on && *fields.by_election_on < date) {
      return Error(Refused(act,
                           fmt::format("the by-election's day {} is before the recall vote's, {}",
                                       fields.by_election_on->ToString(), date.ToString()),
                           field::kByElectionOn));
    }
  }
  return {};
}

// ---- the projection ----------------------------------------------------------

Result<void> ProjectOpen(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {
      "petition", "body",   "seat",       "person", "by_body",  "opened",
      "roll",     "needed", "signatures", "stage",  "open_seq", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(OpenFields fields, ReadOpen(act));
  const std::string stage = fields.by_body.empty() ? "open" : "vote_due";
  return sql.Insert(table::kPetitions, kColumns,
                    {fields.petition, entry.body, fields.seat, fields.person, fields.by_body,
                     entry.payload.at(field::kDate).text(), fields.roll, fields.needed,
                     std::int64_t{0}, stage, entry.seq, entry.seq});
}

Result<void> ProjectSign(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"petition", "person", "signed_on", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(SignFields fields, ReadSign(act));
  // Another writer's recall vote may have been committed after this
  // command read the journal: then the signature is refused here, inside
  // the transaction (the command re-reads and reports the rule).
  SOVET_TRY(auto rows, sql.Query("SELECT stage FROM {p}council_petitions WHERE petition = $1",
                                 {fields.petition}));
  if (rows.size() != 1 || !std::holds_alternative<std::string>(rows[0][0]) ||
      (std::get<std::string>(rows[0][0]) != "open" &&
       std::get<std::string>(rows[0][0]) != "vote_due")) {
    return Error(Status::FailedPrecondition(
        fmt::format("recall.sign: petition {} is not open in council_petitions", fields.petition)));
  }
  const std::string& date = entry.payload.at(field::kDate).text();
  for (const std::string& person : fields.persons) {
    SOVET_CHECK_OK(
        sql.Insert(table::kRecallSignatures, kColumns, {fields.petition, person, date, entry.seq}));
  }
  return sql.Exec(
      "UPDATE {p}council_petitions SET signatures = signatures + $2, stage = CASE WHEN stage = "
      "'open' AND signatures + $2 >= needed THEN 'vote_due' ELSE stage END, seq = $3 WHERE "
      "petition = $1",
      {fields.petition, static_cast<std::int64_t>(fields.persons.size()), entry.seq});
}

// The elections' tables (src/engine/elections.cc, doc/operating.md "State
// tables"), when the projector holds them: a passing vote removes the
// vacated seats from council_seats, with every seat standing on them, and
// adds the by-election it called to council_elections.
constexpr const char* kSeatsTable = "council_seats";
constexpr const char* kElectionsTable = "council_elections";

Result<void> VacateSeatRows(ProjectionSql& sql, const std::string& body, std::int64_t seat,
                            int depth) {
  // Chains of mandates are a few tiers; a cycle would be a damaged table.
  if (depth > 64) {
    return Error(Status::IntegrityViolation(
        fmt::format("recall.vote: the seats standing on seat {} of {} in council_seats run in a "
                    "cycle (sovet replay rebuilds the tables)",
                    seat, body)));
  }
  SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT body, seat FROM {{p}}{} WHERE source_body = "
                                             "$1 AND source_seat = $2 ORDER BY body, seat",
                                             kSeatsTable),
                                 {body, seat}));
  SOVET_CHECK_OK(sql.Exec(
      fmt::format("DELETE FROM {{p}}{} WHERE body = $1 AND seat = $2", kSeatsTable), {body, seat}));
  for (const auto& row : rows) {
    if (!std::holds_alternative<std::string>(row[0]) ||
        !std::holds_alternative<std::int64_t>(row[1])) {
      return Error(Status::IntegrityViolation("recall.vote: a damaged row of council_seats"));
    }
    SOVET_CHECK_OK(VacateSeatRows(sql, std::get<std::string>(row[0]),
                                  std::get<std::int64_t>(row[1]), depth + 1));
  }
  return {};
}

Result<void> ProjectVote(const Entry& entry, ProjectionSql& sql, bool election_tables) {
  static const std::vector<std::string> kColumns = {
      "petition", "voted_on",    "votes_for",      "votes_against",
      "result",   "by_election", "by_election_on", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(VoteFields fields, ReadVote(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  std::string by_election_on;
  if (!fields.by_election.empty()) {
    by_election_on = fields.by_election_on ? fields.by_election_on->ToString() : date;
  }
  SOVET_CHECK_OK(sql.Insert(table::kRecallVotes, kColumns,
                            {fields.petition, date, fields.votes_for, fields.votes_against,
                             fields.result, fields.by_election, by_election_on, entry.seq}));
  SOVET_CHECK_OK(
      sql.Exec("UPDATE {p}council_petitions SET stage = $2, seq = $3 WHERE petition = $1",
               {fields.petition, fields.result, entry.seq}));
  if (!election_tables || fields.result != "recalled") return {};
  SOVET_TRY(auto rows, sql.Query("SELECT seat, by_body FROM {p}council_petitions WHERE "
                                 "petition = $1",
                                 {fields.petition}));
  if (rows.size() != 1 || !std::holds_alternative<std::int64_t>(rows[0][0]) ||
      !std::holds_alternative<std::string>(rows[0][1])) {
    return Error(Status::IntegrityViolation(fmt::format(
        "recall.vote: petition {} is missing from council_petitions", fields.petition)));
  }
  const std::int64_t seat = std::get<std::int64_t>(rows[0][0]);
  SOVET_CHECK_OK(VacateSeatRows(sql, entry.body, seat, 0));
  if (fields.by_election.empty()) return {};
  return sql.Insert(kElectionsTable,
                    {"id", "body", "kind", "electing_body", "called", "held_on", "seats", "stage",
                     "vote", "present", "seed", "recorded", "verified", "seq"},
                    {fields.by_election, entry.body, std::string("by-election"),
                     std::get<std::string>(rows[0][1]), date, by_election_on,
                     std::to_string(seat), std::string("called"), std::string(), std::int64_t{0},
                     std::int64_t{0}, std::string(), std::string(), entry.seq});
}

}  // namespace

Result<void> CheckRecallAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date) {
  if (act.kind == schema::council::kRecallOpenKind) return CheckOpen(state, charter, act, date);
  if (act.kind == schema::council::kRecallSignKind) return CheckSign(state, charter, act, date);
  if (act.kind == schema::council::kRecallVoteKind) return CheckVote(state, charter, act, date);
  return Error(Status::InvalidInput(
      fmt::format("{}: not an act kind of this sovet (recall.open, recall.sign, recall.vote)",
                  act.kind),
      SourceLocation{.field = "kind"}));
}

void ApplyRecallAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  CouncilLedger& ledger = state.ledger;
  if (act.kind == schema::council::kRecallOpenKind) {
    const OpenFields fields = *ReadOpen(act);
    RecallPetition petition;
    petition.id = fields.petition;
    petition.body = act.body;
    petition.seat = fields.seat;
    petition.person = fields.person;
    petition.opened = date;
    petition.roll = fields.roll;
    petition.needed = fields.needed;
    petition.by_body = fields.by_body;
    // A motion of the sending body needs no signatures: its vote is due.
    petition.stage = fields.by_body.empty() ? PetitionStage::kOpen : PetitionStage::kVoteDue;
    ledger.petitions.emplace(petition.id, std::move(petition));
    return;
  }
  if (act.kind == schema::council::kRecallSignKind) {
    const SignFields fields = *ReadSign(act);
    RecallPetition& petition = ledger.petitions.at(fields.petition);
    for (const std::string& person : fields.persons) {
      petition.signed_by.insert(person);
      petition.signers.push_back(person);
    }
    if (petition.stage == PetitionStage::kOpen &&
        Reached(charter, static_cast<std::int64_t>(petition.signers.size()), petition.roll)) {
      petition.stage = PetitionStage::kVoteDue;
    }
    return;
  }
  if (act.kind == schema::council::kRecallVoteKind) {
    const VoteFields fields = *ReadVote(act);
    RecallPetition& petition = ledger.petitions.at(fields.petition);
    petition.decided = date;
    petition.votes_for = fields.votes_for;
    petition.votes_against = fields.votes_against;
    if (fields.result != "recalled") {
      petition.stage = PetitionStage::kRetained;
      return;
    }
    petition.stage = PetitionStage::kRecalled;
    petition.by_election = fields.by_election;
    // The recalled deputy loses the seat and every seat standing on it
    // (SYSTEM.md §7.2); the sending bodies fill those by their own
    // elections. The recalled seat's by-election is called at once.
    VacateSeat(state, petition.body, petition.seat);
    if (!fields.by_election.empty()) {
      CouncilElection election;
      election.id = fields.by_election;
      election.body = petition.body;
      election.electing_body = petition.by_body;
      election.kind = CouncilElectionKind::kByElection;
      election.called = date;
      election.held_on = fields.by_election_on.value_or(date);
      election.seats = {petition.seat};
      election.stage = CouncilElectionStage::kCalled;
      ledger.elections.emplace(election.id, std::move(election));
    }
  }
}

void AddRecallProjection(Projector& projector) {
  // One row per petition: its recorded stage (open, vote_due, recalled,
  // retained); a lapse follows from the seats and is not recorded.
  projector.AddTable(StateTable{
      .name = table::kPetitions,
      .columns = "petition TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL, seat BIGINT NOT NULL, "
                 "person TEXT NOT NULL, by_body TEXT NOT NULL, opened TEXT NOT NULL, "
                 "roll BIGINT NOT NULL, needed BIGINT NOT NULL, signatures BIGINT NOT NULL, "
                 "stage TEXT NOT NULL, open_seq BIGINT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "petition"});
  // The primary key makes a second signature by one elector fail inside the
  // transaction even when two writers raced past the engine's check.
  projector.AddTable(StateTable{
      .name = table::kRecallSignatures,
      .columns = "petition TEXT NOT NULL, person TEXT NOT NULL, signed_on TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, PRIMARY KEY (petition, person)",
      .order_by = "petition, person"});
  projector.AddTable(StateTable{
      .name = table::kRecallVotes,
      .columns = "petition TEXT NOT NULL PRIMARY KEY, voted_on TEXT NOT NULL, "
                 "votes_for BIGINT NOT NULL, votes_against BIGINT NOT NULL, result TEXT NOT NULL, "
                 "by_election TEXT NOT NULL, by_election_on TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "petition"});
  projector.AddKind(schema::council::kRecallOpenKind, &CheckShape, &ProjectOpen);
  projector.AddKind(schema::council::kRecallSignKind, &CheckShape, &ProjectSign);
  bool election_tables = false;
  for (const StateTable& existing : projector.tables()) {
    if (existing.name == kSeatsTable) election_tables = true;
  }
  projector.AddKind(schema::council::kRecallVoteKind, &CheckShape,
                    [election_tables](const Entry& entry, ProjectionSql& sql) {
                      return ProjectVote(entry, sql, election_tables);
                    });
}

}  // namespace engine
std::int64_t RecallSignaturesNeeded(const Charter& charter, std::int64_t roll) {
  return engine::Needed(charter, roll);
}

bool RecallPasses(const Charter& charter, std::int64_t votes_for, std::int64_t votes_against,
                  std::int64_t electorate) {
  return engine::Passes(charter, votes_for, votes_against, electorate);
}

}  // namespace sovet
