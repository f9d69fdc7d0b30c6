// The PDF backend: valid (qpdf), fonts embedded and subset (pdffonts), every word extracts back
// in reading order (pdftotext, mutool), reproducible, small; unsupported text reported;
// images of every kind placed; errors that name what failed.
#include "galley/pdf.hpp"

#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "pdf/hpdf_document.hpp"
#include "support.hpp"
#include "text/unicode_internal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using galley::test::TempDir;

constexpr const char* qpdf = "/usr/bin/qpdf";
constexpr const char* pdffonts = "/usr/bin/pdffonts";
constexpr const char* pdftotext = "/usr/bin/pdftotext";
constexpr const char* pdfinfo = "/usr/bin/pdfinfo";
constexpr const char* pdfimages = "/usr/bin/pdfimages";
constexpr const char* mutool = "/usr/bin/mutool";
constexpr const char* convert = "/usr/bin/convert";
// 2025-12-10T07:30:00Z
constexpr std::int64_t fixed_moment = 1765351800;

// ---------------------------------------------------------------------------------------------
// Inputs and outputs

// The sample articles (samples/*.txt, *.md, *.xml, *.json; not README.md), sorted by name.
std::vector<fs::path> sample_paths() {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(galley::test::source_dir() / "samples")) {
        const fs::path& path = entry.path();
        const std::string ext = path.extension().string();
        if (path.filename() == "README.md") continue;
        if (ext == ".txt" || ext == ".md" || ext == ".xml" || ext == ".json") paths.push_back(path);
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

fs::path astana_path() {
    return galley::test::corpus("astana-roundtable.txt");
}

fs::path mars_path() {
    return galley::test::corpus("articles/ru_wikipedia_mars_excerpt.md");
}

galley::Article read_article(const fs::path& path) {
    return galley::read_article_file(path.string()).article;
}

const galley::StyleSheet& style(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, galley::StyleSheet> sheets;
    std::lock_guard lock(mutex);
    auto found = sheets.find(name);
    if (found == sheets.end()) {
        galley::Warnings warnings;
        found = sheets.emplace(name, galley::load_style(name, warnings)).first;
    }
    return found->second;
}

galley::PdfOptions fixed_options() {
    galley::PdfOptions options;
    options.created = fixed_moment;
    return options;
}

// `options` with `sheet` as their style.
galley::PdfOptions with_style(galley::PdfOptions options, const galley::StyleSheet& sheet) {
    options.style = sheet;
    return options;
}

std::string pdf_bytes(const galley::Article& article, const std::string& style_name = "default",
                      const galley::PdfOptions& options = fixed_options(),
                      galley::Warnings* warnings = nullptr) {
    galley::MemorySink sink;
    galley::PdfResult result =
        galley::write_pdf(article, with_style(options, style(style_name)), sink);
    EXPECT_TRUE(sink.finished());
    if (warnings != nullptr) *warnings = std::move(result.warnings);
    return sink.take();
}

fs::path write_pdf(const TempDir& dir, const std::string& name, const galley::Article& article,
                   const std::string& style_name = "default") {
    const fs::path path = dir / name;
    galley::FileSink sink(path);
    galley::write_pdf(article, with_style(fixed_options(), style(style_name)), sink);
    return path;
}

std::string joined(const galley::Warnings& warnings) {
    std::string text;
    for (const galley::Warning& warning : warnings) text += warning.to_string() + "\n";
    return text;
}

// ---------------------------------------------------------------------------------------------
// Words: what a reader gets back from the PDF, compared with what the article says

std::string fold_case(std::string_view text) {
    namespace tu = galley::detail::text_unicode;
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const tu::Decoded d = tu::decode(text, i);
        tu::append_utf8(out, tu::to_lower(d.code_point));
        i += d.length;
    }
    return out;
}

// Words of running text for comparing: hyphens (which line ends add and pdftotext removes)
// dropped, no-break spaces read as spaces, soft hyphens removed, case folded (small capitals
// and text-transform change case).
std::vector<std::string> normalized_words(std::string text) {
    std::string clean;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-') continue;
        if (text.compare(i, 2, "\u00A0") == 0) {
            clean += ' ';
            ++i;
            continue;
        }
        if (text.compare(i, 2, "\u00AD") == 0) {
            ++i;
            continue;
        }
        if (text.compare(i, 3, "\u2010") == 0) {
            i += 2;
            continue;
        }
        clean += text[i];
    }
    std::istringstream in(fold_case(clean));
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

bool is_folio(const std::string& line) {
    // "1 / 2", the default style's folio.
    std::istringstream in(line);
    int page = 0, pages = 0;
    char slash = 0;
    std::string rest;
    return static_cast<bool>(in >> page >> slash >> pages) && slash == '/' && !(in >> rest);
}

std::string trimmed(const std::string& line) {
    const auto begin = line.find_first_not_of(" \t\f\r");
    if (begin == std::string::npos) return {};
    const auto end = line.find_last_not_of(" \t\f\r");
    return line.substr(begin, end - begin + 1);
}

