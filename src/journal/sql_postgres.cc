// PostgreSQL through libpq. Parameters and results travel in binary format
// with explicit types, so a blob is never confused with text and integers
// need no parsing.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "base/text.h"
#include "journal/sql.h"
#include "sovet/journal.h"

namespace sovet::journal {
namespace {

// Type OIDs from PostgreSQL's pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kNumericOid = 1700;

// Every spelling of a credential in `uri` that a message might repeat: the
// userinfo password (as written and percent-decoded) and the value of every
// query parameter whose name contains "password" (password, sslpassword).
std::vector<std::string> Secrets(const std::string& uri) {
  std::vector<std::string> secrets;
  auto add = [&](std::string secret) {
    if (secret.empty()) return;
    secrets.push_back(secret);
    std::string decoded;
    for (std::size_t k = 0; k < secret.size(); ++k) {
      if (secret[k] == '%' && k + 2 < secret.size()) {
        auto hex = HexDecode(secret.substr(k + 1, 2));
        if (hex) {
          decoded += *hex;
          k += 2;
          continue;
        }
      }
      decoded += secret[k];
    }
    if (decoded != secret && !decoded.empty()) secrets.push_back(decoded);
  };
  std::size_t query = uri.find('?');
  std::string_view before_query = std::string_view(uri).substr(0, query);
  std::size_t scheme = before_query.find("://");
  std::size_t start = scheme == std::string::npos ? before_query.find(':') + 1 : scheme + 3;
  std::size_t at = before_query.rfind('@');
  if (start != 0 && at != std::string::npos && at > start) {
    std::size_t colon = before_query.find(':', start);
    if (colon != std::string::npos && colon < at) {
      add(std::string(before_query.substr(colon + 1, at - colon - 1)));
    }
  }
  // A password given as a keyword anywhere ("password=...", in a query or
  // in libpq's keyword form "host=... password=..."), whatever comes first.
  std::string lower(uri);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t found = lower.find("password"); found != std::string::npos;
       found = lower.find("password", found + 1)) {
    std::size_t eq = found + 8;
    while (eq < uri.size() && (uri[eq] == ' ' || uri[eq] == '\t')) ++eq;
    if (eq >= uri.size() || uri[eq] != '=') continue;
    std::size_t value = eq + 1;
    while (value < uri.size() && (uri[value] == ' ' || uri[value] == '\t')) ++value;
    std::size_t end = value;
    if (value < uri.size() && uri[value] == '\'') {
      end = uri.find('\'', value + 1);
      if (end == std::string::npos) end = uri.size();
      add(uri.substr(value + 1, end - value - 1));
      continue;
    }
    while (end < uri.size() && uri[end] != ' ' && uri[end] != '\t' && uri[end] != '&') ++end;
    add(uri.substr(value, end - value));
  }
  if (query != std::string::npos) {
    std::size_t pos = query + 1;
    while (pos < uri.size()) {
      std::size_t amp = uri.find('&', pos);
      if (amp == std::string::npos) amp = uri.size();
      std::string_view param = std::string_view(uri).substr(pos, amp - pos);
      std::size_t eq = param.find('=');
      if (eq != std::string_view::npos) {
        std::string name(param.substr(0, eq));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name.find("password") != std::string::npos) add(std::string(param.substr(eq + 1)));
      }
      pos = amp + 1;
    }
  }
  // Longest first, so a secret containing another is masked whole.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

// `text` with every occurrence of each secret replaced by ***.
std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

// libpq's own messages (connection failures, URI syntax errors) may quote
// the URI, password and all; the server's may quote an option's value.
std::string ScrubMessage(std::string message, const std::vector<std::string>& secrets) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Scrub(std::move(message), secrets);
}

std::int64_t ReadBigEndian(const char* data, int size) {
  std::uint64_t v = 0;
  for (int k = 0; k < size; ++k) v = (v << 8) | static_cast<unsigned char>(data[k]);
  // Sign-extend narrower integers.
  int shift = 64 - 8 * size;
  return static_cast<std::int64_t>(v << shift) >> shift;
}

