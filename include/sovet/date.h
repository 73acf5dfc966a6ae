// Civil dates: the day an act happened, a term's end, a person's birth
// (SYSTEM.md §7.2: "every act carries the date it happened; terms and
// deadlines are counted in calendar days and months from it").
//
// A Date is an exact day of the proleptic Gregorian calendar, held as the
// number of days since 1970-01-01 (negative before it); no time of day, no
// time zone — the operator's date is the date. Arithmetic is exact integer
// arithmetic over the whole int32 range of days. The text form is ISO 8601's
// calendar date `YYYY-MM-DD` with a four-digit year, so only the years
// 0001..9999 are parsed, and the text of two such dates sorts as the dates
// do (state tables store dates as that text and compare them in SQL).
//
// Calendar months: AddMonths keeps the day of the month and clamps it to the
// last day of the month reached — three months from 31 August is
// 30 November, one month from 31 January is 28 February (29 in a leap year).
//
// Age and 29 February: a person has age N on the day of their N-th birthday
// and after (AgeOn). One born on 29 February has a birthday in common years
// on 1 March: on 28 February they are still a year younger. This is the
// rule of counting whole calendar years from the birth date (the day the
// birth date's month and day are reached or passed), and LatestBirthForAge
// states it the other way round: whoever was born on or before D minus N
// years (AddMonths(-12 N), clamped) has age N on D. The seeds give no rule
// for it; the choice is documented in doc/register.md.
//
// Thread-safety: a plain value; all functions are pure.
#ifndef SOVET_DATE_H_
#define SOVET_DATE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sovet/status.h"

namespace sovet {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;

  // `YYYY-MM-DD` exactly: ten ASCII characters, year 0001..9999, a month
  // 01..12 and a day that exists in that month. Anything else is
  // kInvalidInput saying what was expected, located at `where` (the caller's
  // file, line, field and the text's column; a column given is advanced
  // to the offending character).
  static Result<Date> Parse(std::string_view text, SourceLocation where = {});
  // The date with this year, month (1..12) and day, or nullopt when the day
  // does not exist in that month (any year is accepted).
  static std::optional<Date> FromCivil(std::int64_t year, int month, int day);
  static constexpr Date FromDays(std::int32_t days_since_epoch) {
    Date date;
    date.days_ = days_since_epoch;
    return date;
  }

  std::int32_t days() const { return days_; }  // since 1970-01-01
  std::int64_t year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31

  // `YYYY-MM-DD` for years 0000..9999; other years in ISO 8601's expanded
  // form with a sign (`+10000-01-01`, `-0001-12-31`).
  std::string ToString() const;

  // `count` days later (earlier when negative).
  Date AddDays(std::int64_t count) const;
  // `count` calendar months later (earlier when negative), the day clamped
  // to the last day of the month reached.
  Date AddMonths(std::int64_t count) const;

  friend constexpr auto operator<=>(const Date&, const Date&) = default;
  friend constexpr bool operator==(const Date&, const Date&) = default;

 private:
  std::int32_t days_ = 0;
};

bool IsLeapYear(std::int64_t year);
int DaysInMonth(std::int64_t year, int month);

// Whole years of age on `on` of a person born on `birth` (negative when
// `on` is before `birth`): the number of birthdays reached, a 29 February
// birthday being reached on 1 March of a common year.
std::int64_t AgeOn(Date birth, Date on);

// The latest birth date of a person who has at least `years` of age on
// `on`: on.AddMonths(-12 * years). AgeOn(b, on) >= years iff
// b <= LatestBirthForAge(on, years).
Date LatestBirthForAge(Date on, std::int64_t years);

}  // namespace sovet

#endif  // SOVET_DATE_H_