// The words of extracted text: running heads (`running_head`, on the pages after the first)
// and folios dropped, lines that end inside a word (after a hyphen or a dash) joined to the
// next.
std::vector<std::string> extracted_words(const std::string& text, const std::string& running_head) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(text);
    int page = 1;
    while (std::getline(in, line)) {
        std::size_t start = 0;
        for (std::size_t i = 0; i <= line.size(); ++i) {
            if (i < line.size() && line[i] != '\f') continue;
            std::string part = trimmed(line.substr(start, i - start));
            if (!part.empty() && !(page > 1 && part == running_head) && !is_folio(part))
                lines.push_back(part);
            if (i < line.size()) ++page; // a form feed starts the next page
            start = i + 1;
        }
    }
    const auto ends_inside_word = [](const std::string& l) {
        if (l.ends_with("-") || l.ends_with("\u2010")) return true;
        for (const char* dash : {"\u2013", "\u2014"}) // "10:00–" goes on; "said —" does not
            if (l.ends_with(dash)) return l.size() > 3 && l[l.size() - 4] != ' ';
        return false;
    };
    std::string all;
    for (const std::string& l : lines) {
        all += l;
        if (!ends_inside_word(l)) all += ' ';
    }
    return normalized_words(all);
}

// Every word an article shows, in order, as the default style sets it (the dateline run in,
// the credit before the caption, "—" before an attribution).
std::vector<std::string> article_words(const galley::Article& article) {
    using namespace galley;
    std::string text;
    const auto add = [&](const std::string& part) {
        text += part;
        text += '\n';
    };
    const Meta& meta = article.meta;
    add(meta.headline);
    add(meta.dek);
    for (const Byline& byline : meta.bylines)
        add(byline.name + (byline.name.empty() || byline.title.empty() ? "" : ", ") + byline.title);
    bool dateline = !meta.dateline.empty();
    const auto dateline_text = [&] {
        std::string d = meta.dateline.place;
        if (!meta.dateline.date_text.empty()) d += ", " + meta.dateline.date_text;
        if (!meta.dateline.agency.empty()) d += " (" + meta.dateline.agency + ")";
        return d + " \u2014 ";
    };
    std::function<void(const Blocks&, bool)> blocks = [&](const Blocks& content, bool top) {
        for (const Block& block : content) {
            if (const auto* p = std::get_if<Paragraph>(&block.node)) {
                std::string line;
                if (top && dateline) {
                    line = dateline_text();
                    dateline = false;
                }
                add(line + plain_text(p->content));
            } else if (const auto* h = std::get_if<Heading>(&block.node)) {
                add(plain_text(h->content));
            } else if (const auto* f = std::get_if<Figure>(&block.node)) {
                add(f->credit.display());
                add(plain_text(f->caption));
            } else if (const auto* q = std::get_if<BlockQuote>(&block.node)) {
                blocks(q->content, false);
                if (!q->attribution.empty()) add("\u2014 " + q->attribution);
            } else if (const auto* q = std::get_if<PullQuote>(&block.node)) {
                add(plain_text(q->content));
                if (!q->attribution.empty()) add("\u2014 " + q->attribution);
            } else if (const auto* l = std::get_if<List>(&block.node)) {
                for (const Blocks& item : l->items) blocks(item, false);
            } else if (const auto* t = std::get_if<Tagline>(&block.node)) {
                add(plain_text(t->content));
            }
        }
    };
    blocks(article.blocks, true);
    if (dateline) add(dateline_text());
    return normalized_words(text);
}

// "" when equal; else where the sequences part, with some context.
std::string first_difference(const std::vector<std::string>& actual,
                             const std::vector<std::string>& expected) {
    std::size_t i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
    if (i == actual.size() && i == expected.size()) return {};
    const auto context = [&](const std::vector<std::string>& words) {
        std::string out;
        for (std::size_t k = i >= 5 ? i - 5 : 0; k < words.size() && k < i + 6; ++k)
            out += (k == i ? "[" : "") + words[k] + (k == i ? "] " : " ");
        return out;
    };
    return "word " + std::to_string(i) + " of " + std::to_string(expected.size()) +
           "\n  extracted: " + context(actual) + "\n  expected:  " + context(expected);
}

std::string pdftotext_of(const fs::path& path, int page = 0) {
    std::vector<std::string> argv{pdftotext, "-enc", "UTF-8"};
    if (page > 0) argv.insert(argv.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
    argv.insert(argv.end(), {path.string(), "-"});
    const auto result = galley::test::run_command(argv);
    EXPECT_EQ(result.status, 0) << result.err;
    // Poppler complains of nothing: no "Syntax Warning" (libharu's own ToUnicode CMap drew
    // "Invalid 'begincidrange' operator" on every file until galley rewrote it).
    EXPECT_EQ(result.err, "") << path;
    return result.out;
}

std::string mutool_text_of(const fs::path& path) {
    const auto result =
        galley::test::run_command({mutool, "draw", "-q", "-F", "txt", path.string()});
    EXPECT_EQ(result.status, 0) << result.err;
    return result.out;
}

void expect_valid_pdf(const fs::path& path) {
    const auto result = galley::test::run_command({qpdf, "--check", path.string()});
    EXPECT_EQ(result.status, 0) << path << "\n" << result.out << result.err;
    EXPECT_NE(result.out.find("No syntax or stream encoding errors"), std::string::npos)
        << path << "\n"
        << result.out;
}

// pdffonts: (name, embedded, subset) for every font.
struct FontRow {
    std::string name;
    bool embedded = false, subset = false;
};

std::vector<FontRow> fonts_of(const fs::path& path) {
    const auto result = galley::test::run_command({pdffonts, path.string()});
    EXPECT_EQ(result.status, 0) << result.err;
    std::vector<FontRow> rows;
    std::istringstream in(result.out);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        if (++number <= 2 || trimmed(line).empty()) continue; // the header and its rule
        std::vector<std::string> tokens;
        std::istringstream words(line);
        for (std::string token; words >> token;) tokens.push_back(token);
        if (tokens.size() < 7) continue;
        const std::size_t n = tokens.size();
        rows.push_back({tokens[0], tokens[n - 5] == "yes", tokens[n - 4] == "yes"});
    }
    return rows;
}

