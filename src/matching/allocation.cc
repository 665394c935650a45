// Course allocation (vocfab/matching/allocation.h).
//
// Everything is turned into dense indices once: applicants by trainee id (the lottery's order),
// proposers by their order of priority apart from the course-dependent groups (application
// date, then lottery), courses (receivers) by id. The choices are read in proposer order, so
// that the acceptable ones form the solver's proposer lists as they are gathered; each course's
// list is built from those entries with one counting sort on (course, priority bits), walked in
// proposer order, so it comes out in the course's order of priority without a comparison sort.
// The solver's CSR instance is built from these arrays once; a course dropped below its minimum
// group leaves it through the resumable solver (`DeferredAcceptance::remove_receiver`).
//
// At metropolitan scale (150,000 applicants, 750,000 choices) the cost is memory traffic, so
// what is read many times is read from small arrays: course ids are looked up in a table that
// holds the ids themselves, the facts of a course are judged once per course and those of a
// person once per person, and the ids written to the result are copied once, in proposer order.
#include "vocfab/matching/allocation.h"

#include "matching/allocation_detail.h"
#include "model/judged_on.h"
#include "model/run_in_parts.h"

#include "vocfab/matching/stable_matching.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace vocfab::matching {

std::vector<std::uint64_t> lottery_draws(std::uint64_t seed, std::size_t count) {
  // SplitMix64 (Steele, Lea, Flood 2014): the state advances by an odd constant and each output
  // is a bijective mix of the state, so the first 2^64 draws are all distinct.
  std::vector<std::uint64_t> draws(count);
  std::uint64_t state = seed;
  for (auto& draw : draws) {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    draw = z ^ (z >> 31);
  }
  return draws;
}

namespace {

constexpr Index kUnplaced = std::numeric_limits<Index>::max();

// A UUID as two integers whose order (high, then low) is the order of its bytes, which is the
// order of the ids (`Id::operator<=>`), so that sorting and hashing read no record.
struct IdKey {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  static IdKey of(const boost::uuids::uuid& id) noexcept {
    IdKey key;
    for (int i = 0; i < 8; ++i) key.high = (key.high << 8) | id.data[i];
    for (int i = 8; i < 16; ++i) key.low = (key.low << 8) | id.data[i];
    return key;
  }
  friend bool operator==(const IdKey&, const IdKey&) = default;
  friend auto operator<=>(const IdKey&, const IdKey&) = default;
};

// The dataset's course rows by id, remembered: every distinct id is looked up once in the
// dataset (`Dataset::row_of`, so the answer is the dataset's), then found in an open-addressing
// table that holds the ids themselves, so a repeated lookup reads one slot and no record.
class CourseRows {
 public:
  explicit CourseRows(const Dataset& dataset) : data_(dataset) { grow(1024); }

