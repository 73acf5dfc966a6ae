// Sign-in, sessions, the write routes and the event stream of `sovet serve`
// (server/interactive.h; doc/web.md).
#include "server/interactive.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "journal/act_input.h"
#include "server/forms.h"
#include "server/html.h"
#include "server/pages.h"
#include "server/write_route.h"
#include "sovet/accounts.h"
#include "sovet/cycle_schema.h"
#include "sovet/roles.h"

namespace sovet::server {

using nlohmann::json;

namespace {

constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kJson[] = "application/json";
constexpr char kProblem[] = "application/problem+json";
constexpr char kSessionCookie[] = "sovet_session";
constexpr char kLoginCookie[] = "sovet_login";
constexpr char kCsrfField[] = "csrf";
constexpr char kCsrfHeader[] = "X-CSRF-Token";
constexpr std::int64_t kEventBatch = 200;
constexpr auto kKeepAlive = std::chrono::seconds(15);

bool IsApi(const std::string& path) { return path.rfind("/api/", 0) == 0; }

const char* Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

bool HasContentType(const httplib::Request& req, std::string_view type) {
  const std::string header = req.get_header_value("Content-Type");
  std::string_view value(header);
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.size() != type.size()) return false;
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    if (std::tolower(static_cast<unsigned char>(value[idx])) != type[idx]) return false;
  }
  return true;
}

// Where to go after signing in: a path on this site only (never "//host"
// or a scheme), else the country page.
std::string SafeNext(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.size() > 512 ||
      (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) {
    return "/";
  }
  for (const char c : next) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7F || c == '\\') return "/";
  }
  return next;
}

}  // namespace

Interactive::Interactive(const ServeOptions& options, CycleSource& source)
    : options_(options),
      source_(source),
      sessions_(options.session_ttl),
      by_account_(options.login_attempts, options.login_window),
      by_address_(4 * options.login_attempts, options.login_window),
      writer_(options.db, options.key_path) {}

Interactive::~Interactive() { Stop(); }

// ---- responses ----------------------------------------------------------------

namespace {

void SendProblem(const httplib::Request& req, httplib::Response& res, int status,
                 const std::string& detail, const std::string& account_html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  if (IsApi(req.path)) {
    json problem = {{"type", status == 403 || status == 401 || status == 429
                                 ? fmt::format("https://sovet.invalid/problems/{}", status)
                                 : std::string("about:blank")},
                    {"title", Reason(status)},
                    {"status", status},
                    {"detail", detail}};
    res.set_content(problem.dump(2) + "\n", kProblem);
  } else {
    std::string page = ErrorPage(status, Reason(status), detail);
    const auto at = page.find(kAccountMarker);
    if (at != std::string::npos) page.replace(at, kAccountMarker.size(), account_html);
    res.set_content(page, kHtml);
  }
}

void SendStatus(const httplib::Request& req, httplib::Response& res, const Status& status,
                const std::string& account_html) {
  const int http = HttpStatus(status.code());
  if (IsApi(req.path)) {
    res.status = http;
    res.set_header("Cache-Control", "no-store");
    json problem = {{"type", fmt::format("https://sovet.invalid/problems/{}",
                                         CodeName(status.code()))},
                    {"title", Reason(http)},
                    {"status", http},
                    {"detail", status.ToString()}};
    res.set_content(problem.dump(2) + "\n", kProblem);
  } else {
    SendProblem(req, res, http, status.ToString(), account_html);
  }
}

}  // namespace

std::string Interactive::FillAccount(std::string html, const std::optional<Session>& session) const {
  const auto at = html.find(kAccountMarker);
  if (at == std::string::npos) return html;
  std::string part;
  if (session) {
    part = fmt::format(
        "<span class=\"account\">Signed in as <strong>{}</strong></span>"
        "<form class=\"signout\" method=\"post\" action=\"/logout\">"
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
        "<button type=\"submit\">Sign out</button></form>",
        HtmlEscape(session->account), HtmlEscape(session->csrf));
  } else {
    part = "<a class=\"account\" href=\"/login\">Sign in</a>";
  }
  html.replace(at, kAccountMarker.size(), part);
  return html;
}

