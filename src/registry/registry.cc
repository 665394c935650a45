// A registry on disk (vocfab/registry/registry.h): snapshot, journal, group commit, checkpoints.
//
// Locks, outermost first: `commit` (one commit or checkpoint at a time), then the dataset's
// reader-writer lock (`gate` then `data`), then `queue_mutex` (the queue of waiting writers;
// taken alone, or by a committing leader to let late arrivals join its group). `stats_mutex`
// guards what `status` reports and is taken last and alone. The files are the io module's
// (src/io/file_system.h): the journal, the writer lock, the directory's fsync.
#include "vocfab/registry/registry.h"

#include "io/file_system.h"
#include "vocfab/io/file_calls.h"
#include "vocfab/model/masking.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>

namespace vocfab {

namespace {

using Kind = RegistryError::Kind;

std::string shown(const std::filesystem::path& path) { return mask_national_ids(path.string()); }

RegistryError io_failure(const std::filesystem::path& path, const std::string& doing, const std::system_error& error) {
  return RegistryError(Kind::io, "cannot " + doing + " " + shown(path) + ": " + io_detail::describe_system_error(error));
}

RegistryError not_a_registry(const std::filesystem::path& snapshot) {
  return RegistryError(Kind::not_a_registry, shown(snapshot) + " is not a registry: " +
                                                 shown(Registry::journal_path(snapshot)) +
                                                 " does not exist (start one with `vocfab registry init`)");
}

// A dataset file that did not read without an issue: `what`, then the first issue.
RegistryError unclean(const LoadResult& loaded, const std::string& what) {
  const Issue& first = loaded.issues.front();
  return RegistryError(loaded.fatal() && first.code == IssueCode::io_error ? Kind::io : Kind::damaged,
                       what + ": " + (first.path.empty() ? "" : first.path + ": ") + first.message);
}

std::uint64_t last_audit_seq(const Dataset& dataset) noexcept {
  return dataset.audit().empty() ? 0 : dataset.audit().back().seq;
}

bool erases(std::span<const Operation> operations) {
  return std::any_of(operations.begin(), operations.end(), [](const Operation& operation) {
    return std::holds_alternative<ops::EraseTrainee>(operation.arguments);
  });
}

// A journal's records read on worker threads (record i on worker i mod n) while the caller
// replays them in order; what the caller has replayed is released. Stops and joins its workers
// when it goes, whether or not every record was taken.
class ParsedRecords {
 public:
  using Read = std::variant<JournalRecord, std::string>;

  ParsedRecords(std::string_view bytes, const std::vector<JournalFrame>& frames, unsigned max_threads)
      : slots_(frames.size()), ready_(frames.size(), 0) {
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const unsigned workers = static_cast<unsigned>(
        std::min<std::size_t>(frames.size(), max_threads == 0 ? hardware : std::min(max_threads, hardware)));
    for (unsigned w = 0; w < workers; ++w) {
      workers_.emplace_back([this, bytes, &frames, w, workers] {
        for (std::size_t i = w; i < frames.size() && !stop_.load(std::memory_order_relaxed); i += workers) {
          Read read = read_record(bytes, frames[i]);
          std::lock_guard guard(mutex_);
          slots_[i] = std::move(read);
          ready_[i] = 1;
          if (waiting_for_ == i) taken_.notify_one();
        }
      });
    }
  }
  ParsedRecords(const ParsedRecords&) = delete;
  ParsedRecords& operator=(const ParsedRecords&) = delete;
  ~ParsedRecords() {
    stop_ = true;
    for (std::thread& worker : workers_) worker.join();
  }

  // Record @p i, once read.
  Read& wait(std::size_t i) {
    std::unique_lock guard(mutex_);
    waiting_for_ = i;
    taken_.wait(guard, [&] { return ready_[i] != 0; });
    waiting_for_ = kNobody;
    return *slots_[i];
  }
  // Frees record @p i (replayed).
  void release(std::size_t i) {
    std::lock_guard guard(mutex_);
    slots_[i].reset();
  }

 private:
  static constexpr std::size_t kNobody = static_cast<std::size_t>(-1);

