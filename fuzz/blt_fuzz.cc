// Fuzz target: BLT ballots through ParseBlt; ranked ballots that keep the
// invariants of sovet/ballots.h, or a located error, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "sovet/ballots.h"

namespace sovet::fuzz {

int Blt(const std::uint8_t* data, std::size_t size) {
  auto ballots = sovet::ParseBlt(sovet::fuzz::AsText(data, size), "fuzz.blt");
  if (!ballots) return 0;
  // The contract of RankedBallots: offsets bracket prefs, indices name
  // candidates, no candidate twice in a ballot, weights sum to total_weight.
  const sovet::RankedBallots& rb = *ballots;
  if (rb.offsets.size() != rb.weights.size() + 1) std::abort();
  if (rb.offsets.back() != rb.prefs.size()) std::abort();
  if (rb.withdrawn.size() != rb.candidates.size()) std::abort();
  std::int64_t total = 0;
  for (std::size_t b = 0; b < rb.distinct_ballots(); ++b) {
    total += rb.weights[b];
    std::vector<bool> seen(rb.candidates.size());
    for (sovet::CandidateIndex c : rb.Ballot(b)) {
      if (c >= rb.candidates.size() || seen[c] || rb.withdrawn[c]) std::abort();
      seen[c] = true;
    }
  }
  if (total != rb.total_weight) std::abort();
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(Blt)
