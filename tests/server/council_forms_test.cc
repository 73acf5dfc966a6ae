// The council's forms of `sovet serve` over loopback, on a journal of the
// federation's councils (tests/data/server/council_journal.sh): each form
// writes the act the command line writes, a refusal is shown on the form's
// page with the rule's message (the one `sovet` prints) and writes nothing,
// a forged CSRF token and a missing role are 403. Run in one process the
// tests share the journal, in order, each act dated on or after the one
// before; each also passes alone on a fresh journal (as ctest runs them).
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "server/run_command.h"
#include "sovet/server.h"
#include "sovet/state.h"

namespace sovet {
namespace {

using nlohmann::json;
using testing::Shell;

constexpr char kForm[] = "application/x-www-form-urlencoded";

// Undoes the HTML escaping of a page, to find a message in it as printed.
std::string Unescape(std::string text) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"&quot;", "\""},
                                 {"&#39;", "'"},
                                 {"&lt;", "<"},
                                 {"&gt;", ">"},
                                 {"&amp;", "&"}}) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return text;
}

// The rule's message as `sovet` prints it: after "sovet: error: ".
std::string CliMessage(const std::string& out) {
  const std::string marker = "error: ";
  const auto at = out.find(marker);
  std::string message = at == std::string::npos ? out : out.substr(at + marker.size());
  // The command line locates a message at its flag ("field '--id': "), the
  // form at its field: the rule's text follows.
  if (message.rfind("field '", 0) == 0) message = message.substr(message.find("': ") + 3);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message;
}

class CouncilFormsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("sovet-council-forms-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "council.db").string();
    testing::CommandRun made =
        Shell(std::string(SOVET_SOURCE_DIR) + "/tests/data/server/council_journal.sh " +
              SOVET_BINARY + " " + (dir_ / "council.db").string() + " " + SOVET_SOURCE_DIR);
    ASSERT_EQ(made.exit_code, 0) << made.out;
    ServeOptions options;
    options.db = db_;
    options.port = 0;
    options.head_poll = std::chrono::milliseconds(50);
    auto server = WebServer::Start(options);
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    std::filesystem::remove_all(dir_);
  }

  static httplib::Client Client() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(30, 0);
    return client;
  }

  static std::int64_t HeadSeq() {
    auto reader = StateReader::Open(db_);
    EXPECT_TRUE(reader);
    auto head = (*reader)->Head();
    EXPECT_TRUE(head);
    return head ? head->seq : -1;
  }

  struct Signed {
    std::string cookie;
    std::string csrf;
  };
  static Signed SignIn(const std::string& name) {
    auto res = Client().Post("/api/v1/session",
                             json{{"name", name}, {"password", "password-" + name}}.dump(),
                             "application/json");
    EXPECT_TRUE(res && res->status == 201) << name;
    Signed out;
    for (const auto& [key, value] : res->headers) {
      if (key == "Set-Cookie" && value.rfind("sovet_session=", 0) == 0) {
        out.cookie = value.substr(0, value.find(';'));
      }
    }
    out.csrf = json::parse(res->body).at("csrf");
    return out;
  }

  // Posts form `body` to `path` as `who`, with their token (or `csrf`).
  static httplib::Result Post(const Signed& who, const std::string& path, const std::string& body,
                              const std::string* csrf = nullptr) {
    auto client = Client();
    return client.Post(path, {{"Cookie", who.cookie}},
                       "csrf=" + (csrf != nullptr ? *csrf : who.csrf) + "&" + body, kForm);
  }
  static std::string Get(const std::string& path) {
    auto res = Client().Get(path);
    EXPECT_TRUE(res && res->status == 200) << path;
    return res ? res->body : "";
  }

  // Expects `res` to be a refusal shown on the form's page: the HTTP status
  // the project maps the rule's code to, the rule's message in an alert,
  // nothing written; and, when `cli` is given, the same message the command
  // line prints for the same operation.
  static void ExpectRefused(const httplib::Result& res, std::int64_t before, int status,
                            const std::string& rule, const std::string& cli = "") {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    const std::string page = Unescape(res->body);
    EXPECT_NE(page.find("role=\"alert\""), std::string::npos) << page;
    EXPECT_NE(page.find(rule), std::string::npos) << page;
    EXPECT_EQ(HeadSeq(), before);
    if (!cli.empty()) {
      testing::CommandRun run = Shell(std::string(SOVET_BINARY) + " " + cli + " --db " + db_);
      EXPECT_EQ(run.exit_code, 2) << run.out;
      const std::string message = CliMessage(run.out);
      EXPECT_NE(page.find(message), std::string::npos)
          << "the page does not show the CLI's message: " << message;
      EXPECT_EQ(HeadSeq(), before);
    }
  }

  static inline std::filesystem::path dir_;
  static inline std::string db_;
  static inline WebServer* server_ = nullptr;
};

