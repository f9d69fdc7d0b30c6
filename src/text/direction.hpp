// galley — which way a language is written, and its comma. Internal: not installed.
#pragma once

#include <string_view>

namespace galley::detail {

// True when text in the language `bcp47` (a BCP 47 tag; "_" tolerated for "-", case and
// surrounding ASCII white space ignored) is written right to left: Arabic, Hebrew, Persian
// (and Dari), Urdu, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Central Kurdish, Syriac, N'Ko…
// An explicit script subtag decides: "az-Arab", "pa-Arab" and "ff-Adlm" are right to left,
// "ku-Latn" and "he-Latn" are not; otherwise the language's likely script decides (CLDR's
// likely subtags, through ICU: "pa-PK" is Shahmukhi, "uz-AF" Arabic script). Legacy codes
// count ("iw", "ji"). "", "und" and a tag naming no language are left to right.
// Deterministic and thread-safe: reads no locale of the process.
bool is_right_to_left_language(std::string_view bcp47);

// The comma between a byline's name and title (and in lists) for text in the language
// `bcp47`: "، " (U+060C, the Arabic comma) when the language is written in Arabic script by
// its script subtag or CLDR's likely script ("ar", "fa", "ur", "ps", "ckb", "az-Arab"),
// ", " otherwise. Thread-safe; reads no locale of the process.
std::string_view list_comma(std::string_view bcp47);

} // namespace galley::detail
