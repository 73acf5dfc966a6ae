// [[oversight]] and [[appeal]]: who may annul, suspend or approve whose
// decisions, and who may appeal them to whom, within how long (001:144,
// 001:146; doc/charter_format.md "Oversight and appeals").
#include "charter/oversight_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

#include "charter/toml_reader.h"
#include "sovet/oversight_rules.h"

namespace sovet {

namespace {

// In the order of enum class OversightPower.
constexpr std::array<std::string_view, 3> kPowerNames = {"annul", "suspend", "approve"};

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

const char* OversightPowerName(OversightPower power) {
  return kPowerNames[static_cast<std::size_t>(power)].data();
}

bool OversightRule::Has(OversightPower power) const {
  return std::find(powers.begin(), powers.end(), power) != powers.end();
}

bool OversightRule::Over(std::string_view kind) const { return Contains(over, kind); }

bool AppealRule::AppliesTo(std::string_view body_kind, std::string_view motion_kind) const {
  return Contains(decisions_of, body_kind) &&
         (motion_kinds.empty() || Contains(motion_kinds, motion_kind));
}

bool AppealRule::GoesTo(std::string_view organ_kind) const { return Contains(to, organ_kind); }

bool AppealRule::SeatIn(std::string_view body_kind) const { return Contains(seat_in, body_kind); }

const OversightRule* OversightRules::Find(std::string_view organ, std::string_view over,
                                          OversightPower power) const {
  for (const OversightRule& rule : rules) {
    if (rule.organ == organ && rule.Over(over) && rule.Has(power)) return &rule;
  }
  return nullptr;
}

bool OversightRules::Approvable(std::string_view body_kind) const {
  return std::any_of(rules.begin(), rules.end(), [&](const OversightRule& rule) {
    return rule.Over(body_kind) && rule.Has(OversightPower::kApprove);
  });
}

const AppealRule* OversightRules::FindAppeal(std::string_view id) const {
  for (const AppealRule& rule : appeals) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

namespace charter_internal {
namespace {

bool IsName(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A list of body kinds of the charter (`required`: at least one).
Result<std::vector<std::string>> BodyKinds(const TableReader& reader, const toml::table& table,
                                           std::string_view key, bool required,
                                           const Charter& charter) {
  SOVET_TRY(std::vector<std::string> kinds, reader.Strings(key, required, IsName, "a body kind"));
  const toml::node* node = table.get(key);
  if (required && kinds.empty()) {
    return Error(reader.ErrorAt(*node, key, "name at least one body kind"));
  }
  for (std::size_t idx = 0; idx < kinds.size(); ++idx) {
    if (charter.FindBody(kinds[idx]) == nullptr) {
      return Error(reader.ErrorAt(*node->as_array()->get(idx), fmt::format("{}[{}]", key, idx),
                                  fmt::format("no [[body]] has kind '{}'", kinds[idx])));
    }
  }
  return kinds;
}

// The tables of an array of tables `key` of the root, each with its reader.
Result<void> EachTable(const TableReader& root, std::string_view key, const std::string& file,
                       const std::function<Result<void>(const TableReader&,
                                                        const toml::table&)>& visit) {
  SOVET_TRY(const toml::array* items, root.Array(key));
  if (items == nullptr) return {};
  for (std::size_t idx = 0; idx < items->size(); ++idx) {
    const toml::node& item = *items->get(idx);
    const std::string field = fmt::format("{}[{}]", key, idx);
    if (!item.is_table()) {
      return Error(root.ErrorAt(item, field,
                                fmt::format("expected a table, got {}", TypeName(item.type()))));
    }
    TableReader reader(*item.as_table(), field, file);
    SOVET_CHECK_OK(visit(reader, *item.as_table()));
  }
  return {};
}

}  // namespace

Result<void> ParseOversightRules(const toml::table& root, const std::string& file,
                                 Charter& charter) {
  TableReader root_reader(root, "", file);
  SOVET_CHECK_OK(EachTable(
      root_reader, "oversight", file,
      [&](const TableReader& reader, const toml::table& table) -> Result<void> {
        SOVET_CHECK_OK(reader.AllowOnly({"organ", "over", "powers", "cite"}));
        OversightRule rule;
        rule.where = Located(table.source(), file, reader.path());
        SOVET_TRY(auto organ, reader.String("organ", true));
        if (charter.FindBody(*organ) == nullptr) {
          return Error(reader.ErrorAt(*table.get("organ"), "organ",
                                      fmt::format("no [[body]] has kind '{}'", *organ)));
        }
        rule.organ = *organ;
        SOVET_TRY(rule.over, BodyKinds(reader, table, "over", true, charter));
        if (Contains(rule.over, rule.organ)) {
          return Error(reader.ErrorAt(
              *table.get("over"), "over",
              fmt::format("'{}' oversees itself: an organ oversees the bodies below it (001:144)",
                          rule.organ)));
        }
        SOVET_TRY(std::vector<std::string> powers,
                  reader.Strings(
                      "powers", true,
                      [](std::string_view name) {
                        return std::find(kPowerNames.begin(), kPowerNames.end(), name) !=
                               kPowerNames.end();
                      },
                      fmt::format("one of {}", JoinQuoted(kPowerNames))));
        if (powers.empty()) {
          return Error(reader.ErrorAt(*table.get("powers"), "powers",
                                      fmt::format("name at least one of {}",
                                                  JoinQuoted(kPowerNames))));
        }
        for (const std::string& power : powers) {
          rule.powers.push_back(static_cast<OversightPower>(
              std::find(kPowerNames.begin(), kPowerNames.end(), power) - kPowerNames.begin()));
        }
        SOVET_TRY(auto cite, reader.String("cite"));
        rule.cite = cite.value_or("");
        charter.oversight.rules.push_back(std::move(rule));
        return {};
      }));
  return EachTable(
      root_reader, "appeal", file,
      [&](const TableReader& reader, const toml::table& table) -> Result<void> {
        SOVET_CHECK_OK(reader.AllowOnly({"id", "decisions_of", "motion_kinds", "standing",
                                         "seat_in", "electors", "to", "days", "suspensive",
                                         "cite"}));
        AppealRule rule;
        rule.where = Located(table.source(), file, reader.path());
        SOVET_TRY(auto id, reader.String("id", true));
        if (!IsName(*id)) {
          return Error(reader.ErrorAt(
              *table.get("id"), "id",
              fmt::format("expected lower-case letters, digits and '_', got '{}'", *id)));
        }
        if (charter.oversight.FindAppeal(*id) != nullptr) {
          return Error(reader.ErrorAt(*table.get("id"), "id",
                                      fmt::format("an earlier [[appeal]] has id '{}'", *id)));
        }
        rule.id = *id;
        SOVET_TRY(rule.decisions_of, BodyKinds(reader, table, "decisions_of", true, charter));
        SOVET_TRY(rule.motion_kinds,
                  reader.Strings("motion_kinds", false, IsName, "a motion kind"));
        for (std::size_t idx = 0; idx < rule.motion_kinds.size(); ++idx) {
          if (charter.competences.FindMotionKind(rule.motion_kinds[idx]) == nullptr) {
            return Error(reader.ErrorAt(
                *table.get("motion_kinds")->as_array()->get(idx),
                fmt::format("motion_kinds[{}]", idx),
                fmt::format("no [motions.{}] table defines motion kind '{}'",
                            rule.motion_kinds[idx], rule.motion_kinds[idx])));
          }
        }
        SOVET_TRY(auto standing, reader.String("standing", true));
        rule.standing = *standing;
        SOVET_TRY(rule.seat_in, BodyKinds(reader, table, "seat_in", false, charter));
        SOVET_TRY(auto electors, reader.Bool("electors"));
        rule.electors = electors.value_or(false);
        if (rule.seat_in.empty() && !rule.electors) {
          return Error(reader.ErrorAtTable(
              reader.Field("seat_in"),
              "no one has standing: give seat_in (body kinds whose members may appeal) or "
              "electors = true"));
        }
        SOVET_TRY(rule.to, BodyKinds(reader, table, "to", true, charter));
        SOVET_TRY(auto days, reader.Int("days", 0, 3660, true));
        rule.days = *days;
        SOVET_TRY(auto suspensive, reader.Bool("suspensive"));
        if (!suspensive) {
          return Error(reader.ErrorAtTable(
              reader.Field("suspensive"),
              "missing required key 'suspensive' (true or false: whether lodging the appeal "
              "suspends the decision)"));
        }
        rule.suspensive = *suspensive;
        SOVET_TRY(auto cite, reader.String("cite"));
        rule.cite = cite.value_or("");
        charter.oversight.appeals.push_back(std::move(rule));
        return {};
      });
}

}  // namespace charter_internal
}  // namespace sovet
