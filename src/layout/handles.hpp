// Internal: owning handles for the Cairo, Pango and GLib objects the print backend uses, so
// that every object is released on every path, exceptions included.
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <pango/pango.h>

#include <memory>

namespace galley::detail::layout {

struct CairoDestroyer {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct SurfaceDestroyer {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct FontOptionsDestroyer {
    void operator()(cairo_font_options_t* options) const { cairo_font_options_destroy(options); }
};
struct GObjectUnref {
    void operator()(gpointer object) const { g_object_unref(object); }
};
struct FontDescriptionFree {
    void operator()(PangoFontDescription* description) const {
        pango_font_description_free(description);
    }
};
struct AttrListUnref {
    void operator()(PangoAttrList* list) const { pango_attr_list_unref(list); }
};
struct ItemFree {
    void operator()(PangoItem* item) const { pango_item_free(item); }
};
struct GlyphStringFree {
    void operator()(PangoGlyphString* glyphs) const { pango_glyph_string_free(glyphs); }
};
struct FontMetricsUnref {
    void operator()(PangoFontMetrics* metrics) const { pango_font_metrics_unref(metrics); }
};

using CairoPtr = std::unique_ptr<cairo_t, CairoDestroyer>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroyer>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsDestroyer>;
template <class T> using GObjectPtr = std::unique_ptr<T, GObjectUnref>;
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;
using AttrListPtr = std::unique_ptr<PangoAttrList, AttrListUnref>;
using ItemPtr = std::unique_ptr<PangoItem, ItemFree>;
using GlyphStringPtr = std::unique_ptr<PangoGlyphString, GlyphStringFree>;
using FontMetricsPtr = std::unique_ptr<PangoFontMetrics, FontMetricsUnref>;

// A PangoLayout shared by the lines set from it (a line keeps its layout alive).
using SharedLayout = std::shared_ptr<PangoLayout>;
inline SharedLayout share_layout(PangoLayout* layout) {
    return SharedLayout(layout, [](PangoLayout* l) { g_object_unref(l); });
}

} // namespace galley::detail::layout
