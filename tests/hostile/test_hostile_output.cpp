// Hostile output conditions (issue 9): an output folder that cannot be written, a full disk,
// an output name taken by a folder. Each names the output, leaves no partial or temporary
// file (and an older good output as it was), and the other inputs of the batch are still
// converted: exit status 1, as for any batch with a failure. Also the bounds that every
// hostile case runs within (tests/support.cpp, run_bounded).
#include "hostile/hostile.hpp"

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace galley::test;
using namespace galley::test::hostile;

namespace {

const std::vector<std::string> kAllFormats = {"pdf", "epub", "print", "json"};

// The error line that names `output` (a path in the output folder).
std::string error_for(const std::string& err, const fs::path& output) {
    return lines_with(err, "galley: " + output.string() + ":");
}

} // namespace

TEST(HostileOutput, AnOutputNameThatIsAFolder) {
    Batch batch;
    write_file(batch.in() / "story.md", "# Story\n\nText.\n");
    batch.add_good();
    fs::create_directories(batch.out() / "story.pdf");
    write_file(batch.out() / "story.pdf" / "keep.txt", "kept");

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(error_for(r.err, batch.out() / "story.pdf"),
              "galley: " + (batch.out() / "story.pdf").string() + ": cannot write: a folder of that name exists\n")
        << r.err;
    EXPECT_TRUE(fs::is_directory(batch.out() / "story.pdf"));
    EXPECT_EQ(read_file(batch.out() / "story.pdf" / "keep.txt"), "kept");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 4u + 2u); // good's four, the folder and its file
}

TEST(HostileOutput, AnOutputFolderBlockedByAFile) {
    // Works as root too: no permission can be ignored here.
    Batch batch;
    write_file(batch.in() / "a" / "x" / "story.md", "# Story\n\nText.\n");
    batch.add_good("b/good.md");
    write_file(batch.out() / "a", "a file where the output folder would go");

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    const fs::path output = batch.out() / "a" / "x" / "story.pdf";
    EXPECT_EQ(error_for(r.err, output), "galley: " + output.string() + ": cannot create its folder " +
                                            (batch.out() / "a" / "x").string() + ": Not a directory\n")
        << r.err;
    EXPECT_EQ(read_file(batch.out() / "a"), "a file where the output folder would go");
    expect_good_outputs(batch.out() / "b", "good", kAllFormats);
}

TEST(HostileOutput, AnOutputFolderWithoutWritePermission) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "running as root, which writes whatever a folder's permissions say; "
                        "AnOutputFolderBlockedByAFile covers a folder galley cannot write into";
    Batch batch;
    write_file(batch.in() / "a" / "story.md", "# Story\n\nText.\n");
    batch.add_good("b/good.md");
    fs::create_directories(batch.out() / "a");
    fs::permissions(batch.out() / "a", fs::perms::owner_read | fs::perms::owner_exec |
                                           fs::perms::group_read | fs::perms::group_exec |
                                           fs::perms::others_read | fs::perms::others_exec); // 0555

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    fs::permissions(batch.out() / "a", fs::perms::owner_all); // so that the folder can be removed
    EXPECT_EQ(r.status, 1) << r.err;
    const fs::path output = batch.out() / "a" / "story.pdf";
    EXPECT_EQ(error_for(r.err, output),
              "galley: " + output.string() + ": cannot create a temporary file beside it: Permission denied\n")
        << r.err;
    EXPECT_TRUE(fs::is_empty(batch.out() / "a"));
    expect_good_outputs(batch.out() / "b", "good", kAllFormats);
}

