// `sovet replay`: rebuilds the projection from the journal into fresh
// tables and proves it equals the live state by comparing their digests.
#include <fmt/format.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli {
namespace {

struct ReplayFlags {
  std::string db = kDefaultDb;
};

Result<void> RunReplay(const ReplayFlags& flags) {
  SOVET_TRY(auto journal,
            Journal::Open(OpenOptions{.url = flags.db, .projector = &EngineProjector()}));
  SOVET_TRY(ReplayReport report, journal->Replay());
  fmt::print("replayed {} entries of {} into the replay_* tables\n", report.entries,
             journal->display_url());
  fmt::print("  live state     sha256 {}\n", HexEncode(report.live_digest));
  fmt::print("  rebuilt state  sha256 {}\n", HexEncode(report.rebuilt_digest));
  if (!report.match()) {
    return Error(Status::IntegrityViolation(fmt::format(
        "{}: the state rebuilt from the journal differs from the live state (compare the "
        "state_* and replay_* tables)",
        journal->display_url())));
  }
  fmt::print("  the live state is exactly the projection of the journal\n");
  return {};
}

void SetupReplay(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "replay", "rebuild the state from the journal and compare it with the live state");
  auto flags = BindFlags(sub, action, &RunReplay);
  AddDbOption(sub, flags->db, "store URL: sqlite:PATH or postgresql://...");
}

CommandRegistrar registrar(23, &SetupReplay);

}  // namespace
}  // namespace sovet::cli
