// Accounts, roles and sessions of `sovet serve` over loopback: the account
// store (SQLite and PostgreSQL), `sovet user`, role acts through the
// engine, signing in (success, failure, the rate limit), CSRF, the table of
// write routes against every wrong role, and the event stream.
#include "sovet/accounts.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>

#include "journal/test_stores.h"
#include "server/forms.h"
#include "server/run_command.h"
#include "sovet/roles.h"
#include "sovet/server.h"
#include "sovet/state.h"

namespace sovet {
namespace {

using nlohmann::json;
using testing::Shell;

std::string SovetBinary() { return SOVET_BINARY; }

// ---- the parsers --------------------------------------------------------------------

TEST(FormParser, DecodesPairsAndRefusesWhatIsNotAForm) {
  auto form = server::ParseForm("a=1&b=x+y%21&c=&d&e=%C3%A9");
  ASSERT_TRUE(form) << form.error().ToString();
  EXPECT_EQ(form->at("a"), "1");
  EXPECT_EQ(form->at("b"), "x y!");
  EXPECT_EQ(form->at("c"), "");
  EXPECT_EQ(form->at("d"), "");
  EXPECT_EQ(form->at("e"), "\xC3\xA9");
  EXPECT_TRUE(server::ParseForm("") && server::ParseForm("")->empty());
  EXPECT_TRUE(server::ParseForm("&&a=1&"));
  for (const char* bad :
       {"a=%", "a=%4", "a=%zz", "a=1&a=2", "a=%00", "a=%FF", "%0a=1", "a=%C0%AF", "a=%ED%A0%80"}) {
    EXPECT_FALSE(server::ParseForm(bad)) << bad;
  }
  std::string many;
  for (int idx = 0; idx <= static_cast<int>(server::kMaxFormFields); ++idx) {
    many += "f" + std::to_string(idx) + "=1&";
  }
  EXPECT_FALSE(server::ParseForm(many));
}

TEST(CookieParser, FindsANamedCookie) {
  EXPECT_EQ(server::FindCookie("a=1; sovet_session=abc; b=2", "sovet_session"), "abc");
  EXPECT_EQ(server::FindCookie("sovet_session=\"q\"", "sovet_session"), "q");
  EXPECT_EQ(server::FindCookie("sovet_session=1; sovet_session=2", "sovet_session"), "1");
  EXPECT_FALSE(server::FindCookie("xsovet_session=1; sovet_sessionx=2", "sovet_session"));
  EXPECT_FALSE(server::FindCookie("", "a"));
  EXPECT_FALSE(server::FindCookie(";;;=;", "a"));
}

// ---- the account store ----------------------------------------------------------------

void ExerciseStore(const std::string& url) {
  auto store = AccountStore::Open(url);
  ASSERT_TRUE(store) << store.error().ToString();
  auto hash = HashPassword("correct horse");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(CheckPassword(*hash, "correct horse"));
  EXPECT_FALSE(CheckPassword(*hash, "correct horsE"));
  EXPECT_FALSE(CheckPassword("not a hash", "correct horse"));
  ASSERT_TRUE((*store)->Add(Account{.name = "zoya", .password_hash = *hash}));
  auto again = (*store)->Add(Account{.name = "zoya", .password_hash = *hash});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE((*store)->Add(Account{.name = "Zoya!", .password_hash = *hash}));
  ASSERT_TRUE((*store)->Add(Account{.name = "anna", .password_hash = *hash}));
  auto found = (*store)->Find("zoya");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->password_hash, *hash);
  EXPECT_FALSE(*(*store)->Find("nobody"));
  auto list = (*store)->List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).name, "anna");
  EXPECT_FALSE(HashPassword("short"));
}

TEST(AccountStore, KeepsArgon2idHashesInSqlite) {
  testing::TempDir dir;
  const std::string url = "sqlite:" + dir.File("a.db");
  ASSERT_EQ(Shell(SovetBinary() + " init --db " + url).exit_code, 0);
  ExerciseStore(url);
}

