// The streaming dataset reader: nlohmann/json SAX events straight into records.
//
// Top-level scalars and record fields are handed to the record drafts as they arrive; only nested
// values inside a record (consents, lists) and the policy object are gathered first, into a flat
// `io_detail::NestedValue` that is reused from one to the next. Memory therefore follows the
// dataset, never a DOM of the whole file.
#include "io/file_system.h"
#include "io/cut_finder.h"
#include "io/split_reader.h"
#include "io/record_codec.h"
#include "io/record_drafts.h"
#include "vocfab/io/json.h"
#include "vocfab/model/masking.h"


#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <future>
#include <istream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

namespace vocfab {
namespace {

using json = nlohmann::json;
using io_detail::Cut;
using io_detail::FieldValue;
using io_detail::TextOrigin;
using io_detail::ValueKind;

// ---------------------------------------------------------------------------------------------
// Collections: one sink per kind of record, feeding a reusable draft.

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  /// The collection's array begins; its first element has document index `first_index`. The text
  /// being parsed is `text_bytes` long (0 when unknown).
  virtual void start(std::size_t first_index, std::size_t text_bytes) = 0;
  virtual void begin(std::size_t index) = 0;
  virtual void field(std::string_view key, FieldValue& value) = 0;
  virtual void end() = 0;
};

// Where records of kind `Record` go: a dataset's collection, or the audit trail.
template <class Record>
struct RecordTraits {
  static constexpr std::string_view key_name = vocfab::key_field<Record>();
  static constexpr Collection collection = Description<Record>::collection;
};
template <>
struct RecordTraits<AuditEntry> {
  static constexpr std::string_view key_name = {};
};

template <class Record>
class CollectionSink final : public RecordSink {
 public:
  CollectionSink(std::string_view name, LoadResult& result, std::vector<Record>& records)
      : name_(name), result_(result), records_(records) {}

  void start(std::size_t first_index, std::size_t text_bytes) override {
    first_index_ = first_index;
    // Room for as many records as the text could hold if they were short: the list then never
    // regrows (each regrowth moves it into new memory, page faults and all). Pages of the
    // reservation that are never written are never touched, so an estimate too high costs only
    // address space.
    constexpr std::size_t kShortRecordBytes = 128;
    if (text_bytes != 0) records_.reserve(records_.size() + text_bytes / kShortRecordBytes);
  }

  void begin(std::size_t index) override {
    draft_.emplace();
    context_.emplace(result_.issues, name_, index);
    index_ = index;
    key_.clear();
  }

  void field(std::string_view key, FieldValue& value) override {
    constexpr std::string_view key_name = RecordTraits<Record>::key_name;
    if (!key_name.empty() && key == key_name && value.kind() == FieldValue::Kind::string) {
      key_.assign(value.string_view());
    }
    io_detail::Field field(key, key, value, *context_);
    if (!draft_->set(field)) io_detail::unknown_field(std::type_identity<Record>{}, field);
  }

  void end() override {
    if (auto record = draft_->build(*context_, {})) {
      records_.push_back(std::move(*record));
      if constexpr (!std::is_same_v<Record, AuditEntry>) {
        // Once a record was left out before this one, say where each kept record stood in the
        // document, so validation paths stay true.
        if (!positions_ && index_ != first_index_ + kept_) {
          positions_ = &result_.diagnostics.document_index[static_cast<std::size_t>(RecordTraits<Record>::collection)];
          for (std::size_t i = 0; i < kept_; ++i) positions_->push_back(first_index_ + i);
        }
        if (positions_) positions_->push_back(index_);
      }
      ++kept_;
      return;
    }
    // Left out: remember its key so references to it are not reported again.
    if (!key_.empty()) result_.diagnostics.rejected_keys.insert(key_);
  }

 private:
  std::string_view name_;
  LoadResult& result_;
  std::vector<Record>& records_;
  std::optional<io_detail::Draft<Record>> draft_;
  std::optional<io_detail::RecordContext> context_;
  std::size_t first_index_ = 0;
  std::size_t index_ = 0;
  std::size_t kept_ = 0;
  std::string key_;
  std::vector<std::size_t>* positions_ = nullptr;
};

}  // namespace

