// The C API (galley.h) over the C++ one: read_article/read_article_file, load_style and
// galley::convert into memory sinks. Every exception stops here and becomes the calling
// thread's last error.
#include "galley/galley.h"

#include "galley/convert.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

struct galley_article {
    galley::Article article;
    std::vector<std::string> warnings; // the reader's, as "FILE:LINE:COL: warning: message"
};

namespace {

// What the calling thread's last call left behind.
struct CallState {
    std::string error;
    int code = GALLEY_OK;
    std::string kind;
    std::vector<std::string> warnings; // of the last conversion
};

CallState& state() {
    thread_local CallState s;
    return s;
}

void clear_error() {
    CallState& s = state();
    s.error.clear();
    s.code = GALLEY_OK;
    s.kind.clear();
}

// Records the exception being handled (call only from a catch block) and returns its status.
int record_current_exception() noexcept {
    CallState& s = state();
    try {
        try {
            throw;
        } catch (const galley::Error& e) {
            s.error = e.what();
            s.code = galley::exit_status(e.code());
            s.kind = galley::to_string(e.code());
        } catch (const std::bad_alloc&) {
            s.error = "out of memory";
            s.code = GALLEY_STATUS_INTERNAL;
            s.kind = "internal";
        } catch (const std::exception& e) {
            s.error = std::string("internal error: ") + e.what();
            s.code = GALLEY_STATUS_INTERNAL;
            s.kind = "internal";
        } catch (...) {
            s.error = "internal error: unknown exception";
            s.code = GALLEY_STATUS_INTERNAL;
            s.kind = "internal";
        }
    } catch (...) {
        // Not even the message could be stored (out of memory): keep the status.
        s.code = GALLEY_STATUS_INTERNAL;
    }
    return s.code;
}

// Throws a usage error (a bad argument to the API), to be recorded like any other.
[[noreturn]] void usage_error(const std::string& message) {
    throw galley::Error(galley::ErrorCode::usage, "", message);
}

std::vector<std::string> warning_texts(const galley::Warnings& warnings) {
    std::vector<std::string> texts;
    texts.reserve(warnings.size());
    for (const auto& w : warnings) texts.push_back(w.to_string());
    return texts;
}

galley::ReadOptions read_options(const char* format) {
    galley::ReadOptions options;
    if (format && *format) options.format = galley::input_format_from_name(format);
    return options;
}

galley_article* make_article(galley::ReadResult&& read) {
    auto handle = std::make_unique<galley_article>();
    handle->warnings = warning_texts(read.warnings);
    handle->article = std::move(read.article);
    return handle.release();
}

// A bundled style by name, parsed once per process; a path, read at every call (the file may
// change). The load's warnings are appended to `warnings`.
galley::StyleSheet style_sheet(const std::string& name_or_path, galley::Warnings& warnings) {
    bool bundled = name_or_path.find('/') == std::string::npos &&
                   !(name_or_path.size() >= 4 &&
                     name_or_path.compare(name_or_path.size() - 4, 4, ".css") == 0);
    if (!bundled) return galley::load_style(name_or_path, warnings);

    struct Loaded {
        galley::StyleSheet sheet;
        galley::Warnings warnings;
    };
    static std::mutex mutex;
    static std::map<std::string, Loaded, std::less<>> cache;
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(name_or_path); it != cache.end()) {
            warnings.insert(warnings.end(), it->second.warnings.begin(), it->second.warnings.end());
            return it->second.sheet;
        }
    }
    Loaded loaded;
    loaded.sheet = galley::load_style(name_or_path, loaded.warnings); // outside the lock
    warnings.insert(warnings.end(), loaded.warnings.begin(), loaded.warnings.end());
    std::lock_guard lock(mutex);
    return cache.try_emplace(name_or_path, std::move(loaded)).first->second.sheet;
}

// Drops the bytes of the PNG or SVG pages that were not asked for.
class DiscardSink final : public galley::Sink {
  public:
    void write(std::string_view) override {}
    void finish() override {}
    std::string name() const override { return "<discarded>"; }
};

// Passes everything on to a sink that the caller keeps.
class ForwardingSink final : public galley::Sink {
  public:
    explicit ForwardingSink(galley::Sink& target) : target_(target) {}
    void write(std::string_view bytes) override { target_.write(bytes); }
    void finish() override { target_.finish(); }
    std::string name() const override { return target_.name(); }

  private:
    galley::Sink& target_;
};

// Hands `bytes` over as a malloc'ed buffer (never NULL, even when empty).
unsigned char* hand_over(const std::string& bytes) {
    std::size_t size = bytes.size();
    // (The bound also keeps GCC 12's -Walloc-size-larger-than quiet.)
    if (size > static_cast<std::size_t>(PTRDIFF_MAX)) throw std::bad_alloc();
    auto* data = static_cast<unsigned char*>(std::malloc(size > 0 ? size : 1));
    if (!data) throw std::bad_alloc();
    if (size > 0) std::memcpy(data, bytes.data(), size);
    return data;
}

} // namespace

