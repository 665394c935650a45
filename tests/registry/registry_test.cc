// The registry's life on one thread: create, apply, reopen, checkpoint, init, the writer lock,
// read-only opens and what each refuses.
#include "registry_fixture.h"

#include <gmock/gmock.h>

#include <unistd.h>

namespace vocfab::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(RegistryTest, CreateWritesTheSnapshotAndAnEmptyJournal) {
  const auto registry = create();
  EXPECT_TRUE(Registry::exists(snapshot()));
  EXPECT_EQ(journal_text(), kJournalHeader);
  EXPECT_TRUE(same(file_text(snapshot()), state_of(sample_dataset())));
  EXPECT_EQ(std::filesystem::status(journal()).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(registry->status().journal_records, 0u);
}

TEST_F(RegistryTest, EveryAppliedBatchIsInTheJournalAndAReopenReplaysItToTheSameState) {
  const auto registry = create();
  const std::vector<Operation> day = sample_day();
  for (std::size_t i = 0; i < day.size(); ++i) {
    const BatchResult result = registry->apply(std::span(&day[i], 1), desk_context(static_cast<int>(i)));
    ASSERT_TRUE(result.ok()) << result.failed->issues.front().message;
    ASSERT_TRUE(result.applied);
  }
  const RegistryStatus status = registry->status();
  EXPECT_EQ(status.journal_records, day.size());
  EXPECT_EQ(status.batches_committed, day.size());
  EXPECT_EQ(status.commits, day.size());
  EXPECT_EQ(file_text(snapshot()), state_of(sample_dataset())) << "apply never rewrites the snapshot";

  const auto reopened = reopen();
  EXPECT_EQ(reopened->recovery().records_replayed, day.size());
  EXPECT_FALSE(reopened->recovery().dropped_tail);
  EXPECT_TRUE(same(state_of(*reopened), state_of(*registry)));
}

TEST_F(RegistryTest, ReplayNeedsNoCertificateKeyAndGivesTheSameIdsAndCodes) {
  const auto registry = create();
  const std::vector<Operation> day = sample_day();
  // Fresh ids drawn from the system's source and a certificate issued with the key; the reopen
  // has neither and must still arrive at the same bytes.
  const BatchResult result = registry->apply(day, desk_context());
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.draws.ids.empty());
  EXPECT_EQ(result.draws.codes.size(), 1u);
  const auto reopened = reopen();
  EXPECT_TRUE(same(state_of(*reopened), state_of(*registry)));
}

TEST_F(RegistryTest, RefusedAndCheckOnlyBatchesWriteNothing) {
  const auto registry = create();
  const std::string before = journal_text();
  std::vector<Operation> day = sample_day();
  BatchContext check = desk_context();
  check.check_only = true;
  const BatchResult checked = registry->apply(day, check);
  EXPECT_TRUE(checked.ok());
  EXPECT_FALSE(checked.applied);
  // The sample's day out of order: the hire before its referral is refused.
  std::swap(day[1], day[3]);
  const BatchResult refused = registry->apply(day, desk_context());
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(journal_text(), before);
  EXPECT_TRUE(same(state_of(*registry), state_of(sample_dataset())));
}

TEST_F(RegistryTest, CheckpointWritesTheStateAndStartsAnEmptyJournal) {
  const auto registry = create();
  ASSERT_TRUE(registry->apply(sample_day(), desk_context()).ok());
  registry->checkpoint();
  EXPECT_EQ(journal_text(), kJournalHeader);
  EXPECT_TRUE(same(file_text(snapshot()), state_of(*registry)));
  EXPECT_EQ(registry->status().checkpoints, 1u);
  // Batches after a checkpoint go to the new journal and replay on the new snapshot.
  const std::vector<Operation> advance{Operation{ops::Advance{}, Date(2027, 1, 4), {}, {}, {}}};
  ASSERT_TRUE(registry->apply(advance, desk_context(5)).ok());
  const auto reopened = reopen();
  EXPECT_EQ(reopened->recovery().records_replayed, 1u);
  EXPECT_TRUE(same(state_of(*reopened), state_of(*registry)));
}

TEST_F(RegistryTest, AJournalTheSnapshotAlreadyHoldsIsSkippedAndRestarted) {
  // A crash between a checkpoint's two steps: the new snapshot, the old journal.
  {
    const auto registry = create();
    ASSERT_TRUE(registry->apply(sample_day(), desk_context()).ok());
    const std::string journal_before = journal_text();
    registry->checkpoint();
    write_bytes(journal(), journal_before);
  }
  const std::string state = file_text(snapshot());
  const auto reopened = reopen(false);
  EXPECT_EQ(reopened->recovery().records_in_snapshot, 1u);
  EXPECT_EQ(reopened->recovery().records_replayed, 0u);
  EXPECT_TRUE(reopened->recovery().journal_restarted);
  EXPECT_EQ(journal_text(), kJournalHeader);
  EXPECT_TRUE(same(state_of(*reopened), state));
}

