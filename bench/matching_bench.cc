// Stable matching (vocfab/matching/stable_matching.h) on allocation-shaped markets: applicants
// propose to courses of capacity 20, both sides with complete random lists (every applicant
// ranks every course, every course every applicant), drawn from a fixed seed. Two scales:
// 400 applicants x 20 courses and 2,000 x 100 (16,000 and 400,000 list entries).
//
// Measured: the solve alone on a prebuilt instance, for either side proposing; building the
// instance from plain vectors of vectors (the rank tables, the checks) followed by the solve, as
// a caller with index lists pays it; and a caller with names (`a17`, `c3`) pays it through the
// compact request of `vf_stable_match_lists` (read: names resolved, checked; solved; the result
// written as indices), or through the same request in JSON (read, solved, written). Every solve's matching is checked once for stability before
// timing, and each timed result is kept alive so that no work can be optimised away.
#include "vocfab/io/matching_json.h"
#include "vocfab/matching/stable_matching.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
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

// The market with names, as the Python bindings send it: compact, and as JSON.
struct Named {
  std::string names;  // the compact request's names, joined by the separator
  std::vector<std::uint32_t> lengths;
  std::vector<std::int64_t> capacities;
  std::size_t proposers = 0, receivers = 0;
  std::string json;
};

Named named(const Lists& lists) {
  Named out;
  out.proposers = lists.applicants.size();
  out.receivers = lists.courses.size();
  std::vector<std::string> tokens;
  auto a = [](Index i) { return "a" + std::to_string(i); };
  auto c = [](Index j) { return "c" + std::to_string(j); };
  for (Index i = 0; i < out.proposers; ++i) tokens.push_back(a(i));
  for (Index j = 0; j < out.receivers; ++j) tokens.push_back(c(j));
  for (Index j = 0; j < out.receivers; ++j) tokens.push_back(c(j));  // the capacities' names
  for (const auto& list : lists.applicants) {
    for (const Index j : list) tokens.push_back(c(j));
  }
  for (const auto& list : lists.courses) {
    for (const Index i : list) tokens.push_back(a(i));
  }
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (t > 0) out.names.push_back(vocfab::kMatchingNameSeparator);
    out.names += tokens[t];
  }
  for (const auto& list : lists.applicants) out.lengths.push_back(static_cast<std::uint32_t>(list.size()));
  for (const auto& list : lists.courses) out.lengths.push_back(static_cast<std::uint32_t>(list.size()));
  out.capacities.assign(lists.capacities.begin(), lists.capacities.end());
  auto side = [](const std::vector<std::vector<Index>>& owners, auto owner_name, auto entry_name) {
    std::string text = "{";
    for (Index o = 0; o < owners.size(); ++o) {
      text += (o ? ",\"" : "\"") + owner_name(o) + "\":[";
      for (std::size_t k = 0; k < owners[o].size(); ++k) text += (k ? ",\"" : "\"") + entry_name(owners[o][k]) + "\"";
      text += "]";
    }
    return text + "}";
  };
  out.json = "{\"proposers\":" + side(lists.applicants, a, c) + ",\"receivers\":" + side(lists.courses, c, a) +
             ",\"capacities\":{";
  for (Index j = 0; j < out.receivers; ++j) out.json += (j ? ",\"" : "\"") + c(j) + "\":20";
  out.json += "}}";
  return out;
}

const Named& named_for(const benchmark::State& state) {
  if (state.range(0) == 400) {
    static const Named small = named(lists_for(state));
    return small;
  }
  static const Named large = named(lists_for(state));
  return large;
}

void BM_read_lists_and_solve(benchmark::State& state) {
  const Named& market = named_for(state);
  vocfab::MatchingLists request;
  request.names = market.names;
  request.list_lengths = market.lengths;
  request.proposers = market.proposers;
  request.receivers = market.receivers;
  request.capacities = market.capacities;
  for (auto _ : state) {
    const vocfab::StableMatchRequest read = vocfab::read_stable_match_lists(request, side_of(state));
    if (!read.issues.empty()) throw std::logic_error("the benchmark's compact request was refused");
    const auto result = vocfab::matching::stable_match(read.instance, read.optimal);
    auto written = vocfab::write_stable_match_lists(read.names, result);
    benchmark::DoNotOptimize(written.partner.data());
    benchmark::ClobberMemory();
  }
}

void BM_read_json_and_solve(benchmark::State& state) {
  const Named& market = named_for(state);
  for (auto _ : state) {
    auto reply = vocfab::stable_match_json(market.json);
    if (!reply.ok()) throw std::logic_error("the benchmark's JSON request was refused");
    benchmark::DoNotOptimize(reply.json.data());
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
BENCHMARK(BM_read_lists_and_solve)->Args({400, 0})->Args({2000, 0})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_read_json_and_solve)->Args({400, 0})->Args({2000, 0})->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
