// Hyphenation with libhyphen and the system's pattern files.
#include "galley/text.hpp"

#include "galley/resources.hpp"
#include "text/unicode_internal.hpp"
#include "util/owned.hpp"

#include <hyphen.h>

#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>

namespace galley {

namespace fs = std::filesystem;
namespace tu = detail::text_unicode;

namespace detail {

// The encoding of a pattern file, named on its first line: UTF-8, or a single-byte charset
// ICU knows (ISO 8859-1, -2, -5, -7, -13, -15, KOI8-R, TIS-620…).
enum class PatternCharset { utf8, single_byte };

// One loaded pattern file. libhyphen only reads a HyphenDict after loading it (checked in
// hyphen.c 2.8.8: hnj_hyphen_hyphenate2 walks dict->states and allocates its own buffers), so
// one dictionary serves every thread at once.
struct HyphenationDictionary {
    Owned<HyphenDict, hnj_hyphen_free> dict;
    fs::path path;
    PatternCharset charset = PatternCharset::utf8;
    std::unordered_map<char32_t, unsigned char> bytes; // single_byte: each character's byte
    bool koi8r = false; // the Russian patterns know no ё: it hyphenates as е
};

} // namespace detail

namespace {

using detail::HyphenationDictionary;
using detail::PatternCharset;

constexpr std::size_t longest_hyphenated_word = 100; // characters

// ---- Choosing a pattern file

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool all_ascii_letters(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

bool all_ascii_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The language and region subtags of a BCP 47 tag ("de-CH" → de, CH; "kk-Cyrl-KZ" → kk, KZ).
struct LanguageAndRegion {
    std::string language; // lower case; empty when the tag has no usable language subtag
    std::string region;   // upper case; may be empty
};

LanguageAndRegion parse_language_tag(std::string_view tag) {
    LanguageAndRegion out;
    std::size_t index = 0;
    while (!tag.empty()) {
        const std::size_t end = tag.find_first_of("-_");
        const std::string_view subtag = tag.substr(0, end);
        tag = end == std::string_view::npos ? std::string_view{} : tag.substr(end + 1);
        if (index++ == 0) {
            if (subtag.size() < 2 || subtag.size() > 3 || !all_ascii_letters(subtag)) return {};
            out.language = ascii_lower(subtag);
            continue;
        }
        if (subtag.size() == 1) break; // an extension or private use: nothing more for us
        if (subtag.size() == 4 && all_ascii_letters(subtag)) continue; // a script
        if ((subtag.size() == 2 && all_ascii_letters(subtag)) ||
            (subtag.size() == 3 && all_ascii_digits(subtag))) {
            out.region = ascii_upper(subtag);
        }
        break; // variants do not choose patterns
    }
    return out;
}

// Where pattern files are looked for: galley's own data folder first (for patterns a system
// lacks), then Debian's.
std::vector<fs::path> pattern_folders() {
    return {data_dir() / "hyphen", "/usr/share/hyphen"};
}

// The file names to try for a language and region, best first.
std::vector<std::string> candidate_files(const LanguageAndRegion& tag) {
    std::vector<std::string> names;
    const std::string& ll = tag.language;
    if (!tag.region.empty()) names.push_back("hyph_" + ll + "_" + tag.region + ".dic");
    if (ll == "en") {
        // Commonwealth spelling follows British hyphenation.
        static constexpr std::array british{"AU", "GB", "IE", "IN", "NZ", "ZA", "SG", "MT"};
        const bool is_british =
            std::find(british.begin(), british.end(), tag.region) != british.end();
        names.push_back(is_british ? "hyph_en_GB.dic" : "hyph_en_US.dic");
    }
    static const std::map<std::string, std::string> usual = {
        {"de", "hyph_de_DE.dic"}, {"es", "hyph_es_ES.dic"}, {"fr", "hyph_fr.dic"},
        {"ru", "hyph_ru_RU.dic"}, {"pt", "hyph_pt_PT.dic"}, {"it", "hyph_it_IT.dic"},
        {"nl", "hyph_nl_NL.dic"}, {"sv", "hyph_sv_SE.dic"}, {"da", "hyph_da_DK.dic"},
        {"nb", "hyph_nb_NO.dic"}, {"nn", "hyph_nn_NO.dic"}, {"uk", "hyph_uk_UA.dic"},
        {"no", "hyph_nb_NO.dic"}, {"sr", "hyph_sr_RS.dic"}, {"pl", "hyph_pl_PL.dic"},
    };
    if (const auto it = usual.find(ll); it != usual.end()) names.push_back(it->second);
    names.push_back("hyph_" + ll + ".dic");
    names.push_back("hyph_" + ll + "_" + ascii_upper(ll) + ".dic");
    return names;
}

std::optional<fs::path> find_pattern_file(const LanguageAndRegion& tag) {
    if (tag.language.empty()) return std::nullopt;
    const auto folders = pattern_folders();
    std::error_code ec;
    for (const std::string& name : candidate_files(tag)) {
        for (const fs::path& folder : folders) {
            const fs::path path = folder / name;
            if (fs::is_regular_file(path, ec)) return path;
        }
    }
    // Any other file for the language ("hyph_xx_YY.dic"), the first by name.
    const std::string prefix = "hyph_" + tag.language + "_";
    for (const fs::path& folder : folders) {
        std::vector<fs::path> found;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.starts_with(prefix) && name.ends_with(".dic") &&
                fs::is_regular_file(it->path(), ec))
                found.push_back(it->path());
        }
        if (!found.empty()) return *std::min_element(found.begin(), found.end());
    }
    return std::nullopt;
}

// The pattern folders that exist, for messages.
std::string folder_list() {
    std::string out;
    std::error_code ec;
    for (const fs::path& folder : pattern_folders())
        if (fs::is_directory(folder, ec)) out += (out.empty() ? "" : ", ") + folder.string();
    return out.empty() ? "no pattern folder found" : "looked in " + out;
}

// ---- Loading (once per process)

// The charset named on a pattern file's first line, without surrounding white space.
std::string trimmed_charset(std::string_view name) {
    while (!name.empty() && static_cast<unsigned char>(name.front()) <= ' ') name.remove_prefix(1);
    while (!name.empty() && static_cast<unsigned char>(name.back()) <= ' ') name.remove_suffix(1);
    return std::string(name);
}

// The byte of each character of the single-byte charset `name`, from ICU's converter; empty
// when ICU does not know the charset or it is not single-byte.
std::unordered_map<char32_t, unsigned char> single_byte_table(const char* name) {
    std::unordered_map<char32_t, unsigned char> table;
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(name, &status);
    if (U_FAILURE(status) || converter == nullptr) return table;
    if (ucnv_getMaxCharSize(converter) == 1) {
        for (int byte = 1; byte < 256; ++byte) {
            const char in = static_cast<char>(byte);
            UChar out[4];
            status = U_ZERO_ERROR;
            ucnv_reset(converter);
            const int32_t length = ucnv_toUChars(converter, out, 4, &in, 1, &status);
            if (U_SUCCESS(status) && length == 1 && out[0] != 0xFFFD && out[0] != 0x1A)
                table.emplace(static_cast<char32_t>(out[0]), static_cast<unsigned char>(byte));
        }
    }
    ucnv_close(converter);
    return table;
}

struct LoadedDictionary {
    std::shared_ptr<const HyphenationDictionary> dictionary; // null when loading failed
    std::string problem;                                     // why it failed
};

LoadedDictionary load_dictionary(const fs::path& path) {
    static std::mutex mutex;
    static std::map<std::string, LoadedDictionary> cache;

    std::error_code ec;
    fs::path key = fs::canonical(path, ec); // de, de-AT and de-CH share one file
    if (ec) key = path;
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(key.string()); it != cache.end()) return it->second;

