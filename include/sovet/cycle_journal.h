// Recording a council cycle in the journal (SYSTEM.md §7, §8): every act of
// RunCycle becomes one journal entry, appended through the journal's group
// commit; the state tables (cycle_persons, cycle_mandates, ...) are its
// projection, rebuilt by `sovet replay`. Payloads: doc/cycle.md "In the
// journal".
//
// Thread-safety: a CycleJournalWriter is used by one thread; it hands acts to
// the journal's writer thread and waits for their acknowledgement.
#ifndef SOVET_CYCLE_JOURNAL_H_
#define SOVET_CYCLE_JOURNAL_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/cycle.h"
#include "sovet/journal.h"

namespace sovet {

// The journal act for one cycle act. `first_mandate` is the index the first
// mandate seated by this act receives (CouncilState::mandates order).
Result<Act> CycleActToJournal(const CycleAct& act, ActIndex act_index, MandateIndex first_mandate,
                              const PersonRegister& persons, const Census& census,
                              const Apportionment& apportionment);

// The act recording the Constituent Assembly count beside the cycle.
Act ConstituentToJournal(const ConstituentAssembly& assembly, ActIndex act_index,
                         const Census& census);

class CycleJournalWriter {
 public:
  CycleJournalWriter(Journal& journal, const Census& census, const Apportionment& apportionment);
  ~CycleJournalWriter();

  // One `body.create` act per apportioned body, with its seats.
  Result<void> RecordApportionment();
  // The CycleOptions::sink: submits the acts in order; returns once at most
  // kMaxOutstanding acts are unacknowledged, or the first error.
  Result<void> Append(ActIndex first, std::span<const CycleAct> acts,
                      const PersonRegister& persons);
  Result<void> Submit(Act act);
  // Waits until every submitted act is acknowledged (durable or failed);
  // the first error, if any. The destructor waits the same way.
  Result<void> Finish();

  std::int64_t submitted() const { return submitted_; }

 private:
  static constexpr std::int64_t kMaxOutstanding = 32768;
  Result<void> WaitBelow(std::int64_t outstanding);

  Journal& journal_;
  const Census& census_;
  const Apportionment& apportionment_;
  MandateIndex next_mandate_ = 0;
  std::int64_t submitted_ = 0;
  std::mutex mutex_;
  std::condition_variable acknowledged_;
  std::int64_t outstanding_ = 0;
  std::optional<Status> error_;
};

}  // namespace sovet

#endif  // SOVET_CYCLE_JOURNAL_H_
