/// @file
/// Stable matching: many-to-one deferred acceptance (Gale–Shapley 1962, as Roth–Peranson use it
/// for the hospital/resident match), over dense integer indices (SPEC section 5.0).
///
/// Proposers (applicants, residents, seekers) each rank receivers (courses, hospitals), receivers
/// rank proposers and hold up to a capacity each. A pair is *acceptable* only when each side
/// lists the other; an entry one side lists and the other does not is ignored and reported, so a
/// caller sees that it played no part. `stable_match` returns the stable matching that is best
/// for the side asked for (and, by the lattice structure, worst for the other), and
/// `blocking_pairs` says why any given matching is not stable. Names live at the JSON boundary
/// (`vocfab/io/matching_json.h`); here everything is an index, so the course allocation of SPEC
/// 5.2 builds an `Instance` straight from its own arrays and reuses the solver as it is.
///
/// Cost: building an instance and solving it are each O(total list length + proposers +
/// receivers) time and memory; nothing is hashed, and the one sort is a counting sort.
///
/// Thread-safety: an `Instance` is immutable once built; every function here is pure (it keeps
/// no state between calls), so any number of threads may solve the same instance concurrently.
/// `DeferredAcceptance`, the resumable solver, is the one object with state: one per thread.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace vocfab::matching {

/// A proposer or a receiver, or a position in a list: a dense index from 0.
using Index = std::uint32_t;

/// "None": no index, no rank. Never a valid index, since an instance holds fewer entries.
inline constexpr Index kNoIndex = std::numeric_limits<Index>::max();

/// The side a stable matching is best for.
enum class Optimal {
  proposer,  ///< Proposers propose: every proposer gets its best partner over all stable matchings.
  receiver,  ///< Receivers propose: every receiver gets its best set over all stable matchings.
};

/// One side of the market.
enum class Side { proposer, receiver };

/// An instance refused when built: an index out of range, an entry listed twice in one list, or
/// CSR arrays that do not fit together. Its message names the list and the position.
class InvalidInstance : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// An entry that only one side lists, so the pair is not acceptable and was ignored.
struct OneSided {
  Index proposer = kNoIndex;  ///< The proposer (index).
  Index receiver = kNoIndex;  ///< The receiver (index).
  Side listed_by = Side::proposer;  ///< Whose list holds the entry (the other side's does not).
  /// Field-wise equality.
  friend bool operator==(const OneSided&, const OneSided&) = default;
};

/// A market: both sides' strict preference lists (most preferred first) and the receivers'
/// capacities, kept as CSR arrays with the rank tables the solver needs, built once.
///
/// Built only by `from_lists` or `from_csr`, which check it, so a solver never meets an index out
/// of range or an entry listed twice: there is no unchecked path to a malformed instance.
class Instance {
 public:
  /// An empty market (no proposers, no receivers).
  Instance() = default;

  /// From one list per proposer (receiver indices) and one per receiver (proposer indices).
  /// @p capacities holds one capacity per receiver, or is empty for capacity 1 everywhere
  /// (one-to-one). A capacity of 0 is allowed: that receiver takes no one.
  /// @throws InvalidInstance when an index is out of range, an index appears twice in one list,
  ///         @p capacities has neither 0 nor `receiver_lists.size()` entries, or the market holds
  ///         `kNoIndex` entries or more.
  static Instance from_lists(std::span<const std::vector<Index>> proposer_lists,
                             std::span<const std::vector<Index>> receiver_lists,
                             std::span<const Index> capacities = {});

  /// From CSR arrays: proposer p's list is `proposer_entries[proposer_offsets[p] ..
  /// proposer_offsets[p + 1])`, and likewise for receivers; the offsets start at 0, never
  /// decrease and end at the entries' size. @p capacities as for `from_lists`. Takes the arrays
  /// over, so a caller that builds them itself (course allocation) copies nothing.
  /// @throws InvalidInstance as `from_lists` does, and when the offsets are malformed.
  static Instance from_csr(std::vector<Index> proposer_offsets, std::vector<Index> proposer_entries,
                           std::vector<Index> receiver_offsets, std::vector<Index> receiver_entries,
                           std::vector<Index> capacities = {});

