// Single transferable vote by Meek's method as New Zealand counts its local
// elections: the Local Electoral Regulations 2001, Schedule 1A ("Calculation
// of election results under STV"), which follows I. D. Hill, B. A. Wichmann
// & D. R. Woodall, "Algorithm 123 - Single transferable vote by Meek's
// method", Computer Journal 30(3), 1987. Clause numbers below refer to the
// structure of that algorithm as the Schedule sets it out (keep values,
// distribution, quota, election, surplus test, keep value update,
// exclusion).
//
// Arithmetic (Schedule 1A: numbers to nine decimal places): every keep
// value, paper weight and total is an int64 in units of 10^-9. Keep values
// and what they give are rounded up; the quota is truncated:
//  - Schedule 1A cl. 5: quota q = (v - vnt) ÷ (n + 1) + 0.000000001, where v
//    is the number of valid papers, vnt the non-transferable votes and n the
//    vacancies, "q is truncated to 9 decimal digits after the point with no
//    rounding" (then the 10^-9 is added, so at most n candidates reach it);
//  - a paper reaching a candidate with keep value k and remaining weight w
//    gives the candidate ceil(w × k) and passes on ceil(w × (1 - k)), and a
//    new keep value is ceil(ceil(k × q) ÷ votes): both rounded up, as
//    Lundell's Droop reads the Schedule (droop/rules/meek.py, kw_meekNZ1A
//    and "Hill & NZ Calculator & NZ Schedule 1A" keep-factor rounding).
// Iteration within a stage ends when a candidate reaches the quota (they are
// elected and a new stage begins), when the total surplus is below
// 0.00001 of a vote (Algorithm 123's limit), or when the surplus stops
// decreasing (fixed point reached in nine-place arithmetic); then the
// hopeful candidate with the fewest votes is excluded (keep value 0), ties
// by look-back to the most recent stage at which they differed, then lot
// from the recorded seed (SYSTEM.md §6; the Schedule's own tie rules, its
// Part 5 "Ahead At First Difference" and pseudo-random methods, are not
// reproduced: see doc/stv.md).
// When the hopeful candidates are no more than the vacancies, all are
// elected; when every seat is filled the count ends. A stage's totals are
// those its decision rests on: the distribution that elected someone, or the
// converged one on which the lowest candidate was excluded (whose papers
// move at the next stage's first distribution).
//
// A count touches each distinct ballot once per iteration; identical ballots
// were merged by the loader, so the weight of a distinct ballot multiplies
// what one paper gives.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "count/fixed_decimal.h"
#include "count/lot.h"
#include "count/stv.h"
#include "count/stv_common.h"

namespace sovet {
namespace {

constexpr int kPlaces = 9;
constexpr std::int64_t kOne = Pow10(kPlaces);
constexpr std::int64_t kOmega = Pow10(kPlaces - 5);  // 0.00001 of a vote
constexpr int kMaxIterationsPerStage = 100000;

enum class State : std::uint8_t { kHopeful, kElected, kExcluded, kWithdrawn };

class MeekCount {
 public:
  MeekCount(const RankedBallots& ballots, std::int64_t seats, std::uint64_t seed)
      : ballots_(ballots),
        seats_(seats),
        lot_(seed),
        candidate_count_(ballots.candidates.size()),
        state_(candidate_count_, State::kHopeful),
        keep_(candidate_count_, kOne),
        votes_(candidate_count_, 0) {}

  Result<CountResult> Run();

 private:
  enum class IterationEnd { kElected, kConverged, kStable };

  // Distributes every ballot by the current keep values; sets votes_,
  // excess_ (what is left when a paper's preferences run out) and quota_.
  void Distribute();
  // Deems elected every hopeful candidate at or above the quota, in
  // decreasing order of votes; returns how many.
  std::size_t ElectThoseWithQuota(CountRound& round);
  IterationEnd Iterate(CountRound& round);
  std::int64_t Surplus() const;
  std::size_t Count(State state) const {
    return static_cast<std::size_t>(std::count(state_.begin(), state_.end(), state));
  }
  std::int64_t Vacancies() const { return seats_ - static_cast<std::int64_t>(elected_.size()); }
  bool ElectRemainingIfFew(CountRound& round);
  void CloseRound(CountRound round);

