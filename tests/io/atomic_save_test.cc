// Saving a dataset file (`write_dataset_file`): atomic, durable, and safe against what a hostile
// or careless directory may hold — planted symlinks, files of the names the writer uses, other
// writers, modes that must not loosen, and failures at any point.
#include "support/files.h"
#include "support/fixture.h"
#include "support/scratch.h"
#include "vocfab/io/json.h"

#include <gtest/gtest.h>

#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace vocfab {
namespace {

namespace fs = std::filesystem;
namespace fx = vocfab::testing;
using fx::ScratchDirectory;
using fx::entries;
using fx::mode_of;
using fx::read_file;
using fx::write_text;

const fs::path kSample = fs::path(VOCFAB_DATA_DIR) / "sample.json";
const fs::path kKahramankazan = fs::path(VOCFAB_DATA_DIR) / "kahramankazan.json";

Dataset small_dataset() {
  LoadResult loaded = read_dataset(fx::valid_document().dump());
  EXPECT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  return std::move(loaded.dataset);
}

Dataset sample_dataset() {
  LoadResult loaded = read_dataset_file(kSample);
  EXPECT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  return std::move(loaded.dataset);
}

// The error code a save throws, or no error (and the test fails) when it does not throw.
std::error_code save_error(const Dataset& dataset, const fs::path& path, const WriteOptions& options = {}) {
  try {
    write_dataset_file(dataset, path, options);
  } catch (const std::system_error& error) {
    return error.code();
  }
  ADD_FAILURE() << "saving to " << path << " did not fail";
  return {};
}

// Tests set the umask they need and get the process's back at the end.
class AtomicSave : public ::testing::Test {
 protected:
  void SetUp() override { previous_umask_ = ::umask(022); }
  void TearDown() override { ::umask(previous_umask_); }

  ScratchDirectory scratch_;
  const fs::path target_ = scratch_.path() / "registry.json";
  const Dataset dataset_ = small_dataset();
  const std::string document_ = write_dataset(dataset_);

 private:
  mode_t previous_umask_ = 022;
};

TEST_F(AtomicSave, WritesTheDocumentAndLeavesNothingElse) {
  write_dataset_file(dataset_, target_);
  EXPECT_EQ(read_file(target_), document_);
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
  write_dataset_file(dataset_, target_);  // and over an existing file
  EXPECT_EQ(read_file(target_), document_);
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
}

TEST_F(AtomicSave, APlantedSymlinkAtTheOldTemporaryNameIsNotFollowed) {
  // The old writer opened `<path>.tmp` for writing: a link planted there sent the unmasked
  // registry into the link's target and then renamed the link over the registry.
  const fs::path victim = scratch_.path() / "victim.txt";
  write_text(victim, "not yours\n");
  fs::create_symlink(victim, target_.string() + ".tmp");
  write_text(target_, "old registry\n");

  write_dataset_file(dataset_, target_);

  EXPECT_EQ(read_file(victim), "not yours\n");
  EXPECT_TRUE(fs::is_symlink(target_.string() + ".tmp"));
  EXPECT_EQ(fs::read_symlink(target_.string() + ".tmp"), victim);
  EXPECT_FALSE(fs::is_symlink(target_));
  EXPECT_EQ(read_file(target_), document_);
  EXPECT_EQ(entries(scratch_.path()), (std::set<std::string>{"registry.json", "registry.json.tmp", "victim.txt"}));
}

TEST_F(AtomicSave, AUsersOwnFileAtTheOldTemporaryNameIsUntouched) {
  const fs::path users = target_.string() + ".tmp";
  write_text(users, "my notes, not a temporary file\n");
  write_dataset_file(dataset_, target_);
  EXPECT_EQ(read_file(users), "my notes, not a temporary file\n");
  EXPECT_EQ(read_file(target_), document_);
}

TEST_F(AtomicSave, AnExistingFileKeepsItsMode) {
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0400}, mode_t{0664}}) {
    write_text(target_, "old\n");
    ASSERT_EQ(::chmod(target_.c_str(), mode), 0);
    write_dataset_file(dataset_, target_);
    EXPECT_EQ(mode_of(target_), mode) << std::oct << mode;
    EXPECT_EQ(read_file(target_), document_);
  }
}

