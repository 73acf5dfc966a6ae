// The projector registry and the built-in state tables.
#include <fmt/format.h>
#include <sodium.h>

#include <map>
#include <utility>

#include "journal/projection_store.h"
#include "sovet/projection.h"

namespace sovet {
namespace {

Status FieldError(const Act& act, const std::string& field, const std::string& expected) {
  return Status::InvalidInput(fmt::format("act \"{}\" for body \"{}\": field \"{}\": expected {}",
                                          act.kind, act.body, field, expected),
                              SourceLocation{.field = field});
}

// `seats`: an integer >= 0; required or optional.
Result<void> CheckSeats(const Act& act, bool required) {
  if (act.body.empty()) {
    return Error(Status::InvalidInput(
        fmt::format("act \"{}\" needs a body id (--body), e.g. town_soviet:petrograd", act.kind),
        SourceLocation{.field = "body"}));
  }
  auto seats = act.fields.find("seats");
  if (seats == act.fields.end()) {
    if (required) return Error(FieldError(act, "seats", "an integer >= 0 (the number of seats)"));
    return {};
  }
  if (!seats->second.is_integer() || seats->second.integer() < 0) {
    return Error(FieldError(act, "seats", "an integer >= 0 (the number of seats)"));
  }
  return {};
}

std::int64_t SeatsOf(const Entry& entry) {
  auto seats = entry.payload.find("seats");
  return seats != entry.payload.end() && seats->second.is_integer() ? seats->second.integer() : 0;
}

// body.create and body.seats both set the body's seat count; the row keeps
// the seq of the act that first named the body and of the latest change.
Result<void> ApplyBodySeats(const Entry& entry, ProjectionSql& sql) {
  return sql.Exec(
      "INSERT INTO {p}bodies (body, seats, created_seq, updated_seq) VALUES ($1, $2, $3, $3) "
      "ON CONFLICT (body) DO UPDATE SET seats = excluded.seats, updated_seq = excluded.updated_seq",
      {entry.body, SeatsOf(entry), entry.seq});
}

Projector BuildDefaultProjector() {
  Projector projector;
  projector.AddTable(StateTable{.name = "bodies",
                                .columns =
                                    "body TEXT NOT NULL PRIMARY KEY, seats BIGINT NOT NULL, "
                                    "created_seq BIGINT NOT NULL, updated_seq BIGINT NOT NULL",
                                .order_by = "body"});
  projector.AddKind(
      "body.create", [](const Act& act) { return CheckSeats(act, false); }, &ApplyBodySeats);
  projector.AddKind(
      "body.seats", [](const Act& act) { return CheckSeats(act, true); }, &ApplyBodySeats);
  // Clients add their own kinds to a copy of this projector and pass it in
  // InitOptions/OpenOptions (the council engine: EngineProjector()).
  return projector;
}

std::string Substitute(std::string_view sql, std::string_view prefix, std::string_view blob) {
  std::string out;
  out.reserve(sql.size() + 16);
  for (std::size_t at = 0; at < sql.size();) {
    if (sql.substr(at, 3) == "{p}") {
      out += prefix;
      at += 3;
    } else if (sql.substr(at, 6) == "{blob}") {
      out += blob;
      at += 6;
    } else {
      out += sql[at++];
    }
  }
  return out;
}

class PrefixedSql final : public ProjectionSql {
 public:
  PrefixedSql(journal::SqlConnection& sql, std::string_view prefix) : sql_(sql), prefix_(prefix) {}
  Result<void> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    SOVET_CHECK_OK(Flush());
    return sql_.Exec(Rewrite(sql), params);
  }
  Result<std::vector<std::vector<SqlValue>>> Query(std::string_view sql,
                                                   const std::vector<SqlValue>& params) override {
    SOVET_CHECK_OK(Flush());
    return sql_.Query(Rewrite(sql), params);
  }
  Result<void> Insert(std::string_view table, const std::vector<std::string>& columns,
                      std::vector<SqlValue> row) override {
    Pending* pending = nullptr;
    // Rows of one table usually come in runs: the last table inserted into
    // is tried first.
    if (last_ != nullptr && last_->table == table && last_->columns == columns) {
      pending = last_;
    } else {
      for (Pending& candidate : pending_) {
        if (candidate.table == table && candidate.columns == columns) pending = &candidate;
      }
    }
    if (pending == nullptr) {
      pending_.push_back(Pending{std::string(table), columns, {}});
      pending = &pending_.back();
    }
    last_ = pending;
    pending->rows.push_back(std::move(row));
    // A full statement's worth is written at once: memory stays flat.
    if (pending->rows.size() >= kRowsPerFlush) {
      SOVET_CHECK_OK(sql_.InsertRows(fmt::format("{}{}", prefix_, pending->table),
                                     pending->columns, pending->rows));
      pending->rows.clear();
    }
    return {};
  }
  // Writes the buffered rows, table by table in the order first inserted.
  Result<void> Flush() {
    for (Pending& pending : pending_) {
      if (pending.rows.empty()) continue;
      SOVET_CHECK_OK(sql_.InsertRows(fmt::format("{}{}", prefix_, pending.table), pending.columns,
                                     pending.rows));
      pending.rows.clear();
    }
    return {};
  }