TEST(AccountStore, KeepsArgon2idHashesInPostgres) {
  testing::PgSchema schema;
  SOVET_REQUIRE_PG_OR_SKIP(schema);
  ExerciseStore(schema.url());
}

// ---- the server ---------------------------------------------------------------------------

class AccountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("sovet-accounts-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "demo.db").string();
    testing::CommandRun demo =
        Shell(SovetBinary() + " demo --charter " + SOVET_SOURCE_DIR +
              "/charters/rsfsr-1918.toml --scale small --seed 1 --db " + db_);
    ASSERT_EQ(demo.exit_code, 0) << demo.out;
    // An account for each role on the Congress, an admin of a town soviet
    // (the wrong body), and one with no role at all.
    for (const char* name : {"admin", "electoral_commission", "mandates_commission", "secretary",
                             "other_admin", "nobody", "limited", "target"}) {
      testing::CommandRun add = Shell("echo 'password-" + std::string(name) + "' | " +
                                      SovetBinary() + " user add " + name + " --db " + db_);
      ASSERT_EQ(add.exit_code, 0) << add.out;
    }
    for (const std::string_view role : kRoleNames) {
      testing::CommandRun grant = Shell(SovetBinary() + " user grant " + std::string(role) + " " +
                                        std::string(role) + " congress:rsfsr --db " + db_);
      ASSERT_EQ(grant.exit_code, 0) << grant.out;
    }
    testing::CommandRun other =
        Shell(SovetBinary() + " user grant other_admin admin executive:rsfsr --db " + db_);
    ASSERT_EQ(other.exit_code, 0) << other.out;
    ServeOptions options;
    options.db = db_;
    options.port = 0;
    options.login_attempts = 3;
    options.login_window = std::chrono::seconds(60);
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

  // The value of cookie `name` set by a response.
  static std::string SetCookie(const httplib::Result& res, const std::string& name) {
    for (const auto& [key, value] : res->headers) {
      if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0) {
        return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
      }
    }
    return "";
  }

  struct Signed {
    std::string cookie;  // "sovet_session=..."
    std::string csrf;
  };

  // Signs in through the form, as a browser does.
  static httplib::Result FormLogin(const std::string& name, const std::string& password,
                                   std::string* login_cookie = nullptr) {
    auto client = Client();
    auto page = client.Get("/login");
    EXPECT_TRUE(page && page->status == 200);
    const std::string token = SetCookie(page, "sovet_login");
    if (login_cookie != nullptr) *login_cookie = token;
    std::smatch match;
    std::regex_search(page->body, match, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\""));
    EXPECT_EQ(match[1].str(), token);
    return client.Post("/login", {{"Cookie", "sovet_login=" + token}},
                       "csrf=" + token + "&next=%2Fjournal&name=" + name + "&password=" + password,
                       "application/x-www-form-urlencoded");
  }

  static Signed SignIn(const std::string& name) {
    auto res = FormLogin(name, "password-" + name);
    EXPECT_TRUE(res);
    EXPECT_EQ(res->status, 303) << res->body;
    Signed out{"sovet_session=" + SetCookie(res, "sovet_session"), ""};
    auto session = Client().Get("/api/v1/session", {{"Cookie", out.cookie}});
    EXPECT_TRUE(session && session->status == 200);
    out.csrf = json::parse(session->body).at("csrf");
    return out;
  }

  static inline std::filesystem::path dir_;
  static inline std::string db_;
  static inline WebServer* server_ = nullptr;
};

