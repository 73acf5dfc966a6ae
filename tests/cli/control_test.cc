// End-to-end: `sovet enterprise` and `sovet control` as an operator runs
// them (doc/workers_control.md, doc/operating.md "Workers' control") on the
// example federation. Every bad enterprise file (tests/data/control/
// cases.toml) exits 2 naming file:line and field, and imports nothing; the
// appeal on day 3 and on day 4; a refusal on the record; a decision
// cancelled by the higher organ and a ruling from outside the subtree
// refused; a forged act refused by `journal append --json` and, written
// around the engine, named by `sovet verify` (exit 3); replay equality.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_support.h"
#include "sovet/control.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

class ControlCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "sqlite:" + dir_.File("f.db");
    ASSERT_EQ(Sovet("init --charter " + ShellQuote(SourcePath("charters/federation.toml")))
                  .exit_code,
              0);
    const std::string persons = dir_.Write(
        "persons.csv", "id,unit,name,birth_date,status\nm1,dockyard,Ada,1990-01-01,\n");
    ASSERT_EQ(Sovet("register import --census " +
                    ShellQuote(SourcePath("data/census/federation-example.csv")) +
                    " --date 2026-01-10 " + ShellQuote(persons))
                  .exit_code,
              0);
    CommandOutput imported = Sovet("enterprise import --date 2026-01-11 --format json " +
                                   ShellQuote(SourcePath("data/enterprises/federation-example.csv")));
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_EQ(json::parse(imported.out)["enterprises"], 3);
  }
  CommandOutput Sovet(const std::string& args) {
    return RunSovet(args + " --db " + ShellQuote(db_), dir_.path());
  }
  std::int64_t Entries() {
    CommandOutput run = Sovet("verify --format json");
    auto parsed = json::parse(run.out, nullptr, false);
    return parsed.is_discarded() ? -1 : parsed["entries"].get<std::int64_t>();
  }
  // Runs a writing command, expecting success; returns its entry's seq.
  std::int64_t Seq(const std::string& args) {
    CommandOutput run = Sovet(args + " --format json");
    EXPECT_EQ(run.exit_code, 0) << args << "\n" << run.err;
    auto parsed = json::parse(run.out, nullptr, false);
    return parsed.is_discarded() ? -1 : parsed["seq"].get<std::int64_t>();
  }
  // The dockyard's works council elected: 3,600 + 450 + 150 = 4,200.
  void Elect() {
    Seq("control elect --date 2026-02-01 --enterprise dock-co --present 3000 --candidate ada "
        "--hands 2000 --candidate kofi --hands 1700 --candidate ines --hands 900");
  }
  json Show() {
    CommandOutput run = Sovet("control show --format json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
  }

  ScopedTempDir dir_{"sovet-control-cli"};
  std::string db_;
};

TEST_F(ControlCliTest, EveryBadEnterpriseFileExitsTwoNamingTheLineAndImportsNothing) {
  const std::int64_t before = Entries();
  auto cases = toml::parse_file(SourcePath("tests/data/control/cases.toml"));
  const toml::array* list = cases["case"].as_array();
  ASSERT_NE(list, nullptr);
  ASSERT_GE(list->size(), 9u);
  for (const toml::node& node : *list) {
    const toml::table& c = *node.as_table();
    const std::string file = c["file"].value_or(std::string());
    CommandOutput run = Sovet("enterprise import --date 2026-01-12 " +
                              ShellQuote(SourcePath("tests/data/control/" + file)));
    EXPECT_EQ(run.exit_code, c["exit"].value_or(0)) << file << "\n" << run.err;
    for (const toml::node& has : *c["stderr_has"].as_array()) {
      EXPECT_THAT(run.err, HasSubstr(has.value_or(std::string()))) << file;
    }
  }
  EXPECT_EQ(Entries(), before);
  CommandOutput again = Sovet("enterprise import --date 2026-01-12 " +
                              ShellQuote(SourcePath("data/enterprises/federation-example.csv")));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already imported"));
  CommandOutput listed = Sovet("enterprise list --format json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(json::parse(listed.out)["enterprises"].size(), 3u);
  CommandOutput shown = Sovet("enterprise show --id dock-co --format json");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(json::parse(shown.out)["electorate"], 4200);
}

TEST_F(ControlCliTest, AnAppealOnDayThreeAndOnDayFour) {
  Elect();
  const std::string text = dir_.Write("decision.txt", "No overtime without the council.\n");
  const std::int64_t first =
      Seq("control decide --date 2026-03-01 --enterprise dock-co --title 'no overtime' --text " +
          ShellQuote(text));
  const std::int64_t second =
      Seq("control decide --date 2026-03-01 --enterprise dock-co --title 'open the books' "
          "--text " + ShellQuote(text));
  // Day 3: in time; the decision stays binding (non-suspensive).
  Seq(fmt::format("control appeal --date 2026-03-04 --decision {} --to local_works_council:harbour",
                  first));
  // Day 4: refused, the deadline named.
  const std::int64_t before = Entries();
  CommandOutput late = Sovet(fmt::format(
      "control appeal --date 2026-03-05 --decision {} --to local_works_council:harbour", second));
  EXPECT_EQ(late.exit_code, 2) << late.err;
  EXPECT_THAT(late.err, HasSubstr("past the deadline 2026-03-04"));
  EXPECT_THAT(late.err, HasSubstr("control.appeal_days = 3"));
  EXPECT_EQ(Entries(), before);
  json shown = Show();
  ASSERT_EQ(shown["decisions"].size(), 2u);
  EXPECT_EQ(shown["decisions"][0]["status"], "in_force");
  EXPECT_EQ(shown["decisions"][0]["binding"], true);
  EXPECT_EQ(shown["decisions"][0]["appeal_until"], "2026-03-04");
  EXPECT_EQ(shown["decisions"][0]["appeal"].get<std::int64_t>(), first + 2);
}

TEST_F(ControlCliTest, ARefusalIsRecordedAsAViolationAndSubmissionsAsHashes) {
  Elect();
  const std::int64_t request = Seq(
      "control request --date 2026-02-10 --enterprise dock-co --item accounts --item "
      "correspondence --due 2026-02-13");
  Seq(fmt::format("control refuse --date 2026-02-12 --request {} --reason 'commercial secret'",
                  request));
  const std::string books = dir_.Write("books.csv", "account,amount\nwages,100\n");
  const std::int64_t second =
      Seq("control request --date 2026-02-14 --enterprise dock-co --item financial_statements");
  CommandOutput submitted = Sovet(fmt::format(
      "control submit --date 2026-02-15 --request {} --document {} --format json", second,
      ShellQuote(books)));
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  // The document's SHA-256, never its contents.
  EXPECT_EQ(json::parse(submitted.out)["documents"][0], "2260313d34485e3ed4f14343226c37cb96040d75a6d585557b6070d5e65ba106");
  EXPECT_THAT(ReadText(dir_.path() / "f.db"), ::testing::Not(HasSubstr("wages,100")));
  json shown = Show();
  EXPECT_EQ(shown["violations"], 1);
  EXPECT_EQ(shown["requests"][0]["stage"], "refused");
  EXPECT_EQ(shown["requests"][0]["violation"], true);
  EXPECT_EQ(shown["requests"][1]["stage"], "submitted");
  CommandOutput again = Sovet(fmt::format(
      "control refuse --date 2026-02-16 --request {} --reason late", second));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already answered"));
  CommandOutput other = Sovet(
      "control request --date 2026-02-16 --enterprise dock-co --item trade_secrets");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("control.information"));
  EXPECT_EQ(Sovet("replay").exit_code, 0);
  EXPECT_EQ(Sovet("verify").exit_code, 0);
}

