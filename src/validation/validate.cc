// Whole-dataset validation. Each check walks one collection in order and reports with the path of
// the record in the source document; the rules themselves live in rules.cc.
#include "vocfab/validation/validate.h"

#include "vocfab/validation/rules.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace vocfab {
namespace {

class Validator {
 public:
  Validator(const Dataset& dataset, const LoadDiagnostics& diagnostics)
      : data_(dataset), policy_(dataset.policy()), diagnostics_(diagnostics) {}

  std::vector<Issue> run() {
    check_centres();
    check_branches();
    check_courses();
    check_trainees();
    check_applications();
    check_enrollments();
    check_certificates();
    check_employers();
    check_vacancies();
    check_referrals();
    return std::move(issues_);
  }

 private:
  // --- reporting -------------------------------------------------------------------------------

  std::string path(std::string_view collection, std::size_t index, std::string_view field = {}) const {
    if (auto it = diagnostics_.document_index.find(std::string(collection));
        it != diagnostics_.document_index.end() && index < it->second.size()) {
      index = it->second[index];
    }
    std::string p = index_path(collection, index);
    return field.empty() ? p : join_path(p, field);
  }

  void report(IssueCode code, std::string_view collection, std::size_t index, std::string_view field,
              std::string message) {
    issues_.push_back(Issue{code, path(collection, index, field), std::move(message)});
  }

  void report(const RuleViolation& violation, std::string_view collection, std::size_t index, std::string_view field) {
    report(violation.code, collection, index, field, violation.message);
  }

  // Reports a reference to nothing, unless the record it names was left out by the reader
  // (that record already has its own issue).
  template <class Key>
  bool known(const Key& key, const std::string& text, std::string_view collection, std::size_t index,
             std::string_view field, std::string_view kind) {
    if (data_.find(key) != nullptr) return true;
    if (!diagnostics_.rejected_keys.contains(text)) {
      report(IssueCode::unknown_reference, collection, index, field, "no " + std::string(kind) + " " + text);
    }
    return false;
  }

