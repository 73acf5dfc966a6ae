// [amendment] of a charter (doc/charter_format.md "Amending the charter").
#ifndef SOVET_CHARTER_AMENDMENT_RULES_H_
#define SOVET_CHARTER_AMENDMENT_RULES_H_

#include <string>

#include <toml++/toml.h>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet::charter_internal {

// Reads the optional [amendment] table of `root` (key `body`: a body kind of
// the charter) into charter.amendment; called once the bodies are parsed.
Result<void> ParseAmendmentRule(const toml::table& root, const std::string& file,
                                Charter& charter);

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_AMENDMENT_RULES_H_