  static Read read_record(std::string_view bytes, const JournalFrame& frame) {
    try {
      return read_journal_record(bytes, frame);
    } catch (const std::bad_alloc&) {
      return std::string("memory ran out while reading it");
    }
  }

  std::mutex mutex_;
  std::condition_variable taken_;
  std::vector<std::optional<Read>> slots_;
  std::vector<char> ready_;
  std::size_t waiting_for_ = kNobody;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

// One batch waiting to be committed, on its caller's stack until it is done. Its id and its
// record's request are made on the caller's thread, before any lock is taken.
struct Writer {
  std::span<const Operation> operations;
  BatchContext context;
  std::string request;
  BatchResult result;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable woken;
};

}  // namespace

struct Registry::State {
  std::filesystem::path path;
  RegistryOptions options;
  FileCalls* calls = &FileCalls::system();
  std::optional<io_detail::FileLock> lock;
  io_detail::RandomAccessFile journal;
  Dataset dataset;
  RecoveryReport recovery;

  // The dataset's reader-writer lock. A writer takes `gate` before `data`, so that readers
  // arriving while it waits queue behind it instead of starving it.
  mutable std::mutex gate;
  mutable std::shared_mutex data;

  std::mutex commit;  // one commit or checkpoint at a time
  std::mutex queue_mutex;
  std::deque<Writer*> queue;

  // Guarded by `commit`.
  std::uint64_t journal_bytes = 0;      // the sound end: where the next record goes
  std::uint64_t journal_allocated = 0;  // the file's size: zero bytes from `journal_bytes` on
  std::size_t journal_records = 0;
  bool journal_needs_repair = false;  // a failed append may have left bytes past `journal_bytes`
  bool directory_needs_sync = false;  // the new journal's name may not be durable yet

  // What `status` reports, copied from the above at the end of every commit and checkpoint:
  // `status` may be called while the caller holds a read view, so it takes neither lock above.
  mutable std::mutex stats_mutex;
  RegistryStatus stats;

  void publish(std::size_t batches, std::size_t syncs, std::size_t checkpoints_written) {
    std::lock_guard guard(stats_mutex);
    stats.journal_bytes = journal_bytes;
    stats.journal_records = journal_records;
    stats.last_seq = last_audit_seq(dataset);
    stats.batches_committed += batches;
    stats.commits += syncs;
    stats.checkpoints += checkpoints_written;
  }
  void note_checkpoint_error(std::optional<std::string> error) {
    std::lock_guard guard(stats_mutex);
    stats.checkpoint_error = std::move(error);
  }

  std::filesystem::path journal_path() const { return Registry::journal_path(path); }

  void require_writable() const {
    if (options.read_only) throw RegistryError(Kind::read_only, "the registry " + shown(path) + " is open read-only");
  }

  // --- opening -----------------------------------------------------------------------------

  void take_lock() {
    const std::filesystem::path file = Registry::lock_path(path);
    try {
      auto attempt = io_detail::FileLock::try_acquire(file);
      if (auto* refusal = std::get_if<io_detail::FileLock::Refusal>(&attempt)) {
        throw RegistryError(Kind::locked, "the registry " + shown(path) + " is open for writing by " +
                                              (refusal->holder_pid ? "process " + std::to_string(*refusal->holder_pid)
                                                                   : std::string("another process")) +
                                              " (its lock " + shown(file) + " is held); open it read-only, or wait");
      }
      lock.emplace(std::move(std::get<io_detail::FileLock>(attempt)));
    } catch (const std::system_error& error) {
      throw io_failure(file, "lock", error);
    }
  }

