// PostgreSQL faults under load: the journal's connections terminated by the
// server (pg_terminate_backend from another session) while appends are in
// flight, and the whole server stopped with `pg_ctl stop -m immediate` (a
// crash: no shutdown checkpoint, recovery from the WAL at the next start).
// The writers must see an error (no crash, no hang), and the reopened
// journal must hold every acknowledged act and nothing half-written
// (fault_check.h). Without a server these tests skip, or fail under
// SOVET_REQUIRE_PG=1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "journal/fault_check.h"
#include "journal/test_stores.h"
#include "sovet/journal.h"

namespace sovet {
namespace {

using testing::Acknowledged;
using testing::CheckAfterFault;
using testing::PgSchema;
using testing::RawPostgres;
using testing::TempDir;

Act PgWorkloadAct(std::int64_t n) {
  Act act;
  if (n % 5 == 0) {
    act.kind = "body.seats";
    act.body = fmt::format("town_soviet:t{}", n % 3);
    act.fields["seats"] = Value::Integer(n);
  } else {
    act.kind = "test.tick";
    act.body = "fault:pg";
  }
  act.fields["n"] = Value::Integer(n);
  return act;
}

// Appending threads and a submitting thread, each stopping at its first
// error, recording what was acknowledged.
class Load {
 public:
  Load(Journal& journal, Acknowledged& record) : journal_(journal), record_(record) {}

  void Start() {
    for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
      threads_.emplace_back([this] {
        while (!stop_) {
          std::int64_t n = next_++;
          if (!Note(n, journal_.Append(PgWorkloadAct(n)))) return;
        }
      });
    }
    threads_.emplace_back([this] {
      while (!stop_) {
        std::mutex mu;
        std::condition_variable cv;
        int left = 50;
        bool failed = false;
        for (int k = 0; k < 50; ++k) {
          std::int64_t n = next_++;
          journal_.Submit(PgWorkloadAct(n), [&, n](Result<Appended> result) {
            bool ok = Note(n, result);
            std::lock_guard lock(mu);
            failed = failed || !ok;
            if (--left == 0) cv.notify_one();
          });
        }
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return left == 0; });
        if (failed) return;
      }
    });
  }

  // Waits for every thread; each stops at its first error, or at `stop`.
  void Join() {
    for (auto& thread : threads_) thread.join();
  }
  void Stop() { stop_ = true; }
  std::int64_t acts() const { return next_; }
  std::int64_t acked() {
    std::lock_guard lock(mu_);
    return static_cast<std::int64_t>(record_.acks.size());
  }

 private:
  bool Note(std::int64_t n, const Result<Appended>& result) {
    std::lock_guard lock(mu_);
    if (result) {
      record_.acks[result->seq] = {HexEncode(result->hash), n};
      return true;
    }
    record_.errors.emplace_back(static_cast<int>(result.error().code()), result.error().ToString());
    return false;
  }

  Journal& journal_;
  Acknowledged& record_;
  std::mutex mu_;
  std::atomic<std::int64_t> next_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// Waits until the load has acknowledged something, at most ten seconds.
