// Many-to-one deferred acceptance (vocfab/matching/stable_matching.h).
//
// Everything is linear in the total list length: the rank tables are built with one counting
// sort of one side's entries and one scratch array over that side (`cross_ranks`), which also
// checks every entry, and the solvers move each list pointer at most once past each entry.
#include "vocfab/matching/stable_matching.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace vocfab::matching {
namespace {

std::string side_name(Side side) { return side == Side::proposer ? "proposer" : "receiver"; }

// Throws for entry @p position of @p side's @p owner, which names @p target; apart, so that the
// checking loop builds no message.
[[noreturn]] void refuse(Side side, std::size_t owner, Index position, Index target, const std::string& what) {
  throw InvalidInstance(side_name(side) + " " + std::to_string(owner) + "'s list, position " +
                        std::to_string(position) + ": " +
                        side_name(side == Side::proposer ? Side::receiver : Side::proposer) + " " +
                        std::to_string(target) + what);
}

// Checks one side's CSR offsets (never empty: `from_csr` makes an empty side {0}): they start
// at 0, never decrease and end at the entries' size. The entries are checked by `cross_ranks`,
// in the passes it makes anyway.
void check_offsets(Side side, const std::vector<Index>& offsets, const std::vector<Index>& entries) {
  const std::string owner_kind = side_name(side);
  if (offsets.front() != 0) throw InvalidInstance(owner_kind + " offsets must start at 0");
  if (offsets.back() != entries.size()) {
    throw InvalidInstance(owner_kind + " offsets must end at the number of entries (" +
                          std::to_string(entries.size()) + ")");
  }
  for (std::size_t owner = 0; owner + 1 < offsets.size(); ++owner) {
    if (offsets[owner + 1] < offsets[owner]) {
      throw InvalidInstance(owner_kind + " offsets decrease at " + owner_kind + " " + std::to_string(owner));
    }
  }
}

// Matches up the two sides' lists. Side X's lists name members of side Y and Y's name members
// of X; for each entry of an X list, @p x_rank receives the position of its owner in the named
// Y's list, and for each entry of a Y list, @p y_rank the position of its owner in the named X's
// list (both left at kNoIndex where the other side does not list back). Throws when an entry
// is out of range or repeats one before it in the same list. @p x_rank may hold anything (every
// entry is written), @p y_rank must hold kNoIndex. Returns how many pairs both sides list.
//
// X's entries are bucketed by the Y they name (a counting sort, in X order). Then, per Y, the
// positions of its list are marked in a scratch array over X, read back through its bucket, and
// cleared again: each pair is matched in O(1), and the scratch array is never cleared as a
// whole, so the cost is O(entries + |X| + |Y|).
std::size_t cross_ranks(Side x_side, const std::vector<Index>& x_offsets, const std::vector<Index>& x_entries,
                 const std::vector<Index>& y_offsets, const std::vector<Index>& y_entries, std::vector<Index>& x_rank,
                 std::vector<Index>& y_rank, std::vector<Index>& scratch) {
  const auto xs = static_cast<Index>(x_offsets.size() - 1);
  const auto ys = static_cast<Index>(y_offsets.size() - 1);
  struct Named {
    Index owner;     // the X whose list holds the entry; then its position in the Y's list
    Index position;  // the entry's position in the X's list
  };
  const Side y_side = x_side == Side::proposer ? Side::receiver : Side::proposer;
  std::vector<Index> bucket_offsets(std::size_t(ys) + 1, 0);
  {
    std::vector<Index> seen(ys, 0);  // per Y: x + 1 when x's list named it, so never cleared
    for (Index x = 0; x < xs; ++x) {
      for (Index at = x_offsets[x]; at < x_offsets[x + 1]; ++at) {
        const Index y = x_entries[at];
        if (y >= ys) refuse(x_side, x, at - x_offsets[x], y, " is out of range (there are " + std::to_string(ys) + ")");
        if (seen[y] == x + 1) refuse(x_side, x, at - x_offsets[x], y, " is listed twice; a list is a strict ranking");
        seen[y] = x + 1;
        ++bucket_offsets[y + 1];
      }
    }
  }
  for (Index y = 0; y < ys; ++y) bucket_offsets[y + 1] += bucket_offsets[y];
  // Every slot is written by the fill below: no need to zero it first.
  const auto bucket = std::make_unique_for_overwrite<Named[]>(x_entries.size());
  std::vector<Index> fill(bucket_offsets.begin(), bucket_offsets.end() - 1);
  for (Index x = 0; x < xs; ++x) {
    for (Index at = x_offsets[x]; at < x_offsets[x + 1]; ++at) {
      bucket[fill[x_entries[at]]++] = Named{x, at - x_offsets[x]};
    }
  }
  std::size_t mutual = 0;                  // pairs listed by both sides
  std::vector<Index>& position = scratch;  // per X: its position in the current Y's list
  position.assign(xs, kNoIndex);
  for (Index y = 0; y < ys; ++y) {
    const Index begin = y_offsets[y];
    const Index end = y_offsets[y + 1];
    for (Index at = begin; at < end; ++at) {
      const Index x = y_entries[at];
      if (x >= xs) refuse(y_side, y, at - begin, x, " is out of range (there are " + std::to_string(xs) + ")");
      if (position[x] != kNoIndex) refuse(y_side, y, at - begin, x, " is listed twice; a list is a strict ranking");
      position[x] = at - begin;
    }
    for (Index b = bucket_offsets[y]; b < bucket_offsets[y + 1]; ++b) {
      Named& named = bucket[b];
      const Index k = position[named.owner];
      if (k != kNoIndex) {
        y_rank[begin + k] = named.position;
        ++mutual;
      }
      named.owner = k;
    }
    for (Index at = begin; at < end; ++at) position[y_entries[at]] = kNoIndex;
  }
  // Back to X order: the same cursors walk each bucket in the order it was filled, so that X's
  // ranks are written in one sequential pass (writing them from the Y loop would touch a
  // different cache line for nearly every entry).
  std::copy(bucket_offsets.begin(), bucket_offsets.end() - 1, fill.begin());
  for (Index at = 0; at < x_entries.size(); ++at) x_rank[at] = bucket[fill[x_entries[at]]++].owner;
  return mutual;
}

}  // namespace

