// End-to-end: `sovet demo` on the small generated country, then `verify`,
// `replay`, `report` and `trace` on its journal — the invariants of issue 5
// item 8 as a user would check them, through the command line only (and the
// journal library to compare two runs' entries).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/io.h"
#include "cli/cli_support.h"
#include "journal/test_stores.h"
#include "raw_sql.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// One demo journal per store, made once for the suite: a demo run takes
// seconds, and the tests only read it.
class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScopedTempDir("sovet-demo-test");
    for (const char* name : {"a", "b"}) {
      const CommandOutput run = Sovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/rsfsr-1918.toml "
                                      "--scale small --seed 7 --inject-faults --db " +
                                      Db(name));
      outputs_[name[0] - 'a'] = new CommandOutput(run);
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete outputs_[0];
    delete outputs_[1];
  }
  static CommandOutput Sovet(const std::string& args) { return RunSovet(args, dir_->path()); }
  static std::string Db(const char* name) {
    return "sqlite:" + dir_->File(name + std::string(".db"));
  }

  // A copy of journal "a" (VACUUM INTO: the database without its WAL) with
  // `sql` run on it, as someone editing the state tables outside sovet.
  static std::string DamagedCopy(const std::string& name, const std::string& sql) {
    const std::string path = dir_->File(name + ".db");
    EXPECT_EQ(testing::RawSqlite(dir_->File("a.db"), "VACUUM INTO '" + path + "'"), "");
    EXPECT_EQ(testing::RawSqlite(path, sql), "");
    return "sqlite:" + path;
  }

  static ScopedTempDir* dir_;
  static CommandOutput* outputs_[2];
};
ScopedTempDir* DemoTest::dir_ = nullptr;
CommandOutput* DemoTest::outputs_[2] = {nullptr, nullptr};

TEST_F(DemoTest, PrintsTheCongressBesideTheConstituentAssembly) {
  ASSERT_EQ(outputs_[0]->exit_code, 0) << outputs_[0]->out;
  EXPECT_THAT(outputs_[0]->out, HasSubstr("All-Russian Congress"));
  EXPECT_THAT(outputs_[0]->out, HasSubstr("Constituent Assembly, same electorate (520 seats)"));
  EXPECT_THAT(outputs_[0]->out, HasSubstr("Council of People's Commissars"));
  EXPECT_THAT(outputs_[0]->out, HasSubstr("Public Health"));
  for (const char* fault :
       {"seated_twice", "ineligible", "no_quorum", "not_elected", "not_member_of_sending_body"}) {
    EXPECT_THAT(outputs_[0]->out, HasSubstr(fault));
  }
}

TEST_F(DemoTest, VerifyAndReplayPass) {
  const CommandOutput verify = Sovet("verify --db " + Db("a"));
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr("pass the engine's rules"));
  // The demo counts every entry it wrote, the genesis included.
  const std::string& demo = outputs_[0]->out;
  const std::size_t at = demo.find(" acts in the journal");
  ASSERT_NE(at, std::string::npos);
  std::string count = demo.substr(demo.rfind(' ', at - 1) + 1, at - demo.rfind(' ', at - 1) - 1);
  count.erase(std::remove(count.begin(), count.end(), ','), count.end());
  EXPECT_THAT(verify.out, HasSubstr("entries  " + count + " "));
  const CommandOutput replay = Sovet("replay --db " + Db("a"));
  EXPECT_EQ(replay.exit_code, 0) << replay.out;
  EXPECT_THAT(replay.out, HasSubstr("exactly the projection"));
}

