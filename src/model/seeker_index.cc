// People by place and registration day, and by branch (vocfab/model/seeker_index.h).
#include "vocfab/model/seeker_index.h"

#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <functional>
#include <iterator>

namespace vocfab {
namespace {

std::string place_key(const ProvinceCode& province, std::string_view district) {
  std::string key(1, static_cast<char>(province.number()));
  key.append(district);
  return key;
}

// Room for @p count elements, taken before anything changes (the one step that may fail), and
// geometrically: people are also added one at a time (`Dataset::add`, the `add` operation), and an
// exact `reserve(size() + 1)` would move the whole list on every addition.
template <typename T>
void make_room_for(std::vector<T>& list, std::size_t count) {
  if (list.capacity() < count) list.reserve(std::max({count, std::size_t{4}, 2 * list.capacity()}));
}

void insert_sorted(std::vector<SeekerIndex::Entry>& people, SeekerIndex::Entry entry) {
  people.insert(std::upper_bound(people.begin(), people.end(), entry), entry);
}

void erase_entry(std::vector<SeekerIndex::Entry>& people, SeekerIndex::Entry entry) noexcept {
  const auto found = std::lower_bound(people.begin(), people.end(), entry);
  if (found != people.end() && *found == entry) people.erase(found);
}

}  // namespace

std::uint16_t SeekerIndex::text_bit(std::string_view text) {
  return static_cast<std::uint16_t>(1U << (std::hash<std::string>{}(fold_turkish(text)) % 16));
}

SeekerIndex::RecordFacts SeekerIndex::record_facts(const Trainee& trainee) noexcept {
  RecordFacts facts;
  facts.erased = trainee.erased.has_value();
  facts.job_seeking = trainee.job_seeking;
  facts.employed = trainee.employment_status == EmploymentStatus::employed;
  facts.processing_consent = trainee.consents.data_processing;
  facts.sharing_consent = trainee.consents.share_with_employers;
  return facts;
}

SeekerIndex::Entry SeekerIndex::entry_of(const Trainee& trainee, std::uint32_t row) {
  Entry entry{trainee.registered.day_number(), row, Profile{0, 0, 0, record_facts(trainee)}};
  if (trainee.identity) {
    const JobPreferences& wanted = trainee.identity->job_preferences;
    Profile& profile = entry.profile;
    for (const auto& sector : wanted.sectors) profile.sectors |= text_bit(sector);
    for (const auto& district : wanted.districts) profile.districts |= text_bit(district);
    if (wanted.shift) profile.shift = static_cast<std::uint8_t>(1 + static_cast<int>(*wanted.shift));
  }
  return entry;
}

std::optional<std::uint32_t> SeekerIndex::place(const ProvinceCode& province, std::string_view district) const {
  if (const auto found = by_text_.find(place_key(province, district)); found != by_text_.end()) return found->second;
  if (const auto found = by_folded_.find(place_key(province, fold_turkish(district))); found != by_folded_.end()) {
    return found->second;
  }
  return std::nullopt;
}

std::span<const std::uint32_t> SeekerIndex::places_in(const ProvinceCode& province) const noexcept {
  return province_places_[static_cast<std::size_t>(province.number())];
}

std::span<const std::uint32_t> SeekerIndex::enrolled_in(const BranchCode& branch) const noexcept {
  const auto found = branches_.find(branch);
  if (found == branches_.end()) return {};
  return found->second;
}

bool SeekerIndex::is_enrolled_in(const BranchCode& branch, std::uint32_t row) const noexcept {
  const auto rows = enrolled_in(branch);
  return std::binary_search(rows.begin(), rows.end(), row);
}

std::size_t SeekerIndex::bytes() const noexcept {
  std::size_t bytes = places_.capacity() * sizeof(Place) + province_places_.capacity() * sizeof(std::vector<std::uint32_t>);
  bytes += by_row_.capacity() * sizeof(Seeker);
  for (const Place& place : places_) bytes += place.people.capacity() * sizeof(Entry);
  for (const auto& ids : province_places_) bytes += ids.capacity() * sizeof(std::uint32_t);
  // An unordered_map node holds its value and a next pointer; the buckets are one pointer each.
  const auto map_bytes = [](const auto& map, std::size_t value_bytes) {
    return map.bucket_count() * sizeof(void*) + map.size() * (value_bytes + sizeof(void*) + sizeof(std::size_t));
  };
  for (const auto* map : {&by_text_, &by_folded_}) {
    bytes += map_bytes(*map, sizeof(std::pair<const std::string, std::uint32_t>));
    for (const auto& [key, id] : *map) bytes += key.capacity() > 15 ? key.capacity() + 1 : 0;
  }
  bytes += map_bytes(branches_, sizeof(std::pair<const BranchCode, std::vector<std::uint32_t>>));
  for (const auto& [branch, rows] : branches_) bytes += rows.capacity() * sizeof(std::uint32_t);
  return bytes;
}

std::uint32_t SeekerIndex::place_for(const Trainee& trainee) {
  std::string text_key = place_key(trainee.province, trainee.district);
  if (const auto found = by_text_.find(text_key); found != by_text_.end()) return found->second;
  std::string folded_key = place_key(trainee.province, fold_turkish(trainee.district));
  std::uint32_t id;
  if (const auto found = by_folded_.find(folded_key); found != by_folded_.end()) {
    id = found->second;
  } else {
    id = static_cast<std::uint32_t>(places_.size());
    auto& in_province = province_places_[static_cast<std::size_t>(trainee.province.number())];
    make_room_for(in_province, in_province.size() + 1);
    places_.push_back(Place{trainee.province, {}});
    in_province.push_back(id);
    by_folded_.emplace(std::move(folded_key), id);
  }
  by_text_.emplace(std::move(text_key), id);
  return id;
}

void SeekerIndex::trainees_appended(std::span<const Trainee> trainees, std::size_t first) {
  // Each touched place's size before: its appended tail is sorted and merged in once, so a bulk
  // load in any order costs a sort, and one person added is moved into their place's list.
  // A failure part way leaves the people before it indexed in both tables alike (the dataset then
  // removes every appended person again), so the table by row gets room first and grows with them.
  std::vector<std::pair<std::uint32_t, std::size_t>> touched;
  by_row_.resize(first);
  make_room_for(by_row_, trainees.size());
  for (std::size_t row = first; row < trainees.size(); ++row) {
    const std::uint32_t id = place_for(trainees[row]);
    auto& people = places_[id].people;
    const Entry entry = entry_of(trainees[row], static_cast<std::uint32_t>(row));
    if (!people.empty() && entry < people.back()) touched.emplace_back(id, people.size());
    people.push_back(entry);
    by_row_.push_back(Seeker{id, entry.registered, entry.profile});
  }
  std::sort(touched.begin(), touched.end());
  for (std::size_t i = 0; i < touched.size(); ++i) {
    if (i > 0 && touched[i].first == touched[i - 1].first) continue;  // the first out-of-order point
    auto& people = places_[touched[i].first].people;
    const auto middle = people.begin() + static_cast<std::ptrdiff_t>(touched[i].second);
    if (people.end() - middle == 1) {  // no merge buffer for one
      std::rotate(std::upper_bound(people.begin(), middle, *middle), middle, people.end());
      continue;
    }
    std::sort(middle, people.end());
    std::inplace_merge(people.begin(), middle, people.end());
  }
}

void SeekerIndex::trainee_replaced(std::uint32_t row, const Trainee& after) {
  Seeker& seeker = by_row_[row];
  const Entry new_entry = entry_of(after, row);
  const std::uint32_t new_place = place_for(after);
  auto& target = places_[new_place].people;
  if (new_place == seeker.place && new_entry == seeker.entry(row)) {
    // The same position in the same list: the profile changes where it is.
    const auto found = std::lower_bound(target.begin(), target.end(), new_entry);
    if (found != target.end() && *found == new_entry) found->profile = new_entry.profile;
  } else {
    make_room_for(target, target.size() + 1);
    erase_entry(places_[seeker.place].people, seeker.entry(row));
    insert_sorted(target, new_entry);
  }
  seeker = Seeker{new_place, new_entry.registered, new_entry.profile};
}

void SeekerIndex::trainee_removed(std::uint32_t row) noexcept {
  if (row >= by_row_.size()) return;
  erase_entry(places_[by_row_[row].place].people, by_row_[row].entry(row));
  by_row_.resize(row);
}

void SeekerIndex::enrolled(const BranchCode& branch, std::vector<std::uint32_t> rows) {
  if (rows.empty()) return;
  auto& listed = branches_[branch];
  const std::size_t old_size = listed.size();
  std::sort(rows.begin(), rows.end());
  listed.insert(listed.end(), rows.begin(), rows.end());
  std::inplace_merge(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(old_size), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
}

}  // namespace vocfab
