// SPEC section 4, "How days and limits are counted": every boundary, on both sides, each as a
// small change to the valid fixture document. The day just inside a limit gives no issue (the
// whole document stays clean where it can); the day just outside gives the rule's issue.
#include "support/fixture.h"
#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>

namespace vocfab {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using json = nlohmann::json;
namespace fx = vocfab::testing;

std::vector<Issue> issues_of(const json& document) { return validate_text(document.dump()).issues; }

auto HasIssue(IssueCode code, const std::string& path) {
  return Contains(AllOf(Field(&Issue::code, code), Field(&Issue::path, path)));
}

auto HasCode(IssueCode code) { return Contains(Field(&Issue::code, code)); }

std::string all_messages(const std::vector<Issue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.path + ": " + std::string(to_string(issue.code)) + ": " + issue.message + "\n";
  return text;
}

// The whole document validates clean (the messages of any issue are printed).
#define EXPECT_CLEAN(doc)                                                \
  do {                                                                   \
    const auto clean_issues = issues_of(doc);                            \
    EXPECT_THAT(clean_issues, IsEmpty()) << all_messages(clean_issues);  \
  } while (false)

// --- Decline pause ---------------------------------------------------------------------------
// Trainee 3 declines, fails to show up for, and declines again vacancies 2, 3 and 4 (referrals[2]
// to [4], all referred on 2026-04-10, decided on the given days), and is then referred to
// vacancy 5 on @p referred (referrals[5]). Every vacancy stays open to the end of 2027. Policy:
// decline_limit 3, decline_window_days 365, pause_days 90.
json after_declines(const std::array<std::string, 3>& decided, const std::string& referred) {
  json doc = fx::valid_document();
  for (int v = 2; v <= 5; ++v) {
    json vacancy = fx::vacancy(v);
    vacancy["closes"] = "2027-12-31";
    doc["vacancies"].push_back(vacancy);
  }
  for (int v = 2; v <= 4; ++v) {
    json declined = fx::referral(10 + v, 3, v, v == 3 ? "no_show" : "declined", "2026-04-10");
    declined["decided"] = decided[static_cast<std::size_t>(v - 2)];
    doc["referrals"].push_back(declined);
  }
  doc["referrals"].push_back(fx::referral(20, 3, 5, "referred", referred));
  return doc;
}

const std::array<std::string, 3> kDeclines = {"2026-04-11", "2026-04-12", "2026-04-13"};  // d_k = 04-13

TEST(DeclinePause, StartsOnTheDayOfTheDeclineThatReachesTheLimit) {
  EXPECT_THAT(issues_of(after_declines(kDeclines, "2026-04-13")),
              HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  EXPECT_CLEAN(after_declines(kDeclines, "2026-04-12"));  // Two declines so far: no pause yet.
}

TEST(DeclinePause, LastPausedDayIsPauseDaysMinusOneAfterTheDecline) {
  // d_k + pause_days = 2026-04-13 + 90 = 2026-07-12.
  const auto issues = issues_of(after_declines(kDeclines, "2026-07-11"));
  EXPECT_THAT(issues, HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  EXPECT_THAT(all_messages(issues), HasSubstr("paused until 2026-07-11"));
  EXPECT_CLEAN(after_declines(kDeclines, "2026-07-12"));
}

TEST(DeclinePause, NoPauseDaysMeansNoPause) {
  json doc = after_declines(kDeclines, "2026-04-13");
  doc["policy"]["pause_days"] = 0;
  EXPECT_CLEAN(doc);
  doc["policy"]["pause_days"] = 1;  // Paused on d_k only.
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  doc["referrals"][5]["referred"] = "2026-04-14";
  EXPECT_CLEAN(doc);
}

TEST(DeclinePause, WindowCoversTheDaysBeforeFirstPlusWindow) {
  // d_1 + decline_window_days = 2026-04-11 + 365 = 2027-04-11.
  EXPECT_THAT(issues_of(after_declines({"2026-04-11", "2026-10-01", "2027-04-10"}, "2027-04-12")),
              HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  EXPECT_CLEAN(after_declines({"2026-04-11", "2026-10-01", "2027-04-11"}, "2027-04-12"));
}

TEST(DeclinePause, WindowSlidesOverTheMostRecentDeclines) {
  // The first three are too far apart; the last three are within the window.
  json doc = after_declines({"2026-04-11", "2026-10-01", "2027-04-11"}, "2027-04-12");
  json vacancy = fx::vacancy(6);
  vacancy["closes"] = "2027-12-31";
  doc["vacancies"].push_back(vacancy);
  json fourth = fx::referral(21, 3, 6, "declined", "2026-04-10");
  fourth["decided"] = "2027-04-12";
  doc["referrals"].push_back(fourth);
  doc["referrals"][5]["referred"] = "2027-04-13";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
}

TEST(DeclinePause, DeclinesCountOnTheirDecidedDate) {
  // Referred on 04-10, decided in May: on 04-20 none of them has happened yet.
  EXPECT_CLEAN(after_declines({"2026-05-01", "2026-05-02", "2026-05-03"}, "2026-04-20"));
  EXPECT_THAT(issues_of(after_declines({"2026-05-01", "2026-05-02", "2026-05-03"}, "2026-05-03")),
              HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
}

TEST(DeclinePause, DeclinesWithoutADecidedDateCountOnTheirReferredDate) {
  json doc = after_declines({"2026-05-01", "2026-05-02", "2026-05-03"}, "2026-04-20");
  for (int r = 2; r <= 4; ++r) doc["referrals"][r].erase("decided");
  // Counted on 2026-04-10 instead: paused 04-10 to 07-08.
  const auto issues = issues_of(doc);
  EXPECT_THAT(issues, HasIssue(IssueCode::missing_field, "referrals[2].decided"));
  EXPECT_THAT(issues, HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  doc["referrals"][5]["referred"] = "2026-07-09";
  EXPECT_THAT(issues_of(doc), Not(HasCode(IssueCode::referral_paused)));
}

TEST(DeclinePause, RejectionsAndWithdrawalsDoNotCount) {
  json doc = after_declines(kDeclines, "2026-04-20");
  doc["referrals"][3]["status"] = "rejected";
  EXPECT_CLEAN(doc);
  doc["referrals"][3]["status"] = "withdrawn";
  EXPECT_CLEAN(doc);
}

// --- Hires: left_early, ended hires, retained ------------------------------------------------
// referrals[0] is hired on 2026-04-20; early_leave_days 7 (2026-04-27), retention_days 90
// (2026-07-19).

json hire(const std::string& status, const std::string& ended) {
  json doc = fx::valid_document();
  doc["referrals"][0]["status"] = status;
  if (!ended.empty()) doc["referrals"][0]["ended"] = ended;
  return doc;
}

TEST(Hires, LeftEarlyEndsBeforeHiredPlusEarlyLeaveDays) {
  EXPECT_CLEAN(hire("left_early", "2026-04-20"));  // Ended on the first day.
  EXPECT_CLEAN(hire("left_early", "2026-04-26"));
  EXPECT_THAT(issues_of(hire("left_early", "2026-04-27")), HasIssue(IssueCode::invalid_value, "referrals[0].status"));
  EXPECT_THAT(issues_of(hire("left_early", "")), HasIssue(IssueCode::missing_field, "referrals[0].ended"));
}

TEST(Hires, AHireEndedWithinEarlyLeaveDaysIsLeftEarlyNotHired) {
  EXPECT_THAT(issues_of(hire("hired", "2026-04-26")), HasIssue(IssueCode::invalid_value, "referrals[0].status"));
  EXPECT_CLEAN(hire("hired", "2026-04-27"));  // An ended hire.
}

TEST(Hires, AHireEndedBetweenEarlyLeaveAndRetentionStaysHired) {
  EXPECT_CLEAN(hire("hired", "2026-05-15"));
  EXPECT_CLEAN(hire("hired", "2026-07-18"));
  EXPECT_CLEAN(hire("hired", ""));
}

TEST(Hires, RetainedHasNotEndedBeforeHiredPlusRetentionDays) {
  EXPECT_THAT(issues_of(hire("retained", "2026-07-18")), HasIssue(IssueCode::invalid_value, "referrals[0].status"));
  EXPECT_CLEAN(hire("retained", "2026-07-19"));
  EXPECT_CLEAN(hire("retained", ""));
}

TEST(Hires, ZeroEarlyLeaveDaysMeansNothingIsLeftEarly) {
  json doc = hire("left_early", "2026-04-20");
  doc["policy"]["early_leave_days"] = 0;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "referrals[0].status"));
  doc["referrals"][0]["status"] = "hired";
  EXPECT_CLEAN(doc);
}

// --- Age on a day ------------------------------------------------------------------------------
// Trainee 20 takes a seat (enrollments[13]) in course 2, whose start is the day the age is judged.

json minor_enrolled(const std::string& birth, const std::string& start) {
  json doc = fx::valid_document();
  json person = fx::trainee(20);
  person["birth_date"] = birth;
  doc["trainees"].push_back(person);
  doc["courses"][1]["start"] = start;
  doc["enrollments"].push_back({{"id", fx::enrollment_id(13)}, {"trainee", fx::trainee_id(20)},
                                {"course", fx::course_id(2)}, {"status", "enrolled"}, {"absent_hours", 0}});
  return doc;
}

TEST(Age, LeapDayBirthdayTurnsOlderOnFirstMarchInCommonYears) {
  // Born 2008-02-29: 17 on 2026-02-28, 18 on 2026-03-01.
  EXPECT_THAT(issues_of(minor_enrolled("2008-02-29", "2026-02-28")),
              HasIssue(IssueCode::guardian_consent_required, "enrollments[13].trainee"));
  EXPECT_CLEAN(minor_enrolled("2008-02-29", "2026-03-01"));
}

TEST(Age, TheBirthdayItselfCounts) {
  EXPECT_CLEAN(minor_enrolled("2008-03-01", "2026-03-01"));
  EXPECT_THAT(issues_of(minor_enrolled("2008-03-01", "2026-02-28")),
              HasIssue(IssueCode::guardian_consent_required, "enrollments[13].trainee"));
  EXPECT_CLEAN(minor_enrolled("2008-02-28", "2026-02-28"));
}

TEST(Age, MinimumAgeAtTheCourseStart) {
  json doc = minor_enrolled("2011-02-28", "2026-02-28");  // 15 that day.
  doc["trainees"][13]["guardian_consent"] = true;
  EXPECT_CLEAN(doc);
  doc["trainees"][13]["birth_date"] = "2011-03-01";  // 14 until the next day.
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::not_eligible_age, "enrollments[13].trainee"));
  doc["trainees"][13]["birth_date"] = "2010-02-28";
  doc["courses"][1]["min_age"] = 16;
  EXPECT_CLEAN(doc);
  doc["trainees"][13]["birth_date"] = "2010-03-01";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::not_eligible_age, "enrollments[13].trainee"));
}

