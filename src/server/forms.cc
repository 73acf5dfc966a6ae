#include "server/forms.h"

#include <fmt/format.h>

namespace sovet::server {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsUtf8(std::string_view text) {
  std::size_t idx = 0;
  while (idx < text.size()) {
    const auto c = static_cast<unsigned char>(text[idx]);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++idx;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, code = c & 0x07;
    } else {
      return false;
    }
    if (idx + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[idx + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMin[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    idx += extra + 1;
  }
  return true;
}

Result<std::string> Decode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    const char c = text[idx];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      const int high = idx + 2 < text.size() ? HexDigit(text[idx + 1]) : -1;
      const int low = high >= 0 ? HexDigit(text[idx + 2]) : -1;
      if (high < 0 || low < 0) {
        return Error(Status::InvalidInput("a form field: '%' is not followed by two hex digits",
                                          SourceLocation{.field = std::string(what)}));
      }
      out += static_cast<char>(high * 16 + low);
      idx += 2;
    } else {
      out += c;
    }
  }
  if (!IsUtf8(out)) {
    return Error(Status::InvalidInput("a form field is not UTF-8",
                                      SourceLocation{.field = std::string(what)}));
  }
  return out;
}

}  // namespace

Result<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) {
      if (end == body.size()) break;
      continue;
    }
    const std::size_t equals = pair.find('=');
    SOVET_TRY(std::string name, Decode(pair.substr(0, equals), "form"));
    SOVET_TRY(std::string value, Decode(equals == std::string_view::npos
                                            ? std::string_view()
                                            : pair.substr(equals + 1),
                                        name));
    for (const char c : name) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        return Error(Status::InvalidInput("a form field's name holds a control character",
                                          SourceLocation{.field = "form"}));
      }
    }
    for (const char c : value) {
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
          c == 0x7F) {
        return Error(Status::InvalidInput("a form field's value holds a control character",
                                          SourceLocation{.field = name}));
      }
    }
    if (fields.size() >= kMaxFormFields) {
      return Error(Status::InvalidInput(
          fmt::format("a form has at most {} fields", kMaxFormFields), {.field = "form"}));
    }
    if (!fields.emplace(name, std::move(value)).second) {
      return Error(Status::InvalidInput("a form field is given twice",
                                        SourceLocation{.field = name}));
    }
    if (end == body.size()) break;
  }
  return fields;
}

std::optional<std::string> FindCookie(std::string_view header, std::string_view name) {
  std::size_t start = 0;
  std::size_t seen = 0;
  while (start < header.size() && seen++ < 4 * kMaxFormFields) {
    std::size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(start, end - start);
    start = end + 1;
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view key = pair.substr(0, equals);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    if (key != name) continue;
    std::string_view value = pair.substr(equals + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace sovet::server
