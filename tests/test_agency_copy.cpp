// Agency copy as newsrooms receive it (issue 12): datelines, teletype line breaks, deks,
// bylines, furniture, entities escaped twice, quotes and the language. Every article here was
// written for these tests in the shapes agencies file (the IPTC samples in shared/corpus show
// the XML shapes); none is agency copy.
#include "galley/json.hpp"
#include "galley/read.hpp"
#include "read/reader.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace galley {
namespace {

using test::TempDir;

ReadResult read_as(const std::string& content, const std::string& name, ReadOptions options = {}) {
    return read_article(content, name, options);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

std::string lead_text(const Article& a) {
    for (const Block& b : a.blocks)
        if (const auto* p = std::get_if<Paragraph>(&b.node)) return plain_text(p->content);
    return {};
}

std::vector<std::string> paragraphs(const Article& a) {
    std::vector<std::string> out;
    for (const Block& b : a.blocks)
        if (const auto* p = std::get_if<Paragraph>(&b.node)) out.push_back(plain_text(p->content));
    return out;
}

bool has_warning(const Warnings& warnings, const std::string& part) {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const Warning& w) { return w.message.find(part) != std::string::npos; });
}

// Converts `file` to PDF, print PDF and EPUB; returns the text each reader sees
// (pdftotext for the PDFs, the article's XHTML for the EPUB).
struct Outputs {
    std::string pdf, print, epub_xhtml, epub_opf;
};

