// A verifier checks what doc/journal_format.md promises: each export below
// is correctly hashed, chained and signed, but breaks one rule of the
// document (§3.1's kind pattern and body id limits, §3.2's genesis), and
// `VerifyExport` must refuse it at the right entry. The writers refuse the
// same inputs (ValidateAct), so nothing sovet acknowledges is refused here.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "journal/crypto.h"
#include "journal/test_stores.h"
#include "sovet/journal.h"

namespace sovet {
namespace {

using testing::TempDir;

class FormatRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = CreateNodeKey(dir_.File("k"));
    ASSERT_TRUE(key);
    key_ = *key;
  }

  ValueMap GoodGenesis() const {
    return {{"format", Value::Integer(1)},
            {"hash", Value::Text("sha256")},
            {"signature", Value::Text("ed25519")},
            {"node_public_key", Value::ByteString(key_.public_key)},
            {"charter_id", Value::Text("rsfsr-1918")},
            {"charter_sha256", Value::ByteString(std::string(32, '\x11'))}};
  }

  struct Spec {
    std::string kind;
    std::string body;
    ValueMap payload;
  };

  // An export of the given entries, each sealed and signed with key_.
  std::string Export(const std::vector<Spec>& entries) const {
    std::string out = "sovet-journal-export-v1\n";
    std::string prev(kHashSize, '\0');
    for (std::size_t seq = 0; seq < entries.size(); ++seq) {
      auto body = EncodeEntryBody(static_cast<std::int64_t>(seq), 1, true, prev, entries[seq].kind,
                                  entries[seq].body, entries[seq].payload);
      EXPECT_TRUE(body) << body.error().ToString();
      std::string hash = journal::Sha256(*body);
      auto length = static_cast<std::uint32_t>(body->size());
      for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>(length >> shift));
      out += *body + hash + journal::Sign(key_, hash);
      prev = hash;
    }
    return out;
  }

  Spec Genesis(ValueMap payload, std::string body = "") const {
    return Spec{std::string(kGenesisKind), std::move(body), std::move(payload)};
  }

  TempDir dir_;
  NodeKey key_;
};

TEST_F(FormatRulesTest, TheWellFormedExportVerifies) {
  auto report = VerifyExport(Export({Genesis(GoodGenesis()),
                                     {"body.create", "town_soviet:petrograd", {}},
                                     {"a.b_1.c", std::string(256, 'x'), {}},
                                     {"k" + std::string(127, 'a'), "\xc2\xa0nbsp", {}}}));
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->defect;
}

TEST_F(FormatRulesTest, AGenesisBreakingSection32IsRefused) {
  struct Case {
    const char* name;
    std::function<void(ValueMap&)> change;
    std::string body;
    const char* fragment;
  };
  std::vector<Case> cases = {
      {"format 2", [](ValueMap& p) { p["format"] = Value::Integer(2); }, "", "\"format\""},
      {"hash sha3", [](ValueMap& p) { p["hash"] = Value::Text("sha3"); }, "", "\"hash\""},
      {"no format", [](ValueMap& p) { p.erase("format"); }, "", "\"format\""},
      {"no hash, no signature",
       [](ValueMap& p) {
         p.erase("hash");
         p.erase("signature");
       },
       "", "\"hash\""},
      {"signature rsa", [](ValueMap& p) { p["signature"] = Value::Text("rsa"); }, "",
       "\"signature\""},
      {"non-empty body", [](ValueMap&) {}, "town_soviet:x", "body id"},
      {"31-byte charter_sha256",
       [](ValueMap& p) { p["charter_sha256"] = Value::ByteString(std::string(31, 'a')); }, "",
       "charter_sha256"},
      {"charter_id alone", [](ValueMap& p) { p.erase("charter_sha256"); }, "", "without the other"},
      {"unknown field", [](ValueMap& p) { p["extra"] = Value::Integer(1); }, "", "\"extra\""},
  };
  for (const Case& test : cases) {
    ValueMap payload = GoodGenesis();
    test.change(payload);
    auto report = VerifyExport(Export({Genesis(payload, test.body), {"note", "", {}}}));
    ASSERT_TRUE(report) << test.name;
    EXPECT_FALSE(report->ok) << test.name;
    EXPECT_EQ(report->bad_seq, 0) << test.name;
    EXPECT_NE(report->defect.find(test.fragment), std::string::npos)
        << test.name << ": " << report->defect;
  }
}

TEST_F(FormatRulesTest, KindsAndBodyIdsBreakingSection31AreRefused) {
  struct Case {
    std::string kind;
    std::string body;
    const char* fragment;
  };
  std::vector<Case> cases = {
      {"X.probe", "", "kind"},
      {"a..b", "", "kind"},
      {"a.", "", "kind"},
      {"", "", "kind"},
      {"1a", "", "kind"},
      {"k" + std::string(128, 'a'), "", "kind"},
      {"note", std::string(257, 'b'), "body id"},
      {"note", "tab\there", "body id"},
      {"note", "del\x7fhere", "body id"},
      {"note", "nel\xc2\x85here", "body id"},
  };
  for (const Case& test : cases) {
    auto report = VerifyExport(
        Export({Genesis(GoodGenesis()), {"note", "", {}}, {test.kind, test.body, {}}}));
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok) << "kind '" << test.kind << "' body '" << test.body << "'";
    EXPECT_EQ(report->bad_seq, 2);
    EXPECT_NE(report->defect.find(test.fragment), std::string::npos) << report->defect;
    // A writer refuses the same act before it reaches any journal.
    EXPECT_FALSE(ValidateAct(Act{test.kind, test.body, {}}));
  }
}

TEST_F(FormatRulesTest, EncoderAndDecoderAgreeOnNestingDepth) {
  // A payload field is at depth 1; the innermost list of `levels` nested
  // lists is at depth `levels`.
  auto nested = [](int levels) {
    Value value = Value::List({});
    for (int level = 1; level < levels; ++level) value = Value::List({value});
    return value;
  };
  for (int levels : {63, 64, 65, 66, 1000}) {
    ValueMap payload{{"a", nested(levels)}};
    auto encoded = EncodeEntryBody(1, 1, true, std::string(kHashSize, '\0'), "note", "", payload);
    auto act_ok = ValidateAct(Act{"note", "", payload});
    EXPECT_EQ(encoded.has_value(), levels <= 64) << levels;
    EXPECT_EQ(act_ok.has_value(), levels <= 64) << levels;
    if (encoded) {
      auto decoded = DecodeEntryBody(*encoded);
      EXPECT_TRUE(decoded) << levels << ": " << decoded.error().ToString();
    }
  }
  // A record's type is one level below the record.
  Value record = Value::MakeRecord("r", {});
  for (int level = 1; level < 64; ++level) record = Value::List({record});
  EXPECT_FALSE(EncodeEntryBody(1, 1, true, std::string(kHashSize, '\0'), "note", "",
                               ValueMap{{"a", record}}));
  Value shallower = Value::MakeRecord("r", {});
  for (int level = 1; level < 63; ++level) shallower = Value::List({shallower});
  auto fits = EncodeEntryBody(1, 1, true, std::string(kHashSize, '\0'), "note", "",
                              ValueMap{{"a", shallower}});
  ASSERT_TRUE(fits);
  EXPECT_TRUE(DecodeEntryBody(*fits));
}

}  // namespace
}  // namespace sovet
