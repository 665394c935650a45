// Brute-force oracles for the assignment tests: every injective map of the smaller side (dense,
// min_cost_full) and every choice of arcs (max_weight), totals in 128 bits.
#pragma once

#include "vocfab/matching/assignment.h"

#include <rapidcheck.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

namespace vocfab::matching::testing {

__extension__ typedef __int128 Wide;  // GCC and Clang: exact sums of any int64 values

// The best total of a dense problem over every full assignment of the smaller side; nothing when
// none exists.
inline std::optional<Wide> brute_force(const DenseProblem& p) {
  const bool transposed = p.rows > p.cols;
  const std::size_t k = std::min(p.rows, p.cols), l = std::max(p.rows, p.cols);
  const auto entry = [&](std::size_t i, std::size_t j) {
    const std::size_t index = transposed ? j * p.cols + i : i * p.cols + j;
    return std::pair(p.allowed.empty() || p.allowed[index] != 0, p.costs[index]);
  };
  std::optional<Wide> best;
  std::vector<std::size_t> chosen;
  std::vector<bool> used(l, false);
  const auto visit = [&](const auto& self, std::size_t i, Wide sum) -> void {
    if (i == k) {
      if (!best || (p.maximize ? sum > *best : sum < *best)) best = sum;
      return;
    }
    for (std::size_t j = 0; j < l; ++j) {
      const auto [ok, w] = entry(i, j);
      if (used[j] || !ok) continue;
      used[j] = true;
      self(self, i + 1, sum + w);
      used[j] = false;
    }
  };
  visit(visit, 0, 0);
  return best;
}

// The best total of a sparse problem: max_weight over every set of arcs within the limits,
// min_cost_full over every full matching of the smaller side.
inline std::optional<Wide> brute_force(const SparseProblem& p) {
  const bool full = p.objective == SparseObjective::min_cost_full;
  const std::size_t needed = std::min(p.rows, p.cols);
  std::vector<std::uint64_t> load(p.cols, 0);
  std::vector<bool> row_used(p.rows, false);
  std::optional<Wide> best;
  const auto capacity = [&](std::size_t c) { return p.capacities.empty() ? 1 : p.capacities[c]; };
  const auto visit = [&](const auto& self, std::size_t a, std::size_t count, Wide sum) -> void {
    if (a == p.arcs.size()) {
      if (full && count != needed) return;
      if (!best || (full ? sum < *best : sum > *best)) best = sum;
      return;
    }
    self(self, a + 1, count, sum);
    const Arc& arc = p.arcs[a];
    if (row_used[arc.row] || load[arc.col] >= capacity(arc.col)) return;
    row_used[arc.row] = true;
    ++load[arc.col];
    self(self, a + 1, count + 1, sum + arc.weight);
    row_used[arc.row] = false;
    --load[arc.col];
  };
  visit(visit, 0, 0, 0);
  return best;
}

/// Solves each of @p problems with @p solve and checks it against the brute force: the same
/// optimum, `infeasible` exactly when there is none, and a certificate that checks.
template <class Problem, class Solve>
void expect_brute_force_optimum(const std::vector<Problem>& problems, Solve&& solve) {
  for (const Problem& p : problems) {
    const auto solved = solve(p);
    const auto oracle = brute_force(p);
    RC_ASSERT(solved.solution.has_value() == oracle.has_value());
    if (!oracle) {
      RC_ASSERT(solved.issues.size() == 1U);
      RC_ASSERT(solved.issues[0].code == IssueCode::infeasible);
      continue;
    }
    RC_ASSERT(check_certificate(p, *solved.solution).empty());
    RC_ASSERT(static_cast<Wide>(solved.solution->total) == *oracle);
  }
}

}  // namespace vocfab::matching::testing
