// EPUB backend benchmarks. Targets (issue 5): the Astana article → EPUB in memory in at most
// 2 ms; the 200 short articles of ../shared/bench/gen_corpus.py (each with a 258 KB photo),
// read and written in one process on two threads, at 300 articles/s or more.
// Run: bench/run-bench.sh BM_Epub, or bench/epub-vs-pandoc.sh for the comparison with pandoc.
// The batch is read from $GALLEY_BENCH_CORPUS/batch (or its parent's batch/, as run-bench.sh
// points GALLEY_BENCH_CORPUS at corpus/), else /tmp/galley-bench/batch.
#include "galley/epub.hpp"
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

galley::EpubOptions bench_options() {
    galley::Warnings warnings;
    galley::EpubOptions options;
    options.style = galley::load_style("default", warnings);
    return options;
}

void BM_EpubAstana(benchmark::State& state) {
    const auto article =
        galley::read_article_file(std::string(GALLEY_SHARED_DIR) + "/corpus/astana-roundtable.txt")
            .article;
    const galley::EpubOptions options = bench_options();
    std::size_t bytes = 0;
    for (auto _ : state) {
        galley::MemorySink sink;
        galley::write_epub(article, options, sink);
        bytes = sink.data().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["epub_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EpubAstana)->Unit(benchmark::kMillisecond);

fs::path batch_dir() {
    const char* dir = std::getenv("GALLEY_BENCH_CORPUS");
    const fs::path root = dir ? fs::path(dir) : fs::path("/tmp/galley-bench");
    if (fs::exists(root / "batch")) return root / "batch";
    return root.parent_path() / "batch";
}

std::vector<std::string> batch_files() {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(batch_dir(), error))
        if (entry.path().extension() == ".md") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// Reads and writes every article of the batch on `threads` threads, each article once per
// iteration, to memory or to files (as a batch job does).
void BM_EpubBatch200(benchmark::State& state) {
    const std::vector<std::string> files = batch_files();
    if (files.size() < 200) {
        state.SkipWithError(("no batch of 200 articles in " + batch_dir().string() +
                             ": run python3 ../shared/bench/gen_corpus.py /tmp/galley-bench")
                                .c_str());
        return;
    }
    const bool to_files = state.range(0) != 0;
    const int threads = static_cast<int>(state.range(1));
    const galley::EpubOptions options = bench_options();
    const fs::path out_dir = fs::temp_directory_path() / "galley-bench-epub";
    fs::create_directories(out_dir);
    std::atomic<bool> failed{false};

    for (auto _ : state) {
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            try {
                for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
                    const galley::ReadResult read = galley::read_article_file(files[i]);
                    if (to_files) {
                        galley::FileSink sink(out_dir /
                                              (fs::path(files[i]).stem().string() + ".epub"));
                        galley::write_epub(read.article, options, sink);
                    } else {
                        galley::MemorySink sink;
                        galley::write_epub(read.article, options, sink);
                        benchmark::DoNotOptimize(sink.data().data());
                    }
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
    std::error_code error;
    fs::remove_all(out_dir, error);
}
// Arguments: to files (1) or memory (0), threads.
BENCHMARK(BM_EpubBatch200)
    ->ArgNames({"files", "threads"})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Args({1, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
