// galley::convert: one article into any formats, each through its backend.
#include "galley/convert.hpp"

#include "galley/epub.hpp"
#include "galley/json.hpp"
#include "galley/pdf.hpp"
#include "galley/print.hpp"

#include <array>
#include <chrono>
#include <deque>

namespace galley {

namespace {

struct FormatName {
    const char* name;
    OutputFormat format;
};
constexpr std::array<FormatName, 8> format_names = {{{"pdf", OutputFormat::pdf},
                                                     {"epub", OutputFormat::epub},
                                                     {"print", OutputFormat::print},
                                                     {"png", OutputFormat::png},
                                                     {"svg", OutputFormat::svg},
                                                     {"layout", OutputFormat::layout},
                                                     {"json", OutputFormat::json},
                                                     {"pdf-layout", OutputFormat::pdf_layout}}};

// Forwards to another sink and records what went through it in a ConvertedFile.
class CountingSink final : public Sink {
  public:
    CountingSink(std::unique_ptr<Sink> inner, ConvertedFile& record)
        : inner_(std::move(inner)), record_(record) {
        record_.name = inner_->name();
    }
    void write(std::string_view bytes) override {
        inner_->write(bytes);
        record_.bytes += bytes.size();
    }
    void finish() override { inner_->finish(); }
    std::string name() const override { return inner_->name(); }

  private:
    std::unique_ptr<Sink> inner_;
    ConvertedFile& record_;
};

// The bundled default sheet, loaded once per process.
const StyleSheet& default_style() {
    static const StyleSheet sheet = [] {
        Warnings ignored;
        return load_style("default", ignored);
    }();
    return sheet;
}

void append(Warnings& into, Warnings&& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
}

PrintOutput print_output(OutputFormat f) {
    switch (f) {
    case OutputFormat::png:
        return PrintOutput::png;
    case OutputFormat::svg:
        return PrintOutput::svg;
    case OutputFormat::layout:
        return PrintOutput::layout;
    default:
        return PrintOutput::pdf;
    }
}

} // namespace

const char* to_string(OutputFormat format) {
    for (const auto& f : format_names)
        if (f.format == format) return f.name;
    return "?";
}

std::optional<OutputFormat> output_format_from_name(std::string_view name) {
    for (const auto& f : format_names)
        if (name == f.name) return f.format;
    return std::nullopt;
}

std::vector<std::string> output_format_names() {
    std::vector<std::string> names;
    for (const auto& f : format_names) names.emplace_back(f.name);
    return names;
}

std::string output_file_name(std::string_view stem, OutputFormat format, int page) {
    std::string s(stem);
    switch (format) {
    case OutputFormat::pdf:
        return s + ".pdf";
    case OutputFormat::epub:
        return s + ".epub";
    case OutputFormat::print:
        return s + "-print.pdf";
    case OutputFormat::png:
        return s + "-" + std::to_string(page) + ".png";
    case OutputFormat::svg:
        return s + "-" + std::to_string(page) + ".svg";
    case OutputFormat::layout:
        return s + ".layout.txt";
    case OutputFormat::json:
        return s + ".json";
    case OutputFormat::pdf_layout:
        return s + ".pdf-layout.txt";
    }
    return s;
}

ConvertResult convert(const Article& article_in, std::span<const OutputFormat> formats,
                      const ConvertOptions& options, const SinkFactory& sinks) {
    const Article* article = &article_in;
    Article with_language;
    if (article_in.meta.language.empty() && !options.default_language.empty()) {
        with_language = article_in;
        with_language.meta.language = options.default_language;
        article = &with_language;
    }
    const StyleSheet& style = options.style ? *options.style : default_style();

    ConvertResult result;
    std::deque<ConvertedFile> files; // stable references for the counting sinks
    for (OutputFormat format : formats) {
        auto start = std::chrono::steady_clock::now();
        std::size_t first_file = files.size();
        auto open = [&](int page) -> std::unique_ptr<Sink> {
            ConvertedFile& record = files.emplace_back();
            record.format = format;
            return std::make_unique<CountingSink>(sinks(format, page), record);
        };
        switch (format) {
        case OutputFormat::json: {
            auto sink = open(0);
            sink->write(to_json(*article));
            sink->finish();
            break;
        }
        case OutputFormat::epub: {
            EpubOptions eo;
            eo.style = style;
            eo.embed_fonts = options.embed_fonts;
            eo.modified = options.date;
            eo.image_policy = options.image_policy;
            auto sink = open(0);
            append(result.warnings, write_epub(*article, eo, *sink).warnings);
            break;
        }
        case OutputFormat::pdf:
        case OutputFormat::pdf_layout: {
            PdfOptions po;
            po.layout_dump = format == OutputFormat::pdf_layout;
            po.created = options.date;
            po.image_policy = options.image_policy;
            po.min_ppi = options.min_ppi;
            po.upscale = options.upscale;
            auto sink = open(0);
            po.style = style;
            append(result.warnings, write_pdf(*article, po, *sink).warnings);
            break;
        }
        case OutputFormat::print:
        case OutputFormat::png:
        case OutputFormat::svg:
        case OutputFormat::layout: {
            PrintOptions po;
            po.style = style;
            po.output = print_output(format);
            po.dpi = options.dpi;
            po.created = options.date;
            po.image_policy = options.image_policy;
            po.min_ppi = options.min_ppi;
            po.upscale = options.upscale;
            append(result.warnings, write_print(*article, po, open).warnings);
            break;
        }
        }
        double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        // The time belongs to the format; spread over its pages it would mislead.
        for (std::size_t i = first_file; i < files.size(); ++i)
            files[i].ms = i == first_file ? ms : 0;
    }
    result.files.assign(files.begin(), files.end());
    return result;
}

} // namespace galley
