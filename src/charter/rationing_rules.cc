// [rationing]: the ration categories of 001:16–23 as data — categories and
// the register's part of the rule placing a person in one, the items and
// their units, the dated tables of a ration per category per period, and
// each item's rule for a cut (doc/charter_format.md "Rationing").
#include "charter/rationing_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string_view>

#include "charter/toml_reader.h"
#include "sovet/date.h"

namespace sovet {

int Rationing::FindCategory(std::string_view id) const {
  for (std::size_t idx = 0; idx < categories.size(); ++idx) {
    if (categories[idx].id == id) return static_cast<int>(idx);
  }
  return -1;
}

int Rationing::FindItem(std::string_view id) const {
  for (std::size_t idx = 0; idx < items.size(); ++idx) {
    if (items[idx].id == id) return static_cast<int>(idx);
  }
  return -1;
}

const RationTable* Rationing::FindTable(std::string_view id) const {
  for (const RationTable& table : tables) {
    if (table.id == id) return &table;
  }
  return nullptr;
}

namespace charter_internal {
namespace {

constexpr std::string_view kUnitNames[] = {"grams", "pieces"};  // enum class RationUnit
constexpr std::string_view kCutNames[] = {"proportional", "priority"};  // enum class RationCut
// A per-person quantity per period: at most a tonne (or a million pieces),
// so that quantity × persons stays far inside 64 bits.
constexpr std::int64_t kMaxQuantity = 1'000'000;

// Ids of categories, items and tables appear in acts and state tables.
bool IsId(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

constexpr const char* kIdWhat = "lower-case letters, digits, '_' or '-', starting with a letter";

// Each entry of the array `key` of `parent` as a table, with its reader.
Result<const toml::array*> TablesOf(const TableReader& parent, std::string_view key,
                                    bool required) {
  SOVET_TRY(const toml::array* array, parent.Array(key, required));
  if (array == nullptr) return array;
  for (std::size_t idx = 0; idx < array->size(); ++idx) {
    const toml::node& item = *array->get(idx);
    if (!item.is_table()) {
      return Error(parent.ErrorAt(item, fmt::format("{}[{}]", key, idx),
                                  fmt::format("expected a table, got {}", TypeName(item.type()))));
    }
  }
  return array;
}

Result<std::string> IdAt(const TableReader& reader, std::string_view key) {
  SOVET_TRY(auto id, reader.String(key, true));
  if (!IsId(*id)) {
    return Error(reader.ErrorAt(*reader.table().get(key), key,
                                fmt::format("expected {}, got '{}'", kIdWhat, *id)));
  }
  return *id;
}

}  // namespace

Result<void> ParseRationing(const toml::table& root, const std::string& file, Charter& charter) {
  TableReader root_reader(root, "", file);
  SOVET_TRY(const toml::table* section, root_reader.Table("rationing"));
  if (section == nullptr) return {};
  Rationing& out = charter.rationing;
  TableReader reader(*section, "rationing", file);
  SOVET_CHECK_OK(reader.AllowOnly({"organs", "cite", "category", "item", "table"}));
  SOVET_TRY(auto cite, reader.String("cite"));
  out.cite = cite.value_or("");
  SOVET_TRY(out.organs, reader.Strings(
                            "organs", true,
                            [&](std::string_view kind) {
                              return charter.FindBody(std::string(kind)) != nullptr;
                            },
                            "a body kind of this charter ([[body]] kind)"));
  if (out.organs.empty()) {
    return Error(reader.ErrorAt(*section->get("organs"), "organs",
                                "at least one body kind acts as food organ"));
  }

  // ---- categories -----------------------------------------------------------
  SOVET_TRY(const toml::array* categories, TablesOf(reader, "category", true));
  if (categories->empty()) {
    return Error(reader.ErrorAt(*categories, "category", "at least one ration category"));
  }
  for (std::size_t idx = 0; idx < categories->size(); ++idx) {
    const toml::table& table = *categories->get(idx)->as_table();
    TableReader item(table, reader.Field(fmt::format("category[{}]", idx)), file);
    SOVET_CHECK_OK(
        item.AllowOnly({"id", "label", "rule", "statuses", "no_workplace", "source"}));
    RationCategory category;
    category.where = Located(table.source(), file, item.path());
    SOVET_TRY(category.id, IdAt(item, "id"));
    if (out.FindCategory(category.id) >= 0) {
      return Error(item.ErrorAt(*table.get("id"), "id",
                                fmt::format("category '{}' is declared twice", category.id)));
    }
    SOVET_TRY(auto label, item.String("label"));
    category.label = label.value_or(category.id);
    SOVET_TRY(auto rule, item.String("rule", true));
    category.rule = *rule;
    SOVET_TRY(category.statuses,
              item.Strings(
                  "statuses", false,
                  [&](std::string_view status) {
                    const auto& excluded = charter.franchise.excluded_categories;
                    return std::find(excluded.begin(), excluded.end(), status) != excluded.end();
                  },
                  "a register status ([franchise] excluded_categories)"));
    SOVET_TRY(auto no_workplace, item.Bool("no_workplace"));
    category.no_workplace = no_workplace.value_or(false);
    SOVET_TRY(auto source, item.String("source", true));
    category.source = *source;
    out.categories.push_back(std::move(category));
  }

  // ---- items ---------------------------------------------------------------------
  SOVET_TRY(const toml::array* items, TablesOf(reader, "item", true));
  if (items->empty()) return Error(reader.ErrorAt(*items, "item", "at least one item rationed"));
  for (std::size_t idx = 0; idx < items->size(); ++idx) {
    const toml::table& table = *items->get(idx)->as_table();
    TableReader item(table, reader.Field(fmt::format("item[{}]", idx)), file);
    SOVET_CHECK_OK(item.AllowOnly({"id", "label", "unit", "cut", "priority", "source"}));
    RationItem ration_item;
    ration_item.where = Located(table.source(), file, item.path());
    SOVET_TRY(ration_item.id, IdAt(item, "id"));
    if (out.FindItem(ration_item.id) >= 0) {
      return Error(item.ErrorAt(*table.get("id"), "id",
                                fmt::format("item '{}' is declared twice", ration_item.id)));
    }
    SOVET_TRY(auto label, item.String("label"));
    ration_item.label = label.value_or(ration_item.id);
    SOVET_TRY(auto unit, item.Enum("unit", kUnitNames));
    if (!unit) {
      return Error(item.ErrorAtTable(item.Field("unit"),
                                     "missing required key 'unit' ('grams' or 'pieces')"));
    }
    ration_item.unit = static_cast<RationUnit>(*unit);
    SOVET_TRY(auto cut, item.Enum("cut", kCutNames));
    ration_item.cut = cut ? static_cast<RationCut>(*cut) : RationCut::kProportional;
    SOVET_TRY(auto priority,
              item.Strings(
                  "priority", false, [&](std::string_view id) { return out.FindCategory(id) >= 0; },
                  "a ration category's id"));
    if (ration_item.cut == RationCut::kPriority) {
      if (priority.size() != out.categories.size()) {
        const toml::node* node = table.get("priority");
        const std::string message = fmt::format(
            "cut = 'priority' needs 'priority' listing every category once ({} of them)",
            out.categories.size());
        return Error(node != nullptr ? item.ErrorAt(*node, "priority", message)
                                     : item.ErrorAtTable(item.Field("priority"), message));
      }
      for (const std::string& id : priority) {
        ration_item.priority.push_back(static_cast<std::size_t>(out.FindCategory(id)));
      }
    } else if (!priority.empty()) {
      return Error(item.ErrorAt(*table.get("priority"), "priority",
                                "'priority' applies only with cut = 'priority'"));
    }
    SOVET_TRY(auto source, item.String("source", true));
    ration_item.source = *source;
    out.items.push_back(std::move(ration_item));
  }

  // ---- tables --------------------------------------------------------------------
  SOVET_TRY(const toml::array* tables, TablesOf(reader, "table", false));
  for (std::size_t idx = 0; tables != nullptr && idx < tables->size(); ++idx) {
    const toml::table& table = *tables->get(idx)->as_table();
    TableReader item(table, reader.Field(fmt::format("table[{}]", idx)), file);
    SOVET_CHECK_OK(item.AllowOnly({"id", "from", "days", "source", "ration"}));
    RationTable ration_table;
    ration_table.where = Located(table.source(), file, item.path());
    SOVET_TRY(ration_table.id, IdAt(item, "id"));
    if (out.FindTable(ration_table.id) != nullptr) {
      return Error(item.ErrorAt(*table.get("id"), "id",
                                fmt::format("table '{}' is declared twice", ration_table.id)));
    }
    SOVET_TRY(auto from, item.String("from", true));
    if (!Date::Parse(*from)) {
      return Error(item.ErrorAt(*table.get("from"), "from",
                                fmt::format("expected a date YYYY-MM-DD, got '{}'", *from)));
    }
    ration_table.from = *from;
    SOVET_TRY(auto days, item.Int("days", 1, 366, true));
    ration_table.days = *days;
    SOVET_TRY(auto source, item.String("source", true));
    ration_table.source = *source;
    ration_table.quantities.assign(out.categories.size(),
                                   std::vector<std::int64_t>(out.items.size(), 0));
    std::vector<bool> seen(out.categories.size(), false);
    SOVET_TRY(const toml::array* rations, TablesOf(item, "ration", true));
    for (std::size_t row_idx = 0; row_idx < rations->size(); ++row_idx) {
      const toml::table& row_table = *rations->get(row_idx)->as_table();
      TableReader row(row_table, item.Field(fmt::format("ration[{}]", row_idx)), file);
      SOVET_CHECK_OK(row.AllowOnly({"category", "items", "source"}));
      SOVET_TRY(auto category, row.String("category", true));
      const int category_idx = out.FindCategory(*category);
      if (category_idx < 0) {
        return Error(row.ErrorAt(*row_table.get("category"), "category",
                                 fmt::format("unknown category '{}'; expected one of: {}",
                                             *category, [&] {
                                               std::vector<std::string> ids;
                                               for (const auto& c : out.categories) {
                                                 ids.push_back(c.id);
                                               }
                                               return JoinQuoted(ids);
                                             }())));
      }
      if (seen[static_cast<std::size_t>(category_idx)]) {
        return Error(row.ErrorAt(*row_table.get("category"), "category",
                                 fmt::format("category '{}' has two rows in this table",
                                             *category)));
      }
      seen[static_cast<std::size_t>(category_idx)] = true;
      SOVET_TRY(auto row_source, row.String("source"));
      (void)row_source;
      SOVET_TRY(const toml::table* quantities, row.Table("items", true));
      TableReader quantity_reader(*quantities, row.Field("items"), file);
      for (const auto& [key, value] : *quantities) {
        const int item_idx = out.FindItem(key.str());
        if (item_idx < 0) {
          return Error(Status::InvalidInput(
              fmt::format("unknown item '{}'; [[rationing.item]] declares the items",
                          key.str()),
              Located(key.source(), file, quantity_reader.Field(key.str()))));
        }
        SOVET_TRY(auto quantity, quantity_reader.Int(key.str(), 0, kMaxQuantity, true));
        ration_table.quantities[static_cast<std::size_t>(category_idx)]
                               [static_cast<std::size_t>(item_idx)] = *quantity;
      }
    }
    for (std::size_t category_idx = 0; category_idx < seen.size(); ++category_idx) {
      if (!seen[category_idx]) {
        return Error(item.ErrorAtTable(
            item.Field("ration"),
            fmt::format("no row for category '{}': a table gives every category its ration "
                        "(an empty `items = {{}}` for none)",
                        out.categories[category_idx].id)));
      }
    }
    out.tables.push_back(std::move(ration_table));
  }
  return {};
}

}  // namespace charter_internal
}  // namespace sovet
