// galley::run_batch: many inputs, in parallel, with outputs renamed into place and a report.
#include "galley/convert.hpp"

#include "galley/epub.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace galley {

namespace fs = std::filesystem;

namespace {

struct Input {
    fs::path path;     // as found
    fs::path relative; // below the argument it came from: names and places its outputs
};

bool is_article_file(const fs::path& p) {
    return p.filename() != "README.md" && input_format_from_extension(p.string()).has_value();
}

std::vector<Input> collect_inputs(const std::vector<std::string>& args) {
    std::vector<Input> inputs;
    for (const auto& arg : args) {
        fs::path p(arg);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<Input> found;
            for (auto it = fs::recursive_directory_iterator(
                     p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                std::error_code fe;
                if (it->is_regular_file(fe) && is_article_file(it->path()))
                    found.push_back({it->path(), it->path().lexically_relative(p)});
            }
            std::sort(found.begin(), found.end(),
                      [](const Input& a, const Input& b) { return a.relative < b.relative; });
            inputs.insert(inputs.end(), found.begin(), found.end());
        } else {
            // A file (or something that is not there: reading it reports the error).
            inputs.push_back({p, p.filename()});
        }
    }
    return inputs;
}

// FNV-1a, 64 bits: stable across machines and runs, unlike std::hash.
std::uint64_t stable_hash(std::string_view s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

fs::path output_path(const BatchOptions& options, const Input& in, OutputFormat format, int page) {
    fs::path stem = in.relative;
    stem.replace_extension();
    return options.output_dir / stem.parent_path() /
           output_file_name(stem.filename().string(), format, page);
}

// Warnings name the input when the backend did not, and say each thing once (two backends
// may report the same missing hyphenation patterns).
void tidy_warnings(Warnings& warnings, const std::string& file) {
    Warnings unique;
    for (auto& w : warnings) {
        if (w.file.empty()) w.file = file;
        bool seen = std::any_of(unique.begin(), unique.end(), [&](const Warning& u) {
            return u.message == w.message && u.file == w.file && u.pos == w.pos;
        });
        if (!seen) unique.push_back(std::move(w));
    }
    warnings = std::move(unique);
}

// Creates the folder the output `file` goes into; a failure (a file of that name on the way,
// no permission, a full disk) is an output error naming the output and the folder.
void make_output_folder(const fs::path& file) {
    const fs::path dir = file.parent_path();
    if (dir.empty()) return;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(ErrorCode::output, file.string(),
                    "cannot create its folder " + dir.string() + ": " + ec.message());
}

Error as_error(const std::exception& e, const std::string& file) {
    if (auto* ge = dynamic_cast<const Error*>(&e)) return *ge;
    if (auto* fe = dynamic_cast<const fs::filesystem_error*>(&e))
        return Error(ErrorCode::io, fe->path1().empty() ? file : fe->path1().string(),
                     fe->code().message());
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return Error(ErrorCode::limit, file, "out of memory");
    return Error(ErrorCode::internal, file, std::string("internal error: ") + e.what());
}

// Delivers finished items to on_item in input order, as soon as the items before them are
// done, and drops each once delivered (memory stays flat however long the batch).
class OrderedReport {
public:
    OrderedReport(std::size_t count, const BatchCallbacks& callbacks)
        : slots_(count), done_(count, false), callbacks_(callbacks) {}

    // `item` is empty for an input that was never started.
    void finish(std::size_t index, std::optional<BatchItem> item) {
        std::lock_guard lock(mutex_);
        slots_[index] = std::move(item);
        done_[index] = true;
        while (next_ < slots_.size() && done_[next_]) {
            if (slots_[next_] && callbacks_.on_item) callbacks_.on_item(*slots_[next_]);
            slots_[next_].reset();
            ++next_;
        }
    }

private:
    std::mutex mutex_;
    std::vector<std::optional<BatchItem>> slots_;
    std::vector<bool> done_;
    std::size_t next_ = 0;
    const BatchCallbacks& callbacks_;
};

int job_count(int requested, std::size_t inputs) {
    int n = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
    n = std::max(1, n);
    return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(n), std::max<std::size_t>(1, inputs)));
}

// Runs `work(i)` for every i in [0, count) on `jobs` threads.
template <class Work> void parallel_for(std::size_t count, int jobs, Work work) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i);
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
}

// An output held in memory until the whole conversion is known to be clean (--strict).
struct HeldOutput {
    OutputFormat format = OutputFormat::pdf;
    int page = 0;
    std::string bytes;
    bool finished = false;
};

class HeldSink final : public Sink {
public:
    explicit HeldSink(HeldOutput& output) : output_(output) {}
    void write(std::string_view bytes) override { output_.bytes.append(bytes); }
    void finish() override { output_.finished = true; }
    std::string name() const override { return "<held>"; }

private:
    HeldOutput& output_;
};

