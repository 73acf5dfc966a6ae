// Reading an act's payload by field name, with one form of error for every
// reader of the engine's acts: the codec (DecodeCycleAct), the checkers the
// journal runs before an append (projection.cc) and the appliers. A field
// that is missing or of the wrong type is kInvalidInput naming the act's
// kind, its body, the field and what was expected.
#ifndef SOVET_ENGINE_ACT_FIELDS_H_
#define SOVET_ENGINE_ACT_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/journal.h"
#include "sovet/status.h"
#include "sovet/value.h"

namespace sovet::engine_internal {

// A list of any length.
inline constexpr std::size_t kAnySize = static_cast<std::size_t>(-1);

Status Bad(const Act& act, const char* name, std::string_view expected);
// The field's value, or nullptr when absent.
const Value* Find(const Act& act, const char* name);

Result<std::int64_t> IntOf(const Act& act, const char* name);
Result<std::string> TextOf(const Act& act, const char* name);
// A text field; `absent` when the field is missing.
Result<std::string> TextOr(const Act& act, const char* name, const std::string& absent);
// Every field of the act is one of `allowed`; else kInvalidInput naming the
// first other field and the allowed ones.
Result<void> OnlyFields(const Act& act, std::initializer_list<const char*> allowed);
// `absent` when the field is missing.
Result<bool> BoolOf(const Act& act, const char* name, bool absent);
// A list of `size` items (kAnySize: any) each tagged `item`, in place.
Result<const ValueList*> ListOf(const Act& act, const char* name, ValueTag item, std::size_t size);
// The same, copied out.
Result<std::vector<std::int64_t>> IntsOf(const Act& act, const char* name, std::size_t size);
Result<std::vector<std::string>> TextsOf(const Act& act, const char* name, std::size_t size);
// A list the writer leaves out when every item is the default: absent, it
// reads as `size` items `absent`; present, as IntsOf/TextsOf (`size` exact).
Result<std::vector<std::int64_t>> IntsOr(const Act& act, const char* name, std::size_t size,
                                         std::int64_t absent);
Result<std::vector<std::string>> TextsOr(const Act& act, const char* name, std::size_t size,
                                         const std::string& absent);

}  // namespace sovet::engine_internal

#endif  // SOVET_ENGINE_ACT_FIELDS_H_
