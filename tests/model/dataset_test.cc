#include "support/records.h"
#include "vocfab/model/dataset.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vocfab {
namespace {

boost::uuids::uuid uuid_of(int kind, int number) {
  boost::uuids::uuid u{};
  u.data[0] = static_cast<std::uint8_t>(kind);
  u.data[14] = static_cast<std::uint8_t>(number >> 8);
  u.data[15] = static_cast<std::uint8_t>(number & 0xff);
  return u;
}

NationalId national(int n) { return *NationalId::complete(std::to_string(100000000 + n * 7919)); }

using testing::day;

Trainee trainee(int id, int national_id, std::string name) {
  return testing::trainee_record(TraineeId(uuid_of(3, id)), national(national_id), std::move(name));
}

// A person's name for number n: its digits spelt as letters (names hold no digits).
std::string spelt(int n) {
  std::string name = "T";
  for (char digit : std::to_string(n)) name.push_back(static_cast<char>('a' + (digit - '0')));
  return name;
}

std::string name_of(const Trainee* trainee) { return trainee == nullptr ? "(none)" : trainee->identity->given_name; }

Course course(int id, std::uint32_t capacity) {
  return Course{.id = CourseId(uuid_of(2, id)), .branch = *BranchCode::parse("SEWING"),
                .centre = CentreId(uuid_of(1, 1)), .start = day(2025, 2, 3), .end = day(2025, 4, 25),
                .total_hours = 120, .capacity = capacity, .min_group = std::nullopt,
                .mode = DeliveryMode::in_person, .certificate = CertificateKind::meb,
                .status = CourseStatus::planned, .min_age = std::nullopt};
}

Branch branch(const std::string& code, std::string name) {
  return Branch{.code = *BranchCode::parse(code), .name = std::move(name), .sector = "textile",
                .isco08 = std::nullopt, .occupation_code = std::nullopt, .nominal_hours = 120,
                .certificate = CertificateKind::meb};
}

Referral referral(int id, int trainee_id) {
  return Referral{.id = ReferralId(uuid_of(9, id)), .trainee = TraineeId(uuid_of(3, trainee_id)),
                  .vacancy = VacancyId(uuid_of(8, 1)), .referred = day(2026, 4, 10),
                  .status = ReferralStatus::referred, .decided = std::nullopt, .hired = std::nullopt,
                  .ended = std::nullopt, .reason = std::nullopt};
}

// What `fill` adds after its 300 numbered trainees: duplicate ids, national ids and branch codes,
// and the other collections.
void fill_after_trainees(Dataset& d) {
  d.add(trainee(7, 1000, "duplicate id"));
  d.add(trainee(1001, 8, "duplicate national id"));
  d.add(branch("SEWING", "first"));
  d.add(branch("SEWING", "second"));
  d.add(branch("WELDING", "welding"));
  for (int i = 0; i < 50; ++i) d.add(course(i, static_cast<std::uint32_t>(i + 1)));
  d.add(course(3, 999));
  for (int i = 0; i < 120; ++i) d.add(referral(i, i % 40));
}

// The same records, with duplicate ids, national ids and branch codes, into any dataset (the
// trainees from `first_trainee` on, for a dataset that continues another).
void fill(Dataset& d, int first_trainee = 0) {
  for (int i = first_trainee; i < 300; ++i) d.add(trainee(i, i, spelt(i)));
  fill_after_trainees(d);
}

void expect_same(const Dataset& a, const Dataset& b) {
  ASSERT_EQ(a.record_count(), b.record_count());
  ASSERT_EQ(a.records<Trainee>().size(), b.records<Trainee>().size());
  for (std::size_t i = 0; i < a.records<Trainee>().size(); ++i) {
    const Trainee& t = a.records<Trainee>()[i];
    EXPECT_EQ(t.id, b.records<Trainee>()[i].id);
    EXPECT_EQ(t.identity->given_name, b.records<Trainee>()[i].identity->given_name);
    ASSERT_NE(a.find(t.id), nullptr);
    EXPECT_EQ(a.find(t.id) - a.records<Trainee>().data(), b.find(t.id) - b.records<Trainee>().data());
    EXPECT_EQ(a.find(t.identity->national_id) - a.records<Trainee>().data(),
              b.find(t.identity->national_id) - b.records<Trainee>().data());
  }
  for (std::size_t i = 0; i < a.records<Course>().size(); ++i) {
    const CourseId id = a.records<Course>()[i].id;
    EXPECT_EQ(a.find(id) - a.records<Course>().data(), b.find(id) - b.records<Course>().data());
  }
  for (std::size_t i = 0; i < a.records<Referral>().size(); ++i) {
    const ReferralId id = a.records<Referral>()[i].id;
    EXPECT_EQ(a.find(id) - a.records<Referral>().data(), b.find(id) - b.records<Referral>().data());
  }
  EXPECT_EQ(a.find(*BranchCode::parse("SEWING"))->name, b.find(*BranchCode::parse("SEWING"))->name);
}

TEST(Dataset, AddsInOrderAndFindsById) {
  Dataset d;
  fill(d);
  EXPECT_EQ(d.records<Trainee>().size(), 302u);
  EXPECT_EQ(d.records<Course>().size(), 51u);
  EXPECT_EQ(d.records<Referral>().size(), 120u);
  EXPECT_EQ(d.record_count(), 302u + 3u + 51u + 120u);
  ASSERT_NE(d.find(TraineeId(uuid_of(3, 42))), nullptr);
  EXPECT_EQ(name_of(d.find(TraineeId(uuid_of(3, 42)))), spelt(42));
  EXPECT_EQ(name_of(d.find(national(42))), spelt(42));
  EXPECT_EQ(d.find(CourseId(uuid_of(2, 10)))->capacity, 11u);
  EXPECT_EQ(d.find(*BranchCode::parse("WELDING"))->name, "welding");
}

TEST(Dataset, AbsentKeysFindNothing) {
  Dataset d;
  EXPECT_EQ(d.find(TraineeId(uuid_of(3, 1))), nullptr);
  fill(d);
  EXPECT_EQ(d.find(TraineeId(uuid_of(3, 5000))), nullptr);
  EXPECT_EQ(d.find(CentreId(uuid_of(1, 1))), nullptr);
  EXPECT_EQ(d.find(national(5000)), nullptr);
  EXPECT_EQ(d.find(*BranchCode::parse("PASTRY")), nullptr);
}

TEST(Dataset, FirstRecordKeepsADuplicateKey) {
  Dataset d;
  fill(d);
  // Both duplicates are stored; lookups return the first record with the key.
  EXPECT_EQ(d.records<Trainee>()[300].identity->given_name, "duplicate id");
  EXPECT_EQ(d.find(TraineeId(uuid_of(3, 7))), &d.records<Trainee>()[7]);
  EXPECT_EQ(d.find(national(8)), &d.records<Trainee>()[8]);
  EXPECT_EQ(d.find(TraineeId(uuid_of(3, 1001))), &d.records<Trainee>()[301]);
  EXPECT_EQ(d.find(national(1000)), &d.records<Trainee>()[300]);
  EXPECT_EQ(d.find(*BranchCode::parse("SEWING"))->name, "first");
  EXPECT_EQ(d.find(CourseId(uuid_of(2, 3)))->capacity, 4u);
}

DatasetSizes sizes(std::initializer_list<std::pair<Collection, std::size_t>> counts) {
  DatasetSizes out{};
  for (const auto& [collection, count] : counts) out[static_cast<std::size_t>(collection)] = count;
  return out;
}

TEST(Dataset, ReserveDoesNotChangeBehaviour) {
  Dataset plain;
  fill(plain);

  Dataset exact;
  exact.reserve(sizes({{Collection::branches, 3}, {Collection::courses, 51}, {Collection::trainees, 302},
                       {Collection::referrals, 120}}));
  fill(exact);
  expect_same(plain, exact);

  Dataset too_small;  // Estimates may be low: adding past them is fine.
  DatasetSizes small{};
  small.fill(1);
  small[static_cast<std::size_t>(Collection::trainees)] = 10;
  too_small.reserve(small);
  fill(too_small);
  expect_same(plain, too_small);

  Dataset generous;
  DatasetSizes large{};
  large.fill(1000);
  large[static_cast<std::size_t>(Collection::trainees)] = 100'000;
  generous.reserve(large);
  fill(generous);
  expect_same(plain, generous);
}

TEST(Dataset, ReserveAfterAddingKeepsRecordsAndLookups) {
  Dataset plain;
  fill(plain);

  Dataset d;
  d.reserve(sizes({{Collection::trainees, 10'000}}));
  d.add(trainee(0, 0, spelt(0)));
  d.reserve(sizes({{Collection::trainees, 5}}));  // Smaller than before: never shrinks, changes nothing.
  d.reserve(DatasetSizes{});                       // All zero: a no-op.
  for (int i = 1; i < 300; ++i) d.add(trainee(i, i, spelt(i)));
  d.reserve(sizes({{Collection::trainees, 100'000}}));  // mid-load
  fill_after_trainees(d);
  expect_same(plain, d);
}

TEST(Dataset, AppendingVectorsEqualsAddingOneByOne) {
  Dataset plain;
  fill(plain);

  Dataset bulk;
  std::vector<Trainee> first;
  for (int i = 0; i < 150; ++i) first.push_back(trainee(i, i, spelt(i)));
  std::vector<Trainee> second;
  for (int i = 150; i < 300; ++i) second.push_back(trainee(i, i, spelt(i)));
  second.push_back(trainee(7, 1000, "duplicate id"));
  second.push_back(trainee(1001, 8, "duplicate national id"));
  bulk.append(std::move(first));   // into an empty collection
  bulk.append(std::move(second));  // after records already indexed
  bulk.append(std::vector<Branch>{branch("SEWING", "first"), branch("SEWING", "second"), branch("WELDING", "welding")});
  std::vector<Course> courses;
  for (int i = 0; i < 50; ++i) courses.push_back(course(i, static_cast<std::uint32_t>(i + 1)));
  courses.push_back(course(3, 999));
  bulk.append(std::move(courses));
  bulk.append(std::vector<Referral>{});  // nothing to add
  std::vector<Referral> referrals;
  for (int i = 0; i < 120; ++i) referrals.push_back(referral(i, i % 40));
  bulk.append(std::move(referrals));
  expect_same(plain, bulk);
}

TEST(Dataset, AppendingADatasetMovesEveryRecordAndEmptiesIt) {
  Dataset plain;
  fill(plain);

  Dataset front;
  for (int i = 0; i < 100; ++i) front.add(trainee(i, i, spelt(i)));
  Dataset back;
  fill(back, 100);  // its duplicate trainee id (7) and national id (8) are taken in `front` only
  front.append(std::move(back));
  expect_same(plain, front);
  EXPECT_EQ(back.record_count(), 0u);  // NOLINT(bugprone-use-after-move): append empties it
  EXPECT_EQ(back.find(TraineeId(uuid_of(3, 150))), nullptr);
}

// The index against an oracle: for any sequence of adds and bulk appends with repeated keys,
// every lookup finds the first record added with that key, and absent keys find nothing.
RC_GTEST_PROP(Dataset, LookupsFindTheFirstRecordWithAKey, ()) {
  const auto batches = *rc::gen::container<std::vector<std::vector<std::pair<int, int>>>>(
      rc::gen::container<std::vector<std::pair<int, int>>>(
          rc::gen::pair(rc::gen::inRange(0, 400), rc::gen::inRange(0, 400))));
  const bool one_by_one = *rc::gen::arbitrary<bool>();
  Dataset d;
  std::map<int, std::size_t> first_by_id;
  std::map<int, std::size_t> first_by_national_id;
  std::size_t position = 0;
  for (const auto& batch : batches) {
    std::vector<Trainee> records;
    for (const auto& [id, national_id] : batch) {
      first_by_id.try_emplace(id, position);
      first_by_national_id.try_emplace(national_id, position);
      ++position;
      records.push_back(trainee(id, national_id, "T"));
    }
    if (one_by_one) {
      for (auto& record : records) d.add(std::move(record));
    } else {
      d.append(std::move(records));
    }
  }
  RC_ASSERT(d.records<Trainee>().size() == position);
  for (int key = 0; key < 400; ++key) {
    const Trainee* by_id = d.find(TraineeId(uuid_of(3, key)));
    const auto expected_id = first_by_id.find(key);
    if (expected_id == first_by_id.end()) {
      RC_ASSERT(by_id == nullptr);
    } else {
      RC_ASSERT(by_id == &d.records<Trainee>()[expected_id->second]);
    }
    const Trainee* by_national_id = d.find(national(key));
    const auto expected_national_id = first_by_national_id.find(key);
    if (expected_national_id == first_by_national_id.end()) {
      RC_ASSERT(by_national_id == nullptr);
    } else {
      RC_ASSERT(by_national_id == &d.records<Trainee>()[expected_national_id->second]);
    }
  }
}

}  // namespace
}  // namespace vocfab
