// Every operation: its success path, its effects, and each issue it can produce; the batch's
// all-or-nothing behaviour, audit trail, idempotency and check-only mode.
#include "ops_fixture.h"

#include "vocfab/validation/rules.h"

#include <set>

namespace vocfab {
namespace {

namespace fx = vocfab::testing;
using fx::day;
using json = nlohmann::json;

// The base fixture with a third course: SEWING, open, capacity 12, from 2026-06-01.
json with_open_sewing_course(json document, int capacity = 12, const std::string& status = "open") {
  document["courses"].push_back({{"id", fx::course_id(3)}, {"branch", "SEWING"}, {"centre", fx::centre_id(1)},
                                 {"start", "2026-06-01"}, {"end", "2026-08-28"}, {"total_hours", 100},
                                 {"capacity", capacity}, {"min_group", std::min(capacity, 12)}, {"mode", "in_person"},
                                 {"certificate", "meb"}, {"status", status}});
  return document;
}

// People 13.. who never attended anything.
json with_new_people(json document, int count) {
  for (int n = 13; n < 13 + count; ++n) document["trainees"].push_back(fx::trainee(n));
  return document;
}

Dataset base() { return fx::load(fx::valid_document()); }

// --- add ----------------------------------------------------------------------------------------

TEST(Add, ATraineeJoinsAndIsAudited) {
  Dataset d = base();
  Trainee newcomer = fx::trainee_record(fx::person(40), *NationalId::parse(fx::national_id(40)), "Zeynep");
  const auto result = fx::apply_ok(d, {fx::op(ops::Add{newcomer})});
  ASSERT_EQ(result.results.size(), 1u);
  ASSERT_EQ(result.results[0].created.size(), 1u);
  EXPECT_EQ(result.results[0].created[0].id, fx::trainee_id(40));
  ASSERT_EQ(d.audit().size(), 1u);
  EXPECT_EQ(d.audit()[0].op, "add");
  EXPECT_EQ(d.audit()[0].collection, Collection::trainees);
  EXPECT_EQ(d.audit()[0].actor, "clerk-7");
  EXPECT_EQ(d.audit()[0].batch, result.batch);
  EXPECT_NE(d.find(fx::person(40)), nullptr);
}

TEST(Add, RefusesTakenKeysUnknownReferencesAndWrongStatuses) {
  Dataset d = base();
  Trainee twin = fx::trainee_record(fx::person(0), *NationalId::parse(fx::national_id(41)), "Zeynep");
  fx::apply_refused(d, {fx::op(ops::Add{twin})}, IssueCode::duplicate_id, "ops[0].record.id");
  Trainee same_id_number = fx::trainee_record(fx::person(41), *NationalId::parse(fx::national_id(3)), "Zeynep");
  fx::apply_refused(d, {fx::op(ops::Add{same_id_number})}, IssueCode::duplicate_national_id, "ops[0].record.national_id");
  Trainee erased = fx::trainee_record(fx::person(42), *NationalId::parse(fx::national_id(42)), "Zeynep");
  erased.identity.reset();
  erased.erased = day(2026, 1, 1);
  erased.birth_year = 1990;
  fx::apply_refused(d, {fx::op(ops::Add{erased})}, IssueCode::record_erased, "ops[0].record");

  Course course = d.records<Course>()[1];
  course.id = fx::course(9);
  course.branch = *BranchCode::parse("WELDING");
  fx::apply_refused(d, {fx::op(ops::Add{course})}, IssueCode::unknown_reference, "ops[0].record.branch");
  course.branch = *BranchCode::parse("SEWING");
  course.status = CourseStatus::running;
  fx::apply_refused(d, {fx::op(ops::Add{course})}, IssueCode::invalid_value, "ops[0].record.status");
  course.status = CourseStatus::planned;
  course.certificate = CertificateKind::meb;
  course.branch = *BranchCode::parse("BOUTIQUE_CHOCOLATE");
  fx::apply_refused(d, {fx::op(ops::Add{course})}, IssueCode::certificate_not_allowed, "ops[0].record.certificate");

  Vacancy vacancy = d.records<Vacancy>()[0];
  vacancy.id = fx::vacancy_of(9);
  vacancy.closes = day(2026, 3, 1);
  fx::apply_refused(d, {fx::op(ops::Add{vacancy})}, IssueCode::invalid_date_range, "ops[0].record.closes");
  vacancy.closes = day(2026, 9, 1);
  vacancy.status = VacancyStatus::filled;
  fx::apply_refused(d, {fx::op(ops::Add{vacancy})}, IssueCode::invalid_value, "ops[0].record.status");
}

// --- update ---------------------------------------------------------------------------------------

TEST(Update, ChangesContactDetailsAndReportsEachField) {
  Dataset d = base();
  ops::TraineeChanges changes;
  changes.email = "yeni@example.org";
  changes.education_level = EducationLevel::bachelor;
  const auto result =
      fx::apply_ok(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(3), changes})});
  EXPECT_EQ(d.find(fx::person(3))->identity->email, "yeni@example.org");
  const Effect* education = fx::effect_on(result, fx::trainee_id(3), "education_level");
  ASSERT_NE(education, nullptr);
  EXPECT_EQ(education->from, EffectValue(std::string("upper_secondary")));
  EXPECT_EQ(education->to, EffectValue(std::string("bachelor")));
}

