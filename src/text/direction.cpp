// Which way a language is written: CLDR's likely script for the language (ICU), or the script
// the tag names.
#include "text/direction.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <optional>
#include <string>

namespace galley::detail {

namespace {

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_script_subtag(std::string_view subtag) {
    return subtag.size() == 4 && std::all_of(subtag.begin(), subtag.end(), is_ascii_letter);
}

// Right-to-left languages whose script ICU's likely subtags do not give (checked against
// ICU 72): Judeo-Arabic and Judeo-Persian (Hebrew script), Samaritan Aramaic and Classical
// Syriac.
bool listed_right_to_left(std::string_view language) {
    static constexpr std::string_view listed[] = {"jpr", "jrb", "sam", "syc"};
    return std::find(std::begin(listed), std::end(listed), language) != std::end(listed);
}

// Whether the ISO 15924 script `code` ("Arab", "Hebr"…) is written right to left.
bool script_is_right_to_left(std::string_view code) {
    const std::string name(code);
    const int script = u_getPropertyValueEnum(UCHAR_SCRIPT, name.c_str());
    return script != UCHAR_INVALID_CODE && uscript_isRightToLeft(static_cast<UScriptCode>(script));
}

// The language `tag` names, by ICU: nullopt when ICU cannot read the tag.
std::optional<bool> icu_right_to_left(const std::string& tag) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status) || locale.isBogus()) return std::nullopt;
    if (*locale.getLanguage() == '\0' && *locale.getScript() == '\0') return std::nullopt;
    if (*locale.getScript() != '\0') return locale.isRightToLeft(); // the tag names its script
    // Legacy and deprecated codes first: iw → he, prs → fa-AF, pnb → lah.
    UErrorCode canonical = U_ZERO_ERROR;
    icu::Locale canonicalized = locale;
    canonicalized.canonicalize(canonical);
    if (U_SUCCESS(canonical) && !canonicalized.isBogus()) locale = canonicalized;
    return locale.isRightToLeft() || listed_right_to_left(locale.getLanguage());
}

// `bcp47` trimmed of ASCII white space, lower case, "_" read as "-".
std::string normalized_tag(std::string_view bcp47) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!bcp47.empty() && space(bcp47.front())) bcp47.remove_prefix(1);
    while (!bcp47.empty() && space(bcp47.back())) bcp47.remove_suffix(1);
    std::string tag;
    for (char c : bcp47) {
        if (c == '_') c = '-';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        tag += c;
    }
    return tag;
}

} // namespace

std::string_view list_comma(std::string_view bcp47) {
    const std::string tag = normalized_tag(bcp47);
    if (tag.empty()) return ", ";
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status) || locale.isBogus()) return ", ";
    if (*locale.getScript() == '\0') {
        UErrorCode canonical = U_ZERO_ERROR;
        icu::Locale canonicalized = locale;
        canonicalized.canonicalize(canonical);
        if (U_SUCCESS(canonical) && !canonicalized.isBogus()) locale = canonicalized;
        UErrorCode likely = U_ZERO_ERROR;
        locale.addLikelySubtags(likely);
        if (U_FAILURE(likely)) return ", ";
    }
    return std::string_view(locale.getScript()) == "Arab" ? "\u060C " : ", ";
}

bool is_right_to_left_language(std::string_view bcp47) {
    const std::string tag = normalized_tag(bcp47);
    if (tag.empty()) return false;
    if (const auto answer = icu_right_to_left(tag)) return *answer;
    // A tag ICU cannot read ("ar-", "ar--EG", an overlong subtag): its script subtag when it has
    // one, else its first subtag as a language.
    const std::string primary = tag.substr(0, tag.find('-'));
    for (std::size_t start = primary.size(); start < tag.size();) {
        const std::size_t end = std::min(tag.find('-', start + 1), tag.size());
        const std::string_view subtag = std::string_view(tag).substr(start + 1, end - start - 1);
        if (is_script_subtag(subtag)) return script_is_right_to_left(subtag);
        start = end;
    }
    if (primary.size() < 2 || primary.size() > 8 ||
        !std::all_of(primary.begin(), primary.end(), is_ascii_letter))
        return false;
    return icu_right_to_left(primary).value_or(listed_right_to_left(primary));
}

} // namespace galley::detail
