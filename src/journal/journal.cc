// The journal over a store: init, open, group-commit appends, read, verify,
// export and replay (sovet/journal.h).
#include "sovet/journal.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "base/text.h"
#include "journal/crypto.h"
#include "journal/projection_store.h"
#include "journal/sql.h"
#include "journal/verifier.h"
#include "sovet/projection.h"

namespace sovet {

using journal::RawEntry;
using journal::SqlConnection;
using journal::SqlRow;

namespace {

// The export file starts with this line (doc/journal_format.md §5).
constexpr std::string_view kExportMagic = "sovet-journal-export-v1\n";
// Upper bound on a commit group: bounds the transaction's size and the
// latency of the first caller in it.
constexpr std::size_t kMaxBatch = 8192;
constexpr std::int64_t kReadChunk = 4096;
const std::vector<std::string> kJournalColumns = {"seq",   "kind", "body",
                                                  "entry", "hash", "signature"};

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<SqlConnection>> Connect(const StoreUrl& url, bool create) {
  if (url.kind == StoreUrl::Kind::kSqlite) return journal::OpenSqlite(url.target, create);
  return journal::OpenPostgres(url.target);
}

std::string SchemaSql(const SqlConnection& sql) {
  // SQLite: INTEGER PRIMARY KEY makes seq the rowid (the table's own
  // B-tree key), so entries are stored in seq order without a second index.
  std::string seq_type =
      sql.dialect() == journal::Dialect::kSqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
  std::string blob(sql.BlobType());
  return fmt::format(
      "CREATE TABLE journal (seq {0}, kind TEXT NOT NULL, body TEXT NOT NULL, "
      "entry {1} NOT NULL, hash {1} NOT NULL, signature {1} NOT NULL);"
      "CREATE TABLE journal_head (id BIGINT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, "
      "hash {1} NOT NULL);",
      seq_type, blob);
}

Result<bool> JournalExists(SqlConnection& sql) {
  if (sql.dialect() == journal::Dialect::kSqlite) {
    SOVET_TRY(auto rows, sql.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                   "name = 'journal'",
                                   {}));
    return std::get<std::int64_t>(rows[0][0]) > 0;
  }
  SOVET_TRY(auto rows, sql.Query("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = "
                                 "'journal' AND schemaname = current_schema()",
                                 {}));
  return std::get<std::int64_t>(rows[0][0]) > 0;
}

// Views into `row`, which must outlive the result.
RawEntry RowToRaw(const SqlRow& row) {
  RawEntry raw;
  raw.column_seq = std::get<std::int64_t>(row[0]);
  raw.column_kind = std::get<std::string>(row[1]);
  raw.column_body = std::get<std::string>(row[2]);
  raw.encoded = std::get<Bytes>(row[3]).data;
  raw.hash = std::get<Bytes>(row[4]).data;
  raw.signature = std::get<Bytes>(row[5]).data;
  return raw;
}

// Rows come from sovet's own schema; a value of another type means the
// table was altered outside sovet.
bool RowHasJournalTypes(const SqlRow& row) {
  return row.size() == 6 && std::holds_alternative<std::int64_t>(row[0]) &&
         std::holds_alternative<std::string>(row[1]) &&
         std::holds_alternative<std::string>(row[2]) && std::holds_alternative<Bytes>(row[3]) &&
         std::holds_alternative<Bytes>(row[4]) && std::holds_alternative<Bytes>(row[5]);
}

std::string ReadQuery() {
  return "SELECT seq, kind, body, entry, hash, signature FROM journal WHERE seq >= $1 "
         "ORDER BY seq LIMIT $2";
}

Result<Entry> RowToEntry(SqlRow& row) {
  if (!RowHasJournalTypes(row)) {
    return Error(Status::IntegrityViolation("a journal row has columns of the wrong type"));
  }
  RawEntry raw = RowToRaw(row);
  auto entry = DecodeEntryBody(raw.encoded);
  if (!entry) {
    return Error(Status::IntegrityViolation(
        fmt::format("entry {}: {}", *raw.column_seq, entry.error().message())));
  }
  entry->hash = std::string(raw.hash);
  entry->signature = std::string(raw.signature);
  return entry;
}

Result<void> BeginSnapshot(SqlConnection& sql) {
  // One consistent view for a whole verification or replay.
  if (sql.dialect() == journal::Dialect::kPostgres) {
    return sql.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ", {});
  }
  return sql.Exec("BEGIN", {});
}

}  // namespace

