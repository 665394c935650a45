// Applying a batch of operations: checks through the rule functions, changes through an undo
// log, one audit entry per operation.
//
// Every operation first checks everything it depends on and collects all of its issues; only
// when there are none does it change the dataset, through `Batch::edit` and `Batch::create`, each
// of which records how to undo itself. A refused operation therefore changed nothing of its own,
// and the batch rolls back what the operations before it did.

#include "vocfab/ops/batch.h"

#include "vocfab/io/operations_json.h"
#include "vocfab/model/masking.h"
#include "vocfab/model/text.h"
#include "vocfab/ops/certificates.h"
#include "vocfab/validation/rules.h"

#include <boost/uuid/random_generator.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace vocfab {

std::string operation_path(std::size_t index) { return index_path("ops", index); }

namespace {

// --- Effect values ----------------------------------------------------------------------------

// What an effect shows of a value: text masked (an id typed into a reason stays hidden).
EffectValue effect_value(const std::string& text) { return mask_national_ids(text); }
EffectValue effect_value(const Date& day) { return to_iso_string(day); }
EffectValue effect_value(bool flag) { return flag; }
EffectValue effect_value(std::uint32_t number) { return static_cast<std::int64_t>(number); }
EffectValue effect_value(const PhoneNumber& phone) { return mask_national_ids(phone.e164()); }
EffectValue effect_value(const NationalId& id) { return id.masked(); }
EffectValue effect_value(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return mask_national_ids(joined);
}
template <class E>
  requires std::is_enum_v<E>
EffectValue effect_value(E value) {
  return std::string(to_string(value));
}
template <class V>
EffectValue effect_value(const std::optional<V>& value) {
  return value ? effect_value(*value) : EffectValue{};
}

std::string key_text(const BranchCode& code) { return code.str(); }
template <class Tag>
std::string key_text(const Id<Tag>& id) {
  return id.to_string();
}

// --- The undo log -----------------------------------------------------------------------------

template <Entity E>
struct Added {};
template <Entity E>
struct Replaced {
  Row<E> row;
  E previous;
};
struct AsOfSet {
  std::optional<Date> previous;
};
struct AuditAppended {};

template <class... E>
using ChangeOf = std::variant<AuditAppended, AsOfSet, Added<E>..., Replaced<E>...>;
using Change = ChangeOf<Centre, Branch, Course, Trainee, Application, Enrollment, Certificate, Employer, Vacancy,
                        Referral>;

// Added<E> and Replaced<E> told apart without listing every entity twice.
template <class Step>
struct ReplacedEntity {};
template <Entity E>
struct ReplacedEntity<Replaced<E>> {
  using type = E;
};

template <Entity E>
void remove_added(Dataset& data, Added<E>) {
  data.remove_last<E>();
}

// How to undo every change a batch made to one dataset, newest last.
class UndoLog {
 public:
  explicit UndoLog(Dataset& data) : data_(&data) {}

  std::size_t size() const noexcept { return steps_.size(); }
  template <class Step>
  void record(Step step) {
    steps_.emplace_back(std::move(step));
  }
  // Undoes the changes after the first @p keep, newest first.
  void roll_back(std::size_t keep = 0) {
    while (steps_.size() > keep) {
      std::visit(
          [&](auto& step) {
            using Step = std::decay_t<decltype(step)>;
            if constexpr (std::is_same_v<Step, AuditAppended>) {
              data_->remove_last_audit();
            } else if constexpr (std::is_same_v<Step, AsOfSet>) {
              data_->set_as_of(step.previous);
            } else if constexpr (requires { typename ReplacedEntity<Step>::type; }) {
              data_->replace(step.row, std::move(step.previous));
            } else {
              remove_added(*data_, step);
            }
          },
          steps_.back());
      steps_.pop_back();
    }
  }

 private:
  Dataset* data_;
  std::vector<Change> steps_;
};

// --- Ids --------------------------------------------------------------------------------------

class IdSource {
 public:
  explicit IdSource(std::optional<std::uint64_t> seed) {
    if (seed) seeded_.emplace(static_cast<std::minstd_rand::result_type>(*seed % std::minstd_rand::modulus));
  }
  boost::uuids::uuid next() {
    if (seeded_) return boost::uuids::basic_random_generator<std::minstd_rand>(&*seeded_)();
    // Opened on first use: a batch whose ids are all given never touches the system's source.
    if (!system_) system_.emplace();
    return (*system_)();
  }

 private:
  // Reproducible ids need no statistical strength (a taken one is drawn again), only a cheap
  // start: a Mersenne twister's 2.5 KB state cost a quarter of a one-`refer` batch.
  std::optional<std::minstd_rand> seeded_;
  std::optional<boost::uuids::random_generator> system_;
};

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is not available");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// A refused operation: thrown inside `Batch` only, from the point where an operation finds that
// it cannot go on (its issues are already collected).
struct Refused {};

// ---------------------------------------------------------------------------------------------

class Batch {
 public:
  Batch(Dataset& dataset, const BatchContext& context)
      : data_(dataset), context_(context), policy_(dataset.policy()), ids_(context.id_seed), log_(dataset) {}

  // Applies @p operations; a refused or check-only batch is rolled back before this returns.
  // Otherwise the changes stay, and `take_log` hands over how to undo them.
  BatchResult run(std::span<const Operation> operations) {
    BatchResult result;
    result.batch = batch_id();
    result.results.reserve(operations.size());
    try {
      for (std::size_t i = 0; i < operations.size(); ++i) {
        if (!run_one(i, operations[i], result)) {
          roll_back();
          result.results.clear();
          return result;
        }
      }
    } catch (...) {
      roll_back();
      throw;
    }
    if (context_.check_only) {
      roll_back();
    } else {
      result.applied = true;
      result.draws = std::move(draws_);
    }
    return result;
  }

  UndoLog take_log() { return std::move(log_); }

 private:
  // --- one operation ---------------------------------------------------------------------

  bool run_one(std::size_t index, const Operation& operation, BatchResult& result) {
    index_ = index;
    issues_.clear();
    current_ = OperationResult{};
    current_.op = std::string(operation_name(operation));
    subject_.reset();
    touched_.clear();
    const std::size_t mark = log_.size();
    try {
      if (check_common(operation)) {
        if (replayed(operation)) {
          result.results.push_back(std::move(current_));
          return true;
        }
        std::visit([&](const auto& arguments) { perform(arguments); }, operation.arguments);
      }
    } catch (const Refused&) {
    } catch (const InvalidRecord& refused) {
      // A change the model refused that no rule foresaw: still a refusal, never half a change.
      for (const Issue& issue : refused.issues()) issue_at(issue.code, issue.path, issue.message);
    }
    if (!issues_.empty()) {
      roll_back(mark);
      result.failed = BatchFailure{index, current_.op, std::move(issues_)};
      return false;
    }
    append_audit(operation);
    result.results.push_back(std::move(current_));
    return true;
  }

