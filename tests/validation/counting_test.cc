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
