// galley — fonts: which font file sets which text.
//
// A FontResolver answers a computed style's font request (a CSS font-family list, a weight and
// italic or not) with one font file, and splits text into runs each set in a font that has
// every glyph of the run. It sees only the fonts galley names, so the same input gives the
// same fonts on every machine with the same packages:
//
//   1. the style sheet's @font-face files, under the CSS family names the sheet gives them;
//   2. the bundled fonts in fonts_dir(): Noto Serif and Noto Sans (regular, bold, italic,
//      bold italic) and Noto Sans Mono (regular, bold), which cover Latin with Latin
//      Extended-A, Greek and Cyrillic with the Kazakh letters;
//   3. a declared list of system font files for the scripts the bundled fonts lack (Arabic,
//      Hebrew, CJK; see declared_fallback_fonts()), each added by its path when present.
//
// Nothing else installed on the machine is ever used: the resolver runs on its own fontconfig
// configuration (FcConfigCreate, never the system's fonts.conf). The print backend hands the
// same configuration to Pango (`pango_fc_font_map_set_config(map, resolver.fontconfig())`) so
// both backends see the same fonts.
//
// The generic families map to bundled fonts: `serif` (and `ui-serif`) to Noto Serif,
// `sans-serif` (`system-ui`, `ui-sans-serif`) to Noto Sans, `monospace` (`ui-monospace`) to
// Noto Sans Mono. Family names compare without regard to case and spaces, as fontconfig does.
//
// Thread safety: a FontResolver never changes after construction except for internal caches
// behind a mutex; every const member function may be called from many threads at once, and
// Font and FontStack references stay valid as long as the resolver lives. Do not add fonts to
// or otherwise modify fontconfig(); fontconfig 2.14 reads one configuration safely from many
// threads (Pango's included) as long as no one changes it.
#pragma once

#include "galley/error.hpp"
#include "galley/style.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct _FcConfig; // fontconfig's FcConfig, without including <fontconfig/fontconfig.h>

namespace galley {

namespace detail {
struct FontResolverData;
struct FontCoverage;
} // namespace detail

// Where a font the resolver knows comes from.
enum class FontOrigin {
    font_face,      // an @font-face rule of the style sheet
    bundled,        // galley's fonts/ folder
    system_fallback // a declared system font for a script the bundled fonts lack
};

// "font-face", "bundled", "system-fallback".
const char* to_string(FontOrigin origin);

// One font: a single face (one weight, one slant) of one font file.
struct Font {
    std::filesystem::path file;
    int index = 0;       // the face's index in a collection file (.ttc); 0 for a single font
    std::string family;  // the family it is matched by (the CSS name for @font-face fonts)
    int weight = 400;    // CSS weight, 100..900 (the lowest for an @font-face weight range)
    bool italic = false; // italic or oblique
    // True when the outlines are TrueType (glyf), which libharu can embed; false for
    // CFF-flavoured OpenType (Noto CJK), which only the Pango backend can use.
    bool truetype_outlines = true;
    FontOrigin origin = FontOrigin::bundled;
    std::size_t id = 0; // the font's position in FontResolver::fonts()

    // The full name: "Noto Serif Bold Italic", "Noto Sans Regular", "Noto Serif Italic".
    std::string name() const;
};

// What a piece of text asks for.
struct FontRequest {
    std::vector<std::string> families{"serif"}; // CSS font-family list, in order of preference
    int weight = 400;                           // CSS font-weight (1..1000)
    bool italic = false;                        // font-style italic or oblique
    // BCP 47 language of the text (may be empty): picks the CJK fallback that draws Han
    // characters the way that language does (ja, ko, zh-Hant/zh-TW, zh-HK; else Simplified).
    std::string language;
    // Only fonts with TrueType outlines (see Font::truetype_outlines): what the libharu
    // backend must ask for.
    bool truetype_outlines_only = false;
};

// The request for text in `style` (its font_family, font_weight and font_style).
FontRequest font_request(const ComputedStyle& style, std::string_view language = {},
                         bool truetype_outlines_only = false);

// A stretch of UTF-8 text and the font to set it in.
struct TextRun {
    std::size_t begin = 0; // byte offsets into the text given to split()
    std::size_t end = 0;
    const Font* font = nullptr; // never null in a run split() returns
    // No font has these characters (each reported once by split()); `font` is then the
    // stack's primary font, which will draw them as its missing-glyph box.
    bool missing = false;
};

// A system font galley uses for a script the bundled fonts lack, by its path.
struct FallbackFontFile {
    std::string script;  // "Arabic", "Hebrew", "CJK"
    std::string package; // the Debian package that installs it
    std::filesystem::path file;
};

// Every system font file galley may use, in the order they are tried: Noto Naskh Arabic and
// Noto Sans Arabic, Noto Serif Hebrew and Noto Sans Hebrew (fonts-noto-core), Noto Serif CJK
// and Noto Sans CJK (fonts-noto-cjk; CFF outlines, for Pango), and WenQuanYi Micro Hei
// (fonts-wqy-microhei; TrueType outlines with Hangul, for libharu).
const std::vector<FallbackFontFile>& declared_fallback_fonts();

class FontResolver;

// The fonts to try, in order, for one FontRequest: the font each family of the request
// resolves to (the primary font first), then the bundled font of the request's kind (serif,
// sans or mono), then the system fallbacks. Obtained from FontResolver::stack(); valid as
// long as its resolver.
class FontStack {
  public:
    // The font the request resolves to (what FontResolver::resolve returns).
    const Font& primary() const { return *fonts_.front(); }
    // Every font tried, primary first.
    const std::vector<const Font*>& fonts() const { return fonts_; }

