/// @file
/// Branch codes such as `SEWING` or `COMPUTER_REPAIR`.
///
/// Branches are the one entity referenced by code rather than by UUID (SPEC section 3). A code is
/// 1–64 characters of upper-case ASCII letters, digits and underscores, starting with a letter.
/// Immutable value type; thread-safe.
#pragma once

#include <compare>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// A well-formed branch code.
class BranchCode {
 public:
  /// Parses a code; `std::nullopt` unless it matches `[A-Z][A-Z0-9_]{0,63}`.
  static std::optional<BranchCode> parse(std::string_view text);

  /// The code text.
  const std::string& str() const noexcept { return code_; }

  /// Compares codes.
  friend bool operator==(const BranchCode&, const BranchCode&) = default;
  /// Orders codes lexicographically.
  friend std::strong_ordering operator<=>(const BranchCode&, const BranchCode&) = default;

 private:
  explicit BranchCode(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

}  // namespace vocfab

/// @cond STD_SPECIALISATIONS
// Doxygen cannot place a specialisation of std::hash (it reports an internal inconsistency
// even with std::hash excluded), so it is kept out of the API documentation.
/// Hashing so branch codes can key unordered containers.
template <>
struct std::hash<vocfab::BranchCode> {
  /// Hash of the code text.
  std::size_t operator()(const vocfab::BranchCode& code) const noexcept {
    return std::hash<std::string>{}(code.str());
  }
};
/// @endcond
