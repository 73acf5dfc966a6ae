// Fixed-point decimals for the STV counts, and the look-back tie-break both
// STV rule sets share.
//
// A value with P decimal places is an int64 holding value × 10^P: the
// Scottish rules count "to five decimal places (any remainder being
// ignored)" (SSI 2007/42, Sch. 1, rule 48(3)), New Zealand's Meek rules in
// units of 10^-9 (Local Electoral Regulations 2001, Sch. 1A, cl. 1(2)).
// Products are formed in __int128 and divided with truncation toward zero
// (all operands are non-negative, so this is the floor), never rounded.
#ifndef SOVET_COUNT_FIXED_DECIMAL_H_
#define SOVET_COUNT_FIXED_DECIMAL_H_

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "count/lot.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet {

constexpr std::int64_t Pow10(int places) {
  std::int64_t scale = 1;
  for (int idx = 0; idx < places; ++idx) scale *= 10;
  return scale;
}

// floor(a × b ÷ c) for non-negative a, b and positive c whose result fits in
// int64 (callers guarantee it: the result is at most max(a, b) in every use).
inline std::int64_t MulDivFloor(std::int64_t a, std::int64_t b, std::int64_t c) {
  return static_cast<std::int64_t>(static_cast<__int128>(a) * b / c);
}

// ceil(a × b ÷ c) for non-negative a, b and positive c.
inline std::int64_t MulDivCeil(std::int64_t a, std::int64_t b, std::int64_t c) {
  __int128 product = static_cast<__int128>(a) * b;
  return static_cast<std::int64_t>((product + c - 1) / c);
}

// Exact decimal text of a scaled value: FormatFixed(123450, 5) == "1.23450".
inline std::string FormatFixed(std::int64_t scaled, int places) {
  const std::int64_t scale = Pow10(places);
  std::string sign = scaled < 0 ? "-" : "";
  std::uint64_t magnitude = scaled < 0 ? static_cast<std::uint64_t>(-(scaled + 1)) + 1
                                       : static_cast<std::uint64_t>(scaled);
  if (places == 0) return fmt::format("{}{}", sign, magnitude);
  return fmt::format("{}{}.{:0{}}", sign, magnitude / static_cast<std::uint64_t>(scale),
                     magnitude % static_cast<std::uint64_t>(scale), places);
}

// Settles a tie among `tied` (candidates with equal votes now) by looking
// back: the most recent earlier stage at which their votes were unequal
// decides (SSI 2007/42, Sch. 1, rule 49(2) for the order of surpluses,
// rule 51(2)(a) for exclusion; sovet's Meek count uses the same rule, see
// doc/stv.md). `history[stage][candidate]` holds the totals after each stage,
// oldest first. At a stage where some but not all of them differ, the ones
// that do not have the extreme total drop out and the look-back goes on
// with the rest; what is left at the first stage goes to lot (rule 49(3),
// 51(2)(b)), drawn from `lot` over the remaining candidates in ballot
// order. `want_lowest`: exclusion (lowest loses) or surplus order / election
// (highest first). The decision is appended to `ties`.
inline CandidateIndex BreakTieByLookBack(std::vector<CandidateIndex> tied,
                                         const std::vector<std::vector<std::int64_t>>& history,
                                         bool want_lowest, Lot& lot, std::int32_t round,
                                         const std::string& purpose,
                                         const std::vector<std::string>& names,
                                         std::vector<TieBreak>& ties) {
  TieBreak tie;
  tie.round = round;
  tie.purpose = purpose;
  for (CandidateIndex candidate : tied) tie.tied.push_back(names[candidate]);
  for (std::size_t stage = history.size(); stage-- > 0 && tied.size() > 1;) {
    const std::vector<std::int64_t>& totals = history[stage];
    std::int64_t extreme = totals[tied[0]];
    for (CandidateIndex candidate : tied) {
      extreme =
          want_lowest ? std::min(extreme, totals[candidate]) : std::max(extreme, totals[candidate]);
    }
    std::vector<CandidateIndex> kept;
    for (CandidateIndex candidate : tied) {
      if (totals[candidate] == extreme) kept.push_back(candidate);
    }
    tied = std::move(kept);
  }
  CandidateIndex chosen = tied[0];
  if (tied.size() == 1 && tie.tied.size() > 1) {
    tie.how = "look_back";
  } else {
    std::size_t drawn = lot.Draw(tied.size());
    chosen = tied[drawn];
    tie.how = "lot";
    tie.draw = drawn;
  }
  tie.chosen = names[chosen];
  ties.push_back(std::move(tie));
  return chosen;
}

}  // namespace sovet

#endif  // SOVET_COUNT_FIXED_DECIMAL_H_
