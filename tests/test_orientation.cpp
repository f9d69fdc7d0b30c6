// Exif orientation, all eight values, everywhere: photos are made at test time with the same
// upright picture (a landscape blue photo with a red block in its top-left corner) stored as
// each orientation needs, then the PDF, the print layout (PDF and PNG proofs), the EPUB, the
// press kit's web rendition and the model must all show it upright.
#include "galley/image.hpp"
#include "galley/read.hpp"

#include "image/image_detail.hpp"
#include "image/placement.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
namespace test = galley::test;
using test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The upright picture is 1200 × 800; the red block covers its top-left 480 × 200 (40% of the
// width, 25% of the height, so that a transposed picture squeezed into the upright box is
// told apart too).
constexpr int photo_width = 1200, photo_height = 800;

// What ImageMagick does to the upright picture to store it for orientation N: the inverse of
// the turn a viewer makes when it reads the tag.
const char* const stored_as[9] = {
    nullptr,
    nullptr,       // 1: as it is
    "-flop",       // 2: mirrored
    "-rotate 180", // 3
    "-flip",       // 4: flipped
    "-transpose",  // 5
    "-rotate -90", // 6: a viewer turns it 90° clockwise
    "-transverse", // 7
    "-rotate 90",  // 8: a viewer turns it 90° anticlockwise
};

void run_ok(const std::vector<std::string>& argv) {
    const test::CommandResult r = test::run_command(argv);
    ASSERT_EQ(r.status, 0) << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << ": " << r.err
                           << r.out;
}

// Decoded RGB pixels.
struct Raster {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    const unsigned char* at(int x, int y) const {
        return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
    }
};

// A binary PPM (P6, maxval 255), as pdftoppm and ImageMagick write it.
Raster read_ppm(const fs::path& path) {
    const std::string bytes = test::read_file(path);
    Raster raster;
    std::size_t i = 0;
    const auto token = [&]() {
        while (i < bytes.size()) {
            if (bytes[i] == '#') {
                while (i < bytes.size() && bytes[i] != '\n') ++i;
            } else if (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' ||
                       bytes[i] == '\t') {
                ++i;
            } else {
                break;
            }
        }
        const std::size_t start = i;
        while (i < bytes.size() && !std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
        return bytes.substr(start, i - start);
    };
    if (token() != "P6") return raster;
    const int width = std::stoi(token());
    const int height = std::stoi(token());
    if (token() != "255") return raster;
    ++i; // the one whitespace after maxval
    const std::size_t size = static_cast<std::size_t>(width) * height * 3;
    if (bytes.size() - i < size) return raster;
    raster.width = width;
    raster.height = height;
    raster.rgb.assign(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                      bytes.begin() + static_cast<std::ptrdiff_t>(i + size));
    return raster;
}

// Page 1 of a PDF rendered by poppler.
Raster render_pdf(const fs::path& pdf, const fs::path& work, int dpi = 20) {
    const fs::path prefix = work / (pdf.stem().string() + "-render");
    run_ok({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-f", "1", "-l", "1", "-singlefile",
            pdf.string(), prefix.string()});
    return read_ppm(prefix.string() + ".ppm");
}

// Any image file decoded by ImageMagick, as stored (ImageMagick does not apply the Exif
// orientation unless told to).
Raster decode(const fs::path& image, const fs::path& work) {
    const fs::path out = work / (image.filename().string() + ".ppm");
    run_ok({"/usr/bin/convert", image.string(), "ppm:" + out.string()});
    return read_ppm(out);
}

bool is_red(const unsigned char* p) {
    return p[0] > 190 && p[1] < 90 && p[2] < 90;
}
bool is_blue(const unsigned char* p) {
    return p[2] > 190 && p[0] < 90 && p[1] < 90;
}

struct Box {
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1; // inclusive
    int count = 0;
    void add(int x, int y) {
        x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        ++count;
    }
    int width() const { return x1 - x0 + 1; }
    int height() const { return y1 - y0 + 1; }
};

// What is wrong with the photo (its blue and red pixels) and its red block for an upright
// picture, which is a landscape photo with the red block in its top-left corner, 40% of its
// width and 25% of its height: "" when nothing is.
std::string upright_problem(const Raster& raster) {
    if (raster.width <= 0) return "nothing decoded";
    Box photo, red;
    for (int y = 0; y < raster.height; ++y)
        for (int x = 0; x < raster.width; ++x) {
            const unsigned char* p = raster.at(x, y);
            if (is_red(p)) {
                red.add(x, y);
                photo.add(x, y);
            } else if (is_blue(p)) {
                photo.add(x, y);
            }
        }
    if (photo.count < 200) return "no photo found";
    if (red.count < 20) return "no red block found";
    const std::string size = " (photo " + std::to_string(photo.width()) + "×" +
                             std::to_string(photo.height()) + " at " + std::to_string(photo.x0) +
                             "," + std::to_string(photo.y0) + ", red " +
                             std::to_string(red.width()) + "×" + std::to_string(red.height()) +
                             " at " + std::to_string(red.x0) + "," + std::to_string(red.y0) + ")";
    if (photo.width() < photo.height() * 1.3) return "the photo is not landscape" + size;
    const int tolerance = std::max(2, photo.width() / 40);
    if (std::abs(red.x0 - photo.x0) > tolerance) return "the red block is not at the left" + size;
    if (std::abs(red.y0 - photo.y0) > tolerance) return "the red block is not at the top" + size;
    const double across = static_cast<double>(red.width()) / photo.width();
    const double down = static_cast<double>(red.height()) / photo.height();
    if (std::abs(across - 0.4) > 0.06 || std::abs(down - 0.25) > 0.06)
        return "the red block is not 40% across and 25% down" + size;
    // The other corners are blue.
    if (!is_blue(raster.at(photo.x1 - tolerance, photo.y0 + tolerance)) ||
        !is_blue(raster.at(photo.x0 + tolerance, photo.y1 - tolerance)) ||
        !is_blue(raster.at(photo.x1 - tolerance, photo.y1 - tolerance)))
        return "a corner other than the top-left one is not blue" + size;
    return "";
}

void expect_upright(const Raster& raster, const std::string& what) {
    EXPECT_EQ(upright_problem(raster), "") << what;
}

// An image placed in a PDF, as `pdfimages -list` gives it.
struct PlacedImage {
    int width = 0, height = 0;
    std::string encoding;
};

std::vector<PlacedImage> placed_images(const fs::path& pdf) {
    const test::CommandResult list =
        test::run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
    EXPECT_EQ(list.status, 0) << list.err;
    std::vector<PlacedImage> images;
    std::istringstream lines(list.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string field; fields >> field;) f.push_back(field);
        // page num type width height color comp bpc enc …
        if (f.size() < 9 || f[2] != "image") continue;
        images.push_back({std::stoi(f[3]), std::stoi(f[4]), f[8]});
    }
    return images;
}

std::string name(int n) {
    return "o" + std::to_string(n);
}

// The eight photos, an article for each, and every output made once for the whole suite.
class Orientation : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<TempDir>();
        const TempDir& dir = *dir_;
        fs::create_directories(dir / "articles");
        fs::create_directories(dir / "work");
        const fs::path upright = dir / "work/upright.jpg";
        run_ok({"/usr/bin/convert", "-size",
                std::to_string(photo_width) + "x" + std::to_string(photo_height), "xc:#0000ff",
                "-fill", "#ff0000", "-draw", "rectangle 0,0 479,199", "-quality", "95",
                upright.string()});
        for (int n = 1; n <= 8; ++n) {
            const fs::path photo = dir / "articles" / (name(n) + ".jpg");
            std::vector<std::string> argv = {"/usr/bin/convert", upright.string()};
            if (stored_as[n]) {
                const std::string op = stored_as[n];
                const auto space = op.find(' ');
                argv.push_back(op.substr(0, space));
                if (space != std::string::npos) argv.push_back(op.substr(space + 1));
            }
            argv.push_back(photo.string());
            run_ok(argv);
            run_ok({"/usr/bin/exiv2", "-M", "set Exif.Image.Orientation Short " + std::to_string(n),
                    photo.string()});
            test::write_file(dir / "articles" / (name(n) + ".md"),
                             "# Orientation " + std::to_string(n) +
                                 "\n\nA line of text before the photo.\n\n![Photo in orientation " +
                                 std::to_string(n) + "](" + name(n) + ".jpg \"Test Desk\")\n");
        }
        convert_ =
            test::run_command({test::cli().string(), "convert", (dir / "articles").string(), "--to",
                               "pdf,print,png,epub", "--dpi", "30", "-o", (dir / "out").string()});
    }
    static void TearDownTestSuite() { dir_.reset(); }

    void SetUp() override { ASSERT_EQ(convert_.status, 0) << convert_.err; }

    static fs::path photo(int n) { return *dir_ / "articles" / (name(n) + ".jpg"); }
    static fs::path out(const std::string& file) { return *dir_ / "out" / file; }
    static fs::path work() { return *dir_ / "work"; }

    static std::unique_ptr<TempDir> dir_;
    static test::CommandResult convert_;
};