class Journal::Impl {
 public:
  struct Pending {
    Act act;
    std::function<void(Result<Appended>)> done;
    std::string payload;  // the act's fields, encoded once (ValidateActPayload)
  };

  Impl(StoreUrl url, std::unique_ptr<SqlConnection> reader, Entry genesis,
       const Projector* projector)
      : url_(std::move(url)),
        reader_(std::move(reader)),
        genesis_(std::move(genesis)),
        projector_(projector != nullptr ? projector : &DefaultProjector()) {}

  ~Impl() {
    if (writer_.joinable()) {
      {
        std::lock_guard lock(mu_);
        stop_ = true;
      }
      cv_.notify_one();
      writer_.join();
    }
  }

  const Projector* projector() const { return projector_; }

  void StartWriter(NodeKey key, std::unique_ptr<SqlConnection> writer) {
    key_ = std::move(key);
    writer_sql_ = std::move(writer);
    writer_ = std::thread([this] { WriterLoop(); });
  }

  void Submit(Act act, std::function<void(Result<Appended>)> done) {
    if (!writer_sql_) {
      done(
          Error(Status::FailedPrecondition("the journal was opened read-only; appending needs "
                                           "the node key (open it writable)")));
      return;
    }
    auto payload = ValidateActPayload(act);
    Result<void> valid;
    if (!payload) valid = Error(payload.error());
    if (valid && act.kind.starts_with("journal.")) {
      valid = Error(Status::InvalidInput(
          fmt::format("act kind \"{}\": kinds starting \"journal.\" are the journal's own",
                      act.kind),
          SourceLocation{.field = "kind"}));
    }
    if (valid) valid = projector_->Check(act);
    if (!valid) {
      done(Error(valid.error()));
      return;
    }
    {
      std::lock_guard lock(mu_);
      queue_.push_back(Pending{std::move(act), std::move(done), std::move(*payload)});
    }
    cv_.notify_one();
  }

  Result<std::vector<Entry>> Read(std::int64_t from, std::int64_t limit) {
    std::lock_guard lock(reader_mu_);
    SOVET_TRY(auto rows, reader_->Query(ReadQuery(), {from, limit < 0 ? INT64_MAX : limit}));
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    for (auto& row : rows) {
      SOVET_TRY(Entry entry, RowToEntry(row));
      entries.push_back(std::move(entry));
    }
    return entries;
  }

  Result<VerifyReport> Verify(const VerifyOptions& options) {
    std::lock_guard lock(reader_mu_);
    SOVET_CHECK_OK(BeginSnapshot(*reader_));
    auto report = VerifyInSnapshot(options);
    reader_->Rollback();
    return report;
  }

  Result<void> Export(const std::function<Result<void>(std::string_view)>& sink) {
    std::lock_guard lock(reader_mu_);
    SOVET_CHECK_OK(BeginSnapshot(*reader_));
    auto done = ExportInSnapshot(sink);
    reader_->Rollback();
    return done;
  }

  Result<ReplayReport> Replay() {
    std::lock_guard lock(reader_mu_);
    // A write transaction: the rebuilt tables are written, and the live
    // state must not move while both are digested. SQLite's BEGIN
    // IMMEDIATE holds off appends; PostgreSQL's REPEATABLE READ gives both
    // digests the same snapshot.
    if (reader_->dialect() == journal::Dialect::kSqlite) {
      SOVET_CHECK_OK(reader_->BeginWrite());
    } else {
      SOVET_CHECK_OK(BeginSnapshot(*reader_));
    }
    auto report = ReplayInTransaction();
    if (!report) {
      reader_->Rollback();
      return report;
    }
    SOVET_CHECK_OK(reader_->Commit());
    return report;
  }

  const Entry& genesis() const { return genesis_; }
  const std::string& display_url() const { return reader_->display_url(); }

