// The issuing ledger of rations (001:16–23; sovet/rations.h): the rules of
// ration.supply, ration.assign, ration.cut, ration.card and ration.issue
// against the state, their application, and their projection. Lifecycle:
// doc/rationing.md.
//
//   ration.supply ─► period open (CheckSupply/ApplySupply)
//   ration.assign ─► persons placed in categories (CheckAssign/ApplyAssign)
//   ration.cut    ─► the period's table replaced by RationCutTable's
//                    (CheckCut/ApplyCut; only before its first card)
//   ration.card   ─► one card per person per period (CheckCard/ApplyCard)
//   ration.issue  ─► goods handed out on a card (CheckIssue/ApplyIssue)
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/apportion.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"
#include "sovet/rations.h"

namespace sovet {

bool IsRationKind(std::string_view kind) { return kind.starts_with("ration."); }

std::optional<RationLedgerTable> RationLedger::Table(const Charter& charter,
                                                     const std::string& organ,
                                                     const std::string& id) const {
  if (auto cut = cuts.find({organ, id}); cut != cuts.end()) return cut->second;
  if (const RationTable* table = charter.rationing.FindTable(id)) {
    return RationLedgerTable{.id = table->id, .base = "", .quantities = table->quantities};
  }
  return std::nullopt;
}

const RationPeriod* RationLedger::Period(const std::string& organ, const std::string& id) const {
  auto found = periods.find({organ, id});
  return found == periods.end() ? nullptr : &found->second;
}

std::vector<std::int64_t> RationLedger::CategoryCounts(const Charter& charter,
                                                       const std::string& organ) const {
  std::vector<std::int64_t> counts(charter.rationing.categories.size(), 0);
  if (auto found = assigned.find(organ); found != assigned.end()) {
    for (const auto& [person, category] : found->second) ++counts[category];
  }
  return counts;
}

std::vector<std::vector<std::int64_t>> RationCutTable(
    const Charter& charter, const std::vector<std::vector<std::int64_t>>& base,
    const std::vector<std::int64_t>& supply, const std::vector<std::int64_t>& persons) {
  using Wide = __int128;
  const Rationing& rationing = charter.rationing;
  std::vector<std::vector<std::int64_t>> cut = base;
  const std::size_t categories = rationing.categories.size();
  for (std::size_t item = 0; item < rationing.items.size(); ++item) {
    Wide demand = 0;
    for (std::size_t category = 0; category < categories; ++category) {
      demand += Wide{persons[category]} * base[category][item];
    }
    const Wide available = supply[item];
    if (available >= demand) continue;
    const RationItem& rule = rationing.items[item];
    if (rule.cut == RationCut::kPriority) {
      // 001:20–23: on 14–15 August categories (1) and (2) kept their bread.
      Wide left = available;
      for (std::size_t category : rule.priority) {
        const Wide want = Wide{persons[category]} * base[category][item];
        if (left >= want) {
          left -= want;
          continue;
        }
        const std::int64_t each =
            persons[category] == 0 ? 0 : static_cast<std::int64_t>(left / persons[category]);
        cut[category][item] = each;
        left -= Wide{each} * persons[category];
        // Those after it in priority get nothing.
        bool after = false;
        for (std::size_t other : rule.priority) {
          if (after) cut[other][item] = 0;
          if (other == category) after = true;
        }
        break;
      }
      continue;
    }
    // Proportional: quantity × supply / demand per person, exactly, then
    // the largest remainders (the remainder of quantity × supply mod demand).
    Wide left = available;
    std::vector<Wide> remainder(categories, 0);
    for (std::size_t category = 0; category < categories; ++category) {
      const Wide scaled = Wide{base[category][item]} * available;
      cut[category][item] = static_cast<std::int64_t>(scaled / demand);
      remainder[category] = scaled % demand;
      left -= Wide{cut[category][item]} * persons[category];
    }
    std::vector<std::size_t> order(categories);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return remainder[a] > remainder[b];
    });
    for (std::size_t category : order) {
      if (remainder[category] == 0 || persons[category] == 0) continue;
      if (left >= persons[category]) {
        ++cut[category][item];
        left -= persons[category];
      }
    }
  }
  return cut;
}

