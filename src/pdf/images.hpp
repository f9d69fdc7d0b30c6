// Internal: the images of one PDF — read once each, typed from their bytes, and handed to
// libharu in the form it can take.
//
// JPEG (baseline, progressive, CMYK) passes through as DCTDecode. PNG (palette, grey, RGB,
// with alpha as a compressed soft mask) goes through libharu's PNG loader; interlaced PNG,
// which libharu rejects, is decoded here with libpng and placed as raw pixels plus a mask.
#pragma once

#include "galley/article.hpp"
#include "galley/image.hpp"
#include "pdf/hpdf_document.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace galley::detail::pdf {

struct PdfImage {
    enum class Format { jpeg, png };
    std::string shown;  // "image 'photos/a.jpg'", for messages
    std::string source; // the file it was read from, or "embedded image"
    std::string bytes;
    Format format = Format::jpeg;
    int width = 0; // pixels, upright (as the photo is shown)
    int height = 0;
    int orientation = 1;     // Exif orientation of a JPEG: drawn turned (render.cpp)
    bool interlaced = false; // PNG only
};

class ImageCatalog {
  public:
    // The index of the image `ref` holds, from its bytes: write_pdf has read every local
    // image file into its figure and checked every image's bytes (detail::
    // prepare_figure_images, under the caller's ImagePolicy) before layout. The same bytes
    // twice are one image. Throws galley::Error naming the article: ErrorCode::unsupported
    // for a remote reference or bytes that are neither JPEG nor PNG.
    std::size_t add(const ImageRef& ref, const Article& article);

    const PdfImage& operator[](std::size_t index) const { return images_[index]; }
    std::size_t size() const { return images_.size(); }

  private:
    std::vector<PdfImage> images_;
    std::map<std::string, std::size_t> by_source_;
};

// Loads `image` into `document` (compressing what libharu would store raw when `compress`).
HPDF_Image load_image(HpdfDocument& document, const PdfImage& image, bool compress);

} // namespace galley::detail::pdf
