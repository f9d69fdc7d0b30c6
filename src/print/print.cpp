// The print backend's entry points: style → flow → pages → PDF, PNG, SVG or the layout dump.
#include "galley/print.hpp"

#include "epub/timestamp.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "image/image_detail.hpp"
#include "layout/flow.hpp"
#include "layout/layout.hpp"
#include "layout/layout_dump.hpp"
#include "layout/page_makeup.hpp"
#include "layout/paragraph.hpp"
#include "layout/shaping.hpp"
#include "print/pdf_finish.hpp"
#include "print/render.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>

#ifndef GALLEY_VERSION
#define GALLEY_VERSION "unknown"
#endif

namespace galley {

const char* to_string(PrintOutput output) {
    switch (output) {
    case PrintOutput::pdf:
        return "pdf";
    case PrintOutput::png:
        return "png";
    case PrintOutput::svg:
        return "svg";
    case PrintOutput::layout:
        return "layout";
    }
    return "pdf";
}

std::optional<PrintOutput> print_output_from_name(std::string_view name) {
    if (name == "pdf" || name == "print") return PrintOutput::pdf;
    if (name == "png") return PrintOutput::png;
    if (name == "svg") return PrintOutput::svg;
    if (name == "layout") return PrintOutput::layout;
    return std::nullopt;
}

std::string print_file_name(std::string_view stem, PrintOutput output, int page) {
    std::string name(stem);
    switch (output) {
    case PrintOutput::pdf:
        return name + ".pdf";
    case PrintOutput::png:
        return name + "-" + std::to_string(page) + ".png";
    case PrintOutput::svg:
        return name + "-" + std::to_string(page) + ".svg";
    case PrintOutput::layout:
        return name + ".layout.txt";
    }
    return name;
}

namespace {

using namespace detail::print;
using namespace detail::layout;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_t* cr, const char* what) {
    const cairo_status_t status = cairo_status(cr);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(ErrorCode::backend, "",
                    std::string("Cairo: ") + what + ": " + cairo_status_to_string(status));
}

void check(cairo_surface_t* surface, const char* what) {
    const cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(ErrorCode::backend, "",
                    std::string("Cairo: ") + what + ": " + cairo_status_to_string(status));
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
    std::string out;
    for (const std::string& value : values) {
        if (value.empty()) continue;
        if (!out.empty()) out += separator;
        out += value;
    }
    return out;
}

std::string number(double value) {
    char buffer[32];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2);
    return std::string(buffer, result.ptr);
}

// Outline entries nested by level under the nearest entry of a lower level.
void add_outline(cairo_surface_t* surface, const std::vector<OutlineEntry>& entries) {
    std::vector<std::pair<int, int>> parents; // level, outline id
    for (const OutlineEntry& entry : entries) {
        while (!parents.empty() && parents.back().first >= entry.level) parents.pop_back();
        const int parent = parents.empty() ? CAIRO_PDF_OUTLINE_ROOT : parents.back().second;
        const std::string link = "page=" + std::to_string(entry.page) + " pos=[" + number(entry.x) +
                                 " " + number(entry.y) + "]";
        const int id = cairo_pdf_surface_add_outline(surface, parent, entry.title.c_str(),
                                                     link.c_str(), CAIRO_PDF_OUTLINE_FLAG_OPEN);
        parents.emplace_back(entry.level, id);
    }
}

// The PDF as Cairo writes it, with what finish_pdf must add (done after the layout lock:
// qpdf reads no fonts, and rewriting the file is a third of a short article's time).
struct CairoPdf {
    std::string bytes;
    PdfFinishing finishing;
};

