// The roll as the engine holds it in memory (OnRoll, RollSize) and the
// vacating of seats with everything standing on them (VacateSeat):
// doc/register.md "The roll", SYSTEM.md §7.2 "Recall".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/engine.h"

namespace sovet::engine {
namespace {

Charter Rsfsr() {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  EXPECT_TRUE(charter.has_value());
  return *charter;
}

Date D(const char* text) { return Date::Parse(text).value(); }

// The tree: fed > {north > {town-a, town-b}, south > {town-c}}.
Act Units() {
  return RollUnitsAct("2026-01-01", {"town-a", "town-b", "town-c"},
                      {{"fed", ""},
                       {"north", "fed"},
                       {"south", "fed"},
                       {"town-a", "north"},
                       {"town-b", "north"},
                       {"town-c", "south"}});
}

struct Person {
  std::string id, birth, status;
};

Act Enter(const std::string& date, const std::string& unit, const std::vector<Person>& persons) {
  std::vector<Entrant> entrants;
  for (const Person& person : persons) {
    entrants.push_back({person.id, "N " + person.id, person.birth, person.status, ""});
  }
  return RollEnterAct(date, unit, entrants);
}

Act Change(const char* kind, const std::string& date, const std::string& id,
           const std::string& unit = "") {
  Act act{.kind = kind, .body = "", .fields = {}};
  act.fields["date"] = Value::Text(date);
  act.fields["ids"] = Value::List({Value::Text(id)});
  if (!unit.empty()) act.fields["unit"] = Value::Text(unit);
  return act;
}

class RollCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Apply(Units());
    Apply(Enter("2026-01-01", "town-a",
                {{"a1", "1990-01-01", ""},
                 {"a2", "2008-03-02", ""},  // 18 on 2026-03-02
                 {"a3", "1970-05-05", "insane"}}));
    Apply(Enter("2026-01-01", "town-b", {{"b1", "1980-01-01", ""}, {"b2", "1981-01-01", ""}}));
    Apply(Enter("2026-01-01", "town-c", {{"c1", "1960-01-01", ""}}));
  }
  void Apply(const Act& act) {
    ASSERT_TRUE(CheckRollAct(state_.roll, charter_, act).has_value());
    state_.roll.Apply(act);
  }
  Charter charter_ = Rsfsr();
  EngineState state_;
};

TEST_F(RollCheckTest, AnElectorIsOnTheRollOfItsUnitAndEveryUnitAboveIt) {
  const Date on = D("2026-03-02");
  for (const char* unit : {"town-a", "north", "fed"}) {
    EXPECT_TRUE(OnRoll(state_, charter_, "a1", unit, on)) << unit;
  }
  EXPECT_FALSE(OnRoll(state_, charter_, "a1", "town-b", on));
  EXPECT_FALSE(OnRoll(state_, charter_, "a1", "south", on));
  EXPECT_FALSE(OnRoll(state_, charter_, "a1", "nowhere", on));
  EXPECT_FALSE(OnRoll(state_, charter_, "nobody", "fed", on));
  EXPECT_EQ(RollSize(state_, charter_, "town-a", on), 2);  // a1, a2; a3 excluded
  EXPECT_EQ(RollSize(state_, charter_, "north", on), 4);
  EXPECT_EQ(RollSize(state_, charter_, "south", on), 1);
  EXPECT_EQ(RollSize(state_, charter_, "fed", on), 5);
  EXPECT_EQ(RollSize(state_, charter_, "nowhere", on), 0);
}

TEST_F(RollCheckTest, VotingAgeCountsFromTheDayOfTheEighteenthBirthday) {
  EXPECT_FALSE(OnRoll(state_, charter_, "a2", "town-a", D("2026-03-01")));
  EXPECT_TRUE(OnRoll(state_, charter_, "a2", "town-a", D("2026-03-02")));
  EXPECT_EQ(RollSize(state_, charter_, "town-a", D("2026-03-01")), 1);
}

