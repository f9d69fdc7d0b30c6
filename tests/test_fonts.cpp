// Fonts: resolution on the isolated configuration, detection of answers fontconfig makes up,
// glyph coverage and fallback runs, @font-face, and `galley fonts`.
#include "galley/fonts.hpp"

#include "galley/resources.hpp"
#include "support.hpp"

#include <fontconfig/fontconfig.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace galley {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const FontResolver& fonts() {
    return FontResolver::shared();
}

std::vector<std::string> messages(const Warnings& warnings) {
    std::vector<std::string> out;
    for (const auto& w : warnings) out.push_back(w.message);
    return out;
}

// The text of each run and the family of its font, for readable assertions.
std::vector<std::pair<std::string, std::string>> describe(std::string_view text,
                                                          const std::vector<TextRun>& runs) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& run : runs)
        out.emplace_back(std::string(text.substr(run.begin, run.end - run.begin)),
                         run.missing ? "(missing)" : run.font->family);
    return out;
}

FontRequest request(std::vector<std::string> families, int weight = 400, bool italic = false,
                    std::string language = {}) {
    FontRequest r;
    r.families = std::move(families);
    r.weight = weight;
    r.italic = italic;
    r.language = std::move(language);
    return r;
}

// Fails with the Debian packages to install when a declared fallback font is missing: the
// fallback tests must not pass by skipping on a machine set up without them.
void require_fallback_fonts() {
    const auto missing = fonts().missing_fallback_fonts();
    std::string list;
    for (const auto& file : missing)
        list += "\n  " + file.file.string() + " (" + file.script + ", Debian package " +
                file.package + ")";
    ASSERT_TRUE(missing.empty())
        << "system fallback fonts are not installed; scripts/setup.sh installs them:" << list;
}

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Resolution

TEST(FontResolve, GenericFamiliesGiveTheBundledFontsInEveryStyle) {
    struct Case {
        const char* family;
        int weight;
        bool italic;
        const char* file;
        const char* name;
    };
    const Case cases[] = {
        {"serif", 400, false, "NotoSerif-Regular.ttf", "Noto Serif Regular"},
        {"serif", 700, false, "NotoSerif-Bold.ttf", "Noto Serif Bold"},
        {"serif", 400, true, "NotoSerif-Italic.ttf", "Noto Serif Italic"},
        {"serif", 700, true, "NotoSerif-BoldItalic.ttf", "Noto Serif Bold Italic"},
        {"sans-serif", 400, false, "NotoSans-Regular.ttf", "Noto Sans Regular"},
        {"sans-serif", 700, false, "NotoSans-Bold.ttf", "Noto Sans Bold"},
        {"sans-serif", 400, true, "NotoSans-Italic.ttf", "Noto Sans Italic"},
        {"sans-serif", 700, true, "NotoSans-BoldItalic.ttf", "Noto Sans Bold Italic"},
        {"Noto Serif", 700, true, "NotoSerif-BoldItalic.ttf", "Noto Serif Bold Italic"},
        {"noto sans", 400, false, "NotoSans-Regular.ttf", "Noto Sans Regular"},
        {"monospace", 400, false, "NotoSansMono-Regular.ttf", "Noto Sans Mono Regular"},
        {"monospace", 700, false, "NotoSansMono-Bold.ttf", "Noto Sans Mono Bold"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.family) + " " + std::to_string(c.weight) +
                     (c.italic ? " italic" : ""));
        Warnings warnings;
        const Font& font = fonts().resolve({c.family}, c.weight, c.italic, warnings);
        EXPECT_EQ(font.file, fonts_dir() / c.file);
        EXPECT_EQ(font.name(), c.name);
        EXPECT_EQ(font.origin, FontOrigin::bundled);
        EXPECT_EQ(font.weight, c.weight);
        EXPECT_EQ(font.italic, c.italic);
        EXPECT_TRUE(font.truetype_outlines);
        EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
    }
}

