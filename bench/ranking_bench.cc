// Candidate ranking (SPEC 5.1) and batch referral matching (SPEC 5.3) on a generated dataset
// (national by default: 1,000,000 people, 100,000 vacancies; VOCFAB_RANKING_SCALE=municipal or
// metropolitan for a quick run): top-50 rankings of 1,000 random open vacancies with their
// latencies' p50 and p99, the seeker index built from the records, and both match modes. The
// SQLite peer (bench/ranking_sqlite_peer.h) runs here, on the first VOCFAB_RANKING_SQLITE_QUERIES
// of the same queries, each checked against vocfab's list; the SciPy peer of max_score
// (bench/ranking_match_peer.py) runs from bench/run_ranking_benchmark.sh on the shortlist graph
// this benchmark writes to VOCFAB_RANKING_SHORTLISTS_OUT.
#include "generate/generator.h"
#include "ranking_sqlite_peer.h"
#include "vocfab/io/json.h"
#include "vocfab/matching/ranking.h"
#include "vocfab/matching/referral_matching.h"
#include "vocfab/model/seeker_index.h"
#include "vocfab/validation/rules.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace vocfab;

generate::Scale scale() {
  const char* text = std::getenv("VOCFAB_RANKING_SCALE");
  return generate::parse_scale(text ? text : "national").value_or(generate::Scale::national);
}

struct Fixture {
  Dataset dataset;
  Date day;
  std::vector<VacancyId> queries;  // 1,000 open vacancies, drawn with a fixed seed
};

// The market of SPEC 5.3 as match_referrals builds it (src/matching/referral_matching.cc,
// build_market), through the public API: each open vacancy with positions left (in id order) and
// its top-20 shortlist from rank. Written as text: "V S A", then V lines of open positions, then A
// lines "vacancy_index seeker_index score" (seekers numbered in order of first appearance).
void write_shortlists(const Dataset& dataset, const Date& day, const char* path) {
  std::vector<std::pair<VacancyId, Row<Vacancy>>> open;
  const auto vacancies = dataset.records<Vacancy>();
  for (std::uint32_t i = 0; i < vacancies.size(); ++i) {
    if (!check_vacancy_takes_referrals(vacancies[i], day)) open.emplace_back(vacancies[i].id, Row<Vacancy>{i});
  }
  std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::map<TraineeId, std::size_t> seekers;
  std::vector<std::size_t> positions;
  std::vector<std::array<std::int64_t, 3>> arcs;
  for (const auto& [id, row] : open) {
    std::size_t hires = 0;
    for (const auto referral : dataset.children<&Referral::vacancy>(row)) hires += is_hire(dataset.at(referral).status);
    if (hires >= dataset.at(row).positions) continue;
    const auto ranked = matching::rank(dataset, {id, 20, day});
    if (!ranked.ranking) continue;
    const auto v = static_cast<std::int64_t>(positions.size());
    positions.push_back(dataset.at(row).positions - hires);
    for (const auto& candidate : ranked.ranking->candidates) {
      const auto seeker = seekers.emplace(candidate.trainee, seekers.size()).first->second;
      arcs.push_back({v, static_cast<std::int64_t>(seeker), candidate.score});
    }
  }
  std::ofstream file(path);
  file << positions.size() << ' ' << seekers.size() << ' ' << arcs.size() << '\n';
  for (const std::size_t p : positions) file << p << '\n';
  for (const auto& [v, seeker, score] : arcs) file << v << ' ' << seeker << ' ' << score << '\n';
}

