// The journal on both stores: one suite, run against SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "journal/crypto.h"
#include "journal/sql.h"
#include "journal/test_stores.h"
#include "sovet/journal.h"
#include "sovet/projection.h"

namespace sovet {
namespace {

using journal::SqlConnection;
using testing::PgSchema;
using testing::TempDir;

const CharterIdentity kCharterA{"rsfsr-1918", std::string(64, 'a')};
const CharterIdentity kCharterB{"federation", std::string(64, 'b')};

enum class StoreKind { kSqlite, kPostgres };

class StoreTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::kPostgres) {
      schema_ = std::make_unique<PgSchema>();
      SOVET_REQUIRE_PG_OR_SKIP(*schema_);
      url_ = schema_->url();
    } else {
      url_ = "sqlite:" + dir_.File("journal.db");
    }
    key_ = dir_.File("node.key");
  }

  Entry Init(std::optional<CharterIdentity> charter = kCharterA) {
    auto genesis = Journal::Init(InitOptions{.url = url_, .key_path = key_, .charter = charter});
    EXPECT_TRUE(genesis) << genesis.error().ToString();
    return genesis ? *genesis : Entry();
  }

  std::unique_ptr<Journal> Open(bool writable = true) {
    auto journal = Journal::Open(OpenOptions{.url = url_, .writable = writable, .key_path = key_});
    EXPECT_TRUE(journal) << journal.error().ToString();
    return journal ? std::move(*journal) : nullptr;
  }

  // Raw SQL on the store, for tampering.
  std::unique_ptr<SqlConnection> Raw() {
    auto url = ParseStoreUrl(url_);
    auto sql = url->kind == StoreUrl::Kind::kSqlite ? journal::OpenSqlite(url->target, false)
                                                    : journal::OpenPostgres(url->target);
    EXPECT_TRUE(sql) << sql.error().ToString();
    // Tampering need not be durable; without a flush per UPDATE the
    // byte-flipping test stays fast on a busy disk.
    EXPECT_TRUE((*sql)->Exec(url->kind == StoreUrl::Kind::kSqlite ? "PRAGMA synchronous = OFF"
                                                                  : "SET synchronous_commit = off",
                             {}));
    return std::move(*sql);
  }

  VerifyReport Verify(const VerifyOptions& options = {}) {
    auto journal = Open(false);
    auto report = journal->Verify(options);
    EXPECT_TRUE(report) << report.error().ToString();
    return *report;
  }

  Appended MustAppend(Journal& journal, Act act) {
    auto appended = journal.Append(std::move(act));
    EXPECT_TRUE(appended) << appended.error().ToString();
    return appended ? *appended : Appended{};
  }

  // Genesis, then groups {1}, {2}, {3, 4, 5}: a journal with sealed and
  // unsealed entries.
  void MakeSmallJournal() {
    Init();
    auto journal = Open();
    MustAppend(*journal,
               Act{"body.create", "town_soviet:petrograd", {{"seats", Value::Integer(1000)}}});
    MustAppend(*journal, Act{"test.note", "", {{"text", Value::Text("1")}}});
    std::promise<void> all;
    std::atomic<int> left{3};
    // Three submits before the writer wakes are very likely one group, but
    // the test does not depend on it.
    for (int n = 0; n < 3; ++n) {
      journal->Submit(Act{"test.tick", "village_soviet:x", {{"n", Value::Integer(n)}}},
                      [&](Result<Appended> result) {
                        EXPECT_TRUE(result);
                        if (--left == 0) all.set_value();
                      });
    }
    all.get_future().get();
  }

  TempDir dir_;
  std::unique_ptr<PgSchema> schema_;
  std::string url_;
  std::string key_;
};

