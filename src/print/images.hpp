// Internal: the photos of one print document (and an edition's image ads) as Cairo surfaces.
// A JPEG keeps its own bytes as the surface's MIME data, so the PDF embeds the file unchanged
// (DCTDecode); a CMYK JPEG, which Cairo mis-renders, is converted to RGB and re-encoded once.
// PNG of every kind goes through Cairo's PNG reader.
#pragma once

#include "layout/handles.hpp"
#include "layout/images.hpp"

#include <cstddef>
#include <vector>

namespace galley::detail::print {

// One photo as a Cairo surface, with the JPEG MIME data for pass-through.
struct ImageSurface {
    layout::SurfacePtr surface;
    bool decoded = false; // `surface` holds the pixels (not only the MIME data)
};

// `image` as a Cairo surface (see ImageSurfaces::surface, which keeps one per catalog entry):
// decoded, except that an RGB or grey JPEG for a surface that never reads pixels (`pixels`
// false) is one undrawn pixel carrying the MIME data. Throws galley::Error naming
// image.source: ErrorCode::unsupported when the bytes cannot be decoded, ErrorCode::backend
// when Cairo cannot make the surface.
ImageSurface make_image_surface(const layout::LayoutImage& image, bool pixels);

// Paints `surface` — the stored pixels of an image whose Exif orientation is `orientation`
// (1–8), or the one pixel make_image_surface gives a JPEG passed through — turned upright to
// fill the rectangle (0, 0, upright_width, upright_height) of cr's user space.
void paint_upright(cairo_t* cr, cairo_surface_t* surface, int orientation, double upright_width,
                   double upright_height);

class ImageSurfaces {
  public:
    explicit ImageSurfaces(const layout::ImageCatalog& catalog)
        : catalog_(catalog), surfaces_(catalog.size()) {}

    // Image `index` of the catalog as a Cairo surface, with the JPEG MIME data for
    // pass-through. Decoded, except that an RGB or grey JPEG for a surface that embeds the
    // MIME data and never reads pixels (`pixels` false: the PDF) is an undrawn surface of one
    // pixel, which costs nothing. Throws galley::Error (ErrorCode::unsupported) when the bytes
    // cannot be decoded.
    cairo_surface_t* surface(std::size_t index, bool pixels = true);

  private:
    struct Entry {
        layout::SurfacePtr surface;
        bool decoded = false; // `surface` holds the pixels (not only the MIME data)
    };
    const layout::ImageCatalog& catalog_;
    std::vector<Entry> surfaces_;
};

} // namespace galley::detail::print