TEST(Age, VacancyMinimumAgeOnTheReferralDay) {
  json doc = fx::valid_document();
  doc["vacancies"][0]["min_age"] = 18;
  doc["trainees"][1]["birth_date"] = "2008-02-29";
  doc["trainees"][1]["guardian_consent"] = true;  // Trainee 1 also holds a seat in course 1.
  doc["referrals"][1]["referred"] = "2026-04-10";
  EXPECT_CLEAN(doc);
  doc["trainees"][1]["birth_date"] = "2008-04-11";  // 18 the day after the referral.
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::not_eligible_age, "referrals[1].trainee"));
  doc["trainees"][1]["birth_date"] = "2008-04-10";
  EXPECT_CLEAN(doc);
}

// --- A vacancy is open on opened ≤ D ≤ closes ------------------------------------------------

TEST(VacancyOpen, TakesReferralsFromOpenedToClosesInclusive) {
  json doc = fx::valid_document();  // Vacancy 1: 2026-04-01 … 2026-06-30; referrals[1] is open.
  for (const char* day : {"2026-04-01", "2026-06-30"}) {
    doc["referrals"][1]["referred"] = day;
    EXPECT_CLEAN(doc);
  }
  for (const char* day : {"2026-03-31", "2026-07-01"}) {
    doc["referrals"][1]["referred"] = day;
    EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::vacancy_not_open, "referrals[1].referred")) << day;
  }
}