  void load() {
    // The journal is opened before the snapshot is read: a checkpoint that replaces both in
    // between then gives its new snapshot and the old journal, whose records it already holds.
    try {
      journal = io_detail::RandomAccessFile(journal_path(), !options.read_only);
    } catch (const std::system_error& error) {
      if (error.code() == std::errc::no_such_file_or_directory) throw not_a_registry(path);
      throw io_failure(journal_path(), "open", error);
    }
    // The journal is read and its frames checked on a thread of its own while the snapshot
    // loads; then its records are read on every core while they are replayed in order.
    std::string bytes;
    JournalFrames scan;
    std::exception_ptr journal_failure;
    std::thread journal_reader([&] {
      try {
        bytes = journal.read_all();
        scan = scan_journal(bytes);
      } catch (...) {
        journal_failure = std::current_exception();
      }
    });
    LoadResult loaded;
    try {
      loaded = read_dataset_file(path, options.read);
    } catch (...) {
      journal_reader.join();
      throw;
    }
    journal_reader.join();
    if (!loaded.ok()) throw unclean(loaded, "the snapshot " + shown(path) + " does not read cleanly");
    dataset = std::move(loaded.dataset);
    recovery.snapshot_seq = last_audit_seq(dataset);
    if (journal_failure) {
      try {
        std::rethrow_exception(journal_failure);
      } catch (const std::system_error& error) {
        throw io_failure(journal_path(), "read", error);
      }
    }
    JournalContents contents;
    contents.header_ok = scan.header_ok;
    contents.sound_bytes = scan.sound_bytes;
    contents.damage = scan.damage;
    {
      ParsedRecords parsed(bytes, scan.frames, options.read.max_threads);
      std::optional<std::uint64_t> previous_last;
      for (std::size_t i = 0; i < scan.frames.size(); ++i) {
        auto& read = parsed.wait(i);
        std::optional<std::string> problem;
        if (auto* reason = std::get_if<std::string>(&read)) {
          problem = std::move(*reason);
        } else if (previous_last) {
          problem = journal_sequence_problem(*previous_last, std::get<JournalRecord>(read));
        }
        if (problem) {
          // Damage where the frames were sound: what follows is judged as for any damage.
          contents.damage = journal_damage(bytes, scan.frames[i].offset, i + 1, std::move(*problem));
          contents.sound_bytes = scan.frames[i].offset;
          break;
        }
        const JournalRecord& record = std::get<JournalRecord>(read);
        previous_last = record.last_seq;
        replay(record, i + 1);
        parsed.release(i);
      }
    }
    if (contents.damage) {
      const JournalDamage& damage = *contents.damage;
      const std::string where = "record " + std::to_string(damage.record) + " at byte " + std::to_string(damage.offset) +
                                " (" + std::to_string(damage.bytes) + " bytes to the end): " + damage.reason;
      if (!contents.header_ok || damage.sound_records_follow) {
        throw RegistryError(Kind::damaged,
                            "the journal " + shown(journal_path()) + " is damaged at " + where +
                                (damage.sound_records_follow ? "; sound records follow, so acknowledged batches would be lost: "
                                                               "nothing was changed; restore it from a backup"
                                                             : "; nothing was changed"));
      }
      recovery.dropped_tail = damage;
    }
    journal_bytes = contents.sound_bytes;
    journal_allocated = bytes.size();
    if (options.read_only) return;
    if (recovery.dropped_tail) {
      try {
        journal.truncate(*calls, journal_bytes);
      } catch (const std::system_error& error) {
        throw io_failure(journal_path(), "cut the torn tail off", error);
      }
      journal_allocated = journal_bytes;
      recovery.tail_truncated = true;
    }
    if (journal_records == 0 && recovery.records_in_snapshot > 0) {
      // A checkpoint stopped between its two steps: finish it.
      start_journal();
      recovery.journal_restarted = true;
    }
    remove_interrupted_saves();
  }

  // Removes what saves of the snapshot or the journal that a crash cut short left behind. Safe
  // under the writer lock: no other save of this registry can be under way.
  void remove_interrupted_saves() {
    recovery.temporary_files_removed =
        io_detail::remove_interrupted_writes(path) + io_detail::remove_interrupted_writes(journal_path());
  }

