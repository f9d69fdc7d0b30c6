// Effective resolution: a photo whose pixels cannot carry its box at the medium's threshold
// (150 ppi for print, 96 for pdf, `--min-ppi N`) is set at the size it can carry, centred,
// with a warning naming the figure, its pixels and its ppi — unless `--upscale`. Placed sizes
// are measured in the PDFs with `pdfimages -list` (x-ppi and y-ppi of each placed image) and
// in the print layout's dump.
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"

#include "image/placement.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace test = galley::test;
using test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void run_ok(const std::vector<std::string>& argv) {
    const test::CommandResult r = test::run_command(argv);
    ASSERT_EQ(r.status, 0) << argv[0] << ": " << r.err << r.out;
}

// The images placed in a PDF, by their pixel size ("30x14"): the effective resolution poppler
// computes from the page's matrix.
struct Placed {
    int x_ppi = 0, y_ppi = 0;
};
std::map<std::string, Placed> placed_images(const fs::path& pdf) {
    const test::CommandResult list =
        test::run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
    EXPECT_EQ(list.status, 0) << list.err;
    std::map<std::string, Placed> images;
    std::istringstream lines(list.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string field; fields >> field;) f.push_back(field);
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
        if (f.size() < 14 || f[2] != "image") continue;
        images[f[3] + "x" + f[4]] = {std::stoi(f[12]), std::stoi(f[13])};
    }
    return images;
}

// A box of the print layout's dump: "x=82.2 y=514.0 w=232.4 h=14.7".
struct DumpBox {
    double x = 0, y = 0, w = 0, h = 0;
};
double dump_value(const std::string& line, const std::string& key) {
    const auto at = line.find(" " + key + "=");
    if (at == std::string::npos) return NAN;
    return std::stod(line.substr(at + key.size() + 2));
}
DumpBox dump_box(const std::string& line) {
    return {dump_value(line, "x"), dump_value(line, "y"), dump_value(line, "w"),
            dump_value(line, "h")};
}

// The photo `image` in a layout dump, the column it is set in, and the first caption line
// after it.
struct DumpFigure {
    bool found = false;
    DumpBox photo, column, caption;
};
DumpFigure dump_figure(const std::string& dump, const std::string& image) {
    DumpFigure figure;
    std::istringstream lines(dump);
    std::string line, column;
    while (std::getline(lines, line)) {
        if (contains(line, "  column ")) column = line;
        if (contains(line, "\"image '" + image + "'\"")) {
            figure.found = true;
            figure.photo = dump_box(line);
            figure.column = dump_box(column);
        } else if (figure.found && contains(line, "figcaption#")) {
            figure.caption = dump_box(line);
            break;
        }
    }
    return figure;
}

const std::string article_text =
    "# Resolution\n\n"
    "The lead photo is big enough for print. Lorem ipsum dolor sit amet, consectetur "
    "adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n"
    "![A big photo, well over the threshold](big.jpg \"Big Photographer\")\n\n"
    "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea "
    "commodo consequat.\n\n"
    "![A tiny thumbnail that must not fill a column](tiny.jpg \"Icon Maker\")\n\n"
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat "
    "nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia "
    "deserunt mollit anim id est laborum.\n\n"
    "![A middling picture, 100 by 60 pixels](mid.jpg \"Mid Person\")\n\n"
    "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque "
    "laudantium, totam rem aperiam.\n";

// The three photos and the article, made once; each test converts into a folder of its own.
class Resolution : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<TempDir>();
        const TempDir& dir = *dir_;
        run_ok({"/usr/bin/convert", "-size", "2400x1600", "gradient:#3060a0-#a0c0e0",
                (dir / "big.jpg").string()});
        run_ok({"/usr/bin/convert", "-size", "30x14", "xc:#20a040", "-fill", "#ffd000", "-draw",
                "rectangle 0,0 9,6", (dir / "tiny.jpg").string()});
        run_ok({"/usr/bin/convert", "-size", "100x60", "gradient:#c04020-#f0d0a0",
                (dir / "mid.jpg").string()});
        test::write_file(dir / "r.md", article_text);
        // The default sheet with every print photo 45 mm wide: the 100 × 60 one is 56 ppi.
        test::write_file(dir / "narrow.css",
                         test::read_file(test::source_dir() / "styles/default.css") +
                             "\n@media print {\n  img {\n    width: 45mm;\n  }\n}\n");
    }
    static void TearDownTestSuite() { dir_.reset(); }

    // `galley convert r.md ARGS… -o OUT`, expected to succeed.
    static test::CommandResult convert(const TempDir& out, std::vector<std::string> args) {
        std::vector<std::string> argv = {test::cli().string(), "convert",
                                         (*dir_ / "r.md").string()};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("-o");
        argv.push_back(out.path().string());
        test::CommandResult r = test::run_command(argv);
        EXPECT_EQ(r.status, 0) << r.err;
        return r;
    }

    static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> Resolution::dir_;

