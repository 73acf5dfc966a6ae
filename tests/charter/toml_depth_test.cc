// The nesting bound checked before toml++ parses a charter: dotted keys,
// table headers, arrays and inline tables count together; at the limit a
// document passes, one past it is refused naming the line.
#include "charter/toml_depth.h"

#include <gtest/gtest.h>

#include <string>

#include "base/io.h"

namespace sovet {
namespace {

std::string DottedKey(int parts) {
  std::string key = "a";
  for (int part = 1; part < parts; ++part) key += ".a";
  return key;
}

TEST(TomlDepthTest, DottedKeysAtAndOnePastTheLimit) {
  EXPECT_TRUE(CheckTomlDepth(DottedKey(64) + " = 1\n", "c.toml"));
  auto past = CheckTomlDepth("x = 1\n" + DottedKey(65) + " = 1\n", "c.toml");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().where().line, 2);
  EXPECT_TRUE(CheckTomlDepth("\"a.b.c\" = 1\n", "c.toml"));  // quoted: one part
}

TEST(TomlDepthTest, HeadersKeysAndInlineNestingAddUp) {
  std::string header = std::string("[") + DottedKey(32) + "]\n";
  EXPECT_TRUE(CheckTomlDepth(header + DottedKey(32) + " = 1\n", "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(header + DottedKey(33) + " = 1\n", "c.toml"));
  EXPECT_TRUE(CheckTomlDepth(header + DottedKey(31) + " = [1]\n", "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(header + DottedKey(32) + " = [1]\n", "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(header + "k = { " + DottedKey(32) + " = 1 }\n", "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(std::string("[[") + DottedKey(65) + "]]\n", "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(std::string("[") + DottedKey(35000) + "]\n", "c.toml"));
}

TEST(TomlDepthTest, StringsAndCommentsAreNotCounted) {
  std::string dots(1000, '.');
  EXPECT_TRUE(CheckTomlDepth(
      "a = \"" + dots + "\" # " + dots + "\nb = '''\n[" + dots + "\n'''\nc = \"\"\"x\\\"\"\"\"\n",
      "c.toml"));
  EXPECT_TRUE(CheckTomlDepth("a = [\n  [1, 2],\n  [3, {x = 1, y.z = 2}],\n]\n", "c.toml"));
}

TEST(TomlDepthTest, EveryShippedCharterIsWellInside) {
  for (const char* name : {"rsfsr-1918.toml", "rsfsr-1918-constitution.toml", "federation.toml"}) {
    auto text = ReadFile(std::string(SOVET_SOURCE_DIR) + "/charters/" + name);
    ASSERT_TRUE(text) << name;
    EXPECT_TRUE(CheckTomlDepth(*text, name)) << name;
  }
}

}  // namespace
}  // namespace sovet
