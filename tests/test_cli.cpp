// The galley command line: help, version, inspect and its exit statuses.
#include "galley/json.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

using namespace galley;

namespace {
test::CommandResult galley_cli(std::vector<std::string> args) {
    args.insert(args.begin(), test::cli().string());
    return test::run_command(args);
}
} // namespace

TEST(Cli, VersionAndHelp) {
    auto v = galley_cli({"--version"});
    EXPECT_EQ(v.status, 0);
    EXPECT_TRUE(v.out.starts_with("galley ")) << v.out;
    auto h = galley_cli({"--help"});
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("inspect"), std::string::npos);
    EXPECT_NE(h.out.find("Exit status"), std::string::npos);
    auto hi = galley_cli({"help", "inspect"});
    EXPECT_EQ(hi.status, 0);
    EXPECT_NE(hi.out.find("--from"), std::string::npos);
    EXPECT_EQ(galley_cli({}).status, 2);
    EXPECT_EQ(galley_cli({"frobnicate"}).status, 2);
}

TEST(Cli, InspectPrintsTheModel) {
    auto r = galley_cli({"inspect", test::corpus("astana-roundtable.txt").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    Article a = article_from_json(r.out);
    EXPECT_EQ(a.meta.dateline.place, "ASTANA");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, InspectExitStatuses) {
    test::TempDir dir;
    test::write_file(dir / "empty.txt", "");
    test::write_file(dir / "bad.xml", "<nitf><body>\n<p>unclosed</body></nitf>\n");
    auto empty = galley_cli({"inspect", (dir / "empty.txt").string()});
    EXPECT_EQ(empty.status, 3);
    EXPECT_NE(empty.err.find("empty.txt"), std::string::npos) << empty.err;
    EXPECT_EQ(std::count(empty.err.begin(), empty.err.end(), '\n'), 1) << "one line: " << empty.err;
    EXPECT_EQ(empty.out, "");

    auto bad = galley_cli({"inspect", (dir / "bad.xml").string()});
    EXPECT_EQ(bad.status, 3);
    EXPECT_NE(bad.err.find("bad.xml:2:"), std::string::npos) << bad.err;

    EXPECT_EQ(galley_cli({"inspect", (dir / "missing.txt").string()}).status, 3);
    EXPECT_EQ(galley_cli({"inspect"}).status, 2);
    EXPECT_EQ(galley_cli({"inspect", "--bogus", "x"}).status, 2);
    auto from = galley_cli({"inspect", "--from", "docx", (dir / "empty.txt").string()});
    EXPECT_EQ(from.status, 2);
    EXPECT_NE(from.err.find("docx"), std::string::npos);
}

TEST(Cli, InspectFromOverridesExtension) {
    test::TempDir dir;
    test::write_file(dir / "story.dat", "Headline\n\nASTANA — Text.\n");
    auto r = galley_cli({"inspect", "--from", "wire", (dir / "story.dat").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(article_from_json(r.out).meta.dateline.place, "ASTANA");
}

TEST(CliConvert, OneBadInputNeverStopsTheOthers) {
    test::TempDir dir;
    test::write_file(dir / "in" / "good.txt", "Headline\n\nASTANA — Text.\n");
    test::write_file(dir / "in" / "bad.xml", "<nitf><body>\n<p>unclosed</body></nitf>\n");
    test::write_file(dir / "in" / "sub" / "second.md", "---\ntitle: Second\n---\n\nBody.\n");
    // An older good output of the bad input must survive its failed conversion.
    test::write_file(dir / "out" / "bad.json", "old good output");
    auto r = galley_cli({"convert", (dir / "in").string(), "--to", "json", "-o", (dir / "out").string()});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("bad.xml:2:"), std::string::npos) << r.err;
    EXPECT_EQ(article_from_json(test::read_file(dir / "out" / "good.json")).meta.headline, "Headline");
    EXPECT_EQ(article_from_json(test::read_file(dir / "out" / "sub" / "second.json")).meta.headline,
              "Second");
    EXPECT_EQ(test::read_file(dir / "out" / "bad.json"), "old good output");
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "out"))
        EXPECT_EQ(e.path().string().find("galley-tmp"), std::string::npos) << e.path();
}

TEST(CliConvert, ClashingOutputsAreRefusedBeforeAnyWork) {
    test::TempDir dir;
    test::write_file(dir / "a" / "story.txt", "Headline\n\nText.\n");
    test::write_file(dir / "a" / "story.md", "# Headline\n\nText.\n");
    auto r = galley_cli({"convert", (dir / "a" / "story.txt").string(), (dir / "a" / "story.md").string(),
                         "--to", "json", "-o", (dir / "out").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("would both write"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out" / "story.json"));
}

TEST(CliConvert, UsageErrors) {
    EXPECT_EQ(galley_cli({"convert"}).status, 2);
    EXPECT_EQ(galley_cli({"convert", "x.txt"}).status, 2);                   // no --to
    EXPECT_EQ(galley_cli({"convert", "x.txt", "--to", "docx"}).status, 2);   // unknown format
    EXPECT_EQ(galley_cli({"convert", "x.txt", "--to", "epub", "--style", "nope"}).status, 2);
    EXPECT_EQ(galley_cli({"convert", "x.txt", "--to", "epub", "--bundle", "b.epub"}).status, 2);
    auto none = galley_cli({"convert", "/nonexistent/x.txt", "--to", "json", "-o", "/tmp"});
    EXPECT_EQ(none.status, 3);
}
