// The edition manifest reader: every key, and every way a manifest is refused, with the line
// and column the message points at.
#include "galley/edition.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

using namespace galley;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

EditionManifest parse(const std::string& yaml) {
    return parse_edition_manifest(yaml, "e.yaml", "/paper");
}

Error parse_error(const std::string& yaml) {
    try {
        parse(yaml);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for:\n" << yaml;
    return Error(ErrorCode::internal, "", "none");
}

// The two lines most cases start with; their own lines count from 3.
const std::string head = "title: T\ndate: 2026-12-07\n";

struct Case {
    std::string yaml;
    int line, column;
    std::string says;
};

// Each case must be refused as ErrorCode::invalid at its line and column, saying `says`.
void expect_invalid(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        const Error e = parse_error(c.yaml);
        EXPECT_EQ(e.code(), ErrorCode::invalid) << c.yaml << e.what();
        EXPECT_EQ(e.file(), "e.yaml");
        EXPECT_EQ(e.position().line, c.line) << c.yaml << e.what();
        EXPECT_EQ(e.position().column, c.column) << c.yaml << e.what();
        EXPECT_TRUE(contains(e.message(), c.says)) << "wanted '" << c.says << "' in " << e.what();
    }
}

constexpr double mm = 72 / 25.4;

} // namespace

TEST(EditionManifest, ReadsEveryKey) {
    const EditionManifest m = parse("title: The Steppe Courier\n"          // 1
                                    "date: 2026-12-07\n"                   // 2
                                    "language: kk_Cyrl\n"                  // 3
                                    "style: broadsheet\n"                  // 4
                                    "pages:\n"                             // 5
                                    "  - section: Front Page\n"            // 6
                                    "    nameplate: true\n"                // 7
                                    "    stories:\n"                       // 8
                                    "      - file: stories/rail-link.md\n" // 9
                                    "        jump: 2\n"                    // 10
                                    "      - stories/market.txt\n"         // 11
                                    "      - file: briefs/\n"              // 12
                                    "        as: briefs\n"                 // 13
                                    "    ads:\n"                           // 14
                                    "      - {file: ads/bank.pdf, columns: 2, height: 80mm, "
                                    "at: bottom-right}\n"                  // 15
                                    "  - section: Sport\n"                 // 16
                                    "    stories:\n"                       // 17
                                    "      - file: stories/regatta.xml\n"  // 18
                                    "        jump: 1\n"                    // 19
                                    "    ads:\n"                           // 20
                                    "      - {file: a.png, height: 3in}\n" // 21
                                    "      - {file: b.png, height: 2cm, at: bottom, columns: 6}\n"
                                    "      - {file: c.png, height: 200pt, at: top-left}\n"  // 23
                                    "      - {file: d.png, height: 300PX, at: top-right}\n" // 24
                                    "      - {file: e.png, height: 12.5 mm, at: bottom-left}\n");
    EXPECT_EQ(m.file, "e.yaml");
    EXPECT_EQ(m.base_dir, fs::path("/paper"));
    EXPECT_EQ(m.title, "The Steppe Courier");
    EXPECT_EQ(m.date, "2026-12-07");
    EXPECT_EQ(m.language, "kk-Cyrl"); // '_' taken as '-'
    EXPECT_EQ(m.style, "broadsheet");
    EXPECT_EQ(m.style_at.line, 4);
    EXPECT_EQ(m.style_at.column, 8);
    ASSERT_EQ(m.pages.size(), 2u);

    const EditionPage& front = m.pages[0];
    EXPECT_EQ(front.section, "Front Page");
    EXPECT_TRUE(front.nameplate);
    EXPECT_EQ(front.at.line, 6);
    EXPECT_EQ(front.at.column, 5);
    ASSERT_EQ(front.stories.size(), 3u);
    EXPECT_EQ(front.stories[0].file, "stories/rail-link.md");
    EXPECT_EQ(front.stories[0].jump, 2);
    EXPECT_FALSE(front.stories[0].briefs);
    EXPECT_EQ(front.stories[0].at.line, 9);
    EXPECT_EQ(front.stories[0].at.column, 9);
    EXPECT_EQ(front.stories[1].file, "stories/market.txt"); // a plain string is the file
    EXPECT_FALSE(front.stories[1].jump);
    EXPECT_EQ(front.stories[1].at.line, 11);
    EXPECT_EQ(front.stories[1].at.column, 9);
    EXPECT_EQ(front.stories[2].file, "briefs/");
    EXPECT_TRUE(front.stories[2].briefs);
    EXPECT_EQ(front.stories[2].at.line, 12);
    ASSERT_EQ(front.ads.size(), 1u);
    EXPECT_EQ(front.ads[0].file, "ads/bank.pdf");
    EXPECT_EQ(front.ads[0].columns, 2);
    EXPECT_NEAR(front.ads[0].height, 80 * mm, 1e-9);
    EXPECT_EQ(front.ads[0].at, AdPlacement::bottom_right);
    EXPECT_EQ(front.ads[0].position.line, 15);
    EXPECT_EQ(front.ads[0].position.column, 9);

    const EditionPage& sport = m.pages[1];
    EXPECT_EQ(sport.section, "Sport");
    EXPECT_FALSE(sport.nameplate);
    EXPECT_EQ(sport.at.line, 16);
    ASSERT_EQ(sport.stories.size(), 1u);
    EXPECT_EQ(sport.stories[0].jump, 1);
    ASSERT_EQ(sport.ads.size(), 5u);
    EXPECT_EQ(sport.ads[0].columns, 1); // the defaults
    EXPECT_EQ(sport.ads[0].at, AdPlacement::bottom_right);
    EXPECT_NEAR(sport.ads[0].height, 216, 1e-9);
    EXPECT_NEAR(sport.ads[1].height, 20 * mm, 1e-9);
    EXPECT_EQ(sport.ads[1].at, AdPlacement::bottom);
    EXPECT_EQ(sport.ads[1].columns, 6); // kept as written, though `bottom` is full width
    EXPECT_NEAR(sport.ads[2].height, 200, 1e-9);
    EXPECT_EQ(sport.ads[2].at, AdPlacement::top_left);
    EXPECT_NEAR(sport.ads[3].height, 225, 1e-9);
    EXPECT_EQ(sport.ads[3].at, AdPlacement::top_right);
    EXPECT_NEAR(sport.ads[4].height, 12.5 * mm, 1e-9);
    EXPECT_EQ(sport.ads[4].at, AdPlacement::bottom_left);
    EXPECT_EQ(sport.ads[4].position.line, 25);
}

