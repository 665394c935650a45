// Operations in JSON (vocfab/io/operations_json.h).
//
// An operation is decoded as a record is: its arguments through the drafts of their descriptions
// (vocfab/ops/operation.h), the record `add` brings through the dataset reader's own drafts, the
// fields `update` sets through the drafts of the `...Changes` descriptions. So every value obeys
// the rule it obeys in a dataset, and this file names no argument of any operation. Unlike a
// dataset record, an operation refuses every member it does not know, at any depth: a misspelt
// argument must not make it do something else than what was meant.
#include "vocfab/io/operations_json.h"

#include "io/record_codec.h"
#include "io/record_drafts.h"
#include "vocfab/io/json.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/protected_attributes.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <variant>

namespace vocfab {
namespace {

// The UUIDs an operation or a request names that are no reference of a described kind: the record
// an operation creates, the record `update` changes, a batch.
struct GivenTag {};
using GivenId = Id<GivenTag>;

// The arguments every operation may take.
struct CommonArguments {
  std::optional<Date> on;
  std::optional<GivenId> id;
  std::optional<std::string> actor;
  std::optional<std::string> key;
};

// An apply request's fields other than `ops`.
struct RequestFields {
  std::string actor;
  std::optional<Timestamp> at;
  std::optional<Date> date;
  std::optional<GivenId> batch;
  bool check_only = false;
  std::optional<std::uint64_t> id_seed;
};

// An actor and a key end up in audit entries, which the dataset reader must read back: they obey
// the rules of those fields.
template <Described T>
constexpr TextRule text_rule_of(std::string_view name) {
  TextRule rule{};
  for_each_field<T>([&](const auto& field) {
    if (field.name == name) rule = field.text;
  });
  return rule;
}
constexpr TextRule kActorRule = text_rule_of<AuditEntry>("actor");
constexpr TextRule kKeyRule = text_rule_of<AuditEntry>("key");

}  // namespace

template <>
struct Description<CommonArguments> {
  static constexpr auto fields = std::make_tuple(
      optional("on", &CommonArguments::on, "The business day of the event."),
      optional("id", &CommonArguments::id, "The id of the record it creates."),
      optional("actor", &CommonArguments::actor, "Who does it.").with(kActorRule),
      optional("key", &CommonArguments::key, "An idempotency key.").with(kKeyRule));
};

template <>
struct Description<RequestFields> {
  static constexpr auto fields = std::make_tuple(
      required("actor", &RequestFields::actor, "Who applies the batch.").with(kActorRule),
      optional("at", &RequestFields::at, "When, UTC; the caller's clock when absent."),
      optional("date", &RequestFields::date, "The business day of operations without on; at's day when absent."),
      optional("batch", &RequestFields::batch, "The batch's id; a fresh UUID when absent."),
      defaulted("check_only", &RequestFields::check_only, description_detail::constant<bool, false>,
                "Report what the batch would do and change nothing."),
      optional("id_seed", &RequestFields::id_seed, "Seed for the fresh ids.")
          .with(CountRule{0, std::numeric_limits<std::uint64_t>::max()}));
};

namespace {

using io_detail::Field;
using io_detail::FieldValue;
using io_detail::NestedValue;
using io_detail::RecordContext;
using io_detail::ValueKind;
using ordered_json = nlohmann::ordered_json;

constexpr std::string_view kTwice = "written twice in one object; a key may appear once";

// ---------------------------------------------------------------------------------------------
// What a description knows about names

// Calls `visit(std::type_identity<V>{})` with the value type of @p T's field called @p name (a
// field of an inlined part included); false when @p T has no such field.
template <Described T, class Visit>
bool visit_field_type(std::string_view name, Visit&& visit) {
  bool found = false;
  for_each_field<T>([&](const auto& field) {
    using Value = typename unwrap_optional<typename std::remove_cvref_t<decltype(field)>::member_type>::type;
    if (found) return;
    if constexpr (Described<Value>) {
      if (field.inlined) {
        found = visit_field_type<Value>(name, visit);
        return;
      }
    }
    if (field.name == name) {
      found = true;
      visit(std::type_identity<Value>{});
    }
  });
  return found;
}

// "a, b, c": the JSON names of @p T's fields (those of inlined parts in place).
template <Described T>
void append_field_names(std::string& list) {
  for_each_field<T>([&](const auto& field) {
    using Value = typename unwrap_optional<typename std::remove_cvref_t<decltype(field)>::member_type>::type;
    if constexpr (Described<Value>) {
      if (field.inlined) {
        append_field_names<Value>(list);
        return;
      }
    }
    if (!list.empty()) list.append(", ");
    list.append(field.name);
  });
}
template <Described T>
std::string field_names() {
  std::string list;
  append_field_names<T>(list);
  return list;
}

// ---------------------------------------------------------------------------------------------
// Unknown members inside a record or a change: refused, where the dataset reader ignores them.

template <Described T>
void refuse_unknown_members(NestedValue::View object, std::string_view path, RecordContext& context);

// Inside @p value, a value of type @p Value at @p path (relative to the context).
template <class Value>
void refuse_unknown_inside(NestedValue::View value, std::string_view path, RecordContext& context) {
  if constexpr (Described<Value>) {
    if (value.kind() == ValueKind::object) refuse_unknown_members<Value>(value, path, context);
  } else if constexpr (is_vector_v<Value>) {
    if constexpr (Described<typename Value::value_type>) {
      if (value.kind() != ValueKind::array) return;
      std::size_t index = 0;
      value.for_each([&](NestedValue::View item) {
        refuse_unknown_inside<typename Value::value_type>(item, index_path(path, index++), context);
      });
    }
  }
}

template <Described T>
void refuse_unknown_members(NestedValue::View object, std::string_view path, RecordContext& context) {
  object.for_each([&](NestedValue::View member) {
    if (member.kind() == ValueKind::null) return;  // absent
    // An unknown key is masked in the path too: it may be anything, a national id included.
    const std::string here = join_path(path, mask_national_ids(member.key()));
    const bool known = visit_field_type<T>(member.key(), [&](auto type) {
      refuse_unknown_inside<typename decltype(type)::type>(member, here, context);
    });
    if (known) return;
    // A vacancy's key naming a protected attribute is the reader's to refuse, with its own code.
    if constexpr (std::is_same_v<T, Vacancy>) {
      if (is_protected_attribute_key(member.key())) return;
    }
    context.report(IssueCode::invalid_value, here,
                   quote_value(member.key()) + " is not a field here; the fields are: " + field_names<T>());
  });
}

// ---------------------------------------------------------------------------------------------
// Arguments of each operation. Each reader takes the members that are its arguments (`take`),
// then makes the arguments or reports what is missing (`build`).

template <class T, class Variant>
inline constexpr bool is_alternative_v = false;
template <class T, class... Alternatives>
inline constexpr bool is_alternative_v<T, std::variant<Alternatives...>> = (std::is_same_v<T, Alternatives> || ...);

// The operations that create a record, and so take the common `id` of the record they create.
template <class T>
inline constexpr bool creates_record_v = std::is_same_v<T, ops::ApplyToCourses> || std::is_same_v<T, ops::Enroll> ||
                                         std::is_same_v<T, ops::IssueCertificate> || std::is_same_v<T, ops::Refer>;

// "a, b, c": the collections whose record kind @p accepts (called with `std::type_identity<E>`).
template <class Accepts>
std::string collection_names(Accepts accepts) {
  std::string list;
  for (Collection collection : kAllCollections) {
    if (!visit_entity(collection, accepts)) continue;
    if (!list.empty()) list.append(", ");
    list.append(to_string(collection));
  }
  return list;
}

// Arguments with a description (every operation but `add`, `update` and `advance`).
template <Described T>
class DescribedArguments {
 public:
  bool take(Field& field) { return draft_.set(field); }
  std::optional<T> build(RecordContext& context) { return draft_.build(context, {}); }
  static std::string names() { return field_names<T>(); }

