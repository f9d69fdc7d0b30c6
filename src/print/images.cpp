#include "print/images.hpp"

#include "image/placement.hpp"
#include "layout/images.hpp"

#include "galley/error.hpp"
#include "galley/image.hpp"

#include <cstdio>
#include <jpeglib.h>

#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace galley::detail::print {

using namespace layout;

using layout::content_id;
using layout::LayoutImage;
using layout::SurfacePtr;

namespace {

// Attaches a copy of `bytes` to `surface` as MIME data of `type`.
void attach_mime_data(cairo_surface_t* surface, const char* type, std::string_view bytes) {
    auto* copy = static_cast<unsigned char*>(std::malloc(bytes.size() ? bytes.size() : 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, bytes.data(), bytes.size());
    if (cairo_surface_set_mime_data(surface, type, copy, bytes.size(), std::free, copy) !=
        CAIRO_STATUS_SUCCESS) {
        std::free(copy);
        throw Error(ErrorCode::backend, "", std::string("Cairo: cannot attach ") + type);
    }
}

// libjpeg reports errors through a longjmp back into the function that started it.
struct JpegError {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void jpeg_error_exit(j_common_ptr info) {
    auto* error = reinterpret_cast<JpegError*>(info->err);
    (*info->err->format_message)(info, error->message);
    std::longjmp(error->jump, 1);
}

void jpeg_silence(j_common_ptr, int) {}

struct DecodedJpeg {
    SurfacePtr surface;
    bool cmyk = false;
    std::string error; // not empty when decoding failed
};

// Decodes a JPEG (grey, RGB, YCbCr, CMYK and YCCK) into an RGB24 surface. No C++ object with
// a destructor lives in the frame that libjpeg may longjmp through.
DecodedJpeg decode_jpeg(const std::string& bytes) {
    DecodedJpeg result;
    jpeg_decompress_struct info;
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpeg_error_exit;
    error.manager.emit_message = jpeg_silence;
    // Read after a longjmp: volatile, so that it is not kept in a register.
    cairo_surface_t* volatile surface = nullptr;
    std::vector<JSAMPLE>* row = new std::vector<JSAMPLE>();
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        if (surface) cairo_surface_destroy(surface);
        delete row;
        result.error = error.message;
        return result;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    const bool cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&info);
    const int width = static_cast<int>(info.output_width);
    const int height = static_cast<int>(info.output_height);
    const int components = info.output_components;
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        jpeg_destroy_decompress(&info);
        cairo_surface_destroy(surface);
        delete row;
        result.error = "cannot make an image surface";
        return result;
    }
    cairo_surface_flush(surface);
    unsigned char* pixels = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    row->resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(components));
    // Adobe writes CMYK JPEGs inverted (0 is full ink); others are not.
    const bool inverted = info.saw_Adobe_marker;
    while (info.output_scanline < info.output_height) {
        JSAMPROW rows[1] = {row->data()};
        const int y = static_cast<int>(info.output_scanline);
        jpeg_read_scanlines(&info, rows, 1);
        auto* out =
            reinterpret_cast<std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            const JSAMPLE* p = row->data() + static_cast<std::ptrdiff_t>(x) * components;
            std::uint32_t r, g, b;
            if (cmyk) {
                std::uint32_t c = p[0], m = p[1], ye = p[2], k = p[3];
                if (!inverted) c = 255 - c, m = 255 - m, ye = 255 - ye, k = 255 - k;
                r = c * k / 255, g = m * k / 255, b = ye * k / 255;
            } else if (components == 1) {
                r = g = b = p[0];
            } else {
                r = p[0], g = p[1], b = p[2];
            }
            out[x] = 0xFF000000u | (r << 16) | (g << 8) | b;
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    delete row;
    cairo_surface_mark_dirty(surface);
    result.surface.reset(surface);
    result.cmyk = cmyk;
    return result;
}

// The RGB24 surface as a baseline RGB JPEG (quality 92), for CMYK photos.
std::string encode_jpeg(cairo_surface_t* surface) {
    const int width = cairo_image_surface_get_width(surface);
    const int height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* pixels = cairo_image_surface_get_data(surface);
    jpeg_compress_struct info;
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpeg_error_exit;
    error.manager.emit_message = jpeg_silence;
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    std::vector<JSAMPLE>* row = new std::vector<JSAMPLE>(static_cast<std::size_t>(width) * 3);
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        std::free(buffer);
        delete row;
        return {};
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(width);
    info.image_height = static_cast<JDIMENSION>(height);
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 92, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        const auto* in = reinterpret_cast<const std::uint32_t*>(
            pixels + static_cast<std::ptrdiff_t>(info.next_scanline) * stride);
        for (int x = 0; x < width; ++x) {
            (*row)[static_cast<std::size_t>(x) * 3] = static_cast<JSAMPLE>((in[x] >> 16) & 0xFF);
            (*row)[static_cast<std::size_t>(x) * 3 + 1] = static_cast<JSAMPLE>((in[x] >> 8) & 0xFF);
            (*row)[static_cast<std::size_t>(x) * 3 + 2] = static_cast<JSAMPLE>(in[x] & 0xFF);
        }
        JSAMPROW rows[1] = {row->data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    delete row;
    std::string out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return out;
}

// Whether a JPEG's frame has four components (CMYK or YCCK), from its SOF marker.
bool jpeg_is_cmyk(std::string_view bytes) {
    std::size_t i = 2;
    while (i + 4 <= bytes.size()) {
        if (static_cast<unsigned char>(bytes[i]) != 0xFF) return false;
        const unsigned marker = static_cast<unsigned char>(bytes[i + 1]);
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            i += 2;
            continue;
        }
        const std::size_t length =
            (static_cast<std::size_t>(static_cast<unsigned char>(bytes[i + 2])) << 8) |
            static_cast<unsigned char>(bytes[i + 3]);
        const bool frame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) return i + 9 < bytes.size() && static_cast<unsigned char>(bytes[i + 9]) == 4;
        i += 2 + length;
    }
    return false;
}