TEST(EditionManifest, OptionalKeysHaveDefaults) {
    const EditionManifest m =
        parse(head + "pages:\n  - section: A\n    stories: [a.md]\n"
                     "  - {section: Ads, ads: [{file: x.pdf, height: 1in}]}\n");
    EXPECT_EQ(m.language, "en");
    EXPECT_TRUE(m.style.empty());
    ASSERT_EQ(m.pages.size(), 2u);
    EXPECT_TRUE(m.pages[1].stories.empty()); // a page of ads only
    // Anchors and aliases work for ordinary reuse.
    const EditionManifest a =
        parse(head + "pages:\n"
                     "  - {section: A, ads: [&ad {file: x.pdf, height: 1in}]}\n"
                     "  - {section: B, ads: [*ad]}\n");
    ASSERT_EQ(a.pages[1].ads.size(), 1u);
    EXPECT_EQ(a.pages[1].ads[0].file, "x.pdf");
}

TEST(EditionManifest, UnknownKeysAreErrorsWithLineAndColumn) {
    expect_invalid({
        {"title: T\ndate: 2026-12-07\nedition: 4\npages: [{section: A, stories: [a.md]}]\n", 3, 1,
         "unknown key 'edition' in the manifest (the keys are title, date, language, style, "
         "pages)"},
        {"title: T\ntitel: U\n", 2, 1,
         "unknown key 'titel' in the manifest (did you mean 'title'?)"},
        {head + "pages:\n  - section: A\n    colour: red\n    stories: [a.md]\n", 5, 5,
         "unknown key 'colour' in page 1"},
        {head + "pages:\n  - section: A\n    stories: [a.md]\n  - section: B\n    storys: [b.md]\n",
         7, 5, "unknown key 'storys' in page 2 (did you mean 'stories'?)"},
        {head + "pages:\n  - section: A\n    stories:\n      - file: a.md\n        jupm: 2\n", 7, 9,
         "unknown key 'jupm' in a story (did you mean 'jump'?)"},
        {head +
             "pages:\n  - section: A\n    ads:\n      - {file: x.pdf, height: 80mm, colour: red}\n",
         6, 37, "unknown key 'colour' in an ad"},
    });
    // The whole message, as the CLI prints it.
    const Error e = parse_error(head + "pages:\n  - section: A\n    colour: red\n");
    EXPECT_STREQ(e.what(), "e.yaml:5:5: unknown key 'colour' in page 1 (the keys are section, "
                           "nameplate, stories, ads)");
}