std::optional<Session> Interactive::SessionOf(const httplib::Request& req) {
  if (!req.has_header("Cookie")) return std::nullopt;
  auto token = FindCookie(req.get_header_value("Cookie"), kSessionCookie);
  if (!token || token->size() != 64) return std::nullopt;
  return sessions_.Find(*token);
}

std::string Interactive::SessionCookie(const std::string& token, std::int64_t max_age) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kSessionCookie,
                     token, max_age, options_.secure_cookies ? "; Secure" : "");
}

// ---- signing in -------------------------------------------------------------------

Interactive::SignIn Interactive::CheckSignIn(const std::string& name, const std::string& password,
                                             const std::string& address) {
  const std::string account_key = "account:" + name;
  const std::string address_key = "address:" + address;
  const std::int64_t wait =
      std::max(by_account_.RetryAfter(account_key), by_address_.RetryAfter(address_key));
  if (wait > 0) {
    return {429,
            fmt::format("too many failed sign-ins for this account or from this address; try "
                        "again in {} seconds",
                        wait),
            wait};
  }
  // A hash to check against when the account does not exist, so that a
  // wrong name costs as long as a wrong password.
  static const std::string kDummy = HashPassword("not-a-password-of-anyone").value_or("");
  std::optional<Account> account;
  if (CheckAccountName(name)) {
    auto store = AccountStore::Open(options_.db);
    if (!store) return {HttpStatus(store.error().code()), store.error().ToString(), 0};
    auto found = (*store)->Find(name);
    if (!found) return {HttpStatus(found.error().code()), found.error().ToString(), 0};
    account = std::move(*found);
  }
  const bool ok = account ? CheckPassword(account->password_hash, password)
                          : (CheckPassword(kDummy, password), false);
  if (!ok) {
    by_account_.Fail(account_key);
    by_address_.Fail(address_key);
    return {401, "the account name or the password is wrong", 0};
  }
  by_account_.Succeed(account_key);
  return {};
}

void Interactive::LoginPage(const httplib::Request& req, httplib::Response& res, int status,
                            const std::string& error) {
  // Signing in is itself protected from cross-site forms: the form carries
  // a token that must equal the one in this (SameSite=Strict) cookie.
  std::string token;
  if (req.has_header("Cookie")) {
    token = FindCookie(req.get_header_value("Cookie"), kLoginCookie).value_or("");
  }
  if (token.size() != 64) {
    token = RandomToken();
    res.set_header("Set-Cookie",
                   fmt::format("{}={}; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict{}",
                               kLoginCookie, token, options_.secure_cookies ? "; Secure" : ""));
  }
  const std::string next =
      SafeNext(req.has_param("next") ? req.get_param_value("next") : std::string("/"));
  mstch::map context{{"csrf", token},
                     {"next", next},
                     {"name", req.has_param("name") ? req.get_param_value("name") : std::string()},
                     {"has_error", !error.empty()},
                     {"error", error}};
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(FillAccount(RenderPage("login", "Sign in", std::move(context)), SessionOf(req)),
                  kHtml);
}

void Interactive::Login(const httplib::Request& req, httplib::Response& res) {
  if (!HasContentType(req, "application/x-www-form-urlencoded")) {
    SendProblem(req, res, 415, "a sign-in form is application/x-www-form-urlencoded",
                FillAccount(std::string(kAccountMarker), std::nullopt));
    return;
  }
  auto fields = ParseForm(req.body);
  if (!fields) {
    SendStatus(req, res, fields.error(), FillAccount(std::string(kAccountMarker), std::nullopt));
    return;
  }
  const std::string cookie =
      req.has_header("Cookie")
          ? FindCookie(req.get_header_value("Cookie"), kLoginCookie).value_or("")
          : std::string();
  auto& params = const_cast<httplib::Request&>(req).params;
  params.emplace("next", Field(*fields, "next"));
  params.emplace("name", Field(*fields, "name"));
  if (!SameToken(cookie, Field(*fields, kCsrfField))) {
    LoginPage(req, res, 403,
              "the sign-in form's CSRF token is missing or wrong; sign in from this form again");
    return;
  }
  SignIn result = CheckSignIn(Field(*fields, "name"), Field(*fields, "password"), req.remote_addr);
  if (result.status != 200) {
    if (result.retry_after > 0) res.set_header("Retry-After", std::to_string(result.retry_after));
    LoginPage(req, res, result.status, result.error);
    return;
  }
  const std::string token = sessions_.Create(Field(*fields, "name"));
  res.set_header("Set-Cookie", SessionCookie(token, options_.session_ttl.count()));
  res.status = 303;
  res.set_header("Location", SafeNext(Field(*fields, "next")));
  res.set_header("Cache-Control", "no-store");
}

