// Dense assignment against brute force on small random problems (minimise and maximise,
// rectangular both ways, forbidden entries, weights at the exactness bound), the duals checked as
// a certificate on every result, and the checker shown to refuse what is not optimal.
#include "matching/assignment_brute_force.h"
#include "vocfab/matching/assignment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <random>

namespace vocfab::matching {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::brute_force;

DenseProblem dense(std::vector<std::vector<std::optional<Weight>>> costs, bool maximize = false) {
  DenseProblem p;
  p.rows = costs.size();
  p.cols = costs.empty() ? 0 : costs[0].size();
  p.maximize = maximize;
  bool any_forbidden = false;
  for (const auto& row : costs) {
    for (const auto& w : row) {
      p.costs.push_back(w.value_or(0));
      p.allowed.push_back(w ? 1 : 0);
      any_forbidden |= !w;
    }
  }
  if (!any_forbidden) p.allowed.clear();
  return p;
}

// Solves, checks the certificate, and compares with brute force; returns the solution.
std::optional<DenseAssignment> solve_and_check(const DenseProblem& p) {
  auto solved = solve_dense(p);
  const auto oracle = brute_force(p);
  if (!oracle) {
    EXPECT_FALSE(solved.solution);
    if (solved.issues.size() != 1 || solved.issues[0].code != IssueCode::infeasible) {
      ADD_FAILURE() << "expected one infeasible issue";
    }
    return std::nullopt;
  }
  if (!solved.solution) {
    ADD_FAILURE() << "no solution: " << (solved.issues.empty() ? "" : solved.issues[0].message);
    return std::nullopt;
  }
  EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
  EXPECT_TRUE(static_cast<testing::Wide>(solved.solution->total) == *oracle);
  return solved.solution;
}

TEST(DenseAssignment, SpecExample) {
  const auto p = dense({{4, 1, 3}, {2, 0, 5}});
  const auto s = solve_and_check(p);
  ASSERT_TRUE(s);
  EXPECT_THAT(s->rows, ElementsAre(0, 1));
  EXPECT_THAT(s->cols, ElementsAre(1, 0));
  EXPECT_EQ(s->total, 3);
}

TEST(DenseAssignment, TallProblemAssignsEveryColumnWithRowsAscending) {
  // SciPy: linear_sum_assignment([[4, 2], [1, 0], [5, 6]]) -> rows [0, 1], cols [1, 0], total 3.
  const auto s = solve_and_check(dense({{4, 2}, {1, 0}, {5, 6}}));
  ASSERT_TRUE(s);
  EXPECT_THAT(s->rows, ElementsAre(0, 1));
  EXPECT_THAT(s->cols, ElementsAre(1, 0));
  EXPECT_EQ(s->total, 3);
}

TEST(DenseAssignment, Maximize) {
  const auto s = solve_and_check(dense({{4, 1, 3}, {2, 0, 5}}, true));
  ASSERT_TRUE(s);
  EXPECT_THAT(s->cols, ElementsAre(0, 2));
  EXPECT_EQ(s->total, 9);
}

TEST(DenseAssignment, RowWithEveryEntryForbiddenIsInfeasible) {
  const auto solved = solve_dense(dense({{1, 2}, {std::nullopt, std::nullopt}}));
  EXPECT_FALSE(solved.solution);
  ASSERT_EQ(solved.issues.size(), 1U);
  EXPECT_EQ(solved.issues[0].code, IssueCode::infeasible);
}

TEST(DenseAssignment, HallViolationIsInfeasible) {
  // Two rows may only use column 0.
  EXPECT_FALSE(solve_and_check(dense({{1, std::nullopt, std::nullopt}, {2, std::nullopt, std::nullopt}, {3, 4, 5}})));
}

TEST(DenseAssignment, EmptyProblems) {
  for (const auto& p : {dense({}), dense({{}, {}})}) {
    const auto solved = solve_dense(p);
    ASSERT_TRUE(solved.solution);
    EXPECT_THAT(solved.solution->rows, IsEmpty());
    EXPECT_EQ(solved.solution->total, 0);
    EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
  }
}

TEST(DenseAssignment, WeightBeyondTheBoundIsRefusedWithItsPath) {
  auto p = dense({{1, 2}, {3, 4}});
  p.costs[3] = weight_limit(2, 2) + 1;
  const auto solved = solve_dense(p);
  EXPECT_FALSE(solved.solution);
  ASSERT_EQ(solved.issues.size(), 1U);
  EXPECT_EQ(solved.issues[0].code, IssueCode::invalid_value);
  EXPECT_EQ(solved.issues[0].path, "costs[1][1]");
  p.allowed = {1, 1, 1, 0};  // a forbidden entry's value does not matter
  EXPECT_TRUE(solve_dense(p).solution);
}

TEST(DenseAssignment, MalformedSizesAreRefused) {
  auto p = dense({{1, 2}, {3, 4}});
  p.costs.pop_back();
  EXPECT_EQ(solve_dense(p).issues.at(0).code, IssueCode::invalid_value);
}

TEST(DenseAssignment, CheckerRefusesWrongResults) {
  const auto p = dense({{4, 1, 3}, {2, 0, 5}});
  const auto good = *solve_dense(p).solution;
  auto suboptimal = good;  // a feasible but worse assignment with the same duals
  suboptimal.cols = {2, 0};
  suboptimal.total = 5;
  EXPECT_THAT(check_certificate(p, suboptimal), ::testing::Not(IsEmpty()));
  auto loose = good;
  loose.duals.rows[0] -= 1;  // still feasible, no longer tight
  EXPECT_THAT(check_certificate(p, loose), ::testing::Not(IsEmpty()));
  auto infeasible_duals = good;
  infeasible_duals.duals.cols[2] += 100;
  EXPECT_THAT(check_certificate(p, infeasible_duals), ::testing::Not(IsEmpty()));
  auto wrong_total = good;
  wrong_total.total += 1;
  EXPECT_THAT(check_certificate(p, wrong_total), ::testing::Not(IsEmpty()));
  auto unsorted = good;
  std::swap(unsorted.rows[0], unsorted.rows[1]);
  std::swap(unsorted.cols[0], unsorted.cols[1]);
  EXPECT_THAT(check_certificate(p, unsorted), ::testing::Not(IsEmpty()));
}

// A random problem up to 5 × 5: weights small (many ties) or near the exactness bound, a share of
// entries forbidden.
rc::Gen<DenseProblem> small_dense() {
  return rc::gen::exec([] {
    DenseProblem p;
    p.rows = *rc::gen::inRange<std::size_t>(0, 6);
    p.cols = *rc::gen::inRange<std::size_t>(0, 6);
    p.maximize = *rc::gen::arbitrary<bool>();
    const Weight limit = weight_limit(p.rows, p.cols);
    const int style = *rc::gen::inRange(0, 3);
    const int forbidden_percent = *rc::gen::element(0, 0, 20, 50);
    for (std::size_t i = 0; i < p.rows * p.cols; ++i) {
      const Weight w = style == 0   ? *rc::gen::inRange<Weight>(-3, 4)
                       : style == 1 ? *rc::gen::inRange<Weight>(-1000, 1001)
                                    : *rc::gen::inRange<Weight>(-limit, limit + 1);
      p.costs.push_back(w);
      p.allowed.push_back(*rc::gen::inRange(0, 100) < forbidden_percent ? 0 : 1);
    }
    return p;
  });
}

// Each case draws 25 problems: 100 cases (rapidcheck's default), 2,500 problems.
RC_GTEST_PROP(DenseAssignment, MatchesBruteForceWithACertificate, ()) {
  const auto problems = *rc::gen::container<std::vector<DenseProblem>>(25, small_dense());
  testing::expect_brute_force_optimum(problems, [](const DenseProblem& p) { return solve_dense(p); });
}

// Larger random problems (no brute force: the certificate proves them optimal).
TEST(DenseAssignment, LargerRandomProblemsCarryACertificate) {
  std::mt19937_64 random(20261201);
  for (int round = 0; round < 60; ++round) {
    DenseProblem p;
    p.rows = 1 + random() % 90;
    p.cols = 1 + random() % 90;
    p.maximize = round % 2 == 1;
    const Weight range = round % 3 == 0 ? 5 : 1'000'000;
    for (std::size_t i = 0; i < p.rows * p.cols; ++i) {
      p.costs.push_back(static_cast<Weight>(random() % static_cast<std::uint64_t>(2 * range + 1)) - range);
      p.allowed.push_back(round % 4 == 0 && random() % 3 == 0 ? 0 : 1);
    }
    const auto solved = solve_dense(p);
    if (!solved.solution) {
      ASSERT_EQ(solved.issues.at(0).code, IssueCode::infeasible);
      continue;
    }
    EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty()) << "round " << round;
  }
}

}  // namespace
}  // namespace vocfab::matching
