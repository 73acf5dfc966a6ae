// The simulated electorate of `sovet demo` (doc/demo_model.md): how the
// electors of each village and town divide between the slates of the
// simulation file (SimModel), how many come to the meeting, and who stands.
// Every figure is an integer; every draw is keyed (random.h), so a unit's
// electorate depends only on the seed, the model and the unit.
#ifndef SOVET_SIM_ELECTORATE_H_
#define SOVET_SIM_ELECTORATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sovet/census.h"
#include "sovet/cycle.h"
#include "sovet/register.h"
#include "sovet/sim.h"

namespace sovet::sim {

// Slate shares in parts of kShareDen (they sum to kShareDen), one per slate
// of the model.
inline constexpr std::int64_t kShareDen = std::int64_t{1} << 20;
using Shares = std::vector<std::int64_t>;

class Electorate {
 public:
  // `model` must outlive the electorate.
  Electorate(const Census& census, std::uint64_t seed, const SimModel& model);

  // The expected slate shares of a unit's electors. `rural`: the unit's
  // soviet is a rural body (village, small town).
  Shares LocalShares(UnitIndex unit, bool rural) const;
  // Electors present at the meeting, never below `quorum` (a meeting that
  // lacks its quorum is a planted fault, not a draw). `attempt` > 0 for a
  // by-election's fresh meeting.
  std::int64_t Present(UnitIndex unit, std::int64_t electors, std::int64_t quorum,
                       int attempt) const;
  // Divides `present` electors between the slates: one categorical draw
  // per elector (a multinomial sample), integer thresholds only.
  SlateCounts DrawVoters(UnitIndex unit, std::int64_t present, const Shares& shares,
                         int attempt) const;
  // Adds a nominee of `slate` (an index into the model's slates, which are
  // the register's) living in `unit` to the register; `key` is the person's
  // random key (random.h PersonKey).
  PersonIndex Nominate(PersonRegister& persons, UnitIndex unit, SlateIndex slate,
                       std::uint64_t key) const;

  const SimModel& model() const { return model_; }
  std::uint64_t seed() const { return seed_; }

 private:
  const Census& census_;
  std::uint64_t seed_;
  const SimModel& model_;
  std::vector<UnitIndex> region_;  // per unit: its ancestor two levels below the root
  std::vector<UnitIndex> oblast_;  // per unit: its ancestor one level below the root
  std::vector<bool> capital_;      // units named in the model's `capitals`
};

// Votes per candidate in an election whose present voters are
// `voters_by_slate`: a candidate gets `appeal`/1024 of their own slate's
// voters and `cross_appeal`/1024 of the others (doc/demo_model.md).
std::int64_t CandidateVotes(const PersonRegister& persons, PersonIndex person,
                            const SlateCounts& voters_by_slate);

}  // namespace sovet::sim

#endif  // SOVET_SIM_ELECTORATE_H_
