// Turkish phone numbers to E.164 (ITU-T E.164; Türkiye is +90 with a 10-digit national number).
#include "vocfab/model/phone_number.h"

#include <array>

namespace vocfab {
namespace {

constexpr std::size_t kNationalLength = 10;
// The longest accepted form is the international prefix 00 + 90 + 10 digits.
constexpr std::size_t kMaxDigits = 14;

bool is_separator(char c) noexcept {
  return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')';
}

}  // namespace

std::optional<PhoneNumber> PhoneNumber::parse(std::string_view text) noexcept {
  std::array<char, kMaxDigits> digits{};
  std::size_t count = 0;
  bool plus = false;
  for (char c : text) {
    if (is_separator(c)) continue;
    if (c == '+') {
      // Only as the very first significant character, as in "+90 ...".
      if (plus || count != 0) return std::nullopt;
      plus = true;
      continue;
    }
    if (c < '0' || c > '9' || count == kMaxDigits) return std::nullopt;
    digits[count++] = c;
  }
  std::string_view all(digits.data(), count);

  // Strip whichever prefix the writer used; what remains must be the national number.
  std::string_view national;
  if (plus) {
    if (!all.starts_with("90")) return std::nullopt;  // Another country.
    national = all.substr(2);
  } else if (all.starts_with("0090")) {
    national = all.substr(4);
  } else if (all.size() == kNationalLength + 2 && all.starts_with("90")) {
    national = all.substr(2);
  } else if (all.size() == kNationalLength + 1 && all.starts_with('0')) {
    national = all.substr(1);  // Trunk prefix, as dialled within Türkiye.
  } else {
    national = all;
  }
  if (national.size() != kNationalLength) return std::nullopt;
  // 0 is the trunk prefix and 1xx are short codes (112, 155): neither begins a subscriber number.
  if (national[0] == '0' || national[0] == '1') return std::nullopt;

  try {
    std::string e164;
    e164.reserve(3 + kNationalLength);
    e164.append("+90").append(national);
    return PhoneNumber(std::move(e164));
  } catch (...) {
    return std::nullopt;  // Allocation failure must not escape a noexcept parser.
  }
}

}  // namespace vocfab
