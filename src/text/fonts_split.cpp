// FontStack::split: text into runs by glyph coverage.
#include "galley/fonts.hpp"

#include "text/fonts_detail.hpp"

#include <algorithm>

namespace galley {

namespace {

struct CodePoint {
    char32_t c;
    std::size_t begin; // byte offsets in the text
    std::size_t end;
};

// The code points of `text`; a byte that does not start a valid UTF-8 sequence (overlong
// forms, surrogates and values above U+10FFFF included) is read as U+FFFD.
std::vector<CodePoint> decode_utf8(std::string_view text) {
    std::vector<CodePoint> out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        char32_t c = 0xFFFD;
        std::size_t length = 1;
        if (b < 0x80) {
            c = b;
        } else {
            std::size_t need = 0;
            char32_t value = 0, min = 0;
            if ((b & 0xE0) == 0xC0) {
                need = 1, value = b & 0x1F, min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                need = 2, value = b & 0x0F, min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                need = 3, value = b & 0x07, min = 0x10000;
            }
            bool valid = need > 0 && i + need < n;
            for (std::size_t k = 1; valid && k <= need; ++k) {
                if ((s[i + k] & 0xC0) != 0x80)
                    valid = false;
                else
                    value = (value << 6) | (s[i + k] & 0x3F);
            }
            if (valid && value >= min && value <= 0x10FFFF &&
                !(value >= 0xD800 && value <= 0xDFFF)) {
                c = value;
                length = need + 1;
            }
        }
        out.push_back({c, i, i + length});
        i += length;
    }
    return out;
}

bool in(char32_t c, char32_t first, char32_t last) {
    return c >= first && c <= last;
}

// Separates words: spaces, tabs, line ends.
bool is_space(char32_t c) {
    return c == 0x20 || in(c, 0x09, 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

// Characters that are never drawn from a font's glyphs: controls, line and paragraph
// separators, and format characters (soft hyphen, zero-width space and joiners, direction
// marks, word joiner, variation selectors, BOM, tags).
bool is_invisible(char32_t c) {
    return c < 0x20 || in(c, 0x7F, 0x9F) || c == 0xAD || c == 0x034F || c == 0x061C ||
           in(c, 0x115F, 0x1160) || in(c, 0x17B4, 0x17B5) || in(c, 0x180B, 0x180F) ||
           in(c, 0x200B, 0x200F) || in(c, 0x2028, 0x202E) || in(c, 0x2060, 0x206F) || c == 0x3164 ||
           in(c, 0xFE00, 0xFE0F) || c == 0xFEFF || c == 0xFFA0 || in(c, 0xFFF0, 0xFFF8) ||
           in(c, 0x1BCA0, 0x1BCA3) || in(c, 0x1D173, 0x1D17A) || in(c, 0xE0000, 0xE0FFF);
}

// Combining marks of the scripts galley sets (they stay with their base character).
bool is_combining_mark(char32_t c) {
    return in(c, 0x0300, 0x036F) || in(c, 0x0483, 0x0489) || in(c, 0x0591, 0x05BD) || c == 0x05BF ||
           in(c, 0x05C1, 0x05C2) || in(c, 0x05C4, 0x05C5) || c == 0x05C7 || in(c, 0x0610, 0x061A) ||
           in(c, 0x064B, 0x065F) || c == 0x0670 || in(c, 0x06D6, 0x06DC) || in(c, 0x06DF, 0x06E4) ||
           in(c, 0x06E7, 0x06E8) || in(c, 0x06EA, 0x06ED) || in(c, 0x1AB0, 0x1AFF) ||
           in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF) || in(c, 0x302A, 0x302F) ||
           in(c, 0x3099, 0x309A) || in(c, 0xFE20, 0xFE2F);
}

} // namespace

std::vector<TextRun> FontStack::split(std::string_view utf8, Warnings& warnings) const {
    std::vector<TextRun> runs;
    if (utf8.empty() || fonts_.empty()) return runs;
    const std::vector<CodePoint> text = decode_utf8(utf8);
    const std::size_t n = text.size();
    const std::size_t font_count = fonts_.size();
    constexpr std::size_t unassigned = static_cast<std::size_t>(-1);
    const std::size_t missing = font_count; // "no font has it"

    auto font_has = [&](std::size_t font, char32_t c) {
        return is_invisible(c) || coverage_[font]->has(c);
    };
    // The first font with every character of text[first, last), or unassigned.
    auto first_font_with = [&](std::size_t first, std::size_t last) {
        for (std::size_t font = 0; font < font_count; ++font) {
            bool all = true;
            for (std::size_t i = first; all && i < last; ++i) all = font_has(font, text[i].c);
            if (all) return font;
        }
        return unassigned;
    };
    std::vector<char32_t> reported;
    auto report = [&](char32_t c) {
        if (std::find(reported.begin(), reported.end(), c) != reported.end()) return;
        reported.push_back(c);
        warnings.push_back(Warning{"", Position{},
                                   detail::code_point_name(c) + " not in any font" +
                                       (data_ ? data_->missing_font_hint(c) : std::string())});
    };

    std::vector<std::size_t> assigned(n, unassigned);

    // Words: the first font with the whole word, else cluster by cluster.
    for (std::size_t i = 0; i < n;) {
        if (is_space(text[i].c)) {
            ++i;
            continue;
        }
        std::size_t word_end = i;
        while (word_end < n && !is_space(text[word_end].c)) ++word_end;
        if (const std::size_t font = first_font_with(i, word_end); font != unassigned) {
            std::fill(assigned.begin() + i, assigned.begin() + word_end, font);
        } else {
            for (std::size_t k = i; k < word_end;) {
                std::size_t cluster_end = k + 1;
                while (cluster_end < word_end && (is_combining_mark(text[cluster_end].c) ||
                                                  is_invisible(text[cluster_end].c)))
                    ++cluster_end;
                std::size_t font = first_font_with(k, cluster_end);
                if (font == unassigned) {
                    for (std::size_t m = k; m < cluster_end; ++m)
                        if (!is_invisible(text[m].c) && !covers(text[m].c)) report(text[m].c);
                    font = first_font_with(k, k + 1); // the base, without the marks no font has
                    if (font == unassigned) font = missing;
                }
                std::fill(assigned.begin() + k, assigned.begin() + cluster_end, font);
                k = cluster_end;
            }
        }
        i = word_end;
    }

    // Spaces: with the run before when its font has them, else the run after, else the first
    // font that has them.
    for (std::size_t i = 0; i < n; ++i) {
        if (assigned[i] != unassigned) continue;
        const char32_t c = text[i].c;
        const std::size_t before = i > 0 ? assigned[i - 1] : missing;
        if (before != missing && font_has(before, c)) {
            assigned[i] = before;
            continue;
        }
        std::size_t next = i + 1;
        while (next < n && assigned[next] == unassigned) ++next;
        const std::size_t after = next < n ? assigned[next] : missing;
        if (after != missing && font_has(after, c)) {
            assigned[i] = after;
            continue;
        }
        std::size_t font = first_font_with(i, i + 1);
        if (font == unassigned) {
            report(c);
            font = missing;
        }
        assigned[i] = font;
    }

    for (std::size_t i = 0; i < n; ++i) {
        const bool is_missing = assigned[i] == missing;
        const Font* font = fonts_[is_missing ? 0 : assigned[i]];
        if (!runs.empty() && runs.back().font == font && runs.back().missing == is_missing) {
            runs.back().end = text[i].end;
        } else {
            runs.push_back(TextRun{text[i].begin, text[i].end, font, is_missing});
        }
    }
    return runs;
}

} // namespace galley
