#include "io/file_system.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28)
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ostream>
#include <random>
#include <streambuf>
#include <system_error>
#include <utility>
#include <vector>

namespace vocfab::io_detail {
namespace {

[[noreturn]] void throw_errno(int error, const char* what) {
  throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

Descriptor& Descriptor::operator=(Descriptor&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void Descriptor::reset() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Descriptor::close_checked() {
  const int fd = std::exchange(fd_, -1);
  if (fd >= 0 && ::close(fd) != 0 && errno != EINTR) throw_errno(errno, "close");
}

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

// ---------------------------------------------------------------------------------------------
// Writing: write_file_atomically
// ---------------------------------------------------------------------------------------------

namespace {

class FileErrorCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "vocfab.file"; }
  std::string message(int value) const override {
    switch (static_cast<FileError>(value)) {
      case FileError::not_a_regular_file:
        return "not a regular file";
    }
    return "unknown file error";
  }
};

/// A file descriptor that closes itself.
/// The directory a path names, opened for `*at` calls (and for fsync).
Descriptor open_directory(const std::filesystem::path& directory) {
  for (;;) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) return Descriptor(fd);
    if (errno != EINTR) throw_errno(errno, "open directory");
  }
}

/// A target path as its directory and its last component.
struct Location {
  std::filesystem::path directory;
  std::string name;
};

Location locate(const std::filesystem::path& path) {
  if (path.empty()) throw_errno(ENOENT, "open");
  std::string name = path.filename().string();
  // "dir/", "/", "." and ".." name directories, never a file that could be written.
  if (name.empty() || name == "." || name == "..") throw_errno(EISDIR, "open");
  std::filesystem::path directory = path.parent_path();
  if (directory.empty()) directory = ".";
  return {std::move(directory), std::move(name)};
}

/// The text of the symlink @p name in @p directory.
std::string read_link(int directory, const std::string& name) {
  std::vector<char> buffer(256);
  for (;;) {
    const ssize_t got = ::readlinkat(directory, name.c_str(), buffer.data(), buffer.size());
    if (got < 0) throw_errno(errno, "readlink");
    if (static_cast<std::size_t>(got) < buffer.size()) return std::string(buffer.data(), static_cast<std::size_t>(got));
    buffer.resize(buffer.size() * 2);
  }
}

/// `fstatat` without following a symlink; false when nothing is there.
bool stat_at(int directory, const std::string& name, struct stat& status) {
  if (::fstatat(directory, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0) return true;
  if (errno == ENOENT) return false;
  throw_errno(errno, "stat");
}

/// Unpredictable text for temporary names: getrandom, or std::random_device where it fails.
// A temporary file's name: "." + the target's name (cut to keep within NAME_MAX) + ".vocfab-" +
// kTemporarySuffix random characters.
constexpr std::size_t kTemporarySuffix = 12;
std::string temporary_prefix(const std::string& target_name) { return "." + target_name.substr(0, 200) + ".vocfab-"; }

std::string random_suffix(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::array<unsigned char, 32> bytes{};
  std::size_t filled = 0;
  while (filled < length) {
    const ssize_t got = ::getrandom(bytes.data() + filled, length - filled, 0);
    if (got > 0) {
      filled += static_cast<std::size_t>(got);
    } else if (got == 0 || errno != EINTR) {  // no entropy source: the C++ library's
      std::random_device device;
      for (; filled < length; ++filled) bytes[filled] = static_cast<unsigned char>(device());
    }
  }
  std::string text(length, '\0');
  // 256 is a multiple of 62 only approximately; the slight bias costs nothing here (the names
  // need to be unpredictable and unique, and O_EXCL makes uniqueness certain).
  for (std::size_t i = 0; i < length; ++i) text[i] = kAlphabet[bytes[i] % kAlphabet.size()];
  return text;
}

/// A temporary file beside the target; removed by the destructor unless it was renamed away.
class TemporaryFile {
 public:
  TemporaryFile(int directory, const std::string& target_name) : directory_(directory) {
    // The temporary name embeds the target's (cut to keep within NAME_MAX) after a dot, so it is
    // hidden in listings and recognisable as belonging to that file.
    constexpr int kAttempts = 100;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      std::string candidate = temporary_prefix(target_name) + random_suffix(kTemporarySuffix);
      const int fd = ::openat(directory_, candidate.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
      if (fd >= 0) {
        name_ = std::move(candidate);
        file_ = Descriptor(fd);
        return;
      }
      if (errno == EEXIST || errno == EINTR) continue;  // taken (or interrupted): a new name
      throw_errno(errno, "create temporary file");
    }
    throw_errno(EEXIST, "create temporary file");
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    file_.reset();
    if (!name_.empty()) ::unlinkat(directory_, name_.c_str(), 0);
  }

  int fd() const noexcept { return file_.get(); }
  const std::string& name() const noexcept { return name_; }
  Descriptor& file() noexcept { return file_; }
  /// The file is no longer at its temporary name (renamed over the target): nothing to remove.
  void released() noexcept { name_.clear(); }
  /// Removes the temporary name now (after it was linked to the target).
  void remove() {
    if (::unlinkat(directory_, name_.c_str(), 0) != 0) throw_errno(errno, "unlink temporary file");
    name_.clear();
  }

 private:
  int directory_;
  std::string name_;
  Descriptor file_;
};

/// Writes all of @p size bytes, retrying short writes and EINTR; returns 0 or the errno.
int write_all(FileCalls& calls, int fd, const char* data, std::size_t size) noexcept {
  while (size > 0) {
    const long wrote = calls.write(fd, data, size, -1);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (wrote == 0) return EIO;  // no progress and no reason: never loop forever
    data += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
  return 0;
}

/// An output stream buffer over a file descriptor that remembers the first write error (streams
/// swallow exceptions of their buffers, so the error is kept here and thrown by the caller).
class DescriptorBuffer final : public std::streambuf {
 public:
  DescriptorBuffer(FileCalls& calls, int fd) : calls_(calls), fd_(fd), buffer_(kCapacity) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const noexcept { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }

  std::streamsize xsputn(const char* data, std::streamsize count) override {
    if (count <= 0) return 0;
    const auto size = static_cast<std::size_t>(count);
    if (size <= static_cast<std::size_t>(epptr() - pptr())) {
      std::memcpy(pptr(), data, size);
      pbump(static_cast<int>(size));
      return count;
    }
    if (!drain()) return 0;
    if (size < buffer_.size()) {
      std::memcpy(pptr(), data, size);
      pbump(static_cast<int>(size));
      return count;
    }
    if (!record(write_all(calls_, fd_, data, size))) return 0;
    return count;
  }

  int sync() override { return drain() ? 0 : -1; }

 private:
  static constexpr std::size_t kCapacity = std::size_t{1} << 16;

  bool record(int error) noexcept {
    if (error != 0 && error_ == 0) error_ = error;
    return error_ == 0;
  }
  bool drain() noexcept {
    if (error_ != 0) return false;
    const auto pending = static_cast<std::size_t>(pptr() - pbase());
    const bool ok = record(write_all(calls_, fd_, pbase(), pending));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok;
  }

  FileCalls& calls_;
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

void fsync_checked(FileCalls& calls, int fd, const char* what) {
  while (calls.fsync(fd) != 0) {
    if (errno != EINTR) throw_errno(errno, what);
  }
}

/// Gives the temporary file the target's permission bits, owner and group (as far as allowed),
/// or 0600 for a new file.
void set_mode(int fd, const struct stat* existing) {
  mode_t mode = S_IRUSR | S_IWUSR;
  if (existing != nullptr) {
    mode = existing->st_mode & (S_IRWXU | S_IRWXG | S_IRWXO);
    struct stat mine {};
    if (::fstat(fd, &mine) != 0) throw_errno(errno, "fstat");
    if (mine.st_uid != existing->st_uid || mine.st_gid != existing->st_gid) {
      // Only a privileged process may give a file away; an owner may still pick a group it
      // belongs to. Failing that the file is ours, which is no wider access for anyone else.
      if (::fchown(fd, existing->st_uid, existing->st_gid) != 0 && mine.st_gid != existing->st_gid) {
        (void)::fchown(fd, static_cast<uid_t>(-1), existing->st_gid);
      }
      if (::fstat(fd, &mine) != 0) throw_errno(errno, "fstat");
      // The old group's access must not pass to another group: without the group, no group bits.
      if (mine.st_gid != existing->st_gid) mode &= ~static_cast<mode_t>(S_IRWXG);
    }
  }
  if (::fchmod(fd, mode) != 0) throw_errno(errno, "fchmod");
}

/// Where a write in `replace` mode goes: @p path, or what its symlinks point to.
struct Destination {
  Location location;
  Descriptor directory;
  bool exists = false;
  struct stat status {};
};

Destination resolve(const std::filesystem::path& path, ExistingTarget existing) {
  constexpr int kMaxLinks = 40;  // as the kernel's own limit (MAXSYMLINKS)
  Destination destination;
  destination.location = locate(path);
  destination.directory = open_directory(destination.location.directory);
  for (int links = 0;; ++links) {
    Location& here = destination.location;
    destination.exists = stat_at(destination.directory.get(), here.name, destination.status);
    if (!destination.exists) return destination;
    if (existing == ExistingTarget::refuse) throw_errno(EEXIST, "create");
    if (!S_ISLNK(destination.status.st_mode)) break;
    if (links == kMaxLinks) throw_errno(ELOOP, "open");
    const std::filesystem::path link = read_link(destination.directory.get(), here.name);
    destination.location = locate(link.is_absolute() ? link : here.directory / link);
    destination.directory = open_directory(destination.location.directory);
  }
  if (S_ISDIR(destination.status.st_mode)) throw_errno(EISDIR, "open");
  if (!S_ISREG(destination.status.st_mode)) {
    throw std::system_error(make_error_code(FileError::not_a_regular_file), "open");
  }
  return destination;
}

/// Puts the finished temporary file at the target's name: replacing it, or only if it is absent.
void install(FileCalls& calls, int directory, TemporaryFile& temporary, const std::string& name,
             ExistingTarget existing) {
  if (existing == ExistingTarget::replace) {
    if (calls.rename(directory, temporary.name().c_str(), name.c_str(), true) != 0) throw_errno(errno, "rename");
    temporary.released();
    return;
  }
  if (calls.rename(directory, temporary.name().c_str(), name.c_str(), false) == 0) {
    temporary.released();
    return;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) throw_errno(errno, "rename");
  // A file system without RENAME_NOREPLACE: a hard link never replaces an existing name either.
  if (::linkat(directory, temporary.name().c_str(), directory, name.c_str(), 0) != 0) throw_errno(errno, "link");
  temporary.remove();
}

void step(const AtomicWriteOptions& options, AtomicWriteStep which) {
  if (options.after_step) options.after_step(which);
}

// fsync of an open directory. EINVAL means this file system cannot sync a directory at all,
// which is not an error of the write that asks.
void sync_directory(FileCalls& calls, int directory) {
  int result = 0;
  do {
    result = calls.fsync(directory);
  } while (result != 0 && errno == EINTR);
  if (result != 0 && errno != EINVAL) throw_errno(errno, "fsync directory");
}

FileCalls& calls_of(const AtomicWriteOptions& options) noexcept {
  return options.calls != nullptr ? *options.calls : FileCalls::system();
}

template <class Writer>
void write_atomically(const std::filesystem::path& path, const AtomicWriteOptions& options, Writer&& write) {
  FileCalls& calls = calls_of(options);
  Destination destination = resolve(path, options.existing);
  const int directory = destination.directory.get();
  TemporaryFile temporary(directory, destination.location.name);
  set_mode(temporary.fd(), destination.exists ? &destination.status : nullptr);
  step(options, AtomicWriteStep::created);
  write(temporary.fd());
  step(options, AtomicWriteStep::written);
  fsync_checked(calls, temporary.fd(), "fsync");
  temporary.file().close_checked();
  step(options, AtomicWriteStep::synced);
  install(calls, directory, temporary, destination.location.name, options.existing);
  step(options, AtomicWriteStep::renamed);
  // The rename is durable only once the directory is.
  sync_directory(calls, directory);
}

}  // namespace

void fsync_file(FileCalls& calls, int fd, const char* what) { fsync_checked(calls, fd, what); }

void sync_directory_of(FileCalls& calls, const std::filesystem::path& path) {
  std::filesystem::path directory = path.parent_path();
  if (directory.empty()) directory = ".";
  const Descriptor opened = open_directory(directory);
  sync_directory(calls, opened.get());
}

std::size_t remove_interrupted_writes(const std::filesystem::path& target) {
  std::filesystem::path directory = target.parent_path();
  if (directory.empty()) directory = ".";
  const std::string prefix = temporary_prefix(target.filename().string());
  std::size_t removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == prefix.size() + kTemporarySuffix && name.starts_with(prefix) && entry.is_regular_file(error)) {
      std::error_code ignored;
      if (std::filesystem::remove(entry.path(), ignored)) ++removed;
    }
  }
  return removed;
}

RandomAccessFile::RandomAccessFile(const std::filesystem::path& path, bool writable) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_errno(errno, "open");
  file_ = Descriptor(fd);
  struct stat status {};
  if (::fstat(fd, &status) != 0) throw_errno(errno, "stat");
  if (!S_ISREG(status.st_mode)) throw std::system_error(make_error_code(FileError::not_a_regular_file), "open");
}

