// The executive committee of every congress and town soviet (001:148,
// 001:150; SYSTEM.md §7.2), elected by the simulated cycle at small scale:
// every apportioned seat of every body is held — none vacant by
// construction — and each committee's members sit in the body that elected
// them (eligible = "members").
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

// `census_file` empty: the generated small 1918 census of `seed`.
void ExpectEverySeatHeld(const std::string& charter_file, std::uint64_t seed,
                         const std::vector<const char*>& executives,
                         const std::string& census_file = "") {
  auto charter = LoadCharter(std::string(SOVET_SOURCE_DIR "/charters/") + charter_file);
  ASSERT_TRUE(charter) << charter.error().ToString();
  auto csv = census_file.empty()
                 ? GenerateCensusCsv(CensusScale::kSmall, seed)
                 : ReadFile(std::string(SOVET_SOURCE_DIR "/data/census/") + census_file);
  ASSERT_TRUE(csv) << csv.error().ToString();
  auto census = ParseCensus(*csv, "small.csv", *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  auto apportionment = Apportion(*charter, *census);
  ASSERT_TRUE(apportionment) << apportionment.error().ToString();
  EXPECT_TRUE(apportionment->warnings.empty()) << apportionment->warnings[0].message;
  auto model = LoadSimModel(std::string(SOVET_SOURCE_DIR "/charters/") +
                            charter_file.substr(0, charter_file.size() - 5) + ".sim.toml");
  ASSERT_TRUE(model) << model.error().ToString();
  CycleOptions options;
  options.seed = seed;
  options.inject_faults = true;
  options.model = &*model;
  auto record = RunCycle(*charter, *census, *apportionment, options);
  ASSERT_TRUE(record) << record.error().ToString();
  auto checked =
      CheckInvariants(*charter, *apportionment, record->persons, record->acts, record->state);
  EXPECT_TRUE(checked) << checked.error().ToString();

  std::map<std::string, std::int64_t> executive_seats;  // by kind
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment->bodies.size()); ++body) {
    const ApportionedBody& apportioned = apportionment->bodies[body];
    // Every apportioned seat, not only those the electing body can fill.
    EXPECT_EQ(FilledSeats(*charter, *apportionment, body), apportioned.seats) << apportioned.id;
    for (std::int64_t seat = 1; seat <= apportioned.seats; ++seat) {
      EXPECT_NE(record->state.At(body, seat), kNoMandate) << apportioned.id << " seat " << seat;
    }
    const BodyRule* rule = charter->FindBody(apportioned.kind);
    ASSERT_NE(rule, nullptr);
    if (!rule->elected_by || !rule->elected_by->up_to) continue;
    executive_seats[apportioned.kind] += apportioned.seats;
    // As many as the electing body can fill, up to the cap.
    const BodyIndex electing =
        apportioned.delegations.empty() ? BodyIndex{-1} : apportioned.delegations.front().from;
    if (electing >= 0) {
      EXPECT_EQ(apportioned.seats,
                std::min(rule->elected_by->seats, apportionment->bodies[electing].seats))
          << apportioned.id;
    }
    for (std::int64_t seat = 1; seat <= apportioned.seats; ++seat) {
      const MandateIndex mandate = record->state.At(body, seat);
      if (mandate == kNoMandate) continue;
      const MandateIndex source = record->state.mandates[mandate].source;
      ASSERT_NE(source, kNoMandate) << apportioned.id;
      EXPECT_EQ(record->state.mandates[source].body, electing) << apportioned.id;
    }
  }
  for (const char* kind : executives) {
    EXPECT_GT(executive_seats[kind], 0) << charter_file << ": " << kind;
  }
}

const std::vector<const char*> k1918Executives = {"volost_executive",   "uyezd_executive",
                                                  "gubernia_executive", "oblast_executive",
                                                  "town_executive",     "executive"};

TEST(LocalExecutivesTest, SeedsCharterElectsEveryCommitteeWithNoVacancy) {
  ExpectEverySeatHeld("rsfsr-1918.toml", 7, k1918Executives);
  ExpectEverySeatHeld("rsfsr-1918.toml", 1918, k1918Executives);
}

