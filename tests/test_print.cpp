// Print-layout backend (Pango/Cairo): the layout dump against goldens, and the PDF, PNG and
// SVG checked with the tools a printer or an archivist would use (pdffonts, pdfinfo,
// pdftotext, pdfimages, pdftoppm, qpdf).
//
// Layout goldens live in tests/golden/layout/ and are refreshed on purpose with
//   GALLEY_UPDATE_GOLDEN=1 ctest --test-dir build -R Print
// then reviewed as a diff: a changed line is a changed layout decision.
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/style.hpp"
#include "rtl_text.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace galley;
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// Producing output

Article read(const fs::path& path) {
    return read_article_file(path.string()).article;
}

Article astana() {
    return read(test::corpus("astana-roundtable.txt"));
}

PrintOptions options_for(const std::string& style, PrintOutput output) {
    Warnings warnings;
    PrintOptions options;
    options.style = load_style(style, warnings);
    options.output = output;
    options.created = 1765324800; // 2025-12-10T00:00:00Z
    return options;
}

// The one file of a pdf or layout output.
std::string print(const Article& article, const std::string& style, PrintOutput output,
                  PrintResult* result = nullptr) {
    MemorySink sink;
    PrintResult r = write_print(article, options_for(style, output), sink);
    EXPECT_TRUE(sink.finished());
    if (result) *result = r;
    return sink.take();
}

// Every page of a png or svg output.
std::vector<std::string> print_pages(const Article& article, const std::string& style,
                                     PrintOutput output, double dpi = 30) {
    PrintOptions options = options_for(style, output);
    options.dpi = dpi;
    std::map<int, std::string> files;
    struct PageSink final : Sink {
        PageSink(std::map<int, std::string>& files, int page) : files(files), page(page) {}
        void write(std::string_view bytes) override { data.append(bytes); }
        void finish() override { files[page] = data; }
        std::string name() const override { return "page " + std::to_string(page); }
        std::map<int, std::string>& files;
        int page;
        std::string data;
    };
    write_print(article, options,
                [&](int page) { return std::make_unique<PageSink>(files, page); });
    std::vector<std::string> pages;
    for (int page = 1; files.count(page); ++page) pages.push_back(files[page]);
    EXPECT_EQ(pages.size(), files.size()) << "pages are numbered from 1 without gaps";
    return pages;
}

fs::path save(const test::TempDir& dir, const std::string& name, const std::string& bytes) {
    const fs::path path = dir / name;
    test::write_file(path, bytes);
    return path;
}

std::string run_ok(const std::vector<std::string>& argv) {
    const test::CommandResult r = test::run_command(argv);
    EXPECT_EQ(r.status, 0) << argv[0] << ": " << r.err;
    return r.out;
}

// ---------------------------------------------------------------------------------------------
// Reading the layout dump

struct DumpLine {
    std::string role;
    int block = 0;
    std::string kind; // "line", "box" or "" for a space
    double x = 0, y = 0, w = 0, h = 0;
    double spaces = 1;
    double glyphs = 100, letters = 0; // glyph scaling (%), letter spacing (pt)
    bool justified = false, last = false, hyphen = false;
    bool short_line = false; // justified but set short: past every limit
    std::string text;
};

struct DumpColumn {
    int page = 0, column = 0, set = 0;
    double x = 0, y = 0, w = 0, bottom = 0, limit = 0;
    std::vector<DumpLine> lines;
};

struct DumpBlock {
    int page = 0;
    std::string role;
    double x = 0, y = 0, w = 0, h = 0;
    int first_column = 0, last_column = 0;
    std::vector<DumpLine> lines;
};

struct DumpPage {
    double content_top = 0;
    double sheet_width = 0, sheet_height = 0;
};

struct Dump {
    std::vector<DumpPage> pages;
    std::vector<DumpColumn> columns;
    std::vector<DumpBlock> blocks;
};

double value_of(const std::string& line, const std::string& key) {
    const std::size_t at = line.find(" " + key + "=");
    if (at == std::string::npos) return NAN;
    return std::strtod(line.c_str() + at + key.size() + 2, nullptr);
}

bool has_word(const std::string& line, const std::string& word) {
    const std::size_t quote = line.find('"');
    const std::string head = line.substr(0, quote);
    return (" " + head + " ").find(" " + word + " ") != std::string::npos;
}

std::string quoted_text(const std::string& line) {
    const std::size_t quote = line.find('"');
    if (quote == std::string::npos) return {};
    std::string out;
    for (std::size_t i = quote + 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            out += line[++i];
            continue;
        }
        if (line[i] == '"') break;
        out += line[i];
    }
    return out;
}

