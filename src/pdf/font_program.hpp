// Internal: the font program embedded for one font of one PDF.
//
// The PDF drawer draws glyphs, not characters: the layout shaped the text (Pango, HarfBuzz),
// and a PDF code is given to each distinct glyph drawn (1, 2, 3… in the order first drawn).
// The program is the font cut down to those glyphs, with what a PDF needs and no more:
// - no hinting (fpgm, prep, cvt and glyph instructions): PDF viewers do not use TrueType
//   hinting, and it is half of a Noto subset;
// - no OpenType layout tables: the text is shaped already;
// - a cmap (one format 4 subtable) from each code to its glyph, as the CIDToGIDMap has it
//   too; the text each code stands for is in the font's ToUnicode map.
// With it come what the PDF's font dictionaries say of the font, read from its tables: the
// glyphs' widths, the bounding box, ascent, descent, cap height, italic angle.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace galley::detail::pdf {

// Lengths are in thousandths of an em, as a PDF's font dictionaries give them.
struct FontProgram {
    std::string bytes;                 // the TrueType font
    std::string postscript_name;       // "NotoSerif-Bold": letters, digits and '-' only
    std::vector<std::uint16_t> glyphs; // code c → glyph of `bytes` (glyphs[0] = 0)
    std::vector<int> widths;           // code c → advance
    std::array<int, 4> bounding_box{}; // x min, y min, x max, y max
    int ascent = 0;
    int descent = 0; // below the baseline: negative
    int cap_height = 0;
    double italic_angle = 0; // degrees, counter-clockwise from vertical (negative for italics)
    bool fixed_pitch = false;
};

// Face `index` of the font file `file` cut down to `glyphs`, with code c mapped to glyphs[c]
// (c from 1; glyphs[0] is not mapped). The same inputs give the same bytes; results are
// cached for the process. Safe to call from many threads. Throws galley::Error:
// ErrorCode::io when the font cannot be read, ErrorCode::backend when HarfBuzz cannot subset
// it.
std::shared_ptr<const FontProgram> font_program(const std::string& file, unsigned index,
                                                const std::vector<std::uint16_t>& glyphs);

} // namespace galley::detail::pdf
