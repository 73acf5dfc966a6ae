// `sovet control`: workers' control of an enterprise (002:426–428;
// sovet/control.h, doc/workers_control.md) — the organ's election by the
// whole workforce, requests for books and correspondence, the owner's
// submission (documents kept as SHA-256 hashes, never their contents) or
// refusal (a violation on the record), decisions binding on the owner, the
// owner's appeal to a higher organ within control.appeal_days of
// publication, and that organ's ruling. Every act goes through the engine's
// rules; a refusal names the rule and writes nothing (exit 2).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/io.h"
#include "base/sha256.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/control.h"
#include "sovet/council.h"
#include "sovet/engine.h"

namespace sovet::cli {
namespace {

namespace field = schema::control::field;
using json = nlohmann::ordered_json;

Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  SOVET_TRY(EngineStore store,
            OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                            "workers' control follows the charter's [control] rules"));
  if (writable) store.engine->AttachJournal(store.journal.get());
  return store;
}

Value TextList(const std::vector<std::string>& items) {
  ValueList out;
  for (const std::string& item : items) out.push_back(Value::Text(item));
  return Value::List(std::move(out));
}

Act NewAct(const char* kind, const std::string& body, const Date& date) {
  Act act{.kind = kind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  return act;
}

// Executes one act through the engine (checked, appended, applied) and
// prints what was written.
Result<void> Execute(EngineStore& store, const Act& act, const std::string& format,
                     const std::string& summary, json extra = json::object()) {
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  const Appended& appended = store.engine->last_appended();
  if (format == "json") {
    json out;
    out["kind"] = act.kind;
    out["body"] = act.body;
    out["date"] = act.fields.at(field::kDate).text();
    for (auto& [key, value] : extra.items()) out[key] = value;
    out["seq"] = appended.seq;
    out["hash"] = HexEncode(appended.hash);
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
  } else {
    fmt::print("{}\n  entry {} {}\n", summary, appended.seq, HexEncode(appended.hash));
  }
  return {};
}

std::string EnterpriseOrgan(const Charter& charter, const std::string& enterprise) {
  return charter.control.enterprise.kind + ":" + enterprise;
}

Result<std::string> FileHash(const std::string& path, const char* flag) {
  auto bytes = ReadFile(path);
  if (!bytes) {
    return Error(Status(bytes.error().code(), bytes.error().message(),
                        SourceLocation{.file = path, .field = flag}));
  }
  return Sha256Hex(*bytes);
}

// ---- elect -------------------------------------------------------------------

struct ElectFlags : ActFlags {
  std::string enterprise;
  std::int64_t present = 0;
  std::vector<std::string> candidates;
  std::vector<std::int64_t> hands;
};

Result<void> RunElect(const ElectFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const Charter& charter = *store.charter;
  const ControlLedger& ledger = store.engine->state().ledger.control;
  auto found = ledger.enterprises.find(flags.enterprise);
  if (found == ledger.enterprises.end()) {
    return Error(Status::InvalidInput(
        fmt::format("enterprise \"{}\" is not registered (sovet enterprise import)",
                    flags.enterprise),
        SourceLocation{.field = "--enterprise"}));
  }
  if (flags.hands.size() != flags.candidates.size()) {
    return Error(Status::InvalidInput(
        fmt::format("{} candidates and {} counts of hands: give one --hands per --candidate, "
                    "in order",
                    flags.candidates.size(), flags.hands.size()),
        SourceLocation{.field = "--hands"}));
  }
  // The count: a majority of those present (SYSTEM.md §4), candidate order.
  std::vector<std::string> elected;
  for (std::size_t idx = 0; idx < flags.candidates.size(); ++idx) {
    if (2 * flags.hands[idx] > flags.present) elected.push_back(flags.candidates[idx]);
  }
  Act act = NewAct(schema::control::kElectKind, EnterpriseOrgan(charter, flags.enterprise), date);
  act.fields[field::kElectorate] = Value::Integer(ControlElectorate(charter.control, found->second));
  act.fields[field::kPresent] = Value::Integer(flags.present);
  act.fields[field::kCandidates] = TextList(flags.candidates);
  ValueList hands;
  for (std::int64_t count : flags.hands) hands.push_back(Value::Integer(count));
  act.fields[field::kHands] = Value::List(std::move(hands));
  act.fields[field::kElected] = TextList(elected);
  json extra;
  extra["enterprise"] = flags.enterprise;
  extra["elected"] = elected;
  return Execute(store, act, flags.format,
                 fmt::format("{} {} elected on {}: {}", charter.control.enterprise.label,
                             act.body, date.ToString(), fmt::join(elected, ", ")),
                 extra);
}

// ---- request, submit, refuse ---------------------------------------------------

struct RequestFlags : ActFlags {
  std::string by;
  std::string enterprise;
  std::vector<std::string> items;
  std::string due;
};

Result<void> RunRequest(const RequestFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(Date due, flags.due.empty() ? Result<Date>(date) : DateFlag(flags.due, "--due"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const std::string body =
      flags.by.empty() ? EnterpriseOrgan(*store.charter, flags.enterprise) : flags.by;
  Act act = NewAct(schema::control::kRequestKind, body, date);
  act.fields[field::kEnterprise] = Value::Text(flags.enterprise);
  act.fields[field::kItems] = TextList(flags.items);
  act.fields[field::kDue] = Value::Text(due.ToString());
  json extra;
  extra["enterprise"] = flags.enterprise;
  extra["items"] = flags.items;
  extra["due"] = due.ToString();
  return Execute(store, act, flags.format,
                 fmt::format("{} requests of enterprise {}: {} (due {})", body, flags.enterprise,
                             fmt::join(flags.items, ", "), due.ToString()),
                 extra);
}

struct AnswerFlags : ActFlags {
  std::int64_t request = 0;
  std::vector<std::string> documents;  // files
  std::vector<std::string> hashes;     // SHA-256 hex given directly
  std::string reason;
};

Result<std::string> RequestBody(const EngineStore& store, std::int64_t request) {
  const ControlLedger& ledger = store.engine->state().ledger.control;
  auto found = ledger.requests.find(request);
  if (found == ledger.requests.end()) {
    return Error(Status::InvalidInput(
        fmt::format("act {} is not a control.request (sovet control show)", request),
        SourceLocation{.field = "--request"}));
  }
  return found->second.body;
}

Result<void> RunSubmit(const AnswerFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  std::vector<std::string> hashes = flags.hashes;
  for (const std::string& file : flags.documents) {
    SOVET_TRY(std::string hash, FileHash(file, "--document"));
    hashes.push_back(hash);
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::string body, RequestBody(store, flags.request));
  Act act = NewAct(schema::control::kSubmitKind, body, date);
  act.fields[field::kAct] = Value::Integer(flags.request);
  act.fields[field::kDocuments] = TextList(hashes);
  json extra;
  extra["request"] = flags.request;
  extra["documents"] = hashes;
  return Execute(store, act, flags.format,
                 fmt::format("the owner submitted {} documents to {} (request {}); kept as "
                             "SHA-256 hashes",
                             hashes.size(), body, flags.request),
                 extra);
}

Result<void> RunRefuse(const AnswerFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::string body, RequestBody(store, flags.request));
  Act act = NewAct(schema::control::kRefuseKind, body, date);
  act.fields[field::kAct] = Value::Integer(flags.request);
  act.fields[field::kReason] = Value::Text(flags.reason);
  json extra;
  extra["request"] = flags.request;
  extra["violation"] = true;
  return Execute(store, act, flags.format,
                 fmt::format("the owner refused request {} of {}: a violation on the record "
                             "(002:426 Art. 7: owners are obliged to submit)",
                             flags.request, body),
                 extra);
}

// ---- decide, appeal, rule --------------------------------------------------------

struct DecideFlags : ActFlags {
  std::string by;
  std::string enterprise;
  std::string title;
  std::string text;  // a file; its SHA-256 is recorded
  std::string text_sha256;
  std::string published_on;
};

Result<void> RunDecide(const DecideFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(Date published, flags.published_on.empty()
                                ? Result<Date>(date)
                                : DateFlag(flags.published_on, "--published-on"));
  std::string hash = flags.text_sha256;
  if (!flags.text.empty()) {
    SOVET_TRY(hash, FileHash(flags.text, "--text"));
  }
  if (hash.empty()) {
    return Error(Status::InvalidInput("give the decision's text: --text FILE or --text-sha256 HEX",
                                      SourceLocation{.field = "--text"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const Charter& charter = *store.charter;
  const std::string body = flags.by.empty() ? EnterpriseOrgan(charter, flags.enterprise) : flags.by;
  const Date until = AppealDeadline(charter.control, published);
  Act act = NewAct(schema::control::kDecideKind, body, date);
  act.fields[field::kEnterprise] = Value::Text(flags.enterprise);
  act.fields[field::kTitle] = Value::Text(flags.title);
  act.fields[field::kTextSha256] = Value::Text(hash);
  act.fields[field::kPublishedOn] = Value::Text(published.ToString());
  act.fields[field::kAppealUntil] = Value::Text(until.ToString());
  json extra;
  extra["enterprise"] = flags.enterprise;
  extra["title"] = flags.title;
  extra["text_sha256"] = hash;
  extra["published_on"] = published.ToString();
  extra["appeal_until"] = until.ToString();
  return Execute(store, act, flags.format,
                 fmt::format("{} decided for enterprise {}: \"{}\", binding on the owner; "
                             "published {}, appeal until {}",
                             body, flags.enterprise, flags.title, published.ToString(),
                             until.ToString()),
                 extra);
}

struct AppealFlags : ActFlags {
  std::int64_t decision = 0;
  std::string to;
  std::string grounds;  // a file; its SHA-256 is recorded
  std::string result;
};

Result<void> RunAppeal(const AppealFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  std::string grounds;
  if (!flags.grounds.empty()) {
    SOVET_TRY(grounds, FileHash(flags.grounds, "--grounds"));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  Act act = NewAct(schema::control::kAppealKind, flags.to, date);
  act.fields[field::kAct] = Value::Integer(flags.decision);
  if (!grounds.empty()) act.fields[field::kGrounds] = Value::Text(grounds);
  json extra;
  extra["decision"] = flags.decision;
  extra["suspends"] = store.charter->control.appeal_suspends;
  return Execute(store, act, flags.format,
                 fmt::format("the owner appealed decision {} to {}; the decision stays binding "
                             "until that organ rules (002:426 Art. 8)",
                             flags.decision, flags.to),
                 extra);
}

Result<void> RunRule(const AppealFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  Act act = NewAct(schema::control::kRuleKind, flags.to, date);
  act.fields[field::kAct] = Value::Integer(flags.decision);
  act.fields[field::kResult] = Value::Text(flags.result);
  json extra;
  extra["decision"] = flags.decision;
  extra["result"] = flags.result;
  return Execute(store, act, flags.format,
                 fmt::format("{} ruled on decision {}: {}", flags.to, flags.decision,
                             flags.result),
                 extra);
}

// ---- show --------------------------------------------------------------------

struct ShowFlags : ActFlags {
  std::string enterprise;
};

Result<void> RunShow(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const ControlLedger& ledger = store.engine->state().ledger.control;
  auto wanted = [&](const std::string& enterprise) {
    return flags.enterprise.empty() || enterprise == flags.enterprise;
  };
  json requests = json::array(), decisions = json::array(), appeals = json::array();
  std::string text;
  for (const auto& [seq, request] : ledger.requests) {
    if (!wanted(request.enterprise)) continue;
    json r;
    r["act"] = seq;
    r["body"] = request.body;
    r["enterprise"] = request.enterprise;
    r["requested_on"] = request.on.ToString();
    r["due"] = request.due.ToString();
    r["stage"] = RequestStageName(request.stage);
    r["violation"] = request.stage == RequestStage::kRefused;
    text += fmt::format("request {} by {} of {} on {}, due {}: {}{}\n", seq, request.body,
                        request.enterprise, request.on.ToString(), request.due.ToString(),
                        RequestStageName(request.stage),
                        request.stage == RequestStage::kRefused ? " (violation)" : "");
    requests.push_back(std::move(r));
  }
  for (const auto& [seq, decision] : ledger.decisions) {
    if (!wanted(decision.enterprise)) continue;
    const Date until = AppealDeadline(store.charter->control, decision.published);
    json d;
    d["act"] = seq;
    d["body"] = decision.body;
    d["enterprise"] = decision.enterprise;
    d["decided_on"] = decision.decided.ToString();
    d["published_on"] = decision.published.ToString();
    d["appeal_until"] = until.ToString();
    d["status"] = ControlDecisionStatusName(decision.status);
    d["binding"] = decision.status != ControlDecisionStatus::kCancelled;
    d["appeal"] = decision.appeal == 0 ? json(nullptr) : json(decision.appeal);
    text += fmt::format("decision {} by {} for {}, published {} (appeal until {}): {}{}\n", seq,
                        decision.body, decision.enterprise, decision.published.ToString(),
                        until.ToString(), ControlDecisionStatusName(decision.status),
                        decision.appeal == 0 ? ""
                                             : fmt::format(", appeal {} pending", decision.appeal));
    decisions.push_back(std::move(d));
  }
  for (const auto& [seq, decision] : ledger.appeals) {
    if (!wanted(ledger.decisions.at(decision).enterprise)) continue;
    json a;
    a["act"] = seq;
    a["decision"] = decision;
    appeals.push_back(std::move(a));
  }
  if (flags.format == "json") {
    json out;
    out["requests"] = std::move(requests);
    out["violations"] = ledger.violations;
    out["decisions"] = std::move(decisions);
    out["pending_appeals"] = std::move(appeals);
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
    return {};
  }
  fmt::print("{}", text.empty() ? std::string("no requests or decisions of control\n") : text);
  return {};
}

void SetupControl(CLI::App& app, Action& action) {
  CLI::App* control = app.add_subcommand(
      "control",
      "workers' control (002:426-428): elect, request, submit, refuse, decide, appeal, rule, "
      "show");
  control->require_subcommand(1);

  CLI::App* elect = control->add_subcommand(
      "elect", "record the open vote by which an enterprise's whole workforce elects its organ");
  auto elect_flags = BindFlags<ElectFlags>(elect, action, &RunElect);
  AddActOptions(elect, *elect_flags, true);
  elect->add_option("--enterprise", elect_flags->enterprise, "the enterprise")->required();
  elect->add_option("--present", elect_flags->present, "those present at the meeting")
      ->required();
  elect->add_option("--candidate", elect_flags->candidates, "a candidate (repeatable, in order)")
      ->required();
  elect->add_option("--hands", elect_flags->hands, "hands for each --candidate, in order")
      ->required();

  CLI::App* request = control->add_subcommand(
      "request", "an organ of control requests books, accounts or correspondence");
  auto request_flags = BindFlags<RequestFlags>(request, action, &RunRequest);
  AddActOptions(request, *request_flags, true);
  request->add_option("--enterprise", request_flags->enterprise, "the enterprise")->required();
  request->add_option("--by", request_flags->by, "the organ (default: the enterprise's)");
  request->add_option("--item", request_flags->items,
                      "a kind of document (repeatable; charter control.information)")
      ->required();
  request->add_option("--due", request_flags->due, "submit by this day (default: --date)");

  CLI::App* submit = control->add_subcommand(
      "submit", "the owner submits documents to a request (their SHA-256 hashes are recorded)");
  auto submit_flags = BindFlags<AnswerFlags>(submit, action, &RunSubmit);
  AddActOptions(submit, *submit_flags, true);
  submit->add_option("--request", submit_flags->request, "the request's entry (seq)")->required();
  submit->add_option("--document", submit_flags->documents, "a document's file (repeatable)");
  submit->add_option("--sha256", submit_flags->hashes, "a document's SHA-256 (repeatable)");

  CLI::App* refuse = control->add_subcommand(
      "refuse", "the owner refuses a request: a violation on the record (002:426 Art. 7)");
  auto refuse_flags = BindFlags<AnswerFlags>(refuse, action, &RunRefuse);
  AddActOptions(refuse, *refuse_flags, true);
  refuse->add_option("--request", refuse_flags->request, "the request's entry (seq)")->required();
  refuse->add_option("--reason", refuse_flags->reason, "the owner's stated reason")->required();

  CLI::App* decide = control->add_subcommand(
      "decide", "an organ of control decides, binding on the owner (002:426 Art. 8)");
  auto decide_flags = BindFlags<DecideFlags>(decide, action, &RunDecide);
  AddActOptions(decide, *decide_flags, true);
  decide->add_option("--enterprise", decide_flags->enterprise, "the enterprise")->required();
  decide->add_option("--by", decide_flags->by, "the organ (default: the enterprise's)");
  decide->add_option("--title", decide_flags->title, "the decision's title")->required();
  decide->add_option("--text", decide_flags->text, "the decision's text (its SHA-256 is kept)");
  decide->add_option("--text-sha256", decide_flags->text_sha256, "the text's SHA-256 instead");
  decide->add_option("--published-on", decide_flags->published_on,
                     "the day it is published (default: --date); the appeal runs from it");

  CLI::App* appeal = control->add_subcommand(
      "appeal", "the owner appeals a decision to a higher organ (control.appeal_days; 002:428)");
  auto appeal_flags = BindFlags<AppealFlags>(appeal, action, &RunAppeal);
  AddActOptions(appeal, *appeal_flags, true);
  appeal->add_option("--decision", appeal_flags->decision, "the decision's entry (seq)")
      ->required();
  appeal->add_option("--to", appeal_flags->to, "the higher organ")->required();
  appeal->add_option("--grounds", appeal_flags->grounds, "the grounds (a file; its SHA-256)");

  CLI::App* rule = control->add_subcommand(
      "rule", "a higher organ upholds or cancels a decision (002:426 Art. 8)");
  auto rule_flags = BindFlags<AppealFlags>(rule, action, &RunRule);
  AddActOptions(rule, *rule_flags, true);
  rule->add_option("--decision", rule_flags->decision, "the decision's entry (seq)")->required();
  rule->add_option("--by", rule_flags->to, "the ruling organ")->required();
  rule->add_option("--result", rule_flags->result, "upheld or cancelled")
      ->required()
      ->check(CLI::IsMember({"upheld", "cancelled"}));

  CLI::App* show = control->add_subcommand(
      "show", "requests (and violations), decisions and their status, pending appeals");
  auto show_flags = BindFlags<ShowFlags>(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--enterprise", show_flags->enterprise, "one enterprise");
}

CommandRegistrar registrar(48, &SetupControl);

}  // namespace
}  // namespace sovet::cli
