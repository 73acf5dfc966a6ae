// `sovet serve` in-process on an ephemeral loopback port, over a small demo
// journal made by the sovet binary: pages, the API against the CLI's JSON
// and the OpenAPI document, ETags, errors and hardening.
#include "sovet/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "journal/test_stores.h"
#include "server/embedded.h"
#include "server/run_command.h"

namespace sovet {
namespace {

using nlohmann::json;
using testing::Sovet;

const std::string kDemo = std::string("demo --charter ") + SOVET_SOURCE_DIR +
                          "/charters/rsfsr-1918.toml --scale small --seed 1 --db ";

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        std::filesystem::temp_directory_path() / ("sovet-serve-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "demo.db").string();
    const testing::CommandRun demo = Sovet(kDemo + db_);
    ASSERT_EQ(demo.exit_code, 0) << demo.out;
    ServeOptions options;
    options.db = db_;
    options.port = 0;
    options.read_timeout = std::chrono::milliseconds(600);
    options.keep_alive_timeout = std::chrono::milliseconds(1000);
    options.max_body = 4096;
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
  static httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    return Client().Get(path.c_str(), headers);
  }
  static json Json(const httplib::Result& res) { return json::parse(res->body); }

  static inline std::filesystem::path dir_;
  static inline std::string db_;
  static inline WebServer* server_ = nullptr;
};

// Whether every <script in `html` is the one static file the CSP allows,
// with no inline body.
bool OnlyStaticScripts(const std::string& html) {
  static const std::string kAllowed = "<script src=\"/static/live.js\" defer></script>";
  for (std::size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    if (html.compare(at, kAllowed.size(), kAllowed) != 0) return false;
  }
  return true;
}

void ExpectSecurityHeaders(const httplib::Result& res, const std::string& what) {
  ASSERT_TRUE(res) << what;
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << what;
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_FALSE(res->get_header_value("Referrer-Policy").empty()) << what;
}

TEST_F(ServerTest, TheCountryPageListsTiersTheTopBodyAndTheLatestActs) {
  auto res = Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("<h2 id=\"tiers-heading\">Tiers</h2>"), std::string::npos);
  EXPECT_NE(res->body.find("href=\"/bodies/congress:rsfsr\""), std::string::npos);
  EXPECT_NE(res->body.find("aria-label=\"congress:rsfsr: "), std::string::npos);
  EXPECT_NE(res->body.find("aria-label=\"Constituent Assembly: "), std::string::npos);
  EXPECT_NE(res->body.find("Latest acts"), std::string::npos);
  // No inline script or style anywhere: the CSP would refuse them.
  EXPECT_TRUE(OnlyStaticScripts(res->body));
  EXPECT_EQ(res->body.find("style="), std::string::npos);
  EXPECT_EQ(res->body.find("<style"), std::string::npos);
}

TEST_F(ServerTest, ABodyPageDrawsEveryMemberAndLinksProvenanceAndDelegations) {
  const json report = Json(Get("/api/v1/bodies/congress:rsfsr"));
  auto res = Get("/bodies/congress:rsfsr");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  std::size_t circles = 0;
  for (std::size_t at = res->body.find("<circle"); at != std::string::npos;
       at = res->body.find("<circle", at + 1)) {
    ++circles;
  }
  EXPECT_EQ(circles, report.at("members").size());
  EXPECT_GT(circles, 0u);
  EXPECT_NE(res->body.find("href=\"/trace/congress:rsfsr/1\""), std::string::npos);
  EXPECT_NE(res->body.find("href=\"/journal/"), std::string::npos);
  for (const json& from : report.at("delegations_received")) {
    EXPECT_NE(res->body.find("href=\"/bodies/" + from.at("from").get<std::string>() + "\""),
              std::string::npos);
  }
}

