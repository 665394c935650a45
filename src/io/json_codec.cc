// Record decoding and encoding shared by the reader, the writer and single-record calls.
#include "io/record_codec.h"
#include "io/record_drafts.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace vocfab::io_detail {
namespace {

// Quotes a rejected value in a message, shortened so one bad record cannot flood a report.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string quoted = "'";
  quoted.append(text.substr(0, kMax));
  if (text.size() > kMax) quoted.append("...");
  quoted.push_back('\'');
  return quoted;
}

std::string_view kind_name(FieldValue::Kind kind) {
  switch (kind) {
    case FieldValue::Kind::null: return "null";
    case FieldValue::Kind::boolean: return "a boolean";
    case FieldValue::Kind::integer:
    case FieldValue::Kind::unsigned_integer:
    case FieldValue::Kind::floating: return "a number";
    case FieldValue::Kind::string: return "a string";
    case FieldValue::Kind::object: return "an object";
    case FieldValue::Kind::array: return "an array";
  }
  return "a value";
}

template <class E>
std::string expected_spellings() {
  std::string list;
  for (E value : enum_values<E>()) {
    if (!list.empty()) list.append(", ");
    list.append(to_string(value));
  }
  return list;
}

}  // namespace

FieldValue FieldValue::of(NestedValue::View value) {
  switch (value.kind()) {
    case ValueKind::null: return null();
    case ValueKind::boolean: return boolean(value.as_bool());
    case ValueKind::integer: return integer(value.as_integer());
    case ValueKind::unsigned_integer: return unsigned_integer(value.as_unsigned());
    case ValueKind::floating: return floating(value.as_floating());
    case ValueKind::string: return string(value.string_view());
    case ValueKind::object:
    case ValueKind::array: break;
  }
  FieldValue v(value.kind());
  v.nested_ = value;
  return v;
}

// ---------------------------------------------------------------------------------------------
// RecordContext

std::string RecordContext::record_path() const {
  if (!collection_.empty()) return index_path(collection_, index_);
  return base_;
}

void RecordContext::report(IssueCode code, std::string_view field, std::string message) {
  issues_.push_back(Issue{code, field_path(field), std::move(message)});
}

