// Fuzz target: image bytes as any article or press kit may bring them — galley::probe_image,
// read_image_metadata (exiv2) and web_rendition_jpeg, whose checks before decoding are those
// load_image makes (header, pixel budget, damaged structure) and which then decodes (libjpeg,
// libpng), reads the Exif orientation and scales with the Lanczos filter.
#include "fuzz_target.hpp"

#include "galley/image.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto info = galley::probe_image(bytes);
    galley::Warnings warnings;
    const galley::ImageMetadata metadata = galley::read_image_metadata(bytes, "fuzz", warnings);
    static_cast<void>(metadata.empty());
    // A small pixel budget keeps every input quick: what is larger is refused from its header.
    galley::ImageLimits limits;
    limits.max_pixels = 4'000'000;
    try {
        if (info && (info->media_type == "image/jpeg" || info->media_type == "image/png"))
            static_cast<void>(galley::web_rendition_jpeg(bytes, "fuzz", 64, 75, limits));
    } catch (const galley::Error&) {
        // A clear refusal is a correct answer to a bad input.
    }
    return 0;
}
