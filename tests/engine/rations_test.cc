// The issuing ledger of rations (sovet/rations.h, doc/rationing.md) on an
// EngineState built directly: the seeds' Petrograd tables of 3–4 July and
// 14–15 August 1918 (001:18–23) as the charter ships them; a cut that keeps
// category (1)'s bread first; a supply one gram short; a second card; a
// person moving between categories mid-period.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/io.h"
#include "engine/council.h"
#include "sovet/engine.h"
#include "sovet/rations.h"

namespace sovet::engine {
namespace {

using ::testing::HasSubstr;
namespace field = schema::ration::field;

constexpr const char* kOrgan = "town_soviet:petrograd";

Charter Rsfsr() {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  EXPECT_TRUE(charter.has_value()) << charter.error().message();
  return *charter;
}

ValueList Texts(const std::vector<std::string>& texts) {
  ValueList list;
  for (const auto& text : texts) list.push_back(Value::Text(text));
  return list;
}

ValueList Ints(const std::vector<std::int64_t>& ints) {
  ValueList list;
  for (auto value : ints) list.push_back(Value::Integer(value));
  return list;
}

Act Supply(const std::string& period, const std::string& starts, const std::string& table,
           const std::vector<std::string>& items, const std::vector<std::int64_t>& quantities,
           const std::string& date = "1918-07-02") {
  Act act{.kind = schema::ration::kSupplyKind, .body = kOrgan, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPeriod] = Value::Text(period);
  if (!starts.empty()) {
    act.fields[field::kStarts] = Value::Text(starts);
    act.fields[field::kTable] = Value::Text(table);
  }
  act.fields[field::kItems] = Value::List(Texts(items));
  act.fields[field::kQuantities] = Value::List(Ints(quantities));
  return act;
}

Act Assign(const std::string& category, const std::vector<std::string>& persons,
           const std::string& date = "1918-07-02") {
  Act act{.kind = schema::ration::kAssignKind, .body = kOrgan, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kCategory] = Value::Text(category);
  act.fields[field::kPersons] = Value::List(Texts(persons));
  return act;
}

Act Card(const std::string& period, const std::string& card, const std::string& person,
         const std::string& category, const std::string& date = "1918-07-02") {
  Act act{.kind = schema::ration::kCardKind, .body = kOrgan, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPeriod] = Value::Text(period);
  act.fields[field::kCards] = Value::List(Texts({card}));
  act.fields[field::kPersons] = Value::List(Texts({person}));
  act.fields[field::kCategories] = Value::List(Texts({category}));
  return act;
}

Act Cut(const std::string& period, const std::string& table, const std::vector<std::int64_t>& rations,
        const std::string& date = "1918-07-02") {
  Act act{.kind = schema::ration::kCutKind, .body = kOrgan, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPeriod] = Value::Text(period);
  act.fields[field::kTable] = Value::Text(table);
  act.fields[field::kRations] = Value::List(Ints(rations));
  return act;
}

Act Issue(const std::string& period, const std::string& card,
          const std::vector<std::string>& items, const std::vector<std::int64_t>& quantities,
          const std::string& date) {
  Act act{.kind = schema::ration::kIssueKind, .body = kOrgan, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPeriod] = Value::Text(period);
  act.fields[field::kCard] = Value::Text(card);
  act.fields[field::kItems] = Value::List(Texts(items));
  act.fields[field::kQuantities] = Value::List(Ints(quantities));
  return act;
}

// The charter's items in order: bread, eggs, fish, herrings, dried_vegetables.
std::vector<std::int64_t> Row(std::int64_t bread, std::int64_t eggs, std::int64_t fish,
                              std::int64_t herrings, std::int64_t vegetables) {
  return {bread, eggs, fish, herrings, vegetables};
}

TEST(RationCharterTest, PetrogradTablesAreTheSeeds001Lines20To23) {
  const Charter charter = Rsfsr();
  const Rationing& rationing = charter.rationing;
  ASSERT_EQ(rationing.categories.size(), 4u);  // 001:16 "four categories"
  EXPECT_EQ(rationing.categories[0].label, "Heavy physical labour");
  EXPECT_EQ(rationing.categories[1].label,
            "Ordinary physical labour and intense intellectual labour");
  EXPECT_EQ(rationing.categories[2].label, "Intellectual labour");
  EXPECT_EQ(rationing.categories[3].label, "Not occupied");
  const RationTable* july = rationing.FindTable("petrograd-1918-07-03");
  ASSERT_NE(july, nullptr);
  EXPECT_EQ(july->from, "1918-07-03");
  EXPECT_EQ(july->days, 2);  // 001:18 "Ration for two days"
  EXPECT_EQ(july->quantities[0], Row(200, 2, 400, 5, 0));  // 001:20
  EXPECT_EQ(july->quantities[1], Row(100, 2, 400, 5, 0));  // 001:21
  EXPECT_EQ(july->quantities[2], Row(100, 0, 400, 5, 0));  // 001:22
  EXPECT_EQ(july->quantities[3], Row(50, 0, 0, 5, 0));     // 001:23
  const RationTable* august = rationing.FindTable("petrograd-1918-08-14");
  ASSERT_NE(august, nullptr);
  EXPECT_EQ(august->from, "1918-08-14");
  EXPECT_EQ(august->days, 2);
  EXPECT_EQ(august->quantities[0], Row(200, 0, 0, 0, 0));  // 001:20
  EXPECT_EQ(august->quantities[1], Row(100, 0, 0, 0, 0));  // 001:21
  EXPECT_EQ(august->quantities[2], Row(0, 0, 0, 5, 50));   // 001:22
  EXPECT_EQ(august->quantities[3], Row(0, 0, 0, 5, 0));    // 001:23
}

TEST(RationCharterTest, BadRationingIsLocated) {
  auto text = ReadFile(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(text.has_value());
  auto damaged = [&](const std::string& from, const std::string& to) {
    std::string copy = *text;
    const std::size_t at = copy.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    copy.replace(at, from.size(), to);
    return ParseCharter(copy, "bad.toml");
  };
  auto unknown = damaged("items = { bread = 50, herrings = 5 }", "items = { bread = 50, salt = 5 }");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().ToString(), HasSubstr("bad.toml:"));
  EXPECT_THAT(unknown.error().ToString(), HasSubstr("unknown item 'salt'"));
  EXPECT_GT(unknown.error().where().line, 0);
  auto organ = damaged("organs = [\"town_soviet\"]", "organs = [\"food\"]");
  ASSERT_FALSE(organ.has_value());
  EXPECT_THAT(organ.error().ToString(), HasSubstr("rationing.organs"));
  auto priority = damaged("priority = [\"heavy_labour\", ", "priority = [");
  ASSERT_FALSE(priority.has_value());
  EXPECT_THAT(priority.error().ToString(), HasSubstr("every category once"));
  auto row = damaged("category = \"not_occupied\"\nitems = { herrings = 5 }",
                     "category = \"heavy_labour\"\nitems = { herrings = 5 }");
  ASSERT_FALSE(row.has_value());
  EXPECT_THAT(row.error().ToString(), HasSubstr("two rows"));
}

TEST(RationCutTableTest, BreadKeptByCategoryOneFirstGivesAugustBread001Lines20To23) {
  // With bread enough only for categories (1) and (2) at their 3–4 July
  // ration, the priority cut gives the bread of 14–15 August: 200, 100, 0, 0.
  const Charter charter = Rsfsr();
  const auto& july = charter.rationing.FindTable("petrograd-1918-07-03")->quantities;
  const auto& august = charter.rationing.FindTable("petrograd-1918-08-14")->quantities;
  const std::vector<std::int64_t> persons = {3, 2, 2, 1};
  const std::vector<std::int64_t> supply = {200 * 3 + 100 * 2, 100, 100, 100, 0};
  const auto cut = RationCutTable(charter, july, supply, persons);
  for (std::size_t category = 0; category < 4; ++category) {
    EXPECT_EQ(cut[category][0], august[category][0]) << "category " << category + 1;
  }
}

TEST(RationCutTableTest, ProportionalIsExactAndNeverBeyondTheSupply) {
  const Charter charter = Rsfsr();
  const auto& july = charter.rationing.FindTable("petrograd-1918-07-03")->quantities;
  const std::vector<std::int64_t> persons = {3, 2, 2, 1};
  // Herrings: demand 5 × 8 = 40; 29 supplied: 29/40 × 5 = 3.625 each, then
  // the remainder (29 − 24 = 5) one more to every person of categories while
  // it lasts, in order of remainder (all equal: charter order): (1) 3 persons,
  // then (2) needs 2 and 2 are left.
  const std::vector<std::int64_t> supply = {10000, 100, 10000, 29, 0};
  const auto cut = RationCutTable(charter, july, supply, persons);
  EXPECT_EQ(cut[0][3], 4);
  EXPECT_EQ(cut[1][3], 4);
  EXPECT_EQ(cut[2][3], 3);
  EXPECT_EQ(cut[3][3], 3);
  std::int64_t total = 0;
  for (std::size_t category = 0; category < 4; ++category) total += cut[category][3] * persons[category];
  EXPECT_EQ(total, 29);
  // Items the supply covers keep the table's quantities.
  EXPECT_EQ(cut[0][0], 200);
  EXPECT_EQ(cut[0][2], 400);
}

class RationLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApplyRoll(RollUnitsAct("1918-07-01", {"petrograd", "moscow"}));
    std::vector<Entrant> petrograd;
    for (const char* id : {"p1", "p2", "p3", "p4"}) {
      petrograd.push_back({id, "N", "1880-01-01", "", "works"});
    }
    ApplyRoll(RollEnterAct("1918-07-01", "petrograd", petrograd));
    ApplyRoll(RollEnterAct("1918-07-01", "moscow", {{"m1", "N", "1880-01-01", "", "works"}}));
    state_.body_index[kOrgan] = 0;
    state_.body_ids.push_back(kOrgan);
  }
  void ApplyRoll(const Act& act) {
    auto ok = CheckRollAct(state_.roll, charter_, act);
    ASSERT_TRUE(ok.has_value()) << ok.error().message();
    state_.roll.Apply(act);
  }
  Result<void> Run(const Act& act) {
    SOVET_CHECK_OK(CheckCouncilAct(state_, charter_, act));
    ApplyCouncilAct(state_, charter_, act);
    return {};
  }
  void Ok(const Act& act) {
    auto done = Run(act);
    ASSERT_TRUE(done.has_value()) << done.error().message();
  }
  void Refused(const Act& act, const std::string& rule,
               StatusCode code = StatusCode::kInvalidInput) {
    auto done = Run(act);
    ASSERT_FALSE(done.has_value()) << act.kind << " accepted";
    EXPECT_EQ(done.error().code(), code) << done.error().message();
    EXPECT_THAT(done.error().message(), HasSubstr(rule));
  }
  // p1 heavy, p2 ordinary, p3 intellectual, p4 not occupied.
  void AssignAll() {
    Ok(Assign("heavy_labour", {"p1"}));
    Ok(Assign("ordinary_labour", {"p2"}));
    Ok(Assign("intellectual_labour", {"p3"}));
    Ok(Assign("not_occupied", {"p4"}));
  }
  Charter charter_ = Rsfsr();
  EngineState state_;
};

