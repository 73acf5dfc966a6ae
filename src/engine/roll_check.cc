// Who is on a unit's roll on a day, read from the engine's memory of the
// register (sovet/person_roll.h RollState), and the vacating of seats with
// everything standing on them (src/engine/council.h).
#include <utility>
#include <vector>

#include "engine/council.h"

namespace sovet::engine {

bool OnRoll(const EngineState& state, const Charter& charter, std::string_view person,
            std::string_view unit, Date on) {
  return state.roll.OnRoll(charter, person, unit, on);
}

std::int64_t RollSize(const EngineState& state, const Charter& charter, std::string_view unit,
                      Date on) {
  return state.roll.RollSize(charter, unit, on);
}

void VacateSeat(EngineState& state, const std::string& body, std::int64_t seat) {
  // A work list rather than recursion: chains are short (a few tiers) but
  // the list keeps the stack flat whatever a journal holds.
  std::vector<std::pair<std::string, std::int64_t>> pending = {{body, seat}};
  while (!pending.empty()) {
    auto [at_body, at_seat] = std::move(pending.back());
    pending.pop_back();
    auto found = state.ledger.bodies.find(at_body);
    if (found == state.ledger.bodies.end() || at_seat < 1 ||
        at_seat > static_cast<std::int64_t>(found->second.seats.size())) {
      continue;
    }
    std::optional<SeatHolder>& holder = found->second.seats[at_seat - 1];
    if (!holder) continue;
    const std::string person = holder->person;
    holder.reset();
    for (auto& [id, petition] : state.ledger.petitions) {
      if (petition.body == at_body && petition.seat == at_seat && petition.person == person &&
          (petition.stage == PetitionStage::kOpen || petition.stage == PetitionStage::kVoteDue)) {
        petition.stage = PetitionStage::kLapsed;
      }
    }
    for (auto& [above_body, above] : state.ledger.bodies) {
      for (std::size_t idx = 0; idx < above.seats.size(); ++idx) {
        const std::optional<SeatHolder>& up = above.seats[idx];
        if (up && up->source_body == at_body && up->source_seat == at_seat) {
          pending.emplace_back(above_body, static_cast<std::int64_t>(idx) + 1);
        }
      }
    }
  }
}

}  // namespace sovet::engine