std::unique_ptr<TempDir> Orientation::dir_;
test::CommandResult Orientation::convert_;

TEST_F(Orientation, ThePhotosAreStoredTurnedAndTagged) {
    // The test's own premise: each file is stored turned, and says so.
    for (int n = 1; n <= 8; ++n) {
        const auto info = galley::probe_image(test::read_file(photo(n)));
        ASSERT_TRUE(info) << n;
        EXPECT_EQ(info->orientation, n);
        EXPECT_EQ(info->width, n >= 5 ? photo_height : photo_width) << n;
        EXPECT_EQ(info->upright_width(), photo_width) << n;
        EXPECT_EQ(info->upright_height(), photo_height) << n;
    }
    // ImageMagick, told to apply the tag, sees the upright picture.
    for (int n : {2, 6, 7}) {
        const fs::path turned = work() / ("auto-" + name(n) + ".ppm");
        run_ok({"/usr/bin/convert", photo(n).string(), "-auto-orient", "ppm:" + turned.string()});
        expect_upright(read_ppm(turned), "ImageMagick -auto-orient " + name(n));
    }
}

TEST_F(Orientation, TheCheckSeesAPhotoThatIsNotUpright) {
    // Shown as stored, without applying the tag, only orientation 1 is upright.
    expect_upright(decode(photo(1), work()), "stored, orientation 1");
    for (int n = 2; n <= 8; ++n) EXPECT_NE(upright_problem(decode(photo(n), work())), "") << n;
}

