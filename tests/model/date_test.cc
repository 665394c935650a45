#include "vocfab/model/date.h"

#include <boost/date_time/gregorian/formatters.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

// boost/date_time/gregorian/formatters.hpp declares boost::gregorian::to_iso_string (the basic
// YYYYMMDD form), which ADL finds for a Date argument: calls here must be qualified.

namespace vocfab {
namespace {

Date ymd(int y, int m, int d) {
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

TEST(ParseIsoDate, AcceptsRealDays) {
  EXPECT_EQ(parse_iso_date("2025-01-31"), ymd(2025, 1, 31));
  EXPECT_EQ(parse_iso_date("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(parse_iso_date("2000-02-29"), ymd(2000, 2, 29));
  EXPECT_EQ(parse_iso_date("2025-12-31"), ymd(2025, 12, 31));
  EXPECT_EQ(parse_iso_date("1400-01-01"), ymd(1400, 1, 1));
  EXPECT_EQ(parse_iso_date("9999-12-31"), ymd(9999, 12, 31));
}

TEST(ParseIsoDate, RejectsImpossibleDays) {
  for (const char* text : {"2025-02-29", "2025-02-30", "1900-02-29", "2025-04-31", "2025-06-31",
                           "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-99-99",
                           "1399-12-31", "0000-01-01"}) {
    EXPECT_FALSE(parse_iso_date(text).has_value()) << text;
  }
}

TEST(ParseIsoDate, RejectsOtherLayouts) {
  for (const char* text : {"", "2025-1-01", "2025-01-1", "2025/01/01", "20250101", "01-01-2025",
                           " 2025-01-01", "2025-01-01 ", "2025-01-01T00:00", "+025-01-01",
                           "2025-0a-01", "２025-01-01", "2025--1-01", "2025-01-+1",
                           "not-a-date", "not-a-date-time"}) {
    EXPECT_FALSE(parse_iso_date(text).has_value()) << '"' << text << '"';
  }
}

TEST(ToIsoString, PadsEveryField) {
  EXPECT_EQ(vocfab::to_iso_string(ymd(2025, 3, 7)), "2025-03-07");
  EXPECT_EQ(vocfab::to_iso_string(ymd(1400, 1, 1)), "1400-01-01");
  EXPECT_EQ(vocfab::to_iso_string(ymd(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(vocfab::to_iso_string(ymd(2024, 10, 20)), boost::gregorian::to_iso_extended_string(
                                                  ymd(2024, 10, 20)));
}

TEST(CivilDay, IsBoostsYearMonthDayOnEveryDay) {
  const Date last = last_representable_day();
  int days = 0;
  for (Date day = first_representable_day();; day += boost::gregorian::days(1)) {
    ++days;
    const auto expected = day.year_month_day();
    const CivilDay got = civil_day(day);
    ASSERT_EQ(got, (CivilDay{static_cast<int>(expected.year), static_cast<unsigned>(expected.month),
                             static_cast<unsigned>(expected.day)}))
        << vocfab::to_iso_string(day);
    if (day == last) break;  // one day more is beyond Boost's range
  }
  EXPECT_EQ(days, 3'141'085);  // 1400-01-01 to 9999-12-31, both included
}

// The first day aged N is where age_on reaches N: for birthdays over a whole leap cycle (and the
// turns of centuries), every age 0-120, the day before it and the day itself.
TEST(FirstDayAged, IsWhereAgeOnReachesTheAge) {
  for (const int start : {1896, 1996, 2096, 9600}) {
    for (Date birth = ymd(start, 1, 1); birth < ymd(start + 8, 1, 1); birth += boost::gregorian::days(1)) {
      const CivilDay birthday = civil_day(birth);
      for (std::uint32_t years = 0; years <= 120; ++years) {
        const std::int64_t first = first_day_aged(birthday, years);
        if (first > std::int64_t{last_representable_day().day_number()}) break;
        const Date day(static_cast<Date::date_int_type>(first));
        ASSERT_EQ(age_on(birth, day), static_cast<int>(years)) << vocfab::to_iso_string(birth) << " " << years;
        ASSERT_LT(age_on(birth, day - boost::gregorian::days(1)), static_cast<int>(years))
            << vocfab::to_iso_string(birth) << " " << years;
      }
    }
  }
  EXPECT_EQ(first_day_aged(civil_day(ymd(2000, 2, 29)), 1), std::int64_t{ymd(2001, 3, 1).day_number()});
  EXPECT_EQ(first_day_aged(civil_day(ymd(2000, 2, 29)), 4), std::int64_t{ymd(2004, 2, 29).day_number()});
  EXPECT_GT(first_day_aged(civil_day(ymd(9999, 12, 31)), 1), std::int64_t{last_representable_day().day_number()});
}

TEST(AgeOn, CountsWholeYears) {
  const Date birth = ymd(2007, 6, 15);
  EXPECT_EQ(age_on(birth, birth), 0);
  EXPECT_EQ(age_on(birth, ymd(2025, 6, 14)), 17);  // The day before the 18th birthday.
  EXPECT_EQ(age_on(birth, ymd(2025, 6, 15)), 18);
  EXPECT_EQ(age_on(birth, ymd(2025, 12, 31)), 18);
  EXPECT_EQ(age_on(birth, ymd(2026, 1, 1)), 18);
  EXPECT_EQ(age_on(birth, ymd(2026, 6, 15)), 19);
}

TEST(AgeOn, LeapDayBirthdayFallsOnFirstOfMarch) {
  const Date birth = ymd(2000, 2, 29);
  EXPECT_EQ(age_on(birth, ymd(2023, 2, 28)), 22);
  EXPECT_EQ(age_on(birth, ymd(2023, 3, 1)), 23);
  EXPECT_EQ(age_on(birth, ymd(2024, 2, 28)), 23);
  EXPECT_EQ(age_on(birth, ymd(2024, 2, 29)), 24);
}

TEST(AgeOn, IsNegativeBeforeBirth) {
  const Date birth = ymd(2010, 5, 20);
  EXPECT_EQ(age_on(birth, ymd(2010, 5, 19)), -1);
  EXPECT_EQ(age_on(birth, ymd(2009, 5, 21)), -1);
  EXPECT_EQ(age_on(birth, ymd(2009, 5, 20)), -1);
  EXPECT_EQ(age_on(birth, ymd(2009, 5, 19)), -2);
}

TEST(AddDays, MovesWithinTheCalendar) {
  EXPECT_EQ(add_days(ymd(2026, 4, 13), 90), ymd(2026, 7, 12));
  EXPECT_EQ(add_days(ymd(2026, 7, 12), -90), ymd(2026, 4, 13));
  EXPECT_EQ(add_days(ymd(2024, 2, 28), 1), ymd(2024, 2, 29));
  EXPECT_EQ(add_days(ymd(2025, 2, 28), 1), ymd(2025, 3, 1));
  EXPECT_EQ(add_days(ymd(2026, 1, 1), 0), ymd(2026, 1, 1));
}

TEST(AddDays, SaturatesAtTheEndOfTheCalendar) {
  const Date last = ymd(9999, 12, 31);
  EXPECT_EQ(last_representable_day(), last);
  EXPECT_EQ(add_days(ymd(9999, 12, 30), 1), last);  // Exactly reaches the last day.
  EXPECT_EQ(add_days(ymd(9999, 12, 30), 2), last);  // One past it: Boost would throw.
  EXPECT_EQ(add_days(ymd(9999, 12, 22), 36500), last);
  EXPECT_EQ(add_days(last, 1), last);
  EXPECT_EQ(add_days(last, std::numeric_limits<std::int64_t>::max()), last);
  EXPECT_EQ(add_days(ymd(1400, 1, 1), std::numeric_limits<std::int64_t>::max()), last);
  EXPECT_EQ(add_days(last, -1), ymd(9999, 12, 30));
}

TEST(AddDays, SaturatesAtTheStartOfTheCalendar) {
  const Date first = ymd(1400, 1, 1);
  EXPECT_EQ(first_representable_day(), first);
  EXPECT_EQ(add_days(ymd(1400, 1, 2), -1), first);
  EXPECT_EQ(add_days(ymd(1400, 1, 2), -2), first);
  EXPECT_EQ(add_days(ymd(1400, 3, 1), -36500), first);
  EXPECT_EQ(add_days(first, -1), first);
  EXPECT_EQ(add_days(first, std::numeric_limits<std::int64_t>::min()), first);
  EXPECT_EQ(add_days(ymd(9999, 12, 31), std::numeric_limits<std::int64_t>::min()), first);
  EXPECT_EQ(add_days(first, 1), ymd(1400, 1, 2));
}

TEST(AddDays, LeavesASpecialValueAlone) {
  EXPECT_TRUE(add_days(Date(boost::gregorian::not_a_date_time), 5).is_not_a_date());
}

rc::Gen<Date> any_date() {
  const long first = ymd(1400, 1, 1).day_number();
  const long last = ymd(9999, 12, 31).day_number();
  return rc::gen::map(rc::gen::inRange(first, last + 1), [first](long day_number) {
    return ymd(1400, 1, 1) + boost::gregorian::date_duration(day_number - first);
  });
}

// Inside the calendar add_days is Boost's own addition; outside, the nearest end.
RC_GTEST_PROP(DateProperty, AddDaysIsAdditionClampedToTheCalendar, ()) {
  const Date day = *any_date();
  const auto n = *rc::gen::inRange<std::int64_t>(-4'000'000, 4'000'001);
  const Date first = ymd(1400, 1, 1);
  const Date last = ymd(9999, 12, 31);
  const std::int64_t target = (day - first).days() + n;
  const std::int64_t span = (last - first).days();
  const Date expected = target < 0 ? first : target > span ? last : first + boost::gregorian::date_duration(static_cast<long>(target));
  RC_ASSERT(add_days(day, n) == expected);
}

RC_GTEST_PROP(DateProperty, ParseInvertsToIsoString, ()) {
  const Date date = *any_date();
  const std::string text = vocfab::to_iso_string(date);
  RC_ASSERT(text.size() == 10u);
  RC_ASSERT(text == boost::gregorian::to_iso_extended_string(date));
  RC_ASSERT(parse_iso_date(text) == date);
}

// The "compare YYYYMMDD as numbers" rule, an independent formulation of the same age.
int reference_age(const Date& birth, const Date& on) {
  const auto key = [](const Date& d) {
    return static_cast<long>(d.year()) * 10000 + d.month() * 100 + d.day();
  };
  const long difference = key(on) - key(birth);
  return static_cast<int>(difference >= 0 ? difference / 10000 : -((-difference + 9999) / 10000));
}

RC_GTEST_PROP(DateProperty, AgeMatchesReference, ()) {
  const Date birth = *any_date();
  const Date on = *any_date();
  RC_ASSERT(age_on(birth, on) == reference_age(birth, on));
  RC_ASSERT((age_on(birth, on) < 0) == (on < birth));
}

}  // namespace
}  // namespace vocfab
