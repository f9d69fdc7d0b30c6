// Internal: a laid-out document drawn into libharu — fonts embedded as subsets of the glyphs
// drawn, images, pages, link annotations and the outline.
#pragma once

#include "pdf/hpdf_document.hpp"
#include "pdf/layout.hpp"

namespace galley::detail::pdf {

// Draws every page of `layout` into `document` (which has UTF-8 encodings enabled): embeds each
// font used as a subset (HarfBuzz hb-subset, cached across documents), loads the images, draws
// the graphics and adds link annotations and the outline. Throws galley::Error as
// HpdfDocument::check does, and what subset_font throws.
void render_document(HpdfDocument& document, const DocumentLayout& layout, bool compress);

} // namespace galley::detail::pdf
