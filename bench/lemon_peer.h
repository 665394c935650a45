// LEMON's min-cost flows as a peer of vocfab's sparse assignment (bench/assignment_bench.cc).
// Compiled as C++17 in its own target: LEMON 1.3.1 calls std::allocator::construct, which
// C++20 removed. Plain types only, so this header reads the same in both standards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace vocfab_bench {

struct PeerArc {
  std::uint32_t row, col;
  std::int64_t weight;
};

// The problem as a min-cost flow: source -> row (capacity 1), row -> col (capacity 1, cost the
// weight, negated for max_weight, whose arcs of weight <= 0 are left out), col -> sink (capacity 1
// or the column's), and for max_weight a source -> sink arc of capacity rows at cost 0 (rows left
// unmatched). The flow value: rows for max_weight, min(rows, cols) for min_cost_full.
class LemonPeer {
 public:
  enum class Algorithm { network_simplex, cost_scaling };
  LemonPeer(std::size_t rows, std::size_t cols, const std::vector<PeerArc>& arcs,
            const std::vector<std::uint64_t>& capacities, bool min_cost_full);
  ~LemonPeer();
  // Solves; the optimal total in the problem's own sense (largest weight for max_weight), or
  // false when LEMON finds no optimum.
  bool run(Algorithm algorithm, std::int64_t& total);

 private:
  struct Graph;
  std::unique_ptr<Graph> graph_;
  bool min_cost_full_;
};

}  // namespace vocfab_bench
