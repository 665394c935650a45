// Load + validate throughput of generated datasets, beside nlohmann's bare SAX parse of the same
// file measured in the same run (SPEC section 9: every figure beside a peer).
//
// For each scale and each input mode, four benchmarks:
//   load_validate/<scale>/<mode>  vocfab read + vocfab::validate (what `vocfab validate` does)
//   load_only/<scale>/<mode>      vocfab read only (to split reading from validating)
//   sax_null/<scale>/<mode>       nlohmann::json::sax_parse with a handler whose callbacks only
//                                 return true: the floor any nlohmann-based reader stands on
// Input modes, identical for vocfab and the peer:
//   file    vocfab reads with vocfab::read_dataset_file (what `vocfab validate` does: pread in
//           1 MiB blocks behind an input iterator; a file of 32 MiB or more is cut at record
//           boundaries into parts of 8-64 MB read from memory on hardware_concurrency() threads);
//           the peer reads the file through the 1 MiB block input on one thread (nlohmann's
//           parser is sequential)
//   memory  the whole file is read into a std::string (timed), then parsed from the buffer
// The page cache is warm after the first iteration, so "disk" is mostly a memory copy.
// Destroying the loaded dataset is outside the timed region.
//
// Environment:
//   VOCFAB_BENCH_SCALES       comma list of municipal,metropolitan,national
//                             (default municipal,metropolitan)
//   VOCFAB_BENCH_MODES        comma list of file,memory (default both)
//   VOCFAB_BENCH_SEED         generator seed (default 42)
//   VOCFAB_BENCH_DATA_DIR     where vocfab-<scale>-seed<seed>.json files are cached (default: the
//                             build tree's bench/data); missing files are generated there
//   VOCFAB_BENCH_REPETITIONS  repetitions (one iteration each) for files over 20 MB (default 3)
//   VOCFAB_BENCH_LARGE_REPETITIONS  the same for files over 500 MB (default 1)
//   VOCFAB_BENCH_SUMMARY      if set, a tab-separated ratio table is written to this file
// After the runs a table of MB/s (10^6 bytes per second), by wall time and by CPU time, and the
// load_validate/sax_null ratios is printed.
#include "generate/generator.h"

#include "block_input.h"
#include "vocfab/io/json.h"

#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// The peer's input: pread in 1 MiB blocks behind an input iterator, so that the bare parse reads
// a file without going through a stream byte by byte (bench/block_input.h).

std::string read_whole_file(const fs::path& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) throw std::runtime_error("cannot open " + path.string());
  std::string text(fs::file_size(path), '\0');
  input.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

// ---------------------------------------------------------------------------------------------
// The peer: a SAX handler that accepts everything and builds nothing.

