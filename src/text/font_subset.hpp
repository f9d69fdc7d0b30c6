// galley — font subsetting for the EPUB backend's embedded fonts. Internal: not installed.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace galley {

// The font in `font_file` (TrueType or OpenType; face `face_index` of a collection) cut down
// to the glyphs that `code_points` need (with what HarfBuzz's hb-subset keeps for them:
// composite parts, layout features, hinting), as the bytes of a font file of the same kind.
// Code points the font lacks are ignored. The same inputs give the same bytes. Throws
// galley::Error: ErrorCode::io when the file cannot be read, ErrorCode::backend when HarfBuzz
// cannot subset it. Safe to call from many threads at once.
std::string subset_font(const std::filesystem::path& font_file,
                        const std::set<char32_t>& code_points, unsigned face_index = 0);

} // namespace galley
