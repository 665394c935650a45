// The C ABI: a thin `extern "C"` layer over the C++ API (see capi/include/vocfab/vocfab.h).
//
// Every exported function runs its body inside `guarded`, which resets the thread's error state,
// and turns every exception into a status: std::bad_alloc → VF_ERROR_OUT_OF_MEMORY, anything
// else → VF_ERROR_INTERNAL. Nothing here throws past the boundary. Text that comes from the caller
// and is quoted in a message (collection names, keys) goes through `vocfab::quote_value`, the one
// masking function, so that a national id passed by mistake never appears in full; a path is not
// cut (it names the caller's file) but its national ids are masked (`vocfab::mask_national_ids`).
//
// Everything that depends on the collection (its record type, key, key field and the word for
// one record) comes from the model's description (`vocfab/model/description.h`).

#include "vocfab/vocfab.h"

#include "vocfab/io/certificates_json.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/io/allocation_json.h"
#include "vocfab/io/assignment_json.h"
#include "vocfab/io/matching_json.h"
#include "vocfab/io/key_file.h"
#include "vocfab/io/ranking_json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/model/dataset.h"
#include "vocfab/model/description.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/record_check.h"
#include "vocfab/report/summary.h"
#include "vocfab/model/issue.h"
#include "vocfab/ops/certificates.h"
#include "vocfab/io/registry_json.h"
#include "vocfab/registry/registry.h"
#include "vocfab/validation/validate.h"

#include <algorithm>
#include <array>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#if !defined(VF_LIBRARY_VERSION_MAJOR) || !defined(VF_LIBRARY_VERSION_STRING)
#error "capi/CMakeLists.txt defines VF_LIBRARY_VERSION_* from the project version"
#endif
static_assert(VF_VERSION_MAJOR == VF_LIBRARY_VERSION_MAJOR &&
                  VF_VERSION_MINOR == VF_LIBRARY_VERSION_MINOR &&
                  VF_VERSION_PATCH == VF_LIBRARY_VERSION_PATCH,
              "VF_VERSION_* in vocfab.h must equal the project version in CMakeLists.txt");

/// The opaque keyring handle: the caller's certificate keys.
struct vf_keyring {
  vocfab::CertificateKeyring keyring;  ///< The keys (wiped when the handle goes).
};

/// The opaque dataset handle: a dataset of its own, or a read view of a registry's dataset
/// (`vf_registry_read`), and the certificate keys it issues with. Every function reads the
/// dataset through `data()`; the functions that change it refuse a view.
struct vf_dataset {
  vocfab::Dataset dataset;  ///< The registry state of a handle that owns it (left empty in a view).
  /// The handle's own copy of the keyring given by `vf_dataset_set_keyring` (never saved).
  std::unique_ptr<const vocfab::CertificateKeyring> own_keyring{};
  /// The keyring certificates are issued with, for the functions that apply operations (e.g.
  /// `BatchContext::keyring`); null when none was set. Points into `own_keyring` (into
  /// `view_keyring` for a view).
  const vocfab::CertificateKeyring* keyring = nullptr;
  /// A view's registry; null for a dataset of its own.
  const vf_registry* registry = nullptr;
  /// A view's dataset: the registry's, under the read view (shared lock) its thread holds.
  const vocfab::Dataset* viewed = nullptr;
  /// A view's keyring: the registry's when the view was taken, kept alive while the view is.
  std::shared_ptr<const vocfab::CertificateKeyring> view_keyring{};

  /// Whether the handle is a view of a registry (read-only).
  bool is_view() const noexcept { return registry != nullptr; }
  /// The dataset the handle reads.
  const vocfab::Dataset& data() const noexcept { return viewed != nullptr ? *viewed : dataset; }
};

/// The opaque registry handle: the registry, and the certificate keys its batches issue with.
struct vf_registry {
  std::unique_ptr<vocfab::Registry> registry;  ///< The registry (never null in a handle given out).
  /// The handle's own copy of the keyring given by `vf_registry_set_keyring` (null: none). A
  /// batch and a view each hold it while they use it.
  std::shared_ptr<const vocfab::CertificateKeyring> keyring{};
  mutable std::mutex keyring_mutex;  ///< Guards `keyring` (the pointer, not the keys).

  /// The keyring now, to hold while it is used.
  std::shared_ptr<const vocfab::CertificateKeyring> current_keyring() const {
    std::lock_guard guard(keyring_mutex);
    return keyring;
  }
};

namespace {

using vocfab::Collection;
using vocfab::Issue;
using vocfab::IssueCode;

// The numeric issue codes are part of the ABI: the C enum must mirror the C++ one exactly.
#define VF_CHECK_ISSUE(c_name, cxx_name) \
  static_assert(static_cast<int>(c_name) == static_cast<int>(IssueCode::cxx_name), #cxx_name)
VF_CHECK_ISSUE(VF_ISSUE_PARSE_ERROR, parse_error);
VF_CHECK_ISSUE(VF_ISSUE_SCHEMA_VERSION_UNSUPPORTED, schema_version_unsupported);
VF_CHECK_ISSUE(VF_ISSUE_MISSING_FIELD, missing_field);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_VALUE, invalid_value);
VF_CHECK_ISSUE(VF_ISSUE_DUPLICATE_ID, duplicate_id);
VF_CHECK_ISSUE(VF_ISSUE_UNKNOWN_REFERENCE, unknown_reference);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_NATIONAL_ID, invalid_national_id);
VF_CHECK_ISSUE(VF_ISSUE_DUPLICATE_NATIONAL_ID, duplicate_national_id);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_TAX_NUMBER, invalid_tax_number);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_PHONE, invalid_phone);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_DATE, invalid_date);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_DATE_RANGE, invalid_date_range);
VF_CHECK_ISSUE(VF_ISSUE_CAPACITY_EXCEEDED, capacity_exceeded);
VF_CHECK_ISSUE(VF_ISSUE_NOT_ELIGIBLE_RESIDENCY, not_eligible_residency);
VF_CHECK_ISSUE(VF_ISSUE_NOT_ELIGIBLE_AGE, not_eligible_age);
VF_CHECK_ISSUE(VF_ISSUE_GUARDIAN_CONSENT_REQUIRED, guardian_consent_required);
VF_CHECK_ISSUE(VF_ISSUE_CONSENT_REQUIRED, consent_required);
VF_CHECK_ISSUE(VF_ISSUE_SCHEDULE_CONFLICT, schedule_conflict);
VF_CHECK_ISSUE(VF_ISSUE_MAX_ENROLLMENTS_EXCEEDED, max_enrollments_exceeded);
VF_CHECK_ISSUE(VF_ISSUE_BRANCH_ALREADY_COMPLETED, branch_already_completed);
VF_CHECK_ISSUE(VF_ISSUE_ABSENCE_LIMIT_EXCEEDED, absence_limit_exceeded);
VF_CHECK_ISSUE(VF_ISSUE_CERTIFICATE_NOT_ALLOWED, certificate_not_allowed);
VF_CHECK_ISSUE(VF_ISSUE_INVALID_TRANSITION, invalid_transition);
VF_CHECK_ISSUE(VF_ISSUE_VACANCY_NOT_OPEN, vacancy_not_open);
VF_CHECK_ISSUE(VF_ISSUE_DUPLICATE_REFERRAL, duplicate_referral);
VF_CHECK_ISSUE(VF_ISSUE_REFERRAL_PAUSED, referral_paused);
VF_CHECK_ISSUE(VF_ISSUE_MAX_REFERRALS_EXCEEDED, max_referrals_exceeded);
VF_CHECK_ISSUE(VF_ISSUE_PROTECTED_ATTRIBUTE_CRITERION, protected_attribute_criterion);
VF_CHECK_ISSUE(VF_ISSUE_IO_ERROR, io_error);
VF_CHECK_ISSUE(VF_ISSUE_DUPLICATE_ENROLLMENT, duplicate_enrollment);
VF_CHECK_ISSUE(VF_ISSUE_COURSE_NOT_OPEN, course_not_open);
VF_CHECK_ISSUE(VF_ISSUE_NOT_JOB_SEEKING, not_job_seeking);
VF_CHECK_ISSUE(VF_ISSUE_CERTIFICATE_REQUIRED, certificate_required);
VF_CHECK_ISSUE(VF_ISSUE_RECORD_ERASED, record_erased);
VF_CHECK_ISSUE(VF_ISSUE_UNKNOWN_OPERATION, unknown_operation);
VF_CHECK_ISSUE(VF_ISSUE_IDEMPOTENCY_CONFLICT, idempotency_conflict);
VF_CHECK_ISSUE(VF_ISSUE_INFEASIBLE, infeasible);
#undef VF_CHECK_ISSUE

