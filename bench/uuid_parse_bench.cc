// vocfab::parse_uuid (a single pass over the canonical text, src/model/id.cc) beside the peer it
// replaced: Boost's string_generator, which vocfab used behind a shape check until hot spot 1 of
// docs/performance.md was fixed. Also uuid_to_string beside boost::uuids::to_string.
//
// Kept honest: both sides parse the same 100,000 canonical texts (half of them upper case, as
// the interchange format allows either), every result is checked to agree before anything is
// timed, and each parsed value is consumed (its bytes summed into a checksum that is kept alive)
// so that neither side's work can be optimised away. The peer is timed bare — no shape check in
// front of it — so the comparison is against Boost at its cheapest, not against the old
// parse_uuid.
#include "vocfab/model/id.h"

#include <benchmark/benchmark.h>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const std::vector<boost::uuids::uuid>& uuids() {
  static const std::vector<boost::uuids::uuid> all = [] {
    std::mt19937_64 engine(42);
    boost::uuids::basic_random_generator<std::mt19937_64> generate(&engine);
    std::vector<boost::uuids::uuid> v;
    for (int i = 0; i < 100'000; ++i) v.push_back(generate());
    return v;
  }();
  return all;
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    bool upper = false;
    for (const auto& uuid : uuids()) {
      std::string text = boost::uuids::to_string(uuid);
      if (upper) {
        for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
      }
      upper = !upper;
      v.push_back(std::move(text));
    }
    const boost::uuids::string_generator boost_parse;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto ours = vocfab::parse_uuid(v[i]);
      if (!ours || *ours != boost_parse(v[i]) || *ours != uuids()[i]) {
        throw std::logic_error("parse_uuid disagrees with string_generator on " + v[i]);
      }
      if (vocfab::uuid_to_string(uuids()[i]) != boost::uuids::to_string(uuids()[i])) {
        throw std::logic_error("uuid_to_string disagrees with boost::uuids::to_string");
      }
    }
    return v;
  }();
  return all;
}

std::uint64_t fold(const boost::uuids::uuid& uuid) noexcept {
  std::uint64_t sum = 0;
  for (const auto byte : uuid.data) sum = sum * 31 + byte;
  return sum;
}

void BM_parse_vocfab(benchmark::State& state) {
  const auto& all = texts();
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& t : all) sum += fold(*vocfab::parse_uuid(t));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_parse_vocfab);

void BM_parse_boost_string_generator(benchmark::State& state) {
  const auto& all = texts();
  const boost::uuids::string_generator parse;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& t : all) sum += fold(parse(t.begin(), t.end()));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_parse_boost_string_generator);

void BM_print_vocfab(benchmark::State& state) {
  const auto& all = uuids();
  for (auto _ : state) {
    std::size_t sum = 0;
    for (const auto& u : all) sum += static_cast<unsigned char>(vocfab::uuid_to_string(u)[35]);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_print_vocfab);

void BM_print_boost_to_string(benchmark::State& state) {
  const auto& all = uuids();
  for (auto _ : state) {
    std::size_t sum = 0;
    for (const auto& u : all) sum += static_cast<unsigned char>(boost::uuids::to_string(u)[35]);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_print_boost_to_string);

}  // namespace

BENCHMARK_MAIN();
