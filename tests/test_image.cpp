// The shared image module: probing, finding files under a policy, refusing what must not be
// read, captions and credits from IPTC/XMP/Exif, web renditions, and figures filled from
// photo metadata in every backend.
#include "galley/image.hpp"

#include "galley/epub.hpp"
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "image/image_detail.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <jpeglib.h>
#include <png.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace test = galley::test;
using galley::Error;
using galley::ErrorCode;
using test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string sample_photo(const std::string& name) {
    return test::read_file(test::source_dir() / "samples/photos" / name);
}

// ---------------------------------------------------------------------------------------------
// Images made for the tests

struct Pixels {
    int width = 0, height = 0, components = 3;
    std::vector<unsigned char> data;
    const unsigned char* at(int x, int y) const {
        return &data[(static_cast<std::size_t>(y) * width + x) * components];
    }
};

// A JPEG of `pixels` (1 grey, 3 RGB or 4 CMYK components; CMYK is written with libjpeg's
// Adobe marker, so in Adobe's inverted convention).
std::string encode_jpeg(const Pixels& pixels, int quality = 90) {
    jpeg_compress_struct info;
    jpeg_error_mgr error;
    info.err = jpeg_std_error(&error);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(pixels.width);
    info.image_height = static_cast<JDIMENSION>(pixels.height);
    info.input_components = pixels.components;
    info.in_color_space = pixels.components == 1   ? JCS_GRAYSCALE
                          : pixels.components == 4 ? JCS_CMYK
                                                   : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    const std::size_t stride = static_cast<std::size_t>(pixels.width) * pixels.components;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = const_cast<JSAMPLE*>(&pixels.data[info.next_scanline * stride]);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return out;
}

Pixels decode_jpeg(const std::string& bytes) {
    jpeg_decompress_struct info;
    jpeg_error_mgr error;
    info.err = jpeg_std_error(&error);
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    jpeg_start_decompress(&info);
    Pixels pixels;
    pixels.width = static_cast<int>(info.output_width);
    pixels.height = static_cast<int>(info.output_height);
    pixels.components = info.output_components;
    pixels.data.resize(static_cast<std::size_t>(pixels.width) * pixels.height * pixels.components);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = &pixels.data[static_cast<std::size_t>(info.output_scanline) * pixels.width *
                                    pixels.components];
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return pixels;
}

// A smooth RGB picture of the size asked for.
Pixels gradient(int width, int height) {
    Pixels pixels;
    pixels.width = width;
    pixels.height = height;
    pixels.data.resize(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            unsigned char* p = &pixels.data[(static_cast<std::size_t>(y) * width + x) * 3];
            p[0] = static_cast<unsigned char>(x * 255 / std::max(1, width - 1));
            p[1] = static_cast<unsigned char>(y * 255 / std::max(1, height - 1));
            p[2] = static_cast<unsigned char>((x + y) % 256);
        }
    return pixels;
}

std::string encode_png(int width, int height, std::uint32_t format,
                       const std::vector<unsigned char>& data) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(width);
    png.height = static_cast<png_uint_32>(height);
    png.format = format;
    png_alloc_size_t size = 0;
    EXPECT_TRUE(png_image_write_to_memory(&png, nullptr, &size, 0, data.data(), 0, nullptr));
    std::string out(size, '\0');
    EXPECT_TRUE(png_image_write_to_memory(&png, out.data(), &size, 0, data.data(), 0, nullptr));
    out.resize(size);
    return out;
}