TEST_F(AtomicSave, SetIdBitsAreNotCarriedOver) {
  write_text(target_, "old\n");
  ASSERT_EQ(::chmod(target_.c_str(), 04750), 0);
  write_dataset_file(dataset_, target_);
  EXPECT_EQ(mode_of(target_), mode_t{0750});
}

TEST_F(AtomicSave, ANewFileIsOwnerOnlyWhateverTheUmask) {
  for (const mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    ::umask(mask);
    fs::remove(target_);
    write_dataset_file(dataset_, target_);
    EXPECT_EQ(mode_of(target_), mode_t{0600}) << "umask " << std::oct << mask;
  }
}

TEST_F(AtomicSave, AnExistingFileKeepsItsOwnerAndGroup) {
  write_text(target_, "old\n");
  // Only a privileged process can give a file to someone else; without that the test has no
  // second owner to check against.
  if (::chown(target_.c_str(), 4321, 4322) != 0) GTEST_SKIP() << "cannot chown as this user";
  ASSERT_EQ(::chmod(target_.c_str(), 0640), 0);
  write_dataset_file(dataset_, target_);
  struct stat status {};
  ASSERT_EQ(::stat(target_.c_str(), &status), 0);
  EXPECT_EQ(status.st_uid, uid_t{4321});
  EXPECT_EQ(status.st_gid, gid_t{4322});
  EXPECT_EQ(status.st_mode & 07777, mode_t{0640});
}

TEST_F(AtomicSave, ASymlinkedTargetStaysALinkAndItsFileIsReplaced) {
  const fs::path real_directory = scratch_.path() / "real";
  fs::create_directory(real_directory);
  const fs::path real = real_directory / "registry.json";
  write_text(real, "old\n");
  ASSERT_EQ(::chmod(real.c_str(), 0640), 0);
  fs::create_symlink("real/registry.json", target_);  // relative to the link's directory

  write_dataset_file(dataset_, target_);

  ASSERT_TRUE(fs::is_symlink(target_));
  EXPECT_EQ(fs::read_symlink(target_), fs::path("real/registry.json"));
  EXPECT_EQ(read_file(real), document_);
  EXPECT_EQ(mode_of(real), mode_t{0640});
  EXPECT_EQ(entries(scratch_.path()), (std::set<std::string>{"real", "registry.json"}));
  EXPECT_EQ(entries(real_directory), std::set<std::string>{"registry.json"});
}

TEST_F(AtomicSave, AChainOfSymlinksIsFollowedToTheFile) {
  const fs::path real = scratch_.path() / "real.json";
  write_text(real, "old\n");
  fs::create_symlink(real, scratch_.path() / "second");   // absolute
  fs::create_symlink("second", target_);                   // relative
  write_dataset_file(dataset_, target_);
  EXPECT_TRUE(fs::is_symlink(target_));
  EXPECT_TRUE(fs::is_symlink(scratch_.path() / "second"));
  EXPECT_EQ(read_file(real), document_);
}

TEST_F(AtomicSave, ADanglingSymlinkGetsItsFileCreatedOwnerOnly) {
  const fs::path real = scratch_.path() / "not-yet.json";
  fs::create_symlink("not-yet.json", target_);
  write_dataset_file(dataset_, target_);
  EXPECT_TRUE(fs::is_symlink(target_));
  EXPECT_EQ(read_file(real), document_);
  EXPECT_EQ(mode_of(real), mode_t{0600});
}

TEST_F(AtomicSave, ASymlinkLoopFailsWithTheReason) {
  fs::create_symlink("loop-b", scratch_.path() / "loop-a");
  fs::create_symlink("loop-a", scratch_.path() / "loop-b");
  EXPECT_EQ(save_error(dataset_, scratch_.path() / "loop-a"), std::errc::too_many_symbolic_link_levels);
  EXPECT_EQ(entries(scratch_.path()), (std::set<std::string>{"loop-a", "loop-b"}));
}