TEST(FontResolve, AnEmptyFamilyListGivesTheBundledSerif) {
    Warnings warnings;
    EXPECT_EQ(fonts().resolve({}, 400, false, warnings).file,
              fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_TRUE(warnings.empty());
    // The initial computed style names Noto Serif.
    EXPECT_EQ(fonts().resolve(font_request(ComputedStyle{}), warnings).file,
              fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_TRUE(warnings.empty());
}

TEST(FontResolve, AMissingFamilyFallsThroughToTheNextWithAWarning) {
    Warnings warnings;
    const Font& font = fonts().resolve({"Brand Grotesk Display", "Helvetica Neue", "sans-serif"},
                                       700, true, warnings);
    EXPECT_EQ(font.file, fonts_dir() / "NotoSans-BoldItalic.ttf");
    EXPECT_EQ(messages(warnings),
              (std::vector<std::string>{
                  "font 'Brand Grotesk Display' bold italic not found; using Noto Sans Bold Italic",
                  "font 'Helvetica Neue' bold italic not found; using Noto Sans Bold Italic"}));
}

TEST(FontResolve, AListOfMissingFamiliesEndsInTheBundledSerif) {
    Warnings warnings;
    const Font& font = fonts().resolve({"Nonexistent Serif"}, 400, false, warnings);
    EXPECT_EQ(font.file, fonts_dir() / "NotoSerif-Regular.ttf");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].message,
              "font 'Nonexistent Serif' regular not found; using Noto Serif Regular");
}

TEST(FontResolve, AMissingWeightIsNoticedAndTheNearestIsUsed) {
    // fontconfig answers Noto Serif Black with Noto Serif Bold; that is reported.
    Warnings warnings;
    const Font& black = fonts().resolve({"Noto Serif"}, 900, false, warnings);
    EXPECT_EQ(black.file, fonts_dir() / "NotoSerif-Bold.ttf");
    EXPECT_EQ(messages(warnings),
              std::vector<std::string>{"font 'Noto Serif' black not found; using Noto Serif Bold"});

    warnings.clear();
    const Font& light = fonts().resolve({"sans-serif"}, 300, false, warnings);
    EXPECT_EQ(light.file, fonts_dir() / "NotoSans-Regular.ttf");
    EXPECT_EQ(
        messages(warnings),
        std::vector<std::string>{"font 'sans-serif' light not found; using Noto Sans Regular"});

    // A weight that is not a named one is described by its number.
    warnings.clear();
    fonts().resolve({"serif"}, 350, false, warnings); // rounds to 400: exact
    EXPECT_TRUE(warnings.empty());
    fonts().resolve({"serif"}, 550, false, warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].message.rfind("font 'serif' weight 550 not found; using Noto Serif ", 0),
              0u)
        << warnings[0].message;
}

TEST(FontResolve, AMissingSlantMovesOnToAFamilyThatHasIt) {
    // Noto Sans Mono has no italic: the next family has one.
    Warnings warnings;
    const Font& font = fonts().resolve({"monospace", "serif"}, 400, true, warnings);
    EXPECT_EQ(font.file, fonts_dir() / "NotoSerif-Italic.ttf");
    EXPECT_EQ(
        messages(warnings),
        std::vector<std::string>{"font 'monospace' italic not found; using Noto Serif Italic"});

    // With no family that has it, the first family's nearest font.
    warnings.clear();
    const Font& upright = fonts().resolve({"monospace"}, 400, true, warnings);
    EXPECT_EQ(upright.file, fonts_dir() / "NotoSansMono-Regular.ttf");
    EXPECT_EQ(messages(warnings),
              std::vector<std::string>{
                  "font 'monospace' italic not found; using Noto Sans Mono Regular"});
}

TEST(FontResolve, WarningsComeBackOnEveryCallEvenWhenCached) {
    for (int i = 0; i < 3; ++i) {
        Warnings warnings;
        fonts().resolve({"Cached Missing Family", "serif"}, 400, false, warnings);
        EXPECT_EQ(warnings.size(), 1u);
    }
}

