// `sovet recall`: recall at any moment (001:152; doc/operating.md "Recall") —
// open a petition against a seat's holder, sign it (many electors at once),
// record the recall vote, show petitions. Every act goes through the
// engine's rules; a refusal names the rule and writes nothing (exit 2).
#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/io.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/apportion.h"
#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/council_acts.h"
#include "sovet/date.h"
#include "sovet/engine.h"

namespace sovet::cli {
namespace {

namespace field = schema::council::field;

// Signatures per recall.sign act of a batch: a large petition's file in
// acts the engine rebuilds quickly (it reads the journal 4,096 entries at a
// time), many signatures per durable commit.
constexpr std::size_t kSignaturesPerAct = 1024;

// The journal (for writing when `writable`), its charter and the engine's
// state; acts are appended by AppendAll.
Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  return OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                         "recall follows the charter's [recall] rules");
}

void PrintActs(const ActFlags& flags, const char* kind, const std::string& petition,
               const std::vector<Appended>& appended, nlohmann::ordered_json out,
               const std::string& text) {
  if (flags.format == "json") {
    out["kind"] = kind;
    out["petition"] = petition;
    out["date"] = flags.date;
    out["first_seq"] = appended.front().seq;
    out["last_seq"] = appended.back().seq;
    out["hash"] = HexEncode(appended.back().hash);
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  fmt::print("{}: {} (entries {}..{})\n", kind, text, appended.front().seq, appended.back().seq);
}

// ---- open --------------------------------------------------------------------------

struct OpenFlags : ActFlags {
  std::string petition;
  std::string body;
  std::int64_t seat = 0;
  std::string person;
  std::string by_body;
};

Result<void> RunOpen(const OpenFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const Charter& charter = store.InForce(date);  // the charter in force that day
  SOVET_TRY(Act act, RecallOpenAct(store.engine->state(), charter,
                                   RecallOpenRequest{.date = flags.date,
                                                     .petition = flags.petition,
                                                     .body = flags.body,
                                                     .seat = flags.seat,
                                                     .person = flags.person,
                                                     .by_body = flags.by_body}));
  const std::int64_t seat = act.fields.at(field::kSeat).integer();
  const std::string person = act.fields.at(field::kPerson).text();
  const std::int64_t roll = act.fields.at(field::kRoll).integer();
  const std::int64_t needed = act.fields.at(field::kNeeded).integer();
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, {act}));
  nlohmann::ordered_json out;
  out["body"] = flags.body;
  out["seat"] = seat;
  out["person"] = person;
  if (!flags.by_body.empty()) out["by_body"] = flags.by_body;
  out["roll"] = roll;
  out["needed"] = needed;
  out["stage"] = flags.by_body.empty() ? "open" : "vote_due";
  PrintActs(flags, schema::council::kRecallOpenKind, flags.petition, appended, out,
            flags.by_body.empty()
                ? fmt::format("petition {} against {}, seat {} of {}: the roll of {} on {} holds "
                              "{} {}; {} signatures call the recall vote (recall.petition_num/"
                              "petition_den = {}/{})",
                              flags.petition, person, seat, flags.body, BodyUnitOf(flags.body), flags.date, GroupThousands(roll),
                              charter.electors_label, GroupThousands(needed),
                              charter.recall.petition_num, charter.recall.petition_den)
                : fmt::format("petition {} against {}, seat {} of {}: a motion of {} ({} seated "
                              "members), its vote is due",
                              flags.petition, person, seat, flags.body, flags.by_body, roll));
  return {};
}

// ---- sign --------------------------------------------------------------------------

struct SignFlags : ActFlags {
  std::string petition;
  std::vector<std::string> persons;
  std::vector<std::string> positional;
  std::string file;
};