  // `on`, `actor` and `id` as every operation takes them.
  bool check_common(const Operation& operation) {
    on_ = operation.on ? *operation.on : context_.date ? *context_.date : context_.at.date();
    actor_ = operation.actor ? *operation.actor : context_.actor;
    // The batch's own actor is judged once: every operation that names none takes it.
    if (operation.actor || !batch_actor_accepted_) {
      const std::size_t before = issues_.size();
      if (actor_.empty()) {
        issue_at(IssueCode::missing_field, "actor", "the batch names no actor and neither does the operation");
      } else if (const auto problem = text_problem(actor_, kActorRule)) {
        issue_at(IssueCode::invalid_value, "actor", "actor " + *problem);
      } else if (holds_national_id(actor_)) {
        // The trail keeps the actor: it must never hold a national id (KVKK).
        issue_at(IssueCode::invalid_value, "actor", "actor " + quote_value(actor_) + " holds what may be a national id");
      }
      if (!operation.actor && issues_.size() == before) batch_actor_accepted_ = true;
    }
    new_id_.reset();
    if (operation.id) {
      if (const auto id = parse_uuid(*operation.id)) {
        new_id_ = *id;
      } else {
        issue_at(IssueCode::invalid_value, "id", "id " + quote_value(*operation.id) + " is not a UUID");
      }
      if (!creates_record(operation.arguments)) {
        issue_at(IssueCode::invalid_value, "id", "a " + current_.op + " operation creates no record to give an id to");
      }
    }
    if (operation.key) {
      if (const auto problem = text_problem(*operation.key, kKeyRule)) {
        issue_at(IssueCode::invalid_value, "key", "key " + *problem);
      } else if (holds_national_id(*operation.key)) {
        issue_at(IssueCode::invalid_value, "key", "key " + quote_value(*operation.key) + " holds what may be a national id");
      }
    }
    return issues_.empty();
  }

  static bool creates_record(const ops::Arguments& arguments) {
    return std::holds_alternative<ops::Add>(arguments) || std::holds_alternative<ops::ApplyToCourses>(arguments) || std::holds_alternative<ops::Enroll>(arguments) ||
           std::holds_alternative<ops::IssueCertificate>(arguments) || std::holds_alternative<ops::Refer>(arguments);
  }

  // An operation whose key is in the trail: skipped when it is the same, refused when not.
  bool replayed(const Operation& operation) {
    if (!operation.key) return false;
    digest_ = sha256_hex(operation_content(operation));
    const AuditEntry* earlier = data_.find_audit_key(*operation.key);
    if (earlier == nullptr) return false;
    if (earlier->digest == digest_ && earlier->op == current_.op) {
      current_.replayed = true;
      current_.seq = earlier->seq;
      return true;
    }
    issue_at(IssueCode::idempotency_conflict, "key",
             "key " + quote_value(*operation.key) + " was used by audit entry " + std::to_string(earlier->seq) +
                 " for a different operation");
    throw Refused{};
  }

  void append_audit(const Operation& operation) {
    AuditEntry entry;
    entry.seq = data_.audit().size() + 1;
    entry.batch = batch_id();
    entry.at = context_.at;
    entry.actor = actor_;
    entry.op = current_.op;
    if (subject_) {
      entry.collection = subject_->collection;
      entry.id = std::move(subject_->id);  // the operation is done with it
    }
    if (operation.key) {
      entry.key = *operation.key;
      entry.digest = digest_;
    }
    entry.touched = std::move(touched_);
    current_.seq = entry.seq;
    data_.append_audit(std::move(entry));
    log_.record(AuditAppended{});
  }

  const std::string& batch_id() {
    if (batch_.empty()) batch_ = context_.batch ? *context_.batch : uuid_to_string(ids_.next());
    return batch_;
  }

  // --- issues ----------------------------------------------------------------------------

  void issue_at(IssueCode code, std::string_view argument, std::string message) {
    const std::string base = operation_path(index_);
    issues_.push_back(Issue{code, argument.empty() ? base : join_path(base, argument), std::move(message)});
  }
  void report(const std::optional<RuleViolation>& violation, std::string_view argument) {
    if (violation) issue_at(violation->code, argument, violation->message);
  }
  void report(const std::vector<RuleViolation>& violations, std::string_view argument) {
    for (const auto& violation : violations) issue_at(violation.code, argument, violation.message);
  }
  // Refuses the operation when it has collected any issue.
  void stop_if_refused() const {
    if (!issues_.empty()) throw Refused{};
  }

  // The row of the record with @p key, or an `unknown_reference` issue at @p argument.
  template <class Key>
  auto find(const Key& key, std::string_view argument) {
    const auto row = data_.row_of(key);
    if (!row) {
      using E = typename EntityWithKey<Key>::type;
      issue_at(IssueCode::unknown_reference, argument,
               std::string(argument) + " " + quote_value(key_text(key)) + " names no record in " +
                   std::string(to_string(Description<E>::collection)));
    }
    return row;
  }
  template <class Key>
  auto require(const Key& key, std::string_view argument) {
    const auto row = find(key, argument);
    if (!row) throw Refused{};
    return *row;
  }

  Row<Trainee> require_person(const TraineeId& id, std::string_view argument) {
    const Row<Trainee> row = require(id, argument);
    report(check_not_erased(data_.at(row)), argument);
    stop_if_refused();
    return row;
  }

  template <class Status>
  void require_transition(Status from, Status to, std::string_view argument) {
    if (const auto violation = check_transition(from, to)) {
      issue_at(violation->code, argument, violation->message);
      throw Refused{};
    }
  }

  // --- changes ---------------------------------------------------------------------------

  // The subject of the audit entry: the record the operation concerns.
  template <Entity E>
  void concerns(Row<E> row) {
    subject_ = AuditTouch{Description<E>::collection, key_text(key_of(data_.at(row)))};
  }
  void concerns(Collection collection, const std::string& id) { subject_ = AuditTouch{collection, id}; }

  void touch(Collection collection, const std::string& id) {
    const auto same = [&](const AuditTouch& touched) { return touched.collection == collection && touched.id == id; };
    // No room reserved ahead: the list moves into the audit entry and stays in the trail, and most
    // operations touch one record.
    if (std::none_of(touched_.begin(), touched_.end(), same)) touched_.push_back(AuditTouch{collection, id});
  }

  template <Entity E>
  Row<E> create(E record) {
    const std::string id = key_text(key_of(record));
    data_.add(std::move(record));
    log_.record(Added<E>{});
    current_.created.push_back(AuditTouch{Description<E>::collection, id});
    touch(Description<E>::collection, id);
    const Row<E> row{static_cast<std::uint32_t>(data_.records<E>().size() - 1)};
    if (!subject_) concerns(Description<E>::collection, id);
    return row;
  }

  // A change to one record: fields set on a copy, each reported as an effect, committed with one
  // replace (and one undo entry).
  template <Entity E>
  class Edit {
   public:
    Edit(Batch& batch, Row<E> row) : batch_(batch), row_(row), value_(batch.data_.at(row)) {}
    E& value() noexcept { return value_; }
    const E& value() const noexcept { return value_; }
    Row<E> row() const noexcept { return row_; }

