// Registration of sovet's subcommands.
//
// Each src/cli/cmd_<name>.cc defines one top-level command (with any nested
// subcommands) and registers it with a file-scope CommandRegistrar. The files
// are compiled into the sovet executable itself, so static registration is
// not dropped by the linker. Commands are listed in `sovet --help` by `order`.
//
// A command's Setup adds its CLI11 subcommand(s) to `app` and, in the
// subcommand's callback, stores what to run in `action`. main() runs the
// action after parsing and maps its Status, once, to stderr and an exit code.
#ifndef SOVET_CLI_COMMAND_H_
#define SOVET_CLI_COMMAND_H_

#include <functional>

#include <CLI/CLI.hpp>

#include "sovet/status.h"

namespace sovet::cli {

using Action = std::function<Result<void>()>;
using SetupFn = void (*)(CLI::App& app, Action& action);

struct CommandRegistrar {
  CommandRegistrar(int order, SetupFn setup);
};

}  // namespace sovet::cli

#endif  // SOVET_CLI_COMMAND_H_
