// Internal: owning handles for the Cairo, Pango and GLib objects the print backend uses, so
// that every object is released on every path, exceptions included.
#pragma once

#include "util/owned.hpp"

#include <cairo.h>
#include <glib-object.h>
#include <pango/pango.h>

#include <memory>

namespace galley::detail::layout {

using CairoPtr = Owned<cairo_t, cairo_destroy>;
using SurfacePtr = Owned<cairo_surface_t, cairo_surface_destroy>;
using FontOptionsPtr = Owned<cairo_font_options_t, cairo_font_options_destroy>;
template <class T> using GObjectPtr = Owned<T, g_object_unref>;
using FontDescriptionPtr = Owned<PangoFontDescription, pango_font_description_free>;
using AttrListPtr = Owned<PangoAttrList, pango_attr_list_unref>;
using ItemPtr = Owned<PangoItem, pango_item_free>;
using GlyphStringPtr = Owned<PangoGlyphString, pango_glyph_string_free>;
using FontMetricsPtr = Owned<PangoFontMetrics, pango_font_metrics_unref>;

// A PangoLayout shared by the lines set from it (a line keeps its layout alive).
using SharedLayout = std::shared_ptr<PangoLayout>;
inline SharedLayout share_layout(PangoLayout* layout) {
    return SharedLayout(layout, [](PangoLayout* l) { g_object_unref(l); });
}

} // namespace galley::detail::layout
