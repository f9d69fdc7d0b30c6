// galley — the EPUB 3 backend: one article, or many as an issue or anthology, as an EPUB
// book that passes epubcheck with no error and no warning.
//
// What a book holds (OEBPS/ in the ZIP, after the stored `mimetype` and META-INF/container.xml):
//   content.opf   Dublin Core metadata (identifier, title, languages, authors and photographers
//                 with MARC roles, date, publisher, rights, description, subjects, source),
//                 dcterms:modified, EPUB Accessibility 1.1 metadata true of the content
//   nav.xhtml     the table of contents (each headline, its h2–h4 nested) and landmarks
//   toc.ncx       the same for EPUB 2 reading systems
//   style.css     the style sheet as CSS (medium epub), after a few rules the markup needs
//   cover.xhtml   a typographic cover, when no article has a photo to be the cover image
//   article.xhtml one per article (article-1.xhtml, article-2.xhtml… in a bundle)
//   images/       each image once, typed from its bytes; fonts/ with embed_fonts
//
// The XHTML, and the selector each style-sheet role maps to (epub_selector_for_role):
//   article → article          headline → h1.headline     dek → div.dek
//   byline → div.byline (span.name, span.title)            dateline → span.dateline
//   p → p (body paragraphs only: <p> is used for nothing else)
//   h2, h3, h4 → h2, h3, h4    blockquote → blockquote    pullquote → aside.pullquote
//   attribution → footer.attribution                      figure → figure   img → img
//   credit → figcaption > small.credit                   figcaption → figcaption > span.caption
//   ul, ol, li, table, caption, tr, th, td, hr, pre, a, em, strong, code, sup, sub → themselves
//   smallcaps → span.smallcaps tagline → footer.tagline   raw blocks → pre.raw
// A figure is <figure><img alt/><figcaption><small class="credit"/><span class="caption"/>
// </figcaption></figure>: the credit first, under the photo, as in style.hpp's tree. A
// block's Attr becomes its id, extra classes and data-KEY attributes.
//
// Reproducible: the same articles, options and files give the same bytes, in any time zone.
// Thread-safe: books may be written from many threads at once.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/image.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace galley {

struct EpubOptions {
    // The style sheet, written into the book as CSS for the medium `epub`; nullopt: the
    // bundled "default" style.
    std::optional<StyleSheet> style;
    // The book's title. Required for a bundle; for one article it replaces the headline as
    // the title when set.
    std::string title;
    // The book's language (BCP 47). Empty: the (first) article's, else "und". Each article's
    // document keeps the article's own language when it has one.
    std::string language;
    // The dc:identifier. Empty: the article's identifier, else (and always for a bundle) a
    // UUID derived from the content ("urn:uuid:…", version 5).
    std::string identifier;
    // Embed the fonts the style sets the text in (subset to the book's characters, font/ttf)
    // with @font-face rules for them.
    bool embed_fonts = false;
    // Where the articles' image files may be (by default only inside each article's folder)
    // and how large they may be. A figure whose article gives no caption, alt text or credit
    // takes them from its image's IPTC/XMP/Exif metadata (see image.hpp).
    ImagePolicy image_policy;
    // dcterms:modified and every ZIP timestamp, in seconds since 1970-01-01T00:00:00Z.
    // nullopt: SOURCE_DATE_EPOCH when set, else the article's date (a bundle's latest), else
    // 1980-01-01T00:00:00Z. Never the clock.
    std::optional<std::int64_t> modified;
};

struct EpubResult {
    Warnings warnings;      // images without alt text, links that cannot be kept, style problems
    std::string identifier; // the dc:identifier written
};

// Writes `article` as an EPUB 3 book to `sink` and finishes the sink. Images are read
// relative to the folder of article.source_path, under options.image_policy; a photo that is
// not there (a missing file, an asset ID, a remote URL) is left out with a warning
// (drop_unusable_images). Throws galley::Error: what resolve_image_path and load_image
// throw, naming the article and the image (a path the policy refuses, a special, oversized
// or damaged file),
// ErrorCode::unsupported for an image that is not JPEG, PNG, GIF or SVG, ErrorCode::usage for a malformed SOURCE_DATE_EPOCH, ErrorCode::backend
// when libxml2 or libzip fail; and what the sink throws. Nothing is written to the sink then.
EpubResult write_epub(const Article& article, const EpubOptions& options, Sink& sink);

// Writes `articles`, in order, as one book (an issue, an anthology): one XHTML document per
// article, a table of contents listing each headline with its headings nested, one style
// sheet, each image once. Throws as write_epub, and ErrorCode::usage when `articles` is empty
// or options.title is empty.
EpubResult write_epub_bundle(std::span<const Article> articles, const EpubOptions& options,
                             Sink& sink);

// The CSS selector the EPUB's markup gives a style-sheet role ("headline" → "h1.headline"),
// as the table above; "" for a name that is not a role. For to_css (style.hpp).
std::string epub_selector_for_role(std::string_view role);

} // namespace galley
