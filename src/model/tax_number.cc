// VKN check digit, as published by the Revenue Administration (GİB) and used by every validator
// of Turkish tax numbers.
#include "vocfab/model/tax_number.h"

namespace vocfab {
namespace {

bool all_digits(std::string_view text) noexcept {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// @p first_nine holds nine ASCII digits.
char check_digit(std::string_view first_nine) noexcept {
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    const int t = (first_nine[static_cast<std::size_t>(i)] - '0' + 9 - i) % 10;
    int v = (t * (1 << (9 - i))) % 9;
    // A non-zero t whose product is a multiple of 9 counts as 9, not 0.
    if (t != 0 && v == 0) v = 9;
    sum += v;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

std::optional<TaxNumber> TaxNumber::parse(std::string_view text) noexcept {
  if (text.size() != 10 || !all_digits(text)) return std::nullopt;
  if (check_digit(text.substr(0, 9)) != text[9]) return std::nullopt;
  try {
    return TaxNumber(std::string(text));
  } catch (...) {
    return std::nullopt;  // Allocation failure; std::string of 10 chars fits SSO anyway.
  }
}

std::optional<TaxNumber> TaxNumber::complete(std::string_view first_nine) noexcept {
  if (first_nine.size() != 9 || !all_digits(first_nine)) return std::nullopt;
  try {
    std::string digits(first_nine);
    digits.push_back(check_digit(first_nine));
    return TaxNumber(std::move(digits));
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace vocfab