// ---------------------------------------------------------------------------------------------
// Coverage

constexpr char32_t kazakh_letters[] = {
    0x04D8, 0x04D9, 0x0492, 0x0493, 0x049A, 0x049B, 0x04A2, 0x04A3, 0x04E8,
    0x04E9, 0x04B0, 0x04B1, 0x04AE, 0x04AF, 0x04BA, 0x04BB, 0x0406, 0x0456, // Ә Ғ Қ Ң Ө Ұ Ү Һ І
};

TEST(FontCoverage, BundledFontsCoverLatinExtendedAGreekCyrillicAndKazakh) {
    for (const char* family : {"serif", "sans-serif"})
        for (int weight : {400, 700})
            for (bool italic : {false, true}) {
                Warnings warnings;
                const Font& font = fonts().resolve({family}, weight, italic, warnings);
                SCOPED_TRACE(font.name());
                for (char32_t c : kazakh_letters)
                    EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                for (char32_t c = 0x0100; c <= 0x017F; ++c) // Latin Extended-A
                    EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                for (char32_t c = 0x0391; c <= 0x03A9; ++c) { // Greek capitals (no U+03A2)
                    if (c != 0x03A2) {
                        EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                    }
                }
                for (char32_t c = 0x03B1; c <= 0x03C9; ++c) // Greek small letters
                    EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                for (char32_t c = 0x0400; c <= 0x045F; ++c) // Cyrillic (Russian and more)
                    EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                for (char32_t c : {U'—', U'“', U'”', U'’', U'…', U'€', U'₸', U'№'})
                    EXPECT_TRUE(fonts().covers(font, c)) << std::hex << unsigned(c);
                EXPECT_FALSE(fonts().covers(font, 0x05D0)); // Hebrew: a fallback's job
                EXPECT_FALSE(fonts().covers(font, 0x4E2D)); // CJK: a fallback's job
            }
}

TEST(FontCoverage, KazakhGreekAndPolishTextIsOneRunInTheBundledSerif) {
    const std::string text = "Қазақстан Республикасы: Әділет, Ұлттық, Үкімет, Һ, Ғылым, Өнер, Ң "
                             "— Ελληνική Δημοκρατία — Zażółć gęślą jaźń — Őrség, Łódź.";
    Warnings warnings;
    const auto runs = fonts().split(text, request({"serif"}), warnings);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].begin, 0u);
    EXPECT_EQ(runs[0].end, text.size());
    EXPECT_EQ(runs[0].font->file, fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_FALSE(runs[0].missing);
    EXPECT_TRUE(warnings.empty());
}