bool RecordContext::reported(std::string_view field) const {
  const std::string path = field_path(field);
  for (std::size_t i = first_issue_; i < issues_.size(); ++i) {
    const std::string& p = issues_[i].path;
    if (p.size() >= path.size() && p.compare(0, path.size(), path) == 0 &&
        (p.size() == path.size() || p[path.size()] == '.' || p[path.size()] == '[')) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Field readers

void Field::report_not_a_string(std::string_view expected) {
  report(IssueCode::invalid_value,
         std::string("expected ").append(expected).append(", found ").append(kind_name(value_.kind())));
}

std::optional<std::string> Field::string_value(std::string_view expected) {
  if (value_.kind() != FieldValue::Kind::string) {
    report_not_a_string(expected);
    return std::nullopt;
  }
  return value_.take_string();
}

std::optional<std::string> Field::text() { return string_value("a string"); }

std::optional<std::string> Field::non_empty_text() {
  auto value = string_value("a non-empty string");
  if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) {
    report(IssueCode::invalid_value, "must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Field::email() {
  auto value = string_value("an e-mail address");
  if (!value) return std::nullopt;
  const auto at = value->find('@');
  const bool shaped = at != std::string::npos && at > 0 && value->find('@', at + 1) == std::string::npos &&
                      value->find('.', at + 2) != std::string::npos && value->back() != '.' &&
                      value->find_first_of(" \t\r\n") == std::string::npos;
  if (!shaped) {
    report(IssueCode::invalid_value, quote(*value) + " is not an e-mail address");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Field::flag() {
  if (value_.kind() != FieldValue::Kind::boolean) {
    report(IssueCode::invalid_value, std::string("expected true or false, found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  return value_.as_bool();
}

std::optional<std::uint32_t> Field::count(std::uint32_t min, std::uint32_t max) {
  std::optional<std::uint64_t> number;
  switch (value_.kind()) {
    case FieldValue::Kind::unsigned_integer: number = value_.as_unsigned(); break;
    case FieldValue::Kind::integer:
      if (value_.as_integer() >= 0) number = static_cast<std::uint64_t>(value_.as_integer());
      break;
    default: break;
  }
  if (!number || *number < min || *number > max) {
    std::string message = "expected a whole number from " + std::to_string(min);
    message += max == UINT32_MAX ? std::string(" up") : " to " + std::to_string(max);
    report(IssueCode::invalid_value, std::move(message));
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*number);
}

std::optional<Date> Field::date() {
  if (value_.kind() != FieldValue::Kind::string) {
    report(IssueCode::invalid_date, std::string("expected a date YYYY-MM-DD, found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  auto parsed = parse_iso_date(value_.string_view());
  if (!parsed) report(IssueCode::invalid_date, quote(value_.string_view()) + " is not a real day written YYYY-MM-DD");
  return parsed;
}

std::optional<NationalId> Field::national_id() {
  if (value_.kind() != FieldValue::Kind::string) {
    report(IssueCode::invalid_national_id, std::string("expected 11 digits as a string, found ")
                                              .append(kind_name(value_.kind())));
    return std::nullopt;
  }
  const std::string_view text = value_.string_view();
  if (auto error = NationalId::check(text)) {
    report(IssueCode::invalid_national_id,
           "national id " + mask_national_id_text(text) + " is invalid: " + std::string(describe(*error)));
    return std::nullopt;
  }
  return NationalId::parse(text);
}

std::optional<TaxNumber> Field::tax_number() {
  if (value_.kind() != FieldValue::Kind::string) {
    report(IssueCode::invalid_tax_number,
           std::string("expected 10 digits as a string, found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  auto parsed = TaxNumber::parse(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_tax_number,
           quote(value_.string_view()) + " is not a VKN (10 digits with a correct check digit)");
  }
  return parsed;
}

std::optional<PhoneNumber> Field::phone() {
  if (value_.kind() != FieldValue::Kind::string) {
    report(IssueCode::invalid_phone, std::string("expected a phone number string, found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  auto parsed = PhoneNumber::parse(value_.string_view());
  if (!parsed) report(IssueCode::invalid_phone, quote(value_.string_view()) + " is not a Turkish phone number");
  return parsed;
}

std::optional<ProvinceCode> Field::province() {
  auto text = string_value("a province plate code \"01\"-\"81\"");
  if (!text) return std::nullopt;
  auto parsed = ProvinceCode::parse(*text);
  if (!parsed) report(IssueCode::invalid_value, quote(*text) + " is not a province plate code \"01\"-\"81\"");
  return parsed;
}

std::optional<BranchCode> Field::branch_code() {
  auto text = string_value("a branch code");
  if (!text) return std::nullopt;
  auto parsed = BranchCode::parse(*text);
  if (!parsed) {
    report(IssueCode::invalid_value, quote(*text) + " is not a branch code (A-Z, 0-9 and _, starting with a letter)");
  }
  return parsed;
}

std::optional<std::string> Field::digits_code(std::string_view pattern_description, bool with_dot) {
  auto text = string_value(pattern_description);
  if (!text) return std::nullopt;
  const std::size_t length = with_dot ? 7 : 4;
  bool ok = text->size() == length;
  for (std::size_t i = 0; ok && i < text->size(); ++i) {
    const char c = (*text)[i];
    ok = (with_dot && i == 4) ? c == '.' : std::isdigit(static_cast<unsigned char>(c)) != 0;
  }
  if (!ok) {
    report(IssueCode::invalid_value, quote(*text) + " does not match " + std::string(pattern_description));
    return std::nullopt;
  }
  return text;
}

std::optional<Ratio> Field::ratio() {
  auto text = string_value("a ratio written N/D");
  if (!text) return std::nullopt;
  const auto slash = text->find('/');
  auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 6 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (slash != std::string::npos) {
    const std::string_view all(*text);
    const auto numerator = all.substr(0, slash);
    const auto denominator = all.substr(slash + 1);
    if (digits(numerator) && digits(denominator)) {
      Ratio ratio{static_cast<std::uint32_t>(std::stoul(std::string(numerator))),
                  static_cast<std::uint32_t>(std::stoul(std::string(denominator)))};
      if (ratio.denominator != 0 && ratio.numerator <= ratio.denominator) return ratio;
    }
  }
  report(IssueCode::invalid_value, quote(*text) + " is not a ratio N/D between 0 and 1 (e.g. \"1/5\")");
  return std::nullopt;
}

// Ids and choices are parsed from the text in place: they are the most frequent fields, and
// neither a copy of the text nor the list of spellings is needed unless the value is wrong.
template <class Tag>
std::optional<Id<Tag>> Field::id() {
  if (value_.kind() != FieldValue::Kind::string) {
    report_not_a_string("a UUID");
    return std::nullopt;
  }
  auto parsed = Id<Tag>::parse(value_.string_view());
  if (!parsed) report(IssueCode::invalid_value, quote(value_.string_view()) + " is not a UUID");
  return parsed;
}

template <class E>
std::optional<E> Field::choice() {
  if (value_.kind() != FieldValue::Kind::string) {
    report_not_a_string("one of: " + expected_spellings<E>());
    return std::nullopt;
  }
  auto parsed = parse_enum<E>(value_.string_view());
  if (!parsed) {
    report(IssueCode::invalid_value, quote(value_.string_view()) + " is not one of: " + expected_spellings<E>());
  }
  return parsed;
}

std::optional<std::vector<std::string>> Field::string_array(std::string_view expected) {
  if (value_.kind() != FieldValue::Kind::array) {
    report(IssueCode::invalid_value,
           std::string("expected an array of ").append(expected).append(", found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  const NestedValue::View array = value_.nested();
  std::vector<std::string> items;
  items.reserve(array.size());
  bool all_strings = true;
  array.for_each([&](NestedValue::View item) {
    if (!all_strings) return;
    if (item.kind() != ValueKind::string) {
      context_.report(IssueCode::invalid_value, index_path(key_, items.size()), std::string("expected ").append(expected));
      all_strings = false;
      return;
    }
    items.emplace_back(item.string_view());
  });
  if (!all_strings) return std::nullopt;
  return items;
}

std::optional<std::vector<std::string>> Field::text_list() { return string_array("strings"); }

std::optional<std::vector<BranchCode>> Field::branch_codes() {
  auto items = string_array("branch codes");
  if (!items) return std::nullopt;
  std::vector<BranchCode> codes;
  codes.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto code = BranchCode::parse((*items)[i]);
    if (!code) {
      context_.report(IssueCode::invalid_value, index_path(key_, i), quote((*items)[i]) + " is not a branch code");
      return std::nullopt;
    }
    codes.push_back(std::move(*code));
  }
  return codes;
}

template <class Tag>
std::optional<std::vector<Id<Tag>>> Field::id_list() {
  auto items = string_array("UUIDs");
  if (!items) return std::nullopt;
  std::vector<Id<Tag>> ids;
  ids.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto id = Id<Tag>::parse((*items)[i]);
    if (!id) {
      context_.report(IssueCode::invalid_value, index_path(key_, i), quote((*items)[i]) + " is not a UUID");
      return std::nullopt;
    }
    ids.push_back(*id);
  }
  return ids;
}

std::optional<NestedValue::View> Field::object() {
  if (value_.kind() != FieldValue::Kind::object) {
    report(IssueCode::invalid_value, std::string("expected an object, found ").append(kind_name(value_.kind())));
    return std::nullopt;
  }
  return value_.nested();
}

namespace {

// Decodes the members of a nested object as sub-fields `parent.member`.
template <class Setter>
void for_each_member(NestedValue::View object, std::string_view parent, RecordContext& context, Setter&& set) {
  std::string path;
  object.for_each([&](NestedValue::View member) {
    FieldValue field_value = FieldValue::of(member);
    if (field_value.is_null()) return;
    path.assign(parent).append(".").append(member.key());
    Field field(path, field_value, context);
    set(member.key(), field);
  });
}

std::optional<Contact> decode_contact(NestedValue::View object, std::string_view parent, RecordContext& context) {
  std::optional<std::string> name, email;
  std::optional<PhoneNumber> phone;
  for_each_member(object, parent, context, [&](std::string_view key, Field& field) {
    if (key == "name") name = field.non_empty_text();
    else if (key == "phone") phone = field.phone();
    else if (key == "email") email = field.email();
  });
  context.require(name, join_path(parent, "name"));
  if (!name || context.reported(parent)) return std::nullopt;
  return Contact{std::move(*name), std::move(phone), std::move(email)};
}

std::optional<Revocation> decode_revocation(NestedValue::View object, std::string_view parent,
                                            RecordContext& context) {
  std::optional<std::string> reason;
  std::optional<Date> date;
  for_each_member(object, parent, context, [&](std::string_view key, Field& field) {
    if (key == "reason") reason = field.non_empty_text();
    else if (key == "date") date = field.date();
  });
  context.require(reason, join_path(parent, "reason"));
  context.require(date, join_path(parent, "date"));
  if (!reason || !date) return std::nullopt;
  return Revocation{std::move(*reason), *date};
}

std::optional<Residency> decode_residency(NestedValue::View object, std::string_view parent,
                                          RecordContext& context) {
  std::optional<ProvinceCode> province;
  std::optional<std::string> district;
  for_each_member(object, parent, context, [&](std::string_view key, Field& field) {
    if (key == "province") province = field.province();
    else if (key == "district") district = field.non_empty_text();
  });
  context.require(province, join_path(parent, "province"));
  if (!province || context.reported(parent)) return std::nullopt;
  return Residency{*province, std::move(district)};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Drafts

void Draft<Centre>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Centre>();
  else if (k == "code") code_ = f.non_empty_text();
  else if (k == "name") name_ = f.non_empty_text();
  else if (k == "province") province_ = f.province();
  else if (k == "district") district_ = f.non_empty_text();
  else if (k == "seats") seats_ = f.count();
  else if (k == "branches") branches_ = f.branch_codes();
}

std::optional<Centre> Draft<Centre>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(code_, "code");
  c.require(name_, "name");
  c.require(province_, "province");
  c.require(district_, "district");
  c.require(seats_, "seats");
  if (!c.clean()) return std::nullopt;
  return Centre{*id_, std::move(*code_), std::move(*name_), *province_, std::move(*district_), *seats_,
                branches_ ? std::move(*branches_) : std::vector<BranchCode>{}};
}

void Draft<Branch>::set(Field& f) {
  const auto k = f.key();
  if (k == "code") code_ = f.branch_code();
  else if (k == "name") name_ = f.non_empty_text();
  else if (k == "sector") sector_ = f.non_empty_text();
  else if (k == "isco08") isco08_ = f.digits_code("an ISCO-08 unit group (4 digits)", false);
  else if (k == "occupation_code") occupation_code_ = f.digits_code("a national occupation code NNNN.NN", true);
  else if (k == "nominal_hours") nominal_hours_ = f.count(1);
  else if (k == "certificate") certificate_ = f.choice<CertificateKind>();
}

std::optional<Branch> Draft<Branch>::build(RecordContext& c) {
  c.require(code_, "code");
  c.require(name_, "name");
  c.require(sector_, "sector");
  c.require(nominal_hours_, "nominal_hours");
  c.require(certificate_, "certificate");
  if (!c.clean()) return std::nullopt;
  return Branch{std::move(*code_), std::move(*name_), std::move(*sector_), std::move(isco08_),
                std::move(occupation_code_), *nominal_hours_, *certificate_};
}

void Draft<Course>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Course>();
  else if (k == "branch") branch_ = f.branch_code();
  else if (k == "centre") centre_ = f.id<tag::Centre>();
  else if (k == "start") start_ = f.date();
  else if (k == "end") end_ = f.date();
  else if (k == "total_hours") total_hours_ = f.count(1);
  else if (k == "capacity") capacity_ = f.count(1);
  else if (k == "min_group") min_group_ = f.count(1);
  else if (k == "mode") mode_ = f.choice<DeliveryMode>();
  else if (k == "certificate") certificate_ = f.choice<CertificateKind>();
  else if (k == "status") status_ = f.choice<CourseStatus>();
  else if (k == "min_age") min_age_ = f.count(0, 150);
}

std::optional<Course> Draft<Course>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(branch_, "branch");
  c.require(centre_, "centre");
  c.require(start_, "start");
  c.require(end_, "end");
  c.require(total_hours_, "total_hours");
  c.require(capacity_, "capacity");
  c.require(mode_, "mode");
  c.require(certificate_, "certificate");
  c.require(status_, "status");
  if (!c.clean()) return std::nullopt;
  return Course{*id_, std::move(*branch_), *centre_, *start_, *end_, *total_hours_, *capacity_,
                min_group_, *mode_, *certificate_, *status_, min_age_};
}

void Draft<Trainee>::set_consents(NestedValue::View object, RecordContext& context) {
  for_each_member(object, "consents", context, [&](std::string_view key, Field& field) {
    if (key == "data_processing") {
      if (auto v = field.flag()) consents_.data_processing = *v;
    } else if (key == "share_with_employers") {
      if (auto v = field.flag()) consents_.share_with_employers = *v;
    }
  });
}

void Draft<Trainee>::set_preferences(NestedValue::View object, RecordContext& context) {
  for_each_member(object, "job_preferences", context, [&](std::string_view key, Field& field) {
    if (key == "sectors") {
      if (auto v = field.text_list()) job_preferences_.sectors = std::move(*v);
    } else if (key == "districts") {
      if (auto v = field.text_list()) job_preferences_.districts = std::move(*v);
    } else if (key == "shift") {
      job_preferences_.shift = field.choice<Shift>();
    }
  });
}

void Draft<Trainee>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Trainee>();
  else if (k == "national_id") national_id_ = f.national_id();
  else if (k == "given_name") given_name_ = f.non_empty_text();
  else if (k == "family_name") family_name_ = f.non_empty_text();
  else if (k == "birth_date") birth_date_ = f.date();
  else if (k == "gender") gender_ = f.choice<Gender>();
  else if (k == "phone") phone_ = f.phone();
  else if (k == "email") email_ = f.email();
  else if (k == "province") province_ = f.province();
  else if (k == "district") district_ = f.non_empty_text();
  else if (k == "education_level") education_level_ = f.choice<EducationLevel>();
  else if (k == "employment_status") employment_status_ = f.choice<EmploymentStatus>();
  else if (k == "job_seeking") job_seeking_ = f.flag();
  else if (k == "registered") registered_ = f.date();
  else if (k == "disability") disability_ = f.flag();
  else if (k == "guardian_consent") guardian_consent_ = f.flag();
  else if (k == "consents") {
    if (const auto object = f.object()) set_consents(*object, f.context());
  } else if (k == "job_preferences") {
    if (const auto object = f.object()) set_preferences(*object, f.context());
  }
}

std::optional<Trainee> Draft<Trainee>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(national_id_, "national_id");
  c.require(given_name_, "given_name");
  c.require(family_name_, "family_name");
  c.require(birth_date_, "birth_date");
  c.require(province_, "province");
  c.require(district_, "district");
  c.require(education_level_, "education_level");
  c.require(employment_status_, "employment_status");
  c.require(registered_, "registered");
  if (!c.clean()) return std::nullopt;
  return Trainee{*id_,
                 *national_id_,
                 std::move(*given_name_),
                 std::move(*family_name_),
                 *birth_date_,
                 gender_.value_or(Gender::undisclosed),
                 std::move(phone_),
                 std::move(email_),
                 *province_,
                 std::move(*district_),
                 *education_level_,
                 *employment_status_,
                 job_seeking_.value_or(false),
                 *registered_,
                 disability_.value_or(false),
                 consents_,
                 guardian_consent_.value_or(false),
                 std::move(job_preferences_)};
}

void Draft<Application>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Application>();
  else if (k == "trainee") trainee_ = f.id<tag::Trainee>();
  else if (k == "courses") courses_ = f.id_list<tag::Course>();
  else if (k == "applied") applied_ = f.date();
}

std::optional<Application> Draft<Application>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(trainee_, "trainee");
  c.require(courses_, "courses");
  c.require(applied_, "applied");
  if (!c.clean()) return std::nullopt;
  return Application{*id_, *trainee_, std::move(*courses_), *applied_};
}

void Draft<Enrollment>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Enrollment>();
  else if (k == "trainee") trainee_ = f.id<tag::Trainee>();
  else if (k == "course") course_ = f.id<tag::Course>();
  else if (k == "status") status_ = f.choice<EnrollmentStatus>();
  else if (k == "absent_hours") absent_hours_ = f.count();
  else if (k == "score") score_ = f.count(0, 100);
  else if (k == "enrolled") enrolled_ = f.date();
  else if (k == "ended") ended_ = f.date();
}

std::optional<Enrollment> Draft<Enrollment>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(trainee_, "trainee");
  c.require(course_, "course");
  c.require(status_, "status");
  if (!c.clean()) return std::nullopt;
  return Enrollment{*id_, *trainee_, *course_, *status_, absent_hours_.value_or(0), score_, enrolled_, ended_};
}

void Draft<Certificate>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Certificate>();
  else if (k == "enrollment") enrollment_ = f.id<tag::Enrollment>();
  else if (k == "kind") kind_ = f.choice<CertificateKind>();
  else if (k == "issued") issued_ = f.date();
  else if (k == "external_number") external_number_ = f.non_empty_text();
  else if (k == "verification_code") verification_code_ = f.non_empty_text();
  else if (k == "revoked") {
    if (const auto object = f.object()) revoked_ = decode_revocation(*object, "revoked", f.context());
  }
}

std::optional<Certificate> Draft<Certificate>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(enrollment_, "enrollment");
  c.require(kind_, "kind");
  c.require(issued_, "issued");
  c.require(verification_code_, "verification_code");
  if (!c.clean()) return std::nullopt;
  return Certificate{*id_, *enrollment_, *kind_, *issued_, std::move(external_number_),
                     std::move(*verification_code_), std::move(revoked_)};
}

void Draft<Employer>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Employer>();
  else if (k == "name") name_ = f.non_empty_text();
  else if (k == "tax_number") tax_number_ = f.tax_number();
  else if (k == "sector") sector_ = f.non_empty_text();
  else if (k == "province") province_ = f.province();
  else if (k == "district") district_ = f.non_empty_text();
  else if (k == "consent") consent_ = f.flag();
  else if (k == "contact") {
    if (const auto object = f.object()) contact_ = decode_contact(*object, "contact", f.context());
  }
}

std::optional<Employer> Draft<Employer>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(name_, "name");
  c.require(tax_number_, "tax_number");
  c.require(sector_, "sector");
  c.require(province_, "province");
  c.require(district_, "district");
  if (!c.clean()) return std::nullopt;
  return Employer{*id_, std::move(*name_), std::move(*tax_number_), std::move(*sector_), *province_,
                  std::move(*district_), consent_.value_or(false), std::move(contact_)};
}

bool is_protected_attribute_key(std::string_view key) noexcept {
  // Whole words of the key, so `gender` and `preferred_gender` match but `agenda` does not.
  static constexpr std::array<std::string_view, 14> kWords{
      "gender", "sex", "marital", "married", "religion", "religious", "ethnicity", "ethnic", "race",
      "cinsiyet", "medeni", "din", "irk", "etnik"};
  std::size_t begin = 0;
  while (begin < key.size()) {
    std::size_t end = begin;
    while (end < key.size() && std::isalpha(static_cast<unsigned char>(key[end]))) ++end;
    if (end > begin) {
      std::string word(key.substr(begin, end - begin));
      std::transform(word.begin(), word.end(), word.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (std::find(kWords.begin(), kWords.end(), word) != kWords.end()) return true;
    }
    begin = end + 1;
  }
  return false;
}

namespace {

// Looks for protected-attribute keys inside a nested value (e.g. `"requirements": {"gender": …}`).
void report_protected_keys(NestedValue::View value, const std::string& path, RecordContext& context) {
  if (value.kind() == ValueKind::object) {
    value.for_each([&](NestedValue::View member) {
      const std::string_view key = member.key();
      const std::string member_path = join_path(path, key);
      if (is_protected_attribute_key(key)) {
        context.report(IssueCode::protected_attribute_criterion, member_path,
                       "a vacancy may not select people by '" + std::string(key) + "' (a protected attribute)");
      } else {
        report_protected_keys(member, member_path, context);
      }
    });
  } else if (value.kind() == ValueKind::array) {
    std::size_t i = 0;
    value.for_each([&](NestedValue::View item) { report_protected_keys(item, index_path(path, i++), context); });
  }
}

}  // namespace

void Draft<Vacancy>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Vacancy>();
  else if (k == "employer") employer_ = f.id<tag::Employer>();
  else if (k == "title") title_ = f.non_empty_text();
  else if (k == "branch") branch_ = f.branch_code();
  else if (k == "occupation_code") occupation_code_ = f.digits_code("a national occupation code NNNN.NN", true);
  else if (k == "positions") positions_ = f.count(1);
  else if (k == "requires_certificate") requires_certificate_ = f.flag();
  else if (k == "min_age") min_age_ = f.count(0, 150);
  else if (k == "province") province_ = f.province();
  else if (k == "district") district_ = f.non_empty_text();
  else if (k == "shift") shift_ = f.choice<Shift>();
  else if (k == "opened") opened_ = f.date();
  else if (k == "closes") closes_ = f.date();
  else if (k == "status") status_ = f.choice<VacancyStatus>();
  else if (is_protected_attribute_key(k)) {
    f.report(IssueCode::protected_attribute_criterion,
             "a vacancy may not select people by '" + std::string(k) + "' (a protected attribute)");
  } else if (const auto nested = f.structured()) {
    report_protected_keys(*nested, std::string(k), f.context());
  }
}

std::optional<Vacancy> Draft<Vacancy>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(employer_, "employer");
  c.require(title_, "title");
  c.require(positions_, "positions");
  c.require(province_, "province");
  c.require(district_, "district");
  c.require(opened_, "opened");
  c.require(closes_, "closes");
  c.require(status_, "status");
  if (!branch_ && !occupation_code_ && !c.reported("branch") && !c.reported("occupation_code")) {
    c.report(IssueCode::missing_field, "branch", "a vacancy needs a branch or an occupation_code");
  }
  if (!c.clean()) return std::nullopt;
  return Vacancy{*id_, *employer_, std::move(*title_), std::move(branch_), std::move(occupation_code_),
                 *positions_, requires_certificate_.value_or(false), min_age_, *province_,
                 std::move(*district_), shift_.value_or(Shift::any), *opened_, *closes_, *status_};
}

void Draft<Referral>::set(Field& f) {
  const auto k = f.key();
  if (k == "id") id_ = f.id<tag::Referral>();
  else if (k == "trainee") trainee_ = f.id<tag::Trainee>();
  else if (k == "vacancy") vacancy_ = f.id<tag::Vacancy>();
  else if (k == "referred") referred_ = f.date();
  else if (k == "status") status_ = f.choice<ReferralStatus>();
  else if (k == "decided") decided_ = f.date();
  else if (k == "hired") hired_ = f.date();
  else if (k == "ended") ended_ = f.date();
  else if (k == "reason") reason_ = f.non_empty_text();
}

std::optional<Referral> Draft<Referral>::build(RecordContext& c) {
  c.require(id_, "id");
  c.require(trainee_, "trainee");
  c.require(vacancy_, "vacancy");
  c.require(referred_, "referred");
  c.require(status_, "status");
  if (!c.clean()) return std::nullopt;
  return Referral{*id_, *trainee_, *vacancy_, *referred_, *status_, decided_, hired_, ended_, std::move(reason_)};
}

void Draft<Policy>::set(Field& f) {
  const auto k = f.key();
  auto assign = [](std::uint32_t& target, std::optional<std::uint32_t> value) {
    if (value) target = *value;
  };
  if (k == "name") {
    if (auto v = f.non_empty_text()) policy_.name = std::move(*v);
  } else if (k == "residency") {
    if (const auto object = f.object()) residency_ = decode_residency(*object, "residency", f.context());
  } else if (k == "min_group") assign(policy_.min_group, f.count(1));
  else if (k == "min_age") assign(policy_.min_age, f.count(0, 150));
  else if (k == "guardian_consent_under") assign(policy_.guardian_consent_under, f.count(0, 150));
  else if (k == "max_active_enrollments") assign(policy_.max_active_enrollments, f.count(1));
  else if (k == "max_absence_ratio") {
    if (auto v = f.ratio()) policy_.max_absence_ratio = *v;
  } else if (k == "pass_mark") assign(policy_.pass_mark, f.count(0, 100));
  else if (k == "max_active_referrals") assign(policy_.max_active_referrals, f.count(1));
  else if (k == "early_leave_days") assign(policy_.early_leave_days, f.count(0, 36500));
  else if (k == "retention_days") assign(policy_.retention_days, f.count(0, 36500));
  else if (k == "decline_limit") assign(policy_.decline_limit, f.count(1));
  else if (k == "decline_window_days") assign(policy_.decline_window_days, f.count(0, 36500));
  else if (k == "pause_days") assign(policy_.pause_days, f.count(0, 36500));
}

std::optional<Policy> Draft<Policy>::build(RecordContext& c) {
  if (!c.clean()) return std::nullopt;
  Policy policy = std::move(policy_);
  if (residency_) policy.residency = std::move(*residency_);
  return policy;
}

// ---------------------------------------------------------------------------------------------
// Encoding. Fields in the order of the entity declarations; absent optionals omitted.

namespace {

using ordered = nlohmann::ordered_json;

std::string national_id_text(const NationalId& id, const WriteOptions& options) {
  return options.mask_national_ids ? id.masked() : id.digits();
}

template <class T>
void put_optional(ordered& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}

void put_optional_date(ordered& object, const char* key, const std::optional<Date>& value) {
  if (value) object[key] = to_iso_string(*value);
}

template <class Tag>
ordered id_array(const std::vector<Id<Tag>>& ids) {
  ordered array = ordered::array();
  for (const auto& id : ids) array.push_back(id.to_string());
  return array;
}

}  // namespace

ordered to_json_value(const Centre& r, const WriteOptions&) {
  ordered branches = ordered::array();
  for (const auto& code : r.branches) branches.push_back(code.str());
  return ordered{{"id", r.id.to_string()}, {"code", r.code},         {"name", r.name},
                 {"province", r.province.to_string()}, {"district", r.district}, {"seats", r.seats},
                 {"branches", std::move(branches)}};
}

ordered to_json_value(const Branch& r, const WriteOptions&) {
  ordered o{{"code", r.code.str()}, {"name", r.name}, {"sector", r.sector}};
  put_optional(o, "isco08", r.isco08);
  put_optional(o, "occupation_code", r.occupation_code);
  o["nominal_hours"] = r.nominal_hours;
  o["certificate"] = to_string(r.certificate);
  return o;
}

ordered to_json_value(const Course& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()},
            {"branch", r.branch.str()},
            {"centre", r.centre.to_string()},
            {"start", to_iso_string(r.start)},
            {"end", to_iso_string(r.end)},
            {"total_hours", r.total_hours},
            {"capacity", r.capacity}};
  put_optional(o, "min_group", r.min_group);
  o["mode"] = to_string(r.mode);
  o["certificate"] = to_string(r.certificate);
  o["status"] = to_string(r.status);
  put_optional(o, "min_age", r.min_age);
  return o;
}

ordered to_json_value(const Trainee& r, const WriteOptions& options) {
  ordered o{{"id", r.id.to_string()},
            {"national_id", national_id_text(r.national_id, options)},
            {"given_name", r.given_name},
            {"family_name", r.family_name},
            {"birth_date", to_iso_string(r.birth_date)},
            {"gender", to_string(r.gender)}};
  if (r.phone) o["phone"] = r.phone->e164();
  put_optional(o, "email", r.email);
  o["province"] = r.province.to_string();
  o["district"] = r.district;
  o["education_level"] = to_string(r.education_level);
  o["employment_status"] = to_string(r.employment_status);
  o["job_seeking"] = r.job_seeking;
  o["registered"] = to_iso_string(r.registered);
  o["disability"] = r.disability;
  o["consents"] = ordered{{"data_processing", r.consents.data_processing},
                          {"share_with_employers", r.consents.share_with_employers}};
  o["guardian_consent"] = r.guardian_consent;
  ordered preferences{{"sectors", r.job_preferences.sectors}, {"districts", r.job_preferences.districts}};
  if (r.job_preferences.shift) preferences["shift"] = to_string(*r.job_preferences.shift);
  o["job_preferences"] = std::move(preferences);
  return o;
}

ordered to_json_value(const Application& r, const WriteOptions&) {
  return ordered{{"id", r.id.to_string()},
                 {"trainee", r.trainee.to_string()},
                 {"courses", id_array(r.courses)},
                 {"applied", to_iso_string(r.applied)}};
}

ordered to_json_value(const Enrollment& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()},
            {"trainee", r.trainee.to_string()},
            {"course", r.course.to_string()},
            {"status", to_string(r.status)},
            {"absent_hours", r.absent_hours}};
  put_optional(o, "score", r.score);
  put_optional_date(o, "enrolled", r.enrolled);
  put_optional_date(o, "ended", r.ended);
  return o;
}

