// STV benchmark: 1,000,000 ranked ballots, 15 candidates, 5 seats, counted
// by the Scottish rules and by Meek's method, against `belenios-tool method
// stv` (Debian package belenios-tool; scripts/install-deps --bench) on the
// same ballots, in the same run.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_count_stv
//   build/bench/bench_count_stv [--ballots N] [--candidates C] [--seats S] [--no-peer]
//
// The ballots are generated deterministically (SplitMix64 from a fixed seed,
// integer arithmetic only) with a realistic structure: five party blocs of
// three candidates, voters ranking some of their party's candidates in one
// of a few orders and then, often, some of a second and third party's, so
// that ballots repeat as they do in real elections. They are written as a
// BLT file with one line per voter (weight 1), and each sovet count runs in
// a child process that loads that file (parsing and merging identical
// ballots) and counts it, so that its wall time and peak memory (the
// child's maximum resident set) are its own. belenios-tool reads the same
// ballots as JSON (one rank vector per voter) on standard input; its time and
// peak memory are measured the same way (with the stack limit lifted, which
// it needs at this size), and the ratio is its wall time over sovet's. Targets (issue 3): under 2 s
// and 1 GiB per count.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.h"
#include "count/stv.h"
#include "sovet/ballots.h"

namespace {

namespace bench = sovet::bench;

using sovet::CandidateIndex;

struct Options {
  std::int64_t ballots = 1'000'000;
  int candidates = 15;
  std::int64_t seats = 5;
  bool peer = true;
};

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() { return sovet::bench::SplitMix64(state_); }
  // An index drawn with the given integer weights.
  std::size_t Pick(const std::vector<std::uint32_t>& weights) {
    std::uint64_t total = 0;
    for (std::uint32_t weight : weights) total += weight;
    std::uint64_t point = Next() % total;
    for (std::size_t idx = 0; idx < weights.size(); ++idx) {
      if (point < weights[idx]) return idx;
      point -= weights[idx];
    }
    return weights.size() - 1;
  }

 private:
  std::uint64_t state_;
};

// One voter's ranking (0-based candidates) under the bloc model.
std::vector<CandidateIndex> GenerateBallot(SplitMix64& random, int candidates) {
  const int kPerParty = 3;
  const int parties = (candidates + kPerParty - 1) / kPerParty;
  static const std::vector<std::uint32_t> kPartySupport = {30, 25, 20, 15, 10, 8, 6, 4, 3, 2};
  std::vector<std::uint32_t> support(kPartySupport.begin(),
                                     kPartySupport.begin() + std::min<std::size_t>(parties, 10));
  support.resize(static_cast<std::size_t>(parties), 1);
  std::vector<CandidateIndex> ballot;
  std::vector<bool> party_used(static_cast<std::size_t>(parties), false);
  int party = static_cast<int>(random.Pick(support));
  // Probability (in percent) of going on to another party after the 1st, 2nd, ...
  static const std::uint32_t kContinue[] = {60, 35, 20, 10, 5};
  for (int depth = 0;; ++depth) {
    party_used[static_cast<std::size_t>(party)] = true;
    const int first = party * kPerParty;
    const int size = std::min(kPerParty, candidates - first);
    // One of three orders of the party's candidates (rotations), and how
    // many of them the voter ranks.
    const std::size_t rotation = random.Pick({50, 30, 20}) % static_cast<std::size_t>(size);
    const std::size_t ranked = 1 + random.Pick({25, 35, 40}) % static_cast<std::size_t>(size);
    for (std::size_t idx = 0; idx < ranked; ++idx) {
      ballot.push_back(static_cast<CandidateIndex>(first + (rotation + idx) % size));
    }
    if (depth >= 4 || random.Next() % 100 >= kContinue[depth]) break;
    // The next party: neighbours on the left-right axis are likelier.
    std::vector<std::uint32_t> next(static_cast<std::size_t>(parties), 0);
    bool any = false;
    for (int other = 0; other < parties; ++other) {
      if (party_used[static_cast<std::size_t>(other)]) continue;
      const int distance = std::abs(other - party);
      next[static_cast<std::size_t>(other)] = distance == 1 ? 6 : distance == 2 ? 3 : 1;
      any = true;
    }
    if (!any) break;
    party = static_cast<int>(random.Pick(next));
  }
  return ballot;
}

double Seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

