// Workers' control (002:426–428; sovet/control.h, doc/workers_control.md):
// the rules of enterprise.register and control.* against the state, their
// application to the ledger, and their projection as state tables.
//
// Lifecycles (doc/workers_control.md has them as diagrams):
//   request:  control.request -> open  (CheckRequest/ApplyRequest)
//             control.submit  -> submitted, documents' hashes kept (CheckAnswer)
//             control.refuse  -> refused, a violation on the record (CheckAnswer)
//   decision: control.decide  -> in_force, binding at once (002:426 Art. 8)
//             control.appeal  -> in_force, appeal pending (non-suspensive)
//             control.rule    -> upheld | cancelled; the pending appeal answered
#include "sovet/control.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/person_roll.h"

namespace sovet {

bool IsControlKind(std::string_view kind) {
  return kind.starts_with("control.") || kind.starts_with("enterprise.");
}

std::int64_t ControlElectorate(const ControlRules& rules, const Enterprise& enterprise) {
  std::int64_t sum = 0;
  for (const std::string& column : rules.electorate) {
    if (column == "workers") sum += enterprise.workers;
    if (column == "employees") sum += enterprise.employees;
    if (column == "technical_staff") sum += enterprise.technical_staff;
  }
  return sum;
}

const char* RequestStageName(RequestStage stage) {
  switch (stage) {
    case RequestStage::kOpen:
      return "open";
    case RequestStage::kSubmitted:
      return "submitted";
    case RequestStage::kRefused:
      return "refused";
  }
  return "open";
}

const char* ControlDecisionStatusName(ControlDecisionStatus status) {
  switch (status) {
    case ControlDecisionStatus::kInForce:
      return "in_force";
    case ControlDecisionStatus::kUpheld:
      return "upheld";
    case ControlDecisionStatus::kCancelled:
      return "cancelled";
  }
  return "in_force";
}

Date AppealDeadline(const ControlRules& rules, Date published) {
  return published.AddDays(rules.appeal_days);
}

namespace engine {
namespace {

namespace field = schema::control::field;
namespace table = schema::control::table;
namespace kinds = schema::control;

using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::IntsOf;
using engine_internal::kAnySize;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextOr;
using engine_internal::TextsOf;

constexpr const char* kDoc = "doc/workers_control.md";

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{}: {}", act.kind, rule),
                              SourceLocation{.field = field_name});
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Result<std::string> TextRule(const Act& act, const char* name, std::string_view value) {
  if (auto ok = CheckRollText(name, value, false); !ok) {
    return Error(Refused(act, fmt::format("field \"{}\": {}", name, ok.error().message()), name));
  }
  return std::string(value);
}

Result<std::string> IdOf(const Act& act, const char* name) {
  SOVET_TRY(std::string text, TextOf(act, name));
  return TextRule(act, name, text);
}

Result<Date> DateField(const Act& act, const char* name) {
  SOVET_TRY(std::string text, TextOf(act, name));
  Result<Date> date = Date::Parse(text);
  if (!date) return Error(Bad(act, name, "a date YYYY-MM-DD"));
  return *date;
}

Result<std::string> HashOf(const Act& act, const char* name) {
  SOVET_TRY(std::string text, TextOf(act, name));
  if (!IsSha256Hex(text)) return Error(Bad(act, name, "a SHA-256 in lower-case hex (64 digits)"));
  return text;
}

// ---- the fields of each kind (what the journal's checker also runs) ------

struct RegisterFields {
  std::vector<std::string> ids, units, names, owners;
  std::vector<std::int64_t> workers, employees, technical_staff;
  std::string import;
  std::int64_t row = 0, rows = 0;
};

Result<RegisterFields> ReadRegister(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kIds, field::kUnits, field::kNames,
                                  field::kOwners, field::kWorkers, field::kEmployees,
                                  field::kTechnicalStaff, field::kImport, field::kRow,
                                  field::kRows}));
  if (!act.body.empty()) return Error(Bad(act, "body", "no body (\"\")"));
  RegisterFields out;
  SOVET_TRY(out.ids, TextsOf(act, field::kIds, kAnySize));
  if (out.ids.empty()) return Error(Bad(act, field::kIds, "a non-empty list of enterprise ids"));
  const std::size_t size = out.ids.size();
  SOVET_TRY(out.units, TextsOf(act, field::kUnits, size));
  SOVET_TRY(out.names, TextsOf(act, field::kNames, size));
  SOVET_TRY(out.owners, TextsOf(act, field::kOwners, size));
  SOVET_TRY(out.workers, IntsOf(act, field::kWorkers, size));
  SOVET_TRY(out.employees, IntsOf(act, field::kEmployees, size));
  SOVET_TRY(out.technical_staff, IntsOf(act, field::kTechnicalStaff, size));
  for (std::size_t idx = 0; idx < size; ++idx) {
    SOVET_CHECK_OK(TextRule(act, field::kIds, out.ids[idx]));
    SOVET_CHECK_OK(TextRule(act, field::kUnits, out.units[idx]));
    SOVET_CHECK_OK(TextRule(act, field::kNames, out.names[idx]));
    SOVET_CHECK_OK(TextRule(act, field::kOwners, out.owners[idx]));
    for (const auto& [column, values] :
         {std::pair{field::kWorkers, &out.workers}, std::pair{field::kEmployees, &out.employees},
          std::pair{field::kTechnicalStaff, &out.technical_staff}}) {
      const std::int64_t count = (*values)[idx];
      if (count < 0 || count > kMaxHeadCount) {
        return Error(Refused(act,
                             fmt::format("enterprise \"{}\": field \"{}\": expected a head count "
                                         "0..{}, got {}",
                                         out.ids[idx], column, kMaxHeadCount, count),
                             column));
      }
    }
  }
  if (Find(act, field::kImport) != nullptr) {
    SOVET_TRY(out.import, HashOf(act, field::kImport));
    SOVET_TRY(out.row, IntOf(act, field::kRow));
    SOVET_TRY(out.rows, IntOf(act, field::kRows));
    if (out.row < 0 || out.rows < out.row + static_cast<std::int64_t>(size)) {
      return Error(Bad(act, field::kRow, "0 <= row and row + the act's enterprises <= rows"));
    }
  } else if (Find(act, field::kRow) != nullptr || Find(act, field::kRows) != nullptr) {
    return Error(Bad(act, field::kImport, "the import's SHA-256 with \"row\" and \"rows\""));
  }
  return out;
}

