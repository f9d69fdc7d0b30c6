// Line breaking and hyphenation of a 10,000-word paragraph: 60 mm justified lines of 9 pt type.
//
// The text is the Astana article's body repeated to 10,000 words as one paragraph. Widths come
// from the Times-Roman metrics (Adobe's core-font AFM, 1/1000 em), so words and spaces have the
// proportions of a real serif. Target (issue 3): breaking under 20 ms in a Release build.
#include "galley/text.hpp"

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

namespace {

constexpr double font_size = 9;               // points
constexpr double line_width = 60 / 25.4 * 72; // 60 mm in points (170.08)
constexpr int word_count = 10000;

// Times-Roman advance widths, 1/1000 em, for ASCII 32–126.
constexpr int times_roman[95] = {
    250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, // ' '–'/'
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // '0'–'?'
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // '@'–'O'
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // 'P'–'_'
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // '`'–'o'
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541};     // 'p'–'~'

double measure_times(std::string_view text) {
    int units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 32 && c < 127)
            units += times_roman[c - 32];
        else if ((c & 0xC0) == 0xC0) // the first byte of a non-ASCII character (’ — é …)
            units += 500;
    }
    return units * font_size / 1000;
}

std::string read_corpus() {
    std::ifstream in(std::string(GALLEY_SHARED_DIR) + "/corpus/astana-roundtable.txt");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The article's words (its headline dropped), repeated until there are `word_count`.
const std::string& paragraph() {
    static const std::string text = [] {
        std::string corpus = read_corpus();
        if (corpus.empty())
            corpus = "The roundtable explored how independent media can "
                     "strengthen public trust and support a resilient society.";
        std::vector<std::string> words;
        std::istringstream in(corpus.substr(corpus.find('\n') + 1));
        for (std::string word; in >> word;) words.push_back(word);
        std::string out;
        for (int i = 0; i < word_count; ++i) {
            if (i) out += ' ';
            out += words[static_cast<std::size_t>(i) % words.size()];
        }
        return out;
    }();
    return text;
}

const std::string& hyphenated_paragraph() {
    static const std::string text = [] {
        galley::Warnings warnings;
        return galley::Hyphenator::for_language("en-US", warnings)->hyphenate(paragraph());
    }();
    return text;
}

galley::ParagraphRun run_of(const std::string& text) {
    galley::ParagraphRun run;
    run.text = text;
    run.measure = measure_times;
    return run; // space 2.25 pt, stretch 1.125 pt, shrink 0.75 pt; hyphen 3 pt
}

galley::LineBreakSettings settings(galley::TextAlign alignment) {
    galley::LineBreakSettings s;
    s.line_width = line_width;
    s.alignment = alignment;
    return s;
}

void report(benchmark::State& state, const galley::LineBreakResult& result) {
    double worst = 0;
    for (std::size_t i = 0; i + 1 < result.lines.size(); ++i)
        worst = std::max(worst, std::abs(result.lines[i].ratio));
    state.counters["lines"] = static_cast<double>(result.lines.size());
    state.counters["hyphenated"] = static_cast<double>(result.flagged_lines());
    state.counters["pass"] = result.pass;
    state.counters["max|r|"] = worst;
}

// The whole job of a backend: items from text (measuring every word), breaking, placing.
void BM_BreakParagraph_Justified(benchmark::State& state) {
    const galley::ParagraphRun run = run_of(hyphenated_paragraph());
    const auto s = settings(galley::TextAlign::justify);
    galley::LineBreakResult result;
    for (auto _ : state) {
        galley::Warnings warnings;
        result = galley::break_paragraph(std::span(&run, 1), s, warnings);
        benchmark::DoNotOptimize(result.lines.data());
    }
    report(state, result);
}
BENCHMARK(BM_BreakParagraph_Justified)->Unit(benchmark::kMillisecond);

// Breaking alone, on items built once.
void BM_BreakItems_Justified(benchmark::State& state) {
    const galley::ParagraphRun run = run_of(hyphenated_paragraph());
    const auto s = settings(galley::TextAlign::justify);
    const std::vector<galley::BreakItem> items = galley::build_break_items(std::span(&run, 1), s);
    galley::LineBreakResult result;
    for (auto _ : state) {
        result = galley::break_items(items, s);
        benchmark::DoNotOptimize(result.lines.data());
    }
    report(state, result);
}
BENCHMARK(BM_BreakItems_Justified)->Unit(benchmark::kMillisecond);

// Without soft hyphens (hyphens: manual): harder to justify, more passes possible.
void BM_BreakParagraph_JustifiedUnhyphenated(benchmark::State& state) {
    const galley::ParagraphRun run = run_of(paragraph());
    const auto s = settings(galley::TextAlign::justify);
    galley::LineBreakResult result;
    for (auto _ : state) {
        galley::Warnings warnings;
        result = galley::break_paragraph(std::span(&run, 1), s, warnings);
        benchmark::DoNotOptimize(result.lines.data());
    }
    report(state, result);
}
BENCHMARK(BM_BreakParagraph_JustifiedUnhyphenated)->Unit(benchmark::kMillisecond);

void BM_BreakParagraph_RaggedRight(benchmark::State& state) {
    const galley::ParagraphRun run = run_of(hyphenated_paragraph());
    const auto s = settings(galley::TextAlign::left);
    galley::LineBreakResult result;
    for (auto _ : state) {
        galley::Warnings warnings;
        result = galley::break_paragraph(std::span(&run, 1), s, warnings);
        benchmark::DoNotOptimize(result.lines.data());
    }
    report(state, result);
}
BENCHMARK(BM_BreakParagraph_RaggedRight)->Unit(benchmark::kMillisecond);

// Hyphenating the 10,000 words with hyph_en_US (patterns loaded before timing).
void BM_Hyphenate_EnUs(benchmark::State& state) {
    galley::Warnings warnings;
    const auto hyphenator = galley::Hyphenator::for_language("en-US", warnings);
    const std::string& text = paragraph();
    std::size_t soft_hyphens = 0;
    for (auto _ : state) {
        const std::string out = hyphenator->hyphenate(text);
        soft_hyphens = (out.size() - text.size()) / 2;
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["soft_hyphens"] = static_cast<double>(soft_hyphens);
    state.counters["words/s"] = benchmark::Counter(static_cast<double>(word_count),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Hyphenate_EnUs)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
