// Reads from a PostgreSQL streaming standby (sovet serve --replica, and the
// read commands' --replica): the standby serves the same pages and API JSON
// as its primary, `verify` passes on it, and a read given the position an
// append returned (after_seq / --after-seq) sees that append. Needs the
// primary in SOVET_TEST_PG_URL and its standby in SOVET_TEST_PG_REPLICA_URL
// (./test starts both with scripts/pg-test-server); skips without them,
// fails under SOVET_REQUIRE_PG=1.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "journal/test_stores.h"
#include "server/run_command.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/server.h"
#include "sovet/state.h"

namespace sovet {
namespace {

using nlohmann::json;
using testing::Sovet;

// The standby's URL for the schema `primary_url` selects on the primary:
// the same database and options, on the standby's host and port.
std::string ReplicaUrl(const std::string& replica_base, const std::string& primary_url,
                       const std::string& primary_base) {
  return replica_base + primary_url.substr(primary_base.size());
}

std::unique_ptr<WebServer> Serve(const std::string& db, const std::string& replica) {
  ServeOptions options;
  options.db = db;
  options.replica = replica;
  options.port = 0;
  options.read_wait = std::chrono::milliseconds(400);
  auto server = WebServer::Start(options);
  EXPECT_TRUE(server) << server.error().ToString();
  return server ? std::move(*server) : nullptr;
}

httplib::Result Get(const WebServer& server, const std::string& path) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60, 0);
  return client.Get(path.c_str());
}

TEST(PgReplica, StandbyServesTheSameReadsAndSeesAWriteAtItsPosition) {
  testing::PgSchema schema;
  SOVET_REQUIRE_PG_OR_SKIP(schema);
  const char* replica_env = std::getenv("SOVET_TEST_PG_REPLICA_URL");
  if (replica_env == nullptr || *replica_env == '\0') {
    if (testing::PgRequired())
      FAIL() << "SOVET_REQUIRE_PG=1 but SOVET_TEST_PG_REPLICA_URL is unset";
    GTEST_SKIP() << "no standby: SOVET_TEST_PG_REPLICA_URL is not set "
                    "(scripts/pg-test-server standby starts one)";
  }
  testing::TempDir dir;
  const std::string primary = schema.url();
  const std::string replica = ReplicaUrl(replica_env, primary, testing::PgBaseUrl());
  const std::string key = dir.File("node.key");
  const testing::CommandRun demo =
      Sovet(std::string("demo --charter ") + SOVET_SOURCE_DIR +
            "/charters/rsfsr-1918.toml --scale small --seed 1 --db '" + primary + "' --key " + key);
  ASSERT_EQ(demo.exit_code, 0) << demo.out;

  // The standby replays the primary's WAL: wait until it holds the head.
  auto primary_reader = StateReader::Open(primary);
  ASSERT_TRUE(primary_reader) << primary_reader.error().ToString();
  auto head = (*primary_reader)->Head();
  ASSERT_TRUE(head) << head.error().ToString();
  {
    std::unique_ptr<StateReader> replica_reader;
    for (int attempt = 0; attempt < 100 && !replica_reader; ++attempt) {
      // The schema itself may not have reached the standby yet.
      auto opened = StateReader::Open(replica);
      if (opened) {
        replica_reader = std::move(*opened);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    ASSERT_TRUE(replica_reader) << "the standby never showed the journal";
    auto reached = replica_reader->WaitForSeq(head->seq, std::chrono::seconds(10));
    ASSERT_TRUE(reached) << reached.error().ToString();
  }

  auto on_primary = Serve(primary, "");
  auto on_replica = Serve(primary, replica);
  ASSERT_TRUE(on_primary && on_replica);
  for (const std::string path :
       {"/api/v1/bodies?kind=congress", "/api/v1/bodies/congress:rsfsr",
        "/api/v1/trace/congress:rsfsr/1", "/api/v1/journal?from=0&limit=40", "/api/v1/journal/1",
        "/bodies/congress:rsfsr", "/"}) {
    auto a = Get(*on_primary, path);
    auto b = Get(*on_replica, path);
    ASSERT_TRUE(a && b) << path;
    EXPECT_EQ(a->status, 200) << path;
    EXPECT_EQ(b->status, 200) << path;
    EXPECT_EQ(a->body, b->body) << path << ": the standby serves another page";
    EXPECT_EQ(a->get_header_value("ETag"), b->get_header_value("ETag")) << path;
  }
  // Verification on the standby, through the API and the command line.
  auto verdict = Get(*on_replica, "/api/v1/verify");
  ASSERT_TRUE(verdict);
  ASSERT_EQ(verdict->status, 200) << verdict->body;
  EXPECT_EQ(json::parse(verdict->body).at("ok"), true) << verdict->body;
  const testing::CommandRun verify =
      Sovet("verify --db '" + primary + "' --replica '" + replica + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find(": ok"), std::string::npos) << verify.out;

  // A write to the primary, then reads given its position.
  Appended appended;
  {
    auto journal = Journal::Open(OpenOptions{
        .url = primary, .writable = true, .key_path = key, .projector = &EngineProjector()});
    ASSERT_TRUE(journal) << journal.error().ToString();
    Act act{.kind = "test.replica_read", .body = "", .fields = {}};
    act.fields["note"] = Value::Text("written to the primary");
    auto done = (*journal)->Append(act);
    ASSERT_TRUE(done) << done.error().ToString();
    appended = *done;
  }
  const std::string seq = std::to_string(appended.seq);
  auto read = Get(*on_replica, "/api/v1/journal/" + seq + "?after_seq=" + seq);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(json::parse(read->body).at("kind"), "test.replica_read") << read->body;
  const testing::CommandRun show =
      Sovet("journal show --format json --db '" + primary + "' --replica '" + replica +
            "' --after-seq " + seq + " --from " + seq);
  ASSERT_EQ(show.exit_code, 0) << show.out;
  EXPECT_NE(show.out.find("test.replica_read"), std::string::npos) << show.out;

  // A position the journal never reaches: a bounded wait, then 503 / exit 1.
  const std::string beyond = std::to_string(appended.seq + 1000);
  auto late = Get(*on_replica, "/api/v1/journal?after_seq=" + beyond);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 503) << late->body;
  EXPECT_EQ(late->get_header_value("Retry-After"), "1");
  EXPECT_NE(late->body.find("not entry " + beyond), std::string::npos) << late->body;
  const testing::CommandRun stale = Sovet("report --db '" + primary + "' --replica '" + replica +
                                          "' --after-seq " + beyond + " --wait 0.2");
  EXPECT_EQ(stale.exit_code, 1) << stale.out;
  EXPECT_NE(stale.out.find("not entry " + beyond), std::string::npos) << stale.out;
}

}  // namespace
}  // namespace sovet
