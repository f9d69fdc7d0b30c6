// Right to left in the style system: the language → direction function, `direction` and the
// root's `dir`, logical properties resolved in cascade order, check-style on them, to_css, and
// the bundled sheets' computed styles for an English and an Arabic article (golden files).
#include "galley/style.hpp"
#include "style/elements.hpp"

#include "style/sheet_data.hpp"
#include "support.hpp"
#include "text/direction.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <string>
#include <vector>

namespace galley {
namespace {

namespace fs = std::filesystem;

StyleSheet parse(std::string_view css, Warnings* warnings = nullptr,
                 const std::string& file = "test.css") {
    Warnings local;
    return parse_style_sheet(css, file, warnings ? *warnings : local);
}

std::string joined(const Warnings& warnings) {
    std::string out;
    for (const auto& w : warnings) out += w.to_string() + "\n";
    return out;
}

// One element of a path from the root.
struct Step {
    std::string_view role;
    std::optional<Direction> dir = std::nullopt;
    Attr attr = {};
};

// The computed style of the last element of `path`, each element the child of the one before.
ComputedStyle style_at(const StyleSheet& sheet, std::vector<Step> path,
                       Medium medium = Medium::pdf) {
    std::vector<StyleElement> elements(path.size());
    ComputedStyle style;
    for (std::size_t i = 0; i < path.size(); ++i) {
        StyleElement& e = elements[i];
        e.role = path[i].role;
        e.attr = &path[i].attr;
        e.dir = path[i].dir;
        e.parent = i == 0 ? nullptr : &elements[i - 1];
        const ComputedStyle parent = style;
        style = compute_style(sheet, medium, e, i == 0 ? nullptr : &parent);
    }
    return style;
}

// The style of `role` under an article root of direction `dir`.
ComputedStyle in_article(const StyleSheet& sheet, std::string_view role, Direction dir) {
    return style_at(sheet, {{"article", dir}, {role}});
}

constexpr Direction ltr = Direction::ltr;
constexpr Direction rtl = Direction::rtl;

// ---------------------------------------------------------------------------------------------
// The language's direction

TEST(LanguageDirection, RightToLeftLanguages) {
    using detail::is_right_to_left_language;
    for (const char* tag : {"ar",  "he",  "fa",  "ur", "yi",  "ps",  "sd",  "ug",  "dv",  "ckb",
                            "syr", "arz", "ary", "ks", "prs", "pnb", "mzn", "lrc", "bal", "nqo"})
        EXPECT_TRUE(is_right_to_left_language(tag)) << tag;
    // Regions, case, "_" and white space do not matter; legacy codes count.
    for (const char* tag : {"ar-EG", "AR", "ar_SA", "He-IL", " fa-IR ", "iw", "ji", "fa-AF"})
        EXPECT_TRUE(is_right_to_left_language(tag)) << tag;
    for (const char* tag : {"en", "en-GB", "de", "ru", "kk", "kk-Cyrl", "zh-Hant", "ja", "tr", "az",
                            "ku", "pa", "ha", "ms", "uz", "hi", "el"})
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

TEST(LanguageDirection, ArabicScriptLanguagesTakeTheArabicComma) {
    using detail::list_comma;
    for (const char* tag : {"ar", "AR_eg", " fa ", "ur", "ps", "ckb", "sd", "ug", "prs", "az-Arab",
                            "pa-PK", "pa-Arab", "und-Arab"})
        EXPECT_EQ(list_comma(tag), "\u060C ") << tag;
    for (const char* tag :
         {"", "und", "en", "he", "yi", "dv", "ar-Latn", "az", "pa", "kk", "x-private", "ar--EG"})
        EXPECT_EQ(list_comma(tag), ", ") << tag;
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

// ---------------------------------------------------------------------------------------------
// direction and the root's dir

TEST(Direction, RootTakesItsDirFromTheCallerUnlessTheSheetSetsDirection) {
    StyleSheet empty;
    EXPECT_EQ(style_at(empty, {{"article"}}).direction, ltr);
    EXPECT_EQ(style_at(empty, {{"article", rtl}}).direction, rtl);
    EXPECT_EQ(style_at(empty, {{"article", ltr}}).direction, ltr);
    // Inherited by every descendant and by generated content.
    EXPECT_EQ(style_at(empty, {{"article", rtl}, {"blockquote"}, {"p"}, {"em"}}).direction, rtl);

    StyleSheet forced_ltr = parse("article { direction: ltr }");
    EXPECT_EQ(style_at(forced_ltr, {{"article", rtl}}).direction, ltr);
    EXPECT_EQ(style_at(forced_ltr, {{"article", rtl}, {"p"}}).direction, ltr);
    // Any author rule wins over dir, however unspecific.
    StyleSheet universal = parse("* { direction: rtl }");
    EXPECT_EQ(style_at(universal, {{"article", ltr}}).direction, rtl);
    // A rule for another element leaves the root to its dir.
    StyleSheet quotes = parse("blockquote { direction: ltr }");
    EXPECT_EQ(style_at(quotes, {{"article", rtl}}).direction, rtl);
    EXPECT_EQ(style_at(quotes, {{"article", rtl}, {"blockquote"}}).direction, ltr);
    EXPECT_EQ(style_at(quotes, {{"article", rtl}, {"blockquote"}, {"p"}}).direction, ltr);
    // dir on an inner element, as on the root.
    EXPECT_EQ(style_at(empty, {{"article", rtl}, {"blockquote", ltr}, {"p"}}).direction, ltr);
    EXPECT_EQ(style_at(quotes, {{"article", rtl}, {"blockquote", rtl}}).direction, ltr);
    // inherit and initial.
    StyleSheet inherit = parse("p { direction: inherit } h2 { direction: initial }");
    EXPECT_EQ(style_at(inherit, {{"article", rtl}, {"p", ltr}}).direction, rtl);
    EXPECT_EQ(style_at(inherit, {{"article", rtl}, {"h2"}}).direction, ltr);
    // From a custom property.
    StyleSheet custom = parse("article { --d: rtl } p { direction: var(--d) }");
    EXPECT_EQ(style_at(custom, {{"article"}, {"p"}}).direction, rtl);
}

TEST(Direction, PseudoElementsAndPagesInheritIt) {
    StyleSheet sheet =
        parse("p::before { content: \"» \" } @page { @top-left { content: \"x\" } }");
    std::vector<StyleElement> chain(2);
    chain[0].role = "article";
    chain[0].dir = rtl;
    chain[1].role = "p";
    chain[1].parent = &chain[0];
    ComputedStyle root = compute_style(sheet, Medium::pdf, chain[0], nullptr);
    ComputedStyle p = compute_style(sheet, Medium::pdf, chain[1], &root);
    auto before = compute_pseudo_style(sheet, Medium::pdf, chain[1], PseudoElement::before, p);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->direction, rtl);
    PageStyle page = compute_page_style(sheet, Medium::pdf, PageKind::first, &root);
    ASSERT_EQ(page.margin_boxes.size(), 1u);
    EXPECT_EQ(page.margin_boxes[0].style.direction, rtl);
    // A margin box's own alignment stays physical: top-left is left.
    EXPECT_EQ(page.margin_boxes[0].style.text_align, TextAlign::left);
}

// ---------------------------------------------------------------------------------------------
// text-align: start | end

TEST(LogicalTextAlign, StartAndEndResolveByDirection) {
    StyleSheet sheet = parse("p { text-align: start; text-align-last: end } "
                             "credit { text-align: end } h2 { text-align: left }");
    EXPECT_EQ(in_article(sheet, "p", ltr).text_align, TextAlign::left);
    EXPECT_EQ(in_article(sheet, "p", rtl).text_align, TextAlign::right);
    EXPECT_EQ(in_article(sheet, "p", ltr).text_align_last, TextAlign::right);
    EXPECT_EQ(in_article(sheet, "p", rtl).text_align_last, TextAlign::left);
    EXPECT_EQ(in_article(sheet, "credit", ltr).text_align, TextAlign::right);
    EXPECT_EQ(in_article(sheet, "credit", rtl).text_align, TextAlign::left);
    // Physical values stay physical.
    EXPECT_EQ(in_article(sheet, "h2", rtl).text_align, TextAlign::left);
}

TEST(LogicalTextAlign, InheritedStartMeansTheChildsOwnStart) {
    // CSS inherits the keyword `start`, not the side it resolved to in the parent.
    StyleSheet sheet = parse("article { text-align: start; text-align-last: start } "
                             "blockquote { direction: ltr } pullquote { text-align: inherit }");
    EXPECT_EQ(style_at(sheet, {{"article", rtl}, {"p"}}).text_align, TextAlign::right);
    const ComputedStyle quote = style_at(sheet, {{"article", rtl}, {"blockquote"}, {"p"}});
    EXPECT_EQ(quote.text_align, TextAlign::left);
    EXPECT_EQ(quote.text_align_last, TextAlign::left);
    // Back to rtl below it.
    EXPECT_EQ(style_at(sheet, {{"article", rtl}, {"blockquote"}, {"p", rtl}}).text_align,
              TextAlign::right);
    // `inherit` across a change of direction.
    EXPECT_EQ(style_at(sheet, {{"article", ltr}, {"pullquote", rtl}}).text_align, TextAlign::right);
    // An inherited physical value is not mirrored.
    StyleSheet physical = parse("article { text-align: left } blockquote { direction: ltr }");
    EXPECT_EQ(style_at(physical, {{"article", rtl}, {"p"}}).text_align, TextAlign::left);
    EXPECT_EQ(style_at(physical, {{"article", rtl}, {"blockquote"}}).text_align, TextAlign::left);
}

TEST(LogicalFloat, InlineStartAndEnd) {
    StyleSheet sheet = parse("figure { float: inline-start } img { float: inline-end }");
    EXPECT_EQ(in_article(sheet, "figure", ltr).float_placement, Float::left);
    EXPECT_EQ(in_article(sheet, "figure", rtl).float_placement, Float::right);
    EXPECT_EQ(in_article(sheet, "img", ltr).float_placement, Float::right);
    EXPECT_EQ(in_article(sheet, "img", rtl).float_placement, Float::left);
}

// ---------------------------------------------------------------------------------------------
// Logical box properties

TEST(LogicalBox, InlineSidesFollowTheDirectionBlockSidesDoNot) {
    StyleSheet sheet = parse(R"(
        ul { margin-inline-start: 20pt; margin-inline-end: 5pt;
             margin-block-start: 3pt; margin-block-end: 4pt }
        blockquote { padding-inline-start: 8pt; padding-inline-end: 2pt;
                     padding-block-start: 1pt; padding-block-end: 6pt;
                     border-inline-start: 2pt solid #0b3d6e }
        td { border-inline-end-width: 1pt; border-inline-end-style: solid;
             border-inline-end-color: red; border-block-end: 0.5pt solid blue }
    )");
    const ComputedStyle ul_ltr = in_article(sheet, "ul", ltr);
    EXPECT_EQ(ul_ltr.margin, (Edges{3, 5, 4, 20}));
    const ComputedStyle ul_rtl = in_article(sheet, "ul", rtl);
    EXPECT_EQ(ul_rtl.margin, (Edges{3, 20, 4, 5}));

    const ComputedStyle quote_ltr = in_article(sheet, "blockquote", ltr);
    EXPECT_EQ(quote_ltr.padding, (Edges{1, 2, 6, 8}));
    EXPECT_TRUE(quote_ltr.border.left.visible());
    EXPECT_FALSE(quote_ltr.border.right.visible());
    EXPECT_EQ(quote_ltr.border.left.width, 2);
    EXPECT_EQ(quote_ltr.border.left.color, (Color{0x0b, 0x3d, 0x6e, 255}));
    const ComputedStyle quote_rtl = in_article(sheet, "blockquote", rtl);
    EXPECT_EQ(quote_rtl.padding, (Edges{1, 8, 6, 2}));
    EXPECT_TRUE(quote_rtl.border.right.visible());
    EXPECT_FALSE(quote_rtl.border.left.visible());
    EXPECT_EQ(quote_rtl.border.right, quote_ltr.border.left);

    const ComputedStyle td_rtl = in_article(sheet, "td", rtl);
    EXPECT_EQ(td_rtl.border.left.width, 1);
    EXPECT_EQ(td_rtl.border.left.color, (Color{255, 0, 0, 255}));
    EXPECT_FALSE(td_rtl.border.right.visible());
    EXPECT_EQ(td_rtl.border.bottom.color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(td_rtl.border.bottom.width, 0.5);
}

TEST(LogicalBox, Shorthands) {
    StyleSheet sheet = parse(R"(
        ul { margin-inline: 10pt 4pt; margin-block: 2pt }
        ol { margin-inline: 7pt; padding-inline: 1pt 3pt; padding-block: 5pt 6pt }
        blockquote { border-inline: 1pt solid green; border-block: 3pt solid }
        td { border-inline-width: 1pt 2pt; border-inline-style: solid; border-inline-color: red blue }
        th { border-block-width: 4pt; border-block-style: solid none; border-block-color: red }
    )");
    EXPECT_EQ(in_article(sheet, "ul", ltr).margin, (Edges{2, 4, 2, 10}));
    EXPECT_EQ(in_article(sheet, "ul", rtl).margin, (Edges{2, 10, 2, 4}));
    EXPECT_EQ(in_article(sheet, "ol", rtl).margin, (Edges{0, 7, 0, 7}));
    EXPECT_EQ(in_article(sheet, "ol", rtl).padding, (Edges{5, 1, 6, 3}));
    const ComputedStyle quote = in_article(sheet, "blockquote", rtl);
    EXPECT_EQ(quote.border.left, quote.border.right);
    EXPECT_EQ(quote.border.left.color, (Color{0, 128, 0, 255}));
    EXPECT_EQ(quote.border.top.width, 3);
    EXPECT_EQ(quote.border.bottom.width, 3);
    const ComputedStyle td = in_article(sheet, "td", rtl);
    EXPECT_EQ(td.border.right.width, 1);
    EXPECT_EQ(td.border.right.color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(td.border.left.width, 2);
    EXPECT_EQ(td.border.left.color, (Color{0, 0, 255, 255}));
    const ComputedStyle th = in_article(sheet, "th", ltr);
    EXPECT_EQ(th.border.top.width, 4);
    EXPECT_EQ(th.border.bottom.width, 0); // style none
    EXPECT_EQ(th.border.top.color, (Color{255, 0, 0, 255}));
}

TEST(LogicalBox, TheLaterDeclarationWinsBetweenPhysicalAndLogical) {
    // Logical after physical: in ltr the logical one wins the left side; in rtl it sets the
    // right side and the physical left margin stays.
    StyleSheet logical_last = parse("ul { margin-left: 1pt; margin-inline-start: 2pt }");
    EXPECT_EQ(in_article(logical_last, "ul", ltr).margin, (Edges{0, 0, 0, 2}));
    EXPECT_EQ(in_article(logical_last, "ul", rtl).margin, (Edges{0, 2, 0, 1}));
    // Physical after logical.
    StyleSheet physical_last = parse("ul { margin-inline-start: 2pt; margin-left: 1pt }");
    EXPECT_EQ(in_article(physical_last, "ul", ltr).margin, (Edges{0, 0, 0, 1}));
    EXPECT_EQ(in_article(physical_last, "ul", rtl).margin, (Edges{0, 2, 0, 1}));
    // A shorthand counts where it is written.
    StyleSheet shorthand_last = parse("ul { margin-inline-end: 9pt; margin: 1pt }");
    EXPECT_EQ(in_article(shorthand_last, "ul", rtl).margin, (Edges{1, 1, 1, 1}));
    StyleSheet logical_after_shorthand = parse("ul { margin: 1pt; margin-inline-end: 9pt }");
    EXPECT_EQ(in_article(logical_after_shorthand, "ul", rtl).margin, (Edges{1, 1, 1, 9}));
    EXPECT_EQ(in_article(logical_after_shorthand, "ul", ltr).margin, (Edges{1, 9, 1, 1}));
    // Across rules: specificity first, then source order.
    StyleSheet rules = parse("ul.x { margin-right: 3pt } ul { margin-inline-start: 8pt } "
                             "ol { padding-inline-end: 4pt } ol { padding-left: 6pt }");
    EXPECT_EQ(
        style_at(rules, {{"article", rtl}, {"ul", std::nullopt, Attr{{}, {"x"}, {}}}}).margin.right,
        3);
    EXPECT_EQ(in_article(rules, "ul", rtl).margin.right, 8);
    EXPECT_EQ(in_article(rules, "ol", rtl).padding.left, 6);
    EXPECT_EQ(in_article(rules, "ol", ltr).padding.right, 4);
    EXPECT_EQ(in_article(rules, "ol", ltr).padding.left, 6);
    // !important: an important declaration beats a later normal one, either kind.
    StyleSheet important = parse("ul { margin-inline-start: 2pt !important; margin-right: 1pt } "
                                 "ol { margin-right: 5pt !important; margin-inline-start: 7pt }");
    EXPECT_EQ(in_article(important, "ul", rtl).margin.right, 2);
    EXPECT_EQ(in_article(important, "ol", rtl).margin.right, 5);
    EXPECT_EQ(in_article(important, "ol", ltr).margin, (Edges{0, 5, 0, 7}));
}

TEST(LogicalBox, VarCssWideKeywordsAndInheritance) {
    StyleSheet sheet = parse(R"(
        article { --indent: 12pt; --rule: 1pt solid red }
        ul { margin-inline: var(--indent) 0 }
        blockquote { border-inline-start: var(--rule) }
        ol { margin-inline-start: var(--missing) }
        li { margin-inline-start: inherit; padding-inline-end: initial }
        p { margin: 3pt; margin-inline-start: unset }
    )");
    EXPECT_EQ(in_article(sheet, "ul", rtl).margin, (Edges{0, 12, 0, 0}));
    EXPECT_EQ(in_article(sheet, "blockquote", rtl).border.right.width, 1);
    EXPECT_EQ(in_article(sheet, "blockquote", rtl).border.left.width, 0);
    EXPECT_EQ(in_article(sheet, "ol", rtl).margin, (Edges{}));
    EXPECT_EQ(style_at(sheet, {{"article", rtl}, {"ul"}, {"li"}}).margin, (Edges{0, 12, 0, 0}));
    EXPECT_EQ(in_article(sheet, "p", rtl).margin, (Edges{3, 0, 3, 3}));
    // `inherit` under a parent of the other direction takes the parent's inline-start.
    EXPECT_EQ(style_at(sheet, {{"article", rtl}, {"ul"}, {"li", ltr}}).margin,
              (Edges{0, 0, 0, 12}));
}

TEST(LogicalBox, NoLogicalDeclarationLeavesStylesAsTheyWere) {
    StyleSheet sheet = parse("ul { margin: 1pt 2pt 3pt 4pt; padding-left: 5pt; "
                             "border-right: 1pt solid; text-align: right }");
    const ComputedStyle ltr_style = in_article(sheet, "ul", ltr);
    ComputedStyle rtl_style = in_article(sheet, "ul", rtl);
    EXPECT_EQ(rtl_style.direction, rtl);
    rtl_style.direction = ltr;
    EXPECT_EQ(rtl_style, ltr_style);
}

// ---------------------------------------------------------------------------------------------
// check-style

TEST(LogicalCheckStyle, NewPropertiesAreCleanAndBadValuesWarnWithTheirPlace) {
    Warnings clean;
    parse(R"(
        article { direction: rtl }
        p { text-align: start; text-align-last: end; margin-inline-start: 1em }
        ul { margin-inline: 0 1.5em; margin-block: 0.5em; padding-inline: 2pt; padding-block: 0 }
        blockquote { border-inline-start: 2pt solid #333; border-inline-end-width: thin;
                     border-block-start-color: red; border-inline-style: solid none;
                     padding-inline-end: 3pt; margin-inline-end: auto }
        figure { float: inline-end }
        @page { direction: ltr; margin-inline-start: 20mm; @top-left { text-align: end } }
    )",
          &clean);
    EXPECT_EQ(joined(clean), "");

    Warnings warnings;
    parse("p {\n"
          "  direction: sideways;\n"
          "  text-align: middle;\n"
          "  margin-inline-start: red;\n"
          "  margin-inline: 1em 2em 3em;\n"
          "  padding-inline-end: -2pt;\n"
          "  border-inline-start: 2pt dotted;\n"
          "  float: inline-middle;\n"
          "  margin-inline-begin: 1em;\n"
          "}\n",
          &warnings, "rtl.css");
    const std::string out = joined(warnings);
    EXPECT_NE(out.find("rtl.css:2:14: warning: invalid value for 'direction': sideways"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:3:15: warning: invalid value for 'text-align': middle"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:4:24: warning: invalid value for 'margin-inline-start': red"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:5:18: warning: invalid value for 'margin-inline'"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:6:23: warning: invalid value for 'padding-inline-end'"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:7:24: warning: invalid value for 'border-inline-start'"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:8:10: warning: invalid value for 'float'"), std::string::npos)
        << out;
    EXPECT_NE(out.find("rtl.css:9:3: warning: unknown property 'margin-inline-begin'"),
              std::string::npos)
        << out;
    EXPECT_EQ(warnings.size(), 8u) << out;
}

TEST(LogicalCheckStyle, TheCliReportsThem) {
    test::TempDir dir;
    const fs::path file = dir / "rtl.css";
    test::write_file(file, "article { direction: rtl }\n"
                           "p { text-align: start }\n"
                           "ul {\n  margin-inline-start: wide;\n}\n");
    const auto result = test::run_command({test::cli().string(), "check-style", file.string()});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.out.find(file.string() +
                              ":4:24: warning: invalid value for 'margin-inline-start': wide"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find(file.string() + ": 0 errors, 1 warning"), std::string::npos)
        << result.out;
}

// ---------------------------------------------------------------------------------------------
// to_css

TEST(LogicalToCss, LogicalPropertiesStayLogicalAndDirectionIsLeftOut) {
    Warnings warnings;
    StyleSheet sheet = parse("article { direction: rtl; text-align: start }\n"
                             "ul { margin-inline-start: 1.5em; border-inline-start: 2pt solid }\n",
                             &warnings);
    ASSERT_EQ(joined(warnings), "");
    CssWriteOptions options;
    options.selector_for_role = [](std::string_view role) { return std::string(role); };
    EXPECT_EQ(to_css(sheet, Medium::epub, options), "article {\n"
                                                    "  text-align: start;\n"
                                                    "}\n\n"
                                                    "ul {\n"
                                                    "  margin-inline-start: 1.5em;\n"
                                                    "  border-inline-start: 2pt solid;\n"
                                                    "}\n");
}

// ---------------------------------------------------------------------------------------------
// The bundled sheets: every role's computed style, golden

// A number without trailing zeros, never in the locale's form.
std::string number(double value) {
    char buffer[64];
    auto end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 3).ptr;
    std::string out(buffer, end);
    while (out.ends_with('0')) out.pop_back();
    if (out.ends_with('.')) out.pop_back();
    if (out == "-0") out = "0";
    return out;
}

std::string color(Color c) {
    return "rgba(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) +
           "," + std::to_string(c.a) + ")";
}

std::string edges(const Edges& e) {
    return number(e.top) + " " + number(e.right) + " " + number(e.bottom) + " " + number(e.left);
}

std::string border(const BorderSide& b) {
    return number(b.width) + " " + (b.style == BorderStyle::solid ? "solid" : "none") + " " +
           color(b.color);
}

std::string dimension(const Dimension& d) {
    if (d.kind == Dimension::Kind::points) return number(d.value) + "pt";
    if (d.kind == Dimension::Kind::percent) return number(d.value) + "%";
    return "auto";
}

std::string content(const std::vector<ContentPart>& parts) {
    std::string out;
    for (const ContentPart& part : parts) {
        if (!out.empty()) out += " ";
        switch (part.kind) {
        case ContentPart::Kind::text:
            out += "\"" + part.value + "\"";
            break;
        case ContentPart::Kind::element_text:
            out += "content()";
            break;
        case ContentPart::Kind::page_number:
            out += "counter(page)";
            break;
        case ContentPart::Kind::page_count:
            out += "counter(pages)";
            break;
        case ContentPart::Kind::named_string:
            out += "string(" + part.value + ")";
            break;
        }
    }
    return out;
}

// Every value of `style` a backend reads, by name (not text_align_logical and
// text_align_last_logical, which only carry `start` and `end` to descendants).
std::vector<std::pair<std::string, std::string>> values_of(const ComputedStyle& s) {
    std::vector<std::pair<std::string, std::string>> v;
    std::string families;
    for (const std::string& f : s.font_family) families += (families.empty() ? "" : ", ") + f;
    v.emplace_back("font-family", families);
    v.emplace_back("font-size", number(s.font_size));
    v.emplace_back("font-weight", std::to_string(s.font_weight));
    v.emplace_back("font-style", std::to_string(static_cast<int>(s.font_style)));
    v.emplace_back("small-caps", s.small_caps ? "yes" : "no");
    v.emplace_back("line-height", number(s.line_height));
    v.emplace_back("line-height-factor", number(s.line_height_factor));
    v.emplace_back("color", color(s.color));
    v.emplace_back("direction", s.direction == Direction::rtl ? "rtl" : "ltr");
    static constexpr const char* aligns[] = {"left", "right", "center", "justify"};
    v.emplace_back("text-align", aligns[static_cast<int>(s.text_align)]);
    v.emplace_back("text-align-last",
                   s.text_align_last ? aligns[static_cast<int>(*s.text_align_last)] : "auto");
    v.emplace_back("text-indent", number(s.text_indent));
    v.emplace_back("text-transform", std::to_string(static_cast<int>(s.text_transform)));
    v.emplace_back("letter-spacing", number(s.letter_spacing));
    v.emplace_back("word-spacing", number(s.word_spacing));
    v.emplace_back("underline", s.underline ? "yes" : "no");
    v.emplace_back("line-through", s.line_through ? "yes" : "no");
    v.emplace_back("hyphens", std::to_string(static_cast<int>(s.hyphens)));
    v.emplace_back("hyphenate-limit-chars", std::to_string(s.hyphenate_limit_chars.word) + " " +
                                                std::to_string(s.hyphenate_limit_chars.before) +
                                                " " +
                                                std::to_string(s.hyphenate_limit_chars.after));
    v.emplace_back("galley-glyph-scaling",
                   number(s.glyph_scaling_min) + " " + number(s.glyph_scaling_max));
    v.emplace_back("galley-letter-spacing",
                   number(s.justify_letter_min) + " " + number(s.justify_letter_max));
    v.emplace_back("widows", std::to_string(s.widows));
    v.emplace_back("orphans", std::to_string(s.orphans));
    v.emplace_back("list-style-type", std::to_string(static_cast<int>(s.list_style_type)));
    v.emplace_back("baseline-grid", number(s.baseline_grid));
    v.emplace_back("background-color", color(s.background_color));
    v.emplace_back("margin", edges(s.margin));
    v.emplace_back("padding", edges(s.padding));
    v.emplace_back("border-top", border(s.border.top));
    v.emplace_back("border-right", border(s.border.right));
    v.emplace_back("border-bottom", border(s.border.bottom));
    v.emplace_back("border-left", border(s.border.left));
    v.emplace_back("width", dimension(s.width));
    v.emplace_back("max-width", dimension(s.max_width));
    v.emplace_back("display", std::to_string(static_cast<int>(s.display)));
    v.emplace_back("float", std::to_string(static_cast<int>(s.float_placement)));
    v.emplace_back("column-count", std::to_string(s.column_count));
    v.emplace_back("column-gap", number(s.column_gap));
    v.emplace_back("column-rule", border(s.column_rule));
    v.emplace_back("column-span", s.column_span.all ? "all" : std::to_string(s.column_span.count));
    v.emplace_back("break-before", std::to_string(static_cast<int>(s.break_before)));
    v.emplace_back("break-after", std::to_string(static_cast<int>(s.break_after)));
    v.emplace_back("break-inside", std::to_string(static_cast<int>(s.break_inside)));
    std::string sets;
    for (const StringSet& set : s.string_set)
        sets += (sets.empty() ? "" : ", ") + set.name + " " + content(set.content);
    v.emplace_back("string-set", sets);
    v.emplace_back("content", content(s.content));
    v.emplace_back("root-font-size", number(s.root_font_size));
    std::string customs;
    if (s.custom_properties)
        for (const auto& [name, tokens] : s.custom_properties->values)
            customs +=
                (customs.empty() ? "" : "; ") + name + ": " + detail::serialize_tokens(tokens);
    v.emplace_back("custom-properties", customs);
    return v;
}

// The values of `style` that differ from the initial style, one "  name: value" line each.
std::string describe(const ComputedStyle& style) {
    static const auto initial = values_of(ComputedStyle{});
    std::string out;
    const auto values = values_of(style);
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i].second != initial[i].second)
            out += "  " + values[i].first + ": " + values[i].second + "\n";
    return out;
}

// An article with every role, as the backends build it.
struct Node {
    std::string_view role;
    int parent;
    Attr attr = {};
};

std::vector<Node> article_tree() {
    Attr row;
    row.values = {{"scope", "row"}};
    Attr embargo;
    embargo.classes = {"embargo"};
    return {
        {"article", -1},
        {"headline", 0},
        {"dek", 0},
        {"byline", 0},
        {"figure", 0},
        {"img", 4},
        {"credit", 4},
        {"figcaption", 4},
        {"p", 0},
        {"dateline", 8},
        {"em", 8},
        {"strong", 8},
        {"a", 8},
        {"code", 8},
        {"sup", 8},
        {"sub", 8},
        {"smallcaps", 8},
        {"p", 0},
        {"h2", 0},
        {"h3", 0},
        {"h4", 0},
        {"blockquote", 0},
        {"p", 21},
        {"attribution", 21},
        {"pullquote", 0},
        {"attribution", 24},
        {"ul", 0},
        {"li", 26},
        {"p", 27},
        {"ol", 0},
        {"li", 29},
        {"p", 30},
        {"table", 0},
        {"caption", 32},
        {"tr", 32},
        {"th", 34},
        {"th", 34, row},
        {"td", 34},
        {"hr", 0},
        {"pre", 0},
        {"blockquote", 0, embargo},
        {"p", 40},
        {"figure", 0},
        {"p", 0},
        {"tagline", 0},
    };
}

// Every element's style (and its ::before and ::after), and every page, for `sheet` in
// `medium` under an article root of direction `dir`.
std::string describe_article(const StyleSheet& sheet, Medium medium, Direction dir) {
    const std::vector<Node> nodes = article_tree();
    std::vector<StyleElement> elements(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        elements[i].role = nodes[i].role;
        elements[i].attr = &nodes[i].attr;
        elements[i].parent =
            nodes[i].parent < 0 ? nullptr : &elements[static_cast<std::size_t>(nodes[i].parent)];
    }
    elements[0].dir = dir;
    for (std::size_t parent = 0; parent < nodes.size(); ++parent) {
        std::vector<std::size_t> where;
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].parent == static_cast<int>(parent)) where.push_back(i);
        std::vector<StyleElement> siblings;
        for (std::size_t i : where) siblings.push_back(elements[i]);
        number_siblings(siblings);
        for (std::size_t k = 0; k < where.size(); ++k) {
            elements[where[k]] = siblings[k];
            elements[where[k]].previous = k == 0 ? nullptr : &elements[where[k - 1]];
        }
    }
    std::vector<ComputedStyle> styles(nodes.size());
    std::vector<std::string> paths(nodes.size());
    std::string out = std::string("@media ") + to_string(medium) + "\n";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const int parent = nodes[i].parent;
        const ComputedStyle* parent_style =
            parent < 0 ? nullptr : &styles[static_cast<std::size_t>(parent)];
        styles[i] = compute_style(sheet, medium, elements[i], parent_style);
        std::string name(nodes[i].role);
        for (const std::string& c : nodes[i].attr.classes) name += "." + c;
        for (const auto& [key, value] : nodes[i].attr.values) name += "[" + key + "=" + value + "]";
        name += ":nth-child(" + std::to_string(elements[i].child_index + 1) + ")";
        paths[i] = parent < 0 ? name : paths[static_cast<std::size_t>(parent)] + " > " + name;
        out += paths[i] + "\n" + describe(styles[i]);
        for (PseudoElement pseudo : {PseudoElement::before, PseudoElement::after})
            if (auto box = compute_pseudo_style(sheet, medium, elements[i], pseudo, styles[i]))
                out += paths[i] + (pseudo == PseudoElement::before ? "::before" : "::after") +
                       "\n" + describe(*box);
    }
    for (PageKind kind : {PageKind::first, PageKind::left, PageKind::right}) {
        const PageStyle page = compute_page_style(sheet, medium, kind, &styles[0]);
        out += std::string("@page :") +
               (kind == PageKind::first  ? "first"
                : kind == PageKind::left ? "left"
                                         : "right") +
               "\n  size: " + number(page.width) + " " + number(page.height) +
               "\n  margin: " + edges(page.margin) + "\n  bleed: " + number(page.bleed) +
               "\n  marks:" + (page.crop_marks ? " crop" : "") +
               (page.cross_marks ? " cross" : "") + "\n";
        for (const MarginBox& box : page.margin_boxes)
            out += std::string("  @") + to_string(box.position) + "\n" + describe(box.style);
    }
    return out;
}

