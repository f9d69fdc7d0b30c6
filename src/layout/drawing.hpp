// Internal: what the print backend draws — glyph runs, Pango lines, rules, boxes and images
// placed relative to the element that holds them — and the facts about each set line that the
// layout dump reports.
#pragma once

#include "galley/style.hpp"
#include "layout/handles.hpp"

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace galley::detail::layout {

struct ShapedText;

// A word (or part of one) in one font, its baseline's left end at (x, baseline).
struct GlyphDraw {
    const ShapedText* text = nullptr;
    double x = 0;
    double baseline = 0;
    Color color;
    int link = -1;             // index into the document's links, or -1
    double letter_spacing = 0; // points added after each character (justification)
    double expansion = 1;      // horizontal scale of the glyphs (justification)
};

// One line of a Pango layout (right-to-left and CJK paragraphs, margin boxes, preformatted
// text), its baseline's left end at (x, baseline). Colours come from the layout.
struct LayoutLineDraw {
    SharedLayout layout;
    int line = 0;
    double x = 0;
    double baseline = 0;
};

struct RectDraw {
    double x = 0, y = 0, width = 0, height = 0;
    Color fill;
};

struct StrokeDraw {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 0;
    Color color;
};

// An image scaled to cover the box (cropped evenly when the box's proportions differ).
struct ImageDraw {
    std::size_t image = 0; // index into the document's images
    double x = 0, y = 0, width = 0, height = 0;
};

// The box reserved for a photo that is not there (a figure with only a credit).
struct PlaceholderDraw {
    double x = 0, y = 0, width = 0, height = 0;
};

using Drawable =
    std::variant<GlyphDraw, LayoutLineDraw, RectDraw, StrokeDraw, ImageDraw, PlaceholderDraw>;

// Things to draw, relative to the top-left corner of what holds them.
struct Drawing {
    std::vector<Drawable> items;

    void add(Drawable item) { items.push_back(std::move(item)); }
    // Appends `other` moved by (dx, dy).
    void append(const Drawing& other, double dx, double dy);
};

// What the layout dump says about a set line.
struct LineFacts {
    std::string text;          // the words, hyphen included, soft hyphens left out
    double width = 0;          // the measure
    double natural = 0;        // the content's width at natural spacing
    double ratio = 0;          // the adjustment ratio (Knuth–Plass); 0 for Pango lines
    double space_factor = 1;   // set width of the spaces / their natural width
    double letter_spacing = 0; // points added between characters to justify the line
    double expansion = 1;      // the glyphs' horizontal scale that justifies the line
    bool justified = false;    // spaces stretched or shrunk to the measure
    bool short_line = false;   // justified, but set short: it could not be within the limits
    bool last = false;         // the paragraph's last line (or one ending at a forced break)
    bool hyphenated = false;   // ends with a hyphen (soft, drawn, or one in the text)
    bool pango = false;        // broken by Pango (right-to-left and CJK text)
};

// A set line of text: its height (the line height), where the baseline is, and its drawing
// relative to the line's top-left corner.
struct TextLine {
    double height = 0;
    double baseline = 0;
    Drawing drawing;
    LineFacts facts;
};

} // namespace galley::detail::layout
