#include "vocfab/model/id.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_set>

namespace vocfab {
namespace {

constexpr const char* kCanonical = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

TEST(ParseUuid, AcceptsCanonicalText) {
  const auto uuid = parse_uuid(kCanonical);
  ASSERT_TRUE(uuid.has_value());
  EXPECT_EQ(uuid->data[0], 0x1b);
  EXPECT_EQ(uuid->data[15], 0x27);
  EXPECT_EQ(uuid_to_string(*uuid), kCanonical);
}

TEST(ParseUuid, AcceptsUpperCaseAndPrintsLowerCase) {
  const auto uuid = parse_uuid("1B4E28BA-2FA1-11D2-883F-0016D3CCA427");
  ASSERT_TRUE(uuid.has_value());
  EXPECT_EQ(uuid_to_string(*uuid), kCanonical);
}

TEST(ParseUuid, AcceptsNilUuid) {
  const auto uuid = parse_uuid("00000000-0000-0000-0000-000000000000");
  ASSERT_TRUE(uuid.has_value());
  EXPECT_TRUE(uuid->is_nil());
}

TEST(ParseUuid, RejectsEveryNonCanonicalShape) {
  for (const char* text : {
           "",
           "not-a-uuid",
           "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}",  // Braces: Boost accepts, we do not.
           "1b4e28ba2fa111d2883f0016d3cca427",        // No dashes: Boost accepts, we do not.
           "1b4e28ba-2fa1-11d2-883f-0016d3cca42",     // 35 characters.
           "1b4e28ba-2fa1-11d2-883f-0016d3cca4277",   // 37 characters.
           "1b4e28bg-2fa1-11d2-883f-0016d3cca427",    // 'g' is not hex.
           "1b4e28b-a2fa1-11d2-883f-0016d3cca427",    // Dash in the wrong place.
           "1b4e28ba-2fa1-11d2-883f_0016d3cca427",    // Underscore for a dash.
           " 1b4e28ba-2fa1-11d2-883f-0016d3cca42",    // Leading space.
           "1b4e28ba-2fa1-11d2-883f-0016d3cca427\n",  // Trailing newline.
           "------------------------------------",
       }) {
    EXPECT_FALSE(parse_uuid(text).has_value()) << '"' << text << '"';
  }
}

TEST(Id, DefaultIsNil) {
  const CourseId id;
  EXPECT_TRUE(id.is_nil());
  EXPECT_EQ(id.to_string(), "00000000-0000-0000-0000-000000000000");
}

TEST(Id, ParsesAndPrints) {
  const auto id = TraineeId::parse(kCanonical);
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(id->is_nil());
  EXPECT_EQ(id->to_string(), kCanonical);
  EXPECT_FALSE(TraineeId::parse("1b4e28ba").has_value());
}

TEST(Id, OrdersAndHashesByValue) {
  const auto a = CentreId::parse("00000000-0000-0000-0000-000000000001").value();
  const auto b = CentreId::parse("00000000-0000-0000-0000-000000000002").value();
  const auto c = CentreId::parse("10000000-0000-0000-0000-000000000000").value();
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(a, CentreId::parse("00000000-0000-0000-0000-000000000001").value());
  EXPECT_NE(a, b);
  const std::set<CentreId> sorted{c, a, b};
  EXPECT_EQ(*sorted.begin(), a);
  const std::unordered_set<CentreId> set{a, b, a};
  EXPECT_EQ(set.size(), 2u);
}

// The whole point of the tag: a course id is not a trainee id.
static_assert(!std::is_convertible_v<CourseId, TraineeId>);
static_assert(!std::is_constructible_v<TraineeId, CourseId>);
static_assert(std::is_trivially_copyable_v<CourseId>);

RC_GTEST_PROP(IdProperty, PrintThenParseRoundTrips, (const std::array<std::uint8_t, 16>& bytes)) {
  boost::uuids::uuid uuid{};
  for (std::size_t i = 0; i < bytes.size(); ++i) uuid.data[i] = bytes[i];
  const std::string text = uuid_to_string(uuid);
  RC_ASSERT(text.size() == 36u);
  for (char c : text) RC_ASSERT(!(c >= 'A' && c <= 'F'));
  const auto parsed = parse_uuid(text);
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == uuid);
}

}  // namespace
}  // namespace vocfab
