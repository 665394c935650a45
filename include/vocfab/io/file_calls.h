/// @file
/// The system calls that decide whether data reaches the disk — write, fsync, rename and
/// truncate — behind one interface, so that a test can make any one of them fail or write short
/// and check what the library does then (as LevelDB's `Env` lets its tests inject faults).
///
/// The library makes these calls through `FileCalls::system()` unless a caller gives another
/// object (`WriteOptions::calls`, `RegistryOptions::calls`). Each call has the contract of the
/// system call it stands for: it returns -1 and sets `errno` on failure, and `write` may write
/// fewer bytes than asked (the library then writes the rest).
///
/// Thread-safety: `system()` keeps no state and may be used from any thread. An object given to
/// the library must allow the calls the library makes from the threads it makes them on (a
/// registry makes them from the thread that commits, one at a time).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vocfab {

/// The durability-deciding system calls, overridable for fault injection.
class FileCalls {
 public:
  virtual ~FileCalls() = default;

  /// `write(2)` when @p offset is negative, `pwrite(2)` at @p offset otherwise.
  virtual long write(int fd, const void* data, std::size_t size, std::int64_t offset);
  /// `fsync(2)` of a file or a directory.
  virtual int fsync(int fd);
  /// `renameat(2)` of @p from to @p to within the directory @p directory; with @p replace false,
  /// `renameat2(2)` with `RENAME_NOREPLACE` (fails with `EEXIST` when @p to exists).
  virtual int rename(int directory, const char* from, const char* to, bool replace);
  /// `ftruncate(2)`.
  virtual int truncate(int fd, std::int64_t size);

  /// The real system calls.
  static FileCalls& system() noexcept;
};

}  // namespace vocfab
