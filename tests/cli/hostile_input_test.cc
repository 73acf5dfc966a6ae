// Hostile input, tried systematically: every case of
// tests/data/hostile_files/cases.toml runs the sovet binary with a file argument
// that is a directory, a FIFO, /dev/zero, a huge sparse file or a symlink
// loop; numbers at and past 2^63 and 2^64; NUL bytes and overlong UTF-8;
// malformed --db URLs. Each must end in bounded time (a per-case timeout,
// the process group killed past it) and memory (an address-space limit
// outside the sanitizers), with the exit code the case expects, a message
// naming the place, and never a credential on stdout or stderr.
//
// A case may first run sovet commands (`setup`, e.g. init a journal) and
// SQL on the journal {tmp}/j.db (`sql`: damage written around sovet).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <toml++/toml.h>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_support.h"
#include "raw_sql.h"

namespace sovet::cli_test {
namespace {

namespace fs = std::filesystem;

struct HostileCase {
  std::string name;
  std::vector<std::string> setup;  // commands run first, each must exit 0
  std::string args;                // shell words after `sovet`, with placeholders
  std::string stdin_from;          // a placeholder or path for stdin, else /dev/null
  std::vector<int> exit_codes;     // any of these
  std::vector<std::string> stderr_has;  // substrings (placeholders expanded)
  std::vector<std::string> output_lacks;  // never on stdout or stderr
  std::string sql;                 // run on {tmp}/j.db after the setup
  double timeout_s = 20;
};

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

std::string DataFile() { return SourcePath("tests/data/hostile_files/cases.toml"); }

std::vector<HostileCase> LoadCases() {
  std::vector<HostileCase> cases;
  toml::table table;
  try {
    table = toml::parse_file(DataFile());
  } catch (const toml::parse_error& error) {
    ADD_FAILURE() << DataFile() << ": " << error.description();
    return cases;
  }
  const toml::array* list = table["case"].as_array();
  if (list == nullptr) return cases;
  for (const toml::node& node : *list) {
    const toml::table& t = *node.as_table();
    HostileCase c;
    c.name = t["name"].value_or(std::string());
    c.args = t["args"].value_or(std::string());
    c.stdin_from = t["stdin"].value_or(std::string());
    c.timeout_s = t["timeout"].value_or(20.0);
    c.sql = t["sql"].value_or(std::string());
    if (auto* a = t["setup"].as_array())
      for (auto& v : *a) c.setup.push_back(v.value_or(std::string()));
    if (auto* a = t["exit"].as_array())
      for (auto& v : *a) c.exit_codes.push_back(static_cast<int>(v.value_or(std::int64_t{-99})));
    if (auto* a = t["stderr_has"].as_array())
      for (auto& v : *a) c.stderr_has.push_back(v.value_or(std::string()));
    if (auto* a = t["output_lacks"].as_array())
      for (auto& v : *a) c.output_lacks.push_back(v.value_or(std::string()));
    cases.push_back(std::move(c));
  }
  return cases;
}

bool Sanitized() {
  const char* value = std::getenv("SOVET_SANITIZED");
  return value != nullptr && std::string(value) == "1";
}

// Expands {name} and {name:suffix} placeholders, creating what they name
// inside `dir` on first use:
//   {tmp}  the scratch directory        {charter} {census}  shipped files
//   {src}  the repository
//   {data} tests/data/hostile_files           {dir:S}  a directory named dirS
//   {fifo:S} a FIFO without writer      {zero:S} a symlink to /dev/zero
//   {sparse:S} an 8 GiB sparse file     {loop:S} a symlink to itself
// Every expansion is one shell word (quoted).
std::string Expand(const std::string& text, const fs::path& dir, bool quote) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    if (open == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    std::size_t close = text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    std::string spec = text.substr(open + 1, close - open - 1);
    std::string kind = spec, suffix;
    if (std::size_t colon = spec.find(':'); colon != std::string::npos) {
      kind = spec.substr(0, colon);
      suffix = spec.substr(colon + 1);
    }
    std::string path;
    std::error_code ec;
    if (kind == "tmp") {
      path = dir.string();
    } else if (kind == "charter") {
      path = SourcePath("charters/rsfsr-1918.toml");
    } else if (kind == "census") {
      path = SourcePath("data/census/rsfsr-1918-small.csv");
    } else if (kind == "src") {
      path = SourcePath("");
      while (!path.empty() && path.back() == '/') path.pop_back();
    } else if (kind == "data") {
      path = SourcePath("tests/data/hostile_files");
    } else if (kind == "dir") {
      path = (dir / ("dir" + suffix)).string();
      fs::create_directories(path, ec);
    } else if (kind == "fifo") {
      path = (dir / ("fifo" + suffix)).string();
      if (!fs::exists(fs::symlink_status(path))) ::mkfifo(path.c_str(), 0600);
    } else if (kind == "zero") {
      path = (dir / ("zero" + suffix)).string();
      if (!fs::exists(fs::symlink_status(path))) fs::create_symlink("/dev/zero", path, ec);
    } else if (kind == "sparse") {
      path = (dir / ("sparse" + suffix)).string();
      if (!fs::exists(path)) {
        std::ofstream(path).close();
        fs::resize_file(path, std::uintmax_t{8} << 30, ec);
      }
    } else if (kind == "loop") {
      path = (dir / ("loop" + suffix)).string();
      if (!fs::exists(fs::symlink_status(path))) fs::create_symlink(path, path, ec);
    } else {
      out += text.substr(open, close - open + 1);  // not a placeholder
      pos = close + 1;
      continue;
    }
    out += quote ? ShellQuote(path) : path;
    pos = close + 1;
  }
  return out;
}

struct Finished {
  int exit_code = -1;  // -1: killed by a signal; -2: timed out
  int signal = 0;
  std::string out, err;
  double seconds = 0;
};

// Runs `/bin/sh -c "exec sovet ARGS"` in its own process group with stdin
// from `stdin_path`, an address-space limit (outside the sanitizers) and a
// timeout past which the whole group is killed.
Finished RunHostile(const std::string& args, const std::string& stdin_path, const fs::path& dir,
             double timeout_s) {
  const std::string out_path = (dir / "stdout").string();
  const std::string err_path = (dir / "stderr").string();
  std::string command = "exec " + ShellQuote(SOVET_BINARY) + " " + args + " <" +
                        ShellQuote(stdin_path) + " >" + ShellQuote(out_path) + " 2>" +
                        ShellQuote(err_path);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    if (!Sanitized()) {
      rlimit limit{rlim_t{2} << 30, rlim_t{2} << 30};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  Finished result;
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > timeout_s) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.exit_code = -2;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.exit_code != -2) {
    if (WIFEXITED(status)) {
      result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result.signal = WTERMSIG(status);
    }
  }
  // At most 1 MiB of each: an echo of a whole hostile file is itself a defect.
  auto head = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text(1 << 20, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  };
  result.out = head(out_path);
  result.err = head(err_path);
  return result;
}

class HostileInputTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileInputTest, EndsWithTheExpectedCodeAndALocatedMessage) {
  const HostileCase& c = GetParam();
  ScopedTempDir dir("sovet-hostile");
  const double scale = Sanitized() ? 4.0 : 1.0;
  for (const std::string& step : c.setup) {
    Finished setup = RunHostile(Expand(step, dir.path(), true), "/dev/null", dir.path(), 60 * scale);
    ASSERT_EQ(setup.exit_code, 0) << "setup `" << step << "`: " << setup.err;
  }
  if (!c.sql.empty()) {
    ASSERT_EQ(testing::RawSqlite((dir.path() / "j.db").string(), c.sql), "");
  }
  std::string stdin_path =
      c.stdin_from.empty() ? "/dev/null" : Expand(c.stdin_from, dir.path(), false);
  Finished run = RunHostile(Expand(c.args, dir.path(), true), stdin_path, dir.path(), c.timeout_s * scale);

  std::vector<std::string> failures;
  bool code_ok = false;
  for (int code : c.exit_codes) code_ok = code_ok || code == run.exit_code;
  if (!code_ok) {
    std::string what = run.exit_code == -2   ? "timed out after " + std::to_string(c.timeout_s * scale) + " s"
                       : run.exit_code == -1 ? "killed by signal " + std::to_string(run.signal)
                                             : "exit " + std::to_string(run.exit_code);
    failures.push_back(what + ", expected one of the case's exit codes");
  }
  for (const std::string& want : c.stderr_has) {
    std::string expanded = Expand(want, dir.path(), false);
    if (run.err.find(expanded) == std::string::npos)
      failures.push_back("stderr lacks \"" + expanded + "\"");
  }
  for (const std::string& secret : c.output_lacks) {
    if (run.err.find(secret) != std::string::npos || run.out.find(secret) != std::string::npos)
      failures.push_back("output shows \"" + secret + "\"");
  }
  if (run.err.size() > 64 * 1024) failures.push_back("stderr longer than 64 KiB");

  std::string report;
  for (const std::string& f : failures) report += "\n  " + f;
  report += "\n  stderr: " + run.err.substr(0, 2000);
  EXPECT_TRUE(failures.empty()) << c.name << ": sovet " << c.args << report;
}

std::string CaseName(const ::testing::TestParamInfo<HostileCase>& info) {
  std::string name;
  for (char ch : info.param.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileInputTest, ::testing::ValuesIn(LoadCases()), CaseName);

}  // namespace
}  // namespace sovet::cli_test