  /// How many proposers.
  Index proposer_count() const noexcept { return proposer_offsets_.empty() ? 0 : Index(proposer_offsets_.size() - 1); }
  /// How many receivers.
  Index receiver_count() const noexcept { return receiver_offsets_.empty() ? 0 : Index(receiver_offsets_.size() - 1); }
  /// Proposer @p p's list of receivers, most preferred first (as given, one-sided entries included).
  std::span<const Index> proposer_list(Index p) const noexcept {
    return list(proposer_offsets_, proposer_entries_, p);
  }
  /// Receiver @p r's list of proposers, most preferred first (as given, one-sided entries included).
  std::span<const Index> receiver_list(Index r) const noexcept {
    return list(receiver_offsets_, receiver_entries_, r);
  }
  /// How many proposers receiver @p r may hold.
  Index capacity(Index r) const noexcept { return capacities_[r]; }
  /// The position of proposer @p p in receiver @p r's list, or `kNoIndex` when the pair is not
  /// acceptable (either side does not list the other). O(length of p's list). Like every
  /// accessor here, it takes indices in range (below `proposer_count()`, `receiver_count()`).
  Index rank_at_receiver(Index p, Index r) const noexcept;
  /// The position of receiver @p r in proposer @p p's list, or `kNoIndex` when the pair is not
  /// acceptable. O(length of p's list).
  Index rank_at_proposer(Index p, Index r) const noexcept;
  /// Every entry only one side lists: first the proposers' (by proposer, in list order), then the
  /// receivers' (by receiver, in list order).
  std::span<const OneSided> ignored() const noexcept { return ignored_; }

 private:
  static std::span<const Index> list(const std::vector<Index>& offsets, const std::vector<Index>& entries,
                                     Index owner) noexcept {
    return std::span<const Index>(entries).subspan(offsets[owner], offsets[owner + 1] - offsets[owner]);
  }
  void build();

  friend struct Solver;
  friend class DeferredAcceptance;

  std::vector<Index> proposer_offsets_, proposer_entries_;
  std::vector<Index> receiver_offsets_, receiver_entries_;
  std::vector<Index> capacities_;
  // For each proposer entry: the proposer's position in that receiver's list (kNoIndex when the
  // receiver does not list it). For each receiver entry: the receiver's position in that
  // proposer's list. Flat arrays parallel to the entries, so the solvers compare two offers with
  // one load each, and a one-sided entry is skipped with the same load.
  std::vector<Index> rank_at_receiver_, rank_at_proposer_;
  std::vector<OneSided> ignored_;
};

/// A matching found by `stable_match`.
struct Result {
  /// For each proposer, the receiver it is matched to (none when unmatched).
  std::vector<std::optional<Index>> partner;
  /// CSR offsets into `assigned_entries`, one per receiver plus one.
  std::vector<Index> assigned_offsets;
  /// The proposers each receiver holds, in the receiver's order of preference.
  std::vector<Index> assigned_entries;
  /// The instance's one-sided entries (`Instance::ignored`), which played no part.
  std::vector<OneSided> ignored;

  /// The proposers receiver @p r holds, in its order of preference.
  std::span<const Index> assigned(Index r) const noexcept {
    return std::span<const Index>(assigned_entries)
        .subspan(assigned_offsets[r], assigned_offsets[r + 1] - assigned_offsets[r]);
  }
};

/// Applicant-proposing deferred acceptance as a state that can be resumed after a receiver
/// leaves the market: the proposer side's state (each proposer's next position in its list, the
/// proposers each receiver holds, who is free) kept between calls.
///
/// `run()` lets every free proposer propose down its list until nobody free can propose; the
/// result is the proposer-optimal stable matching (`stable_match(…, Optimal::proposer)` is this
/// class run once). `remove_receiver(r)` takes receiver r out of the market: its holders become
/// free, nobody proposes to it again, and deferred acceptance continues from the tentative
/// matching. What it reaches is exactly the proposer-optimal stable matching of the instance
/// without r (and without every receiver removed before): the proposals made so far, less those
/// to r, are a valid run of deferred acceptance on that smaller market, every rejection in it
/// having been made by a receiver still present for the same proposals it would see there, and
/// deferred acceptance ends at the same matching whatever order the free proposers propose in
/// (McVitie and Wilson 1970). See docs/matching.md, "Course allocation".
///
/// Cost: over a whole life (any number of removals) each proposer moves past each entry of its
/// list at most once and each receiver's worst-held position moves only up, so all runs together
/// cost O(total list length + proposers + receivers), plus O(length of r's list) per removal.
///
/// Holds a reference to @p instance, which must outlive it. Not thread-safe (it is a state);
/// distinct objects over one instance are independent.
class DeferredAcceptance {
 public:
  /// Nobody matched yet, everyone free; call `run()`.
  explicit DeferredAcceptance(const Instance& instance);

