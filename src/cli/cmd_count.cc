// `sovet count`: counts a ballot file by one method and prints the result as
// JSON (the contract in doc/count_format.md) or as the result sheet.
//
//   sovet count --method M [--seats N] [--threshold P] [--seed S]
//               [--format json|text] [--members N] [--majority RULE] FILE
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "base/io.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/count.h"

namespace sovet::cli {
namespace {

struct CountFlags {
  std::string method;
  std::optional<std::int64_t> seats;
  std::string threshold;
  std::uint64_t seed = 0;
  std::string format = "json";
  std::int64_t members = 0;
  std::string majority;
  std::string file;
};

Result<void> RunCount(const CountFlags& flags) {
  CountOptions options;
  SOVET_TRY(options.method, ParseMethod(flags.method));
  if (flags.format != "json" && flags.format != "text") {
    return Error(Status::InvalidInput(
        fmt::format("unknown format '{}'; expected json or text", flags.format),
        SourceLocation{.field = "--format"}));
  }
  if (!flags.threshold.empty()) {
    SOVET_TRY(auto percent, ParsePercent(flags.threshold));
    options.threshold_num = percent.first;
    options.threshold_den = percent.second;
  }
  if (!flags.majority.empty()) {
    SOVET_TRY(options.decisions.majority, ParseMotionRule(flags.majority));
  }
  if (flags.members < 0) {
    return Error(
        Status::InvalidInput(fmt::format("{} members; expected a number >= 0", flags.members),
                             SourceLocation{.field = "--members"}));
  }
  options.members = flags.members;
  options.seed = flags.seed;
  SOVET_TRY(Ballots ballots, LoadBallots(flags.file));
  options.seats = 1;
  if (flags.seats) {
    options.seats = *flags.seats;
  } else if (const auto* ranked = std::get_if<RankedBallots>(&ballots);
             ranked && ranked->seats > 0) {
    // A BLT file states its number of seats; --seats overrides it.
    options.seats = ranked->seats;
  }
  SOVET_TRY(CountResult result, Count(ballots, options));
  std::string out = flags.format == "json" ? CountResultToJson(result) : CountResultToText(result);
  return WriteFileAtomically("-", out);
}

void SetupCount(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "count", "count a ballot file (.blt, .csv 'option,votes' or .csv 'ballot') by one method");
  auto flags = BindFlags(sub, action, &RunCount);
  sub->add_option("--method", flags->method,
                  "plurality block approval dhondt sainte-lague modified-sainte-lague hare "
                  "droop stv-scottish stv-meek schulze condorcet motion")
      ->required();
  sub->add_option("--seats", flags->seats, "seats to fill (default: the .blt header's, else 1)");
  sub->add_option("--threshold", flags->threshold,
                  "list methods: percent of valid votes an option needs, e.g. 4 or 3.25");
  sub->add_option("--seed", flags->seed, "seed of the lot that settles ties (default 0)");
  sub->add_option("--format", flags->format, "json (default) or text (the result sheet)");
  sub->add_option("--members", flags->members,
                  "motion: members of the body, for the quorum (default: not checked)");
  sub->add_option("--majority", flags->majority,
                  "motion: majority-of-votes-cast (default), absolute-majority-of-members, "
                  "two-thirds, unanimity");
  sub->add_option("FILE", flags->file, "the ballot file")->required();
}

CommandRegistrar registrar(40, &SetupCount);

}  // namespace
}  // namespace sovet::cli
