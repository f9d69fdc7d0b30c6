// Hyphenation: pattern files by language, encodings, soft hyphens, limits and exclusions.
#include "galley/text.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <thread>

// libhyphen 2.8.8 itself leaks a few allocations while loading some pattern files (German
// 908 bytes, French 130, Russian 4; none per hyphenated word): not galley's to free.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libhyphen.so\n";
}

namespace galley {
namespace {

// `text` with "-" at every break point, to compare with a hand-hyphenated word.
std::string marked(const Hyphenator& hyphenator, const std::string& text,
                   const HyphenationSettings& settings = {}) {
    std::string out;
    std::size_t copied = 0;
    for (const std::size_t point : hyphenator.break_points(text, settings)) {
        out += text.substr(copied, point - copied) + "-";
        copied = point;
    }
    return out + text.substr(copied);
}

std::shared_ptr<const Hyphenator> hyphenator(const std::string& language) {
    Warnings warnings;
    auto h = Hyphenator::for_language(language, warnings);
    EXPECT_TRUE(warnings.empty()) << language << ": " << warnings.front().message;
    EXPECT_TRUE(h->has_patterns()) << language;
    return h;
}

const std::string shy = "\u00AD";

TEST(Hyphenator, EnglishUs) {
    const auto en = hyphenator("en-US");
    EXPECT_EQ(en->dictionary_path().filename(), "hyph_en_US.dic");
    EXPECT_EQ(marked(*en, "independent"), "in-de-pen-dent");
    EXPECT_EQ(marked(*en, "organizations"), "or-ga-ni-za-tions");
    EXPECT_EQ(marked(*en, "typography"), "ty-pog-ra-phy");
    // Looked up in lower case, shown as written.
    EXPECT_EQ(marked(*en, "Independent"), "In-de-pen-dent");
    // Punctuation around a word is not part of it.
    EXPECT_EQ(marked(*en, "(independent),"), "(in-de-pen-dent),");
    EXPECT_EQ(marked(*en, "organization’s"), "or-ga-ni-za-tion’s");
}

TEST(Hyphenator, EnglishBritishAndCommonwealth) {
    const auto gb = hyphenator("en-GB");
    EXPECT_EQ(gb->dictionary_path().filename(), "hyph_en_GB.dic");
    EXPECT_EQ(marked(*gb, "organisations"), "or-gan-isa-tions");
    EXPECT_EQ(marked(*gb, "independent"), "in-de-pend-ent");
    EXPECT_EQ(Hyphenator::find_dictionary("en-NZ")->filename(), "hyph_en_GB.dic");
}

// One test for German: libhyphen takes seconds to load its 78,000-line pattern file.
TEST(Hyphenator, German) {
    // hyph_de_DE.dic is ISO-8859-1: umlauts and ß are converted before lookup.
    const auto de = hyphenator("de");
    EXPECT_EQ(marked(*de, "Silbentrennung"), "Sil-ben-tren-nung");
    EXPECT_EQ(marked(*de, "Größenverhältnisse"), "Grö-ßen-ver-hält-nis-se");
    EXPECT_EQ(marked(*de, "Donaudampfschifffahrtsgesellschaft"),
              "Do-nau-dampf-schiff-fahrts-ge-sell-schaft");
    EXPECT_EQ(marked(*de, "Zucker"), "Zu-cker"); // reformed spelling: no ck → k-k
    // A letter Latin-1 cannot hold: the word is left alone rather than guessed at.
    EXPECT_EQ(marked(*de, "Łódźerstraße"), "Łódźerstraße");

    // de-AT and de-CH are symlinks to the same file, loaded once: the path is the file itself.
    const auto at = hyphenator("de-AT");
    const auto ch = hyphenator("de_CH");
    EXPECT_EQ(Hyphenator::find_dictionary("de-AT")->filename(), "hyph_de_AT.dic");
    EXPECT_EQ(at->dictionary_path().filename(), "hyph_de_DE.dic");
    EXPECT_EQ(ch->dictionary_path(), at->dictionary_path());
    EXPECT_EQ(marked(*at, "Silbentrennung"), "Sil-ben-tren-nung");
    EXPECT_EQ(marked(*ch, "Silbentrennung"), "Sil-ben-tren-nung");
}

TEST(Hyphenator, French) {
    const auto fr = hyphenator("fr-FR");
    EXPECT_EQ(marked(*fr, "développement"), "dé-ve-lop-pe-ment");
    // Never next to the apostrophe; the typographic apostrophe is looked up as '.
    EXPECT_EQ(marked(*fr, "l’indépendance"), "l’in-dé-pen-dance");
    EXPECT_EQ(marked(*fr, "L'indépendance"), "L'in-dé-pen-dance");
    // Break points are byte offsets even though libhyphen counts characters.
    const std::vector<std::size_t> expected{3, 5, 8, 10}; // dé|ve|lop|pe|ment
    EXPECT_EQ(fr->break_points("développement"), expected);
}

TEST(Hyphenator, Spanish) {
    const auto es = hyphenator("es");
    EXPECT_EQ(marked(*es, "independencia"), "in-de-pen-den-cia");
    EXPECT_EQ(marked(*es, "periodista"), "pe-rio-dis-ta");
    EXPECT_EQ(Hyphenator::find_dictionary("es-419")->filename(), "hyph_es_ES.dic");
}

TEST(Hyphenator, RussianInKoi8r) {
    // hyph_ru_RU.dic is KOI8-R. Its patterns (2003) give не-за-ви-симость: every point is a
    // correct Russian syllable break (не-за-ви-си-мость is the full set).
    const auto ru = hyphenator("ru");
    EXPECT_EQ(marked(*ru, "независимость"), "не-за-ви-симость");
    EXPECT_EQ(marked(*ru, "Независимость"), "Не-за-ви-симость");
    EXPECT_EQ(marked(*ru, "государство"), "государ-ство");
    // The patterns know no ё; it is looked up as е and kept as written.
    EXPECT_EQ(marked(*ru, "объёмный"), "объём-ный");
    EXPECT_EQ(marked(*ru, "ёлочка"), "ёлоч-ка");
}

TEST(Hyphenator, SingleByteCharsetsThroughIcu) {
    // Debian's pattern files name their charset on their first line; every single-byte one
    // ICU knows is read: Polish and Czech in ISO 8859-2, Greek in ISO 8859-7, Estonian in
    // ISO 8859-15, Lithuanian in ISO 8859-13.
    for (const char* language : {"pl", "cs", "sk", "hr", "sl", "el", "et", "lt", "lv", "no"}) {
        const auto h = hyphenator(language);
        EXPECT_TRUE(h->has_patterns()) << language;
    }
    EXPECT_NE(marked(*hyphenator("pl"), "niepodległość").find('-'), std::string::npos);
    EXPECT_NE(marked(*hyphenator("cs"), "nezávislost").find('-'), std::string::npos);
    EXPECT_NE(marked(*hyphenator("el"), "ανεξαρτησία").find('-'), std::string::npos);
    EXPECT_NE(marked(*hyphenator("et"), "iseseisvus").find('-'), std::string::npos);
    // A letter the patterns' charset has not (a Cyrillic one in Polish) leaves the word whole.
    EXPECT_EQ(marked(*hyphenator("pl"), "независимость"), "независимость");
}

TEST(Hyphenator, LanguageTags) {
    const auto file = [](std::string_view tag) {
        const auto path = Hyphenator::find_dictionary(tag);
        return path ? path->filename().string() : std::string("none");
    };
    EXPECT_EQ(file("en"), "hyph_en_US.dic");
    EXPECT_EQ(file("EN-us"), "hyph_en_US.dic");
    EXPECT_EQ(file("en-Latn-US"), "hyph_en_US.dic");
    EXPECT_EQ(file("en-CA"), "hyph_en_US.dic");
    EXPECT_EQ(file("en-GB-oxendict"), "hyph_en_GB.dic");
    EXPECT_EQ(file("de"), "hyph_de_DE.dic");
    EXPECT_EQ(file("fr"), "hyph_fr.dic");
    EXPECT_EQ(file("fr-CA"), "hyph_fr_CA.dic");
    EXPECT_EQ(file("ru-RU"), "hyph_ru_RU.dic");
    EXPECT_EQ(file("ru-KZ"), "hyph_ru_RU.dic");
    EXPECT_EQ(file("no"), "hyph_nb_NO.dic");
    EXPECT_EQ(file("pl"), "hyph_pl_PL.dic");
    // An empty tag is English (US); nonsense and languages without patterns have none.
    EXPECT_EQ(file(""), "hyph_en_US.dic");
    EXPECT_EQ(file("kk"), "none");
    EXPECT_EQ(file("x-klingon"), "none");
    EXPECT_EQ(file("e"), "none");
}

TEST(Hyphenator, KazakhWarnsOnceAndOnlyHonoursSoftHyphens) {
    Warnings warnings;
    const auto kk = Hyphenator::for_language("kk", warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].message.find("\"kk\""), std::string::npos);
    EXPECT_FALSE(kk->has_patterns());
    EXPECT_TRUE(kk->dictionary_path().empty());

