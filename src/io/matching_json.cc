// Stable matching requests (vocfab/io/matching_json.h) in their two encodings: SPEC 5.0's JSON and
// the compact lists of the C ABI's `vf_stable_match_lists`.
//
// Both are read by one `MarketReader`, which knows nothing of the encoding, in three steps: the
// names each side defines (the keys of `proposers` and `receivers`), then the lists, resolved
// against those names — a name the other side does not define gets an index after the defined
// ones, with an empty list, so that the solver reports its entries as one-sided like any other —,
// then the optional fields. The JSON reader walks the reader's flat `NestedValue` (bounded depth,
// no DOM), the lists reader the caller's buffer, in the same order and through the same checks:
// one request gives the same issues, with the same paths, either way. Nothing is built while any
// issue stands.
#include "vocfab/io/matching_json.h"

#include "io/issue_limit.h"
#include "io/record_codec.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/text.h"

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

namespace vocfab {
namespace {

using io_detail::NestedValue;
using io_detail::ValueKind;
using matching::Index;
using matching::kNoIndex;
using View = NestedValue::View;
using ordered_json = nlohmann::ordered_json;

// Issues up to `kMaxMatchingIssues`, then one that says the rest were left out: a hostile request
// with a million bad entries costs a bounded answer.
class IssueList {
 public:
  void add(IssueCode code, std::string path, std::string message) {
    io_detail::add_capped(issues_, kMaxMatchingIssues, code, std::move(path), std::move(message));
  }
  bool empty() const noexcept { return issues_.empty(); }
  std::vector<Issue> take() { return std::move(issues_); }

