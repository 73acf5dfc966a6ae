// File input and output shared by every module.
#ifndef SOVET_BASE_IO_H_
#define SOVET_BASE_IO_H_

#include <string>
#include <string_view>

#include "sovet/status.h"

namespace sovet {

// Reads a whole file. A missing or unreadable file is kNotFound / kInvalidInput
// naming the path (the user gave it); a failure mid-read is kIoError.
Result<std::string> ReadFile(const std::string& path);

// Writes `content` to `path` so that a reader sees either the old file or the
// whole new one, never a part: writes a temporary file beside it, fsyncs it,
// renames it over `path`, and fsyncs the directory. "-" writes to stdout.
Result<void> WriteFileAtomically(const std::string& path, std::string_view content);

// The byte offset of the first invalid UTF-8 sequence in `text`, or npos.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t FindInvalidUtf8(std::string_view text);

}  // namespace sovet

#endif  // SOVET_BASE_IO_H_