TEST(FontCoverage, ArabicHebrewAndCjkFallBackToTheDeclaredSystemFonts) {
    require_fallback_fonts();
    {
        const std::string text = "Astana שלום עולם and مرحبا بالعالم.";
        Warnings warnings;
        const auto runs = fonts().split(text, request({"serif"}), warnings);
        EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
        EXPECT_EQ(describe(text, runs),
                  (std::vector<std::pair<std::string, std::string>>{
                      {"Astana ", "Noto Serif"},
                      {"שלום עולם ", "Noto Serif Hebrew"},
                      {"and ", "Noto Serif"},
                      {"مرحبا بالعالم.", "Noto Naskh Arabic"}, // Naskh has the full stop
                  }));
    }
    {
        // Sans text falls back to sans designs.
        const std::string text = "שלום مرحبا";
        Warnings warnings;
        const auto runs = fonts().split(text, request({"sans-serif"}, 700), warnings);
        EXPECT_EQ(describe(text, runs),
                  (std::vector<std::pair<std::string, std::string>>{
                      {"שלום ", "Noto Sans Hebrew"}, {"مرحبا", "Noto Sans Arabic"}}));
        EXPECT_EQ(runs[0].font->weight, 700);
        EXPECT_EQ(runs[0].font->origin, FontOrigin::system_fallback);
    }
    {
        // CJK: the language picks the variant; bold picks the bold collection.
        const std::string text = "東京 and 北京";
        Warnings warnings;
        auto runs = fonts().split(text, request({"serif"}, 400, false, "ja"), warnings);
        ASSERT_EQ(runs.size(), 3u);
        EXPECT_EQ(runs[0].font->family, "Noto Serif CJK JP");
        EXPECT_EQ(runs[0].font->file, "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        EXPECT_FALSE(runs[0].font->truetype_outlines);
        EXPECT_EQ(runs[1].font->family, "Noto Serif");

        runs = fonts().split(text, request({"sans-serif"}, 700, false, "zh-Hant-TW"), warnings);
        EXPECT_EQ(runs[0].font->family, "Noto Sans CJK TC");
        EXPECT_EQ(runs[0].font->file, "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc");
        runs = fonts().split("서울", request({"serif"}, 400, false, "ko-KR"), warnings);
        EXPECT_EQ(runs[0].font->family, "Noto Serif CJK KR");
        runs = fonts().split("北京", request({"serif"}, 400, false, "zh"), warnings);
        EXPECT_EQ(runs[0].font->family, "Noto Serif CJK SC");
        EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
    }
}

TEST(FontCoverage, PdfRequestsGetOnlyTrueTypeOutlinesForCjk) {
    // libharu embeds TrueType (glyf) outlines only; Noto CJK is CFF.
    require_fallback_fonts();
    FontRequest pdf = request({"serif"}, 400, false, "ko");
    pdf.truetype_outlines_only = true;
    const std::string text = "서울 東京 Seoul";
    Warnings warnings;
    const auto runs = fonts().split(text, pdf, warnings);
    EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].font->family, "WenQuanYi Micro Hei");
    EXPECT_EQ(runs[0].font->file, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    EXPECT_TRUE(runs[0].font->truetype_outlines);
    EXPECT_EQ(describe(text, runs)[1],
              std::make_pair(std::string("Seoul"), std::string("Noto Serif")));
    for (const Font* font : fonts().stack(pdf, warnings).fonts())
        EXPECT_TRUE(font->truetype_outlines) << font->name();
}

TEST(FontCoverage, ACharacterNoFontHasIsReportedWithItsCodePoint) {
    const std::string bad = utf8(0x10FFFD);
    const std::string text = "Astana " + bad + " and " + bad + bad + ".";
    Warnings warnings;
    const auto runs = fonts().split(text, request({"serif"}), warnings);
    EXPECT_EQ(messages(warnings), std::vector<std::string>{"U+10FFFD not in any font"});
    std::string missing_text;
    for (const auto& run : runs) {
        ASSERT_NE(run.font, nullptr);
        if (run.missing) {
            missing_text += text.substr(run.begin, run.end - run.begin);
            EXPECT_EQ(run.font->family, "Noto Serif"); // the primary draws the missing glyph box
        }
    }
    EXPECT_EQ(missing_text, bad + bad + bad);
    // The runs cover the text, in order, without gaps.
    std::size_t at = 0;
    for (const auto& run : runs) {
        EXPECT_EQ(run.begin, at);
        at = run.end;
    }
    EXPECT_EQ(at, text.size());
}

TEST(FontCoverage, InvisibleCharactersAndInvalidBytesNeverBreakARun) {
    // Soft hyphens, zero-width space and joiners, a BOM, a newline and a tab.
    const std::string text = "in\u00ADde\u00ADpen\u00ADdent\u200B word\u200D\uFEFF\n\tend";
    Warnings warnings;
    auto runs = fonts().split(text, request({"serif"}), warnings);
    EXPECT_EQ(runs.size(), 1u);
    EXPECT_TRUE(warnings.empty()) << messages(warnings).front();

    // A stray byte is read as U+FFFD, which the bundled serif has.
    const std::string broken = "abc\xFF"
                               "def\xE2\x82";
    runs = fonts().split(broken, request({"serif"}), warnings);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].end, broken.size());
    EXPECT_TRUE(warnings.empty());
    EXPECT_TRUE(fonts().split("", request({"serif"}), warnings).empty());
}

