// Lifecycle operations at scale (issue 8's speed targets), beside a SQLite peer measured in the
// same run (SPEC section 9: every figure beside a peer).
//
// Datasets are generated in-process (tools/generate, seed VOCFAB_BENCH_SEED), once per process.
// On the main scale (national by default):
//   refer/vocfab/<scale>       one `refer` with all its checks, as a batch of one: each iteration
//                              refers a different job-seeking, consenting, resident person to an
//                              open vacancy (bench/ops_workload.h, make_refers), with a fixed
//                              context (id_seed); timed one by one (manual time), so the median,
//                              p90 and p99 are per operation
//   refer/sqlite/<scale>       the same referrals in the SQLite peer (bench/sqlite_peer.h): the
//                              checks as queries, an INSERT and an audit row, one transaction each
//   lifecycle/vocfab/<scale>   the lifecycle workload (VOCFAB_OPS_COUNT operations, 1,000,000 by
//                              default: vacancies posted, refer, interview, hire, reject, decline,
//                              no_show, end_employment), applied in batches of VOCFAB_OPS_BATCH
//                              (1,000) to a fresh copy of the dataset; operations per second
//   lifecycle/sqlite/<scale>   the same operations in the peer, in one transaction, on a fresh copy
//                              of its database
// On the main scale and on the small one (municipal by default):
//   refused/vocfab/<scale>/<n> a batch of n-1 valid operations (the workload's first ones) and one
//                              that breaks a rule (a second referral of the first pair), applied and
//                              rolled back; the dataset is checked unchanged afterwards
//   refused/sqlite/<scale>/<n> the same in the peer: BEGIN, the operations, ROLLBACK
//
// Before the benchmarks, the workload is applied once to a copy of the dataset in batches: any
// operation the library refuses is dropped (and counted) so every timed operation is allowed;
// that first pass also measures memory growth (resident set from /proc/self/statm and the heap in
// use from mallinfo2) per applied operation, and the dataset is validated afterwards.
//
// Environment:
//   VOCFAB_OPS_SCALE            main scale (default national)
//   VOCFAB_OPS_SMALL_SCALE      second scale for the refused batches (default municipal; "none")
//   VOCFAB_BENCH_SEED           generator seed (default 42)
//   VOCFAB_OPS_COUNT            operations of the lifecycle workload (default 1000000)
//   VOCFAB_OPS_BATCH            operations per batch (default 1000)
//   VOCFAB_OPS_DAYS             business days the workload spans (about; default 30)
//   VOCFAB_OPS_REFER_ITERATIONS single referrals per repetition (default 20000)
//   VOCFAB_OPS_REPETITIONS      repetitions of the single referrals and refused batches (default 5)
//   VOCFAB_OPS_WORKLOAD_REPETITIONS  repetitions of the lifecycle workload (default 3)
//   VOCFAB_OPS_REFUSED_SIZES    comma list of refused batch sizes (default 100,1000)
//   VOCFAB_OPS_VALIDATE         0 to skip validating the dataset after the first pass
//   VOCFAB_OPS_BREAKDOWN        operations timed one by one for the cost by kind (default 100000; 0: none)
//   VOCFAB_OPS_INFO             if set, a JSON summary (figures, counts, memory) is written there
//   VOCFAB_OPS_SQLITE           where the peer's databases live: memdb (default), memory or file
#include "generate/generator.h"

#include "ops_workload.h"
#include "sqlite_peer.h"
#include "vocfab/ops/batch.h"
#include "vocfab/validation/validate.h"

#include <malloc.h>
#include <unistd.h>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace vocfab;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// --- settings -------------------------------------------------------------------------------------

std::string env_text(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::string(fallback);
}
std::size_t env_size(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? static_cast<std::size_t>(std::stoull(value)) : fallback;
}
std::vector<std::size_t> env_sizes(const char* name, const char* fallback) {
  std::vector<std::size_t> out;
  const std::string all = env_text(name, fallback);
  std::size_t start = 0;
  while (start < all.size()) {
    const std::size_t comma = std::min(all.find(',', start), all.size());
    if (comma > start) out.push_back(static_cast<std::size_t>(std::stoull(all.substr(start, comma - start))));
    start = comma + 1;
  }
  return out;
}