TEST_F(DemoTest, OneSeedGivesTheSameJournalApartFromSignaturesAndTimes) {
  ASSERT_EQ(outputs_[1]->exit_code, 0);
  std::vector<std::vector<Entry>> entries;
  for (const char* name : {"a", "b"}) {
    OpenOptions open;
    open.url = Db(name);
    auto journal = Journal::Open(open);
    ASSERT_TRUE(journal) << journal.error().ToString();
    auto read = (*journal)->Read(1, -1);  // after the genesis, which holds the node key
    ASSERT_TRUE(read) << read.error().ToString();
    entries.push_back(std::move(*read));
  }
  ASSERT_EQ(entries[0].size(), entries[1].size());
  ASSERT_GT(entries[0].size(), 1000u);
  for (std::size_t idx = 0; idx < entries[0].size(); ++idx) {
    EXPECT_EQ(entries[0][idx].kind, entries[1][idx].kind) << idx;
    EXPECT_EQ(entries[0][idx].body, entries[1][idx].body) << idx;
    ASSERT_TRUE(entries[0][idx].payload == entries[1][idx].payload) << "entry " << idx + 1;
  }
}

// doc/cycle.md "In the journal": a list whose every item is the default is
// left out, and written when one item is not (the planted faults' rejected
// mandates carry `reasons`); verify and replay pass on both forms above.
TEST_F(DemoTest, CycleActsLeaveOutListsOfDefaultsOnly) {
  OpenOptions open;
  open.url = Db("a");
  auto journal = Journal::Open(open);
  ASSERT_TRUE(journal) << journal.error().ToString();
  auto read = (*journal)->Read(1, -1);
  ASSERT_TRUE(read) << read.error().ToString();
  std::map<std::string, std::pair<int, int>> with_without;  // "kind field" -> counts
  for (const Entry& entry : *read) {
    std::vector<std::string> fields;
    if (entry.kind == "cycle.register") fields = {"excluded"};
    if (entry.kind == "cycle.election") fields = {"sources", "portfolios"};
    if (entry.kind == "cycle.verification") fields = {"sources", "reasons", "details", "portfolios"};
    for (const std::string& field : fields) {
      auto& [with, without] = with_without[entry.kind + " " + field];
      auto found = entry.payload.find(field);
      if (found == entry.payload.end()) {
        ++without;
        continue;
      }
      ++with;
      // Present: not every item the default.
      const ValueList& items = found->second.list();
      const bool all_default = std::all_of(items.begin(), items.end(), [](const Value& item) {
        return (item.is_integer() && item.integer() == -1) ||
               (item.is_text() && (item.text().empty() || item.text() == "seated"));
      });
      EXPECT_FALSE(all_default) << entry.seq << " " << field;
    }
  }
  // Base elections name no sources; delegations do. Most mandates are seated.
  for (const char* key : {"cycle.election sources", "cycle.verification sources",
                          "cycle.verification reasons", "cycle.election portfolios",
                          "cycle.verification portfolios"}) {
    EXPECT_GT(with_without[key].first, 0) << key;
    EXPECT_GT(with_without[key].second, 0) << key;
  }
  EXPECT_GT(with_without["cycle.register excluded"].second, 0);
}

// The top congress both ways in --format json (doc/demo_model.md), the
// figures of CongressBothWaysTest.
TEST(DemoBothWaysTest, JsonGivesTheCongressBothWaysBesideTheFifthCongress) {
  ScopedTempDir dir("sovet-demo-both-ways");
  const std::string db = "sqlite:" + dir.File("s.db");
  const CommandOutput demo = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/rsfsr-1918.toml --scale small --seed 1 "
                                      "--format json --db " + db,
                                      dir.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
  const json out = json::parse(demo.out);
  const json& both = out.at("congress_both_ways");
  EXPECT_EQ(both.at("body"), "congress:rsfsr");
  EXPECT_EQ(both.at("method"), "plurality");
  EXPECT_EQ(both.at("recount_method"), "dhondt");
  EXPECT_EQ(both.at("seats"), 82);
  EXPECT_EQ(both.at("reported").at("cite"), "001:62");
  EXPECT_EQ(both.at("reported").at("seats"), 1164);
  std::int64_t elected = 0, recounted = 0;
  for (const json& row : both.at("slates")) {
    elected += row.at("elected").get<std::int64_t>();
    recounted += row.at("recounted").get<std::int64_t>();
  }
  EXPECT_EQ(elected, 82);
  EXPECT_EQ(recounted, 82);
  const json& communists = both.at("slates").at(0);
  EXPECT_EQ(communists.at("slate"), "communists");
  EXPECT_EQ(communists.at("elected"), 79);
  EXPECT_EQ(communists.at("recounted"), 65);
  EXPECT_EQ(communists.at("reported"), 773);
  EXPECT_EQ(both.at("slates").at(1).at("reported"), 353);
  EXPECT_TRUE(both.at("slates").at(2).at("reported").is_null());
  // The text form prints the same three columns.
  const CommandOutput text = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/rsfsr-1918.toml --scale small --seed 1 --db "
                                      "sqlite:" + dir.File("t.db"),
                                      dir.path());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("both ways (82 delegates"));
  EXPECT_THAT(text.out, HasSubstr("Fifth Congress (001:62): 1,164 delegates, 773 Communists, "
                                  "353 Left S-Rs, 38 on no slate"));
}

