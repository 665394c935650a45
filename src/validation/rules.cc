#include "vocfab/validation/rules.h"

#include "vocfab/model/masking.h"
#include "vocfab/model/turkish_text.h"

#include <boost/container/small_vector.hpp>

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

bool is_resident(const Policy& policy, const Trainee& trainee) {
  if (!policy.residency) return true;
  const Residency& required = *policy.residency;
  return trainee.province == required.province &&
         (!required.district || same_turkish_text(trainee.district, *required.district));
}

bool is_job_seeking(SeekerIndex::RecordFacts facts) noexcept { return facts.job_seeking && !facts.employed; }
bool is_job_seeking(const Trainee& trainee) noexcept { return is_job_seeking(SeekerIndex::record_facts(trainee)); }

bool may_be_referred(SeekerIndex::RecordFacts facts) noexcept {
  return !facts.erased && is_job_seeking(facts) && facts.processing_consent && facts.sharing_consent;
}

bool passes_record_filters(const Policy& policy, const Trainee& trainee) {
  return may_be_referred(SeekerIndex::record_facts(trainee)) && is_resident(policy, trainee);
}

std::optional<RuleViolation> check_residency(const Policy& policy, const Trainee& trainee) {
  if (is_resident(policy, trainee)) return std::nullopt;
  const Residency& required = *policy.residency;
  if (trainee.province != required.province) {
    return RuleViolation{IssueCode::not_eligible_residency,
                         "trainee " + trainee.id.to_string() + " lives in province " + trainee.province.to_string() +
                             "; the programme requires province " + required.province.to_string()};
  }
  if (required.district && !same_turkish_text(trainee.district, *required.district)) {
    return RuleViolation{IssueCode::not_eligible_residency, "trainee " + trainee.id.to_string() + " lives in " +
                                                                quote_value(trainee.district) +
                                                                "; the programme requires " +
                                                                quote_value(*required.district)};
  }
  return std::nullopt;
}

namespace {

// The person's birthday as calendar fields, or nothing once erased: an erased person's age is no
// longer known to the day, and their records were checked when made, so the age rules pass.
std::optional<CivilDay> birthday_of(const Trainee& trainee) {
  if (!trainee.identity) return std::nullopt;
  return civil_day(trainee.identity->birth_date);
}

// Whether a person born on @p birthday is at least @p years old on @p on, given @p aged_from,
// the first day they are (`first_day_aged`): one comparison. A special @p on goes to age_on,
// as it always did.
bool aged_at_least(const CivilDay& birthday, std::int64_t aged_from, std::uint32_t years, const Date& on) {
  if (on.is_special()) return age_on(birthday, civil_day(on)) >= static_cast<int>(years);
  return std::int64_t{on.day_number()} >= aged_from;
}

// check_min_age, from the birthday (`birthday_of`) and the first day of @p min_age.
std::optional<RuleViolation> min_age_at(const Trainee& trainee, const std::optional<CivilDay>& birthday,
                                        std::int64_t aged_from, std::uint32_t min_age, const Date& on) {
  if (!birthday || aged_at_least(*birthday, aged_from, min_age, on)) return std::nullopt;
  const int age = age_on(*birthday, civil_day(on));
  return RuleViolation{IssueCode::not_eligible_age, "trainee " + trainee.id.to_string() + " is " +
                                                        std::to_string(age) + " on " + to_iso_string(on) +
                                                        "; the minimum age is " + std::to_string(min_age)};
}

// check_guardian_consent, from the birthday and the first day of `guardian_consent_under`.
std::optional<RuleViolation> guardian_consent_at(const Policy& policy, const Trainee& trainee,
                                                 const std::optional<CivilDay>& birthday, std::int64_t aged_from,
                                                 const Date& on) {
  if (trainee.guardian_consent || !birthday || aged_at_least(*birthday, aged_from, policy.guardian_consent_under, on)) {
    return std::nullopt;
  }
  const int age = age_on(*birthday, civil_day(on));
  return RuleViolation{IssueCode::guardian_consent_required,
                       "trainee " + trainee.id.to_string() + " is " + std::to_string(age) + " on " +
                           to_iso_string(on) + " and has no guardian consent"};
}

}  // namespace

std::optional<RuleViolation> check_min_age(const Trainee& trainee, std::uint32_t min_age, const Date& on) {
  if (!trainee.identity) return std::nullopt;
  const auto birthday = birthday_of(trainee);
  return min_age_at(trainee, birthday, first_day_aged(*birthday, min_age), min_age, on);
}