 private:
  std::vector<Issue> issues_;
};

// A path below a member whose key is a name: the name masked, as every quoted value is.
std::string name_path(std::string_view base, std::string_view name) { return join_path(base, mask_national_ids(name)); }

std::string found(ValueKind kind) { return std::string(", found ").append(io_detail::kind_name(kind)); }

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The name hash's seed, drawn once per process (the address of a static under ASLR and the clock),
// so that a hostile caller cannot prepare names that all fall into one slot. Nothing observable
// depends on it: indices are given in order of first appearance.
std::uint64_t hash_seed() noexcept {
  static const std::uint64_t seed =
      mix(reinterpret_cast<std::uintptr_t>(&seed) ^
          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  return seed;
}

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// What the name table compares a name by. Up to 7 bytes, `word` is the name itself: its bytes,
// little end first, and its size in the top byte, so that equal words are equal names. Longer,
// `word` is the hash with its top bit set (never the word of a short name, whose top byte is at
// most 7), and the bytes decide.
struct NameKey {
  std::uint64_t hash;  // the table's slot is its top bits (Fibonacci hashing)
  std::uint64_t word;
};

constexpr std::size_t kShortName = 7;  // the longest name a word holds

// The key of a name of up to `kShortName` bytes, @p bytes its bytes little end first.
NameKey short_key(std::uint64_t bytes, std::size_t size, std::uint64_t seed) noexcept {
  const std::uint64_t word = bytes | (std::uint64_t(size) << 56);
  return {(word ^ seed) * kGolden, word};
}

std::uint64_t little_endian(std::uint64_t word) noexcept {
  if constexpr (std::endian::native == std::endian::big) return __builtin_bswap64(word);
  return word;
}

NameKey key_of(std::string_view name, std::uint64_t seed) noexcept {
  const auto* at = reinterpret_cast<const unsigned char*>(name.data());
  const std::size_t size = name.size();
  if (size <= kShortName) {
    // Two loads that overlap (their common bytes are the same), or three single bytes: no loop.
    auto load32 = [](const unsigned char* from) {
      std::uint32_t word;
      std::memcpy(&word, from, 4);
      if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap32(word);
      return std::uint64_t(word);
    };
    std::uint64_t bytes = 0;
    if (size >= 4) {
      bytes = load32(at) | (load32(at + size - 4) << (8 * (size - 4)));
    } else if (size > 0) {
      bytes = std::uint64_t(at[0]) | (std::uint64_t(at[size / 2]) << (8 * (size / 2))) |
              (std::uint64_t(at[size - 1]) << (8 * (size - 1)));
    }
    return short_key(bytes, size, seed);
  }
  std::uint64_t h = seed ^ (size * kGolden);
  std::size_t done = 0;
  for (; size - done >= 8; done += 8) {
    std::uint64_t word;
    std::memcpy(&word, at + done, 8);
    h = mix(h ^ word);
  }
  std::uint64_t tail = 0;
  for (std::size_t i = done; i < size; ++i) tail |= std::uint64_t(at[i]) << (8 * (i - done));
  h = mix(h ^ tail);
  return {h, h | (std::uint64_t(1) << 63)};
}

// One side's names: the defined ones first, then those only the other side's lists hold. An
// open-addressing hash table (linear probing, at most half full) from a name to its index: a
// request of 400,000 entries looks up 400,000 names, which is most of reading it, so a slot holds
// what decides a short name's match (its bytes and size) without a look at the name itself.
class NameTable {
 public:
  struct Found {
    Index index;  // kNoIndex when absent
    NameKey key;  // for `add`
  };

  struct Slot {
    std::uint64_t word = 0;  // the key's word; 0 in an empty slot, the empty name's (never added)
    Index index = kNoIndex;
  };

  std::vector<std::string_view> names;  // into the request's text, which outlives the table
  Index defined = 0;

  // What a lookup reads, copied out for a loop that keeps it in registers while it calls nothing.
  struct Probe {
    const Slot* slots;
    std::size_t mask;
    int shift;
    std::uint64_t seed;
    const std::string_view* names;
    Index find(std::string_view name, const NameKey& key) const noexcept;
  };
  Probe probe() const noexcept { return {slots_.empty() ? nullptr : slots_.data(), mask_, shift_, seed_, names.data()}; }

  NameKey key(std::string_view name) const noexcept { return key_of(name, seed_); }
  Found find(std::string_view name) const noexcept { return find(name, key(name)); }
  Found find(std::string_view name, const NameKey& key) const noexcept { return {probe().find(name, key), key}; }
  std::optional<Index> index_of(std::string_view name) const noexcept {
    const Index at = find(name).index;
    if (at == kNoIndex) return std::nullopt;
    return at;
  }
  // Adds @p name, which `find` did not find (its key from there).
  Index add(std::string_view name, const NameKey& key) {
    if (2 * (names.size() + 1) > slots_.size()) grow();
    const auto at = static_cast<Index>(names.size());
    names.push_back(name);
    place(at, key);
    return at;
  }

 private:
  void place(Index index, const NameKey& key) noexcept {
    std::size_t at = key.hash >> shift_;
    while (slots_[at].index != kNoIndex) at = (at + 1) & mask_;
    slots_[at] = Slot{key.word, index};
  }
  void grow() {
    slots_.assign(slots_.empty() ? 64 : 2 * slots_.size(), Slot{});
    mask_ = slots_.size() - 1;
    shift_ = 64 - std::countr_zero(slots_.size());
    for (Index i = 0; i < names.size(); ++i) place(i, key_of(names[i], seed_));
  }

  std::uint64_t seed_ = hash_seed();
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  int shift_ = 63;
};

inline Index NameTable::Probe::find(std::string_view name, const NameKey& key) const noexcept {
  if (slots == nullptr) return kNoIndex;
  for (std::size_t at = key.hash >> shift;; at = (at + 1) & mask) {
    const Slot& slot = slots[at];
    // The word first: a match on the first probe is the common case. An empty slot's word (0)
    // is the word of the empty name, whose index there is kNoIndex: absent, as it should be.
    if (slot.word == key.word && (name.size() <= kShortName || names[slot.index] == name)) return slot.index;
    if (slot.index == kNoIndex) return kNoIndex;
  }
}

// What a capacity member holds: a whole number (and which), or something else (and what).
struct CapacityValue {
  bool whole = false;         // a non-negative integer
  std::uint64_t value = 0;    // when whole
  ValueKind kind = ValueKind::null;  // when not whole
};

// Reads a request whatever its encoding: each step takes names and values as the encoding found
// them and records the issues (with their paths) and the instance's arrays.
class MarketReader {
 public:
  explicit MarketReader(bool takes_matching) : takes_matching_(takes_matching) {}

  IssueList& issues() noexcept { return issues_; }
  bool takes_matching() const noexcept { return takes_matching_; }
  NameTable& table(matching::Side side) noexcept {
    return side == matching::Side::proposer ? proposer_names_ : receiver_names_;
  }

  // -- Names: each side's keys, each once (`end_defining` after the last).

  // Defines @p name, the key of a member of @p field; false when it was refused.
  bool define(matching::Side side, std::string_view field, std::string_view name) {
    NameTable& names = table(side);
    const auto path = [&] { return name_path(field, name); };
    if (!check_name(name, path)) return false;
    const NameTable::Found found = names.find(name);
    if (found.index != kNoIndex) {
      issues_.add(IssueCode::invalid_value, path(), quote_value(name) + " is defined twice");
      return false;
    }
    if (names.names.size() >= kMaxMatchingAgents) {
      issues_.add(IssueCode::invalid_value, path(),
                  "a request names at most " + std::to_string(kMaxMatchingAgents) + " on each side");
      return false;
    }
    names.add(name, found.key);
    return true;
  }
  void end_defining(matching::Side side) noexcept { table(side).defined = static_cast<Index>(table(side).names.size()); }

  // -- Lists: for each defined name of a side in order, `begin_list`, its entries, `end_list`.

  // Opens the lists of @p side, the members of @p field.
  void begin_lists(matching::Side side, std::string_view field) {
    const bool proposers = side == matching::Side::proposer;
    lists_field_ = field;
    owners_ = &table(side);
    targets_ = &table(proposers ? matching::Side::receiver : matching::Side::proposer);
    offsets_ = proposers ? &proposer_offsets_ : &receiver_offsets_;
    entries_ = proposers ? &proposer_entries_ : &receiver_entries_;
    offsets_->assign(1, 0);
    seen_.assign(targets_->names.size(), Seen{});
  }
  // The names the lists being read name: the other side's.
  const NameTable& targets() const noexcept { return *targets_; }
  // Room for @p lists lists and @p entries entries (when the encoding knows how many).
  void reserve(std::size_t lists, std::size_t entries) {
    offsets_->reserve(std::min(lists, kMaxMatchingAgents) + 1);
    entries_->reserve(std::min(entries, kMaxMatchingEntries));
  }
  // The owner's entry at position @p here, naming @p target_name.
  void entry(Index owner, Index here, std::string_view target_name) {
    entry(owner, here, target_name, targets_->key(target_name));
  }
  // The same, with the name's key (`targets().key(target_name)`) computed beforehand. The common
  // case is inline: a name of a valid size that the other side defines, first met in this list.
  [[gnu::always_inline]] void entry(Index owner, Index here, std::string_view target_name, const NameKey& key) {
    if (target_name.size() - 1 < kMaxMatchingNameBytes && total_entries_ < kMaxMatchingEntries) {
      const Index target = targets_->find(target_name, key).index;
      if (target != kNoIndex && seen_[target].owner != owner + 1) {
        seen_[target] = Seen{owner + 1, here};
        ++total_entries_;
        entries_->push_back(target);
        return;
      }
    }
    unusual_entry(owner, here, target_name, key);
  }
  void end_list() { offsets_->push_back(static_cast<Index>(entries_->size())); }

  // The @p length entries of @p owner's list, from @p names (compact requests). Runs of common
  // entries (a name of a valid size that the other side defines, first met in this list) are
  // taken by `common_run`, which keeps everything in registers; any other name goes to `entry`.
  template <class Names>
  void compact_list(Index owner, std::uint32_t length, Names& names) {
    for (Index here = 0; here < length;) {
      here = common_run(owner + 1, here, length, names);
      if (here < length) entry(owner, here++, names.next());
    }
  }

  // Takes common entries from position @p here of the list (stamped @p mark) until one is not, or
  // the list ends; returns the position reached. A name it does not take is left unread. Costs
  // O(1) beyond the names it takes (its output goes through a chunk on the stack), so a list of
  // unusual names, each of which ends a run, stays linear.
  template <class Names>
  Index common_run(Index mark, Index here, std::uint32_t length, Names& names) {
    const NameTable::Probe table = targets_->probe();
    const std::size_t room = total_entries_ >= kMaxMatchingEntries
                                 ? 0
                                 : std::min<std::size_t>(length - here, kMaxMatchingEntries - total_entries_);
    if (table.slots == nullptr || room == 0) return here;
    Seen* const seen = seen_.data();
    Index at_position = here;
    const char* block = names.block;
    const char* at = names.at;
    const char* const end = names.end;
    std::uint64_t mask = names.mask;
    std::size_t left = room;
    bool more = true;
    while (more && left > 0) {
      constexpr std::size_t kChunk = 256;
      Index chunk[kChunk];
      Index* out = chunk;
      Index* const out_end = chunk + std::min(kChunk, left);
      while (out != out_end) {
        while (mask == 0) {
          if (end - block <= 64) {  // the last name: `entry` takes it
            more = false;
            goto flush;
          }
          block += 64;
          mask = Names::block_mask(block, end);
        }
        {
          const char* const stop = block + std::countr_zero(mask);
          const std::string_view name(at, static_cast<std::size_t>(stop - at));
          const std::size_t size = name.size();
          if (size - 1 >= kMaxMatchingNameBytes) {
            more = false;
            goto flush;
          }
          Index target = kNoIndex;
          if (size <= kShortName && end - at >= 8) [[likely]] {
            // The word decides, and the probe calls nothing: a word that matches is never an
            // empty slot's (no name here is empty), so the index it gives is a name's.
            std::uint64_t word;
            std::memcpy(&word, at, 8);
            const NameKey key =
                short_key(little_endian(word) & (~std::uint64_t(0) >> (64 - 8 * size)), size, table.seed);
            for (std::size_t slot = key.hash >> table.shift;; slot = (slot + 1) & table.mask) {
              const NameTable::Slot& in = table.slots[slot];
              if (in.word == key.word) {
                target = in.index;
                break;
              }
              if (in.index == kNoIndex) break;
            }
          } else {
            target = find_apart(table, name);
          }
          // A name the other side does not define (`entry` adds it), or one listed twice.
          if (target == kNoIndex || seen[target].owner == mark) {
            more = false;
            goto flush;
          }
          seen[target] = Seen{mark, at_position++};
          *out++ = target;
          mask &= mask - 1;
          at = stop + 1;
        }
      }
    flush:
      entries_->insert(entries_->end(), chunk, out);
      left -= static_cast<std::size_t>(out - chunk);
    }
    names.block = block;
    names.at = at;
    names.mask = mask;
    total_entries_ += room - left;
    return at_position;
  }

  // -- Capacities and the matching: objects keyed by defined names (`begin_*`, then members).

  void begin_capacities() {
    capacity_values_.assign(receiver_names_.defined, 1);
    given_.assign(receiver_names_.defined, false);
  }
  void capacity(std::string_view name, const CapacityValue& value) {
    const auto path = [&] { return name_path("capacities", name); };
    const std::optional<Index> r =
        defined_member(receiver_names_, name, path, "receivers", "has its capacity written twice");
    if (!r) return;
    if (!value.whole || value.value < 1 || value.value > kMaxMatchingCapacity) {
      issues_.add(IssueCode::invalid_value, path(),
                  "a capacity is a whole number from 1 to " + std::to_string(kMaxMatchingCapacity) +
                      (value.whole ? ", found " + std::to_string(value.value) : found(value.kind)));
      return;
    }
    capacity_values_[*r] = static_cast<Index>(value.value);
  }

  void begin_matching() {
    matching_value_.assign(proposer_names_.names.size(), std::nullopt);
    given_.assign(proposer_names_.defined, false);
  }
  // The member of `matching` keyed @p proposer: null (@p receiver empty), or a receiver's name,
  // or a value of another @p kind.
  void matched(std::string_view proposer, ValueKind kind, std::string_view receiver) {
    const auto path = [&] { return name_path("matching", proposer); };
    const std::optional<Index> p = defined_member(proposer_names_, proposer, path, "proposers", "is matched twice");
    if (!p || kind == ValueKind::null) return;
    if (kind != ValueKind::string) {
      issues_.add(IssueCode::invalid_value, path(), "expected a receiver's name or null" + found(kind));
      return;
    }
    const std::optional<Index> r = receiver_names_.index_of(receiver);
    if (!r || *r >= receiver_names_.defined) {
      issues_.add(IssueCode::unknown_reference, path(), quote_value(receiver) + " is not one of the receivers");
      return;
    }
    matching_value_[*p] = *r;
  }

  void set_optimal(matching::Optimal optimal) noexcept { optimal_ = optimal; }

  // -- What was read, once there are no issues.

  matching::Optimal optimal() const noexcept { return optimal_; }
  matching::Matching take_matching() {
    matching_value_.resize(proposer_names_.names.size());
    return std::move(matching_value_);
  }
  MatchingNames names() const {
    MatchingNames names;
    names.proposers.assign(proposer_names_.names.begin(), proposer_names_.names.end());
    names.receivers.assign(receiver_names_.names.begin(), receiver_names_.names.end());
    names.listed_proposers = proposer_names_.defined;
    names.listed_receivers = receiver_names_.defined;
    return names;
  }
  matching::Instance instance() {
    // Those only named in the other side's lists have empty lists; every defined receiver not
    // in `capacities` holds one.
    proposer_offsets_.resize(proposer_names_.names.size() + 1, static_cast<Index>(proposer_entries_.size()));
    receiver_offsets_.resize(receiver_names_.names.size() + 1, static_cast<Index>(receiver_entries_.size()));
    capacity_values_.resize(receiver_names_.names.size(), 1);
    return matching::Instance::from_csr(std::move(proposer_offsets_), std::move(proposer_entries_),
                                        std::move(receiver_offsets_), std::move(receiver_entries_),
                                        std::move(capacity_values_));
  }

 private:
  // A lookup of a name longer than a word (or at the text's very end), apart from the loop
  // that calls it, so that the loop's registers do not make room for the comparison's call.
  [[gnu::noinline]] static Index find_apart(const NameTable::Probe& table, std::string_view name) noexcept {
    return table.find(name, key_of(name, table.seed));
  }

  // Every other entry: a name new to the other side (given an index after its defined ones), or
  // one that is refused (its issue recorded).
  [[gnu::noinline]] void unusual_entry(Index owner, Index here, std::string_view target_name, const NameKey& key) {
    const auto item_path = [&] { return index_path(name_path(lists_field_, owners_->names[owner]), here); };
    if (!check_name(target_name, item_path)) return;
    NameTable& targets = *targets_;
    Index target = targets.find(target_name, key).index;
    if (target == kNoIndex) {
      if (targets.names.size() >= kMaxMatchingAgents) {
        issues_.add(IssueCode::invalid_value, item_path(),
                    "a request names at most " + std::to_string(kMaxMatchingAgents) + " on each side");
        return;
      }
      target = targets.add(target_name, key);
    }
    if (seen_.size() <= target) seen_.resize(targets.names.size(), Seen{});
    if (seen_[target].owner == owner + 1) {
      issues_.add(IssueCode::invalid_value, item_path(),
                  quote_value(target_name) + " is listed twice (first at [" + std::to_string(seen_[target].position) +
                      "]); a list is a strict ranking");
      return;
    }
    seen_[target] = Seen{owner + 1, here};
    if (total_entries_ >= kMaxMatchingEntries) {
      if (total_entries_++ == kMaxMatchingEntries) {
        issues_.add(IssueCode::invalid_value, item_path(),
                    "a request's lists hold at most " + std::to_string(kMaxMatchingEntries) + " entries together");
      }
      return;
    }
    ++total_entries_;
    entries_->push_back(target);
  }

  // Checks a name as the name of something: text from 1 to kMaxMatchingNameBytes bytes.
  template <class PathOf>
  bool check_name(std::string_view name, PathOf&& path_of) {
    if (name.empty()) {
      issues_.add(IssueCode::invalid_value, path_of(), "a name may not be empty");
      return false;
    }
    if (name.size() > kMaxMatchingNameBytes) {
      issues_.add(IssueCode::invalid_value, path_of(),
                  quote_value(name) + " is longer than " + std::to_string(kMaxMatchingNameBytes) + " bytes");
      return false;
    }
    return true;
  }

  // The index of @p name, the key of a member of an object keyed by @p names' defined names,
  // once each: one it does not define is `unknown_reference`, one written twice `invalid_value`.
  template <class PathOf>
  std::optional<Index> defined_member(const NameTable& names, std::string_view name, PathOf&& path,
                                      std::string_view side, std::string_view twice) {
    const std::optional<Index> at = names.index_of(name);
    if (!at || *at >= names.defined) {
      issues_.add(IssueCode::unknown_reference, path(), quote_value(name) + " is not one of the " + std::string(side));
      return std::nullopt;
    }
    if (given_[*at]) {
      issues_.add(IssueCode::invalid_value, path(), quote_value(name) + " " + std::string(twice));
      return std::nullopt;
    }
    given_[*at] = true;
    return at;
  }

  bool takes_matching_;
  IssueList issues_;
  NameTable proposer_names_, receiver_names_;
  // The lists being read: whose, of which field, naming whom, into which arrays.
  std::string_view lists_field_;
  const NameTable* owners_ = &proposer_names_;
  NameTable* targets_ = &receiver_names_;
  std::vector<Index>* offsets_ = &proposer_offsets_;
  std::vector<Index>* entries_ = &proposer_entries_;
  // Per target (every name of the other side: it grows with them): the owner + 1 whose list
  // holds it last, and where in that list. A target found in the table is always below its size.
  struct Seen {
    Index owner = 0;
    Index position = 0;
  };
  std::vector<Seen> seen_;
  std::vector<Index> proposer_offsets_, proposer_entries_, receiver_offsets_, receiver_entries_;
  std::size_t total_entries_ = 0;
  std::vector<Index> capacity_values_;
  std::vector<bool> given_;  // per defined name of the object being read: seen
  matching::Optimal optimal_ = matching::Optimal::proposer;
  matching::Matching matching_value_;
};

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

class JsonRequestReader {
 public:
  JsonRequestReader(View root, MarketReader& market) : root_(root), market_(market) {}

  // Reads the whole request; false when it had issues.
  bool read() {
    IssueList& issues = market_.issues();
    if (root_.kind() != ValueKind::object) {
      issues.add(IssueCode::invalid_value, "",
                 "a request is an object {\"proposers\": ..., \"receivers\": ...}" + found(root_.kind()));
      return false;
    }
    read_fields();
    if (!proposers_) issues.add(IssueCode::missing_field, "proposers", "the proposers and their lists are required");
    if (!receivers_) issues.add(IssueCode::missing_field, "receivers", "the receivers and their lists are required");
    if (proposers_) define(*proposers_, matching::Side::proposer, "proposers", proposer_lists_);
    if (receivers_) define(*receivers_, matching::Side::receiver, "receivers", receiver_lists_);
    // Lists only make sense against both sides' names.
    if (proposers_ && receivers_ && proposers_->kind() == ValueKind::object &&
        receivers_->kind() == ValueKind::object) {
      read_lists(matching::Side::proposer, "proposers", proposer_lists_);
      read_lists(matching::Side::receiver, "receivers", receiver_lists_);
    }
    if (capacities_) read_capacities(*capacities_);
    if (optimal_) read_optimal(*optimal_);
    if (matching_) read_matching(*matching_);
    return issues.empty();
  }

 private:
  void read_fields() {
    const bool takes_matching = market_.takes_matching();
    root_.for_each([&](View member) {
      const std::string_view key = member.key();
      std::optional<View>* slot = nullptr;
      if (key == "proposers") slot = &proposers_;
      else if (key == "receivers") slot = &receivers_;
      else if (key == "capacities") slot = &capacities_;
      else if (key == "optimal") slot = &optimal_;
      else if (key == "matching" && takes_matching) slot = &matching_;
      if (slot == nullptr) {
        market_.issues().add(IssueCode::invalid_value, mask_national_ids(key),
                             quote_value(key) + " is not a field of this request; its fields are: proposers, " +
                                 "receivers, capacities, optimal" + (takes_matching ? ", matching" : ""));
        return;
      }
      if (seen(key)) {
        market_.issues().add(IssueCode::invalid_value, std::string(key), "written twice; a field may appear once");
        return;
      }
      if (member.kind() == ValueKind::null) return;  // null is absent, as in a dataset
      *slot = member;
    });
  }

  // True when @p key was seen before; remembers it.
  bool seen(std::string_view key) {
    for (const std::string_view field : fields_seen_) {
      if (field == key) return true;
    }
    fields_seen_.push_back(key);
    return false;
  }

  // The names @p side defines: its keys, each once; @p lists receives their members.
  void define(View side, matching::Side which, std::string_view field, std::vector<View>& lists) {
    if (side.kind() != ValueKind::object) {
      market_.issues().add(IssueCode::invalid_value, std::string(field),
                           "expected an object of names and their lists" + found(side.kind()));
      return;
    }
    side.for_each([&](View member) {
      if (market_.define(which, field, member.key())) lists.push_back(member);
    });
    market_.end_defining(which);
  }

  void read_lists(matching::Side side, std::string_view field, const std::vector<View>& lists) {
    market_.begin_lists(side, field);
    for (Index owner = 0; owner < lists.size(); ++owner) {
      const View member = lists[owner];
      const auto path = [&] { return name_path(field, member.key()); };
      if (member.kind() != ValueKind::array) {
        market_.issues().add(IssueCode::invalid_value, path(),
                             "expected a list of names, most preferred first" + found(member.kind()));
      } else {
        Index at = 0;
        member.for_each([&](View item) {
          const Index here = at++;
          if (item.kind() != ValueKind::string) {
            market_.issues().add(IssueCode::invalid_value, index_path(path(), here), "expected a name" + found(item.kind()));
            return;
          }
          market_.entry(owner, here, item.string_view());
        });
      }
      market_.end_list();
    }
  }

  void read_capacities(View capacities) {
    if (capacities.kind() != ValueKind::object) {
      market_.issues().add(IssueCode::invalid_value, "capacities",
                           "expected an object of receivers and their capacities" + found(capacities.kind()));
      return;
    }
    market_.begin_capacities();
    capacities.for_each([&](View member) {
      CapacityValue value;
      value.kind = member.kind();
      if (member.kind() == ValueKind::unsigned_integer) {
        value.whole = true;
        value.value = member.as_unsigned();
      } else if (member.kind() == ValueKind::integer && member.as_integer() >= 0) {
        value.whole = true;
        value.value = static_cast<std::uint64_t>(member.as_integer());
      }
      market_.capacity(member.key(), value);
    });
  }

  void read_optimal(View optimal) {
    if (optimal.kind() == ValueKind::string && optimal.string_view() == "proposer") {
      market_.set_optimal(matching::Optimal::proposer);
    } else if (optimal.kind() == ValueKind::string && optimal.string_view() == "receiver") {
      market_.set_optimal(matching::Optimal::receiver);
    } else {
      market_.issues().add(IssueCode::invalid_value, "optimal",
                           "optimal is \"proposer\" or \"receiver\", found " +
                               (optimal.kind() == ValueKind::string ? quote_value(optimal.string_view())
                                                                    : std::string(io_detail::kind_name(optimal.kind()))));
    }
  }

  void read_matching(View pairs) {
    if (pairs.kind() != ValueKind::object) {
      market_.issues().add(IssueCode::invalid_value, "matching",
                           "expected an object of proposers and their receivers" + found(pairs.kind()));
      return;
    }
    market_.begin_matching();
    pairs.for_each([&](View member) {
      market_.matched(member.key(), member.kind(),
                      member.kind() == ValueKind::string ? member.string_view() : std::string_view());
    });
  }

  View root_;
  MarketReader& market_;
  std::vector<std::string_view> fields_seen_;
  std::optional<View> proposers_, receivers_, capacities_, optimal_, matching_;
  std::vector<View> proposer_lists_, receiver_lists_;  // the defined names' members, by index
};

// ---------------------------------------------------------------------------------------------
// Compact lists
// ---------------------------------------------------------------------------------------------

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;

#if !defined(__SSE2__)
// Per byte of @p word: its high bit set when the byte is the separator, every other bit clear.
// Exact (no borrow runs from one byte into the next).
std::uint64_t separator_bits(std::uint64_t word) noexcept {
  constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(kMatchingNameSeparator));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}
#endif

// The separators among the 64 bytes from @p at (bit i: at[i]), which the text holds.
std::uint64_t separators_in_block(const char* at) noexcept {
#if defined(__SSE2__)
  const __m128i separator = _mm_set1_epi8(kMatchingNameSeparator);
  std::uint64_t mask = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * i));
    mask |= std::uint64_t(static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, separator)))) << (16 * i);
  }
  return mask;
