// Whole-dataset validation. Each check walks one collection in order and reports with the path of
// the record in the source document; the rules themselves live in rules.cc.
//
// Performance (docs/performance.md, hot spot 5): on large datasets the checks run in two groups
// of about equal cost on two threads, each check into its own issue list; the lists are joined in
// collection order, so the result is the same as a sequential run. Every reference is looked
// up once and the record found is kept; per-person groupings are index arrays over the dataset's
// own positions (the trainee index gives each person a dense number), not hash maps of vectors.
#include "vocfab/validation/validate.h"

#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <future>
#include <iterator>
#include <set>
#include <span>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace vocfab {
namespace {

// Below this many records validation runs on the calling thread only: starting a thread costs
// more than the whole check of a small dataset.
constexpr std::size_t kParallelThreshold = 10'000;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Text of a key for messages and for `LoadDiagnostics::rejected_keys`.
template <class Tag>
std::string key_text(const Id<Tag>& id) {
  return id.to_string();
}
std::string key_text(const BranchCode& code) { return code.str(); }

// Records grouped by a dense group number (e.g. the position of their trainee), each group's
// members in ascending record order: a counting sort into one array, no allocation per group.
class Groups {
 public:
  // `group_of[i]` is record i's group (< group_count), or kNone to leave it out.
  Groups(std::size_t group_count, const std::vector<std::size_t>& group_of) : start_(group_count + 1, 0) {
    for (const std::size_t g : group_of) {
      if (g != kNone) ++start_[g + 1];
    }
    for (std::size_t g = 0; g < group_count; ++g) start_[g + 1] += start_[g];
    members_.resize(start_[group_count]);
    std::vector<std::size_t> next(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < group_of.size(); ++i) {
      if (group_of[i] != kNone) members_[next[group_of[i]]++] = i;
    }
  }

  std::span<const std::size_t> of(std::size_t group) const noexcept {
    return std::span<const std::size_t>(members_).subspan(start_[group], start_[group + 1] - start_[group]);
  }

 private:
  std::vector<std::size_t> start_;    // Group g is members_[start_[g], start_[g + 1]).
  std::vector<std::size_t> members_;  // Record indexes, by group, ascending within each.
};

class Validator {
 public:
  Validator(const Dataset& dataset, const RecordOrigins* origins)
      : data_(dataset), policy_(dataset.policy()), origins_(origins) {}

  std::vector<Issue> take_issues() { return std::move(issues_); }

 private:
  // --- reporting -------------------------------------------------------------------------------