TEST_F(ServerTest, PagesOfTheJournalTraceAndKindsRender) {
  for (const char* path :
       {"/journal", "/journal?from=50", "/journal/0", "/journal/10", "/trace/congress:rsfsr/1",
        "/bodies?kind=village_soviet", "/verify", "/static/sovet.css"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    ExpectSecurityHeaders(res, path);
  }
  auto entry = Get("/journal/0");
  EXPECT_NE(entry->body.find("journal.genesis"), std::string::npos);
  auto verify = Get("/verify");
  EXPECT_NE(verify->body.find("OK: every hash and signature checks."), std::string::npos);
}

TEST_F(ServerTest, TheApiPrintsTheCommandLinesJsonContracts) {
  auto same = [&](const std::string& path, const std::string& cli) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, 200) << path << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    const testing::CommandRun run = Sovet(cli, false);
    ASSERT_EQ(run.exit_code, 0) << cli;
    EXPECT_EQ(json::parse(res->body), json::parse(run.out)) << path;
  };
  same("/api/v1/bodies", "report --format json --db " + db_);
  same("/api/v1/bodies/congress:rsfsr",
       "report --format json --db " + db_ + " --body congress:rsfsr");
  same("/api/v1/trace/congress:rsfsr/2",
       "trace --format json --db " + db_ + " --body congress:rsfsr --seat 2");
  same("/api/v1/journal?from=3&limit=7",
       "journal show --format json --db " + db_ + " --from 3 --limit 7");
  same("/api/v1/verify", "verify --format json --db " + db_);
}

TEST_F(ServerTest, ErrorsAreProblemsWithTheCommandLinesMessage) {
  auto res = Get("/api/v1/trace/congress:rsfsr/99999");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  const json problem = Json(res);
  EXPECT_EQ(problem.at("status"), 404);
  EXPECT_FALSE(problem.at("type").get<std::string>().empty());
  EXPECT_FALSE(problem.at("title").get<std::string>().empty());
  const testing::CommandRun cli =
      Sovet("trace --db " + db_ + " --body congress:rsfsr --seat 99999", true);
  EXPECT_EQ(cli.exit_code, 2);
  EXPECT_EQ(cli.out, "sovet: error: " + problem.at("detail").get<std::string>() + "\n");

  auto body = Get("/api/v1/bodies/nowhere:none");
  EXPECT_EQ(body->status, 404);
  EXPECT_NE(Json(body).at("detail").get<std::string>().find("has no body 'nowhere:none'"),
            std::string::npos);
  auto page = Get("/bodies/nowhere:none");
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("has no body &#39;nowhere:none&#39;"), std::string::npos);
  for (const char* path :
       {"/api/v1/journal?limit=100000", "/api/v1/journal?from=-1", "/api/v1/journal?from=x",
        "/api/v1/trace/congress:rsfsr/one", "/api/v1/journal/abc"}) {
    auto bad = Get(path);
    ASSERT_TRUE(bad) << path;
    EXPECT_EQ(bad->status, 400) << path;
    EXPECT_EQ(bad->get_header_value("Content-Type"), "application/problem+json") << path;
  }
  EXPECT_EQ(Get("/journal?from=x")->status, 400);
}

TEST_F(ServerTest, UnknownRoutesAre404InTheRightForm) {
  auto api = Get("/api/v1/nothing");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(api).at("status"), 404);
  ExpectSecurityHeaders(api, "/api/v1/nothing");
  auto page = Get("/nothing/here");
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  ExpectSecurityHeaders(page, "/nothing/here");
}