int RationCategoryByRule(const Charter& charter, std::string_view status,
                         std::string_view workplace) {
  const auto& categories = charter.rationing.categories;
  for (std::size_t idx = 0; idx < categories.size(); ++idx) {
    const RationCategory& category = categories[idx];
    if (!status.empty() && std::find(category.statuses.begin(), category.statuses.end(),
                                     status) != category.statuses.end()) {
      return static_cast<int>(idx);
    }
    if (category.no_workplace && workplace.empty()) return static_cast<int>(idx);
  }
  return -1;
}

namespace engine {
namespace {

namespace field = schema::ration::field;
namespace table = schema::ration::table;

using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntsOf;
using engine_internal::kAnySize;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextsOf;

constexpr const char* kRuleDoc = "doc/rationing.md";

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{} of {}: {} ({})", act.kind, act.body, rule, kRuleDoc),
                              SourceLocation{.field = field_name});
}

Status Repeated(const Act& act, const std::string& rule, const char* field_name) {
  return Status::AlreadyExists(
      fmt::format("{} of {}: {} ({})", act.kind, act.body, rule, kRuleDoc),
      SourceLocation{.field = field_name});
}

Result<std::string> IdOf(const Act& act, const char* name) {
  SOVET_TRY(std::string id, TextOf(act, name));
  if (auto ok = CheckRollText(name, id, false); !ok) {
    return Error(Refused(act, fmt::format("field \"{}\": {}", name, ok.error().message()), name));
  }
  return id;
}

// The quantities of table `id` of `organ` without a copy (a card's check and
// application run once per card): a cut's, else the charter's; nullptr.
const std::vector<std::vector<std::int64_t>>* QuantitiesOf(const EngineState& state,
                                                          const Charter& charter,
                                                          const std::string& organ,
                                                          const std::string& id) {
  if (auto cut = state.rations.cuts.find({organ, id}); cut != state.rations.cuts.end()) {
    return &cut->second.quantities;
  }
  const RationTable* table = charter.rationing.FindTable(id);
  return table == nullptr ? nullptr : &table->quantities;
}

// ---- the fields of each kind (what the journal's checker also runs) ------

struct SupplyFields {
  std::string period, starts, table;  // starts, table: empty on a later supply
  std::vector<std::string> items;
  std::vector<std::int64_t> quantities;
};

Result<SupplyFields> ReadSupply(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPeriod, field::kStarts, field::kTable,
                                  field::kItems, field::kQuantities}));
  SupplyFields out;
  SOVET_TRY(out.period, IdOf(act, field::kPeriod));
  if (Find(act, field::kStarts) != nullptr) {
    SOVET_TRY(out.starts, TextOf(act, field::kStarts));
    if (!Date::Parse(out.starts)) return Error(Bad(act, field::kStarts, "a date YYYY-MM-DD"));
  }
  if (Find(act, field::kTable) != nullptr) {
    SOVET_TRY(out.table, IdOf(act, field::kTable));
  }
  if (out.starts.empty() != out.table.empty()) {
    return Error(Bad(act, field::kStarts, "\"starts\" and \"table\" together (a new period)"));
  }
  SOVET_TRY(out.items, TextsOf(act, field::kItems, kAnySize));
  SOVET_TRY(out.quantities, IntsOf(act, field::kQuantities, out.items.size()));
  for (std::int64_t quantity : out.quantities) {
    if (quantity < 0 || quantity > (std::int64_t{1} << 50)) {
      return Error(Bad(act, field::kQuantities, "quantities from 0 to 2^50"));
    }
  }
  if (act.body.empty()) return Error(Bad(act, "body", "the food organ's body id"));
  return out;
}

struct AssignFields {
  std::string category;
  std::vector<std::string> persons;
};

Result<AssignFields> ReadAssign(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kCategory, field::kPersons}));
  AssignFields out;
  SOVET_TRY(out.category, TextOf(act, field::kCategory));
  SOVET_TRY(out.persons, TextsOf(act, field::kPersons, kAnySize));
  if (out.persons.empty()) return Error(Bad(act, field::kPersons, "a non-empty list of ids"));
  if (act.body.empty()) return Error(Bad(act, "body", "the food organ's body id"));
  return out;
}

struct CutFields {
  std::string period, table;
  std::vector<std::int64_t> rations;
};

Result<CutFields> ReadCut(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPeriod, field::kTable, field::kRations}));
  CutFields out;
  SOVET_TRY(out.period, IdOf(act, field::kPeriod));
  SOVET_TRY(out.table, IdOf(act, field::kTable));
  SOVET_TRY(out.rations, IntsOf(act, field::kRations, kAnySize));
  if (act.body.empty()) return Error(Bad(act, "body", "the food organ's body id"));
  return out;
}

