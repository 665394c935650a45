// LEMON's NetworkSimplex and CostScaling on the assignment problems (bench/lemon_peer.h).
#include "lemon_peer.h"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>

namespace vocfab_bench {

struct LemonPeer::Graph {
  lemon::SmartDigraph g;
  lemon::SmartDigraph::ArcMap<long long> capacity{g}, cost{g};
  lemon::SmartDigraph::Node source, sink;
  long long flow = 0;
};

LemonPeer::LemonPeer(std::size_t rows, std::size_t cols, const std::vector<PeerArc>& arcs,
                     const std::vector<std::uint64_t>& capacities, bool min_cost_full)
    : graph_(new Graph), min_cost_full_(min_cost_full) {
  auto& G = *graph_;
  G.g.reserveNode(static_cast<int>(rows + cols + 2));
  G.g.reserveArc(static_cast<int>(arcs.size() + rows + cols + 1));
  G.source = G.g.addNode();
  G.sink = G.g.addNode();
  const int first_row = G.g.id(G.g.addNode());
  for (std::size_t r = 1; r < rows; ++r) G.g.addNode();
  const int first_col = first_row + static_cast<int>(rows);
  for (std::size_t c = 0; c < cols; ++c) G.g.addNode();
  const auto add = [&](lemon::SmartDigraph::Node a, lemon::SmartDigraph::Node b, long long cap, long long c) {
    const auto arc = G.g.addArc(a, b);
    G.capacity.set(arc, cap);
    G.cost.set(arc, c);
  };
  const auto row = [&](std::size_t r) { return G.g.nodeFromId(first_row + static_cast<int>(r)); };
  const auto col = [&](std::size_t c) { return G.g.nodeFromId(first_col + static_cast<int>(c)); };
  for (std::size_t r = 0; r < rows; ++r) add(G.source, row(r), 1, 0);
  for (const PeerArc& arc : arcs) {
    if (min_cost_full || arc.weight > 0) add(row(arc.row), col(arc.col), 1, min_cost_full ? arc.weight : -arc.weight);
  }
  for (std::size_t c = 0; c < cols; ++c) add(col(c), G.sink, capacities.empty() ? 1 : static_cast<long long>(capacities[c]), 0);
  if (!min_cost_full) add(G.source, G.sink, static_cast<long long>(rows), 0);
  G.flow = min_cost_full ? static_cast<long long>(std::min(rows, cols)) : static_cast<long long>(rows);
}

LemonPeer::~LemonPeer() = default;

bool LemonPeer::run(Algorithm algorithm, std::int64_t& total) {
  auto& G = *graph_;
  long long cost = 0;
  if (algorithm == Algorithm::network_simplex) {
    lemon::NetworkSimplex<lemon::SmartDigraph, long long, long long> solver(G.g);
    solver.upperMap(G.capacity).costMap(G.cost).stSupply(G.source, G.sink, G.flow);
    if (solver.run() != solver.OPTIMAL) return false;
    cost = solver.totalCost();
  } else {
    lemon::CostScaling<lemon::SmartDigraph, long long, long long> solver(G.g);
    solver.upperMap(G.capacity).costMap(G.cost).stSupply(G.source, G.sink, G.flow);
    if (solver.run() != solver.OPTIMAL) return false;
    cost = solver.totalCost();
  }
  total = min_cost_full_ ? cost : -cost;
  return true;
}

}  // namespace vocfab_bench
