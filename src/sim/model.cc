// The simulation file (doc/demo_model.md "The slates file"), read through
// the charter module's TOML reader: every error names the file, the line
// and the key path.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/io.h"
#include "charter/toml_reader.h"
#include "sovet/count.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

using charter_internal::ParseToml;
using charter_internal::TableReader;

bool IsSlateKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}
bool NonEmpty(std::string_view text) { return !text.empty(); }

// A required integer key: the file states every figure the model uses.
Result<void> RequiredInt(const TableReader& reader, std::string_view key, std::int64_t min_value,
                         std::int64_t max_value, std::int64_t* out) {
  SOVET_TRY(auto value, reader.Int(key, min_value, max_value, true));
  *out = *value;
  return {};
}

// `low` <= `high`, else an error at `high`.
Result<void> Ordered(const TableReader& reader, std::string_view low_key, std::string_view high_key,
                     std::int64_t low, std::int64_t high) {
  if (low <= high) return {};
  const toml::node* node = reader.table().get(high_key);
  const std::string message =
      fmt::format("expected {} >= {} ({}), got {}", high_key, low_key, low, high);
  if (node != nullptr) return Error(reader.ErrorAt(*node, high_key, message));
  return Error(reader.ErrorAtTable(reader.Field(high_key), message));
}

Result<void> ReadModel(const TableReader& root, SimModel& model) {
  SOVET_TRY(const toml::table* table, root.Table("model", true));
  TableReader reader(*table, "model", model.source_file);
  SOVET_CHECK_OK(
      reader.AllowOnly({"region_low", "region_high", "local_low", "local_high", "national_every",
                        "national_factor", "turnout_low", "turnout_high", "attendance_low",
                        "attendance_high", "nominees_num", "nominees_den"}));
  SOVET_CHECK_OK(RequiredInt(reader, "region_low", 0, 10000, &model.region_low));
  SOVET_CHECK_OK(RequiredInt(reader, "region_high", 0, 10000, &model.region_high));
  SOVET_CHECK_OK(Ordered(reader, "region_low", "region_high", model.region_low, model.region_high));
  SOVET_CHECK_OK(RequiredInt(reader, "local_low", 0, 10000, &model.local_low));
  SOVET_CHECK_OK(RequiredInt(reader, "local_high", 0, 10000, &model.local_high));
  SOVET_CHECK_OK(Ordered(reader, "local_low", "local_high", model.local_low, model.local_high));
  SOVET_CHECK_OK(RequiredInt(reader, "national_every", 1, 1000000, &model.national_every));
  SOVET_CHECK_OK(RequiredInt(reader, "national_factor", 0, 1000, &model.national_factor));
  SOVET_CHECK_OK(RequiredInt(reader, "turnout_low", 0, 1000, &model.turnout_low));
  SOVET_CHECK_OK(RequiredInt(reader, "turnout_high", 0, 1000, &model.turnout_high));
  SOVET_CHECK_OK(
      Ordered(reader, "turnout_low", "turnout_high", model.turnout_low, model.turnout_high));
  SOVET_CHECK_OK(RequiredInt(reader, "attendance_low", 0, 1000, &model.attendance_low));
  SOVET_CHECK_OK(RequiredInt(reader, "attendance_high", 0, 1000, &model.attendance_high));
  SOVET_CHECK_OK(Ordered(reader, "attendance_low", "attendance_high", model.attendance_low,
                         model.attendance_high));
  SOVET_CHECK_OK(RequiredInt(reader, "nominees_num", 1, 100, &model.nominees_num));
  SOVET_CHECK_OK(RequiredInt(reader, "nominees_den", 1, 100, &model.nominees_den));
  return {};
}

