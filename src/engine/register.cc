#include "sovet/register.h"

#include <fmt/format.h>

#include <utility>

namespace sovet {

SlateIndex PersonRegister::FindSlate(std::string_view key) const {
  for (std::size_t idx = 0; idx < slates.size(); ++idx) {
    if (slates[idx].key == key) return static_cast<SlateIndex>(idx);
  }
  return kNoSlate;
}

SlateIndex PersonRegister::AddSlate(std::string key, std::string slate_name) {
  slates.push_back(Slate{std::move(key), std::move(slate_name)});
  return static_cast<SlateIndex>(slates.size() - 1);
}

PersonIndex PersonRegister::Add(std::string person_name, UnitIndex person_unit,
                                SlateIndex person_slate, std::int16_t person_age,
                                std::int16_t person_excluded_category, std::uint16_t person_appeal,
                                std::uint16_t person_cross_appeal) {
  const auto person = static_cast<PersonIndex>(name.size());
  name.push_back(std::move(person_name));
  unit.push_back(person_unit);
  slate.push_back(person_slate);
  age.push_back(person_age);
  excluded_category.push_back(person_excluded_category);
  appeal.push_back(person_appeal);
  cross_appeal.push_back(person_cross_appeal);
  return person;
}

bool IsEligible(const PersonRegister& persons, PersonIndex person, const Franchise& franchise,
                std::string* reason) {
  if (person < 0 || static_cast<std::size_t>(person) >= persons.size()) {
    if (reason) *reason = fmt::format("person {} is not in the register", person);
    return false;
  }
  // Voting age: SYSTEM.md §4 Decisions (18, proposed at 002:183).
  if (persons.age[person] < franchise.voting_age) {
    if (reason) {
      *reason = fmt::format("age {} is below the voting age {} (franchise.voting_age)",
                            persons.age[person], franchise.voting_age);
    }
    return false;
  }
  // Excluded categories: 001:152, data of the historical charter only; a
  // category the charter does not list excludes nobody under it.
  const std::int16_t category = persons.excluded_category[person];
  if (category >= 0 && static_cast<std::size_t>(category) < franchise.excluded_categories.size()) {
    if (reason) {
      *reason = fmt::format("excluded by the franchise: {} (franchise.excluded_categories)",
                            franchise.excluded_categories[category]);
    }
    return false;
  }
  return true;
}

}  // namespace sovet
