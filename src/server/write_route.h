// The write routes of `sovet serve` (server/interactive.h): a request as a
// route's handler sees it, and a route's declaration. Private to the
// server's interactive part.
#ifndef SOVET_SERVER_WRITE_ROUTE_H_
#define SOVET_SERVER_WRITE_ROUTE_H_

#include <httplib.h>

#include <functional>
#include <map>
#include <string>

#include "server/auth.h"
#include "server/interactive.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet::server {

struct Interactive::WriteRequest {
  const httplib::Request& http;
  std::string body;  // the body the route's role is needed on
  Session session;
  std::map<std::string, std::string> fields;  // the form or JSON object, CSRF token removed
};

// A write route: where it is, the role it needs on the body its path names,
// and what it does (an act through the Writer).
struct Interactive::WriteRouteDef {
  std::string openapi_path;  // "" for a page's form
  std::string pattern;
  std::string role;
  std::function<Result<Appended>(WriteRequest&)> handler;
  // Where a form goes after the write (303).
  std::function<std::string(const WriteRequest&)> after;
  // When set, a refused form renders this page (the form's own) with the
  // HTTP status and the rule's message, instead of the error page.
  std::function<void(Interactive*, const httplib::Request&, httplib::Response&, int,
                     const std::string&)>
      refused;
};

// The value of form field `name`, "" when absent.
inline std::string Field(const std::map<std::string, std::string>& fields, const char* name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace sovet::server

#endif  // SOVET_SERVER_WRITE_ROUTE_H_
