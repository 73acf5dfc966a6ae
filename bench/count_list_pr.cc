// List PR from unaggregated ballots: the Constituent Assembly's electorate,
// 36,262,560 voters (002:191), one ballot per line in a CSV `ballot` file,
// streamed and tallied by sovet and allocated by D'Hondt over the Assembly's
// 520 seats (002:191), against sqlite3 counting the same file with GROUP BY,
// in the same run.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_count_list_pr sovet
//   build/bench/bench_count_list_pr [--dir DIR] [--runs N] [--no-peer]
//
// The file (about 300 MB) is written once to DIR (default
// $TMPDIR/sovet-bench) and reused while its size matches. The ballots carry
// the parties' votes of 002:191-209 exactly (Kadets and other bourgeois
// parties 4,600,000; S-Rs 20,900,000; Mensheviks 1,700,000; Bolsheviks
// 9,023,963) and the 38,597 voters the text leaves unassigned as "Others",
// in a deterministic random order (SplitMix64, sampling without
// replacement, integers only).
//
// Measured, each in a child process whose wall time and peak memory (the
// child's maximum resident set) are its own, the file in the page cache:
//   sovet (library)  StreamBallotCsv + Count(dhondt, 520 seats)
//   sovet (command)  `sovet count --method dhondt --seats 520 FILE`
//   sqlite3          `.import` into an in-memory table, then SELECT ballot,
//                    count(*) ... GROUP BY ballot: the GROUP BY alone (its
//                    `.timer`) and import + GROUP BY (the process's wall time)
// The ratio is sqlite3's time over sovet's. sqlite3's counts are checked
// against sovet's.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace {

namespace bench = sovet::bench;

namespace fs = std::filesystem;

constexpr std::int64_t kVoters = 36'262'560;  // 002:191
constexpr std::int64_t kSeats = 520;          // 002:191

struct Party {
  const char* name;
  std::int64_t votes;
};

// 002:191-209; "Others" are the voters the four figures leave out.
constexpr std::array<Party, 5> kParties{{
    {"Kadets", 4'600'000},
    {"S-Rs", 20'900'000},
    {"Mensheviks", 1'700'000},
    {"Bolsheviks", 9'023'963},
    {"Others", kVoters - 4'600'000 - 20'900'000 - 1'700'000 - 9'023'963},
}};

std::uint64_t ExpectedSize() {
  std::uint64_t size = std::strlen("ballot\n");
  for (const Party& party : kParties)
    size += (std::strlen(party.name) + 1) * static_cast<std::uint64_t>(party.votes);
  return size;
}

