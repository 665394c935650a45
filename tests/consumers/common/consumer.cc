// A C++ consumer of vocfab::vocfab (the static C++ core): validates each file named on the command
// line and prints how many issues it has, then the code and path of each.
//
// Built by tests/consumers/run.sh three ways: find_package(vocfab), add_subdirectory(vocfab) and
// pkg-config. Its build sets no C++ standard: vocfab's usage requirements must ask for C++20
// (with pkg-config, the consumer passes -std=c++20 itself).
#include <vocfab/io/json.h>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: consumer_cxx FILE...\n";
    return 2;
  }
  try {
    for (int i = 1; i < argc; ++i) {
      const vocfab::ValidationReport report = vocfab::validate_file(argv[i]);
      std::cout << "cxx: " << argv[i] << ": " << report.issues.size() << " issues\n";
      for (const vocfab::Issue& issue : report.issues) {
        std::cout << "cxx:   " << vocfab::to_string(issue.code) << " " << issue.path << '\n';
      }
    }
  } catch (const std::exception& error) {
    std::cerr << "consumer_cxx: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
