// Benchmark: durable journal appends per second (doc/journal_format.md §8),
// on SQLite and on PostgreSQL, with 1 and 16 writer threads, each beside a
// baseline of plain INSERTs of the same payload bytes measured in the same
// run; the ratio shows what the chain, the signature and the projection
// cost. Target (issue 4): at least 50,000 durable appends/s on SQLite with
// group commit.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_journal_append sovet
//   build/bench/bench_journal_append [SECONDS_PER_FIGURE]
// PostgreSQL: uses $SOVET_BENCH_PG_URL or $SOVET_TEST_PG_URL; without
// either it starts a throwaway server with scripts/pg-test-server.
//
// Modes:
//   1 writer       one thread, Append after Append: every append waits for
//                  its own commit and flush (latency-bound).
//   16 writers     16 threads appending at once: group commit shares a
//                  flush among the appends waiting together.
//   16 x 64        16 threads each keeping 64 appends in flight (Submit),
//                  as a server with many clients would: the throughput
//                  group commit reaches when callers do not serialise.
// Baselines: the same payload bytes (the canonical entry bodies) INSERTed
// into a plain table on the same store with the same durability settings,
// committed in transactions of the journal's mean group size in that mode
// (1 for "1 writer"): the same flushes, without hashing, signing, head row
// and projection.
#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "sovet/journal.h"

namespace {

using sovet::Act;
using sovet::Journal;
using sovet::Value;
using sovet::bench::Clock;
using sovet::bench::SecondsSince;

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

Act BenchAct(std::int64_t n) {
  return Act{"bench.append",
             "town_soviet:petrograd",
             {{"seats", Value::Integer(1000)},
              {"name", Value::Text("Petrograd Soviet of Workers' and Soldiers' Deputies")},
              {"n", Value::Integer(n)}}};
}

struct Figure {
  double per_second = 0;
  double mean_group = 1;
  std::int64_t appends = 0;
};

// Appends for `seconds` with `threads` threads, each keeping `in_flight`
// appends outstanding (1 = synchronous Append).
Figure MeasureJournal(const std::string& url, const std::string& key, int threads, int in_flight,
                      double seconds) {
  auto journal = Journal::Open({.url = url, .writable = true, .key_path = key});
  if (!journal) {
    fmt::print(stderr, "bench: {}\n", journal.error().ToString());
    std::exit(1);
  }
  auto before = (*journal)->Verify();
  std::atomic<std::int64_t> done{0};
  std::atomic<bool> failed{false};
  Clock::time_point start = Clock::now();
  Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  auto worker = [&] {
    if (in_flight == 1) {
      while (Clock::now() < deadline) {
        if (!(*journal)->Append(BenchAct(done))) failed = true;
        ++done;
      }
      return;
    }
    sovet::bench::SubmitKeepingInFlight(
        **journal, in_flight,
        [&]() -> std::optional<Act> {
          if (Clock::now() >= deadline) return std::nullopt;
          return BenchAct(done);
        },
        [&](sovet::Result<sovet::Appended> result) {
          if (!result) failed = true;
          ++done;
        });
  };
  std::vector<std::thread> pool;
  for (int idx = 0; idx < threads; ++idx) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  double elapsed = SecondsSince(start);
  if (failed) {
    fmt::print(stderr, "bench: an append failed\n");
    std::exit(1);
  }
  auto after = (*journal)->Verify();
  Figure figure;
  figure.appends = done;
  figure.per_second = static_cast<double>(done) / elapsed;
  if (before && after && after->ok) {
    std::int64_t seals = after->sealed - before->sealed;
    if (seals > 0)
      figure.mean_group = static_cast<double>(after->entries - before->entries) / seals;
  } else {
    fmt::print(stderr, "bench: the journal does not verify after the run\n");
    std::exit(1);
  }
  return figure;
}

// Runs one administrative statement on a PostgreSQL server.
bool AdminSql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, ("SET client_min_messages = warning; " + sql).c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
  }
  PQfinish(conn);
  return ok;
}

