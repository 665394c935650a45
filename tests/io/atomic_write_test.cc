// The writing side of the file module (`io_detail::write_file_atomically`): a failure at every
// step cleans up and leaves the target as it was; "create only" holds against a file that
// appears while the data is written; the temporary file is private and beside the target.
#include "io/file_system.h"
#include "support/files.h"
#include "support/scratch.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

namespace vocfab::io_detail {
namespace {

namespace fs = std::filesystem;
using vocfab::testing::entries;
using vocfab::testing::mode_of;
using vocfab::testing::read_file;
using vocfab::testing::ScratchDirectory;
using vocfab::testing::write_text;

struct InjectedFailure : std::runtime_error {
  InjectedFailure() : std::runtime_error("injected failure") {}
};

AtomicWriteOptions failing_after(AtomicWriteStep failing, ExistingTarget existing = ExistingTarget::replace) {
  AtomicWriteOptions options;
  options.existing = existing;
  options.after_step = [failing](AtomicWriteStep step) {
    if (step == failing) throw InjectedFailure();
  };
  return options;
}

class AtomicWrite : public ::testing::Test {
 protected:
  ScratchDirectory scratch_;
  const fs::path target_ = scratch_.path() / "data.json";
};

TEST_F(AtomicWrite, WritesStreamedAndStringContent) {
  std::string big(300 * 1024, 'x');  // several buffers' worth, written past the buffer
  for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  write_file_atomically(target_, [&](std::ostream& out) {
    out << "head:";
    out.put('!');
    out << big;
    for (int i = 0; i < 70000; ++i) out.put(static_cast<char>('0' + i % 10));
  });
  std::string expected = "head:!" + big;
  for (int i = 0; i < 70000; ++i) expected.push_back(static_cast<char>('0' + i % 10));
  EXPECT_EQ(read_file(target_), expected);

  write_file_atomically(target_, std::string_view("short\n"));
  EXPECT_EQ(read_file(target_), "short\n");
  write_file_atomically(target_, std::string_view(""));
  EXPECT_EQ(read_file(target_), "");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, TheTemporaryFileIsPrivateHiddenAndBesideTheTarget) {
  write_text(target_, "old\n");
  ASSERT_EQ(::chmod(target_.c_str(), 0644), 0);
  std::set<std::string> seen;
  AtomicWriteOptions options;
  options.after_step = [&](AtomicWriteStep step) {
    if (step != AtomicWriteStep::created) return;
    for (const std::string& name : entries(scratch_.path())) {
      if (name == "data.json") continue;
      seen.insert(name);
      struct stat status {};
      ASSERT_EQ(::lstat((scratch_.path() / name).c_str(), &status), 0);
      EXPECT_TRUE(S_ISREG(status.st_mode));
      EXPECT_EQ(status.st_mode & 07777, mode_t{0644});  // already the target's mode
    }
  };
  write_file_atomically(target_, std::string_view("new\n"), options);
  ASSERT_EQ(seen.size(), 1u);
  const std::string name = *seen.begin();
  EXPECT_EQ(name.rfind(".data.json.vocfab-", 0), 0u) << name;
  EXPECT_EQ(name.size(), std::string(".data.json.vocfab-").size() + 12);
  EXPECT_EQ(read_file(target_), "new\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, TemporaryNamesDifferFromWriteToWrite) {
  std::set<std::string> names;
  AtomicWriteOptions options;
  options.after_step = [&](AtomicWriteStep step) {
    if (step != AtomicWriteStep::created) return;
    for (const std::string& name : entries(scratch_.path())) {
      if (name != "data.json") names.insert(name);
    }
  };
  for (int i = 0; i < 20; ++i) write_file_atomically(target_, std::string_view("x"), options);
  EXPECT_EQ(names.size(), 20u);
}

TEST_F(AtomicWrite, AWriterThatThrowsLeavesTheOldFileAndNoTemporaryFile) {
  write_text(target_, "old\n");
  EXPECT_THROW(write_file_atomically(target_,
                                     [](std::ostream& out) {
                                       out << std::string(200 * 1024, 'p');  // partly on disk already
                                       throw InjectedFailure();
                                     }),
               InjectedFailure);
  EXPECT_EQ(read_file(target_), "old\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, AFailureBeforeTheRenameLeavesTheOldFileAndNoTemporaryFile) {
  for (const AtomicWriteStep step : {AtomicWriteStep::created, AtomicWriteStep::written, AtomicWriteStep::synced}) {
    write_text(target_, "old\n");
    EXPECT_THROW(write_file_atomically(target_, std::string_view("new\n"), failing_after(step)), InjectedFailure)
        << static_cast<int>(step);
    EXPECT_EQ(read_file(target_), "old\n") << static_cast<int>(step);
    EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"}) << static_cast<int>(step);
  }
}

TEST_F(AtomicWrite, AFailureBeforeTheRenameCreatesNoFile) {
  for (const ExistingTarget existing : {ExistingTarget::replace, ExistingTarget::refuse}) {
    for (const AtomicWriteStep step : {AtomicWriteStep::created, AtomicWriteStep::written, AtomicWriteStep::synced}) {
      EXPECT_THROW(write_file_atomically(target_, std::string_view("new\n"), failing_after(step, existing)),
                   InjectedFailure);
      EXPECT_TRUE(entries(scratch_.path()).empty()) << static_cast<int>(step);
    }
  }
}

TEST_F(AtomicWrite, AFailureAfterTheRenameIsReportedWithTheNewContentInPlace) {
  write_text(target_, "old\n");
  EXPECT_THROW(write_file_atomically(target_, std::string_view("new\n"), failing_after(AtomicWriteStep::renamed)),
               InjectedFailure);
  EXPECT_EQ(read_file(target_), "new\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, CreateOnlyWritesANewFile) {
  AtomicWriteOptions options;
  options.existing = ExistingTarget::refuse;
  write_file_atomically(target_, std::string_view("export\n"), options);
  EXPECT_EQ(read_file(target_), "export\n");
  EXPECT_EQ(mode_of(target_), mode_t{0600});
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, CreateOnlyRefusesAnExistingFileBeforeWritingAnything) {
  write_text(target_, "registry\n");
  AtomicWriteOptions options;
  options.existing = ExistingTarget::refuse;
  bool wrote = false;
  try {
    write_file_atomically(target_, [&](std::ostream&) { wrote = true; }, options);
    ADD_FAILURE() << "an existing file was replaced";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::file_exists);
  }
  EXPECT_FALSE(wrote);
  EXPECT_EQ(read_file(target_), "registry\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, CreateOnlyNeverReplacesAFileThatAppearsWhileWriting) {
  // The existence check at the start is not what protects the file: another process may create
  // it while the data is being written. The final step itself must refuse to replace it.
  AtomicWriteOptions options;
  options.existing = ExistingTarget::refuse;
  options.after_step = [&](AtomicWriteStep step) {
    if (step == AtomicWriteStep::synced) write_text(target_, "appeared meanwhile\n");
  };
  try {
    write_file_atomically(target_, std::string_view("export\n"), options);
    ADD_FAILURE() << "a file that appeared meanwhile was replaced";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::file_exists);
  }
  EXPECT_EQ(read_file(target_), "appeared meanwhile\n");
  EXPECT_EQ(entries(scratch_.path()), std::set<std::string>{"data.json"});
}

TEST_F(AtomicWrite, ErrorsNameTheirReasonInWords) {
  const std::error_code not_regular = make_error_code(FileError::not_a_regular_file);
  EXPECT_EQ(not_regular.message(), "not a regular file");
  EXPECT_STREQ(not_regular.category().name(), "vocfab.file");
  try {
    write_file_atomically(scratch_.path() / "missing" / "x", std::string_view("x"));
    ADD_FAILURE();
  } catch (const std::system_error& error) {
    EXPECT_EQ(describe_system_error(error), "No such file or directory");
  }
  try {
    write_file_atomically(fs::path(), std::string_view("x"));
    ADD_FAILURE();
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), std::errc::no_such_file_or_directory);
  }
}

}  // namespace
}  // namespace vocfab::io_detail
