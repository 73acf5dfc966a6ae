// Loading and validating charters (doc/charter_format.md is the schema).
//
// Validation is strict and positional: every error names the file, the
// line:column of the offending key or value (of the table header when a
// required key is missing) and the key path, e.g. `body[3].term[0].per`
// (array indices 0-based, as toml++ paths). Checks run in file order within a
// table, and tables in file order, so the first error reported is the first a
// reader meets.
#include "sovet/charter.h"

#include <fmt/format.h>
#include <sodium.h>
#include <toml++/toml.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "base/io.h"
#include "charter/toml_depth.h"

namespace sovet {
namespace {

constexpr std::string_view kBasisNames[] = {"inhabitants", "rural_inhabitants", "electors",
                                            "members"};
constexpr std::string_view kRoundingNames[] = {"half_up", "down", "up"};
constexpr std::string_view kMajorityNames[] = {
    "majority_of_votes_cast", "absolute_majority_of_members", "two_thirds", "unanimity"};
constexpr std::string_view kTenureNames[] = {"congress", "next_congress"};

// Identifiers of kinds: they become parts of body ids ("KIND:UNIT"), so no ':'.
bool IsKindName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsCharterId(std::string_view id) {
  if (id.empty() || id[0] == '-' || id[0] == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

std::string JoinQuoted(const auto& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += fmt::format("'{}'", name);
  }
  return out;
}

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

SourceLocation Located(const toml::source_region& region, const std::string& file,
                       std::string field) {
  return {.file = file,
          .line = static_cast<std::int64_t>(region.begin.line),
          .column = static_cast<std::int64_t>(region.begin.column),
          .field = std::move(field)};
}

// One TOML table being read: knows its key path and file so that every
// error it makes is fully located.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, const std::string& file)
      : table_(table), path_(std::move(path)), file_(file) {}

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }

  std::string Field(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }

  Status ErrorAt(const toml::node& node, std::string_view key, std::string message) const {
    return Status::InvalidInput(std::move(message), Located(node.source(), file_, Field(key)));
  }
  Status ErrorAtTable(std::string field, std::string message) const {
    SourceLocation where = Located(table_.source(), file_, std::move(field));
    if (where.line == 0) where.line = where.column = 1;  // the root table
    return Status::InvalidInput(std::move(message), std::move(where));
  }

  // The first key (in file order) that is not in `allowed`, as an error.
  Result<void> AllowOnly(std::initializer_list<std::string_view> allowed) const {
    const toml::key* first_unknown = nullptr;
    for (const auto& [key, value] : table_) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      const auto& at = key.source().begin;
      if (first_unknown == nullptr ||
          std::pair(at.line, at.column) <
              std::pair(first_unknown->source().begin.line, first_unknown->source().begin.column)) {
        first_unknown = &key;
      }
    }
    if (first_unknown == nullptr) return {};
    return Error(
        Status::InvalidInput(fmt::format("unknown key '{}'; expected one of: {}",
                                         first_unknown->str(), JoinQuoted(allowed)),
                             Located(first_unknown->source(), file_, Field(first_unknown->str()))));
  }

  Result<const toml::node*> Typed(std::string_view key, toml::node_type type, bool required) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (required) {
        return Error(ErrorAtTable(
            Field(key), fmt::format("missing required key '{}' ({})", key, TypeName(type))));
      }
      return nullptr;
    }
    if (node->type() != type) {
      return Error(ErrorAt(
          *node, key, fmt::format("expected {}, got {}", TypeName(type), TypeName(node->type()))));
    }
    return node;
  }

  Result<std::optional<std::string>> String(std::string_view key, bool required = false) const {
    SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::string, required));
    if (node == nullptr) return std::nullopt;
    return std::string(node->as_string()->get());
  }

  // An integer in [min_value, max_value]; the bounds appear in the message.
  Result<std::optional<std::int64_t>> Int(std::string_view key, std::int64_t min_value,
                                          std::int64_t max_value, bool required = false) const {
    SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::integer, required));
    if (node == nullptr) return std::nullopt;
    std::int64_t value = node->as_integer()->get();
    if (value < min_value || value > max_value) {
      std::string range = max_value == std::numeric_limits<std::int64_t>::max()
                              ? fmt::format(">= {}", min_value)
                              : fmt::format("between {} and {}", min_value, max_value);
      return Error(ErrorAt(*node, key, fmt::format("must be {}, got {}", range, value)));
    }
    return value;
  }

  Result<std::optional<bool>> Bool(std::string_view key) const {
    SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::boolean, false));
    if (node == nullptr) return std::nullopt;
    return node->as_boolean()->get();
  }

  // One of `names`; returns its index.
  template <std::size_t N>
  Result<std::optional<std::size_t>> Enum(std::string_view key,
                                          const std::string_view (&names)[N]) const {
    SOVET_TRY(auto value, String(key));
    if (!value) return std::nullopt;
    for (std::size_t idx = 0; idx < N; ++idx) {
      if (names[idx] == *value) return idx;
    }
    return Error(
        ErrorAt(*table_.get(key), key,
                fmt::format("unknown value '{}'; expected one of: {}", *value, JoinQuoted(names))));
  }

  Result<const toml::table*> Table(std::string_view key, bool required = false) const {
    SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::table, required));
    return node == nullptr ? nullptr : node->as_table();
  }

  Result<const toml::array*> Array(std::string_view key, bool required = false) const {
    SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::array, required));
    return node == nullptr ? nullptr : node->as_array();
  }

  // An array of strings, each checked by `valid` (described by `what`).
  Result<std::vector<std::string>> Strings(std::string_view key, bool required,
                                           const std::function<bool(std::string_view)>& valid,
                                           std::string_view what) const {
    SOVET_TRY(const toml::array* array, Array(key, required));
    std::vector<std::string> out;
    if (array == nullptr) return out;
    for (std::size_t idx = 0; idx < array->size(); ++idx) {
      const toml::node& item = *array->get(idx);
      std::string item_field = fmt::format("{}[{}]", key, idx);
      if (!item.is_string()) {
        return Error(ErrorAt(item, item_field,
                             fmt::format("expected {}, got {}", what, TypeName(item.type()))));
      }
      std::string value(item.as_string()->get());
      if (!valid(value)) {
        return Error(ErrorAt(item, item_field, fmt::format("expected {}, got '{}'", what, value)));
      }
      if (std::find(out.begin(), out.end(), value) != out.end()) {
        return Error(ErrorAt(item, item_field, fmt::format("'{}' is listed twice", value)));
      }
      out.push_back(std::move(value));
    }
    return out;
  }

 private:
  const toml::table& table_;
  std::string path_;
  const std::string& file_;
};

