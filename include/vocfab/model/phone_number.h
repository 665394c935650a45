/// @file
/// Turkish telephone numbers normalised to E.164.
///
/// Accepts the forms people write (`0532 123 45 67`, `(0532) 123-45-67`, `+90 532 123 45 67`,
/// `905321234567`, `5321234567`) and stores `+90` followed by the 10-digit national significant
/// number. Anything else is rejected (`invalid_phone`). Immutable; thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// A Turkish phone number in E.164 form (`+905321234567`).
class PhoneNumber {
 public:
  /// Normalises @p text; `std::nullopt` when it is not a Turkish number in a common form.
  /// Spaces, dots, hyphens and parentheses are ignored; the national significant number must
  /// have 10 digits and must not start with 0 or 1.
  static std::optional<PhoneNumber> parse(std::string_view text) noexcept;

  /// The E.164 text, e.g. `+905321234567`.
  const std::string& e164() const noexcept { return e164_; }

  /// Compares the normalised numbers.
  friend bool operator==(const PhoneNumber&, const PhoneNumber&) = default;
  /// Orders by the normalised numbers.
  friend std::strong_ordering operator<=>(const PhoneNumber&, const PhoneNumber&) = default;

 private:
  explicit PhoneNumber(std::string e164) : e164_(std::move(e164)) {}
  std::string e164_;
};

}  // namespace vocfab