 private:
  io_detail::Draft<T> draft_;
};

// `advance`: nothing of its own (`on` is common).
class NoArguments {
 public:
  bool take(Field&) { return false; }
  std::optional<ops::Advance> build(RecordContext&) { return ops::Advance{}; }
  static std::string names() { return {}; }
};

// A required argument of `add` or `update`: whether it was given, and its value if it was right.
template <class Value>
struct Given {
  bool given = false;
  std::optional<Value> value;
};

// `collection`, and an object (`record`, `set`) kept until the collection says how to read it.
struct CollectionAndObject {
  Given<Collection> collection;
  Given<NestedValue::View> object;
  std::string_view object_name;

  bool take(Field& field) {
    if (field.key() == "collection") {
      collection.given = true;
      collection.value = field.collection();
    } else if (field.key() == object_name) {
      object.given = true;
      object.value = field.object();
    } else {
      return false;
    }
    return true;
  }
};

void report_missing(RecordContext& context, std::string_view name) {
  context.report(IssueCode::missing_field, name, "required field is missing");
}
template <class Value>
void report_missing(RecordContext& context, std::string_view name, const Given<Value>& argument) {
  if (!argument.given) report_missing(context, name);
}

// `add`: a collection and a record of it, read as the dataset reader reads one.
class AddArguments {
  using Record = decltype(ops::Add::record);

