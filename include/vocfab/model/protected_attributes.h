/// @file
/// Protected attributes (SPEC section 2): gender, marital status, religion and ethnicity are
/// never matching criteria. A vacancy has no field to express them, and one that tries — with a key
/// naming one, in any spelling, at any depth — is refused with `protected_attribute_criterion`.
/// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace vocfab {

/// The words that name a protected attribute, lower-case ASCII, English and Turkish (folded):
/// `gender`, `sex`, …, `cinsiyet`, `medeni`, `din`, `irk`, `etnik`, `mezhep`.
std::span<const std::string_view> protected_attribute_words() noexcept;

/// True when @p key names a protected attribute: split into words at anything but a letter and
/// where a lower-case letter meets a capital (`genderPreference`), each word folded with Turkish
/// casing (`CİNSİYET` → `cinsiyet`, `ırk` → `irk`), any word one of `protected_attribute_words()`.
bool is_protected_attribute_key(std::string_view key);

}  // namespace vocfab