// --- Courses overlap when they share a day ---------------------------------------------------
// Trainee 0 completed course 1 (2026-01-05 … 2026-03-27) and takes a seat in course 3.

json second_course(const std::string& start) {
  json doc = fx::valid_document();
  json course = doc["courses"][1];
  course["id"] = fx::course_id(3);
  course["start"] = start;
  course["end"] = "2026-04-30";
  doc["courses"].push_back(course);
  doc["enrollments"].push_back({{"id", fx::enrollment_id(13)}, {"trainee", fx::trainee_id(0)},
                                {"course", fx::course_id(3)}, {"status", "enrolled"}, {"absent_hours", 0}});
  return doc;
}

TEST(CourseOverlap, TheEndOfOneOnTheStartOfTheOtherOverlaps) {
  EXPECT_THAT(issues_of(second_course("2026-03-27")), HasIssue(IssueCode::schedule_conflict, "enrollments[13].course"));
  EXPECT_CLEAN(second_course("2026-03-28"));
}

TEST(CourseOverlap, AOneDayCourseInsideAnotherOverlaps) {
  json doc = second_course("2026-02-01");
  doc["courses"][2]["end"] = "2026-02-01";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::schedule_conflict, "enrollments[13].course"));
}

// --- Absence limit: absent ≤ total_hours × ratio, exactly ------------------------------------

