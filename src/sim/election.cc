#include "sim/election.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "sim/electorate.h"

namespace sovet::sim {
namespace {

std::string SlotName(std::size_t slot) { return fmt::format("c{}", slot); }

Result<std::int32_t> SlotOf(const std::string& name, std::size_t candidate_count) {
  if (name.size() < 2 || name[0] != 'c') {
    return Error(Status::Internal(fmt::format("count returned an unknown option '{}'", name)));
  }
  std::int64_t slot = 0;
  for (std::size_t pos = 1; pos < name.size(); ++pos) {
    if (name[pos] < '0' || name[pos] > '9') {
      return Error(Status::Internal(fmt::format("count returned an unknown option '{}'", name)));
    }
    slot = slot * 10 + (name[pos] - '0');
  }
  if (slot >= static_cast<std::int64_t>(candidate_count)) {
    return Error(Status::Internal(fmt::format("count returned an unknown option '{}'", name)));
  }
  return static_cast<std::int32_t>(slot);
}

// Candidate slots of one slate, by personal votes (most first), then slot.
std::vector<std::int32_t> SlateList(const PersonRegister& persons, const ElectionAct& act,
                                    std::size_t slate) {
  std::vector<std::int32_t> slots;
  for (std::size_t slot = 0; slot < act.candidates.size(); ++slot) {
    if (static_cast<std::size_t>(persons.slate[act.candidates[slot]]) == slate) {
      slots.push_back(static_cast<std::int32_t>(slot));
    }
  }
  std::stable_sort(slots.begin(), slots.end(),
                   [&](std::int32_t a, std::int32_t b) { return act.votes[a] > act.votes[b]; });
  return slots;
}

}  // namespace

bool IsListMethod(Method method) {
  return method == Method::kDhondt || method == Method::kSainteLague ||
         method == Method::kModifiedSainteLague || method == Method::kHare ||
         method == Method::kDroop;
}

Result<void> CountElection(const PersonRegister& persons, ElectionAct& act) {
  SOVET_TRY(const Method method, ParseMethod(act.method));
  const std::size_t candidate_count = act.candidates.size();
  act.votes.assign(candidate_count, 0);
  act.elected.clear();
  for (std::size_t slot = 0; slot < candidate_count; ++slot) {
    act.votes[slot] = CandidateVotes(persons, act.candidates[slot], act.voters_by_slate);
  }
  const auto seats = static_cast<std::size_t>(std::max<std::int64_t>(act.seats, 0));
  if (seats == 0) return {};
  if (candidate_count <= seats) {
    // Uncontested: every candidate is returned, as a count would.
    std::vector<std::int32_t> order(candidate_count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int32_t a, std::int32_t b) { return act.votes[a] > act.votes[b]; });
    act.elected = std::move(order);
    return {};
  }
  CountOptions options;
  options.method = method;
  options.seats = static_cast<std::int64_t>(seats);
  options.seed = act.count_seed;

  switch (method) {
    case Method::kPlurality:
    case Method::kBlock:
    case Method::kApproval: {
      Tally tally;
      tally.options.reserve(candidate_count);
      for (std::size_t slot = 0; slot < candidate_count; ++slot) {
        tally.options.push_back(SlotName(slot));
      }
      tally.votes = act.votes;
      tally.total = act.present;
      SOVET_TRY(CountResult result, Count(tally, options));
      for (const std::string& name : result.elected) {
        SOVET_TRY(std::int32_t slot, SlotOf(name, candidate_count));
        act.elected.push_back(slot);
      }
      return {};
    }
    case Method::kDhondt:
    case Method::kSainteLague:
    case Method::kModifiedSainteLague:
    case Method::kHare:
    case Method::kDroop: {
      // Each slate's candidates form its list; its voters vote the list.
      Tally tally;
      for (std::size_t slate = 0; slate < act.voters_by_slate.size(); ++slate) {
        bool has_candidate = false;
        for (PersonIndex person : act.candidates) {
          if (static_cast<std::size_t>(persons.slate[person]) == slate) has_candidate = true;
        }
        if (!has_candidate) continue;
        tally.options.push_back(persons.slates[slate].key);
        tally.votes.push_back(act.voters_by_slate[slate]);
      }
      tally.total = act.present;
      SOVET_TRY(CountResult result, Count(tally, options));
      std::vector<bool> taken(candidate_count, false);
      for (const auto& [list_name, won] : result.allocation) {
        const SlateIndex slate = persons.FindSlate(list_name);
        if (slate == kNoSlate) {
          return Error(
              Status::Internal(fmt::format("count returned an unknown list '{}'", list_name)));
        }
        std::vector<std::int32_t> list = SlateList(persons, act, static_cast<std::size_t>(slate));
        for (std::int64_t seat_idx = 0;
             seat_idx < won && seat_idx < static_cast<std::int64_t>(list.size()); ++seat_idx) {
          act.elected.push_back(list[seat_idx]);
          taken[list[seat_idx]] = true;
        }
      }
      // A list with fewer candidates than seats won leaves seats over; they
      // go to the best-placed candidates not yet elected (doc/cycle.md).
      if (act.elected.size() < seats) {
        std::vector<std::int32_t> rest;
        for (std::size_t slot = 0; slot < candidate_count; ++slot) {
          if (!taken[slot]) rest.push_back(static_cast<std::int32_t>(slot));
        }
        std::stable_sort(rest.begin(), rest.end(), [&](std::int32_t a, std::int32_t b) {
          return act.votes[a] > act.votes[b];
        });
        for (std::size_t rest_idx = 0; rest_idx < rest.size() && act.elected.size() < seats;
             ++rest_idx) {
          act.elected.push_back(rest[rest_idx]);
        }
      }
      return {};
    }
    case Method::kStvScottish:
    case Method::kStvMeek:
    case Method::kSchulze:
    case Method::kCondorcet: {
      // One distinct ballot per slate: its candidates by personal standing,
      // weighted by the slate's voters present.
      RankedBallots ballots;
      ballots.seats = static_cast<std::int64_t>(seats);
      for (std::size_t slot = 0; slot < candidate_count; ++slot) {
        ballots.candidates.push_back(SlotName(slot));
      }
      ballots.withdrawn.assign(candidate_count, false);
      std::vector<std::int64_t> first_preferences(candidate_count, 0);
      for (std::size_t slate = 0; slate < act.voters_by_slate.size(); ++slate) {
        const std::int64_t weight = act.voters_by_slate[slate];
        if (weight == 0) continue;
        std::vector<std::int32_t> list = SlateList(persons, act, slate);
        ballots.weights.push_back(weight);
        for (std::int32_t slot : list) ballots.prefs.push_back(static_cast<CandidateIndex>(slot));
        ballots.offsets.push_back(static_cast<std::uint32_t>(ballots.prefs.size()));
        ballots.total_weight += weight;
        if (!list.empty()) first_preferences[list.front()] += weight;
      }
      act.votes = first_preferences;
      SOVET_TRY(CountResult result, Count(ballots, options));
      const std::vector<std::string>& winners =
          (method == Method::kSchulze || method == Method::kCondorcet) ? result.ranking
                                                                       : result.elected;
      for (const std::string& name : winners) {
        if (act.elected.size() >= seats) break;
        SOVET_TRY(std::int32_t slot, SlotOf(name, candidate_count));
        act.elected.push_back(slot);
      }
      return {};
    }
    case Method::kMotion:
      break;
  }
  return Error(Status::InvalidInput(
      fmt::format("method '{}' decides motions and cannot elect a body", act.method),
      SourceLocation{.field = "election.method"}));
}

}  // namespace sovet::sim