// ---------------------------------------------------------------------------------------------
// Per-thread error state
// ---------------------------------------------------------------------------------------------

struct ErrorState {
  vf_status status = VF_OK;
  std::string message;                  // "" after success
  std::string issues;                   // "" means "[]"
  const char* static_message = nullptr; // used when recording the message itself failed
  const char* function = "";            // the vf_ function running on this thread
};

thread_local ErrorState t_error;

void reset_error(const char* function) noexcept {
  t_error.status = VF_OK;
  t_error.message.clear();  // clear() keeps capacity and never throws
  t_error.issues.clear();
  t_error.static_message = nullptr;
  t_error.function = function;
}

/// Records a failure that must not allocate (out of memory and the like).
vf_status fail_static(vf_status status, const char* message) noexcept {
  t_error.status = status;
  t_error.message.clear();
  t_error.issues.clear();
  t_error.static_message = message;
  return status;
}

/// Records a failure: `<function>: <message>`, and the issues when given.
vf_status fail(vf_status status, std::string_view message,
               const std::vector<Issue>& issues = {}) noexcept {
  t_error.status = status;
  try {
    t_error.message.assign(t_error.function);
    t_error.message.append(": ");
    t_error.message.append(message);
    if (!issues.empty()) t_error.issues = vocfab::issues_to_json(issues);
  } catch (...) {
    return fail_static(status, "vocfab: out of memory while recording an error");
  }
  return status;
}

vf_status null_argument(const char* name) {
  return fail(VF_ERROR_INVALID_ARGUMENT, std::string(name) + " is NULL");
}

vf_status check_flags(vf_flags flags, vf_flags allowed) {
  vf_flags reserved = flags & ~allowed;
  if (reserved == 0) return VF_OK;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "reserved flag bits 0x%08lx are set",
                static_cast<unsigned long>(reserved));
  return fail(VF_ERROR_INVALID_ARGUMENT, buffer);
}

/// Runs @p body for exported function @p function: resets the error state, catches everything.
template <class Body>
vf_status guarded(const char* function, Body&& body) noexcept {
  reset_error(function);
  try {
    return std::forward<Body>(body)();
  } catch (const std::bad_alloc&) {
    return fail_static(VF_ERROR_OUT_OF_MEMORY, "vocfab: out of memory");
  } catch (const std::exception& e) {
    std::string what;
    try {
      what = "internal error: " + vocfab::mask_national_ids(e.what());
    } catch (...) {
      return fail_static(VF_ERROR_INTERNAL, "vocfab: internal error (out of memory)");
    }
    return fail(VF_ERROR_INTERNAL, what);
  } catch (...) {
    return fail_static(VF_ERROR_INTERNAL, "vocfab: internal error (unknown exception)");
  }
}

