// Echoing untrusted input (QuoteForMessage) and opening input files
// (CheckInputFile, ReadFile): control bytes and invalid UTF-8 are escaped,
// long text is cut with its length stated, and only regular files of
// bounded size are read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/io.h"
#include "base/text.h"

namespace sovet {
namespace {

TEST(QuoteForMessageTest, EscapesControlBytesNulAndInvalidUtf8) {
  EXPECT_EQ(QuoteForMessage(std::string_view("a\0b", 3)), "a\\0b");
  EXPECT_EQ(QuoteForMessage("tab\there\nnl"), "tab\\there\\nnl");
  EXPECT_EQ(QuoteForMessage("del\x7f"), "del\\x7f");
  EXPECT_EQ(QuoteForMessage("nel\xc2\x85"), "nel\\u0085");
  EXPECT_EQ(QuoteForMessage("bad\xff\xfe"), "bad\\xff\\xfe");
  EXPECT_EQ(QuoteForMessage("back\\slash"), "back\\\\slash");
  EXPECT_EQ(QuoteForMessage("Петроград"), "Петроград");
}

TEST(QuoteForMessageTest, CutsLongTextAtACharacterAndStatesItsLength) {
  std::string big(10'000'000, 'k');
  std::string shown = QuoteForMessage(big, 200);
  EXPECT_EQ(shown, std::string(200, 'k') + "…(10000000 bytes)");
  // Never half a character: "ж" is two bytes.
  EXPECT_EQ(QuoteForMessage("жжж", 3), "ж…(6 bytes)");
}

TEST(QuoteCharacterAtTest, ShowsTheWholeCharacter) {
  EXPECT_EQ(QuoteCharacterAt("\"a\"é,", 3), "é");
  EXPECT_EQ(QuoteCharacterAt("x\xff", 1), "\\xff");
  EXPECT_EQ(QuoteCharacterAt("x", 5), "");
}

TEST(CheckInputFileTest, RefusesWhatIsNotARegularFile) {
  auto dir = CheckInputFile("/tmp", 100);
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message().find("a directory"), std::string::npos);
  auto device = ReadFile("/dev/zero");
  ASSERT_FALSE(device);
  EXPECT_EQ(device.error().code(), StatusCode::kInvalidInput);
  EXPECT_NE(device.error().message().find("a character device"), std::string::npos);
  std::string fifo = ::testing::TempDir() + "/hostile-fifo-" + std::to_string(::getpid());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto pipe = ReadFile(fifo);  // must not block waiting for a writer
  ::unlink(fifo.c_str());
  ASSERT_FALSE(pipe);
  EXPECT_NE(pipe.error().message().find("FIFO"), std::string::npos);
  EXPECT_EQ(CheckInputFile("/no/such/file", 1).error().code(), StatusCode::kNotFound);
}

TEST(CheckInputFileTest, CapsTheSizeAtAndOnePastTheLimit) {
  std::string path = ::testing::TempDir() + "/hostile-size-" + std::to_string(::getpid());
  std::ofstream(path) << std::string(100, 'x');
  EXPECT_TRUE(CheckInputFile(path, 100));
  auto read = ReadFile(path, 100);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->size(), 100u);
  auto past = ReadFile(path, 99);
  ASSERT_FALSE(past);
  EXPECT_NE(past.error().message().find("limit of 99 bytes"), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace sovet
