// A minimal SQL connection over SQLite (C API) and PostgreSQL (libpq), so the
// journal and the projection are written once in portable SQL.
//
// Portable subset used by callers: `$1`, `$2`, ... placeholders; BIGINT, TEXT
// and the blob type named by BlobType(); INSERT ... ON CONFLICT (...) DO
// UPDATE; no NULLs (every column is NOT NULL). Values are typed: an integer
// binds as a 64-bit integer, std::string as text, Bytes as a blob/bytea.
//
// Thread-safety: a connection is used by one thread at a time.
#ifndef SOVET_JOURNAL_SQL_H_
#define SOVET_JOURNAL_SQL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sovet/projection.h"
#include "sovet/status.h"
#include "sovet/value.h"

namespace sovet::journal {

using sovet::SqlValue;
using SqlRow = std::vector<SqlValue>;

enum class Dialect { kSqlite, kPostgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement (or, without parameters, several separated by ';').
  virtual Result<void> Exec(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql,
                                            const std::vector<SqlValue>& params = {}) = 0;
  // Inserts rows into `table`; each row holds one value per column, of the
  // column's own type (BIGINT, TEXT, the blob type): PostgreSQL copies them
  // in binary, which converts nothing.
  virtual Result<void> InsertRows(std::string_view table, const std::vector<std::string>& columns,
                                  const std::vector<SqlRow>& rows) = 0;
  // Starts a transaction that will write. SQLite takes the database's write
  // lock at once (BEGIN IMMEDIATE) so two writers never deadlock upgrading.
  virtual Result<void> BeginWrite() = 0;
  Result<void> Begin() { return Exec("BEGIN"); }
  Result<void> Commit() { return Exec("COMMIT"); }
  // Best effort: the connection may already have left the transaction.
  void Rollback() { (void)Exec("ROLLBACK"); }

  std::string_view BlobType() const { return dialect() == Dialect::kSqlite ? "BLOB" : "BYTEA"; }
  std::string_view ForUpdate() const { return dialect() == Dialect::kSqlite ? "" : " FOR UPDATE"; }
  // The URL with any password removed, for messages.
  virtual const std::string& display_url() const = 0;
};

// Opens a SQLite database file in WAL mode with synchronous=FULL. With
// `create` false a missing file is kNotFound.
Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path, bool create);
// Connects to PostgreSQL with a libpq connection URI, synchronous_commit=on.
// Between BeginWrite and Commit the connection pipelines: Exec may return
// before its statement has run, and a failure surfaces at a later Exec, at
// the next Query or InsertRows, or at the latest at Commit, which then
// fails (the server has skipped everything after the failed statement).
Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri);

// Renders a row value for messages and dumps.
std::string SqlValueToString(const SqlValue& value);

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_SQL_H_