// A whole 1 × 1 GIF (two colours, one image block, the trailer).
std::string tiny_gif() {
    static constexpr unsigned char bytes[] = {'G',  'I',  'F',  '8',  '9',  'a',  0x01, 0x00, 0x01,
                                              0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                                              0xFF, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
                                              0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// A JPEG header that claims `width` × `height` pixels, with no pixels behind it.
std::string jpeg_header_claiming(int width, int height) {
    std::string bytes("\xFF\xD8", 2);
    // SOF0: length 11, 8 bits, height, width, one component.
    bytes += std::string("\xFF\xC0\x00\x0B\x08", 5);
    bytes += static_cast<char>(height >> 8);
    bytes += static_cast<char>(height & 0xFF);
    bytes += static_cast<char>(width >> 8);
    bytes += static_cast<char>(width & 0xFF);
    bytes += std::string("\x01\x01\x11\x00", 4);
    bytes += std::string("\xFF\xD9", 2);
    return bytes;
}

// `jpeg` with an XMP packet in an APP1 segment right after SOI.
std::string with_xmp(const std::string& jpeg, const std::string& packet) {
    const std::string signature("http://ns.adobe.com/xap/1.0/\0", 29);
    const std::size_t length = 2 + signature.size() + packet.size();
    std::string segment("\xFF\xE1", 2);
    segment += static_cast<char>(length >> 8);
    segment += static_cast<char>(length & 0xFF);
    segment += signature + packet;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

std::string xmp_packet(const std::string& description) {
    return R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">)" +
           description + R"(</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>)";
}

// Sets metadata in a file with the exiv2 command-line tool: each command as for `exiv2 -m`.
void exiv2_set(const fs::path& file, const std::vector<std::string>& commands) {
    TempDir dir;
    std::string script;
    for (const std::string& command : commands) script += command + "\n";
    test::write_file(dir / "commands.txt", script);
    const auto result =
        test::run_command({"/usr/bin/exiv2", "-m", (dir / "commands.txt").string(), file.string()});
    ASSERT_EQ(result.status, 0) << result.err;
}

std::string pdf_text(const fs::path& pdf) {
    const auto result =
        test::run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
    EXPECT_EQ(result.status, 0) << result.err;
    // Lines joined, so that text wrapped over lines still reads as one.
    std::string text;
    for (char c : result.out) text += c == '\n' ? ' ' : c;
    return text;
}

std::string expect_error(const std::function<void()>& action, ErrorCode code) {
    try {
        action();
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), code) << error.what();
        return error.what();
    }
    ADD_FAILURE() << "no galley::Error was thrown";
    return {};
}

// ---------------------------------------------------------------------------------------------
// Probing

TEST(ImageProbe, TypesAndSizesComeFromTheBytes) {
    auto info = galley::probe_image(sample_photo("harbour-regatta.jpg"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/jpeg");
    EXPECT_EQ(info->extension, "jpg");
    EXPECT_EQ(info->width, 1200);
    EXPECT_EQ(info->height, 800);
    info = galley::probe_image(sample_photo("budget-chart.png"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/png");
    EXPECT_EQ(info->width, 800);
    EXPECT_EQ(info->height, 500);
    info = galley::probe_image(
        test::read_file(test::corpus("photos/imagemeta_IPTC-PhotometadataRef-Std2021.1.jpg")));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, 2000);
    EXPECT_EQ(info->height, 1000);

    // A lossy WebP (VP8) key frame header: 300 × 200.
    std::string webp("RIFF\x20\x00\x00\x00WEBPVP8 \x14\x00\x00\x00\x00\x00\x00\x9D\x01\x2A", 26);
    webp += std::string("\x2C\x01\xC8\x00", 4) + std::string(10, '\0');
    info = galley::probe_image(webp);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->media_type, "image/webp");
    EXPECT_EQ(info->width, 300);
    EXPECT_EQ(info->height, 200);
    EXPECT_EQ(galley::probe_image(jpeg_header_claiming(60000, 60000))->width, 60000);
}

TEST(ImageProbe, HeadersCutShortAreNoImage) {
    const std::string jpeg = sample_photo("harbour-regatta.jpg");
    // Every prefix that ends before the frame header: no image, never a read past the end.
    const std::size_t frame = jpeg.find("\xFF\xC0");
    ASSERT_NE(frame, std::string::npos);
    for (std::size_t n = 0; n < frame + 9; ++n)
        EXPECT_FALSE(galley::probe_image(std::string_view(jpeg).substr(0, n))) << n;
    EXPECT_TRUE(galley::probe_image(std::string_view(jpeg).substr(0, frame + 9)));
    const std::string png = sample_photo("budget-chart.png");
    for (std::size_t n = 0; n < 24; ++n)
        EXPECT_FALSE(galley::probe_image(std::string_view(png).substr(0, n))) << n;
    EXPECT_FALSE(galley::probe_image("GIF89a\x01"));
    EXPECT_FALSE(galley::probe_image(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)));
    EXPECT_FALSE(galley::probe_image("plain text"));
    // The magic alone still says what it was meant to be.
    EXPECT_EQ(galley::detail::sniffed_media_type("\xFF\xD8\xFF\xE0"), "image/jpeg");
}

TEST(ImageProbe, ExifOrientationIsReadFromTheJpeg) {
    TempDir dir;
    test::write_file(dir / "a.jpg", encode_jpeg(gradient(40, 20)));
    EXPECT_EQ(galley::detail::jpeg_exif_orientation(test::read_file(dir / "a.jpg")), 1);
    exiv2_set(dir / "a.jpg", {"set Exif.Image.Orientation 6"});
    EXPECT_EQ(galley::detail::jpeg_exif_orientation(test::read_file(dir / "a.jpg")), 6);
}

// ---------------------------------------------------------------------------------------------
// Finding image files under the policy

TEST(ImageResolve, RelativeReferencesStayInTheArticlesFolder) {
    TempDir dir;
    fs::create_directories(dir / "story/photos");
    test::write_file(dir / "story/photos/a.jpg", "x");
    const fs::path base = dir / "story";
    const std::string article = (base / "story.md").string();
    const fs::path real = fs::canonical(base / "photos/a.jpg");
    EXPECT_EQ(galley::resolve_image_path("photos/a.jpg", base, article), real);
    EXPECT_EQ(galley::resolve_image_path("./photos/../photos/a.jpg", base, article), real);
    EXPECT_EQ(galley::resolve_image_path("file:photos/a.jpg", base, article), real);
    // A file that does not exist resolves; load_image reports it.
    EXPECT_EQ(galley::resolve_image_path("photos/missing.jpg", base, article).filename(),
              "missing.jpg");
}

TEST(ImageResolve, AbsoluteAndClimbingReferencesAreRefusedUnlessAllowed) {
    TempDir dir;
    fs::create_directories(dir / "story");
    test::write_file(dir / "outside.jpg", "x");
    const fs::path base = dir / "story";
    const std::string article = (base / "story.md").string();
    for (const std::string& src :
         {(dir / "outside.jpg").string(), "file://" + (dir / "outside.jpg").string(),
          std::string("../outside.jpg"), std::string("photos/../../outside.jpg"),
          std::string("/etc/passwd"), std::string("file:///etc/passwd")}) {
        SCOPED_TRACE(src);
        const std::string message = expect_error(
            [&] { galley::resolve_image_path(src, base, article); }, ErrorCode::invalid);
        EXPECT_TRUE(contains(message, article)) << message;
        EXPECT_TRUE(contains(message, "--allow-outside")) << message;
    }
    galley::ImagePolicy open;
    open.allow_outside = true;
    EXPECT_EQ(galley::resolve_image_path("../outside.jpg", base, article, open),
              base / "../outside.jpg");
    EXPECT_EQ(galley::resolve_image_path((dir / "outside.jpg").string(), base, article, open),
              dir / "outside.jpg");
    EXPECT_EQ(galley::resolve_image_path("file://localhost" + (dir / "outside.jpg").string(), base,
                                         article, open),
              dir / "outside.jpg");
}

// Issue 13: the rule is on the reference as written. A symbolic link inside the article's
// folder is followed wherever it leads (whoever can place a link there controls the files
// anyway: a newsroom's img/ is often a link to shared storage); ".." still may not climb out,
// not even through a link.
TEST(ImageResolve, SymbolicLinksAreFollowedButReferencesMayNotClimbOut) {
    TempDir dir;
    fs::create_directories(dir / "story/photos");
    test::write_file(dir / "secret.jpg", "x");
    test::write_file(dir / "story/photos/real.jpg", "x");
    fs::create_symlink(dir / "secret.jpg", dir / "story/leak.jpg");
    fs::create_directory_symlink(dir.path(), dir / "story/up");
    fs::create_symlink("photos/real.jpg", dir / "story/alias.jpg");
    const fs::path base = dir / "story";
    const std::string article = (base / "story.md").string();
    EXPECT_EQ(galley::resolve_image_path("leak.jpg", base, article),
              fs::canonical(dir / "secret.jpg"));
    EXPECT_EQ(galley::resolve_image_path("up/secret.jpg", base, article),
              fs::canonical(dir / "secret.jpg"));
    EXPECT_EQ(galley::resolve_image_path("alias.jpg", base, article),
              fs::canonical(base / "photos/real.jpg"));
    for (const char* src : {"up/../../secret.jpg", "photos/../../secret.jpg"}) {
        const std::string message = expect_error(
            [&] { galley::resolve_image_path(src, base, article); }, ErrorCode::invalid);
        EXPECT_TRUE(contains(message, "climbs out of the article's folder")) << message;
    }
}

TEST(ImageResolve, PercentEncodingIsDecodedWhenTheLiteralNameIsNotThere) {
    TempDir dir;
    test::write_file(dir / "my photo.jpg", "x");
    test::write_file(dir / "100%25.jpg", "x"); // a name that really holds "%25"
    const std::string article = (dir / "a.md").string();
    EXPECT_EQ(galley::resolve_image_path("my%20photo.jpg", dir.path(), article).filename(),
              "my photo.jpg");
    EXPECT_EQ(galley::resolve_image_path("100%25.jpg", dir.path(), article).filename(),
              "100%25.jpg");
    EXPECT_EQ(galley::resolve_image_path("file:my%20photo.jpg", dir.path(), article).filename(),
              "my photo.jpg");
}

TEST(ImageResolve, RemoteAndEmptyReferencesAreNotFiles) {
    for (const char* src :
         {"http://example.com/a.jpg", "HTTPS://example.com/a.jpg", "//cdn.example/a.jpg",
          "data:image/png;base64,AAAA", "ftp://host/a.jpg"}) {
        EXPECT_TRUE(galley::is_remote_image_reference(src)) << src;
        expect_error([&] { galley::resolve_image_path(src, "/tmp", "a.md"); },
                     ErrorCode::unsupported);
    }
    EXPECT_FALSE(galley::is_remote_image_reference("photos/http.jpg"));
    expect_error([&] { galley::resolve_image_path("file://example.com/a.jpg", "/tmp", "a.md"); },
                 ErrorCode::unsupported);
    expect_error([&] { galley::resolve_image_path("", "/tmp", "a.md"); }, ErrorCode::invalid);
}

TEST(ImageResolve, SymbolicLinkLoopsAreReported) {
    TempDir dir;
    fs::create_symlink("loop-b", dir / "loop-a");
    fs::create_symlink("loop-a", dir / "loop-b");
    const std::string message = expect_error(
        [&] { galley::resolve_image_path("loop-a/x.jpg", dir.path(), "a.md"); }, ErrorCode::io);
    EXPECT_TRUE(contains(message, "loop")) << message;
}

// ---------------------------------------------------------------------------------------------
// Reading image files

TEST(ImageLoad, ReadsAnImageWithItsInfo) {
    const fs::path path = test::source_dir() / "samples/photos/steppe-rail.jpg";
    const galley::LoadedImage image = galley::load_image(path, "a.md");
    EXPECT_EQ(image.bytes, test::read_file(path));
    EXPECT_EQ(image.info.media_type, "image/jpeg");
    EXPECT_GT(image.info.width, 0);
    // A GIF named .jpg is a GIF: types come from the bytes.
    TempDir dir;
    const std::string gif = tiny_gif();
    test::write_file(dir / "photo.jpg", gif);
    EXPECT_EQ(galley::load_image(dir / "photo.jpg", "a.md").info.media_type, "image/gif");
}

TEST(ImageLoad, MissingFoldersAndSpecialFilesAreRefusedWithoutOpeningThem) {
    TempDir dir;
    const std::string article = (dir / "story.md").string();
    std::string message =
        expect_error([&] { galley::load_image(dir / "missing.jpg", article); }, ErrorCode::io);
    EXPECT_TRUE(contains(message, article) && contains(message, "missing.jpg")) << message;
    EXPECT_TRUE(contains(message, "not found")) << message;
    message = expect_error([&] { galley::load_image(dir.path(), article); }, ErrorCode::io);
    EXPECT_TRUE(contains(message, "folder")) << message;
    for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
        message = expect_error([&] { galley::load_image(device, article); }, ErrorCode::io);
        EXPECT_TRUE(contains(message, "device") && contains(message, device)) << message;
    }
    fs::create_symlink("loop-b", dir / "loop-a");
    fs::create_symlink("loop-a", dir / "loop-b");
    message = expect_error([&] { galley::load_image(dir / "loop-a", article); }, ErrorCode::io);
    EXPECT_TRUE(contains(message, "loop")) << message;
    fs::create_symlink("nowhere.jpg", dir / "dangling.jpg");
    message =
        expect_error([&] { galley::load_image(dir / "dangling.jpg", article); }, ErrorCode::io);
    EXPECT_TRUE(contains(message, "missing")) << message;
}

TEST(ImageLoad, AFifoIsRefusedAndNeverBlocks) {
    TempDir dir;
    const fs::path fifo = dir / "photo.jpg";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto attempt = std::async(std::launch::async, [&] {
        try {
            galley::load_image(fifo, "story.md");
        } catch (const Error& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    });
    if (attempt.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        // Unblock the reader so that the test can end, then fail.
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0) ::close(writer);
        FAIL() << "load_image blocked on a FIFO";
    }
    const std::string message = attempt.get();
    EXPECT_TRUE(contains(message, "FIFO")) << message;
}

TEST(ImageLoad, BudgetsAreCheckedBeforeAnythingIsDecoded) {
    TempDir dir;
    test::write_file(dir / "huge.jpg", jpeg_header_claiming(60000, 60000));
    const auto start = std::chrono::steady_clock::now();
    std::string message =
        expect_error([&] { galley::load_image(dir / "huge.jpg", "a.md"); }, ErrorCode::limit);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
    EXPECT_TRUE(contains(message, "60000 × 60000")) << message;
    EXPECT_TRUE(contains(message, "huge.jpg")) << message;

    galley::ImageLimits small;
    small.max_file_bytes = 1000;
    message = expect_error(
        [&] {
            galley::load_image(test::source_dir() / "samples/photos/steppe-rail.jpg", "a.md",
                               small);
        },
        ErrorCode::limit);
    EXPECT_TRUE(contains(message, "over the limit of 1000 bytes")) << message;
    galley::ImageLimits few_pixels;
    few_pixels.max_pixels = 1000;
    expect_error(
        [&] {
            galley::load_image(test::source_dir() / "samples/photos/budget-chart.png", "a.md",
                               few_pixels);
        },
        ErrorCode::limit);
}

TEST(ImageLoad, EmptyUnknownAndDamagedFilesAreRefused) {
    TempDir dir;
    test::write_file(dir / "empty.jpg", "");
    std::string message = expect_error([&] { galley::load_image(dir / "empty.jpg", "a.md"); },
                                       ErrorCode::empty_input);
    EXPECT_TRUE(contains(message, "empty")) << message;
    test::write_file(dir / "notes.jpg", "these are notes, not a photo");
    message = expect_error([&] { galley::load_image(dir / "notes.jpg", "a.md"); },
                           ErrorCode::unsupported);
    EXPECT_TRUE(contains(message, "notes.jpg")) << message;

    const std::string jpeg = sample_photo("harbour-regatta.jpg");
    test::write_file(dir / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));
    message =
        expect_error([&] { galley::load_image(dir / "cut.jpg", "a.md"); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "cut short")) << message;
    test::write_file(dir / "header.jpg", jpeg.substr(0, 100));
    message =
        expect_error([&] { galley::load_image(dir / "header.jpg", "a.md"); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "image/jpeg header is cut short")) << message;

    const std::string png = sample_photo("budget-chart.png");
    test::write_file(dir / "cut.png", png.substr(0, png.size() - 20));
    message =
        expect_error([&] { galley::load_image(dir / "cut.png", "a.md"); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "cut short")) << message;
    std::string bad_crc = png;
    bad_crc[40] = static_cast<char>(bad_crc[40] ^ 0x55); // in the first chunk after IHDR
    test::write_file(dir / "crc.png", bad_crc);
    message =
        expect_error([&] { galley::load_image(dir / "crc.png", "a.md"); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "CRC")) << message;
    test::write_file(dir / "cut.gif", std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00,", 14));
    expect_error([&] { galley::load_image(dir / "cut.gif", "a.md"); }, ErrorCode::invalid);
}

// ---------------------------------------------------------------------------------------------
// Captions and credits from the photo

TEST(ImageMetadata, TheIptcReferenceImageGivesEveryField) {
    const fs::path path = test::corpus("photos/imagemeta_IPTC-PhotometadataRef-Std2021.1.jpg");
    galley::Warnings warnings;
    const auto meta = galley::read_image_metadata(test::read_file(path), path.string(), warnings);
    EXPECT_EQ(meta.caption, "The description aka caption (ref2021.1)");
    EXPECT_EQ(meta.creator, "Creator1 (ref2021.1)");
    EXPECT_EQ(meta.credit, "Credit Line (ref2021.1)");
    EXPECT_EQ(meta.copyright, "Copyright (Notice) 2021.1 IPTC - www.iptc.org  (ref2021.1)");
    EXPECT_EQ(meta.source, "Source (ref2021.1)");
    EXPECT_EQ(meta.alt, "This is the Alt Text description to support accessibility in 2021.1");
    EXPECT_TRUE(warnings.empty()) << warnings.front().to_string();
}

TEST(ImageMetadata, IptcWinsAndEachDisagreementIsAWarning) {
    const fs::path path =
        test::corpus("photos/imagemeta_metadata_demo_inc_exif_out_of_sync_Inc_adobe.jpg");
    galley::Warnings warnings;
    const auto meta = galley::read_image_metadata(test::read_file(path), path.string(), warnings);
    EXPECT_TRUE(meta.caption.starts_with("(This caption in IIM)")) << meta.caption;
    EXPECT_EQ(meta.creator, "Carl Seibert (IIM)");
    EXPECT_EQ(meta.copyright, "© Copyright 2017 Carl Seibert  metadatamatters.blog (IIM)");
    EXPECT_EQ(meta.credit, "credit here");
    EXPECT_EQ(meta.source, "source here");
    std::string all;
    for (const auto& warning : warnings) {
        EXPECT_EQ(warning.file, path.string());
        all += warning.message + "\n";
    }
    // Caption, creator and copyright each differ in XMP and in Exif; the credit agrees.
    EXPECT_EQ(warnings.size(), 6u) << all;
    EXPECT_TRUE(contains(all, "creator differs between IPTC 2:80 By-line 'Carl Seibert (IIM)' "
                              "and XMP dc:creator 'Carl Seibert (XMP)'; IPTC 2:80 By-line is used"))
        << all;
    EXPECT_TRUE(contains(all, "Exif Artist 'Carl Seibert (Exif)'")) << all;
    EXPECT_TRUE(contains(all, "'(This caption in IIM)")) << all;
    EXPECT_TRUE(contains(all, "XMP dc:description '(This caption in XMP)")) << all;
    EXPECT_FALSE(contains(all, "credit line")) << all;
}

TEST(ImageMetadata, ExifIsTheLastResort) {
    const fs::path path = test::corpus("photos/imagemeta_metadata_demo_exif_only.jpg");
    galley::Warnings warnings;
    const auto meta = galley::read_image_metadata(test::read_file(path), path.string(), warnings);
    EXPECT_EQ(meta.creator, "Carl Seibert (Exif)");
    // UTF-8 bytes in an ASCII-typed field are kept as UTF-8.
    EXPECT_EQ(meta.copyright, "© Copyright 2017 Carl Seibert  metadatamatters.blog (Exif)");
    EXPECT_TRUE(meta.caption.starts_with("(This caption in Exif)"));
    EXPECT_TRUE(meta.credit.empty());
    EXPECT_TRUE(warnings.empty());
}

TEST(ImageMetadata, TheSamplePhotoCarriesItsCredit) {
    galley::Warnings warnings;
    const auto meta =
        galley::read_image_metadata(sample_photo("steppe-rail.jpg"), "steppe-rail.jpg", warnings);
    EXPECT_EQ(meta.creator, "Zhanar Tölegenova");
    EXPECT_EQ(meta.credit, "Zhanar Tölegenova/Steppe Wire");
    EXPECT_EQ(meta.copyright, "© 2026 Steppe Wire");
    EXPECT_EQ(meta.source, "Steppe Wire");
    EXPECT_TRUE(meta.caption.starts_with("Telegraph poles line the new single-track railway"));
    EXPECT_TRUE(warnings.empty());
}

TEST(ImageMetadata, IptcAndXmpWrittenInTheTestDisagree) {
    TempDir dir;
    const fs::path photo = dir / "photo.jpg";
    test::write_file(photo, encode_jpeg(gradient(64, 48)));
    exiv2_set(photo, {"set Iptc.Application2.Credit String Agency A/Jane Roe",
                      "set Iptc.Application2.Caption String Harbour lights at dusk.",
                      "set Xmp.photoshop.Credit Agency B",
                      "set Xmp.dc.description lang=x-default Harbour lights at dusk."});
    galley::Warnings warnings;
    const auto meta = galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(meta.credit, "Agency A/Jane Roe");
    EXPECT_EQ(meta.caption, "Harbour lights at dusk.");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].file, photo.string());
    EXPECT_EQ(warnings[0].message,
              "the photo's credit line differs between IPTC 2:110 Credit 'Agency A/Jane Roe' and "
              "XMP photoshop:Credit 'Agency B'; IPTC 2:110 Credit is used");
}

