// Advertisement artwork for editions (issue 16): a PDF ad's first page drawn as vectors (its
// text stays text: pdftotext finds it; no image is embedded: pdfimages lists none), PNG and
// JPEG ads (a JPEG passes into a PDF byte for byte), the natural size from the page or the
// stored resolution, fitting, centring and clipping to the box (checked on pixels), and each
// kind of bad file refused with its error code, naming the file as the manifest does.
#include "edition/ads.hpp"

#include "galley/error.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cstdio>
#include <jpeglib.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace test = galley::test;
using galley::Error;
using galley::ErrorCode;
using galley::detail::edition::AdArtwork;
using test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// ---------------------------------------------------------------------------------------------
// Artwork made for the tests

// A one-page PDF of `width` × `height` points that Cairo writes as `draw` draws it.
std::string cairo_pdf(double width, double height, const std::function<void(cairo_t*)>& draw) {
    std::string bytes;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &bytes, width, height);
    cairo_t* cr = cairo_create(surface);
    draw(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    EXPECT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
    return bytes;
}

// The advertisement of the vector tests: a frame, a disc and two lines of real text.
std::string spring_sale_pdf() {
    return cairo_pdf(300, 150, [](cairo_t* cr) {
        cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
        cairo_set_line_width(cr, 4);
        cairo_rectangle(cr, 5, 5, 290, 140);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.2, 0.8);
        cairo_arc(cr, 250, 75, 30, 0, 6.283185307);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr, 24);
        cairo_move_to(cr, 20, 60);
        cairo_show_text(cr, "SPRING SALE");
        cairo_set_font_size(cr, 14);
        cairo_move_to(cr, 20, 100);
        cairo_show_text(cr, "Hardware Emporium");
    });
}

// A PDF written by hand from its objects (numbered from 1; object 1 is the catalog), with a
// correct cross-reference table.
std::string handmade_pdf(const std::vector<std::string>& objects) {
    std::string out = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t offset : offsets) {
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        out += entry;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

// One page of `width` × `height` points whose content stream is `content`.
std::string page_pdf(int width, int height, const std::string& content) {
    return handmade_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(width) +
                             " " + std::to_string(height) + "] /Contents 4 0 R >>",
                         "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" +
                             content + "\nendstream"});
}

// A PNG of `width` × `height` pixels; `paint(x)` gives the colour of column x as 0xRRGGBB.
std::string png_of(int width, int height, const std::function<std::uint32_t(int)>& paint) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_surface_flush(surface);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            reinterpret_cast<std::uint32_t*>(data + y * stride)[x] = 0xFF000000u | paint(x);
    cairo_surface_mark_dirty(surface);
    std::string bytes;
    EXPECT_EQ(cairo_surface_write_to_png_stream(surface, append, &bytes), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
    return bytes;
}

std::string solid_png(int width, int height, std::uint32_t rgb) {
    return png_of(width, height, [rgb](int) { return rgb; });
}

std::uint32_t crc32_of(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

std::string big_endian32(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
            static_cast<char>(value >> 8), static_cast<char>(value)};
}

// `png` with a pHYs chunk (pixels per metre, unit metre) after its IHDR.
std::string with_phys(const std::string& png, std::uint32_t per_metre) {
    const std::string data = big_endian32(per_metre) + big_endian32(per_metre) + '\x01';
    const std::string chunk = "pHYs" + data;
    const std::size_t after_ihdr = 8 + 4 + 4 + 13 + 4;
    return png.substr(0, after_ihdr) + big_endian32(9) + chunk + big_endian32(crc32_of(chunk)) +
           png.substr(after_ihdr);
}

