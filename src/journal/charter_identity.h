// The charter a journal command was given, as the journal records it. Header
// only, for the command line (which links the charter module); the journal
// library itself does not depend on charters.
#ifndef SOVET_JOURNAL_CHARTER_IDENTITY_H_
#define SOVET_JOURNAL_CHARTER_IDENTITY_H_

#include <optional>
#include <string>

#include "sovet/charter.h"
#include "sovet/journal.h"

namespace sovet::journal {

// Empty path: no charter. Otherwise the charter is loaded and validated in
// full, so a journal is never bound to a charter that does not load.
inline Result<std::optional<CharterIdentity>> LoadCharterIdentity(const std::string& path) {
  if (path.empty()) return std::optional<CharterIdentity>();
  SOVET_TRY(Charter charter, LoadCharter(path));
  return std::optional<CharterIdentity>(CharterIdentity{charter.id, charter.sha256_hex});
}

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_CHARTER_IDENTITY_H_