/// A new malloc'ed copy of @p text for the caller (freed with vf_string_free).
char* duplicate(std::string_view text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

std::string_view text_of(const char* data, std::size_t length) {
  return length == VF_NUL_TERMINATED ? std::string_view(data) : std::string_view(data, length);
}

vocfab::WriteOptions write_options(vf_flags flags) {
  vocfab::WriteOptions options;
  options.mask_national_ids = (flags & VF_REVEAL_NATIONAL_IDS) == 0;
  return options;
}

/// Status for a failed read: the file, then the document, then its records.
vf_status status_for(const std::vector<Issue>& issues) {
  for (const Issue& issue : issues)
    if (issue.code == IssueCode::io_error) return VF_ERROR_IO;
  for (const Issue& issue : issues)
    if (issue.code == IssueCode::parse_error) return VF_ERROR_PARSE;
  for (const Issue& issue : issues)
    if (issue.code == IssueCode::schema_version_unsupported) return VF_ERROR_SCHEMA_VERSION;
  return VF_ERROR_INVALID_DATA;
}

/// The status of a solver request refused with @p issues.
vf_status solver_status(const std::vector<Issue>& issues) {
  for (const Issue& issue : issues)
    if (issue.code == IssueCode::parse_error) return VF_ERROR_PARSE;
  for (const Issue& issue : issues)
    if (issue.code == IssueCode::infeasible) return VF_ERROR_INFEASIBLE;
  return VF_ERROR_INVALID_ARGUMENT;
}

/// "what: 3 issues; first: path: message (all in vf_last_issues_json)".
vf_status fail_with_issues(vf_status status, std::string_view what,
                           const std::vector<Issue>& issues) {
  std::string message(what);
  if (!issues.empty()) {
    const Issue& first = issues.front();
    message += ": " + std::to_string(issues.size()) + (issues.size() == 1 ? " issue" : " issues");
    message += "; first: ";
    message += vocfab::to_string(first.code);
    if (!first.path.empty()) message += " at " + first.path;
    if (!first.message.empty()) message += ": " + first.message;
    message += " (all in vf_last_issues_json)";
  }
  return fail(status, message, issues);
}

/// A solver's JSON entry point behind the C ABI: the result, or its issues as the error.
template <class Solve>
vf_status solve_json(const char* request_json, size_t length, char** out_json, Solve&& solve) {
  if (out_json == nullptr) return null_argument("out_json");
  *out_json = nullptr;
  if (request_json == nullptr) return null_argument("request_json");
  const auto reply = std::forward<Solve>(solve)(text_of(request_json, length));
  if (!reply.ok()) {
    const vf_status status = solver_status(reply.issues);
    return fail_with_issues(status, status == VF_ERROR_INFEASIBLE ? "the problem has no solution" : "the request was rejected",
                            reply.issues);
  }
  *out_json = duplicate(reply.json);
  return VF_OK;
}

/// A dataset's JSON entry point behind the C ABI (`allocate_json`, `rank_json`, ...): the result
/// of @p entry on the dataset, or its issues as the error; a NULL request is the empty one (every
/// field at its default).
vf_status dataset_json(const vf_dataset* dataset, const char* request_json, size_t length, char** out_json,
                       vocfab::JsonReply (*entry)(const vocfab::Dataset&, std::string_view)) {
  if (dataset == nullptr) {
    if (out_json != nullptr) *out_json = nullptr;
    return null_argument("dataset");
  }
  const char* request = request_json == nullptr ? "" : request_json;
  const std::size_t size = request_json == nullptr ? 0 : length;
  return solve_json(request, size, out_json, [&](std::string_view text) { return entry(dataset->data(), text); });
}

static_assert(VF_NAME_SEPARATOR == vocfab::kMatchingNameSeparator && VF_UNMATCHED == vocfab::matching::kNoIndex,
              "vocfab.h's compact matching constants must be the library's");

/// The compact request of a `_lists` entry point, its pointers checked (the counts are checked
/// against the names when it is read); nothing, with the failure recorded in @p status, when a
/// pointer is NULL where the counts need one.
std::optional<vocfab::MatchingLists> matching_lists(const char* names, size_t names_length, const uint32_t* list_lengths,
                                                    size_t proposer_count, size_t receiver_count,
                                                    const int64_t* capacities, size_t capacity_count,
                                                    size_t matched_count, vf_status& status) {
  if (names == nullptr && names_length != 0) {
    status = null_argument("names");
    return std::nullopt;
  }
  const size_t lists = proposer_count + receiver_count + matched_count;
  if (list_lengths == nullptr && (proposer_count != 0 || receiver_count != 0 || matched_count != 0)) {
    status = null_argument("list_lengths");
    return std::nullopt;
  }
  if (capacities == nullptr && capacity_count != 0) {
    status = null_argument("capacities");
    return std::nullopt;
  }
  vocfab::MatchingLists request;
  if (names != nullptr) request.names = text_of(names, names_length);
  if (list_lengths != nullptr) request.list_lengths = std::span<const uint32_t>(list_lengths, lists);
  request.proposers = proposer_count;
  request.receivers = receiver_count;
  if (capacities != nullptr) request.capacities = std::span<const int64_t>(capacities, capacity_count);
  request.matched = matched_count;
  return request;
}

/// Reads a compact request with @p read: the request, or nothing with the failure recorded in
/// @p status (names that do not add up to the counts; the issues of a request that cannot be read).
template <class Read>
auto read_matching_lists(const vocfab::MatchingLists& lists, vf_status& status, Read&& read)
    -> std::optional<decltype(read(lists))> {
  try {
    auto request = std::forward<Read>(read)(lists);
    if (!request.issues.empty()) {
      status = fail_with_issues(solver_status(request.issues), "the request was rejected", request.issues);
      return std::nullopt;
    }
    return request;
  } catch (const vocfab::MalformedLists& malformed) {
    status = fail(VF_ERROR_INVALID_ARGUMENT, malformed.what());
    return std::nullopt;
  }
}


/// A record or policy that `decode_json` could not build: parse errors stay parse errors.
template <class E>
vf_status reject_decoded(vocfab::Decoded<E>& decoded, const std::string& path, const std::string& what) {
  std::vector<Issue>& issues = decoded.issues;
  if (issues.empty()) issues.push_back({IssueCode::invalid_value, path, "the " + what + " could not be built"});
  const vf_status status = status_for(issues) == VF_ERROR_PARSE ? VF_ERROR_PARSE : VF_ERROR_INVALID_DATA;
  return fail_with_issues(status, "the " + what + " was rejected", issues);
}

/// Runs @p change, which hands the dataset the decoded record or policy at @p path. The model's
/// invariants are the reader's, so what decode_json built passes them; should it not, the model's
/// `InvalidRecord` is bad data (its issues, below @p path), never an internal error.
template <class Change>
vf_status change_model(const std::string& path, const std::string& what, Change&& change) {
  try {
    std::forward<Change>(change)();
  } catch (const vocfab::InvalidRecord& invalid) {
    std::vector<Issue> issues = invalid.issues();
    for (Issue& issue : issues) issue.path = issue.path.empty() ? path : vocfab::join_path(path, issue.path);
    return fail_with_issues(VF_ERROR_INVALID_DATA, "the " + what + " was rejected", issues);
  }
  return VF_OK;
}

/// A view of a registry given to a function that changes a dataset.
vf_status view_refused() {
  return fail(VF_ERROR_INVALID_ARGUMENT,
              "dataset is a read view of a registry (vf_registry_read) and cannot be changed; apply batches "
              "with vf_registry_apply");
}

/// The apply entry points' common part (`vf_dataset_apply`, `vf_registry_apply`; flags checked):
/// reads the request, applies it with @p apply (operations and context in, the outcome out),
/// and answers the outcome, or the refusal of the failing operation.
template <class Apply>
vf_status apply_json(const char* request_json, size_t length, vf_flags flags, const vocfab::CertificateKeyring* keyring,
                     char** out_json, Apply&& apply) {
  // The moment of a request that names none: the caller asked for "now" by leaving it out.
  const vocfab::Timestamp now = boost::posix_time::second_clock::universal_time();
  vocfab::ApplyRequest request = vocfab::read_apply_request(text_of(request_json, length), now);
  if (request.operations.parse_error) {
    return fail_with_issues(VF_ERROR_PARSE, "the request is not JSON", {*request.operations.parse_error});
  }
  if (!request.issues.empty()) {
    return fail_with_issues(status_for(request.issues) == VF_ERROR_PARSE ? VF_ERROR_PARSE : VF_ERROR_INVALID_ARGUMENT,
                            "the request was rejected", request.issues);
  }
  if ((flags & VF_CHECK_ONLY) != 0) request.context.check_only = true;
  request.context.keyring = keyring;
  const vocfab::BatchOutcome outcome = std::forward<Apply>(apply)(request.operations, request.context);
  if (const auto& failed = outcome.result.failed) {
    return fail_with_issues(VF_ERROR_RULE_VIOLATION,
                            "operation " + std::to_string(failed->index) + (failed->op.empty() ? "" : " (" + failed->op + ")") +
                                " was refused; nothing was applied",
                            failed->issues);
  }
  *out_json = duplicate(vocfab::write_batch_outcome(outcome, request.context.check_only));
  return VF_OK;
}

/// `'path'`, whole and as given: it is the caller's own name for a file, and a message must name
/// the file that was asked for (the same rule as io's messages about files it cannot read).
std::string quoted_path(std::string_view path) { return "'" + std::string(path) + "'"; }

std::string report_json(const std::vector<Issue>& issues) {
  std::string report = issues.empty() ? "{\"valid\":true,\"issues\":" : "{\"valid\":false,\"issues\":";
  report += vocfab::issues_to_json(issues);
  report += "}";
  return report;
}

// ---------------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------------

/// How a message shows a record's key: a UUID as such, a branch code with any national id in it
/// masked (a code may hold digits).
template <class Key>
std::string key_text(const Key& key) {
  if constexpr (std::is_same_v<Key, vocfab::BranchCode>) return vocfab::mask_national_ids(key.str());
  else return key.to_string();
}

/// "trainee with id 0c1f…", "branch with code SEWING".
template <vocfab::Entity E>
std::string record_named(const vocfab::KeyOf<E>& key) {
  std::string text(vocfab::Description<E>::singular);
  text += " with ";
  text += vocfab::key_field<E>();
  text += ' ';
  text += key_text(key);
  return text;
}

/// The collection named @p name, or a recorded VF_ERROR_INVALID_ARGUMENT.
std::optional<Collection> collection_named(const char* name, vf_status& status) {
  if (name == nullptr) {
    status = null_argument("collection");
    return std::nullopt;
  }
  auto collection = vocfab::parse_collection(name);
  if (!collection) {
    status = fail(VF_ERROR_INVALID_ARGUMENT,
                  "unknown collection " + vocfab::quote_value(name) +
                      " (expected centres, branches, courses, trainees, applications, "
                      "enrollments, certificates, employers, vacancies or referrals)");
  }
  return collection;
}

/// Names owned by the library with static lifetime, NUL-terminated (string_views returned by
/// the C++ API are not guaranteed to be).
struct NameTables {
  std::vector<std::string> issue_codes;  // index = numeric code
  std::vector<std::string> collections;  // document order
  NameTables() {
    for (IssueCode code : vocfab::all_issue_codes()) {
      auto index = static_cast<std::size_t>(code);
      if (issue_codes.size() <= index) issue_codes.resize(index + 1);
      issue_codes[index] = std::string(vocfab::to_string(code));
    }
    for (Collection collection : vocfab::kAllCollections) {
      collections.emplace_back(vocfab::to_string(collection));
    }
  }
};

const NameTables* name_tables() noexcept {
  try {
    static const NameTables tables;
    return &tables;
  } catch (...) {
    return nullptr;  // initialisation is retried on the next call
  }
}

}  // namespace

