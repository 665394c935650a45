#include "vocfab/model/phone_number.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace vocfab {
namespace {

TEST(PhoneNumber, NormalisesEveryCommonWrittenForm) {
  for (const char* text : {
           "0532 123 45 67",
           "(0532) 123-45-67",
           "+90 532 123 45 67",
           "+905321234567",
           "905321234567",
           "5321234567",
           "0090 532 123 45 67",
           "00905321234567",
           "0532.123.45.67",
           "+90 (532) 123 45 67",
           "  0532 123 45 67  ",
       }) {
    const auto phone = PhoneNumber::parse(text);
    ASSERT_TRUE(phone.has_value()) << '"' << text << '"';
    EXPECT_EQ(phone->e164(), "+905321234567") << '"' << text << '"';
  }
}

TEST(PhoneNumber, AcceptsLandlines) {
  EXPECT_EQ(PhoneNumber::parse("0232 123 45 67")->e164(), "+902321234567");  // İzmir.
  EXPECT_EQ(PhoneNumber::parse("(312) 555 00 00")->e164(), "+903125550000");  // Ankara.
  EXPECT_EQ(PhoneNumber::parse("0850 222 00 00")->e164(), "+908502220000");
}

TEST(PhoneNumber, RejectsMalformedNumbers) {
  for (const char* text : {
           "",
           "+",
           "0532 ABC 45 67",         // Letters.
           "0532 123 45 6",          // Too short.
           "532 123 45 6",           // Too short without trunk prefix.
           "0532 123 45 678",        // Too long.
           "+90 532 123 45 678",     // Too long after the country code.
           "+90 0532 123 45 67",     // Trunk prefix after the country code.
           "0123 456 78 90",         // National number starting with 1.
           "+90 123 456 78 90",      // Same, international form.
           "0 0532 123 45 67",       // Double trunk prefix.
           "+44 20 7946 0958",       // United Kingdom.
           "+1 212 555 0100",        // North America.
           "0044 20 7946 0958",      // United Kingdom, 00 prefix.
           "++90 532 123 45 67",     // Two plus signs.
           "90+5321234567",          // Plus in the middle.
           "0532/123 45 67",         // Slash is not an accepted separator.
           "0532 123 45 67 ext 12",  // Extension.
           "112",                    // Emergency short code.
       }) {
    EXPECT_FALSE(PhoneNumber::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(PhoneNumber, ComparesNormalisedForms) {
  EXPECT_EQ(PhoneNumber::parse("0532 123 45 67"), PhoneNumber::parse("+905321234567"));
  EXPECT_NE(PhoneNumber::parse("0532 123 45 67"), PhoneNumber::parse("0532 123 45 68"));
  EXPECT_LT(*PhoneNumber::parse("0232 000 00 00"), *PhoneNumber::parse("0532 000 00 00"));
}

// Writes the 10-digit national number @p nsn in one of the forms people use.
std::string write_as(const std::string& nsn, int form) {
  const std::string spaced =
      nsn.substr(0, 3) + " " + nsn.substr(3, 3) + " " + nsn.substr(6, 2) + " " + nsn.substr(8);
  switch (form) {
    case 0: return "0" + spaced;
    case 1: return "(0" + nsn.substr(0, 3) + ") " + nsn.substr(3, 3) + "-" + nsn.substr(6, 2) +
                   "-" + nsn.substr(8);
    case 2: return "+90 " + spaced;
    case 3: return "90" + nsn;
    case 4: return nsn;
    case 5: return "0090 " + spaced;
    default: return "0" + nsn.substr(0, 3) + "." + nsn.substr(3, 3) + "." + nsn.substr(6);
  }
}

RC_GTEST_PROP(PhoneNumberProperty, EveryFormNormalisesToTheSameE164, ()) {
  const char first = *rc::gen::inRange('2', static_cast<char>('9' + 1));
  const std::string rest =
      *rc::gen::container<std::string>(9, rc::gen::inRange('0', static_cast<char>('9' + 1)));
  const std::string nsn = first + rest;
  const int form = *rc::gen::inRange(0, 7);
  const std::string text = write_as(nsn, form);
  const auto phone = PhoneNumber::parse(text);
  RC_ASSERT(phone.has_value());
  RC_ASSERT(phone->e164() == "+90" + nsn);
  // Normalisation is idempotent: the E.164 text is itself an accepted form.
  RC_ASSERT(PhoneNumber::parse(phone->e164()) == phone);
}

}  // namespace
}  // namespace vocfab
