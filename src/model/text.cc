#include "vocfab/model/text.h"

#include <algorithm>

namespace vocfab {
namespace {

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }
bool is_digit(char32_t c) noexcept { return c >= U'0' && c <= U'9'; }

// Symbols a person's name never holds (apostrophes, hyphens, dots and spaces it may).
bool is_name_symbol(char32_t c) noexcept {
  return c < 0x80 && std::u32string_view(U"!\"#$%&()*+,/:;<=>?@[\\]^_`{|}~").find(c) != std::u32string_view::npos;
}

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

std::optional<std::string> text_problem(std::string_view text, const TextRule& rule) {
  std::size_t characters = 0;
  bool visible = false;
  for (std::size_t at = 0; at < text.size();) {
    const Utf8Char c = next_utf8_char(text, at);
    at += c.length;
    if (++characters > rule.max_length) {
      return "is longer than " + std::to_string(rule.max_length) + " characters";
    }
    if (!c.valid) return std::string("is not valid UTF-8");
    const bool line_break_or_tab = c.code_point == U'\n' || c.code_point == U'\t' || c.code_point == U'\r';
    if (is_control(c.code_point) && !(rule.kind == TextKind::free_text && line_break_or_tab)) {
      return std::string("contains a control character");
    }
    if (!is_invisible(c.code_point)) visible = true;
    if (rule.kind == TextKind::person_name && (is_digit(c.code_point) || is_name_symbol(c.code_point))) {
      return std::string("is not a person's name: it holds a digit or a symbol");
    }
    if (rule.kind == TextKind::code && is_invisible(c.code_point)) return std::string("must not contain white space");
  }
  if (!visible) return std::string("must not be blank");
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