// =============================================================================================
// Exported functions
// =============================================================================================

extern "C" {

VF_API void vf_version(int* major, int* minor, int* patch) {
  if (major != nullptr) *major = VF_LIBRARY_VERSION_MAJOR;
  if (minor != nullptr) *minor = VF_LIBRARY_VERSION_MINOR;
  if (patch != nullptr) *patch = VF_LIBRARY_VERSION_PATCH;
}

VF_API const char* vf_version_string(void) { return VF_LIBRARY_VERSION_STRING; }

VF_API const char* vf_last_error_message(void) {
  if (t_error.static_message != nullptr) return t_error.static_message;
  return t_error.message.c_str();
}

VF_API const char* vf_last_issues_json(void) {
  return t_error.issues.empty() ? "[]" : t_error.issues.c_str();
}

VF_API vf_status vf_last_status(void) { return t_error.status; }

VF_API void vf_string_free(char* string) { std::free(string); }

VF_API const char* vf_status_name(vf_status status) {
  switch (status) {
    case VF_OK: return "VF_OK";
    case VF_ERROR_INVALID_ARGUMENT: return "VF_ERROR_INVALID_ARGUMENT";
    case VF_ERROR_PARSE: return "VF_ERROR_PARSE";
    case VF_ERROR_SCHEMA_VERSION: return "VF_ERROR_SCHEMA_VERSION";
    case VF_ERROR_INVALID_DATA: return "VF_ERROR_INVALID_DATA";
    case VF_ERROR_NOT_FOUND: return "VF_ERROR_NOT_FOUND";
    case VF_ERROR_IO: return "VF_ERROR_IO";
    case VF_ERROR_OUT_OF_MEMORY: return "VF_ERROR_OUT_OF_MEMORY";
    case VF_ERROR_INTERNAL: return "VF_ERROR_INTERNAL";
    case VF_ERROR_RULE_VIOLATION: return "VF_ERROR_RULE_VIOLATION";
    case VF_ERROR_INFEASIBLE: return "VF_ERROR_INFEASIBLE";
    case VF_ERROR_LOCKED: return "VF_ERROR_LOCKED";
    case VF_ERROR_CORRUPT: return "VF_ERROR_CORRUPT";
  }
  return "VF_UNKNOWN_STATUS";
}

VF_API const char* vf_issue_code_name(int code) {
  const NameTables* tables = name_tables();
  if (tables == nullptr || code <= 0) return nullptr;
  auto index = static_cast<std::size_t>(code);
  if (index >= tables->issue_codes.size() || tables->issue_codes[index].empty()) return nullptr;
  return tables->issue_codes[index].c_str();
}

VF_API const char* vf_collection_name(size_t index) {
  const NameTables* tables = name_tables();
  if (tables == nullptr || index >= tables->collections.size()) return nullptr;
  return tables->collections[index].c_str();
}

// ---------------------------------------------------------------------------------------------

VF_API vf_status vf_validate_json(const char* json, size_t length, int* out_valid,
                                  char** out_report) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_valid != nullptr) *out_valid = 0;
    if (out_report != nullptr) *out_report = nullptr;
    if (json == nullptr) return null_argument("json");
    vocfab::ValidationReport report = vocfab::validate_text(text_of(json, length));
    if (out_report != nullptr) *out_report = duplicate(report_json(report.issues));
    if (out_valid != nullptr) *out_valid = report.valid() ? 1 : 0;
    return VF_OK;
  });
}

VF_API vf_status vf_validate_file(const char* path, int* out_valid, char** out_report) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_valid != nullptr) *out_valid = 0;
    if (out_report != nullptr) *out_report = nullptr;
    if (path == nullptr) return null_argument("path");
    vocfab::ValidationReport report = vocfab::validate_file(path);
    const std::vector<Issue>& issues = report.issues;
    if (status_for(issues) == VF_ERROR_IO) return fail_with_issues(VF_ERROR_IO, "the file cannot be read", issues);
    if (out_report != nullptr) *out_report = duplicate(report_json(issues));
    if (out_valid != nullptr) *out_valid = issues.empty() ? 1 : 0;
    return VF_OK;
  });
}

// ---------------------------------------------------------------------------------------------

VF_API vf_status vf_dataset_new(vf_dataset** out_dataset) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_dataset == nullptr) return null_argument("out_dataset");
    *out_dataset = nullptr;
    *out_dataset = new vf_dataset{};
    return VF_OK;
  });
}

VF_API void vf_dataset_free(vf_dataset* dataset) {
  if (dataset != nullptr && dataset->is_view()) return;  // released with vf_registry_release
  delete dataset;
}

namespace {

vf_status finish_load(vocfab::LoadResult& result, vf_dataset** out_dataset) {
  if (!result.ok()) {
    vf_status status = status_for(result.issues);
    const char* what = status == VF_ERROR_IO               ? "the file cannot be read"
                       : status == VF_ERROR_PARSE          ? "the document is not well-formed JSON"
                       : status == VF_ERROR_SCHEMA_VERSION ? "unsupported schema_version"
                                                           : "records could not be built";
    return fail_with_issues(status, what, result.issues);
  }
  *out_dataset = new vf_dataset{std::move(result.dataset)};
  return VF_OK;
}

}  // namespace