struct ElectFields {
  std::int64_t electorate = 0, present = 0;
  std::vector<std::string> candidates, elected;
  std::vector<std::int64_t> hands;
};

Result<ElectFields> ReadElect(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kElectorate, field::kPresent,
                                  field::kCandidates, field::kHands, field::kElected}));
  ElectFields out;
  SOVET_TRY(out.electorate, IntOf(act, field::kElectorate));
  SOVET_TRY(out.present, IntOf(act, field::kPresent));
  SOVET_TRY(out.candidates, TextsOf(act, field::kCandidates, kAnySize));
  SOVET_TRY(out.hands, IntsOf(act, field::kHands, out.candidates.size()));
  SOVET_TRY(out.elected, TextsOf(act, field::kElected, kAnySize));
  if (out.candidates.empty()) {
    return Error(Bad(act, field::kCandidates, "a non-empty list of candidates"));
  }
  for (const std::string& candidate : out.candidates) {
    SOVET_CHECK_OK(TextRule(act, field::kCandidates, candidate));
  }
  if (out.electorate < 0 || out.present < 0) {
    return Error(Bad(act, field::kPresent, "non-negative \"electorate\" and \"present\""));
  }
  for (std::int64_t hands : out.hands) {
    if (hands < 0) return Error(Bad(act, field::kHands, "non-negative counts of hands"));
  }
  return out;
}

struct RequestFields {
  std::string enterprise;
  std::vector<std::string> items;
  Date due;
};

Result<RequestFields> ReadRequest(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kEnterprise, field::kItems, field::kDue}));
  RequestFields out;
  SOVET_TRY(out.enterprise, IdOf(act, field::kEnterprise));
  SOVET_TRY(out.items, TextsOf(act, field::kItems, kAnySize));
  if (out.items.empty()) return Error(Bad(act, field::kItems, "a non-empty list of documents"));
  SOVET_TRY(out.due, DateField(act, field::kDue));
  return out;
}

struct SubmitFields {
  std::int64_t request = 0;
  std::vector<std::string> documents;
};

Result<SubmitFields> ReadSubmit(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAct, field::kDocuments}));
  SubmitFields out;
  SOVET_TRY(out.request, IntOf(act, field::kAct));
  SOVET_TRY(out.documents, TextsOf(act, field::kDocuments, kAnySize));
  if (out.documents.empty()) {
    return Error(Bad(act, field::kDocuments, "a non-empty list of SHA-256 hashes"));
  }
  for (const std::string& hash : out.documents) {
    if (!IsSha256Hex(hash)) {
      return Error(Bad(act, field::kDocuments,
                       "SHA-256 hashes in lower-case hex (64 digits): documents are kept as "
                       "hashes, never their contents"));
    }
  }
  return out;
}

struct RefuseFields {
  std::int64_t request = 0;
  std::string reason;
};

Result<RefuseFields> ReadRefuse(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAct, field::kReason}));
  RefuseFields out;
  SOVET_TRY(out.request, IntOf(act, field::kAct));
  SOVET_TRY(out.reason, IdOf(act, field::kReason));
  return out;
}

struct DecideFields {
  std::string enterprise, title, text_sha256;
  Date published, appeal_until;
};

Result<DecideFields> ReadDecide(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kEnterprise, field::kTitle,
                                  field::kTextSha256, field::kPublishedOn,
                                  field::kAppealUntil}));
  DecideFields out;
  SOVET_TRY(out.enterprise, IdOf(act, field::kEnterprise));
  SOVET_TRY(out.title, IdOf(act, field::kTitle));
  SOVET_TRY(out.text_sha256, HashOf(act, field::kTextSha256));
  SOVET_TRY(out.published, DateField(act, field::kPublishedOn));
  SOVET_TRY(out.appeal_until, DateField(act, field::kAppealUntil));
  return out;
}

struct AppealFields {
  std::int64_t decision = 0;
  std::string grounds;
};

Result<AppealFields> ReadAppeal(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAct, field::kGrounds}));
  AppealFields out;
  SOVET_TRY(out.decision, IntOf(act, field::kAct));
  if (Find(act, field::kGrounds) != nullptr) {
    SOVET_TRY(out.grounds, HashOf(act, field::kGrounds));
  }
  return out;
}

struct RuleFields {
  std::int64_t decision = 0;
  std::string result;
};

