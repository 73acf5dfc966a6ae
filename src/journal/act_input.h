// Acts from the command line and entries as JSON: the typed `--field`
// syntax, JSON ⇄ Value, and an entry's JSON form for `sovet journal show`.
#ifndef SOVET_JOURNAL_ACT_INPUT_H_
#define SOVET_JOURNAL_ACT_INPUT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sovet/journal.h"
#include "sovet/value.h"

namespace sovet::journal {

// `KEY=TEXT` or `KEY:TYPE=VALUE` with TYPE one of text, int, bool (true or
// false), hex (a byte string), json (any value, as ValueFromJson). Adds the
// field to `fields`; a repeated key or a malformed value is kInvalidInput
// naming `flag`.
Result<void> ParseFieldArg(std::string_view arg, ValueMap& fields, std::string_view flag);

// JSON → Value: integers (within 64 bits) → integer, strings → text,
// booleans → boolean, arrays → list, objects → map; {"$bytes": "HEX"} →
// bytes and {"$record": TYPE, "fields": {...}} → record. Floating-point
// numbers and null are refused: values are exact and never absent-by-null.
// `depth` is the depth of `json` in the act's payload (0: the fields map
// itself); anything nested deeper than kMaxValueDepth is refused before it
// is descended into, so the recursion is bounded whatever the input.
Result<Value> ValueFromJson(const nlohmann::json& json, const std::string& path, int depth);
// The inverse of ValueFromJson.
nlohmann::json ValueToJson(const Value& value);

// {"kind", "body", "fields"} → Act.
Result<Act> ActFromJson(const nlohmann::json& json, const std::string& where);

// An entry for `journal show --format json`: seq, time (RFC 3339 UTC with
// nanoseconds), time_ns, kind, body, payload, prev_hash, hash, sealed,
// signature (hex).
nlohmann::json EntryToJson(const Entry& entry);
// RFC 3339 UTC with nanoseconds: 2026-11-21T23:27:04.123456789Z.
std::string FormatTimeNs(std::int64_t time_ns);

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_ACT_INPUT_H_
