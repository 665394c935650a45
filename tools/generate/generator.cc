// Seeded synthetic dataset generator. See generator.h for what the data guarantees.
//
// Everything is drawn from one std::mt19937_64 through support.h's Rng (ids from Boost.Uuid's
// basic_random_generator<std::mt19937_64> over a second engine seeded from the same seed), so the
// output depends only on the seed.
#include "generate/generator.h"

#include "generate/support.h"

#include "vocfab/model/date.h"
#include "vocfab/validation/rules.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <utility>

// Entities whose value-type fields have no default (ProvinceCode, NationalId, TaxNumber,
// BranchCode) are built with designated initializers naming only those fields; the rest keep
// their defaults and are assigned below. GCC 12 warns about the omitted ones.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace vocfab::generate {
namespace {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// Catalogues (fictional people; real place and trade names)

struct BranchSeed {
  const char* code;
  const char* name;
  const char* sector;
  const char* isco08;
  const char* occupation;
  std::uint32_t hours;
  CertificateKind certificate;
  std::uint32_t min_age;  // 0 = policy default
};

constexpr CertificateKind kMeb = CertificateKind::meb;
constexpr CertificateKind kPart = CertificateKind::participation;

constexpr std::array<BranchSeed, 44> kBranchSeeds{{
    {"SEWING", "Dikiş", "textile", "7533", "7533.02", 240, kMeb, 0},
    {"BOUTIQUE_CHOCOLATE", "Butik Çikolata", "food", "7512", "7512.05", 96, kMeb, 0},
    {"COMPUTER_REPAIR", "Bilgisayar Bakım ve Onarım", "information_technology", "7422", "7422.01", 320, kMeb, 0},
    {"SIGN_LANGUAGE", "İşaret Dili Tercümanlığı", "education", "2643", "2643.04", 120, kMeb, 0},
    {"FORENSIC_SKETCH", "Robot Resim Çizimi", "public_safety", "2651", "2651.03", 80, kPart, 18},
    {"PRODUCT_PHOTOGRAPHY", "Ürün Fotoğrafçılığı", "media", "3431", "3431.02", 64, kPart, 0},
    {"LOCAL_FOOD", "Yöresel Gıda Üretimi", "food", "7512", "7512.11", 120, kMeb, 0},
    {"KAZAZ_KNITTING", "Gümüş Kazaz Örücülüğü", "crafts", "7313", "7313.07", 160, kMeb, 0},
    {"HAIRDRESSING", "Kuaförlük", "personal_services", "5141", "5141.01", 400, kMeb, 0},
    {"MAKEUP", "Makyaj", "personal_services", "5142", "5142.02", 120, kMeb, 0},
    {"PASTRY", "Pastacılık", "food", "7512", "7512.03", 200, kMeb, 0},
    {"COOKING", "Aşçılık", "hospitality", "5120", "5120.01", 320, kMeb, 0},
    {"BARISTA", "Baristalık", "hospitality", "5132", "5132.02", 48, kPart, 0},
    {"WAITING", "Servis Elemanı", "hospitality", "5131", "5131.01", 80, kMeb, 0},
    {"ELECTRICAL_INSTALL", "Elektrik Tesisatçılığı", "construction", "7411", "7411.03", 360, kMeb, 18},
    {"PLUMBING", "Sıhhi Tesisat", "construction", "7126", "7126.02", 280, kMeb, 18},
    {"WELDING", "Kaynakçılık", "manufacturing", "7212", "7212.05", 320, kMeb, 18},
    {"CNC_OPERATOR", "CNC Operatörlüğü", "manufacturing", "7223", "7223.08", 240, kMeb, 18},
    {"FORKLIFT", "Forklift Operatörlüğü", "logistics", "8344", "8344.01", 40, kMeb, 18},
    {"WAREHOUSE", "Depo Elemanı", "logistics", "4321", "4321.03", 60, kPart, 0},
    {"ACCOUNTING", "Ön Muhasebe", "finance", "3313", "3313.01", 160, kMeb, 0},
    {"OFFICE_SOFTWARE", "Ofis Programları", "information_technology", "4131", "4131.02", 80, kPart, 0},
    {"WEB_DESIGN", "Web Tasarımı", "information_technology", "2513", "2513.01", 240, kMeb, 0},
    {"GRAPHIC_DESIGN", "Grafik Tasarım", "media", "2166", "2166.01", 200, kMeb, 0},
    {"CHILD_CARE", "Çocuk Bakımı", "care", "5311", "5311.01", 240, kMeb, 18},
    {"ELDER_CARE", "Yaşlı Bakımı", "care", "5322", "5322.01", 240, kMeb, 18},
    {"PATIENT_CARE", "Hasta Refakatçiliği", "care", "5321", "5321.02", 160, kMeb, 18},
    {"GARDENING", "Peyzaj ve Bahçıvanlık", "agriculture", "6113", "6113.02", 120, kMeb, 0},
    {"OLIVE_OIL", "Zeytinyağı Üretimi", "agriculture", "7514", "7514.01", 64, kPart, 0},
    {"CERAMICS", "Seramik", "crafts", "7314", "7314.01", 160, kMeb, 0},
    {"JEWELLERY", "Takı Tasarımı", "crafts", "7313", "7313.02", 120, kMeb, 0},
    {"LEATHER", "Deri Ürünleri", "textile", "7536", "7536.01", 160, kMeb, 0},
    {"EMBROIDERY", "Nakış", "textile", "7533", "7533.05", 160, kMeb, 0},
    {"UPHOLSTERY", "Döşemecilik", "furniture", "7534", "7534.01", 200, kMeb, 0},
    {"WOODWORK", "Ahşap İşleme", "furniture", "7522", "7522.02", 240, kMeb, 0},
    {"PAINTING_DECOR", "Boya ve Dekorasyon", "construction", "7131", "7131.01", 120, kMeb, 0},
    {"AUTO_ELECTRICS", "Oto Elektrik", "automotive", "7412", "7412.04", 320, kMeb, 18},
    {"MOTORCYCLE_REPAIR", "Motosiklet Tamiri", "automotive", "7231", "7231.06", 240, kMeb, 0},
    {"PHONE_REPAIR", "Cep Telefonu Tamiri", "information_technology", "7422", "7422.05", 120, kMeb, 0},
    {"ENGLISH", "İngilizce", "education", "", "", 120, kPart, 0},
    {"CUSTOMER_SERVICE", "Çağrı Merkezi", "services", "4222", "4222.01", 80, kPart, 0},
    {"SECURITY", "Özel Güvenlik", "public_safety", "5414", "5414.01", 120, kMeb, 18},
    {"FLORISTRY", "Çiçekçilik", "retail", "7549", "7549.03", 80, kPart, 0},
    {"DRONE_PILOT", "İHA Pilotluğu", "media", "3155", "", 60, kPart, 18},
}};

constexpr std::array<std::pair<const char*, const char*>, 6> kLevels{{
    {"_II", " II"}, {"_ADV", " (İleri)"}, {"_BASIC", " (Temel)"},
    {"_III", " III"}, {"_WORKSHOP", " Atölyesi"}, {"_MASTER", " (Ustalık)"}}};

// İzmir's centres (SPEC section 1) with a district each.
constexpr std::array<std::pair<const char*, const char*>, 22> kCentres{{
    {"Halkapınar", "Konak"},     {"Evka 4", "Bornova"},       {"Karabağlar", "Karabağlar"},
    {"Evka 1", "Buca"},          {"Evka 2", "Çiğli"},         {"Gaziemir", "Gaziemir"},
    {"Çamdibi", "Bornova"},      {"Bayraklı", "Bayraklı"},    {"Örnekköy", "Karşıyaka"},
    {"Narlıdere", "Narlıdere"},  {"Kemalpaşa", "Kemalpaşa"},  {"Seferihisar", "Seferihisar"},
    {"Limontepe", "Karabağlar"}, {"Kadifekale", "Konak"},     {"Gümüşpala", "Bayraklı"},
    {"Sasalı", "Çiğli"},         {"Urla", "Urla"},            {"Özdere", "Menderes"},
    {"Tire", "Tire"},            {"Torbalı", "Torbalı"},      {"Egekent", "Çiğli"},
    {"Toros", "Bayraklı"}}};

constexpr std::array<const char*, 30> kDistricts{
    "Aliağa",   "Balçova",    "Bayındır", "Bayraklı",  "Bergama",   "Beydağ",
    "Bornova",  "Buca",       "Çeşme",    "Çiğli",     "Dikili",    "Foça",
    "Gaziemir", "Güzelbahçe", "Karabağlar", "Karaburun", "Karşıyaka", "Kemalpaşa",
    "Kınık",    "Kiraz",      "Konak",    "Menderes",  "Menemen",   "Narlıdere",
    "Ödemiş",   "Seferihisar", "Selçuk",  "Tire",      "Torbalı",   "Urla"};

constexpr std::array<const char*, 16> kSectors{
    "textile",    "food",         "information_technology", "hospitality", "construction",
    "manufacturing", "logistics", "finance",                "care",        "agriculture",
    "crafts",     "furniture",    "automotive",             "retail",      "services",
    "media"};

constexpr std::array<const char*, 10> kFirmWords{"Tekstil", "Gıda",   "Yazılım", "Turizm", "İnşaat",
                                                 "Makina",  "Lojistik", "Danışmanlık", "Ticaret",
                                                 "Sanayi"};
// ---------------------------------------------------------------------------------------------
// Generator state

// What the generator needs to know about each person while it fills courses and vacancies.
struct PersonState {
  date free_from;                      // a new course must start after this day
  std::uint32_t mark = UINT32_MAX;     // course being filled (no one twice in a course)
  bool active = false;                 // has an enrolled/waitlisted enrollment
  bool hired = false;                  // has a hired/retained referral: no more referrals
  std::uint8_t open_referrals = 0;     // referred/interview
  std::uint8_t declines = 0;           // declined/no_show (kept below the pause limit)
  std::vector<std::uint16_t> branches;  // branches already taken (never repeated)
  std::uint32_t last_vacancy = UINT32_MAX;  // vacancy being filled (no duplicate referral)
};

class Generator : GeneratorBase {
 public:
  Generator(const ScaleConfig& config, std::uint64_t seed) : GeneratorBase(seed), config_(config) {}

