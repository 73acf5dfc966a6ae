// Workers' control (002:426–428; SYSTEM.md §2 S10, §4 and §7.3): the
// enterprises under control, the organ each elects, the requests for books
// and correspondence and the owner's submission or refusal, the organs'
// decisions binding on the owner, the owner's appeal to a higher organ of
// control and that organ's ruling. Formats and lifecycles:
// doc/workers_control.md; the charter's keys: [control] in
// doc/charter_format.md (sovet/charter.h ControlRules).
//
// Organs. Three kinds, named by the charter ([control.enterprise],
// [control.local], [control.central]):
//   ENTERPRISE_KIND:ENTERPRISE  the enterprise's organ, elected by all its
//                               workers, employees and technical staff
//                               (002:426 Art. 2; control.electorate), by the
//                               open vote `control.elect` records;
//   LOCAL_KIND:UNIT             a local council of workers' control, on any
//                               unit of the census below the root (002:428);
//   CENTRAL_KIND:ROOT           the all-country council, on the root.
// The census tree is the register's (`register.units` with `parents`).
// An organ is *higher* than another over an enterprise when its unit
// contains the enterprise's unit and it stands above the other: a local
// council over the enterprise's organ, a local council on a unit strictly
// containing a lower council's unit, the central council over every other.
// A decision may be cancelled only by a higher organ (002:426 Art. 8) and
// is appealed only to one.
//
// Acts are named by their journal entry number (`seq`): a request by the
// seq of its control.request, a decision by the seq of its control.decide,
// an appeal by the seq of its control.appeal; fields referring to them are
// `act`. The engine learns an act's seq from the journal (Engine::LoadJournal,
// or the synchronous append of a command): ControlLedger::current_seq.
//
// Dates are calendar dates (YYYY-MM-DD) without a time zone: the operator's
// day. The appeal deadline (002:428 "three days' grace"): the day of
// publication is day 0; an appeal dated day 0 .. day control.appeal_days
// (3) is in time, day 4 is refused naming the deadline. The appeal does not
// suspend the decision (control.appeal_suspends = false, Art. 8).
//
// Thread-safety: plain values, used by the engine's thread.
#ifndef SOVET_CONTROL_H_
#define SOVET_CONTROL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"

