// Drawing lots: the deterministic random choice that settles a tie the
// counting rules leave to lot (Scottish Order 2007, Sch. 1, rules 49-50
// "decided by lot"; SYSTEM.md §6 "then by lot from a seed that is recorded
// with the result"). The same seed gives the same sequence of draws on every
// machine, so anyone holding the published seed can re-run the count and
// check every draw.
//
// Generator: SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014): state += 0x9E3779B97F4A7C15, then the
// published mixing function. Draw(n) is unbiased: 64-bit outputs at or above
// the largest multiple of n are rejected and drawn again (Lemire's
// "threshold" method without the multiply), so every index has probability
// exactly 1/n.
//
// Thread-safety: a Lot is a mutable value; use one per count.
#ifndef SOVET_COUNT_LOT_H_
#define SOVET_COUNT_LOT_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sovet {

class Lot {
 public:
  explicit Lot(std::uint64_t seed);

  // Draws one of n tied items (n >= 1) and returns its index in [0, n).
  // The drawn index is appended to draws().
  std::size_t Draw(std::size_t n);

  // Every index drawn so far, in order.
  const std::vector<std::uint64_t>& draws() const { return draws_; }
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  std::uint64_t state_;
  std::vector<std::uint64_t> draws_;
};

}  // namespace sovet

#endif  // SOVET_COUNT_LOT_H_