  // Applies journal record @p number, or recognises it as one the snapshot holds.
  void replay(const JournalRecord& record, std::size_t number) {
    const std::uint64_t held = last_audit_seq(dataset);
    const auto which = [&] {
      return "journal record " + std::to_string(number) + " (audit seq " + std::to_string(record.first_seq) + "-" +
             std::to_string(record.last_seq) + ")";
    };
    if (record.last_seq <= recovery.snapshot_seq && journal_records == 0) {
      ++recovery.records_in_snapshot;
      return;
    }
    if (record.first_seq != held + 1) {
      throw RegistryError(Kind::damaged, "the journal " + shown(journal_path()) + " does not follow its snapshot: " +
                                             which() + " comes after audit seq " + std::to_string(held) +
                                             "; nothing was changed");
    }
    BatchContext context = record.context;
    context.replay = &record.draws;
    const BatchResult result = vocfab::apply(dataset, record.operations, context);
    if (!result.ok() || last_audit_seq(dataset) != record.last_seq) {
      throw RegistryError(Kind::damaged,
                          "the journal " + shown(journal_path()) + " does not replay: " + which() +
                              (result.ok() ? " gives other audit entries"
                                           : " is refused: " + result.failed->issues.front().message) +
                              "; nothing was changed");
    }
    ++recovery.records_replayed;
    ++journal_records;
  }

  // Replaces the journal with an empty one, atomically, and opens it for appending. When only
  // the directory's fsync fails, the new journal is in place: it is adopted (appending to the
  // old, unlinked one would lose every batch), the failure reported, and the directory synced
  // again before the next append.
  void start_journal(io_detail::ExistingTarget existing = io_detail::ExistingTarget::replace) {
    io_detail::AtomicWriteOptions write;
    write.existing = existing;
    write.calls = calls;
    bool renamed = false;
    write.after_step = [&](io_detail::AtomicWriteStep step) { renamed = renamed || step == io_detail::AtomicWriteStep::renamed; };
    std::optional<RegistryError> failure;
    try {
      io_detail::write_file_atomically(journal_path(), kJournalHeader, write);
    } catch (const std::system_error& error) {
      if (!renamed) throw io_failure(journal_path(), "start", error);
      failure = io_failure(journal_path(), "sync the directory of", error);
    }
    try {
      journal = io_detail::RandomAccessFile(journal_path(), true);
    } catch (const std::system_error& error) {
      throw io_failure(journal_path(), "open", error);
    }
    journal_bytes = kJournalHeader.size();
    journal_allocated = journal_bytes;
    journal_records = 0;
    journal_needs_repair = false;
    directory_needs_sync = failure.has_value();
    if (failure) throw *failure;
  }

  // The fsync of the registry's directory that a failed one left owed.
  void sync_directory() {
    try {
      io_detail::sync_directory_of(*calls, path);
    } catch (const std::system_error& error) {
      throw io_failure(path.parent_path(), "sync the directory", error);
    }
    directory_needs_sync = false;
  }

  // --- committing --------------------------------------------------------------------------

  std::unique_lock<std::shared_mutex> exclusive() {
    std::lock_guard turnstile(gate);
    return std::unique_lock(data);
  }

  BatchResult enqueue(std::span<const Operation> operations, const BatchContext& context) {
    Writer self;
    self.operations = operations;
    self.context = context;
    // A fresh id here, so that a replay gives the batch the same one.
    if (!self.context.batch) self.context.batch = boost::uuids::to_string(boost::uuids::random_generator()());
    self.request = journal_request(self.context, operations);  // too large: refused at encoding
    std::unique_lock waiting(queue_mutex);
    queue.push_back(&self);
    self.woken.wait(waiting, [&] { return self.done || queue.front() == &self; });
    if (!self.done) {
      // The first in the queue commits for everyone queued behind it (`take_late_arrivals`).
      std::vector<Writer*> group{&self};
      waiting.unlock();
      commit_group(group);
      waiting.lock();
      for (std::size_t i = 0; i < group.size(); ++i) {
        queue.front()->done = true;
        if (queue.front() != &self) queue.front()->woken.notify_one();
        queue.pop_front();
      }
      if (!queue.empty()) queue.front()->woken.notify_one();
    }
    waiting.unlock();
    if (self.error) std::rethrow_exception(self.error);
    return std::move(self.result);
  }

