// The load benchmark's peer input: nlohmann's bare SAX parse reads a file through this.
//
// nlohmann/json reads its input one byte at a time through an iterator. `BlockStream` serves those
// bytes from large blocks of a file or a stream, so that byte-by-byte access never reaches the
// operating system or the stream's virtual calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <iterator>
#include <vector>

namespace vocfab::io_detail {

/// Bytes of a file range (read with pread) or of a stream, served in 1 MiB blocks.
class BlockStream {
 public:
  /// `length` bytes of the file `fd` from `offset`; the caller keeps `fd` open.
  BlockStream(int fd, std::uint64_t offset, std::uint64_t length);
  /// A stream, read to its end.
  explicit BlockStream(std::istream& stream);

  bool exhausted() const noexcept { return position_ == length_; }
  char current() const noexcept { return buffer_[position_]; }
  void advance() {
    if (++position_ == length_) next_block();
  }

 private:
  static constexpr std::size_t kBlock = 1 << 20;
  void next_block();

  int fd_ = -1;
  std::uint64_t offset_ = 0;  // next file offset to read
  std::uint64_t left_ = 0;    // file bytes not yet read
  std::istream* stream_ = nullptr;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t length_ = 0;
};

/// The input iterator nlohmann reads through.
class BlockIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  BlockIterator() = default;
  explicit BlockIterator(BlockStream& stream) : stream_(&stream) {}

  char operator*() const noexcept { return stream_->current(); }
  BlockIterator& operator++() {
    stream_->advance();
    return *this;
  }
  BlockIterator operator++(int) {
    BlockIterator previous = *this;
    stream_->advance();
    return previous;
  }
  friend bool operator==(const BlockIterator& a, const BlockIterator& b) noexcept { return a.done() == b.done(); }

 private:
  bool done() const noexcept { return stream_ == nullptr || stream_->exhausted(); }
  BlockStream* stream_ = nullptr;
};

}  // namespace vocfab::io_detail
