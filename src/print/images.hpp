// Internal: the photos of one print document as Cairo surfaces. A JPEG keeps its own bytes
// as the surface's MIME data, so the PDF embeds the file unchanged (DCTDecode); a CMYK JPEG,
// which Cairo mis-renders, is converted to RGB and re-encoded once. PNG of every kind goes
// through Cairo's PNG reader.
#pragma once

#include "layout/handles.hpp"
#include "layout/images.hpp"

#include <cstddef>
#include <vector>

namespace galley::detail::print {

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