std::map<std::string, std::string> info_of(const fs::path& path) {
    const auto result = galley::test::run_command({pdfinfo, "-isodates", path.string()});
    EXPECT_EQ(result.status, 0) << result.err;
    std::map<std::string, std::string> info;
    std::istringstream in(result.out);
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        info[line.substr(0, colon)] = trimmed(line.substr(colon + 1));
    }
    return info;
}

// ---------------------------------------------------------------------------------------------
// Validity, fonts, size, reproducibility

TEST(Pdf, EverySampleAndTheAstanaArticleMakeAValidPdf) {
    TempDir dir;
    std::vector<fs::path> inputs = sample_paths();
    ASSERT_GE(inputs.size(), 5u);
    inputs.push_back(astana_path());
    for (const fs::path& input : inputs) {
        SCOPED_TRACE(input.string());
        const fs::path pdf = write_pdf(dir, input.stem().string() + ".pdf", read_article(input));
        expect_valid_pdf(pdf);
    }
}

TEST(Pdf, EveryBundledStyleMakesAValidPdf) {
    TempDir dir;
    const std::vector<galley::BundledStyle> styles = galley::bundled_styles();
    ASSERT_GE(styles.size(), 3u);
    for (const galley::BundledStyle& bundled : styles)
        for (const fs::path& input : sample_paths()) {
            SCOPED_TRACE(bundled.name + " " + input.string());
            const fs::path pdf = write_pdf(dir, bundled.name + "-" + input.stem().string() + ".pdf",
                                           read_article(input), bundled.name);
            expect_valid_pdf(pdf);
            for (const FontRow& font : fonts_of(pdf)) {
                EXPECT_TRUE(font.embedded && font.subset) << font.name;
            }
        }
}

TEST(Pdf, EveryFontIsEmbeddedAsASubset) {
    TempDir dir;
    std::vector<fs::path> inputs = sample_paths();
    inputs.push_back(astana_path());
    inputs.push_back(mars_path());
    for (const fs::path& input : inputs) {
        SCOPED_TRACE(input.string());
        const fs::path pdf = write_pdf(dir, input.stem().string() + ".pdf", read_article(input));
        const std::vector<FontRow> fonts = fonts_of(pdf);
        EXPECT_FALSE(fonts.empty());
        for (const FontRow& font : fonts) {
            EXPECT_TRUE(font.embedded) << font.name << " is not embedded";
            EXPECT_TRUE(font.subset) << font.name << " is not a subset";
            EXPECT_EQ(font.name.find('+'), 6u) << font.name << " has no subset tag";
        }
    }
}

TEST(Pdf, TheAstanaArticleIsAtMost80Kilobytes) {
    const std::string pdf = pdf_bytes(read_article(astana_path()));
    EXPECT_LE(pdf.size(), 80u * 1024) << pdf.size() << " bytes";
    EXPECT_TRUE(pdf.starts_with("%PDF-"));
}

TEST(Pdf, TwoRunsGiveIdenticalBytes) {
    for (const fs::path& input :
         {astana_path(), galley::test::source_dir() / "samples/city-budget.json",
          galley::test::source_dir() / "samples/almaty-library.md"}) {
        SCOPED_TRACE(input.string());
        const galley::Article article = read_article(input);
        EXPECT_EQ(pdf_bytes(article), pdf_bytes(read_article(input)));
        // Without a fixed date too: the article's own date, never the clock.
        galley::PdfOptions options;
        EXPECT_EQ(pdf_bytes(article, "default", options), pdf_bytes(article, "default", options));
    }
    // The document identifier is there, and derived from the content.
    TempDir dir;
    const fs::path astana = write_pdf(dir, "astana.pdf", read_article(astana_path()));
    const fs::path budget = write_pdf(
        dir, "budget.pdf", read_article(galley::test::source_dir() / "samples/city-budget.json"));
    const auto trailer_of = [](const fs::path& path) {
        const auto result = galley::test::run_command({mutool, "show", path.string(), "trailer"});
        EXPECT_EQ(result.status, 0) << result.err;
        const auto id = result.out.find("/ID [ <");
        return id == std::string::npos ? std::string() : result.out.substr(id, 40);
    };
    EXPECT_FALSE(trailer_of(astana).empty());
    EXPECT_NE(trailer_of(astana), trailer_of(budget));
}

TEST(Pdf, WritesFromManyThreadsAtOnceGiveTheSameBytes) {
    std::vector<galley::Article> articles;
    for (const fs::path& input : sample_paths()) articles.push_back(read_article(input));
    articles.push_back(read_article(astana_path()));
    std::vector<std::string> sequential;
    for (const galley::Article& article : articles) sequential.push_back(pdf_bytes(article));
    std::vector<std::string> parallel(articles.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < articles.size(); ++i)
        threads.emplace_back([&, i] {
            galley::MemorySink sink;
            galley::write_pdf(articles[i], with_style(fixed_options(), style("default")), sink);
            parallel[i] = sink.take();
        });
    for (std::thread& thread : threads) thread.join();
    for (std::size_t i = 0; i < articles.size(); ++i) EXPECT_EQ(parallel[i], sequential[i]) << i;
}

