// A `FileCalls` that fails the Nth write, fsync, rename or truncate it is asked for, or writes
// short, so a test can step a failure through every call a batch or a checkpoint makes.
#pragma once

#include "vocfab/io/file_calls.h"

#include <cerrno>
#include <cstddef>
#include <mutex>
#include <array>

namespace vocfab::testing {

enum class CallKind { write, fsync, rename, truncate };

class FaultyCalls final : public FileCalls {
 public:
  /// From now on, fail call @p n (from 1) of @p kind with @p error, counting calls of that kind
  /// from now; failures of other kinds armed before stay armed.
  void fail(CallKind kind, std::size_t n, int error = EIO) {
    std::lock_guard guard(mutex_);
    armed_[static_cast<std::size_t>(kind)] = Armed{n, error};
    triggered_ = false;
  }
  /// Fail nothing more.
  void heal() {
    std::lock_guard guard(mutex_);
    armed_ = {};
  }
  /// Whether the armed failure happened.
  bool triggered() const {
    std::lock_guard guard(mutex_);
    return triggered_;
  }
  /// Every write hands over at most half of what it is given (at least a byte).
  void write_short(bool on) {
    std::lock_guard guard(mutex_);
    short_ = on;
  }

  long write(int fd, const void* data, std::size_t size, std::int64_t offset) override {
    if (fails(CallKind::write)) return -1;
    bool halve = false;
    {
      std::lock_guard guard(mutex_);
      halve = short_;
    }
    return FileCalls::write(fd, data, halve && size > 1 ? size / 2 : size, offset);
  }
  int fsync(int fd) override { return fails(CallKind::fsync) ? -1 : FileCalls::fsync(fd); }
  int rename(int directory, const char* from, const char* to, bool replace) override {
    return fails(CallKind::rename) ? -1 : FileCalls::rename(directory, from, to, replace);
  }
  int truncate(int fd, std::int64_t size) override {
    return fails(CallKind::truncate) ? -1 : FileCalls::truncate(fd, size);
  }

 private:
  struct Armed {
    std::size_t left = 0;  // calls until the failing one (0: none armed)
    int error = EIO;
  };

  bool fails(CallKind kind) {
    std::lock_guard guard(mutex_);
    Armed& armed = armed_[static_cast<std::size_t>(kind)];
    if (armed.left == 0 || --armed.left > 0) return false;
    triggered_ = true;
    errno = armed.error;
    return true;
  }

  mutable std::mutex mutex_;
  std::array<Armed, 4> armed_{};
  bool triggered_ = false;
  bool short_ = false;
};

}  // namespace vocfab::testing