  template <class Record, class Key>
  void check_unique(std::span<const Record> records, std::string_view collection, std::string_view field,
                    Key (*key)(const Record&), std::string (*text)(const Record&)) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (data_.find(key(records[i])) != &records[i]) {
        report(IssueCode::duplicate_id, collection, i, field, std::string(field) + " " + text(records[i]) +
                                                                  " is used by an earlier record");
      }
    }
  }

  void check_date_order(const Date& earlier, const Date& later, std::string_view collection, std::size_t index,
                        std::string_view later_field, std::string_view earlier_field) {
    if (later < earlier) {
      report(IssueCode::invalid_date_range, collection, index, later_field,
             std::string(later_field) + " " + to_iso_string(later) + " is before " + std::string(earlier_field) +
                 " " + to_iso_string(earlier));
    }
  }

  // --- collections -----------------------------------------------------------------------------

  void check_centres() {
    const auto centres = data_.centres();
    check_unique<Centre, CentreId>(centres, "centres", "id", [](const Centre& c) { return c.id; },
                                   [](const Centre& c) { return c.id.to_string(); });
    std::unordered_set<std::string> codes;
    for (std::size_t i = 0; i < centres.size(); ++i) {
      const Centre& centre = centres[i];
      if (!codes.insert(centre.code).second) {
        report(IssueCode::duplicate_id, "centres", i, "code", "centre code " + centre.code + " is used by an earlier centre");
      }
      for (std::size_t b = 0; b < centre.branches.size(); ++b) {
        known(centre.branches[b], centre.branches[b].str(), "centres", i, index_path("branches", b), "branch");
      }
    }
  }

  void check_branches() {
    check_unique<Branch, BranchCode>(data_.branches(), "branches", "code", [](const Branch& b) { return b.code; },
                                     [](const Branch& b) { return b.code.str(); });
  }

  void check_courses() {
    const auto courses = data_.courses();
    check_unique<Course, CourseId>(courses, "courses", "id", [](const Course& c) { return c.id; },
                                   [](const Course& c) { return c.id.to_string(); });
    std::unordered_map<CourseId, std::size_t> seats_taken;
    for (const Enrollment& enrollment : data_.enrollments()) {
      if (holds_seat(enrollment.status)) ++seats_taken[enrollment.course];
    }
    for (std::size_t i = 0; i < courses.size(); ++i) {
      const Course& course = courses[i];
      const bool branch_known = known(course.branch, course.branch.str(), "courses", i, "branch", "branch");
      const bool centre_known = known(course.centre, course.centre.to_string(), "courses", i, "centre", "centre");
      if (branch_known && centre_known) {
        const Centre& centre = *data_.find(course.centre);
        if (std::find(centre.branches.begin(), centre.branches.end(), course.branch) == centre.branches.end()) {
          report(IssueCode::invalid_value, "courses", i, "branch",
                 "centre " + centre.code + " does not host branch " + course.branch.str());
        }
      }
      if (branch_known && course.certificate == CertificateKind::meb &&
          data_.find(course.branch)->certificate != CertificateKind::meb) {
        report(IssueCode::certificate_not_allowed, "courses", i, "certificate",
               "branch " + course.branch.str() + " leads to participation documents only, not a meb certificate");
      }
      check_date_order(course.start, course.end, "courses", i, "end", "start");
      const std::uint32_t min_group = effective_min_group(policy_, course);
      if (course.capacity < min_group) {
        report(IssueCode::invalid_value, "courses", i, "capacity",
               "capacity " + std::to_string(course.capacity) + " is below the minimum group of " +
                   std::to_string(min_group));
      }
      const std::size_t taken = seats_taken.contains(course.id) ? seats_taken[course.id] : 0;
      if (taken > course.capacity) {
        report(IssueCode::capacity_exceeded, "courses", i, "capacity",
               std::to_string(taken) + " people hold a seat in a course of capacity " + std::to_string(course.capacity));
      }
      const bool opened = course.status == CourseStatus::running || course.status == CourseStatus::completed;
      if (opened && taken < min_group) {
        report(IssueCode::invalid_value, "courses", i, "status",
               "a " + std::string(to_string(course.status)) + " course needs at least " + std::to_string(min_group) +
                   " enrolled; it has " + std::to_string(taken));
      }
      if (course.status == CourseStatus::cancelled && taken > 0) {
        report(IssueCode::invalid_value, "courses", i, "status",
               "a cancelled course has " + std::to_string(taken) + " people holding a seat");
      }
    }
  }

  void check_trainees() {
    const auto trainees = data_.trainees();
    check_unique<Trainee, TraineeId>(trainees, "trainees", "id", [](const Trainee& t) { return t.id; },
                                     [](const Trainee& t) { return t.id.to_string(); });
    for (std::size_t i = 0; i < trainees.size(); ++i) {
      const Trainee& trainee = trainees[i];
      if (data_.find(trainee.national_id) != &trainee) {
        report(IssueCode::duplicate_national_id, "trainees", i, "national_id",
               "national id " + trainee.national_id.masked() + " is already registered to another trainee");
      }
      check_date_order(trainee.birth_date, trainee.registered, "trainees", i, "registered", "birth_date");
    }
  }

  void check_applications() {
    const auto applications = data_.applications();
    check_unique<Application, ApplicationId>(applications, "applications", "id",
                                             [](const Application& a) { return a.id; },
                                             [](const Application& a) { return a.id.to_string(); });
    for (std::size_t i = 0; i < applications.size(); ++i) {
      const Application& application = applications[i];
      known(application.trainee, application.trainee.to_string(), "applications", i, "trainee", "trainee");
      if (application.courses.empty()) {
        report(IssueCode::invalid_value, "applications", i, "courses", "an application ranks at least one course");
      }
      std::unordered_set<CourseId> seen;
      for (std::size_t c = 0; c < application.courses.size(); ++c) {
        const CourseId& course = application.courses[c];
        const std::string field = index_path("courses", c);
        known(course, course.to_string(), "applications", i, field, "course");
        if (!seen.insert(course).second) {
          report(IssueCode::invalid_value, "applications", i, field, "course " + course.to_string() + " is ranked twice");
        }
      }
    }
  }

  void check_enrollments() {
    const auto enrollments = data_.enrollments();
    check_unique<Enrollment, EnrollmentId>(enrollments, "enrollments", "id",
                                           [](const Enrollment& e) { return e.id; },
                                           [](const Enrollment& e) { return e.id.to_string(); });
    // Per person, the enrollments seen so far that hold a seat, to find conflicts with later ones.
    std::unordered_map<TraineeId, std::vector<std::size_t>> seat_holders;
    std::unordered_map<TraineeId, std::size_t> active;
    for (std::size_t i = 0; i < enrollments.size(); ++i) {
      const Enrollment& enrollment = enrollments[i];
      const bool trainee_known =
          known(enrollment.trainee, enrollment.trainee.to_string(), "enrollments", i, "trainee", "trainee");
      const bool course_known =
          known(enrollment.course, enrollment.course.to_string(), "enrollments", i, "course", "course");
      if (!trainee_known || !course_known) continue;
      const Trainee& trainee = *data_.find(enrollment.trainee);
      const Course& course = *data_.find(enrollment.course);

      if (enrollment.status != EnrollmentStatus::withdrawn) {
        for (const auto& violation : check_course_eligibility(policy_, trainee, course)) {
          report(violation, "enrollments", i, "trainee");
        }
      }
      if (enrollment.status == EnrollmentStatus::enrolled &&
          ++active[enrollment.trainee] > policy_.max_active_enrollments) {
        report(IssueCode::max_enrollments_exceeded, "enrollments", i, "status",
               "trainee " + trainee.id.to_string() + " has more than " +
                   std::to_string(policy_.max_active_enrollments) + " active enrollment(s)");
      }
      if (holds_seat(enrollment.status)) {
        auto& earlier = seat_holders[enrollment.trainee];
        for (std::size_t other_index : earlier) {
          const Enrollment& other = enrollments[other_index];
          const Course& other_course = *data_.find(other.course);
          if (courses_overlap(course, other_course)) {
            report(IssueCode::schedule_conflict, "enrollments", i, "course",
                   "course " + course.id.to_string() + " overlaps course " + other_course.id.to_string() +
                       " of the same trainee");
          }
          if (enrollment.status == EnrollmentStatus::completed && other.status == EnrollmentStatus::completed &&
              other_course.branch == course.branch) {
            report(IssueCode::branch_already_completed, "enrollments", i, "course",
                   "trainee " + trainee.id.to_string() + " already completed branch " + course.branch.str());
          }
        }
        earlier.push_back(i);
      }
      check_outcome(enrollment, course, i);
    }
  }

  void check_outcome(const Enrollment& enrollment, const Course& course, std::size_t i) {
    if (enrollment.absent_hours > course.total_hours) {
      report(IssueCode::invalid_value, "enrollments", i, "absent_hours",
             std::to_string(enrollment.absent_hours) + " hours absent exceed the course's " +
                 std::to_string(course.total_hours) + " hours");
    }
    if (enrollment.status == EnrollmentStatus::completed) {
      if (auto violation = check_absence(policy_, course, enrollment.absent_hours)) {
        report(*violation, "enrollments", i, "absent_hours");
      }
      if (course.certificate == CertificateKind::meb && (!enrollment.score || !passes(policy_, *enrollment.score))) {
        report(IssueCode::invalid_value, "enrollments", i, "score",
               "a completed enrollment in a meb course needs a score of at least " + std::to_string(policy_.pass_mark));
      }
    }
    if (enrollment.status == EnrollmentStatus::failed && enrollment.score && passes(policy_, *enrollment.score)) {
      report(IssueCode::invalid_value, "enrollments", i, "score",
             "a failed enrollment has a passing score of " + std::to_string(*enrollment.score));
    }
  }

  void check_certificates() {
    const auto certificates = data_.certificates();
    check_unique<Certificate, CertificateId>(certificates, "certificates", "id",
                                             [](const Certificate& c) { return c.id; },
                                             [](const Certificate& c) { return c.id.to_string(); });
    std::unordered_set<EnrollmentId> certified;
    for (std::size_t i = 0; i < certificates.size(); ++i) {
      const Certificate& certificate = certificates[i];
      if (certificate.revoked) {
        check_date_order(certificate.issued, certificate.revoked->date, "certificates", i, "revoked.date", "issued");
      }
      if (!known(certificate.enrollment, certificate.enrollment.to_string(), "certificates", i, "enrollment",
                 "enrollment")) {
        continue;
      }
      if (!certified.insert(certificate.enrollment).second) {
        report(IssueCode::certificate_not_allowed, "certificates", i, "enrollment",
               "enrollment " + certificate.enrollment.to_string() + " already has a certificate");
      }
      const Enrollment& enrollment = *data_.find(certificate.enrollment);
      if (enrollment.status != EnrollmentStatus::completed) {
        report(IssueCode::certificate_not_allowed, "certificates", i, "enrollment",
               "enrollment " + enrollment.id.to_string() + " is " + std::string(to_string(enrollment.status)) +
                   ", not completed");
      }
      const Course* course = data_.find(enrollment.course);
      if (course == nullptr) continue;
      if (course->status != CourseStatus::completed) {
        report(IssueCode::certificate_not_allowed, "certificates", i, "enrollment",
               "course " + course->id.to_string() + " is " + std::string(to_string(course->status)) +
                   ", not completed");
      }
      if (certificate.kind != course->certificate) {
        report(IssueCode::certificate_not_allowed, "certificates", i, "kind",
               "course " + course->id.to_string() + " issues " + std::string(to_string(course->certificate)) +
                   " documents, not " + std::string(to_string(certificate.kind)));
      }
      check_date_order(course->end, certificate.issued, "certificates", i, "issued", "the course end");
    }
  }

  void check_employers() {
    check_unique<Employer, EmployerId>(data_.employers(), "employers", "id", [](const Employer& e) { return e.id; },
                                       [](const Employer& e) { return e.id.to_string(); });
  }

  void check_vacancies() {
    const auto vacancies = data_.vacancies();
    check_unique<Vacancy, VacancyId>(vacancies, "vacancies", "id", [](const Vacancy& v) { return v.id; },
                                     [](const Vacancy& v) { return v.id.to_string(); });
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
      const Vacancy& vacancy = vacancies[i];
      known(vacancy.employer, vacancy.employer.to_string(), "vacancies", i, "employer", "employer");
      if (vacancy.branch) known(*vacancy.branch, vacancy.branch->str(), "vacancies", i, "branch", "branch");
      check_date_order(vacancy.opened, vacancy.closes, "vacancies", i, "closes", "opened");
    }
  }

  void check_referrals() {
    const auto referrals = data_.referrals();
    check_unique<Referral, ReferralId>(referrals, "referrals", "id", [](const Referral& r) { return r.id; },
                                       [](const Referral& r) { return r.id.to_string(); });
    std::unordered_map<TraineeId, std::vector<const Referral*>> by_trainee;
    for (const Referral& referral : referrals) by_trainee[referral.trainee].push_back(&referral);
    std::unordered_map<VacancyId, std::size_t> hires;
    std::unordered_map<TraineeId, std::size_t> open;
    std::map<std::pair<TraineeId, VacancyId>, bool> seen;

    for (std::size_t i = 0; i < referrals.size(); ++i) {
      const Referral& referral = referrals[i];
      check_referral_dates(referral, i);
      const bool trainee_known = known(referral.trainee, referral.trainee.to_string(), "referrals", i, "trainee", "trainee");
      const bool vacancy_known = known(referral.vacancy, referral.vacancy.to_string(), "referrals", i, "vacancy", "vacancy");
      if (!seen.emplace(std::pair{referral.trainee, referral.vacancy}, true).second) {
        report(IssueCode::duplicate_referral, "referrals", i, "vacancy",
               "trainee " + referral.trainee.to_string() + " is already referred to vacancy " +
                   referral.vacancy.to_string());
      }
      if (is_open(referral.status) && ++open[referral.trainee] > policy_.max_active_referrals) {
        report(IssueCode::max_referrals_exceeded, "referrals", i, "status",
               "trainee " + referral.trainee.to_string() + " has more than " +
                   std::to_string(policy_.max_active_referrals) + " open referrals");
      }
      if (!trainee_known || !vacancy_known) continue;
      const Trainee& trainee = *data_.find(referral.trainee);
      const Vacancy& vacancy = *data_.find(referral.vacancy);
      if (auto violation = check_residency(policy_, trainee)) report(*violation, "referrals", i, "trainee");
      if (auto violation = check_employer_sharing_consent(trainee)) report(*violation, "referrals", i, "trainee");
      if (vacancy.min_age) {
        if (auto violation = check_min_age(trainee, *vacancy.min_age, referral.referred)) {
          report(*violation, "referrals", i, "trainee");
        }
      }
      if (referral.referred < vacancy.opened || vacancy.closes < referral.referred) {
        report(IssueCode::vacancy_not_open, "referrals", i, "referred",
               "vacancy " + vacancy.id.to_string() + " takes referrals from " + to_iso_string(vacancy.opened) +
                   " to " + to_iso_string(vacancy.closes));
      }
      if (is_hire(referral.status) && ++hires[referral.vacancy] > vacancy.positions) {
        report(IssueCode::capacity_exceeded, "referrals", i, "status",
               "vacancy " + vacancy.id.to_string() + " has " + std::to_string(vacancy.positions) +
                   " position(s) and more hires");
      }
      // Referrals made while an earlier run of declines had paused the person.
      const auto& history = by_trainee[referral.trainee];
      std::vector<const Referral*> before;
      for (const Referral* other : history) {
        if (other != &referral && other->decided.value_or(other->referred) < referral.referred) before.push_back(other);
      }
      if (auto until = pause_in_force(policy_, before, referral.referred)) {
        report(IssueCode::referral_paused, "referrals", i, "referred",
               "trainee " + referral.trainee.to_string() + "'s referrals are paused until " + to_iso_string(*until));
      }
    }
  }

  void check_referral_dates(const Referral& referral, std::size_t i) {
    if (referral.decided) check_date_order(referral.referred, *referral.decided, "referrals", i, "decided", "referred");
    if (referral.hired) check_date_order(referral.referred, *referral.hired, "referrals", i, "hired", "referred");
    if (referral.hired && referral.ended) check_date_order(*referral.hired, *referral.ended, "referrals", i, "ended", "hired");
    const bool decided_outcome = referral.status == ReferralStatus::rejected ||
                                 referral.status == ReferralStatus::declined ||
                                 referral.status == ReferralStatus::no_show ||
                                 referral.status == ReferralStatus::withdrawn;
    if (decided_outcome && !referral.decided) {
      report(IssueCode::missing_field, "referrals", i, "decided",
             "a " + std::string(to_string(referral.status)) + " referral needs its decided date");
    }
    if (is_hire(referral.status) && !referral.hired) {
      report(IssueCode::missing_field, "referrals", i, "hired",
             "a " + std::string(to_string(referral.status)) + " referral needs its hired date");
    }
    const boost::gregorian::date_duration early(policy_.early_leave_days);
    const boost::gregorian::date_duration retention(policy_.retention_days);
    if (referral.status == ReferralStatus::left_early && referral.hired) {
      if (!referral.ended) {
        report(IssueCode::missing_field, "referrals", i, "ended", "a left_early referral needs its ended date");
      } else if (*referral.ended - *referral.hired >= early) {
        report(IssueCode::invalid_value, "referrals", i, "status",
               "the job lasted " + std::to_string((*referral.ended - *referral.hired).days()) +
                   " days; left_early means ending within " + std::to_string(policy_.early_leave_days));
      }
    }
    if (referral.status == ReferralStatus::retained && referral.hired && referral.ended &&
        *referral.ended - *referral.hired < retention) {
      report(IssueCode::invalid_value, "referrals", i, "status",
             "the job ended after " + std::to_string((*referral.ended - *referral.hired).days()) +
                 " days; retained means at least " + std::to_string(policy_.retention_days));
    }
  }

  const Dataset& data_;
  const Policy& policy_;
  const LoadDiagnostics& diagnostics_;
  std::vector<Issue> issues_;
};

}  // namespace

std::vector<Issue> validate(const Dataset& dataset, const LoadDiagnostics& diagnostics) {
  return Validator(dataset, diagnostics).run();
}

}  // namespace vocfab
