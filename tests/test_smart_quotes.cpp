// Smart quotes: each language's marks (CLDR through ICU, Danish overridden), the rules for
// quotes, apostrophes, primes, dashes and ellipses, and state carried across inline runs.
#include "read/smart_quotes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace galley::detail {
namespace {

const std::string nnbsp = "\u202F"; // narrow no-break space

std::string smart(std::string text, std::string_view language = "en") {
    smarten(text, quote_style(language));
    return text;
}

// ---- each language's marks

TEST(QuoteStyle, FromCldr) {
    EXPECT_EQ(quote_style("en"), (QuoteStyle{"“", "”", "‘", "’", ""}));
    EXPECT_EQ(quote_style("en-GB"), (QuoteStyle{"“", "”", "‘", "’", ""}));
    EXPECT_EQ(quote_style("de"), (QuoteStyle{"„", "“", "‚", "‘", ""}));
    EXPECT_EQ(quote_style("de-AT"), (QuoteStyle{"„", "“", "‚", "‘", ""}));
    EXPECT_EQ(quote_style("fr"), (QuoteStyle{"«", "»", "«", "»", nnbsp}));
    EXPECT_EQ(quote_style("fr-CA").inner_space, nnbsp);
    EXPECT_EQ(quote_style("ru"), (QuoteStyle{"«", "»", "„", "“", ""}));
    // CLDR 72 gives Kazakh “ ” as its secondary marks, not Russian's „ “.
    EXPECT_EQ(quote_style("kk"), (QuoteStyle{"«", "»", "“", "”", ""}));
    EXPECT_EQ(quote_style("nb"), (QuoteStyle{"«", "»", "‘", "’", ""}));
    EXPECT_EQ(quote_style("fi"), (QuoteStyle{"”", "”", "’", "’", ""}));
    EXPECT_EQ(quote_style("ja"), (QuoteStyle{"「", "」", "『", "』", ""}));
    EXPECT_EQ(quote_style("zh-Hans"), (QuoteStyle{"“", "”", "‘", "’", ""}));
    EXPECT_EQ(quote_style("zh-Hant"), (QuoteStyle{"「", "」", "『", "』", ""}));
}

TEST(QuoteStyle, DanishIsTheNewspaperConvention) {
    // CLDR 72 says “ ” ‘ ’ for Danish; Danish newspapers use » « and › ‹.
    EXPECT_EQ(quote_style("da"), (QuoteStyle{"»", "«", "›", "‹", ""}));
    EXPECT_EQ(quote_style("da-DK"), (QuoteStyle{"»", "«", "›", "‹", ""}));
}

TEST(QuoteStyle, EnglishForNoneOrUnknown) {
    const QuoteStyle english{"“", "”", "‘", "’", ""};
    EXPECT_EQ(quote_style(""), english);
    EXPECT_EQ(quote_style("und"), english);
    EXPECT_EQ(quote_style("xx"), english);
    EXPECT_EQ(quote_style("not a tag!"), english);
}

// ---- languages

TEST(Smarten, English) {
    EXPECT_EQ(smart("\"Hello,\" she said. \"It's John's 'big' day.\""),
              "“Hello,” she said. “It’s John’s ‘big’ day.”");
    EXPECT_EQ(smart("'Quite so,' he said."), "‘Quite so,’ he said.");
}

TEST(Smarten, German) {
    EXPECT_EQ(smart("\"Das ist 'gut'\", sagte er. \"Geht's?\"", "de"),
              "„Das ist ‚gut‘“, sagte er. „Geht’s?“");
}

TEST(Smarten, FrenchSpacesInsideGuillemets) {
    EXPECT_EQ(smart("Il a dit \"bonjour\" et l'homme est parti.", "fr"),
              "Il a dit «" + nnbsp + "bonjour" + nnbsp + "» et l’homme est parti.");
    // Typed with spaces inside: the spaces give way, no double space.
    EXPECT_EQ(smart("Il a dit \" bonjour \" hier.", "fr"),
              "Il a dit «" + nnbsp + "bonjour" + nnbsp + "» hier.");
    // A no-break space already there is kept, and none added.
    EXPECT_EQ(smart("\"\u00A0oui\u00A0\"", "fr"), "«\u00A0oui\u00A0»");
}

TEST(Smarten, Russian) {
    EXPECT_EQ(smart("Он сказал: \"Это 'лучший' день\".", "ru"), "Он сказал: «Это „лучший“ день».");
}

TEST(Smarten, Kazakh) {
    EXPECT_EQ(smart("Ол: \"Бұл 'жақсы' күн\" деді.", "kk"), "Ол: «Бұл “жақсы” күн» деді.");
}

TEST(Smarten, Danish) {
    EXPECT_EQ(smart("\"Det er 'godt'\", sagde hun.", "da"), "»Det er ›godt‹«, sagde hun.");
}

TEST(Smarten, JapaneseTakesCldrCornerBrackets) {
    EXPECT_EQ(smart("彼は\"東京は'大きい'\"と言った。", "ja"),
              "彼は「東京は『大きい』」と言った。");
}

TEST(Smarten, ChineseWithoutSpaces) {
    EXPECT_EQ(smart("他说\"你好\"。", "zh-Hans"), "他说“你好”。");
    EXPECT_EQ(smart("他說\"你好\"。", "zh-Hant"), "他說「你好」。");
}

TEST(Smarten, UnknownLanguageIsEnglish) {
    EXPECT_EQ(smart("\"Yes.\"", "xx"), "“Yes.”");
    EXPECT_EQ(smart("\"Yes.\"", ""), "“Yes.”");
}

// ---- the rules

TEST(Smarten, NestedQuotesPair) {
    EXPECT_EQ(smart("\"He told me 'no' and left.\""), "“He told me ‘no’ and left.”");
    EXPECT_EQ(smart("\"She said, 'I won't.'\""), "“She said, ‘I won’t.’”");
    EXPECT_EQ(smart("'He said \"never\" twice,' she wrote."),
              "‘He said “never” twice,’ she wrote.");
    // German, where the closing single and the apostrophe differ.
    EXPECT_EQ(smart("\"Er sagte 'nie', oder?\"", "de"), "„Er sagte ‚nie‘, oder?“");
}

TEST(Smarten, QuotesAfterBracketsAndDashes) {
    EXPECT_EQ(smart("(\"quoted\")"), "(“quoted”)");
    EXPECT_EQ(smart("[\"a\"]"), "[“a”]");
    EXPECT_EQ(smart("yes--\"no\""), "yes—“no”");
    EXPECT_EQ(smart("\"Wait--\""), "“Wait—”");
}

TEST(Smarten, Apostrophes) {
    EXPECT_EQ(smart("don't, o'clock, it's"), "don’t, o’clock, it’s");
    EXPECT_EQ(smart("l'homme et l'été", "fr"), "l’homme et l’été");
    EXPECT_EQ(smart("the '90s and '07"), "the ’90s and ’07");
    EXPECT_EQ(smart("the dogs' bowls"), "the dogs’ bowls");
    EXPECT_EQ(smart("'Tis the season"), "’Tis the season");
    EXPECT_EQ(smart("Die Kinder' Spiel", "de"), "Die Kinder’ Spiel");
}

TEST(Smarten, Primes) {
    EXPECT_EQ(smart("He is 5'9\" tall."), "He is 5′9″ tall.");
    EXPECT_EQ(smart("40°15'30\" N"), "40°15′30″ N");
    EXPECT_EQ(smart("a 12\" single"), "a 12″ single");
    EXPECT_EQ(smart("\"He is 5'9\" tall,\" she said."), "“He is 5′9″ tall,” she said.");
    // A quote that ends with a number still closes.
    EXPECT_EQ(smart("\"Top 40\" list"), "“Top 40” list");
    EXPECT_EQ(smart("'Catch 22' again"), "‘Catch 22’ again");
}

TEST(Smarten, Dashes) {
    EXPECT_EQ(smart("word--word"), "word—word");
    EXPECT_EQ(smart("a -- b"), "a — b");
    EXPECT_EQ(smart("a --- b"), "a — b");
    EXPECT_EQ(smart("pages 10--12"), "pages 10–12");
    EXPECT_EQ(smart("1990---1995"), "1990—1995");
    EXPECT_EQ(smart("a - b, co-op"), "a - b, co-op");
    EXPECT_EQ(smart("----"), "----");
}

TEST(Smarten, Ellipsis) {
    EXPECT_EQ(smart("Wait... what?"), "Wait… what?");
    EXPECT_EQ(smart("...and then"), "…and then");
    EXPECT_EQ(smart("a.b. and ...."), "a.b. and ....");
}

TEST(Smarten, TypographicTextIsLeftAlone) {
    for (std::string text :
         {"“Hello,” she said — it’s fine…", "„Gut‘, 1990–95", "«\u202Foui\u202F»",
          "»Nej«, sagde hun.", "5′9″", "nothing to do here"}) {
        const std::string before = text;
        EXPECT_FALSE(smarten(text, quote_style("fr"))) << before;
        EXPECT_EQ(text, before);
    }
}

TEST(Smarten, StraightQuotesAmongTypographicOnes) {
    EXPECT_EQ(smart("“He said 'no' -- twice”"), "“He said ‘no’ — twice”");
    EXPECT_EQ(smart("He said \"...and then\" twice"), "He said “…and then” twice");
}

TEST(Smarten, ReturnsWhetherAnythingChanged) {
    std::string text = "\"x\"";
    EXPECT_TRUE(smarten(text, quote_style("en")));
    EXPECT_EQ(text, "“x”");
    EXPECT_FALSE(smarten(text, quote_style("en")));
}

TEST(Smarten, MalformedBytesAreKept) {
    EXPECT_EQ(smart("\xff \"x\" \xc3"), "\xff “x” \xc3");
}

// ---- inlines

TEST(SmartenInlines, StateCarriesAcrossRuns) {
    Inlines in{Text{"He said \""}, Emphasis{{Text{"no"}}}, Text{"\" twice."}};
    EXPECT_TRUE(smarten(in, quote_style("en")));
    const Inlines expected{Text{"He said “"}, Emphasis{{Text{"no"}}}, Text{"” twice."}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, IntoNestedContainers) {
    Inlines in{Text{"'"},
               Strong{{Link{"https://example.com/", "", {Text{"quoted"}}}}},
               Text{"' and "},
               Superscript{{Text{"\"up\""}}},
               Subscript{{Text{"don't"}}},
               SmallCaps{{Text{"a--b..."}}}};
    EXPECT_TRUE(smarten(in, quote_style("en")));
    const Inlines expected{Text{"‘"},
                           Strong{{Link{"https://example.com/", "", {Text{"quoted"}}}}},
                           Text{"’ and "},
                           Superscript{{Text{"“up”"}}},
                           Subscript{{Text{"don’t"}}},
                           SmallCaps{{Text{"a—b…"}}}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, CodeIsNeverChangedAndCountsAsAWord) {
    Inlines in{Text{"Type \""}, Code{"\"x\" -- 'y' ..."}, Text{"\" now"}};
    EXPECT_TRUE(smarten(in, quote_style("en")));
    const Inlines expected{Text{"Type “"}, Code{"\"x\" -- 'y' ..."}, Text{"” now"}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, LineBreakCountsAsSpace) {
    Inlines in{Text{"end"}, LineBreak{}, Text{"\"start\""}};
    smarten(in, quote_style("en"));
    const Inlines expected{Text{"end"}, LineBreak{}, Text{"“start”"}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, DashesAndDotsSplitAcrossRuns) {
    Inlines in{Text{"1990-"}, Text{"-95 and so on.."}, Emphasis{{Text{"."}}}};
    smarten(in, quote_style("en"));
    const Inlines expected{Text{"1990–"}, Text{"95 and so on…"}, Emphasis{{Text{""}}}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, FrenchSpaceAcrossRuns) {
    Inlines in{Text{"Il dit \""}, Emphasis{{Text{"oui"}}}, Text{"\". Puis \" non "}, Text{"\"."}};
    smarten(in, quote_style("fr"));
    const Inlines expected{Text{"Il dit «" + nnbsp}, Emphasis{{Text{"oui"}}},
                           Text{nnbsp + "». Puis «" + nnbsp + "non"}, Text{nnbsp + "»."}};
    EXPECT_EQ(in, expected);
}

TEST(SmartenInlines, NothingToDo) {
    Inlines in{Text{"Plain"}, Emphasis{{Text{" words"}}}, Code{"\"x\""}};
    const Inlines before = in;
    EXPECT_FALSE(smarten(in, quote_style("en")));
    EXPECT_EQ(in, before);
}

} // namespace
} // namespace galley::detail
