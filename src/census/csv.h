// An RFC 4180 record reader over one in-memory buffer.
//
// Fields are returned as string_views into the buffer; only a quoted field
// holding a doubled quote ("") is copied, unescaped, into the caller's arena
// (a deque, so earlier copies never move). Records end at LF or CRLF; a
// quoted field may span lines. Blank lines between records are skipped.
// Line numbers are 1-based physical lines; a record's line is the line it
// starts on; columns are 1-based byte offsets within their line.
#ifndef SOVET_CENSUS_CSV_H_
#define SOVET_CENSUS_CSV_H_

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet::census_internal {

struct CsvRecord {
  std::int64_t line = 0;
  std::vector<std::string_view> fields;
};

class CsvReader {
 public:
  // `field_names` name the columns in messages (a syntax error inside the
  // third field is reported as field 'kind'); `arena` must outlive every
  // view the reader returns.
  CsvReader(std::string_view text, std::string file_name,
            std::span<const std::string_view> field_names, std::deque<std::string>* arena);

  // Reads the next record into `record` (reusing its storage). Returns false
  // at the end of the input, or a kInvalidInput Status for an unterminated
  // quoted field or a stray quote.
  Result<bool> Next(CsvRecord& record);

  // The line the reader is on (the last line when it has reached the end).
  std::int64_t line() const { return line_; }

 private:
  Status SyntaxError(std::string message, std::int64_t line, std::int64_t column,
                     std::size_t field_index) const;
  // Moves past a line break starting at pos_ ('\n' or "\r\n").
  void ConsumeLineBreak();
  bool AtLineBreak(std::size_t pos) const;

  std::string_view text_;
  std::string file_name_;
  std::span<const std::string_view> field_names_;
  std::deque<std::string>* arena_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace sovet::census_internal

#endif  // SOVET_CENSUS_CSV_H_
