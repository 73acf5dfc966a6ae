// [control]: workers' control as charter data (002:426–428).
#include "charter/control_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "charter/toml_reader.h"

namespace sovet::charter_internal {
namespace {

constexpr std::array<std::string_view, 3> kElectorateColumns = {"workers", "employees",
                                                                "technical_staff"};

bool IsKindName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsWord(std::string_view name) { return IsKindName(name); }

Result<ControlOrgan> ParseOrgan(const TableReader& parent, std::string_view key,
                                const std::string& file) {
  SOVET_TRY(const toml::table* table, parent.Table(key, true));
  TableReader reader(*table, parent.Field(key), file);
  SOVET_CHECK_OK(reader.AllowOnly({"kind", "label", "cite"}));
  ControlOrgan organ;
  SOVET_TRY(auto kind, reader.String("kind", true));
  if (!IsKindName(*kind)) {
    return Error(reader.ErrorAt(*table->get("kind"), "kind",
                                fmt::format("expected a body kind of lower-case letters, digits "
                                            "and '_', got '{}'",
                                            *kind)));
  }
  organ.kind = *kind;
  SOVET_TRY(auto label, reader.String("label"));
  organ.label = label.value_or(organ.kind);
  SOVET_TRY(auto cite, reader.String("cite", true));
  organ.cite = *cite;
  return organ;
}

}  // namespace

Result<void> ParseControlRules(const toml::table& root, const std::string& file,
                               Charter& charter) {
  TableReader top(root, "", file);
  SOVET_TRY(const toml::table* table, top.Table("control"));
  if (table == nullptr) return {};
  TableReader reader(*table, "control", file);
  SOVET_CHECK_OK(reader.AllowOnly({"cite", "electorate", "information", "appeal_days",
                                   "appeal_suspends", "enterprise", "local", "central"}));
  ControlRules rules;
  rules.defined = true;
  SOVET_TRY(auto cite, reader.String("cite", true));
  rules.cite = *cite;
  SOVET_TRY(rules.electorate,
            reader.Strings(
                "electorate", true,
                [](std::string_view name) {
                  return std::find(kElectorateColumns.begin(), kElectorateColumns.end(), name) !=
                         kElectorateColumns.end();
                },
                "one of 'workers', 'employees', 'technical_staff'"));
  if (rules.electorate.empty()) {
    return Error(reader.ErrorAtTable(reader.Field("electorate"),
                                     "expected at least one column of the enterprise record"));
  }
  SOVET_TRY(rules.information,
            reader.Strings("information", true, &IsWord,
                           "a word of lower-case letters, digits and '_'"));
  if (rules.information.empty()) {
    return Error(reader.ErrorAtTable(reader.Field("information"),
                                     "expected at least one kind of document an organ may "
                                     "request"));
  }
  SOVET_TRY(auto days, reader.Int("appeal_days", 0, 366, true));
  rules.appeal_days = *days;
  SOVET_TRY(auto suspends, reader.Bool("appeal_suspends"));
  rules.appeal_suspends = suspends.value_or(false);
  SOVET_TRY(rules.enterprise, ParseOrgan(reader, "enterprise", file));
  SOVET_TRY(rules.local, ParseOrgan(reader, "local", file));
  SOVET_TRY(rules.central, ParseOrgan(reader, "central", file));
  if (rules.enterprise.kind == rules.local.kind || rules.enterprise.kind == rules.central.kind ||
      rules.local.kind == rules.central.kind) {
    return Error(reader.ErrorAtTable(reader.Field("central"),
                                     "expected three different kinds for the enterprise's organ, "
                                     "the local councils and the central council"));
  }
  for (const BodyRule& body : charter.bodies) {
    for (const std::string* kind :
         {&rules.enterprise.kind, &rules.local.kind, &rules.central.kind}) {
      if (body.kind == *kind) {
        return Error(reader.ErrorAtTable(
            reader.Field("enterprise"),
            fmt::format("'{}' is already the kind of a [[body]]: control organs are not "
                        "apportioned from the census, give them kinds of their own",
                        *kind)));
      }
    }
  }
  charter.control = std::move(rules);
  return {};
}

}  // namespace sovet::charter_internal
