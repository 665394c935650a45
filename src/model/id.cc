// UUID text for entity ids, via Boost.Uuid.
#include "vocfab/model/id.h"

#include <boost/uuid/string_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <exception>

namespace vocfab {
namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// string_generator also accepts braces and undashed forms; the interchange format allows only
// the canonical 36-character layout, so the shape is checked here first. That also keeps the
// exception path (slow, and fatal under noexcept) out of ordinary bad input.
bool has_canonical_shape(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<boost::uuids::uuid> parse_uuid(std::string_view text) noexcept {
  if (!has_canonical_shape(text)) return std::nullopt;
  try {
    return boost::uuids::string_generator{}(text.begin(), text.end());
  } catch (const std::exception&) {
    // Unreachable after the shape check, but a noexcept function must not let it escape.
    return std::nullopt;
  }
}

std::string uuid_to_string(const boost::uuids::uuid& uuid) {
  return boost::uuids::to_string(uuid);  // Boost prints lower-case hex.
}

}  // namespace vocfab