 public:
  bool take(Field& field) {
    if (field.key() == "id") {
      field.report(IssueCode::invalid_value, "add takes the new record's id in record");
      return true;
    }
    return arguments_.take(field);
  }

  std::optional<ops::Add> build(RecordContext& context) {
    report_missing(context, "collection", arguments_.collection);
    report_missing(context, "record", arguments_.object);
    const std::optional<Collection> collection = arguments_.collection.value;
    const std::optional<NestedValue::View> object = arguments_.object.value;
    if (!collection) return std::nullopt;
    return visit_entity(*collection, [&](auto kind) -> std::optional<ops::Add> {
      using E = typename decltype(kind)::type;
      if constexpr (is_alternative_v<E, Record>) {
        if (!object) return std::nullopt;
        refuse_unknown_members<E>(*object, "record", context);
        io_detail::Draft<E> draft;
        draft.set_all(*object, context, "record");
        auto record = draft.build(context, "record");
        if (!record || !context.clean()) return std::nullopt;
        return ops::Add{std::move(*record)};
      } else {
        context.report(IssueCode::invalid_value, "collection",
                       quote_value(to_string(*collection)) + " cannot be added by add (their records are made by " +
                           "their own operations); add adds to: " + collection_names([](auto added) {
                             return is_alternative_v<typename decltype(added)::type, Record>;
                           }));
        return std::nullopt;
      }
    });
  }

  static std::string names() { return "collection, record"; }

 private:
  CollectionAndObject arguments_{{}, {}, "record"};
};

}  // namespace

// What `update` may change on each kind of record (void: nothing). Declared only, for decltype
// (outside the anonymous namespace, where a function never defined is an error).
namespace operations_json_detail {
ops::TraineeChanges changes_of(std::type_identity<Trainee>);
ops::EmployerChanges changes_of(std::type_identity<Employer>);
ops::CourseChanges changes_of(std::type_identity<Course>);
ops::VacancyChanges changes_of(std::type_identity<Vacancy>);
void changes_of(...);
}  // namespace operations_json_detail

namespace {

template <class E>
using ChangesOf = decltype(operations_json_detail::changes_of(std::type_identity<E>{}));

// The fields `set` changes: each one a field of @p Wanted, with a new value.
template <Described Wanted>
std::optional<Wanted> read_changes(NestedValue::View set, RecordContext& context) {
  if (set.size() == 0) {
    context.report(IssueCode::invalid_value, "set", "names nothing to change; update changes: " + field_names<Wanted>());
    return std::nullopt;
  }
  io_detail::Draft<Wanted> draft;
  std::string path;
  set.for_each([&](NestedValue::View member) {
    path = join_path("set", mask_national_ids(member.key()));
    FieldValue value = FieldValue::of(member);
    Field field(member.key(), path, value, context);
    if (value.is_null()) {
      // A change holds new values only: there is no way to say "remove it".
      field.report(IssueCode::invalid_value, "cannot be removed by update; give its new value");
    } else if (!draft.set(field)) {
      field.report(IssueCode::invalid_value, quote_value(member.key()) +
                                                 " cannot be changed by update (ids, references and statuses never "
                                                 "are); it changes: " + field_names<Wanted>());
    } else {
      visit_field_type<Wanted>(member.key(), [&](auto type) {
        refuse_unknown_inside<typename decltype(type)::type>(member, path, context);
      });
    }
  });
  auto changes = draft.build(context, "set");
  if (!context.clean()) return std::nullopt;
  return changes;
}

// `update`: a collection, the id of one of its records, and the fields to change (`set`).
class UpdateArguments {
  using Changes = decltype(ops::Update::changes);

