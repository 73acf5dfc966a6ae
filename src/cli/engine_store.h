// What every operator command that writes acts (register, election,
// recall, session) opens: the journal, its charter and the engine's state
// rebuilt from its acts.
#ifndef SOVET_CLI_ENGINE_STORE_H_
#define SOVET_CLI_ENGINE_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_util.h"
#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet::cli {

struct EngineStore {
  std::unique_ptr<Journal> journal;
  std::unique_ptr<Charter> charter;  // on the heap: the engine refers to it
  std::unique_ptr<Engine> engine;
  // The charter in force on `on`: the genesis charter or a recorded
  // amendment (sovet/charter_history.h). Commands that compute what an act
  // records (signatures needed, terms) use the charter of the act's date.
  const Charter& InForce(Date on) const;
};

// Opens the journal at `db` (for writing when `writable`, signing with the
// key at `key`), finds its charter (`charter`, else the shipped file the
// genesis names; a `charter` that is one of the journal's amended texts is
// accepted too, the genesis charter then being the shipped one) and rebuilds the engine's state from its acts, each
// through the engine's rules. No engine journal is attached: the caller
// attaches one or appends the acts itself. A journal bound to no charter is
// kFailedPrecondition whose message says `needs_charter` (what the charter
// is needed for).
Result<EngineStore> OpenEngineStore(const std::string& db, const std::string& key,
                                    const std::string& charter, bool writable,
                                    std::string_view needs_charter);

// The flags of an operator's command that appends acts (or reads what they
// made): the journal, its node key, its charter, the act's date and the
// output's format.
struct ActFlags {
  std::string db = kDefaultDb;
  std::string key;
  std::string charter;
  std::string date;
  std::string format = "text";
};
// Adds --db, --charter and --format, and when `writes` --key and a required
// --date, bound to `flags`.
void AddActOptions(CLI::App* sub, ActFlags& flags, bool writes);

// The date a flag gives (`--date`, `--on`): ISO 8601, located at the flag.
Result<Date> DateFlag(const std::string& text, const char* flag);

// Appends acts the engine accepted (in memory), in order, and waits until
// every one is durable. When an append fails (typically another operator
// appended first) the journal is read again through `reopen` and the acts
// not appended are checked again, so that the user sees the rule the other's
// act now makes them break (exit 2) rather than the store's error.
Result<std::vector<Appended>> AppendAll(EngineStore& store,
                                        const std::function<Result<EngineStore>()>& reopen,
                                        const std::vector<Act>& acts);

}  // namespace sovet::cli

#endif  // SOVET_CLI_ENGINE_STORE_H_
