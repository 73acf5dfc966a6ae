#include "base/text.h"

#include <fmt/format.h>

#include "base/io.h"

namespace sovet {

std::string GroupThousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out += ',';
    out += digits[idx];
  }
  return value < 0 ? "-" + out : out;
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