TEST_F(Orientation, PdfDrawsEveryOrientationUpright) {
    for (int n = 1; n <= 8; ++n) {
        const fs::path pdf = out(name(n) + ".pdf");
        expect_upright(render_pdf(pdf, work()), "pdf, orientation " + std::to_string(n));
        // The JPEG is embedded as stored (its own bytes, DCT): the page turns it.
        const std::vector<PlacedImage> images = placed_images(pdf);
        ASSERT_EQ(images.size(), 1u) << n;
        EXPECT_EQ(images[0].width, n >= 5 ? photo_height : photo_width) << n;
        EXPECT_EQ(images[0].encoding, "jpeg");
    }
}

TEST_F(Orientation, PrintPdfDrawsEveryOrientationUpright) {
    for (int n = 1; n <= 8; ++n) {
        const fs::path pdf = out(name(n) + "-print.pdf");
        expect_upright(render_pdf(pdf, work()), "print, orientation " + std::to_string(n));
        const std::vector<PlacedImage> images = placed_images(pdf);
        ASSERT_EQ(images.size(), 1u) << n;
        EXPECT_EQ(images[0].width, n >= 5 ? photo_height : photo_width) << n;
        EXPECT_EQ(images[0].encoding, "jpeg");
    }
}

TEST_F(Orientation, PngProofsShowEveryOrientationUpright) {
    // Proofs draw decoded pixels (not the JPEG pass-through of the PDF): turned by Cairo.
    for (int n = 1; n <= 8; ++n)
        expect_upright(decode(out(name(n) + "-1.png"), work()),
                       "png proof, orientation " + std::to_string(n));
}

