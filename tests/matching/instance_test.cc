// Building an instance: what is refused and why, the rank tables, the one-sided entries, and the
// edge cases of the solvers (empty sides, capacity 0, capacity above the list).
#include "matching_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace vocfab {
namespace {

using matching::Index;
using matching::Instance;
using matching::InvalidInstance;
using ::testing::HasSubstr;

using Lists = std::vector<std::vector<Index>>;

std::string refusal(const Lists& proposers, const Lists& receivers, std::vector<Index> capacities = {}) {
  try {
    (void)Instance::from_lists(proposers, receivers, capacities);
  } catch (const InvalidInstance& error) {
    return error.what();
  }
  return "accepted";
}

TEST(StableMatchingInstance, RefusesAnIndexOutOfRange) {
  EXPECT_THAT(refusal({{0, 2}}, {{0}, {0}}), HasSubstr("proposer 0's list, position 1: receiver 2 is out of range"));
  EXPECT_THAT(refusal({{0}}, {{1}}), HasSubstr("receiver 0's list, position 0: proposer 1 is out of range"));
}

TEST(StableMatchingInstance, RefusesAnEntryListedTwice) {
  EXPECT_THAT(refusal({{1, 0, 1}}, {{0}, {0}}), HasSubstr("proposer 0's list, position 2: receiver 1 is listed twice"));
  EXPECT_THAT(refusal({{0}, {0}}, {{1, 1}}), HasSubstr("receiver 0's list, position 1: proposer 1 is listed twice"));
  // The same index in two lists is no repetition.
  EXPECT_EQ(refusal({{0}, {0}}, {{0, 1}}), "accepted");
}

TEST(StableMatchingInstance, RefusesCapacitiesOfTheWrongSize) {
  EXPECT_THAT(refusal({{0}}, {{0}, {}}, {1}), HasSubstr("capacities has 1 entries for 2 receivers"));
}

TEST(StableMatchingInstance, RefusesMalformedCsr) {
  auto build = [](std::vector<Index> po, std::vector<Index> pe, std::vector<Index> ro, std::vector<Index> re) {
    try {
      (void)Instance::from_csr(std::move(po), std::move(pe), std::move(ro), std::move(re));
    } catch (const InvalidInstance& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_THAT(build({1, 1}, {0}, {0, 1}, {0}), HasSubstr("proposer offsets must start at 0"));
  EXPECT_THAT(build({0, 2}, {0}, {0, 1}, {0}), HasSubstr("proposer offsets must end at the number of entries (1)"));
  EXPECT_THAT(build({0, 1, 0, 1}, {0}, {0, 1}, {0}), HasSubstr("proposer offsets decrease at proposer 1"));
  EXPECT_THAT(build({}, {0}, {0, 1}, {0}), HasSubstr("proposer offsets must end at the number of entries (1)"));
  EXPECT_EQ(build({0, 1}, {0}, {0, 1}, {0}), "accepted");
  EXPECT_EQ(build({}, {}, {}, {}), "accepted");  // no one on either side
}

TEST(StableMatchingInstance, RanksAndOneSidedEntries) {
  // Proposer 0 lists receivers 1, 0; proposer 1 lists 0. Receiver 0 lists proposer 1 only;
  // receiver 1 lists 1, 0.
  const Instance instance = Instance::from_lists(Lists{{1, 0}, {0}}, Lists{{1}, {1, 0}});
  EXPECT_EQ(instance.proposer_count(), 2u);
  EXPECT_EQ(instance.receiver_count(), 2u);
  EXPECT_EQ(instance.capacity(0), 1u);  // one-to-one by default
  EXPECT_EQ(instance.rank_at_receiver(0, 1), 1u);
  EXPECT_EQ(instance.rank_at_proposer(0, 1), 0u);
  EXPECT_EQ(instance.rank_at_receiver(0, 0), matching::kNoIndex);  // receiver 0 does not list 0
  EXPECT_EQ(instance.rank_at_proposer(0, 0), matching::kNoIndex);
  EXPECT_EQ(instance.rank_at_receiver(1, 1), matching::kNoIndex);  // proposer 1 does not list 1
  const std::vector<matching::OneSided> expected{{0, 0, matching::Side::proposer}, {1, 1, matching::Side::receiver}};
  EXPECT_EQ(std::vector<matching::OneSided>(instance.ignored().begin(), instance.ignored().end()), expected);
  const matching::Result result = matching::stable_match(instance);
  EXPECT_EQ(result.partner, (matching::Matching{Index{1}, Index{0}}));
  EXPECT_EQ(result.ignored, expected);
}

TEST(StableMatchingInstance, EmptySidesAndZeroCapacity) {
  const matching::Result nobody = matching::stable_match(Instance{});
  EXPECT_TRUE(nobody.partner.empty());
  EXPECT_EQ(nobody.assigned_offsets, std::vector<Index>{0});

  // Proposers with no receivers at all stay unmatched.
  const Instance alone = Instance::from_lists(Lists{{}, {}}, Lists{});
  for (const auto side : {matching::Optimal::proposer, matching::Optimal::receiver}) {
    EXPECT_EQ(matching::stable_match(alone, side).partner, (matching::Matching(2)));
  }

  // A receiver of capacity 0 takes no one, from either side, and is no blocking partner.
  const Instance closed = Instance::from_lists(Lists{{0, 1}, {0}}, Lists{{0, 1}, {0}}, std::vector<Index>{0, 1});
  for (const auto side : {matching::Optimal::proposer, matching::Optimal::receiver}) {
    const matching::Result result = matching::stable_match(closed, side);
    EXPECT_EQ(result.partner, (matching::Matching{Index{1}, std::nullopt}));
    EXPECT_TRUE(matching::blocking_pairs(closed, result.partner).stable());
  }
}

TEST(StableMatchingInstance, CapacityAboveEveryoneTakesEveryAcceptableProposer) {
  const Instance instance = Instance::from_lists(Lists{{0}, {0}, {0}}, Lists{{2, 0, 1}}, std::vector<Index>{10});
  for (const auto side : {matching::Optimal::proposer, matching::Optimal::receiver}) {
    const matching::Result result = matching::stable_match(instance, side);
    const auto held = result.assigned(0);
    EXPECT_EQ(std::vector<Index>(held.begin(), held.end()), (std::vector<Index>{2, 0, 1}));
  }
}

// The example of docs/matching.md, as written there.
TEST(StableMatchingInstance, DocumentationExample) {
  using namespace vocfab::matching;
  const std::vector<std::vector<Index>> proposers{{0, 1}, {0}};
  const std::vector<std::vector<Index>> receivers{{1, 0}, {0}};
  const Instance market = Instance::from_lists(proposers, receivers, std::vector<Index>{1, 1});
  const Result result = stable_match(market, Optimal::proposer);
  EXPECT_EQ(result.partner, (Matching{Index{1}, Index{0}}));
  EXPECT_TRUE(result.ignored.empty());
  const Instability why = blocking_pairs(market, result.partner);
  EXPECT_TRUE(why.stable());
}

// One instance solved by many threads at once gives the same answer in each (pure functions
// over an immutable instance).
TEST(StableMatchingInstance, ConcurrentSolvesAgree) {
  const testing::Market m = testing::random_market(7, 60, 20, 4);
  const Instance instance = m.instance();
  const matching::Matching expected = matching::stable_match(instance).partner;
  std::vector<matching::Matching> found(4);
  std::vector<std::thread> threads;
  for (auto& slot : found) threads.emplace_back([&] { slot = matching::stable_match(instance).partner; });
  for (auto& thread : threads) thread.join();
  for (const auto& one : found) EXPECT_EQ(one, expected);
}

}  // namespace
}  // namespace vocfab
