#include "vocfab/model/collection.h"

namespace vocfab {
namespace {

// Indexed by the enumeration's value; the order is the document order.
constexpr std::array<std::string_view, kAllCollections.size()> kNames{
    "centres", "branches", "courses", "trainees", "applications",
    "enrollments", "certificates", "employers", "vacancies", "referrals"};

}  // namespace

std::string_view to_string(Collection collection) noexcept {
  return kNames[static_cast<std::size_t>(collection)];
}

std::optional<Collection> parse_collection(std::string_view name) noexcept {
  for (Collection collection : kAllCollections) {
    if (kNames[static_cast<std::size_t>(collection)] == name) return collection;
  }
  return std::nullopt;
}

}  // namespace vocfab
