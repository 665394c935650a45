// Sparse assignment (vocfab/matching/assignment.h): successive shortest augmenting paths, one per
// row, each a Dijkstra with potentials over the arcs in compressed rows (a binary heap of
// columns, stopped at the first column with room; pushes no shorter than a known end are
// dropped).
//
// Both objectives are one minimum-cost problem on "engine" rows and columns:
// - min_cost_full: costs as given, every engine row must be matched, capacities 1; the engine rows
//   are the smaller side (the transpose when the problem has more rows than columns).
// - max_weight: costs are the negated weights of the arcs with a positive weight, column c holds
//   up to capacities[c] rows (its copies share one dual), and every row may instead take a
//   zero-cost "unmatched" option whose dual stays 0 (it is never settled but as an end).
// The duals u (rows) and v (columns) keep every residual reduced cost ≥ 0: c - u - v ≥ 0 on
// every arc, tight on matched ones, and -u ≥ 0 with max_weight (the unmatched option); v changes
// only for columns that are full, and only decreases, so a column with room has v = 0.
//
// max_weight first runs a warm start, an auction with ε = 0 (the sparse, capacitated form of
// Jonker–Volgenant's augmenting row reduction): each row in turn takes its cheapest option
// (value c - v of an arc, or 0 for staying unmatched); at a full column it takes the place of the
// holder with the least margin (second option's value − u, kept as of the holder's bid: values
// only rise, so it is a lower bound), the column's v falling by δ = min(the bidder's second value
// − its best, the next least margin), the other holders' u rising by δ so that they stay tight
// and within their second option, and the displaced row bids next. Every invariant above holds
// after every bid; a bid with δ = 0 displaces a row only within a budget of `rows` such bids (ties
// could cycle), all bids within 8 · rows (with wide weights v could fall by small steps for
// long), and a row refused by either budget is left for the augmenting paths, which then run only
// from the rows left and finish exactly.
#include "matching/assignment_detail.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <string>

namespace vocfab::matching {
namespace {

using detail::kGuard;
using detail::kInfinity;

enum class Outcome { solved, infeasible, guard };

using Engine = detail::SparseEngine;

class SparseSolver {
 public:
  explicit SparseSolver(const Engine& engine)
      : e_(engine),
        u_(engine.rows, 0),
        v_(engine.cols, 0),
        col_of_row_(engine.rows, -1),
        slot_of_row_(engine.rows, 0),
        slot_row_(engine.slot_start.back(), -1),
        load_(engine.cols, 0),
        distance_(engine.cols, kInfinity),
        pred_(engine.cols, -1),
        settled_(engine.cols, 0) {}

  Outcome solve(bool warm_start) {
    std::vector<std::int32_t> rows;
    if (warm_start && e_.unmatched_option) {
      rows = reduce();
    } else {
      rows.resize(e_.rows);
      std::iota(rows.begin(), rows.end(), 0);
    }
    for (const std::int32_t r : rows) {
      const Outcome outcome = augment(r);
      if (outcome != Outcome::solved) {
        failed_row_ = r;
        return outcome;
      }
    }
    return Outcome::solved;
  }

  // Only the warm start (max_weight): its matching and duals, exact, with some rows still free.
  void warm_start_only() { reduce(); }

  std::size_t deferred() const { return deferred_; }
  std::uint64_t bids() const { return bids_; }

  const std::vector<std::int32_t>& col_of_row() const { return col_of_row_; }
  const std::vector<Weight>& u() const { return u_; }
  const std::vector<Weight>& v() const { return v_; }
  std::int32_t failed_row() const { return failed_row_; }

 private:
  using Entry = std::pair<Weight, std::uint32_t>;

  std::uint64_t capacity(std::size_t c) const { return e_.slot_start[c + 1] - e_.slot_start[c]; }

  // max_weight's warm start, an auction with ε = 0 that keeps the invariants of the file comment
  // after every bid (see there). Returns the rows left for the augmenting paths, ascending.
  std::vector<std::int32_t> reduce() {
    second_.assign(e_.rows, 0);
    std::vector<std::int32_t> left;
    std::uint64_t zero_budget = e_.rows;  // bids that raise no price but still displace a row
    // All bids: with wide weights, duals could fall by small steps for long; past this the rows
    // still free are left to the augmenting paths.
    const std::uint64_t bid_budget = 8 * std::uint64_t{e_.rows} + 8;
    for (std::size_t first = 0; first < e_.rows; ++first) {
      std::int32_t r = static_cast<std::int32_t>(first);
      while (r >= 0) {
        if (bids_ == bid_budget) {
          left.push_back(r);
          break;
        }
        ++bids_;
        r = bid(r, zero_budget, left);
      }
    }
    std::sort(left.begin(), left.end());
    deferred_ = left.size();
    return left;
  }

