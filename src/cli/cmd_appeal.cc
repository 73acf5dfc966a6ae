// `sovet appeal`: appeals of decisions (001:144 "the members of the
// collegium can appeal from it to the Council and to the Vee-Tsik Bureau";
// doc/oversight.md) — lodge an appeal with an organ, record the organ's
// decision (upheld, annulled, amended), show one appeal or list them. The
// rules are the charter's [[appeal]]; a refusal names the rule and writes
// nothing (exit 2).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/io.h"
#include "base/sha256.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/apportion.h"
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
                         "appeals follow the charter's [[appeal]] rules");
}

nlohmann::ordered_json AppealJson(const Appeal& appeal, const Decision* decision) {
  nlohmann::ordered_json out;
  out["appeal"] = appeal.id;
  out["act"] = appeal.act;
  if (decision != nullptr) {
    out["decision_body"] = decision->body;
    out["decision_status"] = DecisionStatusName(decision->status);
  }
  out["rule"] = appeal.rule;
  out["appellant"] = appeal.appellant;
  out["standing"] = appeal.standing;
  out["organ"] = appeal.organ;
  out["lodged"] = appeal.lodged.ToString();
  out["deadline"] = appeal.deadline.ToString();
  out["suspends"] = appeal.suspensive;
  out["stage"] = AppealStageName(appeal.stage);
  if (appeal.decided) out["decided"] = appeal.decided->ToString();
  if (!appeal.text_sha256.empty()) out["text_sha256"] = appeal.text_sha256;
  return out;
}

std::string AppealText(const Appeal& appeal) {
  return fmt::format("{}  decision {}  by {} ({})  to {}  lodged {} (deadline {}){}  {}{}\n",
                     appeal.id, appeal.act, appeal.appellant, appeal.standing, appeal.organ,
                     appeal.lodged.ToString(), appeal.deadline.ToString(),
                     appeal.suspensive ? "  suspends" : "", AppealStageName(appeal.stage),
                     appeal.decided ? " " + appeal.decided->ToString() : "");
}

void Print(const ActFlags& flags, nlohmann::ordered_json out, const std::string& text) {
  if (flags.format == "json") {
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", text);
  }
}

const Decision* FindDecision(const EngineState& state, std::int64_t act) {
  auto found = state.ledger.decisions.decisions.find(act);
  return found == state.ledger.decisions.decisions.end() ? nullptr : &found->second;
}

// Whether `inner` is `outer` or lies beneath it, by the register's tree.
bool Within(const EngineState& state, const std::string& inner, const std::string& outer) {
  if (inner == outer) return true;
  const std::int32_t at = state.roll.FindTreeUnit(inner);
  const std::int32_t above = state.roll.FindTreeUnit(outer);
  return at >= 0 && above >= 0 && state.roll.Within(at, above);
}

// ---- lodge -------------------------------------------------------------------------

struct LodgeFlags : ActFlags {
  std::string appeal;
  std::int64_t act = 0;
  std::string of;
  std::int64_t number = 0;
  std::string appellant;
  std::string to;
  std::string rule;
  std::string standing;
  std::string grounds;
};

