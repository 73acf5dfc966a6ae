// `sovet apportion`: every body's seats and delegations from a charter and a
// census (SYSTEM.md §5). JSON is the contract other tools read; text is for
// people (and what ./run shows first).
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "cli/command.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet::cli {
namespace {

struct ApportionFlags {
  std::string charter;
  std::string census;
  std::string format = "text";
  bool all = false;
};

Result<void> RunApportion(const ApportionFlags& flags) {
  SOVET_TRY(Charter charter, LoadCharter(flags.charter));
  SOVET_TRY(Census census, LoadCensus(flags.census, charter));
  SOVET_TRY(Apportionment apportionment, Apportion(charter, census));
  // Seats vacant by construction (SYSTEM.md §7.2): said on standard error
  // in either format, and carried in the JSON.
  constexpr std::size_t kShownWarnings = 20;
  for (std::size_t idx = 0; idx < apportionment.warnings.size() && idx < kShownWarnings; ++idx) {
    fmt::print(stderr, "warning: {}\n", apportionment.warnings[idx].message);
  }
  if (apportionment.warnings.size() > kShownWarnings) {
    fmt::print(stderr, "warning: and {} more delegations with seats vacant by construction{}\n",
               apportionment.warnings.size() - kShownWarnings,
               flags.format == "json" ? " (all in the JSON's \"warnings\")" : "");
  }
  std::string out;
  if (flags.format == "json") {
    out = ApportionmentToJson(apportionment, census);
    out += '\n';
  } else {
    TextOptions options;
    if (flags.all) options.list_limit = static_cast<std::size_t>(-1);
    out = ApportionmentToText(apportionment, charter, census, options);
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
    return Error(Status::IoError("cannot write to standard output"));
  }
  return {};
}

void SetupApportion(CLI::App& app, Action& action) {
  static ApportionFlags flags;
  CLI::App* sub = app.add_subcommand(
      "apportion", "compute the seats and delegations of every body from a charter and a census");
  sub->add_option("--charter", flags.charter, "charter file (TOML), e.g. charters/rsfsr-1918.toml")
      ->required();
  sub->add_option("--census", flags.census,
                  "census file (CSV: id,parent,kind,name,inhabitants,electors)")
      ->required();
  sub->add_option("--format", flags.format, "text (for people) or json (the contract for tools)")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--all", flags.all, "text: list every body, not only the largest and smallest");
  sub->callback([&action] { action = [] { return RunApportion(flags); }; });
}

CommandRegistrar registrar(20, &SetupApportion);

}  // namespace
}  // namespace sovet::cli
