#include "census/csv.h"

#include <fmt/format.h>

#include <cstring>
#include <utility>

#include "base/text.h"

namespace sovet::census_internal {

CsvReader::CsvReader(std::string_view text, std::string file_name,
                     std::span<const std::string_view> field_names, std::deque<std::string>* arena)
    : text_(text), file_name_(std::move(file_name)), field_names_(field_names), arena_(arena) {}

Status CsvReader::SyntaxError(std::string message, std::int64_t line, std::int64_t column,
                              std::size_t field_index) const {
  SourceLocation where{.file = file_name_, .line = line, .column = column};
  if (field_index < field_names_.size()) where.field = std::string(field_names_[field_index]);
  return Status::InvalidInput(std::move(message), std::move(where));
}

bool CsvReader::AtLineBreak(std::size_t pos) const {
  return pos < text_.size() &&
         (text_[pos] == '\n' ||
          (text_[pos] == '\r' && pos + 1 < text_.size() && text_[pos + 1] == '\n'));
}

void CsvReader::ConsumeLineBreak() {
  pos_ += text_[pos_] == '\r' ? 2 : 1;
  ++line_;
  line_start_ = pos_;
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  while (AtLineBreak(pos_)) ConsumeLineBreak();
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  record.fields.clear();
  const std::size_t size = text_.size();
  for (;;) {
    const std::size_t field_index = record.fields.size();
    if (pos_ < size && text_[pos_] == '"') {
      // RFC 4180 §2.5-2.7: a quoted field runs to the next quote that is not
      // doubled; it may hold commas, quotes ("") and line breaks.
      const std::int64_t open_line = line_;
      const std::int64_t open_column = static_cast<std::int64_t>(pos_ - line_start_) + 1;
      const std::size_t content_start = ++pos_;
      bool has_doubled_quote = false;
      for (;;) {
        const void* found = std::memchr(text_.data() + pos_, '"', size - pos_);
        // Keep line numbers right across line breaks inside the field.
        const std::size_t stop =
            found ? static_cast<std::size_t>(static_cast<const char*>(found) - text_.data()) : size;
        for (const char* nl =
                 static_cast<const char*>(std::memchr(text_.data() + pos_, '\n', stop - pos_));
             nl != nullptr;
             nl = static_cast<const char*>(std::memchr(
                 nl + 1, '\n', stop - static_cast<std::size_t>(nl + 1 - text_.data())))) {
          ++line_;
          line_start_ = static_cast<std::size_t>(nl + 1 - text_.data());
        }
        if (found == nullptr) {
          return Error(SyntaxError(
              fmt::format("unterminated quoted field: the quote opened at line {}, column {} "
                          "is never closed",
                          open_line, open_column),
              open_line, 0, field_index));
        }
        pos_ = stop + 1;
        if (pos_ < size && text_[pos_] == '"') {
          has_doubled_quote = true;
          ++pos_;
          continue;
        }
        break;
      }
      std::string_view raw = text_.substr(content_start, pos_ - 1 - content_start);
      if (has_doubled_quote) {
        std::string unescaped;
        unescaped.reserve(raw.size());
        for (std::size_t at = 0; at < raw.size(); ++at) {
          unescaped.push_back(raw[at]);
          if (raw[at] == '"') ++at;  // the second quote of a doubled pair
        }
        arena_->push_back(std::move(unescaped));
        raw = arena_->back();
      }
      record.fields.push_back(raw);
      if (pos_ >= size) return true;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (AtLineBreak(pos_)) {
        ConsumeLineBreak();
        return true;
      }
      return Error(SyntaxError(
          fmt::format("expected a comma or the end of the line after the closing quote, got '{}'",
                      QuoteCharacterAt(text_, pos_)),
          line_, static_cast<std::int64_t>(pos_ - line_start_) + 1, field_index));
    }
    std::size_t end = pos_;
    while (end < size) {
      const char c = text_[end];
      if (c == ',' || c == '\n' || c == '"') break;
      if (c == '\r' && end + 1 < size && text_[end + 1] == '\n') break;
      ++end;
    }
    if (end < size && text_[end] == '"') {
      return Error(SyntaxError(
          "a double quote inside an unquoted field; expected the whole field enclosed in "
          "double quotes, with each quote inside it doubled (RFC 4180)",
          line_, static_cast<std::int64_t>(end - line_start_) + 1, field_index));
    }
    record.fields.push_back(text_.substr(pos_, end - pos_));
    pos_ = end;
    if (pos_ >= size) return true;
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    ConsumeLineBreak();
    return true;
  }
}

}  // namespace sovet::census_internal