TEST(FontCoverage, CombiningMarksStayWithTheirBase) {
    require_fallback_fonts();
    // Hebrew with points: the points are in the Hebrew font, not the Latin one.
    const std::string text = "בְּרֵאשִׁית";
    Warnings warnings;
    const auto runs = fonts().split(text, request({"serif"}), warnings);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].font->family, "Noto Serif Hebrew");
    // e + combining acute: one run in the bundled serif.
    EXPECT_EQ(fonts().split("Cafe\u0301", request({"serif"}), warnings).size(), 1u);
    EXPECT_TRUE(warnings.empty());
}

// ---------------------------------------------------------------------------------------------
// Isolation from the machine's font configuration

TEST(FontIsolation, OnlyBundledDeclaredAndFontFaceFilesAreEverUsed) {
    std::vector<fs::path> allowed;
    for (const auto& file : declared_fallback_fonts()) allowed.push_back(file.file);
    for (const Font& font : fonts().fonts()) {
        SCOPED_TRACE(font.name() + " " + font.file.string());
        if (font.origin == FontOrigin::bundled)
            EXPECT_EQ(font.file.parent_path(), fonts_dir());
        else
            EXPECT_NE(std::find(allowed.begin(), allowed.end(), font.file), allowed.end());
        EXPECT_EQ(&fonts().fonts()[font.id], &font);
    }
    // The bundled fonts are all there: 4 serif, 4 sans, 2 mono.
    EXPECT_EQ(std::count_if(fonts().fonts().begin(), fonts().fonts().end(),
                            [](const Font& f) { return f.origin == FontOrigin::bundled; }),
              10);
}

TEST(FontIsolation, FontsInstalledOnTheMachineAreNotFound) {
    // DejaVu and Liberation are installed here (and on most Debian machines) but galley must
    // not see them: output would change with whatever a machine has.
    for (const char* family :
         {"DejaVu Sans", "Liberation Serif", "Noto Serif Display", "Noto Sans Armenian"}) {
        Warnings warnings;
        const Font& font = fonts().resolve({family, "serif"}, 400, false, warnings);
        EXPECT_EQ(font.file, fonts_dir() / "NotoSerif-Regular.ttf") << family;
        EXPECT_EQ(warnings.size(), 1u) << family;
    }
    // Armenian is in fonts-noto-core (and DejaVu) but not declared: it is reported, not drawn
    // from whatever the machine has.
    Warnings warnings;
    const auto runs = fonts().split("Երևան", request({"serif"}), warnings);
    ASSERT_FALSE(runs.empty());
    EXPECT_TRUE(runs[0].missing);
    ASSERT_FALSE(warnings.empty());
    EXPECT_EQ(warnings[0].message, "U+0535 not in any font");
}

TEST(FontIsolation, TheSystemFontconfigFileIsNeverRead) {
    // With FONTCONFIG_FILE pointing nowhere, fontconfig would complain if galley loaded the
    // system configuration; the answer must be the same as with the real one.
    TempDir cache;
    const std::vector<std::string> normal = {test::cli().string(), "fonts", "--all"};
    const auto expected = test::run_command(normal);
    ASSERT_EQ(expected.status, 0) << expected.err;
    const auto isolated = test::run_command(
        {"/usr/bin/env", "FONTCONFIG_FILE=/nonexistent/fonts.conf", "FONTCONFIG_PATH=/nonexistent",
         "XDG_CACHE_HOME=" + cache.path().string(), test::cli().string(), "fonts", "--all"});
    EXPECT_EQ(isolated.status, 0) << isolated.err;
    EXPECT_EQ(isolated.out, expected.out);
    EXPECT_EQ(isolated.err.find("Fontconfig"), std::string::npos) << isolated.err;
    // The bundled fonts folder was cached in the per-user cache folder.
    EXPECT_TRUE(fs::exists(cache.path() / "galley" / "fontconfig"));
    EXPECT_FALSE(fs::is_empty(cache.path() / "galley" / "fontconfig"));
}