struct CardFields {
  std::string period;
  std::vector<std::string> cards, persons, categories;
};

Result<CardFields> ReadCard(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(
      act, {field::kDate, field::kPeriod, field::kCards, field::kPersons, field::kCategories}));
  CardFields out;
  SOVET_TRY(out.period, IdOf(act, field::kPeriod));
  SOVET_TRY(out.cards, TextsOf(act, field::kCards, kAnySize));
  if (out.cards.empty()) return Error(Bad(act, field::kCards, "a non-empty list of card ids"));
  SOVET_TRY(out.persons, TextsOf(act, field::kPersons, out.cards.size()));
  SOVET_TRY(out.categories, TextsOf(act, field::kCategories, out.cards.size()));
  if (act.body.empty()) return Error(Bad(act, "body", "the food organ's body id"));
  return out;
}

struct IssueFields {
  std::string period, card;
  std::vector<std::string> items;
  std::vector<std::int64_t> quantities;
};

Result<IssueFields> ReadIssue(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kPeriod, field::kCard, field::kItems,
                                  field::kQuantities}));
  IssueFields out;
  SOVET_TRY(out.period, IdOf(act, field::kPeriod));
  SOVET_TRY(out.card, IdOf(act, field::kCard));
  SOVET_TRY(out.items, TextsOf(act, field::kItems, kAnySize));
  if (out.items.empty()) return Error(Bad(act, field::kItems, "a non-empty list of item ids"));
  SOVET_TRY(out.quantities, IntsOf(act, field::kQuantities, out.items.size()));
  for (std::int64_t quantity : out.quantities) {
    if (quantity < 1) return Error(Bad(act, field::kQuantities, "quantities of 1 or more"));
  }
  if (act.body.empty()) return Error(Bad(act, "body", "the food organ's body id"));
  return out;
}

Result<void> CheckShape(const Act& act) {
  if (act.kind == schema::ration::kSupplyKind) return ReadSupply(act).map([](auto&&) {});
  if (act.kind == schema::ration::kAssignKind) return ReadAssign(act).map([](auto&&) {});
  if (act.kind == schema::ration::kCutKind) return ReadCut(act).map([](auto&&) {});
  if (act.kind == schema::ration::kCardKind) return ReadCard(act).map([](auto&&) {});
  if (act.kind == schema::ration::kIssueKind) return ReadIssue(act).map([](auto&&) {});
  return Error(Bad(act, "kind", "a ration act kind (ration.supply, assign, cut, card, issue)"));
}

// ---- the rules ------------------------------------------------------------------

// The organ: a body the journal created, of a kind `[rationing] organs` names.
Result<void> CheckOrgan(const EngineState& state, const Charter& charter, const Act& act) {
  const auto& organs = charter.rationing.organs;
  if (organs.empty()) {
    return Error(Refused(act, "the charter has no [rationing] section", "body"));
  }
  if (std::find(organs.begin(), organs.end(), BodyKindOf(act.body)) == organs.end()) {
    return Error(Refused(
        act, fmt::format("{} is not a food organ: the charter's [rationing] organs are {}",
                         act.body, fmt::join(organs, ", ")),
        "body"));
  }
  if (state.body_index.count(act.body) == 0) {
    return Error(Refused(act, fmt::format("body {} is not created (body.create)", act.body),
                         "body"));
  }
  return {};
}

Result<const RationPeriod*> PeriodOf(const EngineState& state, const Act& act,
                                     const std::string& period) {
  const RationPeriod* found = state.rations.Period(act.body, period);
  if (found == nullptr) {
    return Error(Refused(act,
                         fmt::format("period \"{}\" has no supply registered (ration.supply)",
                                     period),
                         field::kPeriod));
  }
  return found;
}

// Item ids of the charter, each once; their indices.
Result<std::vector<std::size_t>> ItemIndices(const Charter& charter, const Act& act,
                                             const std::vector<std::string>& items) {
  std::vector<std::size_t> out;
  std::vector<bool> seen(charter.rationing.items.size(), false);
  for (const std::string& item : items) {
    const int idx = charter.rationing.FindItem(item);
    if (idx < 0) {
      return Error(Refused(act, fmt::format("\"{}\" is not an item of the charter's [rationing]",
                                            item),
                           field::kItems));
    }
    if (seen[static_cast<std::size_t>(idx)]) {
      return Error(Refused(act, fmt::format("item \"{}\" twice", item), field::kItems));
    }
    seen[static_cast<std::size_t>(idx)] = true;
    out.push_back(static_cast<std::size_t>(idx));
  }
  return out;
}