TEST_P(StoreTest, InitWritesASignedGenesisAndAKeyOnlyItsOwnerReads) {
  Entry genesis = Init();
  EXPECT_EQ(genesis.seq, 0);
  EXPECT_EQ(genesis.kind, kGenesisKind);
  EXPECT_TRUE(genesis.sealed);
  EXPECT_EQ(genesis.payload.at("charter_id").text(), "rsfsr-1918");
  EXPECT_EQ(HexEncode(genesis.payload.at("charter_sha256").bytes()), kCharterA.sha256_hex);
  struct stat info;
  ASSERT_EQ(::stat(key_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  auto key = LoadNodeKey(key_);
  ASSERT_TRUE(key);
  EXPECT_EQ(genesis.payload.at("node_public_key").bytes(), key->public_key);
  VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.defect;
  EXPECT_EQ(report.entries, 1);
  EXPECT_EQ(report.first_hash, genesis.hash);
  EXPECT_EQ(report.signer, key->public_key);
  EXPECT_EQ(report.charter_id, "rsfsr-1918");
}

TEST_P(StoreTest, InitRefusesADatabaseThatHoldsAJournal) {
  Init();
  auto again = Journal::Init(InitOptions{.url = url_, .key_path = dir_.File("other.key")});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  // The refused init left no key behind.
  EXPECT_NE(::access(dir_.File("other.key").c_str(), F_OK), 0);
}

TEST_P(StoreTest, AppendsAreReadBackExactly) {
  Init();
  auto journal = Open();
  ValueMap fields = {{"seats", Value::Integer(1000)},
                     {"name", Value::Text("Петроград")},
                     {"raw", Value::ByteString(std::string("\0\1", 2))},
                     {"open", Value::Boolean(true)},
                     {"list", Value::List({Value::Integer(1), Value::Text("1")})},
                     {"rec", Value::MakeRecord("ref", {{"seq", Value::Integer(0)}})}};
  Appended first = MustAppend(*journal, Act{"body.create", "town_soviet:petrograd", fields});
  Appended second = MustAppend(*journal, Act{"test.empty", "", {}});
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(second.seq, 2);
  auto entries = journal->Read(1, -1);
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].payload, fields);
  EXPECT_EQ((*entries)[0].body, "town_soviet:petrograd");
  EXPECT_EQ((*entries)[0].hash, first.hash);
  EXPECT_EQ((*entries)[1].prev_hash, first.hash);
  EXPECT_EQ((*entries)[1].kind, "test.empty");
  auto limited = journal->Read(0, 1);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);
  EXPECT_TRUE(Verify().ok);
}

TEST_P(StoreTest, ConcurrentThreadsProduceOneChain) {
  Init();
  auto journal = Open();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::vector<std::vector<std::int64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int n = 0; n < kPerThread; ++n) {
        auto appended = journal->Append(
            Act{"test.tick", "body:" + std::to_string(thread_idx), {{"n", Value::Integer(n)}}});
        ASSERT_TRUE(appended) << appended.error().ToString();
        seqs[thread_idx].push_back(appended->seq);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& own : seqs) EXPECT_TRUE(std::is_sorted(own.begin(), own.end()));
  VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.defect;
  EXPECT_EQ(report.entries, 1 + kThreads * kPerThread);
  auto replay = journal->Replay();
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_TRUE(replay->match());
}

// Several Journal objects each hold their own connections and writer, as
// several processes would: the head row lock serialises them.
TEST_P(StoreTest, SeveralWritersOnOneDatabaseProduceOneChain) {
  Init();
  constexpr int kWriters = 3;
  constexpr int kThreads = 3;
  constexpr int kPerThread = 40;
  std::vector<std::unique_ptr<Journal>> journals;
  for (int writer = 0; writer < kWriters; ++writer) journals.push_back(Open());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int writer = 0; writer < kWriters; ++writer) {
    for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
      threads.emplace_back([&, writer] {
        for (int n = 0; n < kPerThread; ++n) {
          if (!journals[writer]->Append(Act{"test.tick", "w", {{"n", Value::Integer(n)}}})) {
            ++failures;
          }
        }
      });
    }
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.defect;
  EXPECT_EQ(report.entries, 1 + kWriters * kThreads * kPerThread);
}

TEST_P(StoreTest, ConcurrentSubmitsShareCommitGroups) {
  Init();
  auto journal = Open();
  constexpr int kActs = 2000;
  std::promise<void> all;
  std::atomic<int> left{kActs};
  std::atomic<int> failures{0};
  for (int n = 0; n < kActs; ++n) {
    journal->Submit(Act{"test.tick", "", {{"n", Value::Integer(n)}}}, [&](Result<Appended> result) {
      if (!result) ++failures;
      if (--left == 0) all.set_value();
    });
  }
  all.get_future().get();
  EXPECT_EQ(failures, 0);
  VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.defect;
  EXPECT_EQ(report.entries, kActs + 1);
  EXPECT_LT(report.sealed, kActs / 2) << "appends submitted together must share flushes";
}