// What fontconfig answers on the resolver's configuration after the substitution Pango does
// (FcConfigSubstitute, FcDefaultSubstitute): the first font of FcFontSort's fallback list
// that has `c`.
fs::path pango_style_font(const char* family, int weight = FC_WEIGHT_REGULAR, char32_t c = U'a') {
    FcConfig* config = FontResolver::shared().fontconfig();
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddInteger(pattern, FC_WEIGHT, weight);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcFontSet* sorted = FcFontSort(config, pattern, FcFalse, nullptr, &result);
    fs::path file;
    for (int i = 0; sorted && i < sorted->nfont && file.empty(); ++i) {
        FcCharSet* charset = nullptr;
        FcChar8* path = nullptr;
        if (FcPatternGetCharSet(sorted->fonts[i], FC_CHARSET, 0, &charset) == FcResultMatch &&
            FcCharSetHasChar(charset, c) &&
            FcPatternGetString(sorted->fonts[i], FC_FILE, 0, &path) == FcResultMatch)
            file = reinterpret_cast<const char*>(path);
    }
    if (sorted) FcFontSetDestroy(sorted);
    FcPatternDestroy(pattern);
    return file;
}

TEST(FontIsolation, PangoGetsTheSameFontsFromTheSharedConfiguration) {
    // The print backend hands fontconfig() to Pango; Pango's own matching and fallback must
    // agree with the resolver's.
    require_fallback_fonts();
    EXPECT_EQ(pango_style_font("Noto Sans", FC_WEIGHT_BOLD), fonts_dir() / "NotoSans-Bold.ttf");
    EXPECT_EQ(pango_style_font("serif"), fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_EQ(pango_style_font("sans-serif", FC_WEIGHT_BOLD), fonts_dir() / "NotoSans-Bold.ttf");
    EXPECT_EQ(pango_style_font("monospace"), fonts_dir() / "NotoSansMono-Regular.ttf");
    EXPECT_EQ(pango_style_font("DejaVu Sans"), fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_EQ(pango_style_font("Noto Serif", FC_WEIGHT_BOLD, U'א'),
              "/usr/share/fonts/truetype/noto/NotoSerifHebrew-Bold.ttf");
    EXPECT_EQ(pango_style_font("sans-serif", FC_WEIGHT_REGULAR, U'ب'),
              "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf");
    EXPECT_EQ(pango_style_font("serif", FC_WEIGHT_REGULAR, U'東'),
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
}

// ---------------------------------------------------------------------------------------------
// @font-face

FontFace font_face(std::string family, fs::path file, int weight = 400,
                   FontStyle style = FontStyle::normal) {
    FontFace face;
    face.family = std::move(family);
    face.sources.push_back(FontSource{std::move(file), {}, {}});
    face.weight_min = face.weight_max = weight;
    face.style = style;
    return face;
}

TEST(FontFaceRules, AFontFaceFileIsUsedUnderItsCssFamilyName) {
    TempDir dir;
    fs::copy_file(fonts_dir() / "NotoSans-Regular.ttf", dir / "house-sans.ttf");
    fs::copy_file(fonts_dir() / "NotoSans-Bold.ttf", dir / "house-sans-bold.ttf");
    Warnings load_warnings;
    const FontResolver resolver({font_face("House Sans", dir / "house-sans.ttf"),
                                 font_face("House Sans", dir / "house-sans-bold.ttf", 700)},
                                load_warnings, "house.css");
    EXPECT_TRUE(load_warnings.empty());

    Warnings warnings;
    const Font& regular = resolver.resolve({"House Sans", "serif"}, 400, false, warnings);
    EXPECT_EQ(regular.file, dir / "house-sans.ttf");
    EXPECT_EQ(regular.family, "House Sans");
    EXPECT_EQ(regular.origin, FontOrigin::font_face);
    EXPECT_TRUE(resolver.covers(regular, U'Қ'));
    const Font& bold = resolver.resolve({"house sans"}, 700, false, warnings);
    EXPECT_EQ(bold.file, dir / "house-sans-bold.ttf");
    EXPECT_TRUE(warnings.empty()) << messages(warnings).front();

    // No italic declared: the next family has one, and that is reported.
    const Font& italic = resolver.resolve({"House Sans", "serif"}, 400, true, warnings);
    EXPECT_EQ(italic.file, fonts_dir() / "NotoSerif-Italic.ttf");
    EXPECT_EQ(
        messages(warnings),
        std::vector<std::string>{"font 'House Sans' italic not found; using Noto Serif Italic"});

    // The family is known to the shared fontconfig configuration by its CSS name, for Pango.
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("House Sans:bold"));
    FcResult result;
    FcPattern* match = FcFontMatch(resolver.fontconfig(), pattern, &result);
    ASSERT_NE(match, nullptr);
    FcChar8* file = nullptr;
    ASSERT_EQ(FcPatternGetString(match, FC_FILE, 0, &file), FcResultMatch);
    EXPECT_EQ(fs::path(reinterpret_cast<const char*>(file)), dir / "house-sans-bold.ttf");
    FcPatternDestroy(match);
    FcPatternDestroy(pattern);

    // The shared resolver knows nothing of it.
    fonts().resolve({"House Sans"}, 400, false, warnings);
    EXPECT_EQ(warnings.size(), 2u);
}

TEST(FontFaceRules, LocalNamesAndUnusableSourcesAndWeightRanges) {
    TempDir dir;
    test::write_file(dir / "not-a-font.ttf", "this is not a font");
    FontFace house = font_face("House Serif", dir / "missing.woff2");
    house.sources.push_back(FontSource{{}, "Noto Serif Bold", {}}); // local(): a bundled font
    house.weight_min = 600;
    house.weight_max = 900;
    FontFace broken = font_face("Broken", dir / "not-a-font.ttf");
    broken.position = Position{12, 3};

    Warnings load_warnings;
    const FontResolver resolver({house, broken}, load_warnings, "house.css");
    ASSERT_EQ(load_warnings.size(), 1u);
    EXPECT_EQ(load_warnings[0].file, "house.css");
    EXPECT_EQ(load_warnings[0].pos.line, 12);
    EXPECT_NE(load_warnings[0].message.find("@font-face 'Broken'"), std::string::npos)
        << load_warnings[0].message;

    Warnings warnings;
    for (int weight : {600, 700, 800, 900}) {
        const Font& font = resolver.resolve({"House Serif"}, weight, false, warnings);
        EXPECT_EQ(font.file, fonts_dir() / "NotoSerif-Bold.ttf") << weight;
        EXPECT_EQ(font.family, "House Serif");
    }
    EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
    resolver.resolve({"House Serif", "sans-serif"}, 400, false, warnings);
    EXPECT_EQ(
        messages(warnings),
        std::vector<std::string>{"font 'House Serif' regular not found; using Noto Sans Regular"});
}

TEST(FontFaceRules, PdfRequestsSkipAFontFaceWithCffOutlines) {
    require_fallback_fonts();
    Warnings load_warnings;
    const FontResolver resolver(
        {font_face("House CJK", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")},
        load_warnings);
    Warnings warnings;
    FontRequest print = request({"House CJK", "serif"});
    EXPECT_EQ(resolver.resolve(print, warnings).family, "House CJK");
    EXPECT_TRUE(warnings.empty());
    FontRequest pdf = print;
    pdf.truetype_outlines_only = true;
    EXPECT_EQ(resolver.resolve(pdf, warnings).file, fonts_dir() / "NotoSerif-Regular.ttf");
    EXPECT_EQ(messages(warnings),
              std::vector<std::string>{"font 'House CJK' has no TrueType outlines, which PDF "
                                       "output needs; using Noto Serif Regular"});
}

TEST(FontFaceRules, AWordAFontLacksMovesWholeToTheNextFont) {
    // WenQuanYi Micro Hei (declared for CJK) has Latin but not Romanian ț (U+021B): the word
    // "Constanța" is set whole in the serif rather than letter by letter.
    require_fallback_fonts();
    Warnings load_warnings;
    const FontResolver resolver(
        {font_face("Brand Sans", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")}, load_warnings);
    const std::string text = "port Constanța port";
    Warnings warnings;
    const auto runs = resolver.split(text, request({"Brand Sans", "serif"}), warnings);
    EXPECT_TRUE(warnings.empty()) << messages(warnings).front();
    EXPECT_EQ(describe(text, runs),
              (std::vector<std::pair<std::string, std::string>>{
                  {"port ", "Brand Sans"}, {"Constanța ", "Noto Serif"}, {"port", "Brand Sans"}}));
}

// ---------------------------------------------------------------------------------------------
// Many threads

TEST(FontThreads, ResolvingAndSplittingFromManyThreadsGivesTheSameAnswers) {
    const std::string text = "Алматы — Astana 2024: Ғылым, Őrség, שלום, 東京, Ελλάδα.";
    Warnings warnings;
    const auto expected = describe(text, fonts().split(text, request({"serif"}), warnings));
    std::vector<std::thread> threads;
    std::vector<int> failures(8, 0);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                Warnings w;
                const int weight = (i % 2) ? 700 : 400;
                fonts().resolve({"Thread Family " + std::to_string(i % 5), "sans-serif"}, weight,
                                i % 3 == 0, w);
                if (describe(text, fonts().split(text, request({"serif"}), w)) != expected)
                    ++failures[t];
            }
        });
    for (auto& thread : threads) thread.join();
    for (int f : failures) EXPECT_EQ(f, 0);
}

// ---------------------------------------------------------------------------------------------
// galley fonts

TEST(FontsCommand, HelpAndUsageErrors) {
    auto help = test::run_command({test::cli().string(), "fonts", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("usage: galley fonts"), std::string::npos);
    auto bad = test::run_command({test::cli().string(), "fonts", "--bogus"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--bogus"), std::string::npos) << bad.err;
    auto no_value = test::run_command({test::cli().string(), "fonts", "--style"});
    EXPECT_EQ(no_value.status, 2);
    auto unknown_style =
        test::run_command({test::cli().string(), "fonts", "--style", "no-such-style"});
    EXPECT_EQ(unknown_style.status, 2) << unknown_style.err;
}

TEST(FontsCommand, AllListsEveryFontWithItsFile) {
    auto result = test::run_command({test::cli().string(), "fonts", "--all"});
    ASSERT_EQ(result.status, 0) << result.err;
    for (const char* file : {"NotoSerif-Regular.ttf", "NotoSerif-BoldItalic.ttf",
                             "NotoSans-Italic.ttf", "NotoSansMono-Bold.ttf"})
        EXPECT_NE(result.out.find((fonts_dir() / file).string()), std::string::npos) << file;
    EXPECT_NE(result.out.find("serif → Noto Serif"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("NotoNaskhArabic-Regular.ttf"), std::string::npos);
}

TEST(FontsCommand, RolesOfABundledStyleResolveToFiles) {
    auto result = test::run_command({test::cli().string(), "fonts", "--style", "default"});
    ASSERT_EQ(result.status, 0) << result.err;
    for (const char* role : {"headline", "dek", "byline", "dateline", "p", "h2", "blockquote",
                             "pullquote", "figcaption", "credit", "tagline"})
        for (const char* medium : {"pdf", "epub", "print"}) {
            const std::string line = std::string("\n") + role + " (" + medium + "): ";
            EXPECT_NE((std::string("\n") + result.out).find(line), std::string::npos)
                << line << result.out;
        }
    EXPECT_NE(result.out.find(" → " + fonts_dir().string()), std::string::npos) << result.out;
}

} // namespace
} // namespace galley
