// Tests as data: every tests/data/count/<method>/<case>.{csv,blt} with its
// <case>.expected.json is one test case, run by the one parameterised test
// below. The directory names the method (directories that are not method
// names, such as blt-bad/, belong to other tests).
//
// Keys of <case>.expected.json (all optional but a case must check
// something):
//   seats, threshold ("3.25"), seed, members, majority   — the count's options
//   error: text the message must contain (the count must fail with
//          kInvalidInput); line: the line the error must name
//   elected (in order), elected_set, allocation, allocation_sum, kept,
//   ranking, ranking_set, condorcet_winner (null: none), motion_passed,
//   quorum_required, quota, valid_votes,
//   ties (number of ties settled), tie_between (the options a lot chose among)
//   text_contains: texts the result sheet (CountResultToText) must contain;
//          with "Non-transferable", the row of that label must contain the
//          others
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/count.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Case {
  std::string method;
  std::string ballots;
  std::string expected;
  std::string name;
};

std::vector<Case> FindCases() {
  std::vector<Case> cases;
  fs::path root = fs::path(SOVET_SOURCE_DIR) / "tests/data/count";
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    std::string method = dir.path().filename().string();
    if (!ParseMethod(method)) continue;
    for (const auto& file : fs::directory_iterator(dir.path())) {
      std::string extension = file.path().extension().string();
      if (extension != ".csv" && extension != ".blt") continue;
      fs::path expected = file.path();
      expected.replace_extension(".expected.json");
      std::string name = method + "__" + file.path().stem().string();
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      cases.push_back({method, file.path().string(), expected.string(), name});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

class CountDataTest : public ::testing::TestWithParam<Case> {};

TEST_P(CountDataTest, MatchesExpected) {
  const Case& test_case = GetParam();
  ASSERT_TRUE(fs::exists(test_case.expected)) << "missing " << test_case.expected;
  auto text = ReadFile(test_case.expected);
  ASSERT_TRUE(text) << text.error().ToString();
  Json expected = Json::parse(*text);

  CountOptions options;
  options.method = *ParseMethod(test_case.method);
  options.seed = expected.value("seed", std::uint64_t{0});
  options.members = expected.value("members", std::int64_t{0});
  if (expected.contains("threshold")) {
    std::string threshold = expected["threshold"].is_string()
                                ? expected["threshold"].get<std::string>()
                                : expected["threshold"].dump();
    auto percent = ParsePercent(threshold);
    ASSERT_TRUE(percent) << percent.error().ToString();
    options.threshold_num = percent->first;
    options.threshold_den = percent->second;
  }
  if (expected.contains("majority")) {
    auto rule = ParseMotionRule(expected["majority"].get<std::string>());
    ASSERT_TRUE(rule) << rule.error().ToString();
    options.decisions.majority = *rule;
  }

  Result<CountResult> counted = [&]() -> Result<CountResult> {
    SOVET_TRY(Ballots ballots, LoadBallots(test_case.ballots));
    options.seats = expected.value("seats", std::int64_t{1});
    if (const auto* ranked = std::get_if<RankedBallots>(&ballots);
        ranked && ranked->seats > 0 && !expected.contains("seats")) {
      options.seats = ranked->seats;
    }
    return Count(ballots, options);
  }();

  if (expected.contains("error")) {
    ASSERT_FALSE(counted) << "expected an error containing " << expected["error"];
    const Status& status = counted.error();
    EXPECT_EQ(status.code(), StatusCode::kInvalidInput) << status.ToString();
    EXPECT_NE(status.ToString().find(expected["error"].get<std::string>()), std::string::npos)
        << status.ToString();
    if (expected.contains("line")) {
      EXPECT_EQ(status.where().line, expected["line"].get<std::int64_t>()) << status.ToString();
    }
    EXPECT_FALSE(status.where().file.empty() && expected.contains("line")) << status.ToString();
    return;
  }
  ASSERT_TRUE(counted) << counted.error().ToString();
  const CountResult& result = *counted;
  int checks = 0;
  if (expected.contains("elected")) {
    ++checks;
    EXPECT_EQ(result.elected, expected["elected"].get<std::vector<std::string>>());
  }
  if (expected.contains("elected_set")) {
    ++checks;
    EXPECT_EQ(Sorted(result.elected),
              Sorted(expected["elected_set"].get<std::vector<std::string>>()));
  }
  if (expected.contains("allocation")) {
    ++checks;
    Json got = Json::object();
    for (const auto& [name, seats] : result.allocation) got[name] = seats;
    EXPECT_EQ(got, expected["allocation"]);
  }
  if (expected.contains("allocation_sum")) {
    ++checks;
    std::int64_t sum = 0;
    for (const auto& [name, seats] : result.allocation) sum += seats;
    EXPECT_EQ(sum, expected["allocation_sum"].get<std::int64_t>());
  }
  if (expected.contains("kept")) {
    ++checks;
    std::vector<std::string> kept;
    const auto& excluded = result.rounds.front().excluded;
    for (const auto& name : result.candidates) {
      if (std::find(excluded.begin(), excluded.end(), name) == excluded.end()) kept.push_back(name);
    }
    EXPECT_EQ(kept, expected["kept"].get<std::vector<std::string>>());
  }
  if (expected.contains("ranking")) {
    ++checks;
    EXPECT_EQ(result.ranking, expected["ranking"].get<std::vector<std::string>>());
  }
  if (expected.contains("ranking_set")) {
    ++checks;
    EXPECT_EQ(Sorted(result.ranking),
              Sorted(expected["ranking_set"].get<std::vector<std::string>>()));
  }
  if (expected.contains("condorcet_winner")) {
    ++checks;
    if (expected["condorcet_winner"].is_null()) {
      EXPECT_FALSE(result.condorcet_winner) << *result.condorcet_winner;
    } else {
      ASSERT_TRUE(result.condorcet_winner);
      EXPECT_EQ(*result.condorcet_winner, expected["condorcet_winner"].get<std::string>());
    }
  }
  if (expected.contains("motion_passed")) {
    ++checks;
    ASSERT_TRUE(result.motion_passed);
    EXPECT_EQ(*result.motion_passed, expected["motion_passed"].get<bool>());
  }
  if (expected.contains("quorum_required")) {
    ++checks;
    ASSERT_TRUE(result.motion);
    EXPECT_EQ(result.motion->quorum_required, expected["quorum_required"].get<std::int64_t>());
  }
  if (expected.contains("quota")) {
    ++checks;
    EXPECT_EQ(result.quota, expected["quota"].get<std::string>());
  }
  if (expected.contains("valid_votes")) {
    ++checks;
    EXPECT_EQ(result.valid_votes, expected["valid_votes"].get<std::string>());
  }
  if (expected.contains("ties")) {
    ++checks;
    EXPECT_EQ(result.ties.size(), expected["ties"].get<std::size_t>());
  }
  if (expected.contains("text_contains")) {
    ++checks;
    std::string sheet = CountResultToText(result);
    auto wanted = expected["text_contains"].get<std::vector<std::string>>();
    std::string_view within = sheet;
    if (!wanted.empty() && wanted.front() == "Non-transferable") {
      std::size_t at = sheet.find("\nNon-transferable");
      ASSERT_NE(at, std::string::npos) << sheet;
      std::size_t end = sheet.find('\n', at + 1);
      within = std::string_view(sheet).substr(at + 1, end - at - 1);
    }
    for (const std::string& text : wanted) {
      EXPECT_NE(within.find(text), std::string_view::npos) << "'" << text << "' not in:\n"
                                                           << within << "\n\nsheet:\n"
                                                           << sheet;
    }
  }
  if (expected.contains("tie_between")) {
    ++checks;
    ASSERT_FALSE(result.ties.empty());
    EXPECT_EQ(Sorted(result.ties.front().tied),
              Sorted(expected["tie_between"].get<std::vector<std::string>>()));
    EXPECT_EQ(result.ties.front().how, "lot");
    EXPECT_TRUE(result.ties.front().draw.has_value());
  }
  EXPECT_GT(checks, 0) << test_case.expected << " checks nothing";

  // The JSON contract carries the same result, and the sheet renders.
  Json json = Json::parse(CountResultToJson(result));
  EXPECT_EQ(json["method"], test_case.method);
  EXPECT_EQ(json["elected"].get<std::vector<std::string>>(), result.elected);
  EXPECT_EQ(json["seed"].get<std::uint64_t>(), options.seed);
  EXPECT_EQ(json["ties"].size(), result.ties.size());
  EXPECT_FALSE(CountResultToText(result).empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, CountDataTest, ::testing::ValuesIn(FindCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace sovet
