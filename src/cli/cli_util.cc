#include "cli/cli_util.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <algorithm>
#include <vector>

#include "sovet/state.h"

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

void AddFormatOption(CLI::App* sub, std::string& format) {
  sub->add_option("--format", format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

void AddReadOptions(CLI::App* sub, ReadFlags& read) {
  sub->add_option("--replica", read.replica,
                  "read from this store instead (a PostgreSQL standby of --db)");
  sub->add_option("--after-seq", read.after_seq,
                  "first wait until the store read holds this journal entry (read-your-writes)")
      ->check(IntegerRange(0, std::numeric_limits<std::int64_t>::max()));
  auto* wait = sub->add_option_function<double>(
      "--wait",
      [&read](double seconds) { read.wait_ms = static_cast<std::int64_t>(seconds * 1000); },
      "how long --after-seq waits, in seconds (default 5)");
  wait->check(CLI::Range(0.0, 3600.0));
}

Result<std::string> ReadUrl(const std::string& db, const ReadFlags& read) {
  const std::string& url = read.replica.empty() ? db : read.replica;
  if (read.after_seq >= 0) {
    SOVET_TRY(auto reader, StateReader::Open(url));
    SOVET_CHECK_OK(reader->WaitForSeq(read.after_seq, std::chrono::milliseconds(read.wait_ms)));
  }
  return url;
}

void RefuseOutOfRangeIntegers(CLI::App& app) { AddRangeChecks(app); }

namespace {
std::string& ProgramNameStorage() {
  static std::string name = "sovet";
  return name;
}
}  // namespace

void SetProgramName(std::string name) {
  if (!name.empty()) ProgramNameStorage() = std::move(name);
}

const std::string& ProgramName() { return ProgramNameStorage(); }

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

std::size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance, rows of the dynamic programme kept
  // three at a time.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t col = 0; col <= b.size(); ++col) previous[col] = col;
  for (std::size_t row = 1; row <= a.size(); ++row) {
    current[0] = row;
    for (std::size_t col = 1; col <= b.size(); ++col) {
      const std::size_t cost = a[row - 1] == b[col - 1] ? 0 : 1;
      current[col] = std::min({previous[col] + 1, current[col - 1] + 1, previous[col - 1] + cost});
      if (row > 1 && col > 1 && a[row - 1] == b[col - 2] && a[row - 2] == b[col - 1]) {
        current[col] = std::min(current[col], before[col - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

namespace {

// " did you mean 'X'?" for the nearest of `known` to `word`, or a list of
// them when none is close (within a third of the word's length, at least 1).
std::string Suggestion(std::string_view word, const std::vector<std::string>& known) {
  const std::string* nearest = nullptr;
  std::size_t best = 0;
  for (const std::string& candidate : known) {
    std::size_t distance = EditDistance(word, candidate);
    if (nearest == nullptr || distance < best) {
      nearest = &candidate;
      best = distance;
    }
  }
  if (nearest != nullptr && best <= std::max<std::size_t>(1, word.size() / 3)) {
    return fmt::format("; did you mean '{}'?", *nearest);
  }
  std::string list;
  for (const std::string& candidate : known) list += (list.empty() ? "" : ", ") + candidate;
  return fmt::format("; expected one of: {}", list);
}

std::vector<CLI::App*> Subcommands(CLI::App* app) {
  return app->get_subcommands([](CLI::App* sub) { return !sub->get_name().empty(); });
}

}  // namespace

std::string DiagnoseUnknownWord(CLI::App& app, int argc, const char* const* argv) {
  CLI::App* current = &app;
  std::string path = app.get_name();
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string_view word = argv[arg_idx];
    if (word == "--") break;  // the rest are positional
    if (word.starts_with("--")) {
      std::string_view name =
          word.substr(2, word.find('=') == std::string_view::npos ? std::string_view::npos
                                                                  : word.find('=') - 2);
      std::vector<std::string> flags;
      bool known = false;
      for (const CLI::Option* option : current->get_options()) {
        for (const std::string& long_name : option->get_lnames()) {
          flags.push_back("--" + long_name);
          known = known || long_name == name;
        }
      }
      if (!known) {
        return fmt::format("unknown flag '--{}' for '{}'{}", name, path,
                           Suggestion(fmt::format("--{}", name), flags));
      }
      continue;
    }
    if (word.starts_with("-")) continue;
    std::vector<CLI::App*> subs = Subcommands(current);
    if (subs.empty()) continue;  // a flag's value or a positional argument
    CLI::App* chosen = nullptr;
    std::vector<std::string> names;
    for (CLI::App* sub : subs) {
      names.push_back(sub->get_name());
      if (sub->check_name(std::string(word))) chosen = sub;
    }
    if (chosen == nullptr) {
      return fmt::format("unknown command '{}'{}{}", word,
                         current == &app ? "" : fmt::format(" for '{}'", path),
                         Suggestion(word, names));
    }
    current = chosen;
    path += " " + chosen->get_name();
  }
  return "";
}

}  // namespace sovet::cli
