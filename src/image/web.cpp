// Web renditions: a photo decoded (libjpeg, libpng), scaled down with a Lanczos-3 filter,
// turned upright by its Exif orientation, and encoded as a baseline JPEG with optimised
// Huffman tables and no metadata — the same bytes for the same input, every time.
#include "galley/image.hpp"

#include "image/image_detail.hpp"

#include <cstdio>
#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <vector>

namespace galley {

namespace {

// Decoded pixels: 1 (grey) or 3 (RGB) 8-bit channels a pixel, rows packed.
struct Raster {
    int width = 0;
    int height = 0;
    int channels = 3;
    std::vector<unsigned char> pixels;
};

// libjpeg's working memory for one image (progressive JPEGs keep every coefficient).
constexpr long jpeg_memory_limit = 512L << 20;
// More scans than any encoder writes: a file with more is built to waste time.
constexpr int jpeg_scan_limit = 1000;

// libjpeg reports errors through a longjmp back into the function that started it.
struct JpegError {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpeg_error_exit(j_common_ptr info) {
    auto* error = reinterpret_cast<JpegError*>(info->err);
    (*info->err->format_message)(info, error->message);
    std::longjmp(error->jump, 1);
}

void jpeg_silence(j_common_ptr, int) {}

void jpeg_count_scans(j_common_ptr common) {
    auto* info = reinterpret_cast<j_decompress_ptr>(common);
    if (info->is_decompressor && info->input_scan_number > jpeg_scan_limit) {
        auto* error = reinterpret_cast<JpegError*>(info->err);
        std::snprintf(error->message, sizeof error->message,
                      "more than %d scans (a file made to waste time)", jpeg_scan_limit);
        std::longjmp(error->jump, 1);
    }
}

// The smallest libjpeg scale (num/8) whose long edge still has at least twice the pixels of
// `target`: the DCT does the first, cheap part of the reduction, the filter the rest.
int dct_scale(int long_edge, int target) {
    for (int num = 1; num < 8; ++num)
        if ((static_cast<long>(long_edge) * num + 7) / 8 >= 2L * target) return num;
    return 8;
}

// Decodes `bytes` at scale num/8 into `out` (grey stays grey; RGB, YCbCr, CMYK and YCCK
// become RGB). False, with `message`, when libjpeg fails. No C++ object is constructed
// between setjmp and a possible longjmp.
bool decode_jpeg(std::string_view bytes, int num, Raster& out, std::string& message,
                 std::vector<unsigned char>& row) {
    jpeg_decompress_struct info;
    JpegError error;
    jpeg_progress_mgr progress{};
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpeg_error_exit;
    error.manager.emit_message = jpeg_silence;
    error.message[0] = '\0';
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        message = error.message;
        return false;
    }
    jpeg_create_decompress(&info);
    info.mem->max_memory_to_use = jpeg_memory_limit;
    progress.progress_monitor = jpeg_count_scans;
    info.progress = &progress;
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    const bool cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    const bool grey = info.jpeg_color_space == JCS_GRAYSCALE;
    info.out_color_space = cmyk ? JCS_CMYK : grey ? JCS_GRAYSCALE : JCS_RGB;
    info.scale_num = static_cast<unsigned>(num);
    info.scale_denom = 8;
    info.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&info);
    out.width = static_cast<int>(info.output_width);
    out.height = static_cast<int>(info.output_height);
    out.channels = grey ? 1 : 3;
    const int components = info.output_components;
    try {
        out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * out.channels);
        row.resize(static_cast<std::size_t>(out.width) * components);
    } catch (...) {
        jpeg_destroy_decompress(&info);
        throw;
    }
    // Adobe writes CMYK JPEGs inverted (0 is full ink); others are not.
    const bool inverted = info.saw_Adobe_marker;
    while (info.output_scanline < info.output_height) {
        const std::size_t y = info.output_scanline;
        unsigned char* target = out.pixels.data() + y * out.width * out.channels;
        JSAMPROW rows[1] = {cmyk ? row.data() : target};
        jpeg_read_scanlines(&info, rows, 1);
        if (!cmyk) continue;
        for (int x = 0; x < out.width; ++x) {
            const unsigned char* p = row.data() + static_cast<std::size_t>(x) * 4;
            unsigned c = p[0], m = p[1], ye = p[2], k = p[3];
            if (!inverted) c = 255 - c, m = 255 - m, ye = 255 - ye, k = 255 - k;
            target[x * 3] = static_cast<unsigned char>((c * k + 127) / 255);
            target[x * 3 + 1] = static_cast<unsigned char>((m * k + 127) / 255);
            target[x * 3 + 2] = static_cast<unsigned char>((ye * k + 127) / 255);
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return true;
}

Raster decode_png(std::string_view bytes, const std::string& image_file) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size()))
        throw Error(ErrorCode::invalid, image_file,
                    std::string("the PNG cannot be decoded: ") + png.message);
    const bool colour = (png.format & PNG_FORMAT_FLAG_COLOR) != 0;
    png.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    Raster raster;
    raster.width = static_cast<int>(png.width);
    raster.height = static_cast<int>(png.height);
    raster.channels = colour ? 3 : 1;
    try {
        // Transparent parts over white (libpng composites onto the buffer and the background).
        raster.pixels.assign(PNG_IMAGE_SIZE(png), 0xFF);
    } catch (...) {
        png_image_free(&png);
        throw;
    }
    const png_color white{255, 255, 255};
    if (!png_image_finish_read(&png, &white, raster.pixels.data(), 0, nullptr))
        throw Error(ErrorCode::invalid, image_file,
                    std::string("the PNG cannot be decoded: ") + png.message);
    return raster;
}

