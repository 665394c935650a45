// The day a request (matching, reports, planning) is judged on: the one it names, else the
// dataset's `as_of` (SPEC section 3). The library reads no clock, so with neither there is no day,
// and every entry point says so in the same words.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vocfab::detail {

inline constexpr std::string_view kNoAsOfDay = "no as-of day: the request names none and the dataset has no as_of";

inline std::optional<Date> judged_on(const Dataset& dataset, const std::optional<Date>& asked) {
  return asked ? asked : dataset.as_of();
}

// The day, or nothing with the issue that there is none (`missing_field` at @p field) added.
inline std::optional<Date> judged_on(const Dataset& dataset, const std::optional<Date>& asked, std::vector<Issue>& issues,
                                     std::string_view field = "as_of") {
  std::optional<Date> day = judged_on(dataset, asked);
  if (!day) issues.push_back({IssueCode::missing_field, std::string(field), std::string(kNoAsOfDay)});
  return day;
}

}  // namespace vocfab::detail
