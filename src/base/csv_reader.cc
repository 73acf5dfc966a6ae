#include "base/csv_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "base/io.h"
#include "base/text.h"

namespace sovet {

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    options_ = other.options_;
    const bool own_buffer = other.data_ == other.buffer_.data();
    buffer_ = std::move(other.buffer_);
    data_ = own_buffer ? buffer_.data() : other.data_;
    begin_ = other.begin_;
    end_ = other.end_;
    eof_ = other.eof_;
    at_start_ = other.at_start_;
    next_line_ = other.next_line_;
    record_line_ = other.record_line_;
    bytes_read_ = other.bytes_read_;
    scratch_ = std::move(other.scratch_);
    scratch_used_ = other.scratch_used_;
    arena_ = other.arena_;
  }
  return *this;
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> CsvReader::Open(const std::string& path, CsvOptions options) {
  path_ = path;
  options_ = options;
  SOVET_TRY(fd_, OpenForReading(path, kMaxStreamedFileBytes));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  buffer_.resize(FirstReadSize(fd_, kBlockSize));
  data_ = buffer_.data();
  return {};
}

void CsvReader::OpenText(std::string_view text, std::string file_name, CsvOptions options,
                         std::deque<std::string>* arena) {
  path_ = std::move(file_name);
  options_ = options;
  data_ = text.data();
  begin_ = 0;
  end_ = text.size();
  eof_ = true;
  arena_ = arena;
  SkipByteOrderMark();
}

