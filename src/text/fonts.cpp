#include "galley/fonts.hpp"

#include "galley/resources.hpp"
#include "text/fonts_detail.hpp"
#include "util/owned.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

namespace galley {

namespace fs = std::filesystem;
using detail::CachedResolution;
using detail::CachedStack;
using detail::fold_name;
using detail::FontCoverage;
using detail::FontResolverData;

namespace {

constexpr std::size_t no_font = static_cast<std::size_t>(-1);

using PatternPtr = detail::Owned<FcPattern, FcPatternDestroy>;

const FcChar8* fc_string(const std::string& s) {
    return reinterpret_cast<const FcChar8*>(s.c_str());
}

std::string pattern_string(const FcPattern* pattern, const char* object, int n = 0) {
    FcChar8* value = nullptr;
    if (FcPatternGetString(pattern, object, n, &value) != FcResultMatch || !value) return {};
    return reinterpret_cast<const char*>(value);
}

int pattern_int(const FcPattern* pattern, const char* object, int fallback) {
    int value = 0;
    if (FcPatternGetInteger(pattern, object, 0, &value) != FcResultMatch) return fallback;
    return value;
}

// ---------------------------------------------------------------------------------------------
// Weights and names

constexpr const char* weight_names[] = {"Thin",     "ExtraLight", "Light",     "Regular", "Medium",
                                        "SemiBold", "Bold",       "ExtraBold", "Black"};

// A CSS weight rounded to the nearest named weight, 100..900.
int round_weight(int weight) {
    int rounded = (std::clamp(weight, 1, 1000) + 50) / 100 * 100;
    return std::clamp(rounded, 100, 900);
}

const char* weight_name(int weight) {
    return weight_names[round_weight(weight) / 100 - 1];
}

int css_weight(double fontconfig_weight) {
    return static_cast<int>(std::lround(FcWeightToOpenTypeDouble(fontconfig_weight)));
}

std::string style_name(int weight, bool italic) {
    std::string name = weight_name(weight);
    if (!italic) return name;
    return name == "Regular" ? "Italic" : name + " Italic";
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// How a request reads in a warning: "regular", "italic", "bold italic", "weight 350".
std::string describe_request(int weight, bool italic) {
    std::string w = (weight % 100 == 0 && weight >= 100 && weight <= 900)
                        ? lower_ascii(weight_name(weight))
                        : "weight " + std::to_string(weight);
    if (!italic) return w;
    return w == "regular" ? "italic" : w + " italic";
}

// ---------------------------------------------------------------------------------------------
// Generic families and fallbacks

enum class StackKind { serif, sans, mono };

struct GenericFamily {
    std::string_view css_name; // folded
    std::string_view family;
    StackKind kind;
};

constexpr GenericFamily generic_families[] = {
    {"serif", "Noto Serif", StackKind::serif},
    {"ui-serif", "Noto Serif", StackKind::serif},
    {"sans-serif", "Noto Sans", StackKind::sans},
    {"system-ui", "Noto Sans", StackKind::sans},
    {"ui-sans-serif", "Noto Sans", StackKind::sans},
    {"monospace", "Noto Sans Mono", StackKind::mono},
    {"ui-monospace", "Noto Sans Mono", StackKind::mono},
};

const GenericFamily* find_generic(std::string_view family) {
    const std::string folded = fold_name(family);
    for (const auto& g : generic_families)
        if (g.css_name == folded) return &g;
    return nullptr;
}

// The family a requested name stands for: a generic name's bundled family, else the name.
std::string concrete_family(const std::string& requested) {
    if (const auto* g = find_generic(requested)) return std::string(g->family);
    return requested;
}

// What kind of text a request is, for its fallbacks: the last generic family of the list
// decides; without one, the primary font's family if it is a bundled one; else serif.
StackKind stack_kind(const std::vector<std::string>& families, const Font& primary) {
    for (auto it = families.rbegin(); it != families.rend(); ++it)
        if (const auto* g = find_generic(*it)) return g->kind;
    if (primary.origin == FontOrigin::bundled) {
        const std::string folded = fold_name(primary.family);
        if (folded == "notosans") return StackKind::sans;
        if (folded == "notosansmono") return StackKind::mono;
    }
    return StackKind::serif;
}

// The Noto CJK variant that draws Han characters as `language` does: JP, KR, TC, HK or SC.
std::string_view cjk_variant(std::string_view language) {
    std::string lang = lower_ascii(std::string(language));
    std::replace(lang.begin(), lang.end(), '_', '-');
    std::vector<std::string> subtags;
    for (std::size_t start = 0; start <= lang.size();) {
        std::size_t end = lang.find('-', start);
        if (end == std::string::npos) end = lang.size();
        subtags.push_back(lang.substr(start, end - start));
        start = end + 1;
    }
    const std::string& primary = subtags.front();
    if (primary == "ja") return "JP";
    if (primary == "ko") return "KR";
    if (primary == "yue") return "HK";
    if (primary == "zh") {
        auto has = [&](std::string_view s) {
            return std::find(subtags.begin() + 1, subtags.end(), s) != subtags.end();
        };
        if (has("hk")) return "HK";
        if (has("hant") || has("tw") || has("mo")) return "TC";
    }
    return "SC";
}

// The system fallback families to try for text of `kind`, the kind's own design first.
std::vector<std::string> fallback_families(StackKind kind, std::string_view cjk) {
    const std::string variant(cjk);
    std::vector<std::string> serif = {"Noto Naskh Arabic", "Noto Serif Hebrew",
                                      "Noto Serif CJK " + variant};
    std::vector<std::string> sans = {"Noto Sans Arabic", "Noto Sans Hebrew",
                                     "Noto Sans CJK " + variant};
    const auto& first = kind == StackKind::serif ? serif : sans;
    const auto& second = kind == StackKind::serif ? sans : serif;
    std::vector<std::string> families;
    for (std::size_t i = 0; i < first.size(); ++i) {
        families.push_back(first[i]);
        families.push_back(second[i]);
    }
    // TrueType CJK for libharu, which cannot use the CFF outlines of Noto CJK: Japanese text
    // in Japanese glyph forms (IPA Mincho, IPA Gothic), everything else in WenQuanYi (Chinese
    // forms, with Hangul).
    if (variant == "JP") {
        families.push_back(kind == StackKind::serif ? "IPAMincho" : "IPAGothic");
        families.push_back(kind == StackKind::serif ? "IPAGothic" : "IPAMincho");
    }
    families.push_back("WenQuanYi Micro Hei");
    return families;
}

struct ScriptRange {
    char32_t first, last;
    std::string_view script;
};

constexpr ScriptRange fallback_script_ranges[] = {
    {0x0590, 0x05FF, "Hebrew"}, {0xFB1D, 0xFB4F, "Hebrew"}, {0x0600, 0x06FF, "Arabic"},
    {0x0750, 0x077F, "Arabic"}, {0x08A0, 0x08FF, "Arabic"}, {0xFB50, 0xFDFF, "Arabic"},
    {0xFE70, 0xFEFF, "Arabic"}, {0x1100, 0x11FF, "CJK"},    {0x2E80, 0x2FDF, "CJK"},
    {0x3000, 0x9FFF, "CJK"},    {0xA960, 0xA97F, "CJK"},    {0xAC00, 0xD7FF, "CJK"},
    {0xF900, 0xFAFF, "CJK"},    {0xFE30, 0xFE4F, "CJK"},    {0xFF00, 0xFFEF, "CJK"},
    {0x20000, 0x3134F, "CJK"},
};

// ---------------------------------------------------------------------------------------------
// The isolated fontconfig configuration

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

bool usable_directory(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    return fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK | X_OK) == 0;
}

// A writable, per-user folder for fontconfig's cache of the bundled fonts folder:
// $XDG_CACHE_HOME/galley/fontconfig, else ~/.cache/galley/fontconfig, else
// /tmp/galley-fontconfig-UID (created 0700 and owned by this user). Empty when none works:
// fontconfig then scans the fonts every time.
fs::path font_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
        fs::path dir = fs::path(xdg) / "galley" / "fontconfig";
        if (usable_directory(dir)) return dir;
    }
    if (const char* home = std::getenv("HOME"); home && *home == '/') {
        fs::path dir = fs::path(home) / ".cache" / "galley" / "fontconfig";
        if (usable_directory(dir)) return dir;
    }
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    if (ec) tmp = "/tmp";
    fs::path dir = tmp / ("galley-fontconfig-" + std::to_string(::getuid()));
    ::mkdir(dir.c_str(), 0700);
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid() &&
        ::access(dir.c_str(), W_OK | X_OK) == 0)
        return dir;
    return {};
}

