// Charters: the shipped ones load with the rules of SYSTEM.md §4, and every
// invalid charter in tests/data/apportion/charter_errors/ fails with exactly
// the message (file:line:column, field, what was expected) its second line
// states after "# expect: ".
#include "sovet/charter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "base/io.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

const fs::path kErrorsDir = fs::path(SOVET_SOURCE_DIR) / "tests/data/apportion/charter_errors";

Charter Load(const std::string& name) {
  Result<Charter> charter = LoadCharter(std::string(SOVET_SOURCE_DIR) + "/charters/" + name);
  EXPECT_TRUE(charter) << charter.error().ToString();
  return charter.value_or(Charter{});
}

const CompositionTerm* Term(const Charter& charter, const std::string& body,
                            const std::string& source) {
  const BodyRule* rule = charter.FindBody(body);
  if (rule == nullptr) return nullptr;
  for (const CompositionTerm& term : rule->terms) {
    if (term.source == source) return &term;
  }
  return nullptr;
}

TEST(CharterTest, SeedsCharterHasTheNormsOfSystemSection4) {
  Charter charter = Load("rsfsr-1918.toml");
  EXPECT_EQ(charter.id, "rsfsr-1918");
  EXPECT_EQ(charter.sha256_hex.size(), 64u);
  // Units (SYSTEM.md §3, §5): one root; towns under a volost only when small.
  const UnitKind* town = charter.FindUnitKind("town");
  ASSERT_NE(town, nullptr);
  EXPECT_TRUE(town->carries_figures);
  ASSERT_EQ(town->parents.size(), 3u);
  EXPECT_EQ(town->parents[0].kind, "volost");
  EXPECT_EQ(town->parents[0].when.inhabitants_below, 10000);
  EXPECT_TRUE(charter.FindUnitKind("republic")->parents.empty());

  // 001:150.
  const BodyRule* village = charter.FindBody("village_soviet");
  ASSERT_NE(village, nullptr);
  EXPECT_TRUE(village->rural);
  EXPECT_THAT(village->units, ElementsAre("village", "town"));
  EXPECT_EQ(village->when.inhabitants_below, 10000);
  EXPECT_EQ(village->direct->per, 100);
  EXPECT_EQ(village->direct->min, 3);
  EXPECT_EQ(village->direct->max, 50);
  EXPECT_EQ(village->direct->rounding, Rounding::kHalfUp);
  const BodyRule* town_soviet = charter.FindBody("town_soviet");
  EXPECT_EQ(town_soviet->when.inhabitants_at_least, 10000);
  EXPECT_EQ(town_soviet->direct->per, 1000);
  EXPECT_EQ(town_soviet->direct->min, 50);
  EXPECT_EQ(town_soviet->direct->max, 1000);
  EXPECT_FALSE(town_soviet->rural);
  // 001:148.
  EXPECT_EQ(Term(charter, "volost_congress", "village_soviet")->basis, Basis::kMembers);
  EXPECT_EQ(Term(charter, "volost_congress", "village_soviet")->per, 10);
  EXPECT_EQ(Term(charter, "uyezd_congress", "village_soviet")->per, 1000);
  EXPECT_EQ(charter.FindBody("uyezd_congress")->max, 300);
  EXPECT_EQ(Term(charter, "gubernia_congress", "volost_congress")->per, 10000);
  EXPECT_EQ(Term(charter, "gubernia_congress", "town_soviet")->basis, Basis::kElectors);
  EXPECT_EQ(Term(charter, "gubernia_congress", "town_soviet")->per, 1000);
  EXPECT_EQ(charter.FindBody("gubernia_congress")->max, 300);
  EXPECT_EQ(Term(charter, "oblast_congress", "uyezd_congress")->basis, Basis::kRuralInhabitants);
  EXPECT_EQ(Term(charter, "oblast_congress", "uyezd_congress")->per, 25000);
  EXPECT_EQ(Term(charter, "oblast_congress", "town_soviet")->per, 5000);
  EXPECT_EQ(charter.FindBody("oblast_congress")->max, 500);
  // 001:144.
  EXPECT_EQ(Term(charter, "congress", "town_soviet")->basis, Basis::kInhabitants);
  EXPECT_EQ(Term(charter, "congress", "town_soviet")->per, 25000);
  EXPECT_EQ(Term(charter, "congress", "gubernia_congress")->basis, Basis::kRuralInhabitants);
  EXPECT_EQ(Term(charter, "congress", "gubernia_congress")->per, 125000);
  EXPECT_FALSE(charter.FindBody("congress")->max);
  EXPECT_EQ(charter.FindBody("executive")->elected_by->body, "congress");
  EXPECT_EQ(charter.FindBody("executive")->elected_by->seats, 200);
  const ElectedBy& commissars = *charter.FindBody("commissars")->elected_by;
  EXPECT_EQ(commissars.body, "executive");
  EXPECT_EQ(commissars.seats, 17);
  EXPECT_EQ(commissars.portfolios.size(), 17u);
  EXPECT_EQ(commissars.portfolios.front(), "Foreign Affairs");
  EXPECT_EQ(commissars.portfolios.back(), "Public Health");
  // 001:152: show of hands.
  for (const BodyRule& body : charter.bodies) {
    EXPECT_TRUE(body.election.open) << body.kind;
    EXPECT_FALSE(body.cite.empty()) << body.kind;
  }
  // SYSTEM.md §4 Decisions.
  EXPECT_EQ(charter.franchise.voting_age, 18);
  EXPECT_EQ(charter.franchise.excluded_categories.size(), 8u);
  EXPECT_EQ(charter.decisions.quorum_num, 1);
  EXPECT_EQ(charter.decisions.quorum_den, 2);
  EXPECT_EQ(charter.decisions.quorum_plus, 1);
  EXPECT_EQ(charter.decisions.majority, MajorityRule::kMajorityOfVotesCast);
  EXPECT_EQ(charter.recall.petition_num, 1);
  EXPECT_EQ(charter.recall.petition_den, 4);
  EXPECT_TRUE(charter.recall.by_election_at_once);
  EXPECT_EQ(charter.convocation.congress_sessions_per_year, 2);
  EXPECT_EQ(charter.convocation.extraordinary_share_num, 1);
  EXPECT_EQ(charter.convocation.extraordinary_share_den, 3);
  EXPECT_EQ(charter.terms.soviet_deputy_months, 3);
  EXPECT_EQ(charter.terms.congress_delegate, "congress");
  EXPECT_EQ(charter.terms.executive, "next_congress");
}

