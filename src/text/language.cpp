// Language detection (CLD2), language-tag comparison and dates for readers (ICU/CLDR).
#include "text/language.hpp"

#include "text/unicode_internal.hpp"

// CLD2's public header uses FILE without including <cstdio>.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <set>

namespace galley::detail {

namespace {

namespace tu = text_unicode;

// ---- detection

constexpr std::size_t detection_limit = 256 * 1024; // bytes of text given to CLD2
constexpr int minimum_letters = 20;
// CLD2 calls its answer reliable on a single short sentence, where it is not: one Danish
// sentence of 44 or 65 bytes of letters came out as Norwegian, "reliable"; from about 85 bytes
// (a long sentence; two short ones) on, Danish and Norwegian came out right. Its stated design
// target is "web pages of at least 200 characters (about two sentences)". Below this many
// bytes of letters a guess is never reliable here.
constexpr int reliable_text_bytes = 100;

// What CLD2 rejects as not "interchange-valid" UTF-8 (found by trying every code point on
// libcld2 0.0.0-git20150806: C0 controls but tab, line feed, form feed and carriage return;
// DEL and the C1 controls; the noncharacters). One of them makes CLD2 answer UNKNOWN for the
// whole text, so they are read as spaces, as malformed bytes are.
bool cld2_rejects(char32_t c) {
    return (c < 0x20 && c != U'\t' && c != U'\n' && c != U'\f' && c != U'\r') ||
           (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

// CLD2's language code as a BCP 47 tag.
std::string bcp47_tag(CLD2::Language language) {
    if (language == CLD2::CHINESE) return "zh-Hans";
    if (language == CLD2::CHINESE_T) return "zh-Hant";
    std::string code = CLD2::LanguageCode(language);
    // Codes ISO 639 withdrew that CLD2 still uses (it has "iw" and "jw"; "in" and "ji" are
    // here for completeness). Its NORWEGIAN is Bokmål: Nynorsk is NORWEGIAN_N ("nn").
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> legacy{
        {{"iw", "he"}, {"jw", "jv"}, {"in", "id"}, {"ji", "yi"}, {"no", "nb"}}};
    for (const auto& [old_code, tag] : legacy)
        if (code == old_code) return std::string(tag);
    return code;
}

// ---- tags

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// `tag` (BCP 47, "_" tolerated for "-") as an ICU locale; a bogus locale when ICU cannot
// read it.
icu::Locale icu_locale(std::string_view tag) {
    std::string t(tag);
    std::replace(t.begin(), t.end(), '_', '-');
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(t, status);
    if (U_FAILURE(status)) locale.setToBogus();
    return locale;
}

// The canonical primary language subtag of `tag` ("" for none or "und"), with no, nb and nn
// taken as one ("no").
std::string language_family(std::string_view tag) {
    std::string language;
    icu::Locale locale = icu_locale(tag);
    if (!locale.isBogus()) {
        UErrorCode status = U_ZERO_ERROR;
        locale.canonicalize(status); // iw → he, eng → en, nob → nb, cmn → zh, sh → sr…
        language = locale.getLanguage();
    } else {
        language = lower_ascii(tag.substr(0, tag.find_first_of("-_")));
    }
    if (language == "und") return {};
    if (language == "nb" || language == "nn") return "no";
    return language;
}

// The languages ICU has locale data for ("en", "de", "kk"…), read once.
const std::set<std::string>& icu_languages() {
    static const std::set<std::string> languages = [] {
        std::set<std::string> out;
        int32_t count = 0;
        const icu::Locale* available = icu::Locale::getAvailableLocales(count);
        for (int32_t i = 0; i < count; ++i) out.insert(available[i].getLanguage());
        return out;
    }();
    return languages;
}

// ---- ISO 8601

struct Digits {
    std::string_view text;
    std::size_t at = 0;

    bool done() const { return at == text.size(); }
    char peek() const { return done() ? '\0' : text[at]; }
    bool take(char c) {
        if (peek() != c) return false;
        ++at;
        return true;
    }
    // Exactly `n` digits, as a number; -1 when they are not there.
    int number(int n) {
        if (text.size() - at < static_cast<std::size_t>(n)) return -1;
        int value = 0;
        for (int i = 0; i < n; ++i) {
            const char c = text[at + i];
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        at += n;
        return value;
    }
    bool digit_next() const { return peek() >= '0' && peek() <= '9'; }
};

struct CalendarDate {
    int year = 0, month = 0, day = 0;
};

bool leap_year(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

std::string_view trim_ascii(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// The zone designator: Z, ±hh, ±hh:mm or ±hhmm.
bool parse_zone(Digits& in) {
    if (in.take('Z')) return true;
    if (!in.take('+') && !in.take('-')) return false;
    const int hours = in.number(2);
    if (hours < 0 || hours > 23) return false;
    if (in.done()) return true;
    in.take(':');
    const int minutes = in.number(2);
    return minutes >= 0 && minutes <= 59;
}

// hh[:mm[:ss[.fff]]] (extended) or hh[mm[ss[.fff]]] (basic), then an optional zone.
bool parse_time(Digits& in, bool extended) {
    const int hours = in.number(2);
    if (hours < 0 || hours > 24) return false;
    int minutes = 0, seconds = 0;
    bool fraction = false;
    const auto separator = [&] { return extended ? in.take(':') : in.digit_next(); };
    if (separator()) {
        if ((minutes = in.number(2)) < 0 || minutes > 59) return false;
        if (separator()) {
            if ((seconds = in.number(2)) < 0 || seconds > 60) return false;
            if (in.take('.') || in.take(',')) {
                if (!in.digit_next()) return false;
                for (; in.digit_next(); ++in.at)
                    if (in.peek() != '0') fraction = true;
            }
        }
    }
    if (hours == 24 && (minutes != 0 || seconds != 0 || fraction)) return false;
    return in.done() || (parse_zone(in) && in.done());
}

std::optional<CalendarDate> parse_iso(std::string_view text) {
    Digits in{trim_ascii(text)};
    CalendarDate date;
    if ((date.year = in.number(4)) < 0) return std::nullopt;
    const bool extended = in.take('-');
    if ((date.month = in.number(2)) < 1 || date.month > 12) return std::nullopt;
    if (extended && !in.take('-')) return std::nullopt;
    if ((date.day = in.number(2)) < 1 || date.day > days_in_month(date.year, date.month))
        return std::nullopt;
    if (in.done()) return date;
    if (!in.take('T') || !parse_time(in, extended)) return std::nullopt;
    return date;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = static_cast<int>(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

std::string icu_locale_id(std::string_view language) {
    const icu::Locale locale = icu_locale(language);
    if (locale.isBogus() || *locale.getLanguage() == '\0' ||
        icu_languages().count(locale.getLanguage()) == 0)
        return "en";
    return locale.getName();
}

std::optional<LanguageGuess> detect_language(std::string_view text) {
    std::string clean;
    clean.reserve(std::min(text.size(), detection_limit));
    int letters = 0;
    for (std::size_t i = 0; i < text.size();) {
        const tu::Decoded d = tu::decode(text, i);
        if (clean.size() + d.length > detection_limit) break;
        const bool malformed = d.code_point == tu::replacement_character && d.length == 1;
        if (malformed || cld2_rejects(d.code_point)) {
            clean += ' ';
        } else {
            clean.append(text, i, d.length);
            if (u_isalpha(static_cast<UChar32>(d.code_point))) ++letters;
        }
        i += d.length;
    }
    if (letters < minimum_letters) return std::nullopt;

    CLD2::Language top3[3];
    int percent3[3] = {0, 0, 0};
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    const CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        clean.data(), static_cast<int>(clean.size()), /*is_plain_text=*/true,
        /*cld_hints=*/nullptr, /*flags=*/0, top3, percent3, scores3,
        /*resultchunkvector=*/nullptr, &text_bytes, &reliable, &valid_prefix);
    if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE)
        return std::nullopt;

    LanguageGuess guess;
    if (language == top3[1] && top3[0] != CLD2::UNKNOWN_LANGUAGE &&
        top3[0] != CLD2::TG_UNKNOWN_LANGUAGE) {
        // CLD2's summary passed over the language of most of the text: it takes English (or
        // French, Italian, German, Spanish) beside another language with 17 (20) % or more
        // as a web page's boilerplate and answers the other one. In an article that other
        // language is a quotation. The top language is the answer, reliable by CLD2's own
        // measures for a summary (51 % or more of the text, no more than 20 % unscored).
        guess.tag = bcp47_tag(top3[0]);
        guess.percent = percent3[0];
        guess.reliable = text_bytes >= reliable_text_bytes && percent3[0] >= 51 &&
                         100 - (percent3[0] + percent3[1] + percent3[2]) <= 20;
        return guess;
    }
    guess.tag = bcp47_tag(language);
    guess.reliable = reliable && text_bytes >= reliable_text_bytes;
    // The summary language is "usually" the first of the three; take its own share.
    for (int i = 0; i < 3; ++i)
        if (top3[i] == language) {
            guess.percent = percent3[i];
            break;
        }
    return guess;
}

bool same_language(std::string_view a, std::string_view b) {
    const std::string fa = language_family(a);
    return !fa.empty() && fa == language_family(b);
}

bool is_iso_timestamp(std::string_view text) {
    return parse_iso(text).has_value();
}

std::string format_date(std::string_view iso, std::string_view language) {
    const std::optional<CalendarDate> date = parse_iso(iso);
    if (!date) return {};

    const icu::Locale locale(icu_locale_id(language).c_str());

    // One formatter per call: ICU's formatters are not safe to share between threads without
    // a lock, and making one takes some 20 µs (its data is cached inside ICU).
    std::unique_ptr<icu::DateFormat> formatter(
        icu::DateFormat::createDateInstance(icu::DateFormat::kFull, locale));
    if (!formatter) return {};
    // The Gregorian calendar without the 1582 switch from the Julian one, as ISO 8601's is.
    if (const auto* gregorian =
            dynamic_cast<const icu::GregorianCalendar*>(formatter->getCalendar())) {
        std::unique_ptr<icu::GregorianCalendar> proleptic(gregorian->clone());
        UErrorCode status = U_ZERO_ERROR;
        proleptic->setGregorianChange(-8.64e15, status); // ICU's earliest date
        if (U_SUCCESS(status)) formatter->adoptCalendar(proleptic.release());
    }
    formatter->setTimeZone(*icu::TimeZone::getGMT());

    // Noon UTC of the day, formatted in UTC: no zone moves it to another day.
    constexpr double day_ms = 86400000.0;
    const UDate noon =
        static_cast<double>(days_from_civil(date->year, date->month, date->day)) * day_ms +
        day_ms / 2;
    icu::UnicodeString formatted;
    formatter->format(noon, formatted);
    std::string out;
    formatted.toUTF8String(out);
    return out;
}

} // namespace galley::detail
