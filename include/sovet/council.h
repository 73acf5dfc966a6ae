// The councils over time, as their operators run them (SYSTEM.md §7.2):
// elections called, nominated, recorded and verified by their commissions;
// recall at any moment (001:152); sessions convened (001:144). Every act
// carries its `date` (ISO 8601, the operator's day) and is checked by the
// engine (sovet/engine.h) against the charter and the state below, for a
// command and for the audit of `sovet verify` alike; a refusal names the
// rule (charter key or seed line) and writes nothing.
//
// Persons are the register's (sovet/person_roll.h: string ids, entered,
// moved and left with dates), not the simulation's numbered candidates
// (sovet/register.h). Bodies are the journal's (`body.create`). Formats,
// rules and lifecycles: doc/operating.md.
//
// Dates. Council acts are kept in date order with the register's: an act
// dated before the latest dated act of the journal (register or council) is
// refused. Because of that order, the register as the engine holds it when
// an act is checked is the register on the act's date.
//
// Seats. A body's seats are numbered 1..seats (`body.create`). A seat is
// vacant or held by one person, with the election that gave it, the day the
// holder was seated, the day the term ends (charter `terms`: a soviet
// deputy's term ends `terms.soviet_deputy_months` after the election day,
// 001:150; a congress delegate serves for that congress and an executive
// until its congress next meets — no fixed end day), and, for a delegate
// or a member elected by another body, the seat in the sending body the
// mandate stands on (`source_body`, `source_seat`). Invariant: a source
// seat is held by the same person; whoever loses it loses every seat that
// stands on it, transitively (SYSTEM.md §7.2 "Recall").
//
// Thread-safety: plain values, used by the engine's thread.
#ifndef SOVET_COUNCIL_H_
#define SOVET_COUNCIL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/decisions.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet {

