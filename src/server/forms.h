// Parsers for what a browser sends with a write: the Cookie header and an
// application/x-www-form-urlencoded body (WHATWG URL "urlencoded parsing").
// Both are bounded and total: any input gives a value or an error, never
// a crash (fuzz/http_form_fuzz.cc).
#ifndef SOVET_SERVER_FORMS_H_
#define SOVET_SERVER_FORMS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sovet/status.h"

namespace sovet::server {

// At most this many fields in a form, and cookies in a header.
inline constexpr std::size_t kMaxFormFields = 64;

// name=value pairs split on '&', '+' as a space, %XX decoded; a name given
// twice, a bad %-escape, more than kMaxFormFields fields, or a name or value
// that is not UTF-8 (or holds a control character other than tab, CR and
// LF in a value) is kInvalidInput naming the field.
Result<std::map<std::string, std::string>> ParseForm(std::string_view body);

// "a=1; b=2" (RFC 6265 §4.2.1): the value of cookie `name`, the first one
// when the header repeats it; nullopt when absent. Values are taken as they
// are (sovet's own cookies are hex).
std::optional<std::string> FindCookie(std::string_view header, std::string_view name);

}  // namespace sovet::server

#endif  // SOVET_SERVER_FORMS_H_