 public:
  bool take(Field& field) {
    if (field.key() == "id") {
      id_.given = true;
      id_.value = field.id<GivenTag>();
      return true;
    }
    return arguments_.take(field);
  }

  std::optional<ops::Update> build(RecordContext& context) {
    report_missing(context, "collection", arguments_.collection);
    report_missing(context, "id", id_);
    report_missing(context, "set", arguments_.object);
    const std::optional<Collection> collection = arguments_.collection.value;
    const std::optional<NestedValue::View> set = arguments_.object.value;
    if (!collection) return std::nullopt;
    std::optional<Changes> changes = visit_entity(*collection, [&](auto kind) -> std::optional<Changes> {
      using Wanted = ChangesOf<typename decltype(kind)::type>;
      if constexpr (is_alternative_v<Wanted, Changes>) {
        if (!set) return std::nullopt;
        return read_changes<Wanted>(*set, context);
      } else {
        context.report(IssueCode::invalid_value, "collection",
                       quote_value(to_string(*collection)) + " cannot be changed by update; update changes: " +
                           collection_names([](auto changed) {
                             return is_alternative_v<ChangesOf<typename decltype(changed)::type>, Changes>;
                           }));
        return std::nullopt;
      }
    });
    if (!changes || !id_.value) return std::nullopt;
    return ops::Update{*collection, id_.value->to_string(), std::move(*changes)};
  }

  static std::string names() { return "collection, id, set"; }

 private:
  CollectionAndObject arguments_{{}, {}, "set"};
  Given<GivenId> id_;
};

template <class T>
auto arguments_reader() {
  if constexpr (std::is_same_v<T, ops::Add>) return AddArguments{};
  else if constexpr (std::is_same_v<T, ops::Update>) return UpdateArguments{};
  else if constexpr (std::is_same_v<T, ops::Advance>) return NoArguments{};
  else return DescribedArguments<T>{};
}

// ---------------------------------------------------------------------------------------------
// One operation

// An operation's name, and the alternative of ops::Arguments (and the outcome) it decodes to.
struct NamedOperation {
  std::string_view name;
  std::size_t alternative = 0;
  ops::Outcome outcome = ops::Outcome::reject;
};

// Names alternative @p I with the next of @p names (`Decide`, whose outcome is its name, with the
// next three, in the order of `ops::Outcome`).
template <std::size_t I>
void add_names(std::span<const std::string_view> names, std::size_t& next, std::vector<NamedOperation>& named) {
  using T = std::variant_alternative_t<I, ops::Arguments>;
  auto name = [&](ops::Outcome outcome) {
    if (next < names.size()) named.push_back({names[next++], I, outcome});
  };
  if constexpr (std::is_same_v<T, ops::Decide>) {
    for (ops::Outcome outcome : {ops::Outcome::reject, ops::Outcome::decline, ops::Outcome::no_show}) name(outcome);
  } else {
    name(ops::Outcome::reject);
  }
}

// The names are spelt once, by operation_names(), which lists them in the order of the alternatives
// of ops::Arguments (the tests check that each name reads as the operation of that name).
const std::vector<NamedOperation>& named_operations() {
  static const std::vector<NamedOperation> table = [] {
    std::vector<NamedOperation> named;
    std::size_t next = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (add_names<I>(operation_names(), next, named), ...);
    }(std::make_index_sequence<std::variant_size_v<ops::Arguments>>{});
    return named;
  }();
  return table;
}

std::string all_operation_names() {
  std::string list;
  for (std::string_view name : operation_names()) {
    if (!list.empty()) list.append(", ");
    list.append(name);
  }
  return list;
}

// Reads one operation object into its draft.
class OperationReader {
 public:
  OperationReader(NestedValue::View object, std::size_t index, OperationDraft& draft)
      : object_(object), draft_(draft), context_(draft.issues, index_path("ops", index)) {}

  void read() {
    const NamedOperation* named = find_operation();
    if (!named) return;
    draft_.op = std::string(named->name);
    read_as(*named, std::make_index_sequence<std::variant_size_v<ops::Arguments>>{});
  }

