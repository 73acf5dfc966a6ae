// The [control] section of a charter (workers' control, 002:426–428;
// doc/charter_format.md "Workers' control").
#ifndef SOVET_CHARTER_CONTROL_RULES_H_
#define SOVET_CHARTER_CONTROL_RULES_H_

#include <toml++/toml.h>

#include <string>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet::charter_internal {

// Reads [control] from the document's root into charter.control (left
// undefined when the section is absent). Strict like the rest of the
// charter: unknown keys, wrong types and impossible values are located
// kInvalidInput.
Result<void> ParseControlRules(const toml::table& root, const std::string& file, Charter& charter);

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_CONTROL_RULES_H_
