// Checking an assignment and its duals against the problem (vocfab/matching/assignment.h). The
// checks follow the linear programmes of the file comment there; every sum is 128 bits wide, so
// any result, however wrong, is checked without overflow.
#include "matching/assignment_detail.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace vocfab::matching {
namespace {

__extension__ typedef __int128 Wide;  // GCC and Clang: exact sums of any int64 values

std::string wide_string(Wide value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string digits;
  while (value != 0) {
    const int digit = static_cast<int>(value % 10);
    digits.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
    value /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

class Report {
 public:
  explicit Report(std::vector<Issue>& issues) : issues_(issues) {}
  bool full() const { return issues_.size() >= detail::kMaxIssues; }
  void add(std::string path, std::string message) {
    if (!full()) issues_.push_back({IssueCode::invalid_value, std::move(path), std::move(message)});
  }

 private:
  std::vector<Issue>& issues_;
};

std::string side_path(bool rows, std::size_t index) { return index_path(rows ? "duals.rows" : "duals.cols", index); }

// The smaller side's duals are free; the larger side's are ≤ 0 (in minimising form) and 0 where
// unassigned. Square: both free.
void check_larger_side(const Duals& duals, std::size_t rows, std::size_t cols, Weight sign,
                       const std::vector<std::uint8_t>& row_used, const std::vector<std::uint8_t>& col_used,
                       Report& report) {
  if (rows == cols) return;
  const bool larger_rows = rows > cols;
  const auto& values = larger_rows ? duals.rows : duals.cols;
  const auto& used = larger_rows ? row_used : col_used;
  for (std::size_t i = 0; i < values.size() && !report.full(); ++i) {
    const Wide value = Wide{sign} * values[i];
    if (value > 0) report.add(side_path(larger_rows, i), "a dual of the larger side has the wrong sign");
    if (!used[i] && value != 0) report.add(side_path(larger_rows, i), "an unassigned vertex of the larger side has a nonzero dual");
  }
}

}  // namespace

std::vector<Issue> check_certificate(const DenseProblem& problem, const DenseAssignment& result) {
  std::vector<Issue> issues;
  Report report(issues);
  const std::size_t n = problem.rows, m = problem.cols;
  if (problem.costs.size() != n * m || (!problem.allowed.empty() && problem.allowed.size() != n * m)) {
    report.add("costs", "the problem is malformed");
    return issues;
  }
  const std::size_t k = std::min(n, m);
  if (result.rows.size() != k || result.cols.size() != k) {
    report.add("rows", "expected " + detail::number(k) + " assigned pairs");
    return issues;
  }
  if (result.duals.rows.size() != n || result.duals.cols.size() != m) {
    report.add("duals", "expected one dual per row and per column");
    return issues;
  }
  std::vector<std::uint8_t> row_used(n, 0), col_used(m, 0);
  Wide total = 0;
  for (std::size_t p = 0; p < k; ++p) {
    const std::size_t r = result.rows[p], c = result.cols[p];
    if (r >= n || c >= m) {
      report.add(index_path("rows", p), "index out of range");
      return issues;
    }
    if (p > 0 && result.rows[p - 1] >= r) report.add(index_path("rows", p), "rows are not strictly ascending");
    if (col_used[c]) report.add(index_path("cols", p), "column assigned twice");
    row_used[r] = col_used[c] = 1;
    if (!problem.allowed.empty() && problem.allowed[r * m + c] == 0) report.add(index_path("cols", p), "a forbidden entry");
    total += problem.costs[r * m + c];
  }
  if (total != result.total) report.add("total", "the total is " + mask_national_ids(wide_string(total)) + ", not " + detail::number(result.total));
  const Weight sign = problem.maximize ? -1 : 1;
  for (std::size_t r = 0; r < n && !report.full(); ++r) {
    for (std::size_t c = 0; c < m; ++c) {
      if (!problem.allowed.empty() && problem.allowed[r * m + c] == 0) continue;
      const Wide reduced = Wide{sign} * (Wide{problem.costs[r * m + c]} - result.duals.rows[r] - result.duals.cols[c]);
      if (reduced < 0) report.add(index_path(index_path("costs", r), c), "the duals are not feasible here");
    }
  }
  for (std::size_t p = 0; p < k; ++p) {
    const std::size_t r = result.rows[p], c = result.cols[p];
    if (Wide{problem.costs[r * m + c]} != Wide{result.duals.rows[r]} + result.duals.cols[c]) {
      report.add(index_path("rows", p), "an assigned pair whose duals are not tight");
    }
  }
  check_larger_side(result.duals, n, m, sign, row_used, col_used, report);
  return issues;
}

std::vector<Issue> check_certificate(const SparseProblem& problem, const SparseAssignment& result) {
  std::vector<Issue> issues;
  Report report(issues);
  const std::size_t n = problem.rows, m = problem.cols;
  const bool full = problem.objective == SparseObjective::min_cost_full;
  if (result.duals.rows.size() != n || result.duals.cols.size() != m ||
      (!problem.capacities.empty() && problem.capacities.size() != m)) {
    report.add("duals", "expected one dual per row and per column");
    return issues;
  }
  std::unordered_map<std::uint64_t, Weight> weight_of;
  weight_of.reserve(problem.arcs.size());
  for (const Arc& arc : problem.arcs) {
    if (arc.row >= n || arc.col >= m) {
      report.add("arcs", "the problem is malformed");
      return issues;
    }
    weight_of.emplace(std::uint64_t{arc.row} * m + arc.col, arc.weight);
  }
  std::vector<std::uint8_t> row_used(n, 0), col_used(m, 0);
  std::vector<std::uint64_t> load(m, 0);
  const auto capacity = [&](std::size_t c) -> std::uint64_t { return problem.capacities.empty() ? 1 : problem.capacities[c]; };
  Wide total = 0;
  for (std::size_t p = 0; p < result.pairs.size(); ++p) {
    const auto [r, c] = result.pairs[p];
    const std::string here = index_path("pairs", p);
    if (r >= n || c >= m) {
      report.add(here, "index out of range");
      return issues;
    }
    if (p > 0 && result.pairs[p - 1] >= result.pairs[p]) report.add(here, "pairs are not strictly ascending");
    if (row_used[r]) report.add(here, "row matched twice");
    row_used[r] = col_used[c] = 1;
    if (++load[c] > capacity(c)) report.add(here, "column matched beyond its capacity");
    const auto arc = weight_of.find(std::uint64_t{r} * m + c);
    if (arc == weight_of.end()) {
      report.add(here, "not an arc");
      return issues;
    }
    total += arc->second;
    if (Wide{arc->second} != Wide{result.duals.rows[r]} + result.duals.cols[c]) report.add(here, "a matched arc whose duals are not tight");
  }
  if (total != result.total) report.add("total", "the total is " + mask_national_ids(wide_string(total)) + ", not " + detail::number(result.total));
  for (std::size_t a = 0; a < problem.arcs.size() && !report.full(); ++a) {
    const Arc& arc = problem.arcs[a];
    const Wide slack = Wide{arc.weight} - result.duals.rows[arc.row] - result.duals.cols[arc.col];
    if (full ? slack < 0 : slack > 0) report.add(index_path("arcs", a), "the duals are not feasible on this arc");
  }
  if (full) {
    if (result.pairs.size() != std::min(n, m)) report.add("pairs", "the smaller side is not fully matched");
    check_larger_side(result.duals, n, m, 1, row_used, col_used, report);
    return issues;
  }
  for (std::size_t r = 0; r < n && !report.full(); ++r) {
    if (result.duals.rows[r] < 0) report.add(side_path(true, r), "a row dual below 0");
    if (!row_used[r] && result.duals.rows[r] != 0) report.add(side_path(true, r), "an unmatched row with a nonzero dual");
  }
  for (std::size_t c = 0; c < m && !report.full(); ++c) {
    if (result.duals.cols[c] < 0) report.add(side_path(false, c), "a column dual below 0");
    if (load[c] < capacity(c) && result.duals.cols[c] != 0) report.add(side_path(false, c), "a column with room and a nonzero dual");
  }
  return issues;
}

}  // namespace vocfab::matching
