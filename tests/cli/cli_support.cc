#include "cli/cli_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace sovet::cli_test {

ScopedTempDir::ScopedTempDir(std::string_view prefix) {
  // The counter keeps directories of one process apart (a suite's directory
  // and a test's own); the pid keeps test processes apart.
  static std::atomic<int> next_number{0};
  path_ = std::filesystem::temp_directory_path() /
          (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(next_number++));
  std::filesystem::remove_all(path_);  // a leftover of a crashed run with a recycled pid
  std::filesystem::create_directories(path_);
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ignored;  // a destructor must not throw; a leftover is harmless
  std::filesystem::remove_all(path_, ignored);
}

std::string ScopedTempDir::File(std::string_view name) const { return (path_ / name).string(); }

std::string ScopedTempDir::Write(std::string_view name, std::string_view content) const {
  std::string path = File(name);
  WriteText(path, content);
  return path;
}

CommandOutput RunSovet(std::string_view shell_args, const std::filesystem::path& scratch_dir,
                       const RunOptions& options) {
  const std::string out = (scratch_dir / "stdout").string();
  const std::string err = (scratch_dir / "stderr").string();
  std::string command;
  if (!options.working_dir.empty()) {
    command = "cd " + ShellQuote(options.working_dir.string()) + " && ";
  }
  command += ShellQuote(SOVET_BINARY) + " " + std::string(shell_args) + " >" + ShellQuote(out) +
             " 2>" + ShellQuote(err);
  if (!options.stdin_text.empty()) {
    const std::string in = (scratch_dir / "stdin").string();
    WriteText(in, options.stdin_text);
    command += " <" + ShellQuote(in);
  }
  const int status = std::system(command.c_str());
  CommandOutput run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadText(out);
  run.err = ReadText(err);
  return run;
}

std::string ShellQuote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteText(const std::filesystem::path& path, std::string_view content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string SourcePath(std::string_view relative) {
  return std::string(SOVET_SOURCE_DIR) + "/" + std::string(relative);
}

}  // namespace sovet::cli_test
