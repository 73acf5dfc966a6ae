// End-to-end: `sovet init`, `journal append|show|export`, `verify` and
// `replay` as a user runs them, on SQLite and PostgreSQL; exit codes (0 ok,
// 2 bad input, 3 a defect in the journal); and the crash test: an appender
// killed with SIGKILL at random moments never loses an entry it
// acknowledged.
#include "sovet/journal.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_support.h"
#include "journal/test_stores.h"
#include "raw_sql.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;
using testing::PgSchema;

enum class StoreKind { kSqlite, kPostgres };

class JournalCliTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::kPostgres) {
      schema_ = std::make_unique<PgSchema>();
      SOVET_REQUIRE_PG_OR_SKIP(*schema_);
      db_ = schema_->url();
    } else {
      db_ = "sqlite:" + dir_.File("sovet.db");
    }
    key_ = dir_.File("node.key");
  }

  CommandOutput Sovet(const std::string& args, const std::string& stdin_text = "") {
    return RunSovet(args, dir_.path(), {.stdin_text = stdin_text});
  }

  std::string Db() const { return "--db " + ShellQuote(db_) + " --key " + ShellQuote(key_); }
  std::string DbOnly() const { return "--db " + ShellQuote(db_); }

  ScopedTempDir dir_{"sovet-journal-cli"};
  std::unique_ptr<PgSchema> schema_;
  std::string db_;
  std::string key_;
};

TEST_P(JournalCliTest, InitAppendVerifyShowExportReplay) {
  std::string charter = SourcePath("charters/rsfsr-1918.toml");
  CommandOutput init = Sovet("init " + Db() + " --charter " + ShellQuote(charter));
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_THAT(init.out, HasSubstr("charter  rsfsr-1918"));
  struct stat info;
  ASSERT_EQ(::stat(key_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  CommandOutput append =
      Sovet("journal append " + Db() +
            " --kind body.create --body town_soviet:petrograd --field seats:int=1000 "
            "--field name=Petrograd --field open:bool=true --field raw:hex=00ff");
  ASSERT_EQ(append.exit_code, 0) << append.err;
  EXPECT_THAT(append.out, HasSubstr("appended entry 1 "));
  CommandOutput json = Sovet("journal append " + Db() + " --json",
                             "{\"kind\": \"body.seats\", \"body\": \"town_soviet:petrograd\", "
                             "\"fields\": {\"seats\": 900}}\n"
                             "{\"kind\": \"test.note\", \"fields\": {\"list\": [1, \"1\"], "
                             "\"b\": {\"$bytes\": \"0a\"}}}\n");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  CommandOutput many =
      Sovet("journal append " + Db() + " --kind test.tick --repeat 200 --threads 4");
  ASSERT_EQ(many.exit_code, 0) << many.err;

  CommandOutput verify = Sovet("verify " + DbOnly() + " --charter " + ShellQuote(charter));
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("entries  204 "));
  EXPECT_THAT(verify.out, HasSubstr("signer   ed25519:"));
  EXPECT_THAT(verify.out, HasSubstr("rsfsr-1918"));

  CommandOutput show = Sovet("journal show " + DbOnly() + " --from 1 --limit 3 --format json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto entries = nlohmann::json::parse(show.out);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0]["seq"], 1);
  EXPECT_EQ(entries[0]["payload"]["seats"], 1000);
  EXPECT_EQ(entries[0]["payload"]["raw"]["$bytes"], "00ff");
  EXPECT_EQ(entries[0]["payload"]["open"], true);
  EXPECT_EQ(entries[2]["payload"]["list"][1], "1");
  CommandOutput text = Sovet("journal show " + DbOnly() + " --limit 2");
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.out, HasSubstr("town_soviet:petrograd"));
  EXPECT_THAT(text.out, HasSubstr("journal.genesis"));

  std::string exported = dir_.File("journal.export");
  ASSERT_EQ(Sovet("journal export " + DbOnly() + " --out " + ShellQuote(exported)).exit_code, 0);
  CommandOutput offline = Sovet("verify --export " + ShellQuote(exported));
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_THAT(offline.out, HasSubstr("entries  204 "));
  CommandOutput to_stdout = Sovet("journal export " + DbOnly());
  EXPECT_EQ(to_stdout.out, ReadText(exported));

  CommandOutput replay = Sovet("replay " + DbOnly());
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_THAT(replay.out, HasSubstr("replayed 204 entries"));

  // A changed byte in the export: exit 3 naming the entry.
  std::string bytes = ReadText(exported);
  bytes[bytes.size() - 100] ^= 0x20;
  WriteText(exported, bytes);
  CommandOutput bad = Sovet("verify --export " + ShellQuote(exported));
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("entry 203"));
}

