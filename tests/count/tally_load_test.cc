// The CSV reader and the tally loaders, beyond the data cases: records that
// straddle the 1 MiB read window, CRLF, a byte-order mark, quoted line
// breaks, and a streamed file of a million ballots.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/csv_reader.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    path_ = (fs::temp_directory_path() / ("sovet_count_test_" + std::to_string(::getpid()) + "_" +
                                          std::to_string(counter_++) + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

std::vector<std::vector<std::string>> ReadAll(const std::string& path) {
  CsvReader reader;
  EXPECT_TRUE(reader.Open(path));
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> fields;
  for (;;) {
    auto got = reader.Next(&fields);
    EXPECT_TRUE(got) << got.error().ToString();
    if (!got || !*got) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  return records;
}

TEST(CsvReaderTest, QuotingCrlfAndByteOrderMark) {
  TempFile file(
      "\xEF\xBB\xBFoption,votes\r\n\"Left, "
      "\"\"Internationalist\"\"\",5\r\n\"two\nlines\",7\nlast,9");
  auto records = ReadAll(file.path());
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[0], ElementsAre("option", "votes"));
  EXPECT_THAT(records[1], ElementsAre("Left, \"Internationalist\"", "5"));
  EXPECT_THAT(records[2], ElementsAre("two\nlines", "7"));
  EXPECT_THAT(records[3], ElementsAre("last", "9"));
}

TEST(CsvReaderTest, LineNumbersCountQuotedLineBreaks) {
  TempFile file("ballot\n\"a\nb\"\nc\n");
  CsvReader reader;
  ASSERT_TRUE(reader.Open(file.path()));
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 1);
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 2);
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 4);
  EXPECT_EQ(fields[0], "c");
}

TEST(CsvReaderTest, RecordsStraddlingTheReadWindow) {
  // Lines of varying length so that plain and quoted records, and a quoted
  // line break, fall across every 1 MiB boundary of a 5 MiB file.
  std::string content = "ballot\n";
  std::vector<std::string> expected{"ballot"};
  for (int line_idx = 0; content.size() < 5 * CsvReader::kBlockSize; ++line_idx) {
    std::string name = "party-" + std::string(static_cast<std::size_t>(line_idx % 37), 'x');
    if (line_idx % 5 == 0) {
      content += "\"" + name + ", \"\"q\"\"\n" + name + "\"\n";
      expected.push_back(name + ", \"q\"\n" + name);
    } else {
      content += name + (line_idx % 2 ? "\r\n" : "\n");
      expected.push_back(name);
    }
  }
  TempFile file(content);
  auto records = ReadAll(file.path());
  ASSERT_EQ(records.size(), expected.size());
  for (std::size_t idx = 0; idx < expected.size(); ++idx) {
    ASSERT_EQ(records[idx].size(), 1u) << idx;
    ASSERT_EQ(records[idx][0], expected[idx]) << idx;
  }
}

TEST(StreamBallotCsvTest, MillionBallotsCountedInFirstAppearanceOrder) {
  std::string content = "ballot\n";
  const char* parties[] = {"S-Rs", "Bolsheviks", "Kadets", "Mensheviks", "\"Others, small\""};
  std::vector<std::int64_t> expected(5, 0);
  std::uint64_t state = 7;
  for (int ballot_idx = 0; ballot_idx < 1000000; ++ballot_idx) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::size_t party = (state >> 33) % 5;
    content += parties[party];
    content += '\n';
    ++expected[party];
  }
  TempFile file(content);
  auto tally = StreamBallotCsv(file.path());
  ASSERT_TRUE(tally) << tally.error().ToString();
  EXPECT_EQ(tally->total, 1000000);
  ASSERT_EQ(tally->options.size(), 5u);
  for (std::size_t opt_idx = 0; opt_idx < tally->options.size(); ++opt_idx) {
    std::string name = tally->options[opt_idx];
    std::size_t party = 0;
    while (party < 5 && std::string(parties[party]) != name &&
           std::string(parties[party]) != "\"" + name + "\"") {
      ++party;
    }
    ASSERT_LT(party, 5u) << name;
    EXPECT_EQ(tally->votes[opt_idx], expected[party]) << name;
  }
}

