// Single transferable vote by the Scottish rules: the Scottish Local
// Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45-52
// (re-made unchanged in substance by SSI 2011/399 for 2012 onwards), as
// SYSTEM.md §6 spells them out. Rule numbers below are the 2007 Order's.
//
// Arithmetic: every paper's value and every total is an int64 in units of
// 10^-5 ("calculated to five decimal places (any remainder being ignored)",
// rule 48(3)). A count touches each distinct ballot (RankedBallots merges
// identical ones) once per stage at most: each candidate keeps the list of
// distinct ballots it currently holds, and a transfer walks only the list
// of the candidate whose papers move.
//
// Decisions where the rules are silent or the reading matters:
//  - Valid papers (rule 45(3), 46) are the ballots with at least one
//    preference for a candidate who has not withdrawn.
//  - A surplus is transferred whenever one exists and vacancies remain
//    (rule 48(1)); the Order has no rule deferring small surpluses (unlike
//    ERS97 or the Northern Ireland rules), so none is deferred.
//  - An elected candidate keeps exactly the quota after the transfer of its
//    surplus, as the official result sheets show; the value the truncation
//    of rule 48(3) loses is recorded in the stage's note.
//  - Candidates deemed elected at the same stage (rule 47(1)) are listed in
//    decreasing order of votes (SYSTEM.md §6); equal votes are ordered by
//    look-back, then ballot order (the order does not change who is elected:
//    the order of their surpluses has its own rule, 49(2)-(3)).
//  - Rule 52: when the continuing candidates are no more than the vacancies,
//    they are deemed elected at the stage that made it so; no new stage.
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

constexpr int kPlaces = 5;                      // rule 48(3)
constexpr std::int64_t kUnit = Pow10(kPlaces);  // the value of a whole paper

enum class State : std::uint8_t { kContinuing, kElected, kExcluded, kWithdrawn };

class ScottishCount {
 public:
  ScottishCount(const RankedBallots& ballots, std::int64_t seats, std::uint64_t seed)
      : ballots_(ballots),
        seats_(seats),
        lot_(seed),
        candidate_count_(ballots.candidates.size()),
        state_(candidate_count_, State::kContinuing),
        totals_(candidate_count_, 0),
        held_(candidate_count_),
        position_(ballots.distinct_ballots(), 0),
        value_(ballots.distinct_ballots(), kUnit) {}

  Result<CountResult> Run();

 private:
  std::size_t ContinuingCount() const {
    return static_cast<std::size_t>(std::count(state_.begin(), state_.end(), State::kContinuing));
  }
  std::int64_t Vacancies() const { return seats_ - static_cast<std::int64_t>(elected_.size()); }

  // Moves ballot `ballot_idx` to its next preference for a continuing
  // candidate at value `value`, or to the non-transferable papers.
  void Pass(std::uint32_t ballot_idx, std::int64_t value, std::int64_t* transferred);
  // Rule 47(1): deems elected every continuing candidate at or above the
  // quota, in decreasing order of votes.
  void ElectThoseWithQuota(CountRound& round);
  void TransferSurplus(CandidateIndex candidate, CountRound& round);
  void Exclude(CandidateIndex candidate, CountRound& round);
  void CloseRound(CountRound round);

  const RankedBallots& ballots_;
  const std::int64_t seats_;
  Lot lot_;
  const std::size_t candidate_count_;
  std::vector<State> state_;
  std::vector<std::int64_t> totals_;              // units of 10^-5
  std::vector<std::vector<std::uint32_t>> held_;  // distinct ballots each candidate holds
  std::vector<std::uint32_t> position_;           // per ballot: index into its preferences
  std::vector<std::int64_t> value_;               // per ballot: value of one paper, 10^-5
  std::int64_t quota_ = 0;
  std::int64_t non_transferable_ = 0;
  std::int64_t fractions_lost_ = 0;
  std::vector<CandidateIndex> elected_;
  std::vector<CandidateIndex> surplus_pending_;     // elected, surplus not yet transferred
  std::vector<std::vector<std::int64_t>> history_;  // totals after each stage
  CountResult result_;
};

