// Sittings and motions on an EngineState built directly (seats set in the
// ledger as election.verify would): the scripts of tests/data/motions/ (one
// act a line, its expected outcome after `->`; README.md there) reach each
// boundary of doc/decisions.md — two thirds one short and exact, unanimity
// with and without abstentions, the quorum one short, a member voting twice,
// a non-member or absent member voting, a reserved power used by the
// Executive, a motion outside the body's territory, an essential measure
// awaiting approval — and the decisions they adopt are checked here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/io.h"
#include "engine/council.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"

namespace sovet::engine {
namespace {

using ::testing::HasSubstr;
namespace field = schema::council::field;

const std::string kSha = std::string(64, 'a');

Charter TestCharter() {
  auto base = ReadFile(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  auto extra = ReadFile(SOVET_SOURCE_DIR "/tests/data/motions/extra.toml");
  EXPECT_TRUE(base.has_value() && extra.has_value());
  auto charter = ParseCharter(*base + "\n" + *extra, "rsfsr-1918.toml+extra.toml");
  EXPECT_TRUE(charter.has_value()) << charter.error().ToString();
  return *charter;
}

std::vector<std::string> Split(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

Value Texts(const std::vector<std::string>& items, std::size_t from) {
  ValueList list;
  for (std::size_t idx = from; idx < items.size(); ++idx) list.push_back(Value::Text(items[idx]));
  return Value::List(std::move(list));
}

class MotionScript {
 public:
  MotionScript() {
    Act units = RollUnitsAct("2026-01-01", {"town-a", "town-b", "town-c"},
                             {{"fed", ""},
                              {"north", "fed"},
                              {"south", "fed"},
                              {"town-a", "north"},
                              {"town-b", "north"},
                              {"town-c", "south"}});
    EXPECT_TRUE(CheckRollAct(state_.roll, charter_, units).has_value());
    state_.roll.Apply(units);
  }

  void Seats(const std::string& body, const std::string& prefix, int count) {
    state_.body_index.emplace(body, static_cast<BodyIndex>(state_.body_ids.size()));
    state_.body_ids.push_back(body);
    auto& seats = state_.ledger.bodies[body].seats;
    for (int idx = 1; idx <= count; ++idx) {
      seats.push_back(SeatHolder{.person = prefix + std::to_string(idx),
                                 .election = "e",
                                 .seated = Date::Parse("2026-01-05").value(),
                                 .term_ends = std::nullopt,
                                 .source_body = "",
                                 .source_seat = 0});
    }
  }

  // Checks and applies one act as the engine does, numbering it.
  Result<void> Run(const Act& act) {
    SOVET_CHECK_OK(CheckCouncilAct(state_, charter_, act));
    state_.seq = ++seq_;
    ApplyCouncilAct(state_, charter_, act);
    return {};
  }

  // One script line's act and its outcome ("ok", "adopted", ...).
  Result<std::string> Line(const std::vector<std::string>& words) {
    const std::string& verb = words[0];
    const std::string& body = words[1];
    const Date date = Date::Parse(words[2]).value();
    Act act{.kind = "", .body = body, .fields = {}};
    act.fields[field::kDate] = Value::Text(words[2]);
    if (verb == "open") {
      SOVET_TRY(act, SessionOpenAct(state_, charter_, body, date));
      SOVET_CHECK_OK(Run(act));
      sitting_[body] = seq_;
      return std::string("ok");
    }
    if (verb == "attend" || verb == "end") {
      act.kind = verb == "attend" ? schema::council::kSessionAttendKind
                                  : schema::council::kSessionCloseKind;
      act.fields[field::kSitting] = Value::Integer(sitting_[body]);
      if (verb == "attend") act.fields[field::kPersons] = Texts(words, 3);
      SOVET_CHECK_OK(Run(act));
      return std::string("ok");
    }
    if (verb == "put") {
      act.kind = schema::council::kMotionPutKind;
      act.fields[field::kSitting] = Value::Integer(sitting_[body]);
      act.fields[field::kMotionKind] = Value::Text(words[3]);
      act.fields[field::kTitle] = Value::Text("a motion of " + words[3]);
      act.fields[field::kTextSha256] = Value::Text(kSha);
      act.fields[field::kScope] = Texts(words, 4);
      SOVET_CHECK_OK(Run(act));
      motion_[body] = seq_;
      return std::string("ok");
    }
    if (verb == "vote") {
      act.kind = schema::council::kMotionVoteKind;
      act.fields[field::kMotion] = Value::Integer(motion_[body]);
      act.fields[words[3]] = Texts(words, 4);
      SOVET_CHECK_OK(Run(act));
      return std::string("ok");
    }
    if (verb == "close" || verb == "forge") {
      SOVET_TRY(act, MotionCloseAct(state_, charter_, motion_[body], date));
      if (verb == "forge") {
        const std::string& value = words[4];
        act.fields[words[3]] = std::all_of(value.begin(), value.end(), ::isdigit)
                                   ? Value::Integer(std::stoll(value))
                                   : Value::Text(value);
      }
      SOVET_CHECK_OK(Run(act));
      const Motion& motion = state_.ledger.decisions.motions.at(motion_[body]);
      if (motion.stage == MotionStage::kRejected) return std::string("rejected");
      const Decision& decision = state_.ledger.decisions.decisions.at(seq_);
      return std::string(decision.status == DecisionStatus::kAwaitingApproval
                             ? "awaiting_approval"
                             : "adopted");
    }
    return Error(Status::InvalidInput("unknown verb " + verb));
  }

  Charter charter_ = TestCharter();
  EngineState state_;
  std::int64_t seq_ = 0;
  std::map<std::string, std::int64_t> sitting_;
  std::map<std::string, std::int64_t> motion_;
};

class MotionScriptTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MotionScriptTest, EveryLineHasItsOutcome) {
  const std::string path = SOVET_SOURCE_DIR "/tests/data/motions/" + GetParam();
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  MotionScript script;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("seats ")) {
      const std::vector<std::string> words = Split(line);
      ASSERT_EQ(words.size(), 4u) << path << ":" << number;
      script.Seats(words[1], words[2], std::stoi(words[3]));
      continue;
    }
    const std::size_t arrow = line.find(" -> ");
    ASSERT_NE(arrow, std::string::npos) << path << ":" << number;
    const std::vector<std::string> words = Split(line.substr(0, arrow));
    const std::string expect = line.substr(arrow + 4);
    const std::int64_t before = script.seq_;
    auto outcome = script.Line(words);
    if (expect.starts_with("refused ")) {
      ASSERT_FALSE(outcome.has_value()) << path << ":" << number << " accepted: " << line;
      EXPECT_THAT(outcome.error().message(), HasSubstr(expect.substr(8)))
          << path << ":" << number;
      EXPECT_EQ(script.seq_, before) << path << ":" << number << ": a refusal applies nothing";
    } else {
      ASSERT_TRUE(outcome.has_value())
          << path << ":" << number << ": " << outcome.error().message();
      EXPECT_EQ(*outcome, expect) << path << ":" << number << ": " << line;
    }
  }
}

std::vector<std::string> Scripts() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(SOVET_SOURCE_DIR "/tests/data/motions")) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Scripts, MotionScriptTest, ::testing::ValuesIn(Scripts()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 4);
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(MotionTest, AnAdoptedMotionIsANumberedDecisionOfItsBody) {
  MotionScript script;
  script.Seats("congress:fed", "d", 3);
  for (const char* line : {"open congress:fed 2026-03-01", "attend congress:fed 2026-03-01 d1 d2",
                           "put congress:fed 2026-03-01 decree fed town-a",
                           "vote congress:fed 2026-03-01 for d1 d2",
                           "close congress:fed 2026-03-01",
                           "put congress:fed 2026-03-02 resolution north",
                           "vote congress:fed 2026-03-02 for d1",
                           "vote congress:fed 2026-03-02 against d2",
                           "close congress:fed 2026-03-02",
                           "put congress:fed 2026-03-02 resolution north",
                           "vote congress:fed 2026-03-02 for d1",
                           "close congress:fed 2026-03-03"}) {
    auto done = script.Line(Split(line));
    ASSERT_TRUE(done.has_value()) << line << ": " << done.error().message();
  }
  const DecisionLedger& ledger = script.state_.ledger.decisions;
  ASSERT_EQ(ledger.decisions.size(), 2u);
  // Entries: 1 open, 2 attend, 3 put, 4 vote, 5 close, 6 put, 7-8 votes,
  // 9 close (rejected), 10 put, 11 vote, 12 close.
  const Decision& first = ledger.decisions.at(5);
  EXPECT_EQ(first.act, 5);
  EXPECT_EQ(first.motion, 3);
  EXPECT_EQ(first.body, "congress:fed");
  EXPECT_EQ(first.motion_kind, "decree");
  EXPECT_EQ(first.number, 1);
  EXPECT_EQ(first.adopted_on.ToString(), "2026-03-01");
  EXPECT_EQ(first.text_sha256, kSha);
  EXPECT_EQ(first.scope, (std::vector<std::string>{"fed", "town-a"}));
  EXPECT_EQ(first.status, DecisionStatus::kInForce);
  ASSERT_EQ(first.history.size(), 1u);
  const Decision& second = ledger.decisions.at(12);
  EXPECT_EQ(second.number, 2);  // the rejected motion took no number
  EXPECT_EQ(second.adopted_on.ToString(), "2026-03-03");
  EXPECT_EQ(ledger.motions.at(6).stage, MotionStage::kRejected);
  EXPECT_EQ(ledger.motions.at(6).votes.at("d2"), VoteChoice::kAgainst);
  EXPECT_EQ(ledger.sittings.at(1).present, (std::vector<std::string>{"d1", "d2"}));
}

