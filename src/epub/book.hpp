// Internal: the pieces of an EPUB before they are packed — content documents, images, fonts —
// and the functions that write each piece.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/image.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace galley::detail {

// An image stored in the book.
struct EpubImage {
    std::string id;         // manifest id: "img-1"
    std::string href;       // relative to the package document: "images/photo.jpg"
    std::string media_type; // from the bytes
    std::string bytes;
    int width = 0; // pixels, 0 when unknown
    int height = 0;
    std::string source; // where it was read from, for messages
    bool cover = false; // the book's cover image
};

// The images of every article of a book, each stored once.
class ImageCatalog {
  public:
    // Image files are found and read under `policy` (resolve_image_path, load_image).
    explicit ImageCatalog(const ImagePolicy& policy = {}) : policy_(policy) {}

    // Reads the image of `ref` (a path relative to the folder of article.source_path, or
    // embedded bytes), unless the same file or bytes are stored already. Returns the stored
    // image, or null when the image is left out (a remote URL: a warning). Throws
    // galley::Error naming the article: what resolve_image_path and load_image throw (a path
    // the policy refuses, a missing, special, oversized or damaged file), and
    // ErrorCode::unsupported for bytes that are not JPEG, PNG, GIF or SVG.
    const EpubImage* add(const ImageRef& ref, const Article& article, Warnings& warnings);

    // The image stored for `ref` by add(), or null.
    const EpubImage* find(const ImageRef& ref) const;

    // Every image, in the order first added.
    std::deque<EpubImage>& images() { return images_; }
    const std::deque<EpubImage>& images() const { return images_; }

  private:
    std::string unique_href(std::string_view source_name, std::string_view extension);

    ImagePolicy policy_;
    std::deque<EpubImage> images_;
    std::map<std::string, std::size_t> by_source_; // resolved path or content hash → image
    std::unordered_map<const ImageRef*, std::size_t> by_ref_;
    std::set<std::string> hrefs_;
};

// Adds the image of every figure of `article` (in nested blocks too) to `images`.
void collect_images(const Article& article, ImageCatalog& images, Warnings& warnings);

// A table-of-contents entry: the article's headline (level 1) or one of its headings (2–4).
struct TocEntry {
    int level = 1;
    std::string label;
    std::string href; // "article.xhtml#headline"
};

// An XHTML content document.
struct ContentDocument {
    std::string id;   // manifest id
    std::string href; // "article.xhtml"
    std::string bytes;
    std::vector<TocEntry> toc;
    int images = 0;             // <img> elements written
    int images_without_alt = 0; // of them, with alt=""
    bool has_tables = false;
    bool table_without_header = false; // a table with no header row
};

// The language facts every document of the book needs.
struct DocumentLanguage {
    std::string tag; // BCP 47, never empty ("und" when unknown)
    bool rtl = false; // written right to left: `dir="rtl"` on the root, rtl page progression
};

// `language` when it is set, else `fallback`; with its direction (is_right_to_left_language).
DocumentLanguage document_language(std::string_view language, std::string_view fallback);

struct ArticleDocumentSettings {
    std::string id;   // manifest id
    std::string href; // file name in the package
    DocumentLanguage language;
    std::string stylesheet_href = "style.css";
};

// The article as an XHTML5 content document (semantic markup; see epub.hpp for the mapping
// of style roles to elements). Warns about images without alternative text and links that
// cannot be kept.
ContentDocument write_article_document(const Article& article, const ImageCatalog& images,
                                       const ArticleDocumentSettings& settings, Warnings& warnings);

// A typographic cover page: the title, and below it the dek, bylines, publisher and date when
// given.
struct CoverText {
    std::string title;
    std::string subtitle;
    std::vector<std::string> creators;
    std::string publisher;
    std::string date;
};
ContentDocument write_cover_document(const CoverText& text, const DocumentLanguage& language,
                                     const std::string& stylesheet_href);

// `text` for a title or a label: whitespace collapsed and trimmed, soft hyphens removed.
std::string display_text(std::string_view text);

// Calls `visit` with every figure of `blocks`, in document order, those in block quotes and
// list items included.
template <class Visit> void for_each_figure(const Blocks& blocks, const Visit& visit) {
    for (const Block& block : blocks) {
        if (const auto* figure = std::get_if<Figure>(&block.node)) {
            visit(*figure);
        } else if (const auto* quote = std::get_if<BlockQuote>(&block.node)) {
            for_each_figure(quote->content, visit);
        } else if (const auto* list = std::get_if<List>(&block.node)) {
            for (const Blocks& item : list->items) for_each_figure(item, visit);
        }
    }
}

// What the package document says about the book's accessibility, from its content.
struct AccessibilityFacts {
    int articles = 1;
    int images = 0;
    int images_without_alt = 0;
    bool tables_have_headers = false; // there are tables, each with a header row
    bool headings = false;            // h2–h4 beyond each article's headline
    bool hazards_unknown = false;     // GIF or SVG images, which may animate or flash
};

struct PackageMetadata {
    std::string identifier;
    std::string title;
    std::vector<std::string> languages;     // the first is the book's language
    std::vector<std::string> creators;      // authors (marc:relators aut)
    std::vector<std::string> photographers; // contributors (marc:relators pht)
    std::string date;                       // dc:date, W3CDTF; empty: left out
    std::string publisher;
    std::string rights;
    std::string description;
    std::vector<std::string> subjects;
    std::string source;
    std::int64_t modified = 0; // seconds since the epoch
    AccessibilityFacts accessibility;
};

struct ManifestItem {
    std::string id;
    std::string href;
    std::string media_type;
    std::string properties; // "nav", "cover-image", or ""
};

struct PackageDocument {
    PackageMetadata metadata;
    std::vector<ManifestItem> manifest;
    std::vector<std::string> spine; // manifest ids in reading order
    DocumentLanguage language;
    std::string cover_image_id; // empty when there is no cover image
};

// OEBPS/content.opf.
std::string write_package_document(const PackageDocument& package);

// META-INF/container.xml pointing at OEBPS/content.opf.
std::string write_container_document();

struct NavigationSettings {
    std::string title;
    DocumentLanguage language;
    std::string stylesheet_href = "style.css";
    std::string cover_href;      // the typographic cover page, when there is one
    std::string bodymatter_href; // the first article
};

// nav.xhtml: the table of contents (entries nested by level) and landmarks.
std::string write_navigation_document(const std::vector<TocEntry>& toc,
                                      const NavigationSettings& settings);

// toc.ncx, for EPUB 2 reading systems.
std::string write_ncx_document(const std::vector<TocEntry>& toc, const std::string& identifier,
                               const std::string& title, const DocumentLanguage& language);

// The summary in schema:accessibilitySummary, true of the book described by `facts`.
std::string accessibility_summary(const AccessibilityFacts& facts);

} // namespace galley::detail
