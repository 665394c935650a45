// vocfab — the command-line client of the vocfab C++ API (SPEC section 7).
//
// Every command takes `--json`, and every command but `verify-token` and `keys` reads a dataset
// file (`-`: standard input). Exit codes, for every command:
//   0  success (for `validate`: the dataset is valid; for `verify` and `verify-token`: the
//      certificate or token is valid)
//   1  the dataset was read but is invalid (`validate`); the code or token is not valid (revoked,
//      unknown, malformed, forged); `token`: no such certificate, or one that gets no token
//   2  usage error, I/O error (an input that cannot be read — the library's `io_error` — or output
//      that cannot be written), or a document that could not be read (parse error, unsupported
//      schema version); no certificate key, or a key file that cannot be used
// Under `--json` standard output holds exactly one JSON object whenever a command ran (also when
// its input could not be read); usage and output errors are reported on standard error only.
//
// Adding a command: write `int run_<name>(const Options&)` and one line in `commands()`; options of
// its own go into `Options` and are declared in the command's `configure` function. The CLI only
// calls the public API and prints; rules and messages live in the library (which already masks
// national ids in every message). What the CLI itself quotes of its arguments (an unknown
// command, CLI11's usage errors) goes through the library's masking too; a file name is shown
// as given (it names the caller's file).

#include "vocfab/io/allocation_json.h"
#include "vocfab/io/assignment_json.h"
#include "vocfab/io/certificates_json.h"
#include "vocfab/io/json.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/io/key_file.h"
#include "vocfab/io/matching_json.h"
#include "vocfab/io/ranking_json.h"
#include "vocfab/io/registry_json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/model/masking.h"
#include "vocfab/ops/certificates.h"
#include "vocfab/registry/registry.h"
#include "vocfab/report/summary.h"
#include "vocfab/model/issue.h"
#include "vocfab/validation/validate.h"

#include <CLI/CLI.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#ifndef VOCFAB_VERSION
#define VOCFAB_VERSION "unknown"
#endif