TEST(ImageMetadata, IptcTextWithoutACharsetIsLatin1WhenItIsNotUtf8) {
    TempDir dir;
    const fs::path photo = dir / "photo.jpg";
    test::write_file(photo, encode_jpeg(gradient(32, 32)));
    exiv2_set(photo, {"set Iptc.Application2.Caption String Caf\xE9 in K\xF6ln",
                      "set Iptc.Application2.Byline String Zo\xEB M\xFCller"});
    galley::Warnings warnings;
    auto meta = galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(meta.caption, "Café in Köln");
    EXPECT_EQ(meta.creator, "Zoë Müller");
    EXPECT_TRUE(warnings.empty());

    // Declared UTF-8 (1:90 ESC % G) and valid: taken as it is; several By-lines are joined.
    exiv2_set(photo, {"set Iptc.Envelope.CharacterSet String \x1B%G",
                      "set Iptc.Application2.Caption String Café in Köln",
                      "set Iptc.Application2.Byline String Zoë Müller",
                      "add Iptc.Application2.Byline String Ana Lima"});
    meta = galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(meta.caption, "Café in Köln");
    EXPECT_EQ(meta.creator, "Zoë Müller, Ana Lima");
    EXPECT_TRUE(warnings.empty());

    // Declared UTF-8 but not: read as Latin-1, with a warning.
    exiv2_set(photo, {"set Iptc.Application2.Caption String Caf\xE9"});
    meta = galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(meta.caption, "Café");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(contains(warnings[0].message, "says its text is UTF-8")) << warnings[0].message;
}

