// The EPUB backend's entry points: gathers the articles' documents, images, fonts and style
// sheet into a book and packs it into a ZIP in memory, then hands the bytes to the sink.
#include "galley/epub.hpp"
#include "style/elements.hpp"

#include "epub/book.hpp"
#include "epub/content_id.hpp"
#include "epub/embedded_fonts.hpp"
#include "epub/timestamp.hpp"
#include "epub/xml_writer.hpp"
#include "epub/zip_archive.hpp"
#include "galley/image.hpp"
#include "galley/json.hpp"
#include "image/restrictions.hpp"
#include "text/language.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <variant>

namespace galley {

namespace {

using detail::ContentDocument;
using detail::DocumentLanguage;
using detail::TocEntry;

// 1980-01-01T00:00:00Z, the earliest moment a ZIP can record.
constexpr std::int64_t fixed_epoch = 315532800;

// What the XHTML needs from the style sheet whatever the sheet says: the sheet's own rules,
// written after these, override them. `num` marks the cells of a table's numeric columns
// (model/table_columns.hpp): right-aligned with tabular figures, as in the PDF and print; a
// plain `th { text-align: … }` in the sheet is less specific and does not undo it.
constexpr std::string_view structural_css =
    R"css(/* galley: rules the markup needs; the style sheet follows. */
img { max-width: 100%; height: auto; }
figcaption > small.credit, figcaption > span.caption { display: block; }
span.smallcaps { font-variant: small-caps; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
section.galley-cover { text-align: center; padding-top: 20%; }
h1.galley-cover-title { font-size: 2em; }
)css";

const StyleSheet& bundled_default_style() {
    static const StyleSheet sheet = [] {
        Warnings warnings;
        return load_style("default", warnings);
    }();
    return sheet;
}

// `language` with the direction of an article in it under `sheet`: the language's (its `dir`),
// unless the sheet sets `direction` on the article. EPUB style sheets must not use `direction`
// (to_css leaves it out), so the documents' `dir` carries what the sheet says.
DocumentLanguage with_sheet_direction(DocumentLanguage language, const StyleSheet& sheet) {
    StyleElement root{.role = "article"};
    root.dir = language.rtl ? Direction::rtl : Direction::ltr;
    language.rtl = compute_style(sheet, Medium::epub, root, nullptr).direction == Direction::rtl;
    return language;
}

// Each distinct non-empty value once, in first-seen order.
void add_distinct(std::vector<std::string>& values, const std::string& value) {
    if (value.empty() || std::find(values.begin(), values.end(), value) != values.end()) return;
    values.push_back(value);
}

// The value when every article that has one has the same; else "".
template <class Field>
std::string common_value(std::span<const Article* const> articles, const Field& field) {
    std::string common;
    for (const Article* article : articles) {
        const std::string& value = field(*article);
        if (value.empty()) continue;
        if (!common.empty() && common != value) return {};
        common = value;
    }
    return common;
}

// dc:date: the article's date as written when it is a W3C date, else its UTC form.
std::string package_date(const std::string& date) {
    if (date.empty()) return {};
    if (detail::is_w3cdtf(date)) return date;
    if (const auto seconds = detail::parse_iso8601(date)) return detail::format_utc(*seconds);
    return {};
}

std::int64_t modification_time(std::span<const Article* const> articles, const EpubOptions& options,
                               Warnings& warnings) {
    if (options.modified) return std::max<std::int64_t>(*options.modified, 0);
    if (const auto epoch = detail::source_date_epoch()) return *epoch;
    std::optional<std::int64_t> latest;
    for (const Article* article : articles) {
        if (article->meta.date.empty()) continue;
        if (const auto seconds = detail::parse_iso8601(article->meta.date)) {
            latest = std::max(latest.value_or(*seconds), *seconds);
        } else {
            warnings.push_back({article->source_path,
                                {},
                                "date '" + article->meta.date +
                                    "' is not an ISO 8601 date; not used for dcterms:modified"});
        }
    }
    return std::max<std::int64_t>(latest.value_or(fixed_epoch), 0);
}

std::string book_identifier(std::span<const Article* const> articles, bool bundle,
                            const EpubOptions& options) {
    if (!options.identifier.empty()) return options.identifier;
    if (!bundle && !articles.front()->meta.identifier.empty())
        return articles.front()->meta.identifier;
    std::string content = bundle ? "galley bundle\n" + options.title + "\n" : std::string();
    for (const Article* article : articles) content += to_json(*article);
    return detail::content_uuid_urn(content);
}

detail::ZipMethod method_for(std::string_view media_type) {
    // JPEG, PNG and GIF are compressed already: deflating them again costs time for nothing.
    const bool compressed =
        media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/gif";
    return compressed ? detail::ZipMethod::store : detail::ZipMethod::deflate;
}

EpubResult write_book(std::span<const Article* const> articles, bool bundle,
                      const EpubOptions& options, Sink& sink) {
    if (articles.empty())
        throw Error(ErrorCode::usage, sink.name(), "an EPUB bundle needs at least one article");
    if (bundle && detail::display_text(options.title).empty())
        throw Error(ErrorCode::usage, sink.name(), "an EPUB bundle needs a title");
    detail::ensure_libxml2_initialised();

    EpubResult result;
    Warnings& warnings = result.warnings;
    const Article& first = *articles.front();
    const StyleSheet& sheet = options.style ? *options.style : bundled_default_style();

    const std::int64_t modified = modification_time(articles, options, warnings);
    const DocumentLanguage book_language = with_sheet_direction(
        detail::document_language(options.language, first.meta.language), sheet);
    std::string title = detail::display_text(options.title);
    if (title.empty()) title = detail::display_text(first.meta.headline);
    if (title.empty()) title = "Untitled";

    // Images, each once, in the order the articles show them.
    detail::ImageCatalog images(options.image_policy);
    for (const Article* article : articles) detail::collect_images(*article, images, warnings);

    // One XHTML document per article.
    std::vector<ContentDocument> documents;
    std::vector<detail::ArticleLanguage> article_languages;
    std::vector<TocEntry> toc;
    detail::AccessibilityFacts accessibility;
    accessibility.articles = static_cast<int>(articles.size());
    bool any_table = false, table_without_header = false;
    for (std::size_t i = 0; i < articles.size(); ++i) {
        detail::ArticleDocumentSettings settings;
        settings.id = bundle ? "article-" + std::to_string(i + 1) : "article";
        settings.href = settings.id + ".xhtml";
        settings.language = with_sheet_direction(
            detail::document_language(articles[i]->meta.language, book_language.tag), sheet);
        ContentDocument document =
            detail::write_article_document(*articles[i], images, settings, warnings);
        if (document.toc.empty() || document.toc.front().level != 1)
            document.toc.insert(
                document.toc.begin(),
                {1, bundle ? "Article " + std::to_string(i + 1) : title, document.href});
        for (const TocEntry& entry : document.toc) {
            if (entry.level > 1) accessibility.headings = true;
            toc.push_back(entry);
        }
        accessibility.images += document.images;
        accessibility.images_without_alt += document.images_without_alt;
        any_table = any_table || document.has_tables;
        table_without_header = table_without_header || document.table_without_header;
        article_languages.push_back({articles[i], settings.language.tag});
        documents.push_back(std::move(document));
    }
    accessibility.tables_have_headers = any_table && !table_without_header;
    for (const detail::EpubImage& image : images.images())
        if (image.media_type == "image/gif" || image.media_type == "image/svg+xml")
            accessibility.hazards_unknown = true;

    // The cover: the lead photo (the first image shown), else a typographic page.
    std::optional<ContentDocument> cover_page;
    if (!images.images().empty()) {
        images.images().front().cover = true;
    } else {
        detail::CoverText cover;
        cover.title = title;
        if (!bundle) {
            cover.subtitle = first.meta.dek;
            for (const Byline& byline : first.meta.bylines)
                add_distinct(cover.creators, byline.name);
        }
        cover.publisher = common_value(
            articles, [](const Article& a) -> const std::string& { return a.meta.publisher; });
        if (!bundle) {
            cover.date = detail::format_date(first.meta.date, first.meta.language);
            if (cover.date.empty()) cover.date = first.meta.dateline.date_text;
        }
        cover_page = detail::write_cover_document(cover, book_language, "style.css");
    }

    // The style sheet, with the fonts when they are embedded.
    detail::FontEmbedding fonts;
    if (options.embed_fonts) {
        std::set<char32_t> code_points;
        for (const ContentDocument& document : documents)
            detail::add_code_points(document.bytes, code_points);
        if (cover_page) detail::add_code_points(cover_page->bytes, code_points);
        for (const TocEntry& entry : toc) detail::add_code_points(entry.label, code_points);
        fonts = detail::embed_fonts(sheet, article_languages, code_points, warnings);
    }
    CssWriteOptions css_options;
    css_options.selector_for_role = [](std::string_view role) {
        return epub_selector_for_role(role);
    };
    if (options.embed_fonts)
        css_options.font_url = [&fonts](const FontFace& face) { return fonts.url_for(face); };
    std::string css = "@charset \"UTF-8\";\n";
    css += structural_css;
    css += fonts.font_face_css;
    css += to_css(sheet, Medium::epub, css_options);
    css += fonts.fallback_font_face_css;

    // Metadata.
    detail::PackageDocument package;
    detail::PackageMetadata& meta = package.metadata;
    meta.identifier = book_identifier(articles, bundle, options);
    result.identifier = meta.identifier;
    meta.title = title;
    meta.languages.push_back(book_language.tag);
    for (const Article* article : articles) add_distinct(meta.languages, article->meta.language);
    for (const Article* article : articles) {
        for (const Byline& byline : article->meta.bylines) add_distinct(meta.creators, byline.name);
        detail::for_each_figure(article->blocks, [&](const Figure& figure) {
            add_distinct(meta.photographers, figure.credit.creator);
        });
        for (const std::string& keyword : article->meta.keywords)
            add_distinct(meta.subjects, keyword);
    }
    if (bundle) {
        std::optional<std::int64_t> latest;
        std::string latest_date;
        for (const Article* article : articles) {
            const auto seconds = detail::parse_iso8601(article->meta.date);
            if (seconds && (!latest || *seconds > *latest)) {
                latest = seconds;
                latest_date = article->meta.date;
            }
        }
        meta.date = package_date(latest_date);
    } else {
        meta.date = package_date(first.meta.date);
        meta.description = first.meta.dek;
        meta.source = first.meta.source_url;
    }
    meta.publisher = common_value(
        articles, [](const Article& a) -> const std::string& { return a.meta.publisher; });
    meta.rights = common_value(
        articles, [](const Article& a) -> const std::string& { return a.meta.rights; });
    meta.modified = modified;
    meta.accessibility = accessibility;
    package.language = book_language;

    // Manifest and spine.
    package.manifest.push_back({"nav", "nav.xhtml", "application/xhtml+xml", "nav"});
    package.manifest.push_back({"ncx", "toc.ncx", "application/x-dtbncx+xml", ""});
    package.manifest.push_back({"css", "style.css", "text/css", ""});
    if (cover_page) {
        package.manifest.push_back({cover_page->id, cover_page->href, "application/xhtml+xml", ""});
        package.spine.push_back(cover_page->id);
    }
    if (bundle) package.spine.push_back("nav");
    for (const ContentDocument& document : documents) {
        package.manifest.push_back({document.id, document.href, "application/xhtml+xml", ""});
        package.spine.push_back(document.id);
    }
    for (const detail::EpubImage& image : images.images()) {
        package.manifest.push_back(
            {image.id, image.href, image.media_type, image.cover ? "cover-image" : ""});
        if (image.cover) package.cover_image_id = image.id;
    }
    for (const detail::EmbeddedFont& font : fonts.fonts)
        package.manifest.push_back({font.id, font.href, font.media_type, ""});

    detail::NavigationSettings navigation;
    navigation.title = title;
    navigation.language = book_language;
    navigation.cover_href = cover_page ? cover_page->href : std::string();
    navigation.bodymatter_href = documents.front().href;

    // The ZIP: mimetype first and stored, then a fixed order.
    detail::ZipArchive zip(detail::dos_timestamp(modified));
    using detail::ZipMethod;
    zip.add("mimetype", "application/epub+zip", ZipMethod::store);
    zip.add("META-INF/container.xml", detail::write_container_document(), ZipMethod::deflate);
    zip.add("OEBPS/content.opf", detail::write_package_document(package), ZipMethod::deflate);
    zip.add("OEBPS/nav.xhtml", detail::write_navigation_document(toc, navigation),
            ZipMethod::deflate);
    zip.add("OEBPS/toc.ncx", detail::write_ncx_document(toc, meta.identifier, title, book_language),
            ZipMethod::deflate);
    zip.add("OEBPS/style.css", std::move(css), ZipMethod::deflate);
    if (cover_page)
        zip.add("OEBPS/" + cover_page->href, std::move(cover_page->bytes), ZipMethod::deflate);
    for (ContentDocument& document : documents)
        zip.add("OEBPS/" + document.href, std::move(document.bytes), ZipMethod::deflate);
    for (detail::EpubImage& image : images.images())
        zip.add("OEBPS/" + image.href, std::move(image.bytes), method_for(image.media_type));
    for (detail::EmbeddedFont& font : fonts.fonts)
        zip.add("OEBPS/" + font.href, std::move(font.bytes), ZipMethod::deflate);
    const std::string bytes = zip.finish();

    sink.write(bytes);
    sink.finish();
    return result;
}

// The book from copies of the articles whose figures take the caption and credit they lack
// from their photos' metadata.
EpubResult write_with_photo_metadata(std::span<const Article> articles, const EpubOptions& options,
                                     Sink& sink, bool bundle) {
    Warnings metadata_warnings;
    std::vector<Article> copies(articles.begin(), articles.end());
    for (Article& copy : copies) {
        drop_unusable_images(copy, metadata_warnings, options.image_policy);
        fill_figures_from_image_metadata(copy, metadata_warnings, options.image_policy);
        // An EPUB is kept and passed on: say so for photos that may not be.
        for (const detail::RestrictedFigure& figure : detail::restricted_figures(copy.blocks))
            metadata_warnings.push_back(
                {copy.source_path,
                 {},
                 "image '" + figure.image + "' is marked " + figure.restrictions +
                     "; an EPUB is an archival format: check that the photo may be kept in it"});
    }
    std::vector<const Article*> pointers;
    pointers.reserve(copies.size());
    for (const Article& copy : copies) pointers.push_back(&copy);
    EpubResult result = write_book(pointers, bundle, options, sink);
    result.warnings.insert(result.warnings.begin(), metadata_warnings.begin(),
                           metadata_warnings.end());
    return result;
}

} // namespace

std::string epub_selector_for_role(std::string_view role) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 34> selectors = {{
        {"article", "article"},
        {"headline", "h1.headline"},
        {"dek", "div.dek"},
        {"byline", "div.byline"},
        {"dateline", "span.dateline"},
        {"p", "p"},
        {"h2", "h2"},
        {"h3", "h3"},
        {"h4", "h4"},
        {"blockquote", "blockquote"},
        {"pullquote", "aside.pullquote"},
        {"attribution", "footer.attribution"},
        {"figure", "figure"},
        {"img", "img"},
        {"credit", "figcaption > small.credit"},
        {"figcaption", "figcaption > span.caption"},
        {"ul", "ul"},
        {"ol", "ol"},
        {"li", "li"},
        {"table", "table"},
        {"caption", "caption"},
        {"tr", "tr"},
        {"th", "th"},
        {"td", "td"},
        {"hr", "hr"},
        {"pre", "pre"},
        {"tagline", "footer.tagline"},
        {"a", "a"},
        {"em", "em"},
        {"strong", "strong"},
        {"code", "code"},
        {"sup", "sup"},
        {"sub", "sub"},
        {"smallcaps", "span.smallcaps"},
    }};
    for (const auto& [name, selector] : selectors)
        if (name == role) return std::string(selector);
    return {};
}

EpubResult write_epub(const Article& article, const EpubOptions& options, Sink& sink) {
    return write_with_photo_metadata(std::span<const Article>(&article, 1), options, sink, false);
}

EpubResult write_epub_bundle(std::span<const Article> articles, const EpubOptions& options,
                             Sink& sink) {
    return write_with_photo_metadata(articles, options, sink, true);
}

} // namespace galley
