// "Agrees with independent implementations on random ballots": the divisor
// and largest-remainder methods against a naive implementation in
// boost::multiprecision::cpp_rational that sorts all quotients at once, and
// Schulze / Condorcet against a straightforward re-implementation that
// expands every voter's ballot and runs Floyd–Warshall. A few hundred random
// profiles each, from a fixed seed so failures reproduce.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "count/methods.h"
#include "sovet/count.h"

namespace sovet {
namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

cpp_rational NaiveDivisor(Method method, int seats_held) {
  switch (method) {
    case Method::kSainteLague:
      return 2 * seats_held + 1;
    case Method::kModifiedSainteLague:
      return seats_held == 0 ? cpp_rational(7, 5) : cpp_rational(2 * seats_held + 1);
    default:
      return seats_held + 1;
  }
}

struct NaiveAllocation {
  std::vector<std::int64_t> seats;
  bool tie_at_boundary = false;  // equal quotients or remainders straddle the last seat
  bool several_passes = false;   // Droop with more seats left than options
};

NaiveAllocation NaiveListPr(Method method, const std::vector<std::int64_t>& votes, int seats,
                            cpp_rational threshold_percent) {
  cpp_rational total = 0;
  for (auto v : votes) total += v;
  std::vector<bool> kept(votes.size());
  cpp_rational kept_total = 0;
  for (std::size_t k = 0; k < votes.size(); ++k) {
    kept[k] = cpp_rational(votes[k]) * 100 >= threshold_percent * total;
    if (kept[k]) kept_total += votes[k];
  }
  NaiveAllocation out;
  out.seats.assign(votes.size(), 0);
  if (method == Method::kHare || method == Method::kDroop) {
    cpp_rational quota = method == Method::kHare
                             ? kept_total / seats
                             : cpp_rational(cpp_int(numerator(kept_total)) / (seats + 1) + 1);
    std::vector<std::pair<cpp_rational, std::size_t>> remainders;
    int given = 0;
    for (std::size_t k = 0; k < votes.size(); ++k) {
      if (!kept[k]) continue;
      cpp_rational share = cpp_rational(votes[k]) / quota;
      cpp_int whole = numerator(share) / denominator(share);
      out.seats[k] = static_cast<std::int64_t>(whole);
      given += static_cast<int>(whole);
      remainders.push_back({share - cpp_rational(whole), k});
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    int left = seats - given;
    if (left > static_cast<int>(remainders.size())) {
      out.several_passes = true;
      return out;
    }
    for (int r = 0; r < left; ++r) ++out.seats[remainders[static_cast<std::size_t>(r)].second];
    if (left > 0 && left < static_cast<int>(remainders.size()) &&
        remainders[static_cast<std::size_t>(left - 1)].first ==
            remainders[static_cast<std::size_t>(left)].first) {
      out.tie_at_boundary = true;
    }
    return out;
  }
  // All quotients of every kept option for divisors 1..seats, sorted.
  std::vector<std::pair<cpp_rational, std::size_t>> quotients;
  for (std::size_t k = 0; k < votes.size(); ++k) {
    if (!kept[k]) continue;
    for (int held = 0; held < seats; ++held) {
      quotients.push_back({cpp_rational(votes[k]) / NaiveDivisor(method, held), k});
    }
  }
  std::stable_sort(quotients.begin(), quotients.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int s = 0; s < seats; ++s) ++out.seats[quotients[static_cast<std::size_t>(s)].second];
  if (static_cast<std::size_t>(seats) < quotients.size() &&
      quotients[static_cast<std::size_t>(seats - 1)].first ==
          quotients[static_cast<std::size_t>(seats)].first) {
    out.tie_at_boundary = true;
  }
  return out;
}

TEST(PropertyTest, ListMethodsAgreeWithNaiveRationalImplementation) {
  std::mt19937_64 rng(20171125);  // the Constituent Assembly's polling day
  const Method methods[] = {Method::kDhondt, Method::kSainteLague, Method::kModifiedSainteLague,
                            Method::kHare, Method::kDroop};
  int compared = 0;
  for (int profile = 0; profile < 400; ++profile) {
    Tally tally;
    tally.source_file = "random";
    int options = 2 + static_cast<int>(rng() % 7);
    // Small vote counts make equal quotients (and lots) common.
    std::int64_t scale = profile % 3 == 0 ? 20 : profile % 3 == 1 ? 1000 : 100000000;
    for (int k = 0; k < options; ++k) {
      tally.options.push_back("L" + std::to_string(k));
      tally.votes.push_back(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(scale)) +
                            1);
      tally.total += tally.votes.back();
    }
    int seats = 1 + static_cast<int>(rng() % 40);
    std::int64_t threshold_num = profile % 4 == 0 ? static_cast<std::int64_t>(rng() % 1500) : 0;
    for (Method method : methods) {
      CountOptions count_options;
      count_options.method = method;
      count_options.seats = seats;
      count_options.threshold_num = threshold_num;
      count_options.threshold_den = 100;
      count_options.seed = static_cast<std::uint64_t>(profile);
      auto result = Count(Ballots{tally}, count_options);
      NaiveAllocation naive =
          NaiveListPr(method, tally.votes, seats, cpp_rational(threshold_num, 100));
      if (!result) {
        // Only possible when the threshold keeps no one.
        EXPECT_NE(result.error().message().find("threshold"), std::string::npos);
        continue;
      }
      std::int64_t sum = 0;
      for (const auto& [name, won] : result->allocation) sum += won;
      EXPECT_EQ(sum, seats);
      if (naive.several_passes) continue;
      if (naive.tie_at_boundary) {
        // More tied options than seats left: the count must have drawn lots.
        EXPECT_FALSE(result->ties.empty()) << MethodName(method) << " profile " << profile;
        EXPECT_EQ(result->ties.front().how, "lot");
        continue;
      }
      EXPECT_TRUE(result->ties.empty()) << MethodName(method) << " profile " << profile;
      for (std::size_t k = 0; k < tally.options.size(); ++k) {
        EXPECT_EQ(result->allocation[k].second, naive.seats[k])
            << MethodName(method) << " profile " << profile << " option " << k;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 1500);
}

// Expands every voter: rank[c] = position, unranked = after all ranked.
struct NaiveSchulze {
  std::vector<std::vector<std::int64_t>> d;
  std::vector<std::vector<std::int64_t>> p;
};

NaiveSchulze NaiveCount(const std::vector<std::vector<int>>& voters, int candidates) {
  NaiveSchulze out;
  out.d.assign(candidates, std::vector<std::int64_t>(candidates, 0));
  for (const auto& ballot : voters) {
    std::vector<int> rank(candidates, candidates);
    for (std::size_t pos = 0; pos < ballot.size(); ++pos) rank[ballot[pos]] = static_cast<int>(pos);
    for (int a = 0; a < candidates; ++a) {
      for (int b = 0; b < candidates; ++b) {
        if (a != b && rank[a] < rank[b]) ++out.d[a][b];
      }
    }
  }
  out.p.assign(candidates, std::vector<std::int64_t>(candidates, 0));
  for (int a = 0; a < candidates; ++a) {
    for (int b = 0; b < candidates; ++b) {
      if (a != b && out.d[a][b] > out.d[b][a]) out.p[a][b] = out.d[a][b];
    }
  }
  for (int k = 0; k < candidates; ++k) {
    for (int a = 0; a < candidates; ++a) {
      for (int b = 0; b < candidates; ++b) {
        if (a != b && a != k && b != k)
          out.p[a][b] = std::max(out.p[a][b], std::min(out.p[a][k], out.p[k][b]));
      }
    }
  }
  return out;
}

TEST(PropertyTest, SchulzeAndCondorcetAgreeWithFloydWarshallReimplementation) {
  std::mt19937_64 rng(19180710);  // the 1918 Constitution's adoption
  for (int profile = 0; profile < 300; ++profile) {
    int candidates = 2 + static_cast<int>(rng() % 7);
    int voters = 1 + static_cast<int>(rng() % 60);
    std::vector<std::vector<int>> expanded;
    RankedBallots ballots;
    ballots.source_file = "random";
    for (int c = 0; c < candidates; ++c)
      ballots.candidates.push_back(std::string(1, static_cast<char>('A' + c)));
    ballots.withdrawn.assign(static_cast<std::size_t>(candidates), false);
    for (int v = 0; v < voters; ++v) {
      std::vector<int> order(static_cast<std::size_t>(candidates));
      for (int c = 0; c < candidates; ++c) order[static_cast<std::size_t>(c)] = c;
      std::shuffle(order.begin(), order.end(), rng);
      order.resize(rng() % static_cast<std::uint64_t>(candidates + 1));  // truncated ballots too
      int weight = 1 + static_cast<int>(rng() % 3);
      for (int copy = 0; copy < weight; ++copy) expanded.push_back(order);
      ballots.weights.push_back(weight);
      for (int c : order) ballots.prefs.push_back(static_cast<CandidateIndex>(c));
      ballots.offsets.push_back(static_cast<std::uint32_t>(ballots.prefs.size()));
      ballots.total_weight += weight;
    }
    NaiveSchulze naive = NaiveCount(expanded, candidates);
    CountOptions options;
    options.method = Method::kSchulze;
    options.seed = static_cast<std::uint64_t>(profile);
    auto result = Count(Ballots{ballots}, options);
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_EQ(result->pairwise, naive.d) << "profile " << profile;
    EXPECT_EQ(result->strongest_paths, naive.p) << "profile " << profile;
    // The ranking never puts a candidate above one that beats it, and the
    // winner is one of the naive Schulze winners.
    ASSERT_EQ(result->ranking.size(), static_cast<std::size_t>(candidates));
    std::vector<int> ranked;
    for (const auto& name : result->ranking) ranked.push_back(name[0] - 'A');
    for (std::size_t hi = 0; hi < ranked.size(); ++hi) {
      for (std::size_t lo = hi + 1; lo < ranked.size(); ++lo) {
        EXPECT_FALSE(naive.p[ranked[lo]][ranked[hi]] > naive.p[ranked[hi]][ranked[lo]])
            << "profile " << profile;
      }
    }
    std::set<int> winners;
    for (int a = 0; a < candidates; ++a) {
      bool wins = true;
      for (int b = 0; b < candidates; ++b) {
        if (a != b && naive.p[b][a] > naive.p[a][b]) wins = false;
      }
      if (wins) winners.insert(a);
    }
    EXPECT_TRUE(winners.count(ranked.front())) << "profile " << profile;
    if (winners.size() > 1) {
      // Several unbeaten candidates: the first place is drawn among them.
      ASSERT_FALSE(result->ties.empty()) << "profile " << profile;
      EXPECT_EQ(result->ties.front().round, 1);
      EXPECT_EQ(result->ties.front().tied.size(), winners.size());
    } else if (!result->ties.empty()) {
      EXPECT_GT(result->ties.front().round, 1);
    }

    options.method = Method::kCondorcet;
    auto condorcet = Count(Ballots{ballots}, options);
    ASSERT_TRUE(condorcet);
    int naive_winner = -1;
    for (int a = 0; a < candidates; ++a) {
      bool beats_all = true;
      for (int b = 0; b < candidates; ++b) {
        if (a != b && naive.d[a][b] <= naive.d[b][a]) beats_all = false;
      }
      if (beats_all) naive_winner = a;
    }
    if (naive_winner < 0) {
      EXPECT_FALSE(condorcet->condorcet_winner) << "profile " << profile;
    } else {
      ASSERT_TRUE(condorcet->condorcet_winner) << "profile " << profile;
      EXPECT_EQ(*condorcet->condorcet_winner,
                ballots.candidates[static_cast<std::size_t>(naive_winner)]);
      // A Condorcet winner is the Schulze winner.
      EXPECT_EQ(result->ranking.front(), *condorcet->condorcet_winner);
    }
  }
}

}  // namespace
}  // namespace sovet