Instance Instance::from_lists(std::span<const std::vector<Index>> proposer_lists,
                              std::span<const std::vector<Index>> receiver_lists, std::span<const Index> capacities) {
  auto flatten = [](std::span<const std::vector<Index>> lists, std::vector<Index>& offsets,
                    std::vector<Index>& entries, Side side) {
    std::size_t total = 0;
    for (const auto& one : lists) total += one.size();
    if (lists.size() >= kNoIndex || total >= kNoIndex) {
      throw InvalidInstance("too many " + side_name(side) + "s or entries for 32-bit indices");
    }
    offsets.reserve(lists.size() + 1);
    entries.reserve(total);
    offsets.push_back(0);
    for (const auto& one : lists) {
      entries.insert(entries.end(), one.begin(), one.end());
      offsets.push_back(static_cast<Index>(entries.size()));
    }
  };
  std::vector<Index> proposer_offsets, proposer_entries, receiver_offsets, receiver_entries;
  flatten(proposer_lists, proposer_offsets, proposer_entries, Side::proposer);
  flatten(receiver_lists, receiver_offsets, receiver_entries, Side::receiver);
  return from_csr(std::move(proposer_offsets), std::move(proposer_entries), std::move(receiver_offsets),
                  std::move(receiver_entries), std::vector<Index>(capacities.begin(), capacities.end()));
}

Instance Instance::from_csr(std::vector<Index> proposer_offsets, std::vector<Index> proposer_entries,
                            std::vector<Index> receiver_offsets, std::vector<Index> receiver_entries,
                            std::vector<Index> capacities) {
  Instance instance;
  instance.proposer_offsets_ = std::move(proposer_offsets);
  instance.proposer_entries_ = std::move(proposer_entries);
  instance.receiver_offsets_ = std::move(receiver_offsets);
  instance.receiver_entries_ = std::move(receiver_entries);
  instance.capacities_ = std::move(capacities);
  // An empty side has offsets {0}; an empty offsets vector means the same.
  if (instance.proposer_offsets_.empty()) instance.proposer_offsets_.push_back(0);
  if (instance.receiver_offsets_.empty()) instance.receiver_offsets_.push_back(0);
  instance.build();
  return instance;
}

