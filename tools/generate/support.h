// What the generators of generator.h share (internal to tools/generate): the seeded random
// draws, the catalogues of fictional names and stated reasons, and the building blocks of a
// person's identity and an employer's contact.
//
// Every draw goes through `Rng`, with our own integer mapping rather than
// std::uniform_int_distribution, so the output depends only on the seed and not on the standard
// library's distribution algorithms.
#pragma once

#include "vocfab/model/dataset.h"

#include <boost/uuid/random_generator.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace vocfab::generate::detail {

using boost::gregorian::date;
using boost::gregorian::days;

/// One seeded engine and the draws made from it.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t next() { return engine_(); }
  /// Uniform in [0, n) (n > 0). Modulo bias is below 2^-40 for every n used here.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  /// Uniform in [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  std::uint32_t between_u(std::uint32_t lo, std::uint32_t hi) {
    return lo + static_cast<std::uint32_t>(engine_() % (static_cast<std::uint64_t>(hi - lo) + 1));
  }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class C>
  const auto& pick(const C& items) {
    return items[below(std::size(items))];
  }
  date date_between(date lo, date hi) {
    const long span = (hi - lo).days();
    if (span <= 0) return lo;
    return lo + days(static_cast<long>(engine_() % static_cast<std::uint64_t>(span + 1)));
  }

 private:
  std::mt19937_64 engine_;
};

// --- Catalogues (fictional people and firms)

inline constexpr std::array<const char*, 40> kFemaleNames{
    "Ayşe",  "Fatma",  "Emine", "Hatice", "Zeynep", "Elif",  "Meryem", "Şerife", "Zehra", "Sultan",
    "Hanife", "Merve", "Özlem", "Esra",   "Yasemin", "Hülya", "Songül", "Derya", "Gülşen", "Büşra",
    "Ebru",  "Tuğba",  "Sevgi", "Dilek",  "Nurcan", "Gizem", "Selin",  "İrem",  "Ceren", "Damla",
    "Aslı",  "Pınar",  "Ece",   "Gamze",  "Sibel",  "Nazlı", "Çiğdem", "Leyla", "Nihan", "Işıl"};
inline constexpr std::array<const char*, 40> kMaleNames{
    "Mehmet", "Mustafa", "Ahmet", "Ali",    "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",  "Yusuf",
    "Murat",  "Ömer",    "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep", "Emre", "Burak",
    "Kemal",  "Serkan",  "Onur",  "Barış",  "Tolga",  "Cem",    "Deniz",  "Kaan",   "Eren",   "Uğur",
    "Oğuz",   "Çağlar",  "Gökhan", "Volkan", "Erdem", "Sinan", "Tuncay", "Levent", "Ilgaz", "Şükrü"};
inline constexpr std::array<const char*, 50> kFamilyNames{
    "Yılmaz", "Kaya",   "Demir",   "Çelik",  "Şahin",  "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
    "Arslan", "Doğan",  "Kılıç",   "Aslan",  "Çetin",  "Kara",   "Koç",      "Kurt",   "Özkan", "Şimşek",
    "Polat",  "Öz",     "Korkmaz", "Karakaya", "Erdoğan", "Yavuz", "Can",    "Acar",   "Güneş", "Aktaş",
    "Bulut",  "Keskin", "Ünal",    "Türk",   "Güler",  "Tekin",  "Işık",     "Uçar",   "Ekinci", "Sarı",
    "Duman",  "Altun",  "Bozkurt", "Başaran", "Gündüz", "Uysal", "Ateş",     "Ergin",  "Akın",  "Çınar"};

inline constexpr std::array<const char*, 4> kFirmForms{"Ltd. Şti.", "A.Ş.", "Ltd. Şti.", "Koll. Şti."};

inline constexpr std::array<const char*, 6> kRejectReasons{
    "Deneyim yetersiz", "Pozisyon başka adayla dolduruldu", "Mülakatta uygun görülmedi",
    "Vardiya uyumsuz", "Referans kontrolü olumsuz", "Aday profili uyuşmadı"};