class CharterParser {
 public:
  CharterParser(const toml::table& root, const std::string& file) : root_(root), file_(file) {}

  Result<Charter> Parse();

 private:
  TableReader Reader(const toml::table& table, std::string path) const {
    return TableReader(table, std::move(path), file_);
  }

  Result<UnitCondition> Condition(const TableReader& parent, std::string_view key) const;
  Result<void> ParseHeader(Charter& charter) const;
  Result<void> ParseUnits(Charter& charter) const;
  Result<void> ParseBodies(Charter& charter) const;
  Result<BodyRule> ParseBody(const toml::table& table, std::size_t body_idx) const;
  Result<void> ParseSections(Charter& charter) const;
  Result<void> CheckBodies(Charter& charter) const;
  Result<void> OrderBodies(Charter& charter) const;

  const toml::table& root_;
  const std::string& file_;
};

Result<UnitCondition> CharterParser::Condition(const TableReader& parent,
                                               std::string_view key) const {
  UnitCondition condition;
  SOVET_TRY(const toml::table* table, parent.Table(key));
  if (table == nullptr) return condition;
  TableReader reader = Reader(*table, parent.Field(key));
  SOVET_CHECK_OK(reader.AllowOnly({"inhabitants_at_least", "inhabitants_below"}));
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  SOVET_TRY(condition.inhabitants_at_least, reader.Int("inhabitants_at_least", 0, kMax));
  SOVET_TRY(condition.inhabitants_below, reader.Int("inhabitants_below", 1, kMax));
  if (condition.inhabitants_at_least && condition.inhabitants_below &&
      *condition.inhabitants_at_least >= *condition.inhabitants_below) {
    return Error(reader.ErrorAt(
        *table->get("inhabitants_below"), "inhabitants_below",
        fmt::format("no unit can satisfy inhabitants_at_least = {} and inhabitants_below = {}",
                    *condition.inhabitants_at_least, *condition.inhabitants_below)));
  }
  return condition;
}

Result<void> CharterParser::ParseHeader(Charter& charter) const {
  TableReader root = Reader(root_, "");
  SOVET_CHECK_OK(root.AllowOnly(
      {"charter", "units", "body", "franchise", "decisions", "recall", "convocation", "terms"}));
  SOVET_TRY(const toml::table* header, root.Table("charter", true));
  TableReader reader = Reader(*header, "charter");
  SOVET_CHECK_OK(reader.AllowOnly({"id", "title", "cite", "inhabitants_label", "electors_label"}));
  SOVET_TRY(auto id, reader.String("id", true));
  if (!IsCharterId(*id)) {
    return Error(reader.ErrorAt(*header->get("id"), "id",
                                fmt::format("expected lower-case letters, digits, '-', '_' or "
                                            "'.', got '{}'",
                                            *id)));
  }
  charter.id = *id;
  SOVET_TRY(auto title, reader.String("title"));
  charter.title = title.value_or(charter.id);
  SOVET_TRY(auto cite, reader.String("cite"));
  charter.cite = cite.value_or("");
  SOVET_TRY(auto inhabitants_label, reader.String("inhabitants_label"));
  charter.inhabitants_label = inhabitants_label.value_or(charter.inhabitants_label);
  SOVET_TRY(auto electors_label, reader.String("electors_label"));
  charter.electors_label = electors_label.value_or(charter.electors_label);
  return {};
}