 private:
  const NamedOperation* find_operation() {
    std::optional<NestedValue::View> op;
    object_.for_each([&](NestedValue::View member) {
      if (!op && member.key() == "op") op = member;
    });
    if (!op || op->kind() == ValueKind::null) {
      report_missing(context_, "op");
      return nullptr;
    }
    if (op->kind() != ValueKind::string) {
      context_.report(IssueCode::invalid_value, "op",
                      std::string("expected the name of an operation, found ").append(io_detail::kind_name(op->kind())));
      return nullptr;
    }
    const std::string_view name = op->string_view();
    const auto& named = named_operations();
    const auto found = std::find_if(named.begin(), named.end(), [&](const NamedOperation& n) { return n.name == name; });
    if (found != named.end()) return &*found;
    // Kept as the failure's `op`, which is printed: masked and shortened like any quoted value.
    draft_.op = excerpt(mask_national_ids(name), kQuotedCharacters);
    context_.report(IssueCode::unknown_operation, "op",
                    quote_value(name) + " is not an operation; the operations are: " + all_operation_names());
    return nullptr;
  }

  template <std::size_t... I>
  void read_as(const NamedOperation& named, std::index_sequence<I...>) {
    using Read = void (OperationReader::*)(const NamedOperation&);
    static constexpr std::array<Read, sizeof...(I)> kReaders{&OperationReader::read_alternative<I>...};
    (this->*kReaders[named.alternative])(named);
  }

  template <std::size_t I>
  void read_alternative(const NamedOperation& named) {
    using T = std::variant_alternative_t<I, ops::Arguments>;
    auto own = arguments_reader<T>();
    io_detail::Draft<CommonArguments> common;
    std::unordered_set<std::string_view> seen;
    object_.for_each([&](NestedValue::View member) {
      const std::string_view key = member.key();
      if (!seen.insert(key).second) {
        context_.report(IssueCode::invalid_value, mask_national_ids(key), std::string(kTwice));
        return;
      }
      if (key == "op") return;
      FieldValue value = FieldValue::of(member);
      if (value.is_null()) return;  // absent, as in a record
      Field field(key, key, value, context_);
      if (own.take(field)) return;
      if (key == "id" && !creates_record_v<T>) {
        field.report(IssueCode::invalid_value, std::string(named.name) + " creates no record, so it takes no id");
        return;
      }
      if (common.set(field)) return;
      context_.report(IssueCode::invalid_value, mask_national_ids(key),
                      quote_value(key) + " is not an argument of " + std::string(named.name) +
                          "; its arguments are: " + argument_names<T>(own.names()));
    });
    std::optional<T> arguments = own.build(context_);
    std::optional<CommonArguments> shared = common.build(context_, {});
    if constexpr (std::is_same_v<T, ops::Advance>) {
      // The day to advance to: the one argument `advance` cannot do without.
      if (shared && !shared->on) report_missing(context_, "on");
    }
    if constexpr (std::is_same_v<T, ops::Decide>) {
      if (arguments) arguments->outcome = named.outcome;
    }
    if (!arguments || !shared || !context_.clean()) return;
    std::optional<std::string> id;
    if (shared->id) id = shared->id->to_string();
    draft_.operation = Operation{std::move(*arguments), shared->on, std::move(id), std::move(shared->actor),
                                 std::move(shared->key)};
  }

  template <class T>
  static std::string argument_names(std::string own) {
    std::string list = std::move(own);
    for_each_field<CommonArguments>([&](const auto& field) {
      if (field.name == "id" && !creates_record_v<T>) return;
      if (!list.empty()) list.append(", ");
      list.append(field.name);
    });
    return list;
  }