// Rules for Pango, which runs fontconfig's substitution (the resolver does not), so that it
// falls back as FontStack does: each bundled family falls back as its generic family; a list
// without a generic family ends in `serif`, galley's default; and each generic family stands
// for its bundled family and then the system fallbacks, in FontStack's order. Without them
// Pango would answer `serif` with whichever font fontconfig happens to sort first.
std::string pango_rules() {
    std::string xml;
    for (const char* generic : {"serif", "sans-serif", "monospace"}) {
        xml += "  <alias binding=\"same\"><family>" + std::string(find_generic(generic)->family) +
               "</family><default><family>" + generic + "</family></default></alias>\n";
    }
    xml += "  <match target=\"pattern\">";
    for (const auto& generic : generic_families)
        xml += "<test qual=\"all\" name=\"family\" compare=\"not_eq\"><string>" +
               std::string(generic.css_name) + "</string></test>";
    xml += "<edit name=\"family\" mode=\"append_last\"><string>serif</string></edit></match>\n";
    for (const auto& generic : generic_families) {
        std::vector<std::string> families{std::string(generic.family)};
        if (generic.kind == StackKind::mono) families.push_back("Noto Sans");
        for (auto& family : fallback_families(generic.kind, "SC")) families.push_back(family);
        xml += "  <alias binding=\"same\"><family>" + std::string(generic.css_name) +
               "</family><prefer>";
        for (const auto& family : families) xml += "<family>" + xml_escape(family) + "</family>";
        xml += "</prefer></alias>\n";
    }
    return xml;
}

