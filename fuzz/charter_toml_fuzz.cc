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
  auto charter = sovet::ParseCharter(text, "fuzz.toml");
  (void)charter;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(CharterToml)
