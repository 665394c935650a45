// What the generators share. See support.h.
#include "generate/support.h"

#include "generate/generator.h"

namespace vocfab::generate::detail {

std::string ascii_fold(std::string_view text, bool upper) {
  static constexpr std::array<std::pair<std::string_view, char>, 12> kMap{{
      {"ç", 'c'}, {"Ç", 'c'}, {"ğ", 'g'}, {"Ğ", 'g'}, {"ı", 'i'}, {"İ", 'i'},
      {"ö", 'o'}, {"Ö", 'o'}, {"ş", 's'}, {"Ş", 's'}, {"ü", 'u'}, {"Ü", 'u'}}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kMap) {
      if (text.substr(i, from.size()) == from) {
        out.push_back(to);
        i += from.size();
        mapped = true;
        break;
      }
    }
    if (mapped) continue;
    const char c = text[i++];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == ' ' || c == '.' || c == '_' || c == '-') {
      out.push_back(upper ? '_' : '.');
    }
  }
  if (upper) {
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

std::string digits(std::uint64_t value, int width) {
  std::string out(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out;
}

namespace {
constexpr std::uint64_t kPrefixStep = 654'321'077;  // coprime with 900,000,000 = 2^8 3^2 5^8
}  // namespace

std::string nine_digit_prefix(std::uint64_t index, std::uint64_t offset) {
  return digits(100'000'000 + (index * kPrefixStep + offset) % kPrefixSpace, 9);
}

std::pair<Gender, bool> draw_gender(Rng& rng, double female_share) {
  const double g = rng.unit();
  const Gender gender = g < female_share ? Gender::female
                        : g < 0.97       ? Gender::male
                        : g < 0.98       ? Gender::other
                                         : Gender::undisclosed;
  const bool female = gender == Gender::female || (gender != Gender::male && rng.chance(0.5));
  return {gender, female};
}

void draw_names(Rng& rng, bool female, Identity& who) {
  who.given_name = female ? rng.pick(kFemaleNames) : rng.pick(kMaleNames);
  if (rng.chance(0.08)) {
    who.given_name += ' ';
    who.given_name += female ? rng.pick(kFemaleNames) : rng.pick(kMaleNames);
  }
  who.family_name = rng.pick(kFamilyNames);
}

void draw_contact_details(Rng& rng, Identity& who) {
  if (rng.chance(0.9)) {
    who.phone = must(PhoneNumber::parse("+905" + digits(rng.next() % 1'000'000'000, 9)), "phone");
  }
  if (rng.chance(0.7)) {
    who.email = ascii_fold(who.given_name, false) + "." + ascii_fold(who.family_name, false) +
                std::to_string(rng.between(1, 9999)) + "@example.org";
  }
}

EducationLevel draw_education(Rng& rng) {
  const double e = rng.unit();
  return e < 0.03   ? EducationLevel::none
         : e < 0.18 ? EducationLevel::primary
         : e < 0.35 ? EducationLevel::lower_secondary
         : e < 0.60 ? EducationLevel::upper_secondary
         : e < 0.75 ? EducationLevel::vocational_secondary
         : e < 0.85 ? EducationLevel::associate
         : e < 0.97 ? EducationLevel::bachelor
                    : EducationLevel::postgraduate;
}

std::optional<Contact> draw_employer_contact(Rng& rng, std::string_view area_code, std::string_view owner,
                                             std::size_t index) {
  if (!rng.chance(0.85)) return std::nullopt;
  Contact contact;
  const bool female = rng.chance(0.5);
  contact.name = std::string(female ? rng.pick(kFemaleNames) : rng.pick(kMaleNames)) + " " + rng.pick(kFamilyNames);
  contact.phone = must(PhoneNumber::parse("+90" + std::string(area_code) + digits(rng.next() % 10'000'000, 7)), "phone");
  if (rng.chance(0.7)) contact.email = "ik@" + ascii_fold(owner, false) + digits(index, 6) + ".example.com";
  return contact;
}

GeneratorBase::GeneratorBase(std::uint64_t seed)
    : rng_(seed), today_(reference_date()), uuid_engine_(seed ^ 0x9e3779b97f4a7c15ULL), uuids_(&uuid_engine_) {
  id_offset_ = rng_.next() % kPrefixSpace;
  tax_offset_ = rng_.next() % kPrefixSpace;
}

NationalId GeneratorBase::national_id(std::size_t index) const {
  return must(NationalId::complete(nine_digit_prefix(index, id_offset_)), "national id");
}

TaxNumber GeneratorBase::tax_number(std::size_t index) const {
  return must(TaxNumber::complete(nine_digit_prefix(index, tax_offset_)), "tax number");
}

}  // namespace vocfab::generate::detail