detail::Owned<FcConfig, FcConfigDestroy> create_isolated_config() {
    detail::Owned<FcConfig, FcConfigDestroy> config(FcConfigCreate());
    if (!config) throw Error(ErrorCode::internal, "", "fontconfig: cannot create a configuration");
    std::string xml = "<?xml version=\"1.0\"?>\n<fontconfig>\n";
    if (fs::path cache = font_cache_dir(); !cache.empty())
        xml += "  <cachedir>" + xml_escape(cache.string()) + "</cachedir>\n";
    xml += pango_rules();
    xml += "</fontconfig>\n";
    if (!FcConfigParseAndLoadFromMemory(config.get(), fc_string(xml), FcTrue))
        throw Error(ErrorCode::internal, "", "fontconfig: cannot load galley's configuration");
    // No <dir> is configured, so this makes an empty system font set: only the fonts added
    // below as application fonts exist (Pango expects the system set to be there).
    FcConfigBuildFonts(config.get());
    return config;
}

// Every face of a declared fallback file, read once per process: the CJK collections hold
// ten faces each and take milliseconds to read. Null when the file is missing or not a font.
const FcFontSet* fallback_file_faces(const fs::path& file) {
    static std::mutex mutex;
    static std::map<fs::path, detail::Owned<FcFontSet, FcFontSetDestroy>> read;
    std::lock_guard lock(mutex);
    auto it = read.find(file);
    if (it == read.end()) {
        detail::Owned<FcFontSet, FcFontSetDestroy> faces;
        std::error_code ec;
        if (fs::is_regular_file(file, ec)) {
            faces.reset(FcFontSetCreate());
            int count = 0;
            FcFreeTypeQueryAll(fc_string(file.string()), -1, nullptr, &count, faces.get());
        }
        it = read.emplace(file, std::move(faces)).first;
    }
    return it->second.get();
}

