// Seats vacant by construction (SYSTEM.md §7.2): the shipped charters leave
// none at any shipped census scale — every census in data/census/ that a
// charter accepts, and the generated small, medium and full 1918 censuses — and a
// charter that does is reported, body by body (tests/data/apportion/cases/
// vacant_by_construction.case holds the figures).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/apportion.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> Files(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    // *.sim.toml are the simulation's files, not charters.
    if (entry.path().extension() == extension && name.find(".sim.") == std::string::npos) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string Warnings(const Apportionment& apportionment) {
  std::string out;
  for (const VacancyWarning& warning : apportionment.warnings) out += warning.message + "\n";
  return out;
}

TEST(VacancyTest, ShippedChartersLeaveNoSeatVacantAtShippedScales) {
  const fs::path root(SOVET_SOURCE_DIR);
  int checked = 0;
  for (const fs::path& charter_path : Files(root / "charters", ".toml")) {
    Result<Charter> charter = LoadCharter(charter_path.string());
    ASSERT_TRUE(charter) << charter.error().ToString();
    std::vector<std::pair<std::string, std::string>> censuses;  // name, CSV
    for (const fs::path& census_path : Files(root / "data/census", ".csv")) {
      Result<std::string> csv = ReadFile(census_path.string());
      ASSERT_TRUE(csv);
      censuses.emplace_back(census_path.string(), *csv);
    }
    if (charter->FindUnitKind("volost") != nullptr) {
      for (CensusScale scale : {CensusScale::kSmall, CensusScale::kMedium}) {
        for (std::uint64_t seed : {1918u, 7u}) {
          Result<std::string> csv = GenerateCensusCsv(scale, seed);
          ASSERT_TRUE(csv) << csv.error().ToString();
          censuses.emplace_back(fmt::format("generated {} {}", CensusScaleName(scale), seed), *csv);
        }
      }
      // The full scale (SYSTEM.md §9: the country of 1918), one seed: its
      // volosts and uyezds are the largest any shipped census holds.
      Result<std::string> full = GenerateCensusCsv(CensusScale::kFull, 1917u);
      ASSERT_TRUE(full) << full.error().ToString();
      censuses.emplace_back("generated full 1917", std::move(*full));
    }
    for (const auto& [name, csv] : censuses) {
      // A census of another charter's unit kinds is no census of this one.
      Result<Census> census = ParseCensus(csv, name, *charter);
      if (!census) continue;
      Result<Apportionment> apportionment = Apportion(*charter, *census);
      // Nor is one that has the kinds but not the bodies a quota draws on
      // (the Council of the Nation's trade unions on the Rada's census).
      if (!apportionment &&
          apportionment.error().message().find("the quota cannot be filled") != std::string::npos &&
          fs::path(name).filename().string().rfind(charter_path.stem().string(), 0) != 0) {
        continue;
      }
      ASSERT_TRUE(apportionment) << apportionment.error().ToString();
      EXPECT_TRUE(apportionment->warnings.empty())
          << charter_path.filename() << " on " << name << ":\n"
          << Warnings(*apportionment);
      ++checked;
    }
  }
  // 1918 x (small CSV + 5 generated) twice, the federation on its own.
  EXPECT_GE(checked, 13);
}

// elected_by.max: as many seats as the electing body can fill, up to the cap;
// a fixed size larger than that is reported, naming both bodies and the key.
TEST(VacancyTest, AnElectedBodyAtTheMaximumFillsWhatItCan) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"t\"\n[units.all]\n[units.one]\nparents = [\"all\"]\nfigures = true\n"
      "[[body]]\nkind = \"soviet\"\nunits = [\"one\"]\nseats = { basis = \"electors\", per = 10 }\n"
      "[[body]]\nkind = \"capped\"\nunits = [\"one\"]\nelected_by = { body = \"soviet\", max = 5 "
      "}\n"
      "[[body]]\nkind = \"fixed\"\nunits = [\"one\"]\nelected_by = { body = \"soviet\", seats = 5 "
      "}\n"
      "[[body]]\nkind = \"open\"\nunits = [\"one\"]\neligible = \"electors\"\n"
      "elected_by = { body = \"soviet\", seats = 5 }\n",
      "t.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  // Soviets of 3 (30 electors), 8 and 0 seats.
  Result<Census> census = ParseCensus(
      "id,parent,kind,name,inhabitants,electors\nall,,all,All,,\na,all,one,A,40,30\n"
      "b,all,one,B,90,80\nc,all,one,C,5,4\n",
      "t.csv", *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  Result<Apportionment> result = Apportion(*charter, *census);
  ASSERT_TRUE(result) << result.error().ToString();
  auto seats = [&](const std::string& id) { return result->bodies[result->Find(id)].seats; };
  EXPECT_EQ(seats("capped:a"), 3);
  EXPECT_EQ(seats("capped:b"), 5);
  EXPECT_EQ(seats("capped:c"), 0);
  EXPECT_TRUE(result->bodies[result->Find("capped:c")].delegations.empty());
  EXPECT_EQ(seats("fixed:a"), 5);
  EXPECT_EQ(seats("open:c"), 5);
  // fixed:a (5 of 3 members) and fixed:c (5 of 0); open:c may take any of
  // c's 4 electors, still one short.
  ASSERT_EQ(result->warnings.size(), 3u) << Warnings(*result);
  const VacancyWarning& first = result->warnings[0];
  EXPECT_EQ(result->bodies[first.body].id, "fixed:a");
  EXPECT_EQ(result->bodies[first.from].id, "soviet:a");
  EXPECT_EQ(first.seats, 5);
  EXPECT_EQ(first.eligible, 3);
  EXPECT_EQ(first.rule, "body[2].eligible");
  EXPECT_EQ(first.message,
            "fixed:a: 5 seats elected by soviet:a, but only its 3 members may sit on it "
            "(body[2].eligible = \"members\", t.toml:15): 2 seats vacant by construction; give "
            "elected_by.max (as many as can be filled, up to a cap) or fewer seats");
  EXPECT_EQ(result->bodies[result->warnings[2].body].id, "open:c");
  EXPECT_EQ(result->warnings[2].eligible, 4);
  EXPECT_NE(result->warnings[2].message.find("the 4 electors of its unit"), std::string::npos)
      << result->warnings[2].message;
  const std::string json = ApportionmentToJson(*result, *census);
  EXPECT_NE(json.find(",\"warnings\":[{\"body\":\"fixed:a\",\"from\":\"soviet:a\",\"seats\":5,"
                      "\"eligible\":3,\"rule\":\"body[2].eligible\",\"message\":\"fixed:a: 5 "),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace sovet