// The taps of a one-dimensional Lanczos-3 reduction from `in` to `out` samples: for each
// output sample, the first input sample and the weights (summing to 1) from there on.
struct Taps {
    std::vector<int> first;
    std::vector<int> count;
    std::vector<float> weights; // `width` a sample, zero-padded
    int width = 0;
};

double lanczos3(double x) {
    x = std::abs(x);
    if (x < 1e-9) return 1;
    if (x >= 3) return 0;
    const double pi_x = std::numbers::pi * x;
    return 3 * std::sin(pi_x) * std::sin(pi_x / 3) / (pi_x * pi_x);
}

Taps lanczos_taps(int in, int out) {
    const double scale = static_cast<double>(in) / out; // ≥ 1: only reductions
    const double support = 3 * scale;
    Taps taps;
    taps.width = static_cast<int>(std::ceil(2 * support)) + 2;
    taps.first.resize(static_cast<std::size_t>(out));
    taps.count.resize(static_cast<std::size_t>(out));
    taps.weights.assign(static_cast<std::size_t>(out) * taps.width, 0.0f);
    std::vector<double> w(static_cast<std::size_t>(taps.width));
    for (int i = 0; i < out; ++i) {
        const double centre = (i + 0.5) * scale - 0.5;
        const int low = std::max(0, static_cast<int>(std::floor(centre - support)) + 1);
        const int high = std::min(in - 1, static_cast<int>(std::ceil(centre + support)) - 1);
        double sum = 0;
        int n = 0;
        for (int j = low; j <= high && n < taps.width; ++j, ++n) {
            w[static_cast<std::size_t>(n)] = lanczos3((j - centre) / scale);
            sum += w[static_cast<std::size_t>(n)];
        }
        taps.first[static_cast<std::size_t>(i)] = low;
        taps.count[static_cast<std::size_t>(i)] = n;
        for (int k = 0; k < n; ++k)
            taps.weights[static_cast<std::size_t>(i) * taps.width + k] =
                static_cast<float>(w[static_cast<std::size_t>(k)] / sum);
    }
    return taps;
}

unsigned char to_byte(float value) {
    return static_cast<unsigned char>(std::clamp(value + 0.5f, 0.0f, 255.0f));
}

// Lanczos-3 in both directions: each output row is first filtered vertically from the input
// rows (a loop over whole rows, which the compiler vectorises), then horizontally.
Raster resample(const Raster& in, int width, int height) {
    const Taps rows = lanczos_taps(in.height, height);
    const Taps columns = lanczos_taps(in.width, width);
    const int c = in.channels;
    const std::size_t in_row = static_cast<std::size_t>(in.width) * c;
    Raster out;
    out.width = width;
    out.height = height;
    out.channels = c;
    out.pixels.resize(static_cast<std::size_t>(width) * height * c);
    std::vector<float> line(in_row);
    for (int y = 0; y < height; ++y) {
        std::fill(line.begin(), line.end(), 0.0f);
        const float* wy = &rows.weights[static_cast<std::size_t>(y) * rows.width];
        for (int k = 0; k < rows.count[static_cast<std::size_t>(y)]; ++k) {
            const unsigned char* src =
                in.pixels.data() + (rows.first[static_cast<std::size_t>(y)] + k) * in_row;
            const float weight = wy[k];
            float* dst = line.data();
            for (std::size_t i = 0; i < in_row; ++i) dst[i] += weight * src[i];
        }
        unsigned char* target = out.pixels.data() + static_cast<std::size_t>(y) * width * c;
        for (int x = 0; x < width; ++x) {
            const float* wx = &columns.weights[static_cast<std::size_t>(x) * columns.width];
            const float* src = line.data() + columns.first[static_cast<std::size_t>(x)] * c;
            const int n = columns.count[static_cast<std::size_t>(x)];
            if (c == 3) {
                float r = 0, g = 0, b = 0;
                for (int k = 0; k < n; ++k) {
                    r += wx[k] * src[k * 3];
                    g += wx[k] * src[k * 3 + 1];
                    b += wx[k] * src[k * 3 + 2];
                }
                target[x * 3] = to_byte(r);
                target[x * 3 + 1] = to_byte(g);
                target[x * 3 + 2] = to_byte(b);
            } else {
                float v = 0;
                for (int k = 0; k < n; ++k) v += wx[k] * src[k];
                target[x] = to_byte(v);
            }
        }
    }
    return out;
}

