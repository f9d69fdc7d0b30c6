// Hostile images (issue 9): a JPEG whose header claims 60,000 × 60,000 pixels, truncated JPEG
// and PNG files, a PNG with a bad CRC, a GIF named .jpg, a zero-byte image, and image paths
// that are absolute, climb out with ../, lead to a device, a FIFO or a symbolic-link loop —
// each in an article beside a good one, through the CLI, within the bounds of hostile.hpp.
// What each gives is in README.md ("Photo credits and image metadata").
#include "hostile/hostile.hpp"

#include <sys/stat.h>

using namespace galley::test;
using namespace galley::test::hostile;

namespace {

std::string sample(const std::string& name) {
    return read_file(source_dir() / "samples/photos" / name);
}

// A JPEG header that claims `width` × `height` pixels, with no pixels behind it.
std::string jpeg_header_claiming(int width, int height) {
    std::string bytes("\xFF\xD8\xFF\xC0\x00\x11\x08", 7);
    bytes += static_cast<char>(height >> 8);
    bytes += static_cast<char>(height & 0xFF);
    bytes += static_cast<char>(width >> 8);
    bytes += static_cast<char>(width & 0xFF);
    bytes += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xFF\xD9", 12);
    return bytes;
}

// A whole 1 × 1 GIF.
std::string tiny_gif() {
    static constexpr unsigned char bytes[] = {'G',  'I',  'F',  '8',  '9',  'a',  0x01, 0x00, 0x01,
                                              0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
                                              0xFF, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
                                              0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// An article in in/ showing the image `src`.
void add_article(Batch& batch, const std::string& name, const std::string& src) {
    write_file(batch.in() / name, "---\ntitle: Photo " + name +
                                      "\nlang: en\n---\n\n"
                                      "Before the photo.\n\n![A caption for the photo](" +
                                      src + " \"A. Photographer\")\n\nAfter the photo.\n");
}

// The one error line for `name` in `err`.
std::string error_for(const std::string& err, const Batch& batch, const std::string& name) {
    std::string line = lines_with(err, "galley: " + (batch.in() / name).string() + ":");
    EXPECT_EQ(count(line, "\n"), 1u) << name << ":\n" << err;
    return line;
}

void expect_in(const std::string& line, const std::string& part) {
    EXPECT_NE(line.find(part), std::string::npos) << "expected '" << part << "' in: " << line;
}

// The JSON report's error for each input, by file name ("" when it converted).
std::map<std::string, std::string> report_errors(const std::string& out) {
    std::map<std::string, std::string> errors;
    std::size_t start = 0;
    for (std::size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
        const auto line = nlohmann::json::parse(out.substr(start, nl - start));
        if (!line.contains("input")) continue;
        errors[fs::path(line["input"].get<std::string>()).filename().string()] =
            line["error"].is_null() ? std::string() : line["error"].get<std::string>();
    }
    return errors;
}

} // namespace

TEST(HostileImages, EachBadImageFailsItsArticleAloneClearlyAndQuickly) {
    Batch batch;
    const fs::path photos = batch.in() / "photos";
    fs::create_directories(photos);
    write_file(photos / "huge.jpg", jpeg_header_claiming(60000, 60000));
    const std::string jpeg = sample("steppe-rail.jpg");
    write_file(photos / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));
    const std::string png = sample("budget-chart.png");
    write_file(photos / "cut.png", png.substr(0, png.size() * 2 / 3));
    std::string bad_crc = png;
    bad_crc[png.size() / 2] = static_cast<char>(bad_crc[png.size() / 2] ^ 0x40);
    write_file(photos / "crc.png", bad_crc);
    write_file(photos / "zero.jpg", "");
    write_file(batch.root() / "outside.jpg", jpeg);
    fs::create_symlink("/dev/zero", photos / "device.jpg");
    ASSERT_EQ(::mkfifo((photos / "pipe.jpg").c_str(), 0600), 0);
    write_file(photos / "good.jpg", jpeg);

    add_article(batch, "huge.md", "photos/huge.jpg");
    add_article(batch, "cut-jpeg.md", "photos/cut.jpg");
    add_article(batch, "cut-png.md", "photos/cut.png");
    add_article(batch, "crc.md", "photos/crc.png");
    add_article(batch, "zero.md", "photos/zero.jpg");
    add_article(batch, "absolute.md", (source_dir() / "samples/photos/steppe-rail.jpg").string());
    add_article(batch, "climb.md", "../outside.jpg");
    add_article(batch, "device.md", "photos/device.jpg");
    add_article(batch, "fifo.md", "photos/pipe.jpg");
    add_article(batch, "photo.md", "photos/good.jpg");
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print", {"--json", "-j", "2"});
    EXPECT_EQ(r.status, 1) << r.err; // some inputs failed
    EXPECT_LT(r.seconds, 10) << "the whole batch";

    const auto in = [&](const std::string& name) { return (batch.in() / name).string(); };
    std::string line = error_for(r.err, batch, "huge.md");
    expect_in(line, "image " + in("photos/huge.jpg"));
    expect_in(line, "claims 60000 × 60000 pixels, over the limit of 100000000 pixels; it was "
                    "not decoded");
    expect_in(error_for(r.err, batch, "cut-jpeg.md"), "is damaged: the JPEG is cut short");
    expect_in(error_for(r.err, batch, "cut-png.md"), "is damaged: the PNG is cut short");
    expect_in(error_for(r.err, batch, "crc.md"), "does not match");
    line = error_for(r.err, batch, "zero.md");
    expect_in(line, in("photos/zero.jpg") + " is empty (0 bytes)");
    line = error_for(r.err, batch, "absolute.md");
    expect_in(line, "is an absolute path; images must be inside the article's folder "
                    "(--allow-outside allows others)");
    expect_in(error_for(r.err, batch, "climb.md"),
              "image '../outside.jpg' climbs out of the article's folder with '..'");
    // A symbolic link inside the article's folder is followed (issue 13), to a device that
    // is refused without being read.
    expect_in(error_for(r.err, batch, "device.md"),
              "image /dev/zero is a device, not a file; it was not read");
    line = error_for(r.err, batch, "fifo.md");
    expect_in(line,
              in("photos/pipe.jpg") + " is a FIFO (named pipe), not a file; it was not opened");

    // The machine report says the same, input by input.
    const auto errors = report_errors(r.out);
    EXPECT_EQ(errors.size(), 11u) << r.out;
    for (const auto& [name, error] : errors) {
        if (name == "good.md" || name == "photo.md") {
            EXPECT_EQ(error, "") << name;
        } else {
            EXPECT_NE(error.find(in(name)), std::string::npos) << name << ": " << error;
        }
    }

    // The good articles converted, and nothing else is in out/.
    expect_good_outputs(batch.out(), "good", {"pdf", "epub", "print"});
    expect_good_outputs(batch.out(), "photo", {"pdf", "epub", "print"}, "Photo photo.md");
    std::map<std::string, std::intmax_t> files;
    for (const auto& [name, size] : listing(batch.out()))
        if (size >= 0) files[name] = size;
    std::vector<std::string> names;
    for (const auto& entry : files) names.push_back(entry.first);
    EXPECT_EQ(names, (std::vector<std::string>{"good-print.pdf", "good.epub", "good.pdf",
                                               "photo-print.pdf", "photo.epub", "photo.pdf"}));
}

TEST(HostileImages, AllowOutsideStillRefusesDevicesAndFifos) {
    Batch batch;
    fs::create_directories(batch.root() / "elsewhere");
    const fs::path fifo = batch.root() / "elsewhere/pipe.jpg";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    add_article(batch, "zero.md", "/dev/zero");
    add_article(batch, "urandom.md", "file:///dev/urandom");
    add_article(batch, "fifo.md", fifo.string());
    add_article(batch, "absolute.md", (source_dir() / "samples/photos/steppe-rail.jpg").string());
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print", {"--allow-outside"});
    EXPECT_EQ(r.status, 1) << r.err;
    expect_in(error_for(r.err, batch, "zero.md"),
              "image /dev/zero is a device, not a file; it was not read");
    expect_in(error_for(r.err, batch, "urandom.md"),
              "image /dev/urandom is a device, not a file; it was not read");
    expect_in(error_for(r.err, batch, "fifo.md"), "is a FIFO (named pipe), not a file");
    // An image elsewhere is taken when it is allowed: the sample photo, with the credit its
    // IPTC carries in every output.
    EXPECT_EQ(lines_with(r.err, "galley: " + (batch.in() / "absolute.md").string()), "");
    expect_good_outputs(batch.out(), "absolute", {"pdf", "epub", "print"}, "Photo absolute.md");
    expect_good_outputs(batch.out(), "good", {"pdf", "epub", "print"});
    EXPECT_EQ(listing(batch.out()).size(), 6u);
}

TEST(HostileImages, AGifNamedJpgIsAGifInEveryBackend) {
    Batch batch;
    fs::create_directories(batch.in() / "photos");
    write_file(batch.in() / "photos/anim.jpg", tiny_gif());
    add_article(batch, "gif.md", "photos/anim.jpg");
    batch.add_good();

    // EPUB holds GIF: it is stored as what it is.
    auto r = batch.convert({batch.in()}, "epub");
    EXPECT_EQ(r.status, 0) << r.err;
    bool stored = false;
    for (const auto& [name, bytes] : zip_entries(batch.out() / "gif.epub"))
        stored = stored || (name == "OEBPS/images/anim.gif" && bytes == tiny_gif());
    EXPECT_TRUE(stored);
    expect_good_outputs(batch.out(), "good", {"epub"});

    // The PDF and print backends place JPEG and PNG only, and say so.
    fs::remove_all(batch.out());
    r = batch.convert({batch.in()}, "pdf,print");
    EXPECT_EQ(r.status, 1) << r.err;
    expect_in(error_for(r.err, batch, "gif.md"),
              "image 'photos/anim.jpg' (image/gif) is not a JPEG or PNG image, which is what the "
              "PDF and print backends place");
    expect_good_outputs(batch.out(), "good", {"pdf", "print"});
    EXPECT_EQ(listing(batch.out()).size(), 2u);
}

// A symbolic-link loop in the article's folder. (Run without hostile::Batch, whose listing of
// the batch folder cannot walk past a link loop; the same checks are made here by hand.)
TEST(HostileImages, ASymbolicLinkLoopIsReportedNotFollowed) {
    TempDir dir;
    const fs::path in = dir / "in", out = dir / "out";
    fs::create_directories(in / "photos");
    fs::create_symlink("loop-b.jpg", in / "photos/loop-a.jpg");
    fs::create_symlink("loop-a.jpg", in / "photos/loop-b.jpg");
    write_file(in / "loop.md", "---\ntitle: Loop\n---\n\n![A loop](photos/loop-a.jpg)\n");
    write_file(in / "good.md", kGoodArticle);
    const auto inputs_before = [&] {
        std::map<std::string, std::intmax_t> files;
        for (const auto& entry : fs::recursive_directory_iterator(in))
            files[entry.path().lexically_relative(in).string()] =
                entry.is_symlink()     ? -2
                : entry.is_directory() ? -1
                                       : static_cast<std::intmax_t>(entry.file_size());
        return files;
    };
    const auto before = inputs_before();

    for (const char* formats : {"pdf,epub,print", "epub"}) {
        fs::remove_all(out);
        Bounds bounds;
        bounds.seconds = seconds_allowed();
        bounds.address_space = kAddressSpace;
        const BoundedResult r = run_bounded(
            {cli().string(), "convert", in.string(), "--to", formats, "-o", out.string()}, bounds);
        EXPECT_FALSE(r.timed_out);
        EXPECT_EQ(r.signal, 0);
        EXPECT_EQ(r.status, 1) << r.err;
        const std::string line = lines_with(r.err, "galley: " + (in / "loop.md").string() + ":");
        EXPECT_EQ(count(line, "\n"), 1u) << r.err;
        expect_in(line, "image 'photos/loop-a.jpg' leads into a symbolic-link loop");
        EXPECT_EQ(lines_with(r.err, "galley: " + (in / "good.md").string()), "") << r.err;
        if (std::string(formats) == "epub") {
            expect_good_outputs(out, "good", {"epub"});
            EXPECT_EQ(listing(out).size(), 1u);
        } else {
            expect_good_outputs(out, "good", {"pdf", "epub", "print"});
            EXPECT_EQ(listing(out).size(), 3u);
        }
        EXPECT_EQ(inputs_before(), before);
    }
}
