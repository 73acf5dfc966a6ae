#include "cli/cli_util.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace sovet::cli {
namespace {

// CLI11 converts with strtoll/strtoull (base 0: decimal, 0x hex, 0 octal)
// without looking at errno; this reads the string as it will, but notices
// what it would clamp or wrap. An empty result means the value is in range
// or is not an integer at all (CLI11 then reports the conversion failure).
std::string RangeError(const std::string& text, bool is_unsigned) {
  std::size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
  std::string range =
      is_unsigned
          ? fmt::format("an integer from 0 to {}", std::numeric_limits<std::uint64_t>::max())
          : fmt::format("an integer from {} to {}", std::numeric_limits<std::int64_t>::min(),
                        std::numeric_limits<std::int64_t>::max());
  char* end = nullptr;
  errno = 0;
  if (is_unsigned) {
    if (first < text.size() && text[first] == '-') {
      std::strtoll(text.c_str(), &end, 0);
      if (end == text.c_str() + text.size()) {
        return fmt::format("{} is out of range: expected {}", text, range);
      }
      return {};
    }
    std::strtoull(text.c_str(), &end, 0);
  } else {
    std::strtoll(text.c_str(), &end, 0);
  }
  if (errno == ERANGE && end == text.c_str() + text.size()) {
    return fmt::format("{} is out of range: expected {}", text, range);
  }
  return {};
}

void AddRangeChecks(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    std::string type = option->get_type_name();
    type = type.substr(0, type.find(':'));  // without the validators' descriptions
    if (type != "INT" && type != "UINT") continue;
    bool is_unsigned = type == "UINT";
    option->check(CLI::Validator(
        [is_unsigned](std::string& text) { return RangeError(text, is_unsigned); }, "", ""));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    AddRangeChecks(*sub);
  }
}

}  // namespace

CLI::Option* AddDbOption(CLI::App* sub, std::string& db, const std::string& help) {
  return sub->add_option("--db", db, help)->capture_default_str();
}

void RefuseOutOfRangeIntegers(CLI::App& app) { AddRangeChecks(app); }

CLI::Validator IntegerRange(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        long long value = std::strtoll(text.c_str(), &end, 0);
        if (text.empty() || end != text.c_str() + text.size()) return {};  // CLI11 reports it
        if (errno == ERANGE || value < min || value > max) {
          return fmt::format("{} is out of range: expected an integer from {} to {}", text, min,
                             max);
        }
        return {};
      },
      fmt::format("INT in [{} - {}]", min, max), "");
}

}  // namespace sovet::cli