TEST_P(JournalCliTest, TamperedDatabaseExitsThreeNamingTheEntry) {
  ASSERT_EQ(Sovet("init " + Db()).exit_code, 0);
  ASSERT_EQ(Sovet("journal append " + Db() + " --kind test.tick --repeat 5").exit_code, 0);
  ASSERT_EQ(testing::RawStoreSql(db_, "DELETE FROM journal WHERE seq = 3"), "");
  CommandOutput verify = Sovet("verify " + DbOnly());
  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_THAT(verify.err, HasSubstr("entry 3"));
  EXPECT_THAT(verify.err, HasSubstr("missing"));
}

TEST_P(JournalCliTest, ClearErrorsForBadInput) {
  CommandOutput bad_url = Sovet("init --db mysql://host/db --key " + ShellQuote(key_));
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_THAT(bad_url.err, HasSubstr("--db"));
  EXPECT_THAT(bad_url.err, HasSubstr("sqlite:PATH"));

  ASSERT_EQ(Sovet("init " + Db()).exit_code, 0);
  CommandOutput twice = Sovet("init " + DbOnly() + " --key " + ShellQuote(dir_.File("second.key")));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("already holds a sovet journal"));

  // A journal without a charter, and one of another charter (the shipped
  // charter under another id: different bytes, different hash).
  std::string charter_path = SourcePath("charters/rsfsr-1918.toml");
  CommandOutput charter =
      Sovet("journal append " + Db() + " --kind test.tick --charter " + ShellQuote(charter_path));
  EXPECT_EQ(charter.exit_code, 2);
  EXPECT_THAT(charter.err, HasSubstr("without a charter"));
  std::string variant = ReadText(charter_path);
  std::size_t id_at = variant.find("id = \"rsfsr-1918\"");
  ASSERT_NE(id_at, std::string::npos);
  variant.replace(id_at, 17, "id = \"rsfsr-1918-variant\"");
  std::string variant_path = dir_.File("variant.toml");
  WriteText(variant_path, variant);
  std::string other_key = dir_.File("other.key");
  std::string other_db = GetParam() == StoreKind::kSqlite ? "sqlite:" + dir_.File("other.db") : "";
  if (!other_db.empty()) {
    ASSERT_EQ(Sovet("init --db " + ShellQuote(other_db) + " --charter " + ShellQuote(charter_path))
                  .exit_code,
              0);
    CommandOutput mismatch = Sovet("journal append --db " + ShellQuote(other_db) +
                                   " --kind test.tick "
                                   "--charter " +
                                   ShellQuote(variant_path));
    EXPECT_EQ(mismatch.exit_code, 2);
    EXPECT_THAT(mismatch.err, HasSubstr("belongs to charter \"rsfsr-1918\""));
    EXPECT_THAT(mismatch.err, HasSubstr("rsfsr-1918-variant"));
    CommandOutput verify =
        Sovet("verify --db " + ShellQuote(other_db) + " --charter " + ShellQuote(variant_path));
    EXPECT_EQ(verify.exit_code, 2);
  }

  ASSERT_EQ(::chmod(key_.c_str(), 0644), 0);
  CommandOutput readable = Sovet("journal append " + Db() + " --kind test.tick");
  EXPECT_EQ(readable.exit_code, 2);
  EXPECT_THAT(readable.err, HasSubstr(key_));
  EXPECT_THAT(readable.err, HasSubstr("0644"));
  ASSERT_EQ(::chmod(key_.c_str(), 0600), 0);

  CommandOutput missing = Sovet("journal append " + DbOnly() + " --key " +
                                ShellQuote(dir_.File("none.key")) + " --kind test.tick");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("none.key"));

  CommandOutput bad_field = Sovet("journal append " + Db() + " --kind test.tick --field n:int=x");
  EXPECT_EQ(bad_field.exit_code, 2);
  EXPECT_THAT(bad_field.err, HasSubstr("not a 64-bit integer"));

  CommandOutput bad_kind = Sovet("journal append " + Db() + " --kind 'Body Create'");
  EXPECT_EQ(bad_kind.exit_code, 2);
  EXPECT_THAT(bad_kind.err, HasSubstr("dotted lower-case"));

  CommandOutput bad_json = Sovet("journal append " + Db() + " --json", "{\"kind\": 1.5}\n");
  EXPECT_EQ(bad_json.exit_code, 2);
  EXPECT_THAT(bad_json.err, HasSubstr("<stdin>:1"));
}