// A plain table on the store, written through the database's own client
// library with the journal's durability settings (SQLite: WAL,
// synchronous=FULL; PostgreSQL: synchronous_commit=on), so that the
// baseline measures the database and not sovet's SQL layer.
class PlainTable {
 public:
  PlainTable(const std::string& url, const std::string& table) : table_(table) {
    auto parsed = sovet::ParseStoreUrl(url);
    if (!parsed) Fail(parsed.error().ToString());
    if (parsed->kind == sovet::StoreUrl::Kind::kSqlite) {
      if (sqlite3_open(parsed->target.c_str(), &sqlite_) != SQLITE_OK)
        Fail(sqlite3_errmsg(sqlite_));
      Exec("PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
      Exec(fmt::format("CREATE TABLE {} (seq BIGINT PRIMARY KEY, entry BLOB NOT NULL)", table));
      if (sqlite3_prepare_v2(sqlite_, fmt::format("INSERT INTO {} VALUES (?, ?)", table).c_str(),
                             -1, &insert_, nullptr) != SQLITE_OK) {
        Fail(sqlite3_errmsg(sqlite_));
      }
    } else {
      pg_ = PQconnectdb(parsed->target.c_str());
      if (PQstatus(pg_) != CONNECTION_OK) Fail(PQerrorMessage(pg_));
      Exec("SET synchronous_commit = on; SET client_min_messages = warning");
      Exec(fmt::format("CREATE TABLE {} (seq BIGINT PRIMARY KEY, entry BYTEA NOT NULL)", table));
    }
  }
  ~PlainTable() {
    if (insert_ != nullptr) sqlite3_finalize(insert_);
    if (sqlite_ != nullptr) sqlite3_close(sqlite_);
    if (pg_ != nullptr) PQfinish(pg_);
  }

  // One durable transaction inserting `rows` (seq, entry bytes).
  void Commit(const std::vector<std::pair<std::int64_t, std::string>>& rows) {
    if (sqlite_ != nullptr) {
      Exec("BEGIN");
      for (const auto& [seq, entry] : rows) {
        sqlite3_bind_int64(insert_, 1, seq);
        sqlite3_bind_blob(insert_, 2, entry.data(), static_cast<int>(entry.size()), SQLITE_STATIC);
        if (sqlite3_step(insert_) != SQLITE_DONE) Fail(sqlite3_errmsg(sqlite_));
        sqlite3_reset(insert_);
      }
      Exec("COMMIT");
      return;
    }
    // One multi-row statement, parameters in binary, as the journal sends.
    std::string sql = fmt::format("INSERT INTO {} VALUES ", table_);
    std::vector<std::string> seqs(rows.size());
    std::vector<const char*> values;
    std::vector<int> lengths;
    for (std::size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
      sql +=
          fmt::format("{}(${}, ${})", row_idx == 0 ? "" : ", ", 2 * row_idx + 1, 2 * row_idx + 2);
      auto seq = static_cast<std::uint64_t>(rows[row_idx].first);
      for (int shift = 56; shift >= 0; shift -= 8)
        seqs[row_idx].push_back(static_cast<char>(seq >> shift));
      values.push_back(seqs[row_idx].data());
      lengths.push_back(8);
      values.push_back(rows[row_idx].second.data());
      lengths.push_back(static_cast<int>(rows[row_idx].second.size()));
    }
    std::vector<Oid> types;
    for (std::size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
      types.push_back(20);  // int8
      types.push_back(17);  // bytea
    }
    std::vector<int> formats(values.size(), 1);
    Exec("BEGIN");
    PGresult* result = PQexecParams(pg_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                                    values.data(), lengths.data(), formats.data(), 1);
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string error = ok ? "" : PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) Fail(error);
    Exec("COMMIT");
  }

