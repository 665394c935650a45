#include "vocfab/model/tax_number.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace vocfab {
namespace {

// Valid under the GİB algorithm; 4540536920 is python-stdnum's documented example, and
// 0010000009 checks that a leading zero is an ordinary digit for a VKN.
constexpr const char* kValid[] = {"4540536920", "1234567890", "9876543217", "9029589240",
                                  "3721052062", "0010000009", "1000000000"};

TEST(TaxNumber, AcceptsKnownValidNumbers) {
  for (const char* text : kValid) {
    const auto vkn = TaxNumber::parse(text);
    ASSERT_TRUE(vkn.has_value()) << text;
    EXPECT_EQ(vkn->digits(), text);
  }
}

TEST(TaxNumber, RejectsCorruptedCheckDigit) {
  EXPECT_FALSE(TaxNumber::parse("4540536921").has_value());  // stdnum's invalid example.
  EXPECT_FALSE(TaxNumber::parse("1234567891").has_value());
  EXPECT_FALSE(TaxNumber::parse("9876543210").has_value());
  EXPECT_FALSE(TaxNumber::parse("0010000000").has_value());
}

TEST(TaxNumber, RejectsCorruptedBody) {
  EXPECT_FALSE(TaxNumber::parse("4540537920").has_value());
  EXPECT_FALSE(TaxNumber::parse("1234567790").has_value());
  EXPECT_FALSE(TaxNumber::parse("2029589240").has_value());
}

TEST(TaxNumber, RejectsMalformedText) {
  for (const char* text : {"", "454053692", "45405369200", "454053692a", " 4540536920",
                           "4540536920 ", "454-053-6920", "-454053692", "４540536920"}) {
    EXPECT_FALSE(TaxNumber::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(TaxNumber, CompletesPrefixes) {
  EXPECT_EQ(TaxNumber::complete("454053692")->digits(), "4540536920");
  EXPECT_EQ(TaxNumber::complete("987654321")->digits(), "9876543217");
  EXPECT_EQ(TaxNumber::complete("001000000")->digits(), "0010000009");
  EXPECT_FALSE(TaxNumber::complete("45405369").has_value());
  EXPECT_FALSE(TaxNumber::complete("4540536920").has_value());
  EXPECT_FALSE(TaxNumber::complete("45405369x").has_value());
}

TEST(TaxNumber, ComparesByDigits) {
  const auto a = TaxNumber::parse("1234567890").value();
  const auto b = TaxNumber::parse("4540536920").value();
  EXPECT_LT(a, b);
  EXPECT_EQ(a, TaxNumber::complete("123456789").value());
  EXPECT_NE(a, b);
}

RC_GTEST_PROP(TaxNumberProperty, ExactlyOneCheckDigitFitsEachPrefix, ()) {
  const std::string nine =
      *rc::gen::container<std::string>(9, rc::gen::inRange('0', static_cast<char>('9' + 1)));
  const auto completed = TaxNumber::complete(nine);
  RC_ASSERT(completed.has_value());
  RC_ASSERT(completed->digits().substr(0, 9) == nine);
  int accepted = 0;
  for (char check = '0'; check <= '9'; ++check) {
    const auto parsed = TaxNumber::parse(nine + check);
    if (parsed) {
      ++accepted;
      RC_ASSERT(*parsed == *completed);
    }
  }
  RC_ASSERT(accepted == 1);
}

}  // namespace
}  // namespace vocfab