TEST(EditionManifest, KeysGivenTwiceAreErrors) {
    expect_invalid({
        {head + "title: U\npages: [{section: A, stories: [a.md]}]\n", 3, 1,
         "'title' is given twice in the manifest"},
        {head + "pages:\n  - {section: A, section: B, stories: [a.md]}\n", 4, 18,
         "'section' is given twice in page 1"},
    });
}

TEST(EditionManifest, MissingRequiredKeys) {
    expect_invalid({
        {"date: 2026-12-07\npages: [{section: A, stories: [a.md]}]\n", 1, 1, "needs 'title:'"},
        {"title:\ndate: 2026-12-07\npages: [{section: A, stories: [a.md]}]\n", 1, 1,
         "needs 'title:'"},
        {"title: T\npages: [{section: A, stories: [a.md]}]\n", 1, 1, "needs 'date:'"},
        {head, 1, 1, "needs 'pages:'"},
        {head + "pages: []\n", 3, 8, "'pages' has no pages"},
        {head + "pages:\n  - stories: [a.md]\n", 4, 5, "page 1 needs a 'section'"},
        {head + "pages:\n  - section: A\n", 4, 5, "page 1 ('A') has neither stories nor ads"},
        {head + "pages:\n  - section: A\n    stories:\n      - jump: 1\n", 6, 9,
         "a story needs a 'file'"},
        {head + "pages:\n  - section: A\n    stories: ['']\n", 5, 15, "a story needs a 'file'"},
        {head + "pages:\n  - section: A\n    ads:\n      - {height: 80mm}\n", 6, 9,
         "an ad needs a 'file'"},
        {head + "pages:\n  - section: A\n    ads:\n      - {file: x.pdf, columns: 2}\n", 6, 9,
         "an ad needs a 'height'"},
    });
}

TEST(EditionManifest, DatesMustBeRealDays) {
    const std::string pages = "pages: [{section: A, stories: [a.md]}]\n";
    expect_invalid({
        {"title: T\ndate: 2026-02-30\n" + pages, 2, 7, "date '2026-02-30' is not a date"},
        {"title: T\ndate: yesterday\n" + pages, 2, 7, "date 'yesterday' is not a date"},
        {"title: T\ndate: 2026-13-01\n" + pages, 2, 7, "is not a date"},
        {"title: T\ndate: 2026-12-7\n" + pages, 2, 7, "YYYY-MM-DD"},
        {"title: T\ndate: 2100-02-29\n" + pages, 2, 7, "is not a date"}, // not a leap year
        {"title: T\ndate: 2026-12-07T10:00\n" + pages, 2, 7, "is not a date"},
        {"title: T\ndate: [2026, 12, 7]\n" + pages, 2, 7, "'date' must be text, not a list"},
    });
    EXPECT_EQ(parse("title: T\ndate: 2024-02-29\n" + pages).date, "2024-02-29");
    EXPECT_EQ(parse("title: T\ndate: '2000-02-29'\n" + pages).date, "2000-02-29");
}

