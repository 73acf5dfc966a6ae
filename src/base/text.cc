#include "base/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace sovet {

std::string GroupThousands(std::int64_t value) { return GroupDigits(std::to_string(value)); }

std::string GroupDigits(std::string_view number) {
  std::size_t lead = !number.empty() && (number[0] == '-' || number[0] == '+') ? 1 : 0;
  if (lead >= number.size() || number[lead] < '0' || number[lead] > '9') {
    return std::string(number);
  }
  std::string out;
  out.reserve(number.size() + number.size() / 3);
  std::size_t pos = 0;
  while (pos < number.size()) {
    char c = number[pos];
    bool starts_integer_run = c >= '0' && c <= '9' && (pos == 0 || number[pos - 1] != '.');
    if (!starts_integer_run) {
      // Copy one character; a fraction's digits are copied whole.
      out += c;
      ++pos;
      if (c == '.') {
        while (pos < number.size() && number[pos] >= '0' && number[pos] <= '9')
          out += number[pos++];
      }
      continue;
    }
    std::size_t end = pos;
    while (end < number.size() && number[end] >= '0' && number[end] <= '9') ++end;
    for (std::size_t idx = pos; idx < end; ++idx) {
      if (idx > pos && (end - idx) % 3 == 0) out += ',';
      out += number[idx];
    }
    pos = end;
  }
  return out;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    std::size_t length;
    std::uint32_t code_point;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return pos;
    }
    if (pos + length > size) return pos;
    for (std::size_t k = 1; k < length; ++k) {
      unsigned char cont = bytes[pos + k];
      if ((cont & 0xC0) != 0x80) return pos;
      code_point = (code_point << 6) | (cont & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return pos;
    }
    pos += length;
  }
  return std::string_view::npos;
}

Status CheckUtf8(std::string_view text, SourceLocation where) {
  const std::size_t bad = FindInvalidUtf8(text);
  if (bad == std::string_view::npos) return Status();
  std::string offset = fmt::format("byte offset {}", bad);
  if (where.line == 0 && !where.file.empty()) {
    std::string_view before = text.substr(0, bad);
    where.line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::size_t line_start = before.rfind('\n');
    where.column = static_cast<std::int64_t>(
        line_start == std::string_view::npos ? bad + 1 : bad - line_start);
  } else if (where.line > 0) {
    offset += " of the field";
  }
  return Status::InvalidInput(
      fmt::format("invalid UTF-8: the sequence starting with byte 0x{:02X} ({}) is not valid "
                  "UTF-8; expected UTF-8 text",
                  static_cast<unsigned char>(text[bad]), offset),
      std::move(where));
}

std::string QuoteForMessage(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size() && pos < max_bytes) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      switch (byte) {
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\0':
          out += "\\0";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (byte < 0x20 || byte == 0x7f) {
            out += fmt::format("\\x{:02x}", byte);
          } else {
            out += static_cast<char>(byte);
          }
      }
      ++pos;
      continue;
    }
    // The length of the UTF-8 sequence starting here, if it is valid.
    std::size_t length = (byte & 0xE0) == 0xC0 ? 2 : (byte & 0xF0) == 0xE0 ? 3 : 4;
    std::string_view sequence = text.substr(pos, length);
    if ((byte & 0xF8) > 0xF0 || sequence.size() != length ||
        FindInvalidUtf8(sequence) != std::string_view::npos) {
      out += fmt::format("\\x{:02x}", byte);
      ++pos;
      continue;
    }
    if (pos + length > max_bytes) break;
    // C1 controls (U+0080..U+009F) are encoded C2 80..C2 9F.
    if (byte == 0xC2 && static_cast<unsigned char>(sequence[1]) < 0xA0) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(sequence[1]));
    } else {
      out += sequence;
    }
    pos += length;
  }
  if (pos < text.size()) out += fmt::format("…({} bytes)", text.size());
  return out;
}

std::string QuoteCharacterAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {};
  auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
  std::string_view character = text.substr(pos, length);
  if (FindInvalidUtf8(character) != std::string_view::npos) character = text.substr(pos, 1);
  return QuoteForMessage(character, 4);
}

}  // namespace sovet
