// Private to src/matching: what the assignment solvers share (vocfab/matching/assignment.h).
#pragma once

#include "vocfab/matching/assignment.h"
#include "vocfab/model/masking.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::matching::detail {

/// Every dual, distance and reduced cost a solver keeps stays within ±kGuard; passing it is
/// reported (`invalid_value`) instead of risking an overflow. With weights within `weight_limit`
/// it is never reached.
inline constexpr Weight kGuard = Weight{1} << 59;
/// An unreached column's distance.
inline constexpr Weight kInfinity = std::numeric_limits<Weight>::max();

inline bool beyond_guard(Weight value) noexcept { return value > kGuard || value < -kGuard; }

/// @p value as a message writes it: a number long enough to be a national id is masked.
template <class Integer>
std::string number(Integer value) {
  return mask_national_ids(std::to_string(value));
}

/// The issue a solver reports when a dual passes `kGuard`.
Issue guard_issue(std::string_view path);

/// The issue for a weight beyond `weight_limit` at @p path.
Issue weight_issue(std::string_view path, Weight weight, Weight limit);

/// A sparse problem as the solvers see it: "engine" rows in compressed form (the transpose for a
/// tall min_cost_full), costs to minimise (max_weight: the negated weights of the arcs with a
/// positive weight), and each column's copies (its capacity, never more than its arcs).
struct SparseEngine {
  std::size_t rows = 0, cols = 0;
  std::vector<std::uint64_t> start;  // rows + 1 offsets into col / cost
  std::vector<std::uint32_t> col;
  std::vector<Weight> cost;
  std::vector<std::uint64_t> slot_start;  // cols + 1: a column's copies
  std::vector<std::uint64_t> capacity;    // cols: the problem's capacity (a column below it has dual 0)
  bool unmatched_option = false;          // max_weight: a row may stay unmatched at cost 0
};

/// How `solve_sparse` solves a max_weight problem (min_cost_full always takes the augmenting paths).
enum class MaxWeightMethod {
  scaling,     ///< ε-scaling auction, then exact duals (assignment_scaling.cc); the paths if that fails
  warm_start,  ///< an ε = 0 auction, then one augmenting path per row it left
  paths,       ///< one augmenting path per row from the start: the tests' oracle
};

/// What the scaling auction did, for tests and benchmarks.
struct SparseStats {
  std::uint64_t phases = 0, bids = 0, reverse_steps = 0, dual_relaxations = 0;
  bool duals_from_prices = false;  ///< the duals came from the first start (the auction's prices)
  bool scaling_fell_back = false;  ///< the scaling auction gave up and the augmenting paths solved it
};

/// How `solve_sparse` goes about a problem; the defaults are what the public function does.
struct SparseOptions {
  MaxWeightMethod method = MaxWeightMethod::scaling;
  SparseStats* stats = nullptr;  ///< filled when given
};

/// `vocfab::matching::solve_sparse` with @p options.
Solved<SparseAssignment> solve_sparse(const SparseProblem& problem, const SparseOptions& options);

/// A max_weight engine's optimal matching (engine column per row, -1 unmatched) with its exact
/// duals in the certificate's form (rows y ≥ 0, columns z ≥ 0).
struct MaxWeightDuals {
  std::vector<std::int32_t> col_of_row;
  std::vector<Weight> rows, cols;
};

/// Where the scaling auction may start: a matching (engine column per row, -1 unmatched) and the
/// engine's column duals v (≤ 0, 0 where a column has room) under which every matched row is
/// tight and no arc is better (the ε = 0 warm start's state).
struct MaxWeightSeed {
  const std::vector<std::int32_t>& col_of_row;
  const std::vector<Weight>& column_costs;
};

/// max_weight on @p engine by ε-scaling from @p seed; nullopt when it gives up (the caller then
/// solves exactly by augmenting paths).
std::optional<MaxWeightDuals> solve_max_weight_scaling(const SparseEngine& engine, const MaxWeightSeed& seed,
                                                       SparseStats* stats);

/// At most this many issues are reported about one problem.
inline constexpr std::size_t kMaxIssues = 20;

}  // namespace vocfab::matching::detail