// The weights of one setting (town, village, capital) are per mille of the
// electors: they must sum to 1000.
Result<void> CheckSum(const TableReader& root, const toml::array& slates, const char* setting,
                      std::int64_t sum) {
  if (sum == 1000) return {};
  return Error(root.ErrorAt(
      slates, fmt::format("slate[].{}", setting),
      fmt::format("expected the slates' {} weights (per mille of the electors) to sum to 1000, "
                  "got {}",
                  setting, sum)));
}

Result<void> ReadSlates(const TableReader& root, SimModel& model) {
  SOVET_TRY(const toml::array* slates, root.Array("slate", true));
  if (slates->empty() || slates->size() > 1000) {
    return Error(root.ErrorAt(*slates, "slate", "expected 1 to 1000 [[slate]] tables"));
  }
  std::int64_t town_sum = 0, village_sum = 0, capital_sum = 0;
  bool independent_seen = false;
  for (std::size_t idx = 0; idx < slates->size(); ++idx) {
    const toml::node& node = *slates->get(idx);
    const std::string field = fmt::format("slate[{}]", idx);
    if (!node.is_table()) {
      return Error(root.ErrorAt(node, field, "expected a table ([[slate]])"));
    }
    TableReader reader(*node.as_table(), field, model.source_file);
    SOVET_CHECK_OK(
        reader.AllowOnly({"key", "name", "town", "village", "capital", "national", "independent"}));
    SimSlate slate;
    SOVET_TRY(auto key, reader.String("key", true));
    if (!IsSlateKey(*key)) {
      return Error(reader.ErrorAt(*node.as_table()->get("key"), "key",
                                  fmt::format("expected lower-case letters, digits and _ (the "
                                              "record's label), got \"{}\"",
                                              *key)));
    }
    for (const SimSlate& earlier : model.slates) {
      if (earlier.key == *key) {
        return Error(reader.ErrorAt(*node.as_table()->get("key"), "key",
                                    fmt::format("slate \"{}\" is declared twice", *key)));
      }
    }
    slate.key = *key;
    SOVET_TRY(auto name, reader.String("name", true));
    if (name->empty()) {
      return Error(reader.ErrorAt(*node.as_table()->get("name"), "name", "expected a name"));
    }
    slate.name = *name;
    SOVET_TRY(auto town, reader.Int("town", 0, 1000, true));
    SOVET_TRY(auto village, reader.Int("village", 0, 1000, true));
    SOVET_TRY(auto capital, reader.Int("capital", 0, 1000));
    slate.town = *town;
    slate.village = *village;
    slate.capital = capital.value_or(0);
    SOVET_TRY(auto national, reader.Bool("national"));
    SOVET_TRY(auto independent, reader.Bool("independent"));
    slate.national = national.value_or(false);
    slate.independent = independent.value_or(false);
    if (slate.independent) {
      if (independent_seen) {
        return Error(reader.ErrorAt(*node.as_table()->get("independent"), "independent",
                                    "expected one slate marked independent, not two"));
      }
      independent_seen = true;
      model.independent = idx;
    }
    town_sum += slate.town;
    village_sum += slate.village;
    capital_sum += slate.capital;
    model.slates.push_back(std::move(slate));
  }
  if (!independent_seen) {
    return Error(root.ErrorAt(*slates, "slate",
                              "expected one slate with independent = true (who stands when a "
                              "contest needs more candidates)"));
  }
  SOVET_CHECK_OK(CheckSum(root, *slates, "town", town_sum));
  SOVET_CHECK_OK(CheckSum(root, *slates, "village", village_sum));
  if (!model.capitals.empty()) SOVET_CHECK_OK(CheckSum(root, *slates, "capital", capital_sum));
  return {};
}

