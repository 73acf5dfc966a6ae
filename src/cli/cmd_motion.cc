// `sovet session open|attend|close` and `sovet motion put|vote|close|show|list`:
// a body in session, motions put and voted by roll call, decisions adopted
// (doc/decisions.md; SYSTEM.md §7.3). Every act goes through the engine's
// rules; a refusal names the rule (charter key or seed line) and writes
// nothing (exit 2).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/io.h"
#include "base/sha256.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/apportion.h"
#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/date.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"

namespace sovet::cli {
namespace {

namespace field = schema::council::field;

// The largest text a motion.put carries itself (the engine's limit,
// doc/decisions.md "Texts"): longer texts are kept by their SHA-256 only.
constexpr std::size_t kMaxInlineText = 4096;

Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  return OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                         "motions follow the charter's [motions] and [[competence]] rules");
}

void PrintJson(const nlohmann::ordered_json& out) {
  fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Checks `act` by the engine's rules, then appends it; returns its entry.
Result<Appended> Record(EngineStore& store, const Act& act) {
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  return store.journal->Append(act);
}

void PrintAppended(const ActFlags& flags, const Act& act, const Appended& appended,
                   nlohmann::ordered_json out, const std::string& text) {
  if (flags.format == "json") {
    nlohmann::ordered_json head;
    head["kind"] = act.kind;
    head["body"] = act.body;
    head["date"] = flags.date;
    head["seq"] = appended.seq;
    head["hash"] = HexEncode(appended.hash);
    head.update(out);
    PrintJson(head);
    return;
  }
  fmt::print("{} (entry {})\n", text, appended.seq);
}

// Ids from the flag values and a file of one id per line ("" for none).
Result<std::vector<std::string>> IdsFrom(std::vector<std::string> ids, const std::string& file) {
  if (file.empty()) return ids;
  SOVET_TRY(std::string text, ReadFile(file));
  std::size_t at = 0;
  std::int64_t line = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string id = text.substr(at, end - at);
    ++line;
    at = end + 1;
    if (!id.empty() && id.back() == '\r') id.pop_back();
    if (id.empty()) continue;
    if (Status utf8 = CheckUtf8(id, SourceLocation{.file = file, .line = line}); !utf8.ok()) {
      return Error(std::move(utf8));
    }
    ids.push_back(std::move(id));
  }
  return ids;
}

Value TextList(const std::vector<std::string>& items) {
  ValueList list;
  for (const std::string& item : items) list.push_back(Value::Text(item));
  return Value::List(std::move(list));
}

// ---- session open | attend | close ---------------------------------------------------

struct SessionFlags : ActFlags {
  std::string body;
  std::int64_t sitting = 0;
  std::vector<std::string> persons;
  std::vector<std::string> positional;
  std::string file;
};

Result<void> RunOpen(const SessionFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(Act act, SessionOpenAct(store.engine->state(), *store.charter, flags.body, date));
  SOVET_TRY(Appended appended, Record(store, act));
  const std::int64_t seated = act.fields.at(field::kSeated).integer();
  const std::int64_t quorum = act.fields.at(field::kQuorum).integer();
  nlohmann::ordered_json out;
  out["sitting"] = appended.seq;
  out["seated"] = seated;
  out["quorum"] = quorum;
  PrintAppended(flags, act, appended, out,
                fmt::format("sitting {} of {} opened on {}: {} seated, quorum {} (decisions.quorum "
                            "{}/{} + {})",
                            appended.seq, flags.body, flags.date, seated, quorum,
                            store.charter->decisions.quorum_num,
                            store.charter->decisions.quorum_den,
                            store.charter->decisions.quorum_plus));
  return {};
}

// The sitting a command names: `--sitting N`, else the open sitting of
// `--body`.
Result<std::int64_t> SittingOf(const EngineState& state, std::int64_t sitting,
                               const std::string& body) {
  if (sitting != 0) return sitting;
  if (body.empty()) {
    return Error(Status::InvalidInput("expected --sitting N or --body KIND:UNIT (its open sitting)",
                                      SourceLocation{.field = "--sitting"}));
  }
  auto open = state.ledger.decisions.open_sitting.find(body);
  if (open == state.ledger.decisions.open_sitting.end()) {
    return Error(Status::InvalidInput(
        fmt::format("{} is not in session (sovet session open --body {})", body, body),
        SourceLocation{.field = "--body"}));
  }
  return open->second;
}