Fixture& fixture() {
  static Fixture* made = [] {
    auto* f = new Fixture{generate::generate_dataset(generate::config_for(scale()), 20261201), generate::reference_date(), {}};
    f->dataset.set_as_of(f->day);
    std::vector<VacancyId> open;
    for (const Vacancy& v : f->dataset.records<Vacancy>()) {
      if (!check_vacancy_takes_referrals(v, f->day)) open.push_back(v.id);
    }
    std::mt19937_64 random(1000);
    for (int i = 0; i < 1000 && !open.empty(); ++i) f->queries.push_back(open[random() % open.size()]);
    // The queries for the SQLite peer's run (bench/run_ranking_benchmark.sh).
    if (const char* out = std::getenv("VOCFAB_RANKING_QUERIES_OUT")) {
      std::ofstream file(out);
      for (const auto& id : f->queries) file << id.to_string() << '\n';
    }
    if (const char* out = std::getenv("VOCFAB_RANKING_DATASET_OUT")) {
      std::ofstream file(out, std::ios::binary);
      write_dataset(f->dataset, file);
    }
    if (const char* out = std::getenv("VOCFAB_RANKING_SHORTLISTS_OUT")) write_shortlists(f->dataset, f->day, out);
    return f;
  }();
  return *made;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

// Top 50 for each of the 1,000 vacancies, one query at a time; the latencies' percentiles as counters.
void BM_Rank(benchmark::State& state) {
  Fixture& f = fixture();
  const std::size_t top = static_cast<std::size_t>(state.range(0));
  std::vector<double> latencies;
  std::size_t listed = 0;
  for (auto _ : state) {
    latencies.clear();
    for (const VacancyId& id : f.queries) {
      const auto start = std::chrono::steady_clock::now();
      const auto result = matching::rank(f.dataset, {id, top, f.day});
      const auto stop = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(result);
      listed += result.ranking ? result.ranking->candidates.size() : 0;
      latencies.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    }
  }
  state.counters["p50_us"] = percentile(latencies, 0.50);
  state.counters["p99_us"] = percentile(latencies, 0.99);
  state.counters["max_us"] = percentile(latencies, 1.0);
  state.counters["queries"] = static_cast<double>(f.queries.size());
  state.counters["listed_per_query"] = static_cast<double>(listed) / static_cast<double>(state.iterations() * f.queries.size());
  state.counters["seekers"] = static_cast<double>(f.dataset.records<Trainee>().size());
  state.counters["index_bytes_per_seeker"] =
      static_cast<double>(f.dataset.seekers().bytes()) / static_cast<double>(f.dataset.records<Trainee>().size());
}
BENCHMARK(BM_Rank)->Name("rank/vocfab")->Arg(50)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

std::size_t sqlite_queries(const Fixture& f) {
  const char* wanted = std::getenv("VOCFAB_RANKING_SQLITE_QUERIES");
  return std::min<std::size_t>(wanted ? std::strtoull(wanted, nullptr, 10) : 20, f.queries.size());
}

// A SQLite peer loaded with @p dataset, and how long loading took.
struct LoadedPeer {
  std::unique_ptr<bench::RankingSqlitePeer> peer;
  double seconds = 0;
};
LoadedPeer load_peer(const Dataset& dataset) {
  const auto start = std::chrono::steady_clock::now();
  LoadedPeer loaded{std::make_unique<bench::RankingSqlitePeer>(), 0};
  loaded.peer->load(dataset);
  loaded.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::getenv("VOCFAB_RANKING_SQLITE_PLAN")) std::cerr << loaded.peer->plan();
  return loaded;
}

// What the lists checked against the peer's exercised: listed candidates with each term
// non-zero, vacancies requiring a certificate, entries compared.
struct Checked {
  std::map<std::string, std::size_t> nonzero;
  std::size_t requiring = 0, entries = 0, lists = 0;
  void report(benchmark::State& state) const {
    state.counters["checked_lists"] = static_cast<double>(lists);
    state.counters["checked_entries"] = static_cast<double>(entries);
    state.counters["checked_requiring_certificate"] = static_cast<double>(requiring);
    for (const auto& [term, n] : nonzero) state.counters["checked_" + term] = static_cast<double>(n);
  }
};

// vocfab's list for @p vacancy beside the peer's: the same ids with the same scores, in the same
// order; the first difference when not.
std::optional<std::string> compare(const Dataset& dataset, const VacancyId& vacancy, const Date& day, std::size_t top,
                                   const std::vector<bench::RankingSqlitePeer::Entry>& theirs, Checked& checked) {
  const auto ours = matching::rank(dataset, {vacancy, top, day});
  const auto& candidates = ours.ranking->candidates;
  ++checked.lists;
  checked.entries += candidates.size();
  checked.requiring += dataset.at(*dataset.row_of(vacancy)).requires_certificate;
  for (const auto& candidate : candidates) {
    for (const auto& term : candidate.terms) checked.nonzero[term.term] += term.points != 0;
  }
  for (std::size_t k = 0; k < std::max(candidates.size(), theirs.size()); ++k) {
    const bool same = k < candidates.size() && k < theirs.size() &&
                      std::memcmp(candidates[k].trainee.value().data, theirs[k].trainee.data(), 16) == 0 &&
                      candidates[k].score == theirs[k].score;
    if (same) continue;
    std::string message = "vacancy " + vacancy.to_string() + ", place " + std::to_string(k) + ": vocfab ";
    message += k < candidates.size() ? candidates[k].trainee.to_string() + " " + std::to_string(candidates[k].score) : "nothing";
    message += ", SQLite ";
    if (k < theirs.size()) {
      boost::uuids::uuid id;
      std::memcpy(id.data, theirs[k].trainee.data(), 16);
      message += TraineeId(id).to_string() + " " + std::to_string(theirs[k].score);
    } else {
      message += "nothing";
    }
    std::cerr << message << '\n';
    return message;
  }
  return std::nullopt;
}

