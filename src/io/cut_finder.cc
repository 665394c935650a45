#include "io/cut_finder.h"

#include "vocfab/model/collection.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vocfab::io_detail {
namespace {

constexpr std::size_t kBlock = 64;

// Bit i of the result is the parity of bits 0..i of `bits`: with quote bits, it marks the bytes
// from an opening quote up to (not including) its closing quote.
constexpr std::uint64_t prefix_xor(std::uint64_t bits) noexcept {
  for (unsigned shift = 1; shift < 64; shift *= 2) bits ^= bits << shift;
  return bits;
}

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

BlockMasks classify_block_bytewise(const char* block) noexcept {
  BlockMasks masks;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    switch (block[i]) {
      case '"': masks.quote |= bit; break;
      case '\\': masks.backslash |= bit; break;
      case '\n': masks.newline |= bit; break;
      case '{':
      case '[': masks.open |= bit; break;
      case '}':
      case ']': masks.close |= bit; break;
      case ',': masks.comma |= bit; break;
      default: break;
    }
  }
  return masks;
}

BlockMasks classify_block(const char* block) noexcept {
#if defined(__SSE2__)
  // '[' and ']' are '{' and '}' without bit 0x20, so one comparison after setting that bit
  // finds both brackets of a kind.
  const __m128i bit_0x20 = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i comma = _mm_set1_epi8(',');
  BlockMasks masks;
  for (unsigned lane = 0; lane < kBlock / 16; ++lane) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * lane));
    const __m128i folded = _mm_or_si128(bytes, bit_0x20);
    const auto bits = [lane](__m128i equal) {
      return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(equal))} << (16 * lane);
    };
    masks.quote |= bits(_mm_cmpeq_epi8(bytes, quote));
    masks.backslash |= bits(_mm_cmpeq_epi8(bytes, backslash));
    masks.newline |= bits(_mm_cmpeq_epi8(bytes, newline));
    masks.open |= bits(_mm_cmpeq_epi8(folded, open));
    masks.close |= bits(_mm_cmpeq_epi8(folded, close));
    masks.comma |= bits(_mm_cmpeq_epi8(bytes, comma));
  }
  return masks;
#else
  return classify_block_bytewise(block);
#endif
}

void CutFinder::load_block(const BlockMasks& masks) {
  // A backslash escapes the next byte unless it is escaped itself. Backslashes are rare, so
  // they are walked one by one.
  std::uint64_t escaped = 0;
  std::uint64_t backslashes = masks.backslash;
  if (escape_carry_) {
    escaped = 1;
    backslashes &= ~std::uint64_t{1};
  }
  escape_carry_ = false;
  while (backslashes != 0) {
    const std::uint64_t bit = backslashes & (~backslashes + 1);
    if (bit >> 63) {
      escape_carry_ = true;
      break;
    }
    escaped |= bit << 1;
    backslashes &= ~(bit | (bit << 1));
  }
  const std::uint64_t in_string = prefix_xor(masks.quote & ~escaped) ^ in_string_carry_;
  in_string_carry_ = std::uint64_t{0} - (in_string >> 63);
  events_ = (masks.open | masks.close | masks.comma) & ~in_string;
  block_newlines_ = masks.newline;
  block_loaded_ = true;
}

std::optional<Cut> CutFinder::take_events(const ScanWindow& window) {
  while (events_ != 0) {
    const auto bit = static_cast<unsigned>(std::countr_zero(events_));
    events_ &= events_ - 1;
    const std::uint64_t offset = block_offset_ + bit;
    if (auto cut = on_event(window, offset, window.data[offset - window.begin])) return cut;
  }
  return std::nullopt;
}

std::optional<Cut> CutFinder::scan(const ScanWindow& window) {
  for (;;) {
    if (block_loaded_) {
      if (auto cut = take_events(window)) return cut;
      lines_before_block_ += static_cast<std::uint64_t>(std::popcount(block_newlines_));
      if (block_newlines_ != 0) {
        line_start_before_block_ = block_offset_ + 64 - static_cast<std::uint64_t>(std::countl_zero(block_newlines_));
      }
      block_offset_ += kBlock;
      block_loaded_ = false;
    }
    if (broken_ || block_offset_ + kBlock > window.end) return std::nullopt;
    load_block(classify_block(window.data + (block_offset_ - window.begin)));
  }
}

