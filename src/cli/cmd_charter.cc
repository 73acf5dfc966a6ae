// `sovet charter amend|show|history` (doc/charter_format.md "Amending the
// charter", doc/journal_format.md §10): the Congress amends the charter
// (001:146) by a `charter.amend` act that keeps the new text in the
// journal; show prints the text in force on a day; history lists the
// amendments. Every act goes through the engine's rules; a refusal names
// the rule and writes nothing (exit 2).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/io.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/charter.h"
#include "sovet/charter_history.h"
#include "sovet/date.h"
#include "sovet/engine.h"

namespace sovet::cli {
namespace {

namespace field = schema::charter_amend::field;

Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  return OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                         "a charter is amended from the one the journal was initialised with");
}

// The amending body's one body in the journal (`[amendment] body`, else the
// root congress), when --body is not given.
Result<std::string> AmendingBody(const EngineState& state, const Charter& charter,
                                 const std::string& given) {
  if (!given.empty()) return given;
  const std::string kind = AmendingBodyKind(charter);
  if (!kind.empty()) {
    for (const std::string& body : state.body_ids) {
      if (body.starts_with(kind + ":")) return body;
    }
  }
  return Error(Status::InvalidInput(
      fmt::format("the journal has no body of the congress that amends the charter ('{}', "
                  "001:146; body.create): give --body",
                  kind),
      SourceLocation{.field = "--body"}));
}

// The journal entries of the amendments, in order (amendment n is the n-th).
Result<std::vector<std::int64_t>> AmendmentSeqs(Journal& journal) {
  std::vector<std::int64_t> seqs;
  for (std::int64_t from = 1;;) {
    SOVET_TRY(auto entries, journal.Read(from, 4096));
    if (entries.empty()) break;
    for (const Entry& entry : entries) {
      if (entry.kind == schema::charter_amend::kKind) seqs.push_back(entry.seq);
    }
    from = entries.back().seq + 1;
  }
  return seqs;
}

// ---- amend --------------------------------------------------------------------------

struct AmendFlags : ActFlags {
  std::string body;
  std::string file;
  std::string effective;
};

Result<void> RunAmend(const AmendFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(Date effective, DateFlag(flags.effective, "--effective"));
  // The new text must load as a charter, located in the user's file.
  SOVET_TRY(std::string text, ReadFile(flags.file));
  SOVET_TRY(Charter parsed, ParseCharter(text, flags.file));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  const Charter& latest = state.charters.Latest();
  SOVET_TRY(std::string body, AmendingBody(state, store.InForce(date), flags.body));
  // What an amendment may not change, located in the user's file (the
  // engine checks it again on the stored text).
  SOVET_CHECK_OK(CheckAmendable(latest, parsed));
  const auto number = static_cast<std::int64_t>(state.charters.amendments().size()) + 1;
  const Act act = CharterAmendAct(body, date, effective, number, latest, parsed, text);
  store.engine->AttachJournal(store.journal.get());
  auto done = store.engine->ExecuteRecorded(act);
  if (!done) {
    // Another operator may have amended first (the amendment's number is
    // the key of charter_amendments): read again and name the rule.
    auto again = OpenStore(flags, false);
    if (again) {
      auto checked = again->engine->ExecuteRecorded(act);
      if (!checked && checked.error().message() == done.error().message()) {
        return Error(done.error());  // the rule refused it: the journal did not change
      }
      if (!checked) {
        return Error(Status(checked.error().code(),
                            fmt::format("{} (the journal changed while this command ran)",
                                        checked.error().message()),
                            checked.error().where()));
      }
    }
    return Error(done.error());
  }
  const Appended& appended = store.engine->last_appended();
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["kind"] = act.kind;
    out["body"] = body;
    out["number"] = number;
    out["date"] = date.ToString();
    out["effective"] = effective.ToString();
    out["charter_id"] = parsed.id;
    out["charter_sha256"] = parsed.sha256_hex;
    out["replaces"] = latest.sha256_hex;
    out["seq"] = appended.seq;
    out["hash"] = HexEncode(appended.hash);
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print(
        "charter.amend {} by {} on {}: \"{}\" (sha256 {}) in force from {}, replacing sha256 "
        "{}: entry {} {}\n",
        number, body, date.ToString(), parsed.id, parsed.sha256_hex, effective.ToString(),
        latest.sha256_hex, appended.seq, HexEncode(appended.hash));
  }
  return {};
}

