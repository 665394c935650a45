// Stable matching (vocfab/matching/stable_matching.h) on allocation-shaped markets: applicants
// propose to courses of capacity 20, both sides with complete random lists (every applicant
// ranks every course, every course every applicant), drawn from a fixed seed. Two scales:
// 400 applicants x 20 courses and 2,000 x 100 (16,000 and 400,000 list entries).
//
// Measured: the solve alone on a prebuilt instance, for either side proposing; and building the
// instance from plain vectors of vectors (the rank tables, the checks) followed by the solve, as
// a caller with index lists pays it. Every solve's matching is checked once for stability before
// timing, and each timed result is kept alive so that no work can be optimised away.
#include "vocfab/matching/stable_matching.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using vocfab::matching::Index;

struct Lists {
  std::vector<std::vector<Index>> applicants;  // course indices, most preferred first
  std::vector<std::vector<Index>> courses;     // applicant indices, most preferred first
  std::vector<Index> capacities;
};

Lists market(Index applicants, Index courses) {
  std::mt19937_64 random(20261201);
  Lists lists;
  std::vector<Index> all_courses(courses), all_applicants(applicants);
  std::iota(all_courses.begin(), all_courses.end(), Index{0});
  std::iota(all_applicants.begin(), all_applicants.end(), Index{0});
  for (Index a = 0; a < applicants; ++a) {
    std::shuffle(all_courses.begin(), all_courses.end(), random);
    lists.applicants.push_back(all_courses);
  }
  for (Index c = 0; c < courses; ++c) {
    std::shuffle(all_applicants.begin(), all_applicants.end(), random);
    lists.courses.push_back(all_applicants);
  }
  lists.capacities.assign(courses, 20);
  return lists;
}

const Lists& lists_for(const benchmark::State& state) {
  static const Lists small = market(400, 20);
  static const Lists large = market(2000, 100);
  return state.range(0) == 400 ? small : large;
}

vocfab::matching::Instance build(const Lists& lists) {
  return vocfab::matching::Instance::from_lists(lists.applicants, lists.courses, lists.capacities);
}

vocfab::matching::Optimal side_of(const benchmark::State& state) {
  return state.range(1) == 0 ? vocfab::matching::Optimal::proposer : vocfab::matching::Optimal::receiver;
}

void check_stable(const vocfab::matching::Instance& instance, vocfab::matching::Optimal side) {
  const auto result = vocfab::matching::stable_match(instance, side);
  if (!vocfab::matching::blocking_pairs(instance, result.partner).stable()) {
    throw std::logic_error("the benchmark's matching is not stable");
  }
}

void BM_solve(benchmark::State& state) {
  const vocfab::matching::Instance instance = build(lists_for(state));
  check_stable(instance, side_of(state));
  for (auto _ : state) {
    auto result = vocfab::matching::stable_match(instance, side_of(state));
    benchmark::DoNotOptimize(result.partner.data());
    benchmark::ClobberMemory();
  }
  state.counters["entries"] = static_cast<double>(lists_for(state).applicants.size() * lists_for(state).courses.size() * 2);
}

void BM_build_and_solve(benchmark::State& state) {
  const Lists& lists = lists_for(state);
  check_stable(build(lists), side_of(state));
  for (auto _ : state) {
    const vocfab::matching::Instance instance = build(lists);
    auto result = vocfab::matching::stable_match(instance, side_of(state));
    benchmark::DoNotOptimize(result.partner.data());
    benchmark::ClobberMemory();
  }
}

void BM_build(benchmark::State& state) {
  const Lists& lists = lists_for(state);
  for (auto _ : state) {
    const vocfab::matching::Instance instance = build(lists);
    benchmark::DoNotOptimize(&instance);
    benchmark::ClobberMemory();
  }
}

// Arguments: applicants (400 -> 20 courses, 2000 -> 100 courses), side (0 applicants propose,
// 1 courses propose).
BENCHMARK(BM_solve)->Args({400, 0})->Args({400, 1})->Args({2000, 0})->Args({2000, 1})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_build_and_solve)
    ->Args({400, 0})
    ->Args({400, 1})
    ->Args({2000, 0})
    ->Args({2000, 1})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_build)->Args({400, 0})->Args({2000, 0})->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
