// Small text helpers shared by the reports and the command line.
#ifndef SOVET_BASE_TEXT_H_
#define SOVET_BASE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sovet {

// `value` in decimal with a comma between groups of three digits, as the
// seeds print their figures ("36,262,560", 002:191); a minus sign leads a
// negative value. `value` must not be INT64_MIN.
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

}  // namespace sovet

#endif  // SOVET_BASE_TEXT_H_