Dump parse_dump(const std::string& text) {
    Dump dump;
    std::istringstream in(text);
    std::string line;
    int page = 0;
    enum { none, in_block, in_column } where = none;
    while (std::getline(in, line)) {
        if (line.rfind("page ", 0) == 0) {
            page = std::stoi(line.substr(5));
            DumpPage p;
            const std::size_t content = line.find(" content=");
            p.content_top = std::strtod(line.c_str() + line.find(',', content) + 1, nullptr);
            const std::size_t sheet = line.find(" sheet=");
            p.sheet_width = std::strtod(line.c_str() + sheet + 7, nullptr);
            p.sheet_height = std::strtod(line.c_str() + line.find('x', sheet) + 1, nullptr);
            dump.pages.push_back(p);
            where = none;
        } else if (line.rfind("  block ", 0) == 0) {
            DumpBlock block;
            block.page = page;
            std::istringstream words(line);
            std::string word;
            words >> word >> word >> block.role;
            block.x = value_of(line, "x"), block.y = value_of(line, "y");
            block.w = value_of(line, "w"), block.h = value_of(line, "h");
            const std::size_t columns = line.find("columns=");
            block.first_column = std::stoi(line.substr(columns + 8));
            block.last_column = std::stoi(line.substr(line.find('-', columns) + 1));
            dump.blocks.push_back(block);
            where = in_block;
        } else if (line.rfind("  column ", 0) == 0) {
            DumpColumn column;
            column.page = page;
            column.column = std::stoi(line.substr(9));
            column.set = std::stoi(line.substr(line.find(" set ") + 5));
            column.x = value_of(line, "x"), column.y = value_of(line, "y"),
            column.w = value_of(line, "w");
            column.bottom = value_of(line, "bottom"), column.limit = value_of(line, "limit");
            dump.columns.push_back(column);
            where = in_column;
        } else if (line.rfind("    ", 0) == 0 && where != none) {
            DumpLine entry;
            std::istringstream words(line);
            std::string role;
            words >> role >> entry.kind;
            entry.role = role.substr(0, role.find('#'));
            entry.block = std::stoi(role.substr(role.find('#') + 1));
            if (entry.kind != "line" && entry.kind != "box") entry.kind.clear();
            entry.x = value_of(line, "x"), entry.y = value_of(line, "y");
            entry.w = value_of(line, "w"), entry.h = value_of(line, "h");
            const double spaces = value_of(line, "spaces");
            entry.spaces = std::isnan(spaces) ? 1 : spaces;
            const double glyphs = value_of(line, "glyphs"), letters = value_of(line, "letters");
            entry.glyphs = std::isnan(glyphs) ? 100 : glyphs;
            entry.letters = std::isnan(letters) ? 0 : letters;
            entry.justified = has_word(line, "justified");
            entry.last = has_word(line, "last");
            entry.hyphen = has_word(line, "hyphen");
            entry.short_line = has_word(line, "short");
            entry.text = quoted_text(line);
            (where == in_block ? dump.blocks.back().lines : dump.columns.back().lines)
                .push_back(entry);
        } else if (line.rfind("  ", 0) == 0 && line.rfind("    ", 0) != 0) {
            where = none;
        }
    }
    return dump;
}

// ---------------------------------------------------------------------------------------------
// Comparing text

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

// Lines joined as a reader joins them: a hyphen that ends a line joins the next line's word.
// Hyphens are then left out altogether, so that "EU-" + "funded" and "As-" + "tana" compare
// with "EU-funded" and "Astana" alike.
std::vector<std::string> reading_words(const std::string& text) {
    std::string joined;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            continue;
        }
        joined += text[i];
    }
    std::vector<std::string> words;
    for (std::string word : split_words(joined)) {
        word.erase(std::remove(word.begin(), word.end(), '-'), word.end());
        if (!word.empty()) words.push_back(word);
    }
    return words;
}

std::string crop_text(const fs::path& pdf, double x, double y, double w, double h, int page = 1) {
    const auto i = [](double v) { return std::to_string(static_cast<long>(std::floor(v))); };
    return run_ok({"/usr/bin/pdftotext", "-f", std::to_string(page), "-l", std::to_string(page),
                   "-x", i(x), "-y", i(y), "-W", i(std::ceil(w)), "-H", i(std::ceil(h)), "-enc",
                   "UTF-8", pdf.string(), "-"});
}

// The region of a column's text: its lines' boxes, a little wider.
std::string column_text(const fs::path& pdf, const DumpColumn& column) {
    const DumpLine& first = column.lines.front();
    const DumpLine& last = column.lines.back();
    return crop_text(pdf, column.x - 4, first.y, column.w + 8, last.y + last.h - first.y + 1,
                     column.page);
}

std::string dump_text(const std::vector<DumpLine>& lines) {
    std::string text;
    for (const DumpLine& line : lines)
        if (line.kind == "line") text += line.text + "\n";
    return text;
}

// ---------------------------------------------------------------------------------------------

bool tools_available() {
    for (const char* tool : {"/usr/bin/pdftotext", "/usr/bin/pdfinfo", "/usr/bin/pdffonts"})
        if (!fs::exists(tool)) return false;
    return true;
}

#define REQUIRE_TOOLS()                                                                            \
    if (!tools_available()) GTEST_SKIP() << "poppler-utils is not installed (scripts/setup.sh)"

struct SampleStyle {
    fs::path article;
    std::string style;
};

