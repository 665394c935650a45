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