std::string pdftotext(const std::filesystem::path& pdf) {
    auto r = test::run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

Outputs convert_all(const TempDir& dir, const std::string& name, const std::string& content,
                    std::vector<std::string> extra = {}) {
    test::write_file(dir / name, content);
    std::vector<std::string> argv = {test::cli().string(), "convert", (dir / name).string(),
                                     "--to", "pdf,print,epub", "-o", (dir / "out").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = test::run_command(argv);
    EXPECT_EQ(r.status, 0) << r.err;
    std::string stem = std::filesystem::path(name).stem().string();
    Outputs o;
    o.pdf = pdftotext(dir / "out" / (stem + ".pdf"));
    o.print = pdftotext(dir / "out" / (stem + "-print.pdf"));
    auto list = test::run_command({"/usr/bin/unzip", "-Z1", (dir / "out" / (stem + ".epub")).string()});
    for (std::size_t at = 0; at < list.out.size();) {
        std::size_t end = list.out.find('\n', at);
        std::string entry = list.out.substr(at, end - at);
        at = end == std::string::npos ? list.out.size() : end + 1;
        auto bytes = [&] {
            return test::run_command({"/usr/bin/unzip", "-p", (dir / "out" / (stem + ".epub")).string(), entry}).out;
        };
        if (entry.ends_with(".opf")) o.epub_opf = bytes();
        else if (entry.ends_with(".xhtml") && entry.find("nav") == std::string::npos &&
                 entry.find("cover") == std::string::npos)
            o.epub_xhtml += bytes();
    }
    return o;
}

// Text as a reader sees it: line breaks and hyphenation at line ends undone, spaces collapsed.
std::string flat(std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '\n') {
            ++i;
            continue;
        }
        if (c == '\n' || c == '\f' || c == '\t') c = ' ';
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Datelines

struct DatelineCase {
    std::string lead;
    std::string place, agency, date, rest;
};

TEST(Dateline, EveryCommonAgencyFormIsRecognised) {
    const std::vector<DatelineCase> cases = {
        {"NEW YORK (AP) \u2014 The price of gas rose.", "NEW YORK", "AP", "", "The price of gas rose."},
        {"OTTAWA - A Manitoba farmer won.", "OTTAWA", "", "", "A Manitoba farmer won."},
        {"K\u00f8benhavn /ritzau/: En 41-\u00e5rig mand er sigtet.", "K\u00f8benhavn", "ritzau", "",
         "En 41-\u00e5rig mand er sigtet."},
        {"Tegucigalpa, Jan 2 (EFE).- El Gobierno anunci\u00f3 hoy.", "Tegucigalpa", "EFE", "Jan 2",
         "El Gobierno anunci\u00f3 hoy."},
        {"Evansville, Indiana, United States - The river crested.", "Evansville, Indiana, United States",
         "", "", "The river crested."},
        {"ASTANA, Dec. 10 (Reuters) \u2014 Ministers met.", "ASTANA", "Reuters", "Dec. 10", "Ministers met."},
        {"Berlin (dpa) - Die Regierung plant.", "Berlin", "dpa", "", "Die Regierung plant."},
        {"HELSINKI (STT) \u2013 Hallitus esitti.", "HELSINKI", "STT", "", "Hallitus esitti."},
        {"Oslo (NTB): Regjeringen la fram.", "Oslo", "NTB", "", "Regjeringen la fram."},
        {"PARIS (AFP)\u2014Le gouvernement a annonc\u00e9.", "PARIS", "AFP", "", "Le gouvernement a annonc\u00e9."},
        {"(Springfield, IL - October 21) The council voted.", "Springfield, IL", "", "October 21",
         "The council voted."},
        {"SAN JOS\u00c9, Costa Rica -- Voters went.", "SAN JOS\u00c9, Costa Rica", "", "", "Voters went."},
    };
    for (const auto& c : cases) {
        Dateline d;
        std::size_t cut = detail::parse_dateline(c.lead, d);
        ASSERT_GT(cut, 0u) << c.lead;
        EXPECT_EQ(d.place, c.place) << c.lead;
        EXPECT_EQ(d.agency, c.agency) << c.lead;
        EXPECT_EQ(d.date_text, c.date) << c.lead;
        EXPECT_EQ(c.lead.substr(cut), c.rest) << c.lead;
    }
}

TEST(Dateline, SentencesAreNotDatelines) {
    for (std::string lead : {"Smith \u2014 who led the party \u2014 resigned.",
                             "However - the plan failed.", "The gas\u2014which is cheap\u2014ran out.",
                             "Officials said: the bridge is closed.", "John Smith - the minister - said.",
                             "In a statement (issued late) - nothing.", "Prices rose 5 - 6 per cent."}) {
        Dateline d;
        EXPECT_EQ(detail::parse_dateline(lead, d), 0u) << lead;
        EXPECT_TRUE(d.empty()) << lead;
    }
}

const std::string nitf_dateline = R"(<?xml version="1.0" encoding="UTF-8"?>
<nitf>
 <head><title>Fuel prices</title>
  <docdata><date.issue norm="20151210T093000-0500"/></docdata></head>
 <body>
  <body.head>
   <hedline><hl1>Fuel prices climb for a third week</hl1></hedline>
   <byline>By Dana Whitlock</byline>
   <distributor>The Associated Newswire</distributor>
   <dateline><location><city>New York</city></location></dateline>
  </body.head>
  <body.content>
   <p>NEW YORK (AN) &#x2014; The average price of petrol rose again this week, drivers said.</p>
   <p>Analysts expect prices to ease by spring.</p>
  </body.content>
 </body>
</nitf>
)";

TEST(Dateline, TheLeadWinsAndTheHeadStaysAsData) {
    ReadResult r = read_as(nitf_dateline, "fuel.xml");
    const Meta& m = r.article.meta;
    EXPECT_EQ(m.dateline.place, "NEW YORK");
    EXPECT_EQ(m.dateline.agency, "AN");
    EXPECT_EQ(lead_text(r.article), "The average price of petrol rose again this week, drivers said.");
    ASSERT_NE(m.head_value("distributor"), nullptr);
    EXPECT_EQ(*m.head_value("distributor"), "The Associated Newswire");
    ASSERT_NE(m.head_value("dateline"), nullptr);
    EXPECT_EQ(*m.head_value("dateline"), "New York");
    // The round trip keeps what the head said next to what galley chose.
    std::string json = to_json(r.article);
    ReadResult back = read_as(json, "fuel.json");
    EXPECT_EQ(back.article.meta.head, m.head);
    EXPECT_EQ(back.article, r.article);
}

TEST(Dateline, PrintedOnceInEveryBackend) {
    TempDir dir;
    Outputs o = convert_all(dir, "fuel.xml", nitf_dateline);
    for (const std::string* text : {&o.pdf, &o.print, &o.epub_xhtml}) {
        std::string t = flat(*text);
        EXPECT_EQ(count(t, "NEW YORK"), 1u) << t;
        EXPECT_EQ(count(t, "Associated Newswire"), 0u) << t;
        EXPECT_EQ(count(t, "New York"), 0u) << t;
        EXPECT_NE(t.find("The average price"), std::string::npos) << t;
    }
}

TEST(Dateline, EveryReaderTakesItOutOfTheLead) {
    const std::string lead = "OSLO (NTB) \u2014 The ferry sailed on time.";
    std::vector<std::pair<std::string, std::string>> inputs = {
        {"a.txt", "Ferry sails\n\n" + lead + "\n\nIt was full.\n"},
        {"a.md", "---\ntitle: Ferry sails\n---\n\n" + lead + "\n\nIt was full.\n"},
        {"a.xml", "<nitf><body><body.head><hedline><hl1>Ferry sails</hl1></hedline></body.head>"
                  "<body.content><p>" + lead + "</p><p>It was full.</p></body.content></body></nitf>"},
        {"b.xml", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:x:1\">"
                  "<contentMeta><headline>Ferry sails</headline></contentMeta><contentSet>"
                  "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                  "<body><p>" + lead + "</p><p>It was full.</p></body></html></inlineXML></contentSet></newsItem>"},
    };
    for (const auto& [name, content] : inputs) {
        ReadResult r = read_as(content, name);
        EXPECT_EQ(r.article.meta.dateline.place, "OSLO") << name;
        EXPECT_EQ(r.article.meta.dateline.agency, "NTB") << name;
        EXPECT_EQ(lead_text(r.article), "The ferry sailed on time.") << name;
    }
}

TEST(Dateline, ATimestampIsADateNeverAPlace) {
    const std::string xml = R"(<nitf><body><body.head><hedline><hl1>Storm</hl1></hedline>
      <dateline>20170102T222800+0000</dateline></body.head>
      <body.content><p>Rain fell all night.</p></body.content></body></nitf>)";
    ReadResult r = read_as(xml, "storm.xml");
    EXPECT_EQ(r.article.meta.dateline.place, "");
    EXPECT_EQ(r.article.meta.date.substr(0, 10), "2017-01-02");
    TempDir dir;
    Outputs o = convert_all(dir, "storm.xml", xml, {"--style", "broadsheet"});
    for (const std::string* text : {&o.pdf, &o.print, &o.epub_xhtml}) {
        EXPECT_EQ(text->find("20170102"), std::string::npos) << *text;
        EXPECT_EQ(text->find("2017-01-02T"), std::string::npos) << *text;
    }
    // The broadsheet's running head carries the date as a reader writes it.
    EXPECT_NE(flat(o.print).find("Monday, January 2, 2017"), std::string::npos) << o.print;
}

// ---------------------------------------------------------------------------------------------
// Teletype line breaks

TEST(LineBreaks, TeletypeBreaksAreSpacesAndTwoEndAParagraph) {
    const std::string xml = R"(<nitf><body><body.head><hedline><hl1>Harbour</hl1></hedline></body.head>
      <body.content>
      <p>The harbour master said the new<br/>berth would open in<br/>March.<br/><br/>Work starts<br/>on Monday.</p>
      <p class="address">Harbour Office<br/>1 Quay Street<br/>Porttown</p>
      </body.content></body></nitf>)";
    ReadResult r = read_as(xml, "harbour.xml");
    std::vector<std::string> ps = paragraphs(r.article);
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0], "The harbour master said the new berth would open in March.");
    EXPECT_EQ(ps[1], "Work starts on Monday.");
    // An address keeps its lines.
    const auto& address = std::get<Paragraph>(r.article.blocks.back().node);
    EXPECT_EQ(std::count_if(address.content.begin(), address.content.end(),
                            [](const Inline& i) { return std::holds_alternative<LineBreak>(i.node); }),
              2);
}