// Every byte of every stored entry, hash and signature, flipped one at a
// time, is detected and located at its entry.
TEST_P(StoreTest, FlippingAnyStoredByteIsDetectedAndLocated) {
  MakeSmallJournal();
  auto sql = Raw();
  auto rows = sql->Query("SELECT seq, entry, hash, signature FROM journal ORDER BY seq", {});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 6u);
  auto journal = Open(false);
  int flips = 0;
  for (const auto& row : *rows) {
    std::int64_t seq = std::get<std::int64_t>(row[0]);
    for (int col = 1; col <= 3; ++col) {
      const char* column = col == 1 ? "entry" : col == 2 ? "hash" : "signature";
      std::string original = std::get<Bytes>(row[col]).data;
      for (std::size_t at = 0; at < original.size(); ++at) {
        std::string flipped = original;
        flipped[at] = static_cast<char>(flipped[at] ^ (1 << (at % 8)));
        std::string update = std::string("UPDATE journal SET ") + column + " = $1 WHERE seq = $2";
        ASSERT_TRUE(sql->Exec(update, {Bytes{flipped}, seq}));
        auto report = journal->Verify();
        ASSERT_TRUE(report);
        EXPECT_FALSE(report->ok) << column << " byte " << at << " of entry " << seq;
        EXPECT_EQ(report->bad_seq, seq) << column << " byte " << at << ": " << report->defect;
        ASSERT_TRUE(sql->Exec(update, {Bytes{original}, seq}));
        ++flips;
      }
    }
  }
  EXPECT_GT(flips, 6 * 32);
  // The kind and body columns must agree with the signed body too.
  ASSERT_TRUE(sql->Exec("UPDATE journal SET body = 'town_soviet:moscow' WHERE seq = 1", {}));
  auto report = journal->Verify();
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->bad_seq, 1);
  ASSERT_TRUE(sql->Exec("UPDATE journal SET body = 'town_soviet:petrograd' WHERE seq = 1", {}));
  EXPECT_TRUE(Verify().ok);
}

TEST_P(StoreTest, DeletedEntryIsLocated) {
  MakeSmallJournal();
  auto sql = Raw();
  ASSERT_TRUE(sql->Exec("DELETE FROM journal WHERE seq = 3", {}));
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.bad_seq, 3);
  EXPECT_NE(report.defect.find("missing"), std::string::npos) << report.defect;
}

TEST_P(StoreTest, ReorderedEntriesAreLocated) {
  MakeSmallJournal();
  auto sql = Raw();
  auto rows = sql->Query(
      "SELECT seq, entry, hash, signature FROM journal WHERE seq IN (2, 3) "
      "ORDER BY seq",
      {});
  ASSERT_TRUE(rows);
  for (int idx = 0; idx < 2; ++idx) {
    const auto& from = (*rows)[1 - idx];
    ASSERT_TRUE(sql->Exec("UPDATE journal SET entry = $1, hash = $2, signature = $3 WHERE seq = $4",
                          {from[1], from[2], from[3], (*rows)[idx][0]}));
  }
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.bad_seq, 2) << report.defect;
}

TEST_P(StoreTest, ForgedEntriesWithoutTheKeyAreDetected) {
  MakeSmallJournal();
  auto sql = Raw();
  auto head = sql->Query("SELECT seq, hash FROM journal_head WHERE id = 0", {});
  ASSERT_TRUE(head);
  std::string prev = std::get<Bytes>((*head)[0][1]).data;
  // A forger can chain correctly but cannot sign: an unsealed tail, or a
  // sealed entry with a signature made by another key.
  for (bool sealed : {false, true}) {
    auto body = EncodeEntryBody(6, 0, sealed, prev, "test.forged", "", {});
    ASSERT_TRUE(body);
    auto forger = CreateNodeKey(dir_.File(sealed ? "forger2.key" : "forger1.key"));
    ASSERT_TRUE(forger);
    std::string hash = journal::Sha256(*body);
    std::string signature = sealed ? journal::Sign(*forger, hash) : std::string();
    ASSERT_TRUE(sql->Exec("DELETE FROM journal WHERE seq = 6", {}));
    ASSERT_TRUE(sql->Exec(
        "INSERT INTO journal (seq, kind, body, entry, hash, signature) VALUES (6, 'test.forged', "
        "'', $1, $2, $3)",
        {Bytes{*body}, Bytes{hash}, Bytes{signature}}));
    ASSERT_TRUE(
        sql->Exec("UPDATE journal_head SET seq = 6, hash = $1 WHERE id = 0", {Bytes{hash}}));
    VerifyReport report = Verify();
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.bad_seq, 6) << report.defect;
  }
}