// ---------------------------------------------------------------------------------------------
// Text: every word back, in reading order

TEST(Pdf, TheAstanaArticleExtractsWordForWordInReadingOrder) {
    TempDir dir;
    const galley::Article article = read_article(astana_path());
    const fs::path pdf = write_pdf(dir, "astana.pdf", article);
    const std::vector<std::string> expected = article_words(article);
    ASSERT_GT(expected.size(), 400u);

    const std::string poppler = pdftotext_of(pdf);
    EXPECT_EQ(first_difference(extracted_words(poppler, article.meta.headline), expected), "")
        << "pdftotext";
    const std::string mupdf = mutool_text_of(pdf);
    EXPECT_EQ(first_difference(extracted_words(mupdf, article.meta.headline), expected), "")
        << "mutool";

    for (const std::string* text : {&poppler, &mupdf}) {
        EXPECT_NE(text->find("Aleška Simkić"), std::string::npos);
        EXPECT_NE(text->find("ASTANA \u2014 A roundtable"), std::string::npos);
        EXPECT_NE(text->find("\u201CAcross Europe"), std::string::npos);
        EXPECT_NE(text->find("Kazakhstan\u2019s"), std::string::npos);
        EXPECT_NE(text->find("The Astana Times"), std::string::npos); // the credit, small capitals
    }
}

TEST(Pdf, ACyrillicArticleExtractsWordForWordInReadingOrder) {
    TempDir dir;
    const galley::Article article = read_article(mars_path());
    const fs::path pdf = write_pdf(dir, "mars.pdf", article);
    const std::vector<std::string> expected = article_words(article);
    ASSERT_GT(expected.size(), 1000u);
    EXPECT_EQ(first_difference(extracted_words(pdftotext_of(pdf), article.meta.headline), expected),
              "")
        << "pdftotext";
    EXPECT_EQ(
        first_difference(extracted_words(mutool_text_of(pdf), article.meta.headline), expected), "")
        << "mutool";
}

TEST(Pdf, TheKazakhSampleKeepsEveryWord) {
    // Its chart floats to the next page, so the order is not the article's: every word counts.
    TempDir dir;
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/almaty-library.md");
    const fs::path pdf = write_pdf(dir, "almaty.pdf", article);
    std::multiset<std::string> extracted;
    for (std::string& word : extracted_words(pdftotext_of(pdf), article.meta.headline))
        extracted.insert(word);
    for (const std::string& word : article_words(article)) {
        auto found = extracted.find(word);
        EXPECT_NE(found, extracted.end()) << word;
        if (found != extracted.end()) extracted.erase(found);
    }
    const std::string text = pdftotext_of(pdf);
    EXPECT_NE(text.find("ӘЙГЕРІМ СҰЛТАНБЕКОВА"), std::string::npos); // text-transform: uppercase
    // Small capitals (synthesized for Cyrillic) keep the letters as written.
    EXPECT_NE(text.find("Ғалымжан Үсенов / Жетісу Ақпарат"), std::string::npos) << text;
}

TEST(Pdf, SoftHyphensAreNeverDrawnExceptAtALineBreak) {
    galley::Article article;
    article.meta.headline = "Soft hyphens";
    std::string text;
    for (int i = 0; i < 60; ++i)
        text += "ex\u00ADtra\u00ADor\u00ADdi\u00ADnar\u00ADi\u00ADly "
                "in\u00ADcom\u00ADpre\u00ADhen\u00ADsi\u00ADble ";
    article.blocks.push_back(galley::Paragraph{{}, galley::text_inlines(text)});
    TempDir dir;
    const fs::path pdf = write_pdf(dir, "soft.pdf", article);
    const std::string extracted = mutool_text_of(pdf);
    int line_end_hyphens = 0;
    std::istringstream in(extracted);
    for (std::string line; std::getline(in, line);) {
        line = trimmed(line);
        const auto hyphen = line.find('-');
        if (hyphen == std::string::npos) continue;
        EXPECT_EQ(hyphen, line.size() - 1) << "a hyphen inside the line: " << line;
        ++line_end_hyphens;
    }
    EXPECT_GT(line_end_hyphens, 0) << "no line broke at a soft hyphen";
    EXPECT_EQ(extracted.find("\u00AD"), std::string::npos);
}

TEST(Pdf, AHeadingIsNeverTheLastLineOfAPage) {
    TempDir dir;
    const galley::Article article = read_article(mars_path());
    const fs::path pdf = write_pdf(dir, "mars.pdf", article);
    std::set<std::string> headings;
    for (const galley::Block& block : article.blocks)
        if (const auto* heading = std::get_if<galley::Heading>(&block.node))
            headings.insert(galley::plain_text(heading->content));
    const int pages = std::stoi(info_of(pdf)["Pages"]);
    ASSERT_GT(pages, 2);
    for (int page = 1; page <= pages; ++page) {
        std::istringstream in(pdftotext_of(pdf, page));
        std::string last;
        for (std::string line; std::getline(in, line);) {
            line = trimmed(line);
            if (!line.empty() && !is_folio(line)) last = line;
        }
        EXPECT_EQ(headings.count(last), 0u) << "page " << page << " ends with the heading " << last;
    }
}

