// Shared text checks for the readers: UTF-8 validation with positions, white space.
#include "read/reader.hpp"

#include <cstdio>
#include <cstring>

namespace galley::detail {

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        char32_t min;
        char32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        if (i + len > n) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) {
                if (bad_offset) *bad_offset = i;
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
}

Position position_of(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    Position pos;
    pos.line = 1;
    pos.column = 1;
    pos.offset = static_cast<std::int64_t>(offset);
    for (std::size_t i = 0; i < offset; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.column; // count code points, not continuation bytes
        }
    }
    return pos;
}

std::string_view checked_utf8_text(std::string_view bytes, const std::string& file) {
    if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0)
        bytes.remove_prefix(3);
    if (trim(bytes).empty())
        throw Error(ErrorCode::empty_input, file, "the file is empty (no text to read)");
    if (auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        Position pos = position_of(bytes, nul);
        throw Error(ErrorCode::binary_input, file, pos,
                    "binary data (a NUL byte at byte offset " + std::to_string(nul) +
                        "): not a text article");
    }
    std::size_t bad = 0;
    if (!is_valid_utf8(bytes, &bad)) {
        Position pos = position_of(bytes, bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[bad]));
        throw Error(ErrorCode::encoding, file, pos,
                    "invalid UTF-8 at byte offset " + std::to_string(bad) + " (byte " + hex +
                        "); galley reads text files as UTF-8");
    }
    return bytes;
}

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
} // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

namespace {

// The length of the Unicode space that `s` starts (or, with `at_end`, ends) with; 0 if none.
std::size_t unicode_space_length(std::string_view s, bool at_end) {
    static constexpr std::string_view spaces[] = {
        "\u00A0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
        "\u2007", "\u2008", "\u2009", "\u200A", "\u200B", "\u202F", "\u205F", "\u3000",
        "\uFEFF"};
    if (!s.empty() && is_space(at_end ? s.back() : s.front())) return 1;
    for (auto sp : spaces)
        if (at_end ? s.ends_with(sp) : s.starts_with(sp)) return sp.size();
    return 0;
}

} // namespace

std::string_view trim_unicode_space(std::string_view s) {
    while (std::size_t n = unicode_space_length(s, false)) s.remove_prefix(n);
    while (std::size_t n = unicode_space_length(s, true)) s.remove_suffix(n);
    return s;
}

std::string collapse_space(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending = false;
    for (char c : s) {
        if (is_space(c)) {
            pending = !out.empty();
        } else {
            if (pending) out += ' ';
            pending = false;
            out += c;
        }
    }
    return out;
}

} // namespace galley::detail
