// A SQLite VFS for fault-injection tests. It wraps the default VFS and
//  - counts the reads, writes and syncs of every file SQLite opens;
//  - fails the N-th one of a chosen kind: an I/O error on a read, a write or
//    an fsync, a short write (half the bytes reach the file, then
//    SQLITE_FULL, as the unix VFS reports it), a full disk (this write
//    and every later one fail with SQLITE_FULL), or a dying disk (this sync
//    and every later one fail);
//  - models the disk beneath the page cache: for each database, WAL and
//    rollback-journal file it keeps the "durable image", the bytes a power
//    loss would leave. A successful sync makes the file's writes since the
//    last sync durable; a failed sync loses them (Linux marks the dirty
//    pages clean after a writeback error, so a later fsync does not write
//    them again). SimulatePowerLoss() rewrites every file to its durable
//    image, so an acknowledgement that did not wait for a successful sync
//    shows up as a lost act. Creating and deleting a file count as durable
//    at once (directory syncs are not modelled).
// Real fsyncs are skipped: durability is the model's, and the sweep runs
// thousands of workloads.
//
// Thread-safety: the counters and the model are guarded by one mutex; the
// VFS may be used by any number of connections and threads. Configure and
// inspect it only while no connection is open. Install() registers it as
// the process's default VFS, so code that opens SQLite without naming a VFS
// (the journal) uses it unchanged.
#ifndef SOVET_TESTS_JOURNAL_FAULT_VFS_H_
#define SOVET_TESTS_JOURNAL_FAULT_VFS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace sovet::testing {

enum class FaultKind {
  kNone,
  kReadError,    // the N-th read returns SQLITE_IOERR_READ
  kWriteError,   // the N-th write returns SQLITE_IOERR_WRITE, nothing written
  kShortWrite,   // the N-th write stores half its bytes, returns SQLITE_FULL
  kDiskFull,     // the N-th and every later write return SQLITE_FULL
  kSyncError,    // the N-th sync returns SQLITE_IOERR_FSYNC; its writes are lost
  kSyncFailing,  // the N-th and every later sync fail so (a dying disk)
};

std::string_view FaultKindName(FaultKind kind);

struct FaultCounts {
  std::int64_t reads = 0;
  std::int64_t writes = 0;
  std::int64_t syncs = 0;
};

class FaultVfs {
 public:
  // Registers the VFS as the default (once per process).
  static void Install();
  // Arms a fault at the `nth` (1-based) operation of its kind and resets
  // the counters; kNone disarms.
  static void Arm(FaultKind kind, std::int64_t nth);
  static FaultCounts Counts();
  // Whether the armed fault has fired.
  static bool Fired();
  // The operations of `kind` so far (reads, writes or syncs).
  static std::int64_t CountOf(FaultKind kind);
  // Takes the durable images as they are now for SimulatePowerLoss: the
  // power fails at this moment, whatever the connections do afterwards
  // (closing them checkpoints the WAL into the database and syncs it, which
  // would mend a WAL whose sync was lost).
  static void FreezeDisk();
  // Rewrites every tracked file to its durable image (as FreezeDisk took
  // it, if it was called) and removes the shared-memory index files, as a
  // power loss followed by a reboot would leave them. Call only after every
  // connection is closed.
  static void SimulatePowerLoss();
};

}  // namespace sovet::testing

#endif  // SOVET_TESTS_JOURNAL_FAULT_VFS_H_
