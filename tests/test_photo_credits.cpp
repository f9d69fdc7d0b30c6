// Photo credits and usage restrictions (issue 13): credits at the end of captions in the
// agencies' forms, notes to editors, IPTC/XMP By-line Title, Special Instructions and usage
// terms in the model, the credit printed once in every backend, the press kit refusing
// restricted photos and the EPUB warning about them. Photos are made with ImageMagick and
// their metadata written with exiv2; all captions and names are invented.
#include "galley/article.hpp"
#include "galley/epub.hpp"
#include "galley/image.hpp"
#include "galley/json.hpp"
#include "galley/pdf.hpp"
#include "galley/print.hpp"
#include "galley/read.hpp"
#include "galley/sink.hpp"
#include "galley/style.hpp"
#include "read/reader.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace test = galley::test;
using galley::Credit;
using galley::Figure;
using galley::UsageRestriction;
using test::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

// White space runs (line ends in pdftotext's output among them) as one space.
std::string one_line(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// A JPEG drawn with ImageMagick, then `exiv2 -M` commands applied to it.
void make_photo(const fs::path& path, const std::vector<std::string>& exiv2_commands = {}) {
    fs::create_directories(path.parent_path());
    auto r = test::run_command({"/usr/bin/convert", "-size", "480x320", "gradient:navy-gold",
                                "-strip", "-quality", "80", path.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    if (exiv2_commands.empty()) return;
    std::vector<std::string> argv{"/usr/bin/exiv2", "-q"};
    for (const std::string& command : exiv2_commands) {
        argv.push_back("-M");
        argv.push_back(command);
    }
    argv.push_back("modify");
    argv.push_back(path.string());
    r = test::run_command(argv);
    ASSERT_EQ(r.status, 0) << r.err;
}

const galley::Figure& first_figure(const galley::Article& article) {
    for (const galley::Block& block : article.blocks)
        if (const auto* figure = std::get_if<Figure>(&block.node)) return *figure;
    throw std::runtime_error("no figure");
}

std::string pdf_text(const fs::path& pdf) {
    const auto r = test::run_command({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    return one_line(r.out);
}

std::string epub_entry(const fs::path& epub, const std::string& entry) {
    const auto r = test::run_command({"/usr/bin/unzip", "-p", epub.string(), entry});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

std::string all_warnings(const galley::Warnings& warnings) {
    std::string out;
    for (const auto& w : warnings) out += w.to_string() + "\n";
    return out;
}

const std::string flood_sentence =
    "Volunteers stack sandbags along Riverside Road in Millbrook, Ont., on Wednesday, "
    "July 8, 2020.";

// ---------------------------------------------------------------------------------------------
// Credits at the end of captions

struct SplitCase {
    std::string caption;
    std::string rest;
    std::string creator;
    std::string source;
    std::string line;
};

TEST(CaptionCreditForms, AgencyFormsGivePhotographerAndAgency) {
    const SplitCase cases[] = {
        {flood_sentence + " THE CANADIAN PRESS/Marta Kowalczyk", flood_sentence, "Marta Kowalczyk",
         "The Canadian Press", ""},
        {"Ferries wait out the storm at Port Elwin. (AP Photo/Jane Doe)",
         "Ferries wait out the storm at Port Elwin.", "Jane Doe", "AP", ""},
        {"Ferries wait out the storm at Port Elwin. (Tomás Ferreira/AFP)",
         "Ferries wait out the storm at Port Elwin.", "Tomás Ferreira", "AFP", ""},
        {"Boats leave the harbour at dawn. (Reuters)", "Boats leave the harbour at dawn.", "",
         "Reuters", ""},
        {"A crane lifts the last span into place. Photo: Reuters",
         "A crane lifts the last span into place.", "", "Reuters", ""},
        {"A crane lifts the last span into place. Photo: Lena Brandt/Reuters",
         "A crane lifts the last span into place.", "Lena Brandt", "Reuters", ""},
        {"Ein Kran hebt das letzte Feld ein. Foto: Jonas Weber/dpa",
         "Ein Kran hebt das letzte Feld ein.", "Jonas Weber", "dpa", ""},
        {"Skiers queue at the lift in Ålvik. Credit: NTB/Ola Nordhagen",
         "Skiers queue at the lift in Ålvik.", "Ola Nordhagen", "NTB", ""},
        {"Pupils plant oaks behind the school. Picture: Aisha Bello/PA",
         "Pupils plant oaks behind the school.", "Aisha Bello", "PA", ""},
        {"Growers sort grapes near Lirac, France, on Sept. 2, 2021. AGENCE FRANCE-PRESSE/Jean "
         "Marchetti",
         "Growers sort grapes near Lirac, France, on Sept. 2, 2021.", "Jean Marchetti",
         "Agence France-Presse", ""},
        {"Fishers mend nets in Vigo, Spain, on May 4, 2022. EPA-EFE/Lucía Gómez",
         "Fishers mend nets in Vigo, Spain, on May 4, 2022.", "Lucía Gómez", "EPA-EFE", ""},
        {"Skiers queue at the lift in Ålvik. NORSK TELEGRAMBYRÅ/Kari Holm",
         "Skiers queue at the lift in Ålvik.", "Kari Holm", "Norsk Telegrambyrå", ""},
        {"The trawler returns at dawn. Paul J. Okafor/AAP", "The trawler returns at dawn.",
         "Paul J. Okafor", "AAP", ""},
        // A name after a label that is no agency's stays the credit line as written.
        {"Grain wagons wait at a siding. Photo: The Steppe Herald",
         "Grain wagons wait at a siding.", "", "", "The Steppe Herald"},
    };
    for (const SplitCase& c : cases) {
        std::string caption = c.caption;
        const Credit credit = galley::detail::split_caption_credit(caption);
        EXPECT_EQ(caption, c.rest) << c.caption;
        EXPECT_EQ(credit.creator, c.creator) << c.caption;
        EXPECT_EQ(credit.source, c.source) << c.caption;
        EXPECT_EQ(credit.line, c.line) << c.caption;
        EXPECT_TRUE(credit.notes.empty()) << c.caption;
    }
}

TEST(CaptionCreditForms, PrintedInTheOneCreditForm) {
    std::string caption = flood_sentence + " THE CANADIAN PRESS/Marta Kowalczyk";
    EXPECT_EQ(galley::detail::split_caption_credit(caption).display(),
              "Marta Kowalczyk / The Canadian Press");
    Credit line_wins;
    line_wins.creator = "Marta Kowalczyk";
    line_wins.line = "Marta Kowalczyk/CP";
    line_wins.source = "The Canadian Press";
    EXPECT_EQ(line_wins.display(), "Marta Kowalczyk/CP");
    Credit creator_only;
    creator_only.creator = "Marta Kowalczyk";
    EXPECT_EQ(creator_only.display(), "Marta Kowalczyk");
    Credit source_only;
    source_only.source = "Reuters";
    EXPECT_EQ(source_only.display(), "Reuters");
    source_only.creator = "Reuters";
    EXPECT_EQ(source_only.display(), "Reuters");
}

TEST(CaptionCreditForms, SentencesEndingInCapitalisedWordsStay) {
    for (const std::string text :
         {"The ferry leaves for Victoria.", "Crowds gather outside the Canadian Press Gallery",
          "Visitors tour the AC/DC exhibition in Sydney.", "Fans cheer the band AC/DC",
          "Delegates arrive for the EU/NATO meeting in Brussels",
          "The mayor met THE HERALD/Tribune", "Ships dock at Pier 4. Berths 2/3",
          "Shops report no sales on Sunday.", "A banner reads NO SALES TODAY at the market",
          "The Steppe Herald. Photo finish", "Shot at f/2.8 (Canon/EF)",
          "Reporters wait (Reuters staff among them)",
          "The minister's statement was read out (Reuters)", "Police released this HANDOUT"}) {
        std::string caption = text;
        const Credit credit = galley::detail::split_caption_credit(caption);
        EXPECT_TRUE(credit.empty()) << text << " → " << credit.display();
        EXPECT_EQ(caption, text);
    }
}

TEST(CaptionCreditForms, NotesToEditorsLeaveTheCaption) {
    struct NoteCase {
        std::string caption, rest;
        std::vector<std::string> notes;
        std::string display;
    };
    const NoteCase cases[] = {
        {"Rescuers search the rubble in Doralia. *MANDATORY CREDIT*",
         "Rescuers search the rubble in Doralia.",
         {"MANDATORY CREDIT"},
         ""},
        {"*MANDATORY CREDIT* Rescuers search the rubble in Doralia.",
         "Rescuers search the rubble in Doralia.",
         {"MANDATORY CREDIT"},
         ""},
        {flood_sentence + " THE CANADIAN PRESS/Marta Kowalczyk *MANDATORY CREDIT*",
         flood_sentence,
         {"MANDATORY CREDIT"},
         "Marta Kowalczyk / The Canadian Press"},
        {"Ferries wait out the storm. (AP Photo/Jane Doe) NO SALES, NO ARCHIVES",
         "Ferries wait out the storm.",
         {"NO SALES", "NO ARCHIVES"},
         "Jane Doe / AP"},
        {"Ferries wait out the storm. NO SALES. (AP Photo/Jane Doe)",
         "Ferries wait out the storm.",
         {"NO SALES"},
         "Jane Doe / AP"},
        {"The new ward opens. HANDOUT PHOTO; ONE TIME USE ONLY",
         "The new ward opens.",
         {"HANDOUT PHOTO", "ONE TIME USE ONLY"},
         ""},
    };
    for (const NoteCase& c : cases) {
        std::string caption = c.caption;
        const Credit credit = galley::detail::split_caption_credit(caption);
        EXPECT_EQ(caption, c.rest) << c.caption;
        EXPECT_EQ(credit.notes, c.notes) << c.caption;
        EXPECT_EQ(credit.display(), c.display) << c.caption;
    }
}

TEST(CaptionCreditForms, FromMarkdownAndNitf) {
    galley::ReadResult md = galley::read_article(
        "# Flood\n\nThe river rose.\n\n![" + flood_sentence +
            " THE CANADIAN PRESS/Marta Kowalczyk *MANDATORY CREDIT*](flood.jpg)\n",
        "story.md");
    const Figure& figure = first_figure(md.article);
    EXPECT_EQ(galley::plain_text(figure.caption), flood_sentence);
    EXPECT_EQ(figure.credit.creator, "Marta Kowalczyk");
    EXPECT_EQ(figure.credit.source, "The Canadian Press");
    EXPECT_EQ(figure.credit.notes, std::vector<std::string>{"MANDATORY CREDIT"});

    // A title credit that repeats the caption's: the caption loses it (printed once).
    galley::ReadResult repeated = galley::read_article(
        "# Ferries\n\n![Ferries wait out the storm. (Jane Doe/AP)](f.jpg \"Jane Doe/AP\")\n",
        "story.md");
    EXPECT_EQ(galley::plain_text(first_figure(repeated.article).caption),
              "Ferries wait out the storm.");
    EXPECT_EQ(first_figure(repeated.article).credit.line, "Jane Doe/AP");

    galley::ReadResult nitf = galley::read_article(
        "<nitf><head><title>Ferries</title></head><body><body.head><hedline><hl1>Ferries</hl1>"
        "</hedline></body.head><body.content><p>Text.</p><media media-type=\"image\">"
        "<media-reference source=\"f.jpg\" mime-type=\"image/jpeg\"/><media-caption>Ferries "
        "wait out the storm at Port Elwin. (Tomás Ferreira/AFP)</media-caption></media>"
        "</body.content></body></nitf>",
        "story.xml");
    const Figure& nitf_figure = first_figure(nitf.article);
    EXPECT_EQ(galley::plain_text(nitf_figure.caption), "Ferries wait out the storm at Port Elwin.");
    EXPECT_EQ(nitf_figure.credit.display(), "Tomás Ferreira / AFP");
}

TEST(CaptionCreditForms, MarkdownCreditObjectCarriesTitleAndUsage) {
    galley::ReadResult r = galley::read_article(
        "---\ntitle: Ward\nimage:\n  src: ward.jpg\n  caption: The new ward opens.\n  credit:\n"
        "    creator: Ines Duarte\n    title: Staff photographer\n    source: Harbour Wire\n"
        "    instructions: HANDOUT PHOTO; ONE TIME USE ONLY\n    usage_terms: NotForResale\n"
        "---\nText.\n",
        "ward.md");
    const Credit& credit = first_figure(r.article).credit;
    EXPECT_EQ(credit.creator_title, "Staff photographer");
    EXPECT_EQ(credit.instructions, "HANDOUT PHOTO; ONE TIME USE ONLY");
    EXPECT_EQ(credit.usage_terms, "NotForResale");
    EXPECT_EQ(credit.display(), "Ines Duarte / Harbour Wire");
}

TEST(CaptionCreditForms, JsonModelKeepsTheNewFields) {
    galley::Article article;
    article.meta.headline = "Ward";
    Figure figure;
    figure.caption = galley::text_inlines("The new ward opens.");
    figure.credit.creator = "Ines Duarte";
    figure.credit.creator_title = "Staff photographer";
    figure.credit.notes = {"MANDATORY CREDIT", "NO SALES"};
    figure.credit.instructions = "HANDOUT PHOTO; ONE TIME USE ONLY";
    figure.credit.usage_terms = "NotForResale";
    article.blocks.push_back(figure);
    const std::string json = galley::to_json(article);
    for (const char* key : {"\"creator_title\": \"Staff photographer\"", "\"notes\": [",
                            "\"instructions\": \"HANDOUT PHOTO; ONE TIME USE ONLY\"",
                            "\"usage_terms\": \"NotForResale\""})
        EXPECT_TRUE(contains(json, key)) << key << "\n" << json;
    const galley::Article back = galley::article_from_json(json);
    EXPECT_EQ(back, article);
    EXPECT_EQ(first_figure(back).credit, figure.credit);
    // Each field counts for empty().
    for (auto set : std::vector<void (*)(Credit&)>{
             [](Credit& c) { c.creator_title = "x"; }, [](Credit& c) { c.notes = {"x"}; },
             [](Credit& c) { c.instructions = "x"; }, [](Credit& c) { c.usage_terms = "x"; }}) {
        Credit c;
        set(c);
        EXPECT_FALSE(c.empty());
    }
}

// ---------------------------------------------------------------------------------------------
// IPTC and XMP

TEST(PhotoMetadataCredit, BylineTitleInstructionsUsageTermsAndSupplier) {
    TempDir dir;
    const fs::path photo = dir / "ward.jpg";
    make_photo(photo, {"set Iptc.Envelope.CharacterSet String \x1B%G",
                       "set Iptc.Application2.Caption String The new ward opens in Kestrel Bay.",
                       "set Iptc.Application2.Byline String Ines Duarte",
                       "set Iptc.Application2.BylineTitle String Staff photographer",
                       "set Iptc.Application2.SpecialInstructions String HANDOUT PHOTO; ONE TIME "
                       "USE ONLY; NO ARCHIVES",
                       "set Xmp.photoshop.Instructions MANDATORY CREDIT",
                       "set Xmp.xmpRights.UsageTerms lang=x-default NotForResale",
                       "set Xmp.plus.ImageSupplier XmpText type=Seq",
                       "set Xmp.plus.ImageSupplier[1]/plus:ImageSupplierName Kestrel Health"});
    galley::Warnings warnings;
    const galley::ImageMetadata m =
        galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(m.caption, "The new ward opens in Kestrel Bay.");
    EXPECT_EQ(m.creator, "Ines Duarte");
    EXPECT_EQ(m.creator_title, "Staff photographer");
    // Both instructions are kept: usage notes are never dropped for disagreeing.
    EXPECT_EQ(m.instructions, "HANDOUT PHOTO; ONE TIME USE ONLY; NO ARCHIVES; MANDATORY CREDIT");
    EXPECT_EQ(m.usage_terms, "NotForResale");
    EXPECT_EQ(m.supplier, "Kestrel Health");
    EXPECT_EQ(m.source, "Kestrel Health"); // no IPTC Source: the supplier stands in
    EXPECT_TRUE(warnings.empty()) << all_warnings(warnings);
    EXPECT_EQ(galley::usage_restrictions(m.figure_credit()),
              (std::vector<UsageRestriction>{
                  UsageRestriction::one_time_use, UsageRestriction::no_archives,
                  UsageRestriction::not_for_resale, UsageRestriction::handout,
                  UsageRestriction::mandatory_credit}));

    // XMP only: photoshop:AuthorsPosition gives the title.
    const fs::path xmp = dir / "xmp.jpg";
    make_photo(xmp, {"set Xmp.photoshop.AuthorsPosition Picture editor",
                     "set Xmp.photoshop.Instructions ONE-TIME USE"});
    const galley::ImageMetadata x =
        galley::read_image_metadata(test::read_file(xmp), xmp.string(), warnings);
    EXPECT_EQ(x.creator_title, "Picture editor");
    EXPECT_EQ(x.instructions, "ONE-TIME USE");
}

TEST(PhotoMetadataCredit, CaptionEndingInACreditIsSplit) {
    TempDir dir;
    const fs::path photo = dir / "flood.jpg";
    make_photo(photo, {"set Iptc.Application2.Caption String " + flood_sentence +
                           " THE CANADIAN PRESS/Marta Kowalczyk *MANDATORY CREDIT*",
                       "set Iptc.Application2.Credit String THE CANADIAN PRESS",
                       "set Iptc.Application2.Copyright String (c) 2020 The Canadian Press"});
    galley::Warnings warnings;
    const galley::ImageMetadata m =
        galley::read_image_metadata(test::read_file(photo), photo.string(), warnings);
    EXPECT_EQ(m.caption, flood_sentence);
    EXPECT_EQ(m.caption_credit.creator, "Marta Kowalczyk");
    EXPECT_EQ(m.caption_credit.source, "The Canadian Press");
    const Credit credit = m.figure_credit();
    // The caption's credit stands before the Credit field; the copyright always comes.
    EXPECT_EQ(credit.line, "");
    EXPECT_EQ(credit.display(), "Marta Kowalczyk / The Canadian Press");
    EXPECT_EQ(credit.copyright, "(c) 2020 The Canadian Press");
    EXPECT_EQ(credit.notes, std::vector<std::string>{"MANDATORY CREDIT"});
}

// A story folder: photo.jpg with the given metadata and a Markdown article showing it with
// no caption or credit of its own.
struct PhotoStory {
    TempDir dir;
    galley::Article article;

    explicit PhotoStory(const std::vector<std::string>& metadata,
                        const std::string& own_caption = "") {
        make_photo(dir / "story/photo.jpg", metadata);
        const std::string md = "---\ntitle: Flood in Millbrook\nlang: en\n---\n\n"
                               "The river rose overnight.\n\n![" +
                               own_caption + "](photo.jpg)\n\nThe water fell by noon.\n";
        test::write_file(dir / "story/story.md", md);
        article = galley::read_article_file((dir / "story/story.md").string()).article;
        std::get<Figure>(article.blocks[1].node).alt = "Sandbags on a flooded road";
    }
    fs::path path(const std::string& name) const { return dir / "story" / name; }
    Figure& figure() { return std::get<Figure>(article.blocks[1].node); }
};

TEST(PhotoMetadataCredit, BylineTitleCreditSourceAndCopyrightFillTheCredit) {
    PhotoStory story({"set Iptc.Application2.Caption String Sandbags line Riverside Road.",
                      "set Iptc.Application2.Byline String Marta Kowalczyk",
                      "set Iptc.Application2.BylineTitle String Staff photographer",
                      "set Iptc.Application2.Credit String Marta Kowalczyk/Millbrook Times",
                      "set Iptc.Application2.Source String Millbrook Times",
                      "set Iptc.Application2.Copyright String (c) 2026 Millbrook Times"});
    galley::Warnings warnings;
    galley::fill_figures_from_image_metadata(story.article, warnings);
    const Figure& f = story.figure();
    EXPECT_EQ(galley::plain_text(f.caption), "Sandbags line Riverside Road.");
    EXPECT_EQ(f.credit.creator, "Marta Kowalczyk");
    EXPECT_EQ(f.credit.creator_title, "Staff photographer");
    EXPECT_EQ(f.credit.line, "Marta Kowalczyk/Millbrook Times");
    EXPECT_EQ(f.credit.source, "Millbrook Times");
    EXPECT_EQ(f.credit.copyright, "(c) 2026 Millbrook Times");

    // A caption that ends in a credit gives the credit; By-line and Credit do not mix in.
    PhotoStory split({"set Iptc.Application2.Caption String " + flood_sentence +
                          " THE CANADIAN PRESS/Marta Kowalczyk",
                      "set Iptc.Application2.Byline String Someone Else",
                      "set Iptc.Application2.BylineTitle String Stringer",
                      "set Iptc.Application2.Credit String Millbrook Times"});
    galley::fill_figures_from_image_metadata(split.article, warnings);
    EXPECT_EQ(galley::plain_text(split.figure().caption), flood_sentence);
    EXPECT_EQ(split.figure().credit.creator, "Marta Kowalczyk");
    EXPECT_EQ(split.figure().credit.creator_title, ""); // Someone Else's title
    EXPECT_EQ(split.figure().credit.line, "");
    EXPECT_EQ(split.figure().credit.display(), "Marta Kowalczyk / The Canadian Press");
}

TEST(PhotoMetadataCredit, SpecialInstructionsReachTheModelWhateverTheArticleSays) {
    PhotoStory story({"set Iptc.Application2.SpecialInstructions String HANDOUT PHOTO; ONE "
                      "TIME USE ONLY",
                      "set Xmp.xmpRights.UsageTerms lang=x-default Not for resale"},
                     "The ward opens. Photo: Ines Duarte");
    // The article names its own credit and instructions; the photo's add up.
    story.figure().credit.instructions = "MANDATORY CREDIT";
    galley::Warnings warnings;
    galley::fill_figures_from_image_metadata(story.article, warnings);
    const Credit& c = story.figure().credit;
    EXPECT_EQ(c.line, "Ines Duarte");
    EXPECT_EQ(c.instructions, "MANDATORY CREDIT; HANDOUT PHOTO; ONE TIME USE ONLY");
    EXPECT_EQ(c.usage_terms, "Not for resale");
    const std::string json = galley::to_json(story.article);
    EXPECT_TRUE(contains(json, "\"usage_terms\": \"Not for resale\"")) << json;
}

TEST(PhotoMetadataCredit, InspectShowsWhatThePhotoSaysWithPhotoMetadata) {
    PhotoStory story({"set Iptc.Application2.SpecialInstructions String ONE TIME USE ONLY",
                      "set Iptc.Application2.Caption String Sandbags line Riverside Road. "
                      "NO ARCHIVES"});
    const std::string file = story.path("story.md").string();
    auto r = test::run_command({test::cli().string(), "inspect", file});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(contains(r.out, "ONE TIME USE ONLY")) << r.out; // the article as written
    r = test::run_command({test::cli().string(), "inspect", file, "--photo-metadata"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "\"instructions\": \"ONE TIME USE ONLY\"")) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\"notes\": \\[\\s*\"NO ARCHIVES\""))) << r.out;
    EXPECT_TRUE(contains(r.out, "\"Sandbags line Riverside Road.\"")) << r.out;
}

// ---------------------------------------------------------------------------------------------
// Printed once, in the credit form

const std::vector<std::string> agency_caption_photo = {
    "set Iptc.Application2.Caption String Volunteers stack sandbags on Riverside Road. THE "
    "CANADIAN PRESS/Marta Kowalczyk *MANDATORY CREDIT*",
    "set Iptc.Application2.Byline String Marta Kowalczyk"};

void expect_credit_once(const std::string& text) {
    EXPECT_TRUE(contains(text, "Marta Kowalczyk / The Canadian Press")) << text;
    EXPECT_EQ(count(text, "Kowalczyk"), 1u) << text;
    EXPECT_FALSE(contains(text, "CANADIAN PRESS/")) << text;
    EXPECT_FALSE(contains(text, "MANDATORY")) << text;
    EXPECT_TRUE(contains(text, "Volunteers stack sandbags on Riverside Road.")) << text;
}

TEST(CreditPrintedOnce, Pdf) {
    PhotoStory story(agency_caption_photo);
    galley::FileSink sink(story.path("story.pdf"));
    galley::write_pdf(story.article, {}, sink);
    expect_credit_once(pdf_text(story.path("story.pdf")));
}

TEST(CreditPrintedOnce, Print) {
    PhotoStory story(agency_caption_photo);
    galley::FileSink sink(story.path("story-print.pdf"));
    galley::write_print(story.article, {}, sink);
    expect_credit_once(pdf_text(story.path("story-print.pdf")));
}

TEST(CreditPrintedOnce, Epub) {
    PhotoStory story(agency_caption_photo);
    galley::FileSink sink(story.path("story.epub"));
    galley::write_epub(story.article, {}, sink);
    const std::string xhtml = epub_entry(story.path("story.epub"), "OEBPS/article.xhtml");
    EXPECT_TRUE(contains(xhtml, "<small class=\"credit\">Marta Kowalczyk / The Canadian "
                                "Press</small>"))
        << xhtml;
    expect_credit_once(xhtml);
}

TEST(CreditPrintedOnce, ArticleCaptionRepeatingItsCredit) {
    // NITF with a producer line and a caption ending in the same credit.
    TempDir dir;
    make_photo(dir / "f.jpg");
    test::write_file(dir / "f.xml",
                     "<nitf><head><title>Ferries</title></head><body><body.head><hedline>"
                     "<hl1>Ferries</hl1></hedline></body.head><body.content><p>Text.</p>"
                     "<media media-type=\"image\"><media-reference source=\"f.jpg\" "
                     "mime-type=\"image/jpeg\" alternate-text=\"Ferries\"/><media-caption>"
                     "Ferries wait out the storm. (AP Photo/Jane Doe)</media-caption>"
                     "<media-producer>AP Photo/Jane Doe</media-producer></media>"
                     "</body.content></body></nitf>");
    const galley::Article article = galley::read_article_file((dir / "f.xml").string()).article;
    galley::FileSink sink(dir / "f.pdf");
    galley::write_pdf(article, {}, sink);
    const std::string text = pdf_text(dir / "f.pdf");
    EXPECT_EQ(count(text, "Jane Doe"), 1u) << text;
    EXPECT_TRUE(contains(text, "Ferries wait out the storm.")) << text;
}

// ---------------------------------------------------------------------------------------------
// Usage restrictions

TEST(UsageRestrictions, Classified) {
    using R = UsageRestriction;
    EXPECT_EQ(galley::usage_restrictions("HANDOUT PHOTO; ONE TIME USE ONLY; NO ARCHIVES"),
              (std::vector<R>{R::one_time_use, R::no_archives, R::handout}));
    EXPECT_EQ(galley::usage_restrictions("NotForResale"), std::vector<R>{R::not_for_resale});
    EXPECT_EQ(galley::usage_restrictions("one-time use, no archiving"),
              (std::vector<R>{R::one_time_use, R::no_archives}));
    EXPECT_EQ(galley::usage_restrictions("*MANDATORY CREDIT* NO SALES"),
              (std::vector<R>{R::not_for_resale, R::mandatory_credit}));
    for (const char* harmless : {"Editorial use only", "NO SALESMEN", "Archive photo",
                                 "Resale prices rose", "Time to use the bridge", ""})
        EXPECT_TRUE(galley::usage_restrictions(harmless).empty()) << harmless;
    EXPECT_TRUE(galley::restricts_redistribution(R::one_time_use));
    EXPECT_TRUE(galley::restricts_redistribution(R::no_archives));
    EXPECT_TRUE(galley::restricts_redistribution(R::not_for_resale));
    EXPECT_FALSE(galley::restricts_redistribution(R::handout));
    EXPECT_FALSE(galley::restricts_redistribution(R::mandatory_credit));

    Credit credit;
    credit.notes = {"MANDATORY CREDIT"};
    EXPECT_EQ(galley::describe_usage_restrictions(credit), "");
    EXPECT_EQ(galley::describe_usage_restrictions(credit, true),
              "mandatory credit (\"MANDATORY CREDIT\")");
    credit.instructions = "HANDOUT PHOTO; ONE TIME USE ONLY";
    EXPECT_EQ(galley::describe_usage_restrictions(credit),
              "one-time use only (\"MANDATORY CREDIT; HANDOUT PHOTO; ONE TIME USE ONLY\")");
}

TEST(UsageRestrictions, EpubWarnsForEachRestrictedPhoto) {
    PhotoStory story({"set Iptc.Application2.SpecialInstructions String ONE TIME USE ONLY",
                      "set Iptc.Application2.Byline String Ines Duarte"});
    galley::MemorySink sink;
    const galley::EpubResult result = galley::write_epub(story.article, {}, sink);
    const std::string warnings = all_warnings(result.warnings);
    EXPECT_EQ(count(warnings, "is marked"), 1u) << warnings;
    EXPECT_TRUE(contains(warnings, story.path("story.md").string() +
                                       ": warning: image 'photo.jpg' is marked one-time use "
                                       "only (\"ONE TIME USE ONLY\"); an EPUB is an archival "
                                       "format"))
        << warnings;

    // A handout with a mandatory credit may be kept: no warning.
    PhotoStory handout({"set Iptc.Application2.SpecialInstructions String HANDOUT; MANDATORY "
                        "CREDIT",
                        "set Iptc.Application2.Byline String Ines Duarte"});
    galley::MemorySink handout_sink;
    const std::string none =
        all_warnings(galley::write_epub(handout.article, {}, handout_sink).warnings);
    EXPECT_FALSE(contains(none, "is marked")) << none;

    // Through the CLI, the JSON report carries it.
    const auto r =
        test::run_command({test::cli().string(), "convert", story.path("story.md").string(), "--to",
                           "epub,pdf", "-o", (story.dir / "out").string(), "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "image 'photo.jpg' is marked one-time use only")) << r.out;
    EXPECT_EQ(count(r.out, "is marked"), 1u) << r.out; // the EPUB's; the PDF does not warn
}

// ---------------------------------------------------------------------------------------------
// The press kit refuses restricted photos

struct Kit {
    TempDir dir;
    fs::path root() const { return dir / "kit-source"; }

    // One release showing photos/handout.jpg, which carries `instructions` (none: no IPTC
    // Special Instructions), and the manifest listing it with `terms`.
    Kit(const std::string& instructions, const std::string& terms = "Editorial use only.") {
        std::vector<std::string> metadata = {
            "set Iptc.Application2.Caption String Surgeons open the new ward in Kestrel Bay.",
            "set Iptc.Application2.Byline String Ines Duarte"};
        if (!instructions.empty())
            metadata.push_back("set Iptc.Application2.SpecialInstructions String " + instructions);
        make_photo(root() / "photos/handout.jpg", metadata);
        test::write_file(root() / "releases/ward.md",
                         "---\ntitle: Kestrel Bay opens its new ward\ndate: 2026-03-20\nlang: en\n"
                         "---\n\nThe hospital opened its new ward on Friday.\n\n"
                         "![](../photos/handout.jpg)\n\nIt has forty beds.\n");
        test::write_file(root() / "press-kit.yaml",
                         "organisation:\n  name: Kestrel Bay Health\n"
                         "releases:\n  - releases/ward.md\n"
                         "photos:\n  - file: photos/handout.jpg\n    terms: " +
                             terms + "\n");
    }
    test::CommandResult build(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> argv{test::cli().string(), "presskit",
                                      (root() / "press-kit.yaml").string(), "-o",
                                      (dir / "kit.zip").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return test::run_command(argv);
    }
    bool written() const { return fs::exists(dir / "kit.zip"); }
};

TEST(PresskitRestricted, OneTimeUsePhotoIsRefusedUnlessAllowed) {
    Kit kit("HANDOUT PHOTO; ONE TIME USE ONLY");
    auto r = kit.build();
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(std::regex_search(
        r.err, std::regex("press-kit\\.yaml:[0-9]+:[0-9]+: photo photos/handout\\.jpg is marked "
                          "one-time use only \\(\"HANDOUT PHOTO; ONE TIME USE ONLY\"\\)")))
        << r.err;
    EXPECT_TRUE(contains(r.err, "--allow-restricted")) << r.err;
    EXPECT_FALSE(kit.written());

    r = kit.build({"--allow-restricted"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(kit.written());
    EXPECT_TRUE(std::regex_search(
        r.err, std::regex("warning: photo photos/handout\\.jpg is marked one-time use only .* "
                          "\\(allowed by --allow-restricted\\)")))
        << r.err;
}

TEST(PresskitRestricted, NoArchivesAndNotForResaleToo) {
    for (const char* instructions : {"NO ARCHIVES", "NOT FOR RESALE", "NotForResale"}) {
        Kit kit(instructions);
        const auto r = kit.build();
        EXPECT_EQ(r.status, 1) << instructions << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "photo photos/handout.jpg is marked")) << r.err;
        EXPECT_FALSE(kit.written()) << instructions;
    }
}

TEST(PresskitRestricted, HandoutsMandatoryCreditsAndTheKitsOwnTermsPass) {
    // A handout with a mandatory credit may be passed on; the manifest's terms are the kit's
    // own conditions, not the photo's restrictions.
    Kit kit("HANDOUT; MANDATORY CREDIT", "Free for editorial use; no archiving, no resale.");
    const auto r = kit.build();
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(kit.written());
    EXPECT_FALSE(contains(r.err, "is marked")) << r.err;
}

TEST(PresskitRestricted, ReleaseImagesThatAreNotKitPhotosCountToo) {
    Kit kit("");
    // A second photo, only in the release, restricted in its caption's notes.
    make_photo(kit.root() / "releases/ward-2.jpg",
               {"set Iptc.Application2.Caption String Nurses test the beds. NO ARCHIVES",
                "set Iptc.Application2.Byline String Ines Duarte"});
    const std::string release = test::read_file(kit.root() / "releases/ward.md");
    test::write_file(kit.root() / "releases/ward.md", release + "\n![](ward-2.jpg)\n");
    const auto r = kit.build();
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "photo releases/ward.md: image 'ward-2.jpg' is marked no "
                                "archives (\"NO ARCHIVES\")"))
        << r.err;
    EXPECT_FALSE(kit.written());
}

} // namespace
