// `sovet bodies create` (the apportioned bodies of a census, with their
// seats and delegations, recorded in the journal) and `sovet election
// call|nominate|record|verify|show|list` (elections run by their
// commissions). Every act goes through the engine (sovet/council.h), which
// checks it against the charter and the journal; formats and rules:
// doc/operating.md.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/csv_reader.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/count.h"
#include "sovet/council.h"
#include "sovet/council_acts.h"
#include "sovet/date.h"
#include "sovet/engine.h"

namespace sovet::cli {
namespace {

namespace field = schema::council::field;
using json = nlohmann::ordered_json;

// The journal, its charter and the engine's state; writable: accepted acts
// are appended from then on.
Result<EngineStore> OpenStore(const std::string& db, const std::string& key,
                              const std::string& charter, bool writable) {
  SOVET_TRY(EngineStore store,
            OpenEngineStore(db, key, charter, writable, "elections follow the charter's rules"));
  if (writable) store.engine->AttachJournal(store.journal.get());
  return store;
}

Value TextList(const std::vector<std::string>& items) {
  ValueList out;
  for (const std::string& item : items) out.push_back(Value::Text(item));
  return Value::List(std::move(out));
}
Value IntList(const std::vector<std::int64_t>& items) {
  ValueList out;
  for (const std::int64_t item : items) out.push_back(Value::Integer(item));
  return Value::List(std::move(out));
}

// Executes one act through the engine and prints what was written.
Result<void> Execute(EngineStore& store, const Act& act, const std::string& format,
                     const std::string& summary, json extra = json::object()) {
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  const Appended& appended = store.engine->last_appended();
  if (format == "json") {
    json out;
    out["kind"] = act.kind;
    out["body"] = act.body;
    for (auto& [key, value] : extra.items()) out[key] = value;
    out["seq"] = appended.seq;
    out["hash"] = HexEncode(appended.hash);
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
  } else {
    fmt::print("{}\n  entry {} {}\n", summary, appended.seq, HexEncode(appended.hash));
  }
  return {};
}

// ---- bodies create -------------------------------------------------------------

struct BodiesFlags : ActFlags {
  std::string census;
};

Result<void> RunBodiesCreate(const BodiesFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  SOVET_TRY(Census census, LoadCensus(flags.census, *store.charter));
  SOVET_TRY(Apportionment apportionment, Apportion(*store.charter, census));
  for (const VacancyWarning& warning : apportionment.warnings) {
    fmt::print(stderr, "warning: {}\n", warning.message);
  }
  // Every body first, then the delegations of composed bodies (which name
  // their source bodies): all checked against what is recorded before any
  // act is written.
  for (const ApportionedBody& body : apportionment.bodies) {
    if (store.engine->state().FindBody(body.id) >= 0) {
      return Error(Status::AlreadyExists(
          fmt::format("body \"{}\" is already created: the bodies of a census are created once",
                      body.id),
          SourceLocation{.file = flags.census, .field = "--census"}));
    }
  }
  std::vector<Act> acts;
  std::int64_t seats = 0, delegations = 0, first = -1, last = -1;
  for (const ApportionedBody& body : apportionment.bodies) {
    Act act{.kind = "body.create", .body = body.id, .fields = {}};
    act.fields["seats"] = Value::Integer(body.seats);
    acts.push_back(std::move(act));
    seats += body.seats;
  }
  for (const ApportionedBody& body : apportionment.bodies) {
    const BodyRule* rule = store.charter->FindBody(body.kind);
    // Bodies elected by another (elected_by) fill all their seats from it:
    // only composed bodies (terms, quotas) have delegations to record.
    if (body.delegations.empty() || rule == nullptr ||
        (rule->terms.empty() && rule->quotas.empty())) {
      continue;
    }
    std::vector<std::string> sources;
    std::vector<std::int64_t> counts;
    for (const Delegation& delegation : body.delegations) {
      sources.push_back(apportionment.bodies[delegation.from].id);
      counts.push_back(delegation.seats);
    }
    Act act{.kind = schema::council::kElectionDelegationsKind, .body = body.id, .fields = {}};
    act.fields[field::kDate] = Value::Text(date.ToString());
    act.fields[field::kSources] = TextList(sources);
    act.fields[field::kSeats] = IntList(counts);
    acts.push_back(std::move(act));
    ++delegations;
  }
  {
    // Every act checked on a copy of the state first: a census that does
    // not fit the journal writes nothing.
    Engine dry(*store.charter, EngineOptions{});
    SOVET_TRY(std::int64_t loaded, dry.LoadJournal(*store.journal));
    (void)loaded;
    for (const Act& act : acts) SOVET_CHECK_OK(dry.ExecuteRecorded(act));
  }
  for (const Act& act : acts) {
    SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
    const std::int64_t seq = store.engine->last_appended().seq;
    if (first < 0) first = seq;
    last = seq;
  }
  if (flags.format == "json") {
    json out;
    out["census"] = flags.census;
    out["bodies"] = apportionment.bodies.size();
    out["seats"] = seats;
    out["delegations"] = delegations;
    out["first_seq"] = first;
    out["last_seq"] = last;
    json warnings = json::array();
    for (const VacancyWarning& warning : apportionment.warnings) warnings.push_back(warning.message);
    out["warnings"] = warnings;
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
  } else {
    fmt::print("created {} bodies with {} seats and {} delegation records from {} (entries {}..{})\n",
               GroupThousands(static_cast<std::int64_t>(apportionment.bodies.size())),
               GroupThousands(seats), delegations, flags.census, first, last);
  }
  return {};
}

// ---- election call -------------------------------------------------------------

struct CallFlags : ActFlags {
  std::string body;
  std::string id;
  std::string held_on;
  std::string kind = "regular";
  std::vector<std::int64_t> seats;
  std::string electing_body;
};

Result<void> RunCall(const CallFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  Act act = ElectionCallAct(store.engine->state(),
                            ElectionCallRequest{.date = flags.date,
                                                .body = flags.body,
                                                .id = flags.id,
                                                .held_on = flags.held_on,
                                                .kind = flags.kind,
                                                .seats = flags.seats,
                                                .electing_body = flags.electing_body});
  std::vector<std::int64_t> seats;
  for (const Value& seat : act.fields.at(field::kSeats).list()) seats.push_back(seat.integer());
  std::string seat_text;
  for (const std::int64_t seat : seats) seat_text += (seat_text.empty() ? "" : ",") + std::to_string(seat);
  json extra;
  extra["election"] = flags.id;
  extra["election_kind"] = flags.kind;
  extra["held_on"] = act.fields[field::kHeldOn].text();
  extra["seats"] = seats;
  if (!flags.electing_body.empty()) extra["electing_body"] = flags.electing_body;
  return Execute(store, act, flags.format,
                 fmt::format("called {} election {} of {}{} for {} (seats {})", flags.kind, flags.id,
                             flags.body,
                             flags.electing_body.empty() ? "" : " by " + flags.electing_body,
                             act.fields[field::kHeldOn].text(), seat_text),
                 extra);
}

// ---- election nominate ---------------------------------------------------------

struct NominateFlags : ActFlags {
  std::string id;
  std::vector<std::string> persons;
};

Result<const CouncilElection*> FindElection(const EngineStore& store, const std::string& id) {
  const auto& elections = store.engine->state().ledger.elections;
  auto found = elections.find(id);
  if (found == elections.end()) {
    return Error(Status::NotFound(fmt::format("no election \"{}\" is called in {} (sovet election "
                                              "list)",
                                              id, store.journal->display_url()),
                                  SourceLocation{.field = "--id"}));
  }
  return &found->second;
}

Result<void> RunNominate(const NominateFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  SOVET_TRY(const CouncilElection* election, FindElection(store, flags.id));
  Act act{.kind = schema::council::kElectionNominateKind, .body = election->body, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kElection] = Value::Text(flags.id);
  act.fields[field::kPersons] = TextList(flags.persons);
  json extra;
  extra["election"] = flags.id;
  extra["persons"] = flags.persons;
  return Execute(store, act, flags.format,
                 fmt::format("nominated {} in election {} of {}", flags.persons.size(), flags.id,
                             election->body),
                 extra);
}

// ---- election record -----------------------------------------------------------

struct RecordFlags : ActFlags {
  std::string id;
  std::string hands;
  std::string ballots;
  std::int64_t present = -1;
  std::int64_t seed = 0;
};

// The nominee's place (1-based) in nomination order; an error naming the
// file when the name is not a nominee.
Result<std::size_t> PlaceOf(const CouncilElection& election, const std::string& name,
                            const std::string& file) {
  auto found = std::find(election.nominees.begin(), election.nominees.end(), name);
  if (found == election.nominees.end()) {
    return Error(Status::InvalidInput(
        fmt::format("candidate \"{}\" is not a nominee of election {} (nominees: {})",
                    QuoteForMessage(name), election.id, fmt::join(election.nominees, ", ")),
        SourceLocation{.file = file, .field = "candidate"}));
  }
  return static_cast<std::size_t>(found - election.nominees.begin()) + 1;
}

// `person,hands` per line, after that header.
Result<std::vector<std::int64_t>> ReadHands(const CouncilElection& election,
                                            const std::string& path) {
  CsvReader reader;
  std::vector<std::string_view> row;
  const std::string_view columns[] = {"person", "hands"};
  SOVET_CHECK_OK(reader.Open(path, CsvOptions{.field_names = columns}));
  SOVET_TRY(bool any, reader.Next(&row));
  if (!any || row.size() != 2 || row[0] != "person" || row[1] != "hands") {
    return Error(Status::InvalidInput("expected the header person,hands (doc/operating.md)",
                                      SourceLocation{.file = path, .line = 1}));
  }
  std::vector<std::int64_t> hands(election.nominees.size(), 0);
  std::vector<bool> seen(election.nominees.size(), false);
  for (;;) {
    SOVET_TRY(bool more, reader.Next(&row));
    if (!more) break;
    const SourceLocation where{.file = path, .line = reader.line()};
    if (row.size() != 2) {
      return Error(Status::InvalidInput(fmt::format("expected 2 fields (person,hands), got {}",
                                                    row.size()),
                                        where));
    }
    auto place = PlaceOf(election, std::string(row[0]), path);
    if (!place) {
      return Error(Status::InvalidInput(place.error().message(),
                                        SourceLocation{.file = path, .line = where.line,
                                                       .field = "person"}));
    }
    std::int64_t count = 0;
    const std::string text(row[1]);
    if (text.empty() || text.size() > 12 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Error(Status::InvalidInput(fmt::format("expected hands as a count >= 0, got \"{}\"",
                                                    QuoteForMessage(text)),
                                        SourceLocation{.file = path, .line = where.line,
                                                       .field = "hands"}));
    }
    count = std::stoll(text);
    if (seen[*place - 1]) {
      return Error(Status::InvalidInput(fmt::format("{} is counted twice", row[0]),
                                        SourceLocation{.file = path, .line = where.line,
                                                       .field = "person"}));
    }
    seen[*place - 1] = true;
    hands[*place - 1] = count;
  }
  return hands;
}

// The ballots in the act's compact form ("WEIGHT C1 C2 ...", candidates by
// nomination place), from a BLT file or a CSV `sovet count` reads.
Result<std::vector<std::string>> ReadBallots(const CouncilElection& election,
                                             const std::string& path) {
  SOVET_TRY(sovet::Ballots ballots, LoadBallots(path));
  std::vector<std::string> out;
  if (const auto* tally = std::get_if<Tally>(&ballots)) {
    for (std::size_t k = 0; k < tally->options.size(); ++k) {
      if (tally->votes[k] == 0) continue;
      SOVET_TRY(std::size_t place, PlaceOf(election, tally->options[k], path));
      out.push_back(fmt::format("{} {}", tally->votes[k], place));
    }
    return out;
  }
  const auto& ranked = std::get<RankedBallots>(ballots);
  std::vector<std::size_t> places(ranked.candidates.size(), 0);
  for (std::size_t k = 0; k < ranked.candidates.size(); ++k) {
    SOVET_TRY(places[k], PlaceOf(election, ranked.candidates[k], path));
  }
  for (std::size_t b = 0; b < ranked.distinct_ballots(); ++b) {
    std::string line = std::to_string(ranked.weights[b]);
    for (const CandidateIndex candidate : ranked.Ballot(b)) {
      line += fmt::format(" {}", places[candidate]);
    }
    out.push_back(std::move(line));
  }
  return out;
}

Result<void> RunRecord(const RecordFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  if (flags.hands.empty() == flags.ballots.empty()) {
    return Error(Status::InvalidInput(
        "give --hands FILE --present N (an open vote) or --ballots FILE (a secret ballot)",
        SourceLocation{.field = "--hands"}));
  }
  if (!flags.hands.empty() && flags.present < 0) {
    return Error(Status::InvalidInput("an open vote records its attendance: --present N",
                                      SourceLocation{.field = "--present"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  SOVET_TRY(const CouncilElection* election, FindElection(store, flags.id));
  ElectionRecordRequest request{.date = flags.date,
                                .election = flags.id,
                                .seed = flags.seed,
                                .open = !flags.hands.empty(),
                                .present = flags.present,
                                .hands = {},
                                .ballots = {}};
  if (request.open) {
    SOVET_TRY(request.hands, ReadHands(*election, flags.hands));
  } else {
    SOVET_TRY(request.ballots, ReadBallots(*election, flags.ballots));
  }
  SOVET_TRY(Act act, ElectionRecordAct(store.engine->state(), *store.charter, request));
  std::vector<std::string> elected;
  for (const Value& name : act.fields.at(field::kElected).list()) elected.push_back(name.text());
  json extra;
  extra["election"] = flags.id;
  extra["vote"] = act.fields[field::kVote].text();
  extra["seed"] = flags.seed;
  extra["elected"] = elected;
  return Execute(store, act, flags.format,
                 fmt::format("recorded election {} of {} ({}): elected {}", flags.id,
                             election->body,
                             flags.hands.empty() ? "secret ballot" : "open vote",
                             fmt::join(elected, ", ")),
                 extra);
}

// ---- election verify -----------------------------------------------------------

struct VerifyFlags : ActFlags {
  std::string id;
};

Result<void> RunVerify(const VerifyFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, true));
  SOVET_TRY(const CouncilElection* election, FindElection(store, flags.id));
  SOVET_TRY(Act act, ElectionVerifyAct(store.engine->state(), *store.charter, flags.id, date));
  const auto& persons = act.fields.at(field::kPersons).list();
  const auto& verdicts = act.fields.at(field::kVerdicts).list();
  const auto& details = act.fields.at(field::kDetails).list();
  const auto& seats = act.fields.at(field::kSeats).list();
  json extra;
  extra["election"] = flags.id;
  json rows = json::array();
  std::string summary = fmt::format("verified election {} of {}", flags.id, election->body);
  for (std::size_t k = 0; k < persons.size(); ++k) {
    json row;
    row["person"] = persons[k].text();
    row["verdict"] = verdicts[k].text();
    row["seat"] = seats[k].integer();
    row["detail"] = details[k].text();
    rows.push_back(row);
    summary += fmt::format("\n  {}  {}  {}", persons[k].text(), verdicts[k].text(),
                           details[k].text());
  }
  extra["verdicts"] = rows;
  extra["term_ends"] = act.fields.at(field::kTermEnds).text();
  if (!act.fields.at(field::kTermEnds).text().empty()) {
    summary += fmt::format("\n  term ends {}", act.fields.at(field::kTermEnds).text());
  }
  return Execute(store, act, flags.format, summary, extra);
}

// ---- election show / list ------------------------------------------------------

json ElectionJson(const EngineState& state, const CouncilElection& election) {
  json out;
  out["id"] = election.id;
  out["body"] = election.body;
  out["kind"] = CouncilElectionKindName(election.kind);
  if (!election.electing_body.empty()) out["electing_body"] = election.electing_body;
  out["called"] = election.called.ToString();
  out["held_on"] = election.held_on.ToString();
  out["seats"] = election.seats;
  out["stage"] = CouncilElectionStageName(election.stage);
  out["nominees"] = election.nominees;
  if (election.stage != CouncilElectionStage::kCalled) {
    out["recorded"] = election.recorded.ToString();
    out["roll"] = election.roll;
    out["present"] = election.present;
    out["elected"] = election.elected;
  }
  if (election.stage == CouncilElectionStage::kVerified) {
    json seated = json::array();
    if (auto found = state.ledger.bodies.find(election.body); found != state.ledger.bodies.end()) {
      for (std::size_t seat = 0; seat < found->second.seats.size(); ++seat) {
        const auto& holder = found->second.seats[seat];
        if (!holder || holder->election != election.id) continue;
        json row;
        row["seat"] = seat + 1;
        row["person"] = holder->person;
        row["term_ends"] = holder->term_ends ? holder->term_ends->ToString() : "";
        if (!holder->source_body.empty()) {
          row["source_body"] = holder->source_body;
          row["source_seat"] = holder->source_seat;
        }
        seated.push_back(row);
      }
    }
    out["seated"] = seated;
  }
  return out;
}

struct ShowFlags : ActFlags {
  std::string id;
  std::string body;
};

Result<void> RunShow(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, false));
  SOVET_TRY(const CouncilElection* election, FindElection(store, flags.id));
  const json out = ElectionJson(store.engine->state(), *election);
  if (flags.format == "json") {
    fmt::print("{}\n", out.dump(2, ' ', false, json::error_handler_t::replace));
    return {};
  }
  fmt::print("election {}: {} of {}{}\n", election->id, out["kind"].get<std::string>(),
             election->body,
             election->electing_body.empty() ? "" : " by " + election->electing_body);
  fmt::print("  called {}, held on {}, {} seats, {}\n", election->called.ToString(),
             election->held_on.ToString(), election->seats.size(), CouncilElectionStageName(election->stage));
  fmt::print("  nominees: {}\n", fmt::join(election->nominees, ", "));
  if (election->stage != CouncilElectionStage::kCalled) {
    fmt::print("  recorded {}: {} present of {}; elected {}\n", election->recorded.ToString(),
               election->present, election->roll, fmt::join(election->elected, ", "));
  }
  if (out.contains("seated")) {
    for (const auto& row : out["seated"]) {
      fmt::print("  seat {}: {}{}{}\n", row["seat"].get<std::int64_t>(),
                 row["person"].get<std::string>(),
                 row["term_ends"].get<std::string>().empty()
                     ? ""
                     : ", term ends " + row["term_ends"].get<std::string>(),
                 row.contains("source_body")
                     ? fmt::format(", on seat {} of {}", row["source_seat"].get<std::int64_t>(),
                                   row["source_body"].get<std::string>())
                     : "");
    }
  }
  return {};
}

Result<void> RunList(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags.db, flags.key, flags.charter, false));
  const EngineState& state = store.engine->state();
  json list = json::array();
  for (const auto& [id, election] : state.ledger.elections) {
    if (!flags.body.empty() && election.body != flags.body) continue;
    list.push_back(ElectionJson(state, election));
  }
  if (flags.format == "json") {
    fmt::print("{}\n", list.dump(2, ' ', false, json::error_handler_t::replace));
    return {};
  }
  for (const auto& row : list) {
    fmt::print("{}  {}  {}  held on {}  {}\n", row["id"].get<std::string>(),
               row["body"].get<std::string>(), row["kind"].get<std::string>(),
               row["held_on"].get<std::string>(), row["stage"].get<std::string>());
  }
  if (list.empty()) fmt::print("no elections\n");
  return {};
}