std::vector<fs::path> samples() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(test::source_dir() / "samples")) {
        const fs::path& p = entry.path();
        const std::string ext = p.extension().string();
        if (p.filename() == "README.md") continue;
        if (ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json") files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// The API

TEST(Print, OutputNamesAndFileNames) {
    EXPECT_EQ(print_output_from_name("print"), PrintOutput::pdf);
    EXPECT_EQ(print_output_from_name("pdf"), PrintOutput::pdf);
    EXPECT_EQ(print_output_from_name("png"), PrintOutput::png);
    EXPECT_EQ(print_output_from_name("svg"), PrintOutput::svg);
    EXPECT_EQ(print_output_from_name("layout"), PrintOutput::layout);
    EXPECT_FALSE(print_output_from_name("tiff"));
    EXPECT_STREQ(to_string(PrintOutput::layout), "layout");
    EXPECT_EQ(print_file_name("astana", PrintOutput::pdf, 0), "astana.pdf");
    EXPECT_EQ(print_file_name("astana", PrintOutput::png, 2), "astana-2.png");
    EXPECT_EQ(print_file_name("astana", PrintOutput::svg, 1), "astana-1.svg");
    EXPECT_EQ(print_file_name("astana", PrintOutput::layout, 0), "astana.layout.txt");
}

TEST(Print, PagedOutputsNeedOneSinkAPage) {
    MemorySink sink;
    try {
        write_print(astana(), options_for("broadsheet", PrintOutput::png), sink);
        FAIL() << "png into one sink must be refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::usage);
    }
    EXPECT_TRUE(sink.data().empty());
}

TEST(Print, BadResolutionIsAUsageError) {
    PrintOptions options = options_for("default", PrintOutput::png);
    options.dpi = 0;
    try {
        write_print(astana(), options, [](int) { return std::make_unique<MemorySink>(); });
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::usage);
    }
}

// Issue 13: a missing photo no longer fails the article. The print PDF draws nothing where
// it would have gone (no placeholder box: that is for figures that never had a photo), keeps
// the caption and the credit, and a warning names the figure and the path.
TEST(Print, MissingImageIsLeftOutWithAWarningAndNoBox) {
    test::TempDir dir;
    const fs::path article = save(dir, "story.md",
                                  "---\ntitle: A story\n---\n\nText before.\n\n"
                                  "![A caption](photos/missing.jpg \"A credit\")\n\nText after.\n");
    for (const PrintOutput output : {PrintOutput::pdf, PrintOutput::layout}) {
        std::vector<std::string> files;
        const PrintResult result =
            write_print(read(article), options_for("default", output), [&](int) {
                files.emplace_back();
                struct Into final : Sink {
                    std::string& to;
                    explicit Into(std::string& t) : to(t) {}
                    void write(std::string_view bytes) override { to.append(bytes); }
                    void finish() override {}
                    std::string name() const override { return "<memory>"; }
                };
                return std::make_unique<Into>(files.back());
            });
        std::string warnings;
        for (const auto& w : result.warnings) warnings += w.to_string() + "\n";
        EXPECT_NE(warnings.find("figure 1: image 'photos/missing.jpg' was not found"),
                  std::string::npos)
            << warnings;
        EXPECT_EQ(warnings.find("placeholder"), std::string::npos) << warnings;
        ASSERT_EQ(files.size(), 1u);
        if (output == PrintOutput::layout) {
            EXPECT_EQ(files[0].find("placeholder"), std::string::npos) << files[0];
            EXPECT_NE(files[0].find("A caption"), std::string::npos) << files[0];
            EXPECT_NE(files[0].find("A credit"), std::string::npos) << files[0];
        } else {
            EXPECT_TRUE(files[0].starts_with("%PDF-"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layout decisions (goldens)

TEST(Print, ALanguageWithoutHyphenationPatternsIsSetRaggedUnlessTheStyleSaysJustify) {
    // Finnish has no hyphenation patterns on Debian 12: justified in 54.6 mm columns, its long
    // words spread the spaces several times over. The broadsheet's justified body is set
    // ragged instead, with a warning that names the way back.
    const Article finnish = read(test::source_dir() / "tests/data/evenness/finnish.md");
    PrintResult result;
    const Dump ragged = parse_dump(print(finnish, "broadsheet", PrintOutput::layout, &result));
    int body = 0;
    for (const DumpColumn& column : ragged.columns)
        for (const DumpLine& line : column.lines)
            if (line.kind == "line" && line.role == "p") {
                ++body;
                EXPECT_FALSE(line.justified) << line.text;
                EXPECT_EQ(line.spaces, 1) << line.text;
            }
    EXPECT_GT(body, 40);
    bool warned = false;
    for (const Warning& w : result.warnings)
        warned |= w.message.find("set ragged") != std::string::npos &&
                  w.message.find("galley-unhyphenated: justify") != std::string::npos;
    EXPECT_TRUE(warned);

    // `galley-unhyphenated: justify` keeps it justified; English, with patterns, is justified
    // whatever the property says.
    Warnings warnings;
    PrintOptions options = options_for("broadsheet", PrintOutput::layout);
    options.style =
        parse_style_sheet(test::read_file(test::source_dir() / "styles/broadsheet.css") +
                              "\np { galley-unhyphenated: justify }",
                          "broadsheet+.css", warnings);
    ASSERT_TRUE(warnings.empty()) << warnings.front().message;
    MemorySink sink;
    write_print(finnish, options, sink);
    int justified = 0;
    for (const DumpColumn& column : parse_dump(sink.take()).columns)
        for (const DumpLine& line : column.lines) justified += line.justified && !line.last;
    EXPECT_GT(justified, 20);
    for (const DumpColumn& column :
         parse_dump(print(astana(), "broadsheet", PrintOutput::layout)).columns)
        for (const DumpLine& line : column.lines)
            if (line.kind == "line" && line.role == "p" && !line.last) {
                EXPECT_TRUE(line.justified) << line.text;
            }
}

TEST(Print, ALineThatCannotBeJustifiedWithinTheLimitsIsSetShortNotSpread) {
    // In a 54.6 mm column, an indented first line of four words before one that will not
    // hyphenate ("reached") cannot be justified within the limits: its spaces go to 2.4 times
    // their width and the rest of the line is left empty, with one warning that counts such
    // lines and names the first. No word is lost.
    const std::string text =
        "---\ntitle: Grain corridor\nlang: en\n---\n\n"
        "The regional grain board met on Monday to review the winter timetable for the new "
        "freight corridor and its branch lines.\n\n"
        "Exports through the corridor reached a record level last year, according to the grain "
        "board's annual report.\n\n"
        "Exports through the corridor reached a record level in the autumn, the board said, as "
        "farmers sold early.\n";
    const Article article = read_article(text, "corridor.md").article;
    PrintResult result;
    const Dump dump = parse_dump(print(article, "broadsheet", PrintOutput::layout, &result));
    int short_lines = 0;
    std::string words;
    for (const DumpColumn& column : dump.columns)
        for (const DumpLine& line : column.lines) {
            if (line.kind != "line" || line.role != "p") continue;
            words += line.text + "\n";
            if (!line.justified || line.last) continue;
            EXPECT_LE(line.spaces, 2.4 + 0.005) << line.text;
            if (line.short_line) {
                ++short_lines;
                EXPECT_EQ(line.text, "Exports through the corridor");
            }
        }
    EXPECT_EQ(short_lines, 2);
    std::string expected;
    for (const Block& block : article.blocks)
        if (const auto* p = std::get_if<Paragraph>(&block.node))
            expected += plain_text(p->content) + "\n";
    EXPECT_EQ(reading_words(words), reading_words(expected));
    int warned = 0;
    for (const Warning& w : result.warnings)
        warned += w.message.find("2 lines, the first \"Exports through the corridor\", could not "
                                 "be justified within the limits") != std::string::npos;
    EXPECT_EQ(warned, 1);
}

TEST(Print, JustificationKeepsWithinTheStylesGlyphScalingAndLetterSpacing) {
    // The limits come from the style: none turns either off; narrower limits are kept to.
    const Article article = astana();
    const auto lines_with = [&](const std::string& rules) {
        Warnings warnings;
        PrintOptions options = options_for("broadsheet", PrintOutput::layout);
        options.style = parse_style_sheet(
            test::read_file(test::source_dir() / "styles/broadsheet.css") + "\n" + rules,
            "broadsheet+.css", warnings);
        EXPECT_TRUE(warnings.empty()) << warnings.front().message;
        MemorySink sink;
        write_print(article, options, sink);
        std::vector<DumpLine> lines;
        for (const DumpColumn& column : parse_dump(sink.take()).columns)
            for (const DumpLine& line : column.lines)
                if (line.kind == "line" && line.justified && !line.last) lines.push_back(line);
        EXPECT_GT(lines.size(), 50u);
        return lines;
    };
    int scaled = 0, spaced = 0;
    for (const DumpLine& line : lines_with("p { galley-glyph-scaling: none }")) {
        EXPECT_EQ(line.glyphs, 100) << line.text;
        spaced += line.letters != 0;
    }
    EXPECT_GT(spaced, 0);
    for (const DumpLine& line : lines_with("p { galley-letter-spacing: none }")) {
        EXPECT_EQ(line.letters, 0) << line.text;
        scaled += line.glyphs != 100;
    }
    EXPECT_GT(scaled, 0);
    for (const DumpLine& line : lines_with("p { galley-glyph-scaling: 99% 101%; "
                                           "galley-letter-spacing: 0% 1% }")) {
        EXPECT_GE(line.glyphs, 99 - 0.05) << line.text;
        EXPECT_LE(line.glyphs, 101 + 0.05) << line.text;
        EXPECT_GE(line.letters, 0) << line.text;
        EXPECT_LE(line.letters, 0.01 * 9 + 0.005) << line.text;
    }
}

TEST(Print, LayoutDumpsMatchTheirGoldens) {
    struct Case {
        fs::path article;
        std::string style;
        std::string golden;
    };
    const fs::path samples_dir = test::source_dir() / "samples";
    const std::vector<Case> cases = {
        {test::corpus("astana-roundtable.txt"), "broadsheet", "astana-broadsheet"},
        {test::corpus("astana-roundtable.txt"), "default", "astana-default"},
        {samples_dir / "harbour-regatta.xml", "broadsheet", "harbour-regatta-broadsheet"},
        {samples_dir / "city-budget.json", "broadsheet", "city-budget-broadsheet"},
        {samples_dir / "city-budget.json", "default", "city-budget-default"},
        {samples_dir / "press-release-solar.md", "press-release",
         "press-release-solar-press-release"},
        {samples_dir / "arabic-market.md", "broadsheet", "arabic-market-broadsheet"},
        {samples_dir / "chinese-library.md", "default", "chinese-library-default"},
    };
    const fs::path golden_dir = test::source_dir() / "tests" / "golden" / "layout";
    for (const Case& c : cases) {
        SCOPED_TRACE(c.golden);
        const std::string actual = print(read(c.article), c.style, PrintOutput::layout);
        const fs::path golden = golden_dir / (c.golden + ".txt");
        if (test::update_golden()) {
            test::write_file(golden, actual);
            continue;
        }
        ASSERT_TRUE(fs::exists(golden))
            << "no golden " << golden << "; create it with GALLEY_UPDATE_GOLDEN=1";
        EXPECT_EQ(actual, test::read_file(golden))
            << "layout changed for " << c.golden
            << "; if intended, refresh with GALLEY_UPDATE_GOLDEN=1 and "
            << "review the diff";
    }
}

// ---------------------------------------------------------------------------------------------
// The broadsheet page of the Astana article

class AstanaBroadsheet : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        article_ = new Article(astana());
        layout_ = new std::string(print(*article_, "broadsheet", PrintOutput::layout));
        pdf_ = new std::string(print(*article_, "broadsheet", PrintOutput::pdf));
        dump_ = new Dump(parse_dump(*layout_));
    }
    static void TearDownTestSuite() {
        delete article_;
        delete layout_;
        delete pdf_;
        delete dump_;
    }
    static Article* article_;
    static std::string* layout_;
    static std::string* pdf_;
    static Dump* dump_;
};
Article* AstanaBroadsheet::article_ = nullptr;
std::string* AstanaBroadsheet::layout_ = nullptr;
std::string* AstanaBroadsheet::pdf_ = nullptr;
Dump* AstanaBroadsheet::dump_ = nullptr;

TEST_F(AstanaBroadsheet, OneBerlinerPageInFiveColumns) {
    ASSERT_EQ(dump_->pages.size(), 1u);
    EXPECT_NE(layout_->find("grid columns=5"), std::string::npos);
    // Berliner trim 315 × 470 mm.
    EXPECT_NE(layout_->find("x1332.3"), std::string::npos) << *layout_;
    // The headline spans the grid; the lead photo spans three columns at the top.
    ASSERT_GE(dump_->blocks.size(), 2u);
    EXPECT_EQ(dump_->blocks[0].role, "headline");
    EXPECT_EQ(dump_->blocks[0].first_column, 1);
    EXPECT_EQ(dump_->blocks[0].last_column, 5);
    EXPECT_EQ(dump_->blocks[1].role, "figure");
    EXPECT_EQ(dump_->blocks[1].last_column - dump_->blocks[1].first_column + 1, 3);
    EXPECT_NE(layout_->find("credit#"), std::string::npos);
}

TEST_F(AstanaBroadsheet, JustifiedLinesAreEven) {
    // Each justified line takes what it lacks or has too much of from its glyphs first
    // (98–102 %, chosen by the breaker), then its spaces (1.9 times their width down to two
    // thirds), then letter spacing (-1 % to 2 % of the 9 pt em after each letter), and only
    // past all of them wider or narrower spaces — never wider than 2.4 times (a line that would
    // need more is set short), never letters past their limits.
    int justified = 0, within = 0;
    for (const DumpColumn& column : dump_->columns) {
        int run = 0;
        for (const DumpLine& line : column.lines) {
            if (line.kind != "line") continue;
            run = line.hyphen ? run + 1 : 0;
            EXPECT_LE(run, 2) << "three hyphens in a row, ending with: " << line.text;
            if (!line.justified || line.last) continue;
            ++justified;
            if (line.spaces <= 1.9 + 0.005 && line.spaces >= 2.0 / 3 - 0.005) ++within;
            EXPECT_LE(line.spaces, 2.4 + 0.005) << "spaces stretched past 2.4 times: " << line.text;
            EXPECT_GE(line.spaces, 0.45) << "spaces squeezed: " << line.text;
            EXPECT_GE(line.glyphs, 98.0) << line.text;
            EXPECT_LE(line.glyphs, 102.0) << line.text;
            EXPECT_LE(line.letters, 0.02 * 9 + 0.005) << "letters spread: " << line.text;
            EXPECT_GE(line.letters, -0.01 * 9 - 0.005) << "letters squeezed: " << line.text;
        }
    }
    EXPECT_GT(justified, 50);
    EXPECT_GE(within, justified * 9 / 10) << within << " of " << justified;
}

TEST_F(AstanaBroadsheet, PunctuationAtALinesEndHangsIntoTheMargin) {
    // Protrusion: a justified line ending in a full stop, a comma or a hyphen reaches past the
    // column's edge by part of that mark's width; a line ending in a letter ends at the edge.
    // Measured from outside: poppler's word boxes.
    REQUIRE_TOOLS();
    test::TempDir dir;
    const std::string bbox = run_ok({"/usr/bin/pdftotext", "-bbox", "-enc", "UTF-8",
                                     save(dir, "astana.pdf", *pdf_).string(), "-"});
    struct Word {
        double x_min, y_min, x_max;
    };
    std::vector<Word> words;
    const std::regex word(R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)")re");
    for (auto it = std::sregex_iterator(bbox.begin(), bbox.end(), word);
         it != std::sregex_iterator(); ++it)
        words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3])});
    int hanging = 0, flush = 0;
    for (const DumpColumn& column : dump_->columns)
        for (const DumpLine& line : column.lines) {
            if (line.kind != "line" || !line.justified || line.last || line.short_line) continue;
            double end = 0;
            for (const Word& w : words)
                if (std::abs(w.y_min - line.y) < line.h / 2 && w.x_min >= line.x - 2 &&
                    w.x_min < line.x + line.w)
                    end = std::max(end, w.x_max);
            const double past = end - (line.x + line.w);
            const char last = line.text.back();
            if (last == '.' || last == ',' || last == '-') {
                ++hanging;
                EXPECT_GT(past, 0.5) << line.text;
                EXPECT_LT(past, 3.0) << line.text;
            } else if (std::isalpha(static_cast<unsigned char>(last))) {
                ++flush;
                EXPECT_NEAR(past, 0, 0.4) << line.text;
            }
        }
    EXPECT_GT(hanging, 10);
    EXPECT_GT(flush, 30);
}