// ---------------------------------------------------------------------------------------------
// Text libharu cannot set

galley::Article article_with(const std::string& text) {
    galley::Article article;
    article.meta.headline = "Unsupported text";
    article.blocks.push_back(galley::Paragraph{{}, galley::text_inlines(text)});
    return article;
}

TEST(Pdf, TheLayoutDumpSaysWhatThePdfDraws) {
    // The PDF backend's layout is the shared engine's: its dump (PdfOptions::layout_dump,
    // `--to pdf-layout`) is headed for the medium pdf and has the PDF's pages, in one column
    // on the default sheet.
    const galley::Article article = read_article(astana_path());
    galley::PdfOptions options = fixed_options();
    options.layout_dump = true;
    galley::MemorySink sink;
    const galley::PdfResult dumped =
        galley::write_pdf(article, with_style(options, style("default")), sink);
    const std::string dump = sink.take();
    EXPECT_EQ(dump.rfind("galley pdf layout\n", 0), 0u) << dump.substr(0, 200);
    EXPECT_NE(dump.find("grid columns=1 "), std::string::npos);
    galley::MemorySink pdf_sink;
    const galley::PdfResult drawn =
        galley::write_pdf(article, with_style(fixed_options(), style("default")), pdf_sink);
    EXPECT_EQ(dumped.pages, drawn.pages);
    std::size_t pages = 0;
    for (std::size_t at = 0; (at = dump.find("\npage ", at)) != std::string::npos; ++at) ++pages;
    EXPECT_EQ(static_cast<int>(pages), drawn.pages);
    EXPECT_EQ(dump.find("%PDF"), std::string::npos);
}

TEST(Pdf, ArabicHebrewAndEmojiAreSetNotReported) {
    // The shared layout shapes every script: nothing is left for a warning to name.
    galley::Warnings warnings;
    const std::string pdf =
        pdf_bytes(article_with("Delegates cheered and signed \u0645\u0631\u062D\u0628\u0627 and "
                               "\u05E9\u05DC\u05D5\u05DD today."),
                  "default", fixed_options(), &warnings);
    EXPECT_EQ(joined(warnings).find("cannot set"), std::string::npos) << joined(warnings);
    EXPECT_EQ(joined(warnings).find("--to print"), std::string::npos) << joined(warnings);
    EXPECT_FALSE(pdf.empty());
}

TEST(Pdf, LatinGreekAndCyrillicGiveNoUnsupportedTextWarning) {
    galley::Warnings warnings;
    pdf_bytes(read_article(galley::test::source_dir() / "samples/almaty-library.md"), "default",
              fixed_options(), &warnings);
    pdf_bytes(read_article(mars_path()), "default", fixed_options(), &warnings);
    EXPECT_EQ(joined(warnings).find("cannot set"), std::string::npos) << joined(warnings);
}

// ---------------------------------------------------------------------------------------------
// Images

galley::Article figure_article(const fs::path& folder, const std::string& src) {
    galley::Article article;
    article.source_path = (folder / "article.md").string();
    article.meta.headline = "A photo";
    galley::Figure figure;
    figure.image = galley::ImageRef{src, {}, {}, 0, 0};
    figure.caption = galley::text_inlines("The caption under the photo.");
    figure.credit.line = "Photo: Galley Tests";
    article.blocks.push_back(galley::Paragraph{{}, galley::text_inlines("Before the photo.")});
    article.blocks.push_back(figure);
    article.blocks.push_back(galley::Paragraph{{}, galley::text_inlines("After the photo.")});
    return article;
}

int image_count(const fs::path& pdf, std::string_view type) {
    const auto result = galley::test::run_command({pdfimages, "-list", pdf.string()});
    EXPECT_EQ(result.status, 0) << result.err;
    std::istringstream in(result.out);
    int count = 0, number = 0;
    for (std::string line; std::getline(in, line);) {
        if (++number <= 2) continue;
        std::istringstream words(line);
        std::string page, num, kind;
        if (words >> page >> num >> kind && kind == type) ++count;
    }
    return count;
}

TEST(Pdf, AnInterlacedPngIsPlacedWithItsTransparency) {
    if (!fs::exists(convert)) GTEST_SKIP() << "ImageMagick is not installed";
    TempDir dir;
    const fs::path png = dir / "interlaced.png";
    const auto made = galley::test::run_command({convert, "-size", "120x80", "xc:none", "-fill",
                                                 "#c03020", "-draw", "circle 60,40 60,5",
                                                 "-interlace", "PNG", png.string()});
    ASSERT_EQ(made.status, 0) << made.err;
    const std::string bytes = galley::test::read_file(png);
    ASSERT_GT(bytes.size(), 28u);
    ASSERT_EQ(bytes[28], 1) << "ImageMagick did not interlace the PNG";

    const fs::path pdf =
        write_pdf(dir, "interlaced.pdf", figure_article(dir.path(), "interlaced.png"));
    expect_valid_pdf(pdf);
    EXPECT_EQ(image_count(pdf, "image"), 1);
    EXPECT_EQ(image_count(pdf, "smask"), 1);
}