 private:
  Result<VerifyReport> VerifyInSnapshot(const VerifyOptions& options) {
    journal::ChainVerifier verifier(options);
    // Keyset pagination on the seq column: each chunk starts after the last
    // row seen, whatever the rows claim to be.
    std::int64_t next_column_seq = INT64_MIN;
    for (;;) {
      SOVET_TRY(auto rows,
                reader_->Query("SELECT seq, kind, body, entry, hash, signature FROM journal "
                               "WHERE seq >= $1 ORDER BY seq LIMIT $2",
                               {next_column_seq, kReadChunk}));
      if (rows.empty()) break;
      std::vector<RawEntry> chunk;
      chunk.reserve(rows.size());
      for (auto& row : rows) {
        if (!RowHasJournalTypes(row)) {
          verifier.Feed(chunk);
          verifier.FailAtNext("the row has columns of the wrong type (altered outside sovet)");
          return verifier.Finish();
        }
        chunk.push_back(RowToRaw(row));
        verifier.AddBytes(static_cast<std::int64_t>(chunk.back().encoded.size()));
      }
      // No row can follow one at the largest seq (and +1 would overflow).
      bool more = static_cast<std::int64_t>(chunk.size()) == kReadChunk &&
                  *chunk.back().column_seq < INT64_MAX;
      if (more) next_column_seq = *chunk.back().column_seq + 1;
      if (!verifier.Feed(chunk)) return verifier.Finish();
      if (!more) break;
    }
    VerifyReport report = verifier.Finish();
    if (!report.ok) return report;
    // The head row serialises writers; it must name the last entry. A
    // mismatch means entries were removed (or the row edited) after commit.
    SOVET_TRY(auto head, reader_->Query("SELECT seq, hash FROM journal_head WHERE id = 0", {}));
    std::int64_t last = report.entries - 1;
    // The row may hold anything after tampering ('zz' in the seq column).
    if (head.size() != 1 || head[0].size() != 2 ||
        !std::holds_alternative<std::int64_t>(head[0][0]) ||
        std::get<std::int64_t>(head[0][0]) != last || !std::holds_alternative<Bytes>(head[0][1]) ||
        std::get<Bytes>(head[0][1]).data != report.last_hash) {
      report.ok = false;
      report.bad_seq =
          head.size() == 1 && !head[0].empty() && std::holds_alternative<std::int64_t>(head[0][0])
              ? std::min(last + 1, std::get<std::int64_t>(head[0][0]))
              : last;
      report.defect = fmt::format(
          "the journal's head row names {}, but the last entry is {} (entries removed from the "
          "end, or the head row altered)",
          head.size() == 1 && !head[0].empty()
              ? QuoteForMessage(journal::SqlValueToString(head[0][0]))
              : std::string("nothing"),
          last);
    }
    return report;
  }

  Result<void> ExportInSnapshot(const std::function<Result<void>(std::string_view)>& sink) {
    SOVET_CHECK_OK(sink(kExportMagic));
    std::int64_t from = 0;
    std::string buffer;
    for (;;) {
      SOVET_TRY(auto rows, reader_->Query(ReadQuery(), {from, kReadChunk}));
      buffer.clear();
      for (auto& row : rows) {
        if (!RowHasJournalTypes(row)) {
          return Error(Status::IntegrityViolation(
              fmt::format("entry {}: the row has columns of the wrong type", from)));
        }
        const std::string& encoded = std::get<Bytes>(row[3]).data;
        std::uint32_t length = static_cast<std::uint32_t>(encoded.size());
        for (int shift = 24; shift >= 0; shift -= 8)
          buffer.push_back(static_cast<char>(length >> shift));
        buffer += encoded;
        buffer += std::get<Bytes>(row[4]).data;
        buffer += std::get<Bytes>(row[5]).data;
        if (std::get<std::int64_t>(row[0]) == INT64_MAX) {
          // The last possible entry: nothing can follow it.
          if (!buffer.empty()) SOVET_CHECK_OK(sink(buffer));
          return {};
        }
        from = std::get<std::int64_t>(row[0]) + 1;
      }
      if (!buffer.empty()) SOVET_CHECK_OK(sink(buffer));
      if (static_cast<std::int64_t>(rows.size()) < kReadChunk) break;
    }
    return {};
  }

