#include "count/lot.h"

#include <limits>

namespace sovet {

Lot::Lot(std::uint64_t seed) : seed_(seed), state_(seed) {}

std::uint64_t Lot::Next() {
  // SplitMix64, constants as published (see lot.h).
  state_ += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::size_t Lot::Draw(std::size_t n) {
  if (n <= 1) {
    draws_.push_back(0);
    return 0;
  }
  const std::uint64_t bound = n;
  // Outputs >= limit would make the low indices likelier; reject them.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t value = Next();
  while (value >= limit) value = Next();
  const std::size_t index = static_cast<std::size_t>(value % bound);
  draws_.push_back(index);
  return index;
}

}  // namespace sovet
