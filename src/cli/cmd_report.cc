// `sovet report`: the composition of any body of a recorded council cycle,
// read from the journal's state tables (sovet/cycle_report.h).
#include <fmt/format.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/session_report.h"
#include "sovet/cycle_report.h"

namespace sovet::cli {
namespace {

struct ReportFlags {
  std::string db = kDefaultDb;
  std::string body;
  std::string format = "text";
  ReadFlags read;
  std::string at;  // --at DATE: who held each seat that day
};

Result<void> RunReport(const ReportFlags& flags) {
  SOVET_TRY(ReportFormat format, ParseReportFormat(flags.format));
  SOVET_TRY(std::string url, ReadUrl(flags.db, flags.read));
  if (!flags.at.empty()) {
    SOVET_TRY(std::string seats, ReportSeatsAt(url, flags.body, flags.at, flags.format));
    fmt::print("{}", seats);
    return {};
  }
  SOVET_TRY(std::string out, ReportCycle(url, flags.body, format));
  fmt::print("{}", out);
  return {};
}

void SetupReport(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "report", "a body's composition by slate, its members and delegations (from the journal)");
  auto flags = BindFlags(sub, action, &RunReport);
  AddDbOption(sub, flags->db, "journal: sqlite:PATH or postgresql://...");
  AddReadOptions(sub, flags->read);
  sub->add_option("--body", flags->body, "body id KIND:UNIT_ID; without it, every kind of body");
  sub->add_option("--format", flags->format, "text or json")->capture_default_str();
  sub->add_option("--at", flags->at, "who held each seat on this day (YYYY-MM-DD)");
}

CommandRegistrar registrar(62, &SetupReport);

}  // namespace
}  // namespace sovet::cli
