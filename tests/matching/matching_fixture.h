// Small markets for the stable-matching tests, and the brute-force oracles they are checked
// against: every matching of a market enumerated, and instability computed from the definition
// (pair by pair, no rank tables), so that the oracle shares no code with the solver.
#pragma once

#include "vocfab/matching/stable_matching.h"

#include <rapidcheck.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <ostream>
#include <random>
#include <vector>

namespace vocfab::testing {

using matching::Index;

/// A market as plain lists.
struct Market {
  std::vector<std::vector<Index>> proposers;  ///< Receiver indices, most preferred first.
  std::vector<std::vector<Index>> receivers;  ///< Proposer indices, most preferred first.
  std::vector<Index> capacities;              ///< One per receiver.

  matching::Instance instance() const {
    return matching::Instance::from_lists(proposers, receivers, capacities);
  }
};

inline void showValue(const Market& market, std::ostream& os) {
  auto show = [&os](const char* side, const std::vector<std::vector<Index>>& lists) {
    os << side << ":";
    for (std::size_t i = 0; i < lists.size(); ++i) {
      os << " " << i << "[";
      for (std::size_t k = 0; k < lists[i].size(); ++k) os << (k ? "," : "") << lists[i][k];
      os << "]";
    }
    os << "\n";
  };
  show("proposers", market.proposers);
  show("receivers", market.receivers);
  os << "capacities:";
  for (const Index c : market.capacities) os << " " << c;
  os << "\n";
}

/// A random market of at most @p max_proposers proposers and @p max_receivers receivers drawn
/// from @p seed: a third with complete lists on both sides, the rest with each side listing a
/// random subset of the other (so that one-sided entries are common), capacities 1 to
/// @p max_capacity, now and then 0.
inline Market random_market(std::uint64_t seed, Index max_proposers = 5, Index max_receivers = 4,
                            Index max_capacity = 2) {
  std::mt19937_64 random(seed);
  auto below = [&random](Index n) { return static_cast<Index>(random() % n); };
  Market market;
  const Index proposers = below(max_proposers + 1);
  const Index receivers = below(max_receivers + 1);
  const bool complete = below(3) == 0;
  const Index keep_percent = 40 + below(61);
  auto list_of = [&](Index others) {
    std::vector<Index> list(others);
    std::iota(list.begin(), list.end(), Index{0});
    std::shuffle(list.begin(), list.end(), random);
    if (!complete) {
      std::erase_if(list, [&](Index) { return below(100) >= keep_percent; });
    }
    return list;
  };
  for (Index p = 0; p < proposers; ++p) market.proposers.push_back(list_of(receivers));
  for (Index r = 0; r < receivers; ++r) market.receivers.push_back(list_of(proposers));
  for (Index r = 0; r < receivers; ++r) {
    market.capacities.push_back(below(10) == 0 ? 0 : 1 + below(max_capacity));
  }
  return market;
}

/// Many small random markets, drawn from seeds rapidcheck chooses.
inline rc::Gen<std::vector<Market>> markets(std::size_t count = 25) {
  return rc::gen::map(rc::gen::container<std::vector<std::uint64_t>>(count, rc::gen::arbitrary<std::uint64_t>()),
                      [](const std::vector<std::uint64_t>& seeds) {
                        std::vector<Market> drawn;
                        for (const std::uint64_t seed : seeds) drawn.push_back(random_market(seed));
                        return drawn;
                      });
}

/// Position of @p target in @p list, or nothing.
inline std::optional<std::size_t> position(const std::vector<Index>& list, Index target) {
  const auto at = std::find(list.begin(), list.end(), target);
  if (at == list.end()) return std::nullopt;
  return static_cast<std::size_t>(at - list.begin());
}

/// Both sides list each other.
inline bool mutual(const Market& m, Index p, Index r) {
  return position(m.proposers[p], r) && position(m.receivers[r], p);
}

/// Instability by the definition, in the orders `matching::blocking_pairs` promises.
inline matching::Instability brute_instability(const Market& m, const matching::Matching& matched) {
  matching::Instability found;
  const auto receivers = static_cast<Index>(m.receivers.size());
  std::vector<Index> count(receivers, 0);
  for (Index p = 0; p < matched.size(); ++p) {
    if (!matched[p]) continue;
    ++count[*matched[p]];
    if (!mutual(m, p, *matched[p])) found.unacceptable.push_back({p, *matched[p]});
  }
  for (Index r = 0; r < receivers; ++r) {
    if (count[r] > m.capacities[r]) found.capacity_violations.push_back({r, count[r], m.capacities[r]});
  }
  for (Index p = 0; p < matched.size(); ++p) {
    for (const Index r : m.proposers[p]) {
      if (!mutual(m, p, r) || matched[p] == r) continue;
      const bool p_would = !matched[p] || !mutual(m, p, *matched[p]) ||
                           *position(m.proposers[p], r) < *position(m.proposers[p], *matched[p]);
      bool r_would = count[r] < m.capacities[r];
      for (Index q = 0; q < matched.size() && !r_would; ++q) {
        if (matched[q] != r) continue;
        r_would = !mutual(m, q, r) || *position(m.receivers[r], p) < *position(m.receivers[r], q);
      }
      if (p_would && r_would) found.blocking_pairs.push_back({p, r});
    }
  }
  return found;
}

/// Every matching of @p m, each proposer unmatched or with any receiver (acceptable or not).
inline std::vector<matching::Matching> all_matchings(const Market& m) {
  const auto proposers = m.proposers.size();
  const auto receivers = static_cast<Index>(m.receivers.size());
  std::vector<matching::Matching> all;
  std::vector<Index> choice(proposers, 0);  // 0: unmatched, r + 1: receiver r
  while (true) {
    matching::Matching one(proposers);
    for (std::size_t p = 0; p < proposers; ++p) {
      if (choice[p] > 0) one[p] = choice[p] - 1;
    }
    all.push_back(std::move(one));
    std::size_t p = 0;
    while (p < proposers && choice[p] == receivers) choice[p++] = 0;
    if (p == proposers) break;
    ++choice[p];
  }
  return all;
}

/// Every stable matching of @p m, by brute force.
inline std::vector<matching::Matching> stable_matchings(const Market& m) {
  std::vector<matching::Matching> stable;
  for (auto& one : all_matchings(m)) {
    if (brute_instability(m, one).stable()) stable.push_back(std::move(one));
  }
  return stable;
}

/// How proposer @p p ranks its partner (its list's length when unmatched).
inline std::size_t proposer_rank(const Market& m, Index p, const std::optional<Index>& partner) {
  return partner ? *position(m.proposers[p], *partner) : m.proposers[p].size();
}

/// The ranks, best first, of the proposers receiver @p r holds in @p matched.
inline std::vector<std::size_t> receiver_ranks(const Market& m, Index r, const matching::Matching& matched) {
  std::vector<std::size_t> ranks;
  for (Index p = 0; p < matched.size(); ++p) {
    if (matched[p] == r) ranks.push_back(*position(m.receivers[r], p));
  }
  std::sort(ranks.begin(), ranks.end());
  return ranks;
}

/// Element-wise: every rank in @p better is at most the one in the same place in @p worse (the
/// responsive comparison of two sets of equal size).
inline bool dominates(const std::vector<std::size_t>& better, const std::vector<std::size_t>& worse) {
  if (better.size() != worse.size()) return false;
  for (std::size_t i = 0; i < better.size(); ++i) {
    if (better[i] > worse[i]) return false;
  }
  return true;
}

}  // namespace vocfab::testing
