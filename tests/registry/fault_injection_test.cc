// Faults: the Nth write, fsync or rename of a batch or a checkpoint fails (and writes come back
// short). After every failure the registry is as it was before, in memory and on disk; a reopen
// gives the same; and the next batch succeeds once the disk does.
#include "faulty_calls.h"
#include "registry_fixture.h"

#include <gmock/gmock.h>

namespace vocfab::testing {
namespace {

class RegistryFaults : public RegistryTest {
 protected:
  // A new registry (any earlier one removed) holding the sample and one committed batch, opened
  // through `calls_`.
  std::unique_ptr<Registry> open_faulty() {
    std::filesystem::remove(snapshot());
    std::filesystem::remove(journal());
    {
      const auto registry = create();
      EXPECT_TRUE(registry->apply(pair_batch(0), desk_context()).ok());
    }
    RegistryOptions options;
    options.calls = &calls_;
    return Registry::open(snapshot(), options);
  }

  FaultyCalls calls_;
};

constexpr CallKind kKinds[] = {CallKind::write, CallKind::fsync, CallKind::rename};
const char* name(CallKind kind) {
  switch (kind) {
    case CallKind::write: return "write";
    case CallKind::fsync: return "fsync";
    case CallKind::rename: return "rename";
    case CallKind::truncate: return "truncate";
  }
  return "?";
}

TEST_F(RegistryFaults, AFailingCallInABatchLeavesEverythingAsItWas) {
  std::size_t failures = 0;
  for (const CallKind kind : kKinds) {
    for (std::size_t n = 1;; ++n) {
      SCOPED_TRACE(std::string(name(kind)) + " #" + std::to_string(n));
      auto registry = open_faulty();
      const std::string memory_before = state_of(*registry);
      const std::string journal_before = journal_text();
      calls_.fail(kind, n, ENOSPC);
      bool failed = false;
      try {
        registry->apply(pair_batch(1), desk_context(1));
      } catch (const RegistryError& error) {
        failed = true;
        EXPECT_EQ(error.kind(), RegistryError::Kind::io);
        EXPECT_THAT(error.what(), ::testing::HasSubstr("No space left on device"));
        EXPECT_EQ(error.issue().code, IssueCode::io_error);
      }
      calls_.heal();
      if (!failed) {
        EXPECT_FALSE(calls_.triggered());
        break;  // the batch makes fewer such calls than n
      }
      ++failures;
      EXPECT_TRUE(same(state_of(*registry), memory_before));
      EXPECT_EQ(journal_text(), journal_before);
      EXPECT_TRUE(same(reopened_state(), memory_before));
      // The disk works again: the next batch commits, and a reopen holds it.
      ASSERT_TRUE(registry->apply(pair_batch(1), desk_context(2)).ok());
      EXPECT_EQ(added_employers(registry->read().dataset()), 4u);
      EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
    }
  }
  EXPECT_GE(failures, 2u) << "a batch makes at least one write and one fsync";
}

TEST_F(RegistryFaults, ATruncationThatFailsTooIsRepairedBeforeTheNextAppend) {
  auto registry = open_faulty();
  const std::string memory_before = state_of(*registry);
  const std::string journal_before = journal_text();
  // The fsync fails after the record was written; cutting it off fails as well, and so does the
  // next try, before the next batch: that batch is refused without being applied.
  calls_.fail(CallKind::fsync, 1);
  calls_.fail(CallKind::truncate, 1);
  EXPECT_THROW(registry->apply(pair_batch(1), desk_context(1)), RegistryError);
  EXPECT_TRUE(same(state_of(*registry), memory_before));
  EXPECT_NE(journal_text(), journal_before) << "the failed record is still in the file";
  calls_.fail(CallKind::truncate, 1);
  EXPECT_THROW(registry->apply(pair_batch(2), desk_context(2)), RegistryError);
  EXPECT_TRUE(same(state_of(*registry), memory_before));
  calls_.heal();
  ASSERT_TRUE(registry->apply(pair_batch(2), desk_context(3)).ok());
  EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
  EXPECT_EQ(reopen(true)->recovery().records_replayed, 2u);
  EXPECT_FALSE(reopen(true)->recovery().dropped_tail);
}

TEST_F(RegistryFaults, AFailingCallInACheckpointLeavesTheSameState) {
  std::size_t failures = 0;
  for (const CallKind kind : kKinds) {
    for (std::size_t n = 1;; ++n) {
      SCOPED_TRACE(std::string(name(kind)) + " #" + std::to_string(n));
      auto registry = open_faulty();
      const std::string memory_before = state_of(*registry);
      calls_.fail(kind, n);
      bool failed = false;
      try {
        registry->checkpoint();
      } catch (const RegistryError& error) {
        failed = true;
        EXPECT_EQ(error.kind(), RegistryError::Kind::io);
      }
      calls_.heal();
      if (!failed) break;
      ++failures;
      EXPECT_TRUE(same(state_of(*registry), memory_before));
      EXPECT_TRUE(same(reopened_state(), memory_before));
      // Batches after the failed checkpoint still commit, and the next checkpoint succeeds.
      ASSERT_TRUE(registry->apply(pair_batch(1), desk_context(1)).ok());
      EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
      registry->checkpoint();
      EXPECT_EQ(journal_text(), kJournalHeader);
      EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
    }
  }
  // Snapshot: write, fsync, rename, fsync of the directory; journal: the same again.
  EXPECT_GE(failures, 6u);
}

TEST_F(RegistryFaults, ShortWritesAreCompleted) {
  auto registry = open_faulty();
  calls_.write_short(true);
  ASSERT_TRUE(registry->apply(pair_batch(1), desk_context(1)).ok());
  registry->checkpoint();
  ASSERT_TRUE(registry->apply(pair_batch(2), desk_context(2)).ok());
  calls_.write_short(false);
  EXPECT_TRUE(same(reopened_state(), state_of(*registry)));
}

TEST_F(RegistryFaults, AShortWriteThenAFailureLeavesNoTornBytes) {
  auto registry = open_faulty();
  const std::string journal_before = journal_text();
  calls_.write_short(true);
  calls_.fail(CallKind::write, 2);  // the first half lands, the rest fails
  EXPECT_THROW(registry->apply(pair_batch(1), desk_context(1)), RegistryError);
  calls_.write_short(false);
  calls_.heal();
  EXPECT_EQ(journal_text(), journal_before);
  EXPECT_FALSE(reopen(true)->recovery().dropped_tail);
}

}  // namespace
}  // namespace vocfab::testing