ordered to_json_value(const Certificate& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()},
            {"enrollment", r.enrollment.to_string()},
            {"kind", to_string(r.kind)},
            {"issued", to_iso_string(r.issued)}};
  put_optional(o, "external_number", r.external_number);
  o["verification_code"] = r.verification_code;
  if (r.revoked) o["revoked"] = ordered{{"reason", r.revoked->reason}, {"date", to_iso_string(r.revoked->date)}};
  return o;
}

ordered to_json_value(const Employer& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()},
            {"name", r.name},
            {"tax_number", r.tax_number.digits()},
            {"sector", r.sector},
            {"province", r.province.to_string()},
            {"district", r.district},
            {"consent", r.consent}};
  if (r.contact) {
    ordered contact{{"name", r.contact->name}};
    if (r.contact->phone) contact["phone"] = r.contact->phone->e164();
    put_optional(contact, "email", r.contact->email);
    o["contact"] = std::move(contact);
  }
  return o;
}

ordered to_json_value(const Vacancy& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()}, {"employer", r.employer.to_string()}, {"title", r.title}};
  if (r.branch) o["branch"] = r.branch->str();
  put_optional(o, "occupation_code", r.occupation_code);
  o["positions"] = r.positions;
  o["requires_certificate"] = r.requires_certificate;
  put_optional(o, "min_age", r.min_age);
  o["province"] = r.province.to_string();
  o["district"] = r.district;
  o["shift"] = to_string(r.shift);
  o["opened"] = to_iso_string(r.opened);
  o["closes"] = to_iso_string(r.closes);
  o["status"] = to_string(r.status);
  return o;
}