// The first face of a font file, or null when it is not a font FreeType reads.
PatternPtr query_font_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return nullptr;
    int count = 0;
    return PatternPtr(FcFreeTypeQuery(fc_string(file.string()), 0, nullptr, &count));
}

// The face among fonts [0, end) of `set` whose full or PostScript name is `name`.
PatternPtr find_local_font(const FcFontSet* set, int end, const std::string& name) {
    const std::string wanted = fold_name(name);
    for (int i = 0; i < end; ++i) {
        FcPattern* pattern = set->fonts[i];
        for (int n = 0;; ++n) {
            std::string full = pattern_string(pattern, FC_FULLNAME, n);
            if (full.empty()) break;
            if (fold_name(full) == wanted) return PatternPtr(FcPatternDuplicate(pattern));
        }
        if (fold_name(pattern_string(pattern, FC_POSTSCRIPT_NAME)) == wanted)
            return PatternPtr(FcPatternDuplicate(pattern));
    }
    return nullptr;
}

// Makes `pattern` the font an @font-face rule describes: known only by the rule's family,
// with the rule's weight (range) and slant, whatever the file says about itself.
void apply_font_face_rule(FcPattern* pattern, const FontFace& rule) {
    for (const char* object :
         {FC_FAMILY, FC_FAMILYLANG, FC_STYLE, FC_STYLELANG, FC_WEIGHT, FC_SLANT})
        FcPatternDel(pattern, object);
    FcPatternAddString(pattern, FC_FAMILY, fc_string(rule.family));
    FcPatternAddString(pattern, FC_FAMILYLANG, reinterpret_cast<const FcChar8*>("en"));
    const int low = std::clamp(std::min(rule.weight_min, rule.weight_max), 1, 1000);
    const int high = std::clamp(std::max(rule.weight_min, rule.weight_max), 1, 1000);
    if (low == high) {
        FcPatternAddDouble(pattern, FC_WEIGHT, FcWeightFromOpenTypeDouble(low));
    } else {
        FcRange* range =
            FcRangeCreateDouble(FcWeightFromOpenTypeDouble(low), FcWeightFromOpenTypeDouble(high));
        FcPatternAddRange(pattern, FC_WEIGHT, range);
        FcRangeDestroy(range);
    }
    const bool italic = rule.style != FontStyle::normal;
    FcPatternAddInteger(pattern, FC_SLANT,
                        rule.style == FontStyle::italic    ? FC_SLANT_ITALIC
                        : rule.style == FontStyle::oblique ? FC_SLANT_OBLIQUE
                                                           : FC_SLANT_ROMAN);
    FcPatternAddString(pattern, FC_STYLE, fc_string(style_name(low, italic)));
}

std::string describe_sources(const FontFace& rule) {
    std::string out;
    for (const auto& source : rule.sources) {
        if (!out.empty()) out += ", ";
        out += source.path.empty() ? "local(\"" + source.local_name + "\")"
                                   : "url(" + source.path.string() + ")";
    }
    return out.empty() ? "no src" : out;
}

FontCoverage coverage_of(const FcPattern* pattern) {
    FontCoverage coverage;
    FcCharSet* charset = nullptr;
    if (FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) != FcResultMatch || !charset)
        return coverage;
    coverage.charset = charset;
    FcChar32 map[FC_CHARSET_MAP_SIZE];
    FcChar32 next = 0;
    for (FcChar32 base = FcCharSetFirstPage(charset, map, &next);
         base != FC_CHARSET_DONE && base < FontCoverage::bitmap_end;
         base = FcCharSetNextPage(charset, map, &next)) {
        for (int word = 0; word < FC_CHARSET_MAP_SIZE; ++word)
            for (int bit = 0; bit < 32; ++bit)
                if (map[word] & (FcChar32{1} << bit)) {
                    const FcChar32 c = base + static_cast<FcChar32>(word * 32 + bit);
                    if (c < FontCoverage::bitmap_end) coverage.low.set(c);
                }
    }
    return coverage;
}

std::string file_key(const std::string& file, int index) {
    return file + "#" + std::to_string(index);
}

// ---------------------------------------------------------------------------------------------
// Matching

