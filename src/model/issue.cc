#include "vocfab/model/issue.h"

#include <array>

namespace vocfab {
namespace {

struct CodeInfo {
  IssueCode code;
  std::string_view name;
  std::string_view meaning;
};

// In numeric order; `all_issue_codes` and the lookups rely on it.
constexpr std::array kCodes{
    CodeInfo{IssueCode::parse_error, "parse_error", "The document is not well-formed JSON or cannot be read."},
    CodeInfo{IssueCode::schema_version_unsupported, "schema_version_unsupported",
             "The document's schema_version is missing or not one this build reads."},
    CodeInfo{IssueCode::missing_field, "missing_field", "A required field is absent or null."},
    CodeInfo{IssueCode::invalid_value, "invalid_value",
             "A field has the wrong type, an unknown enumeration spelling, or a value out of range."},
    CodeInfo{IssueCode::duplicate_id, "duplicate_id", "Two records of one kind share an id (or a branch code)."},
    CodeInfo{IssueCode::unknown_reference, "unknown_reference", "A reference names no record of the expected kind."},
    CodeInfo{IssueCode::invalid_national_id, "invalid_national_id",
             "A T.C. Kimlik No is not 11 digits with a non-zero first digit and correct check digits."},
    CodeInfo{IssueCode::duplicate_national_id, "duplicate_national_id", "Two trainees share a national id."},
    CodeInfo{IssueCode::invalid_tax_number, "invalid_tax_number", "A VKN is not 10 digits with a correct check digit."},
    CodeInfo{IssueCode::invalid_phone, "invalid_phone", "A phone number is not a Turkish number in a common written form."},
    CodeInfo{IssueCode::invalid_date, "invalid_date", "A date is not a real calendar day written YYYY-MM-DD."},
    CodeInfo{IssueCode::invalid_date_range, "invalid_date_range", "Dates are out of order, such as an end before its start."},
    CodeInfo{IssueCode::capacity_exceeded, "capacity_exceeded",
             "More people than places: enrolled above a course's capacity, or hires above a vacancy's positions."},
    CodeInfo{IssueCode::not_eligible_residency, "not_eligible_residency",
             "The person does not reside in the programme's area."},
    CodeInfo{IssueCode::not_eligible_age, "not_eligible_age", "The person is younger than the required age."},
    CodeInfo{IssueCode::guardian_consent_required, "guardian_consent_required", "A minor lacks a guardian's consent."},
    CodeInfo{IssueCode::consent_required, "consent_required", "A consent the operation needs has not been given."},
    CodeInfo{IssueCode::schedule_conflict, "schedule_conflict", "Two courses of one person overlap in time."},
    CodeInfo{IssueCode::max_enrollments_exceeded, "max_enrollments_exceeded",
             "The person has more active enrollments than the policy allows."},
    CodeInfo{IssueCode::branch_already_completed, "branch_already_completed",
             "The person has already completed a course of this branch."},
    CodeInfo{IssueCode::absence_limit_exceeded, "absence_limit_exceeded",
             "Absence is above the policy's share of the course hours."},
    CodeInfo{IssueCode::certificate_not_allowed, "certificate_not_allowed",
             "The enrollment does not earn this certificate."},
    CodeInfo{IssueCode::invalid_transition, "invalid_transition", "A state change outside the lifecycle."},
    CodeInfo{IssueCode::vacancy_not_open, "vacancy_not_open", "The vacancy does not take referrals (closed or filled)."},
    CodeInfo{IssueCode::duplicate_referral, "duplicate_referral", "The person is already referred to this vacancy."},
    CodeInfo{IssueCode::referral_paused, "referral_paused",
             "The person's referrals are paused after repeated declines or no-shows."},
    CodeInfo{IssueCode::max_referrals_exceeded, "max_referrals_exceeded",
             "The person has more open referrals than the policy allows."},
    CodeInfo{IssueCode::protected_attribute_criterion, "protected_attribute_criterion",
             "A vacancy tries to select people by a protected attribute (gender, marital status, religion, ethnicity)."},
    CodeInfo{IssueCode::io_error, "io_error", "A file cannot be opened, read or written; the message gives the reason."},
    CodeInfo{IssueCode::duplicate_enrollment, "duplicate_enrollment",
             "The person already holds a place or a waiting place in this course."},
    CodeInfo{IssueCode::course_not_open, "course_not_open",
             "The course does not take applications or enrollments in its current state."},
    CodeInfo{IssueCode::not_job_seeking, "not_job_seeking", "The person is not looking for work, or is employed."},
    CodeInfo{IssueCode::certificate_required, "certificate_required",
             "The vacancy requires a non-revoked certificate in its branch that the person does not hold."},
    CodeInfo{IssueCode::record_erased, "record_erased",
             "The person was erased; no operation other than reports may use the record."},
    CodeInfo{IssueCode::unknown_operation, "unknown_operation", "An operation names no known op."},
    CodeInfo{IssueCode::idempotency_conflict, "idempotency_conflict",
             "An idempotency key is already recorded for an operation with different content."},
    CodeInfo{IssueCode::infeasible, "infeasible",
             "A matching or assignment problem has no solution of the kind asked for (no full assignment exists)."},
};

constexpr std::array<IssueCode, kCodes.size()> make_code_list() {
  std::array<IssueCode, kCodes.size()> codes{};
  for (std::size_t i = 0; i < kCodes.size(); ++i) codes[i] = kCodes[i].code;
  return codes;
}
constexpr auto kCodeList = make_code_list();

const CodeInfo* info(IssueCode code) noexcept {
  auto index = static_cast<std::size_t>(code) - 1;
  return index < kCodes.size() ? &kCodes[index] : nullptr;
}

}  // namespace

std::string_view to_string(IssueCode code) noexcept {
  const CodeInfo* found = info(code);
  return found ? found->name : std::string_view("unknown");
}

std::string_view describe(IssueCode code) noexcept {
  const CodeInfo* found = info(code);
  return found ? found->meaning : std::string_view("Unknown issue code.");
}

std::optional<IssueCode> parse_issue_code(std::string_view name) noexcept {
  for (const auto& entry : kCodes) {
    if (entry.name == name) return entry.code;
  }
  return std::nullopt;
}

std::span<const IssueCode> all_issue_codes() noexcept { return kCodeList; }

std::string join_path(std::string_view base, std::string_view field) {
  std::string path;
  path.reserve(base.size() + field.size() + 1);
  path.append(base);
  if (!base.empty()) path.push_back('.');
  path.append(field);
  return path;
}

std::string index_path(std::string_view base, std::size_t index) {
  std::string path(base);
  path.push_back('[');
  path.append(std::to_string(index));
  path.push_back(']');
  return path;
}

}  // namespace vocfab
