// JSON spellings of the domain enumerations. These strings are the interchange contract
// (SPEC section 2): add new ones, never rename.
#include "vocfab/model/enums.h"

#include <array>

namespace vocfab {

std::string_view to_string(DeliveryMode value) noexcept {
  switch (value) {
    case DeliveryMode::in_person: return "in_person";
    case DeliveryMode::online: return "online";
    case DeliveryMode::hybrid: return "hybrid";
  }
  return {};  // Only reachable through a cast of an out-of-range integer.
}

std::string_view to_string(CertificateKind value) noexcept {
  switch (value) {
    case CertificateKind::meb: return "meb";
    case CertificateKind::participation: return "participation";
  }
  return {};
}

std::string_view to_string(CourseStatus value) noexcept {
  switch (value) {
    case CourseStatus::planned: return "planned";
    case CourseStatus::open: return "open";
    case CourseStatus::running: return "running";
    case CourseStatus::completed: return "completed";
    case CourseStatus::cancelled: return "cancelled";
  }
  return {};
}

std::string_view to_string(Gender value) noexcept {
  switch (value) {
    case Gender::female: return "female";
    case Gender::male: return "male";
    case Gender::other: return "other";
    case Gender::undisclosed: return "undisclosed";
  }
  return {};
}

std::string_view to_string(EducationLevel value) noexcept {
  switch (value) {
    case EducationLevel::none: return "none";
    case EducationLevel::primary: return "primary";
    case EducationLevel::lower_secondary: return "lower_secondary";
    case EducationLevel::upper_secondary: return "upper_secondary";
    case EducationLevel::vocational_secondary: return "vocational_secondary";
    case EducationLevel::associate: return "associate";
    case EducationLevel::bachelor: return "bachelor";
    case EducationLevel::postgraduate: return "postgraduate";
  }
  return {};
}

std::string_view to_string(EmploymentStatus value) noexcept {
  switch (value) {
    case EmploymentStatus::unemployed: return "unemployed";
    case EmploymentStatus::employed: return "employed";
    case EmploymentStatus::student: return "student";
    case EmploymentStatus::retired: return "retired";
  }
  return {};
}

std::string_view to_string(Shift value) noexcept {
  switch (value) {
    case Shift::day: return "day";
    case Shift::evening: return "evening";
    case Shift::night: return "night";
    case Shift::rotating: return "rotating";
    case Shift::any: return "any";
  }
  return {};
}

std::string_view to_string(PriorityGroup value) noexcept {
  switch (value) {
    case PriorityGroup::centre_district: return "centre_district";
    case PriorityGroup::unemployed: return "unemployed";
    case PriorityGroup::disability: return "disability";
  }
  return {};
}

std::string_view to_string(EnrollmentStatus value) noexcept {
  switch (value) {
    case EnrollmentStatus::waitlisted: return "waitlisted";
    case EnrollmentStatus::enrolled: return "enrolled";
    case EnrollmentStatus::withdrawn: return "withdrawn";
    case EnrollmentStatus::removed: return "removed";
    case EnrollmentStatus::failed: return "failed";
    case EnrollmentStatus::completed: return "completed";
  }
  return {};
}

std::string_view to_string(VacancyStatus value) noexcept {
  switch (value) {
    case VacancyStatus::open: return "open";
    case VacancyStatus::filled: return "filled";
    case VacancyStatus::closed: return "closed";
  }
  return {};
}

std::string_view to_string(ReferralStatus value) noexcept {
  switch (value) {
    case ReferralStatus::referred: return "referred";
    case ReferralStatus::interview: return "interview";
    case ReferralStatus::hired: return "hired";
    case ReferralStatus::rejected: return "rejected";
    case ReferralStatus::declined: return "declined";
    case ReferralStatus::no_show: return "no_show";
    case ReferralStatus::withdrawn: return "withdrawn";
    case ReferralStatus::left_early: return "left_early";
    case ReferralStatus::retained: return "retained";
  }
  return {};
}

// The arrays list values in declaration order; enums_test checks that each is complete by
// comparing its size with the last enumerator and round-tripping every spelling.
template <>
std::span<const DeliveryMode> enum_values<DeliveryMode>() noexcept {
  static constexpr std::array kValues{DeliveryMode::in_person, DeliveryMode::online,
                                      DeliveryMode::hybrid};
  return kValues;
}

template <>
std::span<const CertificateKind> enum_values<CertificateKind>() noexcept {
  static constexpr std::array kValues{CertificateKind::meb, CertificateKind::participation};
  return kValues;
}

template <>
std::span<const CourseStatus> enum_values<CourseStatus>() noexcept {
  static constexpr std::array kValues{CourseStatus::planned, CourseStatus::open,
                                      CourseStatus::running, CourseStatus::completed,
                                      CourseStatus::cancelled};
  return kValues;
}

template <>
std::span<const Gender> enum_values<Gender>() noexcept {
  static constexpr std::array kValues{Gender::female, Gender::male, Gender::other,
                                      Gender::undisclosed};
  return kValues;
}

template <>
std::span<const EducationLevel> enum_values<EducationLevel>() noexcept {
  static constexpr std::array kValues{
      EducationLevel::none,           EducationLevel::primary,
      EducationLevel::lower_secondary, EducationLevel::upper_secondary,
      EducationLevel::vocational_secondary, EducationLevel::associate,
      EducationLevel::bachelor,       EducationLevel::postgraduate};
  return kValues;
}

template <>
std::span<const EmploymentStatus> enum_values<EmploymentStatus>() noexcept {
  static constexpr std::array kValues{EmploymentStatus::unemployed, EmploymentStatus::employed,
                                      EmploymentStatus::student, EmploymentStatus::retired};
  return kValues;
}

template <>
std::span<const Shift> enum_values<Shift>() noexcept {
  static constexpr std::array kValues{Shift::day, Shift::evening, Shift::night, Shift::rotating,
                                      Shift::any};
  return kValues;
}

template <>
std::span<const PriorityGroup> enum_values<PriorityGroup>() noexcept {
  static constexpr std::array kValues{PriorityGroup::centre_district, PriorityGroup::unemployed,
                                      PriorityGroup::disability};
  return kValues;
}

template <>
std::span<const EnrollmentStatus> enum_values<EnrollmentStatus>() noexcept {
  static constexpr std::array kValues{EnrollmentStatus::waitlisted, EnrollmentStatus::enrolled,
                                      EnrollmentStatus::withdrawn,  EnrollmentStatus::removed,
                                      EnrollmentStatus::failed,     EnrollmentStatus::completed};
  return kValues;
}

template <>
std::span<const VacancyStatus> enum_values<VacancyStatus>() noexcept {
  static constexpr std::array kValues{VacancyStatus::open, VacancyStatus::filled,
                                      VacancyStatus::closed};
  return kValues;
}

template <>
std::span<const ReferralStatus> enum_values<ReferralStatus>() noexcept {
  static constexpr std::array kValues{
      ReferralStatus::referred, ReferralStatus::interview, ReferralStatus::hired,
      ReferralStatus::rejected, ReferralStatus::declined,  ReferralStatus::no_show,
      ReferralStatus::withdrawn, ReferralStatus::left_early, ReferralStatus::retained};
  return kValues;
}

}  // namespace vocfab
