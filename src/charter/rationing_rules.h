// The [rationing] section of a charter (doc/charter_format.md "Rationing";
// sovet/charter.h Rationing): parsed after the bodies, so that `organs`
// can name body kinds.
#ifndef SOVET_CHARTER_RATIONING_RULES_H_
#define SOVET_CHARTER_RATIONING_RULES_H_

#include <toml++/toml.h>

#include <string>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet::charter_internal {

// Reads root["rationing"] (absent: charter.rationing stays empty). Every
// error is kInvalidInput naming the file, line:column and key path.
Result<void> ParseRationing(const toml::table& root, const std::string& file, Charter& charter);

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_RATIONING_RULES_H_