struct Settings {
  std::string scale = env_text("VOCFAB_OPS_SCALE", "national");
  std::string small_scale = env_text("VOCFAB_OPS_SMALL_SCALE", "municipal");
  std::uint64_t seed = env_size("VOCFAB_BENCH_SEED", 42);
  std::size_t operations = env_size("VOCFAB_OPS_COUNT", 1'000'000);
  std::size_t batch = std::max<std::size_t>(1, env_size("VOCFAB_OPS_BATCH", 1'000));
  std::size_t days = env_size("VOCFAB_OPS_DAYS", 30);
  std::size_t refer_iterations = env_size("VOCFAB_OPS_REFER_ITERATIONS", 20'000);
  int repetitions = static_cast<int>(env_size("VOCFAB_OPS_REPETITIONS", 5));
  int workload_repetitions = static_cast<int>(env_size("VOCFAB_OPS_WORKLOAD_REPETITIONS", 3));
  std::vector<std::size_t> refused_sizes = env_sizes("VOCFAB_OPS_REFUSED_SIZES", "100,1000");
  bool validate = env_text("VOCFAB_OPS_VALIDATE", "1") != "0";
  std::size_t breakdown = env_size("VOCFAB_OPS_BREAKDOWN", 100'000);
  std::string info = env_text("VOCFAB_OPS_INFO", "");
};

// --- memory -------------------------------------------------------------------------------------

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0;
  std::int64_t resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}
// Bytes handed out by malloc and not freed (small blocks and mmapped ones).
std::int64_t heap_bytes() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
}

// The bytes an audit trail holds: each entry and the heap blocks of its strings and list (without
// the slack of the trail's own vector). libstdc++ keeps up to 15 characters inside the string.
std::size_t heap_of(const std::string& text) { return text.capacity() > 15 ? text.capacity() + 1 : 0; }
std::size_t audit_bytes(const Dataset& data) {
  std::size_t total = 0;
  for (const AuditEntry& entry : data.audit()) {
    total += sizeof(AuditEntry) + heap_of(entry.batch) + heap_of(entry.actor) + heap_of(entry.op);
    if (entry.id) total += heap_of(*entry.id);
    if (entry.key) total += heap_of(*entry.key);
    if (entry.digest) total += heap_of(*entry.digest);
    total += entry.touched.capacity() * sizeof(AuditTouch);
    for (const AuditTouch& touch : entry.touched) total += heap_of(touch.id);
  }
  return total;
}

// --- what is measured on -------------------------------------------------------------------------

BatchContext fixed_context(const Date& day) {
  BatchContext context;
  context.actor = "bench-clerk";
  context.at = Timestamp(day, boost::posix_time::hours(9));
  context.date = day;
  context.id_seed = 42;
  return context;
}

struct ScaleData {
  std::string name;
  Dataset pristine;
  double generate_seconds = 0;
  std::unique_ptr<bench::SqlitePeer> sqlite;  // pristine too
  double sqlite_load_seconds = 0;
  std::int64_t sqlite_bytes = 0;
  bench::Workload workload;
  double workload_seconds = 0;
  std::map<std::size_t, std::vector<Operation>> refused;  // by batch size
};

std::size_t count_records(const Dataset& d) { return d.record_count(); }

json collection_counts(const Dataset& d) {
  json out = json::object();
  for (const Collection c : kAllCollections) out[std::string(to_string(c))] = d.size(c);
  out["audit"] = d.audit().size();
  return out;
}

// A batch of n-1 valid operations and a last one that breaks a rule (a second referral of the
// batch's first pair: duplicate_referral).
std::vector<Operation> refused_batch(const std::vector<Operation>& workload, std::size_t n) {
  if (n < 2 || workload.size() < n - 1) throw std::invalid_argument("the workload is shorter than the refused batch");
  std::vector<Operation> batch(workload.begin(), workload.begin() + static_cast<std::ptrdiff_t>(n - 1));
  for (const Operation& op : batch) {
    if (const auto* refer = std::get_if<ops::Refer>(&op.arguments)) {
      Operation again{*refer, op.on, std::string("0b0b0b0b-0000-4000-8000-") + "000000000001", std::nullopt, std::nullopt};
      batch.push_back(std::move(again));
      return batch;
    }
  }
  throw std::invalid_argument("the refused batch has no referral to repeat");
}

ScaleData prepare(const std::string& name, std::uint64_t seed, std::size_t operations, std::size_t days) {
  const auto scale = generate::parse_scale(name);
  if (!scale) throw std::invalid_argument("unknown scale " + name);
  ScaleData out;
  out.name = name;
  std::fprintf(stderr, "[ops_bench] generating %s (seed %llu) ...\n", name.c_str(), static_cast<unsigned long long>(seed));
  auto start = Clock::now();
  out.pristine = generate::generate_dataset(generate::config_for(*scale), seed);
  out.generate_seconds = seconds_since(start);
  std::fprintf(stderr, "[ops_bench]   %zu records in %.1f s\n", count_records(out.pristine), out.generate_seconds);

  std::fprintf(stderr, "[ops_bench] simulating %zu operations ...\n", operations);
  start = Clock::now();
  bench::WorkloadOptions options;
  options.operations = operations;
  options.days = days;
  options.first_day = generate::reference_date();
  out.workload = bench::make_workload(out.pristine, options);
  out.workload_seconds = seconds_since(start);
  std::fprintf(stderr, "[ops_bench]   done in %.1f s (last day %s)\n", out.workload_seconds,
               to_iso_string(out.workload.last_day).c_str());

  std::fprintf(stderr, "[ops_bench] loading the SQLite peer ...\n");
  start = Clock::now();
  out.sqlite = std::make_unique<bench::SqlitePeer>();
  out.sqlite->load(out.pristine);
  out.sqlite_load_seconds = seconds_since(start);
  out.sqlite_bytes = out.sqlite->database_bytes();
  std::fprintf(stderr, "[ops_bench]   %.1f s, %.0f MB\n", out.sqlite_load_seconds, static_cast<double>(out.sqlite_bytes) / 1e6);
  return out;
}

// --- the first pass: drop what the library refuses, measure memory --------------------------------

struct FirstPass {
  std::size_t applied = 0;
  std::size_t refused = 0;
  std::vector<std::string> refused_examples;
  double seconds = 0;
  std::int64_t rss_before = 0, rss_after = 0, heap_before = 0, heap_after = 0;
  json counts_before, counts_after;
  std::size_t validate_issues = 0;
  std::string first_issue;
  double validate_seconds = 0;
  bool validated = false;
  std::vector<double> batch_seconds;  // each batch's apply (all accepted in the end)
  std::size_t audit_bytes = 0;        // of the trail the pass wrote
};

FirstPass first_pass(const Dataset& pristine, std::vector<Operation>& operations, std::size_t batch_size,
                     const BatchContext& context, bool validate_after) {
  FirstPass out;
  Dataset data = pristine;
  out.counts_before = collection_counts(data);
  out.rss_before = resident_bytes();
  out.heap_before = heap_bytes();
  const auto start = Clock::now();
  std::size_t kept = 0;
  for (std::size_t begin = 0; begin < operations.size(); begin += batch_size) {
    const std::size_t end = std::min(begin + batch_size, operations.size());
    std::vector<Operation> chunk(std::make_move_iterator(operations.begin() + static_cast<std::ptrdiff_t>(begin)),
                                 std::make_move_iterator(operations.begin() + static_cast<std::ptrdiff_t>(end)));
    const auto batch_start = Clock::now();
    while (!chunk.empty()) {
      const BatchResult result = apply(data, chunk, context);
      if (result.ok()) break;
      ++out.refused;
      const BatchFailure& failure = *result.failed;
      if (out.refused_examples.size() < 10) {
        out.refused_examples.push_back(failure.op + ": " +
                                       (failure.issues.empty() ? std::string("?")
                                                               : std::string(to_string(failure.issues.front().code)) +
                                                                     " " + failure.issues.front().message));
      }
      chunk.erase(chunk.begin() + static_cast<std::ptrdiff_t>(failure.index));
    }
    out.batch_seconds.push_back(seconds_since(batch_start));
    out.applied += chunk.size();
    for (Operation& op : chunk) operations[kept++] = std::move(op);
  }
  out.seconds = seconds_since(start);
  out.rss_after = resident_bytes();
  out.heap_after = heap_bytes();
  operations.erase(operations.begin() + static_cast<std::ptrdiff_t>(kept), operations.end());
  out.counts_after = collection_counts(data);
  out.audit_bytes = audit_bytes(data);
  if (validate_after) {
    const auto v_start = Clock::now();
    const auto issues = validate(data);
    out.validate_seconds = seconds_since(v_start);
    out.validate_issues = issues.size();
    if (!issues.empty()) out.first_issue = issues.front().path + ": " + issues.front().message;
    out.validated = true;
  }
  return out;
}

// --- results kept for the summary -------------------------------------------------------------------

std::map<std::string, std::vector<double>> g_samples;    // per-operation times (µs) or per-run figures
std::map<std::string, json> g_run_info;                  // extra figures per benchmark

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double at = p * static_cast<double>(values.size() - 1);
  const auto low = static_cast<std::size_t>(at);
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (values[high] - values[low]) * (at - static_cast<double>(low));
}
double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) sum += v;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}
json summary(const std::vector<double>& values) {
  return json{{"count", values.size()}, {"median", percentile(values, 0.5)}, {"p90", percentile(values, 0.9)},
              {"p99", percentile(values, 0.99)}, {"mean", mean(values)},
              {"min", values.empty() ? 0 : *std::min_element(values.begin(), values.end())},
              {"max", values.empty() ? 0 : *std::max_element(values.begin(), values.end())}};
}

