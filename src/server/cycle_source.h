// Where the server reads the council cycle and the journal: the one adapter
// between the web layer and the modules below it. Today it parses the JSON
// contracts of `sovet report` and `sovet trace` (sovet/cycle_report.h) and
// reads the journal through sovet/journal.h; pages and API depend only on
// this interface, so a state read API can replace its body.
//
// Thread-safety: every method may be called from any thread at once; each
// call takes a connection of its own from a pool (the report and trace
// contracts open their own), except Head(), which shares one connection
// under a mutex.
#ifndef SOVET_SERVER_CYCLE_SOURCE_H_
#define SOVET_SERVER_CYCLE_SOURCE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/state.h"
#include "sovet/status.h"

namespace sovet::server {

// The journal's position: the last entry's sequence number and hash.
struct JournalHead {
  std::int64_t seq = -1;
  std::string hash_hex;
  bool operator==(const JournalHead&) const = default;
};

struct BodyRow {
  std::string body;
  std::int64_t seats = 0;
};

// A role held on a body (sovet/roles.h), from the state table `roles`.
struct RoleRow {
  std::string account;
  std::string role;
  std::string body;
  std::int64_t seq = 0;  // the role.grant entry
  std::string by;        // the granting account; "" for the operator
};

class CycleSource {
 public:
  // Checks that `url` names a store that opens and holds a journal.
  static Result<std::unique_ptr<CycleSource>> Open(const std::string& url);
  ~CycleSource();

  const std::string& url() const { return url_; }

  // `sovet report --format json`: the overview (kinds) or one body.
  Result<nlohmann::json> Overview();
  Result<nlohmann::json> Body(const std::string& body);
  // `sovet trace --format json`.
  Result<nlohmann::json> Trace(const std::string& body, std::int64_t seat);
  // The bodies of one kind ("congress"), by id, [from, from + limit).
  Result<std::vector<BodyRow>> BodiesOfKind(const std::string& kind, std::int64_t from,
                                            std::int64_t limit);
  // Journal sequence numbers of cycle acts in [first, last] (act → seq).
  Result<std::map<std::int64_t, std::int64_t>> ActSeqs(std::int64_t first, std::int64_t last);
  // The journal entry recording the Constituent Assembly count beside the
  // cycle, if the journal holds one.
  Result<std::optional<Entry>> ConstituentAssembly();

  // A person of the register: {person, name, unit, faction, age, seats:
  // [{body, seat, mandate, portfolio, election_act, election_seq,
  // verification_seq}], rejected: [...]}; kNotFound for no such person.
  Result<nlohmann::json> Person(std::int64_t person);
  // The election recorded at journal entry `seq` as its result sheet:
  // {seq, act, body, kind, electing_body, method, open, electors, present,
  // seats, voters: {slate: n}, candidates: [{person, name, faction, votes,
  // elected}] by votes (most first), seated: [...], rejected: [...]};
  // kNotFound when that entry is no election.
  Result<nlohmann::json> Election(std::int64_t seq);

  // The roles held on `body` (empty `body`: on every body; non-empty
  // `account`: only that account's), by body, role and account.
  Result<std::vector<RoleRow>> Roles(const std::string& body, const std::string& account = "");
  Result<bool> HoldsRole(const std::string& account, const std::string& role,
                         const std::string& body);

  Result<JournalHead> Head();
  // Waits until the store holds entry `seq` (StateReader::WaitForSeq), on a
  // connection of its own.
  Result<JournalHead> WaitForSeq(std::int64_t seq, std::chrono::milliseconds timeout);
  Result<std::vector<Entry>> Read(std::int64_t from, std::int64_t limit);
  Result<JournalVerdict> Verify();

 private:
  explicit CycleSource(std::string url) : url_(std::move(url)) {}
  // A reader from the pool of idle ones (checked alive first) or a new one;
  // it returns to the pool when the handle is destroyed. A new PostgreSQL
  // connection costs a server process; a pooled one, a round trip.
  struct ReaderReturn {
    CycleSource* source;
    void operator()(StateReader* reader) const;
  };
  using PooledReader = std::unique_ptr<StateReader, ReaderReturn>;
  Result<PooledReader> Connect();
  // As many as the server serves connections at once (its default).
  static constexpr std::size_t kPoolSize = 64;

  std::string url_;
  std::mutex head_mutex_;
  std::unique_ptr<StateReader> head_reader_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<StateReader>> pool_;
};

}  // namespace sovet::server

#endif  // SOVET_SERVER_CYCLE_SOURCE_H_
