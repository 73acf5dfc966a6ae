#include "cli/engine_store.h"

#include <fmt/format.h>

#include <optional>

#include "journal/charter_identity.h"

namespace sovet::cli {

Result<EngineStore> OpenEngineStore(const std::string& db, const std::string& key,
                                    const std::string& charter, bool writable,
                                    std::string_view needs_charter) {
  SOVET_TRY(auto identity, journal::LoadCharterIdentity(charter));
  EngineStore store;
  SOVET_TRY(store.journal, Journal::Open(OpenOptions{.url = db,
                                                     .writable = writable,
                                                     .key_path = key,
                                                     .charter = identity,
                                                     .projector = &EngineProjector()}));
  SOVET_TRY(std::optional<Charter> found, FindJournalCharter(store.journal->genesis(), charter));
  if (!found) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} is bound to no charter: {} (sovet init --charter FILE)",
                    store.journal->display_url(), needs_charter),
        SourceLocation{.field = "--db"}));
  }
  store.charter = std::make_unique<Charter>(std::move(*found));
  store.engine = std::make_unique<Engine>(*store.charter, EngineOptions{});
  SOVET_TRY(std::int64_t loaded, store.engine->LoadJournal(*store.journal));
  (void)loaded;
  return store;
}

void AddActOptions(CLI::App* sub, ActFlags& flags, bool writes) {
  AddDbOption(sub, flags.db,
              writes ? "the journal the act is appended to" : "the journal that is read");
  if (writes) sub->add_option("--key", flags.key, "the node key (default: beside a SQLite database)");
  sub->add_option("--charter", flags.charter,
                  "the journal's charter file (default: the shipped charter it names)");
  if (writes) sub->add_option("--date", flags.date, "the date of the act (YYYY-MM-DD)")->required();
  AddFormatOption(sub, flags.format);
}

Result<Date> DateFlag(const std::string& text, const char* flag) {
  auto date = Date::Parse(text, SourceLocation{.field = flag});
  if (!date) return Error(date.error());
  return *date;
}

}  // namespace sovet::cli
