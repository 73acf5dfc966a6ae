// `sovet convene`, `sovet demand`, `sovet due`, `sovet history` and the
// seats of `sovet report --at` (sovet/sessions.h; doc/operating.md "Terms,
// sessions and what is due"). The writing commands append through the
// engine after rebuilding its state from the journal; the reading ones
// rebuild the same state and read it (the seat history is the engine's:
// which seats an act changes is decided by the rules of three act families
// and their cascades, so it is not restated in SQL).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "cli/session_report.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/date.h"
#include "sovet/council_acts.h"
#include "sovet/engine.h"
#include "sovet/sessions.h"

namespace sovet::cli {
namespace {

namespace field = schema::council::field;

// The journal (for writing when `writable`), its charter and the engine's
// state.
Result<EngineStore> OpenStore(const std::string& db, const std::string& key,
                              const std::string& charter, bool writable) {
  return OpenEngineStore(db, key, charter, writable,
                         "terms and sessions follow the journal's charter");
}

// The root congress's body in the journal, when `given` is empty.
Result<std::string> CongressBody(const EngineState& state, const Charter& charter,
                                 const std::string& given) {
  return CongressBodyOf(state, charter, given);
}

struct WriteFlags : ActFlags {
  std::string body;  // the congress; empty: the root congress
};

Result<void> Print(const EngineStore& store, const Act& act, const std::string& format,
                   const std::string& summary) {
  const Appended& appended = store.engine->last_appended();
  if (format == "json") {
    nlohmann::ordered_json out;
    out["kind"] = act.kind;
    out["body"] = act.body;
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [name, value] : act.fields) {
      if (value.is_text()) fields[name] = value.text();
      if (value.is_integer()) fields[name] = value.integer();
      if (value.is_list()) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const Value& item : value.list()) list.push_back(item.text());
        fields[name] = list;
      }
    }
    out["fields"] = fields;
    out["seq"] = appended.seq;
    out["hash"] = HexEncode(appended.hash);
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{}: entry {} {}\n", summary, appended.seq, HexEncode(appended.hash));
  }
  return {};
}

// ---- convene ----------------------------------------------------------------------------

struct ConveneFlags : WriteFlags {
  std::string opens;
  bool extraordinary = false;
  std::string initiative;
  std::string by;
};

Result<void> RunConvene(const ConveneFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(Date opens, DateFlag(flags.opens, "--opens"));
  (void)date;
  (void)opens;
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  SOVET_TRY(Act act, ConveneAct(store.engine->state(), *store.charter,
                                ConveneRequest{.date = flags.date,
                                               .body = flags.body,
                                               .opens = flags.opens,
                                               .extraordinary = flags.extraordinary,
                                               .initiative = flags.initiative,
                                               .by = flags.by}));
  const std::string& body = act.body;
  store.engine->AttachJournal(store.journal.get());
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  return Print(store, act, flags.format,
               fmt::format("{} convened on {} in {} session opening {}", body, flags.date,
                           flags.extraordinary ? "extraordinary" : "regular", flags.opens));
}

// ---- demand -----------------------------------------------------------------------------

struct DemandFlags : WriteFlags {
  std::string by;
  std::string census;
};

Result<void> RunDemand(const DemandFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  const Charter& charter = *store.charter;
  SOVET_TRY(std::string body, CongressBody(store.engine->state(), charter, flags.body));
  // The census the bodies were apportioned on gives the figures the act
  // records (the engine checks them against the charter and the journal).
  SOVET_TRY(Census census, LoadCensus(flags.census, charter));
  const std::string unit = BodyUnitOf(flags.by);
  std::size_t index = census.size();
  for (std::size_t i = 0; i < census.size(); ++i) {
    if (census.id[i] == unit) index = i;
  }
  if (unit.empty() || index == census.size()) {
    return Error(Status::InvalidInput(
        fmt::format("{}: the body's unit {} is not in the census {} (a body id is KIND:UNIT)",
                    QuoteForMessage(flags.by), QuoteForMessage(unit), flags.census),
        SourceLocation{.field = "--by"}));
  }
  std::vector<std::string> within;
  for (UnitIndex up = census.parent[index]; up != kNoUnit; up = census.parent[up]) {
    within.insert(within.begin(), census.id[up]);
  }
  std::int64_t root_inhabitants = 0;
  for (std::size_t i = 0; i < census.size(); ++i) {
    if (census.parent[i] == kNoUnit) root_inhabitants = census.inhabitants[i];
  }
  Act act{.kind = schema::council::kDemandKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kBy] = Value::Text(flags.by);
  act.fields[field::kInhabitants] = Value::Integer(census.inhabitants[index]);
  act.fields[field::kUnitKind] = Value::Text(census.kind[index]);
  ValueList list;
  for (const std::string& up : within) list.push_back(Value::Text(up));
  act.fields[field::kWithin] = Value::List(std::move(list));
  act.fields[field::kRootInhabitants] = Value::Integer(root_inhabitants);
  store.engine->AttachJournal(store.journal.get());
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  const EngineState& state = store.engine->state();
  std::vector<std::string> demanders;
  for (const auto& [demander, when] : state.ledger.demands.at(body)) demanders.push_back(demander);
  const DemandShare share = ShareOfDemands(state.ledger, charter, body, demanders);
  return Print(store, act, flags.format,
               fmt::format("{} demands an extraordinary session of {} on {}; the demands on "
                           "record hold {} of {} {} ({}; {}/{} needed)",
                           flags.by, body, flags.date, share.counted, share.total,
                           charter.inhabitants_label, share.enough ? "enough" : "not enough",
                           charter.convocation.extraordinary_share_num,
                           charter.convocation.extraordinary_share_den));
}