struct NullSax final : nlohmann::json_sax<json> {
  std::size_t events = 0;
  bool null() override { return ++events, true; }
  bool boolean(bool) override { return ++events, true; }
  bool number_integer(number_integer_t) override { return ++events, true; }
  bool number_unsigned(number_unsigned_t) override { return ++events, true; }
  bool number_float(number_float_t, const string_t&) override { return ++events, true; }
  bool string(string_t&) override { return ++events, true; }
  bool binary(binary_t&) override { return ++events, true; }
  bool start_object(std::size_t) override { return ++events, true; }
  bool key(string_t&) override { return ++events, true; }
  bool end_object() override { return ++events, true; }
  bool start_array(std::size_t) override { return ++events, true; }
  bool end_array() override { return ++events, true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------
// Benchmarks

enum class Mode { file, memory };

struct Input {
  std::string scale;
  fs::path path;
  std::uintmax_t bytes = 0;
};

void load_validate(benchmark::State& state, const Input& input, Mode mode, bool run_validation) {
  for (auto _ : state) {
    vocfab::LoadResult load;
    if (mode == Mode::file) {
      load = vocfab::read_dataset_file(input.path);
    } else {
      const std::string text = read_whole_file(input.path);
      load = vocfab::read_dataset(text);
    }
    std::size_t issues = load.issues.size();
    if (run_validation && !load.fatal()) {
      issues += vocfab::validate(load.dataset, &load.diagnostics).size();
    }
    benchmark::DoNotOptimize(load.dataset.record_count());
    if (issues != 0) {
      state.SkipWithError("the generated file does not validate clean");
      break;
    }
    state.PauseTiming();  // freeing the dataset is not part of loading it
    load = vocfab::LoadResult{};
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(input.bytes));
  state.counters["file_MB"] = static_cast<double>(input.bytes) / 1e6;
}

void sax_null(benchmark::State& state, const Input& input, Mode mode) {
  std::size_t events = 0;
  for (auto _ : state) {
    NullSax handler;
    bool ok = false;
    if (mode == Mode::file) {
      const int fd = ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        state.SkipWithError("cannot open the file");
        break;
      }
      vocfab::io_detail::BlockStream stream(fd, 0, input.bytes);
      ok = json::sax_parse(vocfab::io_detail::BlockIterator(stream), vocfab::io_detail::BlockIterator(), &handler,
                           json::input_format_t::json, /*strict=*/true);
      ::close(fd);
    } else {
      const std::string text = read_whole_file(input.path);
      ok = json::sax_parse(text.data(), text.data() + text.size(), &handler,
                           json::input_format_t::json, /*strict=*/true);
    }
    if (!ok) {
      state.SkipWithError("nlohmann could not parse the file");
      break;
    }
    events = handler.events;
    benchmark::DoNotOptimize(events);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(input.bytes));
  state.counters["file_MB"] = static_cast<double>(input.bytes) / 1e6;
  state.counters["sax_events"] = static_cast<double>(events);
}

// ---------------------------------------------------------------------------------------------
// Ratio table: console output as usual, then MB/s per (scale, mode) and the ratio to the peer.

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      const auto size = run.counters.find("file_MB");
      if (size == run.counters.end() || run.real_accumulated_time <= 0) continue;
      const double mb = size->second.value * static_cast<double>(run.iterations);
      Rates& rates = rates_[run.run_name.function_name];
      rates.wall.push_back(mb / run.real_accumulated_time);
      if (run.cpu_accumulated_time > 0) rates.cpu.push_back(mb / run.cpu_accumulated_time);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::string table =
        "scale\tmode\tclock\tload_validate_MBps\tload_only_MBps\tsax_null_MBps\tratio\n";
    std::printf("\n%-13s %-7s %-5s %14s %10s %14s %8s\n", "scale", "mode", "clock",
                "load+validate", "load only", "bare SAX", "ratio");
    for (const auto& [name, rates] : rates_) {
      if (name.rfind("load_validate/", 0) != 0) continue;
      const std::string suffix = name.substr(std::string_view("load_validate/").size());
      const auto slash = suffix.find('/');
      const std::string scale = suffix.substr(0, slash);
      const std::string mode = suffix.substr(slash + 1);
      for (const bool wall : {true, false}) {
        const double lv = median(wall ? rates.wall : rates.cpu);
        const double lo = median_of("load_only/" + suffix, wall);
        const double sax = median_of("sax_null/" + suffix, wall);
        const double ratio = sax > 0 ? lv / sax : 0.0;
        const char* clock = wall ? "wall" : "cpu";
        std::printf("%-13s %-7s %-5s %14.1f %10.1f %14.1f %8.3f\n", scale.c_str(), mode.c_str(),
                    clock, lv, lo, sax, ratio);
        char line[256];
        std::snprintf(line, sizeof line, "%s\t%s\t%s\t%.1f\t%.1f\t%.1f\t%.3f\n", scale.c_str(),
                      mode.c_str(), clock, lv, lo, sax, ratio);
        table += line;
      }
    }
    std::printf("MB/s with MB = 10^6 bytes, median over repetitions; wall = elapsed time, cpu = the\n"
                "process's CPU time (robust when other jobs share the cores); ratio = load+validate\n"
                "over nlohmann's bare SAX parse of the same file read the same way.\n");
    if (const char* out = std::getenv("VOCFAB_BENCH_SUMMARY")) {
      std::ofstream(out) << table;
    }
  }

 private:
  struct Rates {
    std::vector<double> wall;
    std::vector<double> cpu;
  };
  static double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
  double median_of(const std::string& name, bool wall) const {
    const auto it = rates_.find(name);
    if (it == rates_.end()) return 0.0;
    return median(wall ? it->second.wall : it->second.cpu);
  }
  std::map<std::string, Rates> rates_;
};

