// The server-rendered pages: data from the CycleSource, HTML from the
// embedded mustache templates (web/templates/). mstch escapes every {{x}};
// the only triple-mustache ({{{svg}}}) inserts the hemicycle, which escapes
// its own text (server/hemicycle.h).
//
// Thread-safety: the functions may run concurrently; the templates are
// immutable after the first call.
#ifndef SOVET_SERVER_PAGES_H_
#define SOVET_SERVER_PAGES_H_

#include <cstdint>
#include <mstch/mstch.hpp>
#include <string>
#include <string_view>

#include "server/cycle_source.h"
#include "sovet/status.h"

namespace sovet::server {

// Sets mstch's escaping (once per process) to server/html.h's.
void InitTemplates();

Result<std::string> CountryPage(CycleSource& source, const JournalHead& head);
Result<std::string> BodiesPage(CycleSource& source, const std::string& kind, std::int64_t from);
Result<std::string> BodyPage(CycleSource& source, const std::string& body);
Result<std::string> TracePage(CycleSource& source, const std::string& body, std::int64_t seat);
Result<std::string> JournalPage(CycleSource& source, const JournalHead& head, std::int64_t from);
Result<std::string> EntryPage(CycleSource& source, std::int64_t seq);
Result<std::string> VerifyPage(CycleSource& source);
// A person: the seats held, the elections won, mandates refused.
Result<std::string> PersonPage(CycleSource& source, std::int64_t person);
// An election's result sheet (journal entry `seq`).
Result<std::string> ElectionPage(CycleSource& source, std::int64_t seq);
// Renders web/templates/NAME.mustache (header and footer partials) with
// `title` added to the context.
std::string RenderPage(std::string_view name, std::string title, mstch::map context);
// A path segment for an href: unreserved characters and ':' kept, the rest
// percent-encoded.
std::string UrlSegment(std::string_view text);

// An error page: the HTTP status, its reason and the message the CLI prints.
std::string ErrorPage(int http_status, const std::string& title, const std::string& detail);

// How many entries a journal page holds.
inline constexpr std::int64_t kJournalPageSize = 50;
// How many bodies a page of one kind lists.
inline constexpr std::int64_t kBodiesPageSize = 200;

}  // namespace sovet::server

#endif  // SOVET_SERVER_PAGES_H_