  Dataset run() {
    make_policy();
    make_branches();
    make_centres();
    make_courses();
    make_trainees();
    fill_courses();
    make_certificates();
    make_employers();
    make_vacancies_and_referrals();
    return assemble(policy_, std::nullopt, centres_, branches_, courses_, trainees_, applications_, enrollments_,
                    certificates_, employers_, vacancies_, referrals_);
  }

 private:
  // --- policy ----------------------------------------------------------------------------------
  void make_policy() {
    policy_.name = "izmir-vocational-factory";
    policy_.residency = Residency{must(ProvinceCode::from_number(35), "province"), std::nullopt};
  }

  // --- branches --------------------------------------------------------------------------------
  void make_branches() {
    const std::size_t n = std::max<std::size_t>(1, config_.branches);
    branch_min_age_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const BranchSeed& seed = kBranchSeeds[i % kBranchSeeds.size()];
      const std::size_t level = i / kBranchSeeds.size();
      std::string code = seed.code;
      std::string name = seed.name;
      if (level > 0) {
        const auto& [code_suffix, name_suffix] = kLevels[(level - 1) % kLevels.size()];
        code += code_suffix;
        name += name_suffix;
        if (level > kLevels.size()) {
          code += std::to_string(level);
          name += " " + std::to_string(level);
        }
      }
      Branch branch{must(BranchCode::parse(code), "branch code"), std::move(name), seed.sector,
                    std::nullopt, std::nullopt, seed.hours, seed.certificate};
      if (*seed.isco08 != '\0') branch.isco08 = seed.isco08;
      if (*seed.occupation != '\0') branch.occupation_code = seed.occupation;
      if (level > 0) branch.nominal_hours = seed.hours / 2 + 8 * static_cast<std::uint32_t>(level);
      branches_.push_back(std::move(branch));
      branch_min_age_.push_back(seed.min_age);
    }
  }