Result<void> RunLodge(const LodgeFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  const Charter& charter = *store.charter;
  std::int64_t decision_act = flags.act;
  if (decision_act == 0) {
    if (flags.of.empty() || flags.number == 0) {
      return Error(Status::InvalidInput(
          "name the decision: --act N (its entry number) or --of BODY --number N",
          SourceLocation{.field = "--act"}));
    }
    for (const auto& [seq, adopted] : state.ledger.decisions.decisions) {
      if (adopted.body == flags.of && adopted.number == flags.number) decision_act = seq;
    }
    if (decision_act == 0) {
      return Error(Status::InvalidInput(fmt::format("{} has adopted no decision no. {}",
                                                    flags.of, flags.number),
                                        SourceLocation{.field = "--number"}));
    }
  }
  const Decision* decision = FindDecision(state, decision_act);
  // The act records the rule, the standing, the deadline and whether it
  // suspends, so the journal reads on its own; the engine recomputes and
  // checks each. The defaults here are the first that fit; a wrong or
  // missing one is refused by the engine with the rule named.
  std::string rule = flags.rule;
  std::string standing = flags.standing;
  Date deadline = date;
  bool suspends = false;
  if (decision != nullptr) {
    const AppealRule* found = nullptr;
    for (const AppealRule& candidate : charter.oversight.appeals) {
      if ((rule.empty() || candidate.id == rule) &&
          candidate.AppliesTo(BodyKindOf(decision->body), decision->motion_kind) &&
          (flags.to.empty() || candidate.GoesTo(BodyKindOf(flags.to)))) {
        found = &candidate;
        break;
      }
    }
    if (found != nullptr) {
      rule = found->id;
      deadline = decision->adopted_on.AddDays(found->days);
      suspends = found->suspensive && decision->status == DecisionStatus::kInForce;
      if (standing.empty()) {
        const std::string unit = BodyUnitOf(decision->body);
        for (const auto& [body, seats] : state.ledger.bodies) {
          if (!found->SeatIn(BodyKindOf(body)) || !Within(state, unit, BodyUnitOf(body))) continue;
          for (const auto& seat : seats.seats) {
            if (seat && seat->person == flags.appellant &&
                (!seat->term_ends || date < *seat->term_ends)) {
              standing = body;
            }
          }
          if (!standing.empty()) break;
        }
        if (standing.empty() && found->electors) standing = schema::oversight::kElectorStanding;
      }
    }
  }
  if (rule.empty()) rule = "(none)";
  if (standing.empty()) standing = "(none)";
  Act act{.kind = schema::oversight::kLodgeKind, .body = flags.to, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kAppeal] = Value::Text(flags.appeal);
  act.fields[field::kAct] = Value::Integer(decision_act);
  act.fields[field::kRule] = Value::Text(rule);
  act.fields[field::kAppellant] = Value::Text(flags.appellant);
  act.fields[field::kStanding] = Value::Text(standing);
  act.fields[field::kDeadline] = Value::Text(deadline.ToString());
  act.fields[field::kSuspends] = Value::Boolean(suspends);
  if (!flags.grounds.empty()) act.fields[field::kGrounds] = Value::Text(flags.grounds);
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(Appended appended, store.journal->Append(act));
  const EngineState& after = store.engine->state();
  const Appeal& appeal = after.ledger.oversight.appeals.at(flags.appeal);
  const Decision* decided = FindDecision(after, decision_act);
  nlohmann::ordered_json out = AppealJson(appeal, decided);
  out["kind"] = schema::oversight::kLodgeKind;
  out["seq"] = appended.seq;
  out["hash"] = HexEncode(appended.hash);
  Print(flags, std::move(out),
        fmt::format("appeal.lodge: appeal {} of decision {} of {} by {} ({}) to {} on {} "
                    "(deadline {}, [[appeal]] {}){} (entry {})\n",
                    flags.appeal, decision_act, decided->body, flags.appellant, standing, flags.to,
                    flags.date, deadline.ToString(), rule,
                    suspends ? "; the decision is suspended until the appeal is decided" : "",
                    appended.seq));
  return {};
}

// ---- decide ------------------------------------------------------------------------

struct DecideFlags : ActFlags {
  std::string appeal;
  std::string outcome;
  std::string by;
  std::string text_file;
  std::string text_sha256;
  std::string grounds;
};