  Result<ReplayReport> ReplayInTransaction() {
    // A projector may keep tables the store was initialised without: they
    // are compared as empty.
    SOVET_CHECK_OK(journal::CreateStateTables(*reader_, *projector_, journal::kLivePrefix, false));
    SOVET_CHECK_OK(journal::CreateStateTables(*reader_, *projector_, journal::kReplayPrefix, true));
    ReplayReport report;
    std::int64_t from = 0;
    for (;;) {
      SOVET_TRY(auto rows, reader_->Query(ReadQuery(), {from, kReadChunk}));
      std::vector<Entry> entries;
      entries.reserve(rows.size());
      for (auto& row : rows) {
        SOVET_TRY(Entry entry, RowToEntry(row));
        entries.push_back(std::move(entry));
      }
      SOVET_CHECK_OK(journal::ApplyEntries(*reader_, *projector_, journal::kReplayPrefix, entries));
      report.entries += static_cast<std::int64_t>(entries.size());
      if (static_cast<std::int64_t>(rows.size()) < kReadChunk || entries.back().seq == INT64_MAX) {
        break;
      }
      from = entries.back().seq + 1;
    }
    SOVET_TRY(report.live_digest, journal::StateDigest(*reader_, *projector_, journal::kLivePrefix));
    SOVET_TRY(report.rebuilt_digest,
              journal::StateDigest(*reader_, *projector_, journal::kReplayPrefix));
    return report;
  }

  void WriterLoop() {
    std::vector<Pending> batch;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stop_ and drained
        std::size_t take = std::min(queue_.size(), kMaxBatch);
        batch.clear();
        for (std::size_t idx = 0; idx < take; ++idx) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      std::vector<Appended> appended;
      auto committed = CommitBatch(batch, appended);
      for (std::size_t idx = 0; idx < batch.size(); ++idx) {
        if (committed) {
          batch[idx].done(std::move(appended[idx]));
        } else {
          batch[idx].done(Error(committed.error()));
        }
      }
    }
  }

  // One commit group: under the store's write lock, read the head (another
  // process may have appended since), chain, seal the last entry, write the
  // entries and their projection, move the head, commit. Nothing is
  // acknowledged unless COMMIT returned ok, i.e. the group is durable.
  Result<void> CommitBatch(std::vector<Pending>& batch, std::vector<Appended>& appended) {
    SqlConnection& sql = *writer_sql_;
    SOVET_CHECK_OK(sql.BeginWrite());
    auto result = WriteBatch(sql, batch, appended);
    if (!result) {
      sql.Rollback();
      return result;
    }
    auto commit = sql.Commit();
    if (!commit) {
      sql.Rollback();
      return commit;
    }
    return {};
  }

  Result<void> WriteBatch(SqlConnection& sql, std::vector<Pending>& batch,
                          std::vector<Appended>& appended) {
    SOVET_TRY(auto head, sql.Query(fmt::format("SELECT seq, hash FROM journal_head WHERE id = 0{}",
                                               sql.ForUpdate()),
                                   {}));
    if (head.size() != 1 || !std::holds_alternative<std::int64_t>(head[0][0]) ||
        !std::holds_alternative<Bytes>(head[0][1])) {
      return Error(Status::IntegrityViolation(
          fmt::format("{}: the journal's head row is missing or altered; run sovet verify",
                      sql.display_url())));
    }
    std::int64_t seq = std::get<std::int64_t>(head[0][0]);
    std::string prev = std::get<Bytes>(head[0][1]).data;
    // Sequence numbers end at 2^63-1 (doc/journal_format.md §3.1).
    if (seq < 0 || seq > INT64_MAX - static_cast<std::int64_t>(batch.size())) {
      return Error(Status::IntegrityViolation(
          fmt::format("{}: the journal's head row names seq {}, after which {} more entries do "
                      "not fit below 2^63; run sovet verify",
                      sql.display_url(), seq, batch.size())));
    }
    std::vector<Entry> entries;
    std::vector<SqlRow> rows;
    entries.reserve(batch.size());
    rows.reserve(batch.size());
    appended.clear();
    for (std::size_t idx = 0; idx < batch.size(); ++idx) {
      Act& act = batch[idx].act;
      Entry entry;
      entry.seq = ++seq;
      entry.time_ns = NowNs();
      // Only the last entry of a group is signed: its hash covers every
      // earlier entry through the chain, so one Ed25519 signature per
      // durable flush vouches for the whole group (doc/journal_format.md §4).
      entry.sealed = idx + 1 == batch.size();
      entry.prev_hash = prev;
      entry.kind = act.kind;
      entry.body = act.body;
      // The act is not read again: its fields move into the entry.
      entry.payload = std::move(act.fields);
      SOVET_TRY(entry.encoded,
                EncodeEntryBodyWithPayload(entry.seq, entry.time_ns, entry.sealed, prev, act.kind,
                                           act.body, batch[idx].payload));
      entry.hash = journal::Sha256(entry.encoded);
      if (entry.sealed) entry.signature = journal::Sign(*key_, entry.hash);
      prev = entry.hash;
      rows.push_back({entry.seq, entry.kind, entry.body, Bytes{entry.encoded}, Bytes{entry.hash},
                      Bytes{entry.signature}});
      appended.push_back(Appended{entry.seq, entry.hash});
      entries.push_back(std::move(entry));
    }
    SOVET_CHECK_OK(sql.InsertRows("journal", kJournalColumns, rows));
    SOVET_CHECK_OK(journal::ApplyEntries(sql, *projector_, journal::kLivePrefix, entries));
    SOVET_CHECK_OK(
        sql.Exec("UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 0", {seq, Bytes{prev}}));
    return {};
  }

  StoreUrl url_;
  std::mutex reader_mu_;
  std::unique_ptr<SqlConnection> reader_;
  Entry genesis_;
  const Projector* projector_;

  std::optional<NodeKey> key_;
  std::unique_ptr<SqlConnection> writer_sql_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stop_ = false;
  std::thread writer_;
};

