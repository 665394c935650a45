// `DeferredAcceptance` resumed after receivers leave, against `stable_match` run afresh on the
// market without them (built by filtering the lists): the same matching after every removal,
// for random markets and random sequences of removals; and `changed()` names exactly the
// receivers whose held count moved.
#include "matching_fixture.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

namespace vocfab {
namespace {

using matching::DeferredAcceptance;
using matching::Index;
using matching::Optimal;
using testing::Market;

// @p m without the receivers in @p gone: their entries left out of every proposer's list and
// their own lists emptied (their indices stay, so that results compare index for index).
Market without(const Market& m, const std::vector<char>& gone) {
  Market reduced = m;
  for (auto& list : reduced.proposers) {
    std::erase_if(list, [&](Index r) { return gone[r] != 0; });
  }
  for (Index r = 0; r < reduced.receivers.size(); ++r) {
    if (gone[r]) reduced.receivers[r].clear();
  }
  return reduced;
}

// The resumed solver's state equals a fresh proposer-optimal run on @p fresh_market.
void expect_same(const DeferredAcceptance& solver, const Market& fresh_market) {
  const matching::Result fresh = matching::stable_match(fresh_market.instance(), Optimal::proposer);
  const matching::Result resumed = solver.result();
  RC_ASSERT(resumed.partner == fresh.partner);
  RC_ASSERT(resumed.assigned_offsets == fresh.assigned_offsets);
  RC_ASSERT(resumed.assigned_entries == fresh.assigned_entries);
  for (Index p = 0; p < fresh.partner.size(); ++p) RC_ASSERT(solver.partner(p) == fresh.partner[p]);
  for (Index r = 0; r + 1 < fresh.assigned_offsets.size(); ++r) {
    RC_ASSERT(solver.held_count(r) == fresh.assigned(r).size());
  }
}

void check_removals(const Market& m, std::uint64_t order_seed) {
  const matching::Instance instance = m.instance();
  const auto receivers = static_cast<Index>(m.receivers.size());
  DeferredAcceptance solver(instance);
  solver.run();
  expect_same(solver, m);
  std::vector<Index> order(receivers);
  std::iota(order.begin(), order.end(), Index{0});
  std::mt19937_64 random(order_seed);
  std::shuffle(order.begin(), order.end(), random);
  // Now and then a receiver removed twice: the second time does nothing.
  if (receivers > 0 && random() % 4 == 0) order.insert(order.begin() + random() % order.size(), order.front());
  std::vector<char> gone(receivers, 0);
  for (const Index r : order) {
    std::vector<Index> before(receivers);
    for (Index x = 0; x < receivers; ++x) before[x] = solver.held_count(x);
    const bool again = gone[r] != 0;
    solver.remove_receiver(r);
    gone[r] = 1;
    RC_ASSERT(solver.removed(r));
    RC_ASSERT(solver.held_count(r) == 0u);
    expect_same(solver, without(m, gone));
    // changed(): the receivers still there whose held count moved, each once.
    std::set<Index> moved, named(solver.changed().begin(), solver.changed().end());
    RC_ASSERT(named.size() == solver.changed().size());
    for (Index x = 0; x < receivers; ++x) {
      if (!gone[x] && solver.held_count(x) != before[x]) moved.insert(x);
    }
    RC_ASSERT(named == moved);
    if (again) RC_ASSERT(named.empty());
  }
}

RC_GTEST_PROP(DeferredAcceptanceProperties, ResumedAfterRemovalsEqualsAFreshRun, ()) {
  const auto seeds = *rc::gen::container<std::vector<std::uint64_t>>(25, rc::gen::arbitrary<std::uint64_t>());
  for (const std::uint64_t seed : seeds) {
    check_removals(testing::random_market(seed), seed ^ 0x5bd1e995U);
    // Larger markets, with longer cascades after each removal.
    check_removals(testing::random_market(seed, 30, 8, 4), seed + 1);
  }
}

TEST(DeferredAcceptance, RunOnceIsStableMatch) {
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const Market m = testing::random_market(seed, 12, 6, 3);
    const matching::Instance instance = m.instance();
    DeferredAcceptance solver(instance);
    solver.run();
    EXPECT_EQ(solver.result().partner, matching::stable_match(instance).partner);
    solver.run();  // nobody is free: nothing moves
    EXPECT_TRUE(solver.changed().empty());
    EXPECT_EQ(solver.result().partner, matching::stable_match(instance).partner);
  }
}

// A worked cascade: removing receiver 0 frees proposer 0, who displaces proposer 1 at receiver
// 1, who goes to receiver 2.
TEST(DeferredAcceptance, RemovalCascades) {
  const Market m{{{0, 1}, {1, 2}, {2}}, {{0}, {0, 1}, {1, 2}}, {1, 1, 1}};
  const matching::Instance instance = m.instance();
  DeferredAcceptance solver(instance);
  solver.run();
  EXPECT_EQ(solver.partner(0), Index{0});
  EXPECT_EQ(solver.partner(1), Index{1});
  EXPECT_EQ(solver.partner(2), Index{2});
  solver.remove_receiver(0);
  EXPECT_EQ(solver.partner(0), Index{1});
  EXPECT_EQ(solver.partner(1), Index{2});
  EXPECT_EQ(solver.partner(2), std::nullopt);
  EXPECT_EQ(std::vector<Index>(solver.changed().begin(), solver.changed().end()), std::vector<Index>{});
  EXPECT_EQ(solver.held_count(1), 1u);
  EXPECT_EQ(solver.held_count(2), 1u);
}

}  // namespace
}  // namespace vocfab