namespace schema::council {
// Act kinds. A name here is part of the journal's public format
// (doc/operating.md): never rename one.
inline constexpr const char* kElectionCallKind = "election.call";
inline constexpr const char* kElectionNominateKind = "election.nominate";
inline constexpr const char* kElectionRecordKind = "election.record";
inline constexpr const char* kElectionVerifyKind = "election.verify";
inline constexpr const char* kRecallOpenKind = "recall.open";
inline constexpr const char* kRecallSignKind = "recall.sign";
inline constexpr const char* kRecallVoteKind = "recall.vote";
inline constexpr const char* kConveneKind = "session.convene";
inline constexpr const char* kDemandKind = "session.demand";
// The delegations of a composed body: which source body sends how many of
// its seats (recorded by `sovet bodies create` from the apportionment).
inline constexpr const char* kElectionDelegationsKind = "election.delegations";
// Sittings and motions (sovet/decisions.h, doc/decisions.md).
inline constexpr const char* kSessionOpenKind = "session.open";
inline constexpr const char* kSessionAttendKind = "session.attend";
inline constexpr const char* kSessionCloseKind = "session.close";
inline constexpr const char* kMotionPutKind = "motion.put";
inline constexpr const char* kMotionVoteKind = "motion.vote";
inline constexpr const char* kMotionCloseKind = "motion.close";
namespace field {
inline constexpr const char* kDate = "date";  // every council act
// election.* (doc/operating.md "Act formats").
inline constexpr const char* kElection = "election";  // the election's id
inline constexpr const char* kHeldOn = "held_on";     // call: the election day
inline constexpr const char* kKind = "kind";          // call: regular, by-election, ...
inline constexpr const char* kSeats = "seats";        // call, verify, delegations
inline constexpr const char* kElectingBody = "electing_body";  // call
inline constexpr const char* kPersons = "persons";    // nominate, verify
inline constexpr const char* kCandidates = "candidates";  // record: the nominees
inline constexpr const char* kVote = "vote";          // record: "open" or "secret"
inline constexpr const char* kPresent = "present";    // record: open vote attendance
inline constexpr const char* kHands = "hands";        // record: open vote, per candidate
inline constexpr const char* kBallots = "ballots";    // record: secret ballot, "w c1 c2 ..."
inline constexpr const char* kSeed = "seed";          // record: the lot's seed
inline constexpr const char* kElected = "elected";    // record: in order of election
inline constexpr const char* kVerdicts = "verdicts";  // verify: per person
inline constexpr const char* kDetails = "details";    // verify: per person, for people
inline constexpr const char* kSourceSeats = "source_seats";  // verify: per person
inline constexpr const char* kTermEnds = "term_ends";  // verify: "" for none
inline constexpr const char* kSources = "sources";     // delegations: source bodies
// recall.* (doc/operating.md "Recall"): the petition's id; the seat (1-based)
// and its holder; the sending body whose motion recalls a delegate; the
// constituency's roll and the signatures needed (recall.open); the signers
// (recall.sign); the votes, the result and the by-election called
// (recall.vote).
inline constexpr const char* kPetition = "petition";
inline constexpr const char* kSeat = "seat";
inline constexpr const char* kPerson = "person";
inline constexpr const char* kByBody = "by_body";
inline constexpr const char* kRoll = "roll";
inline constexpr const char* kNeeded = "needed";
inline constexpr const char* kFor = "for";
inline constexpr const char* kAgainst = "against";
inline constexpr const char* kResult = "result";
inline constexpr const char* kByElection = "by_election";
inline constexpr const char* kByElectionOn = "by_election_on";
// session.convene and session.demand (doc/operating.md "Terms, sessions and
// what is due").
inline constexpr const char* kOpens = "opens";              // session.convene
inline constexpr const char* kSession = "session";          // "regular" | "extraordinary"
inline constexpr const char* kInitiative = "initiative";    // "executive" | "demands"
inline constexpr const char* kBy = "by";                    // a body id
inline constexpr const char* kDemandedBy = "demanded_by";   // list of body ids
inline constexpr const char* kInhabitants = "inhabitants";  // session.demand
inline constexpr const char* kUnitKind = "unit_kind";       // session.demand
inline constexpr const char* kWithin = "within";            // session.demand
inline constexpr const char* kRootInhabitants = "root_inhabitants";  // session.demand
// Fields shared by the decision families (sovet/decisions.h): an act named
// by its journal seq; a motion (its motion.put's seq); a text's SHA-256
// (hex); the units a decision covers.
inline constexpr const char* kAct = "act";
inline constexpr const char* kMotion = "motion";
inline constexpr const char* kTextSha256 = "text_sha256";
inline constexpr const char* kScope = "scope";
// session.open|attend|close, motion.put|vote|close (doc/decisions.md).
inline constexpr const char* kSitting = "sitting";         // seq of the session.open
inline constexpr const char* kSeated = "seated";           // open: seated members
inline constexpr const char* kQuorum = "quorum";           // open: members present needed
inline constexpr const char* kMotionKind = "motion_kind";  // put: [motions.<kind>]
inline constexpr const char* kTitle = "title";             // put
inline constexpr const char* kText = "text";               // put: the text, when small
inline constexpr const char* kAbstain = "abstain";         // vote: persons; also for, against
inline constexpr const char* kVotesFor = "votes_for";      // close: the tally
inline constexpr const char* kVotesAgainst = "votes_against";
inline constexpr const char* kAbstentions = "abstentions";
inline constexpr const char* kNumber = "number";  // close: the body's running number
inline constexpr const char* kStatus = "status";  // close: in_force | awaiting_approval
}  // namespace field
namespace table {
inline constexpr const char* kElections = "council_elections";
inline constexpr const char* kCandidates = "council_candidates";
inline constexpr const char* kSeats = "council_seats";
inline constexpr const char* kDelegations = "council_delegations";
inline constexpr const char* kPetitions = "council_petitions";
inline constexpr const char* kRecallSignatures = "council_recall_signatures";
inline constexpr const char* kRecallVotes = "council_recall_votes";
inline constexpr const char* kSessions = "council_sessions";
inline constexpr const char* kDemands = "council_demands";
inline constexpr const char* kSittings = "council_sittings";
inline constexpr const char* kAttendance = "council_attendance";
inline constexpr const char* kMotions = "council_motions";
inline constexpr const char* kVotes = "council_votes";
inline constexpr const char* kDecisions = "council_decisions";
}  // namespace table
}  // namespace schema::council

// Whether `kind` is one of the council's act kinds (election.*, recall.*,
// session.*, motion.*).
bool IsCouncilKind(std::string_view kind);