Result<void> CharterParser::ParseUnits(Charter& charter) const {
  TableReader root = Reader(root_, "");
  SOVET_TRY(const toml::table* units, root.Table("units", true));
  // File order, so that kinds and errors follow the reader.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, value] : *units) entries.emplace_back(&key, &value);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.first->source().begin;
    const auto& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  if (entries.empty()) {
    return Error(Status::InvalidInput("no unit kinds; a charter needs at least a root and a leaf",
                                      Located(units->source(), file_, "units")));
  }
  TableReader units_reader = Reader(*units, "units");
  for (const auto& [key, value] : entries) {
    std::string name(key->str());
    if (!IsKindName(name)) {
      return Error(Status::InvalidInput(
          fmt::format("a unit kind is a lower-case name ([a-z][a-z0-9_]*), got '{}'", name),
          Located(key->source(), file_, units_reader.Field(name))));
    }
    if (!value->is_table()) {
      return Error(units_reader.ErrorAt(
          *value, name, fmt::format("expected a table, got {}", TypeName(value->type()))));
    }
    TableReader reader = Reader(*value->as_table(), units_reader.Field(name));
    SOVET_CHECK_OK(reader.AllowOnly({"label", "parents", "figures"}));
    UnitKind kind;
    kind.name = name;
    kind.where = Located(value->source(), file_, reader.path());
    SOVET_TRY(auto label, reader.String("label"));
    kind.label = label.value_or(name);
    SOVET_TRY(auto figures, reader.Bool("figures"));
    kind.carries_figures = figures.value_or(false);
    SOVET_TRY(const toml::array* parents, reader.Array("parents"));
    if (parents != nullptr) {
      for (std::size_t idx = 0; idx < parents->size(); ++idx) {
        const toml::node& item = *parents->get(idx);
        std::string item_field = fmt::format("parents[{}]", idx);
        ParentRule rule;
        const toml::node* kind_node = &item;
        if (item.is_table()) {
          TableReader parent_reader = Reader(*item.as_table(), reader.Field(item_field));
          SOVET_CHECK_OK(parent_reader.AllowOnly({"kind", "when"}));
          SOVET_TRY(auto parent_kind, parent_reader.String("kind", true));
          rule.kind = *parent_kind;
          kind_node = item.as_table()->get("kind");
          SOVET_TRY(rule.when, Condition(parent_reader, "when"));
        } else if (item.is_string()) {
          rule.kind = std::string(item.as_string()->get());
        } else {
          return Error(
              reader.ErrorAt(item, item_field,
                             fmt::format("expected a unit kind or a table {{ kind, when }}, got {}",
                                         TypeName(item.type()))));
        }
        auto parent_entry = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) {
          return entry.first->str() == rule.kind;
        });
        if (parent_entry == entries.end()) {
          return Error(reader.ErrorAt(*kind_node, item_field,
                                      fmt::format("unknown unit kind '{}'", rule.kind)));
        }
        // Leaves carry the figures; nothing sits under a leaf.
        if (const toml::table* parent_table = parent_entry->second->as_table()) {
          const toml::node* parent_figures = parent_table->get("figures");
          if (parent_figures != nullptr && parent_figures->value_or(false)) {
            return Error(reader.ErrorAt(
                *kind_node, item_field,
                fmt::format("'{}' carries figures (a leaf), so no kind may sit under it",
                            rule.kind)));
          }
        }
        if (std::any_of(kind.parents.begin(), kind.parents.end(),
                        [&](const ParentRule& other) { return other.kind == rule.kind; })) {
          return Error(reader.ErrorAt(*kind_node, item_field,
                                      fmt::format("'{}' is listed twice", rule.kind)));
        }
        kind.parents.push_back(std::move(rule));
      }
    }
    charter.unit_kinds.push_back(std::move(kind));
  }

  // Exactly one root; figures only on leaves; every kind can reach the root.
  const UnitKind* root_kind = nullptr;
  for (const UnitKind& kind : charter.unit_kinds) {
    if (!kind.parents.empty()) continue;
    if (root_kind != nullptr) {
      return Error(Status::InvalidInput(
          fmt::format("two root unit kinds ('{}' and '{}' have no parents); exactly one kind "
                      "may be the root",
                      root_kind->name, kind.name),
          kind.where));
    }
    root_kind = &kind;
  }
  if (root_kind == nullptr) {
    return Error(Status::InvalidInput("no root unit kind: exactly one kind must have no parents",
                                      charter.unit_kinds[0].where));
  }
  if (root_kind->carries_figures) {
    return Error(Status::InvalidInput(
        "the root unit kind cannot carry figures: figures are given on the leaves",
        root_kind->where));
  }
  for (const UnitKind& kind : charter.unit_kinds) {
    for (const ParentRule& parent : kind.parents) {
      const UnitKind* parent_kind = charter.FindUnitKind(parent.kind);
      if (parent_kind->carries_figures) {
        SourceLocation where = kind.where;
        where.field += ".parents";
        return Error(Status::InvalidInput(
            fmt::format("'{}' carries figures (a leaf), so no kind may sit under it", parent.kind),
            where));
      }
    }
  }
  std::set<std::string> reaches_root = {root_kind->name};
  for (bool grew = true; grew;) {
    grew = false;
    for (const UnitKind& kind : charter.unit_kinds) {
      if (reaches_root.count(kind.name)) continue;
      for (const ParentRule& parent : kind.parents) {
        if (reaches_root.count(parent.kind)) {
          reaches_root.insert(kind.name);
          grew = true;
          break;
        }
      }
    }
  }
  for (const UnitKind& kind : charter.unit_kinds) {
    if (!reaches_root.count(kind.name)) {
      return Error(Status::InvalidInput(
          fmt::format("unit kind '{}' can never sit under the root '{}' (its parents form a cycle)",
                      kind.name, root_kind->name),
          kind.where));
    }
  }
  if (std::none_of(charter.unit_kinds.begin(), charter.unit_kinds.end(),
                   [](const UnitKind& kind) { return kind.carries_figures; })) {
    return Error(Status::InvalidInput(
        "no unit kind carries figures (figures = true); the census needs leaves",
        root_kind->where));
  }
  return {};
}

