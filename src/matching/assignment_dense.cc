// Dense assignment (vocfab/matching/assignment.h): Jonker–Volgenant's augmenting row reduction,
// then one shortest augmenting path per row still free, found by the dense Dijkstra-like scan of
// Crouse (2016), "On implementing 2D rectangular assignment algorithms" — the algorithm of SciPy's
// linear_sum_assignment — in exact int64 arithmetic.
//
// The solver works on a k × l matrix with k ≤ l (the transpose when the problem has more rows than
// columns), in minimising form (costs negated to maximise), with forbidden entries replaced by
// kForbidden. Duals u (rows) and v (columns) are kept feasible (c - u - v ≥ 0 on every allowed
// entry) and tight on assigned pairs throughout; v only decreases and changes only for columns
// that are or become assigned, so an unassigned column keeps v = 0 (and v ≤ 0 for all).
#include "matching/assignment_detail.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace vocfab::matching {
namespace {

using detail::kGuard;
using detail::kInfinity;

// A forbidden entry. With |u|, |v|, |distance| ≤ kGuard = 2^59 and allowed |c| ≤ 2^58, a reduced
// distance through allowed entries stays below 7·2^58 < kUnreachable = 2^61, and one through a
// forbidden entry stays within [10·2^58, 22·2^58]: no overflow, and never mistaken for allowed.
constexpr Weight kForbidden = Weight{1} << 62;
constexpr Weight kUnreachable = Weight{1} << 61;

enum class Outcome { solved, infeasible, guard };

class DenseSolver {
 public:
  DenseSolver(std::size_t k, std::size_t l, std::vector<Weight> costs)
      : k_(k), l_(l), c_(std::move(costs)), u_(k, 0), v_(l, 0), col4row_(k, -1), row4col_(l, -1) {}

  Outcome solve() {
    std::vector<std::int32_t> free_rows = augmenting_row_reduction();
    if (guard_failed_) return Outcome::guard;
    distance_.assign(l_, kInfinity);
    path_.assign(l_, -1);
    remaining_.resize(l_);
    for (const std::int32_t row : free_rows) {
      const Outcome outcome = augment(row);
      if (outcome != Outcome::solved) {
        failed_row_ = row;
        return outcome;
      }
    }
    return Outcome::solved;
  }

  const std::vector<std::int32_t>& col4row() const { return col4row_; }
  const std::vector<Weight>& u() const { return u_; }
  const std::vector<Weight>& v() const { return v_; }
  std::int32_t failed_row() const { return failed_row_; }

 private:
  const Weight* row(std::size_t i) const { return c_.data() + i * l_; }

  // Jonker & Volgenant (1987), section 4: each free row takes the column of its lowest reduced
  // cost, lowering that column's dual to its second lowest so that the row's choice stays
  // optimal; a row pushed out tries again. Two passes, each bounded to 2k row scans (a pass can
  // otherwise bounce one column between two rows for long); rows left free go to the augmenting
  // paths. Keeps every dual feasible and tight on assigned pairs.
  std::vector<std::int32_t> augmenting_row_reduction() {
    std::vector<std::int32_t> free_rows(k_);
    std::iota(free_rows.begin(), free_rows.end(), 0);
    std::size_t free_count = k_;
    for (int pass = 0; pass < 2 && free_count > 0; ++pass) {
      const std::size_t previous = free_count;
      std::size_t next = 0;
      std::size_t scans = 0;
      free_count = 0;
      while (next < previous) {
        const std::int32_t i = free_rows[next++];
        if (++scans > 2 * k_) {
          free_rows[free_count++] = i;
          continue;
        }
        const Weight* costs = row(static_cast<std::size_t>(i));
        Weight lowest = kInfinity, second = kInfinity;
        std::int32_t j1 = -1, j2 = -1;
        for (std::size_t j = 0; j < l_; ++j) {
          if (costs[j] == kForbidden) continue;
          const Weight h = costs[j] - v_[j];
          if (h < second) {
            if (h >= lowest) {
              second = h;
              j2 = static_cast<std::int32_t>(j);
            } else {
              second = lowest;
              j2 = j1;
              lowest = h;
              j1 = static_cast<std::int32_t>(j);
            }
          }
        }
        if (j1 < 0 || (j2 < 0 && row4col_[static_cast<std::size_t>(j1)] >= 0)) {
          free_rows[free_count++] = i;  // no allowed column, or one that is taken: left to the paths
          continue;
        }
        std::int32_t evicted = row4col_[static_cast<std::size_t>(j1)];
        const bool strict = j2 >= 0 && lowest < second;
        if (strict) {
          const Weight lowered = v_[static_cast<std::size_t>(j1)] - (second - lowest);
          if (detail::beyond_guard(lowered)) {
            guard_failed_ = true;
            return {};
          }
          v_[static_cast<std::size_t>(j1)] = lowered;
        } else if (evicted >= 0) {
          j1 = j2;
          evicted = row4col_[static_cast<std::size_t>(j1)];
        }
        if (evicted >= 0) col4row_[static_cast<std::size_t>(evicted)] = -1;
        col4row_[static_cast<std::size_t>(i)] = j1;
        row4col_[static_cast<std::size_t>(j1)] = i;
        if (evicted >= 0) {
          if (strict) {
            free_rows[--next] = evicted;
          } else {
            free_rows[free_count++] = evicted;
          }
        }
      }
    }
    free_rows.resize(free_count);
    for (std::size_t i = 0; i < k_; ++i) {
      const std::int32_t j = col4row_[i];
      if (j >= 0) u_[i] = row(i)[j] - v_[static_cast<std::size_t>(j)];
    }
    return free_rows;
  }