namespace io_detail {

// The records a document (or one part of it) gave, kind by kind. They become a Dataset (and are
// indexed) once: at the end of a whole read, or when all parts are joined (`assemble`). The
// decoders checked each record as `Dataset::add` would, so they go in unchecked.
class RecordLists {
 public:
  template <class Record>
  std::vector<Record>& of() noexcept {
    return std::get<std::vector<Record>>(lists_);
  }
  std::size_t size(Collection collection) const noexcept {
    return visit_entity(collection, [&](auto kind) {
      return std::get<std::vector<typename decltype(kind)::type>>(lists_).size();
    });
  }
  /// Appends every record to `dataset`, kind by kind, and leaves the lists empty. Audit entries
  /// out of sequence are issues of `result`.
  void move_into(Dataset& dataset, std::vector<Issue>& issues) {
    for_each_entity([&](auto kind) {
      using E = typename decltype(kind)::type;
      dataset.append_checked(std::exchange(of<E>(), {}), *this);
    });
    std::size_t index = 0;
    for (AuditEntry& entry : std::exchange(of<AuditEntry>(), {})) {
      if (entry.seq != dataset.audit().size() + 1) {
        issues.push_back(Issue{IssueCode::invalid_value, join_path(index_path("audit", index), "seq"),
                               "audit entry " + quote_value(std::to_string(entry.seq)) + " does not follow entry " +
                                   std::to_string(dataset.audit().size())});
      } else {
        dataset.append_audit(std::move(entry));
      }
      ++index;
    }
  }

 private:
  template <class... E>
  static std::tuple<std::vector<E>..., std::vector<AuditEntry>> lists_of(std::tuple<E...>*);
  decltype(lists_of(static_cast<EntityTypes*>(nullptr))) lists_;
};

}  // namespace io_detail

namespace {

using io_detail::RecordLists;

// ---------------------------------------------------------------------------------------------
// The SAX handler.

// Where a part of a split document resumes: inside `collection`'s array, at element `index`.
struct Continuation {
  std::string collection;
  std::size_t index = 0;
};

// The top-level keys the reader knows; a document names each at most once.
constexpr std::array<std::string_view, 14> kTopLevelKeys{
    "schema_version", "as_of", "policy", "audit", "centres", "branches", "courses", "trainees", "applications",
    "enrollments", "certificates", "employers", "vacancies", "referrals"};

class DatasetHandler final : public nlohmann::json_sax<json> {
 public:
  DatasetHandler(LoadResult& result, RecordLists& records, const TextOrigin& origin,
                 const Continuation* continuation = nullptr, std::size_t text_bytes = 0)
      : result_(result), origin_(origin), continuation_(continuation), text_bytes_(text_bytes) {
    for_each_entity([&](auto kind) {
      using E = typename decltype(kind)::type;
      sinks_[static_cast<std::size_t>(Description<E>::collection)] =
          std::make_unique<CollectionSink<E>>(to_string(Description<E>::collection), result_, records.of<E>());
    });
    audit_sink_ = std::make_unique<CollectionSink<AuditEntry>>("audit", result_, records.of<AuditEntry>());
  }

  bool schema_version_seen() const noexcept { return schema_version_seen_; }
  bool policy_seen() const noexcept { return policy_seen_; }
  bool as_of_seen() const noexcept { return as_of_seen_; }
  bool aborted() const noexcept { return aborted_; }

  bool null() override { return scalar(FieldValue::null()); }
  bool boolean(bool value) override { return scalar(FieldValue::boolean(value)); }
  bool number_integer(number_integer_t value) override { return scalar(FieldValue::integer(value)); }
  bool number_unsigned(number_unsigned_t value) override { return scalar(FieldValue::unsigned_integer(value)); }
  bool number_float(number_float_t value, const string_t&) override { return scalar(FieldValue::floating(value)); }
  bool string(string_t& value) override { return scalar(FieldValue::string(value)); }
  bool binary(binary_t&) override { return true; }  // JSON text never produces binary values.

  // nlohmann lets a SAX handler move the string it is passed; swapping keeps both buffers' room,
  // so a key costs no allocation and no copy.
  bool key(string_t& key) override {
    if (skip_depth_ > 0) return true;
    if (capture_.building()) {
      capture_key_.swap(key);
    } else if (depth_ == 1) {
      top_key_ = key;
      skip_value_ = false;
      const auto known = std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key);
      if (known != kTopLevelKeys.end()) {
        const auto bit = std::uint32_t{1} << (known - kTopLevelKeys.begin());
        if ((top_keys_seen_ & bit) != 0) {
          // One rule at every level: a key names one value. The second is not read.
          reject(top_key_, "written twice in the document; a key may appear once in an object");
          skip_value_ = true;
        }
        top_keys_seen_ |= bit;
      }
    } else if (depth_ == 3) {
      record_key_.swap(key);
    }
    return true;
  }

