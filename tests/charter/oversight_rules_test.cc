// [[oversight]] and [[appeal]] (doc/charter_format.md "Oversight and
// appeals"): the shipped rules as 001:144 states them, and each malformed
// table refused naming its key path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sovet/charter.h"

namespace sovet {
namespace {

using ::testing::HasSubstr;

std::string Shipped(const char* name) {
  std::ifstream in(std::string(SOVET_SOURCE_DIR "/charters/") + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(OversightRulesTest, TheExecutiveOverTheCommissarsAsIn001_144) {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(charter.has_value()) << charter.error().ToString();
  const OversightRules& rules = charter->oversight;
  for (OversightPower power :
       {OversightPower::kAnnul, OversightPower::kSuspend, OversightPower::kApprove}) {
    const OversightRule* rule = rules.Find("executive", "commissars", power);
    ASSERT_NE(rule, nullptr) << OversightPowerName(power);
    EXPECT_THAT(rule->cite, HasSubstr("001:144"));
  }
  EXPECT_EQ(rules.Find("congress", "commissars", OversightPower::kApprove), nullptr);
  EXPECT_NE(rules.Find("congress", "commissars", OversightPower::kAnnul), nullptr);
  EXPECT_EQ(rules.Find("commissars", "executive", OversightPower::kAnnul), nullptr);
  EXPECT_NE(rules.Find("uyezd_executive", "village_soviet", OversightPower::kSuspend), nullptr);
  const AppealRule* collegium = rules.FindAppeal("collegium");
  ASSERT_NE(collegium, nullptr);
  EXPECT_TRUE(collegium->AppliesTo("commissars", "decree"));
  EXPECT_FALSE(collegium->AppliesTo("executive", "decree"));
  EXPECT_TRUE(collegium->GoesTo("commissars"));
  EXPECT_TRUE(collegium->GoesTo("executive"));
  EXPECT_EQ(collegium->days, 7);
  EXPECT_FALSE(collegium->suspensive);
}

TEST(OversightRulesTest, TheFederationsMemberAppealSuspends) {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/federation.toml");
  ASSERT_TRUE(charter.has_value()) << charter.error().ToString();
  const AppealRule* member = charter->oversight.FindAppeal("member");
  ASSERT_NE(member, nullptr);
  EXPECT_TRUE(member->suspensive);
  EXPECT_EQ(member->days, 14);
}

TEST(OversightRulesTest, MalformedTablesAreRefusedNamingTheKey) {
  struct Case {
    std::string toml, expected;
  };
  for (const Case& c : {
           Case{"[[oversight]]\norgan = \"nobody\"\nover = [\"commissars\"]\npowers = [\"annul\"]\n",
                "no [[body]] has kind 'nobody'"},
           Case{"[[oversight]]\norgan = \"executive\"\nover = [\"nobody\"]\npowers = [\"annul\"]\n",
                "no [[body]] has kind 'nobody'"},
           Case{"[[oversight]]\norgan = \"executive\"\nover = [\"executive\"]\npowers = "
                "[\"annul\"]\n",
                "oversees itself"},
           Case{"[[oversight]]\norgan = \"executive\"\nover = [\"commissars\"]\npowers = "
                "[\"abolish\"]\n",
                ".powers"},
           Case{"[[oversight]]\norgan = \"executive\"\nover = [\"commissars\"]\npowers = []\n",
                "name at least one of 'annul', 'suspend', 'approve'"},
           Case{"[[oversight]]\norgan = \"executive\"\nover = [\"commissars\"]\npowers = "
                "[\"annul\"]\nwhen = 1\n",
                "when"},
           Case{"[[appeal]]\nid = \"x\"\ndecisions_of = [\"commissars\"]\nstanding = \"s\"\nto = "
                "[\"executive\"]\ndays = 3\nsuspensive = false\n",
                "no one has standing"},
           Case{"[[appeal]]\nid = \"x\"\ndecisions_of = [\"commissars\"]\nstanding = \"s\"\nseat_in "
                "= [\"executive\"]\nto = [\"executive\"]\ndays = 3\n",
                "missing required key 'suspensive'"},
           Case{"[[appeal]]\nid = \"collegium\"\ndecisions_of = [\"commissars\"]\nstanding = "
                "\"s\"\nseat_in = [\"executive\"]\nto = [\"executive\"]\ndays = 3\nsuspensive = "
                "false\n",
                "an earlier [[appeal]] has id 'collegium'"},
           Case{"[[appeal]]\nid = \"x\"\ndecisions_of = [\"commissars\"]\nstanding = \"s\"\nseat_in "
                "= [\"executive\"]\nto = [\"executive\"]\ndays = -1\nsuspensive = false\n",
                ".days"},
       }) {
    auto charter = ParseCharter(Shipped("rsfsr-1918.toml") + "\n" + c.toml, "rsfsr-1918.toml");
    ASSERT_FALSE(charter.has_value()) << c.toml;
    EXPECT_THAT(charter.error().ToString(), HasSubstr(c.expected)) << c.toml;
  }
}

}  // namespace
}  // namespace sovet