TEST(CharterTest, BodiesAreOrderedSourcesFirst) {
  Charter charter = Load("rsfsr-1918.toml");
  ASSERT_EQ(charter.body_order.size(), charter.bodies.size());
  auto position = [&](const std::string& kind) {
    std::size_t rule = static_cast<std::size_t>(charter.FindBody(kind) - charter.bodies.data());
    return std::find(charter.body_order.begin(), charter.body_order.end(), rule) -
           charter.body_order.begin();
  };
  EXPECT_LT(position("village_soviet"), position("volost_congress"));
  EXPECT_LT(position("volost_congress"), position("gubernia_congress"));
  EXPECT_LT(position("uyezd_congress"), position("oblast_congress"));
  EXPECT_LT(position("gubernia_congress"), position("congress"));
  EXPECT_LT(position("congress"), position("executive"));
  EXPECT_LT(position("executive"), position("commissars"));
}

TEST(CharterTest, ConstitutionCharterDiffersWhereThePublishedTextDoes) {
  Charter seeds = Load("rsfsr-1918.toml");
  Charter constitution = Load("rsfsr-1918-constitution.toml");
  EXPECT_EQ(constitution.id, "rsfsr-1918-constitution");
  // Art. 25: towns 1 per 25,000 voters.
  EXPECT_EQ(Term(constitution, "congress", "town_soviet")->basis, Basis::kElectors);
  EXPECT_EQ(Term(constitution, "congress", "town_soviet")->per, 25000);
  EXPECT_EQ(Term(constitution, "congress", "town_soviet")->cite, "Art. 25");
  // Art. 53(b): 1 per 2,000 town voters at the gubernia congress.
  EXPECT_EQ(Term(constitution, "gubernia_congress", "town_soviet")->per, 2000);
  // Art. 43: eighteen commissariats.
  EXPECT_EQ(constitution.FindBody("commissars")->elected_by->seats, 18);
  // Everything else as in the seeds' version.
  for (const BodyRule& body : seeds.bodies) {
    const BodyRule* other = constitution.FindBody(body.kind);
    ASSERT_NE(other, nullptr) << body.kind;
    EXPECT_EQ(other->max, body.max) << body.kind;
    if (body.direct) {
      EXPECT_EQ(other->direct->per, body.direct->per) << body.kind;
      EXPECT_EQ(other->direct->min, body.direct->min) << body.kind;
      EXPECT_EQ(other->direct->max, body.direct->max) << body.kind;
    }
  }
  EXPECT_EQ(Term(constitution, "oblast_congress", "town_soviet")->per, 5000);
  EXPECT_EQ(Term(constitution, "uyezd_congress", "village_soviet")->per, 1000);
}

