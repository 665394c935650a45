// The seeker index (vocfab/model/seeker_index.h) kept by the dataset as people are added, one at a
// time and in bulk, in any order of registration: after every change it matches the records.
#include "support/records.h"
#include "support/seeker_index_check.h"
#include "vocfab/model/dataset.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace vocfab {
namespace {

Trainee person(std::uint32_t number, std::string district, Date registered) {
  boost::uuids::uuid u{};
  u.data[0] = 3;
  for (int i = 0; i < 4; ++i) u.data[12 + i] = static_cast<std::uint8_t>(number >> (24 - 8 * i));
  Trainee t = testing::trainee_record(TraineeId(u), *NationalId::complete(std::to_string(100000000 + number * 7919)),
                                      "Ayşe");
  t.district = std::move(district);
  t.registered = registered;
  return t;
}

// Two places, people registered on random days: most additions land inside their place's list,
// some at its front or end; written as "Çiğli" and "ÇİĞLİ", one place.
TEST(SeekerIndex, PeopleAddedOneAtATimeInAnyOrderAreListedInOrder) {
  std::mt19937 random(20261203);
  const std::vector<std::string> districts{"Konak", "Çiğli", "ÇİĞLİ"};
  Dataset dataset;
  for (std::uint32_t n = 0; n < 600; ++n) {
    const Date registered = add_days(testing::day(2024, 1, 1), static_cast<std::int64_t>(random() % 700));
    dataset.add(person(n, districts[random() % districts.size()], registered));
    if (n % 50 == 0 || n < 10) {
      ASSERT_EQ(testing::seeker_index_mismatch(dataset), "") << "after " << n + 1;
    }
  }
  ASSERT_EQ(testing::seeker_index_mismatch(dataset), "");
  EXPECT_EQ(dataset.seekers().place_count(), 2U);
  EXPECT_EQ(dataset.seekers().by_row().size(), 600U);
}

// People added in order of registration go to the end of their list; a bulk load in reverse
// order is sorted once.
TEST(SeekerIndex, AdditionsInOrderAndBulkLoadsInReverseOrderAgree) {
  Dataset one_by_one, reversed;
  std::vector<Trainee> people;
  for (std::uint32_t n = 0; n < 200; ++n) people.push_back(person(n, "Konak", add_days(testing::day(2024, 1, 1), n)));
  for (const Trainee& t : people) one_by_one.add(t);
  std::vector<Trainee> backwards(people.rbegin(), people.rend());
  reversed.append(std::move(backwards));
  for (const Dataset* d : {&one_by_one, &reversed}) {
    ASSERT_EQ(testing::seeker_index_mismatch(*d), "");
    const auto listed = d->seekers().people_in(0);
    ASSERT_EQ(listed.size(), 200U);
    for (std::size_t i = 1; i < listed.size(); ++i) EXPECT_LT(listed[i - 1].registered, listed[i].registered);
  }
}

}  // namespace
}  // namespace vocfab