void WaitForAcks(Load& load) {
  for (int k = 0; k < 1000 && load.acked() == 0; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST(PgFaultTest, TerminatedConnectionsLoseNothingAcknowledged) {
  std::mt19937 random(12345);
  constexpr int kRounds = 5;
  std::int64_t acked = 0;
  for (int round = 0; round < kRounds; ++round) {
    PgSchema schema;
    SOVET_REQUIRE_PG_OR_SKIP(schema);
    TempDir dir;
    // The application name singles out this journal's sessions among the
    // other tests' on the shared server.
    std::string application = testing::UniqueName("pgfault");
    std::string url = schema.url() + "&application_name=" + application;
    std::string key = dir.File("node.key");
    Acknowledged record;
    auto genesis = Journal::Init(InitOptions{.url = url, .key_path = key});
    ASSERT_TRUE(genesis) << genesis.error().ToString();
    record.genesis_hash = HexEncode(genesis->hash);
    std::int64_t acts = 0;
    {
      auto journal = Journal::Open(OpenOptions{.url = url, .writable = true, .key_path = key});
      ASSERT_TRUE(journal) << journal.error().ToString();
      Load load(**journal, record);
      load.Start();
      WaitForAcks(load);
      std::this_thread::sleep_for(std::chrono::milliseconds(random() % 100));
      std::string error =
          RawPostgres(testing::PgBaseUrl(),
                      fmt::format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                  "application_name = '{}'",
                                  application));
      ASSERT_EQ(error, "");
      load.Join();  // every thread has seen an error: the writer is gone
      acts = load.acts();
    }
    record.completed = true;
    EXPECT_FALSE(record.errors.empty()) << "round " << round << ": no writer saw the kill";
    acked += static_cast<std::int64_t>(record.acks.size());
    EXPECT_EQ(CheckAfterFault(record, url, key, PgWorkloadAct, acts), "") << "round " << round;
  }
  std::printf("pg terminate_backend: %d rounds, %lld acts acknowledged, all present\n", kRounds,
              static_cast<long long>(acked));
}

// A server of the test's own (the shared one must stay up for the others),
// stopped with -m immediate under load and started again.
class OwnServer {
 public:
  OwnServer() {
    std::string out =
        Shell(fmt::format("{}/scripts/pg-test-server start {}", SOVET_SOURCE_DIR, dir_.File("pg")));
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    url_ = out;
  }
  ~OwnServer() {
    Shell(fmt::format("{}/scripts/pg-test-server stop {}", SOVET_SOURCE_DIR, dir_.File("pg")));
  }
  const std::string& url() const { return url_; }
  bool Crash() { return PgCtl("-m immediate -w stop"); }
  bool Start() {
    std::string dir = dir_.File("pg");
    std::string port = Shell("cat " + dir + "/port");
    while (!port.empty() && port.back() == '\n') port.pop_back();
    return PgCtl(
        fmt::format("-l {0}/server.log -w -t 60 -o \"-c listen_addresses=127.0.0.1 -c port={1} "
                    "-c unix_socket_directories={0} -c max_connections=200 -c fsync=on\" start",
                    dir, port));
  }

 private:
  static std::string Shell(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[512];
    std::size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
    ::pclose(pipe);
    return out;
  }
  bool PgCtl(const std::string& args) {
    // As scripts/pg-test-server does: the cluster belongs to postgres when
    // the tests run as root.
    std::string command = fmt::format(
        "bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); "
        "if [ \"$(id -u)\" = 0 ]; then owner='runuser -u postgres --'; else owner=; fi; "
        "$owner \"$bindir/pg_ctl\" -D {}/data {} >/dev/null 2>&1",
        dir_.File("pg"), args);
    return std::system(command.c_str()) == 0;
  }

  TempDir dir_;
  std::string url_;
};

TEST(PgFaultTest, ServerStoppedImmediatelyLosesNothingAcknowledged) {
  if (testing::PgBaseUrl().empty()) {
    if (testing::PgRequired()) FAIL() << "SOVET_REQUIRE_PG=1 but SOVET_TEST_PG_URL is not set";
    GTEST_SKIP() << "PostgreSQL tests skipped: SOVET_TEST_PG_URL is not set";
  }
  OwnServer server;
  ASSERT_TRUE(server.url().starts_with("postgresql://")) << "could not start a server";
  std::mt19937 random(4321);
  constexpr int kRounds = 2;
  for (int round = 0; round < kRounds; ++round) {
    std::string schema = fmt::format("crash{}", round);
    ASSERT_EQ(RawPostgres(server.url(), "CREATE SCHEMA " + schema), "");
    std::string url = fmt::format("{}?options=-csearch_path%3D{}", server.url(), schema);
    TempDir dir;
    std::string key = dir.File("node.key");
    Acknowledged record;
    auto genesis = Journal::Init(InitOptions{.url = url, .key_path = key});
    ASSERT_TRUE(genesis) << genesis.error().ToString();
    record.genesis_hash = HexEncode(genesis->hash);
    std::int64_t acts = 0;
    {
      auto journal = Journal::Open(OpenOptions{.url = url, .writable = true, .key_path = key});
      ASSERT_TRUE(journal) << journal.error().ToString();
      Load load(**journal, record);
      load.Start();
      WaitForAcks(load);
      std::this_thread::sleep_for(std::chrono::milliseconds(random() % 200));
      ASSERT_TRUE(server.Crash());
      load.Join();
      acts = load.acts();
    }
    ASSERT_TRUE(server.Start()) << "the server did not come back";
    record.completed = true;
    EXPECT_FALSE(record.errors.empty()) << "round " << round << ": no writer saw the crash";
    EXPECT_EQ(CheckAfterFault(record, url, key, PgWorkloadAct, acts), "") << "round " << round;
    std::printf("pg stop -m immediate, round %d: %zu acts acknowledged, all present\n", round,
                record.acks.size());
  }
}

}  // namespace
}  // namespace sovet
