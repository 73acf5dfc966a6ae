// End-to-end: `sovet apportion` as a user (and ./run) runs it — the golden
// JSON and text for the shipped censuses, the JSON contract's invariants,
// and exit code 2 with file:line and field for a bad charter or census.
//
// The goldens live in tests/data/apportion/golden/. After a deliberate change
// of output, regenerate them with SOVET_UPDATE_GOLDEN=1 and review the diff.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ApportionCliTest : public ::testing::Test {
 protected:
  // Runs sovet from the repository root, as ./run does, so that relative
  // paths in the output are those a user sees.
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args, dir_.path(), {.working_dir = SOVET_SOURCE_DIR});
  }

  static void ExpectGolden(const std::string& actual, const std::string& golden_name) {
    fs::path golden = fs::path(SOVET_SOURCE_DIR) / "tests/data/apportion/golden" / golden_name;
    if (std::getenv("SOVET_UPDATE_GOLDEN") != nullptr) {
      WriteText(golden, actual);
      return;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden;
    EXPECT_EQ(actual, ReadText(golden))
        << "output differs from " << golden << " (SOVET_UPDATE_GOLDEN=1 rewrites it)";
  }

  ScopedTempDir dir_{"sovet-apportion-cli"};
};

const char kSmallCensus[] = "data/census/rsfsr-1918-small.csv";

