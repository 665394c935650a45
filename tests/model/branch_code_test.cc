#include "vocfab/model/branch_code.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace vocfab {
namespace {

TEST(BranchCode, AcceptsWellFormedCodes) {
  for (const char* text : {"SEWING", "COMPUTER_REPAIR", "A", "CNC2", "A_1_B", "X_"}) {
    const auto code = BranchCode::parse(text);
    ASSERT_TRUE(code.has_value()) << text;
    EXPECT_EQ(code->str(), text);
  }
}

TEST(BranchCode, LengthLimitIsSixtyFour) {
  EXPECT_TRUE(BranchCode::parse("A" + std::string(63, 'B')).has_value());
  EXPECT_FALSE(BranchCode::parse("A" + std::string(64, 'B')).has_value());
}

TEST(BranchCode, RejectsMalformedCodes) {
  for (const char* text : {"", "sewing", "Sewing", "1CNC", "_SEWING", "SEW ING", "SEW-ING",
                           " SEWING", "SEWING ", "ÇAYCILIK", "AŞÇI"}) {
    EXPECT_FALSE(BranchCode::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(BranchCode, ComparesAndHashesByText) {
  const auto a = BranchCode::parse("COOKING").value();
  const auto b = BranchCode::parse("SEWING").value();
  EXPECT_LT(a, b);
  EXPECT_EQ(a, BranchCode::parse("COOKING").value());
  const std::unordered_set<BranchCode> set{a, b, a};
  EXPECT_EQ(set.size(), 2u);
}

}  // namespace
}  // namespace vocfab