  // --- centres ---------------------------------------------------------------------------------
  void make_centres() {
    const std::size_t n = std::max<std::size_t>(1, config_.centres);
    const auto izmir = must(ProvinceCode::from_number(35), "province");
    for (std::size_t i = 0; i < n; ++i) {
      Centre centre{.province = izmir};
      centre.id = CentreId(uuid());
      if (i < kCentres.size()) {
        centre.name = kCentres[i].first;
        centre.district = kCentres[i].second;
      } else {
        const char* district = kDistricts[i % kDistricts.size()];
        centre.name = std::string(district) + " " + std::to_string(i / kDistricts.size() + 1);
        centre.district = district;
      }
      centre.code = ascii_fold(centre.name, true);
      if (i >= kCentres.size()) centre.code += "_" + digits(i, 3);
      centre.seats = rng_.between_u(300, 900);
      // Each centre hosts a random third of the branches (at least a handful), kept in
      // catalogue order.
      std::vector<std::uint16_t> hosted;
      const std::size_t want = std::min(branches_.size(),
                                        std::max<std::size_t>(5, branches_.size() / 3));
      std::vector<std::uint16_t> all(branches_.size());
      for (std::size_t b = 0; b < all.size(); ++b) all[b] = static_cast<std::uint16_t>(b);
      for (std::size_t k = 0; k < want; ++k) {
        const std::size_t j = k + rng_.below(all.size() - k);
        std::swap(all[k], all[j]);
      }
      hosted.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(want));
      std::sort(hosted.begin(), hosted.end());
      for (auto b : hosted) centre.branches.push_back(branches_[b].code);
      centre_branches_.push_back(std::move(hosted));
      centres_.push_back(std::move(centre));
    }
  }

  // --- courses ---------------------------------------------------------------------------------
  void make_courses() {
    const date first(2022, 1, 3);
    const date last_start(2026, 9, 28);
    courses_.reserve(config_.courses);
    course_branch_.reserve(config_.courses);
    for (std::size_t i = 0; i < config_.courses; ++i) {
      const std::size_t c = rng_.below(centres_.size());
      const std::uint16_t b = rng_.pick(centre_branches_[c]);
      const Branch& branch = branches_[b];
      Course course{.branch = branch.code};
      course.id = CourseId(uuid());
      course.centre = centres_[c].id;
      course.start = rng_.date_between(first, last_start);
      course.total_hours = branch.nominal_hours;
      const std::uint32_t hours_per_week = rng_.chance(0.5) ? 12 : 20;
      const std::uint32_t weeks = std::max<std::uint32_t>(1, (course.total_hours + hours_per_week - 1) / hours_per_week);
      course.end = course.start + days(static_cast<long>(weeks * 7 - 3));
      course.capacity = rng_.between_u(14, 30);
      if (rng_.chance(0.25)) course.min_group = rng_.between_u(8, 12);
      const double m = rng_.unit();
      course.mode = m < 0.8 ? DeliveryMode::in_person : m < 0.9 ? DeliveryMode::online
                                                                 : DeliveryMode::hybrid;
      course.certificate = branch.certificate;
      if (branch_min_age_[b] != 0) course.min_age = branch_min_age_[b];
      if (rng_.chance(0.04)) {
        course.status = CourseStatus::cancelled;
      } else if (course.end < today_) {
        course.status = CourseStatus::completed;
      } else if (course.start <= today_) {
        course.status = CourseStatus::running;
      } else if ((course.start - today_).days() <= 60) {
        course.status = CourseStatus::open;
      } else {
        course.status = CourseStatus::planned;
      }
      courses_.push_back(std::move(course));
      course_branch_.push_back(b);
    }
    by_start_.resize(courses_.size());
    for (std::size_t i = 0; i < by_start_.size(); ++i) by_start_[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(by_start_.begin(), by_start_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return courses_[a].start < courses_[b].start;
    });
  }

  // --- trainees --------------------------------------------------------------------------------
  void make_trainees() {
    const auto izmir = must(ProvinceCode::from_number(35), "province");
    const date registered_from(2021, 6, 1);
    trainees_.reserve(config_.trainees);
    people_.resize(config_.trainees);
    for (std::size_t i = 0; i < config_.trainees; ++i) {
      Trainee t{.identity = Identity{.national_id = national_id(i)},
                .province = izmir};
      Identity& who = *t.identity;
      t.id = TraineeId(uuid());
      const auto [gender, female] = draw_gender(rng_, 0.56);
      t.gender = gender;
      draw_names(rng_, female, who);
      // Ages 15-64 on the reference day, weighted towards 20-45.
      const int age = rng_.chance(0.7) ? rng_.between(20, 45) : rng_.between(15, 64);
      who.birth_date = date(static_cast<unsigned short>(today_.year() - age), 1, 1) +
                     days(rng_.between(0, 364)) - days(365);
      draw_contact_details(rng_, who);
      t.district = rng_.pick(kDistricts);
      t.education_level = draw_education(rng_);
      const int age_now = age_on(who.birth_date, today_);
      const double s = rng_.unit();
      if (age_now < 23 && s < 0.5) {
        t.employment_status = EmploymentStatus::student;
      } else if (age_now >= 55 && s < 0.4) {
        t.employment_status = EmploymentStatus::retired;
      } else if (s < 0.8) {
        t.employment_status = EmploymentStatus::unemployed;
      } else {
        t.employment_status = EmploymentStatus::employed;
      }
      t.job_seeking = t.employment_status == EmploymentStatus::unemployed ? rng_.chance(0.85)
                                                                          : rng_.chance(0.1);
      t.registered = rng_.date_between(registered_from, today_);
      t.disability = rng_.chance(0.04);
      t.consents.data_processing = true;
      t.consents.share_with_employers = rng_.chance(0.8);
      // Anyone who could have been under 18 at a course start since 2022 has a guardian's consent.
      t.guardian_consent = who.birth_date.year() >= 2004;
      const int n_sectors = rng_.between(0, 3);
      for (int k = 0; k < n_sectors; ++k) {
        std::string sector = rng_.pick(kSectors);
        if (std::find(who.job_preferences.sectors.begin(), who.job_preferences.sectors.end(), sector) ==
            who.job_preferences.sectors.end()) {
          who.job_preferences.sectors.push_back(std::move(sector));
        }
      }
      const int n_districts = rng_.between(0, 2);
      for (int k = 0; k < n_districts; ++k) {
        std::string district = rng_.pick(kDistricts);
        if (std::find(who.job_preferences.districts.begin(), who.job_preferences.districts.end(),
                      district) == who.job_preferences.districts.end()) {
          who.job_preferences.districts.push_back(std::move(district));
        }
      }
      if (rng_.chance(0.6)) {
        who.job_preferences.shift = static_cast<Shift>(rng_.below(5));
      }
      people_[i].free_from = t.registered + days(14);
      trainees_.push_back(std::move(t));
    }
  }

  // --- enrollments and applications --------------------------------------------------------------

  // A person who may take course @p ci (not busy, not in the branch before, old enough).
  bool can_take(std::size_t person, std::uint32_t ci, bool active_status) const {
    const PersonState& p = people_[person];
    const Course& c = courses_[ci];
    if (p.mark == ci) return false;
    if (!(c.start > p.free_from)) return false;
    if (active_status && p.active) return false;
    if (std::find(p.branches.begin(), p.branches.end(), course_branch_[ci]) != p.branches.end()) {
      return false;
    }
    // The rules the validator applies to a place in the course, from the rules layer itself.
    const Trainee& t = trainees_[person];
    return !check_min_age(t, effective_min_age(policy_, c), c.start) && !check_guardian_consent(policy_, t, c.start);
  }

  std::optional<std::size_t> find_person(std::uint32_t ci, bool active_status) {
    for (int attempt = 0; attempt < 40; ++attempt) {
      const std::size_t person = rng_.below(trainees_.size());
      if (can_take(person, ci, active_status)) return person;
    }
    return std::nullopt;
  }

  void fill_courses() {
    enrollments_.reserve(courses_.size() * 22);
    std::vector<std::pair<std::size_t, EnrollmentStatus>> picked;
    for (std::uint32_t ci : by_start_) {
      Course& course = courses_[ci];
      picked.clear();
      const std::uint32_t min_group = effective_min_group(policy_, course);
      std::uint32_t seated = 0, withdrawn = 0, waitlisted = 0;
      switch (course.status) {
        case CourseStatus::completed:
        case CourseStatus::running:
          seated = rng_.between_u(std::max(min_group, course.capacity * 3 / 4), course.capacity);
          withdrawn = rng_.between_u(0, 3);
          waitlisted = course.status == CourseStatus::running ? rng_.between_u(0, 4) : 0;
          break;
        case CourseStatus::open:
          seated = rng_.between_u(0, course.capacity);
          waitlisted = seated == course.capacity ? rng_.between_u(0, 6) : 0;
          withdrawn = rng_.between_u(0, 1);
          break;
        case CourseStatus::planned:
        case CourseStatus::cancelled:
          break;
      }
      const bool active_seat = course.status != CourseStatus::completed;
      auto take = [&](EnrollmentStatus status, bool active) {
        if (auto person = find_person(ci, active)) {
          people_[*person].mark = ci;
          picked.emplace_back(*person, status);
          return true;
        }
        return false;
      };
      std::uint32_t got = 0;
      for (std::uint32_t k = 0; k < seated; ++k) {
        if (take(EnrollmentStatus::enrolled, active_seat)) ++got;
      }
      if ((course.status == CourseStatus::completed || course.status == CourseStatus::running) &&
          got < min_group) {
        // Not enough free people: the course never opened.
        course.status = CourseStatus::cancelled;
        for (auto& [person, status] : picked) people_[person].mark = UINT32_MAX;
        picked.clear();
        continue;
      }
      for (std::uint32_t k = 0; k < withdrawn; ++k) take(EnrollmentStatus::withdrawn, false);
      for (std::uint32_t k = 0; k < waitlisted; ++k) take(EnrollmentStatus::waitlisted, true);

      const std::uint32_t limit = allowed_absence_hours(policy_, course);
      for (auto& [person, status] : picked) {
        Enrollment e;
        e.id = EnrollmentId(uuid());
        e.trainee = trainees_[person].id;
        e.course = course.id;
        e.status = status;
        if (status == EnrollmentStatus::enrolled) {
          if (course.status == CourseStatus::completed) {
            const double r = rng_.unit();
            if (r < 0.07 && limit + 1 <= course.total_hours) {
              e.status = EnrollmentStatus::removed;
              e.absent_hours = rng_.between_u(limit + 1, std::max(limit + 1, course.total_hours / 2));
            } else if (r < 0.14 && course.certificate == CertificateKind::meb) {
              e.status = EnrollmentStatus::failed;
              e.absent_hours = rng_.between_u(0, limit);
              e.score = rng_.between_u(10, policy_.pass_mark - 1);
            } else {
              e.status = EnrollmentStatus::completed;
              e.absent_hours = rng_.between_u(0, limit);
              if (course.certificate == CertificateKind::meb) {
                e.score = rng_.between_u(policy_.pass_mark, 100);
              }
            }
          } else if (course.status == CourseStatus::running) {
            if (rng_.chance(0.03) && limit + 1 <= course.total_hours) {
              e.status = EnrollmentStatus::removed;
              e.absent_hours = limit + 1 + rng_.between_u(0, 4);
            } else {
              e.absent_hours = rng_.between_u(0, limit / 2);
            }
          }
        } else if (status == EnrollmentStatus::withdrawn) {
          e.absent_hours = course.status == CourseStatus::open ? 0 : rng_.between_u(0, limit / 2);
        }
        PersonState& p = people_[person];
        p.free_from = course.end;
        p.branches.push_back(course_branch_[ci]);
        if (e.status == EnrollmentStatus::enrolled || e.status == EnrollmentStatus::waitlisted) {
          p.active = true;
        }
        enrollment_course_.push_back(ci);
        enrollment_person_.push_back(static_cast<std::uint32_t>(person));
        enrollments_.push_back(std::move(e));
      }
    }
    make_applications();
  }

  // Courses that start after @p day, a few, distinct, as a ranked list after @p first.
  void add_more_courses(std::vector<CourseId>& list, date day, std::size_t extra) {
    const auto begin = std::upper_bound(by_start_.begin(), by_start_.end(), day,
                                        [&](const date& d, std::uint32_t ci) {
                                          return d < courses_[ci].start;
                                        });
    const std::size_t available = static_cast<std::size_t>(by_start_.end() - begin);
    if (available == 0) return;
    const std::size_t window = std::min<std::size_t>(available, 400);
    for (std::size_t k = 0; k < extra; ++k) {
      const CourseId& id = courses_[*(begin + static_cast<std::ptrdiff_t>(rng_.below(window)))].id;
      if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
    }
  }

  void make_applications() {
    // Most enrollments were preceded by an application naming that course first.
    applications_.reserve(enrollments_.size());
    for (std::size_t k = 0; k < enrollments_.size(); ++k) {
      if (!rng_.chance(0.75)) continue;
      const Course& course = courses_[enrollment_course_[k]];
      const Trainee& t = trainees_[enrollment_person_[k]];
      Application a;
      a.id = ApplicationId(uuid());
      a.trainee = t.id;
      date applied = course.start - days(rng_.between(5, 45));
      if (applied < t.registered) applied = t.registered;
      a.applied = applied;
      a.courses.push_back(course.id);
      add_more_courses(a.courses, applied, rng_.below(3));
      applications_.push_back(std::move(a));
    }
    // Some people applied to upcoming courses and are still waiting.
    const std::size_t waiting = trainees_.size() * 3 / 20;
    for (std::size_t k = 0; k < waiting; ++k) {
      const std::size_t person = rng_.below(trainees_.size());
      const Trainee& t = trainees_[person];
      Application a;
      a.id = ApplicationId(uuid());
      a.trainee = t.id;
      a.applied = rng_.date_between(std::max(t.registered, today_ - days(60)), today_);
      add_more_courses(a.courses, a.applied, 1 + rng_.below(4));
      if (a.courses.empty()) continue;
      applications_.push_back(std::move(a));
    }
  }

  // --- certificates ----------------------------------------------------------------------------
  void make_certificates() {
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    certificates_.reserve(enrollments_.size() * 3 / 4);
    std::uint64_t meb_number = 1;
    for (std::size_t k = 0; k < enrollments_.size(); ++k) {
      const Enrollment& e = enrollments_[k];
      if (e.status != EnrollmentStatus::completed || !rng_.chance(0.93)) continue;
      const Course& course = courses_[enrollment_course_[k]];
      const date issued = course.end + days(rng_.between(3, 45));
      if (issued > today_) continue;
      Certificate c;
      c.id = CertificateId(uuid());
      c.enrollment = e.id;
      c.kind = course.certificate;
      c.issued = issued;
      if (c.kind == CertificateKind::meb) {
        c.external_number = "MEB-" + std::to_string(static_cast<int>(issued.year())) + "-35-" +
                            digits(meb_number++, 7);
      }
      std::string& code = c.verification_code.emplace();
      code.reserve(19);
      for (int g = 0; g < 4; ++g) {
        if (g) code.push_back('-');
        for (int j = 0; j < 4; ++j) code.push_back(kAlphabet[rng_.below(32)]);
      }
      if (rng_.chance(0.004)) {
        c.revoked = Revocation{"Belge hatalı düzenlendi", issued + days(rng_.between(10, 60))};
        if (c.revoked->date > today_) c.revoked->date = today_;
      }
      certificates_.push_back(std::move(c));
    }
  }

  // --- employers, vacancies, referrals -----------------------------------------------------------
  void make_employers() {
    employers_.reserve(config_.employers);
    const auto izmir = must(ProvinceCode::from_number(35), "province");
    for (std::size_t i = 0; i < config_.employers; ++i) {
      Employer m{.tax_number = tax_number(i),
                 .province = izmir};
      m.id = EmployerId(uuid());
      const std::string owner = rng_.pick(kFamilyNames);
      m.name = owner + " " + rng_.pick(kFirmWords) + " " + rng_.pick(kFirmForms);
      m.sector = rng_.pick(kSectors);
      if (!rng_.chance(0.9)) {
        m.province = must(ProvinceCode::from_number(rng_.chance(0.5) ? 34 : 45), "province");
      }
      m.district = m.province == izmir ? std::string(rng_.pick(kDistricts)) : std::string("Merkez");
      m.consent = rng_.chance(0.95);
      m.contact = draw_employer_contact(rng_, "232", owner, i);
      if (m.consent) consenting_.push_back(static_cast<std::uint32_t>(i));
      employers_.push_back(std::move(m));
    }
    if (!employers_.empty() && consenting_.empty()) {
      employers_.front().consent = true;
      consenting_.push_back(0);
    }
    for (std::size_t i = 0; i < trainees_.size(); ++i) {
      const Trainee& t = trainees_[i];
      if (t.consents.data_processing && t.consents.share_with_employers && t.job_seeking &&
          age_on(t.identity->birth_date, today_) >= 19) {
        seekers_.push_back(static_cast<std::uint32_t>(i));
      }
    }
  }

  std::optional<std::size_t> find_seeker(std::uint32_t vacancy, date referred) {
    if (seekers_.empty()) return std::nullopt;
    for (int attempt = 0; attempt < 30; ++attempt) {
      const std::size_t person = rng_.pick(seekers_);
      const PersonState& p = people_[person];
      const Trainee& t = trainees_[person];
      if (p.hired || p.last_vacancy == vacancy || t.registered > referred) continue;
      if (age_on(t.identity->birth_date, referred) < 18) continue;
      return person;
    }
    return std::nullopt;
  }

  void make_vacancies_and_referrals() {
    if (consenting_.empty()) return;
    vacancies_.reserve(config_.vacancies);
    referrals_.reserve(config_.vacancies * 5);
    const date first(2022, 1, 3);
    for (std::size_t i = 0; i < config_.vacancies; ++i) {
      const Employer& m = employers_[rng_.pick(consenting_)];
      Vacancy v{.province = m.province};
      v.id = VacancyId(uuid());
      v.employer = m.id;
      const std::size_t b = rng_.below(branches_.size());
      const Branch& branch = branches_[b];
      // A vacancy names a branch, an occupation code, or both.
      if (rng_.chance(0.85) || !branch.occupation_code) v.branch = branch.code;
      if (branch.occupation_code) v.occupation_code = branch.occupation_code;
      v.title = branch.name + (rng_.chance(0.5) ? " Elemanı" : " Personeli");
      const double pr = rng_.unit();
      v.positions = pr < 0.65 ? 1 : pr < 0.85 ? 2 : pr < 0.95 ? rng_.between_u(3, 5)
                                                          : rng_.between_u(6, 12);
      v.requires_certificate = false;
      if (rng_.chance(0.3)) v.min_age = 18;
      v.district = m.district;
      v.shift = static_cast<Shift>(rng_.below(4));
      v.opened = rng_.date_between(first, today_);
      v.closes = v.opened + days(rng_.between(14, 90));
      const bool past = v.closes < today_;
      const bool filled = rng_.chance(past ? 0.6 : 0.15);
      v.status = filled ? VacancyStatus::filled : past ? VacancyStatus::closed : VacancyStatus::open;
      const std::uint32_t hires_wanted =
          filled ? v.positions : (v.positions > 1 ? rng_.between_u(0, v.positions - 1) : 0);
      const std::uint32_t others = rng_.between_u(v.positions, 3 * v.positions + 4);
      const std::uint32_t hired = make_referrals(static_cast<std::uint32_t>(i), v, hires_wanted, others);
      // A vacancy is filled only when every position was filled.
      if (filled && hired < v.positions) v.status = past ? VacancyStatus::closed : VacancyStatus::open;
      vacancies_.push_back(std::move(v));
    }
    // People with a job are no longer seeking one.
    for (std::size_t i = 0; i < trainees_.size(); ++i) {
      if (people_[i].hired) {
        trainees_[i].employment_status = EmploymentStatus::employed;
        trainees_[i].job_seeking = false;
      }
    }
  }

  // Referrals to vacancy @p v; returns how many ended `hired` or `retained`.
  std::uint32_t make_referrals(std::uint32_t vi, const Vacancy& v, std::uint32_t hires,
                               std::uint32_t others) {
    const date last_referral = std::min(v.closes, today_);
    const std::uint32_t total = hires + others;
    std::uint32_t hired_so_far = 0;
    std::uint32_t kept = 0;
    for (std::uint32_t k = 0; k < total; ++k) {
      const date referred = rng_.date_between(v.opened, last_referral);
      auto found = find_seeker(vi, referred);
      if (!found) continue;
      const std::size_t person = *found;
      PersonState& p = people_[person];
      Referral r;
      r.id = ReferralId(uuid());
      r.trainee = trainees_[person].id;
      r.vacancy = v.id;
      r.referred = referred;
      const date decided = std::min(today_, referred + days(rng_.between(2, 21)));
      const bool want_hire = hired_so_far < hires && p.open_referrals == 0;
      const bool may_stay_open = v.status == VacancyStatus::open &&
                                 (today_ - referred).days() <= 21 && p.open_referrals < policy_.max_active_referrals;
      if (want_hire) {
        ++hired_so_far;
        r.decided = decided;
        r.hired = std::min(today_, decided + days(rng_.between(1, 14)));
        if (v.status != VacancyStatus::filled && rng_.chance(0.3)) {
          r.status = ReferralStatus::left_early;
          r.ended = *r.hired + days(rng_.between(0, static_cast<int>(policy_.early_leave_days) - 1));
          r.reason = rng_.pick(kLeftReasons);
        } else {
          // Retained once the retention period from the hire is over by today (the rules layer's count).
          r.status = !within_days(*r.hired, policy_.retention_days, today_) ? ReferralStatus::retained
                                                                             : ReferralStatus::hired;
          p.hired = true;
          ++kept;
        }
      } else if (may_stay_open && rng_.chance(0.7)) {
        r.status = rng_.chance(0.6) ? ReferralStatus::referred : ReferralStatus::interview;
        ++p.open_referrals;
      } else {
        const double o = rng_.unit();
        r.decided = decided;
        if (o < 0.35 || p.declines >= 2) {
          r.status = ReferralStatus::rejected;
          r.reason = rng_.pick(kRejectReasons);
        } else if (o < 0.7) {
          r.status = ReferralStatus::declined;
          r.reason = rng_.pick(kDeclineReasons);
          ++p.declines;
        } else if (o < 0.85) {
          r.status = ReferralStatus::no_show;
          ++p.declines;
        } else if (v.status != VacancyStatus::open) {
          r.status = ReferralStatus::withdrawn;
          r.decided = std::max(referred, std::min(v.closes, today_));
          r.reason = "İlan kapandı";
        } else {
          r.status = ReferralStatus::rejected;
          r.reason = rng_.pick(kRejectReasons);
        }
      }
      p.last_vacancy = vi;
      referrals_.push_back(std::move(r));
    }
    return kept;
  }

  ScaleConfig config_;

  Policy policy_;
  std::vector<Branch> branches_;
  std::vector<std::uint32_t> branch_min_age_;
  std::vector<Centre> centres_;
  std::vector<std::vector<std::uint16_t>> centre_branches_;
  std::vector<Course> courses_;
  std::vector<std::uint16_t> course_branch_;
  std::vector<std::uint32_t> by_start_;
  std::vector<Trainee> trainees_;
  std::vector<PersonState> people_;
  std::vector<Application> applications_;
  std::vector<Enrollment> enrollments_;
  std::vector<std::uint32_t> enrollment_course_;
  std::vector<std::uint32_t> enrollment_person_;
  std::vector<Certificate> certificates_;
  std::vector<Employer> employers_;
  std::vector<std::uint32_t> consenting_;
  std::vector<std::uint32_t> seekers_;
  std::vector<Vacancy> vacancies_;
  std::vector<Referral> referrals_;
};

}  // namespace