TEST(EditionManifest, JumpsMustNameAnotherPageThatExists) {
    const std::string pages = head + "pages:\n"             // 3
                                     "  - section: A\n"     // 4
                                     "    stories:\n"       // 5
                                     "      - file: a.md\n" // 6
                                     "        jump: JUMP\n" // 7
                                     "  - {section: B, stories: [b.md]}\n";
    const auto with = [&](const std::string& jump) {
        std::string yaml = pages;
        yaml.replace(yaml.find("JUMP"), 4, jump);
        return yaml;
    };
    expect_invalid({
        {with("0"), 7, 15, "'jump' there is no page 0 (the edition has 2 pages)"},
        {with("-1"), 7, 15, "there is no page -1"},
        {with("3"), 7, 15, "there is no page 3 (the edition has 2 pages)"},
        {with("1"), 7, 15, "'jump' page 1 is the story's own page"},
        {with("four"), 7, 15, "'jump' must be a page number, not 'four'"},
        {with("2.0"), 7, 15, "must be a page number"},
        {with("99999999999"), 7, 15, "must be a page number"},
        {with("[2]"), 7, 15, "'jump' must be text, not a list"},
    });
    EXPECT_EQ(parse(with("2")).pages[0].stories[0].jump, 2);
    // A jump on a later page to an earlier one, and the page count only known at the end.
    const EditionManifest m = parse(head + "pages:\n"
                                           "  - {section: A, stories: [{file: a.md, jump: 3}]}\n"
                                           "  - {section: B, stories: [{file: b.md, jump: 1}]}\n"
                                           "  - {section: C, stories: [c.md]}\n");
    EXPECT_EQ(m.pages[0].stories[0].jump, 3);
    EXPECT_EQ(m.pages[1].stories[0].jump, 1);
    // Own page on the second page.
    expect_invalid({{head + "pages:\n  - {section: A, stories: [a.md]}\n"
                            "  - {section: B, stories: [{file: b.md, jump: 2}]}\n",
                     5, 47, "page 2 is the story's own page"}});
}

TEST(EditionManifest, AdHeightsColumnsAndPlacements) {
    const auto ad = [](const std::string& fields) {
        return head + "pages:\n  - section: A\n    ads:\n      - {file: x.pdf, " + fields + "}\n";
    };
    // "      - {file: x.pdf, " is 22 characters: the first field's value starts at 31 for
    // "height: " and 32 for "columns: "; "at: " after "height: 1in, " at 40.
    expect_invalid({
        {ad("height: 80"), 6, 31, "'height' 80 needs a unit: mm, cm, in, pt or px"},
        {ad("height: -3mm"), 6, 31, "'height' must be more than 0, not '-3mm'"},
        {ad("height: 0mm"), 6, 31, "must be more than 0"},
        {ad("height: 80 furlongs"), 6, 31, "'furlongs' is not a unit galley knows"},
        {ad("height: mm"), 6, 31, "'height' must be a length such as 80mm"},
        {ad("height: 8..0mm"), 6, 31, "is not a unit galley knows"},
        {ad("height: [80mm]"), 6, 31, "'height' must be text, not a list"},
        {ad("columns: 0, height: 1in"), 6, 32,
         "'columns' must be a whole number of at least 1, not '0'"},
        {ad("columns: two, height: 1in"), 6, 32, "not 'two'"},
        {ad("columns: 1.5, height: 1in"), 6, 32, "not '1.5'"},
        {ad("height: 1in, at: middle"), 6, 40,
         "'at' must be bottom-right, bottom-left, top-right, top-left or bottom, not 'middle'"},
        {ad("height: 1in, at: Bottom-Right"), 6, 40, "not 'Bottom-Right'"},
    });
}

TEST(EditionManifest, OnlyBriefsMayBeAs) {
    expect_invalid({
        {head + "pages:\n  - section: A\n    stories:\n      - {file: b/, as: brief}\n", 6, 24,
         "'as' can only be 'briefs'"},
        {head + "pages:\n  - section: A\n    stories:\n      - {file: b/, as: }\n", 6, 24,
         "'as' can only be 'briefs'"},
    });
}

