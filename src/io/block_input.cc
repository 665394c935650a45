#include "io/block_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace vocfab::io_detail {

BlockStream::BlockStream(std::vector<InputPiece> pieces) : pieces_(std::move(pieces)) { next_block(); }

void BlockStream::next_block() {
  position_ = 0;
  length_ = 0;
  while (piece_ < pieces_.size()) {
    const InputPiece& piece = pieces_[piece_];
    if (piece.stream != nullptr) {
      buffer_.resize(kBlock);
      piece.stream->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      length_ = static_cast<std::size_t>(piece.stream->gcount());
      data_ = buffer_.data();
    } else if (piece.fd >= 0) {
      const std::uint64_t left = piece.length - piece_done_;
      buffer_.resize(kBlock);
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer_.size()));
      ssize_t got = 0;
      do {
        got = ::pread(piece.fd, buffer_.data(), want, static_cast<off_t>(piece.offset + piece_done_));
      } while (got < 0 && errno == EINTR);
      if (got < 0) throw std::system_error(errno, std::generic_category(), "reading the dataset file");
      length_ = static_cast<std::size_t>(got);
      piece_done_ += length_;
      data_ = buffer_.data();
    } else {
      // Memory is served in place, in one block.
      if (piece_done_ == 0 && !piece.memory.empty()) {
        data_ = piece.memory.data();
        length_ = piece.memory.size();
        piece_done_ = length_;
      }
    }
    if (length_ > 0) {
      const bool piece_finished = piece.stream != nullptr ? false
                                  : piece.fd >= 0         ? piece_done_ >= piece.length
                                                          : true;
      if (piece_finished) {
        ++piece_;
        piece_done_ = 0;
      }
      return;
    }
    ++piece_;  // an empty or finished piece (end of stream, end of file range)
    piece_done_ = 0;
  }
}

}  // namespace vocfab::io_detail