TEST_F(ServerTest, LargePagesGoGzippedOnceAndNeverBrotli) {
  auto plain = Get("/bodies/congress:rsfsr");
  ASSERT_TRUE(plain);
  for (const char* accept : {"gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "gzip"}) {
    httplib::Client client = Client();
    client.set_decompress(false);
    auto res = client.Get("/bodies/congress:rsfsr", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(res) << accept;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_LT(res->body.size(), plain->body.size());
    // Decompressed by the client, it is the same page.
    auto decoded = Client().Get("/bodies/congress:rsfsr", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->body, plain->body) << accept;
  }
  httplib::Client client = Client();
  client.set_decompress(false);
  auto br = client.Get("/bodies/congress:rsfsr", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(br);
  EXPECT_TRUE(br->get_header_value("Content-Encoding").empty());
  EXPECT_EQ(br->body, plain->body);
}

TEST_F(ServerTest, ReadsCarryAnETagAndAnswer304) {
  for (const char* path :
       {"/", "/bodies/congress:rsfsr", "/api/v1/bodies", "/api/v1/journal?from=0&limit=2"}) {
    auto first = Get(path);
    ASSERT_TRUE(first);
    const std::string etag = first->get_header_value("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    auto again = Get(path, {{"If-None-Match", etag}});
    EXPECT_EQ(again->status, 304) << path;
    EXPECT_TRUE(again->body.empty()) << path;
    auto other = Get(path, {{"If-None-Match", "\"0-0000000000000000\""}});
    EXPECT_EQ(other->status, 200) << path;
  }
  // Verification reads the stored bytes themselves: never cached.
  auto verify = Get("/api/v1/verify");
  EXPECT_TRUE(verify->get_header_value("ETag").empty());
  EXPECT_EQ(verify->get_header_value("Cache-Control"), "no-store");
}

// A response's top-level shape against the schema the document declares.
void ExpectShape(const json& doc, json schema, const json& value, const std::string& where) {
  if (schema.contains("$ref")) {
    const std::string ref = schema.at("$ref");
    schema = doc.at(json::json_pointer(ref.substr(1)));
  }
  const std::string type = schema.at("type");
  if (type == "object") {
    ASSERT_TRUE(value.is_object()) << where;
    for (const json& key : schema.value("required", json::array())) {
      EXPECT_TRUE(value.contains(key.get<std::string>())) << where << " lacks " << key;
    }
  } else if (type == "array") {
    ASSERT_TRUE(value.is_array()) << where;
    if (!value.empty() && schema.contains("items"))
      ExpectShape(doc, schema.at("items"), value.at(0), where + "[0]");
  }
}

TEST_F(ServerTest, TheOpenApiDocumentListsExactlyTheRoutesAndTheirShapes) {
  auto res = Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const json doc = Json(res);
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").items()) documented.insert(path);
  const auto registered_list = WebServer::ApiPaths();
  const std::set<std::string> registered(registered_list.begin(), registered_list.end());
  EXPECT_EQ(registered, documented);
  // A person and the election that seated them, from the Congress's first
  // seat's trace.
  const json trace = Json(Get("/api/v1/trace/congress:rsfsr/1"));
  const std::int64_t person = trace.at("chain").at(0).at("person");
  const std::int64_t election = trace.at("chain").at(0).at("election").at("seq");
  // One concrete request per route; each 200 validates against its schema.
  const std::map<std::string, std::string> sample = {
      {"/api/v1/openapi.json", "/api/v1/openapi.json"},
      {"/api/v1/bodies", "/api/v1/bodies"},
      {"/api/v1/bodies/{id}", "/api/v1/bodies/congress:rsfsr"},
      {"/api/v1/trace/{body}/{seat}", "/api/v1/trace/congress:rsfsr/1"},
      {"/api/v1/journal", "/api/v1/journal?from=0&limit=3"},
      {"/api/v1/journal/{seq}", "/api/v1/journal/5"},
      {"/api/v1/verify", "/api/v1/verify"},
      {"/api/v1/persons/{id}", "/api/v1/persons/" + std::to_string(person)},
      {"/api/v1/elections/{seq}", "/api/v1/elections/" + std::to_string(election)},
      {"/api/v1/bodies/{id}/roles", "/api/v1/bodies/congress:rsfsr/roles"},
  };
  // Tested with a session and as a stream (accounts_test.cc).
  const std::set<std::string> not_sampled = {"/api/v1/session", "/api/v1/events"};
  for (const std::string& path : registered) {
    if (not_sampled.count(path)) continue;
    ASSERT_TRUE(sample.count(path)) << "no sample request for " << path;
    auto got = Get(sample.at(path));
    ASSERT_TRUE(got) << path;
    ASSERT_EQ(got->status, 200) << path;
    const json& responses = doc.at("paths").at(path).at("get").at("responses");
    ExpectShape(doc, responses.at("200").at("content").at("application/json").at("schema"),
                Json(got), path);
  }
  // Errors validate against the Problem schema.
  ExpectShape(doc, doc.at("components").at("schemas").at("Problem"),
              Json(Get("/api/v1/bodies/x:y")), "problem");
}

TEST_F(ServerTest, BodiesOverTheLimitAreRefusedAndOnlyGetIsServed) {
  auto client = Client();
  auto big = client.Post("/api/v1/bodies", std::string(64 * 1024, 'x'), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  ExpectSecurityHeaders(big, "413");
  auto post = client.Post("/api/v1/bodies", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Content-Type"), "application/problem+json");
}

TEST_F(ServerTest, StaticFilesCannotReachOutsideTheEmbeddedSet) {
  for (const char* path :
       {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2fetc%2fpasswd",
        "/static/../templates/header.mustache", "/static/", "/static/nothing.css",
        "/../../etc/passwd"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_GE(res->status, 400) << path;
    EXPECT_LT(res->status, 500) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("{{"), std::string::npos) << path;
  }
  auto css = Get("/static/sovet.css");
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(ServerTest, NothingARequestSendsReachesAResponseHeader) {
  for (const char* path :
       {"/bodies/x%0d%0aSet-Cookie:%20a=b", "/api/v1/bodies/x%0d%0aSet-Cookie:%20a=b",
        "/journal?from=1%0d%0aSet-Cookie:%20a=b"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_FALSE(res->has_header("Set-Cookie")) << path;
    for (const auto& [name, value] : res->headers) {
      EXPECT_EQ(value.find('\n'), std::string::npos) << path;
      EXPECT_EQ(value.find("a=b"), std::string::npos) << path;
    }
  }
}

TEST_F(ServerTest, ASlowClientIsCutOffAfterTheReadTimeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string partial = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // never finished
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  timeval wait{.tv_sec = 10, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  const auto start = std::chrono::steady_clock::now();
  char buffer[4096];
  ssize_t got;
  std::string reply;
  while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0) reply.append(buffer, got);
  const auto waited = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_EQ(got, 0) << "the server should close the connection";
  EXPECT_LT(waited, std::chrono::seconds(8));
  EXPECT_EQ(reply.find("200 OK"), std::string::npos);
}

TEST(ServePostgres, ServesAJournalInPostgreSql) {
  testing::PgSchema schema;
  SOVET_REQUIRE_PG_OR_SKIP(schema);
  testing::TempDir dir;
  const std::string url = schema.url();
  const std::string quoted = "'" + url + "'";
  const testing::CommandRun demo = Sovet(kDemo + quoted + " --key " + dir.File("node.key"), true);
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  ServeOptions options;
  options.db = url;
  options.port = 0;
  auto server = WebServer::Start(options);
  ASSERT_TRUE(server) << server.error().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_read_timeout(30, 0);
  auto page = client.Get("/bodies/congress:rsfsr");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_FALSE(page->get_header_value("ETag").empty());
  auto api = client.Get("/api/v1/bodies/congress:rsfsr");
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200);
  const testing::CommandRun cli =
      Sovet("report --format json --body congress:rsfsr --db " + quoted, false);
  ASSERT_EQ(cli.exit_code, 0);
  EXPECT_EQ(json::parse(api->body), json::parse(cli.out));
  auto verify = client.Get("/api/v1/verify");
  ASSERT_TRUE(verify);
  EXPECT_EQ(verify->status, 200) << verify->body;
  (*server)->Stop();
}

TEST_F(ServerTest, WhatARequestNamesIsEscapedInThePage) {
  for (const char* path :
       {"/bodies/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/bodies/x%22%3E%3Cimg%20src=x%3E",
        "/bodies/%3Cscript%3E", "/bodies?kind=%3Cscript%3E", "/trace/%3Cscript%3E/1"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_TRUE(OnlyStaticScripts(res->body)) << path;
    EXPECT_EQ(res->body.find("<img"), std::string::npos) << path;
  }
  // The API names the body as it was asked, in JSON that no browser renders.
  auto api = Get("/api/v1/bodies/%3Cscript%3E");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(api->get_header_value("X-Content-Type-Options"), "nosniff");
}

// Every unescaped insertion in a template is the hemicycle, which escapes
// its own text; anything else would let stored text into the markup.
TEST(ServeTemplates, OnlyTheChartIsInsertedUnescaped) {
  int templates = 0;
  for (const server::EmbeddedFile& file : server::EmbeddedFiles()) {
    if (!file.name.starts_with("templates/")) continue;
    ++templates;
    const std::string text(file.content);
    for (std::size_t at = text.find("{{{"); at != std::string::npos;
         at = text.find("{{{", at + 1)) {
      EXPECT_EQ(text.compare(at, 9, "{{{svg}}}"), 0) << file.name << ": " << text.substr(at, 30);
    }
    EXPECT_EQ(text.find("{{&"), std::string::npos) << file.name;
    EXPECT_TRUE(OnlyStaticScripts(text)) << file.name;
    EXPECT_EQ(text.find("style="), std::string::npos) << file.name;
  }
  EXPECT_GE(templates, 8);
  EXPECT_NE(server::FindEmbedded("api/openapi.json"), nullptr);
  EXPECT_NE(server::FindEmbedded("static/sovet.css"), nullptr);
  EXPECT_EQ(server::FindEmbedded("static/../api/openapi.json"), nullptr);
}

TEST(ServeFresh, AJournalWithoutACycleStillShowsItsActs) {
  testing::TempDir dir;
  const std::string url = "sqlite:" + dir.File("fresh.db");
  ASSERT_EQ(Sovet("init --db " + url).exit_code, 0);
  ServeOptions options;
  options.db = url;
  options.port = 0;
  auto server = WebServer::Start(options);
  ASSERT_TRUE(server) << server.error().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("records no council cycle yet"), std::string::npos);
  EXPECT_NE(page->body.find("journal.genesis"), std::string::npos);
  auto api = client.Get("/api/v1/bodies");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 409);
  EXPECT_NE(json::parse(api->body).at("detail").get<std::string>().find("records no council cycle"),
            std::string::npos);
  EXPECT_EQ(client.Get("/verify")->status, 200);
  (*server)->Stop();
}

TEST(ServeOptions, ListenAddressesParse) {
  ServeOptions options;
  ASSERT_TRUE(ParseListen("127.0.0.1:0", options));
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 0);
  ASSERT_TRUE(ParseListen("[::1]:8081", options));
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 8081);
  for (const char* bad : {"", "8080", ":8080", "host:", "host:65536", "host:-1", "host:80x"}) {
    auto parsed = ParseListen(bad, options);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().where().field, "--listen");
  }
}

// Flips the last byte of one entry in the SQLite file, as an attacker with
// write access to the file would.
void Tamper(const std::string& path, std::int64_t seq) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT entry FROM journal WHERE seq = ?", -1, &read, nullptr),
            SQLITE_OK);
  sqlite3_bind_int64(read, 1, seq);
  ASSERT_EQ(sqlite3_step(read), SQLITE_ROW);
  std::string bytes(static_cast<const char*>(sqlite3_column_blob(read, 0)),
                    sqlite3_column_bytes(read, 0));
  sqlite3_finalize(read);
  bytes.back() = static_cast<char>(bytes.back() ^ 0x01);
  sqlite3_stmt* write = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "UPDATE journal SET entry = ? WHERE seq = ?", -1, &write, nullptr),
      SQLITE_OK);
  sqlite3_bind_blob(write, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(write, 2, seq);
  ASSERT_EQ(sqlite3_step(write), SQLITE_DONE);
  sqlite3_finalize(write);
  sqlite3_close(db);
}

