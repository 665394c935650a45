// vocfab-generate --scale municipal|metropolitan|national --out FILE [--seed N] [--trainees N]
//                 [--no-validate]
// vocfab-generate --programme kahramankazan --out FILE [--seed N] [--no-validate]
//
// Writes a valid synthetic dataset, deterministic for a seed: the İzmir-like programme at one of
// the SPEC section 9 scales (`--scale`), or the Kahramankazan Employment Centre at the scale of
// its seed figures (`--programme kahramankazan`, SPEC section 1); exactly one of the two. By
// default the dataset is validated before it is written; the program fails if any issue is found.
// Exit codes: 0 written; 1 the generated dataset has issues (a generator bug); 2 usage error or
// a file that could not be written. `--help` and `--version` print to standard output, exit 0.
#include "generate/generator.h"

#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#ifndef VOCFAB_VERSION
#define VOCFAB_VERSION "unknown"
#endif

namespace {

constexpr const char* kUsage =
    "usage: vocfab-generate --scale municipal|metropolitan|national --out FILE [--seed N] "
    "[--trainees N] [--no-validate]\n"
    "       vocfab-generate --programme kahramankazan --out FILE [--seed N] [--no-validate]\n";

constexpr const char* kHelp =
    "\n"
    "Writes a valid synthetic dataset, the same for the same seed.\n"
    "\n"
    "  --scale S      the Izmir-like programme at scale municipal, metropolitan or national\n"
    "  --programme P  kahramankazan: the Kahramankazan Employment Centre, two years ending\n"
    "                 2026-03-02 (about 5,000 referrals, 1,500 hires); exactly one of --scale\n"
    "                 and --programme is required\n"
    "  --out FILE     the dataset file to write, replaced atomically (required)\n"
    "  --seed N       the seed, a whole number (default 1)\n"
    "  --trainees N   that many trainees instead of the scale's number (with --scale)\n"
    "  --no-validate  write without validating first\n"
    "  -h, --help     print this help and exit\n"
    "  --version      print the version and exit\n"
    "\n"
    "Exit codes: 0 written, 1 the generated dataset has issues, 2 usage or I/O error.\n";

/// A usage error: the reason and the usage on stderr, exit code 2.
int usage(const std::string& message) {
  std::fprintf(stderr, "vocfab-generate: %s\n%s", message.c_str(), kUsage);
  return 2;
}

/// Flushes and closes standard output; @p code, or 2 (with a message) when the output was lost.
int finish_output(int code) {
  errno = 0;
  if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0 && std::fclose(stdout) == 0) return code;
  const int error = errno;
  std::fprintf(stderr, "vocfab-generate: cannot write output: %s\n",
               error != 0 ? std::strerror(error) : "write error");
  return 2;
}

/// A whole decimal number: digits only, in range; nothing when @p text is anything else.
std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<vocfab::generate::Scale> scale;
  bool kahramankazan = false;
  std::uint64_t seed = 1;
  std::string out;
  std::optional<std::size_t> trainees;
  bool check = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::fputs(kHelp, stdout);
      return finish_output(0);
    }
    if (arg == "--version") {
      std::fputs("vocfab-generate " VOCFAB_VERSION "\n", stdout);
      return finish_output(0);
    }
    if (arg == "--no-validate") {
      check = false;
      continue;
    }
    if (arg != "--scale" && arg != "--programme" && arg != "--seed" && arg != "--out" && arg != "--trainees") {
      return usage("unknown argument '" + std::string(arg) + "'");
    }
    if (i + 1 >= argc) return usage("option " + std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    if (arg == "--scale") {
      scale = vocfab::generate::parse_scale(value);
      if (!scale) return usage("unknown scale '" + std::string(value) + "'");
    } else if (arg == "--programme") {
      if (value != "kahramankazan") return usage("unknown programme '" + std::string(value) + "'");
      kahramankazan = true;
    } else if (arg == "--out") {
      if (value.empty()) return usage("--out needs a file name");
      out = value;
    } else {
      const std::optional<std::uint64_t> number = parse_number(value);
      if (!number) {
        return usage(std::string(arg) + " needs a whole number, not '" + std::string(value) + "'");
      }
      if (arg == "--seed") {
        seed = *number;
      } else {
        trainees = static_cast<std::size_t>(*number);
      }
    }
  }
  if (scale && kahramankazan) return usage("--scale and --programme do not go together");
  if (!scale && !kahramankazan) return usage("--scale or --programme is required");
  if (kahramankazan && trainees) return usage("--trainees goes with --scale");
  if (out.empty()) return usage("--out is required");

  try {
    std::string name = "kahramankazan";
    auto start = std::chrono::steady_clock::now();
    vocfab::Dataset dataset;
    if (scale) {
      auto config = vocfab::generate::config_for(*scale);
      if (trainees) config.trainees = *trainees;
      name = config.name;
      start = std::chrono::steady_clock::now();
      dataset = vocfab::generate::generate_dataset(config, seed);
    } else {
      dataset = vocfab::generate::generate_kahramankazan(seed);
    }
    const double generated = seconds_since(start);
    std::fprintf(stderr,
                 "generated %s (seed %llu) in %.2f s: %zu centres, %zu branches, %zu courses, "
                 "%zu trainees, %zu applications, %zu enrollments, %zu certificates, "
                 "%zu employers, %zu vacancies, %zu referrals\n",
                 name.c_str(), static_cast<unsigned long long>(seed), generated,
                 dataset.records<vocfab::Centre>().size(), dataset.records<vocfab::Branch>().size(), dataset.records<vocfab::Course>().size(),
                 dataset.records<vocfab::Trainee>().size(), dataset.records<vocfab::Application>().size(),
                 dataset.records<vocfab::Enrollment>().size(), dataset.records<vocfab::Certificate>().size(),
                 dataset.records<vocfab::Employer>().size(), dataset.records<vocfab::Vacancy>().size(),
                 dataset.records<vocfab::Referral>().size());
    if (check) {
      start = std::chrono::steady_clock::now();
      const auto issues = vocfab::validate(dataset);
      std::fprintf(stderr, "validated in %.2f s: %zu issue(s)\n", seconds_since(start),
                   issues.size());
      for (std::size_t i = 0; i < issues.size() && i < 20; ++i) {
        std::fprintf(stderr, "  %s %s: %s\n", std::string(vocfab::to_string(issues[i].code)).c_str(),
                     issues[i].path.c_str(), issues[i].message.c_str());
      }
      if (!issues.empty()) return 1;
    }
    start = std::chrono::steady_clock::now();
    vocfab::write_dataset_file(dataset, out);
    std::fprintf(stderr, "wrote %s (%ju bytes) in %.2f s\n", out.c_str(),
                 static_cast<std::uintmax_t>(std::filesystem::file_size(out)), seconds_since(start));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "vocfab-generate: %s\n", error.what());
    return 2;
  }
  return 0;
}