bool has_family(const FontResolverData& data, std::size_t font, const std::string& folded) {
    const auto& names = data.families[font];
    return std::find(names.begin(), names.end(), folded) != names.end();
}

bool exact_style(const FontResolverData& data, std::size_t font, int weight, bool italic) {
    const auto [low, high] = data.weight_ranges[font];
    const int wanted = round_weight(weight);
    return data.fonts[font].italic == italic && round_weight(low) <= wanted &&
           wanted <= round_weight(high);
}

// The font fontconfig answers for `family`, `weight` and `italic` — which may be another
// family or style: fontconfig always answers. no_font only when the configuration is empty.
// Called with data.mutex held (or during construction).
std::size_t match_font(const FontResolverData& data, const std::string& family, int weight,
                       bool italic) {
    PatternPtr pattern(FcPatternCreate());
    FcPatternAddString(pattern.get(), FC_FAMILY, fc_string(family));
    FcPatternAddDouble(pattern.get(), FC_WEIGHT,
                       FcWeightFromOpenTypeDouble(std::clamp(weight, 1, 1000)));
    FcPatternAddInteger(pattern.get(), FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    // No FcConfigSubstitute: the configuration has no rules, and it would add the process
    // locale's language, which must not change the answer.
    FcResult result = FcResultNoMatch;
    PatternPtr found(FcFontMatch(data.config.get(), pattern.get(), &result));
    if (!found) return no_font;
    const auto it = data.by_file.find(
        file_key(pattern_string(found.get(), FC_FILE), pattern_int(found.get(), FC_INDEX, 0)));
    if (it == data.by_file.end() || it->second.empty()) return no_font;
    if (it->second.size() == 1) return it->second.front();
    // One file under several families (an @font-face rule naming a bundled file): the one
    // whose family fontconfig answered with.
    for (int n = 0;; ++n) {
        const std::string name = pattern_string(found.get(), FC_FAMILY, n);
        if (name.empty()) break;
        for (std::size_t font : it->second)
            if (has_family(data, font, fold_name(name))) return font;
    }
    return it->second.front();
}

CachedResolution resolve_uncached(const FontResolverData& data, const FontRequest& request) {
    struct Skipped {
        std::string family;
        bool lacks_truetype;
    };
    std::vector<Skipped> skipped;
    std::vector<std::string> seen;
    std::optional<std::size_t> chosen, nearest;
    for (const std::string& requested : request.families) {
        const std::string family = concrete_family(requested);
        const std::string folded = fold_name(family);
        if (folded.empty() || std::find(seen.begin(), seen.end(), folded) != seen.end()) continue;
        seen.push_back(folded);
        const std::size_t font = match_font(data, family, request.weight, request.italic);
        const bool family_found = font != no_font && has_family(data, font, folded);
        if (family_found && request.truetype_outlines_only && !data.fonts[font].truetype_outlines) {
            skipped.push_back({requested, true});
            continue;
        }
        if (family_found && exact_style(data, font, request.weight, request.italic)) {
            chosen = font;
            break;
        }
        if (family_found && !nearest) nearest = font;
        skipped.push_back({requested, false});
    }
    if (!chosen) chosen = nearest;
    if (!chosen) {
        const std::size_t font = match_font(data, "Noto Serif", request.weight, request.italic);
        chosen = font == no_font ? 0 : font;
    }
    CachedResolution resolution;
    resolution.font = *chosen;
    const std::string using_name = data.fonts[*chosen].name();
    for (const auto& s : skipped) {
        if (s.lacks_truetype)
            resolution.warnings.push_back("font '" + s.family +
                                          "' has no TrueType outlines, which PDF output needs; "
                                          "using " +
                                          using_name);
        else
            resolution.warnings.push_back("font '" + s.family + "' " +
                                          describe_request(request.weight, request.italic) +
                                          " not found; using " + using_name);
    }
    return resolution;
}

std::string request_key(const FontRequest& request, std::string_view extra = {}) {
    std::string key;
    for (const auto& family : request.families) {
        key += fold_name(concrete_family(family));
        key += '\x1f';
    }
    key += std::to_string(request.weight);
    key += request.italic ? "i" : "r";
    key += request.truetype_outlines_only ? "t" : "a";
    key += extra;
    return key;
}

void add_warnings(Warnings& warnings, const std::vector<std::string>& messages) {
    for (const auto& message : messages) warnings.push_back(Warning{"", Position{}, message});
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Small public pieces

namespace detail {

std::string fold_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c == ' ') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

std::string FontResolverData::missing_font_hint(char32_t c) const {
    std::string_view script;
    for (const auto& range : fallback_script_ranges)
        if (c >= range.first && c <= range.last) script = range.script;
    if (script.empty()) return {};
    std::vector<std::string> packages;
    for (const auto& file : missing_fallbacks)
        if (file.script == script &&
            std::find(packages.begin(), packages.end(), file.package) == packages.end())
            packages.push_back(file.package);
    if (packages.empty()) return {};
    std::string list;
    for (const auto& p : packages) list += (list.empty() ? "" : ", ") + p;
    return " (" + std::string(script) + " fallback fonts are not installed: Debian package " +
           list + ")";
}

} // namespace detail

const char* to_string(FontOrigin origin) {
    switch (origin) {
    case FontOrigin::font_face:
        return "font-face";
    case FontOrigin::bundled:
        return "bundled";
    case FontOrigin::system_fallback:
        return "system-fallback";
    }
    return "bundled";
}

std::string Font::name() const {
    return family + " " + style_name(weight, italic);
}

FontRequest font_request(const ComputedStyle& style, std::string_view language,
                         bool truetype_outlines_only) {
    FontRequest request;
    if (!style.font_family.empty()) request.families = style.font_family;
    request.weight = style.font_weight;
    request.italic = style.font_style != FontStyle::normal;
    request.language = std::string(language);
    request.truetype_outlines_only = truetype_outlines_only;
    return request;
}

const std::vector<FallbackFontFile>& declared_fallback_fonts() {
    static const std::vector<FallbackFontFile> files = [] {
        const fs::path noto = "/usr/share/fonts/truetype/noto";
        const fs::path noto_cjk = "/usr/share/fonts/opentype/noto";
        std::vector<FallbackFontFile> list;
        for (const char* name : {"NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
                                 "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"})
            list.push_back({"Arabic", "fonts-noto-core", noto / name});
        for (const char* name : {"NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf",
                                 "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"})
            list.push_back({"Hebrew", "fonts-noto-core", noto / name});
        for (const char* name : {"NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc",
                                 "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"})
            list.push_back({"CJK", "fonts-noto-cjk", noto_cjk / name});
        list.push_back(
            {"CJK", "fonts-ipafont-mincho", "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"});
        list.push_back(
            {"CJK", "fonts-ipafont-gothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"});
        list.push_back(
            {"CJK", "fonts-wqy-microhei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"});
        return list;
    }();
    return files;
}

// ---------------------------------------------------------------------------------------------
// FontResolver

const FontResolver& FontResolver::shared() {
    static const FontResolver resolver;
    return resolver;
}

FontResolver::FontResolver() : data_(std::make_unique<FontResolverData>()) {
    Warnings none; // no @font-face rules, so nothing to warn about
    build(*data_, {}, none, {});
}

FontResolver::FontResolver(const std::vector<FontFace>& font_faces, Warnings& warnings,
                           const std::string& sheet_file)
    : data_(std::make_unique<FontResolverData>()) {
    build(*data_, font_faces, warnings, sheet_file);
}

void FontResolver::build(FontResolverData& data, const std::vector<FontFace>& font_faces,
                         Warnings& warnings, const std::string& sheet_file) {
    data.config = create_isolated_config();
    FcConfig* config = data.config.get();

    // 1. The bundled fonts (cached by fontconfig in font_cache_dir()).
    const fs::path bundled = fonts_dir();
    std::error_code ec;
    if (!fs::is_directory(bundled, ec))
        throw Error(ErrorCode::io, bundled.string(),
                    "the bundled fonts folder is missing (GALLEY_DATA_DIR names the folder "
                    "that holds fonts/)");
    FcConfigAppFontAddDir(config, fc_string(bundled.string()));
    FcFontSet* set = FcConfigGetFonts(config, FcSetApplication);
    if (!set || set->nfont == 0)
        throw Error(ErrorCode::io, bundled.string(), "no fonts in the bundled fonts folder");
    const int bundled_end = set->nfont;

    // 2. The declared system fallbacks, by path, when installed.
    for (const auto& file : declared_fallback_fonts()) {
        const FcFontSet* faces = fallback_file_faces(file.file);
        if (!faces || faces->nfont == 0) {
            data.missing_fallbacks.push_back(file);
            continue;
        }
        for (int i = 0; i < faces->nfont; ++i) {
            PatternPtr copy(FcPatternDuplicate(faces->fonts[i]));
            if (copy && FcFontSetAdd(set, copy.get())) copy.release();
        }
    }
    const int fallback_end = set->nfont;

    // 3. The style sheet's @font-face rules, each under its own family name.
    for (const FontFace& rule : font_faces) {
        if (rule.family.empty()) continue;
        PatternPtr pattern;
        for (const auto& source : rule.sources) {
            if (!source.path.empty())
                pattern = query_font_file(source.path);
            else if (!source.local_name.empty())
                pattern = find_local_font(set, fallback_end, source.local_name);
            if (pattern) break;
        }
        if (!pattern) {
            warnings.push_back(Warning{sheet_file, rule.position,
                                       "@font-face '" + rule.family +
                                           "': no source is a font galley can read (" +
                                           describe_sources(rule) + ")"});
            continue;
        }
        apply_font_face_rule(pattern.get(), rule);
        if (FcFontSetAdd(set, pattern.get())) pattern.release();
    }

    // The table of fonts: @font-face first, then bundled, then fallbacks.
    struct Entry {
        FcPattern* pattern;
        Font font;
        std::pair<int, int> weights;
        std::vector<std::string> families;
    };
    std::vector<Entry> entries;
    for (int i = 0; i < set->nfont; ++i) {
        FcPattern* pattern = set->fonts[i];
        Entry entry{pattern, {}, {400, 400}, {}};
        Font& font = entry.font;
        font.file = pattern_string(pattern, FC_FILE);
        font.index = pattern_int(pattern, FC_INDEX, 0);
        font.origin = i < bundled_end    ? FontOrigin::bundled
                      : i < fallback_end ? FontOrigin::system_fallback
                                         : FontOrigin::font_face;
        // Shown by its English family name (WenQuanYi has Chinese ones too), else the first.
        std::string english;
        for (int n = 0;; ++n) {
            std::string family = pattern_string(pattern, FC_FAMILY, n);
            if (family.empty()) break;
            if (english.empty() && pattern_string(pattern, FC_FAMILYLANG, n) == "en")
                english = family;
            if (font.family.empty()) font.family = family;
            entry.families.push_back(fold_name(family));
        }
        if (!english.empty()) font.family = english;
        FcValue weight;
        if (FcPatternGet(pattern, FC_WEIGHT, 0, &weight) == FcResultMatch) {
            if (weight.type == FcTypeRange) {
                double low = 0, high = 0;
                FcRangeGetDouble(weight.u.r, &low, &high);
                entry.weights = {css_weight(low), css_weight(high)};
            } else if (weight.type == FcTypeDouble) {
                entry.weights = {css_weight(weight.u.d), css_weight(weight.u.d)};
            } else if (weight.type == FcTypeInteger) {
                entry.weights = {css_weight(weight.u.i), css_weight(weight.u.i)};
            }
        }
        font.weight = entry.weights.first;
        font.italic = pattern_int(pattern, FC_SLANT, FC_SLANT_ROMAN) != FC_SLANT_ROMAN;
        font.truetype_outlines = pattern_string(pattern, FC_FONTFORMAT) == "TrueType";
        entries.push_back(std::move(entry));
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        auto key = [](const Entry& e) {
            return std::tuple(static_cast<int>(e.font.origin), e.font.family, e.font.weight,
                              e.font.italic, e.font.file, e.font.index);
        };
        return key(a) < key(b);
    });
    for (std::size_t id = 0; id < entries.size(); ++id) {
        Entry& entry = entries[id];
        entry.font.id = id;
        data.coverage.push_back(coverage_of(entry.pattern));
        data.weight_ranges.push_back(entry.weights);
        data.families.push_back(std::move(entry.families));
        data.by_file[file_key(entry.font.file.string(), entry.font.index)].push_back(id);
        data.fonts.push_back(std::move(entry.font));
    }
}