  bool start_object(std::size_t) override { return start_container(ValueKind::object); }
  bool start_array(std::size_t) override { return start_container(ValueKind::array); }
  bool end_object() override { return end_container(); }
  bool end_array() override { return end_container(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    result_.issues.push_back(Issue{IssueCode::parse_error, "",
                                   io_detail::parse_error_message(error, last_token, origin_.describe(position))});
    aborted_ = true;
    return false;
  }

 private:
  bool fatal(IssueCode code, std::string path, std::string message) {
    result_.issues.push_back(Issue{code, std::move(path), std::move(message)});
    aborted_ = true;
    return false;
  }

  // The sink of a top-level array of records (a collection, or the audit trail).
  RecordSink* collection_sink(std::string_view name) {
    if (auto collection = parse_collection(name)) return sinks_[static_cast<std::size_t>(*collection)].get();
    return name == "audit" ? audit_sink_.get() : nullptr;
  }

  // Reports a wrongly typed value at the top level or in a collection and skips it.
  void reject(std::string path, std::string message) {
    result_.issues.push_back(Issue{IssueCode::invalid_value, std::move(path), std::move(message)});
  }

  bool scalar(FieldValue value) {
    if (skip_depth_ > 0 || (depth_ == 1 && skip_value_)) return true;
    if (capture_.building()) {
      capture(value);
      return true;
    }
    switch (depth_) {
      case 0:
        return fatal(IssueCode::parse_error, "", "a dataset document is a JSON object");
      case 1:
        return top_level_scalar(value);
      case 2:
        reject(index_path(top_key_, element_index_++), "expected an object");
        return true;
      case 3:
        if (!value.is_null()) current_sink_->field(record_key_, value);
        return true;
      default:
        return true;
    }
  }

  bool top_level_scalar(const FieldValue& value) {
    if (top_key_ == "schema_version") {
      schema_version_seen_ = true;
      const bool supported =
          (value.kind() == FieldValue::Kind::unsigned_integer && value.as_unsigned() == kSchemaVersion) ||
          (value.kind() == FieldValue::Kind::integer && value.as_integer() == kSchemaVersion);
      if (!supported) {
        return fatal(IssueCode::schema_version_unsupported, "schema_version",
                     "this build reads schema_version " + std::to_string(kSchemaVersion));
      }
    } else if (top_key_ == "as_of") {
      if (value.is_null()) return true;
      FieldValue copy = value;
      io_detail::RecordContext context(result_.issues, "");
      io_detail::Field field("as_of", "as_of", copy, context);
      if (auto day = field.date()) result_.dataset.set_as_of(*day);
      as_of_seen_ = true;
    } else if (top_key_ == "policy" || collection_sink(top_key_)) {
      if (!value.is_null()) {
        reject(top_key_, top_key_ == "policy" ? "expected an object" : "expected an array of records");
      }
    }
    return true;
  }

  bool start_container(ValueKind kind) {
    if (depth_ + capture_.depth() + skip_depth_ >= kMaxNestingDepth) {
      return fatal(IssueCode::parse_error, current_path(),
                   "values are nested deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (capture_.building()) {
      capture_.open(kind, capture_key_);
      return true;
    }
    const bool is_object = kind == ValueKind::object;
    switch (depth_) {
      case 0:
        if (!is_object) return fatal(IssueCode::parse_error, "", "a dataset document is a JSON object");
        depth_ = 1;
        return true;
      case 1:
        if (skip_value_) {
          skip_depth_ = 1;
        } else if (top_key_ == "policy" && is_object) {
          begin_capture(kind, Target::policy);
        } else if (auto* sink = collection_sink(top_key_); sink && !is_object) {
          current_sink_ = sink;
          element_index_ = 0;
          if (continuation_ && !continuation_used_ && continuation_->collection == top_key_) {
            element_index_ = continuation_->index;
            continuation_used_ = true;
          }
          sink->start(element_index_, text_bytes_);
          depth_ = 2;
        } else {
          if (top_key_ == "policy" || collection_sink(top_key_)) {
            reject(top_key_, top_key_ == "policy" ? "expected an object" : "expected an array of records");
          }
          skip_depth_ = 1;
        }
        return true;
      case 2:
        if (is_object) {
          current_sink_->begin(element_index_++);
          depth_ = 3;
        } else {
          reject(index_path(top_key_, element_index_++), "expected an object");
          skip_depth_ = 1;
        }
        return true;
      default:  // depth 3: a nested value inside a record
        begin_capture(kind, Target::record_field);
        return true;
    }
  }

  bool end_container() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (capture_.building()) {
      if (capture_.close()) deliver_capture();
      return true;
    }
    switch (depth_) {
      case 3:
        current_sink_->end();
        depth_ = 2;
        break;
      case 2:
        depth_ = 1;
        break;
      case 1:
        depth_ = 0;
        break;
      default:
        break;
    }
    return true;
  }

  enum class Target { policy, record_field };

  // The path of the value being read, for issues that concern it as a whole.
  std::string current_path() const {
    switch (depth_) {
      case 0: return {};
      case 1: return top_key_;
      case 2: return index_path(top_key_, element_index_);
      default: return join_path(index_path(top_key_, element_index_ - 1), record_key_);
    }
  }

  // Nested values (a record's lists and small objects, the policy) are gathered into a flat
  // NestedValue whose storage is reused from one to the next.
  void begin_capture(ValueKind kind, Target target) {
    capture_.clear();
    capture_.open(kind, {});
    capture_target_ = target;
  }

  void capture(const FieldValue& value) {
    switch (value.kind()) {
      case ValueKind::boolean: capture_.add_boolean(capture_key_, value.as_bool()); break;
      case ValueKind::integer: capture_.add_integer(capture_key_, value.as_integer()); break;
      case ValueKind::unsigned_integer: capture_.add_unsigned(capture_key_, value.as_unsigned()); break;
      case ValueKind::floating: capture_.add_floating(capture_key_, value.as_floating()); break;
      case ValueKind::string: capture_.add_string(capture_key_, value.string_view()); break;
      case ValueKind::null:
      case ValueKind::object:  // containers arrive through start_container
      case ValueKind::array: capture_.add_null(capture_key_); break;
    }
  }

  void deliver_capture() {
    if (capture_target_ == Target::policy) {
      io_detail::RecordContext context(result_.issues, "policy");
      io_detail::Draft<Policy> draft;
      draft.set_all(capture_.root(), context, {});
      if (auto policy = draft.build(context, {})) result_.dataset.set_policy(std::move(*policy));
      policy_seen_ = true;
    } else {
      FieldValue value = FieldValue::of(capture_.root());
      current_sink_->field(record_key_, value);
    }
  }

  LoadResult& result_;
  TextOrigin origin_;
  const Continuation* continuation_;
  std::size_t text_bytes_;
  bool continuation_used_ = false;
  bool policy_seen_ = false;
  bool as_of_seen_ = false;
  std::array<std::unique_ptr<RecordSink>, kAllCollections.size()> sinks_;
  std::unique_ptr<RecordSink> audit_sink_;
  RecordSink* current_sink_ = nullptr;
  int depth_ = 0;             // 0 outside, 1 in the document, 2 in a collection, 3 in a record
  std::size_t skip_depth_ = 0;  // > 0 while skipping an unwanted container
  std::size_t element_index_ = 0;
  std::string top_key_;
  std::string record_key_;
  io_detail::NestedValue capture_;
  std::string capture_key_;
  Target capture_target_ = Target::record_field;
  bool schema_version_seen_ = false;
  bool aborted_ = false;
  std::uint32_t top_keys_seen_ = 0;  // bits of kTopLevelKeys
  bool skip_value_ = false;          // the current top-level value repeats a key: not read
};

Issue missing_schema_version() {
  return Issue{IssueCode::schema_version_unsupported, "schema_version",
               "the document has no schema_version (this build reads version " + std::to_string(kSchemaVersion) + ")"};
}

// One parsed document, or one part of a split document.
struct ParsedPart {
  LoadResult result;    // issues, diagnostics and the policy; the records are in `records`
  RecordLists records;
  bool schema_version_seen = false;
  bool policy_seen = false;
  bool as_of_seen = false;
  bool aborted = false;  // stopped by a syntax error, an unsupported schema version or too deep nesting
};

// A document that cannot be read reports that alone: the issues found before it concern records
// of a document that is not one, and its records are not kept.
void keep_only_fatal(ParsedPart& part, Issue fatal) {
  part.result = LoadResult{};
  part.records = RecordLists{};
  part.result.issues.push_back(std::move(fatal));
  part.aborted = true;
}

// Parses `text` (a whole document, or a part with its prefix and suffix) whose document bytes
// lie where `origin` says.
ParsedPart parse_part(std::string_view text, const TextOrigin& origin, const Continuation* continuation) {
  ParsedPart part;
  DatasetHandler handler(part.result, part.records, origin, continuation, text.size());
  try {
    json::sax_parse(text.begin(), text.end(), &handler, nlohmann::json::input_format_t::json, /*strict=*/true);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    // nlohmann reports malformed input through parse_error; anything else is still the
    // document's fault and must not escape as an exception (nor quote the input).
    part.result.issues.push_back(Issue{IssueCode::parse_error, "", "the document cannot be read"});
    part.aborted = true;
  }
  part.aborted = part.aborted || handler.aborted();
  if (!part.aborted) {
    // nlohmann takes a NUL byte for the end of its input and stops there, but no JSON text holds
    // one (inside strings it must be escaped): the bytes after it are part of the document.
    if (const void* nul = std::memchr(origin.document, '\0', origin.length)) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - origin.document);
      part.result.issues.push_back(Issue{IssueCode::parse_error, "",
                                         "parse error at " + origin.describe(origin.prefix_length + at + 1) +
                                             ": a NUL byte, which JSON text cannot contain"});
      part.aborted = true;
    }
  }
  if (part.aborted) keep_only_fatal(part, std::move(part.result.issues.back()));
  part.schema_version_seen = handler.schema_version_seen();
  part.policy_seen = handler.policy_seen();
  part.as_of_seen = handler.as_of_seen();
  return part;
}