bool Generate(const std::string& path) {
  std::string temp = path + ".tmp";
  std::FILE* out = std::fopen(temp.c_str(), "wb");
  if (out == nullptr) return false;
  std::vector<char> buffer(1 << 20);
  std::setvbuf(out, buffer.data(), _IOFBF, buffer.size());
  std::fputs("ballot\n", out);
  std::array<std::int64_t, kParties.size()> left;
  for (std::size_t idx = 0; idx < kParties.size(); ++idx) left[idx] = kParties[idx].votes;
  std::int64_t remaining = kVoters;
  std::uint64_t state = 19171125;  // polling day, 25 November 1917
  while (remaining > 0) {
    // Sampling without replacement: the exact totals come out.
    std::int64_t pick =
        static_cast<std::int64_t>(bench::SplitMix64(state) % static_cast<std::uint64_t>(remaining));
    std::size_t party = 0;
    while (pick >= left[party]) pick -= left[party++];
    --left[party];
    --remaining;
    std::fputs(kParties[party].name, out);
    std::fputc('\n', out);
  }
  bool ok = std::fclose(out) == 0;
  if (ok) fs::rename(temp, path);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (fs::temp_directory_path() / "sovet-bench").string();
  int runs = 3;
  bool peer = true;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string arg = argv[arg_idx];
    if (arg == "--dir" && arg_idx + 1 < argc) {
      dir = argv[++arg_idx];
    } else if (arg == "--runs" && arg_idx + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++arg_idx]));
    } else if (arg == "--no-peer") {
      peer = false;
    } else {
      std::fprintf(stderr, "usage: bench_count_list_pr [--dir DIR] [--runs N] [--no-peer]\n");
      return 2;
    }
  }
  fs::create_directories(dir);
  const std::string path = dir + "/constituent-assembly-36262560.csv";
  const std::uint64_t size = ExpectedSize();
  std::error_code error;
  if (!fs::exists(path) || fs::file_size(path, error) != size) {
    std::printf("writing %s (%lld ballots, %.1f MB) ...\n", path.c_str(),
                static_cast<long long>(kVoters), size / 1e6);
    std::fflush(stdout);
    auto start = bench::Clock::now();
    if (!Generate(path)) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("  written in %.2f s\n", bench::SecondsSince(start));
  }
  const double megabytes = static_cast<double>(size) / 1e6;

  // Warm the page cache and check the count once in this process.
  auto tally = sovet::StreamBallotCsv(path);
  if (!tally) {
    std::fprintf(stderr, "%s\n", tally.error().ToString().c_str());
    return 1;
  }
  sovet::CountOptions options;
  options.method = sovet::Method::kDhondt;
  options.seats = kSeats;
  auto result = sovet::Count(sovet::Ballots{*tally}, options);
  if (!result || tally->total != kVoters) {
    std::fprintf(stderr, "count failed\n");
    return 1;
  }
  std::map<std::string, std::int64_t> votes;
  for (std::size_t idx = 0; idx < tally->options.size(); ++idx)
    votes[tally->options[idx]] = tally->votes[idx];

  std::vector<double> library_s;
  std::vector<double> library_cpu;
  long library_rss = 0;
  for (int run = 0; run < runs; ++run) {
    bench::ChildRun child = bench::InChild([&] {
      auto streamed = sovet::StreamBallotCsv(path);
      if (!streamed) return 1;
      auto counted = sovet::Count(sovet::Ballots{*streamed}, options);
      return counted && streamed->total == kVoters ? 0 : 1;
    });
    if (child.exit_code != 0) return 1;
    library_s.push_back(child.seconds);
    library_cpu.push_back(child.cpu_seconds);
    library_rss = std::max(library_rss, child.max_rss_kib);
  }
  const std::string out_file = dir + "/bench_count_list_pr.out";
  std::vector<double> command_s;
  std::vector<double> command_cpu;
  long command_rss = 0;
  for (int run = 0; run < runs; ++run) {
    bench::ChildRun child = bench::InChild([&] {
      return bench::ExecRedirected(
          {SOVET_BINARY, "count", "--method", "dhondt", "--seats", std::to_string(kSeats), path},
          "/dev/null", out_file);
    });
    if (child.exit_code != 0) {
      std::fprintf(stderr, "sovet count failed (exit %d)\n", child.exit_code);
      return 1;
    }
    command_s.push_back(child.seconds);
    command_cpu.push_back(child.cpu_seconds);
    command_rss = std::max(command_rss, child.max_rss_kib);
  }
  const double library = bench::Median(library_s);
  const double command = bench::Median(command_s);
  const double library_cpu_s = bench::Median(library_cpu);
  const double command_cpu_s = bench::Median(command_cpu);

  std::printf("\nList PR from %lld streamed ballots (002:191), D'Hondt over %lld seats\n",
              static_cast<long long>(kVoters), static_cast<long long>(kSeats));
  std::printf("file: %s (%.1f MB)\n", path.c_str(), megabytes);
  std::printf("allocation:");
  for (const auto& [name, seats] : result->allocation)
    std::printf(" %s %lld", name.c_str(), static_cast<long long>(seats));
  std::printf("\n\n");
  // Wall time depends on what else the machine runs; CPU time (user +
  // system) much less, so both are shown, with the rates for each.
  std::printf("%-30s %8s %8s %12s %12s %8s %8s %10s\n", "", "wall s", "CPU s", "ballots/s", "(CPU)",
              "MB/s", "(CPU)", "peak RSS");
  auto row = [&](const char* label, double seconds, double cpu, long rss_kib) {
    std::printf("%-30s %8.3f %8.3f %12.0f %12.0f %8.1f %8.1f %6.1f MiB\n", label, seconds, cpu,
                kVoters / seconds, kVoters / cpu, megabytes / seconds, megabytes / cpu,
                rss_kib / 1024.0);
  };
  row("sovet (library, median)", library, library_cpu_s, library_rss);
  row("sovet count (command, median)", command, command_cpu_s, command_rss);

  if (peer) {
    const std::string script = dir + "/bench_count_list_pr.sql";
    std::ofstream(script)
        << ".mode csv\n.import '" << path
        << "' ballots\n.timer on\nSELECT ballot, count(*) FROM ballots GROUP BY ballot;\n";
    const std::string sqlite_out = dir + "/bench_count_list_pr.sqlite.out";
    bench::ChildRun child = bench::InChild([&] {
      return bench::ExecRedirected({"sqlite3", ":memory:"}, script, sqlite_out);
    });
    if (child.exit_code != 0) {
      std::printf("\nsqlite3 failed (exit %d); is it installed? (scripts/install-deps --bench)\n",
                  child.exit_code);
      return 1;
    }
    std::ifstream in(sqlite_out);
    std::string line;
    double group_by = -1;
    double group_by_cpu = -1;
    bool agree = true;
    int rows = 0;
    while (std::getline(in, line)) {
      if (line.rfind("Run Time: real ", 0) == 0) {
        // "Run Time: real R user U sys S"
        double real = 0, user = 0, sys = 0;
        if (std::sscanf(line.c_str(), "Run Time: real %lf user %lf sys %lf", &real, &user, &sys) ==
            3) {
          group_by = real;
          group_by_cpu = user + sys;
        }
        continue;
      }
      std::size_t comma = line.rfind(',');
      if (comma == std::string::npos) continue;
      std::string name = line.substr(0, comma);
      if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
      agree = agree && votes.count(name) && votes[name] == std::atoll(line.c_str() + comma + 1);
      ++rows;
    }
    agree = agree && rows == static_cast<int>(votes.size());
    row("sqlite3 GROUP BY only", group_by, group_by_cpu, 0);
    row("sqlite3 .import + GROUP BY", child.seconds, child.cpu_seconds, child.max_rss_kib);
    std::printf(
        "\nratio sqlite3 / sovet (library):  GROUP BY only %.1fx wall, %.1fx CPU; "
        "import + GROUP BY %.1fx wall, %.1fx CPU\n",
        group_by / library, group_by_cpu / library_cpu_s, child.seconds / library,
        child.cpu_seconds / library_cpu_s);
    std::printf("ratio sqlite3 / sovet count (command): import + GROUP BY %.1fx wall, %.1fx CPU\n",
                child.seconds / command, child.cpu_seconds / command_cpu_s);
    std::printf("sqlite3's counts %s sovet's\n", agree ? "agree with" : "DIFFER FROM");
    if (!agree) return 1;
  }
  std::printf(
      "\nreproduce: BUILD_DIR=build scripts/build --target bench_count_list_pr sovet && "
      "build/bench/bench_count_list_pr --dir %s --runs %d\n",
      dir.c_str(), runs);
  return 0;
}
