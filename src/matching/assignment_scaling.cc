// max_weight by ε-scaling (vocfab/matching/assignment.h, docs/matching.md "Algorithms, and why"):
// a forward–reverse auction (Bertsekas) on the weights scaled by rows + 1, started from the ε = 0
// warm start's exact state, then exact integer duals from the optimal matching it ends with.
//
// Why: the augmenting paths alone (assignment_sparse.cc) are exact but, on a near-perfect
// matching with many ties, the last rows' paths cross most of the graph. An auction with ε > 0
// breaks ties by raising prices, and scaling ε down by kScaleStep per phase keeps phases short.
//
// One price per column, shared by its copies (the LP has one dual per column; a price per copy
// made copies of one column outbid each other by ε at a time). A column's holders form a min-heap
// by threshold: the highest price at which each stays within ε of its best option. Every row may
// stay unmatched instead: an option worth 0 whose price never moves. ε-complementary slackness
// (ε-CS): every row's profit (scaled weight − its column's price, or 0 unmatched) is within ε of
// its best option. A phase keeps the rows still within ε of their best, frees the others, then:
// - forward: a free row bids for its best column. With room, it takes a copy at the price. Full,
//   the price rises by at least ε, to the least of the bidder's threshold and the holders' but
//   the lowest; every holder whose threshold is now below the price leaves and bids next;
// - reverse: a column with room whose price is above 0 lowers it to one level P and takes the
//   outside rows that gain at least ε by coming (the best f of them, f its free copies; P = the
//   (f+1)-th best gain − ε, at least 0). Outside rows stay within ε, holders only gain, a moved row
//   gains ≥ ε, so it ends; afterwards every column with room costs 0.
// With ε = 1 on weights × (rows + 1), ε-CS and columns with room at price 0 prove the matching
// optimal: any other one gains at most rows · ε = rows / (rows + 1) < 1 in original units.
// Ties between equally good columns can still make a price climb by ε at a time (hostile weights
// could stretch that without end), so the auction has a budget of arcs scanned and gives up past
// it; the caller then solves by augmenting paths.
//
// The duals are then found, not rounded: with the matching fixed, the conditions of the
// certificate are difference constraints on the column duals z (z_c' ≥ z_c + w_hc' − w_hc for a
// holder h of c and its arc to c'; z_c' ≥ w_rc' for an unmatched row r; 0 ≤ z_c ≤ w_hc for each
// holder; z_c = 0 below capacity). Raising z from a start below the least solution, a column at a
// time (a label-correcting queue), reaches that least solution, which meets every upper bound
// because the matching is optimal. The start is the auction's prices in original units (rounded
// down, clamped to the bounds), almost always close; should raising pass a bound, the start was
// above the least solution and the queue runs again from 0. Either run has a budget; past it (or
// past a bound from 0, which an optimal matching never gives) the caller falls back as above.
#include "matching/assignment_detail.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace vocfab::matching::detail {
namespace {

constexpr std::int32_t kUnmatched = -1;  // a row on its own "unmatched" option
constexpr std::int32_t kFree = -2;       // a row still to bid in this phase
constexpr std::int32_t kQueued = -3;     // a free row waiting in the bid queue
constexpr std::size_t kLookahead = 16;   // free rows queued ahead, their arcs fetched meanwhile
constexpr Weight kScaleStep = 8;         // ε falls by this factor per phase
// The first ε: the larger of 1/128 of a weight unit and 1/32768 of the largest weight (measured:
// coarser starts leave prices that the reverse steps must undo at great cost, finer ones make
// ties climb by small steps), never above 1/8 of the largest weight.
constexpr Weight kFirstStepOfUnit = 128;
constexpr Weight kFirstStepOfLargest = 32768;
constexpr std::uint64_t kWorkPerArc = 256;  // the auction's budget: arcs scanned per arc, row and column
// A column without copies: never worth a bid, and no scaled weight minus it can overflow.
constexpr Weight kOutOfReach = Weight{1} << 61;
constexpr Weight kMinusInfinity = std::numeric_limits<Weight>::min();

class ScalingAuction {
 public:
  explicit ScalingAuction(const SparseEngine& engine)
      : e_(engine), alpha_(static_cast<Weight>(engine.rows) + 1), price_(engine.cols, 0), columns_(engine.cols),
        rows_(engine.rows), holders_(engine.slot_start.back()) {
    for (std::size_t c = 0; c < e_.cols; ++c) {
      columns_[c].base = static_cast<std::uint32_t>(e_.slot_start[c]);
      columns_[c].size = static_cast<std::uint32_t>(e_.slot_start[c + 1] - e_.slot_start[c]);
      if (columns_[c].size == 0) price_[c] = kOutOfReach;
    }
  }

