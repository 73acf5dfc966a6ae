// Small text helpers shared by the reports and the command line.
#ifndef SOVET_BASE_TEXT_H_
#define SOVET_BASE_TEXT_H_

#include <cstdint>
#include <string>

namespace sovet {

// `value` in decimal with a comma between groups of three digits, as the
// seeds print their figures ("36,262,560", 002:191); a minus sign leads a
// negative value. `value` must not be INT64_MIN.
std::string GroupThousands(std::int64_t value);

}  // namespace sovet

#endif  // SOVET_BASE_TEXT_H_