  NestedValue::View object_;
  OperationDraft& draft_;
  RecordContext context_;
};

// True when the batch holds as many operations as it may: then one more draft says so, and
// nothing more is read.
bool refuse_when_full(OperationsDocument& document, std::size_t line) {
  const std::size_t index = document.operations.size();
  if (index < kMaxBatchOperations) return false;
  OperationDraft& draft = document.operations.emplace_back();
  draft.line = line;
  draft.issues.push_back(Issue{IssueCode::invalid_value, index_path("ops", index),
                               "a batch holds at most " + std::to_string(kMaxBatchOperations) +
                                   " operations; split it into smaller batches"});
  return true;
}

// Appends the draft of @p value, operation `document.operations.size()`, which starts on @p line.
void add_operation(OperationsDocument& document, NestedValue::View value, std::size_t line) {
  const std::size_t index = document.operations.size();
  OperationDraft& draft = document.operations.emplace_back();
  draft.line = line;
  if (value.kind() != ValueKind::object) {
    draft.issues.push_back(Issue{IssueCode::invalid_value, index_path("ops", index),
                                 std::string("expected an operation object {\"op\": ...}, found ")
                                     .append(io_detail::kind_name(value.kind()))});
    return;
  }
  OperationReader(value, index, draft).read();
}

// ---------------------------------------------------------------------------------------------
// Where values start in a text already known to be JSON (for the line each operation starts on:
// the parser reports no positions but those of errors).

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_blank(std::string_view text) noexcept { return std::all_of(text.begin(), text.end(), is_space); }

std::size_t skip_space(std::string_view text, std::size_t at) noexcept {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// Past the string that starts at @p at (its opening quote).
std::size_t skip_string(std::string_view text, std::size_t at) noexcept {
  for (++at; at < text.size() && text[at] != '"'; ++at) {
    if (text[at] == '\\') ++at;
  }
  return at + 1;
}

// Past the value that starts at @p at; iterative, so that depth costs no stack.
std::size_t skip_value(std::string_view text, std::size_t at) noexcept {
  std::size_t depth = 0;
  do {
    const char c = text[at];
    if (c == '"') {
      at = skip_string(text, at);
    } else if (c == '{' || c == '[') {
      ++depth;
      ++at;
    } else if (c == '}' || c == ']') {
      --depth;
      ++at;
    } else if (depth == 0) {  // a number or a literal standing alone
      while (at < text.size() && !is_space(text[at]) && text[at] != ',' && text[at] != ']' && text[at] != '}') ++at;
    } else {
      ++at;
    }
  } while (depth > 0 && at < text.size());
  return at;
}

// Where each item of the array (or each member's value of the object) opening at @p open starts.
std::vector<std::size_t> element_starts(std::string_view text, std::size_t open) {
  std::vector<std::size_t> starts;
  const bool object = text[open] == '{';
  std::size_t at = skip_space(text, open + 1);
  while (at < text.size() && text[at] != ']' && text[at] != '}') {
    if (object) at = skip_space(text, skip_string(text, at) + 1);  // the key and its colon
    starts.push_back(at);
    at = skip_space(text, skip_value(text, at));
    if (at < text.size() && text[at] == ',') at = skip_space(text, at + 1);
  }
  return starts;
}

// Line numbers of increasing offsets.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::size_t line_at(std::size_t offset) {
    line_ += static_cast<std::size_t>(std::count(text_.begin() + counted_, text_.begin() + offset, '\n'));
    counted_ = offset;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t counted_ = 0;
  std::size_t line_ = 1;
};

// Reads the operations of @p array, which starts at @p open in @p text.
void read_array(std::string_view text, std::size_t open, NestedValue::View array, OperationsDocument& document) {
  const std::vector<std::size_t> starts = element_starts(text, open);
  LineCounter lines(text);
  std::size_t index = 0;
  bool full = false;
  array.for_each([&](NestedValue::View item) {
    const std::size_t line = lines.line_at(index < starts.size() ? starts[index] : open);
    ++index;
    if (!full) full = refuse_when_full(document, line);
    if (!full) add_operation(document, item, line);
  });
}

// The text as NDJSON: one operation a line, blank lines ignored.
void read_lines(std::string_view text, OperationsDocument& document) {
  NestedValue value;
  std::size_t line_number = 0;
  for (std::size_t begin = 0; begin <= text.size();) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    const std::string_view line = text.substr(begin, end - begin);
    ++line_number;
    begin = end + 1;
    if (is_blank(line)) continue;
    if (refuse_when_full(document, line_number)) return;
    const std::string path = index_path("ops", document.operations.size());
    if (auto failure = io_detail::read_nested_value(line, path, value, line_number)) {
      document.operations.clear();
      document.parse_error = std::move(failure);
      return;
    }
    add_operation(document, value.root(), line_number);
  }
}

// True when the first line that is not blank is a JSON value on its own: the text is then NDJSON.
bool first_line_is_a_value(std::string_view text) {
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    const std::string_view line = text.substr(begin, end - begin);
    if (!is_blank(line)) {
      NestedValue value;
      return !io_detail::read_nested_value(line, {}, value);
    }
    begin = end + 1;
  }
  return false;
}

