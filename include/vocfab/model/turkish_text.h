/// @file
/// Turkish-aware comparison of names and places.
///
/// Turkish has four i's: dotted `i`/`İ` and dotless `ı`/`I`. Upper-casing `i` gives `İ`, and
/// lower-casing `I` gives `ı`. People and the programmes' own records also write places without
/// diacritics (`Ornekkoy` for `Örnekköy`, `IZMIR` for `İzmir`). `fold_turkish` maps a UTF-8 text to a
/// comparison key in which case and the Turkish diacritics (ç ğ ı İ ö ş ü and their capitals, plus
/// common Latin accents â î û) no longer matter, so `İzmir`, `IZMIR`, `Izmir` and `izmir` compare
/// equal. Thread-safe; pure functions.
#pragma once

#include <string>
#include <string_view>

namespace vocfab {

/// A comparison key for @p text: lower-case ASCII letters and digits with Turkish letters folded
/// (ç→c, ğ→g, ı→i, İ→i, I→i, ö→o, ş→s, ü→u, â→a, î→i, û→u), runs of white space (ASCII and the
/// no-break space) collapsed to one space and trimmed. Combining diacritical marks
/// (U+0300–U+036F) are dropped, so decomposed text (`I` + U+0307 for `İ`) folds like composed
/// text. Punctuation, other letters and invalid UTF-8 bytes are kept as they are.
std::string fold_turkish(std::string_view text);

/// True when @p a and @p b are the same name or place under `fold_turkish`.
bool same_turkish_text(std::string_view a, std::string_view b);

/// Turkish upper-casing of @p text (i→İ, ı→I, ç→Ç, ğ→Ğ, ö→Ö, ş→Ş, ü→Ü, â→Â, î→Î, û→Û and ASCII
/// a–z), for display. Other characters, including other scripts, are left as they are.
std::string to_turkish_upper(std::string_view text);

}  // namespace vocfab
