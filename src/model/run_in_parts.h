// Work split into parts run side by side: part 0 on the calling thread, the others on threads of
// the call's own, joined before it returns. The reports and batch matching use it; what each part
// reads must not change meanwhile (a `const Dataset`).
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace vocfab::detail {

/// How many parts to make of @p items items, at least @p per_part each, on at most @p max_threads
/// threads (0: one per hardware thread); at least 1.
inline unsigned parts_for(std::size_t items, std::size_t per_part, unsigned max_threads) {
  const unsigned hardware = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(
      std::clamp<std::size_t>(items / std::max<std::size_t>(per_part, 1), 1, max_threads == 0 ? hardware : max_threads));
}

/// Runs `part(0)` … `part(parts - 1)` side by side and waits for all of them. A part that throws
/// does not end the process: the first part's exception (in part order) is rethrown once all have
/// ended.
template <class Part>
void run_in_parts(unsigned parts, Part&& part) {
  std::vector<std::exception_ptr> failures(parts);
  const auto run = [&](unsigned index) {
    try {
      part(index);
    } catch (...) {
      failures[index] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    workers.reserve(parts > 0 ? parts - 1 : 0);
    for (unsigned index = 1; index < parts; ++index) workers.emplace_back(run, index);
    if (parts > 0) run(0);
  }
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace vocfab::detail
