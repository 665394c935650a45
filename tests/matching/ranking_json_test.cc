// Candidate ranking and referral matching in JSON: the requests' fields and errors, the results'
// shapes, and the operations a match writes.
#include "matching/allocation_fixture.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/io/ranking_json.h"

#include <gmock/gmock.h>

namespace vocfab::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

void expect_one_issue(const std::vector<Issue>& issues, IssueCode code, const std::string& path, std::string_view text) {
  ASSERT_EQ(issues.size(), 1u) << text << ": " << (issues.empty() ? "" : issues.back().path + " " + issues.back().message);
  EXPECT_EQ(issues[0].code, code) << text;
  EXPECT_EQ(issues[0].path, path) << text;
}

TEST(RankingJson, ReadsTheRequests) {
  const std::string vacancy = vacancy_id(1), trainee = trainee_id(2);
  auto rank = read_rank_request(R"({"vacancy": ")" + vacancy + R"(", "top": 7, "as_of": "2026-05-01"})");
  ASSERT_TRUE(rank.issues.empty());
  EXPECT_EQ(rank.request.vacancy.to_string(), vacancy);
  EXPECT_EQ(rank.request.top, 7u);
  EXPECT_EQ(rank.request.as_of, day(2026, 5, 1));
  rank = read_rank_request(R"({"vacancy": ")" + vacancy + R"(", "top": null, "as_of": null})");
  ASSERT_TRUE(rank.issues.empty());
  EXPECT_EQ(rank.request.top, 50u);
  EXPECT_FALSE(rank.request.as_of);

  const auto explain = read_explain_request(R"({"vacancy": ")" + vacancy + R"(", "trainee": ")" + trainee + R"("})");
  ASSERT_TRUE(explain.issues.empty());
  EXPECT_EQ(explain.request.trainee.to_string(), trainee);

  auto match = read_match_request("");
  ASSERT_TRUE(match.issues.empty());
  EXPECT_EQ(match.request.mode, matching::ReferralMatchMode::stable);
  EXPECT_EQ(match.request.shortlist, 20u);
  match = read_match_request(R"({"mode": "max_score", "shortlist": 3, "as_of": "2026-05-01"})");
  ASSERT_TRUE(match.issues.empty());
  EXPECT_EQ(match.request.mode, matching::ReferralMatchMode::max_score);
  EXPECT_EQ(match.request.shortlist, 3u);
  EXPECT_EQ(match.request.max_threads, 0u);
  match = read_match_request(R"({"max_threads": 2})");
  ASSERT_TRUE(match.issues.empty());
  EXPECT_EQ(match.request.max_threads, 2u);
}

TEST(RankingJson, RequestErrors) {
  const std::string v = R"("vacancy": ")" + vacancy_id(1) + R"(")";
  for (const auto& [text, code, path] : std::vector<std::tuple<std::string, IssueCode, std::string>>{
           {"{}", IssueCode::missing_field, "vacancy"},
           {"", IssueCode::missing_field, "vacancy"},
           {R"({"vacancy": "nope"})", IssueCode::invalid_value, "vacancy"},
           {R"({"vacancy": 5})", IssueCode::invalid_value, "vacancy"},
           {"{" + v + R"(, "top": 0})", IssueCode::invalid_value, "top"},
           {"{" + v + R"(, "top": -3})", IssueCode::invalid_value, "top"},
           {"{" + v + R"(, "top": 10001})", IssueCode::invalid_value, "top"},
           {"{" + v + R"(, "top": 1.5})", IssueCode::invalid_value, "top"},
           {"{" + v + R"(, "as_of": "2026-02-30"})", IssueCode::invalid_value, "as_of"},
           {"{" + v + R"(, "top": 1, "top": 2})", IssueCode::invalid_value, "top"},
           {"{" + v + R"(, "colour": 1})", IssueCode::invalid_value, "colour"},
           {"[1]", IssueCode::invalid_value, ""},
           {"{", IssueCode::parse_error, ""},
       }) {
    expect_one_issue(read_rank_request(text).issues, code, path, text);
  }
  expect_one_issue(read_rank_request(std::string(kMaxRankingRequestBytes + 1, ' ')).issues, IssueCode::invalid_value, "", "long");
  const auto both = read_explain_request("{}").issues;
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].path, "vacancy");
  EXPECT_EQ(both[1].path, "trainee");
  expect_one_issue(read_match_request(R"({"mode": "greedy"})").issues, IssueCode::invalid_value, "mode", "mode");
  expect_one_issue(read_match_request(R"({"shortlist": 1001})").issues, IssueCode::invalid_value, "shortlist", "shortlist");
  expect_one_issue(read_match_request(R"({"max_threads": 257})").issues, IssueCode::invalid_value, "max_threads", "max_threads");
}

