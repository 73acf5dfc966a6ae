// The generic TOML layer under the charter schema: parsing a document, and
// typed getters whose every error names the file, the line:column of the
// offending key or value (of the table header when a required key is
// missing) and the key path, e.g. `body[3].term[0].per`. Knows nothing of
// unit kinds or bodies (charter.cc is the schema).
#ifndef SOVET_CHARTER_TOML_READER_H_
#define SOVET_CHARTER_TOML_READER_H_

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet::charter_internal {

// The one place a TOML document is parsed: checks that `text` is UTF-8
// (located error), then parses it with toml++, turning its parse error into
// a located kInvalidInput. Every check of the raw text before parsing
// belongs here.
Result<toml::table> ParseToml(std::string_view text, const std::string& file_name);

// "'a', 'b', 'c'" for messages listing the accepted values.
template <typename Names>
std::string JoinQuoted(const Names& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += fmt::format("'{}'", name);
  }
  return out;
}

// "a table", "an integer", ... for messages.
std::string_view TypeName(toml::node_type type);

SourceLocation Located(const toml::source_region& region, const std::string& file,
                       std::string field);

// One TOML table being read: knows its key path and file so that every
// error it makes is fully located. Holds references: the table and the file
// name must outlive it.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, const std::string& file)
      : table_(table), path_(std::move(path)), file_(file) {}

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }

  // The key path of `key` in this table ("body[3].term[0].per").
  std::string Field(std::string_view key) const;

  Status ErrorAt(const toml::node& node, std::string_view key, std::string message) const;
  Status ErrorAtTable(std::string field, std::string message) const;

  // The first key (in file order) that is not in `allowed`, as an error.
  Result<void> AllowOnly(std::initializer_list<std::string_view> allowed) const;

  // The node at `key` if it has `type`; nullptr when absent and not required.
  Result<const toml::node*> Typed(std::string_view key, toml::node_type type, bool required) const;

  Result<std::optional<std::string>> String(std::string_view key, bool required = false) const;

  // An integer in [min_value, max_value]; the bounds appear in the message.
  Result<std::optional<std::int64_t>> Int(std::string_view key, std::int64_t min_value,
                                          std::int64_t max_value, bool required = false) const;

  Result<std::optional<bool>> Bool(std::string_view key) const;

  // One of `names`; returns its index.
  Result<std::optional<std::size_t>> Enum(std::string_view key,
                                          std::span<const std::string_view> names) const;

  Result<const toml::table*> Table(std::string_view key, bool required = false) const;
  Result<const toml::array*> Array(std::string_view key, bool required = false) const;

  // An array of distinct strings, each checked by `valid` (described by
  // `what`).
  Result<std::vector<std::string>> Strings(std::string_view key, bool required,
                                           const std::function<bool(std::string_view)>& valid,
                                           std::string_view what) const;

 private:
  const toml::table& table_;
  std::string path_;
  const std::string& file_;
};

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_TOML_READER_H_
