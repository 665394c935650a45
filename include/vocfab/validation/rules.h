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

/// A broken rule: what (code), why (message), and which field of the record being checked it
/// concerns when the rule knows (the caller knows the record's path).
struct RuleViolation {
  IssueCode code;       ///< Which rule.
  std::string message;  ///< Why, for a person; values quoted with `quote_value`.
  std::string field{};  ///< The field it concerns, relative to the record (may be empty).
};

/// Which of a person's (or a course's, a vacancy's) records a rule looks at: all of them — an
/// operation, about to add or change one — or only those before a row — the validator, which
/// reports a conflict between two records once, at the later one.
template <class E>
struct Considered {
  std::uint32_t before = UINT32_MAX;  ///< Rows from here on are not looked at.
  /// Every record.
  static constexpr Considered all() noexcept { return {}; }
  /// The records before @p row.
  static constexpr Considered earlier_than(Row<E> row) noexcept { return {row.index}; }
  /// True when @p row is looked at.
  constexpr bool includes(Row<E> row) const noexcept { return row.index < before; }
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
/// (`CourseEligibility(policy, trainee).check(course)`.)
std::vector<RuleViolation> check_course_eligibility(const Policy& policy, const Trainee& trainee, const Course& course);

/// `check_course_eligibility` of one person, for judging many courses (course allocation): what
/// does not depend on the course — residency, data consent, the first days of the policy's
/// minimum age and of `guardian_consent_under` — is worked out once, when it is made (so the
/// policy must not change while it is used). It is the rule itself, not a copy: `check_course_eligibility`
/// makes one and calls `check`. Holds references to @p policy and @p trainee, which must outlive it.
class CourseEligibility {
 public:
  /// Judges what does not depend on the course.
  CourseEligibility(const Policy& policy, const Trainee& trainee);
  /// Every violation for @p course, in the order of `check_course_eligibility`.
  std::vector<RuleViolation> check(const Course& course) const;
  /// The first of them, or nothing (the rest are not worked out).
  std::optional<RuleViolation> first(const Course& course) const;

 private:
  template <class Sink>
  void each(const Course& course, Sink&& sink) const;