TEST_F(AtomicSave, ConcurrentSavesToOnePathLeaveOneCompleteDocument) {
  // Sixteen different datasets (two base files, each with its own policy name), saved by eight
  // threads at once, several times each: every result is one whole document of one of them.
  const Dataset bases[] = {sample_dataset(), read_dataset_file(kKahramankazan).dataset};
  std::vector<Dataset> datasets;
  std::set<std::string> documents;
  for (int i = 0; i < 16; ++i) {
    Dataset dataset = read_dataset(write_dataset(bases[i % 2])).dataset;
    Policy policy = dataset.policy();
    policy.name = "writer-" + std::to_string(i);
    dataset.set_policy(policy);
    documents.insert(write_dataset(dataset));
    datasets.push_back(std::move(dataset));
  }
  ASSERT_EQ(documents.size(), 16u);

  constexpr int kThreads = 8;
  constexpr int kRounds = 4;
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        try {
          write_dataset_file(datasets[(t * kRounds + round) % datasets.size()], target_);
        } catch (const std::exception& error) {
          failures[t] = error.what();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const std::string& failure : failures) EXPECT_EQ(failure, "");
  const std::string result = read_file(target_);
  EXPECT_EQ(documents.count(result), 1u) << "a torn or mixed document of " << result.size() << " bytes";
  const LoadResult loaded = read_dataset_file(target_);
  EXPECT_TRUE(loaded.ok()) << issues_to_json(loaded.issues);
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
  EXPECT_EQ(mode_of(target_), mode_t{0600});
}

