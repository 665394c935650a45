// Sparse assignment against brute force on small random problems (max_weight with capacities,
// min_cost_full rectangular both ways, infeasible cases), the duals checked as a certificate on
// every result, and the checker shown to refuse what is not optimal.
#include "matching/assignment_brute_force.h"
#include "matching/assignment_detail.h"
#include "vocfab/matching/assignment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <random>
#include <set>

namespace vocfab::matching {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using testing::brute_force;

SparseProblem sparse(std::size_t rows, std::size_t cols, std::vector<Arc> arcs, SparseObjective objective,
                     std::vector<std::uint64_t> capacities = {}) {
  return SparseProblem{rows, cols, std::move(arcs), std::move(capacities), objective};
}

TEST(SparseAssignment, MaxWeightWithACapacity) {
  // Column 0 takes two rows; row 2 prefers column 0 but gains more overall on column 1.
  const auto p = sparse(3, 2, {{0, 0, 5}, {1, 0, 4}, {2, 0, 6}, {2, 1, 3}}, SparseObjective::max_weight, {2, 1});
  const auto solved = solve_sparse(p);
  ASSERT_TRUE(solved.solution);
  EXPECT_THAT(solved.solution->pairs, ElementsAre(Pair(0U, 0U), Pair(1U, 0U), Pair(2U, 1U)));
  EXPECT_EQ(solved.solution->total, 12);
  EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
}

TEST(SparseAssignment, MaxWeightNeverTakesAnArcThatDoesNotHelp) {
  const auto p = sparse(2, 2, {{0, 0, 0}, {1, 1, -4}, {1, 0, 2}}, SparseObjective::max_weight);
  const auto solved = solve_sparse(p);
  ASSERT_TRUE(solved.solution);
  EXPECT_THAT(solved.solution->pairs, ElementsAre(Pair(1U, 0U)));
  EXPECT_EQ(solved.solution->total, 2);
  EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
}

TEST(SparseAssignment, MinCostFullOnATallProblem) {
  const auto p = sparse(3, 2, {{0, 0, 4}, {0, 1, 2}, {1, 0, 1}, {1, 1, 0}, {2, 0, 5}}, SparseObjective::min_cost_full);
  const auto solved = solve_sparse(p);
  ASSERT_TRUE(solved.solution);
  EXPECT_THAT(solved.solution->pairs, ElementsAre(Pair(0U, 1U), Pair(1U, 0U)));
  EXPECT_EQ(solved.solution->total, 3);
  EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
}

TEST(SparseAssignment, MinCostFullWithoutAFullMatchingIsInfeasible) {
  const auto solved = solve_sparse(sparse(2, 3, {{0, 0, 1}, {1, 0, 1}}, SparseObjective::min_cost_full));
  EXPECT_FALSE(solved.solution);
  ASSERT_EQ(solved.issues.size(), 1U);
  EXPECT_EQ(solved.issues[0].code, IssueCode::infeasible);
}

TEST(SparseAssignment, MalformedProblemsAreRefusedWithPaths) {
  const auto first_path = [](const SparseProblem& p) {
    const auto solved = solve_sparse(p);
    EXPECT_FALSE(solved.solution);
    return solved.issues.empty() ? std::string("-") : solved.issues[0].path;
  };
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 0, 1}, {2, 1, 1}}, SparseObjective::max_weight)), "arcs[1][0]");
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 5, 1}}, SparseObjective::max_weight)), "arcs[0][1]");
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 1, weight_limit(2, 2) + 1}}, SparseObjective::max_weight)), "arcs[0][2]");
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 1, 1}, {1, 1, 1}, {0, 1, 2}}, SparseObjective::max_weight)), "arcs[2]");
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 1, 1}}, SparseObjective::max_weight, {1})), "capacities");
  EXPECT_EQ(first_path(sparse(2, 2, {{0, 1, 1}}, SparseObjective::min_cost_full, {1, 2})), "capacities[1]");
}

