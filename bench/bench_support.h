// Plumbing shared by the benchmark programs in bench/: timing, measuring a
// piece of work or a peer program in a child process of its own (wall time,
// CPU time, peak resident memory), medians, the deterministic generator the
// ballot benchmarks draw from, and submitting journal appends with a bounded
// number in flight. Header-only: bench/CMakeLists.txt makes every bench/*.cc
// a program of its own.
//
// Not thread-safe unless a function says so: a benchmark measures one thing
// at a time, from its main thread.
#ifndef SOVET_BENCH_BENCH_SUPPORT_H_
#define SOVET_BENCH_BENCH_SUPPORT_H_

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/random.h"
#include "sovet/journal.h"

namespace sovet::bench {

using Clock = std::chrono::steady_clock;

// Wall seconds from `since` until now.
inline double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Peak resident memory of this process so far, in MiB.
inline double PeakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// What one child process cost, measured by its parent: wall time from fork
// to reaping, and from the kernel's account of the child alone its CPU time
// (user + system, which the machine's other load inflates much less than
// wall time) and its maximum resident set.
struct ChildRun {
  double seconds = 0;
  double cpu_seconds = 0;
  long max_rss_kib = 0;
  int exit_code = -1;  // -1 when the child did not exit normally
};

// Runs `work` (returning an exit code) in a child process and measures it.
// When `captured_stdout` is given, the child's standard output is collected
// there instead of printed. This process's stdout is flushed first, or the
// child would print the parent's buffered text a second time.
template <typename Work>
ChildRun InChild(Work work, std::string* captured_stdout = nullptr) {
  std::fflush(stdout);
  int pipe_fds[2] = {-1, -1};
  if (captured_stdout != nullptr && ::pipe(pipe_fds) != 0) return {};
  const Clock::time_point start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (captured_stdout != nullptr) {
      ::close(pipe_fds[0]);
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[1]);
    }
    std::_Exit(work());
  }
  if (pid < 0) {
    if (captured_stdout != nullptr) {
      ::close(pipe_fds[0]);
      ::close(pipe_fds[1]);
    }
    return {};  // exit_code -1: nothing ran
  }
  if (captured_stdout != nullptr) {
    // Read to the end before reaping: a child blocked on a full pipe would
    // never exit.
    ::close(pipe_fds[1]);
    char buffer[4096];
    for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
      captured_stdout->append(buffer, static_cast<std::size_t>(got));
    }
    ::close(pipe_fds[0]);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  ChildRun run;
  run.seconds = SecondsSince(start);
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.max_rss_kib = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// For use inside InChild's work: replaces this process with the program
// argv[0] (looked up in PATH), its stdin read from `stdin_path` and its
// stdout written to `stdout_path`. Returns 127 only when that fails.
inline int ExecRedirected(const std::vector<std::string>& argv, const std::string& stdin_path,
                          const std::string& stdout_path) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int in_fd = ::open(stdin_path.c_str(), O_RDONLY);
  int out_fd = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0) return 127;
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::execvp(args[0], args.data());
  return 127;
}

// The middle value (the upper one of an even count); `values` is not empty.
inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Generated inputs use SplitMix64 from base/random.h, so they are the same
// on every machine.
using ::sovet::SplitMix64;

// Submits the acts `next_act` returns to `journal`, keeping at most
// `in_flight` submissions outstanding, until `next_act` returns nullopt;
// then waits until every submission has completed. `on_result` is called
// once per act with its outcome, on the journal's thread. Thread-safe: each
// calling thread keeps its own in-flight window, so several threads may run
// this at once on one journal (their `next_act` and `on_result` must then be
// thread-safe themselves).
template <typename NextAct, typename OnResult>
void SubmitKeepingInFlight(Journal& journal, int in_flight, NextAct next_act, OnResult on_result) {
  std::mutex mu;
  std::condition_variable cv;
  int outstanding = 0;
  for (;;) {
    std::optional<Act> act = next_act();
    if (!act) break;
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return outstanding < in_flight; });
    ++outstanding;
    lock.unlock();
    journal.Submit(std::move(*act), [&](Result<Appended> result) {
      on_result(std::move(result));
      std::lock_guard inner(mu);
      --outstanding;
      cv.notify_one();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return outstanding == 0; });
}

}  // namespace sovet::bench

#endif  // SOVET_BENCH_BENCH_SUPPORT_H_