  const Policy* policy_;
  const Trainee* trainee_;
  std::optional<RuleViolation> residency_, consent_;
  std::optional<CivilDay> birthday_;  // none once erased
  // The first days (`first_day_aged`) of the policy's minimum age and of `guardian_consent_under`.
  std::int64_t aged_min_ = 0, aged_guardian_ = 0;
};
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

// --- Rules over a person's records (their enrollments and referrals, from the dataset's
// relations). `person` is the row of the trainee; `considered` says which of their records count.

/// One more place `enrolled` than `max_active_enrollments` allows (`max_enrollments_exceeded`).
std::optional<RuleViolation> check_active_enrollments(const Dataset& dataset, Row<Trainee> person,
                                                      Considered<Enrollment> considered);
/// A seat the person holds in a course that shares a day with @p course (`schedule_conflict`).
std::optional<RuleViolation> check_schedule(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                            Considered<Enrollment> considered);
/// The person already completed a course of @p branch (`branch_already_completed`).
std::optional<RuleViolation> check_branch_not_completed(const Dataset& dataset, Row<Trainee> person,
                                                        const BranchCode& branch, Considered<Enrollment> considered);
/// The person already holds a place or a waiting place in @p course (`duplicate_enrollment`).
std::optional<RuleViolation> check_not_in_course(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                                 Considered<Enrollment> considered);
/// The person was referred to @p vacancy before (`duplicate_referral`).
std::optional<RuleViolation> check_not_referred(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy,
                                                Considered<Referral> considered);
/// One more open referral than `max_active_referrals` allows (`max_referrals_exceeded`).
std::optional<RuleViolation> check_open_referrals(const Dataset& dataset, Row<Trainee> person,
                                                  Considered<Referral> considered);
/// The person's referrals are paused on @p day (`referral_paused`); @p except is a referral of
/// theirs not to count (the one being checked), if any.
std::optional<RuleViolation> check_not_paused(const Dataset& dataset, Row<Trainee> person, const Date& day,
                                              std::optional<Row<Referral>> except = std::nullopt);
/// When @p vacancy requires a certificate: the person held, on @p day, a certificate of its
/// branch issued by then and not revoked by then (`certificate_required`).
std::optional<RuleViolation> check_certificate_held(const Dataset& dataset, Row<Trainee> person,
                                                    const Vacancy& vacancy, const Date& day);
/// The person is looking for work: `job_seeking` and not `employed` (`not_job_seeking`).
std::optional<RuleViolation> check_job_seeking(const Trainee& trainee);
/// The person is not erased (`record_erased`): every operation but reports refuses an erased one.
std::optional<RuleViolation> check_not_erased(const Trainee& trainee);

/// A referral filter a person fails, and the `refer` argument it concerns.
struct ReferralFilterFailure {
  std::string_view argument;  ///< `trainee` or `vacancy`.
  RuleViolation violation;    ///< The rule's violation.
};
/// Every filter of `refer` (SPEC section 4) and of candidate ranking (SPEC 5.1) that @p person
/// fails for @p vacancy on @p day, in this order: not erased (an erased person fails that one
/// alone), job-seeking, consented to data processing and to sharing with employers, resident, at
/// least the vacancy's `min_age`, holding a certificate of its branch when it requires one, never
/// referred to it, below `max_active_referrals`, not paused. Empty when the person may be
/// referred. The vacancy's own state is `check_vacancy_takes_referrals`.
std::vector<ReferralFilterFailure> check_referral_filters(const Dataset& dataset, Row<Trainee> person,
                                                          const Vacancy& vacancy, const Date& day);
/// Whether @p trainee lives where the policy's residency rule asks (everyone, without a rule);
/// `check_residency` reports the same test with its reason.
bool is_resident(const Policy& policy, const Trainee& trainee);
/// Whether @p trainee is job-seeking (SPEC section 4): `job_seeking` and not `employed`.
bool is_job_seeking(const Trainee& trainee) noexcept;
/// The same for a person's record facts as the seeker index keeps them.
bool is_job_seeking(SeekerIndex::RecordFacts facts) noexcept;
/// The filters of `passes_record_filters` that need neither the policy nor the place — not
/// erased, job-seeking, both consents — over the facts the seeker index keeps, so that a ranking
/// passes over the people they refuse without reading their records.
bool may_be_referred(SeekerIndex::RecordFacts facts) noexcept;
/// The filters of `check_referral_filters` that read the person's record alone — not erased,
/// job-seeking, both consents, resident — as one test that writes no message: false exactly when
/// `check_referral_filters` reports one of them (the same predicates decide both). For a
/// ranking's inner loop.
bool passes_record_filters(const Policy& policy, const Trainee& trainee);
/// The best certificate the person held on @p day in @p branch — issued by then and not revoked
/// by then: `meb` over `participation` — or none.
std::optional<CertificateKind> certificate_in_force(const Dataset& dataset, Row<Trainee> person,
                                                    const BranchCode& branch, const Date& day);

// --- Rules of one course, enrollment, certificate, vacancy or referral

/// @p later (in @p later_field) is not before @p earlier (in @p earlier_field) (`invalid_date_range`).
std::optional<RuleViolation> check_not_before(const Date& earlier, const Date& later, std::string_view later_field,
                                              std::string_view earlier_field);
/// A course as planned: its centre hosts its branch, a `meb` course teaches a branch that leads
/// to one (`certificate_not_allowed`), it does not end before it starts, and its capacity reaches
/// its minimum group. Every violation, each with its field. A branch or centre not known (null)
/// is left out of the rules that need it.
std::vector<RuleViolation> check_course_setup(const Policy& policy, const Course& course, const Branch* branch,
                                              const Centre* centre);

/// What an enrollment's outcome says about its attendance and exam: absent hours within the
/// course's hours; a completed one attended within the limit and, in a `meb` course, passed; a
/// failed one did not pass. Every violation, each with its field.
std::vector<RuleViolation> check_enrollment_outcome(const Policy& policy, const Course& course,
                                                    const Enrollment& enrollment);
/// An enrollment's dates: `ended` not before `enrolled`; an active (waitlisted, enrolled) one has
/// not ended.
std::vector<RuleViolation> check_enrollment_dates(const Enrollment& enrollment);
/// May @p enrollment of @p course hold a certificate of @p kind: the enrollment and the course are
/// completed and the course issues that kind (`certificate_not_allowed`). Every violation.
std::vector<RuleViolation> check_certificate_eligibility(const Enrollment& enrollment, const Course& course,
                                                         CertificateKind kind);
/// @p vacancy takes referrals on @p day by its dates: `opened ≤ day ≤ closes` (`vacancy_not_open`).
std::optional<RuleViolation> check_referral_window(const Vacancy& vacancy, const Date& day);
/// @p vacancy takes a referral on @p day now: open, not filled, and in its window (`vacancy_not_open`).
std::optional<RuleViolation> check_vacancy_takes_referrals(const Vacancy& vacancy, const Date& day);
/// One more hire than @p vacancy's positions, given @p hires already made (`capacity_exceeded`).
std::optional<RuleViolation> check_positions(const Vacancy& vacancy, std::size_t hires);
/// A referral's dates and the hire's duration: decided/hired not before referred, ended not
/// before hired, outcomes carrying their dates, `left_early` iff the job ended within
/// `early_leave_days`, `retained` not ended within `retention_days`. Every violation, each with
/// its field.
std::vector<RuleViolation> check_referral_outcome(const Policy& policy, const Referral& referral);

// --- Lifecycles (SPEC section 4): which status may follow which.

/// True when an enrollment may move from @p from to @p to.
bool can_move(EnrollmentStatus from, EnrollmentStatus to) noexcept;
/// True when a course may move from @p from to @p to.
bool can_move(CourseStatus from, CourseStatus to) noexcept;
/// True when a vacancy may move from @p from to @p to.
bool can_move(VacancyStatus from, VacancyStatus to) noexcept;
/// True when a referral may move from @p from to @p to.
bool can_move(ReferralStatus from, ReferralStatus to) noexcept;
/// `invalid_transition` unless @p from may move to @p to (any of the four lifecycles).
template <class Status>
std::optional<RuleViolation> check_transition(Status from, Status to) {
  if (can_move(from, to)) return std::nullopt;
  return RuleViolation{IssueCode::invalid_transition,
                       "status " + std::string(to_string(from)) + " cannot become " + std::string(to_string(to)), "status"};
}

}  // namespace vocfab