Result<void> RunSign(const SignFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  std::vector<std::string> persons = flags.persons;
  persons.insert(persons.end(), flags.positional.begin(), flags.positional.end());
  if (!flags.file.empty()) {
    SOVET_TRY(std::string text, ReadFile(flags.file));
    std::size_t at = 0;
    std::int64_t line = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::string id = text.substr(at, end - at);
      ++line;
      if (!id.empty() && id.back() == '\r') id.pop_back();
      at = end + 1;
      if (id.empty()) continue;
      if (Status utf8 = CheckUtf8(id, SourceLocation{.file = flags.file, .line = line});
          !utf8.ok()) {
        return Error(std::move(utf8));
      }
      persons.push_back(std::move(id));
    }
  }
  if (persons.empty()) {
    return Error(Status::InvalidInput("no signer given: expected --person ID or --file FILE",
                                      SourceLocation{.field = "--person"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  // Every act is checked (and applied in memory) before any is appended:
  // one signer refused, nothing written.
  std::vector<Act> acts;
  for (std::size_t first = 0; first < persons.size(); first += kSignaturesPerAct) {
    const std::size_t last = std::min(persons.size(), first + kSignaturesPerAct);
    Act act = RecallSignAct(store.engine->state(), flags.date, flags.petition,
                            std::vector<std::string>(persons.begin() + first,
                                                     persons.begin() + last));
    SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
    acts.push_back(std::move(act));
  }
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, acts));
  const RecallPetition& petition = store.engine->state().ledger.petitions.at(flags.petition);
  const auto signatures = static_cast<std::int64_t>(petition.signers.size());
  nlohmann::ordered_json out;
  out["signed"] = persons.size();
  out["signatures"] = signatures;
  out["needed"] = petition.needed;
  out["roll"] = petition.roll;
  out["stage"] = PetitionStageName(petition.stage);
  out["acts"] = acts.size();
  PrintActs(flags, schema::council::kRecallSignKind, flags.petition, appended, out,
            fmt::format("{} signed petition {} on {}; {} of {} needed{}", GroupThousands(
                                                                           persons.size()),
                        flags.petition, flags.date, GroupThousands(signatures),
                        GroupThousands(petition.needed),
                        petition.stage == PetitionStage::kVoteDue
                            ? ": the recall vote is due (sovet recall vote)"
                            : ""));
  return {};
}

// ---- vote --------------------------------------------------------------------------

struct VoteFlags : ActFlags {
  std::string petition;
  std::int64_t votes_for = 0;
  std::int64_t votes_against = 0;
  std::string by_election;
  std::string by_election_on;
};

Result<void> RunVote(const VoteFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  if (!flags.by_election_on.empty()) {
    SOVET_TRY(Date held, DateFlag(flags.by_election_on, "--by-election-on"));
    (void)held;
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(Act act, RecallVoteAct(store.engine->state(), store.InForce(date),
                                   RecallVoteRequest{.date = flags.date,
                                                     .petition = flags.petition,
                                                     .votes_for = flags.votes_for,
                                                     .votes_against = flags.votes_against,
                                                     .by_election = flags.by_election,
                                                     .by_election_on = flags.by_election_on}));
  const bool passes = act.fields.at(field::kResult).text() == "recalled";
  const std::string by_election =
      act.fields.count(field::kByElection) ? act.fields.at(field::kByElection).text() : "";
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, {act}));
  const RecallPetition& petition = store.engine->state().ledger.petitions.at(flags.petition);
  nlohmann::ordered_json out;
  out["for"] = flags.votes_for;
  out["against"] = flags.votes_against;
  out["result"] = passes ? "recalled" : "retained";
  out["body"] = petition.body;
  out["seat"] = petition.seat;
  out["person"] = petition.person;
  if (!by_election.empty()) {
    out["by_election"] = by_election;
    out["by_election_on"] = flags.by_election_on.empty() ? flags.date : flags.by_election_on;
  }
  PrintActs(
      flags, schema::council::kRecallVoteKind, flags.petition, appended, out,
      passes ? fmt::format("{} for, {} against: {} is recalled from seat {} of {}, with every "
                           "seat standing on it{}",
                           flags.votes_for, flags.votes_against, petition.person, petition.seat,
                           petition.body,
                           by_election.empty()
                               ? std::string()
                               : fmt::format("; by-election {} called", by_election))
             : fmt::format("{} for, {} against: no majority of votes cast (recall.majority); {} "
                           "keeps seat {} of {}",
                           flags.votes_for, flags.votes_against, petition.person, petition.seat,
                           petition.body));
  return {};
}

// ---- show --------------------------------------------------------------------------

struct ShowFlags : ActFlags {
  std::string petition;
  std::string body;
  std::string on;
};

