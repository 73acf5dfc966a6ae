// Fuzz target: what a browser sends with a write to `sovet serve` — the
// urlencoded form body (ParseForm) and the Cookie header (FindCookie).
// Whatever ParseForm accepts must survive re-encoding: encoded again and
// parsed, it gives the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.h"
#include "server/forms.h"

namespace sovet::fuzz {

int HttpForm(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = sovet::fuzz::AsText(data, size);
  auto form = sovet::server::ParseForm(text);
  if (form) {
    if (form->size() > sovet::server::kMaxFormFields) std::abort();
    std::string encoded;
    for (const auto& [name, value] : *form) {
      for (const std::string* part : {&name, &value}) {
        for (unsigned char c : *part) {
          static const char kHex[] = "0123456789ABCDEF";
          encoded += '%';
          encoded += kHex[c >> 4];
          encoded += kHex[c & 15];
        }
        encoded += part == &name ? "=" : "&";
      }
    }
    auto again = sovet::server::ParseForm(encoded);
    if (!again || *again != *form) std::abort();
  }
  for (const char* name : {"sovet_session", "sovet_login", ""}) {
    auto cookie = sovet::server::FindCookie(text, name);
    if (cookie && cookie->size() > size) std::abort();
  }
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(HttpForm)