#else
  std::uint64_t mask = 0;
  for (int i = 0; i < 8; ++i) {
    std::uint64_t word;
    std::memcpy(&word, at + 8 * i, 8);
    // One flag per byte (0x80), gathered into the top byte by a multiplication without carries.
    mask |= ((((separator_bits(little_endian(word)) >> 7) * 0x0102040810204080ULL) >> 56) << (8 * i));
  }
  return mask;
#endif
}

// The names of a compact request one after the other: the separators are found 64 bytes at a
// time, as a bit mask that each name takes one bit from. The last name runs to the end of the
// text; `ends` counts how often a name did so, which must be once, for the last name: fewer
// means the text holds more names than the counts give, more that it holds fewer.
struct TokenReader {
  explicit TokenReader(std::string_view text)
      : block(text.data()), at(block), end(text.data() + text.size()), mask(block_mask(block, end)) {}
  std::string_view next() noexcept {
    while (mask == 0) {
      if (end - block <= 64) {  // no separator left: the name runs to the end
        const std::string_view last(at, static_cast<std::size_t>(end - at));
        at = end;
        ++ends;
        return last;
      }
      block += 64;
      mask = block_mask(block, end);
    }
    const char* stop = block + std::countr_zero(mask);
    mask &= mask - 1;
    const std::string_view token(at, static_cast<std::size_t>(stop - at));
    at = stop + 1;
    return token;
  }
  // The separators among the (up to) 64 bytes from @p from before @p end.
  static std::uint64_t block_mask(const char* from, const char* end) noexcept {
    if (end - from >= 64) return separators_in_block(from);
    std::uint64_t found = 0;
    for (std::ptrdiff_t i = 0; i < end - from; ++i) {
      if (from[i] == kMatchingNameSeparator) found |= std::uint64_t(1) << i;
    }
    return found;
  }

