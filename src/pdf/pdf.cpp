// The PDF backend's entry point: the shared layout, then libharu draws the pages
// (pdf/draw.cpp) with the document information, and the bytes go to the sink.
#include "galley/pdf.hpp"

#include "epub/timestamp.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "galley/text.hpp"
#include "image/image_detail.hpp"
#include "layout/layout.hpp"
#include "layout/layout_dump.hpp"
#include "layout/shaping.hpp"
#include "pdf/draw.hpp"
#include "pdf/hpdf_document.hpp"

#include <cmath>
#include <unordered_set>

#ifndef GALLEY_VERSION
#define GALLEY_VERSION "unknown"
#endif

namespace galley {

namespace {

using detail::HpdfDocument;

void set_information(HpdfDocument& document, const Article& article,
                     std::optional<std::int64_t> created) {
    HPDF_Doc doc = document.get();
    const Meta& meta = article.meta;
    const auto set = [&](HPDF_InfoType type, const std::string& value, const char* what) {
        const std::string clean = remove_soft_hyphens(value);
        if (clean.empty()) return;
        document.check(HPDF_SetInfoAttr(doc, type, clean.c_str()),
                       std::string("setting the document ") + what);
    };
    std::string authors, keywords;
    for (const Byline& byline : meta.bylines) {
        if (byline.name.empty()) continue;
        if (!authors.empty()) authors += ", ";
        authors += byline.name;
    }
    for (const std::string& keyword : meta.keywords) {
        if (keyword.empty()) continue;
        if (!keywords.empty()) keywords += ", ";
        keywords += keyword;
    }
    set(HPDF_INFO_TITLE, meta.headline, "title");
    set(HPDF_INFO_AUTHOR, authors, "author");
    set(HPDF_INFO_SUBJECT, meta.dek, "subject");
    set(HPDF_INFO_KEYWORDS, keywords, "keywords");
    set(HPDF_INFO_CREATOR, "galley " GALLEY_VERSION, "creator");
    if (created) {
        const detail::UtcTime utc = detail::utc_time(*created);
        HPDF_Date date{};
        date.year = utc.year;
        date.month = utc.month;
        date.day = utc.day;
        date.hour = utc.hour;
        date.minutes = utc.minute;
        date.seconds = utc.second;
        date.ind = 'Z';
        document.check(HPDF_SetInfoDateAttr(doc, HPDF_INFO_CREATION_DATE, date),
                       "setting the creation date");
        document.check(HPDF_SetInfoDateAttr(doc, HPDF_INFO_MOD_DATE, date),
                       "setting the modification date");
    }
}

// Each warning once, in the order first reported.
void remove_repeated(Warnings& warnings) {
    std::unordered_set<std::string> seen;
    Warnings unique;
    for (Warning& warning : warnings)
        if (seen.insert(warning.to_string()).second) unique.push_back(std::move(warning));
    warnings = std::move(unique);
}

} // namespace

PdfResult write_pdf(const Article& original, const PdfOptions& options, Sink& sink) {
    using namespace detail::layout;
    PdfResult result;
    Warnings& warnings = result.warnings;
    const StyleSheet& style = options.style ? *options.style : bundled_default_style();
    const Article article =
        prepare_article(original, options.image_policy, options.min_ppi, warnings);
    const std::optional<std::int64_t> created = creation_time(options.created, article, warnings);
    const FontResolver& fonts =
        options.fonts != nullptr ? *options.fonts : fonts_for(style, Medium::pdf, warnings);

    HpdfDocument document(sink.name());
    HPDF_Doc doc = document.get();
    document.check(HPDF_SetCompressionMode(doc, options.compress ? HPDF_COMP_ALL : HPDF_COMP_NONE),
                   "turning compression on");
    document.check(HPDF_UseUTFEncodings(doc), "enabling UTF-8 text");
    document.check(HPDF_SetCurrentEncoder(doc, "UTF-8"), "enabling UTF-8 text");
    set_information(document, article, created);
    std::string dump;
    lay_out_and_draw(article, style, fonts, Medium::pdf,
                     photo_rule(Medium::pdf, options.min_ppi, options.upscale), warnings,
                     [&](LaidOut& laid_out, Typesetting& typesetting) {
                         result.pages = static_cast<int>(laid_out.pages.size());
                         if (options.layout_dump) {
                             dump = dump_layout(Medium::pdf, article, laid_out.flow, laid_out.grid,
                                                laid_out.pages);
                             return;
                         }
                         detail::pdf::draw_document(document, laid_out, typesetting,
                                                    article.meta.language, created,
                                                    options.compress, warnings);
                     });
    const std::string bytes = options.layout_dump ? dump : document.save();
    for (Warning& warning : warnings)
        if (warning.file.empty()) warning.file = article.source_path;

    sink.write(bytes);
    sink.finish();
    remove_repeated(warnings);
    return result;
}

} // namespace galley
