// Private to src/io: every operating-system call the library makes on files, in one place.
//
// Errors are `std::system_error`s carrying the system's error code; callers turn them into
// `io_error` issues that name the file and give the reason (`strerror`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <optional>
#include <system_error>
#include <utility>
#include <variant>

#include "vocfab/io/file_calls.h"

namespace vocfab::io_detail {

/// A file descriptor that closes itself. Move-only.
class Descriptor {
 public:
  Descriptor() = default;
  explicit Descriptor(int fd) noexcept : fd_(fd) {}
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor& operator=(Descriptor&& other) noexcept;
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { reset(); }

  int get() const noexcept { return fd_; }
  void reset() noexcept;
  /// Closes the descriptor, reporting the error `close` gives (EIO on some file systems). The
  /// descriptor is released either way: retrying `close` after EINTR is wrong on Linux.
  void close_checked();

 private:
  int fd_ = -1;
};

/// A file open for reading. Move-only; closes itself.
class InputFile {
 public:
  /// Opens @p path for reading.
  /// @throws std::system_error (ENOENT, EACCES, EISDIR for a directory, …)
  explicit InputFile(const std::filesystem::path& path);
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  /// True for a regular file, whose size is known; false for pipes, terminals and devices.
  bool regular() const noexcept { return regular_; }
  /// The size of a regular file when it was opened (0 for others).
  std::uint64_t size() const noexcept { return size_; }

  /// Reads up to @p capacity bytes at the current position; 0 at the end.
  /// @throws std::system_error on a read error
  std::size_t read(char* buffer, std::size_t capacity);
  /// Appends everything from the current position to the end to @p out.
  /// @throws std::system_error on a read error
  void read_to_end(std::string& out);
  /// Appends the whole file, from its first byte, to @p out (regular files only).
  /// @throws std::system_error on a read error
  void read_all_from_start(std::string& out);

 private:
  int fd_ = -1;
  bool regular_ = false;
  std::uint64_t size_ = 0;
};

/// The system's description of @p error (`strerror`), e.g. "No such file or directory".
std::string describe_system_error(const std::system_error& error);

/// Errors of the file module that have no errno of their own (category `file_error_category`).
enum class FileError {
  not_a_regular_file = 1,  ///< "not a regular file": a device, a pipe or a socket is never replaced.
};
/// The category of `FileError` codes; `message()` gives the reason in words.
const std::error_category& file_error_category() noexcept;
/// @p error as a `std::error_code` of `file_error_category`.
std::error_code make_error_code(FileError error) noexcept;

/// What `write_file_atomically` does when the target already exists.
enum class ExistingTarget {
  /// Replace it atomically (the default). It keeps its permission bits (never loosened) and, as
  /// far as the process may set them, its owner and group; when the group cannot be kept, the
  /// new file gets no group permissions rather than giving them to another group.
  replace,
  /// Create only: when anything exists at the path (a file, a directory, a symlink, even a
  /// dangling one), fail with `EEXIST` and leave it untouched. Checked atomically at the final
  /// step (`renameat2(RENAME_NOREPLACE)`, or `link` where the file system lacks it), so a file
  /// that appears while the data is being written is not replaced either.
  refuse,
};

/// The steps of `write_file_atomically`, in order (for fault injection in tests).
enum class AtomicWriteStep {
  created,  ///< The temporary file exists, with its final mode and owner.
  written,  ///< Every byte is written to it.
  synced,   ///< It is fsynced and closed.
  renamed,  ///< It has replaced (or, with `refuse`, become) the target; the directory is not synced yet.
};

/// How `write_file_atomically` writes.
struct AtomicWriteOptions {
  ExistingTarget existing = ExistingTarget::replace;  ///< Replace an existing file, or refuse to.
  /// The write, fsync and rename calls (null: the system's); a test fails them through this.
  FileCalls* calls = nullptr;
  /// Test hook: called after each step. Whatever it throws is handled like a failure of that
  /// step (the temporary file is removed; before `renamed` the target is untouched).
  std::function<void(AtomicWriteStep)> after_step;
};

/// Writes what @p write puts into the stream to @p path, atomically and durably, so that a crash
/// at any moment leaves either the old file or the new one, never a torn one:
///
/// 1. When @p path is a symlink (in `replace` mode), the file it points to is written (the link
///    is followed, to any depth up to 40 links; relative links from the link's directory), so a
///    link stays a link and the file it names is replaced atomically, as editors do. An existing
///    directory is refused (`EISDIR`), and so is anything that is not a regular file
///    (`FileError::not_a_regular_file`), before anything is written.
/// 2. A temporary file with a unique random name (`.<name>.vocfab-XXXXXXXXXXXX`) is created in the
///    same directory as the target with `O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC`, so no file or
///    symlink that happens to have that name is ever opened, followed or replaced.
/// 3. Its mode is set: an existing target's permission bits (`rwx` of owner, group and others;
///    set-id and sticky bits are not carried over) and, as far as allowed, its owner and group;
///    a new file is 0600 whatever the umask, since a registry holds personal data (KVKK).
/// 4. The data is written (short writes and `EINTR` retried), the file fsynced and closed, then
///    renamed over the target (or, with `refuse`, linked to it without replacing anything), and
///    finally the directory is fsynced so the rename itself survives a crash.
///
/// Concurrent writes to one path (threads or processes) each use their own temporary file; the
/// last rename wins and the file is always one complete document. A hard link elsewhere to the
/// old file keeps the old content (the name is replaced, not the old file's bytes).
///
/// On any failure before the rename the temporary file is removed and the target is left
/// exactly as it was; whatever @p write throws propagates after that cleanup. A failure to sync
/// the directory after the rename is reported too (the new content is in place, but its
/// durability is not assured); a file system that cannot sync directories at all (`EINVAL`) is
/// accepted.
/// @throws std::system_error with the reason (`ENOENT`, `ENOTDIR`, `EACCES`, `EISDIR`, `ELOOP`,
///         `EEXIST` with `refuse`, `ENOSPC`, `EFBIG`, `EIO`, …)
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write,
                           const AtomicWriteOptions& options = {});