// ---- setup ---------------------------------------------------------------------

void SetupBodies(CLI::App& app, Action& action) {
  CLI::App* bodies = app.add_subcommand("bodies", "the council's bodies in the journal");
  bodies->require_subcommand(1);
  CLI::App* create = bodies->add_subcommand(
      "create",
      "record every body a census apportions (body.create with its seats) and the delegations "
      "of composed bodies (election.delegations)");
  auto flags = BindFlags(create, action, &RunBodiesCreate);
  AddActOptions(create, *flags, true);
  create->add_option("--census", flags->census, "the census the bodies are apportioned from")
      ->required();
}

void SetupElection(CLI::App& app, Action& action) {
  CLI::App* election = app.add_subcommand(
      "election", "elections run by their commissions: call, nominate, record, verify");
  election->require_subcommand(1);

  CLI::App* call = election->add_subcommand("call", "call an election of a body");
  auto call_flags = BindFlags(call, action, &RunCall);
  AddActOptions(call, *call_flags, true);
  call->add_option("--body", call_flags->body, "the body elected (KIND:UNIT)")->required();
  call->add_option("--id", call_flags->id, "the election's id (new in the journal)")->required();
  call->add_option("--held-on", call_flags->held_on, "the election day (default: --date)");
  call->add_option("--kind", call_flags->kind,
                   "regular, by-election, delegation, executive or commissars")
      ->check(CLI::IsMember({"regular", "by-election", "delegation", "executive", "commissars"}))
      ->capture_default_str();
  call->add_option("--seats", call_flags->seats,
                   "the seat numbers filled (default: all for regular and executive, the vacant "
                   "for a by-election, the electing body's share for a delegation)")
      ->delimiter(',');
  call->add_option("--electing-body", call_flags->electing_body,
                   "the body that elects (delegation, executive, commissars)");

  CLI::App* nominate = election->add_subcommand("nominate", "nominate persons in an election");
  auto nominate_flags = BindFlags(nominate, action, &RunNominate);
  AddActOptions(nominate, *nominate_flags, true);
  nominate->add_option("--id", nominate_flags->id, "the election")->required();
  nominate->add_option("PERSON", nominate_flags->persons, "the register's ids")->required();

  CLI::App* record = election->add_subcommand(
      "record", "record the electoral commission's result (hands or ballots)");
  auto record_flags = BindFlags(record, action, &RunRecord);
  AddActOptions(record, *record_flags, true);
  record->add_option("--id", record_flags->id, "the election")->required();
  record->add_option("--hands", record_flags->hands, "open vote: CSV person,hands");
  record->add_option("--present", record_flags->present, "open vote: electors present");
  record->add_option("--ballots", record_flags->ballots,
                     "secret ballot: a BLT file or a ballot CSV, candidates named by person id");
  record->add_option("--seed", record_flags->seed, "the seed of the lot that breaks ties")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  CLI::App* verify = election->add_subcommand(
      "verify", "the mandates commission verifies the elected; the accepted take their seats");
  auto verify_flags = BindFlags(verify, action, &RunVerify);
  AddActOptions(verify, *verify_flags, true);
  verify->add_option("--id", verify_flags->id, "the election")->required();

  CLI::App* show = election->add_subcommand("show", "one election: its stage, count and seats");
  auto show_flags = BindFlags(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--id", show_flags->id, "the election")->required();

  CLI::App* list = election->add_subcommand("list", "the elections of the journal");
  auto list_flags = BindFlags(list, action, &RunList);
  AddActOptions(list, *list_flags, false);
  list->add_option("--body", list_flags->body, "only this body's");
}

CommandRegistrar bodies_registrar(46, &SetupBodies);
CommandRegistrar election_registrar(47, &SetupElection);

}  // namespace
}  // namespace sovet::cli