TEST(ImageMetadata, ManyThreadsReadAtOnce) {
    // exiv2 is set up once for the process; XMP packets from many threads (run under TSan in
    // CI) give each thread the same answer.
    const std::string out_of_sync = test::read_file(
        test::corpus("photos/imagemeta_metadata_demo_inc_exif_out_of_sync_Inc_adobe.jpg"));
    const std::string reference =
        test::read_file(test::corpus("photos/imagemeta_IPTC-PhotometadataRef-Std2021.1.jpg"));
    std::vector<std::future<std::string>> readers;
    for (int t = 0; t < 6; ++t)
        readers.push_back(std::async(std::launch::async, [&, t] {
            std::string seen;
            for (int i = 0; i < 10; ++i) {
                galley::Warnings warnings;
                const auto meta =
                    galley::read_image_metadata(t % 2 ? out_of_sync : reference, "p.jpg", warnings);
                seen = meta.creator + "|" + meta.alt + "|" + std::to_string(warnings.size());
            }
            return seen;
        }));
    for (int t = 0; t < 6; ++t)
        EXPECT_EQ(readers[static_cast<std::size_t>(t)].get(),
                  t % 2 ? "Carl Seibert (IIM)||6"
                        : "Creator1 (ref2021.1)|This is the Alt Text description to support "
                          "accessibility in 2021.1|0");
}