TEST_F(ControlCliTest, TheHigherOrganCancelsAndAnOrganOutsideItsSubtreeIsRefused) {
  Elect();
  const std::int64_t decision = Seq(
      "control decide --date 2026-03-01 --enterprise dock-co --title 'no overtime' "
      "--text-sha256 " + std::string(64, 'b'));
  Seq(fmt::format("control appeal --date 2026-03-02 --decision {} --to local_works_council:harbour",
                  decision));
  const std::int64_t before = Entries();
  for (const std::string& organ :
       {std::string("local_works_council:millbrook"), std::string("works_control:dock-co"),
        std::string("works_council:dockyard")}) {
    CommandOutput run = Sovet(fmt::format(
        "control rule --date 2026-03-05 --decision {} --by {} --result cancelled", decision,
        organ));
    EXPECT_EQ(run.exit_code, 2) << organ << "\n" << run.err;
    EXPECT_THAT(run.err, ::testing::AnyOf(HasSubstr("is not a higher organ"),
                                          HasSubstr("not a control organ of the charter")))
        << organ;
  }
  EXPECT_EQ(Entries(), before);
  Seq(fmt::format("control rule --date 2026-03-05 --decision {} --by federation_works_council:fed "
                  "--result cancelled",
                  decision));
  json shown = Show();
  EXPECT_EQ(shown["decisions"][0]["status"], "cancelled");
  EXPECT_EQ(shown["decisions"][0]["binding"], false);
  EXPECT_TRUE(shown["pending_appeals"].empty());
  EXPECT_EQ(Sovet("replay").exit_code, 0);
}

TEST_F(ControlCliTest, AForgedActIsRefusedByAppendAndNamedByVerify) {
  // The works council of the ferry company was never elected.
  const std::string act =
      R"({"kind": "control.decide", "body": "works_control:ferry-co", "fields": {"date": )"
      R"("2026-03-01", "enterprise": "ferry-co", "title": "forged", "text_sha256": ")" +
      std::string(64, 'c') +
      R"(", "published_on": "2026-03-01", "appeal_until": "2026-03-04"}})";
  CommandOutput refused = RunSovet("journal append --json --db " + ShellQuote(db_), dir_.path(),
                                   {.stdin_text = act + "\n"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("is not elected yet"));
  EXPECT_EQ(Sovet("verify").exit_code, 0);
  {
    auto journal = Journal::Open(
        OpenOptions{.url = db_, .writable = true, .key_path = "", .projector = &EngineProjector()});
    ASSERT_TRUE(journal.has_value()) << journal.error().ToString();
    Act forged{.kind = schema::control::kDecideKind, .body = "works_control:ferry-co",
               .fields = {}};
    forged.fields["date"] = Value::Text("2026-03-01");
    forged.fields["enterprise"] = Value::Text("ferry-co");
    forged.fields["title"] = Value::Text("forged");
    forged.fields["text_sha256"] = Value::Text(std::string(64, 'c'));
    forged.fields["published_on"] = Value::Text("2026-03-01");
    forged.fields["appeal_until"] = Value::Text("2026-03-04");
    ASSERT_TRUE((*journal)->Append(forged).has_value());
  }
  CommandOutput audit = Sovet("verify");
  EXPECT_EQ(audit.exit_code, 3) << audit.out << audit.err;
  EXPECT_THAT(audit.out + audit.err, HasSubstr("control.decide"));
  EXPECT_THAT(audit.out + audit.err, HasSubstr("is not elected yet"));
}

}  // namespace
}  // namespace sovet::cli_test
