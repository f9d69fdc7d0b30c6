#include "pdf/images.hpp"

#include "galley/error.hpp"
#include "galley/image.hpp"
#include "util/owned.hpp"

#include <hpdf_objects.h>
#include <png.h>

#include <memory>

namespace galley::detail::pdf {

namespace {

// An interlaced PNG, decoded: libharu's own loader rejects interlacing.
HPDF_Image load_decoded_png(HpdfDocument& document, const layout::LayoutImage& image,
                            bool compress) {
    const std::string what = "placing " + image.shown + " (" + image.source + ")";
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, image.bytes.data(), image.bytes.size()))
        throw Error(ErrorCode::unsupported, image.source,
                    image.shown + " cannot be decoded: " + png.message);
    Owned<png_image, png_image_free> guard(&png);
    const bool colour = (png.format & PNG_FORMAT_FLAG_COLOR) != 0;
    const bool alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    png.format = colour ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
                        : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
    std::string pixels(PNG_IMAGE_SIZE(png), '\0');
    if (!png_image_finish_read(&png, nullptr, pixels.data(), 0, nullptr))
        throw Error(ErrorCode::unsupported, image.source,
                    image.shown + " cannot be decoded: " + png.message);

    const std::size_t count = static_cast<std::size_t>(png.width) * png.height;
    const std::size_t channels = (colour ? 3 : 1) + (alpha ? 1 : 0);
    const std::size_t colour_channels = colour ? 3 : 1;
    std::string colour_bytes;
    std::string alpha_bytes;
    bool any_transparency = false;
    if (alpha) {
        colour_bytes.resize(count * colour_channels);
        alpha_bytes.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            for (std::size_t c = 0; c < colour_channels; ++c)
                colour_bytes[i * colour_channels + c] = pixels[i * channels + c];
            alpha_bytes[i] = pixels[i * channels + colour_channels];
            if (static_cast<unsigned char>(alpha_bytes[i]) != 255) any_transparency = true;
        }
    } else {
        colour_bytes = std::move(pixels);
    }

    HPDF_Doc doc = document.get();
    HPDF_Image placed = document.check_handle(
        HPDF_LoadRawImageFromMem(doc, reinterpret_cast<const HPDF_BYTE*>(colour_bytes.data()),
                                 png.width, png.height,
                                 colour ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8),
        what);
    if (any_transparency) {
        HPDF_Image mask = document.check_handle(
            HPDF_LoadRawImageFromMem(doc, reinterpret_cast<const HPDF_BYTE*>(alpha_bytes.data()),
                                     png.width, png.height, HPDF_CS_DEVICE_GRAY, 8),
            what);
        if (compress) mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        document.check(HPDF_Image_AddSMask(placed, mask), what);
    }
    if (compress) placed->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return placed;
}

} // namespace

HPDF_Image load_image(HpdfDocument& document, const layout::LayoutImage& image, bool compress) {
    const std::string what = "placing " + image.shown + " (" + image.source + ")";
    const auto* data = reinterpret_cast<const HPDF_BYTE*>(image.bytes.data());
    const auto size = static_cast<HPDF_UINT>(image.bytes.size());
    if (image.format == layout::LayoutImage::Format::jpeg)
        return document.check_handle(HPDF_LoadJpegImageFromMem(document.get(), data, size), what);
    if (image.interlaced) return load_decoded_png(document, image, compress);

    HPDF_Image placed =
        document.check_handle(HPDF_LoadPngImageFromMem(document.get(), data, size), what);
    // libharu writes the alpha channel's soft mask without a filter: deflate it too.
    if (compress) {
        auto* mask = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(placed, "SMask", HPDF_OCLASS_DICT));
        if (mask != nullptr) mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    }
    return placed;
}

} // namespace galley::detail::pdf
