// Assignment requests and results in JSON: the SPEC 5.0 shapes, the kind decided by the fields,
// and hostile input refused with paths (non-integers, ragged rows, out-of-range indices, unknown
// or repeated fields, weights beyond the exactness bound, deep nesting), masked messages.
#include "vocfab/io/assignment_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vocfab {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json answer(std::string_view request) {
  const auto outcome = assign_json(request);
  return nlohmann::json::parse(outcome.json);
}

// The first issue of a request that must fail: "code path".
std::string first_issue(std::string_view request) {
  const auto outcome = assign_json(request);
  EXPECT_FALSE(outcome.ok()) << request;
  if (outcome.issues.empty()) return "";
  return std::string(to_string(outcome.issues[0].code)) + " " + outcome.issues[0].path;
}

TEST(AssignmentJson, DenseSpecExample) {
  const auto a = answer(R"({"costs": [[4, 1, 3], [2, 0, 5]], "maximize": false})");
  EXPECT_EQ(a["rows"], nlohmann::json::parse("[0, 1]"));
  EXPECT_EQ(a["cols"], nlohmann::json::parse("[1, 0]"));
  EXPECT_EQ(a["total"], 3);
  EXPECT_EQ(a["duals"]["rows"].size(), 2U);
  EXPECT_EQ(a["duals"]["cols"].size(), 3U);
}

TEST(AssignmentJson, DenseNullIsNotAllowed) {
  const auto a = answer(R"({"costs": [[null, 1], [2, 100]]})");
  EXPECT_EQ(a["cols"], nlohmann::json::parse("[1, 0]"));
  EXPECT_EQ(a["total"], 3);
  EXPECT_EQ(first_issue(R"({"costs": [[null, null], [1, 2]]})"), "infeasible costs");
}

TEST(AssignmentJson, SparseShapes) {
  const auto a = answer(R"({"rows": 3, "cols": 2, "arcs": [[0, 0, 5], [1, 0, 4], [2, 0, 6], [2, 1, 3]],
                            "capacities": [2, 1], "objective": "max_weight"})");
  EXPECT_EQ(a["pairs"], nlohmann::json::parse("[[0, 0], [1, 0], [2, 1]]"));
  EXPECT_EQ(a["total"], 12);
  const auto full = answer(R"({"rows": 2, "cols": 2, "arcs": [[0, 0, 1], [0, 1, 5], [1, 0, 2]], "objective": "min_cost_full"})");
  EXPECT_EQ(full["pairs"], nlohmann::json::parse("[[0, 1], [1, 0]]"));
  EXPECT_EQ(full["total"], 7);
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 0, 1], [1, 0, 2]], "objective": "min_cost_full"})"),
            "infeasible arcs");
  // max_weight is the default objective
  EXPECT_EQ(answer(R"({"rows": 1, "cols": 1, "arcs": [[0, 0, 9]]})")["total"], 9);
}