Result<void> RunDecide(const DecideFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  std::string text_sha256 = flags.text_sha256;
  if (!flags.text_file.empty()) {
    SOVET_TRY(std::string text, ReadFile(flags.text_file));
    text_sha256 = Sha256Hex(text);
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  std::string by = flags.by;
  if (by.empty()) {
    auto found = state.ledger.oversight.appeals.find(flags.appeal);
    if (found == state.ledger.oversight.appeals.end()) {
      return Error(Status::InvalidInput(
          fmt::format("appeal.decide: appeal \"{}\" is not lodged (appeal.lodge; doc/oversight.md)",
                      flags.appeal),
          SourceLocation{.field = "--appeal"}));
    }
    by = found->second.organ;
  }
  Act act{.kind = schema::oversight::kDecideKind, .body = by, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kAppeal] = Value::Text(flags.appeal);
  act.fields[field::kOutcome] = Value::Text(flags.outcome);
  if (!text_sha256.empty()) act.fields[field::kTextSha256] = Value::Text(text_sha256);
  if (!flags.grounds.empty()) act.fields[field::kGrounds] = Value::Text(flags.grounds);
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(Appended appended, store.journal->Append(act));
  const EngineState& after = store.engine->state();
  const Appeal& appeal = after.ledger.oversight.appeals.at(flags.appeal);
  const Decision* decision = FindDecision(after, appeal.act);
  nlohmann::ordered_json out = AppealJson(appeal, decision);
  out["kind"] = schema::oversight::kDecideKind;
  out["seq"] = appended.seq;
  out["hash"] = HexEncode(appended.hash);
  Print(flags, std::move(out),
        fmt::format("appeal.decide: {} decided appeal {} on {}: {}; decision {} is {} (entry {})\n",
                    by, flags.appeal, flags.date, flags.outcome, appeal.act,
                    DecisionStatusName(decision->status), appended.seq));
  return {};
}

// ---- show, list --------------------------------------------------------------------

struct ShowFlags : ActFlags {
  std::string appeal;
  std::int64_t act = 0;
  std::string stage;
};

Result<void> RunShow(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const EngineState& state = store.engine->state();
  const auto& appeals = state.ledger.oversight.appeals;
  if (!flags.appeal.empty() && appeals.count(flags.appeal) == 0) {
    return Error(Status::NotFound(
        fmt::format("appeal \"{}\" is not lodged (sovet appeal lodge)", flags.appeal),
        SourceLocation{.field = "--appeal"}));
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [id, appeal] : appeals) {
    if (!flags.appeal.empty() && id != flags.appeal) continue;
    if (flags.act != 0 && appeal.act != flags.act) continue;
    if (!flags.stage.empty() && flags.stage != AppealStageName(appeal.stage)) continue;
    list.push_back(AppealJson(appeal, FindDecision(state, appeal.act)));
    text += AppealText(appeal);
  }
  nlohmann::ordered_json out;
  out["appeals"] = std::move(list);
  Print(flags, std::move(out), text.empty() ? std::string("no appeals\n") : text);
  return {};
}

// ---- the command ---------------------------------------------------------------------

void SetupAppeal(CLI::App& app, Action& action) {
  CLI::App* appeal = app.add_subcommand(
      "appeal", "appeals of decisions (001:144): lodge, decide, show, list");
  appeal->require_subcommand(1);

  CLI::App* lodge = appeal->add_subcommand(
      "lodge", "lodge an appeal of a decision with an organ, within the charter's deadline");
  auto lodge_flags = BindFlags<LodgeFlags>(lodge, action, &RunLodge);
  AddActOptions(lodge, *lodge_flags, true);
  lodge->add_option("--appeal", lodge_flags->appeal, "the appeal's id (new)")->required();
  lodge->add_option("--act", lodge_flags->act, "the decision appealed (its entry number)");
  lodge->add_option("--of", lodge_flags->of, "with --number: the body whose decision it is");
  lodge->add_option("--number", lodge_flags->number, "with --of: the body's decision no. N");
  lodge->add_option("--appellant", lodge_flags->appellant, "the appellant (the register's id)")
      ->required();
  lodge->add_option("--to", lodge_flags->to, "the organ appealed to (KIND:UNIT)")->required();
  lodge->add_option("--rule", lodge_flags->rule,
                    "the charter's [[appeal]] id (default: the first that fits)");
  lodge->add_option("--standing", lodge_flags->standing,
                    "the body whose seat gives standing, or \"elector\" (default: found)");
  lodge->add_option("--grounds", lodge_flags->grounds, "the grounds, as text (optional)");

  CLI::App* decide = appeal->add_subcommand(
      "decide", "record the organ's decision of an appeal: upheld, annulled or amended");
  auto decide_flags = BindFlags<DecideFlags>(decide, action, &RunDecide);
  AddActOptions(decide, *decide_flags, true);
  decide->add_option("--appeal", decide_flags->appeal, "the appeal")->required();
  decide->add_option("--outcome", decide_flags->outcome, "upheld, annulled or amended")
      ->required();
  decide->add_option("--by", decide_flags->by, "the organ deciding (default: the appeal's)");
  decide->add_option("--text", decide_flags->text_file,
                     "amended: the file of the amended text (its SHA-256 is recorded)");
  decide->add_option("--text-sha256", decide_flags->text_sha256,
                     "amended: the amended text's SHA-256 (hex)");
  decide->add_option("--grounds", decide_flags->grounds, "the grounds, as text (optional)");

  for (const char* name : {"show", "list"}) {
    CLI::App* show = appeal->add_subcommand(
        name, std::string(name) == "show" ? "one appeal (--appeal) or all, with their stages"
                                          : "the appeals, filtered by decision or stage");
    auto show_flags = BindFlags<ShowFlags>(show, action, &RunShow);
    AddActOptions(show, *show_flags, false);
    show->add_option("--appeal", show_flags->appeal, "one appeal");
    show->add_option("--act", show_flags->act, "the appeals of this decision");
    show->add_option("--stage", show_flags->stage,
                     "pending, upheld, annulled, amended or lapsed");
  }
}

CommandRegistrar registrar(48, &SetupAppeal);

}  // namespace
}  // namespace sovet::cli
