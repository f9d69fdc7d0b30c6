// galley — the PDF backend (libharu): one article as a paginated PDF to read on screen or
// archive.
//
// What a PDF holds: the style sheet's `@media pdf` view of the article, laid out by the same
// engine as the print backend (layout/layout.hpp) on the pages that `@page` describes (size,
// margins, margin boxes with running heads and folios, `counter(page)` and
// `counter(pages)`), in the columns `column-count` on `article` asks for: spans, floats,
// balanced columns, the baseline grid, widows, orphans, headings kept with what follows,
// figures with their credit and caption, tables. Text is shaped by Pango (HarfBuzz): Arabic
// and Hebrew are set right to left and joined, marks placed, emoji and other characters
// beyond the Basic Multilingual Plane drawn when a font has them. Latin, Greek and Cyrillic
// paragraphs are broken by the shared Knuth–Plass breaker, right-to-left and CJK ones by
// Pango.
//
// libharu draws the laid-out pages: each font embedded as a subset of the glyphs drawn, with
// a ToUnicode map so that the text extracts (pdftotext, mutool) in reading order; links as
// annotations (to the web or to a named destination); the headline and headings as the
// outline; /Lang from the article's language and, right to left, the reading direction; the
// document information with title, authors, subject, keywords, creator and dates. Streams
// are compressed.
//
// Reproducible: the same article, sheet, options, fonts and files give the same bytes; dates
// come from the options, SOURCE_DATE_EPOCH or the article, never the clock.
// Thread-safe: PDFs may be written from many threads at once (the layout of one article at a
// time, as for print: Cairo 1.16's FreeType cache is process-wide; libharu documents are
// each their own).
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
    // The style sheet (its `@media pdf` view); nullopt: the bundled "default".
    std::optional<StyleSheet> style;
    // CreationDate and ModDate, in seconds since 1970-01-01T00:00:00Z. nullopt:
    // SOURCE_DATE_EPOCH when set, else the article's date, else no dates at all.
    std::optional<std::int64_t> created;
    // The fonts to set the text in. Null: the bundled fonts and declared system fallbacks plus
    // the sheet's `@font-face` rules for the medium pdf (one resolver per distinct set of
    // rules, kept for the life of the process).
    const FontResolver* fonts = nullptr;
    // Deflate the page contents, fonts and images that are not JPEG. Off only for debugging.
    bool compress = true;
    // Write the layout dump instead of the PDF: the same readable text as the print
    // backend's `layout` output (pages, columns, every line with its position and
    // adjustment ratio, figures), headed "galley pdf layout". `galley convert --to
    // pdf-layout` writes it as NAME.pdf-layout.txt.
    bool layout_dump = false;
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
    // Missing glyphs, fonts not found, overfull lines, photos, style problems.
    Warnings warnings;
    int pages = 0; // the number of pages written
};

// Writes `article` as a PDF laid out by options.style (its `@media pdf` view) to `sink` and
// finishes the sink. Images are read relative to the folder of article.source_path, under
// options.image_policy; a photo that is not there (a missing file, an asset ID, a remote
// URL) is left out with a warning (drop_unusable_images). Throws galley::Error: what
// resolve_image_path and load_image throw, naming the article and the image (a path the
// policy refuses, a special, oversized or damaged file), ErrorCode::unsupported for an
// image that is neither JPEG nor PNG, ErrorCode::usage for a malformed
// SOURCE_DATE_EPOCH, ErrorCode::backend naming libharu's error code and what was being done
// when libharu fails; and what the sink throws. Nothing is written to the sink then.
PdfResult write_pdf(const Article& article, const PdfOptions& options, Sink& sink);

} // namespace galley