TEST_F(ApportionCliTest, SmallCensusMatchesGoldenJsonAndText) {
  ASSERT_TRUE(fs::exists(fs::path(SOVET_SOURCE_DIR) / kSmallCensus));
  CommandOutput json = Sovet(std::string("apportion --charter charters/rsfsr-1918.toml --census ") +
                             kSmallCensus + " --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ExpectGolden(json.out, "rsfsr-1918-small.json");
  // Exactly what ./run prints.
  CommandOutput text = Sovet(std::string("apportion --charter charters/rsfsr-1918.toml --census ") +
                             kSmallCensus + " --format text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ExpectGolden(text.out, "rsfsr-1918-small.txt");
  CommandOutput constitution =
      Sovet(std::string("apportion --charter charters/rsfsr-1918-constitution.toml --census ") +
            kSmallCensus + " --format json");
  ASSERT_EQ(constitution.exit_code, 0) << constitution.err;
  ExpectGolden(constitution.out, "rsfsr-1918-small.constitution.json");
}

TEST_F(ApportionCliTest, FederationExampleMatchesGolden) {
  CommandOutput json = Sovet(
      "apportion --charter charters/federation.toml --census "
      "data/census/federation-example.csv --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ExpectGolden(json.out, "federation-example.json");
  CommandOutput text = Sovet(
      "apportion --charter charters/federation.toml --census data/census/federation-example.csv");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ExpectGolden(text.out, "federation-example.txt");
}

// The contract other tools rely on, checked on the output itself: keys,
// bodies sorted by id, delegations sorted by source and positive, composed
// bodies filled exactly by their delegations.
TEST_F(ApportionCliTest, JsonKeepsItsContract) {
  for (const char* charter : {"rsfsr-1918", "rsfsr-1918-constitution"}) {
    CommandOutput run = Sovet(std::string("apportion --charter charters/") + charter +
                              ".toml --census " + kSmallCensus + " --format json");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(run.out);
    EXPECT_EQ(parsed["charter"], charter);
    const auto& bodies = parsed["bodies"];
    ASSERT_GT(bodies.size(), 200u);
    std::string previous;
    for (const auto& body : bodies) {
      std::vector<std::string> keys;
      for (auto it = body.begin(); it != body.end(); ++it) keys.push_back(it.key());
      EXPECT_THAT(keys, ::testing::ElementsAre("id", "kind", "unit", "seats", "delegations"));
      std::string id = body["id"];
      EXPECT_LT(previous, id);
      EXPECT_EQ(id, body["kind"].get<std::string>() + ":" + body["unit"].get<std::string>());
      previous = id;
      std::string previous_from;
      std::int64_t delegated = 0;
      for (const auto& delegation : body["delegations"]) {
        EXPECT_LT(previous_from, delegation["from"].get<std::string>());
        previous_from = delegation["from"];
        EXPECT_GT(delegation["seats"].get<std::int64_t>(), 0);
        delegated += delegation["seats"].get<std::int64_t>();
      }
      if (!body["delegations"].empty()) {
        EXPECT_EQ(delegated, body["seats"]) << id;
      }
    }
  }
}

TEST_F(ApportionCliTest, PetrogradSendsFiftyNineDelegates) {
  CommandOutput run = Sovet(std::string("apportion --charter charters/rsfsr-1918.toml --census ") +
                            kSmallCensus + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json parsed = nlohmann::json::parse(run.out);
  bool found = false;
  for (const auto& body : parsed["bodies"]) {
    if (body["id"] == "town_soviet:petrograd") {
      EXPECT_EQ(body["seats"], 1000);
    }
    if (body["id"] != "congress:rsfsr") continue;
    for (const auto& delegation : body["delegations"]) {
      if (delegation["from"] == "town_soviet:petrograd") {
        EXPECT_EQ(delegation["seats"], 59);  // 1,480,000 / 25,000 (001:144)
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ApportionCliTest, BadCharterExitsTwoNamingFileLineColumnAndField) {
  std::string charter =
      dir_.Write("bad.toml",
                 "[charter]\nid = \"bad\"\n[units.all]\n[units.one]\n"
                 "parents = [\"all\"]\nfigures = true\n[[body]]\nkind = \"soviet\"\n"
                 "units = [\"one\"]\nseats = { basis = \"inhabitants\", per = 0 }\n");
  CommandOutput run = Sovet("apportion --charter '" + charter + "' --census " + kSmallCensus);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(charter + ":10:40: field 'body[0].seats.per': must be >= 1"));
  EXPECT_TRUE(run.out.empty());
}

TEST_F(ApportionCliTest, BadCensusExitsTwoNamingFileLineAndField) {
  std::string census = dir_.Write("bad.csv",
                                  "id,parent,kind,name,inhabitants,electors\n"
                                  "r,,republic,R,,\n"
                                  "g,r,gubernia,G,,\n"
                                  "t,g,town,T,12x,10\n");
  CommandOutput run =
      Sovet("apportion --charter charters/rsfsr-1918.toml --census '" + census + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(census + ":4"));
  EXPECT_THAT(run.err, HasSubstr("inhabitants"));
  EXPECT_TRUE(run.out.empty());
}

TEST_F(ApportionCliTest, CensusOfAnotherCharterIsRejected) {
  CommandOutput run = Sovet(
      "apportion --charter charters/rsfsr-1918.toml --census data/census/federation-example.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("data/census/federation-example.csv:"));
  EXPECT_THAT(run.err, HasSubstr("kind"));
}

TEST_F(ApportionCliTest, ImpossibleMinimumsExitTwoNamingTheBody) {
  CommandOutput run =
      Sovet("apportion --charter tests/data/apportion/charters/min_over_cap.toml --census '" +
            dir_.Write("farms.csv",
                       "id,parent,kind,name,inhabitants,electors\nc,,country,C,,\n"
                       "f1,c,farm,F1,150,100\nf2,c,farm,F2,150,100\n") +
            "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("body 'tight:c'"));
  EXPECT_THAT(run.err, HasSubstr("farms.csv:2"));
}

TEST_F(ApportionCliTest, MissingFlagsAndFilesAreBadInput) {
  EXPECT_EQ(Sovet("apportion --census data/census/federation-example.csv").exit_code, 2);
  EXPECT_EQ(Sovet("apportion --charter charters/federation.toml --census "
                  "data/census/federation-example.csv --format yaml")
                .exit_code,
            2);
  CommandOutput missing =
      Sovet("apportion --charter charters/none.toml --census " + std::string(kSmallCensus));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("charters/none.toml"));
}

}  // namespace
}  // namespace sovet::cli_test

namespace sovet::cli_test {
namespace {

// SYSTEM.md §7.2: delegations larger than the persons who may fill them are
// named on standard error, in either format, and carried in the JSON; the
// exit status stays 0 (the apportionment itself is lawful arithmetic).
TEST(ApportionCliVacancyTest, WarnsOfSeatsVacantByConstruction) {
  const std::string command =
      "apportion --charter " SOVET_SOURCE_DIR
      "/tests/data/apportion/charters/federation_vacant.toml --census " SOVET_SOURCE_DIR
      "/data/census/federation-example.csv";
  ScopedTempDir dir("sovet-apportion-vacancy");
  const CommandOutput text = RunSovet(command, dir.path());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.err,
              ::testing::HasSubstr(
                  "warning: congress:fed: the delegation of regional_council:north has 9 seats, "
                  "but only its 6 members may be its delegates (body[4].eligible = \"members\""));
  const CommandOutput json = RunSovet(command + " --format json", dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.err, text.err);
  const nlohmann::json parsed = nlohmann::json::parse(json.out);
  ASSERT_EQ(parsed["warnings"].size(), 8u);
  EXPECT_EQ(parsed["warnings"][0]["body"], "city_council:steelton");
  EXPECT_EQ(parsed["warnings"][0]["from"], "works_council:steelworks");
  EXPECT_EQ(parsed["warnings"][0]["seats"], 39);
  EXPECT_EQ(parsed["warnings"][0]["eligible"], 35);
  EXPECT_EQ(parsed["warnings"][0]["rule"], "body[2].eligible");
  // The shipped federation charter leaves no seat vacant.
  const CommandOutput shipped = RunSovet("apportion --charter " SOVET_SOURCE_DIR
                                         "/charters/federation.toml --census " SOVET_SOURCE_DIR
                                         "/data/census/federation-example.csv --format json",
                                         dir.path());
  EXPECT_EQ(shipped.err, "");
  EXPECT_TRUE(nlohmann::json::parse(shipped.out)["warnings"].empty());
}

}  // namespace
}  // namespace sovet::cli_test
