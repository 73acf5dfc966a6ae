// A pseudo-random generator whose output is the same on every platform and
// standard library: xoshiro256** seeded through splitmix64 (Blackman and
// Vigna, https://prng.di.unimi.it/). The standard distributions
// (std::uniform_int_distribution, ...) are implementation-defined and are
// never used where output must be reproducible.
#ifndef SOVET_CENSUS_PRNG_H_
#define SOVET_CENSUS_PRNG_H_

#include <cstdint>
#include <span>

#include "base/random.h"

namespace sovet::census_internal {

class Xoshiro256StarStar {
 public:
  explicit Xoshiro256StarStar(std::uint64_t seed) {
    // SplitMix64 spreads one 64-bit seed over the 256 bits of state, as
    // xoshiro's authors recommend.
    std::uint64_t mix = seed;
    for (std::uint64_t& word : state_) word = SplitMix64(mix);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // A uniform integer in [low, high] (inclusive; low <= high). Rejection
  // sampling removes the bias of a plain modulo, so every value is exactly
  // equally likely and the draw sequence depends only on the seed.
  std::int64_t Uniform(std::int64_t low, std::int64_t high) {
    const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
    if (span == 0) return static_cast<std::int64_t>(Next());  // the whole 64-bit range
    return low + static_cast<std::int64_t>(UniformBelow(span, [this] { return Next(); }));
  }

  // An index into `weights` (non-negative, not all zero), chosen with
  // probability weight / sum.
  std::size_t PickWeighted(std::span<const std::int64_t> weights) {
    std::int64_t total = 0;
    for (std::int64_t weight : weights) total += weight;
    std::int64_t draw = Uniform(0, total - 1);
    for (std::size_t index = 0; index < weights.size(); ++index) {
      if (draw < weights[index]) return index;
      draw -= weights[index];
    }
    return weights.size() - 1;
  }

 private:
  static std::uint64_t Rotl(std::uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
  }

  std::uint64_t state_[4];
};

}  // namespace sovet::census_internal

#endif  // SOVET_CENSUS_PRNG_H_
