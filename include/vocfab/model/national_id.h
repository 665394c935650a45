/// @file
/// T.C. Kimlik No, the Turkish national identification number.
///
/// A `NationalId` always holds 11 digits whose check digits are right (SPEC section 4). A passing
/// checksum proves only that the number is well formed, never that it belongs to a real person, so
/// nothing here calls a number "verified". Text output is masked (`100******46`) unless the caller
/// asks for the full number, so that it does not leak into logs or messages.
/// Immutable value type; all functions are thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// Why a text is not a well-formed national id.
enum class NationalIdError {
  wrong_length,      ///< Not exactly 11 characters.
  not_digits,        ///< A character other than 0-9.
  leading_zero,      ///< The first digit is 0.
  tenth_digit,       ///< d10 does not match (7*(d1+d3+d5+d7+d9) - (d2+d4+d6+d8)) mod 10.
  eleventh_digit,    ///< d11 does not match (d1+...+d10) mod 10.
};

/// Human-readable reason for @p error.
std::string_view describe(NationalIdError error) noexcept;

/// A checksum-valid T.C. Kimlik No.
class NationalId {
 public:
  /// Parses exactly 11 digits (no spaces or separators).
  /// @return the id, or `std::nullopt` when the text is not a well-formed number.
  static std::optional<NationalId> parse(std::string_view text) noexcept;
  /// Explains why @p text is rejected; `std::nullopt` when it is well formed.
  static std::optional<NationalIdError> check(std::string_view text) noexcept;
  /// Computes the two check digits for the first nine digits @p first_nine.
  /// @return the full 11-digit id, or `std::nullopt` if @p first_nine is not nine digits starting
  ///         with a non-zero digit. Used by the synthetic data generator and tests.
  static std::optional<NationalId> complete(std::string_view first_nine) noexcept;

  /// All 11 digits. Call only where the caller explicitly needs the full number.
  std::string digits() const;
  /// Masked form `DDD******DD` for exports, logs and messages.
  std::string masked() const;
  /// The number as an integer (compact key for indexes).
  constexpr std::uint64_t value() const noexcept { return value_; }

  /// Compares the numbers.
  friend bool operator==(const NationalId&, const NationalId&) noexcept = default;
  /// Orders by the number.
  friend std::strong_ordering operator<=>(const NationalId&, const NationalId&) noexcept = default;

 private:
  constexpr explicit NationalId(std::uint64_t value) noexcept : value_(value) {}
  std::uint64_t value_;
};

/// Masks any text that may be a national id: keeps the first 3 and last 2 characters of a text
/// of 11 or more characters and stars the rest; shorter texts are fully starred. For error
/// messages that must quote rejected input without disclosing it.
std::string mask_national_id_text(std::string_view text);

}  // namespace vocfab

/// @cond STD_SPECIALISATIONS
// Doxygen cannot place a specialisation of std::hash (it reports an internal inconsistency
// even with std::hash excluded), so it is kept out of the API documentation.
/// Hashing so national ids can key unordered containers.
template <>
struct std::hash<vocfab::NationalId> {
  /// Hash of the numeric value.
  std::size_t operator()(const vocfab::NationalId& id) const noexcept {
    return std::hash<std::uint64_t>{}(id.value());
  }
};
/// @endcond
