// Style sheets: parsing a bundled sheet and cascading it over the Astana article
// (../shared/corpus/astana-roundtable.txt). Target: parse + cascade under 0.5 ms (Release).
//
// The element tree is the one style.hpp describes, built from the article as the wire reader
// reads it: article ▸ headline, byline…, then the blocks (figure ▸ img, credit, figcaption;
// the first paragraph ▸ dateline), plus ::before/::after of every element and the three page
// kinds with their margin boxes.
#include "galley/read.hpp"
#include "galley/resources.hpp"
#include "galley/style.hpp"
#include "style/elements.hpp"

#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace {

using namespace galley;

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

const std::string& sheet_text(const std::string& name) {
    static std::map<std::string, std::string> texts;
    auto it = texts.find(name);
    if (it == texts.end())
        it = texts.emplace(name, read_text(styles_dir() / (name + ".css"))).first;
    return it->second;
}

const Article& astana() {
    static const Article article =
        read_article_file(std::string(GALLEY_SHARED_DIR) + "/corpus/astana-roundtable.txt").article;
    return article;
}

// Computes the style of `element` and of its ::before and ::after; returns the element's.
ComputedStyle style_with_pseudo(const StyleSheet& sheet, Medium medium, const StyleElement& element,
                                const ComputedStyle* parent, std::size_t& count) {
    ComputedStyle style = compute_style(sheet, medium, element, parent);
    benchmark::DoNotOptimize(
        compute_pseudo_style(sheet, medium, element, PseudoElement::before, style));
    benchmark::DoNotOptimize(
        compute_pseudo_style(sheet, medium, element, PseudoElement::after, style));
    ++count;
    return style;
}

// Cascades `sheet` over the whole article; returns the number of elements styled.
std::size_t cascade_article(const StyleSheet& sheet, Medium medium, const Article& article) {
    std::size_t count = 0;
    StyleElement root{"article", nullptr, nullptr, 0, 0, true, true};
    ComputedStyle root_style = style_with_pseudo(sheet, medium, root, nullptr, count);

    std::vector<StyleElement> children;
    std::vector<const Block*> blocks;
    auto add = [&](std::string_view role, const Block* block) {
        StyleElement e;
        e.role = role;
        e.attr = block ? &block->attr() : nullptr;
        e.parent = &root;
        children.push_back(e);
        blocks.push_back(block);
    };
    if (!article.meta.headline.empty()) add("headline", nullptr);
    if (!article.meta.dek.empty()) add("dek", nullptr);
    for (std::size_t i = 0; i < article.meta.bylines.size(); ++i) add("byline", nullptr);
    for (const Block& block : article.blocks) add(block_role(block), &block);
    number_siblings(children);

    bool dateline_done = article.meta.dateline.empty();
    for (std::size_t i = 0; i < children.size(); ++i) {
        const StyleElement& element = children[i];
        ComputedStyle style = style_with_pseudo(sheet, medium, element, &root_style, count);
        if (element.role == "figure") {
            const auto& figure = std::get<Figure>(blocks[i]->node);
            std::vector<StyleElement> parts;
            if (figure.image) parts.push_back(StyleElement{"img", nullptr, &element});
            if (!figure.credit.empty()) parts.push_back(StyleElement{"credit", nullptr, &element});
            if (!figure.caption.empty())
                parts.push_back(StyleElement{"figcaption", nullptr, &element});
            number_siblings(parts);
            for (const auto& part : parts) style_with_pseudo(sheet, medium, part, &style, count);
        } else if (element.role == "p" && !dateline_done) {
            StyleElement dateline{"dateline", nullptr, &element, 0, 0, false, true};
            style_with_pseudo(sheet, medium, dateline, &style, count);
            dateline_done = true;
        }
    }
    for (PageKind kind : {PageKind::first, PageKind::left, PageKind::right})
        benchmark::DoNotOptimize(compute_page_style(sheet, medium, kind, &root_style));
    return count;
}

StyleSheet parse_bundled(const std::string& name) {
    Warnings warnings;
    StyleSheet sheet = parse_style_sheet(sheet_text(name), name + ".css", warnings);
    if (!warnings.empty()) throw std::runtime_error(warnings.front().to_string());
    return sheet;
}

// The target: parse the sheet and cascade it over the article, in one medium.
void BM_ParseAndCascade(benchmark::State& state, std::string name, Medium medium) {
    const Article& article = astana();
    std::size_t elements = 0;
    for (auto _ : state) {
        StyleSheet sheet = parse_bundled(name);
        elements = cascade_article(sheet, medium, article);
        benchmark::DoNotOptimize(sheet);
    }
    state.counters["elements"] = static_cast<double>(elements);
    state.counters["blocks"] = static_cast<double>(article.blocks.size());
}

void BM_Parse(benchmark::State& state, std::string name) {
    for (auto _ : state) benchmark::DoNotOptimize(parse_bundled(name));
    state.SetBytesProcessed(
        static_cast<std::int64_t>(state.iterations() * sheet_text(name).size()));
}

void BM_Cascade(benchmark::State& state, std::string name, Medium medium) {
    const Article& article = astana();
    StyleSheet sheet = parse_bundled(name);
    std::size_t elements = 0;
    for (auto _ : state) elements = cascade_article(sheet, medium, article);
    state.counters["elements"] = static_cast<double>(elements);
    state.counters["per_element_ns"] = benchmark::Counter(
        static_cast<double>(elements),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

BENCHMARK_CAPTURE(BM_ParseAndCascade, default_pdf, std::string("default"), Medium::pdf)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseAndCascade, default_print, std::string("default"), Medium::print)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseAndCascade, broadsheet_print, std::string("broadsheet"), Medium::print)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseAndCascade, press_release_epub, std::string("press-release"),
                  Medium::epub)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Parse, default, std::string("default"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Cascade, default_pdf, std::string("default"), Medium::pdf)
    ->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
