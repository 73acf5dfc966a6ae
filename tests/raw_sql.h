// SQL run on a store from outside sovet, through the database's own client
// library, as an administrator or an attacker editing the database would:
// tampering with entries and state tables, creating schemas. Tests use it
// instead of the journal's private SQL layer, which is the journal's alone.
#ifndef SOVET_TESTS_RAW_SQL_H_
#define SOVET_TESTS_RAW_SQL_H_

#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>

#include "sovet/journal.h"

namespace sovet::testing {

// Runs `sql` (one or more statements) on the SQLite file at `path`; empty on
// success, else the error.
inline std::string RawSqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string error;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
  } else {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      error = message != nullptr ? message : "error";
      sqlite3_free(message);
    }
  }
  sqlite3_close(db);
  return error;
}

// Runs `sql` on the PostgreSQL server at `conninfo` (a URL or keyword
// form); empty on success, else the error. Notices are silenced.
inline std::string RawPostgres(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

// Runs `sql` on the store a `--db` URL names (sqlite:PATH or postgresql://).
inline std::string RawStoreSql(const std::string& store_url, const std::string& sql) {
  auto url = ParseStoreUrl(store_url);
  if (!url) return url.error().ToString();
  return url->kind == StoreUrl::Kind::kSqlite ? RawSqlite(url->target, sql)
                                              : RawPostgres(url->target, sql);
}

}  // namespace sovet::testing

#endif  // SOVET_TESTS_RAW_SQL_H_
