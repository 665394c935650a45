/// @file
/// Assignment solvers (SPEC 5.0 "Assignment"): dense rectangular assignment with the semantics of
/// SciPy's `linear_sum_assignment`, sparse full matching with the semantics of SciPy's
/// `min_weight_full_bipartite_matching`, and sparse maximum-weight matching with column
/// capacities. Every solver is exact on 64-bit integers and returns, beside its assignment, duals
/// that certify it optimal; `check_certificate` verifies a result against its problem.
///
/// **Exactness.** Every weight that may be used must satisfy |w| ≤ `weight_limit(rows, cols)` =
/// 2^58 / (rows + cols + 2). Then every total, dual, distance and reduced cost the solvers compute
/// is a sum of at most 2 (rows + cols + 2) weights in absolute value, below 2^60, and no int64
/// operation can overflow; the solvers also guard their duals at run time and report
/// `invalid_value` rather than a wrong answer should that bound ever be passed. A problem with a
/// weight beyond the limit is refused (`invalid_value`, path `costs[i][j]` or `arcs[k][2]`).
///
/// **Duals** (`Duals::rows`, `Duals::cols`; one per row and per column, a column's capacity
/// copies sharing one dual):
/// - minimise, full assignment of the smaller side (dense, or sparse `min_cost_full`):
///   u_r + v_c ≤ w_rc on every allowed entry, with equality on every assigned pair; the duals of
///   the larger side are ≤ 0 and 0 where unassigned (square: both sides free). Then no full
///   assignment costs less than Σu + Σv = total.
/// - maximise (dense `maximize`): the same with every inequality reversed (u_r + v_c ≥ w_rc,
///   larger side ≥ 0).
/// - sparse `max_weight` with capacities: y_r ≥ 0 (rows), z_c ≥ 0 (cols), y_r + z_c ≥ w_rc on
///   every arc, equality on every chosen arc, y_r = 0 for an unmatched row, z_c = 0 for a column
///   below its capacity. Then Σ y_r + Σ capacity_c z_c = total bounds every other choice.
///
/// Determinism: the same problem gives the same result. Thread-safety: pure functions.
#pragma once

#include "vocfab/model/issue.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace vocfab::matching {

/// A weight or cost: an exact integer.
using Weight = std::int64_t;

/// The largest |weight| a problem of @p rows × @p cols may use: 2^58 / (rows + cols + 2).
Weight weight_limit(std::size_t rows, std::size_t cols) noexcept;

/// The most rows or columns a problem may have (indices are 32-bit).
inline constexpr std::size_t kMaxSide = std::size_t{1} << 30;

/// The duals of a result: an optimality certificate (see the file comment).
struct Duals {
  std::vector<Weight> rows;  ///< One per row of the problem.
  std::vector<Weight> cols;  ///< One per column of the problem.
  friend bool operator==(const Duals&, const Duals&) = default;  ///< Field-wise equality.
};

/// A dense rectangular problem: `costs` is row-major, `rows * cols` entries.
struct DenseProblem {
  std::size_t rows = 0;  ///< Number of rows.
  std::size_t cols = 0;  ///< Number of columns.
  std::vector<Weight> costs;          ///< costs[r * cols + c].
  std::vector<std::uint8_t> allowed;  ///< Empty: every entry allowed; else rows * cols flags, 0 = forbidden.
  bool maximize = false;              ///< Largest total instead of smallest.
};

/// A dense result: every row of the smaller side assigned, `rows` ascending with their `cols`.
struct DenseAssignment {
  std::vector<std::size_t> rows;  ///< The assigned rows, ascending.
  std::vector<std::size_t> cols;  ///< The column of each of `rows`.
  Weight total = 0;  ///< Their total weight.
  Duals duals;  ///< The duals: an optimality certificate (`check_certificate`).
};

/// One arc of a sparse problem.
struct Arc {
  std::uint32_t row = 0;  ///< The row (from 0).
  std::uint32_t col = 0;  ///< The column (from 0).
  Weight weight = 0;  ///< Its weight (cost or value).
  friend bool operator==(const Arc&, const Arc&) = default;  ///< Field-wise equality.
};

/// What a sparse problem asks for.
enum class SparseObjective {
  max_weight,     ///< Any arcs, each row at most once, column c at most capacities[c] times, largest total.
  min_cost_full,  ///< Every vertex of the smaller side matched (capacities all 1), smallest total.
};

/// A sparse problem. An (row, col) pair may appear once.
struct SparseProblem {
  std::size_t rows = 0;  ///< Number of rows.
  std::size_t cols = 0;  ///< Number of columns.
  std::vector<Arc> arcs;  ///< The arcs.
  /// Empty: every column 1; else one per column (`max_weight` only; `min_cost_full` takes 1s).
  std::vector<std::uint64_t> capacities;
  SparseObjective objective = SparseObjective::max_weight;  ///< What is asked for.
};

/// A sparse result: `pairs` sorted by row, then column.
struct SparseAssignment {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  ///< The chosen (row, column) pairs.
  Weight total = 0;  ///< Their total weight.
  Duals duals;  ///< The duals: an optimality certificate (`check_certificate`).
};

/// A solution, or the issues that kept the problem from having one: `invalid_value` for a
/// malformed problem (sizes, weights beyond `weight_limit`, indices, repeated arcs), `infeasible`
/// when no assignment of the kind asked for exists.
template <class Solution>
struct Solved {
  std::optional<Solution> solution;  ///< The solution, when there is one.
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
};

/// Dense assignment: shortest augmenting paths (Jonker–Volgenant: augmenting row reduction, then
/// the Dijkstra-like dense scan of Crouse 2016 that SciPy uses), on the transpose when
/// rows > cols. O(k² l) worst case for k = min(rows, cols), l = max(rows, cols); O(rows · cols)
/// memory.
Solved<DenseAssignment> solve_dense(const DenseProblem& problem);

/// Sparse assignment: one shortest augmenting path per row (Dijkstra with potentials and a binary
/// heap on the arcs in compressed rows, stopped at the first free column), `max_weight` with a
/// zero-cost "unmatched" option for every row and a capacity per column, after a warm start (an
/// exact auction with ε = 0 that keeps the paths' invariants, so that they run only from the rows
/// it leaves). O(rows · arcs · log) worst case; O(rows + cols + arcs) memory.
Solved<SparseAssignment> solve_sparse(const SparseProblem& problem);

/// The problems a result has against its problem: the assignment's feasibility (indices, each
/// row and column within its limits, the smaller side covered where asked, allowed entries or
/// existing arcs only), its total, and the duals' certificate (file comment). Empty when the
/// result is feasible and proven optimal. Sums in 128 bits: any input is checked safely.
std::vector<Issue> check_certificate(const DenseProblem& problem, const DenseAssignment& result);
/// The same for a sparse problem and its result.
std::vector<Issue> check_certificate(const SparseProblem& problem, const SparseAssignment& result);

}  // namespace vocfab::matching