TEST_F(Resolution, PrintSetsPhotosAtTheSizeTheirPixelsCarry) {
    const TempDir out;
    const test::CommandResult r = convert(out, {"--to", "print,layout"});
    // The tiny one in a 232 pt column would be 9 ppi, the middling one 30 ppi.
    EXPECT_TRUE(contains(r.err, "r.md: warning: figure 2 (tiny.jpg, 30×14 px) would be placed at "
                                "9 ppi, below 150 ppi for print; set at the size it can carry "
                                "(5.1 mm wide"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "r.md: warning: figure 3 (mid.jpg, 100×60 px) would be placed at "
                                "30 ppi, below 150 ppi for print; set at the size it can carry "
                                "(16.9 mm wide"))
        << r.err;
    EXPECT_FALSE(contains(r.err, "big.jpg")) << r.err;
    EXPECT_FALSE(contains(r.err, "figure 1")) << r.err;

    // Placed at 150 ppi exactly; the big photo far above it.
    const auto images = placed_images(out / "r-print.pdf");
    ASSERT_EQ(images.size(), 3u);
    EXPECT_EQ(images.at("30x14").x_ppi, 150);
    EXPECT_EQ(images.at("30x14").y_ppi, 150);
    EXPECT_EQ(images.at("100x60").x_ppi, 150);
    EXPECT_GT(images.at("2400x1600").x_ppi, 300);

    // Centred in its column, its caption below it in a centred measure.
    const std::string dump = test::read_file(out / "r.layout.txt");
    for (const char* name : {"tiny.jpg", "mid.jpg"}) {
        const DumpFigure figure = dump_figure(dump, name);
        ASSERT_TRUE(figure.found) << name << "\n" << dump;
        EXPECT_NEAR(figure.photo.x + figure.photo.w / 2, figure.column.x + figure.column.w / 2, 0.2)
            << name;
        EXPECT_NEAR(figure.caption.x + figure.caption.w / 2, figure.column.x + figure.column.w / 2,
                    0.2)
            << name;
        EXPECT_GE(figure.caption.y, figure.photo.y + figure.photo.h) << name;
        EXPECT_LT(figure.photo.w, figure.column.w / 3) << name;
    }
    EXPECT_NEAR(dump_figure(dump, "tiny.jpg").photo.w, 30 * 72.0 / 150, 0.1);
    EXPECT_NEAR(dump_figure(dump, "mid.jpg").photo.w, 100 * 72.0 / 150, 0.1);
}

TEST_F(Resolution, UpscaleFillsTheColumnAndStillWarns) {
    const TempDir out;
    const test::CommandResult r = convert(out, {"--to", "print,layout", "--upscale"});
    EXPECT_TRUE(contains(r.err, "figure 2 (tiny.jpg, 30×14 px) is placed at 9 ppi, below 150 ppi "
                                "for print (enlarged: --upscale)"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "figure 3 (mid.jpg, 100×60 px) is placed at 30 ppi")) << r.err;
    const auto images = placed_images(out / "r-print.pdf");
    ASSERT_EQ(images.size(), 3u);
    EXPECT_LE(images.at("30x14").x_ppi, 10);
    EXPECT_LE(images.at("100x60").x_ppi, 31);
    const std::string dump = test::read_file(out / "r.layout.txt");
    const DumpFigure tiny = dump_figure(dump, "tiny.jpg");
    ASSERT_TRUE(tiny.found);
    EXPECT_NEAR(tiny.photo.w, tiny.column.w, 0.1);
}