VF_API vf_status vf_dataset_load_json(const char* json, size_t length, vf_flags flags,
                                      vf_dataset** out_dataset) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_dataset == nullptr) return null_argument("out_dataset");
    *out_dataset = nullptr;
    if (json == nullptr) return null_argument("json");
    if (vf_status s = check_flags(flags, VF_FLAGS_NONE); s != VF_OK) return s;
    vocfab::LoadResult result = vocfab::read_dataset(text_of(json, length));
    return finish_load(result, out_dataset);
  });
}

VF_API vf_status vf_dataset_load_file(const char* path, vf_flags flags,
                                      vf_dataset** out_dataset) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_dataset == nullptr) return null_argument("out_dataset");
    *out_dataset = nullptr;
    if (path == nullptr) return null_argument("path");
    if (vf_status s = check_flags(flags, VF_FLAGS_NONE); s != VF_OK) return s;
    vocfab::LoadResult result = vocfab::read_dataset_file(path);
    return finish_load(result, out_dataset);
  });
}

VF_API vf_status vf_dataset_save_json(const vf_dataset* dataset, vf_flags flags,
                                      char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    if (vf_status s = check_flags(flags, VF_REVEAL_NATIONAL_IDS); s != VF_OK) return s;
    *out_json = duplicate(vocfab::write_dataset(dataset->data(), write_options(flags)));
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_save_file(const vf_dataset* dataset, const char* path,
                                      vf_flags flags) {
  return guarded(__func__, [&]() -> vf_status {
    if (dataset == nullptr) return null_argument("dataset");
    if (path == nullptr) return null_argument("path");
    if (vf_status s = check_flags(flags, VF_REVEAL_NATIONAL_IDS); s != VF_OK) return s;
    if (*path == '\0') return fail(VF_ERROR_INVALID_ARGUMENT, "path is empty");
    try {
      vocfab::write_dataset_file(dataset->data(), path, write_options(flags));
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::system_error& e) {
      // A masked document is an export: the library only ever creates it (convention 8).
      if ((flags & VF_REVEAL_NATIONAL_IDS) == 0 && e.code() == std::errc::file_exists) {
        return fail(VF_ERROR_IO, "cannot write " + quoted_path(path) +
                                     ": it exists; a masked export never replaces a file; remove it "
                                     "first or save with VF_REVEAL_NATIONAL_IDS");
      }
      return fail(VF_ERROR_IO, "cannot write " + quoted_path(path) + ": " + e.code().message());
    }
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_validate(const vf_dataset* dataset, int* out_valid,
                                     char** out_report) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_valid != nullptr) *out_valid = 0;
    if (out_report != nullptr) *out_report = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    std::vector<Issue> issues = vocfab::validate(dataset->data());
    if (out_report != nullptr) *out_report = duplicate(report_json(issues));
    if (out_valid != nullptr) *out_valid = issues.empty() ? 1 : 0;
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_count(const vf_dataset* dataset, const char* collection,
                                  size_t* out_count) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_count == nullptr) return null_argument("out_count");
    *out_count = 0;
    if (dataset == nullptr) return null_argument("dataset");
    vf_status status = VF_OK;
    auto which = collection_named(collection, status);
    if (!which) return status;
    *out_count = dataset->data().size(*which);
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_get(const vf_dataset* dataset, const char* collection,
                                const char* key, vf_flags flags, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    vf_status status = VF_OK;
    auto which = collection_named(collection, status);
    if (!which) return status;
    if (key == nullptr) return null_argument("key");
    if (vf_status s = check_flags(flags, VF_REVEAL_NATIONAL_IDS); s != VF_OK) return s;
    return vocfab::visit_entity(*which, [&]<class E>(std::type_identity<E>) -> vf_status {
      auto parsed = vocfab::KeyOf<E>::parse(key);
      if (!parsed) {
        return fail(VF_ERROR_INVALID_ARGUMENT,
                    "key " + vocfab::quote_value(key) + " is not a " +
                        (std::is_same_v<E, vocfab::Branch> ? "branch code" : "UUID"));
      }
      const E* record = dataset->data().find(*parsed);
      if (record == nullptr) return fail(VF_ERROR_NOT_FOUND, "no " + record_named<E>(*parsed));
      *out_json = duplicate(vocfab::encode_json(*record, write_options(flags)));
      return VF_OK;
    });
  });
}

VF_API vf_status vf_dataset_list(const vf_dataset* dataset, const char* collection,
                                 vf_flags flags, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    vf_status status = VF_OK;
    auto which = collection_named(collection, status);
    if (!which) return status;
    if (vf_status s = check_flags(flags, VF_REVEAL_NATIONAL_IDS); s != VF_OK) return s;
    const vocfab::WriteOptions options = write_options(flags);
    std::string array = vocfab::visit_entity(*which, [&]<class E>(std::type_identity<E>) {
      std::string out = "[";
      bool first = true;
      for (const E& record : dataset->data().records<E>()) {
        if (!first) out += ',';
        first = false;
        out += vocfab::encode_json(record, options);
      }
      out += ']';
      return out;
    });
    *out_json = duplicate(array);
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_add(vf_dataset* dataset, const char* collection, const char* json,
                                size_t length) {
  return guarded(__func__, [&]() -> vf_status {
    if (dataset == nullptr) return null_argument("dataset");
    if (dataset->is_view()) return view_refused();
    vf_status status = VF_OK;
    auto which = collection_named(collection, status);
    if (!which) return status;
    if (json == nullptr) return null_argument("json");
    const std::string_view text = text_of(json, length);
    return vocfab::visit_entity(*which, [&]<class E>(std::type_identity<E>) -> vf_status {
      vocfab::Dataset& d = dataset->dataset;
      const std::string base = vocfab::index_path(vocfab::to_string(*which), d.records<E>().size());
      const std::string what(vocfab::Description<E>::singular);
      vocfab::Decoded<E> decoded = vocfab::decode_json<E>(text, base);
      if (!decoded.value || !decoded.issues.empty()) return reject_decoded(decoded, base, what);
      const vocfab::KeyOf<E>& key = vocfab::key_of(*decoded.value);
      if (d.find(key) != nullptr) {
        std::vector<Issue> issues{{IssueCode::duplicate_id, vocfab::join_path(base, vocfab::key_field<E>()),
                                   "a " + record_named<E>(key) + " already exists"}};
        return fail_with_issues(VF_ERROR_INVALID_DATA, "the " + what + " was rejected", issues);
      }
      return change_model(base, what, [&] { d.add(std::move(*decoded.value)); });
    });
  });
}

VF_API vf_status vf_dataset_policy(const vf_dataset* dataset, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    *out_json = duplicate(vocfab::encode_json(dataset->data().policy(), write_options(VF_FLAGS_NONE)));
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_set_policy(vf_dataset* dataset, const char* json, size_t length) {
  return guarded(__func__, [&]() -> vf_status {
    if (dataset == nullptr) return null_argument("dataset");
    if (dataset->is_view()) return view_refused();
    if (json == nullptr) return null_argument("json");
    vocfab::Decoded<vocfab::Policy> decoded =
        vocfab::decode_json<vocfab::Policy>(text_of(json, length), "policy");
    if (!decoded.value || !decoded.issues.empty()) return reject_decoded(decoded, "policy", "policy");
    return change_model("policy", "policy", [&] { dataset->dataset.set_policy(std::move(*decoded.value)); });
  });
}

VF_API vf_status vf_dataset_summary(const vf_dataset* dataset, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    *out_json = duplicate(vocfab::to_json(vocfab::summarize(dataset->data())));
    return VF_OK;
  });
}