// --- benchmarks -----------------------------------------------------------------------------------

struct ReferState {
  const ScaleData* scale = nullptr;
  std::vector<Operation> operations;  // distinct people
  std::size_t next_vocfab = 0;
  std::size_t next_sqlite = 0;
  std::unique_ptr<Dataset> dataset;              // changed by the referrals
  std::unique_ptr<bench::SqlitePeer> database;  // likewise
  std::size_t refused_vocfab = 0;
  std::size_t refused_sqlite = 0;
};
ReferState g_refer;

// Times each iteration's @p run(operation) on the next prepared referral (manual time), and keeps
// the per-operation times in µs under @p name.
template <class Run>
void time_each_referral(benchmark::State& state, std::size_t& next, const std::string& name, Run&& run) {
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(state.max_iterations));
  for (auto _ : state) {
    if (next >= g_refer.operations.size()) {
      state.SkipWithError("ran out of prepared referrals");
      break;
    }
    const Operation& op = g_refer.operations[next++];
    const auto start = Clock::now();
    run(op);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(elapsed);
    times.push_back(elapsed * 1e6);
  }
  state.counters["p50_us"] = percentile(times, 0.5);
  state.counters["p90_us"] = percentile(times, 0.9);
  state.counters["p99_us"] = percentile(times, 0.99);
  auto& all = g_samples[name];
  all.insert(all.end(), times.begin(), times.end());
}