Result<BodyRule> CharterParser::ParseBody(const toml::table& table, std::size_t body_idx) const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // Seats above this are surely a mistake, and it keeps every product of two
  // seat or basis figures far inside 128 bits.
  constexpr std::int64_t kMaxSeats = 1'000'000'000;
  TableReader reader = Reader(table, fmt::format("body[{}]", body_idx));
  SOVET_CHECK_OK(reader.AllowOnly({"kind", "name", "units", "when", "rural", "seats", "term", "min",
                                   "max", "rounding", "elected_by", "election", "cite"}));
  BodyRule body;
  body.where = Located(table.source(), file_, reader.path());
  SOVET_TRY(auto kind, reader.String("kind", true));
  if (!IsKindName(*kind)) {
    return Error(reader.ErrorAt(
        *table.get("kind"), "kind",
        fmt::format("a body kind is a lower-case name ([a-z][a-z0-9_]*), got '{}'", *kind)));
  }
  body.kind = *kind;
  SOVET_TRY(auto name, reader.String("name"));
  body.name = name.value_or(body.kind);
  SOVET_TRY(auto cite, reader.String("cite"));
  body.cite = cite.value_or("");
  SOVET_TRY(body.units, reader.Strings("units", true, IsKindName, "a unit kind"));
  if (body.units.empty()) {
    return Error(
        reader.ErrorAt(*table.get("units"), "units", "a body must sit on at least one unit kind"));
  }
  SOVET_TRY(body.when, Condition(reader, "when"));
  SOVET_TRY(auto rural, reader.Bool("rural"));
  body.rural = rural.value_or(false);

  SOVET_TRY(const toml::table* seats, reader.Table("seats"));
  SOVET_TRY(const toml::array* terms, reader.Array("term"));
  SOVET_TRY(const toml::table* elected_by, reader.Table("elected_by"));
  int ways = (seats != nullptr) + (terms != nullptr) + (elected_by != nullptr);
  if (ways != 1) {
    return Error(reader.ErrorAtTable(
        reader.path(),
        fmt::format("body '{}' must have exactly one of 'seats' (directly elected), [[body.term]] "
                    "(composed of delegations) or 'elected_by'; it has {}",
                    body.kind, ways)));
  }
  if (seats == nullptr && table.get("rural") != nullptr && body.rural) {
    return Error(reader.ErrorAt(*table.get("rural"), "rural",
                                "only a directly elected body (with 'seats') can be rural"));
  }

  if (seats != nullptr) {
    for (std::string_view key : {"min", "max", "rounding"}) {
      if (const toml::node* node = table.get(key)) {
        return Error(reader.ErrorAt(
            *node, key,
            fmt::format("'{}' of a directly elected body goes inside 'seats', not beside it",
                        key)));
      }
    }
    TableReader seats_reader = Reader(*seats, reader.Field("seats"));
    SOVET_CHECK_OK(seats_reader.AllowOnly({"basis", "per", "min", "max", "rounding"}));
    DirectSeats direct;
    SOVET_TRY(auto basis, seats_reader.Enum("basis", kBasisNames));
    if (!basis)
      return Error(seats_reader.ErrorAtTable(seats_reader.Field("basis"),
                                             "missing required key 'basis' (a string)"));
    direct.basis = static_cast<Basis>(*basis);
    if (direct.basis == Basis::kMembers) {
      return Error(seats_reader.ErrorAt(
          *seats->get("basis"), "basis",
          "a directly elected body has no source body, so its basis cannot be 'members'"));
    }
    SOVET_TRY(auto per, seats_reader.Int("per", 1, kMax, true));
    direct.per = *per;
    SOVET_TRY(auto min, seats_reader.Int("min", 0, kMaxSeats));
    direct.min = min.value_or(0);
    SOVET_TRY(direct.max, seats_reader.Int("max", 0, kMaxSeats));
    if (direct.max && *direct.max < direct.min) {
      return Error(
          seats_reader.ErrorAt(*seats->get("max"), "max",
                               fmt::format("max ({}) is below min ({})", *direct.max, direct.min)));
    }
    SOVET_TRY(auto rounding, seats_reader.Enum("rounding", kRoundingNames));
    direct.rounding = static_cast<Rounding>(rounding.value_or(0));
    body.direct = direct;
  }

  if (terms != nullptr) {
    if (terms->empty()) {
      return Error(reader.ErrorAt(*terms, "term", "a composed body needs at least one term"));
    }
    for (std::size_t term_idx = 0; term_idx < terms->size(); ++term_idx) {
      const toml::node& item = *terms->get(term_idx);
      std::string term_field = fmt::format("term[{}]", term_idx);
      if (!item.is_table()) {
        return Error(reader.ErrorAt(
            item, term_field, fmt::format("expected a table, got {}", TypeName(item.type()))));
      }
      TableReader term_reader = Reader(*item.as_table(), reader.Field(term_field));
      SOVET_CHECK_OK(term_reader.AllowOnly({"source", "basis", "per", "min_per_source", "cite"}));
      CompositionTerm term;
      term.where = Located(item.source(), file_, term_reader.path());
      SOVET_TRY(auto source, term_reader.String("source", true));
      term.source = *source;
      SOVET_TRY(auto basis, term_reader.Enum("basis", kBasisNames));
      if (!basis)
        return Error(term_reader.ErrorAtTable(term_reader.Field("basis"),
                                              "missing required key 'basis' (a string)"));
      term.basis = static_cast<Basis>(*basis);
      SOVET_TRY(auto per, term_reader.Int("per", 1, kMax, true));
      term.per = *per;
      SOVET_TRY(auto min_per_source, term_reader.Int("min_per_source", 0, kMaxSeats));
      term.min_per_source = min_per_source.value_or(0);
      SOVET_TRY(auto term_cite, term_reader.String("cite"));
      term.cite = term_cite.value_or("");
      for (const CompositionTerm& other : body.terms) {
        if (other.source == term.source) {
          return Error(term_reader.ErrorAt(
              *item.as_table()->get("source"), "source",
              fmt::format("two terms draw on '{}'; merge them into one", term.source)));
        }
      }
      body.terms.push_back(std::move(term));
    }
    SOVET_TRY(body.min, reader.Int("min", 0, kMaxSeats));
    SOVET_TRY(body.max, reader.Int("max", 0, kMaxSeats));
    if (body.min && body.max && *body.max < *body.min) {
      return Error(reader.ErrorAt(*table.get("max"), "max",
                                  fmt::format("max ({}) is below min ({})", *body.max, *body.min)));
    }
    SOVET_TRY(auto rounding, reader.Enum("rounding", kRoundingNames));
    body.rounding = static_cast<Rounding>(rounding.value_or(0));
  }

  if (elected_by != nullptr) {
    for (std::string_view key : {"min", "max", "rounding"}) {
      if (const toml::node* node = table.get(key)) {
        return Error(reader.ErrorAt(
            *node, key,
            fmt::format("a body elected by another has a fixed size (elected_by.seats); '{}' "
                        "does not apply",
                        key)));
      }
    }
    TableReader elected_reader = Reader(*elected_by, reader.Field("elected_by"));
    SOVET_CHECK_OK(elected_reader.AllowOnly({"body", "seats", "portfolios"}));
    ElectedBy rule;
    SOVET_TRY(auto electing, elected_reader.String("body", true));
    rule.body = *electing;
    SOVET_TRY(auto fixed_seats, elected_reader.Int("seats", 1, kMaxSeats, true));
    rule.seats = *fixed_seats;
    SOVET_TRY(rule.portfolios,
              elected_reader.Strings(
                  "portfolios", false, [](std::string_view name) { return !name.empty(); },
                  "a non-empty portfolio name"));
    if (!rule.portfolios.empty() &&
        static_cast<std::int64_t>(rule.portfolios.size()) != rule.seats) {
      return Error(elected_reader.ErrorAt(
          *elected_by->get("portfolios"), "portfolios",
          fmt::format("{} portfolios for {} seats; name one portfolio per seat",
                      rule.portfolios.size(), rule.seats)));
    }
    body.elected_by = std::move(rule);
  }

  SOVET_TRY(const toml::table* election, reader.Table("election"));
  if (election != nullptr) {
    TableReader election_reader = Reader(*election, reader.Field("election"));
    SOVET_CHECK_OK(election_reader.AllowOnly({"method", "open"}));
    SOVET_TRY(auto method, election_reader.String("method", true));
    if (!IsElectionMethod(*method)) {
      return Error(
          election_reader.ErrorAt(*election->get("method"), "method",
                                  fmt::format("unknown counting method '{}'; expected one of: {}",
                                              *method, JoinQuoted(kElectionMethods))));
    }
    body.election.method = *method;
    SOVET_TRY(auto open, election_reader.Bool("open"));
    body.election.open = open.value_or(false);
  }
  return body;
}

