// Deterministic lifecycle workloads for the operations benchmark (bench/ops_bench.cc).
//
// A `Workload` is a stream of operations on a generated dataset — vacancies posted, people
// referred, interviewed, hired, rejected, declining, not showing up, leaving work — made by
// simulating the registry: the simulator keeps, for every person, vacancy and referral, the
// state the rules of SPEC section 4 look at, and emits only operations those rules allow (a hire
// only into a free position, a decline only when it cannot start a pause, a referral only of a
// job-seeking, consenting, resident person old enough, below three open referrals, never twice
// to one vacancy, to a vacancy open on that day). Derived effects (the hired person's and the
// filled vacancy's other open referrals withdrawn) are simulated too, so later operations never
// name a referral that is no longer open. Output is a pure function of (dataset, options).
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/ops/operation.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vocfab::bench {

/// How a workload is made.
struct WorkloadOptions {
  std::size_t operations = 1'000'000;  ///< Operations to emit.
  std::size_t days = 30;               ///< Business days they are spread over (about).
  std::uint64_t seed = 7;              ///< Random choices.
  Date first_day;                      ///< The first business day (the generator's reference date).
};

/// What the simulator emitted, and what it expects the library to do.
struct Workload {
  std::vector<Operation> operations;           ///< In order; every `on` is set.
  std::map<std::string, std::size_t> mix;      ///< Operations by `op`.
  std::size_t withdrawn_by_hires = 0;          ///< Open referrals withdrawn as derived effects.
  std::size_t vacancies_filled = 0;            ///< Vacancies whose last position was filled.
  std::size_t left_early = 0;                  ///< Ended hires that became `left_early`.
  Date last_day;                               ///< `on` of the last operation.
  std::size_t accepting_vacancies_at_start = 0;  ///< Vacancies taking referrals on the first day.
  std::size_t free_positions_at_start = 0;       ///< Their positions not yet filled.
  std::size_t eligible_people = 0;             ///< People who may be referred (consent, residency).
};

/// A workload of `options.operations` operations on @p dataset as it is.
Workload make_workload(const Dataset& dataset, const WorkloadOptions& options);

/// @p count `refer` operations on @p day, each of a different job-seeking, consenting, resident
/// person to a vacancy open that day, every one allowed on @p dataset as it is (and after the ones
/// before it), with explicit ids.
std::vector<Operation> make_refers(const Dataset& dataset, const Date& day, std::size_t count, std::uint64_t seed);

}  // namespace vocfab::bench