// Parameters in libpq's binary form; views into `params`, which must
// outlive it.
struct BoundParams {
  explicit BoundParams(const std::vector<SqlValue>& params)
      : types(params.size()),
        values(params.size()),
        lengths(params.size()),
        formats(params.size(), 1),
        integers(params.size()) {
    for (std::size_t idx = 0; idx < params.size(); ++idx) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
              types[idx] = kInt8Oid;
              std::string& be = integers[idx];
              auto u = static_cast<std::uint64_t>(v);
              for (int shift = 56; shift >= 0; shift -= 8)
                be.push_back(static_cast<char>(u >> shift));
              values[idx] = be.data();
              lengths[idx] = 8;
            } else if constexpr (std::is_same_v<T, std::string>) {
              types[idx] = 25;  // text
              values[idx] = v.data();
              lengths[idx] = static_cast<int>(v.size());
            } else {
              types[idx] = kByteaOid;
              values[idx] = v.data.data();
              lengths[idx] = static_cast<int>(v.data.size());
            }
          },
          params[idx]);
    }
  }
  int size() const { return static_cast<int>(types.size()); }

  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<std::string> integers;
};

// A write transaction runs in libpq's pipeline mode: statements that return
// no rows are sent without waiting for their results, so a commit group's
// thousands of projection statements cost a few round trips instead of one
// each. Their results are read in order at the next Query, every
// kMaxUnread statements (which bounds what the server must buffer for an
// unread client), and at COMMIT. The first error among them fails that
// call or a later one — at the latest COMMIT, which then reports it instead
// of committing: the server skips every statement after a failed one up to
// the next sync point, and the COMMIT is one of them. A transaction whose
// COMMIT returned ok therefore had every statement succeed, and with
// synchronous_commit=on is durable before the caller hears so.
class PostgresConnection final : public SqlConnection {
 public:
  PostgresConnection(PGconn* conn, std::string url, std::vector<std::string> secrets)
      : conn_(conn), url_(std::move(url)), secrets_(std::move(secrets)) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  const std::string& display_url() const override { return url_; }