TEST(AbsenceLimit, TheAllowedShareIsWithinTheLimit) {
  json doc = fx::valid_document();
  doc["courses"][0]["total_hours"] = 40;  // 1/5 of 40 = 8.
  doc["enrollments"][0]["absent_hours"] = 8;
  EXPECT_CLEAN(doc);
  doc["enrollments"][0]["absent_hours"] = 9;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::absence_limit_exceeded, "enrollments[0].absent_hours"));
}

TEST(AbsenceLimit, AFractionalShareRoundsNeitherWay) {
  json doc = fx::valid_document();
  doc["courses"][0]["total_hours"] = 44;  // 1/5 of 44 = 8.8: 8 is within, 9 is not.
  doc["enrollments"][0]["absent_hours"] = 8;
  EXPECT_CLEAN(doc);
  doc["enrollments"][0]["absent_hours"] = 9;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::absence_limit_exceeded, "enrollments[0].absent_hours"));
  doc["policy"]["max_absence_ratio"] = "1/4";  // 11 of 44 exactly.
  doc["enrollments"][0]["absent_hours"] = 11;
  EXPECT_CLEAN(doc);
  doc["enrollments"][0]["absent_hours"] = 12;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::absence_limit_exceeded, "enrollments[0].absent_hours"));
}

// --- Pass mark: score ≥ pass_mark passes -----------------------------------------------------

TEST(PassMark, ThePassMarkItselfPasses) {
  json doc = fx::valid_document();
  doc["enrollments"][0]["score"] = 50;
  EXPECT_CLEAN(doc);
  doc["enrollments"][0]["score"] = 49;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "enrollments[0].score"));
}