  // The state, open to a loop that keeps it in registers (MarketReader::common_run).
  const char* block;   // the 64 bytes the mask covers
  const char* at;      // where the next name starts
  const char* end;
  std::uint64_t mask;  // the block's separators not yet passed
  std::size_t ends = 0;
};

// True when @p text is UTF-8; 64 bytes at a time while it is ASCII.
bool is_utf8(std::string_view text) noexcept {
  const char* const begin = text.data();
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 64) {
#if defined(__SSE2__)
      const auto* at = reinterpret_cast<const __m128i*>(begin + i);
      const __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(at), _mm_loadu_si128(at + 1)),
                                       _mm_or_si128(_mm_loadu_si128(at + 2), _mm_loadu_si128(at + 3)));
      const bool ascii = _mm_movemask_epi8(any) == 0;
#else
      std::uint64_t any = 0;
      for (int k = 0; k < 8; ++k) {
        std::uint64_t word;
        std::memcpy(&word, begin + i + 8 * k, 8);
        any |= word;
      }
      const bool ascii = (any & (kOnes * 0x80)) == 0;
#endif
      if (ascii) {
        i += 64;
        continue;
      }
    }
    // Byte by byte until the next 64-byte block (a character may cross into it).
    for (const std::size_t stop = std::min(text.size(), i + 64); i < stop;) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
        continue;
      }
      const Utf8Char decoded = next_utf8_char(text, i);
      if (!decoded.valid) return false;
      i += decoded.length;
    }
  }
  return true;
}