// What a whole read (or the join of all parts) ends with: the schema version must have been seen.
LoadResult finish_read(ParsedPart& part) {
  if (!part.aborted && !part.schema_version_seen) keep_only_fatal(part, missing_schema_version());
  return std::move(part.result);
}

LoadResult parse_whole(std::string_view text) {
  const TextOrigin origin{text.data(), text.size()};
  ParsedPart part = parse_part(text, origin, nullptr);
  part.records.move_into(part.result.dataset, part.result.issues);
  return finish_read(part);
}

// ---------------------------------------------------------------------------------------------
// Parallel reading. A large document is cut at record boundaries inside top-level collections
// into parts of a few tens of megabytes, and each part is read as a document of its own:
//   the first part:  text[0, comma₁) + "]}"                      — closed after its last record;
//   a middle part:   "{\"K\":[" + text[record₁, comma₂) + "]}"   — reopened inside collection K;
//   the last part:   "{\"K\":[" + text[record, end).
// The input is read into part buffers where `io_detail::CutFinder` finds the cuts (it follows
// strings, escapes and nesting, nothing more); a pool of threads parses the parts from memory,
// and the results are joined in document order. A cut is made only between two records
// (`}`, `,`, `{` with nothing but white space between), where the parser of the whole document
// is in exactly the state a reopened part starts in; so, up to the first error in the document,
// every part parses as the whole would, and the first error is found by the part holding it, at
// the same byte, with the same message. Positions are the document's own (`TextOrigin`). The
// test suite and the fuzzer compare the two.

