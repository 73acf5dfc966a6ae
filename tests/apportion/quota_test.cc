// Bodies of fixed quotas (doc/charter_format.md, [[body.quota]]): the Kiev
// Rada of 002:94 and the Council of the Nation of 004:160 on their shipped
// censuses, composed exactly as the seeds give them, and the division of a
// quota among the many bodies of its source kind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet {
namespace {

struct Loaded {
  Charter charter;
  Census census;
  Apportionment apportionment;
};

Loaded Load(const std::string& charter_name, const std::string& census_name) {
  Loaded loaded;
  Result<Charter> charter =
      LoadCharter(std::string(SOVET_SOURCE_DIR) + "/charters/" + charter_name);
  EXPECT_TRUE(charter) << charter.error().ToString();
  if (!charter) return loaded;
  loaded.charter = std::move(*charter);
  Result<Census> census =
      LoadCensus(std::string(SOVET_SOURCE_DIR) + "/data/census/" + census_name, loaded.charter);
  EXPECT_TRUE(census) << census.error().ToString();
  if (!census) return loaded;
  loaded.census = std::move(*census);
  Result<Apportionment> apportionment = Apportion(loaded.charter, loaded.census);
  EXPECT_TRUE(apportionment) << apportionment.error().ToString();
  if (apportionment) loaded.apportionment = std::move(*apportionment);
  return loaded;
}

// Seats a body receives from each source kind.
std::map<std::string, std::int64_t> ByKind(const Apportionment& apportionment,
                                           const std::string& body_id) {
  std::map<std::string, std::int64_t> by_kind;
  const BodyIndex body = apportionment.Find(body_id);
  EXPECT_GE(body, 0) << body_id;
  if (body < 0) return by_kind;
  for (const Delegation& delegation : apportionment.bodies[body].delegations) {
    by_kind[apportionment.bodies[delegation.from].kind] += delegation.seats;
  }
  return by_kind;
}

std::map<std::string, std::int64_t> From(const Apportionment& apportionment,
                                         const std::string& body_id) {
  std::map<std::string, std::int64_t> from;
  const BodyIndex body = apportionment.Find(body_id);
  if (body < 0) return from;
  for (const Delegation& delegation : apportionment.bodies[body].delegations) {
    from[apportionment.bodies[delegation.from].id] = delegation.seats;
  }
  return from;
}

TEST(QuotaTest, KievRadaIs213PeasantAnd132ArmyAnd100Workers) {
  Loaded rada = Load("kiev-rada-1917.toml", "kiev-rada-1917-small.csv");
  const BodyRule* rule = rada.charter.FindBody("rada");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->size, 445);
  ASSERT_EQ(rule->quotas.size(), 3u);
  EXPECT_EQ(rule->quotas[0].cite, "002:94");
  const BodyIndex body = rada.apportionment.Find("rada:unr");
  ASSERT_GE(body, 0);
  EXPECT_EQ(rada.apportionment.bodies[body].seats, 445);
  // 002:94: "213 peasant representatives, 132 army representatives, and 100
  // workers, salaried employees, intellectuals".
  EXPECT_EQ(ByKind(rada.apportionment, "rada:unr"),
            (std::map<std::string, std::int64_t>{
                {"front_congress", 132}, {"peasant_congress", 213}, {"workers_congress", 100}}));
  const std::vector<QuotaShare>& quotas = rada.apportionment.bodies[body].quotas;
  ASSERT_EQ(quotas.size(), 3u);
  EXPECT_EQ(quotas[0].seats, 213);
  EXPECT_EQ(quotas[0].sources, 3);
  EXPECT_EQ(quotas[1].seats, 132);
  EXPECT_EQ(quotas[1].sources, 2);
  EXPECT_EQ(quotas[2].seats, 100);
  // Largest remainder on the gubernias' rural inhabitants 33,784, 32,953 and
  // 31,792: quotas 73.6, 71.7, 69.2 give 73 + 71 + 69 = 213.
  EXPECT_EQ(From(rada.apportionment, "rada:unr")["peasant_congress:poltava"], 73);
  EXPECT_EQ(From(rada.apportionment, "rada:unr")["peasant_congress:chernigov"], 71);
  EXPECT_EQ(From(rada.apportionment, "rada:unr")["peasant_congress:kiev"], 69);
  EXPECT_TRUE(rada.apportionment.warnings.empty());
  // How each quota is filled: the peasant congresses by D'Hondt among their
  // members' slates, the others by the Rada's open plurality.
  EXPECT_EQ(rule->MethodFrom("peasant_congress"), "dhondt");
  EXPECT_EQ(rule->MethodFrom("front_congress"), "plurality");
}