CairoPdf render_pdf(const Article& article, LaidOut& laid_out, Typesetting& typesetting,
                    std::optional<std::int64_t> created) {
    std::string bytes;
    const PageGeometry& first = laid_out.pages.front().geometry;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append_bytes, &bytes, first.media_width,
                                                           first.media_height));
    check(surface.get(), "cannot create the PDF");
    cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
    CairoPtr cr(cairo_create(surface.get()));
    PageRenderer renderer(laid_out.flow, typesetting, true);
    for (std::size_t i = 0; i < laid_out.pages.size(); ++i) {
        const PageGeometry& g = laid_out.pages[i].geometry;
        if (i > 0) {
            cairo_show_page(cr.get());
            cairo_pdf_surface_set_size(surface.get(), g.media_width, g.media_height);
        }
        renderer.draw_page(cr.get(), laid_out.pages[i]);
        check(cr.get(), "drawing a page");
    }
    renderer.finish(cr.get());
    add_outline(surface.get(), renderer.outline());

    const Meta& meta = article.meta;
    std::vector<std::string> authors;
    for (const Byline& byline : meta.bylines) authors.push_back(byline.name);
    const auto set = [&](cairo_pdf_metadata_t key, const std::string& value) {
        if (!value.empty()) cairo_pdf_surface_set_metadata(surface.get(), key, value.c_str());
    };
    set(CAIRO_PDF_METADATA_TITLE, meta.headline);
    set(CAIRO_PDF_METADATA_AUTHOR, join(authors, ", "));
    set(CAIRO_PDF_METADATA_SUBJECT, meta.dek);
    set(CAIRO_PDF_METADATA_KEYWORDS, join(meta.keywords, ", "));
    set(CAIRO_PDF_METADATA_CREATOR, "galley " GALLEY_VERSION);
    // Cairo writes the clock's time unless told a date; without one, a fixed date is given
    // and removed again when the file is finished.
    const std::string date = detail::format_utc(created.value_or(0));
    set(CAIRO_PDF_METADATA_CREATE_DATE, date);
    set(CAIRO_PDF_METADATA_MOD_DATE, date);
    cr.reset();
    cairo_surface_finish(surface.get());
    check(surface.get(), "writing the PDF");
    surface.reset();

    PdfFinishing finishing;
    for (const PageLayout& page : laid_out.pages) {
        const PageGeometry& g = page.geometry;
        finishing.pages.push_back({g.media_width, g.media_height, g.trim_left(), g.trim_top(),
                                   g.trim_width, g.trim_height, g.bleed});
    }
    finishing.language = meta.language;
    finishing.figure_alts = renderer.figure_alts();
    finishing.keep_dates = created.has_value();
    return {std::move(bytes), std::move(finishing)};
}

std::vector<std::string> render_png(LaidOut& laid_out, Typesetting& typesetting, double dpi) {
    std::vector<std::string> files;
    PageRenderer renderer(laid_out.flow, typesetting, false);
    const double scale = dpi / 72.0;
    for (const PageLayout& page : laid_out.pages) {
        const int width =
            std::max(1, static_cast<int>(std::ceil(page.geometry.media_width * scale - 1e-9)));
        const int height =
            std::max(1, static_cast<int>(std::ceil(page.geometry.media_height * scale - 1e-9)));
        SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
        check(surface.get(), "cannot create a PNG page (too large?)");
        CairoPtr cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        cairo_scale(cr.get(), scale, scale);
        renderer.draw_page(cr.get(), page);
        check(cr.get(), "drawing a page");
        cr.reset();
        std::string bytes;
        if (cairo_surface_write_to_png_stream(surface.get(), append_bytes, &bytes) !=
            CAIRO_STATUS_SUCCESS)
            throw Error(ErrorCode::backend, "", "Cairo: cannot write a PNG page");
        files.push_back(std::move(bytes));
    }
    return files;
}