void refer_vocfab(benchmark::State& state, const BatchContext& context) {
  if (!g_refer.dataset) g_refer.dataset = std::make_unique<Dataset>(g_refer.scale->pristine);
  Dataset& data = *g_refer.dataset;
  time_each_referral(state, g_refer.next_vocfab, "refer/vocfab", [&](const Operation& op) {
    const BatchResult result = apply(data, std::span<const Operation>(&op, 1), context);  // freed inside the timing
    if (!result.ok()) ++g_refer.refused_vocfab;
  });
  state.counters["refused"] = static_cast<double>(g_refer.refused_vocfab);
}

void refer_sqlite(benchmark::State& state) {
  if (!g_refer.database) {
    g_refer.database = std::make_unique<bench::SqlitePeer>();
    g_refer.database->copy_from(*g_refer.scale->sqlite);
  }
  bench::SqlitePeer& db = *g_refer.database;
  time_each_referral(state, g_refer.next_sqlite, "refer/sqlite", [&](const Operation& op) {
    db.begin();
    if (db.apply(op)) {
      db.commit();
    } else {
      db.rollback();
      ++g_refer.refused_sqlite;
    }
  });
  state.counters["refused"] = static_cast<double>(g_refer.refused_sqlite);
}

// Where the time goes by kind of operation: the workload's first operations applied one at a time
// (vocfab: a batch each, so each also pays a batch's fixed cost; the peer: one transaction for
// all), each timed.
struct KindCost {
  std::size_t count = 0;
  double vocfab_us = 0;
  double sqlite_us = 0;
};
std::map<std::string, KindCost> breakdown(const ScaleData& scale, std::size_t limit, const BatchContext& context) {
  std::map<std::string, KindCost> costs;
  const auto& operations = scale.workload.operations;
  const std::size_t n = std::min(limit, operations.size());
  {
    Dataset data = scale.pristine;
    for (std::size_t i = 0; i < n; ++i) {
      const auto start = Clock::now();
      { const BatchResult result = apply(data, std::span<const Operation>(&operations[i], 1), context); }
      KindCost& cost = costs[std::string(operation_name(operations[i]))];
      cost.vocfab_us += std::chrono::duration<double>(Clock::now() - start).count() * 1e6;
      ++cost.count;
    }
  }
  bench::SqlitePeer db;
  db.copy_from(*scale.sqlite);
  db.begin();
  for (std::size_t i = 0; i < n; ++i) {
    const auto start = Clock::now();
    db.apply(operations[i]);
    costs[std::string(operation_name(operations[i]))].sqlite_us +=
        std::chrono::duration<double>(Clock::now() - start).count() * 1e6;
  }
  db.commit();
  return costs;
}

