#include "cli/cli_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace sovet::cli {

CLI::Option* AddDbOption(CLI::App* sub, std::string& db, const std::string& help) {
  return sub->add_option("--db", db, help)->capture_default_str();
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