Result<void> CharterParser::ParseBodies(Charter& charter) const {
  TableReader root = Reader(root_, "");
  SOVET_TRY(const toml::array* bodies, root.Array("body", true));
  if (bodies->empty()) {
    return Error(root.ErrorAt(*bodies, "body", "a charter needs at least one [[body]]"));
  }
  for (std::size_t body_idx = 0; body_idx < bodies->size(); ++body_idx) {
    const toml::node& item = *bodies->get(body_idx);
    if (!item.is_table()) {
      return Error(root.ErrorAt(item, fmt::format("body[{}]", body_idx),
                                fmt::format("expected a table, got {}", TypeName(item.type()))));
    }
    SOVET_TRY(BodyRule body, ParseBody(*item.as_table(), body_idx));
    // Cross-references that need the unit kinds (already read) are checked
    // here, where the TOML nodes are at hand for exact positions.
    TableReader reader = Reader(*item.as_table(), fmt::format("body[{}]", body_idx));
    const toml::array& units = *item.as_table()->get("units")->as_array();
    for (std::size_t unit_idx = 0; unit_idx < body.units.size(); ++unit_idx) {
      if (charter.FindUnitKind(body.units[unit_idx]) == nullptr) {
        return Error(reader.ErrorAt(*units.get(unit_idx), fmt::format("units[{}]", unit_idx),
                                    fmt::format("unknown unit kind '{}'; the [units] section "
                                                "defines {}",
                                                body.units[unit_idx], JoinQuoted([&] {
                                                  std::vector<std::string> names;
                                                  for (const UnitKind& kind : charter.unit_kinds)
                                                    names.push_back(kind.name);
                                                  return names;
                                                }()))));
      }
    }
    if (const BodyRule* earlier = charter.FindBody(body.kind)) {
      return Error(reader.ErrorAt(*item.as_table()->get("kind"), "kind",
                                  fmt::format("body kind '{}' is defined twice (first at line {})",
                                              body.kind, earlier->where.line)));
    }
    if (body.rural) {
      for (std::size_t unit_idx = 0; unit_idx < body.units.size(); ++unit_idx) {
        if (!charter.FindUnitKind(body.units[unit_idx])->carries_figures) {
          return Error(reader.ErrorAt(
              *units.get(unit_idx), fmt::format("units[{}]", unit_idx),
              fmt::format("a rural body sits on leaves only, and '{}' does not carry figures",
                          body.units[unit_idx])));
        }
      }
    }
    charter.bodies.push_back(std::move(body));
  }
  return {};
}