void Interactive::ApiLogin(const httplib::Request& req, httplib::Response& res) {
  // JSON only: a cross-site page cannot send it without a preflight this
  // server never grants, so it needs no token of its own.
  const std::string none = FillAccount(std::string(kAccountMarker), std::nullopt);
  if (!HasContentType(req, "application/json")) {
    SendProblem(req, res, 415, "expected application/json: {\"name\": ..., \"password\": ...}",
                none);
    return;
  }
  json input = json::parse(req.body, nullptr, false);
  if (input.is_discarded() || !input.is_object() || !input.contains("name") ||
      !input.contains("password") || !input["name"].is_string() ||
      !input["password"].is_string() || input.size() != 2) {
    SendProblem(req, res, 400,
                "expected a JSON object {\"name\": TEXT, \"password\": TEXT} and nothing else",
                none);
    return;
  }
  const std::string name = input["name"];
  SignIn result = CheckSignIn(name, input["password"], req.remote_addr);
  if (result.status != 200) {
    if (result.retry_after > 0) res.set_header("Retry-After", std::to_string(result.retry_after));
    SendProblem(req, res, result.status, result.error, none);
    return;
  }
  const std::string token = sessions_.Create(name);
  res.set_header("Set-Cookie", SessionCookie(token, options_.session_ttl.count()));
  const auto session = sessions_.Find(token);
  res.status = 201;
  res.set_header("Cache-Control", "no-store");
  res.set_content(json{{"account", name}, {"csrf", session ? session->csrf : ""}}.dump() + "\n",
                  kJson);
}

void Interactive::Logout(const httplib::Request& req, httplib::Response& res) {
  const auto session = SessionOf(req);
  std::string csrf = req.get_header_value(kCsrfHeader);
  if (HasContentType(req, "application/x-www-form-urlencoded")) {
    auto fields = ParseForm(req.body);
    if (fields) csrf = Field(*fields, kCsrfField);
  }
  if (session && !SameToken(csrf, session->csrf)) {
    SendProblem(req, res, 403, "the CSRF token is missing or wrong; reload the page and try again",
                FillAccount(std::string(kAccountMarker), session));
    return;
  }
  if (session) {
    sessions_.Remove(FindCookie(req.get_header_value("Cookie"), kSessionCookie).value_or(""));
  }
  res.set_header("Set-Cookie", SessionCookie("", 0));
  res.set_header("Cache-Control", "no-store");
  res.status = 303;
  res.set_header("Location", "/");
}

// ---- the write routes -----------------------------------------------------------------

std::vector<Interactive::WriteRouteDef> Interactive::WriteRouteDefs(Interactive* self) {
  // Grant or revoke a role on the body: fields account, role, action.
  auto roles = [self](WriteRequest& request) -> Result<Appended> {
    const std::string account = Field(request.fields, "account");
    const std::string role = Field(request.fields, "role");
    const std::string action = Field(request.fields, "action");
    for (const auto& [key, value] : request.fields) {
      if (key != "account" && key != "role" && key != "action") {
        return Error(Status::InvalidInput(
            fmt::format("unknown field \"{}\"; expected account, role, action", key),
            SourceLocation{.field = key}));
      }
    }
    if (action != "grant" && action != "revoke") {
      return Error(Status::InvalidInput("expected \"grant\" or \"revoke\"", {.field = "action"}));
    }
    SOVET_CHECK_OK(CheckAccountName(account, "account"));
    if (!IsRoleName(role)) {
      return Error(Status::InvalidInput(
          "expected admin, electoral_commission, mandates_commission or secretary",
          {.field = "role"}));
    }
    {
      SOVET_TRY(auto store, AccountStore::Open(self->options_.db));
      SOVET_TRY(auto found, store->Find(account));
      if (!found) {
        return Error(Status::NotFound(
            fmt::format("no account \"{}\" (the operator adds accounts: sovet user add)", account),
            {.field = "account"}));
      }
    }
    Act act{.kind = action == "grant" ? schema::kRoleGrantKind : schema::kRoleRevokeKind,
            .body = request.body,
            .fields = {}};
    act.fields[schema::field::kAccount] = Value::Text(account);
    act.fields[schema::field::kRole] = Value::Text(role);
    act.fields[schema::field::kBy] = Value::Text(request.session.account);
    return self->writer_.Execute(act);
  };
  auto roles_page = [](const WriteRequest& request) {
    return fmt::format("/bodies/{}/roles", UrlSegment(request.body));
  };
  std::vector<WriteRouteDef> routes = {
      {"", "/bodies/([^/]+)/roles", "admin", roles, roles_page, nullptr},
      {"/api/v1/bodies/{id}/roles", "/api/v1/bodies/([^/]+)/roles", "admin", roles, roles_page,
       nullptr},
  };
  for (WriteRouteDef& route : CouncilRouteDefs(self)) routes.push_back(std::move(route));
  return routes;
}