TEST(EditionManifest, WrongTypesAreErrorsWithLineAndColumn) {
    expect_invalid({
        {"- a\n- b\n", 1, 1, "the manifest is a list, not a mapping"},
        {"# only a comment\n", 0, 0, "the manifest is empty, not a mapping"},
        {"title: [The, Courier]\n", 1, 8, "'title' must be text, not a list"},
        {head + "language: English please\npages: [{section: A, stories: [a.md]}]\n", 3, 11,
         "language 'English please' is not a BCP 47 language tag"},
        {head + "style: {name: x}\n", 3, 8, "'style' must be text, not a mapping"},
        {head + "pages: {section: A}\n", 3, 8, "'pages' must be a list of pages, not a mapping"},
        {head + "pages: [Front Page]\n", 3, 9, "page 1 must be a mapping with section"},
        {head + "pages:\n  - section: [A]\n", 4, 14, "'section' must be text, not a list"},
        {head + "pages:\n  - section: A\n    nameplate: maybe\n    stories: [a.md]\n", 5, 16,
         "'nameplate' must be true or false, not 'maybe'"},
        {head + "pages:\n  - section: A\n    nameplate: [yes]\n", 5, 16,
         "'nameplate' must be true or false, not a list"},
        {head + "pages:\n  - section: A\n    stories: a.md\n", 5, 14,
         "'stories' must be a list of stories, not text"},
        {head + "pages:\n  - section: A\n    stories:\n      - [a.md]\n", 6, 9,
         "a story must be a file name or a mapping"},
        {head + "pages:\n  - section: A\n    stories:\n      - file: [a.md]\n", 6, 15,
         "'file' must be text, not a list"},
        {head + "pages:\n  - section: A\n    ads: x.pdf\n", 5, 10,
         "'ads' must be a list of advertisements, not text"},
        {head + "pages:\n  - section: A\n    ads: [x.pdf]\n", 5, 11,
         "an ad must be a mapping with file, columns, height and at"},
        {head + "? [a, b]\n: c\n", 3, 3, "a key in the manifest is a list, not text"},
    });
}

TEST(EditionManifest, SyntaxErrorsAndBadBytes) {
    Error e = parse_error(head + "pages: [{section: A\n");
    EXPECT_EQ(e.code(), ErrorCode::syntax) << e.what();
    EXPECT_GT(e.position().line, 0);
    EXPECT_TRUE(contains(e.message(), "not valid YAML")) << e.what();

    e = parse_error("title: \"Caf\xC3\x28\"\n");
    EXPECT_EQ(e.code(), ErrorCode::encoding) << e.what();
    EXPECT_EQ(e.position().line, 1);
    EXPECT_EQ(e.position().column, 12);

    e = parse_error("");
    EXPECT_EQ(e.code(), ErrorCode::empty_input);
    // A BOM is not text: line and column still count from the first character after it.
    const EditionManifest m =
        parse("\xEF\xBB\xBF" + head + "pages: [{section: A, stories: [a.md]}]\n");
    EXPECT_EQ(m.pages[0].at.line, 3);
    EXPECT_EQ(m.pages[0].at.column, 9);
}

TEST(EditionManifest, FilesOverTheSizeLimitAreRefused) {
    std::string huge = head + "pages: [{section: A, stories: [a.md]}]\n# ";
    huge += std::string(edition_manifest_max_bytes, 'x');
    Error e = parse_error(huge);
    EXPECT_EQ(e.code(), ErrorCode::limit);
    EXPECT_TRUE(contains(e.message(), "at most 1048576")) << e.what();

    test::TempDir dir;
    test::write_file(dir / "big.yaml", huge);
    try {
        read_edition_manifest(dir / "big.yaml");
        ADD_FAILURE() << "a manifest over the limit was read";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::limit);
        EXPECT_TRUE(contains(e.message(), "at most")) << e.what();
    }
    // At the limit exactly, a manifest is read.
    std::string full = head + "pages: [{section: A, stories: [a.md]}]\n#";
    full += std::string(edition_manifest_max_bytes - full.size() - 1, 'x') + "\n";
    ASSERT_EQ(full.size(), edition_manifest_max_bytes);
    test::write_file(dir / "full.yaml", full);
    EXPECT_EQ(read_edition_manifest(dir / "full.yaml").pages.size(), 1u);
}

