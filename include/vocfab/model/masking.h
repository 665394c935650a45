/// @file
/// The one way any text from outside reaches a message, an issue or a masked export.
///
/// A national id typed into the wrong field — a phone, a district, a reason, an id — must never
/// appear in full in anything the library prints (KVKK, SPEC section 4). Every value a message
/// quotes goes through `quote_value`, and every free text a masked export writes goes through
/// `mask_national_ids`. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vocfab {

/// How long a quoted excerpt may be, in characters.
inline constexpr std::size_t kQuotedCharacters = 40;

/// @p text with every number that could hold a national id masked: a run of digits, possibly
/// grouped by single spaces, hyphens, dots or slashes, that holds eleven or more digits keeps its
/// first three and last two digits and has every other digit replaced by `*`
/// (`123 456 789 50` → `123 *** *** 50`; a phone `0532 123 45 67` → `053* *** ** 67`). Shorter
/// numbers (dates, tax numbers, document numbers) and other text are kept as they are.
std::string mask_national_ids(std::string_view text);

/// @p text as a message quotes it: masked as `mask_national_ids` does, cut to at most
/// `kQuotedCharacters` characters at a character boundary (`...` marks the cut), invalid UTF-8
/// and control characters shown as U+FFFD, in single quotes.
std::string quote_value(std::string_view text);

/// True when @p text holds eleven digits in a row that pass the national id checksum: what text
/// kept for good (an audit entry's actor or key) must never hold. Narrower than
/// `mask_national_ids`, which also hides digit groups with separators (`desk-2026-11-20-001`).
bool holds_national_id(std::string_view text) noexcept;

/// A short UTF-8 excerpt of @p text without quoting or masking: at most @p characters
/// characters, cut at a character boundary, `...` appended when cut; invalid UTF-8 and control
/// characters become U+FFFD.
std::string excerpt(std::string_view text, std::size_t characters);

}  // namespace vocfab
