// Turkish folding and upper-casing over UTF-8 bytes.
//
// Every letter involved lies in U+0080..U+07FF, so only 2-byte sequences need decoding. A locale
// or ICU would do the upper-casing too, but the C++ locales are process-global and rarely have
// tr_TR installed, and the folding here is a fixed, documented key that must not change with the
// machine it runs on.
#include "vocfab/model/turkish_text.h"

namespace vocfab {
namespace {

constexpr char32_t kCombiningFirst = 0x0300;
constexpr char32_t kCombiningLast = 0x036F;

bool is_ascii_space(unsigned char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Decodes the 2-byte UTF-8 sequence at text[i]; 0 when there is none (ASCII, 3- and 4-byte
// sequences, stray continuation bytes, truncated input).
char32_t decode_two_byte(std::string_view text, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  if ((lead & 0xE0) != 0xC0 || lead < 0xC2 || i + 1 >= text.size()) return 0;
  const auto trail = static_cast<unsigned char>(text[i + 1]);
  if ((trail & 0xC0) != 0x80) return 0;
  return static_cast<char32_t>(((lead & 0x1F) << 6) | (trail & 0x3F));
}

void append_two_byte(std::string& out, char32_t cp) {
  out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
  out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

// The ASCII letter a Turkish (or circumflexed) letter folds to; 0 for any other code point.
char fold_letter(char32_t cp) noexcept {
  switch (cp) {
    case U'ç': case U'Ç': return 'c';
    case U'ğ': case U'Ğ': return 'g';
    case U'ı': case U'İ': case U'î': case U'Î': return 'i';
    case U'ö': case U'Ö': return 'o';
    case U'ş': case U'Ş': return 's';
    case U'ü': case U'Ü': case U'û': case U'Û': return 'u';
    case U'â': case U'Â': return 'a';
    default: return 0;
  }
}

// The Turkish capital of a lower-case letter outside ASCII; 0 when it has none here.
char32_t turkish_capital(char32_t cp) noexcept {
  switch (cp) {
    case U'ı': return U'I';
    case U'ç': return U'Ç';
    case U'ğ': return U'Ğ';
    case U'ö': return U'Ö';
    case U'ş': return U'Ş';
    case U'ü': return U'Ü';
    case U'â': return U'Â';
    case U'î': return U'Î';
    case U'û': return U'Û';
    default: return 0;
  }
}

}  // namespace

std::string fold_turkish(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto emit = [&](char c) {
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_ascii_space(c)) {
        pending_space = !out.empty();  // Leading space is dropped, trailing never emitted.
      } else {
        emit(ascii_lower(static_cast<char>(c)));
      }
      ++i;
      continue;
    }
    const char32_t cp = decode_two_byte(text, i);
    if (cp == 0) {
      emit(static_cast<char>(c));  // Invalid or longer sequences pass through byte by byte.
      ++i;
      continue;
    }
    i += 2;
    if (cp == U'\u00A0') {
      pending_space = !out.empty();
    } else if (cp >= kCombiningFirst && cp <= kCombiningLast) {
      // Decomposed input (İ as I + U+0307, ö as o + U+0308) folds like the composed letter.
    } else if (const char folded = fold_letter(cp)) {
      emit(folded);
    } else {
      emit(text[i - 2]);
      out.push_back(text[i - 1]);
    }
  }
  return out;
}

bool same_turkish_text(std::string_view a, std::string_view b) {
  return fold_turkish(a) == fold_turkish(b);
}

std::string to_turkish_upper(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);  // i→İ grows by one byte.
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == 'i') {
      append_two_byte(out, U'İ');
      ++i;
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
      ++i;
    } else if (const char32_t cp = decode_two_byte(text, i); cp != 0) {
      const char32_t capital = turkish_capital(cp);
      if (capital == U'I') {
        out.push_back('I');
      } else if (capital != 0) {
        append_two_byte(out, capital);
      } else {
        out.append(text.substr(i, 2));
      }
      i += 2;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace vocfab
