// `sovet serve`: the web pages and the HTTP API (/api/v1, OpenAPI 3.1) over a
// journal (SYSTEM.md §10: everyone may read everything public; a signed-in
// account writes what its roles allow, through the engine).
//
// Effects: Start binds the address and serves from a pool of threads until
// Stop. Reads carry an ETag naming the journal's position (last seq and
// hash) and answer 304 to a matching If-None-Match; rendered responses are
// cached per URL until that position moves. The position is polled (every
// `head_poll`), so a page may lag an append by that long. Every response
// carries the security headers (a CSP without inline script or style,
// nosniff, a same-origin Referrer-Policy, frame-ancestors 'none').
//
// Ownership: a WebServer owns its threads and connections; destroying it
// stops it as Stop does.
//
// Thread-safety: Stop may be called from any thread, once or more; the other
// methods are safe to call concurrently.
#ifndef SOVET_SERVER_H_
#define SOVET_SERVER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sovet/status.h"

namespace sovet {

struct ServeOptions {
  std::string db;                                 // a --db URL
  std::string host = "127.0.0.1";                 // the address to listen on
  int port = 8080;                                // 0: any free port
  int threads = 0;                                // 0: 64 connections served at once
  std::chrono::milliseconds read_timeout{5000};   // per read from a client
  std::chrono::milliseconds write_timeout{5000};  // per write to a client
  std::chrono::milliseconds keep_alive_timeout{5000};
  std::size_t max_body = 64 * 1024;  // larger request bodies are 413
  std::chrono::milliseconds head_poll{200};
  // Sign-in and writes (doc/web.md "Accounts, roles and sessions").
  std::string key_path;  // the node key for writes; empty: DefaultKeyPath
  bool secure_cookies = false;  // mark cookies Secure (served behind TLS)
  std::chrono::seconds session_ttl{12 * 3600};
  int login_attempts = 5;  // failed sign-ins per account, and per address x4,
  std::chrono::seconds login_window{900};  // within this window
  int event_streams = 16;  // /api/v1/events streams open at once
  // Reads go here when set (a PostgreSQL standby of `db`); `db` stays the
  // store anything written goes to. A request with `after_seq=N` (query
  // parameter) first waits, at most `read_wait`, until the store read holds
  // journal entry N, else answers 503 with Retry-After.
  std::string replica;
  std::chrono::milliseconds read_wait{5000};
};

// "HOST:PORT" (an IPv4 address or a name, a port 0-65535) into options;
// anything else is kInvalidInput naming --listen.
Result<void> ParseListen(const std::string& text, ServeOptions& options);

class WebServer {
 public:
  // Opens the journal (kNotFound, kInvalidInput as Journal::Open) and binds
  // (kUnavailable when the address is taken); then serves in the background.
  static Result<std::unique_ptr<WebServer>> Start(const ServeOptions& options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int port() const;
  // "http://HOST:PORT/", the address to open.
  std::string address() const;
  // Stops accepting connections; requests in flight finish; returns once
  // every serving thread has ended.
  void Stop();

  // The API's routes as OpenAPI paths ("/api/v1/bodies/{id}"), in the order
  // they are registered; the OpenAPI document must list exactly these.
  static std::vector<std::string> ApiPaths();

  // The write routes: each needs `role` on the body its path names; any
  // other account is refused (403) and nothing is written.
  struct WriteRoute {
    std::string pattern;  // the POST path's regex; group 1 is the body
    std::string role;
  };
  static std::vector<WriteRoute> WriteRoutes();

  class Impl;

 private:
  explicit WebServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sovet

#endif  // SOVET_SERVER_H_
