// Course allocation (SPEC 5.2) against oracles on random small datasets: capacities, minimum
// groups, acceptability by the rule functions, stability under the priorities (every pair
// checked), applicant-optimality against every stable matching (brute force), waitlists,
// reasons, determinism, seeds, record order, and the operations carried out.
#include "matching/allocation_detail.h"
#include "matching/allocation_fixture.h"
#include "vocfab/io/allocation_json.h"
#include "vocfab/matching/stable_matching.h"

#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <numeric>
#include <random>
#include <set>

namespace vocfab::testing {
namespace {

using matching::AllocationRequest;
using matching::AllocationResult;
using matching::allocate;

struct Market {
  nlohmann::json document;
  int trainees = 0;
  int courses = 0;
};

// A random market: up to @p max_trainees people (some outside İzmir, some too young, some
// holding a seat), up to 4 courses at two centres with overlapping dates, a few application
// days so that ties happen, and the lottery seed.
Market random_market(int max_trainees, bool distinct_days = false) {
  Market m;
  m.document = allocation_document();
  m.document["policy"]["max_active_enrollments"] = *rc::gen::inRange(1, 3);
  // The groups in a random order, each kept or not.
  std::vector<std::string> priority;
  std::vector<std::string> all{"centre_district", "unemployed", "disability"};
  const auto group_keys = *rc::gen::container<std::vector<int>>(3, rc::gen::inRange(0, 4));
  std::vector<std::size_t> by_key{0, 1, 2};
  std::stable_sort(by_key.begin(), by_key.end(), [&](std::size_t a, std::size_t b) { return group_keys[a] < group_keys[b]; });
  for (std::size_t i : by_key) {
    if (group_keys[i] != 0) priority.push_back(all[i]);
  }
  m.document["policy"]["allocation"] = {{"priority", priority}, {"seed", 0}};
  m.courses = *rc::gen::inRange(1, 5);
  const std::vector<std::pair<std::string, std::string>> dates{
      {"2026-06-01", "2026-06-30"}, {"2026-06-20", "2026-07-20"}, {"2026-08-01", "2026-08-31"}, {"2026-04-01", "2026-06-15"}};
  for (int c = 0; c < m.courses; ++c) {
    const int min_group = *rc::gen::inRange(1, 3);
    const int capacity = min_group + *rc::gen::inRange(0, 3);
    const auto& [start, end] = dates[*rc::gen::inRange<std::size_t>(0, c == 0 ? 3 : 4)];
    const bool started = start < "2026-05-01";
    m.document["courses"].push_back(course_record(
        11 + c, *rc::gen::inRange(1, 3), capacity, min_group, start, end,
        started ? "open" : *rc::gen::element<std::string>("planned", "open")));
  }
  m.trainees = *rc::gen::inRange(1, max_trainees + 1);
  int enrollment = 0;
  std::vector<int> seats(m.courses, 0);
  for (int t = 1; t <= m.trainees; ++t) {
    nlohmann::json p = person_record(t, *rc::gen::element<std::string>("Konak", "Bornova", "KONAK"),
                                     *rc::gen::element<std::string>("unemployed", "employed", "student"),
                                     *rc::gen::arbitrary<bool>(), *rc::gen::element<std::string>("35", "35", "35", "06"));
    const bool young = *rc::gen::inRange(0, 8) == 0;
    if (young) p["birth_date"] = "2012-02-01";
    const bool eligible = !young && p["province"] == "35";
    m.document["trainees"].push_back(p);
    // A seat held in an open course (one that has started, or not), within its capacity.
    if (eligible && *rc::gen::inRange(0, 4) == 0) {
      const int c = *rc::gen::inRange(0, m.courses);
      const auto& course = m.document["courses"][c];
      if (course["status"] == "open" && seats[c] < course["capacity"].get<int>()) {
        ++seats[c];
        m.document["enrollments"].push_back({{"id", enrollment_id(++enrollment)}, {"trainee", trainee_id(t)},
                                             {"course", course_id(11 + c)}, {"status", "enrolled"}, {"absent_hours", 0}});
      }
    }
    if (*rc::gen::inRange(0, 6) == 0) continue;  // no application
    std::vector<int> list;
    for (int c = 0; c < m.courses; ++c) list.push_back(11 + c);
    const auto keys = *rc::gen::container<std::vector<int>>(list.size(), rc::gen::arbitrary<int>());
    std::vector<std::size_t> idx(list.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<int> ranked;
    const std::size_t length = *rc::gen::inRange<std::size_t>(1, list.size() + 1);
    for (std::size_t i = 0; i < length; ++i) ranked.push_back(list[idx[i]]);
    const std::string applied = distinct_days ? "2026-03-" + std::string(t < 10 ? "0" : "") + std::to_string(t)
                                              : *rc::gen::element<std::string>("2026-04-01", "2026-04-02");
    m.document["applications"].push_back(application_record(t, t, ranked, applied));
  }
  return m;
}

// A dataset that loads; the generated markets are valid by construction except that the
// validator may see a problem the generator did not foresee, which the property then reports.
Dataset load_market(const Market& m) {
  LoadResult read = read_dataset(m.document.dump());
  RC_ASSERT(read.ok());
  const auto issues = validate(read.dataset);
  RC_ASSERT(issues.empty());
  return std::move(read.dataset);
}

// Everything the oracles need about a result.
struct Picture {
  std::map<TraineeId, CourseId> placed;
  std::map<CourseId, std::vector<TraineeId>> at;  // in the course's order of priority
  std::set<CourseId> cancelled;
  std::set<CourseId> taking_part;                 // in scope, ranked by some counting application
};

Picture picture(const Dataset& dataset, const AllocationResult& result, const PriorityOracle& oracle) {
  Picture p;
  for (const auto& a : result.assignments) {
    RC_ASSERT(p.placed.emplace(a.trainee, a.course).second);
    p.at[a.course].push_back(a.trainee);
  }
  for (auto& [course, people] : p.at) {
    const Course& c = *dataset.find(course);
    std::sort(people.begin(), people.end(), [&](const auto& x, const auto& y) { return oracle.before(c, x, y); });
  }
  for (const auto& c : result.cancelled) p.cancelled.insert(c.course);
  for (const auto& [trainee, application] : latest_applications_of(dataset)) {
    for (const auto& id : application->courses) {
      const Course* c = dataset.find(id);
      if (c != nullptr && in_scope(*c, result.as_of)) p.taking_part.insert(id);
    }
  }
  return p;
}

std::size_t seats_held(const Dataset& dataset, const Course& course) {
  std::size_t n = 0;
  for (const auto row : dataset.children<&Enrollment::course>(*dataset.row_of(course.id))) {
    n += holds_seat(dataset.at(row).status);
  }
  return n;
}
std::size_t counted_at_start(const Dataset& dataset, const Course& course) {
  std::size_t n = 0;
  for (const auto row : dataset.children<&Enrollment::course>(*dataset.row_of(course.id))) {
    n += counts_at_start(course, dataset.at(row));
  }
  return n;
}

// Position of @p course in @p trainee's counting list (first occurrence); npos when absent.
std::size_t position_in(const Application& application, const CourseId& course) {
  const auto at = std::find(application.courses.begin(), application.courses.end(), course);
  return at == application.courses.end() ? std::string::npos : std::size_t(at - application.courses.begin());
}

// The checks every result must pass.
void check_result(const Dataset& dataset, const AllocationResult& result) {
  const PriorityOracle oracle(dataset, result.seed);
  const Picture p = picture(dataset, result, oracle);
  const auto latest = latest_applications_of(dataset);
  // Acceptable, in scope, not cancelled; capacities; minimum groups.
  for (const auto& [trainee, course] : p.placed) {
    const Course& c = *dataset.find(course);
    RC_ASSERT(in_scope(c, result.as_of));
    RC_ASSERT(acceptable(dataset, trainee, c));
    RC_ASSERT(p.cancelled.count(course) == 0u);
    RC_ASSERT(latest.count(trainee) == 1u);
    RC_ASSERT(position_in(*latest.at(trainee), course) != std::string::npos);
  }
  for (const auto& id : p.taking_part) {
    if (p.cancelled.count(id)) continue;
    const Course& c = *dataset.find(id);
    const std::size_t assigned = p.at.count(id) ? p.at.at(id).size() : 0;
    RC_ASSERT(assigned + seats_held(dataset, c) <= std::size_t(c.capacity) || assigned == 0);
    RC_ASSERT(met_minimum_group(dataset.policy(), c, counted_at_start(dataset, c) + assigned));
  }
  for (const auto& id : p.cancelled) {
    RC_ASSERT(p.taking_part.count(id) == 1u);
    RC_ASSERT(p.at.count(id) == 0u);
  }
  // Stability among the courses kept: no applicant and course that both want each other more;
  // and the waitlists are exactly the applicants who want a course more than their own.
  std::map<CourseId, std::vector<TraineeId>> waitlists;
  for (const auto& w : result.waitlists) waitlists[w.course] = w.trainees;
  for (const auto& id : p.taking_part) {
    if (p.cancelled.count(id)) continue;
    const Course& c = *dataset.find(id);
    const std::size_t free = std::size_t(c.capacity) - std::min<std::size_t>(c.capacity, seats_held(dataset, c));
    const auto& holders = p.at.count(id) ? p.at.at(id) : std::vector<TraineeId>{};
    std::vector<TraineeId> wanting;
    for (const auto& [trainee, application] : latest) {
      const std::size_t here = position_in(*application, id);
      if (here == std::string::npos || !acceptable(dataset, trainee, c)) continue;
      const auto own = p.placed.find(trainee);
      if (own != p.placed.end() && position_in(*application, own->second) <= here) continue;
      wanting.push_back(trainee);
      RC_ASSERT(holders.size() == free);  // a free seat would block
      // A course whose seats were all held before has no holder to compare with. (Not one
      // RC_ASSERT with &&: rapidcheck's expression capture overloads && and evaluates both sides,
      // so `!holders.empty() && ... holders.back()` read before the vector's start.)
      if (!holders.empty()) RC_ASSERT(oracle.before(c, holders.back(), trainee));
    }
    std::sort(wanting.begin(), wanting.end(), [&](const auto& x, const auto& y) { return oracle.before(c, x, y); });
    RC_ASSERT(waitlists[id] == wanting);
  }
  // Everyone placed nowhere has a reason; every cancellation too.
  std::set<TraineeId> unassigned;
  for (const auto& u : result.unassigned) {
    RC_ASSERT(!u.reason.empty());
    unassigned.insert(u.trainee);
  }
  for (const auto& [trainee, application] : latest) RC_ASSERT(p.placed.count(trainee) + unassigned.count(trainee) == 1u);
  for (const auto& c : result.cancelled) RC_ASSERT(!c.reason.empty());
}

RC_GTEST_PROP(AllocationProperty, StableWithinCapacityAndMinimumGroupsAcceptable, ()) {
  const Market m = random_market(7);
  const Dataset dataset = load_market(m);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto result = allocate(dataset, AllocationRequest{seed, std::nullopt});
  RC_ASSERT(result.seed == seed);
  check_result(dataset, result);
}

RC_GTEST_PROP(AllocationProperty, OperationsCarryItOut, ()) {
  const Market m = random_market(7);
  const Dataset dataset = load_market(m);
  const auto result = allocate(dataset, AllocationRequest{*rc::gen::arbitrary<std::uint64_t>(), std::nullopt});
  expect_operations_carry_out(dataset, result);
  RC_ASSERT(!::testing::Test::HasFailure());
}

// Applicant-optimal: among every stable matching of the courses kept (brute force over every
// matching), none gives any applicant a course they rank higher.
RC_GTEST_PROP(AllocationProperty, ApplicantOptimalAmongAllStableMatchings, ()) {
  const Market m = random_market(5);
  const Dataset dataset = load_market(m);
  const auto result = allocate(dataset, AllocationRequest{*rc::gen::arbitrary<std::uint64_t>(), std::nullopt});
  const PriorityOracle oracle(dataset, result.seed);
  const Picture p = picture(dataset, result, oracle);
  const auto latest = latest_applications_of(dataset);
  std::vector<TraineeId> people;
  std::vector<std::vector<CourseId>> options;  // acceptable kept courses, in the person's order
  for (const auto& [trainee, application] : latest) {
    people.push_back(trainee);
    options.emplace_back();
    for (const auto& id : application->courses) {
      const Course* c = dataset.find(id);
      if (c && p.taking_part.count(id) && !p.cancelled.count(id) && acceptable(dataset, trainee, *c) &&
          std::find(options.back().begin(), options.back().end(), id) == options.back().end()) {
        options.back().push_back(id);
      }
    }
  }
  std::vector<std::size_t> choice(people.size(), 0);  // index into options + 1; 0 = none
  const auto rank_of = [&](std::size_t i, const std::optional<CourseId>& c) {
    if (!c) return options[i].size();
    return std::size_t(std::find(options[i].begin(), options[i].end(), *c) - options[i].begin());
  };
  std::size_t stable_count = 0;
  for (;;) {
    std::map<CourseId, std::vector<std::size_t>> held;
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (choice[i]) held[options[i][choice[i] - 1]].push_back(i);
    }
    bool stable = true;
    for (const auto& [id, who] : held) {
      const Course& c = *dataset.find(id);
      if (who.size() + seats_held(dataset, c) > c.capacity) stable = false;
    }
    for (std::size_t i = 0; stable && i < people.size(); ++i) {
      const std::size_t mine = choice[i] ? choice[i] - 1 : options[i].size();
      for (std::size_t k = 0; stable && k < mine; ++k) {
        const Course& c = *dataset.find(options[i][k]);
        const auto& who = held[c.id];
        const std::size_t free = c.capacity - std::min<std::size_t>(c.capacity, seats_held(dataset, c));
        if (who.size() < free) stable = false;
        for (std::size_t j : who) {
          if (oracle.before(c, people[i], people[j])) stable = false;
        }
      }
    }
    if (stable) {
      ++stable_count;
      for (std::size_t i = 0; i < people.size(); ++i) {
        const auto own = p.placed.count(people[i]) ? std::optional<CourseId>(p.placed.at(people[i])) : std::nullopt;
        const std::size_t other = choice[i] ? choice[i] - 1 : options[i].size();
        RC_ASSERT(rank_of(i, own) <= other);
      }
    }
    std::size_t i = 0;
    while (i < people.size() && ++choice[i] > options[i].size()) choice[i++] = 0;
    if (i == people.size()) break;
  }
  RC_ASSERT(stable_count >= 1u);  // the allocation's own matching is among them
}

// The minimum-group rounds as SPEC 5.2 states them, from scratch every round and from the
// oracles alone (acceptability by the rule functions, priorities by `PriorityOracle`): solve
// the courses still kept afresh; drop every course below its minimum with nobody assigned (in id
// order) and then the one with the fewest assigned (then the lowest id); solve again; until
// none is below. The allocator resumes deferred acceptance instead of solving afresh.
struct Rounds {
  std::map<TraineeId, CourseId> placed;
  std::vector<std::tuple<CourseId, std::uint32_t, std::uint32_t>> cancelled;  // (course, assigned, round)
  std::uint32_t rounds = 0;
};

Rounds rounds_from_scratch(const Dataset& dataset, std::uint64_t seed, const Date& as_of) {
  const PriorityOracle oracle(dataset, seed);
  const auto latest = latest_applications_of(dataset);
  std::vector<TraineeId> people;
  std::set<CourseId> ids;
  for (const auto& [trainee, application] : latest) {
    people.push_back(trainee);
    for (const auto& id : application->courses) {
      const Course* c = dataset.find(id);
      if (c != nullptr && in_scope(*c, as_of)) ids.insert(id);
    }
  }
  const std::vector<CourseId> courses(ids.begin(), ids.end());  // by id
  std::vector<char> kept(courses.size(), 1);
  Rounds out;
  for (;;) {
    std::vector<std::vector<matching::Index>> proposer_lists(people.size()), receiver_lists(courses.size());
    std::vector<matching::Index> capacities(courses.size(), 0);
    for (matching::Index c = 0; c < courses.size(); ++c) {
      if (!kept[c]) continue;
      const Course& course = *dataset.find(courses[c]);
      capacities[c] = static_cast<matching::Index>(course.capacity -
                                                   std::min<std::size_t>(course.capacity, seats_held(dataset, course)));
    }
    for (matching::Index p = 0; p < people.size(); ++p) {
      for (const auto& id : latest.at(people[p])->courses) {
        const auto at = std::lower_bound(courses.begin(), courses.end(), id);
        if (at == courses.end() || *at != id) continue;
        const auto c = static_cast<matching::Index>(at - courses.begin());
        auto& list = proposer_lists[p];
        if (!kept[c] || std::find(list.begin(), list.end(), c) != list.end()) continue;
        if (!acceptable(dataset, people[p], *dataset.find(id))) continue;
        list.push_back(c);
        receiver_lists[c].push_back(p);
      }
    }
    for (matching::Index c = 0; c < courses.size(); ++c) {
      const Course& course = *dataset.find(courses[c]);
      std::sort(receiver_lists[c].begin(), receiver_lists[c].end(), [&](matching::Index x, matching::Index y) {
        return oracle.before(course, people[x], people[y]);
      });
    }
    const matching::Result result = matching::stable_match(
        matching::Instance::from_lists(proposer_lists, receiver_lists, capacities), matching::Optimal::proposer);
    ++out.rounds;
    std::optional<matching::Index> fewest;
    for (matching::Index c = 0; c < courses.size(); ++c) {
      if (!kept[c]) continue;
      const Course& course = *dataset.find(courses[c]);
      const auto assigned = static_cast<std::uint32_t>(result.assigned(c).size());
      if (met_minimum_group(dataset.policy(), course, counted_at_start(dataset, course) + assigned)) continue;
      if (assigned == 0) {
        kept[c] = 0;
        out.cancelled.emplace_back(courses[c], 0, out.rounds);
      } else if (!fewest || assigned < result.assigned(*fewest).size()) {
        fewest = c;
      }
    }
    if (!fewest) {
      for (matching::Index p = 0; p < people.size(); ++p) {
        if (result.partner[p]) out.placed.emplace(people[p], courses[*result.partner[p]]);
      }
      return out;
    }
    kept[*fewest] = 0;
    out.cancelled.emplace_back(courses[*fewest], static_cast<std::uint32_t>(result.assigned(*fewest).size()),
                               out.rounds);
  }
}

// Resuming deferred acceptance after each drop gives what solving afresh every round gives:
// the same placements, the same courses dropped in the same order and round, the same rounds.
RC_GTEST_PROP(AllocationProperty, ResumingEqualsSolvingAfreshEveryRound, ()) {
  const Market m = random_market(*rc::gen::element(7, 12, 20));
  const Dataset dataset = load_market(m);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const auto result = allocate(dataset, AllocationRequest{seed, std::nullopt});
  const Rounds expected = rounds_from_scratch(dataset, seed, result.as_of);
  std::map<TraineeId, CourseId> placed;
  for (const auto& a : result.assignments) placed.emplace(a.trainee, a.course);
  RC_ASSERT(placed == expected.placed);
  std::vector<std::tuple<CourseId, std::uint32_t, std::uint32_t>> cancelled;
  for (const auto& c : result.cancelled) cancelled.emplace_back(c.course, c.assigned, c.round);
  RC_ASSERT(cancelled == expected.cancelled);
  RC_ASSERT(result.rounds == expected.rounds);
}

RC_GTEST_PROP(AllocationProperty, OneSeedOneResultAndRecordOrderDoesNotMatter, ()) {
  Market m = random_market(7);
  const Dataset dataset = load_market(m);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const std::string once = write_allocation_result(allocate(dataset, AllocationRequest{seed, std::nullopt}));
  RC_ASSERT(write_allocation_result(allocate(dataset, AllocationRequest{seed, std::nullopt})) == once);
  std::mt19937_64 random(*rc::gen::arbitrary<std::uint64_t>());
  for (const char* collection : {"courses", "trainees", "applications", "enrollments", "centres"}) {
    auto& records = m.document[collection];
    std::shuffle(records.begin(), records.end(), random);
  }
  const Dataset shuffled = load_market(m);
  RC_ASSERT(write_allocation_result(allocate(shuffled, AllocationRequest{seed, std::nullopt})) == once);
}

// The applicants are gathered in parts of the trainee records, side by side, and joined: any
// number of parts (more than there are people, too) gives the result one part gives, byte for
// byte, with odd choices among them (a course ranked twice, an unknown course) and through
// `max_threads`.
RC_GTEST_PROP(AllocationProperty, GatheringInPartsGivesTheSameResult, ()) {
  Market m = random_market(12);
  for (auto& application : m.document["applications"]) {
    auto& courses = application["courses"];
    if (*rc::gen::inRange(0, 4) == 0) courses.push_back(courses.front());
    if (*rc::gen::inRange(0, 4) == 0) courses.push_back(course_id(99));
  }
  const Dataset dataset = read_document(m.document);
  const AllocationRequest request{*rc::gen::arbitrary<std::uint64_t>(), std::nullopt};
  const std::string whole = write_allocation_result(matching::detail::allocate_in_parts(dataset, request, 1));
  for (unsigned parts = 2; parts <= static_cast<unsigned>(m.trainees) + 2; ++parts) {
    RC_ASSERT(write_allocation_result(matching::detail::allocate_in_parts(dataset, request, parts)) == whole);
  }
  for (const unsigned threads : {0U, 1U, 2U, matching::kMaxAllocationThreads}) {
    AllocationRequest threaded = request;
    threaded.max_threads = threads;
    RC_ASSERT(write_allocation_result(allocate(dataset, threaded)) == whole);
  }
}

TEST(Allocation, MoreThreadsThanAllowedIsRefused) {
  const Dataset dataset = read_document(allocation_document());
  AllocationRequest request;
  request.max_threads = matching::kMaxAllocationThreads + 1;
  EXPECT_THROW(allocate(dataset, request), matching::AllocationError);
  request.max_threads = matching::kMaxAllocationThreads;
  EXPECT_NO_THROW(allocate(dataset, request));
}

// The seed only breaks ties of (groups, application date): when every person applied on a day
// of their own, no two applicants tie at any course, and every seed gives the same allocation.
RC_GTEST_PROP(AllocationProperty, SeedOnlyBreaksTies, ()) {
  const Market m = random_market(7, /*distinct_days=*/true);
  const Dataset dataset = load_market(m);
  // The premise: at every course, no two applicants tie on (groups, application date).
  const PriorityOracle oracle(dataset, 0);
  const auto latest = latest_applications_of(dataset);
  for (const Course& course : dataset.records<Course>()) {
    std::vector<TraineeId> people;
    for (const auto& [trainee, application] : latest) people.push_back(trainee);
    std::sort(people.begin(), people.end(), [&](const TraineeId& x, const TraineeId& y) {
      return oracle.key_without_lottery(x, course) < oracle.key_without_lottery(y, course);
    });
    for (std::size_t i = 1; i < people.size(); ++i) {
      RC_ASSERT(oracle.key_without_lottery(people[i - 1], course) != oracle.key_without_lottery(people[i], course));
    }
  }
  const auto a = allocate(dataset, AllocationRequest{*rc::gen::arbitrary<std::uint64_t>(), std::nullopt});
  const auto b = allocate(dataset, AllocationRequest{*rc::gen::arbitrary<std::uint64_t>(), std::nullopt});
  RC_ASSERT(a.assignments == b.assignments);
  RC_ASSERT(a.waitlists == b.waitlists);
  RC_ASSERT(a.cancelled == b.cancelled);
  RC_ASSERT(a.unassigned == b.unassigned);
}

}  // namespace
}  // namespace vocfab::testing
