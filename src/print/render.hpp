// Internal: drawing made-up pages onto a Cairo context — the same code for the PDF, the PNG
// proofs and SVG. On a PDF surface it also writes structure tags in reading order, links,
// named destinations and collects the outline.
#pragma once

#include "galley/article.hpp"
#include "layout/flow.hpp"
#include "layout/page_makeup.hpp"
#include "layout/paragraph.hpp"
#include "print/images.hpp"

#include <cairo.h>

#include <string>
#include <vector>

namespace galley::detail::print {

using layout::Drawing;
using layout::Flow;
using layout::PageGeometry;
using layout::PageLayout;
using layout::PlacedElement;
using layout::Typesetting;

struct OutlineEntry {
    int level = 1;
    std::string title;
    int page = 1;
    double x = 0, y = 0;
};

class PageRenderer {
  public:
    // `tagged`: write structure tags, links and destinations, and embed JPEGs without
    // decoding them (PDF surfaces).
    PageRenderer(Flow& flow, Typesetting& typesetting, bool tagged);

    // Draws `page` onto `cr`, whose user space is the page's sheet in points.
    void draw_page(cairo_t* cr, const PageLayout& page);
    // Draws the furniture and elements of `module`, a page made up in a box of its own (no
    // margins), with its top-left corner at (x, y) of `cr`'s user space; no marks, and no
    // Document tag (whoever draws the whole page opens one). Page `number` for the outline.
    void draw_module(cairo_t* cr, const PageLayout& module, double x, double y, int number);
    // Closes the tags still open (after the last page, before the surface is finished).
    void finish(cairo_t* cr);
    // Draws `drawing` with its origin at (x, y).
    void draw_drawing(cairo_t* cr, const Drawing& drawing, double x, double y);

    const std::vector<OutlineEntry>& outline() const { return outline_; }
    // The alternative text of each Figure tag, in the order the tags were written.
    const std::vector<std::string>& figure_alts() const { return figure_alts_; }

  private:
    void draw_marks(cairo_t* cr, const PageGeometry& geometry) const;
    void draw_element(cairo_t* cr, const PlacedElement& placed);
    void switch_tags(cairo_t* cr, int tag);

    Flow& flow_;
    Typesetting& typesetting_;
    ImageSurfaces surfaces_;
    bool tagged_;
    std::vector<int> open_tags_; // below the Document, outermost first
    bool document_open_ = false;
    std::vector<std::string> destinations_; // names that exist (for internal links)
    std::vector<OutlineEntry> outline_;
    std::vector<std::string> figure_alts_;
    int page_number_ = 1;
};

} // namespace galley::detail::print