std::optional<Cut> CutFinder::finish(const ScanWindow& window) {
  if (auto cut = scan(window)) return cut;
  if (broken_ || block_offset_ >= window.end) return std::nullopt;
  // The last, partial block, padded with spaces (which change nothing).
  char padded[kBlock];
  std::memset(padded, ' ', kBlock);
  std::memcpy(padded, window.data + (block_offset_ - window.begin), window.end - block_offset_);
  load_block(classify_block(padded));
  return scan(window);
}

std::optional<Cut> CutFinder::on_event(const ScanWindow& window, std::uint64_t offset, char c) {
  if (key_from_) resolve_key(window, offset);
  switch (c) {
    case '{':
    case '[': {
      std::optional<Cut> cut;
      if (c == '{' && in_collection() && offset >= next_target_ && comma_follows_record_ &&
          follows_comma(window, offset)) {
        const std::uint64_t newlines_before = block_newlines_ & ((std::uint64_t{1} << (offset - block_offset_)) - 1);
        const std::uint64_t line_start =
            newlines_before == 0 ? line_start_before_block_
                                 : block_offset_ + 64 - static_cast<std::uint64_t>(std::countl_zero(newlines_before));
        cut = Cut{*comma_,
                  offset,
                  array_key_,
                  commas_,
                  1 + lines_before_block_ + static_cast<std::uint64_t>(std::popcount(newlines_before)),
                  offset - line_start + 1};
        next_target_ = offset + part_size_;
      }
      ++depth_;
      if (depth_ == 1) {
        outer_ = c;
        if (c == '{') key_from_ = offset + 1;
      } else if (depth_ == 2) {
        inner_ = c;
        if (c == '[') {
          commas_ = 0;
          comma_.reset();
          record_end_.reset();
          comma_follows_record_ = false;
          array_key_ = parse_collection(last_key_) ? last_key_ : std::string();
        }
      }
      return cut;
    }
    case '}':
    case ']':
      if (depth_ == 0) {
        broken_ = true;  // unbalanced: nlohmann reports it; no more cuts
        events_ = 0;
      } else {
        --depth_;
        if (c == '}' && in_collection()) record_end_ = offset;  // a record of the collection closed
      }
      return std::nullopt;
    default:  // ','
      if (depth_ == 1) {
        key_from_ = offset + 1;
      } else if (in_collection()) {
        ++commas_;
        comma_follows_record_ = record_end_ && only_space_between(window, *record_end_, offset);
        comma_ = offset;
      }
      return std::nullopt;
  }
}

// The bytes from `key_from_` to `end` (the next bracket or comma) hold one top-level member:
// white space, its key, then its value.
void CutFinder::resolve_key(const ScanWindow& window, std::uint64_t end) {
  const std::uint64_t from = *key_from_;
  key_from_.reset();
  if (from < window.begin) {  // not in memory: let the document be read whole
    irregular_ = true;
    return;
  }
  const char* p = window.data + (from - window.begin);
  const char* const stop = window.data + (end - window.begin);
  while (p < stop && is_space(*p)) ++p;
  if (p == stop || *p != '"') return;  // an empty object, or input nlohmann will reject
  const char* const key_end = std::find_if(p + 1, stop, [](char c) { return c == '"' || c == '\\'; });
  if (key_end == stop || *key_end == '\\') {
    irregular_ = true;
    last_key_.clear();
    return;
  }
  std::string key(p + 1, key_end);
  if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) irregular_ = true;
  keys_.push_back(key);
  last_key_ = std::move(key);
}

bool CutFinder::follows_comma(const ScanWindow& window, std::uint64_t offset) const {
  return comma_ && only_space_between(window, *comma_, offset);
}

// True when the bytes strictly between offsets `after` and `before` are JSON white space (and
// still in memory).
bool CutFinder::only_space_between(const ScanWindow& window, std::uint64_t after, std::uint64_t before) const {
  if (after < window.begin) return false;
  for (std::uint64_t at = after + 1; at < before; ++at) {
    if (!is_space(window.data[at - window.begin])) return false;
  }
  return true;
}

}  // namespace vocfab::io_detail
