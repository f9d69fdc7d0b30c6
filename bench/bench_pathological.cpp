// Pathological inputs (issue 9; cmark's pathological_tests.py in spirit): the time to read
// Markdown nested 25,000, 50,000 and 100,000 levels deep — block quotes, emphasis, emphasis
// between words, link brackets — and XML elements as deep, must grow linearly with the depth.
// Each case ends in galley's nesting limit (an error) or, for link brackets, in plain text;
// the time measured is md4c's or libxml2's work on the whole input plus the reader's.
// Google Benchmark fits the times to O(N) and prints the fit's RMS error (a quadratic blow-up
// shows as a large RMS and a per-N time that doubles with N):
//
//   build/bench/bench_pathological --benchmark_filter=Nested
#include "galley/read.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

void read_until_done(benchmark::State& state, const std::string& content, const char* name) {
    for (auto _ : state) {
        try {
            auto result = galley::read_article(content, name);
            benchmark::DoNotOptimize(result);
        } catch (const galley::Error& e) {
            benchmark::DoNotOptimize(e.code());
        }
    }
    state.SetComplexityN(state.range(0));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * content.size()));
}

void BM_NestedBlockQuotes(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    read_until_done(state, "# Deep\n\n" + repeat("> ", n) + "text\n", "quotes.md");
}
BENCHMARK(BM_NestedBlockQuotes)->Arg(25000)->Arg(50000)->Arg(100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

void BM_NestedEmphasis(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    read_until_done(state, "# Deep\n\n" + repeat("*", n) + "text" + repeat("*", n) + "\n", "emphasis.md");
}
BENCHMARK(BM_NestedEmphasis)->Arg(25000)->Arg(50000)->Arg(100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

void BM_NestedEmphasisBetweenWords(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    read_until_done(state, "# Deep\n\n" + repeat("*a ", n) + "text" + repeat(" b*", n) + "\n", "words.md");
}
BENCHMARK(BM_NestedEmphasisBetweenWords)->Arg(25000)->Arg(50000)->Arg(100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

void BM_NestedLinkBrackets(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    read_until_done(state, "# Deep\n\n" + repeat("[", n) + "text" + repeat("](u)", n) + "\n", "links.md");
}
BENCHMARK(BM_NestedLinkBrackets)->Arg(25000)->Arg(50000)->Arg(100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

void BM_NestedXmlElements(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    read_until_done(state,
                    "<nitf><body><body.content>" + repeat("<div>", n) + "<p>x</p>" + repeat("</div>", n) +
                        "</body.content></body></nitf>",
                    "deep.xml");
}
BENCHMARK(BM_NestedXmlElements)->Arg(25000)->Arg(50000)->Arg(100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oN);

} // namespace

BENCHMARK_MAIN();
