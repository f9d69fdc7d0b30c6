// Print backend benchmarks. Targets (issue 6), Release build:
//   - the Astana article on one Berliner page in 5 columns (broadsheet) → PDF: at most 40 ms
//     warm; the set-up (fontconfig, a thread's Pango font map, fonts loaded) reported apart;
//   - the 10,000-word article of ../shared/bench/gen_corpus.py (corpus/long.md): 600 ms;
//   - its 200 short articles (batch/*.md), read and written in one process on 2 threads: at
//     least 40 articles/s.
// Run: bench/run-bench.sh BM_Print. The corpus is read from $GALLEY_BENCH_CORPUS (corpus/)
// or /tmp/galley-bench/corpus; the batch from the folder beside it.
#include "galley/fonts.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

galley::PrintOptions print_options(const std::string& style,
                                   galley::PrintOutput output = galley::PrintOutput::pdf) {
    galley::Warnings warnings;
    galley::PrintOptions options;
    options.style = galley::load_style(style, warnings);
    options.output = output;
    options.created = 1765324800;
    return options;
}

galley::Article astana() {
    return galley::read_article_file(std::string(GALLEY_SHARED_DIR) +
                                     "/corpus/astana-roundtable.txt")
        .article;
}

fs::path corpus_dir() {
    const char* dir = std::getenv("GALLEY_BENCH_CORPUS");
    const fs::path root = dir ? fs::path(dir) : fs::path("/tmp/galley-bench/corpus");
    if (fs::exists(root / "long.md")) return root;
    return root / "corpus";
}

fs::path batch_dir() {
    const fs::path corpus = corpus_dir();
    if (fs::exists(corpus.parent_path() / "batch")) return corpus.parent_path() / "batch";
    return corpus / "batch";
}

std::size_t write(const galley::Article& article, const galley::PrintOptions& options) {
    galley::MemorySink sink;
    galley::write_print(article, options, sink);
    return sink.data().size();
}

// The one-off costs, each on a fresh thread: the FontResolver (fontconfig configuration and
// character maps; the process-wide one is built once) and a thread's first article (its Pango
// font map, font files opened, caches empty).
void BM_PrintSetUpFonts(benchmark::State& state) {
    for (auto _ : state) {
        galley::FontResolver resolver;
        benchmark::DoNotOptimize(resolver.fonts().size());
    }
}
BENCHMARK(BM_PrintSetUpFonts)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_PrintAstanaColdThread(benchmark::State& state) {
    const galley::Article article = astana();
    const galley::PrintOptions options = print_options("broadsheet");
    write(article, options); // the shared resolver exists; each thread below starts cold
    for (auto _ : state) {
        std::thread([&] { benchmark::DoNotOptimize(write(article, options)); }).join();
    }
}
BENCHMARK(BM_PrintAstanaColdThread)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

// Warm: the calling thread has set articles before (fonts loaded, words shaped).
void BM_PrintAstanaBroadsheet(benchmark::State& state) {
    const galley::Article article = astana();
    const auto output = static_cast<galley::PrintOutput>(state.range(0));
    galley::PrintOptions options = print_options("broadsheet", output);
    options.dpi = 100;
    const auto run = [&] {
        std::size_t bytes = 0;
        galley::write_print(article, options, [&](int) {
            struct Counting final : galley::Sink {
                explicit Counting(std::size_t& n) : n(n) {}
                void write(std::string_view b) override { n += b.size(); }
                void finish() override {}
                std::string name() const override { return "<count>"; }
                std::size_t& n;
            };
            return std::make_unique<Counting>(bytes);
        });
        return bytes;
    };
    run();
    std::size_t bytes = 0;
    for (auto _ : state) bytes = run();
    state.counters["bytes"] = static_cast<double>(bytes);
}
// Outputs: 0 pdf, 1 png (100 dpi), 2 svg, 3 layout.
BENCHMARK(BM_PrintAstanaBroadsheet)
    ->ArgName("output")
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond);

void BM_PrintLongArticle(benchmark::State& state) {
    const fs::path file = corpus_dir() / "long.md";
    if (!fs::exists(file)) {
        state.SkipWithError(("no " + file.string() +
                             ": run python3 ../shared/bench/gen_corpus.py /tmp/galley-bench")
                                .c_str());
        return;
    }
    const galley::Article article = galley::read_article_file(file.string()).article;
    const galley::PrintOptions options =
        print_options(state.range(0) == 0 ? "broadsheet" : "default");
    write(article, options);
    std::size_t bytes = 0;
    for (auto _ : state) bytes = write(article, options);
    state.counters["bytes"] = static_cast<double>(bytes);
}
// Styles: 0 broadsheet, 1 default.
BENCHMARK(BM_PrintLongArticle)->ArgName("style")->DenseRange(0, 1)->Unit(benchmark::kMillisecond);

// The 200 short articles, each read and written to memory once per iteration, on 2 threads.
void BM_PrintBatch200(benchmark::State& state) {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(batch_dir(), error))
        if (entry.path().extension() == ".md") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (files.size() < 200) {
        state.SkipWithError(("no batch of 200 articles in " + batch_dir().string()).c_str());
        return;
    }
    const galley::PrintOptions options =
        print_options(state.range(1) == 0 ? "broadsheet" : "default");
    const int threads = static_cast<int>(state.range(0));
    std::atomic<bool> failed{false};
    for (auto _ : state) {
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            try {
                for (std::size_t i; (i = next.fetch_add(1)) < files.size();)
                    benchmark::DoNotOptimize(
                        write(galley::read_article_file(files[i]).article, options));
            } catch (const std::exception&) {
                failed = true;
            }
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (std::thread& thread : pool) thread.join();
    }
    if (failed) state.SkipWithError("an article failed to convert");
    state.counters["articles_per_second"] = benchmark::Counter(
        static_cast<double>(state.iterations() * files.size()), benchmark::Counter::kIsRate);
}
// Arguments: threads, style (0 broadsheet, 1 default).
BENCHMARK(BM_PrintBatch200)
    ->ArgNames({"threads", "style"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

} // namespace

BENCHMARK_MAIN();
