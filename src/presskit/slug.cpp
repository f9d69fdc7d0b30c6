// Slugs for the press kit's entry names: [a-z0-9-] only, so that no name can climb out of the
// kit or mean something to a file system.
#include "presskit/kit.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace galley::detail {

namespace {

// ASCII for U+00C0–U+00FF ('-' separates: × and ÷).
constexpr std::array<std::string_view, 64> latin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "-", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "-", "o", "u", "u", "u", "u", "y", "th", "y"};

// The base letter of U+0100–U+017F (Latin Extended-A); '*' is "ij", '#' is "oe".
constexpr std::string_view latin_extended_a =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "**"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "##"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(latin_extended_a.size() == 0x80);

// Decodes one UTF-8 sequence at `i` (advancing it); U+FFFD for a malformed one.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    int length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        const unsigned char c = byte(i + static_cast<std::size_t>(k));
        if ((c & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += static_cast<std::size_t>(length);
    return cp;
}

// What a code point contributes to a slug: letters, "" (dropped: apostrophes, combining
// marks) or "-" (a separator).
std::string_view ascii_for(char32_t cp, char (&one)[2]) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
        one[0] = static_cast<char>(cp);
        return {one, 1};
    }
    if (cp >= 'A' && cp <= 'Z') {
        one[0] = static_cast<char>(cp - 'A' + 'a');
        return {one, 1};
    }
    if (cp == '\'' || cp == 0x2019 || cp == 0x02BC || (cp >= 0x0300 && cp <= 0x036F)) return "";
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {
        const char c = latin_extended_a[cp - 0x100];
        if (c == '*') return "ij";
        if (c == '#') return "oe";
        one[0] = c;
        return {one, 1};
    }
    if (cp == 0x018F || cp == 0x0259) return "e"; // Ə ə (Azerbaijani)
    return "-";
}

} // namespace

std::string slugify(std::string_view text, std::size_t max_length) {
    std::vector<std::string> words(1);
    for (std::size_t i = 0; i < text.size();) {
        char one[2] = {0, 0};
        const std::string_view piece = ascii_for(next_code_point(text, i), one);
        if (piece == "-") {
            if (!words.back().empty()) words.emplace_back();
        } else {
            words.back() += piece;
        }
    }
    std::vector<std::string_view> kept;
    std::size_t length = 0;
    bool cut = false;
    for (const std::string& word : words) {
        if (word.empty()) continue;
        const std::size_t needed = kept.empty() ? word.size() : length + 1 + word.size();
        if (needed > max_length) {
            if (kept.empty()) return word.substr(0, max_length);
            cut = true;
            break;
        }
        kept.push_back(word);
        length = needed;
    }
    // A headline cut short should not end on "…-to-become-a".
    static constexpr std::array<std::string_view, 14> small_words = {
        "a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "at", "by", "with", "from"};
    while (cut && kept.size() > 1 &&
           std::find(small_words.begin(), small_words.end(), kept.back()) != small_words.end())
        kept.pop_back();
    std::string slug;
    for (std::string_view word : kept) {
        if (!slug.empty()) slug += '-';
        slug += word;
    }
    return slug;
}

std::string unique_slug(const std::string& slug, std::set<std::string>& taken) {
    std::string candidate = slug;
    for (int n = 2; taken.count(candidate) != 0; ++n) candidate = slug + "-" + std::to_string(n);
    taken.insert(candidate);
    return candidate;
}

} // namespace galley::detail
