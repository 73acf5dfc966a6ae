// Civil dates (sovet/date.h). The conversions between a day count and a
// year/month/day are Howard Hinnant's days_from_civil / civil_from_days
// ("chrono-Compatible Low-Level Date Algorithms"): exact integer arithmetic
// over 400-year eras of 146,097 days.
#include "sovet/date.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "base/text.h"

namespace sovet {
namespace {

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::int64_t DaysFromCivil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = FloorDiv(year, 400);
  const std::int64_t yoe = year - era * 400;                                          // [0, 399]
  const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                     // [0, 146096]
  return era * 146097 + doe - 719468;
}

Civil CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = FloorDiv(days, 146097);
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Day counts are int32: a result beyond it is clamped to its ends (about
// 5.8 million years either side of 1970, far outside any parsed date).
std::int32_t ClampDays(std::int64_t days) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(
      days, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

}  // namespace

bool IsLeapYear(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> Date::FromCivil(std::int64_t year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  if (year < -5000000 || year > 5000000) return std::nullopt;
  return Date::FromDays(ClampDays(DaysFromCivil(year, month, day)));
}

Result<Date> Date::Parse(std::string_view text, SourceLocation where) {
  auto bad = [&](std::size_t at, std::string_view what) {
    SourceLocation located = where;
    if (located.column > 0) located.column += static_cast<std::int64_t>(at);
    return Error(Status::InvalidInput(
        fmt::format("expected a date YYYY-MM-DD (ISO 8601, year 0001-9999), got {}: {}",
                    QuoteForMessage(text, 40), what),
        std::move(located)));
  };
  if (text.size() != 10) {
    return bad(std::min<std::size_t>(text.size(), 10),
               fmt::format("{} characters, not 10", text.size()));
  }
  int digits[10] = {};
  for (std::size_t at = 0; at < 10; ++at) {
    const char c = text[at];
    if (at == 4 || at == 7) {
      if (c != '-') return bad(at, "the year, month and day are separated by '-'");
      continue;
    }
    if (c < '0' || c > '9') return bad(at, "a digit is expected here");
    digits[at] = c - '0';
  }
  const std::int64_t year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  const int month = digits[5] * 10 + digits[6];
  const int day = digits[8] * 10 + digits[9];
  if (year == 0) return bad(0, "the year 0000 is outside 0001-9999");
  if (month < 1 || month > 12) return bad(5, "the month is 01-12");
  if (day < 1 || day > DaysInMonth(year, month)) {
    return bad(8, fmt::format("{:04}-{:02} has {} days", year, month, DaysInMonth(year, month)));
  }
  return Date::FromDays(static_cast<std::int32_t>(DaysFromCivil(year, month, day)));
}

std::int64_t Date::year() const { return CivilFromDays(days_).year; }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

std::string Date::ToString() const {
  const Civil civil = CivilFromDays(days_);
  if (civil.year >= 0 && civil.year <= 9999) {
    return fmt::format("{:04}-{:02}-{:02}", civil.year, civil.month, civil.day);
  }
  return fmt::format("{}{:04}-{:02}-{:02}", civil.year < 0 ? '-' : '+',
                     civil.year < 0 ? -civil.year : civil.year, civil.month, civil.day);
}

Date Date::AddDays(std::int64_t count) const {
  return Date::FromDays(ClampDays(static_cast<std::int64_t>(days_) + count));
}

Date Date::AddMonths(std::int64_t count) const {
  const Civil civil = CivilFromDays(days_);
  // Bounded so the month arithmetic cannot overflow; the day count is
  // clamped to int32 anyway.
  count = std::clamp<std::int64_t>(count, -12 * 6000000LL, 12 * 6000000LL);
  const std::int64_t months = civil.year * 12 + (civil.month - 1) + count;
  const std::int64_t year = FloorDiv(months, 12);
  const int month = static_cast<int>(months - year * 12) + 1;
  const int day = std::min(civil.day, DaysInMonth(year, month));
  return Date::FromDays(ClampDays(DaysFromCivil(year, month, day)));
}

std::int64_t AgeOn(Date birth, Date on) {
  const Civil b = CivilFromDays(birth.days());
  const Civil o = CivilFromDays(on.days());
  std::int64_t age = o.year - b.year;
  // Lexicographic (month, day): 1 March passes a 29 February birthday in a
  // common year; 28 February does not.
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --age;
  return age;
}

Date LatestBirthForAge(Date on, std::int64_t years) { return on.AddMonths(-12 * years); }

}  // namespace sovet