// The raster turned as its Exif orientation (2–8) says, so that it is upright without it.
Raster upright(Raster in, int orientation) {
    if (orientation <= 1 || orientation > 8) return in;
    const bool swap = orientation >= 5;
    Raster out;
    out.width = swap ? in.height : in.width;
    out.height = swap ? in.width : in.height;
    out.channels = in.channels;
    out.pixels.resize(in.pixels.size());
    const int w = in.width, h = in.height, c = in.channels;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y;
            switch (orientation) {
            case 2: // mirrored
                sx = w - 1 - x;
                break;
            case 3: // turned 180°
                sx = w - 1 - x, sy = h - 1 - y;
                break;
            case 4: // flipped
                sy = h - 1 - y;
                break;
            case 5: // transposed
                sx = y, sy = x;
                break;
            case 6: // turned 90° clockwise
                sx = y, sy = h - 1 - x;
                break;
            case 7: // transversed
                sx = w - 1 - y, sy = h - 1 - x;
                break;
            case 8: // turned 90° anticlockwise
                sx = w - 1 - y, sy = x;
                break;
            default:
                break;
            }
            std::memcpy(&out.pixels[(static_cast<std::size_t>(y) * out.width + x) * c],
                        &in.pixels[(static_cast<std::size_t>(sy) * w + sx) * c],
                        static_cast<std::size_t>(c));
        }
    }
    return out;
}

// Baseline JPEG with optimised Huffman tables; libjpeg writes no time or other changing data.
bool encode_jpeg(const Raster& raster, int quality, std::string& out, std::string& message) {
    jpeg_compress_struct info;
    JpegError error;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = jpeg_error_exit;
    error.manager.emit_message = jpeg_silence;
    error.message[0] = '\0';
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        std::free(buffer);
        message = error.message;
        return false;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(raster.width);
    info.image_height = static_cast<JDIMENSION>(raster.height);
    info.input_components = raster.channels;
    info.in_color_space = raster.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    info.optimize_coding = TRUE;
    info.dct_method = JDCT_ISLOW;
    jpeg_start_compress(&info, TRUE);
    const std::size_t stride = static_cast<std::size_t>(raster.width) * raster.channels;
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1] = {
            const_cast<JSAMPLE*>(raster.pixels.data() + info.next_scanline * stride)};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    out.assign(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return true;
}

} // namespace

std::string web_rendition_jpeg(std::string_view bytes, const std::string& image_file, int long_edge,
                               int quality, const ImageLimits& limits) {
    if (long_edge < 1)
        throw Error(ErrorCode::usage, image_file,
                    "a web rendition's long edge must be at least 1 pixel");
    if (quality < 1 || quality > 100)
        throw Error(ErrorCode::usage, image_file, "JPEG quality must be between 1 and 100");
    const ImageInfo checked = detail::checked_image(bytes, "the image", image_file, limits);
    const ImageInfo* info = &checked;
    if (info->media_type != "image/jpeg" && info->media_type != "image/png")
        throw Error(ErrorCode::unsupported, image_file,
                    "web renditions are made from JPEG and PNG images, and this is " +
                        info->media_type + "; convert it to one of them first");

    // The size it ends at: the long edge `long_edge`, never larger than it is.
    const int longest = std::max(info->width, info->height);
    int width = info->width, height = info->height;
    if (longest > long_edge) {
        const double scale = static_cast<double>(long_edge) / longest;
        width = std::max(1, static_cast<int>(std::lround(info->width * scale)));
        height = std::max(1, static_cast<int>(std::lround(info->height * scale)));
    }

    Raster raster;
    int orientation = 1;
    if (info->media_type == "image/jpeg") {
        std::string message;
        std::vector<unsigned char> row;
        if (!decode_jpeg(bytes, dct_scale(longest, std::max(width, height)), raster, message, row))
            throw Error(ErrorCode::invalid, image_file, "the JPEG cannot be decoded: " + message);
        orientation = detail::jpeg_exif_orientation(bytes);
    } else {
        raster = decode_png(bytes, image_file);
    }
    // DCT scaling rounds up: the filter takes it from whatever size it gave to the target.
    if (raster.width != width || raster.height != height) raster = resample(raster, width, height);
    raster = upright(std::move(raster), orientation);

    std::string out, message;
    if (!encode_jpeg(raster, quality, out, message))
        throw Error(ErrorCode::backend, image_file, "the JPEG cannot be encoded: " + message);
    return out;
}

} // namespace galley