// ---------------------------------------------------------------------------------------------
// Deks

TEST(Deks, ADekRepeatingTheHeadlineOrTheLeadIsNotADek) {
    const std::string same_as_headline = R"(<nitf><body><body.head>
      <hedline><hl1>Council backs new bridge</hl1><hl2>COUNCIL BACKS NEW BRIDGE.</hl2></hedline>
      </body.head><body.content><p>The council voted for the bridge.</p></body.content></body></nitf>)";
    EXPECT_EQ(read_as(same_as_headline, "a.xml").article.meta.dek, "");

    const std::string same_as_lead = R"(<nitf><body><body.head>
      <hedline><hl1>Bridge vote</hl1></hedline>
      <abstract><p>The council voted  for the bridge on Tuesday.</p></abstract>
      </body.head><body.content><p>LONDON (PN) - The council voted for the bridge on Tuesday.</p>
      <p>Work starts in May.</p></body.content></body></nitf>)";
    ReadResult lead = read_as(same_as_lead, "b.xml");
    EXPECT_EQ(lead.article.meta.dek, "");
    ASSERT_NE(lead.article.meta.head_value("abstract"), nullptr);

    const std::string slug = R"(<nitf><head><docdata/></head><body><body.head>
      <hedline><hl1>Cabinet reshuffled</hl1><hl2>REPUBLICA GOVERNMENT</hl2></hedline>
      <abstract><p>The president named four new ministers.</p></abstract>
      </body.head><body.content><p>The president named new ministers on Monday.</p></body.content></body></nitf>)";
    ReadResult s = read_as(slug, "c.xml");
    EXPECT_EQ(s.article.meta.dek, "The president named four new ministers.");
    ASSERT_NE(s.article.meta.head_value("slug"), nullptr);
    EXPECT_EQ(*s.article.meta.head_value("slug"), "REPUBLICA GOVERNMENT");

    TempDir dir;
    Outputs o = convert_all(dir, "b.xml", same_as_lead);
    for (const std::string* text : {&o.pdf, &o.print, &o.epub_xhtml})
        EXPECT_EQ(count(flat(*text), "voted for the bridge"), 1u) << *text;
}

