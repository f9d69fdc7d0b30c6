// Internal: page make-up — the flow cut into columns and pages.
//
// A page is the trim size plus bleed plus, when marks are asked for, a slug that holds them
// (PageGeometry; every coordinate here is in points from the top-left corner of the whole
// sheet, the PDF's MediaBox). Inside the margins the grid's columns are filled in column
// sets: spanning blocks in the flow (the headline block) sit across the grid and start a new
// set below them, the set above balanced first. Floats (`float: top|bottom`, e.g. the lead
// photo over three columns) and pull quotes that span columns are placed on the page where
// the flow reaches them, and the page is filled again with them as exclusions the text flows
// around. The last set of the article is balanced: its columns end as evenly as the text and
// the baseline grid allow. A balanced set keeps the lead paragraph under a photo spanning
// columns (the paragraph that starts right under it, in the first column it covers) whole in
// that column when its columns can be made that long. A last page that would hold only a few
// lines (last_page_is_runt) is pulled back by layout.cpp, which sets earlier paragraphs a line
// shorter and makes the pages up again.
#pragma once

#include "galley/style.hpp"
#include "layout/flow.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace galley::detail::layout {

struct PageGeometry {
    double trim_width = 0, trim_height = 0;
    double bleed = 0;
    double outside = 0; // from the sheet's edge to the trim: bleed, or the slug for marks
    double media_width = 0, media_height = 0;
    Edges margin;
    bool crop_marks = false;
    bool cross_marks = false;

    double trim_left() const { return outside; }
    double trim_top() const { return outside; }
    double content_left() const { return outside + margin.left; }
    double content_top() const { return outside + margin.top; }
    double content_width() const { return trim_width - margin.left - margin.right; }
    double content_height() const { return trim_height - margin.top - margin.bottom; }
    double content_bottom() const { return content_top() + content_height(); }
};

// The sheet for a page style: marks need a slug of at least 8.5 mm around the trim.
PageGeometry page_geometry(const PageStyle& style);

// An element placed on a page, with its top-left corner.
struct PlacedElement {
    const FlowElement* element = nullptr;
    double x = 0, y = 0;
    int column = -1;       // the column it is in; -1 inside a placed block
    int block = -1;        // the PageLayout::blocks entry it is in; -1 in a column
    int set = -1;          // the column set it is in; -1 inside a placed block
    std::size_t order = 0; // its position in the article, for drawing in reading order
};

// A spanning or floating block placed on a page.
struct PlacedBlock {
    std::size_t placeable = 0;
    double x = 0, y = 0, width = 0, height = 0;
    int first_column = 0, columns = 1;
};

// One column of one column set: its box and how far its content reaches.
struct ColumnBox {
    int set = 0;
    int column = 0;
    double x = 0, top = 0, width = 0;
    double bottom = 0; // of its content (top when empty)
    double limit = 0;  // the set's bottom
};

struct RuleSegment {
    double x = 0, top = 0, bottom = 0;
};

struct PageLayout {
    int number = 1;
    PageKind kind = PageKind::first;
    PageStyle style;
    PageGeometry geometry;
    std::vector<PlacedElement> elements; // in reading order
    std::vector<PlacedBlock> blocks;
    std::vector<ColumnBox> columns;
    std::vector<RuleSegment> rules;
    bool balanced = false; // the page's last column set was balanced
    // Named strings: the first value set on the page, else the last before it (string()).
    std::map<std::string, std::string> strings;
    // Drawn before the elements, in sheet coordinates: the margin boxes (running heads,
    // folios), column rules and the backgrounds and side borders of boxes (layout.cpp).
    Drawing furniture;
};

// The page style for page `number` (1-based) and its kind.
using PageStyleFor = std::function<PageStyle(int number, PageKind kind)>;

// Makes up the pages of `flow` on `grid` (widths as the flow was set). Warnings for content
// that does not fit a page go to `warnings`.
std::vector<PageLayout> make_up_pages(const Flow& flow, const Grid& grid,
                                      const PageStyleFor& page_style, Warnings& warnings);

// Fewer lines of text than this alone on an article's last page make the page a runt.
inline constexpr int runt_lines = 5;

// Whether the last of `pages` is a runt: a page after the first that holds only lines of text
// (and the spaces between them), fewer than runt_lines, with no block placed on it and no
// forced page break before it. In one column the last page is the last column; a
// multi-column last page is balanced (its columns end as evenly as the text allows), so the
// page as a whole is counted.
bool last_page_is_runt(const std::vector<PageLayout>& pages);

} // namespace galley::detail::layout