std::vector<std::string> split(const char* text, const char* fallback) {
  std::string all = text && *text ? text : fallback;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= all.size()) {
    const std::size_t comma = std::min(all.find(',', start), all.size());
    if (comma > start) parts.push_back(all.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

Input prepare(const std::string& scale_name, std::uint64_t seed, const fs::path& dir) {
  const auto scale = vocfab::generate::parse_scale(scale_name);
  if (!scale) throw std::invalid_argument("unknown scale " + scale_name);
  Input input;
  input.scale = scale_name;
  input.path = dir / ("vocfab-" + scale_name + "-seed" + std::to_string(seed) + ".json");
  if (!fs::exists(input.path)) {
    std::fprintf(stderr, "generating %s ...\n", input.path.c_str());
    fs::create_directories(dir);
    const auto dataset =
        vocfab::generate::generate_dataset(vocfab::generate::config_for(*scale), seed);
    vocfab::write_dataset_file(dataset, input.path);
  }
  input.bytes = fs::file_size(input.path);
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const char* seed_text = std::getenv("VOCFAB_BENCH_SEED");
  const std::uint64_t seed = seed_text ? std::stoull(seed_text) : 42;
  const char* dir_text = std::getenv("VOCFAB_BENCH_DATA_DIR");
  const fs::path dir = dir_text ? fs::path(dir_text) : fs::path(VOCFAB_BENCH_DEFAULT_DATA_DIR);
  const char* reps_text = std::getenv("VOCFAB_BENCH_REPETITIONS");
  const int repetitions = reps_text ? std::max(1, std::atoi(reps_text)) : 3;
  const char* large_text = std::getenv("VOCFAB_BENCH_LARGE_REPETITIONS");
  const int large_repetitions = large_text ? std::max(1, std::atoi(large_text)) : 1;

  std::vector<Input> inputs;
  try {
    for (const auto& scale : split(std::getenv("VOCFAB_BENCH_SCALES"), "municipal,metropolitan")) {
      inputs.push_back(prepare(scale, seed, dir));
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "vocfab_load_bench: %s\n", error.what());
    return 2;
  }
  const auto modes = split(std::getenv("VOCFAB_BENCH_MODES"), "file,memory");

  for (const Input& input : inputs) {
    for (const auto& mode_name : modes) {
      const Mode mode = mode_name == "memory" ? Mode::memory : Mode::file;
      const std::string suffix = input.scale + "/" + (mode == Mode::memory ? "memory" : "file");
      std::vector<benchmark::internal::Benchmark*> registered{
          benchmark::RegisterBenchmark(("sax_null/" + suffix).c_str(),
                                       [input, mode](benchmark::State& s) { sax_null(s, input, mode); }),
          benchmark::RegisterBenchmark(("load_only/" + suffix).c_str(),
                                       [input, mode](benchmark::State& s) {
                                         load_validate(s, input, mode, false);
                                       }),
          benchmark::RegisterBenchmark(("load_validate/" + suffix).c_str(),
                                       [input, mode](benchmark::State& s) {
                                         load_validate(s, input, mode, true);
                                       })};
      for (auto* b : registered) {
        // CPU time of the whole process (all reader and validator threads), not the main thread's.
        b->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
        if (input.bytes > 500'000'000) {
          b->Iterations(1)->Repetitions(large_repetitions);
        } else if (input.bytes > 20'000'000) {
          b->Iterations(1)->Repetitions(repetitions);
        }
      }
    }
  }

  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
