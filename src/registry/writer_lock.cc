#include "registry/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <system_error>
#include <utility>

namespace vocfab::registry_detail {

namespace {

[[noreturn]] void throw_errno(int error, const char* what) { throw std::system_error(error, std::generic_category(), what); }

// 0: locked; EWOULDBLOCK: held by another; other: the errno.
int lock(int fd) noexcept {
  struct flock whole {};
  whole.l_type = F_WRLCK;
  whole.l_whence = SEEK_SET;
  for (;;) {
    if (::fcntl(fd, F_OFD_SETLK, &whole) == 0) return 0;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return EWOULDBLOCK;
    if (errno != EINVAL) return errno;
    break;  // no open-file-description locks here: flock has the same scope
  }
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
    if (errno == EINTR) continue;
    return errno == EWOULDBLOCK ? EWOULDBLOCK : errno;
  }
}

std::optional<long> read_pid(int fd) noexcept {
  char text[32] = {};
  const ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
  if (got <= 0) return std::nullopt;
  long pid = 0;
  const auto [end, error] = std::from_chars(text, text + got, pid);
  if (error != std::errc() || end == text || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

std::variant<WriterLock, WriterLock::Refusal> WriterLock::try_acquire(const std::filesystem::path& path) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_errno(errno, "open lock file");
  WriterLock held(fd);
  if (const int result = lock(fd); result != 0) {
    if (result == EWOULDBLOCK) return Refusal{read_pid(fd)};
    throw_errno(result, "lock");
  }
  // Who holds it, for the next one who tries; a failure here only loses that courtesy.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return held;
}

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace vocfab::registry_detail
