// Internal: what kind of image a file holds and how big it is, from its own bytes.
//
// Kept in src/epub/ for now; the print and PDF backends want the same (a candidate for
// include/galley/image.hpp).
#pragma once

#include <optional>
#include <string_view>

namespace galley::detail {

struct ImageInfo {
    std::string_view media_type; // "image/jpeg", "image/png", "image/gif", "image/webp",
                                 // "image/svg+xml"
    std::string_view extension;  // "jpg", "png", "gif", "webp", "svg"
    int width = 0;               // pixels; 0 when the header does not say (SVG, damaged files)
    int height = 0;
};

// The media type (from the magic bytes, never the file name) and the pixel size (from the
// JPEG SOF, PNG IHDR, GIF screen descriptor or WebP VP8/VP8L/VP8X header). nullopt when the
// bytes are none of these formats.
std::optional<ImageInfo> image_info(std::string_view bytes);

} // namespace galley::detail