    template <class V, class W>
    void set(V& slot, W&& to, std::string_view field, std::string_view reason = {}) {
      V next(std::forward<W>(to));
      if (slot == next) return;
      add_effect(field, effect_value(slot), effect_value(next), reason);
      slot = std::move(next);
    }
    // An effect shown differently from the value (erased personal data).
    void add_effect(std::string_view field, EffectValue from, EffectValue to, std::string_view reason = {}) {
      if (effects_.empty()) effects_.reserve(kUsualEffects);
      // The record's key is given to every effect at `commit`: an abandoned edit never formats it.
      effects_.push_back(Effect{Description<E>::collection, {}, std::string(field), std::move(from), std::move(to),
                                std::string(reason)});
    }
    // The last step of an edit: the value moves into the dataset.
    void commit() {
      if (effects_.empty()) return;
      E previous = batch_.data_.at(row_);
      // Keys never change, so the value's is the record's; formatted once, the last effect takes it.
      std::string id = key_text(key_of(value_));
      batch_.touch(Description<E>::collection, id);
      for (std::size_t i = 0; i + 1 < effects_.size(); ++i) effects_[i].id = id;
      effects_.back().id = std::move(id);
      batch_.data_.replace(row_, std::move(value_));
      batch_.log_.record(Replaced<E>{row_, std::move(previous)});
      auto& effects = batch_.current_.effects;
      if (effects.empty()) {
        effects.swap(effects_);  // an operation's first edit: its effects are the operation's
      } else {
        effects.insert(effects.end(), std::make_move_iterator(effects_.begin()), std::make_move_iterator(effects_.end()));
      }
      effects_.clear();
    }

   private:
    // Most edits change a status, its date and a reason: room for them at once.
    static constexpr std::size_t kUsualEffects = 4;
    Batch& batch_;
    Row<E> row_;
    E value_;
    std::vector<Effect> effects_;
  };
  template <Entity E>
  Edit<E> edit(Row<E> row) {
    return Edit<E>(*this, row);
  }

  // A status change the caller has already checked (or derived): the transition table still
  // decides, so no path of the code can make a move the lifecycle forbids.
  template <Entity E, class Status>
  void move(Edit<E>& change, Status to, std::string_view reason = {}) {
    if (!can_move(change.value().status, to)) {
      throw std::logic_error("derived move " + std::string(to_string(change.value().status)) + " -> " +
                             std::string(to_string(to)));
    }
    change.set(change.value().status, to, "status", reason);
  }

  void set_as_of(const Date& day) {
    const std::optional<Date> previous = data_.as_of();
    if (previous == day) return;
    log_.record(AsOfSet{previous});
    data_.set_as_of(day);
    current_.effects.push_back(Effect{std::nullopt, {}, "as_of", effect_value(previous), effect_value(day), {}});
  }

  void roll_back(std::size_t to = 0) { log_.roll_back(to); }

  // --- derived effects shared by several operations --------------------------------------

  // Withdraws an active enrollment (`withdraw`, a cancelled course, an erased person).
  void end_enrollment(Row<Enrollment> row, EnrollmentStatus to, std::string_view reason) {
    auto change = edit(row);
    move(change, to, reason);
    change.set(change.value().ended, on_, "ended", reason);
    commit_enrollment(change);
  }

  // The record-level rules of an enrollment, checked on the changed value before it is committed.
  void commit_enrollment(Edit<Enrollment>& change) {
    const auto course = data_.parent<&Enrollment::course>(change.row());
    report(check_enrollment_dates(change.value()), "on");
    if (course) report(check_enrollment_outcome(policy_, data_.at(*course), change.value()), "");
    stop_if_refused();
    change.commit();
  }

  // May the waitlisted @p row take a seat now: still eligible, and within the person's limits.
  bool may_take_seat(Row<Enrollment> row, const Course& course) const {
    const auto person = data_.parent<&Enrollment::trainee>(row);
    if (!person) return false;
    const Trainee& trainee = data_.at(*person);
    return !check_not_erased(trainee) && check_course_eligibility(policy_, trainee, course).empty() &&
           !check_active_enrollments(data_, *person, Considered<Enrollment>::all()) &&
           !check_schedule(data_, *person, course, Considered<Enrollment>::all()) &&
           !check_branch_not_completed(data_, *person, course.branch, Considered<Enrollment>::all());
  }

  // A freed seat of an open course goes to the first waitlisted person still eligible.
  void promote_from_waitlist(Row<Course> course_row) {
    const Course& course = data_.at(course_row);
    if (course.status != CourseStatus::open || seat_holders(course_row) >= course.capacity) return;
    for (const auto row : data_.children<&Enrollment::course>(course_row)) {
      if (data_.at(row).status != EnrollmentStatus::waitlisted || !may_take_seat(row, data_.at(course_row))) continue;
      auto change = edit(row);
      move(change, EnrollmentStatus::enrolled, "promoted_from_waitlist");
      change.commit();
      return;
    }
  }

  std::size_t seat_holders(Row<Course> course) const {
    std::size_t taken = 0;
    for (const auto row : data_.children<&Enrollment::course>(course)) taken += holds_seat(data_.at(row).status);
    return taken;
  }

  // Withdraws every waiting or enrolled place of a course that will not run (or has run).
  void withdraw_active_places(Row<Course> course, std::string_view reason) {
    std::vector<Row<Enrollment>> active;
    for (const auto row : data_.children<&Enrollment::course>(course)) {
      const auto status = data_.at(row).status;
      if (status == EnrollmentStatus::waitlisted || status == EnrollmentStatus::enrolled) active.push_back(row);
    }
    for (const auto row : active) end_enrollment(row, EnrollmentStatus::withdrawn, reason);
  }

  // An open referral ends without a hire: `withdrawn` for a reason of the registry's, or the
  // outcome the employer or the seeker decided.
  void decide_referral(Row<Referral> row, ReferralStatus to, std::optional<std::string> reason, std::string_view cause) {
    auto change = edit(row);
    move(change, to, cause);
    change.set(change.value().decided, on_, "decided", cause);
    change.set(change.value().reason, std::move(reason), "reason", cause);
    commit_referral(change);
  }
  void commit_referral(Edit<Referral>& change) {
    report(check_referral_outcome(policy_, change.value()), "on");
    stop_if_refused();
    change.commit();
  }

  template <auto ForeignKey, class Parent>
  void withdraw_open_referrals(Row<Parent> parent, std::string_view cause, std::optional<Row<Referral>> except = {}) {
    std::vector<Row<Referral>> open;
    for (const auto row : data_.children<ForeignKey>(parent)) {
      if (row != except && is_open(data_.at(row).status)) open.push_back(row);
    }
    for (const auto row : open) decide_referral(row, ReferralStatus::withdrawn, std::string(cause), cause);
  }