Result<Entry> Journal::Init(const InitOptions& options) {
  SOVET_TRY(StoreUrl url, ParseStoreUrl(options.url));
  std::string key_path = options.key_path;
  if (key_path.empty()) {
    SOVET_TRY(key_path, DefaultKeyPath(url));
  }
  if (::access(key_path.c_str(), F_OK) == 0) {
    return Error(Status::AlreadyExists(
        "a key file already exists here; sovet never overwrites a node key (remove it, or "
        "give another --key)",
        SourceLocation{.file = key_path, .field = "--key"}));
  }
  SOVET_TRY(auto sql, Connect(url, /*create=*/true));
  SOVET_TRY(bool exists, JournalExists(*sql));
  if (exists) {
    return Error(
        Status::AlreadyExists(fmt::format("{} already holds a sovet journal", sql->display_url()),
                              SourceLocation{.field = "--db"}));
  }
  SOVET_TRY(NodeKey key, CreateNodeKey(key_path));
  const Projector& projector =
      options.projector != nullptr ? *options.projector : DefaultProjector();

  ValueMap payload;
  payload["format"] = Value::Integer(1);
  payload["hash"] = Value::Text("sha256");
  payload["signature"] = Value::Text("ed25519");
  payload["node_public_key"] = Value::ByteString(key.public_key);
  if (options.charter) {
    payload["charter_id"] = Value::Text(options.charter->id);
    auto charter_hash = HexDecode(options.charter->sha256_hex);
    if (!charter_hash || charter_hash->size() != kHashSize) {
      ::unlink(key_path.c_str());
      return Error(Status::Internal("the charter's sha256_hex is not 64 hexadecimal digits"));
    }
    payload["charter_sha256"] = Value::ByteString(*charter_hash);
  }
  Entry genesis;
  genesis.seq = 0;
  genesis.time_ns = options.time_ns != 0 ? options.time_ns : NowNs();
  genesis.sealed = true;
  genesis.prev_hash.assign(kHashSize, '\0');
  genesis.kind = std::string(kGenesisKind);
  genesis.payload = payload;

  auto write = [&]() -> Result<void> {
    SOVET_TRY(genesis.encoded, EncodeEntryBody(0, genesis.time_ns, true, genesis.prev_hash,
                                               genesis.kind, "", genesis.payload));
    genesis.hash = journal::Sha256(genesis.encoded);
    genesis.signature = journal::Sign(key, genesis.hash);
    SOVET_CHECK_OK(sql->BeginWrite());
    auto body = [&]() -> Result<void> {
      SOVET_CHECK_OK(sql->Exec(SchemaSql(*sql), {}));
      SOVET_CHECK_OK(
          journal::CreateStateTables(*sql, projector, journal::kLivePrefix, false));
      SOVET_CHECK_OK(
          sql->InsertRows("journal", kJournalColumns,
                          {{std::int64_t{0}, genesis.kind, std::string(), Bytes{genesis.encoded},
                            Bytes{genesis.hash}, Bytes{genesis.signature}}}));
      SOVET_CHECK_OK(sql->Exec("INSERT INTO journal_head (id, seq, hash) VALUES (0, 0, $1)",
                               {Bytes{genesis.hash}}));
      SOVET_CHECK_OK(
          journal::ApplyEntries(*sql, projector, journal::kLivePrefix, {genesis}));
      return sql->Commit();
    }();
    if (!body) sql->Rollback();
    return body;
  };
  auto written = write();
  if (!written) {
    ::unlink(key_path.c_str());
    return Error(written.error());
  }
  return genesis;
}

