// `sovet serve`: routes, caching by journal position, errors and hardening
// over cpp-httplib (include/sovet/server.h).
#include "sovet/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <zlib.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <functional>
#include <map>
#include <shared_mutex>
#include <thread>

#include "journal/act_input.h"
#include "server/cycle_source.h"
#include "server/embedded.h"
#include "server/interactive.h"
#include "server/pages.h"

namespace sovet {
namespace {

using nlohmann::json;
using server::CycleSource;
using server::JournalHead;

constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kJson[] = "application/json";
constexpr char kProblem[] = "application/problem+json";
// Responses kept per journal position; past this many the cache starts over,
// so arbitrary query strings cannot grow it without bound.
constexpr std::size_t kCacheEntries = 4096;
constexpr std::int64_t kApiJournalLimit = 1000;

struct Rendered {
  std::string body;
  const char* content_type = kHtml;
};

// A cached response, with its gzip form made once (empty when too small to
// be worth it).
struct Cached {
  std::string body;
  const char* content_type = kHtml;
  std::string gzip;
  std::string marked;  // a page as rendered, its account marker kept (server/interactive.h)
};

std::string Gzip(const std::string& data) {
  if (data.size() < 1024) return {};
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? out : std::string();
}

// The codings of Accept-Encoding, without parameters.
bool Accepts(const httplib::Request& req, std::string_view coding) {
  const std::string header = req.get_header_value("Accept-Encoding");
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string_view item(header.data() + start, end - start);
    item = item.substr(0, item.find(';'));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == coding) return true;
    start = end + 1;
  }
  return false;
}

// httplib compresses a response by the request's Accept-Encoding, anew on
// every request and brotli at its slowest quality (half a second for a
// large page). So "br" is hidden from it on every request, and "gzip" where
// the server sends its own cached gzip. The request object is the server's
// own, non-const, passed to handlers as const.
void HideCodings(const httplib::Request& req, bool gzip_too) {
  auto& headers = const_cast<httplib::Request&>(req).headers;
  auto it = headers.find("Accept-Encoding");
  if (it == headers.end()) return;
  std::string kept;
  for (const char* coding : {"deflate", "gzip"}) {
    if (std::string_view(coding) == "gzip" && gzip_too) continue;
    if (Accepts(req, coding)) kept += kept.empty() ? coding : std::string(", ") + coding;
  }
  it->second = kept;
}

// A route: the OpenAPI path for the API (empty for pages), the regex
// httplib matches, and whether its responses may be cached and carry an
// ETag (verification reads the stored bytes, which can change under an
// unchanged head, so it never is).
struct Route {
  std::string openapi_path;
  std::string pattern;
  bool cached = true;
  std::function<Result<Rendered>(const httplib::Request&, const JournalHead&)> handler;
};

bool IsApi(const std::string& path) { return path.rfind("/api/", 0) == 0; }

const char* Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Client Error";
  }
}

void SetProblem(httplib::Response& res, int status, const std::string& type,
                const std::string& detail, json extra = json::object()) {
  json problem = {
      {"type", type}, {"title", Reason(status)}, {"status", status}, {"detail", detail}};
  for (auto& [key, value] : extra.items()) problem[key] = value;
  res.status = status;
  res.set_content(problem.dump(2) + "\n", kProblem);
}

void SetError(const httplib::Request& req, httplib::Response& res, const Status& status,
              json extra = json::object()) {
  const int http = HttpStatus(status.code());
  if (IsApi(req.path)) {
    SetProblem(res, http, fmt::format("https://sovet.invalid/problems/{}", CodeName(status.code())),
               status.ToString(), std::move(extra));
  } else {
    res.status = http;
    res.set_content(server::ErrorPage(http, Reason(http), status.ToString()), kHtml);
  }
}

Result<std::int64_t> IntParam(const httplib::Request& req, const std::string& name,
                              std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Error(Status::InvalidInput(fmt::format("expected an integer from {} to {}", min, max),
                                      {.field = name}));
  }
  return value;
}

Result<std::int64_t> IntMatch(const std::string& text, const char* field) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return Error(Status::InvalidInput("expected an integer >= 0", {.field = field}));
  }
  return value;
}

