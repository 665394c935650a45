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

/// The earliest and latest days the library represents (the years the reader accepts).
inline const Date kFirstDay{1400, 1, 1};
/// @copydoc kFirstDay
inline const Date kLastDay{9999, 12, 31};

/// @p day moved by @p days, saturating at `kFirstDay` and `kLastDay` instead of leaving the
/// calendar: arithmetic on any valid date never throws.
Date add_days(const Date& day, std::int64_t days) noexcept;

/// Parses strict UTC ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`, optionally with 1-6 digits of fraction
/// (`…:SS.123456Z`). @return the moment, or `std::nullopt` when malformed.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDTHH:MM:SSZ`, with `.ffffff` when there are fractional seconds.
std::string to_iso_string(const Timestamp& moment);

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

/// Whole years from @p birth to @p on (the age a person has on that day; 29 February birthdays
/// count their birthday on 1 March in non-leap years). Negative if @p on precedes @p birth.
int age_on(const Date& birth, const Date& on);

}  // namespace vocfab
