#include "pdf/images.hpp"

#include "galley/error.hpp"
#include "galley/image.hpp"

#include <hpdf_objects.h>
#include <png.h>

#include <memory>

namespace galley::detail::pdf {

namespace {

struct PngImageRelease {
    void operator()(png_image* image) const { png_image_free(image); }
};

// An interlaced PNG, decoded: libharu's own loader rejects interlacing.
HPDF_Image load_decoded_png(HpdfDocument& document, const PdfImage& image, bool compress) {
    const std::string what = "placing " + image.shown + " (" + image.source + ")";
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, image.bytes.data(), image.bytes.size()))
        throw Error(ErrorCode::unsupported, image.source,
                    image.shown + " cannot be decoded: " + png.message);
    std::unique_ptr<png_image, PngImageRelease> guard(&png);
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

std::size_t ImageCatalog::add(const ImageRef& ref, const Article& article) {
    const std::string shown =
        ref.src.empty() ? std::string("embedded image") : "image '" + ref.src + "'";
    if (ref.data.empty()) {
        // write_pdf reads every local image into the figure first (load_figure_images).
        if (ref.src.empty())
            throw Error(ErrorCode::invalid, article.source_path, "a figure's image has no source");
        if (is_remote_image_reference(ref.src))
            throw Error(ErrorCode::unsupported, article.source_path,
                        shown.substr(0, 220) +
                            " is not a local file; the PDF backend does not download images");
        throw Error(ErrorCode::internal, article.source_path, shown + " was not read");
    }
    const std::string source = ref.src.empty() ? std::string("embedded image") : ref.src;
    std::string key = "data:" + std::to_string(std::hash<std::string>{}(ref.data)) + ":" +
                      std::to_string(ref.data.size());
    // The same bytes twice are one image; a hash collision is not.
    for (auto known = by_source_.find(key); known != by_source_.end();
         known = by_source_.find(key)) {
        if (images_[known->second].bytes == ref.data) return known->second;
        key += "+";
    }

    // write_pdf has checked the bytes (damage, budgets) with the caller's limits.
    const auto info = probe_image(ref.data);
    if (!info || (info->media_type != "image/jpeg" && info->media_type != "image/png")) {
        const std::string kind = info ? " (" + info->media_type + ")" : std::string();
        throw Error(ErrorCode::unsupported, article.source_path,
                    shown + kind +
                        " is not a JPEG or PNG image, which is what the PDF backend places (" +
                        source + ")");
    }
    if (info->width <= 0 || info->height <= 0)
        throw Error(ErrorCode::invalid, article.source_path,
                    shown + " has no readable size; the file may be damaged (" + source + ")");
    std::string bytes = ref.data;

    PdfImage image;
    image.shown = shown;
    image.source = source;
    image.format = info->media_type == "image/png" ? PdfImage::Format::png : PdfImage::Format::jpeg;
    image.width = info->upright_width();
    image.height = info->upright_height();
    image.orientation = info->orientation;
    // PNG IHDR: the interlace method is the last byte of its 13 (file offset 28).
    image.interlaced = image.format == PdfImage::Format::png && bytes.size() > 28 && bytes[28] != 0;
    image.bytes = std::move(bytes);
    images_.push_back(std::move(image));
    by_source_.emplace(key, images_.size() - 1);
    return images_.size() - 1;
}

HPDF_Image load_image(HpdfDocument& document, const PdfImage& image, bool compress) {
    const std::string what = "placing " + image.shown + " (" + image.source + ")";
    const auto* data = reinterpret_cast<const HPDF_BYTE*>(image.bytes.data());
    const auto size = static_cast<HPDF_UINT>(image.bytes.size());
    if (image.format == PdfImage::Format::jpeg)
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
