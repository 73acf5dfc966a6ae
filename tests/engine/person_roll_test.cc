// The register of persons in the engine (sovet/person_roll.h): the compact
// memory finds every id it holds and none it does not, across growth and
// wrap-around; the rules of CheckRollAct, each refusal naming its rule; the
// engine applies only what it accepts.
#include "sovet/person_roll.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sovet/engine.h"

namespace sovet {
namespace {

using ::testing::HasSubstr;

Charter Rsfsr() {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  EXPECT_TRUE(charter.has_value());
  return *charter;
}

Act Units(const std::string& date, std::vector<std::string> units) {
  return RollUnitsAct(date, units);
}

struct Person {
  std::string id, name, birth, status;
};

Act Enter(const std::string& date, const std::string& unit, const std::vector<Person>& persons) {
  std::vector<Entrant> entrants;
  for (const Person& person : persons) {
    entrants.push_back({person.id, person.name, person.birth, person.status, ""});
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

TEST(RollStateTest, FindsEveryIdItHoldsAcrossGrowth) {
  const Charter charter = Rsfsr();
  RollState state;
  state.Apply(Units("2026-01-01", {"a", "b"}));
  constexpr int kPersons = 200000;  // grows the table from empty many times
  for (int batch = 0; batch < kPersons / 1000; ++batch) {
    std::vector<Person> persons;
    for (int idx = 0; idx < 1000; ++idx) {
      persons.push_back({"id-" + std::to_string(batch * 1000 + idx), "N", "1970-01-01", ""});
    }
    state.Apply(Enter("2026-01-01", batch % 2 == 0 ? "a" : "b", persons));
  }
  EXPECT_EQ(state.persons(), kPersons);
  EXPECT_EQ(state.present(), kPersons);
  for (int idx = 0; idx < kPersons; ++idx) {
    const auto person = state.Find("id-" + std::to_string(idx));
    ASSERT_EQ(person.presence, RollState::Presence::kPresent) << idx;
    ASSERT_EQ(person.unit, (idx / 1000) % 2) << idx;
    ASSERT_EQ(state.Find("other-" + std::to_string(idx)).presence, RollState::Presence::kUnknown);
  }
  state.Apply(Change(schema::roll::kMoveKind, "2026-02-01", "id-7", "b"));
  state.Apply(Change(schema::roll::kLeaveKind, "2026-02-02", "id-8"));
  EXPECT_EQ(state.Find("id-7").unit, 1);
  EXPECT_EQ(state.Find("id-8").presence, RollState::Presence::kLeft);
  EXPECT_EQ(state.present(), kPersons - 1);
  EXPECT_EQ(state.latest(), Date::Parse("2026-02-02").value());
}

TEST(RollStateTest, ReserveKeepsEveryId) {
  RollState state;
  state.Apply(Units("2026-01-01", {"a"}));
  state.Apply(Enter("2026-01-01", "a", {{"x", "N", "1970-01-01", ""}}));
  state.Reserve(100000);
  EXPECT_EQ(state.Find("x").presence, RollState::Presence::kPresent);
}

struct Refusal {
  Act act;
  std::string says;
};

TEST(CheckRollActTest, EachRuleRefusesNamingIt) {
  const Charter charter = Rsfsr();
  RollState state;
  const Act units = Units("2026-01-10", {"v1", "v2"});
  ASSERT_TRUE(CheckRollAct(state, charter, units).has_value());
  state.Apply(units);
  const Act enter = Enter("2026-01-10", "v1", {{"p1", "Ivan", "1990-01-01", ""}});
  ASSERT_TRUE(CheckRollAct(state, charter, enter).has_value());
  state.Apply(enter);
  Act with_body = Change(schema::roll::kLeaveKind, "2026-02-01", "p1");
  with_body.body = "village_soviet:v1";
  Act no_date = Change(schema::roll::kLeaveKind, "2026-02-01", "p1");
  no_date.fields.erase("date");
  Act short_list = Enter("2026-02-01", "v1", {{"p3", "A", "1990-01-01", ""}});
  short_list.fields["names"] = Value::List({});
  const std::vector<Refusal> refusals = {
      {Units("2026-02-01", {"v1"}), "already recorded"},
      {Units("2026-02-01", {"v3", "v3"}), "already recorded"},
      {Enter("2026-01-09", "v1", {{"p2", "A", "1990-01-01", ""}}), "kept in date order"},
      {Enter("2026-02-30", "v1", {{"p2", "A", "1990-01-01", ""}}), "2026-02 has 28 days"},
      {Enter("2026-02-01", "v9", {{"p2", "A", "1990-01-01", ""}}), "not a unit of the register"},
      {Enter("2026-02-01", "v1", {{"p1", "A", "1990-01-01", ""}}), "already registered"},
      {Enter("2026-02-01", "v1", {{"p2", "A", "1990-01-01", ""}, {"p2", "B", "1990-01-01", ""}}),
       "named twice"},
      {Enter("2026-02-01", "v1", {{"p2", "", "1990-01-01", ""}}), "non-empty name"},
      {Enter("2026-02-01", "v1", {{"p2", "A\tB", "1990-01-01", ""}}), "control characters"},
      {Enter("2026-02-01", "v1", {{"p2", "A\xff", "1990-01-01", ""}}), "invalid UTF-8"},
      {Enter("2026-02-01", "v1", {{"p2", "A", "2026-02-02", ""}}), "born on or before"},
      {Enter("2026-02-01", "v1", {{"p2", "A", "1990-01-01", "kulak"}}),
       "franchise.excluded_categories"},
      {Enter("2026-02-01", "v1", {{std::string(300, 'x'), "A", "1990-01-01", ""}}),
       "at most 256 bytes"},
      {short_list, "a list of 1 texts"},
      {Change(schema::roll::kMoveKind, "2026-02-01", "p9", "v2"), "not registered"},
      {Change(schema::roll::kMoveKind, "2026-02-01", "p1", "v1"), "already lives in unit"},
      {Change(schema::roll::kMoveKind, "2026-02-01", "p1", "v7"), "not a unit of the register"},
      {Change(schema::roll::kLeaveKind, "2026-02-01", "p9"), "not registered"},
      {with_body, "belong to no body"},
      {no_date, "field \"date\""},
  };
  for (const Refusal& refusal : refusals) {
    auto checked = CheckRollAct(state, charter, refusal.act);
    ASSERT_FALSE(checked.has_value()) << refusal.says;
    EXPECT_THAT(checked.error().message(), HasSubstr(refusal.says));
  }
  // A 29 February birth on a leap day's act is a date; a status of the
  // charter's list is accepted.
  EXPECT_TRUE(
      CheckRollAct(state, charter,
                   Enter("2028-02-29", "v1", {{"p2", "A", "2028-02-29", "priests and monks"}}))
          .has_value());
}

TEST(CheckRollActTest, TheEngineAppliesOnlyWhatItAccepts) {
  const Charter charter = Rsfsr();
  Engine engine(charter, EngineOptions{});
  ASSERT_TRUE(engine.ExecuteRecorded(Units("2026-01-10", {"v1"})).has_value());
  ASSERT_TRUE(engine.ExecuteRecorded(Enter("2026-01-10", "v1", {{"p1", "A", "1990-01-01", ""}}))
                  .has_value());
  auto twice = engine.ExecuteRecorded(Enter("2026-01-11", "v1", {{"p1", "A", "1990-01-01", ""}}));
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(engine.state().roll.persons(), 1);
  EXPECT_EQ(engine.state().roll.latest(), Date::Parse("2026-01-10").value());
  ASSERT_TRUE(
      engine.ExecuteRecorded(Change(schema::roll::kLeaveKind, "2026-01-12", "p1")).has_value());
  EXPECT_EQ(engine.state().roll.present(), 0);
}

}  // namespace
}  // namespace sovet
