// Injected I/O faults on SQLite: a workload (init, a few hundred appends in
// many commit groups, sequential and concurrent, with projected acts) runs
// once to count its reads, writes and syncs, then once for every N up to
// that count with the N-th operation failing — an I/O error on a read, a
// write or an fsync, a short write, a full disk, a dying disk whose every
// sync fails from the N-th on (fault_vfs.h). Each run is a
// child process, so a crash or a hang (a per-run timeout) is a failure, not
// the end of the suite. The child ends with a simulated power loss: every
// write not made durable by a successful sync is undone. Then, without the
// fault, the database must hold every act that was acknowledged (Init
// returned the genesis, Append returned ok, Submit's callback got ok) with
// the hash it was acknowledged with; every other entry must be a whole act
// that was submitted (the chain verifies, each entry decodes to its act);
// replaying the journal must give the live projection; and the journal must
// take a new append.
//
// SOVET_FAULT_SWEEP=full tries every N; by default a stride keeps each
// fault kind to about 150 runs (the first and last N always included).
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/io.h"
#include "journal/fault_check.h"
#include "journal/fault_vfs.h"
#include "journal/test_stores.h"
#include "sovet/journal.h"

namespace sovet {
namespace {

using testing::CheckAfterFault;
using testing::FaultCounts;
using testing::FaultKind;
using testing::FaultKindName;
using testing::FaultVfs;
using testing::TempDir;

constexpr int kSequentialHead = 3;  // body.create, one group each
constexpr int kBurst = 80;          // Submit without waiting: few groups
constexpr int kThreads = 2;
constexpr int kPerThread = 30;  // Append from two threads: groups of 1-2
constexpr int kSequentialTail = 5;
constexpr int kActs = kSequentialHead + 2 * kBurst + kThreads * kPerThread + kSequentialTail;
constexpr auto kRunTimeout = std::chrono::seconds(60);
constexpr std::int64_t kDefaultRunsPerKind = 120;

// Act n of the workload: three bodies created, their seats changed now and
// then (projected into the bodies table), ticks in between.
Act WorkloadAct(int n) {
  Act act;
  if (n < kSequentialHead) {
    act.kind = "body.create";
    act.body = fmt::format("town_soviet:t{}", n);
  } else if (n % 7 == 0) {
    act.kind = "body.seats";
    act.body = fmt::format("town_soviet:t{}", n % kSequentialHead);
  } else {
    act.kind = "test.tick";
    act.body = "fault:workload";
  }
  if (act.kind != "test.tick") act.fields["seats"] = Value::Integer(100 + n);
  act.fields["n"] = Value::Integer(n);
  return act;
}

const testing::WorkloadActs kWorkload = [](std::int64_t n) {
  return WorkloadAct(static_cast<int>(n));
};

// What the child acknowledged, in lines written once at its end:
//   G HASH            Init returned this genesis
//   A SEQ HASH N      act N acknowledged as entry SEQ
//   E CODE MESSAGE    an operation reported an error
//   C READS WRITES SYNCS FIRED   the run completed
class ChildLog {
 public:
  void Line(const std::string& line) {
    std::lock_guard lock(mu_);
    text_ += line;
    text_ += '\n';
  }
  void Error(const Status& status) {
    std::string message = status.ToString();
    for (char& c : message) {
      if (c == '\n') c = ' ';
    }
    Line(fmt::format("E {} {}", static_cast<int>(status.code()), message));
  }
  void Result(int n, const sovet::Result<Appended>& result) {
    if (result) {
      Line(fmt::format("A {} {} {}", result->seq, HexEncode(result->hash), n));
    } else {
      Error(result.error());
    }
  }
  void WriteTo(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    std::size_t at = 0;
    while (at < text_.size()) {
      ssize_t wrote = ::write(fd, text_.data() + at, text_.size() - at);
      if (wrote <= 0) break;
      at += static_cast<std::size_t>(wrote);
    }
    ::close(fd);
  }

