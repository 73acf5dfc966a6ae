// Plurality, block vote and approval (SYSTEM.md §6): each voter marks
// candidates, every mark counts one vote, and the `seats` candidates with
// the most votes are elected. On a tally the votes per option are the marks.
// On ranked ballots (BLT), a ballot's listed candidates are its marks:
// plurality counts the first, block vote the first `seats` ("n seats, n
// marks"), approval all of them. A tie for the last seat is decided by lot
// (SYSTEM.md §6: "as the method's official rules say, then by lot").
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "count/methods.h"

namespace sovet {

Result<CountResult> CountMarks(const Ballots& ballots, const CountOptions& options) {
  CountResult result;
  result.method = options.method;
  result.seats = options.seats;
  result.seed = options.seed;
  std::vector<std::int64_t> scores;
  std::vector<bool> eligible;
  std::int64_t ballots_with_marks = 0;
  std::int64_t total_ballots = 0;
  if (const auto* tally = std::get_if<Tally>(&ballots)) {
    result.candidates = tally->options;
    scores = tally->votes;
    eligible.assign(scores.size(), true);
    total_ballots = tally->total;
    ballots_with_marks = tally->total;
  } else {
    const auto& ranked = std::get<RankedBallots>(ballots);
    result.candidates = ranked.candidates;
    scores.assign(ranked.candidates.size(), 0);
    eligible.assign(scores.size(), true);
    for (std::size_t cand_idx = 0; cand_idx < ranked.withdrawn.size(); ++cand_idx) {
      if (ranked.withdrawn[cand_idx]) eligible[cand_idx] = false;
    }
    std::size_t marks_per_ballot = std::numeric_limits<std::size_t>::max();
    if (options.method == Method::kPlurality) marks_per_ballot = 1;
    if (options.method == Method::kBlock)
      marks_per_ballot = static_cast<std::size_t>(options.seats);
    for (std::size_t ballot_idx = 0; ballot_idx < ranked.distinct_ballots(); ++ballot_idx) {
      auto prefs = ranked.Ballot(ballot_idx);
      std::int64_t weight = ranked.weights[ballot_idx];
      std::size_t marks = std::min(prefs.size(), marks_per_ballot);
      for (std::size_t mark_idx = 0; mark_idx < marks; ++mark_idx) {
        std::int64_t& score = scores[prefs[mark_idx]];
        if (__builtin_add_overflow(score, weight, &score)) {
          return Error(Status::InvalidInput("votes for one candidate exceed 64 bits",
                                            SourceLocation{.file = ranked.source_file}));
        }
      }
      if (!prefs.empty()) ballots_with_marks += weight;
    }
    total_ballots = ranked.total_weight;
  }
  result.valid_votes = IntText(ballots_with_marks);
  if (total_ballots != ballots_with_marks) {
    result.notes.push_back(
        fmt::format("{} ballots, {} with at least one mark", total_ballots, ballots_with_marks));
  }

  CountRound round;
  round.number = 1;
  round.action = "votes";
  for (std::int64_t score : scores) round.totals.push_back(IntText(score));

  // Candidates by votes, most first; equal votes keep candidate order until
  // the tie at the last seat is settled by lot below.
  std::vector<std::size_t> order;
  for (std::size_t cand_idx = 0; cand_idx < scores.size(); ++cand_idx) {
    if (eligible[cand_idx]) order.push_back(cand_idx);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  const std::size_t seats = static_cast<std::size_t>(options.seats);
  Lot lot(options.seed);
  std::vector<std::size_t> elected(order.begin(),
                                   order.begin() + static_cast<std::ptrdiff_t>(seats));
  if (seats < order.size() && scores[order[seats - 1]] == scores[order[seats]]) {
    // The group with the last seat's score straddles the line.
    std::int64_t boundary = scores[order[seats - 1]];
    std::vector<std::size_t> tied;
    for (std::size_t cand_idx : order) {
      if (scores[cand_idx] == boundary) tied.push_back(cand_idx);
    }
    std::size_t sure = 0;
    while (sure < seats && scores[order[sure]] > boundary) ++sure;
    elected.resize(sure);
    std::vector<std::size_t> chosen =
        ChooseByLot(tied, seats - sure, 1, "last_seat", result.candidates, lot, &result.ties);
    elected.insert(elected.end(), chosen.begin(), chosen.end());
  }
  for (std::size_t cand_idx : elected) {
    result.elected.push_back(result.candidates[cand_idx]);
    round.elected.push_back(result.candidates[cand_idx]);
  }
  result.rounds.push_back(std::move(round));
  return result;
}

}  // namespace sovet