TEST(ImageMetadata, WhatCamerasWriteByThemselvesIsNoCaption) {
    TempDir dir;
    const fs::path photo = dir / "photo.jpg";
    test::write_file(photo, encode_jpeg(gradient(32, 32)));
    exiv2_set(photo, {"set Exif.Image.ImageDescription OLYMPUS DIGITAL CAMERA",
                      "set Exif.Image.Artist Nadia Kim"});
    galley::Warnings warnings;
    const auto meta = galley::read_image_metadata(test::read_file(photo), "p.jpg", warnings);
    EXPECT_EQ(meta.caption, "");
    EXPECT_EQ(meta.creator, "Nadia Kim");
}

TEST(ImageMetadata, XmpLanguageAlternativesAndCreatorSequences) {
    const std::string jpeg = encode_jpeg(gradient(16, 16));
    galley::Warnings warnings;
    auto meta = galley::read_image_metadata(with_xmp(jpeg, xmp_packet(R"(<dc:description><rdf:Alt>
  <rdf:li xml:lang="de">Hafenlichter</rdf:li>
  <rdf:li xml:lang="x-default">Harbour lights</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>Anna One</rdf:li><rdf:li>Bert Two</rdf:li></rdf:Seq></dc:creator>
<dc:rights><rdf:Alt><rdf:li xml:lang="fr">© Agence</rdf:li></rdf:Alt></dc:rights>
<photoshop:Source>Wire</photoshop:Source>)")),
                                            "x.jpg", warnings);
    EXPECT_EQ(meta.caption, "Harbour lights");
    EXPECT_EQ(meta.creator, "Anna One, Bert Two");
    EXPECT_EQ(meta.copyright, "© Agence"); // no x-default: the one there is
    EXPECT_EQ(meta.source, "Wire");
    EXPECT_TRUE(warnings.empty());
}

TEST(ImageMetadata, DamagedOrAbsentMetadataGivesEmptyFields) {
    galley::Warnings warnings;
    auto meta = galley::read_image_metadata(
        with_xmp(encode_jpeg(gradient(16, 16)), "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"),
        "broken.jpg", warnings);
    EXPECT_TRUE(meta.empty());
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].file, "broken.jpg");
    EXPECT_TRUE(contains(warnings[0].message, "XMP")) << warnings[0].message;

    warnings.clear();
    EXPECT_TRUE(
        galley::read_image_metadata(encode_jpeg(gradient(8, 8)), "a.jpg", warnings).empty());
    EXPECT_TRUE(galley::read_image_metadata("not an image", "a.txt", warnings).empty());
    EXPECT_TRUE(galley::read_image_metadata("", "a.txt", warnings).empty());
    EXPECT_TRUE(
        galley::read_image_metadata(jpeg_header_claiming(10, 10), "a.jpg", warnings).empty());
    const std::string steppe = sample_photo("steppe-rail.jpg");
    for (std::size_t n : {std::size_t{3}, std::size_t{100}, std::size_t{2000}, steppe.size() / 2})
        galley::read_image_metadata(steppe.substr(0, n), "cut.jpg", warnings); // never throws
}