// A held seat (see the header comment).
struct SeatHolder {
  std::string person;    // the register's id
  std::string election;  // the election id that gave the seat
  Date seated;
  std::optional<Date> term_ends;  // none: serves for its congress / until the next
  std::string source_body;        // empty for a directly elected deputy
  std::int64_t source_seat = 0;   // 1-based; 0 when source_body is empty
};

// The seats of one body, 1-based: seats[seat - 1].
struct BodySeats {
  std::vector<std::optional<SeatHolder>> seats;
};

enum class CouncilElectionKind : std::uint8_t {
  kRegular,     // a body's seats at the start of a term
  kByElection,  // the vacant seats named (after a recall, a rejection)
  kDelegation,  // a body sends its delegation to a composed body
  kExecutive,   // a body elects its executive committee (001:148, 001:150)
  kCommissars,  // the Executive selects the Commissars (001:144)
};

enum class CouncilElectionStage : std::uint8_t {
  kCalled,
  kRecorded,  // the commission's result is in
  kVerified,  // the mandates commission has decided; the seated sit
};

struct CouncilElection {
  std::string id;  // the operator's id, unique in the journal
  std::string body;
  std::string electing_body;  // empty: elected by the unit's electors
  CouncilElectionKind kind = CouncilElectionKind::kRegular;
  Date called;
  Date held_on;                     // the election day
  std::vector<std::int64_t> seats;  // the seat numbers this election fills
  CouncilElectionStage stage = CouncilElectionStage::kCalled;
  std::vector<std::string> nominees;  // in nomination order
  std::vector<std::string> elected;   // in the count's order of election
  Date recorded;                      // election.record's date
  std::int64_t roll = 0;     // electors (or seated members of the electing body) when recorded
  std::int64_t present = 0;  // attendance (open vote) or ballots cast (secret)
};

// The part of a composed body's seats one source body fills
// (election.delegations): seats first .. first + count - 1.
struct DelegationSeats {
  std::string source;
  std::int64_t first = 1;
  std::int64_t count = 0;
};

enum class PetitionStage : std::uint8_t {
  kOpen,       // collecting signatures
  kVoteDue,    // signatures reached recall.petition_num/den of the roll
  kRecalled,   // the recall vote passed: the seat was vacated
  kRetained,   // the recall vote failed
  kLapsed,     // the deputy left the seat by another way first
};

struct RecallPetition {
  std::string id;  // the operator's id, unique in the journal
  std::string body;
  std::int64_t seat = 0;
  std::string person;   // the deputy it is against
  Date opened;
  std::int64_t roll = 0;  // electors on the constituency's roll when opened
  std::vector<std::string> signers;  // each elector once
  PetitionStage stage = PetitionStage::kOpen;
  // recall.* details (doc/operating.md "Recall"):
  std::string by_body;       // a delegate's sending body, whose motion recalls; else empty
  std::int64_t needed = 0;   // signatures that call the vote (0 for a motion)
  std::unordered_set<std::string> signed_by;  // the signers, for the once-only rule
  std::optional<Date> decided;                // the day of the recall vote
  std::int64_t votes_for = 0;
  std::int64_t votes_against = 0;
  std::string by_election;  // the by-election the passing vote called
};

// "open", "vote_due", "recalled", "retained", "lapsed".
const char* PetitionStageName(PetitionStage stage);

struct Charter;  // sovet/charter.h
// The signatures that call the recall vote: the least s with
// s × recall.petition_den ≥ roll × recall.petition_num (exact).
std::int64_t RecallSignaturesNeeded(const Charter& charter, std::int64_t roll);
// Whether a recall vote passes under charter recall.majority (a majority of
// votes cast: for > against, SYSTEM.md §4); `electorate` is the roll (or
// the sending body's seated members), used by an absolute-majority rule.
bool RecallPasses(const Charter& charter, std::int64_t votes_for, std::int64_t votes_against,
                  std::int64_t electorate);

struct CouncilLedger;
// The stage of a petition on day `on`: its recorded stage, except that a
// petition still open or vote-due lapses when its deputy no longer holds
// the seat (vacated, or held by another after an election) or the seat's
// term has ended by `on` (term_ends <= on).
PetitionStage EffectiveStage(const CouncilLedger& ledger, const RecallPetition& petition,
                             Date on);