    // Splits `utf8` into runs, each set in the first font of the stack that has every glyph
    // of a word; a word no single font covers falls back character by character (a base
    // character keeps its combining marks). Spaces join the run before them when its font
    // has them. Control and format characters (soft hyphen, zero-width joiners, variation
    // selectors) never cause a fallback. A character no font has becomes a `missing` run and
    // is reported once in `warnings` as "U+1F600 not in any font". Invalid UTF-8 bytes are
    // treated as U+FFFD. Adjacent runs with the same font are merged; the runs cover the
    // whole text in order.
    std::vector<TextRun> split(std::string_view utf8, Warnings& warnings) const;

    // True when some font of the stack has `c`.
    bool covers(char32_t c) const;

  private:
    friend class FontResolver;
    FontStack() = default;

    std::vector<const Font*> fonts_;
    std::vector<const detail::FontCoverage*> coverage_; // parallel to fonts_
    const detail::FontResolverData* data_ = nullptr;
};

// Resolves font requests against galley's fonts; see the top of this header.
class FontResolver {
  public:
    // The resolver for the bundled fonts and the declared system fallbacks, built on first
    // use and kept for the life of the process. Throws galley::Error (io) when the bundled
    // fonts are missing.
    static const FontResolver& shared();

    // A resolver for the bundled fonts and the declared system fallbacks. The first one in a
    // process reads the fallback fonts' character maps (about 50 ms; the bundled folder is
    // cached on disk by fontconfig); later ones take a few milliseconds.
    FontResolver();
    // The same plus a style sheet's @font-face rules (see `font_faces` in style.hpp): each
    // rule's first usable source — a url() file, or a local() name of a bundled or fallback
    // font by its full or PostScript name — becomes a font of the rule's family, weight
    // (range) and style. A rule none of whose sources can be used is a warning, with the
    // rule's position.
    FontResolver(const std::vector<FontFace>& font_faces, Warnings& warnings,
                 const std::string& sheet_file = {});
    ~FontResolver();
    FontResolver(const FontResolver&) = delete;
    FontResolver& operator=(const FontResolver&) = delete;

    // The font for a request. The families are tried in order; a family that is not there,
    // or is there without the requested weight or slant (fontconfig always answers with
    // something: this is noticed), is a warning "font 'Foo' bold italic not found; using
    // Noto Serif Bold Italic" and the next family is tried. When no family has the exact
    // weight and slant, the nearest font of the first family that exists is used; when no
    // family exists at all, the nearest bundled Noto Serif. For a truetype_outlines_only
    // request a family whose font has CFF outlines is skipped the same way, with a warning.
    const Font& resolve(const FontRequest& request, Warnings& warnings) const;
    const Font& resolve(const std::vector<std::string>& families, int weight, bool italic,
                        Warnings& warnings) const;

    // The fallback stack for a request (resolved once and cached; the warnings of resolve
    // are added again on every call).
    const FontStack& stack(const FontRequest& request, Warnings& warnings) const;

    // stack(request).split(utf8): the text in runs, each with its font.
    std::vector<TextRun> split(std::string_view utf8, const FontRequest& request,
                               Warnings& warnings) const;

    // True when `font` (one of fonts()) has a glyph for `c`.
    bool covers(const Font& font, char32_t c) const;

    // Every font the resolver knows, @font-face fonts first, then bundled, then system
    // fallbacks; fonts()[i].id == i.
    const std::vector<Font>& fonts() const;

    // The declared fallback files that are not installed on this machine (empty when the
    // set-up installed every package of declared_fallback_fonts()).
    std::vector<FallbackFontFile> missing_fallback_fonts() const;

    // The isolated fontconfig configuration holding exactly fonts(), for Pango
    // (pango_fc_font_map_set_config). Owned by the resolver; do not modify it.
    _FcConfig* fontconfig() const;

  private:
    static void build(detail::FontResolverData& data, const std::vector<FontFace>& font_faces,
                      Warnings& warnings, const std::string& sheet_file);

    std::unique_ptr<detail::FontResolverData> data_;
};

} // namespace galley