TEST(Pdf, PalettePngsRgbaPngsAndJpegsArePlaced) {
    TempDir dir;
    const fs::path photos = galley::test::source_dir() / "samples/photos";
    for (const char* name : {"budget-chart.png", "library-visits-chart.png", "steppe-rail.jpg"}) {
        SCOPED_TRACE(name);
        const fs::path pdf =
            write_pdf(dir, std::string(name) + ".pdf", figure_article(photos, name));
        expect_valid_pdf(pdf);
        EXPECT_EQ(image_count(pdf, "image"), 1);
    }
    // The RGBA chart's alpha becomes a soft mask, deflated.
    const fs::path rgba = dir / "library-visits-chart.png.pdf";
    EXPECT_EQ(image_count(rgba, "smask"), 1);
    const auto listing = galley::test::run_command({pdfimages, "-list", rgba.string()});
    std::istringstream in(listing.out);
    for (std::string line; std::getline(in, line);)
        if (line.find("smask") != std::string::npos) {
            std::istringstream words(line);
            std::vector<std::string> tokens;
            for (std::string token; words >> token;) tokens.push_back(token);
            // The last column is the stored size as a share of the raw pixels.
            ASSERT_GE(tokens.size(), 2u);
            const std::string ratio = tokens.back();
            EXPECT_LT(std::stod(ratio.substr(0, ratio.size() - 1)), 50.0) << line;
        }
}

TEST(Pdf, ACmykJpegIsPlaced) {
    if (!fs::exists(convert)) GTEST_SKIP() << "ImageMagick is not installed";
    TempDir dir;
    const fs::path jpeg = dir / "cmyk.jpg";
    const auto made =
        galley::test::run_command({convert, "-size", "64x48", "gradient:#ff0000-#0000ff",
                                   "-colorspace", "CMYK", jpeg.string()});
    ASSERT_EQ(made.status, 0) << made.err;
    const fs::path pdf = write_pdf(dir, "cmyk.pdf", figure_article(dir.path(), "cmyk.jpg"));
    expect_valid_pdf(pdf);
    const auto listing = galley::test::run_command({pdfimages, "-list", pdf.string()});
    EXPECT_NE(listing.out.find("cmyk"), std::string::npos) << listing.out;
}

// Issue 13: a missing photo (or a remote one) no longer fails the article: the PDF leaves it
// out, keeps the caption and the credit, and a warning names the figure and the path.
TEST(Pdf, AMissingOrRemoteImageIsLeftOutWithAWarningNamingThePath) {
    TempDir dir;
    for (const std::string src : {"photos/no-such-photo.jpg", "https://photos.example/a.jpg"}) {
        SCOPED_TRACE(src);
        const fs::path path = dir / "left-out.pdf";
        galley::FileSink sink(path);
        const galley::PdfResult result = galley::write_pdf(
            figure_article(dir.path(), src), with_style(fixed_options(), style("default")), sink);
        ASSERT_EQ(result.warnings.size(), 1u) << joined(result.warnings);
        const std::string message = result.warnings[0].message;
        EXPECT_NE(message.find("figure 1: image '" + src + "'"), std::string::npos) << message;
        if (!src.starts_with("https:")) {
            EXPECT_NE(message.find((fs::canonical(dir.path()) / src).string()), std::string::npos)
                << message;
        }
        expect_valid_pdf(path);
        EXPECT_EQ(image_count(path, "image"), 0);
        const std::string text = pdftotext_of(path);
        EXPECT_NE(text.find("The caption under the photo."), std::string::npos) << text;
        EXPECT_NE(text.find("Photo: Galley Tests"), std::string::npos) << text;
        EXPECT_NE(text.find("After the photo."), std::string::npos) << text;
    }
}

TEST(Pdf, AFileThatIsNotAnImageIsAnError) {
    TempDir dir;
    galley::test::write_file(dir / "notes.jpg", "these are notes, not a photo");
    galley::MemorySink sink;
    try {
        galley::write_pdf(figure_article(dir.path(), "notes.jpg"),
                          with_style(fixed_options(), style("default")), sink);
        FAIL() << "no error";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::unsupported);
        EXPECT_NE(std::string(error.what()).find("notes.jpg"), std::string::npos) << error.what();
    }
}

TEST(Pdf, APhotoStaysOnThePageOfItsCaptionAndKeepsItsAspectRatio) {
    TempDir dir;
    for (const char* name : {"city-budget.json", "almaty-library.md", "harbour-regatta.xml",
                             "press-release-solar.md"}) {
        SCOPED_TRACE(name);
        const galley::Article article = read_article(galley::test::source_dir() / "samples" / name);
        const fs::path pdf = write_pdf(dir, std::string(name) + ".pdf", article);
        // Each image (not soft mask): its page, and its resolution both ways.
        const auto listing = galley::test::run_command({pdfimages, "-list", pdf.string()});
        ASSERT_EQ(listing.status, 0) << listing.err;
        std::vector<int> image_pages;
        std::istringstream in(listing.out);
        int number = 0;
        for (std::string line; std::getline(in, line);) {
            if (++number <= 2) continue;
            std::istringstream words(line);
            std::vector<std::string> tokens;
            for (std::string token; words >> token;) tokens.push_back(token);
            if (tokens.size() < 14 || tokens[2] != "image") continue;
            image_pages.push_back(std::stoi(tokens[0]));
            EXPECT_EQ(tokens[12], tokens[13]) << "x-ppi and y-ppi differ: " << line;
        }
        // Each photo's caption on its page (photos are placed in order, floated or not).
        std::size_t photo = 0;
        for (const galley::Block& block : article.blocks) {
            const auto* figure = std::get_if<galley::Figure>(&block.node);
            if (figure == nullptr || !figure->image) continue;
            ASSERT_LT(photo, image_pages.size());
            const std::vector<std::string> words =
                normalized_words(galley::plain_text(figure->caption));
            if (words.size() >= 3) {
                const std::string page_text = fold_case(pdftotext_of(pdf, image_pages[photo]));
                const std::string start = words[0] + " " + words[1] + " " + words[2];
                EXPECT_NE(page_text.find(start), std::string::npos)
                    << "caption '" << start << "' not on page " << image_pages[photo];
            }
            ++photo;
        }
        EXPECT_EQ(photo, image_pages.size());
    }
}