// How many names @p lists' counts give, checked against what its text can hold, before anything
// is read: the lengths are read only once the counts are known to be sane.
std::uint64_t count_names(const MatchingLists& lists) {
  const std::size_t most = lists.names.size() + 1;  // names the text can hold at most
  const std::size_t owners = lists.proposers + lists.receivers + lists.matched;
  if (lists.proposers > most || lists.receivers > most || lists.matched > most || owners > most ||
      lists.capacities.size() > most - owners) {
    throw MalformedLists("the counts give more names than " + std::to_string(lists.names.size()) + " bytes can hold");
  }
  if (lists.list_lengths.size() != owners) {
    throw MalformedLists("list_lengths has " + std::to_string(lists.list_lengths.size()) + " entries for " +
                         std::to_string(owners) + " lists");
  }
  std::uint64_t total = owners + lists.capacities.size();
  for (std::size_t i = 0; i < owners; ++i) {
    const std::uint32_t length = lists.list_lengths[i];
    if (i >= lists.proposers + lists.receivers && length > 1) {
      throw MalformedLists("matched proposer " + std::to_string(i - lists.proposers - lists.receivers) + " has " +
                           std::to_string(length) + " receivers; one or none");
    }
    total += length;  // at most `most` + 2^32 before the check below: never wraps
    if (total > most) {
      throw MalformedLists("the counts give more than " + std::to_string(most) + " names, more than " +
                           std::to_string(lists.names.size()) + " bytes can hold");
    }
  }
  if (!is_utf8(lists.names)) throw MalformedLists("names is not UTF-8");
  return total;
}

