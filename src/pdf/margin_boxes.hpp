// Internal: the margin boxes of a page (`@page` `@top-left` … `@right-bottom`): running heads,
// folios and letterheads, set once the page count is known.
#pragma once

#include "galley/style.hpp"
#include "pdf/graphics.hpp"
#include "pdf/text_setter.hpp"

namespace galley::detail::pdf {

// Draws the margin boxes of a page of `style` into `page` (page coordinates), their content
// rendered with `content` (counter(page), counter(pages), string(…)). A box's text stays on
// one line, shortened with an ellipsis when it does not fit its box.
void set_margin_boxes(const TextContext& context, const PageStyle& style,
                      const ContentContext& content, Graphics& page);

} // namespace galley::detail::pdf
