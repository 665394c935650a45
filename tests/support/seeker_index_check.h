// The seeker index of a dataset against its records: every person once, in the list of their
// place, under their registration day, each list in order; everyone enrolled in a course listed
// under its branch. What an index kept current by every change must satisfy after any of them.
#pragma once

#include "vocfab/model/dataset.h"
#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <string>
#include <vector>

namespace vocfab::testing {

/// Empty when @p dataset's seeker index matches its records; else what is wrong.
inline std::string seeker_index_mismatch(const Dataset& dataset) {
  const SeekerIndex& index = dataset.seekers();
  const auto trainees = dataset.records<Trainee>();
  std::vector<int> seen(trainees.size(), 0);
  for (std::uint32_t place = 0; place < index.place_count(); ++place) {
    const auto people = index.people_in(place);
    if (!std::is_sorted(people.begin(), people.end())) return "place " + std::to_string(place) + " out of order";
    for (const auto& entry : people) {
      if (entry.row >= trainees.size()) return "row " + std::to_string(entry.row) + " past the end";
      const Trainee& t = trainees[entry.row];
      const SeekerIndex::Entry expected = SeekerIndex::entry_of(t, entry.row);
      if (entry.registered != expected.registered || !(entry.profile == expected.profile)) {
        return "row " + std::to_string(entry.row) + ": stale entry";
      }
      const auto by_row = index.by_row();
      if (entry.row >= by_row.size() || by_row[entry.row].place != place ||
          by_row[entry.row].registered != entry.registered || !(by_row[entry.row].profile == entry.profile)) {
        return "row " + std::to_string(entry.row) + ": its entry by row differs from its place's";
      }
      if (index.place(t.province, t.district) != place) return "row " + std::to_string(entry.row) + ": in another place";
      if (!(index.province_of(place) == t.province)) return "place " + std::to_string(place) + ": another province";
      ++seen[entry.row];
    }
  }
  if (index.by_row().size() != trainees.size()) return "the entries by row are not one a person";
  for (std::size_t row = 0; row < seen.size(); ++row) {
    if (seen[row] != 1) return "row " + std::to_string(row) + " listed " + std::to_string(seen[row]) + " times";
  }
  for (std::uint32_t i = 0; i < dataset.records<Enrollment>().size(); ++i) {
    const Row<Enrollment> row{i};
    const auto course = dataset.parent<&Enrollment::course>(row);
    const auto person = dataset.parent<&Enrollment::trainee>(row);
    if (course && person && !index.is_enrolled_in(dataset.at(*course).branch, person->index)) {
      return "enrollment " + std::to_string(i) + ": its person is not listed under its branch";
    }
  }
  return {};
}

}  // namespace vocfab::testing
