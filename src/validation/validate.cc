// Whole-dataset validation: a client of the rules layer. Each check walks one collection in
// record order, finds what a record refers to through the dataset's relations, asks the rule
// functions (rules.h) — the same ones the operations ask — and reports what they say at the
// record's path in the source document. No rule is written here.
//
// A rule between two records of one person (two overlapping courses, a repeated referral) is
// asked about the records before the one being checked (`Considered::earlier_than`), so that each
// conflict is reported once, at the later record.
//
// Performance (docs/performance.md): on large datasets the checks run in two groups of about
// equal cost on two threads, each check into its own issue list; the lists are joined in
// collection order, so the result is the same as a sequential run.
#include "vocfab/validation/validate.h"

#include "vocfab/model/masking.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <future>
#include <iterator>
#include <system_error>
#include <unordered_set>
#include <utility>

namespace vocfab {
namespace {

// Below this many records validation runs on the calling thread only: starting a thread costs
// more than the whole check of a small dataset.
constexpr std::size_t kParallelThreshold = 10'000;

// Text of a key for messages and for `RecordOrigins::rejected`.
template <class Tag>
std::string key_text(const Id<Tag>& id) {
  return id.to_string();
}
std::string key_text(const BranchCode& code) { return code.str(); }

class Validator {
 public:
  Validator(const Dataset& dataset, const RecordOrigins* origins)
      : data_(dataset), policy_(dataset.policy()), origins_(origins) {}

  std::vector<Issue> take_issues() { return std::move(issues_); }

 private:
  // --- reporting -------------------------------------------------------------------------------

  template <Entity E>
  std::string path(Row<E> row, std::string_view field) const {
    constexpr Collection collection = Description<E>::collection;
    const std::size_t index = origins_ != nullptr ? origins_->position_in_document(collection, row.index) : row.index;
    std::string p = index_path(to_string(collection), index);
    return field.empty() ? p : join_path(p, field);
  }

  template <Entity E>
  void report(IssueCode code, Row<E> row, std::string_view field, std::string message) {
    issues_.push_back(Issue{code, path(row, field), std::move(message)});
  }

  // A rule's violation, at the field it names (or @p field when it names none).
  template <Entity E>
  void report(const RuleViolation& violation, Row<E> row, std::string_view field = {}) {
    report(violation.code, row, violation.field.empty() ? field : std::string_view(violation.field), violation.message);
  }
  template <Entity E>
  void report(const std::optional<RuleViolation>& violation, Row<E> row, std::string_view field = {}) {
    if (violation) report(*violation, row, field);
  }
  template <Entity E>
  void report(const std::vector<RuleViolation>& violations, Row<E> row, std::string_view field = {}) {
    for (const RuleViolation& violation : violations) report(violation, row, field);
  }

  // A reference to nothing, unless the reader left the record out (it has its own issue). The
  // key's text is built only then: building it for every reference cost 2-3 % of a load.
  template <Entity E, class Key>
  void unknown(const Key& key, Row<E> row, std::string_view field) {
    const std::string text = key_text(key);
    if (origins_ == nullptr || !origins_->rejected(text)) {
      report(IssueCode::unknown_reference, row, field,
             "no " + std::string(Description<typename EntityWithKey<Key>::type>::singular) + " " + quote_value(text));
    }
  }

  // The row of the record @p key names, reporting a reference to nothing.
  template <Entity E, class Key>
  auto resolve(const Key& key, Row<E> row, std::string_view field) {
    const auto found = data_.row_of(key);
    if (!found) unknown(key, row, field);
    return found;
  }

  // Every record whose key an earlier record of its kind already has.
  template <Entity E>
  void check_keys() {
    const auto records = data_.records<E>();
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      if (data_.find(key_of(records[i])) == &records[i]) continue;
      report(IssueCode::duplicate_id, Row<E>{i}, key_field<E>(),
             std::string(key_field<E>()) + " " + quote_value(key_text(key_of(records[i]))) +
                 " is used by an earlier record");
    }
  }

  template <Entity E>
  void check_date_order(const Date& earlier, const Date& later, Row<E> row, std::string_view later_field,
                        std::string_view earlier_field) {
    report(check_not_before(earlier, later, later_field, earlier_field), row);
  }