ordered to_json_value(const Referral& r, const WriteOptions&) {
  ordered o{{"id", r.id.to_string()},
            {"trainee", r.trainee.to_string()},
            {"vacancy", r.vacancy.to_string()},
            {"referred", to_iso_string(r.referred)},
            {"status", to_string(r.status)}};
  put_optional_date(o, "decided", r.decided);
  put_optional_date(o, "hired", r.hired);
  put_optional_date(o, "ended", r.ended);
  put_optional(o, "reason", r.reason);
  return o;
}

ordered to_json_value(const Policy& r, const WriteOptions&) {
  ordered o{{"name", r.name}};
  if (r.residency) {
    ordered residency{{"province", r.residency->province.to_string()}};
    put_optional(residency, "district", r.residency->district);
    o["residency"] = std::move(residency);
  }
  o["min_group"] = r.min_group;
  o["min_age"] = r.min_age;
  o["guardian_consent_under"] = r.guardian_consent_under;
  o["max_active_enrollments"] = r.max_active_enrollments;
  o["max_absence_ratio"] =
      std::to_string(r.max_absence_ratio.numerator) + "/" + std::to_string(r.max_absence_ratio.denominator);
  o["pass_mark"] = r.pass_mark;
  o["max_active_referrals"] = r.max_active_referrals;
  o["early_leave_days"] = r.early_leave_days;
  o["retention_days"] = r.retention_days;
  o["decline_limit"] = r.decline_limit;
  o["decline_window_days"] = r.decline_window_days;
  o["pause_days"] = r.pause_days;
  return o;
}

