#include "apportion/largest_remainder.h"

#include <algorithm>
#include <numeric>

namespace sovet::apportion_internal {

std::vector<std::int64_t> LargestRemainder(std::int64_t seats,
                                           std::span<const Claimant> claimants) {
  const std::size_t count = claimants.size();
  std::vector<std::int64_t> allocation(count, 0);
  if (count == 0) return allocation;
  std::vector<bool> fixed(count, false);
  std::vector<std::size_t> active(count);
  std::iota(active.begin(), active.end(), std::size_t{0});
  std::vector<Int128> remainder(count, 0);
  std::int64_t house = seats;
  while (true) {
    Int128 total_weight = 0;
    for (std::size_t idx : active) total_weight += claimants[idx].weight;
    const bool equal_weights = total_weight == 0;
    if (equal_weights) total_weight = static_cast<Int128>(active.size());
    std::int64_t given = 0;
    for (std::size_t idx : active) {
      Int128 weight = equal_weights ? 1 : claimants[idx].weight;
      Int128 scaled = static_cast<Int128>(house) * weight;
      allocation[idx] = static_cast<std::int64_t>(scaled / total_weight);
      remainder[idx] = scaled % total_weight;
      given += allocation[idx];
    }
    std::int64_t left = house - given;  // < active.size(): the remainders sum to left * W
    if (left > 0) {
      std::vector<std::size_t> order = active;
      auto better = [&](std::size_t a, std::size_t b) {
        if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
        if (claimants[a].weight != claimants[b].weight) {
          return claimants[a].weight > claimants[b].weight;
        }
        return a < b;
      };
      std::partial_sort(order.begin(), order.begin() + left, order.end(), better);
      for (std::int64_t rank = 0; rank < left; ++rank) ++allocation[order[rank]];
    }
    std::vector<std::size_t> still_active;
    bool any_fixed = false;
    for (std::size_t idx : active) {
      if (allocation[idx] < claimants[idx].minimum) {
        allocation[idx] = claimants[idx].minimum;
        house -= claimants[idx].minimum;
        fixed[idx] = true;
        any_fixed = true;
      } else {
        still_active.push_back(idx);
      }
    }
    if (!any_fixed) break;
    // The caller guarantees sum(minimums) <= seats, so someone stays active
    // while seats remain (see the header); with none left, we are done.
    active = std::move(still_active);
    if (active.empty()) break;
  }
  return allocation;
}

}  // namespace sovet::apportion_internal