  // The last position filled: the vacancy is `filled` and its other open referrals withdrawn.
  void fill(Row<Vacancy> vacancy, std::optional<Row<Referral>> hired) {
    auto change = edit(vacancy);
    move(change, VacancyStatus::filled, "vacancy_filled");
    change.commit();
    withdraw_open_referrals<&Referral::vacancy>(vacancy, "vacancy_filled", hired);
  }

  void close(Row<Vacancy> vacancy, std::string_view cause) {
    auto change = edit(vacancy);
    move(change, VacancyStatus::closed, cause);
    change.commit();
    withdraw_open_referrals<&Referral::vacancy>(vacancy, "vacancy_closed");
  }

  std::size_t hires_of(Row<Vacancy> vacancy) const {
    std::size_t hires = 0;
    for (const auto row : data_.children<&Referral::vacancy>(vacancy)) hires += is_hire(data_.at(row).status);
    return hires;
  }

  std::vector<const Referral*> referrals_of(Row<Trainee> person) const {
    std::vector<const Referral*> out;
    for (const auto row : data_.children<&Referral::trainee>(person)) out.push_back(&data_.at(row));
    return out;
  }

  // The rules the validator applies to a person's existing enrollments and referrals, judged on
  // @p candidate (the person as an `update` would leave them).
  void check_person_records(Row<Trainee> person, const Trainee& candidate, std::string_view argument) {
    for (const auto row : data_.children<&Enrollment::trainee>(person)) {
      const Enrollment& enrollment = data_.at(row);
      if (enrollment.status == EnrollmentStatus::withdrawn) continue;
      if (const auto course = data_.parent<&Enrollment::course>(row)) {
        report(check_course_eligibility(policy_, candidate, data_.at(*course)), argument);
      }
    }
    if (!data_.children<&Referral::trainee>(person).empty()) {
      report(check_residency(policy_, candidate), argument);
      report(check_employer_sharing_consent(candidate), argument);
    }
  }

  // --- the operations --------------------------------------------------------------------

  void perform(const ops::Add& add) {
    std::visit([&](const auto& record) { add_record(record); }, add.record);
  }

  template <class E>
  void require_new_key(const E& record) {
    if (data_.find(key_of(record)) != nullptr) {
      issue_at(IssueCode::duplicate_id, join_path("record", key_field<E>()),
               std::string(key_field<E>()) + " " + quote_value(key_text(key_of(record))) + " is already used");
    }
  }
  template <class E>
  void require_no_operation_id(const E&) {
    if (new_id_) issue_at(IssueCode::invalid_value, "id", "an added record carries its own id (record.id)");
  }

  void add_record(const Centre& centre) {
    require_new_key(centre);
    require_no_operation_id(centre);
    for (const Centre& other : data_.records<Centre>()) {
      if (other.code == centre.code) {
        issue_at(IssueCode::duplicate_id, "record.code", "centre code " + quote_value(centre.code) + " is already used");
        break;
      }
    }
    for (std::size_t b = 0; b < centre.branches.size(); ++b) {
      find(centre.branches[b], join_path("record", index_path("branches", b)));
    }
    stop_if_refused();
    create(centre);
  }
  void add_record(const Branch& branch) {
    require_new_key(branch);
    require_no_operation_id(branch);
    stop_if_refused();
    create(branch);
  }
  void add_record(const Course& course) {
    require_new_key(course);
    require_no_operation_id(course);
    const auto branch = find(course.branch, "record.branch");
    const auto centre = find(course.centre, "record.centre");
    if (course.status != CourseStatus::planned && course.status != CourseStatus::open) {
      issue_at(IssueCode::invalid_value, "record.status",
               "a course is added planned or open, not " + std::string(to_string(course.status)));
    }
    for (const auto& violation : check_course_setup(policy_, course, branch ? &data_.at(*branch) : nullptr,
                                                    centre ? &data_.at(*centre) : nullptr)) {
      issue_at(violation.code, join_path("record", violation.field), violation.message);
    }
    stop_if_refused();
    create(course);
  }
  void add_record(const Trainee& trainee) {
    require_new_key(trainee);
    require_no_operation_id(trainee);
    if (!trainee.identity) {
      issue_at(IssueCode::record_erased, "record", "a person is added with who they are; erasure comes later");
    } else {
      if (data_.find(trainee.identity->national_id) != nullptr) {
        issue_at(IssueCode::duplicate_national_id, "record.national_id",
                 "national id " + trainee.identity->national_id.masked() + " is already registered to another trainee");
      }
      if (const auto violation = check_not_before(trainee.identity->birth_date, trainee.registered, "registered", "birth_date")) {
        issue_at(violation->code, join_path("record", violation->field), violation->message);
      }
    }
    stop_if_refused();
    create(trainee);
  }
  void add_record(const Employer& employer) {
    require_new_key(employer);
    require_no_operation_id(employer);
    stop_if_refused();
    create(employer);
  }
  void add_record(const Vacancy& vacancy) {
    require_new_key(vacancy);
    require_no_operation_id(vacancy);
    find(vacancy.employer, "record.employer");
    if (vacancy.branch) find(*vacancy.branch, "record.branch");
    if (vacancy.status != VacancyStatus::open) {
      issue_at(IssueCode::invalid_value, "record.status",
               "a vacancy is added open, not " + std::string(to_string(vacancy.status)));
    }
    if (const auto violation = check_not_before(vacancy.opened, vacancy.closes, "closes", "opened")) {
      issue_at(violation->code, join_path("record", violation->field), violation->message);
    }
    stop_if_refused();
    create(vacancy);
  }

  void perform(const ops::Update& update) {
    const auto id = parse_uuid(update.id);
    if (!id) {
      issue_at(IssueCode::invalid_value, "id", "id " + quote_value(update.id) + " is not a UUID");
      throw Refused{};
    }
    std::visit([&](const auto& changes) { update_record(*id, changes); }, update.changes);
  }

  void update_record(const boost::uuids::uuid& id, const ops::TraineeChanges& set) {
    const Row<Trainee> person = require(TraineeId(id), "id");
    concerns(person);
    report(check_not_erased(data_.at(person)), "id");
    stop_if_refused();
    auto change = edit(person);
    Trainee& trainee = change.value();
    Identity& who = *trainee.identity;
    if (set.phone) change.set(who.phone, set.phone, "phone");
    if (set.email) change.set(who.email, set.email, "email");
    if (set.consents) {
      change.set(trainee.consents.data_processing, set.consents->data_processing, "consents.data_processing");
      change.set(trainee.consents.share_with_employers, set.consents->share_with_employers,
                 "consents.share_with_employers");
    }
    if (set.job_preferences) {
      change.set(who.job_preferences.sectors, set.job_preferences->sectors, "job_preferences.sectors");
      change.set(who.job_preferences.districts, set.job_preferences->districts, "job_preferences.districts");
      change.set(who.job_preferences.shift, set.job_preferences->shift, "job_preferences.shift");
    }
    if (set.education_level) change.set(trainee.education_level, *set.education_level, "education_level");
    if (set.district) change.set(trainee.district, *set.district, "district");
    if (set.national_id) {
      const Trainee* holder = data_.find(*set.national_id);
      if (holder != nullptr && holder->id != trainee.id) {
        issue_at(IssueCode::duplicate_national_id, "set.national_id",
                 "national id " + set.national_id->masked() + " is already registered to another trainee");
      }
      change.set(who.national_id, *set.national_id, "national_id");
    }
    check_person_records(person, trainee, "set");
    stop_if_refused();
    change.commit();
  }

