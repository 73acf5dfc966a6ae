// `sovet verify`: checks the whole chain of a journal (or of an export) and
// names the first bad entry; then, for a journal bound to a charter, its
// lawfulness: every act of the engine's kinds replayed through the
// engine's rules (sovet/engine.h AuditJournal). Exit 3 on any defect.
#include <fmt/format.h>


#include "base/io.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "journal/charter_identity.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli {
namespace {

struct VerifyFlags {
  std::string db = kDefaultDb;
  std::string export_file;
  std::string charter;
  std::string expect_head;
  std::string format = "text";
  ReadFlags read;
};

Result<void> RunVerify(const VerifyFlags& flags) {
  VerifyOptions options;
  if (!flags.expect_head.empty()) {
    auto head = HexDecode(flags.expect_head);
    if (!head || head->size() != kHashSize) {
      return Error(Status::InvalidInput("expected 64 hexadecimal digits (a SHA-256 hash)",
                                        SourceLocation{.field = "--expect-head"}));
    }
    options.expect_head = *head;
  }
  SOVET_TRY(auto charter, journal::LoadCharterIdentity(flags.charter));
  JournalVerdict verdict;
  if (!flags.export_file.empty()) {
    verdict.source = flags.export_file;
    SOVET_TRY(std::string bytes, ReadFile(flags.export_file));
    SOVET_TRY(verdict.integrity, VerifyExport(bytes, options));
    verdict.lawful_note = "not checked for an export (verify the database, or import it)";
  } else {
    SOVET_TRY(std::string url, ReadUrl(flags.db, flags.read));
    SOVET_TRY(verdict, VerifyJournal(url, flags.charter, options));
  }
  const VerifyReport& report = verdict.integrity;
  const std::string& source = verdict.source;
  if (report.ok && charter && report.charter_sha256_hex != charter->sha256_hex) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} is bound to charter \"{}\" (sha256 {}), not to \"{}\" (sha256 {})", source,
                    report.charter_id.empty() ? "none" : report.charter_id,
                    report.charter_sha256_hex, charter->id, charter->sha256_hex),
        SourceLocation{.field = "--charter"}));
  }
  if (flags.format == "json") {
    fmt::print("{}\n", VerdictJson(verdict, 2));
  } else if (report.ok) {
    fmt::print("journal {}: ok\n", source);
    fmt::print("  entries  {} ({} sealed and signed)\n", report.entries, report.sealed);
    fmt::print("  first    {} (genesis)\n", HexEncode(report.first_hash));
    fmt::print("  last     {} (entry {})\n", HexEncode(report.last_hash), report.entries - 1);
    fmt::print("  signer   ed25519:{}\n", HexEncode(report.signer));
    if (report.charter_id.empty()) {
      fmt::print("  charter  none\n");
    } else {
      fmt::print("  charter  {} (sha256 {})\n", report.charter_id, report.charter_sha256_hex);
    }
    if (verdict.lawful_acts >= 0) {
      fmt::print("  lawful   {} acts of the council cycle pass the engine's rules\n",
                 verdict.lawful_acts);
    } else {
      fmt::print("  lawful   {}\n", verdict.lawful_note);
    }
  }
  if (!report.ok) {
    return Error(Status::IntegrityViolation(
        fmt::format("journal {}: entry {}: {} ({} entries before it verified)", source,
                    report.bad_seq, report.defect, report.entries)));
  }
  return {};
}

void SetupVerify(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "verify",
      "check a journal's hash chain, signatures and the lawfulness of its acts; exit 3 naming "
      "the first bad entry");
  auto flags = BindFlags(sub, action, &RunVerify);
  CLI::Option* db = AddDbOption(sub, flags->db, "store URL: sqlite:PATH or postgresql://...");
  AddReadOptions(sub, flags->read);
  sub->add_option("--export", flags->export_file,
                  "verify an export file (sovet journal export) instead of a database")
      ->excludes(db);
  sub->add_option("--charter", flags->charter,
                  "the journal's charter file (default: the shipped charter with the hash the "
                  "genesis records); the journal must be of it");
  sub->add_option("--expect-head", flags->expect_head,
                  "also require the last entry's hash to be this (hex), e.g. a published head");
  sub->add_option("--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

CommandRegistrar registrar(21, &SetupVerify);

}  // namespace
}  // namespace sovet::cli
