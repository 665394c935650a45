// Protected attributes (SPEC section 2): never a matching criterion, in any spelling.
#include "vocfab/model/protected_attributes.h"

#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <array>
#include <string>

namespace vocfab {
namespace {

constexpr std::array<std::string_view, 22> kProtectedWords{
    "gender", "sex", "sexual", "marital", "married", "marriage", "religion", "religious", "faith", "ethnicity",
    "ethnic", "race", "racial", "cinsiyet", "cinsiyeti", "medeni", "din", "dini", "irk", "irki", "etnik", "mezhep"};

bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_ascii_alnum(char c) noexcept { return is_ascii_upper(c) || is_ascii_lower(c) || (c >= '0' && c <= '9'); }
// The first byte of a Turkish capital written in UTF-8 (Ç Ğ İ Ö Ş Ü): a word boundary in camelCase.
bool starts_turkish_capital(std::string_view text, std::size_t at) noexcept {
  static constexpr std::array<std::string_view, 6> kCapitals{"\xC3\x87", "\xC4\x9E", "\xC4\xB0",
                                                             "\xC3\x96", "\xC5\x9E", "\xC3\x9C"};
  for (std::string_view capital : kCapitals) {
    if (text.substr(at, capital.size()) == capital) return true;
  }
  return false;
}

}  // namespace

std::span<const std::string_view> protected_attribute_words() noexcept { return kProtectedWords; }

bool is_protected_attribute_key(std::string_view key) {
  // Words: split at anything but letters, and where a lower-case letter meets a capital
  // (`genderPreference`); each word folded with Turkish casing (`CİNSİYET` → `cinsiyet`).
  std::size_t begin = 0;
  auto word_ends_at = [&](std::size_t at) {
    const std::string word = fold_turkish(key.substr(begin, at - begin));
    begin = at;
    return std::find(kProtectedWords.begin(), kProtectedWords.end(), word) != kProtectedWords.end();
  };
  for (std::size_t at = 0; at < key.size(); ++at) {
    const char c = key[at];
    const bool ascii_separator = static_cast<unsigned char>(c) < 0x80 && !is_ascii_alnum(c);
    const bool digit = c >= '0' && c <= '9';
    if (ascii_separator || digit) {
      if (word_ends_at(at)) return true;
      begin = at + 1;
      continue;
    }
    const bool after_lower = at > begin && is_ascii_lower(key[at - 1]);
    if (after_lower && (is_ascii_upper(c) || starts_turkish_capital(key, at)) && word_ends_at(at)) return true;
  }
  return word_ends_at(key.size());
}

}  // namespace vocfab
