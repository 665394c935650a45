// vocfab-generate --scale municipal|metropolitan|national --seed N --out FILE [--no-validate]
//
// Writes a valid synthetic dataset (SPEC section 9 scales), deterministic for a seed. By default
// the dataset is validated before it is written; the program fails if any issue is found.
#include "generate/generator.h"

#include "vocfab/io/json.h"
#include "vocfab/validation/validate.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

int usage(const char* message) {
  std::fprintf(stderr,
               "%s\nusage: vocfab-generate --scale municipal|metropolitan|national --seed N "
               "--out FILE [--trainees N] [--no-validate]\n",
               message);
  return 2;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<vocfab::generate::Scale> scale;
  std::uint64_t seed = 1;
  std::string out;
  std::optional<std::size_t> trainees;
  bool check = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    try {
      if (arg == "--scale" && has_value) {
        scale = vocfab::generate::parse_scale(argv[++i]);
        if (!scale) return usage("unknown scale");
      } else if (arg == "--seed" && has_value) {
        seed = std::stoull(argv[++i]);
      } else if (arg == "--out" && has_value) {
        out = argv[++i];
      } else if (arg == "--trainees" && has_value) {
        trainees = static_cast<std::size_t>(std::stoull(argv[++i]));
      } else if (arg == "--no-validate") {
        check = false;
      } else {
        return usage("unknown or incomplete argument");
      }
    } catch (const std::exception&) {
      return usage("bad number");
    }
  }
  if (!scale || out.empty()) return usage("--scale and --out are required");

  try {
    auto config = vocfab::generate::config_for(*scale);
    if (trainees) config.trainees = *trainees;
    auto start = std::chrono::steady_clock::now();
    const vocfab::Dataset dataset = vocfab::generate::generate_dataset(config, seed);
    const double generated = seconds_since(start);
    std::fprintf(stderr,
                 "generated %s (seed %llu) in %.2f s: %zu centres, %zu branches, %zu courses, "
                 "%zu trainees, %zu applications, %zu enrollments, %zu certificates, "
                 "%zu employers, %zu vacancies, %zu referrals\n",
                 config.name.c_str(), static_cast<unsigned long long>(seed), generated,
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
