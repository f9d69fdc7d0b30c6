// The package document (OPF), the navigation document, the NCX and the container file.
#include "epub/book.hpp"

#include "epub/timestamp.hpp"
#include "epub/xml_writer.hpp"

#include <memory>

namespace galley::detail {

namespace {

// A table-of-contents entry with the entries nested under it.
struct TocNode {
    const TocEntry* entry = nullptr;
    std::vector<std::unique_ptr<TocNode>> children;
};

// The entries as a tree: each under the nearest earlier entry of a lower level.
TocNode toc_tree(const std::vector<TocEntry>& toc) {
    TocNode root;
    std::vector<std::pair<int, TocNode*>> open{{0, &root}};
    for (const TocEntry& entry : toc) {
        while (open.back().first >= entry.level) open.pop_back();
        auto node = std::make_unique<TocNode>();
        node->entry = &entry;
        TocNode* raw = node.get();
        open.back().second->children.push_back(std::move(node));
        open.emplace_back(entry.level, raw);
    }
    return root;
}

int toc_depth(const TocNode& node) {
    int depth = 0;
    for (const auto& child : node.children) depth = std::max(depth, 1 + toc_depth(*child));
    return depth;
}

// Words on the navigation page, in the book's language where galley knows them.
struct NavigationWords {
    const char* contents;
    const char* cover;
    const char* start;
};

NavigationWords navigation_words(std::string_view language) {
    const std::string primary(language.substr(0, language.find('-')));
    if (primary == "ru") return {"Содержание", "Обложка", "Начало"};
    if (primary == "kk") return {"Мазмұны", "Мұқаба", "Басы"};
    if (primary == "de") return {"Inhalt", "Titelbild", "Beginn"};
    if (primary == "fr") return {"Sommaire", "Couverture", "Début"};
    if (primary == "es") return {"Índice", "Cubierta", "Inicio"};
    if (primary == "ar") return {"المحتويات", "الغلاف", "البداية"};
    if (primary == "he") return {"תוכן העניינים", "כריכה", "התחלה"};
    return {"Contents", "Cover", "Start"};
}

void write_nav_list(XmlWriter& out, const TocNode& node) {
    out.start("ol");
    for (const auto& child : node.children) {
        out.start("li");
        out.start("a");
        out.attribute("href", child->entry->href);
        out.text(child->entry->label);
        out.end_full();
        if (!child->children.empty()) write_nav_list(out, *child);
        out.end_full();
    }
    out.end_full();
}

void write_nav_points(XmlWriter& out, const TocNode& node, int& play_order) {
    for (const auto& child : node.children) {
        ++play_order;
        out.start("navPoint");
        out.attribute("id", "navpoint-" + std::to_string(play_order));
        out.attribute("playOrder", std::to_string(play_order));
        out.start("navLabel");
        out.element("text", child->entry->label);
        out.end();
        out.start("content");
        out.attribute("src", child->entry->href);
        out.end();
        write_nav_points(out, *child, play_order);
        out.end();
    }
}

void meta_property(XmlWriter& out, const char* property, std::string_view value,
                   const std::string& refines = {}, const char* scheme = nullptr) {
    out.start("meta");
    if (!refines.empty()) out.attribute("refines", "#" + refines);
    out.attribute("property", property);
    if (scheme != nullptr) out.attribute("scheme", scheme);
    out.text(value);
    out.end();
}

} // namespace

std::string accessibility_summary(const AccessibilityFacts& facts) {
    std::string summary = facts.articles == 1
                              ? "A news article in reflowable text."
                              : "A collection of " + std::to_string(facts.articles) +
                                    " news articles in reflowable text.";
    summary += facts.headings ? " Headlines and section headings are marked up as headings"
                              : " Headlines are marked up as headings";
    summary += ", and a table of contents links to them.";
    if (facts.tables_have_headers) summary += " Tables have header cells.";
    if (facts.images == 0) {
        summary += " There are no images.";
    } else if (facts.images_without_alt == 0) {
        summary += facts.images == 1 ? " The image has" : " Every image has";
        summary += " a text alternative; captions and photo credits are text.";
    } else {
        summary += " " + std::to_string(facts.images_without_alt) + " of " +
                   std::to_string(facts.images) +
                   (facts.images == 1 ? " image lacks" : " images lack") +
                   " a text alternative; captions and photo credits are text.";
    }
    if (facts.hazards_unknown)
        summary += " Some images are GIF or SVG files, which may move; they were not checked "
                   "for flashing.";
    return summary;
}

std::string write_package_document(const PackageDocument& package) {
    const PackageMetadata& meta = package.metadata;
    XmlWriter out(true);
    out.start_document();
    out.start("package");
    out.attribute("xmlns", "http://www.idpf.org/2007/opf");
    out.attribute("version", "3.0");
    out.attribute("unique-identifier", "pub-id");
    out.attribute("xml:lang", package.language.tag);
    if (package.language.rtl) out.attribute("dir", "rtl");

    out.start("metadata");
    out.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/");
    out.start("dc:identifier");
    out.attribute("id", "pub-id");
    out.text(meta.identifier);
    out.end();
    out.element("dc:title", meta.title);
    for (const std::string& language : meta.languages) out.element("dc:language", language);
    int person = 0;
    for (const std::string& creator : meta.creators) {
        const std::string id = "creator-" + std::to_string(++person);
        out.start("dc:creator");
        out.attribute("id", id);
        out.text(creator);
        out.end();
        meta_property(out, "role", "aut", id, "marc:relators");
    }
    person = 0;
    for (const std::string& photographer : meta.photographers) {
        const std::string id = "contributor-" + std::to_string(++person);
        out.start("dc:contributor");
        out.attribute("id", id);
        out.text(photographer);
        out.end();
        meta_property(out, "role", "pht", id, "marc:relators");
    }
    if (!meta.date.empty()) out.element("dc:date", meta.date);
    if (!meta.publisher.empty()) out.element("dc:publisher", meta.publisher);
    if (!meta.rights.empty()) out.element("dc:rights", meta.rights);
    if (!meta.description.empty()) out.element("dc:description", meta.description);
    for (const std::string& subject : meta.subjects) out.element("dc:subject", subject);
    if (!meta.source.empty()) out.element("dc:source", meta.source);
    meta_property(out, "dcterms:modified", format_utc(meta.modified));

    // EPUB Accessibility 1.1: only what is true of this content.
    const AccessibilityFacts& a11y = meta.accessibility;
    meta_property(out, "schema:accessMode", "textual");
    if (a11y.images > 0) meta_property(out, "schema:accessMode", "visual");
    if (a11y.images_without_alt == 0) meta_property(out, "schema:accessModeSufficient", "textual");
    if (a11y.images > 0) meta_property(out, "schema:accessModeSufficient", "textual,visual");
    meta_property(out, "schema:accessibilityFeature", "structuralNavigation");
    meta_property(out, "schema:accessibilityFeature", "tableOfContents");
    meta_property(out, "schema:accessibilityFeature", "readingOrder");
    if (a11y.images > 0 && a11y.images_without_alt == 0)
        meta_property(out, "schema:accessibilityFeature", "alternativeText");
    if (a11y.hazards_unknown) {
        meta_property(out, "schema:accessibilityHazard", "unknown");
    } else {
        meta_property(out, "schema:accessibilityHazard", "none");
    }
    meta_property(out, "schema:accessibilitySummary", accessibility_summary(a11y));
    if (!package.cover_image_id.empty()) {
        // EPUB 2 reading systems find the cover this way.
        out.start("meta");
        out.attribute("name", "cover");
        out.attribute("content", package.cover_image_id);
        out.end();
    }
    out.end(); // metadata

    out.start("manifest");
    for (const ManifestItem& item : package.manifest) {
        out.start("item");
        out.attribute("id", item.id);
        out.attribute("href", item.href);
        out.attribute("media-type", item.media_type);
        if (!item.properties.empty()) out.attribute("properties", item.properties);
        out.end();
    }
    out.end();

    out.start("spine");
    out.attribute("toc", "ncx");
    if (package.language.rtl) out.attribute("page-progression-direction", "rtl");
    for (const std::string& idref : package.spine) {
        out.start("itemref");
        out.attribute("idref", idref);
        out.end();
    }
    out.end();
    out.end(); // package
    return out.finish();
}

std::string write_container_document() {
    XmlWriter out(true);
    out.start_document();
    out.start("container");
    out.attribute("version", "1.0");
    out.attribute("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
    out.start("rootfiles");
    out.start("rootfile");
    out.attribute("full-path", "OEBPS/content.opf");
    out.attribute("media-type", "application/oebps-package+xml");
    out.end();
    out.end();
    out.end();
    return out.finish();
}

std::string write_navigation_document(const std::vector<TocEntry>& toc,
                                      const NavigationSettings& settings) {
    const NavigationWords words = navigation_words(settings.language.tag);
    XmlWriter out(true);
    out.start_document();
    out.doctype("html");
    out.start("html");
    out.attribute("xmlns", "http://www.w3.org/1999/xhtml");
    out.attribute("xmlns:epub", "http://www.idpf.org/2007/ops");
    out.attribute("xml:lang", settings.language.tag);
    out.attribute("lang", settings.language.tag);
    if (settings.language.rtl) out.attribute("dir", "rtl");
    out.start("head");
    out.element("title", settings.title);
    out.start("link");
    out.attribute("rel", "stylesheet");
    out.attribute("type", "text/css");
    out.attribute("href", settings.stylesheet_href);
    out.end();
    out.end();
    out.start("body");
    out.start("nav");
    out.attribute("epub:type", "toc");
    out.attribute("id", "toc");
    out.element("h1", words.contents);
    write_nav_list(out, toc_tree(toc));
    out.end();
    out.start("nav");
    out.attribute("epub:type", "landmarks");
    out.attribute("hidden", "hidden");
    out.start("ol");
    if (!settings.cover_href.empty()) {
        out.start("li");
        out.start("a");
        out.attribute("epub:type", "cover");
        out.attribute("href", settings.cover_href);
        out.text(words.cover);
        out.end_full();
        out.end_full();
    }
    out.start("li");
    out.start("a");
    out.attribute("epub:type", "bodymatter");
    out.attribute("href", settings.bodymatter_href);
    out.text(words.start);
    out.end_full();
    out.end_full();
    out.end_full(); // ol
    out.end();      // nav
    out.end();      // body
    out.end();      // html
    return out.finish();
}

std::string write_ncx_document(const std::vector<TocEntry>& toc, const std::string& identifier,
                               const std::string& title, const DocumentLanguage& language) {
    const TocNode tree = toc_tree(toc);
    XmlWriter out(true);
    out.start_document();
    out.start("ncx");
    out.attribute("xmlns", "http://www.daisy.org/z3986/2005/ncx/");
    out.attribute("version", "2005-1");
    out.attribute("xml:lang", language.tag);
    out.start("head");
    const auto meta = [&](const char* name, const std::string& content) {
        out.start("meta");
        out.attribute("name", name);
        out.attribute("content", content);
        out.end();
    };
    meta("dtb:uid", identifier);
    meta("dtb:depth", std::to_string(std::max(1, toc_depth(tree))));
    meta("dtb:totalPageCount", "0");
    meta("dtb:maxPageNumber", "0");
    out.end();
    out.start("docTitle");
    out.element("text", title);
    out.end();
    out.start("navMap");
    int play_order = 0;
    write_nav_points(out, tree, play_order);
    out.end();
    out.end();
    return out.finish();
}

} // namespace galley::detail
