#include "io/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace vocfab::io_detail {
namespace {

[[noreturn]] void throw_errno(int error, const char* what) {
  throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

InputFile::InputFile(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_errno(errno, "open");
  struct stat status {};
  if (::fstat(fd_, &status) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    throw_errno(error, "fstat");
  }
  if (S_ISDIR(status.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw_errno(EISDIR, "open");
  }
  regular_ = S_ISREG(status.st_mode);
  size_ = regular_ ? static_cast<std::uint64_t>(status.st_size) : 0;
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), regular_(other.regular_), size_(other.size_) {}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(char* buffer, std::size_t capacity) {
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, capacity);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) throw_errno(errno, "read");
  }
}

void InputFile::read_to_end(std::string& out) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  if (regular_) out.reserve(out.size() + static_cast<std::size_t>(size_));
  for (;;) {
    const std::size_t filled = out.size();
    out.resize(filled + kChunk);
    const std::size_t got = read(out.data() + filled, kChunk);
    out.resize(filled + got);
    if (got == 0) return;
  }
}

void InputFile::read_all_from_start(std::string& out) {
  if (::lseek(fd_, 0, SEEK_SET) < 0) throw_errno(errno, "lseek");
  read_to_end(out);
}

std::string describe_system_error(const std::system_error& error) { return error.code().message(); }

}  // namespace vocfab::io_detail