TEST(QuotaTest, CouncilOfTheNationIs150And75And80And40And70) {
  Loaded council = Load("council-of-the-nation-1917.toml", "council-of-the-nation-1917-small.csv");
  const BodyIndex body = council.apportionment.Find("council_of_the_nation:russia");
  ASSERT_GE(body, 0);
  EXPECT_EQ(council.apportionment.bodies[body].seats, 415);
  // 004:160: 150 from the All-Russian Executive, 75 from the Peasant
  // Soviets, 80 from the army and the fleet, 40 from the trade unions, 70
  // from the municipal Duma.
  const std::map<std::string, std::int64_t> by_kind =
      ByKind(council.apportionment, "council_of_the_nation:russia");
  EXPECT_EQ(by_kind.at("executive"), 150);
  EXPECT_EQ(by_kind.at("peasant_congress"), 75);
  EXPECT_EQ(by_kind.at("front_congress") + by_kind.at("fleet_congress"), 80);
  EXPECT_EQ(by_kind.at("union_council"), 40);
  EXPECT_EQ(by_kind.at("municipal_duma"), 70);
  std::map<std::string, std::int64_t> from = From(council.apportionment, "council_of_the_nation:russia");
  // D'Hondt on rural inhabitants 34,706, 30,790, 30,740 for 75 seats.
  EXPECT_EQ(from["peasant_congress:g-petrograd"], 27);
  EXPECT_EQ(from["peasant_congress:g-volga"], 24);
  EXPECT_EQ(from["peasant_congress:g-moscow"], 24);
  // Largest remainder on electors 20,363, 19,963 and 3,597 for 80 seats.
  EXPECT_EQ(from["front_congress:western-front"], 37);
  EXPECT_EQ(from["front_congress:northern-front"], 36);
  EXPECT_EQ(from["fleet_congress:baltic-fleet"], 7);
  // The Duma quota names its group: Petrograd's Duma only, not Moscow's.
  EXPECT_EQ(from["municipal_duma:petrograd"], 70);
  EXPECT_EQ(from.count("municipal_duma:moscow"), 0u);
  EXPECT_TRUE(council.apportionment.warnings.empty());
  // The JSON carries the quotas beside the delegations.
  const std::string json = ApportionmentToJson(council.apportionment, council.census);
  EXPECT_THAT(json, ::testing::HasSubstr(
                        "\"quotas\":[{\"label\":\"members from the All-Russian Soviet "
                        "Executive\",\"seats\":150,\"sources\":1,\"cite\":\"004:160\"}"));
}

const char* const kQuotaCharter = R"(
[charter]
id = "t"
[units.root]
[units.leaf]
parents = ["root"]
figures = true
[[body]]
kind = "council"
units = ["leaf"]
seats = { basis = "inhabitants", per = 1, max = 1000 }
[[body]]
kind = "assembly"
units = ["root"]
size = 10
[[body.quota]]
source = "council"
seats = 10
divide = "DIVIDE"
)";

std::map<std::string, std::int64_t> Divide(const std::string& divide, const std::string& csv) {
  std::string text = kQuotaCharter;
  text.replace(text.find("DIVIDE"), 6, divide);
  Result<Charter> charter = ParseCharter(text, "t.toml");
  EXPECT_TRUE(charter) << charter.error().ToString();
  Result<Census> census = ParseCensus(csv, "t.csv", *charter);
  EXPECT_TRUE(census) << census.error().ToString();
  Result<Apportionment> apportionment = Apportion(*charter, *census);
  EXPECT_TRUE(apportionment) << apportionment.error().ToString();
  return From(*apportionment, "assembly:r");
}

// 10 seats on 600 : 250 : 150. Largest remainder: 6, 2.5, 1.5 — floors 6 +
// 2 + 1, the one seat left tied at .5 goes to the larger weight: 6/3/1.
// D'Hondt: averages 600, 300, 250, 200, 150 (x2), ... give 7/2/1.
TEST(QuotaTest, AQuotaIsDividedByItsRuleExactly) {
  const std::string csv =
      "id,parent,kind,name,inhabitants,electors\n"
      "r,,root,R,,\n"
      "a,r,leaf,A,600,600\n"
      "b,r,leaf,B,250,250\n"
      "c,r,leaf,C,150,150\n";
  EXPECT_EQ(Divide("largest_remainder", csv),
            (std::map<std::string, std::int64_t>{
                {"council:a", 6}, {"council:b", 3}, {"council:c", 1}}));
  EXPECT_EQ(Divide("dhondt", csv),
            (std::map<std::string, std::int64_t>{
                {"council:a", 7}, {"council:b", 2}, {"council:c", 1}}));
}

TEST(QuotaTest, AQuotaWithNoSourceInsideIsRefusedNamingTheQuota) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"t\"\n[units.root]\n[units.leaf]\nparents = [\"root\"]\nfigures = "
      "true\n[[body]]\nkind = \"council\"\nunits = [\"leaf\"]\nseats = { basis = "
      "\"inhabitants\", per = 1 }\n[[body]]\nkind = \"assembly\"\nunits = [\"root\"]\nsize = "
      "5\n[[body.quota]]\nsource = \"council\"\nunits = [\"nowhere\"]\nseats = 5\n",
      "t.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  Result<Census> census = ParseCensus(
      "id,parent,kind,name,inhabitants,electors\nr,,root,R,,\na,r,leaf,A,10,10\n", "t.csv",
      *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  Result<Apportionment> apportionment = Apportion(*charter, *census);
  ASSERT_FALSE(apportionment);
  EXPECT_THAT(apportionment.error().message(),
              ::testing::HasSubstr("quota[0].units names unit 'nowhere'"));
}

}  // namespace
}  // namespace sovet