TEST_F(AstanaBroadsheet, BodyLinesSitOnOneBaselineGrid) {
    const double top = dump_->pages[0].content_top;
    int lines = 0;
    for (const DumpColumn& column : dump_->columns)
        for (const DumpLine& line : column.lines) {
            if (line.kind != "line") continue;
            ++lines;
            const double grid_lines = (line.y - top) / 12.0;
            EXPECT_NEAR(grid_lines, std::round(grid_lines), 0.01)
                << line.role << " at y=" << line.y << ": " << line.text;
        }
    EXPECT_GT(lines, 80);
}

TEST_F(AstanaBroadsheet, LastColumnsAreBalancedWidowsAndOrphansKept) {
    std::vector<double> bottoms;
    for (const DumpColumn& column : dump_->columns)
        if (!column.lines.empty()) bottoms.push_back(column.bottom);
    ASSERT_EQ(bottoms.size(), 5u);
    const auto [low, high] = std::minmax_element(bottoms.begin(), bottoms.end());
    EXPECT_LE(*high - *low, 24.0 + 0.01) << "balanced columns end within two grid lines";
    // A paragraph split between columns leaves at least two lines on each side.
    for (std::size_t c = 0; c + 1 < dump_->columns.size(); ++c) {
        const auto& a = dump_->columns[c].lines;
        const auto& b = dump_->columns[c + 1].lines;
        if (a.empty() || b.empty() || a.back().block != b.front().block) continue;
        const auto tail = std::count_if(
            a.begin(), a.end(), [&](const DumpLine& l) { return l.block == a.back().block; });
        const auto head = std::count_if(
            b.begin(), b.end(), [&](const DumpLine& l) { return l.block == b.front().block; });
        EXPECT_GE(tail, 2) << "orphan at the foot of column " << c + 1;
        EXPECT_GE(head, 2) << "widow at the head of column " << c + 2;
    }
}