TEST(Update, ACorrectedNationalIdIsReindexedAndMustBeUnique) {
  Dataset d = base();
  ops::TraineeChanges taken;
  taken.national_id = *NationalId::parse(fx::national_id(4));
  fx::apply_refused(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(3), taken})},
                    IssueCode::duplicate_national_id, "ops[0].set.national_id");
  ops::TraineeChanges corrected;
  corrected.national_id = *NationalId::parse(fx::national_id(77));
  const auto result = fx::apply_ok(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(3), corrected})});
  EXPECT_EQ(d.find(*NationalId::parse(fx::national_id(77))), d.find(fx::person(3)));
  EXPECT_EQ(d.find(*NationalId::parse(fx::national_id(3))), nullptr);
  const Effect* shown = fx::effect_on(result, fx::trainee_id(3), "national_id");
  ASSERT_NE(shown, nullptr);
  EXPECT_EQ(std::get<std::string>(shown->to), corrected.national_id->masked());
}

TEST(Update, MovingAwayWouldBreakTheResidencyOfPlacesHeld) {
  Dataset d = base();
  ops::TraineeChanges moved;
  moved.district = "Ankara";  // the fixture's residency is by province; a district alone is fine
  fx::apply_ok(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(3), moved})});
  ops::TraineeChanges unconsented;
  unconsented.consents = Consents{.data_processing = false, .share_with_employers = false};
  fx::apply_refused(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(3), unconsented})},
                    IssueCode::consent_required, "ops[0].set");
}

TEST(Update, CoursesOnlyWhilePlannedVacanciesOnlyWhileOpen) {
  Dataset d = fx::load(with_open_sewing_course(fx::valid_document(), 12, "planned"));
  ops::CourseChanges longer;
  longer.end = day(2026, 9, 30);
  fx::apply_ok(d, {fx::op(ops::Update{Collection::courses, fx::course_id(3), longer})});
  ops::CourseChanges backwards;
  backwards.end = day(2026, 5, 1);
  fx::apply_refused(d, {fx::op(ops::Update{Collection::courses, fx::course_id(3), backwards})},
                    IssueCode::invalid_date_range, "ops[0].set.end");
  ops::CourseChanges small;
  small.capacity = 5;
  fx::apply_refused(d, {fx::op(ops::Update{Collection::courses, fx::course_id(3), small})}, IssueCode::invalid_value,
                    "ops[0].set.capacity");
  fx::apply_refused(d, {fx::op(ops::Update{Collection::courses, fx::course_id(2), longer})}, IssueCode::invalid_value,
                    "ops[0].id");
  fx::apply_refused(d, {fx::op(ops::Update{Collection::courses, fx::course_id(99), longer})},
                    IssueCode::unknown_reference, "ops[0].id");

  ops::VacancyChanges fewer;
  fewer.positions = 1;  // one hire already: the vacancy fills, the open referral is withdrawn
  const auto result = fx::apply_ok(d, {fx::op(ops::Update{Collection::vacancies, fx::vacancy_id(1), fewer})});
  EXPECT_EQ(d.find(fx::vacancy_of(1))->status, VacancyStatus::filled);
  EXPECT_EQ(d.find(fx::referral_of(2))->status, ReferralStatus::withdrawn);
  ASSERT_NE(fx::effect_on(result, fx::referral_id(2), "status"), nullptr);
  EXPECT_EQ(fx::effect_on(result, fx::referral_id(2), "status")->reason, "vacancy_filled");
}

TEST(Update, ErasedPeopleAreNotChanged) {
  Dataset d = base();
  fx::apply_ok(d, {fx::op(ops::EraseTrainee{fx::person(5), "request under KVKK article 11"})});
  ops::TraineeChanges changes;
  changes.district = "Bornova";
  fx::apply_refused(d, {fx::op(ops::Update{Collection::trainees, fx::trainee_id(5), changes})}, IssueCode::record_erased,
                    "ops[0].id");
}

// --- apply, open_course, enroll, withdraw --------------------------------------------------------

TEST(ApplyToCourses, RanksPlannedOrOpenCoursesOnly) {
  Dataset d = fx::load(with_open_sewing_course(fx::valid_document()));
  const auto result = fx::apply_ok(d, {fx::op(ops::ApplyToCourses{fx::person(12), {fx::course(2), fx::course(3)}})});
  ASSERT_EQ(result.results[0].created.size(), 1u);
  EXPECT_EQ(result.results[0].created[0].collection, Collection::applications);
  EXPECT_EQ(d.records<Application>().back().applied, day(2026, 5, 1));
  fx::apply_refused(d, {fx::op(ops::ApplyToCourses{fx::person(12), {fx::course(2), fx::course(1)}})},
                    IssueCode::course_not_open, "ops[0].courses[1]");
  fx::apply_refused(d, {fx::op(ops::ApplyToCourses{fx::person(12), {fx::course(2), fx::course(2)}})},
                    IssueCode::invalid_value, "ops[0].courses[1]");
  fx::apply_refused(d, {fx::op(ops::ApplyToCourses{fx::person(99), {fx::course(2)}})}, IssueCode::unknown_reference,
                    "ops[0].trainee");
}

TEST(OpenCourse, PlannedBecomesOpenOnce) {
  Dataset d = fx::load(with_open_sewing_course(fx::valid_document(), 12, "planned"));
  const auto result = fx::apply_ok(d, {fx::op(ops::OpenCourse{fx::course(3)})});
  EXPECT_EQ(d.find(fx::course(3))->status, CourseStatus::open);
  ASSERT_NE(fx::effect_on(result, fx::course_id(3), "status"), nullptr);
  fx::apply_refused(d, {fx::op(ops::OpenCourse{fx::course(3)})}, IssueCode::invalid_transition, "ops[0].course");
}