TEST(EditionManifest, ReadsFilesRelativeToTheirFolder) {
    test::TempDir dir;
    test::write_file(dir / "e.yaml", head + "pages: [{section: A, stories: [a.md]}]\n");
    const EditionManifest m = read_edition_manifest(dir / "e.yaml");
    EXPECT_EQ(m.file, (dir / "e.yaml").string());
    EXPECT_EQ(m.base_dir, dir.path());
    for (const fs::path& bad : {dir / "missing.yaml", dir.path()}) {
        try {
            read_edition_manifest(bad);
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::io) << e.what();
            EXPECT_EQ(e.file(), bad.string());
        }
    }
    // Errors name the file as given, with line and column.
    test::write_file(dir / "bad.yaml", head + "pages:\n  - section: A\n    colour: red\n");
    try {
        read_edition_manifest(dir / "bad.yaml");
        ADD_FAILURE();
    } catch (const Error& e) {
        EXPECT_TRUE(contains(e.what(), (dir / "bad.yaml").string() + ":5:5: unknown key 'colour'"))
            << e.what();
    }
}

// Lists in an edition hold pages, stories and ads, never lists, so the classic bomb (lists of
// aliases to lists of aliases) cannot nest where the reader walks: it is refused at once. What
// fits the format is a page repeated by alias, whose stories are one story repeated by alias:
// `pages` × `stories` nodes from a file of a few bytes for each.
std::string laughs(int pages, int stories) {
    std::string yaml = head + "pages: [&p {section: A, stories: [&s {file: x.md}";
    for (int i = 1; i < stories; ++i) yaml += ", *s";
    yaml += "]}";
    for (int i = 1; i < pages; ++i) yaml += ", *p";
    return yaml + "]\n";
}

TEST(EditionManifest, AliasBombsStop) {
    // A small edition through aliases is fine.
    const EditionManifest m = parse(laughs(3, 4));
    ASSERT_EQ(m.pages.size(), 3u);
    EXPECT_EQ(m.pages[2].stories.size(), 4u);
    EXPECT_EQ(m.pages[2].stories[3].file, "x.md");

    // 100 pages of 1000 stories: 300 000 nodes to walk, past the budget but quick to walk
    // without one, so the error is the budget's and nothing else's.
    Error e = parse_error(laughs(100, 1000));
    // Without the budget the next case would run out of memory rather than fail.
    ASSERT_EQ(e.code(), ErrorCode::limit) << e.what();
    EXPECT_TRUE(contains(e.message(), "aliases repeating aliases")) << e.what();

    // A billion laughs: 31 623 pages of 31 623 stories from 250 kB.
    const auto start = std::chrono::steady_clock::now();
    e = parse_error(laughs(31623, 31623));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(e.code(), ErrorCode::limit) << e.what();
    EXPECT_LT(seconds, 2.0);

    // The classic form: nine levels of ten aliases under a key the reader refuses first, at
    // once.
    std::string bomb = "a: &a [x, x]\n";
    char previous = 'a';
    for (char level = 'b'; level <= 'j'; ++level) {
        bomb += std::string(1, level) + ": &" + level + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + previous;
        bomb += "]\n";
        previous = level;
    }
    e = parse_error(bomb + head + "pages: *j\n");
    EXPECT_EQ(e.code(), ErrorCode::invalid) << e.what();
    EXPECT_EQ(e.position().line, 1) << e.what();
}