// Reads one value (an object, or an array of them) standing for the whole batch.
void read_batch_value(std::string_view text, std::size_t start, NestedValue::View root, OperationsDocument& document) {
  if (root.kind() == ValueKind::array) {
    read_array(text, start, root, document);
  } else {
    add_operation(document, root, LineCounter(text).line_at(start));
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

void write_arguments(const ops::Add& add, ordered_json& object) {
  std::visit(
      [&](const auto& record) {
        using E = std::decay_t<decltype(record)>;
        object["collection"] = std::string(to_string(Description<E>::collection));
        object["record"] = io_detail::write_value(record, WriteOptions{});
      },
      add.record);
}

void write_arguments(const ops::Update& update, ordered_json& object) {
  object["collection"] = std::string(to_string(update.collection));
  object["id"] = update.id;
  ordered_json set = ordered_json::object();
  std::visit([&](const auto& changes) { io_detail::write_fields(changes, WriteOptions{}, set); }, update.changes);
  object["set"] = std::move(set);
}

void write_arguments(const ops::Advance&, ordered_json&) {}

template <Described T>
void write_arguments(const T& arguments, ordered_json& object) {
  io_detail::write_fields(arguments, WriteOptions{}, object);
}

ordered_json operation_object(const Operation& operation) {
  ordered_json object = ordered_json::object();
  object["op"] = std::string(operation_name(operation));
  // What reading would refuse is not written (an id on an operation that creates no record),
  // so that whatever is written reads back.
  const bool takes_id = std::visit(
      [](const auto& arguments) { return creates_record_v<std::decay_t<decltype(arguments)>>; }, operation.arguments);
  CommonArguments common;
  common.on = operation.on;
  common.actor = operation.actor;
  common.key = operation.key;
  if (takes_id && operation.id) common.id = GivenId::parse(*operation.id);
  io_detail::write_fields(common, WriteOptions{}, object);
  if (takes_id && operation.id && !common.id) object["id"] = *operation.id;  // not a UUID: reading it back says so
  std::visit([&](const auto& arguments) { write_arguments(arguments, object); }, operation.arguments);
  return object;
}

ordered_json effect_value(const EffectValue& value) {
  return std::visit(
      [](const auto& v) -> ordered_json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) return nullptr;
        else if constexpr (std::is_same_v<V, std::string>) return mask_national_ids(v);
        else return v;
      },
      value);
}

ordered_json issue_object(const Issue& issue) {
  return {{"code", std::string(to_string(issue.code))},
          {"path", mask_national_ids(issue.path)},
          {"message", mask_national_ids(issue.message)}};
}

}  // namespace

OperationsDocument read_operations(std::string_view text) {
  OperationsDocument document;
  if (is_blank(text)) return document;  // an empty batch, as an empty NDJSON file is
  NestedValue value;
  std::optional<Issue> failure = io_detail::read_nested_value(text, {}, value);
  if (!failure) {
    read_batch_value(text, skip_space(text, 0), value.root(), document);
  } else if (first_line_is_a_value(text)) {
    read_lines(text, document);
  } else {
    document.parse_error = std::move(failure);
  }
  return document;
}

std::string write_operation(const Operation& operation) { return io_detail::dump_compact(operation_object(operation)); }

std::string operation_content(const Operation& operation) {
  ordered_json object = operation_object(operation);
  object.erase("actor");
  object.erase("key");
  return mask_national_ids(io_detail::dump_compact(object));
}