namespace {

/// Exit codes shared by every command.
enum ExitCode : int {
  kExitOk = 0,
  kExitInvalid = 1,
  kExitError = 2,
};

/// Everything the command line can set. Options common to every command come first; a command
/// with options of its own adds fields here and declares them in its `configure` function.
struct Options {
  std::string file;   ///< The dataset file a command reads; `-` is standard input.
  bool json = false;  ///< Machine-readable JSON output instead of text.
  // apply
  std::string operations;  ///< The operations file (NDJSON, an array or one object).
  std::string actor;       ///< Who applies the batch.
  std::string output;      ///< Where the changed dataset goes (default: replace FILE).
  bool check = false;      ///< Only check the batch and show what it would do.
  // Certificates
  std::string key_file;             ///< `--key-file`; else `VOCFAB_CERTIFICATE_KEY_FILE`.
  std::string code;                 ///< `verify`: the code as typed.
  std::optional<std::string> name;  ///< `verify --name`: the holder's name as shown.
  std::string certificate;          ///< `token --certificate`: the certificate's id.
  std::string token;                ///< `verify-token`: the token.
  std::string public_key;           ///< `verify-token --public-key`.
  std::string keys_action;          ///< `keys`: what to do (`public`).
  bool all_keys = false;            ///< `keys public --all`: older keys too.
  // allocate, rank, explain, match
  std::optional<std::uint64_t> seed;  ///< `allocate --seed`: the lottery's seed (default the policy's).
  unsigned max_threads = 0;  ///< `allocate --max-threads`: the most threads (0: one per core).
  std::string as_of;                  ///< `--as-of`: the day (default the dataset's, else today).
  std::string ops_out;                ///< `--ops-out`: where the operations go (NDJSON).
  std::string vacancy;                ///< `rank`, `explain --vacancy`: the vacancy's id as typed.
  std::string trainee;                ///< `explain --trainee`: the person's id as typed.
  std::size_t top = 50;               ///< `rank --top`: how many candidates to list.
  bool csv = false;                   ///< `rank --csv`: CSV instead of the table.
  std::string mode = "stable";        ///< `match --mode`: `stable` or `max_score`.
  std::size_t shortlist = 20;         ///< `match --shortlist`: candidates kept per vacancy.
  // report, plan, export
  std::string from;                   ///< `report --from`: the range's first day.
  std::string to;                     ///< `report --to`: the range's last day.
  std::vector<std::string> by;        ///< `report --by`: the breakdowns (repeatable, or comma-separated).
  std::uint32_t min_group_size = 0;   ///< `report --min-group-size`: suppress counts below it.
  std::string html;                   ///< `report --html OUT`: write the HTML page there.
  bool anonymise = false;             ///< `export --anonymise`.
  // registry
  std::string registry_action;  ///< `registry`: `init` or `status`.
  // solve
  std::string problem;  ///< `solve`: which solver (`stable-match`, `blocking-pairs`, `assign`).
  std::string request;  ///< `solve`: the request file; `-` is standard input.
};

/// One subcommand: its name, one-line description, extra options and what it does.
struct Command {
  std::string name;
  std::string description;
  std::function<void(CLI::App&, Options&)> configure;  ///< Command-specific options (may be empty).
  std::function<int(const Options&)> run;
  bool reads_dataset = true;  ///< Takes the dataset FILE as its first argument.
};

/// `1234567` → `1,234,567`.
std::string group_thousands(std::size_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

/// `1 issue`, `3 issues`, `1,234 records`.
std::string count_of(std::size_t n, std::string_view noun) {
  std::string out = group_thousands(n);
  out += ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

/// One issue as a line of text: `path: code: message` (without the path when it is empty).
void print_issue(std::ostream& out, const vocfab::Issue& issue) {
  if (!issue.path.empty()) out << issue.path << ": ";
  out << vocfab::to_string(issue.code) << ": " << issue.message << '\n';
}

/// `{"valid": …, "issues": [{"code", "path", "message"}, …]}`, one line.
std::string validation_json(bool valid, const std::vector<vocfab::Issue>& issues) {
  nlohmann::ordered_json out;
  out["valid"] = valid;
  out["issues"] = nlohmann::ordered_json::parse(vocfab::issues_to_json(issues));
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// True when @p file names standard input.
bool is_stdin(const std::string& file) { return file == "-"; }

/// Whether `options.file` is a registry (a dataset file whose journal exists).
bool is_registry(const Options& options) { return !is_stdin(options.file) && vocfab::Registry::exists(options.file); }

/// A registry's state, snapshot plus journal, as a read: a registry that cannot be read is one
/// `io_error` (so the read is fatal); a torn journal tail, left in place, is noted on stderr.
vocfab::LoadResult read_registry(const std::string& file) {
  vocfab::LoadResult load;
  try {
    vocfab::RegistryState state = vocfab::Registry::load_state(file);
    if (const auto& tail = state.recovery.dropped_tail) {
      std::cerr << "vocfab: " << file << ": the journal's last " << tail->bytes << " bytes (record " << tail->record
                << ") are torn and not read: " << tail->reason << "; the next write to the registry cuts them off\n";
    }
    load.dataset = std::move(state.dataset);
  } catch (const vocfab::RegistryError& error) {
    load.issues.push_back(error.issue());
  }
  return load;
}

/// Reads the dataset `options.file` names: a registry (snapshot plus journal), a file through
/// the library's file entry point, or standard input (`-`) through its stream reader.
vocfab::LoadResult read_input(const Options& options) {
  if (is_stdin(options.file)) return vocfab::read_dataset(std::cin);
  if (is_registry(options)) return read_registry(options.file);
  return vocfab::read_dataset_file(options.file);
}

/// Reads and validates the dataset `options.file` names (see `read_input`). For standard input
/// and registries it does what `vocfab::validate_file` does for a file: the reader's issues,
/// then — unless the document itself could not be read — those of `vocfab::validate`.
vocfab::ValidationReport validate_input(const Options& options) {
  if (!is_stdin(options.file) && !is_registry(options)) return vocfab::validate_file(options.file);
  vocfab::ValidationReport report{read_input(options), {}};
  report.issues = report.load.issues;
  if (!report.load.fatal()) {
    std::vector<vocfab::Issue> found = vocfab::validate(report.load.dataset, &report.load.diagnostics);
    report.issues.insert(report.issues.end(), std::make_move_iterator(found.begin()),
                         std::make_move_iterator(found.end()));
  }
  return report;
}

/// The `io_error` among @p issues, if the input could not be read at all (the library then
/// returns that issue alone).
const vocfab::Issue* io_error(const std::vector<vocfab::Issue>& issues) {
  for (const vocfab::Issue& issue : issues) {
    if (issue.code == vocfab::IssueCode::io_error) return &issue;
  }
  return nullptr;
}

/// An input that cannot be read, in text: the library's message on stderr (`vocfab: cannot read
/// FILE: reason`), prefixed by `-: ` for standard input, whose messages name no file.
void print_io_error(const Options& options, const vocfab::Issue& issue) {
  std::cerr << "vocfab: ";
  if (is_stdin(options.file)) std::cerr << "-: ";
  std::cerr << issue.message << '\n';
}

// --- validate -----------------------------------------------------------------------------------

/// `vocfab validate FILE [--json]`: every issue of the dataset; exit 0 valid, 1 invalid, 2 unreadable.
int run_validate(const Options& options) {
  const vocfab::ValidationReport report = validate_input(options);
  const bool fatal = report.load.fatal();
  if (options.json) {
    std::cout << validation_json(report.valid(), report.issues) << '\n';
  } else if (const vocfab::Issue* error = io_error(report.issues)) {
    print_io_error(options, *error);
  } else {
    for (const vocfab::Issue& issue : report.issues) print_issue(std::cout, issue);
    std::cout << options.file << ": ";
    if (fatal) {
      std::cout << "could not be read (" << count_of(report.issues.size(), "issue") << ")\n";
    } else if (report.valid()) {
      std::cout << "valid (" << count_of(report.load.dataset.record_count(), "record") << ")\n";
    } else {
      std::cout << "invalid (" << count_of(report.issues.size(), "issue") << ")\n";
    }
  }
  if (fatal) return kExitError;
  return report.valid() ? kExitOk : kExitInvalid;
}

/// Reports a document that could not be read at all (under `--json` as `validate --json` does);
/// true when it could not. Otherwise, when some records had to be left out, a note on stderr
/// says how many issues reading found and that those records are @p not_used ("not counted").
bool unreadable(const Options& options, const vocfab::LoadResult& load, std::string_view not_used) {
  if (load.fatal()) {
    if (options.json) {
      std::cout << validation_json(false, load.issues) << '\n';
    } else if (const vocfab::Issue* error = io_error(load.issues)) {
      print_io_error(options, *error);
    } else {
      for (const vocfab::Issue& issue : load.issues) print_issue(std::cerr, issue);
      std::cerr << options.file << ": could not be read\n";
    }
    return true;
  }
  if (!load.issues.empty()) {
    std::cerr << options.file << ": " << count_of(load.issues.size(), "issue")
              << " while reading; records that could not be read are " << not_used << " (see `vocfab "
                 "validate`)\n";
  }
  return false;
}

// --- summary ------------------------------------------------------------------------------------

/// `vocfab summary FILE [--json]`: counts per collection, centre and branch.
/// Records the reader had to leave out are not counted; a note on stderr says how many issues
/// reading found (run `validate` for them). Exit 2 when the document could not be read.
int run_summary(const Options& options) {
  const vocfab::LoadResult load = read_input(options);
  if (unreadable(options, load, "not counted")) return kExitError;
  const vocfab::Summary summary = vocfab::summarize(load.dataset);
  if (options.json) {
    std::cout << vocfab::to_json(summary) << '\n';
  } else {
    std::cout << vocfab::to_text(summary);
  }
  return kExitOk;
}

// --- apply --------------------------------------------------------------------------------------

/// An effect's value for people: `-` when absent.
std::string shown(const vocfab::EffectValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) return "-";
        else if constexpr (std::is_same_v<V, std::string>) return v;
        else if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
        else return std::to_string(v);
      },
      value);
}

void print_batch(const vocfab::BatchOutcome& outcome, bool check_only, const std::string& written_to) {
  const vocfab::BatchResult& result = outcome.result;
  if (const auto& failed = result.failed) {
    std::cout << "refused: operation " << failed->index;
    if (!failed->op.empty()) std::cout << " (" << failed->op << ")";
    if (outcome.line != 0) std::cout << " on line " << outcome.line;
    std::cout << "; nothing was " << (check_only ? "changed" : "written") << "\n";
    for (const vocfab::Issue& issue : failed->issues) print_issue(std::cout, issue);
    return;
  }
  for (std::size_t i = 0; i < result.results.size(); ++i) {
    const vocfab::OperationResult& done = result.results[i];
    std::cout << "[" << i << "] " << done.op;
    if (done.replayed) std::cout << "  replayed (audit entry " << done.seq << ")";
    std::cout << "\n";
    for (const vocfab::AuditTouch& created : done.created) {
      std::cout << "      created " << vocfab::to_string(created.collection) << "/" << created.id << "\n";
    }
    for (const vocfab::Effect& effect : done.effects) {
      std::cout << "      " << (effect.collection ? std::string(vocfab::to_string(*effect.collection)) + "/" + effect.id
                                                 : std::string("dataset"))
                << " " << effect.field << ": " << shown(effect.from) << " -> " << shown(effect.to);
      if (!effect.reason.empty()) std::cout << " (" << effect.reason << ")";
      std::cout << "\n";
    }
  }
  std::cout << (check_only ? "allowed: " : "applied: ") << count_of(result.results.size(), "operation")
            << " (batch " << result.batch << ")";
  if (!written_to.empty()) {
    std::cout << (written_to.ends_with(".journal") ? "; appended to " : "; written to ") << written_to;
  }
  std::cout << "\n";
}

std::optional<vocfab::CertificateKeyring> keyring_of(const Options& options);
bool names_key_file(const Options& options);

/// `vocfab apply FILE OPS [--actor NAME] [-o OUT] [--key-file K] [--check] [--json]`: all or
/// nothing. Exit 0 applied (or allowed, with --check), 1 refused (nothing written), 2 usage, I/O
/// or parse error (a malformed line, a dataset that does not read cleanly).
int run_apply(const Options& options) {
  const auto fail = [&](const vocfab::Issue& issue) {
    if (options.json) {
      std::cout << validation_json(false, {issue}) << '\n';
    } else {
      std::cerr << "vocfab: " << issue.message << '\n';
    }
    return kExitError;
  };
  if (is_stdin(options.file) && options.output.empty() && !options.check) {
    return fail({vocfab::IssueCode::invalid_value, "", "a dataset read from standard input needs -o OUT"});
  }
  // A registry takes the batch into its journal; a check, or a copy written elsewhere, needs only
  // its state.
  const bool journaled = is_registry(options) && options.output.empty() && !options.check;
  std::unique_ptr<vocfab::Registry> registry;
  vocfab::LoadResult load;
  if (journaled) {
    try {
      registry = vocfab::Registry::open(options.file);
    } catch (const vocfab::RegistryError& error) {
      return fail(error.issue());
    }
  } else {
    load = read_input(options);
    if (load.fatal()) return fail(load.issues.front());
    if (!load.issues.empty()) {
      // Applying would save the dataset without the records that could not be read.
      return fail({vocfab::IssueCode::invalid_value, "",
                   options.file + ": " + count_of(load.issues.size(), "issue") +
                       " while reading; fix them before changing it (see `vocfab validate`)"});
    }
  }
  auto text = vocfab::read_text_file(options.operations);
  if (auto* error = std::get_if<vocfab::Issue>(&text)) return fail(*error);
  const vocfab::OperationsDocument document = vocfab::read_operations(std::get<std::string>(text));

  // The key is read when one is named: only issue_certificate needs it (and says so without one).
  std::optional<vocfab::CertificateKeyring> keyring;
  if (names_key_file(options)) {
    keyring = keyring_of(options);
    if (!keyring) return kExitError;
  }
  vocfab::BatchContext context;
  context.keyring = keyring ? &*keyring : nullptr;
  context.actor = options.actor;
  context.at = boost::posix_time::second_clock::universal_time();
  context.check_only = options.check;
  std::string written_to;
  vocfab::BatchOutcome outcome;
  if (registry) {
    try {
      outcome = registry->apply(document, context);
    } catch (const vocfab::RegistryError& error) {
      return fail(error.issue());
    }
    if (outcome.result.applied) written_to = vocfab::Registry::journal_path(options.file).string();
  } else {
    outcome = vocfab::apply_operations(load.dataset, document, context);
  }
  if (!registry && outcome.result.ok() && !options.check) {
    written_to = options.output.empty() ? options.file : options.output;
    try {
      vocfab::write_dataset_file(load.dataset, written_to);
    } catch (const std::system_error& error) {
      return fail({vocfab::IssueCode::io_error, "", "cannot write " + written_to + ": " + error.code().message()});
    }
  }
  if (options.json) {
    std::cout << vocfab::write_batch_outcome(outcome, options.check) << '\n';
  } else if (outcome.parse_error) {
    std::cerr << "vocfab: " << options.operations << ": " << outcome.result.failed->issues.front().message << '\n';
  } else {
    print_batch(outcome, options.check, written_to);
  }
  if (outcome.parse_error) return kExitError;
  return outcome.result.ok() ? kExitOk : kExitInvalid;
}

// --- registry -----------------------------------------------------------------------------------

/// A registry failure, in text or under `--json` as `validate --json` prints issues.
int registry_failed(const Options& options, const vocfab::RegistryError& error) {
  if (options.json) {
    std::cout << validation_json(false, {error.issue()}) << '\n';
  } else {
    std::cerr << "vocfab: " << error.what() << '\n';
  }
  return kExitError;
}

void print_registry(const std::string& file, const vocfab::RegistryStatus& status,
                    const vocfab::RecoveryReport& recovery) {
  std::cout << file << ": a registry; journal " << vocfab::Registry::journal_path(file).string() << " ("
            << count_of(status.journal_records, "record") << ", " << group_thousands(status.journal_bytes)
            << " bytes); last audit seq " << status.last_seq << "\n";
  if (recovery.records_in_snapshot > 0) {
    std::cout << "  " << count_of(recovery.records_in_snapshot, "journal record") << " already in the snapshot (skipped)\n";
  }
  if (const auto& tail = recovery.dropped_tail) {
    std::cout << "  torn tail: record " << tail->record << " at byte " << tail->offset << ", " << tail->bytes
              << " bytes: " << tail->reason << (recovery.tail_truncated ? " (cut off)" : " (left in place)") << "\n";
  }
  if (recovery.temporary_files_removed > 0) {
    std::cout << "  " << count_of(recovery.temporary_files_removed, "temporary file") << " of interrupted saves removed\n";
  }
}

/// `vocfab registry init FILE`: start a journal for a dataset file. `vocfab registry status FILE`:
/// what the registry holds and what reading it found (read-only).
int run_registry(const Options& options) {
  try {
    std::unique_ptr<vocfab::Registry> registry;
    if (options.registry_action == "init") {
      registry = vocfab::Registry::init(options.file);
    } else {
      vocfab::RegistryOptions read_only;
      read_only.read_only = true;
      registry = vocfab::Registry::open(options.file, read_only);
    }
    if (options.json) {
      std::cout << vocfab::write_registry_status(*registry) << '\n';
    } else {
      if (options.registry_action == "init") {
        std::cout << options.file << ": now a registry; `vocfab apply` appends to its journal\n";
      }
      print_registry(options.file, registry->status(), registry->recovery());
    }
  } catch (const vocfab::RegistryError& error) {
    return registry_failed(options, error);
  }
  return kExitOk;
}

/// `vocfab checkpoint FILE`: write the registry's state as its snapshot and start an empty journal.
int run_checkpoint(const Options& options) {
  try {
    const auto registry = vocfab::Registry::open(options.file);
    const std::size_t folded = registry->status().journal_records;
    registry->checkpoint();
    if (options.json) {
      auto done = nlohmann::ordered_json::parse(vocfab::write_registry_status(*registry));
      done["records_folded_in"] = folded;
      std::cout << done.dump() << '\n';
    } else {
      std::cout << options.file << ": checkpoint written (" << count_of(folded, "journal record")
                << " folded into the snapshot); the journal starts empty\n";
    }
  } catch (const vocfab::RegistryError& error) {
    return registry_failed(options, error);
  }
  return kExitOk;
}

/// The actor of a batch from the command line: `--actor`, else the login name.
std::string default_actor() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? std::string(user) : std::string("vocfab-cli");
}

