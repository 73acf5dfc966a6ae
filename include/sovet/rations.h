// The issuing ledger of rations (001:16–23; SYSTEM.md §2 S11): a food organ
// — a body of a kind the charter's `[rationing] organs` names — registers
// its supply for a period, assigns the persons of its unit to the charter's
// categories, issues one card per person per period, records what is
// handed out on each card, and, when the supply cannot cover the period's
// table, records its cut as a new table computed exactly from the charter's
// rule for each item. Lifecycle, act fields and state tables:
// doc/rationing.md; the commands: doc/operating.md "Rationing".
//
// Acts (names below; each carries the operator's `date` and is kept in the
// journal's date order with the register's and the council's acts,
// sovet/council.h "Dates"; `body` is the food organ):
//   ration.supply  a period (id, first day, the table in force) and its
//                  supply per item; a second supply of the period adds to it
//   ration.assign  persons of the organ's unit placed in one category
//   ration.cut     a new table for a period whose supply is short, equal to
//                  RationCutTable's (the engine recomputes and compares)
//   ration.card    cards issued, one per person: no person holds two cards
//                  for one period, no card id is issued twice, and the rations
//                  the cards promise never exceed the period's supply
//   ration.issue   goods handed out on one card, within its ration
// A refusal names the rule and writes nothing.
//
// Mid-period moves. A card carries the category its holder was assigned
// on the card's day, for the whole period; an assignment recorded later
// takes effect from the holder's next card (no second card, no change of
// a card issued: the card is what the organ promised).
//
// Arithmetic: integers only (grams, pieces); products in 128 bits.
//
// Thread-safety: plain values, used by the engine's thread.
#ifndef SOVET_RATIONS_H_
#define SOVET_RATIONS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/status.h"

namespace sovet {

namespace schema::ration {
// Act kinds: part of the journal's public format; never rename one.
inline constexpr const char* kSupplyKind = "ration.supply";
inline constexpr const char* kAssignKind = "ration.assign";
inline constexpr const char* kCutKind = "ration.cut";
inline constexpr const char* kCardKind = "ration.card";
inline constexpr const char* kIssueKind = "ration.issue";
namespace field {
inline constexpr const char* kDate = "date";            // every act
inline constexpr const char* kPeriod = "period";        // supply, cut, card, issue
inline constexpr const char* kStarts = "starts";        // supply: the period's first day
inline constexpr const char* kTable = "table";          // supply: in force; cut: the new id
inline constexpr const char* kItems = "items";          // supply, issue: item ids
inline constexpr const char* kQuantities = "quantities";  // supply, issue: one per item
inline constexpr const char* kCategory = "category";    // assign
inline constexpr const char* kPersons = "persons";      // assign, card
inline constexpr const char* kCards = "cards";          // card: one id per person
inline constexpr const char* kCategories = "categories";  // card: one per person
// cut: the new table's quantities, category by category (charter order),
// item by item (charter order): categories × items integers.
inline constexpr const char* kRations = "rations";
inline constexpr const char* kCard = "card";            // issue
}  // namespace field
namespace table {
inline constexpr const char* kPeriods = "ration_periods";
inline constexpr const char* kSupply = "ration_supply";
inline constexpr const char* kAssignments = "ration_assignments";
inline constexpr const char* kTables = "ration_tables";
inline constexpr const char* kCards = "ration_cards";
inline constexpr const char* kIssues = "ration_issues";
}  // namespace table
}  // namespace schema::ration

// Whether `kind` is a ration act (ration.*).
bool IsRationKind(std::string_view kind);

// A period's table: the charter's or a recorded cut's. quantities[c][i]
// per person, charter category and item order.
struct RationLedgerTable {
  std::string id;
  std::string base;  // a cut's: the table it cut; empty for the charter's
  std::vector<std::vector<std::int64_t>> quantities;
};

struct RationCard {
  std::string person;
  std::uint32_t category = 0;
  Date issued;
  std::vector<std::int64_t> handed;  // per item, empty until a ration.issue
};

// One period of one organ.
struct RationPeriod {
  std::string organ;
  std::string id;
  Date starts;
  std::int64_t days = 1;
  std::string table;                   // the table in force
  std::vector<std::int64_t> supply;    // per item
  std::vector<std::int64_t> promised;  // per item: the rations of the cards issued
  std::vector<std::int64_t> handed;    // per item: ration.issue totals
  std::vector<std::int64_t> cards_per_category;
  std::unordered_map<std::string, std::string> card_of;  // person -> card id
  std::unordered_map<std::string, RationCard> cards;     // card id -> card
  Date last_day() const { return starts.AddDays(days - 1); }
};

// What the engine holds of rationing.
struct RationLedger {
  // By (organ, period id).
  std::map<std::pair<std::string, std::string>, RationPeriod> periods;
  // Cut tables, by (organ, table id).
  std::map<std::pair<std::string, std::string>, RationLedgerTable> cuts;
  // By organ: person -> category index, as last assigned.
  std::map<std::string, std::unordered_map<std::string, std::uint32_t>> assigned;

  // The table `id` of `organ`: a cut it recorded, else the charter's; nullptr.
  std::optional<RationLedgerTable> Table(const Charter& charter, const std::string& organ,
                                         const std::string& id) const;
  const RationPeriod* Period(const std::string& organ, const std::string& id) const;
  // Persons assigned to each category by `organ` (charter order).
  std::vector<std::int64_t> CategoryCounts(const Charter& charter,
                                           const std::string& organ) const;
};

// The cut of `base` (quantities[category][item] per person) for a period
// whose supply per item is `supply` and whose persons per category are
// `persons`: for an item whose demand Σ persons × quantity the supply
// covers, the base quantity; otherwise by the item's charter rule —
//   priority:     categories in the item's `priority` order each keep their
//                 quantity while the supply lasts; the first it cannot
//                 cover gets floor(left / persons) each; those after, 0;
//   proportional: each quantity × supply / demand, rounded down, then one
//                 more unit to each person of the categories with the
//                 largest remainders (ties: charter order) while the supply
//                 left covers the category's persons.
// Never more than the supply; exact integers.
std::vector<std::vector<std::int64_t>> RationCutTable(
    const Charter& charter, const std::vector<std::vector<std::int64_t>>& base,
    const std::vector<std::int64_t>& supply, const std::vector<std::int64_t>& persons);

// The category the register places a person in by the charter's rule
// (RationCategory::statuses, no_workplace): the first such category in
// charter order, or -1 when the food organ must decide.
int RationCategoryByRule(const Charter& charter, std::string_view status,
                         std::string_view workplace);

}  // namespace sovet

#endif  // SOVET_RATIONS_H_