Result<std::unique_ptr<Journal>> Journal::Open(const OpenOptions& options) {
  SOVET_TRY(StoreUrl url, ParseStoreUrl(options.url));
  SOVET_TRY(auto reader, Connect(url, /*create=*/false));
  SOVET_TRY(bool exists, JournalExists(*reader));
  if (!exists) {
    return Error(
        Status::NotFound(fmt::format("{} holds no sovet journal (run `sovet init --db {}` first)",
                                     reader->display_url(), reader->display_url()),
                         SourceLocation{.field = "--db"}));
  }
  SOVET_TRY(auto rows, reader->Query(ReadQuery(), {std::int64_t{0}, std::int64_t{1}}));
  if (rows.empty()) {
    return Error(Status::IntegrityViolation(
        fmt::format("{}: the journal has no genesis entry", reader->display_url())));
  }
  auto genesis_read = RowToEntry(rows[0]);
  if (!genesis_read) {
    return Error(Status(genesis_read.error().code(),
                        fmt::format("{}: the genesis row: {}; run sovet verify",
                                    reader->display_url(), genesis_read.error().message())));
  }
  Entry genesis = std::move(*genesis_read);
  if (genesis.seq != 0 || genesis.kind != kGenesisKind) {
    return Error(Status::IntegrityViolation(fmt::format(
        "{}: the first entry is not a genesis entry; run sovet verify", reader->display_url())));
  }
  auto field = [&](const char* name) -> const Value* {
    auto found = genesis.payload.find(name);
    return found == genesis.payload.end() ? nullptr : &found->second;
  };
  if (options.charter) {
    const Value* id = field("charter_id");
    const Value* hash = field("charter_sha256");
    if (id == nullptr || hash == nullptr || !id->is_text() || !hash->is_bytes()) {
      return Error(Status::FailedPrecondition(
          fmt::format("{} was initialised without a charter, but charter \"{}\" was given",
                      reader->display_url(), options.charter->id),
          SourceLocation{.field = "--charter"}));
    }
    if (HexEncode(hash->bytes()) != options.charter->sha256_hex) {
      return Error(Status::FailedPrecondition(
          fmt::format("{} belongs to charter \"{}\" (sha256 {}), not to the charter given, "
                      "\"{}\" (sha256 {}); a journal keeps the charter it was initialised with",
                      reader->display_url(), id->text(), HexEncode(hash->bytes()),
                      options.charter->id, options.charter->sha256_hex),
          SourceLocation{.field = "--charter"}));
    }
  }
  auto impl = std::make_unique<Impl>(url, std::move(reader), genesis, options.projector);
  if (options.writable) {
    std::string key_path = options.key_path;
    if (key_path.empty()) {
      SOVET_TRY(key_path, DefaultKeyPath(url));
    }
    SOVET_TRY(NodeKey key, LoadNodeKey(key_path));
    const Value* public_key = field("node_public_key");
    if (public_key == nullptr || !public_key->is_bytes() || public_key->bytes() != key.public_key) {
      return Error(Status::InvalidInput(
          fmt::format("this key (public key {}) is not the node key of {} (public key {})",
                      HexEncode(key.public_key), impl->display_url(),
                      public_key && public_key->is_bytes() ? HexEncode(public_key->bytes())
                                                           : std::string("missing")),
          SourceLocation{.file = key_path, .field = "--key"}));
    }
    SOVET_TRY(auto writer, Connect(url, /*create=*/false));
    // A projector may keep tables the store was initialised without (a
    // client's kinds registered later): create them, empty, before any act
    // of their kinds is appended.
    // Under the head's lock (PostgreSQL's CREATE TABLE IF NOT EXISTS races
    // between sessions), like every writer.
    SOVET_CHECK_OK(writer->BeginWrite());
    auto created = writer->Query(
        fmt::format("SELECT seq FROM journal_head WHERE id = 0{}", writer->ForUpdate()), {});
    Result<void> done;
    if (!created) done = Error(created.error());
    if (done) {
      done = journal::CreateStateTables(*writer, *impl->projector(), journal::kLivePrefix,
                                        /*replace=*/false);
    }
    if (done) done = writer->Commit();
    if (!done) {
      writer->Rollback();
      return Error(done.error());
    }
    impl->StartWriter(std::move(key), std::move(writer));
  }
  return std::unique_ptr<Journal>(new Journal(std::move(impl)));
}

