// `sovet trace`: the chain of mandates and acts from one seat down to the
// base election and its counts (SYSTEM.md §7: "any seat can be traced down
// to the electors who chose it").
#include <fmt/format.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/cycle_report.h"

namespace sovet::cli {
namespace {

struct TraceFlags {
  std::string db = kDefaultDb;
  std::string body;
  std::int64_t seat = 0;
  std::string format = "text";
  ReadFlags read;
};

Result<void> RunTrace(const TraceFlags& flags) {
  SOVET_TRY(ReportFormat format, ParseReportFormat(flags.format));
  SOVET_TRY(std::string url, ReadUrl(flags.db, flags.read));
  SOVET_TRY(std::string out, TraceSeat(url, flags.body, flags.seat, format));
  fmt::print("{}", out);
  return {};
}

void SetupTrace(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "trace", "the chain of mandates from a seat down to the base election that began it");
  auto flags = BindFlags(sub, action, &RunTrace);
  AddDbOption(sub, flags->db, "journal: sqlite:PATH or postgresql://...");
  AddReadOptions(sub, flags->read);
  sub->add_option("--body", flags->body, "body id KIND:UNIT_ID")->required();
  sub->add_option("--seat", flags->seat, "seat number, from 1")->required();
  sub->add_option("--format", flags->format, "text or json")->capture_default_str();
}

CommandRegistrar registrar(64, &SetupTrace);

}  // namespace
}  // namespace sovet::cli
