// galley — the PDF backend (libharu): one article as a paginated PDF to read on screen or
// archive.
//
// What a PDF holds: the style sheet's `@media pdf` view of the article, laid out on the pages
// that `@page` describes (size, margins, and margin boxes with running heads and folios,
// `counter(page)` and `counter(pages)` included). The headline block (headline, dek, bylines),
// then the blocks in order: the dateline run in before the lead paragraph's text, figures with
// their credit and caption (never split, scaled to the column), body text justified and
// hyphenated by the shared Knuth–Plass breaker, headings kept with what follows, block and
// pull quotes, lists, rules, simple tables and the tagline; ::before and ::after content;
// `column-count` 1 or 2 on `article`. Widows and orphans as the sheet says.
//
// Fonts come from the shared FontResolver (TrueType outlines only), with per-character
// fallback between faces; each face is embedded as a real subset of the glyphs used. Every
// character drawn extracts back as text (pdftotext, mutool). Links become URI annotations;
// the headline and headings become the outline; the document information carries title,
// authors, subject, keywords, creator and dates. Streams are compressed.
//
// libharu cannot set text outside the Basic Multilingual Plane (it drops it) nor shape
// complex scripts (Arabic, Hebrew, the Indic scripts…): such text is reported, naming the
// characters and recommending the print backend (`--to print`), as a warning or an error
// (PdfOptions::unsupported_text).
//
// Reproducible: the same article, sheet, options, fonts and files give the same bytes; dates
// come from the options, SOURCE_DATE_EPOCH or the article, never the clock.
// Thread-safe: PDFs may be written from many threads at once (one libharu document each; the
// fonts, hyphenation patterns and font subsets are shared read-only or behind locks).
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/image.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <cstdint>
#include <optional>

namespace galley {

class FontResolver;

struct PdfOptions {
    // What to do with text libharu cannot set (characters above U+FFFF, scripts that need
    // shaping or right-to-left ordering).
    enum class UnsupportedText {
        warn, // a warning naming the characters; the PDF is written (those characters wrong)
        error // ErrorCode::unsupported, naming the characters; nothing is written
    };
    UnsupportedText unsupported_text = UnsupportedText::warn;
    // CreationDate and ModDate, in seconds since 1970-01-01T00:00:00Z. nullopt:
    // SOURCE_DATE_EPOCH when set, else the article's date, else no dates at all.
    std::optional<std::int64_t> created;
    // The fonts to set the text in. Null: the bundled fonts and declared system fallbacks plus
    // the sheet's `@font-face` rules for the medium pdf (one resolver per distinct set of
    // rules, kept for the life of the process).
    const FontResolver* fonts = nullptr;
    // Deflate the page contents, fonts and images that are not JPEG. Off only for debugging.
    bool compress = true;
    // Where the article's image files may be (by default only inside its folder) and how
    // large they may be. A figure whose article gives no caption, alt text or credit takes
    // them from its image's IPTC/XMP/Exif metadata (see image.hpp).
    ImagePolicy image_policy;
    // The lowest effective resolution (pixels per inch, > 0) a photo is placed at: one whose
    // pixels cannot carry its box at it is set at the size they carry, centred in its
    // column, with a warning naming the figure, its pixels and its ppi. nullopt: 96 (the
    // PDF is mostly read on screens). With `upscale` it is enlarged into its box (still with
    // the warning).
    std::optional<double> min_ppi;
    bool upscale = false;
};

struct PdfResult {
    // Missing glyphs, unsupported text, fonts not found, overfull lines, style problems.
    Warnings warnings;
    int pages = 0; // the number of pages written
};

// Writes `article` as a PDF laid out by `style` (its `@media pdf` view) to `sink` and finishes
// the sink. Images are read relative to the folder of article.source_path, under
// options.image_policy; a photo that is not there (a missing file, an asset ID, a remote
// URL) is left out with a warning (drop_unusable_images). Throws galley::Error: what
// resolve_image_path and load_image throw, naming the article and the image (a path the
// policy refuses, a special, oversized or damaged file), ErrorCode::unsupported for an
// image that is neither JPEG nor PNG and (with
// UnsupportedText::error) for text libharu cannot set, ErrorCode::usage for a malformed
// SOURCE_DATE_EPOCH, ErrorCode::backend naming libharu's error code and what was being done
// when libharu fails; and what the sink throws. Nothing is written to the sink then.
PdfResult write_pdf(const Article& article, const StyleSheet& style, const PdfOptions& options,
                    Sink& sink);

} // namespace galley
