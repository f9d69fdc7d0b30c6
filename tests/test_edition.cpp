// Editions (issue 16), from the outside: `galley edition` on samples/edition/ and on small
// editions written here, checked with pdftotext, pdfinfo and the --json report.
#include "galley/read.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace galley {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

test::CommandResult galley(std::vector<std::string> args) {
    args.insert(args.begin(), test::cli().string());
    return test::run_command(args);
}

fs::path sample_manifest() {
    return test::source_dir() / "samples" / "edition" / "edition.yaml";
}

struct Report {
    std::vector<json> stories;
    std::vector<json> pages;
};

Report parse_report(const std::string& out) {
    Report report;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        json j = json::parse(line);
        (j.contains("story") ? report.stories : report.pages).push_back(std::move(j));
    }
    return report;
}

// The trim box's top-left corner of each page, in points from the sheet's top-left (poppler
// coordinates), from `pdfinfo -box`.
std::vector<std::pair<double, double>> trim_origins(const fs::path& pdf, int pages) {
    std::vector<std::pair<double, double>> origins;
    for (int p = 1; p <= pages; ++p) {
        const auto r = test::run_command({"/usr/bin/pdfinfo", "-box", "-f", std::to_string(p), "-l",
                                          std::to_string(p), pdf.string()});
        double media_top = 0, trim_left = 0, trim_top = 0;
        std::istringstream in(r.out);
        for (std::string line; std::getline(in, line);) {
            std::istringstream words(line);
            std::string a, b, c;
            words >> a >> b >> c;
            double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            if (c == "MediaBox:" || c == "TrimBox:") {
                words >> x0 >> y0 >> x1 >> y1;
                if (c == "MediaBox:") media_top = y1;
                if (c == "TrimBox:") trim_left = x0, trim_top = y1;
            }
        }
        origins.emplace_back(trim_left, media_top - trim_top);
    }
    return origins;
}

// The broadsheet grid: five columns of 54.6 mm, 4.5 mm apart.
constexpr double column_width = 54.6 * 72 / 25.4, column_gap = 4.5 * 72 / 25.4;

// The words pdftotext finds inside a module's rectangle (points from the trim box), in the
// module's reading order: what spans several columns (headline, photo caption, pull quote)
// first, then column by column, top to bottom. pdftotext's own order across columns and
// around spanning pieces is not the columns' order, so its text blocks (-bbox-layout) are
// put in order here by where they are.
std::vector<std::string> words_in(const fs::path& pdf, const json& rect,
                                  const std::vector<std::pair<double, double>>& origins) {
    const int page = rect["page"];
    const auto [ox, oy] = origins[static_cast<std::size_t>(page - 1)];
    const double x = ox + rect["x"].get<double>(), y = oy + rect["y"].get<double>();
    const double width = rect["width"], height = rect["height"];
    const auto whole = [](double v) { return std::to_string(static_cast<int>(std::floor(v))); };
    const auto r = test::run_command({"/usr/bin/pdftotext", "-bbox-layout", "-f",
                                      std::to_string(page), "-l", std::to_string(page), "-x",
                                      whole(x), "-y", whole(y), "-W", whole(width + 1.5), "-H",
                                      whole(height + 1.5), "-enc", "UTF-8", pdf.string(), "-"});
    (void)whole;
    struct Block {
        double x_min = 0, y_min = 0, x_max = 0;
        std::vector<std::string> words;
    };
    std::vector<Block> blocks;
    const std::string& xml = r.out;
    const auto attribute = [&](std::size_t from, const std::string& name) {
        const std::size_t at = xml.find(name + "=\"", from);
        return std::strtod(xml.c_str() + at + name.size() + 2, nullptr);
    };
    for (std::size_t at = xml.find("<block "); at != std::string::npos;
         at = xml.find("<block ", at + 1)) {
        Block block;
        block.x_min = attribute(at, "xMin");
        block.y_min = attribute(at, "yMin");
        block.x_max = attribute(at, "xMax");
        const std::size_t end = xml.find("</block>", at);
        for (std::size_t w = xml.find("<word ", at); w != std::string::npos && w < end;
             w = xml.find("<word ", w + 1)) {
            // -bbox-layout gives the whole page whatever -x -y -W -H say: the rectangle is
            // applied here, to each word's centre.
            const double cx = (attribute(w, "xMin") + attribute(w, "xMax")) / 2;
            const double cy = (attribute(w, "yMin") + attribute(w, "yMax")) / 2;
            if (cx < x || cx > x + width || cy < y || cy > y + height) continue;
            const std::size_t open = xml.find('>', w) + 1;
            std::string word = xml.substr(open, xml.find("</word>", open) - open);
            for (const auto& [entity, c] :
                 std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"},
                                                                  {"&lt;", "<"},
                                                                  {"&gt;", ">"},
                                                                  {"&quot;", "\""},
                                                                  {"&apos;", "'"}})
                for (std::size_t e = word.find(entity); e != std::string::npos;
                     e = word.find(entity, e + 1))
                    word.replace(e, entity.size(), c);
            block.words.push_back(word);
        }
        if (!block.words.empty()) blocks.push_back(std::move(block));
    }
    const auto column = [&](const Block& b) {
        if (b.x_max - b.x_min > column_width * 1.2) return -1; // spans columns
        return static_cast<int>(
            std::floor((b.x_min - x + column_gap / 2) / (column_width + column_gap)));
    };
    std::stable_sort(blocks.begin(), blocks.end(), [&](const Block& a, const Block& b) {
        const int ca = column(a), cb = column(b);
        return ca != cb ? ca < cb : a.y_min < b.y_min;
    });
    std::vector<std::string> words;
    for (const Block& b : blocks) words.insert(words.end(), b.words.begin(), b.words.end());
    return words;
}

