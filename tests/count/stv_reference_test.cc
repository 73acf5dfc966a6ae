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
  const int n = election.candidates;
  constexpr std::int64_t kUnit = 100000;
  enum { kContinuing, kElected, kExcluded };
  std::vector<int> state(static_cast<std::size_t>(n), kContinuing);
  struct Paper {
    const std::vector<CandidateIndex>* prefs;
    std::size_t position;
    std::int64_t value;
    int holder;  // -1: non-transferable
  };
  std::vector<Paper> papers;
  for (const auto& voter : election.voters) papers.push_back({&voter, 0, kUnit, voter[0]});
  const std::int64_t valid = static_cast<std::int64_t>(papers.size());
  const std::int64_t quota = (valid / (election.seats + 1) + 1) * kUnit;
  std::vector<std::vector<std::int64_t>> history;
  std::vector<std::int64_t> kept(static_cast<std::size_t>(n), 0);  // elected: quota after transfer
  auto totals = [&] {
    std::vector<std::int64_t> sums(static_cast<std::size_t>(n), 0);
    for (const Paper& paper : papers) {
      if (paper.holder >= 0) sums[static_cast<std::size_t>(paper.holder)] += paper.value;
    }
    for (int c = 0; c < n; ++c) {
      if (kept[static_cast<std::size_t>(c)] > 0)
        sums[static_cast<std::size_t>(c)] = kept[static_cast<std::size_t>(c)];
    }
    return sums;
  };
  Lot lot(seed);
  std::vector<TieBreak> ties;
  std::vector<std::string> names;
  for (int c = 0; c < n; ++c) names.push_back(Name(c));
  ReferenceScottish result;
  std::vector<int> elected, pending;
  auto move_on = [&](Paper& paper, std::int64_t value) {
    std::size_t position = paper.position + 1;
    while (position < paper.prefs->size() && state[(*paper.prefs)[position]] != kContinuing)
      ++position;
    paper.position = position;
    paper.value = value;
    paper.holder = position < paper.prefs->size() ? (*paper.prefs)[position] : -1;
  };
  auto elect_and_check = [&](int round) {
    std::vector<std::int64_t> now = totals();
    std::vector<int> reached;
    for (int c = 0; c < n; ++c) {
      if (state[static_cast<std::size_t>(c)] == kContinuing &&
          now[static_cast<std::size_t>(c)] >= quota)
        reached.push_back(c);
    }
    std::stable_sort(reached.begin(), reached.end(), [&](int a, int b) {
      if (now[static_cast<std::size_t>(a)] != now[static_cast<std::size_t>(b)])
        return now[static_cast<std::size_t>(a)] > now[static_cast<std::size_t>(b)];
      for (std::size_t stage = history.size(); stage-- > 0;) {
        if (history[stage][static_cast<std::size_t>(a)] !=
            history[stage][static_cast<std::size_t>(b)]) {
          return history[stage][static_cast<std::size_t>(a)] >
                 history[stage][static_cast<std::size_t>(b)];
        }
      }
      return false;
    });
    for (int c : reached) {
      if (static_cast<std::int64_t>(elected.size()) == election.seats) break;
      state[static_cast<std::size_t>(c)] = kElected;
      elected.push_back(c);
      if (now[static_cast<std::size_t>(c)] > quota) pending.push_back(c);
    }
    bool done = static_cast<std::int64_t>(elected.size()) == election.seats;
    std::vector<int> continuing;
    for (int c = 0; c < n; ++c) {
      if (state[static_cast<std::size_t>(c)] == kContinuing) continuing.push_back(c);
    }
    if (!done && static_cast<std::int64_t>(continuing.size()) <=
                     election.seats - static_cast<std::int64_t>(elected.size())) {
      std::stable_sort(continuing.begin(), continuing.end(), [&](int a, int b) {
        return now[static_cast<std::size_t>(a)] > now[static_cast<std::size_t>(b)];
      });
      for (int c : continuing) {
        state[static_cast<std::size_t>(c)] = kElected;
        elected.push_back(c);
      }
      done = true;
    }
    history.push_back(now);
    std::vector<std::string> text;
    for (std::int64_t value : now) text.push_back(FormatFixed(value, 5));
    result.stage_totals.push_back(text);
    (void)round;
    return done;
  };
  bool done = elect_and_check(1);
  for (int round = 2; !done; ++round) {
    std::vector<std::int64_t> now = totals();
    if (!pending.empty()) {
      std::int64_t largest = 0;
      for (int c : pending) largest = std::max(largest, now[static_cast<std::size_t>(c)]);
      std::vector<CandidateIndex> tied;
      for (int c : pending) {
        if (now[static_cast<std::size_t>(c)] == largest)
          tied.push_back(static_cast<CandidateIndex>(c));
      }
      std::sort(tied.begin(), tied.end());
      int chosen = tied.size() == 1 ? tied[0]
                                    : BreakTieByLookBack(tied, history, false, lot, round,
                                                         "surplus_order", names, ties);
      pending.erase(std::find(pending.begin(), pending.end(), chosen));
      const std::int64_t total = now[static_cast<std::size_t>(chosen)];
      const std::int64_t surplus = total - quota;
      for (Paper& paper : papers) {
        if (paper.holder == chosen) {
          move_on(paper,
                  static_cast<std::int64_t>(static_cast<__int128>(surplus) * paper.value / total));
        }
      }
      kept[static_cast<std::size_t>(chosen)] = quota;
    } else {
      std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] == kContinuing)
          lowest = std::min(lowest, now[static_cast<std::size_t>(c)]);
      }
      std::vector<CandidateIndex> tied;
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] == kContinuing &&
            now[static_cast<std::size_t>(c)] == lowest) {
          tied.push_back(static_cast<CandidateIndex>(c));
        }
      }
      int chosen = tied.size() == 1 ? tied[0]
                                    : BreakTieByLookBack(tied, history, true, lot, round,
                                                         "exclusion", names, ties);
      state[static_cast<std::size_t>(chosen)] = kExcluded;
      for (Paper& paper : papers) {
        if (paper.holder == chosen) move_on(paper, paper.value);
      }
    }
    done = elect_and_check(round);
  }
  for (int c : elected) result.elected.push_back(Name(c));
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
  const int n = election.candidates;
  enum { kHopeful, kElected, kExcluded };
  std::vector<int> state(static_cast<std::size_t>(n), kHopeful);
  std::vector<Wide> keep(static_cast<std::size_t>(n), kWideOne);
  std::vector<Wide> votes(static_cast<std::size_t>(n), 0);
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
    quota = (valid - exhausted) / (election.seats + 1);
  };
  ReferenceMeek result;
  auto note_margin = [&](Wide gap) {
    result.margin = std::min(result.margin, gap < 0 ? -gap : gap);
  };
  auto count_state = [&](int wanted) {
    return static_cast<std::int64_t>(std::count(state.begin(), state.end(), wanted));
  };
  const Wide omega = kWideOne / 1'000'000'000'000LL;  // 10^-12
  while (count_state(kElected) < election.seats) {
    if (count_state(kHopeful) <= election.seats - count_state(kElected)) {
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] == kHopeful)
          state[static_cast<std::size_t>(c)] = kElected;
      }
      break;
    }
    bool elected_some = false;
    for (int iteration = 0; iteration < 2000; ++iteration) {
      distribute();
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] != kHopeful) continue;
        note_margin(votes[static_cast<std::size_t>(c)] - quota);
        if (votes[static_cast<std::size_t>(c)] > quota && count_state(kElected) < election.seats) {
          state[static_cast<std::size_t>(c)] = kElected;
          elected_some = true;
        }
      }
      if (elected_some) break;
      Wide surplus = 0;
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] == kElected)
          surplus += votes[static_cast<std::size_t>(c)] - quota;
      }
      if (surplus < omega) break;
      for (int c = 0; c < n; ++c) {
        if (state[static_cast<std::size_t>(c)] == kElected &&
            votes[static_cast<std::size_t>(c)] > 0) {
          keep[static_cast<std::size_t>(c)] =
              keep[static_cast<std::size_t>(c)] * quota / votes[static_cast<std::size_t>(c)];
        }
      }
    }
    if (elected_some) continue;
    int lowest = -1;
    for (int c = 0; c < n; ++c) {
      if (state[static_cast<std::size_t>(c)] != kHopeful) continue;
      if (lowest < 0 ||
          votes[static_cast<std::size_t>(c)] < votes[static_cast<std::size_t>(lowest)])
        lowest = c;
    }
    for (int c = 0; c < n; ++c) {
      if (state[static_cast<std::size_t>(c)] == kHopeful && c != lowest) {
        note_margin(votes[static_cast<std::size_t>(c)] - votes[static_cast<std::size_t>(lowest)]);
      }
    }
    state[static_cast<std::size_t>(lowest)] = kExcluded;
    keep[static_cast<std::size_t>(lowest)] = 0;
  }
  for (int c = 0; c < n; ++c) {
    if (state[static_cast<std::size_t>(c)] == kElected) result.elected.insert(Name(c));
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
