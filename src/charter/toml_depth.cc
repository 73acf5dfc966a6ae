#include "charter/toml_depth.h"

#include <fmt/format.h>

#include <cstdint>
#include <vector>

namespace sovet {

Result<void> CheckTomlDepth(std::string_view text, const std::string& file_name) {
  // Positions: at the start of a line (a table header or a key may begin),
  // in a key (before '='), in a header (inside [ ] or [[ ]]), or in a value.
  enum class Mode { kLineStart, kKey, kHeader, kValue };
  Mode mode = Mode::kLineStart;
  int header_depth = 0;  // parts of the current table header
  int header_parts = 0;  // parts counted so far in a header being read
  int key_parts = 0;     // parts of the key being read (1 + its dots)
  // The open arrays and inline tables of the value being read; for each,
  // the key depth around it (an inline table's keys add to it).
  std::vector<char> open;
  std::vector<int> key_base;  // depth outside each open bracket
  std::int64_t line = 1;
  int value_depth = 0;  // header + key depth of the current value
  auto too_deep = [&](int depth) -> Result<void> {
    return Error(Status::InvalidInput(
        fmt::format("nested {} levels deep (table header parts, dotted key parts, arrays and "
                    "inline tables together); a charter may nest at most {}",
                    depth, kMaxTomlDepth),
        SourceLocation{.file = file_name, .line = line}));
  };
  std::size_t at = 0;
  const std::size_t size = text.size();
  // Skips a string starting at `at` (a quote character); counts lines.
  auto skip_string = [&] {
    char quote = text[at];
    bool multi = text.substr(at, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
    at += multi ? 3 : 1;
    while (at < size) {
      char c = text[at];
      if (c == '\n') {
        ++line;
        if (!multi) return;  // an unterminated string: toml++ reports it
      }
      if (c == '\\' && quote == '"') {
        at += 2;
        continue;
      }
      if (c == quote) {
        if (!multi) {
          ++at;
          return;
        }
        if (text.substr(at, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''")) {
          at += 3;
          // A closing delimiter may be followed by up to two more quotes.
          while (at < size && text[at] == quote) ++at;
          return;
        }
      }
      ++at;
    }
  };
  while (at < size) {
    char c = text[at];
    if (c == '\n') {
      ++line;
      ++at;
      if (open.empty()) mode = Mode::kLineStart;
      continue;
    }
    if (c == '#') {
      while (at < size && text[at] != '\n') ++at;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++at;
      continue;
    }
    switch (mode) {
      case Mode::kLineStart:
        if (c == '[') {
          mode = Mode::kHeader;
          header_parts = 1;
          at += text.substr(at, 2) == "[[" ? 2 : 1;
          continue;
        }
        mode = Mode::kKey;
        key_parts = 1;
        continue;  // re-read c as part of the key
      case Mode::kHeader:
        if (c == '"' || c == '\'') {
          skip_string();
          continue;
        }
        if (c == '.') {
          if (++header_parts > kMaxTomlDepth) return too_deep(header_parts);
        } else if (c == ']') {
          header_depth = header_parts;
          mode = Mode::kValue;  // the rest of the line: a comment, or an error for toml++
          value_depth = header_depth;
        }
        ++at;
        continue;
      case Mode::kKey:
        if (c == '"' || c == '\'') {
          skip_string();
          continue;
        }
        if (c == '.') {
          // Checked at once, so the count stays small whatever the input.
          if (++key_parts > kMaxTomlDepth) return too_deep(key_parts);
        } else if (c == '=') {
          int base = open.empty() ? header_depth : key_base.back();
          value_depth = base + key_parts;
          if (value_depth > kMaxTomlDepth) return too_deep(value_depth);
          mode = Mode::kValue;
        } else if (c == '}' && !open.empty()) {
          mode = Mode::kValue;  // an empty inline table: read the brace as a value
          continue;
        }
        ++at;
        continue;
      case Mode::kValue:
        if (c == '"' || c == '\'') {
          skip_string();
          continue;
        }
        if (c == '[' || c == '{') {
          key_base.push_back(value_depth + 1);
          open.push_back(c);
          int depth = value_depth + 1;
          if (depth > kMaxTomlDepth) return too_deep(depth);
          value_depth = depth;
          ++at;
          if (c == '{') {
            mode = Mode::kKey;
            key_parts = 1;
          }
          continue;
        }
        if ((c == ']' || c == '}') && !open.empty()) {
          open.pop_back();
          value_depth = key_base.back() - 1;
          key_base.pop_back();
          ++at;
          continue;
        }
        if (c == ',' && !open.empty() && open.back() == '{') {
          mode = Mode::kKey;
          key_parts = 1;
          // The next key's depth is the inline table's, not the last value's.
          value_depth = key_base.back();
          ++at;
          continue;
        }
        ++at;
        continue;
    }
  }
  return {};
}

}  // namespace sovet