TEST(Enroll, TakesASeatThenTheWaitlist) {
  Dataset d = fx::load(with_new_people(fx::valid_document(), 3));
  // Course 2 has 14 seats; fill 13 of them with the newcomers and the fixture's graduates 0-10.
  std::vector<Operation> batch;
  for (int n = 0; n < 11; ++n) batch.push_back(fx::op(ops::Enroll{fx::person(n), fx::course(2), true}));
  batch.push_back(fx::op(ops::Enroll{fx::person(13), fx::course(2), true}));
  batch.push_back(fx::op(ops::Enroll{fx::person(14), fx::course(2), true}));
  batch.push_back(fx::op(ops::Enroll{fx::person(15), fx::course(2), true}));
  batch.push_back(fx::op(ops::Enroll{fx::person(11), fx::course(2), true}));  // the fifteenth: waits
  const auto result = fx::apply_ok(d, batch);
  ASSERT_EQ(result.results.size(), 15u);
  const auto& last = d.records<Enrollment>().back();
  EXPECT_EQ(last.status, EnrollmentStatus::waitlisted);
  EXPECT_EQ(last.enrolled, day(2026, 5, 1));
  EXPECT_EQ(d.records<Enrollment>()[13].status, EnrollmentStatus::enrolled);

  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(12), fx::course(2), false})}, IssueCode::capacity_exceeded,
                    "ops[0].course");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(13), fx::course(2), true})}, IssueCode::duplicate_enrollment,
                    "ops[0].course");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(12), fx::course(1), true})}, IssueCode::course_not_open,
                    "ops[0].course");
}

TEST(Enroll, ChecksEligibilityLimitsScheduleAndBranch) {
  json document = with_open_sewing_course(with_new_people(fx::valid_document(), 6));
  document["trainees"][13]["province"] = "06";
  document["trainees"][14]["birth_date"] = "2012-01-01";
  document["trainees"][15]["birth_date"] = "2009-09-01";  // 16 at the start, no guardian consent
  document["trainees"][16]["consents"]["data_processing"] = false;
  Dataset d = fx::load(document);
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(13), fx::course(3), true})}, IssueCode::not_eligible_residency,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(14), fx::course(3), true})}, IssueCode::not_eligible_age,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(15), fx::course(3), true})},
                    IssueCode::guardian_consent_required, "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(16), fx::course(3), true})}, IssueCode::consent_required,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Enroll{fx::person(0), fx::course(3), true})}, IssueCode::branch_already_completed,
                    "ops[0].course");
  fx::apply_refused(d,
                    {fx::op(ops::Enroll{fx::person(17), fx::course(3), true}),
                     fx::op(ops::Enroll{fx::person(17), fx::course(2), true})},
                    IssueCode::max_enrollments_exceeded, "ops[1].trainee");

  Policy two_at_once = d.policy();
  two_at_once.max_active_enrollments = 2;
  d.set_policy(two_at_once);
  // Courses 2 (May-June) and 3 (June-August) share June.
  fx::apply_refused(d,
                    {fx::op(ops::Enroll{fx::person(17), fx::course(3), true}),
                     fx::op(ops::Enroll{fx::person(17), fx::course(2), true})},
                    IssueCode::schedule_conflict, "ops[1].course");
}

TEST(Withdraw, AFreedSeatGoesToTheFirstEligibleOnTheWaitlist) {
  Dataset d = fx::load(with_open_sewing_course(with_new_people(fx::valid_document(), 4), 2));
  const auto enrolled = fx::apply_ok(d, {fx::op(ops::Enroll{fx::person(13), fx::course(3), true}),
                                         fx::op(ops::Enroll{fx::person(14), fx::course(3), true}),
                                         fx::op(ops::Enroll{fx::person(15), fx::course(3), true}),
                                         fx::op(ops::Enroll{fx::person(16), fx::course(3), true})});
  const EnrollmentId first = d.records<Enrollment>()[13].id;
  const std::string promoted = d.records<Enrollment>()[15].id.to_string();
  const auto result = fx::apply_ok(d, {fx::op(ops::Withdraw{first, std::nullopt})});
  EXPECT_EQ(d.find(first)->status, EnrollmentStatus::withdrawn);
  EXPECT_EQ(d.find(first)->ended, day(2026, 5, 1));
  const Effect* promotion = fx::effect_on(result, promoted, "status");
  ASSERT_NE(promotion, nullptr);
  EXPECT_EQ(promotion->reason, "promoted_from_waitlist");
  EXPECT_EQ(std::get<std::string>(promotion->to), "enrolled");
  fx::apply_refused(d, {fx::op(ops::Withdraw{first, std::nullopt})}, IssueCode::invalid_transition,
                    "ops[0].enrollment");
  fx::apply_refused(d, {fx::op(ops::Withdraw{fx::enrollment(0), std::nullopt})}, IssueCode::invalid_transition,
                    "ops[0].enrollment");
}

// --- a course's life -----------------------------------------------------------------------------

// Course 3 with 12 newcomers enrolled.
Dataset with_full_course(int people = 12) {
  Dataset d = fx::load(with_open_sewing_course(with_new_people(fx::valid_document(), people)));
  std::vector<Operation> batch;
  for (int n = 13; n < 13 + people; ++n) batch.push_back(fx::op(ops::Enroll{fx::person(n), fx::course(3), true}));
  fx::apply_ok(d, batch);
  return d;
}

