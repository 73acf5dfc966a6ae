// The state read API (sovet/state.h) over the journal's SQL layer.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "journal/projection_store.h"
#include "journal/sql.h"
#include "sovet/state.h"

namespace sovet {

namespace {

Status DamagedStatus(std::string_view table, std::string_view row, std::string_view what) {
  return Status::IntegrityViolation(
      fmt::format("state table {}{}: row {}: {}; the state tables were changed outside sovet "
                  "(sovet replay rebuilds them from the journal)",
                  journal::kLivePrefix, table, row, what));
}

std::string Describe(const SqlValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value))
    return fmt::format("integer {}", *integer);
  if (const auto* text = std::get_if<std::string>(&value)) return fmt::format("text '{}'", *text);
  return fmt::format("a blob of {} bytes", std::get<Bytes>(value).data.size());
}

}  // namespace

std::string StateRows::RowName(std::size_t row) const {
  if (row >= rows_.size() || rows_[row].empty()) return fmt::format("#{}", row + 1);
  return fmt::format("#{} ({})", row + 1, journal::SqlValueToString(rows_[row][0]));
}

Status StateRows::Damaged(std::size_t row, std::string_view what) const {
  return DamagedStatus(table_, RowName(row), what);
}

Result<std::int64_t> StateRows::Int(std::size_t row, std::size_t column) const {
  if (row >= rows_.size() || column >= rows_[row].size()) {
    return Error(Damaged(row, fmt::format("column {} is missing", column + 1)));
  }
  const SqlValue& cell = rows_[row][column];
  if (const auto* integer = std::get_if<std::int64_t>(&cell)) return *integer;
  return Error(Damaged(
      row, fmt::format("column {} holds {}, expected an integer", column + 1, Describe(cell))));
}

Result<std::string> StateRows::Text(std::size_t row, std::size_t column) const {
  if (row >= rows_.size() || column >= rows_[row].size()) {
    return Error(Damaged(row, fmt::format("column {} is missing", column + 1)));
  }
  const SqlValue& cell = rows_[row][column];
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  return Error(
      Damaged(row, fmt::format("column {} holds {}, expected a text", column + 1, Describe(cell))));
}

class StateReader::Impl {
 public:
  Impl(std::unique_ptr<journal::SqlConnection> sql, std::unique_ptr<Journal> journal)
      : sql_(std::move(sql)), journal_(std::move(journal)) {}
  journal::SqlConnection& sql() { return *sql_; }
  Journal& journal() { return *journal_; }

 private:
  std::unique_ptr<journal::SqlConnection> sql_;
  std::unique_ptr<Journal> journal_;
};

StateReader::StateReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateReader::~StateReader() = default;

Result<std::unique_ptr<StateReader>> StateReader::Open(const std::string& url) {
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  SOVET_TRY(StoreUrl store, ParseStoreUrl(url));
  std::unique_ptr<journal::SqlConnection> sql;
  if (store.kind == StoreUrl::Kind::kSqlite) {
    SOVET_TRY(sql, journal::OpenSqlite(store.target, /*create=*/false));
  } else {
    SOVET_TRY(sql, journal::OpenPostgres(store.target));
  }
  return std::unique_ptr<StateReader>(
      new StateReader(std::make_unique<Impl>(std::move(sql), std::move(journal))));
}

Result<bool> StateReader::HasTable(std::string_view table) {
  const std::string name = fmt::format("{}{}", journal::kLivePrefix, table);
  journal::SqlConnection& sql = impl_->sql();
  std::vector<std::vector<SqlValue>> rows;
  if (sql.dialect() == journal::Dialect::kSqlite) {
    SOVET_TRY(rows, sql.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                              "name = $1",
                              {name}));
  } else {
    SOVET_TRY(rows, sql.Query("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = $1 "
                              "AND schemaname = current_schema()",
                              {name}));
  }
  return !rows.empty() && !rows[0].empty() && std::holds_alternative<std::int64_t>(rows[0][0]) &&
         std::get<std::int64_t>(rows[0][0]) > 0;
}

Result<StateRows> StateReader::Query(std::string_view table, std::string_view sql,
                                     const std::vector<SqlValue>& params) {
  std::string text;
  text.reserve(sql.size() + 16);
  for (std::size_t at = 0; at < sql.size();) {
    if (sql.substr(at, 3) == "{p}") {
      text += journal::kLivePrefix;
      at += 3;
    } else {
      text += sql[at++];
    }
  }
  auto rows = impl_->sql().Query(text, params);
  if (!rows) {
    // Only a failed query pays for the catalogue look-up that tells a
    // missing table (state damaged outside sovet) from other failures.
    SOVET_TRY(bool exists, HasTable(table));
    if (!exists) {
      return Error(Status::IntegrityViolation(fmt::format(
          "{}: the state table {}{} is missing; the state tables were changed outside sovet "
          "(sovet replay rebuilds them from the journal)",
          display_url(), journal::kLivePrefix, table)));
    }
    return Error(rows.error());
  }
  return StateRows(std::string(table), std::move(*rows));
}

Result<Appended> StateReader::Head() {
  SOVET_TRY(auto rows, impl_->sql().Query("SELECT seq, hash FROM journal_head WHERE id = 0", {}));
  if (rows.size() != 1 || rows[0].size() != 2 ||
      !std::holds_alternative<std::int64_t>(rows[0][0]) ||
      !std::holds_alternative<Bytes>(rows[0][1])) {
    return Error(Status::IntegrityViolation(
        fmt::format("{}: the journal's head row is missing or altered; run sovet verify",
                    display_url())));
  }
  return Appended{std::get<std::int64_t>(rows[0][0]), std::get<Bytes>(rows[0][1]).data};
}

Result<Appended> StateReader::WaitForSeq(std::int64_t seq, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // A standby replays the primary's WAL within milliseconds on a healthy
  // link: poll often at first, then back off so a lagging replica is not
  // also flooded with head reads.
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    SOVET_TRY(Appended head, Head());
    if (head.seq >= seq) return head;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return Error(Status::Unavailable(fmt::format(
          "{}: the journal here has reached entry {}, not entry {}, after waiting {} ms (a "
          "replica behind its primary, or a position not yet written); retry, or read from the "
          "primary",
          display_url(), head.seq, seq, timeout.count())));
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

Result<std::vector<Entry>> StateReader::ReadEntries(std::int64_t from, std::int64_t limit) {
  return impl_->journal().Read(from, limit);
}

const std::string& StateReader::display_url() const { return impl_->journal().display_url(); }

}  // namespace sovet