TEST_F(AstanaBroadsheet, EachColumnExtractsItsWordsInOrderAndAllWordsArePresent) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    const fs::path pdf = save(dir, "astana.pdf", *pdf_);
    std::string all_text; // the columns in reading order: a word hyphenated at a column's
                          // foot is joined with the next column's first
    for (const DumpColumn& column : dump_->columns) {
        if (column.lines.empty()) continue;
        SCOPED_TRACE("column " + std::to_string(column.column));
        const std::vector<std::string> expected = reading_words(dump_text(column.lines));
        std::string text = column_text(pdf, column);
        EXPECT_EQ(reading_words(text), expected);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\f')) text.pop_back();
        all_text += text + "\n";
    }
    const std::vector<std::string> all = reading_words(all_text);
    // Every word of the article: the dateline, the paragraphs and the tagline.
    std::string source = article_->meta.dateline.place + " \u2014 ";
    for (const Block& block : article_->blocks) {
        if (const auto* p = std::get_if<Paragraph>(&block.node))
            source += plain_text(p->content) + "\n";
        if (const auto* t = std::get_if<Tagline>(&block.node))
            source += plain_text(t->content) + "\n";
    }
    EXPECT_EQ(all, reading_words(source));
}

TEST_F(AstanaBroadsheet, FontsAreEmbeddedAndSubset) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    const std::string out = run_ok({"/usr/bin/pdffonts", save(dir, "a.pdf", *pdf_).string()});
    std::istringstream in(out);
    std::string line;
    int fonts = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0) continue;
        ++fonts;
        EXPECT_NE(line.find('+'), std::string::npos) << "not a subset: " << line;
        EXPECT_TRUE(std::regex_search(line, std::regex(R"( yes +yes +yes +\d+)")))
            << "not embedded and subset: " << line;
    }
    EXPECT_GE(fonts, 3);
}

