// `sovet version`: the version and the build's configuration.
#include <fmt/format.h>

#include "cli/command.h"

namespace sovet::cli {
namespace {

void SetupVersion(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand("version", "print the version of sovet");
  sub->callback([&action] {
    action = []() -> Result<void> {
      fmt::print("sovet 0.1.0 (C++20; exact integer and rational arithmetic)\n");
      return {};
    };
  });
}

CommandRegistrar registrar(100, &SetupVersion);

}  // namespace
}  // namespace sovet::cli