/// `write_file_atomically` of the bytes @p content.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           const AtomicWriteOptions& options = {});

/// fsync(2) of @p fd through @p calls, retrying EINTR.
/// @throws std::system_error with @p what and the errno
void fsync_file(FileCalls& calls, int fd, const char* what);
/// Writes all of @p data at @p fd's position through @p calls (short writes and EINTR retried);
/// returns 0 or the errno.
int write_fully(FileCalls& calls, int fd, std::string_view data) noexcept;

/// A regular file open for reading, or for reading and writing at given offsets: a registry's
/// journal. Move-only; closes itself. Its writes, fsyncs and truncations go through the
/// `FileCalls` given, so tests can fail them.
class RandomAccessFile {
 public:
  RandomAccessFile() = default;
  /// Opens @p path (never through a symlink), for writing too when @p writable.
  /// @throws std::system_error (ENOENT, ELOOP, `FileError::not_a_regular_file`, …)
  RandomAccessFile(const std::filesystem::path& path, bool writable);

  /// Every byte of the file, read from its start.
  /// @throws std::system_error on a read error
  std::string read_all() const;
  /// Writes all of @p bytes at @p offset (short writes and EINTR retried).
  /// @throws std::system_error with the errno
  void write_at(FileCalls& calls, std::uint64_t offset, std::string_view bytes) const;
  /// fsync.
  /// @throws std::system_error with the errno
  void sync(FileCalls& calls) const;
  /// Cuts the file to @p size bytes, then fsyncs it.
  /// @throws std::system_error with the errno
  void truncate(FileCalls& calls, std::uint64_t size) const;

 private:
  Descriptor file_;
};

/// fsyncs the directory that holds @p path, so that a rename into it is durable; a file system
/// that cannot sync directories at all (`EINVAL`) is accepted.
/// @throws std::system_error with the errno
void sync_directory_of(FileCalls& calls, const std::filesystem::path& path);

/// Removes the temporary files that `write_file_atomically` calls to @p target left behind when
/// a crash cut them short (`.<name>.vocfab-XXXXXXXXXXXX` beside it); returns how many. Safe only
/// when no such write can be under way (a registry's writer lock). Never throws.
std::size_t remove_interrupted_writes(const std::filesystem::path& target);

/// An exclusive advisory lock on a lock file, held while the object lives: an
/// open-file-description lock (`F_OFD_SETLK`), released when the descriptor closes — never by
/// another descriptor of the same process closing, as POSIX record locks would be — and
/// excluding two opens within one process too; `flock` where those are not available. The holder
/// writes its process id into the file, so that a second writer can be told who holds it.
class FileLock {
 public:
  /// What trying the lock found when another open holds it.
  struct Refusal {
    std::optional<long> holder_pid;  ///< The process id the holder wrote, when it could be read.
  };
  /// Takes the lock on @p path (created 0600 when missing), without waiting.
  /// @throws std::system_error when the file cannot be opened or locked for another reason
  static std::variant<FileLock, Refusal> try_acquire(const std::filesystem::path& path);

 private:
  explicit FileLock(Descriptor file) noexcept : file_(std::move(file)) {}
  Descriptor file_;
};

}  // namespace vocfab::io_detail

template <>
struct std::is_error_code_enum<vocfab::io_detail::FileError> : std::true_type {};
