// A bound on the nesting of a TOML document, checked before toml++ parses
// it. toml++ limits only inline nesting (arrays and inline tables); a dotted
// key or a table header of tens of thousands of parts makes it recurse until
// the stack overflows. This scan is iterative, linear in the text, and
// counts every kind of nesting together.
#ifndef SOVET_CHARTER_TOML_DEPTH_H_
#define SOVET_CHARTER_TOML_DEPTH_H_

#include <string>
#include <string_view>

#include "sovet/status.h"

namespace sovet {

// The deepest nesting a charter may use: far beyond any charter (they nest
// a handful of levels) and far below what exhausts a thread's stack.
inline constexpr int kMaxTomlDepth = 64;

// Refuses (kInvalidInput naming the file and line) a document in which some
// value sits deeper than kMaxTomlDepth, the depth of a value being the parts
// of its table header plus the parts of its (dotted) key plus the arrays and
// inline tables around it. Strings and comments are skipped; the scan only
// over-counts (never under-counts) what toml++ would build, and leaves every
// other error of the document to toml++.
Result<void> CheckTomlDepth(std::string_view text, const std::string& file_name);

}  // namespace sovet

#endif  // SOVET_CHARTER_TOML_DEPTH_H_
