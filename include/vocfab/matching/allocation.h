/// @file
/// Course allocation on a dataset (SPEC section 5.2): applicants' ranked Applications against
/// the courses' priorities, by applicant-proposing deferred acceptance with capacities, with the
/// minimum-group rule, and the lifecycle operations that carry the result out.
///
/// Who and what take part, judged on the as-of day A (the request's, else the dataset's):
/// - the courses: `planned` or `open`, starting after A (not started on A), and ranked by at
///   least one application; their capacity is `capacity` minus their seat holders
///   (`holds_seat`);
/// - the applicants: each person with an application; a person with several is judged by the
///   latest one (latest `applied`; on one day, the later record), its list and its date;
/// - a choice is acceptable only when the rule functions of `vocfab/validation/rules.h` all pass
///   for it, exactly as `enroll` would check them: not erased, course eligibility at the course's
///   start (residency, consent, age, guardian consent), below `max_active_enrollments`, no held
///   seat overlapping it, its branch not completed, not already in it. Every other choice is
///   skipped with its reason (`AllocationSkip`).
///
/// Each course ranks its acceptable applicants by the groups of `policy.allocation.priority`,
/// compared in that order (a member before a non-member), then by application date (earlier
/// first), then by the lottery: one number per applicant, the same at every course. The numbers
/// are SplitMix64 draws from the seed, the i-th draw going to the i-th applicant in trainee-id
/// order (so record order does not matter); SplitMix64's draws are all distinct, so the order is
/// strict.
///
/// The matching is `stable_match(…, Optimal::proposer)` on those lists: stable and
/// applicant-optimal. Then, while some course is below its minimum group (`met_minimum_group`,
/// counting the enrollments that `counts_at_start` plus those assigned), the one with the fewest
/// assigned (then the lowest id) is dropped and the matching re-run on the other courses — by
/// resuming deferred acceptance without it (`DeferredAcceptance::remove_receiver`), which gives
/// exactly the matching a fresh run on the other courses gives. A course nobody was assigned to
/// is dropped without a re-run (no applicant was held there, so the matching cannot change);
/// `rounds` counts the runs of the solver (the first, and each resumption after a drop).
///
/// Cost: O(total list length + applicants + courses log courses) for the matching and every
/// drop together, on top of the rule checks (a person's enrollments per choice).
///
/// Pure function of the dataset and the request; thread-safe. The applicants are gathered and
/// their choices checked on up to `max_threads` threads of the call's own, joined before it
/// returns; the dataset must not change meanwhile (as for any reader).
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/operation.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vocfab::matching {

/// The most threads an allocation may be given (`AllocationRequest::max_threads`).
inline constexpr unsigned kMaxAllocationThreads = 256;

/// What an allocation is asked for: each field defaults as described.
struct AllocationRequest {
  std::optional<std::uint64_t> seed;  ///< The lottery's seed; `policy.allocation.seed` when absent.
  std::optional<Date> as_of;          ///< The day judged; the dataset's `as_of` when absent.
  /// The most threads gathering the applicants and checking their choices (0: one per core; up
  /// to `kMaxAllocationThreads`). The result is the same for any number.
  unsigned max_threads = 0;
};

/// The request cannot be answered: it names no as-of day and the dataset has none (the library
/// reads no clock), or it asks for more than `kMaxAllocationThreads` threads.
class AllocationError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// One person placed in one course.
struct AllocationAssignment {
  TraineeId trainee;  ///< The person.
  CourseId course;  ///< The course.
  std::uint32_t choice = 0;  ///< The course's position in the application, from 1 (first choice).
  /// Field-wise equality.
  friend bool operator==(const AllocationAssignment&, const AllocationAssignment&) = default;
};

/// A course's waitlist: acceptable applicants not placed there who did not get a course they
/// prefer to it, in the course's order of priority. Only courses with a non-empty one.
struct AllocationWaitlist {
  CourseId course;  ///< The course.
  std::vector<TraineeId> trainees;  ///< The people, in the course's order of priority.
  /// Field-wise equality.
  friend bool operator==(const AllocationWaitlist&, const AllocationWaitlist&) = default;
};

/// A course dropped because it ended below its minimum group.
struct AllocationCancellation {
  CourseId course;  ///< The course.
  std::uint32_t assigned = 0;   ///< Assigned to it in the round that dropped it.
  std::uint32_t held = 0;       ///< Enrollments it already had that count at its start.
  std::uint32_t min_group = 0;  ///< Its minimum group (`effective_min_group`).
  std::uint32_t round = 0;      ///< The solver run after which it was dropped, from 1.
  std::string reason;           ///< Why, with the numbers.
  /// Field-wise equality.
  friend bool operator==(const AllocationCancellation&, const AllocationCancellation&) = default;
};

/// An applicant placed nowhere, and why (every choice accounted for, with numbers).
struct AllocationUnassigned {
  TraineeId trainee;  ///< The person.
  std::string reason;  ///< Why, for a person, with its numbers.
  /// Field-wise equality.
  friend bool operator==(const AllocationUnassigned&, const AllocationUnassigned&) = default;
};

/// A choice that took no part: the course is not being allocated, or it is not acceptable to the
/// applicant (the first rule it breaks).
struct AllocationSkip {
  TraineeId trainee;  ///< The person.
  CourseId course;  ///< The course.
  std::uint32_t choice = 0;  ///< Its position in the application, from 1.
  IssueCode code = IssueCode::invalid_value;  ///< The rule it breaks.
  std::string reason;  ///< Why, for a person, with its numbers.
  /// Field-wise equality.
  friend bool operator==(const AllocationSkip&, const AllocationSkip&) = default;
};

/// A kept course's places: the people assigned to it, in its order of priority (the order of its
/// `enroll` operations). Only courses with anyone assigned.
struct AllocationPlaces {
  CourseId course;  ///< The course.
  std::vector<TraineeId> trainees;  ///< The people, in the course's order of priority.
  /// Field-wise equality.
  friend bool operator==(const AllocationPlaces&, const AllocationPlaces&) = default;
};

/// The allocation (SPEC 5.2) and the operations that carry it out.
struct AllocationResult {
  Date as_of;                ///< The day judged.
  std::uint64_t seed = 0;    ///< The lottery's seed.
  std::uint32_t rounds = 0;  ///< Runs of the solver (1 + the re-runs after a drop).
  std::vector<AllocationAssignment> assignments;      ///< By trainee id.
  std::vector<AllocationWaitlist> waitlists;          ///< By course id.
  std::vector<AllocationCancellation> cancelled;      ///< In the order dropped.
  std::vector<AllocationUnassigned> unassigned;       ///< By trainee id.
  std::vector<AllocationSkip> skipped;                ///< By trainee id, then choice.
  std::vector<AllocationPlaces> places;               ///< By course id: the assignments, course by course.
  std::vector<CourseId> opened;  ///< The planned courses that get anyone (placed or waitlisted), by id.

  /// The operations that carry the allocation out: `open_course` for each of `opened`; then,
  /// course by course (by id), `enroll` for its `places` and then its waitlist (each in priority
  /// order, the waitlist with `waitlist: true`), so the waitlisted enrollments follow the order
  /// of priority; then `cancel_course` (reason `below_minimum_group`) for each dropped course, in
  /// drop order (a course allocated is `planned` or `open`, so it may always be cancelled). None
  /// carries `on` or `id`: the batch gives them. Applied in that order through `vocfab::apply`,
  /// they succeed on the dataset allocated.
  ///
  /// Built on demand from the fields above, since there is one per place and waitlist place
  /// (half a million at metropolitan scale), each a large record: O(their number).
  std::vector<Operation> operations() const;
  /// The same operations one at a time, in the same order, without holding them all (how the
  /// JSON writer and `vocfab allocate --ops-out` write them).
  void for_each_operation(const std::function<void(const Operation&)>& visit) const;
};

/// Allocates the dataset's applicants to its courses as described above.
/// @throws AllocationError when neither @p request nor @p dataset gives an as-of day, or
///         `request.max_threads` is above `kMaxAllocationThreads`.
AllocationResult allocate(const Dataset& dataset, const AllocationRequest& request = {});

/// The lottery numbers: the first @p count SplitMix64 draws from @p seed (all distinct).
std::vector<std::uint64_t> lottery_draws(std::uint64_t seed, std::size_t count);

}  // namespace vocfab::matching
