// PDF backend benchmarks. Targets (issue 4): the Astana article → PDF in memory in at most
// 8 ms; the long article of ../shared/bench/gen_corpus.py (10,000 words, 10 photos) in at
// most 150 ms; its 200 short articles, read and written in one process on two threads, at
// 150 articles/s or more. Run: bench/run-bench.sh BM_Pdf (a Release build).
// The corpus is read from $GALLEY_BENCH_CORPUS (the corpus/ folder; the batch is its
// sibling batch/), else /tmp/galley-bench/corpus and /tmp/galley-bench/batch.
#include "galley/pdf.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

galley::PdfOptions bench_options() {
    galley::PdfOptions options;
    options.created = 1765351800; // fixed, as a reproducible build would have it
    return options;
}

fs::path corpus_dir() {
    const char* dir = std::getenv("GALLEY_BENCH_CORPUS");
    return dir ? fs::path(dir) : fs::path("/tmp/galley-bench/corpus");
}

fs::path batch_dir() {
    const fs::path corpus = corpus_dir();
    if (fs::exists(corpus / "batch")) return corpus / "batch";
    return corpus.parent_path() / "batch";
}

// One article, written again and again: what a conversion of that article costs once the
// process is warm (fonts loaded, hyphenation patterns read).
void write_repeatedly(benchmark::State& state, const galley::Article& article) {
    const galley::PdfOptions options = bench_options();
    std::size_t bytes = 0;
    int pages = 0;
    for (auto _ : state) {
        galley::MemorySink sink;
        pages = galley::write_pdf(article, options, sink).pages;
        bytes = sink.data().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["pdf_bytes"] = static_cast<double>(bytes);
    state.counters["pages"] = pages;
}

void BM_PdfAstana(benchmark::State& state) {
    const galley::Article article =
        galley::read_article_file(std::string(GALLEY_SHARED_DIR) + "/corpus/astana-roundtable.txt")
            .article;
    write_repeatedly(state, article);
}
BENCHMARK(BM_PdfAstana)->Unit(benchmark::kMillisecond);

void BM_PdfLongArticle(benchmark::State& state) {
    const fs::path path = corpus_dir() / "long.md";
    if (!fs::exists(path)) {
        state.SkipWithError(("no " + path.string() +
                             ": run python3 ../shared/bench/gen_corpus.py /tmp/galley-bench")
                                .c_str());
        return;
    }
    write_repeatedly(state, galley::read_article_file(path.string()).article);
}
BENCHMARK(BM_PdfLongArticle)->Unit(benchmark::kMillisecond);

std::vector<std::string> batch_files() {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(batch_dir(), error))
        if (entry.path().extension() == ".md") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// Reads and writes every article of the batch on `threads` threads, each article once per
// iteration, to memory.
void BM_PdfBatch200(benchmark::State& state) {
    const std::vector<std::string> files = batch_files();
    if (files.size() < 200) {
        state.SkipWithError(("no batch of 200 articles in " + batch_dir().string() +
                             ": run python3 ../shared/bench/gen_corpus.py /tmp/galley-bench")
                                .c_str());
        return;
    }
    const int threads = static_cast<int>(state.range(0));
    const galley::PdfOptions options = bench_options();
    std::atomic<bool> failed{false};
    for (auto _ : state) {
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            try {
                for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
                    const galley::ReadResult read = galley::read_article_file(files[i]);
                    galley::MemorySink sink;
                    galley::write_pdf(read.article, options, sink);
                    benchmark::DoNotOptimize(sink.data().data());
                }
            } catch (const std::exception&) {
                failed = true;
            }
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& thread : pool) thread.join();
    }
    if (failed) state.SkipWithError("an article failed to convert");
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * files.size()));
    state.counters["articles_per_second"] = benchmark::Counter(
        static_cast<double>(state.iterations() * files.size()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PdfBatch200)
    ->ArgNames({"threads"})
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