// ---------------------------------------------------------------------------------------------
// Web renditions

TEST(ImageWeb, ScalesTheLongEdgeDownAndNeverUp) {
    const std::string photo = encode_jpeg(gradient(1600, 1067));
    Pixels out = decode_jpeg(galley::web_rendition_jpeg(photo, "p.jpg", 800));
    EXPECT_EQ(out.width, 800);
    EXPECT_EQ(out.height, 534); // 1067 / 2, rounded
    EXPECT_EQ(out.components, 3);
    out = decode_jpeg(galley::web_rendition_jpeg(encode_jpeg(gradient(300, 900)), "p.jpg", 600));
    EXPECT_EQ(out.width, 200);
    EXPECT_EQ(out.height, 600);
    out = decode_jpeg(galley::web_rendition_jpeg(encode_jpeg(gradient(300, 200)), "p.jpg", 1600));
    EXPECT_EQ(out.width, 300);
    EXPECT_EQ(out.height, 200);
    // A large reduction (DCT prescaling, then the filter) lands on the exact size.
    out = decode_jpeg(galley::web_rendition_jpeg(encode_jpeg(gradient(3001, 2003)), "p.jpg", 1600));
    EXPECT_EQ(out.width, 1600);
    EXPECT_EQ(out.height, 1068);
}

TEST(ImageWeb, TheSameInputGivesTheSameBytes) {
    const std::string photo = sample_photo("harbour-regatta.jpg");
    const std::string first = galley::web_rendition_jpeg(photo, "p.jpg", 640, 80);
    EXPECT_EQ(first, galley::web_rendition_jpeg(photo, "p.jpg", 640, 80));
    EXPECT_NE(first, galley::web_rendition_jpeg(photo, "p.jpg", 640, 60));
    EXPECT_FALSE(contains(first, "Exif")); // no metadata travels with it
}

TEST(ImageWeb, TheFilterAveragesDetailInsteadOfPickingSamples) {
    // One-pixel black and white stripes, reduced 10×: a proper filter gives even grey;
    // picking pixels would give black or white stripes.
    Pixels stripes;
    stripes.width = 1000;
    stripes.height = 100;
    stripes.components = 1;
    stripes.data.resize(1000 * 100);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 1000; ++x) stripes.data[y * 1000 + x] = x % 2 ? 255 : 0;
    const std::string png = encode_png(1000, 100, PNG_FORMAT_GRAY, stripes.data);
    const Pixels out = decode_jpeg(galley::web_rendition_jpeg(png, "s.png", 100, 95));
    ASSERT_EQ(out.width, 100);
    ASSERT_EQ(out.components, 1); // grey stays grey
    for (int x = 2; x < 98; ++x) EXPECT_NEAR(out.at(x, 5)[0], 128, 6) << x;
}

TEST(ImageWeb, PngAlphaIsCompositedOnWhite) {
    std::vector<unsigned char> rgba(16 * 16 * 4, 0); // fully transparent black
    for (int i = 0; i < 8 * 16; ++i) {               // the top half opaque red
        rgba[i * 4] = 255;
        rgba[i * 4 + 3] = 255;
    }
    const Pixels out = decode_jpeg(
        galley::web_rendition_jpeg(encode_png(16, 16, PNG_FORMAT_RGBA, rgba), "a.png", 16, 95));
    ASSERT_EQ(out.width, 16);
    const unsigned char* bottom = out.at(8, 14);
    EXPECT_GT(bottom[0], 245);
    EXPECT_GT(bottom[1], 245);
    EXPECT_GT(bottom[2], 245);
    const unsigned char* top = out.at(8, 1);
    EXPECT_GT(top[0], 230);
    EXPECT_LT(top[1], 30);
}

TEST(ImageWeb, CmykJpegsBecomeRgb) {
    Pixels cmyk;
    cmyk.width = 16;
    cmyk.height = 16;
    cmyk.components = 4;
    // Adobe's inverted CMYK: 255 is no ink. No cyan, full magenta and yellow, no black: red.
    for (int i = 0; i < 16 * 16; ++i)
        for (unsigned char v : {255, 0, 0, 255}) cmyk.data.push_back(v);
    const Pixels out =
        decode_jpeg(galley::web_rendition_jpeg(encode_jpeg(cmyk, 95), "c.jpg", 16, 95));
    ASSERT_EQ(out.components, 3);
    EXPECT_GT(out.at(8, 8)[0], 220);
    EXPECT_LT(out.at(8, 8)[1], 40);
    EXPECT_LT(out.at(8, 8)[2], 40);
}

