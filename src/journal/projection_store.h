// Applying a Projector's tables and appliers to a store (sovet/projection.h).
#ifndef SOVET_JOURNAL_PROJECTION_STORE_H_
#define SOVET_JOURNAL_PROJECTION_STORE_H_

#include <string>
#include <string_view>
#include <vector>

#include "journal/sql.h"
#include "sovet/projection.h"

namespace sovet::journal {

inline constexpr std::string_view kLivePrefix = "state_";
inline constexpr std::string_view kReplayPrefix = "replay_";

// Every table a projector keeps: the built-in `acts` and `position`, then
// the projector's own, in registration order (the order of the digest).
std::vector<StateTable> AllStateTables(const Projector& projector);

// Creates the tables with `prefix` that do not exist; with `replace`,
// drops them first.
Result<void> CreateStateTables(SqlConnection& sql, const Projector& projector,
                               std::string_view prefix, bool replace);

// Applies entries (in seq order) inside the caller's transaction.
Result<void> ApplyEntries(SqlConnection& sql, const Projector& projector, std::string_view prefix,
                          const std::vector<Entry>& entries);

// SHA-256 over the canonical dump of the tables with `prefix`.
Result<std::string> StateDigest(SqlConnection& sql, const Projector& projector,
                                std::string_view prefix);

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_PROJECTION_STORE_H_