TEST(LocalExecutivesTest, ConstitutionCharterElectsEveryCommitteeWithNoVacancy) {
  ExpectEverySeatHeld("rsfsr-1918-constitution.toml", 7, k1918Executives);
}

TEST(LocalExecutivesTest, FederationElectsItsCouncilsCommitteesWithNoVacancy) {
  ExpectEverySeatHeld("federation.toml", 4, {"city_executive", "regional_executive"},
                      "federation-example.csv");
}

// How a body elects its delegations is a charter key (SYSTEM.md §7.2): the
// same country under the seeds' charter with every congress's delegations
// chosen by D'Hondt among the slates of the sending body's members instead
// of the open plurality vote. The election acts record the method, and the
// minority faction the plurality vote shuts out reaches the Congress.
TEST(DelegationMethodTest, DhondtAmongSlatesIsRecordedAndRepresentsTheMinority) {
  auto text = ReadFile(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(text);
  // Composed bodies only: the soviets' own elections stay as they are.
  std::string dhondt = *text;
  for (const char* kind : {"volost_congress", "uyezd_congress", "gubernia_congress",
                           "oblast_congress", "front_congress", "fleet_congress",
                           "\"congress\""}) {
    const std::size_t at = dhondt.find(std::string("kind = ") +
                                       (kind[0] == '"' ? kind : "\"" + std::string(kind) + "\""));
    ASSERT_NE(at, std::string::npos) << kind;
    const std::string plurality = "election = { method = \"plurality\", open = true }";
    const std::size_t election = dhondt.find(plurality, at);
    ASSERT_NE(election, std::string::npos) << kind;
    dhondt.replace(election, plurality.size(), "election = { method = \"dhondt\", open = true }");
  }
  std::int64_t minority[2] = {0, 0};
  for (int variant = 0; variant < 2; ++variant) {
    auto charter = ParseCharter(variant == 0 ? *text : dhondt, "rsfsr-1918.toml");
    ASSERT_TRUE(charter) << charter.error().ToString();
    auto csv = GenerateCensusCsv(CensusScale::kSmall, 7);
    ASSERT_TRUE(csv);
    auto census = ParseCensus(*csv, "small.csv", *charter);
    ASSERT_TRUE(census);
    auto apportionment = Apportion(*charter, *census);
    ASSERT_TRUE(apportionment);
    auto model = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
    ASSERT_TRUE(model) << model.error().ToString();
    CycleOptions options;
    options.seed = 7;
    options.model = &*model;
    auto record = RunCycle(*charter, *census, *apportionment, options);
    ASSERT_TRUE(record) << record.error().ToString();
    ASSERT_TRUE(
        CheckInvariants(*charter, *apportionment, record->persons, record->acts, record->state));
    int delegations = 0;
    for (const CycleAct& act : record->acts) {
      const auto* election = std::get_if<ElectionAct>(&act);
      if (election == nullptr || election->kind != ElectionKind::kDelegation) continue;
      ++delegations;
      EXPECT_EQ(election->method, variant == 0 ? "plurality" : "dhondt");
    }
    EXPECT_GT(delegations, 0);
    BodyIndex congress = apportionment->Find("congress:" + census->id[0]);
    ASSERT_GE(congress, 0);
    // Seats of every faction but the largest.
    const SlateCounts counts = Composition(record->state, record->persons, congress);
    std::int64_t largest = 0, total = 0;
    for (std::int64_t count : counts) {
      largest = std::max(largest, count);
      total += count;
    }
    minority[variant] = total - largest;
    ::testing::Test::RecordProperty(variant == 0 ? "plurality" : "dhondt",
                                    static_cast<int>(minority[variant]));
  }
  EXPECT_GT(minority[1], minority[0]) << "plurality " << minority[0] << ", D'Hondt " << minority[1];
}

}  // namespace
}  // namespace sovet
