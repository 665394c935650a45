/// @file
/// Assignment requests and results in JSON (SPEC 5.0 "Assignment"), for the C ABI's `vf_assign`
/// and Python's `vocfab.matching.assign`.
///
/// A request is an object; its kind is decided by its fields:
/// - dense, when it has `costs`: `{"costs": [[4, 1, 3], [2, 0, 5]], "maximize": false}` — rows of
///   equal length, integers or `null` (not allowed); `maximize` defaults to false. Result
///   `{"rows": [0, 1], "cols": [1, 0], "total": 3, "duals": {"rows": [...], "cols": [...]}}`.
/// - sparse, when it has `arcs`: `{"rows": n, "cols": m, "arcs": [[r, c, w], ...],
///   "capacities": [...], "objective": "max_weight" | "min_cost_full"}` — `rows` and `cols`
///   required, `capacities` optional (one per column, default 1, `max_weight` only), `objective`
///   defaults to `max_weight`. Result `{"pairs": [[r, c], ...], "total": w, "duals": {"rows":
///   [...], "cols": [...]}}`.
/// The duals and how to check them: vocfab/matching/assignment.h.
///
/// Hostile input: the text is read by streaming (nlohmann/json SAX, no document tree), nested at
/// most `kMaxNestingDepth` deep, with at most `kMaxDenseEntries` costs, `kMaxSparseArcs` arcs and
/// `kMaxAssignmentSide` rows, columns or capacities. Every value must be an integer where one is
/// expected (no fractions, no exponents, no strings), weights within
/// `matching::weight_limit(rows, cols)`, indices within `rows` and `cols`, capacities ≥ 0; dense
/// rows of equal length; an unknown field, a field of the other kind, or a field written twice is
/// `invalid_value`. Issues carry paths such as `arcs[3][2]` or `costs[1]`, at most
/// 20 of them; every value a message quotes is masked (`mask_national_ids`).
/// A problem without a solution is `infeasible`.
///
/// Thread-safety: no shared state; distinct calls may run concurrently.
#pragma once

#include "vocfab/matching/assignment.h"
#include "vocfab/model/issue.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vocfab {

/// The most costs a dense request may hold (4096 × 4096).
inline constexpr std::size_t kMaxDenseEntries = std::size_t{1} << 24;
/// The most arcs a sparse request may hold.
inline constexpr std::size_t kMaxSparseArcs = 50'000'000;
/// The most rows or columns a sparse request may declare.
inline constexpr std::size_t kMaxAssignmentSide = 10'000'000;

/// A request as read: a dense or a sparse problem, or the issues that kept it from being one.
struct AssignmentRequest {
  std::variant<std::monostate, matching::DenseProblem, matching::SparseProblem> problem;  ///< The problem read (usable when `issues` is empty).
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
};

/// Reads @p text as an assignment request.
AssignmentRequest read_assignment_request(std::string_view text);

/// `{"rows", "cols", "total", "duals": {"rows", "cols"}}`.
std::string write_dense_assignment(const matching::DenseAssignment& result);
/// `{"pairs", "total", "duals": {"rows", "cols"}}`.
std::string write_sparse_assignment(const matching::SparseAssignment& result);

/// What `assign_json` answers: the result's JSON, or the issues (then `json` is
/// `{"issues": [{"code", "path", "message"}, ...]}`).
struct AssignJsonOutcome {
  std::string json;  ///< The result's JSON; empty when there are issues.
  std::vector<Issue> issues;  ///< Why the request could not be served; empty on success.
  bool ok() const noexcept { return issues.empty(); }  ///< True when there are no issues.
};

/// Reads a request, solves it and writes the result: the one entry point for callers in JSON.
AssignJsonOutcome assign_json(std::string_view request);

}  // namespace vocfab