// ---- show ---------------------------------------------------------------------------

struct ShowFlags : ActFlags {
  std::string on;
};

Result<void> RunShow(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const CharterTimeline& charters = store.engine->state().charters;
  const Charter* in_force = &charters.Latest();
  if (!flags.on.empty()) {
    SOVET_TRY(Date on, DateFlag(flags.on, "--on"));
    in_force = &charters.At(on);
  }
  std::int64_t number = 0;
  std::string text;
  std::string effective;
  for (const CharterAmendment& amendment : charters.amendments()) {
    if (amendment.charter.get() == in_force) {
      number = amendment.number;
      text = amendment.text;
      effective = amendment.effective.ToString();
    }
  }
  if (number == 0) {
    // The genesis charter: its file, whose hash the genesis records.
    SOVET_TRY(text, ReadFile(in_force->source_file));
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["amendment"] = number;
    out["charter_id"] = in_force->id;
    out["charter_sha256"] = in_force->sha256_hex;
    out["effective"] = effective;
    out["text"] = text;
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", text);
  }
  return {};
}

// ---- history ------------------------------------------------------------------------

Result<void> RunHistory(const ActFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const CharterTimeline& charters = store.engine->state().charters;
  SOVET_TRY(std::vector<std::int64_t> seqs, AmendmentSeqs(*store.journal));
  const Charter& genesis = charters.genesis();
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["genesis"] = {{"charter_id", genesis.id}, {"charter_sha256", genesis.sha256_hex}};
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const CharterAmendment& amendment : charters.amendments()) {
      const auto index = static_cast<std::size_t>(amendment.number - 1);
      list.push_back({{"number", amendment.number},
                      {"seq", index < seqs.size() ? seqs[index] : -1},
                      {"body", amendment.body},
                      {"date", amendment.date.ToString()},
                      {"effective", amendment.effective.ToString()},
                      {"charter_id", amendment.charter->id},
                      {"charter_sha256", amendment.charter->sha256_hex},
                      {"replaces", amendment.replaces_hex}});
    }
    out["amendments"] = list;
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return {};
  }
  fmt::print("genesis    \"{}\" sha256 {}\n", genesis.id, genesis.sha256_hex);
  for (const CharterAmendment& amendment : charters.amendments()) {
    const auto index = static_cast<std::size_t>(amendment.number - 1);
    fmt::print("amendment {} entry {} by {} on {}, in force from {}: \"{}\" sha256 {}\n",
               amendment.number, index < seqs.size() ? seqs[index] : -1, amendment.body,
               amendment.date.ToString(), amendment.effective.ToString(), amendment.charter->id,
               amendment.charter->sha256_hex);
  }
  return {};
}

void SetupCharter(CLI::App& app, Action& action) {
  CLI::App* charter = app.add_subcommand(
      "charter", "amend the charter (the Congress alone, 001:146), show it, list its amendments");
  charter->require_subcommand(1);

  CLI::App* amend = charter->add_subcommand(
      "amend", "record a new charter text, in force from a date (an act of the Congress)");
  auto amend_flags = BindFlags(amend, action, &RunAmend);
  AddActOptions(amend, *amend_flags, true);
  amend->add_option("--body", amend_flags->body,
                    "the amending congress, KIND:UNIT (default: the journal's body of the "
                    "[amendment] body kind, else of the root congress)");
  amend->add_option("--file", amend_flags->file, "the new charter file (TOML)")->required();
  amend->add_option("--effective", amend_flags->effective,
                    "the day it takes effect (YYYY-MM-DD, on or after --date)")
      ->required();

  CLI::App* show = charter->add_subcommand("show", "print the charter text in force");
  auto show_flags = BindFlags(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--on", show_flags->on,
                   "the day (YYYY-MM-DD; default: the last amendment recorded)");

  CLI::App* history =
      charter->add_subcommand("history", "the genesis charter and every amendment, with hashes");
  auto history_flags = BindFlags(history, action, &RunHistory);
  AddActOptions(history, *history_flags, false);
}

CommandRegistrar registrar(66, &SetupCharter);

}  // namespace
}  // namespace sovet::cli