void lifecycle_vocfab(benchmark::State& state, const ScaleData& scale, std::size_t batch_size,
                      const BatchContext& context) {
  g_refer.dataset.reset();  // the single referrals' copy is no longer needed
  const std::vector<Operation>& operations = scale.workload.operations;
  auto data = std::make_unique<Dataset>(scale.pristine);
  const std::int64_t rss_before = resident_bytes();
  const std::int64_t heap_before = heap_bytes();
  std::size_t refused = 0;
  std::size_t applied = 0;
  for (auto _ : state) {
    for (std::size_t begin = 0; begin < operations.size(); begin += batch_size) {
      const std::size_t end = std::min(begin + batch_size, operations.size());
      const BatchResult result =
          apply(*data, std::span<const Operation>(operations.data() + begin, end - begin), context);
      if (result.ok()) {
        applied += end - begin;
      } else {
        ++refused;
      }
    }
  }
  const std::int64_t rss_after = resident_bytes();
  const std::int64_t heap_after = heap_bytes();
  const double ops = static_cast<double>(applied);
  state.counters["ops_per_s"] = benchmark::Counter(ops, benchmark::Counter::kIsRate);
  state.counters["refused_batches"] = static_cast<double>(refused);
  state.counters["rss_bytes_per_op"] = ops > 0 ? static_cast<double>(rss_after - rss_before) / ops : 0;
  state.counters["heap_bytes_per_op"] = ops > 0 ? static_cast<double>(heap_after - heap_before) / ops : 0;
  g_samples["lifecycle/vocfab/heap_bytes_per_op"].push_back(ops > 0 ? static_cast<double>(heap_after - heap_before) / ops : 0);
  g_samples["lifecycle/vocfab/rss_bytes_per_op"].push_back(ops > 0 ? static_cast<double>(rss_after - rss_before) / ops : 0);
  g_samples["lifecycle/vocfab/refused_batches"].push_back(static_cast<double>(refused));
  data.reset();  // outside the timed loop
}

void lifecycle_sqlite(benchmark::State& state, const ScaleData& scale) {
  g_refer.database.reset();
  const std::vector<Operation>& operations = scale.workload.operations;
  bench::SqlitePeer db;
  db.copy_from(*scale.sqlite);
  const std::int64_t database_before = db.database_bytes();
  std::size_t refused = 0;
  std::size_t applied = 0;
  for (auto _ : state) {
    db.begin();
    for (const Operation& op : operations) {
      if (db.apply(op)) {
        ++applied;
      } else {
        ++refused;
      }
    }
    db.commit();
  }
  const std::int64_t database_after = db.database_bytes();
  const double ops = static_cast<double>(applied);
  state.counters["ops_per_s"] = benchmark::Counter(ops, benchmark::Counter::kIsRate);
  state.counters["refused_ops"] = static_cast<double>(refused);
  // The database's growth (its pages): the memdb file grows by doubling, so the heap says little.
  const double growth = ops > 0 ? static_cast<double>(database_after - database_before) / ops : 0;
  state.counters["database_bytes_per_op"] = growth;
  g_samples["lifecycle/sqlite/database_bytes_per_op"].push_back(growth);
  g_samples["lifecycle/sqlite/refused_ops"].push_back(static_cast<double>(refused));
}

