// Page make-up rules, asserted on the layout dumps of both typeset backends (print: Pango and
// Cairo; pdf: libharu), which share one engine (src/layout/): no runt last page, no paragraph
// of three lines or fewer split across columns, and the lead paragraph under a photo that
// spans columns set whole in one column.
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace galley;
namespace fs = std::filesystem;

namespace {

enum class Backend { pdf, print };

const char* name_of(Backend backend) {
    return backend == Backend::pdf ? "pdf" : "print";
}

// A bundled sheet with `more` rules after its own.
StyleSheet sheet(const std::string& name, const std::string& more = {}) {
    Warnings warnings;
    const std::string css =
        test::read_file(test::source_dir() / "styles" / (name + ".css")) + "\n" + more;
    StyleSheet style = parse_style_sheet(css, name + "+.css", warnings);
    EXPECT_TRUE(warnings.empty()) << warnings.front().message;
    return style;
}

Article read(const fs::path& path) {
    return read_article_file(path.string()).article;
}

std::string layout_dump(const Article& article, const StyleSheet& style, Backend backend) {
    MemorySink sink;
    if (backend == Backend::pdf) {
        PdfOptions options;
        options.style = style;
        options.layout_dump = true;
        options.created = 0;
        write_pdf(article, options, sink);
    } else {
        PrintOptions options;
        options.style = style;
        options.output = PrintOutput::layout;
        options.created = 0;
        write_print(article, options, sink);
    }
    return sink.take();
}

// ---------------------------------------------------------------------------------------------
// Reading the layout dump: what sits where, in the dump's order (a page's placed blocks, then
// its columns), which in one column is the reading order.

struct Element {
    int page = 0;
    int column = 0; // from 1; 0 inside a placed block
    int set = 0;
    std::string role;
    int block = 0;
    std::string kind; // "line", "box" or "" for a space
    double y = 0, h = 0;
    double ratio = 0;
    double glyphs = 100; // the line's glyph scaling, percent
    bool justified = false, last = false;
    std::string text;
};

struct PlacedBlock {
    int page = 0;
    std::string role;
    bool floated = false;
    double y = 0, h = 0;
    int first_column = 0, last_column = 0;
};

struct Dump {
    std::vector<double> content_top, content_bottom; // per page
    std::vector<Element> elements;
    std::vector<PlacedBlock> blocks;
    int pages() const { return static_cast<int>(content_top.size()); }
};

double value_of(const std::string& line, const std::string& key) {
    const std::size_t at = line.find(" " + key + "=");
    if (at == std::string::npos) return NAN;
    return std::strtod(line.c_str() + at + key.size() + 2, nullptr);
}

std::string quoted_text(const std::string& line) {
    const std::size_t quote = line.find('"');
    if (quote == std::string::npos) return {};
    std::string out;
    for (std::size_t i = quote + 1; i + 1 < line.size(); ++i) {
        if (line[i] == '\\') ++i;
        out += line[i];
    }
    return out;
}

Dump parse(const std::string& text) {
    Dump dump;
    std::istringstream in(text);
    std::string line;
    int page = 0, column = 0, set = 0;
    while (std::getline(in, line)) {
        if (line.rfind("page ", 0) == 0) {
            page = std::stoi(line.substr(5));
            const std::size_t content = line.find(" content=");
            const std::size_t y = line.find(',', content) + 1;
            dump.content_top.push_back(std::strtod(line.c_str() + y, nullptr));
            dump.content_bottom.push_back(
                dump.content_top.back() +
                std::strtod(line.c_str() + line.find('x', y) + 1, nullptr));
            column = -1;
        } else if (line.rfind("  block ", 0) == 0) {
            PlacedBlock block;
            block.page = page;
            std::istringstream words(line);
            std::string word;
            words >> word >> word >> block.role;
            block.floated = line.find(" float=") != std::string::npos;
            block.y = value_of(line, "y"), block.h = value_of(line, "h");
            const std::size_t columns = line.find("columns=");
            block.first_column = std::stoi(line.substr(columns + 8));
            block.last_column = std::stoi(line.substr(line.find('-', columns) + 1));
            dump.blocks.push_back(block);
            column = 0;
        } else if (line.rfind("  column ", 0) == 0) {
            column = std::stoi(line.substr(9));
            set = std::stoi(line.substr(line.find(" set ") + 5));
        } else if (line.rfind("    ", 0) == 0 && column >= 0) {
            Element e;
            e.page = page, e.column = column, e.set = column > 0 ? set : 0;
            std::istringstream words(line);
            std::string role;
            words >> role >> e.kind;
            e.role = role.substr(0, role.find('#'));
            e.block = std::stoi(role.substr(role.find('#') + 1));
            if (e.kind != "line" && e.kind != "box") e.kind.clear();
            e.y = value_of(line, "y"), e.h = value_of(line, "h");
            const double ratio = value_of(line, "ratio");
            e.ratio = std::isnan(ratio) ? 0 : ratio;
            const double glyphs = value_of(line, "glyphs");
            e.glyphs = std::isnan(glyphs) ? 100 : glyphs;
            e.justified = line.find(" justified") < line.find('"');
            e.last = line.find(" last") < line.find('"');
            e.text = quoted_text(line);
            dump.elements.push_back(e);
        } else if (line.rfind("  ", 0) == 0) {
            column = -1; // a rule or something else that is not an element's container
        }
    }
    return dump;
}

// ---------------------------------------------------------------------------------------------
// Short paragraphs and the lead paragraph under a photo

std::vector<fs::path> articles() {
    std::vector<fs::path> files{test::corpus("astana-roundtable.txt")};
    for (const auto& entry : fs::directory_iterator(test::source_dir() / "samples")) {
        const fs::path& p = entry.path();
        const std::string ext = p.extension().string();
        if (p.filename() != "README.md" &&
            (ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json"))
            files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(MakeUp, ParagraphsOfThreeLinesOrFewerAreNeverSplit) {
    // widows: 1 and orphans: 1 would let a column end after any line.
    int split = 0; // longer paragraphs split with one line on a side: the sheet allows it
    for (const std::string style : {"default", "broadsheet"}) {
        const StyleSheet relaxed = sheet(style, "article { widows: 1; orphans: 1; }");
        for (const fs::path& file : articles()) {
            const Article article = read(file);
            for (const Backend backend : {Backend::print, Backend::pdf}) {
                SCOPED_TRACE(file.filename().string() + " " + style + " " + name_of(backend));
                const Dump dump = parse(layout_dump(article, relaxed, backend));
                std::map<int, std::vector<const Element*>> blocks;
                for (const Element& e : dump.elements)
                    if (e.kind == "line" && e.column > 0) blocks[e.block].push_back(&e);
                for (const auto& [block, lines] : blocks) {
                    const auto place = [](const Element* e) {
                        return std::tuple(e->page, e->set, e->column);
                    };
                    const auto first_part = static_cast<std::size_t>(
                        std::count_if(lines.begin(), lines.end(), [&](const Element* e) {
                            return place(e) == place(lines.front());
                        }));
                    if (lines.size() <= 3) {
                        EXPECT_EQ(first_part, lines.size())
                            << "a paragraph of " << lines.size() << " lines split after \""
                            << lines[first_part - 1]->text << "\"";
                    } else if (first_part < lines.size() &&
                               (first_part == 1 || lines.size() - first_part == 1)) {
                        ++split;
                    }
                }
            }
        }
    }
    EXPECT_GT(split, 0) << "widows: 1 and orphans: 1 never took effect";
}

TEST(MakeUp, ATopBorderOrPaddingStaysWithTheFirstLineUnderIt) {
    // Balanced columns ended city-budget's tagline after its rule and padding, in column 1,
    // and set its lines in column 2.
    int checked = 0;
    for (const std::string style : {"default", "broadsheet"}) {
        const StyleSheet styles = sheet(style, "");
        for (const fs::path& file : articles()) {
            const Article article = read(file);
            for (const Backend backend : {Backend::print, Backend::pdf}) {
                SCOPED_TRACE(file.filename().string() + " " + style + " " + name_of(backend));
                const Dump dump = parse(layout_dump(article, styles, backend));
                for (std::size_t k = 0; k + 1 < dump.elements.size(); ++k) {
                    const Element& space = dump.elements[k];
                    const Element& line = dump.elements[k + 1];
                    if (!space.kind.empty() || line.kind != "line" || space.block != line.block ||
                        space.column == 0)
                        continue;
                    ++checked;
                    EXPECT_EQ(std::tuple(space.page, space.set, space.column),
                              std::tuple(line.page, line.set, line.column))
                        << "\"" << line.text << "\" went on without its top border or padding";
                }
            }
        }
    }
    EXPECT_GT(checked, 0) << "no block with a top border or padding";
}

// The lines of each paragraph that starts right under a figure spanning columns (floated or
// across the grid), in the first column it covers, and the room below it to the page's foot.
struct LeadUnderPhoto {
    std::vector<const Element*> lines;
    double room = 0;
};

std::vector<LeadUnderPhoto> leads_under_photos(const Dump& dump) {
    std::vector<LeadUnderPhoto> leads;
    for (const PlacedBlock& photo : dump.blocks) {
        if (photo.role != "figure" || photo.last_column == photo.first_column) continue;
        const double foot = photo.y + photo.h;
        const Element* first = nullptr;
        for (const Element& e : dump.elements)
            if (e.page == photo.page && e.column == photo.first_column && e.y >= foot - 0.05 &&
                (!first || e.y < first->y))
                first = &e;
        if (!first || first->kind != "line" || first->role != "p") continue;
        // Right under it, and the paragraph's first line.
        const auto earlier =
            std::find_if(dump.elements.begin(), dump.elements.end(),
                         [&](const Element& e) { return e.block == first->block; });
        if (&*earlier != first) continue;
        LeadUnderPhoto lead;
        for (const Element& e : dump.elements)
            if (e.block == first->block && e.kind == "line") lead.lines.push_back(&e);
        lead.room = dump.content_bottom[static_cast<std::size_t>(first->page - 1)] - first->y;
        leads.push_back(lead);
    }
    return leads;
}

TEST(MakeUp, TheLeadParagraphUnderASpanningPhotoIsWhole) {
    // In the broadsheet the lead photo floats over three columns at the top and the columns
    // under it are balanced short: the lead paragraph was split across two of them.
    int checked = 0;
    for (const std::string style : {"broadsheet", "default"}) {
        for (const fs::path& file : articles()) {
            SCOPED_TRACE(file.filename().string() + " " + style);
            const Dump dump = parse(layout_dump(read(file), sheet(style), Backend::print));
            for (const LeadUnderPhoto& lead : leads_under_photos(dump)) {
                double height = 0;
                for (const Element* line : lead.lines) height += line->h;
                if (height > lead.room + 0.05) continue; // longer than any column there
                ++checked;
                const Element& first = *lead.lines.front();
                for (const Element* line : lead.lines)
                    EXPECT_TRUE(line->page == first.page && line->column == first.column &&
                                line->set == first.set)
                        << "the lead paragraph goes on in column " << line->column << ": "
                        << line->text;
            }
        }
    }
    EXPECT_GE(checked, 5);
    // The regatta's lead paragraph of nine lines: whole under the photo.
    const Dump regatta = parse(layout_dump(read(test::source_dir() / "samples/harbour-regatta.xml"),
                                           sheet("broadsheet"), Backend::print));
    const std::vector<LeadUnderPhoto> leads = leads_under_photos(regatta);
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_GE(leads[0].lines.size(), 8u);
    EXPECT_EQ(leads[0].lines.front()->column, 1);
    EXPECT_EQ(leads[0].lines.back()->column, 1);
}

// ---------------------------------------------------------------------------------------------
// Runts

// The words of the dump's lines as a reader reads them: a hyphen ending a line joins the next
// line's word, and hyphens are then left out (so that a word broken differently compares the
// same).
std::vector<std::string> words_of(const Dump& dump) {
    std::string joined;
    for (const Element& e : dump.elements) {
        if (e.kind != "line") continue;
        if (!joined.empty() && joined.back() == '-')
            joined.pop_back();
        else
            joined += ' ';
        joined += e.text;
    }
    std::vector<std::string> words;
    std::istringstream in(joined);
    for (std::string word; in >> word;) {
        word.erase(std::remove(word.begin(), word.end(), '-'), word.end());
        if (!word.empty()) words.push_back(word);
    }
    return words;
}

int lines_of(const Dump& dump, const std::string& role) {
    return static_cast<int>(
        std::count_if(dump.elements.begin(), dump.elements.end(),
                      [&](const Element& e) { return e.kind == "line" && e.role == role; }));
}

Article markdown(const std::string& text) {
    return read_article(text, "article.md").article;
}

// One column on a page `height` points tall with 20 mm margins, in `style` for either medium.
StyleSheet one_column(const std::string& style, double height) {
    std::ostringstream css;
    css.imbue(std::locale::classic());
    css << "@page { size: 210mm " << height << "pt; margin: 20mm; }\n"
        << "@media print { article { column-count: 1; } }\n";
    return sheet(style, css.str());
}

constexpr double margins = 2 * 20 * 72 / 25.4; // top and bottom, points

// The layout of `article` in one column on a page just too short for its tagline: the page
// ends half a body line above the tagline's foot, as the article is set on a page tall
// enough for all of it (`whole`).
Dump just_too_short(const Article& article, Backend backend, Dump* whole) {
    *whole = parse(layout_dump(article, one_column("default", 5000), backend));
    EXPECT_EQ(whole->pages(), 1);
    double foot = 0, body_line = 0;
    for (const Element& e : whole->elements) {
        foot = std::max(foot, e.y + e.h);
        if (e.role == "p" && e.kind == "line") body_line = e.h;
    }
    const double height = foot - whole->content_top[0] - body_line / 2 + margins;
    return parse(layout_dump(article, one_column("default", height), backend));
}

// An article of short words in paragraphs of different lengths, ending in a tagline. Each
// paragraph is cut, from its layout on a tall page, to end in a last line of `last_words`
// short words; one is what the spaces and glyphs of its other lines can take in, so that the
// breaker can set it a line shorter whatever its exact line breaks. `base` words or more each.
Article short_words_article(Backend backend, int last_words = 1, int base = 40) {
    static const char* words[] = {
        "the",   "new",  "bus",  "line",   "will", "run",  "from", "the", "old",   "mill", "to",
        "the",   "port", "and",  "back",   "each", "day",  "at",   "six", "and",   "at",   "ten",
        "in",    "the",  "cold", "months", "a",    "fare", "is",   "two", "coins", "for",  "all",
        "who",   "ride", "it",   "far",    "or",   "near", "so",   "say", "the",   "men",  "and",
        "women", "who",  "plan", "it",     "but",  "not",  "yet",  "the", "vans",  "that", "ply",
        "the",   "road", "now",  "and",    "they", "ask",  "why"};
    const int count = static_cast<int>(std::size(words));
    std::vector<int> lengths;
    for (int p = 0; p < 12; ++p) lengths.push_back(base + (p * 23) % 50);
    const auto article = [&] {
        std::string text = "---\ntitle: Short words on a long road\nlang: en\n---\n\n";
        for (std::size_t p = 0; p < lengths.size(); ++p)
            for (int w = 0; w < lengths[p]; ++w) {
                std::string word = words[(static_cast<int>(p) * 7 + w) % count];
                if (w == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
                text += word;
                text += w + 1 == lengths[p] ? ".\n\n" : (w % 11 == 10 ? ", " : " ");
            }
        text += "> [!tagline]\n> Road News comes out on each day of the week but one; ask for it "
                "at the bus stop or read it on the web at any hour of the day or night.\n";
        return markdown(text);
    };
    const Dump tall = parse(layout_dump(article(), one_column("default", 5000), backend));
    std::size_t p = 0;
    for (const Element& e : tall.elements)
        if (e.role == "p" && e.kind == "line" && e.last && p < lengths.size()) {
            std::istringstream in(e.text);
            int words_on_line = 0;
            for (std::string word; in >> word;) ++words_on_line;
            lengths[p++] -= std::max(words_on_line - last_words, 0);
        }
    EXPECT_EQ(p, lengths.size());
    return article();
}

class Runt : public ::testing::TestWithParam<Backend> {};

TEST_P(Runt, ATaglineAloneOnTheLastPageIsPulledBack) {
    // Without pulling back, the tagline (two lines, kept whole) would stand alone on page 2.
    // Paragraphs set a line shorter pull it back onto page 1.
    const Article article = short_words_article(GetParam());
    Dump whole;
    const Dump dump = just_too_short(article, GetParam(), &whole);
    EXPECT_EQ(dump.pages(), 1);
    EXPECT_EQ(lines_of(dump, "tagline"), lines_of(whole, "tagline"));
    EXPECT_LT(lines_of(dump, "p"), lines_of(whole, "p")) << "no paragraph was set shorter";
    // Never a word dropped or moved; never a line shrunk past its limit.
    EXPECT_EQ(words_of(dump), words_of(whole));
    for (const Element& e : dump.elements)
        if (e.kind == "line") {
            EXPECT_GE(e.ratio, -1.0) << e.text;
        }
}

TEST_P(Runt, TighterScalingPullsBackWhatTheStylesLimitsCannot) {
    // Last lines of several words: more than the paragraphs' lines can take in at the style's
    // limits (glyphs to 98 %, letters to -1 %), not more than at twice those (96 %, -2 %).
    // (Measured: at their own limits the paragraphs save no line; at twice them, five.)
    const Article article = short_words_article(GetParam(), 4, 20);
    Dump whole;
    const Dump dump = just_too_short(article, GetParam(), &whole);
    EXPECT_EQ(dump.pages(), 1);
    EXPECT_LT(lines_of(dump, "p"), lines_of(whole, "p")) << "no paragraph was set shorter";
    EXPECT_EQ(words_of(dump), words_of(whole));
    int tighter = 0;
    for (const Element& e : dump.elements)
        if (e.kind == "line") {
            EXPECT_GE(e.ratio, -1.0) << e.text;
            if (e.glyphs < 98 - 1e-9) ++tighter;
        }
    EXPECT_GT(tighter, 0) << "no line went past the style's own limits";
}

TEST_P(Runt, APageOfOneUnbreakableBlockKeepsItsRunt) {
    // A code block cannot be set shorter: the tagline keeps its page of its own.
    std::string text = "---\ntitle: A listing\n---\n\n```\n";
    for (int i = 1; i <= 36; ++i)
        text += "step " + std::to_string(i) + ": move the bus from stop " + std::to_string(i) +
                " to the next one\n";
    text += "```\n\n> [!tagline]\n> Road News comes out on each day of the week but one; ask for "
            "it at the bus stop or read it on the web at any hour of the day or night.\n";
    const Article article = markdown(text);
    Dump whole;
    const Dump dump = just_too_short(article, GetParam(), &whole);
    ASSERT_EQ(dump.pages(), 2);
    for (const Element& e : dump.elements)
        if (e.page == 2 && e.kind == "line") {
            EXPECT_EQ(e.role, "tagline") << e.text;
        }
    EXPECT_EQ(lines_of(dump, "tagline"), lines_of(whole, "tagline"));
    EXPECT_EQ(words_of(dump), words_of(whole));
}

INSTANTIATE_TEST_SUITE_P(Backends, Runt, ::testing::Values(Backend::pdf, Backend::print),
                         [](const auto& info) { return std::string(name_of(info.param)); });

} // namespace
