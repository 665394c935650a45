// Text fields: what each kind may hold and how long it may be, in characters.
#include "vocfab/model/text.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {
namespace {

constexpr TextRule kName{TextKind::person_name, 100};
constexpr TextRule kLabel{TextKind::label, 200};

TEST(Text, BlankInEveryScriptIsBlank) {
  for (const char* blank : {"", " ", "\u00A0", "\u200B", "\u3000", "\u2003\u2009", "\uFEFF", "\u3164"}) {
    EXPECT_EQ(text_problem(blank, kLabel), "must not be blank") << blank;
  }
  EXPECT_FALSE(text_problem("\u00A0Ayşe\u3000", kName));
}

TEST(Text, ControlCharactersAreRefusedButLineBreaksInFreeText) {
  EXPECT_EQ(text_problem("Ay\x07şe", kName), "contains a control character");
  EXPECT_EQ(text_problem("a\u0085b", kLabel), "contains a control character");  // C1
  EXPECT_EQ(text_problem("Bornova\nKonak", kLabel), "contains a control character");
  EXPECT_FALSE(text_problem("İşe gelmedi.\nTekrar arandı.", TextRule{TextKind::free_text, 1000}));
}

TEST(Text, PersonNamesHoldNoDigitsOrSymbols) {
  EXPECT_FALSE(text_problem("Ayşe Nur", kName));
  EXPECT_FALSE(text_problem("O'Brien-Kılıç Jr.", kName));
  EXPECT_FALSE(text_problem("Мария", kName));
  EXPECT_TRUE(text_problem("12345678950", kName));
  EXPECT_TRUE(text_problem("Ayşe@", kName));
  EXPECT_FALSE(text_problem("Ayşe 2. Sokak", kLabel));  // other labels may hold digits
}

TEST(Text, LengthsCountCharactersNotBytes) {
  const std::string hundred_turkish(100 * 2, ' ');
  std::string name;
  for (int i = 0; i < 100; ++i) name += "ş";  // 200 bytes, 100 characters
  EXPECT_FALSE(text_problem(name, kName));
  EXPECT_EQ(text_problem(name + "ş", kName), "is longer than 100 characters");
  const std::string huge(5'000'000, 'a');
  EXPECT_EQ(text_problem(huge, kName), "is longer than 100 characters");  // stops at the limit
}

TEST(Text, InvalidUtf8IsRefused) {
  EXPECT_EQ(text_problem("Ay\xC5", kName), "is not valid UTF-8");          // cut sequence
  EXPECT_EQ(text_problem("\xC0\xAF", kLabel), "is not valid UTF-8");       // overlong
  EXPECT_EQ(text_problem("\xED\xA0\x80", kLabel), "is not valid UTF-8");   // surrogate
  EXPECT_EQ(next_utf8_char("ğ", 0).code_point, U'ğ');
  EXPECT_EQ(next_utf8_char("ğ", 0).length, 2u);
}

TEST(Text, CodesEmailsAndDigitCodes) {
  const TextRule code{TextKind::code, 64};
  EXPECT_FALSE(text_problem("MEB-2026-000001", code));
  EXPECT_EQ(text_problem("MEB 2026", code), "must not contain white space");
  EXPECT_FALSE(text_problem("kisi@example.org", TextRule{TextKind::email, 254}));
  EXPECT_TRUE(text_problem("kisi@example", TextRule{TextKind::email, 254}));
  EXPECT_FALSE(text_problem("7533", TextRule{TextKind::isco08, 4}));
  EXPECT_TRUE(text_problem("753", TextRule{TextKind::isco08, 4}));
  EXPECT_FALSE(text_problem("7533.01", TextRule{TextKind::occupation_code, 7}));
  EXPECT_TRUE(text_problem("7533-01", TextRule{TextKind::occupation_code, 7}));
}

// The rules of text.h applied one character at a time, the first problem winning. text_problem
// judges clean text by a quicker pass; this oracle says what it must answer.
std::optional<std::string> text_problem_oracle(std::string_view text, const TextRule& rule) {
  const std::string_view symbols = "!\"#$%&()*+,/:;<=>?@[\\]^_`{|}~";
  std::size_t characters = 0;
  bool visible = false;
  for (std::size_t at = 0; at < text.size();) {
    if (++characters > rule.max_length) return "is longer than " + std::to_string(rule.max_length) + " characters";
    const Utf8Char c = next_utf8_char(text, at);
    if (!c.valid) return "is not valid UTF-8";
    at += c.length;
    const bool line_break_or_tab = c.code_point == '\t' || c.code_point == '\n' || c.code_point == '\r';
    if (is_control(c.code_point) && !(rule.kind == TextKind::free_text && line_break_or_tab)) {
      return "contains a control character";
    }
    visible = visible || !is_invisible(c.code_point);
    const bool digit_or_symbol = (c.code_point >= '0' && c.code_point <= '9') ||
                                 (c.code_point < 0x80 && symbols.find(static_cast<char>(c.code_point)) != std::string_view::npos);
    if (rule.kind == TextKind::person_name && digit_or_symbol) return "is not a person's name: it holds a digit or a symbol";
    if (rule.kind == TextKind::code && is_invisible(c.code_point)) return "must not contain white space";
  }
  if (!visible) return "must not be blank";
  return std::nullopt;
}

RC_GTEST_PROP(Text, AgreesWithACharacterByCharacterReading, ()) {
  // Pieces that each rule treats differently, invalid and cut sequences among them.
  static const std::array<std::string_view, 22> kPieces = {
      "a", "Z", "ş", "İ", "Мария", " ", "\t", "\n", "\r", "\x07", "\x7F", "\u0085", "\u00A0", "\u200B",
      "\u3000", "\uFEFF", "7", "@", "-", "\xC5", "\xC0\xAF", "\xED\xA0\x80"};
  const auto pieces = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, kPieces.size()));
  std::string text;
  for (const std::size_t piece : pieces) text += kPieces[piece];
  const TextKind kind = *rc::gen::element(TextKind::person_name, TextKind::label, TextKind::code,
                                          TextKind::free_text);  // the kinds without a shape check
  const TextRule rule{kind, *rc::gen::inRange<std::uint32_t>(1, 40)};
  RC_ASSERT(text_problem(text, rule) == text_problem_oracle(text, rule));
}

}  // namespace
}  // namespace vocfab