// Cairo names an SVG's surfaces and images by process-wide counters ("surface18000",
// "image7"): renamed here in order of appearance, so that the same page gives the same bytes
// however many were drawn before it.
std::string stable_svg_ids(const std::string& svg) {
    static constexpr std::string_view prefixes[] = {"surface", "image", "source", "pattern",
                                                    "mask"};
    std::map<std::string, std::string> renamed;
    std::map<std::string_view, int> counters;
    std::string out;
    out.reserve(svg.size());
    std::size_t i = 0;
    while (i < svg.size()) {
        const char c = svg[i];
        if (c == '"' || c == '#') {
            bool done = false;
            for (std::string_view prefix : prefixes) {
                if (svg.compare(i + 1, prefix.size(), prefix) != 0) continue;
                std::size_t end = i + 1 + prefix.size();
                while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9') ++end;
                if (end == i + 1 + prefix.size()) continue;
                const std::string name = svg.substr(i + 1, end - i - 1);
                auto found = renamed.find(name);
                if (found == renamed.end())
                    found =
                        renamed
                            .emplace(name, std::string(prefix) + std::to_string(++counters[prefix]))
                            .first;
                out += c;
                out += found->second;
                i = end;
                done = true;
                break;
            }
            if (done) continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::vector<std::string> render_svg(LaidOut& laid_out, Typesetting& typesetting) {
    std::vector<std::string> files;
    PageRenderer renderer(laid_out.flow, typesetting, false);
    for (const PageLayout& page : laid_out.pages) {
        std::string bytes;
        SurfacePtr surface(cairo_svg_surface_create_for_stream(
            append_bytes, &bytes, page.geometry.media_width, page.geometry.media_height));
        check(surface.get(), "cannot create an SVG page");
        CairoPtr cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        renderer.draw_page(cr.get(), page);
        check(cr.get(), "drawing a page");
        cr.reset();
        cairo_surface_finish(surface.get());
        check(surface.get(), "writing an SVG page");
        surface.reset();
        files.push_back(stable_svg_ids(bytes));
    }
    return files;
}

void write_to(Sink& sink, const std::string& bytes) {
    sink.write(bytes);
    sink.finish();
}

} // namespace

PrintResult write_print(const Article& original, const PrintOptions& options,
                        const PrintSinks& sinks) {
    if (!sinks)
        throw Error(ErrorCode::usage, original.source_path, "write_print: no sinks to write to");
    if (!(options.dpi >= 1 && options.dpi <= 2400))
        throw Error(ErrorCode::usage, original.source_path,
                    "the PNG resolution must be between 1 and 2400 dpi, not " +
                        number(options.dpi));
    PrintResult result;
    Warnings& warnings = result.warnings;
    const Article article =
        prepare_article(original, options.image_policy, options.min_ppi, warnings);
    const StyleSheet& sheet = options.style ? *options.style : bundled_default_style();
    const FontResolver& fonts =
        options.fonts ? *options.fonts : fonts_for(sheet, Medium::print, warnings);
    const std::optional<std::int64_t> created =
        options.output == PrintOutput::pdf ? creation_time(options.created, article, warnings)
                                           : std::nullopt;

    std::vector<std::string> files; // the PDF or layout dump (one), or one PNG/SVG a page
    std::optional<CairoPdf> unfinished;
    lay_out_and_draw(article, sheet, fonts, Medium::print,
                     photo_rule(Medium::print, options.min_ppi, options.upscale), warnings,
                     [&](LaidOut& laid_out, Typesetting& typesetting) {
                         result.pages = static_cast<int>(laid_out.pages.size());
                         switch (options.output) {
                         case PrintOutput::layout:
                             files.push_back(dump_layout(Medium::print, article, laid_out.flow,
                                                         laid_out.grid, laid_out.pages));
                             break;
                         case PrintOutput::pdf:
                             unfinished = render_pdf(article, laid_out, typesetting, created);
                             break;
                         case PrintOutput::png:
                             files = render_png(laid_out, typesetting, options.dpi);
                             break;
                         case PrintOutput::svg:
                             files = render_svg(laid_out, typesetting);
                             break;
                         }
                     });
    if (unfinished) files.push_back(finish_pdf(unfinished->bytes, unfinished->finishing));
    for (Warning& warning : warnings)
        if (warning.file.empty()) warning.file = article.source_path;

    bool one_file = options.output == PrintOutput::pdf || options.output == PrintOutput::layout;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto sink = sinks(one_file ? 0 : static_cast<int>(i + 1));
        write_to(*sink, files[i]);
    }
    return result;
}

PrintResult write_print(const Article& article, const PrintOptions& options, Sink& sink) {
    if (options.output == PrintOutput::png || options.output == PrintOutput::svg)
        throw Error(ErrorCode::usage, sink.name(),
                    std::string(to_string(options.output)) +
                        " output is one file a page: write it with a PrintSinks function");
    struct Borrowed final : Sink {
        explicit Borrowed(Sink& target) : target(target) {}
        void write(std::string_view bytes) override { target.write(bytes); }
        void finish() override { target.finish(); }
        std::string name() const override { return target.name(); }
        Sink& target;
    };
    return write_print(article, options, [&](int) { return std::make_unique<Borrowed>(sink); });
}

} // namespace galley
