// HTML escaping for everything the server writes into a page or an SVG.
#ifndef SOVET_SERVER_HTML_H_
#define SOVET_SERVER_HTML_H_

#include <string>
#include <string_view>

namespace sovet::server {

// Escapes & < > " ' so the text is safe in element content and in quoted
// attribute values alike.
std::string HtmlEscape(std::string_view text);

}  // namespace sovet::server

#endif  // SOVET_SERVER_HTML_H_