TEST_F(Resolution, PdfThresholdIs96) {
    const TempDir out;
    const test::CommandResult r = convert(out, {"--to", "pdf"});
    EXPECT_TRUE(contains(r.err, "figure 2 (tiny.jpg, 30×14 px) would be placed at 4 ppi, below 96 "
                                "ppi for pdf; set at the size it can carry (7.9 mm wide"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "figure 3 (mid.jpg, 100×60 px) would be placed at 14 ppi, below "
                                "96 ppi for pdf"))
        << r.err;
    EXPECT_FALSE(contains(r.err, "big.jpg")) << r.err;
    const auto images = placed_images(out / "r.pdf");
    ASSERT_EQ(images.size(), 3u);
    EXPECT_EQ(images.at("30x14").x_ppi, 96);
    EXPECT_EQ(images.at("100x60").x_ppi, 96);
    EXPECT_GT(images.at("2400x1600").x_ppi, 300);

    const test::CommandResult up = convert(out, {"--to", "pdf", "--upscale"});
    EXPECT_TRUE(contains(up.err, "figure 2 (tiny.jpg, 30×14 px) is placed at 4 ppi")) << up.err;
    EXPECT_LE(placed_images(out / "r.pdf").at("30x14").x_ppi, 5);
}

TEST_F(Resolution, MinPpiSetsTheThreshold) {
    const TempDir out;
    const std::string style = (*dir_ / "narrow.css").string();
    // At 45 mm the middling photo is 56 ppi: below the default 150 …
    const test::CommandResult strict = convert(out, {"--to", "print", "--style", style});
    EXPECT_TRUE(contains(strict.err, "figure 3 (mid.jpg, 100×60 px) would be placed at 56 ppi, "
                                     "below 150 ppi for print"))
        << strict.err;
    EXPECT_EQ(placed_images(out / "r-print.pdf").at("100x60").x_ppi, 150);

    // … and above 50: no warning, placed 45 mm wide; the tiny one is still set small.
    const test::CommandResult lenient =
        convert(out, {"--to", "print", "--style", style, "--min-ppi", "50"});
    EXPECT_FALSE(contains(lenient.err, "mid.jpg")) << lenient.err;
    EXPECT_TRUE(contains(lenient.err, "figure 2 (tiny.jpg, 30×14 px) would be placed at 16 ppi, "
                                      "below 50 ppi for print"))
        << lenient.err;
    const auto images = placed_images(out / "r-print.pdf");
    EXPECT_EQ(images.at("100x60").x_ppi, 56);
    EXPECT_EQ(images.at("30x14").x_ppi, 50);

    // For the PDF too.
    const test::CommandResult pdf = convert(out, {"--to", "pdf", "--min-ppi", "10"});
    EXPECT_FALSE(contains(pdf.err, "mid.jpg")) << pdf.err;
    EXPECT_TRUE(contains(pdf.err, "below 10 ppi for pdf")) << pdf.err;
}

TEST_F(Resolution, TheJsonReportCarriesTheWarning) {
    const TempDir out;
    const test::CommandResult r = convert(out, {"--to", "print", "--json"});
    std::istringstream lines(r.out);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
        const nlohmann::json item = nlohmann::json::parse(line);
        if (!item.contains("warnings")) continue;
        for (const auto& warning : item["warnings"]) {
            const std::string text =
                warning.is_string() ? warning.get<std::string>() : warning.dump();
            if (contains(text, "figure 2 (tiny.jpg, 30×14 px) would be placed at 9 ppi"))
                found = true;
        }
    }
    EXPECT_TRUE(found) << r.out;
}

TEST_F(Resolution, EpubIsNotChecked) {
    const TempDir out;
    const test::CommandResult r = convert(out, {"--to", "epub"});
    EXPECT_FALSE(contains(r.err, "ppi")) << r.err;
}