TEST_F(DemoTest, EveryBodyHasItsSeatsAndNothingIrregularIsSeated) {
  const CommandOutput overview = Sovet("report --format json --db " + Db("a"));
  ASSERT_EQ(overview.exit_code, 0);
  const json kinds = json::parse(overview.out);
  for (const json& kind : kinds["kinds"]) {
    if (kind["kind"] == "executive" || kind["kind"] == "commissars") {
      // Elected from among the members: at most the seats (001:144).
      EXPECT_LE(kind["held"], kind["seats"]);
      EXPECT_GT(kind["held"], 0);
    } else {
      EXPECT_EQ(kind["held"], kind["seats"]) << kind.dump();
    }
  }
  for (const char* reason :
       {"seated_twice", "ineligible", "no_quorum", "not_elected", "not_member_of_sending_body"}) {
    EXPECT_GE(kinds["rejections"].value(reason, 0), 1) << reason;
  }
  const CommandOutput congress =
      Sovet("report --format json --body congress:rsfsr --db " + Db("a"));
  ASSERT_EQ(congress.exit_code, 0);
  const json body = json::parse(congress.out);
  EXPECT_EQ(body["held"], body["seats"]);
  std::int64_t received = 0;
  for (const json& delegation : body["delegations_received"])
    received += delegation["seats"].get<std::int64_t>();
  EXPECT_EQ(received, body["seats"]);
}

TEST_F(DemoTest, RejectedMandatesAreNotSeated) {
  const CommandOutput overview = Sovet("report --format json --db " + Db("a"));
  ASSERT_EQ(overview.exit_code, 0);
  // The bodies with rejections are in the printed fault list.
  std::set<std::string> bodies;
  const std::string& out = outputs_[0]->out;
  for (const char* prefix : {"village_soviet:", "volost_congress:", "uyezd_congress:",
                             "gubernia_congress:", "town_soviet:"}) {
    for (std::size_t at = out.find(prefix); at != std::string::npos;
         at = out.find(prefix, at + 1)) {
      bodies.insert(out.substr(at, out.find(' ', at) - at));
    }
  }
  ASSERT_GE(bodies.size(), 5u);
  for (const std::string& body_id : bodies) {
    const CommandOutput report =
        Sovet("report --format json --body " + body_id + " --db " + Db("a"));
    ASSERT_EQ(report.exit_code, 0) << body_id;
    const json body = json::parse(report.out);
    EXPECT_EQ(body["held"], body["seats"]) << body_id;
    std::multiset<std::int64_t> seated;
    std::set<std::int64_t> seating_elections;
    for (const json& member : body["members"]) {
      seated.insert(member["person"].get<std::int64_t>());
      seating_elections.insert(member["election_act"].get<std::int64_t>());
    }
    ASSERT_FALSE(body["rejected"].empty()) << body_id;
    for (const json& rejected : body["rejected"]) {
      if (rejected["reason"] == "no_quorum") {
        // The meeting's every mandate fell; its candidates may win the
        // by-election, but no seat rests on the inquorate election.
        EXPECT_EQ(seating_elections.count(rejected["election_act"].get<std::int64_t>()), 0u)
            << body_id;
        continue;
      }
      // The one returned twice keeps one seat; the others hold none.
      const std::size_t allowed = rejected["reason"] == "seated_twice" ? 1 : 0;
      EXPECT_EQ(seated.count(rejected["person"].get<std::int64_t>()), allowed)
          << body_id << " " << rejected.dump();
    }
  }
}