  void update_record(const boost::uuids::uuid& id, const ops::EmployerChanges& set) {
    const Row<Employer> employer = require(EmployerId(id), "id");
    concerns(employer);
    auto change = edit(employer);
    if (set.contact) {
      change.value().contact = set.contact;
      change.add_effect("contact", std::string("(contact details)"), std::string("(contact details)"));
    }
    if (set.consent) change.set(change.value().consent, *set.consent, "consent");
    change.commit();
  }

  void update_record(const boost::uuids::uuid& id, const ops::CourseChanges& set) {
    const Row<Course> course = require(CourseId(id), "id");
    concerns(course);
    if (data_.at(course).status != CourseStatus::planned) {
      issue_at(IssueCode::invalid_value, "id",
               "only a planned course's dates and capacity change; this one is " +
                   std::string(to_string(data_.at(course).status)));
      throw Refused{};
    }
    auto change = edit(course);
    if (set.start) change.set(change.value().start, *set.start, "start");
    if (set.end) change.set(change.value().end, *set.end, "end");
    if (set.capacity) change.set(change.value().capacity, *set.capacity, "capacity");
    const Course& planned = change.value();
    const Branch* branch = data_.find(planned.branch);
    const Centre* centre = data_.find(planned.centre);
    for (const auto& violation : check_course_setup(policy_, planned, branch, centre)) {
      issue_at(violation.code, join_path("set", violation.field), violation.message);
    }
    if (const std::size_t taken = seat_holders(course); taken > planned.capacity) {
      issue_at(IssueCode::capacity_exceeded, "set.capacity", std::to_string(taken) + " people already hold a seat");
    }
    stop_if_refused();
    change.commit();
  }

  void update_record(const boost::uuids::uuid& id, const ops::VacancyChanges& set) {
    const Row<Vacancy> vacancy = require(VacancyId(id), "id");
    concerns(vacancy);
    if (data_.at(vacancy).status != VacancyStatus::open) {
      issue_at(IssueCode::invalid_value, "id",
               "only an open vacancy's positions and closing day change; this one is " +
                   std::string(to_string(data_.at(vacancy).status)));
      throw Refused{};
    }
    auto change = edit(vacancy);
    if (set.positions) change.set(change.value().positions, *set.positions, "positions");
    if (set.closes) change.set(change.value().closes, *set.closes, "closes");
    const std::size_t hires = hires_of(vacancy);
    if (change.value().positions < hires) {
      issue_at(IssueCode::capacity_exceeded, "set.positions", std::to_string(hires) + " people were already hired");
    }
    report(check_not_before(change.value().opened, change.value().closes, "closes", "opened"), "set.closes");
    stop_if_refused();
    change.commit();
    if (hires == data_.at(vacancy).positions) fill(vacancy, std::nullopt);
  }

  void perform(const ops::ApplyToCourses& apply) {
    require_person(apply.trainee, "trainee");
    for (std::size_t c = 0; c < apply.courses.size(); ++c) {
      const std::string argument = index_path("courses", c);
      const auto course = find(apply.courses[c], argument);
      if (course) {
        const CourseStatus status = data_.at(*course).status;
        if (status != CourseStatus::planned && status != CourseStatus::open) {
          issue_at(IssueCode::course_not_open, argument,
                   "course " + apply.courses[c].to_string() + " is " + std::string(to_string(status)) +
                       "; applications go to planned or open courses");
        }
      }
      if (std::find(apply.courses.begin(), apply.courses.begin() + static_cast<std::ptrdiff_t>(c), apply.courses[c]) !=
          apply.courses.begin() + static_cast<std::ptrdiff_t>(c)) {
        issue_at(IssueCode::invalid_value, argument, "course " + apply.courses[c].to_string() + " is ranked twice");
      }
    }
    if (apply.courses.empty()) issue_at(IssueCode::invalid_value, "courses", "an application ranks at least one course");
    stop_if_refused();
    create(Application{fresh<ApplicationId>(), apply.trainee, apply.courses, on_});
  }

  // The id of the record an operation creates: the one it names (which must be unused), or a
  // fresh one (drawn again in the unlikely case it is taken — certain when a seed repeats).
  template <class IdType>
  IdType fresh() {
    if (new_id_) {
      const IdType named(*new_id_);
      if (data_.find(named) != nullptr) {
        issue_at(IssueCode::duplicate_id, "id", "id " + named.to_string() + " is already used");
        throw Refused{};
      }
      return named;
    }
    if (context_.replay != nullptr) {
      const std::optional<std::string> text = next_recorded(context_.replay->ids, replayed_ids_);
      const std::optional<boost::uuids::uuid> recorded = text ? parse_uuid(*text) : std::nullopt;
      if (!recorded || data_.find(IdType(*recorded)) != nullptr) {
        issue_at(IssueCode::invalid_value, "", "the replayed batch does not hold the id this operation created");
        throw Refused{};
      }
      return IdType(*recorded);
    }
    for (;;) {
      const IdType drawn(ids_.next());
      if (data_.find(drawn) == nullptr) {
        draws_.ids.push_back(drawn.to_string());
        return drawn;
      }
    }
  }

  // The next of the values a replayed batch recorded, or nothing when they are used up.
  static std::optional<std::string> next_recorded(const std::vector<std::string>& values, std::size_t& used) {
    if (used >= values.size()) return std::nullopt;
    return values[used++];
  }

  void perform(const ops::OpenCourse& open) {
    const Row<Course> course = require(open.course, "course");
    concerns(course);
    require_transition(data_.at(course).status, CourseStatus::open, "course");
    auto change = edit(course);
    move(change, CourseStatus::open);
    change.commit();
  }

