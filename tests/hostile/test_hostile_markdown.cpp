// Hostile Markdown (issue 9): 100,000 levels of block quotes and emphasis, a 1 MB line, NUL
// bytes, invalid and overlong UTF-8, a 10 MB front matter and YAML aliases expanding
// exponentially — each beside a good article, through the CLI, within the bounds of
// hostile.hpp. That the time of the deep cases grows linearly with the depth is measured by
// bench/bench_pathological.cpp, not here.
#include "hostile/hostile.hpp"

using namespace galley::test;
using namespace galley::test::hostile;

namespace {

const std::vector<std::string> kAllFormats = {"pdf", "epub", "print", "json"};

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// The one error line for `name` in `err`.
std::string error_for(const std::string& err, const Batch& batch, const std::string& name) {
    std::string line = lines_with(err, "galley: " + (batch.in() / name).string() + ":");
    EXPECT_EQ(count(line, "\n"), 1u) << name << ":\n" << err;
    return line;
}

} // namespace

TEST(HostileMarkdown, HundredThousandLevelsOfQuotesAndEmphasis) {
    Batch batch;
    const std::size_t depth = 100000;
    write_file(batch.in() / "quotes.md", "# Deep quotes\n\n" + repeat("> ", depth) + "text\n");
    write_file(batch.in() / "emphasis.md",
               "# Deep emphasis\n\n" + repeat("*", depth) + "text" + repeat("*", depth) + "\n");
    write_file(batch.in() / "emphasis-words.md",
               "# Deep emphasis\n\n" + repeat("*a ", depth) + "text" + repeat(" b*", depth) + "\n");
    write_file(batch.in() / "links.md",
               "# Deep links\n\n" + repeat("[", depth) + "text" + repeat("](u)", depth) + "\n");
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    // Each refused where the nesting passes the limit, never silently cut.
    const std::string nested = ": Markdown nested more than 256 levels deep";
    EXPECT_NE(error_for(r.err, batch, "quotes.md").find(":3:200001" + nested), std::string::npos) << r.err;
    EXPECT_NE(error_for(r.err, batch, "emphasis.md").find(":3:100001" + nested), std::string::npos) << r.err;
    EXPECT_NE(error_for(r.err, batch, "emphasis-words.md").find(":3:" ), std::string::npos) << r.err;
    EXPECT_NE(error_for(r.err, batch, "emphasis-words.md").find(nested), std::string::npos) << r.err;
    // md4c takes only the innermost of 100,000 nested brackets for a link; the rest is one
    // 200,000-character word of brackets, broken between characters with a warning.
    EXPECT_EQ(lines_with(r.err, "galley: " + (batch.in() / "links.md").string()), "") << r.err;
    EXPECT_NE(r.err.find((batch.in() / "links.md").string() + ": warning: a word wider than the line"),
              std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "links", kAllFormats, "Deep links");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 8u);
}

TEST(HostileMarkdown, AMegabyteLineOfWords) {
    Batch batch;
    const std::string words = repeat("word ", (1u << 20) / 5);
    write_file(batch.in() / "line.md", "# One long line\n\n" + words + "\n");
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 0) << r.err;
    expect_good_outputs(batch.out(), "line", kAllFormats, "One long line");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    auto j = nlohmann::json::parse(read_file(batch.out() / "line.json"));
    EXPECT_EQ(j["blocks"][0]["content"][0].get<std::string>().size(), words.size() - 1);
}

TEST(HostileMarkdown, AMegabyteWord) {
    Batch batch;
    // One word of 1 MiB (a base64 blob pasted into an article): broken between characters in
    // the PDF and print layouts, with a warning naming the file.
    write_file(batch.in() / "word.md", "# One long word\n\n" + std::string(1u << 20, 'x') + "\n");
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find((batch.in() / "word.md").string() +
                         ": warning: a word wider than the line"),
              std::string::npos)
        << r.err.substr(0, 2000);
    expect_good_outputs(batch.out(), "word", {"epub", "json"}, "One long word");
    for (const char* pdf : {"word.pdf", "word-print.pdf"}) {
        CommandResult check = run_command({"/usr/bin/qpdf", "--check", (batch.out() / pdf).string()});
        EXPECT_EQ(check.status, 0) << pdf << ": " << check.err;
    }
    expect_good_outputs(batch.out(), "good", kAllFormats);
}

TEST(HostileMarkdown, NulBytes) {
    Batch batch;
    write_file(batch.in() / "nul.md", std::string("# NUL\n\nText with a NUL \0 byte.\n", 26));
    write_file(batch.in() / "nul-front.md", std::string("---\ntitle: A\0B\n---\n\nBody.\n", 25));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(error_for(r.err, batch, "nul.md")
                  .find("nul.md:3:17: binary data (a NUL byte at byte offset 23): not a text article"),
              std::string::npos)
        << r.err;
    EXPECT_NE(error_for(r.err, batch, "nul-front.md").find("nul-front.md:2:9: binary data (a NUL byte at byte offset 12)"),
              std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 4u);
}