  // Row @p r's cheapest option but its column @p own, as the duals are now.
  Weight second_value(std::size_t r, std::size_t own) const {
    Weight least = 0;
    for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
      const std::uint32_t c = e_.col[a];
      if (c != own) least = std::min(least, e_.cost[a] - v_[c]);
    }
    return least;
  }

  // One bid of row @p i: it takes its cheapest option (ties: a column with room, then staying
  // unmatched, then a full column) and, at a full column, the place of the holder with the least
  // margin, the column's dual falling as far as the bidder's second option and the other holders'
  // margins allow. Returns the displaced row, or -1.
  std::int32_t bid(std::int32_t i, std::uint64_t& zero_budget, std::vector<std::int32_t>& left) {
    const auto r = static_cast<std::size_t>(i);
    // Options ranked by (value, kind): kind 0 a column with room, 1 staying unmatched, 2 a full column.
    Weight best = 0, second = kInfinity;
    int best_kind = 1;
    std::int64_t best_col = -1;
    for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
      const std::uint32_t c = e_.col[a];
      const Weight value = e_.cost[a] - v_[c];
      if (capacity(c) == 0) {  // never an option: its dual rises (v falls) until it is worth nothing here
        if (value < 0) v_[c] = e_.cost[a];
        continue;
      }
      const int kind = load_[c] < capacity(c) ? 0 : 2;
      if (value < best || (value == best && kind < best_kind)) {
        second = best;
        best = value;
        best_kind = kind;
        best_col = c;
      } else if (value < second) {
        second = value;
      }
    }
    if (best_kind == 1) {  // unmatched, dual 0: every arc's value is ≥ 0 and stays so
      u_[r] = 0;
      col_of_row_[r] = -1;
      return -1;
    }
    const auto c = static_cast<std::size_t>(best_col);
    second_[r] = second;
    if (best_kind == 0) {
      const std::uint64_t slot = e_.slot_start[c] + load_[c]++;
      slot_row_[slot] = i;
      slot_of_row_[r] = slot;
      col_of_row_[r] = static_cast<std::int32_t>(c);
      u_[r] = best;
      return -1;
    }
    // A full column: the holder with the least margin (second option − dual) leaves.
    std::uint64_t out_slot = e_.slot_start[c];
    Weight least = kInfinity, next = kInfinity;
    const Weight room = second - best;
    for (std::uint64_t s = e_.slot_start[c]; s < e_.slot_start[c + 1]; ++s) {
      const auto h = static_cast<std::size_t>(slot_row_[s]);
      if (second_[h] - u_[h] < room) second_[h] = second_value(h, c);
      const Weight margin = second_[h] - u_[h];
      if (margin < least) {
        next = least;
        least = margin;
        out_slot = s;
      } else if (margin < next) {
        next = margin;
      }
    }
    const Weight delta = std::min(room, next);
    if (delta == 0) {
      if (zero_budget == 0) {
        left.push_back(i);
        return -1;
      }
      --zero_budget;
    }
    v_[c] -= delta;
    for (std::uint64_t s = e_.slot_start[c]; s < e_.slot_start[c + 1]; ++s) {
      if (s != out_slot) u_[static_cast<std::size_t>(slot_row_[s])] += delta;
    }
    const std::int32_t out = slot_row_[out_slot];
    col_of_row_[static_cast<std::size_t>(out)] = -1;
    slot_row_[out_slot] = i;
    slot_of_row_[r] = out_slot;
    col_of_row_[r] = static_cast<std::int32_t>(c);
    u_[r] = best + delta;
    return out;
  }