TEST(PassMark, OneBelowThePassMarkFails) {
  json doc = fx::valid_document();
  doc["enrollments"][5]["status"] = "failed";
  doc["enrollments"][5]["score"] = 49;
  EXPECT_CLEAN(doc);
  doc["enrollments"][5]["score"] = 50;
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "enrollments[5].score"));
}

// --- Open referrals: at most max_active_referrals --------------------------------------------

TEST(MaxActiveReferrals, ExactlyTheLimitIsFine) {
  json doc = fx::valid_document();  // Trainee 1 already has one referral in interview.
  for (int v = 2; v <= 4; ++v) doc["vacancies"].push_back(fx::vacancy(v));
  doc["referrals"].push_back(fx::referral(12, 1, 2, "referred"));
  doc["referrals"].push_back(fx::referral(13, 1, 3, "interview"));
  EXPECT_CLEAN(doc);
  doc["referrals"].push_back(fx::referral(14, 1, 4, "referred"));
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::max_referrals_exceeded, "referrals[4].status"));
  doc["referrals"][4]["status"] = "rejected";  // Closed referrals do not count.
  doc["referrals"][4]["decided"] = "2026-04-12";
  EXPECT_CLEAN(doc);
}

// --- Minimum group at the course's start -----------------------------------------------------
// Course 1 (completed, start 2026-01-05, minimum group 12) has exactly 12 seat holders; one of
// them, enrollments[11], is made a withdrawal instead.

json one_withdrew(const std::string& ended) {
  json doc = fx::valid_document();
  json& withdrawn = doc["enrollments"][11];
  withdrawn["status"] = "withdrawn";
  withdrawn.erase("score");
  withdrawn["enrolled"] = "2025-12-15";
  if (!ended.empty()) withdrawn["ended"] = ended;
  return doc;
}

TEST(MinimumGroup, AWithdrawalOnTheStartDayCounts) {
  EXPECT_CLEAN(one_withdrew("2026-01-05"));
  EXPECT_CLEAN(one_withdrew("2026-02-20"));
}

TEST(MinimumGroup, AWithdrawalTheDayBeforeTheStartDoesNot) {
  EXPECT_THAT(issues_of(one_withdrew("2026-01-04")), HasIssue(IssueCode::invalid_value, "courses[0].status"));
}

TEST(MinimumGroup, AWithdrawalOnAnUnknownDayCounts) { EXPECT_CLEAN(one_withdrew("")); }

TEST(MinimumGroup, ARunningCourseIsJudgedTheSameWay) {
  json doc = one_withdrew("2026-01-05");
  doc["courses"][0]["status"] = "running";
  for (auto& enrollment : doc["enrollments"]) {
    if (enrollment["status"] == "completed") {
      enrollment["status"] = "enrolled";
      enrollment.erase("score");
    }
  }
  doc["certificates"] = json::array();  // Nothing is certified while a course runs.
  EXPECT_CLEAN(doc);
  doc["enrollments"][11]["ended"] = "2026-01-04";
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "courses[0].status"));
}

TEST(MinimumGroup, AnOpenOrPlannedCourseNeedsNoMinimumYet) {
  json doc = fx::valid_document();  // Course 2 is open with nobody in it.
  doc["courses"][1]["status"] = "planned";
  EXPECT_CLEAN(doc);
}

TEST(MinimumGroup, ACancelledCourseHasNoSeatHolders) {
  json doc = fx::valid_document();
  doc["courses"][1]["status"] = "cancelled";
  doc["enrollments"].push_back({{"id", fx::enrollment_id(13)}, {"trainee", fx::trainee_id(12)},
                                {"course", fx::course_id(2)}, {"status", "withdrawn"}, {"absent_hours", 0},
                                {"ended", "2026-05-04"}});
  EXPECT_CLEAN(doc);
  doc["enrollments"][13]["status"] = "enrolled";
  doc["enrollments"][13].erase("ended");
  EXPECT_THAT(issues_of(doc), HasIssue(IssueCode::invalid_value, "courses[1].status"));
}