// Compact, as `sovet report` and `sovet trace` print their contracts.
Rendered JsonOut(const json& value) { return {value.dump() + "\n", kJson}; }

}  // namespace

class WebServer::Impl {
 public:
  Impl(ServeOptions options, std::unique_ptr<CycleSource> source)
      : options_(std::move(options)),
        source_(std::move(source)),
        interactive_(std::make_unique<server::Interactive>(options_, *source_)) {}

  ~Impl() { Stop(); }

  Result<void> Start() {
    server::InitTemplates();
    SOVET_TRY(head_, source_->Head());
    interactive_->OnHead(head_);
    Configure();
    const int port = options_.port == 0
                         ? http_.bind_to_any_port(options_.host)
                         : (http_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port < 0) {
      return Error(Status::Unavailable(
          fmt::format("cannot listen on {}:{} (address in use, or not an address of this machine)",
                      options_.host, options_.port),
          {.field = "--listen"}));
    }
    port_ = port;
    listener_ = std::thread([this] {
      http_.listen_after_bind();
      listener_done_ = true;
    });
    // Stop before the accept loop runs would find nothing to stop, and the
    // loop would then run for ever: wait until it is running (or over).
    while (!http_.is_running() && !listener_done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    poller_ = std::thread([this] { PollHead(); });
    return {};
  }

  void Stop() {
    std::call_once(stopped_, [this] {
      {
        std::lock_guard lock(poll_mutex_);
        stopping_ = true;
      }
      poll_wake_.notify_all();
      interactive_->Stop();
      // Closing the listening socket ends the accept loop; the task queue
      // then finishes the requests in flight before its threads join.
      http_.stop();
      if (listener_.joinable()) listener_.join();
      if (poller_.joinable()) poller_.join();
    });
  }

  int port() const { return port_; }
  const ServeOptions& options() const { return options_; }

  static std::vector<Route> Routes(Impl* self);

 private:
  void Configure() {
    const int threads = options_.threads > 0 ? options_.threads : 64;
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    auto ms = [](std::chrono::milliseconds d) {
      return std::pair<time_t, time_t>(d.count() / 1000, (d.count() % 1000) * 1000);
    };
    auto [read_s, read_us] = ms(options_.read_timeout);
    auto [write_s, write_us] = ms(options_.write_timeout);
    http_.set_read_timeout(read_s, read_us);
    http_.set_write_timeout(write_s, write_us);
    http_.set_keep_alive_timeout(std::max<time_t>(1, options_.keep_alive_timeout.count() / 1000));
    http_.set_keep_alive_max_count(100000);
    http_.set_payload_max_length(options_.max_body);
    http_.set_tcp_nodelay(true);
    // Fixed values only: nothing a client sends reaches a response header
    // but the ETag, which is ours.
    http_.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "same-origin"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
    });
    http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
      HideCodings(req, false);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    for (Route& route : Routes(this)) {
      http_.Get(route.pattern, [this, route](const httplib::Request& req, httplib::Response& res) {
        Handle(route, req, res);
      });
    }
    interactive_->Register(http_);
    http_.Get("/static/(.*)", [](const httplib::Request& req, httplib::Response& res) {
      // Only names in the embedded table answer: "..", "%2e%2e" and absolute
      // paths name nothing there, and the file system is never read.
      const server::EmbeddedFile* file = server::FindEmbedded("static/" + req.matches[1].str());
      if (file == nullptr || req.matches[1].str().find("..") != std::string::npos) {
        res.status = 404;
        return;
      }
      const std::string& name = req.matches[1].str();
      const char* type = name.ends_with(".css")   ? "text/css; charset=utf-8"
                         : name.ends_with(".svg") ? "image/svg+xml"
                         : name.ends_with(".js")  ? "text/javascript; charset=utf-8"
                                                  : "application/octet-stream";
      res.set_header("Cache-Control", "public, max-age=3600");
      res.set_content(std::string(file->content), type);
    });
    // Only GET (and HEAD) is served; anything else is 405, never processed.
    auto refuse = [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
    };
    http_.Post(".*", refuse);
    http_.Put(".*", refuse);
    http_.Patch(".*", refuse);
    http_.Delete(".*", refuse);
    http_.Options(".*", refuse);
    http_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                    httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const std::string detail =
          res.status == 404
              ? std::string("no such page; see / for the country, /api/v1/openapi.json for the API")
          : res.status == 413 ? fmt::format("the request body is larger than the server accepts")
          : res.status == 405 ? std::string("this address only reads: use GET")
                              : std::string(Reason(res.status));
      if (IsApi(req.path)) {
        SetProblem(res, res.status, "about:blank", detail);
      } else {
        res.set_content(server::ErrorPage(res.status, Reason(res.status), detail), kHtml);
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    http_.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown exception";
          try {
            if (ep) std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          SetError(req, res, Status::Internal(fmt::format("internal error: {}", what)));
        });
  }

  JournalHead CurrentHead() {
    std::shared_lock lock(cache_mutex_);
    return head_;
  }

  void PollHead() {
    std::unique_lock lock(poll_mutex_);
    while (!stopping_) {
      poll_wake_.wait_for(lock, options_.head_poll, [this] { return stopping_; });
      if (stopping_) break;
      auto head = source_->Head();
      if (!head) continue;  // keep serving the last known position
      std::unique_lock cache_lock(cache_mutex_);
      if (!(*head == head_)) {
        head_ = *head;
        cache_.clear();
        interactive_->OnHead(head_);
      }
    }
  }

  // Read-your-writes: `after_seq=N` holds the request until the store read
  // (a replica) holds entry N; the position then read replaces the polled
  // one, so the cache cannot answer from before it.
  Result<void> WaitAfterSeq(const httplib::Request& req) {
    SOVET_TRY(std::int64_t seq, IntParam(req, "after_seq", -1, 0, INT64_MAX));
    if (seq < 0 || CurrentHead().seq >= seq) return {};
    SOVET_TRY(JournalHead head, source_->WaitForSeq(seq, options_.read_wait));
    std::unique_lock lock(cache_mutex_);
    if (head.seq > head_.seq) {
      head_ = head;
      cache_.clear();
    }
    return {};
  }

  void Handle(const Route& route, const httplib::Request& req, httplib::Response& res) {
    if (auto waited = WaitAfterSeq(req); !waited) {
      if (waited.error().code() == StatusCode::kUnavailable) res.set_header("Retry-After", "1");
      SetError(req, res, waited.error());
      return;
    }
    const JournalHead head = CurrentHead();
    // A signed-in reader's page names them: filled per response from the
    // cached render, never stored nor given an ETag.
    const auto session = interactive_->SessionOf(req);
    if (route.cached && session) {
      res.set_header("Cache-Control", "private, no-store");
      std::shared_lock lock(cache_mutex_);
      auto it = cache_.find(req.target);
      if (it != cache_.end() && head == head_) {
        res.set_content(it->second.marked.empty()
                            ? it->second.body
                            : interactive_->FillAccount(it->second.marked, session),
                        it->second.content_type);
        return;
      }
    } else if (route.cached) {
      const std::string etag = fmt::format("\"{}-{}\"", head.seq, head.hash_hex.substr(0, 16));
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", "no-cache");
      const std::string match = req.get_header_value("If-None-Match");
      if (!match.empty() && (match == "*" || match.find(etag) != std::string::npos)) {
        res.status = 304;
        return;
      }
      res.set_header("Vary", "Accept-Encoding");
      {
        std::shared_lock lock(cache_mutex_);
        auto it = cache_.find(req.target);
        if (it != cache_.end() && head == head_) {
          Send(req, res, it->second);
          return;
        }
      }
    } else {
      res.set_header("Cache-Control", "no-store");
    }
    Result<Rendered> rendered = route.handler(req, head);
    if (!rendered) {
      res.headers.erase("ETag");
      SetError(req, res, rendered.error());
      return;
    }
    if (route.cached) {
      Cached cached{interactive_->FillAccount(rendered->body, std::nullopt),
                    rendered->content_type, {}, {}};
      if (cached.body.size() != rendered->body.size()) cached.marked = std::move(rendered->body);
      cached.gzip = Gzip(cached.body);
      if (session) {
        res.set_content(cached.marked.empty() ? cached.body
                                              : interactive_->FillAccount(cached.marked, session),
                        cached.content_type);
      } else {
        Send(req, res, cached);
      }
      std::unique_lock lock(cache_mutex_);
      if (head == head_) {
        if (cache_.size() >= kCacheEntries) cache_.clear();
        cache_.emplace(req.target, std::move(cached));
      }
      return;
    }
    res.set_content(interactive_->FillAccount(std::move(rendered->body), session),
                    rendered->content_type);
  }

  static void Send(const httplib::Request& req, httplib::Response& res, const Cached& cached) {
    if (!cached.gzip.empty() && Accepts(req, "gzip")) {
      HideCodings(req, true);
      res.set_header("Content-Encoding", "gzip");
      res.set_content(cached.gzip, cached.content_type);
    } else {
      res.set_content(cached.body, cached.content_type);
    }
  }

 public:
  ServeOptions options_;
  std::unique_ptr<CycleSource> source_;
  std::unique_ptr<server::Interactive> interactive_;
  httplib::Server http_;
  int port_ = 0;
  std::thread listener_, poller_;
  std::atomic<bool> listener_done_{false};
  std::once_flag stopped_;
  std::mutex poll_mutex_;
  std::condition_variable poll_wake_;
  bool stopping_ = false;
  std::shared_mutex cache_mutex_;
  JournalHead head_;
  std::map<std::string, Cached> cache_;
};