ApplyRequest read_apply_request(std::string_view text, const Timestamp& now) {
  ApplyRequest request;
  request.context.at = now;
  NestedValue value;
  if (auto failure = io_detail::read_nested_value(text, {}, value)) {
    // Also the document's, so that applying it can never pass for an empty batch.
    request.operations.parse_error = failure;
    request.issues.push_back(std::move(*failure));
    return request;
  }
  const NestedValue::View root = value.root();
  if (root.kind() != ValueKind::object) {
    request.issues.push_back(Issue{IssueCode::invalid_value, "",
                                   std::string("an apply request is an object {\"actor\": ..., \"ops\": [...]}, found ")
                                       .append(io_detail::kind_name(root.kind()))});
    return request;
  }
  RecordContext context(request.issues, {});
  io_detail::Draft<RequestFields> draft;
  std::optional<NestedValue::View> ops;
  bool ops_given = false;
  bool ops_null = true;
  std::size_t ops_member = 0;
  std::size_t member_index = 0;
  root.for_each([&](NestedValue::View member) {
    const std::size_t at_member = member_index++;
    FieldValue field_value = FieldValue::of(member);
    const std::string path = mask_national_ids(member.key());
    Field field(member.key(), path, field_value, context);
    if (member.key() == "ops") {
      if (ops_given) {
        field.report(IssueCode::invalid_value, std::string(kTwice));
        return;
      }
      ops_given = true;
      ops_member = at_member;
      ops_null = field_value.is_null();
      if (!ops_null) ops = field.array("operations");
      return;
    }
    if (field_value.is_null()) return;
    if (!draft.set(field)) {
      field.report(IssueCode::invalid_value, quote_value(member.key()) + " is not a field of an apply request; its " +
                                                 "fields are: " + field_names<RequestFields>() + ", ops");
    }
  });
  std::optional<RequestFields> fields = draft.build(context, {});
  if (ops_null) report_missing(context, "ops");
  if (fields) {
    request.context.actor = std::move(fields->actor);
    if (fields->at) request.context.at = *fields->at;
    request.context.date = fields->date;
    if (fields->batch) request.context.batch = fields->batch->to_string();
    request.context.check_only = fields->check_only;
    request.context.id_seed = fields->id_seed;
  }
  if (ops) {
    const std::size_t root_start = skip_space(text, 0);
    const std::vector<std::size_t> members = element_starts(text, root_start);
    read_array(text, ops_member < members.size() ? members[ops_member] : root_start, *ops, request.operations);
  }
  return request;
}

std::string write_apply_request(const BatchContext& context, std::span<const Operation> operations) {
  ordered_json fields = ordered_json::object();
  fields["actor"] = context.actor;
  fields["at"] = to_iso_string(context.at);
  if (context.date) fields["date"] = to_iso_string(*context.date);
  if (context.batch) fields["batch"] = *context.batch;
  if (context.check_only) fields["check_only"] = true;
  if (context.id_seed) fields["id_seed"] = *context.id_seed;
  std::string text = io_detail::dump_compact(fields);
  text.pop_back();  // the closing brace: `ops` follows, written operation by operation
  text += text.size() > 1 ? ",\"ops\":[" : "\"ops\":[";
  for (std::size_t i = 0; i < operations.size(); ++i) {
    if (i > 0) text += ',';
    text += write_operation(operations[i]);
  }
  text += "]}";
  return text;
}

std::string write_batch_outcome(const BatchOutcome& outcome, bool check_only) {
  const BatchResult& result = outcome.result;
  ordered_json object = ordered_json::object();
  object["ok"] = result.ok();
  object["applied"] = result.applied;
  object["check_only"] = check_only;
  object["batch"] = result.batch.empty() ? ordered_json(nullptr) : ordered_json(mask_national_ids(result.batch));
  ordered_json results = ordered_json::array();
  for (const OperationResult& done : result.results) {
    ordered_json created = ordered_json::array();
    for (const AuditTouch& touch : done.created) created.push_back(io_detail::write_value(touch, WriteOptions{true}));
    ordered_json effects = ordered_json::array();
    for (const Effect& effect : done.effects) {
      ordered_json shown = {{"collection", effect.collection ? ordered_json(std::string(to_string(*effect.collection)))
                                                             : ordered_json(nullptr)},
                            {"id", mask_national_ids(effect.id)},
                            {"field", mask_national_ids(effect.field)},
                            {"from", effect_value(effect.from)},
                            {"to", effect_value(effect.to)}};
      if (!effect.reason.empty()) shown["reason"] = effect.reason;
      effects.push_back(std::move(shown));
    }
    results.push_back({{"op", mask_national_ids(done.op)},
                       {"seq", done.seq},
                       {"replayed", done.replayed},
                       {"created", std::move(created)},
                       {"effects", std::move(effects)}});
  }
  object["results"] = std::move(results);
  if (result.failed) {
    ordered_json issues = ordered_json::array();
    for (const Issue& issue : result.failed->issues) issues.push_back(issue_object(issue));
    object["failed"] = {{"index", result.failed->index},
                        {"line", outcome.line},
                        {"op", mask_national_ids(result.failed->op)},
                        {"issues", std::move(issues)}};
  }
  return io_detail::dump_compact(object);
}

}  // namespace vocfab