TEST_F(RationLedgerTest, SupplyExactlyCoversTheJulyTable) {
  AssignAll();
  // 001:20–23 for one person of each category: bread 200+100+100+50 = 450,
  // eggs 4, fish 1200, herrings 20.
  Ok(Supply("1918-07-03", "1918-07-03", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {450, 4, 1200, 20}));
  Refused(Cut("1918-07-03", "cut", Row(200, 2, 400, 5, 0)), "nothing to cut");
  Ok(Card("1918-07-03", "c1", "p1", "heavy_labour"));
  Ok(Card("1918-07-03", "c2", "p2", "ordinary_labour"));
  Ok(Card("1918-07-03", "c3", "p3", "intellectual_labour"));
  Ok(Card("1918-07-03", "c4", "p4", "not_occupied"));
  const RationPeriod& period = *state_.rations.Period(kOrgan, "1918-07-03");
  EXPECT_EQ(period.promised, period.supply);
  Ok(Issue("1918-07-03", "c1", {"bread", "herrings"}, {200, 5}, "1918-07-03"));
  Refused(Issue("1918-07-03", "c1", {"bread"}, {1}, "1918-07-04"), "beyond its ration");
  Refused(Issue("1918-07-03", "c2", {"bread"}, {100}, "1918-07-05"), "rations are handed out");
}