TEST_F(Orientation, EpubStoresUprightRenditionsWithoutTheTag) {
    for (int n = 1; n <= 8; ++n) {
        const fs::path epub = out(name(n) + ".epub");
        const test::CommandResult image = test::run_command(
            {"/usr/bin/unzip", "-p", epub.string(), "OEBPS/images/" + name(n) + ".jpg"});
        ASSERT_EQ(image.status, 0) << image.err;
        const auto info = galley::probe_image(image.out);
        ASSERT_TRUE(info) << n;
        EXPECT_EQ(info->media_type, "image/jpeg");
        EXPECT_EQ(info->orientation, 1) << n;
        EXPECT_EQ(info->width, photo_width) << n;
        EXPECT_EQ(info->height, photo_height) << n;
        if (n == 1) {
            // An upright photo is stored as it came, byte for byte.
            EXPECT_EQ(image.out, test::read_file(photo(n)));
        } else {
            // No Exif orientation is left for a reader to apply a second time.
            const fs::path stored = work() / ("epub-" + name(n) + ".jpg");
            test::write_file(stored, image.out);
            const test::CommandResult tags =
                test::run_command({"/usr/bin/exiv2", "-pa", stored.string()});
            EXPECT_FALSE(contains(tags.out, "Orientation")) << n << ": " << tags.out;
        }
        const fs::path stored = work() / ("epub-pixels-" + name(n) + ".jpg");
        test::write_file(stored, image.out);
        expect_upright(decode(stored, work()), "epub, orientation " + std::to_string(n));
        // The document gives the upright size.
        const test::CommandResult xhtml =
            test::run_command({"/usr/bin/unzip", "-p", epub.string(), "*.xhtml"});
        EXPECT_TRUE(contains(xhtml.out, "width=\"1200\" height=\"800\"")) << n;
    }
}

TEST_F(Orientation, PressKitWebRenditionsAreUprightWithoutTheTag) {
    for (int n = 1; n <= 8; ++n) {
        const std::string web =
            galley::web_rendition_jpeg(test::read_file(photo(n)), photo(n).string(), 300);
        const auto info = galley::probe_image(web);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->orientation, 1);
        EXPECT_EQ(info->width, 300) << n;
        EXPECT_EQ(info->height, 200) << n;
        const fs::path file = work() / ("web-" + name(n) + ".jpg");
        test::write_file(file, web);
        expect_upright(decode(file, work()), "web rendition, orientation " + std::to_string(n));
    }
}

TEST_F(Orientation, TheModelGetsTheUprightSize) {
    for (int n = 1; n <= 8; ++n) {
        galley::ReadResult read =
            galley::read_article_file((*dir_ / "articles" / (name(n) + ".md")).string());
        galley::detail::prepare_figure_images(read.article, {});
        const galley::Figure* figure = nullptr;
        for (const galley::Block& block : read.article.blocks)
            if (const auto* f = std::get_if<galley::Figure>(&block.node)) figure = f;
        ASSERT_TRUE(figure && figure->image) << n;
        EXPECT_EQ(figure->image->width, photo_width) << n;
        EXPECT_EQ(figure->image->height, photo_height) << n;
    }
}

