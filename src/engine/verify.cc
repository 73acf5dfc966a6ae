// VerifyJournal: integrity (the journal's own check), then lawfulness (the
// engine's rules replayed over every act), as SYSTEM.md §7.1 asks of
// `sovet verify`.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sovet/engine.h"

namespace sovet {

Result<JournalVerdict> VerifyJournal(const std::string& url, const std::string& charter_path,
                                     const VerifyOptions& options) {
  JournalVerdict verdict;
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  verdict.source = journal->display_url();
  SOVET_TRY(verdict.integrity, journal->Verify(options));
  if (!verdict.integrity.ok) return verdict;
  auto bound = FindJournalCharter(journal->genesis(), charter_path);
  if (!bound && bound.error().code() == StatusCode::kNotFound && charter_path.empty()) {
    // Integrity stands on its own; lawfulness needs the charter.
    verdict.lawful_note = fmt::format("NOT CHECKED: {}", bound.error().message());
  } else if (!bound) {
    return Error(bound.error());
  } else if (!*bound) {
    verdict.lawful_note = "not checked: the journal is bound to no charter";
  } else {
    SOVET_CHECK_OK(AuditJournal(*journal, **bound, &verdict.lawful_acts));
  }
  return verdict;
}

std::string VerdictJson(const JournalVerdict& verdict, int indent) {
  const VerifyReport& report = verdict.integrity;
  nlohmann::json json = {
      {"ok", report.ok},
      {"source", verdict.source},
      {"entries", report.entries},
      {"sealed", report.sealed},
      {"first_hash", HexEncode(report.first_hash)},
      {"last_hash", HexEncode(report.last_hash)},
      {"signer", HexEncode(report.signer)},
      {"charter_id", report.charter_id},
      {"charter_sha256", report.charter_sha256_hex},
  };
  if (!report.ok) {
    json["bad_seq"] = report.bad_seq;
    json["defect"] = report.defect;
  }
  if (verdict.lawful_acts >= 0) json["lawful_acts"] = verdict.lawful_acts;
  if (!verdict.lawful_note.empty()) json["lawful_note"] = verdict.lawful_note;
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sovet
