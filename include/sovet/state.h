// Reading the projected state (SYSTEM.md §8: "state is a projection of the
// journal"): the one door through which `report`, `trace` and every later
// reader (the web server) see the state tables, without the journal's
// private SQL layer.
//
// A state table is written only by the projection, so a cell of the wrong
// type, a row that names an act the journal does not hold, or a missing
// table means the state was damaged outside sovet: every such finding is
// kIntegrityViolation naming the table, the row and the column, and advises
// `sovet replay` — never a crash.
//
// Thread-safety: a StateReader is used by one thread at a time; open one
// per thread.
#ifndef SOVET_STATE_H_
#define SOVET_STATE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/journal.h"
#include "sovet/projection.h"
#include "sovet/status.h"

namespace sovet {

// The rows of one state query, with typed, checked cell access.
class StateRows {
 public:
  StateRows(std::string table, std::vector<std::vector<SqlValue>> rows)
      : table_(std::move(table)), rows_(std::move(rows)) {}
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // The cell as an integer / a text; any other type is kIntegrityViolation
  // naming the table, the row (by its first cell) and the column.
  Result<std::int64_t> Int(std::size_t row, std::size_t column) const;
  Result<std::string> Text(std::size_t row, std::size_t column) const;
  // kIntegrityViolation naming the table and row: for a value of the right
  // type that breaks the table's invariant (`what` says which).
  Status Damaged(std::size_t row, std::string_view what) const;
  const std::string& table() const { return table_; }

 private:
  std::string RowName(std::size_t row) const;
  std::string table_;
  std::vector<std::vector<SqlValue>> rows_;
};

class StateReader {
 public:
  // Opens the store read-only. No store or no journal there: kNotFound.
  static Result<std::unique_ptr<StateReader>> Open(const std::string& url);
  ~StateReader();
  StateReader(const StateReader&) = delete;
  StateReader& operator=(const StateReader&) = delete;

  // Runs a read-only query on the live state tables; `{p}` in `sql` is the
  // live prefix. `table` names the table read (without prefix), for
  // messages. A missing table is kIntegrityViolation naming it.
  Result<StateRows> Query(std::string_view table, std::string_view sql,
                          const std::vector<SqlValue>& params = {});
  // Whether the live state table exists.
  Result<bool> HasTable(std::string_view table);
  // The journal's head: the last entry's seq and hash (raw bytes), read
  // afresh on every call, so a long-lived reader sees appends by others.
  // A missing or altered head row is kIntegrityViolation.
  Result<Appended> Head();
  // Read-your-writes on a replica: waits until the store holds entry `seq`
  // (its head has reached it), polling the head, at most `timeout`; returns
  // the head then. Still behind at the deadline: kUnavailable naming the
  // store, the position reached and the one asked for.
  Result<Appended> WaitForSeq(std::int64_t seq, std::chrono::milliseconds timeout);
  // Journal entries with seq >= from, at most `limit` (the acts the state
  // rows point to).
  Result<std::vector<Entry>> ReadEntries(std::int64_t from, std::int64_t limit);
  const std::string& display_url() const;

  class Impl;

 private:
  explicit StateReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sovet

#endif  // SOVET_STATE_H_