  void perform(const ops::Enroll& enroll) {
    const Row<Trainee> person = require_person(enroll.trainee, "trainee");
    const Row<Course> course_row = require(enroll.course, "course");
    const Course& course = data_.at(course_row);
    const Trainee& trainee = data_.at(person);
    if (course.status != CourseStatus::open) {
      issue_at(IssueCode::course_not_open, "course",
               "course " + course.id.to_string() + " is " + std::string(to_string(course.status)) +
                   "; enrollment needs an open course");
    }
    report(check_course_eligibility(policy_, trainee, course), "trainee");
    report(check_not_in_course(data_, person, course, Considered<Enrollment>::all()), "course");
    report(check_branch_not_completed(data_, person, course.branch, Considered<Enrollment>::all()), "course");
    const bool seat_free = seat_holders(course_row) < course.capacity;
    if (seat_free) {
      report(check_active_enrollments(data_, person, Considered<Enrollment>::all()), "trainee");
      report(check_schedule(data_, person, course, Considered<Enrollment>::all()), "course");
    } else if (!enroll.waitlist) {
      issue_at(IssueCode::capacity_exceeded, "course",
               "course " + course.id.to_string() + " is full (" + std::to_string(course.capacity) +
                   " seats) and waitlist is false");
    }
    stop_if_refused();
    Enrollment enrollment;
    enrollment.id = fresh<EnrollmentId>();
    enrollment.trainee = enroll.trainee;
    enrollment.course = enroll.course;
    enrollment.status = seat_free ? EnrollmentStatus::enrolled : EnrollmentStatus::waitlisted;
    enrollment.enrolled = on_;
    const Row<Enrollment> row = create(std::move(enrollment));
    current_.effects.push_back(Effect{Collection::enrollments, data_.at(row).id.to_string(), "status", {},
                                      effect_value(data_.at(row).status), {}});
  }

  Row<Enrollment> require_enrollment(const EnrollmentId& id) {
    const Row<Enrollment> row = require(id, "enrollment");
    concerns(row);
    if (const auto person = data_.parent<&Enrollment::trainee>(row)) {
      report(check_not_erased(data_.at(*person)), "enrollment");
      stop_if_refused();
    }
    return row;
  }
  Row<Course> course_of(Row<Enrollment> row) {
    const auto course = data_.parent<&Enrollment::course>(row);
    if (!course) {
      issue_at(IssueCode::unknown_reference, "enrollment", "the enrollment's course is not in the dataset");
      throw Refused{};
    }
    return *course;
  }

  void perform(const ops::Withdraw& withdraw) {
    const Row<Enrollment> row = require_enrollment(withdraw.enrollment);
    const Row<Course> course = course_of(row);
    require_transition(data_.at(row).status, EnrollmentStatus::withdrawn, "enrollment");
    const bool freed_seat = data_.at(row).status == EnrollmentStatus::enrolled;
    end_enrollment(row, EnrollmentStatus::withdrawn, {});
    if (freed_seat) promote_from_waitlist(course);
  }

  void perform(const ops::StartCourse& start) {
    const Row<Course> course = require(start.course, "course");
    concerns(course);
    require_transition(data_.at(course).status, CourseStatus::running, "course");
    std::size_t at_start = 0;
    for (const auto row : data_.children<&Enrollment::course>(course)) {
      at_start += counts_at_start(data_.at(course), data_.at(row));
    }
    if (met_minimum_group(policy_, data_.at(course), at_start)) {
      auto change = edit(course);
      move(change, CourseStatus::running);
      change.commit();
      return;
    }
    auto change = edit(course);
    move(change, CourseStatus::cancelled, "below_minimum_group");
    change.commit();
    withdraw_active_places(course, "course_cancelled");
  }

  void perform(const ops::CancelCourse& cancel) {
    const Row<Course> course = require(cancel.course, "course");
    concerns(course);
    require_transition(data_.at(course).status, CourseStatus::cancelled, "course");
    std::size_t kept = 0;  // seats that no withdrawal can give back: a cancelled course has none
    for (const auto row : data_.children<&Enrollment::course>(course)) {
      const auto status = data_.at(row).status;
      kept += holds_seat(status) && status != EnrollmentStatus::enrolled;
    }
    if (kept > 0) {
      issue_at(IssueCode::invalid_transition, "course",
               "course " + cancel.course.to_string() + " cannot be cancelled: " + std::to_string(kept) +
                   " of its places ended removed, failed or completed, and a cancelled course holds no seat");
      throw Refused{};
    }
    auto change = edit(course);
    move(change, CourseStatus::cancelled);
    change.commit();
    withdraw_active_places(course, "course_cancelled");
  }

  // Absences and scores are recorded for a person enrolled in a running course.
  void require_attending(Row<Enrollment> row, Row<Course> course) {
    if (data_.at(row).status != EnrollmentStatus::enrolled) {
      issue_at(IssueCode::invalid_transition, "enrollment",
               "the enrollment is " + std::string(to_string(data_.at(row).status)) + ", not enrolled");
    }
    if (data_.at(course).status != CourseStatus::running) {
      issue_at(IssueCode::invalid_transition, "enrollment",
               "its course is " + std::string(to_string(data_.at(course).status)) + ", not running");
    }
    stop_if_refused();
  }

  void perform(const ops::RecordAbsence& absence) {
    const Row<Enrollment> row = require_enrollment(absence.enrollment);
    const Row<Course> course = course_of(row);
    require_attending(row, course);
    const std::uint64_t total = std::uint64_t{data_.at(row).absent_hours} + absence.hours;
    if (total > data_.at(course).total_hours) {
      issue_at(IssueCode::invalid_value, "hours",
               std::to_string(total) + " hours of absence in a course of " +
                   std::to_string(data_.at(course).total_hours) + " hours");
      throw Refused{};
    }
    auto change = edit(row);
    change.set(change.value().absent_hours, static_cast<std::uint32_t>(total), "absent_hours");
    if (check_absence(policy_, data_.at(course), change.value().absent_hours)) {
      move(change, EnrollmentStatus::removed, "absence_limit");
      change.set(change.value().ended, on_, "ended", "absence_limit");
    }
    commit_enrollment(change);
  }

  void perform(const ops::RecordScore& score) {
    const Row<Enrollment> row = require_enrollment(score.enrollment);
    const Row<Course> course = course_of(row);
    if (data_.at(course).certificate != CertificateKind::meb) {
      issue_at(IssueCode::invalid_value, "enrollment",
               "scores are recorded in meb courses; this one issues participation documents");
      throw Refused{};
    }
    require_attending(row, course);
    auto change = edit(row);
    change.set(change.value().score, std::optional<std::uint32_t>(score.score), "score");
    commit_enrollment(change);
  }

  void perform(const ops::CompleteCourse& complete) {
    const Row<Course> course = require(complete.course, "course");
    concerns(course);
    require_transition(data_.at(course).status, CourseStatus::completed, "course");
    if (on_ < data_.at(course).end) {
      issue_at(IssueCode::invalid_date_range, "on",
               "a course completes on or after its end " + to_iso_string(data_.at(course).end) + ", not " +
                   to_iso_string(on_));
      throw Refused{};
    }
    auto change = edit(course);
    move(change, CourseStatus::completed);
    change.commit();
    std::vector<Row<Enrollment>> places;
    for (const auto row : data_.children<&Enrollment::course>(course)) places.push_back(row);
    for (const auto row : places) {
      const Enrollment& enrollment = data_.at(row);
      if (enrollment.status == EnrollmentStatus::waitlisted) {
        end_enrollment(row, EnrollmentStatus::withdrawn, "course_completed");
      } else if (enrollment.status == EnrollmentStatus::enrolled) {
        const Course& taught = data_.at(course);
        const bool attended = !check_absence(policy_, taught, enrollment.absent_hours);
        const bool passed = taught.certificate != CertificateKind::meb || (enrollment.score && passes(policy_, *enrollment.score));
        if (attended && passed) {
          if (const auto person = data_.parent<&Enrollment::trainee>(row)) {
            report(check_branch_not_completed(data_, *person, taught.branch, Considered<Enrollment>::all()), "course");
            stop_if_refused();
          }
        }
        end_enrollment(row, attended && passed ? EnrollmentStatus::completed : EnrollmentStatus::failed,
                       "course_completed");
      }
    }
  }