// Kinds that can lie (at any depth) below a unit of kind `ancestor`.
std::set<std::string> KindsBelow(const Charter& charter, const std::string& ancestor) {
  std::set<std::string> below;
  for (bool grew = true; grew;) {
    grew = false;
    for (const UnitKind& kind : charter.unit_kinds) {
      if (below.count(kind.name)) continue;
      for (const ParentRule& parent : kind.parents) {
        if (parent.kind == ancestor || below.count(parent.kind)) {
          below.insert(kind.name);
          grew = true;
          break;
        }
      }
    }
  }
  return below;
}

Result<void> CharterParser::CheckBodies(Charter& charter) const {
  const toml::array& bodies = *root_.get("body")->as_array();
  for (std::size_t body_idx = 0; body_idx < charter.bodies.size(); ++body_idx) {
    const BodyRule& body = charter.bodies[body_idx];
    const toml::table& table = *bodies.get(body_idx)->as_table();
    TableReader reader = Reader(table, fmt::format("body[{}]", body_idx));
    for (std::size_t term_idx = 0; term_idx < body.terms.size(); ++term_idx) {
      const CompositionTerm& term = body.terms[term_idx];
      const toml::node& source_node =
          *table.get("term")->as_array()->get(term_idx)->as_table()->get("source");
      std::string field = fmt::format("term[{}].source", term_idx);
      const BodyRule* source = charter.FindBody(term.source);
      if (source == nullptr) {
        return Error(reader.ErrorAt(source_node, field,
                                    fmt::format("no [[body]] has kind '{}'", term.source)));
      }
      if (source->kind == body.kind) {
        return Error(reader.ErrorAt(source_node, field, "a body cannot be composed of itself"));
      }
      // The sources must be able to lie inside the body's units, or the term
      // could never draw a delegate.
      bool can_lie_inside = false;
      for (const std::string& unit : body.units) {
        std::set<std::string> below = KindsBelow(charter, unit);
        for (const std::string& source_unit : source->units) {
          if (below.count(source_unit)) can_lie_inside = true;
        }
      }
      if (!can_lie_inside) {
        return Error(reader.ErrorAt(
            source_node, field,
            fmt::format("'{}' sits on {}, none of which can lie inside {}", term.source,
                        JoinQuoted(source->units), JoinQuoted(body.units))));
      }
    }
    if (body.elected_by) {
      const toml::node& electing_node = *table.get("elected_by")->as_table()->get("body");
      const BodyRule* electing = charter.FindBody(body.elected_by->body);
      if (electing == nullptr) {
        return Error(
            reader.ErrorAt(electing_node, "elected_by.body",
                           fmt::format("no [[body]] has kind '{}'", body.elected_by->body)));
      }
      if (electing->kind == body.kind) {
        return Error(
            reader.ErrorAt(electing_node, "elected_by.body", "a body cannot elect itself"));
      }
      // The electing body sits on the same unit or one enclosing it.
      for (const std::string& unit : body.units) {
        bool found = false;
        for (const std::string& electing_unit : electing->units) {
          if (electing_unit == unit || KindsBelow(charter, electing_unit).count(unit)) {
            found = true;
          }
        }
        if (!found) {
          return Error(
              reader.ErrorAt(electing_node, "elected_by.body",
                             fmt::format("'{}' sits on {}, none of which is or encloses a '{}'",
                                         electing->kind, JoinQuoted(electing->units), unit)));
        }
      }
    }
  }
  return OrderBodies(charter);
}

