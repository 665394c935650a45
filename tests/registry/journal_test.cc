// The journal's format on its own: records read back as written, and every torn, flipped or
// padded journal described exactly — which record, how many bytes, whether sound ones follow.
#include "registry_fixture.h"

#include <gmock/gmock.h>

#include <random>

namespace vocfab::testing {
namespace {

// A journal of three records: the sample's day split in three batches, as a registry wrote it.
struct ThreeRecords {
  std::string bytes;
  std::vector<std::size_t> starts;  // where each record starts
};

ThreeRecords three_records() {
  const std::vector<Operation> day = sample_day();
  ThreeRecords journal{std::string(kJournalHeader), {}};
  std::uint64_t seq = 1;
  for (const auto& [from, count] : {std::pair<std::size_t, std::size_t>{0, 2}, {2, 3}, {5, 3}}) {
    JournalRecord record;
    record.first_seq = seq;
    record.last_seq = seq + count - 1;
    seq += count;
    record.context = desk_context(static_cast<int>(from));
    record.context.batch = "7c9e6679-7425-40de-944b-e07fc1f90ae" + std::to_string(from);
    record.draws.ids = {"16fd2706-8baf-433b-82eb-8c7fada847da"};
    record.operations.assign(day.begin() + static_cast<std::ptrdiff_t>(from),
                             day.begin() + static_cast<std::ptrdiff_t>(from + count));
    journal.starts.push_back(journal.bytes.size());
    journal.bytes += encode_journal_record(record);
  }
  return journal;
}

TEST(Journal, RecordsReadBackAsWritten) {
  const ThreeRecords journal = three_records();
  const JournalContents read = read_journal(journal.bytes);
  ASSERT_TRUE(read.header_ok);
  EXPECT_FALSE(read.damage);
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.sound_bytes, journal.bytes.size());
  EXPECT_EQ(read.records[1].first_seq, 3u);
  EXPECT_EQ(read.records[1].last_seq, 5u);
  EXPECT_EQ(read.records[1].context.actor, "desk-3");
  EXPECT_EQ(read.records[1].context.at, desk_context(2).at);
  EXPECT_EQ(read.records[1].draws.ids.size(), 1u);
  const std::vector<Operation> day = sample_day();
  ASSERT_EQ(read.records[2].operations.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(write_operation(read.records[2].operations[i]), write_operation(day[5 + i]));
  }
  // Encoding what was read gives the same bytes.
  std::string again(kJournalHeader);
  for (const JournalRecord& record : read.records) again += encode_journal_record(record);
  EXPECT_EQ(again, journal.bytes);
}

TEST(Journal, AnEmptyJournalIsItsHeader) {
  const JournalContents read = read_journal(kJournalHeader);
  EXPECT_TRUE(read.header_ok);
  EXPECT_TRUE(read.records.empty());
  EXPECT_FALSE(read.damage);
  EXPECT_EQ(read.sound_bytes, kJournalHeader.size());
}

TEST(Journal, EveryTruncationIsATornTailAfterTheWholeRecords) {
  const ThreeRecords journal = three_records();
  for (std::size_t length = kJournalHeader.size(); length < journal.bytes.size(); ++length) {
    const JournalContents read = read_journal(std::string_view(journal.bytes).substr(0, length));
    const auto whole = static_cast<std::size_t>(
        std::upper_bound(journal.starts.begin(), journal.starts.end(), length) - journal.starts.begin()) - 1;
    const bool at_boundary = std::find(journal.starts.begin(), journal.starts.end(), length) != journal.starts.end();
    SCOPED_TRACE(length);
    ASSERT_TRUE(read.header_ok);
    if (at_boundary) {
      EXPECT_FALSE(read.damage);
      EXPECT_EQ(read.records.size(), whole);
      continue;
    }
    ASSERT_TRUE(read.damage);
    EXPECT_EQ(read.records.size(), whole);
    EXPECT_EQ(read.damage->record, whole + 1);
    EXPECT_EQ(read.damage->offset, journal.starts[whole]);
    EXPECT_EQ(read.damage->bytes, length - journal.starts[whole]);
    EXPECT_FALSE(read.damage->sound_records_follow);
    EXPECT_THAT(read.damage->reason, ::testing::HasSubstr("torn"));
    EXPECT_EQ(read.sound_bytes, journal.starts[whole]);
  }
}

TEST(Journal, EveryFlippedByteIsFoundInItsRecord) {
  const ThreeRecords journal = three_records();
  for (std::size_t at = 0; at < journal.bytes.size(); ++at) {
    std::string flipped = journal.bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    const JournalContents read = read_journal(flipped);
    SCOPED_TRACE(at);
    ASSERT_TRUE(read.damage);
    if (at < kJournalHeader.size()) {
      EXPECT_FALSE(read.header_ok);
      continue;
    }
    const auto record = static_cast<std::size_t>(
        std::upper_bound(journal.starts.begin(), journal.starts.end(), at) - journal.starts.begin()) - 1;
    EXPECT_EQ(read.records.size(), record);
    EXPECT_EQ(read.damage->record, record + 1);
    EXPECT_EQ(read.damage->offset, journal.starts[record]);
    EXPECT_EQ(read.damage->sound_records_follow, record + 1 < journal.starts.size()) << read.damage->reason;
  }
}

TEST(Journal, GarbageAfterTheLastRecordIsATornTail) {
  const ThreeRecords journal = three_records();
  std::mt19937 random(20261202);
  for (int round = 0; round < 200; ++round) {
    std::string padded = journal.bytes;
    const std::size_t extra = random() % 64;
    padded += static_cast<char>(1 + random() % 255);  // not zero: zeros are room, not garbage
    for (std::size_t i = 0; i < extra; ++i) padded += static_cast<char>(random() % 256);
    if (round % 3 == 0) padded.insert(journal.bytes.size(), kJournalRecordMarker);  // looks like a record
    const JournalContents read = read_journal(padded);
    ASSERT_TRUE(read.damage);
    EXPECT_EQ(read.records.size(), 3u);
    EXPECT_EQ(read.damage->offset, journal.bytes.size());
    EXPECT_FALSE(read.damage->sound_records_follow);
  }
}

TEST(Journal, ZerosAfterTheLastRecordAreRoomNotDamage) {
  const ThreeRecords journal = three_records();
  const std::string grown = journal.bytes + std::string(4096, '\0');
  const JournalContents read = read_journal(grown);
  EXPECT_FALSE(read.damage);
  EXPECT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.sound_bytes, journal.bytes.size());
  // A record torn in that room: damage, with nothing sound after it.
  std::string torn = grown;
  torn.replace(journal.bytes.size(), 30, journal.bytes.substr(journal.starts[2], 30));
  const JournalContents tail = read_journal(torn);
  ASSERT_TRUE(tail.damage);
  EXPECT_EQ(tail.records.size(), 3u);
  EXPECT_EQ(tail.damage->offset, journal.bytes.size());
  EXPECT_FALSE(tail.damage->sound_records_follow);
}

TEST(Journal, ARecordThatDoesNotFollowIsDamage) {
  const ThreeRecords journal = three_records();
  // The second record dropped: the third's sequence numbers do not follow the first's.
  const std::string gap = journal.bytes.substr(0, journal.starts[1]) + journal.bytes.substr(journal.starts[2]);
  const JournalContents read = read_journal(gap);
  ASSERT_TRUE(read.damage);
  EXPECT_EQ(read.records.size(), 1u);
  EXPECT_THAT(read.damage->reason, ::testing::HasSubstr("sequence"));
}

TEST(Journal, AForeignFileIsNotAJournal) {
  const JournalContents read = read_journal("{\"schema_version\": 1}\n");
  EXPECT_FALSE(read.header_ok);
  ASSERT_TRUE(read.damage);
  EXPECT_EQ(read.damage->offset, 0u);
}

}  // namespace
}  // namespace vocfab::testing
