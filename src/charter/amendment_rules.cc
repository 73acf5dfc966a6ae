// [amendment]: which body kind amends the charter. 001:146 reserves
// amending the constitution to the Congress; a charter names its congress
// here when its root congress is not the body meant.
#include "charter/amendment_rules.h"

#include <fmt/format.h>

#include "charter/toml_reader.h"

namespace sovet::charter_internal {

Result<void> ParseAmendmentRule(const toml::table& root, const std::string& file,
                                Charter& charter) {
  TableReader top(root, "", file);
  SOVET_TRY(const toml::table* table, top.Table("amendment"));
  if (table == nullptr) return {};
  TableReader reader(*table, "amendment", file);
  SOVET_CHECK_OK(reader.AllowOnly({"body"}));
  SOVET_TRY(auto body, reader.String("body", true));
  if (charter.FindBody(*body) == nullptr) {
    return Error(reader.ErrorAt(*table->get("body"), "body",
                                fmt::format("'{}' is not a [[body]] kind of this charter", *body)));
  }
  charter.amendment.body = *body;
  charter.amendment.where = Located(table->get("body")->source(), file, "amendment.body");
  return {};
}

}  // namespace sovet::charter_internal
