/// @file
/// Strongly typed entity identifiers.
///
/// Every entity carries a UUID (`boost::uuids::uuid`) written in canonical lowercase text.
/// `Id<Tag>` wraps it so that a course id cannot be passed where a trainee id is expected.
/// Values are immutable and trivially copyable; all functions are thread-safe.
#pragma once

#include <boost/uuid/uuid.hpp>

#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// Parses canonical UUID text (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits in any case).
/// @return the UUID, or `std::nullopt` when @p text is not exactly that shape.
std::optional<boost::uuids::uuid> parse_uuid(std::string_view text) noexcept;

/// Canonical lowercase text of @p uuid (36 characters).
std::string uuid_to_string(const boost::uuids::uuid& uuid);

/// A UUID that names one kind of entity, selected by @p Tag.
template <class Tag>
class Id {
 public:
  /// The nil UUID; present only so ids can live in containers. Never a valid reference.
  constexpr Id() noexcept = default;
  /// Wraps an existing UUID.
  constexpr explicit Id(const boost::uuids::uuid& value) noexcept : value_(value) {}

  /// Parses canonical UUID text; `std::nullopt` when malformed.
  static std::optional<Id> parse(std::string_view text) noexcept {
    if (auto uuid = parse_uuid(text)) return Id(*uuid);
    return std::nullopt;
  }

  /// The underlying UUID.
  constexpr const boost::uuids::uuid& value() const noexcept { return value_; }
  /// True for the nil UUID.
  bool is_nil() const noexcept { return value_.is_nil(); }
  /// Canonical lowercase text.
  std::string to_string() const { return uuid_to_string(value_); }

  /// Ordering by UUID bytes, so sorted output is deterministic.
  friend bool operator==(const Id&, const Id&) noexcept = default;
  /// Ordering by UUID bytes, so sorted output is deterministic.
  friend std::strong_ordering operator<=>(const Id& a, const Id& b) noexcept {
    if (a.value_ < b.value_) return std::strong_ordering::less;
    if (b.value_ < a.value_) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
  }

 private:
  boost::uuids::uuid value_{};
};

/// Tag types naming each entity kind.
namespace tag {
struct Centre {};       ///< @see Centre
struct Course {};       ///< @see Course
struct Trainee {};      ///< @see Trainee
struct Application {};  ///< @see Application
struct Enrollment {};   ///< @see Enrollment
struct Certificate {};  ///< @see Certificate
struct Employer {};     ///< @see Employer
struct Vacancy {};      ///< @see Vacancy
struct Referral {};     ///< @see Referral
}  // namespace tag

using CentreId = Id<tag::Centre>;            ///< Identifies a Centre.
using CourseId = Id<tag::Course>;            ///< Identifies a Course.
using TraineeId = Id<tag::Trainee>;          ///< Identifies a Trainee.
using ApplicationId = Id<tag::Application>;  ///< Identifies an Application.
using EnrollmentId = Id<tag::Enrollment>;    ///< Identifies an Enrollment.
using CertificateId = Id<tag::Certificate>;  ///< Identifies a Certificate.
using EmployerId = Id<tag::Employer>;        ///< Identifies an Employer.
using VacancyId = Id<tag::Vacancy>;          ///< Identifies a Vacancy.
using ReferralId = Id<tag::Referral>;        ///< Identifies a Referral.

}  // namespace vocfab

/// @cond STD_SPECIALISATIONS
// Doxygen cannot place a specialisation of std::hash (it reports an internal inconsistency
// even with std::hash excluded), so it is kept out of the API documentation.
/// Hashing so ids can key unordered containers.
template <class Tag>
struct std::hash<vocfab::Id<Tag>> {
  /// Hash of the UUID bytes.
  std::size_t operator()(const vocfab::Id<Tag>& id) const noexcept {
    return boost::uuids::hash_value(id.value());
  }
};
/// @endcond
