// Reader benchmarks. Targets (issue 2): the Astana article read in under 1 ms; a
// 10,000-word Markdown article (../shared/bench/gen_corpus.py's long.md) in under 10 ms.
// Run: bench/run-bench.sh (generates the corpus, then runs this with GALLEY_BENCH_CORPUS set).
#include "galley/read.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void read_bytes(benchmark::State& state, const std::string& path) {
    std::string content = slurp(path);
    if (content.empty()) {
        state.SkipWithError(("cannot read " + path).c_str());
        return;
    }
    for (auto _ : state) {
        auto result = galley::read_article(content, path);
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * content.size()));
}

std::string corpus_dir() {
    const char* dir = std::getenv("GALLEY_BENCH_CORPUS");
    return dir ? dir : "/tmp/galley-bench/corpus";
}

void BM_ReadWireAstana(benchmark::State& state) {
    read_bytes(state, std::string(GALLEY_SHARED_DIR) + "/corpus/astana-roundtable.txt");
}
BENCHMARK(BM_ReadWireAstana)->Unit(benchmark::kMicrosecond);

void BM_ReadNitfFishing(benchmark::State& state) {
    read_bytes(state, std::string(GALLEY_SHARED_DIR) + "/corpus/nitf/superdesk-core_nitf-fishing.xml");
}
BENCHMARK(BM_ReadNitfFishing)->Unit(benchmark::kMicrosecond);

void BM_ReadMarkdownRussian(benchmark::State& state) {
    read_bytes(state, std::string(GALLEY_SHARED_DIR) + "/corpus/articles/ru_wikipedia_mars_excerpt.md");
}
BENCHMARK(BM_ReadMarkdownRussian)->Unit(benchmark::kMicrosecond);

void BM_ReadMarkdownLong10kWords(benchmark::State& state) {
    read_bytes(state, corpus_dir() + "/long.md");
}
BENCHMARK(BM_ReadMarkdownLong10kWords)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