// Reads a compact request into @p market, in one pass over its names and in the JSON reader's
// order: the two sides' names, the names of the capacities and of the matching (kept until the
// lists are read: their issues come after), the lists, then the capacities and the matching.
bool read_lists(const MatchingLists& lists, MarketReader& market) {
  const std::uint64_t total = count_names(lists);
  TokenReader names(lists.names);
  auto define = [&](matching::Side side, std::string_view field, std::size_t count, std::vector<Index>& defined_at) {
    for (std::size_t i = 0; i < count; ++i) {
      if (market.define(side, field, names.next())) defined_at.push_back(static_cast<Index>(i));
    }
    market.end_defining(side);
  };
  // Which record each defined name came from (a name refused leaves its list unread, as in JSON).
  std::vector<Index> proposer_records, receiver_records;
  define(matching::Side::proposer, "proposers", lists.proposers, proposer_records);
  define(matching::Side::receiver, "receivers", lists.receivers, receiver_records);
  std::vector<std::string_view> capacity_names(lists.capacities.size()), matched_names(lists.matched);
  for (std::string_view& name : capacity_names) name = names.next();
  for (std::string_view& name : matched_names) name = names.next();
  auto read_side = [&](matching::Side side, std::string_view field, std::size_t first_length,
                       const std::vector<Index>& records, std::size_t record_count) {
    market.begin_lists(side, field);
    std::uint64_t entries = 0;
    for (std::size_t r = 0; r < record_count; ++r) entries += lists.list_lengths[first_length + r];
    market.reserve(records.size(), static_cast<std::size_t>(std::min<std::uint64_t>(entries, kMaxMatchingEntries)));
    std::size_t record = 0;  // the record the reader is at
    for (Index owner = 0; owner < records.size(); ++owner) {
      for (; record < records[owner]; ++record) {  // lists of refused names: skipped
        for (std::uint32_t k = lists.list_lengths[first_length + record]; k > 0; --k) names.next();
      }
      market.compact_list(owner, lists.list_lengths[first_length + record++], names);
      market.end_list();
    }
    for (; record < record_count; ++record) {
      for (std::uint32_t k = lists.list_lengths[first_length + record]; k > 0; --k) names.next();
    }
  };
  read_side(matching::Side::proposer, "proposers", 0, proposer_records, lists.proposers);
  read_side(matching::Side::receiver, "receivers", lists.proposers, receiver_records, lists.receivers);
  std::vector<std::string_view> matched_receivers(lists.matched);
  const std::size_t first_matched = lists.proposers + lists.receivers;
  for (std::size_t i = 0; i < lists.matched; ++i) {
    if (lists.list_lengths[first_matched + i] != 0) matched_receivers[i] = names.next();
  }
  // Every name read: the text must have held exactly as many.
  if (total == 0 ? !lists.names.empty() : names.ends != 1) {
    throw MalformedLists("names does not hold the " + std::to_string(total) +
                         " names the counts give (a name may not hold the byte 0x1F, which separates them)");
  }
  if (!lists.capacities.empty()) {
    market.begin_capacities();
    for (std::size_t i = 0; i < capacity_names.size(); ++i) {
      const std::int64_t given = lists.capacities[i];
      CapacityValue value;
      value.kind = ValueKind::integer;
      value.whole = given >= 0;
      value.value = value.whole ? static_cast<std::uint64_t>(given) : 0;
      market.capacity(capacity_names[i], value);
    }
  }
  if (market.takes_matching()) {
    market.begin_matching();
    for (std::size_t i = 0; i < lists.matched; ++i) {
      market.matched(matched_names[i], lists.list_lengths[first_matched + i] == 0 ? ValueKind::null : ValueKind::string,
                     matched_receivers[i]);
    }
  }
  return market.issues().empty();
}