void Instance::build() {
  if (proposer_offsets_.size() > kNoIndex || receiver_offsets_.size() > kNoIndex ||
      proposer_entries_.size() >= kNoIndex || receiver_entries_.size() >= kNoIndex) {
    throw InvalidInstance("too many proposers, receivers or entries for 32-bit indices");
  }
  const Index proposers = proposer_count();
  const Index receivers = receiver_count();
  if (capacities_.empty()) {
    capacities_.assign(receivers, 1);
  } else if (capacities_.size() != receivers) {
    throw InvalidInstance("capacities has " + std::to_string(capacities_.size()) + " entries for " +
                          std::to_string(receivers) + " receivers");
  }
  check_offsets(Side::proposer, proposer_offsets_, proposer_entries_);
  check_offsets(Side::receiver, receiver_offsets_, receiver_entries_);

  std::vector<Index> scratch;
  std::size_t mutual = 0;
  // The side with fewer lists is the one bucketed into (fewer buckets: the counting sort writes
  // into fewer places at once, which keeps it in cache for the allocation shape of many
  // applicants and few courses); the two directions are the same computation.
  if (receivers <= proposers) {
    rank_at_receiver_.resize(proposer_entries_.size());  // all written
    rank_at_proposer_.assign(receiver_entries_.size(), kNoIndex);
    mutual = cross_ranks(Side::proposer, proposer_offsets_, proposer_entries_, receiver_offsets_, receiver_entries_,
                rank_at_receiver_, rank_at_proposer_, scratch);
  } else {
    rank_at_proposer_.resize(receiver_entries_.size());
    rank_at_receiver_.assign(proposer_entries_.size(), kNoIndex);
    mutual = cross_ranks(Side::receiver, receiver_offsets_, receiver_entries_, proposer_offsets_, proposer_entries_,
                rank_at_proposer_, rank_at_receiver_, scratch);
  }

  // Every entry is one side of a mutual pair or one-sided; when all are mutual (complete lists,
  // or courses that rank exactly their applicants) there is nothing to look for.
  if (mutual == proposer_entries_.size() && mutual == receiver_entries_.size()) return;
  for (Index p = 0; p < proposers; ++p) {
    for (Index at = proposer_offsets_[p]; at < proposer_offsets_[p + 1]; ++at) {
      if (rank_at_receiver_[at] == kNoIndex) ignored_.push_back({p, proposer_entries_[at], Side::proposer});
    }
  }
  for (Index r = 0; r < receivers; ++r) {
    for (Index at = receiver_offsets_[r]; at < receiver_offsets_[r + 1]; ++at) {
      if (rank_at_proposer_[at] == kNoIndex) ignored_.push_back({receiver_entries_[at], r, Side::receiver});
    }
  }
}

Index Instance::rank_at_receiver(Index p, Index r) const noexcept {
  for (Index at = proposer_offsets_[p]; at < proposer_offsets_[p + 1]; ++at) {
    if (proposer_entries_[at] == r) return rank_at_receiver_[at];
  }
  return kNoIndex;
}

Index Instance::rank_at_proposer(Index p, Index r) const noexcept {
  for (Index at = proposer_offsets_[p]; at < proposer_offsets_[p + 1]; ++at) {
    if (proposer_entries_[at] == r) return rank_at_receiver_[at] == kNoIndex ? kNoIndex : at - proposer_offsets_[p];
  }
  return kNoIndex;
}

// Receiver-proposing deferred acceptance, collecting and checking, with access to the
// instance's arrays (the proposer-proposing loop is `DeferredAcceptance`, below).
struct Solver {
  // A stack of 0 .. count - 1 that pops 0 first: who has yet to propose, at the start.
  static std::vector<Index> everyone(Index count) {
    std::vector<Index> stack(count);
    for (Index i = 0; i < count; ++i) stack[i] = count - 1 - i;
    return stack;
  }

