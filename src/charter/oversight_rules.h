// The parser of the charter's [[oversight]] and [[appeal]] tables
// (sovet/oversight_rules.h; doc/charter_format.md "Oversight and appeals").
#ifndef SOVET_CHARTER_OVERSIGHT_RULES_H_
#define SOVET_CHARTER_OVERSIGHT_RULES_H_

#include <toml++/toml.h>

#include <string>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet::charter_internal {

// Reads [[oversight]] and [[appeal]] of `root` into charter.oversight; the
// body kinds they name must be bodies of `charter` (parsed before). Errors
// are located like every charter error (file, line:column, key path).
Result<void> ParseOversightRules(const toml::table& root, const std::string& file,
                                 Charter& charter);

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_OVERSIGHT_RULES_H_