// Depth-first topological order of the body kinds; a cycle is an error at
// the first body (in file order) that lies on one.
Result<void> CharterParser::OrderBodies(Charter& charter) const {
  enum class Mark : std::uint8_t { kNone, kActive, kDone };
  std::vector<Mark> marks(charter.bodies.size(), Mark::kNone);
  std::vector<std::size_t> stack;
  auto index_of = [&](const std::string& kind) {
    return static_cast<std::size_t>(charter.FindBody(kind) - charter.bodies.data());
  };
  std::function<Result<void>(std::size_t)> visit = [&](std::size_t body_idx) -> Result<void> {
    if (marks[body_idx] == Mark::kDone) return {};
    if (marks[body_idx] == Mark::kActive) {
      auto cycle_start = std::find(stack.begin(), stack.end(), body_idx);
      std::string cycle;
      for (auto it = cycle_start; it != stack.end(); ++it) {
        cycle += charter.bodies[*it].kind + " -> ";
      }
      cycle += charter.bodies[body_idx].kind;
      std::size_t first = *std::min_element(cycle_start, stack.end());
      SourceLocation where = charter.bodies[first].where;
      return Error(Status::InvalidInput(
          fmt::format("bodies are composed of each other in a cycle: {}; apportionment must run "
                      "bottom-up",
                      cycle),
          where));
    }
    marks[body_idx] = Mark::kActive;
    stack.push_back(body_idx);
    const BodyRule& body = charter.bodies[body_idx];
    for (const CompositionTerm& term : body.terms) SOVET_CHECK_OK(visit(index_of(term.source)));
    if (body.elected_by) SOVET_CHECK_OK(visit(index_of(body.elected_by->body)));
    stack.pop_back();
    marks[body_idx] = Mark::kDone;
    charter.body_order.push_back(body_idx);
    return {};
  };
  for (std::size_t body_idx = 0; body_idx < charter.bodies.size(); ++body_idx) {
    SOVET_CHECK_OK(visit(body_idx));
  }
  return {};
}