  // Receivers propose. A receiver with room offers places down its list until it holds its
  // capacity or runs out; a proposer keeps the best offer it has had and releases the one it
  // held, whose receiver then has room again and goes on down its list. Each receiver's pointer
  // only moves forward: O(list).
  static std::vector<std::optional<Index>> receivers_propose(const Instance& in) {
    const Index proposers = in.proposer_count();
    const Index receivers = in.receiver_count();
    std::vector<Index> next(receivers, 0);
    std::vector<Index> held_count(receivers, 0);
    std::vector<std::optional<Index>> partner(proposers);
    std::vector<Index> partner_rank(proposers, kNoIndex);  // rank of the held offer in p's list
    std::vector<Index> active = everyone(receivers);
    while (!active.empty()) {
      const Index r = active.back();
      active.pop_back();
      const Index begin = in.receiver_offsets_[r];
      const Index end = in.receiver_offsets_[r + 1];
      while (held_count[r] < in.capacities_[r] && begin + next[r] < end) {
        const Index at = begin + next[r]++;
        const Index rank = in.rank_at_proposer_[at];
        if (rank == kNoIndex) continue;
        const Index p = in.receiver_entries_[at];
        if (rank >= partner_rank[p]) continue;  // p holds a better offer (kNoIndex: none)
        if (partner[p]) {
          const Index released = *partner[p];
          // `released` is not r (r offers p once) and is not on the stack while it is full, so
          // it goes on exactly when it gets room.
          if (held_count[released]-- == in.capacities_[released]) active.push_back(released);
        }
        partner[p] = r;
        partner_rank[p] = rank;
        ++held_count[r];
      }
    }
    return partner;
  }

  static void collect_assigned(const Instance& in, Result& result) {
    const Index receivers = in.receiver_count();
    result.assigned_offsets.assign(std::size_t(receivers) + 1, 0);
    result.assigned_entries.clear();
    for (Index r = 0; r < receivers; ++r) {
      for (Index at = in.receiver_offsets_[r]; at < in.receiver_offsets_[r + 1]; ++at) {
        const Index p = in.receiver_entries_[at];
        if (result.partner[p] == r) result.assigned_entries.push_back(p);
      }
      result.assigned_offsets[r + 1] = static_cast<Index>(result.assigned_entries.size());
    }
  }

  static Instability check(const Instance& in, std::span<const std::optional<Index>> matching) {
    const Index proposers = in.proposer_count();
    const Index receivers = in.receiver_count();
    if (matching.size() != proposers) {
      throw InvalidInstance("a matching has one entry per proposer: " + std::to_string(matching.size()) + " for " +
                            std::to_string(proposers));
    }
    Instability found;
    // Per proposer: the position of its partner in its list, or its list length when unmatched
    // or matched against its list (worse than every receiver it lists). Per receiver: how many
    // it holds and the rank of the worst, a proposer it does not list ranking below all.
    std::vector<Index> partner_position(proposers);
    std::vector<Index> held_count(receivers, 0);
    std::vector<Index> worst(receivers, 0);
    for (Index p = 0; p < proposers; ++p) {
      const Index begin = in.proposer_offsets_[p];
      const Index end = in.proposer_offsets_[p + 1];
      partner_position[p] = end - begin;
      if (!matching[p]) continue;
      const Index r = *matching[p];
      if (r >= receivers) {
        throw InvalidInstance("the matching pairs proposer " + std::to_string(p) + " with receiver " +
                              std::to_string(r) + ", out of range (there are " + std::to_string(receivers) + ")");
      }
      Index rank_there = in.receiver_offsets_[r + 1] - in.receiver_offsets_[r];  // below every listed one
      for (Index at = begin; at < end; ++at) {
        if (in.proposer_entries_[at] != r) continue;
        if (in.rank_at_receiver_[at] != kNoIndex) {
          partner_position[p] = at - begin;
          rank_there = in.rank_at_receiver_[at];
        }
        break;
      }
      if (partner_position[p] == end - begin) found.unacceptable.push_back({p, r});
      worst[r] = held_count[r] == 0 ? rank_there : std::max(worst[r], rank_there);
      ++held_count[r];
    }
    for (Index r = 0; r < receivers; ++r) {
      if (held_count[r] > in.capacities_[r]) found.capacity_violations.push_back({r, held_count[r], in.capacities_[r]});
    }
    for (Index p = 0; p < proposers; ++p) {
      const Index begin = in.proposer_offsets_[p];
      for (Index at = begin; at < begin + partner_position[p]; ++at) {
        const Index rank = in.rank_at_receiver_[at];
        if (rank == kNoIndex) continue;
        const Index r = in.proposer_entries_[at];
        const bool room = held_count[r] < in.capacities_[r];
        if (room || (held_count[r] > 0 && rank < worst[r])) found.blocking_pairs.push_back({p, r});
      }
    }
    return found;
  }
};