  // One shortest augmenting path from the free row `start` (Crouse 2016, algorithm 1): a dense
  // Dijkstra over the columns not yet settled, preferring an unassigned column on ties, then the
  // dual update and the augmentation.
  Outcome augment(std::int32_t start) {
    std::size_t remaining = l_;
    for (std::size_t it = 0; it < l_; ++it) remaining_[it] = static_cast<std::int32_t>(l_ - it - 1);
    scanned_rows_.clear();
    settled_cols_.clear();
    Weight min_value = 0;
    std::int32_t i = start;
    std::int32_t sink = -1;
    while (sink < 0) {
      scanned_rows_.push_back(i);
      const Weight* costs = row(static_cast<std::size_t>(i));
      const Weight base = min_value - u_[static_cast<std::size_t>(i)];
      Weight lowest = kInfinity;
      std::size_t index = remaining;
      for (std::size_t it = 0; it < remaining; ++it) {
        const auto j = static_cast<std::size_t>(remaining_[it]);
        const Weight r = base + costs[j] - v_[j];
        if (r < distance_[j]) {
          path_[j] = i;
          distance_[j] = r;
        }
        if (distance_[j] < lowest || (distance_[j] == lowest && row4col_[j] < 0)) {
          lowest = distance_[j];
          index = it;
        }
      }
      if (index == remaining || lowest >= kUnreachable) {
        reset_distances();
        return Outcome::infeasible;
      }
      min_value = lowest;
      if (detail::beyond_guard(min_value)) return Outcome::guard;
      const auto j = static_cast<std::size_t>(remaining_[index]);
      settled_cols_.push_back(static_cast<std::int32_t>(j));
      if (row4col_[j] < 0) {
        sink = static_cast<std::int32_t>(j);
      } else {
        i = row4col_[j];
      }
      remaining_[index] = remaining_[--remaining];
    }
    // Dual update: the start row gains min_value, every other scanned row and settled column
    // moves by what its distance fell short of it.
    u_[static_cast<std::size_t>(start)] += min_value;
    for (std::size_t s = 1; s < scanned_rows_.size(); ++s) {
      const auto r = static_cast<std::size_t>(scanned_rows_[s]);
      u_[r] += min_value - distance_[static_cast<std::size_t>(col4row_[r])];
      if (detail::beyond_guard(u_[r])) return Outcome::guard;
    }
    if (detail::beyond_guard(u_[static_cast<std::size_t>(start)])) return Outcome::guard;
    for (const std::int32_t col : settled_cols_) {
      const auto j = static_cast<std::size_t>(col);
      v_[j] -= min_value - distance_[j];
      if (detail::beyond_guard(v_[j])) return Outcome::guard;
    }
    // Augmentation along the path back to the start row.
    auto j = static_cast<std::size_t>(sink);
    while (true) {
      const std::int32_t r = path_[j];
      row4col_[j] = r;
      const std::int32_t previous = col4row_[static_cast<std::size_t>(r)];
      col4row_[static_cast<std::size_t>(r)] = static_cast<std::int32_t>(j);
      if (r == start) break;
      j = static_cast<std::size_t>(previous);
    }
    reset_distances();
    return Outcome::solved;
  }

  void reset_distances() { std::fill(distance_.begin(), distance_.end(), kInfinity); }

  std::size_t k_, l_;
  std::vector<Weight> c_;
  std::vector<Weight> u_, v_;
  std::vector<std::int32_t> col4row_, row4col_;
  std::vector<Weight> distance_;
  std::vector<std::int32_t> path_, remaining_, scanned_rows_, settled_cols_;
  std::int32_t failed_row_ = -1;
  bool guard_failed_ = false;
};

std::string entry_path(std::size_t r, std::size_t c) {
  return index_path(index_path("costs", r), c);
}

}  // namespace

