// Internal: what the image module shares with itself and with the backends.
#pragma once

#include "galley/article.hpp"
#include "galley/image.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace galley::detail {

// "my%20photo.jpg" → "my photo.jpg"; escapes that are not two hex digits stay as they are.
std::string percent_decoded(std::string_view text);

// The media type the magic bytes at the start announce ("image/jpeg", …), whether or not the
// header after them is complete; "" when they announce none of the formats probe_image knows.
std::string_view sniffed_media_type(std::string_view bytes);

// What is wrong with the structure of an image probe_image accepted ("" when nothing is):
// a raster image of no size, a JPEG without its end-of-image marker after the first scan, a
// PNG whose chunks run past the end, fail their CRC or never reach IEND, a GIF whose blocks
// run past the end, a WebP shorter than its RIFF header says. Never decodes pixels.
std::string image_damage(std::string_view bytes, const ImageInfo& info);

// What the bytes of an image are, checked as load_image checks a file's bytes (empty, no
// known format, a header cut short, over the pixel budget, damaged), for images that come
// embedded rather than from a file. Errors name `article_file`; `what` names the image in
// them ("image 'photo.jpg'", "image /abs/photo.jpg").
ImageInfo checked_image(std::string_view bytes, const std::string& what,
                        const std::string& article_file, const ImageLimits& limits);

// The Exif orientation (1–8) of a JPEG's APP1 segment; 1 when it has none or it is unreadable.
int jpeg_exif_orientation(std::string_view bytes);

// The resolution an image's pixels were stored at, in pixels per inch across and down the
// stored pixels (before any Exif turn).
struct StoredResolution {
    double x = 0;
    double y = 0;
};
// A JPEG's JFIF density (in dots per inch or per centimetre), else its Exif XResolution and
// YResolution (ResolutionUnit inch or centimetre); a PNG's pHYs chunk (pixels per metre).
// nullopt when the image states none, only an aspect ratio (JFIF units 0, pHYs unit 0), a
// resolution of zero or one outside 1–100,000 ppi, or is another format.
std::optional<StoredResolution> stored_resolution(std::string_view bytes);

// The bytes of the file at `path`, read as load_image reads them (links followed, nothing but
// a regular file opened, never blocking, within limits.max_file_bytes) but whatever they are:
// the caller judges them. Errors name `file` and start their message with `what` ("image
// /abs/photo.jpg"): ErrorCode::io for a missing file, a folder, a device, a FIFO or socket, a
// link loop or a read error; ErrorCode::limit over the byte budget.
std::string read_image_file(const std::filesystem::path& path, const std::string& what,
                            const std::string& file, const ImageLimits& limits);

// For the PDF and print backends, before layout: reads every local figure image of
// `article` (relative to the folder of article.source_path) under `policy` with
// resolve_image_path and load_image, and keeps its bytes in the figure's ImageRef::data (src
// stays as written, for messages), so that the backend never opens a file itself; checks
// embedded images' bytes as load_image checks a file's (checked_image). Each file is read
// once. Remote references and figures without an image are left for the backend. Throws
// what resolve_image_path, load_image and checked_image throw.
void prepare_figure_images(Article& article, const ImagePolicy& policy);

// Calls `visit(Figure&)` for every figure of `blocks`, in block quotes and lists too.
template <class Visit> void for_each_figure(Blocks& blocks, const Visit& visit) {
    for (Block& block : blocks) {
        if (auto* figure = std::get_if<Figure>(&block.node)) {
            visit(*figure);
        } else if (auto* quote = std::get_if<BlockQuote>(&block.node)) {
            for_each_figure(quote->content, visit);
        } else if (auto* list = std::get_if<List>(&block.node)) {
            for (Blocks& item : list->items) for_each_figure(item, visit);
        }
    }
}

} // namespace galley::detail