Result<void> ReadComparison(const TableReader& root, SimModel& model) {
  SOVET_TRY(const toml::table* table, root.Table("comparison"));
  if (table == nullptr) return {};
  TableReader reader(*table, "comparison", model.source_file);
  SOVET_CHECK_OK(
      reader.AllowOnly({"name", "seats", "method", "method_label", "districts", "notes", "list",
                        "other_districts_notes"}));
  Comparison comparison;
  SOVET_TRY(auto name, reader.String("name", true));
  comparison.name = *name;
  SOVET_TRY(auto seats, reader.Int("seats", 1, 100000, true));
  comparison.seats = *seats;
  SOVET_TRY(auto method, reader.String("method", true));
  Method parsed = Method::kDhondt;
  const bool list_method =
      ParseMethod(*method).has_value() &&
      ((parsed = *ParseMethod(*method)) == Method::kDhondt || parsed == Method::kSainteLague ||
       parsed == Method::kModifiedSainteLague || parsed == Method::kHare ||
       parsed == Method::kDroop);
  if (!list_method) {
    return Error(reader.ErrorAt(*table->get("method"), "method",
                                fmt::format("expected a list method (dhondt, sainte_lague, "
                                            "modified_sainte_lague, hare, droop), got \"{}\"",
                                            *method)));
  }
  comparison.method = *method;
  SOVET_TRY(auto label, reader.String("method_label"));
  comparison.method_label = label.value_or(*method);
  SOVET_TRY(auto districts, reader.String("districts", true));
  comparison.district_kind = *districts;
  SOVET_TRY(comparison.notes, reader.Strings("notes", false, NonEmpty, "a line of text"));
  SOVET_TRY(comparison.other_districts_notes,
            reader.Strings("other_districts_notes", false, NonEmpty, "a line of text"));
  SOVET_TRY(const toml::array* lists, reader.Array("list", true));
  std::vector<int> list_of(model.slates.size(), -1);
  for (std::size_t idx = 0; idx < lists->size(); ++idx) {
    const toml::node& node = *lists->get(idx);
    const std::string field = fmt::format("list[{}]", idx);
    if (!node.is_table()) {
      return Error(reader.ErrorAt(node, field, "expected a table ([[comparison.list]])"));
    }
    TableReader list_reader(*node.as_table(), reader.Field(field), model.source_file);
    SOVET_CHECK_OK(list_reader.AllowOnly({"name", "slates"}));
    ComparisonList list;
    SOVET_TRY(auto list_name, list_reader.String("name", true));
    for (const ComparisonList& earlier : comparison.lists) {
      if (earlier.name == *list_name || list_name->empty()) {
        return Error(
            list_reader.ErrorAt(*node.as_table()->get("name"), "name",
                                fmt::format("expected a new list name, got \"{}\"", *list_name)));
      }
    }
    list.name = *list_name;
    SOVET_TRY(auto keys, list_reader.Strings("slates", true, IsSlateKey, "a slate key"));
    for (const std::string& key : keys) {
      std::size_t slate = 0;
      while (slate < model.slates.size() && model.slates[slate].key != key) ++slate;
      if (slate == model.slates.size() || list_of[slate] >= 0) {
        return Error(list_reader.ErrorAt(
            *node.as_table()->get("slates"), "slates",
            slate == model.slates.size()
                ? fmt::format("expected keys of [[slate]] tables, got \"{}\"", key)
                : fmt::format("slate \"{}\" is on two lists", key)));
      }
      list_of[slate] = static_cast<int>(idx);
      list.slates.push_back(slate);
    }
    comparison.lists.push_back(std::move(list));
  }
  for (std::size_t slate = 0; slate < model.slates.size(); ++slate) {
    if (list_of[slate] < 0) {
      return Error(reader.ErrorAt(*lists, "list",
                                  fmt::format("expected every slate on one list; \"{}\" is on "
                                              "none",
                                              model.slates[slate].key)));
    }
  }
  model.comparison = std::move(comparison);
  return {};
}