// ---------------------------------------------------------------------------------------------
// Requests and results
// ---------------------------------------------------------------------------------------------

// Fills @p request from @p market when @p read_ok: its names, its instance and what @p rest takes;
// otherwise its issues.
template <class Request, class Rest>
void finish(bool read_ok, MarketReader& market, Request& request, Rest&& rest) {
  if (!read_ok) {
    request.issues = market.issues().take();
    return;
  }
  request.names = market.names();
  rest(market);
  request.instance = market.instance();
}

// Reads @p text into @p request.
template <class Request, class Rest>
void read_json_request(std::string_view text, bool takes_matching, Request& request, Rest&& rest) {
  NestedValue value;
  if (auto failure = io_detail::read_nested_value(text, "", value)) {
    request.issues.push_back(std::move(*failure));
    return;
  }
  MarketReader market(takes_matching);
  JsonRequestReader reader(value.root(), market);
  finish(reader.read(), market, request, rest);
}

ordered_json pair(const MatchingNames& names, Index proposer, Index receiver) {
  return ordered_json::array({names.proposers[proposer], names.receivers[receiver]});
}

void take_optimal(StableMatchRequest& request, MarketReader& market) { request.optimal = market.optimal(); }
void take_matching(BlockingPairsRequest& request, MarketReader& market) { request.matching = market.take_matching(); }

}  // namespace