  // Starts from a matching with exact duals (every matched row tight, no arc better, a column with
  // room at 0): the ε = 0 warm start's. Its rows keep their places in the first phase if still
  // within ε of their best (they are: exact duals are within any ε).
  void seed(const std::vector<std::int32_t>& col_of_row, const std::vector<Weight>& column_costs) {
    for (std::size_t c = 0; c < e_.cols; ++c) {
      if (columns_[c].size > 0) price_[c] = -column_costs[c] * alpha_;
    }
    for (std::size_t r = 0; r < e_.rows; ++r) {
      if (col_of_row[r] < 0) continue;
      const auto first = e_.col.begin() + static_cast<std::ptrdiff_t>(e_.start[r]);
      const auto last = e_.col.begin() + static_cast<std::ptrdiff_t>(e_.start[r + 1]);
      const auto a = static_cast<std::uint64_t>(std::lower_bound(first, last, static_cast<std::uint32_t>(col_of_row[r])) - e_.col.begin());
      rows_[r] = {scaled(a), col_of_row[r], static_cast<std::uint32_t>(a)};
    }
  }

  std::optional<MaxWeightDuals> solve(SparseStats* stats) {
    Weight most = 0;
    for (std::uint64_t a = 0; a < e_.cost.size(); ++a) most = std::max(most, scaled(a));
    Weight eps = std::max<Weight>(1, std::min(most / kScaleStep, std::max(most / kFirstStepOfLargest, alpha_ / kFirstStepOfUnit)));
    // Ties between equally good columns make prices climb by ε at a time (a price war), which
    // hostile weights could stretch almost without end: past this many arcs scanned the auction
    // gives up and the augmenting paths solve the problem.
    work_left_ = kWorkPerArc * (std::uint64_t{e_.cost.size()} + e_.rows + e_.cols) + 4096;
    for (;;) {
      ++phases_;
      if (!run_phase(eps)) {
        record(stats);
        return std::nullopt;
      }
      if (eps == 1) break;
      eps = std::max<Weight>(1, eps / kScaleStep);
    }
    std::optional<MaxWeightDuals> out = duals(true);
    if (!out) out = duals(false);
    record(stats);
    return out;
  }

 private:
  struct Column {
    std::uint32_t base = 0, size = 0, load = 0;  // its copies in holders_; the first `load` hold rows
  };
  struct Row {
    Weight value = 0;  // its arc's scaled weight
    std::int32_t col = kFree;
    std::uint32_t arc = 0;
  };
  struct Holder {
    Weight threshold = 0;  // the highest price of its column at which the row stays within ε of its best
    std::int32_t row = -1;
  };
  struct Incoming {  // an arc as its column sees it
    Weight value;
    std::uint32_t row, arc;
  };

  void record(SparseStats* stats) const {
    if (stats == nullptr) return;
    stats->phases = phases_;
    stats->bids = bids_;
    stats->reverse_steps = reverse_steps_;
    stats->dual_relaxations = relaxations_;
    stats->duals_from_prices = from_prices_;
  }

  // Charges @p arcs scanned to the budget; false once it is spent.
  bool spend(std::uint64_t arcs) {
    if (arcs >= work_left_) {
      work_left_ = 0;
      return false;
    }
    work_left_ -= arcs + 1;
    return true;
  }

  Weight weight(std::uint64_t a) const { return -e_.cost[a]; }
  Weight scaled(std::uint64_t a) const { return -e_.cost[a] * alpha_; }

  // A row's profit: its arc's scaled weight − its column's price, or 0 unmatched.
  Weight profit(const Row& row) const {
    return row.col == kUnmatched ? 0 : row.value - price_[static_cast<std::size_t>(row.col)];
  }

  // Row @p r's best value but at column @p except (0: staying unmatched).
  Weight best_but(std::size_t r, std::int64_t except) const {
    Weight best = 0;
    for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
      const std::uint32_t c = e_.col[a];
      if (c != except) best = std::max(best, scaled(a) - price_[c]);
    }
    return best;
  }

  // A column's holders form a binary min-heap by threshold in its first `load` copies. A row's
  // place in the heap is not kept (it would cost a random write per heap step): reverse, the
  // only one to take a row out of the middle, looks for it.
  void put(std::uint64_t slot, const Holder& h) { holders_[slot] = h; }