TEST_P(StoreTest, TruncatedTailIsDetected) {
  MakeSmallJournal();
  VerifyReport before = Verify();
  ASSERT_TRUE(before.ok);
  auto sql = Raw();
  // Cutting inside a commit group leaves an unsealed last entry.
  ASSERT_TRUE(sql->Exec("DELETE FROM journal WHERE seq = 5", {}));
  auto entries = Open(false)->Read(4, 1);
  ASSERT_TRUE(entries);
  bool four_sealed = !entries->empty() && (*entries)[0].sealed;
  ASSERT_TRUE(sql->Exec("UPDATE journal_head SET seq = 4, hash = $1 WHERE id = 0",
                        {Bytes{(*entries)[0].hash}}));
  VerifyReport report = Verify();
  if (!four_sealed) {
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.bad_seq, 4) << report.defect;
  }
  // Whatever the cut, a published head reveals it.
  VerifyReport anchored = Verify(VerifyOptions{.expect_head = before.last_hash});
  EXPECT_FALSE(anchored.ok);
  // Removing entries without fixing the head row is caught by the head row.
  ASSERT_TRUE(sql->Exec("UPDATE journal_head SET seq = 5, hash = $1 WHERE id = 0",
                        {Bytes{before.last_hash}}));
  VerifyReport headless = Verify();
  EXPECT_FALSE(headless.ok);
}

TEST_P(StoreTest, ReplayRebuildsTheLiveStateAndNoticesADifference) {
  MakeSmallJournal();
  auto journal = Open();
  MustAppend(*journal,
             Act{"body.seats", "town_soviet:petrograd", {{"seats", Value::Integer(900)}}});
  MustAppend(*journal, Act{"body.create", "village_soviet:x", {{"seats", Value::Integer(3)}}});
  auto replay = journal->Replay();
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_EQ(replay->entries, 8);
  EXPECT_TRUE(replay->match());
  auto sql = Raw();
  auto seats = sql->Query(
      "SELECT seats, created_seq, updated_seq FROM state_bodies WHERE body = "
      "'town_soviet:petrograd'",
      {});
  ASSERT_TRUE(seats);
  ASSERT_EQ(seats->size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>((*seats)[0][0]), 900);
  EXPECT_EQ(std::get<std::int64_t>((*seats)[0][1]), 1);
  EXPECT_EQ(std::get<std::int64_t>((*seats)[0][2]), 6);
  auto acts = sql->Query(
      "SELECT n_acts, last_seq FROM state_acts WHERE body = 'village_soviet:x' "
      "AND kind = 'test.tick'",
      {});
  ASSERT_TRUE(acts);
  ASSERT_EQ(acts->size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>((*acts)[0][0]), 3);
  // The live state edited behind the journal's back no longer matches.
  ASSERT_TRUE(sql->Exec("UPDATE state_bodies SET seats = 7 WHERE body = 'village_soviet:x'", {}));
  auto after = journal->Replay();
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->match());
  EXPECT_EQ(after->rebuilt_digest, replay->rebuilt_digest);
}

TEST_P(StoreTest, ADatabaseOfAnotherCharterIsRefused) {
  Init(kCharterA);
  auto other = Journal::Open(OpenOptions{.url = url_, .charter = kCharterB});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(other.error().message().find("rsfsr-1918"), std::string::npos);
  EXPECT_NE(other.error().message().find("federation"), std::string::npos);
  EXPECT_TRUE(Journal::Open(OpenOptions{.url = url_, .charter = kCharterA}));
}

