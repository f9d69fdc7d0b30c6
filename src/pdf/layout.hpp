// Internal: an article laid out on pages, ready to draw.
//
// Layout runs in three steps. The article is walked as style.hpp's element tree, each
// element styled for the medium pdf, and turned into a flow: a column of elements (lines of
// text, figures, table rows, rules, spacers) with the vertical space before each and where a
// break may come between them (widows, orphans, headings kept with what follows, figures and
// `break-inside: avoid` blocks kept whole). The flow is then cut into columns and pages.
// Last, with the page count known, each page's margin boxes (running heads, folios with
// counter(page) and counter(pages)) are set.
#pragma once

#include "galley/article.hpp"
#include "galley/style.hpp"
#include "image/placement.hpp"
#include "pdf/graphics.hpp"
#include "pdf/images.hpp"
#include "pdf/text_setter.hpp"

#include <string>
#include <vector>

namespace galley::detail::pdf {

struct LaidOutPage {
    double width = 0, height = 0; // points
    Graphics graphics;            // y downwards from the top-left corner
};

// An outline (bookmark) entry: the headline is level 1, headings 2 to 4.
struct OutlineEntry {
    int level = 1;
    std::string title;
    std::size_t page = 0;
    double y = 0; // from the top of the page
};

struct DocumentLayout {
    std::vector<LaidOutPage> pages;
    std::vector<OutlineEntry> outline;
    ImageCatalog images;
};

// Lays out `article` with `sheet` (medium pdf). Images are read (and checked) here; warnings
// go to context.warnings.
// `photos`: the resolution photos are checked against (image/placement.hpp).
DocumentLayout lay_out_article(const Article& article, const StyleSheet& sheet,
                               const TextContext& context, const ResolutionRule& photos = {});

} // namespace galley::detail::pdf
