// Course allocation (vocfab/matching/allocation.h).
//
// Everything is turned into dense indices once: applicants (proposers) by their order of priority
// apart from the course-dependent group (application date, then lottery), courses (receivers) by
// id. Each applicant's acceptable choices form its list; each course's list is built from those
// entries with one counting sort on (course, priority bits), walked in proposer order, so it
// comes out in the course's order of priority without a comparison sort. The solver's CSR
// instance is built from these arrays once; a course dropped below its minimum group leaves
// it through the resumable solver (`DeferredAcceptance::remove_receiver`).
#include "vocfab/matching/allocation.h"

#include "vocfab/matching/stable_matching.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/turkish_text.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <limits>
#include <numeric>
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

struct Applicant {
  Row<Trainee> row;
  const Trainee* trainee = nullptr;
  const Application* application = nullptr;
  std::uint64_t lottery = 0;
  std::uint32_t district = 0;  // interned (province, folded district)
};

struct CourseInfo {
  Row<Course> row;
  const Course* course = nullptr;
  std::uint32_t district = UINT32_MAX;  // of its centre; UINT32_MAX when the centre is unknown
  Index capacity = 0;                   // capacity minus seat holders
  std::uint32_t held_at_start = 0;      // enrollments that count towards the minimum group
  std::uint32_t min_group = 0;
};