// The motion a command names: `--motion N`, else the one open motion of
// `--body`.
Result<std::int64_t> MotionOf(const EngineState& state, std::int64_t motion,
                              const std::string& body) {
  if (motion != 0) return motion;
  if (body.empty()) {
    return Error(Status::InvalidInput("expected --motion N or --body KIND:UNIT (its open motion)",
                                      SourceLocation{.field = "--motion"}));
  }
  std::vector<std::int64_t> open;
  for (const auto& [seq, put] : state.ledger.decisions.motions) {
    if (put.body == body && put.stage == MotionStage::kOpen) open.push_back(seq);
  }
  if (open.size() != 1) {
    return Error(Status::InvalidInput(
        open.empty() ? fmt::format("{} has no open motion", body)
                     : fmt::format("{} has {} open motions ({}): name one with --motion", body,
                                   open.size(), fmt::join(open, ", ")),
        SourceLocation{.field = "--body"}));
  }
  return open.front();
}

// The body of sitting `sitting`, for acts naming the sitting only.
Result<std::string> BodyOfSitting(const EngineState& state, std::int64_t sitting) {
  auto found = state.ledger.decisions.sittings.find(sitting);
  if (found == state.ledger.decisions.sittings.end()) {
    return Error(Status::InvalidInput(fmt::format("no session.open is entry {}", sitting),
                                      SourceLocation{.field = "--sitting"}));
  }
  return found->second.body;
}

