// Internal: an article turned into a flow — the column content of the print backend.
//
// The article is walked as style.hpp's element tree, every element styled for the medium
// print, and every block set at its width: body blocks at the column width, spanning blocks
// at the width of the columns they span. What comes out is one list of flow elements (lines
// of text, figures, spacers for borders and padding) with the space before each and whether a
// column may break before it — widows, orphans, headings and figures kept with what follows
// are decided here, once — and a list of placeables: blocks that span columns or float (the
// headline block, the lead photo, pull quotes), each anchored in the flow where it stood.
// Page make-up (page_makeup.hpp) cuts the flow into columns and pages.
#pragma once

#include "galley/article.hpp"
#include "galley/style.hpp"
#include "image/placement.hpp"
#include "layout/drawing.hpp"
#include "layout/images.hpp"
#include "layout/paragraph.hpp"
#include "style/elements.hpp"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace galley::detail::layout {

// A node of the PDF's structure tree: "Document", "H1", "P", "Figure", "Caption", "L", "LI",
// "LBody", "BlockQuote", "Table", "TR", "TH", "TD".
struct TagNode {
    std::string name;
    int parent = -1; // -1 for the Document
    std::string alt; // Figure: the alternative text
};

// A box decoration that runs along several elements (a background, a left or right border),
// drawn per column beside the elements that carry its index.
struct Frame {
    double x = 0, width = 0; // relative to the column (or placeable) left
    Color background{0, 0, 0, 0};
    BorderSide left, right;
};

// A part of an element's drawing in a structure element of its own (a table cell).
struct TaggedDrawing {
    int tag = -1;
    Drawing drawing; // relative to the element, as its own drawing
};

struct FlowElement {
    enum class Kind {
        line,  // a line of text (or a table row): the unit columns break between
        box,   // an image or another unbreakable thing
        space, // a border or padding
        anchor // where a placeable stood in the article
    };
    Kind kind = Kind::line;
    double height = 0;
    double space_before = 0;  // collapsed margins above; dropped at a column's top
    bool break_before = true; // a column may end just before this element
    BreakBetween forced_break = BreakBetween::automatic;
    bool on_grid = false;             // its top sits on a baseline-grid line
    double x = 0;                     // left offset in the column (margins, indents)
    double width = 0;                 // the measure it was set to
    Drawing drawing;                  // relative to (x, top)
    std::vector<TaggedDrawing> parts; // drawn after `drawing`, each in its own tag
    std::optional<LineFacts> line;
    std::string role; // the style role it was set in ("p", "h2", "credit"…), for the dump
    int tag = -1;     // innermost TagNode; -1 for none
    int frame = -1;   // Frame index; -1 for none
    std::size_t placeable = 0; // anchor: the placeable
    std::size_t block = 0;     // the numbered block it belongs to (for the dump)

    // Set on the first element of a block:
    int outline_level = 0; // 1 headline, 2..4 headings
    std::string outline_title;
    std::string destination; // a named destination (the block's id) for links to it
    std::vector<std::pair<std::string, std::string>> strings; // string-set: name, value
};

// A block laid out apart from the columns: across N columns (`column-span`) or floating to
// the top or bottom of the columns (`float`).
struct Placeable {
    std::vector<FlowElement> elements; // stacked top to bottom, x relative to its left
    double width = 0;
    double height = 0; // of the elements stacked, snapped to the baseline grid
    double margin_top = 0, margin_bottom = 0;
    int columns = 1;               // columns spanned
    bool all = false;              // column-span: all
    Float placement = Float::none; // top, bottom or none (in place)
    std::string role;
};

struct Flow {
    std::vector<FlowElement> elements;
    std::vector<Placeable> placeables;
    std::vector<TagNode> tags; // tags[0] is the Document
    std::vector<Frame> frames;
    ImageCatalog images;
    std::string headline; // for string(headline)
};

// The column grid the flow is set for.
struct Grid {
    int columns = 1;
    double gap = 0;
    double column_width = 0;
    double content_width = 0;
    double content_height = 0;
    double baseline = 0; // 0: no baseline grid
    BorderSide rule;
    bool right_to_left = false; // columns run from right to left (Arabic, Hebrew)

    // The width of `span` columns side by side.
    double span_width(int span) const { return span * column_width + (span - 1) * gap; }
};

// The grid of `article_style` (column-count, column-gap, column-rule, baseline-grid) in a
// content box `width` × `height`.
Grid make_grid(const ComputedStyle& article_style, double width, double height);

// Builds the flow of `article` (styles for the medium print). Images are read and checked
// here, and placed no larger than `photos` allows. `root_style` is the computed style of the
// `article` element. The paragraphs in `tightened` are set a line shorter where the breaker can
// (Tightening).
struct Tightening {
    std::set<std::size_t> paragraphs; // their block numbers (FlowElement::block)
    // Whether they may also go twice as far toward narrow as the style's limits allow (glyph
    // scaling 98% → 96%, letter spacing -1% → -2%; never past the properties' ranges, 90% and
    // -5%): the second step against a runt page, after their own limits could not save it.
    bool tighter = false;
};
Flow build_flow(const Article& article, const StyleSheet& sheet, const StyleElement& root,
                const ComputedStyle& root_style, const Grid& grid, Typesetting& typesetting,
                const ResolutionRule& photos = {}, const Tightening& tightened = {});

// The value of string(NAME) before any string-set: "headline", "publication", "date".
std::string article_string(const Article& article, std::string_view name);

} // namespace galley::detail::layout