// Proposers propose. A receiver holds a flag per entry of its list and the position of the
// worst proposer it holds: while it has room it takes anyone acceptable, and once full it takes
// only one better than its worst, whose flag it clears before walking the position up to the
// next held one. Once full it stays full (until removed, after which nobody proposes to it), so
// that position only moves up: O(list) over the object's whole life.
DeferredAcceptance::DeferredAcceptance(const Instance& instance)
    : in_(&instance),
      next_(instance.proposer_count(), 0),
      held_count_(instance.receiver_count(), 0),
      worst_(instance.receiver_count(), 0),
      held_(instance.receiver_entries_.size(), 0),
      removed_(instance.receiver_count(), 0),
      changed_flag_(instance.receiver_count(), 0),
      partner_(instance.proposer_count()),
      free_(Solver::everyone(instance.proposer_count())) {}

void DeferredAcceptance::begin_step() {
  for (const Index r : changed_) changed_flag_[r] = 0;
  changed_.clear();
}

void DeferredAcceptance::run() {
  begin_step();
  propose();
}

void DeferredAcceptance::remove_receiver(Index r) {
  begin_step();
  if (removed_[r]) return;
  removed_[r] = 1;
  const Index base = in_->receiver_offsets_[r];
  const Index end = in_->receiver_offsets_[r + 1];
  for (Index at = base; held_count_[r] > 0 && at < end; ++at) {
    if (!held_[at]) continue;
    held_[at] = 0;
    const Index p = in_->receiver_entries_[at];
    partner_[p].reset();
    free_.push_back(p);
    --held_count_[r];
  }
  propose();
}

void DeferredAcceptance::propose() {
  const Instance& in = *in_;
  while (!free_.empty()) {
    const Index p = free_.back();
    free_.pop_back();
    const Index begin = in.proposer_offsets_[p];
    const Index end = in.proposer_offsets_[p + 1];
    // p proposes down its list until someone holds it (possibly rejecting another, who then
    // proposes in turn) or the list runs out.
    for (Index at = begin + next_[p]; at < end; ++at) {
      const Index rank = in.rank_at_receiver_[at];
      if (rank == kNoIndex) continue;
      const Index r = in.proposer_entries_[at];
      if (removed_[r]) continue;
      const Index base = in.receiver_offsets_[r];
      if (held_count_[r] < in.capacities_[r]) {
        ++held_count_[r];
        if (held_count_[r] == 1 || rank > worst_[r]) worst_[r] = rank;
        held_[base + rank] = 1;
        if (!changed_flag_[r]) {
          changed_flag_[r] = 1;
          changed_.push_back(r);
        }
      } else if (held_count_[r] > 0 && rank < worst_[r]) {
        const Index rejected = in.receiver_entries_[base + worst_[r]];
        held_[base + worst_[r]] = 0;
        partner_[rejected].reset();
        free_.push_back(rejected);
        held_[base + rank] = 1;  // set before the walk, so that it stops at rank at the latest
        while (!held_[base + worst_[r]]) --worst_[r];
      } else {
        continue;  // full, and p is not better than the worst it holds: rejected
      }
      partner_[p] = r;
      next_[p] = at + 1 - begin;
      break;
    }
    if (!partner_[p]) next_[p] = end - begin;  // ran out: nothing left to propose to
  }
}

Result DeferredAcceptance::result() const {
  Result result;
  result.partner = partner_;
  Solver::collect_assigned(*in_, result);
  result.ignored.assign(in_->ignored().begin(), in_->ignored().end());
  return result;
}

Result stable_match(const Instance& instance, Optimal optimal) {
  if (optimal == Optimal::proposer) {
    DeferredAcceptance solver(instance);
    solver.run();
    return solver.result();
  }
  Result result;
  result.partner = Solver::receivers_propose(instance);
  Solver::collect_assigned(instance, result);
  result.ignored.assign(instance.ignored().begin(), instance.ignored().end());
  return result;
}

Instability blocking_pairs(const Instance& instance, std::span<const std::optional<Index>> matching) {
  return Solver::check(instance, matching);
}

}  // namespace vocfab::matching
