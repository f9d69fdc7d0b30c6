// Internal: the images of one PDF — read once each, typed from their bytes, and handed to
// libharu in the form it can take.
//
// JPEG (baseline, progressive, CMYK) passes through as DCTDecode. PNG (palette, grey, RGB,
// with alpha as a compressed soft mask) goes through libharu's PNG loader; interlaced PNG,
// which libharu rejects, is decoded here with libpng and placed as raw pixels plus a mask.
#pragma once

#include "layout/images.hpp"
#include "pdf/hpdf_document.hpp"

namespace galley::detail::pdf {

// Loads `image` into `document` (compressing what libharu would store raw when `compress`).
HPDF_Image load_image(HpdfDocument& document, const layout::LayoutImage& image, bool compress);

} // namespace galley::detail::pdf