TEST_F(AccountsTest, SigningInSetsAStrictHttpOnlyCookieAndTheHeaderNamesTheAccount) {
  auto res = FormLogin("secretary", "password-secretary");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/journal");
  std::string cookie;
  for (const auto& [key, value] : res->headers) {
    if (key == "Set-Cookie" && value.rfind("sovet_session=", 0) == 0) cookie = value;
  }
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  const std::string token = SetCookie(res, "sovet_session");
  EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{64}")));  // 256 bits
  auto anonymous = Client().Get("/");
  ASSERT_TRUE(anonymous);
  EXPECT_NE(anonymous->body.find(">Sign in</a>"), std::string::npos);
  EXPECT_FALSE(anonymous->get_header_value("ETag").empty());
  for (int round = 0; round < 2; ++round) {  // rendered, then from the cache
    auto signed_in = Client().Get("/", {{"Cookie", "sovet_session=" + token}});
    ASSERT_TRUE(signed_in);
    EXPECT_NE(signed_in->body.find("Signed in as <strong>secretary</strong>"), std::string::npos);
    EXPECT_TRUE(signed_in->get_header_value("ETag").empty());
    EXPECT_NE(signed_in->get_header_value("Cache-Control").find("no-store"), std::string::npos);
  }
  // The anonymous page, cached meanwhile, names nobody.
  auto again = Client().Get("/");
  EXPECT_EQ(again->body.find("secretary"), std::string::npos);
  // Signing out ends the session.
  auto session = Client().Get("/api/v1/session", {{"Cookie", "sovet_session=" + token}});
  const std::string csrf = json::parse(session->body).at("csrf");
  auto out = Client().Post("/logout", {{"Cookie", "sovet_session=" + token}}, "csrf=" + csrf,
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(Client().Get("/api/v1/session", {{"Cookie", "sovet_session=" + token}})->status, 401);
}

TEST_F(AccountsTest, AWrongPasswordOrAccountIsRefusedWithoutASession) {
  for (const auto& [name, password] : {std::pair<std::string, std::string>{"target", "nope-nope"},
                                       {"no_such_account", "password-x"},
                                       {"BAD NAME", "password-x"}}) {
    auto res = FormLogin(name, password);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << name;
    EXPECT_TRUE(SetCookie(res, "sovet_session").empty()) << name;
    EXPECT_NE(res->body.find("the account name or the password is wrong"), std::string::npos);
  }
  auto api = Client().Post("/api/v1/session", R"({"name":"target","password":"wrong-one"})",
                           "application/json");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  auto right = Client().Post("/api/v1/session", R"({"name":"target","password":"password-target"})",
                             "application/json");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 201);
  EXPECT_FALSE(SetCookie(right, "sovet_session").empty());
  EXPECT_EQ(Client().Post("/api/v1/session", R"({"name":"target"})", "application/json")->status,
            400);
  EXPECT_EQ(Client()
                .Post("/api/v1/session", "name=target&password=password-target",
                      "application/x-www-form-urlencoded")
                ->status,
            415);
}

TEST_F(AccountsTest, FailedSignInsAreRateLimitedPerAccount) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(FormLogin("limited", "wrong-password")->status, 401);
  }
  // Now even the right password waits.
  auto res = FormLogin("limited", "password-limited");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_FALSE(res->get_header_value("Retry-After").empty());
  EXPECT_TRUE(SetCookie(res, "sovet_session").empty());
  // Another account from the same address is not held up by it.
  EXPECT_EQ(FormLogin("nobody", "password-nobody")->status, 303);
}

TEST_F(AccountsTest, TheSignInFormNeedsItsOwnToken) {
  std::string token;
  ASSERT_TRUE(FormLogin("nobody", "password-nobody", &token));
  auto client = Client();
  // A cross-site form carries no login cookie, or a different token.
  auto missing = client.Post("/login", "csrf=" + token + "&name=nobody&password=password-nobody",
                             "application/x-www-form-urlencoded");
  EXPECT_EQ(missing->status, 403);
  auto wrong = client.Post("/login", {{"Cookie", "sovet_login=" + token}},
                           "csrf=" + std::string(64, 'a') + "&name=nobody&password=password-nobody",
                           "application/x-www-form-urlencoded");
  EXPECT_EQ(wrong->status, 403);
  EXPECT_TRUE(SetCookie(wrong, "sovet_session").empty());
}

// A request to each write route, in WriteRoutes() order. The role's
// accounts send it: those of the roles write one act; the council's forms
// pass the role check and reach the engine, whose rules refuse them on this
// demo journal (no such election or petition; the Congress is filled by
// delegation) but for convening the Congress — tests/server/
// council_forms_test.cc writes each of them on a federation's journal.
struct WriteCase {
  std::string path;
  std::string body;
  std::string content_type;
  bool api;
  bool writes = true;
};