namespace sovet {

namespace schema::control {
// Act kinds: part of the journal's public format (doc/workers_control.md).
inline constexpr const char* kEnterpriseRegisterKind = "enterprise.register";
inline constexpr const char* kElectKind = "control.elect";
inline constexpr const char* kRequestKind = "control.request";
inline constexpr const char* kSubmitKind = "control.submit";
inline constexpr const char* kRefuseKind = "control.refuse";
inline constexpr const char* kDecideKind = "control.decide";
inline constexpr const char* kAppealKind = "control.appeal";
inline constexpr const char* kRuleKind = "control.rule";
namespace field {
inline constexpr const char* kDate = "date";  // every act
// enterprise.register: parallel lists, one item per enterprise, and the
// import's identity (the file's SHA-256 in hex, the 0-based index of the
// act's first row, the file's rows).
inline constexpr const char* kIds = "ids";
inline constexpr const char* kUnits = "units";
inline constexpr const char* kNames = "names";
inline constexpr const char* kOwners = "owners";
inline constexpr const char* kWorkers = "workers";
inline constexpr const char* kEmployees = "employees";
inline constexpr const char* kTechnicalStaff = "technical_staff";
inline constexpr const char* kImport = "import";
inline constexpr const char* kRow = "row";
inline constexpr const char* kRows = "rows";
// control.elect (body: the enterprise's organ).
inline constexpr const char* kElectorate = "electorate";  // the enterprise's, summed
inline constexpr const char* kPresent = "present";
inline constexpr const char* kCandidates = "candidates";
inline constexpr const char* kHands = "hands";
inline constexpr const char* kElected = "elected";
// control.request, control.decide: the enterprise.
inline constexpr const char* kEnterprise = "enterprise";
inline constexpr const char* kItems = "items";  // request: charter control.information
inline constexpr const char* kDue = "due";      // request: the day to submit by
// submit/refuse/appeal/rule: the act answered (a request's or a decision's seq).
inline constexpr const char* kAct = "act";
inline constexpr const char* kDocuments = "documents";  // submit: SHA-256 hex per document
inline constexpr const char* kReason = "reason";        // refuse: the owner's stated reason
inline constexpr const char* kTitle = "title";          // decide
inline constexpr const char* kTextSha256 = "text_sha256";  // decide: the text's SHA-256
inline constexpr const char* kPublishedOn = "published_on";  // decide
// decide: the last day of appeal, published_on + control.appeal_days.
inline constexpr const char* kAppealUntil = "appeal_until";
inline constexpr const char* kGrounds = "grounds_sha256";    // appeal, optional
inline constexpr const char* kResult = "result";  // rule: "upheld" | "cancelled"
}  // namespace field
namespace table {
inline constexpr const char* kEnterprises = "control_enterprises";
inline constexpr const char* kOrgans = "control_organs";
inline constexpr const char* kRequests = "control_requests";
inline constexpr const char* kDocuments = "control_documents";
inline constexpr const char* kViolations = "control_violations";
inline constexpr const char* kDecisions = "control_decisions";
inline constexpr const char* kAppeals = "control_appeals";
}  // namespace table
}  // namespace schema::control

// Whether `kind` is one of workers' control's act kinds (enterprise.*,
// control.*).
bool IsControlKind(std::string_view kind);

// The longest id, name or owner an enterprise record accepts, in bytes.
inline constexpr std::size_t kMaxEnterpriseText = 256;
// The largest head count of an enterprise record (a column's value).
inline constexpr std::int64_t kMaxHeadCount = 100'000'000;

struct Enterprise {
  std::string id;
  std::string unit;  // a unit of the register's census tree
  std::string name;
  std::string owner;
  std::int64_t workers = 0;
  std::int64_t employees = 0;
  std::int64_t technical_staff = 0;
  Date registered;
};

// The electorate of an enterprise's organ: the sum of the columns the
// charter's control.electorate names (002:426 Art. 2).
std::int64_t ControlElectorate(const ControlRules& rules, const Enterprise& enterprise);

// An enterprise's organ as its last control.elect constituted it.
struct ControlOrganSeat {
  Date elected;
  std::vector<std::string> members;
  std::int64_t electorate = 0;
  std::int64_t present = 0;
};

enum class RequestStage : std::uint8_t { kOpen, kSubmitted, kRefused };
const char* RequestStageName(RequestStage stage);  // "open", "submitted", "refused"

struct ControlRequest {
  std::string body;  // the requesting organ
  std::string enterprise;
  Date on;
  Date due;
  RequestStage stage = RequestStage::kOpen;
};

enum class ControlDecisionStatus : std::uint8_t { kInForce, kUpheld, kCancelled };
// "in_force", "upheld", "cancelled".
const char* ControlDecisionStatusName(ControlDecisionStatus status);

struct ControlDecision {
  std::string body;  // the deciding organ
  std::string enterprise;
  Date decided;
  Date published;
  ControlDecisionStatus status = ControlDecisionStatus::kInForce;
  std::int64_t appeal = 0;  // seq of the pending appeal; 0: none pending
  std::string ruled_by;     // the organ of the last ruling (upheld); empty: none
};

// What the engine holds of workers' control.
struct ControlLedger {
  std::map<std::string, Enterprise> enterprises;      // by id
  std::map<std::string, ControlOrganSeat> organs;     // by the enterprise organ's body id
  std::map<std::int64_t, ControlRequest> requests;    // by seq
  std::map<std::int64_t, ControlDecision> decisions;  // by seq
  std::map<std::int64_t, std::int64_t> appeals;       // pending: appeal seq -> decision seq
  std::int64_t violations = 0;                        // refusals on the record
  // The imports seen, by file SHA-256: rows entered so far.
  std::map<std::string, std::int64_t> imports;
  // The journal seq of the act being applied, when the engine knows it
  // (Engine::LoadJournal gives each entry's; a command's synchronous append
  // returns it; a pipelined engine predicts it from `journal_seq`, right
  // when it is the journal's only writer); 0 when not — an engine without a
  // journal (a dry run) — and then one past the largest act known is used.
  std::int64_t current_seq = 0;
  // The last seq the engine knows the journal to hold.
  std::int64_t journal_seq = 0;
};

// The last day an appeal against a decision published on `published` is
// in time: published + control.appeal_days (publication is day 0).
Date AppealDeadline(const ControlRules& rules, Date published);

}  // namespace sovet

#endif  // SOVET_CONTROL_H_