void Interactive::HandleWrite(const WriteRouteDef& route, const httplib::Request& req,
                              httplib::Response& res) {
  const bool api = IsApi(req.path);
  const auto session = SessionOf(req);
  const std::string account_html = FillAccount(std::string(kAccountMarker), session);
  if (!session) {
    if (api) {
      SendProblem(req, res, 401,
                  "sign in first (POST /api/v1/session, or the form at /login): this route "
                  "writes",
                  account_html);
    } else {
      res.status = 303;
      res.set_header("Location", "/login?next=" + UrlSegment(req.path));
    }
    return;
  }
  WriteRequest request{req, req.matches[1].str(), *session, {}};
  std::string csrf;
  if (api) {
    if (!HasContentType(req, "application/json")) {
      SendProblem(req, res, 415, "expected application/json", account_html);
      return;
    }
    json input = json::parse(req.body, nullptr, false);
    if (input.is_discarded() || !input.is_object()) {
      SendProblem(req, res, 400, "expected a JSON object of text fields", account_html);
      return;
    }
    for (const auto& [key, value] : input.items()) {
      if (!value.is_string()) {
        SendProblem(req, res, 400, fmt::format("field \"{}\": expected a text", key),
                    account_html);
        return;
      }
      request.fields[key] = value.get<std::string>();
    }
    csrf = req.get_header_value(kCsrfHeader);
  } else {
    if (!HasContentType(req, "application/x-www-form-urlencoded")) {
      SendProblem(req, res, 415, "a form is application/x-www-form-urlencoded", account_html);
      return;
    }
    auto fields = ParseForm(req.body);
    if (!fields) {
      SendStatus(req, res, fields.error(), account_html);
      return;
    }
    request.fields = std::move(*fields);
    csrf = Field(request.fields, kCsrfField);
    request.fields.erase(kCsrfField);
  }
  if (!SameToken(csrf, session->csrf)) {
    SendProblem(req, res, 403,
                api ? "the X-CSRF-Token header is missing or wrong (GET /api/v1/session gives "
                      "the session's token)"
                    : "the form's CSRF token is missing or wrong; reload the page and send it "
                      "again",
                account_html);
    return;
  }
  auto holds = source_.HoldsRole(session->account, route.role, request.body);
  if (!holds) {
    SendStatus(req, res, holds.error(), account_html);
    return;
  }
  if (!*holds) {
    SendProblem(req, res, 403,
                fmt::format("account \"{}\" does not hold {} on {}, which this needs (SYSTEM.md "
                            "§10: authority follows the state)",
                            session->account, route.role, request.body),
                account_html);
    return;
  }
  auto appended = route.handler(request);
  if (!appended) {
    if (!api && route.refused) {
      // The form's own page again, the rule's message above the form.
      route.refused(this, req, res, HttpStatus(appended.error().code()),
                    appended.error().ToString());
      res.set_header("Cache-Control", "no-store");
      return;
    }
    SendStatus(req, res, appended.error(), account_html);
    return;
  }
  res.set_header("Cache-Control", "no-store");
  if (api) {
    res.status = 201;
    res.set_content(
        json{{"seq", appended->seq}, {"hash", HexEncode(appended->hash)}}.dump() + "\n", kJson);
  } else {
    res.status = 303;
    res.set_header("Location", route.after(request));
  }
}

