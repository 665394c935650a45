// Published examples with their published outcomes.
#include "matching_fixture.h"

#include <gtest/gtest.h>

namespace vocfab {
namespace {

using matching::Index;
using matching::Matching;
using matching::Optimal;
using testing::Market;

Matching solve(const Market& m, Optimal side) { return matching::stable_match(m.instance(), side).partner; }

// D. Gale and L. S. Shapley, "College Admissions and the Stability of Marriage", American
// Mathematical Monthly 69 (1962) 9-15, Example 1: three men α, β, γ and three women A, B, C with
// the ranking matrix (man's rank of the woman, woman's rank of the man)
//        A    B    C
//   α  1,3  2,2  3,1
//   β  3,1  1,3  2,2
//   γ  2,2  3,1  1,3
// The paper: there are three stable sets — every man gets his first choice (αA, βB, γC), every
// woman gets hers (αC, βA, γB), or everyone gets a second choice (αB, βC, γA).
TEST(StableMatchingExamples, GaleShapley1962ExampleOne) {
  enum : Index { alpha, beta, gamma };
  enum : Index { A, B, C };
  const Market m{{{A, B, C}, {B, C, A}, {C, A, B}}, {{beta, gamma, alpha}, {gamma, alpha, beta}, {alpha, beta, gamma}},
                 {1, 1, 1}};
  EXPECT_EQ(solve(m, Optimal::proposer), (Matching{A, B, C}));
  EXPECT_EQ(solve(m, Optimal::receiver), (Matching{C, A, B}));
  const auto stable = testing::stable_matchings(m);
  ASSERT_EQ(stable.size(), 3u);
  EXPECT_NE(std::find(stable.begin(), stable.end(), Matching{B, C, A}), stable.end());
}

// Gale and Shapley 1962, Example 2: four men and four women,
//        A    B    C    D
//   α  1,3  2,3  3,2  4,3
//   β  1,4  4,1  3,3  2,2
//   γ  2,2  1,4  3,4  4,1
//   δ  4,1  2,2  3,1  1,4
// The paper: the only stable set is αC, βD, γA, δB, so both sides' optimal matchings are it.
TEST(StableMatchingExamples, GaleShapley1962ExampleTwo) {
  enum : Index { alpha, beta, gamma, delta };
  enum : Index { A, B, C, D };
  const Market m{{{A, B, C, D}, {A, D, C, B}, {B, A, C, D}, {D, B, C, A}},
                 {{delta, gamma, alpha, beta}, {beta, delta, alpha, gamma}, {delta, alpha, beta, gamma},
                  {gamma, beta, alpha, delta}},
                 {1, 1, 1, 1}};
  const Matching only{C, D, A, B};
  EXPECT_EQ(solve(m, Optimal::proposer), only);
  EXPECT_EQ(solve(m, Optimal::receiver), only);
  EXPECT_EQ(testing::stable_matchings(m), std::vector<Matching>{only});
}

// The documentation of the Python package `matching` (daffidwilde/matching,
// docs/how-to/choose_optimality.ipynb): suitors A: X, Y, Z; B: Y, Z, X; C: Y, X, Z; reviewers
// X: B, C, A; Y: A, C, B; Z: A, B, C. Suitor-optimal {A: X, B: Z, C: Y}; reviewer-optimal
// {A: Y, B: Z, C: X}.
TEST(StableMatchingExamples, MatchingPackageChooseOptimality) {
  enum : Index { A, B, C };
  enum : Index { X, Y, Z };
  const Market m{{{X, Y, Z}, {Y, Z, X}, {Y, X, Z}}, {{B, C, A}, {A, C, B}, {A, B, C}}, {1, 1, 1}};
  EXPECT_EQ(solve(m, Optimal::proposer), (Matching{X, Z, Y}));
  EXPECT_EQ(solve(m, Optimal::receiver), (Matching{Y, Z, X}));
}

// The hospital-resident example of the same documentation (docs/discussion/hospital_resident/
// example.rst and its figures, docs/assets/discussion/tex/hr_*.tex): residents Ada (City), Sam
// (City, Mercy), Dani (City, Mercy, General), Jo (City, General, Mercy), Luc (Mercy, City,
// General); hospitals Mercy (Dani, Luc, Sam, Jo), City (Dani, Ada, Sam, Luc, Jo), General (Dani,
// Jo, Luc); two places each.
enum : Index { ada, sam, dani, jo, luc };
enum : Index { mercy, city, general };
const Market kHospitals{{{city}, {city, mercy}, {city, mercy, general}, {city, general, mercy}, {mercy, city, general}},
                        {{dani, luc, sam, jo}, {dani, ada, sam, luc, jo}, {dani, jo, luc}},
                        {2, 2, 2}};

// "A stable solution would be": Ada and Dani at City, Sam and Luc at Mercy, Jo at General —
// "both resident- and hospital-optimal".
TEST(StableMatchingExamples, MatchingPackageHospitalResidentSolution) {
  const Matching published{city, mercy, city, general, mercy};
  EXPECT_EQ(solve(kHospitals, Optimal::proposer), published);
  EXPECT_EQ(solve(kHospitals, Optimal::receiver), published);
  const auto result = matching::stable_match(kHospitals.instance());
  EXPECT_EQ(std::vector<Index>(result.assigned(city).begin(), result.assigned(city).end()),
            (std::vector<Index>{dani, ada}));  // City's order, not the residents'
  EXPECT_EQ(std::vector<Index>(result.assigned(mercy).begin(), result.assigned(mercy).end()),
            (std::vector<Index>{luc, sam}));
}

// "This matching is not stable. There exists one blocking pair: (L, M)": Luc moved to General.
TEST(StableMatchingExamples, MatchingPackageHospitalResidentBlockingPair) {
  const Matching unstable{city, mercy, city, general, general};
  const matching::Instability found = matching::blocking_pairs(kHospitals.instance(), unstable);
  EXPECT_EQ(found.blocking_pairs, (std::vector<matching::BlockingPair>{{luc, mercy}}));
  EXPECT_TRUE(found.capacity_violations.empty());
  EXPECT_TRUE(found.unacceptable.empty());
}

// "This matching is invalid ... City hospital is over-subscribed and Ada has been assigned to a
// hospital that they did not rank": Sam, Dani and Jo at City, Ada at Mercy, Luc at General. The
// blocking pairs follow from the definition: Ada and City (City holds Jo, whom it ranks below
// Ada), Luc and Mercy (a free place), Luc and City (City ranks Luc above Jo).
TEST(StableMatchingExamples, MatchingPackageHospitalResidentInvalidMatching) {
  const Matching invalid{mercy, city, city, city, general};
  const matching::Instability found = matching::blocking_pairs(kHospitals.instance(), invalid);
  EXPECT_EQ(found.capacity_violations, (std::vector<matching::CapacityViolation>{{city, 3, 2}}));
  EXPECT_EQ(found.unacceptable, (std::vector<matching::BlockingPair>{{ada, mercy}}));
  EXPECT_EQ(found.blocking_pairs, (std::vector<matching::BlockingPair>{{ada, city}, {luc, mercy}, {luc, city}}));
}

}  // namespace
}  // namespace vocfab
