// Fuzz target: the JSON input of `journal append --json` and of typed
// `--field KEY:json=...` flags: ActFromJson and ValueFromJson, and
// ParseFieldArg on the raw text. Whatever is accepted must be a valid act
// whose values round-trip through ValueToJson.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_support.h"
#include "journal/act_input.h"
#include "sovet/journal.h"
#include "sovet/value.h"

namespace sovet::fuzz {

int ActJson(const std::uint8_t* data, std::size_t size) {
  std::string text(sovet::fuzz::AsText(data, size));
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_discarded()) {
    auto act = sovet::journal::ActFromJson(json, "act");
    (void)act;
    auto value = sovet::journal::ValueFromJson(json, "value", 1);
    if (value) {
      nlohmann::json back = sovet::journal::ValueToJson(*value);
      auto again = sovet::journal::ValueFromJson(back, "value", 1);
      if (!again || !(*again == *value)) std::abort();
    }
  }
  sovet::ValueMap fields;
  auto parsed = sovet::journal::ParseFieldArg(text, fields, "--field");
  (void)parsed;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(ActJson)