TEST(CharterTest, FederationCharterUsesItsOwnUnitsAndProportionalMethods) {
  Charter charter = Load("federation.toml");
  EXPECT_EQ(charter.id, "federation");
  EXPECT_NE(charter.FindUnitKind("enterprise"), nullptr);
  EXPECT_TRUE(charter.FindUnitKind("enterprise")->carries_figures);
  EXPECT_EQ(charter.FindBody("works_council")->when.inhabitants_at_least, 200);
  EXPECT_EQ(charter.FindBody("shop_committee")->when.inhabitants_below, 200);
  EXPECT_EQ(Term(charter, "city_council", "works_council")->min_per_source, 1);
  EXPECT_EQ(charter.FindBody("congress")->min, 20);
  EXPECT_EQ(charter.FindBody("congress")->max, 400);
  for (const BodyRule& body : charter.bodies) {
    EXPECT_FALSE(body.election.open) << body.kind;
    EXPECT_EQ(body.election.method.rfind("stv-", 0), 0u) << body.kind;
  }
}

TEST(CharterTest, DefaultsApplyWhenSectionsAreLeftOut) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"minimal\"\n[units.all]\n[units.one]\nparents = [\"all\"]\n"
      "figures = true\n[[body]]\nkind = \"soviet\"\nunits = [\"one\"]\n"
      "seats = { basis = \"electors\", per = 7 }\n",
      "minimal.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  const BodyRule& body = charter->bodies[0];
  EXPECT_EQ(body.name, "soviet");
  EXPECT_EQ(body.direct->min, 0);
  EXPECT_FALSE(body.direct->max);
  EXPECT_EQ(body.election.method, "plurality");
  EXPECT_FALSE(body.election.open);
  EXPECT_EQ(charter->title, "minimal");
  EXPECT_EQ(charter->franchise.voting_age, 18);
  EXPECT_EQ(charter->convocation.congress_sessions_per_year, 2);
  EXPECT_EQ(charter->unit_kinds[0].label, "all");
}

TEST(CharterTest, MissingFileIsNamed) {
  Result<Charter> charter = LoadCharter("/nonexistent/charter.toml");
  ASSERT_FALSE(charter);
  EXPECT_NE(charter.error().ToString().find("/nonexistent/charter.toml"), std::string::npos);
}

TEST(CharterTest, InvalidUtf8IsLocated) {
  Result<Charter> charter = ParseCharter("[charter]\nid = \"x\xff\"\n", "bad.toml");
  ASSERT_FALSE(charter);
  EXPECT_EQ(charter.error().ToString(),
            "bad.toml:2:8: invalid UTF-8: the sequence starting with byte 0xFF (byte offset 17) "
            "is not valid UTF-8; expected UTF-8 text");
}