// A person of the organ's unit on the register (present, living within it).
Result<void> CheckResident(const EngineState& state, const Act& act, std::int32_t unit,
                           const std::string& person, const char* field_name) {
  const RollState::Person found = state.roll.Find(person);
  if (found.presence != RollState::Presence::kPresent) {
    return Error(Refused(act,
                         fmt::format("{} is not a present person of the register",
                                     person),
                         field_name));
  }
  if (!state.roll.Within(found.unit, unit)) {
    return Error(Refused(act,
                         fmt::format("{} does not live within {} (the organ's unit)", person,
                                     BodyUnitOf(act.body)),
                         field_name));
  }
  return {};
}

Result<std::int32_t> OrganUnit(const EngineState& state, const Act& act) {
  const std::int32_t unit = state.roll.FindTreeUnit(BodyUnitOf(act.body));
  if (unit < 0) {
    return Error(Refused(act,
                         fmt::format("the register knows no unit {} (register.units)",
                                     BodyUnitOf(act.body)),
                         "body"));
  }
  return unit;
}

Result<void> CheckSupply(const EngineState& state, const Charter& charter, const Act& act,
                         Date date) {
  SOVET_TRY(SupplyFields fields, ReadSupply(act));
  SOVET_TRY(auto items, ItemIndices(charter, act, fields.items));
  (void)items;
  const RationPeriod* period = state.rations.Period(act.body, fields.period);
  if (period == nullptr) {
    if (fields.table.empty()) {
      return Error(Refused(act,
                           fmt::format("period \"{}\" is new: give its first day (\"starts\") and "
                                       "its table (\"table\")",
                                       fields.period),
                           field::kStarts));
    }
    if (!state.rations.Table(charter, act.body, fields.table)) {
      return Error(Refused(act,
                           fmt::format("table \"{}\" is neither the charter's ([[rationing."
                                       "table]]) nor a cut of this organ",
                                       fields.table),
                           field::kTable));
    }
  } else {
    if (!fields.table.empty()) {
      return Error(Repeated(act,
                            fmt::format("period \"{}\" is open already (from {}); a further "
                                        "supply gives only items and quantities",
                                        fields.period, period->starts.ToString()),
                            field::kPeriod));
    }
    if (period->last_day() < date) {
      return Error(Refused(act,
                           fmt::format("period \"{}\" ended on {}", fields.period,
                                       period->last_day().ToString()),
                           field::kDate));
    }
  }
  return {};
}

Result<void> CheckAssign(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(AssignFields fields, ReadAssign(act));
  if (charter.rationing.FindCategory(fields.category) < 0) {
    return Error(Refused(act,
                         fmt::format("\"{}\" is not a category of the charter's [rationing] "
                                     "(001:16)",
                                     fields.category),
                         field::kCategory));
  }
  SOVET_TRY(std::int32_t unit, OrganUnit(state, act));
  std::unordered_set<std::string_view> seen;
  seen.reserve(fields.persons.size());
  for (const std::string& person : fields.persons) {
    if (!seen.insert(person).second) {
      return Error(Refused(act, fmt::format("{} twice in one act", person), field::kPersons));
    }
    SOVET_CHECK_OK(CheckResident(state, act, unit, person, field::kPersons));
  }
  return {};
}

Result<void> CheckCut(const EngineState& state, const Charter& charter, const Act& act) {
  SOVET_TRY(CutFields fields, ReadCut(act));
  SOVET_TRY(const RationPeriod* period, PeriodOf(state, act, fields.period));
  if (!period->cards.empty()) {
    return Error(Refused(act,
                         fmt::format("period \"{}\" has {} cards issued: a cut is decided before "
                                     "the period's cards, which carry their ration",
                                     fields.period, period->cards.size()),
                         field::kPeriod));
  }
  if (state.rations.cuts.count({act.body, fields.table}) != 0 ||
      charter.rationing.FindTable(fields.table) != nullptr) {
    return Error(Repeated(act, fmt::format("table \"{}\" exists already", fields.table),
                          field::kTable));
  }
  const std::optional<RationLedgerTable> base =
      state.rations.Table(charter, act.body, period->table);
  const std::vector<std::int64_t> persons = state.rations.CategoryCounts(charter, act.body);
  const auto cut = RationCutTable(charter, base->quantities, period->supply, persons);
  if (cut == base->quantities) {
    return Error(Refused(act,
                         fmt::format("the supply of period \"{}\" covers table \"{}\" for the "
                                     "persons assigned: nothing to cut",
                                     fields.period, period->table),
                         field::kRations));
  }
  std::vector<std::int64_t> flat;
  for (const auto& row : cut) flat.insert(flat.end(), row.begin(), row.end());
  if (fields.rations != flat) {
    return Error(Refused(act,
                         fmt::format("the rations recorded are not the cut the charter's rules "
                                     "give ([rationing.item] cut; expected [{}])",
                                     fmt::join(flat, ", ")),
                         field::kRations));
  }
  return {};
}