  void relax_row(std::int32_t i, Weight d) {
    const auto r = static_cast<std::size_t>(i);
    const Weight base = d - u_[r];
    if (e_.unmatched_option && base < unmatched_best_) {
      unmatched_best_ = base;
      unmatched_row_ = i;
    }
    const Weight bound = std::min(unmatched_best_, free_best_);
    for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
      const std::uint32_t c = e_.col[a];
      const Weight nd = base + e_.cost[a] - v_[c];
      if (nd >= bound || nd >= distance_[c] || settled_[c]) continue;
      if (distance_[c] == kInfinity) touched_.push_back(c);
      distance_[c] = nd;
      pred_[c] = i;
      heap_.emplace_back(nd, c);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
      if (load_[c] < capacity(c)) free_best_ = std::min(free_best_, nd);
    }
  }

  Outcome augment(std::int32_t start) {
    heap_.clear();
    touched_.clear();
    settled_cols_.clear();
    scanned_rows_.clear();
    unmatched_best_ = kInfinity;
    unmatched_row_ = -1;
    free_best_ = kInfinity;
    scanned_rows_.push_back(start);
    relax_row(start, 0);
    Weight min_value = 0;
    std::int64_t sink = -1;  // a column, or -2 for the unmatched option
    while (sink == -1) {
      while (!heap_.empty()) {
        const auto [d, c] = heap_.front();
        if (!settled_[c] && d == distance_[c]) break;
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
        heap_.pop_back();
      }
      if (heap_.empty() || (e_.unmatched_option && heap_.front().first >= unmatched_best_)) {
        if (!e_.unmatched_option) {
          reset();
          return Outcome::infeasible;
        }
        min_value = unmatched_best_;
        sink = -2;
        break;
      }
      const auto [d, c] = heap_.front();
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      heap_.pop_back();
      if (detail::beyond_guard(d)) {
        reset();
        return Outcome::guard;
      }
      settled_[c] = 1;
      settled_cols_.push_back(c);
      if (load_[c] < capacity(c)) {
        min_value = d;
        sink = c;
        break;
      }
      for (std::uint64_t s = e_.slot_start[c]; s < e_.slot_start[c + 1]; ++s) {
        const std::int32_t i = slot_row_[s];
        scanned_rows_.push_back(i);
        relax_row(i, d);
      }
    }
    if (detail::beyond_guard(min_value)) {
      reset();
      return Outcome::guard;
    }
    // Duals: every scanned row and settled column moves by what its distance fell short of the end.
    u_[static_cast<std::size_t>(start)] += min_value;
    for (std::size_t s = 1; s < scanned_rows_.size(); ++s) {
      const auto r = static_cast<std::size_t>(scanned_rows_[s]);
      u_[r] += min_value - distance_[static_cast<std::size_t>(col_of_row_[r])];
    }
    for (const std::uint32_t c : settled_cols_) v_[c] -= min_value - distance_[c];
    for (const std::int32_t r : scanned_rows_) {
      if (detail::beyond_guard(u_[static_cast<std::size_t>(r)])) return Outcome::guard;
    }
    // Augmentation: the end takes its predecessor row, which leaves its column to the row before it.
    std::int64_t c = sink;
    std::uint64_t slot = 0;
    if (sink == -2) {
      const auto r = static_cast<std::size_t>(unmatched_row_);
      c = col_of_row_[r];
      slot = slot_of_row_[r];
      col_of_row_[r] = -1;
      if (unmatched_row_ == start) c = -1;
    } else {
      const auto column = static_cast<std::size_t>(sink);
      slot = e_.slot_start[column] + load_[column]++;
    }
    while (c >= 0) {
      const auto column = static_cast<std::size_t>(c);
      const std::int32_t p = pred_[column];
      const auto pr = static_cast<std::size_t>(p);
      const std::int64_t previous_col = col_of_row_[pr];
      const std::uint64_t previous_slot = slot_of_row_[pr];
      slot_row_[slot] = p;
      col_of_row_[pr] = static_cast<std::int32_t>(column);
      slot_of_row_[pr] = slot;
      if (p == start) break;
      c = previous_col;
      slot = previous_slot;
    }
    reset();
    return Outcome::solved;
  }

  void reset() {
    for (const std::uint32_t c : touched_) {
      distance_[c] = kInfinity;
      settled_[c] = 0;
    }
  }

  const Engine& e_;
  std::vector<Weight> u_, v_;
  std::vector<std::int32_t> col_of_row_;
  std::vector<std::uint64_t> slot_of_row_;
  std::vector<std::int32_t> slot_row_;
  std::vector<std::uint64_t> load_;
  std::vector<Weight> distance_;
  std::vector<std::int32_t> pred_;
  std::vector<std::uint8_t> settled_;
  std::vector<Entry> heap_;
  std::vector<std::uint32_t> touched_, settled_cols_;
  std::vector<std::int32_t> scanned_rows_;
  std::vector<Weight> second_;  // reduce(): a holder's second option when it bid (a lower bound later)
  std::size_t deferred_ = 0;
  std::uint64_t bids_ = 0;
  Weight unmatched_best_ = kInfinity, free_best_ = kInfinity;
  std::int32_t unmatched_row_ = -1;
  std::int32_t failed_row_ = -1;
};

