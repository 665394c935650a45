// How much a single-pass UUID decoder would save over vocfab::parse_uuid (Boost string_generator
// after a shape check), the reader's largest hot spot (docs/performance.md, hot spot 1).
// Both parse the same 100,000 canonical UUID texts; the decoder's results are checked against
// parse_uuid's before timing.
#include "vocfab/model/id.h"

#include <benchmark/benchmark.h>
#include <boost/uuid/random_generator.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Canonical 8-4-4-4-12 text, hex digits in either case; one pass, one table lookup per digit.
std::optional<boost::uuids::uuid> decode_uuid(std::string_view text) noexcept {
  static constexpr std::array<std::int8_t, 256> kHex = [] {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = -1;
    for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
    return table;
  }();
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
    return std::nullopt;
  }
  boost::uuids::uuid out{};
  std::size_t pos = 0;
  for (std::size_t byte = 0; byte < 16; ++byte) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
    const int hi = kHex[static_cast<unsigned char>(text[pos])];
    const int lo = kHex[static_cast<unsigned char>(text[pos + 1])];
    if ((hi | lo) < 0) return std::nullopt;
    out.data[byte] = static_cast<std::uint8_t>(hi << 4 | lo);
    pos += 2;
  }
  return out;
}

const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = [] {
    std::mt19937_64 engine(42);
    boost::uuids::basic_random_generator<std::mt19937_64> generate(&engine);
    std::vector<std::string> v;
    for (int i = 0; i < 100'000; ++i) v.push_back(vocfab::uuid_to_string(generate()));
    for (const auto& t : v) {
      if (decode_uuid(t) != vocfab::parse_uuid(t)) throw std::logic_error("decoder disagrees");
    }
    return v;
  }();
  return all;
}

void BM_parse_uuid_boost(benchmark::State& state) {
  const auto& all = texts();
  for (auto _ : state) {
    for (const auto& t : all) benchmark::DoNotOptimize(vocfab::parse_uuid(t));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_parse_uuid_boost);

void BM_parse_uuid_single_pass(benchmark::State& state) {
  const auto& all = texts();
  for (auto _ : state) {
    for (const auto& t : all) benchmark::DoNotOptimize(decode_uuid(t));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
}
BENCHMARK(BM_parse_uuid_single_pass);

}  // namespace

BENCHMARK_MAIN();