TEST_F(Resolution, BadMinPpiIsAUsageError) {
    for (const char* bad : {"0", "-3", "abc", "12px", "nan", "inf", ""}) {
        const test::CommandResult r =
            test::run_command({test::cli().string(), "convert", (*dir_ / "r.md").string(), "--to",
                               "pdf", "--min-ppi", bad, "-o", (*dir_ / "unused").string()});
        EXPECT_EQ(r.status, 2) << bad;
        EXPECT_TRUE(contains(r.err, "--min-ppi takes a resolution in pixels per inch above 0"))
            << bad << ": " << r.err;
    }
    EXPECT_FALSE(fs::exists(*dir_ / "unused/r.pdf"));
    // The help names both options.
    const test::CommandResult help = test::run_command({test::cli().string(), "convert", "--help"});
    EXPECT_TRUE(contains(help.out, "--min-ppi N")) << help.out;
    EXPECT_TRUE(contains(help.out, "--upscale")) << help.out;
}

TEST_F(Resolution, TheLibraryRefusesABadMinimum) {
    galley::ReadResult read = galley::read_article_file((*dir_ / "r.md").string());
    galley::Warnings warnings;
    galley::MemorySink sink;
    galley::PdfOptions pdf;
    pdf.style = galley::load_style("default", warnings);
    pdf.min_ppi = 0;
    try {
        galley::write_pdf(read.article, pdf, sink);
        ADD_FAILURE() << "write_pdf took min_ppi 0";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::usage);
    }
    galley::PrintOptions print;
    print.min_ppi = -1;
    try {
        galley::write_print(read.article, print, sink);
        ADD_FAILURE() << "write_print took min_ppi -1";
    } catch (const galley::Error& error) {
        EXPECT_EQ(error.code(), galley::ErrorCode::usage);
    }
}

// ---------------------------------------------------------------------------------------------
// The rule itself

TEST(ResolutionRule, FitAndMessages) {
    using namespace galley::detail;
    ResolutionRule rule{"print", 150, false};
    // 30 px across a 216 pt (3 in) box is 10 ppi: set 14.4 pt wide.
    PhotoFit fit = fit_photo(30, 14, 216, 100.8, rule);
    EXPECT_TRUE(fit.low);
    EXPECT_TRUE(fit.reduced);
    EXPECT_NEAR(fit.ppi, 10, 1e-9);
    EXPECT_NEAR(fit.width, 14.4, 1e-9);
    EXPECT_NEAR(fit.height, 6.72, 1e-9);
    EXPECT_EQ(low_resolution_message(3, "photos/thumb.jpg", 30, 14, fit, rule),
              "figure 3 (photos/thumb.jpg, 30×14 px) would be placed at 10 ppi, below 150 ppi for "
              "print; set at the size it can carry (5.1 mm wide; --upscale enlarges it, "
              "--min-ppi sets the limit)");
    // Covering a box of other proportions, the scarcer direction counts.
    EXPECT_NEAR(effective_ppi(300, 100, 144, 72), 100, 1e-9);
    // Enough pixels: untouched.
    fit = fit_photo(2400, 1600, 216, 144, rule);
    EXPECT_FALSE(fit.low);
    EXPECT_FALSE(fit.reduced);
    EXPECT_EQ(fit.width, 216);
    // Exactly at the threshold is not low, nor less than 1% under it; more is.
    fit = fit_photo(450, 300, 216, 144, rule);
    EXPECT_FALSE(fit.low);
    EXPECT_FALSE(fit_photo(447, 298, 216, 144, rule).low); // 149 ppi
    EXPECT_TRUE(fit_photo(444, 296, 216, 144, rule).low);  // 148 ppi
    // Upscale: the box as asked, with the warning.
    rule.upscale = true;
    fit = fit_photo(30, 14, 216, 100.8, rule);
    EXPECT_TRUE(fit.low);
    EXPECT_FALSE(fit.reduced);
    EXPECT_EQ(fit.width, 216);
    EXPECT_EQ(low_resolution_message(1, "a.jpg", 30, 14, fit, rule),
              "figure 1 (a.jpg, 30×14 px) is placed at 10 ppi, below 150 ppi for print "
              "(enlarged: --upscale)");
    // No threshold: no check.
    fit = fit_photo(30, 14, 216, 100.8, ResolutionRule{"epub", 0, false});
    EXPECT_FALSE(fit.low);
}

} // namespace