TEST_F(RationLedgerTest, SupplyOneGramShortRefusesTheLastCardAndTheCutIsExact) {
  AssignAll();
  Ok(Supply("1918-07-03", "1918-07-03", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {449, 4, 1200, 20}));
  Ok(Card("1918-07-03", "c1", "p1", "heavy_labour"));
  Ok(Card("1918-07-03", "c2", "p2", "ordinary_labour"));
  Ok(Card("1918-07-03", "c3", "p3", "intellectual_labour"));
  Refused(Card("1918-07-03", "c4", "p4", "not_occupied"),
          "1 grams of bread beyond the supply");
  // Before any card, the cut: bread by priority — (1), (2), (3) in full,
  // (4) gets the 49 grams left.
  Ok(Supply("1918-07-10", "1918-07-10", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {449, 4, 1200, 20}, "1918-07-03"));
  Refused(Cut("1918-07-10", "short", Row(200, 2, 400, 5, 0), "1918-07-03"),
          "not the cut the charter's rules give");
  std::vector<std::int64_t> expected;
  for (const auto& row : {Row(200, 2, 400, 5, 0), Row(100, 2, 400, 5, 0),
                          Row(100, 0, 400, 5, 0), Row(49, 0, 0, 5, 0)}) {
    expected.insert(expected.end(), row.begin(), row.end());
  }
  Ok(Cut("1918-07-10", "short", expected, "1918-07-03"));
  EXPECT_EQ(state_.rations.Period(kOrgan, "1918-07-10")->table, "short");
  Ok(Card("1918-07-10", "d4", "p4", "not_occupied", "1918-07-03"));
  Refused(Cut("1918-07-10", "again", expected, "1918-07-03"), "cards issued");
}

