/// @file
/// A registry on disk (SPEC section 3): a snapshot (a dataset file) and its journal
/// (`<snapshot>.journal`), shared by the threads of one process.
///
/// - **Durable batches.** `apply` checks and applies a batch exactly as `vocfab::apply` does, then
///   appends it to the journal as one record (`vocfab/io/journal.h`) and fsyncs the journal
///   before it returns: a batch the caller was told is applied survives a crash or a power cut.
///   Batches that threads apply at the same moment are committed together, one write and one
///   fsync for all of them (group commit); each is still all or nothing on its own.
/// - **Faults.** When the write or the fsync fails (a full disk, an I/O error), the batches of
///   that commit are undone in memory and cut off the journal again, and the caller gets
///   `RegistryError` of kind `io`: the registry is as it was before, in memory and on disk, and
///   the next batch succeeds once the disk does.
/// - **Open and replay.** Opening loads the snapshot and replays the journal's records through
///   the operations code, with the ids and certificate codes each batch drew (no key is needed).
///   Records carry the audit sequence numbers of their batches, so a record the snapshot already
///   holds is recognised and skipped, never applied twice. A torn tail (a crash during an
///   append: never acknowledged) is dropped and reported in `recovery()`; damage followed by
///   sound records (acknowledged batches) makes the open fail rather than lose them.
/// - **Checkpoint.** `checkpoint` writes the state as a new snapshot (the atomic, durable save of
///   SPEC section 9) and then replaces the journal with an empty one, atomically too; a crash at
///   any point leaves a registry that opens to the same state. It runs on request, when the
///   journal passes `RegistryOptions::checkpoint_bytes`, and after a batch that erases a person
///   (so the journal never keeps what was erased).
/// - **One writer process.** A read-write open takes an advisory lock on `<snapshot>.lock` (an
///   open-file-description lock, so two opens in one process exclude each other too); a second
///   writer gets `RegistryError` of kind `locked` naming the holder's process id. Read-only opens
///   take no lock: they read the registry as it was when they opened.
///
/// Thread-safety: a `Registry` may be shared by any number of threads. Readers (`read`, and
/// whatever they call on the dataset it gives: lookups, validation, ranking, allocation, reports)
/// run concurrently with each other and see whole batches only. `apply` and `checkpoint` may be
/// called from any thread at any time: batches are applied one at a time, and readers wait only
/// while a commit changes the dataset and makes it durable. A thread that holds a `ReadView` must
/// release it before it applies or checkpoints (it would wait for itself), and releases it on the
/// thread that took it.
#pragma once

#include "vocfab/io/journal.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/batch.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace vocfab {

class FileCalls;

/// Why a registry could not be opened, changed or checkpointed.
class RegistryError : public std::runtime_error {
 public:
  /// What kind of failure.
  enum class Kind {
    io,              ///< A file could not be read, written, synced or renamed (with the reason).
    locked,          ///< Another writer holds the registry's lock.
    not_a_registry,  ///< No journal: a plain dataset file (or nothing) at the path.
    exists,          ///< Creating, but a registry or a file is already there.
    damaged,         ///< The snapshot or the journal cannot be trusted; nothing was changed.
    read_only,       ///< A change asked of a registry opened read-only.
    invalid,         ///< An argument the call cannot take (a batch too large, no `at`).
  };
  /// An error of @p kind; @p message is shown as it is (the library masks what it quotes).
  RegistryError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  /// What kind of failure.
  Kind kind() const noexcept { return kind_; }
  /// The failure as an issue: `io_error` with the message, path empty.
  Issue issue() const { return Issue{IssueCode::io_error, "", what()}; }

 private:
  Kind kind_;
};

/// How a registry is opened.
struct RegistryOptions {
  /// Open for reading only: no lock, no change, and a damaged tail is reported but left in place.
  bool read_only = false;
  /// How the snapshot is read (threads).
  ReadOptions read{};
  /// Checkpoint after a commit that leaves the journal larger than this many bytes (0: only on
  /// request and after erasures).
  std::uint64_t checkpoint_bytes = 0;
  /// Let batches that arrive together share one write and fsync (default). Off, every batch has
  /// its own (what the benchmarks compare).
  bool group_commit = true;
  /// The most batches one group commit takes.
  std::size_t max_group_batches = 256;
  /// The journal grows in steps of this many bytes, written as zeros, so that most appends
  /// overwrite in place (a cheaper fsync than one that grows the file). 1: no step.
  std::uint64_t journal_chunk_bytes = std::uint64_t{1} << 20;
  /// The write, fsync, rename and truncate calls (null: the system's); tests fail them here.
  FileCalls* calls = nullptr;
};

/// What opening a registry found and did.
struct RecoveryReport {
  std::uint64_t snapshot_seq = 0;      ///< The last audit `seq` in the snapshot (0: none).
  std::size_t records_replayed = 0;    ///< Journal records applied on top of the snapshot.
  /// Records the snapshot already held (a crash between a checkpoint's two steps), skipped.
  std::size_t records_in_snapshot = 0;
  /// A torn or damaged tail with nothing sound after it: never acknowledged, not replayed.
  std::optional<JournalDamage> dropped_tail;
  /// The dropped tail was also cut off the file (read-write opens only).
  bool tail_truncated = false;
  /// The journal, fully held by the snapshot, was replaced by an empty one (read-write opens).
  bool journal_restarted = false;
  /// Temporary files of saves a crash interrupted (`.<name>.vocfab-…` beside the snapshot or the
  /// journal), removed: they may hold personal data (read-write opens).
  std::size_t temporary_files_removed = 0;
};

