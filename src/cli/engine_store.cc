#include "cli/engine_store.h"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <optional>

#include "journal/charter_identity.h"

namespace sovet::cli {

namespace {

// What a journal's charter is now, for messages: the genesis charter and,
// once amended, the amendment in force today and the last recorded.
std::string CharterInForce(const CharterTimeline& charters) {
  const Charter& genesis = charters.genesis();
  std::string text = fmt::format("initialised with charter \"{}\" (sha256 {})", genesis.id,
                                 genesis.sha256_hex);
  if (charters.amendments().empty()) return text;
  const CharterAmendment& last = charters.amendments().back();
  return fmt::format(
      "{}, amended {} time(s); the last amendment, {} (\"{}\", sha256 {}), is in force from {} "
      "(sovet charter history, sovet charter show)",
      text, charters.amendments().size(), last.number, last.charter->id, last.charter->sha256_hex,
      last.effective.ToString());
}

}  // namespace

Result<std::vector<Appended>> AppendAll(EngineStore& store,
                                        const std::function<Result<EngineStore>()>& reopen,
                                        const std::vector<Act>& acts) {
  std::mutex mutex;
  std::condition_variable done;
  std::size_t pending = acts.size();
  std::vector<std::optional<Result<Appended>>> results(acts.size());
  for (std::size_t idx = 0; idx < acts.size(); ++idx) {
    store.journal->Submit(acts[idx], [&, idx](Result<Appended> appended) {
      std::lock_guard lock(mutex);
      results[idx] = std::move(appended);
      --pending;
      done.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return pending == 0; });
  }
  std::vector<Appended> appended;
  std::optional<Status> failure;
  std::vector<Act> unwritten;
  for (std::size_t idx = 0; idx < acts.size(); ++idx) {
    if (*results[idx]) {
      appended.push_back(**results[idx]);
    } else {
      if (!failure) failure = results[idx]->error();
      unwritten.push_back(acts[idx]);
    }
  }
  if (!failure) return appended;
  auto again = reopen();
  if (again) {
    for (const Act& act : unwritten) {
      auto checked = again->engine->ExecuteRecorded(act);
      if (!checked) {
        const Status& rule = checked.error();
        return Error(Status(
            rule.code(),
            fmt::format("{} (the journal changed while this command ran: another act was "
                        "appended first; {} of {} acts of this command were appended)",
                        rule.message(), appended.size(), acts.size()),
            rule.where()));
      }
    }
  }
  return Error(*failure);
}

Result<EngineStore> OpenEngineStore(const std::string& db, const std::string& key,
                                    const std::string& charter, bool writable,
                                    std::string_view needs_charter) {
  SOVET_TRY(auto identity, journal::LoadCharterIdentity(charter));
  EngineStore store;
  // The journal is opened without the identity: a charter file given may be
  // the genesis charter (checked against the genesis hash by
  // FindJournalCharter) or, once the charter is amended, one of the
  // amended texts the journal keeps (checked below).
  SOVET_TRY(store.journal, Journal::Open(OpenOptions{.url = db,
                                                     .writable = writable,
                                                     .key_path = key,
                                                     .projector = &EngineProjector()}));
  std::string genesis_file = charter;
  const auto genesis_hash = store.journal->genesis().payload.find("charter_sha256");
  if (identity && genesis_hash != store.journal->genesis().payload.end() &&
      genesis_hash->second.is_bytes() &&
      HexEncode(genesis_hash->second.bytes()) != identity->sha256_hex) {
    genesis_file.clear();  // the genesis charter is then the shipped one with its hash
  }
  SOVET_TRY(std::optional<Charter> found,
            FindJournalCharter(store.journal->genesis(), genesis_file));
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
  if (identity && !genesis_file.empty() &&
      !store.engine->state().charters.amendments().empty()) {
    // The genesis charter still opens the journal; say what is in force.
    fmt::print(stderr, "note: {} is {}\n", store.journal->display_url(),
               CharterInForce(store.engine->state().charters));
  }
  if (identity && genesis_file.empty()) {
    // A charter file that is neither the genesis charter nor an amended
    // text of this journal is refused, saying what is in force.
    const CharterTimeline& charters = store.engine->state().charters;
    bool known = false;
    for (const CharterAmendment& amendment : charters.amendments()) {
      known = known || amendment.charter->sha256_hex == identity->sha256_hex;
    }
    if (!known) {
      return Error(Status::FailedPrecondition(
          fmt::format("{} is {}; {} (\"{}\", sha256 {}) is none of its charters: give the "
                      "charter it was initialised with, or none (the amended texts are kept in "
                      "the journal)",
                      store.journal->display_url(), CharterInForce(charters), charter,
                      identity->id, identity->sha256_hex),
          SourceLocation{.field = "--charter"}));
    }
  }
  return store;
}

const Charter& EngineStore::InForce(Date on) const { return engine->state().charters.At(on); }

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
