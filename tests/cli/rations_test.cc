// End-to-end: `sovet rations` as a food organ runs it (doc/operating.md
// "Rationing", doc/rationing.md) on the 1918 charter's Petrograd town
// soviet: the period of 3–4 July 1918 at the seeds' table (001:20–23), a
// supply one gram short and its cut, a second card refused, every card of
// the city issued in one command, the report; an unlawful ration act refused
// by `journal append` (exit 2) and, written around the engine, named by
// `sovet verify` (exit 3).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/rations.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kOrgan = "town_soviet:petrograd";

class RationsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("r.db");
    ASSERT_EQ(Sovet("init --charter " + Source("charters/rsfsr-1918.toml")).exit_code, 0);
    // One person of each category (001:16), and a Muscovite: the file of
    // tests/data/rations/.
    const CommandOutput imported =
        Sovet("register import --census " + Source("data/census/rsfsr-1918-small.csv") +
              " --date 1918-07-01 " + Source("tests/data/rations/persons.csv"));
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const CommandOutput bodies =
        Sovet("bodies create --census " + Source("data/census/rsfsr-1918-small.csv") +
              " --date 1918-07-01");
    ASSERT_EQ(bodies.exit_code, 0) << bodies.err;
    const CommandOutput assigned =
        Sovet(fmt::format("rations assign --organ {} --date 1918-07-02 --file {}", kOrgan,
                          Source("tests/data/rations/categories.csv")));
    ASSERT_EQ(assigned.exit_code, 0) << assigned.err;
  }
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args + " --db " + ShellQuote(db_), dir_.path());
  }
  static std::string Source(const char* path) { return ShellQuote(SourcePath(path)); }
  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --format json");
    auto json = nlohmann::json::parse(run.out, nullptr, false);
    return json.is_discarded() ? -1 : json["entries"].get<std::int64_t>();
  }

  ScopedTempDir dir_{"sovet-rations-cli"};
  std::string db_;
};

TEST_F(RationsCliTest, JulyPeriodAtTheSeedsTable001Lines20To23AndItsReport) {
  // One person per category: bread 200 + 100 + 100 + 50, eggs 2 + 2, fish
  // 400 × 3, herrings 5 × 4.
  const CommandOutput supply = Sovet(fmt::format(
      "rations supply --format json --organ {} --period 1918-07-03 --date 1918-07-02 "
      "--item bread=450 --item eggs=4 --item fish=1200 --item herrings=20",
      kOrgan));
  ASSERT_EQ(supply.exit_code, 0) << supply.err;
  EXPECT_EQ(nlohmann::json::parse(supply.out)["table"], "petrograd-1918-07-03");
  const CommandOutput cards = Sovet(fmt::format(
      "rations card --format json --organ {} --period 1918-07-03 --date 1918-07-02 --all",
      kOrgan));
  ASSERT_EQ(cards.exit_code, 0) << cards.err;
  const auto issued = nlohmann::json::parse(cards.out);
  EXPECT_EQ(issued["cards"], 4);
  EXPECT_EQ(issued["acts"], 4);  // every card an entry
  const CommandOutput again = Sovet(fmt::format(
      "rations card --organ {} --period 1918-07-03 --date 1918-07-02 --person pg-heavy", kOrgan));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("no person holds two cards for one period"));
  const CommandOutput handed = Sovet(fmt::format(
      "rations issue --format json --organ {} --period 1918-07-03 --date 1918-07-03 "
      "--card 1918-07-03-1",
      kOrgan));
  ASSERT_EQ(handed.exit_code, 0) << handed.err;
  const CommandOutput report =
      Sovet(fmt::format("rations report --format json --organ {}", kOrgan));
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto period = nlohmann::json::parse(report.out)["periods"][0];
  EXPECT_EQ(period["ends"], "1918-07-04");
  const auto& categories = period["categories"];
  EXPECT_EQ(categories[0]["ration"],
            nlohmann::json::parse(R"({"bread":200,"eggs":2,"fish":400,"herrings":5})"));  // 001:20
  EXPECT_EQ(categories[1]["ration"],
            nlohmann::json::parse(R"({"bread":100,"eggs":2,"fish":400,"herrings":5})"));  // 001:21
  EXPECT_EQ(categories[2]["ration"],
            nlohmann::json::parse(R"({"bread":100,"fish":400,"herrings":5})"));  // 001:22
  EXPECT_EQ(categories[3]["ration"], nlohmann::json::parse(R"({"bread":50,"herrings":5})"));  // 001:23
  for (const auto& category : categories) EXPECT_EQ(category["cards"], 1);
  for (const auto& item : period["supply"]) EXPECT_EQ(item["left"], 0) << item.dump();
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  EXPECT_EQ(Sovet("replay").exit_code, 0);
}

TEST_F(RationsCliTest, OneGramShortTheLastCardIsRefusedAndTheCutIsRecorded) {
  ASSERT_EQ(Sovet(fmt::format("rations supply --organ {} --period 1918-07-03 --date 1918-07-02 "
                              "--item bread=449 --item eggs=4 --item fish=1200 --item herrings=20",
                              kOrgan))
                .exit_code,
            0);
  const std::int64_t before = Entries();
  const CommandOutput refused = Sovet(fmt::format(
      "rations card --organ {} --period 1918-07-03 --date 1918-07-02 --all", kOrgan));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("1 grams of bread beyond the supply"));
  EXPECT_EQ(Entries(), before);  // all or none
  const CommandOutput cut = Sovet(fmt::format(
      "rations cut --format json --organ {} --period 1918-07-03 --date 1918-07-02", kOrgan));
  ASSERT_EQ(cut.exit_code, 0) << cut.err;
  const auto rations = nlohmann::json::parse(cut.out)["rations"];
  // Bread by priority (charter: category 1 keeps its bread first): the 49
  // grams left go to category (4).
  EXPECT_EQ(rations["heavy_labour"]["bread"], 200);
  EXPECT_EQ(rations["not_occupied"]["bread"], 49);
  ASSERT_EQ(Sovet(fmt::format("rations card --organ {} --period 1918-07-03 --date 1918-07-02 --all",
                              kOrgan))
                .exit_code,
            0);
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  EXPECT_EQ(Sovet("replay").exit_code, 0);
}

TEST_F(RationsCliTest, AForgedActIsRefusedByAppendAndNamedByVerify) {
  ASSERT_EQ(Sovet(fmt::format("rations supply --organ {} --period 1918-07-03 --date 1918-07-02 "
                              "--item bread=100",
                              kOrgan))
                .exit_code,
            0);
  const std::string act =
      R"({"kind": "ration.card", "body": "town_soviet:petrograd", "fields": {"date": "1918-07-02", )"
      R"("period": "1918-07-03", "cards": ["x1"], "persons": ["pg-heavy"], )"
      R"("categories": ["heavy_labour"]}})";
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("beyond the supply"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act forged{.kind = schema::ration::kCardKind, .body = kOrgan, .fields = {}};
    forged.fields["date"] = Value::Text("1918-07-02");
    forged.fields["period"] = Value::Text("1918-07-03");
    forged.fields["cards"] = Value::List({Value::Text("x1")});
    forged.fields["persons"] = Value::List({Value::Text("pg-heavy")});
    forged.fields["categories"] = Value::List({Value::Text("heavy_labour")});
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("ration.card"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("beyond the supply"));
}

}  // namespace
}  // namespace sovet::cli_test