// Letters and digits only, lower case where ASCII: words compared across hyphenation,
// quotes and punctuation.
std::string key(const std::string& word) {
    std::string out;
    for (unsigned char c : word)
        if (c >= 0x80 || std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    return out;
}

// Module words joined across line-end hyphens, as keys.
std::vector<std::string> joined_keys(const std::vector<std::string>& words) {
    std::vector<std::string> keys;
    std::string carry;
    for (const std::string& word : words) {
        if (word.size() > 1 && word.back() == '-' && word != "--") {
            carry += word.substr(0, word.size() - 1);
            continue;
        }
        const std::string k = key(carry + word);
        carry.clear();
        if (!k.empty()) keys.push_back(k);
    }
    return keys;
}

// The words of a story's body paragraphs, as keys.
std::vector<std::string> body_keys(const fs::path& file) {
    const Article article = read_article_file(file.string()).article;
    std::vector<std::string> keys;
    for (const Block& block : article.blocks)
        if (const auto* paragraph = std::get_if<Paragraph>(&block.node)) {
            std::istringstream in(plain_text(paragraph->content));
            for (std::string word; in >> word;) {
                // Words with a hard hyphen may be broken at it: compare their parts.
                std::string part;
                for (char c : word + "-") {
                    if (c == '-') {
                        if (!key(part).empty()) keys.push_back(key(part));
                        part.clear();
                    } else {
                        part += c;
                    }
                }
            }
        }
    return keys;
}

// How many of `needle` occur in `haystack` in order: each found in the concatenated keys
// after the one before it (so a word broken at a hyphen, or two joined by one, still match).
std::size_t subsequence_until(const std::vector<std::string>& needle,
                              const std::vector<std::string>& haystack) {
    std::string all;
    for (const std::string& word : haystack) all += word;
    std::size_t at = 0;
    for (std::size_t i = 0; i < needle.size(); ++i) {
        const std::string& word = needle[i];
        const std::size_t found = all.find(word, at);
        if (found != std::string::npos) {
            at = found + word.size();
            continue;
        }
        return i;
    }
    return needle.size();
}

class SampleEdition : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        pdf_ = *dir_ / "edition.pdf";
        const auto r =
            galley({"edition", sample_manifest().string(), "-o", pdf_.string(), "--json"});
        status_ = r.status;
        err_ = r.err;
        if (r.status == 0) report_ = parse_report(r.out);
    }
    static void TearDownTestSuite() { delete dir_; }

    static test::TempDir* dir_;
    static fs::path pdf_;
    static int status_;
    static std::string err_;
    static Report report_;
};
test::TempDir* SampleEdition::dir_ = nullptr;
fs::path SampleEdition::pdf_;
int SampleEdition::status_ = -1;
std::string SampleEdition::err_;
Report SampleEdition::report_;

TEST_F(SampleEdition, BuildsACheckedPdfAndAReport) {
    ASSERT_EQ(status_, 0) << err_;
    EXPECT_EQ(test::run_command({"/usr/bin/qpdf", "--check", pdf_.string()}).status, 0);
    ASSERT_EQ(report_.pages.size(), 4u);
    EXPECT_GE(report_.stories.size(), 10u);
    const auto info = test::run_command({"/usr/bin/pdfinfo", pdf_.string()}).out;
    const std::size_t pages = info.find("Pages:");
    ASSERT_NE(pages, std::string::npos) << info;
    EXPECT_EQ(std::stoi(info.substr(pages + 6)), 4) << info;
}

