// The canonical encoding of values (doc/journal_format.md §2).
#include "sovet/value.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>

#include "sovet/journal.h"

namespace sovet {
namespace {

std::string Encode(const Value& value) {
  auto encoded = EncodeValue(value);
  EXPECT_TRUE(encoded) << encoded.error().ToString();
  return encoded ? *encoded : std::string();
}

std::string Hex(const std::string& bytes) { return HexEncode(bytes); }

Value Text(const char* text) { return Value::Text(text); }

TEST(ValueTest, GoldenBytesOfEachType) {
  EXPECT_EQ(Hex(Encode(Value::Integer(1))), "01000000080000000000000001");
  EXPECT_EQ(Hex(Encode(Value::Integer(-2))), "0100000008fffffffffffffffe");
  EXPECT_EQ(Hex(Encode(Value::ByteString(std::string("\x00\xff", 2)))), "020000000200ff");
  EXPECT_EQ(Hex(Encode(Text("1"))), "030000000131");
  EXPECT_EQ(Hex(Encode(Value::Boolean(true))), "040000000101");
  EXPECT_EQ(Hex(Encode(Value::List({Text("a"), Text("b")}))),
            "050000000c"
            "030000000161"
            "030000000162");
  EXPECT_EQ(Hex(Encode(Value::Map({{"k", Value::Boolean(false)}}))),
            "060000000c"
            "03000000016b"
            "040000000100");
  EXPECT_EQ(Hex(Encode(Value::MakeRecord("r", {}))),
            "0700000006"
            "030000000172");
}

TEST(ValueTest, RoundTripsEveryType) {
  const std::vector<Value> values = {
      Value::Integer(0),
      Value::Integer(std::numeric_limits<std::int64_t>::min()),
      Value::Integer(std::numeric_limits<std::int64_t>::max()),
      Value::ByteString(""),
      Value::ByteString(std::string("\0\1\2\xff", 4)),
      Text(""),
      Text("Петроградский совет"),
      Value::Boolean(false),
      Value::Boolean(true),
      Value::List({}),
      Value::List({Value::Integer(1), Text("x"), Value::List({Value::Boolean(true)})}),
      Value::Map({}),
      Value::Map({{"seats", Value::Integer(1000)},
                  {"name", Text("Petrograd")},
                  {"", Value::ByteString("k")},
                  {"nested", Value::Map({{"a", Value::List({})}})}}),
      Value::MakeRecord("mandate",
                        {{"seat", Value::Integer(3)},
                         {"act", Value::MakeRecord("ref", {{"seq", Value::Integer(9)}})}}),
  };
  for (const Value& value : values) {
    std::string encoded = Encode(value);
    auto decoded = DecodeValue(encoded);
    ASSERT_TRUE(decoded) << ValueToString(value) << ": " << decoded.error().ToString();
    EXPECT_EQ(*decoded, value) << ValueToString(value);
    EXPECT_EQ(Encode(*decoded), encoded);
  }
}

// Pairs that a careless encoding (a JSON dump, concatenation without
// lengths, untyped values) would confuse.
TEST(ValueTest, DifferentValuesNeverEncodeAlike) {
  const std::vector<std::pair<Value, Value>> pairs = {
      {Text("1"), Value::Integer(1)},
      {Value::List({Text("a"), Text("b")}), Value::List({Text("ab")})},
      {Value::List({Text("ab")}), Value::List({Text("a"), Text("b")})},
      {Value::Map({}), Value::Map({{"k", Text("")}})},
      {Value::List({}), Value::List({Text("")})},
      {Value::ByteString(""), Text("")},
      {Value::ByteString("x"), Text("x")},
      {Value::Boolean(false), Value::Integer(0)},
      {Value::Boolean(true), Value::Integer(1)},
      {Value::Map({{"a", Text("b")}}), Value::MakeRecord("a", {})},
      {Value::Map({{"a", Text("b")}}), Value::List({Text("a"), Text("b")})},
      {Value::List({Value::List({Text("a")}), Value::List({Text("b")})}),
       Value::List({Value::List({Text("a"), Text("b")})})},
      {Value::Map({{"ab", Text("c")}}), Value::Map({{"a", Text("bc")}})},
      {Value::MakeRecord("t", {{"a", Value::Integer(1)}}), Value::MakeRecord("ta", {})},
  };
  for (const auto& [first, second] : pairs) {
    ASSERT_FALSE(first == second);
    EXPECT_NE(Encode(first), Encode(second))
        << ValueToString(first) << " vs " << ValueToString(second);
  }
}

// Random values: equal encodings if and only if equal values.
Value RandomValue(std::mt19937_64& random, int depth) {
  static const char* kTexts[] = {"", "a", "b", "ab", "1", "ä"};
  switch (random() % (depth > 2 ? 4 : 7)) {
    case 0:
      return Value::Integer(static_cast<std::int64_t>(random() % 4) - 1);
    case 1:
      return Value::ByteString(kTexts[random() % 5]);
    case 2:
      return Value::Text(kTexts[random() % 6]);
    case 3:
      return Value::Boolean(random() % 2 == 0);
    case 4: {
      ValueList items;
      for (int n = random() % 3; n > 0; --n) items.push_back(RandomValue(random, depth + 1));
      return Value::List(std::move(items));
    }
    case 5: {
      ValueMap map;
      for (int n = random() % 3; n > 0; --n)
        map[kTexts[random() % 6]] = RandomValue(random, depth + 1);
      return Value::Map(std::move(map));
    }
    default: {
      ValueMap map;
      for (int n = random() % 2; n > 0; --n)
        map[kTexts[random() % 6]] = RandomValue(random, depth + 1);
      return Value::MakeRecord(kTexts[random() % 6], std::move(map));
    }
  }
}

TEST(ValueTest, RandomValuesEncodeInjectively) {
  std::mt19937_64 random(1918);
  std::map<std::string, Value> seen;
  for (int round = 0; round < 20000; ++round) {
    Value value = RandomValue(random, 0);
    std::string encoded = Encode(value);
    auto [it, inserted] = seen.emplace(encoded, value);
    if (!inserted) {
      ASSERT_EQ(it->second, value)
          << ValueToString(it->second) << " and " << ValueToString(value) << " encode alike";
    }
    auto decoded = DecodeValue(encoded);
    ASSERT_TRUE(decoded);
    ASSERT_EQ(*decoded, value);
  }
  EXPECT_GT(seen.size(), 1000u);
}

TEST(ValueTest, DecodeRefusesNonCanonicalBytes) {
  struct Case {
    const char* name;
    std::string hex;
  };
  const std::vector<Case> cases = {
      {"keys out of order",
       "0600000018"
       "030000000162"
       "040000000100"
       "030000000161"
       "040000000100"},
      {"duplicate key",
       "0600000018"
       "030000000161"
       "040000000100"
       "030000000161"
       "040000000100"},
      {"key without value",
       "0600000006"
       "030000000161"},
      {"key not text",
       "060000000c"
       "020000000161"
       "040000000100"},
      {"boolean 2", "040000000102"},
      {"boolean of two bytes", "04000000020100"},
      {"integer of 7 bytes", "010000000700000000000001"},
      {"invalid UTF-8", "0300000001ff"},
      {"overlong UTF-8", "0300000002c0af"},
      {"length past end", "0300000005616263"},
      {"trailing bytes", "03000000016100"},
      {"truncated header", "030000"},
      {"unknown tag", "0800000000"},
      {"tag zero", "0000000000"},
      {"record type not text",
       "0700000006"
       "040000000101"},
      {"empty input", ""},
  };
  for (const Case& c : cases) {
    auto bytes = HexDecode(c.hex);
    ASSERT_TRUE(bytes) << c.name;
    auto decoded = DecodeValue(*bytes);
    EXPECT_FALSE(decoded) << c.name << " decoded as " << ValueToString(*decoded);
    if (!decoded) {
      EXPECT_EQ(decoded.error().code(), StatusCode::kIntegrityViolation) << c.name;
    }
  }
}

TEST(ValueTest, DecodeRefusesExcessiveNesting) {
  // The encoder refuses such a value, so its bytes are built by hand: each
  // list holds the next, the innermost is empty.
  auto nested = [](int lists) {
    std::string bytes;
    for (int level = lists - 1; level >= 0; --level) {
      std::uint32_t length = static_cast<std::uint32_t>(bytes.size());
      std::string header{'\x05', static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                         static_cast<char>(length >> 8), static_cast<char>(length)};
      bytes = header + bytes;
    }
    return bytes;
  };
  // The outermost list is at depth 0: 65 lists reach depth 64, 66 one past.
  EXPECT_TRUE(DecodeValue(nested(65)));
  auto decoded = DecodeValue(nested(66));
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message().find("nested deeper"), std::string::npos);
  Value at = Value::List({});
  for (int level = 0; level < 64; ++level) at = Value::List({at});
  EXPECT_EQ(Encode(at), nested(65));
  Value past = Value::List({at});
  auto refused = EncodeValue(past);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("nested deeper than 64"), std::string::npos);
}

TEST(ValueTest, EncodeRefusesInvalidUtf8) {
  EXPECT_FALSE(EncodeValue(Value::Text("\xc3")));
  EXPECT_FALSE(EncodeValue(Value::Map({{"\xff", Value::Integer(1)}})));
}

}  // namespace
}  // namespace sovet