extern "C" {

const char* galley_version(void) {
    return GALLEY_VERSION;
}

galley_article* galley_article_from_bytes(const char* data, size_t size, const char* name,
                                          const char* format) {
    clear_error();
    try {
        if (!data && size > 0) usage_error("galley_article_from_bytes: no data");
        std::string_view content(data ? data : "", data ? size : 0);
        std::string article_name = name && *name ? name : "<memory>";
        return make_article(galley::read_article(content, article_name, read_options(format)));
    } catch (...) {
        record_current_exception();
        return nullptr;
    }
}

galley_article* galley_article_from_path(const char* path, const char* format) {
    clear_error();
    try {
        if (!path || !*path) usage_error("galley_article_from_path: no path");
        return make_article(galley::read_article_file(path, read_options(format)));
    } catch (...) {
        record_current_exception();
        return nullptr;
    }
}

void galley_article_free(galley_article* article) {
    delete article;
}

const char* galley_article_headline(const galley_article* article) {
    return article ? article->article.meta.headline.c_str() : "";
}

size_t galley_article_warning_count(const galley_article* article) {
    return article ? article->warnings.size() : 0;
}

const char* galley_article_warning(const galley_article* article, size_t index) {
    if (!article || index >= article->warnings.size()) return nullptr;
    return article->warnings[index].c_str();
}

int galley_convert(const galley_article* article, const char* format, const char* style,
                   unsigned char** out_data, size_t* out_size) {
    return galley_convert_page(article, format, style, 1, out_data, out_size, nullptr);
}

int galley_convert_page(const galley_article* article, const char* format, const char* style,
                        int page, unsigned char** out_data, size_t* out_size, int* out_pages) {
    clear_error();
    if (out_data) *out_data = nullptr;
    if (out_size) *out_size = 0;
    if (out_pages) *out_pages = 0;
    try {
        state().warnings.clear();
        if (!article) usage_error("galley_convert: no article");
        if (!out_data || !out_size) usage_error("galley_convert: no place for the output");
        auto output = galley::output_format_from_name(format ? format : "");
        if (!output) {
            std::string names;
            for (const auto& n : galley::output_format_names())
                names += (names.empty() ? "" : ", ") + n;
            usage_error(std::string("unknown output format '") + (format ? format : "") +
                        "' (formats: " + names + ")");
        }
        bool paged = *output == galley::OutputFormat::png || *output == galley::OutputFormat::svg;
        if (page < 1 || (!paged && page != 1))
            usage_error("page " + std::to_string(page) + " of " + galley::to_string(*output) +
                        (paged ? ": pages count from 1" : ": this format is one file, page 1"));

        galley::ConvertOptions options;
        galley::Warnings warnings;
        if (style && *style) options.style = style_sheet(style, warnings);

        // convert() owns the sinks it is given, so the page asked for is forwarded into a
        // MemorySink that stays here; the other pages are only counted.
        galley::MemorySink memory;
        int pages = 0;
        galley::SinkFactory sinks = [&](galley::OutputFormat,
                                        int p) -> std::unique_ptr<galley::Sink> {
            pages = std::max(pages, p);
            if (p == 0 || p == page) return std::make_unique<ForwardingSink>(memory);
            return std::make_unique<DiscardSink>();
        };
        const galley::OutputFormat formats[] = {*output};
        galley::ConvertResult result = galley::convert(article->article, formats, options, sinks);
        warnings.insert(warnings.end(), std::make_move_iterator(result.warnings.begin()),
                        std::make_move_iterator(result.warnings.end()));
        state().warnings = warning_texts(warnings);
        if (out_pages) *out_pages = paged ? pages : 1;
        if (!memory.finished())
            usage_error(std::string("page ") + std::to_string(page) + " of " +
                        galley::to_string(*output) + ": the article has " + std::to_string(pages) +
                        (pages == 1 ? " page" : " pages"));
        std::string bytes = memory.take();
        *out_data = hand_over(bytes);
        *out_size = bytes.size();
        return GALLEY_OK;
    } catch (...) {
        return record_current_exception();
    }
}

void galley_free(void* data) {
    std::free(data);
}

const char* galley_last_error(void) {
    return state().error.c_str();
}

int galley_last_error_code(void) {
    return state().code;
}

const char* galley_last_error_kind(void) {
    return state().kind.c_str();
}

size_t galley_last_warning_count(void) {
    return state().warnings.size();
}

const char* galley_last_warning(size_t index) {
    const auto& warnings = state().warnings;
    return index < warnings.size() ? warnings[index].c_str() : nullptr;
}

} // extern "C"