// A JPEG of `width` × `height` pixels at quality 95; `paint(x)` as for png_of. With a JFIF
// header of `jfif_units` (0 aspect ratio only, 1 per inch, 2 per cm) and `density`, or none
// when jfif_units is negative.
std::string jpeg_of(int width, int height, const std::function<std::uint32_t(int)>& paint,
                    int jfif_units = 0, int density = 1) {
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
    jpeg_set_quality(&info, 95, TRUE);
    info.write_JFIF_header = jfif_units >= 0 ? TRUE : FALSE;
    info.density_unit = static_cast<UINT8>(jfif_units >= 0 ? jfif_units : 0);
    info.X_density = info.Y_density = static_cast<UINT16>(density);
    jpeg_start_compress(&info, TRUE);
    std::vector<JSAMPLE> row(static_cast<std::size_t>(width) * 3);
    while (info.next_scanline < info.image_height) {
        for (int x = 0; x < width; ++x) {
            const std::uint32_t rgb = paint(x);
            row[static_cast<std::size_t>(x) * 3] = static_cast<JSAMPLE>(rgb >> 16);
            row[static_cast<std::size_t>(x) * 3 + 1] = static_cast<JSAMPLE>(rgb >> 8);
            row[static_cast<std::size_t>(x) * 3 + 2] = static_cast<JSAMPLE>(rgb);
        }
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string bytes(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return bytes;
}

// `jpeg` with an Exif APP1 segment right after its SOI: IFD0 with Orientation, XResolution
// and YResolution (`ppi` / 1) and ResolutionUnit `unit` (2 inch, 3 cm).
std::string with_exif(const std::string& jpeg, int orientation, std::uint32_t ppi, int unit) {
    const auto u16 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v >> 8), static_cast<char>(v)};
    };
    const std::uint32_t entries = 4;
    const std::uint32_t data = 8 + 2 + entries * 12 + 4; // where the rationals go
    std::string tiff = std::string("MM\0\x2A", 4) + big_endian32(8) + u16(entries);
    tiff += u16(0x0112) + u16(3) + big_endian32(1) + u16(orientation) + u16(0);
    tiff += u16(0x011A) + u16(5) + big_endian32(1) + big_endian32(data);
    tiff += u16(0x011B) + u16(5) + big_endian32(1) + big_endian32(data + 8);
    tiff += u16(0x0128) + u16(3) + big_endian32(1) + u16(unit) + u16(0);
    tiff += big_endian32(0); // no next IFD
    tiff += big_endian32(ppi) + big_endian32(1) + big_endian32(ppi) + big_endian32(1);
    const std::string segment = std::string("Exif\0\0", 6) + tiff;
    return jpeg.substr(0, 2) + "\xFF\xE1" + u16(static_cast<std::uint32_t>(segment.size() + 2)) +
           segment + jpeg.substr(2);
}

fs::path save(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const fs::path path = dir / name;
    test::write_file(path, bytes);
    return path;
}

// ---------------------------------------------------------------------------------------------
// Drawing

// A white canvas of `width` × `height` pixels (1 pixel = 1 point) with `artwork` drawn into
// the box.
struct Canvas {
    cairo_surface_t* surface = nullptr;
    Canvas(int width, int height) {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
        cairo_t* cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_destroy(cr);
    }
    ~Canvas() { cairo_surface_destroy(surface); }
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    void draw(const AdArtwork& artwork, double x, double y, double width, double height) {
        cairo_t* cr = cairo_create(surface);
        artwork.draw(cr, x, y, width, height);
        EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
        cairo_surface_flush(surface);
    }
    std::uint32_t at(int x, int y) const {
        const unsigned char* data = cairo_image_surface_get_data(surface);
        const int stride = cairo_image_surface_get_stride(surface);
        return reinterpret_cast<const std::uint32_t*>(data + y * stride)[x] & 0xFFFFFFu;
    }
};

// Whether `rgb` is within 24 of `expected` in each channel (JPEG and antialiasing).
bool near(std::uint32_t rgb, std::uint32_t expected) {
    for (int shift : {16, 8, 0}) {
        const int a = static_cast<int>((rgb >> shift) & 0xFF);
        const int b = static_cast<int>((expected >> shift) & 0xFF);
        if (a - b > 24 || b - a > 24) return false;
    }
    return true;
}