TEST_F(SampleEdition, EveryStorysWordsComeOutOfItsModulesInOrder) {
    ASSERT_EQ(status_, 0) << err_;
    const auto origins = trim_origins(pdf_, 4);
    int jumped = 0;
    for (const json& story : report_.stories) {
        SCOPED_TRACE(story["story"].get<std::string>());
        EXPECT_EQ(story["overset_words"], 0);
        std::vector<std::string> words;
        for (const json& module : story["modules"]) {
            const auto found = words_in(pdf_, module, origins);
            words.insert(words.end(), found.begin(), found.end());
        }
        if (!story["jumps"].empty()) {
            ++jumped;
            EXPECT_EQ(story["modules"].size(), story["jumps"].size() + 1);
            // The cut says where it goes on; the continuation says where it came from.
            const std::string text = [&] {
                std::string all;
                for (const auto& w : words) all += w + " ";
                return all;
            }();
            for (const json& page : story["jumps"])
                EXPECT_NE(text.find("Continued on page " + std::to_string(page.get<int>())),
                          std::string::npos)
                    << text.substr(0, 300);
            EXPECT_NE(text.find(", from page"), std::string::npos);
        }
        const std::string file = story["story"];
        const std::vector<std::string> body = body_keys(sample_manifest().parent_path() / file);
        ASSERT_FALSE(body.empty());
        const std::vector<std::string> found = joined_keys(words);
        const std::size_t until = subsequence_until(body, found);
        EXPECT_EQ(until, body.size())
            << "lost from \"" << (until < body.size() ? body[until] : "") << "\" on";
    }
    EXPECT_GE(jumped, 1) << "the sample has a jump";
}

TEST_F(SampleEdition, EveryPageHasItsFolioAndFullPagesAreFull) {
    ASSERT_EQ(status_, 0) << err_;
    std::map<std::string, int> last_of_section;
    for (const json& page : report_.pages) last_of_section[page["section"]] = page["page"];
    for (const json& page : report_.pages) {
        const int n = page["page"];
        SCOPED_TRACE("page " + std::to_string(n));
        const std::string text = test::run_command({"/usr/bin/pdftotext", "-f", std::to_string(n),
                                                    "-l", std::to_string(n), pdf_.string(), "-"})
                                     .out;
        std::string squeezed = text; // the running head is letter-spaced
        squeezed.erase(std::remove(squeezed.begin(), squeezed.end(), ' '), squeezed.end());
        EXPECT_NE(squeezed.find("THESTEPPECOURIER"), std::string::npos);
        EXPECT_NE(text.find("December 7, 2026"), std::string::npos);
        EXPECT_NE(text.find(page["section"].get<std::string>()), std::string::npos);
        if (last_of_section[page["section"]] != n) {
            EXPECT_GE(page["fill"].get<double>(), 0.92);
        }
    }
    // The nameplate on page 1 only.
    const std::string first =
        test::run_command({"/usr/bin/pdftotext", "-f", "1", "-l", "1", pdf_.string(), "-"}).out;
    EXPECT_NE(first.find("The Steppe Courier"), std::string::npos);
}

TEST_F(SampleEdition, NoHeadlinesSideBySide) {
    ASSERT_EQ(status_, 0) << err_;
    // Display headlines: a brief's run-in head in the briefs column is a label, not one.
    std::vector<json> heads;
    for (const json& story : report_.stories)
        if (story["headline"].is_object() &&
            story["story"].get<std::string>().rfind("briefs/", 0) != 0)
            heads.push_back(story["headline"]);
    ASSERT_GE(heads.size(), 7u);
    const double gap = 4.5 * 72 / 25.4 + 1;
    for (std::size_t i = 0; i < heads.size(); ++i)
        for (std::size_t j = i + 1; j < heads.size(); ++j) {
            const json &a = heads[i], &b = heads[j];
            if (a["page"] != b["page"]) continue;
            const double ax = a["x"], aw = a["width"], bx = b["x"], bw = b["width"];
            const double ay = a["y"], ah = a["height"], by = b["y"], bh = b["height"];
            const bool beside = std::abs(ax + aw - bx) <= gap || std::abs(bx + bw - ax) <= gap;
            const bool level = ay < by + bh && by < ay + ah;
            EXPECT_FALSE(beside && level) << a << " and " << b << " are tombstoned";
        }
}