TEST(Pdf, AFigureWithOnlyACreditShowsTheCreditWhereItStands) {
    TempDir dir;
    const galley::Article article = read_article(astana_path());
    const std::string text = pdftotext_of(write_pdf(dir, "astana.pdf", article));
    const auto lead = text.find("Human Rights Day on Dec. 10.");
    const auto credit = text.find("The Astana Times");
    const auto second = text.find("The event titled");
    ASSERT_NE(lead, std::string::npos);
    ASSERT_NE(credit, std::string::npos);
    EXPECT_LT(lead, credit);
    EXPECT_LT(credit, second);
}

// ---------------------------------------------------------------------------------------------
// The document: information, outline, links, dates

TEST(Pdf, TheDocumentInformationComesFromTheArticle) {
    TempDir dir;
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/almaty-library.md");
    const fs::path pdf = write_pdf(dir, "almaty.pdf", article);
    std::map<std::string, std::string> info = info_of(pdf);
    EXPECT_EQ(info["Title"], article.meta.headline);
    EXPECT_EQ(info["Author"], "Әйгерім Сұлтанбекова, Ғалымжан Үсенов");
    EXPECT_EQ(info["Subject"], article.meta.dek);
    EXPECT_NE(info["Keywords"].find("кітапхана"), std::string::npos);
    EXPECT_TRUE(info["Creator"].starts_with("galley ")) << info["Creator"];
    EXPECT_EQ(info["CreationDate"], "2025-12-10T07:30:00Z");
    EXPECT_EQ(info["ModDate"], "2025-12-10T07:30:00Z");
}