// --- The end of the calendar -----------------------------------------------------------------
// Validation never throws on a valid input: days near 9999-12-31 with the longest policy
// periods (36500 days) give the right issues, or none.

TEST(CalendarEnd, DatesNearTheLastDayValidateWithoutThrowing) {
  json doc = fx::valid_document();
  for (const char* key : {"early_leave_days", "retention_days", "decline_window_days", "pause_days"}) {
    doc["policy"][key] = 36500;
  }
  for (int v = 2; v <= 5; ++v) {
    json vacancy = fx::vacancy(v);
    vacancy["opened"] = "9999-12-01";
    vacancy["closes"] = "9999-12-31";
    vacancy["positions"] = 6;
    doc["vacancies"].push_back(vacancy);
  }
  // Trainee 3: three declines late in December, then a referral (referrals[5]) while paused.
  for (int v = 2; v <= 4; ++v) {
    json declined = fx::referral(10 + v, 3, v, "declined", "9999-12-20");
    declined["decided"] = "9999-12-2" + std::to_string(v - 2);
    doc["referrals"].push_back(declined);
  }
  doc["referrals"].push_back(fx::referral(20, 3, 5, "referred", "9999-12-31"));
  // Hires on vacancy 2 (referrals[6] to [10]) whose periods run past the end of the calendar.
  const auto hired = [&](int n, int trainee, const std::string& status, const std::string& ended) {
    json r = fx::referral(n, trainee, 2, status, "9999-12-21");
    r["hired"] = "9999-12-22";
    if (!ended.empty()) r["ended"] = ended;
    doc["referrals"].push_back(r);
  };
  hired(30, 4, "left_early", "9999-12-31");  // Within 36500 days: fine.
  hired(31, 5, "retained", "");              // Fine.
  hired(32, 6, "retained", "9999-12-31");    // Ended before hired + 36500 days.
  hired(33, 7, "hired", "9999-12-31");       // Ended within early_leave_days: left_early.
  hired(34, 8, "hired", "");                 // Fine.
  // A course at the very end, run with its own minimum group of one, which withdrew on its last
  // day (course 3, enrollments[13]).
  json course = doc["courses"][1];
  course["id"] = fx::course_id(3);
  course["start"] = "9999-12-30";
  course["end"] = "9999-12-31";
  course["min_group"] = 1;
  course["status"] = "running";
  doc["courses"].push_back(course);
  doc["enrollments"].push_back({{"id", fx::enrollment_id(13)}, {"trainee", fx::trainee_id(9)},
                                {"course", fx::course_id(3)}, {"status", "withdrawn"}, {"absent_hours", 0},
                                {"enrolled", "9999-12-29"}, {"ended", "9999-12-31"}});

  std::vector<Issue> issues;
  ASSERT_NO_THROW(issues = issues_of(doc));
  EXPECT_THAT(issues, HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  EXPECT_THAT(all_messages(issues), HasSubstr("paused until 9999-12-31"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "referrals[8].status"));
  EXPECT_THAT(issues, HasIssue(IssueCode::invalid_value, "referrals[9].status"));
  EXPECT_EQ(issues.size(), 3u) << all_messages(issues);
}

TEST(CalendarEnd, APauseReachingPastTheLastDayStillHolds) {
  // Three declines on the last days of the calendar and a referral on the very last day.
  json doc = after_declines({"9999-12-29", "9999-12-29", "9999-12-30"}, "9999-12-31");
  for (json& vacancy : doc["vacancies"]) vacancy["closes"] = "9999-12-31";
  doc["policy"]["decline_window_days"] = 36500;
  std::vector<Issue> issues;
  ASSERT_NO_THROW(issues = issues_of(doc));
  EXPECT_THAT(issues, HasIssue(IssueCode::referral_paused, "referrals[5].referred"));
  EXPECT_EQ(issues.size(), 1u) << all_messages(issues);
}

}  // namespace
}  // namespace vocfab
