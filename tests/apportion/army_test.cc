// The army and the fleet under the 1918 charters (001:152: "soldiers and
// sailors" vote; SYSTEM.md §7.4): the generated censuses hold fronts of
// regiments and fleets of ships, their committees are apportioned at the
// charter's norms and send their delegations up to the All-Russian Congress,
// each figure computed here from the norms independently of src/apportion.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet {
namespace {

std::int64_t RoundHalfUp(std::int64_t num, std::int64_t den) { return (2 * num + den) / (2 * den); }

TEST(ArmyTest, CommitteesAndCongressesAreApportionedAtTheCharterNorms) {
  for (const char* name : {"rsfsr-1918.toml", "rsfsr-1918-constitution.toml"}) {
    Result<Charter> charter = LoadCharter(std::string(SOVET_SOURCE_DIR "/charters/") + name);
    ASSERT_TRUE(charter) << charter.error().ToString();
    Result<std::string> csv = GenerateCensusCsv(CensusScale::kSmall, 1918);
    ASSERT_TRUE(csv);
    Result<Census> census = ParseCensus(*csv, "small.csv", *charter);
    ASSERT_TRUE(census) << census.error().ToString();
    Result<Apportionment> apportionment = Apportion(*charter, *census);
    ASSERT_TRUE(apportionment) << apportionment.error().ToString();
    EXPECT_TRUE(apportionment->warnings.empty()) << name;
    int committees = 0;
    int congresses = 0;
    for (const ApportionedBody& body : apportionment->bodies) {
      const std::int64_t electors = census->electors[body.unit];
      if (body.kind == "regimental_committee" || body.kind == "ship_committee") {
        // 1 per 100 voters, at least 3, at most 50 (001:150's norm, a decision).
        EXPECT_EQ(body.seats, std::clamp<std::int64_t>(RoundHalfUp(electors, 100), 3, 50))
            << body.id;
        ++committees;
      }
      if (body.kind == "front_congress" || body.kind == "fleet_congress") {
        // 1 per 5,000 electors (001:148's regional norm), every committee at
        // least one delegate, at most 500.
        std::int64_t sources = 0;
        for (const ApportionedBody& other : apportionment->bodies) {
          const bool inside = other.unit > body.unit && other.unit < census->subtree_end[body.unit];
          if (inside && (other.kind == "regimental_committee" || other.kind == "ship_committee"))
            ++sources;
        }
        EXPECT_EQ(body.seats, std::min<std::int64_t>(
                                  500, std::max(RoundHalfUp(electors, 5000), sources)))
            << body.id;
        EXPECT_EQ(static_cast<std::int64_t>(body.delegations.size()), sources) << body.id;
        ++congresses;
        // To the All-Russian Congress at the towns' norm, 1 per 25,000
        // electors (one front and one fleet in the small census: each term
        // has one source, which takes the term's seats).
        const BodyIndex congress = apportionment->Find("congress:rsfsr");
        ASSERT_GE(congress, 0);
        const BodyIndex self = apportionment->Find(body.id);
        std::int64_t sent = 0;
        for (const Delegation& delegation : apportionment->bodies[congress].delegations) {
          if (delegation.from == self) sent = delegation.seats;
        }
        EXPECT_EQ(sent, RoundHalfUp(electors, 25000)) << body.id;
      }
    }
    // Small scale: 1 front of 2 armies of 2 regiments, 1 fleet of 2 ships.
    EXPECT_EQ(committees, 6) << name;
    EXPECT_EQ(congresses, 2) << name;
  }
}

// The full scale's army is the one the Constituent Assembly returns imply:
// 4,483,000 votes in the army and fleet (002:204-209: S-Rs 1,885,000, Kadets
// 51,000, national minorities 756,000, Bolsheviks 1,791,000) lie within the
// demo's turnout (55% to 90%, charters/rsfsr-1918.sim.toml) of its electors.
TEST(ArmyTest, FullScaleArmyMatchesTheConstituentAssemblyReturns) {
  Result<std::string> csv = GenerateCensusCsv(CensusScale::kFull, 1918);
  ASSERT_TRUE(csv);
  std::int64_t electors = 0;
  std::int64_t regiments = 0;
  std::int64_t ships = 0;
  std::size_t line_start = 0;
  while (line_start < csv->size()) {
    const std::size_t line_end = csv->find('\n', line_start);
    const std::string line = csv->substr(line_start, line_end - line_start);
    line_start = line_end == std::string::npos ? csv->size() : line_end + 1;
    const bool regiment = line.find(",regiment,") != std::string::npos;
    const bool ship = line.find(",ship,") != std::string::npos;
    if (!regiment && !ship) continue;
    (regiment ? regiments : ships) += 1;
    electors += std::stoll(line.substr(line.rfind(',') + 1));
  }
  const std::int64_t votes = 1'885'000 + 51'000 + 756'000 + 1'791'000;
  EXPECT_EQ(votes, 4'483'000);
  EXPECT_LE(electors * 550 / 1000, votes) << electors;
  EXPECT_GE(electors * 900 / 1000, votes) << electors;
  EXPECT_GT(regiments, 1000);
  EXPECT_GT(ships, 200);
}

}  // namespace
}  // namespace sovet
