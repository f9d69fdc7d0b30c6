// The model's JSON form: shape, exact round trip, versions and errors.
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace galley;

namespace {

Article every_kind_of_block() {
    Article a;
    a.meta.headline = "Headline “quoted”";
    a.meta.dek = "A dek";
    a.meta.bylines = {{"Aleška Simkić", "Ambassador"}, {"Jane Doe", ""}};
    a.meta.dateline = {"ASTANA", "Reuters", "Dec. 10"};
    a.meta.date = "2025-12-10";
    a.meta.language = "en";
    a.meta.publisher = "The Example Times";
    a.meta.section = "World";
    a.meta.keywords = {"media", "law"};
    a.meta.rights = "© 2025 Example";
    a.meta.source_url = "https://example.org/story";
    a.meta.identifier = "urn:example:1";

    Attr lead;
    lead.id = "lead";
    lead.classes = {"lead", "dropcap"};
    lead.values = {{"lang", "en"}, {"data-x", "1"}};
    a.blocks.push_back(Paragraph{lead,
                                 {Text{"Plain "}, Emphasis{text_inlines("emph")}, Text{" "},
                                  Strong{text_inlines("strong")}, LineBreak{},
                                  Link{"https://example.org", "Title", text_inlines("link")},
                                  Code{"x < y"}, Superscript{text_inlines("2")},
                                  Subscript{text_inlines("i")}, SmallCaps{text_inlines("nato")}}});
    a.blocks.push_back(Heading{{}, 3, text_inlines("Sub")});
    a.blocks.push_back(BlockQuote{{}, {Paragraph{{}, text_inlines("Quoted.")}}, "Someone"});
    a.blocks.push_back(PullQuote{{}, text_inlines("Pulled."), "Someone Else"});
    Figure f;
    f.image = ImageRef{"photos/a.jpg", "image/jpeg", std::string("\x00\xff\x10 bytes", 9), 1200, 800};
    f.alt = "Alt text";
    f.caption = text_inlines("Caption");
    f.credit = {"Jane Doe", "AP Photo/Jane Doe", "© AP", "AP"};
    a.blocks.push_back(f);
    Figure credit_only;
    credit_only.credit.line = "The Astana Times";
    a.blocks.push_back(credit_only);
    a.blocks.push_back(List{{}, true, 3, {{Paragraph{{}, text_inlines("one")}}, {}}});
    a.blocks.push_back(Rule{});
    Table t;
    t.caption = text_inlines("Budget");
    t.head = {{TableCell{text_inlines("Item"), Align::left, 1, 1},
               TableCell{text_inlines("Sum"), Align::right, 2, 1}}};
    t.body = {{TableCell{text_inlines("Roads"), Align::none, 1, 1}, TableCell{}}};
    a.blocks.push_back(t);
    a.blocks.push_back(Tagline{{}, text_inlines("Subscribe!")});
    a.blocks.push_back(Raw{{}, "html", "<b>raw</b>"});
    return a;
}

} // namespace

TEST(ModelJson, ShapeIsWhatToolsRelyOn) {
    auto j = nlohmann::json::parse(to_json(every_kind_of_block()));
    EXPECT_EQ(j["galley"], "1.0");
    EXPECT_EQ(j["meta"]["headline"], "Headline “quoted”");
    EXPECT_EQ(j["meta"]["dateline"]["place"], "ASTANA");
    std::vector<std::string> types;
    for (const auto& b : j["blocks"]) types.push_back(b["type"]);
    EXPECT_EQ(types, (std::vector<std::string>{"paragraph", "heading", "quote", "pullquote",
                                               "figure", "figure", "list", "rule", "table",
                                               "tagline", "raw"}));
    const auto& fig = j["blocks"][4];
    EXPECT_EQ(fig["caption"][0], "Caption");
    EXPECT_EQ(fig["credit"]["creator"], "Jane Doe");
    EXPECT_EQ(fig["credit"]["line"], "AP Photo/Jane Doe");
    EXPECT_EQ(fig["credit"]["copyright"], "© AP");
    EXPECT_EQ(fig["credit"]["source"], "AP");
    // Absent fields are omitted.
    const auto& credit_only = j["blocks"][5];
    EXPECT_FALSE(credit_only.contains("image"));
    EXPECT_FALSE(credit_only.contains("caption"));
    EXPECT_EQ(credit_only["credit"].size(), 1u);
}

TEST(ModelJson, RoundTripIsExact) {
    Article a = every_kind_of_block();
    std::string first = to_json(a);
    Article back = article_from_json(first);
    EXPECT_EQ(back, a);
    EXPECT_EQ(to_json(back), first);
}

TEST(ModelJson, AstanaRoundTrip) {
    Article a = read_article_file(test::corpus("astana-roundtable.txt").string()).article;
    std::string first = to_json(a);
    EXPECT_EQ(to_json(article_from_json(first)), first);
}

TEST(ModelJson, OtherMajorVersionIsAClearError) {
    try {
        article_from_json(R"({"galley": "2.0", "meta": {}, "blocks": []})", "future.json");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::version);
        EXPECT_NE(std::string(e.what()).find("future.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("2.0"), std::string::npos);
    }
    // Another minor version of the same major version reads.
    EXPECT_NO_THROW(article_from_json(R"({"galley": "1.7", "meta": {}, "blocks": []})"));
}

TEST(ModelJson, ANumberTooLargeIsASyntaxErrorNotACrash) {
    // Found by fuzz_json: nlohmann throws out_of_range (not parse_error) for 1E99999.
    for (std::string text : {std::string("{\"galley\": \"1.0\", \"x\": 1E99999}"),
                             std::string(36, '9') + "E90002630102182384369662e19\",s\"0\v"}) {
        try {
            article_from_json(text, "big.json");
            FAIL() << text;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::syntax) << e.what();
            EXPECT_TRUE(std::string(e.what()).starts_with("big.json: JSON")) << e.what();
        }
    }
}

TEST(ModelJson, ErrorsNameTheFileAndPlace) {
    try {
        article_from_json("{\n  \"galley\": \"1.0\",\n  \"meta\": {,\n}", "bad.json");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::syntax);
        EXPECT_EQ(e.position().line, 3);
        EXPECT_TRUE(std::string(e.what()).starts_with("bad.json:3:")) << e.what();
    }
    try {
        article_from_json(R"({"galley": "1.0", "blocks": [{"type": "poem"}]})", "x.json");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid);
        EXPECT_NE(std::string(e.what()).find("blocks[0].type"), std::string::npos) << e.what();
    }
    try {
        article_from_json(R"({"meta": {}})", "x.json");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid);
    }
}

TEST(ModelJson, UnknownKeysAreWarnedAbout) {
    ReadResult r = read_article(R"({"galley": "1.0", "meta": {"headlin": "x"}, "blocks": []})",
                                "typo.json");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].message.find("headlin"), std::string::npos);
}

TEST(ModelJson, DeepNestingIsRefusedNotACrash) {
    std::string deep = R"({"galley": "1.0", "blocks": )";
    for (int i = 0; i < 100000; ++i) deep += "[";
    EXPECT_THROW(article_from_json(deep, "deep.json"), Error);
}