EnrollmentId place_of(const Dataset& d, int n) {
  for (const Enrollment& e : d.records<Enrollment>()) {
    if (e.trainee == fx::person(n) && e.course == fx::course(3)) return e.id;
  }
  return {};
}

TEST(StartCourse, RunsWithTheMinimumGroupAndIsCancelledWithout) {
  Dataset d = with_full_course();
  fx::apply_ok(d, {fx::op(ops::StartCourse{fx::course(3)}, day(2026, 6, 1))});
  EXPECT_EQ(d.find(fx::course(3))->status, CourseStatus::running);
  fx::apply_refused(d, {fx::op(ops::StartCourse{fx::course(3)})}, IssueCode::invalid_transition, "ops[0].course");

  Dataset thin = with_full_course(11);
  const auto result = fx::apply_ok(thin, {fx::op(ops::StartCourse{fx::course(3)}, day(2026, 6, 1))});
  EXPECT_EQ(thin.find(fx::course(3))->status, CourseStatus::cancelled);
  const Effect* withdrawn = fx::effect_on(result, place_of(thin, 13).to_string(), "status");
  ASSERT_NE(withdrawn, nullptr);
  EXPECT_EQ(withdrawn->reason, "course_cancelled");
}

TEST(CancelCourse, WithdrawsEveryPlace) {
  Dataset d = with_full_course();
  fx::apply_ok(d, {fx::op(ops::CancelCourse{fx::course(3), "the trainer left"})});
  EXPECT_EQ(d.find(fx::course(3))->status, CourseStatus::cancelled);
  EXPECT_EQ(d.find(place_of(d, 13))->status, EnrollmentStatus::withdrawn);
  fx::apply_refused(d, {fx::op(ops::CancelCourse{fx::course(1), "late"})}, IssueCode::invalid_transition,
                    "ops[0].course");
}

TEST(RecordAbsence, AboveTheLimitThePersonIsRemoved) {
  Dataset d = with_full_course();
  fx::apply_refused(d, {fx::op(ops::RecordAbsence{place_of(d, 13), 4})}, IssueCode::invalid_transition,
                    "ops[0].enrollment");  // the course is not running yet
  fx::apply_ok(d, {fx::op(ops::StartCourse{fx::course(3)}, day(2026, 6, 1))});
  fx::apply_ok(d, {fx::op(ops::RecordAbsence{place_of(d, 13), 20}, day(2026, 6, 20))});  // 20 of 100: at the limit
  EXPECT_EQ(d.find(place_of(d, 13))->status, EnrollmentStatus::enrolled);
  const auto result = fx::apply_ok(d, {fx::op(ops::RecordAbsence{place_of(d, 13), 1}, day(2026, 6, 21))});
  EXPECT_EQ(d.find(place_of(d, 13))->status, EnrollmentStatus::removed);
  EXPECT_EQ(fx::effect_on(result, place_of(d, 13).to_string(), "status")->reason, "absence_limit");
  fx::apply_refused(d, {fx::op(ops::RecordAbsence{place_of(d, 14), 101})}, IssueCode::invalid_value, "ops[0].hours");
  fx::apply_refused(d, {fx::op(ops::RecordAbsence{fx::enrollment(99), 1})}, IssueCode::unknown_reference,
                    "ops[0].enrollment");
}

TEST(RecordScore, MebCoursesOnly) {
  Dataset d = with_full_course();
  fx::apply_ok(d, {fx::op(ops::StartCourse{fx::course(3)}, day(2026, 6, 1))});
  fx::apply_ok(d, {fx::op(ops::RecordScore{place_of(d, 13), 64})});
  EXPECT_EQ(d.find(place_of(d, 13))->score, 64u);
  Dataset participation = fx::load(with_new_people(fx::valid_document(), 1));
  fx::apply_ok(participation, {fx::op(ops::Enroll{fx::person(13), fx::course(2), true})});
  fx::apply_refused(participation, {fx::op(ops::RecordScore{participation.records<Enrollment>().back().id, 70})},
                    IssueCode::invalid_value, "ops[0].enrollment");
}

TEST(CompleteCourse, OnOrAfterItsEndEachPersonCompletesOrFails) {
  Dataset d = with_full_course();
  fx::apply_ok(d, {fx::op(ops::StartCourse{fx::course(3)}, day(2026, 6, 1))});
  std::vector<Operation> scores;
  for (int n = 13; n < 25; ++n) scores.push_back(fx::op(ops::RecordScore{place_of(d, n), n == 13 ? 30u : 80u}));
  fx::apply_ok(d, scores);
  fx::apply_refused(d, {fx::op(ops::CompleteCourse{fx::course(3)}, day(2026, 8, 27))}, IssueCode::invalid_date_range,
                    "ops[0].on");
  fx::apply_ok(d, {fx::op(ops::CompleteCourse{fx::course(3)}, day(2026, 8, 28))});
  EXPECT_EQ(d.find(fx::course(3))->status, CourseStatus::completed);
  EXPECT_EQ(d.find(place_of(d, 13))->status, EnrollmentStatus::failed);
  EXPECT_EQ(d.find(place_of(d, 14))->status, EnrollmentStatus::completed);
  EXPECT_EQ(d.find(place_of(d, 14))->ended, day(2026, 8, 28));
}