void CsvReader::SkipByteOrderMark() {
  if (!at_start_ || end_ - begin_ < 3) return;
  at_start_ = false;
  if (std::memcmp(data_ + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
}

Status CsvReader::SyntaxError(std::string message, std::int64_t line, std::int64_t column,
                              std::size_t field_index) const {
  SourceLocation where{.file = path_, .line = line, .column = column};
  if (field_index < options_.field_names.size()) {
    where.field = std::string(options_.field_names[field_index]);
  }
  return Status::InvalidInput(std::move(message), std::move(where));
}

Result<bool> CsvReader::Refill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A single record longer than the window (a very long quoted field) grows
  // it; ordinary files never do.
  if (end_ == buffer_.size()) {
    // A record may not grow without bound: a file of one endless line
    // (a sparse file, a binary file) is refused, not read into memory.
    if (buffer_.size() * 2 > kMaxRecordBytes) {
      return Error(Status::InvalidInput(
          fmt::format("a record longer than the limit of {} bytes; expected CSV text",
                      kMaxRecordBytes),
          SourceLocation{.file = path_}));
    }
    buffer_.resize(buffer_.size() * 2);
  }
  data_ = buffer_.data();
  for (;;) {
    ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (got < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      if (err == EISDIR) {
        return Error(
            Status::InvalidInput("is a directory, expected a file", SourceLocation{.file = path_}));
      }
      return Error(Status::IoError(fmt::format("read failed: {}", std::strerror(err)),
                                   SourceLocation{.file = path_}));
    }
    if (got == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<std::size_t>(got);
    bytes_read_ += static_cast<std::uint64_t>(got);
    if (end_ >= 3) SkipByteOrderMark();
    return true;
  }
}

Result<bool> CsvReader::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  scratch_used_ = 0;
  for (;;) {
    const char* start = data_ + begin_;
    const std::size_t avail = end_ - begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', avail));
    if (newline == nullptr && !eof_) {
      // Either more data arrives or eof_ is set; look again either way.
      SOVET_TRY(bool more, Refill());
      (void)more;
      continue;
    }
    if (newline == nullptr && avail == 0) return false;
    const char* line_end = newline != nullptr ? newline : data_ + end_;
    std::size_t length = static_cast<std::size_t>(line_end - start);
    if (std::memchr(start, '"', length) != nullptr) {
      scratch_used_ = 0;
      SOVET_TRY(bool complete, ParseQuoted(fields));
      if (complete) return true;
      fields->clear();
      SOVET_TRY(bool more, Refill());
      (void)more;  // at the end of the file ParseQuoted reports what is missing
      continue;
    }
    std::size_t record_length = length;
    if (record_length > 0 && start[record_length - 1] == '\r') --record_length;
    const std::size_t next_begin =
        newline != nullptr ? static_cast<std::size_t>(newline - data_) + 1 : end_;
    if (record_length == 0 && options_.skip_blank_lines) {
      ++next_line_;
      begin_ = next_begin;
      continue;
    }
    // Fast path: split on commas without copying.
    const char* field_start = start;
    const char* record_end = start + record_length;
    for (;;) {
      const char* comma = static_cast<const char*>(
          std::memchr(field_start, ',', static_cast<std::size_t>(record_end - field_start)));
      if (comma == nullptr) {
        fields->emplace_back(field_start, static_cast<std::size_t>(record_end - field_start));
        break;
      }
      fields->emplace_back(field_start, static_cast<std::size_t>(comma - field_start));
      field_start = comma + 1;
    }
    record_line_ = next_line_++;
    begin_ = next_begin;
    return true;
  }
}

std::string_view CsvReader::Unescape(std::string_view raw) {
  std::string* out;
  if (arena_ != nullptr) {
    out = &arena_->emplace_back();
  } else {
    // Reuse the strings of earlier records: their storage stays allocated.
    if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
    out = &scratch_[scratch_used_++];
    out->clear();
  }
  out->reserve(raw.size());
  for (std::size_t at = 0; at < raw.size(); ++at) {
    out->push_back(raw[at]);
    if (raw[at] == '"') ++at;  // the second quote of a doubled pair
  }
  return *out;
}

Result<bool> CsvReader::ParseQuoted(std::vector<std::string_view>* fields) {
  // RFC 4180 §2 rules 5-7 for a record that holds a quote somewhere.
  const char* data = data_;
  const std::size_t size = end_;
  std::size_t pos = begin_;
  std::int64_t line = next_line_;
  std::size_t line_start = begin_;
  auto at_line_break = [&](std::size_t at) {
    return at < size &&
           (data[at] == '\n' || (data[at] == '\r' && at + 1 < size && data[at + 1] == '\n'));
  };
  // A '\r' at the end of the window may be the first half of "\r\n".
  auto undecided_cr = [&](std::size_t at) {
    return !eof_ && at + 1 >= size && at < size && data[at] == '\r';
  };
  for (;;) {
    const std::size_t field_index = fields->size();
    if (pos < size && data[pos] == '"') {
      // A quoted field runs to the next quote that is not doubled; it may
      // hold commas, quotes ("") and line breaks.
      const std::int64_t open_line = line;
      const std::int64_t open_column = static_cast<std::int64_t>(pos - line_start) + 1;
      const std::size_t content_start = ++pos;
      bool has_doubled_quote = false;
      for (;;) {
        const char* found = static_cast<const char*>(std::memchr(data + pos, '"', size - pos));
        const std::size_t stop = found != nullptr ? static_cast<std::size_t>(found - data) : size;
        // Keep line numbers right across line breaks inside the field.
        for (const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', stop - pos));
             nl != nullptr; nl = static_cast<const char*>(std::memchr(
                                nl + 1, '\n', stop - static_cast<std::size_t>(nl + 1 - data)))) {
          ++line;
          line_start = static_cast<std::size_t>(nl + 1 - data);
        }
        if (found == nullptr) {
          if (!eof_) return false;
          return Error(SyntaxError(
              fmt::format("unterminated quoted field: the quote opened at line {}, column {} "
                          "is never closed",
                          open_line, open_column),
              open_line, 0, field_index));
        }
        pos = stop + 1;
        if (pos >= size && !eof_) return false;  // a doubled quote may follow
        if (pos < size && data[pos] == '"') {
          has_doubled_quote = true;
          ++pos;
          continue;
        }
        break;
      }
      std::string_view raw(data + content_start, pos - 1 - content_start);
      if (has_doubled_quote) raw = Unescape(raw);
      fields->push_back(raw);
      if (undecided_cr(pos)) return false;
      if (pos < size && data[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < size && !at_line_break(pos)) {
        return Error(SyntaxError(
            fmt::format("expected a comma or the end of the line after the closing quote, got '{}'",
                        QuoteCharacterAt(std::string_view(data, size), pos)),
            line, static_cast<std::int64_t>(pos - line_start) + 1, field_index));
      }
    } else {
      std::size_t end = pos;
      while (end < size) {
        const char c = data[end];
        if (c == ',' || c == '\n' || c == '"') break;
        if (c == '\r' && end + 1 < size && data[end + 1] == '\n') break;
        ++end;
      }
      if (end >= size && !eof_) return false;
      if (undecided_cr(end)) return false;
      if (end < size && data[end] == '"') {
        return Error(SyntaxError(
            "a double quote inside an unquoted field; expected the whole field enclosed in "
            "double quotes, with each quote inside it doubled (RFC 4180)",
            line, static_cast<std::int64_t>(end - line_start) + 1, field_index));
      }
      fields->emplace_back(data + pos, end - pos);
      pos = end;
      if (pos < size && data[pos] == ',') {
        ++pos;
        continue;
      }
    }
    // The end of the record: a line break or the end of the input.
    if (pos < size) pos += data[pos] == '\r' ? 2 : 1;
    record_line_ = next_line_;
    next_line_ = line + 1;
    begin_ = pos;
    return true;
  }
}

}  // namespace sovet