std::string RandomAccessFile::read_all() const {
  std::string bytes;
  std::array<char, std::size_t{1} << 16> buffer{};
  for (std::uint64_t offset = 0;;) {
    const ssize_t got = ::pread(file_.get(), buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read");
    }
    if (got == 0) return bytes;
    bytes.append(buffer.data(), static_cast<std::size_t>(got));
    offset += static_cast<std::uint64_t>(got);
  }
}

void RandomAccessFile::write_at(FileCalls& calls, std::uint64_t offset, std::string_view bytes) const {
  while (!bytes.empty()) {
    const long wrote = calls.write(file_.get(), bytes.data(), bytes.size(), static_cast<std::int64_t>(offset));
    if (wrote < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write");
    }
    if (wrote == 0) throw_errno(EIO, "write");  // no progress and no reason: never loop forever
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
    offset += static_cast<std::uint64_t>(wrote);
  }
}

void RandomAccessFile::sync(FileCalls& calls) const { fsync_checked(calls, file_.get(), "fsync"); }

void RandomAccessFile::truncate(FileCalls& calls, std::uint64_t size) const {
  while (calls.truncate(file_.get(), static_cast<std::int64_t>(size)) != 0) {
    if (errno != EINTR) throw_errno(errno, "truncate");
  }
  sync(calls);
}

