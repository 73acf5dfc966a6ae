// `sovet act`: a higher organ's oversight of a lower body's decision
// (001:144, 001:146; doc/oversight.md) — annul, suspend, lift a suspension,
// approve an essential decision — and `act show`, the decisions with their
// status and its history. Every act goes through the engine's rules (the
// charter's [[oversight]]); a refusal names the rule and writes nothing
// (exit 2).
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/council.h"
#include "sovet/date.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"
#include "sovet/oversight.h"

namespace sovet::cli {
namespace {

namespace field = schema::oversight::field;

Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  return OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                         "oversight follows the charter's [[oversight]] rules");
}

nlohmann::ordered_json DecisionJson(const Decision& decision, const OversightLedger& oversight) {
  nlohmann::ordered_json out;
  out["act"] = decision.act;
  out["body"] = decision.body;
  out["motion_kind"] = decision.motion_kind;
  out["number"] = decision.number;
  out["adopted_on"] = decision.adopted_on.ToString();
  out["title"] = decision.title;
  out["text_sha256"] = decision.text_sha256;
  out["status"] = DecisionStatusName(decision.status);
  if (auto by = oversight.suspended.find(decision.act); by != oversight.suspended.end()) {
    out["suspended_by"] = by->second.by;
    if (!by->second.appeal.empty()) out["suspended_by_appeal"] = by->second.appeal;
  }
  if (auto pending = oversight.pending.find(decision.act); pending != oversight.pending.end()) {
    out["pending_appeal"] = pending->second;
  }
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const DecisionChange& change : decision.history) {
    nlohmann::ordered_json row;
    if (change.act != 0) row["act"] = change.act;
    row["on"] = change.on.ToString();
    row["status"] = DecisionStatusName(change.status);
    row["by"] = change.by;
    history.push_back(std::move(row));
  }
  out["history"] = std::move(history);
  return out;
}

std::string DecisionText(const Decision& decision) {
  std::string text = fmt::format("decision {}  {} no. {}  {}  adopted {}  {}{}\n", decision.act,
                                 decision.body, decision.number, decision.motion_kind,
                                 decision.adopted_on.ToString(), DecisionStatusName(decision.status),
                                 decision.title.empty() ? "" : "  " + decision.title);
  for (const DecisionChange& change : decision.history) {
    text += fmt::format("  {}  {}  by {}{}\n", change.on.ToString(),
                        DecisionStatusName(change.status), change.by,
                        change.act != 0 ? fmt::format(" (entry {})", change.act) : "");
  }
  return text;
}

// The decision named by --act N, or by --of BODY --number N (the body's
// running number).
Result<std::int64_t> DecisionAct(const EngineState& state, std::int64_t act,
                                 const std::string& of, std::int64_t number) {
  if (act != 0) {
    if (!of.empty() || number != 0) {
      return Error(Status::InvalidInput("give --act N, or --of BODY --number N, not both",
                                        SourceLocation{.field = "--act"}));
    }
    return act;
  }
  if (of.empty() || number == 0) {
    return Error(Status::InvalidInput(
        "name the decision: --act N (its entry number) or --of BODY --number N",
        SourceLocation{.field = "--act"}));
  }
  for (const auto& [seq, decision] : state.ledger.decisions.decisions) {
    if (decision.body == of && decision.number == number) return seq;
  }
  return Error(Status::InvalidInput(
      fmt::format("{} has adopted no decision no. {} (sovet act show --body {})", of, number, of),
      SourceLocation{.field = "--number"}));
}

void Print(const ActFlags& flags, nlohmann::ordered_json out, const std::string& text) {
  if (flags.format == "json") {
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", text);
  }
}

// ---- annul, suspend, lift, approve -----------------------------------------------

struct OrganFlags : ActFlags {
  std::string by;
  std::int64_t act = 0;
  std::string of;
  std::int64_t number = 0;
  std::string grounds;
};

