// The one masking function every quoted value passes.
#include "vocfab/model/masking.h"
#include "vocfab/model/national_id.h"

#include <gtest/gtest.h>

#include <string>

namespace vocfab {
namespace {

TEST(Masking, NumbersThatCouldHoldANationalIdKeepThreeAndTwoDigits) {
  EXPECT_EQ(mask_national_ids("12345678950"), "123******50");
  EXPECT_EQ(mask_national_ids("TC 12345678950 kişi"), "TC 123******50 kişi");
  EXPECT_EQ(mask_national_ids("123 456 789 50"), "123 *** *** 50");
  EXPECT_EQ(mask_national_ids("123-456-789-50"), "123-***-***-50");
  EXPECT_EQ(mask_national_ids("0532 123 45 67"), "053* *** ** 67");
  EXPECT_EQ(mask_national_ids("123456789501234"), "123**********34");
}

TEST(Masking, ShorterNumbersAndOtherTextStay) {
  EXPECT_EQ(mask_national_ids("2025-02-30"), "2025-02-30");
  EXPECT_EQ(mask_national_ids("1234567890"), "1234567890");  // ten digits: a VKN
  EXPECT_EQ(mask_national_ids("MEB-2026-000001"), "MEB-2026-000001");
  EXPECT_EQ(mask_national_ids("12 34"), "12 34");
  EXPECT_EQ(mask_national_ids("Ayşe"), "Ayşe");
  // Identifiers are not national ids, whatever digits they hold.
  EXPECT_EQ(mask_national_ids("30000000-0000-4000-8000-000000000001"), "30000000-0000-4000-8000-000000000001");
  EXPECT_EQ(mask_national_ids("x 00000000-0000-4000-8000-012345678950 y"), "x 00000000-0000-4000-8000-012345678950 y");
  EXPECT_EQ(mask_national_ids("00000000-0000-4000-8000-01234567895012"), "000*****-****-****-****-************12");
}

TEST(Masking, QuotesAreShortCutAtACharacterAndMasked) {
  EXPECT_EQ(quote_value("x"), "'x'");
  std::string turkish;
  for (int i = 0; i < 50; ++i) turkish += "ş";
  const std::string quoted = quote_value(turkish);
  EXPECT_EQ(quoted, "'" + turkish.substr(0, 80) + "...'");  // 40 characters of 2 bytes
  const std::string huge(50'000'000, '7');
  const std::string masked = quote_value(huge);
  EXPECT_LT(masked.size(), 60u);
  EXPECT_EQ(masked.substr(0, 5), "'777*");
  EXPECT_EQ(quote_value("bad \xff byte\x01"), "'bad \xEF\xBF\xBD byte\xEF\xBF\xBD'");
  // A national id cut by the excerpt never shows more digits than the mask would.
  const std::string late = std::string(35, 'a') + "12345678950";
  EXPECT_EQ(quote_value(late), "'" + std::string(35, 'a') + "123**...'");
}

}  // namespace
}  // namespace vocfab

namespace vocfab {
namespace {

TEST(HoldsNationalId, OnlyElevenDigitsInARowThatPassTheChecksum) {
  const std::string id = NationalId::complete("100000007")->digits();
  ASSERT_EQ(id.size(), 11u);
  EXPECT_TRUE(holds_national_id("clerk-" + id));
  EXPECT_TRUE(holds_national_id(id));
  EXPECT_FALSE(holds_national_id("desk-2026-11-20-001"));
  EXPECT_FALSE(holds_national_id(id + "0"));  // twelve digits: not an id
  std::string wrong = id;
  wrong[10] = wrong[10] == '0' ? '1' : '0';
  EXPECT_FALSE(holds_national_id(wrong));
}

}  // namespace
}  // namespace vocfab