TEST_F(AtomicSave, AParentThatIsAFileFailsWithTheReason) {
  // Root may write anywhere, but no one can create a file inside a regular file.
  const fs::path file = scratch_.path() / "plain";
  write_text(file, "a file, not a directory\n");
  EXPECT_EQ(save_error(dataset_, file / "registry.json"), std::errc::not_a_directory);
  EXPECT_EQ(read_file(file), "a file, not a directory\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"plain"});
}

TEST_F(AtomicSave, AMissingDirectoryFailsWithTheReason) {
  EXPECT_EQ(save_error(dataset_, scratch_.path() / "no" / "such" / "registry.json"),
            std::errc::no_such_file_or_directory);
  EXPECT_TRUE(entries(scratch_.path()).empty());
}

TEST_F(AtomicSave, ADirectoryIsNeverReplaced) {
  const fs::path directory = scratch_.path() / "registry.json";
  fs::create_directory(directory);
  write_text(directory / "inside", "kept\n");
  EXPECT_EQ(save_error(dataset_, directory), std::errc::is_a_directory);
  EXPECT_TRUE(fs::is_directory(directory));
  EXPECT_EQ(read_file(directory / "inside"), "kept\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
  EXPECT_EQ(entries(directory), std::set<std::string>{"inside"});
  EXPECT_EQ(save_error(dataset_, scratch_.path().string() + "/"), std::errc::is_a_directory);
}

TEST_F(AtomicSave, SomethingThatIsNotARegularFileIsNeverReplaced) {
  const fs::path fifo = scratch_.path() / "registry.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::error_code error = save_error(dataset_, fifo);
  EXPECT_EQ(error.message(), "not a regular file");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
}

TEST_F(AtomicSave, ADirectoryThatCannotBeWrittenFailsAndLeavesTheOldFile) {
  // Root may write into any directory, so as root the save runs in a child process that has
  // given up root for the "nobody" user (65534); otherwise it runs here.
  const fs::path locked = scratch_.path() / "locked";
  fs::create_directory(locked);
  const fs::path target = locked / "registry.json";
  write_text(target, "old registry\n");
  ASSERT_EQ(::chmod(target.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(locked.c_str(), 0555), 0);
  ASSERT_EQ(::chmod(scratch_.path().c_str(), 0755), 0);
  // 0: refused with EACCES; 1: written; 2: another error; 3: could not drop root.
  const auto attempt = [&]() -> int {
    try {
      write_dataset_file(dataset_, target);
      return 1;
    } catch (const std::system_error& error) {
      return error.code() == std::errc::permission_denied ? 0 : 2;
    }
  };
  int outcome = 0;
  if (::geteuid() == 0) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const gid_t nobody = 65534;
      if (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0) ::_exit(3);
      ::_exit(attempt());
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    outcome = WEXITSTATUS(status);
  } else {
    outcome = attempt();
  }
  ASSERT_EQ(::chmod(locked.c_str(), 0755), 0);
  EXPECT_EQ(outcome, 0) << "0: EACCES, 1: written, 2: another error, 3: could not drop root";
  EXPECT_EQ(read_file(target), "old registry\n");
  EXPECT_EQ(entries(locked), std::set<std::string>{"registry.json"});
}

TEST_F(AtomicSave, AFailedWriteLeavesTheOldFileAndNoTemporaryFile) {
  // A file-size limit makes the writes fail for real (EFBIG, after a short write), also for
  // root: the save must report it, remove its temporary file and leave the old file alone.
  const Dataset big = sample_dataset();
  write_text(target_, "old registry\n");
  ASSERT_EQ(::chmod(target_.c_str(), 0600), 0);
  struct rlimit previous {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  struct rlimit limited = previous;
  limited.rlim_cur = 100 * 1024;
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::error_code error;
  try {
    write_dataset_file(big, target_);
  } catch (const std::system_error& e) {
    error = e.code();
  }
  ::setrlimit(RLIMIT_FSIZE, &previous);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(error, std::errc::file_too_large);
  EXPECT_EQ(read_file(target_), "old registry\n");
  EXPECT_EQ(mode_of(target_), mode_t{0600});
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
}

// -- masked exports ------------------------------------------------------------------------------

TEST_F(AtomicSave, AMaskedExportNeverReplacesAFile) {
  write_dataset_file(dataset_, target_);  // the registry, full ids
  const WriteOptions masked{.mask_national_ids = true};
  EXPECT_EQ(save_error(dataset_, target_, masked), std::errc::file_exists);
  EXPECT_EQ(read_file(target_), document_);
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"registry.json"});
}

TEST_F(AtomicSave, AMaskedExportNeverReplacesASymlinkOrWhatItNames) {
  const fs::path real = scratch_.path() / "real.json";
  write_text(real, "registry\n");
  fs::create_symlink("real.json", target_);
  const WriteOptions masked{.mask_national_ids = true};
  EXPECT_EQ(save_error(dataset_, target_, masked), std::errc::file_exists);
  EXPECT_EQ(read_file(real), "registry\n");
  EXPECT_TRUE(fs::is_symlink(target_));
  const fs::path dangling = scratch_.path() / "dangling";
  fs::create_symlink("nowhere.json", dangling);
  EXPECT_EQ(save_error(dataset_, dangling, masked), std::errc::file_exists);
  EXPECT_FALSE(fs::exists(scratch_.path() / "nowhere.json"));
  EXPECT_EQ(entries(scratch_.path()), (std::set<std::string>{"dangling", "real.json", "registry.json"}));
}

TEST_F(AtomicSave, AMaskedExportToANewPathIsMaskedAndOwnerOnly) {
  const fs::path export_path = scratch_.path() / "export.json";
  write_dataset_file(dataset_, export_path, WriteOptions{.mask_national_ids = true});
  const std::string text = read_file(export_path);
  EXPECT_EQ(text, write_dataset(dataset_, WriteOptions{.mask_national_ids = true}));
  EXPECT_EQ(text.find(fx::national_id(0)), std::string::npos);
  EXPECT_EQ(mode_of(export_path), mode_t{0600});
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"export.json"});
}

}  // namespace
}  // namespace vocfab