TEST(RankingJson, NationalIdsInRequestsAreMasked) {
  const std::string id = "10000000146";
  for (const std::string& text : {R"({"vacancy": ")" + id + R"("})", R"({")" + id + R"(": 1})",
                                  R"({"mode": ")" + id + R"("})", R"({"as_of": ")" + id + R"("})"}) {
    for (const auto& issues : {read_rank_request(text).issues, read_match_request(text).issues}) {
      for (const auto& issue : issues) {
        EXPECT_THAT(issue.message, Not(HasSubstr(id))) << text;
        EXPECT_THAT(issue.path, Not(HasSubstr(id))) << text;
      }
    }
  }
}

TEST(RankingJson, WritesRankingExplanationAndMatch) {
  const Dataset dataset = read_document(valid_document());
  const std::string request = R"({"vacancy": ")" + vacancy_id(1) + R"(", "top": 2, "as_of": "2026-05-01"})";
  const JsonReply ranked = rank_json(dataset, request);
  ASSERT_TRUE(ranked.ok());
  const auto ranking = nlohmann::json::parse(ranked.json);
  EXPECT_FALSE(ranking.contains("eligible"));
  ASSERT_EQ(ranking["candidates"].size(), 2u);
  EXPECT_EQ(ranking["candidates"][0]["trainee"], trainee_id(2));
  EXPECT_EQ(ranking["candidates"][0]["score"], 28);
  EXPECT_EQ(ranking["candidates"][0]["terms"].size(), 7u);
  EXPECT_EQ(ranking["candidates"][0]["terms"][3]["term"], "waiting");
  EXPECT_EQ(ranking["candidates"][0]["terms"][3]["points"], 8);

  const JsonReply not_eligible = explain_json(
      dataset, R"({"vacancy": ")" + vacancy_id(1) + R"(", "trainee": ")" + trainee_id(1) + R"(", "as_of": "2026-05-01"})");
  ASSERT_TRUE(not_eligible.ok());
  const auto why = nlohmann::json::parse(not_eligible.json);
  EXPECT_EQ(why["eligible"], false);
  EXPECT_EQ(why["reasons"][0]["code"], "duplicate_referral");
  const JsonReply eligible = explain_json(
      dataset, R"({"vacancy": ")" + vacancy_id(1) + R"(", "trainee": ")" + trainee_id(2) + R"(", "as_of": "2026-05-01"})");
  ASSERT_TRUE(eligible.ok());
  EXPECT_EQ(nlohmann::json::parse(eligible.json)["score"], 28);

  const JsonReply unknown = rank_json(dataset, R"({"vacancy": ")" + vacancy_id(99) + R"(", "as_of": "2026-05-01"})");
  expect_one_issue(unknown.issues, IssueCode::unknown_reference, "vacancy", "unknown");
  const JsonReply closed = rank_json(dataset, R"({"vacancy": ")" + vacancy_id(1) + R"(", "as_of": "2027-01-01"})");
  expect_one_issue(closed.issues, IssueCode::vacancy_not_open, "vacancy", "closed");

  const JsonReply matched = match_json(dataset, R"({"mode": "max_score", "as_of": "2026-05-01"})");
  ASSERT_TRUE(matched.ok());
  const auto match = nlohmann::json::parse(matched.json);
  EXPECT_EQ(match["mode"], "max_score");
  ASSERT_EQ(match["operations"].size(), match["pairs"].size());
  std::int64_t total = 0;
  for (std::size_t i = 0; i < match["pairs"].size(); ++i) {
    total += match["pairs"][i]["score"].get<std::int64_t>();
    EXPECT_EQ(match["operations"][i]["op"], "refer");
    EXPECT_EQ(match["operations"][i]["trainee"], match["pairs"][i]["trainee"]);
    const auto decoded = read_operations(match["operations"][i].dump());
    ASSERT_FALSE(decoded.parse_error);
    ASSERT_EQ(decoded.operations.size(), 1u);
    EXPECT_TRUE(decoded.operations[0].operation.has_value());
  }
  EXPECT_EQ(match["total_score"], total);
  EXPECT_EQ(match["open_positions_left"].get<std::size_t>() + match["pairs"].size(),
            match["open_positions"].get<std::size_t>());
}

}  // namespace
}  // namespace vocfab::testing