// [reported_congress]: a congress the seeds report, by slate key.
Result<void> ReadReportedCongress(const TableReader& root, SimModel& model) {
  SOVET_TRY(const toml::table* table, root.Table("reported_congress"));
  if (table == nullptr) return {};
  TableReader reader(*table, "reported_congress", model.source_file);
  SOVET_CHECK_OK(reader.AllowOnly({"name", "cite", "seats", "members"}));
  ReportedCongress reported;
  SOVET_TRY(auto name, reader.String("name", true));
  reported.name = *name;
  SOVET_TRY(auto cite, reader.String("cite", true));
  reported.cite = *cite;
  SOVET_TRY(auto seats, reader.Int("seats", 1, 1000000, true));
  reported.seats = *seats;
  SOVET_TRY(const toml::table* members, reader.Table("members", true));
  TableReader members_reader(*members, reader.Field("members"), model.source_file);
  reported.members.assign(model.slates.size(), -1);
  std::int64_t sum = 0;
  for (const auto& [key, node] : *members) {
    std::size_t slate = 0;
    while (slate < model.slates.size() && model.slates[slate].key != key.str()) ++slate;
    if (slate == model.slates.size()) {
      return Error(members_reader.ErrorAt(
          node, key.str(), fmt::format("expected keys of [[slate]] tables, got \"{}\"", key.str())));
    }
    SOVET_TRY(auto count, members_reader.Int(key.str(), 0, reported.seats, true));
    reported.members[slate] = *count;
    sum += *count;
  }
  if (sum > reported.seats) {
    return Error(reader.ErrorAt(*members, "members",
                                fmt::format("expected at most seats = {} members, got {}",
                                            reported.seats, sum)));
  }
  model.reported = std::move(reported);
  return {};
}

Result<void> ReadNames(const TableReader& root, SimModel& model) {
  SOVET_TRY(const toml::table* names, root.Table("names", true));
  TableReader reader(*names, "names", model.source_file);
  SOVET_CHECK_OK(reader.AllowOnly({"given", "surnames", "feminine_from", "feminine_suffix"}));
  SOVET_TRY(model.given_names, reader.Strings("given", true, NonEmpty, "a given name"));
  SOVET_TRY(model.surnames, reader.Strings("surnames", true, NonEmpty, "a surname"));
  if (model.given_names.empty() || model.surnames.empty()) {
    return Error(reader.ErrorAtTable(model.given_names.empty() ? "names.given" : "names.surnames",
                                     "expected at least one name"));
  }
  SOVET_TRY(auto feminine_from,
            reader.Int("feminine_from", 0, static_cast<std::int64_t>(model.given_names.size())));
  model.feminine_from =
      static_cast<std::size_t>(feminine_from.value_or(model.given_names.size()));
  SOVET_TRY(auto suffix, reader.String("feminine_suffix"));
  model.feminine_suffix = suffix.value_or("");
  return {};
}

}  // namespace

Result<SimModel> ParseSimModel(std::string_view text, const std::string& file_name) {
  SOVET_TRY(toml::table table, ParseToml(text, file_name));
  SimModel model;
  model.source_file = file_name;
  TableReader root(table, "", model.source_file);
  SOVET_CHECK_OK(
      root.AllowOnly({"notes", "capitals", "model", "names", "slate", "comparison",
                      "reported_congress"}));
  SOVET_TRY(model.notes, root.Strings("notes", false, NonEmpty, "a line of text"));
  SOVET_TRY(model.capitals, root.Strings("capitals", false, NonEmpty, "a unit name"));
  SOVET_CHECK_OK(ReadModel(root, model));
  SOVET_CHECK_OK(ReadSlates(root, model));
  SOVET_CHECK_OK(ReadComparison(root, model));
  SOVET_CHECK_OK(ReadReportedCongress(root, model));
  SOVET_CHECK_OK(ReadNames(root, model));
  return model;
}

Result<SimModel> LoadSimModel(const std::string& path) {
  SOVET_TRY(std::string text, ReadFile(path));
  return ParseSimModel(text, path);
}

std::string SimModelPathFor(const std::string& charter_path) {
  std::filesystem::path path(charter_path);
  path.replace_extension(".sim.toml");
  return path.string();
}

}  // namespace sovet
