// The one RFC 4180 CSV reader: streams a file through a fixed window (a
// 36-million-line ballot file is read through 1 MiB), or reads a buffer
// already in memory, and yields one record at a time.
//
// Accepted: fields separated by ',', records by "\n" or "\r\n"; a field may
// be enclosed in double quotes, inside which '"' is written '""' and commas
// and line breaks are data (RFC 4180 §2). A UTF-8 byte-order mark at the
// start is skipped. Errors are kInvalidInput located by file, line, column
// (1-based; the column in bytes) and, when the caller names its columns, the
// field: an unterminated quoted field, a quote inside an unquoted field, and
// anything but ',' or the end of the line after a closing quote. Line numbers
// are physical lines; a record's line is the line it starts on. UTF-8
// validity is the caller's business (callers validate each distinct value
// once, or the whole buffer once, not every byte of every line).
//
// Thread-safety: a CsvReader is a mutable object used by one thread.
#ifndef SOVET_BASE_CSV_READER_H_
#define SOVET_BASE_CSV_READER_H_

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet {

// The longest record (one CSV line with its quoted line breaks) a streamed
// file may hold.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;  // 64 MiB

struct CsvOptions {
  // The columns' names, for messages ("field 'kind'"); may be empty. Must
  // outlive the reader.
  std::span<const std::string_view> field_names;
  // true: lines with nothing on them are skipped. false: an empty line is a
  // record of one empty field (the caller reports it).
  bool skip_blank_lines = false;
};

class CsvReader {
 public:
  static constexpr std::size_t kBlockSize = 1 << 20;

  CsvReader() = default;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;
  ~CsvReader();

  // Streams `path`, opened through base/io.h's OpenForReading (the one place
  // an input file is opened and checked); kNotFound when it does not exist.
  Result<void> Open(const std::string& path, CsvOptions options = {});

  // Reads `text`, which the caller keeps alive and unchanged while it uses
  // the reader's fields; `file_name` names it in messages. Fields are views
  // into `text`, except unescaped quoted fields (those holding ""), which
  // are stored in `*arena` when given (a deque: they never move, so every
  // view stays valid as long as `text` and the arena do) and otherwise in
  // the reader until the next call.
  void OpenText(std::string_view text, std::string file_name, CsvOptions options = {},
                std::deque<std::string>* arena = nullptr);

  // Reads the next record into `fields` (views valid until the next call,
  // or longer as OpenText says). Returns false at the end of the input.
  Result<bool> Next(std::vector<std::string_view>* fields);

  // The physical line (1-based) on which the last record returned began.
  std::int64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }
  // Bytes read from the file so far.
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Moves unconsumed bytes to the front and reads more; false at EOF.
  Result<bool> Refill();
  // Parses a record holding a quote, starting at begin_; returns false when
  // the buffer ends before the record does (the caller refills and retries).
  Result<bool> ParseQuoted(std::vector<std::string_view>* fields);
  Status SyntaxError(std::string message, std::int64_t line, std::int64_t column,
                     std::size_t field_index) const;
  void SkipByteOrderMark();
  bool streaming() const { return fd_ >= 0; }

  int fd_ = -1;
  std::string path_;
  CsvOptions options_;
  std::vector<char> buffer_;    // the window, when streaming a file
  const char* data_ = nullptr;  // buffer_.data() or the caller's text
  std::size_t begin_ = 0;       // first unconsumed byte
  std::size_t end_ = 0;         // one past the last byte available
  bool eof_ = false;
  bool at_start_ = true;
  std::int64_t next_line_ = 1;
  std::int64_t record_line_ = 0;
  std::uint64_t bytes_read_ = 0;
  // Unescaped fields: in the caller's arena when given, otherwise in
  // scratch_, whose first scratch_used_ strings belong to the current record.
  std::string_view Unescape(std::string_view raw);
  std::deque<std::string>* arena_ = nullptr;
  std::deque<std::string> scratch_;
  std::size_t scratch_used_ = 0;
};

}  // namespace sovet

#endif  // SOVET_BASE_CSV_READER_H_