  Result<void> Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
    if (pipelined_) {
      if (sql == "COMMIT") return CommitPipeline();
      if (sql == "ROLLBACK") {
        AbandonPipeline();
      } else if (!(params.empty() && sql.find(';') != std::string_view::npos)) {
        return SendPipelined(sql, params);
      } else {
        // Several statements at once need the simple query protocol, which
        // pipeline mode does not allow: catch up, run them, resume.
        SOVET_CHECK_OK(SyncPipeline());
        SOVET_CHECK_OK(ExecDirect(sql, params));
        return EnterPipeline();
      }
    }
    return ExecDirect(sql, params);
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql,
                                    const std::vector<SqlValue>& params) override {
    PGresult* result;
    if (pipelined_) {
      SOVET_TRY(result, QueryPipelined(sql, params));
    } else {
      SOVET_TRY(result, Run(sql, params));
    }
    std::vector<SqlRow> rows;
    int count = PQntuples(result);
    int columns = PQnfields(result);
    rows.reserve(count);
    for (int row_idx = 0; row_idx < count; ++row_idx) {
      SqlRow row;
      row.reserve(columns);
      for (int col = 0; col < columns; ++col) {
        const char* data = PQgetvalue(result, row_idx, col);
        int size = PQgetlength(result, row_idx, col);
        if (PQgetisnull(result, row_idx, col)) {
          row.emplace_back(std::string());
          continue;
        }
        switch (PQftype(result, col)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid:
            row.emplace_back(ReadBigEndian(data, size));
            break;
          case kBoolOid:
            row.emplace_back(static_cast<std::int64_t>(data[0] != 0));
            break;
          case kByteaOid:
            row.emplace_back(Bytes{std::string(data, size)});
            break;
          case kNumericOid:
            PQclear(result);
            return Error(Status::Internal(
                fmt::format("{}: a NUMERIC column in `{}`; cast it to BIGINT", url_, sql)));
          default:
            // text, varchar, name: the binary format is the bytes themselves.
            row.emplace_back(std::string(data, size));
        }
      }
      rows.push_back(std::move(row));
    }
    PQclear(result);
    return rows;
  }

  // COPY in PostgreSQL's binary format: no statement to parse or plan, and
  // the server reads the values as they are, which makes bulk rows several
  // times cheaper than multi-row INSERTs. Every value's type must be the
  // column's (BIGINT, TEXT, BYTEA: the portable subset of sql.h).
  Result<void> InsertRows(std::string_view table, const std::vector<std::string>& columns,
                          const std::vector<SqlRow>& rows) override {
    if (rows.empty()) return {};
    // COPY is not allowed in pipeline mode: read what is in flight (its
    // first failure fails this call), copy, and resume.
    bool resume = pipelined_;
    if (resume) SOVET_CHECK_OK(SyncPipeline());
    auto copied = Copy(table, columns, rows);
    if (resume) {
      auto entered = EnterPipeline();
      if (copied && !entered) return entered;
    }
    return copied;
  }

  Result<void> BeginWrite() override {
    if (pipelined_) {
      // A transaction its caller left without COMMIT or ROLLBACK.
      AbandonPipeline();
      (void)ExecDirect("ROLLBACK", {});
    }
    SOVET_CHECK_OK(EnterPipeline());
    auto begun = SendPipelined("BEGIN", {});
    // Callers roll back only a transaction that began: leave none behind.
    if (!begun) AbandonPipeline();
    return begun;
  }

 private:
  // Statements whose results may wait unread. Each result is a few dozen
  // bytes, so the server's socket buffer holds them all and it never
  // blocks writing to a client that is still sending.
  static constexpr std::int64_t kMaxUnread = 1024;

  Result<void> Copy(std::string_view table, const std::vector<std::string>& columns,
                    const std::vector<SqlRow>& rows) {
    std::string sql =
        fmt::format("COPY {} ({}) FROM STDIN (FORMAT binary)", table, fmt::join(columns, ", "));
    PGresult* start = PQexec(conn_, sql.c_str());
    if (PQresultStatus(start) != PGRES_COPY_IN) {
      Status error = ErrorOf(start);
      PQclear(start);
      // A COPY_OUT or other surprise would leave the connection mid-copy.
      return Error(std::move(error));
    }
    PQclear(start);
    // Header: signature, flags, header extension length; then one tuple per
    // row (field count, then each field's length and bytes), then -1.
    std::string buffer("PGCOPY\n\377\r\n\0", 11);
    auto put16 = [&](std::uint16_t v) {
      buffer.push_back(static_cast<char>(v >> 8));
      buffer.push_back(static_cast<char>(v));
    };
    auto put32 = [&](std::uint32_t v) {
      for (int shift = 24; shift >= 0; shift -= 8) buffer.push_back(static_cast<char>(v >> shift));
    };
    put32(0);
    put32(0);
    constexpr std::size_t kChunk = 1 << 20;
    bool sent = true;
    for (const SqlRow& row : rows) {
      put16(static_cast<std::uint16_t>(row.size()));
      for (const SqlValue& value : row) {
        std::visit(
            [&](const auto& v) {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, std::int64_t>) {
                put32(8);
                auto u = static_cast<std::uint64_t>(v);
                for (int shift = 56; shift >= 0; shift -= 8)
                  buffer.push_back(static_cast<char>(u >> shift));
              } else if constexpr (std::is_same_v<T, std::string>) {
                put32(static_cast<std::uint32_t>(v.size()));
                buffer += v;
              } else {
                put32(static_cast<std::uint32_t>(v.data.size()));
                buffer += v.data;
              }
            },
            value);
      }
      if (buffer.size() >= kChunk) {
        sent = sent && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) == 1;
        buffer.clear();
      }
    }
    put16(0xFFFF);
    sent = sent && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) == 1;
    sent = PQputCopyEnd(conn_, sent ? nullptr : "sovet: sending the rows failed") == 1 && sent;
    Result<void> done;
    for (PGresult* result = PQgetResult(conn_); result != nullptr; result = PQgetResult(conn_)) {
      ExecStatusType status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK && done) done = Error(ErrorOf(result));
      PQclear(result);
      if (PQstatus(conn_) != CONNECTION_OK) break;
    }
    if (done && !sent) done = Error(ErrorOf(nullptr));
    return done;
  }

  Result<void> ExecDirect(std::string_view sql, const std::vector<SqlValue>& params) {
    SOVET_TRY(PGresult * result, Run(sql, params));
    PQclear(result);
    return {};
  }

  Result<PGresult*> Run(std::string_view sql, const std::vector<SqlValue>& params) {
    std::string text(sql);
    PGresult* result;
    if (params.empty() && text.find(';') != std::string::npos) {
      // Several statements at once (session setup, DDL): the simple query
      // protocol, whose text-format result callers of Exec ignore.
      result = PQexec(conn_, text.c_str());
    } else {
      BoundParams bound(params);
      result = PQexecParams(conn_, text.c_str(), bound.size(), bound.types.data(),
                            bound.values.data(), bound.lengths.data(), bound.formats.data(), 1);
    }
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    Status error = ErrorOf(result);
    PQclear(result);
    return Error(std::move(error));
  }

  // The status for a failed result (or, with `result` null, for libpq's
  // own failure to send).
  Status ErrorOf(const PGresult* result) const {
    std::string message =
        ScrubMessage(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_),
                     secrets_);
    const char* state =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    // libpq reports its own failures (the server closed the socket, a write
    // to it failed) without a SQLSTATE, and may still say CONNECTION_OK when
    // a failed write is noticed before the read that would close it.
    if (PQstatus(conn_) != CONNECTION_OK || sqlstate.empty()) {
      return Status::Unavailable(
          fmt::format("{}: the PostgreSQL connection was lost: {}", url_, message));
    }
    std::string full = fmt::format("{}: PostgreSQL: {} (SQLSTATE {})", url_, message, sqlstate);
    // Class 08 connection, 53 resources, 57 operator intervention, 40 rollback.
    if (sqlstate.starts_with("08") || sqlstate.starts_with("57") || sqlstate.starts_with("40")) {
      return Status::Unavailable(full);
    }
    if (sqlstate.starts_with("53") || sqlstate.starts_with("58")) return Status::IoError(full);
    if (sqlstate == "42P01" || sqlstate == "3F000") {
      return Status::NotFound(
          fmt::format("{}: no sovet journal in this database (run `sovet init --db {}` first): {}",
                      url_, url_, message));
    }
    // Undefined column: sovet's schema altered, or a foreign `journal` table.
    if (sqlstate == "42703") {
      return Status::IntegrityViolation(
          full + " (the database's schema is not sovet's, or was altered outside sovet)");
    }
    return Status::Internal(full);
  }

  Result<void> EnterPipeline() {
    if (PQenterPipelineMode(conn_) != 1) {
      return Error(Status::Unavailable(fmt::format(
          "{}: cannot enter pipeline mode: {}", url_, ScrubMessage(PQerrorMessage(conn_), secrets_))));
    }
    pipelined_ = true;
    return {};
  }

  void Fail(Status status) {
    if (!pipeline_error_) pipeline_error_ = std::move(status);
  }

  // Sends one statement; its result is read later.
  Result<void> Send(std::string_view sql, const std::vector<SqlValue>& params) {
    if (pipeline_error_) return Error(*pipeline_error_);
    std::string text(sql);
    BoundParams bound(params);
    if (PQsendQueryParams(conn_, text.c_str(), bound.size(), bound.types.data(),
                          bound.values.data(), bound.lengths.data(), bound.formats.data(),
                          1) != 1) {
      Fail(ErrorOf(nullptr));
      return Error(*pipeline_error_);
    }
    ++unread_;
    return {};
  }

  Result<void> SendPipelined(std::string_view sql, const std::vector<SqlValue>& params) {
    SOVET_CHECK_OK(Send(sql, params));
    if (unread_ >= kMaxUnread) {
      SOVET_CHECK_OK(RequestResults());
      ReadUnread();
    }
    if (pipeline_error_) return Error(*pipeline_error_);
    return {};
  }

  // Asks the server to send the results it holds, and sends what libpq holds.
  Result<void> RequestResults() {
    if (PQsendFlushRequest(conn_) != 1 || PQflush(conn_) != 0) {
      Fail(ErrorOf(nullptr));
      return Error(*pipeline_error_);
    }
    return {};
  }

  // Reads the results of one statement, noting the first failure. False
  // when the connection is gone (nothing more will come).
  bool ReadOne(PGresult** keep = nullptr) {
    for (;;) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) {
        if (PQstatus(conn_) != CONNECTION_OK) {
          Fail(ErrorOf(nullptr));
          return false;
        }
        // Blocking mode: null first means no statement was waiting.
        return true;
      }
      ExecStatusType status = PQresultStatus(result);
      if (status == PGRES_PIPELINE_ABORTED) {
        // Skipped after an earlier failure, already noted.
      } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Fail(ErrorOf(result));
        if (PQstatus(conn_) != CONNECTION_OK) {
          PQclear(result);
          return false;
        }
      } else if (keep != nullptr && *keep == nullptr) {
        *keep = result;
        continue;
      }
      PQclear(result);
    }
  }

  void ReadUnread() {
    for (; unread_ > 0; --unread_) {
      if (!ReadOne()) {
        unread_ = 0;
        return;
      }
    }
  }

  Result<PGresult*> QueryPipelined(std::string_view sql, const std::vector<SqlValue>& params) {
    SOVET_CHECK_OK(Send(sql, params));
    SOVET_CHECK_OK(RequestResults());
    --unread_;
    ReadUnread();
    PGresult* result = nullptr;
    bool alive = ReadOne(&result);
    if (pipeline_error_ || !alive || result == nullptr) {
      if (result != nullptr) PQclear(result);
      if (!pipeline_error_) Fail(ErrorOf(nullptr));
      return Error(*pipeline_error_);
    }
    return result;
  }

  // Sends a sync point and reads every result up to it; the transaction
  // stays open. Returns the first failure since the pipeline started.
  Result<void> SyncPipeline() {
    bool synced = PQpipelineSync(conn_) == 1;
    if (!synced) Fail(ErrorOf(nullptr));
    if (synced) ReadUnread();
    bool alive = PQstatus(conn_) == CONNECTION_OK;
    while (synced && alive) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) {
        alive = PQstatus(conn_) == CONNECTION_OK;
        continue;
      }
      ExecStatusType status = PQresultStatus(result);
      PQclear(result);
      if (status == PGRES_PIPELINE_SYNC) break;
    }
    unread_ = 0;
    (void)PQexitPipelineMode(conn_);
    pipelined_ = false;
    if (!alive && !pipeline_error_) Fail(ErrorOf(nullptr));
    if (pipeline_error_) {
      Status error = std::move(*pipeline_error_);
      pipeline_error_.reset();
      return Error(std::move(error));
    }
    return {};
  }

  Result<void> CommitPipeline() {
    auto sent = SendPipelined("COMMIT", {});
    auto synced = SyncPipeline();
    if (!sent) return sent;
    if (!synced) return synced;
    // The server answers COMMIT in a failed transaction with ROLLBACK; an
    // earlier failure has been reported above, so this is a belt for it.
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) {
      return Error(Status::Unavailable(fmt::format("{}: COMMIT did not end the transaction", url_)));
    }
    return {};
  }

  void AbandonPipeline() { (void)SyncPipeline(); }

  PGconn* conn_;
  std::string url_;
  std::vector<std::string> secrets_;
  bool pipelined_ = false;
  std::int64_t unread_ = 0;
  std::optional<Status> pipeline_error_;
};

}  // namespace

}  // namespace sovet::journal

