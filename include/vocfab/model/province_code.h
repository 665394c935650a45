/// @file
/// Turkish province plate codes ("01" Adana … "35" İzmir … "81" Düzce).
///
/// Immutable value type; thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// A province plate code from 1 to 81, written with two digits.
class ProvinceCode {
 public:
  /// Parses two digits "01"–"81"; `std::nullopt` otherwise.
  static std::optional<ProvinceCode> parse(std::string_view text) noexcept;
  /// The code for @p number (1–81); `std::nullopt` when out of range.
  static std::optional<ProvinceCode> from_number(int number) noexcept;

  /// The plate number, 1–81.
  constexpr int number() const noexcept { return number_; }
  /// The two-digit text ("06", "35").
  std::string to_string() const;

  /// Compares plate numbers.
  friend bool operator==(const ProvinceCode&, const ProvinceCode&) noexcept = default;
  /// Orders by plate number.
  friend std::strong_ordering operator<=>(const ProvinceCode&, const ProvinceCode&) noexcept = default;

 private:
  constexpr explicit ProvinceCode(int number) noexcept : number_(number) {}
  int number_;
};

}  // namespace vocfab
