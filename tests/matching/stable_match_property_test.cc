// Properties of `stable_match` against brute force over every matching of thousands of small
// random markets (25 markets a case): stability, optimality for the side asked for and
// pessimality for the other, the rural hospitals theorem, independence of the order of indices,
// and the shape of the result.
#include "matching_fixture.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace vocfab {
namespace {

using matching::Index;
using matching::Optimal;
using testing::Market;

const Optimal kBoth[] = {Optimal::proposer, Optimal::receiver};

RC_GTEST_PROP(StableMatchingProperties, ResultIsStable, ()) {
  for (const Market& m : *testing::markets()) {
    for (const Optimal side : kBoth) {
      const matching::Result result = matching::stable_match(m.instance(), side);
      RC_ASSERT(testing::brute_instability(m, result.partner).stable());
    }
  }
}

RC_GTEST_PROP(StableMatchingProperties, ProposerOptimalAndReceiverPessimal, ()) {
  for (const Market& m : *testing::markets()) {
    const matching::Result result = matching::stable_match(m.instance(), Optimal::proposer);
    for (const matching::Matching& other : testing::stable_matchings(m)) {
      for (Index p = 0; p < m.proposers.size(); ++p) {
        RC_ASSERT(testing::proposer_rank(m, p, result.partner[p]) <= testing::proposer_rank(m, p, other[p]));
      }
      for (Index r = 0; r < m.receivers.size(); ++r) {
        RC_ASSERT(testing::dominates(testing::receiver_ranks(m, r, other), testing::receiver_ranks(m, r, result.partner)));
      }
    }
  }
}

RC_GTEST_PROP(StableMatchingProperties, ReceiverOptimalAndProposerPessimal, ()) {
  for (const Market& m : *testing::markets()) {
    const matching::Result result = matching::stable_match(m.instance(), Optimal::receiver);
    for (const matching::Matching& other : testing::stable_matchings(m)) {
      for (Index r = 0; r < m.receivers.size(); ++r) {
        RC_ASSERT(testing::dominates(testing::receiver_ranks(m, r, result.partner), testing::receiver_ranks(m, r, other)));
      }
      for (Index p = 0; p < m.proposers.size(); ++p) {
        RC_ASSERT(testing::proposer_rank(m, p, other[p]) <= testing::proposer_rank(m, p, result.partner[p]));
      }
    }
  }
}

// The rural hospitals theorem: every stable matching matches the same proposers and gives every
// receiver the same number; a receiver below capacity gets the very same proposers.
RC_GTEST_PROP(StableMatchingProperties, RuralHospitals, ()) {
  for (const Market& m : *testing::markets()) {
    const auto stable = testing::stable_matchings(m);
    RC_ASSERT(!stable.empty());  // Gale and Shapley: a stable matching always exists
    const matching::Matching& first = stable.front();
    for (const matching::Matching& other : stable) {
      for (Index p = 0; p < m.proposers.size(); ++p) RC_ASSERT(first[p].has_value() == other[p].has_value());
      for (Index r = 0; r < m.receivers.size(); ++r) {
        const auto mine = testing::receiver_ranks(m, r, first);
        const auto theirs = testing::receiver_ranks(m, r, other);
        RC_ASSERT(mine.size() == theirs.size());
        if (mine.size() < m.capacities[r]) RC_ASSERT(mine == theirs);
      }
    }
  }
}

// Relabelling proposers and receivers relabels the result and nothing else.
RC_GTEST_PROP(StableMatchingProperties, IndependentOfTheOrderOfIndices, ()) {
  const auto drawn = *testing::markets();
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  std::mt19937 random(seed);
  for (const Market& m : drawn) {
    std::vector<Index> sigma(m.proposers.size()), tau(m.receivers.size());
    std::iota(sigma.begin(), sigma.end(), Index{0});
    std::iota(tau.begin(), tau.end(), Index{0});
    std::shuffle(sigma.begin(), sigma.end(), random);
    std::shuffle(tau.begin(), tau.end(), random);
    Market relabelled;
    relabelled.proposers.resize(m.proposers.size());
    relabelled.receivers.resize(m.receivers.size());
    relabelled.capacities.resize(m.receivers.size());
    for (Index p = 0; p < m.proposers.size(); ++p) {
      for (const Index r : m.proposers[p]) relabelled.proposers[sigma[p]].push_back(tau[r]);
    }
    for (Index r = 0; r < m.receivers.size(); ++r) {
      for (const Index p : m.receivers[r]) relabelled.receivers[tau[r]].push_back(sigma[p]);
      relabelled.capacities[tau[r]] = m.capacities[r];
    }
    for (const Optimal side : kBoth) {
      const matching::Result original = matching::stable_match(m.instance(), side);
      const matching::Result moved = matching::stable_match(relabelled.instance(), side);
      for (Index p = 0; p < m.proposers.size(); ++p) {
        const Index expected = original.partner[p] ? tau[*original.partner[p]] : matching::kNoIndex;
        RC_ASSERT(moved.partner[sigma[p]].value_or(matching::kNoIndex) == expected);
      }
      RC_ASSERT(moved.ignored.size() == original.ignored.size());
      for (const matching::OneSided& entry : original.ignored) {
        const matching::OneSided mapped{sigma[entry.proposer], tau[entry.receiver], entry.listed_by};
        RC_ASSERT(std::find(moved.ignored.begin(), moved.ignored.end(), mapped) != moved.ignored.end());
      }
    }
  }
}

// `assigned` is the partner table seen from the receivers, in each receiver's own order, and
// `ignored` is every entry the other side does not list, in the documented order.
RC_GTEST_PROP(StableMatchingProperties, AssignedAndIgnoredAreConsistent, ()) {
  for (const Market& m : *testing::markets()) {
    std::vector<matching::OneSided> expected_ignored;
    for (Index p = 0; p < m.proposers.size(); ++p) {
      for (const Index r : m.proposers[p]) {
        if (!testing::position(m.receivers[r], p)) expected_ignored.push_back({p, r, matching::Side::proposer});
      }
    }
    for (Index r = 0; r < m.receivers.size(); ++r) {
      for (const Index p : m.receivers[r]) {
        if (!testing::position(m.proposers[p], r)) expected_ignored.push_back({p, r, matching::Side::receiver});
      }
    }
    for (const Optimal side : kBoth) {
      const matching::Result result = matching::stable_match(m.instance(), side);
      RC_ASSERT(result.partner.size() == m.proposers.size());
      RC_ASSERT(result.ignored == expected_ignored);
      for (Index r = 0; r < m.receivers.size(); ++r) {
        std::vector<Index> expected;
        for (const Index p : m.receivers[r]) {
          if (result.partner[p] == r) expected.push_back(p);
        }
        const auto assigned = result.assigned(r);
        RC_ASSERT(std::vector<Index>(assigned.begin(), assigned.end()) == expected);
      }
      std::size_t held = 0;
      for (Index r = 0; r < m.receivers.size(); ++r) held += result.assigned(r).size();
      RC_ASSERT(held == static_cast<std::size_t>(std::count_if(result.partner.begin(), result.partner.end(),
                                                               [](const auto& partner) { return partner.has_value(); })));
    }
  }
}

// Larger markets than brute force can enumerate: still stable, on both sides, with capacities
// large and small (the walk of the worst held place and the receivers' restarts get exercised).
RC_GTEST_PROP(StableMatchingProperties, LargerMarketsAreStable, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const Market m = testing::random_market(seed, 40, 12, 6);
  for (const Optimal side : kBoth) {
    const matching::Result result = matching::stable_match(m.instance(), side);
    RC_ASSERT(testing::brute_instability(m, result.partner).stable());
  }
}

}  // namespace
}  // namespace vocfab