TEST(RevokeCertificate, KeepsTheRecordAndStatesTheReason) {
  Dataset d = base();
  fx::apply_ok(d, {fx::op(ops::RevokeCertificate{fx::certificate(1), "issued in error"})});
  const Certificate& revoked = *d.find(fx::certificate(1));
  ASSERT_TRUE(revoked.revoked);
  EXPECT_EQ(revoked.revoked->reason, "issued in error");
  EXPECT_EQ(revoked.revoked->date, day(2026, 5, 1));
  fx::apply_refused(d, {fx::op(ops::RevokeCertificate{fx::certificate(1), "again"})}, IssueCode::invalid_transition,
                    "ops[0].certificate");
  fx::apply_refused(d, {fx::op(ops::RevokeCertificate{fx::certificate(9), "none"})}, IssueCode::unknown_reference,
                    "ops[0].certificate");
}

// --- employment ----------------------------------------------------------------------------------

TEST(Refer, ReferredOnceWhileOpenAndSeeking) {
  Dataset d = base();
  const auto result = fx::apply_ok(d, {fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)})});
  const Referral& made = d.records<Referral>().back();
  EXPECT_EQ(made.status, ReferralStatus::referred);
  EXPECT_EQ(made.referred, day(2026, 5, 1));
  EXPECT_EQ(result.results[0].created[0].id, made.id.to_string());
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)})}, IssueCode::duplicate_referral,
                    "ops[0].vacancy");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)}, day(2026, 7, 1))},
                    IssueCode::vacancy_not_open, "ops[0].vacancy");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(7)})}, IssueCode::unknown_reference,
                    "ops[0].vacancy");
}

TEST(Refer, ChecksThePerson) {
  json document = fx::valid_document();
  document["trainees"][3]["job_seeking"] = false;
  document["trainees"][4]["consents"]["share_with_employers"] = false;
  document["trainees"].push_back(fx::trainee(13));
  document["trainees"][13]["province"] = "06";
  document["vacancies"].push_back(fx::vacancy(2));
  document["vacancies"].push_back(fx::vacancy(3));
  document["vacancies"][2]["min_age"] = 40;
  document["vacancies"][1]["requires_certificate"] = true;
  Dataset d = fx::load(document);
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(2)})}, IssueCode::not_job_seeking,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(4), fx::vacancy_of(2)})}, IssueCode::consent_required,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(13), fx::vacancy_of(2)})}, IssueCode::not_eligible_residency,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(6), fx::vacancy_of(3)})}, IssueCode::not_eligible_age,
                    "ops[0].trainee");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(6), fx::vacancy_of(2)})}, IssueCode::certificate_required,
                    "ops[0].trainee");
  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(0), fx::vacancy_of(2)})});  // holds certificate 1
  fx::apply_ok(d, {fx::op(ops::EraseTrainee{fx::person(7), "request"})});
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(7), fx::vacancy_of(2)})}, IssueCode::record_erased,
                    "ops[0].trainee");
}

json with_vacancies(int count) {
  json document = fx::valid_document();
  for (int n = 2; n < 2 + count; ++n) document["vacancies"].push_back(fx::vacancy(n));
  return document;
}

TEST(Refer, AtMostThreeOpenAndPausedAfterThreeDeclines) {
  Dataset d = fx::load(with_vacancies(6));
  std::vector<Operation> three;
  for (int v = 2; v < 5; ++v) three.push_back(fx::op(ops::Refer{fx::person(6), fx::vacancy_of(v)}));
  fx::apply_ok(d, three);
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(6), fx::vacancy_of(5)})}, IssueCode::max_referrals_exceeded,
                    "ops[0].trainee");
  std::vector<Operation> declines;
  const auto referrals = d.records<Referral>();
  for (std::size_t r = referrals.size() - 3; r < referrals.size(); ++r) {
    declines.push_back(fx::op(ops::Decide{referrals[r].id, "too far", ops::Outcome::decline}, day(2026, 5, 2)));
  }
  const auto result = fx::apply_ok(d, declines);
  const Effect* pause = fx::effect_on(result, fx::trainee_id(6), "referrals_paused_until");
  ASSERT_NE(pause, nullptr);
  EXPECT_EQ(pause->reason, "decline_limit");
  EXPECT_EQ(std::get<std::string>(pause->to), "2026-07-30");  // 2026-05-02 + 90 days - 1
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(6), fx::vacancy_of(5)}, day(2026, 5, 3))},
                    IssueCode::referral_paused, "ops[0].trainee");
}

TEST(Hire, FillsTheLastPositionAndWithdrawsTheRest) {
  Dataset d = fx::load(with_vacancies(1));
  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(1), fx::vacancy_of(2)}), fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)})});
  const ReferralId elsewhere = d.records<Referral>()[2].id;
  const ReferralId rival = d.records<Referral>()[3].id;
  fx::apply_refused(d, {fx::op(ops::Interview{fx::referral_of(2)})}, IssueCode::invalid_transition, "ops[0].referral");
  fx::apply_ok(d, {fx::op(ops::Interview{rival})});
  const auto result = fx::apply_ok(d, {fx::op(ops::Hire{fx::referral_of(2)})});
  EXPECT_EQ(d.find(fx::referral_of(2))->status, ReferralStatus::hired);
  EXPECT_EQ(d.find(fx::referral_of(2))->hired, day(2026, 5, 1));
  EXPECT_EQ(d.find(fx::vacancy_of(1))->status, VacancyStatus::filled);
  EXPECT_EQ(d.find(fx::person(1))->employment_status, EmploymentStatus::employed);
  EXPECT_FALSE(d.find(fx::person(1))->job_seeking);
  EXPECT_EQ(fx::effect_on(result, elsewhere.to_string(), "status")->reason, "hired_elsewhere");
  EXPECT_EQ(fx::effect_on(result, rival.to_string(), "status")->reason, "vacancy_filled");
  fx::apply_refused(d, {fx::op(ops::Hire{fx::referral_of(2)})}, IssueCode::invalid_transition, "ops[0].referral");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(4), fx::vacancy_of(1)})}, IssueCode::vacancy_not_open,
                    "ops[0].vacancy");
  fx::apply_refused(d, {fx::op(ops::Refer{fx::person(1), fx::vacancy_of(2)})}, IssueCode::not_job_seeking,
                    "ops[0].trainee");
}