std::vector<Route> WebServer::Impl::Routes(Impl* self) {
  auto source = [self]() -> CycleSource& { return *self->source_; };
  std::vector<Route> routes;
  // Pages.
  routes.push_back({"", "/", true,
                    [source](const httplib::Request&, const JournalHead& head) -> Result<Rendered> {
                      SOVET_TRY(auto html, server::CountryPage(source(), head));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/bodies", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto from, IntParam(req, "from", 0, 0, INT64_MAX / 2));
                      SOVET_TRY(auto html,
                                server::BodiesPage(source(), req.get_param_value("kind"), from));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/bodies/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto html, server::BodyPage(source(), req.matches[1].str()));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/trace/([^/]+)/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seat, IntMatch(req.matches[2].str(), "seat"));
                      SOVET_TRY(auto html, server::TracePage(source(), req.matches[1].str(), seat));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back(
      {"", "/journal", true,
       [source](const httplib::Request& req, const JournalHead& head) -> Result<Rendered> {
         SOVET_TRY(auto from, IntParam(req, "from", 0, 0, INT64_MAX / 2));
         SOVET_TRY(auto html, server::JournalPage(source(), head, from));
         return Rendered{std::move(html)};
       }});
  routes.push_back({"", "/journal/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seq, IntMatch(req.matches[1].str(), "seq"));
                      SOVET_TRY(auto html, server::EntryPage(source(), seq));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/verify", false,
                    [source](const httplib::Request&, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto html, server::VerifyPage(source()));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/persons/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto person, IntMatch(req.matches[1].str(), "person"));
                      SOVET_TRY(auto html, server::PersonPage(source(), person));
                      return Rendered{std::move(html)};
                    }});
  routes.push_back({"", "/elections/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seq, IntMatch(req.matches[1].str(), "seq"));
                      SOVET_TRY(auto html, server::ElectionPage(source(), seq));
                      return Rendered{std::move(html)};
                    }});
  // The API: the CLI's --format json contracts.
  routes.push_back({"/api/v1/openapi.json", "/api/v1/openapi.json", true,
                    [](const httplib::Request&, const JournalHead&) -> Result<Rendered> {
                      const server::EmbeddedFile* file = server::FindEmbedded("api/openapi.json");
                      if (file == nullptr)
                        return Error(Status::Internal("the OpenAPI document is not embedded"));
                      return Rendered{std::string(file->content), kJson};
                    }});
  routes.push_back({"/api/v1/bodies", "/api/v1/bodies", true,
                    [source](const httplib::Request&, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto out, source().Overview());
                      return JsonOut(out);
                    }});
  routes.push_back({"/api/v1/bodies/{id}", "/api/v1/bodies/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto out, source().Body(req.matches[1].str()));
                      return JsonOut(out);
                    }});
  routes.push_back({"/api/v1/trace/{body}/{seat}", "/api/v1/trace/([^/]+)/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seat, IntMatch(req.matches[2].str(), "seat"));
                      SOVET_TRY(auto out, source().Trace(req.matches[1].str(), seat));
                      return JsonOut(out);
                    }});
  routes.push_back({"/api/v1/journal", "/api/v1/journal", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto from, IntParam(req, "from", 0, 0, INT64_MAX / 2));
                      SOVET_TRY(auto limit, IntParam(req, "limit", 100, 1, kApiJournalLimit));
                      SOVET_TRY(auto entries, source().Read(from, limit));
                      json array = json::array();
                      for (const Entry& entry : entries)
                        array.push_back(journal::EntryToJson(entry));
                      return JsonOut(array);
                    }});
  routes.push_back({"/api/v1/journal/{seq}", "/api/v1/journal/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seq, IntMatch(req.matches[1].str(), "seq"));
                      SOVET_TRY(auto entries, source().Read(seq, 1));
                      if (entries.empty()) {
                        return Error(
                            Status::NotFound(fmt::format("{} has no entry {}", source().url(), seq),
                                             {.field = "seq"}));
                      }
                      return JsonOut(journal::EntryToJson(entries.front()));
                    }});
  routes.push_back({"/api/v1/persons/{id}", "/api/v1/persons/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto person, IntMatch(req.matches[1].str(), "id"));
                      SOVET_TRY(auto out, source().Person(person));
                      return JsonOut(out);
                    }});
  routes.push_back({"/api/v1/elections/{seq}", "/api/v1/elections/([^/]+)", true,
                    [source](const httplib::Request& req, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(auto seq, IntMatch(req.matches[1].str(), "seq"));
                      SOVET_TRY(auto out, source().Election(seq));
                      return JsonOut(out);
                    }});
  routes.push_back({"/api/v1/verify", "/api/v1/verify", false,
                    [source](const httplib::Request&, const JournalHead&) -> Result<Rendered> {
                      SOVET_TRY(JournalVerdict verdict, source().Verify());
                      const VerifyReport& report = verdict.integrity;
                      if (!report.ok) {
                        // The message `sovet verify` fails with (exit 3).
                        return Error(Status::IntegrityViolation(fmt::format(
                            "journal {}: entry {}: {} ({} entries before it verified)",
                            source().url(), report.bad_seq, report.defect, report.entries)));
                      }
                      return Rendered{VerdictJson(verdict, -1) + "\n", kJson};
                    }});
  return routes;
}

