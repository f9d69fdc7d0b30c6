// Hostile style sheets (issue 9): 10,000 nested var(), a 1 MB selector, a url() that climbs
// out of the sheet's folder, a font file that is not a font — with articles converted through
// the CLI, within the bounds of hostile.hpp. A style sheet applies to the whole batch, so a
// problem in it is a warning (the rest of the sheet still styles every article) or an error
// before any article is read.
#include "hostile/hostile.hpp"

#include "galley/resources.hpp"

using namespace galley::test;
using namespace galley::test::hostile;

namespace {

const std::vector<std::string> kAllFormats = {"pdf", "epub", "print", "json"};

// The fonts a PDF uses, as pdffonts lists them.
std::string pdf_fonts(const fs::path& pdf) {
    CommandResult r = run_command({"/usr/bin/pdffonts", pdf.string()});
    EXPECT_EQ(r.status, 0) << pdf << ": " << r.err;
    return r.out;
}

} // namespace

TEST(HostileStyle, TenThousandNestedVars) {
    Batch batch;
    // Each custom property twice the one before (2^9999 tokens if expanded), a chain of 10,000
    // properties each naming the one before, and one value with 10,000 nested fallbacks.
    std::string css = "article {\n  --a0: x;\n";
    for (int i = 1; i < 10000; ++i)
        css += "  --a" + std::to_string(i) + ": var(--a" + std::to_string(i - 1) + ") var(--a" +
               std::to_string(i - 1) + ");\n";
    for (int i = 1; i < 10000; ++i)
        css += "  --b" + std::to_string(i) + ": var(--b" + std::to_string(i - 1) + ");\n";
    css += "  --b0: serif;\n}\n"; // line 20001
    css += "p { font-family: var(--a9999); }\n";
    css += "headline { font-family: var(--b9999); }\n";
    css += "p { color: ";
    for (int i = 0; i < 10000; ++i) css += "var(--n, ";
    css += "red";
    for (int i = 0; i < 10000; ++i) css += ")";
    css += "; }\n";
    write_file(batch.root() / "style" / "vars.css", css);
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json",
                           {"--style", (batch.root() / "style" / "vars.css").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    const std::string sheet = (batch.root() / "style" / "vars.css").string();
    for (const std::string& w :
         {sheet + ":18:3: warning: custom property '--a16' is invalid: var() substitution grows past 65536 tokens",
          sheet + ":10034:3: warning: custom property '--b33' is invalid: var() substitution nested deeper than 32 levels",
          sheet + ":20005:5: warning: 'color' is invalid: var() substitution nested deeper than 32 levels"})
        EXPECT_NE(r.err.find(w), std::string::npos) << w << "\n" << r.err;
    EXPECT_LT(r.err.size(), 10000u) << "a flood of warnings";
    expect_good_outputs(batch.out(), "good", kAllFormats);
}

TEST(HostileStyle, AMegabyteSelector) {
    Batch batch;
    // A class name of 1 MiB and a descendant chain of 300,000 parts: dropped with a warning,
    // and the rule after them still applies (its ::before text is in the PDFs).
    const std::string sheet = (batch.root() / "style" / "selectors.css").string();
    std::string css = "." + std::string(1u << 20, 'a') + " { color: red }\np";
    for (int i = 0; i < 300000; ++i) css += " p";
    css += " { color: blue }\nheadline::before { content: \"AFTER-THE-BIG-SELECTORS \" }\n";
    write_file(sheet, css);
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json", {"--style", sheet});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find(sheet + ":1:1: warning: selector longer than 64 KiB (1024 KiB); rule dropped"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(sheet + ":2:1: warning: selector longer than 64 KiB (585 KiB); rule dropped"),
              std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    for (const char* pdf : {"good.pdf", "good-print.pdf"})
        EXPECT_NE(pdf_text(batch.out() / pdf).find(std::string("AFTER-THE-BIG-SELECTORS ") + kGoodHeadline),
                  std::string::npos)
            << pdf;
    // The book's style sheet has the rule after them and neither of the dropped ones.
    std::string book_css;
    for (const auto& [name, bytes] : zip_entries(batch.out() / "good.epub"))
        if (name.ends_with(".css")) book_css += bytes;
    EXPECT_NE(book_css.find("AFTER-THE-BIG-SELECTORS"), std::string::npos);
    EXPECT_EQ(book_css.find("aaaaaaaa"), std::string::npos);
    EXPECT_EQ(book_css.find("p p p"), std::string::npos);
}

TEST(HostileStyle, ASheetPastTheSizeLimitIsRefusedBeforeAnyWork) {
    Batch batch;
    const std::string sheet = (batch.root() / "style" / "huge.css").string();
    std::string css;
    while (css.size() <= (2u << 20)) css += "p { color: red }\n";
    write_file(sheet, css);
    batch.add_good();

    auto r = batch.convert({batch.in()}, "pdf,epub,print,json", {"--style", sheet});
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_EQ(r.err, "galley: " + sheet + ": the style sheet is 2048 KiB; galley reads style sheets of at most 2 MiB\n");
    EXPECT_FALSE(fs::exists(batch.out()));
}

TEST(HostileStyle, FontUrlsThatLeaveTheSheetFolderAreRefused) {
    Batch batch;
    // A real font outside the sheet's folder, named directly, through ../ and through a
    // symbolic link inside the folder; /etc/passwd; a device.
    fs::copy_file(galley::fonts_dir() / "NotoSansMono-Regular.ttf", batch.root() / "outside.ttf");
    const fs::path folder = batch.in() / "theme" / "house";
    fs::create_directories(folder / "fonts");
    fs::create_symlink(batch.root() / "outside.ttf", folder / "fonts" / "link.ttf");
    const std::string sheet = (folder / "house.css").string();
    write_file(sheet,
               "@font-face { font-family: Climber; src: url(../../../outside.ttf) }\n"
               "@font-face { font-family: Linked; src: url(fonts/link.ttf) }\n"
               "@font-face { font-family: Passwd; src: url(../../../../../../../../../../etc/passwd) }\n"
               "@font-face { font-family: Zero; src: url(/dev/zero) }\n"
               "headline, p { font-family: Climber, Linked, Passwd, Zero, serif }\n");
    batch.add_good();

    auto r = batch.convert({batch.in() / "good.md"}, "pdf,epub,print,json", {"--style", sheet, "--embed-fonts"});
    EXPECT_EQ(r.status, 0) << r.err;
    const std::string refused = "' is outside the style sheet's folder; refused";
    EXPECT_NE(r.err.find(sheet + ":1:41: warning: font url '../../../outside.ttf" + refused), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(sheet + ":2:40: warning: font url 'fonts/link.ttf" + refused), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(sheet + ":3:40: warning: font url '../../../../../../../../../../etc/passwd" + refused),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(sheet + ":4:38: warning: font url '/dev/zero' is not a regular file; ignored"),
              std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    for (const char* pdf : {"good.pdf", "good-print.pdf"}) {
        const std::string fonts = pdf_fonts(batch.out() / pdf);
        EXPECT_EQ(fonts.find("NotoSansMono"), std::string::npos) << pdf << "\n" << fonts;
        EXPECT_NE(fonts.find("NotoSerif"), std::string::npos) << pdf << "\n" << fonts;
    }
    for (const auto& [name, bytes] : zip_entries(batch.out() / "good.epub"))
        EXPECT_EQ(name.find("Mono"), std::string::npos) << name;

    // Allowed through GALLEY_FONT_PATH, the same sheet uses the outside font (so the checks
    // above can tell); /etc/passwd and the device are still refused.
    fs::remove_all(batch.out());
    Bounds allowed = batch.bounds();
    allowed.env.emplace_back("GALLEY_FONT_PATH", batch.root().string());
    auto a = batch.convert_with({batch.in() / "good.md"}, "pdf", {"--style", sheet}, allowed);
    EXPECT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(count(a.err, refused), 1u) << a.err;
    EXPECT_NE(a.err.find("is not a regular file"), std::string::npos) << a.err;
    EXPECT_NE(pdf_fonts(batch.out() / "good.pdf").find("NotoSansMono"), std::string::npos);
}

TEST(HostileStyle, AFontFileThatIsNotAFont) {
    Batch batch;
    const fs::path folder = batch.in() / "theme";
    write_file(folder / "fonts" / "fake.ttf", "This is not a font. SECRET-MARKER-5d1e\n");
    const std::string sheet = (folder / "fake.css").string();
    write_file(sheet,
               "@font-face { font-family: Fake; src: url(fonts/fake.ttf) format(\"truetype\") }\n"
               "headline, p { font-family: Fake, serif }\n");
    batch.add_good();

    auto r = batch.convert({batch.in() / "good.md"}, "pdf,epub,print,json", {"--style", sheet, "--embed-fonts"});
    // A warning naming the sheet, the rule's line and the file; the text falls back to the
    // next family, serif.
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find(sheet + ":1:1: warning: @font-face 'Fake': no source is a font galley can read (url(" +
                         (folder / "fonts" / "fake.ttf").string() + "))"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("warning: font 'Fake' regular not found; using Noto Serif Regular"), std::string::npos)
        << r.err;
    expect_good_outputs(batch.out(), "good", kAllFormats);
    for (const char* pdf : {"good.pdf", "good-print.pdf"})
        EXPECT_NE(pdf_fonts(batch.out() / pdf).find("NotoSerif-Regular"), std::string::npos) << pdf;
    EXPECT_EQ(everything_readable(batch.out()).find("SECRET-MARKER-5d1e"), std::string::npos);
}