TEST(LoadBallotsTest, ChoosesTheFormatByExtensionAndHeader) {
  TempFile tally("option,votes\nA,3\n");
  TempFile ballots("ballot\nA\nB\nA\n");
  auto loaded_tally = LoadBallots(tally.path());
  ASSERT_TRUE(loaded_tally) << loaded_tally.error().ToString();
  EXPECT_EQ(std::get<Tally>(*loaded_tally).total, 3);
  auto loaded_ballots = LoadBallots(ballots.path());
  ASSERT_TRUE(loaded_ballots) << loaded_ballots.error().ToString();
  EXPECT_THAT(std::get<Tally>(*loaded_ballots).votes, ElementsAre(2, 1));
  TempFile other("name,count\nA,3\n");
  auto unknown = LoadBallots(other.path());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where().line, 1);
  auto missing = LoadBallots("/nonexistent/ballots.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  auto text = LoadBallots("notes.txt");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("expected .blt"), std::string::npos);
}

TEST(ParsePercentTest, ExactDecimals) {
  EXPECT_EQ(*ParsePercent("4"), std::make_pair(std::int64_t{4}, std::int64_t{1}));
  EXPECT_EQ(*ParsePercent("3.25"), std::make_pair(std::int64_t{13}, std::int64_t{4}));
  EXPECT_EQ(*ParsePercent("0.000000001"),
            std::make_pair(std::int64_t{1}, std::int64_t{1000000000}));
  EXPECT_EQ(*ParsePercent("100"), std::make_pair(std::int64_t{100}, std::int64_t{1}));
  for (const char* bad : {"", "-1", "4.", ".5", "100.01", "1e3", "four", "3,25", "1.0000000001"}) {
    auto parsed = ParsePercent(bad);
    EXPECT_FALSE(parsed) << bad;
    if (!parsed) {
      EXPECT_EQ(parsed.error().where().field, "--threshold");
    }
  }
}

}  // namespace
}  // namespace sovet

namespace sovet {
namespace {

TEST(StreamBallotCsvTest, FastScanAndGeneralReaderAgree) {
  // The same ballots three ways: plain LF lines (the fast scan), without the
  // final newline, and with CRLF line ends (the general RFC 4180 reader).
  std::string plain =
      "\xEF\xBB\xBF"
      "ballot\n";
  std::uint64_t state = 11;
  const char* names[] = {"Bolsheviks",       "S-Rs",
                         "Kadets",           "Left S-Rs (Internationalists)",
                         "Українські есери", "Mensheviks-Internationalists of Petrograd"};
  for (int ballot_idx = 0; ballot_idx < 300000; ++ballot_idx) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    plain += names[(state >> 33) % 6];
    plain += '\n';
  }
  std::string no_final_newline = plain.substr(0, plain.size() - 1);
  std::string crlf;
  for (char c : plain) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  TempFile plain_file(plain);
  TempFile short_file(no_final_newline);
  TempFile crlf_file(crlf);
  auto fast = StreamBallotCsv(plain_file.path());
  auto unterminated = StreamBallotCsv(short_file.path());
  auto general = StreamBallotCsv(crlf_file.path());
  ASSERT_TRUE(fast) << fast.error().ToString();
  ASSERT_TRUE(unterminated) << unterminated.error().ToString();
  ASSERT_TRUE(general) << general.error().ToString();
  EXPECT_EQ(fast->total, 300000);
  EXPECT_EQ(fast->options, general->options);
  EXPECT_EQ(fast->votes, general->votes);
  EXPECT_EQ(fast->options, unterminated->options);
  EXPECT_EQ(fast->votes, unterminated->votes);
  EXPECT_EQ(fast->options.size(), 6u);
}

TEST(StreamBallotCsvTest, ErrorsFoundAfterTheFastScanGiveTheirLine) {
  // The fast scan hands a file with an empty line to the general reader,
  // which names the line.
  std::string content = "ballot\n";
  for (int line_idx = 0; line_idx < 200000; ++line_idx) content += "Bolsheviks\n";
  content += "\nKadets\n";
  TempFile file(content);
  auto tally = StreamBallotCsv(file.path());
  ASSERT_FALSE(tally);
  EXPECT_EQ(tally.error().where().line, 200002);
  EXPECT_NE(tally.error().message().find("empty line"), std::string::npos);
}

}  // namespace
}  // namespace sovet
