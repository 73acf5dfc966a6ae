// Who is on a unit's roll on a day, read from the engine's memory of the
// register (sovet/person_roll.h RollState), and the vacating of seats with
// everything standing on them (src/engine/council.h).
#include <vector>

#include "engine/council.h"

namespace sovet::engine {
namespace {

// Whether a person of the register is an elector on `on` apart from the
// unit: present, of voting age, no excluded status (doc/register.md "The
// roll"; SYSTEM.md §4; 001:152).
bool Elector(const RollState::Person& person, Date latest_birth) {
  return person.presence == RollState::Presence::kPresent && !person.excluded &&
         person.birth <= latest_birth;
}

}  // namespace

std::string_view BodyUnit(std::string_view body) {
  const std::size_t colon = body.find(':');
  return colon == std::string_view::npos ? body : body.substr(colon + 1);
}

bool OnRoll(const EngineState& state, const Charter& charter, std::string_view person,
            std::string_view unit, Date on) {
  const std::int32_t target = state.roll.FindTreeUnit(unit);
  if (target < 0) return false;
  const RollState::Person found = state.roll.Find(person);
  if (found.presence != RollState::Presence::kPresent) return false;
  return Elector(found, LatestBirthForAge(on, charter.franchise.voting_age)) &&
         state.roll.Within(found.unit, target);
}

std::int64_t RollSize(const EngineState& state, const Charter& charter, std::string_view unit,
                      Date on) {
  const RollState& roll = state.roll;
  const std::int32_t target = roll.FindTreeUnit(unit);
  if (target < 0) return 0;
  // Which units lie within the target: one walk up the tree per unit.
  std::vector<char> within(roll.tree_size(), 0);
  for (std::size_t idx = 0; idx < within.size(); ++idx) {
    within[idx] = roll.Within(static_cast<std::int32_t>(idx), target) ? 1 : 0;
  }
  const Date latest_birth = LatestBirthForAge(on, charter.franchise.voting_age);
  std::int64_t count = 0;
  roll.ForEach([&](const RollState::Person& person) {
    if (person.unit >= 0 && within[person.unit] != 0 && Elector(person, latest_birth)) ++count;
  });
  return count;
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
