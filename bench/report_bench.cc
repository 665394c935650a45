// Reports (SPEC section 6) on a generated dataset (national by default: 1,000,000 people;
// VOCFAB_REPORT_SCALE=municipal or metropolitan for a quick run): a full report with every
// breakdown, beside its SQLite peer (bench/report_sqlite_peer.h) giving the same figures as
// GROUP BY queries on indexed tables in the same process. Before timing, the peer's figures are
// compared with vocfab's, every metric of every group: the benchmark stops if they differ.
// Also: the report without breakdowns, each format written, and course planning.
#include "generate/generator.h"
#include "report_sqlite_peer.h"
#include "vocfab/io/report_json.h"
#include "vocfab/report/planning.h"
#include "vocfab/report/report.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace {

using namespace vocfab;

generate::Scale scale() {
  const char* text = std::getenv("VOCFAB_REPORT_SCALE");
  return generate::parse_scale(text ? text : "national").value_or(generate::Scale::national);
}

struct Fixture {
  Dataset dataset;
  Date day;
  std::unique_ptr<bench::ReportSqlitePeer> peer;
};

report::ReportRequest every_breakdown(const Date& day) {
  report::ReportRequest request;
  request.as_of = day;
  request.by.assign(report::all_dimensions().begin(), report::all_dimensions().end());
  return request;
}

// The peer's figures against vocfab's, group by group.
void check_peer(const report::Report& report, const bench::ReportSqlitePeer::Figures& peer) {
  std::size_t compared = 0;
  const auto compare = [&](const std::string& dimension, const std::string& group, const report::Counts& counts) {
    const auto found = peer.find({dimension, group});
    report::Counts expected{};
    if (found != peer.end()) expected = found->second;
    for (const auto& metric : report::metrics()) {
      const std::size_t m = static_cast<std::size_t>(metric.metric);
      if (counts[m] != expected[m]) {
        std::cerr << "report_bench: the SQLite peer disagrees at " << dimension << "/" << group << " " << metric.name
                  << ": vocfab " << counts[m] << ", SQLite " << expected[m] << "\n";
        std::exit(1);
      }
      ++compared;
    }
  };
  compare("all", "all", report.totals);
  std::size_t groups = 1;
  for (const auto& breakdown : report.breakdowns) {
    for (const auto& group : breakdown.groups) compare(std::string(report::to_string(breakdown.dimension)), group.key, group.counts);
    groups += breakdown.groups.size();
  }
  if (groups != peer.size()) {
    std::cerr << "report_bench: vocfab has " << groups << " groups, the SQLite peer " << peer.size() << "\n";
    std::exit(1);
  }
  std::cerr << "report_bench: the SQLite peer agrees on " << compared << " figures in " << groups << " groups\n";
}

Fixture& fixture() {
  static Fixture f = [] {
    Fixture made;
    const auto started = std::chrono::steady_clock::now();
    made.dataset = generate::generate_dataset(generate::config_for(scale()), 1);
    made.day = generate::reference_date();
    const auto generated = std::chrono::steady_clock::now();
    std::cerr << "report_bench: " << generate::to_string(scale()) << " dataset of " << made.dataset.record_count()
              << " records generated in " << std::chrono::duration<double>(generated - started).count() << " s\n";
    // VOCFAB_REPORT_NO_PEER=1 leaves SQLite out (for profiling vocfab alone).
    if (const char* no_peer = std::getenv("VOCFAB_REPORT_NO_PEER"); no_peer != nullptr && *no_peer == '1') return made;
    made.peer = std::make_unique<bench::ReportSqlitePeer>();
    made.peer->load(made.dataset);
    const auto loaded = std::chrono::steady_clock::now();
    std::cerr << "report_bench: SQLite loaded and indexed in " << std::chrono::duration<double>(loaded - generated).count()
              << " s (" << made.peer->database_bytes() / (1 << 20) << " MiB)\n";
    const auto result = report::compute_report(made.dataset, every_breakdown(made.day));
    check_peer(*result.report, made.peer->report(made.day));
    return made;
  }();
  return f;
}

void BM_ReportEveryBreakdown(benchmark::State& state) {
  Fixture& f = fixture();
  const auto request = every_breakdown(f.day);
  for (auto _ : state) benchmark::DoNotOptimize(report::compute_report(f.dataset, request));
  state.SetLabel("vocfab, 6 breakdowns");
}
BENCHMARK(BM_ReportEveryBreakdown)->Name("report/vocfab/every_breakdown")->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_ReportSqlite(benchmark::State& state) {
  Fixture& f = fixture();
  if (!f.peer) {
    state.SkipWithError("VOCFAB_REPORT_NO_PEER=1");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.peer->report(f.day));
  state.SetLabel("SQLite GROUP BY, 6 breakdowns");
}
BENCHMARK(BM_ReportSqlite)->Name("report/sqlite/every_breakdown")->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

void BM_ReportTotals(benchmark::State& state) {
  Fixture& f = fixture();
  report::ReportRequest request;
  request.as_of = f.day;
  for (auto _ : state) benchmark::DoNotOptimize(report::compute_report(f.dataset, request));
}
BENCHMARK(BM_ReportTotals)->Name("report/vocfab/totals")->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_ReportFormats(benchmark::State& state) {
  Fixture& f = fixture();
  const auto report = *report::compute_report(f.dataset, every_breakdown(f.day)).report;
  const auto format = static_cast<ReportFormat>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = write_report(report, format);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ReportFormats)->Name("report/write")->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_Plan(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(report::plan_courses(f.dataset, {f.day}));
}
BENCHMARK(BM_Plan)->Name("plan/vocfab")->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
