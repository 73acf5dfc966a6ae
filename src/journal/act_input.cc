#include "journal/act_input.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

#include "base/text.h"

namespace sovet::journal {
namespace {

Status Invalid(std::string message, std::string_view field) {
  return Status::InvalidInput(std::move(message), SourceLocation{.field = std::string(field)});
}

}  // namespace

Result<void> ParseFieldArg(std::string_view arg, ValueMap& fields, std::string_view flag) {
  std::size_t eq = arg.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Error(Invalid(fmt::format("\"{}\": expected KEY=TEXT or KEY:TYPE=VALUE (TYPE: text, "
                                     "int, bool, hex, json)",
                                     arg),
                         flag));
  }
  std::string_view key = arg.substr(0, eq);
  std::string_view text = arg.substr(eq + 1);
  std::string_view type = "text";
  if (std::size_t colon = key.find(':'); colon != std::string_view::npos) {
    type = key.substr(colon + 1);
    key = key.substr(0, colon);
  }
  if (key.empty()) return Error(Invalid(fmt::format("\"{}\": the field has no name", arg), flag));
  Value value;
  if (type == "text") {
    value = Value::Text(std::string(text));
  } else if (type == "int") {
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return Error(
          Invalid(fmt::format("field \"{}\": \"{}\" is not a 64-bit integer", key, text), flag));
    }
    value = Value::Integer(number);
  } else if (type == "bool") {
    if (text != "true" && text != "false") {
      return Error(Invalid(
          fmt::format("field \"{}\": expected true or false, got \"{}\"", key, text), flag));
    }
    value = Value::Boolean(text == "true");
  } else if (type == "hex") {
    auto bytes = HexDecode(text);
    if (!bytes) {
      return Error(Invalid(fmt::format("field \"{}\": {}", key, bytes.error().message()), flag));
    }
    value = Value::ByteString(std::move(*bytes));
  } else if (type == "json") {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      return Error(Invalid(fmt::format("field \"{}\": \"{}\" is not valid JSON", key, text), flag));
    }
    // The field's value is one level below the payload map.
    SOVET_TRY(value, ValueFromJson(json, std::string(key), 1));
  } else {
    return Error(Invalid(fmt::format("field \"{}\": unknown type \"{}\" (expected text, int, "
                                     "bool, hex or json)",
                                     key, type),
                         flag));
  }
  if (!fields.emplace(std::string(key), std::move(value)).second) {
    return Error(Invalid(fmt::format("field \"{}\" is given twice", key), flag));
  }
  return {};
}

