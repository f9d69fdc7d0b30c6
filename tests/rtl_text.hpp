// Tests' view of right-to-left text in a PDF: code points, and text made comparable with
// its source whatever order an extractor gives neutral characters and marks in.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace galley::test {

// UTF-8 → code points and back, for the right-to-left comparison.
inline std::u32string decode(const std::string& text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
        out += cp;
        i += static_cast<std::size_t>(n);
    }
    return out;
}

// Text for comparing a PDF's extraction with its source, as pdftotext gives right-to-left
// and CJK text back: without whitespace, bidi controls, punctuation (poppler orders neutral
// characters between right-to-left and left-to-right runs by its own rules) and Arabic vowel
// marks (poppler attaches a mark to the letter on its left, which in right-to-left text is the
// next one); alef with
// hamza or madda above or below written as one letter; and lam + alef (a ligature glyph, whose
// two letters poppler reverses) as one unit, whichever order they come in.
inline std::u32string comparable(const std::string& text) {
    std::u32string in = decode(text), out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char32_t c = in[i];
        if (c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == U'\f' || c == 0xA0)
            continue;
        if (c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
            (c >= 0x2066 && c <= 0x2069))
            continue;
        if (std::u32string_view(
                U".,:;!?\"'()"
                U"\u00AB\u00BB\u060C\u061B\u061F\u06D4\u2013\u2014\u201C\u201D\u2018\u2019"
                U"\u3001\u3002\uFF0C\uFF1A\uFF1B\uFF01\uFF1F\u300C\u300D")
                .find(c) != std::u32string_view::npos)
            continue;
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670) {
            if (c == 0x0653 && !out.empty() && out.back() == 0x0627)
                out.back() = 0x0622;
            else if (c == 0x0654 && !out.empty() && out.back() == 0x0627)
                out.back() = 0x0623;
            else if (c == 0x0655 && !out.empty() && out.back() == 0x0627)
                out.back() = 0x0625;
            continue;
        }
        out += c;
    }
    // Lam + alef pairs, scanned from the end: the lam belongs to the alef after it (source)
    // or before it (poppler's reversal); either way one unit.
    const auto alef = [](char32_t c) {
        return c == 0x0627 || c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0649;
    };
    std::u32string units;
    for (std::size_t i = out.size(); i-- > 0;) {
        if (i > 0 &&
            ((out[i - 1] == 0x0644 && alef(out[i])) || (alef(out[i - 1]) && out[i] == 0x0644))) {
            const char32_t a = alef(out[i]) ? out[i] : out[i - 1];
            units += static_cast<char32_t>(0x100000 + a); // a private code point for "lam + a"
            --i;
            continue;
        }
        units += out[i];
    }
    std::reverse(units.begin(), units.end());
    return units;
}

} // namespace galley::test
