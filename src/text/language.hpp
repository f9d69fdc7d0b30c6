// galley — language services for the copy desk: which language a text is in (CLD2), whether
// two language tags name the same language, and dates written as a reader of a language
// expects them (ICU, CLDR's full date form). Internal: not installed.
//
// Thread-safe and deterministic: nothing here reads or sets the process locale or ICU's
// default locale (a language ICU has no data for is taken as English, never as "whatever the
// machine's locale is").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace galley::detail {

struct LanguageGuess {
    // BCP 47: "en", "da", "nb", "nn", "fi", "ar", "he", "ru", "kk", "ja", "zh-Hans",
    // "zh-Hant"… CLD2's legacy codes are replaced: iw → he, jw → jv, in → id, ji → yi; its
    // NORWEGIAN ("no") is "nb" (CLD2 tells Nynorsk apart as NORWEGIAN_N, "nn", so its "no" is
    // Bokmål); its CHINESE ("zh") is "zh-Hans" and CHINESE_T "zh-Hant".
    std::string tag;
    int percent = 0; // of the text, 0..100 (CLD2's estimate, by bytes of letters)
    // CLD2's reliability flag (clearly more probable than the next best), and CLD2 scored at
    // least 100 bytes of letters: on one short sentence it confuses Danish and Norwegian and
    // still says "reliable".
    bool reliable = false;
};

// Detects the language of most of plain UTF-8 text with CLD2 (plain-text mode; invalid UTF-8
// and control characters are taken as spaces). nullopt when CLD2 cannot tell
// (UNKNOWN_LANGUAGE) or the text is too short to try: fewer than 20 letters. Only the first
// 256 KiB of a longer text are read (an article's language is settled long before that).
// Unlike CLD2's own summary, which takes English beside 17 % or more of another language for
// a web page's boilerplate and answers the other one, the answer is the language of most of
// the text: an English article quoting a German minister at length is English.
std::optional<LanguageGuess> detect_language(std::string_view text);

// True when the BCP 47 tags `a` and `b` name the same language, for a "the declared language
// disagrees with the text" warning: their primary language subtags are compared after ICU's
// canonicalization (case, "_" for "-", legacy and three-letter codes: iw = he, in = id,
// eng = en, nob = nb, cmn = zh…), so regions and scripts do not count (zh-Hans = zh-Hant =
// zh-TW = zh; en-GB = en). Norwegian is one language here: no, nb and nn all match each
// other ("no" covers both written standards, and CLD2 itself says it tells Bokmål from
// Nynorsk "not robustly", so a warning between them would be noise); Danish (da) is another
// language and never matches them. An empty or undetermined ("und") tag matches nothing:
// callers check for it first.
bool same_language(std::string_view a, std::string_view b);

// True when `text` (ASCII white space around it ignored) is an ISO 8601 calendar date, alone or
// with a time of day, in the extended or the basic form: "2017-01-02", "20170102",
// "2017-01-02T22:28:00Z", "2017-01-02T22:28:00.5+05:30", "20170102T222800+0000". The date and
// the time are in the same form; the zone (Z, ±hh, ±hh:mm, ±hhmm) may be in either, as feeds
// write "2017-01-02T22:28:00+0000" too. The date must exist (2015-02-29 is not one); the time
// may be hh, hh:mm or hh:mm:ss with a fraction (24:00 and leap second :60 allowed).
bool is_iso_timestamp(std::string_view text);

// The calendar date of the ISO 8601 date or date-time `iso` (as is_iso_timestamp accepts),
// in CLDR's full date form for `language` (BCP 47; "" or a language ICU has no data for:
// English): en "Thursday, December 10, 2015", de "Donnerstag, 10. Dezember 2015", fr "jeudi
// 10 décembre 2015", ja "2015年12月10日木曜日". The day is the one written in `iso`: time zones
// are not converted (2015-12-10T23:30-05:00 is December 10). "" when `iso` is not a date.
std::string format_date(std::string_view iso, std::string_view language);

// The ICU locale ID ("de", "de_CH", "zh_Hant") that the text services use for the BCP 47 tag
// `language` ("_" tolerated for "-"): "en" for "", "und", a tag ICU cannot read and a language
// ICU has no locale data for (left to itself ICU would fall back to its default locale, which
// comes from the environment).
std::string icu_locale_id(std::string_view language);

} // namespace galley::detail