// ---------------------------------------------------------------------------------------------
// Bylines

std::vector<std::pair<std::string, std::string>> people(const Meta& m) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Byline& b : m.bylines) out.emplace_back(b.name, b.title);
    return out;
}

using People = std::vector<std::pair<std::string, std::string>>;

TEST(Bylines, PeopleAndTitlesNotDeskCodes) {
    auto nitf = [](const std::string& byline, const std::string& first = "The vote was close.") {
        return "<nitf><body><body.head><hedline><hl1>Vote</hl1></hedline>" + byline +
               "</body.head><body.content><p>" + first + "</p><p>More follows.</p></body.content></body></nitf>";
    };
    EXPECT_EQ(people(read_as(nitf("<byline>By Sam Lidster, Press Union Political Correspondent</byline>"), "a.xml").article.meta),
              (People{{"Sam Lidster", "Press Union Political Correspondent"}}));
    EXPECT_EQ(people(read_as(nitf("<byline>Mia Rabbani and Jordan Press</byline>"), "b.xml").article.meta),
              (People{{"Mia Rabbani", ""}, {"Jordan Press", ""}}));
    EXPECT_EQ(people(read_as(nitf("<byline>By Anna Berg, Jonas Lund and Mia Holm</byline>"), "c.xml").article.meta),
              (People{{"Anna Berg", ""}, {"Jonas Lund", ""}, {"Mia Holm", ""}}));
    EXPECT_TRUE(read_as(nitf("<byline>gr/bp</byline>"), "d.xml").article.meta.bylines.empty());
    EXPECT_EQ(people(read_as(nitf("<byline><person>Lena Ortiz</person><byttl>Science Editor</byttl></byline>"), "e.xml").article.meta),
              (People{{"Lena Ortiz", "Science Editor"}}));
    // A placeholder in the head gives way to the byline opening the body, which leaves it.
    ReadResult body = read_as(nitf("<byline>Staff Reporter</byline>", "By Jonah Underwood"), "f.xml");
    EXPECT_EQ(people(body.article.meta), (People{{"Jonah Underwood", ""}}));
    EXPECT_EQ(lead_text(body.article), "More follows.");
    ASSERT_NE(body.article.meta.head_value("byline"), nullptr);
    EXPECT_EQ(*body.article.meta.head_value("byline"), "Staff Reporter");
    // "By the time…" is a sentence.
    ReadResult sentence = read_as(nitf("", "By the time the polls closed, rain fell."), "g.xml");
    EXPECT_TRUE(sentence.article.meta.bylines.empty());
    EXPECT_EQ(lead_text(sentence.article), "By the time the polls closed, rain fell.");
}