  void sift_up(const Column& col, std::uint64_t at) {
    const Holder moving = holders_[col.base + at];
    while (at > 0) {
      const std::uint64_t parent = (at - 1) / 2;
      if (holders_[col.base + parent].threshold <= moving.threshold) break;
      put(col.base + at, holders_[col.base + parent]);
      at = parent;
    }
    put(col.base + at, moving);
  }

  void sift_down(const Column& col, std::uint64_t at) {
    const Holder moving = holders_[col.base + at];
    const Holder* heap = &holders_[col.base];
    for (;;) {
      std::uint64_t child = 2 * at + 1;
      if (child >= col.load) break;
      if (child + 1 < col.load && heap[child + 1].threshold < heap[child].threshold) ++child;
      if (heap[child].threshold >= moving.threshold) break;
      put(col.base + at, heap[child]);
      at = child;
    }
    put(col.base + at, moving);
  }

  void push(std::size_t c, const Holder& h) {
    Column& col = columns_[c];
    put(col.base + col.load, h);
    sift_up(col, col.load++);
  }

  // Takes the holder at heap position @p at out of column @p c.
  void remove_holder(std::size_t c, std::uint64_t at) {
    Column& col = columns_[c];
    const std::uint64_t last = --col.load;
    if (at == last) return;
    holders_[col.base + at] = holders_[col.base + last];
    if (at > 0 && holders_[col.base + at].threshold < holders_[col.base + (at - 1) / 2].threshold) {
      sift_up(col, at);
    } else {
      sift_down(col, at);
    }
  }

  // Row @p r's position in column @p c's heap.
  std::uint64_t position(std::size_t c, std::uint32_t r) const {
    const Column& col = columns_[c];
    std::uint64_t at = 0;
    while (holders_[col.base + at].row != static_cast<std::int32_t>(r)) ++at;
    return at;
  }

  // Queues free row @p r to bid, fetching its arcs: a displaced row's arcs are a random block of
  // the arc arrays, and the bids ahead of it in the queue hide the wait.
  void enqueue(std::int32_t r) {
    const std::uint64_t from = e_.start[static_cast<std::size_t>(r)];
    __builtin_prefetch(&e_.col[from]);
    __builtin_prefetch(&e_.cost[from]);
    __builtin_prefetch(&e_.cost[from] + 8);
    __builtin_prefetch(&e_.cost[from] + 16);
    rows_[static_cast<std::size_t>(r)].col = kQueued;
    pending_.push_back(r);
  }

