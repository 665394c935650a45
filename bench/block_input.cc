#include "block_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace vocfab::io_detail {

BlockStream::BlockStream(int fd, std::uint64_t offset, std::uint64_t length)
    : fd_(fd), offset_(offset), left_(length), buffer_(kBlock) {
  next_block();
}

BlockStream::BlockStream(std::istream& stream) : stream_(&stream), buffer_(kBlock) { next_block(); }

void BlockStream::next_block() {
  position_ = 0;
  length_ = 0;
  if (stream_ != nullptr) {
    stream_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    length_ = static_cast<std::size_t>(stream_->gcount());
    return;
  }
  if (left_ == 0) return;
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left_, buffer_.size()));
  ssize_t got = 0;
  do {
    got = ::pread(fd_, buffer_.data(), want, static_cast<off_t>(offset_));
  } while (got < 0 && errno == EINTR);
  if (got < 0) throw std::system_error(errno, std::generic_category(), "reading the dataset file");
  length_ = static_cast<std::size_t>(got);  // 0 when the file is shorter than expected: the end
  offset_ += length_;
  left_ = got == 0 ? 0 : left_ - length_;
}

}  // namespace vocfab::io_detail
