// Internal: the font program embedded for one font of one PDF.
//
// The PDF drawer draws glyphs, not characters: the layout shaped the text (Pango, HarfBuzz),
// and a PDF code is given to each distinct glyph drawn (1, 2, 3… in the order first drawn).
// The program is the font cut down to those glyphs, with what a PDF needs and no more:
// - no hinting (fpgm, prep, cvt and glyph instructions): PDF viewers do not use TrueType
//   hinting, and it is half of a Noto subset;
// - no OpenType layout tables: the text is shaped already;
// - a cmap (one format 4 subtable) from each code to its glyph, which libharu turns into the
//   CIDToGIDMap; the text each code stands for is in the font's ToUnicode map.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace galley::detail::pdf {

// Face `index` of the font file `file` cut down to `glyphs` as TrueType bytes for libharu,
// with code c mapped to glyphs[c] (c from 1; glyphs[0] is not mapped). The same inputs give
// the same bytes; results are cached for the process. Safe to call from many threads. Throws
// galley::Error: ErrorCode::io when the font cannot be read, ErrorCode::backend when HarfBuzz
// cannot subset it.
std::shared_ptr<const std::string> font_program(const std::string& file, unsigned index,
                                                const std::vector<std::uint16_t>& glyphs);

} // namespace galley::detail::pdf