    LoadedDictionary loaded;
    auto dictionary = std::make_shared<HyphenationDictionary>();
    dictionary->path = key;
    dictionary->dict.reset(hnj_hyphen_load(key.c_str()));
    if (!dictionary->dict) {
        loaded.problem = "cannot read the hyphenation patterns " + path.string();
    } else if (std::string name = ascii_lower(trimmed_charset(dictionary->dict->cset));
               name == "utf-8" || name == "utf8") {
        loaded.dictionary = std::move(dictionary);
    } else if (auto table = single_byte_table(name.c_str()); !table.empty()) {
        dictionary->charset = PatternCharset::single_byte;
        dictionary->bytes = std::move(table);
        dictionary->koi8r = name == "koi8-r" || name == "koi8r";
        loaded.dictionary = std::move(dictionary);
    } else {
        loaded.problem = "the hyphenation patterns " + path.string() + " are in " +
                         dictionary->dict->cset + ", which galley cannot convert to";
    }
    cache.emplace(key.string(), loaded);
    return loaded;
}

// ---- Words

struct Character {
    char32_t code_point;
    std::size_t offset; // in the text
    std::size_t length;
};

bool is_apostrophe(char32_t cp) {
    return cp == U'\'' || cp == 0x2019 || cp == 0x02BC;
}
bool is_digit(char32_t cp) {
    return cp >= U'0' && cp <= U'9';
}