TEST_F(CouncilFormsTest, TheStvResultSheetShowsEveryStage) {
  const std::string page =
      Unescape(Get("/bodies/works_council:rope-works/elections/rope-works-2026"));
  // Seven candidates, five stages: first preferences, two surpluses, an
  // exclusion, the last election (doc/operating.md's ballots, STV-Meek).
  EXPECT_NE(page.find("Stage 5"), std::string::npos) << page;
  EXPECT_EQ(page.find("Stage 6"), std::string::npos);
  EXPECT_NE(page.find("Non-transferable"), std::string::npos);
  EXPECT_NE(page.find("excluded at stage 4"), std::string::npos);
  EXPECT_NE(page.find("elected at stage 2"), std::string::npos);
  // rw-003's 4 first preferences and the transfer of rw-001's surplus.
  EXPECT_NE(page.find("+0.400000002"), std::string::npos);
  EXPECT_NE(page.find("The mandates commission's decisions"), std::string::npos);
  EXPECT_NE(page.find("24 of 40 present"), std::string::npos);
  // Linked from the body's council page.
  EXPECT_NE(Get("/bodies/works_council:rope-works/council")
                .find("href=\"/bodies/works_council:rope-works/elections/rope-works-2026\""),
            std::string::npos);
}

TEST_F(CouncilFormsTest, RecordAndVerifyAnOpenVoteThroughTheForms) {
  const Signed ec = SignIn("ec");
  const Signed mc = SignIn("mc");
  const std::string election = "/bodies/shop_committee:bakery/elections/bakery-2026";
  const std::string hands =
      "date=2026-02-24&present=15&seed=7&hands.bk-001=12&hands.bk-002=9&hands.bk-003=9&"
      "hands.bk-004=4";
  // A candidate who is not a nominee is refused before any act is built.
  std::int64_t before = HeadSeq();
  ExpectRefused(Post(ec, election + "/record", hands + "&hands.bk-009=1"), before, 400,
                "bk-009 is not a nominee");
  auto res = Post(ec, election + "/record", hands);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), election);
  EXPECT_EQ(HeadSeq(), before + 1);
  std::string page = Get(election);
  EXPECT_NE(page.find("Open vote: hands per candidate"), std::string::npos);
  EXPECT_NE(page.find("15 of"), std::string::npos);
  // Twice is refused, as the command line refuses it.
  before = HeadSeq();
  std::ofstream(dir_ / "hands.csv") << "person,hands\nbk-001,12\nbk-002,9\nbk-003,9\nbk-004,4\n";
  ExpectRefused(Post(ec, election + "/record", hands), before, 409, "election.record",
                "election record --date 2026-02-24 --id bakery-2026 --present 15 --seed 7 "
                "--hands " +
                    (dir_ / "hands.csv").string());
  // The electoral commission does not verify; the mandates commission does.
  EXPECT_EQ(Post(ec, election + "/verify", "date=2026-02-25")->status, 403);
  EXPECT_EQ(HeadSeq(), before);
  res = Post(mc, election + "/verify", "date=2026-02-25");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), election);
  EXPECT_EQ(HeadSeq(), before + 1);
  page = Get(election);
  EXPECT_NE(page.find("The mandates commission's decisions"), std::string::npos);
  EXPECT_NE(page.find("seated"), std::string::npos);
  before = HeadSeq();
  ExpectRefused(Post(mc, election + "/verify", "date=2026-02-25"), before, 409, "already verified",
                "election verify --date 2026-02-25 --id bakery-2026");
}

