// Fuzz target: a charter's TOML text through ParseCharter (parse and
// validation), which must return a charter or a located error, never crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "sovet/charter.h"

namespace sovet::fuzz {

int CharterToml(const std::uint8_t* data, std::size_t size) {
  std::string text(sovet::fuzz::AsText(data, size));
#if SOVET_FUZZ_SKIP_DEEP_NESTING
  // toml++ recurses per level of dotted key and table header; deep text is
  // left to the charter loader's own bound.
  std::size_t dots = 0;
  for (char c : text) dots += (c == '.' || c == '[' || c == '{');
  if (dots > 256) return 0;
#endif
  auto charter = sovet::ParseCharter(text, "fuzz.toml");
  (void)charter;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(CharterToml)
