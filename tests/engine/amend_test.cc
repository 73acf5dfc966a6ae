// charter.amend (sovet/charter_history.h): an act of the Congress alone
// (001:146) whose text is kept in the journal; every dated act is checked
// against the charter in force on its date. The boundary is shown on the
// recall threshold (recall.petition_num/den: 1/4 in rsfsr-1918, amended to
// 1/2): a petition opened the day before the amendment takes effect needs
// a quarter of the roll, one opened on that day half.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/io.h"
#include "base/sha256.h"
#include "engine/council.h"
#include "sovet/charter_history.h"
#include "sovet/engine.h"

namespace sovet::engine {
namespace {

using ::testing::HasSubstr;
namespace field = schema::council::field;

Date D(const char* text) { return Date::Parse(text).value(); }

const std::string kRsfsr = SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml";

std::string GenesisText() { return ReadFile(kRsfsr).value(); }

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// rsfsr-1918's [recall] petition_num/den = 1/4 becomes 1/2.
std::string HalfText() { return Replaced(GenesisText(), "petition_den = 4", "petition_den = 2"); }

SeatHolder Holder(const std::string& person) {
  return SeatHolder{.person = person,
                    .election = "e1",
                    .seated = D("2026-01-05"),
                    .term_ends = D("2026-04-05"),
                    .source_body = "",
                    .source_seat = 0};
}

Act Open(const std::string& petition, std::int64_t seat, const std::string& person,
         std::int64_t needed, const std::string& date) {
  Act act{.kind = schema::council::kRecallOpenKind, .body = "town_soviet:town-a", .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPetition] = Value::Text(petition);
  act.fields[field::kSeat] = Value::Integer(seat);
  act.fields[field::kPerson] = Value::Text(person);
  act.fields[field::kRoll] = Value::Integer(8);
  act.fields[field::kNeeded] = Value::Integer(needed);
  return act;
}

class AmendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(genesis_.has_value()) << genesis_.error().ToString();
    state_.charters = CharterTimeline(&*genesis_);
    Roll(RollUnitsAct("2026-01-01", {"town-a"}, {{"fed", ""}, {"town-a", "fed"}}));
    std::vector<Entrant> electors;
    for (int idx = 1; idx <= 8; ++idx) {
      electors.push_back({"a" + std::to_string(idx), "N", "1980-01-01", "", ""});
    }
    Roll(RollEnterAct("2026-01-01", "town-a", electors));
    state_.ledger.bodies["town_soviet:town-a"].seats = {Holder("a1"), Holder("a2")};
    for (const char* body : {"congress:fed", "executive:fed", "town_soviet:town-a"}) {
      state_.body_index.emplace(body, static_cast<BodyIndex>(state_.body_ids.size()));
      state_.body_ids.push_back(body);
    }
  }
  void Roll(const Act& act) {
    ASSERT_TRUE(CheckRollAct(state_.roll, *genesis_, act).has_value());
    state_.roll.Apply(act);
  }
  // As the engine does: the charter in force on the act's date.
  Result<void> Run(const Act& act) {
    const Charter& in_force = state_.charters.For(act);
    SOVET_CHECK_OK(CheckCouncilAct(state_, in_force, act));
    ApplyCouncilAct(state_, in_force, act);
    return {};
  }
  Act Amend(const std::string& body, const std::string& text, const char* date,
            const char* effective) {
    auto parsed = ParseCharter(text, "new.toml");
    EXPECT_TRUE(parsed.has_value()) << parsed.error().ToString();
    return CharterAmendAct(body, D(date), D(effective),
                           static_cast<std::int64_t>(state_.charters.amendments().size()) + 1,
                           state_.charters.Latest(), *parsed, text);
  }
  void Refused(const Act& act, const std::string& rule) {
    const std::size_t before = state_.charters.amendments().size();
    auto done = Run(act);
    ASSERT_FALSE(done.has_value()) << act.kind << " accepted";
    EXPECT_THAT(done.error().message(), HasSubstr(rule));
    EXPECT_EQ(state_.charters.amendments().size(), before);
  }

  Result<Charter> genesis_ = LoadCharter(kRsfsr);
  EngineState state_;
};

TEST_F(AmendTest, OnlyTheCongressAmends) {
  Refused(Amend("executive:fed", HalfText(), "2026-01-20", "2026-02-01"),
          "executive:fed may not amend the charter: only the congress does");
  Refused(Amend("executive:fed", HalfText(), "2026-01-20", "2026-02-01"), "001:146");
  Refused(Amend("congress:nowhere", HalfText(), "2026-01-20", "2026-02-01"), "is not created");
}

