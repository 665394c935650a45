// Private to src/io (and the load benchmark, whose peer must read input the same way).
//
// nlohmann/json reads its input one byte at a time through an iterator. `BlockStream` serves those
// bytes from large blocks, and can stitch several pieces together — memory (a prefix or suffix the
// parallel reader adds), a range of a file read with pread, or a std::istream — so one document can
// be parsed as several smaller documents without copying the file into memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::io_detail {

/// Where a piece of input comes from.
struct InputPiece {
  std::string_view memory;     ///< Bytes held in memory (used when `fd` is negative and no stream).
  int fd = -1;                 ///< A file read with pread from `offset`, `length` bytes.
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::istream* stream = nullptr;  ///< A stream read to its end.

  static InputPiece of_memory(std::string_view text) { return InputPiece{text}; }
  static InputPiece of_file(int fd, std::uint64_t offset, std::uint64_t length) {
    return InputPiece{{}, fd, offset, length, nullptr};
  }
  static InputPiece of_stream(std::istream& stream) { return InputPiece{{}, -1, 0, 0, &stream}; }
};

/// Bytes of a list of pieces, in order, served in blocks.
class BlockStream {
 public:
  explicit BlockStream(std::vector<InputPiece> pieces);

  bool exhausted() const noexcept { return position_ == length_; }
  char current() const noexcept { return data_[position_]; }
  void advance() {
    if (++position_ == length_) next_block();
  }

 private:
  static constexpr std::size_t kBlock = 1 << 20;
  void next_block();

  std::vector<InputPiece> pieces_;
  std::size_t piece_ = 0;
  std::uint64_t piece_done_ = 0;  // bytes of the current piece already served
  std::vector<char> buffer_;
  const char* data_ = nullptr;
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
