// Sinks: a file sink never leaves half a file and never destroys the previous output.
#include "galley/error.hpp"
#include "galley/sink.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

using namespace galley;
namespace fs = std::filesystem;

namespace {
std::size_t files_in(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}
} // namespace

TEST(FileSink, WritesAndRenamesOnFinish) {
    test::TempDir dir;
    fs::path target = dir / "out.pdf";
    {
        FileSink sink(target);
        sink.write("hello ");
        EXPECT_FALSE(fs::exists(target)); // nothing visible before finish
        sink.write("world");
        sink.finish();
        EXPECT_EQ(sink.size(), 11u);
    }
    EXPECT_EQ(test::read_file(target), "hello world");
    EXPECT_EQ(files_in(dir.path()), 1u); // no temporary file left
}

TEST(FileSink, AFailedExportKeepsTheOldFileAndLeavesNoTemporary) {
    test::TempDir dir;
    fs::path target = dir / "out.pdf";
    test::write_file(target, "old good output");
    try {
        FileSink sink(target);
        sink.write("half of a new ");
        throw std::runtime_error("the backend failed");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(test::read_file(target), "old good output");
    EXPECT_EQ(files_in(dir.path()), 1u);
}

TEST(FileSink, ClearErrors) {
    test::TempDir dir;
    fs::create_directory(dir / "taken");
    try {
        FileSink sink(dir / "taken");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::output);
        EXPECT_NE(std::string(e.what()).find("taken"), std::string::npos);
    }
    EXPECT_THROW(FileSink(dir / "no" / "such" / "folder.pdf"), Error);
}

TEST(MemorySink, Collects) {
    MemorySink sink;
    sink.write("a");
    sink.write("b");
    sink.finish();
    EXPECT_TRUE(sink.finished());
    EXPECT_EQ(sink.data(), "ab");
}
