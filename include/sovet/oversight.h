// Oversight of decisions and appeals (001:144, 001:146; SYSTEM.md §7.3;
// doc/oversight.md): a higher organ annuls, suspends, lifts the suspension
// of, or approves a lower body's decision in its subtree (`act.annul`,
// `act.suspend`, `act.lift`, `act.approve`), and a person of standing
// appeals a decision to an organ, which decides it (`appeal.lodge`,
// `appeal.decide`). The rules are the charter's [[oversight]] and
// [[appeal]] tables (sovet/oversight_rules.h); the decisions are the
// DecisionLedger's (sovet/decisions.h), whose status and history these acts
// change.
//
// A decision is named by its act (the seq of the motion.close that adopted
// it, field `act`); an appeal by the operator's id (field `appeal`), unique
// in the journal. The organ of every act is the act's body ("KIND:UNIT").
//
// Dates are calendar dates (the act's `date`, ISO 8601), with no time of
// day and no time zone: the operator's day. An appeal's deadline counts
// calendar days from the decision's adoption, its publication, as day 0:
// with `days = 7` a decision adopted on 2026-03-01 may be appealed up to
// and including 2026-03-08, and not on 2026-03-09.
//
// Thread-safety: plain values, used by the engine's thread.
#ifndef SOVET_OVERSIGHT_H_
#define SOVET_OVERSIGHT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sovet/date.h"

namespace sovet {

namespace schema::oversight {
// Act kinds: part of the journal's public format (doc/oversight.md).
inline constexpr const char* kAnnulKind = "act.annul";
inline constexpr const char* kSuspendKind = "act.suspend";
inline constexpr const char* kLiftKind = "act.lift";
inline constexpr const char* kApproveKind = "act.approve";
inline constexpr const char* kLodgeKind = "appeal.lodge";
inline constexpr const char* kDecideKind = "appeal.decide";
namespace field {
inline constexpr const char* kDate = "date";
inline constexpr const char* kAct = "act";                 // the decision (seq), every act
inline constexpr const char* kGrounds = "grounds";         // optional text, every act
inline constexpr const char* kAppeal = "appeal";           // lodge, decide: the appeal's id
inline constexpr const char* kRule = "rule";               // lodge: the [[appeal]] id
inline constexpr const char* kAppellant = "appellant";     // lodge: the register's person id
inline constexpr const char* kStanding = "standing";       // lodge: a body id, or "elector"
inline constexpr const char* kDeadline = "deadline";       // lodge: the last day allowed
inline constexpr const char* kSuspends = "suspends";       // lodge: bool, whether it suspends
inline constexpr const char* kOutcome = "outcome";         // decide
inline constexpr const char* kTextSha256 = "text_sha256";  // decide, amended: the new text
}  // namespace field
namespace table {
inline constexpr const char* kDecisionStatus = "council_decision_status";
inline constexpr const char* kAppeals = "council_appeals";
}  // namespace table
// The standing of an elector (AppealRule::electors) in `standing`.
inline constexpr const char* kElectorStanding = "elector";
}  // namespace schema::oversight

// Whether `kind` is one of oversight's act kinds (act.*, appeal.*).
bool IsOversightKind(std::string_view kind);

enum class AppealStage : std::uint8_t {
  kPending,   // lodged, not decided
  kUpheld,    // the organ upheld the decision
  kAnnulled,  // the organ annulled the decision
  kAmended,   // the organ amended the decision (a new text)
  kLapsed,    // the decision was annulled otherwise before the appeal was decided
};

// "pending", "upheld", "annulled", "amended", "lapsed".
const char* AppealStageName(AppealStage stage);

struct Appeal {
  std::string id;
  std::int64_t act = 0;   // the decision
  std::string rule;       // the [[appeal]] id
  std::string appellant;  // the register's person id
  std::string standing;   // the body whose seat gives standing, or "elector"
  std::string organ;      // "KIND:UNIT"
  Date lodged;
  Date deadline;  // the last day it could be lodged
  bool suspensive = false;
  AppealStage stage = AppealStage::kPending;
  std::optional<Date> decided;
  std::string text_sha256;  // amended: the new text's
};

// What suspended a decision: an organ's act.suspend (`appeal` empty) or a
// suspensive appeal (its id).
struct Suspension {
  std::string by;      // the organ, "KIND:UNIT"
  std::string appeal;  // empty: act.suspend
  Date on;
};

// What the engine holds of oversight beside the decisions' own status (a
// member of CouncilLedger, sovet/council.h).
struct OversightLedger {
  std::map<std::string, Appeal> appeals;          // by id
  std::map<std::int64_t, std::string> pending;    // decision -> its pending appeal
  std::map<std::int64_t, Suspension> suspended;   // decision -> what suspended it
};

}  // namespace sovet

#endif  // SOVET_OVERSIGHT_H_
