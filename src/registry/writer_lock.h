// Private to src/registry: the advisory lock that lets one writer at a time open a registry.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace vocfab::registry_detail {

/// An exclusive advisory lock on a lock file, held while the object lives. Open-file-description
/// locks (`F_OFD_SETLK`): released when the descriptor closes, never by another descriptor of
/// the same process closing (as POSIX record locks would be), and they exclude two opens within
/// one process too. Where they are not available, `flock`. The holder writes its process id into
/// the file, so that a second writer can be told who holds it.
class WriterLock {
 public:
  /// What trying the lock found.
  struct Refusal {
    std::optional<long> holder_pid;  ///< The process id the holder wrote, when it could be read.
  };

  /// Takes the lock on @p path (created 0600 when missing), without waiting.
  /// @return the lock, or the refusal when another open holds it
  /// @throws std::system_error when the file cannot be opened or locked for another reason
  static std::variant<WriterLock, Refusal> try_acquire(const std::filesystem::path& path);

  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&&) = delete;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace vocfab::registry_detail
