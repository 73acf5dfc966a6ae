// SQLite through its C API: prepared statements are cached per SQL text, so
// the group-commit writer pays the parse once.
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <charconv>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "journal/sql.h"

namespace sovet::journal {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), url_("sqlite:" + path) {}
  ~SqliteConnection() override {
    for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::string& display_url() const override { return url_; }

  Result<void> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    if (params.empty() && sql.find(';') != std::string_view::npos) {
      char* message = nullptr;
      int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
      if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        return Error(Fail(rc, text));
      }
      return {};
    }
    SOVET_TRY(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return Error(Fail(rc, sqlite3_errmsg(db_)));
    return {};
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    SOVET_TRY(sqlite3_stmt * stmt, Prepare(sql, params));
    std::vector<SqlRow> rows;
    int rc;
    int columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      SqlRow row;
      row.reserve(columns);
      for (int col = 0; col < columns; ++col) {
        switch (sqlite3_column_type(stmt, col)) {
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, col)));
            break;
          case SQLITE_BLOB: {
            const void* data = sqlite3_column_blob(stmt, col);
            int size = sqlite3_column_bytes(stmt, col);
            row.emplace_back(Bytes{std::string(static_cast<const char*>(data), size)});
            break;
          }
          case SQLITE_NULL:
            // Every column is NOT NULL; a NULL means a bare aggregate over
            // no rows (MAX of an empty table), which callers read as absent.
            row.emplace_back(std::string());
            break;
          default: {
            const unsigned char* data = sqlite3_column_text(stmt, col);
            int size = sqlite3_column_bytes(stmt, col);
            row.emplace_back(std::string(reinterpret_cast<const char*>(data), size));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return Error(Fail(rc, sqlite3_errmsg(db_)));
    return rows;
  }

  Result<void> InsertRows(std::string_view table, const std::vector<std::string>& columns,
                          const std::vector<SqlRow>& rows) override {
    std::string sql = fmt::format("INSERT INTO {} ({}) VALUES (", table, fmt::join(columns, ", "));
    for (std::size_t col = 0; col < columns.size(); ++col) {
      sql += fmt::format("{}${}", col ? ", " : "", col + 1);
    }
    sql += ")";
    // One statement looked up for all the rows, bound and stepped per row.
    SOVET_TRY(Prepared * prepared, Lookup(sql));
    for (const SqlRow& row : rows) {
      SOVET_CHECK_OK(Bind(*prepared, row));
      const int rc = sqlite3_step(prepared->stmt);
      sqlite3_reset(prepared->stmt);
      if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(Fail(rc, sqlite3_errmsg(db_)));
    }
    return {};
  }

  Result<void> BeginWrite() override { return Exec("BEGIN IMMEDIATE", {}); }

 private:
  Status Fail(int rc, const std::string& text) const {
    int primary = rc & 0xff;
    std::string message = fmt::format("{}: SQLite: {}", url_, text);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status::Unavailable(message);
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
      return Status::IntegrityViolation(message);
    }
    if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN) {
      return Status::IoError(message);
    }
    if (primary == SQLITE_READONLY || primary == SQLITE_PERM) return Status::InvalidInput(message);
    // sovet's statements name only its own tables and columns: one that is
    // missing means a database not made by sovet, or altered outside it.
    if (primary == SQLITE_ERROR &&
        (text.starts_with("no such table") || text.starts_with("no such column"))) {
      return Status::IntegrityViolation(fmt::format(
          "{} (the database's schema is not sovet's, or was altered outside sovet)", message));
    }
    return Status::Internal(message);
  }

  // A statement and, for each `$N` placeholder N, its parameter slot (0:
  // none). `$N` placeholders are named parameters in SQLite, so that one may
  // repeat or appear out of order as in PostgreSQL; the names are resolved
  // once, when the statement is prepared, not at every bind (a lookup by
  // name scans every name: quadratic in a multi-row statement).
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> slot_of;  // by N - 1
  };

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<SqlValue>& params) {
    SOVET_TRY(Prepared * prepared, Lookup(sql));
    SOVET_CHECK_OK(Bind(*prepared, params));
    return prepared->stmt;
  }

  // The cached statement for `sql`, prepared on first use.
  Result<Prepared*> Lookup(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
      Prepared prepared;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &prepared.stmt, nullptr);
      if (rc != SQLITE_OK) return Error(Fail(rc, sqlite3_errmsg(db_)));
      const int slots = sqlite3_bind_parameter_count(prepared.stmt);
      for (int slot = 1; slot <= slots; ++slot) {
        const char* name = sqlite3_bind_parameter_name(prepared.stmt, slot);
        if (name == nullptr || name[0] != '$') continue;
        std::size_t number = 0;
        auto [end, error] = std::from_chars(name + 1, name + std::strlen(name), number);
        if (error != std::errc() || *end != '\0' || number == 0) continue;
        if (prepared.slot_of.size() < number) prepared.slot_of.resize(number, 0);
        prepared.slot_of[number - 1] = slot;
      }
      found = cache_.emplace(std::string(sql), std::move(prepared)).first;
    }
    return &found->second;
  }

  Result<void> Bind(const Prepared& prepared, const std::vector<SqlValue>& params) {
    sqlite3_stmt* stmt = prepared.stmt;
    const std::vector<int>& slot_of = prepared.slot_of;
    sqlite3_clear_bindings(stmt);
    for (std::size_t idx = 0; idx < params.size() && idx < slot_of.size(); ++idx) {
      const int slot = slot_of[idx];
      if (slot == 0) continue;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(stmt, slot, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              return sqlite3_bind_text64(stmt, slot, v.data(), v.size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
            } else {
              return sqlite3_bind_blob64(stmt, slot, v.data.data(), v.data.size(), SQLITE_STATIC);
            }
          },
          params[idx]);
      if (rc != SQLITE_OK) return Error(Fail(rc, sqlite3_errmsg(db_)));
    }
    return {};
  }

  sqlite3* db_;
  std::string url_;
  // Looked up by the caller's string_view: executing a cached statement
  // copies no SQL text.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, Prepared, SqlHash, std::equal_to<>> cache_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> OpenSqlite(const std::string& path, bool create) {
  SourceLocation where{.file = path, .field = "--db"};
  struct stat info;
  bool exists = ::stat(path.c_str(), &info) == 0;
  if (!create && !exists) {
    return Error(Status::NotFound(
        fmt::format("no sovet database at sqlite:{} (run `sovet init --db sqlite:{}` first)", path,
                    path),
        where));
  }
  // A device (/dev/null), FIFO or directory is no database file: SQLite
  // would fail later with a misleading disk I/O error.
  if (exists && !S_ISREG(info.st_mode)) {
    return Error(Status::InvalidInput(
        fmt::format("sqlite:{} is not a regular file, so it cannot be a SQLite database", path),
        where));
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string text = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    // A disk that fails to read or write is no fault of the input: an I/O
    // error (exit 1), not bad input (exit 2).
    int primary = rc & 0xff;
    if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_NOMEM) {
      return Error(Status::IoError(
          fmt::format("cannot open SQLite database sqlite:{}: {}", path, text), where));
    }
    return Error(Status::InvalidInput(
        fmt::format("cannot open SQLite database sqlite:{}: {}", path, text), where));
  }
  auto connection = std::make_unique<SqliteConnection>(db, path);
  // Durability (SYSTEM.md §8: an acknowledged act is durable before the
  // caller hears "ok"). In WAL mode a commit appends to the -wal file; with
  // synchronous=NORMAL that file is fsynced only at checkpoints, so a
  // committed transaction survives kill -9 (it is in the OS page cache) but
  // NOT a power loss or kernel crash. synchronous=FULL fsyncs the WAL at
  // every commit, before sqlite3_step(COMMIT) returns; group commit
  // amortises that one fsync over every append in the batch.
  // busy_timeout lets a second process (or `sovet verify`) wait for the
  // write lock instead of failing at once. A cache of up to 64 MiB (the
  // default is 2 MiB) keeps the pages of the state tables' indexes that a
  // large commit group touches in memory, instead of spilling them; the WAL
  // is checkpointed every 8,192 pages (32 MiB, not 4), so that a page
  // written by many groups in a row is copied back once.
  auto setup = connection->Exec(
      "PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
      "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 8192;",
      {});
  if (!setup) {
    if (setup.error().code() == StatusCode::kIntegrityViolation ||
        setup.error().code() == StatusCode::kInternal) {
      return Error(Status::InvalidInput(
          fmt::format("sqlite:{} is not a SQLite database: {}", path, setup.error().message()),
          where));
    }
    return Error(setup.error());
  }
  SOVET_TRY(auto mode, connection->Query("PRAGMA journal_mode", {}));
  if (mode.empty() || std::get<std::string>(mode[0][0]) != "wal") {
    return Error(Status::IoError(
        fmt::format("sqlite:{}: cannot switch to WAL mode (is the file on a network share?)", path),
        where));
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

std::string SqlValueToString(const SqlValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else {
          std::string hex;
          for (unsigned char c : v.data) hex += fmt::format("{:02x}", c);
          return hex;
        }
      },
      value);
}

}  // namespace sovet::journal
