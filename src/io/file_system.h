// Private to src/io: every operating-system call the library makes on files, in one place.
//
// Errors are `std::system_error`s carrying the system's error code; callers turn them into
// `io_error` issues that name the file and give the reason (`strerror`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace vocfab::io_detail {

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

}  // namespace vocfab::io_detail
