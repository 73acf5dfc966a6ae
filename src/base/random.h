// Reproducible pseudo-randomness shared by every module: the same seed gives
// the same numbers on every machine and standard library (std::
// distributions are implementation-defined and are never used where output
// must be reproducible). Integer arithmetic only.
//
// SplitMix64: Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014, with its published constants.
#ifndef SOVET_BASE_RANDOM_H_
#define SOVET_BASE_RANDOM_H_

#include <cstdint>
#include <limits>

namespace sovet {

// SplitMix64's increment: the odd integer nearest 2^64 / golden ratio.
inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

// SplitMix64's output function: a bijection of 64-bit integers that spreads
// every input bit over the whole output.
inline std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// One SplitMix64 step: advances `state` and returns the next output.
inline std::uint64_t SplitMix64(std::uint64_t& state) {
  state += kGoldenGamma;
  return Mix64(state);
}

// A uniform integer in [0, n) for n >= 1, drawn from `next` (a callable
// returning uniform 64-bit words) without bias: words at or above the
// largest multiple of n are rejected and drawn again, so every value has
// probability exactly 1/n.
template <typename NextWord>
std::uint64_t UniformBelow(std::uint64_t n, NextWord&& next) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = kMax - kMax % n;
  std::uint64_t word = next();
  while (word >= limit) word = next();
  return word % n;
}

}  // namespace sovet

#endif  // SOVET_BASE_RANDOM_H_
