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
#include <optional>

namespace galley::detail::pdf {

// Draws `laid_out` (set with `typesetting`) into `document`: pages, fonts, images, links,
// named destinations and the outline; the catalog's /Lang from `language` and, for a
// right-to-left article, the reading direction. `created` goes into the document identifier.
// Text in a font libharu cannot embed (CFF outlines, which Pango may fall back to) is left
// out with a warning in `warnings`.
void draw_document(HpdfDocument& document, const layout::LaidOut& laid_out,
                   const layout::Typesetting& typesetting, const std::string& language,
                   std::optional<std::int64_t> created, bool compress, Warnings& warnings);

} // namespace galley::detail::pdf