  // Batches queued behind the group's first join it, up to `max_group_batches`, also while it is
  // being applied (their fsync is the same one).
  bool take_late_arrivals(std::vector<Writer*>& group) {
    if (!options.group_commit) return false;
    std::lock_guard waiting(queue_mutex);
    const std::size_t most = std::min(queue.size(), std::max<std::size_t>(1, options.max_group_batches));
    if (most <= group.size()) return false;
    group.insert(group.end(), queue.begin() + static_cast<std::ptrdiff_t>(group.size()),
                 queue.begin() + static_cast<std::ptrdiff_t>(most));
    return true;
  }

  // Applies, appends and syncs a group of batches (and those that join it meanwhile); never
  // throws (each writer gets its outcome).
  void commit_group(std::vector<Writer*>& group) noexcept {
    std::lock_guard one_at_a_time(commit);
    bool erased = false;
    {
      auto writing = exclusive();
      std::vector<std::pair<Writer*, PendingBatch>> pending;
      std::string bytes;
      std::size_t records = 0;
      try {
        pending.reserve(group.size());
        if (journal_needs_repair) repair_journal();
        if (directory_needs_sync) sync_directory();
        for (std::size_t next = 0; next < group.size() || take_late_arrivals(group); ++next) {
          Writer* writer = group[next];
          try {
            const BatchContext& context = writer->context;
            const std::uint64_t before = last_audit_seq(dataset);
            PendingBatch batch = apply_pending(dataset, writer->operations, context);
            if (batch.result().applied && last_audit_seq(dataset) > before) {
              try {
                const BatchDraws& draws = context.replay != nullptr ? *context.replay : batch.result().draws;
                bytes += encode_journal_record(before + 1, last_audit_seq(dataset), draws, writer->request);
                ++records;
              } catch (const std::length_error& too_large) {
                batch.undo();
                throw RegistryError(Kind::invalid, too_large.what());
              }
              erased = erased || erases(writer->operations);
            }
            pending.emplace_back(writer, std::move(batch));
          } catch (...) {
            writer->error = std::current_exception();
          }
        }
        if (!bytes.empty()) {
          append(bytes);
        }
      } catch (const std::system_error& error) {
        fail_group(group, pending, std::make_exception_ptr(io_failure(journal_path(), "append to", error)));
        return;
      } catch (...) {
        fail_group(group, pending, std::current_exception());
        return;
      }
      std::size_t batches = 0;
      if (!bytes.empty()) {
        journal_bytes += bytes.size();
        journal_records += records;
      }
      for (auto& [writer, batch] : pending) {
        if (batch.result().applied) ++batches;
        writer->result = batch.take_result();
      }
      publish(batches, bytes.empty() ? 0 : 1, 0);
    }
    // Batches are durable now; a checkpoint that fails does not change that.
    if (erased || (options.checkpoint_bytes > 0 && journal_bytes > options.checkpoint_bytes)) {
      try {
        write_checkpoint();
        note_checkpoint_error(std::nullopt);
      } catch (const std::exception& error) {
        note_checkpoint_error(error.what());
      }
    }
  }

  // The commit failed: every batch it applied is undone, newest first, and the journal is cut
  // back to its sound end. Batches the rules refused keep their refusal; the others get @p error.
  void fail_group(std::vector<Writer*>& group, std::vector<std::pair<Writer*, PendingBatch>>& pending,
                  const std::exception_ptr& error) noexcept {
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) it->second.undo();
    journal_needs_repair = true;
    try {
      repair_journal();
    } catch (...) {
      // Tried again before the next append; until then nothing more is written.
    }
    for (auto& [writer, batch] : pending) {
      if (!writer->error && !batch.result().ok()) writer->result = batch.take_result();
    }
    for (Writer* writer : group) {
      if (!writer->error && writer->result.batch.empty()) writer->error = error;
    }
  }

  // Cuts whatever a failed append left past the sound end.
  void repair_journal() {
    try {
      journal.truncate(*calls, journal_bytes);
    } catch (const std::system_error& error) {
      throw io_failure(journal_path(), "cut a failed append off", error);
    }
    journal_allocated = journal_bytes;
    journal_needs_repair = false;
  }