Result<void> ParseListen(const std::string& text, ServeOptions& options) {
  const auto colon = text.rfind(':');
  const Status bad =
      Status::InvalidInput(fmt::format("expected HOST:PORT, e.g. 127.0.0.1:8080, not '{}'", text),
                           {.field = "--listen"});
  if (colon == std::string::npos || colon == 0) return Error(bad);
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Error(bad);
  }
  options.host = host;
  options.port = port;
  return {};
}

WebServer::WebServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WebServer::~WebServer() { Stop(); }

Result<std::unique_ptr<WebServer>> WebServer::Start(const ServeOptions& options) {
  SOVET_TRY(auto source, CycleSource::Open(options.replica.empty() ? options.db : options.replica));
  auto impl = std::make_unique<Impl>(options, std::move(source));
  SOVET_CHECK_OK(impl->Start());
  return std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
}

int WebServer::port() const { return impl_->port(); }

std::string WebServer::address() const {
  const std::string& host = impl_->options().host;
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", host, v6 ? "]" : "", impl_->port());
}

void WebServer::Stop() {
  if (impl_) impl_->Stop();
}

std::vector<std::string> WebServer::ApiPaths() {
  std::vector<std::string> paths;
  for (const Route& route : Impl::Routes(nullptr)) {
    if (!route.openapi_path.empty()) paths.push_back(route.openapi_path);
  }
  for (std::string& path : server::Interactive::ApiPaths()) paths.push_back(std::move(path));
  return paths;
}

std::vector<WebServer::WriteRoute> WebServer::WriteRoutes() {
  return server::Interactive::WriteRoutes();
}

}  // namespace sovet