int CountInChild(const std::string& blt_path, std::int64_t seats, bool meek) {
  auto load_start = std::chrono::steady_clock::now();
  auto ballots = sovet::LoadBlt(blt_path);
  if (!ballots) {
    std::printf("load failed: %s\n", ballots.error().ToString().c_str());
    return 1;
  }
  auto count_start = std::chrono::steady_clock::now();
  auto result =
      meek ? sovet::CountStvMeek(*ballots, seats, 0) : sovet::CountStvScottish(*ballots, seats, 0);
  auto end = std::chrono::steady_clock::now();
  if (!result) {
    std::printf("count failed: %s\n", result.error().ToString().c_str());
    return 1;
  }
  std::printf("load %.3f s (%zu distinct ballots), count %.3f s, %zu stages; elected:",
              Seconds(count_start - load_start), ballots->distinct_ballots(),
              Seconds(end - count_start), result->rounds.size());
  for (const std::string& name : result->elected) std::printf(" %s", name.c_str());
  std::printf("\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int idx = 1; idx < argc; ++idx) {
    std::string arg = argv[idx];
    auto value = [&]() -> std::int64_t {
      if (idx + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return std::atoll(argv[++idx]);
    };
    if (arg == "--ballots") {
      options.ballots = value();
    } else if (arg == "--candidates") {
      options.candidates = static_cast<int>(value());
    } else if (arg == "--seats") {
      options.seats = value();
    } else if (arg == "--no-peer") {
      options.peer = false;
    } else {
      std::fprintf(stderr,
                   "usage: bench_count_stv [--ballots N] [--candidates C] [--seats S] "
                   "[--no-peer]\n");
      return 2;
    }
  }
  if (options.candidates < 2 || options.candidates > 60 || options.seats < 1 ||
      options.seats >= options.candidates || options.ballots < 1) {
    std::fprintf(stderr, "need 2 <= candidates <= 60, 1 <= seats < candidates, ballots >= 1\n");
    return 2;
  }

  char dir_template[] = "/tmp/sovet-bench-stv-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string dir = dir_template;
  const std::string blt_path = dir + "/ballots.blt";
  const std::string json_path = dir + "/ballots.json";

  // Generate once, writing both formats as we go (never all in memory).
  auto generate_start = std::chrono::steady_clock::now();
  {
    std::FILE* blt = std::fopen(blt_path.c_str(), "w");
    std::FILE* json = options.peer ? std::fopen(json_path.c_str(), "w") : nullptr;
    if (blt == nullptr || (options.peer && json == nullptr)) {
      std::perror("fopen");
      return 1;
    }
    std::fprintf(blt, "%d %lld\n", options.candidates, static_cast<long long>(options.seats));
    if (json) std::fputc('[', json);
    SplitMix64 random(20260515);
    std::vector<int> ranks(static_cast<std::size_t>(options.candidates));
    std::string line;
    for (std::int64_t voter = 0; voter < options.ballots; ++voter) {
      std::vector<CandidateIndex> ballot = GenerateBallot(random, options.candidates);
      line = "1";
      for (CandidateIndex candidate : ballot) line += " " + std::to_string(candidate + 1);
      line += " 0\n";
      std::fputs(line.c_str(), blt);
      if (json) {
        // belenios: one rank per candidate, 1 = best, 0 = unranked.
        std::fill(ranks.begin(), ranks.end(), 0);
        for (std::size_t rank = 0; rank < ballot.size(); ++rank) {
          ranks[ballot[rank]] = static_cast<int>(rank + 1);
        }
        line = voter == 0 ? "[" : ",[";
        for (std::size_t idx = 0; idx < ranks.size(); ++idx) {
          if (idx) line += ',';
          line += std::to_string(ranks[idx]);
        }
        line += ']';
        std::fputs(line.c_str(), json);
      }
    }
    std::fputs("0\n", blt);
    for (int candidate = 0; candidate < options.candidates; ++candidate) {
      std::fprintf(blt, "\"C%02d\"\n", candidate + 1);
    }
    std::fputs("\"bench_count_stv\"\n", blt);
    std::fclose(blt);
    if (json) {
      std::fputs("]\n", json);
      std::fclose(json);
    }
  }
  std::printf(
      "bench_count_stv: %lld ranked ballots, %d candidates, %lld seats (generated in "
      "%.2f s)\n",
      static_cast<long long>(options.ballots), options.candidates,
      static_cast<long long>(options.seats), bench::SecondsSince(generate_start));

  std::string scottish_output;
  bench::ChildRun scottish = bench::InChild(
      [&] { return CountInChild(blt_path, options.seats, /*meek=*/false); }, &scottish_output);
  std::string meek_output;
  bench::ChildRun meek = bench::InChild(
      [&] { return CountInChild(blt_path, options.seats, /*meek=*/true); }, &meek_output);
  auto report = [](const char* name, const bench::ChildRun& measured, const std::string& output) {
    std::printf("  %-22s %7.3f s wall, peak %7.1f MiB%s   [%s]\n", name, measured.seconds,
                measured.max_rss_kib / 1024.0, measured.exit_code == 0 ? "" : " FAILED",
                output.empty() ? "" : output.substr(0, output.size() - 1).c_str());
  };
  report("sovet stv-scottish", scottish, scottish_output);
  report("sovet stv-meek", meek, meek_output);

  if (options.peer) {
    std::string peer_output;
    bench::ChildRun peer = bench::InChild(
        [&] {
          int input = open(json_path.c_str(), O_RDONLY);
          if (input < 0) return 127;
          dup2(input, STDIN_FILENO);
          close(input);
          // belenios-tool's JSON reader recurses once per ballot and overflows
          // the default 8 MiB stack at 1,000,000 ballots: lift the soft limit to
          // the hard one, as `ulimit -s unlimited` would.
          struct rlimit stack {};
          if (getrlimit(RLIMIT_STACK, &stack) == 0) {
            stack.rlim_cur = stack.rlim_max;
            setrlimit(RLIMIT_STACK, &stack);
          }
          std::string seats = "--nseats=" + std::to_string(options.seats);
          execlp("belenios-tool", "belenios-tool", "method", "stv", seats.c_str(),
                 static_cast<char*>(nullptr));
          return 127;  // exec failed: belenios-tool not installed
        },
        &peer_output);
    if (peer.exit_code != 0) {
      std::printf(
          "  belenios-tool method stv: not run (install with scripts/install-deps "
          "--bench)\n");
    } else {
      // Its output ends with "winners":[i,...] (0-based candidate indices).
      std::string winners;
      std::size_t at = peer_output.find("\"winners\":");
      if (at != std::string::npos) {
        winners = peer_output.substr(at + 10);
        while (!winners.empty() && (winners.back() == '\n' || winners.back() == '}')) {
          winners.pop_back();
        }
      }
      // The same set as sovet's Scottish count? (belenios counts another STV
      // variant, so it may legitimately differ.)
      std::string ours = scottish_output.substr(scottish_output.find("elected:") + 8);
      std::vector<int> ours_idx;
      for (std::size_t pos = ours.find(" C"); pos != std::string::npos;
           pos = ours.find(" C", pos + 1)) {
        ours_idx.push_back(std::atoi(ours.c_str() + pos + 2) - 1);
      }
      std::vector<int> theirs_idx;
      for (std::size_t pos = 0; pos < winners.size(); ++pos) {
        if (std::isdigit(static_cast<unsigned char>(winners[pos])) &&
            (pos == 0 || !std::isdigit(static_cast<unsigned char>(winners[pos - 1])))) {
          theirs_idx.push_back(std::atoi(winners.c_str() + pos));
        }
      }
      std::sort(ours_idx.begin(), ours_idx.end());
      std::sort(theirs_idx.begin(), theirs_idx.end());
      std::printf("  %-22s %7.3f s wall, peak %7.1f MiB   [winners (0-based) %s: %s sovet's]\n",
                  "belenios-tool stv", peer.seconds, peer.max_rss_kib / 1024.0, winners.c_str(),
                  ours_idx == theirs_idx ? "the same set as" : "differ from");
      std::printf("  ratio belenios-tool / sovet: %.1fx (Scottish), %.1fx (Meek)\n",
                  peer.seconds / scottish.seconds, peer.seconds / meek.seconds);
    }
  }
  std::printf(
      "reproduce: build/bench/bench_count_stv --ballots %lld --candidates %d --seats %lld\n",
      static_cast<long long>(options.ballots), options.candidates,
      static_cast<long long>(options.seats));
  std::remove(blt_path.c_str());
  if (options.peer) std::remove(json_path.c_str());
  rmdir(dir.c_str());
  return scottish.exit_code == 0 && meek.exit_code == 0 ? 0 : 1;
}
