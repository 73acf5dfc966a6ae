// The simulation file (doc/demo_model.md "The slates file"): the shipped
// files parse, the two 1918 files agree, and every malformed file in
// tests/data/sim/slates is refused with the line, column and field its first
// line expects. And the seeds' slates give the compositions they always
// have: the same seed, the same Congress.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "base/io.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

using ::testing::HasSubstr;

TEST(SimModelTest, TheShippedFilesParse) {
  for (const char* name : {"rsfsr-1918", "rsfsr-1918-constitution", "federation"}) {
    const std::string path =
        SimModelPathFor(SOVET_SOURCE_DIR "/charters/" + std::string(name) + ".toml");
    auto model = LoadSimModel(path);
    ASSERT_TRUE(model) << model.error().ToString();
    EXPECT_GE(model->slates.size(), 2u) << path;
  }
  auto federation = LoadSimModel(SOVET_SOURCE_DIR "/charters/federation.sim.toml");
  ASSERT_TRUE(federation);
  EXPECT_FALSE(federation->comparison.has_value());
  EXPECT_EQ(federation->slates[federation->independent].key, "independents");
}

// One electorate, two charters: the constitution's file must not drift from
// the 1918 charter's.
TEST(SimModelTest, TheTwo1918FilesAgree) {
  auto a = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
  auto b = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918-constitution.sim.toml");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->slates.size(), b->slates.size());
  for (std::size_t idx = 0; idx < a->slates.size(); ++idx) {
    const SimSlate& x = a->slates[idx];
    const SimSlate& y = b->slates[idx];
    EXPECT_EQ(std::tie(x.key, x.name, x.town, x.village, x.capital, x.national, x.independent),
              std::tie(y.key, y.name, y.town, y.village, y.capital, y.national, y.independent));
  }
  EXPECT_EQ(a->capitals, b->capitals);
  EXPECT_EQ(a->notes, b->notes);
  EXPECT_EQ(std::tie(a->region_low, a->region_high, a->local_low, a->local_high, a->national_every,
                     a->national_factor, a->turnout_low, a->turnout_high, a->attendance_low,
                     a->attendance_high, a->nominees_num, a->nominees_den),
            std::tie(b->region_low, b->region_high, b->local_low, b->local_high, b->national_every,
                     b->national_factor, b->turnout_low, b->turnout_high, b->attendance_low,
                     b->attendance_high, b->nominees_num, b->nominees_den));
  ASSERT_TRUE(a->comparison && b->comparison);
  EXPECT_EQ(a->comparison->seats, b->comparison->seats);
  EXPECT_EQ(a->comparison->lists.size(), b->comparison->lists.size());
}

TEST(SimModelTest, MalformedFilesAreRefusedWithLineAndField) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(SOVET_SOURCE_DIR "/tests/data/sim/slates")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    auto text = ReadFile(entry.path().string());
    ASSERT_TRUE(text);
    const std::string prefix = "# expect: ";
    ASSERT_EQ(text->rfind(prefix, 0), 0u) << entry.path();
    const std::string expect = text->substr(prefix.size(), text->find('\n') - prefix.size());
    auto model = ParseSimModel(*text, entry.path().filename().string());
    ASSERT_FALSE(model) << entry.path() << " parsed";
    EXPECT_EQ(model.error().code(), StatusCode::kInvalidInput) << entry.path();
    EXPECT_THAT(model.error().ToString(), HasSubstr(expect)) << entry.path();
  }
  EXPECT_GE(files, 10);
}

// The Congress of the small generated country (census seed 1, electorate
// seed 1) under the 1918 charter, slate by slate: what `sovet demo --scale
// small --seed 1` has always elected (78 Communists, 3 Kadets). A change to
// the model, the key derivation or the slates file's figures shows here.
TEST(SimModelTest, TheSameSeedGivesTheSameCongress) {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(charter);
  auto model = LoadSimModel(SOVET_SOURCE_DIR "/charters/rsfsr-1918.sim.toml");
  ASSERT_TRUE(model);
  auto csv = GenerateCensusCsv(CensusScale::kSmall, 1);
  ASSERT_TRUE(csv);
  auto census = ParseCensus(*csv, "generated-small-1.csv", *charter);
  ASSERT_TRUE(census);
  auto apportionment = Apportion(*charter, *census);
  ASSERT_TRUE(apportionment);
  CycleOptions options;
  options.seed = 1;
  options.model = &*model;
  auto record = RunCycle(*charter, *census, *apportionment, options);
  ASSERT_TRUE(record) << record.error().ToString();
  const SummaryBodies shown = ChooseSummaryBodies(*charter, *apportionment);
  ASSERT_GE(shown.congress, 0);
  // 78 from the places and 1 from the front congress: the army of the
  // generated census (001:152, 1 per 25,000 electors at the towns' norm).
  EXPECT_EQ(Composition(record->state, record->persons, shown.congress),
            (SlateCounts{79, 0, 0, 0, 3, 0, 0}));
  EXPECT_EQ(Composition(record->state, record->persons, shown.executive),
            (SlateCounts{79, 0, 0, 0, 3, 0, 0}));
  // The first commissar, by name: the persons themselves are the same. (The
  // charter's local executive committees, and then the army's bodies, whose
  // ids sort among the others, changed the bodies' indices and so the names
  // drawn.)
  const Mandate& first = record->state.mandates[record->state.At(shown.commissars, 1)];
  EXPECT_EQ(record->persons.name[first.person], "Olga Zaitseva");
  EXPECT_EQ(first.portfolio, "Foreign Affairs");
  ASSERT_TRUE(record->constituent.counted);
  EXPECT_EQ(record->constituent.won, (std::vector<std::int64_t>{256, 97, 11, 150, 3, 3}));
}

TEST(SimModelTest, RunCycleNeedsSlates) {
  CycleOptions options;
  auto record = RunCycle(Charter{}, Census{}, Apportionment{}, options);
  ASSERT_FALSE(record);
  EXPECT_EQ(record.error().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace sovet