 private:
  std::mutex mu_;
  std::string text_;
};

void RunPhases(Journal& journal, ChildLog& log) {
  int n = 0;
  for (; n < kSequentialHead; ++n) log.Result(n, journal.Append(WorkloadAct(n)));
  auto burst = [&] {
    std::mutex mu;
    std::condition_variable cv;
    int left = kBurst;
    for (int k = 0; k < kBurst; ++k, ++n) {
      journal.Submit(WorkloadAct(n), [&, n](sovet::Result<Appended> result) {
        log.Result(n, result);
        std::lock_guard lock(mu);
        if (--left == 0) cv.notify_one();
      });
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return left == 0; });
  };
  burst();
  std::atomic<int> next{n};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&] {
      for (int k = 0; k < kPerThread; ++k) {
        int mine = next++;
        log.Result(mine, journal.Append(WorkloadAct(mine)));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  n = next;
  burst();
  for (int k = 0; k < kSequentialTail; ++k, ++n) log.Result(n, journal.Append(WorkloadAct(n)));
}

[[noreturn]] void ChildMain(FaultKind kind, std::int64_t nth, const std::string& url,
                            const std::string& key, const std::string& log_path) {
  FaultVfs::Arm(kind, nth);
  ChildLog log;
  {
    auto genesis = Journal::Init(InitOptions{.url = url, .key_path = key});
    if (!genesis) {
      log.Error(genesis.error());
    } else {
      log.Line("G " + HexEncode(genesis->hash));
      auto journal = Journal::Open(OpenOptions{.url = url, .writable = true, .key_path = key});
      if (!journal) {
        log.Error(journal.error());
      } else {
        RunPhases(**journal, log);
        // The power fails as the last act is acknowledged.
        FaultVfs::FreezeDisk();
      }
    }  // the journal closes here: every connection, before the power loss
  }
  FaultCounts counts = FaultVfs::Counts();
  bool fired = FaultVfs::Fired();
  FaultVfs::SimulatePowerLoss();
  log.Line(fmt::format("C {} {} {} {}", counts.reads, counts.writes, counts.syncs, fired ? 1 : 0));
  log.WriteTo(log_path);
  ::_exit(0);
}

struct ChildReport : testing::Acknowledged {
  FaultCounts counts;
  bool fired = false;
};

ChildReport ParseLog(const std::string& text) {
  ChildReport report;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string tag;
    words >> tag;
    if (tag == "G") {
      words >> report.genesis_hash;
    } else if (tag == "A") {
      std::int64_t seq;
      std::string hash;
      std::int64_t n;
      words >> seq >> hash >> n;
      report.acks[seq] = {hash, n};
    } else if (tag == "E") {
      int code;
      words >> code;
      std::string rest;
      std::getline(words, rest);
      report.errors.emplace_back(code, rest);
    } else if (tag == "C") {
      int fired;
      words >> report.counts.reads >> report.counts.writes >> report.counts.syncs >> fired;
      report.fired = fired != 0;
      report.completed = true;
    }
  }
  return report;
}

// Runs the workload in a child with the fault armed. Empty on success,
// else what went wrong (crash, hang).
std::string RunChild(FaultKind kind, std::int64_t nth, const std::string& url,
                     const std::string& key, const std::string& log_path) {
  pid_t child = ::fork();
  if (child < 0) return "fork failed";
  if (child == 0) ChildMain(kind, nth, url, key, log_path);
  auto deadline = std::chrono::steady_clock::now() + kRunTimeout;
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return fmt::format("the workload hung (killed after {} s)", kRunTimeout.count());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (WIFSIGNALED(status)) return fmt::format("the workload died of signal {}", WTERMSIG(status));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fmt::format("the workload exited with status {}", WEXITSTATUS(status));
  }
  return "";
}

