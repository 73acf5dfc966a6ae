// Plumbing shared by the end-to-end tests in tests/cli/: running the built
// sovet binary (SOVET_BINARY) through /bin/sh and capturing its exit code,
// stdout and stderr; a temporary directory per test; reading and writing
// whole files. Not thread-safe: a test runs its commands one at a time.
#ifndef SOVET_TESTS_CLI_CLI_SUPPORT_H_
#define SOVET_TESTS_CLI_CLI_SUPPORT_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace sovet::cli_test {

// What a finished command left behind. exit_code is -1 when the process did
// not exit normally (killed by a signal).
struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A fresh directory under the system's temporary directory, named
// `<prefix>-<pid>-<n>` so that test processes running in parallel never
// share one; it is removed, with everything in it, on destruction.
class ScopedTempDir {
 public:
  explicit ScopedTempDir(std::string_view prefix);
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the directory; nothing is created.
  std::string File(std::string_view name) const;
  // Writes `content` to `name` inside the directory; returns its path.
  std::string Write(std::string_view name, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

struct RunOptions {
  // Given to the command on stdin (through a file "stdin" in the scratch
  // directory) when not empty; otherwise stdin is the test's own.
  std::string_view stdin_text;
  // The command runs here when not empty (so that relative paths in its
  // output are those a user sees); otherwise in the test process's working
  // directory.
  std::filesystem::path working_dir;
};

// Runs SOVET_BINARY with `shell_args`, which are shell words: the caller
// quotes them (ShellQuote) where needed. stdout and stderr go through the
// files "stdout" and "stderr" in `scratch_dir`, which must exist; they are
// overwritten by the next run and left there.
CommandOutput RunSovet(std::string_view shell_args, const std::filesystem::path& scratch_dir,
                       const RunOptions& options = {});

// `text` as one POSIX shell word: single-quoted, with each ' written '\''.
std::string ShellQuote(std::string_view text);

// The whole file as bytes; empty when it cannot be read.
std::string ReadText(const std::filesystem::path& path);

// Replaces the file's content with `content` (a plain write: test scratch
// files need no atomicity).
void WriteText(const std::filesystem::path& path, std::string_view content);

// `relative` inside the repository (SOVET_SOURCE_DIR).
std::string SourcePath(std::string_view relative);

}  // namespace sovet::cli_test

#endif  // SOVET_TESTS_CLI_CLI_SUPPORT_H_