Result<void> CheckCard(const EngineState& state, const Charter& charter, const Act& act,
                       Date date) {
  SOVET_TRY(CardFields fields, ReadCard(act));
  SOVET_TRY(const RationPeriod* period, PeriodOf(state, act, fields.period));
  if (period->last_day() < date) {
    return Error(Refused(act,
                         fmt::format("period \"{}\" ended on {}", fields.period,
                                     period->last_day().ToString()),
                         field::kDate));
  }
  SOVET_TRY(std::int32_t unit, OrganUnit(state, act));
  auto assigned = state.rations.assigned.find(act.body);
  const auto* table = QuantitiesOf(state, charter, act.body, period->table);
  std::vector<std::int64_t> promised = period->promised;
  const bool many = fields.cards.size() > 1;
  std::unordered_set<std::string_view> cards_seen, persons_seen;
  for (std::size_t idx = 0; idx < fields.cards.size(); ++idx) {
    const std::string& card = fields.cards[idx];
    const std::string& person = fields.persons[idx];
    if (auto ok = CheckRollText(field::kCards, card, false); !ok) {
      return Error(Refused(act, ok.error().message(), field::kCards));
    }
    if (period->cards.count(card) != 0 || (many && !cards_seen.insert(card).second)) {
      return Error(Repeated(act,
                            fmt::format("card {} of period \"{}\" is issued already: no card is "
                                        "issued twice",
                                        card, fields.period),
                            field::kCards));
    }
    if (auto held = period->card_of.find(person);
        held != period->card_of.end() || (many && !persons_seen.insert(person).second)) {
      return Error(Repeated(
          act,
          fmt::format("{} holds card {} for period \"{}\" already: no person holds two cards "
                      "for one period",
                      person, held != period->card_of.end() ? held->second : card, fields.period),
          field::kPersons));
    }
    SOVET_CHECK_OK(CheckResident(state, act, unit, person, field::kPersons));
    std::int64_t category = -1;
    if (assigned != state.rations.assigned.end()) {
      if (auto found = assigned->second.find(person); found != assigned->second.end()) {
        category = found->second;
      }
    }
    if (category < 0) {
      return Error(Refused(act,
                           fmt::format("{} is assigned to no category (ration.assign)", person),
                           field::kPersons));
    }
    const RationCategory& expected = charter.rationing.categories[static_cast<std::size_t>(category)];
    if (fields.categories[idx] != expected.id) {
      return Error(Refused(act,
                           fmt::format("{} is assigned to \"{}\", not \"{}\"", person, expected.id,
                                       fields.categories[idx]),
                           field::kCategories));
    }
    const auto& ration = (*table)[static_cast<std::size_t>(category)];
    for (std::size_t item = 0; item < ration.size(); ++item) {
      promised[item] += ration[item];
      if (promised[item] > period->supply[item]) {
        return Error(Refused(
            act,
            fmt::format("card {} of {} would promise {} {} of {} beyond the supply of period "
                        "\"{}\" ({} {}): nothing is issued beyond the supply; record a cut "
                        "(ration.cut) before the cards",
                        card, person, promised[item] - period->supply[item],
                        charter.rationing.items[item].unit == RationUnit::kGrams ? "grams"
                                                                                 : "pieces",
                        charter.rationing.items[item].id, fields.period, period->supply[item],
                        charter.rationing.items[item].unit == RationUnit::kGrams ? "grams"
                                                                                 : "pieces"),
            field::kCards));
      }
    }
  }
  return {};
}

