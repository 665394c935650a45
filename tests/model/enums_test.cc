#include "vocfab/model/enums.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab {
namespace {

// Each enumeration with its last enumerator and expected spellings (the interchange contract).
template <class E>
struct Contract;

template <>
struct Contract<DeliveryMode> {
  static constexpr DeliveryMode last = DeliveryMode::hybrid;
  static std::vector<std::string_view> spellings() { return {"in_person", "online", "hybrid"}; }
};
template <>
struct Contract<CertificateKind> {
  static constexpr CertificateKind last = CertificateKind::participation;
  static std::vector<std::string_view> spellings() { return {"meb", "participation"}; }
};
template <>
struct Contract<CourseStatus> {
  static constexpr CourseStatus last = CourseStatus::cancelled;
  static std::vector<std::string_view> spellings() {
    return {"planned", "open", "running", "completed", "cancelled"};
  }
};
template <>
struct Contract<Gender> {
  static constexpr Gender last = Gender::undisclosed;
  static std::vector<std::string_view> spellings() {
    return {"female", "male", "other", "undisclosed"};
  }
};
template <>
struct Contract<EducationLevel> {
  static constexpr EducationLevel last = EducationLevel::postgraduate;
  static std::vector<std::string_view> spellings() {
    return {"none",      "primary",  "lower_secondary", "upper_secondary", "vocational_secondary",
            "associate", "bachelor", "postgraduate"};
  }
};
template <>
struct Contract<EmploymentStatus> {
  static constexpr EmploymentStatus last = EmploymentStatus::retired;
  static std::vector<std::string_view> spellings() {
    return {"unemployed", "employed", "student", "retired"};
  }
};
template <>
struct Contract<Shift> {
  static constexpr Shift last = Shift::any;
  static std::vector<std::string_view> spellings() {
    return {"day", "evening", "night", "rotating", "any"};
  }
};
template <>
struct Contract<EnrollmentStatus> {
  static constexpr EnrollmentStatus last = EnrollmentStatus::completed;
  static std::vector<std::string_view> spellings() {
    return {"waitlisted", "enrolled", "withdrawn", "removed", "failed", "completed"};
  }
};
template <>
struct Contract<VacancyStatus> {
  static constexpr VacancyStatus last = VacancyStatus::closed;
  static std::vector<std::string_view> spellings() { return {"open", "filled", "closed"}; }
};
template <>
struct Contract<ReferralStatus> {
  static constexpr ReferralStatus last = ReferralStatus::retained;
  static std::vector<std::string_view> spellings() {
    return {"referred", "interview", "hired",     "rejected",  "declined",
            "no_show",  "withdrawn", "left_early", "retained"};
  }
};

template <class E>
class EnumContract : public ::testing::Test {};

using AllEnums = ::testing::Types<DeliveryMode, CertificateKind, CourseStatus, Gender,
                                  EducationLevel, EmploymentStatus, Shift, EnrollmentStatus,
                                  VacancyStatus, ReferralStatus>;
TYPED_TEST_SUITE(EnumContract, AllEnums);

TYPED_TEST(EnumContract, ListsEveryValueInDeclarationOrder) {
  const auto values = enum_values<TypeParam>();
  ASSERT_EQ(values.size(), static_cast<std::size_t>(Contract<TypeParam>::last) + 1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(values[i]), i);
  }
}

TYPED_TEST(EnumContract, SpellingsMatchTheInterchangeContract) {
  const auto values = enum_values<TypeParam>();
  const auto expected = Contract<TypeParam>::spellings();
  ASSERT_EQ(values.size(), expected.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(to_string(values[i]), expected[i]);
  }
}

TYPED_TEST(EnumContract, EveryValueRoundTrips) {
  std::set<std::string_view> seen;
  for (TypeParam value : enum_values<TypeParam>()) {
    const std::string_view text = to_string(value);
    EXPECT_TRUE(seen.insert(text).second) << "duplicate spelling " << text;
    EXPECT_EQ(parse_enum<TypeParam>(text), value) << text;
  }
}

TYPED_TEST(EnumContract, RejectsNearMisses) {
  EXPECT_FALSE(parse_enum<TypeParam>("").has_value());
  for (TypeParam value : enum_values<TypeParam>()) {
    const std::string text(to_string(value));
    std::string upper = text;
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    EXPECT_FALSE(parse_enum<TypeParam>(upper).has_value()) << upper;
    EXPECT_FALSE(parse_enum<TypeParam>(" " + text).has_value()) << text;
    EXPECT_FALSE(parse_enum<TypeParam>(text + " ").has_value()) << text;
    EXPECT_FALSE(parse_enum<TypeParam>(text.substr(0, text.size() - 1)).has_value()) << text;
  }
}

TEST(Enums, SpellingsUseSnakeCase) {
  EXPECT_FALSE(parse_enum<DeliveryMode>("in-person").has_value());
  EXPECT_FALSE(parse_enum<ReferralStatus>("no-show").has_value());
  EXPECT_FALSE(parse_enum<ReferralStatus>("noShow").has_value());
  EXPECT_EQ(parse_enum<ReferralStatus>("no_show"), ReferralStatus::no_show);
  EXPECT_EQ(to_string(EducationLevel::vocational_secondary), "vocational_secondary");
}

TEST(Enums, OutOfRangeValueHasNoSpelling) {
  EXPECT_TRUE(to_string(static_cast<CourseStatus>(99)).empty());
}

}  // namespace
}  // namespace vocfab