namespace {

// 0: locked; EWOULDBLOCK: held by another open; other: the errno.
int lock_exclusively(int fd) noexcept {
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

std::optional<long> pid_written_in(int fd) noexcept {
  std::array<char, 32> text{};
  const ssize_t got = ::pread(fd, text.data(), text.size() - 1, 0);
  if (got <= 0) return std::nullopt;
  long pid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + got, pid);
  if (error != std::errc() || end == text.data() || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

std::variant<FileLock, FileLock::Refusal> FileLock::try_acquire(const std::filesystem::path& path) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_errno(errno, "open lock file");
  FileLock held{Descriptor(fd)};
  if (const int result = lock_exclusively(fd); result != 0) {
    if (result == EWOULDBLOCK) return Refusal{pid_written_in(fd)};
    throw_errno(result, "lock");
  }
  // Who holds it, for the next one who tries; a failure here only loses that courtesy.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return held;
}

int write_fully(FileCalls& calls, int fd, std::string_view data) noexcept {
  return write_all(calls, fd, data.data(), data.size());
}

const std::error_category& file_error_category() noexcept {
  static const FileErrorCategory category;
  return category;
}

std::error_code make_error_code(FileError error) noexcept {
  return {static_cast<int>(error), file_error_category()};
}

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write,
                           const AtomicWriteOptions& options) {
  write_atomically(path, options, [&](int fd) {
    DescriptorBuffer buffer(calls_of(options), fd);
    std::ostream out(&buffer);
    write(out);
    out.flush();
    if (buffer.error() != 0) throw_errno(buffer.error(), "write");
    if (!out) throw_errno(EIO, "write");
  });
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           const AtomicWriteOptions& options) {
  write_atomically(path, options, [&](int fd) {
    if (const int error = write_all(calls_of(options), fd, content.data(), content.size()); error != 0) {
      throw_errno(error, "write");
    }
  });
}

}  // namespace vocfab::io_detail

namespace vocfab {

long FileCalls::write(int fd, const void* data, std::size_t size, std::int64_t offset) {
  return offset < 0 ? ::write(fd, data, size) : ::pwrite(fd, data, size, static_cast<off_t>(offset));
}

int FileCalls::fsync(int fd) { return ::fsync(fd); }

int FileCalls::rename(int directory, const char* from, const char* to, bool replace) {
  return replace ? ::renameat(directory, from, directory, to)
                 : ::renameat2(directory, from, directory, to, RENAME_NOREPLACE);
}

int FileCalls::truncate(int fd, std::int64_t size) { return ::ftruncate(fd, static_cast<off_t>(size)); }

FileCalls& FileCalls::system() noexcept {
  static FileCalls calls;
  return calls;
}

}  // namespace vocfab