void configure_apply(CLI::App& command, Options& options) {
  command.add_option("OPS", options.operations, "Operations file: NDJSON (one operation a line), an array or one object")
      ->required();
  options.actor = default_actor();
  command.add_option("--actor", options.actor, "Who applies the batch (default: the login name)");
  command.add_option("-o,--output", options.output, "Write the changed dataset here instead of replacing FILE");
  command.add_option("--key-file", options.key_file,
                     "Certificate key file, for issue_certificate (default: the file VOCFAB_CERTIFICATE_KEY_FILE names)");
  command.add_flag("--check", options.check, "Only check the batch and show what it would do; write nothing");
}

// --- certificates -------------------------------------------------------------------------------

/// The certificate keys named by `--key-file`, else by `VOCFAB_CERTIFICATE_KEY_FILE`; nothing
/// (after a message on stderr: a usage or I/O error) when neither names a usable key file.
bool names_key_file(const Options& options) {
  return !options.key_file.empty() || std::getenv("VOCFAB_CERTIFICATE_KEY_FILE") != nullptr;
}

std::optional<vocfab::CertificateKeyring> keyring_of(const Options& options) {
  std::string path = options.key_file;
  if (path.empty()) {
    if (const char* variable = std::getenv("VOCFAB_CERTIFICATE_KEY_FILE")) path = variable;
  }
  if (path.empty()) {
    std::cerr << "vocfab: no certificate key: pass --key-file FILE or set VOCFAB_CERTIFICATE_KEY_FILE\n";
    return std::nullopt;
  }
  try {
    return vocfab::read_certificate_keyring_file(path);
  } catch (const std::system_error& error) {  // messages name the file and the line, never a secret
    std::cerr << "vocfab: " << vocfab::mask_national_ids(error.what()) << '\n';
  } catch (const vocfab::CertificateKeyError& error) {
    std::cerr << "vocfab: " << vocfab::mask_national_ids(error.what()) << '\n';
  }
  return std::nullopt;
}