 private:
  void Exec(const std::string& sql) {
    if (sqlite_ != nullptr) {
      char* message = nullptr;
      if (sqlite3_exec(sqlite_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Fail(message != nullptr ? message : "error");
      }
      return;
    }
    PGresult* result = PQexec(pg_, sql.c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string error = ok ? "" : PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) Fail(error);
  }
  [[noreturn]] static void Fail(const std::string& message) {
    fmt::print(stderr, "bench: baseline: {}\n", message);
    std::exit(1);
  }

  std::string table_;
  sqlite3* sqlite_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  PGconn* pg_ = nullptr;
};

// Plain INSERTs of the same canonical entry bytes, `group` rows per
// durable transaction, for `seconds`.
double MeasureBaseline(const std::string& url, const std::string& table, int group,
                       double seconds) {
  PlainTable plain(url, table);
  std::string prev(sovet::kHashSize, '\0');
  std::int64_t seq = 0;
  Clock::time_point start = Clock::now();
  Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  while (Clock::now() < deadline) {
    std::vector<std::pair<std::int64_t, std::string>> rows;
    for (int idx = 0; idx < group; ++idx, ++seq) {
      Act act = BenchAct(seq);
      auto entry = sovet::EncodeEntryBody(seq, 0, false, prev, act.kind, act.body, act.fields);
      rows.emplace_back(seq, *entry);
    }
    plain.Commit(rows);
  }
  return static_cast<double>(seq) / SecondsSince(start);
}

void RunStore(const std::string& name, const std::string& url, const std::string& key,
              double seconds) {
  auto genesis = Journal::Init({.url = url, .key_path = key});
  if (!genesis) {
    fmt::print(stderr, "bench: {}\n", genesis.error().ToString());
    std::exit(1);
  }
  struct Mode {
    const char* label;
    int threads;
    int in_flight;
  };
  const Mode modes[] = {{"1 writer", 1, 1}, {"16 writers", 16, 1}, {"16 x 64 in flight", 16, 64}};
  int table = 0;
  for (const Mode& mode : modes) {
    Figure journal = MeasureJournal(url, key, mode.threads, mode.in_flight, seconds);
    int group = std::max(1, static_cast<int>(journal.mean_group + 0.5));
    double plain = MeasureBaseline(url, fmt::format("bench_plain_{}", table++), group, seconds);
    fmt::print(
        "{:<10} {:<18} journal {:>9.0f} appends/s (mean group {:>6.1f})   plain INSERT "
        "{:>9.0f} rows/s (groups of {:>4})   journal/plain {:.2f}\n",
        name, mode.label, journal.per_second, journal.mean_group, plain, group,
        journal.per_second / plain);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.5;
  if (seconds <= 0) seconds = 1.5;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              fmt::format("sovet_bench_journal_append_{}", ::getpid());
  std::filesystem::create_directories(dir);
  fmt::print("bench_journal_append: durable appends/s ({} s per figure; {} cores)\n", seconds,
             std::thread::hardware_concurrency());
  RunStore("sqlite", "sqlite:" + (dir / "bench.db").string(), (dir / "sqlite.key").string(),
           seconds);

  std::string pg_url;
  std::string pg_dir;
  for (const char* name : {"SOVET_BENCH_PG_URL", "SOVET_TEST_PG_URL"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      pg_url = value;
      break;
    }
  }
  if (pg_url.empty()) {
    pg_dir = (dir / "pg").string();
    pg_url =
        RunCommand(fmt::format("'{}/scripts/pg-test-server' start '{}'", SOVET_SOURCE_DIR, pg_dir));
  }
  if (pg_url.starts_with("postgresql://")) {
    // A schema of its own, dropped afterwards.
    std::string schema = fmt::format("bench_{}", ::getpid());
    if (AdminSql(pg_url, fmt::format("CREATE SCHEMA {}", schema))) {
      std::string url = fmt::format("{}{}options=-csearch_path%3D{}", pg_url,
                                    pg_url.find('?') == std::string::npos ? "?" : "&", schema);
      RunStore("postgresql", url, (dir / "pg.key").string(), seconds);
      AdminSql(pg_url, fmt::format("DROP SCHEMA {} CASCADE", schema));
    } else {
      fmt::print("postgresql: cannot use {}\n", pg_url);
    }
  } else {
    fmt::print("postgresql: no server (set SOVET_BENCH_PG_URL, or install PostgreSQL)\n");
  }
  if (!pg_dir.empty()) {
    RunCommand(fmt::format("'{}/scripts/pg-test-server' stop '{}'", SOVET_SOURCE_DIR, pg_dir));
  }
  std::filesystem::remove_all(dir);
  fmt::print(
      "reproduce: BUILD_DIR=build scripts/build --target bench_journal_append && "
      "build/bench/bench_journal_append {}\n",
      seconds);
  return 0;
}