// The SQLite peer: the first VOCFAB_RANKING_SQLITE_QUERIES (default 20) of the same queries, one
// statement each; then every list compared with vocfab's (ids and scores, in order).
void BM_RankSqlite(benchmark::State& state) {
  Fixture& f = fixture();
  const std::size_t top = static_cast<std::size_t>(state.range(0));
  const std::size_t count = sqlite_queries(f);
  static LoadedPeer loaded = load_peer(f.dataset);
  std::vector<double> latencies;
  std::vector<std::vector<bench::RankingSqlitePeer::Entry>> lists(count);
  for (auto _ : state) {
    latencies.clear();
    for (std::size_t i = 0; i < count; ++i) {
      const auto start = std::chrono::steady_clock::now();
      lists[i] = loaded.peer->rank(f.queries[i], f.day, top);
      const auto stop = std::chrono::steady_clock::now();
      latencies.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    }
  }
  state.counters["p50_us"] = percentile(latencies, 0.50);
  state.counters["p99_us"] = percentile(latencies, 0.99);
  state.counters["max_us"] = percentile(latencies, 1.0);
  state.counters["queries"] = static_cast<double>(count);
  state.counters["load_s"] = loaded.seconds;
  state.counters["database_bytes"] = static_cast<double>(loaded.peer->database_bytes());
  state.SetLabel("SQLite " + bench::RankingSqlitePeer::version());
  Checked checked;
  for (std::size_t i = 0; i < count; ++i) {
    if (auto difference = compare(f.dataset, f.queries[i], f.day, top, lists[i], checked)) {
      state.SkipWithError(("query " + std::to_string(i) + ", " + *difference).c_str());
      return;
    }
  }
  checked.report(state);
}
BENCHMARK(BM_RankSqlite)->Name("rank/sqlite")->Arg(50)->Unit(benchmark::kMillisecond)->Iterations(1);

// A stronger check, untimed (by default at municipal scale only; VOCFAB_RANKING_SQLITE_CHECK=1 or
// 0 to choose): whole lists (top = kMaxTop, so every eligible person with their penalties) for
// the first VOCFAB_RANKING_SQLITE_QUERIES queries, on the dataset and on a copy in which every
// other of those vacancies with a branch requires a certificate (the generator makes none that
// do, so the certificate filter would otherwise go unchecked).
void BM_RankSqliteCheck(benchmark::State& state) {
  Fixture& f = fixture();
  const std::size_t count = sqlite_queries(f);
  Dataset variant = f.dataset;
  for (std::size_t i = 1; i < count; i += 2) {
    const auto row = *variant.row_of(f.queries[i]);
    Vacancy vacancy = variant.at(row);
    if (!vacancy.branch) continue;
    vacancy.requires_certificate = true;
    variant.replace(row, std::move(vacancy));
  }
  Checked checked;
  for (auto _ : state) {
    for (const Dataset* dataset : {static_cast<const Dataset*>(&f.dataset), static_cast<const Dataset*>(&variant)}) {
      const LoadedPeer loaded = load_peer(*dataset);
      for (std::size_t i = 0; i < count; ++i) {
        const auto theirs = loaded.peer->rank(f.queries[i], f.day, matching::kMaxTop);
        if (auto difference = compare(*dataset, f.queries[i], f.day, matching::kMaxTop, theirs, checked)) {
          const std::string message = std::string(dataset == &f.dataset ? "" : "certificate variant, ") + "query " +
                                      std::to_string(i) + ", " + *difference;
          state.SkipWithError(message.c_str());
          return;
        }
      }
    }
  }
  checked.report(state);
}
const bool check_registered = [] {
  const char* wanted = std::getenv("VOCFAB_RANKING_SQLITE_CHECK");
  if (wanted ? std::string_view(wanted) != "0" : scale() == generate::Scale::municipal) {
    benchmark::RegisterBenchmark("rank/sqlite/check_whole_lists", BM_RankSqliteCheck)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  return true;
}();

// The seeker index built from the loaded records, as the dataset builds it at load.
void BM_BuildIndex(benchmark::State& state) {
  Fixture& f = fixture();
  const Dataset& d = f.dataset;
  for (auto _ : state) {
    SeekerIndex index;
    index.trainees_appended(d.records<Trainee>(), 0);
    std::map<BranchCode, std::vector<std::uint32_t>> by_branch;
    for (std::uint32_t i = 0; i < d.records<Enrollment>().size(); ++i) {
      const Row<Enrollment> row{i};
      const auto course = d.parent<&Enrollment::course>(row);
      const auto person = d.parent<&Enrollment::trainee>(row);
      if (course && person) by_branch[d.at(*course).branch].push_back(person->index);
    }
    for (auto& [branch, rows] : by_branch) index.enrolled(branch, std::move(rows));
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_BuildIndex)->Name("seeker_index/build")->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

void BM_Match(benchmark::State& state) {
  Fixture& f = fixture();
  const auto mode = state.range(0) == 0 ? matching::ReferralMatchMode::stable : matching::ReferralMatchMode::max_score;
  std::size_t pairs = 0, vacancies = 0;
  std::int64_t total = 0;
  for (auto _ : state) {
    const auto result = matching::match_referrals(f.dataset, {mode, 20, f.day});
    pairs = result.match->pairs.size();
    vacancies = result.match->vacancies;
    total = result.match->total_score;
    benchmark::DoNotOptimize(result);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["vacancies"] = static_cast<double>(vacancies);
  state.counters["total_score"] = static_cast<double>(total);
}
BENCHMARK(BM_Match)->Name("match/vocfab/stable")->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Match)->Name("match/vocfab/max_score")->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