  void perform(const ops::IssueCertificate& issue) {
    const Row<Enrollment> row = require_enrollment(issue.enrollment);
    const Row<Course> course = course_of(row);
    const Course& taught = data_.at(course);
    report(check_certificate_eligibility(data_.at(row), taught, taught.certificate), "enrollment");
    if (!data_.children<&Certificate::enrollment>(row).empty()) {
      issue_at(IssueCode::certificate_not_allowed, "enrollment",
               "enrollment " + issue.enrollment.to_string() + " already has a certificate");
    }
    if (on_ < taught.end) {
      issue_at(IssueCode::invalid_date_range, "on",
               "a certificate is issued on or after the course end " + to_iso_string(taught.end));
    }
    std::optional<std::string> recorded_code;
    if (context_.replay != nullptr) {
      recorded_code = next_recorded(context_.replay->codes, replayed_codes_);
      if (!recorded_code) {
        issue_at(IssueCode::invalid_value, "", "the replayed batch does not hold the code this certificate was issued with");
      }
    } else if (context_.keyring == nullptr) {
      issue_at(IssueCode::invalid_value, "",
               "issuing a certificate needs the programme's certificate key, and none was given");
    }
    stop_if_refused();
    Certificate certificate;
    certificate.id = fresh<CertificateId>();
    certificate.enrollment = issue.enrollment;
    certificate.kind = taught.certificate;
    certificate.issued = on_;
    certificate.external_number = issue.external_number;
    if (recorded_code) {
      certificate.verification_code = std::move(*recorded_code);
    } else {
      certificate.verification_code = certificate_code(*context_.keyring, data_, certificate);
      draws_.codes.push_back(*certificate.verification_code);
    }
    subject_.reset();
    create(std::move(certificate));
  }

  void perform(const ops::RevokeCertificate& revoke) {
    const Row<Certificate> row = require(revoke.certificate, "certificate");
    concerns(row);
    const Certificate& certificate = data_.at(row);
    if (const auto enrollment = data_.parent<&Certificate::enrollment>(row)) {
      if (const auto person = data_.parent<&Enrollment::trainee>(*enrollment)) {
        report(check_not_erased(data_.at(*person)), "certificate");
      }
    }
    if (certificate.revoked) {
      issue_at(IssueCode::invalid_transition, "certificate",
               "certificate " + revoke.certificate.to_string() + " was revoked on " +
                   to_iso_string(certificate.revoked->date));
    }
    if (const auto violation = check_not_before(certificate.issued, on_, "on", "issued")) {
      issue_at(violation->code, "on", violation->message);
    }
    stop_if_refused();
    auto change = edit(row);
    change.value().revoked = Revocation{revoke.reason, on_};
    change.add_effect("revoked", {}, effect_value(on_));
    change.commit();
  }

  void perform(const ops::CloseVacancy& close_vacancy) {
    const Row<Vacancy> vacancy = require(close_vacancy.vacancy, "vacancy");
    concerns(vacancy);
    require_transition(data_.at(vacancy).status, VacancyStatus::closed, "vacancy");
    close(vacancy, {});
  }

  void perform(const ops::Refer& refer) {
    const Row<Trainee> person = require(refer.trainee, "trainee");
    const auto vacancy_row = find(refer.vacancy, "vacancy");
    stop_if_refused();
    const Trainee& trainee = data_.at(person);
    const Vacancy& vacancy = data_.at(*vacancy_row);
    report(check_not_erased(trainee), "trainee");
    stop_if_refused();
    report(check_vacancy_takes_referrals(vacancy, on_), "vacancy");
    for (const auto& failure : check_referral_filters(data_, person, vacancy, on_)) report(failure.violation, failure.argument);
    stop_if_refused();
    Referral referral;
    referral.id = fresh<ReferralId>();
    referral.trainee = refer.trainee;
    referral.vacancy = refer.vacancy;
    referral.referred = on_;
    referral.status = ReferralStatus::referred;
    create(std::move(referral));
    current_.effects.push_back(Effect{Collection::referrals, current_.created.back().id, "status", {},
                                      effect_value(ReferralStatus::referred), {}});
  }

  Row<Referral> require_referral(const ReferralId& id) {
    const Row<Referral> row = require(id, "referral");
    concerns(row);
    if (const auto person = data_.parent<&Referral::trainee>(row)) {
      report(check_not_erased(data_.at(*person)), "referral");
      stop_if_refused();
    }
    return row;
  }

  void perform(const ops::Interview& interview) {
    const Row<Referral> row = require_referral(interview.referral);
    require_transition(data_.at(row).status, ReferralStatus::interview, "referral");
    auto change = edit(row);
    move(change, ReferralStatus::interview);
    commit_referral(change);
  }

  void perform(const ops::Hire& hire) {
    const Row<Referral> row = require_referral(hire.referral);
    require_transition(data_.at(row).status, ReferralStatus::hired, "referral");
    const auto vacancy = data_.parent<&Referral::vacancy>(row);
    const auto person = data_.parent<&Referral::trainee>(row);
    if (!vacancy || !person) {
      issue_at(IssueCode::unknown_reference, "referral", "the referral's person or vacancy is not in the dataset");
      throw Refused{};
    }
    const std::size_t hires = hires_of(*vacancy);
    report(check_positions(data_.at(*vacancy), hires), "referral");
    stop_if_refused();
    auto change = edit(row);
    move(change, ReferralStatus::hired);
    change.set(change.value().hired, on_, "hired");
    commit_referral(change);

    auto employed = edit(*person);
    employed.set(employed.value().employment_status, EmploymentStatus::employed, "employment_status", "hired");
    employed.set(employed.value().job_seeking, false, "job_seeking", "hired");
    employed.commit();
    withdraw_open_referrals<&Referral::trainee>(*person, "hired_elsewhere", row);
    if (hires + 1 >= data_.at(*vacancy).positions) fill(*vacancy, row);
  }