TEST_F(DemoTest, EveryTraceEndsAtABaseElection) {
  const CommandOutput congress =
      Sovet("report --format json --body congress:rsfsr --db " + Db("a"));
  ASSERT_EQ(congress.exit_code, 0);
  const std::int64_t seats = json::parse(congress.out)["held"];
  ASSERT_GT(seats, 0);
  std::vector<std::pair<std::string, std::int64_t>> seats_to_trace = {{"commissars:rsfsr", 1},
                                                                      {"executive:rsfsr", 1}};
  for (std::int64_t seat = 1; seat <= seats; seat += std::max<std::int64_t>(1, seats / 12)) {
    seats_to_trace.emplace_back("congress:rsfsr", seat);
  }
  for (const auto& [body_id, seat] : seats_to_trace) {
    const CommandOutput trace = Sovet("trace --format json --body " + body_id + " --seat " +
                                      std::to_string(seat) + " --db " + Db("a"));
    ASSERT_EQ(trace.exit_code, 0) << body_id << " " << seat;
    const json chain = json::parse(trace.out)["chain"];
    ASSERT_GE(chain.size(), 2u);
    for (std::size_t link = 0; link + 1 < chain.size(); ++link) {
      // Each delegate was elected by the body where the next link sits,
      // and is the same person there.
      EXPECT_EQ(chain[link]["election"]["electing_body"], chain[link + 1]["body"]);
      EXPECT_EQ(chain[link]["person"], chain[link + 1]["person"]);
    }
    const json& base = chain.back()["election"];
    EXPECT_EQ(base["electing_body"], "");
    EXPECT_TRUE(base["kind"] == "base" || base["kind"] == "by_election");
    ASSERT_TRUE(base.contains("counts"));
    bool found = false;
    for (const json& count : base["counts"]) {
      if (count["person"] == chain.back()["person"] && count["elected"] == true) found = true;
    }
    EXPECT_TRUE(found) << body_id << " " << seat;
  }
}

TEST_F(DemoTest, BadInputExitsWithTwo) {
  EXPECT_EQ(Sovet("report --body congress:nowhere --db " + Db("a")).exit_code, 2);
  EXPECT_EQ(Sovet("trace --body congress:rsfsr --seat 100000 --db " + Db("a")).exit_code, 2);
  EXPECT_EQ(Sovet("demo --charter " SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml --scale huge "
                  "--db " +
                  Db("c"))
                .exit_code,
            2);
  // A journal is never overwritten.
  EXPECT_EQ(Sovet("demo --charter " SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml --scale small "
                  "--db " +
                  Db("a"))
                .exit_code,
            2);
}

// Damaged state rows are integrity errors naming the table, never a crash.
TEST_F(DemoTest, DamagedStateIsNamedNotACrash) {
  const std::string acts = DamagedCopy("d1", "UPDATE state_cycle_acts SET seq = 0");
  const CommandOutput trace = Sovet("trace --body congress:rsfsr --seat 1 --db " + acts);
  EXPECT_EQ(trace.exit_code, 3) << trace.err;
  EXPECT_THAT(trace.err, HasSubstr("state_cycle_acts"));

  const std::string seats = DamagedCopy("d2", "UPDATE state_bodies SET seats = 'many'");
  for (const std::string& args :
       {std::string("report --db "), std::string("report --body congress:rsfsr --db ")}) {
    const CommandOutput report = Sovet(args + seats);
    EXPECT_EQ(report.exit_code, 3) << args << report.err;
    EXPECT_THAT(report.err, HasSubstr("state_bodies")) << args;
  }

  const std::string dropped = DamagedCopy("d3", "DROP TABLE state_cycle_mandates");
  for (const std::string& args :
       {std::string("report --db "), std::string("trace --body congress:rsfsr --seat 1 --db ")}) {
    const CommandOutput out = Sovet(args + dropped);
    EXPECT_EQ(out.exit_code, 3) << args << out.err;
    EXPECT_THAT(out.err, HasSubstr("state_cycle_mandates is missing")) << args;
  }
}

