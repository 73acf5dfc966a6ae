// File input and output shared by every module.
#ifndef SOVET_BASE_IO_H_
#define SOVET_BASE_IO_H_

#include <string>
#include <string_view>

#include "base/text.h"  // FindInvalidUtf8, CheckUtf8 (once declared here)
#include "sovet/status.h"

namespace sovet {

// Opens `path` for reading and returns its descriptor (the caller closes
// it). Every input file — ReadFile, the streaming CSV reader, the ballot
// loaders — is opened here, so a check of what may be read applies to all.
// A missing file is kNotFound, an unopenable one kInvalidInput, both naming
// the path.
Result<int> OpenForReading(const std::string& path);

// Reads a whole file. A missing or unreadable file is kNotFound / kInvalidInput
// naming the path (the user gave it); a failure mid-read is kIoError.
Result<std::string> ReadFile(const std::string& path);

// Writes `content` to `path` so that a reader sees either the old file or the
// whole new one, never a part: writes a temporary file beside it, fsyncs it,
// renames it over `path`, and fsyncs the directory. "-" writes to stdout.
Result<void> WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace sovet

#endif  // SOVET_BASE_IO_H_
