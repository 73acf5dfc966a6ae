// Ballots: what a count reads.
//
// Two shapes:
//  - Tally: votes per option. Read from CSV `option,votes`, or streamed from
//    CSV `ballot` (one ballot per line naming its one choice; tallied while
//    reading, never held in memory).
//  - RankedBallots: ranked (or marked) ballots, read from BLT, the standard
//    format of STV programs. Identical ballots are merged into one distinct
//    ballot with a weight, so a count touches each distinct ballot once per
//    round, not each voter.
//
// Every loader is all or nothing, and a bad file yields kInvalidInput naming
// file, line, field and what was expected.
//
// Thread-safety: loaded values are immutable and may be shared by threads.
#ifndef SOVET_BALLOTS_H_
#define SOVET_BALLOTS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet {

using CandidateIndex = std::uint16_t;  // at most 65,535 candidates

struct Tally {
  std::string source_file;
  std::vector<std::string> options;  // in first-appearance order
  std::vector<std::int64_t> votes;   // votes[k] for options[k]; sum fits in int64
  std::int64_t total = 0;
};

struct RankedBallots {
  std::string source_file;
  std::string title;
  std::vector<std::string> candidates;  // in BLT order
  std::vector<bool> withdrawn;          // per candidate
  std::int64_t seats = 0;               // from the BLT header
  // Distinct ballots, merged: ballot b has weight weights[b] and ranks
  // prefs[offsets[b] .. offsets[b + 1]) in order of preference (0-based
  // candidate indices, no candidate twice, withdrawn candidates removed).
  std::vector<std::int64_t> weights;
  std::vector<std::uint32_t> offsets{0};
  std::vector<CandidateIndex> prefs;
  std::int64_t total_weight = 0;  // sum of weights (voters), empty ballots included

  std::size_t distinct_ballots() const { return weights.size(); }
  std::span<const CandidateIndex> Ballot(std::size_t ballot_idx) const {
    return {prefs.data() + offsets[ballot_idx], prefs.data() + offsets[ballot_idx + 1]};
  }
};

// CSV `option,votes`.
Result<Tally> LoadTallyCsv(const std::string& path);
// CSV `ballot`, one choice per line, streamed in fixed-size blocks.
Result<Tally> StreamBallotCsv(const std::string& path);
// BLT (see doc/count_format.md for the accepted dialect).
Result<RankedBallots> LoadBlt(const std::string& path);
Result<RankedBallots> ParseBlt(std::string_view text, const std::string& file_name);

}  // namespace sovet

#endif  // SOVET_BALLOTS_H_
