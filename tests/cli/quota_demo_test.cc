// Bodies of fixed quotas from the command line: `sovet demo` elects the Kiev
// Rada (002:94) and the Council of the Nation (004:160) from their soviets
// up, `verify` passes, and `report` shows each quota's delegations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;

TEST(QuotaDemoTest, DemoElectsTheKievRadaAndVerifies) {
  ScopedTempDir dir("sovet-quota-demo");
  const std::string db = "sqlite:" + dir.File("rada.db");
  const CommandOutput demo = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/kiev-rada-1917.toml --census " SOVET_SOURCE_DIR
                                      "/data/census/kiev-rada-1917-small.csv --db " +
                                          db,
                                      dir.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("Central Rada (445 delegates)"));
  EXPECT_THAT(demo.out, HasSubstr("(002:94)"));
  EXPECT_EQ(RunSovet("verify --db " + db, dir.path()).exit_code, 0);
  const CommandOutput rada = RunSovet("report --db " + db + " --body rada:unr", dir.path());
  ASSERT_EQ(rada.exit_code, 0) << rada.err;
  EXPECT_THAT(rada.out, HasSubstr("rada:unr: 445 seats, 445 held"));
  // 213 = 73 + 71 + 69 from the peasant congresses, 132 = 66 + 66 from the
  // front congresses, 100 = 64 + 23 + 13 from the workers' congresses.
  for (const char* line :
       {"peasant_congress:poltava                        73",
        "front_congress:ro-front                         66",
        "workers_congress:kiev                           64"}) {
    EXPECT_THAT(rada.out, HasSubstr(line));
  }
}

TEST(QuotaDemoTest, DemoElectsTheCouncilOfTheNationAndVerifies) {
  ScopedTempDir dir("sovet-quota-demo");
  const std::string db = "sqlite:" + dir.File("council.db");
  const CommandOutput demo = RunSovet(
      "demo --charter " SOVET_SOURCE_DIR
      "/charters/council-of-the-nation-1917.toml --census " SOVET_SOURCE_DIR
      "/data/census/council-of-the-nation-1917-small.csv --db " +
          db,
      dir.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
  EXPECT_EQ(RunSovet("verify --db " + db, dir.path()).exit_code, 0);
  const CommandOutput council =
      RunSovet("report --db " + db + " --body council_of_the_nation:russia", dir.path());
  ASSERT_EQ(council.exit_code, 0) << council.err;
  EXPECT_THAT(council.out, HasSubstr("415 seats, 415 held"));
  EXPECT_THAT(council.out, HasSubstr("executive:russia                               150"));
  EXPECT_THAT(council.out, HasSubstr("municipal_duma:petrograd                        70"));
  // "Seventy Socialist members of the municipal Duma" (004:160): the Duma
  // has Kadets and non-party members, and every member it sends stands for
  // a socialist slate (quota.slates).
  const CommandOutput duma_json = RunSovet(
      "report --format json --db " + db + " --body municipal_duma:petrograd", dir.path());
  ASSERT_EQ(duma_json.exit_code, 0) << duma_json.err;
  const nlohmann::json duma = nlohmann::json::parse(duma_json.out);
  EXPECT_GT(duma.at("factions").value("kadets", 0), 0) << duma_json.out.substr(0, 400);
  std::set<std::int64_t> duma_members;
  for (const auto& member : duma.at("members")) duma_members.insert(member.at("person").get<std::int64_t>());
  const CommandOutput json = RunSovet(
      "report --format json --db " + db + " --body council_of_the_nation:russia", dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  int from_duma = 0;
  for (const auto& member : report.at("members")) {
    if (duma_members.count(member.at("person").get<std::int64_t>()) == 0) continue;
    ++from_duma;
    EXPECT_THAT(member.at("faction").get<std::string>(),
                ::testing::AnyOf("left_srs", "right_srs", "bolsheviks", "mensheviks"))
        << member.dump();
  }
  EXPECT_EQ(from_duma, 70) << json.out.substr(0, 2000);
}

TEST(QuotaDemoTest, AQuotaNamingASlateTheSlatesFileLacksIsRefusedAtItsLine) {
  ScopedTempDir dir("sovet-quota-slates");
  std::string slates = ReadText(SourcePath("charters/council-of-the-nation-1917.sim.toml"));
  const std::string key = "key = \"mensheviks\"";
  ASSERT_NE(slates.find(key), std::string::npos);
  slates.replace(slates.find(key), key.size(), "key = \"internationalists\"");
  const std::string slates_file = dir.Write("renamed.sim.toml", slates);
  const CommandOutput demo = RunSovet(
      "demo --charter " SOVET_SOURCE_DIR
      "/charters/council-of-the-nation-1917.toml --census " SOVET_SOURCE_DIR
      "/data/census/council-of-the-nation-1917-small.csv --slates " +
          ShellQuote(slates_file) + " --db sqlite:" + dir.File("c.db"),
      dir.path());
  EXPECT_EQ(demo.exit_code, 2) << demo.out << demo.err;
  EXPECT_THAT(demo.err, HasSubstr("council-of-the-nation-1917.toml:"));
  EXPECT_THAT(demo.err, HasSubstr(".quota[4].slates"));
  EXPECT_THAT(demo.err, HasSubstr("'mensheviks'"));
  EXPECT_THAT(demo.err, HasSubstr("internationalists"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("c.db")));
}

TEST(QuotaDemoTest, ApportionShowsEachQuotaBesideItsSeedLine) {
  ScopedTempDir dir("sovet-quota-apportion");
  const CommandOutput text = RunSovet("apportion --charter " SOVET_SOURCE_DIR
                                      "/charters/council-of-the-nation-1917.toml --census " SOVET_SOURCE_DIR
                                      "/data/census/council-of-the-nation-1917-small.csv",
                                      dir.path());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("415 seats in fixed quotas: 150 members from the All-Russian "
                                  "Soviet Executive (004:160) + 75 delegates from the Peasant "
                                  "Soviets (004:160) + 80 delegates from the army and the fleet "
                                  "(004:160) + 40 from the trade unions (004:160) + 70 Socialist "
                                  "members of the municipal Duma (004:160)"));
  EXPECT_THAT(text.out, HasSubstr("The Council of the Nation of Russian Republic (415 seats), "
                                  "quota by quota:"));
  const CommandOutput json = RunSovet("apportion --format json --charter " SOVET_SOURCE_DIR
                                      "/charters/kiev-rada-1917.toml --census " SOVET_SOURCE_DIR
                                      "/data/census/kiev-rada-1917-small.csv",
                                      dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("{\"label\":\"peasant representatives\",\"seats\":213,"
                                  "\"sources\":3,\"cite\":\"002:94\"}"));
}

}  // namespace
}  // namespace sovet::cli_test
