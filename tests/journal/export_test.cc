// Verifying an export without any database (doc/journal_format.md §5, §7):
// every single-byte change, deletion, reordering, insertion and cut of the
// exported bytes is detected and located.
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "journal/test_stores.h"
#include "sovet/journal.h"

namespace sovet {
namespace {

using testing::TempDir;

constexpr std::size_t kMagicSize = 24;  // "sovet-journal-export-v1\n"

struct Frame {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool sealed = false;
};

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string url = "sqlite:" + dir_.File("j.db");
    ASSERT_TRUE(Journal::Init(InitOptions{.url = url, .key_path = dir_.File("k")}));
    auto journal =
        Journal::Open(OpenOptions{.url = url, .writable = true, .key_path = dir_.File("k")});
    ASSERT_TRUE(journal);
    ASSERT_TRUE((*journal)->Append(
        Act{"body.create", "town_soviet:petrograd", {{"seats", Value::Integer(1000)}}}));
    // A group of several entries, most likely, and then single ones.
    std::promise<void> all;
    std::atomic<int> left{4};
    for (int n = 0; n < 4; ++n) {
      (*journal)->Submit(Act{"test.tick", "", {{"n", Value::Integer(n)}}}, [&](auto result) {
        EXPECT_TRUE(result);
        if (--left == 0) all.set_value();
      });
    }
    all.get_future().get();
    ASSERT_TRUE((*journal)->Append(Act{"test.note", "x", {{"t", Value::Text("end")}}}));
    ASSERT_TRUE((*journal)->Export([&](std::string_view bytes) -> Result<void> {
      export_.append(bytes);
      return {};
    }));
    for (std::size_t at = kMagicSize; at < export_.size();) {
      std::uint32_t length = 0;
      for (int k = 0; k < 4; ++k)
        length = (length << 8) | static_cast<unsigned char>(export_[at + k]);
      Frame frame{at, 0, export_[at + 4 + 20] == 1};
      frame.end = at + 4 + length + kHashSize + (frame.sealed ? kSignatureSize : 0);
      frames_.push_back(frame);
      at = frame.end;
    }
  }

  std::string Without(std::size_t index) const {
    return export_.substr(0, frames_[index].begin) + export_.substr(frames_[index].end);
  }
  std::string FrameBytes(std::size_t index) const {
    return export_.substr(frames_[index].begin, frames_[index].end - frames_[index].begin);
  }

  TempDir dir_;
  std::string export_;
  std::vector<Frame> frames_;
};

TEST_F(ExportTest, TheUntouchedExportVerifies) {
  auto report = VerifyExport(export_);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->defect;
  EXPECT_EQ(report->entries, 7);
  EXPECT_EQ(static_cast<std::size_t>(report->entries), frames_.size());
  EXPECT_EQ(report->bytes, static_cast<std::int64_t>(export_.size()));
}

TEST_F(ExportTest, EverySingleByteFlipIsDetectedAndLocated) {
  for (std::size_t at = 0; at < export_.size(); ++at) {
    std::int64_t owner = 0;
    for (std::size_t idx = 0; idx < frames_.size(); ++idx) {
      if (at >= frames_[idx].begin && at < frames_[idx].end) owner = static_cast<std::int64_t>(idx);
    }
    for (int bit : {0, 7}) {
      std::string tampered = export_;
      tampered[at] = static_cast<char>(tampered[at] ^ (1 << bit));
      auto report = VerifyExport(tampered);
      ASSERT_TRUE(report);
      ASSERT_FALSE(report->ok) << "byte " << at << " bit " << bit;
      EXPECT_EQ(report->bad_seq, owner) << "byte " << at << ": " << report->defect;
    }
  }
}

TEST_F(ExportTest, DeletingAnEntryIsLocated) {
  for (std::size_t idx = 0; idx + 1 < frames_.size(); ++idx) {
    auto report = VerifyExport(Without(idx));
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->bad_seq, static_cast<std::int64_t>(idx)) << report->defect;
  }
}

TEST_F(ExportTest, ReorderingEntriesIsLocated) {
  for (std::size_t idx = 1; idx + 1 < frames_.size(); ++idx) {
    std::string swapped = export_.substr(0, frames_[idx].begin) + FrameBytes(idx + 1) +
                          FrameBytes(idx) + export_.substr(frames_[idx + 1].end);
    auto report = VerifyExport(swapped);
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->bad_seq, static_cast<std::int64_t>(idx)) << report->defect;
  }
}

TEST_F(ExportTest, InsertingAnEntryIsLocated) {
  // A repeated entry, and a forged one chained to its predecessor but
  // unsigned, inserted after entry 2.
  std::string repeated =
      export_.substr(0, frames_[3].begin) + FrameBytes(1) + export_.substr(frames_[3].begin);
  auto report = VerifyExport(repeated);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->bad_seq, 3) << report->defect;
}

TEST_F(ExportTest, CuttingTheTailIsDetected) {
  // Inside a commit group: the last entry left is unsealed.
  for (std::size_t idx = 1; idx < frames_.size(); ++idx) {
    if (frames_[idx - 1].sealed) continue;
    auto report = VerifyExport(export_.substr(0, frames_[idx].begin));
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->bad_seq, static_cast<std::int64_t>(idx - 1)) << report->defect;
  }
  // At a group boundary only a published head reveals the cut.
  auto full = VerifyExport(export_);
  ASSERT_TRUE(full && full->ok);
  std::string cut = export_.substr(0, frames_.back().begin);
  auto unanchored = VerifyExport(cut);
  ASSERT_TRUE(unanchored);
  EXPECT_TRUE(unanchored->ok);
  auto anchored = VerifyExport(cut, VerifyOptions{.expect_head = full->last_hash});
  ASSERT_TRUE(anchored);
  EXPECT_FALSE(anchored->ok);
  // A partial frame at the end.
  auto partial = VerifyExport(export_.substr(0, export_.size() - 10));
  ASSERT_TRUE(partial);
  EXPECT_FALSE(partial->ok);
  EXPECT_EQ(partial->bad_seq, 6);
}

TEST_F(ExportTest, VerificationOnSeveralThreadsFindsTheSameFirstDefect) {
  std::string tampered = export_;
  tampered[frames_[4].begin + 40] ^= 1;
  tampered[frames_[6].begin + 40] ^= 1;
  for (int threads : {1, 2, 4}) {
    auto report = VerifyExport(tampered, VerifyOptions{.threads = threads});
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->bad_seq, 4);
  }
}

}  // namespace
}  // namespace sovet
