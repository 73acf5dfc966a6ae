// The council cycle's acts and state (SYSTEM.md §7): from the census and its
// rolls to the Council of People's Commissars, every step an act. The
// engine (sovet/engine.h) checks and records them; the simulation
// (sovet/sim.h) is one client that produces them.
//
//   census, apportionment
//     -> register candidates, elect every soviet        (ElectionKind::kBase)
//     -> the mandates commission verifies each mandate  (VerificationAct)
//     -> by-elections for rejected mandates             (ElectionKind::kByElection)
//     -> each body elects its delegations upward, tier by tier (kDelegation)
//     -> the Congress elects its Executive               (kExecutive)
//     -> the Executive selects the Commissars            (kCommissars)
// doc/cycle.md draws these lifecycles as state diagrams; doc/demo_model.md
// documents the simulated electorate.
//
// Acts are plain values kept in order; the state (who holds which seat, by
// which act) is a projection of them (CouncilState::Apply), so it can be
// rebuilt from the journal.
//
// Thread-safety: plain values and pure functions.
#ifndef SOVET_CYCLE_H_
#define SOVET_CYCLE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/register.h"
#include "sovet/status.h"

namespace sovet {

using ActIndex = std::int64_t;  // position of an act in the cycle (0-based)
using MandateIndex = std::int32_t;
inline constexpr ActIndex kNoAct = -1;
inline constexpr MandateIndex kNoMandate = -1;

// A count per slate, indexed by SlateIndex (the register's slate list).
using SlateCounts = std::vector<std::int64_t>;

// Persons [first, first + count) entered in the register (nominated), and
// the slates [first_slate, first_slate + slate_count) declared with them:
// the slates of the register not yet declared by an earlier act.
struct RegistrationAct {
  UnitIndex unit = kNoUnit;  // the unit whose election they stand in
  PersonIndex first = 0;
  std::int32_t count = 0;
  SlateIndex first_slate = 0;
  std::int32_t slate_count = 0;
};

enum class ElectionKind : std::uint8_t {
  kBase,        // the electors of a unit elect its soviet (001:150, 001:152)
  kByElection,  // seats left vacant by rejected mandates (001:152 "fresh elections")
  kDelegation,  // a body elects, from its seated members, its delegation above (001:148)
  kExecutive,   // the Congress elects its Executive (001:144)
  kCommissars,  // the Executive selects the Council of People's Commissars (001:144)
};
const char* ElectionKindName(ElectionKind kind);  // "base", "by_election", ...

struct ElectionAct {
  ElectionKind kind = ElectionKind::kBase;
  BodyIndex body = -1;           // the body whose seats are filled
  BodyIndex electing_body = -1;  // the sending body; -1: the electors of body's unit
  std::string method;            // a counting method name (MethodName)
  bool open = true;              // show of hands (001:152) or secret ballot
  std::int64_t seats = 0;        // seats to fill
  // Base elections: electors on the roll and present. Body elections:
  // seated members of the electing body and members present.
  std::int64_t electors = 0;
  std::int64_t present = 0;
  // The present voters by slate (what each slate's supporters present
  // number); may be shorter than the register's slate list (the rest: 0).
  SlateCounts voters_by_slate;
  std::vector<PersonIndex> candidates;
  // Per candidate: the mandate in the electing body that makes the candidate
  // eligible (kNoMandate for base elections, or when the nominee holds none).
  std::vector<MandateIndex> candidate_source;
  // Per candidate: the votes recorded for them (hands raised in an open vote;
  // first preferences in a ranked count; the personal vote on a list).
  std::vector<std::int64_t> votes;
  // What the count decided: candidate slots (indices into `candidates`) in
  // the order elected.
  std::vector<std::int32_t> elected;
  std::vector<std::string> portfolios;  // commissars: portfolio of elected[k]
  std::uint64_t count_seed = 0;
  bool final = true;  // the count is complete and declared
};

enum class RejectReason : std::uint8_t {
  kNone,                    // seated
  kNoElectionAct,           // the act named does not exist or is not an election
  kNotFinal,                // the election was not declared final
  kNoQuorum,                // the meeting lacked its quorum (SYSTEM.md §4)
  kIneligible,              // the franchise excludes the person (001:152)
  kSeatedTwice,             // the person already holds a seat in the body
  kNotElected,              // the count did not elect this candidate
  kNotMemberOfSendingBody,  // a delegate who holds no seat in the sending body
};
const char* RejectReasonName(RejectReason reason);  // "no_quorum", ...

// One mandate presented to the mandates commission and its decision.
struct MandateCheck {
  PersonIndex person = kNoPerson;
  std::int32_t slot = -1;            // candidate slot in the election act
  MandateIndex source = kNoMandate;  // delegates: the mandate in the sending body
  RejectReason reason = RejectReason::kNone;
  std::string detail;     // human-readable reason, empty when seated
  std::int64_t seat = 0;  // the seat given (1-based), 0 when rejected
  std::string portfolio;  // commissars only
};

// The mandates commission of a body (001:152) decides on the mandates one
// election conferred.
struct VerificationAct {
  BodyIndex body = -1;
  ActIndex election = kNoAct;
  std::vector<MandateCheck> checks;
};

// An act the engine only numbers and journals, whose content it does not
// interpret (the simulation's Constituent Assembly count).
struct AnnexAct {
  std::string kind;
};

using CycleAct = std::variant<RegistrationAct, ElectionAct, VerificationAct, AnnexAct>;

// A mandate as presented to a mandates commission: the person, the
// candidate slot in the election act that returned them, and (delegates)
// their mandate in the sending body.
struct PresentedMandate {
  PersonIndex person = kNoPerson;
  std::int32_t slot = -1;
  MandateIndex source = kNoMandate;
  std::string portfolio;
};

// A seat held: the projection of a seated MandateCheck.
struct Mandate {
  BodyIndex body = -1;
  std::int64_t seat = 0;
  PersonIndex person = kNoPerson;
  ActIndex election = kNoAct;
  ActIndex verification = kNoAct;
  MandateIndex source = kNoMandate;
  std::string portfolio;
};

// Who holds which seat: the projection of the verification acts. Every
// apportioned seat of body b is seat_mandate[seat_offset[b] + seat - 1]
// (kNoMandate while vacant).
struct CouncilState {
  std::vector<Mandate> mandates;
  std::vector<std::int64_t> seat_offset;  // per body, plus one past the end
  std::vector<MandateIndex> seat_mandate;