Result<RuleFields> ReadRule(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kAct, field::kResult}));
  RuleFields out;
  SOVET_TRY(out.decision, IntOf(act, field::kAct));
  SOVET_TRY(out.result, TextOf(act, field::kResult));
  if (out.result != "upheld" && out.result != "cancelled") {
    return Error(Bad(act, field::kResult, "\"upheld\" or \"cancelled\""));
  }
  return out;
}

Result<void> CheckShape(const Act& act) {
  SOVET_TRY(Date date, DateField(act, field::kDate));
  (void)date;
  if (act.kind == kinds::kEnterpriseRegisterKind) return ReadRegister(act).map([](auto&&) {});
  if (act.kind != kinds::kEnterpriseRegisterKind && act.body.empty()) {
    return Error(Bad(act, "body", "the id of a control organ (KIND:UNIT)"));
  }
  if (act.kind == kinds::kElectKind) return ReadElect(act).map([](auto&&) {});
  if (act.kind == kinds::kRequestKind) return ReadRequest(act).map([](auto&&) {});
  if (act.kind == kinds::kSubmitKind) return ReadSubmit(act).map([](auto&&) {});
  if (act.kind == kinds::kRefuseKind) return ReadRefuse(act).map([](auto&&) {});
  if (act.kind == kinds::kDecideKind) return ReadDecide(act).map([](auto&&) {});
  if (act.kind == kinds::kAppealKind) return ReadAppeal(act).map([](auto&&) {});
  if (act.kind == kinds::kRuleKind) return ReadRule(act).map([](auto&&) {});
  return Error(Bad(act, "kind",
                   "enterprise.register or control.elect, request, submit, refuse, decide, "
                   "appeal, rule"));
}

// ---- organs -------------------------------------------------------------

enum class Level : std::uint8_t { kEnterprise, kLocal, kCentral };

struct Organ {
  Level level = Level::kEnterprise;
  std::string id;
  const Enterprise* enterprise = nullptr;  // kEnterprise
  std::int32_t unit = -1;                  // the register's tree unit (every level)
};

// The organ `body` names, as the charter's [control] and the state know it;
// kInvalidInput naming the rule when it is no organ.
Result<Organ> OrganOf(const EngineState& state, const Charter& charter, const Act& act,
                      const std::string& body) {
  const ControlRules& rules = charter.control;
  const std::string kind = BodyKindOf(body);
  const std::string unit = BodyUnitOf(body);
  Organ organ;
  organ.id = body;
  if (kind == rules.enterprise.kind) {
    auto found = state.ledger.control.enterprises.find(unit);
    if (found == state.ledger.control.enterprises.end()) {
      return Error(Refused(act,
                           fmt::format("{} is not an organ of a registered enterprise: "
                                       "\"{}\" is not registered (enterprise.register)",
                                       body, unit),
                           "body"));
    }
    organ.level = Level::kEnterprise;
    organ.enterprise = &found->second;
    organ.unit = state.roll.FindTreeUnit(found->second.unit);
    return organ;
  }
  const std::int32_t index = state.roll.FindTreeUnit(unit);
  if (kind == rules.local.kind) {
    if (index < 0 || !state.roll.HasParent(index) || state.roll.Parent(index) < 0) {
      return Error(Refused(act,
                           fmt::format("{}: a local council of control ([control.local], {}) "
                                       "stands on a unit of the census below the root; \"{}\" is "
                                       "not one",
                                       body, rules.local.cite, unit),
                           "body"));
    }
    organ.level = Level::kLocal;
    organ.unit = index;
    return organ;
  }
  if (kind == rules.central.kind) {
    if (index < 0 || !state.roll.HasParent(index) || state.roll.Parent(index) >= 0) {
      return Error(Refused(act,
                           fmt::format("{}: the central council of control ([control.central], "
                                       "{}) stands on the census's root; \"{}\" is not it",
                                       body, rules.central.cite, unit),
                           "body"));
    }
    organ.level = Level::kCentral;
    organ.unit = index;
    return organ;
  }
  return Error(Refused(act,
                       fmt::format("\"{}\" is not a control organ of the charter: expected "
                                   "{}:ENTERPRISE, {}:UNIT or {}:ROOT ([control])",
                                   body, rules.enterprise.kind, rules.local.kind,
                                   rules.central.kind),
                       "body"));
}

// Whether `organ` stands over `enterprise` (its own organ, or a council
// whose unit contains the enterprise's unit).
bool Over(const EngineState& state, const Organ& organ, const Enterprise& enterprise) {
  if (organ.level == Level::kEnterprise) return organ.enterprise->id == enterprise.id;
  const std::int32_t unit = state.roll.FindTreeUnit(enterprise.unit);
  return unit >= 0 && state.roll.Within(unit, organ.unit);
}

// Whether `higher` is a higher organ than `lower` over `enterprise`
// (sovet/control.h "Organs").
bool Higher(const EngineState& state, const Organ& higher, const Organ& lower,
            const Enterprise& enterprise) {
  if (higher.level == Level::kEnterprise || !Over(state, higher, enterprise)) return false;
  if (lower.level == Level::kEnterprise) return true;
  if (lower.level == Level::kCentral) return false;
  if (higher.level == Level::kCentral) return true;
  return higher.unit != lower.unit && state.roll.Within(lower.unit, higher.unit);
}

