// Language services: detection (CLD2), comparing language tags, ISO 8601 timestamps and dates
// written for a language's readers (ICU/CLDR).
#include "text/language.hpp"

#include <gtest/gtest.h>

#include <unicode/locid.h>

#include <string>
#include <thread>
#include <vector>

namespace galley::detail {
namespace {

// Two to four sentences of news copy per language, written for these tests: the same story
// (the town council rebuilds the old bridge) in each.
struct Sample {
    const char* tag; // what detect_language must say
    const char* text;
};

const Sample samples[] = {
    {"en", "The city council voted on Tuesday to rebuild the old bridge over the river. Work "
           "will begin in the spring and should take about two years, the mayor told reporters "
           "after the meeting."},
    {"da", "Byrådet besluttede tirsdag at bygge den gamle bro over åen om. Arbejdet begynder "
           "til foråret og forventes at tage omkring to år, sagde borgmesteren til pressen "
           "efter mødet."},
    {"nb", "Bystyret vedtok tirsdag å bygge den gamle brua over elva på nytt. Arbeidet starter "
           "til våren og skal etter planen ta omtrent to år, sa ordføreren til pressen etter "
           "møtet."},
    {"fi", "Kaupunginvaltuusto päätti tiistaina rakentaa joen yli kulkevan vanhan sillan "
           "uudelleen. Työt alkavat keväällä ja kestävät noin kaksi vuotta, pormestari kertoi "
           "toimittajille kokouksen jälkeen."},
    {"de", "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss neu zu "
           "bauen. Die Arbeiten beginnen im Frühjahr und dauern etwa zwei Jahre, sagte der "
           "Bürgermeister nach der Sitzung."},
    {"fr", "Le conseil municipal a décidé mardi de reconstruire le vieux pont sur la rivière. "
           "Les travaux commenceront au printemps et devraient durer environ deux ans, a déclaré "
           "le maire après la réunion."},
    {"ru", "Городской совет во вторник решил заново построить старый мост через реку. Работы "
           "начнутся весной и продлятся около двух лет, сообщил мэр журналистам после "
           "заседания."},
    {"ar", "قرر مجلس المدينة يوم الثلاثاء إعادة بناء الجسر القديم فوق النهر. وستبدأ الأعمال في "
           "الربيع ومن المتوقع أن تستغرق نحو عامين، كما قال رئيس البلدية للصحفيين بعد الاجتماع."},
    {"he", "מועצת העיר החליטה ביום שלישי לבנות מחדש את הגשר הישן מעל הנהר. העבודות יתחילו "
           "באביב ויימשכו כשנתיים, אמר ראש העיר לעיתונאים אחרי הישיבה."},
    {"zh-Hans", "市议会星期二决定重建河上的那座旧桥。市长在会后对记者说，工程将于明年春天开始，"
                "预计需要大约两年时间。"},
    {"zh-Hant", "市議會星期二決定重建河上的那座舊橋。市長在會後對記者說，工程將於明年春天開始，"
                "預計需要大約兩年時間。"},
    {"ja", "市議会は火曜日、川に架かる古い橋を建て直すことを決めました。工事は来年の春に始まり、"
           "およそ二年かかる見込みだと、市長は会議の後で記者団に話しました。"},
    {"kk", "Қалалық мәслихат сейсенбі күні өзен үстіндегі ескі көпірді қайта салуға шешім "
           "қабылдады. Жұмыстар көктемде басталып, шамамен екі жылға созылады деп мәлімдеді әкім "
           "жиналыстан кейін."},
};

const char* sample(std::string_view tag) {
    for (const Sample& s : samples)
        if (tag == s.tag) return s.text;
    return "";
}

// ---- detection

TEST(DetectLanguage, TellsEachSampleLanguage) {
    for (const Sample& s : samples) {
        SCOPED_TRACE(s.tag);
        const std::optional<LanguageGuess> guess = detect_language(s.text);
        ASSERT_TRUE(guess.has_value());
        EXPECT_EQ(guess->tag, s.tag);
        EXPECT_TRUE(guess->reliable);
        EXPECT_GE(guess->percent, 90);
        EXPECT_LE(guess->percent, 100);
    }
}

TEST(DetectLanguage, JapaneseWithKanaIsNotChinese) {
    const std::optional<LanguageGuess> guess = detect_language(sample("ja"));
    ASSERT_TRUE(guess.has_value());
    EXPECT_EQ(guess->tag, "ja");
    EXPECT_FALSE(same_language(guess->tag, "zh"));
}

TEST(DetectLanguage, DanishDeclaredNorwegianDisagrees) {
    const std::optional<LanguageGuess> danish = detect_language(sample("da"));
    ASSERT_TRUE(danish.has_value());
    EXPECT_FALSE(same_language(danish->tag, "no-NO"));
    EXPECT_TRUE(same_language(danish->tag, "da-DK"));

    const std::optional<LanguageGuess> norwegian = detect_language(sample("nb"));
    ASSERT_TRUE(norwegian.has_value());
    EXPECT_TRUE(same_language(norwegian->tag, "no-NO"));
    EXPECT_TRUE(same_language(norwegian->tag, "nb"));
    EXPECT_FALSE(same_language(norwegian->tag, "da"));
}

TEST(DetectLanguage, ShortOrEmptyTextGivesNothing) {
    EXPECT_FALSE(detect_language("").has_value());
    EXPECT_FALSE(detect_language("Council votes").has_value());           // 12 letters
    EXPECT_FALSE(detect_language("12:30 — 2015-12-10 (+5)").has_value()); // no letters
    EXPECT_FALSE(detect_language("The city council voted").has_value());  // 19 letters
}

TEST(DetectLanguage, OneShortSentenceIsNeverReliable) {
    // CLD2 takes this Danish sentence for Norwegian and calls that reliable.
    const std::optional<LanguageGuess> guess =
        detect_language("Byrådet besluttede tirsdag at bygge den gamle bro over åen om.");
    ASSERT_TRUE(guess.has_value());
    EXPECT_FALSE(guess->reliable) << guess->tag;
    // A long sentence is enough.
    const std::optional<LanguageGuess> longer =
        detect_language("Regeringen fremlagde i dag sit forslag til en ny finanslov, som blandt "
                        "andet indeholder flere penge til sygehusene.");
    ASSERT_TRUE(longer.has_value());
    EXPECT_EQ(longer->tag, "da");
    EXPECT_TRUE(longer->reliable);
}

TEST(DetectLanguage, MixedTextGivesTheMajorityAndItsShare) {
    // Mostly English, a German quote in it. (Not the same sentences repeated: CLD2 drops
    // repeated text before scoring.)
    const std::string text =
        std::string(sample("en")) +
        " Engineers say the new span will be wider, with a lane for bicycles and a footpath on "
        "each side. Traffic will cross on a temporary bridge downstream while the old one is "
        "taken apart. Residents who live near the river have asked the council to limit night "
        "work, and the contractor has promised to keep noise down after eight in the evening. "
        "The project is paid for by the regional government and a loan from the state bank. " +
        sample("de");
    const std::optional<LanguageGuess> guess = detect_language(text);
    ASSERT_TRUE(guess.has_value());
    EXPECT_EQ(guess->tag, "en"); // CLD2's own summary says "de" here
    EXPECT_TRUE(guess->reliable);
    EXPECT_GE(guess->percent, 60);
    EXPECT_LT(guess->percent, 90);
}

TEST(DetectLanguage, SurvivesBytesCld2Rejects) {
    // Malformed UTF-8, a NUL, C0 and C1 controls and a noncharacter: each alone would make
    // CLD2 give up on the whole text.
    std::string text = sample("fi");
    text.insert(20, "\xff\xfe");
    text.insert(40, std::string("\0\x01\x0b", 3));
    text.insert(60, "\xc2\x85");     // U+0085
    text.insert(80, "\xef\xb7\x90"); // U+FDD0
    const std::optional<LanguageGuess> guess = detect_language(text);
    ASSERT_TRUE(guess.has_value());
    EXPECT_EQ(guess->tag, "fi");
}

TEST(DetectLanguage, LongTextIsRead) {
    std::string text;
    while (text.size() < 400 * 1024) text += std::string(sample("ru")) + "\n";
    const std::optional<LanguageGuess> guess = detect_language(text);
    ASSERT_TRUE(guess.has_value());
    EXPECT_EQ(guess->tag, "ru");
}

// ---- comparing tags

TEST(SameLanguage, ComparesPrimarySubtags) {
    EXPECT_TRUE(same_language("en", "en-GB"));
    EXPECT_TRUE(same_language("en_US", "EN"));
    EXPECT_TRUE(same_language("zh-Hans", "zh-Hant"));
    EXPECT_TRUE(same_language("zh-Hans", "zh-TW"));
    EXPECT_TRUE(same_language("zh", "zh-Hant"));
    EXPECT_TRUE(same_language("kk", "kk-Cyrl-KZ"));
    EXPECT_FALSE(same_language("en", "de"));
    EXPECT_FALSE(same_language("ja", "zh-Hans"));
    EXPECT_FALSE(same_language("sr", "hr"));
    EXPECT_FALSE(same_language("ru", "kk"));
}

TEST(SameLanguage, LegacyAndThreeLetterCodes) {
    EXPECT_TRUE(same_language("he", "iw"));
    EXPECT_TRUE(same_language("id", "in"));
    EXPECT_TRUE(same_language("yi", "ji"));
    EXPECT_TRUE(same_language("en", "eng"));
    EXPECT_TRUE(same_language("nb", "nob"));
    EXPECT_TRUE(same_language("da", "dan"));
}

TEST(SameLanguage, NorwegianIsOneLanguageDanishAnother) {
    EXPECT_TRUE(same_language("nb", "no"));
    EXPECT_TRUE(same_language("nb", "no-NO"));
    EXPECT_TRUE(same_language("nn", "no"));
    EXPECT_TRUE(same_language("nb", "nn"));
    EXPECT_FALSE(same_language("da", "no-NO"));
    EXPECT_FALSE(same_language("da", "nb"));
    EXPECT_FALSE(same_language("sv", "no"));
}

TEST(SameLanguage, EmptyOrUndeterminedMatchesNothing) {
    EXPECT_FALSE(same_language("", ""));
    EXPECT_FALSE(same_language("en", ""));
    EXPECT_FALSE(same_language("", "en"));
    EXPECT_FALSE(same_language("und", "und"));
}

// ---- ISO 8601

TEST(IsoTimestamp, AcceptsExtendedAndBasicForms) {
    for (const char* text :
         {"2017-01-02", "20170102", "2017-01-02T22:28:00Z", "2017-01-02T22:28:00+05:30",
          "2017-01-02T22:28:00.250-05:00", "2017-01-02T22:28", "2017-01-02T22",
          "20170102T222800+0000", "20170102T222800Z", "20170102T2228", "2017-01-02T22:28:00+0000",
          "2016-02-29", "2017-01-02T24:00:00", "2016-12-31T23:59:60Z", "  2017-01-02\n"}) {
        EXPECT_TRUE(is_iso_timestamp(text)) << text;
    }
}

TEST(IsoTimestamp, RejectsWhatIsNotOne) {
    for (const char* text : {"",
                             "2017",
                             "2017-01",
                             "2017-1-2",
                             "2017-01-2",
                             "2017/01/02",
                             "02.01.2017",
                             "Jan. 2, 2017",
                             "2017-13-01",
                             "2017-00-10",
                             "2017-02-29",
                             "2017-04-31",
                             "2017-01-32",
                             "2017-01-02T25:00",
                             "2017-01-02T22:60",
                             "2017-01-02T24:30",
                             "2017-01-02T22:28:00X",
                             "2017-01-02T",
                             "2017-01-02 22:28",
                             "2017-01-02T2228",
                             "20170102T22:28",
                             "2017-01-02T22:28:00+5",
                             "2017-01-02T22:28:00+24:00",
                             "2017-01-02T22:28:00.",
                             "2017-0102",
                             "201701-02",
                             "2017-01-02 and more",
                             "x2017-01-02"}) {
        EXPECT_FALSE(is_iso_timestamp(text)) << text;
    }
}

// ---- dates for readers

TEST(FormatDate, FullFormInEachLanguage) {
    EXPECT_EQ(format_date("2015-12-10", "en"), "Thursday, December 10, 2015");
    EXPECT_EQ(format_date("2015-12-10", "en-GB"), "Thursday, 10 December 2015");
    EXPECT_EQ(format_date("2015-12-10", "de"), "Donnerstag, 10. Dezember 2015");
    EXPECT_EQ(format_date("2015-12-10", "fr"), "jeudi 10 décembre 2015");
    // CLDR puts a narrow no-break space (U+202F) before Russian's "г." (год, year).
    EXPECT_EQ(format_date("2015-12-10", "ru"), "четверг, 10 декабря 2015\u202Fг.");
    EXPECT_EQ(format_date("2015-12-10", "ja"), "2015年12月10日木曜日");
    EXPECT_EQ(format_date("2015-12-10", "da"), "torsdag den 10. december 2015");
    EXPECT_EQ(format_date("2015-12-10", "ar"), "الخميس، ١٠ ديسمبر ٢٠١٥");
}

TEST(FormatDate, BasicFormAndTimesOfDay) {
    EXPECT_EQ(format_date("20170102T222800+0000", "en"), "Monday, January 2, 2017");
    EXPECT_EQ(format_date("2015-12-10T09:30:00+05:00", "de"), "Donnerstag, 10. Dezember 2015");
    // The day as written: no zone moves it.
    EXPECT_EQ(format_date("2015-12-10T23:30:00-05:00", "en"), "Thursday, December 10, 2015");
    EXPECT_EQ(format_date("2015-12-10T00:15:00+14:00", "en"), "Thursday, December 10, 2015");
    EXPECT_EQ(format_date("2016-02-29", "en"), "Monday, February 29, 2016");
}

TEST(FormatDate, EnglishWhenNoLanguageOrAnUnknownOne) {
    const std::string english = "Thursday, December 10, 2015";
    EXPECT_EQ(format_date("2015-12-10", ""), english);
    EXPECT_EQ(format_date("2015-12-10", "und"), english);
    EXPECT_EQ(format_date("2015-12-10", "xx"), english);
    EXPECT_EQ(format_date("2015-12-10", "!!"), english);
    // Not ICU's default locale, whatever it is.
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale before = icu::Locale::getDefault();
    icu::Locale::setDefault(icu::Locale::getGerman(), status);
    const std::string unknown = format_date("2015-12-10", "xx");
    const std::string empty = format_date("2015-12-10", "");
    icu::Locale::setDefault(before, status);
    EXPECT_EQ(unknown, english);
    EXPECT_EQ(empty, english);
}

TEST(FormatDate, NotADateGivesNothing) {
    EXPECT_EQ(format_date("", "en"), "");
    EXPECT_EQ(format_date("yesterday", "en"), "");
    EXPECT_EQ(format_date("2015-02-29", "en"), "");
    EXPECT_EQ(format_date("2015-12-10T25:00", "en"), "");
}

TEST(FormatDate, BeforeTheGregorianReformIsStillGregorian) {
    // ISO 8601's calendar is the proleptic Gregorian one: 1200-03-01 was a Wednesday there
    // (ICU's default calendar would take it as Julian).
    EXPECT_EQ(format_date("1200-03-01", "en"), "Wednesday, March 1, 1200");
}

TEST(FormatDate, SameAnswerFromManyThreads) {
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"en", "Thursday, December 10, 2015"},
        {"de", "Donnerstag, 10. Dezember 2015"},
        {"fr", "jeudi 10 décembre 2015"},
        {"ja", "2015年12月10日木曜日"}};
    std::vector<std::thread> threads;
    std::vector<int> wrong(8, 0);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const auto& [language, date] = expected[(t + i) % expected.size()];
                if (format_date("2015-12-10T12:00:00Z", language) != date) ++wrong[t];
            }
        });
    }
    for (std::thread& t : threads) t.join();
    for (int t = 0; t < 8; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(IcuLocaleId, FallsBackToEnglish) {
    EXPECT_EQ(icu_locale_id(""), "en");
    EXPECT_EQ(icu_locale_id("und"), "en");
    EXPECT_EQ(icu_locale_id("tlh"), "en");
    EXPECT_EQ(icu_locale_id("de-CH"), "de_CH");
    EXPECT_EQ(icu_locale_id("zh_Hant"), "zh_Hant");
    EXPECT_EQ(icu_locale_id("kk"), "kk");
}

} // namespace
} // namespace galley::detail
