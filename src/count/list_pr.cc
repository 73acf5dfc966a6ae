// Party-list proportional representation (SYSTEM.md §6).
//
// Threshold (SYSTEM.md §6): an option is kept when votes × 100 ≥ threshold ×
// valid votes, valid votes being all the tally's votes; exactly at the
// threshold is kept. Only kept options take part; Hare and Droop quotas are
// taken over the kept options' votes.
//
// Divisor methods award seats one at a time to the highest quotient
// votes ÷ divisor(seats already held):
//   D'Hondt               1, 2, 3, 4, ...   (Jefferson; Israel's Bader-Ofer,
//                                            Austria's federal tier, Portugal)
//   Sainte-Laguë          1, 3, 5, 7, ...   (Webster)
//   modified Sainte-Laguë 1.4, 3, 5, 7, ... (Norway, Sweden until 2018)
// Quotients are compared exactly by cross-multiplication in __int128
// (votes < 2^63, divisor numerators < 2^33, denominators ≤ 5).
//
// Largest remainder: each kept option first gets floor(votes ÷ quota) seats,
// the seats left go one each to the largest remainders.
//   Hare quota  = V / S (an exact fraction: seats = floor(v·S / V),
//                 remainder compared as v·S mod V)
//   Droop quota = floor(V / (S + 1)) + 1 (SYSTEM.md §6)
// With the Droop quota and very few votes, more seats can be left than
// there are options; the remainder order is then gone through again.
//
// Ties for a seat that the tied options cannot all have are decided by lot
// from the seed (SYSTEM.md §6), each draw recorded.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <queue>

#include "count/methods.h"

namespace sovet {
namespace {

struct Divisor {
  __int128 num;
  __int128 den;
};

Divisor DivisorFor(Method method, std::int64_t seats_held) {
  switch (method) {
    case Method::kSainteLague:
      return {2 * static_cast<__int128>(seats_held) + 1, 1};
    case Method::kModifiedSainteLague:
      // First divisor 1.4 = 7/5; then 3, 5, 7, ...
      if (seats_held == 0) return {7, 5};
      return {2 * static_cast<__int128>(seats_held) + 1, 1};
    default:  // D'Hondt
      return {static_cast<__int128>(seats_held) + 1, 1};
  }
}

// A percentage num/den as the user wrote it: "4", "3.25" (ParsePercent's
// denominators divide a power of ten); other fractions as "a/b".
std::string PercentText(std::int64_t num, std::int64_t den) {
  __int128 scale = 1;
  for (int places = 0; places <= 18; ++places, scale *= 10) {
    if (scale % den != 0) continue;
    __int128 scaled = static_cast<__int128>(num) * (scale / den);
    std::string digits = IntText(scaled);
    if (places == 0) return digits;
    while (static_cast<int>(digits.size()) <= places) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - places, '.');
    return digits;
  }
  return FractionText(num, den);
}

std::string DivisorText(Divisor divisor) {
  if (divisor.den == 5 && divisor.num == 7) return "1.4";
  return FractionText(divisor.num, divisor.den);
}

}  // namespace