ScaleConfig config_for(Scale scale) {
  switch (scale) {
    case Scale::municipal:
      return {"municipal", 22, 60, 300, 5'000, 300, 600};
    case Scale::metropolitan:
      return {"metropolitan", 29, 215, 6'000, 150'000, 4'000, 15'000};
    case Scale::national:
      return {"national", 600, 215, 50'000, 1'000'000, 40'000, 100'000};
  }
  throw std::invalid_argument("unknown scale");
}

std::optional<Scale> parse_scale(std::string_view text) {
  if (text == "municipal") return Scale::municipal;
  if (text == "metropolitan") return Scale::metropolitan;
  if (text == "national") return Scale::national;
  return std::nullopt;
}

std::string_view to_string(Scale scale) {
  switch (scale) {
    case Scale::municipal: return "municipal";
    case Scale::metropolitan: return "metropolitan";
    case Scale::national: return "national";
  }
  return "?";
}

boost::gregorian::date reference_date() { return boost::gregorian::date(2026, 3, 2); }

Dataset generate_dataset(const ScaleConfig& config, std::uint64_t seed) {
  if (config.trainees > kPrefixSpace || config.employers > kPrefixSpace) {
    throw std::invalid_argument("too many records for distinct nine-digit prefixes");
  }
  return Generator(config, seed).run();
}

}  // namespace vocfab::generate
