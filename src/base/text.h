// Text helpers shared by every module: UTF-8 validation with a located
// error, and the one number format of every text output.
#ifndef SOVET_BASE_TEXT_H_
#define SOVET_BASE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sovet/status.h"

namespace sovet {

// `value` in decimal with a comma between groups of three digits, as the
// seeds print their figures ("36,262,560", 002:191); a minus sign leads a
// negative value. Every integer a text output prints goes through here or
// through GroupDigits.
std::string GroupThousands(std::int64_t value);

// Untrusted input made safe to echo in a message: control bytes (C0, DEL,
// C1), NUL, backslash and bytes that are not valid UTF-8 are written as
// escapes (\n, \t, \0, \\, \xHH, \u0085), so a message stays one line of
// valid UTF-8 that shows exactly what was read. Text longer than `max_bytes`
// is cut at a character boundary and ends "…(N bytes)", N the whole length.
// No quotes are added: callers put the result where their message quotes it.
std::string QuoteForMessage(std::string_view text, std::size_t max_bytes = 200);

// The whole character starting at byte `pos` of `text` (all the bytes of a
// UTF-8 sequence, or one byte that starts none), as QuoteForMessage shows it.
std::string QuoteCharacterAt(std::string_view text, std::size_t pos);

// `number` as the counts write exact numbers ("-1234.56789", "+12",
// "2000/7") with a comma between groups of three digits in each integer
// part ("-1,234.56789", "+12", "2,000/7"); digits after a '.' are left as
// they are. Text that does not start with a digit, or a sign and a digit,
// is returned unchanged, so any table cell may be passed.
std::string GroupDigits(std::string_view number);

// The byte offset of the first invalid UTF-8 sequence in `text`, or npos.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t FindInvalidUtf8(std::string_view text);

// OK when `text` is valid UTF-8; otherwise kInvalidInput naming the first
// invalid sequence: "invalid UTF-8: the sequence starting with byte 0xC3
// (byte offset 81) is not valid UTF-8; expected UTF-8 text".
// `where` locates `text`. When it names a file but no line, `text` is the
// whole file and the status carries the line and column (1-based, column in
// bytes) of the bad byte as well as its offset. When `where.line` is set,
// `text` is one field of that line: the location is kept as given and the
// offset is the one within the field. Otherwise (a value with no file) the
// offset alone locates the byte.
Status CheckUtf8(std::string_view text, SourceLocation where = {});

}  // namespace sovet

#endif  // SOVET_BASE_TEXT_H_