TEST(HostileMarkdown, InvalidAndOverlongUtf8IsAnErrorWithItsPlace) {
    Batch batch;
    struct Case {
        const char* name;
        std::string bytes;
        std::string where; // FILE:LINE:COL: invalid UTF-8 at byte offset N (byte 0xXX)
    };
    const std::vector<Case> cases = {
        {"ff.md", "# Bad\n\nA \xFF byte.\n", ":3:3: invalid UTF-8 at byte offset 9 (byte 0xFF)"},
        {"overlong-slash.md", "# Bad\n\nA \xC0\xAF slash.\n", ":3:3: invalid UTF-8 at byte offset 9 (byte 0xC0)"},
        {"overlong-3.md", "# Bad\n\nA \xE0\x80\xAF slash.\n", ":3:3: invalid UTF-8 at byte offset 9 (byte 0xE0)"},
        {"surrogate.md", "# Bad\n\nA \xED\xA0\x80 half.\n", ":3:3: invalid UTF-8 at byte offset 9 (byte 0xED)"},
        {"past-10ffff.md", "# Bad\n\nA \xF4\x90\x80\x80 big.\n", ":3:3: invalid UTF-8 at byte offset 9 (byte 0xF4)"},
        {"truncated.md", "# Bad\n\nCut \xE2\x80", ":3:5: invalid UTF-8 at byte offset 11 (byte 0xE2)"},
        {"latin1-front.md", "---\ntitle: Caf\xE9\n---\n\nBody.\n", ":2:11: invalid UTF-8 at byte offset 14 (byte 0xE9)"},
    };
    for (const auto& c : cases) write_file(batch.in() / c.name, c.bytes);
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    for (const auto& c : cases)
        EXPECT_NE(error_for(r.err, batch, c.name).find(c.name + c.where + "; galley reads text files as UTF-8"),
                  std::string::npos)
            << c.name << "\n" << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 4u);
    expect_valid_utf8_outputs(batch.out());
}

TEST(HostileMarkdown, TenMegabyteFrontMatter) {
    Batch batch;
    write_file(batch.in() / "front.md",
               "---\ntitle: Big\nnotes: \"" + std::string(10u << 20, 'x') + "\"\n---\n\nBody.\n");
    write_file(batch.in() / "unclosed.md", "---\ntitle: Never closed\n" + repeat("key: value\n", 1u << 20));
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(error_for(r.err, batch, "front.md").find("front.md:1:1: front matter is larger than 1 MiB"),
              std::string::npos)
        << r.err;
    EXPECT_NE(error_for(r.err, batch, "unclosed.md")
                  .find("unclosed.md:1:1: front matter opened by '---' is never closed"),
              std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 4u);
}

TEST(HostileMarkdown, YamlAliasesExpandingExponentially) {
    Batch batch;
    // Lists of lists of aliases: 9^10 values if walked; galley only reads the keys it knows
    // and finds lists where it wants text (a warning each, at the list the alias names: a8's,
    // on line 11), and converts.
    {
        std::string yaml = "---\ntitle: Nested aliases\n"
                           "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (int i = 1; i < 10; ++i) {
            yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
            for (int k = 0; k < 9; ++k) yaml += (k ? ", *a" : "*a") + std::to_string(i - 1);
            yaml += "]\n";
        }
        yaml += "keywords: *a9\nauthor: *a9\n---\n\nBody.\n";
        write_file(batch.in() / "lists.md", yaml);
    }
    // One 400 KB value repeated 100,000 times: 40 GB of text if copied.
    write_file(batch.in() / "scalars.md",
               "---\ntitle: Repeated text\ns: &s \"" + std::string(400000, 'x') + "\"\nkeywords: [" +
                   repeat("*s, ", 99999) + "*s]\n---\n\nBody.\n");
    // A list alias repeated 50,000 times where keywords are wanted: 50,000 values to look at.
    write_file(batch.in() / "many.md",
               "---\ntitle: Many values\nl: &l [a, b]\nkeywords: [" + repeat("*l, ", 49999) +
                   "*l]\n---\n\nBody.\n");
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("lists.md:11:5: warning: keywords: expected text, found a list; ignored"),
              std::string::npos)
        << r.err.substr(0, 3000);
    EXPECT_NE(r.err.find("lists.md:11:5: warning: author: expected a name or {name, title}, found a list; ignored"),
              std::string::npos)
        << r.err.substr(0, 3000);
    EXPECT_NE(error_for(r.err, batch, "scalars.md")
                  .find("scalars.md:3:4: front matter expands past 1 MiB of text (YAML aliases repeating a value?)"),
              std::string::npos)
        << r.err.substr(0, 3000);
    EXPECT_NE(error_for(r.err, batch, "many.md")
                  .find("many.md:3:4: front matter expands past 10000 values (YAML aliases repeating a value?)"),
              std::string::npos)
        << r.err.substr(0, 3000);
    EXPECT_LT(r.err.size(), 20000u) << "a flood of warnings";
    expect_good_outputs(batch.out(), "lists", kAllFormats, "Nested aliases");
    expect_good_outputs(batch.out(), "good", kAllFormats);
    EXPECT_EQ(listing(batch.out()).size(), 8u);
}