void ScottishCount::Pass(std::uint32_t ballot_idx, std::int64_t value, std::int64_t* transferred) {
  const std::int64_t weight = ballots_.weights[ballot_idx];
  std::span<const CandidateIndex> prefs = ballots_.Ballot(ballot_idx);
  std::uint32_t position = position_[ballot_idx] + 1;
  // Rules 48(1)(a), 50(2)(a): "the next available preference", skipping
  // candidates already elected or excluded.
  while (position < prefs.size() && state_[prefs[position]] != State::kContinuing) ++position;
  position_[ballot_idx] = position;
  value_[ballot_idx] = value;
  if (position < prefs.size()) {
    CandidateIndex next = prefs[position];
    held_[next].push_back(ballot_idx);
    totals_[next] += weight * value;
    *transferred += weight * value;
  } else {
    // Rules 48(1)(b), 50(2)(b): the parcel of non-transferable papers.
    non_transferable_ += weight * value;
  }
}

void ScottishCount::CloseRound(CountRound round) {
  stv::AppendRound(std::move(round), totals_, non_transferable_, kPlaces, result_);
  history_.push_back(totals_);
}

void ScottishCount::ElectThoseWithQuota(CountRound& round) {
  std::vector<CandidateIndex> reached;
  for (std::size_t idx = 0; idx < candidate_count_; ++idx) {
    if (state_[idx] == State::kContinuing && totals_[idx] >= quota_) {
      reached.push_back(static_cast<CandidateIndex>(idx));
    }
  }
  // Decreasing order of votes; equal votes by look-back (the earlier totals
  // are in history_), then ballot order.
  std::stable_sort(reached.begin(), reached.end(), [&](CandidateIndex a, CandidateIndex b) {
    if (totals_[a] != totals_[b]) return totals_[a] > totals_[b];
    for (std::size_t stage = history_.size(); stage-- > 0;) {
      if (history_[stage][a] != history_[stage][b]) return history_[stage][a] > history_[stage][b];
    }
    return false;
  });
  for (CandidateIndex candidate : reached) {
    if (Vacancies() == 0) break;  // cannot happen with the Droop quota; kept as a guard
    state_[candidate] = State::kElected;
    elected_.push_back(candidate);
    round.elected.push_back(ballots_.candidates[candidate]);
    if (totals_[candidate] > quota_) surplus_pending_.push_back(candidate);
  }
}

void ScottishCount::TransferSurplus(CandidateIndex candidate, CountRound& round) {
  // Rule 48(3): transfer value = surplus × value when received ÷ total,
  // "to five decimal places (any remainder being ignored)"; all the
  // candidate's papers are transferred (48(1): "the ballot papers received
  // by that candidate"), not only the last parcel.
  const std::int64_t total = totals_[candidate];
  const std::int64_t surplus = total - quota_;
  std::int64_t transferred = 0;
  const std::int64_t non_transferable_before = non_transferable_;
  std::vector<std::uint32_t> papers = std::move(held_[candidate]);
  held_[candidate].clear();
  for (std::uint32_t ballot_idx : papers) {
    Pass(ballot_idx, MulDivFloor(surplus, value_[ballot_idx], total), &transferred);
  }
  totals_[candidate] = quota_;
  const std::int64_t lost = surplus - transferred - (non_transferable_ - non_transferable_before);
  fractions_lost_ += lost;
  round.action = "surplus";
  round.subjects.push_back(ballots_.candidates[candidate]);
  round.note = fmt::format("surplus {} of {} transferred (rule 48); {} lost to truncation",
                           FormatFixed(surplus, kPlaces), ballots_.candidates[candidate],
                           FormatFixed(lost, kPlaces));
}

void ScottishCount::Exclude(CandidateIndex candidate, CountRound& round) {
  // Rule 50(3)-(4): every paper moves at the value it had when the excluded
  // candidate received it, all in this one stage.
  state_[candidate] = State::kExcluded;
  std::int64_t transferred = 0;
  std::vector<std::uint32_t> papers = std::move(held_[candidate]);
  held_[candidate].clear();
  for (std::uint32_t ballot_idx : papers) Pass(ballot_idx, value_[ballot_idx], &transferred);
  totals_[candidate] = 0;
  round.action = "exclusion";
  round.subjects.push_back(ballots_.candidates[candidate]);
  round.excluded.push_back(ballots_.candidates[candidate]);
}

