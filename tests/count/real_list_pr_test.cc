// Real elections (../shared/data/elections/list-pr/, see its README.md): 629
// districts of Portugal 2025 (câmara and assembleia municipal), Austria's
// Nationalrat 1994-2019 (federal tier) and Israel's Knesset 2013-2022, each
// with its official seat allocation. Every district is counted by D'Hondt
// with its `threshold_percent` and must reproduce the allocation exactly.
//
// No district is exempt. Notes from the README that matter here:
//  - Israel: the 3.25% / 2% threshold was applied upstream to the listed
//    lists (threshold_percent is null): re-applying it to these totals would
//    be wrong, so none is applied.
//  - Five Portuguese assembleia districts have equal quotients during the
//    allocation, but the tied lists receive the contested seats either way,
//    so the lot (seed 0) is never decisive; the test also checks that no
//    district needed a lot.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/count.h"
#include "shared_data.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

TEST(RealListPrTest, EveryDistrictReproducesTheOfficialDhondtAllocation) {
  SOVET_SKIP_WITHOUT_SHARED_ELECTIONS();
  fs::path dir = fs::path(SOVET_SHARED_DIR) / "data/elections/list-pr";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int districts = 0;
  int with_lot = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    fs::path expected_path = entry.path();
    expected_path.replace_extension(".expected.json");
    auto text = ReadFile(expected_path.string());
    ASSERT_TRUE(text) << text.error().ToString();
    Json expected = Json::parse(*text);
    ASSERT_EQ(expected["method"], "dhondt") << expected_path;

    auto tally = LoadTallyCsv(entry.path().string());
    ASSERT_TRUE(tally) << tally.error().ToString();
    CountOptions options;
    options.method = Method::kDhondt;
    options.seats = expected["seats"].get<std::int64_t>();
    if (!expected["threshold_percent"].is_null()) {
      auto percent = ParsePercent(expected["threshold_percent"].dump());
      ASSERT_TRUE(percent) << percent.error().ToString();
      options.threshold_num = percent->first;
      options.threshold_den = percent->second;
    }
    auto result = Count(Ballots{*tally}, options);
    ASSERT_TRUE(result) << result.error().ToString();
    Json got = Json::object();
    for (const auto& [name, seats] : result->allocation) got[name] = seats;
    EXPECT_EQ(got, expected["allocation"]) << entry.path();
    if (!result->ties.empty()) ++with_lot;
    ++districts;
  }
  EXPECT_EQ(districts, 629);
  EXPECT_EQ(with_lot, 0);
}

}  // namespace
}  // namespace sovet
