// A streaming RFC 4180 CSV reader: reads a file in fixed-size blocks and
// yields one record at a time, so memory stays constant however long the
// file (a 36-million-line ballot file is read through a 1 MiB window).
//
// Accepted: fields separated by ',', records by "\n" or "\r\n"; a field may
// be enclosed in double quotes, inside which '"' is written '""' and commas
// and line breaks are data (RFC 4180 §2). A quote inside an unquoted field,
// or anything but ',' or the end of the record after a closing quote, is an
// error naming line and column. A UTF-8 byte-order mark at the start is
// skipped. UTF-8 validity is the caller's business (callers validate each
// distinct field value once, not every byte of every line).
//
// Thread-safety: a CsvReader is a mutable object used by one thread.
#ifndef SOVET_COUNT_CSV_READER_H_
#define SOVET_COUNT_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet {

class CsvReader {
 public:
  static constexpr std::size_t kBlockSize = 1 << 20;

  CsvReader() = default;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;
  ~CsvReader();

  // Opens `path`; kNotFound when it does not exist.
  Result<void> Open(const std::string& path);

  // Reads the next record into `fields` (views valid until the next call).
  // Returns false at the end of the file.
  Result<bool> Next(std::vector<std::string_view>* fields);

  // The physical line (1-based) on which the last record returned began.
  std::int64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }
  // Bytes consumed so far.
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Moves unconsumed bytes to the front and reads more; false at EOF.
  Result<bool> Refill();
  // Parses a record containing quotes starting at begin_; returns false when
  // the buffer ends before the record does (caller refills and retries).
  Result<bool> ParseQuoted(std::vector<std::string_view>* fields);
  Status ErrorAt(std::int64_t line, std::int64_t column, std::string message) const;

  int fd_ = -1;
  std::string path_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  bool at_start_ = true;
  std::int64_t next_line_ = 1;
  std::int64_t record_line_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::vector<std::string> quoted_storage_;
};

}  // namespace sovet

#endif  // SOVET_COUNT_CSV_READER_H_