// ---- due, history, report --at ----------------------------------------------------------

struct ReadFlagsLocal {
  std::string db = kDefaultDb;
  std::string charter;
  std::string on;
  std::string body;
  std::string format = "text";
};

std::string SeatList(const std::vector<std::int64_t>& seats) {
  return seats.empty() ? std::string() : fmt::format(" seats {}", fmt::join(seats, ","));
}

Result<void> RunDue(const ReadFlagsLocal& flags) {
  SOVET_TRY(Date on, DateFlag(flags.on, "--on"));
  SOVET_TRY(EngineStore store, OpenStore(flags.db, "", flags.charter, false));
  const std::vector<DueItem> due = DueOn(store.engine->state(), store.InForce(on), on);
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["on"] = flags.on;
    out["due"] = nlohmann::ordered_json::array();
    for (const DueItem& item : due) {
      nlohmann::ordered_json row;
      row["what"] = item.what;
      row["body"] = item.body;
      row["seats"] = item.seats;
      if (!item.person.empty()) row["person"] = item.person;
      row["by"] = item.by.ToString();
      row["rule"] = item.rule;
      row["detail"] = item.detail;
      out["due"].push_back(row);
    }
    fmt::print("{}\n", out.dump(2));
    return {};
  }
  fmt::print("due on {}: {}\n", flags.on, due.empty() ? "nothing" : std::to_string(due.size()));
  for (const DueItem& item : due) {
    fmt::print("  by {}  {:<21} {}{}{}: {} [{}]\n", item.by.ToString(), item.what, item.body,
               SeatList(item.seats), item.person.empty() ? "" : " (" + item.person + ")",
               item.detail, item.rule);
  }
  return {};
}

nlohmann::ordered_json ChangeJson(const SeatChange& change) {
  nlohmann::ordered_json row;
  row["body"] = change.body;
  row["seat"] = change.seat;
  row["date"] = change.on.ToString();
  row["person"] = change.person;
  row["election"] = change.election;
  row["act"] = change.act;
  row["cause"] = change.cause;
  return row;
}

Result<void> RunHistory(const ReadFlagsLocal& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags.db, "", flags.charter, false));
  const EngineState& state = store.engine->state();
  if (state.FindBody(flags.body) < 0) {
    return Error(Status::InvalidInput(
        fmt::format("body {} is not in the journal (body.create)", QuoteForMessage(flags.body)),
        SourceLocation{.field = "--body"}));
  }
  const std::vector<SeatChange> changes = BodyHistory(state.ledger, flags.body);
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["body"] = flags.body;
    out["changes"] = nlohmann::ordered_json::array();
    for (const SeatChange& change : changes) out["changes"].push_back(ChangeJson(change));
    out["sessions"] = nlohmann::ordered_json::array();
    for (const CouncilSession& session : state.ledger.sessions) {
      if (session.body != flags.body) continue;
      nlohmann::ordered_json row;
      row["opens"] = session.opens.ToString();
      row["convened"] = session.convened.ToString();
      row["session"] = session.extraordinary ? "extraordinary" : "regular";
      row["by"] = session.by;
      row["demanded_by"] = session.demanded_by;
      out["sessions"].push_back(row);
    }
    fmt::print("{}\n", out.dump(2));
    return {};
  }
  fmt::print("{}: {} seat change(s)\n", flags.body, changes.size());
  for (const SeatChange& change : changes) {
    fmt::print("  {}  seat {:>3}  {}  ({} {})\n", change.on.ToString(), change.seat,
               change.person.empty() ? std::string("vacated") : "seated " + change.person,
               change.act, change.cause);
  }
  for (const CouncilSession& session : state.ledger.sessions) {
    if (session.body != flags.body) continue;
    fmt::print("  {}  {} session (convened {}{})\n", session.opens.ToString(),
               session.extraordinary ? "extraordinary" : "regular", session.convened.ToString(),
               session.demanded_by.empty()
                   ? (session.by.empty() ? "" : ", on the initiative of " + session.by)
                   : fmt::format(", on the demand of {}", fmt::join(session.demanded_by, ", ")));
  }
  return {};
}