std::string TextOrigin::describe(std::size_t position) const {
  std::size_t at = position == 0 ? 0 : position - 1;
  at = at < prefix_length ? 0 : std::min(at - prefix_length, length);
  const std::string_view before(document, at);
  const auto newlines = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t last_newline = before.rfind('\n');
  const std::uint64_t column_here = last_newline == std::string_view::npos ? column + at : at - last_newline;
  return "line " + std::to_string(line + newlines) + ", column " + std::to_string(column_here);
}

std::string parse_error_message(const nlohmann::detail::exception& error, std::string_view last_token,
                                std::string_view position) {
  std::string found;
  if (error.id == 406) {
    found = "a number too large to read";  // nlohmann's text quotes the number
  } else {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: <found>"
    std::string_view text(error.what());
    if (const auto column = text.find(", column "); column != std::string_view::npos) {
      if (const auto colon = text.find(": ", column); colon != std::string_view::npos) text.remove_prefix(colon + 2);
    } else if (const auto bracket = text.find("] "); bracket != std::string_view::npos) {
      text.remove_prefix(bracket + 2);
    }
    found = text;
    const std::string excerpt = "; last read: '" + std::string(last_token) + "'";
    if (const auto at = found.find(excerpt); at != std::string::npos) found.erase(at, excerpt.size());
  }
  return "parse error at " + std::string(position) + ": " + found;
}