// ---------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------

}  // extern "C"

namespace {

/// Runs @p make, which builds a keyring, into a new handle at @p out_keyring. A key text that is
/// not a key file is the caller's bad argument; its message names the line, never the secret.
template <class Make>
vf_status make_keyring(vf_keyring** out_keyring, Make&& make) {
  try {
    *out_keyring = new vf_keyring{std::forward<Make>(make)()};
  } catch (const vocfab::CertificateKeyError& error) {
    return fail(VF_ERROR_INVALID_ARGUMENT, vocfab::mask_national_ids(error.what()));
  } catch (const std::system_error& error) {
    return fail(VF_ERROR_IO, vocfab::mask_national_ids(error.what()));
  }
  return VF_OK;
}

/// The keyring to use: @p given, else the dataset's; null (with the error recorded) when neither.
const vocfab::CertificateKeyring* keyring_for(const vf_dataset& dataset, const vf_keyring* given, vf_status& status) {
  if (given != nullptr) return &given->keyring;
  if (dataset.keyring == nullptr) {
    status = fail(VF_ERROR_INVALID_ARGUMENT,
                  "keyring is NULL and the dataset has none (pass one, or set one with vf_dataset_set_keyring)");
  }
  return dataset.keyring;
}

}  // namespace

extern "C" {

VF_API vf_status vf_keyring_from_text(const char* text, size_t length, vf_keyring** out_keyring) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_keyring == nullptr) return null_argument("out_keyring");
    *out_keyring = nullptr;
    if (text == nullptr) return null_argument("text");
    return make_keyring(out_keyring, [&] { return vocfab::CertificateKeyring::from_text(text_of(text, length)); });
  });
}

VF_API vf_status vf_keyring_from_file(const char* path, vf_keyring** out_keyring) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_keyring == nullptr) return null_argument("out_keyring");
    *out_keyring = nullptr;
    if (path == nullptr) return null_argument("path");
    return make_keyring(out_keyring, [&] { return vocfab::read_certificate_keyring_file(path); });
  });
}

VF_API void vf_keyring_free(vf_keyring* keyring) { delete keyring; }

VF_API vf_status vf_keyring_public_key(const vf_keyring* keyring, char** out_text) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_text == nullptr) return null_argument("out_text");
    *out_text = nullptr;
    if (keyring == nullptr) return null_argument("keyring");
    *out_text = duplicate(keyring->keyring.public_key().text());
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_set_keyring(vf_dataset* dataset, const vf_keyring* keyring) {
  return guarded(__func__, [&]() -> vf_status {
    if (dataset == nullptr) return null_argument("dataset");
    if (dataset->is_view()) return view_refused();
    std::unique_ptr<const vocfab::CertificateKeyring> copy;
    if (keyring != nullptr) copy = std::make_unique<const vocfab::CertificateKeyring>(keyring->keyring);
    dataset->own_keyring = std::move(copy);
    dataset->keyring = dataset->own_keyring.get();
    return VF_OK;
  });
}

VF_API vf_status vf_certificate_verify(const vf_dataset* dataset, const vf_keyring* keyring, const char* code,
                                       const char* name_or_null, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    if (code == nullptr) return null_argument("code");
    vf_status status = VF_OK;
    const vocfab::CertificateKeyring* keys = keyring_for(*dataset, keyring, status);
    if (keys == nullptr) return status;
    std::optional<std::string_view> name;
    if (name_or_null != nullptr) name = name_or_null;
    *out_json = duplicate(vocfab::to_json(vocfab::verify_certificate(dataset->data(), *keys, code, name)));
    return VF_OK;
  });
}

VF_API vf_status vf_certificate_token(const vf_dataset* dataset, const vf_keyring* keyring,
                                      const char* certificate_id, char** out_token) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_token == nullptr) return null_argument("out_token");
    *out_token = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    if (certificate_id == nullptr) return null_argument("certificate_id");
    vf_status status = VF_OK;
    const vocfab::CertificateKeyring* keys = keyring_for(*dataset, keyring, status);
    if (keys == nullptr) return status;
    const auto id = vocfab::CertificateId::parse(certificate_id);
    if (!id) return fail(VF_ERROR_INVALID_ARGUMENT, "certificate_id " + vocfab::quote_value(certificate_id) + " is not a UUID");
    const vocfab::Certificate* certificate = dataset->data().find(*id);
    if (certificate == nullptr) return fail(VF_ERROR_NOT_FOUND, "no " + record_named<vocfab::Certificate>(*id));
    std::string token;
    try {
      token = vocfab::certificate_token(*keys, dataset->data(), *certificate);
    } catch (const std::invalid_argument& refused) {
      return fail(VF_ERROR_INVALID_DATA, vocfab::mask_national_ids(refused.what()));
    }
    *out_token = duplicate(token);
    return VF_OK;
  });
}

VF_API vf_status vf_token_verify(const char* public_key_text, const char* token, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (public_key_text == nullptr) return null_argument("public_key_text");
    if (token == nullptr) return null_argument("token");
    const auto public_key = vocfab::TokenPublicKey::parse(public_key_text);
    if (!public_key) {
      return fail(VF_ERROR_INVALID_ARGUMENT,
                  "public_key_text is not a token public key (32 bytes in base64url: 43 characters)");
    }
    *out_json = duplicate(vocfab::to_json(vocfab::verify_token(*public_key, token)));
    return VF_OK;
  });
}

VF_API vf_status vf_dataset_apply(vf_dataset* dataset, const char* request_json, size_t length, vf_flags flags,
                                  char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    if (dataset->is_view()) return view_refused();
    if (request_json == nullptr) return null_argument("request_json");
    if ((flags & ~VF_CHECK_ONLY) != 0) return fail_static(VF_ERROR_INVALID_ARGUMENT, "unknown flag bits");
    return apply_json(request_json, length, flags, dataset->keyring, out_json,
                      [&](const vocfab::OperationsDocument& operations, const vocfab::BatchContext& context) {
                        return vocfab::apply_operations(dataset->dataset, operations, context);
                      });
  });
}

VF_API vf_status vf_dataset_audit(const vf_dataset* dataset, size_t from_seq, size_t max_entries, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    const auto trail = dataset->data().audit();
    const std::size_t first = from_seq == 0 ? 0 : std::min(trail.size(), from_seq - 1);
    const std::size_t count = std::min(trail.size() - first, max_entries);
    std::string text = "[";
    for (std::size_t i = first; i < first + count; ++i) {
      if (i > first) text += ',';
      text += vocfab::encode_json(trail[i], write_options(VF_FLAGS_NONE));
    }
    text += ']';
    *out_json = duplicate(text);
    return VF_OK;
  });
}

