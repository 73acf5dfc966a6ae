#include "sovet/value.h"

#include <fmt/format.h>

#include "base/io.h"

namespace sovet {
namespace {

constexpr std::size_t kHeaderSize = 5;  // tag u8 + length u32be
constexpr std::uint64_t kMaxLength = 0xFFFFFFFFu;
// Nesting deeper than this is refused on decode, so that a hostile export
// cannot exhaust the stack, and on encode, so that nothing is ever written
// that the decoder would refuse (doc/journal_format.md §2). The value being
// encoded or decoded is at depth 0 (for an entry: its payload map, kind and
// body); an item of a list, a key or value of a map, and a record's type and
// fields are one deeper than their container.
constexpr int kMaxDepth = kMaxValueDepth;

void PutU32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

std::uint32_t GetU32(std::string_view in) {
  auto b = [&](int k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

// Writes a header with a zero length and returns the offset to patch, so
// containers are encoded in one pass without a size pre-computation.
std::size_t OpenHeader(std::string& out, ValueTag tag) {
  out.push_back(static_cast<char>(tag));
  std::size_t at = out.size();
  PutU32(out, 0);
  return at;
}

Result<void> CloseHeader(std::string& out, std::size_t at) {
  std::uint64_t length = out.size() - at - 4;
  if (length > kMaxLength) {
    return Error(Status::InvalidInput(
        fmt::format("a value of {} bytes exceeds the 4 GiB limit of the encoding", length)));
  }
  out[at] = static_cast<char>(length >> 24);
  out[at + 1] = static_cast<char>(length >> 16);
  out[at + 2] = static_cast<char>(length >> 8);
  out[at + 3] = static_cast<char>(length);
  return {};
}

Result<void> EncodeText(std::string_view text, std::string& out) {
  if (Status utf8 = CheckUtf8(text); !utf8.ok()) return Error(std::move(utf8));
  std::size_t at = OpenHeader(out, ValueTag::kText);
  out.append(text);
  return CloseHeader(out, at);
}

Result<void> EncodeAt(const Value& value, std::string& out, int depth);

Result<void> EncodeMapBody(const ValueMap& map, std::string& out, int depth) {
  // std::map iterates in std::string order: unsigned byte order, as required.
  for (const auto& [key, value] : map) {
    SOVET_CHECK_OK(EncodeText(key, out));
    SOVET_CHECK_OK(EncodeAt(value, out, depth + 1));
  }
  return {};
}

Status Bad(std::size_t offset, std::string what) {
  return Status::IntegrityViolation(
      fmt::format("malformed value at byte {}: {}", offset, std::move(what)));
}

class Decoder {
 public:
  explicit Decoder(std::string_view all) : all_(all) {}

  // Decodes the value starting at `offset`; sets `end` past it.
  Result<Value> Decode(std::size_t offset, std::size_t limit, int depth, std::size_t& end) {
    if (depth > kMaxDepth) return Error(Bad(offset, "nested deeper than 64 levels"));
    if (limit - offset < kHeaderSize) return Error(Bad(offset, "truncated header"));
    auto tag = static_cast<ValueTag>(static_cast<unsigned char>(all_[offset]));
    std::size_t length = GetU32(all_.substr(offset + 1, 4));
    std::size_t begin = offset + kHeaderSize;
    if (limit - begin < length) {
      return Error(Bad(offset, fmt::format("length {} runs past the end", length)));
    }
    end = begin + length;
    std::string_view content = all_.substr(begin, length);
    switch (tag) {
      case ValueTag::kInteger: {
        if (length != 8) return Error(Bad(offset, "an integer must be 8 bytes"));
        std::uint64_t v = 0;
        for (char c : content) v = (v << 8) | static_cast<unsigned char>(c);
        return Value::Integer(static_cast<std::int64_t>(v));
      }
      case ValueTag::kBytes:
        return Value::ByteString(std::string(content));
      case ValueTag::kText: {
        if (std::size_t bad = FindInvalidUtf8(content); bad != std::string_view::npos) {
          return Error(Bad(begin + bad, "text is not valid UTF-8"));
        }
        return Value::Text(std::string(content));
      }
      case ValueTag::kBoolean:
        if (length != 1 || (content[0] != 0 && content[0] != 1)) {
          return Error(Bad(offset, "a boolean must be one byte, 0 or 1"));
        }
        return Value::Boolean(content[0] == 1);
      case ValueTag::kList: {
        ValueList items;
        std::size_t at = begin;
        while (at < end) {
          std::size_t next;
          SOVET_TRY(Value item, Decode(at, end, depth + 1, next));
          items.push_back(std::move(item));
          at = next;
        }
        return Value::List(std::move(items));
      }
      case ValueTag::kMap: {
        SOVET_TRY(ValueMap map, DecodeMapBody(begin, end, depth));
        return Value::Map(std::move(map));
      }
      case ValueTag::kRecord: {
        std::size_t next;
        SOVET_TRY(Value type, Decode(begin, end, depth + 1, next));
        if (!type.is_text()) return Error(Bad(begin, "a record must start with its type as text"));
        SOVET_TRY(ValueMap fields, DecodeMapBody(next, end, depth));
        return Value::MakeRecord(type.text(), std::move(fields));
      }
    }
    return Error(Bad(offset, fmt::format("unknown tag 0x{:02x}", static_cast<int>(tag))));
  }

 private:
  Result<ValueMap> DecodeMapBody(std::size_t begin, std::size_t end, int depth) {
    ValueMap map;
    std::size_t at = begin;
    const std::string* previous = nullptr;
    while (at < end) {
      std::size_t next;
      SOVET_TRY(Value key, Decode(at, end, depth + 1, next));
      if (!key.is_text()) return Error(Bad(at, "a map key must be text"));
      if (previous != nullptr && !(*previous < key.text())) {
        return Error(Bad(at, fmt::format("map key \"{}\" is not in strictly increasing byte order",
                                         key.text())));
      }
      std::size_t key_at = at;
      at = next;
      if (at >= end) return Error(Bad(key_at, "a map key without a value"));
      SOVET_TRY(Value value, Decode(at, end, depth + 1, next));
      auto inserted = map.emplace(key.text(), std::move(value));
      previous = &inserted.first->first;
      at = next;
    }
    return map;
  }

  std::string_view all_;
};

// The canonical-form check of Decoder without building values: no
// allocation, for verifying millions of entries. False on any defect; the
// caller then runs Decoder for the message.
bool IsCanonical(std::string_view all, std::size_t offset, std::size_t limit, int depth,
                 std::size_t& end) {
  if (depth > kMaxDepth || limit - offset < kHeaderSize) return false;
  auto tag = static_cast<ValueTag>(static_cast<unsigned char>(all[offset]));
  std::size_t length = GetU32(all.substr(offset + 1, 4));
  std::size_t begin = offset + kHeaderSize;
  if (limit - begin < length) return false;
  end = begin + length;
  std::string_view content = all.substr(begin, length);
  auto map_body = [&](std::size_t at) {
    std::string_view previous;
    bool first = true;
    while (at < end) {
      std::size_t next;
      if (static_cast<ValueTag>(static_cast<unsigned char>(all[at])) != ValueTag::kText ||
          !IsCanonical(all, at, end, depth + 1, next)) {
        return false;
      }
      std::string_view key = all.substr(at + kHeaderSize, next - at - kHeaderSize);
      if (!first && !(previous < key)) return false;
      previous = key;
      first = false;
      at = next;
      if (at >= end || !IsCanonical(all, at, end, depth + 1, next)) return false;
      at = next;
    }
    return true;
  };
  switch (tag) {
    case ValueTag::kInteger:
      return length == 8;
    case ValueTag::kBytes:
      return true;
    case ValueTag::kText:
      return FindInvalidUtf8(content) == std::string_view::npos;
    case ValueTag::kBoolean:
      return length == 1 && (content[0] == 0 || content[0] == 1);
    case ValueTag::kList: {
      std::size_t at = begin;
      while (at < end) {
        std::size_t next;
        if (!IsCanonical(all, at, end, depth + 1, next)) return false;
        at = next;
      }
      return true;
    }
    case ValueTag::kMap:
      return map_body(begin);
    case ValueTag::kRecord: {
      std::size_t next;
      if (begin >= end ||
          static_cast<ValueTag>(static_cast<unsigned char>(all[begin])) != ValueTag::kText ||
          !IsCanonical(all, begin, end, depth + 1, next)) {
        return false;
      }
      return map_body(next);
    }
  }
  return false;
}

void Render(const Value& value, std::string& out) {
  switch (value.tag()) {
    case ValueTag::kInteger:
      out += std::to_string(value.integer());
      return;
    case ValueTag::kBytes:
      out += "0x";
      for (unsigned char c : value.bytes()) out += fmt::format("{:02x}", c);
      return;
    case ValueTag::kText: {
      out += '"';
      for (char c : value.text()) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<int>(c));
        } else {
          out += c;
        }
      }
      out += '"';
      return;
    }
    case ValueTag::kBoolean:
      out += value.boolean() ? "true" : "false";
      return;
    case ValueTag::kList: {
      out += '[';
      bool first = true;
      for (const Value& item : value.list()) {
        if (!first) out += ", ";
        first = false;
        Render(item, out);
      }
      out += ']';
      return;
    }
    case ValueTag::kMap:
    case ValueTag::kRecord: {
      const ValueMap& map = value.is_map() ? value.map() : value.record().fields;
      if (value.is_record()) out += value.record().type;
      out += '{';
      bool first = true;
      for (const auto& [key, item] : map) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out += ": ";
        Render(item, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

bool Record::operator==(const Record& other) const {
  return type == other.type && fields == other.fields;
}

Value Value::MakeRecord(std::string type, ValueMap fields) {
  return Value(Storage(std::make_shared<const Record>(Record{std::move(type), std::move(fields)})));
}

ValueTag Value::tag() const {
  static constexpr ValueTag kByIndex[] = {ValueTag::kInteger, ValueTag::kBytes, ValueTag::kText,
                                          ValueTag::kBoolean, ValueTag::kList,  ValueTag::kMap,
                                          ValueTag::kRecord};
  return kByIndex[storage_.index()];
}

bool Value::operator==(const Value& other) const {
  if (storage_.index() != other.storage_.index()) return false;
  if (is_record()) return record() == other.record();
  return storage_ == other.storage_;
}

namespace {

Result<void> EncodeAt(const Value& value, std::string& out, int depth) {
  if (depth > kMaxDepth) {
    return Error(Status::InvalidInput(fmt::format(
        "a value nested deeper than {} levels cannot be recorded: the journal's decoder "
        "refuses it (doc/journal_format.md §2)",
        kMaxDepth)));
  }
  switch (value.tag()) {
    case ValueTag::kInteger: {
      out.push_back(static_cast<char>(ValueTag::kInteger));
      PutU32(out, 8);
      auto v = static_cast<std::uint64_t>(value.integer());
      for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
      return {};
    }
    case ValueTag::kBytes: {
      std::size_t at = OpenHeader(out, ValueTag::kBytes);
      out += value.bytes();
      return CloseHeader(out, at);
    }
    case ValueTag::kText:
      return EncodeText(value.text(), out);
    case ValueTag::kBoolean:
      out.push_back(static_cast<char>(ValueTag::kBoolean));
      PutU32(out, 1);
      out.push_back(value.boolean() ? 1 : 0);
      return {};
    case ValueTag::kList: {
      std::size_t at = OpenHeader(out, ValueTag::kList);
      for (const Value& item : value.list()) SOVET_CHECK_OK(EncodeAt(item, out, depth + 1));
      return CloseHeader(out, at);
    }
    case ValueTag::kMap: {
      std::size_t at = OpenHeader(out, ValueTag::kMap);
      SOVET_CHECK_OK(EncodeMapBody(value.map(), out, depth));
      return CloseHeader(out, at);
    }
    case ValueTag::kRecord: {
      // The type is one level deeper than the record, as the decoder counts.
      if (depth + 1 > kMaxDepth) return EncodeAt(Value::Text(""), out, depth + 1);
      std::size_t at = OpenHeader(out, ValueTag::kRecord);
      SOVET_CHECK_OK(EncodeText(value.record().type, out));
      SOVET_CHECK_OK(EncodeMapBody(value.record().fields, out, depth));
      return CloseHeader(out, at);
    }
  }
  return Error(Status::Internal("a value with an unknown tag"));
}

}  // namespace

Result<void> EncodeValue(const Value& value, std::string& out) { return EncodeAt(value, out, 0); }

Result<void> EncodeMapValue(const ValueMap& map, std::string& out) {
  std::size_t at = OpenHeader(out, ValueTag::kMap);
  SOVET_CHECK_OK(EncodeMapBody(map, out, 0));
  return CloseHeader(out, at);
}

Result<std::string> EncodeValue(const Value& value) {
  std::string out;
  SOVET_CHECK_OK(EncodeValue(value, out));
  return out;
}

Result<Value> DecodeValuePrefix(std::string_view bytes, std::size_t& consumed) {
  Decoder decoder(bytes);
  return decoder.Decode(0, bytes.size(), 0, consumed);
}

Result<Value> DecodeValue(std::string_view bytes) {
  std::size_t consumed = 0;
  Result<Value> value = DecodeValuePrefix(bytes, consumed);
  if (value && consumed != bytes.size()) {
    return Error(Bad(consumed, fmt::format("{} bytes after the value", bytes.size() - consumed)));
  }
  return value;
}

Result<void> ValidateValuePrefix(std::string_view bytes, std::size_t& consumed) {
  if (IsCanonical(bytes, 0, bytes.size(), 0, consumed)) return {};
  Result<Value> decoded = DecodeValuePrefix(bytes, consumed);
  if (decoded) return Error(Status::Internal("the canonical-form check and the decoder disagree"));
  return Error(decoded.error());
}

std::string ValueToString(const Value& value) {
  std::string out;
  Render(value, out);
  return out;
}

}  // namespace sovet
