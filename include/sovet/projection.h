// The projection: state tables derived from the journal (SYSTEM.md §8:
// "state is a projection of the journal and can be rebuilt from it").
//
// A Projector is a registry of state tables and of per-act-kind appliers.
// The journal applies every entry of a commit group to the live tables in
// the group's own transaction, so the state always matches the journal's
// head; `sovet replay` applies the whole journal to fresh tables and
// compares a digest of both (SHA-256 over a canonical dump: every table in
// registration order, rows in primary-key order, each row a canonical list
// of its values; doc/journal_format.md §6).
//
// Built in, for every act: `acts` (per body and kind: count and last seq)
// and `position` (the last applied seq and hash). For `body.create` and
// `body.seats`: `bodies` (seats and the seqs that created and last changed
// it). A client adds its act kinds to a copy of DefaultProjector() — a
// table, a checker that validates an act's fields before it is appended,
// and an applier — and passes it in InitOptions/OpenOptions (the council
// engine: EngineProjector() in sovet/engine.h). An applier must be deterministic and use only the
// entry and the state tables — never the clock or the environment — or replay cannot reproduce it.
//
// Table names in an applier's SQL are written `{p}name`; the journal
// substitutes the prefix of the live tables (`state_`) or of the rebuilt
// ones (`replay_`). SQL must be portable between SQLite and PostgreSQL
// (placeholders $1..$n, BIGINT/TEXT/{blob}, ON CONFLICT ... DO UPDATE,
// NOT NULL columns).
//
// Thread-safety: a Projector is immutable once built and may be shared.
#ifndef SOVET_PROJECTION_H_
#define SOVET_PROJECTION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sovet/journal.h"
#include "sovet/status.h"
#include "sovet/value.h"

namespace sovet {

// A column value: BIGINT, TEXT or a blob (Bytes).
using SqlValue = std::variant<std::int64_t, std::string, Bytes>;

// What an applier may do to the state tables, inside the journal's
// transaction.
class ProjectionSql {
 public:
  virtual ~ProjectionSql() = default;
  virtual Result<void> Exec(std::string_view sql, const std::vector<SqlValue>& params) = 0;
  virtual Result<std::vector<std::vector<SqlValue>>> Query(std::string_view sql,
                                                           const std::vector<SqlValue>& params) = 0;
  // Adds one row to `table` (name without prefix; one value per column).
  // Rows are buffered and written in multi-row statements (one round trip
  // per few hundred rows on PostgreSQL) before the next Exec or Query and at
  // the end of the commit group, so an applier still reads what it wrote.
  virtual Result<void> Insert(std::string_view table, const std::vector<std::string>& columns,
                              std::vector<SqlValue> row) = 0;
};

struct StateTable {
  std::string name;      // without prefix
  std::string columns;   // DDL inside CREATE TABLE (...); `{blob}` = BLOB/BYTEA
  std::string order_by;  // the primary key, for the canonical dump
};

using ActChecker = std::function<Result<void>(const Act& act)>;
using ActApplier = std::function<Result<void>(const Entry& entry, ProjectionSql& sql)>;

class Projector {
 public:
  void AddTable(StateTable table) { tables_.push_back(std::move(table)); }
  void AddKind(std::string kind, ActChecker check, ActApplier apply) {
    kinds_[std::move(kind)] = Kind{std::move(check), std::move(apply)};
  }

  // Validates an act of a registered kind; other kinds pass (they are
  // counted in `acts` only).
  Result<void> Check(const Act& act) const;
  const std::vector<StateTable>& tables() const { return tables_; }
  const ActApplier* FindApplier(const std::string& kind) const;

 private:
  struct Kind {
    ActChecker check;
    ActApplier apply;
  };
  std::vector<StateTable> tables_;
  std::map<std::string, Kind> kinds_;
};

// The journal's built-in projector: `acts`, `position`, and `bodies` for
// body.create and body.seats.
const Projector& DefaultProjector();

}  // namespace sovet

#endif  // SOVET_PROJECTION_H_
