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

using SlateIndex = std::int16_t;
inline constexpr SlateIndex kNoSlate = -1;

// A slate a nomination may carry: a faction, a caucus, a list — or, for
// persons who stand for none, whatever label the record gives them ("" is a
// label like any other). The core knows no slate by name: the record
// declares its slates (doc/cycle.md "In the journal": cycle.register's
// `slates` and `slate_names`) and every person carries an index into that
// list. The list's order (the order of declaration) is the order of every
// per-slate table sovet prints.
struct Slate {
  std::string key;   // stable label, as the journal and JSON carry it
  std::string name;  // how output names it
};

struct PersonRegister {
  std::vector<Slate> slates;  // the record's slates, in declaration order
  std::vector<std::string> name;
  std::vector<UnitIndex> unit;    // where the person lives (a census unit)
  std::vector<SlateIndex> slate;  // index into `slates`
  std::vector<std::int16_t> age;  // in years, at the election
  // Index into Charter::franchise.excluded_categories, or -1 for none.
  std::vector<std::int16_t> excluded_category;
  // Personal standing with the person's own slate and with others, in
  // 1/1024ths; the electorate model draws votes from them (doc/demo_model.md).
  std::vector<std::uint16_t> appeal;
  std::vector<std::uint16_t> cross_appeal;

  std::size_t size() const { return name.size(); }
  // The slate with this key, or kNoSlate. Linear: a record has few slates.
  SlateIndex FindSlate(std::string_view key) const;
  // Appends a slate (the caller checks that its key is new).
  SlateIndex AddSlate(std::string key, std::string name);
  // `person_slate` must index `slates`.
  PersonIndex Add(std::string person_name, UnitIndex person_unit, SlateIndex person_slate,
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
