// Internal: protrusion (optical margin alignment) — how far a character may hang into the
// margin at a line's start or end, so that a justified column's edges look straight: a
// hyphen, a full stop or a closing quote at the end of a line leaves a dent in the edge when
// set flush, since its ink is small or sits low. pdfTeX's \lpcode/\rpcode and microtype's
// tables, with galley's own amounts for the bundled fonts.
#pragma once

#include "layout/shaping.hpp"

#include <span>
#include <string_view>

namespace galley::detail::layout {

// One character's amounts, in thousandths of its advance width.
struct CharacterProtrusion {
    char32_t character = 0;
    short start = 0, end = 0;
};

// The table for a font family list (its first family decides): Noto Serif's, Noto Sans's,
// none for monospaced faces (code keeps its columns), a general one for any other face.
// Sorted by character.
std::span<const CharacterProtrusion> protrusion_table(std::string_view families);

// How far, in points, `character` in `font` may hang into the margin at a line's start or
// end.
double protrusion(ShapingFont& font, std::span<const CharacterProtrusion> table, char32_t character,
                  bool at_end);

} // namespace galley::detail::layout