TEST_F(AstanaBroadsheet, PageBoxesShowTrimAndBleed) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    const std::string out =
        run_ok({"/usr/bin/pdfinfo", "-box", save(dir, "a.pdf", *pdf_).string()});
    const auto box = [&](const std::string& name) {
        const std::size_t at = out.find(name + ":");
        EXPECT_NE(at, std::string::npos) << name << " missing in\n" << out;
        std::array<double, 4> b{};
        std::istringstream values(out.substr(at + name.size() + 1));
        for (double& v : b) values >> v;
        return b;
    };
    const auto media = box("MediaBox"), trim = box("TrimBox"), bleed = box("BleedBox");
    const double mm = 72 / 25.4;
    EXPECT_NEAR(trim[2] - trim[0], 315 * mm, 0.05);
    EXPECT_NEAR(trim[3] - trim[1], 470 * mm, 0.05);
    EXPECT_NEAR(trim[0] - bleed[0], 3 * mm, 0.05) << "bleed: 3mm";
    EXPECT_NEAR(bleed[2] - trim[2], 3 * mm, 0.05);
    EXPECT_GT(bleed[0], media[0] + 5) << "a slug for the crop marks outside the bleed";
    EXPECT_NEAR(media[2] - trim[2], trim[0] - media[0], 0.05);
}

TEST_F(AstanaBroadsheet, StructureOutlineAndMetadata) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    const fs::path pdf = save(dir, "a.pdf", *pdf_);
    const std::string structure = run_ok({"/usr/bin/pdfinfo", "-struct", pdf.string()});
    for (const char* tag : {"Document", "H1", "P", "Figure", "Caption"})
        EXPECT_TRUE(std::regex_search(structure, std::regex(std::string("(^|\n) *") + tag + "\\b")))
            << tag << " missing in\n"
            << structure;
    const std::string info = run_ok({"/usr/bin/pdfinfo", pdf.string()});
    EXPECT_NE(info.find("Title:           Human Rights Day Event Highlights"), std::string::npos)
        << info;
    EXPECT_NE(info.find("Creator:         galley "), std::string::npos) << info;
    EXPECT_NE(info.find("Tagged:          yes"), std::string::npos) << info;
    EXPECT_NE(info.find("CreationDate:    Wed Dec 10 00:00:00 2025"), std::string::npos) << info;
    if (fs::exists("/usr/bin/qpdf")) {
        const std::string json =
            run_ok({"/usr/bin/qpdf", "--json", "--json-key=outlines", pdf.string()});
        EXPECT_NE(json.find("Human Rights Day Event Highlights"), std::string::npos) << json;
        const test::CommandResult check =
            test::run_command({"/usr/bin/qpdf", "--check", pdf.string()});
        EXPECT_EQ(check.status, 0) << check.out << check.err;
    }
}

TEST_F(AstanaBroadsheet, TwoRunsGiveTheSameBytes) {
    // (Compared as booleans: a failure would print megabytes.)
    EXPECT_TRUE(print(*article_, "broadsheet", PrintOutput::pdf) == *pdf_);
    EXPECT_TRUE(print(*article_, "broadsheet", PrintOutput::layout) == *layout_);
    EXPECT_TRUE(print_pages(*article_, "broadsheet", PrintOutput::png) ==
                print_pages(*article_, "broadsheet", PrintOutput::png));
    EXPECT_TRUE(print_pages(*article_, "broadsheet", PrintOutput::svg) ==
                print_pages(*article_, "broadsheet", PrintOutput::svg));
    // After another language on this thread, and on a fresh thread (new font map, new
    // caches): nothing one document leaves behind changes the next.
    print(read(test::source_dir() / "samples" / "arabic-market.md"), "default", PrintOutput::pdf);
    EXPECT_TRUE(print(*article_, "broadsheet", PrintOutput::pdf) == *pdf_);
    std::string other;
    std::thread([&] { other = print(*article_, "broadsheet", PrintOutput::pdf); }).join();
    EXPECT_TRUE(other == *pdf_);
}

TEST_F(AstanaBroadsheet, ThreadsWriteAtOnceWithTheSameResult) {
    constexpr int threads = 4;
    std::vector<std::string> results(threads);
    std::vector<std::string> errors(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            try {
                for (int round = 0; round < 2; ++round)
                    results[static_cast<std::size_t>(t)] =
                        print(*article_, "broadsheet", PrintOutput::pdf);
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(t)] = e.what();
            }
        });
    for (std::thread& worker : workers) worker.join();
    for (int t = 0; t < threads; ++t) {
        EXPECT_EQ(errors[static_cast<std::size_t>(t)], "");
        EXPECT_TRUE(results[static_cast<std::size_t>(t)] == *pdf_) << "thread " << t;
    }
}

