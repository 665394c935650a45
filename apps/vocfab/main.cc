// vocfab — the command-line client of the vocfab C++ API (SPEC section 7).
//
// Every command reads a dataset file (`-`: standard input) and takes `--json`. Exit codes, for
// every command:
//   0  success (for `validate`: the dataset is valid)
//   1  the dataset was read but is invalid (`validate`)
//   2  usage error, I/O error (an input that cannot be read: the library's `io_error`), or a
//      document that could not be read (parse error, unsupported schema version)
// Under `--json` standard output holds exactly one JSON object whenever a command ran (also when
// its input could not be read); usage errors are reported on standard error only.
//
// Adding a command: write `int run_<name>(const Options&)` and one line in `commands()`; options of
// its own go into `Options` and are declared in the command's `configure` function. The CLI only
// calls the public API and prints; rules and messages live in the library (which already masks
// national ids in every message; nothing here prints one).

#include "vocfab/io/json.h"
#include "vocfab/report/summary.h"
#include "vocfab/model/issue.h"
#include "vocfab/validation/validate.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
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
  std::string file;   ///< The dataset file every command reads; `-` is standard input.
  bool json = false;  ///< Machine-readable JSON output instead of text.
};

/// One subcommand: its name, one-line description, extra options and what it does.
struct Command {
  std::string name;
  std::string description;
  std::function<void(CLI::App&, Options&)> configure;  ///< Command-specific options (may be empty).
  std::function<int(const Options&)> run;
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

/// Reads the dataset `options.file` names: a file through the library's file entry point, or
/// standard input (`-`) through its stream reader.
vocfab::LoadResult read_input(const Options& options) {
  if (is_stdin(options.file)) return vocfab::read_dataset(std::cin);
  return vocfab::read_dataset_file(options.file);
}

/// Reads and validates the dataset `options.file` names (see `read_input`). For standard input it
/// does what `vocfab::validate_file` does for a file: the reader's issues, then — unless the
/// document itself could not be read — those of `vocfab::validate`.
vocfab::ValidationReport validate_input(const Options& options) {
  if (!is_stdin(options.file)) return vocfab::validate_file(options.file);
  vocfab::ValidationReport report{vocfab::read_dataset(std::cin), {}};
  report.issues = report.load.issues;
  if (!report.load.fatal()) {
    std::vector<vocfab::Issue> found = vocfab::validate(report.load.dataset, report.load.diagnostics);
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

// --- summary ------------------------------------------------------------------------------------

/// `vocfab summary FILE [--json]`: counts per collection, centre and branch.
/// Records the reader had to leave out are not counted; a note on stderr says how many issues
/// reading found (run `validate` for them). Exit 2 when the document could not be read.
int run_summary(const Options& options) {
  const vocfab::LoadResult load = read_input(options);
  if (load.fatal()) {
    if (options.json) {
      std::cout << validation_json(false, load.issues) << '\n';
    } else if (const vocfab::Issue* error = io_error(load.issues)) {
      print_io_error(options, *error);
    } else {
      for (const vocfab::Issue& issue : load.issues) print_issue(std::cerr, issue);
      std::cerr << options.file << ": could not be read\n";
    }
    return kExitError;
  }
  if (!load.issues.empty()) {
    std::cerr << options.file << ": " << count_of(load.issues.size(), "issue")
              << " while reading; records that could not be read are not counted (see `vocfab "
                 "validate`)\n";
  }
  const vocfab::Summary summary = vocfab::summarize(load.dataset);
  if (options.json) {
    std::cout << vocfab::to_json(summary) << '\n';
  } else {
    std::cout << vocfab::to_text(summary);
  }
  return kExitOk;
}

// --- command table ------------------------------------------------------------------------------

/// Every command, in the order `--help` lists them.
std::vector<Command> commands() {
  return {
      {"validate",
       "Check a dataset against the format and the rules; list every issue "
       "(exit 0 valid, 1 invalid, 2 unreadable)",
       {},
       run_validate},
      {"summary", "Count records per collection, per centre and per branch", {}, run_summary},
  };
}

int run(int argc, char** argv) {
  CLI::App app{"vocfab: vocational-training and employment registry tool", "vocfab"};
  app.set_version_flag("--version", std::string("vocfab ") + VOCFAB_VERSION);
  app.require_subcommand(1);

  Options options;
  const std::vector<Command> table = commands();
  std::vector<CLI::App*> subcommands;
  for (const Command& command : table) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    sub->add_option("FILE", options.file, "Dataset file (JSON interchange format); - for standard input")
        ->required();
    sub->add_flag("--json", options.json, "Print machine-readable JSON");
    if (command.configure) command.configure(*sub, options);
    subcommands.push_back(sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // Help and version are "errors" with exit code 0; every other parse error is a usage error.
    return app.exit(error) == 0 ? kExitOk : kExitError;
  }

  for (std::size_t i = 0; i < table.size(); ++i) {
    if (subcommands[i]->parsed()) return table[i].run(options);
  }
  return kExitError;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cout.flush();
    std::cerr << "vocfab: error: " << error.what() << '\n';
  } catch (...) {
    std::cout.flush();
    std::cerr << "vocfab: error: unexpected failure\n";
  }
  return kExitError;
}
