// Course allocation (vocfab/matching/allocation.h, SPEC 5.2) at metropolitan scale: the
// generator's 150,000 people, centres, branches and past courses with their enrollments (so that
// seats held, schedules and completed branches count), plus 6,000 planned courses starting after
// the reference day and one application per person ranking 5 of them. Course popularity is
// skewed (weight 1/(k+1)^1.1) so that the tail of courses ends below its minimum group and the
// minimum-group re-runs happen. Everything is drawn from fixed seeds.
//
// Measured: `allocate` on the dataset, end to end (applications, rule checks, priorities,
// lottery, every solver round, waitlists, reasons, operations). Counters: rounds, courses
// cancelled, people placed, acceptable list entries.
//
// `vocfab_allocation_bench --dataset-out=FILE` writes the dataset instead (for `vocfab allocate
// FILE --json`, e.g. to check that a change keeps the result byte for byte) and runs nothing.
#include "generate/generator.h"
#include "vocfab/io/json.h"
#include "vocfab/matching/allocation.h"

#include <benchmark/benchmark.h>

#include <boost/uuid/uuid.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <random>
#include <string_view>
#include <vector>

namespace {

using namespace vocfab;

boost::uuids::uuid uuid_from(std::mt19937_64& random) {
  boost::uuids::uuid u{};
  const std::uint64_t hi = random(), lo = random();
  for (int i = 0; i < 8; ++i) {
    u.data[i] = static_cast<std::uint8_t>(hi >> (8 * i));
    u.data[8 + i] = static_cast<std::uint8_t>(lo >> (8 * i));
  }
  u.data[6] = static_cast<std::uint8_t>((u.data[6] & 0x0F) | 0x40);
  u.data[8] = static_cast<std::uint8_t>((u.data[8] & 0x3F) | 0x80);
  return u;
}

Dataset metropolitan_market() {
  Dataset generated = generate::generate_dataset(generate::config_for(generate::Scale::metropolitan), 20261201);
  Dataset d;
  d.set_policy(generated.policy());
  const Date today = generate::reference_date();
  d.set_as_of(today);
  for (const auto& x : generated.records<Centre>()) d.add(x);
  for (const auto& x : generated.records<Branch>()) d.add(x);
  for (const auto& x : generated.records<Course>()) d.add(x);
  for (const auto& x : generated.records<Trainee>()) d.add(x);
  for (const auto& x : generated.records<Enrollment>()) d.add(x);
  std::mt19937_64 random(7);
  const auto centres = generated.records<Centre>();
  constexpr std::size_t kCourses = 6000, kChoices = 5;
  std::vector<CourseId> courses;
  for (std::size_t i = 0; i < kCourses; ++i) {
    const Centre& centre = centres[random() % centres.size()];
    Course c{CourseId(uuid_from(random)), centre.branches[random() % centre.branches.size()], centre.id,
             today, today, 120, 20, std::nullopt, DeliveryMode::in_person, CertificateKind::participation,
             CourseStatus::planned, std::nullopt};
    c.start = add_days(today, 30 + static_cast<std::int64_t>(random() % 90));
    c.end = add_days(c.start, 60);
    c.total_hours = 120;
    c.capacity = 20;
    c.status = random() % 2 ? CourseStatus::planned : CourseStatus::open;
    d.add(c);
    courses.push_back(c.id);
  }
  // Popularity: course k drawn with weight 1/(k+1)^1.1, by inverse transform on the cumulative sum.
  std::vector<double> cumulative(kCourses);
  double total = 0;
  for (std::size_t k = 0; k < kCourses; ++k) cumulative[k] = total += 1.0 / std::pow(double(k + 1), 1.1);
  for (const auto& t : generated.records<Trainee>()) {
    Application a{ApplicationId(uuid_from(random)), t.id, {}, add_days(today, -static_cast<std::int64_t>(random() % 60))};
    while (a.courses.size() < kChoices) {
      const double u = double(random() >> 11) * 0x1.0p-53 * total;
      const std::size_t k = std::size_t(std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
      const CourseId& id = courses[std::min(k, kCourses - 1)];
      if (std::find(a.courses.begin(), a.courses.end(), id) == a.courses.end()) a.courses.push_back(id);
    }
    d.add(std::move(a));
  }
  return d;
}

void BM_AllocateMetropolitan(benchmark::State& state) {
  static const Dataset dataset = metropolitan_market();
  matching::AllocationResult result;
  for (auto _ : state) {
    result = matching::allocate(dataset);
    benchmark::DoNotOptimize(result.assignments.data());
  }
  state.counters["applicants"] = double(result.assignments.size() + result.unassigned.size());
  state.counters["placed"] = double(result.assignments.size());
  state.counters["rounds"] = result.rounds;
  state.counters["cancelled"] = double(result.cancelled.size());
  state.counters["skipped"] = double(result.skipped.size());
}
BENCHMARK(BM_AllocateMetropolitan)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view kDatasetOut = "--dataset-out=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument.starts_with(kDatasetOut)) {
      try {
        vocfab::write_dataset_file(metropolitan_market(), std::string(argument.substr(kDatasetOut.size())));
      } catch (const std::exception& error) {
        std::fprintf(stderr, "vocfab_allocation_bench: %s\n", error.what());
        return 1;
      }
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
