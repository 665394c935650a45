// Many threads on one registry: readers ranking and reporting while writers apply batches (and
// one of them checkpoints). No batch is lost or doubled, no reader sees half a batch, and a
// reopen holds exactly what was acknowledged. Run under ThreadSanitizer by the test command.
#include "registry_fixture.h"
#include "vocfab/matching/ranking.h"
#include "vocfab/report/report.h"

#include <atomic>
#include <thread>

namespace vocfab::testing {
namespace {

constexpr int kWriters = 4;
constexpr int kReaders = 4;
constexpr int kBatchesPerWriter = 20;

TEST_F(RegistryTest, ReadersAndWritersOnEightThreads) {
  const auto registry = create();
  const std::size_t audit_before = registry->read()->audit().size();
  const VacancyId vacancy = *VacancyId::parse("2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48");
  std::atomic<int> writers_left{kWriters};
  std::atomic<std::size_t> acknowledged{0};
  std::atomic<std::size_t> reads{0};
  std::atomic<std::size_t> half_batches_seen{0};
  std::atomic<std::size_t> failures{0};

  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kBatchesPerWriter; ++i) {
        const auto k = static_cast<std::uint64_t>(w * 1000 + i);
        try {
          if (registry->apply(pair_batch(k), desk_context(i)).ok()) {
            ++acknowledged;
          } else {
            ++failures;
          }
          if (w == 0 && i % 7 == 6) registry->checkpoint();
        } catch (const std::exception&) {
          ++failures;
        }
      }
      --writers_left;
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      do {
        const Registry::ReadView view = registry->read();
        const Dataset& dataset = view.dataset();
        const std::size_t added = added_employers(dataset);
        // Each batch adds two employers and two audit entries, seen together or not at all.
        if (added % 2 != 0 || dataset.audit().size() - audit_before != added) ++half_batches_seen;
        if (r % 2 == 0) {
          if (!matching::rank(dataset, matching::RankRequest{vacancy, 20, Date(2026, 11, 20)}).issues.empty()) ++failures;
        } else {
          report::ReportRequest request;
          request.as_of = Date(2026, 11, 20);
          request.max_threads = 1;
          if (!report::compute_report(dataset, request).report) ++failures;
        }
        ++reads;
      } while (writers_left.load() > 0);
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0u);
  EXPECT_EQ(half_batches_seen.load(), 0u);
  EXPECT_GE(reads.load(), static_cast<std::size_t>(kReaders));
  const std::size_t batches = kWriters * kBatchesPerWriter;
  EXPECT_EQ(acknowledged.load(), batches);
  const RegistryStatus status = registry->status();
  EXPECT_EQ(status.batches_committed, batches) << "no batch lost, none doubled";
  EXPECT_LE(status.commits, batches);
  EXPECT_EQ(added_employers(registry->read().dataset()), 2 * batches);
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kBatchesPerWriter; ++i) {
      const auto k = static_cast<std::uint64_t>(w * 1000 + i);
      EXPECT_NE(registry->read()->find(added_employer_id(2 * k)), nullptr);
    }
  }
  EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
}

}  // namespace
}  // namespace vocfab::testing