  // --- collections ---------------------------------------------------------------------------
  // One check per collection. Each reports into this Validator's own issue list and reads
  // nothing but the const dataset and origins, so checks on different Validators may run
  // concurrently.
 public:
  void check_centres() {
    check_keys<Centre>();
    const auto centres = data_.records<Centre>();
    std::unordered_set<std::string> codes;
    for (std::uint32_t i = 0; i < centres.size(); ++i) {
      const Centre& centre = centres[i];
      const Row<Centre> row{i};
      if (!codes.insert(centre.code).second) {
        report(IssueCode::duplicate_id, row, "code",
               "centre code " + quote_value(centre.code) + " is used by an earlier centre");
      }
      for (std::size_t b = 0; b < centre.branches.size(); ++b) {
        resolve(centre.branches[b], row, index_path("branches", b));
      }
    }
  }

  void check_branches() { check_keys<Branch>(); }

  void check_courses() {
    check_keys<Course>();
    const auto courses = data_.records<Course>();
    for (std::uint32_t i = 0; i < courses.size(); ++i) {
      const Course& course = courses[i];
      const Row<Course> row{i};
      const auto branch = resolve(course.branch, row, "branch");
      const auto centre = resolve(course.centre, row, "centre");
      report(check_course_setup(policy_, course, branch ? &data_.at(*branch) : nullptr,
                                centre ? &data_.at(*centre) : nullptr),
             row);
      const std::uint32_t min_group = effective_min_group(policy_, course);
      // The enrollments of the first course with this id (a repeated id shares them).
      std::size_t taken = 0;
      std::size_t at_start = 0;
      for (const auto enrollment : data_.children<&Enrollment::course>(*data_.row_of(course.id))) {
        const Enrollment& e = data_.at(enrollment);
        if (holds_seat(e.status)) ++taken;
        if (counts_at_start(course, e)) ++at_start;
      }
      if (taken > course.capacity) {
        report(IssueCode::capacity_exceeded, row, "capacity",
               std::to_string(taken) + " people hold a seat in a course of capacity " + std::to_string(course.capacity));
      }
      const bool opened = course.status == CourseStatus::running || course.status == CourseStatus::completed;
      if (opened && !met_minimum_group(policy_, course, at_start)) {
        report(IssueCode::invalid_value, row, "status",
               "a " + std::string(to_string(course.status)) + " course needs at least " + std::to_string(min_group) +
                   " enrolled at its start " + to_iso_string(course.start) + "; it had " + std::to_string(at_start) +
                   " (seat holders and those who withdrew on or after the start)");
      }
      if (course.status == CourseStatus::cancelled && taken > 0) {
        report(IssueCode::invalid_value, row, "status",
               "a cancelled course has " + std::to_string(taken) + " people holding a seat");
      }
    }
  }

  void check_trainees() {
    check_keys<Trainee>();
    const auto trainees = data_.records<Trainee>();
    for (std::uint32_t i = 0; i < trainees.size(); ++i) {
      const Trainee& trainee = trainees[i];
      if (!trainee.identity) continue;  // erased: nothing left to compare
      const Row<Trainee> row{i};
      if (data_.find(trainee.identity->national_id) != &trainee) {
        report(IssueCode::duplicate_national_id, row, "national_id",
               "national id " + trainee.identity->national_id.masked() + " is already registered to another trainee");
      }
      check_date_order(trainee.identity->birth_date, trainee.registered, row, "registered", "birth_date");
    }
  }

  void check_applications() {
    check_keys<Application>();
    const auto applications = data_.records<Application>();
    for (std::uint32_t i = 0; i < applications.size(); ++i) {
      const Application& application = applications[i];
      const Row<Application> row{i};
      resolve(application.trainee, row, "trainee");
      const std::vector<CourseId>& ranked = application.courses;
      // Short lists (the usual case) look back linearly instead of allocating a hash set each.
      const bool short_list = ranked.size() <= 16;
      std::unordered_set<CourseId> seen;
      for (std::size_t c = 0; c < ranked.size(); ++c) {
        const auto here = ranked.begin() + static_cast<std::ptrdiff_t>(c);
        const bool first_time = short_list ? std::find(ranked.begin(), here, ranked[c]) == here
                                           : seen.insert(ranked[c]).second;
        const std::string field = index_path("courses", c);
        resolve(ranked[c], row, field);
        if (!first_time) {
          report(IssueCode::invalid_value, row, field, "course " + ranked[c].to_string() + " is ranked twice");
        }
      }
    }
  }