namespace {

// SAX events of one JSON value straight into a NestedValue: no DOM, no recursion, bounded depth.
class NestedValueReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  NestedValueReader(NestedValue& value, const TextOrigin& origin, std::string_view path)
      : value_(value), origin_(origin), path_(path) {}

  const std::optional<Issue>& failure() const noexcept { return failure_; }

  bool null() override { return add([&] { value_.add_null(key_); }); }
  bool boolean(bool v) override { return add([&] { value_.add_boolean(key_, v); }); }
  bool number_integer(number_integer_t v) override { return add([&] { value_.add_integer(key_, v); }); }
  bool number_unsigned(number_unsigned_t v) override { return add([&] { value_.add_unsigned(key_, v); }); }
  bool number_float(number_float_t v, const string_t&) override { return add([&] { value_.add_floating(key_, v); }); }
  bool string(string_t& v) override { return add([&] { value_.add_string(key_, v); }); }
  bool binary(binary_t&) override { return true; }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool start_object(std::size_t) override { return open(ValueKind::object); }
  bool start_array(std::size_t) override { return open(ValueKind::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    failure_ = Issue{IssueCode::parse_error, std::string(path_),
                     parse_error_message(error, last_token, origin_.describe(position))};
    return false;
  }

 private:
  template <class Add>
  bool add(Add&& add_value) {
    add_value();  // a scalar alone becomes the root itself
    return true;
  }
  bool open(ValueKind kind) {
    if (value_.depth() >= kMaxNestingDepth) {
      failure_ = Issue{IssueCode::parse_error, std::string(path_),
                       "values are nested deeper than " + std::to_string(kMaxNestingDepth) + " levels"};
      return false;
    }
    value_.open(kind, key_);
    return true;
  }
  bool close() {
    value_.close();
    return true;
  }

  NestedValue& value_;
  TextOrigin origin_;
  std::string_view path_;
  std::string key_;
  std::optional<Issue> failure_;
};

}  // namespace

