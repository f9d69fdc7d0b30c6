// Internal: the data behind FontResolver and FontStack, shared by fonts.cpp and
// fonts_split.cpp.
#pragma once

#include "galley/fonts.hpp"
#include "util/owned.hpp"

#include <fontconfig/fontconfig.h>

#include <bitset>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace galley::detail {

// Which glyphs one font has: its FcCharSet (owned by the font's pattern in the resolver's
// configuration) and, for speed, a bitmap of the code points below U+3000 (Latin, Greek,
// Cyrillic, Hebrew, Arabic, punctuation), where almost all lookups fall.
struct FontCoverage {
    static constexpr char32_t bitmap_end = 0x3000;

    const FcCharSet* charset = nullptr;
    std::bitset<bitmap_end> low;

    bool has(char32_t c) const {
        if (c < bitmap_end) return low.test(c);
        return charset && FcCharSetHasChar(charset, c);
    }
};

// A request's resolution, cached with the warnings it gave.
struct CachedResolution {
    std::size_t font = 0;
    std::vector<std::string> warnings;
};

struct CachedStack {
    std::unique_ptr<FontStack> stack;
    std::vector<std::string> warnings;
};

struct FontResolverData {
    Owned<FcConfig, FcConfigDestroy> config;
    std::vector<Font> fonts;
    std::vector<FontCoverage> coverage;             // parallel to fonts
    std::vector<std::vector<std::string>> families; // every family name, folded (see fold_name)
    std::vector<std::pair<int, int>> weight_ranges; // CSS weights, parallel to fonts
    std::unordered_map<std::string, std::vector<std::size_t>> by_file; // "file#index" → fonts
    std::vector<FallbackFontFile> missing_fallbacks;

    mutable std::mutex mutex; // guards the caches and every fontconfig call after construction
    mutable std::unordered_map<std::string, CachedResolution> resolutions;
    mutable std::unordered_map<std::string, CachedStack> stacks;

    // " (the Hebrew fallback font is not installed: Debian package fonts-noto-core)" when `c`
    // belongs to a script whose declared fallback file is missing; "" otherwise.
    std::string missing_font_hint(char32_t c) const;
};

// A family name folded for comparison as fontconfig compares them: ASCII letters lower-cased,
// spaces removed.
std::string fold_name(std::string_view name);

// "U+0041", "U+1F600".
std::string code_point_name(char32_t c);

} // namespace galley::detail