  void check_enrollments() {
    check_keys<Enrollment>();
    const auto enrollments = data_.records<Enrollment>();
    for (std::uint32_t i = 0; i < enrollments.size(); ++i) {
      const Enrollment& enrollment = enrollments[i];
      const Row<Enrollment> row{i};
      report(check_enrollment_dates(enrollment), row);
      const auto person = data_.parent<&Enrollment::trainee>(row);
      const auto place = data_.parent<&Enrollment::course>(row);
      if (!person) unknown(enrollment.trainee, row, "trainee");
      if (!place) unknown(enrollment.course, row, "course");
      if (!person || !place) continue;
      const Trainee& trainee = data_.at(*person);
      const Course& course = data_.at(*place);
      const auto earlier = Considered<Enrollment>::earlier_than(row);

      if (enrollment.status != EnrollmentStatus::withdrawn) {
        report(check_course_eligibility(policy_, trainee, course), row, "trainee");
        report(check_not_in_course(data_, *person, course, earlier), row);
      }
      if (enrollment.status == EnrollmentStatus::enrolled) report(check_active_enrollments(data_, *person, earlier), row);
      if (holds_seat(enrollment.status)) report(check_schedule(data_, *person, course, earlier), row);
      if (enrollment.status == EnrollmentStatus::completed) {
        report(check_branch_not_completed(data_, *person, course.branch, earlier), row);
      }
      report(check_enrollment_outcome(policy_, course, enrollment), row);
    }
  }

  void check_certificates() {
    check_keys<Certificate>();
    const auto certificates = data_.records<Certificate>();
    for (std::uint32_t i = 0; i < certificates.size(); ++i) {
      const Certificate& certificate = certificates[i];
      const Row<Certificate> row{i};
      if (certificate.revoked) check_date_order(certificate.issued, certificate.revoked->date, row, "revoked.date", "issued");
      const auto certified = data_.parent<&Certificate::enrollment>(row);
      if (!certified) {
        unknown(certificate.enrollment, row, "enrollment");
        continue;
      }
      // One certificate per enrollment: an earlier one of the same enrollment came first.
      if (*data_.children<&Certificate::enrollment>(*certified).begin() != row) {
        report(IssueCode::certificate_not_allowed, row, "enrollment",
               "enrollment " + certificate.enrollment.to_string() + " already has a certificate");
      }
      const Enrollment& enrollment = data_.at(*certified);
      const auto course = data_.parent<&Enrollment::course>(*certified);
      if (!course) {
        if (enrollment.status != EnrollmentStatus::completed) {
          report(IssueCode::certificate_not_allowed, row, "enrollment",
                 "enrollment " + enrollment.id.to_string() + " is " + std::string(to_string(enrollment.status)) +
                     ", not completed");
        }
        continue;
      }
      report(check_certificate_eligibility(enrollment, data_.at(*course), certificate.kind), row);
      check_date_order(data_.at(*course).end, certificate.issued, row, "issued", "the course end");
    }
  }

  void check_employers() { check_keys<Employer>(); }

  void check_vacancies() {
    check_keys<Vacancy>();
    const auto vacancies = data_.records<Vacancy>();
    for (std::uint32_t i = 0; i < vacancies.size(); ++i) {
      const Vacancy& vacancy = vacancies[i];
      const Row<Vacancy> row{i};
      resolve(vacancy.employer, row, "employer");
      if (vacancy.branch) resolve(*vacancy.branch, row, "branch");
      check_date_order(vacancy.opened, vacancy.closes, row, "closes", "opened");
    }
  }