std::optional<Issue> read_nested_value(std::string_view text, std::string_view path, NestedValue& value) {
  value.clear();
  const TextOrigin origin{text.data(), text.size()};
  NestedValueReader reader(value, origin, path);
  bool parsed = false;
  try {
    parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &reader, nlohmann::json::input_format_t::json,
                                       /*strict=*/true);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception&) {
    return Issue{IssueCode::parse_error, std::string(path), "the text cannot be read as JSON"};
  }
  if (!parsed) {
    if (reader.failure()) return reader.failure();
    return Issue{IssueCode::parse_error, std::string(path), "the text cannot be read as JSON"};
  }
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    return Issue{IssueCode::parse_error, std::string(path),
                 "parse error at " + origin.describe(at + 1) + ": a NUL byte, which JSON text cannot contain"};
  }
  return std::nullopt;
}

std::string dump_compact(const nlohmann::ordered_json& value) {
  // Invalid UTF-8 cannot come from the reader (nlohmann rejects it), but records built in memory
  // may carry it; replacing keeps the writer total instead of throwing.
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace vocfab::io_detail

// ---------------------------------------------------------------------------------------------
// Public single-record API

namespace vocfab {

template <class Entity>
Decoded<Entity> decode_json(std::string_view text, std::string_view path) {
  Decoded<Entity> result;
  io_detail::NestedValue record;
  if (auto failure = io_detail::read_nested_value(text, path, record)) {
    result.issues.push_back(std::move(*failure));
    return result;
  }
  if (record.root().kind() != io_detail::ValueKind::object) {
    result.issues.push_back(Issue{IssueCode::invalid_value, std::string(path), "expected a JSON object"});
    return result;
  }
  io_detail::RecordContext context(result.issues, path);
  io_detail::Draft<Entity> draft;
  io_detail::decode_object(draft, record.root(), context);
  result.value = draft.build(context);
  return result;
}

template Decoded<Centre> decode_json<Centre>(std::string_view, std::string_view);
template Decoded<Branch> decode_json<Branch>(std::string_view, std::string_view);
template Decoded<Course> decode_json<Course>(std::string_view, std::string_view);
template Decoded<Trainee> decode_json<Trainee>(std::string_view, std::string_view);
template Decoded<Application> decode_json<Application>(std::string_view, std::string_view);
template Decoded<Enrollment> decode_json<Enrollment>(std::string_view, std::string_view);
template Decoded<Certificate> decode_json<Certificate>(std::string_view, std::string_view);
template Decoded<Employer> decode_json<Employer>(std::string_view, std::string_view);
template Decoded<Vacancy> decode_json<Vacancy>(std::string_view, std::string_view);
template Decoded<Referral> decode_json<Referral>(std::string_view, std::string_view);
template Decoded<Policy> decode_json<Policy>(std::string_view, std::string_view);

std::string encode_json(const Centre& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Branch& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Course& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Trainee& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Application& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Enrollment& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Certificate& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Employer& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Vacancy& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Referral& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }
std::string encode_json(const Policy& r, const WriteOptions& o) { return io_detail::dump_compact(io_detail::to_json_value(r, o)); }

std::string issues_to_json(const std::vector<Issue>& issues) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& issue : issues) {
    array.push_back({{"code", to_string(issue.code)}, {"path", issue.path}, {"message", issue.message}});
  }
  return io_detail::dump_compact(array);
}

}  // namespace vocfab