// Damaged copies of the shipped charters (a line dropped, duplicated or cut
// short, a digit or a quote changed) must load or fail with a located error:
// never crash, never an error without a line.
TEST(CharterTest, DamagedChartersFailWithLocatedErrors) {
  std::mt19937_64 rng(1918);
  int rejected = 0;
  for (const char* name : {"rsfsr-1918.toml", "rsfsr-1918-constitution.toml", "federation.toml",
                           "kiev-rada-1917.toml", "council-of-the-nation-1917.toml"}) {
    Result<std::string> text = ReadFile(std::string(SOVET_SOURCE_DIR) + "/charters/" + name);
    ASSERT_TRUE(text);
    std::vector<std::string> lines;
    std::istringstream stream(*text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<std::string> damaged = lines;
      std::size_t at = std::uniform_int_distribution<std::size_t>(0, damaged.size() - 1)(rng);
      std::string& line = damaged[at];
      switch (trial % 5) {
        case 0:
          damaged.erase(damaged.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        case 1:
          damaged.insert(damaged.begin() + static_cast<std::ptrdiff_t>(at), line);
          break;
        case 2:
          line = line.substr(0, line.size() / 2);
          break;
        case 3:
          for (char& c : line) {
            if (c >= '0' && c <= '9') c = c == '0' ? '-' : '0';
          }
          break;
        default:
          for (char& c : line) {
            if (c == '"') {
              c = '\'';
              break;
            }
          }
      }
      std::string joined;
      for (const std::string& damaged_line : damaged) joined += damaged_line + "\n";
      Result<Charter> charter = ParseCharter(joined, "damaged.toml");
      if (charter) continue;
      ++rejected;
      EXPECT_EQ(charter.error().code(), StatusCode::kInvalidInput);
      EXPECT_EQ(charter.error().where().file, "damaged.toml");
      EXPECT_GT(charter.error().where().line, 0) << charter.error().ToString();
    }
  }
  EXPECT_GT(rejected, 100);
}

std::vector<std::string> ErrorCases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kErrorsDir)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class CharterErrorTest : public testing::TestWithParam<std::string> {};

