// [motions.<kind>] and [[competence]] (doc/charter_format.md "Motions and
// competences"): the kinds of motion, the rule each passes by (001:62,
// 004:21, 004:36, 002:265), whether it is essential (approved by the higher
// organ before it takes effect, 001:144) or reserved to some body kinds
// (amending the charter, ratifying peace: the Congress only, 001:146), and
// which body kinds may adopt which kinds (their own subtree: SYSTEM.md §7.3).
#include "charter/competence_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "charter/toml_reader.h"

namespace sovet {

const MotionKind* Competences::FindMotionKind(const std::string& name) const {
  for (const MotionKind& kind : motion_kinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

const Competence* Competences::Allowing(const std::string& body_kind,
                                        const std::string& motion_kind) const {
  for (const Competence& rule : rules) {
    if (std::find(rule.bodies.begin(), rule.bodies.end(), body_kind) != rule.bodies.end() &&
        std::find(rule.motions.begin(), rule.motions.end(), motion_kind) != rule.motions.end()) {
      return &rule;
    }
  }
  return nullptr;
}

namespace charter_internal {
namespace {

// Motion kinds become act fields and keys: the same spelling as body kinds.
bool IsMotionKindName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

constexpr auto kRuleNames = [] {
  std::array<std::string_view, kMajorityRuleNames.size()> names{};
  for (std::size_t idx = 0; idx < names.size(); ++idx) names[idx] = kMajorityRuleNames[idx].charter;
  return names;
}();

}  // namespace

Result<void> ParseCompetences(const toml::table& root, const std::string& file, Charter& charter) {
  TableReader top(root, "", file);
  auto is_body = [&charter](std::string_view kind) {
    return charter.FindBody(std::string(kind)) != nullptr;
  };
  SOVET_TRY(const toml::table* motions, top.Table("motions"));
  if (motions != nullptr) {
    TableReader motions_reader(*motions, "motions", file);
    for (const auto& [key, node] : *motions) {
      const std::string name(key.str());
      if (!IsMotionKindName(name)) {
        return Error(motions_reader.ErrorAt(
            node, name, "expected a motion kind of lower-case letters, digits and '_'"));
      }
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        return Error(motions_reader.ErrorAt(
            node, name, fmt::format("expected a table [motions.{}], got {}", name,
                                    TypeName(node.type()))));
      }
      TableReader reader(*table, motions_reader.Field(name), file);
      SOVET_CHECK_OK(reader.AllowOnly(
          {"label", "majority", "abstentions_allowed", "essential", "reserved_to", "cite"}));
      MotionKind kind;
      kind.name = name;
      kind.where = Located(table->source(), file, reader.path());
      SOVET_TRY(auto label, reader.String("label"));
      kind.label = label.value_or(name);
      SOVET_TRY(auto majority, reader.Enum("majority", kRuleNames));
      kind.majority = majority ? kMajorityRuleNames[*majority].rule : charter.decisions.majority;
      SOVET_TRY(auto abstentions, reader.Bool("abstentions_allowed"));
      kind.abstentions_allowed = abstentions.value_or(true);
      SOVET_TRY(auto essential, reader.Bool("essential"));
      kind.essential = essential.value_or(false);
      SOVET_TRY(kind.reserved_to,
                reader.Strings("reserved_to", false, is_body, "a body kind of this charter"));
      SOVET_TRY(auto cite, reader.String("cite", true));
      kind.cite = *cite;
      charter.competences.motion_kinds.push_back(std::move(kind));
    }
  }
  SOVET_TRY(const toml::array* rules, top.Array("competence"));
  if (rules != nullptr) {
    const Competences& known = charter.competences;
    for (std::size_t idx = 0; idx < rules->size(); ++idx) {
      const toml::node& node = *rules->get(idx);
      const std::string path = fmt::format("competence[{}]", idx);
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        return Error(top.ErrorAt(node, path,
                                 fmt::format("expected a table [[competence]], got {}",
                                             TypeName(node.type()))));
      }
      TableReader reader(*table, path, file);
      SOVET_CHECK_OK(reader.AllowOnly({"bodies", "motions", "cite"}));
      Competence rule;
      rule.index = idx;
      rule.where = Located(table->source(), file, path);
      SOVET_TRY(rule.bodies, reader.Strings("bodies", true, is_body, "a body kind of this charter"));
      SOVET_TRY(rule.motions,
                reader.Strings(
                    "motions", true,
                    [&known](std::string_view name) {
                      return known.FindMotionKind(std::string(name)) != nullptr;
                    },
                    "a motion kind defined by a [motions.<kind>] table"));
      SOVET_TRY(auto cite, reader.String("cite", true));
      rule.cite = *cite;
      charter.competences.rules.push_back(std::move(rule));
    }
  }
  return {};
}

}  // namespace charter_internal
}  // namespace sovet
