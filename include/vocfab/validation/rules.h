/// @file
/// The rules of SPEC section 4 as small predicates, each in one place.
///
/// Whole-dataset validation and the lifecycle operations both call these, so a rule never exists
/// in two versions. Each check returns the violation (its issue code and a message) or nothing.
/// Messages name records by id and never disclose a national id.
/// Pure functions; thread-safe.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vocfab {

/// A broken rule: what (code) and why (message); the caller knows where (path).
struct RuleViolation {
  IssueCode code;       ///< Which rule.
  std::string message;  ///< Why, for a person.
};

// --- Counting days (SPEC section 4, "How days and limits are counted") -------------------------
// Each period is decided from the difference of two days, never by forming `from + n`, which
// may lie beyond 9999-12-31 (where Boost's addition throws). A day that must be shown is formed
// with add_days() (vocfab/model/date.h), which saturates.

/// Whole days from @p from to @p to (negative when @p to comes first).
std::int64_t days_between(const Date& from, const Date& to) noexcept;
/// "Within N days of D": the period of @p days days from @p from covers @p day, i.e.
/// `from ≤ day < from + days`. Empty when @p days is 0.
bool within_days(const Date& from, std::int64_t days, const Date& day) noexcept;
/// `left_early`: the hire ended before `hired + early_leave_days` (`ended < hired + early_leave_days`).
bool ended_early(const Policy& policy, const Date& hired, const Date& ended) noexcept;
/// The hire ended before `hired + retention_days`, so it cannot be `retained`.
bool ended_before_retention(const Policy& policy, const Date& hired, const Date& ended) noexcept;

/// The course's own minimum group, or the policy's.
std::uint32_t effective_min_group(const Policy& policy, const Course& course) noexcept;
/// The course's own minimum age, or the policy's.
std::uint32_t effective_min_age(const Policy& policy, const Course& course) noexcept;
/// Hours of absence allowed in @p course: `total_hours × max_absence_ratio` (exact, rounded down).
std::uint32_t allowed_absence_hours(const Policy& policy, const Course& course) noexcept;

/// Residency: the person lives where the policy requires (province, and district if set;
/// districts compare as Turkish text). No residency rule means everyone is eligible.
std::optional<RuleViolation> check_residency(const Policy& policy, const Trainee& trainee);
/// Age at @p on is at least @p min_age.
std::optional<RuleViolation> check_min_age(const Trainee& trainee, std::uint32_t min_age, const Date& on);
/// Under `guardian_consent_under` at @p on, a guardian must have consented.
std::optional<RuleViolation> check_guardian_consent(const Policy& policy, const Trainee& trainee, const Date& on);
/// The person consented to data processing (needed for any enrollment or referral).
std::optional<RuleViolation> check_data_processing_consent(const Trainee& trainee);
/// The person consented to sharing their profile with employers (needed for a referral).
std::optional<RuleViolation> check_employer_sharing_consent(const Trainee& trainee);
/// Eligibility for a place in @p course: residency, data consent, minimum age and guardian
/// consent at the course's start. Returns every violation, in that order.
std::vector<RuleViolation> check_course_eligibility(const Policy& policy, const Trainee& trainee, const Course& course);
/// Absence within `max_absence_ratio` of the course's hours.
std::optional<RuleViolation> check_absence(const Policy& policy, const Course& course, std::uint32_t absent_hours);
/// True when @p score reaches the policy's pass mark.
bool passes(const Policy& policy, std::uint32_t score) noexcept;
/// True when the two courses' date ranges share a day.
bool courses_overlap(const Course& a, const Course& b) noexcept;

/// True for enrollment states that hold a seat (enrolled, completed, failed, removed).
bool holds_seat(EnrollmentStatus status) noexcept;
/// True when @p enrollment (of @p course) counts towards the minimum group, which is judged at
/// the course's start: it holds a seat, or it was withdrawn on or after `start` or on a day not
/// recorded (a dataset without withdrawal dates has the benefit of the doubt).
bool counts_at_start(const Course& course, const Enrollment& enrollment) noexcept;
/// True when @p counted_at_start (enrollments for which counts_at_start() holds) reaches the
/// course's minimum group.
bool met_minimum_group(const Policy& policy, const Course& course, std::size_t counted_at_start) noexcept;

/// True for referral states still awaiting an outcome (referred, interview).
bool is_open(ReferralStatus status) noexcept;
/// True for referral states that mean a hire happened (hired, left_early, retained).
bool is_hire(ReferralStatus status) noexcept;
/// True for outcomes that count towards the decline limit (declined, no_show).
bool counts_as_decline(ReferralStatus status) noexcept;

/// The last day of a referral pause in force on @p on, given the person's other referrals.
/// Declines and no-shows count on their `decided` date (else `referred`), and only those on or
/// before @p on. When the k-th of them (k = `decline_limit`) falls within `decline_window_days`
/// of the first of those k (d_k < d_1 + window), no referral may be made on the days
/// d_k ≤ t < d_k + `pause_days`: the last paused day is d_k + pause_days − 1 (9999-12-31 when
/// that lies beyond the calendar). `std::nullopt` when no pause is in force on @p on.
std::optional<Date> pause_in_force(const Policy& policy, std::span<const Referral* const> referrals, const Date& on);

}  // namespace vocfab