TEST(ServeTampered, VerifyNamesTheFirstBadEntry) {
  testing::TempDir dir;  // removed however the test ends
  const std::string path = dir.File("demo.db");
  ASSERT_EQ(Sovet(kDemo + "sqlite:" + path).exit_code, 0);
  Tamper(path, 100);
  ServeOptions options;
  options.db = "sqlite:" + path;
  options.port = 0;
  auto server = WebServer::Start(options);
  ASSERT_TRUE(server) << server.error().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_read_timeout(30, 0);
  auto page = client.Get("/verify");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("FAILED at <a href=\"/journal/100\">entry 100</a>"), std::string::npos)
      << page->body;
  auto api = client.Get("/api/v1/verify");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 409);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/problem+json");
  const json problem = json::parse(api->body);
  EXPECT_NE(problem.at("detail").get<std::string>().find("entry 100"), std::string::npos)
      << api->body;
  const testing::CommandRun cli = Sovet("verify --db sqlite:" + path, true);
  EXPECT_EQ(cli.exit_code, 3);
  EXPECT_EQ(cli.out, "sovet: error: " + problem.at("detail").get<std::string>() + "\n");
  (*server)->Stop();
}

TEST(ServeShutdown, RequestsInFlightFinishWhenTheServerStops) {
  testing::TempDir dir;  // removed however the test ends
  const std::string path = dir.File("demo.db");
  ASSERT_EQ(Sovet(kDemo + "sqlite:" + path).exit_code, 0);
  ServeOptions options;
  options.db = "sqlite:" + path;
  options.port = 0;
  auto server = WebServer::Start(options);
  ASSERT_TRUE(server);
  const int port = (*server)->port();
  std::atomic<int> complete{0}, broken{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      while (!stop) {
        httplib::Client client("127.0.0.1", port);
        auto res = client.Get("/verify");  // uncached: verifies the whole chain
        if (!res) break;                   // refused: the server has stopped accepting
        if (res->status == 200 && res->body.find("</html>") != std::string::npos) {
          ++complete;
        } else {
          ++broken;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  (*server)->Stop();
  stop = true;
  for (auto& thread : clients) thread.join();
  EXPECT_GT(complete.load(), 0);
  EXPECT_EQ(broken.load(), 0);
  httplib::Client after("127.0.0.1", port);
  EXPECT_FALSE(after.Get("/"));
}

}  // namespace
}  // namespace sovet
