// Internal: an article as a flow — a column of elements (lines of text, photos, table rows,
// rules, spacers) with the space before each and where a break may come between them — and
// the flow cut into columns and pages.
//
// The flow is built by walking the article as style.hpp's element tree, each element styled
// for the medium pdf: widows, orphans, headings kept with what follows, figures and
// `break-inside: avoid` blocks kept whole all become "no break before this element".
// Pagination then fills each column as far as it goes and moves the break back to the last
// place one is allowed; a figure that does not fit floats to the next column.
#pragma once

#include "galley/article.hpp"
#include "galley/style.hpp"
#include "image/placement.hpp"
#include "pdf/graphics.hpp"
#include "pdf/images.hpp"
#include "pdf/text_setter.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace galley::detail::pdf {

// An outline entry to be: the headline (level 1) or a heading (2 to 4).
struct Anchor {
    int level = 1;
    std::string title;
};

struct FlowElement {
    double space_before = 0; // collapsed margins above; dropped at the top of a column
    double height = 0;
    bool break_allowed = true; // a column or page break may come before this element
    bool page_break = false;   // a page must start with this element
    bool spans = false;        // set across all columns
    int figure = -1;           // the elements of one figure with a photo share a number
    Graphics graphics;         // from the left of its column (or the page area) and its own top
    std::vector<Anchor> anchors;
    std::vector<std::pair<std::string, std::string>> strings; // string-set: name, value
};

// A block's background and side borders, drawn beside the elements it holds, one piece per
// column it ends up in.
struct Frame {
    std::size_t first = 0, last = 0; // elements, inclusive
    double x = 0, width = 0;         // the border box, from the column's left
    Color background{0, 0, 0, 0};
    BorderSide left, right;
};

struct Flow {
    std::vector<FlowElement> elements;
    std::vector<Frame> frames;
};

// How the flow is set: the width of the page area, the columns, the tallest a photo may be.
struct FlowSettings {
    double width = 0;
    int columns = 1;
    double column_gap = 0;
    double max_image_height = 0;
    // Photos below its resolution are set smaller (or enlarged with a warning).
    ResolutionRule photos;
};

// The flow of `article` (`root` is the article element, styled `root_style`). Images are read
// into `images` as they are met.
Flow build_flow(const Article& article, const StyleSheet& sheet, const StyleElement& root,
                const ComputedStyle& root_style, const TextContext& context, ImageCatalog& images,
                const FlowSettings& settings);

// The page area of a page: its style and the rectangle inside its margins.
struct PageArea {
    PageStyle style;
    double x = 0, y = 0, width = 0, height = 0;
};

// The page area of `style`.
PageArea page_area(const PageStyle& style);

struct Placement {
    std::size_t page = 0;
    int column = 0; // -1: across the columns
    double y = 0;   // from the top of the page area
};

struct PaginatedFlow {
    std::vector<Placement> placements; // by element
    std::vector<std::size_t> order;    // the elements in the order placed (figures may move)
    std::size_t pages = 1;
    std::vector<double> columns_top; // per page: where the columns start
};

// Cuts `flow` into `columns` columns a page and into pages, the pages' areas given by
// `area_of` (page index from 0).
PaginatedFlow paginate(const std::vector<FlowElement>& flow, int columns,
                       const std::function<const PageArea&(std::size_t)>& area_of);

} // namespace galley::detail::pdf