TEST(ImageWeb, ExifOrientationTurnsThePictureUpright) {
    TempDir dir;
    test::write_file(dir / "turned.jpg", encode_jpeg(gradient(200, 100)));
    exiv2_set(dir / "turned.jpg", {"set Exif.Image.Orientation 6"});
    const Pixels out =
        decode_jpeg(galley::web_rendition_jpeg(test::read_file(dir / "turned.jpg"), "t.jpg", 100));
    EXPECT_EQ(out.width, 50);
    EXPECT_EQ(out.height, 100);
    // Turned clockwise: the picture's left edge (red 0) is now at the top, its top edge
    // (green 0) on the right.
    EXPECT_LT(out.at(25, 2)[0], 40);
    EXPECT_GT(out.at(25, 97)[0], 215);
    EXPECT_LT(out.at(47, 50)[1], 40);
    EXPECT_GT(out.at(2, 50)[1], 215);
}

TEST(ImageWeb, WhatCannotBeScaledIsRefusedClearly) {
    std::string message = expect_error(
        [&] { galley::web_rendition_jpeg(jpeg_header_claiming(60000, 60000), "huge.jpg"); },
        ErrorCode::limit);
    EXPECT_TRUE(contains(message, "huge.jpg")) << message;
    const std::string gif = tiny_gif();
    message =
        expect_error([&] { galley::web_rendition_jpeg(gif, "anim.gif"); }, ErrorCode::unsupported);
    EXPECT_TRUE(contains(message, "image/gif")) << message;
    expect_error(
        [&] { galley::web_rendition_jpeg("<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg"); },
        ErrorCode::unsupported);
    std::string webp("RIFF\x22\x00\x00\x00WEBPVP8 \x14\x00\x00\x00\x00\x00\x00\x9D\x01\x2A", 26);
    webp += std::string("\x2C\x01\xC8\x00", 4) + std::string(12, '\0');
    expect_error([&] { galley::web_rendition_jpeg(webp, "a.webp"); }, ErrorCode::unsupported);
    const std::string jpeg = sample_photo("harbour-regatta.jpg");
    expect_error([&] { galley::web_rendition_jpeg(jpeg.substr(0, jpeg.size() / 2), "cut.jpg"); },
                 ErrorCode::invalid);
    expect_error([&] { galley::web_rendition_jpeg("text", "a.txt"); }, ErrorCode::unsupported);
    expect_error([&] { galley::web_rendition_jpeg(jpeg, "a.jpg", 0); }, ErrorCode::usage);
    expect_error([&] { galley::web_rendition_jpeg(jpeg, "a.jpg", 100, 101); }, ErrorCode::usage);
}

// A progressive JPEG of `width` × `height`.
std::string progressive_jpeg(const Pixels& pixels) {
    jpeg_compress_struct info;
    jpeg_error_mgr error;
    info.err = jpeg_std_error(&error);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(pixels.width);
    info.image_height = static_cast<JDIMENSION>(pixels.height);
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_simple_progression(&info);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = const_cast<JSAMPLE*>(&pixels.data[info.next_scanline * pixels.width * 3]);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return out;
}

TEST(ImageWeb, AJpegOfEndlessScansIsRefused) {
    // The last scan of a progressive JPEG repeated 2,000 times: each costs a pass over the
    // whole image, for nothing.
    const std::string jpeg = progressive_jpeg(gradient(64, 64));
    const std::size_t last_scan = jpeg.rfind("\xFF\xDA");
    ASSERT_NE(last_scan, std::string::npos);
    const std::string scan = jpeg.substr(last_scan, jpeg.size() - 2 - last_scan);
    std::string endless = jpeg.substr(0, jpeg.size() - 2);
    for (int i = 0; i < 2000; ++i) endless += scan;
    endless += "\xFF\xD9";
    const std::string message = expect_error(
        [&] { galley::web_rendition_jpeg(endless, "scans.jpg", 32); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "more than 1000 scans")) << message;
    EXPECT_NO_THROW(galley::web_rendition_jpeg(jpeg, "fine.jpg", 32));
}