TEST_P(JournalCliTest, SeveralProcessesAppendToOneChain) {
  ASSERT_EQ(Sovet("init " + Db()).exit_code, 0);
  std::string command = ShellQuote(SOVET_BINARY) + " journal append " + Db() +
                        " --kind test.tick --repeat 100 --threads 3 >/dev/null";
  std::string all = "(" + command + ") & (" + command + ") & (" + command + ") & wait";
  ASSERT_EQ(std::system(all.c_str()), 0);
  CommandOutput verify = Sovet("verify " + DbOnly());
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("entries  301 "));
  EXPECT_EQ(Sovet("replay " + DbOnly()).exit_code, 0);
}

// The crash test (issue 4): an appender in a child process, with several
// threads so commit groups form, is killed with SIGKILL at random moments;
// after each kill the journal is reopened and verified, and every entry the
// child reported as acknowledged (written to the ack file after Append
// returned) must be present with the same hash.
// The size of the file at `path`, 0 if there is none yet.
std::int64_t FileSize(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 ? static_cast<std::int64_t>(info.st_size) : 0;
}

TEST_P(JournalCliTest, KillNineNeverLosesAnAcknowledgedEntry) {
  ASSERT_EQ(Sovet("init " + Db()).exit_code, 0);
  std::string ack = dir_.File("acks");
  std::mt19937 random(static_cast<unsigned>(::getpid()));
  constexpr int kKills = 20;
  std::int64_t acknowledged_total = 0;
  for (int round = 0; round < kKills; ++round) {
    const std::int64_t acked_bytes = FileSize(ack);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int null_fd = ::open("/dev/null", O_WRONLY);
      ::dup2(null_fd, 1);
      ::execl(SOVET_BINARY, SOVET_BINARY, "journal", "append", "--db", db_.c_str(), "--key",
              key_.c_str(), "--kind", "test.crash", "--body", "crash:test", "--field",
              ("round:int=" + std::to_string(round)).c_str(), "--repeat", "100000000", "--threads",
              "4", "--ack", ack.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // The kill lands at a random moment after the appender's first
    // acknowledgement of this round, however long a loaded machine takes to
    // start it (the ack file grows; at most ten seconds).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (FileSize(ack) <= acked_bytes && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 150));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the appender exited on its own: " << status;

    auto journal = Journal::Open(OpenOptions{.url = db_});
    ASSERT_TRUE(journal) << journal.error().ToString();
    auto report = (*journal)->Verify();
    ASSERT_TRUE(report) << report.error().ToString();
    ASSERT_TRUE(report->ok) << "after kill " << round << ": entry " << report->bad_seq << ": "
                            << report->defect;
    std::istringstream lines(ReadText(ack));
    std::int64_t seq;
    std::string hash;
    std::map<std::int64_t, std::string> acked;
    while (lines >> seq >> hash) acked[seq] = hash;
    if (!acked.empty()) {
      std::int64_t last_acked = acked.rbegin()->first;
      ASSERT_LT(last_acked, report->entries)
          << "acknowledged entry " << last_acked << " is missing after kill " << round;
    }
    auto entries = (*journal)->Read(0, -1);
    ASSERT_TRUE(entries);
    for (const auto& [acked_seq, acked_hash] : acked) {
      ASSERT_LT(acked_seq, static_cast<std::int64_t>(entries->size()));
      ASSERT_EQ(HexEncode((*entries)[acked_seq].hash), acked_hash)
          << "acknowledged entry " << acked_seq << " differs after kill " << round;
    }
    acknowledged_total = static_cast<std::int64_t>(acked.size());
  }
  EXPECT_GT(acknowledged_total, kKills) << "the appender acknowledged almost nothing";
  CommandOutput verify = Sovet("verify " + DbOnly());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(Sovet("replay " + DbOnly()).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, JournalCliTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) {
                           return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace sovet::cli_test