  /// Free proposers propose until none can: the proposer-optimal stable matching of the
  /// instance without the removed receivers.
  void run();
  /// Takes receiver @p r (below `receiver_count()`) out of the market and continues (`run()`).
  /// Removing a receiver already removed does nothing.
  void remove_receiver(Index r);

  /// True when @p r was removed.
  bool removed(Index r) const noexcept { return removed_[r] != 0; }
  /// The receiver proposer @p p is tentatively matched to, if any.
  std::optional<Index> partner(Index p) const noexcept { return partner_[p]; }
  /// How many proposers receiver @p r holds now (0 once removed).
  Index held_count(Index r) const noexcept { return held_count_[r]; }
  /// The receivers, not removed, whose held count changed during the last `run()` or
  /// `remove_receiver()`, each once, in the order they first changed.
  std::span<const Index> changed() const noexcept { return changed_; }
  /// The current matching, as `stable_match` gives it.
  Result result() const;

 private:
  void begin_step();
  void propose();

  const Instance* in_;
  std::vector<Index> next_;        // per proposer: position in its list of the next proposal
  std::vector<Index> held_count_;  // per receiver
  std::vector<Index> worst_;       // per receiver: rank of the worst held (valid when held_count > 0)
  std::vector<unsigned char> held_;     // per receiver entry: that proposer is held there
  std::vector<unsigned char> removed_;  // per receiver
  std::vector<unsigned char> changed_flag_;  // per receiver: listed in changed_
  std::vector<Index> changed_;
  std::vector<std::optional<Index>> partner_;
  std::vector<Index> free_;  // a stack of proposers yet to propose
};

/// The stable matching of @p instance that is optimal for @p optimal's side.
///
/// Proposer-optimal: proposers propose down their lists, each receiver keeps the best proposers
/// up to its capacity. Receiver-optimal: each receiver proposes down its list until it holds its
/// capacity or runs out, each proposer keeps the best offer it has had. Either way the result is
/// stable (no blocking pair, no receiver above capacity, only acceptable pairs), the same
/// proposers are matched and every receiver holds the same number in every stable matching
/// (the rural hospitals theorem), and the result does not depend on the order of indices.
/// O(total list length).
Result stable_match(const Instance& instance, Optimal optimal = Optimal::proposer);

/// Any matching: for each proposer, its receiver or none.
using Matching = std::vector<std::optional<Index>>;

/// A pair that would both rather be matched to each other: the proposer prefers the receiver to
/// its partner (or to being unmatched), and the receiver has a free place or prefers the
/// proposer to one it holds.
struct BlockingPair {
  Index proposer = kNoIndex;  ///< The proposer (index).
  Index receiver = kNoIndex;  ///< The receiver (index).
  /// Field-wise equality.
  friend bool operator==(const BlockingPair&, const BlockingPair&) = default;
};

/// A receiver holding more proposers than its capacity.
struct CapacityViolation {
  Index receiver = kNoIndex;  ///< The receiver (index).
  Index assigned = 0;  ///< How many it holds.
  Index capacity = 0;  ///< How many it may hold.
  /// Field-wise equality.
  friend bool operator==(const CapacityViolation&, const CapacityViolation&) = default;
};

/// Everything that keeps a matching from being stable, each kind apart.
struct Instability {
  /// Every blocking pair, by proposer, each proposer's in its list order.
  std::vector<BlockingPair> blocking_pairs;
  /// Every receiver above capacity, by receiver.
  std::vector<CapacityViolation> capacity_violations;
  /// Every matched pair that is not acceptable (one side, or both, does not list the other), by
  /// proposer.
  std::vector<BlockingPair> unacceptable;

  /// True when there is nothing: the matching is stable.
  bool stable() const noexcept {
    return blocking_pairs.empty() && capacity_violations.empty() && unacceptable.empty();
  }
};

/// Why @p matching is not stable for @p instance (nothing when it is).
///
/// Each side's preferences are its acceptable entries (those the other side lists too), in its
/// order; a partner outside them — a matched pair that is not acceptable, which `unacceptable`
/// reports — counts as worse than every acceptable one, so that it never hides a blocking pair.
/// A receiver at or above capacity has no free place. O(total list length).
/// @throws InvalidInstance when @p matching does not have one entry per proposer or names a
///         receiver out of range.
Instability blocking_pairs(const Instance& instance, std::span<const std::optional<Index>> matching);

}  // namespace vocfab::matching
