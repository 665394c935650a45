// Plate codes: 81 provinces since Düzce (81) was created in 1999.
#include "vocfab/model/province_code.h"

namespace vocfab {
namespace {

constexpr int kFirst = 1;
constexpr int kLast = 81;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<ProvinceCode> ProvinceCode::parse(std::string_view text) noexcept {
  // Exactly two digits: "6" and "006" are not plate codes, and JSON carries them as text.
  if (text.size() != 2 || !is_digit(text[0]) || !is_digit(text[1])) return std::nullopt;
  return from_number((text[0] - '0') * 10 + (text[1] - '0'));
}

std::optional<ProvinceCode> ProvinceCode::from_number(int number) noexcept {
  if (number < kFirst || number > kLast) return std::nullopt;
  return ProvinceCode(number);
}

std::string ProvinceCode::to_string() const {
  return {static_cast<char>('0' + number_ / 10), static_cast<char>('0' + number_ % 10)};
}

}  // namespace vocfab