constexpr std::uint32_t white = 0xFFFFFF, red = 0xFF0000, blue = 0x0000FF, green = 0x00C000;

::testing::AssertionResult colour_at(const Canvas& canvas, int x, int y, std::uint32_t expected) {
    const std::uint32_t got = canvas.at(x, y);
    if (near(got, expected)) return ::testing::AssertionSuccess();
    char message[96];
    std::snprintf(message, sizeof message, "pixel (%d, %d) is #%06X, not #%06X", x, y,
                  static_cast<unsigned>(got), static_cast<unsigned>(expected));
    return ::testing::AssertionFailure() << message;
}

// A PDF page of 600 × 800 points with `artwork` drawn into the box, written to `path`.
void draw_into_pdf(const AdArtwork& artwork, const fs::path& path, double x, double y, double width,
                   double height) {
    test::write_file(path, cairo_pdf(600, 800, [&](cairo_t* cr) {
                         artwork.draw(cr, x, y, width, height);
                         EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
                     }));
}

// The rows of `pdfimages -list` that describe images (after its two header lines).
std::vector<std::string> listed_images(const fs::path& pdf) {
    const test::CommandResult list =
        test::run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
    EXPECT_EQ(list.status, 0) << list.err;
    std::vector<std::string> rows;
    std::size_t start = 0;
    for (int line = 0; start < list.out.size(); ++line) {
        std::size_t end = list.out.find('\n', start);
        if (end == std::string::npos) end = list.out.size();
        if (line >= 2 && end > start) rows.push_back(list.out.substr(start, end - start));
        start = end + 1;
    }
    return rows;
}

// ---------------------------------------------------------------------------------------------
// PDF artwork

TEST(EditionAds, PdfAdKeepsItsTextAndStaysVector) {
    TempDir dir;
    const AdArtwork ad =
        AdArtwork::load(save(dir, "spring.pdf", spring_sale_pdf()), "ads/spring.pdf");
    EXPECT_TRUE(ad.vector());
    EXPECT_DOUBLE_EQ(ad.width(), 300);
    EXPECT_DOUBLE_EQ(ad.height(), 150);

    const fs::path page = dir / "page.pdf";
    draw_into_pdf(ad, page, 50, 100, 200, 200);
    const test::CommandResult text =
        test::run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", page.string(), "-"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_TRUE(contains(text.out, "SPRING SALE")) << text.out;
    EXPECT_TRUE(contains(text.out, "Hardware Emporium")) << text.out;
    // Drawn as paths and glyphs: nothing was turned into pixels.
    EXPECT_TRUE(listed_images(page).empty());
    // Where the text went: at 2/3 scale the ad is 200 × 100, centred down the box from
    // y = 150, so "SPRING SALE" starts at x = 50 + 20 × 2/3 on the baseline y = 150 + 60 × 2/3.
    const test::CommandResult bbox =
        test::run_command({"/usr/bin/pdftotext", "-bbox", "-enc", "UTF-8", page.string(), "-"});
    ASSERT_EQ(bbox.status, 0) << bbox.err;
    const std::size_t word = bbox.out.find(">SPRING<");
    ASSERT_NE(word, std::string::npos) << bbox.out;
    const std::size_t tag = bbox.out.rfind("<word", word);
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    ASSERT_EQ(std::sscanf(bbox.out.c_str() + tag,
                          "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x_min,
                          &y_min, &x_max, &y_max),
              4)
        << bbox.out.substr(tag, 120);
    EXPECT_NEAR(x_min, 50 + 20 * 2.0 / 3, 2.0);
    EXPECT_LT(y_min, 190 - 10); // capitals 16 points high
    EXPECT_GT(y_max, 190);      // and the font's descent below the baseline
    EXPECT_LT(y_max, 190 + 6);
}

