// What `sovet serve` does for people rather than for readers: signing in
// and out, the account shown in every page's header, the write routes (each
// declaring the role it needs on which body), and the live stream of
// journal appends (Server-Sent Events). doc/web.md describes the protocol.
//
// Thread-safety: every method may be called from any thread at once.
#ifndef SOVET_SERVER_INTERACTIVE_H_
#define SOVET_SERVER_INTERACTIVE_H_

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/auth.h"
#include "server/cycle_source.h"
#include "server/writer.h"
#include "sovet/server.h"

namespace sovet::server {

// Where every page's header names the account (header.mustache); a cached
// page keeps it and each response fills it for its reader.
inline constexpr std::string_view kAccountMarker = "<!--sovet:account-->";

class Interactive {
 public:
  Interactive(const ServeOptions& options, CycleSource& source);
  ~Interactive();

  // Adds the routes (GET and POST) to `http`; call before any catch-all.
  void Register(httplib::Server& http);
  // The session of a request's cookie, if live.
  std::optional<Session> SessionOf(const httplib::Request& req);
  // `html` with kAccountMarker replaced by the header's account part for
  // `session` (a sign-in link, or the account and a sign-out form).
  std::string FillAccount(std::string html, const std::optional<Session>& session) const;
  // The journal moved: wakes the event streams.
  void OnHead(const JournalHead& head);
  // Ends the event streams (before the server's threads are joined).
  void Stop();

  // The OpenAPI paths of the routes registered here.
  static std::vector<std::string> ApiPaths();
  static std::vector<WebServer::WriteRoute> WriteRoutes();

  struct WriteRequest;
  struct WriteRouteDef;

 private:
  static std::vector<WriteRouteDef> WriteRouteDefs(Interactive* self);
  // The council's operations (server/council_forms.cc): their write routes,
  // and the pages that show what they act on and carry their forms. A page
  // is rendered with `status` and the rule's `error` when its form was
  // refused.
  static std::vector<WriteRouteDef> CouncilRouteDefs(Interactive* self);
  void RegisterCouncil(httplib::Server& http);
  void CouncilPage(const httplib::Request& req, httplib::Response& res, int status,
                   const std::string& error);
  void CouncilElectionPage(const httplib::Request& req, httplib::Response& res, int status,
                           const std::string& error);
  void PetitionPage(const httplib::Request& req, httplib::Response& res, int status,
                    const std::string& error);
  void HandleWrite(const WriteRouteDef& route, const httplib::Request& req,
                   httplib::Response& res);
  void LoginPage(const httplib::Request& req, httplib::Response& res, int status,
                 const std::string& error);
  void Login(const httplib::Request& req, httplib::Response& res);
  void ApiLogin(const httplib::Request& req, httplib::Response& res);
  void Logout(const httplib::Request& req, httplib::Response& res);
  void RolesPage(const httplib::Request& req, httplib::Response& res);
  void Events(const httplib::Request& req, httplib::Response& res);
  // Checks name and password under the rate limit: the account's name, or
  // an error with its HTTP status (and Retry-After seconds when limited).
  struct SignIn {
    int status = 200;
    std::string error;
    std::int64_t retry_after = 0;
  };
  SignIn CheckSignIn(const std::string& name, const std::string& password,
                     const std::string& address);
  std::string SessionCookie(const std::string& token, std::int64_t max_age) const;

  const ServeOptions& options_;
  CycleSource& source_;
  Sessions sessions_;
  LoginLimiter by_account_, by_address_;
  Writer writer_;
  // The event streams: woken by OnHead and Stop.
  std::mutex events_mutex_;
  std::condition_variable events_wake_;
  std::int64_t head_seq_ = -1;
  bool stopping_ = false;
  std::atomic<int> streams_{0};
};

}  // namespace sovet::server

#endif  // SOVET_SERVER_INTERACTIVE_H_