StableMatchRequest read_stable_match_request(std::string_view text) {
  StableMatchRequest request;
  read_json_request(text, /*takes_matching=*/false, request, [&](MarketReader& m) { take_optimal(request, m); });
  return request;
}

BlockingPairsRequest read_blocking_pairs_request(std::string_view text) {
  BlockingPairsRequest request;
  read_json_request(text, /*takes_matching=*/true, request, [&](MarketReader& m) { take_matching(request, m); });
  return request;
}

StableMatchRequest read_stable_match_lists(const MatchingLists& lists, matching::Optimal optimal) {
  if (lists.matched != 0) throw MalformedLists("a stable-match request has no matching");
  StableMatchRequest request;
  MarketReader market(/*takes_matching=*/false);
  market.set_optimal(optimal);
  finish(read_lists(lists, market), market, request, [&](MarketReader& m) { take_optimal(request, m); });
  return request;
}

BlockingPairsRequest read_blocking_pairs_lists(const MatchingLists& lists) {
  BlockingPairsRequest request;
  MarketReader market(/*takes_matching=*/true);
  finish(read_lists(lists, market), market, request, [&](MarketReader& m) { take_matching(request, m); });
  return request;
}

std::string write_stable_match_result(const MatchingNames& names, const matching::Result& result) {
  ordered_json object = ordered_json::object();
  ordered_json& pairs = object["matching"] = ordered_json::object();
  for (Index p = 0; p < names.listed_proposers; ++p) {
    pairs[names.proposers[p]] = result.partner[p] ? ordered_json(names.receivers[*result.partner[p]]) : ordered_json();
  }
  ordered_json& assigned = object["assigned"] = ordered_json::object();
  for (Index r = 0; r < names.listed_receivers; ++r) {
    ordered_json& held = assigned[names.receivers[r]] = ordered_json::array();
    for (const Index p : result.assigned(r)) held.push_back(names.proposers[p]);
  }
  ordered_json& ignored = object["ignored"] = ordered_json::array();
  for (const matching::OneSided& entry : result.ignored) ignored.push_back(pair(names, entry.proposer, entry.receiver));
  return io_detail::dump_compact(object);
}

StableMatchLists write_stable_match_lists(const MatchingNames& names, const matching::Result& result) {
  StableMatchLists lists;
  lists.partner.reserve(names.listed_proposers);
  for (Index p = 0; p < names.listed_proposers; ++p) lists.partner.push_back(result.partner[p].value_or(kNoIndex));
  lists.assigned_counts.reserve(names.listed_receivers);
  for (Index r = 0; r < names.listed_receivers; ++r) {
    const std::span<const Index> held = result.assigned(r);
    lists.assigned_counts.push_back(static_cast<std::uint32_t>(held.size()));
    lists.assigned.insert(lists.assigned.end(), held.begin(), held.end());
  }
  for (const matching::OneSided& entry : result.ignored) {
    if (!lists.ignored.empty()) lists.ignored.push_back(kMatchingNameSeparator);
    lists.ignored.append(names.proposers[entry.proposer]);
    lists.ignored.push_back(kMatchingNameSeparator);
    lists.ignored.append(names.receivers[entry.receiver]);
  }
  return lists;
}

std::string write_blocking_pairs_result(const MatchingNames& names, const matching::Instability& instability) {
  ordered_json object = ordered_json::object();
  object["stable"] = instability.stable();
  ordered_json& blocking = object["blocking_pairs"] = ordered_json::array();
  for (const auto& found : instability.blocking_pairs) blocking.push_back(pair(names, found.proposer, found.receiver));
  ordered_json& over = object["capacity_violations"] = ordered_json::array();
  for (const auto& found : instability.capacity_violations) {
    over.push_back({{"receiver", names.receivers[found.receiver]},
                    {"assigned", found.assigned},
                    {"capacity", found.capacity}});
  }
  ordered_json& unacceptable = object["unacceptable"] = ordered_json::array();
  for (const auto& found : instability.unacceptable) {
    unacceptable.push_back(pair(names, found.proposer, found.receiver));
  }
  return io_detail::dump_compact(object);
}

MatchingReply stable_match_json(std::string_view text) {
  StableMatchRequest request = read_stable_match_request(text);
  if (!request.issues.empty()) return MatchingReply{{}, std::move(request.issues)};
  const matching::Result result = matching::stable_match(request.instance, request.optimal);
  return MatchingReply{write_stable_match_result(request.names, result), {}};
}

MatchingReply blocking_pairs_json(std::string_view text) {
  return blocking_pairs_reply(read_blocking_pairs_request(text));
}

MatchingReply blocking_pairs_reply(BlockingPairsRequest request) {
  if (!request.issues.empty()) return MatchingReply{{}, std::move(request.issues)};
  const matching::Instability found = matching::blocking_pairs(request.instance, request.matching);
  return MatchingReply{write_blocking_pairs_result(request.names, found), {}};
}

}  // namespace vocfab
