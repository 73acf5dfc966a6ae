#include "count/csv_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "base/io.h"

namespace sovet {

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    buffer_ = std::move(other.buffer_);
    begin_ = other.begin_;
    end_ = other.end_;
    eof_ = other.eof_;
    at_start_ = other.at_start_;
    next_line_ = other.next_line_;
    record_line_ = other.record_line_;
    bytes_read_ = other.bytes_read_;
    quoted_storage_ = std::move(other.quoted_storage_);
  }
  return *this;
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> CsvReader::Open(const std::string& path) {
  path_ = path;
  SourceLocation where{.file = path};
  SOVET_CHECK_OK(CheckInputFile(path, kMaxStreamedFileBytes));
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    int err = errno;
    if (err == ENOENT) return Error(Status::NotFound("no such file", where));
    return Error(Status::InvalidInput(
        fmt::format("cannot open for reading: {}", std::strerror(err)), where));
  }
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  buffer_.resize(kBlockSize);
  return {};
}

Status CsvReader::ErrorAt(std::int64_t line, std::int64_t column, std::string message) const {
  return Status::InvalidInput(std::move(message),
                              SourceLocation{.file = path_, .line = line, .column = column});
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
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
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
    if (at_start_ && end_ >= 3) {
      at_start_ = false;
      if (std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
    }
    return true;
  }
}

Result<bool> CsvReader::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  for (;;) {
    const char* data = buffer_.data();
    const char* start = data + begin_;
    const std::size_t avail = end_ - begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', avail));
    if (newline == nullptr && !eof_) {
      // Either more data arrives or eof_ is set; look again either way.
      SOVET_TRY(bool more, Refill());
      (void)more;
      continue;
    }
    if (newline == nullptr && avail == 0) return false;
    const char* line_end = newline != nullptr ? newline : data + end_;
    std::size_t length = static_cast<std::size_t>(line_end - start);
    if (std::memchr(start, '"', length) != nullptr) {
      SOVET_TRY(bool complete, ParseQuoted(fields));
      if (complete) return true;
      SOVET_TRY(bool more, Refill());
      if (!more) {
        return Error(ErrorAt(next_line_, 0,
                             "unterminated quoted field: expected a closing '\"' before the "
                             "end of the file"));
      }
      continue;
    }
    std::size_t record_length = length;
    if (record_length > 0 && start[record_length - 1] == '\r') --record_length;
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
    begin_ = newline != nullptr ? static_cast<std::size_t>(newline - data) + 1 : end_;
    return true;
  }
}

Result<bool> CsvReader::ParseQuoted(std::vector<std::string_view>* fields) {
  // RFC 4180 §2 rules 5-7, parsed byte by byte; slow but only for records
  // that contain a quote.
  quoted_storage_.clear();
  const char* data = buffer_.data();
  std::size_t pos = begin_;
  std::int64_t line = next_line_;
  std::size_t line_start = begin_;
  std::string current;
  for (;;) {
    // At the start of a field.
    if (pos < end_ && data[pos] == '"') {
      std::size_t quote_column = pos - line_start + 1;
      std::int64_t quote_line = line;
      ++pos;
      for (;;) {
        if (pos >= end_) {
          if (eof_) {
            return Error(ErrorAt(quote_line, static_cast<std::int64_t>(quote_column),
                                 "unterminated quoted field: expected a closing '\"'"));
          }
          return false;
        }
        char c = data[pos];
        if (c == '"') {
          if (pos + 1 >= end_ && !eof_) return false;
          if (pos + 1 < end_ && data[pos + 1] == '"') {
            current.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        if (c == '\n') {
          ++line;
          line_start = pos + 1;
        }
        current.push_back(c);
        ++pos;
      }
      // After the closing quote: ',' or the end of the record.
      if (pos < end_ && data[pos] == '\r' && pos + 1 < end_ && data[pos + 1] == '\n') ++pos;
      if (pos < end_ && data[pos] == '\r' && pos + 1 >= end_) {
        if (!eof_) return false;
        ++pos;
      }
      if (pos < end_ && data[pos] != ',' && data[pos] != '\n') {
        return Error(ErrorAt(line, static_cast<std::int64_t>(pos - line_start + 1),
                             "expected ',' or the end of the line after a closing quote"));
      }
    } else {
      for (;;) {
        if (pos >= end_) {
          if (!eof_) return false;
          break;
        }
        char c = data[pos];
        if (c == ',' || c == '\n') break;
        if (c == '\r' && pos + 1 < end_ && data[pos + 1] == '\n') {
          ++pos;
          break;
        }
        if (c == '\r' && pos + 1 >= end_ && !eof_) return false;
        if (c == '"') {
          return Error(ErrorAt(line, static_cast<std::int64_t>(pos - line_start + 1),
                               "a quote inside an unquoted field: expected the whole field "
                               "in double quotes, with '\"' written as '\"\"'"));
        }
        current.push_back(c);
        ++pos;
      }
    }
    quoted_storage_.push_back(std::move(current));
    current.clear();
    if (pos >= end_) break;  // end of file ends the record
    if (data[pos] == ',') {
      ++pos;
      continue;
    }
    ++pos;  // '\n'
    break;
  }
  for (const std::string& field : quoted_storage_) fields->emplace_back(field);
  record_line_ = next_line_;
  next_line_ = line + 1;
  begin_ = pos;
  return true;
}

}  // namespace sovet