Result<const Enterprise*> EnterpriseOf(const EngineState& state, const Act& act,
                                       const std::string& id) {
  auto found = state.ledger.control.enterprises.find(id);
  if (found == state.ledger.control.enterprises.end()) {
    return Error(Refused(act,
                         fmt::format("enterprise \"{}\" is not registered (enterprise.register; "
                                     "sovet enterprise import)",
                                     id),
                         field::kEnterprise));
  }
  return &found->second;
}

// An organ acting on an enterprise: over it, and, for the enterprise's
// own organ, elected (002:426 Art. 2 "through their elected bodies").
Result<Organ> ActingOrgan(const EngineState& state, const Charter& charter, const Act& act,
                          const Enterprise& enterprise) {
  SOVET_TRY(Organ organ, OrganOf(state, charter, act, act.body));
  if (!Over(state, organ, enterprise)) {
    return Error(Refused(act,
                         fmt::format("{} does not stand over enterprise \"{}\" (in {}): an organ "
                                     "of control acts within its own subtree ([control], 002:426 "
                                     "Art. 8)",
                                     act.body, enterprise.id, enterprise.unit),
                         "body"));
  }
  if (organ.level == Level::kEnterprise && state.ledger.control.organs.count(act.body) == 0) {
    return Error(Refused(act,
                         fmt::format("{} is not elected yet: the organ is elected by all the "
                                     "workers, employees and technical staff of the enterprise "
                                     "(control.elect; 002:426 Art. 2)",
                                     act.body),
                         "body"));
  }
  return organ;
}

// ---- the rules ----------------------------------------------------------

Result<void> CheckRegister(const EngineState& state, const Act& act) {
  SOVET_TRY(RegisterFields fields, ReadRegister(act));
  const ControlLedger& ledger = state.ledger.control;
  std::set<std::string_view> seen;
  for (std::size_t idx = 0; idx < fields.ids.size(); ++idx) {
    const std::string& id = fields.ids[idx];
    if (ledger.enterprises.count(id) != 0 || !seen.insert(id).second) {
      return Error(Status::AlreadyExists(
          fmt::format("{}: enterprise \"{}\" is already registered: an enterprise is registered "
                      "once ({})",
                      act.kind, id, kDoc),
          SourceLocation{.field = field::kIds}));
    }
    if (state.roll.FindTreeUnit(fields.units[idx]) < 0) {
      return Error(Refused(act,
                           fmt::format("enterprise \"{}\": unit \"{}\" is not a unit of the "
                                       "register's census tree (register.units)",
                                       id, fields.units[idx]),
                           field::kUnits));
    }
  }
  if (!fields.import.empty()) {
    auto found = ledger.imports.find(fields.import);
    const std::int64_t done = found == ledger.imports.end() ? 0 : found->second;
    if (fields.row != done) {
      return Error(Refused(act,
                           fmt::format("import {}: rows are entered in order; the next is row {}, "
                                       "not {}",
                                       fields.import, done, fields.row),
                           field::kRow));
    }
  }
  return {};
}

// The open vote of the enterprise's general meeting: the electorate is the
// enterprise's (002:426 Art. 2, control.electorate), attendance meets the
// charter's quorum (decisions.quorum_*, SYSTEM.md §4), and those elected
// are the candidates with a majority of those present, in candidate order.
Result<void> CheckElect(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(ElectFields fields, ReadElect(act));
  SOVET_TRY(Organ organ, OrganOf(state, charter, act, act.body));
  if (organ.level != Level::kEnterprise) {
    return Error(Refused(act,
                         fmt::format("{} is not an enterprise's organ ([control.enterprise] kind "
                                     "\"{}\"): only an enterprise's workforce elects by "
                                     "control.elect",
                                     act.body, charter.control.enterprise.kind),
                         "body"));
  }
  const std::int64_t electorate = ControlElectorate(charter.control, *organ.enterprise);
  if (fields.electorate != electorate) {
    return Error(Refused(act,
                         fmt::format("electorate {} is not the enterprise's: {} ({} of the "
                                     "enterprise record; control.electorate, 002:426 Art. 2)",
                                     fields.electorate, electorate,
                                     fmt::join(charter.control.electorate, " + ")),
                         field::kElectorate));
  }
  const Decisions& rule = charter.decisions;
  const std::int64_t quorum = static_cast<std::int64_t>(
      static_cast<__int128>(electorate) * rule.quorum_num / rule.quorum_den + rule.quorum_plus);
  if (fields.present > electorate || fields.present < quorum) {
    return Error(Refused(act,
                         fmt::format("present {} of {}: the meeting needs a quorum of {} and at "
                                     "most the electorate (decisions.quorum_num/den/plus, "
                                     "SYSTEM.md §4)",
                                     fields.present, electorate, quorum),
                         field::kPresent));
  }
  std::vector<std::string> expected;
  std::set<std::string_view> seen;
  for (std::size_t idx = 0; idx < fields.candidates.size(); ++idx) {
    if (!seen.insert(fields.candidates[idx]).second) {
      return Error(Refused(act, fmt::format("candidate \"{}\" is listed twice",
                                            fields.candidates[idx]),
                           field::kCandidates));
    }
    if (fields.hands[idx] > fields.present) {
      return Error(Refused(act,
                           fmt::format("candidate \"{}\": {} hands, more than the {} present",
                                       fields.candidates[idx], fields.hands[idx], fields.present),
                           field::kHands));
    }
    if (2 * fields.hands[idx] > fields.present) expected.push_back(fields.candidates[idx]);
  }
  if (expected.empty()) {
    return Error(Refused(act,
                         "no candidate has a majority of those present (SYSTEM.md §4): the "
                         "meeting votes again",
                         field::kElected));
  }
  if (fields.elected != expected) {
    return Error(Refused(act,
                         fmt::format("elected [{}] is not the count: [{}] (the candidates with "
                                     "hands × 2 > present, in candidate order; SYSTEM.md §4)",
                                     fmt::join(fields.elected, ", "),
                                     fmt::join(expected, ", ")),
                         field::kElected));
  }
  return {};
}

