// The wire-copy reader, on the reference story and on the dateline and credit forms.
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "read/reader.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

using namespace galley;

namespace {

Article read_wire_text(const std::string& text) {
    return read_article(text, "story.txt").article;
}

std::string block_text(const Block& b) {
    if (auto* p = std::get_if<Paragraph>(&b.node)) return plain_text(p->content);
    if (auto* t = std::get_if<Tagline>(&b.node)) return plain_text(t->content);
    return {};
}

} // namespace

TEST(WireAstana, ModelIsExactlyAsPublished) {
    auto path = test::corpus("astana-roundtable.txt");
    ReadResult r = read_article_file(path.string());
    const Article& a = r.article;
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(a.meta.headline,
              "Human Rights Day Event Highlights Role of Independent Media in Strengthening "
              "Kazakh Society");
    EXPECT_EQ(a.meta.dateline.place, "ASTANA");
    EXPECT_TRUE(a.meta.dateline.agency.empty());

    ASSERT_EQ(a.blocks.size(), 13u); // lead, credit figure, 10 paragraphs, tagline
    ASSERT_TRUE(std::holds_alternative<Paragraph>(a.blocks[0].node));
    std::string lead = block_text(a.blocks[0]);
    EXPECT_TRUE(lead.starts_with("A roundtable in Astana explored how independent media"));
    EXPECT_EQ(lead.find("ASTANA"), std::string::npos);
    EXPECT_TRUE(lead.ends_with("to mark Human Rights Day on Dec. 10."));

    const auto* fig = std::get_if<Figure>(&a.blocks[1].node);
    ASSERT_NE(fig, nullptr);
    EXPECT_FALSE(fig->image.has_value());
    EXPECT_EQ(fig->credit.line, "The Astana Times");
    EXPECT_TRUE(fig->caption.empty());

    for (std::size_t i = 2; i < 12; ++i)
        EXPECT_TRUE(std::holds_alternative<Paragraph>(a.blocks[i].node)) << "block " << i;
    EXPECT_TRUE(block_text(a.blocks[2]).starts_with("The event titled Kazakhstan:"));
    EXPECT_TRUE(block_text(a.blocks[11]).starts_with("The roundtable wrapped up"));

    ASSERT_TRUE(std::holds_alternative<Tagline>(a.blocks[12].node));
    EXPECT_TRUE(block_text(a.blocks[12]).starts_with("Get The Astana Times stories"));
}

TEST(WireAstana, EveryCharacterKeptAndTrailingSpacesTrimmed) {
    auto path = test::corpus("astana-roundtable.txt");
    Article a = read_article_file(path.string()).article;
    std::string all;
    for (const auto& b : a.blocks) all += block_text(b) + "\n";
    for (const char* needle : {"Aleška Simkić", "Kazakhstan’s", "“Across Europe", "easy,” she said.",
                               "Simkić,", "—"}) {
        if (std::string(needle) == "—") continue; // the dateline's dash is removed with it
        EXPECT_NE(all.find(needle), std::string::npos) << needle;
    }
    // Trailing spaces in the source ("she said. ") are trimmed.
    for (const auto& b : a.blocks) {
        std::string t = block_text(b);
        if (!t.empty()) {
            EXPECT_NE(t.back(), ' ');
        }
    }
    // Every word of the source body is in the model, in order.
    std::string source = test::read_file(path);
    std::string words_model, words_source;
    auto normalise = [](const std::string& s) {
        std::string out;
        bool space = false;
        for (char c : s) {
            if (c == ' ' || c == '\n' || c == '\t') {
                space = true;
            } else {
                if (space && !out.empty()) out += ' ';
                space = false;
                out += c;
            }
        }
        return out;
    };
    std::string body = source.substr(source.find("A roundtable"));
    // The source ends some lines with a no-break space; the reader trims line ends.
    for (std::size_t at; (at = body.find("\u00A0\n")) != std::string::npos;) body.erase(at, 2);
    std::string credit_line = "Photo credit: The Astana Times";
    body.erase(body.find(credit_line), credit_line.size());
    EXPECT_EQ(normalise(all), normalise(body));
}

TEST(WireDateline, Forms) {
    struct Case {
        const char* lead;
        const char* place;
        const char* agency;
        const char* date;
        const char* rest;
    };
    const Case cases[] = {
        {"ASTANA — Text.", "ASTANA", "", "", "Text."},
        {"LONDON (Reuters) — Text.", "LONDON", "Reuters", "", "Text."},
        {"ALMATY - Text.", "ALMATY", "", "", "Text."},
        {"PAVLODAR, Kazakhstan — Text.", "PAVLODAR, Kazakhstan", "", "", "Text."},
        {"NEW YORK, Dec. 10 (AP) — Text.", "NEW YORK", "AP", "Dec. 10", "Text."},
        {"АСТАНА — Текст.", "АСТАНА", "", "", "Текст."},
        {"NUR-SULTAN – Text.", "NUR-SULTAN", "", "", "Text."},
    };
    for (const auto& c : cases) {
        Article a = read_wire_text(std::string("Headline\n\n") + c.lead + "\n");
        EXPECT_EQ(a.meta.dateline.place, c.place) << c.lead;
        EXPECT_EQ(a.meta.dateline.agency, c.agency) << c.lead;
        EXPECT_EQ(a.meta.dateline.date_text, c.date) << c.lead;
        ASSERT_EQ(a.blocks.size(), 1u);
        EXPECT_EQ(block_text(a.blocks[0]), c.rest) << c.lead;
    }
}

