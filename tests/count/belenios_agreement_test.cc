// Schulze winners agree with an independent implementation, belenios-tool
// (Debian package belenios-tool, installed by scripts/install-deps --bench),
// on random profiles with truncated ballots: the pairwise matrix entry by
// entry, and belenios-tool's winners are among sovet's unbeaten candidates
// (exactly them when sovet has a single winner).
//
// Only the winners are compared, not the places below: belenios-tool's
// "beatpaths" are pairs (winning votes, losing votes) compared as such,
// which settles some ties that plain winning votes (SYSTEM.md §6) leaves to
// lot and so can order lower places differently; on 1,000 random profiles
// its winners were always within sovet's, while about 4% of full rankings
// differed below the top.
// Skipped, saying so, where belenios-tool is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "sovet/count.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;

TEST(BeleniosAgreementTest, SchulzeAgreesOnRandomProfiles) {
  const char* tool = "/usr/bin/belenios-tool";
  if (!fs::exists(tool))
    GTEST_SKIP() << "belenios-tool is not installed (scripts/install-deps --bench)";
  fs::path dir = fs::temp_directory_path() / ("sovet-belenios-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::mt19937_64 rng(19171025);
  for (int profile = 0; profile < 60; ++profile) {
    int candidates = 3 + static_cast<int>(rng() % 6);
    int voters = 5 + static_cast<int>(rng() % 80);
    RankedBallots ballots;
    ballots.source_file = "random";
    for (int cand = 0; cand < candidates; ++cand)
      ballots.candidates.push_back("C" + std::to_string(cand));
    ballots.withdrawn.assign(static_cast<std::size_t>(candidates), false);
    nlohmann::json peer_ballots = nlohmann::json::array();
    for (int voter = 0; voter < voters; ++voter) {
      std::vector<int> order(static_cast<std::size_t>(candidates));
      for (int cand = 0; cand < candidates; ++cand) order[static_cast<std::size_t>(cand)] = cand;
      std::shuffle(order.begin(), order.end(), rng);
      order.resize(1 + rng() % static_cast<std::uint64_t>(candidates));
      std::vector<int> ranks(static_cast<std::size_t>(candidates), 0);
      for (std::size_t pos = 0; pos < order.size(); ++pos) {
        ranks[static_cast<std::size_t>(order[pos])] = static_cast<int>(pos) + 1;
        ballots.prefs.push_back(static_cast<CandidateIndex>(order[pos]));
      }
      ballots.offsets.push_back(static_cast<std::uint32_t>(ballots.prefs.size()));
      ballots.weights.push_back(1);
      ++ballots.total_weight;
      peer_ballots.push_back(ranks);
    }
    std::ofstream(dir / "in.json") << peer_ballots.dump();
    std::string command = std::string(tool) + " method schulze --blank-allowed=false --nchoices=" +
                          std::to_string(candidates) + " <'" + (dir / "in.json").string() + "' >'" +
                          (dir / "out.json").string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    nlohmann::json peer;
    std::ifstream(dir / "out.json") >> peer;

    CountOptions options;
    options.method = Method::kSchulze;
    options.seed = static_cast<std::uint64_t>(profile);
    auto result = Count(Ballots{ballots}, options);
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_EQ(peer["raw"], nlohmann::json(result->pairwise)) << "profile " << profile;
    // sovet's unbeaten candidates: p[b][a] > p[a][b] for no b.
    std::vector<std::string> unbeaten;
    for (int a = 0; a < candidates; ++a) {
      bool beaten = false;
      for (int b = 0; b < candidates; ++b) {
        if (a != b && result->strongest_paths[b][a] > result->strongest_paths[a][b]) beaten = true;
      }
      if (!beaten) unbeaten.push_back(ballots.candidates[static_cast<std::size_t>(a)]);
    }
    EXPECT_NE(std::find(unbeaten.begin(), unbeaten.end(), result->ranking.front()), unbeaten.end());
    std::vector<std::string> theirs;
    for (const auto& cand : peer["winners"][0])
      theirs.push_back(ballots.candidates[cand.get<std::size_t>()]);
    for (const auto& name : theirs) {
      EXPECT_NE(std::find(unbeaten.begin(), unbeaten.end(), name), unbeaten.end())
          << "profile " << profile << ": belenios-tool's winner " << name << " is beaten in sovet";
    }
    if (unbeaten.size() == 1) {
      EXPECT_EQ(theirs, unbeaten) << "profile " << profile;
      EXPECT_EQ(result->ranking.front(), unbeaten.front());
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sovet
