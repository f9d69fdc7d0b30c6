// Internal: the font program embedded for one font of one PDF.
//
// The shared subset_font() (font_subset.hpp) keeps what an EPUB reading system needs; a PDF
// made with libharu needs less and something else:
// - no hinting (fpgm, prep, cvt and glyph instructions): PDF viewers do not use TrueType
//   hinting, and it is half of a Noto subset;
// - no OpenType layout tables: libharu neither shapes nor embeds them;
// - a compact cmap (one format 4 subtable, nearby code points merged into few segments):
//   libharu looks every BMP code point up in it, segment by segment, when it loads a font;
// - for small capitals, a cmap that maps the lower-case letters to the font's `smcp` glyphs,
//   so that text set in the font's own small capitals keeps its letters when extracted.
#pragma once

#include "galley/fonts.hpp"

#include <memory>
#include <set>
#include <string>

namespace galley::detail::pdf {

// `font` cut down to the glyphs of `code_points` as TrueType bytes for libharu, with the
// lower-case letters mapped to their small capitals when `small_caps`. The same inputs give
// the same bytes; results are cached for the process. Safe to call from many threads. Throws
// galley::Error: ErrorCode::io when the font cannot be read, ErrorCode::backend when HarfBuzz
// cannot subset it.
std::shared_ptr<const std::string>
font_program(const Font& font, const std::set<char32_t>& code_points, bool small_caps);

} // namespace galley::detail::pdf
