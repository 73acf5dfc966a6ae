// Schulze: 1,000,000 ranked ballots over 20 candidates, counted by sovet
// (BLT file loaded, identical ballots merged, pairwise matrix, strongest
// paths, full ranking) and by `belenios-tool method schulze` (Debian package
// belenios-tool; scripts/install-deps --bench) on the same ballots, in the
// same run; the ratio is belenios-tool's time over sovet's. The two results
// are compared: the pairwise matrix entry by entry and the winner (and how
// many places from the top agree; belenios-tool's lower places may differ,
// see tests/count/belenios_agreement_test.cc).
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_count_schulze sovet
//   build/bench/bench_count_schulze [--ballots N] [--candidates C] [--dir DIR] [--no-peer]
//
// Ballots are generated deterministically (SplitMix64, integers only): four
// blocs of voters with different orders of taste, each voter ranking
// between 1 and all candidates drawn from the bloc's weights (Plackett-Luce
// by integer weights), so that the pairwise contests are close and ballots
// are truncated as real ones are. sovet reads them as BLT (one line per
// voter); belenios-tool reads a JSON array with one rank vector per voter
// (rank 1 = first choice, 0 = unranked, which belenios, like sovet, counts
// below every ranked candidate). Each program runs in a child process whose
// wall time, CPU time and peak memory are its own; the machine may be
// shared, so CPU time is shown beside wall time.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace {

namespace bench = sovet::bench;

namespace fs = std::filesystem;

// Writes the BLT and JSON files; false on failure.
bool Generate(std::int64_t ballots, int candidates, const std::string& blt_path,
              const std::string& json_path) {
  std::FILE* blt = std::fopen(blt_path.c_str(), "wb");
  std::FILE* json = std::fopen(json_path.c_str(), "wb");
  if (blt == nullptr || json == nullptr) return false;
  std::fprintf(blt, "%d 1\n", candidates);
  std::fputs("[", json);
  // Four blocs, each with integer taste weights per candidate.
  constexpr int kBlocs = 4;
  std::vector<std::vector<std::uint64_t>> weights(kBlocs, std::vector<std::uint64_t>(candidates));
  std::uint64_t state = 1918;
  for (int bloc = 0; bloc < kBlocs; ++bloc) {
    for (int cand = 0; cand < candidates; ++cand) {
      weights[bloc][cand] = 1 + bench::SplitMix64(state) % 100 + (cand % kBlocs == bloc ? 150 : 0);
    }
  }
  std::vector<int> ranks(candidates);
  std::vector<int> order;
  std::vector<std::uint64_t> left;
  for (std::int64_t ballot = 0; ballot < ballots; ++ballot) {
    int bloc = static_cast<int>(bench::SplitMix64(state) % 100);
    bloc = bloc < 35 ? 0 : bloc < 65 ? 1 : bloc < 85 ? 2 : 3;
    int length = 1 + static_cast<int>(bench::SplitMix64(state) % candidates);
    left = weights[bloc];
    std::uint64_t total = 0;
    for (auto weight : left) total += weight;
    order.clear();
    std::fill(ranks.begin(), ranks.end(), 0);
    for (int pos = 0; pos < length; ++pos) {
      std::uint64_t pick = bench::SplitMix64(state) % total;
      int cand = 0;
      while (pick >= left[cand]) pick -= left[cand++];
      total -= left[cand];
      left[cand] = 0;
      order.push_back(cand);
      ranks[cand] = pos + 1;
    }
    std::fputs("1", blt);
    for (int cand : order) std::fprintf(blt, " %d", cand + 1);
    std::fputs(" 0\n", blt);
    std::fputs(ballot == 0 ? "[" : ",\n[", json);
    for (int cand = 0; cand < candidates; ++cand)
      std::fprintf(json, cand ? ",%d" : "%d", ranks[cand]);
    std::fputs("]", json);
  }
  std::fputs("0\n", blt);
  for (int cand = 0; cand < candidates; ++cand) std::fprintf(blt, "\"C%02d\"\n", cand + 1);
  std::fputs("\"Schulze benchmark\"\n", blt);
  std::fputs("]\n", json);
  return std::fclose(blt) == 0 && std::fclose(json) == 0;
}

