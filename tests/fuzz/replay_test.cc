// Replays every input the fuzzers found a defect with (tests/data/fuzz/TARGET/)
// through the same function the fuzz target runs, in whatever build this is
// (gcc Release, or the sanitizer build): each must return, never crash.
//
// A file named `known-LABEL-...` reproduces a defect known and not yet fixed:
// it is skipped (and named in the output) unless SOVET_STRICT_KNOWN_DEFECTS=1.
#define SOVET_FUZZ_REPLAY 1

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../../fuzz/act_json_fuzz.cc"
#include "../../fuzz/ballot_csv_fuzz.cc"
#include "../../fuzz/blt_fuzz.cc"
#include "../../fuzz/census_csv_fuzz.cc"
#include "../../fuzz/charter_toml_fuzz.cc"
#include "../../fuzz/journal_entry_fuzz.cc"
#include "../../fuzz/journal_export_fuzz.cc"

namespace sovet::fuzz {
namespace {

namespace fs = std::filesystem;

struct Reproducer {
  std::string target;
  fs::path path;
};

using TargetFunction = int (*)(const std::uint8_t*, std::size_t);

TargetFunction FunctionOf(const std::string& target) {
  if (target == "charter_toml") return CharterToml;
  if (target == "census_csv") return CensusCsv;
  if (target == "ballot_csv") return BallotCsv;
  if (target == "blt") return Blt;
  if (target == "journal_entry") return JournalEntry;
  if (target == "journal_export") return JournalExport;
  if (target == "act_json") return ActJson;
  return nullptr;
}

std::vector<Reproducer> Reproducers() {
  std::vector<Reproducer> found;
  fs::path root = fs::path(SOVET_SOURCE_DIR) / "tests/data/fuzz";
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(root, ec)) {
    if (!dir.is_directory()) continue;
    for (const auto& file : fs::directory_iterator(dir.path())) {
      if (file.is_regular_file() && file.path().filename() != "README.md") {
        found.push_back({dir.path().filename().string(), file.path()});
      }
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Reproducer& a, const Reproducer& b) { return a.path < b.path; });
  return found;
}

class FuzzReplayTest : public ::testing::TestWithParam<Reproducer> {};

TEST(FuzzReplay, EveryTargetDirectoryNamesATarget) {
  for (const Reproducer& r : Reproducers()) {
    EXPECT_NE(FunctionOf(r.target), nullptr) << r.path;
  }
}

TEST_P(FuzzReplayTest, ReturnsWithoutCrashing) {
  const Reproducer& r = GetParam();
  TargetFunction function = FunctionOf(r.target);
  ASSERT_NE(function, nullptr) << r.path;
  const char* strict = std::getenv("SOVET_STRICT_KNOWN_DEFECTS");
  if (r.path.filename().string().rfind("known-", 0) == 0 &&
      !(strict != nullptr && std::string(strict) == "1")) {
    GTEST_SKIP() << "known defect, reproduced by " << r.path;
  }
  std::ifstream in(r.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(function(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
}

std::string Name(const ::testing::TestParamInfo<Reproducer>& info) {
  std::string name = info.param.target + "_" + info.param.path.filename().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Reproducers, FuzzReplayTest, ::testing::ValuesIn(Reproducers()), Name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzReplayTest);

}  // namespace
}  // namespace sovet::fuzz