TEST_F(CouncilFormsTest, CallAnElectionThroughTheForm) {
  const Signed ec = SignIn("ec");
  std::int64_t before = HeadSeq();
  const std::string elections = "/bodies/shop_committee:bookshop/elections";
  auto res =
      Post(ec, elections, "date=2026-02-26&id=bookshop-2026&held_on=2026-03-10&kind=regular");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), elections + "/bookshop-2026");
  EXPECT_EQ(HeadSeq(), before + 1);
  EXPECT_NE(Get(elections + "/bookshop-2026").find("Stage: <strong>called"), std::string::npos);
  before = HeadSeq();
  ExpectRefused(Post(ec, elections, "date=2026-02-26&id=bookshop-2026&held_on=2026-03-10"), before,
                409, "bookshop-2026",
                "election call --date 2026-02-26 --body shop_committee:bookshop --id "
                "bookshop-2026 --held-on 2026-03-10");
  // The national congress is filled by delegation, not called by the form.
  ExpectRefused(Post(ec, "/bodies/congress:fed/elections", "date=2026-02-26&id=congress-2026"),
                before, 400, "its seats are filled by delegation",
                "election call --date 2026-02-26 --body congress:fed --id congress-2026");
  // A field the form does not have.
  ExpectRefused(Post(ec, elections, "date=2026-02-26&id=x&colour=red"), before, 400,
                "unknown field \"colour\"");
}

TEST_F(CouncilFormsTest, OpenSignAndVoteARecallPetitionThroughTheForms) {
  const Signed ec = SignIn("ec");
  const std::string body = "/bodies/works_council:rope-works";
  const std::string petition = body + "/petitions/rw-003-recall";
  std::int64_t before = HeadSeq();
  auto res = Post(ec, body + "/petitions", "date=2026-06-15&petition=rw-003-recall&person=rw-003");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), petition);
  EXPECT_EQ(HeadSeq(), before + 1);
  EXPECT_NE(Get(petition).find("aria-label=\"Signatures\">0</output> of 9 needed"),
            std::string::npos);
  res = Post(ec, petition + "/sign", "date=2026-06-16&person=rw-010");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), petition);
  EXPECT_NE(Get(petition).find("aria-label=\"Signatures\">1</output> of 9 needed"),
            std::string::npos);
  before = HeadSeq();
  // Each elector signs once; one not on the roll does not sign; the vote is
  // not due at one signature of nine.
  ExpectRefused(Post(ec, petition + "/sign", "date=2026-06-16&person=rw-010"), before, 409,
                "already signed", "recall sign --date 2026-06-16 --petition rw-003-recall rw-010");
  ExpectRefused(Post(ec, petition + "/sign", "date=2026-06-16&person=rw-042"), before, 400,
                "rw-042", "recall sign --date 2026-06-16 --petition rw-003-recall rw-042");
  ExpectRefused(Post(ec, petition + "/vote", "date=2026-06-17&for=20&against=5"), before, 400,
                "recall.vote",
                "recall vote --date 2026-06-17 --petition rw-003-recall --for 20 --against 5");
  // The petition is against a seat of the works council: the bakery's
  // commission cannot sign it through the bakery's path.
  res = Post(ec, "/bodies/shop_committee:bakery/petitions/rw-003-recall/sign",
             "date=2026-06-16&person=rw-011");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(HeadSeq(), before);
  // Eight more signatures (several in one form) call the vote; it passes.
  res = Post(ec, petition + "/sign",
             "date=2026-06-17&person=rw-011+rw-012+rw-013+rw-014+rw-015+rw-016+rw-017+rw-018");
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_NE(Get(petition).find("vote_due"), std::string::npos);
  res = Post(ec, petition + "/vote", "date=2026-06-18&for=23&against=11");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  const std::string page = Get(petition);
  EXPECT_NE(page.find("recalled"), std::string::npos);
  EXPECT_NE(page.find("23 for, 11 against"), std::string::npos);
  EXPECT_NE(Get(body + "/council").find("href=\"" + petition + "\""), std::string::npos);
}

