// Interim roll predicates: residence only (the register's memory holds no
// birth dates or statuses yet).
#include <algorithm>

#include "engine/council.h"

namespace sovet::engine {

bool OnRoll(const EngineState& state, const Charter&, std::string_view person,
            std::string_view unit, Date) {
  const RollState::Person found = state.roll.Find(person);
  return found.presence == RollState::Presence::kPresent &&
         found.unit == state.roll.FindUnit(unit);
}

std::int64_t RollSize(const EngineState& state, const Charter&, std::string_view, Date) {
  return state.roll.present();
}

void VacateSeat(EngineState& state, const std::string& body, std::int64_t seat) {
  auto found = state.ledger.bodies.find(body);
  if (found == state.ledger.bodies.end() || seat < 1 ||
      seat > static_cast<std::int64_t>(found->second.seats.size())) {
    return;
  }
  found->second.seats[seat - 1].reset();
  for (auto& [id, seats] : state.ledger.bodies) {
    for (std::size_t index = 0; index < seats.seats.size(); ++index) {
      const auto& holder = seats.seats[index];
      if (holder && holder->source_body == body && holder->source_seat == seat) {
        VacateSeat(state, id, static_cast<std::int64_t>(index) + 1);
      }
    }
  }
}

}  // namespace sovet::engine
