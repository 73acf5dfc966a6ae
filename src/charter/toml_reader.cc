#include "charter/toml_reader.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "base/text.h"
#include "charter/toml_depth.h"

namespace sovet::charter_internal {

Result<toml::table> ParseToml(std::string_view text, const std::string& file_name) {
  if (Status utf8 = CheckUtf8(text, SourceLocation{.file = file_name}); !utf8.ok()) {
    return Error(std::move(utf8));
  }
  // toml++ bounds only inline nesting; headers and dotted keys recurse
  // without a limit, so the depth is bounded before the parser sees the text.
  SOVET_CHECK_OK(CheckTomlDepth(text, file_name));
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return Error(Status::InvalidInput(fmt::format("not valid TOML: {}", error.description()),
                                      Located(error.source(), file_name, "")));
  }
}

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

SourceLocation Located(const toml::source_region& region, const std::string& file,
                       std::string field) {
  return {.file = file,
          .line = static_cast<std::int64_t>(region.begin.line),
          .column = static_cast<std::int64_t>(region.begin.column),
          .field = std::move(field)};
}

std::string TableReader::Field(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

Status TableReader::ErrorAt(const toml::node& node, std::string_view key,
                            std::string message) const {
  return Status::InvalidInput(std::move(message), Located(node.source(), file_, Field(key)));
}
Status TableReader::ErrorAtTable(std::string field, std::string message) const {
  SourceLocation where = Located(table_.source(), file_, std::move(field));
  if (where.line == 0) where.line = where.column = 1;  // the root table
  return Status::InvalidInput(std::move(message), std::move(where));
}

// The first key (in file order) that is not in `allowed`, as an error.
Result<void> TableReader::AllowOnly(std::initializer_list<std::string_view> allowed) const {
  const toml::key* first_unknown = nullptr;
  for (const auto& [key, value] : table_) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    const auto& at = key.source().begin;
    if (first_unknown == nullptr ||
        std::pair(at.line, at.column) <
            std::pair(first_unknown->source().begin.line, first_unknown->source().begin.column)) {
      first_unknown = &key;
    }
  }
  if (first_unknown == nullptr) return {};
  return Error(
      Status::InvalidInput(fmt::format("unknown key '{}'; expected one of: {}",
                                       first_unknown->str(), JoinQuoted(allowed)),
                           Located(first_unknown->source(), file_, Field(first_unknown->str()))));
}

Result<const toml::node*> TableReader::Typed(std::string_view key, toml::node_type type,
                                             bool required) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (required) {
      return Error(ErrorAtTable(
          Field(key), fmt::format("missing required key '{}' ({})", key, TypeName(type))));
    }
    return nullptr;
  }
  if (node->type() != type) {
    return Error(ErrorAt(
        *node, key, fmt::format("expected {}, got {}", TypeName(type), TypeName(node->type()))));
  }
  return node;
}

Result<std::optional<std::string>> TableReader::String(std::string_view key, bool required) const {
  SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::string, required));
  if (node == nullptr) return std::nullopt;
  return std::string(node->as_string()->get());
}

// An integer in [min_value, max_value]; the bounds appear in the message.
Result<std::optional<std::int64_t>> TableReader::Int(std::string_view key, std::int64_t min_value,
                                                     std::int64_t max_value, bool required) const {
  SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::integer, required));
  if (node == nullptr) return std::nullopt;
  std::int64_t value = node->as_integer()->get();
  if (value < min_value || value > max_value) {
    std::string range = max_value == std::numeric_limits<std::int64_t>::max()
                            ? fmt::format(">= {}", min_value)
                            : fmt::format("between {} and {}", min_value, max_value);
    return Error(ErrorAt(*node, key, fmt::format("must be {}, got {}", range, value)));
  }
  return value;
}

Result<std::optional<bool>> TableReader::Bool(std::string_view key) const {
  SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::boolean, false));
  if (node == nullptr) return std::nullopt;
  return node->as_boolean()->get();
}

Result<std::optional<std::size_t>> TableReader::Enum(
    std::string_view key, std::span<const std::string_view> names) const {
  SOVET_TRY(auto value, String(key));
  if (!value) return std::nullopt;
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    if (names[idx] == *value) return idx;
  }
  return Error(
      ErrorAt(*table_.get(key), key,
              fmt::format("unknown value '{}'; expected one of: {}", *value, JoinQuoted(names))));
}

Result<const toml::table*> TableReader::Table(std::string_view key, bool required) const {
  SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::table, required));
  return node == nullptr ? nullptr : node->as_table();
}

Result<const toml::array*> TableReader::Array(std::string_view key, bool required) const {
  SOVET_TRY(const toml::node* node, Typed(key, toml::node_type::array, required));
  return node == nullptr ? nullptr : node->as_array();
}

// An array of strings, each checked by `valid` (described by `what`).
Result<std::vector<std::string>> TableReader::Strings(
    std::string_view key, bool required, const std::function<bool(std::string_view)>& valid,
    std::string_view what) const {
  SOVET_TRY(const toml::array* array, Array(key, required));
  std::vector<std::string> out;
  if (array == nullptr) return out;
  for (std::size_t idx = 0; idx < array->size(); ++idx) {
    const toml::node& item = *array->get(idx);
    std::string item_field = fmt::format("{}[{}]", key, idx);
    if (!item.is_string()) {
      return Error(ErrorAt(item, item_field,
                           fmt::format("expected {}, got {}", what, TypeName(item.type()))));
    }
    std::string value(item.as_string()->get());
    if (!valid(value)) {
      return Error(ErrorAt(item, item_field, fmt::format("expected {}, got '{}'", what, value)));
    }
    if (std::find(out.begin(), out.end(), value) != out.end()) {
      return Error(ErrorAt(item, item_field, fmt::format("'{}' is listed twice", value)));
    }
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace sovet::charter_internal