  // Writes @p bytes at the sound end and fsyncs. The file grows in steps of whole chunks of zero
  // bytes, written out (not holes, not unwritten extents): most appends then only overwrite data
  // in place, and their fsync has no size or extent to record — half the cost of an fsync that
  // grows the file. Readers take the zeros after the last record for the journal's end.
  void append(std::string_view bytes) {
    const std::uint64_t end = journal_bytes + bytes.size();
    journal.write_at(*calls, journal_bytes, bytes);
    if (end > journal_allocated) {
      const std::uint64_t chunk = std::max<std::uint64_t>(options.journal_chunk_bytes, 1);
      const std::uint64_t grown = (end + chunk - 1) / chunk * chunk;
      if (grown > end) journal.write_at(*calls, end, std::string(static_cast<std::size_t>(grown - end), '\0'));
      journal_allocated = grown;
    }
    journal.sync(*calls);
  }

  void write_checkpoint() {
    {
      std::shared_lock reading(data);
      WriteOptions write;
      write.calls = calls;
      try {
        write_dataset_file(dataset, path, write);
      } catch (const std::system_error& error) {
        throw io_failure(path, "write the snapshot", error);
      }
    }
    start_journal();
    publish(0, 0, 1);
  }
};

std::filesystem::path Registry::journal_path(const std::filesystem::path& snapshot) {
  std::filesystem::path journal = snapshot;
  journal += ".journal";
  return journal;
}

std::filesystem::path Registry::lock_path(const std::filesystem::path& snapshot) {
  std::filesystem::path lock = snapshot;
  lock += ".lock";
  return lock;
}

bool Registry::exists(const std::filesystem::path& snapshot) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(journal_path(snapshot), ignored);
}

Registry::Registry(std::unique_ptr<State> state) noexcept : state_(std::move(state)) {}
Registry::~Registry() = default;

namespace {

std::unique_ptr<Registry::State> new_state(const std::filesystem::path& snapshot, const RegistryOptions& options) {
  auto state = std::make_unique<Registry::State>();
  state->path = snapshot;
  state->options = options;
  if (options.calls != nullptr) state->calls = options.calls;
  if (!options.read_only) state->take_lock();
  return state;
}

// Refuses a path that is no registry before anything is created beside it (a lock file).
void require_registry(const std::filesystem::path& snapshot) {
  if (!Registry::exists(snapshot)) throw not_a_registry(snapshot);
}

// Creating: refuses a registry already there, before the lock file is made.
void require_no_registry(const std::filesystem::path& snapshot) {
  if (Registry::exists(snapshot)) throw RegistryError(Kind::exists, shown(snapshot) + " is a registry already");
}

// Removes the lock file a failed create or init made, so that nothing is left beside the file.
void remove_lock_file(const std::filesystem::path& snapshot) noexcept {
  std::error_code ignored;
  std::filesystem::remove(Registry::lock_path(snapshot), ignored);
}

}  // namespace

std::unique_ptr<Registry> Registry::open(const std::filesystem::path& snapshot, const RegistryOptions& options) {
  require_registry(snapshot);
  auto state = new_state(snapshot, options);
  state->load();
  state->publish(0, 0, 0);
  return std::unique_ptr<Registry>(new Registry(std::move(state)));
}

RegistryState Registry::load_state(const std::filesystem::path& snapshot, const ReadOptions& read) {
  RegistryOptions options;
  options.read_only = true;
  options.read = read;
  require_registry(snapshot);
  auto state = new_state(snapshot, options);
  state->load();
  return RegistryState{std::move(state->dataset), std::move(state->recovery)};
}