Result<CountResult> ScottishCount::Run() {
  result_ = StartResult(Method::kStvScottish, seats_, lot_.seed(), ballots_.candidates);

  // Rule 45: first preferences; rule 45(3): the number of valid papers.
  std::int64_t valid = 0;
  for (std::size_t idx = 0; idx < candidate_count_; ++idx) {
    if (ballots_.withdrawn[idx]) state_[idx] = State::kWithdrawn;
  }
  for (std::uint32_t ballot_idx = 0; ballot_idx < ballots_.distinct_ballots(); ++ballot_idx) {
    std::span<const CandidateIndex> prefs = ballots_.Ballot(ballot_idx);
    if (prefs.empty()) continue;  // no preference for a standing candidate: not valid
    const std::int64_t weight = ballots_.weights[ballot_idx];
    valid += weight;
    held_[prefs[0]].push_back(ballot_idx);
    totals_[prefs[0]] += weight * kUnit;
  }
  // Rule 46: quota = floor(valid ÷ (seats + 1)) + 1.
  quota_ = (valid / (seats_ + 1) + 1) * kUnit;
  result_.quota = FormatFixed(quota_, kPlaces);
  result_.valid_votes = std::to_string(valid);

  CountRound first;
  first.action = "first_preferences";
  ElectThoseWithQuota(first);
  bool done = false;
  auto finish_if_complete = [&](CountRound& round) {
    if (Vacancies() == 0) return true;
    // Rule 52(1)-(2): continuing candidates no more than the vacancies are
    // deemed elected, and no further transfer is made.
    if (static_cast<std::int64_t>(ContinuingCount()) <= Vacancies()) {
      std::vector<CandidateIndex> remaining = stv::ByVotes(state_, State::kContinuing, totals_);
      for (CandidateIndex candidate : remaining) {
        state_[candidate] = State::kElected;
        elected_.push_back(candidate);
        round.elected.push_back(ballots_.candidates[candidate]);
      }
      if (!remaining.empty()) {
        round.note += fmt::format(
            "{}rule 52: {} continuing candidate(s) for {} vacancy(ies), "
            "deemed elected",
            round.note.empty() ? "" : "; ", remaining.size(),
            remaining.size() + static_cast<std::size_t>(Vacancies()));
      }
      return true;
    }
    return false;
  };
  done = finish_if_complete(first);
  CloseRound(std::move(first));

  while (!done) {
    const std::int32_t round_number = static_cast<std::int32_t>(result_.rounds.size() + 1);
    CountRound round;
    if (!surplus_pending_.empty()) {
      // Rule 49(1): the largest surplus first; 49(2)-(3): equal surpluses by
      // look-back (the highest at the most recent stage where they differed),
      // then lot.
      std::int64_t largest = 0;
      for (CandidateIndex candidate : surplus_pending_)
        largest = std::max(largest, totals_[candidate]);
      std::vector<CandidateIndex> tied;
      for (CandidateIndex candidate : surplus_pending_) {
        if (totals_[candidate] == largest) tied.push_back(candidate);
      }
      std::sort(tied.begin(), tied.end());
      CandidateIndex chosen =
          tied.size() == 1
              ? tied[0]
              : BreakTieByLookBack(tied, history_, /*want_lowest=*/false, lot_, round_number,
                                   "surplus_order", ballots_.candidates, result_.ties);
      surplus_pending_.erase(std::find(surplus_pending_.begin(), surplus_pending_.end(), chosen));
      TransferSurplus(chosen, round);
    } else {
      // Rule 50(1): exclude the continuing candidate with the fewest votes;
      // rule 51: ties by look-back (the lowest at the most recent stage
      // where they differed), then lot.
      SOVET_TRY(
          CandidateIndex chosen,
          stv::ChooseExclusion(state_, State::kContinuing, totals_, history_, lot_, round_number,
                               "Scottish STV: no continuing candidate to exclude", result_));
      Exclude(chosen, round);
    }
    ElectThoseWithQuota(round);
    done = finish_if_complete(round);
    CloseRound(std::move(round));
  }

  stv::FinishResult(elected_, Vacancies(), result_);
  if (fractions_lost_ > 0) {
    result_.notes.push_back(
        fmt::format("{} votes lost to truncation to five decimal places "
                    "(rule 48(3))",
                    FormatFixed(fractions_lost_, kPlaces)));
  }
  return std::move(result_);
}

}  // namespace

Result<CountResult> CountStvScottish(const RankedBallots& ballots, std::int64_t seats,
                                     std::uint64_t seed) {
  // Totals are held in units of 10^-5 in int64: at most 9.2 × 10^13 votes.
  constexpr std::int64_t kMaxVotes = std::numeric_limits<std::int64_t>::max() / kUnit;
  SOVET_CHECK_OK(
      stv::CheckArguments(ballots, seats, kMaxVotes, "Scottish", "five decimal places in 64 bits"));
  ScottishCount count(ballots, seats, seed);
  return count.Run();
}

}  // namespace sovet
