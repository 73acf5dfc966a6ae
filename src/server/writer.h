// The server's one door for writing: acts from the web go through the
// council engine (sovet/engine.h), exactly as `sovet journal append` sends
// them, so the same rules refuse them and `sovet verify` audits them.
//
// The engine's state is built from the journal at the first write, then
// kept up to date with entries other writers (the command line) append:
// before each act, the entries after the last one the engine saw are fed
// to it. An act checked while another process appends may be checked
// against a state one entry old, as with any two writers of one journal
// (doc/web.md); `sovet verify` names such an act.
//
// Thread-safety: Execute may be called from any thread; acts are executed
// one at a time.
#ifndef SOVET_SERVER_WRITER_H_
#define SOVET_SERVER_WRITER_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "sovet/charter.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet::server {

class Writer {
 public:
  Writer(std::string url, std::string key_path)
      : url_(std::move(url)), key_path_(std::move(key_path)) {}
  ~Writer();

  // Checks `act` by the engine's rules and appends it (durable on return).
  Result<Appended> Execute(const Act& act);

 private:
  Result<void> CatchUp();

  std::string url_, key_path_;
  std::mutex mutex_;
  std::unique_ptr<Journal> journal_;
  std::optional<Charter> charter_;
  std::unique_ptr<Engine> engine_;
  std::int64_t seen_ = 0;  // the last entry the engine has seen
};

}  // namespace sovet::server

#endif  // SOVET_SERVER_WRITER_H_
