#include "engine/act_fields.h"

#include <fmt/format.h>

#include <algorithm>

namespace sovet::engine_internal {

Status Bad(const Act& act, const char* name, std::string_view expected) {
  return Status::InvalidInput(fmt::format("act \"{}\" for body \"{}\": field \"{}\": expected {}",
                                          act.kind, act.body, name, expected),
                              SourceLocation{.field = name});
}

const Value* Find(const Act& act, const char* name) {
  auto found = act.fields.find(name);
  return found == act.fields.end() ? nullptr : &found->second;
}

Result<std::int64_t> IntOf(const Act& act, const char* name) {
  const Value* value = Find(act, name);
  if (value == nullptr || !value->is_integer()) return Error(Bad(act, name, "an integer"));
  return value->integer();
}

Result<std::string> TextOf(const Act& act, const char* name) {
  const Value* value = Find(act, name);
  if (value == nullptr || !value->is_text()) return Error(Bad(act, name, "a text"));
  return value->text();
}

Result<bool> BoolOf(const Act& act, const char* name, bool absent) {
  const Value* value = Find(act, name);
  if (value == nullptr) return absent;
  if (!value->is_boolean()) return Error(Bad(act, name, "true or false"));
  return value->boolean();
}

Result<const ValueList*> ListOf(const Act& act, const char* name, ValueTag item, std::size_t size) {
  const char* items = item == ValueTag::kInteger ? "integers" : "texts";
  const Value* value = Find(act, name);
  if (value == nullptr || !value->is_list()) {
    return Error(Bad(act, name, fmt::format("a list of {}", items)));
  }
  const ValueList& list = value->list();
  if (size != kAnySize && list.size() != size) {
    return Error(Bad(act, name, fmt::format("a list of {} {}", size, items)));
  }
  for (const Value& element : list) {
    if (element.tag() != item) return Error(Bad(act, name, fmt::format("a list of {}", items)));
  }
  return &list;
}

Result<std::vector<std::int64_t>> IntsOf(const Act& act, const char* name, std::size_t size) {
  SOVET_TRY(const ValueList* list, ListOf(act, name, ValueTag::kInteger, size));
  std::vector<std::int64_t> out;
  out.reserve(list->size());
  for (const Value& item : *list) out.push_back(item.integer());
  return out;
}

Result<std::vector<std::string>> TextsOf(const Act& act, const char* name, std::size_t size) {
  SOVET_TRY(const ValueList* list, ListOf(act, name, ValueTag::kText, size));
  std::vector<std::string> out;
  out.reserve(list->size());
  for (const Value& item : *list) out.push_back(item.text());
  return out;
}

Result<std::string> TextOr(const Act& act, const char* name, const std::string& absent) {
  if (Find(act, name) == nullptr) return absent;
  return TextOf(act, name);
}

Result<void> OnlyFields(const Act& act, std::initializer_list<const char*> allowed) {
  for (const auto& entry : act.fields) {
    const std::string& key = entry.first;
    if (std::find_if(allowed.begin(), allowed.end(),
                     [&](const char* name) { return key == name; }) == allowed.end()) {
      std::string names;
      for (const char* name : allowed) names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
      return Error(Bad(act, key.c_str(), fmt::format("no such field ({})", names)));
    }
  }
  return {};
}

Result<std::vector<std::int64_t>> IntsOr(const Act& act, const char* name, std::size_t size,
                                         std::int64_t absent) {
  if (Find(act, name) == nullptr) return std::vector<std::int64_t>(size, absent);
  return IntsOf(act, name, size);
}

Result<std::vector<std::string>> TextsOr(const Act& act, const char* name, std::size_t size,
                                         const std::string& absent) {
  if (Find(act, name) == nullptr) return std::vector<std::string>(size, absent);
  return TextsOf(act, name, size);
}

}  // namespace sovet::engine_internal