// (province, Turkish-folded district) pairs as small integers, so that "lives in the district of
// the course's centre" is one comparison per list entry.
class Districts {
 public:
  std::uint32_t of(const ProvinceCode& province, std::string_view district) {
    std::string key(1, static_cast<char>(province.number()));
    key += '\0';
    key += fold_turkish(district);
    return ids_.try_emplace(std::move(key), static_cast<std::uint32_t>(ids_.size())).first->second;
  }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
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

// The first rule that keeps @p person out of @p course, exactly as `enroll` checks them.
std::optional<RuleViolation> first_broken_rule(const Dataset& dataset, Row<Trainee> person, const Course& course,
                                               const std::optional<RuleViolation>& personal) {
  if (personal) return personal;
  auto eligibility = check_course_eligibility(dataset.policy(), dataset.at(person), course);
  if (!eligibility.empty()) return std::move(eligibility.front());
  const auto all = Considered<Enrollment>::all();
  if (auto v = check_schedule(dataset, person, course, all)) return v;
  if (auto v = check_branch_not_completed(dataset, person, course.branch, all)) return v;
  if (auto v = check_not_in_course(dataset, person, course, all)) return v;
  return std::nullopt;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

class Allocator {
 public:
  Allocator(const Dataset& dataset, const AllocationRequest& request) : data_(dataset), policy_(dataset.policy()) {
    if (request.as_of) as_of_ = *request.as_of;
    else if (dataset.as_of()) as_of_ = *dataset.as_of();
    else throw AllocationError("no as-of day: the request names none and the dataset has no as_of");
    result_.as_of = as_of_;
    result_.seed = request.seed.value_or(policy_.allocation.seed);
  }

  AllocationResult run() {
    gather_applicants();
    gather_choices();
    order_proposers();
    build_course_lists();
    solve_rounds();
    write_result();
    return std::move(result_);
  }

 private:
  void gather_applicants() {
    const auto latest = latest_applications(data_);
    const auto trainees = data_.records<Trainee>();
    for (std::uint32_t i = 0; i < trainees.size(); ++i) {
      if (latest[i] == nullptr) continue;
      Applicant a;
      a.row = Row<Trainee>{i};
      a.trainee = &trainees[i];
      a.application = latest[i];
      applicants_.push_back(a);
    }
    // The canonical order (by trainee id) in which the lottery numbers are drawn.
    std::sort(applicants_.begin(), applicants_.end(),
              [](const Applicant& x, const Applicant& y) { return x.trainee->id < y.trainee->id; });
    const auto draws = lottery_draws(result_.seed, applicants_.size());
    for (std::size_t i = 0; i < applicants_.size(); ++i) {
      applicants_[i].lottery = draws[i];
      applicants_[i].district = districts_.of(applicants_[i].trainee->province, applicants_[i].trainee->district);
    }
  }

  // The course index of a ranked course being allocated, numbering courses by id at the end.
  void gather_choices() {
    std::vector<Index> slot_of_row(data_.records<Course>().size(), kNoIndex);
    std::vector<Index> seen_by(data_.records<Course>().size(), kNoIndex);  // the last applicant ranking it
    std::vector<Row<Course>> rows;
    choice_offsets_.assign(1, 0);
    for (Index a = 0; a < applicants_.size(); ++a) {
      const Applicant& applicant = applicants_[a];
      const auto& listed = applicant.application->courses;
      std::optional<RuleViolation> personal = check_not_erased(*applicant.trainee);
      if (!personal) personal = check_active_enrollments(data_, applicant.row, Considered<Enrollment>::all());
      for (std::uint32_t position = 0; position < listed.size(); ++position) {
        const CourseId& id = listed[position];
        const auto row = data_.row_of(id);
        const Course* course = row ? &data_.at(*row) : nullptr;
        if (auto skip = out_of_scope(course, id, as_of_)) {
          skip_choice(a, position, std::move(*skip));
          continue;
        }
        if (seen_by[row->index] == a) {
          skip_choice(a, position,
                      AllocationSkip{{}, id, 0, IssueCode::invalid_value,
                                     course_name(id) + " is ranked twice; its first place counts"});
          continue;
        }
        seen_by[row->index] = a;
        // Ranked by an application: the course takes part, acceptable to this applicant or not.
        if (slot_of_row[row->index] == kNoIndex) {
          slot_of_row[row->index] = static_cast<Index>(rows.size());
          rows.push_back(*row);
        }
        if (auto broken = first_broken_rule(data_, applicant.row, *course, personal)) {
          skip_choice(a, position, AllocationSkip{{}, id, 0, broken->code, std::move(broken->message)});
          continue;
        }
        choice_course_.push_back(slot_of_row[row->index]);
        choice_position_.push_back(position);
      }
      choice_offsets_.push_back(static_cast<Index>(choice_course_.size()));
    }
    // Number the courses by id, and renumber the choices.
    std::vector<Index> by_id(rows.size());
    std::iota(by_id.begin(), by_id.end(), Index{0});
    std::sort(by_id.begin(), by_id.end(),
              [&](Index x, Index y) { return data_.at(rows[x]).id < data_.at(rows[y]).id; });
    std::vector<Index> index_of_slot(rows.size());
    for (Index c = 0; c < by_id.size(); ++c) index_of_slot[by_id[c]] = c;
    for (auto& course : choice_course_) course = index_of_slot[course];
    courses_.resize(rows.size());
    for (Index c = 0; c < by_id.size(); ++c) describe_course(courses_[c], rows[by_id[c]]);
  }

  void skip_choice(Index applicant, std::uint32_t position, AllocationSkip skip) {
    skip.trainee = applicants_[applicant].trainee->id;
    skip.choice = position + 1;
    skip.reason = mask_national_ids(skip.reason);
    skips_.emplace_back(applicant, std::move(skip));
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

  // Proposer indices: applicants by application date, then lottery number (all distinct).
  void order_proposers() {
    proposer_applicant_.resize(applicants_.size());
    std::iota(proposer_applicant_.begin(), proposer_applicant_.end(), Index{0});
    std::sort(proposer_applicant_.begin(), proposer_applicant_.end(), [&](Index x, Index y) {
      const Applicant& a = applicants_[x];
      const Applicant& b = applicants_[y];
      if (a.application->applied != b.application->applied) return a.application->applied < b.application->applied;
      return a.lottery < b.lottery;
    });
  }

  // Applicant @p a's rank among the priority groups at course @p c: bit i (from the top) is set
  // when the applicant is not in the i-th group, so a smaller value comes first.
  std::uint32_t group_rank(const Applicant& a, const CourseInfo& c) const {
    std::uint32_t rank = 0;
    for (const PriorityGroup group : policy_.allocation.priority) {
      bool member = false;
      switch (group) {
        case PriorityGroup::centre_district: member = c.district == a.district; break;
        case PriorityGroup::unemployed: member = a.trainee->employment_status == EmploymentStatus::unemployed; break;
        case PriorityGroup::disability: member = a.trainee->disability; break;
      }
      rank = (rank << 1) | (member ? 0U : 1U);
    }
    return rank;
  }

  // Each course's acceptable applicants (proposer indices) in its order of priority, by one
  // counting sort on (course, group rank) over the entries walked in proposer order; beside each
  // entry, the course's position in that applicant's list.
  void build_course_lists() {
    const std::size_t groups = std::size_t{1} << policy_.allocation.priority.size();
    const std::size_t buckets = courses_.size() * groups;
    std::vector<Index> bucket_start(buckets + 1, 0);
    std::vector<std::uint32_t> entry_bucket(choice_course_.size());
    for (Index p = 0; p < proposer_applicant_.size(); ++p) {
      const Index a = proposer_applicant_[p];
      for (Index e = choice_offsets_[a]; e < choice_offsets_[a + 1]; ++e) {
        const Index c = choice_course_[e];
        entry_bucket[e] = static_cast<std::uint32_t>(c * groups + group_rank(applicants_[a], courses_[c]));
        ++bucket_start[entry_bucket[e] + 1];
      }
    }
    std::partial_sum(bucket_start.begin(), bucket_start.end(), bucket_start.begin());
    course_entries_.resize(choice_course_.size());
    course_entry_position_.resize(choice_course_.size());
    std::vector<Index> fill(bucket_start.begin(), bucket_start.end() - 1);
    for (Index p = 0; p < proposer_applicant_.size(); ++p) {
      const Index a = proposer_applicant_[p];
      for (Index e = choice_offsets_[a]; e < choice_offsets_[a + 1]; ++e) {
        const Index at = fill[entry_bucket[e]]++;
        course_entries_[at] = p;
        course_entry_position_[at] = e - choice_offsets_[a];
      }
    }
    course_offsets_.resize(courses_.size() + 1);
    for (Index c = 0; c <= courses_.size(); ++c) course_offsets_[c] = bucket_start[c * groups];
  }

  // The solver's instance, built once over every course taking part: a dropped course leaves
  // the market through `DeferredAcceptance::remove_receiver`, not by building another.
  Instance build_instance() const {
    std::vector<Index> p_offsets, p_entries, capacities(courses_.size());
    p_offsets.reserve(proposer_applicant_.size() + 1);
    p_entries.reserve(choice_course_.size());
    p_offsets.push_back(0);
    for (const Index a : proposer_applicant_) {
      p_entries.insert(p_entries.end(), choice_course_.begin() + choice_offsets_[a],
                       choice_course_.begin() + choice_offsets_[a + 1]);
      p_offsets.push_back(static_cast<Index>(p_entries.size()));
    }
    for (Index c = 0; c < courses_.size(); ++c) capacities[c] = courses_[c].capacity;
    return Instance::from_csr(std::move(p_offsets), std::move(p_entries), course_offsets_, course_entries_,
                              std::move(capacities));
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
    const Instance instance = build_instance();
    DeferredAcceptance solver(instance);
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
    matching_ = solver.result();
  }

  void write_result() {
    // For each proposer, the position of its course in its own list (kUnplaced when unplaced).
    std::vector<Index> placed_at(proposer_applicant_.size(), kUnplaced);
    std::vector<Index> proposer_of(applicants_.size());
    for (Index p = 0; p < proposer_applicant_.size(); ++p) {
      const Index a = proposer_applicant_[p];
      proposer_of[a] = p;
      if (const auto c = matching_.partner[p]) {
        for (Index e = choice_offsets_[a]; e < choice_offsets_[a + 1]; ++e) {
          if (choice_course_[e] == *c) placed_at[p] = e - choice_offsets_[a];
        }
      }
    }
    // Places and waitlists, course by course; the planned courses that get anyone.
    for (Index c = 0; c < courses_.size(); ++c) {
      if (!active_[c]) continue;
      const CourseId& id = courses_[c].course->id;
      const auto assigned = matching_.assigned(c);
      if (!assigned.empty()) {
        AllocationPlaces& places = result_.places.emplace_back(AllocationPlaces{id, {}});
        places.trainees.reserve(assigned.size());
        for (const Index p : assigned) places.trainees.push_back(trainee_of(p));
      }
      AllocationWaitlist* list = nullptr;
      for (Index at = course_offsets_[c]; at < course_offsets_[c + 1]; ++at) {
        const Index p = course_entries_[at];
        if (matching_.partner[p] == c || !(course_entry_position_[at] < placed_at[p])) continue;
        if (list == nullptr) list = &result_.waitlists.emplace_back(AllocationWaitlist{id, {}});
        list->trainees.push_back(trainee_of(p));
      }
      if ((!assigned.empty() || list != nullptr) && courses_[c].course->status == CourseStatus::planned) {
        result_.opened.push_back(id);
      }
    }
    result_.assignments.reserve(matching_.assigned_entries.size());
    result_.unassigned.reserve(applicants_.size() - matching_.assigned_entries.size());
    // Assignments, the unplaced and the skipped, by trainee id (the applicants' order).
    std::stable_sort(skips_.begin(), skips_.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    auto skip = skips_.begin();
    for (Index a = 0; a < applicants_.size(); ++a) {
      const Index p = proposer_of[a];
      std::size_t skipped = 0;
      for (; skip != skips_.end() && skip->first == a; ++skip) {
        result_.skipped.push_back(std::move(skip->second));
        ++skipped;
      }
      if (placed_at[p] != kUnplaced) {
        const Index e = choice_offsets_[a] + placed_at[p];
        result_.assignments.push_back(AllocationAssignment{applicants_[a].trainee->id,
                                                           courses_[choice_course_[e]].course->id,
                                                           choice_position_[e] + 1});
        continue;
      }
      result_.unassigned.push_back(AllocationUnassigned{applicants_[a].trainee->id, unplaced_reason(a, skipped)});
    }
  }

  std::string unplaced_reason(Index a, std::size_t skipped) const {
    const std::size_t ranked = applicants_[a].application->courses.size();
    if (ranked == 0) return "the application ranks no course";
    std::size_t full = 0, cancelled = 0;
    for (Index e = choice_offsets_[a]; e < choice_offsets_[a + 1]; ++e) {
      ++(active_[choice_course_[e]] ? full : cancelled);
    }
    std::string reason = "placed nowhere: of " + plural(ranked, "ranked course", "ranked courses");
    std::vector<std::string> parts;
    if (full > 0) parts.push_back(std::to_string(full) + " full with applicants of higher priority");
    if (cancelled > 0) parts.push_back(std::to_string(cancelled) + " cancelled below the minimum group");
    if (skipped > 0) parts.push_back(std::to_string(skipped) + " not acceptable or not being allocated (see skipped)");
    for (std::size_t i = 0; i < parts.size(); ++i) reason += (i == 0 ? ", " : "; ") + parts[i];
    return reason;
  }

  const TraineeId& trainee_of(Index proposer) const { return applicants_[proposer_applicant_[proposer]].trainee->id; }

  const Dataset& data_;
  const Policy& policy_;
  Date as_of_;
  AllocationResult result_;
  Districts districts_;
  std::vector<Applicant> applicants_;                              // by trainee id
  std::vector<std::pair<Index, AllocationSkip>> skips_;            // (applicant, skip)
  std::vector<Index> choice_offsets_, choice_course_, choice_position_;  // acceptable choices, per applicant
  std::vector<CourseInfo> courses_;                                // by course id
  std::vector<Index> proposer_applicant_;                          // proposer index -> applicant
  std::vector<Index> course_offsets_, course_entries_, course_entry_position_;
  std::vector<char> active_;
  matching::Result matching_;
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
  return Allocator(dataset, request).run();
}

}  // namespace vocfab::matching