/// `--key-file` for the commands that need the certificate keys.
void add_key_file_option(CLI::App& command, Options& options) {
  command.add_option("--key-file", options.key_file,
                     "Certificate key file (default: the file VOCFAB_CERTIFICATE_KEY_FILE names)");
}

/// The facts printed on a certificate, one `  name: value` line each; texts masked.
void print_facts(const vocfab::CertificateFacts& facts) {
  std::cout << "  kind: " << vocfab::to_string(facts.kind) << '\n'
            << "  issued: " << vocfab::to_iso_string(facts.issued) << '\n';
  if (facts.external_number) std::cout << "  external number: " << vocfab::mask_national_ids(*facts.external_number) << '\n';
  std::cout << "  course: " << facts.course.to_string() << '\n';
  if (facts.branch) {
    std::cout << "  branch: ";
    if (facts.branch_name) std::cout << vocfab::mask_national_ids(*facts.branch_name) << " (";
    std::cout << facts.branch->str() << (facts.branch_name ? ")\n" : "\n");
  }
  if (facts.hours) std::cout << "  hours: " << *facts.hours << '\n';
  if (facts.centre) std::cout << "  centre: " << vocfab::mask_national_ids(*facts.centre) << '\n';
  if (facts.holder) std::cout << "  holder: " << *facts.holder << '\n';
  else if (facts.holder_erased) std::cout << "  holder: erased (no name is kept)\n";
}

/// `vocfab verify FILE CODE [--key-file K] [--name NAME] [--json]`: what the code is; exit 0 only
/// for a valid certificate.
int run_verify(const Options& options) {
  const std::optional<vocfab::CertificateKeyring> keyring = keyring_of(options);
  if (!keyring) return kExitError;
  const vocfab::LoadResult load = read_input(options);
  if (unreadable(options, load, "not searched")) return kExitError;
  const vocfab::CertificateVerification result =
      vocfab::verify_certificate(load.dataset, *keyring, options.code, options.name);
  if (options.json) {
    std::cout << vocfab::to_json(result) << '\n';
  } else {
    using vocfab::CertificateStatus;
    if (result.code) std::cout << *result.code << ": ";
    std::cout << vocfab::to_string(result.status);
    switch (result.status) {
      case CertificateStatus::valid: break;
      case CertificateStatus::revoked:
        std::cout << " on " << vocfab::to_iso_string(result.revocation->date) << ": "
                  << vocfab::mask_national_ids(result.revocation->reason);
        break;
      case CertificateStatus::unknown: std::cout << ": no certificate carries this code"; break;
      case CertificateStatus::malformed:
        std::cout << ": not a certificate code (a symbol mistyped, missing or extra)";
        break;
      case CertificateStatus::forged:
        std::cout << (result.forgery == vocfab::ForgeryCause::unknown_key
                          ? ": its key id names no key of the key file"
                          : ": the code does not match the certificate's facts");
        break;
    }
    std::cout << '\n';
    if (result.facts) {
      print_facts(*result.facts);
      if (result.name_matches) std::cout << "  name matches: " << (*result.name_matches ? "yes" : "no") << '\n';
      else if (options.name) std::cout << "  name matches: cannot tell (the holder has no name on record)\n";
    }
  }
  return result.status == vocfab::CertificateStatus::valid ? kExitOk : kExitInvalid;
}