TEST(Hire, NeverMorePeopleThanPositions) {
  json document = fx::valid_document();
  document["vacancies"][0]["positions"] = 1;  // already taken by referral 1's hire
  Dataset d = fx::load(document);
  fx::apply_refused(d, {fx::op(ops::Hire{fx::referral_of(2)})}, IssueCode::capacity_exceeded, "ops[0].referral");
}

TEST(Decide, RejectDeclineAndNoShowAreDistinctOutcomes) {
  Dataset d = fx::load(with_vacancies(2));
  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(2)}), fx::op(ops::Refer{fx::person(3), fx::vacancy_of(3)})});
  const auto referrals = d.records<Referral>();
  const ReferralId second = referrals[2].id;
  const ReferralId third = referrals[3].id;
  fx::apply_ok(d, {fx::op(ops::Decide{fx::referral_of(2), "not suitable", ops::Outcome::reject}),
                   fx::op(ops::Decide{second, std::nullopt, ops::Outcome::no_show}),
                   fx::op(ops::Decide{third, "shift", ops::Outcome::decline})});
  EXPECT_EQ(d.find(fx::referral_of(2))->status, ReferralStatus::rejected);
  EXPECT_EQ(d.find(fx::referral_of(2))->reason, "not suitable");
  EXPECT_EQ(d.find(second)->status, ReferralStatus::no_show);
  EXPECT_EQ(d.find(third)->status, ReferralStatus::declined);
  EXPECT_EQ(d.find(third)->decided, day(2026, 5, 1));
  fx::apply_refused(d, {fx::op(ops::Decide{third, std::nullopt, ops::Outcome::reject})}, IssueCode::invalid_transition,
                    "ops[0].referral");
}

TEST(EndEmployment, WithinAWeekIsLeftEarlyLaterAnEndedHire) {
  Dataset d = fx::load(with_vacancies(1));
  fx::apply_ok(d, {fx::op(ops::EndEmployment{fx::referral_of(1), "moved away"}, day(2026, 4, 25))});
  EXPECT_EQ(d.find(fx::referral_of(1))->status, ReferralStatus::left_early);
  EXPECT_EQ(d.find(fx::person(0))->employment_status, EmploymentStatus::unemployed);
  EXPECT_TRUE(d.find(fx::person(0))->job_seeking);
  fx::apply_refused(d, {fx::op(ops::EndEmployment{fx::referral_of(1), std::nullopt})}, IssueCode::invalid_transition,
                    "ops[0].referral");

  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(4), fx::vacancy_of(2)})});
  const ReferralId later = d.records<Referral>().back().id;
  fx::apply_ok(d, {fx::op(ops::Hire{later}, day(2026, 5, 4))});
  fx::apply_ok(d, {fx::op(ops::EndEmployment{later, std::nullopt}, day(2026, 6, 1))});
  EXPECT_EQ(d.find(later)->status, ReferralStatus::hired);
  EXPECT_EQ(d.find(later)->ended, day(2026, 6, 1));
  fx::apply_refused(d, {fx::op(ops::EndEmployment{fx::referral_of(2), std::nullopt})}, IssueCode::invalid_transition,
                    "ops[0].referral");
}

TEST(CloseVacancy, WithdrawsItsOpenReferrals) {
  Dataset d = base();
  const auto result = fx::apply_ok(d, {fx::op(ops::CloseVacancy{fx::vacancy_of(1)})});
  EXPECT_EQ(d.find(fx::vacancy_of(1))->status, VacancyStatus::closed);
  EXPECT_EQ(d.find(fx::referral_of(2))->status, ReferralStatus::withdrawn);
  EXPECT_EQ(fx::effect_on(result, fx::referral_id(2), "status")->reason, "vacancy_closed");
  fx::apply_refused(d, {fx::op(ops::CloseVacancy{fx::vacancy_of(1)})}, IssueCode::invalid_transition, "ops[0].vacancy");
}

TEST(Advance, RetainsHiresAndClosesExpiredVacanciesNeverBack) {
  Dataset d = base();
  fx::apply_ok(d, {fx::op(ops::Advance{}, day(2026, 7, 18))});  // hired 2026-04-20 + 89 days
  EXPECT_EQ(d.find(fx::referral_of(1))->status, ReferralStatus::hired);
  EXPECT_EQ(d.find(fx::vacancy_of(1))->status, VacancyStatus::closed);  // closed 2026-06-30
  const auto result = fx::apply_ok(d, {fx::op(ops::Advance{}, day(2026, 7, 19))});
  EXPECT_EQ(d.find(fx::referral_of(1))->status, ReferralStatus::retained);
  EXPECT_EQ(fx::effect_on(result, fx::referral_id(1), "status")->reason, "retention_reached");
  EXPECT_EQ(d.as_of(), day(2026, 7, 19));
  EXPECT_FALSE(d.audit().back().collection.has_value());
  fx::apply_refused(d, {fx::op(ops::Advance{}, day(2026, 7, 1))}, IssueCode::invalid_date_range, "ops[0].on");
}

