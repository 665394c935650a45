/// @file
/// VKN (Vergi Kimlik Numarası), the 10-digit Turkish tax number of an employer.
///
/// A `TaxNumber` always holds 10 digits whose last digit is the standard VKN check digit.
/// Immutable value type; all functions are thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// A checksum-valid 10-digit VKN.
class TaxNumber {
 public:
  /// Parses exactly 10 digits with a correct check digit; `std::nullopt` otherwise.
  static std::optional<TaxNumber> parse(std::string_view text) noexcept;
  /// Computes the check digit for the first nine digits @p first_nine.
  /// @return the full number, or `std::nullopt` if @p first_nine is not nine digits.
  static std::optional<TaxNumber> complete(std::string_view first_nine) noexcept;

  /// The 10 digits.
  const std::string& digits() const noexcept { return digits_; }

  /// Compares the digits.
  friend bool operator==(const TaxNumber&, const TaxNumber&) = default;
  /// Orders by the digits.
  friend std::strong_ordering operator<=>(const TaxNumber&, const TaxNumber&) = default;

 private:
  explicit TaxNumber(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

}  // namespace vocfab
