// Internal: the photos of one print document — read once each, typed from their bytes, and
// decoded into Cairo surfaces. A JPEG keeps its own bytes as the surface's MIME data, so the
// PDF embeds the file unchanged (DCTDecode); a CMYK JPEG, which Cairo mis-renders, is
// converted to RGB and re-encoded once. PNG of every kind goes through Cairo's PNG reader.
#pragma once

#include "galley/article.hpp"
#include "print/cairo_handles.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace galley::detail::print {

struct PrintImage {
    enum class Format { jpeg, png };
    std::string shown;  // "image 'photos/a.jpg'", for messages and the dump
    std::string source; // the file it was read from, or "embedded image"
    std::string bytes;
    Format format = Format::jpeg;
    int width = 0; // pixels, upright (as the photo is shown)
    int height = 0;
    // The Exif orientation of a JPEG: the surface holds the pixels as stored, and the
    // renderer turns them upright (the JPEG bytes pass through untouched).
    int orientation = 1;
    SurfacePtr surface;   // on first use
    bool decoded = false; // `surface` holds the pixels (not only the MIME data)
};

class ImageCatalog {
  public:
    // The index of the image `ref` holds, from its bytes: write_print has read every local
    // image file into its figure and checked every image's bytes (detail::
    // prepare_figure_images, under the caller's ImagePolicy) before layout. The same bytes
    // twice are one image. Throws galley::Error naming the article: ErrorCode::unsupported
    // for a remote reference or bytes that are neither JPEG nor PNG.
    std::size_t add(const ImageRef& ref, const Article& article);

    const PrintImage& operator[](std::size_t index) const { return *images_[index]; }
    std::size_t size() const { return images_.size(); }

    // The image as a Cairo surface, with the JPEG MIME data for pass-through. Decoded, except
    // that an RGB or grey JPEG for a surface that embeds the MIME data and never reads pixels
    // (`pixels` false: the PDF) is an undrawn surface of its size, which costs nothing. Throws
    // galley::Error (ErrorCode::unsupported) when the bytes cannot be decoded.
    cairo_surface_t* surface(std::size_t index, bool pixels = true);

  private:
    std::vector<std::unique_ptr<PrintImage>> images_;
    std::map<std::string, std::size_t> by_source_;
};

} // namespace galley::detail::print
