// Right to left: the language → direction function.
#include "text/direction.hpp"

#include <gtest/gtest.h>

namespace galley {
namespace {

// ---------------------------------------------------------------------------------------------
// The language's direction

TEST(LanguageDirection, RightToLeftLanguages) {
    using detail::is_right_to_left_language;
    for (const char* tag : {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr",
                            "arz", "ary", "ks", "prs", "pnb", "mzn", "lrc", "bal", "nqo"})
        EXPECT_TRUE(is_right_to_left_language(tag)) << tag;
    // Regions, case, "_" and white space do not matter; legacy codes count.
    for (const char* tag : {"ar-EG", "AR", "ar_SA", "He-IL", " fa-IR ", "iw", "ji", "fa-AF"})
        EXPECT_TRUE(is_right_to_left_language(tag)) << tag;
    for (const char* tag : {"en", "en-GB", "de", "ru", "kk", "kk-Cyrl", "zh-Hant", "ja", "tr",
                            "az", "ku", "pa", "ha", "ms", "uz", "hi", "el"})
        EXPECT_FALSE(is_right_to_left_language(tag)) << tag;
}

TEST(LanguageDirection, AScriptSubtagDecides) {
    using detail::is_right_to_left_language;
    for (const char* tag : {"az-Arab", "ku-Arab", "pa-Arab", "ms-Arab", "uz-Arab", "ha-Arab",
                            "kk-Arab", "ff-Adlm", "und-Arab", "und-Hebr", "en-Arab"})
        EXPECT_TRUE(is_right_to_left_language(tag)) << tag;
    for (const char* tag : {"ku-Latn", "he-Latn", "ar-Latn", "sd-Deva", "az-Latn", "uz-Cyrl"})
        EXPECT_FALSE(is_right_to_left_language(tag)) << tag;
    // Where the script is not written, the language's likely script: Punjabi in Pakistan is
    // written in Shahmukhi, Uzbek in Afghanistan in Arabic script.
    EXPECT_TRUE(is_right_to_left_language("pa-PK"));
    EXPECT_TRUE(is_right_to_left_language("uz-AF"));
    EXPECT_FALSE(is_right_to_left_language("pa-IN"));
}

TEST(LanguageDirection, EmptyUnknownAndMalformedTags) {
    using detail::is_right_to_left_language;
    for (const char* tag : {"", "   ", "und", "x-private", "qaa", "12", "-", "--", "i-klingon"})
        EXPECT_FALSE(is_right_to_left_language(tag)) << '"' << tag << '"';
    // A tag ICU cannot read still gives its language or script.
    EXPECT_TRUE(is_right_to_left_language("ar-"));
    EXPECT_TRUE(is_right_to_left_language("ar--EG"));
    EXPECT_TRUE(is_right_to_left_language("en-Arab-"));
    EXPECT_FALSE(is_right_to_left_language("en-"));
}

} // namespace
} // namespace galley
