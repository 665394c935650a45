// The rules layer on its own: the predicates the validator and the operations share, asked about
// a dataset read from the valid fixture, with all of a person's records (as an operation about to
// add one asks) and with only the earlier ones (as the validator asks); and the lifecycles.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/validation/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace vocfab {
namespace {

using json = nlohmann::json;
namespace fx = vocfab::testing;

Dataset load(const json& document) {
  LoadResult loaded = read_dataset(document.dump());
  EXPECT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  return std::move(loaded.dataset);
}

Row<Trainee> person(const Dataset& dataset, int n) { return *dataset.row_of(*TraineeId::parse(fx::trainee_id(n))); }
const Course& course(const Dataset& dataset, int n) { return *dataset.find(*CourseId::parse(fx::course_id(n))); }
const Vacancy& vacancy(const Dataset& dataset, int n) { return *dataset.find(*VacancyId::parse(fx::vacancy_id(n))); }
Date day(const char* text) { return *parse_iso_date(text); }

TEST(PersonRules, ScheduleConflictWithASeatTheyHold) {
  const Dataset data = load(fx::valid_document());
  // Trainee 0 completed course 1 (2026-01-05..03-27); course 2 starts 2026-05-04: no overlap.
  EXPECT_FALSE(check_schedule(data, person(data, 0), course(data, 2), Considered<Enrollment>::all()));
  json doc = fx::valid_document();
  doc["courses"][1]["start"] = "2026-03-27";  // shares the last day of course 1
  const Dataset overlapping = load(doc);
  const auto violation = check_schedule(overlapping, person(overlapping, 0), course(overlapping, 2),
                                        Considered<Enrollment>::all());
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->code, IssueCode::schedule_conflict);
  EXPECT_EQ(violation->field, "course");
  // The validator asks about the earlier records only: before trainee 0's first enrollment, none.
  EXPECT_FALSE(check_schedule(overlapping, person(overlapping, 0), course(overlapping, 2),
                              Considered<Enrollment>::earlier_than(Row<Enrollment>{0})));
}

TEST(PersonRules, ABranchCompletedBeforeAndAPlaceAlreadyHeld) {
  const Dataset data = load(fx::valid_document());
  const BranchCode sewing = *BranchCode::parse("SEWING");
  const auto completed = check_branch_not_completed(data, person(data, 3), sewing, Considered<Enrollment>::all());
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->code, IssueCode::branch_already_completed);
  EXPECT_FALSE(check_branch_not_completed(data, person(data, 12), sewing, Considered<Enrollment>::all()));
  // Trainee 12 is waitlisted in course 1: a second place there is a duplicate.
  const auto duplicate = check_not_in_course(data, person(data, 12), course(data, 1), Considered<Enrollment>::all());
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->code, IssueCode::duplicate_enrollment);
  EXPECT_FALSE(check_not_in_course(data, person(data, 12), course(data, 2), Considered<Enrollment>::all()));
}

TEST(PersonRules, ActiveEnrollmentsAndOpenReferralsCountTowardsTheirLimits) {
  json doc = fx::valid_document();
  doc["enrollments"][12]["status"] = "enrolled";  // trainee 12 now holds a place in course 1
  doc["courses"][0]["status"] = "running";
  const Dataset data = load(doc);
  // max_active_enrollments is 1: one more place is one too many.
  const auto violation = check_active_enrollments(data, person(data, 12), Considered<Enrollment>::all());
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->code, IssueCode::max_enrollments_exceeded);
  EXPECT_FALSE(check_active_enrollments(data, person(data, 0), Considered<Enrollment>::all()));

  // Trainee 1 has one open referral (interview); the limit of 3 allows two more.
  EXPECT_FALSE(check_open_referrals(data, person(data, 1), Considered<Referral>::all()));
  const auto referred = check_not_referred(data, person(data, 1), vacancy(data, 1), Considered<Referral>::all());
  ASSERT_TRUE(referred);
  EXPECT_EQ(referred->code, IssueCode::duplicate_referral);
}

TEST(PersonRules, ACertificateCountsFromItsIssueUntilItsRevocation) {
  json doc = fx::valid_document();
  doc["vacancies"][0]["requires_certificate"] = true;  // branch SEWING
  doc["certificates"][0]["revoked"] = {{"reason", "Belge hatalı düzenlendi"}, {"date", "2026-05-01"}};
  const Dataset data = load(doc);
  const Vacancy& job = vacancy(data, 1);
  // Trainee 0's certificate: issued 2026-04-01, revoked 2026-05-01.
  EXPECT_TRUE(check_certificate_held(data, person(data, 0), job, day("2026-03-31")));
  EXPECT_FALSE(check_certificate_held(data, person(data, 0), job, day("2026-04-01")));
  EXPECT_FALSE(check_certificate_held(data, person(data, 0), job, day("2026-04-30")));
  const auto revoked = check_certificate_held(data, person(data, 0), job, day("2026-05-01"));
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->code, IssueCode::certificate_required);
  // Trainee 1 completed the course but holds no certificate.
  EXPECT_TRUE(check_certificate_held(data, person(data, 1), job, day("2026-04-10")));
}

