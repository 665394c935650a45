// Branch codes: the one entity key that is text rather than a UUID.
#include "vocfab/model/branch_code.h"

namespace vocfab {
namespace {

constexpr std::size_t kMaxLength = 64;

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<BranchCode> BranchCode::parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxLength || !is_upper(text[0])) return std::nullopt;
  for (char c : text.substr(1)) {
    if (!is_upper(c) && !is_digit(c) && c != '_') return std::nullopt;
  }
  return BranchCode(std::string(text));
}

}  // namespace vocfab
