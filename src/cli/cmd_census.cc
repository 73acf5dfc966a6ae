// `sovet census generate` and `sovet census check`: the synthetic census
// generator and the census validator (doc/census_format.md).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/io.h"
#include "base/text.h"
#include "cli/command.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet::cli {
namespace {

struct GenerateOptions {
  std::string scale = "small";
  std::string seed = "1918";
  std::string out;
};

struct CheckOptions {
  std::string charter;
  std::string census;
};

Result<std::uint64_t> ParseSeed(const std::string& text) {
  std::uint64_t seed = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Error(Status::InvalidInput(
        fmt::format("expected a non-negative integer below 2^64, got \"{}\"", text),
        {.field = "--seed"}));
  }
  return seed;
}

Result<void> RunGenerate(const GenerateOptions& options) {
  auto scale = ParseCensusScale(options.scale);
  if (!scale) {
    return Error(Status::InvalidInput(scale.error().message(), {.field = "--scale"}));
  }
  SOVET_TRY(std::uint64_t seed, ParseSeed(options.seed));
  SOVET_TRY(std::string csv, GenerateCensusCsv(*scale, seed));
  return WriteFileAtomically(options.out, csv);
}

Result<void> RunCheck(const CheckOptions& options) {
  SOVET_TRY(Charter charter, LoadCharter(options.charter));
  SOVET_TRY(Census census, LoadCensus(options.census, charter));
  // Units per kind, in the charter's order of kinds.
  std::map<std::string, std::int64_t> per_kind;
  for (const std::string& kind : census.kind) ++per_kind[kind];
  std::string out =
      fmt::format("census {}: valid under charter {} ({} units)\n", options.census, charter.id,
                  GroupThousands(static_cast<std::int64_t>(census.size())));
  // Figures under the charter's own words for them (a federation's
  // "workforce" and "members"), in the one number format of text output.
  const std::string rural_label = "rural " + charter.inhabitants_label;
  const std::size_t width = std::max<std::size_t>(
      {18, charter.inhabitants_label.size(), charter.electors_label.size(), rural_label.size()});
  auto row = [&](std::string_view label, std::int64_t value) {
    out += fmt::format("  {:<{}} {:>13}\n", label, width, GroupThousands(value));
  };
  for (const UnitKind& kind : charter.unit_kinds) row(kind.name, per_kind[kind.name]);
  row(charter.inhabitants_label, census.inhabitants[0]);
  row(charter.electors_label, census.electors[0]);
  // Rural figures exist only where a body's inhabitants count as rural.
  const bool has_rural = std::any_of(charter.bodies.begin(), charter.bodies.end(),
                                     [](const BodyRule& body) { return body.rural; });
  if (has_rural) row(rural_label, census.rural_inhabitants[0]);
  return WriteFileAtomically("-", out);
}

void SetupCensus(CLI::App& app, Action& action) {
  CLI::App* census = app.add_subcommand("census", "generate or check a census (units and figures)");
  census->require_subcommand(1);

  auto generate_options = std::make_shared<GenerateOptions>();
  CLI::App* generate = census->add_subcommand(
      "generate", "write a deterministic synthetic census of the 1918 unit kinds");
  generate->add_option("--scale", generate_options->scale, "small, medium or full")
      ->capture_default_str();
  generate->add_option("--seed", generate_options->seed, "the generator's seed (0 to 2^64-1)")
      ->capture_default_str();
  generate->add_option("--out", generate_options->out, "the CSV file to write; - for stdout")
      ->required();
  generate->callback([&action, generate_options] {
    action = [generate_options]() { return RunGenerate(*generate_options); };
  });

  auto check_options = std::make_shared<CheckOptions>();
  CLI::App* check =
      census->add_subcommand("check", "validate a census against a charter and print its summary");
  check->add_option("--charter", check_options->charter, "the charter (TOML)")->required();
  check->add_option("--census", check_options->census, "the census (CSV)")->required();
  check->callback([&action, check_options] {
    action = [check_options]() { return RunCheck(*check_options); };
  });
}

CommandRegistrar registrar(20, &SetupCensus);

}  // namespace
}  // namespace sovet::cli