TEST(EditionAds, PdfAdIsScaledToFitAndCentred) {
    TempDir dir;
    // A red page of 200 × 100 points.
    const AdArtwork ad = AdArtwork::load(
        save(dir, "red.pdf", page_pdf(200, 100, "1 0 0 rg 0 0 200 100 re f")), "red.pdf");
    EXPECT_DOUBLE_EQ(ad.width(), 200);
    EXPECT_DOUBLE_EQ(ad.height(), 100);

    // Into a square box: half the size, 100 × 50, centred down the box (y 35–85).
    Canvas square(120, 120);
    square.draw(ad, 10, 10, 100, 100);
    EXPECT_TRUE(colour_at(square, 60, 60, red));
    EXPECT_TRUE(colour_at(square, 12, 37, red));
    EXPECT_TRUE(colour_at(square, 107, 82, red));
    EXPECT_TRUE(colour_at(square, 60, 32, white));
    EXPECT_TRUE(colour_at(square, 60, 88, white));
    EXPECT_TRUE(colour_at(square, 60, 15, white));
    EXPECT_TRUE(colour_at(square, 5, 60, white));
    EXPECT_TRUE(colour_at(square, 115, 60, white));

    // Into a wide box: 0.4 of the size, 80 × 40, centred across the box (x 20–100).
    Canvas wide(120, 60);
    wide.draw(ad, 10, 10, 100, 40);
    EXPECT_TRUE(colour_at(wide, 22, 30, red));
    EXPECT_TRUE(colour_at(wide, 97, 30, red));
    EXPECT_TRUE(colour_at(wide, 60, 12, red));
    EXPECT_TRUE(colour_at(wide, 60, 47, red));
    EXPECT_TRUE(colour_at(wide, 15, 30, white));
    EXPECT_TRUE(colour_at(wide, 105, 30, white));

    // A box of no size draws nothing.
    Canvas none(40, 40);
    none.draw(ad, 0, 0, 0, 40);
    none.draw(ad, 0, 0, 40, -5);
    EXPECT_TRUE(colour_at(none, 20, 20, white));
}

TEST(EditionAds, PdfAdIsClippedToItsBox) {
    TempDir dir;
    // Paint that spills far past the page on every side. (poppler clips to the crop box by
    // itself; draw() clips to the box as well, so that the promise does not rest on that.)
    const AdArtwork ad = AdArtwork::load(
        save(dir, "spill.pdf", page_pdf(100, 100, "1 0 0 rg -1000 -1000 3000 3000 re f")),
        "spill.pdf");
    Canvas canvas(120, 120);
    canvas.draw(ad, 40, 40, 40, 40);
    EXPECT_TRUE(colour_at(canvas, 60, 60, red));
    for (const auto& [x, y] : std::vector<std::pair<int, int>>{
             {20, 60}, {100, 60}, {60, 20}, {60, 100}, {37, 37}, {83, 83}})
        EXPECT_TRUE(colour_at(canvas, x, y, white)) << x << ", " << y;
}

TEST(EditionAds, PdfAdUsesItsFirstPageTurnedByRotate) {
    TempDir dir;
    // Two pages: the first is 100 × 300 turned a quarter (so 300 wide, 100 high), blue; the
    // second red.
    const std::string blue_fill = "0 0 1 rg 0 0 100 300 re f";
    const std::string red_fill = "1 0 0 rg 0 0 500 500 re f";
    const std::string pdf = handmade_pdf(
        {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 300] /Rotate 90 /Contents 4 0 R >>",
         "<< /Length " + std::to_string(blue_fill.size()) + " >>\nstream\n" + blue_fill +
             "\nendstream",
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 500 500] /Contents 6 0 R >>",
         "<< /Length " + std::to_string(red_fill.size()) + " >>\nstream\n" + red_fill +
             "\nendstream"});
    const AdArtwork ad = AdArtwork::load(save(dir, "two.pdf", pdf), "two.pdf");
    EXPECT_DOUBLE_EQ(ad.width(), 300);
    EXPECT_DOUBLE_EQ(ad.height(), 100);
    Canvas canvas(150, 150);
    canvas.draw(ad, 0, 0, 150, 150); // 150 × 50, y 50–100
    EXPECT_TRUE(colour_at(canvas, 75, 75, blue));
    EXPECT_TRUE(colour_at(canvas, 5, 52, blue));
    EXPECT_TRUE(colour_at(canvas, 75, 45, white));
    EXPECT_TRUE(colour_at(canvas, 75, 105, white));
}

