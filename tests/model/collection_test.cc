#include "vocfab/model/collection.h"

#include "vocfab/model/dataset.h"

#include <gtest/gtest.h>

#include <string>

namespace vocfab {
namespace {

TEST(Collection, NamesAreTheJsonNamesInDocumentOrder) {
  std::string names;
  for (Collection collection : kAllCollections) names += std::string(to_string(collection)) + " ";
  EXPECT_EQ(names,
            "centres branches courses trainees applications enrollments certificates employers vacancies referrals ");
}

TEST(Collection, NamesRoundTrip) {
  for (Collection collection : kAllCollections) EXPECT_EQ(parse_collection(to_string(collection)), collection);
  EXPECT_FALSE(parse_collection("policy").has_value());
  EXPECT_FALSE(parse_collection("Trainees").has_value());
}

TEST(Collection, DatasetCountsEachCollection) {
  Dataset dataset;
  dataset.add(Branch{*BranchCode::parse("SEWING"), "Dikiş", "textile", {}, {}, 120, CertificateKind::meb});
  dataset.add(Branch{*BranchCode::parse("CERAMICS"), "Seramik", "crafts", {}, {}, 80, CertificateKind::participation});
  for (Collection collection : kAllCollections) {
    EXPECT_EQ(dataset.size(collection), collection == Collection::branches ? 2u : 0u) << to_string(collection);
  }
  EXPECT_EQ(dataset.record_count(), 2u);
}

}  // namespace
}  // namespace vocfab