Result<void> CheckIssue(const EngineState& state, const Charter& charter, const Act& act,
                        Date date) {
  SOVET_TRY(IssueFields fields, ReadIssue(act));
  SOVET_TRY(const RationPeriod* period, PeriodOf(state, act, fields.period));
  auto card = period->cards.find(fields.card);
  if (card == period->cards.end()) {
    return Error(Refused(act,
                         fmt::format("card {} is not issued for period \"{}\"", fields.card,
                                     fields.period),
                         field::kCard));
  }
  if (date < period->starts || period->last_day() < date) {
    return Error(Refused(act,
                         fmt::format("period \"{}\" runs {} to {}: rations are handed out within "
                                     "it",
                                     fields.period, period->starts.ToString(),
                                     period->last_day().ToString()),
                         field::kDate));
  }
  SOVET_TRY(auto items, ItemIndices(charter, act, fields.items));
  const std::optional<RationLedgerTable> table =
      state.rations.Table(charter, act.body, period->table);
  const auto& ration = table->quantities[card->second.category];
  for (std::size_t idx = 0; idx < items.size(); ++idx) {
    const std::size_t item = items[idx];
    const std::int64_t handed = card->second.handed.empty() ? 0 : card->second.handed[item];
    if (handed + fields.quantities[idx] > ration[item]) {
      return Error(Refused(act,
                           fmt::format("card {} is due {} of {}, {} handed out already; {} more "
                                       "is beyond its ration",
                                       fields.card, ration[item], fields.items[idx], handed,
                                       fields.quantities[idx]),
                           field::kQuantities));
    }
    if (period->handed[item] + fields.quantities[idx] > period->supply[item]) {
      return Error(Refused(act, fmt::format("{} beyond the supply", fields.items[idx]),
                           field::kQuantities));
    }
  }
  return {};
}

// ---- application ------------------------------------------------------------------

void ApplySupply(EngineState& state, const Charter& charter, const Act& act) {
  SupplyFields fields = *ReadSupply(act);
  const std::size_t items = charter.rationing.items.size();
  auto [found, created] = state.rations.periods.try_emplace({act.body, fields.period});
  RationPeriod& period = found->second;
  if (created) {
    period.organ = act.body;
    period.id = fields.period;
    period.starts = *Date::Parse(fields.starts);
    period.table = fields.table;
    const RationTable* charter_table = charter.rationing.FindTable(fields.table);
    if (charter_table == nullptr) {
      // A cut of this organ: the days of the charter table it descends from.
      std::string base = fields.table;
      while (charter_table == nullptr) {
        auto cut = state.rations.cuts.find({act.body, base});
        if (cut == state.rations.cuts.end()) break;
        base = cut->second.base;
        charter_table = charter.rationing.FindTable(base);
      }
    }
    period.days = charter_table != nullptr ? charter_table->days : 1;
    period.supply.assign(items, 0);
    period.promised.assign(items, 0);
    period.handed.assign(items, 0);
    period.cards_per_category.assign(charter.rationing.categories.size(), 0);
  }
  for (std::size_t idx = 0; idx < fields.items.size(); ++idx) {
    period.supply[static_cast<std::size_t>(charter.rationing.FindItem(fields.items[idx]))] +=
        fields.quantities[idx];
  }
}

void ApplyAssign(EngineState& state, const Charter& charter, const Act& act) {
  AssignFields fields = *ReadAssign(act);
  const auto category = static_cast<std::uint32_t>(charter.rationing.FindCategory(fields.category));
  auto& assigned = state.rations.assigned[act.body];
  assigned.reserve(assigned.size() + fields.persons.size());
  for (std::string& person : fields.persons) assigned[std::move(person)] = category;
}

void ApplyCut(EngineState& state, const Charter& charter, const Act& act) {
  CutFields fields = *ReadCut(act);
  RationPeriod& period = state.rations.periods.at({act.body, fields.period});
  const std::size_t items = charter.rationing.items.size();
  RationLedgerTable table{.id = fields.table, .base = period.table, .quantities = {}};
  for (std::size_t category = 0; category < charter.rationing.categories.size(); ++category) {
    table.quantities.emplace_back(fields.rations.begin() + static_cast<std::ptrdiff_t>(category * items),
                                  fields.rations.begin() +
                                      static_cast<std::ptrdiff_t>((category + 1) * items));
  }
  state.rations.cuts[{act.body, fields.table}] = std::move(table);
  period.table = fields.table;
}

