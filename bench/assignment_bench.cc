// Assignment solvers (issue 9, part 2) on instances written by bench/run_assignment_benchmark.sh,
// which times SciPy on the same files in the same run.
//
// The instances are NumPy .npy files in VOCFAB_ASSIGNMENT_DATA (int64, C order):
//   dense_<n>.npy             an n × n cost matrix                 -> dense/vocfab/<n>
//   full_<name>.npy           arcs (A × 3: row, col, weight) of a min_cost_full problem, with
//   full_<name>.shape         "rows cols"                          -> min_cost_full/vocfab/<name>
//   maxw_<name>.npy, .shape   arcs of a max_weight problem, with
//   maxw_<name>_cap.npy       capacities (one per column)          -> max_weight/vocfab/<name>
// When LEMON is found (VOCFAB_HAVE_LEMON), the sparse problems are also solved as min-cost flows
// by LEMON's NetworkSimplex and CostScaling (-> .../lemon_ns/..., .../lemon_cs/...), to choose
// between them and our own augmenting paths with numbers. Every result's total is checked against
// vocfab's (and vocfab's certificate checked) once, outside the timing.
//
// Generated in-process (fixed seed, no files; VOCFAB_ASSIGNMENT_DATA not needed for these):
//   max_weight/vocfab/gen_100k       100,000 rows x 10,000 columns, 20 arcs a row (distinct
//                                    columns), weights 1-200, capacities 1-19: as many places as
//                                    rows, a near-perfect matching (the hard, balanced case)
//   max_weight/vocfab_sap/gen_100k   the same without the warm start (one augmenting path a row)
//   max_weight/vocfab/referral_100k  the same rows and arcs, capacities drawn as the national
//                                    generator draws a vacancy's positions (tools/generate: 65 %
//                                    one, 20 % two, 10 % 3-5, 5 % 6-12; about 1.9 places a column)
//   max_weight/vocfab/gen_national, referral_national
//                                    1,000,000 x 100,000 of both shapes (about 20M arcs); only with
//                                    VOCFAB_ASSIGNMENT_NATIONAL=1
#include "matching/assignment_detail.h"
#include "vocfab/matching/assignment.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef VOCFAB_HAVE_LEMON
#include "lemon_peer.h"
#endif