std::vector<WriteCase> WriteCases() {
  return {
      {"/bodies/congress:rsfsr/roles", "account=target&role=secretary&action=grant",
       "application/x-www-form-urlencoded", false},
      {"/api/v1/bodies/congress:rsfsr/roles",
       R"({"account":"target","role":"electoral_commission","action":"grant"})", "application/json",
       true},
      {"/bodies/congress:rsfsr/elections", "date=1900-01-01&id=web-call", "application/x-www-form-urlencoded",
       false, false},
      {"/bodies/congress:rsfsr/elections/web-call/record", "date=1900-01-01&present=1",
       "application/x-www-form-urlencoded", false, false},
      {"/bodies/congress:rsfsr/elections/web-call/verify", "date=1900-01-01",
       "application/x-www-form-urlencoded", false, false},
      {"/bodies/congress:rsfsr/petitions", "date=1900-01-01&petition=web-p&seat=1",
       "application/x-www-form-urlencoded", false, false},
      {"/bodies/congress:rsfsr/petitions/web-p/sign", "date=1900-01-01&person=p1",
       "application/x-www-form-urlencoded", false, false},
      {"/bodies/congress:rsfsr/petitions/web-p/vote", "date=1900-01-01&for=1&against=0",
       "application/x-www-form-urlencoded", false, false},
      {"/bodies/congress:rsfsr/sessions", "date=1900-01-01&opens=1900-01-02",
       "application/x-www-form-urlencoded", false, true},
  };
}

httplib::Result Send(httplib::Client& client, const WriteCase& write, const std::string& cookie,
                     const std::string& csrf) {
  httplib::Headers headers;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  std::string body = write.body;
  if (write.api) {
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
  } else if (!csrf.empty()) {
    body = "csrf=" + csrf + "&" + body;
  }
  return client.Post(write.path, headers, body, write.content_type);
}

TEST_F(AccountsTest, EveryWriteRouteIsCoveredByTheRoleTable) {
  const auto routes = WebServer::WriteRoutes();
  const auto cases = WriteCases();
  ASSERT_EQ(routes.size(), cases.size());
  for (std::size_t idx = 0; idx < routes.size(); ++idx) {
    EXPECT_TRUE(std::regex_match(cases[idx].path, std::regex(routes[idx].pattern)))
        << cases[idx].path << " does not exercise " << routes[idx].pattern;
  }
}

TEST_F(AccountsTest, EveryWriteRouteRefusesEveryWrongRoleAndWritesNothing) {
  const auto routes = WebServer::WriteRoutes();
  const auto cases = WriteCases();
  ASSERT_EQ(routes.size(), cases.size());
  for (std::size_t idx = 0; idx < routes.size(); ++idx) {
    // Every account that lacks the route's role on the body: the other
    // roles on the same body, the role on another body, and no role.
    std::vector<std::string> wrong = {"other_admin", "nobody"};
    for (const std::string_view role : kRoleNames) {
      if (role != routes[idx].role) wrong.emplace_back(role);
    }
    for (const std::string& account : wrong) {
      const Signed session = SignIn(account);
      const std::int64_t before = HeadSeq();
      auto client = Client();
      auto res = Send(client, cases[idx], session.cookie, session.csrf);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 403) << cases[idx].path << " as " << account << ": " << res->body;
      EXPECT_EQ(HeadSeq(), before) << cases[idx].path << " as " << account << " wrote";
    }
  }
  // The role the route declares is enough: each case writes one act, or
  // is refused by the engine's rules rather than for the role.
  const Signed admin = SignIn("admin");
  for (std::size_t idx = 0; idx < cases.size(); ++idx) {
    const WriteCase& write = cases[idx];
    const Signed holder = SignIn(routes[idx].role);  // each role's account is named after it
    const std::int64_t before = HeadSeq();
    auto client = Client();
    auto res = Send(client, write, holder.cookie, holder.csrf);
    ASSERT_TRUE(res);
    if (write.writes) {
      EXPECT_EQ(res->status, write.api ? 201 : 303) << write.path << ": " << res->body;
      EXPECT_EQ(HeadSeq(), before + 1) << write.path;
    } else {
      EXPECT_GE(res->status, 400) << write.path << ": " << res->body;
      EXPECT_NE(res->status, 403) << write.path << ": " << res->body;
      EXPECT_LT(res->status, 500) << write.path << ": " << res->body;
      EXPECT_EQ(HeadSeq(), before) << write.path;
    }
  }
  // Granted by the web, audited by verify: the acts name their granter.
  testing::CommandRun verify = Shell(SovetBinary() + " verify --db " + db_);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  testing::CommandRun list = Shell(SovetBinary() + " user list --format json --db " + db_);
  EXPECT_NE(list.out.find("\"secretary\""), std::string::npos);
  // Undo, so the table can run again.
  for (const char* role : {"secretary", "electoral_commission"}) {
    auto client = Client();
    auto res = client.Post("/api/v1/bodies/congress:rsfsr/roles",
                           {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}},
                           json{{"account", "target"}, {"role", role}, {"action", "revoke"}}.dump(),
                           "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
  }
}

