// The fault-injecting VFS of fault_vfs.h.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/io.h"
#include "journal/fault_vfs.h"

namespace sovet::testing {
namespace {

// A write (or, with `truncate`, a truncation to `offset`) not yet synced.
struct PendingOp {
  bool truncate = false;
  std::int64_t offset = 0;
  std::string data;
};

// What the disk holds of one file, and what the page cache holds beyond it.
struct FileModel {
  bool exists = true;
  std::string durable;
  std::vector<PendingOp> pending;
};

struct State {
  std::mutex mu;
  FaultKind kind = FaultKind::kNone;
  std::int64_t nth = 0;
  bool fired = false;
  FaultCounts counts;
  std::map<std::string, FileModel> files;
  // The disk as FreezeDisk found it, restored by SimulatePowerLoss.
  std::optional<std::map<std::string, FileModel>> frozen;
};

State& GlobalState() {
  static State* state = new State();  // never destroyed: used until exit
  return *state;
}

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;

struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;  // the wrapped file, stored right after this struct
  std::string* path;   // tracked by the durability model; null if not
};

sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file)->real; }

void Apply(std::string& image, const PendingOp& op) {
  if (op.truncate) {
    image.resize(static_cast<std::size_t>(op.offset));
    return;
  }
  std::size_t end = static_cast<std::size_t>(op.offset) + op.data.size();
  if (image.size() < end) image.resize(end, '\0');
  std::memcpy(image.data() + op.offset, op.data.data(), op.data.size());
}

int Close(sqlite3_file* file) {
  auto* fault = reinterpret_cast<FaultFile*>(file);
  int rc = fault->real->pMethods->xClose(fault->real);
  delete fault->path;
  fault->path = nullptr;
  return rc;
}

int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  State& state = GlobalState();
  {
    std::lock_guard lock(state.mu);
    std::int64_t n = ++state.counts.reads;
    if (state.kind == FaultKind::kReadError && n == state.nth) {
      state.fired = true;
      return SQLITE_IOERR_READ;
    }
  }
  return Real(file)->pMethods->xRead(Real(file), buffer, amount, offset);
}

int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  auto* fault = reinterpret_cast<FaultFile*>(file);
  State& state = GlobalState();
  // Held across the real write so that the model records writes in the
  // order the file received them.
  std::lock_guard lock(state.mu);
  std::int64_t n = ++state.counts.writes;
  int written = amount;
  int rc = SQLITE_OK;
  if ((state.kind == FaultKind::kWriteError && n == state.nth) ||
      (state.kind == FaultKind::kDiskFull && n >= state.nth)) {
    state.fired = true;
    return state.kind == FaultKind::kDiskFull ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  }
  if (state.kind == FaultKind::kShortWrite && n == state.nth) {
    state.fired = true;
    written = amount / 2;
    rc = SQLITE_FULL;
  }
  if (written > 0) {
    int real_rc = fault->real->pMethods->xWrite(fault->real, buffer, written, offset);
    if (real_rc != SQLITE_OK) return real_rc;
    if (fault->path != nullptr) {
      state.files[*fault->path].pending.push_back(
          PendingOp{false, offset, std::string(static_cast<const char*>(buffer), written)});
    }
  }
  return rc;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  auto* fault = reinterpret_cast<FaultFile*>(file);
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  int rc = fault->real->pMethods->xTruncate(fault->real, size);
  if (rc == SQLITE_OK && fault->path != nullptr) {
    state.files[*fault->path].pending.push_back(PendingOp{true, size, {}});
  }
  return rc;
}

