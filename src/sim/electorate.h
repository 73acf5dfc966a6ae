// The simulated electorate of `sovet demo` (doc/demo_model.md): how the
// electors of each village and town divide between the factions, how many
// come to the meeting, and who stands. Calibrated on the Constituent
// Assembly vote (002:191-209). Every figure is an integer; every draw is keyed
// (random.h), so a unit's electorate depends only on the seed and the unit.
#ifndef SOVET_SIM_ELECTORATE_H_
#define SOVET_SIM_ELECTORATE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sovet/census.h"
#include "sovet/cycle.h"
#include "sovet/register.h"

namespace sovet::sim {

// Faction shares in parts of kShareDen (they sum to kShareDen).
inline constexpr std::int64_t kShareDen = std::int64_t{1} << 20;
using Shares = std::array<std::int64_t, kFactionCount>;

// Base weights in per mille of a unit's electors, before regional and local
// variation (doc/demo_model.md derives them from 002:193-202).
struct ElectorateModel {
  std::array<std::int64_t, kFactionCount> town{};
  std::array<std::int64_t, kFactionCount> village{};
  std::array<std::int64_t, kFactionCount> capital{};
  // Regional and local multipliers per faction, per mille, drawn uniformly.
  std::int64_t region_low = 700, region_high = 1300;
  std::int64_t local_low = 600, local_high = 1400;
  // One oblast in `national_every` is a national region, where the national
  // parties' weight is multiplied by `national_factor`.
  std::int64_t national_every = 4;
  std::int64_t national_factor = 12;
  // Turnout at an electoral meeting, per mille of the roll.
  std::int64_t turnout_low = 550, turnout_high = 900;
  // Members present at a body's meeting, per mille.
  std::int64_t attendance_low = 900, attendance_high = 1000;
  // Nominees per seat, as a fraction: a faction puts up
  // round(share * seats * num / den) candidates.
  std::int64_t nominees_num = 3, nominees_den = 2;
};

// The model doc/demo_model.md documents.
const ElectorateModel& DefaultModel();

class Electorate {
 public:
  Electorate(const Census& census, std::uint64_t seed, const ElectorateModel& model);

  // The expected faction shares of a unit's electors. `rural`: the unit's
  // soviet is a rural body (village, small town).
  Shares LocalShares(UnitIndex unit, bool rural) const;
  // Electors present at the meeting, never below `quorum` (a meeting that
  // lacks its quorum is a planted fault, not a draw). `attempt` > 0 for a
  // by-election's fresh meeting.
  std::int64_t Present(UnitIndex unit, std::int64_t electors, std::int64_t quorum,
                       int attempt) const;
  // Divides `present` electors between the factions: one categorical draw
  // per elector (a multinomial sample), integer thresholds only.
  FactionCounts DrawVoters(UnitIndex unit, std::int64_t present, const Shares& shares,
                           int attempt) const;
  // Adds a nominee of `faction` living in `unit` to the register.
  PersonIndex Nominate(PersonRegister& persons, UnitIndex unit, Faction faction,
                       std::uint64_t key) const;

  const ElectorateModel& model() const { return model_; }
  std::uint64_t seed() const { return seed_; }

 private:
  const Census& census_;
  std::uint64_t seed_;
  ElectorateModel model_;
  std::vector<UnitIndex> region_;  // per unit: its ancestor two levels below the root
  std::vector<UnitIndex> oblast_;  // per unit: its ancestor one level below the root
  std::vector<bool> capital_;      // Petrograd and Moscow (002:198-202)
};

// Votes per candidate in an election whose present voters are
// `voters_by_faction`: a candidate gets `appeal`/1024 of their own faction's
// voters and `cross_appeal`/1024 of the others (doc/demo_model.md).
std::int64_t CandidateVotes(const PersonRegister& persons, PersonIndex person,
                            const FactionCounts& voters_by_faction);

}  // namespace sovet::sim

#endif  // SOVET_SIM_ELECTORATE_H_