 private:
  const std::string& Rewrite(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
      found = cache_.emplace(std::string(sql), Substitute(sql, prefix_, sql_.BlobType())).first;
    }
    return found->second;
  }
  // Rows per table written at once: one COPY (PostgreSQL) per this many.
  static constexpr std::size_t kRowsPerFlush = 4096;
  struct Pending {
    std::string table;
    std::vector<std::string> columns;
    std::vector<std::vector<SqlValue>> rows;
  };
  journal::SqlConnection& sql_;
  std::string_view prefix_;
  std::map<std::string, std::string, std::less<>> cache_;
  std::vector<Pending> pending_;
  Pending* last_ = nullptr;  // the entry of pending_ inserted into last
};

}  // namespace

Result<void> Projector::Check(const Act& act) const {
  auto found = kinds_.find(act.kind);
  if (found == kinds_.end() || !found->second.check) return {};
  return found->second.check(act);
}

const ActApplier* Projector::FindApplier(const std::string& kind) const {
  auto found = kinds_.find(kind);
  return found == kinds_.end() ? nullptr : &found->second.apply;
}

const Projector& DefaultProjector() {
  static const Projector projector = BuildDefaultProjector();
  return projector;
}

namespace journal {

std::vector<StateTable> AllStateTables(const Projector& projector) {
  std::vector<StateTable> tables = {
      {.name = "acts",
       .columns = "body TEXT NOT NULL, kind TEXT NOT NULL, n_acts BIGINT NOT NULL, "
                  "last_seq BIGINT NOT NULL, PRIMARY KEY (body, kind)",
       .order_by = "body, kind"},
      {.name = "position",
       .columns = "id BIGINT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, hash {blob} NOT NULL",
       .order_by = "id"},
  };
  for (const StateTable& table : projector.tables()) tables.push_back(table);
  return tables;
}

Result<void> CreateStateTables(SqlConnection& sql, const Projector& projector,
                               std::string_view prefix, bool replace) {
  for (const StateTable& table : AllStateTables(projector)) {
    if (replace)
      SOVET_CHECK_OK(sql.Exec(fmt::format("DROP TABLE IF EXISTS {}{}", prefix, table.name), {}));
    // SQLite: a table with a primary key is stored in that key's order
    // (WITHOUT ROWID), so the key is not kept a second time in an index of
    // its own beside a rowid table (every key column is NOT NULL).
    const bool clustered = sql.dialect() == Dialect::kSqlite &&
                           table.columns.find("PRIMARY KEY") != std::string::npos;
    SOVET_CHECK_OK(sql.Exec(fmt::format("CREATE TABLE IF NOT EXISTS {}{} ({}){}", prefix, table.name,
                                        Substitute(table.columns, prefix, sql.BlobType()),
                                        clustered ? " WITHOUT ROWID" : ""),
                            {}));
  }
  return {};
}

Result<void> ApplyEntries(SqlConnection& sql, const Projector& projector, std::string_view prefix,
                          const std::vector<Entry>& entries) {
  if (entries.empty()) return {};
  PrefixedSql prefixed(sql, prefix);
  // Counts per (body, kind) are aggregated over the batch: one upsert per
  // distinct pair instead of one per entry.
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> counts;
  for (const Entry& entry : entries) {
    auto& [n_acts, last_seq] = counts[{entry.body, entry.kind}];
    ++n_acts;
    last_seq = entry.seq;
    if (const ActApplier* apply = projector.FindApplier(entry.kind)) {
      auto applied = (*apply)(entry, prefixed);
      if (!applied) {
        return Error(
            Status(applied.error().code(), fmt::format("projecting entry {} ({}): {}", entry.seq,
                                                       entry.kind, applied.error().message())));
      }
    }
  }
  // Several pairs per statement: the keys are distinct (one per map entry),
  // so no row is updated twice by one statement, which both SQLite and
  // PostgreSQL refuse.
  constexpr std::size_t kPairsPerStatement = 250;
  std::vector<SqlValue> params;
  std::string values;
  std::size_t in_statement = 0;
  auto upsert_counts = [&]() -> Result<void> {
    if (in_statement == 0) return {};
    SOVET_CHECK_OK(prefixed.Exec(
        fmt::format("INSERT INTO {{p}}acts (body, kind, n_acts, last_seq) VALUES {} "
                    "ON CONFLICT (body, kind) DO UPDATE SET n_acts = {{p}}acts.n_acts + "
                    "excluded.n_acts, last_seq = excluded.last_seq",
                    values),
        params));
    params.clear();
    values.clear();
    in_statement = 0;
    return {};
  };
  for (const auto& [key, value] : counts) {
    std::size_t at = params.size();
    values += fmt::format("{}(${}, ${}, ${}, ${})", in_statement ? ", " : "", at + 1, at + 2,
                          at + 3, at + 4);
    params.insert(params.end(), {key.first, key.second, value.first, value.second});
    if (++in_statement == kPairsPerStatement) SOVET_CHECK_OK(upsert_counts());
  }
  SOVET_CHECK_OK(upsert_counts());
  SOVET_CHECK_OK(prefixed.Flush());
  SOVET_CHECK_OK(
      prefixed.Exec("INSERT INTO {p}position (id, seq, hash) VALUES (0, $1, $2) "
                    "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                    {entries.back().seq, Bytes{entries.back().hash}}));
  return {};
}

Result<std::string> StateDigest(SqlConnection& sql, const Projector& projector,
                                std::string_view prefix) {
  // The dump, per table in order: text(name), integer(row count), then each
  // row as a list of its columns' values (BIGINT → integer, TEXT → text,
  // blob → bytes). Each piece is self-delimiting, so the dump is canonical.
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto feed = [&](const Value& value) -> Result<void> {
    SOVET_TRY(std::string bytes, EncodeValue(value));
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
    return {};
  };
  for (const StateTable& table : AllStateTables(projector)) {
    SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT * FROM {}{} ORDER BY {}", prefix, table.name,
                                               table.order_by),
                                   {}));
    SOVET_CHECK_OK(feed(Value::Text(table.name)));
    SOVET_CHECK_OK(feed(Value::Integer(static_cast<std::int64_t>(rows.size()))));
    for (const auto& row : rows) {
      ValueList items;
      for (const SqlValue& cell : row) {
        if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
          items.push_back(Value::Integer(*integer));
        } else if (const auto* text = std::get_if<std::string>(&cell)) {
          items.push_back(Value::Text(*text));
        } else {
          items.push_back(Value::ByteString(std::get<Bytes>(cell).data));
        }
      }
      SOVET_CHECK_OK(feed(Value::List(std::move(items))));
    }
  }
  std::string digest(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256_final(&state, reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace journal
}  // namespace sovet