// --- erasure -------------------------------------------------------------------------------------

TEST(EraseTrainee, RemovesWhoThePersonWasKeepsWhatStatisticsNeed) {
  Dataset d = base();
  const Trainee before = *d.find(fx::person(12));
  const auto result = fx::apply_ok(d, {fx::op(ops::EraseTrainee{fx::person(12), "KVKK request"})});
  const Trainee& after = *d.find(fx::person(12));
  EXPECT_FALSE(after.identity);
  EXPECT_EQ(after.erased, day(2026, 5, 1));
  EXPECT_EQ(after.birth_year, 1995);
  EXPECT_EQ(after.gender, before.gender);
  EXPECT_EQ(after.district, before.district);
  EXPECT_EQ(d.find(*NationalId::parse(fx::national_id(12))), nullptr);
  // The waitlist place is withdrawn; the record kept.
  EXPECT_EQ(d.find(fx::enrollment(12))->status, EnrollmentStatus::withdrawn);
  EXPECT_EQ(fx::effect_on(result, fx::enrollment_id(12), "status")->reason, "erased");
  const std::string saved = write_dataset(d);
  EXPECT_EQ(saved.find(fx::national_id(12)), std::string::npos);
  EXPECT_EQ(saved.find("KVKK request"), std::string::npos);
  fx::apply_refused(d, {fx::op(ops::EraseTrainee{fx::person(12), "again"})}, IssueCode::record_erased,
                    "ops[0].trainee");
}

TEST(EraseTrainee, OpenReferralsAreWithdrawnAndReasonsRemoved) {
  Dataset d = fx::load(with_vacancies(1));
  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(1), fx::vacancy_of(2)})});
  fx::apply_ok(d, {fx::op(ops::Decide{d.records<Referral>().back().id, "Ayşe said no", ops::Outcome::decline})});
  fx::apply_ok(d, {fx::op(ops::EraseTrainee{fx::person(1), "request"})});
  EXPECT_EQ(d.find(fx::referral_of(2))->status, ReferralStatus::withdrawn);
  EXPECT_EQ(d.find(fx::referral_of(2))->reason, std::nullopt);
  EXPECT_EQ(d.records<Referral>().back().reason, std::nullopt);
  EXPECT_EQ(d.records<Referral>().back().status, ReferralStatus::declined);
}

// --- the batch -----------------------------------------------------------------------------------

TEST(Batch, AllOrNothingTheFirstBrokenRuleFailsItAndNothingChanges) {
  Dataset d = base();
  const auto result = fx::apply_refused(
      d, {fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)}), fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)})},
      IssueCode::duplicate_referral, "ops[1].vacancy");
  ASSERT_TRUE(result.failed);
  EXPECT_EQ(result.failed->index, 1u);
  EXPECT_EQ(result.failed->op, "refer");
  EXPECT_TRUE(result.results.empty());
  EXPECT_TRUE(d.audit().empty());
}

TEST(Batch, ReportsEveryIssueOfTheFailingOperation) {
  json document = fx::valid_document();
  document["trainees"][3]["job_seeking"] = false;
  document["trainees"][3]["consents"]["share_with_employers"] = false;
  Dataset d = fx::load(document);
  const auto result = fx::apply_refused(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)})},
                                        IssueCode::not_job_seeking, "ops[0].trainee");
  ASSERT_TRUE(result.failed);
  EXPECT_EQ(result.failed->issues.size(), 2u);
}

TEST(Batch, CheckOnlySaysWhatWouldHappenAndChangesNothing) {
  Dataset d = base();
  const std::string before = write_dataset(d);
  BatchContext context = fx::context_on();
  context.check_only = true;
  const std::vector<Operation> hire = {fx::op(ops::Hire{fx::referral_of(2)})};
  const auto result = apply(d, hire, context);
  EXPECT_TRUE(result.ok());
  EXPECT_FALSE(result.applied);
  ASSERT_EQ(result.results.size(), 1u);
  EXPECT_NE(fx::effect_on(result, fx::vacancy_id(1), "status"), nullptr);
  EXPECT_EQ(write_dataset(d), before);
}

TEST(Batch, IdsComeFromTheOperationOrTheSeed) {
  Dataset d = base();
  Operation refer = fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)});
  refer.id = fx::referral_id(55);
  fx::apply_ok(d, {refer});
  EXPECT_NE(d.find(fx::referral_of(55)), nullptr);
  Dataset a = base();
  Dataset b = base();
  fx::apply_ok(a, {fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)})});
  fx::apply_ok(b, {fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)})});
  EXPECT_EQ(write_dataset(a), write_dataset(b));
  // The same seed in two batches: the second draws past the ids the first took.
  fx::apply_ok(a, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)})});
  EXPECT_NE(a.records<Referral>()[2].id, a.records<Referral>()[3].id);
  Operation taken = fx::op(ops::Refer{fx::person(4), fx::vacancy_of(1)});
  taken.id = fx::referral_id(55);
  fx::apply_refused(d, {taken}, IssueCode::duplicate_id, "ops[0].id");
  Operation wrong = fx::op(ops::Interview{fx::referral_of(2)});
  wrong.id = fx::referral_id(56);
  fx::apply_refused(d, {wrong}, IssueCode::invalid_value, "ops[0].id");
  Operation not_uuid = fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)});
  not_uuid.id = "12345678901";
  const auto refused = fx::apply_refused(d, {not_uuid}, IssueCode::invalid_value, "ops[0].id");
  EXPECT_EQ(refused.failed->issues[0].message.find("12345678901"), std::string::npos);
}