  const RankedBallots& ballots_;
  const std::int64_t seats_;
  Lot lot_;
  const std::size_t candidate_count_;
  std::vector<State> state_;
  std::vector<std::int64_t> keep_;   // keep values, units of 10^-9
  std::vector<std::int64_t> votes_;  // units of 10^-9
  std::int64_t valid_ = 0;           // whole votes
  std::int64_t quota_ = 0;
  std::int64_t excess_ = 0;  // non-transferable votes (vnt)
  int iterations_ = 0;
  std::vector<CandidateIndex> elected_;
  std::vector<std::vector<std::int64_t>> history_;
  CountResult result_;
};

void MeekCount::Distribute() {
  std::fill(votes_.begin(), votes_.end(), 0);
  std::int64_t non_transferable = 0;
  for (std::size_t ballot_idx = 0; ballot_idx < ballots_.distinct_ballots(); ++ballot_idx) {
    std::span<const CandidateIndex> prefs = ballots_.Ballot(ballot_idx);
    if (prefs.empty()) continue;  // not a valid paper: neither v nor vnt
    const std::int64_t multiplier = ballots_.weights[ballot_idx];
    std::int64_t weight = kOne;  // of one paper
    for (CandidateIndex candidate : prefs) {
      const std::int64_t keep_value = keep_[candidate];
      if (keep_value == 0) continue;  // excluded: passes the whole weight on
      if (keep_value == kOne) {
        votes_[candidate] += weight * multiplier;
        weight = 0;
        break;
      }
      // Schedule 1A: what the candidate keeps and what passes on are both
      // rounded up to nine places.
      const std::int64_t kept = MulDivCeil(weight, keep_value, kOne);
      votes_[candidate] += kept * multiplier;
      weight = MulDivCeil(weight, kOne - keep_value, kOne);
      if (weight <= 0) break;
    }
    // What is left when the preferences run out is non-transferable.
    non_transferable += weight * multiplier;
  }
  excess_ = non_transferable;
  // Schedule 1A cl. 5: q = (v - vnt) / (n + 1) + 0.000000001, the division
  // truncated to nine places.
  quota_ = (valid_ * kOne - non_transferable) / (seats_ + 1) + 1;
}

std::int64_t MeekCount::Surplus() const {
  std::int64_t surplus = 0;
  for (CandidateIndex candidate : elected_)
    surplus += std::max<std::int64_t>(0, votes_[candidate] - quota_);
  return surplus;
}

std::size_t MeekCount::ElectThoseWithQuota(CountRound& round) {
  std::vector<CandidateIndex> reached = stv::ByVotes(state_, State::kHopeful, votes_, quota_);
  std::size_t count = 0;
  for (CandidateIndex candidate : reached) {
    if (Vacancies() == 0) break;
    state_[candidate] = State::kElected;
    elected_.push_back(candidate);
    round.elected.push_back(ballots_.candidates[candidate]);
    ++count;
  }
  return count;
}

MeekCount::IterationEnd MeekCount::Iterate(CountRound& round) {
  std::int64_t last_surplus = std::numeric_limits<std::int64_t>::max();
  for (int iteration = 0; iteration < kMaxIterationsPerStage; ++iteration) {
    Distribute();
    ++iterations_;
    if (ElectThoseWithQuota(round) > 0) return IterationEnd::kElected;
    const std::int64_t surplus = Surplus();
    if (surplus < kOmega) return IterationEnd::kConverged;
    if (surplus >= last_surplus) return IterationEnd::kStable;
    last_surplus = surplus;
    // New keep values: k × quota ÷ votes, rounded up at each step.
    for (CandidateIndex candidate : elected_) {
      const std::int64_t scaled = MulDivCeil(keep_[candidate], quota_, kOne);
      keep_[candidate] = std::min(kOne, MulDivCeil(scaled, kOne, votes_[candidate]));
    }
  }
  return IterationEnd::kStable;
}

void MeekCount::CloseRound(CountRound round) {
  std::string keeps;
  for (CandidateIndex candidate : elected_) {
    keeps += fmt::format("{}{}={}", keeps.empty() ? "" : ", ", ballots_.candidates[candidate],
                         FormatFixed(keep_[candidate], kPlaces));
  }
  std::string detail = fmt::format("quota {}", FormatFixed(quota_, kPlaces));
  if (!keeps.empty()) detail += "; keep values " + keeps;
  round.note = round.note.empty() ? detail : round.note + "; " + detail;
  stv::AppendRound(std::move(round), votes_, excess_, kPlaces, result_);
  history_.push_back(votes_);
}

// Schedule 1A cl. 3: counting is complete when the successful candidates
// fill the vacancies, or when successful and hopeful candidates together
// are no more than the vacancies, the hopeful ones then becoming successful.
bool MeekCount::ElectRemainingIfFew(CountRound& round) {
  if (Vacancies() == 0) return true;
  if (static_cast<std::int64_t>(Count(State::kHopeful)) > Vacancies()) return false;
  std::vector<CandidateIndex> remaining = stv::ByVotes(state_, State::kHopeful, votes_);
  for (CandidateIndex candidate : remaining) {
    state_[candidate] = State::kElected;
    elected_.push_back(candidate);
    round.elected.push_back(ballots_.candidates[candidate]);
  }
  if (!remaining.empty()) {
    round.note = fmt::format("{} hopeful candidate(s) for as many or more vacancies: elected",
                             remaining.size());
  }
  return true;
}

Result<CountResult> MeekCount::Run() {
  result_ = StartResult(Method::kStvMeek, seats_, lot_.seed(), ballots_.candidates);
  for (std::size_t idx = 0; idx < candidate_count_; ++idx) {
    if (ballots_.withdrawn[idx]) {
      state_[idx] = State::kWithdrawn;
      keep_[idx] = 0;
    }
  }
  for (std::size_t ballot_idx = 0; ballot_idx < ballots_.distinct_ballots(); ++ballot_idx) {
    if (!ballots_.Ballot(ballot_idx).empty()) valid_ += ballots_.weights[ballot_idx];
  }
  result_.valid_votes = std::to_string(valid_);

  // Stage 1: first preferences (every keep value 1).
  CountRound first;
  first.action = "first_preferences";
  Distribute();
  result_.quota = FormatFixed(quota_, kPlaces);
  ElectThoseWithQuota(first);
  bool done = ElectRemainingIfFew(first);
  CloseRound(std::move(first));

  while (!done) {
    const std::int32_t round_number = static_cast<std::int32_t>(result_.rounds.size() + 1);
    CountRound round;
    IterationEnd end = Iterate(round);
    if (end == IterationEnd::kElected) {
      round.action = "election";
      round.subjects = round.elected;
    } else {
      // Exclusion of the hopeful candidate with the fewest votes.
      // The current totals are this stage's; the look-back starts at them.
      std::vector<std::vector<std::int64_t>> looked_at = history_;
      looked_at.push_back(votes_);
      SOVET_TRY(CandidateIndex chosen,
                stv::ChooseExclusion(state_, State::kHopeful, votes_, looked_at, lot_, round_number,
                                     "Meek STV: no hopeful candidate to exclude", result_));
      state_[chosen] = State::kExcluded;
      keep_[chosen] = 0;
      round.action = "exclusion";
      round.subjects.push_back(ballots_.candidates[chosen]);
      round.excluded.push_back(ballots_.candidates[chosen]);
      round.note = end == IterationEnd::kConverged ? "surplus below 0.00001"
                                                   : "surplus no longer decreasing";
      // The stage records the totals the exclusion was decided on; the
      // excluded candidate's papers move at the next stage's first
      // distribution.
    }
    done = ElectRemainingIfFew(round);
    CloseRound(std::move(round));
  }
  stv::FinishResult(elected_, Vacancies(), result_);
  result_.notes.push_back(fmt::format("{} iterations", iterations_));
  return std::move(result_);
}

}  // namespace

Result<CountResult> CountStvMeek(const RankedBallots& ballots, std::int64_t seats,
                                 std::uint64_t seed) {
  // Totals in units of 10^-9 in int64, with room for one more vote.
  constexpr std::int64_t kMaxVotes = std::numeric_limits<std::int64_t>::max() / kOne - 1;
  SOVET_CHECK_OK(
      stv::CheckArguments(ballots, seats, kMaxVotes, "Meek", "nine decimal places in 64 bits"));
  MeekCount count(ballots, seats, seed);
  return count.Run();
}

}  // namespace sovet