  // Sizes the seat table from the apportionment; no seat is held.
  static CouncilState ForApportionment(const Apportionment& apportionment);
  // Applies one act. Only verification acts change who is seated; a seat
  // that is not apportioned or already held is kInternal (the commission
  // never gives one; the engine checks every act before applying it).
  Result<void> Apply(ActIndex act_index, const CycleAct& act);

  std::int64_t Seats(BodyIndex body) const { return seat_offset[body + 1] - seat_offset[body]; }
  MandateIndex At(BodyIndex body, std::int64_t seat) const {
    return seat_mandate[seat_offset[body] + seat - 1];
  }
};

// The seats the cycle fills in a body: its apportioned seats, except that a
// delegation (or a body elected from among another body's members: the
// Executive, the Commissars, "at the maximum" 001:144) is never larger than
// the body that elects it fills — delegates are its members (001:148). The
// seats beyond stay vacant; with the 1918 charters every body can fill its
// delegations, so only the Executive of a small country has fewer than 200.
std::int64_t FilledSeats(const Charter& charter, const Apportionment& apportionment,
                         BodyIndex body);

// Counts a body's seated members by slate (one count per slate of
// `persons.slates`).
SlateCounts Composition(const CouncilState& state, const PersonRegister& persons, BodyIndex body);

// Checks the invariants of SYSTEM.md §7 on a finished state, independently of
// the commission: every apportioned seat is held; every seat's mandate was
// verified by a seated verdict of its body's commission on a final election
// of that body that held its quorum and elected the person; every person is
// eligible and sits once per body; every delegate holds a seat in the sending
// body; every chain of mandates ends at a base election. Returns the first
// violation as kIntegrityViolation. "Every apportioned seat" means the
// FilledSeats of each body.
Result<void> CheckInvariants(const Charter& charter, const Apportionment& apportionment,
                             const PersonRegister& persons, std::span<const CycleAct> acts,
                             const CouncilState& state);

}  // namespace sovet

#endif  // SOVET_CYCLE_H_
