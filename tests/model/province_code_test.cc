#include "vocfab/model/province_code.h"

#include <gtest/gtest.h>

#include <string>

namespace vocfab {
namespace {

TEST(ProvinceCode, ParsesTwoDigitPlateCodes) {
  EXPECT_EQ(ProvinceCode::parse("01")->number(), 1);
  EXPECT_EQ(ProvinceCode::parse("06")->number(), 6);
  EXPECT_EQ(ProvinceCode::parse("35")->number(), 35);
  EXPECT_EQ(ProvinceCode::parse("81")->number(), 81);
}

TEST(ProvinceCode, RejectsEverythingElse) {
  for (const char* text : {"", "0", "6", "00", "82", "99", "001", "035", "3a", " 6", "6 ", "+6",
                           "-1", "٣٥"}) {
    EXPECT_FALSE(ProvinceCode::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(ProvinceCode, FromNumberChecksRange) {
  EXPECT_FALSE(ProvinceCode::from_number(0).has_value());
  EXPECT_FALSE(ProvinceCode::from_number(82).has_value());
  EXPECT_FALSE(ProvinceCode::from_number(-35).has_value());
  EXPECT_EQ(ProvinceCode::from_number(35), ProvinceCode::parse("35"));
}

TEST(ProvinceCode, EveryCodeRoundTripsThroughText) {
  int accepted = 0;
  for (int n = -1; n <= 100; ++n) {
    const auto code = ProvinceCode::from_number(n);
    if (!code) continue;
    ++accepted;
    const std::string text = code->to_string();
    ASSERT_EQ(text.size(), 2u) << n;
    EXPECT_EQ(ProvinceCode::parse(text), code) << text;
  }
  EXPECT_EQ(accepted, 81);
  EXPECT_EQ(ProvinceCode::from_number(6)->to_string(), "06");
}

TEST(ProvinceCode, OrdersByNumber) {
  EXPECT_LT(*ProvinceCode::parse("06"), *ProvinceCode::parse("35"));
  EXPECT_NE(*ProvinceCode::parse("06"), *ProvinceCode::parse("35"));
}

}  // namespace
}  // namespace vocfab