// ---------------------------------------------------------------------------------------------
// Image artwork

TEST(EditionAds, PngAdDrawsAtItsStoredResolution) {
    TempDir dir;
    const std::string png = solid_png(40, 20, blue);
    const AdArtwork ad = AdArtwork::load(save(dir, "blue.png", png), "blue.png");
    EXPECT_FALSE(ad.vector());
    // No pHYs: 72 pixels per inch.
    EXPECT_DOUBLE_EQ(ad.width(), 40);
    EXPECT_DOUBLE_EQ(ad.height(), 20);

    Canvas canvas(80, 80);
    canvas.draw(ad, 0, 0, 80, 80); // twice the size, 80 × 40, y 20–60
    EXPECT_TRUE(colour_at(canvas, 40, 40, blue));
    EXPECT_TRUE(colour_at(canvas, 2, 22, blue));
    EXPECT_TRUE(colour_at(canvas, 77, 57, blue));
    EXPECT_TRUE(colour_at(canvas, 40, 17, white));
    EXPECT_TRUE(colour_at(canvas, 40, 63, white));

    // 5669 pixels per metre is 144 pixels per inch: half the size in points.
    const AdArtwork dense =
        AdArtwork::load(save(dir, "dense.png", with_phys(png, 5669)), "dense.png");
    EXPECT_NEAR(dense.width(), 20, 0.01);
    EXPECT_NEAR(dense.height(), 10, 0.01);
}

TEST(EditionAds, JpegAdDrawsAndPassesIntoAPdfUnchanged) {
    TempDir dir;
    const std::string jpeg = jpeg_of(60, 30, [](int) { return green; });
    const AdArtwork ad = AdArtwork::load(save(dir, "green.jpg", jpeg), "green.jpg");
    EXPECT_FALSE(ad.vector());
    EXPECT_DOUBLE_EQ(ad.width(), 60); // JFIF gives only an aspect ratio: 72 ppi
    EXPECT_DOUBLE_EQ(ad.height(), 30);

    Canvas canvas(60, 60);
    canvas.draw(ad, 0, 0, 60, 60); // 60 × 30, y 15–45
    EXPECT_TRUE(colour_at(canvas, 30, 30, green));
    EXPECT_TRUE(colour_at(canvas, 30, 12, white));
    EXPECT_TRUE(colour_at(canvas, 30, 48, white));

    // Into a PDF the JPEG goes as it is: one DCT image whose bytes are the file's.
    const fs::path page = dir / "page.pdf";
    draw_into_pdf(ad, page, 100, 100, 300, 300);
    const std::vector<std::string> images = listed_images(page);
    ASSERT_EQ(images.size(), 1u);
    EXPECT_TRUE(contains(images[0], " jpeg ")) << images[0];
    const test::CommandResult extract =
        test::run_command({"/usr/bin/pdfimages", "-j", page.string(), (dir / "out").string()});
    ASSERT_EQ(extract.status, 0) << extract.err;
    EXPECT_EQ(test::read_file(dir / "out-000.jpg"), jpeg);
}

