// Private to src/io and its tests: where a large dataset document can be cut into parts.
//
// The parallel reader (json_reader.cc) parses a large document in parts that start at a record
// of a top-level collection. `CutFinder` finds those places in one pass over the bytes, ahead of
// the parser. It follows only what a cut depends on — strings and their escapes, nesting, the
// top-level keys and the commas of the collection arrays — and nothing else: nlohmann still
// parses every byte, so malformed input is reported exactly as when the document is read whole.
//
// The scan works on 64-byte blocks turned into bit masks (quotes, backslashes, brackets, commas,
// newlines), so the cost per byte is a few instructions rather than a branch per byte; only
// brackets and commas outside strings are looked at one by one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vocfab::io_detail {

/// One place to cut: the part before ends at `comma`; the next part reopens `collection` and
/// resumes with the record at `record`.
struct Cut {
  std::uint64_t comma = 0;   ///< offset of the ',' before the record
  std::uint64_t record = 0;  ///< offset of the record's '{'
  std::string collection;    ///< the collection holding the record
  std::size_t index = 0;     ///< the record's index in its collection
  std::uint64_t line = 1;    ///< line of the record's '{' (1-based)
  std::uint64_t column = 1;  ///< column of the record's '{' (1-based, in bytes)

  friend bool operator==(const Cut&, const Cut&) = default;
};

/// The bytes of the document in memory: offsets [begin, end) at `data`.
struct ScanWindow {
  const char* data = nullptr;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

/// Bit i of each mask is set when byte i of a 64-byte block is that character.
struct BlockMasks {
  std::uint64_t quote = 0;      ///< '"'
  std::uint64_t backslash = 0;  ///< '\\'
  std::uint64_t newline = 0;    ///< '\n'
  std::uint64_t open = 0;       ///< '{' or '['
  std::uint64_t close = 0;      ///< '}' or ']'
  std::uint64_t comma = 0;      ///< ','

  friend bool operator==(const BlockMasks&, const BlockMasks&) = default;
};

/// The masks of the 64 bytes at @p block (SSE2 where the target has it).
BlockMasks classify_block(const char* block) noexcept;
/// The same, one byte at a time (the portable version, and the reference in tests).
BlockMasks classify_block_bytewise(const char* block) noexcept;

/// Finds cuts about every `part_size` bytes: at the first record of a top-level collection that
/// starts at least `part_size` bytes after the previous cut and lies between two records — its
/// `{` follows a comma that follows the `}` of the record before, with only white space between.
/// There, and only there, a parser of the whole document is in the state a reopened part starts
/// in, so the parts find the document's first error where reading it whole finds it.
class CutFinder {
 public:
  explicit CutFinder(std::uint64_t part_size) : part_size_(part_size), next_target_(part_size) {}

  /// Scans on through the whole 64-byte blocks of @p window (which must hold every byte from the
  /// last cut's record on, or from the start of the document) and returns the next cut, if any.
  /// Call again with the same bytes (rebased if the caller moved them) after a cut.
  std::optional<Cut> scan(const ScanWindow& window);
  /// Like `scan`, at the end of the document: also scans the last, partial block.
  std::optional<Cut> finish(const ScanWindow& window);

  /// True when the document has a shape the parts cannot reproduce exactly — a top-level key
  /// written twice or with escapes — so it must be read whole instead.
  bool irregular() const noexcept { return irregular_; }

 private:
  void load_block(const BlockMasks& masks);
  std::optional<Cut> take_events(const ScanWindow& window);
  std::optional<Cut> on_event(const ScanWindow& window, std::uint64_t offset, char c);
  void resolve_key(const ScanWindow& window, std::uint64_t end);
  bool follows_comma(const ScanWindow& window, std::uint64_t offset) const;
  bool only_space_between(const ScanWindow& window, std::uint64_t after, std::uint64_t before) const;
  bool in_collection() const noexcept {
    return depth_ == 2 && outer_ == '{' && inner_ == '[' && !array_key_.empty();
  }

  std::uint64_t part_size_;
  std::uint64_t next_target_;

  // The block being looked at: its offset, its events not yet handled, its newlines.
  std::uint64_t block_offset_ = 0;
  bool block_loaded_ = false;
  std::uint64_t events_ = 0;
  std::uint64_t block_newlines_ = 0;
  // Carried from one block to the next.
  bool escape_carry_ = false;       // the block ended with a backslash that escapes the next byte
  std::uint64_t in_string_carry_ = 0;  // all ones when the block ended inside a string
  std::uint64_t lines_before_block_ = 0;
  std::uint64_t line_start_before_block_ = 0;

  // Structure: nesting depth and the kind of the two outer containers.
  std::size_t depth_ = 0;
  char outer_ = 0;
  char inner_ = 0;
  bool broken_ = false;
  bool irregular_ = false;
  // A top-level key begins after this offset (set after '{' or ',' at depth 1).
  std::optional<std::uint64_t> key_from_;
  std::vector<std::string> keys_;
  std::string last_key_;
  std::string array_key_;
  std::size_t commas_ = 0;
  std::optional<std::uint64_t> comma_;            // the last comma of the collection array
  std::optional<std::uint64_t> record_end_;       // the last `}` that closed a record of it
  bool comma_follows_record_ = false;             // `comma_` directly follows `record_end_`
};

}  // namespace vocfab::io_detail