TEST_F(RationLedgerTest, SecondCardForOnePersonAndPeriodAndACardTwiceRefused) {
  AssignAll();
  Ok(Supply("1918-07-03", "1918-07-03", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {10000, 100, 10000, 100}));
  Ok(Card("1918-07-03", "c1", "p1", "heavy_labour"));
  Refused(Card("1918-07-03", "c9", "p1", "heavy_labour"),
          "no person holds two cards for one period", StatusCode::kAlreadyExists);
  Refused(Card("1918-07-03", "c1", "p2", "ordinary_labour"), "no card is issued twice",
          StatusCode::kAlreadyExists);
  Refused(Card("1918-07-03", "c2", "p2", "heavy_labour"), "is assigned to \"ordinary_labour\"");
  Refused(Card("1918-07-03", "c5", "m1", "heavy_labour"), "does not live within petrograd");
  Refused(Assign("heavy_labour", {"m1"}), "does not live within petrograd");
  Refused(Assign("soldiers", {"p1"}), "not a category");
}

TEST_F(RationLedgerTest, PersonMovingBetweenCategoriesMidPeriodKeepsTheCardUntilTheNext) {
  Ok(Assign("ordinary_labour", {"p2"}));
  Ok(Supply("1918-07-03", "1918-07-03", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {1000, 10, 1000, 10}));
  Ok(Supply("1918-07-05", "1918-07-05", "petrograd-1918-07-03",
            {"bread", "eggs", "fish", "herrings"}, {1000, 10, 1000, 10}));
  Ok(Card("1918-07-03", "c2", "p2", "ordinary_labour", "1918-07-03"));
  // On the period's second day p2 goes to heavy labour (001:16 category 1).
  Ok(Assign("heavy_labour", {"p2"}, "1918-07-04"));
  // The card of 3–4 July stands: 100 grams of bread (001:21), not 200.
  Refused(Issue("1918-07-03", "c2", {"bread"}, {200}, "1918-07-04"), "beyond its ration");
  Ok(Issue("1918-07-03", "c2", {"bread"}, {100}, "1918-07-04"));
  EXPECT_EQ(state_.rations.Period(kOrgan, "1918-07-03")->cards.at("c2").category, 1u);
  // The next period's card is of category (1): 200 grams (001:20).
  Refused(Card("1918-07-05", "d2", "p2", "ordinary_labour", "1918-07-05"),
          "is assigned to \"heavy_labour\"");
  Ok(Card("1918-07-05", "d2", "p2", "heavy_labour", "1918-07-05"));
  Ok(Issue("1918-07-05", "d2", {"bread"}, {200}, "1918-07-05"));
}

TEST_F(RationLedgerTest, OrganMustBeACharterFoodOrganAndActsInDateOrder) {
  Act act = Assign("heavy_labour", {"p1"});
  act.body = "village_soviet:petrograd";
  Refused(act, "is not a food organ");
  Ok(Assign("heavy_labour", {"p1"}, "1918-07-05"));
  Refused(Assign("heavy_labour", {"p2"}, "1918-07-04"), "before the journal's latest dated act");
}

}  // namespace
}  // namespace sovet::engine