/// `vocfab token FILE --certificate ID [--key-file K] [--json]`: a signed token of the
/// certificate; exit 1 when there is no such certificate or it gets no token (revoked, forged).
int run_token(const Options& options) {
  const auto id = vocfab::CertificateId::parse(options.certificate);
  if (!id) {
    std::cerr << "vocfab: --certificate must be a certificate id (a UUID)\n";
    return kExitError;
  }
  const std::optional<vocfab::CertificateKeyring> keyring = keyring_of(options);
  if (!keyring) return kExitError;
  const vocfab::LoadResult load = read_input(options);
  if (unreadable(options, load, "not searched")) return kExitError;
  std::optional<std::string> token;
  std::string problem;
  if (const vocfab::Certificate* certificate = load.dataset.find(*id)) {
    try {
      token = vocfab::certificate_token(*keyring, load.dataset, *certificate);
    } catch (const std::invalid_argument& refused) {
      problem = vocfab::mask_national_ids(refused.what());
    }
  } else {
    problem = "no certificate with id " + id->to_string();
  }
  if (options.json) {
    nlohmann::ordered_json out{{"certificate", id->to_string()}};
    out["token"] = token ? nlohmann::ordered_json(*token) : nlohmann::ordered_json(nullptr);
    if (!token) out["message"] = problem;
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else if (token) {
    std::cout << *token << '\n';
  } else {
    std::cerr << "vocfab: " << problem << '\n';
  }
  return token ? kExitOk : kExitInvalid;
}

/// `vocfab verify-token TOKEN --public-key P [--json]`: checks a token offline; exit 0 only when
/// it is valid.
int run_verify_token(const Options& options) {
  const auto public_key = vocfab::TokenPublicKey::parse(options.public_key);
  if (!public_key) {
    std::cerr << "vocfab: --public-key is not a token public key (43 base64url characters, as `vocfab keys "
                 "public` prints)\n";
    return kExitError;
  }
  const vocfab::TokenVerification result = vocfab::verify_token(*public_key, options.token);
  if (options.json) {
    std::cout << vocfab::to_json(result) << '\n';
  } else if (result.status == vocfab::TokenStatus::valid) {
    std::cout << *result.code << ": valid token (signed under key " << *result.key_id << ", certificate "
              << result.certificate->to_string() << ")\n";
    print_facts(*result.facts);
  } else if (result.status == vocfab::TokenStatus::forged) {
    std::cout << "forged: the signature does not match (the token was edited, or signed with another key)\n";
  } else {
    std::cout << "malformed: not a vocfab certificate token\n";
  }
  return result.status == vocfab::TokenStatus::valid ? kExitOk : kExitInvalid;
}

// --- allocate, rank, explain, match -------------------------------------------------------------

/// What a command that judges on a day works on: the dataset, and the day to ask the library for.
struct DatedInput {
  vocfab::LoadResult load;            ///< The dataset as read.
  std::optional<vocfab::Date> as_of;  ///< The day to pass on; none: the dataset's own `as_of`.
};

/// Reads `--as-of` and the dataset (records that could not be read are @p not_used, as `unreadable`
/// says). The day is `--as-of`; without it the dataset's `as_of` (left to the library), and when
/// the dataset has none, today (UTC): the command line is the caller, and a caller may ask for
/// today (the library never reads a clock). Nothing, once reported (exit 2), when `--as-of` is
/// not a day or the dataset cannot be read.
std::optional<DatedInput> read_dated_input(const Options& options, std::string_view not_used) {
  std::optional<vocfab::Date> as_of;
  if (!options.as_of.empty()) {
    as_of = vocfab::parse_iso_date(options.as_of);
    if (!as_of) {
      std::cerr << "vocfab: --as-of " << vocfab::quote_value(options.as_of) << " is not a day (YYYY-MM-DD)\n";
      return std::nullopt;
    }
  }
  DatedInput input{read_input(options), as_of};
  if (unreadable(options, input.load, not_used)) return std::nullopt;
  if (!input.as_of && !input.load.dataset.as_of()) input.as_of = boost::gregorian::day_clock::universal_day();
  return input;
}

/// The id typed after @p option (`--vacancy`), or nothing after a usage error on stderr (exit 2),
/// which quotes the text masked.
template <class Id>
std::optional<Id> id_option(std::string_view option, const std::string& text) {
  std::optional<Id> id = Id::parse(text);
  if (!id) std::cerr << "vocfab: " << option << " " << vocfab::quote_value(text) << " is not an id (a UUID)\n";
  return id;
}

/// A request the library refused: under `--json` the issues in the `validate` shape on standard
/// output, else one `path: code: message` line each on standard error. Exit 1 when the data says
/// no (`unknown_reference`: no such vacancy or person; `vacancy_not_open`), 2 when the request
/// itself is wrong (`invalid_value`, `missing_field`).
int refused(const Options& options, const std::vector<vocfab::Issue>& issues) {
  if (options.json) {
    std::cout << validation_json(false, issues) << '\n';
  } else {
    for (const vocfab::Issue& issue : issues) print_issue(std::cerr, issue);
  }
  const bool usage = std::any_of(issues.begin(), issues.end(), [](const vocfab::Issue& issue) {
    return issue.code == vocfab::IssueCode::invalid_value || issue.code == vocfab::IssueCode::missing_field;
  });
  return usage ? kExitError : kExitInvalid;
}

/// Calls its argument once per operation, in order.
using OperationSource = std::function<void(const std::function<void(const vocfab::Operation&)>&)>;

/// Writes the operations of @p each to `--ops-out` (when given) as NDJSON, one `write_operation`
/// a line, for `vocfab apply`; false after a message on stderr (exit 2) when it cannot be written.
bool write_ops_out(const Options& options, const OperationSource& each) {
  if (options.ops_out.empty()) return true;
  std::ofstream out(options.ops_out, std::ios::binary | std::ios::trunc);
  each([&](const vocfab::Operation& operation) { out << vocfab::write_operation(operation) << '\n'; });
  out.flush();
  if (!out) {
    std::cerr << "vocfab: cannot write the operations to " << options.ops_out << ": " << std::strerror(errno) << '\n';
    return false;
  }
  return true;
}

/// `vocfab allocate FILE [--seed N] [--as-of D] [--max-threads N] [--json] [--ops-out F]`: course allocation (SPEC 5.2) as a table, or JSON; the operations that
/// carry it out go to `--ops-out` as NDJSON, for `vocfab apply`. Changes nothing.
int run_allocate(const Options& options) {
  const std::optional<DatedInput> input = read_dated_input(options, "not allocated");
  if (!input) return kExitError;
  vocfab::matching::AllocationRequest request;
  request.seed = options.seed;
  request.as_of = input->as_of;
  request.max_threads = options.max_threads;
  const vocfab::matching::AllocationResult result = vocfab::matching::allocate(input->load.dataset, request);
  if (!write_ops_out(options, [&](const auto& visit) { result.for_each_operation(visit); })) return kExitError;
  std::cout << (options.json ? vocfab::write_allocation_result(result) + "\n"
                             : vocfab::allocation_table(input->load.dataset, result));
  return kExitOk;
}

/// `vocfab rank FILE --vacancy ID [--top K] [--as-of D] [--json | --csv]`: the candidates for a
/// vacancy (SPEC 5.1), best first, as a table, JSON or CSV. Exit 0, 1 when there is no such
/// vacancy or it takes no referrals that day, 2 on a usage, I/O or parse error.
int run_rank(const Options& options) {
  const auto vacancy = id_option<vocfab::VacancyId>("--vacancy", options.vacancy);
  if (!vacancy) return kExitError;
  const std::optional<DatedInput> input = read_dated_input(options, "not ranked");
  if (!input) return kExitError;
  const vocfab::matching::RankResult result =
      vocfab::matching::rank(input->load.dataset, {*vacancy, options.top, input->as_of});
  if (!result.ranking) return refused(options, result.issues);
  if (options.json) {
    std::cout << vocfab::write_ranking(*result.ranking) << '\n';
  } else if (options.csv) {
    std::cout << vocfab::ranking_csv(*result.ranking);
  } else {
    std::cout << vocfab::ranking_table(input->load.dataset, *result.ranking);
  }
  return kExitOk;
}

/// `vocfab explain FILE --vacancy ID --trainee ID [--as-of D] [--json]`: a person's score for a
/// vacancy term by term, or every filter they fail. Exit 0 either way, 1 when there is no such
/// vacancy or person or the vacancy takes no referrals that day, 2 on a usage, I/O or parse error.
int run_explain(const Options& options) {
  const auto vacancy = id_option<vocfab::VacancyId>("--vacancy", options.vacancy);
  if (!vacancy) return kExitError;
  const auto trainee = id_option<vocfab::TraineeId>("--trainee", options.trainee);
  if (!trainee) return kExitError;
  const std::optional<DatedInput> input = read_dated_input(options, "not considered");
  if (!input) return kExitError;
  const vocfab::matching::ExplainResult result =
      vocfab::matching::explain(input->load.dataset, {*vacancy, *trainee, input->as_of});
  if (!result.explanation) return refused(options, result.issues);
  std::cout << (options.json ? vocfab::write_explanation(*result.explanation, *trainee) + "\n"
                             : vocfab::explanation_table(input->load.dataset, *result.explanation, *trainee));
  return kExitOk;
}

/// `vocfab match FILE [--mode stable|max_score] [--shortlist K] [--as-of D] [--json] [--ops-out F]`:
/// batch referral matching (SPEC 5.3) as a table, or JSON; the `refer` operations that carry it
/// out go to `--ops-out` as NDJSON, for `vocfab apply`. Changes nothing.
int run_match(const Options& options) {
  const std::optional<DatedInput> input = read_dated_input(options, "not matched");
  if (!input) return kExitError;
  vocfab::matching::ReferralMatchRequest request;
  request.mode = options.mode == "max_score" ? vocfab::matching::ReferralMatchMode::max_score
                                             : vocfab::matching::ReferralMatchMode::stable;
  request.shortlist = options.shortlist;
  request.as_of = input->as_of;
  const vocfab::matching::ReferralMatchResult result = vocfab::matching::match_referrals(input->load.dataset, request);
  if (!result.match) return refused(options, result.issues);
  const auto each = [&](const auto& visit) {
    for (const vocfab::Operation& operation : result.match->operations()) visit(operation);
  };
  if (!write_ops_out(options, each)) return kExitError;
  std::cout << (options.json ? vocfab::write_referral_match(*result.match) + "\n"
                             : vocfab::referral_match_table(input->load.dataset, *result.match));
  return kExitOk;
}

/// A day option (`--from`): nothing when not given; false after a usage error on stderr.
bool day_option(std::string_view option, const std::string& text, std::optional<vocfab::Date>& day) {
  if (text.empty()) return true;
  day = vocfab::parse_iso_date(text);
  if (!day) std::cerr << "vocfab: " << option << " " << vocfab::quote_value(text) << " is not a day (YYYY-MM-DD)\n";
  return day.has_value();
}

/// Writes @p text to @p path atomically (a report, a page); false after a message (exit 2).
bool write_output_file(const std::string& path, std::string_view text, bool create_only) {
  try {
    vocfab::write_text_file(path, text, create_only);
    return true;
  } catch (const std::system_error& error) {
    std::cerr << "vocfab: cannot write " << path << ": " << error.code().message() << '\n';
    return false;
  }
}

/// `vocfab report FILE [--as-of D] [--from D] [--to D] [--by DIM]... [--min-group-size K]
/// [--json | --csv | --html OUT]`: the figures of SPEC 6 as a table, JSON, CSV, or an HTML page
/// written to OUT (broken down by centre, branch, gender and age band unless `--by` says
/// otherwise). Changes nothing.
int run_report(const Options& options) {
  vocfab::report::ReportRequest request;
  if (!day_option("--from", options.from, request.from) || !day_option("--to", options.to, request.to)) return kExitError;
  for (const std::string& names : options.by) {
    const auto unknown = vocfab::report::add_dimensions(names, request.by);
    if (!unknown.empty()) {
      std::cerr << "vocfab: --by " << vocfab::quote_value(unknown.front())
                << " is not one of centre, branch, district, gender, age_band, month, all\n";
      return kExitError;
    }
  }
  if (!options.html.empty() && request.by.empty()) {
    request.by = {vocfab::report::Dimension::centre, vocfab::report::Dimension::branch,
                  vocfab::report::Dimension::gender, vocfab::report::Dimension::age_band};
  }
  request.min_group_size = options.min_group_size;
  const std::optional<DatedInput> input = read_dated_input(options, "not counted");
  if (!input) return kExitError;
  request.as_of = input->as_of;
  const vocfab::report::ReportResult result = vocfab::report::compute_report(input->load.dataset, request);
  if (!result.report) return refused(options, result.issues);
  if (!options.html.empty()) {
    if (!write_output_file(options.html, vocfab::report_html(*result.report), false)) return kExitError;
    std::cout << "wrote the report of " << vocfab::mask_national_ids(result.report->programme) << " as of "
              << vocfab::to_iso_string(result.report->as_of) << " to " << options.html << '\n';
  } else if (options.json) {
    std::cout << vocfab::write_report(*result.report) << '\n';
  } else if (options.csv) {
    std::cout << vocfab::report_csv(*result.report);
  } else {
    std::cout << vocfab::report_table(*result.report);
  }
  return kExitOk;
}

/// `vocfab plan FILE [--as-of D] [--json]`: course planning (SPEC 5.4). Changes nothing.
int run_plan(const Options& options) {
  const std::optional<DatedInput> input = read_dated_input(options, "not planned for");
  if (!input) return kExitError;
  const vocfab::report::PlanResult result = vocfab::report::plan_courses(input->load.dataset, {input->as_of});
  if (!result.plan) return refused(options, result.issues);
  std::cout << (options.json ? vocfab::write_plan(*result.plan) + "\n" : vocfab::plan_table(input->load.dataset, *result.plan));
  return kExitOk;
}

/// `vocfab export FILE --anonymise -o OUT [--as-of D] [--seed N]`: the anonymised release
/// (SPEC section 4), written only as a new file (an existing OUT is never replaced).
int run_export(const Options& options) {
  if (!options.anonymise) {
    std::cerr << "vocfab: export writes the anonymised release: give --anonymise (a full copy is `cp`, a masked one "
                 "the C and Python export)\n";
    return kExitError;
  }
  const std::optional<DatedInput> input = read_dated_input(options, "not exported");
  if (!input) return kExitError;
  const vocfab::Date erased_on = input->as_of ? *input->as_of : *input->load.dataset.as_of();
  const vocfab::Dataset release = vocfab::report::anonymise(input->load.dataset, {erased_on, options.seed});
  vocfab::WriteOptions write_options;
  write_options.create_only = true;
  try {
    vocfab::write_dataset_file(release, options.output, write_options);
  } catch (const std::system_error& error) {
    std::cerr << "vocfab: cannot write " << options.output << ": " << error.code().message() << '\n';
    return kExitError;
  }
  if (options.json) {
    std::cout << nlohmann::ordered_json{{"written", options.output},
                                        {"records", release.record_count()},
                                        {"erased_on", vocfab::to_iso_string(erased_on)}}
                     .dump()
              << '\n';
  } else {
    std::cout << "wrote the anonymised release of " << count_of(release.record_count(), "record") << " to "
              << options.output << " (everyone erased on " << vocfab::to_iso_string(erased_on) << ", fresh ids)\n";
  }
  return kExitOk;
}

/// `vocfab solve stable-match|blocking-pairs|assign REQUEST`: a solver of SPEC 5.0 on the
/// caller's own instance. The result is JSON already (the shapes of docs/matching.md); a request
/// that cannot be read lists its issues (exit 2), a problem without a solution says so (exit 1).
int run_solve(const Options& options) {
  std::string text;
  if (is_stdin(options.request)) {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto read = vocfab::read_text_file(options.request);
    if (auto* error = std::get_if<vocfab::Issue>(&read)) {
      print_issue(std::cerr, *error);
      return kExitError;
    }
    text = std::move(std::get<std::string>(read));
  }
  std::string result;
  std::vector<vocfab::Issue> issues;
  if (options.problem == "assign") {
    vocfab::AssignJsonOutcome outcome = vocfab::assign_json(text);
    result = std::move(outcome.json);
    issues = std::move(outcome.issues);
  } else {
    vocfab::MatchingReply reply = options.problem == "stable-match" ? vocfab::stable_match_json(text)
                                                                    : vocfab::blocking_pairs_json(text);
    result = std::move(reply.json);
    issues = std::move(reply.issues);
  }
  if (issues.empty()) {
    std::cout << result << '\n';
    return kExitOk;
  }
  const bool infeasible = std::all_of(issues.begin(), issues.end(),
                                      [](const vocfab::Issue& issue) { return issue.code == vocfab::IssueCode::infeasible; });
  if (options.json) {
    std::cout << validation_json(false, issues) << '\n';
  } else {
    for (const vocfab::Issue& issue : issues) print_issue(std::cerr, issue);
  }
  return infeasible ? kExitInvalid : kExitError;
}

/// `vocfab keys public [--key-file K] [--all] [--json]`: the public key that verifies tokens.
int run_keys(const Options& options) {
  const std::optional<vocfab::CertificateKeyring> keyring = keyring_of(options);
  if (!keyring) return kExitError;
  const char current = keyring->current().id();
  if (options.json) {
    nlohmann::ordered_json out{{"key", std::string(1, current)}, {"public_key", keyring->public_key().text()}};
    if (options.all_keys) {
      out["older"] = nlohmann::ordered_json::array();
      for (const vocfab::CertificateKey& key : keyring->keys().subspan(1)) {
        out["older"].push_back({{"key", std::string(1, key.id())}, {"public_key", keyring->public_key(key.id())->text()}});
      }
    }
    std::cout << out.dump() << '\n';
  } else if (options.all_keys) {
    for (const vocfab::CertificateKey& key : keyring->keys()) {
      std::cout << key.id() << ' ' << keyring->public_key(key.id())->text() << '\n';
    }
  } else {
    std::cout << keyring->public_key().text() << '\n';
  }
  return kExitOk;
}

// --- command table ------------------------------------------------------------------------------

/// `--as-of D`: the day to @p verb on.
void add_as_of_option(CLI::App& command, Options& options, const std::string& verb) {
  command.add_option("--as-of", options.as_of, "The day to " + verb + " on (default: the dataset's as_of, else today)");
}

/// `--ops-out F`: where the operations that carry a result out go.
void add_ops_out_option(CLI::App& command, Options& options) {
  command.add_option("--ops-out", options.ops_out,
                     "Write the operations that carry it out (NDJSON, for `vocfab apply`) to this file");
}

/// A count from 1 to @p most (anything else is a usage error), its default shown in the help.
void add_count_option(CLI::App& command, const std::string& name, std::size_t& count, const std::string& description,
                      std::size_t most) {
  command.add_option(name, count, description)->capture_default_str()->check(CLI::Range(std::size_t{1}, most));
}

/// An option whose value is one of @p choices (anything else is a usage error).
CLI::Option* add_choice_option(CLI::App& command, const std::string& name, std::string& value,
                               const std::string& description, const std::vector<std::string>& choices) {
  return command.add_option(name, value, description)->check(CLI::IsMember(choices));
}

/// `--vacancy ID`, required.
void add_vacancy_option(CLI::App& command, Options& options) {
  command.add_option("--vacancy", options.vacancy, "The vacancy's id")->required();
}

/// Every command, in the order `--help` lists them.
std::vector<Command> commands() {
  return {
      {"validate",
       "Check a dataset against the format and the rules; list every issue "
       "(exit 0 valid, 1 invalid, 2 unreadable)",
       {},
       run_validate},
      {"summary", "Count records per collection, per centre and per branch", {}, run_summary},
      {"apply",
       "Apply a batch of operations all or nothing: appended to a registry's journal, or the dataset file replaced "
       "atomically (exit 0 applied, 1 refused, 2 unreadable)",
       configure_apply, run_apply},
      {"registry",
       "Registries (a dataset file with a journal): `registry init FILE` starts the journal, `registry "
       "status FILE` shows what it holds",
       [](CLI::App& command, Options& options) {
         add_choice_option(command, "ACTION", options.registry_action,
                           "init: make a dataset file a registry; status: show the journal and recovery",
                           {"init", "status"})
             ->required();
         command.add_option("FILE", options.file, "The dataset file (the registry's snapshot)")->required();
       },
       run_registry, false},
      {"checkpoint",
       "Write a registry's state as its snapshot and start an empty journal (atomic; exit 2 on failure)",
       {}, run_checkpoint},
      {"verify",
       "Verify a certificate's verification code: valid, revoked, unknown, malformed or forged, with "
       "the facts on it (exit 0 valid, 1 otherwise)",
       [](CLI::App& command, Options& options) {
         command.add_option("CODE", options.code, "The verification code as typed")->required();
         add_key_file_option(command, options);
         command.add_option_function<std::string>(
             "--name", [&options](const std::string& name) { options.name = name; },
             "The holder's full name as shown: says whether it matches, without disclosing it");
       },
       run_verify},
      {"token",
       "Print a signed token of a certificate for an offline check (e.g. a QR code)",
       [](CLI::App& command, Options& options) {
         command.add_option("--certificate", options.certificate, "The certificate's id")->required();
         add_key_file_option(command, options);
       },
       run_token},
      {"verify-token",
       "Check a certificate token with the programme's public key alone (exit 0 valid, 1 otherwise)",
       [](CLI::App& command, Options& options) {
         command.add_option("TOKEN", options.token, "The token (VF1....)")->required();
         command.add_option("--public-key", options.public_key, "The public key (`vocfab keys public`)")
             ->required();
       },
       run_verify_token, false},
      {"allocate",
       "Allocate course places to the applicants (stable, by priority and lottery); changes nothing",
       [](CLI::App& command, Options& options) {
         command.add_option("--seed", options.seed, "The lottery's seed (default: policy.allocation.seed)");
         command
             .add_option("--max-threads", options.max_threads,
                         "The most threads checking the applicants' choices (default 0: one per core; the result "
                         "is the same for any number)")
             ->check(CLI::Range(0U, vocfab::matching::kMaxAllocationThreads));
         add_as_of_option(command, options, "allocate");
         add_ops_out_option(command, options);
       },
       run_allocate},
      {"rank",
       "List the candidates for a vacancy, best first, with each term of their score (exit 0, 1 no such "
       "vacancy or not open, 2 unreadable); changes nothing",
       [](CLI::App& command, Options& options) {
         add_vacancy_option(command, options);
         add_count_option(command, "--top", options.top, "How many candidates to list", vocfab::matching::kMaxTop);
         add_as_of_option(command, options, "rank");
         command.add_flag("--csv", options.csv, "Print CSV: a header, then one line per candidate")
             ->excludes(command.get_option("--json"));
       },
       run_rank},
      {"explain",
       "Explain a person's score for a vacancy term by term, or every filter they fail (exit 0, 1 no such "
       "vacancy or person, or not open, 2 unreadable)",
       [](CLI::App& command, Options& options) {
         add_vacancy_option(command, options);
         command.add_option("--trainee", options.trainee, "The person's id")->required();
         add_as_of_option(command, options, "judge");
       },
       run_explain},
      {"match",
       "Match seekers to the open vacancies from each vacancy's shortlist (stable or max_score); changes "
       "nothing",
       [](CLI::App& command, Options& options) {
         add_choice_option(command, "--mode", options.mode, "stable (seeker-proposing, no blocking pair) or max_score",
                           {"stable", "max_score"})
             ->capture_default_str();
         add_count_option(command, "--shortlist", options.shortlist, "Candidates kept per vacancy",
                          vocfab::matching::kMaxShortlist);
         add_as_of_option(command, options, "match");
         add_ops_out_option(command, options);
       },
       run_match},
      {"report",
       "The programme's figures (employment and training funnels, rates, breakdowns) as a table, JSON, CSV "
       "or an HTML page; changes nothing",
       [](CLI::App& command, Options& options) {
         add_as_of_option(command, options, "report");
         command.add_option("--from", options.from, "Count facts dated from this day (referrals by referred, "
                                                    "enrollments by course start)");
         command.add_option("--to", options.to, "...up to this day, inclusive");
         command.add_option("--by", options.by,
                            "Break down by centre, branch, district, gender, age_band, month or all (repeatable, "
                            "or comma-separated)");
         command.add_option("--min-group-size", options.min_group_size,
                            "Suppress counts from 1 to K-1 (for published figures; default 0, off)")
             ->check(CLI::Range(std::uint32_t{0}, vocfab::kMaxMinGroupSize));
         auto* csv = command.add_flag("--csv", options.csv, "Print CSV in the long format of SPEC 6");
         auto* html = command.add_option("--html", options.html, "Write a self-contained HTML page to this file");
         csv->excludes(command.get_option("--json"));
         html->excludes(command.get_option("--json"))->excludes(csv);
       },
       run_report},
      {"plan",
       "Course planning: demand, supply and gap per branch, and the courses worth opening where; changes "
       "nothing",
       [](CLI::App& command, Options& options) { add_as_of_option(command, options, "plan"); }, run_plan},
      {"export",
       "Write the anonymised release of a dataset (everyone erased, fresh ids) to a new file",
       [](CLI::App& command, Options& options) {
         command.add_flag("--anonymise,--anonymize", options.anonymise, "Erase everyone, give every record a fresh id");
         command.add_option("-o,--output", options.output, "The new file (never replaces an existing one)")->required();
         command.add_option("--seed", options.seed, "Draw the fresh ids from this seed (reproducible; for tests)");
         add_as_of_option(command, options, "record as the erasure day");
       },
       run_export},
      {"solve",
       "Run a matching solver on your own instance (JSON in, JSON out; docs/matching.md): exit 0 solved, "
       "1 no solution, 2 unreadable",
       [](CLI::App& command, Options& options) {
         add_choice_option(command, "PROBLEM", options.problem, "stable-match, blocking-pairs or assign",
                           {"stable-match", "blocking-pairs", "assign"})
             ->required();
         command.add_option("REQUEST", options.request, "The request file (JSON); - for standard input")->required();
       },
       run_solve, false},
      {"keys",
       "Certificate keys: `keys public` prints the public key that verifies tokens",
       [](CLI::App& command, Options& options) {
         add_choice_option(command, "ACTION", options.keys_action, "public: print the public key", {"public"})->required();
         add_key_file_option(command, options);
         command.add_flag("--all", options.all_keys, "Every key's public key, as `<key id> <public key>` lines");
       },
       run_keys, false},
  };
}

/// The names of every command, `help` last: `validate, summary, help`.
std::string command_names(const std::vector<Command>& table) {
  std::string out;
  for (const Command& command : table) out += command.name + ", ";
  return out + "help";
}

/// `vocfab bogus`, `vocfab help bogus`: a usage error naming the command and listing the real ones.
int unknown_command(std::string_view name, const std::vector<Command>& table) {
  std::cerr << "vocfab: unknown command " << vocfab::quote_value(name) << "\n"
            << "Commands: " << command_names(table) << "\n"
            << "Run 'vocfab --help' for more information.\n";
  return kExitError;
}

/// The command of @p app called @p name, or null.
const CLI::App* find_command(const CLI::App& app, const std::string& name) {
  const std::vector<const CLI::App*> found =
      app.get_subcommands([&](const CLI::App* sub) { return sub->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

/// The command the arguments name: the first one that is not an option (vocfab's own options,
/// `--help` and `--version`, take no value). Empty when there is none.
std::string_view named_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return i + 1 < argc ? std::string_view(argv[i + 1]) : std::string_view();
    if (arg.size() > 1 && arg[0] == '-') continue;
    return arg;
  }
  return {};
}

int run(int argc, char** argv) {
  CLI::App app{"vocfab: vocational-training and employment registry tool", "vocfab"};
  app.set_version_flag("--version", std::string("vocfab ") + VOCFAB_VERSION);
  app.require_subcommand(0, 1);  // no command at all is handled below, with the usage

  Options options;
  const std::vector<Command> table = commands();
  std::vector<CLI::App*> subcommands;
  for (const Command& command : table) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    if (command.reads_dataset) {
      sub->add_option("FILE", options.file, "Dataset file (JSON interchange format); - for standard input")
          ->required();
    }
    sub->add_flag("--json", options.json, "Print machine-readable JSON");
    if (command.configure) command.configure(*sub, options);
    subcommands.push_back(sub);
  }
  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "Print this help, or the help of one command");
  help->add_option("COMMAND", help_topic, "The command to describe");

  // An unknown command is reported as such (CLI11 would only say that a subcommand is required).
  const std::string named(named_command(argc, argv));
  if (!named.empty() && find_command(app, named) == nullptr) {
    return unknown_command(named, table);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // Help and version are "errors" with exit code 0; every other parse error is a usage error.
    // CLI11 quotes the arguments it rejects: masked before they are shown.
    std::ostringstream usage_error;
    const int code = app.exit(error, std::cout, usage_error);
    std::cerr << vocfab::mask_national_ids(usage_error.str());
    return code == 0 ? kExitOk : kExitError;
  }

  for (std::size_t i = 0; i < table.size(); ++i) {
    if (subcommands[i]->parsed()) return table[i].run(options);
  }
  if (help->parsed()) {
    if (help_topic.empty()) {
      // `app.help()` would describe the selected subcommand, `help` itself.
      std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
      return kExitOk;
    }
    const CLI::App* topic = find_command(app, help_topic);
    if (topic == nullptr) return unknown_command(help_topic, table);
    std::cout << topic->help(app.get_name());
    return kExitOk;
  }
  // No command: the usage, as an error.
  std::cerr << "vocfab: a command is required\n\n" << app.help();
  return kExitError;
}