Weight weight_limit(std::size_t rows, std::size_t cols) noexcept {
  const std::size_t sides = std::min(rows, kMaxSide) + std::min(cols, kMaxSide) + 2;
  return static_cast<Weight>((std::uint64_t{1} << 58) / sides);
}

namespace detail {

Issue guard_issue(std::string_view path) {
  return Issue{IssueCode::invalid_value, std::string(path),
               "the duals passed 2^59, beyond what is exact in 64 bits; use smaller weights"};
}

Issue weight_issue(std::string_view path, Weight weight, Weight limit) {
  return Issue{IssueCode::invalid_value, std::string(path),
               "weight " + detail::number(weight) + " is beyond the exact bound of ±" + detail::number(limit) +
                   " for this problem's size (2^58 / (rows + cols + 2))"};
}

}  // namespace detail

Solved<DenseAssignment> solve_dense(const DenseProblem& problem) {
  Solved<DenseAssignment> out;
  const std::size_t n = problem.rows, m = problem.cols;
  if (n > kMaxSide || m > kMaxSide) {
    out.issues.push_back({IssueCode::invalid_value, "costs", "more than 2^30 rows or columns"});
    return out;
  }
  if (problem.costs.size() != n * m) {
    out.issues.push_back({IssueCode::invalid_value, "costs",
                          "expected " + detail::number(n * m) + " costs (rows × cols), found " +
                              detail::number(problem.costs.size())});
    return out;
  }
  if (!problem.allowed.empty() && problem.allowed.size() != n * m) {
    out.issues.push_back({IssueCode::invalid_value, "costs", "the mask of allowed entries is not rows × cols"});
    return out;
  }
  const Weight limit = weight_limit(n, m);
  const auto allowed = [&](std::size_t index) { return problem.allowed.empty() || problem.allowed[index] != 0; };
  for (std::size_t index = 0; index < n * m && out.issues.size() < detail::kMaxIssues; ++index) {
    const Weight w = problem.costs[index];
    if (allowed(index) && (w > limit || w < -limit)) {
      out.issues.push_back(detail::weight_issue(entry_path(index / m, index % m), w, limit));
    }
  }
  if (!out.issues.empty()) return out;

  DenseAssignment result;
  result.duals.rows.assign(n, 0);
  result.duals.cols.assign(m, 0);
  if (n == 0 || m == 0) {
    out.solution = std::move(result);
    return out;
  }
  const bool transposed = n > m;
  const std::size_t k = transposed ? m : n, l = transposed ? n : m;
  const Weight sign = problem.maximize ? -1 : 1;
  std::vector<Weight> work(k * l);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < m; ++c) {
      const std::size_t from = r * m + c;
      const std::size_t to = transposed ? c * l + r : from;
      work[to] = allowed(from) ? sign * problem.costs[from] : kForbidden;
    }
  }
  DenseSolver solver(k, l, std::move(work));
  const Outcome outcome = solver.solve();
  if (outcome == Outcome::guard) {
    out.issues.push_back(detail::guard_issue("costs"));
    return out;
  }
  if (outcome == Outcome::infeasible) {
    const auto side = static_cast<std::size_t>(solver.failed_row());
    out.issues.push_back({IssueCode::infeasible, "costs",
                          std::string("no assignment covers every ") + (transposed ? "column" : "row") +
                              ": allowed entries cannot give " + (transposed ? "column " : "row ") +
                              detail::number(side) + " and those assigned before it distinct partners"});
    return out;
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  pairs.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto j = static_cast<std::size_t>(solver.col4row()[i]);
    pairs.emplace_back(transposed ? j : i, transposed ? i : j);
  }
  if (transposed) std::sort(pairs.begin(), pairs.end());
  result.rows.reserve(k);
  result.cols.reserve(k);
  for (const auto& [r, c] : pairs) {
    result.rows.push_back(r);
    result.cols.push_back(c);
    result.total += problem.costs[r * m + c];
  }
  auto& row_duals = transposed ? result.duals.cols : result.duals.rows;
  auto& col_duals = transposed ? result.duals.rows : result.duals.cols;
  for (std::size_t i = 0; i < k; ++i) row_duals[i] = sign * solver.u()[i];
  for (std::size_t j = 0; j < l; ++j) col_duals[j] = sign * solver.v()[j];
  out.solution = std::move(result);
  return out;
}

}  // namespace vocfab::matching