TEST_F(AccountsTest, AMissingOrWrongCsrfTokenIs403AndWritesNothing) {
  const Signed admin = SignIn("admin");
  for (const WriteCase& write : WriteCases()) {
    for (const std::string& csrf : {std::string(), std::string(64, '0'), admin.csrf + "0"}) {
      const std::int64_t before = HeadSeq();
      auto client = Client();
      auto res = Send(client, write, admin.cookie, csrf);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 403) << write.path << " csrf '" << csrf << "'";
      EXPECT_NE(res->body.find("CSRF"), std::string::npos);
      EXPECT_EQ(HeadSeq(), before);
    }
    // Another session's token is as wrong as any other.
    const Signed other = SignIn("secretary");
    auto client = Client();
    EXPECT_EQ(Send(client, write, admin.cookie, other.csrf)->status, 403);
  }
}

TEST_F(AccountsTest, WithoutASessionPagesGoToSignInAndTheApiIs401) {
  for (const WriteCase& write : WriteCases()) {
    const std::int64_t before = HeadSeq();
    auto client = Client();
    auto res = Send(client, write, "", "");
    ASSERT_TRUE(res);
    if (write.api) {
      EXPECT_EQ(res->status, 401);
      EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    } else {
      EXPECT_EQ(res->status, 303);
      EXPECT_EQ(res->get_header_value("Location").rfind("/login?next=", 0), 0u);
    }
    auto forged =
        Send(client, write, "sovet_session=" + std::string(64, 'f'), std::string(64, 'f'));
    EXPECT_EQ(forged->status, write.api ? 401 : 303);
    EXPECT_EQ(HeadSeq(), before);
  }
}

TEST_F(AccountsTest, TheEngineRefusesAGrantByAnAccountThatIsNoAdmin) {
  // `by` names the granting account; the engine checks it holds admin.
  testing::CommandRun run = Shell(SovetBinary() + " journal append --db " + db_ +
                                  " --kind role.grant --body congress:rsfsr --field account=target "
                                  "--field role=secretary --field by=nobody");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("does not hold admin on congress:rsfsr"), std::string::npos) << run.out;
  testing::CommandRun twice =
      Shell(SovetBinary() + " user grant admin admin congress:rsfsr --db " + db_);
  EXPECT_EQ(twice.exit_code, 2) << twice.out;
  testing::CommandRun unknown =
      Shell(SovetBinary() + " user grant ghost secretary congress:rsfsr --db " + db_);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no account \"ghost\""), std::string::npos);
}

