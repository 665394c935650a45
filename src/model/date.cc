// ISO dates over Boost.Date_Time.
#include "vocfab/model/date.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <limits>

namespace vocfab {
namespace {

constexpr std::size_t kIsoLength = 10;
constexpr std::array<std::size_t, 8> kDigitPositions{0, 1, 2, 3, 5, 6, 8, 9};
// boost::gregorian::date's own range.
constexpr int kMinYear = 1400;
constexpr int kMaxYear = 9999;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// @p text holds only digits.
int to_int(std::string_view text) noexcept {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// Writes @p value as exactly @p width zero-padded digits at @p out.
void put_digits(char* out, int value, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

Date first_representable_day() noexcept {
  static const Date first(static_cast<unsigned short>(kMinYear), 1, 1);
  return first;
}

Date last_representable_day() noexcept {
  static const Date last(static_cast<unsigned short>(kMaxYear), 12, 31);
  return last;
}

Date add_days(const Date& day, std::int64_t days) noexcept {
  if (day.is_special()) return day;
  const Date first = first_representable_day();
  const Date last = last_representable_day();
  // Offsets from the first day fit easily in 64 bits (about 3.1 million days in all), so only
  // `days` itself needs care: compare it with the room left in each direction before adding.
  const std::int64_t offset = (day - first).days();
  const std::int64_t room_after = (last - day).days();
  if (days >= room_after) return last;
  if (days <= -offset) return first;
  // In range now: Boost neither throws nor wraps.
  return first + boost::gregorian::date_duration(static_cast<long>(offset + days));
}

// Called once per date field while loading a national-scale file, so this avoids the iostream
// and locale machinery behind boost::gregorian::from_string and checks the 10 characters itself.
std::optional<Date> parse_iso_date(std::string_view text) noexcept {
  if (text.size() != kIsoLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : kDigitPositions) {
    if (!is_digit(text[i])) return std::nullopt;
  }
  const int year = to_int(text.substr(0, 4));
  const int month = to_int(text.substr(5, 2));
  const int day = to_int(text.substr(8, 2));
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  using Calendar = boost::gregorian::gregorian_calendar;
  const auto y = static_cast<unsigned short>(year);
  const auto m = static_cast<unsigned short>(month);
  // Rejecting 2025-02-30 here rather than through the constructor's exception keeps bad input
  // cheap; the catch below remains as the guarantee behind noexcept.
  if (day > Calendar::end_of_month_day(y, m)) return std::nullopt;
  try {
    return Date(y, m, static_cast<unsigned short>(day));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Hand-formatted for the same reason: to_iso_extended_string goes through an ostringstream.
std::string to_iso_string(const Date& date) {
  const boost::gregorian::date::ymd_type ymd = date.year_month_day();
  std::array<char, kIsoLength> text{};
  put_digits(text.data(), ymd.year, 4);
  text[4] = '-';
  put_digits(text.data() + 5, ymd.month, 2);
  text[7] = '-';
  put_digits(text.data() + 8, ymd.day, 2);
  return std::string(text.data(), text.size());
}

std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z
  if (text.size() < 20 || text.back() != 'Z' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto day = parse_iso_date(text.substr(0, kIsoLength));
  if (!day) return std::nullopt;
  for (std::size_t i : {11, 12, 14, 15, 17, 18}) {
    if (!is_digit(text[i])) return std::nullopt;
  }
  const int hours = to_int(text.substr(11, 2));
  const int minutes = to_int(text.substr(14, 2));
  const int seconds = to_int(text.substr(17, 2));
  if (hours > 23 || minutes > 59 || seconds > 59) return std::nullopt;
  std::int64_t microseconds = 0;
  const std::string_view fraction = text.substr(19, text.size() - 20);
  if (!fraction.empty()) {
    if (fraction[0] != '.' || fraction.size() < 2 || fraction.size() > 7) return std::nullopt;
    std::int64_t scale = 1'000'000;
    for (char c : fraction.substr(1)) {
      if (!is_digit(c)) return std::nullopt;
      scale /= 10;
      microseconds += (c - '0') * scale;
    }
  }
  return Timestamp(*day, boost::posix_time::hours(hours) + boost::posix_time::minutes(minutes) +
                             boost::posix_time::seconds(seconds) + boost::posix_time::microseconds(microseconds));
}

std::string to_iso_string(const Timestamp& moment) {
  const auto time = moment.time_of_day();
  std::array<char, 16> clock{};
  put_digits(clock.data(), static_cast<int>(time.hours()), 2);
  clock[2] = ':';
  put_digits(clock.data() + 3, static_cast<int>(time.minutes()), 2);
  clock[5] = ':';
  put_digits(clock.data() + 6, static_cast<int>(time.seconds()), 2);
  std::string text = to_iso_string(moment.date()) + "T" + std::string(clock.data(), 8);
  if (const auto micros = time.fractional_seconds(); micros != 0) {
    char fraction[7];
    put_digits(fraction, static_cast<int>(micros), 6);
    text += ".";
    text.append(fraction, 6);
  }
  return text + "Z";
}

CivilDay civil_day(const Date& day) {
  if (day.is_special()) {
    const auto fields = day.year_month_day();
    return CivilDay{static_cast<int>(fields.year), static_cast<unsigned>(fields.month), static_cast<unsigned>(fields.day)};
  }
  // Howard Hinnant's civil_from_days, counted from 0000-03-01 (so that the leap day ends a year):
  // Boost's day number is the Julian day number, 1721120 on that day.
  const std::int64_t z = static_cast<std::int64_t>(day.day_number()) - 1721120;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                     // [0, 11], from March
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDay{static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2 ? 1 : 0), m, d};
}

int age_on(const Date& birth, const Date& on) { return age_on(civil_day(birth), civil_day(on)); }

std::int64_t first_day_aged(const CivilDay& birthday, std::uint32_t years) noexcept {
  std::int64_t y = std::int64_t{birthday.year} + years;
  unsigned m = birthday.month, d = birthday.day;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) m = 3, d = 1;
  // Howard Hinnant's days_from_civil, counted from 0000-03-01 (Julian day number 1721120).
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                  // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe + 1721120;
}

int age_on(const CivilDay& b, const CivilDay& o) noexcept {
  int years = o.year - b.year;
  // Comparing (month, day) pairs is what makes a 29 February birthday fall on 1 March in
  // non-leap years: 28 February still precedes (2, 29), 1 March does not. It also makes the
  // result floor towards minus infinity, so any day before birth gives a negative age.
  const bool before_birthday = o.month < b.month || (o.month == b.month && o.day < b.day);
  if (before_birthday) --years;
  return years;
}

}  // namespace vocfab