Result<Value> ValueFromJson(const nlohmann::json& json, const std::string& path, int depth) {
  auto invalid = [&](std::string what) {
    return Status::InvalidInput(
        fmt::format("{}: {}", path.empty() ? "value" : QuoteForMessage(path, 200), what),
        SourceLocation{.field = path.size() > 200 ? path.substr(0, 200) : path});
  };
  // Refused before descending: the recursion is bounded by the depth the
  // journal's encoding admits (doc/journal_format.md §2), not by the input.
  if (depth > kMaxValueDepth) {
    return Error(
        invalid(fmt::format("nested deeper than {} levels (counted from the act's "
                            "fields, doc/journal_format.md §2)",
                            kMaxValueDepth)));
  }
  switch (json.type()) {
    case nlohmann::json::value_t::number_integer:
      return Value::Integer(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      auto number = json.get<std::uint64_t>();
      if (number > static_cast<std::uint64_t>(INT64_MAX)) {
        return Error(invalid("the integer does not fit in 64 signed bits"));
      }
      return Value::Integer(static_cast<std::int64_t>(number));
    }
    case nlohmann::json::value_t::number_float:
      return Error(invalid("expected an integer; fractions are not exact and are refused"));
    case nlohmann::json::value_t::string:
      return Value::Text(json.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return Value::Boolean(json.get<bool>());
    case nlohmann::json::value_t::array: {
      ValueList items;
      for (std::size_t idx = 0; idx < json.size(); ++idx) {
        SOVET_TRY(Value item,
                  ValueFromJson(json[idx], fmt::format("{}[{}]", path, idx), depth + 1));
        items.push_back(std::move(item));
      }
      return Value::List(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      if (json.size() == 1 && json.contains("$bytes")) {
        if (!json["$bytes"].is_string()) return Error(invalid("\"$bytes\" must be a hex string"));
        auto bytes = HexDecode(json["$bytes"].get<std::string>());
        if (!bytes) return Error(invalid(bytes.error().message()));
        return Value::ByteString(std::move(*bytes));
      }
      bool is_record = json.size() == 2 && json.contains("$record") && json.contains("fields");
      const nlohmann::json& members = is_record ? json["fields"] : json;
      if (is_record && (!json["$record"].is_string() || !members.is_object())) {
        return Error(invalid("a record is {\"$record\": TYPE, \"fields\": {...}}"));
      }
      ValueMap map;
      for (const auto& [key, item] : members.items()) {
        SOVET_TRY(Value value,
                  ValueFromJson(item, path.empty() ? key : path + "." + key, depth + 1));
        map.emplace(key, std::move(value));
      }
      if (is_record) return Value::MakeRecord(json["$record"].get<std::string>(), std::move(map));
      return Value::Map(std::move(map));
    }
    default:
      return Error(invalid("null and binary JSON values are not accepted"));
  }
}

nlohmann::json ValueToJson(const Value& value) {
  switch (value.tag()) {
    case ValueTag::kInteger:
      return value.integer();
    case ValueTag::kBytes:
      return nlohmann::json{{"$bytes", HexEncode(value.bytes())}};
    case ValueTag::kText:
      return value.text();
    case ValueTag::kBoolean:
      return value.boolean();
    case ValueTag::kList: {
      nlohmann::json array = nlohmann::json::array();
      for (const Value& item : value.list()) array.push_back(ValueToJson(item));
      return array;
    }
    case ValueTag::kMap: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, item] : value.map()) object[key] = ValueToJson(item);
      return object;
    }
    case ValueTag::kRecord: {
      nlohmann::json fields = nlohmann::json::object();
      for (const auto& [key, item] : value.record().fields) fields[key] = ValueToJson(item);
      return nlohmann::json{{"$record", value.record().type}, {"fields", fields}};
    }
  }
  return nullptr;
}

Result<Act> ActFromJson(const nlohmann::json& json, const std::string& where) {
  auto invalid = [&](std::string what) {
    return Status::InvalidInput(fmt::format("{}: {}", where, what), SourceLocation{.field = where});
  };
  if (!json.is_object())
    return Error(invalid("expected an object {\"kind\", \"body\", \"fields\"}"));
  Act act;
  for (const auto& [key, item] : json.items()) {
    if (key == "kind" && item.is_string()) {
      act.kind = item.get<std::string>();
    } else if (key == "body" && item.is_string()) {
      act.body = item.get<std::string>();
    } else if (key == "fields" && item.is_object()) {
      SOVET_TRY(Value fields, ValueFromJson(item, "fields", 0));
      act.fields = fields.map();
    } else {
      return Error(
          invalid(fmt::format("unexpected member \"{}\" (expected \"kind\" and \"body\" "
                              "strings and a \"fields\" object)",
                              key)));
    }
  }
  if (act.kind.empty()) return Error(invalid("missing \"kind\""));
  return act;
}

std::string FormatTimeNs(std::int64_t time_ns) {
  std::int64_t seconds = time_ns / 1'000'000'000;
  std::int64_t nanos = time_ns % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    --seconds;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
}

nlohmann::json EntryToJson(const Entry& entry) {
  return nlohmann::json{
      {"seq", entry.seq},
      {"time", FormatTimeNs(entry.time_ns)},
      {"time_ns", entry.time_ns},
      {"kind", entry.kind},
      {"body", entry.body},
      {"payload", ValueToJson(Value::Map(entry.payload))},
      {"prev_hash", HexEncode(entry.prev_hash)},
      {"hash", HexEncode(entry.hash)},
      {"sealed", entry.sealed},
      {"signature", HexEncode(entry.signature)},
  };
}

}  // namespace sovet::journal
