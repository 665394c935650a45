// The streaming dataset reader: nlohmann/json SAX events straight into records.
//
// Top-level scalars and record fields are handed to the record drafts as they arrive; only nested
// values inside a record (consents, lists) and the policy object are gathered into a small DOM.
// Memory therefore follows the dataset, never a DOM of the whole file.
#include "io/record_codec.h"
#include "io/record_drafts.h"
#include "vocfab/io/json.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <istream>
#include <iterator>
#include <memory>
#include <sstream>

namespace vocfab {
namespace {

using json = nlohmann::json;
using io_detail::FieldValue;

// ---------------------------------------------------------------------------------------------
// Input: an input iterator over a stream read in large chunks (nlohmann reads one byte at a time
// through the iterator; the chunking keeps that off the stream's virtual calls).

class ChunkedStream {
 public:
  explicit ChunkedStream(std::istream& input) : input_(input), buffer_(kChunk) { refill(); }

  bool exhausted() const noexcept { return position_ == length_; }
  char current() const noexcept { return buffer_[position_]; }
  void advance() {
    if (++position_ == length_) refill();
  }

 private:
  static constexpr std::size_t kChunk = 1 << 20;
  void refill() {
    input_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    length_ = static_cast<std::size_t>(input_.gcount());
    position_ = 0;
  }

  std::istream& input_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t length_ = 0;
};

class ChunkedIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  ChunkedIterator() = default;
  explicit ChunkedIterator(ChunkedStream& stream) : stream_(&stream) {}

  char operator*() const noexcept { return stream_->current(); }
  ChunkedIterator& operator++() {
    stream_->advance();
    return *this;
  }
  ChunkedIterator operator++(int) {
    ChunkedIterator previous = *this;
    stream_->advance();
    return previous;
  }
  friend bool operator==(const ChunkedIterator& a, const ChunkedIterator& b) noexcept {
    return a.done() == b.done();
  }

 private:
  bool done() const noexcept { return stream_ == nullptr || stream_->exhausted(); }
  ChunkedStream* stream_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Collections: one sink per kind of record, feeding a reusable draft.

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void begin(std::size_t index) = 0;
  virtual void field(std::string_view key, FieldValue& value) = 0;
  virtual void end() = 0;
};

template <class Entity>
class CollectionSink final : public RecordSink {
 public:
  CollectionSink(std::string_view name, std::string_view key_field, LoadResult& result)
      : name_(name), key_field_(key_field), result_(result) {}

  void begin(std::size_t index) override {
    draft_.emplace();
    context_.emplace(result_.issues, name_, index);
    index_ = index;
    key_.clear();
  }

  void field(std::string_view key, FieldValue& value) override {
    if (key == key_field_ && value.kind() == FieldValue::Kind::string) key_.assign(value.string_view());
    io_detail::Field field(key, value, *context_);
    draft_->set(field);
  }

  void end() override {
    if (auto record = draft_->build(*context_)) {
      result_.dataset.add(std::move(*record));
      if (positions_) positions_->push_back(index_);
      ++kept_;
      return;
    }
    // Left out: remember its key so references to it are not reported again, and from now on
    // record where each kept record stood in the document so validation paths stay true.
    if (!key_.empty()) result_.diagnostics.rejected_keys.insert(key_);
    if (!positions_) {
      positions_ = &result_.diagnostics.document_index[std::string(name_)];
      for (std::size_t i = 0; i < kept_; ++i) positions_->push_back(i);
    }
  }

