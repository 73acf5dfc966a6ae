// The sovet command line: parses, runs one command, maps its Status to an
// exit code (0 ok, 2 bad input, 3 integrity violation, 1 internal fault).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include "cli/cli_util.h"
#include "cli/command.h"

namespace sovet::cli {
namespace {

std::vector<std::pair<int, SetupFn>>& Registry() {
  static std::vector<std::pair<int, SetupFn>> registry;
  return registry;
}

}  // namespace

CommandRegistrar::CommandRegistrar(int order, SetupFn setup) {
  Registry().emplace_back(order, setup);
}

int Main(int argc, char** argv) {
  if (argc > 0 && argv[0] != nullptr) SetProgramName(argv[0]);
  CLI::App app{
      "sovet: council democracy — apportion, elect, count, recall and keep "
      "the public journal",
      "sovet"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sovet 0.1.0");
  Action action;
  auto registry = Registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, setup] : registry) setup(app, action);
  RefuseOutOfRangeIntegers(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help and version through this path with exit code 0.
    if (e.get_exit_code() != 0) {
      if (std::string unknown = DiagnoseUnknownWord(app, argc, argv); !unknown.empty()) {
        fmt::print(stderr, "sovet: error: {}\nRun with --help for more information.\n", unknown);
        return 2;
      }
    }
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (!action) {
    fmt::print(stderr, "sovet: no command to run; see sovet --help\n");
    return 2;
  }
  try {
    Result<void> result = action();
    if (!result) {
      const Status& status = result.error();
      fmt::print(stderr, "sovet: error: {}\n", status.ToString());
      return ExitCode(status.code());
    }
  } catch (const std::exception& e) {
    // Library exceptions are meant to be converted where they are thrown;
    // one reaching here is a bug in sovet.
    fmt::print(stderr, "sovet: internal error: {}\n", e.what());
    return 1;
  }
  std::fflush(stdout);
  return std::ferror(stdout) ? 1 : 0;
}

}  // namespace sovet::cli

int main(int argc, char** argv) { return sovet::cli::Main(argc, argv); }