// ---------------------------------------------------------------------------------------------
// PDF details

TEST(Print, CreationDateFromSourceDateEpochOrNone) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    Article article = astana();
    article.meta.date.clear();
    Warnings warnings;
    PrintOptions options;
    options.style = load_style("broadsheet", warnings);
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    MemorySink dated;
    write_print(article, options, dated);
    ::unsetenv("SOURCE_DATE_EPOCH");
    MemorySink undated;
    write_print(article, options, undated);
    const std::string with =
        run_ok({"/usr/bin/pdfinfo", save(dir, "d.pdf", dated.data()).string()});
    const std::string without =
        run_ok({"/usr/bin/pdfinfo", save(dir, "u.pdf", undated.data()).string()});
    EXPECT_NE(with.find("CreationDate:    Tue Nov 14 22:13:20 2023"), std::string::npos) << with;
    EXPECT_EQ(without.find("CreationDate"), std::string::npos) << without;
}

TEST(Print, JpegPassesThroughAndLinksAreKept) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    const fs::path sample = test::source_dir() / "samples" / "harbour-regatta.xml";
    const std::string pdf = print(read(sample), "default", PrintOutput::pdf);
    const std::string jpeg =
        test::read_file(test::source_dir() / "samples" / "photos" / "harbour-regatta.jpg");
    EXPECT_NE(pdf.find(jpeg), std::string::npos) << "the JPEG's own bytes are in the PDF";
    const std::string images =
        run_ok({"/usr/bin/pdfimages", "-list", save(dir, "h.pdf", pdf).string()});
    EXPECT_NE(images.find("jpeg"), std::string::npos) << images;

    const std::string budget = print(read(test::source_dir() / "samples" / "city-budget.json"),
                                     "broadsheet", PrintOutput::pdf);
    const std::string urls =
        run_ok({"/usr/bin/pdfinfo", "-url", save(dir, "b.pdf", budget).string()});
    EXPECT_NE(urls.find("http"), std::string::npos) << urls;
}

TEST(Print, CmykJpegIsConvertedToRgb) {
    REQUIRE_TOOLS();
    if (!fs::exists("/usr/bin/convert") || !fs::exists("/usr/bin/pdftoppm"))
        GTEST_SKIP() << "imagemagick needed";
    test::TempDir dir;
    run_ok({"/usr/bin/convert", "-size", "120x80", "xc:#d01010", "-colorspace", "CMYK", "-quality",
            "90", (dir / "red.jpg").string()});
    const fs::path article = save(
        dir, "story.md",
        "---\ntitle: Red\n---\n\n![A red card](red.jpg \"A. Photographer\")\n\nA line of text.\n");
    const std::string pdf = print(read(article), "default", PrintOutput::pdf);
    const fs::path path = save(dir, "red.pdf", pdf);
    const std::string images = run_ok({"/usr/bin/pdfimages", "-list", path.string()});
    EXPECT_EQ(images.find("cmyk"), std::string::npos) << images;
    EXPECT_NE(images.find("rgb"), std::string::npos) << images;
    // The middle of the photo, rendered by poppler, is red (not cyan, as a CMYK JPEG
    // mistaken for RGB would be).
    const Dump dump = parse_dump(print(read(article), "default", PrintOutput::layout));
    const DumpLine* photo = nullptr;
    for (const DumpBlock& block : dump.blocks)
        for (const DumpLine& line : block.lines)
            if (line.role == "img") photo = &line;
    for (const DumpColumn& column : dump.columns)
        for (const DumpLine& line : column.lines)
            if (line.role == "img") photo = &line;
    ASSERT_NE(photo, nullptr);
    const int x = static_cast<int>(photo->x + photo->w / 2),
              y = static_cast<int>(photo->y + photo->h / 2);
    const std::string ppm = run_ok({"/usr/bin/pdftoppm", "-r", "72", "-x", std::to_string(x), "-y",
                                    std::to_string(y), "-W", "1", "-H", "1", path.string()});
    ASSERT_GE(ppm.size(), 3u);
    const auto* rgb = reinterpret_cast<const unsigned char*>(ppm.data() + ppm.size() - 3);
    EXPECT_GT(rgb[0], 150);
    EXPECT_LT(rgb[1], 90);
    EXPECT_LT(rgb[2], 90);
}

TEST(Print, SoftHyphensLeaveNoTraceAndLineEndHyphensAreHyphens) {
    REQUIRE_TOOLS();
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 30; ++i)
        text += "in\u00ADde\u00ADpen\u00ADdent or\u00ADga\u00ADni\u00ADza\u00ADtions "
                "en\u00ADcour\u00ADaged "
                "trans\u00ADpar\u00ADen\u00ADcy ";
    const fs::path article = save(dir, "soft.txt", "Soft hyphens\n\n" + text + "\n");
    const std::string pdf = print(read(article), "broadsheet", PrintOutput::pdf);
    const fs::path path = save(dir, "s.pdf", pdf);
    const std::string page = run_ok({"/usr/bin/pdftotext", "-enc", "UTF-8", path.string(), "-"});
    EXPECT_EQ(page.find("\u00AD"), std::string::npos) << "a soft hyphen reached the page";
    const Dump dump = parse_dump(print(read(article), "broadsheet", PrintOutput::layout));
    int hyphenated = 0;
    for (const DumpColumn& column : dump.columns) {
        if (column.lines.empty()) continue;
        for (const DumpLine& line : column.lines) hyphenated += line.hyphen ? 1 : 0;
        // A hyphenated line end extracts as a hyphen: joined, every word comes back whole.
        const std::vector<std::string> words = reading_words(column_text(path, column));
        EXPECT_EQ(words, reading_words(dump_text(column.lines)));
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& word = words[i];
            const bool whole = word == "independent" || word == "organizations" ||
                               word == "encouraged" || word == "transparency";
            // A column may begin or end in the middle of a hyphenated word.
            const bool edge = i == 0 || i + 1 == words.size();
            EXPECT_TRUE(whole || edge) << "stray characters: " << word;
        }
    }
    EXPECT_GT(hyphenated, 0);
}