namespace sovet {

std::string RedactStoreUrl(std::string_view url) {
  return journal::Scrub(std::string(url), journal::Secrets(std::string(url)));
}

}  // namespace sovet

namespace sovet::journal {

Result<std::unique_ptr<SqlConnection>> OpenPostgres(const std::string& uri) {
  std::vector<std::string> secrets = Secrets(uri);
  std::string shown = Scrub(uri, secrets);
  SourceLocation where{.field = "--db"};
  // Two '@' in the authority: libpq splits at the first, so part of what
  // the user meant as the password would be taken for the host and echoed
  // in libpq's messages. Refused before anything is parsed or printed.
  {
    std::size_t scheme = uri.find("://");
    std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
    std::size_t authority_end = uri.find_first_of("/?", authority);
    std::string_view part = std::string_view(uri).substr(
        authority, authority_end == std::string::npos ? std::string::npos : authority_end - authority);
    if (scheme != std::string::npos && std::count(part.begin(), part.end(), '@') > 1) {
      return Error(Status::InvalidInput(
          fmt::format("malformed PostgreSQL URL {}: more than one '@' before the host; write an "
                      "'@' inside a user name or password as %40",
                      QuoteForMessage(shown)),
          where));
    }
  }
  // A URL libpq cannot parse is bad input, refused before connecting.
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &parse_error);
  if (options == nullptr) {
    std::string message = parse_error != nullptr ? parse_error : "out of memory";
    PQfreemem(parse_error);
    return Error(
        Status::InvalidInput(fmt::format("malformed PostgreSQL URL {}: {}", QuoteForMessage(shown),
                                         QuoteForMessage(ScrubMessage(message, secrets), 400)),
                             where));
  }
  // libpq's own reading of the password, whatever syntax carried it.
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr && *option->val != '\0' &&
        std::string_view(option->keyword).find("password") != std::string_view::npos) {
      secrets.emplace_back(option->val);
    }
  }
  PQconninfoFree(options);
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  shown = Scrub(uri, secrets);
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr) return Error(Status::Internal("libpq could not allocate a connection"));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = ScrubMessage(PQerrorMessage(conn), secrets);
    PQfinish(conn);
    // libpq checks option values (port, sslmode, ...) only when connecting;
    // its messages for them start "invalid": the URL is bad input, not an
    // unreachable server.
    if (message.starts_with("invalid ")) {
      return Error(Status::InvalidInput(
          fmt::format("malformed PostgreSQL URL {}: {}", QuoteForMessage(shown),
                      QuoteForMessage(message, 1000)),
          where));
    }
    return Error(
        Status::Unavailable(fmt::format("cannot connect to PostgreSQL at {}: {}",
                                        QuoteForMessage(shown), QuoteForMessage(message, 1000)),
                            where));
  }
  auto connection = std::make_unique<PostgresConnection>(conn, shown, secrets);
  // Durability: with synchronous_commit=on a COMMIT returns only after the
  // server has flushed the transaction's WAL to disk (and, with synchronous
  // standbys configured, to them). Set per session so a server default of
  // `off` cannot weaken an acknowledgement. Quiet notices (IF NOT EXISTS).
  SOVET_CHECK_OK(
      connection->Exec("SET synchronous_commit = on; SET client_min_messages = warning;", {}));
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace sovet::journal