VF_API vf_status vf_stable_match(const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return solve_json(request_json, length, out_json, vocfab::stable_match_json); });
}

VF_API vf_status vf_blocking_pairs(const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return solve_json(request_json, length, out_json, vocfab::blocking_pairs_json); });
}

VF_API vf_status vf_stable_match_lists(const char* names, size_t names_length, const uint32_t* list_lengths,
                                       size_t proposer_count, size_t receiver_count, const int64_t* capacities,
                                       size_t capacity_count, vf_flags flags, uint32_t* out_partner,
                                       uint32_t* out_assigned, uint32_t* out_assigned_counts, char** out_ignored,
                                       size_t* out_ignored_length) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_ignored == nullptr) return null_argument("out_ignored");
    *out_ignored = nullptr;
    if (out_ignored_length == nullptr) return null_argument("out_ignored_length");
    *out_ignored_length = 0;
    if (out_partner == nullptr && proposer_count != 0) return null_argument("out_partner");
    if (out_assigned == nullptr && proposer_count != 0) return null_argument("out_assigned");
    if (out_assigned_counts == nullptr && receiver_count != 0) return null_argument("out_assigned_counts");
    if (vf_status s = check_flags(flags, VF_RECEIVER_OPTIMAL); s != VF_OK) return s;
    vf_status status = VF_OK;
    const auto lists = matching_lists(names, names_length, list_lengths, proposer_count, receiver_count, capacities,
                                      capacity_count, 0, status);
    if (!lists) return status;
    const auto optimal =
        (flags & VF_RECEIVER_OPTIMAL) != 0 ? vocfab::matching::Optimal::receiver : vocfab::matching::Optimal::proposer;
    const auto request = read_matching_lists(*lists, status, [&](const vocfab::MatchingLists& given) {
      return vocfab::read_stable_match_lists(given, optimal);
    });
    if (!request) return status;
    const vocfab::matching::Result result = vocfab::matching::stable_match(request->instance, request->optimal);
    const vocfab::StableMatchLists answer = vocfab::write_stable_match_lists(request->names, result);
    if (answer.partner.size() != proposer_count || answer.assigned.size() > proposer_count ||
        answer.assigned_counts.size() != receiver_count) {
      return fail(VF_ERROR_INTERNAL, "internal error: the result does not fit the request's counts");
    }
    char* ignored = duplicate(answer.ignored);  // the one allocation: before anything is written
    std::copy(answer.partner.begin(), answer.partner.end(), out_partner);
    std::copy(answer.assigned.begin(), answer.assigned.end(), out_assigned);
    std::copy(answer.assigned_counts.begin(), answer.assigned_counts.end(), out_assigned_counts);
    *out_ignored = ignored;
    *out_ignored_length = answer.ignored.size();
    return VF_OK;
  });
}

VF_API vf_status vf_blocking_pairs_lists(const char* names, size_t names_length, const uint32_t* list_lengths,
                                         size_t proposer_count, size_t receiver_count, const int64_t* capacities,
                                         size_t capacity_count, size_t matched_count, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    vf_status status = VF_OK;
    const auto lists = matching_lists(names, names_length, list_lengths, proposer_count, receiver_count, capacities,
                                      capacity_count, matched_count, status);
    if (!lists) return status;
    auto request = read_matching_lists(*lists, status, vocfab::read_blocking_pairs_lists);
    if (!request) return status;
    const vocfab::MatchingReply reply = vocfab::blocking_pairs_reply(std::move(*request));
    *out_json = duplicate(reply.json);
    return VF_OK;
  });
}

VF_API vf_status vf_assign(const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return solve_json(request_json, length, out_json, vocfab::assign_json); });
}

VF_API vf_status vf_dataset_allocate(const vf_dataset* dataset, const char* request_json, size_t length,
                                     char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::allocate_json); });
}

VF_API vf_status vf_dataset_rank(const vf_dataset* dataset, const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::rank_json); });
}

VF_API vf_status vf_dataset_explain(const vf_dataset* dataset, const char* request_json, size_t length,
                                    char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::explain_json); });
}

VF_API vf_status vf_dataset_match(const vf_dataset* dataset, const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::match_json); });
}

VF_API vf_status vf_dataset_report(const vf_dataset* dataset, const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::report_reply); });
}

VF_API vf_status vf_dataset_plan(const vf_dataset* dataset, const char* request_json, size_t length, char** out_json) {
  return guarded(__func__, [&] { return dataset_json(dataset, request_json, length, out_json, vocfab::plan_reply); });
}

VF_API vf_status vf_dataset_export_anonymised(const vf_dataset* dataset, const char* request_json, size_t length,
                                              vf_dataset** out_dataset) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_dataset == nullptr) return null_argument("out_dataset");
    *out_dataset = nullptr;
    if (dataset == nullptr) return null_argument("dataset");
    const char* request = request_json == nullptr ? "" : request_json;
    auto reply = vocfab::anonymise_reply(dataset->data(), text_of(request, request_json == nullptr ? 0 : length));
    if (!reply.release) return fail_with_issues(solver_status(reply.issues), "the request was rejected", reply.issues);
    *out_dataset = new vf_dataset{std::move(*reply.release)};
    return VF_OK;
  });
}

}  // extern "C"

// ---------------------------------------------------------------------------------------------
// Registries (vocfab/registry/registry.h)
// ---------------------------------------------------------------------------------------------

namespace {

/// The registry views one thread holds: per registry, one read view (one shared lock) and how
/// many view handles share it. A second view on a thread that holds one takes no second lock, so
/// it cannot wait behind a batch that waits for the first; and a thread that holds a view is
/// known, so its apply or checkpoint fails instead of waiting for itself.
struct HeldView {
  const vf_registry* registry;
  vocfab::Registry::ReadView view;
  std::size_t handles;
};

thread_local std::vector<HeldView> t_views;

HeldView* held_view(const vf_registry* registry) noexcept {
  for (HeldView& held : t_views)
    if (held.registry == registry) return &held;
  return nullptr;
}

/// Drops this thread's read view of @p registry (its lock) when @p all or its last handle goes.
void drop_view(const vf_registry* registry, bool all) noexcept {
  for (std::size_t i = 0; i < t_views.size(); ++i) {
    if (t_views[i].registry != registry) continue;
    if (!all && --t_views[i].handles > 0) return;
    if (i + 1 != t_views.size()) std::swap(t_views[i], t_views.back());
    t_views.pop_back();
    return;
  }
}

/// The calling thread holds a view of the registry it wants to change.
vf_status view_held(const char* what) {
  return fail(VF_ERROR_INVALID_ARGUMENT, std::string("this thread holds a read view of the registry (vf_registry_read); "
                                                     "release it with vf_registry_release before it ") +
                                             what + " (it would wait for itself)");
}

/// The status of a registry's failure (the message is the library's, masked).
vf_status registry_failure(const vocfab::RegistryError& error) {
  using Kind = vocfab::RegistryError::Kind;
  const std::string message = vocfab::mask_national_ids(error.what());
  switch (error.kind()) {
    case Kind::io:
    case Kind::exists: return fail(VF_ERROR_IO, message, {Issue{IssueCode::io_error, "", message}});
    case Kind::locked: return fail(VF_ERROR_LOCKED, message);
    case Kind::damaged: return fail(VF_ERROR_CORRUPT, message);
    case Kind::not_a_registry: return fail(VF_ERROR_NOT_FOUND, message);
    case Kind::read_only:
    case Kind::invalid: return fail(VF_ERROR_INVALID_ARGUMENT, message);
  }
  return fail(VF_ERROR_INTERNAL, "internal error: " + message);
}

/// Runs @p body, which calls the registry: its `RegistryError` (and a file error it let through)
/// become statuses.
template <class Body>
vf_status registry_call(Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const vocfab::RegistryError& error) {
    return registry_failure(error);
  } catch (const std::system_error& error) {
    const std::string message = vocfab::mask_national_ids(error.what());
    return fail(VF_ERROR_IO, message, {Issue{IssueCode::io_error, "", message}});
  }
}