// ---------------------------------------------------------------------------------------------
// Right-to-left and CJK

void expect_extracts_in_logical_order(const fs::path& sample, const std::string& style) {
    test::TempDir dir;
    const Article article = read(sample);
    const fs::path pdf = save(dir, "a.pdf", print(article, style, PrintOutput::pdf));
    const Dump dump = parse_dump(print(article, style, PrintOutput::layout));
    std::string extracted;
    for (const DumpColumn& column : dump.columns)
        if (!column.lines.empty()) extracted += column_text(pdf, column);
    std::string source = article.meta.dateline.place + " \u2014 ";
    for (const Block& block : article.blocks) {
        if (const auto* p = std::get_if<Paragraph>(&block.node)) source += plain_text(p->content);
        if (const auto* h = std::get_if<Heading>(&block.node)) source += plain_text(h->content);
    }
    const std::u32string want = test::comparable(source), got = test::comparable(extracted);
    EXPECT_EQ(got.size(), want.size()) << extracted;
    std::size_t first_difference = 0;
    while (first_difference < std::min(got.size(), want.size()) &&
           got[first_difference] == want[first_difference])
        ++first_difference;
    const auto around = [&](const std::u32string& text) {
        std::string out;
        for (std::size_t i = first_difference >= 12 ? first_difference - 12 : 0;
             i < std::min(text.size(), first_difference + 12); ++i) {
            const char32_t c = text[i] >= 0x100000 ? text[i] - 0x100000 : text[i];
            out += "U+" + std::to_string(static_cast<unsigned long>(c)) +
                   (i == first_difference ? "* " : " ");
        }
        return out;
    };
    EXPECT_EQ(first_difference, want.size())
        << "extracted text differs from the source at character " << first_difference
        << "\nsource:    " << around(want) << "\nextracted: " << around(got) << "\n"
        << extracted;
    // The headline block, above the columns, in logical order too.
    std::string head;
    for (const DumpBlock& block : dump.blocks)
        if (block.role == "headline")
            head += crop_text(pdf, block.x - 2, block.y, block.w + 4, block.h, block.page);
    EXPECT_EQ(test::comparable(head), test::comparable(article.meta.headline)) << head;
}

TEST(Print, ArabicExtractsInLogicalOrder) {
    REQUIRE_TOOLS();
    expect_extracts_in_logical_order(test::source_dir() / "samples" / "arabic-market.md",
                                     "default");
    expect_extracts_in_logical_order(test::source_dir() / "samples" / "arabic-market.md",
                                     "broadsheet");
}

TEST(Print, ChineseExtractsInLogicalOrder) {
    REQUIRE_TOOLS();
    expect_extracts_in_logical_order(test::source_dir() / "samples" / "chinese-library.md",
                                     "default");
    expect_extracts_in_logical_order(test::source_dir() / "samples" / "chinese-library.md",
                                     "broadsheet");
}

TEST(Print, RightToLeftColumnsRunFromTheRight) {
    const Dump dump = parse_dump(print(read(test::source_dir() / "samples" / "arabic-market.md"),
                                       "broadsheet", PrintOutput::layout));
    std::map<int, double> x;
    for (const DumpColumn& column : dump.columns) x[column.column] = column.x;
    ASSERT_GE(x.size(), 2u);
    EXPECT_GT(x[1], x[2]) << "the first column of an Arabic page is on the right";
}

// ---------------------------------------------------------------------------------------------
// Every sample with every bundled style

TEST(Print, PngAndSvgProofsOfEverySampleWithEveryStyle) {
    const std::vector<fs::path> files = samples();
    ASSERT_GE(files.size(), 7u);
    const std::vector<BundledStyle> styles = bundled_styles();
    ASSERT_GE(styles.size(), 3u);
    for (const fs::path& sample : files) {
        const Article article = read(sample);
        for (const BundledStyle& style : styles) {
            SCOPED_TRACE(sample.filename().string() + " with " + style.name);
            const std::vector<std::string> png =
                print_pages(article, style.name, PrintOutput::png, 20);
            ASSERT_FALSE(png.empty());
            for (const std::string& page : png) EXPECT_EQ(page.substr(0, 8), "\x89PNG\r\n\x1A\n");
            const std::vector<std::string> svg = print_pages(article, style.name, PrintOutput::svg);
            EXPECT_EQ(svg.size(), png.size());
            for (const std::string& page : svg) EXPECT_NE(page.find("<svg"), std::string::npos);
        }
    }
}

TEST(Print, PullQuoteSpansTwoColumnsWithTextAboveAndBelow) {
    const Dump dump = parse_dump(print(read(test::source_dir() / "samples" / "city-budget.json"),
                                       "broadsheet", PrintOutput::layout));
    const DumpBlock* quote = nullptr;
    for (const DumpBlock& block : dump.blocks)
        if (block.role == "pullquote") quote = &block;
    ASSERT_NE(quote, nullptr);
    EXPECT_EQ(quote->last_column - quote->first_column + 1, 2);
    // No column line overlaps it.
    for (const DumpColumn& column : dump.columns) {
        if (column.column < quote->first_column || column.column > quote->last_column) continue;
        for (const DumpLine& line : column.lines)
            EXPECT_TRUE(line.y + line.h <= quote->y + 0.01 || line.y >= quote->y + quote->h - 0.01)
                << "line under the pull quote: " << line.text;
    }
}
