// UUID text for entity ids. The type is Boost.Uuid; the text conversions are hand-written.
//
// Why not boost::uuids::string_generator / to_string: every record carries one to three UUIDs
// (~10 million in a national-scale file), and parse_uuid was the reader's largest hot spot
// (docs/performance.md, hot spot 1). Boost 1.74's string_generator scans the text character by
// character, looking each one up in a digit table and checking for braces and dashes as it goes;
// behind our own shape check it measured ~10x slower than the single pass below
// (bench/uuid_parse_bench.cc compares the two). The interchange format accepts only the canonical
// 36-character layout anyway, so one pass with fixed dash positions is all that is needed.
// tests/model/id_test.cc checks that both agree on every canonical text.
#include "vocfab/model/id.h"

#include <array>
#include <cstdint>

namespace vocfab {
namespace {

// Value of each byte as a hex digit (either case), or -1.
constexpr std::array<std::int8_t, 256> kHexValue = [] {
  std::array<std::int8_t, 256> table{};
  for (auto& value : table) value = -1;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
  return table;
}();

// Offset in the canonical text of the first hex digit of each of the 16 bytes
// (8-4-4-4-12 digits, dashes at 8, 13, 18 and 23).
constexpr std::array<std::uint8_t, 16> kByteOffset = {0,  2,  4,  6,  9,  11, 14, 16,
                                                      19, 21, 24, 26, 28, 30, 32, 34};

constexpr char kLowerHexDigits[] = "0123456789abcdef";

}  // namespace

std::optional<boost::uuids::uuid> parse_uuid(std::string_view text) noexcept {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
    return std::nullopt;
  }
  boost::uuids::uuid uuid{};
  int bad = 0;  // Any negative table value turns the sign bit on; checked once at the end.
  for (std::size_t byte = 0; byte < 16; ++byte) {
    const std::size_t at = kByteOffset[byte];
    const int high = kHexValue[static_cast<unsigned char>(text[at])];
    const int low = kHexValue[static_cast<unsigned char>(text[at + 1])];
    bad |= high | low;
    uuid.data[byte] = static_cast<std::uint8_t>(((high & 0x0f) << 4) | (low & 0x0f));
  }
  if (bad < 0) return std::nullopt;
  return uuid;
}

std::string uuid_to_string(const boost::uuids::uuid& uuid) {
  std::string text(36, '-');  // Lower-case hex, as boost::uuids::to_string prints.
  for (std::size_t byte = 0; byte < 16; ++byte) {
    const std::size_t at = kByteOffset[byte];
    text[at] = kLowerHexDigits[uuid.data[byte] >> 4];
    text[at + 1] = kLowerHexDigits[uuid.data[byte] & 0x0f];
  }
  return text;
}

}  // namespace vocfab
