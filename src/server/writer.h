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

#include <functional>
#include <map>
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

  // Builds an act from the engine's state brought up to date with the
  // journal (sovet/council_acts.h), then executes it as Execute does; the
  // state cannot move between the two. A builder's error is returned as is.
  using Builder = std::function<Result<Act>(const EngineState&, const Charter&)>;
  Result<Appended> Build(const Builder& build);

  // The acts a result sheet shows that the engine's state does not keep:
  // by election id, the entry and act of its election.record and of its
  // election.verify.
  struct Recorded {
    std::int64_t seq = 0;
    Act act;
  };
  struct SheetActs {
    std::map<std::string, Recorded> records, verifications;
  };
  // Calls `read` with the state brought up to date, under the writer's
  // lock: `read` must not call back into the Writer.
  using Reader =
      std::function<Result<void>(const EngineState&, const Charter&, const SheetActs&)>;
  Result<void> Read(const Reader& read);

 private:
  Result<void> CatchUp();
  Result<Appended> ExecuteLocked(const Act& act);
  void Note(std::int64_t seq, const Act& act);

  std::string url_, key_path_;
  std::mutex mutex_;
  std::unique_ptr<Journal> journal_;
  std::optional<Charter> charter_;
  std::unique_ptr<Engine> engine_;
  std::int64_t seen_ = 0;  // the last entry the engine has seen
  SheetActs sheets_;
};

}  // namespace sovet::server

#endif  // SOVET_SERVER_WRITER_H_