int Sync(sqlite3_file* file, int flags) {
  auto* fault = reinterpret_cast<FaultFile*>(file);
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  std::int64_t n = ++state.counts.syncs;
  FileModel* model = fault->path != nullptr ? &state.files[*fault->path] : nullptr;
  if ((state.kind == FaultKind::kSyncError && n == state.nth) ||
      (state.kind == FaultKind::kSyncFailing && n >= state.nth)) {
    state.fired = true;
    // The writeback failed: the kernel drops the dirty pages' state, and
    // what they held never reaches the disk.
    if (model != nullptr) model->pending.clear();
    return SQLITE_IOERR_FSYNC;
  }
  if (model != nullptr) {
    for (const PendingOp& op : model->pending) Apply(model->durable, op);
    model->pending.clear();
    // Space the VFS allocated without writing (size hints) is zeros.
    sqlite3_int64 size = 0;
    if (fault->real->pMethods->xFileSize(fault->real, &size) == SQLITE_OK &&
        static_cast<std::size_t>(size) > model->durable.size()) {
      model->durable.resize(static_cast<std::size_t>(size), '\0');
    }
  }
  return SQLITE_OK;
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  return Real(file)->pMethods->xFileSize(Real(file), size);
}
int Lock(sqlite3_file* file, int level) { return Real(file)->pMethods->xLock(Real(file), level); }
int Unlock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xUnlock(Real(file), level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
}
int FileControl(sqlite3_file* file, int op, void* arg) {
  return Real(file)->pMethods->xFileControl(Real(file), op, arg);
}
int SectorSize(sqlite3_file* file) { return Real(file)->pMethods->xSectorSize(Real(file)); }
int DeviceCharacteristics(sqlite3_file* file) {
  return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
}
int ShmMap(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  return Real(file)->pMethods->xShmMap(Real(file), page, page_size, extend, out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(file)->pMethods->xShmLock(Real(file), offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) { Real(file)->pMethods->xShmBarrier(Real(file)); }
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Real(file)->pMethods->xShmUnmap(Real(file), delete_flag);
}
// No memory-mapped pages: every read goes through Read, where faults are.
int Fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int Unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    .iVersion = 3,
    .xClose = Close,
    .xRead = Read,
    .xWrite = Write,
    .xTruncate = Truncate,
    .xSync = Sync,
    .xFileSize = FileSize,
    .xLock = Lock,
    .xUnlock = Unlock,
    .xCheckReservedLock = CheckReservedLock,
    .xFileControl = FileControl,
    .xSectorSize = SectorSize,
    .xDeviceCharacteristics = DeviceCharacteristics,
    .xShmMap = ShmMap,
    .xShmLock = ShmLock,
    .xShmBarrier = ShmBarrier,
    .xShmUnmap = ShmUnmap,
    .xFetch = Fetch,
    .xUnfetch = Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* fault = reinterpret_cast<FaultFile*>(file);
  fault->real = reinterpret_cast<sqlite3_file*>(fault + 1);
  fault->path = nullptr;
  fault->base.pMethods = nullptr;
  int rc = g_real->xOpen(g_real, name, fault->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (fault->real->pMethods != nullptr) fault->real->pMethods->xClose(fault->real);
    return rc;
  }
  fault->base.pMethods = &kMethods;
  constexpr int kDurable = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL;
  if (name != nullptr && (flags & kDurable) != 0) {
    fault->path = new std::string(name);
    State& state = GlobalState();
    std::lock_guard lock(state.mu);
    auto [model, inserted] = state.files.try_emplace(*fault->path);
    if (inserted || !model->second.exists) {
      // First seen in this process: what is there now is on disk.
      model->second = FileModel{true, ReadFile(*fault->path).value_or(std::string()), {}};
    }
  }
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  int rc = g_real->xDelete(g_real, name, sync_dir);
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  auto found = state.files.find(name);
  if (rc == SQLITE_OK && found != state.files.end()) found->second = FileModel{false, {}, {}};
  return rc;
}

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kNone:
      return "none";
    case FaultKind::kReadError:
      return "read_error";
    case FaultKind::kWriteError:
      return "write_error";
    case FaultKind::kShortWrite:
      return "short_write";
    case FaultKind::kDiskFull:
      return "disk_full";
    case FaultKind::kSyncError:
      return "fsync_error";
    case FaultKind::kSyncFailing:
      return "fsync_failing";
  }
  return "?";
}

void FaultVfs::Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    g_vfs = *g_real;
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_real->szOsFile;
    g_vfs.pNext = nullptr;
    g_vfs.zName = "sovet-fault";
    g_vfs.xOpen = Open;
    g_vfs.xDelete = Delete;
    sqlite3_vfs_register(&g_vfs, /*makeDflt=*/1);
  });
}

void FaultVfs::Arm(FaultKind kind, std::int64_t nth) {
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  state.kind = kind;
  state.nth = nth;
  state.fired = false;
  state.counts = {};
  state.files.clear();
  state.frozen.reset();
}

void FaultVfs::FreezeDisk() {
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  state.frozen = state.files;
}

FaultCounts FaultVfs::Counts() {
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  return state.counts;
}

bool FaultVfs::Fired() {
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  return state.fired;
}

std::int64_t FaultVfs::CountOf(FaultKind kind) {
  FaultCounts counts = Counts();
  switch (kind) {
    case FaultKind::kReadError:
      return counts.reads;
    case FaultKind::kSyncError:
    case FaultKind::kSyncFailing:
      return counts.syncs;
    case FaultKind::kNone:
      return 0;
    default:
      return counts.writes;
  }
}

void FaultVfs::SimulatePowerLoss() {
  State& state = GlobalState();
  std::lock_guard lock(state.mu);
  for (const auto& [path, model] : state.frozen ? *state.frozen : state.files) {
    if (!model.exists) {
      ::unlink(path.c_str());
      continue;
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) continue;
    std::size_t at = 0;
    while (at < model.durable.size()) {
      ssize_t wrote = ::write(fd, model.durable.data() + at, model.durable.size() - at);
      if (wrote <= 0) break;
      at += static_cast<std::size_t>(wrote);
    }
    ::close(fd);
    // The wal-index is shared memory: a reboot leaves it to be rebuilt.
    ::unlink((path + "-shm").c_str());
  }
  state.files.clear();
  state.frozen.reset();
}

}  // namespace sovet::testing
