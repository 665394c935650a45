// Properties of `blocking_pairs` against the definition computed pair by pair (the fixture's
// oracle): on matchings a planted edit makes unstable, and on every matching of small markets.
#include "matching_fixture.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>

namespace vocfab {
namespace {

using matching::Index;
using testing::Market;

void expect_same(const matching::Instability& found, const matching::Instability& expected) {
  RC_ASSERT(found.blocking_pairs == expected.blocking_pairs);
  RC_ASSERT(found.capacity_violations == expected.capacity_violations);
  RC_ASSERT(found.unacceptable == expected.unacceptable);
  RC_ASSERT(found.stable() == expected.stable());
}

// Take a stable matching, move one proposer (to another receiver, acceptable or not, or to
// nowhere) or swap two proposers' partners, and compare what is reported with the oracle.
RC_GTEST_PROP(StableMatchingBlockingPairs, FindsWhatAPlantedEditBreaks, ()) {
  const auto drawn = *testing::markets();
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  std::mt19937 random(seed);
  for (const Market& m : drawn) {
    const matching::Instance instance = m.instance();
    const matching::Optimal side = random() % 2 ? matching::Optimal::proposer : matching::Optimal::receiver;
    matching::Matching edited = matching::stable_match(instance, side).partner;
    RC_ASSERT(matching::blocking_pairs(instance, edited).stable());
    if (m.proposers.empty()) continue;
    const auto p = static_cast<Index>(random() % m.proposers.size());
    const auto q = static_cast<Index>(random() % m.proposers.size());
    switch (random() % 3) {
      case 0:
        edited[p].reset();
        break;
      case 1:
        if (!m.receivers.empty()) edited[p] = static_cast<Index>(random() % m.receivers.size());
        break;
      default:
        std::swap(edited[p], edited[q]);
        break;
    }
    expect_same(matching::blocking_pairs(instance, edited), testing::brute_instability(m, edited));
  }
}

RC_GTEST_PROP(StableMatchingBlockingPairs, AgreesWithTheDefinitionOnEveryMatching, ()) {
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const Market m = testing::random_market(seed, 4, 3, 2);
  const matching::Instance instance = m.instance();
  for (const matching::Matching& any : testing::all_matchings(m)) {
    expect_same(matching::blocking_pairs(instance, any), testing::brute_instability(m, any));
  }
}

TEST(StableMatchingBlockingPairs, RefusesAMatchingThatDoesNotFit) {
  const Market m{{{0}, {0}}, {{1, 0}}, {1}};
  const matching::Instance instance = m.instance();
  EXPECT_THROW(matching::blocking_pairs(instance, matching::Matching(1)), matching::InvalidInstance);
  EXPECT_THROW(matching::blocking_pairs(instance, matching::Matching{Index{1}, std::nullopt}),
               matching::InvalidInstance);
}

}  // namespace
}  // namespace vocfab
