/// @file
/// Calendar dates.
///
/// vocfab uses `boost::gregorian::date` for every date and ISO `YYYY-MM-DD` text in JSON. These
/// helpers parse and print that form strictly (no other layout, no "not-a-date").
/// Thread-safe.
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// A calendar date.
using Date = boost::gregorian::date;

/// A moment in UTC (audit entries, operation contexts), to the microsecond.
using Timestamp = boost::posix_time::ptime;

/// Parses strict UTC ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`, optionally with 1-6 digits of fraction
/// (`…:SS.123456Z`). @return the moment, or `std::nullopt` when malformed.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDTHH:MM:SSZ`, with `.ffffff` when there are fractional seconds.
std::string to_iso_string(const Timestamp& moment);

/// The first day a dataset can hold, 1400-01-01 (the first that parse_iso_date() accepts).
Date first_representable_day() noexcept;
/// The last day a dataset can hold, 9999-12-31 (the last that parse_iso_date() accepts).
Date last_representable_day() noexcept;

/// @p day moved by @p days (negative: back), saturating: a result before 1400-01-01 is
/// 1400-01-01 and one after 9999-12-31 is 9999-12-31, where `day + days(n)` would throw Boost's
/// "Year is out of valid range". Use it for every date plus or minus a number of days. A rule that
/// compares a day with `from + n` is exact only if the sum stays in range: compare the difference
/// of two days with `n` instead (vocfab/validation/rules.h, within_days). A special (not-a-date)
/// @p day is returned unchanged.
Date add_days(const Date& day, std::int64_t days) noexcept;

/// Parses strict ISO `YYYY-MM-DD` (exactly 10 characters, a real calendar day, years 1400–9999).
/// @return the date, or `std::nullopt` when malformed or impossible (e.g. `2025-02-30`).
std::optional<Date> parse_iso_date(std::string_view text) noexcept;

/// ISO `YYYY-MM-DD` text of a valid @p date.
///
/// Boost's formatters (`boost/date_time/gregorian/gregorian.hpp`) declare a
/// `boost::gregorian::to_iso_string` that writes the basic `YYYYMMDD` form. Argument-dependent
/// lookup finds it for a `Date`, so where those formatters are included an unqualified call is
/// ambiguous: write `vocfab::to_iso_string`.
std::string to_iso_string(const Date& date);

/// A day's calendar fields.
struct CivilDay {
  int year = 0;        ///< The year.
  unsigned month = 0;  ///< 1–12.
  unsigned day = 0;    ///< 1–31.
  /// Field-wise equality.
  friend bool operator==(const CivilDay&, const CivilDay&) = default;
};

/// The calendar fields of @p day: Boost's `year_month_day()`, by integer arithmetic on the day
/// number (Hinnant's `civil_from_days`) for a valid day, which is several times faster and the
/// same for every day 1400-01-01…9999-12-31 (tests/model/date_test.cc checks each one); a special
/// (not-a-date) @p day goes to Boost, as before.
CivilDay civil_day(const Date& day);

/// Whole years from @p birth to @p on (the age a person has on that day; 29 February birthdays
/// count their birthday on 1 March in non-leap years). Negative if @p on precedes @p birth.
int age_on(const Date& birth, const Date& on);
/// `age_on` from days already split into their calendar fields (`civil_day`), for a rule that
/// judges one person's age on many days.
int age_on(const CivilDay& birth, const CivilDay& on) noexcept;
/// The first day on which a person born on @p birthday is @p years old — the birthday in that
/// year, or 1 March for a 29 February birthday in a common year — as a Boost day number (the
/// Julian day number; past 9999-12-31 when it falls so late). So `age_on(birth, on) >= years`
/// exactly when `on.day_number() >= first_day_aged(civil_day(birth), years)` for a valid @p on,
/// which judges one person's age on many days with one comparison each.
std::int64_t first_day_aged(const CivilDay& birthday, std::uint32_t years) noexcept;

}  // namespace vocfab