TEST_F(AmendTest, AnInvalidOrForgedTextIsRefusedAndNothingChanges) {
  Act act = Amend("congress:fed", HalfText(), "2026-01-20", "2026-02-01");
  act.fields["text"] = Value::Text(HalfText() + "# altered\n");  // not the recorded hash
  Refused(act, "the text's SHA-256 is");
  // A text that does not load: the location is in the stored text.
  const std::string bad = Replaced(GenesisText(), "petition_den = 4", "petition_den = 0");
  Act invalid = Amend("congress:fed", HalfText(), "2026-01-20", "2026-02-01");
  invalid.fields["text"] = Value::Text(bad);
  invalid.fields["charter_sha256"] = Value::ByteString(*HexDecode(Sha256Hex(bad)));
  auto done = Run(invalid);
  ASSERT_FALSE(done.has_value());
  EXPECT_THAT(done.error().message(), HasSubstr("the new charter does not load"));
  EXPECT_GT(done.error().where().line, 0);
  EXPECT_GT(done.error().where().column, 0);
  Refused(Amend("congress:fed", GenesisText(), "2026-01-20", "2026-02-01"),
          "the charter already in force");
  Refused(Amend("congress:fed", HalfText(), "2026-01-20", "2026-01-19"), "not retroactive");
}

TEST_F(AmendTest, WhatTheBodiesRestOnCannotChange) {
  std::string text = GenesisText();
  const std::string from = "kind = \"executive\"";
  text.replace(text.find(from), from.size(), "kind = \"board\"");
  // `board` breaks the references to `executive`; rename those too so the
  // charter loads and the amendment rule is what refuses it.
  for (std::size_t at = text.find("\"executive\""); at != std::string::npos;
       at = text.find("\"executive\"", at)) {
    text.replace(at, 11, "\"board\"");
  }
  auto parsed = ParseCharter(text, "renamed.toml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  auto amendable = CheckAmendable(*genesis_, *parsed);
  ASSERT_FALSE(amendable.has_value());
  EXPECT_THAT(amendable.error().message(), HasSubstr(".kind: an amendment may not change"));
  EXPECT_EQ(amendable.error().where().file, "renamed.toml");
}

TEST_F(AmendTest, EachActIsCheckedUnderTheCharterInForceOnItsDate) {
  ASSERT_TRUE(Run(Amend("congress:fed", HalfText(), "2026-01-20", "2026-02-01")).has_value());
  ASSERT_EQ(state_.charters.amendments().size(), 1U);
  EXPECT_EQ(&state_.charters.At(D("2026-01-31")), &*genesis_);
  EXPECT_EQ(state_.charters.At(D("2026-02-01")).recall.petition_den, 2);
  // The day before: a quarter of 8 electors.
  Refused(Open("p1", 1, "a1", 4, "2026-01-31"), "petition_den = 1/4");
  ASSERT_TRUE(Run(Open("p1", 1, "a1", 2, "2026-01-31")).has_value());
  // From the effective day: half.
  Refused(Open("p2", 2, "a2", 2, "2026-02-01"), "petition_den = 1/2");
  ASSERT_TRUE(Run(Open("p2", 2, "a2", 4, "2026-02-01")).has_value());
}

TEST_F(AmendTest, AmendmentsAreNumberedAndTakeEffectInOrder) {
  Act first = Amend("congress:fed", HalfText(), "2026-01-20", "2026-03-01");
  Act twin = first;  // a second operator's, built on the same state
  ASSERT_TRUE(Run(first).has_value());
  auto again = Run(twin);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.error().message(), HasSubstr("the next is 2, not 1"));
  const std::string third =
      Replaced(HalfText(), "soviet_deputy_months = 3", "soviet_deputy_months = 6");
  Refused(Amend("congress:fed", third, "2026-01-21", "2026-02-15"), "take effect in the order");
  ASSERT_TRUE(Run(Amend("congress:fed", third, "2026-01-21", "2026-03-01")).has_value());
  EXPECT_EQ(state_.charters.At(D("2026-03-01")).terms.soviet_deputy_months, 6);
}

// Through the engine: ExecuteRecorded routes charter.amend and keeps the
// timeline; a journal of acts replays to the same timeline.
TEST(AmendEngineTest, TheEngineKeepsTheTimeline) {
  auto genesis = LoadCharter(kRsfsr);
  ASSERT_TRUE(genesis.has_value());
  Engine engine(*genesis, EngineOptions{});
  Act create{.kind = "body.create", .body = "congress:fed", .fields = {}};
  create.fields["seats"] = Value::Integer(3);
  ASSERT_TRUE(engine.ExecuteRecorded(create).has_value());
  auto parsed = ParseCharter(HalfText(), "new.toml");
  ASSERT_TRUE(parsed.has_value());
  Act amend = CharterAmendAct("congress:fed", D("2026-01-20"), D("2026-02-01"), 1, *genesis,
                              *parsed, HalfText());
  auto done = engine.ExecuteRecorded(amend);
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_EQ(engine.state().charters.Latest().sha256_hex, parsed->sha256_hex);
  EXPECT_EQ(engine.state().charters.At(D("2026-01-31")).sha256_hex, genesis->sha256_hex);
  EXPECT_FALSE(engine.ExecuteRecorded(amend).has_value());
}

}  // namespace
}  // namespace sovet::engine