TEST(Bylines, EpubCreatorsAndPdfAuthorListOnlyPeople) {
    const std::string xml = R"(<nitf><body><body.head><hedline><hl1>Budget passes</hl1></hedline>
      <byline>By Sam Lidster, Press Union Political Correspondent</byline></body.head>
      <body.content><p>The budget passed.</p></body.content></body></nitf>)";
    TempDir dir;
    Outputs o = convert_all(dir, "budget.xml", xml);
    EXPECT_EQ(count(o.epub_opf, "<dc:creator"), 1u) << o.epub_opf;
    EXPECT_NE(o.epub_opf.find(">Sam Lidster</dc:creator>"), std::string::npos) << o.epub_opf;
    auto info = test::run_command({"/usr/bin/pdfinfo", (dir / "out" / "budget.pdf").string()});
    EXPECT_NE(info.out.find("Author:          Sam Lidster\n"), std::string::npos) << info.out;
}

// ---------------------------------------------------------------------------------------------
// Furniture, entities, nested subheads

TEST(Furniture, EndAndServiceMarksAreMetadataNotText) {
    const std::string wire =
        "*** TRANSLATED *** Lake ice closes early\n\n"
        "*MANDATORY CREDIT*\n\n"
        "LAKEVIEW (PN) - Ice on the lake broke up a month early.\n\n"
        "Anglers packed up their huts.\n\n"
        "(MORE)\n\n"
        "Rangers closed the access road.\n\n"
        "ENDS\n\n"
        "PN RTV\n";
    ReadResult r = read_as(wire, "ice.txt");
    EXPECT_EQ(r.article.meta.headline, "Lake ice closes early");
    EXPECT_EQ(paragraphs(r.article),
              (std::vector<std::string>{"Ice on the lake broke up a month early.",
                                        "Anglers packed up their huts.",
                                        "Rangers closed the access road."}));
    const auto& notes = r.article.meta.service_notes;
    for (std::string note : {"*** TRANSLATED ***", "*MANDATORY CREDIT*", "(MORE)", "ENDS", "PN RTV"})
        EXPECT_NE(std::find(notes.begin(), notes.end(), note), notes.end()) << note;

    for (std::string last : {"-30-", "###", "/ritzau/", "(BusinessWire)", "ends"}) {
        ReadResult e = read_as("Headline\n\nOne paragraph here.\n\nAnother one.\n\n" + last + "\n", "e.txt");
        EXPECT_EQ(paragraphs(e.article).size(), 2u) << last;
        EXPECT_EQ(e.article.meta.service_notes, std::vector<std::string>{last});
    }
    TempDir dir;
    Outputs o = convert_all(dir, "ice.txt", wire);
    for (const std::string* text : {&o.pdf, &o.print, &o.epub_xhtml}) {
        for (std::string mark : {"TRANSLATED", "MANDATORY", "(MORE)", "ENDS", "RTV"})
            EXPECT_EQ(text->find(mark), std::string::npos) << mark << " in " << *text;
    }
}