TEST_F(RollCheckTest, AnExcludedStatusKeepsOffTheRollAndSurvivesAMove) {
  EXPECT_FALSE(OnRoll(state_, charter_, "a3", "town-a", D("2026-03-02")));
  Apply(Change(schema::roll::kMoveKind, "2026-02-01", "a3", "town-c"));
  EXPECT_FALSE(OnRoll(state_, charter_, "a3", "town-c", D("2026-03-02")));
  Apply(Change(schema::roll::kMoveKind, "2026-02-01", "a1", "town-c"));
  EXPECT_TRUE(OnRoll(state_, charter_, "a1", "south", D("2026-03-02")));
  EXPECT_FALSE(OnRoll(state_, charter_, "a1", "north", D("2026-03-02")));
  EXPECT_EQ(state_.roll.Find("a1").birth, D("1990-01-01"));
}

TEST_F(RollCheckTest, APersonWhoLeftIsOnNoRoll) {
  Apply(Change(schema::roll::kLeaveKind, "2026-02-01", "b1"));
  EXPECT_FALSE(OnRoll(state_, charter_, "b1", "town-b", D("2026-03-02")));
  EXPECT_EQ(RollSize(state_, charter_, "north", D("2026-03-02")), 3);
}

TEST_F(RollCheckTest, TheTreeRefusesACycleALeafAsParentAndARestatedParent) {
  auto refused = [&](ValueMap parents, const char* rule) {
    Act act{.kind = schema::roll::kUnitsKind, .body = "", .fields = {}};
    act.fields["date"] = Value::Text("2026-01-02");
    act.fields["units"] = Value::List({});
    act.fields["parents"] = Value::Map(std::move(parents));
    auto checked = CheckRollAct(state_.roll, charter_, act);
    ASSERT_FALSE(checked.has_value()) << rule;
    EXPECT_THAT(checked.error().message(), ::testing::HasSubstr(rule));
  };
  refused({{"x", Value::Text("y")}, {"y", Value::Text("x")}}, "cycle");
  refused({{"x", Value::Text("town-a")}}, "is a leaf unit");
  refused({{"north", Value::Text("south")}}, "already recorded");
}

SeatHolder Holder(const std::string& person, const std::string& source_body = "",
                  std::int64_t source_seat = 0) {
  return SeatHolder{.person = person,
                    .election = "e",
                    .seated = D("2026-01-10"),
                    .term_ends = std::nullopt,
                    .source_body = source_body,
                    .source_seat = source_seat};
}

TEST(VacateSeatTest, APersonWhoLosesTheSeatADelegationStandsOnLosesTheSeatsAbove) {
  EngineState state;
  auto& bodies = state.ledger.bodies;
  bodies["soviet:town-a"].seats = {Holder("a1"), Holder("a2")};
  bodies["congress:north"].seats = {Holder("a1", "soviet:town-a", 1),
                                    Holder("a2", "soviet:town-a", 2)};
  bodies["congress:fed"].seats = {Holder("a1", "congress:north", 1)};
  bodies["executive:fed"].seats = {Holder("a1", "congress:fed", 1)};
  state.ledger.petitions["p"] = RecallPetition{.id = "p",
                                               .body = "congress:north",
                                               .seat = 1,
                                               .person = "a1",
                                               .opened = D("2026-01-11"),
                                               .roll = 2,
                                               .signers = {},
                                               .stage = PetitionStage::kOpen};
  VacateSeat(state, "soviet:town-a", 1);
  EXPECT_FALSE(bodies["soviet:town-a"].seats[0]);
  EXPECT_FALSE(bodies["congress:north"].seats[0]);
  EXPECT_FALSE(bodies["congress:fed"].seats[0]);
  EXPECT_FALSE(bodies["executive:fed"].seats[0]);
  EXPECT_TRUE(bodies["soviet:town-a"].seats[1]);
  EXPECT_TRUE(bodies["congress:north"].seats[1]);
  EXPECT_EQ(state.ledger.petitions["p"].stage, PetitionStage::kLapsed);
  VacateSeat(state, "soviet:town-a", 9);  // out of range: nothing
  VacateSeat(state, "nobody", 1);
}

}  // namespace
}  // namespace sovet::engine
