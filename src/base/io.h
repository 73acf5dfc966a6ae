// File input and output shared by every module.
#ifndef SOVET_BASE_IO_H_
#define SOVET_BASE_IO_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/text.h"  // FindInvalidUtf8, CheckUtf8 (once declared here)
#include "sovet/status.h"

namespace sovet {

// The default cap of ReadFile: a file read whole into memory (a charter, a
// census, a BLT, an export) larger than this is refused, not read until
// memory runs out.
inline constexpr std::uint64_t kMaxReadFileBytes = std::uint64_t{1} << 32;  // 4 GiB

// The cap of a file streamed rather than read whole (a ballot CSV): its
// memory is one record, but its time is its size.
inline constexpr std::uint64_t kMaxStreamedFileBytes = std::uint64_t{1} << 36;  // 64 GiB

// Checks that `path` names a regular file of at most `max_bytes` bytes
// (following symbolic links) before it is opened as input: a directory, a
// FIFO, a socket or a device (/dev/zero never ends, a FIFO blocks) is
// kInvalidInput saying what it is; a larger file is kInvalidInput stating the
// limit; a missing file is kNotFound. Every message names the path.
Result<void> CheckInputFile(const std::string& path, std::uint64_t max_bytes);

// Opens `path` for reading and returns its descriptor (the caller closes
// it). Every input file — ReadFile, the streaming CSV reader, the ballot
// loaders — is opened here, so CheckInputFile applies to all (checked before
// opening, since opening a FIFO blocks, and again on the opened descriptor).
Result<int> OpenForReading(const std::string& path, std::uint64_t max_bytes = kMaxReadFileBytes);

// The size of a first read buffer for the open descriptor `fd`: for a
// regular file, its size plus one byte (enough to see the end in one read),
// at least a page and at most `max_bytes`; for anything else `max_bytes`.
// Small files then cost a small buffer, not a block filled and faulted in.
std::size_t FirstReadSize(int fd, std::size_t max_bytes);

// Reads a whole regular file of at most `max_bytes` bytes (as
// OpenForReading, and checked again while reading, so a file that grows is
// still cut off). A missing or unreadable file is kNotFound / kInvalidInput
// naming the path (the user gave it); a failure mid-read is kIoError.
Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes = kMaxReadFileBytes);

// The cap of ReadStandardInput: acts or ballots piped in, read whole.
inline constexpr std::uint64_t kMaxStandardInputBytes = std::uint64_t{1} << 30;  // 1 GiB

// What standard input must hold. Text (JSON lines, CSV) never holds a NUL
// byte, so reading stops at the first one instead of at the cap.
enum class StdinContent { kBytes, kText };

// Reads standard input to its end, at most `max_bytes` bytes: a pipe, a
// terminal or a redirected regular file. A directory, or a regular file
// larger than the cap, is refused at once; an endless device (/dev/zero)
// is cut off at the cap, or at its first byte when text is expected.
// kInvalidInput naming "<stdin>" and the limit or the NUL byte's offset.
Result<std::string> ReadStandardInput(std::uint64_t max_bytes = kMaxStandardInputBytes,
                                      StdinContent content = StdinContent::kBytes);

// Writes `content` to `path` so that a reader sees either the old file or the
// whole new one, never a part: writes a temporary file beside it, fsyncs it,
// renames it over `path`, and fsyncs the directory. "-" writes to stdout.
Result<void> WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace sovet

#endif  // SOVET_BASE_IO_H_