  void check_referrals() {
    check_keys<Referral>();
    const auto referrals = data_.records<Referral>();
    for (std::uint32_t i = 0; i < referrals.size(); ++i) {
      const Referral& referral = referrals[i];
      const Row<Referral> row{i};
      report(check_referral_outcome(policy_, referral), row);
      const auto person = data_.parent<&Referral::trainee>(row);
      const auto job = data_.parent<&Referral::vacancy>(row);
      if (!person) unknown(referral.trainee, row, "trainee");
      if (!job) unknown(referral.vacancy, row, "vacancy");
      const auto earlier = Considered<Referral>::earlier_than(row);
      if (person) {
        if (job) report(check_not_referred(data_, *person, data_.at(*job), earlier), row);
        if (is_open(referral.status)) report(check_open_referrals(data_, *person, earlier), row);
      }
      if (!person || !job) continue;
      const Trainee& trainee = data_.at(*person);
      const Vacancy& vacancy = data_.at(*job);
      report(check_residency(policy_, trainee), row, "trainee");
      report(check_employer_sharing_consent(trainee), row, "trainee");
      if (vacancy.min_age) report(check_min_age(trainee, *vacancy.min_age, referral.referred), row, "trainee");
      report(check_referral_window(vacancy, referral.referred), row);
      if (is_hire(referral.status)) {
        // The hires of the vacancy before this one.
        std::size_t hires = 0;
        for (const auto other : data_.children<&Referral::vacancy>(*job)) {
          if (!(other < row)) break;
          if (is_hire(data_.at(other).status)) ++hires;
        }
        report(check_positions(vacancy, hires), row);
      }
      report(check_not_paused(data_, *person, referral.referred, row), row);
      report(check_certificate_held(data_, *person, vacancy, referral.referred), row);
    }
  }

 private:
  const Dataset& data_;
  const Policy& policy_;
  const RecordOrigins* origins_;
  std::vector<Issue> issues_;
};

// The checks in collection order, which is the order of the issues they report.
using Check = void (Validator::*)();
constexpr std::array<Check, 10> kChecks = {
    &Validator::check_centres,      &Validator::check_branches,     &Validator::check_courses,
    &Validator::check_trainees,     &Validator::check_applications, &Validator::check_enrollments,
    &Validator::check_certificates, &Validator::check_employers,    &Validator::check_vacancies,
    &Validator::check_referrals};

// Which checks run on the second thread: two groups of about equal cost (measured per check on
// the generated national dataset: applications + enrollments against the rest). The issues are
// joined in collection order whatever the grouping, so it affects only the speed.
constexpr std::array<bool, 10> kOnSecondThread = {
    false,  // centres
    false,  // branches
    false,  // courses
    false,  // trainees
    true,   // applications
    true,   // enrollments
    false,  // certificates
    false,  // employers
    false,  // vacancies
    false,  // referrals
};

}  // namespace

std::vector<Issue> validate(const Dataset& dataset, const RecordOrigins* origins) {
  std::array<std::vector<Issue>, kChecks.size()> found;
  // Each check on a Validator of its own, so each fills its own list; the lists are distinct
  // objects, so the two threads never touch the same one.
  const auto run_group = [&](bool second_thread) {
    for (std::size_t c = 0; c < kChecks.size(); ++c) {
      if (kOnSecondThread[c] != second_thread) continue;
      Validator validator(dataset, origins);
      (validator.*kChecks[c])();
      found[c] = validator.take_issues();
    }
  };
  if (dataset.record_count() < kParallelThreshold) {
    // A thread costs more to start than a small dataset costs to check.
    run_group(false);
    run_group(true);
  } else {
    std::future<void> second_done;
    try {
      second_done = std::async(std::launch::async, run_group, true);
    } catch (const std::system_error&) {
      run_group(true);  // No thread to be had: the same work, on this one.
    }
    run_group(false);  // Should this throw, the future's destructor still waits for the thread.
    if (second_done.valid()) second_done.get();
  }
  std::size_t total = 0;
  for (const auto& issues : found) total += issues.size();
  std::vector<Issue> issues;
  issues.reserve(total);
  for (auto& some : found) issues.insert(issues.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  return issues;
}

}  // namespace vocfab