// ---- the roles of a body ----------------------------------------------------------------

void Interactive::RolesPage(const httplib::Request& req, httplib::Response& res) {
  const std::string body = req.matches[1].str();
  const auto session = SessionOf(req);
  const std::string account_html = FillAccount(std::string(kAccountMarker), session);
  auto report = source_.Body(body);
  if (!report) {
    SendStatus(req, res, report.error(), account_html);
    return;
  }
  auto roles = source_.Roles(body);
  if (!roles) {
    SendStatus(req, res, roles.error(), account_html);
    return;
  }
  bool admin = false;
  for (const RoleRow& row : *roles) {
    admin = admin || (session && row.account == session->account && row.role == "admin");
  }
  const std::string csrf = session ? session->csrf : std::string();
  mstch::array rows;
  for (const RoleRow& row : *roles) {
    rows.push_back(mstch::map{{"account", row.account},
                              {"role", row.role},
                              {"seq", std::to_string(row.seq)},
                              {"entry_href", fmt::format("/journal/{}", row.seq)},
                              {"by", row.by.empty() ? std::string("the operator") : row.by},
                              {"admin", admin},
                              {"csrf", csrf}});
  }
  mstch::array options;
  for (std::string_view role : kRoleNames) options.push_back(mstch::map{{"name", std::string(role)}});
  mstch::map context{{"body", body},
                     {"body_href", "/bodies/" + UrlSegment(body)},
                     {"action", "/bodies/" + UrlSegment(body) + "/roles"},
                     {"roles", std::move(rows)},
                     {"has_roles", !roles->empty()},
                     {"signed_in", session.has_value()},
                     {"admin", admin},
                     {"csrf", csrf},
                     {"login_href", "/login?next=" + UrlSegment(req.path)},
                     {"role_options", std::move(options)}};
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      FillAccount(RenderPage("roles", fmt::format("Roles on {}", body), std::move(context)),
                  session),
      kHtml);
}

// ---- the event stream ----------------------------------------------------------------------

void Interactive::OnHead(const JournalHead& head) {
  {
    std::lock_guard lock(events_mutex_);
    head_seq_ = head.seq;
  }
  events_wake_.notify_all();
}

void Interactive::Stop() {
  {
    std::lock_guard lock(events_mutex_);
    stopping_ = true;
  }
  events_wake_.notify_all();
}

void Interactive::Events(const httplib::Request& req, httplib::Response& res) {
  // Where to start: after Last-Event-ID (a reconnecting EventSource), at
  // ?from=SEQ, or after the present head.
  std::int64_t next = -1;
  for (const auto& [name, after] : {std::pair<const char*, int>{"Last-Event-ID", 1}}) {
    if (!req.has_header(name)) continue;
    const std::string text = req.get_header_value(name);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= 0) next = value + after;
  }
  if (next < 0 && req.has_param("from")) {
    const std::string text = req.get_param_value("from");
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
      SendStatus(req, res,
                 Status::InvalidInput("expected an integer >= 0", SourceLocation{.field = "from"}),
                 "");
      return;
    }
    next = value;
  }
  if (next < 0) {
    auto head = source_.Head();
    if (!head) {
      SendStatus(req, res, head.error(), "");
      return;
    }
    next = head->seq + 1;
  }
  if (streams_.fetch_add(1) >= options_.event_streams) {
    streams_.fetch_sub(1);
    res.set_header("Retry-After", "5");
    SendProblem(req, res, 503,
                fmt::format("{} event streams are open, the most this server keeps", options_.event_streams),
                "");
    return;
  }
  res.set_header("Cache-Control", "no-store");
  auto cursor = std::make_shared<std::int64_t>(next);
  auto opened = std::make_shared<bool>(false);
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, cursor, opened](std::size_t, httplib::DataSink& sink) {
        if (!*opened) {
          *opened = true;
          const std::string hello = ": sovet journal appends\nretry: 2000\n\n";
          return sink.write(hello.data(), hello.size());
        }
        {
          std::unique_lock lock(events_mutex_);
          events_wake_.wait_for(lock, kKeepAlive,
                                [&] { return stopping_ || head_seq_ >= *cursor; });
          if (stopping_) {
            sink.done();
            return true;
          }
        }
        auto entries = source_.Read(*cursor, kEventBatch);
        std::string out;
        if (!entries || entries->empty()) {
          out = ": keep-alive\n\n";
        } else {
          for (const Entry& entry : *entries) {
            const json data = {{"seq", entry.seq},
                               {"time", journal::FormatTimeNs(entry.time_ns)},
                               {"kind", entry.kind},
                               {"body", entry.body},
                               {"hash", HexEncode(entry.hash)}};
            out += fmt::format("id: {}\nevent: append\ndata: {}\n\n", entry.seq,
                               data.dump(-1, ' ', false, json::error_handler_t::replace));
            *cursor = entry.seq + 1;
          }
        }
        return sink.write(out.data(), out.size());
      },
      [this](bool) { streams_.fetch_sub(1); });
}

