// Internal: the layout engine both typeset backends share — realise, lay out, then draw.
//
// 1. Realise (flow_builder.cpp): the article is walked as style.hpp's element tree, every
//    element styled for the medium (pdf or print), generated text made (dateline run-ins,
//    list markers, bylines, string-set values), figures read with their captions and credits,
//    structure tags and the outline noted.
// 2. Lay out (paragraph.cpp, page_makeup.cpp, this file): paragraphs shaped by Pango (bidi,
//    scripts, fallback fonts) and broken by the Knuth–Plass breaker or, for right-to-left
//    and CJK text, by Pango; the column grid, spans, floats, balancing, the baseline grid,
//    widows, orphans, keep-with-next, tables; pages; then each page's furniture (margin boxes
//    with running heads and folios, box backgrounds and borders, column rules).
// 3. Draw: pages of positioned glyph runs, rules, boxes and images (drawing.hpp), drawn by
//    Cairo for print (PDF, PNG, SVG: print/render.cpp) and by libharu for pdf
//    (pdf/draw.cpp). Neither drawer measures text or decides where anything goes.
#pragma once

#include "galley/article.hpp"
#include "galley/fonts.hpp"
#include "galley/image.hpp"
#include "galley/style.hpp"
#include "image/placement.hpp"
#include "layout/flow.hpp"
#include "layout/page_makeup.hpp"
#include "layout/paragraph.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace galley::detail::layout {

// The article laid out: its flow and pages. Each page's furniture is in PageLayout::furniture.
struct LaidOut {
    Flow flow;
    Grid grid;
    std::vector<PageLayout> pages;
};

// What both typeset writers do first: checks `min_ppi` (ErrorCode::usage naming the
// article) and returns a copy of `original` whose figures hold their images' bytes (read
// once, under `policy`; photos that are not there left out with a warning) and take the
// caption and credit they lack from the photos' metadata.
Article prepare_article(const Article& original, const ImagePolicy& policy,
                        std::optional<double> min_ppi, Warnings& warnings);

// The resolution rule for photos in `medium` (pdf: 96 ppi unless `min_ppi`; print: 150).
ResolutionRule photo_rule(Medium medium, std::optional<double> min_ppi, bool upscale);

// Lays `article` out for `medium` with the calling thread's shaper, under layout_mutex(),
// and calls `draw` with the pages and the Typesetting that set them, still under the lock:
// the pages hold Pango's fonts, whose fontconfig patterns are not safe to read while another
// thread lays out (ThreadSanitizer found libharu's drawer racing fontconfig when it drew
// outside the lock). What needs no font (qpdf's finishing of print's PDF) belongs after the
// lock: it is the batch's bottleneck. Drawing libharu's document after it was tried and
// measured 5 % slower on 2 cores (the freed layout's memory faulted back in). Throws
// ErrorCode::internal when no page was made up.
void lay_out_and_draw(const Article& article, const StyleSheet& sheet, const FontResolver& fonts,
                      Medium medium, const ResolutionRule& photos, Warnings& warnings,
                      const std::function<void(LaidOut&, Typesetting&)>& draw);

// Lays `article` out with `sheet` for the medium typesetting.medium(). Images are read and
// checked here (against `photos`); warnings go to `warnings`.
LaidOut lay_out(const Article& article, const StyleSheet& sheet, Typesetting& typesetting,
                Warnings& warnings, const ResolutionRule& photos);

// A page's column rules (in `grid`'s rule) and the backgrounds and side borders of the boxes
// on it, added to its furniture; what lay_out does for every page besides the margin boxes.
void add_columns_furniture(PageLayout& page, const Flow& flow, const Grid& grid);

// The margin boxes of `page` (running heads, folios) set for `article` (string(publication),
// string(date), string(headline)) and the page's own named strings, added to its furniture.
void add_folios(PageLayout& page, int page_count, const Article& article,
                Typesetting& typesetting);

// The bundled "default" sheet, loaded once for the process.
const StyleSheet& bundled_default_style();

// The font resolver for the @font-face rules `sheet` gives `medium`: one per distinct set of
// rules, kept for the life of the process (its fontconfig configuration is what every
// thread's Pango font map is built on).
const FontResolver& fonts_for(const StyleSheet& sheet, Medium medium, Warnings& warnings);

// Cairo 1.16 keeps one process-wide cache of FreeType faces and closes faces another thread
// is still reading (a crash seen in FT_Get_First_Char under Cairo's PDF font subsetting while
// a second thread's Pango metrics evicted the face). The layout shapes through Pango's Cairo
// font map, so laying out, and drawing what was laid out, run one article at a time under
// this lock; writing the files does not need it.
std::mutex& layout_mutex();

// Whether the article is written right to left: by its language (is_right_to_left_language),
// else, when it declares none, by its text.
bool right_to_left(const Article& article);

// The PDF's creation date: `given`, else SOURCE_DATE_EPOCH, else the article's date, else none
// (with a warning when the article's date is not ISO 8601).
std::optional<std::int64_t> creation_time(std::optional<std::int64_t> given, const Article& article,
                                          Warnings& warnings);

// What each glyph of a Pango glyph run stands for in the text, so that a PDF's text can be
// searched and copied: (glyph index, its characters) in logical order, one entry a glyph. A
// glyph drawing several characters (a ligature) carries them all and the glyphs beside it
// none; a character drawn as base and marks is decomposed, one each.
std::vector<std::pair<int, std::string>> glyph_texts(const char* text, const PangoGlyphItem& run);

// The box reserved for a photo a figure never had, as fills and strokes: a light grey box,
// its border and its diagonals (the same in every drawer).
Drawing placeholder_drawing(const PlaceholderDraw& box);

// One glyph run of a Pango line, placed: its left end at (x, baseline) (the run's rise
// applied), its width, its colour and its underline or line-through as filled rectangles.
struct LineRun {
    const PangoGlyphItem* run = nullptr;
    double x = 0, baseline = 0, width = 0;
    Color color{0, 0, 0, 255};
    std::vector<RectDraw> decorations;
};

// The runs of `line` with its left end at x on `baseline`, left to right.
std::vector<LineRun> line_runs(PangoLayoutLine* line, double x, double baseline);

} // namespace galley::detail::layout