TEST(AssignmentJson, HostileInputIsRefusedWithPaths) {
  EXPECT_EQ(first_issue(R"({"costs": [[1, 2], [3]]})"), "invalid_value costs[1]");
  EXPECT_EQ(first_issue(R"({"costs": [[1, 2.5]]})"), "invalid_value costs[0][1]");
  EXPECT_EQ(first_issue(R"({"costs": [[1, "2"]]})"), "invalid_value costs[0][1]");
  EXPECT_EQ(first_issue(R"({"costs": [[1, [2]]]})"), "invalid_value costs[0][1]");
  EXPECT_EQ(first_issue(R"({"costs": [[1, 1e3]]})"), "invalid_value costs[0][1]");
  EXPECT_EQ(first_issue(R"({"costs": [[1]], "maximise": true})"), "invalid_value maximise");
  EXPECT_EQ(first_issue(R"({"costs": [[1]], "costs": [[2]]})"), "invalid_value costs");
  EXPECT_EQ(first_issue(R"({"costs": [[1]], "rows": 1})"), "invalid_value rows");
  EXPECT_EQ(first_issue(R"({"costs": [[1]], "arcs": []})"), "invalid_value ");
  EXPECT_EQ(first_issue(R"({"costs": [[1]], "maximize": 1})"), "invalid_value maximize");
  EXPECT_EQ(first_issue(R"({"costs": [[9223372036854775807]]})"), "invalid_value costs[0][0]");
  EXPECT_EQ(first_issue(R"({"costs": [[-99999999999999999999]]})"), "invalid_value costs[0][0]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 0, 1], [0, 2, 1]]})"), "invalid_value arcs[1][1]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, -1, 1]]})"), "invalid_value arcs[0][1]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 1]]})"), "invalid_value arcs[0]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 1, 1, 1]]})"), "invalid_value arcs[0]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 1, 1.5]]})"), "invalid_value arcs[0][2]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [{"r": 0}]})"), "invalid_value arcs[0]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 1, 4611686018427387904]]})"), "invalid_value arcs[0][2]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [[0, 1, 1], [0, 1, 2]]})"), "invalid_value arcs[1]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [], "capacities": [1, -1]})"), "invalid_value capacities[1]");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [], "capacities": [1]})"), "invalid_value capacities");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [], "objective": "max"})"), "invalid_value objective");
  EXPECT_EQ(first_issue(R"({"rows": 2, "cols": 2, "arcs": [], "maximize": true})"), "invalid_value maximize");
  EXPECT_EQ(first_issue(R"({"cols": 2, "arcs": []})"), "missing_field rows");
  EXPECT_EQ(first_issue(R"({"rows": -1, "cols": 2, "arcs": []})"), "invalid_value rows");
  EXPECT_EQ(first_issue(R"({"maximize": true})"), "missing_field costs");
  EXPECT_EQ(first_issue(R"([1, 2])"), "invalid_value ");
  EXPECT_EQ(first_issue(R"({"costs": [[1]])"), "parse_error ");
  EXPECT_EQ(first_issue(std::string(200, '[') + std::string(200, ']')), "parse_error ");
  EXPECT_EQ(first_issue(R"({"x": )" + std::string(40, '[') + std::string(40, ']') + "}"), "parse_error ");
}

TEST(AssignmentJson, UnknownFieldsAtAnyDepthAreSkippedWhole) {
  const auto outcome = assign_json(R"({"extra": {"costs": [[1]], "deep": [[[1]]]}, "costs": [[1, 2]]})");
  ASSERT_EQ(outcome.issues.size(), 1U);
  EXPECT_EQ(outcome.issues[0].path, "extra");
}

TEST(AssignmentJson, MessagesMaskNationalIds) {
  const auto outcome = assign_json(R"({"costs": [[1]], "10000000146": 1, "objective": "10000000146"})");
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.json, Not(HasSubstr("10000000146")));
  const auto weight = assign_json(R"({"rows": 1, "cols": 1, "arcs": [[0, 0, 100000001460000000]]})");
  ASSERT_FALSE(weight.ok());
  EXPECT_THAT(weight.json, Not(HasSubstr("100000001460000000")));
}

TEST(AssignmentJson, IssuesAreBounded) {
  std::string request = R"({"costs": [[)";
  for (int i = 0; i < 1000; ++i) request += "\"x\",";
  request += "1]]}";
  const auto outcome = assign_json(request);
  EXPECT_LE(outcome.issues.size(), 20U);
  EXPECT_FALSE(outcome.ok());
}

TEST(AssignmentJson, ReadRequestGivesTheProblem) {
  const auto request = read_assignment_request(R"({"costs": [[1, null, 3]], "maximize": true})");
  ASSERT_TRUE(request.issues.empty());
  const auto* dense = std::get_if<matching::DenseProblem>(&request.problem);
  ASSERT_NE(dense, nullptr);
  EXPECT_EQ(dense->rows, 1U);
  EXPECT_EQ(dense->cols, 3U);
  EXPECT_TRUE(dense->maximize);
  EXPECT_EQ(dense->allowed, (std::vector<std::uint8_t>{1, 0, 1}));
}

}  // namespace
}  // namespace vocfab
