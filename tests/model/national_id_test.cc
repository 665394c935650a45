#include "vocfab/model/national_id.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace vocfab {
namespace {

// Reference for the tenth digit written differently from the library: 7*odd >= 0 and
// even <= 36, so adding 40 keeps the dividend non-negative without a second modulo.
int reference_tenth_digit(const std::string& nine) {
  const auto d = [&](int i) { return nine[static_cast<std::size_t>(i)] - '0'; };
  return (7 * (d(0) + d(2) + d(4) + d(6) + d(8)) - (d(1) + d(3) + d(5) + d(7)) + 40) % 10;
}

int signed_difference(const std::string& nine) {
  const auto d = [&](int i) { return nine[static_cast<std::size_t>(i)] - '0'; };
  return 7 * (d(0) + d(2) + d(4) + d(6) + d(8)) - (d(1) + d(3) + d(5) + d(7));
}

TEST(NationalId, AcceptsKnownValidNumbers) {
  for (const char* text : {"10000000146", "17291716060"}) {
    const auto id = NationalId::parse(text);
    ASSERT_TRUE(id.has_value()) << text;
    EXPECT_EQ(id->digits(), text);
    EXPECT_FALSE(NationalId::check(text).has_value()) << text;
  }
  EXPECT_EQ(NationalId::parse("10000000146")->value(), 10000000146u);
}

TEST(NationalId, RejectsKnownInvalidNumber) {
  EXPECT_FALSE(NationalId::parse("17291716050").has_value());
  EXPECT_EQ(NationalId::check("17291716050"), NationalIdError::tenth_digit);
}

TEST(NationalId, ReportsEachErrorKind) {
  EXPECT_EQ(NationalId::check(""), NationalIdError::wrong_length);
  EXPECT_EQ(NationalId::check("1000000014"), NationalIdError::wrong_length);
  EXPECT_EQ(NationalId::check("100000001460"), NationalIdError::wrong_length);
  EXPECT_EQ(NationalId::check("1000000014a"), NationalIdError::not_digits);
  EXPECT_EQ(NationalId::check("1000000014 "), NationalIdError::not_digits);
  EXPECT_EQ(NationalId::check("-1000000014"), NationalIdError::not_digits);
  EXPECT_EQ(NationalId::check("00000000000"), NationalIdError::leading_zero);
  EXPECT_EQ(NationalId::check("01000000146"), NationalIdError::leading_zero);
  EXPECT_EQ(NationalId::check("10000000156"), NationalIdError::tenth_digit);
  EXPECT_EQ(NationalId::check("10000000147"), NationalIdError::eleventh_digit);
  EXPECT_FALSE(NationalId::parse("10000000147").has_value());
}

TEST(NationalId, DescribesEveryError) {
  for (auto error : {NationalIdError::wrong_length, NationalIdError::not_digits,
                     NationalIdError::leading_zero, NationalIdError::tenth_digit,
                     NationalIdError::eleventh_digit}) {
    EXPECT_FALSE(describe(error).empty());
  }
  EXPECT_NE(describe(NationalIdError::tenth_digit), describe(NationalIdError::eleventh_digit));
}

TEST(NationalId, CompletesKnownPrefixes) {
  EXPECT_EQ(NationalId::complete("100000001")->digits(), "10000000146");
  EXPECT_EQ(NationalId::complete("172917160")->digits(), "17291716060");
}

TEST(NationalId, CompleteRejectsBadPrefixes) {
  EXPECT_FALSE(NationalId::complete("").has_value());
  EXPECT_FALSE(NationalId::complete("10000000").has_value());
  EXPECT_FALSE(NationalId::complete("1000000014").has_value());
  EXPECT_FALSE(NationalId::complete("012345678").has_value());
  EXPECT_FALSE(NationalId::complete("12345678x").has_value());
}

// The d10 difference is negative whenever the even positions outweigh 7x the odd ones; a
// truncating % then yields a negative "digit". Find such prefixes rather than trust one.
TEST(NationalId, HandlesNegativeCheckDigitDifference) {
  std::vector<std::string> negative;
  for (int a = 1; a <= 9 && negative.size() < 20; ++a) {
    for (int b = 0; b <= 9; ++b) {
      const std::string nine = std::to_string(a) + std::to_string(b) + "0" +
                               std::to_string(9 - b) + "0909" + std::to_string(b % 2);
      // A multiple of 10 gives 0 either way; only the others tell the two modulos apart.
      if (signed_difference(nine) < 0 && signed_difference(nine) % 10 != 0) {
        negative.push_back(nine);
      }
    }
  }
  ASSERT_FALSE(negative.empty());
  for (const std::string& nine : negative) {
    const auto id = NationalId::complete(nine);
    ASSERT_TRUE(id.has_value()) << nine;
    const std::string digits = id->digits();
    EXPECT_EQ(digits.substr(0, 9), nine);
    EXPECT_EQ(digits[9] - '0', reference_tenth_digit(nine)) << nine;
    EXPECT_TRUE(NationalId::parse(digits).has_value()) << digits;
  }
  // One fixed example as documentation: 1,9,0,9,0,9,0,9,0 gives 7*1 - 36 = -29, so d10 = 1.
  EXPECT_EQ(signed_difference("190909090"), -29);
  const auto fixed = NationalId::complete("190909090");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_EQ(fixed->digits(), "19090909018");
  EXPECT_TRUE(NationalId::parse("19090909018").has_value());
  // What taking |-29 % 10| would give instead (d10 = 9); it must not pass.
  EXPECT_FALSE(NationalId::parse("19090909096").has_value());
}

TEST(NationalId, MasksOutput) {
  EXPECT_EQ(NationalId::parse("10000000146")->masked(), "100******46");
  EXPECT_EQ(NationalId::parse("17291716060")->masked(), "172******60");
}

TEST(MaskNationalIdText, HidesTheMiddleOfAnyText) {
  EXPECT_EQ(mask_national_id_text("17291716050"), "172******50");
  EXPECT_EQ(mask_national_id_text("1729171605"), "**********");
  EXPECT_EQ(mask_national_id_text(""), "");
  EXPECT_EQ(mask_national_id_text("172917160500"), "172*******00");
  // Characters, not bytes: a cut never splits one.
  EXPECT_EQ(mask_national_id_text("ççç12345678şş"), "ççç********şş");
  EXPECT_EQ(mask_national_id_text("çç"), "**");
}

TEST(NationalId, ComparesAndHashesByNumber) {
  const auto a = NationalId::parse("10000000146").value();
  const auto b = NationalId::parse("17291716060").value();
  EXPECT_LT(a, b);
  EXPECT_EQ(a, NationalId::complete("100000001").value());
  const std::unordered_set<NationalId> set{a, b, a};
  EXPECT_EQ(set.size(), 2u);
}

rc::Gen<std::string> uniform_prefix() {
  return rc::gen::map(rc::gen::inRange(100000000, 1000000000),
                      [](int n) { return std::to_string(n); });
}

// Small digits in d1,d3,..,d9 and large ones in d2,..,d8: the d10 difference is usually negative,
// a case uniform prefixes reach less than once in a hundred draws.
rc::Gen<std::string> even_heavy_prefix() {
  return rc::gen::exec([] {
    std::string nine;
    for (int i = 0; i < 9; ++i) {
      const bool odd_position = i % 2 == 0;
      const char low = i == 0 ? '1' : (odd_position ? '0' : '5');
      const char high = odd_position ? '2' : static_cast<char>('9' + 1);
      nine.push_back(*rc::gen::inRange(low, high));
    }
    return nine;
  });
}

rc::Gen<std::string> nine_digit_prefix() {
  return rc::gen::oneOf(uniform_prefix(), even_heavy_prefix());
}

RC_GTEST_PROP(NationalIdProperty, CompletedPrefixesAlwaysParse, ()) {
  const std::string nine = *nine_digit_prefix();
  const auto id = NationalId::complete(nine);
  RC_ASSERT(id.has_value());
  const std::string digits = id->digits();
  RC_ASSERT(digits.size() == 11u);
  RC_ASSERT(digits.substr(0, 9) == nine);
  RC_ASSERT(digits[9] - '0' == reference_tenth_digit(nine));
  RC_ASSERT(NationalId::parse(digits) == id);
}

// Both check digits react to every single-digit change: d10 moves by 7*delta or -delta (never
// 0 mod 10), and a change in d10 or d11 alone breaks its own equation.
RC_GTEST_PROP(NationalIdProperty, ChangingAnyOneDigitInvalidates, ()) {
  const std::string digits = NationalId::complete(*nine_digit_prefix())->digits();
  const auto position = *rc::gen::inRange<std::size_t>(0, 11);
  const char replacement =
      *rc::gen::suchThat(rc::gen::inRange('0', static_cast<char>('9' + 1)),
                         [&](char c) { return c != digits[position]; });
  std::string corrupted = digits;
  corrupted[position] = replacement;
  RC_ASSERT(!NationalId::parse(corrupted).has_value());
  RC_ASSERT(NationalId::check(corrupted).has_value());
}

}  // namespace
}  // namespace vocfab