TEST_F(AccountsTest, TheEventStreamDeliversAnAppendAsItLands) {
  std::atomic<bool> seen{false};
  std::string received;
  std::mutex mutex;
  std::thread reader([&] {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(20, 0);
    client.Get("/api/v1/events", [&](const char* data, std::size_t size) {
      std::lock_guard lock(mutex);
      received.append(data, size);
      if (received.find("\"kind\":\"role.revoke\"") != std::string::npos) {
        seen = true;
        return false;  // enough: close the stream
      }
      return true;
    });
  });
  // The stream is open once its first comment has arrived.
  for (int wait = 0; wait < 200; ++wait) {
    {
      std::lock_guard lock(mutex);
      if (received.find("retry:") != std::string::npos) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  testing::CommandRun grant =
      Shell(SovetBinary() + " user grant target mandates_commission executive:rsfsr --db " + db_);
  ASSERT_EQ(grant.exit_code, 0) << grant.out;
  testing::CommandRun revoke =
      Shell(SovetBinary() + " user revoke target mandates_commission executive:rsfsr --db " + db_);
  ASSERT_EQ(revoke.exit_code, 0) << revoke.out;
  reader.join();
  EXPECT_TRUE(seen);
  std::lock_guard lock(mutex);
  EXPECT_NE(received.find("event: append\n"), std::string::npos);
  EXPECT_NE(received.find("\"kind\":\"role.grant\""), std::string::npos);
  EXPECT_NE(received.find("\"body\":\"executive:rsfsr\""), std::string::npos);
  EXPECT_TRUE(std::regex_search(received, std::regex("id: [0-9]+\nevent: append\ndata: \\{")));
}

TEST_F(AccountsTest, ThePersonAndElectionPagesLinkEachOther) {
  auto trace = Client().Get("/api/v1/trace/congress:rsfsr/1");
  const json link = json::parse(trace->body).at("chain").at(0);
  const std::int64_t person = link.at("person");
  const std::int64_t election = link.at("election").at("seq");
  auto page = Client().Get("/persons/" + std::to_string(person));
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("href=\"/elections/" + std::to_string(election) + "\""),
            std::string::npos);
  auto sheet = Client().Get("/api/v1/elections/" + std::to_string(election));
  ASSERT_EQ(sheet->status, 200);
  const json result = json::parse(sheet->body);
  std::int64_t last = INT64_MAX;
  bool elected_person = false;
  for (const json& candidate : result.at("candidates")) {
    EXPECT_LE(candidate.at("votes").get<std::int64_t>(), last);  // by votes, most first
    last = candidate.at("votes");
    elected_person =
        elected_person || (candidate.at("person") == person && candidate.at("elected"));
  }
  EXPECT_TRUE(elected_person);
  auto html = Client().Get("/elections/" + std::to_string(election));
  ASSERT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("href=\"/persons/" + std::to_string(person) + "\""), std::string::npos);
  EXPECT_NE(html->body.find("<strong>elected</strong>"), std::string::npos);
  EXPECT_EQ(Client().Get("/elections/1")->status, 404);  // entry 1 is no election
  EXPECT_EQ(Client().Get("/persons/99999999")->status, 404);
  auto body = Client().Get("/bodies/congress:rsfsr");
  EXPECT_NE(body->body.find("href=\"/persons/" + std::to_string(person) + "\""), std::string::npos);
  EXPECT_NE(body->body.find("href=\"/elections/" + std::to_string(election) + "\""),
            std::string::npos);
}

}  // namespace
}  // namespace sovet

namespace sovet {
namespace {

TEST_F(AccountsTest, StoppingTheServerEndsOpenEventStreams) {
  ServeOptions options;
  options.db = db_;
  options.port = 0;
  auto server = WebServer::Start(options);
  ASSERT_TRUE(server) << server.error().ToString();
  std::atomic<bool> opened{false};
  std::thread reader([&, port = (*server)->port()] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60, 0);
    client.Get("/api/v1/events", [&](const char*, std::size_t) {
      opened = true;
      return true;
    });
  });
  for (int wait = 0; wait < 200 && !opened; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(opened);
  const auto start = std::chrono::steady_clock::now();
  (*server)->Stop();
  reader.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace sovet