// The error of an input that --strict stops: its warnings are the reason.
Error strict_error(const std::string& file, std::size_t warnings) {
    return Error(ErrorCode::invalid, file,
                 std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
                     " and --strict, which makes every warning an error: nothing was written");
}

} // namespace

bool convert_if_no_warnings(const Article& article, std::span<const OutputFormat> formats,
                            const ConvertOptions& options, const SinkFactory& sinks,
                            const Warnings& earlier, ConvertResult& result) {
    std::deque<HeldOutput> held; // stable references for the sinks
    result = convert(article, formats, options,
                     [&](OutputFormat format, int page) -> std::unique_ptr<Sink> {
                         HeldOutput& output = held.emplace_back();
                         output.format = format;
                         output.page = page;
                         return std::make_unique<HeldSink>(output);
                     });
    if (!earlier.empty() || !result.warnings.empty()) {
        result.files.clear();
        return false;
    }
    // Clean: every output to its sink, in the order convert() made them.
    for (std::size_t i = 0; i < held.size(); ++i) {
        if (!held[i].finished) continue;
        std::unique_ptr<Sink> sink = sinks(held[i].format, held[i].page);
        sink->write(held[i].bytes);
        sink->finish();
        if (i < result.files.size()) result.files[i].name = sink->name();
        std::string().swap(held[i].bytes);
    }
    return true;
}

BatchSummary run_batch(const BatchOptions& options, const BatchCallbacks& callbacks) {
    auto started = std::chrono::steady_clock::now();
    if (options.formats.empty()) throw Error(ErrorCode::usage, "", "no output formats given");
    if (options.shard_count < 1 || options.shard_index < 1 || options.shard_index > options.shard_count)
        throw Error(ErrorCode::usage, "",
                    "--shard K/N needs 1 <= K <= N (got " + std::to_string(options.shard_index) +
                        "/" + std::to_string(options.shard_count) + ")");
    bool bundling = !options.bundle.empty();
    if (bundling) {
        if (options.formats.size() != 1 || options.formats[0] != OutputFormat::epub)
            throw Error(ErrorCode::usage, "", "--bundle writes one EPUB: use it with --to epub alone");
        if (options.bundle_title.empty()) throw Error(ErrorCode::usage, "", "--bundle needs --title");
        if (options.bundle.find('/') != std::string::npos || !options.bundle.ends_with(".epub"))
            throw Error(ErrorCode::usage, "", "--bundle takes a file name ending in .epub");
    }

    // The shard's inputs, chosen by a hash of each input's path below its argument.
    std::vector<Input> inputs;
    for (auto& in : collect_inputs(options.inputs)) {
        if (options.shard_count > 1 &&
            stable_hash(in.relative.generic_string()) % static_cast<std::uint64_t>(options.shard_count) !=
                static_cast<std::uint64_t>(options.shard_index - 1))
            continue;
        inputs.push_back(std::move(in));
    }

    // Two inputs that would write the same file are refused before any work starts.
    if (!bundling) {
        std::map<fs::path, const Input*> claimed;
        for (const auto& in : inputs)
            for (OutputFormat f : options.formats) {
                fs::path out = output_path(options, in, f, 1).lexically_normal();
                auto [it, fresh] = claimed.emplace(out, &in);
                if (!fresh)
                    throw Error(ErrorCode::usage, "",
                                in.path.string() + " and " + it->second->path.string() +
                                    " would both write " + out.string());
            }
    }

    BatchSummary summary;
    summary.inputs = inputs.size();
    if (callbacks.on_start) callbacks.on_start(inputs.size());

    std::atomic<bool> stop{false};
    std::atomic<std::size_t> succeeded{0}, failed{0}, skipped{0}, read_ok{0}, strict_failed{0};
    std::vector<std::optional<Article>> bundled(bundling ? inputs.size() : 0);
    OrderedReport report(inputs.size(), callbacks);

    parallel_for(inputs.size(), job_count(options.jobs, inputs.size()), [&](std::size_t i) {
        const Input& in = inputs[i];
        BatchItem item;
        item.input = in.path.string();
        if (stop.load()) {
            ++skipped;
            report.finish(i, std::nullopt);
            return;
        }
        try {
            ReadResult r = read_article_file(in.path.string(), options.read);
            ++read_ok;
            item.warnings = std::move(r.warnings);
            bool clean = true;
            if (bundling) {
                if (options.strict && !item.warnings.empty()) clean = false;
                else bundled[i] = std::move(r.article);
            } else {
                auto sinks = [&](OutputFormat f, int page) -> std::unique_ptr<Sink> {
                    fs::path out = output_path(options, in, f, page);
                    make_output_folder(out);
                    return std::make_unique<FileSink>(out);
                };
                ConvertResult c;
                if (options.strict)
                    clean = convert_if_no_warnings(r.article, options.formats, options.convert,
                                                   sinks, item.warnings, c);
                else
                    c = convert(r.article, options.formats, options.convert, sinks);
                item.outputs = std::move(c.files);
                item.warnings.insert(item.warnings.end(), c.warnings.begin(), c.warnings.end());
            }
            if (!clean) {
                tidy_warnings(item.warnings, item.input);
                throw strict_error(item.input, item.warnings.size());
            }
            ++succeeded;
        } catch (const std::exception& e) {
            item.error = as_error(e, in.path.string());
            ++failed;
            if (options.strict && !item.warnings.empty()) ++strict_failed;
            if (options.fail_fast) stop = true;
        }
        tidy_warnings(item.warnings, item.input);
        report.finish(i, std::move(item));
    });

    if (bundling && succeeded > 0) {
        BatchItem item;
        item.input = (options.output_dir / options.bundle).string();
        try {
            if (options.strict && failed > 0)
                throw Error(ErrorCode::invalid, item.input,
                            "not written: " + std::to_string(failed.load()) +
                                (failed == 1 ? " input" : " inputs") +
                                " failed, and --strict writes a bundle only when every input "
                                "converts without a warning");
            std::vector<Article> articles;
            for (auto& a : bundled)
                if (a) articles.push_back(std::move(*a));
            EpubOptions eo;
            eo.style = options.convert.style;
            eo.title = options.bundle_title;
            eo.language = options.convert.default_language;
            eo.embed_fonts = options.convert.embed_fonts;
            eo.modified = options.convert.date;
            eo.image_policy = options.convert.image_policy;
            auto t0 = std::chrono::steady_clock::now();
            // With --strict the book is held in memory until it is known to be clean.
            MemorySink held;
            std::optional<FileSink> file;
            if (!options.strict) {
                make_output_folder(options.output_dir / options.bundle);
                file.emplace(options.output_dir / options.bundle);
            }
            EpubResult r = write_epub_bundle(articles, eo, file ? static_cast<Sink&>(*file) : held);
            item.warnings = std::move(r.warnings);
            if (options.strict) {
                if (!item.warnings.empty()) throw strict_error(item.input, item.warnings.size());
                make_output_folder(options.output_dir / options.bundle);
                file.emplace(options.output_dir / options.bundle);
                file->write(held.data());
                file->finish();
            }
            item.outputs.push_back(ConvertedFile{
                OutputFormat::epub, file->name(), file->size(),
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()});
        } catch (const std::exception& e) {
            item.error = as_error(e, item.input);
            ++failed;
            if (options.strict && (!item.warnings.empty() || strict_failed > 0)) ++strict_failed;
        }
        if (callbacks.on_item) callbacks.on_item(item);
    }

    summary.succeeded = succeeded;
    summary.failed = failed;
    summary.skipped = skipped;
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // 3 only when every input was tried and none could be read.
    if (inputs.empty() || (read_ok == 0 && skipped == 0)) summary.exit_status = 3;
    else if (strict_failed > 0) summary.exit_status = 3; // --strict: a warning is an error
    else summary.exit_status = summary.failed > 0 || summary.skipped > 0 ? 1 : 0;
    return summary;
}

