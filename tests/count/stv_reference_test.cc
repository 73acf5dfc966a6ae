// sovet's STV counts against deliberately simple reference counts written
// here, on random elections: one paper per voter (no merging of identical
// ballots, no per-candidate paper lists, every total recomputed from the
// papers at each stage).
//  - Scottish rules: the reference must give the same elected candidates in
//    the same order and the same totals at every stage (the rules fix the
//    arithmetic, so there is one right answer).
//  - Meek: the reference computes with 18 decimal places instead of 9 and
//    iterates to a surplus below 10^-12. Results may differ only where a
//    decision hinged on a margin below 10^-6 of a vote (a near tie, which
//    the precision decides); every election without one must elect the same
//    candidates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "count/fixed_decimal.h"
#include "count/lot.h"
#include "count/stv.h"
#include "sovet/ballots.h"

namespace sovet {
namespace {

struct Election {
  int candidates = 0;
  std::int64_t seats = 0;
  std::vector<std::vector<CandidateIndex>> voters;  // one ranking per voter
};

// Random elections with some structure (a few popular orderings repeated)
// so that surpluses, exclusions and ties all occur.
Election RandomElection(std::mt19937_64& random) {
  Election election;
  election.candidates = 3 + static_cast<int>(random() % 6);
  election.seats = 1 + static_cast<std::int64_t>(random() % std::min(4, election.candidates - 1));
  const int voters = 10 + static_cast<int>(random() % 150);
  std::vector<std::vector<CandidateIndex>> popular;
  for (int idx = 0; idx < 4; ++idx) {
    std::vector<CandidateIndex> order(static_cast<std::size_t>(election.candidates));
    for (int c = 0; c < election.candidates; ++c)
      order[static_cast<std::size_t>(c)] = static_cast<CandidateIndex>(c);
    std::shuffle(order.begin(), order.end(), random);
    popular.push_back(order);
  }
  for (int voter = 0; voter < voters; ++voter) {
    std::vector<CandidateIndex> order;
    if (random() % 3 != 0) {
      order = popular[random() % popular.size()];
    } else {
      order = popular[0];
      std::shuffle(order.begin(), order.end(), random);
    }
    order.resize(1 + random() % order.size());
    election.voters.push_back(order);
  }
  return election;
}

RankedBallots ToBlt(const Election& election) {
  std::string text =
      std::to_string(election.candidates) + " " + std::to_string(election.seats) + "\n";
  for (const auto& voter : election.voters) {
    text += "1";
    for (CandidateIndex candidate : voter) text += " " + std::to_string(candidate + 1);
    text += " 0\n";
  }
  text += "0\n";
  for (int c = 0; c < election.candidates; ++c) text += "\"C" + std::to_string(c + 1) + "\"\n";
  text += "\"random\"\n";
  auto parsed = ParseBlt(text, "random.blt");
  EXPECT_TRUE(parsed) << parsed.error().ToString();
  return *parsed;
}

std::string Name(int candidate) { return "C" + std::to_string(candidate + 1); }

// ---- Reference Scottish count (SSI 2007/42 Sch. 1 rules 45-52) ----------

struct ReferenceScottish {
  std::vector<std::string> elected;
  std::vector<std::vector<std::string>> stage_totals;
};

ReferenceScottish CountScottishReference(const Election& election, std::uint64_t seed) {
  const std::size_t n = static_cast<std::size_t>(election.candidates);
  const std::size_t seats = static_cast<std::size_t>(election.seats);
  constexpr std::int64_t kUnit = 100000;
  constexpr std::size_t kNobody = std::numeric_limits<std::size_t>::max();
  enum class State { kContinuing, kElected, kExcluded };
  std::vector<State> state(n, State::kContinuing);
  struct Paper {
    const std::vector<CandidateIndex>* prefs;
    std::size_t position;
    std::int64_t value;
    std::size_t holder;  // kNobody: non-transferable
  };
  std::vector<Paper> papers;
  for (const auto& voter : election.voters) papers.push_back({&voter, 0, kUnit, voter[0]});
  const std::int64_t valid = static_cast<std::int64_t>(papers.size());
  const std::int64_t quota = (valid / (election.seats + 1) + 1) * kUnit;
  // An elected candidate whose surplus has gone keeps exactly the quota.
  std::vector<bool> keeps_quota(n, false);
  auto totals = [&] {
    std::vector<std::int64_t> sums(n, 0);
    for (const Paper& paper : papers) {
      if (paper.holder != kNobody) sums[paper.holder] += paper.value;
    }
    for (std::size_t c = 0; c < n; ++c) {
      if (keeps_quota[c]) sums[c] = quota;
    }
    return sums;
  };
  auto move_on = [&](Paper& paper, std::int64_t value) {
    std::size_t position = paper.position + 1;
    while (position < paper.prefs->size() &&
           state[(*paper.prefs)[position]] != State::kContinuing) {
      ++position;
    }
    paper.position = position;
    paper.value = value;
    paper.holder = position < paper.prefs->size() ? (*paper.prefs)[position] : kNobody;
  };

  Lot lot(seed);
  std::vector<TieBreak> ties;
  std::vector<std::string> names;
  for (std::size_t c = 0; c < n; ++c) names.push_back(Name(static_cast<int>(c)));
  std::vector<std::vector<std::int64_t>> history;
  std::vector<std::size_t> elected;
  std::vector<std::size_t> pending;  // elected with a surplus not yet transferred
  ReferenceScottish result;
  // Elects whoever reached the quota, applies rule 52, records the stage;
  // true when the count is over.
  auto end_stage = [&] {
    const std::vector<std::int64_t> now = totals();
    std::vector<std::size_t> reached;
    for (std::size_t c = 0; c < n; ++c) {
      if (state[c] == State::kContinuing && now[c] >= quota) reached.push_back(c);
    }
    std::stable_sort(reached.begin(), reached.end(), [&](std::size_t a, std::size_t b) {
      if (now[a] != now[b]) return now[a] > now[b];
      for (std::size_t stage = history.size(); stage-- > 0;) {
        if (history[stage][a] != history[stage][b]) return history[stage][a] > history[stage][b];
      }
      return false;
    });
    for (std::size_t c : reached) {
      if (elected.size() == seats) break;
      state[c] = State::kElected;
      elected.push_back(c);
      if (now[c] > quota) pending.push_back(c);
    }
    bool done = elected.size() == seats;
    std::vector<std::size_t> continuing;
    for (std::size_t c = 0; c < n; ++c) {
      if (state[c] == State::kContinuing) continuing.push_back(c);
    }
    if (!done && continuing.size() <= seats - elected.size()) {
      std::stable_sort(continuing.begin(), continuing.end(),
                       [&](std::size_t a, std::size_t b) { return now[a] > now[b]; });
      for (std::size_t c : continuing) {
        state[c] = State::kElected;
        elected.push_back(c);
      }
      done = true;
    }
    history.push_back(now);
    std::vector<std::string> text;
    for (std::int64_t value : now) text.push_back(FormatFixed(value, 5));
    result.stage_totals.push_back(text);
    return done;
  };

  bool done = end_stage();
  for (std::int32_t round = 2; !done; ++round) {
    const std::vector<std::int64_t> now = totals();
    std::vector<CandidateIndex> tied;
    std::size_t chosen = 0;
    if (!pending.empty()) {
      std::int64_t largest = 0;
      for (std::size_t c : pending) largest = std::max(largest, now[c]);
      for (std::size_t c : pending) {
        if (now[c] == largest) tied.push_back(static_cast<CandidateIndex>(c));
      }
      std::sort(tied.begin(), tied.end());
      chosen = tied.size() == 1 ? tied[0]
                                : BreakTieByLookBack(tied, history, /*want_lowest=*/false, lot,
                                                     round, "surplus_order", names, ties);
      pending.erase(std::find(pending.begin(), pending.end(), chosen));
      const std::int64_t surplus = now[chosen] - quota;
      for (Paper& paper : papers) {
        if (paper.holder == chosen) {
          move_on(paper, static_cast<std::int64_t>(static_cast<__int128>(surplus) * paper.value /
                                                   now[chosen]));
        }
      }
      keeps_quota[chosen] = true;
    } else {
      std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
      for (std::size_t c = 0; c < n; ++c) {
        if (state[c] == State::kContinuing) lowest = std::min(lowest, now[c]);
      }
      for (std::size_t c = 0; c < n; ++c) {
        if (state[c] == State::kContinuing && now[c] == lowest) {
          tied.push_back(static_cast<CandidateIndex>(c));
        }
      }
      chosen = tied.size() == 1 ? tied[0]
                                : BreakTieByLookBack(tied, history, /*want_lowest=*/true, lot,
                                                     round, "exclusion", names, ties);
      state[chosen] = State::kExcluded;
      for (Paper& paper : papers) {
        if (paper.holder == chosen) move_on(paper, paper.value);
      }
    }
    done = end_stage();
  }
  for (std::size_t c : elected) result.elected.push_back(Name(static_cast<int>(c)));
  return result;
}

TEST(StvReferenceTest, ScottishAgreesStageByStageWithPerPaperReference) {
  std::mt19937_64 random(20070042);
  int with_ties = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Election election = RandomElection(random);
    RankedBallots ballots = ToBlt(election);
    const std::uint64_t seed = static_cast<std::uint64_t>(trial);
    auto result = CountStvScottish(ballots, election.seats, seed);
    ASSERT_TRUE(result) << result.error().ToString();
    ReferenceScottish reference = CountScottishReference(election, seed);
    ASSERT_EQ(result->elected, reference.elected) << "trial " << trial;
    ASSERT_EQ(result->rounds.size(), reference.stage_totals.size()) << "trial " << trial;
    for (std::size_t stage = 0; stage < result->rounds.size(); ++stage) {
      ASSERT_EQ(result->rounds[stage].totals, reference.stage_totals[stage])
          << "trial " << trial << " stage " << stage + 1;
    }
    if (!result->ties.empty()) ++with_ties;
  }
  std::printf(
      "Scottish reference: 400 random elections agree at every stage; %d needed a tie "
      "broken\n",
      with_ties);
  // The generator must exercise tie-breaking too.
  EXPECT_GT(with_ties, 10);
}

// ---- Reference Meek count, 18 decimal places ----------------------------

using Wide = __int128;
constexpr Wide kWideOne = static_cast<Wide>(1'000'000'000'000'000'000LL);  // 10^18

struct ReferenceMeek {
  std::set<std::string> elected;
  Wide margin = std::numeric_limits<std::int64_t>::max();  // closest decision, 10^-18
};

ReferenceMeek CountMeekReference(const Election& election) {
  const std::size_t n = static_cast<std::size_t>(election.candidates);
  const std::size_t seats = static_cast<std::size_t>(election.seats);
  enum class State { kHopeful, kElected, kExcluded };
  std::vector<State> state(n, State::kHopeful);
  std::vector<Wide> keep(n, kWideOne);
  std::vector<Wide> votes(n, 0);
  Wide quota = 0;
  const Wide valid = static_cast<Wide>(election.voters.size()) * kWideOne;
  auto distribute = [&] {
    std::fill(votes.begin(), votes.end(), 0);
    Wide exhausted = 0;
    for (const auto& voter : election.voters) {
      Wide weight = kWideOne;
      for (CandidateIndex c : voter) {
        const Wide give = weight * keep[c] / kWideOne;
        votes[c] += give;
        weight -= give;
        if (weight == 0) break;
      }
      exhausted += weight;
    }
    quota = (valid - exhausted) / static_cast<Wide>(seats + 1);
  };
  auto count = [&](State wanted) {
    return static_cast<std::size_t>(std::count(state.begin(), state.end(), wanted));
  };
  ReferenceMeek result;
  auto note_margin = [&](Wide gap) {
    result.margin = std::min(result.margin, gap < 0 ? -gap : gap);
  };
  const Wide omega = kWideOne / 1'000'000'000'000LL;  // 10^-12
  while (count(State::kElected) < seats) {
    if (count(State::kHopeful) <= seats - count(State::kElected)) {
      for (State& candidate_state : state) {
        if (candidate_state == State::kHopeful) candidate_state = State::kElected;
      }
      break;
    }
    bool elected_some = false;
    for (int iteration = 0; iteration < 2000 && !elected_some; ++iteration) {
      distribute();
      for (std::size_t c = 0; c < n; ++c) {
        if (state[c] != State::kHopeful) continue;
        note_margin(votes[c] - quota);
        if (votes[c] > quota && count(State::kElected) < seats) {
          state[c] = State::kElected;
          elected_some = true;
        }
      }
      if (elected_some) break;
      Wide surplus = 0;
      for (std::size_t c = 0; c < n; ++c) {
        if (state[c] == State::kElected) surplus += votes[c] - quota;
      }
      if (surplus < omega) break;
      for (std::size_t c = 0; c < n; ++c) {
        if (state[c] == State::kElected && votes[c] > 0) keep[c] = keep[c] * quota / votes[c];
      }
    }
    if (elected_some) continue;
    std::size_t lowest = n;
    for (std::size_t c = 0; c < n; ++c) {
      if (state[c] == State::kHopeful && (lowest == n || votes[c] < votes[lowest])) lowest = c;
    }
    for (std::size_t c = 0; c < n; ++c) {
      if (state[c] == State::kHopeful && c != lowest) note_margin(votes[c] - votes[lowest]);
    }
    state[lowest] = State::kExcluded;
    keep[lowest] = 0;
  }
  for (std::size_t c = 0; c < n; ++c) {
    if (state[c] == State::kElected) result.elected.insert(Name(static_cast<int>(c)));
  }
  return result;
}

TEST(StvReferenceTest, MeekAgreesWithHighPrecisionReferenceAwayFromNearTies) {
  std::mt19937_64 random(2001145);
  int compared = 0;
  int near_ties = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Election election = RandomElection(random);
    RankedBallots ballots = ToBlt(election);
    auto result = CountStvMeek(ballots, election.seats, 0);
    ASSERT_TRUE(result) << result.error().ToString();
    ReferenceMeek reference = CountMeekReference(election);
    if (reference.margin < kWideOne / 1'000'000) {  // a decision within 10^-6 of a vote
      ++near_ties;
      continue;
    }
    ++compared;
    std::set<std::string> got(result->elected.begin(), result->elected.end());
    EXPECT_EQ(got, reference.elected) << "trial " << trial;
  }
  std::printf(
      "Meek reference: %d random elections compared, %d skipped for a decision within "
      "10^-6 of a vote\n",
      compared, near_ties);
  // Most random elections have no near tie; the comparison must be real.
  EXPECT_GT(compared, 150) << near_ties << " near ties";
}

}  // namespace
}  // namespace sovet
