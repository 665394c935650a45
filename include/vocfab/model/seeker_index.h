/// @file
/// The people of a dataset arranged for candidate ranking (SPEC 5.1): by place of residence
/// (province and district), each place's people ordered by registration day, and by branch (the
/// people enrolled, at any time, in a course of it). A ranking walks the places nearest a vacancy
/// first and each place from its longest-registered people on, scoring exactly only the people
/// whose best possible score could still enter the list, and stops at the first whose bound
/// cannot (vocfab/matching/ranking.h).
///
/// The dataset keeps it current: every `add`, `append`, `replace` and `remove_last` of a person,
/// an enrollment or a course updates it in the same call, so the next ranking after an operation
/// (a `refer`, a `hire`, an `erase_trainee`) sees it without a rebuild. It holds facts of the
/// records only, no rule: who may be referred is decided by the rule functions, exactly, for the
/// people a ranking scores.
///
/// It also keeps each person's entry by row, so that a ranking bounds the people enrolled in a
/// branch, and passes over those the record filters refuse, without reading their records.
///
/// Cost: 16 bytes per person in a place list, 16 in the table by row, 4 per person and branch
/// enrolled in, and the place and branch tables (`bytes()`).
///
/// Thread-safety: read through a `const Dataset`; changed only by the dataset that owns it.
#pragma once

#include "vocfab/model/branch_code.h"
#include "vocfab/model/date.h"
#include "vocfab/model/entities.h"
#include "vocfab/model/province_code.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vocfab {

/// People by place and registration day, and by branch.
class SeekerIndex {
 public:
  /// The facts of a person's record that the record filters of a referral read (SPEC section 4):
  /// facts only; `may_be_referred` (vocfab/validation/rules.h) is the rule over them.
  struct RecordFacts {
    bool erased : 1 = false;              ///< The person's data was erased (`erased` is set).
    bool job_seeking : 1 = false;         ///< The record's `job_seeking`.
    bool employed : 1 = false;            ///< `employment_status` is `employed`.
    bool processing_consent : 1 = false;  ///< `consents.data_processing`.
    bool sharing_consent : 1 = false;     ///< `consents.share_with_employers`.
    /// Field-wise equality.
    friend bool operator==(const RecordFacts&, const RecordFacts&) = default;
  };
  /// The record facts of @p trainee.
  static RecordFacts record_facts(const Trainee& trainee) noexcept;

  /// What a ranking reads of a person instead of their record: what their stated preferences can
  /// agree with, so that it bounds their preference points, and the facts the record filters read.
  struct Profile {
    /// The `text_bit`s of their preferred sectors: a sector whose bit is clear is not among them.
    std::uint16_t sectors = 0;
    std::uint16_t districts = 0;  ///< The same for their preferred districts.
    /// Their preferred shift as `1 + Shift`, 0 when they state none (or were erased).
    std::uint8_t shift = 0;
    RecordFacts facts;            ///< What the record filters read of the record.
    /// Field-wise equality.
    friend bool operator==(const Profile&, const Profile&) = default;
  };

  /// One person in a place's list: where they are in it, and their profile.
  struct Entry {
    std::uint32_t registered = 0;  ///< The registration day's day number (`Date::day_number`).
    std::uint32_t row = 0;         ///< The person's row.
    Profile profile;               ///< What their record says for a ranking.
    /// Ordered by day, then row; an entry's profile does not order it.
    friend bool operator<(const Entry& a, const Entry& b) noexcept {
      return a.registered != b.registered ? a.registered < b.registered : a.row < b.row;
    }
    /// The same person on the same day.
    friend bool operator==(const Entry& a, const Entry& b) noexcept {
      return a.registered == b.registered && a.row == b.row;
    }
  };

  /// One of 16 bits for a sector or district name, the same for names `same_turkish_text` equates.
  static std::uint16_t text_bit(std::string_view text);
  /// The entry @p trainee at @p row has.
  static Entry entry_of(const Trainee& trainee, std::uint32_t row);

  /// A person by row: their place and what their entry in its list holds.
  struct Seeker {
    std::uint32_t place = 0;       ///< Their place's id.
    std::uint32_t registered = 0;  ///< As in their entry.
    Profile profile;               ///< As in their entry.
    /// Their entry in `people_in(place)`, @p row being their row.
    Entry entry(std::uint32_t row) const noexcept { return Entry{registered, row, profile}; }
  };

  /// The place of @p province and @p district (compared as `same_turkish_text` does), if anyone
  /// lives there.
  std::optional<std::uint32_t> place(const ProvinceCode& province, std::string_view district) const;
  /// How many places there are (ids 0 to `place_count() - 1`).
  std::size_t place_count() const noexcept { return places_.size(); }
  /// The province of place @p id.
  ProvinceCode province_of(std::uint32_t id) const noexcept { return places_[id].province; }
  /// The people living in place @p id, by registration day, then row.
  std::span<const Entry> people_in(std::uint32_t id) const noexcept { return places_[id].people; }
  /// The places of @p province.
  std::span<const std::uint32_t> places_in(const ProvinceCode& province) const noexcept;
  /// Every person of the dataset, by row.
  std::span<const Seeker> by_row() const noexcept { return by_row_; }
  /// The rows of the people ever enrolled in a course of @p branch, ascending (a person once
  /// listed may stay listed after the enrollment is undone: a superset).
  std::span<const std::uint32_t> enrolled_in(const BranchCode& branch) const noexcept;
  /// True when @p row is in `enrolled_in(branch)`.
  bool is_enrolled_in(const BranchCode& branch, std::uint32_t row) const noexcept;
  /// The memory it holds, in bytes (the containers' capacities).
  std::size_t bytes() const noexcept;

  /// @name Kept current by `Dataset`
  /// @{

  /// Rows [@p first, size) of @p trainees were appended.
  void trainees_appended(std::span<const Trainee> trainees, std::size_t first);
  /// The person at @p row is now @p after.
  void trainee_replaced(std::uint32_t row, const Trainee& after);
  /// The person at @p row, the last, was removed.
  void trainee_removed(std::uint32_t row) noexcept;
  /// The people at @p rows were enrolled in a course of @p branch.
  void enrolled(const BranchCode& branch, std::vector<std::uint32_t> rows);

  /// @}

 private:
  struct Place {
    ProvinceCode province;
    std::vector<Entry> people;
  };
  std::uint32_t place_for(const Trainee& trainee);

  std::vector<Place> places_;
  std::vector<Seeker> by_row_;
  // Place ids by province number and district: as written (the fast path), and folded.
  std::unordered_map<std::string, std::uint32_t> by_text_, by_folded_;
  std::vector<std::vector<std::uint32_t>> province_places_ = std::vector<std::vector<std::uint32_t>>(82);
  std::unordered_map<BranchCode, std::vector<std::uint32_t>> branches_;
};

}  // namespace vocfab
