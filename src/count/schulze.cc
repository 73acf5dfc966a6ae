// Schulze and the Condorcet winner check (SYSTEM.md §6).
//
// Pairwise counts d[i][j] = weight of ballots ranking i above j; a ballot
// ranks every candidate it lists above every candidate it leaves out, and
// leaves the unlisted ones equal (SYSTEM.md §6).
//
// Schulze (M. Schulze, "A new monotonic, clone-independent, reversal
// symmetric, and Condorcet-consistent single-winner election method",
// Social Choice and Welfare 36 (2011), §2.2 and §4.1), winning votes: the
// link i→j has strength d[i][j] when d[i][j] > d[j][i], else 0; p[i][j] is
// the strength of the strongest path (widest path, Floyd–Warshall). i beats
// j when p[i][j] > p[j][i]; this relation is a strict partial order (§4.1).
// The full ranking takes, again and again, the candidates not beaten by any
// candidate still unranked; when several are unbeaten, one is drawn by lot
// from the seed and recorded (SYSTEM.md §6).
//
// Condorcet winner: the candidate i with d[i][j] > d[j][i] for every other
// candidate j, if there is one (there may be none: the Condorcet paradox).
#include <fmt/format.h>

#include <algorithm>

#include "count/methods.h"

namespace sovet {
namespace {

std::vector<std::size_t> Standing(const RankedBallots& ballots) {
  std::vector<std::size_t> standing;
  for (std::size_t cand_idx = 0; cand_idx < ballots.candidates.size(); ++cand_idx) {
    if (cand_idx < ballots.withdrawn.size() && ballots.withdrawn[cand_idx]) continue;
    standing.push_back(cand_idx);
  }
  return standing;
}

CountResult StartRankedResult(const RankedBallots& ballots, const CountOptions& options) {
  CountResult result = StartResult(options.method, options.seats, options.seed, ballots.candidates);
  result.valid_votes = IntText(ballots.total_weight);
  return result;
}

}  // namespace

std::vector<std::vector<std::int64_t>> PairwiseMatrix(const RankedBallots& ballots) {
  const std::size_t count = ballots.candidates.size();
  // Accumulated in a flat array: for each ballot, the candidate at rank k
  // gains the ballot's weight against every candidate not among ranks
  // 0..k; done as "+w against everyone" then "-w against ranks 0..k".
  std::vector<std::int64_t> flat(count * count, 0);
  std::vector<std::int64_t> beats_all(count, 0);
  for (std::size_t ballot_idx = 0; ballot_idx < ballots.distinct_ballots(); ++ballot_idx) {
    auto prefs = ballots.Ballot(ballot_idx);
    const std::int64_t weight = ballots.weights[ballot_idx];
    for (std::size_t rank = 0; rank < prefs.size(); ++rank) {
      const std::size_t row = prefs[rank];
      beats_all[row] += weight;
      std::int64_t* row_data = flat.data() + row * count;
      for (std::size_t above = 0; above <= rank; ++above) row_data[prefs[above]] -= weight;
    }
  }
  std::vector<std::vector<std::int64_t>> d(count, std::vector<std::int64_t>(count, 0));
  for (std::size_t row = 0; row < count; ++row) {
    for (std::size_t col = 0; col < count; ++col) {
      d[row][col] = row == col ? 0 : beats_all[row] + flat[row * count + col];
    }
  }
  return d;
}

Result<CountResult> CountSchulze(const RankedBallots& ballots, const CountOptions& options) {
  CountResult result = StartRankedResult(ballots, options);
  const std::size_t count = ballots.candidates.size();
  const std::vector<std::size_t> standing = Standing(ballots);
  auto d = PairwiseMatrix(ballots);
  std::vector<std::vector<std::int64_t>> p(count, std::vector<std::int64_t>(count, 0));
  for (std::size_t i : standing) {
    for (std::size_t j : standing) {
      if (i != j && d[i][j] > d[j][i]) p[i][j] = d[i][j];
    }
  }
  for (std::size_t i : standing) {
    for (std::size_t j : standing) {
      if (i == j) continue;
      for (std::size_t k : standing) {
        if (i == k || j == k) continue;
        p[j][k] = std::max(p[j][k], std::min(p[j][i], p[i][k]));
      }
    }
  }
  std::vector<std::size_t> unranked = standing;
  Lot lot(options.seed);
  std::int32_t position = 0;
  while (!unranked.empty()) {
    ++position;
    std::vector<std::size_t> unbeaten;
    for (std::size_t i : unranked) {
      bool beaten = false;
      for (std::size_t j : unranked) {
        if (j != i && p[j][i] > p[i][j]) {
          beaten = true;
          break;
        }
      }
      if (!beaten) unbeaten.push_back(i);
    }
    if (unbeaten.empty()) {
      return Error(Status::Internal("Schulze relation has a cycle; the paths are wrong"));
    }
    std::size_t next = unbeaten.front();
    if (unbeaten.size() > 1) {
      next = ChooseByLot(unbeaten, 1, position, "ranking", ballots.candidates, lot, &result.ties)
                 .front();
    }
    result.ranking.push_back(ballots.candidates[next]);
    unranked.erase(std::find(unranked.begin(), unranked.end(), next));
  }
  for (std::int64_t seat_idx = 0; seat_idx < options.seats; ++seat_idx) {
    result.elected.push_back(result.ranking[static_cast<std::size_t>(seat_idx)]);
  }
  CountRound round;
  round.number = 1;
  round.action = "ranking";
  round.subjects = result.ranking;
  round.elected = result.elected;
  result.rounds.push_back(std::move(round));
  result.pairwise = std::move(d);
  result.strongest_paths = std::move(p);
  return result;
}

Result<CountResult> CountCondorcet(const RankedBallots& ballots, const CountOptions& options) {
  CountResult result = StartRankedResult(ballots, options);
  const std::vector<std::size_t> standing = Standing(ballots);
  auto d = PairwiseMatrix(ballots);
  for (std::size_t i : standing) {
    bool beats_all = true;
    for (std::size_t j : standing) {
      if (j != i && d[i][j] <= d[j][i]) {
        beats_all = false;
        break;
      }
    }
    if (beats_all) {
      result.condorcet_winner = ballots.candidates[i];
      result.elected.push_back(ballots.candidates[i]);
      break;
    }
  }
  if (!result.condorcet_winner) {
    result.notes.push_back(
        "no Condorcet winner: every candidate loses or ties at least one pairwise contest");
  }
  CountRound round;
  round.number = 1;
  round.action = "pairwise";
  round.elected = result.elected;
  result.rounds.push_back(std::move(round));
  result.pairwise = std::move(d);
  return result;
}

}  // namespace sovet