TEST_F(CouncilFormsTest, ConveneASessionThroughTheForm) {
  const Signed sec = SignIn("sec");
  const Signed ec = SignIn("ec");
  std::int64_t before = HeadSeq();
  EXPECT_EQ(Post(ec, "/bodies/congress:fed/sessions", "date=2026-06-19&opens=2026-07-01")->status,
            403);
  ExpectRefused(Post(sec, "/bodies/congress:fed/sessions",
                     "date=2026-06-19&opens=2026-07-01&extraordinary=1"),
                before, 400, "(001:144)");
  auto res = Post(sec, "/bodies/congress:fed/sessions", "date=2026-06-19&opens=2026-07-01");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << res->body;
  EXPECT_EQ(res->get_header_value("Location"), "/bodies/congress:fed/council");
  EXPECT_EQ(HeadSeq(), before + 1);
  EXPECT_NE(Get("/bodies/congress:fed/council").find("<td>2026-07-01</td>"), std::string::npos);
}

TEST_F(CouncilFormsTest, AForgedTokenIsRefusedOnEveryCouncilForm) {
  const Signed ec = SignIn("ec");
  const Signed mc = SignIn("mc");
  const Signed sec = SignIn("sec");
  const std::string forged(64, 'f');
  const struct {
    const Signed& who;
    std::string path, body;
  } forms[] = {
      {ec, "/bodies/shop_committee:bookshop/elections", "date=2026-06-20&id=forged"},
      {ec, "/bodies/shop_committee:bakery/elections/bakery-2026/record",
       "date=2026-06-20&present=1"},
      {mc, "/bodies/shop_committee:bookshop/elections/bookshop-2026/verify", "date=2026-06-20"},
      {ec, "/bodies/works_council:rope-works/petitions",
       "date=2026-06-20&petition=p&person=rw-001"},
      {ec, "/bodies/works_council:rope-works/petitions/rw-003-recall/sign",
       "date=2026-06-20&person=rw-020"},
      {ec, "/bodies/works_council:rope-works/petitions/rw-003-recall/vote",
       "date=2026-06-20&for=1&against=0"},
      {sec, "/bodies/congress:fed/sessions", "date=2026-06-20&opens=2026-08-01"},
  };
  ASSERT_EQ(std::size(forms), 7u);
  for (const auto& form : forms) {
    const std::int64_t before = HeadSeq();
    auto res = Post(form.who, form.path, form.body, &forged);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << form.path;
    EXPECT_NE(res->body.find("CSRF"), std::string::npos) << form.path;
    EXPECT_EQ(HeadSeq(), before) << form.path;
    // And no account without the role gets further than 403.
    const Signed nobody = SignIn("nobody");
    EXPECT_EQ(Post(nobody, form.path, form.body)->status, 403) << form.path;
    EXPECT_EQ(HeadSeq(), before) << form.path;
  }
  // Every act the forms wrote passes the audit.
  testing::CommandRun verify = Shell(std::string(SOVET_BINARY) + " verify --db " + db_);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

}  // namespace
}  // namespace sovet
