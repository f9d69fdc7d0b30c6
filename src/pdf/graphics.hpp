// Internal: what the PDF backend draws, after layout and before libharu: text placed word by
// word, rules, filled rectangles, images and link areas. Coordinates are in points with y
// growing downwards from an origin the owner knows (a line's top, a block's top, the page's
// top-left corner); the renderer flips them into PDF space.
#pragma once

#include "galley/fonts.hpp"
#include "galley/style.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace galley::detail::pdf {

struct DrawText {
    const Font* font = nullptr;
    // Drawn with the font's small capitals for lower-case letters (a font variant of its own
    // in the PDF, whose cmap maps those letters to the `smcp` glyphs).
    bool small_caps = false;
    double size = 10;
    Color color;
    double letter_spacing = 0; // Tc: added after every character
    double x = 0, y = 0;       // the start of the baseline
    std::string text;          // UTF-8, nothing invisible left in it
};

struct DrawLine {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 1;
    Color color;
};

struct DrawRect {
    double x = 0, y = 0, width = 0, height = 0;
    Color color;
};

struct DrawImage {
    std::size_t image = 0; // index into the document's images
    double x = 0, y = 0, width = 0, height = 0;
    std::string alt;
    int orientation = 1; // the image's Exif orientation: drawn turned upright into the box
};

struct DrawLink {
    double x = 0, y = 0, width = 0, height = 0;
    std::string url;
};

// Everything one element, line or page draws, in drawing order by kind: backgrounds, images,
// rules, text, then link areas.
struct Graphics {
    std::vector<DrawRect> rects;
    std::vector<DrawImage> images;
    std::vector<DrawLine> lines;
    std::vector<DrawText> texts;
    std::vector<DrawLink> links;

    bool empty() const {
        return rects.empty() && images.empty() && lines.empty() && texts.empty() && links.empty();
    }
    // Appends `other` moved by (dx, dy).
    void append(const Graphics& other, double dx, double dy);
    void append(Graphics&& other, double dx, double dy);
};

} // namespace galley::detail::pdf