// How many records of `collection` the parts hold.
std::size_t kept(const std::vector<RecordLists>& parts, Collection collection) {
  std::size_t count = 0;
  for (const RecordLists& part : parts) count += part.size(collection);
  return count;
}

// Moves the `Record`s of every part, in order, into `whole` (reserved once), freeing the parts' lists.
template <class Record>
void concatenate(std::vector<RecordLists>& parts, RecordLists& whole) {
  std::vector<Record>& all = whole.of<Record>();
  std::size_t total = 0;
  for (RecordLists& part : parts) total += part.of<Record>().size();
  all.reserve(total);
  for (RecordLists& part : parts) {
    std::vector<Record> records = std::exchange(part.of<Record>(), {});
    all.insert(all.end(), std::make_move_iterator(records.begin()), std::make_move_iterator(records.end()));
  }
}

// Moves the parts' records into `dataset` in document order. Each record moves once; trainees
// (the largest collection) are gathered on a second thread while this one gathers the rest.
void assemble(Dataset& dataset, std::vector<Issue>& issues, std::vector<RecordLists>& parts) {
  RecordLists whole;
  auto trainees = std::async(std::launch::async, [&] { concatenate<Trainee>(parts, whole); });
  for_each_entity([&](auto kind) {
    using E = typename decltype(kind)::type;
    if constexpr (!std::is_same_v<E, Trainee>) concatenate<E>(parts, whole);
  });
  concatenate<AuditEntry>(parts, whole);
  trainees.get();
  parts.clear();
  whole.move_into(dataset, issues);  // adopts each list and indexes it
}