std::unique_ptr<Registry> Registry::create(const std::filesystem::path& snapshot, const Dataset& initial,
                                           const RegistryOptions& options) {
  RegistryOptions writable = options;
  writable.read_only = false;
  require_no_registry(snapshot);
  const RegistryError occupied(Kind::exists, shown(snapshot) + " exists; a new registry is created only where nothing is");
  std::error_code ignored;
  if (std::filesystem::symlink_status(snapshot, ignored).type() != std::filesystem::file_type::not_found) throw occupied;
  auto state = new_state(snapshot, writable);
  WriteOptions write;
  write.create_only = true;
  write.calls = state->calls;
  try {
    write_dataset_file(initial, snapshot, write);
  } catch (const std::system_error& error) {
    remove_lock_file(snapshot);  // while still held: nobody can have taken it meanwhile
    state.reset();
    if (error.code() == std::errc::file_exists) throw occupied;
    throw io_failure(snapshot, "write the snapshot", error);
  }
  try {
    state->start_journal(io_detail::ExistingTarget::refuse);
  } catch (...) {
    // Leave nothing half made: without its journal the new snapshot is a stray dataset file.
    std::filesystem::remove(snapshot, ignored);
    remove_lock_file(snapshot);  // while still held: nobody can have taken it meanwhile
    state.reset();
    throw;
  }
  state->load();
  state->publish(0, 0, 0);
  return std::unique_ptr<Registry>(new Registry(std::move(state)));
}

std::unique_ptr<Registry> Registry::init(const std::filesystem::path& snapshot, const RegistryOptions& options) {
  RegistryOptions writable = options;
  writable.read_only = false;
  require_no_registry(snapshot);
  auto state = new_state(snapshot, writable);
  // Read under the lock and kept: with its journal empty, the file is the registry's state.
  LoadResult loaded = read_dataset_file(snapshot, options.read);
  if (!loaded.ok()) {
    remove_lock_file(snapshot);  // while still held: nobody can have taken it meanwhile
    throw unclean(loaded, "cannot start a registry from " + shown(snapshot));
  }
  try {
    state->start_journal(io_detail::ExistingTarget::refuse);
  } catch (const RegistryError& error) {
    remove_lock_file(snapshot);  // while still held: nobody can have taken it meanwhile
    state.reset();
    if (exists(snapshot)) throw RegistryError(Kind::exists, shown(snapshot) + " is a registry already");
    throw;
  }
  state->dataset = std::move(loaded.dataset);
  state->recovery.snapshot_seq = last_audit_seq(state->dataset);
  state->remove_interrupted_saves();
  state->publish(0, 0, 0);
  return std::unique_ptr<Registry>(new Registry(std::move(state)));
}

Registry::ReadView Registry::read() const {
  std::lock_guard turnstile(state_->gate);
  return ReadView(state_->dataset, std::shared_lock(state_->data));
}

BatchResult Registry::apply(std::span<const Operation> operations, const BatchContext& context) {
  state_->require_writable();
  if (context.at.is_not_a_date_time()) {
    throw RegistryError(Kind::invalid, "a batch applied to a registry needs its moment (at)");
  }
  if (context.check_only) {
    // Applied and rolled back: no reader may see it meanwhile, and nothing is journaled.
    auto writing = state_->exclusive();
    return vocfab::apply(state_->dataset, operations, context);
  }
  return state_->enqueue(operations, context);
}

BatchOutcome Registry::apply(const OperationsDocument& operations, const BatchContext& context) {
  const auto& drafts = operations.operations;
  const bool all_read = !operations.parse_error && std::all_of(drafts.begin(), drafts.end(), [](const OperationDraft& draft) {
    return draft.operation.has_value();
  });
  if (!all_read || context.check_only) {
    state_->require_writable();
    auto writing = state_->exclusive();
    return apply_operations(state_->dataset, operations, context);
  }
  std::vector<Operation> batch;
  batch.reserve(drafts.size());
  for (const OperationDraft& draft : drafts) batch.push_back(*draft.operation);
  BatchOutcome outcome;
  outcome.result = apply(batch, context);
  if (outcome.result.failed && outcome.result.failed->index < drafts.size()) {
    outcome.line = drafts[outcome.result.failed->index].line;
  }
  return outcome;
}

void Registry::checkpoint() {
  state_->require_writable();
  std::lock_guard one_at_a_time(state_->commit);
  state_->write_checkpoint();
}

RegistryStatus Registry::status() const {
  std::lock_guard guard(state_->stats_mutex);
  return state_->stats;
}

const RecoveryReport& Registry::recovery() const noexcept { return state_->recovery; }
const std::filesystem::path& Registry::path() const noexcept { return state_->path; }
bool Registry::read_only() const noexcept { return state_->options.read_only; }

}  // namespace vocfab