TEST(HostileOutput, AFullDisk) {
    // `ulimit -f`: no file may grow past 64 KiB. The child gets SIGXFSZ's default action
    // (death), as from a shell; galley ignores the signal itself, so a write past the limit
    // fails with EFBIG as on a full disk. The long article's PDF needs more; the good
    // article's outputs fit.
    constexpr std::uint64_t limit = 64 * 1024;
    Batch batch;
    std::string long_article = "# A long article\n\n";
    for (int i = 0; i < 3000; ++i)
        long_article += "Paragraph " + std::to_string(i) +
                        " of a long article that will not fit on the disk, with enough words in it "
                        "to fill a few lines of the page.\n\n";
    write_file(batch.in() / "long.md", long_article);
    batch.add_good();
    // An older good output of the long article, which the failed conversion must keep.
    write_file(batch.out() / "long.pdf", "an older version");

    Bounds bounds = batch.bounds();
    bounds.file_size = limit;
    bounds.ignore_sigxfsz = false;
    auto r = batch.convert_with({batch.in()}, "pdf,epub,print,json", {}, bounds);
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(error_for(r.err, batch.out() / "long.pdf"),
              "galley: " + (batch.out() / "long.pdf").string() + ": cannot write: File too large\n")
        << r.err;
    EXPECT_EQ(read_file(batch.out() / "long.pdf"), "an older version");
    for (const char* other : {"long.epub", "long-print.pdf", "long.json"})
        EXPECT_FALSE(fs::exists(batch.out() / other)) << other;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    for (const auto& [name, size] : listing(batch.out()))
        EXPECT_LE(static_cast<std::uint64_t>(size), limit) << name;
    EXPECT_EQ(listing(batch.out()).size(), 5u);

    // Without the limit the same batch converts (so the limit is what failed it).
    auto unbounded = batch.convert({batch.in()}, "pdf");
    EXPECT_EQ(unbounded.status, 0) << unbounded.err;
    EXPECT_GT(fs::file_size(batch.out() / "long.pdf"), limit);
}

// The bounds themselves (tests/support.cpp, run_bounded), which every hostile case relies on.
TEST(HostileBounds, TheDeadlineKillsTheChild) {
    Bounds bounds;
    bounds.seconds = 0.5;
    BoundedResult r = run_bounded({"/bin/sleep", "30"}, bounds);
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.signal, SIGKILL);
    EXPECT_EQ(r.status, -1);
    EXPECT_LT(r.seconds, 5.0);
}

TEST(HostileBounds, AddressSpaceAndFileSizeLimitsApplyInTheChild) {
    TempDir dir;
    Bounds bounds;
    bounds.address_space = kAddressSpace;
    bounds.file_size = 64 * 1024;
    BoundedResult limits = run_bounded({"/bin/sh", "-c", "ulimit -v"}, bounds);
    EXPECT_EQ(limits.status, 0) << limits.err;
    EXPECT_EQ(limits.out, built_with_sanitizer() ? "unlimited\n" : std::to_string(kAddressSpace >> 10) + "\n");
    // Past the file size limit a write fails (EFBIG) instead of the signal ending the writer.
    const fs::path file = dir / "big";
    BoundedResult dd = run_bounded(
        {"/bin/dd", "if=/dev/zero", "of=" + file.string(), "bs=1024", "count=100"}, bounds);
    EXPECT_EQ(dd.signal, 0);
    EXPECT_EQ(dd.status, 1);
    EXPECT_NE(dd.err.find("File too large"), std::string::npos) << dd.err;
    EXPECT_EQ(fs::file_size(file), 64u * 1024u);
}

TEST(HostileOutput, StandardInputIntoAFolderThatCannotBeMade) {
    TempDir dir;
    write_file(dir / "story.md", "---\ntitle: From a pipe\n---\n\nText.\n");
    write_file(dir / "plain-file", "not a folder");
    const fs::path out = dir / "plain-file" / "sub";
    auto r = run_command({"/bin/sh", "-c",
                          cli().string() + " convert - --to json -o " + out.string() + " < " +
                              (dir / "story.md").string()});
    EXPECT_EQ(r.status, 4) << r.err; // an output error, documented as 4
    EXPECT_NE(r.err.find((out / "stdin.json").string() + ": cannot create its folder"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}