Result<void> CheckRequest(const EngineState& state, const Charter& charter, const Act& act,
                          Date date) {
  SOVET_TRY(RequestFields fields, ReadRequest(act));
  SOVET_TRY(const Enterprise* enterprise, EnterpriseOf(state, act, fields.enterprise));
  SOVET_TRY(Organ organ, ActingOrgan(state, charter, act, *enterprise));
  (void)organ;
  std::set<std::string_view> seen;
  for (const std::string& item : fields.items) {
    const auto& allowed = charter.control.information;
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      return Error(Refused(act,
                           fmt::format("\"{}\" is not a kind of document the charter opens to "
                                       "control: expected one of {} (control.information; "
                                       "002:426 Art. 7)",
                                       item, fmt::join(allowed, ", ")),
                           field::kItems));
    }
    if (!seen.insert(item).second) {
      return Error(Refused(act, fmt::format("\"{}\" is listed twice", item), field::kItems));
    }
  }
  if (fields.due < date) {
    return Error(Refused(act,
                         fmt::format("due {} is before the request's date {}",
                                     fields.due.ToString(), date.ToString()),
                         field::kDue));
  }
  return {};
}

// The owner's answer to an open request: on the request's organ (the body
// the request was made to the owner by).
Result<void> CheckAnswer(const EngineState& state, const Act& act, std::int64_t request) {
  auto found = state.ledger.control.requests.find(request);
  if (found == state.ledger.control.requests.end()) {
    return Error(Refused(act, fmt::format("act {} is not a control.request", request),
                         field::kAct));
  }
  if (found->second.stage != RequestStage::kOpen) {
    return Error(Status::AlreadyExists(
        fmt::format("{}: request {} is already answered ({}): the owner answers a request once",
                    act.kind, request, RequestStageName(found->second.stage)),
        SourceLocation{.field = field::kAct}));
  }
  if (act.body != found->second.body) {
    return Error(Refused(act,
                         fmt::format("request {} was made by {}, not {}: the answer is recorded "
                                     "on the requesting organ",
                                     request, found->second.body, act.body),
                         "body"));
  }
  return {};
}

Result<void> CheckSubmit(const EngineState& state, const Act& act) {
  SOVET_TRY(SubmitFields fields, ReadSubmit(act));
  SOVET_CHECK_OK(CheckAnswer(state, act, fields.request));
  std::set<std::string_view> seen;
  for (const std::string& hash : fields.documents) {
    if (!seen.insert(hash).second) {
      return Error(Refused(act, fmt::format("document {} is listed twice", hash),
                           field::kDocuments));
    }
  }
  return {};
}

Result<void> CheckRefuse(const EngineState& state, const Act& act) {
  SOVET_TRY(RefuseFields fields, ReadRefuse(act));
  return CheckAnswer(state, act, fields.request);
}

Result<void> CheckDecide(const EngineState& state, const Charter& charter, const Act& act,
                         Date date) {
  SOVET_TRY(DecideFields fields, ReadDecide(act));
  SOVET_TRY(const Enterprise* enterprise, EnterpriseOf(state, act, fields.enterprise));
  SOVET_TRY(Organ organ, ActingOrgan(state, charter, act, *enterprise));
  (void)organ;
  if (fields.published < date) {
    return Error(Refused(act,
                         fmt::format("published_on {} is before the decision's date {}",
                                     fields.published.ToString(), date.ToString()),
                         field::kPublishedOn));
  }
  const Date deadline = AppealDeadline(charter.control, fields.published);
  if (fields.appeal_until != deadline) {
    return Error(Refused(act,
                         fmt::format("appeal_until {} is not the deadline: {} (published_on + "
                                     "control.appeal_days = {}; 002:428)",
                                     fields.appeal_until.ToString(), deadline.ToString(),
                                     charter.control.appeal_days),
                         field::kAppealUntil));
  }
  return {};
}

Result<const ControlDecision*> DecisionOf(const EngineState& state, const Act& act,
                                          std::int64_t seq) {
  auto found = state.ledger.control.decisions.find(seq);
  if (found == state.ledger.control.decisions.end()) {
    return Error(Refused(act, fmt::format("act {} is not a control.decide", seq), field::kAct));
  }
  return &found->second;
}

