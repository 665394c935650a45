// T.C. Kimlik No checksum (SPEC section 4, "Identity and formats").
#include "vocfab/model/national_id.h"

#include "vocfab/model/text.h"

#include <vector>

#include <array>

namespace vocfab {
namespace {

constexpr std::size_t kLength = 11;

struct CheckDigits {
  int tenth;
  int eleventh;
};

// Digits are 0-based here: d[0] is the standard's d1.
CheckDigits compute_check_digits(const std::array<int, kLength>& d) noexcept {
  const int odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const int even = d[1] + d[3] + d[5] + d[7];
  // 7*odd - even goes negative for prefixes heavy in even positions (e.g. 190909090); C++'s %
  // keeps the sign of the dividend, so shift into 0..9 explicitly.
  const int tenth = ((7 * odd - even) % 10 + 10) % 10;
  int sum = tenth;
  for (std::size_t i = 0; i < 9; ++i) sum += d[i];
  return {tenth, sum % 10};
}

std::uint64_t to_value(const std::array<int, kLength>& d) noexcept {
  std::uint64_t value = 0;
  for (int digit : d) value = value * 10 + static_cast<std::uint64_t>(digit);
  return value;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view describe(NationalIdError error) noexcept {
  switch (error) {
    case NationalIdError::wrong_length:
      return "a national id has exactly 11 digits";
    case NationalIdError::not_digits:
      return "a national id contains only the digits 0-9";
    case NationalIdError::leading_zero:
      return "a national id does not start with 0";
    case NationalIdError::tenth_digit:
      return "the 10th digit does not match the checksum of the first nine";
    case NationalIdError::eleventh_digit:
      return "the 11th digit does not match the checksum of the first ten";
  }
  return "malformed national id";
}

std::optional<NationalIdError> NationalId::check(std::string_view text) noexcept {
  if (text.size() != kLength) return NationalIdError::wrong_length;
  std::array<int, kLength> d{};
  for (std::size_t i = 0; i < kLength; ++i) {
    if (!is_digit(text[i])) return NationalIdError::not_digits;
    d[i] = text[i] - '0';
  }
  if (d[0] == 0) return NationalIdError::leading_zero;
  const CheckDigits expected = compute_check_digits(d);
  if (d[9] != expected.tenth) return NationalIdError::tenth_digit;
  if (d[10] != expected.eleventh) return NationalIdError::eleventh_digit;
  return std::nullopt;
}

std::optional<NationalId> NationalId::parse(std::string_view text) noexcept {
  if (check(text)) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return NationalId(value);
}

std::optional<NationalId> NationalId::complete(std::string_view first_nine) noexcept {
  if (first_nine.size() != 9) return std::nullopt;
  std::array<int, kLength> d{};
  for (std::size_t i = 0; i < 9; ++i) {
    if (!is_digit(first_nine[i])) return std::nullopt;
    d[i] = first_nine[i] - '0';
  }
  if (d[0] == 0) return std::nullopt;
  const CheckDigits check_digits = compute_check_digits(d);
  d[9] = check_digits.tenth;
  d[10] = check_digits.eleventh;
  return NationalId(to_value(d));
}

std::string NationalId::digits() const {
  // The first digit is never 0, so the decimal form always has all 11 digits.
  return std::to_string(value_);
}

std::string NationalId::masked() const { return mask_national_id_text(digits()); }

std::string mask_national_id_text(std::string_view text) {
  // On characters, not bytes, so that a cut never splits one: the same 3 + 2 characters whatever
  // the length (a mistyped 12-digit id must not leak more), every other character one star.
  std::vector<std::string_view> characters;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = next_utf8_char(text, at).length;
    characters.push_back(text.substr(at, length));
    at += length;
  }
  const bool keep_ends = characters.size() >= kLength;
  std::string out;
  for (std::size_t i = 0; i < characters.size(); ++i) {
    const bool kept = keep_ends && (i < 3 || i + 2 >= characters.size());
    if (kept) {
      out.append(characters[i]);
    } else {
      out.push_back('*');
    }
  }
  return out;
}

}  // namespace vocfab