TEST_F(RegistryTest, AJournalThatDoesNotFollowItsSnapshotIsRefused) {
  {
    const auto registry = create();
    const std::vector<Operation> day = sample_day();
    ASSERT_TRUE(registry->apply(std::span(day).first(2), desk_context()).ok());
    registry->checkpoint();
    ASSERT_TRUE(registry->apply(std::span(day).subspan(2), desk_context(1)).ok());
  }
  // An older snapshot put back (a restore from a backup) beside the newer journal.
  write_bytes(snapshot(), state_of(sample_dataset()));
  try {
    reopen();
    FAIL() << "opened";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::damaged);
    EXPECT_THAT(error.what(), HasSubstr("does not follow its snapshot"));
  }
}

TEST_F(RegistryTest, ASecondWriterIsRefusedNamingTheHolder) {
  const auto registry = create();
  try {
    reopen(false);
    FAIL() << "a second writer opened the registry";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::locked);
    EXPECT_THAT(error.what(), HasSubstr("process " + std::to_string(::getpid())));
  }
  EXPECT_NO_THROW(reopen(true)) << "readers need no lock";
}

TEST_F(RegistryTest, TheLockGoesWithTheHandle) {
  create().reset();
  EXPECT_NO_THROW(reopen(false));
}

TEST_F(RegistryTest, ReadOnlyRefusesChanges) {
  create().reset();
  const auto reader = reopen(true);
  EXPECT_TRUE(reader->read_only());
  try {
    reader->apply(sample_day(), desk_context());
    FAIL() << "applied";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::read_only);
  }
  EXPECT_THROW(reader->checkpoint(), RegistryError);
}

TEST_F(RegistryTest, APlainDatasetFileIsNotARegistryUntilInit) {
  write_bytes(snapshot(), state_of(sample_dataset()));
  try {
    reopen();
    FAIL() << "opened";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::not_a_registry);
    EXPECT_THAT(error.what(), HasSubstr("registry init"));
  }
  EXPECT_THROW(Registry::open(snapshot()), RegistryError) << "read-write too";
  EXPECT_FALSE(std::filesystem::exists(Registry::lock_path(snapshot()))) << "nothing is made beside a plain file";
  const auto registry = Registry::init(snapshot());
  EXPECT_EQ(journal_text(), kJournalHeader);
  EXPECT_TRUE(same(state_of(*registry), state_of(sample_dataset())));
  try {
    Registry::init(snapshot());
    FAIL() << "initialised twice";
  } catch (const RegistryError& error) {
    EXPECT_NE(error.kind(), RegistryError::Kind::damaged);
  }
}

TEST_F(RegistryTest, InitRefusesAFileThatDoesNotReadCleanly) {
  write_bytes(snapshot(), R"({"schema_version": 1, "trainees": [{"id": "not a uuid"}]})");
  try {
    Registry::init(snapshot());
    FAIL() << "initialised";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::damaged);
  }
  EXPECT_FALSE(Registry::exists(snapshot()));
  EXPECT_FALSE(std::filesystem::exists(Registry::lock_path(snapshot())));
}

TEST_F(RegistryTest, CreateNeverReplacesAFile) {
  write_bytes(snapshot(), "mine");
  try {
    create();
    FAIL() << "created";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.kind(), RegistryError::Kind::exists);
  }
  EXPECT_TRUE(same(file_text(snapshot()), "mine"));
  EXPECT_FALSE(Registry::exists(snapshot()));
}

TEST_F(RegistryTest, ABatchThatErasesAPersonIsFollowedByACheckpoint) {
  const auto registry = create();
  const Dataset sample = sample_dataset();
  const TraineeId someone = sample.records<Trainee>()[0].id;
  const std::string national_id(sample.records<Trainee>()[0].identity->national_id.digits());
  const std::vector<Operation> erase{Operation{ops::EraseTrainee{someone, "asked"}, Date(2026, 11, 20), {}, {}, {}}};
  ASSERT_TRUE(registry->apply(erase, desk_context()).ok());
  EXPECT_EQ(registry->status().checkpoints, 1u);
  EXPECT_EQ(journal_text(), kJournalHeader);
  EXPECT_EQ(file_text(snapshot()).find(national_id), std::string::npos);
}

}  // namespace
}  // namespace vocfab::testing