void refused_vocfab(benchmark::State& state, ScaleData& scale, std::size_t size, const BatchContext& context) {
  const std::vector<Operation>& batch = scale.refused.at(size);
  Dataset& data = scale.pristine;  // a refused batch leaves it exactly as it was
  const json before = collection_counts(data);
  for (auto _ : state) {
    const BatchResult result = apply(data, batch, context);
    if (result.ok() || result.failed->index != batch.size() - 1) {
      state.SkipWithError("the batch was not refused at its last operation");
      break;
    }
  }
  if (collection_counts(data) != before) state.SkipWithError("the refused batch changed the dataset");
  state.counters["batch_ops"] = static_cast<double>(batch.size());
  state.counters["dataset_records"] = static_cast<double>(data.record_count());
}

void refused_sqlite(benchmark::State& state, ScaleData& scale, std::size_t size) {
  const std::vector<Operation>& batch = scale.refused.at(size);
  bench::SqlitePeer& db = *scale.sqlite;
  for (auto _ : state) {
    db.begin();
    std::size_t done = 0;
    for (const Operation& op : batch) {
      if (!db.apply(op)) break;
      ++done;
    }
    db.rollback();
    if (done != batch.size() - 1) {
      state.SkipWithError("the peer did not refuse the batch at its last operation");
      break;
    }
  }
  state.counters["batch_ops"] = static_cast<double>(batch.size());
}

// --- the summary ----------------------------------------------------------------------------------

// Keeps every run's real time (per iteration) by benchmark name, for the summary file.
class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred || run.iterations == 0) continue;
      const double seconds = run.real_accumulated_time / static_cast<double>(run.iterations);
      times[run.run_name.function_name].push_back(seconds);
      cpu_times[run.run_name.function_name].push_back(run.cpu_accumulated_time / static_cast<double>(run.iterations));
      for (const auto& [name, counter] : run.counters) {
        counters[run.run_name.function_name][name].push_back(counter.value);
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, std::vector<double>> times;
  std::map<std::string, std::vector<double>> cpu_times;
  std::map<std::string, std::map<std::string, std::vector<double>>> counters;
};

json mix_of(const std::vector<Operation>& operations) {
  std::map<std::string, std::size_t> counts;
  for (const Operation& op : operations) ++counts[std::string(operation_name(op))];
  json out = json::object();
  for (const auto& [op, count] : counts) out[op] = count;
  return out;
}