TEST(EditionAds, JpegResolutionAndOrientation) {
    TempDir dir;
    const auto red_then_blue = [](int x) { return x < 30 ? red : blue; };
    // JFIF: 300 dots per inch; 118 dots per cm (299.72 per inch).
    const AdArtwork inch =
        AdArtwork::load(save(dir, "inch.jpg", jpeg_of(60, 30, red_then_blue, 1, 300)), "inch.jpg");
    EXPECT_NEAR(inch.width(), 14.4, 0.001);
    EXPECT_NEAR(inch.height(), 7.2, 0.001);
    const AdArtwork cm =
        AdArtwork::load(save(dir, "cm.jpg", jpeg_of(60, 30, red_then_blue, 2, 118)), "cm.jpg");
    EXPECT_NEAR(cm.width(), 60 * 72 / (118 * 2.54), 0.001);

    // No JFIF, Exif: 144 ppi, turned a quarter clockwise (orientation 6): upright it is 30
    // pixels wide and 60 high, 15 × 30 points, its left half (red) on top.
    const std::string turned = with_exif(jpeg_of(60, 30, red_then_blue, -1), 6, 144, 2);
    const AdArtwork ad = AdArtwork::load(save(dir, "turned.jpg", turned), "turned.jpg");
    EXPECT_NEAR(ad.width(), 15, 0.001);
    EXPECT_NEAR(ad.height(), 30, 0.001);
    Canvas canvas(60, 60);
    canvas.draw(ad, 0, 0, 60, 60); // 30 × 60, x 15–45
    EXPECT_TRUE(colour_at(canvas, 30, 10, red));
    EXPECT_TRUE(colour_at(canvas, 30, 50, blue));
    EXPECT_TRUE(colour_at(canvas, 10, 30, white));
    EXPECT_TRUE(colour_at(canvas, 50, 30, white));
}

TEST(EditionAds, CopiesShareTheArtwork) {
    TempDir dir;
    std::vector<AdArtwork> copies;
    {
        const AdArtwork pdf = AdArtwork::load(
            save(dir, "red.pdf", page_pdf(10, 10, "1 0 0 rg 0 0 10 10 re f")), "red.pdf");
        const AdArtwork png =
            AdArtwork::load(save(dir, "blue.png", solid_png(10, 10, blue)), "blue.png");
        copies = {pdf, png};
    }
    fs::remove_all(dir.path() / "red.pdf");
    fs::remove_all(dir.path() / "blue.png");
    AdArtwork moved = std::move(copies[1]);
    Canvas canvas(40, 20);
    canvas.draw(copies[0], 0, 0, 20, 20);
    canvas.draw(moved, 20, 0, 20, 20);
    EXPECT_TRUE(colour_at(canvas, 10, 10, red));
    EXPECT_TRUE(colour_at(canvas, 30, 10, blue));
    // What was moved from draws nothing (and does not crash).
    Canvas empty(20, 20);
    empty.draw(copies[1], 0, 0, 20, 20); // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(colour_at(empty, 10, 10, white));
}

// ---------------------------------------------------------------------------------------------
// Refused files

// The error loading `bytes` (written to a file named as the manifest names it) gives.
Error load_error(const std::string& bytes, const std::string& name = "ads/bad.dat") {
    TempDir dir;
    const fs::path path = save(dir, "file", bytes);
    try {
        AdArtwork::load(path, name);
    } catch (const Error& error) {
        return error;
    }
    ADD_FAILURE() << name << " was accepted";
    return Error(ErrorCode::internal, "", "accepted");
}

void expect_error(const Error& error, ErrorCode code, const std::string& name,
                  const std::string& words) {
    EXPECT_EQ(error.code(), code) << error.what();
    EXPECT_EQ(error.file(), name);
    EXPECT_TRUE(contains(error.what(), name)) << error.what();
    EXPECT_TRUE(contains(error.message(), words)) << error.what();
}

TEST(EditionAds, MissingFileIsAnIoError) {
    TempDir dir;
    try {
        AdArtwork::load(dir / "nowhere.pdf", "ads/nowhere.pdf");
        FAIL() << "a missing file was accepted";
    } catch (const Error& error) {
        expect_error(error, ErrorCode::io, "ads/nowhere.pdf", "not found");
    }
    try {
        AdArtwork::load(dir.path(), "ads/");
        FAIL() << "a folder was accepted";
    } catch (const Error& error) {
        expect_error(error, ErrorCode::io, "ads/", "folder");
    }
}

