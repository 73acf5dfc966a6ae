#include "server/writer.h"

#include <fmt/format.h>

#include "sovet/council.h"

namespace sovet::server {

Writer::~Writer() {
  if (engine_) (void)engine_->Finish();
}

Result<void> Writer::CatchUp() {
  if (!journal_) {
    SOVET_TRY(journal_, Journal::Open(OpenOptions{.url = url_,
                                                  .writable = true,
                                                  .key_path = key_path_,
                                                  .projector = &EngineProjector()}));
    SOVET_TRY(charter_, FindJournalCharter(journal_->genesis(), ""));
    if (!charter_) {
      journal_.reset();
      return Error(Status::FailedPrecondition(
          "this journal is bound to no charter, and acts of the council are checked against "
          "one (sovet init --charter FILE)"));
    }
  }
  if (!engine_) {
    engine_ = std::make_unique<Engine>(*charter_, EngineOptions{});
    seen_ = 0;
    sheets_ = {};
  }
  engine_->AttachJournal(nullptr);
  constexpr std::int64_t kChunk = 4096;
  for (;;) {
    SOVET_TRY(auto entries, journal_->Read(seen_ + 1, kChunk));
    if (entries.empty()) break;
    for (const Entry& entry : entries) {
      if (IsEngineKind(entry.kind)) {
        Act act{.kind = entry.kind, .body = entry.body, .fields = entry.payload};
        auto done = engine_->ExecuteRecorded(act);
        if (!done) {
          engine_.reset();
          return Error(Status::IntegrityViolation(
              fmt::format("entry {} ({}) is not lawful: {}; sovet verify names it", entry.seq,
                          entry.kind, done.error().message())));
        }
        Note(entry.seq, act);
      }
      seen_ = entry.seq;
    }
  }
  engine_->AttachJournal(journal_.get());
  return {};
}

void Writer::Note(std::int64_t seq, const Act& act) {
  if (act.kind != schema::council::kElectionRecordKind &&
      act.kind != schema::council::kElectionVerifyKind) {
    return;
  }
  auto election = act.fields.find(schema::council::field::kElection);
  if (election == act.fields.end() || !election->second.is_text()) return;
  auto& into = act.kind == schema::council::kElectionRecordKind ? sheets_.records
                                                                 : sheets_.verifications;
  into[election->second.text()] = Recorded{seq, act};
}

Result<Appended> Writer::ExecuteLocked(const Act& act) {
  SOVET_CHECK_OK(CatchUp());
  auto done = engine_->ExecuteRecorded(act);
  if (!done) return Error(done.error());
  const Appended appended = engine_->last_appended();
  if (appended.seq == seen_ + 1) {
    seen_ = appended.seq;
    Note(appended.seq, act);
  } else {
    // Another writer appended between the catch-up and this act: the
    // engine applied this act before theirs, so it is rebuilt next time.
    engine_.reset();
  }
  return appended;
}

Result<Appended> Writer::Execute(const Act& act) {
  std::lock_guard lock(mutex_);
  return ExecuteLocked(act);
}

Result<Appended> Writer::Build(const Builder& build) {
  std::lock_guard lock(mutex_);
  SOVET_CHECK_OK(CatchUp());
  SOVET_TRY(Act act, build(engine_->state(), *charter_));
  return ExecuteLocked(act);
}

Result<void> Writer::Read(const Reader& read) {
  std::lock_guard lock(mutex_);
  SOVET_CHECK_OK(CatchUp());
  return read(engine_->state(), *charter_, sheets_);
}

}  // namespace sovet::server