// Only lawful acts enter the journal, whichever door they come in by.
TEST_F(DemoTest, JournalAppendRefusesUnlawfulCycleActs) {
  const std::string copy = DamagedCopy("e1", "SELECT 1");
  ASSERT_EQ(Sovet("verify --db " + copy).exit_code, 0);
  // Hand-written: seat 1 of the Congress given to person 0, whom no count
  // elected there; the act number is the next one.
  const CommandOutput overview = Sovet("journal show --format json --db " + copy);
  ASSERT_EQ(overview.exit_code, 0);
  std::int64_t next_act = 0;
  for (const json& entry : json::parse(overview.out)) {
    if (entry["payload"].contains("act"))
      next_act = entry["payload"]["act"].get<std::int64_t>() + 1;
  }
  // Mandates are numbered in order: the next is the number held.
  std::int64_t next_mandate = 0;
  const json report = json::parse(Sovet("report --format json --db " + copy).out);
  for (const json& kind : report["kinds"]) {
    next_mandate += kind["held"].get<std::int64_t>();
  }
  const std::string act =
      "{\"kind\": \"cycle.verification\", \"body\": \"congress:rsfsr\", \"fields\": {\"act\": " +
      std::to_string(next_act) +
      ", \"election\": 1, \"persons\": [0], \"slots\": [0], \"seats\": [1], \"sources\": "
      "[0], \"reasons\": [\"seated\"], \"details\": [\"\"], \"portfolios\": [\"\"], "
      "\"mandates\": [" +
      std::to_string(next_mandate) + "]}}\n";
  const CommandOutput refused =
      RunSovet("journal append --json --key " + dir_->File("a.db.key") + " --db " + copy,
               dir_->path(), RunOptions{.stdin_text = act});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("mandates commission"));
  // An act appended twice: exit 2, not an internal fault.
  const CommandOutput twice =
      Sovet("journal append --kind body.create --body congress:rsfsr --field seats:int=5 --key " +
            dir_->File("a.db.key") + " --db " + copy);
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
  EXPECT_THAT(twice.err, HasSubstr("already created"));
  EXPECT_EQ(Sovet("verify --db " + copy).exit_code, 0);
}

// A correctly signed but unlawful entry, written around the engine through
// the journal's own API, is named by verify (exit 3).
TEST_F(DemoTest, VerifyNamesASmuggledUnlawfulAct) {
  const std::string copy = DamagedCopy("e2", "SELECT 1");
  std::int64_t next_act = 0;
  {
    auto journal = Journal::Open(
        OpenOptions{.url = copy, .writable = true, .key_path = dir_->File("a.db.key")});
    ASSERT_TRUE(journal) << journal.error().ToString();
    auto entries = (*journal)->Read(0, -1);
    ASSERT_TRUE(entries);
    for (const Entry& entry : *entries) {
      auto act = entry.payload.find("act");
      if (act != entry.payload.end()) next_act = act->second.integer() + 1;
    }
    // A register act that re-registers person 0 (persons are registered in
    // order; the engine test seats a person nobody elected the same way).
    Act act{.kind = "cycle.register", .body = "", .fields = {}};
    act.fields["act"] = Value::Integer(next_act);
    act.fields["unit"] = Value::Text("nowhere");
    act.fields["first"] = Value::Integer(0);
    act.fields["names"] = Value::List({Value::Text("Nobody")});
    act.fields["factions"] = Value::List({Value::Text("kadets")});
    act.fields["ages"] = Value::List({Value::Integer(40)});
    act.fields["excluded"] = Value::List({Value::Integer(-1)});
    auto appended = (*journal)->Append(act);
    ASSERT_TRUE(appended) << appended.error().ToString();
  }
  const CommandOutput verify = Sovet("verify --db " + copy);
  EXPECT_EQ(verify.exit_code, 3) << verify.err;
  EXPECT_THAT(verify.err, HasSubstr("is not lawful"));
  EXPECT_THAT(verify.err, HasSubstr("registered in order"));
}

