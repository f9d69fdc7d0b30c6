// The PDF backend's entry point: lays the article out, checks the text libharu can set, then
// draws it into a libharu document with its information, fonts, images and outline, and hands
// the bytes to the sink.
#include "galley/pdf.hpp"

#include "epub/timestamp.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "galley/text.hpp"
#include "image/image_detail.hpp"
#include "pdf/hpdf_document.hpp"
#include "pdf/layout.hpp"
#include "pdf/render.hpp"
#include "text/unicode_internal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_set>

#ifndef GALLEY_VERSION
#define GALLEY_VERSION "unknown"
#endif

namespace galley {

namespace {

using detail::HpdfDocument;

// ---------------------------------------------------------------------------------------------
// Fonts: one resolver per distinct set of @font-face rules, kept for the life of the process.

struct CachedResolver {
    std::vector<FontFace> faces;
    std::unique_ptr<FontResolver> resolver;
    Warnings warnings; // what building it reported, repeated to every document that uses it
};

const FontResolver& resolver_for(const StyleSheet& sheet, Warnings& warnings) {
    std::vector<FontFace> faces = font_faces(sheet, Medium::pdf);
    if (faces.empty()) return FontResolver::shared();
    static std::mutex mutex;
    static std::vector<std::unique_ptr<CachedResolver>> resolvers;
    std::lock_guard lock(mutex);
    for (const auto& cached : resolvers)
        if (cached->faces == faces) {
            warnings.insert(warnings.end(), cached->warnings.begin(), cached->warnings.end());
            return *cached->resolver;
        }
    auto cached = std::make_unique<CachedResolver>();
    cached->resolver = std::make_unique<FontResolver>(faces, cached->warnings, sheet.file());
    cached->faces = std::move(faces);
    warnings.insert(warnings.end(), cached->warnings.begin(), cached->warnings.end());
    resolvers.push_back(std::move(cached));
    return *resolvers.back()->resolver;
}

// ---------------------------------------------------------------------------------------------
// Text libharu cannot set

struct ScriptRange {
    char32_t first, last;
    const char* script;
};

// Scripts that need contextual shaping, mark positioning or right-to-left ordering, none of
// which libharu does (it draws each character's default glyph, left to right).
constexpr std::array complex_scripts{
    ScriptRange{0x0590, 0x05FF, "Hebrew"},     ScriptRange{0x0600, 0x06FF, "Arabic"},
    ScriptRange{0x0700, 0x074F, "Syriac"},     ScriptRange{0x0750, 0x077F, "Arabic"},
    ScriptRange{0x0780, 0x07BF, "Thaana"},     ScriptRange{0x07C0, 0x07FF, "N'Ko"},
    ScriptRange{0x0800, 0x089F, "Samaritan"},  ScriptRange{0x08A0, 0x08FF, "Arabic"},
    ScriptRange{0x0900, 0x097F, "Devanagari"}, ScriptRange{0x0980, 0x09FF, "Bengali"},
    ScriptRange{0x0A00, 0x0A7F, "Gurmukhi"},   ScriptRange{0x0A80, 0x0AFF, "Gujarati"},
    ScriptRange{0x0B00, 0x0B7F, "Oriya"},      ScriptRange{0x0B80, 0x0BFF, "Tamil"},
    ScriptRange{0x0C00, 0x0C7F, "Telugu"},     ScriptRange{0x0C80, 0x0CFF, "Kannada"},
    ScriptRange{0x0D00, 0x0D7F, "Malayalam"},  ScriptRange{0x0D80, 0x0DFF, "Sinhala"},
    ScriptRange{0x0E00, 0x0E7F, "Thai"},       ScriptRange{0x0E80, 0x0EFF, "Lao"},
    ScriptRange{0x0F00, 0x0FFF, "Tibetan"},    ScriptRange{0x1000, 0x109F, "Myanmar"},
    ScriptRange{0x1780, 0x17FF, "Khmer"},      ScriptRange{0x1800, 0x18AF, "Mongolian"},
    ScriptRange{0xA8E0, 0xA8FF, "Devanagari"}, ScriptRange{0xFB1D, 0xFB4F, "Hebrew"},
    ScriptRange{0xFB50, 0xFDFF, "Arabic"},     ScriptRange{0xFE70, 0xFEFF, "Arabic"},
};

const char* complex_script(char32_t c) {
    if (c < 0x0590) return nullptr;
    for (const ScriptRange& range : complex_scripts)
        if (c >= range.first && c <= range.last) return range.script;
    return nullptr;
}

std::string character_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    std::string name = buffer;
    if (!detail::text_unicode::is_combining(c)) {
        name += " '";
        detail::text_unicode::append_utf8(name, c);
        name += '\'';
    }
    return name;
}

// A warning (or error) naming the characters libharu would drop or draw wrongly; "" when none.
std::string unsupported_text_message(const std::set<char32_t>& characters) {
    std::vector<char32_t> beyond_bmp, complex;
    std::vector<std::string> scripts;
    for (char32_t c : characters) {
        if (c > 0xFFFF) {
            beyond_bmp.push_back(c);
        } else if (const char* script = complex_script(c)) {
            complex.push_back(c);
            if (std::find(scripts.begin(), scripts.end(), script) == scripts.end())
                scripts.emplace_back(script);
        }
    }
    if (beyond_bmp.empty() && complex.empty()) return {};
    const auto list = [](const std::vector<char32_t>& found) {
        constexpr std::size_t shown = 8;
        std::string text;
        for (std::size_t i = 0; i < found.size() && i < shown; ++i) {
            if (i > 0) text += ", ";
            text += character_name(found[i]);
        }
        if (found.size() > shown) text += " and " + std::to_string(found.size() - shown) + " more";
        return text;
    };
    std::string message = "the PDF backend (libharu) cannot set some of this text: ";
    if (!complex.empty()) {
        std::string names;
        for (std::size_t i = 0; i < scripts.size(); ++i) names += (i == 0 ? "" : ", ") + scripts[i];
        message += names +
                   " text needs shaping and right-to-left or reordered setting that libharu does "
                   "not do, so it would be drawn wrongly (" +
                   list(complex) + ")";
    }
    if (!beyond_bmp.empty()) {
        if (!complex.empty()) message += "; ";
        message += "characters above U+FFFF (emoji, rare scripts) are dropped by libharu (" +
                   list(beyond_bmp) + ")";
    }
    message += ". Use --to print (the Pango/Cairo backend) for this article";
    return message;
}

// ---------------------------------------------------------------------------------------------
// Document information

std::optional<std::int64_t> creation_time(const Article& article, const PdfOptions& options,
                                          Warnings& warnings) {
    if (options.created) return std::max<std::int64_t>(*options.created, 0);
    if (const auto epoch = detail::source_date_epoch()) return *epoch;
    if (article.meta.date.empty()) return std::nullopt;
    if (const auto seconds = detail::parse_iso8601(article.meta.date))
        return std::max<std::int64_t>(*seconds, 0);
    warnings.push_back(
        {article.source_path,
         {},
         "date '" + article.meta.date + "' is not an ISO 8601 date; the PDF has no creation date"});
    return std::nullopt;
}

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

// A document identifier derived from what the pages show: the same content, the same /ID.
std::array<unsigned char, 16> content_identifier(const detail::pdf::DocumentLayout& layout,
                                                 std::optional<std::int64_t> created) {
    std::uint64_t a = 14695981039346656037ull, b = 0x9E3779B97F4A7C15ull;
    const auto mix = [&](std::string_view bytes) {
        for (unsigned char c : bytes) {
            a = (a ^ c) * 1099511628211ull;
            b = (b ^ c) * 0x100000001B3ull + 0x632BE59BD9B4E019ull;
        }
        a = (a ^ 0xFF) * 1099511628211ull; // a separator, so that "ab","c" differs from "a","bc"
    };
    const auto number = [&](double value) { mix(std::to_string(std::llround(value * 100))); };
    mix("galley " GALLEY_VERSION);
    if (created) mix(std::to_string(*created));
    for (const detail::pdf::LaidOutPage& page : layout.pages) {
        number(page.width);
        number(page.height);
        for (const detail::pdf::DrawText& text : page.graphics.texts) {
            mix(text.font->name());
            number(text.size);
            number(text.x);
            number(text.y);
            mix(text.text);
        }
        for (const detail::pdf::DrawImage& image : page.graphics.images) {
            mix(layout.images[image.image].source);
            number(static_cast<double>(layout.images[image.image].bytes.size()));
            number(image.x);
            number(image.y);
            number(image.width);
        }
    }
    std::array<unsigned char, 16> id{};
    for (int i = 0; i < 8; ++i) {
        id[static_cast<std::size_t>(i)] = static_cast<unsigned char>(a >> (8 * i));
        id[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(b >> (8 * i));
    }
    return id;
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

PdfResult write_pdf(const Article& original, const StyleSheet& style, const PdfOptions& options,
                    Sink& sink) {
    if (options.min_ppi && !(*options.min_ppi > 0 && std::isfinite(*options.min_ppi)))
        throw Error(ErrorCode::usage, original.source_path,
                    "the lowest photo resolution (min_ppi) must be a number of pixels per inch "
                    "above 0");
    PdfResult result;
    Warnings& warnings = result.warnings;
    // A copy whose figures hold their images' bytes (read once, under the policy) and take
    // the caption and credit they lack from the photos' metadata.
    Article article = original;
    drop_unusable_images(article, warnings, options.image_policy);
    detail::prepare_figure_images(article, options.image_policy);
    fill_figures_from_image_metadata(article, warnings, options.image_policy);
    const std::optional<std::int64_t> created = creation_time(article, options, warnings);
    const FontResolver& fonts =
        options.fonts != nullptr ? *options.fonts : resolver_for(style, warnings);

    std::set<char32_t> characters;
    std::map<std::string, const FontStack*> stacks;
    detail::pdf::TextContext context;
    context.fonts = &fonts;
    context.language = article.meta.language;
    context.hyphenator = Hyphenator::for_language(article.meta.language, warnings);
    context.warnings = &warnings;
    context.characters = &characters;
    context.stacks = &stacks;
    detail::ResolutionRule photos;
    photos.medium = "pdf";
    photos.min_ppi = options.min_ppi.value_or(detail::default_pdf_min_ppi);
    photos.upscale = options.upscale;
    const detail::pdf::DocumentLayout layout =
        detail::pdf::lay_out_article(article, style, context, photos);

    if (std::string message = unsupported_text_message(characters); !message.empty()) {
        if (options.unsupported_text == PdfOptions::UnsupportedText::error)
            throw Error(ErrorCode::unsupported, article.source_path, message);
        warnings.push_back({article.source_path, {}, std::move(message)});
    }

    HpdfDocument document(sink.name());
    HPDF_Doc doc = document.get();
    document.check(HPDF_SetCompressionMode(doc, options.compress ? HPDF_COMP_ALL : HPDF_COMP_NONE),
                   "turning compression on");
    document.check(HPDF_UseUTFEncodings(doc), "enabling UTF-8 text");
    document.check(HPDF_SetCurrentEncoder(doc, "UTF-8"), "enabling UTF-8 text");
    // The outline panel opens when there is more to it than the headline.
    document.check(HPDF_SetPageMode(doc, layout.outline.size() > 1 ? HPDF_PAGE_MODE_USE_OUTLINE
                                                                   : HPDF_PAGE_MODE_USE_NONE),
                   "showing the outline");
    set_information(document, article, created);
    document.set_identifier(content_identifier(layout, created));
    detail::pdf::render_document(document, layout, options.compress);
    const std::string bytes = document.save();

    sink.write(bytes);
    sink.finish();
    remove_repeated(warnings);
    result.pages = static_cast<int>(layout.pages.size());
    return result;
}

} // namespace galley