Result<void> RunOrgan(const OrganFlags& flags, const char* kind, const char* verb) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::int64_t decision_act,
            DecisionAct(store.engine->state(), flags.act, flags.of, flags.number));
  Act act{.kind = kind, .body = flags.by, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kAct] = Value::Integer(decision_act);
  if (!flags.grounds.empty()) act.fields[field::kGrounds] = Value::Text(flags.grounds);
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(Appended appended, store.journal->Append(act));
  const EngineState& state = store.engine->state();
  const Decision& decision = state.ledger.decisions.decisions.at(decision_act);
  nlohmann::ordered_json out;
  out["kind"] = kind;
  out["by"] = flags.by;
  out["date"] = flags.date;
  out["seq"] = appended.seq;
  out["hash"] = HexEncode(appended.hash);
  out["decision"] = DecisionJson(decision, state.ledger.oversight);
  Print(flags, std::move(out),
        fmt::format("{}: {} {} decision {} of {} on {}; it is now {} (entry {})\n", kind, flags.by,
                    verb, decision_act, decision.body, flags.date,
                    DecisionStatusName(decision.status), appended.seq));
  return {};
}

// ---- show --------------------------------------------------------------------------

struct ShowFlags : ActFlags {
  std::int64_t act = 0;
  std::string body;
  std::string status;
};

Result<void> RunShow(const ShowFlags& flags) {
  std::optional<DecisionStatus> status;
  if (!flags.status.empty()) {
    status = ParseDecisionStatus(flags.status);
    if (!status) {
      return Error(Status::InvalidInput(
          fmt::format("unknown status \"{}\": expected in_force, awaiting_approval, suspended or "
                      "annulled",
                      flags.status),
          SourceLocation{.field = "--status"}));
    }
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const EngineState& state = store.engine->state();
  const auto& decisions = state.ledger.decisions.decisions;
  if (flags.act != 0 && decisions.count(flags.act) == 0) {
    return Error(Status::NotFound(
        fmt::format("entry {} is no adopted decision (sovet motion close adopts one)", flags.act),
        SourceLocation{.field = "--act"}));
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [seq, decision] : decisions) {
    if (flags.act != 0 && seq != flags.act) continue;
    if (!flags.body.empty() && decision.body != flags.body) continue;
    if (status && decision.status != *status) continue;
    list.push_back(DecisionJson(decision, state.ledger.oversight));
    text += DecisionText(decision);
  }
  nlohmann::ordered_json out;
  out["decisions"] = std::move(list);
  Print(flags, std::move(out), text.empty() ? std::string("no decisions\n") : text);
  return {};
}

// ---- the command ---------------------------------------------------------------------

void AddOrgan(CLI::App* act, Action& action, const char* name, const char* kind, const char* verb,
              const char* help) {
  CLI::App* sub = act->add_subcommand(name, help);
  auto flags = std::make_shared<OrganFlags>();
  AddActOptions(sub, *flags, true);
  sub->add_option("--by", flags->by, "the organ acting (KIND:UNIT), e.g. executive:rsfsr")
      ->required();
  sub->add_option("--act", flags->act,
                  "the decision: the entry number of the motion.close that adopted it");
  sub->add_option("--of", flags->of, "with --number: the body whose decision it is");
  sub->add_option("--number", flags->number, "with --of: the body's decision no. N");
  sub->add_option("--grounds", flags->grounds, "the grounds, as text (optional)");
  sub->callback([&action, flags, kind, verb] {
    action = [flags, kind, verb] { return RunOrgan(*flags, kind, verb); };
  });
}

void SetupAct(CLI::App& app, Action& action) {
  CLI::App* act = app.add_subcommand(
      "act", "a higher organ over a lower body's decision (001:144): annul, suspend, lift, "
             "approve, show");
  act->require_subcommand(1);
  AddOrgan(act, action, "annul", schema::oversight::kAnnulKind, "annulled",
           "annul a decision of a body in the organ's subtree (final)");
  AddOrgan(act, action, "suspend", schema::oversight::kSuspendKind, "suspended",
           "suspend a decision in force until lifted or annulled");
  AddOrgan(act, action, "lift", schema::oversight::kLiftKind, "lifted the suspension of",
           "lift the suspension of a decision: it is in force again");
  AddOrgan(act, action, "approve", schema::oversight::kApproveKind, "approved",
           "approve an essential decision awaiting approval: it comes into force");

  CLI::App* show = act->add_subcommand("show", "the decisions, their status and its history");
  auto show_flags = BindFlags<ShowFlags>(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--act", show_flags->act, "one decision (its entry number)");
  show->add_option("--body", show_flags->body, "the decisions of this body");
  show->add_option("--status", show_flags->status,
                   "only decisions of this status (in_force, awaiting_approval, suspended, "
                   "annulled)");
}

CommandRegistrar registrar(48, &SetupAct);

}  // namespace
}  // namespace sovet::cli