Result<CountResult> CountListPr(const Tally& tally, const CountOptions& options) {
  CountResult result = StartResult(options.method, options.seats, options.seed, tally.options);
  result.valid_votes = IntText(tally.total);
  const std::size_t count = tally.options.size();
  const std::string& file = tally.source_file;
  if (tally.total == 0) {
    return Error(Status::InvalidInput("no votes in the tally; expected at least one vote",
                                      SourceLocation{.file = file}));
  }

  CountRound votes_round;
  votes_round.number = 1;
  votes_round.action = "votes";
  std::vector<bool> kept(count, true);
  __int128 kept_votes = 0;
  for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
    votes_round.totals.push_back(IntText(tally.votes[opt_idx]));
    // votes × 100 ≥ threshold × valid, threshold = num/den percent.
    if (options.threshold_num > 0 &&
        static_cast<__int128>(tally.votes[opt_idx]) * 100 * options.threshold_den <
            static_cast<__int128>(options.threshold_num) * tally.total) {
      kept[opt_idx] = false;
      votes_round.excluded.push_back(tally.options[opt_idx]);
    } else {
      kept_votes += tally.votes[opt_idx];
    }
  }
  if (options.threshold_num > 0) {
    const std::string percent = PercentText(options.threshold_num, options.threshold_den);
    votes_round.note =
        fmt::format("threshold {}% of {} valid votes: kept when votes x 100 >= {} x {}", percent,
                    tally.total, percent, tally.total);
  }
  if (kept_votes == 0) {
    return Error(Status::InvalidInput(
        "no option with votes reaches the threshold; expected a lower --threshold",
        SourceLocation{.file = file, .field = "--threshold"}));
  }
  result.rounds.push_back(std::move(votes_round));

  const std::int64_t seats = options.seats;
  std::vector<std::int64_t> held(count, 0);
  std::vector<std::size_t> first_seat_order;
  Lot lot(options.seed);
  auto award = [&](std::size_t opt_idx, std::string action, std::string note) {
    if (held[opt_idx] == 0) first_seat_order.push_back(opt_idx);
    ++held[opt_idx];
    CountRound round;
    round.number = static_cast<std::int32_t>(result.rounds.size() + 1);
    round.action = std::move(action);
    round.subjects.push_back(tally.options[opt_idx]);
    for (std::int64_t seats_held : held) round.totals.push_back(IntText(seats_held));
    round.note = std::move(note);
    result.rounds.push_back(std::move(round));
  };

  const bool divisor_method = options.method == Method::kDhondt ||
                              options.method == Method::kSainteLague ||
                              options.method == Method::kModifiedSainteLague;
  if (divisor_method) {
    std::int64_t awarded = 0;
    // Options by current quotient in a heap, highest first and, among equal
    // quotients, lowest index first: each seat costs O(log options) plus
    // the options tied with the winner.
    auto compare = [&](std::size_t a, std::size_t b) {  // true: a comes after b
      Divisor da = DivisorFor(options.method, held[a]);
      Divisor db = DivisorFor(options.method, held[b]);
      __int128 lhs = static_cast<__int128>(tally.votes[a]) * da.den * db.num;
      __int128 rhs = static_cast<__int128>(tally.votes[b]) * db.den * da.num;
      if (lhs != rhs) return lhs < rhs;
      return a > b;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(compare)> heap(compare);
    for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
      if (kept[opt_idx]) heap.push(opt_idx);
    }
    auto same_quotient = [&](std::size_t a, std::size_t b) {
      Divisor da = DivisorFor(options.method, held[a]);
      Divisor db = DivisorFor(options.method, held[b]);
      return static_cast<__int128>(tally.votes[a]) * da.den * db.num ==
             static_cast<__int128>(tally.votes[b]) * db.den * da.num;
    };
    while (awarded < seats) {
      // The highest quotient and every option sharing it, in index order.
      std::vector<std::size_t> best{heap.top()};
      heap.pop();
      while (!heap.empty() && same_quotient(heap.top(), best.front())) {
        best.push_back(heap.top());
        heap.pop();
      }
      Divisor divisor = DivisorFor(options.method, held[best.front()]);
      std::string quotient =
          FractionText(static_cast<__int128>(tally.votes[best.front()]) * divisor.den, divisor.num);
      std::int64_t left = seats - awarded;
      std::vector<std::size_t> winners = best;
      if (static_cast<std::int64_t>(best.size()) > left) {
        // Equal quotients for more seats than remain: by lot.
        winners = ChooseByLot(best, static_cast<std::size_t>(left),
                              static_cast<std::int32_t>(result.rounds.size() + 1), "seat",
                              tally.options, lot, &result.ties);
      }
      for (std::size_t opt_idx : winners) {
        std::string note =
            fmt::format("quotient {} (votes {} / divisor {})", quotient, tally.votes[opt_idx],
                        DivisorText(DivisorFor(options.method, held[opt_idx])));
        award(opt_idx, "seat", std::move(note));
        ++awarded;
      }
      // Back into the heap: the winners with their next divisor, the others
      // as they were.
      for (std::size_t opt_idx : best) heap.push(opt_idx);
    }
    std::int64_t max_held = *std::max_element(held.begin(), held.end());
    for (std::int64_t seats_held = 0; seats_held <= max_held; ++seats_held) {
      result.divisors.push_back(DivisorText(DivisorFor(options.method, seats_held)));
    }
  } else {
    // Largest remainder. Remainders are compared as integers over a common
    // denominator: Hare v·S mod V (remainder in votes = that / S), Droop
    // v mod q.
    const bool hare = options.method == Method::kHare;
    const __int128 total = kept_votes;
    __int128 droop_quota = total / (seats + 1) + 1;
    result.quota = hare ? FractionText(total, seats) : IntText(droop_quota);
    std::vector<__int128> remainder(count, 0);
    CountRound quota_round;
    quota_round.number = static_cast<std::int32_t>(result.rounds.size() + 1);
    quota_round.action = "quota_seats";
    std::int64_t awarded = 0;
    std::vector<std::size_t> by_votes;
    for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
      if (kept[opt_idx]) by_votes.push_back(opt_idx);
    }
    std::stable_sort(by_votes.begin(), by_votes.end(),
                     [&](std::size_t a, std::size_t b) { return tally.votes[a] > tally.votes[b]; });
    for (std::size_t opt_idx : by_votes) {
      __int128 votes = tally.votes[opt_idx];
      __int128 whole = hare ? votes * seats / total : votes / droop_quota;
      remainder[opt_idx] = hare ? votes * seats % total : votes % droop_quota;
      held[opt_idx] = static_cast<std::int64_t>(whole);
      if (whole > 0) first_seat_order.push_back(opt_idx);
      awarded += held[opt_idx];
    }
    for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
      quota_round.totals.push_back(IntText(held[opt_idx]));
    }
    quota_round.note = fmt::format("quota {} of {} kept votes", result.quota, IntText(total));
    result.rounds.push_back(std::move(quota_round));
    auto remainder_text = [&](std::size_t opt_idx) {
      return hare ? FractionText(remainder[opt_idx], seats) : IntText(remainder[opt_idx]);
    };
    CountRound remainders_round;
    remainders_round.number = static_cast<std::int32_t>(result.rounds.size() + 1);
    remainders_round.action = "remainders";
    for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
      remainders_round.totals.push_back(kept[opt_idx] ? remainder_text(opt_idx) : std::string());
    }
    remainders_round.note = "votes left after the quota seats";
    result.rounds.push_back(std::move(remainders_round));
    while (awarded < seats) {
      // One pass: options by remainder, largest first.
      std::vector<std::size_t> order = by_votes;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
      std::size_t pos = 0;
      while (pos < order.size() && awarded < seats) {
        std::size_t group_end = pos;
        while (group_end < order.size() && remainder[order[group_end]] == remainder[order[pos]]) {
          ++group_end;
        }
        std::vector<std::size_t> group(order.begin() + static_cast<std::ptrdiff_t>(pos),
                                       order.begin() + static_cast<std::ptrdiff_t>(group_end));
        std::int64_t left = seats - awarded;
        if (static_cast<std::int64_t>(group.size()) > left) {
          std::sort(group.begin(), group.end());
          group = ChooseByLot(group, static_cast<std::size_t>(left),
                              static_cast<std::int32_t>(result.rounds.size() + 1), "seat",
                              tally.options, lot, &result.ties);
        }
        for (std::size_t opt_idx : group) {
          award(opt_idx, "remainder_seat", fmt::format("remainder {}", remainder_text(opt_idx)));
          ++awarded;
        }
        pos = group_end;
      }
    }
  }

  for (std::size_t opt_idx = 0; opt_idx < count; ++opt_idx) {
    result.allocation.emplace_back(tally.options[opt_idx], held[opt_idx]);
  }
  for (std::size_t opt_idx : first_seat_order) result.elected.push_back(tally.options[opt_idx]);
  return result;
}

}  // namespace sovet