TEST(MotionTest, ATextCarriedInTheActMustHashToItsSha) {
  MotionScript script;
  script.Seats("congress:fed", "d", 1);
  ASSERT_TRUE(script.Line(Split("open congress:fed 2026-03-01")).has_value());
  ASSERT_TRUE(script.Line(Split("attend congress:fed 2026-03-01 d1")).has_value());
  Act act{.kind = schema::council::kMotionPutKind, .body = "congress:fed", .fields = {}};
  act.fields[field::kDate] = Value::Text("2026-03-01");
  act.fields[field::kSitting] = Value::Integer(1);
  act.fields[field::kMotionKind] = Value::Text("decree");
  act.fields[field::kTitle] = Value::Text("On land");
  act.fields[field::kText] = Value::Text("All land is the people's.");
  act.fields[field::kTextSha256] = Value::Text(kSha);
  act.fields[field::kScope] = Value::List({Value::Text("fed")});
  auto refused = script.Run(act);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message(), HasSubstr("the text's SHA-256 is"));
  act.fields[field::kTextSha256] =
      Value::Text("bb6ffe5dd5ac4d3a82e5c6d0b4e3e7f8b8d3ed4ea2f04ae5b3c4ef3ea9f6e4a1");
  act.fields.erase(field::kText);
  EXPECT_TRUE(script.Run(act).has_value());
  EXPECT_TRUE(script.state_.ledger.decisions.motions.at(3).text.empty());
}

TEST(MotionTest, TheSeatedAndQuorumOfAnOpenAreTheEngines) {
  MotionScript script;
  script.Seats("congress:fed", "d", 1164);
  auto act = SessionOpenAct(script.state_, script.charter_, "congress:fed",
                            Date::Parse("2026-03-01").value());
  ASSERT_TRUE(act.has_value()) << act.error().message();
  EXPECT_EQ(act->fields.at(field::kSeated).integer(), 1164);
  EXPECT_EQ(act->fields.at(field::kQuorum).integer(), 583);  // 1164 / 2 + 1 (001:62)
  act->fields[field::kQuorum] = Value::Integer(582);
  auto refused = script.Run(*act);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message(), HasSubstr("quorum is 583, not 582"));
  EXPECT_FALSE(SessionOpenAct(script.state_, script.charter_, "congress:nowhere",
                              Date::Parse("2026-03-01").value())
                   .has_value());
}

}  // namespace
}  // namespace sovet::engine