Result<void> CharterParser::ParseSections(Charter& charter) const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  TableReader root = Reader(root_, "");
  auto fraction = [](const TableReader& reader, std::string_view num_key, std::string_view den_key,
                     std::int64_t& num, std::int64_t& den) -> Result<void> {
    SOVET_TRY(auto num_value, reader.Int(num_key, 0, kMax));
    SOVET_TRY(auto den_value, reader.Int(den_key, 1, kMax));
    if (num_value) num = *num_value;
    if (den_value) den = *den_value;
    if (num > den) {
      const toml::node* node = reader.table().get(num_value ? num_key : den_key);
      return Error(reader.ErrorAt(*node, num_value ? num_key : den_key,
                                  fmt::format("{}/{} is more than the whole", num, den)));
    }
    return {};
  };

  SOVET_TRY(const toml::table* franchise, root.Table("franchise"));
  if (franchise != nullptr) {
    TableReader reader = Reader(*franchise, "franchise");
    SOVET_CHECK_OK(reader.AllowOnly({"voting_age", "excluded_categories"}));
    SOVET_TRY(auto age, reader.Int("voting_age", 0, 150));
    charter.franchise.voting_age = age.value_or(charter.franchise.voting_age);
    SOVET_TRY(charter.franchise.excluded_categories,
              reader.Strings(
                  "excluded_categories", false, [](std::string_view name) { return !name.empty(); },
                  "a non-empty category"));
  }
  SOVET_TRY(const toml::table* decisions, root.Table("decisions"));
  if (decisions != nullptr) {
    TableReader reader = Reader(*decisions, "decisions");
    SOVET_CHECK_OK(reader.AllowOnly({"quorum_num", "quorum_den", "quorum_plus", "majority"}));
    SOVET_CHECK_OK(fraction(reader, "quorum_num", "quorum_den", charter.decisions.quorum_num,
                            charter.decisions.quorum_den));
    SOVET_TRY(auto plus, reader.Int("quorum_plus", 0, kMax));
    charter.decisions.quorum_plus = plus.value_or(charter.decisions.quorum_plus);
    SOVET_TRY(auto majority, reader.Enum("majority", kMajorityNames));
    if (majority) charter.decisions.majority = static_cast<MajorityRule>(*majority);
  }
  SOVET_TRY(const toml::table* recall, root.Table("recall"));
  if (recall != nullptr) {
    TableReader reader = Reader(*recall, "recall");
    SOVET_CHECK_OK(
        reader.AllowOnly({"petition_num", "petition_den", "majority", "by_election_at_once"}));
    SOVET_CHECK_OK(fraction(reader, "petition_num", "petition_den", charter.recall.petition_num,
                            charter.recall.petition_den));
    SOVET_TRY(auto majority, reader.Enum("majority", kMajorityNames));
    if (majority) charter.recall.majority = static_cast<MajorityRule>(*majority);
    SOVET_TRY(auto at_once, reader.Bool("by_election_at_once"));
    charter.recall.by_election_at_once = at_once.value_or(charter.recall.by_election_at_once);
  }
  SOVET_TRY(const toml::table* convocation, root.Table("convocation"));
  if (convocation != nullptr) {
    TableReader reader = Reader(*convocation, "convocation");
    SOVET_CHECK_OK(reader.AllowOnly(
        {"congress_sessions_per_year", "extraordinary_share_num", "extraordinary_share_den"}));
    SOVET_TRY(auto sessions, reader.Int("congress_sessions_per_year", 1, 366));
    charter.convocation.congress_sessions_per_year =
        sessions.value_or(charter.convocation.congress_sessions_per_year);
    SOVET_CHECK_OK(fraction(reader, "extraordinary_share_num", "extraordinary_share_den",
                            charter.convocation.extraordinary_share_num,
                            charter.convocation.extraordinary_share_den));
  }
  SOVET_TRY(const toml::table* terms, root.Table("terms"));
  if (terms != nullptr) {
    TableReader reader = Reader(*terms, "terms");
    SOVET_CHECK_OK(reader.AllowOnly({"soviet_deputy_months", "congress_delegate", "executive"}));
    SOVET_TRY(auto months, reader.Int("soviet_deputy_months", 1, 1200));
    charter.terms.soviet_deputy_months = months.value_or(charter.terms.soviet_deputy_months);
    SOVET_TRY(auto delegate, reader.Enum("congress_delegate", kTenureNames));
    if (delegate) charter.terms.congress_delegate = std::string(kTenureNames[*delegate]);
    SOVET_TRY(auto executive, reader.Enum("executive", kTenureNames));
    if (executive) charter.terms.executive = std::string(kTenureNames[*executive]);
  }
  return {};
}

Result<Charter> CharterParser::Parse() {
  Charter charter;
  SOVET_CHECK_OK(ParseHeader(charter));
  SOVET_CHECK_OK(ParseUnits(charter));
  SOVET_CHECK_OK(ParseBodies(charter));
  SOVET_CHECK_OK(CheckBodies(charter));
  SOVET_CHECK_OK(ParseSections(charter));
  return charter;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex;
  for (unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  return hex;
}

}  // namespace

bool IsElectionMethod(const std::string& name) {
  return std::find(std::begin(kElectionMethods), std::end(kElectionMethods), name) !=
         std::end(kElectionMethods);
}

const char* BasisName(Basis basis) { return kBasisNames[static_cast<std::size_t>(basis)].data(); }
const char* RoundingName(Rounding rounding) {
  return kRoundingNames[static_cast<std::size_t>(rounding)].data();
}
const char* MajorityRuleName(MajorityRule rule) {
  return kMajorityNames[static_cast<std::size_t>(rule)].data();
}

const UnitKind* Charter::FindUnitKind(const std::string& name) const {
  for (const UnitKind& kind : unit_kinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

const BodyRule* Charter::FindBody(const std::string& kind) const {
  for (const BodyRule& body : bodies) {
    if (body.kind == kind) return &body;
  }
  return nullptr;
}

Result<Charter> ParseCharter(const std::string& toml_text, const std::string& file_name) {
  if (std::size_t bad = FindInvalidUtf8(toml_text); bad != std::string::npos) {
    std::int64_t line = 1 + std::count(toml_text.begin(), toml_text.begin() + bad, '\n');
    std::size_t line_start = toml_text.rfind('\n', bad == 0 ? 0 : bad - 1);
    std::int64_t column =
        static_cast<std::int64_t>(bad - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
    return Error(
        Status::InvalidInput("invalid UTF-8", {.file = file_name, .line = line, .column = column}));
  }
  toml::table root;
  SOVET_CHECK_OK(CheckTomlDepth(toml_text, file_name));
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& error) {
    return Error(Status::InvalidInput(fmt::format("not valid TOML: {}", error.description()),
                                      Located(error.source(), file_name, "")));
  }
  CharterParser parser(root, file_name);
  SOVET_TRY(Charter charter, parser.Parse());
  charter.source_file = file_name;
  charter.sha256_hex = Sha256Hex(toml_text);
  return charter;
}

Result<Charter> LoadCharter(const std::string& path) {
  SOVET_TRY(std::string text, ReadFile(path));
  return ParseCharter(text, path);
}

}  // namespace sovet