void Row(const char* label, const bench::ChildRun& run) {
  std::printf("%-34s %8.3f %8.3f %9.1f MiB\n", label, run.seconds, run.cpu_seconds,
              run.max_rss_kib / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t ballots = 1'000'000;
  int candidates = 20;
  std::string dir = (fs::temp_directory_path() / "sovet-bench").string();
  bool peer = true;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string arg = argv[arg_idx];
    if (arg == "--ballots" && arg_idx + 1 < argc) {
      ballots = std::max<std::int64_t>(1, std::atoll(argv[++arg_idx]));
    } else if (arg == "--candidates" && arg_idx + 1 < argc) {
      candidates = std::clamp(std::atoi(argv[++arg_idx]), 2, 1000);
    } else if (arg == "--dir" && arg_idx + 1 < argc) {
      dir = argv[++arg_idx];
    } else if (arg == "--no-peer") {
      peer = false;
    } else {
      std::fprintf(
          stderr,
          "usage: bench_count_schulze [--ballots N] [--candidates C] [--dir DIR] [--no-peer]\n");
      return 2;
    }
  }
  fs::create_directories(dir);
  const std::string stem =
      dir + "/schulze-" + std::to_string(ballots) + "-" + std::to_string(candidates);
  const std::string blt = stem + ".blt";
  const std::string json = stem + ".json";
  auto start = bench::Clock::now();
  if (!Generate(ballots, candidates, blt, json)) {
    std::fprintf(stderr, "cannot write %s\n", stem.c_str());
    return 1;
  }
  std::printf("generated %lld ballots over %d candidates in %.2f s: %s (%.1f MB), %s (%.1f MB)\n",
              static_cast<long long>(ballots), candidates, bench::SecondsSince(start), blt.c_str(),
              fs::file_size(blt) / 1e6, json.c_str(), fs::file_size(json) / 1e6);

  // sovet's result, once in this process, for the comparison.
  auto loaded = sovet::LoadBlt(blt);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().ToString().c_str());
    return 1;
  }
  sovet::CountOptions options;
  options.method = sovet::Method::kSchulze;
  auto count_start = bench::Clock::now();
  auto result = sovet::Count(sovet::Ballots{*loaded}, options);
  double count_only = bench::SecondsSince(count_start);
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error().ToString().c_str());
    return 1;
  }
  bench::ChildRun library = bench::InChild([&] {
    auto ballots_in = sovet::LoadBlt(blt);
    if (!ballots_in) return 1;
    return sovet::Count(sovet::Ballots{*ballots_in}, options) ? 0 : 1;
  });
  const std::string out = stem + ".out";
  bench::ChildRun command = bench::InChild([&] {
    return bench::ExecRedirected({SOVET_BINARY, "count", "--method", "schulze", blt}, "/dev/null",
                                 out);
  });
  if (library.exit_code != 0 || command.exit_code != 0) {
    std::fprintf(stderr, "sovet failed\n");
    return 1;
  }
  std::printf("\nSchulze, %lld ballots (%zu distinct after merging), %d candidates\n",
              static_cast<long long>(ballots), loaded->distinct_ballots(), candidates);
  std::printf("sovet ranking:");
  for (const auto& name : result->ranking) std::printf(" %s", name.c_str());
  std::printf("\n\n%-34s %8s %8s %13s\n", "", "wall s", "CPU s", "peak RSS");
  Row("sovet (library: load BLT + count)", library);
  Row("sovet count (command)", command);
  std::printf("%-34s %8.3f\n", "sovet count only (pairwise+paths)", count_only);

  if (peer) {
    const std::string peer_out = stem + ".belenios.out";
    bench::ChildRun belenios = bench::InChild([&] {
      return bench::ExecRedirected({"belenios-tool", "method", "schulze", "--blank-allowed=false",
                                    "--nchoices=" + std::to_string(candidates)},
                                   json, peer_out);
    });
    if (belenios.exit_code != 0) {
      std::printf(
          "\nbelenios-tool failed (exit %d); is it installed? (scripts/install-deps --bench)\n",
          belenios.exit_code);
      return 1;
    }
    Row("belenios-tool method schulze", belenios);
    std::printf(
        "\nratio belenios-tool / sovet: %.1fx wall, %.1fx CPU (command); %.1fx wall, %.1fx CPU "
        "(library)\n",
        belenios.seconds / command.seconds, belenios.cpu_seconds / command.cpu_seconds,
        belenios.seconds / library.seconds, belenios.cpu_seconds / library.cpu_seconds);
    std::ifstream in(peer_out);
    nlohmann::json peer_result;
    try {
      in >> peer_result;
    } catch (const std::exception& e) {
      std::printf("cannot read belenios-tool's output: %s\n", e.what());
      return 1;
    }
    bool same_matrix = peer_result["raw"] == nlohmann::json(result->pairwise);
    // belenios-tool's winners (its first group) against sovet's: belenios
    // compares beatpaths as (winning votes, losing votes) pairs, so its lower
    // places can differ where winning votes alone tie (see
    // tests/count/belenios_agreement_test.cc); the winners must agree.
    std::vector<std::string> theirs;
    for (const auto& cand : peer_result["winners"][0])
      theirs.push_back(loaded->candidates[cand.get<std::size_t>()]);
    bool same_order = theirs.size() == 1 && theirs.front() == result->ranking.front();
    std::size_t same_places = 0;
    for (const auto& group : peer_result["winners"]) {
      if (group.size() != 1 || same_places >= result->ranking.size() ||
          loaded->candidates[group[0].get<std::size_t>()] != result->ranking[same_places]) {
        break;
      }
      ++same_places;
    }
    std::printf(
        "pairwise matrix: %s; winner: %s (sovet %s, belenios-tool %s); the first %zu of %d places "
        "agree\n",
        same_matrix ? "identical" : "DIFFERENT", same_order ? "agrees" : "DIFFERS",
        result->ranking.front().c_str(), theirs.empty() ? "none" : theirs.front().c_str(),
        same_places, candidates);
    if (!same_matrix || !same_order) return 1;
  }
  std::printf(
      "\nreproduce: BUILD_DIR=build scripts/build --target bench_count_schulze sovet && "
      "build/bench/bench_count_schulze --ballots %lld --candidates %d --dir %s\n",
      static_cast<long long>(ballots), candidates, dir.c_str());
  return 0;
}