  // One forward bid of queued row @p i; the rows it displaces join the queue.
  void bid(std::int32_t i, Weight eps) {
    ++bids_;
    const auto r = static_cast<std::size_t>(i);
    Weight best = 0, second = kMinusInfinity;  // the unmatched option is worth 0
    std::uint64_t best_arc = std::numeric_limits<std::uint64_t>::max();
    for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
      const Weight value = scaled(a) - price_[e_.col[a]];
      if (value > best) {
        second = best;
        best = value;
        best_arc = a;
      } else if (value > second) {
        second = value;
      }
    }
    Row& row = rows_[r];
    if (best_arc == std::numeric_limits<std::uint64_t>::max()) {
      row.col = kUnmatched;
      return;
    }
    const std::uint32_t c = e_.col[best_arc];
    Column& col = columns_[c];
    row.value = scaled(best_arc);
    row.col = static_cast<std::int32_t>(c);
    row.arc = static_cast<std::uint32_t>(best_arc);
    const Holder bidder{row.value - second + eps, i};
    if (col.load == col.size) {
      // Full: the price rises by at least ε, to what the bidder and all holders but the least
      // tolerate; whoever tolerates less leaves.
      const Holder* heap = &holders_[col.base];
      Weight next = kInfinity;
      if (col.load >= 2) next = heap[1].threshold;
      if (col.load >= 3) next = std::min(next, heap[2].threshold);
      price_[c] = std::max(price_[c] + eps, std::min(bidder.threshold, next));
      do {
        const std::int32_t out = heap[0].row;
        enqueue(out);
        remove_holder(c, 0);
      } while (col.load > 0 && heap[0].threshold < price_[c]);
    }
    push(c, bidder);
  }

  // One phase at @p eps; false when the work budget ran out.
  bool run_phase(Weight eps) {
    // Rows still within ε of their best keep their places, with thresholds for this ε.
    for (Column& col : columns_) col.load = 0;
    for (std::size_t r = 0; r < e_.rows; ++r) {
      Row& row = rows_[r];
      if (row.col < 0) {
        row.col = kFree;
        continue;
      }
      const auto c = static_cast<std::size_t>(row.col);
      const Weight alternative = best_but(r, row.col);
      if (row.value - price_[c] < alternative - eps) {
        row.col = kFree;
        continue;
      }
      Column& col = columns_[c];
      put(col.base + col.load++, {row.value - alternative + eps, static_cast<std::int32_t>(r)});
    }
    for (const Column& col : columns_) {
      for (std::uint64_t at = col.load / 2; at-- > 0;) sift_down(col, at);
    }
    // Free rows bid first in, first out, a few rows ahead queued at a time (see enqueue).
    pending_.clear();
    std::size_t head = 0, first = 0;
    for (;;) {
      for (; first < e_.rows && pending_.size() - head < kLookahead; ++first) {
        if (rows_[first].col == kFree) enqueue(static_cast<std::int32_t>(first));
      }
      if (head == pending_.size()) break;
      const std::int32_t r = pending_[head++];
      if (head >= 4096 && 2 * head >= pending_.size()) {
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(head));
        head = 0;
      }
      if (!spend(e_.start[r + 1] - e_.start[r])) return false;
      bid(r, eps);
    }
    return reverse(eps);
  }

  bool costly_room(std::size_t c) const { return columns_[c].load < columns_[c].size && price_[c] > 0; }

  void build_incoming() {
    if (!incoming_start_.empty()) return;
    incoming_start_.assign(e_.cols + 1, 0);
    for (const std::uint32_t c : e_.col) ++incoming_start_[c + 1];
    std::partial_sum(incoming_start_.begin(), incoming_start_.end(), incoming_start_.begin());
    incoming_.resize(e_.col.size());
    std::vector<std::uint64_t> next(incoming_start_.begin(), incoming_start_.end() - 1);
    for (std::size_t r = 0; r < e_.rows; ++r) {
      for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
        incoming_[next[e_.col[a]]++] = {scaled(a), static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(a)};
      }
    }
  }

  // Reverse steps until no column with room has a price above 0 (file comment); false when the
  // work budget ran out.
  bool reverse(Weight eps) {
    std::vector<std::uint32_t> queue;
    std::vector<std::uint8_t> queued(e_.cols, 0);
    for (std::size_t c = 0; c < e_.cols; ++c) {
      if (costly_room(c)) {
        queue.push_back(static_cast<std::uint32_t>(c));
        queued[c] = 1;
      }
    }
    if (queue.empty()) return true;
    build_incoming();
    std::vector<std::pair<Weight, const Incoming*>> gains;  // of the rows outside the column
    for (std::size_t next = 0; next < queue.size(); ++next) {
      const std::uint32_t c = queue[next];
      queued[c] = 0;
      if (!costly_room(c)) continue;
      ++reverse_steps_;
      if (!spend(incoming_start_[c + 1] - incoming_start_[c])) return false;
      const std::size_t room = columns_[c].size - columns_[c].load;
      gains.clear();
      for (std::uint64_t t = incoming_start_[c]; t < incoming_start_[c + 1]; ++t) {
        const Incoming& in = incoming_[t];
        const Row& row = rows_[in.row];
        if (row.col == static_cast<std::int32_t>(c)) continue;
        gains.emplace_back(in.value - profit(row), &in);
      }
      const auto by_gain = [](const auto& x, const auto& y) { return x.first > y.first || (x.first == y.first && x.second < y.second); };
      const std::size_t ranked = std::min(gains.size(), room + 1);
      std::partial_sort(gains.begin(), gains.begin() + static_cast<std::ptrdiff_t>(ranked), gains.end(), by_gain);
      const Weight level = gains.size() > room ? std::max<Weight>(0, gains[room].first - eps) : 0;
      price_[c] = level;
      for (std::size_t k = 0; k < std::min(room, gains.size()) && gains[k].first - eps >= level; ++k) {
        const Incoming& in = *gains[k].second;
        Row& row = rows_[in.row];
        if (row.col >= 0) {
          const auto old_col = static_cast<std::uint32_t>(row.col);
          if (!spend(columns_[old_col].load)) return false;
          remove_holder(old_col, position(old_col, in.row));
          if (costly_room(old_col) && queued[old_col] == 0) {
            queue.push_back(old_col);
            queued[old_col] = 1;
          }
        }
        row.col = static_cast<std::int32_t>(c);
        row.arc = in.arc;
        row.value = in.value;
        push(c, {in.value - best_but(in.row, c) + eps, static_cast<std::int32_t>(in.row)});
      }
    }
    return true;
  }

  // The exact duals of the final matching (file comment), starting from the prices when
  // @p from_prices, else from 0; nullopt past a bound or the budget.
  std::optional<MaxWeightDuals> duals(bool from_prices) {
    const std::size_t cols = e_.cols;
    std::vector<Weight> z(cols, 0), upper(cols, kInfinity);
    for (std::size_t c = 0; c < cols; ++c) {
      if (columns_[c].load < e_.capacity[c]) upper[c] = 0;
    }
    for (const Row& row : rows_) {
      if (row.col < 0) continue;
      const auto c = static_cast<std::size_t>(row.col);
      upper[c] = std::min(upper[c], weight(row.arc));
    }
    for (std::size_t c = 0; c < cols; ++c) {
      if (from_prices && columns_[c].size > 0) z[c] = price_[c] / alpha_;
      if (upper[c] != kInfinity) z[c] = std::min(z[c], upper[c]);
    }
    for (std::size_t r = 0; r < e_.rows; ++r) {
      if (rows_[r].col != kUnmatched) continue;
      for (std::uint64_t a = e_.start[r]; a < e_.start[r + 1]; ++a) {
        const std::uint32_t c = e_.col[a];
        if (weight(a) > upper[c]) return std::nullopt;  // an unmatched row wants a full column more than its holder
        z[c] = std::max(z[c], weight(a));
      }
    }
    const std::uint64_t budget = 64 * (std::uint64_t{e_.cost.size()} + cols) + 1024;
    std::uint64_t spent = 0;
    std::vector<std::uint32_t> queue;
    std::vector<std::uint8_t> queued(cols, 0);
    for (std::size_t c = 0; c < cols; ++c) {
      if (columns_[c].load > 0) {
        queue.push_back(static_cast<std::uint32_t>(c));
        queued[c] = 1;
      }
    }
    for (std::size_t next = 0; next < queue.size(); ++next) {
      const std::uint32_t c = queue[next];
      queued[c] = 0;
      const Column& col = columns_[c];
      for (std::uint64_t s = col.base; s < col.base + col.load; ++s) {
        const auto h = static_cast<std::size_t>(holders_[s].row);
        const Weight row_dual = weight(rows_[h].arc) - z[c];
        for (std::uint64_t a = e_.start[h]; a < e_.start[h + 1]; ++a) {
          const std::uint32_t to = e_.col[a];
          const Weight need = weight(a) - row_dual;
          if (to == c || z[to] >= need) continue;
          if (need > upper[to] || ++spent > budget) {
            relaxations_ += spent;
            return std::nullopt;
          }
          z[to] = need;
          if (columns_[to].load > 0 && queued[to] == 0) {
            queue.push_back(to);
            queued[to] = 1;
          }
        }
      }
    }
    relaxations_ += spent;
    from_prices_ = from_prices;
    MaxWeightDuals out;
    out.col_of_row.resize(e_.rows);
    out.rows.assign(e_.rows, 0);
    for (std::size_t r = 0; r < e_.rows; ++r) {
      const Row& row = rows_[r];
      out.col_of_row[r] = row.col;
      if (row.col >= 0) out.rows[r] = weight(row.arc) - z[static_cast<std::size_t>(row.col)];
    }
    out.cols = std::move(z);
    return out;
  }

  const SparseEngine& e_;
  const Weight alpha_;
  std::vector<Weight> price_;  // per column, shared by its copies (apart: the bids' scans read only this)
  std::vector<Column> columns_;
  std::vector<Row> rows_;
  std::vector<Holder> holders_;        // per copy
  std::vector<std::int32_t> pending_;  // the bid queue (from index head in run_phase)
  std::vector<std::uint64_t> incoming_start_;
  std::vector<Incoming> incoming_;     // the arcs by column, for the reverse steps
  std::uint64_t phases_ = 0, bids_ = 0, reverse_steps_ = 0, relaxations_ = 0;
  std::uint64_t work_left_ = 0;
  bool from_prices_ = false;
};

}  // namespace

std::optional<MaxWeightDuals> solve_max_weight_scaling(const SparseEngine& engine, const MaxWeightSeed& seed,
                                                       SparseStats* stats) {
  ScalingAuction auction(engine);
  auction.seed(seed.col_of_row, seed.column_costs);
  return auction.solve(stats);
}

}  // namespace vocfab::matching::detail