  void perform(const ops::Decide& decide) {
    const Row<Referral> row = require_referral(decide.referral);
    const ReferralStatus to = decide.outcome == ops::Outcome::reject    ? ReferralStatus::rejected
                              : decide.outcome == ops::Outcome::decline ? ReferralStatus::declined
                                                                        : ReferralStatus::no_show;
    require_transition(data_.at(row).status, to, "referral");
    const auto person = data_.parent<&Referral::trainee>(row);
    // Only a decline or a no-show can start a pause: a rejection is not judged twice.
    const bool may_pause = person && counts_as_decline(to);
    const auto paused_before = may_pause ? pause_in_force(policy_, referrals_of(*person), on_) : std::nullopt;
    decide_referral(row, to, decide.reason, {});
    if (!may_pause) return;
    const auto paused_after = pause_in_force(policy_, referrals_of(*person), on_);
    if (paused_after && paused_after != paused_before) {
      std::string id = data_.at(*person).id.to_string();
      touch(Collection::trainees, id);
      current_.effects.push_back(Effect{Collection::trainees, std::move(id), "referrals_paused_until",
                                        effect_value(paused_before), effect_value(*paused_after), "decline_limit"});
    }
  }

  void perform(const ops::EndEmployment& end) {
    const Row<Referral> row = require_referral(end.referral);
    const Referral& referral = data_.at(row);
    // A retained hire may still end (it stays retained: nothing leaves retained).
    const bool in_work = (referral.status == ReferralStatus::hired || referral.status == ReferralStatus::retained) &&
                         referral.hired && !referral.ended;
    if (!in_work) {
      issue_at(IssueCode::invalid_transition, "referral",
               is_hire(referral.status) ? "the hire already ended"
                                        : "a " + std::string(to_string(referral.status)) +
                                              " referral is not a hire in progress");
      throw Refused{};
    }
    const bool early = referral.status == ReferralStatus::hired && on_ >= *referral.hired &&
                       ended_early(policy_, *referral.hired, on_);
    auto change = edit(row);
    if (early) move(change, ReferralStatus::left_early);
    change.set(change.value().ended, on_, "ended");
    if (end.reason) change.set(change.value().reason, end.reason, "reason");
    commit_referral(change);
    if (const auto person = data_.parent<&Referral::trainee>(row)) {
      auto seeking = edit(*person);
      seeking.set(seeking.value().employment_status, EmploymentStatus::unemployed, "employment_status", "employment_ended");
      seeking.set(seeking.value().job_seeking, true, "job_seeking", "employment_ended");
      seeking.commit();
    }
  }

  void perform(const ops::Advance&) {
    if (data_.as_of() && on_ < *data_.as_of()) {
      issue_at(IssueCode::invalid_date_range, "on",
               "as_of moves forward only: " + to_iso_string(on_) + " is before " + to_iso_string(*data_.as_of()));
      throw Refused{};
    }
    set_as_of(on_);
    const auto referrals = data_.records<Referral>();
    std::vector<Row<Referral>> retained;
    for (std::uint32_t i = 0; i < referrals.size(); ++i) {
      const Referral& referral = referrals[i];
      if (referral.status == ReferralStatus::hired && referral.hired && !referral.ended &&
          days_between(*referral.hired, on_) >= policy_.retention_days) {
        retained.push_back(Row<Referral>{i});
      }
    }
    for (const auto row : retained) {
      auto change = edit(row);
      move(change, ReferralStatus::retained, "retention_reached");
      commit_referral(change);
    }
    const auto vacancies = data_.records<Vacancy>();
    std::vector<Row<Vacancy>> expired;
    for (std::uint32_t i = 0; i < vacancies.size(); ++i) {
      if (vacancies[i].status == VacancyStatus::open && vacancies[i].closes < on_) expired.push_back(Row<Vacancy>{i});
    }
    for (const auto row : expired) close(row, "closing_date_passed");
  }

  void perform(const ops::EraseTrainee& erase) {
    const Row<Trainee> person = require(erase.trainee, "trainee");
    concerns(person);
    report(check_not_erased(data_.at(person)), "trainee");
    stop_if_refused();
    // Places and referrals still pending end first, while the person is still identified.
    std::vector<Row<Enrollment>> waiting;
    for (const auto row : data_.children<&Enrollment::trainee>(person)) {
      if (data_.at(row).status == EnrollmentStatus::waitlisted) waiting.push_back(row);
    }
    for (const auto row : waiting) end_enrollment(row, EnrollmentStatus::withdrawn, "erased");
    withdraw_open_referrals<&Referral::trainee>(person, "erased");
    std::vector<Row<Referral>> with_reasons;
    for (const auto row : data_.children<&Referral::trainee>(person)) {
      if (data_.at(row).reason) with_reasons.push_back(row);
    }
    for (const auto row : with_reasons) {
      auto change = edit(row);
      change.value().reason.reset();
      change.add_effect("reason", std::string("(free text)"), {}, "erased");
      change.commit();
    }
    auto change = edit(person);
    Trainee& trainee = change.value();
    trainee.erase_identity(on_);
    change.add_effect("identity", std::string("(personal data)"), {}, "erased");
    change.add_effect("erased", {}, effect_value(on_));
    change.commit();
  }

  // --- state -----------------------------------------------------------------------------

  static constexpr TextRule kActorRule{TextKind::code, 100};
  static constexpr TextRule kKeyRule{TextKind::code, 200};

  Dataset& data_;
  const BatchContext& context_;
  const Policy& policy_;
  IdSource ids_;
  std::string batch_;
  UndoLog log_;
  BatchDraws draws_;             // what this batch drew, for a journal
  std::size_t replayed_ids_ = 0;    // how many of `context_.replay`'s ids are used
  std::size_t replayed_codes_ = 0;  // and of its codes

  // The operation being applied.
  std::size_t index_ = 0;
  Date on_;
  std::string actor_;
  bool batch_actor_accepted_ = false;  // the context's actor has passed the actor checks
  std::optional<boost::uuids::uuid> new_id_;
  std::string digest_;
  std::optional<AuditTouch> subject_;
  std::vector<AuditTouch> touched_;
  OperationResult current_;
  std::vector<Issue> issues_;
};

}  // namespace

BatchResult apply(Dataset& dataset, std::span<const Operation> operations, const BatchContext& context) {
  return Batch(dataset, context).run(operations);
}

struct PendingBatch::State {
  UndoLog log;
};

PendingBatch::PendingBatch(BatchResult result, std::unique_ptr<State> state) noexcept
    : result_(std::move(result)), state_(std::move(state)) {}
PendingBatch::PendingBatch(PendingBatch&&) noexcept = default;
PendingBatch& PendingBatch::operator=(PendingBatch&&) noexcept = default;
PendingBatch::~PendingBatch() = default;

void PendingBatch::undo() {
  if (state_) state_->log.roll_back();
  state_.reset();
  result_.applied = false;
}

PendingBatch apply_pending(Dataset& dataset, std::span<const Operation> operations, const BatchContext& context) {
  Batch batch(dataset, context);
  BatchResult result = batch.run(operations);
  std::unique_ptr<PendingBatch::State> state;
  if (result.applied) state = std::make_unique<PendingBatch::State>(PendingBatch::State{batch.take_log()});
  return PendingBatch(std::move(result), std::move(state));
}

}  // namespace vocfab