TEST(EditionManifest, DeepNestingIsRefused) {
    // Past yaml-cpp's depth guard: a limit, not a crash and not a syntax error.
    Error e = parse_error("title: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
    EXPECT_EQ(e.code(), ErrorCode::limit) << e.what();
    EXPECT_TRUE(contains(e.message(), "nests too deeply")) << e.what();
    e = parse_error(head + "pages:\n  - section: A\n    stories:\n      - file: " +
                    std::string(5000, '[') + std::string(5000, ']') + "\n");
    EXPECT_EQ(e.code(), ErrorCode::limit) << e.what();
}

// ---- the command line ---------------------------------------------------------------------

namespace {

test::CommandResult galley_cli(std::vector<std::string> args) {
    args.insert(args.begin(), test::cli().string());
    return test::run_command(args);
}

// Every file under `dir`, so a test can see that a failure left nothing behind.
std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        names.push_back(fs::relative(entry.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST(EditionCli, HelpAndUsageErrors) {
    auto r = galley_cli({"edition", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(contains(r.out, "usage: galley edition EDITION.yaml -o OUT")) << r.out;
    EXPECT_TRUE(contains(r.out, "Exit status:"));
    r = galley_cli({"help", "edition"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(contains(r.out, "usage: galley edition"));
    r = galley_cli({"--help"});
    EXPECT_TRUE(contains(r.out, "  edition ")) << r.out;

    test::TempDir dir;
    const std::string m = (dir / "e.yaml").string();
    test::write_file(m, head + "pages: [{section: A, stories: [a.md]}]\n");
    const std::string pdf = (dir / "e.pdf").string();
    const std::vector<std::pair<std::vector<std::string>, std::string>> usage = {
        {{"edition"}, "no manifest"},
        {{"edition", m}, "-o EDITION.pdf"},
        {{"edition", m, "--to", "png"}, "-o DIR"},
        {{"edition", m, "-o", pdf, "--frobnicate"}, "unknown option '--frobnicate'"},
        {{"edition", m, m, "-o", pdf}, "one manifest at a time"},
        {{"edition", m, "-o", pdf, "--to", "epub"}, "unknown output 'epub'"},
        {{"edition", m, "-o", pdf, "--dpi", "0"}, "--dpi takes a whole number from 1 to 2400"},
        {{"edition", m, "-o", pdf, "--dpi", "72x"}, "--dpi"},
        {{"edition", m, "-o", pdf, "--dpi"}, "--dpi needs a value"},
        {{"edition", m, "-o", "-"}, "-o - is not supported"},
        {{"edition", m, "-o", dir.path().string()}, "writes one file, and"},
        {{"edition", m, "-o", m, "--to", "svg"}, "writes a file a page into a folder"},
    };
    for (const auto& [args, says] : usage) {
        r = galley_cli(args);
        EXPECT_EQ(r.status, 2) << args.back() << r.err;
        EXPECT_TRUE(contains(r.err, says)) << "wanted '" << says << "' in " << r.err;
        EXPECT_TRUE(r.out.empty());
    }
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"e.yaml"});
}

TEST(EditionCli, ManifestErrorsNameTheLineAndWriteNothing) {
    test::TempDir dir;
    const std::string m = (dir / "e.yaml").string();
    const std::string out = (dir / "out" / "e.pdf").string();
    auto r = galley_cli({"edition", (dir / "none.yaml").string(), "-o", out});
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "none.yaml: cannot read the manifest")) << r.err;

    test::write_file(
        m, head + "pages:\n  - section: A\n    stories:\n      - {file: a.md, jupm: 2}\n");
    r = galley_cli({"edition", m, "-o", out, "--json"});
    EXPECT_EQ(r.status, 3);
    EXPECT_TRUE(contains(r.err, "galley: " + m + ":6:22: unknown key 'jupm' in a story")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;

    // A story that is not there, with --strict: an error (whether build_edition refuses it
    // or, while it is not in the build, refuses everything), and not a byte written.
    test::write_file(m, head + "pages: [{section: A, stories: [gone.md]}]\n");
    for (const char* to : {"print", "png", "layout"}) {
        r = galley_cli({"edition", m, "-o", out, "--to", to, "--strict"});
        EXPECT_EQ(r.status, 3) << r.err;
        EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"e.yaml"}) << to;
    }
}
