/// @file
/// Text fields: what each kind of text may hold, and how long it may be.
///
/// Every text field of the model has a `TextRule` (its kind and its length limit in characters),
/// given by the entity descriptions (`vocfab/model/description.h`) and checked by
/// `text_problem`, which the reader (as it decodes) and the model (when a record is added in
/// C++) both call. Lengths count Unicode characters, not bytes. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vocfab {

/// What a text field holds.
enum class TextKind {
  person_name,      ///< A person's name: not blank; no digits, symbols or control characters.
  label,            ///< A name of a place, firm, branch or job, a district, a sector: not blank, no control characters.
  code,             ///< A short code or number (a centre code, an external document number): not blank, no white space or control characters.
  free_text,        ///< A stated reason: not blank; no control characters but line breaks and tabs.
  email,            ///< An e-mail address `local@domain.tld`.
  isco08,           ///< An ISCO-08 unit group: 4 digits.
  occupation_code,  ///< A national occupation code `NNNN.NN`.
};

/// A text field's kind and its length limit.
struct TextRule {
  TextKind kind = TextKind::label;  ///< What it holds.
  std::uint32_t max_length = 200;   ///< At most this many characters.
};

/// One decoded UTF-8 character.
struct Utf8Char {
  char32_t code_point = 0;  ///< The character (U+FFFD when invalid).
  std::size_t length = 1;   ///< Bytes it takes (1 for an invalid byte).
  bool valid = true;        ///< False for a byte that does not start a well-formed sequence.
};

/// The character starting at byte @p at of @p text (`at < text.size()`).
Utf8Char next_utf8_char(std::string_view text, std::size_t at) noexcept;
/// True for C0 and C1 control characters and DEL.
bool is_control(char32_t code_point) noexcept;
/// True for characters that show nothing: white space of any script (ASCII, no-break, ideographic, …),
/// zero-width characters, byte-order marks and fillers.
bool is_invisible(char32_t code_point) noexcept;

/// Why @p text breaks @p rule (a sentence that never quotes the text), or nothing.
std::optional<std::string> text_problem(std::string_view text, const TextRule& rule);

}  // namespace vocfab
