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
#include "base/sha256.h"
#include "charter/amendment_rules.h"
#include "charter/control_rules.h"
#include "charter/competence_rules.h"
#include "charter/oversight_rules.h"
#include "charter/rationing_rules.h"
#include "charter/toml_reader.h"

namespace sovet {
namespace {

using charter_internal::JoinQuoted;
using charter_internal::Located;
using charter_internal::ParseToml;
using charter_internal::TableReader;
using charter_internal::TypeName;

constexpr std::string_view kBasisNames[] = {"inhabitants", "rural_inhabitants", "electors",
                                            "members"};
constexpr std::string_view kRoundingNames[] = {"half_up", "down", "up"};
// The majority rules and counting methods are named by the count module
// (sovet/count_names.h); the charter spells the rules with underscores.
constexpr auto kMajorityNames = [] {
  std::array<std::string_view, kMajorityRuleNames.size()> names{};
  for (std::size_t idx = 0; idx < names.size(); ++idx) names[idx] = kMajorityRuleNames[idx].charter;
  return names;
}();

constexpr auto MethodNames() {
  std::array<std::string_view, kMethodNames.size()> names{};
  for (std::size_t idx = 0; idx < names.size(); ++idx) names[idx] = kMethodNames[idx].second;
  return names;
}
constexpr std::string_view kTenureNames[] = {"congress", "next_congress"};
// In the order of enum class QuotaDivision.
constexpr std::string_view kDivisionNames[] = {"largest_remainder", "dhondt"};
// In the order of enum class Eligible.
constexpr std::string_view kEligibleNames[] = {"members", "electors"};

// Identifiers of kinds: they become parts of body ids ("KIND:UNIT"), so no ':'.
bool IsKindName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A slate's key as the slates file writes it (doc/demo_model.md): [a-z0-9_]+.
bool IsSlateKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsCharterId(std::string_view id) {
  if (id.empty() || id[0] == '-' || id[0] == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

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
  Result<void> ParseQuotas(const TableReader& reader, const toml::array& quotas,
                           BodyRule& body) const;
  Result<BodyRule> ParseBody(const toml::table& table, std::size_t body_idx) const;
  Result<void> ParseSections(Charter& charter) const;
  Result<void> ParseLocalConvocation(const TableReader& convocation, Charter& charter) const;
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
      {"charter", "units", "body", "franchise", "decisions", "recall", "convocation", "terms",
       "control", "motions", "competence", "amendment", "oversight", "appeal", "rationing"}));
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

// [[body.quota]]: a body of fixed quotas (002:94, 004:160). The quotas
// must add up to the declared `size`, so that a slip in one figure is caught
// where it is written rather than seen as a differently sized body.
Result<void> CharterParser::ParseQuotas(const TableReader& reader, const toml::array& quotas,
                                        BodyRule& body) const {
  constexpr std::int64_t kMaxSeats = 1'000'000'000;
  const toml::table& table = reader.table();
  for (std::string_view key : {"min", "max", "rounding"}) {
    if (const toml::node* node = table.get(key)) {
      return Error(reader.ErrorAt(
          *node, key,
          fmt::format("a body of fixed quotas has the declared 'size'; '{}' does not apply", key)));
    }
  }
  if (quotas.empty()) {
    return Error(reader.ErrorAt(quotas, "quota", "a body of fixed quotas needs at least one quota"));
  }
  std::int64_t sum = 0;
  std::vector<std::string> terms;
  for (std::size_t quota_idx = 0; quota_idx < quotas.size(); ++quota_idx) {
    const toml::node& item = *quotas.get(quota_idx);
    const std::string quota_field = fmt::format("quota[{}]", quota_idx);
    if (!item.is_table()) {
      return Error(reader.ErrorAt(
          item, quota_field, fmt::format("expected a table, got {}", TypeName(item.type()))));
    }
    const toml::table& quota_table = *item.as_table();
    TableReader quota_reader = Reader(quota_table, reader.Field(quota_field));
    SOVET_CHECK_OK(quota_reader.AllowOnly(
        {"source", "units", "seats", "divide", "basis", "method", "slates", "label", "cite"}));
    Quota quota;
    quota.where = Located(item.source(), file_, quota_reader.path());
    // `source`: one body kind, or an array of kinds ("the army and the fleet").
    const toml::node* source = quota_table.get("source");
    if (source == nullptr) {
      return Error(quota_reader.ErrorAtTable(
          quota_reader.Field("source"),
          "missing required key 'source' (a body kind, or an array of body kinds)"));
    }
    if (source->is_string()) {
      quota.sources.push_back(source->as_string()->get());
      if (!IsKindName(quota.sources.back())) {
        return Error(quota_reader.ErrorAt(
            *source, "source",
            fmt::format("expected a body kind, got '{}'", quota.sources.back())));
      }
    } else if (source->is_array()) {
      SOVET_TRY(quota.sources, quota_reader.Strings("source", true, IsKindName, "a body kind"));
      if (quota.sources.empty()) {
        return Error(quota_reader.ErrorAt(*source, "source", "a quota needs at least one source"));
      }
    } else {
      return Error(quota_reader.ErrorAt(
          *source, "source",
          fmt::format("expected a body kind or an array of body kinds, got {}",
                      TypeName(source->type()))));
    }
    SOVET_TRY(quota.units, quota_reader.Strings(
                               "units", false, [](std::string_view id) { return !id.empty(); },
                               "a unit id"));
    if (quota_table.get("units") != nullptr && quota.units.empty()) {
      return Error(quota_reader.ErrorAt(*quota_table.get("units"), "units",
                                        "name at least one unit, or leave 'units' out"));
    }
    SOVET_TRY(auto seats, quota_reader.Int("seats", 1, kMaxSeats, true));
    quota.seats = *seats;
    SOVET_TRY(auto divide, quota_reader.Enum("divide", kDivisionNames));
    quota.divide = static_cast<QuotaDivision>(divide.value_or(0));
    SOVET_TRY(auto basis, quota_reader.Enum("basis", kBasisNames));
    quota.basis = static_cast<Basis>(basis.value_or(0));
    SOVET_TRY(auto method, quota_reader.String("method"));
    if (method) {
      if (!IsElectionMethod(*method)) {
        return Error(
            quota_reader.ErrorAt(*quota_table.get("method"), "method",
                                 fmt::format("unknown counting method '{}'; expected one of: {}",
                                             *method, JoinQuoted(MethodNames()))));
      }
      quota.method = *method;
    }
    // `slates`: the keys of the slates whose members may fill the quota; the
    // simulation's slates file must declare them (doc/demo_model.md).
    SOVET_TRY(quota.slates,
              quota_reader.Strings("slates", false, IsSlateKey, "a slate key ([a-z0-9_]+)"));
    if (quota_table.get("slates") != nullptr && quota.slates.empty()) {
      return Error(quota_reader.ErrorAt(*quota_table.get("slates"), "slates",
                                        "name at least one slate, or leave 'slates' out"));
    }
    SOVET_TRY(auto label, quota_reader.String("label"));
    std::string joined;
    for (const std::string& kind : quota.sources) joined += (joined.empty() ? "" : ", ") + kind;
    quota.label = label.value_or(joined);
    SOVET_TRY(auto cite, quota_reader.String("cite"));
    quota.cite = cite.value_or("");
    for (std::size_t kind_idx = 0; kind_idx < quota.sources.size(); ++kind_idx) {
      const std::string& kind = quota.sources[kind_idx];
      if (std::find(quota.sources.begin(), quota.sources.begin() + kind_idx, kind) !=
              quota.sources.begin() + kind_idx ||
          std::find(terms.begin(), terms.end(), kind) != terms.end()) {
        return Error(quota_reader.ErrorAt(
            *source, "source",
            fmt::format("two quotas draw on '{}'; a source kind fills one quota", kind)));
      }
    }
    terms.insert(terms.end(), quota.sources.begin(), quota.sources.end());
    sum += quota.seats;
    body.quotas.push_back(std::move(quota));
  }
  SOVET_TRY(auto size, reader.Int("size", 1, kMaxSeats));
  if (!size) {
    return Error(reader.ErrorAtTable(
        reader.Field("size"),
        fmt::format("missing required key 'size' (the declared total of the quotas, {})", sum)));
  }
  if (*size != sum) {
    std::string terms_sum;
    for (const Quota& quota : body.quotas) {
      terms_sum += fmt::format("{}{}", terms_sum.empty() ? "" : " + ", quota.seats);
    }
    return Error(reader.ErrorAt(
        *table.get("size"), "size",
        fmt::format("the quotas sum to {} ({}), not the declared size {}", sum, terms_sum,
                    *size)));
  }
  body.size = *size;
  return {};
}

Result<BodyRule> CharterParser::ParseBody(const toml::table& table, std::size_t body_idx) const {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // Seats above this are surely a mistake, and it keeps every product of two
  // seat or basis figures far inside 128 bits.
  constexpr std::int64_t kMaxSeats = 1'000'000'000;
  TableReader reader = Reader(table, fmt::format("body[{}]", body_idx));
  SOVET_CHECK_OK(
      reader.AllowOnly({"kind", "name", "units", "when", "rural", "seats", "term", "min", "max",
                        "rounding", "elected_by", "eligible", "election", "cite", "quota",
                        "size"}));
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
  SOVET_TRY(const toml::array* quotas, reader.Array("quota"));
  int ways =
      (seats != nullptr) + (terms != nullptr) + (elected_by != nullptr) + (quotas != nullptr);
  if (ways != 1) {
    return Error(reader.ErrorAtTable(
        reader.path(),
        fmt::format("body '{}' must have exactly one of 'seats' (directly elected), [[body.term]] "
                    "(composed of delegations), 'elected_by' or [[body.quota]] (fixed quotas); "
                    "it has {}",
                    body.kind, ways)));
  }
  if (quotas == nullptr && table.get("size") != nullptr) {
    return Error(reader.ErrorAt(*table.get("size"), "size",
                                "'size' is the declared total of a body of fixed quotas; this "
                                "body has no [[body.quota]]"));
  }
  if (quotas != nullptr) SOVET_CHECK_OK(ParseQuotas(reader, *quotas, body));
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
    SOVET_CHECK_OK(elected_reader.AllowOnly({"body", "seats", "max", "portfolios"}));
    ElectedBy rule;
    SOVET_TRY(auto electing, elected_reader.String("body", true));
    rule.body = *electing;
    // A fixed size (`seats`) or "at the maximum" (`max`, 001:144): one of them.
    const bool has_seats = elected_by->get("seats") != nullptr;
    const bool has_max = elected_by->get("max") != nullptr;
    if (has_seats == has_max) {
      return Error(elected_reader.ErrorAtTable(
          elected_reader.path(),
          has_seats ? "give either 'seats' (a fixed size) or 'max' (as many seats as the electing "
                      "body can fill, up to max), not both"
                    : "missing required key 'seats' (a fixed size) or 'max' (as many seats as "
                      "the electing body can fill, up to max)"));
    }
    SOVET_TRY(auto size, elected_reader.Int(has_seats ? "seats" : "max", 1, kMaxSeats, true));
    rule.seats = *size;
    rule.up_to = has_max;
    SOVET_TRY(rule.portfolios,
              elected_reader.Strings(
                  "portfolios", false, [](std::string_view name) { return !name.empty(); },
                  "a non-empty portfolio name"));
    if (!rule.portfolios.empty() && rule.up_to) {
      return Error(
          elected_reader.ErrorAt(*elected_by->get("portfolios"), "portfolios",
                                 "named portfolios need a fixed size: give 'seats', not 'max'"));
    }
    if (!rule.portfolios.empty() &&
        static_cast<std::int64_t>(rule.portfolios.size()) != rule.seats) {
      return Error(elected_reader.ErrorAt(
          *elected_by->get("portfolios"), "portfolios",
          fmt::format("{} portfolios for {} seats; name one portfolio per seat",
                      rule.portfolios.size(), rule.seats)));
    }
    body.elected_by = std::move(rule);
  }