// The organ of `act.body` is higher than the decision's organ over its
// enterprise (002:426 Art. 8: "may be cancelled only by the decision of the
// higher organs"; 002:428: appeals go "to the higher organs").
Result<void> CheckHigher(const EngineState& state, const Charter& charter, const Act& act,
                         const ControlDecision& decision) {
  const Enterprise& enterprise = state.ledger.control.enterprises.at(decision.enterprise);
  SOVET_TRY(Organ higher, OrganOf(state, charter, act, act.body));
  // After a ruling that upheld it, only an organ above the ruling one.
  const std::string& below = decision.ruled_by.empty() ? decision.body : decision.ruled_by;
  SOVET_TRY(Organ lower, OrganOf(state, charter, act, below));
  if (!Higher(state, higher, lower, enterprise)) {
    return Error(Refused(act,
                         fmt::format("{} is not a higher organ of control over {} for enterprise "
                                     "\"{}\" (in {}): only a council of control whose unit "
                                     "contains the enterprise's and stands above the deciding "
                                     "organ (and any organ that upheld it) may hear or cancel "
                                     "its decision (002:426 Art. 8, 002:428; [control])",
                                     act.body, below, enterprise.id, enterprise.unit),
                         "body"));
  }
  return {};
}

Result<void> CheckAppeal(const EngineState& state, const Charter& charter, const Act& act,
                         Date date) {
  SOVET_TRY(AppealFields fields, ReadAppeal(act));
  SOVET_TRY(const ControlDecision* decision, DecisionOf(state, act, fields.decision));
  if (decision->status == ControlDecisionStatus::kCancelled) {
    return Error(Refused(act, fmt::format("decision {} is already cancelled", fields.decision),
                         field::kAct));
  }
  if (decision->appeal != 0) {
    return Error(Status::AlreadyExists(
        fmt::format("{}: decision {} is already under appeal (act {}): one appeal at a time",
                    act.kind, fields.decision, decision->appeal),
        SourceLocation{.field = field::kAct}));
  }
  const Date deadline = AppealDeadline(charter.control, decision->published);
  if (date < decision->published) {
    return Error(Refused(act,
                         fmt::format("decision {} is published on {}: an appeal lies from "
                                     "publication",
                                     fields.decision, decision->published.ToString()),
                         field::kDate));
  }
  if (date > deadline) {
    return Error(Refused(act,
                         fmt::format("dated {}, past the deadline {}: decision {} was published "
                                     "on {} (day 0) and the owner may appeal until day {} "
                                     "(control.appeal_days = {}; 002:428 \"three days' grace\")",
                                     date.ToString(), deadline.ToString(), fields.decision,
                                     decision->published.ToString(), charter.control.appeal_days,
                                     charter.control.appeal_days),
                         field::kDate));
  }
  return CheckHigher(state, charter, act, *decision);
}

Result<void> CheckRule(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(RuleFields fields, ReadRule(act));
  SOVET_TRY(const ControlDecision* decision, DecisionOf(state, act, fields.decision));
  if (decision->status == ControlDecisionStatus::kCancelled) {
    return Error(Refused(act, fmt::format("decision {} is already cancelled", fields.decision),
                         field::kAct));
  }
  return CheckHigher(state, charter, act, *decision);
}

std::int64_t SeqOf(const ControlLedger& ledger) {
  if (ledger.current_seq > 0) return ledger.current_seq;
  std::int64_t last = 0;
  if (!ledger.requests.empty()) last = std::max(last, ledger.requests.rbegin()->first);
  if (!ledger.decisions.empty()) last = std::max(last, ledger.decisions.rbegin()->first);
  if (!ledger.appeals.empty()) last = std::max(last, ledger.appeals.rbegin()->first);
  return last + 1;
}

// ---- projection ------------------------------------------------------------

std::string Joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ","));
}