std::string arc_path(std::size_t k) { return index_path("arcs", k); }

}  // namespace

Solved<SparseAssignment> solve_sparse(const SparseProblem& problem) { return detail::solve_sparse(problem, {}); }

Solved<SparseAssignment> detail::solve_sparse(const SparseProblem& problem, const SparseOptions& options) {
  Solved<SparseAssignment> out;
  auto& issues = out.issues;
  const std::size_t n = problem.rows, m = problem.cols;
  const bool full = problem.objective == SparseObjective::min_cost_full;
  if (n > kMaxSide || m > kMaxSide) {
    issues.push_back({IssueCode::invalid_value, n > kMaxSide ? "rows" : "cols", "more than 2^30"});
    return out;
  }
  if (problem.arcs.size() > std::numeric_limits<std::uint32_t>::max()) {
    issues.push_back({IssueCode::invalid_value, "arcs", "more than 2^32 - 1 arcs"});
    return out;
  }
  if (!problem.capacities.empty() && problem.capacities.size() != m) {
    issues.push_back({IssueCode::invalid_value, "capacities",
                      "expected one capacity per column (" + detail::number(m) + "), found " +
                          detail::number(problem.capacities.size())});
    return out;
  }
  if (full) {
    for (std::size_t c = 0; c < problem.capacities.size(); ++c) {
      if (problem.capacities[c] != 1) {
        issues.push_back({IssueCode::invalid_value, index_path("capacities", c),
                          "min_cost_full matches each column at most once; capacities apply to max_weight"});
        return out;
      }
    }
  }
  const Weight limit = weight_limit(n, m);
  for (std::size_t k = 0; k < problem.arcs.size() && issues.size() < detail::kMaxIssues; ++k) {
    const Arc& arc = problem.arcs[k];
    if (arc.row >= n) {
      issues.push_back({IssueCode::invalid_value, index_path(arc_path(k), 0),
                        "row " + detail::number(arc.row) + " is not below rows (" + detail::number(n) + ")"});
    }
    if (arc.col >= m) {
      issues.push_back({IssueCode::invalid_value, index_path(arc_path(k), 1),
                        "column " + detail::number(arc.col) + " is not below cols (" + detail::number(m) + ")"});
    }
    if (arc.weight > limit || arc.weight < -limit) {
      issues.push_back(detail::weight_issue(index_path(arc_path(k), 2), arc.weight, limit));
    }
  }
  if (!issues.empty()) return out;

  // Engine orientation and the arcs it uses, bucketed by engine row, then sorted by column.
  const bool transposed = full && n > m;
  Engine engine;
  engine.rows = transposed ? m : n;
  engine.cols = transposed ? n : m;
  engine.unmatched_option = !full;
  const auto engine_row = [&](const Arc& a) { return transposed ? a.col : a.row; };
  const auto engine_col = [&](const Arc& a) { return transposed ? a.row : a.col; };
  const auto used = [&](const Arc& a) { return full || a.weight > 0; };
  engine.start.assign(engine.rows + 1, 0);
  for (const Arc& a : problem.arcs) {
    if (used(a)) ++engine.start[engine_row(a) + 1];
  }
  std::partial_sum(engine.start.begin(), engine.start.end(), engine.start.begin());
  std::vector<std::uint32_t> order(engine.start.back());
  {
    std::vector<std::uint64_t> next(engine.start.begin(), engine.start.end() - 1);
    for (std::size_t k = 0; k < problem.arcs.size(); ++k) {
      if (used(problem.arcs[k])) order[next[engine_row(problem.arcs[k])]++] = static_cast<std::uint32_t>(k);
    }
  }
  engine.col.resize(order.size());
  engine.cost.resize(order.size());
  std::vector<std::uint64_t> indegree(engine.cols, 0);
  for (std::size_t r = 0; r < engine.rows; ++r) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(engine.start[r]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(engine.start[r + 1]);
    std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
      return std::pair(engine_col(problem.arcs[a]), a) < std::pair(engine_col(problem.arcs[b]), b);
    });
    for (auto it = first; it != last; ++it) {
      const Arc& a = problem.arcs[*it];
      const auto at = static_cast<std::size_t>(it - order.begin());
      if (it != first && engine_col(problem.arcs[*(it - 1)]) == engine_col(a) && issues.size() < detail::kMaxIssues) {
        issues.push_back({IssueCode::invalid_value, arc_path(*it),
                          "repeats the arc of row " + detail::number(a.row) + " and column " + detail::number(a.col) +
                              " (arcs[" + detail::number(*(it - 1)) + "])"});
      }
      engine.col[at] = engine_col(a);
      engine.cost[at] = full ? a.weight : -a.weight;
      ++indegree[engine_col(a)];
    }
  }
  if (!issues.empty()) return out;
  order = {};
  // A column's copies: its capacity, but never more than the arcs that reach it.
  engine.slot_start.assign(engine.cols + 1, 0);
  engine.capacity.assign(engine.cols, 1);
  for (std::size_t c = 0; c < engine.cols; ++c) {
    if (!problem.capacities.empty()) engine.capacity[c] = problem.capacities[c];
    engine.slot_start[c + 1] = engine.slot_start[c] + std::min(engine.capacity[c], indegree[c]);
  }

  // The matching per engine row and its duals as the engine keeps them (u, v: costs to minimise;
  // max_weight's y and z are −u and −v).
  std::vector<std::int32_t> col_of_row;
  std::vector<Weight> u, v;
  std::optional<detail::MaxWeightDuals> scaled;
  if (!full && options.method == detail::MaxWeightMethod::scaling) {
    // The ε = 0 warm start settles most rows exactly and cheaply; the auction starts from there.
    SparseSolver warm(engine);
    warm.warm_start_only();
    const detail::MaxWeightSeed seed{warm.col_of_row(), warm.v()};
    scaled = detail::solve_max_weight_scaling(engine, seed, options.stats);
    if (!scaled && options.stats != nullptr) options.stats->scaling_fell_back = true;
  }
  if (scaled) {
    col_of_row = std::move(scaled->col_of_row);
    u = std::move(scaled->rows);
    v = std::move(scaled->cols);
    for (Weight& x : u) x = -x;
    for (Weight& x : v) x = -x;
  } else {
    SparseSolver solver(engine);
    const Outcome outcome = solver.solve(options.method != detail::MaxWeightMethod::paths);
    if (outcome == Outcome::guard) {
      issues.push_back(detail::guard_issue("arcs"));
      return out;
    }
    if (outcome == Outcome::infeasible) {
      const auto side = static_cast<std::size_t>(solver.failed_row());
      issues.push_back({IssueCode::infeasible, "arcs",
                        std::string("no full matching of the smaller side exists: ") + (transposed ? "column " : "row ") +
                            detail::number(side) + " cannot be matched together with those matched before it"});
      return out;
    }
    col_of_row = solver.col_of_row();
    u = solver.u();
    v = solver.v();
  }
  SparseAssignment result;
  result.duals.rows.assign(n, 0);
  result.duals.cols.assign(m, 0);
  for (std::size_t r = 0; r < engine.rows; ++r) {
    const std::int32_t c = col_of_row[r];
    if (c < 0) continue;
    const auto er = static_cast<std::uint32_t>(r), ec = static_cast<std::uint32_t>(c);
    result.pairs.emplace_back(transposed ? ec : er, transposed ? er : ec);
  }
  if (transposed) std::sort(result.pairs.begin(), result.pairs.end());
  const Weight sign = full ? 1 : -1;
  auto& row_duals = transposed ? result.duals.cols : result.duals.rows;
  auto& col_duals = transposed ? result.duals.rows : result.duals.cols;
  for (std::size_t r = 0; r < engine.rows; ++r) row_duals[r] = sign * u[r];
  for (std::size_t c = 0; c < engine.cols; ++c) col_duals[c] = sign * v[c];
  // The total from the engine's costs: a matched row's arc, found in its sorted arcs.
  for (std::size_t r = 0; r < engine.rows; ++r) {
    const std::int32_t c = col_of_row[r];
    if (c < 0) continue;
    const auto first = engine.col.begin() + static_cast<std::ptrdiff_t>(engine.start[r]);
    const auto last = engine.col.begin() + static_cast<std::ptrdiff_t>(engine.start[r + 1]);
    const auto at = std::lower_bound(first, last, static_cast<std::uint32_t>(c)) - engine.col.begin();
    result.total += sign * engine.cost[static_cast<std::size_t>(at)];
  }
  out.solution = std::move(result);
  return out;
}

}  // namespace vocfab::matching