// Appends part `next`, which resumes at `cut`, to the parts joined so far: its issues and
// diagnostics to `joined`, its records to `joined_records` (assembled at the end).
void join_part(ParsedPart& joined, std::vector<RecordLists>& joined_records, ParsedPart next, const Cut& cut) {
  if (joined.aborted) return;  // the first error in the document ends the read, as when read whole
  if (next.aborted) {
    keep_only_fatal(joined, std::move(next.result.issues.back()));
    joined_records.clear();
    return;
  }
  for (Issue& issue : next.result.issues) joined.result.issues.push_back(std::move(issue));
  joined.schema_version_seen = joined.schema_version_seen || next.schema_version_seen;
  if (next.policy_seen) {
    joined.result.dataset.set_policy(next.result.dataset.policy());
    joined.policy_seen = true;
  }
  if (next.as_of_seen) {
    joined.result.dataset.set_as_of(next.result.dataset.as_of());
    joined.as_of_seen = true;
  }

  // Document positions: the cut collection continues across the parts; the others are new.
  auto& positions = joined.result.diagnostics.document_index;
  auto& later_positions = next.result.diagnostics.document_index;
  const Collection collection = *parse_collection(cut.collection);
  const auto at = static_cast<std::size_t>(collection);
  std::vector<std::size_t>& all = positions[at];
  const std::vector<std::size_t>& later = later_positions[at];
  const std::size_t kept_before = kept(joined_records, collection);
  // A record left out just before the cut leaves no trace in either part but this gap.
  const bool gap_before = kept_before != cut.index;
  if (!later.empty() || !all.empty() || gap_before) {
    if (all.empty()) {
      for (std::size_t i = 0; i < kept_before; ++i) all.push_back(i);
    }
    if (!later.empty()) {
      all.insert(all.end(), later.begin(), later.end());
    } else {
      for (std::size_t i = 0; i < next.records.size(collection); ++i) all.push_back(cut.index + i);
    }
  }
  for (std::size_t other = 0; other < positions.size(); ++other) {
    if (other != at && !later_positions[other].empty()) positions[other] = std::move(later_positions[other]);
  }
  joined.result.diagnostics.rejected_keys.merge(next.result.diagnostics.rejected_keys);
  joined_records.push_back(std::move(next.records));
}

// One part: its text (with the added prefix/suffix), where it resumes, and what it gave.
struct Part {
  std::string text;
  std::optional<Cut> resumes_at;  // empty for the first part
  std::size_t prefix_length = 0;
  std::size_t suffix_length = 0;
  ParsedPart parsed;
  bool done = false;

  TextOrigin origin() const {
    TextOrigin origin{text.data() + prefix_length, text.size() - prefix_length - suffix_length, prefix_length};
    if (resumes_at) {
      origin.line = resumes_at->line;
      origin.column = resumes_at->column;
    }
    return origin;
  }
};