Result<void> ProjectRegister(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {
      "id",     "unit",       "name",   "owner", "workers", "employees", "technical_staff",
      "registered", "import", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RegisterFields fields, ReadRegister(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  for (std::size_t idx = 0; idx < fields.ids.size(); ++idx) {
    SOVET_CHECK_OK(sql.Insert(table::kEnterprises, kColumns,
                              {fields.ids[idx], fields.units[idx], fields.names[idx],
                               fields.owners[idx], fields.workers[idx], fields.employees[idx],
                               fields.technical_staff[idx], date, fields.import, entry.seq}));
  }
  return {};
}

Result<void> ProjectElect(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(ElectFields fields, ReadElect(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  return sql.Exec(
      "INSERT INTO {p}control_organs (body, enterprise, elected_on, electorate, present, members, "
      "seq) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (body) DO UPDATE SET elected_on = $3, "
      "electorate = $4, present = $5, members = $6, seq = $7",
      {entry.body, BodyUnitOf(entry.body), date, fields.electorate, fields.present,
       Joined(fields.elected), entry.seq});
}

Result<void> ProjectRequest(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RequestFields fields, ReadRequest(act));
  return sql.Insert(table::kRequests,
                    {"act", "body", "enterprise", "requested_on", "items", "due", "stage",
                     "answered_on", "answer"},
                    {entry.seq, entry.body, fields.enterprise,
                     entry.payload.at(field::kDate).text(), Joined(fields.items),
                     fields.due.ToString(), std::string("open"), std::string(), std::int64_t{0}});
}

Result<void> ProjectSubmit(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(SubmitFields fields, ReadSubmit(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_CHECK_OK(sql.Exec(
      "UPDATE {p}control_requests SET stage = 'submitted', answered_on = $2, answer = $3 WHERE "
      "act = $1",
      {fields.request, date, entry.seq}));
  for (const std::string& hash : fields.documents) {
    SOVET_CHECK_OK(sql.Insert(table::kDocuments, {"request", "sha256", "submitted_on", "seq"},
                              {fields.request, hash, date, entry.seq}));
  }
  return {};
}

Result<void> ProjectRefuse(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RefuseFields fields, ReadRefuse(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_CHECK_OK(sql.Exec(
      "UPDATE {p}control_requests SET stage = 'refused', answered_on = $2, answer = $3 WHERE "
      "act = $1",
      {fields.request, date, entry.seq}));
  SOVET_TRY(auto rows, sql.Query("SELECT r.enterprise, e.owner FROM {p}control_requests r JOIN "
                                 "{p}control_enterprises e ON e.id = r.enterprise WHERE r.act = $1",
                                 {fields.request}));
  if (rows.size() != 1 || !std::holds_alternative<std::string>(rows[0][0]) ||
      !std::holds_alternative<std::string>(rows[0][1])) {
    return Error(Status::IntegrityViolation(
        fmt::format("control.refuse: request {} is missing from control_requests", fields.request)));
  }
  return sql.Insert(table::kViolations,
                    {"act", "request", "body", "enterprise", "owner", "refused_on", "reason"},
                    {entry.seq, fields.request, entry.body, std::get<std::string>(rows[0][0]),
                     std::get<std::string>(rows[0][1]), date, fields.reason});
}

Result<void> ProjectDecide(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(DecideFields fields, ReadDecide(act));
  return sql.Insert(table::kDecisions,
                    {"act", "body", "enterprise", "title", "text_sha256", "decided_on",
                     "published_on", "appeal_until", "status", "appeal", "ruling", "ruled_by",
                     "ruled_on"},
                    {entry.seq, entry.body, fields.enterprise, fields.title, fields.text_sha256,
                     entry.payload.at(field::kDate).text(), fields.published.ToString(),
                     fields.appeal_until.ToString(), std::string("in_force"),
                     std::int64_t{0}, std::int64_t{0}, std::string(), std::string()});
}

Result<void> ProjectAppeal(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(AppealFields fields, ReadAppeal(act));
  SOVET_CHECK_OK(sql.Exec("UPDATE {p}control_decisions SET appeal = $2 WHERE act = $1",
                          {fields.decision, entry.seq}));
  return sql.Insert(table::kAppeals,
                    {"act", "decision", "body", "lodged_on", "grounds_sha256", "suspends",
                     "stage", "ruling"},
                    {entry.seq, fields.decision, entry.body,
                     entry.payload.at(field::kDate).text(), fields.grounds, std::int64_t{0},
                     std::string("pending"), std::int64_t{0}});
}

Result<void> ProjectRule(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RuleFields fields, ReadRule(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  SOVET_CHECK_OK(sql.Exec(
      "UPDATE {p}control_appeals SET stage = $2, ruling = $3 WHERE act = (SELECT appeal FROM "
      "{p}control_decisions WHERE act = $1)",
      {fields.decision, fields.result, entry.seq}));
  return sql.Exec(
      "UPDATE {p}control_decisions SET status = $2, appeal = 0, ruling = $3, ruled_by = $4, "
      "ruled_on = $5 WHERE act = $1",
      {fields.decision, fields.result, entry.seq, entry.body, date});
}

}  // namespace

Result<void> CheckControlAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date) {
  if (!charter.control.defined) {
    return Error(Refused(act,
                         fmt::format("charter \"{}\" has no workers' control (no [control] "
                                     "section; doc/charter_format.md)",
                                     charter.id),
                         "kind"));
  }
  if (act.kind == kinds::kEnterpriseRegisterKind) return CheckRegister(state, act);
  if (act.kind == kinds::kElectKind) return CheckElect(state, charter, act);
  if (act.kind == kinds::kRequestKind) return CheckRequest(state, charter, act, date);
  if (act.kind == kinds::kSubmitKind) return CheckSubmit(state, act);
  if (act.kind == kinds::kRefuseKind) return CheckRefuse(state, act);
  if (act.kind == kinds::kDecideKind) return CheckDecide(state, charter, act, date);
  if (act.kind == kinds::kAppealKind) return CheckAppeal(state, charter, act, date);
  if (act.kind == kinds::kRuleKind) return CheckRule(state, charter, act);
  return Error(Status::InvalidInput(
      fmt::format("{}: not an act kind of this sovet (enterprise.register, control.elect, "
                  "control.request, control.submit, control.refuse, control.decide, "
                  "control.appeal, control.rule)",
                  act.kind),
      SourceLocation{.field = "kind"}));
}

void ApplyControlAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  (void)charter;
  ControlLedger& ledger = state.ledger.control;
  const std::int64_t seq = SeqOf(ledger);
  if (act.kind == kinds::kEnterpriseRegisterKind) {
    RegisterFields fields = *ReadRegister(act);
    for (std::size_t idx = 0; idx < fields.ids.size(); ++idx) {
      Enterprise enterprise{.id = fields.ids[idx],
                            .unit = std::move(fields.units[idx]),
                            .name = std::move(fields.names[idx]),
                            .owner = std::move(fields.owners[idx]),
                            .workers = fields.workers[idx],
                            .employees = fields.employees[idx],
                            .technical_staff = fields.technical_staff[idx],
                            .registered = date};
      ledger.enterprises.emplace(std::move(fields.ids[idx]), std::move(enterprise));
    }
    if (!fields.import.empty()) {
      ledger.imports[fields.import] = fields.row + static_cast<std::int64_t>(fields.ids.size());
    }
    return;
  }
  if (act.kind == kinds::kElectKind) {
    ElectFields fields = *ReadElect(act);
    ledger.organs[act.body] = ControlOrganSeat{.elected = date,
                                               .members = std::move(fields.elected),
                                               .electorate = fields.electorate,
                                               .present = fields.present};
    return;
  }
  if (act.kind == kinds::kRequestKind) {
    RequestFields fields = *ReadRequest(act);
    ledger.requests[seq] = ControlRequest{.body = act.body,
                                          .enterprise = std::move(fields.enterprise),
                                          .on = date,
                                          .due = fields.due,
                                          .stage = RequestStage::kOpen};
    return;
  }
  if (act.kind == kinds::kSubmitKind) {
    ledger.requests.at(ReadSubmit(act)->request).stage = RequestStage::kSubmitted;
    return;
  }
  if (act.kind == kinds::kRefuseKind) {
    ledger.requests.at(ReadRefuse(act)->request).stage = RequestStage::kRefused;
    ++ledger.violations;
    return;
  }
  if (act.kind == kinds::kDecideKind) {
    DecideFields fields = *ReadDecide(act);
    ledger.decisions[seq] = ControlDecision{.body = act.body,
                                            .enterprise = std::move(fields.enterprise),
                                            .decided = date,
                                            .published = fields.published};
    return;
  }
  if (act.kind == kinds::kAppealKind) {
    const std::int64_t decision = ReadAppeal(act)->decision;
    ledger.decisions.at(decision).appeal = seq;
    ledger.appeals[seq] = decision;
    return;
  }
  if (act.kind == kinds::kRuleKind) {
    const RuleFields fields = *ReadRule(act);
    ControlDecision& decision = ledger.decisions.at(fields.decision);
    if (decision.appeal != 0) ledger.appeals.erase(decision.appeal);
    decision.appeal = 0;
    decision.status = fields.result == "cancelled" ? ControlDecisionStatus::kCancelled
                                                   : ControlDecisionStatus::kUpheld;
    decision.ruled_by = act.body;
  }
}

void AddControlProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = table::kEnterprises,
      .columns = "id TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, name TEXT NOT NULL, "
                 "owner TEXT NOT NULL, workers BIGINT NOT NULL, employees BIGINT NOT NULL, "
                 "technical_staff BIGINT NOT NULL, registered TEXT NOT NULL, "
                 "import TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "id"});
  projector.AddTable(StateTable{
      .name = table::kOrgans,
      .columns = "body TEXT NOT NULL PRIMARY KEY, enterprise TEXT NOT NULL, "
                 "elected_on TEXT NOT NULL, electorate BIGINT NOT NULL, present BIGINT NOT NULL, "
                 "members TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "body"});
  projector.AddTable(StateTable{
      .name = table::kRequests,
      .columns = "act BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, enterprise TEXT NOT NULL, "
                 "requested_on TEXT NOT NULL, items TEXT NOT NULL, due TEXT NOT NULL, "
                 "stage TEXT NOT NULL, answered_on TEXT NOT NULL, answer BIGINT NOT NULL",
      .order_by = "act"});
  projector.AddTable(StateTable{
      .name = table::kDocuments,
      .columns = "request BIGINT NOT NULL, sha256 TEXT NOT NULL, submitted_on TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, PRIMARY KEY (request, sha256)",
      .order_by = "request, sha256"});
  projector.AddTable(StateTable{
      .name = table::kViolations,
      .columns = "act BIGINT NOT NULL PRIMARY KEY, request BIGINT NOT NULL, body TEXT NOT NULL, "
                 "enterprise TEXT NOT NULL, owner TEXT NOT NULL, refused_on TEXT NOT NULL, "
                 "reason TEXT NOT NULL",
      .order_by = "act"});
  projector.AddTable(StateTable{
      .name = table::kDecisions,
      .columns = "act BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, enterprise TEXT NOT NULL, "
                 "title TEXT NOT NULL, text_sha256 TEXT NOT NULL, decided_on TEXT NOT NULL, "
                 "published_on TEXT NOT NULL, appeal_until TEXT NOT NULL, status TEXT NOT NULL, "
                 "appeal BIGINT NOT NULL, ruling BIGINT NOT NULL, ruled_by TEXT NOT NULL, "
                 "ruled_on TEXT NOT NULL",
      .order_by = "act"});
  projector.AddTable(StateTable{
      .name = table::kAppeals,
      .columns = "act BIGINT NOT NULL PRIMARY KEY, decision BIGINT NOT NULL, body TEXT NOT NULL, "
                 "lodged_on TEXT NOT NULL, grounds_sha256 TEXT NOT NULL, "
                 "suspends BIGINT NOT NULL, stage TEXT NOT NULL, ruling BIGINT NOT NULL",
      .order_by = "act"});
  projector.AddKind(kinds::kEnterpriseRegisterKind, &CheckShape, &ProjectRegister);
  projector.AddKind(kinds::kElectKind, &CheckShape, &ProjectElect);
  projector.AddKind(kinds::kRequestKind, &CheckShape, &ProjectRequest);
  projector.AddKind(kinds::kSubmitKind, &CheckShape, &ProjectSubmit);
  projector.AddKind(kinds::kRefuseKind, &CheckShape, &ProjectRefuse);
  projector.AddKind(kinds::kDecideKind, &CheckShape, &ProjectDecide);
  projector.AddKind(kinds::kAppealKind, &CheckShape, &ProjectAppeal);
  projector.AddKind(kinds::kRuleKind, &CheckShape, &ProjectRule);
}

}  // namespace engine
}  // namespace sovet
