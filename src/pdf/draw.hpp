// Internal: laid-out pages drawn into a libharu document.
//
// The pages come from the shared layout (layout/layout.hpp), set and placed already: glyph
// runs as Pango shaped them, rules, boxes, images. Each font is embedded as the glyphs drawn
// in it (font_program.hpp), each glyph given a two-byte code whose text is in the font's
// ToUnicode map, and every run is drawn glyph by glyph where the layout put it (one TJ array
// a run, corrected only where a glyph's advance differs from the font's). Right-to-left and
// complex scripts need nothing more: the glyphs are in visual order, joined and positioned.
#pragma once

#include "layout/layout.hpp"
#include "pdf/hpdf_document.hpp"

#include <cstdint>
#include <memory>
#include <optional>

namespace galley::detail::pdf {

// The pages as drawing operations, read from the layout: glyphs as codes in the fonts to
// embed, shapes, links, named destinations, the outline, the images. Reading Pango's fonts
// (their fontconfig patterns), it is made under the layout lock; drawing it needs no lock.
struct PdfPages;
struct PdfPagesRelease {
    void operator()(PdfPages* pages) const;
};
using PdfPagesPtr = std::unique_ptr<PdfPages, PdfPagesRelease>;

// The pages of `laid_out` (set with `typesetting`), taking its image catalog. Text in a font
// the PDF cannot embed (CFF outlines, which Pango may fall back to) is left out with a
// warning in `warnings`.
PdfPagesPtr collect_pages(layout::LaidOut& laid_out, const layout::Typesetting& typesetting,
                          Warnings& warnings);

// Draws `pages` into `document`: pages, fonts, images, links, named destinations and the
// outline; the catalog's /Lang from `language` and, for a right-to-left article, the reading
// direction. `created` goes into the document identifier.
void draw_document(HpdfDocument& document, PdfPages& pages, const std::string& language,
                   std::optional<std::int64_t> created, bool compress);

} // namespace galley::detail::pdf