/// A path a registry can be at: not NULL, not empty.
vf_status check_registry_path(const char* path) {
  if (path == nullptr) return null_argument("path");
  if (*path == '\0') return fail(VF_ERROR_INVALID_ARGUMENT, "path is empty");
  return VF_OK;
}

}  // namespace

extern "C" {

VF_API vf_status vf_registry_open(const char* path, vf_flags flags, vf_registry** out_registry) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_registry == nullptr) return null_argument("out_registry");
    *out_registry = nullptr;
    if (vf_status s = check_registry_path(path); s != VF_OK) return s;
    if (vf_status s = check_flags(flags, VF_REGISTRY_READ_ONLY | VF_REGISTRY_CREATE); s != VF_OK) return s;
    const bool read_only = (flags & VF_REGISTRY_READ_ONLY) != 0;
    const bool create = (flags & VF_REGISTRY_CREATE) != 0;
    if (read_only && create) {
      return fail(VF_ERROR_INVALID_ARGUMENT,
                  "VF_REGISTRY_CREATE and VF_REGISTRY_READ_ONLY cannot be combined (a registry is created read-write)");
    }
    auto handle = std::make_unique<vf_registry>();
    const std::filesystem::path snapshot(path);
    vocfab::RegistryOptions options;
    options.read_only = read_only;
    return registry_call([&]() -> vf_status {
      if (vocfab::Registry::exists(snapshot)) {
        handle->registry = vocfab::Registry::open(snapshot, options);
      } else if (!create) {
        // Checked here rather than by Registry::open, which would leave a lock file behind.
        return fail(VF_ERROR_NOT_FOUND, vocfab::mask_national_ids(snapshot.string()) + " is not a registry: " +
                                            vocfab::mask_national_ids(vocfab::Registry::journal_path(snapshot).string()) +
                                            " does not exist (start one with `vocfab registry init`, or open it with "
                                            "VF_REGISTRY_CREATE)");
      } else {
        std::error_code ignored;
        if (std::filesystem::exists(std::filesystem::symlink_status(snapshot, ignored))) {
          handle->registry = vocfab::Registry::init(snapshot, options);
        } else {
          handle->registry = vocfab::Registry::create(snapshot, vocfab::Dataset{}, options);
        }
      }
      *out_registry = handle.release();
      return VF_OK;
    });
  });
}

VF_API vf_status vf_registry_create(const char* path, const vf_dataset* initial, vf_flags flags,
                                    vf_registry** out_registry) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_registry == nullptr) return null_argument("out_registry");
    *out_registry = nullptr;
    if (vf_status s = check_registry_path(path); s != VF_OK) return s;
    if (vf_status s = check_flags(flags, VF_FLAGS_NONE); s != VF_OK) return s;
    auto handle = std::make_unique<vf_registry>();
    return registry_call([&]() -> vf_status {
      const vocfab::Dataset empty;
      handle->registry = vocfab::Registry::create(path, initial != nullptr ? initial->data() : empty);
      *out_registry = handle.release();
      return VF_OK;
    });
  });
}

VF_API void vf_registry_close(vf_registry* registry) {
  if (registry == nullptr) return;
  drop_view(registry, true);  // a view this thread failed to release would outlive its lock
  delete registry;
}

VF_API vf_status vf_registry_apply(vf_registry* registry, const char* request_json, size_t length, vf_flags flags,
                                   char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (registry == nullptr) return null_argument("registry");
    if (request_json == nullptr) return null_argument("request_json");
    if (vf_status s = check_flags(flags, VF_CHECK_ONLY); s != VF_OK) return s;
    if (held_view(registry) != nullptr) return view_held("applies a batch");
    const std::shared_ptr<const vocfab::CertificateKeyring> keyring = registry->current_keyring();
    return registry_call([&] {
      return apply_json(request_json, length, flags, keyring.get(), out_json,
                        [&](const vocfab::OperationsDocument& operations, const vocfab::BatchContext& context) {
                          return registry->registry->apply(operations, context);
                        });
    });
  });
}

VF_API vf_status vf_registry_set_keyring(vf_registry* registry, const vf_keyring* keyring) {
  return guarded(__func__, [&]() -> vf_status {
    if (registry == nullptr) return null_argument("registry");
    std::shared_ptr<const vocfab::CertificateKeyring> copy;
    if (keyring != nullptr) copy = std::make_shared<const vocfab::CertificateKeyring>(keyring->keyring);
    std::lock_guard guard(registry->keyring_mutex);
    registry->keyring.swap(copy);
    return VF_OK;
  });
}

VF_API vf_status vf_registry_checkpoint(vf_registry* registry) {
  return guarded(__func__, [&]() -> vf_status {
    if (registry == nullptr) return null_argument("registry");
    if (held_view(registry) != nullptr) return view_held("checkpoints");
    return registry_call([&] {
      registry->registry->checkpoint();
      return VF_OK;
    });
  });
}

VF_API vf_status vf_registry_status(const vf_registry* registry, char** out_json) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_json == nullptr) return null_argument("out_json");
    *out_json = nullptr;
    if (registry == nullptr) return null_argument("registry");
    *out_json = duplicate(vocfab::write_registry_status(*registry->registry));
    return VF_OK;
  });
}

VF_API vf_status vf_registry_read(const vf_registry* registry, const vf_dataset** out_view) {
  return guarded(__func__, [&]() -> vf_status {
    if (out_view == nullptr) return null_argument("out_view");
    *out_view = nullptr;
    if (registry == nullptr) return null_argument("registry");
    auto view = std::make_unique<vf_dataset>();
    view->registry = registry;
    view->view_keyring = registry->current_keyring();
    view->keyring = view->view_keyring.get();
    HeldView* held = held_view(registry);
    if (held == nullptr) {
      t_views.reserve(t_views.size() + 1);  // nothing below throws once the lock is taken
      t_views.push_back(HeldView{registry, registry->registry->read(), 0});
      held = &t_views.back();
    }
    view->viewed = &held->view.dataset();
    ++held->handles;
    *out_view = view.release();
    return VF_OK;
  });
}

VF_API void vf_registry_release(const vf_registry* registry, const vf_dataset* view) {
  if (registry == nullptr || view == nullptr || view->registry != registry) return;
  delete view;
  drop_view(registry, false);
}

}  // extern "C"