 private:
  std::string_view name_;
  std::string_view key_field_;
  LoadResult& result_;
  std::optional<io_detail::Draft<Entity>> draft_;
  std::optional<io_detail::RecordContext> context_;
  std::size_t index_ = 0;
  std::size_t kept_ = 0;
  std::string key_;
  std::vector<std::size_t>* positions_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// The SAX handler.

class DatasetHandler final : public nlohmann::json_sax<json> {
 public:
  explicit DatasetHandler(LoadResult& result) : result_(result) {
    sinks_[0] = std::make_unique<CollectionSink<Centre>>("centres", "id", result);
    sinks_[1] = std::make_unique<CollectionSink<Branch>>("branches", "code", result);
    sinks_[2] = std::make_unique<CollectionSink<Course>>("courses", "id", result);
    sinks_[3] = std::make_unique<CollectionSink<Trainee>>("trainees", "id", result);
    sinks_[4] = std::make_unique<CollectionSink<Application>>("applications", "id", result);
    sinks_[5] = std::make_unique<CollectionSink<Enrollment>>("enrollments", "id", result);
    sinks_[6] = std::make_unique<CollectionSink<Certificate>>("certificates", "id", result);
    sinks_[7] = std::make_unique<CollectionSink<Employer>>("employers", "id", result);
    sinks_[8] = std::make_unique<CollectionSink<Vacancy>>("vacancies", "id", result);
    sinks_[9] = std::make_unique<CollectionSink<Referral>>("referrals", "id", result);
  }

  // Called once parsing stopped without a syntax error.
  void finish() {
    if (!aborted_ && !schema_version_seen_) {
      fatal(IssueCode::schema_version_unsupported, "schema_version",
            "the document has no schema_version (this build reads version " + std::to_string(kSchemaVersion) + ")");
    }
  }

  bool null() override { return scalar(FieldValue::null(), [] { return json(nullptr); }); }
  bool boolean(bool value) override {
    return scalar(FieldValue::boolean(value), [&] { return json(value); });
  }
  bool number_integer(number_integer_t value) override {
    return scalar(FieldValue::integer(value), [&] { return json(value); });
  }
  bool number_unsigned(number_unsigned_t value) override {
    return scalar(FieldValue::unsigned_integer(value), [&] { return json(value); });
  }
  bool number_float(number_float_t value, const string_t&) override {
    return scalar(FieldValue::floating(value), [&] { return json(value); });
  }
  bool string(string_t& value) override {
    return scalar(FieldValue::movable_string(value), [&] { return json(std::move(value)); });
  }
  bool binary(binary_t&) override { return true; }  // JSON text never produces binary values.

  bool key(string_t& key) override {
    if (skip_depth_ > 0) return true;
    if (!capture_stack_.empty()) {
      capture_key_ = key;
    } else if (depth_ == 1) {
      top_key_ = key;
    } else if (depth_ == 3) {
      record_key_ = key;
    }
    return true;
  }