TEST(Batch, AKeyedOperationReplaysOnceAndConflictsWhenChanged) {
  Dataset d = base();
  Operation refer = fx::op(ops::Refer{fx::person(2), fx::vacancy_of(1)});
  refer.key = "form-2026-05-01-0001";
  const auto first = fx::apply_ok(d, {refer});
  const std::size_t referrals = d.records<Referral>().size();
  const auto again = fx::apply_ok(d, {refer});
  ASSERT_EQ(again.results.size(), 1u);
  EXPECT_TRUE(again.results[0].replayed);
  EXPECT_EQ(again.results[0].seq, first.results[0].seq);
  EXPECT_EQ(d.records<Referral>().size(), referrals);
  EXPECT_EQ(d.audit().size(), 1u);
  ASSERT_TRUE(d.audit()[0].digest);
  EXPECT_EQ(d.audit()[0].digest->size(), 64u);
  Operation changed = fx::op(ops::Refer{fx::person(3), fx::vacancy_of(1)});
  changed.key = refer.key;
  fx::apply_refused(d, {changed}, IssueCode::idempotency_conflict, "ops[0].key");
}

TEST(Batch, OneAuditEntryPerOperationWithoutPersonalData) {
  Dataset d = fx::load(with_vacancies(1));
  fx::apply_ok(d, {fx::op(ops::Refer{fx::person(3), fx::vacancy_of(2)}),
                   fx::op(ops::Decide{fx::referral_of(2), "Ayşe Yılmaz " + fx::national_id(1), ops::Outcome::decline}),
                   fx::op(ops::EraseTrainee{fx::person(4), "Ayşe asked"})});
  ASSERT_EQ(d.audit().size(), 3u);
  EXPECT_EQ(d.audit()[0].seq, 1u);
  EXPECT_EQ(d.audit()[2].seq, 3u);
  EXPECT_EQ(d.audit()[1].collection, Collection::referrals);
  EXPECT_EQ(d.audit()[1].id, fx::referral_id(2));
  Dataset trail;
  for (const AuditEntry& entry : d.audit()) trail.append_audit(entry);
  const std::string text = write_dataset(trail);
  EXPECT_EQ(text.find("Ay"), std::string::npos) << text;
  EXPECT_EQ(text.find(fx::national_id(1)), std::string::npos);
  EXPECT_EQ(text.find("asked"), std::string::npos);
}

TEST(Batch, WithoutAnActorNothingIsApplied) {
  Dataset d = base();
  BatchContext context = fx::context_on();
  context.actor.clear();
  fx::apply_refused(d, {fx::op(ops::Interview{fx::referral_of(2)})}, IssueCode::missing_field, "ops[0].actor", context);
}

// --- lifecycles ----------------------------------------------------------------------------------

template <class Status>
std::vector<Status> all_of(std::initializer_list<Status> statuses) {
  return statuses;
}

TEST(Lifecycle, EveryMoveOfEveryTableIsDecided) {
  using E = EnrollmentStatus;
  const auto enrollment = all_of({E::waitlisted, E::enrolled, E::withdrawn, E::removed, E::failed, E::completed});
  const std::set<std::pair<E, E>> enrollment_moves = {{E::waitlisted, E::enrolled}, {E::waitlisted, E::withdrawn},
                                                      {E::enrolled, E::withdrawn},  {E::enrolled, E::removed},
                                                      {E::enrolled, E::completed},  {E::enrolled, E::failed}};
  for (const E from : enrollment) {
    for (const E to : enrollment) EXPECT_EQ(can_move(from, to), enrollment_moves.count({from, to}) == 1);
  }
  using C = CourseStatus;
  const auto course = all_of({C::planned, C::open, C::running, C::completed, C::cancelled});
  const std::set<std::pair<C, C>> course_moves = {{C::planned, C::open},      {C::planned, C::cancelled},
                                                  {C::open, C::running},      {C::open, C::cancelled},
                                                  {C::running, C::completed}, {C::running, C::cancelled}};
  for (const C from : course) {
    for (const C to : course) EXPECT_EQ(can_move(from, to), course_moves.count({from, to}) == 1);
  }
  using V = VacancyStatus;
  const auto vacancy = all_of({V::open, V::filled, V::closed});
  const std::set<std::pair<V, V>> vacancy_moves = {{V::open, V::filled}, {V::open, V::closed}};
  for (const V from : vacancy) {
    for (const V to : vacancy) EXPECT_EQ(can_move(from, to), vacancy_moves.count({from, to}) == 1);
  }
  using R = ReferralStatus;
  const auto referral = all_of({R::referred, R::interview, R::hired, R::rejected, R::declined, R::no_show,
                                R::withdrawn, R::left_early, R::retained});
  std::set<std::pair<R, R>> referral_moves = {{R::referred, R::interview}, {R::hired, R::left_early}, {R::hired, R::retained}};
  for (const R open : {R::referred, R::interview}) {
    for (const R outcome : {R::hired, R::rejected, R::declined, R::no_show, R::withdrawn}) referral_moves.insert({open, outcome});
  }
  for (const R from : referral) {
    for (const R to : referral) {
      EXPECT_EQ(can_move(from, to), referral_moves.count({from, to}) == 1) << to_string(from) << " -> " << to_string(to);
      EXPECT_EQ(check_transition(from, to).has_value(), referral_moves.count({from, to}) == 0);
    }
  }
}

}  // namespace
}  // namespace vocfab