Journal::Journal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Journal::~Journal() = default;

Result<Appended> Journal::Append(Act act) {
  std::promise<Result<Appended>> promise;
  auto future = promise.get_future();
  impl_->Submit(std::move(act),
                [&promise](Result<Appended> result) { promise.set_value(std::move(result)); });
  return future.get();
}

void Journal::Submit(Act act, std::function<void(Result<Appended>)> done) {
  impl_->Submit(std::move(act), std::move(done));
}

Result<std::vector<Entry>> Journal::Read(std::int64_t from, std::int64_t limit) {
  return impl_->Read(from, limit);
}
const Entry& Journal::genesis() const { return impl_->genesis(); }
Result<VerifyReport> Journal::Verify(const VerifyOptions& options) {
  return impl_->Verify(options);
}
Result<void> Journal::Export(const std::function<Result<void>(std::string_view)>& sink) {
  return impl_->Export(sink);
}
Result<ReplayReport> Journal::Replay() { return impl_->Replay(); }
const std::string& Journal::display_url() const { return impl_->display_url(); }

Result<VerifyReport> VerifyExport(std::string_view bytes, const VerifyOptions& options) {
  journal::ChainVerifier verifier(options);
  if (!bytes.starts_with(kExportMagic)) {
    verifier.FailAtNext("the export does not start with \"sovet-journal-export-v1\\n\"");
    return verifier.Finish();
  }
  std::size_t at = kExportMagic.size();
  std::vector<RawEntry> chunk;
  auto flush = [&] {
    bool ok = verifier.Feed(chunk);
    chunk.clear();
    return ok;
  };
  while (at < bytes.size()) {
    // Frame: u32be length, the entry body, its hash, its signature when
    // the body's sealed flag (byte 20) is 1.
    std::size_t frame_at = at;
    auto fail = [&](std::string what) {
      if (flush()) {
        verifier.FailAtNext(fmt::format("frame at byte {}: {}", frame_at, what));
      }
      return verifier.Finish();
    };
    if (bytes.size() - at < 4) return fail("truncated length");
    std::uint32_t length = 0;
    for (int k = 0; k < 4; ++k) length = (length << 8) | static_cast<unsigned char>(bytes[at + k]);
    at += 4;
    if (length < 21 || bytes.size() - at < length + kHashSize) {
      return fail(fmt::format("entry length {} does not fit the export", length));
    }
    RawEntry raw;
    raw.encoded = bytes.substr(at, length);
    at += length;
    raw.hash = bytes.substr(at, kHashSize);
    at += kHashSize;
    if (raw.encoded[20] == 1) {
      if (bytes.size() - at < kSignatureSize) return fail("truncated signature");
      raw.signature = bytes.substr(at, kSignatureSize);
      at += kSignatureSize;
    }
    chunk.push_back(std::move(raw));
    if (chunk.size() == static_cast<std::size_t>(kReadChunk) && !flush()) return verifier.Finish();
  }
  flush();
  verifier.AddBytes(static_cast<std::int64_t>(bytes.size()));
  return verifier.Finish();
}

}  // namespace sovet
