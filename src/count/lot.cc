#include "count/lot.h"

#include "base/random.h"

namespace sovet {

Lot::Lot(std::uint64_t seed) : seed_(seed), state_(seed) {}

std::size_t Lot::Draw(std::size_t n) {
  if (n <= 1) {
    draws_.push_back(0);
    return 0;
  }
  const auto index = static_cast<std::size_t>(
      UniformBelow(n, [this] { return SplitMix64(state_); }));
  draws_.push_back(index);
  return index;
}

}  // namespace sovet
