// galley — the print-layout backend (Pango/Cairo): one article made up as newspaper or
// magazine pages on a column grid, for the printer (PDF), as proofs (PNG) and as SVG.
//
// What a page holds: the style sheet's `@media print` view of the article on the pages that
// `@page` describes (size, margins, bleed, crop and cross marks, margin boxes with folios).
// The `article` element's `column-count`, `column-gap` and `column-rule` make the grid. Blocks
// with `column-span` span the grid or N columns: the headline block across the top, a
// `float: top|bottom` figure (the lead photo) at the top or bottom of the columns with its
// credit and caption, pull quotes over two columns with the text flowing around them. Body
// text flows column to column and page to page; the last page's columns are balanced.
// With `baseline-grid`, every body line in every column sits on one shared grid and headings,
// figures and pull quotes take whole grid lines. Widows and orphans as the sheet says; a
// heading or an in-flow figure never ends a column without the text that follows it.
//
// Text is shaped by Pango/HarfBuzz with the same isolated fontconfig configuration as the
// rest of galley (see fonts.hpp). Latin, Greek and Cyrillic paragraphs are broken by the
// shared Knuth–Plass breaker and hyphenator (text.hpp) and justified by placing each word;
// right-to-left (Arabic, Hebrew) and CJK paragraphs use Pango's own line breaking and bidi.
// Soft hyphens leave no trace; a hyphenated line ends in a real hyphen.
//
// The PDF: the page is the trim size plus bleed plus a slug for the marks; MediaBox, TrimBox
// and BleedBox are set; structure tags (Document, H1…H4, P, Figure, Caption, BlockQuote, L,
// Table, Link…), an outline of the headline and headings, links, the document language,
// Alt text on figures, and metadata (title, authors, subject, keywords, creator, dates).
// JPEG photos pass through unchanged (CMYK JPEGs are converted to RGB first); fonts are
// embedded as subsets.
//
// Reproducible: the same article, sheet, options, fonts and files give the same bytes; dates
// come from the options, SOURCE_DATE_EPOCH or the article, never the clock.
// Thread-safe: articles may be written from many threads at once (each thread shapes with its
// own Pango font map on the shared fontconfig configuration).
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/image.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace galley {

class FontResolver;

// What write_print produces.
enum class PrintOutput {
    pdf,   // one print-ready PDF
    png,   // one PNG proof a page
    svg,   // one SVG a page
    layout // a readable text dump of the layout decisions (pages, columns, lines, figures)
};

// "pdf", "png", "svg", "layout".
const char* to_string(PrintOutput output);
// The output named `name`: "pdf" (also "print"), "png", "svg", "layout"; nullopt otherwise.
std::optional<PrintOutput> print_output_from_name(std::string_view name);
// The file name for one output file of the article `stem`: "stem.pdf", "stem-3.png",
// "stem-3.svg" (pages from 1), "stem.layout.txt". `page` is ignored for pdf and layout.
std::string print_file_name(std::string_view stem, PrintOutput output, int page);

struct PrintOptions {
    // The style sheet (its `@media print` view); nullopt: the bundled "default" style.
    std::optional<StyleSheet> style;
    PrintOutput output = PrintOutput::pdf;
    // Resolution of PNG proofs, in dots per inch (1 to 2400).
    double dpi = 150;
    // The PDF's CreationDate and ModDate, in seconds since 1970-01-01T00:00:00Z. nullopt:
    // SOURCE_DATE_EPOCH when set, else the article's date, else no dates at all.
    std::optional<std::int64_t> created;
    // The fonts to set the text in. Null: the bundled fonts and declared system fallbacks plus
    // the sheet's `@font-face` rules for the medium print (one resolver per distinct set of
    // rules, kept for the life of the process).
    const FontResolver* fonts = nullptr;
    // Where the article's image files may be (by default only inside its folder) and how
    // large they may be. A figure whose article gives no caption, alt text or credit takes
    // them from its image's IPTC/XMP/Exif metadata (see image.hpp).
    ImagePolicy image_policy;
    // The lowest effective resolution (pixels per inch, > 0) a photo is placed at: one whose
    // pixels cannot carry its box at it is set at the size they carry, centred in its
    // column span with its caption below, and a warning names the figure, its pixels and its
    // ppi. nullopt: 150. With `upscale` it is enlarged into its box (still with the warning).
    std::optional<double> min_ppi;
    bool upscale = false;
};

struct PrintResult {
    // Missing glyphs and images, fonts not found, overfull lines, style problems.
    Warnings warnings;
    int pages = 0; // pages laid out
};

// Where the files of one article go: called once with 0 for the PDF or the layout dump, and
// with each page number (from 1) for PNG and SVG. Each sink is written and finished by
// write_print.
using PrintSinks = std::function<std::unique_ptr<Sink>(int page)>;

// Lays out `article` and writes it as options.output says, each file to the sink `sinks`
// gives. Everything is laid out and drawn before the first sink is asked for, so an error in
// the article, its images or the style leaves nothing written. Images are read relative to
// the folder of article.source_path, under options.image_policy; a photo that is not there
// (a missing file, an asset ID, a remote URL) is left out with a warning and no box
// (drop_unusable_images). Throws galley::Error: what resolve_image_path and load_image
// throw, naming the article and the image (a path the policy refuses, a special, oversized
// or damaged file), ErrorCode::unsupported for an image that is neither JPEG nor PNG, ErrorCode::usage for a bad dpi or a malformed SOURCE_DATE_EPOCH, ErrorCode::backend
// when Cairo or qpdf fail; and what the sinks throw.
PrintResult write_print(const Article& article, const PrintOptions& options,
                        const PrintSinks& sinks);

// The same for the outputs that are one file (pdf, layout), written to `sink` and finished.
// Throws ErrorCode::usage for png and svg, which are one file a page.
PrintResult write_print(const Article& article, const PrintOptions& options, Sink& sink);

} // namespace galley