  std::optional<Row<Course>> find(const CourseId& id) {
    const IdKey key = IdKey::of(id.value());
    std::size_t i = hash(key) & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.state == Slot::empty) break;
      if (slot.key == key) return slot.state == Slot::found ? std::optional<Row<Course>>(Row<Course>{slot.row}) : std::nullopt;
    }
    const auto row = data_.row_of(id);
    slots_[i] = Slot{key, row ? row->index : 0, row ? Slot::found : Slot::unknown};
    if (2 * ++used_ > slots_.size()) grow(2 * slots_.size());
    return row;
  }

 private:
  struct Slot {
    enum State : std::uint32_t { empty, found, unknown };
    IdKey key;
    std::uint32_t row = 0;
    State state = empty;
  };

  static std::uint64_t hash(const IdKey& key) noexcept {
    // MurmurHash3's finaliser over both halves.
    std::uint64_t h = key.high ^ (key.low * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
  }

  void grow(std::size_t at_least) {
    std::size_t size = 16;
    while (size < at_least) size <<= 1;
    std::vector<Slot> old(size);
    old.swap(slots_);
    mask_ = size - 1;
    for (const Slot& slot : old) {
      if (slot.state == Slot::empty) continue;
      std::size_t i = hash(slot.key) & mask_;
      while (slots_[i].state != Slot::empty) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  const Dataset& data_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

// (province, Turkish-folded district) pairs as small integers, so that "lives in the district of
// the course's centre" is one comparison per list entry. A text is folded once: the ids of the
// texts as written are remembered, in an open-addressing table looked up without building a key
// (one lookup a person).
class Districts {
 public:
  std::uint32_t of(const ProvinceCode& province, std::string_view district) {
    const std::uint64_t hash = hash_of(province.number(), district);
    std::size_t i = hash & (written_.size() - 1);
    for (;; i = (i + 1) & (written_.size() - 1)) {
      const Written& slot = written_[i];
      if (!slot.used) break;
      if (slot.hash == hash && slot.province == province.number() && slot.text == district) return slot.id;
    }
    std::string key(1, static_cast<char>(province.number()));
    key += '\0';
    key += fold_turkish(district);
    const std::uint32_t id = id_of_key(std::move(key));
    written_[i] = Written{hash, province.number(), std::string(district), id, true};
    if (2 * ++used_ > written_.size()) grow();
    return id;
  }

  // The ids here of @p other's ids, by theirs (a part's people were numbered by its own).
  std::vector<std::uint32_t> absorb(const Districts& other) {
    std::vector<std::uint32_t> ids(other.keys_.size());
    for (std::uint32_t id = 0; id < ids.size(); ++id) ids[id] = id_of_key(other.keys_[id]);
    return ids;
  }

 private:
  struct Written {
    std::uint64_t hash = 0;
    int province = 0;
    std::string text;
    std::uint32_t id = 0;
    bool used = false;
  };

  static std::uint64_t hash_of(int province, std::string_view text) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL ^ static_cast<std::uint64_t>(province);  // FNV-1a
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    return h ^ (h >> 29);
  }

  void grow() {
    std::vector<Written> old(2 * written_.size());
    old.swap(written_);
    for (Written& slot : old) {
      if (!slot.used) continue;
      std::size_t i = slot.hash & (written_.size() - 1);
      while (written_[i].used) i = (i + 1) & (written_.size() - 1);
      written_[i] = std::move(slot);
    }
  }

  std::uint32_t id_of_key(std::string key) {
    const auto [at, added] = ids_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
    if (added) keys_.push_back(std::move(key));
    return at->second;
  }

  std::unordered_map<std::string, std::uint32_t> ids_;  // by (province, folded district)
  std::vector<std::string> keys_;                       // by id
  std::vector<Written> written_ = std::vector<Written>(64);
  std::size_t used_ = 0;
};

// The applicant's application: the latest by `applied`; on one day, the later record.
std::vector<const Application*> latest_applications(const Dataset& dataset) {
  std::vector<const Application*> latest(dataset.records<Trainee>().size(), nullptr);
  const auto applications = dataset.records<Application>();
  for (std::uint32_t i = 0; i < applications.size(); ++i) {
    const auto person = dataset.parent<&Application::trainee>(Row<Application>{i});
    if (!person) continue;
    const Application*& slot = latest[person->index];
    if (slot == nullptr || !(applications[i].applied < slot->applied)) slot = &applications[i];
  }
  return latest;
}

std::string course_name(const CourseId& id) { return "course " + id.to_string(); }

// Why a course ranked by an application is not being allocated, or nothing.
std::optional<AllocationSkip> out_of_scope(const Course* course, const CourseId& id, const Date& as_of) {
  if (course == nullptr) {
    return AllocationSkip{{}, id, 0, IssueCode::unknown_reference, course_name(id) + " is not in the dataset"};
  }
  if (course->status != CourseStatus::planned && course->status != CourseStatus::open) {
    return AllocationSkip{{}, id, 0, IssueCode::course_not_open,
                          course_name(id) + " is " + std::string(to_string(course->status)) +
                              "; only planned and open courses are allocated"};
  }
  if (!(as_of < course->start)) {
    return AllocationSkip{{}, id, 0, IssueCode::course_not_open,
                          course_name(id) + " starts on " + to_iso_string(course->start) +
                              ", not after the as-of day " + to_iso_string(as_of)};
  }
  return std::nullopt;
}

// The first rule after the person's own (`check_not_erased`, `check_active_enrollments`) that
// keeps @p person out of @p course, exactly as `enroll` checks them; @p eligibility is the
// person's `check_course_eligibility`, worked out once for all courses.
std::optional<RuleViolation> first_broken_rule(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                               const CourseEligibility& eligibility) {
  if (auto v = eligibility.first(course)) return v;
  const auto all = Considered<Enrollment>::all();
  if (auto v = check_schedule(dataset, person, course, all)) return v;
  if (auto v = check_branch_not_completed(dataset, person, course.branch, all)) return v;
  if (auto v = check_not_in_course(dataset, person, course, all)) return v;
  return std::nullopt;
}

// "placed nowhere: of 5 ranked courses, 3 full with …; 2 cancelled …", written in one buffer.
std::string unplaced_reason(std::size_t ranked, std::size_t full, std::size_t cancelled, std::size_t skipped) {
  if (ranked == 0) return "the application ranks no course";
  std::string reason;
  reason.reserve(160);
  reason += "placed nowhere: of ";
  reason += std::to_string(ranked);
  reason += ranked == 1 ? " ranked course" : " ranked courses";
  std::string_view separator = ", ";
  const auto part = [&](std::size_t n, std::string_view what) {
    if (n == 0) return;
    reason += separator;
    reason += std::to_string(n);
    reason += what;
    separator = "; ";
  };
  part(full, " full with applicants of higher priority");
  part(cancelled, " cancelled below the minimum group");
  part(skipped, " not acceptable or not being allocated (see skipped)");
  return reason;
}

// An index with a sort key.
struct Keyed {
  std::uint64_t key = 0;
  Index index = 0;
};

// Sorts @p items by key, stably: a least-significant-digit radix sort, 11 bits a pass, which
// skips a pass where every key has the same digit (so small keys, such as days, take one or two).
void radix_sort(std::vector<Keyed>& items) {
  constexpr int kBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::vector<Keyed> other(items.size());
  std::vector<Index> count(kBuckets);
  for (int shift = 0; shift < 64; shift += kBits) {
    std::fill(count.begin(), count.end(), Index{0});
    for (const Keyed& item : items) ++count[(item.key >> shift) & (kBuckets - 1)];
    if (!items.empty() && count[(items.front().key >> shift) & (kBuckets - 1)] == items.size()) continue;
    Index sum = 0;
    for (Index& c : count) sum += std::exchange(c, sum);
    for (const Keyed& item : items) other[count[(item.key >> shift) & (kBuckets - 1)]++] = item;
    items.swap(other);
  }
}

// A person with an application: what their priority at a course depends on.
struct Person {
  const Application* application = nullptr;  // the one that counts
  IdKey key;                                 // their id, for sorting
  TraineeId id;
  std::uint32_t day = 0;                     // the application's day number
  std::uint32_t district = 0;                // `Districts` id, when the priority has that group
  std::pair<std::uint32_t, std::uint32_t> ranks;  // `ranks_of`
};

struct CourseInfo {
  const Course* course = nullptr;
  Row<Course> row;
  std::uint32_t district = UINT32_MAX;  // of its centre; UINT32_MAX when the centre is unknown
  Index capacity = 0;                   // capacity minus seat holders
  std::uint32_t held_at_start = 0;      // enrollments that count towards the minimum group
  std::uint32_t min_group = 0;
};

// A person's rank among the priority groups at a course, when they live in the district of its
// centre (first) and when not (second): bit i (from the top) is set when the person is not in
// the i-th group, so a smaller value comes first.
std::pair<std::uint32_t, std::uint32_t> ranks_of(const Policy& policy, const Trainee& trainee) {
  std::uint32_t same = 0, other = 0;
  for (const PriorityGroup group : policy.allocation.priority) {
    bool member_same = false, member_other = false;
    switch (group) {
      case PriorityGroup::centre_district: member_same = true; break;
      case PriorityGroup::unemployed:
        member_same = member_other = trainee.employment_status == EmploymentStatus::unemployed;
        break;
      case PriorityGroup::disability: member_same = member_other = trainee.disability; break;
    }
    same = (same << 1) | (member_same ? 0U : 1U);
    other = (other << 1) | (member_other ? 0U : 1U);
  }
  return {same, other};
}

// What one part of the people (a range of trainee rows, in record order) gathers: their priority
// facts, their acceptable choices (CSR: course row, position in the application), their skipped
// choices (CSR over `skips`), the course rows they rank in scope (in the order first met) and the
// districts they live in, numbered by the part's own `Districts`.
struct Gathered {
  std::vector<Person> people;
  std::vector<Index> choice_offsets{0}, choice_rows, choice_positions;
  std::vector<Index> skip_offsets{0};
  std::vector<AllocationSkip> skips;
  std::vector<Index> ranked_rows;
  Districts districts;
};

// Gathers one part of the people. Parts only read the dataset, so they run side by side; each
// judges a course's scope and looks its id up on its own (once per part).
class PartGatherer {
 public:
  PartGatherer(const Dataset& dataset, const Date& as_of, bool by_district)
      : data_(dataset), policy_(dataset.policy()), as_of_(as_of), by_district_(by_district), rows_(dataset),
        row_state_(dataset.records<Course>().size()) {}

  Gathered gather(const std::vector<const Application*>& latest, std::uint32_t begin, std::uint32_t end) {
    const auto trainees = data_.records<Trainee>();
    for (std::uint32_t i = begin; i < end; ++i) {
      const Application* application = latest[i];
      if (application == nullptr) continue;
      const Trainee& trainee = trainees[i];
      const auto r = static_cast<Index>(out_.people.size());
      out_.people.push_back(Person{application, IdKey::of(trainee.id.value()), trainee.id,
                                   static_cast<std::uint32_t>(application->applied.day_number()),
                                   by_district_ ? out_.districts.of(trainee.province, trainee.district) : 0,
                                   ranks_of(policy_, trainee)});
      gather_choices(Row<Trainee>{i}, trainee, application->courses, r);
      out_.choice_offsets.push_back(static_cast<Index>(out_.choice_rows.size()));
      out_.skip_offsets.push_back(static_cast<Index>(out_.skips.size()));
    }
    return std::move(out_);
  }

 private:
  // What a course row ranked by an application turned out to be, in this part.
  struct RowState {
    Index last_person = kNoIndex;  // the last person of the part that ranked it (in scope)
    std::int32_t skip = -1;        // when out of scope: its skip (in `scope_skips_`); -1 when in scope
    bool judged = false;           // in scope or not is known
    bool ranked = false;           // in scope and ranked by someone of the part
  };

  void gather_choices(Row<Trainee> person, const Trainee& trainee, const std::vector<CourseId>& listed, Index r) {
    // The rules of the person alone come first, so they are the reason for every choice that
    // is in scope: their message is masked once.
    std::optional<RuleViolation> personal = check_not_erased(trainee);
    if (!personal) personal = check_active_enrollments(data_, person, Considered<Enrollment>::all());
    if (personal) personal->message = mask_national_ids(personal->message);
    const CourseEligibility eligibility(policy_, trainee);
    for (std::uint32_t position = 0; position < listed.size(); ++position) {
      const CourseId& id = listed[position];
      const auto row = rows_.find(id);
      if (!row) {
        skip_choice(trainee.id, position, *out_of_scope(nullptr, id, as_of_));
        continue;
      }
      RowState& state = row_state_[row->index];
      if (!state.judged) {
        state.judged = true;
        if (auto skip = out_of_scope(&data_.at(*row), id, as_of_)) {
          skip->reason = mask_national_ids(skip->reason);
          state.skip = static_cast<std::int32_t>(scope_skips_.size());
          scope_skips_.push_back(std::move(*skip));
        }
      }
      if (state.skip >= 0) {
        skip_choice(trainee.id, position, scope_skips_[static_cast<std::size_t>(state.skip)], false);
        continue;
      }
      if (state.last_person == r) {
        skip_choice(trainee.id, position,
                    AllocationSkip{{}, id, 0, IssueCode::invalid_value,
                                   course_name(id) + " is ranked twice; its first place counts"});
        continue;
      }
      state.last_person = r;
      // Ranked by an application: the course takes part, acceptable to this applicant or not.
      if (!state.ranked) {
        state.ranked = true;
        out_.ranked_rows.push_back(row->index);
      }
      if (personal) {
        skip_choice(trainee.id, position, AllocationSkip{{}, id, 0, personal->code, personal->message}, false);
        continue;
      }
      if (auto broken = first_broken_rule(data_, person, data_.at(*row), eligibility)) {
        skip_choice(trainee.id, position, AllocationSkip{{}, id, 0, broken->code, std::move(broken->message)});
        continue;
      }
      out_.choice_rows.push_back(row->index);
      out_.choice_positions.push_back(position);
    }
  }

  void skip_choice(const TraineeId& trainee, std::uint32_t position, AllocationSkip skip, bool mask = true) {
    skip.trainee = trainee;
    skip.choice = position + 1;
    if (mask) skip.reason = mask_national_ids(skip.reason);
    out_.skips.push_back(std::move(skip));
  }

  const Dataset& data_;
  const Policy& policy_;
  Date as_of_;
  bool by_district_;
  CourseRows rows_;
  std::vector<RowState> row_state_;          // by course row
  std::vector<AllocationSkip> scope_skips_;  // why a course row is out of scope
  Gathered out_;
};

// Fewer people than this are gathered on the calling thread alone (a thread costs more).
constexpr std::size_t kPeoplePerPart = 4096;

class Allocator {
 public:
  // @p parts: how many parts to gather the applicants in; 0: as many as their number and
  // `max_threads` call for.
  Allocator(const Dataset& dataset, const AllocationRequest& request, unsigned parts)
      : data_(dataset), policy_(dataset.policy()), max_threads_(request.max_threads), parts_(parts) {
    const std::optional<Date> day = vocfab::detail::judged_on(dataset, request.as_of);
    if (!day) throw AllocationError(std::string(vocfab::detail::kNoAsOfDay));
    as_of_ = *day;
    if (request.max_threads > kMaxAllocationThreads) {
      throw AllocationError("max_threads " + std::to_string(request.max_threads) + " is more than " +
                            std::to_string(kMaxAllocationThreads));
    }
    result_.as_of = as_of_;
    result_.seed = request.seed.value_or(policy_.allocation.seed);
    for (const PriorityGroup group : policy_.allocation.priority) by_district_ |= group == PriorityGroup::centre_district;
  }

  AllocationResult run() {
    gather_applicants();
    order_proposers();
    build_course_lists();
    solve_rounds();
    write_result();
    return std::move(result_);
  }

 private:
  // Every person with an application, in record order (the order in which their records lie in
  // memory, so that each is read once and in sequence): the facts their priority depends on,
  // their acceptable choices and their skipped ones, gathered in parts of the records side by
  // side and joined in part order, so the result is the same for any number of parts. Index r
  // below is a person's place in this order; the courses are numbered by id.
  void gather_applicants() {
    const auto latest = latest_applications(data_);
    const auto trainees = static_cast<std::uint32_t>(data_.records<Trainee>().size());
    const unsigned parts = parts_ != 0 ? parts_ : vocfab::detail::parts_for(trainees, kPeoplePerPart, max_threads_);
    std::vector<Gathered> gathered(parts);
    vocfab::detail::run_in_parts(parts, [&](unsigned part) {
      const auto bound = [&](unsigned k) { return static_cast<std::uint32_t>(std::uint64_t{trainees} * k / parts); };
      gathered[part] = PartGatherer(data_, as_of_, by_district_).gather(latest, bound(part), bound(part + 1));
    });
    // The courses taking part (ranked in scope by anyone), numbered by id.
    std::vector<Index> course_of_row(data_.records<Course>().size(), kNoIndex);
    std::vector<Row<Course>> rows;
    for (const Gathered& part : gathered) {
      for (const Index row : part.ranked_rows) {
        if (course_of_row[row] != kNoIndex) continue;
        course_of_row[row] = 0;
        rows.push_back(Row<Course>{row});
      }
    }
    std::sort(rows.begin(), rows.end(), [&](Row<Course> x, Row<Course> y) { return data_.at(x).id < data_.at(y).id; });
    for (Index c = 0; c < rows.size(); ++c) course_of_row[rows[c].index] = c;
    // The parts, joined in order.
    districts_ = std::move(gathered[0].districts);
    std::size_t people = 0, choices = 0, skips = 0;
    for (const Gathered& part : gathered) {
      people += part.people.size();
      choices += part.choice_rows.size();
      skips += part.skips.size();
    }
    r_people_.reserve(people);
    r_choices_.offsets.reserve(people + 1);
    r_choices_.courses.reserve(choices);
    r_choices_.positions.reserve(choices);
    r_skip_offsets_.reserve(people + 1);
    skips_.reserve(skips);
    r_choices_.offsets.push_back(0);
    r_skip_offsets_.push_back(0);
    for (unsigned k = 0; k < parts; ++k) {
      Gathered& part = gathered[k];
      if (k > 0 && by_district_) {
        const std::vector<std::uint32_t> district = districts_.absorb(part.districts);
        for (Person& person : part.people) person.district = district[person.district];
      }
      const auto choice_base = static_cast<Index>(r_choices_.courses.size());
      const auto skip_base = static_cast<Index>(skips_.size());
      r_people_.insert(r_people_.end(), part.people.begin(), part.people.end());
      for (std::size_t i = 1; i < part.choice_offsets.size(); ++i) {
        r_choices_.offsets.push_back(choice_base + part.choice_offsets[i]);
        r_skip_offsets_.push_back(skip_base + part.skip_offsets[i]);
      }
      for (const Index row : part.choice_rows) r_choices_.courses.push_back(course_of_row[row]);
      r_choices_.positions.insert(r_choices_.positions.end(), part.choice_positions.begin(), part.choice_positions.end());
      std::move(part.skips.begin(), part.skips.end(), std::back_inserter(skips_));
      part = {};
    }
    courses_.resize(rows.size());
    for (Index c = 0; c < rows.size(); ++c) describe_course(courses_[c], rows[c]);
  }

  // Applicants by trainee id (the order in which the lottery numbers are drawn); proposers by
  // application date, then lottery number (all distinct); the proposers' lists, in that order.
  void order_proposers() {
    const auto people = static_cast<Index>(r_people_.size());
    // By id: by the high half (a radix sort), then runs with one high half by the low half.
    std::vector<Keyed> keyed(people);
    for (Index r = 0; r < people; ++r) keyed[r] = Keyed{r_people_[r].key.high, r};
    radix_sort(keyed);
    for (Index begin = 0, end = 0; begin < people; begin = end) {
      for (end = begin + 1; end < people && keyed[end].key == keyed[begin].key; ++end) {
      }
      if (end - begin > 1) {
        std::sort(keyed.begin() + begin, keyed.begin() + end, [&](const Keyed& x, const Keyed& y) {
          return r_people_[x.index].key.low < r_people_[y.index].key.low;
        });
      }
    }
    applicant_person_.resize(people);
    for (Index a = 0; a < people; ++a) applicant_person_[a] = keyed[a].index;
    // By (application day, lottery): by lottery, then (stably) by day.
    const auto draws = lottery_draws(result_.seed, people);
    for (Index a = 0; a < people; ++a) keyed[a] = Keyed{draws[a], applicant_person_[a]};
    radix_sort(keyed);
    std::vector<Keyed> by_day(people);
    for (Index i = 0; i < people; ++i) by_day[i] = Keyed{r_people_[keyed[i].index].day, keyed[i].index};
    radix_sort(by_day);
    proposer_of_person_.resize(people);
    proposer_person_.resize(people);
    p_offsets_.resize(std::size_t{people} + 1);
    p_offsets_[0] = 0;
    p_entries_.resize(r_choices_.courses.size());
    choice_position_.resize(r_choices_.courses.size());
    proposer_ids_.resize(people);
    for (Index p = 0; p < people; ++p) {
      const Index r = by_day[p].index;
      proposer_ids_[p] = r_people_[r].id;
      proposer_person_[p] = r;
      proposer_of_person_[r] = p;
      const Index begin = r_choices_.offsets[r];
      const Index end = r_choices_.offsets[r + 1];
      std::copy(r_choices_.courses.begin() + begin, r_choices_.courses.begin() + end, p_entries_.begin() + p_offsets_[p]);
      std::copy(r_choices_.positions.begin() + begin, r_choices_.positions.begin() + end,
                choice_position_.begin() + p_offsets_[p]);
      p_offsets_[p + 1] = p_offsets_[p] + (end - begin);
    }
    r_choices_ = {};
  }

  void describe_course(CourseInfo& info, Row<Course> row) {
    info.row = row;
    info.course = &data_.at(row);
    if (const auto centre = data_.parent<&Course::centre>(row)) {
      info.district = districts_.of(data_.at(*centre).province, data_.at(*centre).district);
    }
    std::uint32_t seats = 0;
    for (const auto enrollment : data_.children<&Enrollment::course>(row)) {
      const Enrollment& e = data_.at(enrollment);
      seats += holds_seat(e.status);
      info.held_at_start += counts_at_start(*info.course, e);
    }
    info.capacity = info.course->capacity > seats ? info.course->capacity - seats : 0;
    info.min_group = effective_min_group(policy_, *info.course);
  }

  // Each course's acceptable applicants (proposer indices) in its order of priority, by one
  // counting sort on (course, group rank) over the entries walked in proposer order; beside each
  // entry, the course's position in that applicant's list.
  void build_course_lists() {
    const std::size_t groups = std::size_t{1} << policy_.allocation.priority.size();
    const std::size_t buckets = courses_.size() * groups;
    std::vector<Index> bucket_start(buckets + 1, 0);
    std::vector<std::uint32_t> entry_bucket(p_entries_.size());
    const auto proposers = static_cast<Index>(proposer_person_.size());
    for (Index p = 0; p < proposers; ++p) {
      const Person& person = r_people_[proposer_person_[p]];
      const auto [same, other] = person.ranks;
      for (Index e = p_offsets_[p]; e < p_offsets_[p + 1]; ++e) {
        const Index c = p_entries_[e];
        const std::uint32_t rank = courses_[c].district == person.district ? same : other;
        entry_bucket[e] = static_cast<std::uint32_t>(c * groups + rank);
        ++bucket_start[entry_bucket[e] + 1];
      }
    }
    for (std::size_t b = 0; b < buckets; ++b) bucket_start[b + 1] += bucket_start[b];
    course_entries_.resize(p_entries_.size());
    course_entry_position_.resize(p_entries_.size());
    std::vector<Index> fill(bucket_start.begin(), bucket_start.end() - 1);
    for (Index p = 0; p < proposers; ++p) {
      for (Index e = p_offsets_[p]; e < p_offsets_[p + 1]; ++e) {
        const Index at = fill[entry_bucket[e]]++;
        course_entries_[at] = p;
        course_entry_position_[at] = e - p_offsets_[p];
      }
    }
    course_offsets_.resize(courses_.size() + 1);
    for (Index c = 0; c <= courses_.size(); ++c) course_offsets_[c] = bucket_start[c * groups];
  }

  bool meets_minimum(Index c, std::size_t assigned) const {
    return met_minimum_group(policy_, *courses_[c].course, courses_[c].held_at_start + assigned);
  }

  void drop(Index c, std::uint32_t assigned, std::uint32_t round) {
    active_[c] = 0;
    const CourseInfo& info = courses_[c];
    result_.cancelled.push_back(AllocationCancellation{
        info.course->id, assigned, info.held_at_start, info.min_group, round,
        std::to_string(assigned) + " assigned and " + std::to_string(info.held_at_start) +
            " already enrolled make " + std::to_string(assigned + info.held_at_start) + ", below its minimum group of " +
            std::to_string(info.min_group)});
  }

  // Deferred acceptance once, then, while some course is below its minimum group, the one with
  // the fewest assigned (then the lowest id) leaves the market and deferred acceptance resumes
  // from the matching it had, which gives exactly what a fresh run without it would
  // (`DeferredAcceptance`). The courses below their minimum are kept ordered by (assigned, id);
  // after each step only those whose count changed (`changed()`) are looked at again. A course
  // nobody was assigned to frees nobody, so dropping it is no new run of the solver: such courses
  // go first, in id order, within the round that left them empty, as before.
  void solve_rounds() {
    // The solver's instance, built once over every course taking part: a dropped course leaves
    // the market through `DeferredAcceptance::remove_receiver`, not by building another.
    std::vector<Index> capacities(courses_.size());
    for (Index c = 0; c < courses_.size(); ++c) capacities[c] = courses_[c].capacity;
    // The offsets stay here too (the entries are read back through the instance's lists).
    instance_ = Instance::from_csr(p_offsets_, std::move(p_entries_), course_offsets_, std::move(course_entries_),
                                   std::move(capacities));
    solver_ = std::make_unique<DeferredAcceptance>(instance_);
    DeferredAcceptance& solver = *solver_;
    solver.run();
    result_.rounds = 1;
    active_.assign(courses_.size(), 1);
    std::set<std::pair<Index, Index>> below;                 // (assigned, course)
    std::vector<Index> keyed(courses_.size(), kNoIndex);     // a course's count in `below`, if there
    const auto rekey = [&](Index c) {
      if (keyed[c] != kNoIndex) below.erase({keyed[c], c});
      keyed[c] = kNoIndex;
      const Index assigned = solver.held_count(c);
      if (!meets_minimum(c, assigned)) {
        below.emplace(assigned, c);
        keyed[c] = assigned;
      }
    };
    for (Index c = 0; c < courses_.size(); ++c) rekey(c);
    while (!below.empty()) {
      const auto [assigned, c] = *below.begin();
      below.erase(below.begin());
      keyed[c] = kNoIndex;
      drop(c, assigned, result_.rounds);
      solver.remove_receiver(c);
      if (assigned > 0) ++result_.rounds;
      for (const Index changed : solver.changed()) rekey(changed);
    }
  }

  void write_result() {
    const DeferredAcceptance& solver = *solver_;
    const Index proposers = instance_.proposer_count();
    // For each proposer, the position of its course in its own list (kUnplaced when unplaced).
    std::vector<Index> placed_at(proposers, kUnplaced);
    std::size_t placed = 0;
    for (Index p = 0; p < proposers; ++p) {
      const auto c = solver.partner(p);
      if (!c) continue;
      ++placed;
      const auto list = instance_.proposer_list(p);
      placed_at[p] = static_cast<Index>(std::find(list.begin(), list.end(), *c) - list.begin());
    }
    // The courses' side and the applicants' side write different fields: side by side.
    const unsigned sides = max_threads_ == 1 ? 1 : 2;
    vocfab::detail::run_in_parts(sides, [&](unsigned part) {
      if (sides == 1 || part == 0) write_courses(placed_at);
      if (sides == 1 || part == 1) write_applicants(placed_at, placed);
    });
  }

  // Places and waitlists, course by course, each in the course's order of priority (its list);
  // the planned courses that get anyone.
  void write_courses(const std::vector<Index>& placed_at) {
    const DeferredAcceptance& solver = *solver_;
    for (Index c = 0; c < courses_.size(); ++c) {
      if (!active_[c]) continue;
      const CourseId& id = courses_[c].course->id;
      const auto list = instance_.receiver_list(c);
      const Index base = course_offsets_[c];
      AllocationPlaces* places = nullptr;
      AllocationWaitlist* waiting = nullptr;
      for (Index k = 0; k < list.size(); ++k) {
        const Index p = list[k];
        if (solver.partner(p) == c) {
          if (places == nullptr) {
            places = &result_.places.emplace_back(AllocationPlaces{id, {}});
            places->trainees.reserve(solver.held_count(c));
          }
          places->trainees.push_back(proposer_ids_[p]);
        } else if (course_entry_position_[base + k] < placed_at[p]) {
          if (waiting == nullptr) waiting = &result_.waitlists.emplace_back(AllocationWaitlist{id, {}});
          waiting->trainees.push_back(proposer_ids_[p]);
        }
      }
      if ((places != nullptr || waiting != nullptr) && courses_[c].course->status == CourseStatus::planned) {
        result_.opened.push_back(id);
      }
    }
  }

  // Assignments, the unplaced and the skipped, by trainee id (the applicants' order).
  void write_applicants(const std::vector<Index>& placed_at, std::size_t placed) {
    const DeferredAcceptance& solver = *solver_;
    result_.assignments.reserve(placed);
    result_.unassigned.reserve(r_people_.size() - placed);
    result_.skipped.reserve(skips_.size());
    std::map<std::array<std::size_t, 4>, std::string> reasons;  // by (ranked, full, cancelled, skipped)
    for (const Index r : applicant_person_) {
      const Index p = proposer_of_person_[r];
      const std::size_t skipped = r_skip_offsets_[r + 1] - r_skip_offsets_[r];
      for (Index s = r_skip_offsets_[r]; s < r_skip_offsets_[r + 1]; ++s) result_.skipped.push_back(std::move(skips_[s]));
      if (placed_at[p] != kUnplaced) {
        const Index e = p_offsets_[p] + placed_at[p];
        result_.assignments.push_back(AllocationAssignment{r_people_[r].id, courses_[*solver.partner(p)].course->id,
                                                           choice_position_[e] + 1});
        continue;
      }
      std::size_t full = 0, cancelled = 0;
      for (const Index c : instance_.proposer_list(p)) ++(active_[c] ? full : cancelled);
      // Few distinct reasons: each is written once and copied.
      const std::array<std::size_t, 4> counts{r_people_[r].application->courses.size(), full, cancelled, skipped};
      auto reason = reasons.find(counts);
      if (reason == reasons.end()) reason = reasons.emplace(counts, unplaced_reason(counts[0], full, cancelled, skipped)).first;
      result_.unassigned.push_back(AllocationUnassigned{r_people_[r].id, reason->second});
    }
  }

  const Dataset& data_;
  const Policy& policy_;
  Date as_of_;
  AllocationResult result_;
  bool by_district_ = false;  // the priority has the centre-district group
  unsigned max_threads_ = 0;  // the request's
  unsigned parts_ = 0;        // forced by the tests, or 0
  Districts districts_;
  // By person (r): what their priority depends on, their acceptable choices (CSR: course,
  // position in the application; moved to the proposers' order, then released) and their
  // skipped choices (CSR over skips_).
  std::vector<Person> r_people_;
  struct {
    std::vector<Index> offsets, courses, positions;
  } r_choices_;
  std::vector<Index> r_skip_offsets_;
  std::vector<AllocationSkip> skips_;
  std::vector<Index> applicant_person_;    // applicant (by trainee id) -> person
  std::vector<Index> proposer_person_;     // proposer -> person
  std::vector<Index> proposer_of_person_;  // person -> proposer
  std::vector<TraineeId> proposer_ids_;    // proposer -> trainee id
  // By proposer: the acceptable choices (CSR: course, position in the application).
  std::vector<Index> p_offsets_, p_entries_, choice_position_;
  std::vector<CourseInfo> courses_;  // by course id
  std::vector<Index> course_offsets_, course_entries_, course_entry_position_;
  Instance instance_;
  std::unique_ptr<DeferredAcceptance> solver_;
  std::vector<char> active_;
};

}  // namespace

void AllocationResult::for_each_operation(const std::function<void(const Operation&)>& visit) const {
  Operation operation{ops::Advance{}, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  const auto emit = [&](ops::Arguments arguments) {
    operation.arguments = std::move(arguments);
    visit(operation);
  };
  for (const CourseId& course : opened) emit(ops::OpenCourse{course});
  // Course by course, by id: its places, then its waitlist (both lists are by course id).
  auto place = places.begin();
  auto wait = waitlists.begin();
  while (place != places.end() || wait != waitlists.end()) {
    const bool places_first = wait == waitlists.end() || (place != places.end() && !(wait->course < place->course));
    const CourseId course = places_first ? place->course : wait->course;
    if (place != places.end() && place->course == course) {
      for (const TraineeId& trainee : place->trainees) emit(ops::Enroll{trainee, course, false});
      ++place;
    }
    if (wait != waitlists.end() && wait->course == course) {
      for (const TraineeId& trainee : wait->trainees) emit(ops::Enroll{trainee, course, true});
      ++wait;
    }
  }
  for (const auto& c : cancelled) emit(ops::CancelCourse{c.course, "below_minimum_group"});
}

std::vector<Operation> AllocationResult::operations() const {
  std::size_t count = opened.size() + cancelled.size();
  for (const auto& p : places) count += p.trainees.size();
  for (const auto& w : waitlists) count += w.trainees.size();
  std::vector<Operation> all;
  all.reserve(count);
  for_each_operation([&](const Operation& operation) { all.push_back(operation); });
  return all;
}

AllocationResult allocate(const Dataset& dataset, const AllocationRequest& request) {
  return Allocator(dataset, request, 0).run();
}

AllocationResult detail::allocate_in_parts(const Dataset& dataset, const AllocationRequest& request, unsigned parts) {
  return Allocator(dataset, request, std::max(parts, 1U)).run();
}

}  // namespace vocfab::matching