// Characters that separate tokens (words with their punctuation).
bool is_token_separator(char32_t cp) {
    return cp == U' ' || (cp >= 0x09 && cp <= 0x0D) || cp == tu::no_break_space || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

// URLs, e-mail addresses and domain names: left alone.
bool looks_like_address(std::string_view token) {
    if (token.find("://") != std::string_view::npos) return true;
    if (token.find('@') != std::string_view::npos) return true;
    if (ascii_lower(token.substr(0, 4)) == "www.") return true;
    for (std::size_t dot = token.find('.'); dot != std::string_view::npos;
         dot = token.find('.', dot + 1)) {
        if (dot == 0 || dot + 1 >= token.size()) continue;
        const auto alnum = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        };
        // "example.com", "v2.3": a dot inside a token. "U.S." (one letter each side) is not.
        if (alnum(token[dot - 1]) && alnum(token[dot + 1]) &&
            (dot + 2 < token.size() && alnum(token[dot + 2])))
            return true;
    }
    return false;
}

// The byte the pattern file uses for lower-case `cp`, or -1 when it has none.
int single_byte(const HyphenationDictionary& dictionary, char32_t cp) {
    if (cp < 0x80) return static_cast<int>(cp);
    if (dictionary.koi8r && cp == U'ё') cp = U'е';
    const auto found = dictionary.bytes.find(cp);
    return found == dictionary.bytes.end() ? -1 : found->second;
}

} // namespace

// ---- Hyphenator

Hyphenator::Hyphenator(std::string language,
                       std::shared_ptr<const detail::HyphenationDictionary> dict)
    : language_(std::move(language)), dictionary_(std::move(dict)) {}

const fs::path& Hyphenator::dictionary_path() const noexcept {
    static const fs::path none;
    return dictionary_ ? dictionary_->path : none;
}

std::optional<fs::path> Hyphenator::find_dictionary(std::string_view language) {
    if (language.empty()) language = "en-US";
    return find_pattern_file(parse_language_tag(language));
}

std::shared_ptr<const Hyphenator> Hyphenator::for_language(std::string_view language,
                                                           Warnings& warnings) {
    const auto path = find_dictionary(language);
    if (!path) {
        warnings.push_back({"",
                            {},
                            "no hyphenation patterns for language \"" + std::string(language) +
                                "\" (" + folder_list() + "): words break only at soft hyphens"});
        return std::make_shared<const Hyphenator>(std::string(language), nullptr);
    }
    LoadedDictionary loaded = load_dictionary(*path);
    if (!loaded.dictionary)
        warnings.push_back({"", {}, loaded.problem + ": words break only at soft hyphens"});
    return std::make_shared<const Hyphenator>(std::string(language), std::move(loaded.dictionary));
}