    const std::string text = "Қазақстан Республикасының тәуелсіздігі туралы конституциялық заң";
    for (int i = 0; i < 100; ++i) EXPECT_EQ(kk->hyphenate(text), text);
    EXPECT_TRUE(kk->break_points(text).empty());
    const std::string manual = "тәуел" + shy + "сіздік";
    EXPECT_EQ(kk->hyphenate(manual), manual);
    EXPECT_EQ(kk->hyphenate(manual, {Hyphens::none, {}, false}), "тәуелсіздік");
    EXPECT_EQ(warnings.size(), 1u); // one per hyphenator, not per word

    Warnings again;
    Hyphenator::for_language("kk-Cyrl-KZ", again);
    EXPECT_EQ(again.size(), 1u);
}

TEST(Hyphenator, SoftHyphensInTheText) {
    const auto en = hyphenator("en");
    const std::string manual = "inde" + shy + "pendent organizations";
    // automatic: the word with a soft hyphen keeps only that one; the other word gets patterns.
    EXPECT_EQ(en->hyphenate(manual),
              "inde" + shy + "pendent or" + shy + "ga" + shy + "ni" + shy + "za" + shy + "tions");
    // manual: the text as it is.
    EXPECT_EQ(en->hyphenate(manual, {Hyphens::manual, {}, false}), manual);
    EXPECT_TRUE(en->break_points(manual, {Hyphens::manual, {}, false}).empty());
    // none: soft hyphens are removed, nothing is added.
    EXPECT_EQ(en->hyphenate(manual, {Hyphens::none, {}, false}), "independent organizations");
    EXPECT_EQ(remove_soft_hyphens(en->hyphenate("independent organizations")),
              "independent organizations");
}

TEST(Hyphenator, Limits) {
    const auto en = hyphenator("en");
    HyphenationSettings settings;
    settings.limits = {5, 3, 2};
    EXPECT_EQ(marked(*en, "independent", settings), "inde-pen-dent");
    settings.limits = {5, 2, 5};
    EXPECT_EQ(marked(*en, "independent", settings), "in-de-pendent");
    settings.limits = {12, 2, 2};
    EXPECT_EQ(marked(*en, "independent", settings), "independent");
    EXPECT_EQ(marked(*en, "organizations", settings), "or-ga-ni-za-tions");
    // The English patterns' own minimum (three letters after) holds even when asked for fewer.
    settings.limits = {1, 1, 1};
    EXPECT_EQ(marked(*en, "organizations", settings), "or-ga-ni-za-tions");
    // Default: words of five letters are hyphenated, shorter ones are not.
    EXPECT_EQ(marked(*en, "paper"), "pa-per");
    EXPECT_EQ(marked(*en, "pa"), "pa");
    settings.limits = {6, 2, 2};
    EXPECT_EQ(marked(*en, "paper", settings), "paper");
}

TEST(Hyphenator, WordsLeftAlone) {
    const auto en = hyphenator("en");
    EXPECT_EQ(marked(*en, "MP3s 3Dindependent independent42"), "MP3s 3Dindependent independent42");
    EXPECT_EQ(marked(*en, "https://www.organizations.example/independent"),
              "https://www.organizations.example/independent");
    EXPECT_EQ(marked(*en, "www.independent.example"), "www.independent.example");
    EXPECT_EQ(marked(*en, "independent@organizations.example"),
              "independent@organizations.example");
    // Acronyms and words in capitals: only on request.
    EXPECT_EQ(marked(*en, "ORGANIZATIONS"), "ORGANIZATIONS");
    HyphenationSettings caps;
    caps.hyphenate_all_caps = true;
    EXPECT_EQ(marked(*en, "ORGANIZATIONS", caps), "OR-GA-NI-ZA-TIONS");
    // Hyphenated compounds: each part on its own (the line breaker may break after "-").
    EXPECT_EQ(marked(*en, "independent-minded"), "in-de-pen-dent-minded");
    EXPECT_EQ(marked(*en, "organizations—independent"), "or-ga-ni-za-tions—in-de-pen-dent");
    EXPECT_EQ(marked(*en, "state-of-the-art"), "state-of-the-art");
}

TEST(Hyphenator, RunningTextAndOddInput) {
    const auto en = hyphenator("en");
    EXPECT_EQ(marked(*en, "The independent organizations,\tpublished\nindependently."),
              "The in-de-pen-dent or-ga-ni-za-tions,\tpub-lished\nin-de-pen-dently.");
    EXPECT_EQ(en->hyphenate(""), "");
    // Invalid UTF-8 and lone continuation bytes are carried through, never split.
    const std::string broken = "inde\xC3pendent \x80\x80organizations \xF0\x9F";
    const std::string out = en->hyphenate(broken);
    EXPECT_EQ(remove_soft_hyphens(out), broken);
    // A very long "word" is left whole, quickly.
    const std::string long_word(5000, 'a');
    EXPECT_EQ(en->hyphenate(long_word), long_word);
}

TEST(Hyphenator, Threads) {
    const auto en = hyphenator("en");
    const auto ru = hyphenator("ru");
    const std::string english = "independent organizations typography disinformation";
    const std::string russian = "независимость государство объёмный";
    const std::string english_expected = en->hyphenate(english);
    const std::string russian_expected = ru->hyphenate(russian);
    std::vector<std::thread> threads;
    std::vector<int> failures(8, 0);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            Warnings warnings;
            // Looking up a language while others hyphenate goes through the cache too.
            const auto mine = Hyphenator::for_language(t % 2 ? "en-US" : "ru", warnings);
            for (int i = 0; i < 300; ++i) {
                if (en->hyphenate(english) != english_expected) ++failures[t];
                if (ru->hyphenate(russian) != russian_expected) ++failures[t];
                if (mine->break_points("independent").size() + 1 == 0) ++failures[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < 8; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(Hyphenator, AWholeArticle) {
    // The Astana article (≈500 words). How fast is measured by bench/bench_linebreak.cpp
    // (BM_Hyphenate_EnUs), not here: a timed unit test fails on a loaded machine.
    const std::string article = test::read_file(test::corpus("astana-roundtable.txt"));
    const auto en = hyphenator("en");
    const std::string out = en->hyphenate(article);
    const std::size_t soft_hyphens = (out.size() - article.size()) / 2;
    EXPECT_GT(soft_hyphens, 200u);
    // The text is unchanged but for the soft hyphens.
    EXPECT_EQ(remove_soft_hyphens(en->hyphenate(article)), article);
}

} // namespace
} // namespace galley
