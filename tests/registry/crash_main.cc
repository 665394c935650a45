// Kill -9: a child process applies batches to a registry in a loop and tells its parent of each
// acknowledged one; the parent kills it — stopped inside a write (half of it written), before or
// after an fsync, before a rename, or at a moment of its own choosing — and then opens the
// registry and checks that it holds every acknowledged batch, no partial one, and validates.
//
//   vocfab_registry_crash --kills N [--seed S] [--dir D]
//
// Prints the counts (kills, acknowledged batches, lost, partial, torn tails dropped, where the
// kills landed) and exits 1 when any batch was lost or partly kept. The test command runs 60
// kills with a fixed seed; bench/registry_crash.sh runs 1,000.
#include "registry_fixture.h"
#include "support/scratch.h"
#include "vocfab/io/file_calls.h"
#include "vocfab/validation/validate.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <thread>

namespace vocfab::testing {
namespace {

// Where a child is stopped for its kill.
enum class KillPoint { inside_write, before_fsync, after_fsync, before_rename, after_rename, anywhere };
constexpr std::array<const char*, 6> kPointNames{"inside a write", "before an fsync", "after an fsync",
                                                 "before a rename", "after a rename", "at a random moment"};

// The child's system calls: the Nth call of the chosen kind stops the process (after telling the
// parent) at the chosen point, to be killed there.
class StoppingCalls final : public FileCalls {
 public:
  StoppingCalls(KillPoint point, std::size_t n, unsigned fraction, int report) : point_(point), left_(n), fraction_(fraction), report_(report) {}

  long write(int fd, const void* data, std::size_t size, std::int64_t offset) override {
    if (point_ == KillPoint::inside_write && due()) {
      const std::size_t part = size * fraction_ / 100;
      if (part > 0) FileCalls::write(fd, data, part, offset);
      stop();
    }
    return FileCalls::write(fd, data, size, offset);
  }
  int fsync(int fd) override {
    if (point_ == KillPoint::before_fsync && due()) stop();
    const int result = FileCalls::fsync(fd);
    if (point_ == KillPoint::after_fsync && due()) stop();
    return result;
  }
  int rename(int directory, const char* from, const char* to, bool replace) override {
    if (point_ == KillPoint::before_rename && due()) stop();
    const int result = FileCalls::rename(directory, from, to, replace);
    if (point_ == KillPoint::after_rename && due()) stop();
    return result;
  }

 private:
  bool due() { return left_ > 0 && --left_ == 0; }
  [[noreturn]] void stop() {
    (void)!::write(report_, "S\n", 2);
    for (;;) ::pause();
  }

