#include "server/cycle_source.h"

#include <fmt/format.h>

#include "sovet/cycle_report.h"
#include "sovet/cycle_schema.h"

namespace sovet::server {
namespace {

Result<nlohmann::json> ParseContract(const Result<std::string>& text) {
  if (!text) return Error(text.error());
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) {
    return Error(Status::Internal("the report's JSON contract did not parse"));
  }
  return json;
}

}  // namespace

CycleSource::~CycleSource() = default;

Result<std::unique_ptr<CycleSource>> CycleSource::Open(const std::string& url) {
  std::unique_ptr<CycleSource> source(new CycleSource(url));
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  (void)journal;
  SOVET_CHECK_OK(source->Head());
  return source;
}

void CycleSource::ReaderReturn::operator()(StateReader* reader) const {
  std::unique_ptr<StateReader> owned(reader);
  std::lock_guard lock(source->pool_mutex_);
  if (source->pool_.size() < kPoolSize) source->pool_.push_back(std::move(owned));
}

Result<CycleSource::PooledReader> CycleSource::Connect() {
  for (;;) {
    std::unique_ptr<StateReader> reader;
    {
      std::lock_guard lock(pool_mutex_);
      if (pool_.empty()) break;
      reader = std::move(pool_.back());
      pool_.pop_back();
    }
    // A connection the server closed since (a restart) is dropped here.
    if (reader->Head()) return PooledReader(reader.release(), ReaderReturn{this});
  }
  SOVET_TRY(auto reader, StateReader::Open(url_));
  return PooledReader(reader.release(), ReaderReturn{this});
}

Result<nlohmann::json> CycleSource::Overview() {
  return ParseContract(ReportCycle(url_, "", ReportFormat::kJson));
}

Result<nlohmann::json> CycleSource::Body(const std::string& body) {
  if (body.empty())
    return Error(Status::InvalidInput("expected a body id KIND:UNIT_ID", {.field = "body"}));
  return ParseContract(ReportCycle(url_, body, ReportFormat::kJson));
}

Result<nlohmann::json> CycleSource::Trace(const std::string& body, std::int64_t seat) {
  return ParseContract(TraceSeat(url_, body, seat, ReportFormat::kJson));
}

Result<std::vector<BodyRow>> CycleSource::BodiesOfKind(const std::string& kind, std::int64_t from,
                                                       std::int64_t limit) {
  SOVET_TRY(auto sql, Connect());
  // Body ids are "KIND:UNIT_ID". A prefix compared with substr, not LIKE
  // (whose '_' is a wildcard) nor a range (locale collations skip ':').
  const std::string prefix = kind + ":";
  SOVET_TRY(auto rows,
            sql->Query(schema::table::kBodies,
                       "SELECT body, seats FROM {p}bodies WHERE substr(body, 1, CAST($1 AS INTEGER)) "
                       "= $2 ORDER BY body LIMIT $3 OFFSET $4",
                       {static_cast<std::int64_t>(prefix.size()), prefix, limit, from}));
  std::vector<BodyRow> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::string body, rows.Text(row, 0));
    SOVET_TRY(std::int64_t seats, rows.Int(row, 1));
    out.push_back({std::move(body), seats});
  }
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> CycleSource::ActSeqs(std::int64_t first,
                                                                  std::int64_t last) {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query(schema::table::kActs,
                                  "SELECT act, seq FROM {p}cycle_acts WHERE act >= $1 AND "
                                  "act <= $2",
                                  {first, last}));
  std::map<std::int64_t, std::int64_t> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::int64_t act, rows.Int(row, 0));
    SOVET_TRY(out[act], rows.Int(row, 1));
  }
  return out;
}

Result<std::optional<Entry>> CycleSource::ConstituentAssembly() {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query(schema::table::kActs,
                                  "SELECT seq FROM {p}cycle_acts WHERE kind = $1 "
                                  "ORDER BY seq DESC LIMIT 1",
                                  {std::string(schema::kConstituentKind)}));
  if (rows.empty()) return std::optional<Entry>();
  SOVET_TRY(std::int64_t seq, rows.Int(0, 0));
  SOVET_TRY(auto entries, Read(seq, 1));
  if (entries.empty()) return std::optional<Entry>();
  return std::optional<Entry>(std::move(entries.front()));
}

Result<JournalHead> CycleSource::Head() {
  std::lock_guard lock(head_mutex_);
  if (!head_reader_) {
    SOVET_TRY(head_reader_, StateReader::Open(url_));
  }
  auto head = head_reader_->Head();
  if (!head) {
    head_reader_.reset();  // reconnect next time (a PostgreSQL restart)
    return Error(head.error());
  }
  return JournalHead{head->seq, HexEncode(head->hash)};
}

Result<JournalHead> CycleSource::WaitForSeq(std::int64_t seq, std::chrono::milliseconds timeout) {
  SOVET_TRY(auto reader, Connect());
  SOVET_TRY(Appended head, reader->WaitForSeq(seq, timeout));
  return JournalHead{head.seq, HexEncode(head.hash)};
}

Result<std::vector<Entry>> CycleSource::Read(std::int64_t from, std::int64_t limit) {
  SOVET_TRY(auto reader, Connect());
  return reader->ReadEntries(from, limit);
}

Result<JournalVerdict> CycleSource::Verify() { return VerifyJournal(url_, "", {}); }

}  // namespace sovet::server
