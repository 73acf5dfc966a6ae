// Benchmark: the register of persons at scale (doc/register.md). From the
// synthetic census of SCALE (`full`: Soviet Russia in 1918, about 60
// million electors; `medium`: a twentieth of it), `sovet register generate`
// writes one person per elector; `sovet register import` enters them into a
// durable SQLite journal; then rolls are read by unit and date.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target sovet bench_register_import
//   build/bench/bench_register_import [SCALE] [ROLLS]
//
// Prints: persons, the import's wall and CPU time and the child's peak
// resident memory (wait4's ru_maxrss), the journal's size, and the time of
// a roll lookup (count + first page of 100) for ROLLS random leaf units
// (median, 99th percentile, max) and for the largest unit. Targets (60
// million electors): import < 3 min and < 2 GiB; a roll lookup < 10 ms.
// Wall times are measured on a shared machine: other processes' load shows.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/random.h"
#include "bench_support.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/person_roll.h"
#include "sovet/state.h"

namespace {

int Run(const std::vector<std::string>& argv, const std::string& out, sovet::bench::ChildRun* run) {
  *run =
      sovet::bench::InChild([&] { return sovet::bench::ExecRedirected(argv, "/dev/null", out); });
  if (run->exit_code != 0) {
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    std::fprintf(stderr, "bench_register_import: %s failed (exit %d)\n%s\n", argv[1].c_str(),
                 run->exit_code, text.str().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string scale = argc > 1 ? argv[1] : "medium";
  const int rolls = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sovet-bench-register-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string charter_path = SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml";
  const std::string census_path = (dir / "census.csv").string();
  const std::string persons_path = (dir / "persons.csv").string();
  const std::string db = (dir / "register.db").string();
  const std::string log = (dir / "out.txt").string();
  sovet::bench::ChildRun census_run, generate_run, init_run, import_run;
  int failed = Run({SOVET_BINARY, "census", "generate", "--scale", scale, "--out", census_path},
                   log, &census_run) ||
               Run({SOVET_BINARY, "register", "generate", "--charter", charter_path, "--census",
                    census_path, "--on", "1918-01-01", "--out", persons_path},
                   log, &generate_run) ||
               Run({SOVET_BINARY, "init", "--db", "sqlite:" + db, "--charter", charter_path}, log,
                   &init_run) ||
               Run({SOVET_BINARY, "register", "import", "--db", "sqlite:" + db, "--census",
                    census_path, persons_path, "--date", "1918-01-02"},
                   log, &import_run);
  if (failed) {
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::ifstream import_out(log);
  std::string summary;
  std::getline(import_out, summary);
  std::uintmax_t journal_bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code error;
    const auto size = std::filesystem::file_size(db + suffix, error);
    if (!error) journal_bytes += size;
  }
  const auto persons_bytes = std::filesystem::file_size(persons_path);

  // Roll lookups, in this process, through the state reader.
  auto charter = sovet::LoadCharter(charter_path);
  auto census = charter ? sovet::LoadCensus(census_path, *charter)
                        : sovet::Result<sovet::Census>(tl::unexpect, charter.error());
  auto reader = sovet::StateReader::Open("sqlite:" + db);
  if (!census || !reader) {
    std::fprintf(stderr, "bench_register_import: cannot read back the register\n");
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::vector<std::size_t> leaves;
  std::size_t largest = 0;
  std::int64_t electors = 0;
  for (std::size_t unit = 0; unit < census->size(); ++unit) {
    if (census->subtree_end[unit] != static_cast<sovet::UnitIndex>(unit) + 1) continue;
    leaves.push_back(unit);
    electors += census->electors[unit];
    if (census->electors[unit] > census->electors[largest] || leaves.size() == 1) largest = unit;
  }
  const sovet::Date on = sovet::Date::Parse("1918-07-04").value();
  std::uint64_t state = 1918;
  auto lookup = [&](std::size_t unit, std::int64_t* count) -> double {
    const auto start = sovet::bench::Clock::now();
    auto roll = sovet::ReadRoll(**reader, *charter,
                                sovet::RollQuery{.unit = census->id[unit], .on = on, .limit = 100});
    const double ms = sovet::bench::SecondsSince(start) * 1e3;
    if (!roll) {
      std::fprintf(stderr, "%s\n", roll.error().ToString().c_str());
      std::exit(1);
    }
    *count = roll->count;
    return ms;
  };
  std::vector<double> times;
  std::int64_t mismatches = 0;
  for (int run = 0; run < rolls; ++run) {
    const std::size_t unit =
        leaves[sovet::UniformBelow(leaves.size(), [&] { return sovet::SplitMix64(state); })];
    std::int64_t count = 0;
    times.push_back(lookup(unit, &count));
    if (count != census->electors[unit]) ++mismatches;
  }
  std::sort(times.begin(), times.end());
  std::int64_t largest_count = 0;
  const double largest_ms = lookup(largest, &largest_count);

  std::printf("register import, %s census: %lld electors in %zu leaf units; persons.csv %.0f MiB\n",
              scale.c_str(), static_cast<long long>(electors), leaves.size(),
              static_cast<double>(persons_bytes) / (1 << 20));
  std::printf("  %s\n", summary.c_str());
  std::printf("  generate  wall %.1f s\n", generate_run.seconds);
  std::printf(
      "  import    wall %.1f s, cpu %.1f s, peak memory %.0f MiB; %.0f persons/s wall; journal "
      "%.0f MiB\n",
      import_run.seconds, import_run.cpu_seconds, import_run.max_rss_kib / 1024.0,
      static_cast<double>(electors) / import_run.seconds,
      static_cast<double>(journal_bytes) / (1 << 20));
  std::printf(
      "  roll      %d random units: median %.2f ms, p99 %.2f ms, max %.2f ms; counts equal to "
      "the census electors: %s\n",
      rolls, times[times.size() / 2], times[times.size() * 99 / 100], times.back(),
      mismatches == 0 ? "all" : "NOT ALL");
  std::printf("  roll      largest unit %s (%lld electors): %.1f ms\n", census->id[largest].c_str(),
              static_cast<long long>(largest_count), largest_ms);
  std::printf("reproduce: build/bench/bench_register_import %s %d\n", scale.c_str(), rolls);
  std::filesystem::remove_all(dir);
  return mismatches == 0 ? 0 : 1;
}