namespace {

void json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

// A number with three decimals, without the locale.
std::string fixed3(double v) {
    long long thousandths = static_cast<long long>(v * 1000.0 + 0.5);
    std::string s = std::to_string(thousandths / 1000) + ".";
    std::string frac = std::to_string(thousandths % 1000);
    return s + std::string(3 - frac.size(), '0') + frac;
}

} // namespace

std::string batch_item_json(const BatchItem& item) {
    std::string out = "{\"input\":";
    json_string(out, item.input);
    out += ",\"outputs\":[";
    for (std::size_t i = 0; i < item.outputs.size(); ++i) {
        const auto& f = item.outputs[i];
        if (i) out += ',';
        out += "{\"format\":";
        json_string(out, to_string(f.format));
        out += ",\"path\":";
        json_string(out, f.name);
        out += ",\"bytes\":" + std::to_string(f.bytes) + ",\"ms\":" + fixed3(f.ms) + "}";
    }
    out += "],\"warnings\":[";
    for (std::size_t i = 0; i < item.warnings.size(); ++i) {
        if (i) out += ',';
        json_string(out, item.warnings[i].to_string());
    }
    out += "],\"error\":";
    if (item.error) json_string(out, item.error->what());
    else out += "null";
    out += "}";
    return out;
}

std::string batch_summary_json(const BatchSummary& s) {
    return "{\"summary\":{\"inputs\":" + std::to_string(s.inputs) +
           ",\"succeeded\":" + std::to_string(s.succeeded) + ",\"failed\":" + std::to_string(s.failed) +
           ",\"skipped\":" + std::to_string(s.skipped) + ",\"seconds\":" + fixed3(s.seconds) +
           ",\"exit_status\":" + std::to_string(s.exit_status) + "}}";
}

} // namespace galley
