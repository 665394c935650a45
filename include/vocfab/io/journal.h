/// @file
/// The journal of a registry on disk (SPEC section 3): the format of its records, and reading a
/// journal back with every torn or damaged part found and described.
///
/// A journal file is the line `vocfab-journal 1` followed by records, one per committed batch,
///
///     "VFJR"  length (4 bytes, little-endian)  CRC-32C (4 bytes, little-endian)  payload
///
/// then zero bytes up to the end of the file: a journal grows in steps written as zeros ahead of
/// the records (so that an append overwrites in place), and zeros where a record would start
/// mean the end.
///
/// The CRC-32C (Castagnoli, as in iSCSI and ext4) covers the length's four bytes and the payload,
/// so a torn length is caught like a torn payload. The payload is UTF-8 text: a line of JSON
/// `{"first_seq", "last_seq", "ids", "codes"}` — the audit sequence numbers of the batch's first
/// and last audit entries and what it drew (`BatchDraws`) — then the batch itself as the apply
/// request the C ABI takes (`{"actor", "at", "date", "batch", "ops"}`), so a record can be read,
/// and replayed, with the code that reads requests. The sequence numbers are those of the
/// dataset's audit trail: a record whose batch the snapshot already holds is recognised (its
/// `last_seq` is not after the snapshot's last audit entry) and never applied twice.
///
/// Reading never throws on bad bytes. It stops at the first record that is not whole and sound
/// (too short, a wrong marker, a length past the end or above `kMaxJournalRecordBytes`, a
/// checksum that fails, a payload that does not read, a sequence that does not follow the one
/// before) and describes it: where it starts, how many bytes follow, and whether any sound
/// record follows it. Damage with nothing sound after it is a torn tail — a crash during an
/// append, never acknowledged — and a registry drops it; damage with sound records after it is
/// corruption of acknowledged batches, and a registry refuses to open rather than drop them.
///
/// Thread-safety: the functions keep no shared state; distinct calls may run concurrently.
#pragma once

#include "vocfab/model/date.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/batch.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vocfab {

/// The first bytes of every journal file.
inline constexpr std::string_view kJournalHeader = "vocfab-journal 1\n";
/// The four bytes that start every record.
inline constexpr std::string_view kJournalRecordMarker = "VFJR";
/// The bytes before a record's payload: marker, length and checksum.
inline constexpr std::size_t kJournalFrameBytes = 12;
/// The largest payload a record may have (1 GiB); a larger batch is refused before it is applied.
inline constexpr std::uint32_t kMaxJournalRecordBytes = std::uint32_t{1} << 30;

/// One committed batch as the journal keeps it.
struct JournalRecord {
  std::uint64_t first_seq = 0;  ///< The `seq` of the batch's first audit entry.
  std::uint64_t last_seq = 0;   ///< The `seq` of its last one (`first_seq` + operations − 1).
  BatchContext context;         ///< `actor`, `at`, `date` and `batch` (never `check_only`).
  BatchDraws draws;             ///< What it drew: replayed instead of drawing again.
  std::vector<Operation> operations;  ///< The operations, in order.
};

/// The bytes of @p record: frame and payload, ready to be appended.
/// @throws std::length_error when the payload would be larger than `kMaxJournalRecordBytes`
std::string encode_journal_record(const JournalRecord& record);
/// The bytes of the record of a batch of @p operations whose audit entries are `first_seq` to
/// `last_seq`, applied in @p context, which drew @p draws (what a registry appends).
/// @throws std::length_error as the other overload
std::string encode_journal_record(std::uint64_t first_seq, std::uint64_t last_seq, const BatchContext& context,
                                  const BatchDraws& draws, std::span<const Operation> operations);
/// The same from the batch's apply request already written (`journal_request`): what a registry
/// does, writing the request on the caller's thread before it takes its lock.
/// @throws std::length_error as the other overloads
std::string encode_journal_record(std::uint64_t first_seq, std::uint64_t last_seq, const BatchDraws& draws,
                                  std::string_view request);
/// The apply request a record keeps for a batch: `write_apply_request` of @p context without
/// `check_only` and `id_seed` (what the batch drew is kept instead).
std::string journal_request(const BatchContext& context, std::span<const Operation> operations);

/// CRC-32C of @p bytes (Boost.CRC).
std::uint32_t crc32c(std::string_view bytes) noexcept;

/// What is wrong with a journal from some point on.
struct JournalDamage {
  std::uint64_t offset = 0;    ///< Where the first unsound record (or the header) starts.
  std::uint64_t bytes = 0;     ///< How many bytes follow from there to the end of the file.
  std::size_t record = 0;      ///< Its number, from 1 (records before it are sound).
  std::string reason;          ///< What is wrong with it, in words.
  /// A sound record starts somewhere after it: acknowledged batches follow the damage.
  bool sound_records_follow = false;
};

/// A journal as read.
struct JournalContents {
  bool header_ok = false;              ///< It starts with `kJournalHeader`.
  std::vector<JournalRecord> records;  ///< Every sound record before any damage, in order.
  /// The header and those records: where the next one goes (zero bytes may follow, to the end).
  std::uint64_t sound_bytes = 0;
  std::optional<JournalDamage> damage;  ///< The first problem, if any.
};

/// Reads a journal's bytes. Records follow one another: each one's `first_seq` is one after the
/// `last_seq` of the record before it, and a record that does not follow is damage too.
JournalContents read_journal(std::string_view bytes);

/// Where one record's frame is: it starts at `offset`, its payload is `length` bytes after the
/// frame's 12.
struct JournalFrame {
  std::uint64_t offset = 0;  ///< The frame's first byte.
  std::uint32_t length = 0;  ///< The payload's length.
};

/// A journal's frames, checked (marker, length, checksum) but not yet read: `read_journal` in two
/// steps, so that a registry can read the payloads on several threads while it replays them.
struct JournalFrames {
  bool header_ok = false;            ///< It starts with `kJournalHeader`.
  std::vector<JournalFrame> frames;  ///< Every sound frame before any damage, in order.
  std::uint64_t sound_bytes = 0;     ///< The header and those frames.
  std::optional<JournalDamage> damage;  ///< The first damaged frame (or header), if any.
};

/// Finds and checks the frames of a journal's bytes.
JournalFrames scan_journal(std::string_view bytes);
/// Reads the payload of @p frame (found by `scan_journal` in @p bytes): the record, or why it is
/// not one.
std::variant<JournalRecord, std::string> read_journal_record(std::string_view bytes, const JournalFrame& frame);
/// Why @p next cannot follow a record whose last audit `seq` is @p previous_last_seq (its
/// sequence numbers do not), or nothing.
std::optional<std::string> journal_sequence_problem(std::uint64_t previous_last_seq, const JournalRecord& next);
/// The damage of the record numbered @p record (from 1) that starts at @p offset in @p bytes,
/// for @p reason: how many bytes follow, and whether a sound frame starts after it.
JournalDamage journal_damage(std::string_view bytes, std::uint64_t offset, std::size_t record, std::string reason);

}  // namespace vocfab