TEST_F(SampleEdition, TwoRunsGiveTheSameBytes) {
    ASSERT_EQ(status_, 0) << err_;
    const fs::path again = *dir_ / "again.pdf";
    ASSERT_EQ(galley({"edition", sample_manifest().string(), "-o", again.string()}).status, 0);
    EXPECT_EQ(test::read_file(pdf_), test::read_file(again));
}

// ---------------------------------------------------------------------------------------------
// Bad input: a warning and the page made up without it, or (--strict) an error and nothing.

struct SmallEdition {
    test::TempDir dir;
    SmallEdition() {
        fs::create_directories(dir / "s");
        std::string body;
        for (int i = 0; i < 12; ++i)
            body += "The tram depot on the left bank will open its doors to visitors on Sunday, "
                    "the city said, with rides in the old cars every hour. ";
        for (const char* name : {"a", "b", "c"})
            test::write_file(dir / "s" / (std::string(name) + ".md"),
                             std::string("---\ntitle: Depot ") + name +
                                 " opens its doors\n---\n\n" + body + "\n\n" + body + "\n");
        test::write_file(dir / "s" / "empty.md", "---\ntitle: \n---\n\n");
    }
    std::string manifest(const std::string& pages) {
        const fs::path m = dir / "e.yaml";
        test::write_file(m, "title: The Depot Gazette\ndate: 2026-12-07\npages:\n" + pages);
        return m.string();
    }
};

TEST(EditionInput, AMissingStoryIsAWarningOrWithStrictAnError) {
    SmallEdition e;
    const std::string m =
        e.manifest("  - section: News\n    stories: [s/a.md, s/gone.md, s/b.md]\n");
    const std::string out = (e.dir / "o.pdf").string();
    auto r = galley({"edition", m, "-o", out, "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("s/gone.md"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(out));
    const Report report = parse_report(r.out);
    EXPECT_EQ(report.stories.size(), 2u);
    fs::remove(out);
    r = galley({"edition", m, "-o", out, "--strict"});
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("s/gone.md"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(EditionInput, AStoryWithNoTextIsAWarning) {
    SmallEdition e;
    const std::string m = e.manifest("  - section: News\n    stories: [s/a.md, s/empty.md]\n");
    const std::string out = (e.dir / "o.pdf").string();
    const auto r = galley({"edition", m, "-o", out});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("empty.md"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no text"), std::string::npos) << r.err;
}

TEST(EditionInput, AnAdLargerThanItsPageOrOneTooManyAreWarnings) {
    SmallEdition e;
    // A 1×1 PNG: any size of box holds it.
    const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
        0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08,
        0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d,
        0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    test::write_file(e.dir / "ad.png", std::string(reinterpret_cast<const char*>(png), sizeof png));
    const std::string out = (e.dir / "o.pdf").string();
    std::string m = e.manifest("  - section: News\n    stories: [s/a.md]\n    ads:\n"
                               "      - {file: ad.png, columns: 9, height: 50mm}\n");
    auto r = galley({"edition", m, "-o", out});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("larger than its page"), std::string::npos) << r.err;
    r = galley({"edition", m, "-o", out, "--strict"});
    EXPECT_NE(r.status, 0);

    // Three ads of 180 mm stacked in one corner of a 470 mm page: the third has no room.
    m = e.manifest("  - section: News\n    stories: [s/a.md]\n    ads:\n"
                   "      - {file: ad.png, columns: 2, height: 180mm, at: bottom-right}\n"
                   "      - {file: ad.png, columns: 2, height: 180mm, at: bottom-right}\n"
                   "      - {file: ad.png, columns: 2, height: 180mm, at: bottom-right}\n");
    r = galley({"edition", m, "-o", out});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("more fixed ads than the page holds"), std::string::npos) << r.err;
}

TEST(EditionInput, PngProofsAndTheLayoutDump) {
    SmallEdition e;
    const std::string m = e.manifest(
        "  - section: News\n    nameplate: true\n    stories: [s/a.md, s/b.md, s/c.md]\n");
    const fs::path proofs = e.dir / "proofs";
    auto r = galley({"edition", m, "-o", proofs.string() + "/", "--to", "png", "--dpi", "20"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(proofs / "e-1.png"));
    const fs::path dump = e.dir / "e.layout.txt";
    r = galley({"edition", m, "-o", dump.string(), "--to", "layout"});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string text = test::read_file(dump);
    EXPECT_NE(text.find("module \"s/a.md\""), std::string::npos) << text.substr(0, 400);
    EXPECT_NE(text.find("headline#"), std::string::npos);
}

} // namespace
} // namespace galley
