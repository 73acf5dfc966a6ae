#include "sovet/date.h"

#include <gtest/gtest.h>

#include <string>

namespace sovet {
namespace {

Date D(const char* text) {
  auto date = Date::Parse(text);
  EXPECT_TRUE(date.has_value()) << text << ": " << date.error().ToString();
  return date.value_or(Date());
}

TEST(DateTest, EpochAndKnownDayCounts) {
  EXPECT_EQ(D("1970-01-01").days(), 0);
  EXPECT_EQ(D("1970-01-02").days(), 1);
  EXPECT_EQ(D("1969-12-31").days(), -1);
  EXPECT_EQ(D("2000-03-01").days(), 11017);
  // The Fifth Congress opened on 4 July 1918 (Gregorian).
  EXPECT_EQ(D("1918-07-04").days(), -18809);
  EXPECT_EQ(D("0001-01-01").days(), -719162);
  EXPECT_EQ(D("9999-12-31").days(), 2932896);
}

TEST(DateTest, FormatRoundTripsEveryDayOfFourCenturies) {
  // 1600-01-01 .. 2000-12-31 covers every leap rule (400, 100, 4).
  const Date first = D("1600-01-01");
  const Date last = D("2000-12-31");
  for (Date date = first; date <= last; date = date.AddDays(1)) {
    const std::string text = date.ToString();
    auto parsed = Date::Parse(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    ASSERT_EQ(*parsed, date) << text;
    ASSERT_EQ(Date::FromCivil(date.year(), date.month(), date.day()), date) << text;
  }
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_TRUE(Date::Parse("2000-02-29").has_value());
  EXPECT_FALSE(Date::Parse("1900-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2026-02-29").has_value());
  EXPECT_EQ(D("1900-02-28").AddDays(1), D("1900-03-01"));
  EXPECT_EQ(D("2000-02-28").AddDays(1), D("2000-02-29"));
}

struct BadDate {
  const char* text;
  const char* says;
};

TEST(DateTest, ParseRefusesAnythingButIsoCalendarDates) {
  for (const BadDate& bad : {
           BadDate{"", "0 characters"},
           BadDate{"2026-1-01", "9 characters"},
           BadDate{"2026-01-011", "11 characters"},
           BadDate{"2026/01/01", "separated by '-'"},
           BadDate{"20260101xx", "separated by '-'"},
           BadDate{"2026-0a-01", "a digit"},
           BadDate{"+026-01-01", "a digit"},
           BadDate{"0000-01-01", "0000"},
           BadDate{"2026-00-01", "month is 01-12"},
           BadDate{"2026-13-01", "month is 01-12"},
           BadDate{"2026-04-31", "2026-04 has 30 days"},
           BadDate{"2026-02-29", "2026-02 has 28 days"},
           BadDate{"2026-01-00", "has 31 days"},
       }) {
    auto parsed = Date::Parse(bad.text, SourceLocation{.file = "f.csv", .line = 7, .field = "x"});
    ASSERT_FALSE(parsed.has_value()) << bad.text;
    const std::string message = parsed.error().ToString();
    EXPECT_NE(message.find(bad.says), std::string::npos) << message;
    EXPECT_NE(message.find("f.csv:7"), std::string::npos) << message;
    EXPECT_NE(message.find("YYYY-MM-DD"), std::string::npos) << message;
    EXPECT_EQ(parsed.error().code(), StatusCode::kInvalidInput);
  }
}

TEST(DateTest, ParseAdvancesAGivenColumnToTheBadCharacter) {
  auto parsed = Date::Parse("2026-13-01", SourceLocation{.file = "f", .line = 2, .column = 10});
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().where().column, 15);
}

TEST(DateTest, AddMonthsClampsToTheMonthsEnd) {
  // A soviet elected on 31 August serves three months (001:150): to 30 November.
  EXPECT_EQ(D("2026-08-31").AddMonths(3), D("2026-11-30"));
  EXPECT_EQ(D("2026-01-31").AddMonths(1), D("2026-02-28"));
  EXPECT_EQ(D("2024-01-31").AddMonths(1), D("2024-02-29"));
  EXPECT_EQ(D("2024-02-29").AddMonths(12), D("2025-02-28"));
  EXPECT_EQ(D("2024-02-29").AddMonths(48), D("2028-02-29"));
  EXPECT_EQ(D("2026-11-30").AddMonths(3), D("2027-02-28"));
  EXPECT_EQ(D("2026-03-31").AddMonths(-1), D("2026-02-28"));
  EXPECT_EQ(D("2026-01-15").AddMonths(-1), D("2025-12-15"));
  EXPECT_EQ(D("2026-01-15").AddMonths(-13), D("2024-12-15"));
  EXPECT_EQ(D("2026-12-15").AddMonths(1), D("2027-01-15"));
  EXPECT_EQ(D("2026-05-17").AddMonths(0), D("2026-05-17"));
}

TEST(DateTest, AddDaysAcrossYearsAndBack) {
  EXPECT_EQ(D("2026-12-31").AddDays(1), D("2027-01-01"));
  EXPECT_EQ(D("2027-01-01").AddDays(-1), D("2026-12-31"));
  EXPECT_EQ(D("2026-01-01").AddDays(365), D("2027-01-01"));
  EXPECT_EQ(D("2024-01-01").AddDays(366), D("2025-01-01"));
  // Appeals: three calendar days from publication.
  EXPECT_EQ(D("2026-02-27").AddDays(3), D("2026-03-02"));
}

TEST(DateTest, FormatsYearsOutsideFourDigitsInExpandedForm) {
  EXPECT_EQ(D("0001-01-01").AddDays(-1).ToString(), "0000-12-31");
  EXPECT_EQ(D("0001-01-01").AddDays(-367).ToString(), "-0001-12-31");
  EXPECT_EQ(D("9999-12-31").AddDays(1).ToString(), "+10000-01-01");
}

TEST(DateTest, AgeInWholeYears) {
  EXPECT_EQ(AgeOn(D("2008-05-17"), D("2026-05-17")), 18);  // the 18th birthday itself
  EXPECT_EQ(AgeOn(D("2008-05-17"), D("2026-05-16")), 17);  // one day short
  EXPECT_EQ(AgeOn(D("2008-05-17"), D("2026-12-31")), 18);
  EXPECT_EQ(AgeOn(D("2008-05-17"), D("2008-05-17")), 0);
  EXPECT_EQ(AgeOn(D("2008-05-17"), D("2008-05-16")), -1);
}

TEST(DateTest, TwentyNinthOfFebruaryBirthdaysFallOnTheFirstOfMarchInCommonYears) {
  const Date birth = D("2008-02-29");
  EXPECT_EQ(AgeOn(birth, D("2026-02-28")), 17);
  EXPECT_EQ(AgeOn(birth, D("2026-03-01")), 18);
  EXPECT_EQ(AgeOn(birth, D("2028-02-28")), 19);
  EXPECT_EQ(AgeOn(birth, D("2028-02-29")), 20);
  EXPECT_EQ(LatestBirthForAge(D("2026-02-28"), 18), D("2008-02-28"));
  EXPECT_EQ(LatestBirthForAge(D("2026-03-01"), 18), D("2008-03-01"));
  EXPECT_EQ(LatestBirthForAge(D("2024-02-29"), 18), D("2006-02-28"));
}

TEST(DateTest, LatestBirthForAgeAgreesWithAgeOnEveryDay) {
  // For every election day over eight years and births around the cut-off:
  // AgeOn(b, on) >= 18 exactly when b <= LatestBirthForAge(on, 18).
  for (Date on = D("2023-01-01"); on <= D("2030-12-31"); on = on.AddDays(1)) {
    const Date cutoff = LatestBirthForAge(on, 18);
    for (int delta = -3; delta <= 3; ++delta) {
      const Date birth = cutoff.AddDays(delta);
      ASSERT_EQ(AgeOn(birth, on) >= 18, birth <= cutoff)
          << birth.ToString() << " on " << on.ToString();
    }
  }
}

}  // namespace
}  // namespace sovet