  KillPoint point_;
  std::size_t left_;
  unsigned fraction_;
  int report_;
};

// The child: applies pair batches from where the registry stands, reporting each acknowledged
// one, checkpointing every fourth.
[[noreturn]] void run_child(const std::filesystem::path& snapshot, StoppingCalls& calls, int report) {
  try {
    RegistryOptions options;
    options.calls = &calls;
    const auto registry = Registry::open(snapshot, options);
    std::uint64_t next = added_employers(registry->read().dataset()) / 2;
    for (int i = 0; i < 400; ++i, ++next) {
      const BatchResult result = registry->apply(pair_batch(next), desk_context(static_cast<int>(next % 600)));
      if (!result.ok()) std::_Exit(3);
      const std::string ack = "A " + std::to_string(next) + "\n";
      (void)!::write(report, ack.data(), ack.size());
      if (next % 4 == 3) registry->checkpoint();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "child: %s\n", error.what());
    std::_Exit(4);
  }
  std::_Exit(0);
}

struct Totals {
  std::size_t kills = 0;
  std::size_t acknowledged = 0;
  std::size_t lost = 0;
  std::size_t partial = 0;
  std::size_t unacknowledged_kept = 0;  // committed, killed before the parent heard of it
  std::size_t torn_tails = 0;
  std::size_t invalid = 0;
  std::size_t temporary_files_removed = 0;  // interrupted saves cleaned up by the next open
  std::size_t stray_files = 0;              // temporary files still there after an open
  std::array<std::size_t, kPointNames.size()> points{};
};

int run(std::size_t kills, std::uint64_t seed, const std::filesystem::path& directory) {
  const std::filesystem::path snapshot = directory / "registry.json";
  Registry::create(snapshot, sample_dataset()).reset();
  std::mt19937_64 random(seed);
  std::set<std::uint64_t> acknowledged;
  Totals totals;
  for (std::size_t kill = 0; kill < kills; ++kill) {
    const auto point = static_cast<KillPoint>(random() % kPointNames.size());
    const std::size_t n = 1 + random() % 12;
    const auto fraction = static_cast<unsigned>(random() % 100);
    const std::size_t acks_before_kill = 1 + random() % 6;
    const auto delay = std::chrono::microseconds(random() % 3000);
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0) return 2;
    StoppingCalls calls(point, n, fraction, pipe_ends[1]);
    std::cout.flush();
    const pid_t child = ::fork();
    if (child < 0) return 2;
    if (child == 0) {
      ::close(pipe_ends[0]);
      run_child(snapshot, calls, pipe_ends[1]);
    }
    ::close(pipe_ends[1]);
    FILE* reports = ::fdopen(pipe_ends[0], "r");
    char line[64];
    std::size_t acks = 0;
    bool stopped = false;
    while (std::fgets(line, sizeof line, reports) != nullptr) {
      if (line[0] == 'S') {
        stopped = true;
        break;
      }
      if (line[0] == 'A') {
        acknowledged.insert(std::strtoull(line + 2, nullptr, 10));
        ++totals.acknowledged;
        if (point == KillPoint::anywhere && ++acks == acks_before_kill) {
          std::this_thread::sleep_for(delay);
          break;
        }
      }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::fclose(reports);
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (!killed) {
      std::cerr << "kill " << kill << ": the child ended by itself (status " << status << ")\n";
      return 1;
    }
    ++totals.kills;
    ++totals.points[static_cast<std::size_t>(stopped ? point : KillPoint::anywhere)];

    // What the registry holds now.
    const auto registry = Registry::open(snapshot);
    if (registry->recovery().dropped_tail) ++totals.torn_tails;
    const Dataset& dataset = registry->read().dataset();
    std::set<std::uint64_t> held;
    for (const Employer& employer : dataset.records<Employer>()) {
      const std::string id = employer.id.to_string();
      if (id.starts_with("00000000-0000-4000-8000-")) held.insert(std::stoull(id.substr(24)));
    }
    for (const std::uint64_t batch : acknowledged) {
      if (!held.contains(2 * batch) || !held.contains(2 * batch + 1)) ++totals.lost;
    }
    for (const std::uint64_t number : held) {
      if (!held.contains(number ^ 1)) ++totals.partial;
      if ((number & 1) == 0 && !acknowledged.contains(number / 2)) {
        ++totals.unacknowledged_kept;
        acknowledged.insert(number / 2);  // durable now: later kills must keep it too
      }
    }
    if (!validate(dataset).empty()) ++totals.invalid;
    totals.temporary_files_removed += registry->recovery().temporary_files_removed;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
      if (entry.path().filename().string().find(".vocfab-") != std::string::npos) ++totals.stray_files;
    }
  }
  std::cout << "kills: " << totals.kills << ", acknowledged batches: " << totals.acknowledged
            << ", lost: " << totals.lost << ", partial: " << totals.partial
            << ", invalid after reopen: " << totals.invalid
            << ", committed but killed before the acknowledgement: " << totals.unacknowledged_kept
            << ", torn tails dropped: " << totals.torn_tails
            << ", interrupted saves removed: " << totals.temporary_files_removed
            << ", stray files: " << totals.stray_files << "\nkills landed:";
  for (std::size_t i = 0; i < kPointNames.size(); ++i) std::cout << (i ? ", " : " ") << kPointNames[i] << " " << totals.points[i];
  std::cout << '\n';
  return totals.lost == 0 && totals.partial == 0 && totals.invalid == 0 && totals.stray_files == 0 ? 0 : 1;
}

}  // namespace
}  // namespace vocfab::testing

int main(int argc, char** argv) {
  std::size_t kills = 60;
  std::uint64_t seed = 20261202;
  std::optional<std::filesystem::path> directory;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--kills") kills = std::stoull(argv[i + 1]);
    else if (flag == "--seed") seed = std::stoull(argv[i + 1]);
    else if (flag == "--dir") directory = argv[i + 1];
    else {
      std::cerr << "usage: vocfab_registry_crash --kills N [--seed S] [--dir D]\n";
      return 2;
    }
  }
  try {
    if (directory) return vocfab::testing::run(kills, seed, *directory);
    const vocfab::testing::ScratchDirectory scratch;
    return vocfab::testing::run(kills, seed, scratch.path());
  } catch (const std::exception& error) {
    std::cerr << "vocfab_registry_crash: " << error.what() << '\n';
    return 1;
  }
}