FontResolver::~FontResolver() = default;

const Font& FontResolver::resolve(const FontRequest& request, Warnings& warnings) const {
    const std::string key = request_key(request);
    std::lock_guard lock(data_->mutex);
    auto it = data_->resolutions.find(key);
    if (it == data_->resolutions.end())
        it = data_->resolutions.emplace(key, resolve_uncached(*data_, request)).first;
    add_warnings(warnings, it->second.warnings);
    return data_->fonts[it->second.font];
}

const Font& FontResolver::resolve(const std::vector<std::string>& families, int weight, bool italic,
                                  Warnings& warnings) const {
    FontRequest request;
    request.families = families;
    request.weight = weight;
    request.italic = italic;
    return resolve(request, warnings);
}

const FontStack& FontResolver::stack(const FontRequest& request, Warnings& warnings) const {
    const std::string_view variant = cjk_variant(request.language);
    const std::string key = request_key(request, variant);
    Warnings resolution_warnings;
    const Font& primary = resolve(request, resolution_warnings);

    std::lock_guard lock(data_->mutex);
    auto it = data_->stacks.find(key);
    if (it == data_->stacks.end()) {
        const FontResolverData& data = *data_;
        std::unique_ptr<FontStack> stack(new FontStack());
        stack->data_ = data_.get();
        auto add = [&](std::size_t font) {
            if (std::find(stack->fonts_.begin(), stack->fonts_.end(), &data.fonts[font]) ==
                stack->fonts_.end()) {
                stack->fonts_.push_back(&data.fonts[font]);
                stack->coverage_.push_back(&data.coverage[font]);
            }
        };
        // A family's nearest font, when the family is there (and usable for the request).
        auto add_family = [&](const std::string& family) {
            const std::size_t font = match_font(data, family, request.weight, request.italic);
            if (font == no_font || !has_family(data, font, fold_name(family))) return;
            if (request.truetype_outlines_only && !data.fonts[font].truetype_outlines) return;
            add(font);
        };
        add(primary.id);
        for (const auto& family : request.families) add_family(concrete_family(family));
        const StackKind kind = stack_kind(request.families, primary);
        if (kind == StackKind::mono) add_family("Noto Sans Mono");
        add_family(kind == StackKind::serif ? "Noto Serif" : "Noto Sans");
        for (const auto& family : fallback_families(kind, variant)) add_family(family);

        CachedStack cached;
        cached.stack = std::move(stack);
        for (const auto& w : resolution_warnings) cached.warnings.push_back(w.message);
        it = data_->stacks.emplace(key, std::move(cached)).first;
    }
    add_warnings(warnings, it->second.warnings);
    return *it->second.stack;
}

std::vector<TextRun> FontResolver::split(std::string_view utf8, const FontRequest& request,
                                         Warnings& warnings) const {
    return stack(request, warnings).split(utf8, warnings);
}

bool FontResolver::covers(const Font& font, char32_t c) const {
    if (font.id >= data_->fonts.size()) return false;
    const Font& known = data_->fonts[font.id];
    if (known.file != font.file || known.index != font.index || known.family != font.family)
        return false;
    return data_->coverage[font.id].has(c);
}

const std::vector<Font>& FontResolver::fonts() const {
    return data_->fonts;
}

std::vector<FallbackFontFile> FontResolver::missing_fallback_fonts() const {
    return data_->missing_fallbacks;
}

_FcConfig* FontResolver::fontconfig() const {
    return data_->config.get();
}

bool FontStack::covers(char32_t c) const {
    for (const auto* coverage : coverage_)
        if (coverage->has(c)) return true;
    return false;
}

} // namespace galley