std::optional<RuleViolation> check_guardian_consent(const Policy& policy, const Trainee& trainee, const Date& on) {
  if (trainee.guardian_consent || !trainee.identity) return std::nullopt;
  const auto birthday = birthday_of(trainee);
  return guardian_consent_at(policy, trainee, birthday, first_day_aged(*birthday, policy.guardian_consent_under), on);
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

CourseEligibility::CourseEligibility(const Policy& policy, const Trainee& trainee)
    : policy_(&policy),
      trainee_(&trainee),
      residency_(check_residency(policy, trainee)),
      consent_(check_data_processing_consent(trainee)),
      birthday_(birthday_of(trainee)) {
  if (birthday_) {
    aged_min_ = first_day_aged(*birthday_, policy.min_age);
    aged_guardian_ = first_day_aged(*birthday_, policy.guardian_consent_under);
  }
}

template <class Sink>
void CourseEligibility::each(const Course& course, Sink&& sink) const {
  if (residency_ && !sink(RuleViolation(*residency_))) return;
  if (consent_ && !sink(RuleViolation(*consent_))) return;
  if (!birthday_) return;  // neither age rule applies to an erased person
  const std::uint32_t min_age = effective_min_age(*policy_, course);
  const std::int64_t aged = min_age == policy_->min_age ? aged_min_ : first_day_aged(*birthday_, min_age);
  if (auto v = min_age_at(*trainee_, birthday_, aged, min_age, course.start)) {
    if (!sink(std::move(*v))) return;
  }
  if (auto v = guardian_consent_at(*policy_, *trainee_, birthday_, aged_guardian_, course.start)) sink(std::move(*v));
}

std::vector<RuleViolation> CourseEligibility::check(const Course& course) const {
  std::vector<RuleViolation> violations;
  each(course, [&](RuleViolation&& violation) {
    violations.push_back(std::move(violation));
    return true;
  });
  return violations;
}

std::optional<RuleViolation> CourseEligibility::first(const Course& course) const {
  std::optional<RuleViolation> first;
  each(course, [&](RuleViolation&& violation) {
    first = std::move(violation);
    return false;
  });
  return first;
}

std::vector<RuleViolation> check_course_eligibility(const Policy& policy, const Trainee& trainee, const Course& course) {
  return CourseEligibility(policy, trainee).check(course);
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
  // Judged for every referral and decision: a person's declines fit on the stack.
  boost::container::small_vector<Date, 8> declines;
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

// ---------------------------------------------------------------------------------------------
// Rules over a person's records

namespace {

// Calls `visit(row, record)` for each of the person's records along `ForeignKey` that
// `considered` includes, in record order, until `visit` returns true; returns whether it did.
template <auto ForeignKey, class Visit>
bool any_of_persons(const Dataset& dataset, Row<Trainee> person,
                    Considered<typename RelationTypes<ForeignKey>::child> considered, Visit&& visit) {
  for (const auto row : dataset.children<ForeignKey>(person)) {
    if (!considered.includes(row)) break;  // chains are in record order
    if (visit(row, dataset.at(row))) return true;
  }
  return false;
}

std::string course_text(const Course& course) { return "course " + course.id.to_string(); }

// `limit_exceeded` when the person's considered records along `ForeignKey` for which `counts`
// holds already reach `limit`, so one more would pass it.
template <auto ForeignKey, class Counts>
std::optional<RuleViolation> one_more_than(const Dataset& dataset, Row<Trainee> person,
                                           Considered<typename RelationTypes<ForeignKey>::child> considered,
                                           std::uint32_t limit, Counts&& counts, IssueCode limit_exceeded,
                                           std::string_view what) {
  std::uint32_t counted = 0;
  any_of_persons<ForeignKey>(dataset, person, considered, [&](auto, const auto& record) {
    if (counts(record)) ++counted;
    return false;
  });
  if (counted < limit) return std::nullopt;
  return RuleViolation{limit_exceeded,
                       "trainee " + dataset.at(person).id.to_string() + " would have more than " +
                           std::to_string(limit) + " " + std::string(what),
                       "status"};
}

}  // namespace

std::optional<RuleViolation> check_active_enrollments(const Dataset& dataset, Row<Trainee> person,
                                                      Considered<Enrollment> considered) {
  return one_more_than<&Enrollment::trainee>(
      dataset, person, considered, dataset.policy().max_active_enrollments,
      [](const Enrollment& e) { return e.status == EnrollmentStatus::enrolled; }, IssueCode::max_enrollments_exceeded,
      "active enrollment(s)");
}

std::optional<RuleViolation> check_schedule(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                            Considered<Enrollment> considered) {
  std::optional<RuleViolation> violation;
  any_of_persons<&Enrollment::trainee>(dataset, person, considered, [&](auto row, const Enrollment& enrollment) {
    if (!holds_seat(enrollment.status)) return false;
    const auto other = dataset.parent<&Enrollment::course>(row);
    if (!other || dataset.at(*other).id == course.id) return false;  // the same course is a duplicate, not a conflict
    const Course& other_course = dataset.at(*other);
    if (!courses_overlap(course, other_course)) return false;
    violation = RuleViolation{IssueCode::schedule_conflict,
                              course_text(course) + " overlaps " + course_text(other_course) + " of the same trainee",
                              "course"};
    return true;
  });
  return violation;
}

std::optional<RuleViolation> check_branch_not_completed(const Dataset& dataset, Row<Trainee> person,
                                                        const BranchCode& branch, Considered<Enrollment> considered) {
  const bool completed =
      any_of_persons<&Enrollment::trainee>(dataset, person, considered, [&](auto row, const Enrollment& enrollment) {
        if (enrollment.status != EnrollmentStatus::completed) return false;
        const auto course = dataset.parent<&Enrollment::course>(row);
        return course && dataset.at(*course).branch == branch;
      });
  if (!completed) return std::nullopt;
  return RuleViolation{IssueCode::branch_already_completed,
                       "trainee " + dataset.at(person).id.to_string() + " already completed branch " +
                           quote_value(branch.str()),
                       "course"};
}

std::optional<RuleViolation> check_not_in_course(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                                 Considered<Enrollment> considered) {
  const bool enrolled =
      any_of_persons<&Enrollment::trainee>(dataset, person, considered, [&](auto, const Enrollment& enrollment) {
        return enrollment.course == course.id && enrollment.status != EnrollmentStatus::withdrawn;
      });
  if (!enrolled) return std::nullopt;
  return RuleViolation{IssueCode::duplicate_enrollment,
                       "trainee " + dataset.at(person).id.to_string() + " already has a place in " + course_text(course),
                       "course"};
}

std::optional<RuleViolation> check_not_referred(const Dataset& dataset, Row<Trainee> person, const Vacancy& vacancy,
                                                Considered<Referral> considered) {
  const bool referred = any_of_persons<&Referral::trainee>(
      dataset, person, considered, [&](auto, const Referral& referral) { return referral.vacancy == vacancy.id; });
  if (!referred) return std::nullopt;
  return RuleViolation{IssueCode::duplicate_referral,
                       "trainee " + dataset.at(person).id.to_string() + " is already referred to vacancy " +
                           vacancy.id.to_string(),
                       "vacancy"};
}

std::optional<RuleViolation> check_open_referrals(const Dataset& dataset, Row<Trainee> person,
                                                  Considered<Referral> considered) {
  return one_more_than<&Referral::trainee>(
      dataset, person, considered, dataset.policy().max_active_referrals,
      [](const Referral& r) { return is_open(r.status); }, IssueCode::max_referrals_exceeded, "open referrals");
}

std::optional<RuleViolation> check_not_paused(const Dataset& dataset, Row<Trainee> person, const Date& day,
                                              std::optional<Row<Referral>> except) {
  // The person's referrals are few (on the stack: every `refer` asks); the rule looks at each of
  // their outcomes.
  boost::container::small_vector<const Referral*, 16> others;
  for (const auto row : dataset.children<&Referral::trainee>(person)) {
    if (except && row == *except) continue;
    others.push_back(&dataset.at(row));
  }
  const auto until = pause_in_force(dataset.policy(), std::span<const Referral* const>(others.data(), others.size()), day);
  if (!until) return std::nullopt;
  return RuleViolation{IssueCode::referral_paused,
                       "trainee " + dataset.at(person).id.to_string() + "'s referrals are paused until " +
                           to_iso_string(*until),
                       "referred"};
}

std::optional<CertificateKind> certificate_in_force(const Dataset& dataset, Row<Trainee> person,
                                                    const BranchCode& branch, const Date& day) {
  std::optional<CertificateKind> best;
  any_of_persons<&Enrollment::trainee>(dataset, person, Considered<Enrollment>::all(), [&](auto row, const Enrollment&) {
    const auto course = dataset.parent<&Enrollment::course>(row);
    if (!course || dataset.at(*course).branch != branch) return false;
    for (const auto certificate_row : dataset.children<&Certificate::enrollment>(row)) {
      const Certificate& certificate = dataset.at(certificate_row);
      const bool in_force = certificate.issued <= day && (!certificate.revoked || day < certificate.revoked->date);
      if (in_force && (!best || certificate.kind == CertificateKind::meb)) best = certificate.kind;
    }
    return best == CertificateKind::meb;  // nothing beats it
  });
  return best;
}

std::optional<RuleViolation> check_certificate_held(const Dataset& dataset, Row<Trainee> person,
                                                    const Vacancy& vacancy, const Date& day) {
  if (!vacancy.requires_certificate || !vacancy.branch) return std::nullopt;
  if (certificate_in_force(dataset, person, *vacancy.branch, day)) return std::nullopt;
  return RuleViolation{IssueCode::certificate_required,
                       "vacancy " + vacancy.id.to_string() + " requires a certificate in branch " +
                           quote_value(vacancy.branch->str()) + ", which trainee " + dataset.at(person).id.to_string() +
                           " did not hold on " + to_iso_string(day),
                       "trainee"};
}

std::optional<RuleViolation> check_job_seeking(const Trainee& trainee) {
  if (is_job_seeking(trainee)) return std::nullopt;
  return RuleViolation{IssueCode::not_job_seeking,
                       "trainee " + trainee.id.to_string() +
                           (trainee.job_seeking ? " is employed" : " is not looking for work"),
                       "trainee"};
}

std::optional<RuleViolation> check_not_erased(const Trainee& trainee) {
  if (!trainee.erased) return std::nullopt;
  return RuleViolation{IssueCode::record_erased,
                       "trainee " + trainee.id.to_string() + " was erased on " + to_iso_string(*trainee.erased),
                       "trainee"};
}

std::vector<ReferralFilterFailure> check_referral_filters(const Dataset& dataset, Row<Trainee> person,
                                                          const Vacancy& vacancy, const Date& day) {
  const Trainee& trainee = dataset.at(person);
  std::vector<ReferralFilterFailure> failures;
  const auto add = [&](std::string_view argument, std::optional<RuleViolation> violation) {
    if (violation) failures.push_back({argument, std::move(*violation)});
  };
  add("trainee", check_not_erased(trainee));
  if (!failures.empty()) return failures;
  const Policy& policy = dataset.policy();
  add("trainee", check_job_seeking(trainee));
  add("trainee", check_data_processing_consent(trainee));
  add("trainee", check_employer_sharing_consent(trainee));
  add("trainee", check_residency(policy, trainee));
  if (vacancy.min_age) add("trainee", check_min_age(trainee, *vacancy.min_age, day));
  add("trainee", check_certificate_held(dataset, person, vacancy, day));
  add("vacancy", check_not_referred(dataset, person, vacancy, Considered<Referral>::all()));
  add("trainee", check_open_referrals(dataset, person, Considered<Referral>::all()));
  add("trainee", check_not_paused(dataset, person, day));
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Rules of one record

std::optional<RuleViolation> check_not_before(const Date& earlier, const Date& later, std::string_view later_field,
                                              std::string_view earlier_field) {
  if (!(later < earlier)) return std::nullopt;
  return RuleViolation{IssueCode::invalid_date_range,
                       std::string(later_field) + " " + to_iso_string(later) + " is before " + std::string(earlier_field) +
                           " " + to_iso_string(earlier),
                       std::string(later_field)};
}

namespace {

void add(std::vector<RuleViolation>& out, std::optional<RuleViolation> violation) {
  if (violation) out.push_back(std::move(*violation));
}

}  // namespace

std::vector<RuleViolation> check_course_setup(const Policy& policy, const Course& course, const Branch* branch,
                                              const Centre* centre) {
  std::vector<RuleViolation> out;
  if (branch && centre && std::find(centre->branches.begin(), centre->branches.end(), course.branch) == centre->branches.end()) {
    out.push_back({IssueCode::invalid_value,
                   "centre " + quote_value(centre->code) + " does not host branch " + quote_value(course.branch.str()),
                   "branch"});
  }
  if (branch && course.certificate == CertificateKind::meb && branch->certificate != CertificateKind::meb) {
    out.push_back({IssueCode::certificate_not_allowed,
                   "branch " + quote_value(course.branch.str()) +
                       " leads to participation documents only, not a meb certificate",
                   "certificate"});
  }
  add(out, check_not_before(course.start, course.end, "end", "start"));
  const std::uint32_t min_group = effective_min_group(policy, course);
  if (course.capacity < min_group) {
    out.push_back({IssueCode::invalid_value,
                   "capacity " + std::to_string(course.capacity) + " is below the minimum group of " +
                       std::to_string(min_group),
                   "capacity"});
  }
  return out;
}

std::vector<RuleViolation> check_enrollment_outcome(const Policy& policy, const Course& course,
                                                    const Enrollment& enrollment) {
  std::vector<RuleViolation> out;
  if (enrollment.absent_hours > course.total_hours) {
    out.push_back({IssueCode::invalid_value,
                   std::to_string(enrollment.absent_hours) + " hours absent exceed the course's " +
                       std::to_string(course.total_hours) + " hours",
                   "absent_hours"});
  }
  if (enrollment.status == EnrollmentStatus::completed) {
    if (auto violation = check_absence(policy, course, enrollment.absent_hours)) {
      violation->field = "absent_hours";
      out.push_back(std::move(*violation));
    }
    if (course.certificate == CertificateKind::meb && (!enrollment.score || !passes(policy, *enrollment.score))) {
      out.push_back({IssueCode::invalid_value,
                     "a completed enrollment in a meb course needs a score of at least " +
                         std::to_string(policy.pass_mark),
                     "score"});
    }
  }
  if (enrollment.status == EnrollmentStatus::failed && enrollment.score && passes(policy, *enrollment.score)) {
    out.push_back({IssueCode::invalid_value, "a failed enrollment has a passing score of " + std::to_string(*enrollment.score),
                   "score"});
  }
  return out;
}

std::vector<RuleViolation> check_enrollment_dates(const Enrollment& enrollment) {
  std::vector<RuleViolation> out;
  if (enrollment.enrolled && enrollment.ended) add(out, check_not_before(*enrollment.enrolled, *enrollment.ended, "ended", "enrolled"));
  const bool active = enrollment.status == EnrollmentStatus::enrolled || enrollment.status == EnrollmentStatus::waitlisted;
  if (active && enrollment.ended) {
    out.push_back({IssueCode::invalid_value, "an " + std::string(to_string(enrollment.status)) + " enrollment has not ended",
                   "ended"});
  }
  return out;
}

std::vector<RuleViolation> check_certificate_eligibility(const Enrollment& enrollment, const Course& course,
                                                         CertificateKind kind) {
  std::vector<RuleViolation> out;
  if (enrollment.status != EnrollmentStatus::completed) {
    out.push_back({IssueCode::certificate_not_allowed,
                   "enrollment " + enrollment.id.to_string() + " is " + std::string(to_string(enrollment.status)) +
                       ", not completed",
                   "enrollment"});
  }
  if (course.status != CourseStatus::completed) {
    out.push_back({IssueCode::certificate_not_allowed,
                   course_text(course) + " is " + std::string(to_string(course.status)) + ", not completed",
                   "enrollment"});
  }
  if (kind != course.certificate) {
    out.push_back({IssueCode::certificate_not_allowed,
                   course_text(course) + " issues " + std::string(to_string(course.certificate)) + " documents, not " +
                       std::string(to_string(kind)),
                   "kind"});
  }
  return out;
}

std::optional<RuleViolation> check_referral_window(const Vacancy& vacancy, const Date& day) {
  if (vacancy.opened <= day && day <= vacancy.closes) return std::nullopt;
  return RuleViolation{IssueCode::vacancy_not_open,
                       "vacancy " + vacancy.id.to_string() + " takes referrals from " + to_iso_string(vacancy.opened) +
                           " to " + to_iso_string(vacancy.closes),
                       "referred"};
}

std::optional<RuleViolation> check_vacancy_takes_referrals(const Vacancy& vacancy, const Date& day) {
  if (vacancy.status != VacancyStatus::open) {
    return RuleViolation{IssueCode::vacancy_not_open,
                         "vacancy " + vacancy.id.to_string() + " is " + std::string(to_string(vacancy.status)),
                         "vacancy"};
  }
  return check_referral_window(vacancy, day);
}

std::optional<RuleViolation> check_positions(const Vacancy& vacancy, std::size_t hires) {
  if (hires < vacancy.positions) return std::nullopt;
  return RuleViolation{IssueCode::capacity_exceeded,
                       "vacancy " + vacancy.id.to_string() + " has " + std::to_string(vacancy.positions) +
                           " position(s) and more hires",
                       "status"};
}

std::vector<RuleViolation> check_referral_outcome(const Policy& policy, const Referral& referral) {
  std::vector<RuleViolation> out;
  if (referral.decided) add(out, check_not_before(referral.referred, *referral.decided, "decided", "referred"));
  if (referral.hired) add(out, check_not_before(referral.referred, *referral.hired, "hired", "referred"));
  if (referral.hired && referral.ended) add(out, check_not_before(*referral.hired, *referral.ended, "ended", "hired"));
  const bool decided_outcome = referral.status == ReferralStatus::rejected || referral.status == ReferralStatus::declined ||
                               referral.status == ReferralStatus::no_show || referral.status == ReferralStatus::withdrawn;
  if (decided_outcome && !referral.decided) {
    out.push_back({IssueCode::missing_field,
                   "a " + std::string(to_string(referral.status)) + " referral needs its decided date", "decided"});
  }
  if (is_hire(referral.status) && !referral.hired) {
    out.push_back({IssueCode::missing_field, "a " + std::string(to_string(referral.status)) + " referral needs its hired date",
                   "hired"});
  }
  // `left_early` iff the hire ended before hired + early_leave_days; `retained` only if it did not
  // end before hired + retention_days; an ended hire in between stays `hired`. An `ended` before
  // `hired` is a date-order issue above, not one of these.
  if (!is_hire(referral.status) || !referral.hired) return out;
  const Date& hired = *referral.hired;
  if (referral.status == ReferralStatus::left_early && !referral.ended) {
    out.push_back({IssueCode::missing_field, "a left_early referral needs its ended date", "ended"});
  }
  if (!referral.ended || *referral.ended < hired) return out;
  const Date& ended = *referral.ended;
  const std::string lasted = std::to_string(days_between(hired, ended));
  if (referral.status == ReferralStatus::left_early && !ended_early(policy, hired, ended)) {
    out.push_back({IssueCode::invalid_value,
                   "the job ended after " + lasted + " days; left_early means ending within " +
                       std::to_string(policy.early_leave_days) + " days of being hired",
                   "status"});
  }
  if (referral.status == ReferralStatus::hired && ended_early(policy, hired, ended)) {
    out.push_back({IssueCode::invalid_value,
                   "the job ended after " + lasted + " days, within " + std::to_string(policy.early_leave_days) +
                       " days of being hired: that is left_early, not hired",
                   "status"});
  }
  if (referral.status == ReferralStatus::retained && ended_before_retention(policy, hired, ended)) {
    out.push_back({IssueCode::invalid_value,
                   "the job ended after " + lasted + " days; retained means not ending within " +
                       std::to_string(policy.retention_days) + " days of being hired",
                   "status"});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lifecycles: every move SPEC section 4's operations make, and no other.

bool can_move(EnrollmentStatus from, EnrollmentStatus to) noexcept {
  using S = EnrollmentStatus;
  switch (from) {
    case S::waitlisted: return to == S::enrolled || to == S::withdrawn;  // promotion; withdraw
    case S::enrolled:  // withdraw; absence limit; complete_course
      return to == S::withdrawn || to == S::removed || to == S::completed || to == S::failed;
    case S::withdrawn:
    case S::removed:
    case S::failed:
    case S::completed: return false;
  }
  return false;
}

bool can_move(CourseStatus from, CourseStatus to) noexcept {
  using S = CourseStatus;
  switch (from) {
    case S::planned: return to == S::open || to == S::cancelled;
    case S::open: return to == S::running || to == S::cancelled;
    case S::running: return to == S::completed || to == S::cancelled;
    case S::completed:
    case S::cancelled: return false;
  }
  return false;
}

bool can_move(VacancyStatus from, VacancyStatus to) noexcept {
  // close_vacancy or advance close an open vacancy; its last hire fills it.
  return from == VacancyStatus::open && (to == VacancyStatus::filled || to == VacancyStatus::closed);
}

bool can_move(ReferralStatus from, ReferralStatus to) noexcept {
  using S = ReferralStatus;
  switch (from) {
    case S::referred:
      if (to == S::interview) return true;
      [[fallthrough]];
    case S::interview:  // the outcomes of an open referral
      return to == S::hired || to == S::rejected || to == S::declined || to == S::no_show || to == S::withdrawn;
    case S::hired: return to == S::left_early || to == S::retained;  // end_employment; advance
    case S::rejected:
    case S::declined:
    case S::no_show:
    case S::withdrawn:
    case S::left_early:
    case S::retained: return false;
  }
  return false;
}

}  // namespace vocfab