  bool start_object(std::size_t) override { return start_container(json::object()); }
  bool start_array(std::size_t) override { return start_container(json::array()); }
  bool end_object() override { return end_container(); }
  bool end_array() override { return end_container(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    std::string message = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep "parse error at line L, column C: …".
    if (auto bracket = message.find("] "); message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
      message.erase(0, bracket + 2);
    }
    result_.issues.push_back(Issue{IssueCode::parse_error, "", std::move(message)});
    aborted_ = true;
    return false;
  }

 private:
  bool fatal(IssueCode code, std::string path, std::string message) {
    result_.issues.push_back(Issue{code, std::move(path), std::move(message)});
    aborted_ = true;
    return false;
  }

  RecordSink* collection_sink(std::string_view name) {
    if (auto collection = parse_collection(name)) return sinks_[static_cast<std::size_t>(*collection)].get();
    return nullptr;
  }

  // Reports a wrongly typed value at the top level or in a collection and skips it.
  void reject(std::string path, std::string message) {
    result_.issues.push_back(Issue{IssueCode::invalid_value, std::move(path), std::move(message)});
  }

  template <class MakeJson>
  bool scalar(FieldValue value, MakeJson&& make_json) {
    if (skip_depth_ > 0) return true;
    if (!capture_stack_.empty()) {
      capture(make_json());
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
    } else if (top_key_ == "policy" || collection_sink(top_key_)) {
      if (!value.is_null()) {
        reject(top_key_, top_key_ == "policy" ? "expected an object" : "expected an array of records");
      }
    }
    return true;
  }

  bool start_container(json empty) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (!capture_stack_.empty()) {
      capture(std::move(empty));
      return true;
    }
    const bool is_object = empty.is_object();
    switch (depth_) {
      case 0:
        if (!is_object) return fatal(IssueCode::parse_error, "", "a dataset document is a JSON object");
        depth_ = 1;
        return true;
      case 1:
        if (top_key_ == "policy" && is_object) {
          begin_capture(std::move(empty), Target::policy);
        } else if (auto* sink = collection_sink(top_key_); sink && !is_object) {
          current_sink_ = sink;
          element_index_ = 0;
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
        begin_capture(std::move(empty), Target::record_field);
        return true;
    }
  }

  bool end_container() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (!capture_stack_.empty()) {
      capture_stack_.pop_back();
      if (capture_stack_.empty()) deliver_capture();
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

  void begin_capture(json root, Target target) {
    capture_root_ = std::move(root);
    capture_stack_.push_back(&capture_root_);
    capture_target_ = target;
  }

  void capture(json value) {
    json& parent = *capture_stack_.back();
    json* inserted = nullptr;
    if (parent.is_object()) {
      inserted = &(parent[capture_key_] = std::move(value));
    } else {
      parent.push_back(std::move(value));
      inserted = &parent.back();
    }
    if (inserted->is_structured()) capture_stack_.push_back(inserted);
  }

  void deliver_capture() {
    if (capture_target_ == Target::policy) {
      io_detail::RecordContext context(result_.issues, "policy");
      io_detail::Draft<Policy> draft;
      io_detail::decode_object(draft, capture_root_, context);
      if (auto policy = draft.build(context)) result_.dataset.set_policy(std::move(*policy));
    } else {
      FieldValue value = FieldValue::of(capture_root_);
      current_sink_->field(record_key_, value);
    }
    capture_root_ = nullptr;
  }

  LoadResult& result_;
  std::array<std::unique_ptr<RecordSink>, 10> sinks_;
  RecordSink* current_sink_ = nullptr;
  int depth_ = 0;             // 0 outside, 1 in the document, 2 in a collection, 3 in a record
  std::size_t skip_depth_ = 0;  // > 0 while skipping an unwanted container
  std::size_t element_index_ = 0;
  std::string top_key_;
  std::string record_key_;
  json capture_root_;
  std::vector<json*> capture_stack_;
  std::string capture_key_;
  Target capture_target_ = Target::record_field;
  bool schema_version_seen_ = false;
  bool aborted_ = false;
};

template <class Iterator>
LoadResult parse(Iterator first, Iterator last) {
  LoadResult result;
  DatasetHandler handler(result);
  try {
    json::sax_parse(first, last, &handler, nlohmann::json::input_format_t::json, /*strict=*/true);
    handler.finish();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    // nlohmann reports malformed input through parse_error; anything else is still the
    // document's fault (e.g. a number out of range) and must not escape as an exception.
    result.issues.push_back(Issue{IssueCode::parse_error, "", error.what()});
  }
  return result;
}

}  // namespace

bool LoadResult::fatal() const noexcept {
  for (const auto& issue : issues) {
    if (issue.code == IssueCode::parse_error || issue.code == IssueCode::schema_version_unsupported) return true;
  }
  return false;
}

LoadResult read_dataset(std::istream& input) {
  ChunkedStream stream(input);
  return parse(ChunkedIterator(stream), ChunkedIterator());
}

LoadResult read_dataset(std::string_view text) { return parse(text.data(), text.data() + text.size()); }

LoadResult read_dataset_file(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    LoadResult result;
    result.issues.push_back(Issue{IssueCode::parse_error, "", "cannot open " + path.string()});
    return result;
  }
  return read_dataset(input);
}

namespace {
ValidationReport validate_loaded(LoadResult load) {
  ValidationReport report{std::move(load), {}};
  report.issues = report.load.issues;
  if (!report.load.fatal()) {
    auto semantic = validate(report.load.dataset, report.load.diagnostics);
    report.issues.insert(report.issues.end(), std::make_move_iterator(semantic.begin()),
                         std::make_move_iterator(semantic.end()));
  }
  return report;
}
}  // namespace

ValidationReport validate_file(const std::filesystem::path& path) { return validate_loaded(read_dataset_file(path)); }
ValidationReport validate_text(std::string_view text) { return validate_loaded(read_dataset(text)); }

}  // namespace vocfab
