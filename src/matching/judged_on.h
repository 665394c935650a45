// The day a matching request is judged on: the one it names, else the dataset's `as_of`. The
// library reads no clock, so with neither there is no day, and every matching entry point says so
// in the same words.
#pragma once

#include "vocfab/model/dataset.h"

#include <optional>
#include <string_view>

namespace vocfab::matching::detail {

inline constexpr std::string_view kNoAsOfDay = "no as-of day: the request names none and the dataset has no as_of";

inline std::optional<Date> judged_on(const Dataset& dataset, const std::optional<Date>& asked) {
  return asked ? asked : dataset.as_of();
}

}  // namespace vocfab::matching::detail