TEST_P(CharterErrorTest, FailsWithLocatedMessage) {
  const std::string file_name = GetParam() + ".toml";
  Result<std::string> text = ReadFile((kErrorsDir / file_name).string());
  ASSERT_TRUE(text) << text.error().ToString();
  const std::string marker = "# expect: ";
  std::size_t at = text->find(marker);
  ASSERT_NE(at, std::string::npos) << file_name << " has no '# expect: ' line";
  std::size_t end = text->find('\n', at);
  std::string expected = text->substr(at + marker.size(), end - at - marker.size());
  Result<Charter> charter = ParseCharter(*text, file_name);
  ASSERT_FALSE(charter) << file_name << " was accepted";
  EXPECT_EQ(charter.error().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(charter.error().ToString(), expected);
  // Every such error is located to the line and column.
  EXPECT_GT(charter.error().where().line, 0);
  EXPECT_GT(charter.error().where().column, 0);
}

INSTANTIATE_TEST_SUITE_P(Data, CharterErrorTest, testing::ValuesIn(ErrorCases()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace sovet

namespace sovet {
namespace {

// Every shipped charter states its terms, recall and convocation rather than
// leaning on the 1918 defaults (doc/charter_format.md).
TEST(CharterTest, ShippedChartersDeclareTermsRecallAndConvocation) {
  for (const char* name : {"rsfsr-1918.toml", "rsfsr-1918-constitution.toml", "federation.toml",
                           "kiev-rada-1917.toml", "council-of-the-nation-1917.toml"}) {
    Result<std::string> text = ReadFile(std::string(SOVET_SOURCE_DIR) + "/charters/" + name);
    ASSERT_TRUE(text);
    for (const char* table : {"\n[terms]\n", "\n[recall]\n", "\n[convocation]\n",
                              "\n[[convocation.local]]\n", "\n[franchise]\n", "\n[decisions]\n"}) {
      EXPECT_NE(text->find(table), std::string::npos) << name << " lacks " << table;
    }
    Charter charter = Load(name);
    // Every body chosen by another body says who may be chosen (SYSTEM.md §7.2).
    for (const BodyRule& body : charter.bodies) {
      if (body.direct) continue;
      EXPECT_EQ(body.eligible, Eligible::kMembers) << name << ": " << body.kind;
    }
  }
}

// SYSTEM.md §7.2 Decisions: an executive committee for every congress and
// town soviet, of at most 10 / 20 / 25 / 25 / 15 members, each as many as
// its electing body can fill; local congresses meet once in every soviet
// term and before each All-Russian Congress.
TEST(CharterTest, SeedsCharterHasLocalExecutivesAndConvocation) {
  Charter charter = Load("rsfsr-1918.toml");
  const std::pair<const char*, std::pair<const char*, std::int64_t>> executives[] = {
      {"volost_executive", {"volost_congress", 10}},
      {"uyezd_executive", {"uyezd_congress", 20}},
      {"gubernia_executive", {"gubernia_congress", 25}},
      {"oblast_executive", {"oblast_congress", 25}},
      {"town_executive", {"town_soviet", 15}},
      {"executive", {"congress", 200}}};
  for (const auto& [kind, rule] : executives) {
    const BodyRule* body = charter.FindBody(kind);
    ASSERT_NE(body, nullptr) << kind;
    ASSERT_TRUE(body->elected_by) << kind;
    EXPECT_EQ(body->elected_by->body, rule.first) << kind;
    EXPECT_EQ(body->elected_by->seats, rule.second) << kind;
    EXPECT_TRUE(body->elected_by->up_to) << kind;
    EXPECT_EQ(body->units, charter.FindBody(rule.first)->units) << kind;
  }
  EXPECT_EQ(charter.FindBody("town_executive")->when.inhabitants_at_least, 10000);
  EXPECT_FALSE(charter.FindBody("commissars")->elected_by->up_to);
  for (const char* congress :
       {"volost_congress", "uyezd_congress", "gubernia_congress", "oblast_congress"}) {
    const LocalConvocation* local = charter.convocation.LocalFor(congress);
    ASSERT_NE(local, nullptr) << congress;
    EXPECT_EQ(local->sessions, 1);
    EXPECT_TRUE(local->every_soviet_term);
    EXPECT_EQ(local->months, charter.terms.soviet_deputy_months);
    EXPECT_EQ(local->before, "congress");
  }
  EXPECT_EQ(charter.convocation.LocalFor("congress"), nullptr);
  EXPECT_EQ(charter.convocation.congress_sessions_per_year, 2);
}

// The published constitution's figures, outside the seeds: Art. 56 caps,
// Art. 54 frequencies.
TEST(CharterTest, ConstitutionCharterHasArticle54And56) {
  Charter charter = Load("rsfsr-1918-constitution.toml");
  EXPECT_EQ(charter.FindBody("volost_executive")->elected_by->seats, 10);
  EXPECT_EQ(charter.FindBody("uyezd_executive")->elected_by->seats, 20);
  EXPECT_EQ(charter.FindBody("gubernia_executive")->elected_by->seats, 25);
  EXPECT_EQ(charter.FindBody("oblast_executive")->elected_by->seats, 25);
  EXPECT_EQ(charter.FindBody("volost_executive")->cite, "Art. 56");
  const std::tuple<const char*, std::int64_t, std::int64_t> frequencies[] = {
      {"oblast_congress", 2, 12},
      {"gubernia_congress", 1, 3},
      {"uyezd_congress", 1, 3},
      {"volost_congress", 1, 1}};
  for (const auto& [congress, sessions, months] : frequencies) {
    const LocalConvocation* local = charter.convocation.LocalFor(congress);
    ASSERT_NE(local, nullptr) << congress;
    EXPECT_EQ(local->sessions, sessions) << congress;
    EXPECT_EQ(local->months, months) << congress;
    EXPECT_FALSE(local->every_soviet_term) << congress;
    EXPECT_EQ(local->cite.rfind("Art. 54", 0), 0u) << congress;
  }
}

// months = "soviet_term" follows [terms] wherever [terms] stands in the file.
TEST(CharterTest, SovietTermConvocationFollowsTheTerm) {
  Result<Charter> charter = ParseCharter(
      "[charter]\nid = \"t\"\n[units.all]\n[units.one]\nparents = [\"all\"]\nfigures = true\n"
      "[[body]]\nkind = \"soviet\"\nunits = [\"one\"]\nseats = { basis = \"electors\", per = 7 }\n"
      "[[body]]\nkind = \"congress\"\nunits = [\"all\"]\neligible = \"electors\"\n"
      "[[body.term]]\nsource = \"soviet\"\nbasis = \"members\"\nper = 2\n"
      "[[convocation.local]]\nbodies = [\"congress\"]\nsessions = 2\nmonths = \"soviet_term\"\n"
      "[terms]\nsoviet_deputy_months = 6\n",
      "t.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  ASSERT_EQ(charter->convocation.local.size(), 1u);
  EXPECT_EQ(charter->convocation.local[0].months, 6);
  EXPECT_EQ(charter->convocation.local[0].sessions, 2);
  EXPECT_TRUE(charter->convocation.local[0].before.empty());
  EXPECT_EQ(charter->FindBody("congress")->eligible, Eligible::kElectors);
  EXPECT_STREQ(EligibleName(Eligible::kElectors), "electors");
}

}  // namespace
}  // namespace sovet