TEST_F(DemoTest, TraceListsTheCountByVotes) {
  const CommandOutput trace =
      Sovet("trace --format json --body congress:rsfsr --seat 1 --db " + Db("a"));
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  const json chain = json::parse(trace.out)["chain"];
  const json counts = chain.back()["election"]["counts"];
  ASSERT_GE(counts.size(), 2u);
  for (std::size_t idx = 1; idx < counts.size(); ++idx) {
    EXPECT_GE(counts[idx - 1]["votes"].get<std::int64_t>(),
              counts[idx]["votes"].get<std::int64_t>());
  }
}

TEST(DemoAdviceTest, ReportOnAJournalWithNoCycleGivesAdviceThatWorks) {
  ScopedTempDir dir("sovet-demo-test");
  const std::string db = "sqlite:" + dir.File("empty.db");
  ASSERT_EQ(RunSovet("init --db " + db, dir.path()).exit_code, 0);
  const CommandOutput report = RunSovet("report --db " + db, dir.path());
  EXPECT_EQ(report.exit_code, 2);
  // The advice names a new journal, never the one that exists.
  EXPECT_THAT(report.err, HasSubstr("sovet demo"));
  EXPECT_THAT(report.err, ::testing::Not(HasSubstr("demo --db " + db)));
  EXPECT_THAT(report.err, HasSubstr("--db sqlite:demo.db"));
}

}  // namespace
}  // namespace sovet::cli_test

namespace sovet::cli_test {
namespace {

// The same cycle on PostgreSQL: the journal, its projection and the reports
// are the same SQL on both stores.
TEST(DemoPostgresTest, RunsReportsAndTracesOnPostgres) {
  testing::PgSchema schema;
  SOVET_REQUIRE_PG_OR_SKIP(schema);
  ScopedTempDir dir("sovet-demo-test");
  const std::string db = "'" + schema.url() + "'";
  const CommandOutput demo = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/rsfsr-1918.toml "
                                      "--scale small --seed 3 --inject-faults --key " +
                                          dir.File("node.key") + " --db " + db,
                                      dir.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  EXPECT_EQ(RunSovet("verify --db " + db, dir.path()).exit_code, 0);
  const CommandOutput replay = RunSovet("replay --db " + db, dir.path());
  EXPECT_EQ(replay.exit_code, 0);
  EXPECT_THAT(replay.out, HasSubstr("exactly the projection"));
  const CommandOutput congress =
      RunSovet("report --format json --body congress:rsfsr --db " + db, dir.path());
  ASSERT_EQ(congress.exit_code, 0);
  const json body = json::parse(congress.out);
  EXPECT_EQ(body["held"], body["seats"]);
  const CommandOutput trace =
      RunSovet("trace --format json --body congress:rsfsr --seat 1 --db " + db, dir.path());
  ASSERT_EQ(trace.exit_code, 0);
  EXPECT_EQ(json::parse(trace.out)["chain"].back()["election"]["electing_body"], "");
}

}  // namespace
}  // namespace sovet::cli_test

