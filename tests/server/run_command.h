// Running a shell command line, or the sovet binary, from the server tests
// and capturing what it prints.
#ifndef SOVET_TESTS_SERVER_RUN_COMMAND_H_
#define SOVET_TESTS_SERVER_RUN_COMMAND_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace sovet::testing {

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

// Runs `command` with /bin/sh; its stdout (and stderr when `merge`).
inline CommandRun Shell(const std::string& command, bool merge = true) {
  CommandRun run;
  FILE* pipe = ::popen((command + (merge ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[65536];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, got);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs the sovet binary with `args` (a shell-quoted argument string).
inline CommandRun Sovet(const std::string& args, bool merge = true) {
  return Shell(std::string(SOVET_BINARY) + " " + args, merge);
}

}  // namespace sovet::testing

#endif  // SOVET_TESTS_SERVER_RUN_COMMAND_H_
