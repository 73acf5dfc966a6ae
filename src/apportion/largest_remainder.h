// Hamilton's method (largest remainder) with per-claimant minimums, in exact
// integer arithmetic. Used twice by SYSTEM.md §5: between the terms of a
// composed body (step 3) and among the sources of a term (step 4).
//
// The algorithm, exactly (doc/charter_format.md, "Apportionment"):
//   1. Every claimant is active. H = seats.
//   2. Among the active claimants, with W = the sum of their weights, each
//      gets floor(H * w / W); the H - sum(floors) seats left go one each to
//      the largest remainders (H * w mod W, comparable as integers because
//      all share the denominator W). A tie goes to the larger weight, then to
//      the claimant that comes first (callers order claimants by id, byte
//      order). When W = 0 every active claimant weighs the same (1).
//   3. If some active claimant got fewer seats than its minimum, each such
//      claimant is fixed at its minimum and leaves the active set; H drops by
//      those minimums; go to 2. Otherwise the allocation is final.
// A claimant is thus held at its minimum only when its proportional share
// falls short of it, and the others share the rest in proportion. The loop
// ends after at most one round per claimant.
#ifndef SOVET_APPORTION_LARGEST_REMAINDER_H_
#define SOVET_APPORTION_LARGEST_REMAINDER_H_

#include <cstdint>
#include <span>
#include <vector>

namespace sovet::apportion_internal {

using Int128 = __int128;

struct Claimant {
  Int128 weight = 0;         // >= 0, < 2^63
  std::int64_t minimum = 0;  // >= 0
};

// Requires seats >= sum of minimums and seats < 2^62. Returns one seat count
// per claimant (in the order given), summing to `seats`. With no claimants,
// returns an empty vector (the caller decides what unplaced seats mean).
std::vector<std::int64_t> LargestRemainder(std::int64_t seats, std::span<const Claimant> claimants);

}  // namespace sovet::apportion_internal

#endif  // SOVET_APPORTION_LARGEST_REMAINDER_H_