TEST(Pdf, DatesComeFromSourceDateEpochOrTheArticle) {
    TempDir dir;
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/almaty-library.md");
    const auto dated = [&](const std::string& name) {
        const fs::path path = dir / name;
        galley::FileSink sink(path);
        galley::write_pdf(article, with_style({}, style("default")), sink);
        return info_of(path)["CreationDate"];
    };
    const char* saved = std::getenv("SOURCE_DATE_EPOCH");
    const std::optional<std::string> previous =
        saved ? std::optional<std::string>(saved) : std::nullopt;
    ::unsetenv("SOURCE_DATE_EPOCH");
    EXPECT_EQ(dated("article-date.pdf"), "2026-02-28T00:00:00Z");
    ::setenv("SOURCE_DATE_EPOCH", "1765351800", 1);
    EXPECT_EQ(dated("epoch.pdf"), "2025-12-10T07:30:00Z");
    if (previous)
        ::setenv("SOURCE_DATE_EPOCH", previous->c_str(), 1);
    else
        ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST(Pdf, TheOutlineHoldsTheHeadlineAndTheHeadings) {
    TempDir dir;
    const galley::Article article =
        read_article(galley::test::source_dir() / "samples/city-budget.json");
    const fs::path pdf = write_pdf(dir, "budget.pdf", article);
    const auto result = galley::test::run_command({mutool, "show", pdf.string(), "outline"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.out.find(article.meta.headline), std::string::npos) << result.out;
    for (const galley::Block& block : article.blocks) {
        if (const auto* heading = std::get_if<galley::Heading>(&block.node)) {
            EXPECT_NE(result.out.find(galley::plain_text(heading->content)), std::string::npos)
                << result.out;
        }
    }
    // The Kazakh headline, in UTF-8.
    const fs::path almaty = write_pdf(
        dir, "almaty.pdf", read_article(galley::test::source_dir() / "samples/almaty-library.md"));
    const auto kazakh = galley::test::run_command({mutool, "show", almaty.string(), "outline"});
    EXPECT_NE(kazakh.out.find("«Өркен» кітапханасы"), std::string::npos) << kazakh.out;
}

TEST(Pdf, LinksBecomeUriAnnotations) {
    TempDir dir;
    const fs::path pdf = write_pdf(
        dir, "budget.pdf", read_article(galley::test::source_dir() / "samples/city-budget.json"));
    const auto result = galley::test::run_command({pdfinfo, "-url", pdf.string()});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.out.find("https://news.example/documents/kokterek-draft-budget-2026.pdf"),
              std::string::npos)
        << result.out;
}

TEST(Pdf, FoliosCountThePagesAndRunningHeadsFollowTheFirst) {
    TempDir dir;
    const fs::path pdf = write_pdf(dir, "mars.pdf", read_article(mars_path()));
    const int pages = std::stoi(info_of(pdf)["Pages"]);
    ASSERT_GT(pages, 1);
    for (int page = 1; page <= pages; ++page) {
        // pdftotext writes the folio's narrow spaces or leaves them out.
        const std::string text = pdftotext_of(pdf, page);
        const std::string spaced = std::to_string(page) + " / " + std::to_string(pages);
        const std::string tight = std::to_string(page) + "/" + std::to_string(pages);
        EXPECT_TRUE(text.find(spaced) != std::string::npos || text.find(tight) != std::string::npos)
            << "page " << page << ":\n"
            << text;
    }
    // The running head (string(headline), on one line) is on every page but the first, where
    // the headline itself stands.
    const galley::Article astana = read_article(astana_path());
    const fs::path two_pages = write_pdf(dir, "astana.pdf", astana);
    ASSERT_EQ(info_of(two_pages)["Pages"], "2");
    EXPECT_EQ(pdftotext_of(two_pages, 1).find(astana.meta.headline + "\n"), std::string::npos);
    EXPECT_EQ(pdftotext_of(two_pages, 2).find(astana.meta.headline + "\n"), 0u);
}

TEST(Pdf, TwoColumnsFromTheStyleSetTheTextInTwoColumns) {
    galley::Warnings warnings;
    const galley::StyleSheet sheet = galley::parse_style_sheet(
        "@media pdf { article { column-count: 2; column-gap: 8mm; column-rule: 0.5pt solid #888 } "
        "headline { column-span: all } }",
        "two-columns.css", warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
    TempDir dir;
    const galley::Article article = read_article(astana_path());
    const fs::path pdf = dir / "columns.pdf";
    {
        galley::FileSink sink(pdf);
        galley::write_pdf(article, with_style(fixed_options(), sheet), sink);
    }
    expect_valid_pdf(pdf);
    // The left half of the first page holds the start of the article, the right half goes on.
    const auto left = galley::test::run_command({pdftotext, "-f", "1", "-l", "1", "-x", "0", "-y",
                                                 "0", "-W", "297", "-H", "842", pdf.string(), "-"});
    const auto right =
        galley::test::run_command({pdftotext, "-f", "1", "-l", "1", "-x", "298", "-y", "0", "-W",
                                   "297", "-H", "842", pdf.string(), "-"});
    EXPECT_NE(left.out.find("roundtable"), std::string::npos) << left.out;
    EXPECT_FALSE(trimmed(right.out).empty());
    EXPECT_EQ(right.out.find("A roundtable in Astana"), std::string::npos);
}

// The left edge of the first occurrence of each word on page 1 (pdftotext -bbox).
std::map<std::string, double> word_left_edges(const fs::path& pdf) {
    const auto result =
        galley::test::run_command({pdftotext, "-bbox", "-f", "1", "-l", "1", pdf.string(), "-"});
    EXPECT_EQ(result.status, 0) << result.err;
    std::map<std::string, double> edges;
    const std::regex word(R"re(<word xMin="([\d.]+)"[^>]*>([^<]*)</word>)re");
    for (auto it = std::sregex_iterator(result.out.begin(), result.out.end(), word);
         it != std::sregex_iterator(); ++it)
        edges.emplace((*it)[2], std::stod((*it)[1]));
    return edges;
}

TEST(Pdf, TheFirstParagraphAfterAHeadingHasNoIndent) {
    // `h2 + p` reaches the layout: the paragraph right after the heading starts at the
    // column's edge, the paragraphs after other paragraphs are indented.
    galley::Warnings warnings;
    const galley::StyleSheet sheet = galley::parse_style_sheet(
        "p { text-indent: 24pt } h2 + p { text-indent: 0 }", "indent.css", warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
    galley::Article article;
    article.meta.headline = "Indents";
    auto paragraph = [](const std::string& text) {
        return galley::Block{galley::Paragraph{{}, galley::text_inlines(text)}};
    };
    article.blocks.push_back(paragraph("Alpha starts the article."));
    article.blocks.push_back(paragraph("Bravo follows a paragraph."));
    article.blocks.push_back(
        galley::Block{galley::Heading{{}, 2, galley::text_inlines("Section")}});
    article.blocks.push_back(paragraph("Charlie follows the heading."));
    article.blocks.push_back(paragraph("Delta follows a paragraph."));
    TempDir dir;
    const fs::path pdf = dir / "indent.pdf";
    {
        galley::FileSink sink(pdf);
        galley::write_pdf(article, with_style(fixed_options(), sheet), sink);
    }
    const std::map<std::string, double> x = word_left_edges(pdf);
    for (const char* word : {"Alpha", "Bravo", "Section", "Charlie", "Delta"})
        ASSERT_TRUE(x.count(word)) << word;
    const double edge = x.at("Section");
    EXPECT_NEAR(x.at("Charlie"), edge, 0.5);
    EXPECT_NEAR(x.at("Alpha"), edge + 24, 0.5);
    EXPECT_NEAR(x.at("Bravo"), edge + 24, 0.5);
    EXPECT_NEAR(x.at("Delta"), edge + 24, 0.5);
}

// ---------------------------------------------------------------------------------------------
// libharu failures

TEST(Pdf, ALibharuFailureBecomesAnErrorNamingTheCodeAndTheStep) {
    galley::detail::HpdfDocument document("out.pdf");
    HPDF_Page page = document.check_handle(HPDF_AddPage(document.get()), "adding a page");
    try {
        document.check(HPDF_Page_SetWidth(page, -10), "setting the page width");
        FAIL() << "no error";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::backend);
        const std::string message = error.what();
        EXPECT_NE(message.find("libharu error 0x"), std::string::npos) << message;
        EXPECT_NE(message.find("setting the page width"), std::string::npos) << message;
        EXPECT_EQ(error.file(), "out.pdf");
    }
}

} // namespace