TEST(WireDateline, NotADateline) {
    for (const char* lead : {"The minister said — in a statement — that it was over.",
                             "Officials in Astana - the capital - said so.",
                             "A 10 percent rise — the largest — was seen."}) {
        Article a = read_wire_text(std::string("Headline\n\n") + lead + "\n");
        EXPECT_TRUE(a.meta.dateline.empty()) << lead;
        EXPECT_EQ(block_text(a.blocks[0]), lead);
    }
}

TEST(WireStructure, BylineCreditsTaglineAndWrappedParagraphs) {
    Article a = read_wire_text("Headline here\n"
                               "\n"
                               "By Jane Doe\n"
                               "Senior correspondent\n"
                               "\n"
                               "ALMATY — First line of the lead\n"
                               "continues here.\r\n"
                               "\n"
                               "Photo: Asel Ismailova/Reuters\n"
                               "\n"
                               "Second paragraph.\n"
                               "\n"
                               "\n"
                               "\n"
                               "Promo line.\n"
                               "\n"
                               "###\n");
    ASSERT_EQ(a.meta.bylines.size(), 1u);
    EXPECT_EQ(a.meta.bylines[0].name, "Jane Doe");
    EXPECT_EQ(a.meta.bylines[0].title, "Senior correspondent");
    ASSERT_EQ(a.blocks.size(), 4u);
    EXPECT_EQ(block_text(a.blocks[0]), "First line of the lead continues here.");
    const auto& fig = std::get<Figure>(a.blocks[1].node);
    // Photographer and agency apart, printed in the one credit form (issue 13).
    EXPECT_EQ(fig.credit.line, "");
    EXPECT_EQ(fig.credit.creator, "Asel Ismailova");
    EXPECT_EQ(fig.credit.source, "Reuters");
    EXPECT_EQ(fig.credit.display(), "Asel Ismailova / Reuters");
    EXPECT_TRUE(std::holds_alternative<Paragraph>(a.blocks[2].node));
    EXPECT_TRUE(std::holds_alternative<Tagline>(a.blocks[3].node));
}

TEST(WireStructure, SingleBlankLineBeforeLastParagraphIsNotATagline) {
    Article a = read_wire_text("H\n\nOne.\n\nTwo.\n");
    ASSERT_EQ(a.blocks.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<Paragraph>(a.blocks[1].node));
}

TEST(WireStructure, SeveralBylines) {
    Article a = read_wire_text("H\n\nBy Jane Doe, John Roe and Ann Lee\n\nText.\n");
    ASSERT_EQ(a.meta.bylines.size(), 3u);
    EXPECT_EQ(a.meta.bylines[2].name, "Ann Lee");
}

TEST(CaptionCredit, CommonWireForms) {
    struct Case {
        const char* caption;
        const char* rest;
        const char* line;
        const char* creator;
        const char* source;
    };
    const Case cases[] = {
        {"Workers on the line. Photo: Asel Ismailova", "Workers on the line.", "Asel Ismailova", "", ""},
        {"Workers on the line. Photo credit: The Astana Times", "Workers on the line.",
         "The Astana Times", "", ""},
        {"Workers on the line. (AP Photo/Jane Doe)", "Workers on the line.", "", "Jane Doe", "AP"},
        {"Arbeiter an der Strecke. Foto: Hans Meier", "Arbeiter an der Strecke.", "Hans Meier", "", ""},
        {"Рабочие на линии. Фото: Иван Петров", "Рабочие на линии.", "Иван Петров", "", ""},
        {"Workers on the line. (Photo: Jane Doe)", "Workers on the line.", "Jane Doe", "", ""},
        {"Photo: Jane Doe", "", "Jane Doe", "", ""},
    };
    for (const auto& c : cases) {
        std::string caption = c.caption;
        Credit credit = detail::split_caption_credit(caption);
        EXPECT_EQ(caption, c.rest) << c.caption;
        EXPECT_EQ(credit.line, c.line) << c.caption;
        EXPECT_EQ(credit.creator, c.creator) << c.caption;
        EXPECT_EQ(credit.source, c.source) << c.caption;
    }
}

TEST(CaptionCredit, LeavesOrdinaryCaptionsAlone) {
    for (const char* text : {"A photo: the square at dawn", "The credit crunch (2008) hit hard",
                             "Workers near the photo booth", "Shot at f/2.8 (Canon/EF)"}) {
        std::string caption = text;
        Credit credit = detail::split_caption_credit(caption);
        EXPECT_TRUE(credit.empty()) << text << " → " << credit.line;
        EXPECT_EQ(caption, text);
    }
}

TEST(CaptionCredit, OnInlinesKeepsMarkupBeforeTheCredit) {
    Inlines caption{Emphasis{text_inlines("Astana")}, Text{" at night. Photo: Jane Doe"}};
    Credit credit = detail::split_caption_credit(caption);
    EXPECT_EQ(credit.line, "Jane Doe");
    ASSERT_EQ(caption.size(), 2u);
    EXPECT_EQ(plain_text(caption), "Astana at night.");
}
