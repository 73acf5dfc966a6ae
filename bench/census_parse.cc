// Census parsing speed: the full synthetic census (Soviet Russia in 1918,
// ~144,000 units) generated in memory and parsed and validated against the
// 1918 charter; prints the median of several runs. The requirement is well
// under 0.3 s per parse.
//
// Reproduce: BUILD_DIR=build scripts/build --target bench_census_parse &&
//            build/bench/bench_census_parse [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sovet/census.h"
#include "sovet/charter.h"

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  auto charter = sovet::LoadCharter(std::string(SOVET_SOURCE_DIR) + "/charters/rsfsr-1918.toml");
  if (!charter) {
    std::fprintf(stderr, "%s\n", charter.error().ToString().c_str());
    return 1;
  }
  using Clock = std::chrono::steady_clock;
  const auto generate_start = Clock::now();
  auto csv = sovet::GenerateCensusCsv(sovet::CensusScale::kFull, 1918);
  const double generate_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - generate_start).count();
  if (!csv) return 1;
  std::vector<double> parse_ms;
  std::size_t units = 0;
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    auto census = sovet::ParseCensus(*csv, "full.csv", *charter);
    parse_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!census) {
      std::fprintf(stderr, "%s\n", census.error().ToString().c_str());
      return 1;
    }
    units = census->size();
  }
  std::sort(parse_ms.begin(), parse_ms.end());
  const double median = parse_ms[parse_ms.size() / 2];
  std::printf("census_parse: full census, seed 1918: %zu units, %.1f MB\n", units,
              static_cast<double>(csv->size()) / 1e6);
  std::printf("  generate            %8.1f ms\n", generate_ms);
  std::printf("  parse + validate    %8.1f ms median of %d (min %.1f, max %.1f); %.2f M units/s\n",
              median, runs, parse_ms.front(), parse_ms.back(),
              static_cast<double>(units) / median / 1e3);
  std::printf("  reproduce: build/bench/bench_census_parse %d\n", runs);
  return 0;
}