TEST_P(StoreTest, KeyProblemsAreClearErrors) {
  Init();
  auto open_with = [&](const std::string& key) {
    return Journal::Open(OpenOptions{.url = url_, .writable = true, .key_path = key});
  };
  auto missing = open_with(dir_.File("missing.key"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.error().where().file, dir_.File("missing.key"));

  ASSERT_EQ(::chmod(key_.c_str(), 0640), 0);
  auto readable = open_with(key_);
  ASSERT_FALSE(readable);
  EXPECT_EQ(readable.error().code(), StatusCode::kInvalidInput);
  EXPECT_NE(readable.error().message().find("0640"), std::string::npos);
  ASSERT_EQ(::chmod(key_.c_str(), 0600), 0);

  auto other = CreateNodeKey(dir_.File("other.key"));
  ASSERT_TRUE(other);
  auto wrong = open_with(dir_.File("other.key"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), StatusCode::kInvalidInput);
  EXPECT_NE(wrong.error().message().find("not the node key"), std::string::npos);

  auto read_only = Journal::Open(OpenOptions{.url = url_});
  ASSERT_TRUE(read_only);
  auto refused = (*read_only)->Append(Act{"test.tick", "", {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreTest, InvalidActsAreRefusedBeforeTheyReachTheJournal) {
  Init();
  auto journal = Open();
  const std::vector<Act> bad = {
      {"Bad Kind", "", {}},
      {"body..create", "", {}},
      {"journal.genesis", "", {}},
      {"body.seats", "town_soviet:x", {}},
      {"body.seats", "town_soviet:x", {{"seats", Value::Integer(-1)}}},
      {"body.seats", "town_soviet:x", {{"seats", Value::Text("5")}}},
      {"body.create", "", {}},
      {"test.tick", "bad\nbody", {}},
      {"test.tick", "", {{"name", Value::Text("\xff")}}},
  };
  for (const Act& act : bad) {
    auto appended = journal->Append(act);
    ASSERT_FALSE(appended) << act.kind << " " << act.body;
    EXPECT_EQ(appended.error().code(), StatusCode::kInvalidInput) << act.kind;
  }
  EXPECT_EQ(Verify().entries, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) {
                           return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST(StoreUrlTest, BadUrlsNameTheFlagAndTheExpectedForms) {
  for (const char* url : {"", "mysql://host/db", "sqlite:", "sovet.db", "http://x"}) {
    auto parsed = ParseStoreUrl(url);
    ASSERT_FALSE(parsed) << url;
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(parsed.error().where().field, "--db");
  }
  EXPECT_EQ(ParseStoreUrl("sqlite:a/b.db")->target, "a/b.db");
  EXPECT_EQ(ParseStoreUrl("postgres://u@h/d")->kind, StoreUrl::Kind::kPostgres);
}

TEST(StoreUrlTest, UnreachableServerIsUnavailable) {
  auto journal =
      Journal::Open(OpenOptions{.url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"});
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code(), StatusCode::kUnavailable);
}

TEST(StoreUrlTest, MissingSqliteFileIsNotFound) {
  TempDir dir;
  auto journal = Journal::Open(OpenOptions{.url = "sqlite:" + dir.File("none.db")});
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code(), StatusCode::kNotFound);
}

TEST(NodeKeyTest, MalformedKeyFilesAreRefused) {
  TempDir dir;
  const std::vector<std::string> contents = {
      "", "sovet-node-key-v1\n", "sovet-node-key-v1 " + std::string(63, 'a') + "\n",
      "sovet-node-key-v1 " + std::string(64, 'g') + "\n", "ssh-ed25519 AAAA\n"};
  for (std::size_t idx = 0; idx < contents.size(); ++idx) {
    std::string path = dir.File("key" + std::to_string(idx));
    FILE* file = std::fopen(path.c_str(), "w");
    std::fwrite(contents[idx].data(), 1, contents[idx].size(), file);
    std::fclose(file);
    ::chmod(path.c_str(), 0600);
    auto key = LoadNodeKey(path);
    ASSERT_FALSE(key) << contents[idx];
    EXPECT_EQ(key.error().code(), StatusCode::kInvalidInput);
    EXPECT_NE(key.error().message().find("malformed"), std::string::npos);
  }
  auto created = CreateNodeKey(dir.File("good.key"));
  ASSERT_TRUE(created);
  auto loaded = LoadNodeKey(dir.File("good.key"));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->public_key, created->public_key);
  auto again = CreateNodeKey(dir.File("good.key"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace sovet