TEST(EditionAds, OtherFormatsAreUnsupported) {
    const std::string gif = std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13) +
                            std::string("\xFF\xFF\xFF\x00\x00\x00", 6) +
                            std::string("\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3B", 16);
    expect_error(load_error(gif, "ads/shoes.gif"), ErrorCode::unsupported, "ads/shoes.gif", "GIF");
    expect_error(load_error("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "ads/logo.svg"),
                 ErrorCode::unsupported, "ads/logo.svg", "SVG");
    expect_error(load_error("Half-page ad: Spring Sale at Hardware Emporium.\n", "ads/copy.txt"),
                 ErrorCode::unsupported, "ads/copy.txt", "PDF");
    // A PDF's signature further in is not a PDF.
    expect_error(load_error("junk\n" + page_pdf(10, 10, ""), "ads/late.pdf"),
                 ErrorCode::unsupported, "ads/late.pdf", "PDF");
    expect_error(load_error("", "ads/empty.pdf"), ErrorCode::empty_input, "ads/empty.pdf", "empty");
}

TEST(EditionAds, DamagedPdfsAreInvalid) {
    const std::string whole = spring_sale_pdf();
    expect_error(load_error(whole.substr(0, whole.size() / 2), "ads/cut.pdf"), ErrorCode::invalid,
                 "ads/cut.pdf", "cut short");
    // Only its last line gone.
    expect_error(load_error(whole.substr(0, whole.rfind("%%EOF")), "ads/cut.pdf"),
                 ErrorCode::invalid, "ads/cut.pdf", "cut short");
    expect_error(load_error("%PDF-1.4\nthis is not a document at all\n%%EOF\n", "ads/junk.pdf"),
                 ErrorCode::invalid, "ads/junk.pdf", "damaged PDF");
    const std::string no_pages =
        handmade_pdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"});
    expect_error(load_error(no_pages, "ads/blank.pdf"), ErrorCode::invalid, "ads/blank.pdf",
                 "no pages");
}

TEST(EditionAds, EncryptedPdfIsInvalid) {
    TempDir dir;
    const fs::path plain = save(dir, "plain.pdf", page_pdf(10, 10, "1 0 0 rg 0 0 10 10 re f"));
    const fs::path locked = dir / "locked.pdf";
    const test::CommandResult encrypt =
        test::run_command({"/usr/bin/qpdf", "--encrypt", "reader-secret", "owner-secret", "256",
                           "--", plain.string(), locked.string()});
    ASSERT_EQ(encrypt.status, 0) << encrypt.err;
    expect_error(load_error(test::read_file(locked), "ads/locked.pdf"), ErrorCode::invalid,
                 "ads/locked.pdf", "password");
    // With an owner password only, it opens without one, and draws.
    const fs::path restricted = dir / "restricted.pdf";
    ASSERT_EQ(test::run_command({"/usr/bin/qpdf", "--encrypt", "", "owner-secret", "256", "--",
                                 plain.string(), restricted.string()})
                  .status,
              0);
    const AdArtwork ad = AdArtwork::load(restricted, "ads/restricted.pdf");
    Canvas canvas(10, 10);
    canvas.draw(ad, 0, 0, 10, 10);
    EXPECT_TRUE(colour_at(canvas, 5, 5, red));
}

TEST(EditionAds, DamagedImagesAreInvalid) {
    std::string png = solid_png(20, 20, red);
    png[png.size() - 20] = static_cast<char>(png[png.size() - 20] ^ 0x55); // in IDAT: bad CRC
    expect_error(load_error(png, "ads/bad.png"), ErrorCode::invalid, "ads/bad.png", "damaged");
    const std::string jpeg = jpeg_of(20, 20, [](int) { return red; });
    expect_error(load_error(jpeg.substr(0, jpeg.size() / 2), "ads/cut.jpg"), ErrorCode::invalid,
                 "ads/cut.jpg", "damaged");
}

} // namespace