struct CouncilSession {
  std::string body;
  Date opens;
  bool extraordinary = false;
  std::vector<std::string> demanded_by;  // bodies whose demand convened it
  Date convened;       // the day of the session.convene act
  std::string by;      // the executive whose initiative convened it, if so
};

// A unit's census figures as a session.demand recorded them (the census the
// bodies were apportioned on): its inhabitants, its kind and the units it
// lies inside, from the root down. Once recorded, a unit's figures are fixed:
// a later act giving others is refused.
struct UnitFigures {
  std::int64_t inhabitants = 0;
  std::string kind;
  std::vector<std::string> within;
};

// One change of a seat's holder, in journal order (sessions.cc observes
// every council act's effect on the seats): `person` empty when the seat
// fell vacant. What `report --at` and `history` read.
struct SeatChange {
  std::string body;
  std::int64_t seat = 0;  // 1-based
  Date on;
  std::string person;    // the new holder; empty: vacated
  std::string election;  // the election that seated them, if seated
  std::string act;       // the act's kind
  std::string cause;     // the act's body, and its election or petition id
};

// The seat history and what it needs to follow cascades without scanning
// every body: the holders last seen, and which seats stand on a seat.
struct SeatHistory {
  std::vector<SeatChange> changes;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> seen;  // person, election
  std::map<std::pair<std::string, std::int64_t>, std::vector<std::pair<std::string, std::int64_t>>>
      standing_on;
};

// What the engine holds of the councils over time.
struct CouncilLedger {
  std::map<std::string, BodySeats> bodies;  // by body id; absent: no seat held yet
  std::map<std::string, CouncilElection> elections;
  std::map<std::string, RecallPetition> petitions;
  std::vector<CouncilSession> sessions;  // in date order
  // Standing demands for an extraordinary session (session.demand), by the
  // body convened, then the demanding body: cleared when it is convened.
  std::map<std::string, std::map<std::string, Date>> demands;
  std::optional<Date> latest;  // of the council's acts
  // By composed body: its delegations in the recorded order.
  std::map<std::string, std::vector<DelegationSeats>> delegations;
  // Census figures recorded by session.demand, by unit id.
  std::map<std::string, UnitFigures> units;
  SeatHistory history;
  // Sittings, motions and the decisions adopted (sovet/decisions.h).
  DecisionLedger decisions;

  // The holder of seat `seat` (1-based) of `body`; nullptr when the seat is
  // vacant or the body has no such seat.
  const SeatHolder* Holder(const std::string& body, std::int64_t seat) const;
  // How many of the seats of `body` are held.
  std::int64_t Seated(const std::string& body) const;
};

struct EngineState;  // sovet/engine.h

// The names of CouncilElectionKind in acts: "regular", "by-election",
// "delegation", "executive", "commissars".
const char* CouncilElectionKindName(CouncilElectionKind kind);
std::optional<CouncilElectionKind> ParseCouncilElectionKind(std::string_view name);
// "called", "recorded", "verified".
const char* CouncilElectionStageName(CouncilElectionStage stage);

// The electoral commission's count of an election.record act (its
// `candidates`, `vote`, `present`/`hands` or `ballots`, and `seed`) for
// `election` as called: the persons elected, in order. An open vote gives
// the seats to the most hands (plurality; ties by lot from `seed`); a
// secret ballot is counted by the charter's `election.method` of the body
// (the count module, sovet/count.h). The engine's rule for election.record
// compares the act's `elected` with it; `sovet election record` writes it.
Result<std::vector<std::string>> CountElectionRecord(const Charter& charter,
                                                     const CouncilElection& election,
                                                     const Act& act);

// The mandates commission's election.verify act for `election` (recorded,
// not yet verified) on `date`: its verdict on every elected person, in
// order of election (doc/operating.md "Verification"). The engine's rule
// for election.verify compares a recorded act with it; `sovet election
// verify` writes it. kInvalidInput when the election cannot be verified.
Result<Act> MandatesCommissionAct(const EngineState& state, const Charter& charter,
                                  const std::string& election, Date date);

}  // namespace sovet

#endif  // SOVET_COUNCIL_H_