// ---- registration ----------------------------------------------------------------------------

void Interactive::Register(httplib::Server& http) {
  http.Get("/login", [this](const httplib::Request& req, httplib::Response& res) {
    LoginPage(req, res, 200, "");
  });
  http.Post("/login",
            [this](const httplib::Request& req, httplib::Response& res) { Login(req, res); });
  http.Post("/logout",
            [this](const httplib::Request& req, httplib::Response& res) { Logout(req, res); });
  http.Get("/bodies/([^/]+)/roles",
           [this](const httplib::Request& req, httplib::Response& res) { RolesPage(req, res); });
  http.Get("/api/v1/bodies/([^/]+)/roles",
           [this](const httplib::Request& req, httplib::Response& res) {
             const std::string body = req.matches[1].str();
             auto report = source_.Body(body);
             auto roles = report ? source_.Roles(body) : Result<std::vector<RoleRow>>(
                                                             Error(report.error()));
             if (!roles) {
               SendStatus(req, res, roles.error(), "");
               return;
             }
             json list = json::array();
             for (const RoleRow& row : *roles) {
               list.push_back(
                   {{"account", row.account}, {"role", row.role}, {"seq", row.seq}, {"by", row.by}});
             }
             res.set_header("Cache-Control", "no-cache");
             res.set_content(json{{"body", body}, {"roles", list}}.dump() + "\n", kJson);
           });
  http.Get("/api/v1/session", [this](const httplib::Request& req, httplib::Response& res) {
    const auto session = SessionOf(req);
    if (!session) {
      SendProblem(req, res, 401, "not signed in (POST /api/v1/session signs in)", "");
      return;
    }
    json held = json::array();
    auto roles = source_.Roles("", session->account);
    if (roles) {
      for (const RoleRow& row : *roles) held.push_back({{"role", row.role}, {"body", row.body}});
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        json{{"account", session->account}, {"csrf", session->csrf}, {"roles", held}}.dump() +
            "\n",
        kJson);
  });
  http.Post("/api/v1/session",
            [this](const httplib::Request& req, httplib::Response& res) { ApiLogin(req, res); });
  http.Get("/api/v1/events",
           [this](const httplib::Request& req, httplib::Response& res) { Events(req, res); });
  RegisterCouncil(http);
  for (WriteRouteDef& route : WriteRouteDefs(this)) {
    http.Post(route.pattern, [this, route](const httplib::Request& req, httplib::Response& res) {
      HandleWrite(route, req, res);
    });
  }
}

std::vector<std::string> Interactive::ApiPaths() {
  std::vector<std::string> paths = {"/api/v1/bodies/{id}/roles", "/api/v1/session",
                                    "/api/v1/events"};
  for (const WriteRouteDef& route : WriteRouteDefs(nullptr)) {
    if (!route.openapi_path.empty() &&
        std::find(paths.begin(), paths.end(), route.openapi_path) == paths.end()) {
      paths.push_back(route.openapi_path);
    }
  }
  return paths;
}

std::vector<WebServer::WriteRoute> Interactive::WriteRoutes() {
  std::vector<WebServer::WriteRoute> out;
  for (const WriteRouteDef& route : WriteRouteDefs(nullptr)) {
    out.push_back({route.pattern, route.role});
  }
  return out;
}

}  // namespace sovet::server