TEST(SparseAssignment, CheckerRefusesWrongResults) {
  const auto p = sparse(3, 2, {{0, 0, 5}, {1, 0, 4}, {2, 0, 6}, {2, 1, 3}}, SparseObjective::max_weight, {2, 1});
  const auto good = *solve_sparse(p).solution;
  auto worse = good;
  worse.pairs = {{0, 0}, {2, 0}};
  worse.total = 11;
  EXPECT_THAT(check_certificate(p, worse), Not(IsEmpty()));
  auto negative = good;
  negative.duals.cols[1] = -1;
  negative.duals.rows[2] += 1;
  EXPECT_THAT(check_certificate(p, negative), Not(IsEmpty()));
  auto over = good;
  over.pairs = {{0, 0}, {1, 0}, {2, 0}};
  over.total = 15;
  EXPECT_THAT(check_certificate(p, over), Not(IsEmpty()));
  auto not_arc = good;
  not_arc.pairs[0] = {0, 1};
  EXPECT_THAT(check_certificate(p, not_arc), Not(IsEmpty()));
}

// A random problem with up to 4 rows, 4 columns and 8 arcs (each pair at most once): weights
// small (ties), wide, or near the exactness bound; capacities 0-3 for max_weight.
rc::Gen<SparseProblem> small_sparse() {
  return rc::gen::exec([] {
    SparseProblem p;
    p.rows = *rc::gen::inRange<std::size_t>(0, 5);
    p.cols = *rc::gen::inRange<std::size_t>(0, 5);
    p.objective = *rc::gen::element(SparseObjective::max_weight, SparseObjective::min_cost_full);
    const Weight limit = weight_limit(p.rows, p.cols);
    const int style = *rc::gen::inRange(0, 3);
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    const std::size_t count = p.rows * p.cols == 0 ? 0 : *rc::gen::inRange<std::size_t>(0, 9);
    for (std::size_t a = 0; a < count; ++a) {
      const auto r = *rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(p.rows));
      const auto c = *rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(p.cols));
      if (!seen.emplace(r, c).second) continue;
      const Weight w = style == 0   ? *rc::gen::inRange<Weight>(-3, 4)
                       : style == 1 ? *rc::gen::inRange<Weight>(-1000, 1001)
                                    : *rc::gen::inRange<Weight>(-limit, limit + 1);
      p.arcs.push_back({r, c, w});
    }
    if (p.objective == SparseObjective::max_weight && *rc::gen::arbitrary<bool>()) {
      for (std::size_t c = 0; c < p.cols; ++c) p.capacities.push_back(*rc::gen::inRange<std::uint64_t>(0, 4));
    }
    return p;
  });
}

// Each case draws 25 problems: 100 cases (rapidcheck's default), 2,500 problems. max_weight's
// scaling auction must solve each one itself: its fallback (the augmenting paths) is not asked.
RC_GTEST_PROP(SparseAssignment, MatchesBruteForceWithACertificate, ()) {
  const auto problems = *rc::gen::container<std::vector<SparseProblem>>(25, small_sparse());
  testing::expect_brute_force_optimum(problems, [](const SparseProblem& p) {
    detail::SparseStats stats;
    auto solved = detail::solve_sparse(p, {.stats = &stats});
    RC_ASSERT(!stats.scaling_fell_back);
    return solved;
  });
}

// The sparse solver agrees with the dense one where both apply (min_cost_full on complete
// problems), on problems too large for brute force.
TEST(SparseAssignment, AgreesWithDenseAndCarriesACertificate) {
  std::mt19937_64 random(20261201);
  for (int round = 0; round < 40; ++round) {
    const std::size_t rows = 1 + random() % 60, cols = 1 + random() % 60;
    DenseProblem d{rows, cols, {}, {}, false};
    SparseProblem s{rows, cols, {}, {}, SparseObjective::min_cost_full};
    for (std::uint32_t r = 0; r < rows; ++r) {
      for (std::uint32_t c = 0; c < cols; ++c) {
        const Weight w = static_cast<Weight>(random() % 2001) - 1000;
        d.costs.push_back(w);
        s.arcs.push_back({r, c, w});
      }
    }
    std::shuffle(s.arcs.begin(), s.arcs.end(), random);
    const auto dense_result = solve_dense(d);
    const auto sparse_result = solve_sparse(s);
    ASSERT_TRUE(dense_result.solution && sparse_result.solution);
    EXPECT_EQ(dense_result.solution->total, sparse_result.solution->total);
    EXPECT_THAT(check_certificate(s, *sparse_result.solution), IsEmpty());
  }
}

