// The demo killed mid-run with SIGKILL, on each store: whatever the moment,
// the journal it leaves verifies, replays to its live state, and takes a
// new append (or, killed before the genesis committed, holds no journal at
// all). scripts/soak does this a thousand times; this is the short version.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include "cli/cli_support.h"
#include "journal/test_stores.h"

namespace sovet::cli_test {
namespace {

using testing::PgSchema;

enum class StoreKind { kSqlite, kPostgres };

class DemoKillTest : public ::testing::TestWithParam<StoreKind> {};

TEST_P(DemoKillTest, DemoKilledMidRunLeavesAJournalThatVerifiesAndReplays) {
  ScopedTempDir dir("sovet-demo-kill");
  std::mt19937 random(static_cast<unsigned>(::getpid()));
  constexpr int kKills = 4;
  int killed = 0;
  for (int round = 0; round < kKills; ++round) {
    std::unique_ptr<PgSchema> schema;
    std::string db;
    if (GetParam() == StoreKind::kPostgres) {
      schema = std::make_unique<PgSchema>();
      SOVET_REQUIRE_PG_OR_SKIP(*schema);
      db = schema->url();
    } else {
      db = "sqlite:" + dir.File("demo" + std::to_string(round) + ".db");
    }
    std::string key = dir.File("demo" + std::to_string(round) + ".key");
    std::string charter = SourcePath("charters/rsfsr-1918.toml");
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int null_fd = ::open("/dev/null", O_WRONLY);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
      ::execl(SOVET_BINARY, SOVET_BINARY, "demo", "--charter", charter.c_str(), "--scale", "small",
              "--seed", std::to_string(round + 1).c_str(), "--db", db.c_str(), "--key", key.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Spread over the run: the init, the bodies, the elections.
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 600));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    if (!WIFSIGNALED(status)) {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the demo failed: " << status;
    } else {
      ++killed;
    }
    CommandOutput show = RunSovet("journal show --db " + ShellQuote(db) + " --limit 1", dir.path());
    if (show.exit_code != 0) {
      // Killed before the genesis committed (or before the SQLite file was
      // even created): no journal, nothing acknowledged.
      EXPECT_EQ(show.exit_code, 2) << show.err;
      EXPECT_THAT(show.err, ::testing::AnyOf(::testing::HasSubstr("no sovet journal"),
                                             ::testing::HasSubstr("no sovet database")))
          << show.err;
      continue;
    }
    CommandOutput verify = RunSovet("verify --db " + ShellQuote(db), dir.path());
    EXPECT_EQ(verify.exit_code, 0) << "round " << round << ": " << verify.err;
    CommandOutput replay = RunSovet("replay --db " + ShellQuote(db), dir.path());
    EXPECT_EQ(replay.exit_code, 0) << "round " << round << ": " << replay.err << replay.out;
    CommandOutput append = RunSovet("journal append --db " + ShellQuote(db) + " --key " +
                                        ShellQuote(key) + " --kind test.after_kill",
                                    dir.path());
    EXPECT_EQ(append.exit_code, 0) << "round " << round << ": " << append.err;
  }
  std::printf("demo killed mid-run %d of %d times\n", killed, kKills);
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoKillTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) {
                           return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace sovet::cli_test