struct PngReader {
    std::string_view bytes;
    std::size_t at = 0;
};

cairo_status_t read_png_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* reader = static_cast<PngReader*>(closure);
    if (reader->bytes.size() - reader->at < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, reader->bytes.data() + reader->at, length);
    reader->at += length;
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

ImageSurface make_image_surface(const layout::LayoutImage& image, bool pixels) {
    ImageSurface made;
    if (image.format == LayoutImage::Format::jpeg && !pixels && !jpeg_is_cmyk(image.bytes)) {
        // Cairo's PDF surface embeds the JPEG from its MIME data and never reads these pixels,
        // so the surface is one pixel, scaled to the JPEG's size where it is drawn. A surface
        // of the JPEG's size costs its pixels' memory, and Cairo 1.16 copies them all when
        // the surface is destroyed (a snapshot outlives the PDF): 40 ms for 1600 × 1067.
        SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1));
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(ErrorCode::backend, image.source,
                        image.shown + ": Cairo cannot make a surface of its size");
        attach_mime_data(surface.get(), CAIRO_MIME_TYPE_JPEG, image.bytes);
        attach_mime_data(surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID, image.id);
        made.surface = std::move(surface);
        return made;
    }
    made.decoded = true;
    if (image.format == LayoutImage::Format::jpeg) {
        DecodedJpeg decoded = decode_jpeg(image.bytes);
        if (!decoded.surface)
            throw Error(ErrorCode::unsupported, image.source,
                        image.shown + " cannot be decoded: " + decoded.error);
        if (decoded.cmyk) {
            // Cairo would embed the CMYK bytes as if they were RGB: embed an RGB JPEG instead.
            const std::string rgb = encode_jpeg(decoded.surface.get());
            if (!rgb.empty()) {
                attach_mime_data(decoded.surface.get(), CAIRO_MIME_TYPE_JPEG, rgb);
                attach_mime_data(decoded.surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID, content_id(rgb));
            }
        } else {
            attach_mime_data(decoded.surface.get(), CAIRO_MIME_TYPE_JPEG, image.bytes);
            attach_mime_data(decoded.surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID, image.id);
        }
        made.surface = std::move(decoded.surface);
    } else {
        PngReader reader{image.bytes, 0};
        SurfacePtr surface(cairo_image_surface_create_from_png_stream(read_png_bytes, &reader));
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(ErrorCode::unsupported, image.source,
                        image.shown + " cannot be decoded: " +
                            cairo_status_to_string(cairo_surface_status(surface.get())));
        attach_mime_data(surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID, image.id);
        made.surface = std::move(surface);
    }
    return made;
}

void paint_upright(cairo_t* cr, cairo_surface_t* surface, int orientation, double upright_width,
                   double upright_height) {
    // iw × ih is the image as stored, uw × uh upright. The surface holds the stored pixels, or
    // one pixel when Cairo embeds the JPEG's own bytes.
    const bool turned = orientation >= 5 && orientation <= 8;
    const double uw = upright_width, uh = upright_height;
    const double iw = turned ? uh : uw, ih = turned ? uw : uh;
    cairo_save(cr);
    if (orientation > 1 && orientation <= 8) {
        // Stored pixel (px, py) → upright pixel, by the Exif orientation; the JPEG's bytes
        // still pass through as its MIME data.
        const Affine m = orientation_map(orientation);
        cairo_matrix_t turn;
        cairo_matrix_init(&turn, uw * m.xx / iw, uh * m.yx / iw, uw * m.xy / ih, uh * m.yy / ih,
                          uw * m.x0, uh * m.y0);
        cairo_transform(cr, &turn);
    }
    cairo_scale(cr, iw / cairo_image_surface_get_width(surface),
                ih / cairo_image_surface_get_height(surface));
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

cairo_surface_t* ImageSurfaces::surface(std::size_t index, bool pixels) {
    Entry& entry = surfaces_[index];
    if (entry.surface && (entry.decoded || !pixels)) return entry.surface.get();
    ImageSurface made = make_image_surface(catalog_[index], pixels);
    entry.surface = std::move(made.surface);
    entry.decoded = made.decoded;
    return entry.surface.get();
}

} // namespace galley::detail::print
