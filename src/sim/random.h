// The cycle's own deterministic randomness. Every draw is keyed by what it is
// for (the seed, a purpose tag and the unit or body), so a result does not
// depend on the order in which bodies are processed, and the same seed gives
// the same acts on every machine. Integer arithmetic only; no std::
// distributions (their output differs between standard libraries).
//
// Generator: SplitMix64 (Steele, Lea & Flood, OOPSLA 2014).
#ifndef SOVET_SIM_RANDOM_H_
#define SOVET_SIM_RANDOM_H_

#include <cstdint>

#include "base/random.h"

namespace sovet::sim {

using ::sovet::Mix64;

// A key for one purpose: the seed, a tag naming the purpose, and up to two
// numbers (a unit, a body, a person).
inline std::uint64_t Key(std::uint64_t seed, std::uint64_t tag, std::uint64_t a = 0,
                         std::uint64_t b = 0) {
  std::uint64_t key = Mix64(seed + kGoldenGamma * (tag + 1));
  key = Mix64(key ^ (a + 0x632BE59BD9B4E019ULL));
  return Mix64(key ^ (b + 0x8CB92BA72F3D8DD7ULL));
}

// Purpose tags; a new purpose takes a new number, never a reused one.
enum Tag : std::uint64_t {
  kTagRegion = 1,
  kTagLocal = 2,
  kTagTurnout = 3,
  kTagVoters = 4,
  kTagPerson = 5,
  kTagCount = 6,
  kTagFault = 7,
  kTagMembersPresent = 8,
  kTagByElection = 9,
  kTagNational = 10,
  kTagNominee = 11,
};

// The random key of a person the simulation enters in the register, from
// the key of what nominates them (a nominee's identity below, or a planted
// fault's key).
inline std::uint64_t PersonKey(std::uint64_t seed, std::uint64_t identity) {
  return Key(seed, kTagPerson, identity);
}

// The identity of the `nominee`-th nominee of slot `slot` at attempt
// `attempt` of the soviet `body`'s elections; slot is a slate index, or the
// slate count for the extra nominees that make a contest. Within
// slot < 8, nominee < 4096 and attempt < 16 the parts pack into one number,
// as they always have, so the seeds' seven slates draw the same persons for
// the same seed; beyond it (more slates, a larger soviet) Key chains them,
// and two nominees share an identity only by a 64-bit hash collision.
inline std::uint64_t NomineeIdentity(std::uint64_t seed, std::uint64_t body, std::uint64_t slot,
                                     std::uint64_t nominee, std::uint64_t attempt) {
  if (slot < 8 && nominee < 4096 && attempt < 16) {
    return ((body * 8 + slot) * 4096 + nominee) * 16 + attempt;
  }
  return Key(seed, kTagNominee, Key(seed, kTagNominee, body, slot), (nominee << 8) | attempt);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() { return SplitMix64(state_); }
  // Uniform in [0, n), n >= 1, without bias.
  std::uint64_t Below(std::uint64_t n) {
    return UniformBelow(n, [this] { return Next(); });
  }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }

 private:
  std::uint64_t state_;
};

}  // namespace sovet::sim

#endif  // SOVET_SIM_RANDOM_H_
