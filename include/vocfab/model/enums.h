/// @file
/// The enumerations of the domain model and their JSON spellings.
///
/// Every enumeration is written in JSON as a lowercase snake_case string (SPEC section 2). For each
/// enumeration `E`, `to_string(E)` gives that spelling and `parse_enum<E>(text)` reads it back.
/// The spellings are part of the interchange contract: never rename one.
/// Thread-safe; pure functions.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace vocfab {

/// How a course is delivered.
enum class DeliveryMode { in_person, online, hybrid };

/// What a course, branch or certificate leads to.
enum class CertificateKind {
  meb,            ///< Completion certificate after an exam (MEB protocol).
  participation,  ///< Attendance document without exam standing.
};

/// Where a course is in its life.
enum class CourseStatus { planned, open, running, completed, cancelled };

/// Gender, recorded for statistics only; never a matching criterion.
enum class Gender { female, male, other, undisclosed };

/// Highest completed education.
enum class EducationLevel {
  none,
  primary,
  lower_secondary,
  upper_secondary,
  vocational_secondary,
  associate,
  bachelor,
  postgraduate,
};

/// A person's current employment status.
enum class EmploymentStatus { unemployed, employed, student, retired };

/// Preferred or offered working hours.
enum class Shift { day, evening, night, rotating, any };

/// A priority group of course allocation (SPEC 5.2): who a course takes first, compared in the
/// order `policy.allocation.priority` lists them.
enum class PriorityGroup {
  centre_district,  ///< Resides in the district of the course's centre.
  unemployed,       ///< Employment status `unemployed`.
  disability,       ///< Declared a disability.
};

/// State of an enrollment in a course.
enum class EnrollmentStatus { waitlisted, enrolled, withdrawn, removed, failed, completed };

/// State of a vacancy.
enum class VacancyStatus { open, filled, closed };

/// State of a job referral (SPEC section 4, "Employment").
enum class ReferralStatus {
  referred,
  interview,
  hired,
  rejected,    ///< By the employer.
  declined,    ///< By the seeker.
  no_show,
  withdrawn,   ///< The vacancy closed.
  left_early,  ///< Hired, but the job ended within `early_leave_days`.
  retained,    ///< Hired and still in work after `retention_days`.
};

/// JSON spelling of @p value.
std::string_view to_string(DeliveryMode value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(CertificateKind value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(CourseStatus value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(Gender value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(EducationLevel value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(EmploymentStatus value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(Shift value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(PriorityGroup value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(EnrollmentStatus value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(VacancyStatus value) noexcept;
/// JSON spelling of @p value.
std::string_view to_string(ReferralStatus value) noexcept;

/// Every value of @p E in declaration order (for documentation, schema and tests).
template <class E>
std::span<const E> enum_values() noexcept;

/// @cond SPECIALISATIONS
/// Every DeliveryMode value.
template <>
std::span<const DeliveryMode> enum_values<DeliveryMode>() noexcept;
/// Every CertificateKind value.
template <>
std::span<const CertificateKind> enum_values<CertificateKind>() noexcept;
/// Every CourseStatus value.
template <>
std::span<const CourseStatus> enum_values<CourseStatus>() noexcept;
/// Every Gender value.
template <>
std::span<const Gender> enum_values<Gender>() noexcept;
/// Every EducationLevel value.
template <>
std::span<const EducationLevel> enum_values<EducationLevel>() noexcept;
/// Every EmploymentStatus value.
template <>
std::span<const EmploymentStatus> enum_values<EmploymentStatus>() noexcept;
/// Every Shift value.
template <>
std::span<const Shift> enum_values<Shift>() noexcept;
/// Every PriorityGroup value.
template <>
std::span<const PriorityGroup> enum_values<PriorityGroup>() noexcept;
/// Every EnrollmentStatus value.
template <>
std::span<const EnrollmentStatus> enum_values<EnrollmentStatus>() noexcept;
/// Every VacancyStatus value.
template <>
std::span<const VacancyStatus> enum_values<VacancyStatus>() noexcept;
/// Every ReferralStatus value.
template <>
std::span<const ReferralStatus> enum_values<ReferralStatus>() noexcept;
/// @endcond

/// Reads the JSON spelling of an @p E; `std::nullopt` for any other text (matching is exact).
template <class E>
std::optional<E> parse_enum(std::string_view text) noexcept {
  for (E value : enum_values<E>()) {
    if (to_string(value) == text) return value;
  }
  return std::nullopt;
}

}  // namespace vocfab