// Reads a document whose bytes `next_block` delivers in order (it returns the number of bytes
// written to its buffer, 0 at the end), in parts of about `part_size` bytes on `threads` threads.
// `read_whole()` reads the document again in one piece when the scanner finds it irregular.
template <class NextBlock, class ReadWhole>
LoadResult read_in_parts(NextBlock&& next_block, ReadWhole&& read_whole, std::uint64_t part_size, unsigned threads) {
  static constexpr std::string_view kClose = "]}";
  // Reads of 4 MiB, or less when the parts are smaller (tests and the fuzzer use tiny parts, and
  // every read first extends the buffer by its size).
  const auto read_size = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(part_size, std::uint64_t{64} << 10, std::uint64_t{4} << 20));
  std::deque<Part> parts;  // stable addresses while growing
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_parse = 0;
  std::size_t submitted = 0;
  bool input_done = false;
  std::exception_ptr failure;
  // Part buffers are reused once parsed, so that their pages are faulted in once, not per part.
  std::vector<std::string> spare_texts;

  auto work = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return next_to_parse < submitted || input_done || failure; });
      if (failure || next_to_parse >= submitted) {
        if (input_done || failure) return;
        continue;
      }
      Part& part = parts[next_to_parse++];
      lock.unlock();
      try {
        const Continuation continuation{part.resumes_at ? part.resumes_at->collection : std::string(),
                                        part.resumes_at ? part.resumes_at->index : 0};
        ParsedPart parsed = parse_part(part.text, part.origin(), part.resumes_at ? &continuation : nullptr);
        lock.lock();
        part.parsed = std::move(parsed);
        part.done = true;
        spare_texts.push_back(std::move(part.text));
      } catch (...) {
        lock.lock();
        failure = std::current_exception();
      }
      changed.notify_all();
    }
  };

  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back(work);

  ParsedPart joined;
  std::vector<RecordLists> joined_records;
  std::size_t joined_parts = 0;
  // Joins the finished parts at the front, in order, while the pool parses the next ones; also
  // keeps at most `threads + 1` parts' bytes in memory.
  auto join_ready = [&](bool wait_for_all) {
    std::unique_lock lock(mutex);
    for (;;) {
      while (!failure && joined_parts < parts.size() && parts[joined_parts].done) {
        Part& part = parts[joined_parts];
        ParsedPart parsed = std::move(part.parsed);
        const std::optional<Cut> cut = part.resumes_at;
        lock.unlock();
        if (joined_parts == 0) {
          joined = std::move(parsed);
          joined_records.push_back(std::move(joined.records));
        } else {
          join_part(joined, joined_records, std::move(parsed), *cut);
        }
        lock.lock();
        ++joined_parts;
      }
      const bool enough_room = submitted - joined_parts <= threads;
      if (failure || (wait_for_all ? joined_parts == parts.size() : enough_room)) return;
      changed.wait(lock);
    }
  };
  auto submit = [&](Part part) {
    {
      std::lock_guard lock(mutex);
      parts.push_back(std::move(part));
      ++submitted;
    }
    changed.notify_all();
    join_ready(false);
    std::lock_guard lock(mutex);
    if (failure) throw std::runtime_error("a part could not be read");  // stop producing; `failure` is thrown below
  };

  auto fresh_text = [&] {
    std::string text;
    {
      std::lock_guard lock(mutex);
      if (!spare_texts.empty()) {
        text = std::move(spare_texts.back());
        spare_texts.pop_back();
      }
    }
    text.clear();
    text.reserve(part_size + 2 * read_size);
    return text;
  };

  io_detail::CutFinder finder(part_size);
  try {
    // The input is read straight into the current part's buffer, which is scanned in place.
    Part current;
    current.text = fresh_text();
    std::uint64_t begin = 0;  // document offset of current.text[current.prefix_length]
    std::uint64_t end = 0;    // document bytes read so far
    for (bool at_end = false; !at_end;) {
      const std::size_t filled = current.text.size();
      current.text.resize(filled + read_size);
      const std::size_t got = next_block(current.text.data() + filled, read_size);
      current.text.resize(filled + got);
      end += got;
      at_end = got == 0;
      const auto window = [&] {
        return io_detail::ScanWindow{current.text.data() + current.prefix_length, begin, end};
      };
      while (auto cut = at_end ? finder.finish(window()) : finder.scan(window())) {
        // The record and what follows it start the next part, reopened inside the collection;
        // this part ends before the comma and is closed.
        Part next;
        next.text = fresh_text();
        next.text.append("{\"").append(cut->collection).append("\":[");
        next.prefix_length = next.text.size();
        next.text.append(current.text, current.prefix_length + (cut->record - begin));
        current.text.resize(current.prefix_length + (cut->comma - begin));
        current.text.append(kClose);
        current.suffix_length = kClose.size();
        begin = cut->record;
        next.resumes_at = std::move(cut);
        submit(std::exchange(current, std::move(next)));
      }
    }
    submit(std::move(current));
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
  }
  {
    std::lock_guard lock(mutex);
    input_done = true;
  }
  changed.notify_all();
  try {
    join_ready(true);
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
  }
  changed.notify_all();
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  if (finder.irregular()) return read_whole();

  assemble(joined.result.dataset, joined.result.issues, joined_records);
  return finish_read(joined);
}

// Below this size one thread is as fast as several (thread start and joining cost more).
constexpr std::uint64_t kParallelThreshold = std::uint64_t{32} << 20;

// Parts small enough to balance the threads and bound the memory in flight, large enough that
// per-part costs vanish.
std::uint64_t part_size_for(std::uint64_t size, unsigned threads) {
  const std::uint64_t balanced = size / (std::uint64_t{threads} * 4);
  return std::clamp<std::uint64_t>(balanced, std::uint64_t{8} << 20, std::uint64_t{64} << 20);
}

unsigned reader_threads(const ReadOptions& options) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  return options.max_threads == 0 ? hardware : std::min(options.max_threads, hardware);
}

