/// @file
/// The ten kinds of record a dataset holds, named as in the JSON document.
///
/// The JSON names (`"trainees"`, …) are part of the interchange contract and of the C ABI, which
/// names collections by them. Pure functions; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace vocfab {

/// The collections of a dataset document, in document order.
enum class Collection {
  centres, branches, courses, trainees, applications,
  enrollments, certificates, employers, vacancies, referrals,
};

/// Every collection, in document order.
inline constexpr std::array<Collection, 10> kAllCollections{
    Collection::centres,      Collection::branches,     Collection::courses,   Collection::trainees,
    Collection::applications, Collection::enrollments,  Collection::certificates,
    Collection::employers,    Collection::vacancies,    Collection::referrals};

/// JSON name of @p collection (`"trainees"`).
std::string_view to_string(Collection collection) noexcept;
/// The collection called @p name; `std::nullopt` if none.
std::optional<Collection> parse_collection(std::string_view name) noexcept;

}  // namespace vocfab