namespace {

namespace fs = std::filesystem;
using vocfab::matching::Arc;
using vocfab::matching::Weight;

// A C-order int64 .npy file: its shape and values.
struct Npy {
  std::vector<std::size_t> shape;
  std::vector<std::int64_t> values;
};

Npy read_npy(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  in.read(magic, 8);
  if (!in || std::string(magic + 1, 5) != "NUMPY") throw std::runtime_error(path.string() + ": not a .npy file");
  std::size_t header_length = 0;
  if (magic[6] == 1) {
    unsigned char bytes[2];
    in.read(reinterpret_cast<char*>(bytes), 2);
    header_length = bytes[0] | (std::size_t{bytes[1]} << 8);
  } else {
    unsigned char bytes[4];
    in.read(reinterpret_cast<char*>(bytes), 4);
    header_length = bytes[0] | (std::size_t{bytes[1]} << 8) | (std::size_t{bytes[2]} << 16) | (std::size_t{bytes[3]} << 24);
  }
  std::string header(header_length, ' ');
  in.read(header.data(), static_cast<std::streamsize>(header_length));
  if (header.find("'<i8'") == std::string::npos || header.find("'fortran_order': False") == std::string::npos) {
    throw std::runtime_error(path.string() + ": expected little-endian int64 in C order");
  }
  Npy npy;
  const auto open = header.find('(', header.find("'shape'"));
  std::stringstream dims(header.substr(open + 1, header.find(')', open) - open - 1));
  std::string item;
  std::size_t count = 1;
  while (std::getline(dims, item, ',')) {
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    npy.shape.push_back(std::stoull(item));
    count *= npy.shape.back();
  }
  npy.values.resize(count);
  in.read(reinterpret_cast<char*>(npy.values.data()), static_cast<std::streamsize>(count * sizeof(std::int64_t)));
  if (!in) throw std::runtime_error(path.string() + ": truncated");
  return npy;
}

vocfab::matching::SparseProblem read_sparse(const fs::path& arcs_file, vocfab::matching::SparseObjective objective) {
  vocfab::matching::SparseProblem p;
  p.objective = objective;
  std::ifstream shape(fs::path(arcs_file).replace_extension(".shape"));
  shape >> p.rows >> p.cols;
  const Npy arcs = read_npy(arcs_file);
  p.arcs.resize(arcs.shape.at(0));
  for (std::size_t a = 0; a < p.arcs.size(); ++a) {
    p.arcs[a] = Arc{static_cast<std::uint32_t>(arcs.values[3 * a]), static_cast<std::uint32_t>(arcs.values[3 * a + 1]),
                    arcs.values[3 * a + 2]};
  }
  const fs::path capacities = arcs_file.parent_path() / (arcs_file.stem().string() + "_cap.npy");
  if (fs::exists(capacities)) {
    for (const std::int64_t c : read_npy(capacities).values) p.capacities.push_back(static_cast<std::uint64_t>(c));
  }
  return p;
}

void fail(benchmark::State& state, const std::string& why) {
  state.SkipWithError(why.c_str());
  for (auto _ : state) {
  }
}

void dense_bench(benchmark::State& state, const fs::path& file) {
  const Npy npy = read_npy(file);
  vocfab::matching::DenseProblem p{npy.shape.at(0), npy.shape.at(1), npy.values, {}, false};
  Weight total = 0;
  for (auto _ : state) {
    auto solved = vocfab::matching::solve_dense(p);
    if (!solved.solution) return fail(state, "no solution");
    total = solved.solution->total;
    benchmark::DoNotOptimize(total);
  }
  const auto check = vocfab::matching::solve_dense(p);
  if (!vocfab::matching::check_certificate(p, *check.solution).empty()) return fail(state, "certificate refused");
  state.counters["total"] = static_cast<double>(total);
}

void sparse_bench(benchmark::State& state, const fs::path& file, vocfab::matching::SparseObjective objective) {
  const auto p = read_sparse(file, objective);
  Weight total = 0;
  for (auto _ : state) {
    auto solved = vocfab::matching::solve_sparse(p);
    if (!solved.solution) return fail(state, "no solution: " + solved.issues.at(0).message);
    total = solved.solution->total;
    benchmark::DoNotOptimize(total);
  }
  const auto check = vocfab::matching::solve_sparse(p);
  if (!vocfab::matching::check_certificate(p, *check.solution).empty()) return fail(state, "certificate refused");
  state.counters["total"] = static_cast<double>(total);
  state.counters["pairs"] = static_cast<double>(check.solution->pairs.size());
}

// How many places a generated column (vacancy) has.
enum class Places {
  balanced,  // 1-19 at random: as many places as rows in all
  referral,  // as tools/generate draws a vacancy's positions: about 1.9 a vacancy
};

// SPEC 5.0's national instance: every row (seeker) 20 arcs to distinct random columns
// (vacancies), integer scores 1-200, and each column's places.
vocfab::matching::SparseProblem generated(std::size_t rows, std::size_t cols, Places places, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  vocfab::matching::SparseProblem p;
  p.rows = rows;
  p.cols = cols;
  p.arcs.reserve(rows * 20);
  std::vector<std::uint32_t> chosen;
  for (std::size_t r = 0; r < rows; ++r) {
    chosen.clear();
    for (int k = 0; k < 20; ++k) chosen.push_back(static_cast<std::uint32_t>(random() % cols));
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    for (const std::uint32_t c : chosen) {
      p.arcs.push_back({static_cast<std::uint32_t>(r), c, static_cast<Weight>(1 + random() % 200)});
    }
  }
  p.capacities.resize(cols);
  for (auto& capacity : p.capacities) {
    if (places == Places::balanced) {
      capacity = 1 + random() % 19;
      continue;
    }
    const double draw = std::uniform_real_distribution<double>(0, 1)(random);
    capacity = draw < 0.65 ? 1 : draw < 0.85 ? 2 : draw < 0.95 ? 3 + random() % 3 : 6 + random() % 7;
  }
  return p;
}

void generated_bench(benchmark::State& state, std::size_t rows, std::size_t cols, Places places,
                     vocfab::matching::detail::MaxWeightMethod method) {
  const auto p = generated(rows, cols, places, 20261201);
  Weight total = 0;
  std::size_t pairs = 0;
  vocfab::matching::detail::SparseStats stats;
  for (auto _ : state) {
    stats = {};
    auto solved = vocfab::matching::detail::solve_sparse(p, {.method = method, .stats = &stats});
    if (!solved.solution) return fail(state, "no solution: " + solved.issues.at(0).message);
    total = solved.solution->total;
    pairs = solved.solution->pairs.size();
    benchmark::DoNotOptimize(total);
  }
  const auto started = std::chrono::steady_clock::now();
  const auto check = vocfab::matching::solve_sparse(p);
  const auto issues = vocfab::matching::check_certificate(p, *check.solution);
  if (!issues.empty()) return fail(state, "certificate refused: " + issues.front().message);
  if (check.solution->total != total) return fail(state, "the totals differ between runs");
  state.counters["total"] = static_cast<double>(total);
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["arcs"] = static_cast<double>(p.arcs.size());
  if (method == vocfab::matching::detail::MaxWeightMethod::scaling) {
    state.counters["phases"] = static_cast<double>(stats.phases);
    state.counters["bids"] = static_cast<double>(stats.bids);
    state.counters["reverse"] = static_cast<double>(stats.reverse_steps);
    state.counters["relaxations"] = static_cast<double>(stats.dual_relaxations);
    state.counters["fell_back"] = stats.scaling_fell_back ? 1 : 0;
  }
  state.counters["check_s"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

#ifdef VOCFAB_HAVE_LEMON
void lemon_bench(benchmark::State& state, const fs::path& file, vocfab::matching::SparseObjective objective,
                 vocfab_bench::LemonPeer::Algorithm algorithm) {
  const auto p = read_sparse(file, objective);
  std::vector<vocfab_bench::PeerArc> arcs;
  arcs.reserve(p.arcs.size());
  for (const Arc& arc : p.arcs) arcs.push_back({arc.row, arc.col, arc.weight});
  vocfab_bench::LemonPeer peer(p.rows, p.cols, arcs, p.capacities, objective == vocfab::matching::SparseObjective::min_cost_full);
  std::int64_t total = 0;
  for (auto _ : state) {
    if (!peer.run(algorithm, total)) return fail(state, "LEMON: not optimal");
    benchmark::DoNotOptimize(total);
  }
  const auto ours = vocfab::matching::solve_sparse(p);
  if (!ours.solution || ours.solution->total != total) return fail(state, "LEMON's total differs from vocfab's");
  state.counters["total"] = static_cast<double>(total);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  const char* dir = std::getenv("VOCFAB_ASSIGNMENT_DATA");
  const bool lemon = std::getenv("VOCFAB_ASSIGNMENT_LEMON") == nullptr || std::string(std::getenv("VOCFAB_ASSIGNMENT_LEMON")) != "0";
  const bool national = std::getenv("VOCFAB_ASSIGNMENT_NATIONAL") != nullptr && std::string(std::getenv("VOCFAB_ASSIGNMENT_NATIONAL")) == "1";
  const auto unit = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond)->UseRealTime(); };
  using vocfab::matching::detail::MaxWeightMethod;
  unit(benchmark::RegisterBenchmark("max_weight/vocfab/gen_100k", generated_bench, 100'000, 10'000, Places::balanced, MaxWeightMethod::scaling));
  unit(benchmark::RegisterBenchmark("max_weight/vocfab_warm/gen_100k", generated_bench, 100'000, 10'000, Places::balanced, MaxWeightMethod::warm_start));
  unit(benchmark::RegisterBenchmark("max_weight/vocfab_sap/gen_100k", generated_bench, 100'000, 10'000, Places::balanced, MaxWeightMethod::paths));
  unit(benchmark::RegisterBenchmark("max_weight/vocfab/referral_100k", generated_bench, 100'000, 10'000, Places::referral, MaxWeightMethod::scaling));
  unit(benchmark::RegisterBenchmark("max_weight/vocfab_warm/referral_100k", generated_bench, 100'000, 10'000, Places::referral, MaxWeightMethod::warm_start));
  if (national) {
    unit(benchmark::RegisterBenchmark("max_weight/vocfab/referral_national", generated_bench, 1'000'000, 100'000, Places::referral, MaxWeightMethod::scaling));
    unit(benchmark::RegisterBenchmark("max_weight/vocfab/gen_national", generated_bench, 1'000'000, 100'000, Places::balanced, MaxWeightMethod::scaling));
  }
  std::vector<fs::path> files;
  if (dir != nullptr) {
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  } else {
    std::cerr << "VOCFAB_ASSIGNMENT_DATA not set: only the generated instances (see bench/run_assignment_benchmark.sh)\n";
  }
  std::sort(files.begin(), files.end());
  using vocfab::matching::SparseObjective;
  for (const fs::path& file : files) {
    const std::string stem = file.stem().string();
    if (file.extension() != ".npy" || stem.ends_with("_cap")) continue;
    if (stem.starts_with("dense_")) {
      unit(benchmark::RegisterBenchmark(("dense/vocfab/" + stem.substr(6)).c_str(), dense_bench, file));
      continue;
    }
    const bool full = stem.starts_with("full_");
    if (!full && !stem.starts_with("maxw_")) continue;
    const auto objective = full ? SparseObjective::min_cost_full : SparseObjective::max_weight;
    const std::string kind = full ? "min_cost_full/" : "max_weight/";
    unit(benchmark::RegisterBenchmark((kind + "vocfab/" + stem.substr(5)).c_str(), sparse_bench, file, objective));
#ifdef VOCFAB_HAVE_LEMON
    if (lemon) {
      unit(benchmark::RegisterBenchmark((kind + "lemon_ns/" + stem.substr(5)).c_str(), lemon_bench, file, objective,
                                               vocfab_bench::LemonPeer::Algorithm::network_simplex));
      unit(benchmark::RegisterBenchmark((kind + "lemon_cs/" + stem.substr(5)).c_str(), lemon_bench, file, objective,
                                               vocfab_bench::LemonPeer::Algorithm::cost_scaling));
    }
#else
    (void)lemon;
#endif
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
