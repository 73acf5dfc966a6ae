// Chain verification shared by `sovet verify` on a database and on an
// export (doc/journal_format.md §7). Entries are fed in chunks in stored
// order; decoding, hashing and signature checks of a chunk run on several
// threads, then links and sequence numbers are checked in order, so the
// first defect reported is the lowest position that is wrong.
#ifndef SOVET_JOURNAL_VERIFIER_H_
#define SOVET_JOURNAL_VERIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/journal.h"

namespace sovet::journal {

// One stored entry as read, before any check. The views point into the
// caller's buffers (the export, or the rows read), which outlive the Feed.
struct RawEntry {
  // From a database row: its seq, kind and body columns, which must agree
  // with the canonical body. An export has none.
  std::optional<std::int64_t> column_seq;
  std::string_view column_kind;
  std::string_view column_body;
  std::string_view encoded;
  std::string_view hash;
  std::string_view signature;
};

// The header fields of an entry body, pointing into it; produced by
// ParseEntryView, which accepts exactly what DecodeEntryBody accepts but
// checks the payload's canonical form without building it.
struct EntryView {
  std::int64_t seq = 0;
  bool sealed = false;
  std::string_view prev_hash;
  std::string_view kind;
  std::string_view body;
};
Result<EntryView> ParseEntryView(std::string_view encoded);

// What is wrong with an entry's kind or body id by the rules of §3.1 (the
// kind's pattern and length, the body id's length and characters), or empty.
// The same rules refuse an act before it is written (ValidateAct).
std::string EntryNameDefect(std::string_view kind, std::string_view body);

// What is wrong with a decoded genesis entry by §3.2 (body empty; format 1,
// hash "sha256", signature "ed25519", a 32-byte node_public_key; charter_id
// text and charter_sha256 of 32 bytes, both or neither; no other field), or
// empty.
std::string GenesisDefect(const Entry& genesis);

class ChainVerifier {
 public:
  explicit ChainVerifier(VerifyOptions options);
  // Checks the next entries; false once a defect has been found (further
  // calls do nothing). Consumes the chunk.
  bool Feed(std::vector<RawEntry>& chunk);
  // Records a defect found outside the entries (an unparseable export frame)
  // at the next position.
  void FailAtNext(std::string defect);
  // Final checks (a genesis exists, the last entry is sealed, the expected
  // head) and the report.
  VerifyReport Finish();
  std::int64_t next_position() const { return position_; }
  const VerifyReport& report() const { return report_; }
  void AddBytes(std::int64_t bytes) { report_.bytes += bytes; }

 private:
  void Fail(std::int64_t seq, std::string defect);

  VerifyOptions options_;
  VerifyReport report_;
  std::int64_t position_ = 0;
  std::string previous_hash_;
  bool previous_sealed_ = true;
  std::string genesis_defect_;  // GenesisDefect of the first entry fed
};

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_VERIFIER_H_