/// Standard output for `std::cout`: writes to file descriptor 1 and remembers the first error
/// (`errno`), so that output that could not be written — a full disk, a closed pipe — is reported
/// with its reason instead of being lost silently.
class StdoutBuffer : public std::streambuf {
 public:
  StdoutBuffer() { setp(buffer_, buffer_ + sizeof buffer_); }
  StdoutBuffer(const StdoutBuffer&) = delete;
  StdoutBuffer& operator=(const StdoutBuffer&) = delete;
  ~StdoutBuffer() override = default;

  /// 0, or the `errno` of the first write that failed.
  int error() const noexcept { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (drain() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain(); }

 private:
  /// Writes out the buffer; 0 on success, -1 once a write has failed (later output is dropped).
  int drain() {
    const char* data = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0) {
      const ssize_t wrote = ::write(STDOUT_FILENO, data, left);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote < 0) {
        error_ = errno;
      } else if (wrote == 0) {
        error_ = EIO;
      } else {
        data += wrote;
        left -= static_cast<std::size_t>(wrote);
      }
    }
    setp(buffer_, buffer_ + sizeof buffer_);
    return error_ == 0 ? 0 : -1;
  }

  char buffer_[1 << 16];
  int error_ = 0;
};

/// Runs the program with @p output as `std::cout`'s buffer (restored before returning).
int run_with_output(int argc, char** argv, StdoutBuffer& output) {
  std::streambuf* const original = std::cout.rdbuf(&output);
  int code = kExitError;
  try {
    code = run(argc, argv);
  } catch (const std::exception& error) {
    std::cout.flush();
    std::cerr << "vocfab: error: " << vocfab::mask_national_ids(error.what()) << '\n';
  } catch (...) {
    std::cout.flush();
    std::cerr << "vocfab: error: unexpected failure\n";
  }
  std::cout.flush();
  std::cout.rdbuf(original);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  StdoutBuffer output;
  int code = run_with_output(argc, argv, output);
  // Everything on standard output must have been written: std::cout's buffer, and the C stream
  // (unused by vocfab itself, but closed here so that any error of the descriptor shows).
  int error = output.error();
  if (std::fflush(stdout) != 0 && error == 0) error = errno;
  if (std::fclose(stdout) != 0 && error == 0) error = errno;
  if (error != 0) {
    std::cerr << "vocfab: cannot write output: " << std::strerror(error) << '\n';
    code = kExitError;
  }
  return code;
}
