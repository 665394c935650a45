#include "vocfab/model/masking.h"

#include "vocfab/model/national_id.h"

#include "vocfab/model/text.h"

namespace vocfab {
namespace {

constexpr std::size_t kMaskFrom = 11;  // digits in a group from which it is masked (a national id has 11)
constexpr std::size_t kKeepFirst = 3;
constexpr std::size_t kKeepLast = 2;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_group_separator(char c) noexcept { return c == ' ' || c == '-' || c == '.' || c == '/'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_alnum(char c) noexcept { return is_hex(c) || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z'); }

// True when a UUID in canonical form (8-4-4-4-12 hex digits) starts at @p at as a word of its
// own: an identifier, never a national id, whatever digits it holds.
bool uuid_at(std::string_view text, std::size_t at) noexcept {
  constexpr std::size_t kLength = 36;
  if (at + kLength > text.size() || (at > 0 && is_alnum(text[at - 1]))) return false;
  if (at + kLength < text.size() && is_alnum(text[at + kLength])) return false;
  for (std::size_t i = 0; i < kLength; ++i) {
    const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen ? text[at + i] != '-' : !is_hex(text[at + i])) return false;
  }
  return true;
}

}  // namespace

std::string mask_national_ids(std::string_view text) {
  std::string out(text);
  std::size_t i = 0;
  while (i < text.size()) {
    if (uuid_at(text, i)) {
      i += 36;
      continue;
    }
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    // A group: digits, with single separators between them.
    std::size_t end = i;
    std::size_t digits = 0;
    while (end < text.size()) {
      if (is_digit(text[end])) {
        ++digits;
        ++end;
      } else if (is_group_separator(text[end]) && end + 1 < text.size() && is_digit(text[end + 1])) {
        ++end;
      } else {
        break;
      }
    }
    if (digits >= kMaskFrom) {
      std::size_t seen = 0;
      for (std::size_t at = i; at < end; ++at) {
        if (!is_digit(text[at])) continue;
        if (seen >= kKeepFirst && seen < digits - kKeepLast) out[at] = '*';
        ++seen;
      }
    }
    i = end;
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t characters) {
  std::string out;
  out.reserve(std::min(text.size(), characters * 4) + 3);
  std::size_t taken = 0;
  std::size_t at = 0;
  while (at < text.size() && taken < characters) {
    const Utf8Char c = next_utf8_char(text, at);
    if (!c.valid || is_control(c.code_point)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out.append(text.substr(at, c.length));
    }
    at += c.length;
    ++taken;
  }
  if (at < text.size()) out += "...";
  return out;
}

std::string quote_value(std::string_view text) {
  // Masked before it is cut, so a cut can never leave more of a number than the mask would.
  // Only a prefix is looked at (a value may be megabytes long): the bytes an excerpt can show and
  // enough beyond them that a number running past them is seen whole enough to be masked. A
  // prefix cut short of the text is longer than any excerpt, so the excerpt shows the cut.
  constexpr std::size_t kLookedAt = kQuotedCharacters * 4 + 64;
  std::string quoted = "'";
  quoted += excerpt(mask_national_ids(text.substr(0, kLookedAt)), kQuotedCharacters);
  quoted += '\'';
  return quoted;
}

bool holds_national_id(std::string_view text) noexcept {
  std::size_t run = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++run;
      continue;
    }
    if (run == 11 && NationalId::parse(text.substr(i - run, run))) return true;
    run = 0;
  }
  return false;
}

}  // namespace vocfab
