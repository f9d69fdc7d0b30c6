#include "edition/ads.hpp"
#include "galley/error.hpp"
namespace galley::detail::edition {
AdArtwork AdArtwork::load(const std::filesystem::path& path, const std::string& name) {
    AdArtwork a;
    cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) { cairo_surface_destroy(s); throw Error(ErrorCode::unsupported, name, "tmp: only PNG"); }
    a.s_.reset(s, cairo_surface_destroy);
    a.w_ = cairo_image_surface_get_width(s); a.h_ = cairo_image_surface_get_height(s);
    return a;
}
void AdArtwork::draw(cairo_t* cr, double x, double y, double width, double height) const {
    cairo_save(cr); cairo_rectangle(cr, x, y, width, height); cairo_clip(cr);
    double sc = std::min(width / w_, height / h_);
    cairo_translate(cr, x + (width - w_ * sc) / 2, y + (height - h_ * sc) / 2); cairo_scale(cr, sc, sc);
    cairo_set_source_surface(cr, s_.get(), 0, 0); cairo_paint(cr); cairo_restore(cr);
}
}