Result<void> RunShow(const ShowFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const EngineState& state = store.engine->state();
  std::optional<Date> on;
  if (!flags.on.empty()) {
    SOVET_TRY(on, DateFlag(flags.on, "--on"));
  } else {
    on = state.ledger.latest;
    if (state.roll.latest() && (!on || *on < *state.roll.latest())) on = state.roll.latest();
  }
  if (!flags.petition.empty() && state.ledger.petitions.count(flags.petition) == 0) {
    return Error(Status::NotFound(
        fmt::format("petition \"{}\" is not opened (sovet recall open)", flags.petition),
        SourceLocation{.field = "--petition"}));
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [id, petition] : state.ledger.petitions) {
    if (!flags.petition.empty() && id != flags.petition) continue;
    if (!flags.body.empty() && petition.body != flags.body) continue;
    const PetitionStage stage =
        on ? EffectiveStage(state.ledger, petition, *on) : petition.stage;
    nlohmann::ordered_json row;
    row["petition"] = id;
    row["body"] = petition.body;
    row["seat"] = petition.seat;
    row["person"] = petition.person;
    if (!petition.by_body.empty()) row["by_body"] = petition.by_body;
    row["opened"] = petition.opened.ToString();
    row["roll"] = petition.roll;
    row["needed"] = petition.needed;
    row["signatures"] = petition.signers.size();
    row["stage"] = PetitionStageName(stage);
    if (petition.decided) {
      row["decided"] = petition.decided->ToString();
      row["for"] = petition.votes_for;
      row["against"] = petition.votes_against;
    }
    if (!petition.by_election.empty()) row["by_election"] = petition.by_election;
    list.push_back(std::move(row));
    text += fmt::format(
        "{}  {} seat {}  against {}  opened {}  {}  {}  {}\n", id, petition.body, petition.seat,
        petition.person, petition.opened.ToString(),
        petition.by_body.empty()
            ? fmt::format("{} of {} signatures needed (roll {})",
                          GroupThousands(static_cast<std::int64_t>(petition.signers.size())),
                          GroupThousands(petition.needed), GroupThousands(petition.roll))
            : fmt::format("motion of {}", petition.by_body),
        PetitionStageName(stage),
        petition.decided ? fmt::format("vote {}: {} for, {} against{}", petition.decided->ToString(),
                                       petition.votes_for, petition.votes_against,
                                       petition.by_election.empty()
                                           ? std::string()
                                           : "; by-election " + petition.by_election)
                         : std::string());
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    if (on) out["on"] = on->ToString();
    out["petitions"] = std::move(list);
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", text.empty() ? std::string("no recall petitions\n") : text);
  }
  return {};
}

// ---- the command ---------------------------------------------------------------------

void SetupRecall(CLI::App& app, Action& action) {
  CLI::App* recall = app.add_subcommand(
      "recall", "recall at any moment (001:152): open a petition, sign it, record the vote, show");
  recall->require_subcommand(1);

  CLI::App* open = recall->add_subcommand(
      "open", "open a recall petition against the holder of a seat (a delegate: --by-body)");
  auto open_flags = BindFlags<OpenFlags>(open, action, &RunOpen);
  AddActOptions(open, *open_flags, true);
  open->add_option("--petition", open_flags->petition, "the petition's id (new)")->required();
  open->add_option("--body", open_flags->body, "the body whose seat it is")->required();
  open->add_option("--seat", open_flags->seat, "the seat (1-based; default: the --person's)");
  open->add_option("--person", open_flags->person,
                   "the deputy (default: the seat's holder; checked against it)");
  open->add_option("--by-body", open_flags->by_body,
                   "a delegate's sending body, whose motion recalls them (no signatures)");

  CLI::App* sign = recall->add_subcommand(
      "sign", "record electors' signatures of a petition (all or none)");
  auto sign_flags = BindFlags<SignFlags>(sign, action, &RunSign);
  AddActOptions(sign, *sign_flags, true);
  sign->add_option("--petition", sign_flags->petition, "the petition")->required();
  sign->add_option("--person", sign_flags->persons, "a signer's id (repeatable)");
  sign->add_option("PERSONS", sign_flags->positional, "signers' ids (as --person)");
  sign->add_option("--file", sign_flags->file, "a file of signers' ids, one per line");

  CLI::App* vote = recall->add_subcommand(
      "vote", "record the recall vote of a petition whose signatures are in (or a motion)");
  auto vote_flags = BindFlags<VoteFlags>(vote, action, &RunVote);
  AddActOptions(vote, *vote_flags, true);
  vote->add_option("--petition", vote_flags->petition, "the petition")->required();
  vote->add_option("--for", vote_flags->votes_for, "votes for the recall")->required();
  vote->add_option("--against", vote_flags->votes_against, "votes against")->required();
  vote->add_option("--by-election", vote_flags->by_election,
                   "the id of the by-election called when the recall passes (default: "
                   "PETITION.by-election)");
  vote->add_option("--by-election-on", vote_flags->by_election_on,
                   "the by-election's day (default: the vote's)");

  CLI::App* show = recall->add_subcommand("show", "the recall petitions and their stages");
  auto show_flags = BindFlags<ShowFlags>(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--petition", show_flags->petition, "one petition");
  show->add_option("--body", show_flags->body, "the petitions against seats of this body");
  show->add_option("--on", show_flags->on,
                   "the day the stages are read on (default: the journal's latest date)");
}

CommandRegistrar registrar(47, &SetupRecall);

}  // namespace
}  // namespace sovet::cli
