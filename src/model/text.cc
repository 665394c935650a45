#include "vocfab/model/text.h"

#include <algorithm>
#include <array>

namespace vocfab {
namespace {

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }


bool email_shaped(std::string_view text) noexcept {
  const auto at = text.find('@');
  return at != std::string_view::npos && at > 0 && text.find('@', at + 1) == std::string_view::npos &&
         text.find('.', at + 2) != std::string_view::npos && text.back() != '.' &&
         text.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool digits_shaped(std::string_view text, bool with_dot) noexcept {
  const std::size_t length = with_dot ? 7 : 4;
  if (text.size() != length) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool ok = (with_dot && i == 4) ? text[i] == '.' : (text[i] >= '0' && text[i] <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Utf8Char next_utf8_char(std::string_view text, std::size_t at) noexcept {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return {0xFFFD, 1, false};
  }
  if (at + length > text.size()) return {0xFFFD, 1, false};
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[at + i]);
    if (!is_continuation(byte)) return {0xFFFD, 1, false};
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  if (code_point < minimum || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    return {0xFFFD, 1, false};
  }
  return {code_point, length, true};
}

bool is_control(char32_t c) noexcept { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool is_invisible(char32_t c) noexcept {
  switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x115F: case 0x1160: case 0x1680: case 0x180E: case 0x3000: case 0x3164: case 0xFEFF:
    case 0xFFA0:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x2064);
  }
}

// What an ASCII character is, for the text rules, as bits of one table entry.
enum AsciiClass : unsigned char { kControl = 1, kSpace = 2, kNotInAName = 4, kLineBreakOrTab = 8 };
constexpr std::array<unsigned char, 128> kAsciiClasses = [] {
  std::array<unsigned char, 128> classes{};
  for (int c = 0; c < 0x20; ++c) classes[c] = kControl;
  classes[0x7F] = kControl;
  for (int c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20}) classes[c] |= kSpace;
  for (int c : {'\t', '\n', '\r'}) classes[c] |= kLineBreakOrTab;
  for (int c = '0'; c <= '9'; ++c) classes[c] |= kNotInAName;
  for (char c : std::string_view("!\"#$%&()*+,/:;<=>?@[\\]^_`{|}~")) classes[static_cast<unsigned char>(c)] |= kNotInAName;
  return classes;
}();

namespace {

// True when no character of @p text breaks @p rule and it is not too long (its shape aside); false
// means "look closer". The reader calls `text_problem` for every text field it decodes, and nearly
// every text is clean, so this pass only gathers what it sees (one table lookup an ASCII byte, no
// branch on the rule inside the loop) and leaves the wording of a problem to the exact pass.
bool clean_characters(std::string_view text, const TextRule& rule) noexcept {
  // Longer in bytes than any text of max_length characters: the exact pass stops at the limit.
  if (text.size() / 4 > rule.max_length) return false;
  const bool code = rule.kind == TextKind::code;
  const unsigned char forbidden = kControl | (rule.kind == TextKind::person_name ? kNotInAName : 0) | (code ? kSpace : 0);
  unsigned char seen = 0;
  bool visible = false;
  std::size_t characters = 0;
  for (std::size_t at = 0; at < text.size(); ++characters) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {
      const unsigned char classes = kAsciiClasses[byte];
      seen |= classes;
      visible |= (classes & kSpace) == 0;
      ++at;
      continue;
    }
    const Utf8Char decoded = next_utf8_char(text, at);
    if (!decoded.valid || is_control(decoded.code_point)) return false;
    const bool invisible = is_invisible(decoded.code_point);
    if (code && invisible) return false;
    visible = visible || !invisible;
    at += decoded.length;
  }
  return (seen & forbidden) == 0 && visible && characters <= rule.max_length;
}

// The first character of @p text that breaks @p rule, in the order a reader meets them.
std::optional<std::string> character_problem(std::string_view text, const TextRule& rule) {
  std::size_t characters = 0;
  bool visible = false;
  const bool free_text = rule.kind == TextKind::free_text;
  const bool person_name = rule.kind == TextKind::person_name;
  const bool code = rule.kind == TextKind::code;
  for (std::size_t at = 0; at < text.size();) {
    if (++characters > rule.max_length) {
      return "is longer than " + std::to_string(rule.max_length) + " characters";
    }
    const auto byte = static_cast<unsigned char>(text[at]);
    bool control, invisible, not_in_a_name, line_break_or_tab;
    if (byte < 0x80) {
      const unsigned char classes = kAsciiClasses[byte];
      control = (classes & kControl) != 0;
      invisible = (classes & kSpace) != 0;
      not_in_a_name = (classes & kNotInAName) != 0;
      line_break_or_tab = (classes & kLineBreakOrTab) != 0;
      ++at;
    } else {
      const Utf8Char decoded = next_utf8_char(text, at);
      if (!decoded.valid) return std::string("is not valid UTF-8");
      control = is_control(decoded.code_point);
      invisible = is_invisible(decoded.code_point);
      not_in_a_name = false;
      line_break_or_tab = false;
      at += decoded.length;
    }
    if (control && !(free_text && line_break_or_tab)) return std::string("contains a control character");
    visible = visible || !invisible;
    if (person_name && not_in_a_name) return std::string("is not a person's name: it holds a digit or a symbol");
    if (code && invisible) return std::string("must not contain white space");
  }
  if (!visible) return std::string("must not be blank");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> text_problem(std::string_view text, const TextRule& rule) {
  if (!clean_characters(text, rule)) {
    if (auto problem = character_problem(text, rule)) return problem;
  }
  switch (rule.kind) {
    case TextKind::email:
      if (!email_shaped(text)) return std::string("is not an e-mail address");
      break;
    case TextKind::isco08:
      if (!digits_shaped(text, false)) return std::string("is not an ISCO-08 unit group (4 digits)");
      break;
    case TextKind::occupation_code:
      if (!digits_shaped(text, true)) return std::string("is not a national occupation code NNNN.NN");
      break;
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace vocfab