Result<void> RunAttend(const SessionFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  std::vector<std::string> persons = flags.persons;
  persons.insert(persons.end(), flags.positional.begin(), flags.positional.end());
  SOVET_TRY(persons, IdsFrom(std::move(persons), flags.file));
  if (persons.empty()) {
    return Error(Status::InvalidInput("no member given: expected --person ID or --file FILE",
                                      SourceLocation{.field = "--person"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::int64_t sitting_seq,
            SittingOf(store.engine->state(), flags.sitting, flags.body));
  SOVET_TRY(std::string body, BodyOfSitting(store.engine->state(), sitting_seq));
  Act act{.kind = schema::council::kSessionAttendKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kSitting] = Value::Integer(sitting_seq);
  act.fields[field::kPersons] = TextList(persons);
  SOVET_TRY(Appended appended, Record(store, act));
  const Sitting& sitting = store.engine->state().ledger.decisions.sittings.at(sitting_seq);
  nlohmann::ordered_json out;
  out["sitting"] = sitting_seq;
  out["recorded"] = persons.size();
  out["present"] = sitting.present.size();
  out["quorum"] = sitting.quorum;
  PrintAppended(flags, act, appended, out,
                fmt::format("sitting {} of {}: {} recorded present, {} present of {} seated "
                            "(quorum {}{})",
                            sitting_seq, body, persons.size(), sitting.present.size(),
                            sitting.seated, sitting.quorum,
                            static_cast<std::int64_t>(sitting.present.size()) >= sitting.quorum
                                ? ", held"
                                : ", not yet held"));
  return {};
}

Result<void> RunClose(const SessionFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::int64_t sitting_seq,
            SittingOf(store.engine->state(), flags.sitting, flags.body));
  SOVET_TRY(std::string body, BodyOfSitting(store.engine->state(), sitting_seq));
  Act act{.kind = schema::council::kSessionCloseKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kSitting] = Value::Integer(sitting_seq);
  SOVET_TRY(Appended appended, Record(store, act));
  nlohmann::ordered_json out;
  out["sitting"] = sitting_seq;
  PrintAppended(flags, act, appended, out,
                fmt::format("sitting {} of {} closed on {}", sitting_seq, body, flags.date));
  return {};
}

// ---- motion put | vote | close --------------------------------------------------------

struct PutFlags : ActFlags {
  std::int64_t sitting = 0;
  std::string body;
  std::string kind;
  std::string title;
  std::string text_file;
  std::vector<std::string> scope;
};

Result<void> RunPut(const PutFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(std::string text, ReadFile(flags.text_file));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(std::int64_t sitting_seq,
            SittingOf(store.engine->state(), flags.sitting, flags.body));
  SOVET_TRY(std::string body, BodyOfSitting(store.engine->state(), sitting_seq));
  const std::vector<std::string> scope =
      flags.scope.empty() ? std::vector<std::string>{BodyUnitOf(body)} : flags.scope;
  Act act{.kind = schema::council::kMotionPutKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kSitting] = Value::Integer(sitting_seq);
  act.fields[field::kMotionKind] = Value::Text(flags.kind);
  act.fields[field::kTitle] = Value::Text(flags.title);
  act.fields[field::kTextSha256] = Value::Text(Sha256Hex(text));
  const bool inline_text = text.size() <= kMaxInlineText && CheckUtf8(text, {}).ok();
  if (inline_text) act.fields[field::kText] = Value::Text(text);
  act.fields[field::kScope] = TextList(scope);
  SOVET_TRY(Appended appended, Record(store, act));
  nlohmann::ordered_json out;
  out["motion"] = appended.seq;
  out["sitting"] = sitting_seq;
  out["motion_kind"] = flags.kind;
  out["title"] = flags.title;
  out["text_sha256"] = Sha256Hex(text);
  out["text_stored"] = inline_text;
  out["scope"] = scope;
  PrintAppended(flags, act, appended, out,
                fmt::format("motion {} put to {} ({}): \"{}\", text sha256 {}{}, scope {}",
                            appended.seq, body, flags.kind, flags.title, Sha256Hex(text),
                            inline_text ? "" : " (the text is kept by its hash only)",
                            fmt::join(scope, ", ")));
  return {};
}

struct VoteFlags : ActFlags {
  std::int64_t motion = 0;
  std::string body;
  std::vector<std::string> votes_for;
  std::vector<std::string> votes_against;
  std::vector<std::string> abstain;
  std::string file;
};

// A roll-call sheet: one "PERSON for|against|abstain" a line.
Result<void> ReadSheet(const std::string& file, std::vector<std::string>& votes_for,
                       std::vector<std::string>& votes_against, std::vector<std::string>& abstain) {
  SOVET_TRY(std::string text, ReadFile(file));
  std::size_t at = 0;
  std::int64_t line = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string row = text.substr(at, end - at);
    ++line;
    at = end + 1;
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (row.empty()) continue;
    const std::size_t space = row.rfind(' ');
    const std::string choice = space == std::string::npos ? std::string() : row.substr(space + 1);
    const std::string person = space == std::string::npos ? row : row.substr(0, space);
    if (Status utf8 = CheckUtf8(person, SourceLocation{.file = file, .line = line}); !utf8.ok()) {
      return Error(std::move(utf8));
    }
    if (choice == "for") {
      votes_for.push_back(person);
    } else if (choice == "against") {
      votes_against.push_back(person);
    } else if (choice == "abstain") {
      abstain.push_back(person);
    } else {
      return Error(Status::InvalidInput(
          fmt::format("expected \"PERSON for|against|abstain\", got \"{}\"", row),
          SourceLocation{.file = file, .line = line}));
    }
  }
  return {};
}

Result<void> RunVote(const VoteFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  std::vector<std::string> votes_for = flags.votes_for;
  std::vector<std::string> votes_against = flags.votes_against;
  std::vector<std::string> abstain = flags.abstain;
  if (!flags.file.empty()) SOVET_CHECK_OK(ReadSheet(flags.file, votes_for, votes_against, abstain));
  if (votes_for.empty() && votes_against.empty() && abstain.empty()) {
    return Error(Status::InvalidInput(
        "no vote given: expected --for, --against, --abstain PERSON or --file SHEET",
        SourceLocation{.field = "--for"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(const std::int64_t motion_seq,
            MotionOf(store.engine->state(), flags.motion, flags.body));
  const auto& motions = store.engine->state().ledger.decisions.motions;
  auto motion = motions.find(motion_seq);
  if (motion == motions.end()) {
    return Error(Status::InvalidInput(fmt::format("no motion.put is entry {}", motion_seq),
                                      SourceLocation{.field = "--motion"}));
  }
  Act act{.kind = schema::council::kMotionVoteKind, .body = motion->second.body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kMotion] = Value::Integer(motion_seq);
  if (!votes_for.empty()) act.fields[field::kFor] = TextList(votes_for);
  if (!votes_against.empty()) act.fields[field::kAgainst] = TextList(votes_against);
  if (!abstain.empty()) act.fields[field::kAbstain] = TextList(abstain);
  SOVET_TRY(Appended appended, Record(store, act));
  const Motion& now = store.engine->state().ledger.decisions.motions.at(motion_seq);
  nlohmann::ordered_json out;
  out["motion"] = motion_seq;
  out["recorded"] = votes_for.size() + votes_against.size() + abstain.size();
  out["votes_for"] = now.votes_for;
  out["votes_against"] = now.votes_against;
  out["abstentions"] = now.abstentions;
  PrintAppended(flags, act, appended, out,
                fmt::format("motion {}: {} votes recorded; so far {} for, {} against, {} "
                            "abstaining",
                            motion_seq, votes_for.size() + votes_against.size() + abstain.size(),
                            now.votes_for, now.votes_against, now.abstentions));
  return {};
}

struct CloseFlags : ActFlags {
  std::int64_t motion = 0;
  std::string body;
};

Result<void> RunMotionClose(const CloseFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  SOVET_TRY(const std::int64_t motion_seq,
            MotionOf(store.engine->state(), flags.motion, flags.body));
  SOVET_TRY(Act act, MotionCloseAct(store.engine->state(), *store.charter, motion_seq, date));
  SOVET_TRY(Appended appended, Record(store, act));
  const Motion& motion = store.engine->state().ledger.decisions.motions.at(motion_seq);
  const MotionKind* kind = store.charter->competences.FindMotionKind(motion.motion_kind);
  const bool adopted = motion.stage == MotionStage::kAdopted;
  nlohmann::ordered_json out;
  out["motion"] = motion_seq;
  out["result"] = MotionStageName(motion.stage);
  out["majority"] = kind != nullptr ? MajorityRuleName(kind->majority) : "";
  out["present"] = act.fields.at(field::kPresent).integer();
  out["votes_for"] = motion.votes_for;
  out["votes_against"] = motion.votes_against;
  out["abstentions"] = motion.abstentions;
  std::string text = fmt::format(
      "motion {} of {} {}: {} for, {} against, {} abstaining, {} present (motions.{}.majority = "
      "\"{}\"{})",
      motion_seq, motion.body, MotionStageName(motion.stage), motion.votes_for,
      motion.votes_against, motion.abstentions, act.fields.at(field::kPresent).integer(),
      motion.motion_kind, kind != nullptr ? MajorityRuleName(kind->majority) : "",
      kind != nullptr && kind->majority == MajorityRule::kUnanimity
          ? (kind->abstentions_allowed ? ", abstentions allowed" : ", no abstention allowed")
          : "");
  if (adopted) {
    // Keyed by the seq the engine gave the act (the journal's, unless
    // another operator appended in between).
    const Decision& decision =
        store.engine->state().ledger.decisions.decisions.at(store.engine->state().seq);
    out["decision"] = appended.seq;
    out["number"] = decision.number;
    out["status"] = DecisionStatusName(decision.status);
    text += fmt::format("; decision no. {} of {}, {}", decision.number, motion.body,
                        DecisionStatusName(decision.status));
  }
  PrintAppended(flags, act, appended, out, text);
  return {};
}

// ---- motion show | list ----------------------------------------------------------------

struct ReadFlags : ActFlags {
  std::int64_t motion = 0;
  std::string body;
};

nlohmann::ordered_json MotionJson(const DecisionLedger& ledger, const Motion& motion,
                                  bool votes) {
  nlohmann::ordered_json out;
  out["motion"] = motion.act;
  out["sitting"] = motion.sitting;
  out["body"] = motion.body;
  out["motion_kind"] = motion.motion_kind;
  out["title"] = motion.title;
  out["text_sha256"] = motion.text_sha256;
  out["scope"] = motion.scope;
  out["put_on"] = motion.put_on.ToString();
  out["stage"] = MotionStageName(motion.stage);
  out["votes_for"] = motion.votes_for;
  out["votes_against"] = motion.votes_against;
  out["abstentions"] = motion.abstentions;
  if (motion.closed_by != 0) out["closed_by"] = motion.closed_by;
  if (auto decision = ledger.decisions.find(motion.closed_by); decision != ledger.decisions.end()) {
    out["number"] = decision->second.number;
    out["status"] = DecisionStatusName(decision->second.status);
  }
  if (votes) {
    nlohmann::ordered_json roll = nlohmann::ordered_json::object();
    for (const auto& [person, choice] : motion.votes) roll[person] = VoteChoiceName(choice);
    out["votes"] = std::move(roll);
  }
  return out;
}

std::string MotionLine(const DecisionLedger& ledger, const Motion& motion) {
  std::string line = fmt::format("{}  {}  {}  \"{}\"  put {}  {}: {} for, {} against, {} abstaining",
                                 motion.act, motion.body, motion.motion_kind, motion.title,
                                 motion.put_on.ToString(), MotionStageName(motion.stage),
                                 motion.votes_for, motion.votes_against, motion.abstentions);
  if (auto decision = ledger.decisions.find(motion.closed_by); decision != ledger.decisions.end()) {
    line += fmt::format("  decision no. {} ({})", decision->second.number,
                        DecisionStatusName(decision->second.status));
  }
  return line;
}

Result<void> RunShow(const ReadFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const DecisionLedger& ledger = store.engine->state().ledger.decisions;
  auto motion = ledger.motions.find(flags.motion);
  if (motion == ledger.motions.end()) {
    return Error(Status::NotFound(fmt::format("no motion.put is entry {}", flags.motion),
                                  SourceLocation{.field = "--motion"}));
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out = MotionJson(ledger, motion->second, true);
    if (!motion->second.text.empty()) out["text"] = motion->second.text;
    PrintJson(out);
    return {};
  }
  std::string text = MotionLine(ledger, motion->second) + "\n";
  for (const auto& [person, choice] : motion->second.votes) {
    text += fmt::format("  {}  {}\n", person, VoteChoiceName(choice));
  }
  if (!motion->second.text.empty()) text += "\n" + motion->second.text + "\n";
  fmt::print("{}", text);
  return {};
}

Result<void> RunList(const ReadFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const DecisionLedger& ledger = store.engine->state().ledger.decisions;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [seq, motion] : ledger.motions) {
    if (!flags.body.empty() && motion.body != flags.body) continue;
    list.push_back(MotionJson(ledger, motion, false));
    text += MotionLine(ledger, motion) + "\n";
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["motions"] = std::move(list);
    PrintJson(out);
    return {};
  }
  fmt::print("{}", text.empty() ? std::string("no motions\n") : text);
  return {};
}

// ---- the commands ---------------------------------------------------------------------

void SetupSession(CLI::App& app, Action& action) {
  CLI::App* session = app.add_subcommand(
      "session", "a body in session: open it, record the members present, close it");
  session->require_subcommand(1);

  CLI::App* open = session->add_subcommand(
      "open", "open a sitting of a body (its seated members and quorum are recorded)");
  auto open_flags = BindFlags<SessionFlags>(open, action, &RunOpen);
  AddActOptions(open, *open_flags, true);
  open->add_option("--body", open_flags->body, "the body (KIND:UNIT)")->required();

  CLI::App* attend = session->add_subcommand(
      "attend", "record seated members present at a sitting (each once)");
  auto attend_flags = BindFlags<SessionFlags>(attend, action, &RunAttend);
  AddActOptions(attend, *attend_flags, true);
  attend->add_option("--sitting", attend_flags->sitting, "the sitting (its session.open entry)");
  attend->add_option("--body", attend_flags->body, "or the body (KIND:UNIT): its open sitting");
  attend->add_option("--person", attend_flags->persons, "a member's id (repeatable)");
  attend->add_option("PERSONS", attend_flags->positional, "members' ids (as --person)");
  attend->add_option("--file", attend_flags->file, "a file of members' ids, one per line");

  CLI::App* close = session->add_subcommand("close", "close a sitting (its motions closed)");
  auto close_flags = BindFlags<SessionFlags>(close, action, &RunClose);
  AddActOptions(close, *close_flags, true);
  close->add_option("--sitting", close_flags->sitting, "the sitting (its session.open entry)");
  close->add_option("--body", close_flags->body, "or the body (KIND:UNIT): its open sitting");
}

void SetupMotion(CLI::App& app, Action& action) {
  CLI::App* motion = app.add_subcommand(
      "motion", "motions put to a sitting, voted by roll call, closed by their tally");
  motion->require_subcommand(1);

  CLI::App* put = motion->add_subcommand(
      "put", "put a motion to a sitting (its kind must be in the body's competence)");
  auto put_flags = BindFlags<PutFlags>(put, action, &RunPut);
  AddActOptions(put, *put_flags, true);
  put->add_option("--sitting", put_flags->sitting, "the sitting (its session.open entry)");
  put->add_option("--body", put_flags->body, "or the body (KIND:UNIT): its open sitting");
  put->add_option("--kind", put_flags->kind, "the motion's kind (charter [motions.<kind>])")
      ->required();
  put->add_option("--title", put_flags->title, "the motion's title")->required();
  put->add_option("--text", put_flags->text_file,
                  "a file holding the motion's text (its SHA-256 is recorded; the text too "
                  "when it is UTF-8 of at most 4096 bytes)")
      ->required();
  put->add_option("--scope", put_flags->scope,
                  "a unit the motion covers (repeatable; default: the body's unit)");

  CLI::App* vote = motion->add_subcommand(
      "vote", "record members' votes by roll call (each member once)");
  auto vote_flags = BindFlags<VoteFlags>(vote, action, &RunVote);
  AddActOptions(vote, *vote_flags, true);
  vote->add_option("--motion", vote_flags->motion, "the motion (its motion.put entry)");
  vote->add_option("--body", vote_flags->body, "or the body (KIND:UNIT): its one open motion");
  vote->add_option("--for", vote_flags->votes_for, "a member voting for (repeatable)");
  vote->add_option("--against", vote_flags->votes_against, "a member voting against (repeatable)");
  vote->add_option("--abstain", vote_flags->abstain, "a member abstaining (repeatable)");
  vote->add_option("--file", vote_flags->file,
                   "a roll-call sheet: one \"PERSON for|against|abstain\" a line");

  CLI::App* close = motion->add_subcommand(
      "close", "close a motion: its tally under the charter's rule; adopted, a decision");
  auto close_flags = BindFlags<CloseFlags>(close, action, &RunMotionClose);
  AddActOptions(close, *close_flags, true);
  close->add_option("--motion", close_flags->motion, "the motion (its motion.put entry)");
  close->add_option("--body", close_flags->body, "or the body (KIND:UNIT): its one open motion");

  CLI::App* show = motion->add_subcommand("show", "one motion: its tally, votes and text");
  auto show_flags = BindFlags<ReadFlags>(show, action, &RunShow);
  AddActOptions(show, *show_flags, false);
  show->add_option("--motion", show_flags->motion, "the motion (its motion.put entry)")
      ->required();

  CLI::App* list = motion->add_subcommand("list", "the motions and the decisions adopted");
  auto list_flags = BindFlags<ReadFlags>(list, action, &RunList);
  AddActOptions(list, *list_flags, false);
  list->add_option("--body", list_flags->body, "only this body's (KIND:UNIT)");
}

CommandRegistrar session_registrar(65, &SetupSession);
CommandRegistrar motion_registrar(66, &SetupMotion);

}  // namespace
}  // namespace sovet::cli