TEST(Furniture, EntitiesEscapedTwiceAreDecodedWithAWarning) {
    const std::string xml = R"(<nitf><body><body.head><hedline><hl1>Clock tower</hl1></hedline></body.head>
      <body.content><p>It struck nine o&amp;#39;clock, &amp;quot;on time&amp;quot;.</p></body.content></body></nitf>)";
    ReadOptions plain;
    plain.smart = false;
    ReadResult r = read_as(xml, "clock.xml", plain);
    EXPECT_EQ(lead_text(r.article), "It struck nine o'clock, \"on time\".");
    EXPECT_TRUE(has_warning(r.warnings, "escaped twice"));
}

TEST(Furniture, ASubheadInsideAParagraphIsASubhead) {
    const std::string g2 = R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:2">
      <contentMeta><headline>Market day</headline></contentMeta><contentSet>
      <inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
      <p>Stalls opened at dawn.</p><p><h3>Prices</h3></p><p>Apples were cheap.</p>
      </body></html></inlineXML></contentSet></newsItem>)";
    ReadResult r = read_as(g2, "market.xml");
    ASSERT_EQ(r.article.blocks.size(), 3u);
    const auto* h = std::get_if<Heading>(&r.article.blocks[1].node);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(plain_text(h->content), "Prices");
}

TEST(AllReaders, BylinesFurnitureAndDeksInEveryFormat) {
    // The same patterns in Markdown, wire copy and NewsML-G2 inline XHTML.
    const std::string md = "---\ntitle: Tram line opens\ndek: Tram line opens\n"
                           "byline: Staff Reporter\n---\n\nBy Lena Ortiz and Tomas Berg\n\n"
                           "The first tram left at dawn.\n\nRiders cheered.\n\n-30-\n";
    const std::string wire = "Tram line opens\n\nBy Lena Ortiz and Tomas Berg\n\n"
                             "The first tram left at dawn.\n\nRiders cheered.\n\n-30-\n";
    const std::string g2 =
        "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:x:3\">"
        "<contentMeta><headline>Tram line opens</headline><description>The first tram left at "
        "dawn.</description><creator><name>gr/bp</name></creator></contentMeta><contentSet>"
        "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
        "<p>By Lena Ortiz and Tomas Berg</p><p>The first tram left<br/>at dawn.</p><p>Riders cheered.</p>"
        "<p>-30-</p></body></html></inlineXML></contentSet></newsItem>";
    for (const auto& [name, content] : std::vector<std::pair<std::string, std::string>>{
             {"tram.md", md}, {"tram.txt", wire}, {"tram.xml", g2}}) {
        ReadResult r = read_as(content, name);
        EXPECT_EQ(people(r.article.meta), (People{{"Lena Ortiz", ""}, {"Tomas Berg", ""}})) << name;
        EXPECT_EQ(paragraphs(r.article),
                  (std::vector<std::string>{"The first tram left at dawn.", "Riders cheered."}))
            << name;
        EXPECT_EQ(r.article.meta.dek, "") << name; // the headline again, or the lead again
        EXPECT_EQ(r.article.meta.service_notes, std::vector<std::string>{"-30-"}) << name;
    }
}

// ---------------------------------------------------------------------------------------------
// Quotes

std::string smart_lead(const std::string& language, const std::string& text) {
    std::string md = "---\ntitle: Quotes\nlanguage: " + language + "\n---\n\n" + text + "\n";
    return lead_text(read_as(md, "q.md").article);
}

