// The PostgreSQL store pipelines a commit group's statements: a statement
// that fails on the server is noticed only later (at a query, after 1,024
// statements, or at COMMIT). These tests make one statement of a group fail
// at different places — early, past the first 1,024-statement read, and as
// the group's last — and check that no act of that group is acknowledged or
// stored, that the error names the failure, and that the same journal then
// appends again. Without a server they skip (fail under SOVET_REQUIRE_PG=1).
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "journal/test_stores.h"
#include "sovet/journal.h"
#include "sovet/projection.h"

namespace sovet {
namespace {

using testing::PgSchema;
using testing::TempDir;

// Each act of kind test.checked inserts its `v` into a table that refuses a
// negative one: the server, not the client, finds the bad act.
const Projector& CheckedProjector() {
  static const Projector projector = [] {
    Projector p = DefaultProjector();
    p.AddTable(StateTable{.name = "checked",
                          .columns = "n BIGINT NOT NULL PRIMARY KEY, v BIGINT NOT NULL CHECK (v >= 0)",
                          .order_by = "n"});
    p.AddKind(
        "test.checked", [](const Act&) -> Result<void> { return {}; },
        [](const Entry& entry, ProjectionSql& sql) -> Result<void> {
          return sql.Exec("INSERT INTO {p}checked (n, v) VALUES ($1, $2)",
                          {entry.seq, entry.payload.at("v").integer()});
        });
    return p;
  }();
  return projector;
}

Act Checked(std::int64_t v) {
  Act act{.kind = "test.checked", .body = "", .fields = {}};
  act.fields["v"] = Value::Integer(v);
  return act;
}

// Submits `count` acts at once (one commit group: the writer takes all that
// wait), the one at `bad` with v = -1; returns how many were acknowledged
// and the first error.
std::pair<int, std::string> SubmitGroup(Journal& journal, int count, int bad) {
  std::vector<std::promise<Result<Appended>>> done(count);
  for (int k = 0; k < count; ++k) {
    journal.Submit(Checked(k == bad ? -1 : k),
                   [&done, k](Result<Appended> result) { done[k].set_value(std::move(result)); });
  }
  int acknowledged = 0;
  std::string error;
  for (auto& promise : done) {
    auto result = promise.get_future().get();
    if (result) {
      ++acknowledged;
    } else if (error.empty()) {
      error = result.error().ToString();
    }
  }
  return {acknowledged, error};
}

TEST(PgPipeline, AFailedStatementFailsItsWholeGroupWhereverItStands) {
  PgSchema schema;
  SOVET_REQUIRE_PG_OR_SKIP(schema);
  TempDir dir;
  const std::string key = dir.File("node.key");
  auto init = Journal::Init(
      InitOptions{.url = schema.url(), .key_path = key, .projector = &CheckedProjector()});
  ASSERT_TRUE(init) << init.error().ToString();
  auto opened = Journal::Open(OpenOptions{
      .url = schema.url(), .writable = true, .key_path = key, .projector = &CheckedProjector()});
  ASSERT_TRUE(opened) << opened.error().ToString();
  Journal& journal = **opened;

  std::int64_t expected_entries = 1;  // genesis
  // Early in a group, past the first read of 1,024 results, the last one.
  for (auto [count, bad] : std::vector<std::pair<int, int>>{{50, 3}, {3000, 2500}, {200, 199}}) {
    auto [acknowledged, error] = SubmitGroup(journal, count, bad);
    EXPECT_LT(acknowledged, count) << "the bad act at " << bad << " was acknowledged";
    EXPECT_NE(error.find("checked"), std::string::npos) << error;
    // Acts acknowledged came from other groups than the bad one (the writer
    // may split a burst); the store holds exactly those.
    expected_entries += acknowledged;
    auto report = journal.Verify();
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_TRUE(report->ok) << report->defect;
    EXPECT_EQ(report->entries, expected_entries) << "group of " << count << ", bad at " << bad;
    // The connection is usable again.
    auto after = journal.Append(Checked(7));
    ASSERT_TRUE(after) << after.error().ToString();
    ++expected_entries;
  }
  auto replay = journal.Replay();
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_TRUE(replay->match());
}

}  // namespace
}  // namespace sovet