namespace {

// Adds the break points of one word (letters, combining marks, inner apostrophes) to `out`.
void word_break_points(const HyphenationDictionary& dictionary, const HyphenationSettings& settings,
                       std::span<const Character> word, std::vector<std::size_t>& out) {
    // Only what is counted as a character: combining marks go with their base.
    std::vector<const Character*> letters;
    letters.reserve(word.size());
    std::size_t upper = 0, letter_count = 0;
    for (const Character& c : word) {
        if (c.code_point == tu::soft_hyphen) return; // manual: the author chose the breaks
        if (tu::is_combining(c.code_point)) continue;
        letters.push_back(&c);
        if (!is_apostrophe(c.code_point)) {
            ++letter_count;
            if (tu::is_upper(c.code_point)) ++upper;
        }
    }
    const std::size_t n = letters.size();
    const auto limit = [](int value) { return value < 1 ? std::size_t{1} : std::size_t(value); };
    if (n < limit(settings.limits.word) || n > longest_hyphenated_word) return;
    if (!settings.hyphenate_all_caps && letter_count >= 2 && upper == letter_count) return;

    // The word as the patterns spell it: lower case, in the file's encoding.
    std::string encoded;
    encoded.reserve(n * 2);
    for (const Character* c : letters) {
        char32_t cp = is_apostrophe(c->code_point) ? U'\'' : tu::to_lower(c->code_point);
        if (dictionary.charset == PatternCharset::utf8) {
            tu::append_utf8(encoded, cp);
        } else {
            const int byte = single_byte(dictionary, cp);
            if (byte < 0) return; // a letter the patterns cannot know
            encoded += static_cast<char>(byte);
        }
    }

    std::vector<char> hyphens(encoded.size() + 5, '0');
    char** replacements = nullptr;
    int* positions = nullptr;
    int* cuts = nullptr;
    // hnj_hyphen_hyphenate2 takes a non-const dict but only reads it (see HyphenationDictionary).
    const int failed = hnj_hyphen_hyphenate2(dictionary.dict.get(), encoded.c_str(),
                                             static_cast<int>(encoded.size()), hyphens.data(),
                                             nullptr, &replacements, &positions, &cuts);
    // With UTF-8 patterns, hyphens[] is indexed by character (hnj_hyphen_norm), as it is for
    // single-byte ones: hyphens[i] odd means a break after character i.
    const std::size_t before = limit(settings.limits.before);
    const std::size_t after = limit(settings.limits.after);
    for (std::size_t i = 0; !failed && i + 1 < n; ++i) {
        if (!(hyphens[i] & 1)) continue;
        // A non-standard break changes the spelling (Schiffahrt → Schiff-fahrt): a soft hyphen
        // cannot say that, so it is not used.
        if (replacements && replacements[i]) continue;
        if (i + 1 < before || n - (i + 1) < after) continue;
        if (is_apostrophe(letters[i]->code_point) || is_apostrophe(letters[i + 1]->code_point))
            continue;
        out.push_back(letters[i + 1]->offset);
    }
    if (replacements) {
        for (std::size_t i = 0; i < encoded.size(); ++i) std::free(replacements[i]);
        std::free(replacements);
    }
    std::free(positions);
    std::free(cuts);
}

// Adds the break points of one token (a run of text between spaces) to `out`.
void token_break_points(const HyphenationDictionary& dictionary,
                        const HyphenationSettings& settings, std::string_view text,
                        std::span<const Character> token, std::vector<std::size_t>& out) {
    const std::size_t token_begin = token.front().offset;
    const std::size_t token_end = token.back().offset + token.back().length;
    if (looks_like_address(text.substr(token_begin, token_end - token_begin))) return;

    const auto in_word = [&](std::size_t i) {
        const char32_t cp = token[i].code_point;
        if (tu::is_letter(cp) || tu::is_combining(cp) || cp == tu::soft_hyphen) return true;
        // An apostrophe between letters: "l’indépendance", "don't".
        return is_apostrophe(cp) && i > 0 && i + 1 < token.size() &&
               tu::is_letter(token[i - 1].code_point) && tu::is_letter(token[i + 1].code_point);
    };
    std::size_t i = 0;
    while (i < token.size()) {
        if (!tu::is_letter(token[i].code_point)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < token.size() && in_word(end)) ++end;
        const bool next_to_digit = (i > 0 && is_digit(token[i - 1].code_point)) ||
                                   (end < token.size() && is_digit(token[end].code_point));
        if (!next_to_digit) word_break_points(dictionary, settings, token.subspan(i, end - i), out);
        i = end;
    }
}

} // namespace

std::vector<std::size_t> Hyphenator::break_points(std::string_view text,
                                                  const HyphenationSettings& settings) const {
    std::vector<std::size_t> out;
    if (!dictionary_ || settings.mode != Hyphens::automatic) return out;
    std::vector<Character> token;
    const auto flush = [&] {
        if (!token.empty()) token_break_points(*dictionary_, settings, text, token, out);
        token.clear();
    };
    for (std::size_t at = 0; at < text.size();) {
        const tu::Decoded d = tu::decode(text, at);
        if (is_token_separator(d.code_point))
            flush();
        else
            token.push_back({d.code_point, at, d.length});
        at += d.length;
    }
    flush();
    return out;
}

std::string Hyphenator::hyphenate(std::string_view text,
                                  const HyphenationSettings& settings) const {
    if (settings.mode == Hyphens::none) return remove_soft_hyphens(text);
    const std::vector<std::size_t> points = break_points(text, settings);
    std::string out;
    out.reserve(text.size() + points.size() * 2);
    std::size_t copied = 0;
    for (const std::size_t point : points) {
        out.append(text.substr(copied, point - copied));
        out += "\u00AD";
        copied = point;
    }
    out.append(text.substr(copied));
    return out;
}

std::string remove_soft_hyphens(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t found = text.find("\u00AD", at);
        const std::size_t end = found == std::string_view::npos ? text.size() : found;
        out.append(text.substr(at, end - at));
        at = found == std::string_view::npos ? text.size() : found + 2;
    }
    return out;
}

} // namespace galley