inline constexpr std::array<const char*, 6> kDeclineReasons{
    "Ücret beklentisi karşılanmadı", "Ulaşım güçlüğü", "Çalışma saatleri uygun değil",
    "Başka bir işe başladı", "Aile nedenleri", "İş tanımı beklentiyi karşılamadı"};
inline constexpr std::array<const char*, 4> kLeftReasons{
    "İş yükü", "Sağlık nedenleri", "Ulaşım güçlüğü", "İşveren ile anlaşmazlık"};

// --- Text and numbers

/// ASCII folding of Turkish letters, lowercase (spaces and dots as `.`), for e-mail addresses;
/// with @p upper, uppercase with `_`, for codes.
std::string ascii_fold(std::string_view text, bool upper);
/// @p value in @p width decimal digits, zero-padded (the lowest digits when it has more).
std::string digits(std::uint64_t value, int width);

/// How many distinct nine-digit prefixes there are.
inline constexpr std::uint64_t kPrefixSpace = 900'000'000;
/// Distinct nine-digit numbers starting with a non-zero digit, a bijection of [0, 9e8) shifted
/// by @p offset: the stem of a unique national id or tax number.
std::string nine_digit_prefix(std::uint64_t index, std::uint64_t offset);

/// The value, or a logic_error naming @p what: the generator built something invalid.
template <class T>
T must(std::optional<T> value, const char* what) {
  if (!value) throw std::logic_error(std::string("generator built an invalid ") + what);
  return std::move(*value);
}

// --- People and firms

/// A gender (statistics only) with @p female_share women, then men up to 97 %, 1 % other, 2 %
/// undisclosed; and whether names are drawn from the women's list (a coin for the last two).
std::pair<Gender, bool> draw_gender(Rng& rng, double female_share);
/// Given name (sometimes two) and family name.
void draw_names(Rng& rng, bool female, Identity& who);
/// A mobile phone (90 %) and an e-mail address built from the names (70 %).
void draw_contact_details(Rng& rng, Identity& who);
/// Highest education, with the same shares everywhere.
EducationLevel draw_education(Rng& rng);
/// An employer's contact person (85 % of firms have one): a name, a landline in @p area_code and
/// sometimes an HR address at the firm of @p owner, number @p index.
std::optional<Contact> draw_employer_contact(Rng& rng, std::string_view area_code, std::string_view owner,
                                             std::size_t index);

// --- A generator's state

/// What every generator starts from: the draws of one seed (one engine for every draw, a second
/// one seeded from the same seed for the ids), the as-of day of generated data, and the offsets
/// that make a seed's national ids and tax numbers distinct.
class GeneratorBase {
 public:
  GeneratorBase(const GeneratorBase&) = delete;
  GeneratorBase& operator=(const GeneratorBase&) = delete;

 protected:
  explicit GeneratorBase(std::uint64_t seed);
  ~GeneratorBase() = default;

  /// A fresh id.
  boost::uuids::uuid uuid() { return uuids_(); }
  /// The national id of person @p index (distinct for distinct indexes).
  NationalId national_id(std::size_t index) const;
  /// The tax number of employer @p index (distinct for distinct indexes).
  TaxNumber tax_number(std::size_t index) const;

  /// A dataset of @p policy on @p as_of holding @p lists' records, moved in, in the order given
  /// (collection order).
  template <class... Records>
  static Dataset assemble(const Policy& policy, std::optional<Date> as_of, std::vector<Records>&... lists) {
    Dataset d;
    d.set_policy(policy);
    d.set_as_of(as_of);
    DatasetSizes sizes{};
    ((std::is_same_v<Records, Trainee> ? sizes[static_cast<std::size_t>(Collection::trainees)] = lists.size() : 0), ...);
    d.reserve(sizes);
    (
        [&] {
          for (auto& x : lists) d.add(std::move(x));
        }(),
        ...);
    return d;
  }

  Rng rng_;
  const date today_;

 private:
  std::mt19937_64 uuid_engine_;
  boost::uuids::basic_random_generator<std::mt19937_64> uuids_;
  std::uint64_t id_offset_ = 0;
  std::uint64_t tax_offset_ = 0;
};

}  // namespace vocfab::generate::detail