namespace sovet::cli_test {
namespace {

// The federation charter: a given census, STV at every tier (secret ballot).
TEST(DemoFederationTest, ElectsTheFederationByStv) {
  ScopedTempDir dir("sovet-demo-test");
  const std::string db = "sqlite:" + dir.File("fed.db");
  const CommandOutput demo = RunSovet("demo --charter " SOVET_SOURCE_DIR
                                      "/charters/federation.toml "
                                      "--census " SOVET_SOURCE_DIR
                                      "/data/census/federation-example.csv "
                                      "--seed 4 --inject-faults --db " +
                                          db,
                                      dir.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  EXPECT_THAT(demo.out, HasSubstr("stv-meek by secret ballot"));
  EXPECT_EQ(RunSovet("verify --db " + db, dir.path()).exit_code, 0);
  EXPECT_THAT(RunSovet("replay --db " + db, dir.path()).out, HasSubstr("exactly the projection"));
  const CommandOutput overview = RunSovet("report --format json --db " + db, dir.path());
  ASSERT_EQ(overview.exit_code, 0);
  const json kinds = json::parse(overview.out);
  for (const char* reason :
       {"seated_twice", "ineligible", "no_quorum", "not_elected", "not_member_of_sending_body"}) {
    EXPECT_GE(kinds["rejections"].value(reason, 0), 1) << reason;
  }
  // The federation's own slates (charters/federation.sim.toml), and no
  // Constituent Assembly: its file declares no comparison.
  for (const char* slate :
       {"Solidarity caucus", "Green Left caucus", "Cooperative caucus", "Independents"}) {
    EXPECT_THAT(demo.out, HasSubstr(slate));
  }
  for (const char* absent : {"Constituent Assembly", "Communists", "Kadets", "seeds:"}) {
    EXPECT_THAT(demo.out, ::testing::Not(HasSubstr(absent)));
  }
  const CommandOutput body = RunSovet("report --db " + db + " --body congress:fed", dir.path());
  ASSERT_EQ(body.exit_code, 0) << body.err;
  EXPECT_THAT(body.out, HasSubstr("Solidarity caucus"));
  // The federation's own bodies, not the 1918 congress.
  const CommandOutput text = RunSovet("report --db " + db, dir.path());
  EXPECT_THAT(text.out, ::testing::Not(HasSubstr("rsfsr")));
  EXPECT_THAT(text.out, HasSubstr("e.g. congress:"));
  EXPECT_THAT(demo.out, HasSubstr("report --db " + db + " --body congress:"));
}

}  // namespace
}  // namespace sovet::cli_test

namespace sovet::cli_test {
namespace {

// The slates file: found beside the charter, or given by --slates; missing
// or malformed, the demo writes nothing and exits 2 naming file, line and
// field.
TEST(DemoSlatesTest, AMissingOrMalformedSlatesFileIsExit2) {
  ScopedTempDir dir("sovet-demo-test");
  const std::string charter = dir.File("federation.toml");
  auto text = ReadFile(SOVET_SOURCE_DIR "/charters/federation.toml");
  ASSERT_TRUE(text);
  ASSERT_TRUE(WriteFileAtomically(charter, *text));
  const std::string census = SOVET_SOURCE_DIR "/data/census/federation-example.csv";
  const std::string db = "sqlite:" + dir.File("fed.db");
  const CommandOutput missing =
      RunSovet("demo --charter " + charter + " --census " + census + " --db " + db, dir.path());
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("federation.sim.toml"));
  EXPECT_THAT(missing.err, HasSubstr("--slates"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("fed.db")));

  const std::string bad = dir.File("bad.sim.toml");
  ASSERT_TRUE(WriteFileAtomically(bad, "notes = 3\n"));
  const CommandOutput malformed = RunSovet(
      "demo --charter " + charter + " --slates " + bad + " --census " + census + " --db " + db,
      dir.path());
  EXPECT_EQ(malformed.exit_code, 2) << malformed.err;
  EXPECT_THAT(malformed.err, HasSubstr("bad.sim.toml:1:"));
  EXPECT_THAT(malformed.err, HasSubstr("'notes'"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("fed.db")));

  // The shipped file given by --slates beside a charter copied elsewhere.
  const CommandOutput given =
      RunSovet("demo --charter " + charter +
                   " --slates " SOVET_SOURCE_DIR "/charters/federation.sim.toml --census " +
                   census + " --db " + db,
               dir.path());
  EXPECT_EQ(given.exit_code, 0) << given.err;
  EXPECT_THAT(given.out, HasSubstr("Solidarity caucus"));
}

}  // namespace
}  // namespace sovet::cli_test
