// Right-to-left text in both typeset backends (issue 14): the PDF backend (libharu) and the
// print backend (Cairo) draw the same shared layout, so an Arabic or a Hebrew article sets
// the same in both: the text extracts in the source's order, numbers and Latin names inside
// it too (the PDF backend's one column here; the print backend's columns in test_print);
// lines are right-aligned with indents on the right; the PDF says its language and, from
// libharu, its reading direction.
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/style.hpp"
#include "rtl_text.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

using namespace galley;
namespace fs = std::filesystem;

namespace {

enum class Backend { pdf, print };

std::string name_of(Backend backend) {
    return backend == Backend::pdf ? "pdf" : "print";
}

std::string typeset(const Article& article, Backend backend) {
    Warnings warnings;
    const StyleSheet sheet = load_style("default", warnings);
    MemorySink sink;
    if (backend == Backend::pdf) {
        PdfOptions options;
        options.created = 1765324800;
        options.style = sheet;
        const PdfResult result = write_pdf(article, options, sink);
        for (const Warning& w : result.warnings)
            EXPECT_EQ(w.message.find("cannot"), std::string::npos) << w.to_string();
    } else {
        PrintOptions options;
        options.style = sheet;
        options.output = PrintOutput::pdf;
        options.created = 1765324800;
        write_print(article, options, sink);
    }
    return sink.take();
}

Article article_from(const std::string& markdown) {
    test::TempDir dir;
    const fs::path path = dir / "article.md";
    test::write_file(path, markdown);
    return read_article_file(path.string()).article;
}

std::string utf8(const std::u32string& text) {
    std::string out;
    for (char32_t c : text) {
        if (c >= 0x100000) c -= 0x100000; // the comparison's lam + alef unit
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

struct Glyph {
    double x0 = 0, x1 = 0;
    std::string text;
};

struct Line {
    int page = 0;
    double top = 0;
    std::vector<Glyph> glyphs; // as mutool lists them
};

// Every line of text in `pdf` with its glyphs' boxes (mutool draw -F stext).
std::vector<Line> lines_of(const std::string& pdf) {
    test::TempDir dir;
    const fs::path file = dir / "a.pdf", xml = dir / "a.xml";
    test::write_file(file, pdf);
    const test::CommandResult r = test::run_command(
        {"/usr/bin/mutool", "draw", "-F", "stext", "-o", xml.string(), file.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    const std::string text = test::read_file(xml);
    std::vector<Line> lines;
    int page = 0;
    const std::regex tag(
        R"re(<(page) |<(line) [^>]*?bbox="([\d.]+) ([\d.]+)|<char quad="([\d.]+) [\d.]+ ([\d.]+)[^"]*"[^>]*? c="([^"]*)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), tag);
         it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        if (m[1] == "page") {
            ++page;
        } else if (m[2] == "line") {
            lines.push_back({page, std::stod(m[4]), {}});
        } else if (!lines.empty()) {
            std::string c = m[7];
            if (c.starts_with("&#x")) { // mutool writes characters beyond ASCII as &#xHEX;
                const auto code = static_cast<char32_t>(std::stoul(c.substr(3), nullptr, 16));
                c = utf8(std::u32string(1, code));
            }
            for (const auto& [entity, plain] : std::map<std::string, std::string>{{"&amp;", "&"},
                                                                                  {"&lt;", "<"},
                                                                                  {"&gt;", ">"},
                                                                                  {"&quot;", "\""},
                                                                                  {"&apos;", "'"}})
                for (std::size_t at; (at = c.find(entity)) != std::string::npos;)
                    c.replace(at, entity.size(), plain);
            lines.back().glyphs.push_back({std::stod(m[5]), std::stod(m[6]), c});
        }
    }
    return lines;
}

// The article reads in the source's order (pdftotext puts right-to-left text back in
// logical order, left-to-right runs inside it too; compared without whitespace and marks, as
// test::comparable says), and its long lines end at one right edge (mutool's glyph boxes).
// `edges`: check the alignment too (mutool cuts a line into pieces at each change of
// direction, so lines with Latin or numbers inside give no edges to compare).
void expect_right_to_left(const Article& article, bool edges = true) {
    test::TempDir dir;
    const fs::path file = dir / "a.pdf";
    test::write_file(file, typeset(article, Backend::pdf));
    { // one column: the page is the reading order
        const test::CommandResult text =
            test::run_command({"/usr/bin/pdftotext", file.string(), "-"});
        ASSERT_EQ(text.status, 0) << text.err;
        std::string body = article.meta.dateline.place + " \u2014 ";
        for (const Block& block : article.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&block.node)) body += plain_text(p->content);
            if (const auto* h = std::get_if<Heading>(&block.node)) body += plain_text(h->content);
        }
        const std::u32string got = test::comparable(text.out);
        EXPECT_NE(got.find(test::comparable(body)), std::u32string::npos)
            << "the body does not extract in order:\n"
            << text.out;
        EXPECT_EQ(got.find(test::comparable(article.meta.headline)), 0u) << text.out;
    }
    if (!edges) return;
    std::size_t long_lines = 0;
    std::map<long, int> right_edges, left_edges;
    for (const Line& line : lines_of(test::read_file(file))) {
        if (line.glyphs.size() < 40) continue;
        ++long_lines;
        double right = 0, left = 1e9;
        for (const Glyph& glyph : line.glyphs) {
            right = std::max(right, glyph.x1);
            left = std::min(left, glyph.x0);
        }
        ++right_edges[std::lround(right)];
        ++left_edges[std::lround(left)];
    }
    ASSERT_GT(long_lines, 3u);
    const auto most = [](const std::map<long, int>& edges) {
        int n = 0;
        for (const auto& [edge, count] : edges) n = std::max(n, count);
        return n;
    };
    // Justified lines end at both edges; the paragraphs' last lines and indented first lines
    // (on the right, right to left) tell the sides apart: more lines share a right edge.
    EXPECT_GE(most(right_edges) * 10, static_cast<int>(long_lines) * 6)
        << "most long lines end at one right edge";
    EXPECT_GT(most(right_edges), most(left_edges))
        << "lines are aligned right, indents on the right";
}

bool tools() {
    return fs::exists("/usr/bin/mutool") && fs::exists("/usr/bin/qpdf");
}

class RightToLeft : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        if (!tools()) GTEST_SKIP() << "mutool (mupdf-tools) and qpdf are needed (scripts/setup.sh)";
    }
};

TEST(PdfRightToLeft, ArabicReadsInOrderRightAligned) {
    if (!tools()) GTEST_SKIP() << "mutool (mupdf-tools) and qpdf are needed (scripts/setup.sh)";
    expect_right_to_left(
        read_article_file((test::source_dir() / "samples/arabic-market.md").string()).article);
}

TEST(PdfRightToLeft, HebrewReadsInOrderRightAligned) {
    if (!tools()) GTEST_SKIP() << "mutool (mupdf-tools) and qpdf are needed (scripts/setup.sh)";
    expect_right_to_left(
        read_article_file((test::source_dir() / "samples/hebrew-harbour.md").string()).article);
}

TEST(PdfRightToLeft, NumbersAndLatinNamesInsideArabicRunLeftToRight) {
    if (!tools()) GTEST_SKIP() << "mutool (mupdf-tools) and qpdf are needed (scripts/setup.sh)";
    const Article article = article_from(
        "---\ntitle: \"مهندس من Lyon يقود مشروع الميناء\"\nlang: ar\n---\n\n"
        "قال المهندس Pierre Dubois إن المشروع كلف 4500 دينار في السنة الأولى، وإن العمال "
        "أنهوا 12 رصيفا من أصل 20 قبل شهر مايو. وأضاف أن شركة Atlas Marine ستبدأ العمل في "
        "الرصيف الجديد في عام 2027، وأن الميناء سيستقبل 300 سفينة في العام.\n\n"
        "وقالت المديرة سلمى الحداد إن البلدية تنتظر تقرير مكتب Bureau Veritas قبل أن تفتح "
        "الرصيف للسفن الكبيرة، وإن الطريق إلى المدينة سيتسع إلى 4 مسارات.\n\n"
        "وأكد رئيس الغرفة التجارية عمر بن يوسف أن 150 شركة صغيرة تعمل اليوم في الميناء، وأن "
        "عددها قد يصل إلى 220 شركة بعد افتتاح الرصيف، بينها شركة Sud Cargo التي نقلت مكاتبها "
        "من مرسيليا في شهر مارس الماضي، وشركة Nordic Lines التي تنتظر ترخيصها منذ 18 شهرا.\n");
    expect_right_to_left(article, false);
}

TEST_P(RightToLeft, PdfSaysItsLanguageAndDirection) {
    const Article article =
        read_article_file((test::source_dir() / "samples/hebrew-harbour.md").string()).article;
    test::TempDir dir;
    const fs::path file = dir / "a.pdf";
    test::write_file(file, typeset(article, GetParam()));
    const test::CommandResult json = test::run_command({"/usr/bin/qpdf", "--json", file.string()});
    ASSERT_EQ(json.status, 0) << json.err;
    EXPECT_NE(json.out.find("\"/Lang\": \"u:he\""), std::string::npos) << "no /Lang (he)";
    if (GetParam() == Backend::pdf) {
        EXPECT_NE(json.out.find("\"/Direction\": \"/R2L\""), std::string::npos)
            << "no /ViewerPreferences /Direction /R2L";
    }
    EXPECT_EQ(test::run_command({"/usr/bin/qpdf", "--check", file.string()}).status, 0);
}

TEST_P(RightToLeft, ABylineInArabicTakesTheArabicComma) {
    Article article = article_from("---\n"
                                   "title: \"سوق الميناء\"\n"
                                   "lang: ar\n"
                                   "authors:\n"
                                   "  - name: \"ريم حداد\"\n"
                                   "    title: \"مراسلة\"\n"
                                   "---\n\n"
                                   "افتتح السوق اليوم.\n");
    ASSERT_EQ(article.meta.bylines.size(), 1u);
    // The layout dump has each line's text in logical order.
    Warnings warnings;
    const StyleSheet sheet = load_style("default", warnings);
    MemorySink sink;
    if (GetParam() == Backend::pdf) {
        PdfOptions options;
        options.style = sheet;
        options.layout_dump = true;
        write_pdf(article, options, sink);
    } else {
        PrintOptions options;
        options.style = sheet;
        options.output = PrintOutput::layout;
        write_print(article, options, sink);
    }
    const std::string dump = sink.take();
    EXPECT_NE(dump.find("\"ريم حداد\u060C مراسلة\""), std::string::npos) << dump;
    article.meta.language = "he";
    MemorySink hebrew;
    PdfOptions options;
    options.style = sheet;
    options.layout_dump = true;
    write_pdf(article, options, hebrew);
    EXPECT_NE(hebrew.take().find("\"ريم حداد, مراسلة\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, RightToLeft, ::testing::Values(Backend::pdf, Backend::print),
                         [](const auto& info) { return name_of(info.param); });

} // namespace