/// Counters of a registry since it was opened.
struct RegistryStatus {
  std::uint64_t journal_bytes = 0;    ///< The journal's size (header and sound records).
  std::size_t journal_records = 0;    ///< Records in the journal now.
  std::uint64_t last_seq = 0;         ///< The audit `seq` of the last committed operation.
  std::size_t batches_committed = 0;  ///< Batches made durable since the open.
  std::size_t commits = 0;            ///< Journal fsyncs that made them durable (group commits).
  std::size_t checkpoints = 0;        ///< Checkpoints written since the open.
  /// Why the last automatic checkpoint failed (the batches before it were durable anyway).
  std::optional<std::string> checkpoint_error;
};

/// A registry's state as read: snapshot plus journal.
struct RegistryState {
  Dataset dataset;          ///< Every committed batch applied.
  RecoveryReport recovery;  ///< What reading found (a torn tail is reported, left in place).
};

/// A registry handle: the dataset in memory, its snapshot and journal on disk. Not copyable.
class Registry {
 public:
  /// The journal of the snapshot at @p snapshot: `<snapshot>.journal`.
  static std::filesystem::path journal_path(const std::filesystem::path& snapshot);
  /// The lock file of the registry at @p snapshot: `<snapshot>.lock`.
  static std::filesystem::path lock_path(const std::filesystem::path& snapshot);
  /// Whether @p snapshot is a registry (its journal exists).
  static bool exists(const std::filesystem::path& snapshot);

  /// Opens the registry at @p snapshot, replaying its journal.
  /// @throws RegistryError (`not_a_registry`, `locked`, `damaged`, `io`)
  static std::unique_ptr<Registry> open(const std::filesystem::path& snapshot, const RegistryOptions& options = {});
  /// Reads the registry at @p snapshot (read-only: no lock, nothing changed) and hands over its
  /// state: what every reading command of the CLI does.
  /// @throws RegistryError (`not_a_registry`, `damaged`, `io`)
  static RegistryState load_state(const std::filesystem::path& snapshot, const ReadOptions& read = {});
  /// Creates a registry at @p snapshot holding @p initial (a new snapshot, created only, 0600,
  /// and an empty journal), and opens it read-write.
  /// @throws RegistryError (`exists` when anything is at @p snapshot or its journal, `io`, `locked`)
  static std::unique_ptr<Registry> create(const std::filesystem::path& snapshot, const Dataset& initial,
                                          const RegistryOptions& options = {});
  /// Makes the dataset file at @p snapshot a registry by starting its journal; its content is
  /// unchanged. The file must read without a format issue (its records are the registry's
  /// state, and a record left out would be lost).
  /// @throws RegistryError (`exists` when it already is one, `damaged` for a file that does not
  ///         read cleanly, `io`, `locked`)
  static std::unique_ptr<Registry> init(const std::filesystem::path& snapshot, const RegistryOptions& options = {});

  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  /// Closes the journal and releases the lock. Nothing is written: every batch is durable already.
  ~Registry();

  /// A consistent view of the dataset: no batch changes it while the view is held.
  class ReadView {
   public:
    /// The dataset, with every committed batch and no part of any other.
    const Dataset& dataset() const noexcept { return *dataset_; }
    /// The dataset's members.
    const Dataset* operator->() const noexcept { return dataset_; }

   private:
    friend class Registry;
    ReadView(const Dataset& dataset, std::shared_lock<std::shared_mutex> lock)
        : dataset_(&dataset), lock_(std::move(lock)) {}
    const Dataset* dataset_;
    std::shared_lock<std::shared_mutex> lock_;
  };
  /// A view for reading; readers share it, and batches wait until it is released.
  ReadView read() const;

  /// Applies @p operations as `vocfab::apply` does and makes the batch durable before returning.
  /// A batch with no `context.batch` gets a fresh id here (so a replay gives the same one); a
  /// refused or check-only batch changes nothing and writes nothing. `context.at` is required.
  /// @throws RegistryError (`read_only`, `io` — then nothing changed —, `invalid`) and what
  ///         memory allocation throws (nothing changed either)
  BatchResult apply(std::span<const Operation> operations, const BatchContext& context);
  /// Applies a batch read from JSON, as `apply_operations` does (a batch that could not be read
  /// fails without changing anything), and makes it durable.
  /// @throws as the other `apply`
  BatchOutcome apply(const OperationsDocument& operations, const BatchContext& context);

  /// Writes the state as a new snapshot and starts an empty journal. Batches wait meanwhile;
  /// readers do not. On failure the registry is unchanged and still opens to the same state.
  /// @throws RegistryError (`read_only`, `io`)
  void checkpoint();

  /// The counters.
  RegistryStatus status() const;
  /// What opening found.
  const RecoveryReport& recovery() const noexcept;
  /// The snapshot's path.
  const std::filesystem::path& path() const noexcept;
  /// Opened read-only.
  bool read_only() const noexcept;

  struct State;  ///< The implementation (private).

 private:
  explicit Registry(std::unique_ptr<State> state) noexcept;
  std::unique_ptr<State> state_;
};

}  // namespace vocfab