void AddWriteFlags(CLI::App* sub, WriteFlags& flags) {
  AddActOptions(sub, flags, true);
  sub->add_option("--body", flags.body, "the congress (default: the root congress)");
}

void SetupSessions(CLI::App& app, Action& action) {
  CLI::App* convene = app.add_subcommand(
      "convene", "convene a congress in regular or extraordinary session (001:144)");
  auto convene_flags = BindFlags<ConveneFlags>(convene, action, &RunConvene);
  AddWriteFlags(convene, *convene_flags);
  convene->add_option("--opens", convene_flags->opens, "the day the session opens (YYYY-MM-DD)")
      ->required();
  convene->add_flag("--extraordinary", convene_flags->extraordinary,
                    "an extraordinary session (default: regular)");
  convene->add_option("--initiative", convene_flags->initiative,
                      "executive (its own initiative) or demands (the demands on record)")
      ->check(CLI::IsMember({"executive", "demands"}));
  convene->add_option("--by", convene_flags->by, "the executive, for --initiative executive");

  CLI::App* demand = app.add_subcommand(
      "demand", "record a body's demand for an extraordinary session of the congress (001:144)");
  auto demand_flags = BindFlags<DemandFlags>(demand, action, &RunDemand);
  AddWriteFlags(demand, *demand_flags);
  demand->add_option("--by", demand_flags->by, "the demanding body (KIND:UNIT)")->required();
  demand->add_option("--census", demand_flags->census,
                     "the census the bodies were apportioned on (its figures are recorded)")
      ->required();

  CLI::App* due = app.add_subcommand(
      "due", "what the charter requires by a date: terms ending, sessions, recall votes, "
             "vacancies");
  auto due_flags = BindFlags<ReadFlagsLocal>(due, action, &RunDue);
  AddDbOption(due, due_flags->db, "the journal read");
  due->add_option("--charter", due_flags->charter, "the journal's charter file");
  due->add_option("--on", due_flags->on, "the day (YYYY-MM-DD)")->required();
  AddFormatOption(due, due_flags->format);

  CLI::App* history = app.add_subcommand(
      "history", "a body's composition over time: every seat change with its date and act");
  auto history_flags = BindFlags<ReadFlagsLocal>(history, action, &RunHistory);
  AddDbOption(history, history_flags->db, "the journal read");
  history->add_option("--charter", history_flags->charter, "the journal's charter file");
  history->add_option("--body", history_flags->body, "the body (KIND:UNIT)")->required();
  AddFormatOption(history, history_flags->format);
}

CommandRegistrar registrar(64, &SetupSessions);

}  // namespace

Result<std::string> ReportSeatsAt(const std::string& db, const std::string& body,
                                  const std::string& at, const std::string& format) {
  SOVET_TRY(Date on, DateFlag(at, "--at"));
  SOVET_TRY(EngineStore store, OpenStore(db, "", "", false));
  const EngineState& state = store.engine->state();
  const auto holders = HoldersOn(state.ledger, body, on);
  if (format == "json") {
    nlohmann::ordered_json out;
    out["at"] = at;
    if (!body.empty()) out["body"] = body;
    out["seats"] = nlohmann::ordered_json::array();
    for (const auto& [key, change] : holders) {
      nlohmann::ordered_json row;
      row["body"] = change.body;
      row["seat"] = change.seat;
      row["person"] = change.person;
      row["election"] = change.election;
      row["since"] = change.on.ToString();
      out["seats"].push_back(row);
    }
    return out.dump(2) + "\n";
  }
  std::string text = fmt::format("seats held on {}{}: {}\n", at,
                                 body.empty() ? std::string() : " in " + body, holders.size());
  for (const auto& [key, change] : holders) {
    text += fmt::format("  {} seat {:>3}  {}  (since {}, election {})\n", change.body, change.seat,
                        change.person, change.on.ToString(), change.election);
  }
  return text;
}

}  // namespace sovet::cli
