// The person register: the candidates, deputies and delegates the council
// cycle knows by name (SYSTEM.md §3 "elector", §7). Electors themselves are
// not persons here: an electoral roll is the census's elector count of a unit,
// and votes are counted per candidate, never per elector.
//
// Stored column-wise (one vector per attribute, indexed by PersonIndex), so
// that the million deputies of a full-scale country cost a few dozen bytes
// each.
//
// Thread-safety: a PersonRegister is a plain value; concurrent reads are safe,
// writes need external synchronisation.
#ifndef SOVET_REGISTER_H_
#define SOVET_REGISTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet {

using PersonIndex = std::int32_t;
inline constexpr PersonIndex kNoPerson = -1;

// The political factions of 1917-18 the seeds name (001:62, 002:191-209).
// The order is the order of every per-faction table sovet prints.
enum class Faction : std::uint8_t {
  kCommunists,  // Bolsheviks, "Communists" at the Fifth Congress (001:62)
  kLeftSrs,     // Left Socialist-Revolutionaries (001:62)
  kRightSrs,    // the S-Rs of the Constituent Assembly majority (002:191)
  kMensheviks,  // 002:195
  kKadets,      // "Bourgeois parties (Kadets, etc.)" (002:193)
  kNational,    // national minorities' parties (002:191, 002:208)
  kNonParty,    // 001:62 "ten non-party"
};
inline constexpr int kFactionCount = 7;

// "Communists", "Left S-Rs", ...
const char* FactionName(Faction faction);
// "communists", "left_srs", ... (stable keys used in JSON and the journal).
const char* FactionKey(Faction faction);
// The faction with this key, or false.
bool ParseFactionKey(std::string_view key, Faction* faction);

struct PersonRegister {
  std::vector<std::string> name;
  std::vector<UnitIndex> unit;  // where the person lives (a census unit)
  std::vector<Faction> faction;
  std::vector<std::int16_t> age;  // in years, at the election
  // Index into Charter::franchise.excluded_categories, or -1 for none.
  std::vector<std::int16_t> excluded_category;
  // Personal standing with the person's own faction and with others, in
  // 1/1024ths; the electorate model draws votes from them (doc/demo_model.md).
  std::vector<std::uint16_t> appeal;
  std::vector<std::uint16_t> cross_appeal;

  std::size_t size() const { return name.size(); }
  PersonIndex Add(std::string person_name, UnitIndex person_unit, Faction person_faction,
                  std::int16_t person_age, std::int16_t person_excluded_category,
                  std::uint16_t person_appeal, std::uint16_t person_cross_appeal);
};

// Whether the franchise lets this person vote and stand (001:152, SYSTEM.md
// §4: voting age 18; excluded categories only where the charter lists them).
// On false, `reason` (if given) says why, naming the rule.
bool IsEligible(const PersonRegister& persons, PersonIndex person, const Franchise& franchise,
                std::string* reason);

}  // namespace sovet

#endif  // SOVET_REGISTER_H_
