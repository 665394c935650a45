#include "vocfab/model/id.h"

#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

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

// parse_uuid is a hand-written single pass (see src/model/id.cc); Boost's string_generator is
// the reference it must agree with on every canonical text, in any mix of cases.
constexpr std::string_view kHexDigits = "0123456789abcdefABCDEF";
constexpr std::array<std::size_t, 4> kDashes = {8, 13, 18, 23};

bool is_dash_position(std::size_t i) { return std::find(kDashes.begin(), kDashes.end(), i) != kDashes.end(); }
bool is_hex_digit(char c) { return kHexDigits.find(c) != std::string_view::npos; }

rc::Gen<std::string> canonical_text() {
  return rc::gen::map(rc::gen::container<std::vector<char>>(32, rc::gen::elementOf(kHexDigits)),
                      [](const std::vector<char>& digits) {
                        std::string text;
                        std::size_t next = 0;
                        for (std::size_t i = 0; i < 36; ++i) text += is_dash_position(i) ? '-' : digits[next++];
                        return text;
                      });
}

std::optional<boost::uuids::uuid> boost_parse(const std::string& text) {
  try {
    return boost::uuids::string_generator{}(text);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

RC_GTEST_PROP(IdProperty, AgreesWithBoostOnCanonicalText, ()) {
  const std::string text = *canonical_text();
  const auto ours = parse_uuid(text);
  const auto reference = boost_parse(text);
  RC_ASSERT(ours.has_value());
  RC_ASSERT(reference.has_value());
  RC_ASSERT(*ours == *reference);
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  RC_ASSERT(uuid_to_string(*ours) == lower);
}

RC_GTEST_PROP(IdProperty, RejectsOneDigitChangedToNonHex, ()) {
  std::string text = *canonical_text();
  const auto position = *rc::gen::suchThat(rc::gen::inRange<std::size_t>(0, 36),
                                           [](std::size_t i) { return !is_dash_position(i); });
  text[position] = *rc::gen::suchThat(rc::gen::arbitrary<char>(), [](char c) { return !is_hex_digit(c); });
  RC_ASSERT(!parse_uuid(text).has_value());
}

RC_GTEST_PROP(IdProperty, RejectsOneDashChanged, ()) {
  std::string text = *canonical_text();
  const auto position = *rc::gen::elementOf(kDashes);
  text[position] = *rc::gen::suchThat(rc::gen::arbitrary<char>(), [](char c) { return c != '-'; });
  RC_ASSERT(!parse_uuid(text).has_value());
}

RC_GTEST_PROP(IdProperty, PrintsLikeBoost, (const std::array<std::uint8_t, 16>& bytes)) {
  boost::uuids::uuid uuid{};
  for (std::size_t i = 0; i < bytes.size(); ++i) uuid.data[i] = bytes[i];
  RC_ASSERT(uuid_to_string(uuid) == boost::uuids::to_string(uuid));
}

}  // namespace
}  // namespace vocfab
