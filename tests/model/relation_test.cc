// Relations kept by the dataset, against a brute-force oracle: after any sequence of adds, bulk
// appends, changes of reference (and changes that keep every reference) and removals of the last
// record, each parent's children are exactly the records whose reference names it (the first
// record with that key), in record order, and each child's parent is the record its reference
// names.
#include "support/records.h"
#include "vocfab/model/dataset.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <vector>

namespace vocfab {
namespace {

boost::uuids::uuid uuid_of(int kind, int number) {
  boost::uuids::uuid u{};
  u.data[0] = static_cast<std::uint8_t>(kind);
  u.data[15] = static_cast<std::uint8_t>(number);
  return u;
}

using testing::day;

Trainee trainee(int id) {
  return testing::trainee_record(TraineeId(uuid_of(3, id)), *NationalId::complete(std::to_string(100000000 + id * 7919)),
                                 "Ayşe");
}

Referral referral(int id, int trainee_id) {
  return Referral{.id = ReferralId(uuid_of(9, id)), .trainee = TraineeId(uuid_of(3, trainee_id)),
                  .vacancy = VacancyId(uuid_of(8, 1)), .referred = day(2026, 4, 10),
                  .status = ReferralStatus::referred, .decided = std::nullopt, .hired = std::nullopt,
                  .ended = std::nullopt, .reason = std::nullopt};
}

void expect_matches_oracle(const Dataset& d) {
  const auto trainees = d.records<Trainee>();
  const auto referrals = d.records<Referral>();
  for (std::uint32_t t = 0; t < trainees.size(); ++t) {
    std::vector<std::uint32_t> expected;
    if (d.find(trainees[t].id) == &trainees[t]) {  // only the first record with a key has children
      for (std::uint32_t r = 0; r < referrals.size(); ++r) {
        if (referrals[r].trainee == trainees[t].id) expected.push_back(r);
      }
    }
    std::vector<std::uint32_t> actual;
    for (const auto row : d.children<&Referral::trainee>(Row<Trainee>{t})) actual.push_back(row.index);
    RC_ASSERT(actual == expected);
  }
  for (std::uint32_t r = 0; r < referrals.size(); ++r) {
    const auto parent = d.parent<&Referral::trainee>(Row<Referral>{r});
    const Trainee* expected = d.find(referrals[r].trainee);
    if (expected == nullptr) {
      RC_ASSERT(!parent.has_value());
    } else {
      RC_ASSERT(parent.has_value());
      RC_ASSERT(&d.at(*parent) == expected);
    }
  }
}

RC_GTEST_PROP(Relation, ChildrenAreTheRecordsNamingTheParentInRecordOrder, ()) {
  Dataset d;
  const int steps = *rc::gen::inRange(0, 120);
  int next_referral = 0;
  for (int step = 0; step < steps; ++step) {
    const int what = *rc::gen::inRange(0, 6);
    const int who = *rc::gen::inRange(0, 12);  // some referrals name people never added
    switch (what) {
      case 0: d.add(trainee(who)); break;  // may repeat an id: the first keeps it
      case 1:
      case 2: d.add(referral(next_referral++, who)); break;
      case 3: {
        std::vector<Referral> batch;
        for (int i = *rc::gen::inRange(0, 4); i > 0; --i) batch.push_back(referral(next_referral++, *rc::gen::inRange(0, 12)));
        d.append(std::move(batch));
        break;
      }
      case 4:
        if (!d.records<Referral>().empty()) {
          const auto row = Row<Referral>{static_cast<std::uint32_t>(*rc::gen::inRange<std::size_t>(0, d.records<Referral>().size()))};
          Referral changed = d.at(row);
          if (*rc::gen::arbitrary<bool>()) {
            changed.trainee = TraineeId(uuid_of(3, who));  // may name the same person again
          } else {
            changed.status = ReferralStatus::interview;  // every reference kept
          }
          d.replace(row, changed);
        }
        break;
      default:
        if (*rc::gen::arbitrary<bool>()) {
          d.remove_last<Referral>();
        } else {
          d.remove_last<Trainee>();
        }
        break;
    }
  }
  expect_matches_oracle(d);
}

TEST(Relation, EveryRelationOfTheDatasetIsKept) {
  Dataset d;
  d.add(trainee(1));
  d.add(referral(1, 1));
  d.add(referral(2, 2));  // names nobody yet
  d.add(referral(3, 1));
  const Row<Trainee> first{0};
  std::vector<std::uint32_t> rows;
  for (const auto row : d.children<&Referral::trainee>(first)) rows.push_back(row.index);
  EXPECT_EQ(rows, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_FALSE(d.parent<&Referral::trainee>(Row<Referral>{1}).has_value());
  d.add(trainee(2));  // the orphan finds its parent
  ASSERT_TRUE(d.parent<&Referral::trainee>(Row<Referral>{1}).has_value());
  EXPECT_EQ(d.parent<&Referral::trainee>(Row<Referral>{1})->index, 1u);
  EXPECT_TRUE(d.children<&Enrollment::trainee>(first).empty());
}

}  // namespace
}  // namespace vocfab