json scale_info(const ScaleData& s) {
  json mix = json::object();
  for (const auto& [op, count] : s.workload.mix) mix[op] = count;
  json refused = json::object();
  for (const auto& [size, batch] : s.refused) refused[std::to_string(size)] = mix_of(batch);
  return json{{"name", s.name},
              {"records", collection_counts(s.pristine)},
              {"generate_seconds", s.generate_seconds},
              {"sqlite_load_seconds", s.sqlite_load_seconds},
              {"sqlite_bytes", s.sqlite_bytes},
              {"refused_batches", refused},
              {"workload",
               {{"operations", s.workload.operations.size()},
                {"mix", mix},
                {"simulate_seconds", s.workload_seconds},
                {"first_day", to_iso_string(generate::reference_date())},
                {"last_day", to_iso_string(s.workload.last_day)},
                {"accepting_vacancies_at_start", s.workload.accepting_vacancies_at_start},
                {"free_positions_at_start", s.workload.free_positions_at_start},
                {"eligible_people", s.workload.eligible_people},
                {"withdrawn_by_hires", s.workload.withdrawn_by_hires},
                {"vacancies_filled", s.workload.vacancies_filled},
                {"left_early", s.workload.left_early}}}};
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const Settings settings;
  const BatchContext context = fixed_context(generate::reference_date());

  std::map<std::string, ScaleData> scales;
  FirstPass pass;
  std::map<std::string, KindCost> costs;
  try {
    scales.emplace(settings.scale, prepare(settings.scale, settings.seed, settings.operations, settings.days));
    if (settings.small_scale != "none" && settings.small_scale != settings.scale) {
      const std::size_t small_ops = 4 * *std::max_element(settings.refused_sizes.begin(), settings.refused_sizes.end());
      // As many referrals a day as on the main scale, so that the refused batches (each workload's
      // first operations) are alike: new vacancies, referrals and a few decisions of the first day.
      const std::size_t small_days = std::max<std::size_t>(1, settings.days * small_ops / settings.operations);
      scales.emplace(settings.small_scale, prepare(settings.small_scale, settings.seed, small_ops, small_days));
    }
    ScaleData& main_scale = scales.at(settings.scale);
    std::fprintf(stderr, "[ops_bench] first pass of the workload (%zu operations, batches of %zu) ...\n",
                 main_scale.workload.operations.size(), settings.batch);
    pass = first_pass(main_scale.pristine, main_scale.workload.operations, settings.batch, context, settings.validate);
    std::fprintf(stderr, "[ops_bench]   %zu applied, %zu refused, %.1f s; validate: %zu issues %s\n", pass.applied,
                 pass.refused, pass.seconds, pass.validate_issues, pass.first_issue.c_str());
    for (const auto& example : pass.refused_examples) std::fprintf(stderr, "[ops_bench]   refused: %s\n", example.c_str());
    for (auto& [name, scale] : scales) {
      for (const std::size_t size : settings.refused_sizes) scale.refused[size] = refused_batch(scale.workload.operations, size);
    }
    g_refer.scale = &main_scale;
    const std::size_t refers = settings.refer_iterations * static_cast<std::size_t>(std::max(settings.repetitions, 1));
    std::fprintf(stderr, "[ops_bench] choosing %zu single referrals ...\n", refers);
    g_refer.operations = bench::make_refers(main_scale.pristine, generate::reference_date(), refers, settings.seed + 1);
    if (settings.breakdown > 0) {
      std::fprintf(stderr, "[ops_bench] cost by kind over the first %zu operations ...\n", settings.breakdown);
      costs = breakdown(main_scale, settings.breakdown, context);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "vocfab_ops_bench: %s\n", error.what());
    return 2;
  }

  ScaleData& main_scale = scales.at(settings.scale);
  const std::string& s = settings.scale;
  const auto iterations = static_cast<benchmark::IterationCount>(settings.refer_iterations);
  benchmark::RegisterBenchmark(("refer/vocfab/" + s).c_str(), [&](benchmark::State& st) { refer_vocfab(st, context); })
      ->Iterations(iterations)
      ->Repetitions(settings.repetitions)
      ->UseManualTime()
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark(("refer/sqlite/" + s).c_str(), [&](benchmark::State& st) { refer_sqlite(st); })
      ->Iterations(iterations)
      ->Repetitions(settings.repetitions)
      ->UseManualTime()
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark(("lifecycle/vocfab/" + s).c_str(),
                               [&](benchmark::State& st) { lifecycle_vocfab(st, main_scale, settings.batch, context); })
      ->Iterations(1)
      ->Repetitions(settings.workload_repetitions)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("lifecycle/sqlite/" + s).c_str(),
                               [&](benchmark::State& st) { lifecycle_sqlite(st, main_scale); })
      ->Iterations(1)
      ->Repetitions(settings.workload_repetitions)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  for (auto& [name, scale] : scales) {
    for (const std::size_t size : settings.refused_sizes) {
      ScaleData* data = &scale;
      const std::string suffix = name + "/" + std::to_string(size);
      benchmark::RegisterBenchmark(("refused/vocfab/" + suffix).c_str(),
                                   [data, size, &context](benchmark::State& st) { refused_vocfab(st, *data, size, context); })
          ->Repetitions(settings.repetitions)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("refused/sqlite/" + suffix).c_str(),
                                   [data, size](benchmark::State& st) { refused_sqlite(st, *data, size); })
          ->Repetitions(settings.repetitions)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }

  Collector reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  // The summary: medians over repetitions, the first pass, the scales.
  json out;
  out["settings"] = {{"scale", settings.scale},        {"small_scale", settings.small_scale},
                     {"seed", settings.seed},          {"operations", settings.operations},
                     {"batch", settings.batch},        {"days", settings.days},
                     {"refer_iterations", settings.refer_iterations},
                     {"repetitions", settings.repetitions},
                     {"workload_repetitions", settings.workload_repetitions},
                     {"sqlite_storage", bench::SqlitePeer::storage()},
                     {"sqlite_version", bench::SqlitePeer::version()}};
  out["scales"] = json::array();
  for (const auto& [name, scale] : scales) out["scales"].push_back(scale_info(scale));
  out["first_pass"] = {{"applied", pass.applied},
                       {"refused", pass.refused},
                       {"refused_examples", pass.refused_examples},
                       {"seconds", pass.seconds},
                       {"ops_per_s", pass.seconds > 0 ? static_cast<double>(pass.applied) / pass.seconds : 0},
                       {"rss_before", pass.rss_before},
                       {"rss_after", pass.rss_after},
                       {"heap_before", pass.heap_before},
                       {"heap_after", pass.heap_after},
                       {"rss_bytes_per_op", pass.applied ? static_cast<double>(pass.rss_after - pass.rss_before) /
                                                               static_cast<double>(pass.applied)
                                                         : 0},
                       {"heap_bytes_per_op", pass.applied ? static_cast<double>(pass.heap_after - pass.heap_before) /
                                                                static_cast<double>(pass.applied)
                                                          : 0},
                       {"counts_before", pass.counts_before},
                       {"counts_after", pass.counts_after},
                       {"validated", pass.validated},
                       {"validate_issues", pass.validate_issues},
                       {"validate_first_issue", pass.first_issue},
                       {"validate_seconds", pass.validate_seconds},
                       {"batch_seconds", summary(pass.batch_seconds)},
                       {"first_batch_seconds", pass.batch_seconds.empty() ? 0.0 : pass.batch_seconds.front()},
                       {"audit_bytes_per_op", pass.applied ? static_cast<double>(pass.audit_bytes) /
                                                                 static_cast<double>(pass.applied)
                                                           : 0}};
  out["refer"] = {{"vocfab_us", summary(g_samples["refer/vocfab"])},
                  {"sqlite_us", summary(g_samples["refer/sqlite"])},
                  {"refused_vocfab", g_refer.refused_vocfab},
                  {"refused_sqlite", g_refer.refused_sqlite}};
  json runs = json::object();
  for (const auto& [name, times] : reporter.times) {
    json one = {{"seconds", summary(times)}, {"cpu_seconds", summary(reporter.cpu_times[name])}};
    for (const auto& [counter, values] : reporter.counters[name]) one["counters"][counter] = summary(values);
    runs[name] = one;
  }
  out["runs"] = runs;
  json extra = json::object();
  for (const auto& [name, values] : g_samples) {
    if (name.rfind("refer/", 0) != 0) extra[name] = summary(values);
  }
  out["extra"] = extra;
  json by_kind = json::object();
  for (const auto& [op, cost] : costs) {
    by_kind[op] = {{"count", cost.count},
                   {"vocfab_us", cost.count ? cost.vocfab_us / static_cast<double>(cost.count) : 0},
                   {"sqlite_us", cost.count ? cost.sqlite_us / static_cast<double>(cost.count) : 0}};
    std::printf("%-16s %8zu  vocfab %8.2f us  SQLite %8.2f us\n", op.c_str(), cost.count,
                cost.count ? cost.vocfab_us / static_cast<double>(cost.count) : 0,
                cost.count ? cost.sqlite_us / static_cast<double>(cost.count) : 0);
  }
  out["by_kind"] = by_kind;
  if (!settings.info.empty()) std::ofstream(settings.info) << out.dump(2) << "\n";

  // A short table on stdout.
  const json& rv = out["refer"]["vocfab_us"];
  const json& rs = out["refer"]["sqlite_us"];
  std::printf("\nrefer (one operation a batch), per operation: vocfab median %.2f us (p99 %.2f), SQLite median %.2f us "
              "(p99 %.2f): SQLite / vocfab = %.1fx\n",
              rv["median"].get<double>(), rv["p99"].get<double>(), rs["median"].get<double>(), rs["p99"].get<double>(),
              rv["median"].get<double>() > 0 ? rs["median"].get<double>() / rv["median"].get<double>() : 0.0);
  const auto rate = [&](const std::string& name) {
    const auto it = reporter.times.find(name);
    if (it == reporter.times.end()) return 0.0;
    const double t = percentile(it->second, 0.5);
    return t > 0 ? static_cast<double>(main_scale.workload.operations.size()) / t : 0.0;
  };
  const double v = rate("lifecycle/vocfab/" + s);
  const double q = rate("lifecycle/sqlite/" + s);
  std::printf("lifecycle workload (%zu operations): vocfab %.0f ops/s, SQLite %.0f ops/s: vocfab / SQLite = %.1fx\n",
              main_scale.workload.operations.size(), v, q, q > 0 ? v / q : 0.0);
  std::printf("first pass: %zu applied, %zu refused; memory growth %.0f B/op resident, %.0f B/op heap\n", pass.applied,
              pass.refused, out["first_pass"]["rss_bytes_per_op"].get<double>(),
              out["first_pass"]["heap_bytes_per_op"].get<double>());
  return 0;
}
