/// @file
/// Issues: what is wrong with a dataset, a document or an operation, and where.
///
/// The issue vocabulary is the bottom layer every other one shares: the model reports broken
/// record invariants with it, io reports unreadable documents and records, the rules and the
/// validator report broken rules, and the C ABI and the bindings pass issues on unchanged.
///
/// Each issue has a stable code (SPEC section 8), a JSON path into the interchange document
/// (`trainees[3].national_id`) and a human-readable message that never discloses a full national
/// id. Codes are never renumbered or renamed; new ones are only appended.
/// Plain value types; thread-safe functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {

/// The stable issue codes. The numeric values are part of the C ABI: never change one.
enum class IssueCode : int {
  parse_error = 1,                    ///< The document is not well-formed JSON.
  schema_version_unsupported = 2,     ///< `schema_version` is missing or not one this build reads.
  missing_field = 3,                  ///< A required field is absent (or null).
  invalid_value = 4,                  ///< A field has the wrong type, an unknown enum spelling or is out of range.
  duplicate_id = 5,                   ///< Two records of one kind share an id (or branch code).
  unknown_reference = 6,              ///< A reference names no record of the expected kind.
  invalid_national_id = 7,            ///< A T.C. Kimlik No fails its format or checksum.
  duplicate_national_id = 8,          ///< Two trainees share a national id.
  invalid_tax_number = 9,             ///< A VKN fails its format or checksum.
  invalid_phone = 10,                 ///< A phone number is not a Turkish number in a common form.
  invalid_date = 11,                  ///< A date is not a real ISO `YYYY-MM-DD` day.
  invalid_date_range = 12,            ///< Dates are out of order (an end before its start).
  capacity_exceeded = 13,             ///< More enrolled than a course's capacity, or hires than positions.
  not_eligible_residency = 14,        ///< The person does not reside in the programme's area.
  not_eligible_age = 15,              ///< The person is younger than the required age.
  guardian_consent_required = 16,     ///< A minor lacks a guardian's consent.
  consent_required = 17,              ///< A required consent is missing.
  schedule_conflict = 18,             ///< Two active courses of one person overlap in time.
  max_enrollments_exceeded = 19,      ///< More active enrollments than `max_active_enrollments`.
  branch_already_completed = 20,      ///< The person already completed this branch.
  absence_limit_exceeded = 21,        ///< Absence above `max_absence_ratio` of the course hours.
  certificate_not_allowed = 22,       ///< The enrollment does not earn this certificate.
  invalid_transition = 23,            ///< A state change outside the lifecycle.
  vacancy_not_open = 24,              ///< The vacancy no longer takes referrals.
  duplicate_referral = 25,            ///< The person is already referred to this vacancy.
  referral_paused = 26,               ///< The person's referrals are paused after declines.
  max_referrals_exceeded = 27,        ///< More open referrals than `max_active_referrals`.
  protected_attribute_criterion = 28, ///< A vacancy tries to select by a protected attribute.
  io_error = 29,                      ///< A file cannot be read or written (the reason is given).
  duplicate_enrollment = 30,          ///< The person already holds a place in this course.
  course_not_open = 31,               ///< The course does not take applications or enrollments now.
  not_job_seeking = 32,               ///< The person is not looking for work (or is employed).
  certificate_required = 33,          ///< The vacancy needs a certificate in its branch the person lacks.
  record_erased = 34,                 ///< The person was erased; only reports may use the record.
  unknown_operation = 35,             ///< An operation names no known `op`.
  idempotency_conflict = 36,          ///< An idempotency key was used before for different content.
  infeasible = 37,                    ///< A matching or assignment problem has no solution of the kind asked for.
};

/// The snake_case name of @p code (e.g. `invalid_national_id`).
std::string_view to_string(IssueCode code) noexcept;
/// The code named @p name; `std::nullopt` if none.
std::optional<IssueCode> parse_issue_code(std::string_view name) noexcept;
/// Every code, in numeric order.
std::span<const IssueCode> all_issue_codes() noexcept;
/// One-sentence documented meaning of @p code.
std::string_view describe(IssueCode code) noexcept;

/// One problem found in a dataset or an operation.
struct Issue {
  IssueCode code;       ///< What kind of problem.
  std::string path;     ///< Where: a JSON path such as `trainees[3].national_id` (may be empty).
  std::string message;  ///< What, for a person; national ids appear masked.

  /// Field-wise equality.
  friend bool operator==(const Issue&, const Issue&) = default;
};

/// Appends `.field` to a JSON path.
std::string join_path(std::string_view base, std::string_view field);
/// Appends `[index]` to a JSON path.
std::string index_path(std::string_view base, std::size_t index);

}  // namespace vocfab