TEST(Quotes, StraightQuotesBecomeTheLanguagesForms) {
    EXPECT_EQ(smart_lead("en", "She said \"it's 'fine'\" -- then left..."),
              "She said \u201cit\u2019s \u2018fine\u2019\u201d \u2014 then left\u2026");
    EXPECT_EQ(smart_lead("de", "Er sagte \"ja\"."), "Er sagte \u201eja\u201c.");
    EXPECT_EQ(smart_lead("ru", "\u041e\u043d \u0441\u043a\u0430\u0437\u0430\u043b \"\u0434\u0430\"."),
              "\u041e\u043d \u0441\u043a\u0430\u0437\u0430\u043b \u00ab\u0434\u0430\u00bb.");
    EXPECT_EQ(smart_lead("da", "Han sagde \"ja\"."), "Han sagde \u00bbja\u00ab.");
    std::string fr = smart_lead("fr", "Il a dit \"oui\".");
    EXPECT_TRUE(fr.starts_with("Il a dit \u00ab")) << fr;
    EXPECT_TRUE(fr.find("oui") != std::string::npos && fr.find("\u00bb.") != std::string::npos) << fr;
    EXPECT_EQ(fr.find("\u00ab" "oui"), std::string::npos) << "no space inside « »: " << fr;
    // Primes for feet and inches, degrees and minutes.
    EXPECT_EQ(smart_lead("en", "He is 5'9\" tall at 40\u00b015' north."),
              "He is 5\u20329\u2033 tall at 40\u00b015\u2032 north.");
    // Typographic text is left alone.
    EXPECT_EQ(smart_lead("en", "Already \u201cdone\u201d and it\u2019s fine."),
              "Already \u201cdone\u201d and it\u2019s fine.");
}

TEST(Quotes, NoSmartKeepsThemStraight) {
    ReadOptions options;
    options.smart = false;
    ReadResult r = read_as("Title\n\nShe said \"no\" -- twice...\n", "n.txt", options);
    EXPECT_EQ(lead_text(r.article), "She said \"no\" -- twice...");
    TempDir dir;
    test::write_file(dir / "n.txt", "Title\n\nShe said \"no\" -- twice...\n");
    auto out = test::run_command({test::cli().string(), "inspect", (dir / "n.txt").string(), "--no-smart"});
    ASSERT_EQ(out.status, 0) << out.err;
    EXPECT_NE(out.out.find("She said \\\"no\\\" -- twice..."), std::string::npos) << out.out;
}

// ---------------------------------------------------------------------------------------------
// Language

