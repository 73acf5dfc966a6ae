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
#include <utility>
#include <vector>

#include "sovet/date.h"

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
namespace field {
inline constexpr const char* kDate = "date";  // every council act
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
}  // namespace field
namespace table {
inline constexpr const char* kSessions = "council_sessions";
inline constexpr const char* kDemands = "council_demands";
}  // namespace table
}  // namespace schema::council

// Whether `kind` is one of the council's act kinds (election.*, recall.*,
// session.*).
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
};

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
  // Census figures recorded by session.demand, by unit id.
  std::map<std::string, UnitFigures> units;
  SeatHistory history;
};

}  // namespace sovet

#endif  // SOVET_COUNCIL_H_
