// A bounded list of issues, for readers of requests a hostile caller writes: up to a limit, then
// one issue saying that the rest were left out, then nothing (a million bad entries cost a
// bounded answer).
#pragma once

#include "vocfab/model/issue.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace vocfab::io_detail {

inline void add_capped(std::vector<Issue>& issues, std::size_t limit, IssueCode code, std::string path,
                       std::string message) {
  if (issues.size() > limit) return;
  if (issues.size() == limit) {
    issues.push_back(Issue{IssueCode::invalid_value, "",
                           "more than " + std::to_string(limit) + " issues; the rest are not listed"});
    return;
  }
  issues.push_back(Issue{code, std::move(path), std::move(message)});
}

}  // namespace vocfab::io_detail
