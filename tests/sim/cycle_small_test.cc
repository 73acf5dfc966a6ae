// The whole cycle on the small generated country under the shipped 1918
// charter: the invariants of issue 5 item 8 that need no database.
#include <gtest/gtest.h>

#include <set>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

struct Country {
  Charter charter;
  SimModel model;
  Census census;
  Apportionment apportionment;
};

const Country& SmallCountry() {
  static const Country country = [] {
    Country built;
    auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
    EXPECT_TRUE(charter) << charter.error().ToString();
    built.charter = *charter;
    auto model = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
    EXPECT_TRUE(model) << model.error().ToString();
    built.model = *model;
    auto csv = GenerateCensusCsv(CensusScale::kSmall, 7);
    EXPECT_TRUE(csv) << csv.error().ToString();
    auto census = ParseCensus(*csv, "small.csv", built.charter);
    EXPECT_TRUE(census) << census.error().ToString();
    built.census = *census;
    auto apportionment = Apportion(built.charter, built.census);
    EXPECT_TRUE(apportionment) << apportionment.error().ToString();
    built.apportionment = *apportionment;
    return built;
  }();
  return country;
}

Result<CycleRecord> RunSmall(std::uint64_t seed, bool faults) {
  const Country& country = SmallCountry();
  CycleOptions options;
  options.seed = seed;
  options.inject_faults = faults;
  options.model = &country.model;
  return RunCycle(country.charter, country.census, country.apportionment, options);
}

TEST(CycleSmallTest, EveryInvariantHolds) {
  const Country& country = SmallCountry();
  auto record = RunSmall(11, false);
  ASSERT_TRUE(record) << record.error().ToString();
  auto checked = CheckInvariants(country.charter, country.apportionment, record->persons,
                                 record->acts, record->state);
  EXPECT_TRUE(checked) << checked.error().ToString();
  EXPECT_TRUE(record->faults.empty());
  // Every apportioned seat is held.
  std::int64_t seats = 0;
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(country.apportionment.bodies.size());
       ++body) {
    seats += FilledSeats(country.charter, country.apportionment, body);
  }
  EXPECT_EQ(static_cast<std::int64_t>(record->state.mandates.size()), seats);
}

TEST(CycleSmallTest, StateIsAProjectionOfTheActs) {
  const Country& country = SmallCountry();
  auto record = RunSmall(11, true);
  ASSERT_TRUE(record) << record.error().ToString();
  CouncilState rebuilt = CouncilState::ForApportionment(country.apportionment);
  for (std::size_t act_idx = 0; act_idx < record->acts.size(); ++act_idx) {
    ASSERT_TRUE(rebuilt.Apply(static_cast<ActIndex>(act_idx), record->acts[act_idx]));
  }
  EXPECT_EQ(rebuilt.seat_mandate, record->state.seat_mandate);
  ASSERT_EQ(rebuilt.mandates.size(), record->state.mandates.size());
  for (std::size_t idx = 0; idx < rebuilt.mandates.size(); ++idx) {
    EXPECT_EQ(rebuilt.mandates[idx].person, record->state.mandates[idx].person);
    EXPECT_EQ(rebuilt.mandates[idx].source, record->state.mandates[idx].source);
  }
}

TEST(CycleSmallTest, OneSeedGivesIdenticalActs) {
  auto first = RunSmall(5, true);
  auto second = RunSmall(5, true);
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->acts.size(), second->acts.size());
  EXPECT_EQ(first->persons.name, second->persons.name);
  EXPECT_EQ(first->state.seat_mandate, second->state.seat_mandate);
  for (std::size_t act_idx = 0; act_idx < first->acts.size(); ++act_idx) {
    const auto* a = std::get_if<ElectionAct>(&first->acts[act_idx]);
    const auto* b = std::get_if<ElectionAct>(&second->acts[act_idx]);
    ASSERT_EQ(a == nullptr, b == nullptr);
    if (a) {
      EXPECT_EQ(a->candidates, b->candidates);
      EXPECT_EQ(a->votes, b->votes);
      EXPECT_EQ(a->elected, b->elected);
    }
  }
  auto other = RunSmall(6, true);
  ASSERT_TRUE(other);
  EXPECT_NE(first->persons.name, other->persons.name);
}

TEST(CycleSmallTest, TheCommissionCatchesEveryPlantedFault) {
  const Country& country = SmallCountry();
  auto record = RunSmall(11, true);
  ASSERT_TRUE(record) << record.error().ToString();
  std::set<RejectReason> kinds;
  for (const PlantedFault& fault : record->faults) {
    kinds.insert(fault.expect);
    ASSERT_GE(fault.election, 0) << fault.description;
    // The verification of that election rejected it for the expected reason.
    bool caught = false;
    for (const CycleAct& act : record->acts) {
      const auto* verification = std::get_if<VerificationAct>(&act);
      if (!verification || verification->election != fault.election) continue;
      for (const MandateCheck& check : verification->checks) {
        if ((fault.person == kNoPerson || check.person == fault.person) &&
            check.reason == fault.expect) {
          caught = true;
        }
        if (fault.expect == RejectReason::kNoQuorum) {
          EXPECT_EQ(check.reason, RejectReason::kNoQuorum) << fault.description;
        }
      }
    }
    EXPECT_TRUE(caught) << fault.description;
  }
  EXPECT_EQ(kinds, (std::set<RejectReason>{RejectReason::kSeatedTwice, RejectReason::kIneligible,
                                           RejectReason::kNoQuorum, RejectReason::kNotElected,
                                           RejectReason::kNotMemberOfSendingBody}));
  // Nothing irregular is seated, and every seat is still filled.
  auto checked = CheckInvariants(country.charter, country.apportionment, record->persons,
                                 record->acts, record->state);
  EXPECT_TRUE(checked) << checked.error().ToString();
  std::int64_t seats = 0;
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(country.apportionment.bodies.size());
       ++body) {
    seats += FilledSeats(country.charter, country.apportionment, body);
  }
  EXPECT_EQ(static_cast<std::int64_t>(record->state.mandates.size()), seats);
}

TEST(CycleSmallTest, TheTopIsElected) {
  const Country& country = SmallCountry();
  auto record = RunSmall(11, false);
  ASSERT_TRUE(record);
  const BodyIndex commissars = [&] {
    for (BodyIndex body = 0; body < static_cast<BodyIndex>(country.apportionment.bodies.size());
         ++body) {
      if (country.apportionment.bodies[body].kind == "commissars") return body;
    }
    return BodyIndex{-1};
  }();
  ASSERT_GE(commissars, 0);
  std::set<std::string> portfolios;
  for (std::int64_t seat = 1; seat <= record->state.Seats(commissars); ++seat) {
    portfolios.insert(record->state.mandates[record->state.At(commissars, seat)].portfolio);
  }
  EXPECT_EQ(portfolios.size(), static_cast<std::size_t>(record->state.Seats(commissars)));
  EXPECT_EQ(record->constituent.seats, 520);
  std::int64_t won = 0;
  for (std::int64_t seats : record->constituent.won) won += seats;
  EXPECT_EQ(won, 520);
}

}  // namespace
}  // namespace sovet