void check_golden(const std::string& name, const std::string& actual) {
    const fs::path path = test::source_dir() / "tests/golden/style" / name;
    if (test::update_golden()) {
        fs::create_directories(path.parent_path());
        test::write_file(path, actual);
        return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " is missing: run with GALLEY_UPDATE_GOLDEN=1";
    EXPECT_EQ(test::read_file(path), actual) << path;
}

std::string describe_sheet(const std::string& name, Direction dir) {
    Warnings warnings;
    const StyleSheet sheet = load_style(name, warnings);
    EXPECT_EQ(joined(warnings), "") << name;
    std::string out;
    for (Medium medium : {Medium::pdf, Medium::epub, Medium::print})
        out += describe_article(sheet, medium, dir);
    return out;
}

// An English article: every value every backend reads is what it was before the sheets were
// written with logical properties (the golden files were made from the sheets before).
TEST(BundledSheets, LeftToRightStylesAreUnchanged) {
    for (const char* name : {"default", "broadsheet", "press-release"})
        check_golden(std::string(name) + "-ltr.txt", describe_sheet(name, ltr));
}

// An Arabic article: the same sheets, start on the right.
TEST(BundledSheets, RightToLeftStyles) {
    for (const char* name : {"default", "broadsheet", "press-release"})
        check_golden(std::string(name) + "-rtl.txt", describe_sheet(name, rtl));
}

} // namespace
} // namespace galley
