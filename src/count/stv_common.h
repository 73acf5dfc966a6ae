// What the two STV counts (stv_scottish.cc, stv_meek.cc) do the same way:
// checking their arguments, opening and closing the result, recording a
// stage, and choosing the continuing candidate to exclude. The rules that
// differ (quota, transfers, arithmetic) stay in each count.
#ifndef SOVET_COUNT_STV_COMMON_H_
#define SOVET_COUNT_STV_COMMON_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "count/fixed_decimal.h"
#include "count/lot.h"
#include "count/methods.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet::stv {

// Checks what both counts need of their arguments: at least one seat, one
// withdrawn flag per candidate, and no more ballots than `max_votes`, the
// most the count's fixed-point totals hold in 64 bits. `count_name` and
// `precision` name the count and its arithmetic in the message ("Scottish",
// "five decimal places in 64 bits").
Result<void> CheckArguments(const RankedBallots& ballots, std::int64_t seats,
                            std::int64_t max_votes, std::string_view count_name,
                            std::string_view precision);

// Numbers `round` as the next stage of `result`, records the candidates'
// totals and the non-transferable votes (fixed point with `places`
// decimals) and appends it.
void AppendRound(CountRound round, const std::vector<std::int64_t>& totals,
                 std::int64_t non_transferable, int places, CountResult& result);

// Lists the elected in order of election and notes the seats left
// unfilled (`vacancies` > 0) when fewer candidates stood than seats.
void FinishResult(const std::vector<CandidateIndex>& elected, std::int64_t vacancies,
                  CountResult& result);

// The candidates whose state is `continuing` ("hopeful" in Meek's terms)
// and whose total is the lowest among them, in ballot order.
template <typename State>
std::vector<CandidateIndex> LowestContinuing(const std::vector<State>& state, State continuing,
                                             const std::vector<std::int64_t>& totals) {
  std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
  for (std::size_t idx = 0; idx < state.size(); ++idx) {
    if (state[idx] == continuing) lowest = std::min(lowest, totals[idx]);
  }
  std::vector<CandidateIndex> tied;
  for (std::size_t idx = 0; idx < state.size(); ++idx) {
    if (state[idx] == continuing && totals[idx] == lowest) {
      tied.push_back(static_cast<CandidateIndex>(idx));
    }
  }
  return tied;
}

// The candidates in state `wanted` whose total is at least `at_least`, in
// decreasing order of totals, equal totals in ballot order: the order in
// which candidates reaching the quota, or the last continuing ones, are
// deemed elected (SYSTEM.md §6).
template <typename State>
std::vector<CandidateIndex> ByVotes(
    const std::vector<State>& state, State wanted, const std::vector<std::int64_t>& totals,
    std::int64_t at_least = std::numeric_limits<std::int64_t>::min()) {
  std::vector<CandidateIndex> found;
  for (std::size_t idx = 0; idx < state.size(); ++idx) {
    if (state[idx] == wanted && totals[idx] >= at_least) {
      found.push_back(static_cast<CandidateIndex>(idx));
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [&](CandidateIndex a, CandidateIndex b) { return totals[a] > totals[b]; });
  return found;
}

// The continuing candidate to exclude at stage `round_number`: the one with
// the lowest total, ties by look-back over `history` then lot, the decision
// recorded in result.ties (Scottish rules 50(1), 51; Meek likewise, see
// doc/stv.md). `none_message` is the internal error when no candidate is
// continuing, which the counts' own checks make impossible.
template <typename State>
Result<CandidateIndex> ChooseExclusion(const std::vector<State>& state, State continuing,
                                       const std::vector<std::int64_t>& totals,
                                       const std::vector<std::vector<std::int64_t>>& history,
                                       Lot& lot, std::int32_t round_number,
                                       const std::string& none_message, CountResult& result) {
  std::vector<CandidateIndex> tied = LowestContinuing(state, continuing, totals);
  if (tied.empty()) return Error(Status::Internal(none_message));
  if (tied.size() == 1) return tied[0];
  return BreakTieByLookBack(tied, history, /*want_lowest=*/true, lot, round_number, "exclusion",
                            result.candidates, result.ties);
}

}  // namespace sovet::stv

#endif  // SOVET_COUNT_STV_COMMON_H_