// Larger max_weight problems with capacities: the certificate proves them optimal.
TEST(SparseAssignment, LargerCapacitatedProblemsCarryACertificate) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 40; ++round) {
    SparseProblem p{1 + random() % 400, 1 + random() % 50, {}, {}, SparseObjective::max_weight};
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (std::size_t a = 0; a < p.rows * 5; ++a) {
      const auto r = static_cast<std::uint32_t>(random() % p.rows), c = static_cast<std::uint32_t>(random() % p.cols);
      if (seen.emplace(r, c).second) p.arcs.push_back({r, c, static_cast<Weight>(random() % 100) - 10});
    }
    for (std::size_t c = 0; c < p.cols; ++c) p.capacities.push_back(random() % 6);
    detail::SparseStats stats;
    const auto solved = detail::solve_sparse(p, {.stats = &stats});
    EXPECT_FALSE(stats.scaling_fell_back) << "round " << round;
    ASSERT_TRUE(solved.solution);
    EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty()) << "round " << round;
  }
}

// Three rows that value two single-place columns alike, at the exactness bound: the auction's
// prices could only climb by ε at a time (a price war of ~10^16 bids). It gives up within its
// budget and the augmenting paths solve the problem, exactly.
TEST(SparseAssignment, APriceWarFallsBackToAugmentingPaths) {
  const Weight w = weight_limit(3, 2);
  const auto p = sparse(3, 2, {{0, 0, w}, {0, 1, w}, {1, 0, w}, {1, 1, w}, {2, 0, w}, {2, 1, w}},
                        SparseObjective::max_weight);
  detail::SparseStats stats;
  const auto solved = detail::solve_sparse(p, {.stats = &stats});
  ASSERT_TRUE(solved.solution);
  EXPECT_TRUE(stats.scaling_fell_back);
  EXPECT_LT(stats.bids, 10'000U);
  EXPECT_EQ(solved.solution->total, 2 * w);
  EXPECT_THAT(check_certificate(p, *solved.solution), IsEmpty());
}

// Mid-size max_weight problems of the referral shape (rows with up to 20 arcs, capacities up to
// 19, many ties or few): the scaling auction, the ε = 0 warm start followed by augmenting paths,
// and one augmenting path per row from the start (the oracle) find the same total, and every
// result carries a certificate. The scaling auction must solve them itself (no fallback), its
// duals almost always from its own prices.
TEST(SparseAssignment, EveryMaxWeightMethodAgrees) {
  std::mt19937_64 random(20261202);
  int from_prices = 0;
  const int rounds = 60;
  for (int round = 0; round < rounds; ++round) {
    const std::size_t rows = 1 + random() % 4000, cols = 1 + random() % 600;
    SparseProblem p{rows, cols, {}, {}, SparseObjective::max_weight};
    const Weight spread = round % 3 == 0 ? 4 : round % 3 == 1 ? 200 : 1'000'000;
    const std::size_t per_row = 1 + random() % 20;
    std::set<std::uint32_t> chosen;
    for (std::uint32_t r = 0; r < rows; ++r) {
      chosen.clear();
      for (std::size_t k = 0; k < per_row; ++k) chosen.insert(static_cast<std::uint32_t>(random() % cols));
      for (const std::uint32_t c : chosen) p.arcs.push_back({r, c, static_cast<Weight>(random() % spread) - spread / 10});
    }
    std::shuffle(p.arcs.begin(), p.arcs.end(), random);
    const std::uint64_t most = round % 2 == 0 ? 20 : 3;
    for (std::size_t c = 0; c < cols; ++c) p.capacities.push_back(random() % most);
    detail::SparseStats stats;
    const auto scaling = detail::solve_sparse(p, {.method = detail::MaxWeightMethod::scaling, .stats = &stats});
    const auto warm = detail::solve_sparse(p, {.method = detail::MaxWeightMethod::warm_start});
    const auto plain = detail::solve_sparse(p, {.method = detail::MaxWeightMethod::paths});
    ASSERT_TRUE(scaling.solution && warm.solution && plain.solution);
    EXPECT_FALSE(stats.scaling_fell_back) << "round " << round;
    from_prices += stats.duals_from_prices ? 1 : 0;
    EXPECT_EQ(scaling.solution->total, plain.solution->total) << "round " << round;
    EXPECT_EQ(warm.solution->total, plain.solution->total) << "round " << round;
    EXPECT_THAT(check_certificate(p, *scaling.solution), IsEmpty()) << "round " << round;
    EXPECT_THAT(check_certificate(p, *warm.solution), IsEmpty()) << "round " << round;
    EXPECT_THAT(check_certificate(p, *plain.solution), IsEmpty()) << "round " << round;
  }
  EXPECT_GE(from_prices, rounds * 9 / 10);
}

}  // namespace
}  // namespace vocfab::matching
