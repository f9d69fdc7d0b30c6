// galley — small UTF-8 and character-class helpers shared by hyphenation and line breaking.
// Internal: not installed, no locale functions, tables cover the scripts galley sets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace galley::detail::text_unicode {

inline constexpr char32_t replacement_character = 0xFFFD;
inline constexpr char32_t soft_hyphen = 0x00AD;
inline constexpr char32_t no_break_space = 0x00A0;
inline constexpr char32_t zero_width_space = 0x200B;

// One decoded code point and the bytes it took.
struct Decoded {
    char32_t code_point = replacement_character;
    std::size_t length = 1;
};

// Decodes the code point starting at `text[at]` (at < text.size()). A malformed or truncated
// sequence, an overlong form or a surrogate decodes as U+FFFD taking one byte, so a caller
// always advances and never splits a valid sequence.
inline Decoded decode(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07, minimum = 0x10000;
    } else {
        return {};
    }
    if (at + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(at + i);
        if ((next & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
    return {cp, length};
}

// Appends `cp` to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// A mark that belongs to the character before it (combining diacritics, variation selectors,
// zero-width joiner, emoji modifiers): never a place to break a word.
inline bool is_combining(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
           (cp >= 0x0591 && cp <= 0x05C7) || (cp >= 0x0610 && cp <= 0x061A) ||
           (cp >= 0x064B && cp <= 0x065F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x200C && cp <= 0x200D) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0100 && cp <= 0xE01EF);
}

// Hyphens and dashes after which a line may break when a word continues after them.
inline bool is_breaking_hyphen(char32_t cp) {
    return cp == U'-' || cp == 0x2010 || cp == 0x2013 || cp == 0x2014;
}

// A letter of a word as hyphenation sees it: ASCII letters and, above U+00BF, everything
// that is not punctuation, a symbol, a space or a mark (a coarse test without Unicode
// tables, good for the Latin, Greek and Cyrillic text galley hyphenates).
inline bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (is_combining(cp)) return false;
    if (cp >= 0x02B9 && cp <= 0x02FF) return cp == 0x02BC; // modifier letter apostrophe
    if (cp == 0x037E || cp == 0x0387) return false;        // Greek question mark, ano teleia
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;        // punctuation, symbols, arrows…
    if (cp >= 0x2E00 && cp <= 0x2E7F) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xD800 && cp <= 0xF8FF) return false; // surrogates, private use
    if (cp >= 0xFE10 && cp <= 0xFE6F) return false;
    if (cp >= 0xFF00 && cp <= 0xFF20) return false;
    if (cp >= 0xFFF0) return cp >= 0x10000 && cp < 0x1F000;
    return true;
}

// The lower-case form of `cp` for pattern lookup: one code point for one (so positions map
// back), covering ASCII, Latin-1, Latin Extended-A and Additional, Greek and Cyrillic
// (including the Kazakh letters). Other code points come back unchanged.
inline char32_t to_lower(char32_t cp) {
    if (cp < 0x80) return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x0100 && cp <= 0x017F) {
        if (cp == 0x0130) return U'i';
        if (cp == 0x0178) return 0xFF;
        const bool odd = cp & 1;
        if ((cp <= 0x012F || (cp >= 0x0132 && cp <= 0x0137) || (cp >= 0x014A && cp <= 0x0177)) &&
            !odd)
            return cp + 1;
        if (((cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E)) && odd)
            return cp + 1;
        return cp;
    }
    if (cp >= 0x0218 && cp <= 0x021B) return (cp & 1) ? cp : cp + 1; // Ș Ț
    if (cp >= 0x0386 && cp <= 0x03AB) {
        if (cp == 0x0386) return 0x03AC;
        if (cp >= 0x0388 && cp <= 0x038A) return cp + 37;
        if (cp == 0x038C) return 0x03CC;
        if (cp == 0x038E || cp == 0x038F) return cp + 63;
        if (cp >= 0x0391 && cp != 0x03A2) return cp + 32;
        return cp;
    }
    if (cp >= 0x0400 && cp <= 0x040F) return cp + 80;
    if (cp >= 0x0410 && cp <= 0x042F) return cp + 32;
    if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
        (cp >= 0x04D0 && cp <= 0x052F))
        return (cp & 1) ? cp : cp + 1;
    if (cp == 0x04C0) return 0x04CF;
    if (cp >= 0x04C1 && cp <= 0x04CE) return (cp & 1) ? cp + 1 : cp;
    if (cp == 0x1E9E) return 0xDF; // capital sharp s
    if ((cp >= 0x1E00 && cp <= 0x1E95) || (cp >= 0x1EA0 && cp <= 0x1EFF))
        return (cp & 1) ? cp : cp + 1;
    return cp;
}

inline bool is_upper(char32_t cp) {
    return to_lower(cp) != cp;
}

} // namespace galley::detail::text_unicode
