#include "vocfab/model/turkish_text.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace vocfab {
namespace {

TEST(FoldTurkish, AllSpellingsOfIzmirAreOnePlace) {
  EXPECT_EQ(fold_turkish("İzmir"), "izmir");
  for (const char* text : {"İzmir", "IZMIR", "Izmir", "izmir", "İZMİR", "ızmır"}) {
    EXPECT_TRUE(same_turkish_text(text, "izmir")) << text;
  }
}

TEST(FoldTurkish, DiacriticsDoNotMatter) {
  EXPECT_TRUE(same_turkish_text("Örnekköy", "Ornekkoy"));
  EXPECT_TRUE(same_turkish_text("Gümüşpala", "GUMUSPALA"));
  EXPECT_TRUE(same_turkish_text("Gümüşpala", "Gumuspala"));
  EXPECT_TRUE(same_turkish_text("ÇİĞDEM", "cigdem"));
  EXPECT_TRUE(same_turkish_text("Kâğıthane", "kagithane"));
  EXPECT_TRUE(same_turkish_text("Îlâ Ûmut", "ila umut"));
  EXPECT_EQ(fold_turkish("çÇğĞıİöÖşŞüÜâÂîÎûÛ"), "ccggiioossuuaaiiuu");
}

TEST(FoldTurkish, DifferentNamesStayDifferent) {
  EXPECT_FALSE(same_turkish_text("İzmir", "İzmit"));
  EXPECT_FALSE(same_turkish_text("Karşıyaka", "Karabağlar"));
  EXPECT_FALSE(same_turkish_text("Menemen", "Menemen 2"));
  EXPECT_FALSE(same_turkish_text("Bornova-Merkez", "Bornova Merkez"));  // Punctuation is kept.
}

TEST(FoldTurkish, CollapsesAndTrimsWhiteSpace) {
  EXPECT_EQ(fold_turkish("  Bayraklı \t  Merkez\n"), "bayrakli merkez");
  EXPECT_EQ(fold_turkish("Ayşe\u00A0Yılmaz"), "ayse yilmaz");  // No-break space.
  EXPECT_EQ(fold_turkish(" \t\n"), "");
  EXPECT_EQ(fold_turkish(""), "");
}

TEST(FoldTurkish, DecomposedLettersFoldLikeComposedOnes) {
  // "İzmir" with I + COMBINING DOT ABOVE; "Örnekköy" with o + COMBINING DIAERESIS.
  EXPECT_TRUE(same_turkish_text("I\u0307zmir", "İzmir"));
  EXPECT_TRUE(same_turkish_text("O\u0308rnekko\u0308y", "Örnekköy"));
}

TEST(FoldTurkish, KeepsOtherTextAndInvalidBytes) {
  EXPECT_EQ(fold_turkish("Café 12"), "café 12");         // é is outside the folded set.
  EXPECT_EQ(fold_turkish("İzmir 🏭"), "izmir 🏭");        // 4-byte sequences pass through.
  EXPECT_EQ(fold_turkish("Ankara"), "ankara");
  EXPECT_EQ(fold_turkish("Ab\xC3"), "ab\xC3");             // Truncated sequence.
  EXPECT_EQ(fold_turkish("\xA7x"), "\xA7x");               // Stray continuation byte.
  EXPECT_EQ(fold_turkish("\xC3X"), "\xC3x");               // Lead byte without continuation.
  EXPECT_EQ(fold_turkish("\xC1\xA7"), "\xC1\xA7");         // Overlong encoding is not decoded.
}

TEST(ToTurkishUpper, UsesTurkishCasing) {
  EXPECT_EQ(to_turkish_upper("istanbul"), "İSTANBUL");
  EXPECT_EQ(to_turkish_upper("diyarbakır"), "DİYARBAKIR");
  EXPECT_EQ(to_turkish_upper("ılık"), "ILIK");
  EXPECT_EQ(to_turkish_upper("çğöşü âîû"), "ÇĞÖŞÜ ÂÎÛ");
  EXPECT_EQ(to_turkish_upper("Gümüşpala 35"), "GÜMÜŞPALA 35");
  EXPECT_EQ(to_turkish_upper("İZMİR"), "İZMİR");
  EXPECT_EQ(to_turkish_upper("café"), "CAFé");  // Only Turkish letters are mapped.
  EXPECT_EQ(to_turkish_upper(""), "");
}

// Text built from the Turkish alphabet (both cases, with the circumflexed vowels) and spaces.
rc::Gen<std::string> turkish_text() {
  static const std::vector<std::string> letters = {
      "a", "b", "c", "ç", "d", "e", "f", "g", "ğ", "h", "ı", "i", "j", "k", "l", "m", "n",
      "o", "ö", "p", "r", "s", "ş", "t", "u", "ü", "v", "y", "z", "â", "î", "û", "A", "B",
      "C", "Ç", "D", "E", "F", "G", "Ğ", "H", "I", "İ", "J", "K", "L", "M", "N", "O", "Ö",
      "P", "R", "S", "Ş", "T", "U", "Ü", "V", "Y", "Z", "Â", "Î", "Û", " ", "  ", "0", "7"};
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(letters)),
                      [](const std::vector<std::string>& parts) {
                        std::string text;
                        for (const auto& part : parts) text += part;
                        return text;
                      });
}

RC_GTEST_PROP(TurkishTextProperty, FoldIsIdempotentAndAscii, ()) {
  const std::string text = *turkish_text();
  const std::string folded = fold_turkish(text);
  RC_ASSERT(fold_turkish(folded) == folded);
  for (char c : folded) {
    RC_ASSERT((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ');
  }
  RC_ASSERT(folded.find("  ") == std::string::npos);
  // Parenthesised whole: rapidcheck's capture overloads || and would evaluate both sides.
  RC_ASSERT((folded.empty() || (folded.front() != ' ' && folded.back() != ' ')));
}

RC_GTEST_PROP(TurkishTextProperty, UpperCasingKeepsTheFold, ()) {
  const std::string text = *turkish_text();
  const std::string upper = to_turkish_upper(text);
  RC_ASSERT(same_turkish_text(text, upper));
  RC_ASSERT(to_turkish_upper(upper) == upper);
}

}  // namespace
}  // namespace vocfab
