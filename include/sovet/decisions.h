// What the councils decide (SYSTEM.md §7.2, doc/decisions.md): a body meets
// in session (`session.open`, `session.attend`, `session.close`), motions are
// put to it and voted by roll call (`motion.put`, `motion.vote`), and a
// motion adopted at `motion.close` becomes a Decision — numbered in the
// body's running order, dated, its text known by its SHA-256, covering the
// units of its scope. Higher organs later change a decision's status
// (approve, suspend, lift, annul: 001:144, 001:146) and every change is kept
// in its history.
//
// Acts are named by their journal entry number (`seq`): a Sitting by the seq
// of its session.open, a Motion by the seq of its motion.put, a Decision by
// the seq of the motion.close that adopted it. Act formats and the passing
// rules: doc/decisions.md.
//
// Thread-safety: plain values, used by the engine's thread.
#ifndef SOVET_DECISIONS_H_
#define SOVET_DECISIONS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet {

enum class DecisionStatus : std::uint8_t { kInForce, kAwaitingApproval, kSuspended, kAnnulled };

// "in_force", "awaiting_approval", "suspended", "annulled".
inline const char* DecisionStatusName(DecisionStatus status) {
  switch (status) {
    case DecisionStatus::kInForce: return "in_force";
    case DecisionStatus::kAwaitingApproval: return "awaiting_approval";
    case DecisionStatus::kSuspended: return "suspended";
    case DecisionStatus::kAnnulled: return "annulled";
  }
  return "in_force";
}
inline std::optional<DecisionStatus> ParseDecisionStatus(std::string_view name) {
  for (DecisionStatus status : {DecisionStatus::kInForce, DecisionStatus::kAwaitingApproval,
                                DecisionStatus::kSuspended, DecisionStatus::kAnnulled}) {
    if (name == DecisionStatusName(status)) return status;
  }
  return std::nullopt;
}

// One change of a decision's status: the act (seq) that made it, its date,
// the new status and the organ that made it ("KIND:UNIT").
struct DecisionChange {
  std::int64_t act = 0;
  Date on;
  DecisionStatus status = DecisionStatus::kInForce;
  std::string by;
};

// An adopted motion.
struct Decision {
  std::int64_t act = 0;         // seq of the motion.close that adopted it
  std::string body;             // the adopting body, "KIND:UNIT"
  std::string motion_kind;      // decree, resolution, instruction, appointment, approval, ...
  std::int64_t number = 0;      // the body's running number of adopted acts, from 1
  Date adopted_on;
  std::string title;
  std::string text_sha256;      // hex, lower case
  std::vector<std::string> scope;  // unit ids it covers (within the body's subtree)
  DecisionStatus status = DecisionStatus::kInForce;
  std::vector<DecisionChange> history;
  std::int64_t motion = 0;  // seq of the motion.put
};

// A member's vote in a roll call.
enum class VoteChoice : std::uint8_t { kFor, kAgainst, kAbstain };
// "for", "against", "abstain".
inline const char* VoteChoiceName(VoteChoice choice) {
  switch (choice) {
    case VoteChoice::kFor: return "for";
    case VoteChoice::kAgainst: return "against";
    case VoteChoice::kAbstain: return "abstain";
  }
  return "for";
}

// A body in session: opened, members present recorded, closed.
struct Sitting {
  std::int64_t act = 0;  // seq of the session.open
  std::string body;
  Date opened;
  std::int64_t seated = 0;  // the body's seated members when it opened
  std::int64_t quorum = 0;  // members present needed (charter decisions.quorum_*)
  bool convened = false;    // a session.convene named this body and day
  std::vector<std::string> present;  // in the order recorded
  std::map<std::string, std::int64_t> present_at;  // person -> index in `present`
  std::optional<Date> closed;
  std::vector<std::int64_t> motions;  // seq of each motion.put, in order
};

enum class MotionStage : std::uint8_t { kOpen, kAdopted, kRejected };
// "open", "adopted", "rejected".
inline const char* MotionStageName(MotionStage stage) {
  switch (stage) {
    case MotionStage::kOpen: return "open";
    case MotionStage::kAdopted: return "adopted";
    case MotionStage::kRejected: return "rejected";
  }
  return "open";
}

// A motion put to a sitting.
struct Motion {
  std::int64_t act = 0;      // seq of the motion.put
  std::int64_t sitting = 0;  // seq of the session.open
  std::string body;
  std::string motion_kind;
  std::string title;
  std::string text_sha256;
  std::string text;  // the text itself when the put act carried it (small texts)
  std::vector<std::string> scope;
  Date put_on;
  std::map<std::string, VoteChoice> votes;  // by person: each member once
  std::int64_t votes_for = 0;
  std::int64_t votes_against = 0;
  std::int64_t abstentions = 0;
  MotionStage stage = MotionStage::kOpen;
  std::int64_t closed_by = 0;  // seq of the motion.close
};

// What the engine holds of sessions, motions and decisions (a member of
// CouncilLedger, sovet/council.h).
struct DecisionLedger {
  std::map<std::int64_t, Decision> decisions;  // by seq of the adopting motion.close
  std::map<std::int64_t, Sitting> sittings;    // by seq of the session.open
  std::map<std::int64_t, Motion> motions;      // by seq of the motion.put
  std::map<std::string, std::int64_t> open_sitting;  // body -> its open sitting
  std::map<std::string, std::int64_t> adopted;       // body -> decisions adopted so far
};

struct EngineState;  // sovet/engine.h

// Members present needed for a body of `seated` members to decide:
// floor(seated × quorum_num / quorum_den) + quorum_plus, charter
// [decisions] (SYSTEM.md §4: half the members plus one). Exact.
std::int64_t QuorumOf(const Charter& charter, std::int64_t seated);

// Whether a roll call carries a motion of `kind` (its `majority`, exact
// integer comparisons; doc/decisions.md "Passing rules"): majority of votes
// cast, for > against (001:62, 002:265); two-thirds of votes cast,
// 3·for ≥ 2·(for + against) and for > 0 (004:21); unanimity, against = 0
// and for > 0, and no abstention unless abstentions_allowed (004:36);
// absolute majority of members, 2·for > seated.
bool MotionCarried(const MotionKind& kind, std::int64_t votes_for, std::int64_t votes_against,
                   std::int64_t abstentions, std::int64_t seated);

// The session.open act of `body` on `date`, its seated members and quorum
// as the engine counts them (the engine's rule compares a recorded act with
// them). kInvalidInput naming the rule when the body cannot open.
Result<Act> SessionOpenAct(const EngineState& state, const Charter& charter,
                           const std::string& body, Date date);
// The motion.close act of the open motion `motion` (its motion.put's seq)
// on `date`: the tally, the result and, when adopted, the body's number and
// the decision's status. The engine's rule compares a recorded act with it.
Result<Act> MotionCloseAct(const EngineState& state, const Charter& charter, std::int64_t motion,
                           Date date);

}  // namespace sovet

#endif  // SOVET_DECISIONS_H_