  std::string path(std::string_view collection, std::size_t index, std::string_view field = {}) const {
    if (origins_ != nullptr) index = origins_->position_in_document(*parse_collection(collection), index);
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

  // The record @p key names; when there is none, reports a reference to nothing (unless the
  // record was left out by the reader: that record already has its own issue) and returns null.
  // The key's text is built only then: building it for every reference cost 2-3 % of a load.
  template <class Key>
  auto resolve(const Key& key, std::string_view collection, std::size_t index, std::string_view field,
               std::string_view kind) {
    const auto* record = data_.find(key);
    if (record == nullptr) unknown(key_text(key), collection, index, field, kind);
    return record;
  }

  template <class Key>
  bool known(const Key& key, std::string_view collection, std::size_t index, std::string_view field,
             std::string_view kind) {
    return resolve(key, collection, index, field, kind) != nullptr;
  }

  void unknown(const std::string& text, std::string_view collection, std::size_t index, std::string_view field,
               std::string_view kind) {
    if (origins_ == nullptr || !origins_->rejected(text)) {
      report(IssueCode::unknown_reference, collection, index, field, "no " + std::string(kind) + " " + text);
    }
  }

  // Position of a trainee found by `Dataset::find` (the first record with its id): a dense
  // number per person, for grouping by array instead of by hash map.
  std::size_t trainee_number(const Trainee* trainee) const noexcept {
    return trainee == nullptr ? kNone : static_cast<std::size_t>(trainee - data_.records<Trainee>().data());
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

  // --- collections ---------------------------------------------------------------------------
  // One check per collection. Each reports into this Validator's own issue list and reads
  // nothing but the const dataset and diagnostics, so checks on different Validators may run
  // concurrently.
 public:
  void check_centres() {
    const auto centres = data_.records<Centre>();
    check_unique<Centre, CentreId>(centres, "centres", "id", [](const Centre& c) { return c.id; },
                                   [](const Centre& c) { return c.id.to_string(); });
    std::unordered_set<std::string> codes;
    for (std::size_t i = 0; i < centres.size(); ++i) {
      const Centre& centre = centres[i];
      if (!codes.insert(centre.code).second) {
        report(IssueCode::duplicate_id, "centres", i, "code", "centre code " + centre.code + " is used by an earlier centre");
      }
      for (std::size_t b = 0; b < centre.branches.size(); ++b) {
        known(centre.branches[b], "centres", i, index_path("branches", b), "branch");
      }
    }
  }

  void check_branches() {
    check_unique<Branch, BranchCode>(data_.records<Branch>(), "branches", "code", [](const Branch& b) { return b.code; },
                                     [](const Branch& b) { return b.code.str(); });
  }

  void check_courses() {
    const auto courses = data_.records<Course>();
    check_unique<Course, CourseId>(courses, "courses", "id", [](const Course& c) { return c.id; },
                                   [](const Course& c) { return c.id.to_string(); });
    // Per course, by the position of the first record with its id (so a repeated id shares the
    // counts, as before): the seat holders, and the enrollments counted for the minimum group at
    // the course's start (the seat holders and the withdrawals on or after it).
    std::vector<std::size_t> seats_taken(courses.size(), 0);
    std::vector<std::size_t> at_start(courses.size(), 0);
    const auto course_number = [&](const Course* course) {
      return static_cast<std::size_t>(course - courses.data());
    };
    for (const Enrollment& enrollment : data_.records<Enrollment>()) {
      const Course* course = data_.find(enrollment.course);
      if (course == nullptr) continue;  // Reported with the enrollment.
      if (holds_seat(enrollment.status)) ++seats_taken[course_number(course)];
      if (counts_at_start(*course, enrollment)) ++at_start[course_number(course)];
    }
    for (std::size_t i = 0; i < courses.size(); ++i) {
      const Course& course = courses[i];
      const Branch* branch = resolve(course.branch, "courses", i, "branch", "branch");
      const Centre* centre = resolve(course.centre, "courses", i, "centre", "centre");
      if (branch != nullptr && centre != nullptr) {
        if (std::find(centre->branches.begin(), centre->branches.end(), course.branch) == centre->branches.end()) {
          report(IssueCode::invalid_value, "courses", i, "branch",
                 "centre " + centre->code + " does not host branch " + course.branch.str());
        }
      }
      if (branch != nullptr && course.certificate == CertificateKind::meb &&
          branch->certificate != CertificateKind::meb) {
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
      const std::size_t counted = course_number(data_.find(course.id));
      const std::size_t taken = seats_taken[counted];
      if (taken > course.capacity) {
        report(IssueCode::capacity_exceeded, "courses", i, "capacity",
               std::to_string(taken) + " people hold a seat in a course of capacity " + std::to_string(course.capacity));
      }
      const bool opened = course.status == CourseStatus::running || course.status == CourseStatus::completed;
      if (opened && !met_minimum_group(policy_, course, at_start[counted])) {
        report(IssueCode::invalid_value, "courses", i, "status",
               "a " + std::string(to_string(course.status)) + " course needs at least " + std::to_string(min_group) +
                   " enrolled at its start " + to_iso_string(course.start) + "; it had " +
                   std::to_string(at_start[counted]) + " (seat holders and those who withdrew on or after the start)");
      }
      if (course.status == CourseStatus::cancelled && taken > 0) {
        report(IssueCode::invalid_value, "courses", i, "status",
               "a cancelled course has " + std::to_string(taken) + " people holding a seat");
      }
    }
  }

  void check_trainees() {
    const auto trainees = data_.records<Trainee>();
    check_unique<Trainee, TraineeId>(trainees, "trainees", "id", [](const Trainee& t) { return t.id; },
                                     [](const Trainee& t) { return t.id.to_string(); });
    for (std::size_t i = 0; i < trainees.size(); ++i) {
      const Trainee& trainee = trainees[i];
      if (!trainee.identity) continue;
      if (data_.find(trainee.identity->national_id) != &trainee) {
        report(IssueCode::duplicate_national_id, "trainees", i, "national_id",
               "national id " + trainee.identity->national_id.masked() + " is already registered to another trainee");
      }
      check_date_order(trainee.identity->birth_date, trainee.registered, "trainees", i, "registered", "birth_date");
    }
  }

  void check_applications() {
    const auto applications = data_.records<Application>();
    check_unique<Application, ApplicationId>(applications, "applications", "id",
                                             [](const Application& a) { return a.id; },
                                             [](const Application& a) { return a.id.to_string(); });
    for (std::size_t i = 0; i < applications.size(); ++i) {
      const Application& application = applications[i];
      known(application.trainee, "applications", i, "trainee", "trainee");
      if (application.courses.empty()) {
        report(IssueCode::invalid_value, "applications", i, "courses", "an application ranks at least one course");
      }
      const std::vector<CourseId>& ranked = application.courses;
      // Short lists (the usual case) look back linearly instead of allocating a hash set each.
      const bool short_list = ranked.size() <= 16;
      std::unordered_set<CourseId> seen;
      for (std::size_t c = 0; c < ranked.size(); ++c) {
        const CourseId& course = ranked[c];
        const auto here = ranked.begin() + static_cast<std::ptrdiff_t>(c);
        const bool first_time = short_list ? std::find(ranked.begin(), here, course) == here : seen.insert(course).second;
        const bool course_known = data_.find(course) != nullptr;
        if (course_known && first_time) continue;
        const std::string field = index_path("courses", c);
        if (!course_known) unknown(key_text(course), "applications", i, field, "course");
        if (!first_time) {
          report(IssueCode::invalid_value, "applications", i, field, "course " + course.to_string() + " is ranked twice");
        }
      }
    }
  }

  void check_enrollments() {
    const auto enrollments = data_.records<Enrollment>();
    check_unique<Enrollment, EnrollmentId>(enrollments, "enrollments", "id",
                                           [](const Enrollment& e) { return e.id; },
                                           [](const Enrollment& e) { return e.id.to_string(); });
    // Each reference looked up once, before the main pass, so that the seat holders can be
    // grouped by person (the trainee's position) in one array. Unknown references are reported
    // in the main pass, in record order.
    std::vector<const Trainee*> trainee_of(enrollments.size());
    std::vector<const Course*> course_of(enrollments.size());
    std::vector<std::size_t> seat_holder_group(enrollments.size(), kNone);
    for (std::size_t i = 0; i < enrollments.size(); ++i) {
      trainee_of[i] = data_.find(enrollments[i].trainee);
      course_of[i] = data_.find(enrollments[i].course);
      if (trainee_of[i] != nullptr && course_of[i] != nullptr && holds_seat(enrollments[i].status)) {
        seat_holder_group[i] = trainee_number(trainee_of[i]);
      }
    }
    // Per person, the enrollments that hold a seat, to find conflicts of each with earlier ones.
    const Groups seat_holders(data_.records<Trainee>().size(), seat_holder_group);
    std::vector<std::size_t> active(data_.records<Trainee>().size(), 0);
    for (std::size_t i = 0; i < enrollments.size(); ++i) {
      const Enrollment& enrollment = enrollments[i];
      check_enrollment_dates(enrollment, i);
      if (trainee_of[i] == nullptr) unknown(key_text(enrollment.trainee), "enrollments", i, "trainee", "trainee");
      if (course_of[i] == nullptr) unknown(key_text(enrollment.course), "enrollments", i, "course", "course");
      if (trainee_of[i] == nullptr || course_of[i] == nullptr) continue;
      const Trainee& trainee = *trainee_of[i];
      const Course& course = *course_of[i];
      const std::size_t person = trainee_number(&trainee);

      if (enrollment.status != EnrollmentStatus::withdrawn) {
        for (const auto& violation : check_course_eligibility(policy_, trainee, course)) {
          report(violation, "enrollments", i, "trainee");
        }
      }
      if (enrollment.status == EnrollmentStatus::enrolled && ++active[person] > policy_.max_active_enrollments) {
        report(IssueCode::max_enrollments_exceeded, "enrollments", i, "status",
               "trainee " + trainee.id.to_string() + " has more than " +
                   std::to_string(policy_.max_active_enrollments) + " active enrollment(s)");
      }
      if (holds_seat(enrollment.status)) {
        for (const std::size_t other_index : seat_holders.of(person)) {
          if (other_index >= i) break;  // Only the earlier ones; this enrollment is in the group too.
          const Enrollment& other = enrollments[other_index];
          const Course& other_course = *course_of[other_index];
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
      }
      check_outcome(enrollment, course, i);
    }
  }

  void check_enrollment_dates(const Enrollment& enrollment, std::size_t i) {
    if (enrollment.enrolled && enrollment.ended) {
      check_date_order(*enrollment.enrolled, *enrollment.ended, "enrollments", i, "ended", "enrolled");
    }
    const bool active = enrollment.status == EnrollmentStatus::enrolled || enrollment.status == EnrollmentStatus::waitlisted;
    if (active && enrollment.ended) {
      report(IssueCode::invalid_value, "enrollments", i, "ended",
             "an " + std::string(to_string(enrollment.status)) + " enrollment has not ended");
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
    const auto certificates = data_.records<Certificate>();
    check_unique<Certificate, CertificateId>(certificates, "certificates", "id",
                                             [](const Certificate& c) { return c.id; },
                                             [](const Certificate& c) { return c.id.to_string(); });
    // By the position of the enrollment found (the first record with the id), as a set of ids.
    std::vector<bool> certified(data_.records<Enrollment>().size(), false);
    for (std::size_t i = 0; i < certificates.size(); ++i) {
      const Certificate& certificate = certificates[i];
      if (certificate.revoked) {
        check_date_order(certificate.issued, certificate.revoked->date, "certificates", i, "revoked.date", "issued");
      }
      const Enrollment* found = resolve(certificate.enrollment, "certificates", i, "enrollment", "enrollment");
      if (found == nullptr) continue;
      const Enrollment& enrollment = *found;
      const auto enrollment_number = static_cast<std::size_t>(found - data_.records<Enrollment>().data());
      if (certified[enrollment_number]) {
        report(IssueCode::certificate_not_allowed, "certificates", i, "enrollment",
               "enrollment " + certificate.enrollment.to_string() + " already has a certificate");
      }
      certified[enrollment_number] = true;
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
    check_unique<Employer, EmployerId>(data_.records<Employer>(), "employers", "id", [](const Employer& e) { return e.id; },
                                       [](const Employer& e) { return e.id.to_string(); });
  }

  void check_vacancies() {
    const auto vacancies = data_.records<Vacancy>();
    check_unique<Vacancy, VacancyId>(vacancies, "vacancies", "id", [](const Vacancy& v) { return v.id; },
                                     [](const Vacancy& v) { return v.id.to_string(); });
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
      const Vacancy& vacancy = vacancies[i];
      known(vacancy.employer, "vacancies", i, "employer", "employer");
      if (vacancy.branch) known(*vacancy.branch, "vacancies", i, "branch", "branch");
      check_date_order(vacancy.opened, vacancy.closes, "vacancies", i, "closes", "opened");
    }
  }

  void check_referrals() {
    const auto referrals = data_.records<Referral>();
    check_unique<Referral, ReferralId>(referrals, "referrals", "id", [](const Referral& r) { return r.id; },
                                       [](const Referral& r) { return r.id.to_string(); });
    // Each trainee looked up once, so that referrals can be grouped by person (the trainee's
    // position) in one array; a referral to an unknown trainee belongs to no group.
    std::vector<const Trainee*> trainee_of(referrals.size());
    std::vector<std::size_t> person_of(referrals.size());
    for (std::size_t i = 0; i < referrals.size(); ++i) {
      trainee_of[i] = data_.find(referrals[i].trainee);
      person_of[i] = trainee_number(trainee_of[i]);
    }
    const Groups by_trainee(data_.records<Trainee>().size(), person_of);
    std::vector<std::size_t> hires(data_.records<Vacancy>().size(), 0);  // By the vacancy's position.
    std::vector<std::size_t> open(data_.records<Trainee>().size(), 0);    // By the trainee's position.
    // People who are not in the dataset are still counted, and checked for duplicates, by id.
    std::unordered_map<TraineeId, std::size_t> open_unknown;
    std::set<std::pair<TraineeId, VacancyId>> seen_unknown;
    std::vector<const Referral*> before;

    for (std::size_t i = 0; i < referrals.size(); ++i) {
      const Referral& referral = referrals[i];
      const std::size_t person = person_of[i];
      check_referral_dates(referral, i);
      if (trainee_of[i] == nullptr) unknown(key_text(referral.trainee), "referrals", i, "trainee", "trainee");
      const Vacancy* found_vacancy = resolve(referral.vacancy, "referrals", i, "vacancy", "vacancy");
      // A repeat of an earlier (trainee, vacancy) pair: the same person's earlier referrals are
      // the front of their group.
      bool repeat = false;
      if (person == kNone) {
        repeat = !seen_unknown.emplace(referral.trainee, referral.vacancy).second;
      } else {
        for (const std::size_t other : by_trainee.of(person)) {
          if (other >= i) break;
          if (referrals[other].vacancy == referral.vacancy) {
            repeat = true;
            break;
          }
        }
      }
      if (repeat) {
        report(IssueCode::duplicate_referral, "referrals", i, "vacancy",
               "trainee " + referral.trainee.to_string() + " is already referred to vacancy " +
                   referral.vacancy.to_string());
      }
      if (is_open(referral.status) &&
          (person == kNone ? ++open_unknown[referral.trainee] : ++open[person]) > policy_.max_active_referrals) {
        report(IssueCode::max_referrals_exceeded, "referrals", i, "status",
               "trainee " + referral.trainee.to_string() + " has more than " +
                   std::to_string(policy_.max_active_referrals) + " open referrals");
      }
      if (trainee_of[i] == nullptr || found_vacancy == nullptr) continue;
      const Trainee& trainee = *trainee_of[i];
      const Vacancy& vacancy = *found_vacancy;
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
      if (is_hire(referral.status) &&
          ++hires[static_cast<std::size_t>(found_vacancy - data_.records<Vacancy>().data())] > vacancy.positions) {
        report(IssueCode::capacity_exceeded, "referrals", i, "status",
               "vacancy " + vacancy.id.to_string() + " has " + std::to_string(vacancy.positions) +
                   " position(s) and more hires");
      }
      // Referrals made while a run of declines had paused the person: the rule looks at the
      // person's other referrals (in record order) and counts those decided on or before this
      // one's day, the day the limit is reached included (SPEC: paused on d_k ≤ t < d_k + pause).
      before.clear();
      for (const std::size_t other_index : by_trainee.of(person)) {
        const Referral* other = &referrals[other_index];
        if (other != &referral) before.push_back(other);
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
    // SPEC 4: `left_early` iff the hire ended before hired + early_leave_days; `retained` only if
    // it did not end before hired + retention_days; an ended hire in between stays `hired`. An
    // `ended` before `hired` is a date-order issue above, not one of these.
    if (!is_hire(referral.status) || !referral.hired) return;
    const Date& hired = *referral.hired;
    if (referral.status == ReferralStatus::left_early && !referral.ended) {
      report(IssueCode::missing_field, "referrals", i, "ended", "a left_early referral needs its ended date");
    }
    if (!referral.ended || *referral.ended < hired) return;
    const Date& ended = *referral.ended;
    const std::string lasted = std::to_string(days_between(hired, ended));
    if (referral.status == ReferralStatus::left_early && !ended_early(policy_, hired, ended)) {
      report(IssueCode::invalid_value, "referrals", i, "status",
             "the job ended after " + lasted + " days; left_early means ending within " +
                 std::to_string(policy_.early_leave_days) + " days of being hired");
    }
    if (referral.status == ReferralStatus::hired && ended_early(policy_, hired, ended)) {
      report(IssueCode::invalid_value, "referrals", i, "status",
             "the job ended after " + lasted + " days, within " + std::to_string(policy_.early_leave_days) +
                 " days of being hired: that is left_early, not hired");
    }
    if (referral.status == ReferralStatus::retained && ended_before_retention(policy_, hired, ended)) {
      report(IssueCode::invalid_value, "referrals", i, "status",
             "the job ended after " + lasted + " days; retained means not ending within " +
                 std::to_string(policy_.retention_days) + " days of being hired");
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

// Which checks run on the second thread: two groups of about equal cost. Measured per check
// (Release, one thread, generated files, seed 42), in ms:
//
//   scale         centres branches courses trainees applications enrollments certificates employers vacancies referrals
//   metropolitan      0.1      0.0     4.1     39.9         51.2        76.5         24.7       0.2       2.3      65.2
//   national          2.2      0.0    42.7    415.2        720.1      1120.7        356.5       2.6      28.4     777.1
//
// so applications + enrollments (127 / 1841 ms) against the rest (137 / 1626 ms). The issues
// are joined in collection order whatever the grouping, so it affects only the speed.
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