std::int64_t SweepStride(std::int64_t limit) {
  const char* sweep = std::getenv("SOVET_FAULT_SWEEP");
  if (sweep != nullptr && std::string(sweep) == "full") return 1;
  return std::max<std::int64_t>(1, (limit + kDefaultRunsPerKind - 1) / kDefaultRunsPerKind);
}

class FaultInjectionTest : public ::testing::TestWithParam<FaultKind> {
 protected:
  void SetUp() override { FaultVfs::Install(); }
};

TEST_P(FaultInjectionTest, EveryNthFaultKeepsEveryAcknowledgedAct) {
  FaultKind kind = GetParam();
  // The clean run: counts the operations, and must itself pass the checks.
  FaultCounts clean;
  {
    TempDir dir;
    std::string url = "sqlite:" + dir.File("j.db");
    std::string error = RunChild(FaultKind::kNone, 0, url, dir.File("j.key"), dir.File("log"));
    ASSERT_EQ(error, "");
    ChildReport child = ParseLog(ReadFile(dir.File("log")).value_or(std::string()));
    ASSERT_TRUE(child.completed);
    ASSERT_TRUE(child.errors.empty()) << child.errors[0].second;
    ASSERT_EQ(child.acks.size(), static_cast<std::size_t>(kActs));
    ASSERT_EQ(CheckAfterFault(child, url, dir.File("j.key"), kWorkload, kActs), "");
    clean = child.counts;
  }
  std::int64_t total = kind == FaultKind::kReadError ? clean.reads
                       : kind == FaultKind::kSyncError || kind == FaultKind::kSyncFailing
                           ? clean.syncs
                           : clean.writes;
  ASSERT_GT(total, 0);
  // Group formation varies from run to run: a margin past the clean count
  // reaches the end of every run.
  std::int64_t limit = total + total / 10 + 2;
  std::int64_t stride = SweepStride(limit);
  int runs = 0, fired = 0, reported = 0, lost = 0;
  std::int64_t acked = 0;
  auto started = std::chrono::steady_clock::now();
  for (std::int64_t nth = 1; nth <= limit; nth += stride) {
    if (nth + stride > limit) nth = limit;  // always try the last
    TempDir dir;
    std::string url = "sqlite:" + dir.File("j.db");
    std::string key = dir.File("j.key");
    std::string error = RunChild(kind, nth, url, key, dir.File("log"));
    ASSERT_EQ(error, "") << FaultKindName(kind) << " at operation " << nth;
    ChildReport child = ParseLog(ReadFile(dir.File("log")).value_or(std::string()));
    std::string defect = CheckAfterFault(child, url, key, kWorkload, kActs);
    ++runs;
    fired += child.fired;
    reported += !child.errors.empty();
    acked += static_cast<std::int64_t>(child.acks.size());
    if (!defect.empty()) {
      ++lost;
      ADD_FAILURE() << FaultKindName(kind) << " at operation " << nth << " of " << total << ": "
                    << defect;
    }
  }
  long long millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  // A summary for the logs (the sweep's coverage, for the soak's notes).
  std::printf(
      "fault sweep %s: N = 1..%lld step %lld (%d runs, %lld operations in the clean run), fired "
      "%d, errors reported in %d, %lld acts acknowledged, %d defects, %lld ms\n",
      std::string(FaultKindName(kind)).c_str(), static_cast<long long>(limit),
      static_cast<long long>(stride), runs, static_cast<long long>(total), fired, reported,
      static_cast<long long>(acked), lost, millis);
  EXPECT_GT(fired, 0) << "the fault never fired";
  EXPECT_GT(reported, 0) << "no fault was ever reported";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, FaultInjectionTest,
                         ::testing::Values(FaultKind::kReadError, FaultKind::kWriteError,
                                           FaultKind::kShortWrite, FaultKind::kDiskFull,
                                           FaultKind::kSyncError, FaultKind::kSyncFailing),
                         [](const auto& info) { return std::string(FaultKindName(info.param)); });

}  // namespace
}  // namespace sovet
