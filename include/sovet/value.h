// Typed values and their canonical encoding: the payload of a journal act.
//
// A Value is one of: integer (signed 64-bit), bytes, text (UTF-8), boolean,
// list (ordered), map (text keys, kept sorted by byte order, unique), or
// record (a type name and a map of fields). The canonical encoding
// (doc/journal_format.md §2) is type-tagged and length-prefixed:
//
//   value := tag:u8  length:u32be  content[length]
//
// so the encoding is injective: two different values never encode alike
// (text "1" vs integer 1, list [a,b] vs [ab], an empty map vs an absent
// field). Decode accepts only canonical bytes (sorted unique keys, valid
// UTF-8, booleans 0 or 1, exact lengths), so Encode(Decode(b)) == b.
//
// Thread-safety: values are plain data; distinct objects may be used from
// distinct threads freely.
#ifndef SOVET_VALUE_H_
#define SOVET_VALUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sovet/status.h"

namespace sovet {

// Wire tags; their numeric values are part of the format and never change.
enum class ValueTag : std::uint8_t {
  kInteger = 0x01,
  kBytes = 0x02,
  kText = 0x03,
  kBoolean = 0x04,
  kList = 0x05,
  kMap = 0x06,
  kRecord = 0x07,
};

class Value;
using ValueList = std::vector<Value>;
// std::map keeps keys in byte order (std::string's operator<), which is the
// canonical order of the encoding.
using ValueMap = std::map<std::string, Value>;

// A byte string, distinct from text in type and encoding.
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

struct Record {
  std::string type;
  ValueMap fields;
  bool operator==(const Record&) const;
};

class Value {
 public:
  using Storage = std::variant<std::int64_t, Bytes, std::string, bool, ValueList, ValueMap,
                               std::shared_ptr<const Record>>;

  Value() : storage_(std::int64_t{0}) {}
  static Value Integer(std::int64_t v) { return Value(Storage(v)); }
  static Value ByteString(std::string v) { return Value(Storage(Bytes{std::move(v)})); }
  static Value Text(std::string v) { return Value(Storage(std::move(v))); }
  static Value Boolean(bool v) { return Value(Storage(v)); }
  static Value List(ValueList v) { return Value(Storage(std::move(v))); }
  static Value Map(ValueMap v) { return Value(Storage(std::move(v))); }
  static Value MakeRecord(std::string type, ValueMap fields);

  ValueTag tag() const;
  bool is_integer() const { return tag() == ValueTag::kInteger; }
  bool is_text() const { return tag() == ValueTag::kText; }
  bool is_bytes() const { return tag() == ValueTag::kBytes; }
  bool is_boolean() const { return tag() == ValueTag::kBoolean; }
  bool is_list() const { return tag() == ValueTag::kList; }
  bool is_map() const { return tag() == ValueTag::kMap; }
  bool is_record() const { return tag() == ValueTag::kRecord; }

  // Accessors; calling one of the wrong kind is a bug (std::bad_variant_access).
  std::int64_t integer() const { return std::get<std::int64_t>(storage_); }
  const std::string& bytes() const { return std::get<Bytes>(storage_).data; }
  const std::string& text() const { return std::get<std::string>(storage_); }
  bool boolean() const { return std::get<bool>(storage_); }
  const ValueList& list() const { return std::get<ValueList>(storage_); }
  const ValueMap& map() const { return std::get<ValueMap>(storage_); }
  const Record& record() const { return *std::get<std::shared_ptr<const Record>>(storage_); }

  bool operator==(const Value& other) const;

 private:
  explicit Value(Storage storage) : storage_(std::move(storage)) {}
  Storage storage_;
};

// The deepest nesting the encoding admits (doc/journal_format.md §2): the
// value encoded or decoded is at depth 0, each item, key, map value, record
// type and record field one deeper than its container.
inline constexpr int kMaxValueDepth = 64;

// Appends the canonical encoding of `value` to `out`. Fails (kInvalidInput)
// on text that is not valid UTF-8, a value longer than 2^32-1 bytes, or
// nesting deeper than kMaxValueDepth: whatever encodes, decodes.
Result<void> EncodeValue(const Value& value, std::string& out);
Result<std::string> EncodeValue(const Value& value);
// The same as EncodeValue(Value::Map(map), out), without copying the map.
Result<void> EncodeMapValue(const ValueMap& map, std::string& out);

// Decodes exactly one value occupying all of `bytes`. Any non-canonical or
// malformed input is kIntegrityViolation naming the byte offset.
Result<Value> DecodeValue(std::string_view bytes);

// Decodes one value at the start of `bytes`, setting `consumed`.
Result<Value> DecodeValuePrefix(std::string_view bytes, std::size_t& consumed);

// Checks that `bytes` starts with one canonical value (exactly what
// DecodeValuePrefix accepts) without building it; sets `consumed`.
Result<void> ValidateValuePrefix(std::string_view bytes, std::size_t& consumed);

// A human-readable rendering for `journal show`: 42, "text", 0x0a0b, true,
// [a, b], {k: v}, type{k: v}.
std::string ValueToString(const Value& value);

}  // namespace sovet

#endif  // SOVET_VALUE_H_