TEST(PersonRules, JobSeekingAndErasure) {
  const Dataset data = load(fx::valid_document());
  Trainee trainee = data.at(person(data, 0));
  EXPECT_FALSE(check_job_seeking(trainee));
  EXPECT_FALSE(check_not_erased(trainee));
  trainee.employment_status = EmploymentStatus::employed;
  EXPECT_EQ(check_job_seeking(trainee)->code, IssueCode::not_job_seeking);
  trainee.employment_status = EmploymentStatus::unemployed;
  trainee.job_seeking = false;
  EXPECT_EQ(check_job_seeking(trainee)->code, IssueCode::not_job_seeking);
  trainee.identity.reset();
  trainee.erased = day("2026-06-01");
  trainee.birth_year = 1995;
  EXPECT_EQ(check_not_erased(trainee)->code, IssueCode::record_erased);
}

TEST(RecordRules, AVacancyTakesReferralsOnlyWhileOpenAndInItsWindow) {
  const Dataset data = load(fx::valid_document());
  Vacancy job = vacancy(data, 1);  // 2026-04-01 .. 2026-06-30, open
  EXPECT_FALSE(check_vacancy_takes_referrals(job, day("2026-04-01")));
  EXPECT_FALSE(check_vacancy_takes_referrals(job, day("2026-06-30")));
  EXPECT_EQ(check_vacancy_takes_referrals(job, day("2026-07-01"))->code, IssueCode::vacancy_not_open);
  job.status = VacancyStatus::filled;
  EXPECT_EQ(check_vacancy_takes_referrals(job, day("2026-05-01"))->code, IssueCode::vacancy_not_open);
  EXPECT_FALSE(check_referral_window(job, day("2026-05-01")));  // the dates alone still allow it
  EXPECT_FALSE(check_positions(job, 1));                        // 2 positions
  EXPECT_EQ(check_positions(job, 2)->code, IssueCode::capacity_exceeded);
}

TEST(RecordRules, CertificateEligibilityNamesEveryReason) {
  const Dataset data = load(fx::valid_document());
  Enrollment waitlisted = data.records<Enrollment>()[12];
  Course open_course = course(data, 2);
  const auto reasons = check_certificate_eligibility(waitlisted, open_course, CertificateKind::meb);
  ASSERT_EQ(reasons.size(), 3u);
  for (const auto& reason : reasons) EXPECT_EQ(reason.code, IssueCode::certificate_not_allowed);
  EXPECT_EQ(reasons[2].field, "kind");
  EXPECT_TRUE(check_certificate_eligibility(data.records<Enrollment>()[0], course(data, 1), CertificateKind::meb).empty());
}

// The lifecycles of SPEC section 4 as explicit lists of moves; every other move is invalid.
template <class Status>
void expect_moves(const std::set<std::pair<Status, Status>>& allowed) {
  for (Status from : enum_values<Status>()) {
    for (Status to : enum_values<Status>()) {
      const bool expected = allowed.contains({from, to});
      EXPECT_EQ(can_move(from, to), expected) << to_string(from) << " -> " << to_string(to);
      EXPECT_EQ(!check_transition(from, to), expected);
      if (!expected) {
        const auto violation = check_transition(from, to);
        EXPECT_EQ(violation->code, IssueCode::invalid_transition);
        EXPECT_EQ(violation->field, "status");
      }
    }
  }
}

TEST(Lifecycles, Enrollment) {
  using S = EnrollmentStatus;
  expect_moves<S>({{S::waitlisted, S::enrolled}, {S::waitlisted, S::withdrawn}, {S::enrolled, S::withdrawn},
                   {S::enrolled, S::removed}, {S::enrolled, S::completed}, {S::enrolled, S::failed}});
}

TEST(Lifecycles, Course) {
  using S = CourseStatus;
  expect_moves<S>({{S::planned, S::open}, {S::planned, S::cancelled}, {S::open, S::running}, {S::open, S::cancelled},
                   {S::running, S::completed}, {S::running, S::cancelled}});
}

TEST(Lifecycles, Vacancy) {
  using S = VacancyStatus;
  expect_moves<S>({{S::open, S::filled}, {S::open, S::closed}});
}

TEST(Lifecycles, ReferralNothingLeavesAnOutcomeOrRetained) {
  using S = ReferralStatus;
  std::set<std::pair<S, S>> allowed{{S::referred, S::interview}, {S::hired, S::left_early}, {S::hired, S::retained}};
  for (S open : {S::referred, S::interview}) {
    for (S outcome : {S::hired, S::rejected, S::declined, S::no_show, S::withdrawn}) allowed.insert({open, outcome});
  }
  expect_moves<S>(allowed);
}

}  // namespace
}  // namespace vocfab