TEST_F(Orientation, ThePrintLayoutNamesTheUprightPixels) {
    const TempDir scratch;
    const test::CommandResult r =
        test::run_command({test::cli().string(), "convert", (*dir_ / "articles" / "o6.md").string(),
                           "--to", "layout", "-o", scratch.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string layout = test::read_file(scratch / "o6.layout.txt");
    EXPECT_TRUE(contains(layout, "pixels=1200x800")) << layout;
}

// ---------------------------------------------------------------------------------------------
// The probe and the orientation map, without files

// A JPEG header (SOI, an Exif APP1 whose IFD0 holds `entries`, a baseline frame of 40 × 20)
// in byte order II or MM.
std::string jpeg_with_exif(bool little, int orientation, bool cut_short = false) {
    const auto u16 = [&](unsigned v) {
        return little ? std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}
                      : std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
    };
    const auto u32 = [&](unsigned v) {
        return little ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF);
    };
    std::string tiff = little ? "II" : "MM";
    tiff += u16(42) + u32(8);
    tiff += u16(2);                                                // two entries
    tiff += u16(0x010F) + u16(2) + u32(4) + std::string("Cam", 4); // Make, ASCII
    tiff += u16(0x0112) + u16(3) + u32(1) + u16(static_cast<unsigned>(orientation)) + u16(0);
    tiff += u32(0);
    if (cut_short) tiff.resize(tiff.size() - 16);
    const std::string exif = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = exif.size() + 2;
    std::string jpeg = "\xFF\xD8";
    jpeg += "\xFF\xE1";
    jpeg += static_cast<char>(length >> 8);
    jpeg += static_cast<char>(length & 0xFF);
    jpeg += exif;
    // SOF0: length 11, precision 8, height 20, width 40, one component.
    jpeg += std::string("\xFF\xC0\x00\x0B\x08\x00\x14\x00\x28\x01\x01\x11\x00", 13);
    jpeg += "\xFF\xD9";
    return jpeg;
}

TEST(OrientationProbe, BothByteOrdersAndEveryValue) {
    for (bool little : {true, false})
        for (int n = 1; n <= 8; ++n) {
            const auto info = galley::probe_image(jpeg_with_exif(little, n));
            ASSERT_TRUE(info) << little << " " << n;
            EXPECT_EQ(info->orientation, n) << little;
            EXPECT_EQ(info->width, 40);
            EXPECT_EQ(info->height, 20);
            EXPECT_EQ(info->upright_width(), n >= 5 ? 20 : 40);
            EXPECT_EQ(info->upright_height(), n >= 5 ? 40 : 20);
        }
}

TEST(OrientationProbe, NonsenseValuesAndShortSegmentsAreUpright) {
    for (int n : {0, 9, 255}) {
        const auto info = galley::probe_image(jpeg_with_exif(true, n));
        ASSERT_TRUE(info);
        EXPECT_EQ(info->orientation, 1) << n;
    }
    const auto cut = galley::probe_image(jpeg_with_exif(false, 6, true));
    ASSERT_TRUE(cut);
    EXPECT_EQ(cut->orientation, 1);
    EXPECT_EQ(cut->width, 40);
    // Every prefix of the header is probed without reading past it.
    const std::string whole = jpeg_with_exif(true, 6);
    for (std::size_t size = 0; size < whole.size(); ++size) {
        const auto info = galley::probe_image(std::string_view(whole).substr(0, size));
        if (info) {
            EXPECT_GE(info->orientation, 1);
            EXPECT_LE(info->orientation, 8);
        }
    }
}

TEST(OrientationMap, TheEightTurnsMapTheCornersAsTheWebRenditionDoes) {
    // Where the stored top-left corner (0, 0) and the point (1, 0) end up, upright.
    struct Expected {
        double top_left_x, top_left_y, top_right_x, top_right_y;
    };
    const Expected expected[9] = {{},           {0, 0, 1, 0}, {1, 0, 0, 0},
                                  {1, 1, 0, 1}, {0, 1, 1, 1}, {0, 0, 0, 1},
                                  {1, 0, 1, 1}, {1, 1, 1, 0}, {0, 1, 0, 0}};
    for (int n = 1; n <= 8; ++n) {
        const galley::detail::Affine m = galley::detail::orientation_map(n);
        EXPECT_DOUBLE_EQ(m.x0, expected[n].top_left_x) << n;
        EXPECT_DOUBLE_EQ(m.y0, expected[n].top_left_y) << n;
        EXPECT_DOUBLE_EQ(m.xx + m.x0, expected[n].top_right_x) << n;
        EXPECT_DOUBLE_EQ(m.yx + m.y0, expected[n].top_right_y) << n;
    }
}

} // namespace