void ApplyCard(EngineState& state, const Charter& charter, const Act& act, Date date) {
  CardFields fields = *ReadCard(act);
  RationPeriod& period = state.rations.periods.at({act.body, fields.period});
  const auto* table = QuantitiesOf(state, charter, act.body, period.table);
  if (period.cards.empty()) {
    period.cards.reserve(fields.cards.size());
    period.card_of.reserve(fields.cards.size());
  }
  for (std::size_t idx = 0; idx < fields.cards.size(); ++idx) {
    const auto category =
        static_cast<std::uint32_t>(charter.rationing.FindCategory(fields.categories[idx]));
    const auto& ration = (*table)[category];
    for (std::size_t item = 0; item < ration.size(); ++item) period.promised[item] += ration[item];
    ++period.cards_per_category[category];
    period.card_of.emplace(fields.persons[idx], fields.cards[idx]);
    period.cards.emplace(std::move(fields.cards[idx]),
                         RationCard{.person = std::move(fields.persons[idx]),
                                    .category = category,
                                    .issued = date,
                                    .handed = {}});
  }
}

void ApplyIssue(EngineState& state, const Charter& charter, const Act& act) {
  IssueFields fields = *ReadIssue(act);
  RationPeriod& period = state.rations.periods.at({act.body, fields.period});
  RationCard& card = period.cards.at(fields.card);
  if (card.handed.empty()) card.handed.assign(charter.rationing.items.size(), 0);
  for (std::size_t idx = 0; idx < fields.items.size(); ++idx) {
    const auto item = static_cast<std::size_t>(charter.rationing.FindItem(fields.items[idx]));
    card.handed[item] += fields.quantities[idx];
    period.handed[item] += fields.quantities[idx];
  }
}

// ---- the projection ----------------------------------------------------------------

Result<void> ProjectSupply(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(SupplyFields fields, ReadSupply(act));
  if (!fields.table.empty()) {
    SOVET_CHECK_OK(sql.Insert(table::kPeriods,
                              {"organ", "period", "starts", "ration_table", "seq"},
                              {entry.body, fields.period, fields.starts, fields.table, entry.seq}));
  }
  for (std::size_t idx = 0; idx < fields.items.size(); ++idx) {
    SOVET_CHECK_OK(sql.Insert(
        table::kSupply, {"organ", "period", "seq", "item", "quantity", "supplied_on"},
        {entry.body, fields.period, entry.seq, fields.items[idx], fields.quantities[idx],
         entry.payload.at(field::kDate).text()}));
  }
  return {};
}

Result<void> ProjectAssign(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"organ", "person", "seq", "category",
                                                    "assigned_on"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(AssignFields fields, ReadAssign(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  for (const std::string& person : fields.persons) {
    SOVET_CHECK_OK(
        sql.Insert(table::kAssignments, kColumns, {entry.body, person, entry.seq, fields.category, date}));
  }
  return {};
}

Result<void> ProjectCut(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(CutFields fields, ReadCut(act));
  SOVET_TRY(auto rows,
            sql.Query("SELECT ration_table FROM {p}ration_periods WHERE organ = $1 AND period = $2",
                      {entry.body, fields.period}));
  if (rows.size() != 1 || !std::holds_alternative<std::string>(rows[0][0])) {
    return Error(Status::FailedPrecondition(
        fmt::format("ration.cut: period {} of {} is not in ration_periods", fields.period,
                    entry.body)));
  }
  SOVET_CHECK_OK(sql.Insert(table::kTables,
                            {"organ", "ration_table", "base", "rations", "cut_on", "seq"},
                            {entry.body, fields.table, std::get<std::string>(rows[0][0]),
                             fmt::format("{}", fmt::join(fields.rations, " ")),
                             entry.payload.at(field::kDate).text(), entry.seq}));
  return sql.Exec(
      "UPDATE {p}ration_periods SET ration_table = $3, seq = $4 WHERE organ = $1 AND period = $2",
      {entry.body, fields.period, fields.table, entry.seq});
}

Result<void> ProjectCard(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"organ",    "period",    "card", "person",
                                                    "category", "issued_on", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(CardFields fields, ReadCard(act));
  const std::string& date = entry.payload.at(field::kDate).text();
  for (std::size_t idx = 0; idx < fields.cards.size(); ++idx) {
    SOVET_CHECK_OK(sql.Insert(table::kCards, kColumns,
                              {entry.body, fields.period, std::move(fields.cards[idx]),
                               std::move(fields.persons[idx]), std::move(fields.categories[idx]),
                               date, entry.seq}));
  }
  return {};
}

Result<void> ProjectIssue(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(IssueFields fields, ReadIssue(act));
  for (std::size_t idx = 0; idx < fields.items.size(); ++idx) {
    SOVET_CHECK_OK(sql.Insert(
        table::kIssues, {"seq", "item", "organ", "period", "card", "quantity", "issued_on"},
        {entry.seq, fields.items[idx], entry.body, fields.period, fields.card,
         fields.quantities[idx], entry.payload.at(field::kDate).text()}));
  }
  return {};
}

}  // namespace

Result<void> CheckRationAct(const EngineState& state, const Charter& charter, const Act& act,
                            Date date) {
  SOVET_CHECK_OK(CheckOrgan(state, charter, act));
  if (act.kind == schema::ration::kSupplyKind) return CheckSupply(state, charter, act, date);
  if (act.kind == schema::ration::kAssignKind) return CheckAssign(state, charter, act);
  if (act.kind == schema::ration::kCutKind) return CheckCut(state, charter, act);
  if (act.kind == schema::ration::kCardKind) return CheckCard(state, charter, act, date);
  if (act.kind == schema::ration::kIssueKind) return CheckIssue(state, charter, act, date);
  return CheckShape(act);
}

void ApplyRationAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  if (act.kind == schema::ration::kSupplyKind) ApplySupply(state, charter, act);
  if (act.kind == schema::ration::kAssignKind) ApplyAssign(state, charter, act);
  if (act.kind == schema::ration::kCutKind) ApplyCut(state, charter, act);
  if (act.kind == schema::ration::kCardKind) ApplyCard(state, charter, act, date);
  if (act.kind == schema::ration::kIssueKind) ApplyIssue(state, charter, act);
}

void AddRationProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = table::kPeriods,
      .columns = "organ TEXT NOT NULL, period TEXT NOT NULL, starts TEXT NOT NULL, "
                 "ration_table TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (organ, period)",
      .order_by = "organ, period"});
  projector.AddTable(StateTable{
      .name = table::kSupply,
      .columns = "organ TEXT NOT NULL, period TEXT NOT NULL, seq BIGINT NOT NULL, "
                 "item TEXT NOT NULL, quantity BIGINT NOT NULL, supplied_on TEXT NOT NULL, "
                 "PRIMARY KEY (organ, period, seq, item)",
      .order_by = "organ, period, seq, item"});
  // The history of assignments: a person's category is that of the row with
  // the greatest seq.
  projector.AddTable(StateTable{
      .name = table::kAssignments,
      .columns = "organ TEXT NOT NULL, person TEXT NOT NULL, seq BIGINT NOT NULL, "
                 "category TEXT NOT NULL, assigned_on TEXT NOT NULL, "
                 "PRIMARY KEY (organ, person, seq)",
      .order_by = "organ, person, seq"});
  projector.AddTable(StateTable{
      .name = table::kTables,
      .columns = "organ TEXT NOT NULL, ration_table TEXT NOT NULL, base TEXT NOT NULL, "
                 "rations TEXT NOT NULL, cut_on TEXT NOT NULL, seq BIGINT NOT NULL, "
                 "PRIMARY KEY (organ, ration_table)",
      .order_by = "organ, ration_table"});
  // The keys refuse inside the transaction what the engine refuses before
  // it: a card twice, a person's second card for a period.
  projector.AddTable(StateTable{
      .name = table::kCards,
      .columns = "organ TEXT NOT NULL, period TEXT NOT NULL, card TEXT NOT NULL, "
                 "person TEXT NOT NULL, category TEXT NOT NULL, issued_on TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, PRIMARY KEY (organ, period, card), "
                 "UNIQUE (organ, period, person)",
      .order_by = "organ, period, card"});
  projector.AddTable(StateTable{
      .name = table::kIssues,
      .columns = "seq BIGINT NOT NULL, item TEXT NOT NULL, organ TEXT NOT NULL, "
                 "period TEXT NOT NULL, card TEXT NOT NULL, quantity BIGINT NOT NULL, "
                 "issued_on TEXT NOT NULL, PRIMARY KEY (seq, item)",
      .order_by = "seq, item"});
  projector.AddKind(schema::ration::kSupplyKind, &CheckShape, &ProjectSupply);
  projector.AddKind(schema::ration::kAssignKind, &CheckShape, &ProjectAssign);
  projector.AddKind(schema::ration::kCutKind, &CheckShape, &ProjectCut);
  projector.AddKind(schema::ration::kCardKind, &CheckShape, &ProjectCard);
  projector.AddKind(schema::ration::kIssueKind, &CheckShape, &ProjectIssue);
}

}  // namespace engine
}  // namespace sovet
