// The rules of SYSTEM.md §4-5 at their boundaries, as data: every
// tests/data/apportion/cases/*.case file is one census with the seats (and,
// where given, the complete delegations) its bodies must get.
//
// Case file format (one directive a line; '#' starts a comment):
//   charter NAME            charters/NAME.toml, or a path relative to
//                           tests/data/apportion/ when NAME contains '/'
//   expect BODY SEATS [FROM=K ...]
//                           BODY has SEATS seats; when delegations are given
//                           they must be exactly the body's delegations
//   absent BODY             no such body exists
//   warn BODY FROM SEATS ELIGIBLE RULE
//                           the delegation of FROM to BODY has SEATS seats that
//                           only ELIGIBLE persons may fill (the charter key
//                           RULE): seats vacant by construction. A case's
//                           warnings must be exactly its `warn` lines.
//   error TEXT              apportionment fails with a message containing TEXT
//   census                  the rest of the file is the census CSV
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/io.h"
#include "sovet/apportion.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;

const fs::path kDataDir = fs::path(SOVET_SOURCE_DIR) / "tests/data/apportion";

struct Expectation {
  std::string body;
  std::int64_t seats = 0;
  std::map<std::string, std::int64_t> delegations;  // empty: not checked
  int line = 0;
};

struct Warning {
  std::string body, from;
  std::int64_t seats = 0, eligible = 0;
  std::string rule;
  auto operator<=>(const Warning&) const = default;
};

struct Case {
  std::vector<Warning> warnings;
  std::string charter_path;
  std::vector<Expectation> expectations;
  std::vector<std::pair<std::string, int>> absent;
  std::string error;
  std::string census;
};

Case ReadCase(const fs::path& path) {
  Result<std::string> text = ReadFile(path.string());
  EXPECT_TRUE(text) << text.error().ToString();
  Case parsed;
  std::istringstream lines(text.value_or(""));
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string directive;
    words >> directive;
    if (directive == "census") {
      std::ostringstream rest;
      rest << lines.rdbuf();
      parsed.census = rest.str();
      break;
    }
    if (directive == "charter") {
      std::string name;
      words >> name;
      parsed.charter_path = name.find('/') == std::string::npos
                                ? std::string(SOVET_SOURCE_DIR) + "/charters/" + name + ".toml"
                                : (kDataDir / name).string();
    } else if (directive == "expect") {
      Expectation expectation;
      expectation.line = line_number;
      words >> expectation.body >> expectation.seats;
      for (std::string delegation; words >> delegation;) {
        std::size_t equals = delegation.rfind('=');
        EXPECT_NE(equals, std::string::npos) << path << ":" << line_number;
        expectation.delegations[delegation.substr(0, equals)] =
            std::stoll(delegation.substr(equals + 1));
      }
      parsed.expectations.push_back(std::move(expectation));
    } else if (directive == "absent") {
      std::string body;
      words >> body;
      parsed.absent.emplace_back(body, line_number);
    } else if (directive == "warn") {
      Warning warning;
      words >> warning.body >> warning.from >> warning.seats >> warning.eligible >> warning.rule;
      EXPECT_FALSE(warning.rule.empty()) << path << ":" << line_number << ": warn needs 5 words";
      parsed.warnings.push_back(std::move(warning));
    } else if (directive == "error") {
      std::getline(words >> std::ws, parsed.error);
    } else {
      ADD_FAILURE() << path << ":" << line_number << ": unknown directive '" << directive << "'";
    }
  }
  return parsed;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kDataDir / "cases")) {
    if (entry.path().extension() == ".case") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class CasesTest : public testing::TestWithParam<std::string> {};

TEST_P(CasesTest, BodiesGetTheirSeats) {
  const fs::path path = kDataDir / "cases" / (GetParam() + ".case");
  Case test_case = ReadCase(path);
  ASSERT_FALSE(test_case.charter_path.empty()) << path << ": no 'charter' line";
  Result<Charter> charter = LoadCharter(test_case.charter_path);
  ASSERT_TRUE(charter) << charter.error().ToString();
  Result<Census> census = ParseCensus(test_case.census, path.string(), *charter);
  ASSERT_TRUE(census) << census.error().ToString();
  Result<Apportionment> apportionment = Apportion(*charter, *census);
  if (!test_case.error.empty()) {
    ASSERT_FALSE(apportionment) << path << ": expected an error";
    EXPECT_NE(apportionment.error().message().find(test_case.error), std::string::npos)
        << apportionment.error().ToString();
    return;
  }
  ASSERT_TRUE(apportionment) << apportionment.error().ToString();
  EXPECT_FALSE(test_case.expectations.empty()) << path << ": a case must expect something";
  for (const Expectation& expectation : test_case.expectations) {
    std::string where = path.filename().string() + ":" + std::to_string(expectation.line);
    BodyIndex found = apportionment->Find(expectation.body);
    ASSERT_GE(found, 0) << where << ": no body " << expectation.body;
    const ApportionedBody& body = apportionment->bodies[found];
    EXPECT_EQ(body.seats, expectation.seats) << where << ": seats of " << expectation.body;
    std::map<std::string, std::int64_t> delegations;
    std::int64_t delegated = 0;
    for (const Delegation& delegation : body.delegations) {
      delegations[apportionment->bodies[delegation.from].id] = delegation.seats;
      delegated += delegation.seats;
    }
    if (!body.delegations.empty()) {
      EXPECT_EQ(delegated, body.seats) << where << ": delegations must fill the body";
    }
    if (!expectation.delegations.empty()) {
      EXPECT_EQ(delegations, expectation.delegations)
          << where << ": delegations of " << expectation.body;
    }
  }
  std::vector<Warning> warnings;
  for (const VacancyWarning& warning : apportionment->warnings) {
    warnings.push_back({apportionment->bodies[warning.body].id,
                        apportionment->bodies[warning.from].id, warning.seats, warning.eligible,
                        warning.rule});
    // The message names both bodies and the rule (SYSTEM.md §7.2).
    EXPECT_NE(warning.message.find(warnings.back().body), std::string::npos) << warning.message;
    EXPECT_NE(warning.message.find(warnings.back().from), std::string::npos) << warning.message;
    EXPECT_NE(warning.message.find(warning.rule), std::string::npos) << warning.message;
  }
  std::sort(warnings.begin(), warnings.end());
  std::sort(test_case.warnings.begin(), test_case.warnings.end());
  EXPECT_EQ(warnings.size(), test_case.warnings.size()) << path.filename();
  for (std::size_t idx = 0; idx < std::min(warnings.size(), test_case.warnings.size()); ++idx) {
    const Warning& got = warnings[idx];
    const Warning& want = test_case.warnings[idx];
    EXPECT_EQ(got.body + " " + got.from + " " + std::to_string(got.seats) + " " +
                  std::to_string(got.eligible) + " " + got.rule,
              want.body + " " + want.from + " " + std::to_string(want.seats) + " " +
                  std::to_string(want.eligible) + " " + want.rule)
        << path.filename();
  }
  for (const auto& [body, line] : test_case.absent) {
    EXPECT_EQ(apportionment->Find(body), -1)
        << path.filename() << ":" << line << ": " << body << " should not exist";
  }
}

INSTANTIATE_TEST_SUITE_P(Data, CasesTest, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace sovet
