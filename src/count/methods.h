// The counting methods behind Count() (count.cc), one function per family.
// Each validates what it needs beyond Count()'s common checks and fills a
// CountResult with its full record.
#ifndef SOVET_COUNT_METHODS_H_
#define SOVET_COUNT_METHODS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "count/lot.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet {

// The fields every count fills first: its method, seats, seed, and the
// candidates (or options) in input order.
inline CountResult StartResult(Method method, std::int64_t seats, std::uint64_t seed,
                               std::vector<std::string> candidates) {
  CountResult result;
  result.method = method;
  result.seats = seats;
  result.seed = seed;
  result.candidates = std::move(candidates);
  return result;
}

// Plurality, block vote and approval (SYSTEM.md §6), on a tally (votes per
// option are already marks) or on marked ballots.
Result<CountResult> CountMarks(const Ballots& ballots, const CountOptions& options);

// D'Hondt, Sainte-Laguë, modified Sainte-Laguë, Hare and Droop largest
// remainder, with the threshold of SYSTEM.md §6.
Result<CountResult> CountListPr(const Tally& tally, const CountOptions& options);

// Schulze (winning votes, full ranking) and the Condorcet winner check.
Result<CountResult> CountSchulze(const RankedBallots& ballots, const CountOptions& options);
Result<CountResult> CountCondorcet(const RankedBallots& ballots, const CountOptions& options);
// d[i][j]: the weight of ballots preferring candidate i to j, a candidate
// left unranked counting below every ranked one (SYSTEM.md §6).
std::vector<std::vector<std::int64_t>> PairwiseMatrix(const RankedBallots& ballots);

// A motion: yes / no / abstain with quorum and majority rule.
Result<CountResult> CountMotion(const Tally& tally, const CountOptions& options);

// Chooses `wanted` of `tied` (candidate indices, in candidate order) by lot,
// appending one TieBreak per draw; returns the chosen in order drawn.
std::vector<std::size_t> ChooseByLot(std::vector<std::size_t> tied, std::size_t wanted,
                                     std::int32_t round, const std::string& purpose,
                                     const std::vector<std::string>& names, Lot& lot,
                                     std::vector<TieBreak>* ties);

// Exact text for an integer or a reduced fraction num/den (den > 0).
std::string IntText(__int128 value);
std::string FractionText(__int128 num, __int128 den);

}  // namespace sovet

#endif  // SOVET_COUNT_METHODS_H_
