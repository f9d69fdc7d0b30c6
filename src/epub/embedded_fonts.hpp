// Internal: the fonts an EPUB embeds (--embed-fonts): the faces the style sheet sets the
// book's text in, each cut down to the characters the book uses.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"
#include "galley/style.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace galley::detail {

struct EmbeddedFont {
    std::string id;         // manifest id: "font-1"
    std::string href;       // "fonts/NotoSerif-Regular.ttf"
    std::string media_type; // "font/ttf" or "font/otf"
    std::string bytes;      // the subset
    std::filesystem::path file;
    std::string family;
    int weight = 400;
    bool italic = false;
    bool from_font_face = false; // named by an @font-face rule of the sheet
};

struct FontEmbedding {
    std::vector<EmbeddedFont> fonts;
    // @font-face rules for the embedded fonts that the sheet's own @font-face rules do not
    // name (bundled fonts), as CSS: to go before the sheet.
    std::string font_face_css;
    // @font-face rules adding fallback fonts (for scripts a style's font lacks) to the family
    // they stand in for, with a unicode-range: to go after the sheet, so that they win for
    // their characters.
    std::string fallback_font_face_css;
    // The url for a sheet's @font-face rule (to_css's font_url): the embedded file, or "".
    std::string url_for(const FontFace& face) const;
};

struct ArticleLanguage {
    const Article* article = nullptr;
    std::string language; // BCP 47, for choosing fallback fonts
};

// The fonts the sheet (medium epub) sets the articles' text in — every element of
// style.hpp's tree, ::before and ::after content included — with the fallback fonts that
// text needs, each subset to `code_points`. Font resolution problems become warnings.
FontEmbedding embed_fonts(const StyleSheet& sheet, const std::vector<ArticleLanguage>& articles,
                          const std::set<char32_t>& code_points, Warnings& warnings);

// The code points of UTF-8 `text` (invalid bytes are skipped), added to `code_points`.
void add_code_points(std::string_view text, std::set<char32_t>& code_points);

} // namespace galley::detail
