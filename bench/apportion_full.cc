// Benchmark: apportion Soviet Russia at full 1918 scale (SYSTEM.md §9: ~90
// million inhabitants, ~130,000 village soviets) under charters/rsfsr-1918.toml.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_apportion_full
//   build/bench/bench_apportion_full [SEED]
//
// Generates the `full` census in memory (GenerateCensusCsv(kFull, seed), not
// timed), then times, each on its own: parsing the census CSV, apportioning
// every body, and rendering the JSON; prints wall times, the peak resident
// memory of the whole process (getrusage ru_maxrss, which includes the CSV
// text) and the command. Target: parse + apportion under 1 s and 500 MiB on
// the project's 2-core machine. The census includes the army and the fleet
// (fronts of regiments, fleets of ships: SYSTEM.md §7.4, about 6 million men
// at full scale, 002:204-209); the figures line says how many and how many
// delegates they send to the All-Russian Congress. There is no peer program to compare with.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_support.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"

using sovet::bench::PeakMiB;
using sovet::bench::SecondsSince;

int main(int argc, char** argv) {
  const std::uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1918;
  const std::string charter_path = std::string(SOVET_SOURCE_DIR) + "/charters/rsfsr-1918.toml";
  sovet::Result<sovet::Charter> charter = sovet::LoadCharter(charter_path);
  if (!charter) {
    std::fprintf(stderr, "%s\n", charter.error().ToString().c_str());
    return 1;
  }
  auto start = sovet::bench::Clock::now();
  sovet::Result<std::string> csv = sovet::GenerateCensusCsv(sovet::CensusScale::kFull, seed);
  if (!csv) {
    std::fprintf(stderr, "%s\n", csv.error().ToString().c_str());
    return 1;
  }
  const double generate_s = SecondsSince(start);

  start = sovet::bench::Clock::now();
  sovet::Result<sovet::Census> census = sovet::ParseCensus(*csv, "full.csv", *charter);
  const double parse_s = SecondsSince(start);
  if (!census) {
    std::fprintf(stderr, "%s\n", census.error().ToString().c_str());
    return 1;
  }
  start = sovet::bench::Clock::now();
  sovet::Result<sovet::Apportionment> apportionment = sovet::Apportion(*charter, *census);
  const double apportion_s = SecondsSince(start);
  if (!apportionment) {
    std::fprintf(stderr, "%s\n", apportionment.error().ToString().c_str());
    return 1;
  }
  start = sovet::bench::Clock::now();
  std::string json = sovet::ApportionmentToJson(*apportionment, *census);
  const double json_s = SecondsSince(start);

  std::int64_t seats = 0;
  std::int64_t congress = 0;
  for (const sovet::ApportionedBody& body : apportionment->bodies) {
    seats += body.seats;
    if (body.kind == "congress") congress = body.seats;
  }
  std::printf(
      "apportion_full (seed %llu): %zu units, %lld inhabitants, %zu bodies, %lld seats, "
      "All-Russian Congress %lld\n",
      static_cast<unsigned long long>(seed), census->size(),
      static_cast<long long>(census->inhabitants[0]), apportionment->bodies.size(),
      static_cast<long long>(seats), static_cast<long long>(congress));
  std::int64_t regiments = 0, ships = 0, soldiers = 0, soldier_electors = 0, army_delegates = 0;
  for (std::size_t unit = 0; unit < census->size(); ++unit) {
    if (census->kind[unit] != "regiment" && census->kind[unit] != "ship") continue;
    (census->kind[unit] == "regiment" ? regiments : ships) += 1;
    soldiers += census->inhabitants[unit];
    soldier_electors += census->electors[unit];
  }
  const sovet::BodyIndex congress_body = apportionment->Find("congress:rsfsr");
  if (congress_body >= 0) {
    for (const sovet::Delegation& delegation : apportionment->bodies[congress_body].delegations) {
      const std::string& kind = apportionment->bodies[delegation.from].kind;
      if (kind == "front_congress" || kind == "fleet_congress") army_delegates += delegation.seats;
    }
  }
  std::printf(
      "  the army and the fleet: %lld regiments, %lld ships, %lld men (%lld electors), %lld "
      "delegates to the Congress\n",
      static_cast<long long>(regiments), static_cast<long long>(ships),
      static_cast<long long>(soldiers), static_cast<long long>(soldier_electors),
      static_cast<long long>(army_delegates));
  std::printf("  generate csv (not timed)  %8.3f s  (%.1f MiB of CSV)\n", generate_s,
              static_cast<double>(csv->size()) / (1024.0 * 1024.0));
  std::printf("  parse census              %8.3f s\n", parse_s);
  std::printf("  apportion                 %8.3f s\n", apportion_s);
  std::printf("  parse + apportion         %8.3f s   (target < 1 s)\n", parse_s + apportion_s);
  std::printf("  render json               %8.3f s  (%.1f MiB)\n", json_s,
              static_cast<double>(json.size()) / (1024.0 * 1024.0));
  std::printf("  peak memory (ru_maxrss)   %8.1f MiB (target < 500 MiB)\n", PeakMiB());
  std::printf("  command: build/bench/bench_apportion_full %llu\n",
              static_cast<unsigned long long>(seed));
  return 0;
}
