// vocfab-load-validate FILE [--memory]
//
// Loads and validates one dataset file exactly as `vocfab validate FILE` does
// (`vocfab::validate_file`: the file reader, in parts on a thread pool from 32 MiB up, then
// validation), prints the record
// counts, the number of issues, the wall time and the peak resident set size, and exits 0 when the
// file is valid, 1 when it has issues, 2 on usage errors. `--memory` reads the whole file into a
// string first and uses `vocfab::validate_text` (peak memory then includes the file's bytes).
// Used by bench/run_load_benchmark.sh under `/usr/bin/time -v`.
#include "vocfab/io/json.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string_view(argv[2]) != "--memory")) {
    std::fprintf(stderr, "usage: vocfab-load-validate FILE [--memory]\n");
    return 2;
  }
  const std::filesystem::path path = argv[1];
  const bool memory = argc == 3;
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  if (error) {
    std::fprintf(stderr, "cannot stat %s\n", path.c_str());
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  vocfab::ValidationReport report;
  if (memory) {
    std::string text(bytes, '\0');
    std::ifstream input(path, std::ios::binary);
    input.read(text.data(), static_cast<std::streamsize>(text.size()));
    report = vocfab::validate_text(text);
  } else {
    report = vocfab::validate_file(path);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  const auto& d = report.load.dataset;
  std::printf("file %s\nbytes %ju\n", path.c_str(), static_cast<std::uintmax_t>(bytes));
  std::printf("records %zu (", d.record_count());
  for (vocfab::Collection collection : vocfab::kAllCollections) {
    std::printf("%s%.*s %zu", collection == vocfab::kAllCollections.front() ? "" : ", ",
                static_cast<int>(vocfab::to_string(collection).size()), vocfab::to_string(collection).data(),
                d.size(collection));
  }
  std::printf(")\n");
  std::printf("issues %zu\n", report.issues.size());
  std::printf("seconds %.3f\nMB_per_s %.1f\n", seconds, static_cast<double>(bytes) / 1e6 / seconds);
  std::printf("peak_rss_kib %ld\n", usage.ru_maxrss);
  for (std::size_t i = 0; i < report.issues.size() && i < 10; ++i) {
    std::printf("  %s %s: %s\n", std::string(vocfab::to_string(report.issues[i].code)).c_str(),
                report.issues[i].path.c_str(), report.issues[i].message.c_str());
  }
  std::fflush(stdout);
  // Leave without destroying the dataset: the figure is about loading, and the OS frees it.
  std::_Exit(report.valid() ? 0 : 1);
}
