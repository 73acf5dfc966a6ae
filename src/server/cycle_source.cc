#include "server/cycle_source.h"

#include <fmt/format.h>

#include "journal/projection_cycle.h"
#include "journal/sql.h"
#include "sovet/cycle_report.h"

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

std::int64_t Int(const SqlValue& value) { return std::get<std::int64_t>(value); }

}  // namespace

CycleSource::~CycleSource() = default;

Result<std::unique_ptr<CycleSource>> CycleSource::Open(const std::string& url) {
  std::unique_ptr<CycleSource> source(new CycleSource(url));
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  (void)journal;
  SOVET_CHECK_OK(source->Head());
  return source;
}

Result<std::unique_ptr<journal::SqlConnection>> CycleSource::Connect() {
  SOVET_TRY(StoreUrl url, ParseStoreUrl(url_));
  if (url.kind == StoreUrl::Kind::kSqlite) return journal::OpenSqlite(url.target, false);
  return journal::OpenPostgres(url.target);
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
  SOVET_TRY(auto rows, sql->Query("SELECT body, seats FROM state_bodies WHERE substr(body, 1, $1) "
                                  "= $2 ORDER BY body LIMIT $3 OFFSET $4",
                                  {static_cast<std::int64_t>(prefix.size()), prefix, limit, from}));
  std::vector<BodyRow> out;
  for (const auto& row : rows) out.push_back({std::get<std::string>(row[0]), Int(row[1])});
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> CycleSource::ActSeqs(std::int64_t first,
                                                                  std::int64_t last) {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query("SELECT act, seq FROM state_cycle_acts WHERE act >= $1 AND "
                                  "act <= $2",
                                  {first, last}));
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& row : rows) out[Int(row[0])] = Int(row[1]);
  return out;
}

Result<std::optional<Entry>> CycleSource::ConstituentAssembly() {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query("SELECT seq FROM state_cycle_acts WHERE kind = $1 "
                                  "ORDER BY seq DESC LIMIT 1",
                                  {std::string(kCycleConstituentKind)}));
  if (rows.empty()) return std::optional<Entry>();
  SOVET_TRY(auto entries, Read(Int(rows[0][0]), 1));
  if (entries.empty()) return std::optional<Entry>();
  return std::optional<Entry>(std::move(entries.front()));
}

Result<JournalHead> CycleSource::Head() {
  std::lock_guard lock(head_mutex_);
  if (!head_sql_) {
    SOVET_TRY(head_sql_, Connect());
  }
  auto rows = head_sql_->Query("SELECT seq, hash FROM journal_head WHERE id = 0");
  if (!rows) {
    head_sql_.reset();  // reconnect next time (a PostgreSQL restart)
    return Error(rows.error());
  }
  if (rows->size() != 1 || !std::holds_alternative<std::int64_t>((*rows)[0][0]) ||
      !std::holds_alternative<Bytes>((*rows)[0][1])) {
    return Error(Status::IntegrityViolation(
        fmt::format("{}: the journal's head row is missing or altered; run sovet verify", url_)));
  }
  return JournalHead{Int((*rows)[0][0]), HexEncode(std::get<Bytes>((*rows)[0][1]).data)};
}

Result<std::vector<Entry>> CycleSource::Read(std::int64_t from, std::int64_t limit) {
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url_}));
  return journal->Read(from, limit);
}

Result<VerifyReport> CycleSource::Verify() {
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url_}));
  return journal->Verify();
}

}  // namespace sovet::server
