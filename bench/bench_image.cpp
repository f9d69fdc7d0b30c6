// Image benchmarks. Targets (issue 8): a web rendition (long edge 1600, quality 85) of a
// 1600×1067 JPEG in well under 100 ms, of a 6000×4000 JPEG in about 300 ms; reading a photo's
// IPTC/XMP metadata in well under a millisecond.
// Run: bench/run-bench.sh BM_Image (or build-…/bench/bench_image).
//
// The photos are made from samples/photos/harbour-regatta.jpg, mirrored to the size wanted,
// with grain added so that they compress (and decode) like camera pictures, at quality 90.
#include "galley/image.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <jpeglib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct Rgb {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels;
};

Rgb decode(const std::string& bytes) {
    jpeg_decompress_struct info;
    jpeg_error_mgr error;
    info.err = jpeg_std_error(&error);
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    Rgb rgb{static_cast<int>(info.output_width), static_cast<int>(info.output_height), {}};
    rgb.pixels.resize(static_cast<std::size_t>(rgb.width) * rgb.height * 3);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = &rgb.pixels[static_cast<std::size_t>(info.output_scanline) * rgb.width * 3];
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return rgb;
}

// A `width` × `height` JPEG of the sample photo, mirrored and grained.
std::string camera_like_jpeg(int width, int height) {
    static const Rgb sample =
        decode(read_file(std::string(GALLEY_SOURCE_DIR) + "/samples/photos/harbour-regatta.jpg"));
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * 3);
    jpeg_compress_struct info;
    jpeg_error_mgr error;
    info.err = jpeg_std_error(&error);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(width);
    info.image_height = static_cast<JDIMENSION>(height);
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 90, TRUE);
    jpeg_start_compress(&info, TRUE);
    std::uint32_t noise = 12345;
    const auto mirrored = [](int v, int n) {
        v %= 2 * n;
        return v < n ? v : 2 * n - 1 - v;
    };
    while (info.next_scanline < info.image_height) {
        const int sy = mirrored(static_cast<int>(info.next_scanline), sample.height);
        for (int x = 0; x < width; ++x) {
            const int sx = mirrored(x, sample.width);
            for (int c = 0; c < 3; ++c) {
                noise = noise * 1664525u + 1013904223u;
                const int grain = static_cast<int>(noise >> 28) - 8;
                const int v =
                    sample.pixels[(static_cast<std::size_t>(sy) * sample.width + sx) * 3 + c] +
                    grain;
                row[static_cast<std::size_t>(x) * 3 + c] =
                    static_cast<unsigned char>(v < 0     ? 0
                                               : v > 255 ? 255
                                                         : v);
            }
        }
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return out;
}

void BM_ImageWebRendition(benchmark::State& state) {
    const std::string photo =
        camera_like_jpeg(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = galley::web_rendition_jpeg(photo, "bench.jpg", 1600, 85).size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["input_bytes"] = static_cast<double>(photo.size());
    state.counters["output_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ImageWebRendition)
    ->Args({1600, 1067})
    ->Args({3000, 2000})
    ->Args({6000, 4000})
    ->Unit(benchmark::kMillisecond);

void BM_ImageMetadata(benchmark::State& state) {
    const std::string photo =
        read_file(std::string(GALLEY_SOURCE_DIR) + "/samples/photos/steppe-rail.jpg");
    for (auto _ : state) {
        galley::Warnings warnings;
        auto metadata = galley::read_image_metadata(photo, "steppe-rail.jpg", warnings);
        benchmark::DoNotOptimize(metadata);
    }
}
BENCHMARK(BM_ImageMetadata)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
