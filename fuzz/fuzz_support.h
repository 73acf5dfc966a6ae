// Helpers shared by the fuzz targets: a loader that reads a path is fed the
// input through an in-memory file, so the target exercises the loader's own
// reading code (blocks, refills, the byte-order mark) as a user's file would.
#ifndef SOVET_FUZZ_FUZZ_SUPPORT_H_
#define SOVET_FUZZ_FUZZ_SUPPORT_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sovet::fuzz {

// One anonymous in-memory regular file per process, rewritten per input and
// opened by path through /proc/self/fd.
class MemoryFile {
 public:
  MemoryFile() {
    fd_ = memfd_create("sovet-fuzz", 0);
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& Write(const std::uint8_t* data, std::size_t size) {
    if (ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace sovet::fuzz

// Each target is a function sovet::fuzz::NAME(data, size); this defines
// libFuzzer's entry point for it, except where a test includes the target to
// replay recorded inputs through the very same function.
#ifdef SOVET_FUZZ_REPLAY
#define SOVET_FUZZ_ENTRY(name)
#else
#define SOVET_FUZZ_ENTRY(name)                                                      \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return sovet::fuzz::name(data, size);                                           \
  }
#endif

#endif  // SOVET_FUZZ_FUZZ_SUPPORT_H_