TEST(Language, DetectedWhenNotDeclaredAndRecorded) {
    const std::string arabic =
        "\u0627\u0644\u0633\u0648\u0642 \u0627\u0644\u0642\u062f\u064a\u0645\u0629\n\n"
        "\u0627\u0641\u062a\u062a\u062d\u062a \u0627\u0644\u0628\u0644\u062f\u064a\u0629 "
        "\u0627\u0644\u0633\u0648\u0642 \u0627\u0644\u0642\u062f\u064a\u0645\u0629 \u0628\u0639\u062f "
        "\u0623\u0646 \u0627\u0646\u062a\u0647\u062a \u0623\u0639\u0645\u0627\u0644 "
        "\u0627\u0644\u062a\u0631\u0645\u064a\u0645 \u0627\u0644\u062a\u064a \u0627\u0633\u062a\u0645\u0631\u062a "
        "\u0639\u0627\u0645\u064a\u0646 \u0643\u0627\u0645\u0644\u064a\u0646 \u0641\u064a "
        "\u0648\u0633\u0637 \u0627\u0644\u0645\u062f\u064a\u0646\u0629.\n";
    ReadResult r = read_as(arabic, "souq.txt");
    EXPECT_EQ(r.article.meta.language, "ar");
    EXPECT_EQ(r.article.meta.language_source, LanguageSource::detected);
    TempDir dir;
    Outputs o = convert_all(dir, "souq.txt", arabic);
    EXPECT_NE(o.epub_opf.find("page-progression-direction=\"rtl\""), std::string::npos);
    EXPECT_NE(o.epub_xhtml.find("dir=\"rtl\""), std::string::npos);

    const std::string japanese =
        "\u6e2f\u306e\u65b0\u3057\u3044\u6841\u6a4b\n\n"
        "\u5e02\u306f\u6708\u66dc\u65e5\u3001\u6e2f\u306b\u65b0\u3057\u3044\u6841\u6a4b\u3092"
        "\u9020\u308b\u3068\u767a\u8868\u3057\u307e\u3057\u305f\u3002\u5de5\u4e8b\u306f\u6765\u5e74"
        "\u306e\u6625\u306b\u59cb\u307e\u308a\u3001\u4e8c\u5e74\u5f8c\u306b\u5b8c\u6210\u3059\u308b"
        "\u4e88\u5b9a\u3067\u3059\u3002\n";
    EXPECT_EQ(read_as(japanese, "jp.txt").article.meta.language, "ja");

    const std::string hebrew =
        "\u05e9\u05d5\u05e7 \u05d7\u05d3\u05e9\n\n"
        "\u05d4\u05e2\u05d9\u05e8\u05d9\u05d9\u05d4 \u05e4\u05ea\u05d7\u05d4 \u05d4\u05d9\u05d5\u05dd "
        "\u05e9\u05d5\u05e7 \u05d7\u05d3\u05e9 \u05d1\u05de\u05e8\u05db\u05d6 \u05d4\u05e2\u05d9\u05e8, "
        "\u05d0\u05d7\u05e8\u05d9 \u05e9\u05e0\u05ea\u05d9\u05d9\u05dd \u05e9\u05dc "
        "\u05e2\u05d1\u05d5\u05d3\u05d5\u05ea \u05d1\u05e0\u05d9\u05d9\u05d4. "
        "\u05d4\u05e1\u05d5\u05d7\u05e8\u05d9\u05dd \u05d0\u05de\u05e8\u05d5 "
        "\u05e9\u05d4\u05dd \u05de\u05e8\u05d5\u05e6\u05d9\u05dd \u05de\u05d4\u05de\u05e7\u05d5\u05dd "
        "\u05d4\u05d7\u05d3\u05e9.\n";
    ReadResult he = read_as(hebrew, "he.txt");
    EXPECT_EQ(he.article.meta.language, "he");
    EXPECT_EQ(he.article.meta.language_source, LanguageSource::detected);

    // --lang comes before detection; the declared language before both.
    ReadOptions lang;
    lang.language = "en-GB";
    ReadResult given = read_as("Title\n\nSome words of text that are plainly in English here.\n", "e.txt", lang);
    EXPECT_EQ(given.article.meta.language, "en-GB");
    EXPECT_EQ(given.article.meta.language_source, LanguageSource::option);
}

TEST(Language, AWrongDeclaredLanguageStaysButIsReported) {
    const std::string danish = R"(<nitf baselang="no-NO"><head><docdata/></head><body><body.head><hedline><hl1>Nyt tog til Aarhus</hl1></hedline></body.head>
      <body.content>
      <p>Regeringen har besluttet, at der skal bygges en ny jernbane mellem K&#xf8;benhavn og Aarhus.
      Projektet forventes at koste mere end tyve milliarder kroner og skal v&#xe6;re f&#xe6;rdigt om ti &#xe5;r.</p>
      <p>Transportministeren siger, at rejsetiden bliver halveret, og at flere vil tage toget i stedet for bilen.</p>
      </body.content></body></nitf>)";
    ReadResult r = read_as(danish, "tog.xml");
    EXPECT_EQ(r.article.meta.language, "no-NO");
    EXPECT_EQ(r.article.meta.language_source, LanguageSource::declared);
    EXPECT_TRUE(has_warning(r.warnings, "reads as da")) << (r.warnings.empty() ? "" : r.warnings[0].message);
}

} // namespace
} // namespace galley
