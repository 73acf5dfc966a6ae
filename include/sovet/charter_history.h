// The charter over time: the charter a journal was initialised with (its
// genesis records the hash) and the amendments the Congress recorded since
// (`charter.amend`, 001:146: amending the constitution is the Congress's
// alone). Rules apply by date: an act is checked against the charter in
// force on the act's date, so replaying or verifying an old period uses the
// charter then in force. Format and lifecycle: doc/journal_format.md §10,
// doc/charter_format.md "Amending the charter".
//
// In force on day D: the charter of the last amendment recorded whose
// effective date is on or before D, else the genesis charter. Amendments
// are recorded with non-decreasing effective dates (an amendment taking
// effect before an earlier-recorded one is refused), so "last recorded" and
// "latest effective" agree. An act without a date (a cycle act, a journal
// note) is checked against the charter of the last amendment recorded
// before it (Latest()). The timeline is built in journal order, so an act
// is always checked against the amendments recorded before it: the same
// answer when the act is written, replayed and verified.
//
// The text of every amended charter is kept in its act, so verify, replay
// and every command need nothing outside the journal but the genesis
// charter (which its hash names).
//
// Ownership: the genesis charter is the caller's (it must outlive the
// timeline); amended charters are owned by the timeline (shared, immutable,
// so copies of a timeline share them).
// Thread-safety: a const timeline may be read by several threads; Add is
// the engine's thread's only.
#ifndef SOVET_CHARTER_HISTORY_H_
#define SOVET_CHARTER_HISTORY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/journal.h"

namespace sovet {

namespace schema::charter_amend {
// The act kind (part of the journal's public format: never rename it).
inline constexpr const char* kKind = "charter.amend";
namespace field {
inline constexpr const char* kDate = "date";            // the act's day
inline constexpr const char* kEffective = "effective";  // the day the text takes effect
inline constexpr const char* kNumber = "number";        // 1, 2, ...: the amendment's number
inline constexpr const char* kReplaces = "replaces";    // bytes(32): the charter it amends
inline constexpr const char* kCharterId = "charter_id";         // the new text's [charter] id
inline constexpr const char* kCharterSha256 = "charter_sha256";  // bytes(32): SHA-256(text)
inline constexpr const char* kText = "text";                      // the new charter file
}  // namespace field
// One row per amendment, keyed by its number: a second writer recording
// the same number fails inside the transaction.
inline constexpr const char* kTable = "charter_amendments";
}  // namespace schema::charter_amend

// One recorded amendment.
struct CharterAmendment {
  std::int64_t number = 0;  // 1-based, in journal order
  std::string body;         // the Congress that adopted it, "KIND:UNIT"
  Date date;                // the act's day
  Date effective;           // the day it takes effect (>= date)
  std::string replaces_hex;  // SHA-256 of the charter it amends
  std::string text;          // the new charter file's bytes
  std::shared_ptr<const Charter> charter;  // parsed from text; sha256_hex is its hash
};

// A default-constructed timeline has no genesis charter: At, Latest, For and
// genesis need one (the engine gives it its charter when constructed).
class CharterTimeline {
 public:
  CharterTimeline() = default;
  explicit CharterTimeline(const Charter* genesis) : genesis_(genesis) {}

  // The charter in force on `on` (see the header comment).
  const Charter& At(Date on) const;
  // The charter of the last amendment recorded, or the genesis charter.
  const Charter& Latest() const;
  // The charter an act is checked against: At(its `date` field) when it has
  // a valid one, else Latest().
  const Charter& For(const Act& act) const;
  const Charter& genesis() const { return *genesis_; }
  const std::vector<CharterAmendment>& amendments() const { return amendments_; }

  // Appends an amendment the engine's rules accepted (number, effective
  // date and replaced hash already checked).
  void Add(CharterAmendment amendment) { amendments_.push_back(std::move(amendment)); }

 private:
  const Charter* genesis_ = nullptr;
  std::vector<CharterAmendment> amendments_;
};

// The body kind that amends `charter`: `[amendment] body`, else the root
// congress (the composed body of the root unit kind, 001:146); empty when
// the charter has neither.
std::string AmendingBodyKind(const Charter& charter);

// Whether `after` keeps what an amendment of `before` may not change: the
// unit kinds of the census tree ([units]) and the bodies' kinds, units and
// sources (their tiers: [[body]] kind, units, term.source, elected_by.body,
// quota.sources, eligible) — the existing bodies and the census rest on
// them. kInvalidInput naming the key that changed (a location in `after`'s
// file when known). Seat numbers, terms, recall, decisions, convocation,
// franchise, labels and citations may change.
Result<void> CheckAmendable(const Charter& before, const Charter& after);

// The `charter.amend` act that records `text` (already parsed as `parsed`)
// as amendment `number` of the charter `replaces`, adopted by `body` on
// `date`, in force from `effective`.
Act CharterAmendAct(const std::string& body, Date date, Date effective, std::int64_t number,
                    const Charter& replaces, const Charter& parsed, const std::string& text);

}  // namespace sovet

#endif  // SOVET_CHARTER_HISTORY_H_
