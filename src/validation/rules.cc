#include "vocfab/validation/rules.h"

#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <vector>

namespace vocfab {

std::int64_t days_between(const Date& from, const Date& to) noexcept { return (to - from).days(); }

bool within_days(const Date& from, std::int64_t days, const Date& day) noexcept {
  const std::int64_t offset = days_between(from, day);
  return offset >= 0 && offset < days;
}

bool ended_early(const Policy& policy, const Date& hired, const Date& ended) noexcept {
  return days_between(hired, ended) < std::int64_t{policy.early_leave_days};
}

bool ended_before_retention(const Policy& policy, const Date& hired, const Date& ended) noexcept {
  return days_between(hired, ended) < std::int64_t{policy.retention_days};
}

std::uint32_t effective_min_group(const Policy& policy, const Course& course) noexcept {
  return course.min_group.value_or(policy.min_group);
}

std::uint32_t effective_min_age(const Policy& policy, const Course& course) noexcept {
  return course.min_age.value_or(policy.min_age);
}

std::uint32_t allowed_absence_hours(const Policy& policy, const Course& course) noexcept {
  const auto& ratio = policy.max_absence_ratio;
  return static_cast<std::uint32_t>(std::uint64_t{course.total_hours} * ratio.numerator / ratio.denominator);
}

std::optional<RuleViolation> check_residency(const Policy& policy, const Trainee& trainee) {
  if (!policy.residency) return std::nullopt;
  const Residency& required = *policy.residency;
  if (trainee.province != required.province) {
    return RuleViolation{IssueCode::not_eligible_residency,
                         "trainee " + trainee.id.to_string() + " lives in province " + trainee.province.to_string() +
                             "; the programme requires province " + required.province.to_string()};
  }
  if (required.district && !same_turkish_text(trainee.district, *required.district)) {
    return RuleViolation{IssueCode::not_eligible_residency, "trainee " + trainee.id.to_string() + " lives in " +
                                                                trainee.district + "; the programme requires " +
                                                                *required.district};
  }
  return std::nullopt;
}

std::optional<RuleViolation> check_min_age(const Trainee& trainee, std::uint32_t min_age, const Date& on) {
  // An erased person's age is no longer known to the day; their records were checked when made.
  if (!trainee.identity) return std::nullopt;
  const int age = age_on(trainee.identity->birth_date, on);
  if (age >= static_cast<int>(min_age)) return std::nullopt;
  return RuleViolation{IssueCode::not_eligible_age, "trainee " + trainee.id.to_string() + " is " +
                                                        std::to_string(age) + " on " + to_iso_string(on) +
                                                        "; the minimum age is " + std::to_string(min_age)};
}

std::optional<RuleViolation> check_guardian_consent(const Policy& policy, const Trainee& trainee, const Date& on) {
  if (trainee.guardian_consent || !trainee.identity) return std::nullopt;
  const int age = age_on(trainee.identity->birth_date, on);
  if (age >= static_cast<int>(policy.guardian_consent_under)) return std::nullopt;
  return RuleViolation{IssueCode::guardian_consent_required,
                       "trainee " + trainee.id.to_string() + " is " + std::to_string(age) + " on " +
                           to_iso_string(on) + " and has no guardian consent"};
}

std::optional<RuleViolation> check_data_processing_consent(const Trainee& trainee) {
  if (trainee.consents.data_processing) return std::nullopt;
  return RuleViolation{IssueCode::consent_required,
                       "trainee " + trainee.id.to_string() + " has not consented to data processing"};
}

std::optional<RuleViolation> check_employer_sharing_consent(const Trainee& trainee) {
  if (trainee.consents.share_with_employers) return std::nullopt;
  return RuleViolation{IssueCode::consent_required,
                       "trainee " + trainee.id.to_string() + " has not consented to sharing with employers"};
}

std::vector<RuleViolation> check_course_eligibility(const Policy& policy, const Trainee& trainee, const Course& course) {
  std::vector<RuleViolation> violations;
  auto add = [&](std::optional<RuleViolation> violation) {
    if (violation) violations.push_back(std::move(*violation));
  };
  add(check_residency(policy, trainee));
  add(check_data_processing_consent(trainee));
  add(check_min_age(trainee, effective_min_age(policy, course), course.start));
  add(check_guardian_consent(policy, trainee, course.start));
  return violations;
}

std::optional<RuleViolation> check_absence(const Policy& policy, const Course& course, std::uint32_t absent_hours) {
  // Compare exactly: absent/total > n/d  <=>  absent*d > total*n.
  const auto& ratio = policy.max_absence_ratio;
  if (std::uint64_t{absent_hours} * ratio.denominator <= std::uint64_t{course.total_hours} * ratio.numerator) {
    return std::nullopt;
  }
  return RuleViolation{IssueCode::absence_limit_exceeded,
                       std::to_string(absent_hours) + " hours absent of " + std::to_string(course.total_hours) +
                           " exceeds the limit of " + std::to_string(ratio.numerator) + "/" +
                           std::to_string(ratio.denominator)};
}

bool passes(const Policy& policy, std::uint32_t score) noexcept { return score >= policy.pass_mark; }

bool courses_overlap(const Course& a, const Course& b) noexcept { return a.start <= b.end && b.start <= a.end; }

bool holds_seat(EnrollmentStatus status) noexcept {
  return status == EnrollmentStatus::enrolled || status == EnrollmentStatus::completed ||
         status == EnrollmentStatus::failed || status == EnrollmentStatus::removed;
}

bool counts_at_start(const Course& course, const Enrollment& enrollment) noexcept {
  if (holds_seat(enrollment.status)) return true;
  return enrollment.status == EnrollmentStatus::withdrawn && (!enrollment.ended || course.start <= *enrollment.ended);
}

bool met_minimum_group(const Policy& policy, const Course& course, std::size_t counted_at_start) noexcept {
  return counted_at_start >= effective_min_group(policy, course);
}

bool is_open(ReferralStatus status) noexcept {
  return status == ReferralStatus::referred || status == ReferralStatus::interview;
}

bool is_hire(ReferralStatus status) noexcept {
  return status == ReferralStatus::hired || status == ReferralStatus::left_early || status == ReferralStatus::retained;
}

bool counts_as_decline(ReferralStatus status) noexcept {
  return status == ReferralStatus::declined || status == ReferralStatus::no_show;
}

std::optional<Date> pause_in_force(const Policy& policy, std::span<const Referral* const> referrals, const Date& on) {
  if (policy.decline_limit == 0 || policy.pause_days == 0) return std::nullopt;
  std::vector<Date> declines;
  for (const Referral* referral : referrals) {
    if (!counts_as_decline(referral->status)) continue;
    const Date when = referral->decided.value_or(referral->referred);
    if (when <= on) declines.push_back(when);
  }
  if (declines.size() < policy.decline_limit) return std::nullopt;
  std::sort(declines.begin(), declines.end());
  std::optional<Date> last_day;
  // Each decline that is the limit-th within the window starts a pause; the declines are in date
  // order, so the last pause found in force ends last.
  for (std::size_t i = policy.decline_limit - 1; i < declines.size(); ++i) {
    const Date& first = declines[i + 1 - policy.decline_limit];
    const Date& reached = declines[i];
    if (within_days(first, policy.decline_window_days, reached) && within_days(reached, policy.pause_days, on)) {
      last_day = add_days(reached, std::int64_t{policy.pause_days} - 1);
    }
  }
  return last_day;
}

}  // namespace vocfab