LoadResult read_memory(std::string_view text, std::uint64_t part_size, unsigned threads) {
  std::size_t offset = 0;
  return read_in_parts(
      [&](char* buffer, std::size_t capacity) {
        const std::size_t n = std::min(capacity, text.size() - offset);
        std::memcpy(buffer, text.data() + offset, n);
        offset += n;
        return n;
      },
      [text] { return parse_whole(text); }, part_size, threads);
}

LoadResult io_failure(const std::filesystem::path& path, const std::system_error& error) {
  LoadResult result;
  result.issues.push_back(Issue{IssueCode::io_error, "",
                                "cannot read " + path.string() + ": " + io_detail::describe_system_error(error)});
  return result;
}

}  // namespace

bool LoadDiagnostics::any_rejected() const noexcept {
  return !rejected_keys.empty() ||
         std::any_of(document_index.begin(), document_index.end(), [](const auto& positions) { return !positions.empty(); });
}

std::size_t LoadDiagnostics::position_in_document(Collection collection, std::size_t row) const noexcept {
  const std::vector<std::size_t>& positions = document_index[static_cast<std::size_t>(collection)];
  return row < positions.size() ? positions[row] : row;
}

bool LoadDiagnostics::rejected(std::string_view key) const noexcept {
  return !rejected_keys.empty() && rejected_keys.contains(std::string(key));
}

bool LoadResult::fatal() const noexcept {
  for (const auto& issue : issues) {
    if (issue.code == IssueCode::parse_error || issue.code == IssueCode::schema_version_unsupported ||
        issue.code == IssueCode::io_error) {
      return true;
    }
  }
  return false;
}

LoadResult read_dataset(std::istream& input, const ReadOptions& options) {
  std::string text;
  char buffer[1 << 16];
  while (input.read(buffer, sizeof buffer) || input.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(input.gcount()));
  }
  if (input.bad()) {
    LoadResult result;
    result.issues.push_back(Issue{IssueCode::io_error, "", "cannot read the input stream"});
    return result;
  }
  return read_dataset(std::string_view(text), options);
}

LoadResult read_dataset(std::string_view text, const ReadOptions& options) {
  const unsigned threads = reader_threads(options);
  if (threads < 2 || text.size() < kParallelThreshold) return parse_whole(text);
  return read_memory(text, part_size_for(text.size(), threads), threads);
}

LoadResult read_dataset_file(const std::filesystem::path& path, const ReadOptions& options) {
  try {
    io_detail::InputFile file(path);
    const unsigned threads = reader_threads(options);
    if (file.regular() && threads >= 2 && file.size() >= kParallelThreshold) {
      return read_in_parts([&](char* buffer, std::size_t capacity) { return file.read(buffer, capacity); },
                           [&] {
                             std::string text;
                             file.read_all_from_start(text);
                             return parse_whole(text);
                           },
                           part_size_for(file.size(), threads), threads);
    }
    // Small files, pipes and devices: the whole text in memory, read in one piece.
    std::string text;
    file.read_to_end(text);
    return read_dataset(std::string_view(text), options);
  } catch (const std::system_error& error) {
    return io_failure(path, error);
  }
}

std::variant<std::string, Issue> read_text_file(const std::filesystem::path& path) {
  try {
    io_detail::InputFile file(path);
    std::string text;
    file.read_to_end(text);
    return text;
  } catch (const std::system_error& error) {
    return std::move(io_failure(path, error).issues.front());
  }
}

namespace io_detail {
LoadResult read_dataset_in_parts(std::string_view text, std::uint64_t part_size, unsigned threads) {
  return read_memory(text, part_size, threads);
}
}  // namespace io_detail

namespace {
ValidationReport validate_loaded(LoadResult load) {
  ValidationReport report{std::move(load), {}};
  report.issues = report.load.issues;
  if (!report.load.fatal()) {
    auto semantic = validate(report.load.dataset, &report.load.diagnostics);
    report.issues.insert(report.issues.end(), std::make_move_iterator(semantic.begin()),
                         std::make_move_iterator(semantic.end()));
  }
  return report;
}
}  // namespace

ValidationReport validate_file(const std::filesystem::path& path, const ReadOptions& options) {
  return validate_loaded(read_dataset_file(path, options));
}
ValidationReport validate_text(std::string_view text, const ReadOptions& options) {
  return validate_loaded(read_dataset(text, options));
}

}  // namespace vocfab