TEST(ImageWeb, LibjpegMemoryIsBounded) {
    // A progressive JPEG keeps every coefficient of the whole image: 16,000 × 16,000 pixels
    // would take 768 MB. Its header, with the pixel budget raised to let it through, is
    // refused by libjpeg's memory limit before anything is decoded.
    std::string jpeg = progressive_jpeg(gradient(16, 16));
    const std::size_t frame = jpeg.find("\xFF\xC2");
    ASSERT_NE(frame, std::string::npos);
    for (std::size_t at : {frame + 5, frame + 7}) {
        jpeg[at] = static_cast<char>(16000 >> 8);
        jpeg[at + 1] = static_cast<char>(16000 & 0xFF);
    }
    galley::ImageLimits limits;
    limits.max_pixels = 300'000'000;
    const auto start = std::chrono::steady_clock::now();
    const std::string message = expect_error(
        [&] { galley::web_rendition_jpeg(jpeg, "vast.jpg", 100, 85, limits); }, ErrorCode::invalid);
    EXPECT_TRUE(contains(message, "cannot be decoded")) << message;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ImageWeb, APressPhotoIsScaledQuickly) {
    const std::string photo = encode_jpeg(gradient(1600, 1067));
    const auto start = std::chrono::steady_clock::now();
    galley::web_rendition_jpeg(photo, "p.jpg", 800);
    // Well under 100 ms on a build machine; generous here for sanitizer and debug builds.
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// ---------------------------------------------------------------------------------------------
// Figures take the photo's caption and credit in every backend

// A story folder with photo.jpg carrying an IPTC caption and credit, and an article showing it
// without either.
struct CreditedPhotoStory {
    TempDir dir;
    galley::Article article;

    explicit CreditedPhotoStory(const std::string& own_caption = "") {
        const fs::path photo = dir / "story/photo.jpg";
        fs::create_directories(photo.parent_path());
        test::write_file(photo, encode_jpeg(gradient(600, 400)));
        exiv2_set(photo, {"set Iptc.Envelope.CharacterSet String \x1B%G",
                          "set Iptc.Application2.Caption String Lanterns over the quay at dusk.",
                          "set Iptc.Application2.Credit String Ōkami Wire/Jane Roe",
                          "set Iptc.Application2.Byline String Jane Roe"});
        article.source_path = (dir / "story/story.md").string();
        article.meta.headline = "Harbour night";
        article.meta.language = "en";
        article.blocks.push_back(
            galley::Paragraph{{}, galley::text_inlines("The quay was lit for the festival.")});
        galley::Figure figure;
        figure.image = galley::ImageRef{"photo.jpg", {}, {}, 0, 0};
        figure.alt = "Lanterns on a quay";
        if (!own_caption.empty()) figure.caption = galley::text_inlines(own_caption);
        article.blocks.push_back(figure);
        article.blocks.push_back(
            galley::Paragraph{{}, galley::text_inlines("Boats passed until midnight.")});
    }
};

std::string epub_xhtml(const galley::Article& article, const galley::EpubOptions& options = {}) {
    TempDir dir;
    galley::MemorySink sink;
    galley::write_epub(article, options, sink);
    test::write_file(dir / "book.epub", sink.data());
    const auto result = test::run_command(
        {"/usr/bin/unzip", "-p", (dir / "book.epub").string(), "OEBPS/article.xhtml"});
    EXPECT_EQ(result.status, 0) << result.err;
    return result.out;
}

TEST(ImageFigures, FillFromMetadataLeavesWhatTheArticleSays) {
    CreditedPhotoStory story("The article's own caption.");
    std::get<galley::Figure>(story.article.blocks[1].node).credit.line = "Own Credit";
    galley::Warnings warnings;
    galley::fill_figures_from_image_metadata(story.article, warnings);
    const auto& figure = std::get<galley::Figure>(story.article.blocks[1].node);
    EXPECT_EQ(galley::plain_text(figure.caption), "The article's own caption.");
    EXPECT_EQ(figure.credit.line, "Own Credit");
    EXPECT_EQ(figure.credit.creator, "Jane Roe"); // the article left it empty
    EXPECT_EQ(figure.alt, "Lanterns on a quay");

    // An image that cannot be read is left for the backend to report.
    galley::Article missing = story.article;
    std::get<galley::Figure>(missing.blocks[1].node).image->src = "gone.jpg";
    std::get<galley::Figure>(missing.blocks[1].node).credit = {};
    galley::fill_figures_from_image_metadata(missing, warnings);
    EXPECT_TRUE(std::get<galley::Figure>(missing.blocks[1].node).credit.empty());
}

TEST(ImageFigures, EpubFigcaptionTakesThePhotosCaptionAndCredit) {
    CreditedPhotoStory story;
    const std::string xhtml = epub_xhtml(story.article);
    EXPECT_TRUE(contains(xhtml, "<small class=\"credit\">Ōkami Wire/Jane Roe</small>")) << xhtml;
    EXPECT_TRUE(contains(xhtml, "<span class=\"caption\">Lanterns over the quay at dusk.</span>"))
        << xhtml;
    // The article's own caption wins.
    CreditedPhotoStory own("The article's own caption.");
    const std::string own_xhtml = epub_xhtml(own.article);
    EXPECT_TRUE(contains(own_xhtml, "The article's own caption.")) << own_xhtml;
    EXPECT_FALSE(contains(own_xhtml, "Lanterns over the quay")) << own_xhtml;
}

TEST(ImageFigures, PdfTextShowsThePhotosCaptionAndCredit) {
    CreditedPhotoStory story;
    galley::FileSink sink(story.dir / "story.pdf");
    galley::write_pdf(story.article, {}, sink);
    const std::string text = pdf_text(story.dir / "story.pdf");
    EXPECT_TRUE(contains(text, "Lanterns over the quay at dusk.")) << text;
    EXPECT_TRUE(contains(text, "Ōkami Wire/Jane Roe")) << text;
}

TEST(ImageFigures, PrintTextShowsThePhotosCaptionAndCredit) {
    CreditedPhotoStory story;
    galley::FileSink sink(story.dir / "story-print.pdf");
    galley::write_print(story.article, {}, sink);
    const std::string text = pdf_text(story.dir / "story-print.pdf");
    EXPECT_TRUE(contains(text, "Lanterns over the quay at dusk.")) << text;
    EXPECT_TRUE(contains(text, "Ōkami Wire/Jane Roe")) << text;
}

TEST(ImageFigures, EveryBackendRefusesImagesOutsideTheFolderUnlessAllowed) {
    CreditedPhotoStory story;
    fs::rename(story.dir / "story/photo.jpg", story.dir / "photo.jpg");
    std::get<galley::Figure>(story.article.blocks[1].node).image->src = "../photo.jpg";
    const std::string article_file = story.article.source_path;
    const auto refused = [&](const std::function<void()>& write) {
        const std::string message = expect_error(write, ErrorCode::invalid);
        EXPECT_TRUE(contains(message, article_file) && contains(message, "../photo.jpg"))
            << message;
    };
    galley::MemorySink sink;
    refused([&] { galley::write_epub(story.article, {}, sink); });
    refused([&] { galley::write_pdf(story.article, {}, sink); });
    refused([&] { galley::write_print(story.article, {}, sink); });
    EXPECT_TRUE(sink.data().empty());

    galley::EpubOptions epub;
    epub.image_policy.allow_outside = true;
    EXPECT_TRUE(contains(epub_xhtml(story.article, epub), "Ōkami Wire/Jane Roe"));
    galley::PdfOptions pdf;
    pdf.image_policy.allow_outside = true;
    galley::MemorySink pdf_sink;
    galley::write_pdf(story.article, pdf, pdf_sink);
    EXPECT_TRUE(pdf_sink.finished());
    galley::PrintOptions print;
    print.image_policy.allow_outside = true;
    print.output = galley::PrintOutput::layout;
    galley::MemorySink print_sink;
    galley::write_print(story.article, print, print_sink);
    EXPECT_TRUE(print_sink.finished());
}

TEST(ImageFigures, EmbeddedImagesAreCheckedAsFilesAre) {
    CreditedPhotoStory story;
    auto& figure = std::get<galley::Figure>(story.article.blocks[1].node);
    figure.image->src.clear();
    figure.image->data = jpeg_header_claiming(60000, 60000);
    galley::MemorySink sink;
    expect_error([&] { galley::write_epub(story.article, {}, sink); }, ErrorCode::limit);
    expect_error([&] { galley::write_pdf(story.article, {}, sink); }, ErrorCode::limit);
    expect_error([&] { galley::write_print(story.article, {}, sink); }, ErrorCode::limit);
}

} // namespace