  // SYSTEM.md §7.2: who may be a delegate (or be chosen by an electing body).
  SOVET_TRY(auto eligible, reader.Enum("eligible", kEligibleNames));
  if (eligible) {
    if (seats != nullptr) {
      return Error(reader.ErrorAt(*table.get("eligible"), "eligible",
                                  "a directly elected body has no sending body; 'eligible' "
                                  "applies to composed bodies and to bodies elected by another"));
    }
    body.eligible = static_cast<Eligible>(*eligible);
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
                                              *method, JoinQuoted(MethodNames()))));
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

std::set<std::string> KindsBelow(const Charter& charter, const std::string& ancestor);

// A quota's sources are body kinds of the charter, other than the body
// itself, sitting on the body's unit kinds or on kinds that can lie inside
// them (the Council of the Nation draws on the All-Russian Executive of its
// own unit, 004:160).
Result<void> CheckQuotaSources(const Charter& charter, const BodyRule& body,
                               const toml::table& table, const TableReader& reader) {
  for (std::size_t quota_idx = 0; quota_idx < body.quotas.size(); ++quota_idx) {
    const Quota& quota = body.quotas[quota_idx];
    const toml::node& source_node =
        *table.get("quota")->as_array()->get(quota_idx)->as_table()->get("source");
    const std::string field = fmt::format("quota[{}].source", quota_idx);
    for (const std::string& kind : quota.sources) {
      const BodyRule* source = charter.FindBody(kind);
      if (source == nullptr) {
        std::vector<std::string> kinds;
        for (const BodyRule& rule : charter.bodies) kinds.push_back(rule.kind);
        return Error(reader.ErrorAt(
            source_node, field,
            fmt::format("no [[body]] has kind '{}'; the charter defines {}", kind,
                        JoinQuoted(kinds))));
      }
      if (source->kind == body.kind) {
        return Error(reader.ErrorAt(source_node, field, "a body cannot be a quota of itself"));
      }
      bool can_lie_inside = false;
      for (const std::string& unit : body.units) {
        std::set<std::string> below = KindsBelow(charter, unit);
        below.insert(unit);
        for (const std::string& source_unit : source->units) {
          if (below.count(source_unit)) can_lie_inside = true;
        }
      }
      if (!can_lie_inside) {
        return Error(reader.ErrorAt(
            source_node, field,
            fmt::format("'{}' sits on {}, none of which is or can lie inside {}", kind,
                        JoinQuoted(source->units), JoinQuoted(body.units))));
      }
    }
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
    SOVET_CHECK_OK(CheckQuotaSources(charter, body, table, reader));
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
    for (const Quota& quota : body.quotas) {
      for (const std::string& source : quota.sources) SOVET_CHECK_OK(visit(index_of(source)));
    }
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

// [[convocation.local]]: SYSTEM.md §7.2 decision, local congresses meet at
// least once in every soviet term and before each All-Russian Congress.
Result<void> CharterParser::ParseLocalConvocation(const TableReader& convocation,
                                                  Charter& charter) const {
  SOVET_TRY(const toml::array* locals, convocation.Array("local"));
  if (locals == nullptr) return {};
  for (std::size_t idx = 0; idx < locals->size(); ++idx) {
    const toml::node& item = *locals->get(idx);
    const std::string item_field = fmt::format("local[{}]", idx);
    if (!item.is_table()) {
      return Error(convocation.ErrorAt(
          item, item_field, fmt::format("expected a table, got {}", TypeName(item.type()))));
    }
    const toml::table& table = *item.as_table();
    TableReader reader = Reader(table, convocation.Field(item_field));
    SOVET_CHECK_OK(reader.AllowOnly({"bodies", "sessions", "months", "before", "cite"}));
    LocalConvocation local;
    local.where = Located(table.source(), file_, reader.path());
    SOVET_TRY(local.bodies, reader.Strings("bodies", true, IsKindName, "a body kind"));
    if (local.bodies.empty()) {
      return Error(reader.ErrorAt(*table.get("bodies"), "bodies", "name at least one body kind"));
    }
    const toml::array& bodies = *table.get("bodies")->as_array();
    for (std::size_t body_idx = 0; body_idx < local.bodies.size(); ++body_idx) {
      const std::string& kind = local.bodies[body_idx];
      const std::string field = fmt::format("bodies[{}]", body_idx);
      const BodyRule* rule = charter.FindBody(kind);
      if (rule == nullptr) {
        return Error(reader.ErrorAt(*bodies.get(body_idx), field,
                                    fmt::format("no [[body]] has kind '{}'", kind)));
      }
      if (rule->terms.empty()) {
        return Error(reader.ErrorAt(
            *bodies.get(body_idx), field,
            fmt::format("'{}' is not a congress (composed of delegations); only congresses are "
                        "convened (a soviet's term is [terms], an elected body's its electing "
                        "body's)",
                        kind)));
      }
      if (charter.convocation.LocalFor(kind) != nullptr) {
        return Error(reader.ErrorAt(
            *bodies.get(body_idx), field,
            fmt::format("'{}' already has its convocation in an earlier [[convocation.local]]",
                        kind)));
      }
    }
    SOVET_TRY(auto sessions, reader.Int("sessions", 1, 366, true));
    local.sessions = *sessions;
    const toml::node* months = table.get("months");
    if (months == nullptr) {
      return Error(reader.ErrorAtTable(
          reader.Field("months"),
          "missing required key 'months' (an integer number of months, or \"soviet_term\")"));
    }
    if (months->is_string() && months->as_string()->get() == "soviet_term") {
      local.every_soviet_term = true;
    } else if (months->is_integer()) {
      SOVET_TRY(auto count, reader.Int("months", 1, 1200, true));
      local.months = *count;
    } else {
      return Error(reader.ErrorAt(
          *months, "months",
          fmt::format("expected an integer number of months (1 to 1200) or \"soviet_term\", got {}",
                      months->is_string() ? fmt::format("'{}'", months->as_string()->get())
                                          : std::string(TypeName(months->type())))));
    }
    SOVET_TRY(auto before, reader.String("before"));
    if (before) {
      const BodyRule* rule = charter.FindBody(*before);
      if (rule == nullptr) {
        return Error(reader.ErrorAt(*table.get("before"), "before",
                                    fmt::format("no [[body]] has kind '{}'", *before)));
      }
      if (std::find(local.bodies.begin(), local.bodies.end(), *before) != local.bodies.end()) {
        return Error(reader.ErrorAt(*table.get("before"), "before",
                                    fmt::format("'{}' cannot meet before itself", *before)));
      }
      local.before = *before;
    }
    SOVET_TRY(auto cite, reader.String("cite"));
    local.cite = cite.value_or("");
    charter.convocation.local.push_back(std::move(local));
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
    if (majority) charter.decisions.majority = kMajorityRuleNames[*majority].rule;
  }
  SOVET_TRY(const toml::table* recall, root.Table("recall"));
  if (recall != nullptr) {
    TableReader reader = Reader(*recall, "recall");
    SOVET_CHECK_OK(
        reader.AllowOnly({"petition_num", "petition_den", "majority", "by_election_at_once"}));
    SOVET_CHECK_OK(fraction(reader, "petition_num", "petition_den", charter.recall.petition_num,
                            charter.recall.petition_den));
    SOVET_TRY(auto majority, reader.Enum("majority", kMajorityNames));
    if (majority) charter.recall.majority = kMajorityRuleNames[*majority].rule;
    SOVET_TRY(auto at_once, reader.Bool("by_election_at_once"));
    charter.recall.by_election_at_once = at_once.value_or(charter.recall.by_election_at_once);
  }
  SOVET_TRY(const toml::table* convocation, root.Table("convocation"));
  if (convocation != nullptr) {
    TableReader reader = Reader(*convocation, "convocation");
    SOVET_CHECK_OK(reader.AllowOnly({"congress_sessions_per_year", "extraordinary_share_num",
                                     "extraordinary_share_den", "local"}));
    SOVET_TRY(auto sessions, reader.Int("congress_sessions_per_year", 1, 366));
    charter.convocation.congress_sessions_per_year =
        sessions.value_or(charter.convocation.congress_sessions_per_year);
    SOVET_CHECK_OK(fraction(reader, "extraordinary_share_num", "extraordinary_share_den",
                            charter.convocation.extraordinary_share_num,
                            charter.convocation.extraordinary_share_den));
    SOVET_CHECK_OK(ParseLocalConvocation(reader, charter));
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
  // "soviet_term" is read once [terms] is, whatever the order of the tables.
  for (LocalConvocation& local : charter.convocation.local) {
    if (local.every_soviet_term) local.months = charter.terms.soviet_deputy_months;
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
  SOVET_CHECK_OK(charter_internal::ParseAmendmentRule(root_, file_, charter));
  SOVET_CHECK_OK(charter_internal::ParseControlRules(root_, file_, charter));
  SOVET_CHECK_OK(charter_internal::ParseCompetences(root_, file_, charter));
  SOVET_CHECK_OK(charter_internal::ParseOversightRules(root_, file_, charter));
  SOVET_CHECK_OK(charter_internal::ParseRationing(root_, file_, charter));  // [rationing]
  return charter;
}

}  // namespace

bool IsElectionMethod(const std::string& name) { return FindMethod(name).has_value(); }

const char* BasisName(Basis basis) { return kBasisNames[static_cast<std::size_t>(basis)].data(); }
const char* RoundingName(Rounding rounding) {
  return kRoundingNames[static_cast<std::size_t>(rounding)].data();
}
const char* MajorityRuleName(MajorityRule rule) {
  for (const MajorityRuleSpelling& spelling : kMajorityRuleNames) {
    if (spelling.rule == rule) return spelling.charter.data();
  }
  return "unknown";
}

const char* EligibleName(Eligible eligible) {
  return kEligibleNames[static_cast<std::size_t>(eligible)].data();
}

const char* QuotaDivisionName(QuotaDivision division) {
  return kDivisionNames[static_cast<std::size_t>(division)].data();
}

const Quota* BodyRule::QuotaFrom(std::string_view source_kind) const {
  for (const Quota& quota : quotas) {
    if (std::find(quota.sources.begin(), quota.sources.end(), source_kind) != quota.sources.end())
      return &quota;
  }
  return nullptr;
}

const std::string& BodyRule::MethodFrom(const std::string& source_kind) const {
  const Quota* quota = QuotaFrom(source_kind);
  return quota != nullptr && !quota->method.empty() ? quota->method : election.method;
}

const LocalConvocation* Convocation::LocalFor(const std::string& kind) const {
  for (const LocalConvocation& entry : local) {
    if (std::find(entry.bodies.begin(), entry.bodies.end(), kind) != entry.bodies.end()) {
      return &entry;
    }
  }
  return nullptr;
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
  SOVET_TRY(toml::table root, ParseToml(toml_text, file_name));
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
