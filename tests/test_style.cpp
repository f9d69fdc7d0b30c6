// Style sheets: tokenizer, parser, selectors, cascade, computed values, pages, fonts, to_css,
// the bundled sheets and `galley check-style`.
#include "galley/style.hpp"
#include "style/elements.hpp"

#include "galley/resources.hpp"
#include "style/css_tokenizer.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <clocale>
#include <cmath>
#include <locale>
#include <thread>

namespace galley {
namespace {

namespace fs = std::filesystem;
using detail::TokenType;

constexpr double mm = 72.0 / 25.4;

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

// One step of a path from the root: a role and optional attributes and sibling facts.
struct Step {
    std::string_view role;
    Attr attr = {};
    int child_index = 0;
    int type_index = 0;
    bool last_child = false;
    bool last_of_type = false;
};

// The computed style of the last element of `path` (each one the child of the one before).
ComputedStyle style_at(const StyleSheet& sheet, std::vector<Step> path, Medium medium = Medium::pdf,
                       Warnings* warnings = nullptr) {
    std::vector<StyleElement> elements(path.size());
    ComputedStyle style;
    for (std::size_t i = 0; i < path.size(); ++i) {
        StyleElement& e = elements[i];
        e.role = path[i].role;
        e.attr = &path[i].attr;
        e.parent = i == 0 ? nullptr : &elements[i - 1];
        e.child_index = path[i].child_index;
        e.type_index = path[i].type_index;
        e.last_child = path[i].last_child;
        e.last_of_type = path[i].last_of_type;
        ComputedStyle parent = style;
        style = compute_style(sheet, medium, e, i == 0 ? nullptr : &parent, warnings);
    }
    return style;
}

Attr classes(std::vector<std::string> names, std::string id = {}) {
    Attr a;
    a.classes = std::move(names);
    a.id = std::move(id);
    return a;
}

// One element of a tree for tree_styles: its role, its parent (an index into the tree, -1 for
// the root) and its attributes.
struct Node {
    std::string_view role;
    int parent = -1;
    Attr attr = {};
};

// The computed style of every element of `nodes`, a tree in which each parent comes before its
// children and siblings come in document order. Each parent's children are kept in one vector
// and numbered with number_siblings, as the backends do.
std::vector<ComputedStyle> tree_styles(const StyleSheet& sheet, const std::vector<Node>& nodes,
                                       Medium medium = Medium::pdf) {
    std::vector<std::vector<StyleElement>> children(nodes.size() + 1); // [parent + 1]
    std::vector<std::size_t> counts(children.size());
    for (const Node& node : nodes) ++counts[static_cast<std::size_t>(node.parent + 1)];
    for (std::size_t g = 0; g < children.size(); ++g) children[g].reserve(counts[g]); // no moves
    std::vector<StyleElement*> elements(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Node& node = nodes[i];
        EXPECT_LT(node.parent, static_cast<int>(i)) << "a parent comes before its children";
        auto& group = children[static_cast<std::size_t>(node.parent + 1)];
        StyleElement element;
        element.role = node.role;
        element.attr = &node.attr;
        element.parent =
            node.parent < 0 ? nullptr : elements[static_cast<std::size_t>(node.parent)];
        group.push_back(element);
        elements[i] = &group.back();
    }
    for (auto& group : children) number_siblings(group);
    std::vector<ComputedStyle> styles(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const int parent = nodes[i].parent;
        styles[i] = compute_style(sheet, medium, *elements[i],
                                  parent < 0 ? nullptr : &styles[static_cast<std::size_t>(parent)]);
    }
    return styles;
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

std::vector<detail::Token> tokens_of(std::string_view css,
                                     std::vector<detail::TokenizerProblem>* problems = nullptr) {
    std::vector<detail::TokenizerProblem> local;
    auto tokens = detail::tokenize(css, problems ? *problems : local);
    std::vector<detail::Token> out;
    for (auto& t : tokens)
        if (t.type != TokenType::whitespace) out.push_back(t);
    return out;
}

TEST(StyleTokenizer, CommentsAreDroppedAndPositionsKept) {
    auto t = tokens_of("/* one */ a /* two\nlines */ b\n  c");
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].value, "a");
    EXPECT_EQ(t[0].pos.line, 1);
    EXPECT_EQ(t[0].pos.column, 11);
    EXPECT_EQ(t[1].value, "b");
    EXPECT_EQ(t[1].pos.line, 2);
    EXPECT_EQ(t[1].pos.column, 10);
    EXPECT_EQ(t[2].value, "c");
    EXPECT_EQ(t[2].pos.line, 3);
    EXPECT_EQ(t[2].pos.column, 3);
    EXPECT_EQ(t[3].type, TokenType::eof);
}

TEST(StyleTokenizer, ColumnsCountCharactersNotBytes) {
    auto t = tokens_of("\"Жё\" x");
    ASSERT_GE(t.size(), 2u);
    EXPECT_EQ(t[1].pos.column, 6);
}

TEST(StyleTokenizer, StringsAndEscapes) {
    auto t = tokens_of(R"("a\"b" 'c\'d' "\2014 x" "\41\42" "line\
continued" \66oo)");
    ASSERT_EQ(t.size(), 7u);
    EXPECT_EQ(t[0].type, TokenType::string);
    EXPECT_EQ(t[0].value, "a\"b");
    EXPECT_EQ(t[1].value, "c'd");
    EXPECT_EQ(t[2].value, "\u2014x"); // the space after a hex escape belongs to it
    EXPECT_EQ(t[3].value, "AB");
    EXPECT_EQ(t[4].value, "linecontinued");
    EXPECT_EQ(t[5].type, TokenType::ident);
    EXPECT_EQ(t[5].value, "foo");
}

TEST(StyleTokenizer, NumbersUnitsAndPercentages) {
    auto t = tokens_of("12pt -0.5em +3 4.5e1% 1e3 .25mm 10 7e-1px");
    ASSERT_EQ(t.size(), 9u);
    EXPECT_EQ(t[0].type, TokenType::dimension);
    EXPECT_DOUBLE_EQ(t[0].number, 12);
    EXPECT_EQ(t[0].unit, "pt");
    EXPECT_TRUE(t[0].is_integer);
    EXPECT_DOUBLE_EQ(t[1].number, -0.5);
    EXPECT_EQ(t[1].unit, "em");
    EXPECT_EQ(t[2].type, TokenType::number);
    EXPECT_DOUBLE_EQ(t[2].number, 3);
    EXPECT_EQ(t[3].type, TokenType::percentage);
    EXPECT_DOUBLE_EQ(t[3].number, 45);
    EXPECT_EQ(t[4].type, TokenType::number);
    EXPECT_DOUBLE_EQ(t[4].number, 1000);
    EXPECT_FALSE(t[4].is_integer);
    EXPECT_DOUBLE_EQ(t[5].number, 0.25);
    EXPECT_EQ(t[5].value, ".25"); // as written, for writing back
    EXPECT_TRUE(t[6].is_integer);
    EXPECT_DOUBLE_EQ(t[7].number, 0.7);
    EXPECT_EQ(t[7].unit, "px");
}

TEST(StyleTokenizer, UrlsHashesAtKeywordsAndCdo) {
    auto t =
        tokens_of("url( fonts/a b.ttf ) url(fonts/x.ttf) url(\"q.ttf\") #fff #1a @media <!-- -->");
    ASSERT_GE(t.size(), 9u);
    EXPECT_EQ(t[0].type, TokenType::bad_url);
    EXPECT_EQ(t[1].type, TokenType::url);
    EXPECT_EQ(t[1].value, "fonts/x.ttf");
    EXPECT_EQ(t[2].type, TokenType::function); // url( with a quoted string is a function
    EXPECT_EQ(t[3].type, TokenType::string);
    EXPECT_EQ(t[3].value, "q.ttf");
    EXPECT_EQ(t[4].type, TokenType::close_paren);
    EXPECT_EQ(t[5].type, TokenType::hash);
    EXPECT_TRUE(t[5].hash_is_id);
    EXPECT_EQ(t[6].type, TokenType::hash);
    EXPECT_FALSE(t[6].hash_is_id);
    EXPECT_EQ(t[7].type, TokenType::at_keyword);
    EXPECT_EQ(t[7].value, "media");
    EXPECT_EQ(t[8].type, TokenType::cdo);
    EXPECT_EQ(t[9].type, TokenType::cdc);
}

TEST(StyleTokenizer, RecoveryFromBadStringsAndUnterminatedThings) {
    std::vector<detail::TokenizerProblem> problems;
    auto t = tokens_of("\"open\nnext", &problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_FALSE(problems[0].fatal);
    EXPECT_EQ(t[0].type, TokenType::bad_string);
    EXPECT_EQ(t[1].value, "next");

    problems.clear();
    tokens_of("a /* never closed", &problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(problems[0].fatal);
    EXPECT_EQ(problems[0].pos.column, 3);

    problems.clear();
    tokens_of("a \"never closed", &problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(problems[0].fatal);
}

TEST(StyleTokenizer, SerializesBackToEquivalentTokens) {
    std::string css = R"(12.50pt "a\"b" url(x.ttf) #abc -moz-x 5% 1e3 \31 x)";
    std::vector<detail::TokenizerProblem> problems;
    auto first = detail::tokenize(css, problems);
    std::string written = detail::serialize_tokens(first);
    auto second = detail::tokenize(written, problems);
    ASSERT_EQ(first.size(), second.size()) << written;
    for (std::size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].type, second[i].type) << i;
        EXPECT_EQ(first[i].value, second[i].value) << i;
        EXPECT_EQ(first[i].unit, second[i].unit) << i;
    }
    EXPECT_NE(written.find("12.50pt"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Selectors and the cascade

TEST(StyleSelectors, SpecificityThenSourceOrder) {
    StyleSheet sheet = parse(R"(
        #main { color: #00f }
        p.lead { color: #0f0 }
        p { color: #f00 }
        .lead { font-size: 12pt }
        p { font-size: 11pt }
        p { font-size: 13pt }
    )");
    Attr attr = classes({"lead"}, "main");
    EXPECT_EQ(style_at(sheet, {{"p", attr}}).color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(style_at(sheet, {{"p", classes({"lead"})}}).color, (Color{0, 255, 0, 255}));
    EXPECT_EQ(style_at(sheet, {{"p"}}).color, (Color{255, 0, 0, 255}));
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"p", classes({"lead"})}}).font_size, 12);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"p"}}).font_size, 13); // the later of equals wins
}

TEST(StyleSelectors, FirstChildAndFirstOfType) {
    StyleSheet sheet = parse(R"(
        p { text-indent: 1em }
        p:first-of-type { text-indent: 0 }
        article > :first-child { margin-top: 0 }
        * { margin-top: 5pt }
        p:last-child { margin-bottom: 7pt }
    )");
    // article ▸ headline, figure, p (first p), p, p (last)
    Step first_p{"p", {}, 2, 0};
    Step second_p{"p", {}, 3, 1};
    Step last_p{"p", {}, 4, 2, true, true};
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, first_p}).text_indent, 0);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, second_p}).text_indent, 10);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, first_p}).margin.top, 5);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"headline", {}, 0, 0}}).margin.top, 0);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, last_p}).margin.bottom, 7);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, second_p}).margin.bottom, 0);
}

TEST(StyleSelectors, NumberSiblingsFillsPlaces) {
    std::vector<StyleElement> children(5);
    const char* roles[] = {"headline", "p", "figure", "p", "p"};
    for (int i = 0; i < 5; ++i) children[static_cast<std::size_t>(i)].role = roles[i];
    number_siblings(children);
    EXPECT_EQ(children[3].child_index, 3);
    EXPECT_EQ(children[3].type_index, 1);
    EXPECT_EQ(children[1].type_index, 0);
    EXPECT_TRUE(children[4].last_child);
    EXPECT_TRUE(children[4].last_of_type);
    EXPECT_FALSE(children[3].last_of_type);
    EXPECT_TRUE(children[2].last_of_type);
    EXPECT_EQ(children[0].previous, nullptr);
    EXPECT_EQ(children[3].previous, &children[2]);
    EXPECT_EQ(children[4].previous, &children[3]);
}

TEST(StyleSelectors, DescendantVersusChild) {
    StyleSheet sheet = parse(R"(
        blockquote p { font-style: italic }
        figure > credit { text-align: right }
    )");
    EXPECT_EQ(style_at(sheet, {{"article"}, {"blockquote"}, {"p"}}).font_style, FontStyle::italic);
    EXPECT_EQ(style_at(sheet, {{"article"}, {"blockquote"}, {"li"}, {"p"}}).font_style,
              FontStyle::italic);
    EXPECT_EQ(style_at(sheet, {{"article"}, {"p"}}).font_style, FontStyle::normal);
    EXPECT_EQ(style_at(sheet, {{"figure"}, {"credit"}}).text_align, TextAlign::right);
    EXPECT_EQ(style_at(sheet, {{"figure"}, {"figcaption"}, {"credit"}}).text_align,
              TextAlign::left);
}

TEST(StyleSelectors, MixedCombinatorsNeedTheRightAncestors) {
    StyleSheet sheet = parse(R"(
        blockquote > p em { color: red }
        article li > p > em { font-weight: bold }
        ul li p em { text-transform: uppercase }
    )");
    // article ▸ blockquote ▸ ul ▸ li ▸ p ▸ em: the p is not a child of the blockquote.
    ComputedStyle nested =
        style_at(sheet, {{"article"}, {"blockquote"}, {"ul"}, {"li"}, {"p"}, {"em"}});
    EXPECT_EQ(nested.color, (Color{0, 0, 0, 255}));
    EXPECT_EQ(nested.font_weight, 700);
    EXPECT_EQ(nested.text_transform, TextTransform::uppercase);
    // article ▸ blockquote ▸ p ▸ strong ▸ em
    ComputedStyle direct =
        style_at(sheet, {{"article"}, {"blockquote"}, {"p"}, {"strong"}, {"em"}});
    EXPECT_EQ(direct.color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(direct.font_weight, 400);
}

TEST(StyleSelectors, LongSelectorsOnDeepTreesStayFast) {
    // 31 descendant compounds that nearly match a 300-deep chain of list items.
    std::string css = "table";
    for (int i = 0; i < 30; ++i) css += " li";
    css += " { color: red }";
    StyleSheet sheet = parse(css);
    std::vector<StyleElement> chain(300);
    for (std::size_t i = 0; i < chain.size(); ++i) {
        chain[i].role = i == 0 ? "article" : "li";
        chain[i].parent = i == 0 ? nullptr : &chain[i - 1];
    }
    auto start = std::chrono::steady_clock::now();
    ComputedStyle s = compute_style(sheet, Medium::pdf, chain.back(), nullptr);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(s.color, (Color{0, 0, 0, 255}));
    EXPECT_LT(seconds, 0.5);
}

TEST(StyleSelectors, AdjacentSiblingIsTheElementRightAfter) {
    StyleSheet sheet = parse(R"(
        p { text-indent: 1em }
        h2 + p { text-indent: 0 }
    )");
    const std::vector<Node> tree = {
        {"article"},       // 0
        {"headline", 0},   // 1
        {"p", 0},          // 2: after the headline
        {"h2", 0},         // 3
        {"p", 0},          // 4: right after the h2
        {"p", 0},          // 5: after a p
        {"h3", 0},         // 6
        {"p", 0},          // 7: after an h3
        {"h2", 0},         // 8
        {"blockquote", 0}, // 9: right after the h2, but no p
        {"p", 9},          // 10: the blockquote's first child, not the h2's sibling
        {"h2", 0},         // 11
        {"figure", 0},     // 12
        {"p", 0},          // 13: after the figure, not right after the h2
    };
    const std::vector<ComputedStyle> styles = tree_styles(sheet, tree);
    EXPECT_DOUBLE_EQ(styles[2].text_indent, 10);
    EXPECT_DOUBLE_EQ(styles[4].text_indent, 0);
    EXPECT_DOUBLE_EQ(styles[5].text_indent, 10);
    EXPECT_DOUBLE_EQ(styles[7].text_indent, 10);
    EXPECT_DOUBLE_EQ(styles[10].text_indent, 10);
    EXPECT_DOUBLE_EQ(styles[13].text_indent, 10);
}

TEST(StyleSelectors, GeneralSiblingIsEveryLaterSibling) {
    StyleSheet sheet = parse(R"(
        h2 ~ p { color: red }
        h2 ~ p ~ p { font-weight: bold }
    )");
    const std::vector<Node> tree = {
        {"article"},       // 0
        {"p", 0},          // 1: before the h2
        {"h2", 0},         // 2
        {"p", 0},          // 3
        {"figure", 0},     // 4
        {"p", 0},          // 5
        {"blockquote", 0}, // 6
        {"p", 6},          // 7: inside the blockquote, not a sibling
        {"p", 0},          // 8
    };
    const std::vector<ComputedStyle> styles = tree_styles(sheet, tree);
    const Color red{255, 0, 0, 255}, black{0, 0, 0, 255};
    EXPECT_EQ(styles[1].color, black);
    EXPECT_EQ(styles[3].color, red);
    EXPECT_EQ(styles[5].color, red);
    EXPECT_EQ(styles[7].color, black);
    EXPECT_EQ(styles[8].color, red);
    EXPECT_EQ(styles[3].font_weight, 400); // no p between it and the h2
    EXPECT_EQ(styles[5].font_weight, 700);
    EXPECT_EQ(styles[8].font_weight, 700);
    EXPECT_EQ(styles[7].font_weight, 400);
}

TEST(StyleSelectors, SiblingCombinatorsWithDescendantAndChild) {
    StyleSheet sheet = parse(R"(
        article h2 + p { color: red }
        blockquote > h2 + p.lead { font-weight: bold }
        li h3 ~ p em { font-style: italic }
        h2 + p > em { text-transform: uppercase }
        h2 ~ p strong em { text-decoration: underline }
    )");
    const std::vector<Node> tree = {
        {"article"},                 // 0
        {"h2", 0},                   // 1
        {"p", 0, classes({"lead"})}, // 2: after the h2, not in a blockquote
        {"em", 2},                   // 3: a child of the p after the h2
        {"blockquote", 0},           // 4
        {"h2", 4},                   // 5
        {"p", 4, classes({"lead"})}, // 6: right after the blockquote's h2
        {"p", 4, classes({"lead"})}, // 7: after a p
        {"ul", 0},                   // 8
        {"li", 8},                   // 9
        {"h3", 9},                   // 10
        {"p", 9},                    // 11
        {"strong", 11},              // 12
        {"em", 12},                  // 13: in a p after an h3 in an li
        {"p", 0},                    // 14: after the ul, still after the first h2
        {"strong", 14},              // 15
        {"em", 15},                  // 16
    };
    const std::vector<ComputedStyle> styles = tree_styles(sheet, tree);
    const Color red{255, 0, 0, 255}, black{0, 0, 0, 255};
    EXPECT_EQ(styles[2].color, red);
    EXPECT_EQ(styles[2].font_weight, 400);
    EXPECT_EQ(styles[3].text_transform, TextTransform::uppercase);
    EXPECT_EQ(styles[6].color, red);
    EXPECT_EQ(styles[6].font_weight, 700);
    EXPECT_EQ(styles[7].color, black);
    EXPECT_EQ(styles[7].font_weight, 400);
    EXPECT_EQ(styles[11].color, black); // after an h3
    EXPECT_EQ(styles[13].font_style, FontStyle::italic);
    EXPECT_FALSE(styles[13].underline); // its p follows an h3, not an h2
    EXPECT_EQ(styles[16].font_style, FontStyle::normal);
    EXPECT_TRUE(styles[16].underline);
    EXPECT_EQ(styles[16].text_transform, TextTransform::none); // a grandchild, not a child
}

TEST(StyleSelectors, SiblingSelectorsHaveTheSpecificityOfTheirCompounds) {
    // `h2 + p` and `h2 ~ p` count two types: more than `p`, less than `p.lead`; between
    // themselves the later rule wins.
    StyleSheet sheet = parse(R"(
        p.lead { color: blue }
        h2 + p { color: red; font-weight: 300 }
        p { color: green; font-weight: 500 }
        h2 ~ p { font-weight: bold }
        h2 + p { font-weight: normal }
    )");
    const std::vector<Node> tree = {
        {"article"}, {"h2", 0}, {"p", 0, classes({"lead"})}, {"h2", 0}, {"p", 0}, {"p", 0},
    };
    const std::vector<ComputedStyle> styles = tree_styles(sheet, tree);
    EXPECT_EQ(styles[2].color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(styles[2].font_weight, 400);
    EXPECT_EQ(styles[4].color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(styles[4].font_weight, 400);
    EXPECT_EQ(styles[5].color, (Color{0, 128, 0, 255}));
    EXPECT_EQ(styles[5].font_weight, 700);
}

TEST(StyleSelectors, DanglingSiblingCombinatorsDropTheirRule) {
    Warnings warnings;
    StyleSheet sheet = parse("h2 + { color: red }\n"
                             "h2 ~ { color: red }\n"
                             "+ p { color: red }\n"
                             "h2 + ~ p { color: red }\n"
                             "p::before + p { color: red }\n"
                             "p::before > em { color: red }\n"
                             "div > h2 + p.lead { color: red }\n"
                             "p { color: #123456 }",
                             &warnings);
    ASSERT_EQ(warnings.size(), 7u) << joined(warnings);
    EXPECT_EQ(warnings[0].to_string(),
              "test.css:1:4: warning: expected a selector after '+'; rule dropped");
    EXPECT_EQ(warnings[1].to_string(),
              "test.css:2:4: warning: expected a selector after '~'; rule dropped");
    EXPECT_EQ(warnings[2].to_string(),
              "test.css:3:1: warning: expected a selector, found '+'; rule dropped");
    EXPECT_EQ(warnings[3].to_string(),
              "test.css:4:6: warning: expected a selector, found '~'; rule dropped");
    EXPECT_EQ(warnings[4].to_string(), "test.css:5:11: warning: nothing may follow a "
                                       "pseudo-element in a selector; rule dropped");
    EXPECT_EQ(warnings[5].to_string(), "test.css:6:11: warning: nothing may follow a "
                                       "pseudo-element in a selector; rule dropped");
    // An unknown role in a sibling selector is a warning; the rule stays and never matches.
    EXPECT_EQ(warnings[6].to_string(),
              "test.css:7:1: warning: unknown element 'div' (it never matches)");
    const std::vector<ComputedStyle> styles =
        tree_styles(sheet, {{"article"}, {"h2", 0}, {"p", 0, classes({"lead"})}});
    EXPECT_EQ(styles[2].color, (Color{0x12, 0x34, 0x56, 255}));
}

TEST(StyleSelectors, LongSiblingSelectorsOnWideTreesStayFast) {
    // Thirty compounds joined by ` ` and `~` that nearly match a 60-deep chain of list items,
    // each with 40 earlier siblings: backtracking would try every choice of ancestor and
    // sibling; the matcher passes each element once a compound.
    std::string css = "table";
    for (int i = 0; i < 30; ++i) css += i % 2 ? " ~ li" : " li";
    css += " { color: red }";
    StyleSheet sheet = parse(css);
    constexpr std::size_t depth = 60, before = 40;
    std::vector<std::vector<StyleElement>> levels(depth);
    StyleElement root;
    root.role = "article";
    const StyleElement* parent = &root;
    for (auto& level : levels) {
        level.resize(before + 1);
        for (StyleElement& e : level) {
            e.role = "li";
            e.parent = parent;
        }
        number_siblings(level);
        parent = &level.back();
    }
    // Siblings after the deepest element, all matched against the selector too.
    std::vector<StyleElement> last(200);
    for (StyleElement& e : last) {
        e.role = "li";
        e.parent = parent;
    }
    number_siblings(last);
    auto start = std::chrono::steady_clock::now();
    for (const StyleElement& e : last)
        EXPECT_EQ(compute_style(sheet, Medium::pdf, e, nullptr).color, (Color{0, 0, 0, 255}));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 1.0);
}

TEST(StyleSelectors, ClassesIdsAndAttributesFromAttr) {
    StyleSheet sheet = parse(R"(
        .contact.box { color: red }
        #lead { font-weight: bold }
        [data-kind=analysis] { font-style: italic }
        [lang] { text-transform: uppercase }
    )");
    Attr both = classes({"box", "contact"}, "lead");
    both.values = {{"data-kind", "analysis"}, {"lang", "kk"}};
    ComputedStyle s = style_at(sheet, {{"p", both}});
    EXPECT_EQ(s.color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(s.font_weight, 700);
    EXPECT_EQ(s.font_style, FontStyle::italic);
    EXPECT_EQ(s.text_transform, TextTransform::uppercase);
    ComputedStyle only_one = style_at(sheet, {{"p", classes({"contact"})}});
    EXPECT_EQ(only_one.color, (Color{0, 0, 0, 255}));
    EXPECT_EQ(only_one.font_weight, 400);
}

TEST(StyleSelectors, ImportantBeatsSpecificity) {
    StyleSheet sheet = parse(R"(
        p { color: green !important; margin: 1pt ! important }
        #x.y p { color: red; margin: 2pt }
    )");
    ComputedStyle s = style_at(sheet, {{"article", classes({"y"}, "x")}, {"p"}});
    EXPECT_EQ(s.color, (Color{0, 128, 0, 255}));
    EXPECT_DOUBLE_EQ(s.margin.left, 1);
}

TEST(StyleSelectors, UnknownRoleWarnsAndUnsupportedSelectorDropsRule) {
    Warnings warnings;
    StyleSheet sheet = parse("heading { color: red }\nh2:hover { color: blue }\np, q ~ r { color: "
                             "green }\np { color: #123456 }",
                             &warnings);
    ASSERT_EQ(warnings.size(), 4u) << joined(warnings);
    EXPECT_EQ(warnings[0].message, "unknown element 'heading' (it never matches)");
    EXPECT_EQ(warnings[1].to_string(),
              "test.css:2:4: warning: pseudo-class ':hover' is not supported; rule dropped");
    EXPECT_EQ(warnings[2].message, "unknown element 'q' (it never matches)");
    EXPECT_EQ(warnings[3].message, "unknown element 'r' (it never matches)");
    EXPECT_EQ(warnings[3].pos.column, 8);
    EXPECT_EQ(style_at(sheet, {{"p"}}).color, (Color{0x12, 0x34, 0x56, 255}));
}

TEST(StyleSelectors, PseudoElementsBeforeAndAfter) {
    StyleSheet sheet = parse(R"(
        attribution::before { content: "\2014  " attr(data-role) " " }
        tagline::after { content: "###"; display: block; text-align: center }
        p::after { content: none }
        headline:before { content: open-quote "X" close-quote; color: red }
    )");
    Attr attr;
    attr.values = {{"data-role", "Ambassador"}};
    StyleElement element{"attribution", &attr, nullptr, 0, 0, false, false};
    ComputedStyle base = compute_style(sheet, Medium::pdf, element, nullptr);
    auto before = compute_pseudo_style(sheet, Medium::pdf, element, PseudoElement::before, base);
    ASSERT_TRUE(before);
    ASSERT_EQ(before->content.size(), 1u);
    EXPECT_EQ(before->content[0].value, "\u2014 Ambassador ");
    EXPECT_FALSE(compute_pseudo_style(sheet, Medium::pdf, element, PseudoElement::after, base));

    StyleElement tagline{"tagline", nullptr, nullptr, 0, 0, false, false};
    ComputedStyle tagline_style = compute_style(sheet, Medium::pdf, tagline, nullptr);
    auto after =
        compute_pseudo_style(sheet, Medium::pdf, tagline, PseudoElement::after, tagline_style);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->display, Display::block);
    EXPECT_EQ(after->text_align, TextAlign::center);
    EXPECT_EQ(render_content(after->content, {}), "###");

    StyleElement p{"p", nullptr, nullptr, 0, 0, false, false};
    EXPECT_FALSE(compute_pseudo_style(sheet, Medium::pdf, p, PseudoElement::after,
                                      compute_style(sheet, Medium::pdf, p, nullptr)));

    StyleElement headline{"headline", nullptr, nullptr, 0, 0, false, false};
    auto quoted = compute_pseudo_style(sheet, Medium::pdf, headline, PseudoElement::before,
                                       compute_style(sheet, Medium::pdf, headline, nullptr));
    ASSERT_TRUE(quoted);
    EXPECT_EQ(render_content(quoted->content, {}), "\u201CX\u201D");
    EXPECT_EQ(quoted->color, (Color{255, 0, 0, 255}));
}

TEST(StyleSelectors, ContentOutsidePseudoElementsWarns) {
    Warnings warnings;
    parse("p { content: \"x\" }", &warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].message.find("::before"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Computed values

TEST(StyleValues, InheritanceAsCss) {
    StyleSheet sheet = parse(R"(
        article { color: #333; margin: 10pt; text-align: justify; font-size: 12pt; line-height: 1.5;
                  letter-spacing: 1pt; hyphens: auto; widows: 3; border: 1pt solid; padding: 2pt;
                  column-count: 3 }
        headline { font-size: 24pt }
        dek { line-height: 18pt }
        byline { margin: inherit }
    )");
    ComputedStyle article = style_at(sheet, {{"article"}});
    EXPECT_DOUBLE_EQ(article.line_height, 18);
    ComputedStyle h = style_at(sheet, {{"article"}, {"headline"}});
    EXPECT_EQ(h.color, (Color{0x33, 0x33, 0x33, 255}));
    EXPECT_EQ(h.text_align, TextAlign::justify);
    EXPECT_EQ(h.hyphens, Hyphens::automatic);
    EXPECT_EQ(h.widows, 3);
    EXPECT_DOUBLE_EQ(h.letter_spacing, 1);
    EXPECT_DOUBLE_EQ(h.line_height, 36); // a number inherits as a factor
    EXPECT_DOUBLE_EQ(h.margin.top, 0);   // box properties do not inherit
    EXPECT_DOUBLE_EQ(h.padding.left, 0);
    EXPECT_FALSE(h.border.top.visible());
    EXPECT_EQ(h.column_count, 1);
    ComputedStyle dek = style_at(sheet, {{"article"}, {"dek"}, {"em"}});
    EXPECT_DOUBLE_EQ(dek.line_height, 18); // a length inherits as a length
    EXPECT_DOUBLE_EQ(dek.line_height_factor, 0);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"byline"}}).margin.right, 10);
}

TEST(StyleValues, InitialValuesForNews) {
    ComputedStyle s = style_at(StyleSheet(), {{"article"}});
    ASSERT_FALSE(s.font_family.empty());
    EXPECT_EQ(s.font_family[0], "Noto Serif");
    EXPECT_DOUBLE_EQ(s.font_size, 10);
    EXPECT_DOUBLE_EQ(s.line_height, 12);
    EXPECT_EQ(s.color, (Color{0, 0, 0, 255}));
    EXPECT_TRUE(s.background_color.transparent());
    EXPECT_EQ(s.hyphens, Hyphens::manual);
    EXPECT_EQ(s.widows, 2);
    EXPECT_EQ(s.orphans, 2);
}

TEST(StyleValues, EveryLengthUnit) {
    StyleSheet sheet = parse(R"(
        article { font-size: 12pt }
        p { font-size: 20px; margin-top: 10mm; margin-right: 1cm; margin-bottom: 1in; margin-left: 2pc;
            padding-top: 4q; padding-right: 2em; padding-bottom: 2ex; padding-left: 1.5rem;
            text-indent: 0; width: 50%; max-width: 120pt; letter-spacing: 0.1em }
        em { font-size: 50% }
        strong { font-size: 2em }
        code { font-size: 1rem }
    )");
    ComputedStyle p = style_at(sheet, {{"article"}, {"p"}});
    EXPECT_DOUBLE_EQ(p.font_size, 15);
    EXPECT_NEAR(p.margin.top, 28.3465, 1e-3);
    EXPECT_NEAR(p.margin.right, 28.3465, 1e-3);
    EXPECT_DOUBLE_EQ(p.margin.bottom, 72);
    EXPECT_DOUBLE_EQ(p.margin.left, 24);
    EXPECT_NEAR(p.padding.top, 2.8346, 1e-3);
    EXPECT_DOUBLE_EQ(p.padding.right, 30);  // em: own font size
    EXPECT_DOUBLE_EQ(p.padding.bottom, 15); // ex = 0.5em
    EXPECT_DOUBLE_EQ(p.padding.left, 18);   // rem: the root's 12pt
    EXPECT_EQ(p.width.kind, Dimension::Kind::percent);
    EXPECT_DOUBLE_EQ(p.width.resolve(300, 0), 150);
    EXPECT_DOUBLE_EQ(p.max_width.resolve(300, 0), 120);
    EXPECT_DOUBLE_EQ(p.letter_spacing, 1.5);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"p"}, {"em"}}).font_size, 7.5);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"p"}, {"strong"}}).font_size, 30);
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"p"}, {"code"}}).font_size, 12);
}

TEST(StyleValues, FontSizeKeywordsWeightAndLineHeight) {
    StyleSheet sheet = parse(R"(
        article { font-size: medium; font-weight: 300; line-height: normal }
        p { font-size: larger; font-weight: bolder; line-height: 150% }
        em { font-size: smaller; font-weight: lighter }
        dek { font-size: x-large; font-weight: bold }
        byline { font: italic small-caps 600 9pt/1.3 "Noto Sans", sans-serif }
    )");
    ComputedStyle article = style_at(sheet, {{"article"}});
    EXPECT_DOUBLE_EQ(article.font_size, 10);
    EXPECT_DOUBLE_EQ(article.line_height, 12);
    ComputedStyle p = style_at(sheet, {{"article"}, {"p"}});
    EXPECT_DOUBLE_EQ(p.font_size, 12);
    EXPECT_EQ(p.font_weight, 400);
    EXPECT_DOUBLE_EQ(p.line_height, 18);
    ComputedStyle em = style_at(sheet, {{"article"}, {"p"}, {"em"}});
    EXPECT_DOUBLE_EQ(em.font_size, 10);
    EXPECT_EQ(em.font_weight, 100);
    EXPECT_DOUBLE_EQ(em.line_height, 18); // a percentage inherits as the length it made
    EXPECT_DOUBLE_EQ(style_at(sheet, {{"article"}, {"dek"}}).font_size, 15);
    ComputedStyle byline = style_at(sheet, {{"article"}, {"byline"}});
    EXPECT_EQ(byline.font_style, FontStyle::italic);
    EXPECT_TRUE(byline.small_caps);
    EXPECT_EQ(byline.font_weight, 600);
    EXPECT_DOUBLE_EQ(byline.font_size, 9);
    EXPECT_NEAR(byline.line_height, 11.7, 1e-9);
    ASSERT_EQ(byline.font_family.size(), 2u);
    EXPECT_EQ(byline.font_family[0], "Noto Sans");
    EXPECT_EQ(byline.font_family[1], "sans-serif");
}

TEST(StyleValues, FontFamilyLists) {
    StyleSheet sheet = parse(R"(p { font-family: Noto   Serif, "DejaVu Serif", SERIF })");
    ComputedStyle s = style_at(sheet, {{"p"}});
    EXPECT_EQ(s.font_family, (std::vector<std::string>{"Noto Serif", "DejaVu Serif", "serif"}));
}

TEST(StyleValues, Colors) {
    StyleSheet sheet = parse(R"(
        p { color: #abc }
        em { color: #abcd }
        strong { color: #a0b1c2 }
        code { color: #a0b1c280 }
        a { color: rgb(10, 20, 30) }
        sup { color: rgba(10, 20, 30, 0.5) }
        sub { color: rgb(100% 50% 0% / 25%) }
        dek { color: RebeccaPurple; background-color: transparent }
        byline { color: hsl(120, 100%, 25%) }
        credit { color: red; border-bottom: 1pt solid; background-color: currentColor }
        figcaption { color: blue; border-top: 1pt solid currentcolor }
        tagline { color: navy; column-rule: 1pt solid }
    )");
    EXPECT_EQ(style_at(sheet, {{"p"}}).color, (Color{0xaa, 0xbb, 0xcc, 255}));
    EXPECT_EQ(style_at(sheet, {{"em"}}).color, (Color{0xaa, 0xbb, 0xcc, 0xdd}));
    EXPECT_EQ(style_at(sheet, {{"strong"}}).color, (Color{0xa0, 0xb1, 0xc2, 255}));
    EXPECT_EQ(style_at(sheet, {{"code"}}).color, (Color{0xa0, 0xb1, 0xc2, 0x80}));
    EXPECT_EQ(style_at(sheet, {{"a"}}).color, (Color{10, 20, 30, 255}));
    EXPECT_EQ(style_at(sheet, {{"sup"}}).color, (Color{10, 20, 30, 128}));
    EXPECT_EQ(style_at(sheet, {{"sub"}}).color, (Color{255, 128, 0, 64}));
    EXPECT_EQ(style_at(sheet, {{"dek"}}).color, (Color{0x66, 0x33, 0x99, 255}));
    EXPECT_TRUE(style_at(sheet, {{"dek"}}).background_color.transparent());
    EXPECT_EQ(style_at(sheet, {{"byline"}}).color, (Color{0, 128, 0, 255}));
    ComputedStyle credit = style_at(sheet, {{"credit"}});
    EXPECT_EQ(credit.border.bottom.color, (Color{255, 0, 0, 255})); // initial currentColor
    EXPECT_EQ(credit.background_color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(style_at(sheet, {{"figcaption"}}).border.top.color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(style_at(sheet, {{"tagline"}}).column_rule.color, (Color{0, 0, 128, 255}));
}

TEST(StyleValues, InvalidColorsWarn) {
    Warnings warnings;
    parse("p { color: #ab; } em { color: reed } a { color: rgb(1, 2) } b { color: rgb(1 2, 3) }",
          &warnings);
    int invalid = 0;
    for (const auto& w : warnings) invalid += w.message.starts_with("invalid value for 'color'");
    EXPECT_EQ(invalid, 4) << joined(warnings);
}

TEST(StyleValues, ShorthandMarginPaddingBorder) {
    StyleSheet sheet = parse(R"(
        h2 { margin: 1pt }
        h3 { margin: 1pt 2pt }
        h4 { margin: 1pt 2pt 3pt }
        p { margin: 1pt 2pt 3pt 4pt; padding: 0 1em }
        blockquote { border: 2pt solid #f00; border-left: none; border-top-width: thick }
        pullquote { border-width: 1pt 2pt; border-style: solid none; border-color: red blue }
    )");
    auto m = [&](std::string_view role) { return style_at(sheet, {{role}}).margin; };
    EXPECT_EQ(m("h2"), (Edges{1, 1, 1, 1}));
    EXPECT_EQ(m("h3"), (Edges{1, 2, 1, 2}));
    EXPECT_EQ(m("h4"), (Edges{1, 2, 3, 2}));
    EXPECT_EQ(m("p"), (Edges{1, 2, 3, 4}));
    EXPECT_EQ(style_at(sheet, {{"p"}}).padding, (Edges{0, 10, 0, 10}));
    ComputedStyle q = style_at(sheet, {{"blockquote"}});
    EXPECT_DOUBLE_EQ(q.border.top.width, 3.75);
    EXPECT_EQ(q.border.right.style, BorderStyle::solid);
    EXPECT_EQ(q.border.right.color, (Color{255, 0, 0, 255}));
    EXPECT_FALSE(q.border.left.visible());
    EXPECT_DOUBLE_EQ(q.border.left.width, 0);
    ComputedStyle pq = style_at(sheet, {{"pullquote"}});
    EXPECT_DOUBLE_EQ(pq.border.top.width, 1);
    EXPECT_DOUBLE_EQ(pq.border.right.width, 0); // style none
    EXPECT_EQ(pq.border.bottom.color, (Color{255, 0, 0, 255}));
}

TEST(StyleValues, ColumnsBreaksAndPrintProperties) {
    StyleSheet sheet = parse(R"(
        article { column-count: 5; column-gap: 4.5mm; column-rule: 0.25pt solid #999; baseline-grid: 12pt }
        headline { column-span: all }
        figure { column-span: 3; float: top; break-inside: avoid-page }
        pullquote { column-span: none; page-break-before: always; page-break-after: avoid }
        h2 { break-after: column; column-gap: normal; font-size: 20pt }
        p { hyphens: auto; hyphenate-limit-chars: 6 3; widows: 3; orphans: 4 }
        li { hyphenate-limit-chars: auto auto 4 }
        headline { string-set: headline content(), kicker "News" }
        tagline { display: none }
    )");
    ComputedStyle a = style_at(sheet, {{"article"}});
    EXPECT_EQ(a.column_count, 5);
    EXPECT_NEAR(a.column_gap, 4.5 * mm, 1e-9);
    EXPECT_DOUBLE_EQ(a.column_rule.width, 0.25);
    EXPECT_EQ(a.column_rule.color, (Color{0x99, 0x99, 0x99, 255}));
    EXPECT_DOUBLE_EQ(a.baseline_grid, 12);
    EXPECT_TRUE(style_at(sheet, {{"article"}, {"headline"}}).column_span.all);
    ComputedStyle fig = style_at(sheet, {{"article"}, {"figure"}});
    EXPECT_FALSE(fig.column_span.all);
    EXPECT_EQ(fig.column_span.count, 3);
    EXPECT_EQ(fig.column_span.columns_in(5), 3);
    EXPECT_EQ(fig.float_placement, Float::top);
    EXPECT_EQ(fig.break_inside, BreakInside::avoid);
    EXPECT_DOUBLE_EQ(fig.baseline_grid, 12); // inherited
    ComputedStyle pq = style_at(sheet, {{"pullquote"}});
    EXPECT_EQ(pq.column_span.count, 1);
    EXPECT_EQ(pq.break_before, BreakBetween::page);
    EXPECT_EQ(pq.break_after, BreakBetween::avoid);
    ComputedStyle h2 = style_at(sheet, {{"h2"}});
    EXPECT_EQ(h2.break_after, BreakBetween::column);
    EXPECT_DOUBLE_EQ(h2.column_gap, 20); // normal = 1em
    ComputedStyle p = style_at(sheet, {{"p"}});
    EXPECT_EQ(p.hyphenate_limit_chars, (HyphenateLimits{6, 3, 3}));
    EXPECT_EQ(p.widows, 3);
    EXPECT_EQ(p.orphans, 4);
    EXPECT_EQ(style_at(sheet, {{"li"}}).hyphenate_limit_chars, (HyphenateLimits{5, 2, 4}));
    ComputedStyle h = style_at(sheet, {{"headline"}});
    ASSERT_EQ(h.string_set.size(), 2u);
    EXPECT_EQ(h.string_set[0].name, "headline");
    EXPECT_EQ(h.string_set[0].content[0].kind, ContentPart::Kind::element_text);
    EXPECT_EQ(h.string_set[1].content[0].value, "News");
    EXPECT_EQ(style_at(sheet, {{"tagline"}}).display, Display::none);
}

TEST(StyleValues, JustificationLimitsParseAndInherit) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(
        article { galley-glyph-scaling: 95% 105%; galley-letter-spacing: -2% 5% }
        blockquote { galley-glyph-scaling: none; galley-letter-spacing: none }
        pullquote { galley-glyph-scaling: 90% 110%; galley-letter-spacing: -5% 10% }
        figure { galley-glyph-scaling: initial; galley-letter-spacing: initial }
        tagline { galley-glyph-scaling: 100% 100.5%; galley-letter-spacing: 0% 0.5% }
    )",
                             &warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);

    // The initial values, without a sheet that sets them.
    const ComputedStyle plain = style_at(parse(""), {{"article"}, {"p"}});
    EXPECT_DOUBLE_EQ(plain.glyph_scaling_min, 0.98);
    EXPECT_DOUBLE_EQ(plain.glyph_scaling_max, 1.02);
    EXPECT_DOUBLE_EQ(plain.justify_letter_min, -0.01);
    EXPECT_DOUBLE_EQ(plain.justify_letter_max, 0.02);

    // Inherited from the article by its paragraphs, and on down.
    const ComputedStyle p = style_at(sheet, {{"article"}, {"p"}, {"em"}});
    EXPECT_DOUBLE_EQ(p.glyph_scaling_min, 0.95);
    EXPECT_DOUBLE_EQ(p.glyph_scaling_max, 1.05);
    EXPECT_DOUBLE_EQ(p.justify_letter_min, -0.02);
    EXPECT_DOUBLE_EQ(p.justify_letter_max, 0.05);

    // `none`: no scaling, no letter spacing.
    const ComputedStyle quoted = style_at(sheet, {{"article"}, {"blockquote"}, {"p"}});
    EXPECT_DOUBLE_EQ(quoted.glyph_scaling_min, 1);
    EXPECT_DOUBLE_EQ(quoted.glyph_scaling_max, 1);
    EXPECT_DOUBLE_EQ(quoted.justify_letter_min, 0);
    EXPECT_DOUBLE_EQ(quoted.justify_letter_max, 0);

    // The ends of the ranges are allowed.
    const ComputedStyle pull = style_at(sheet, {{"article"}, {"pullquote"}});
    EXPECT_DOUBLE_EQ(pull.glyph_scaling_min, 0.9);
    EXPECT_DOUBLE_EQ(pull.glyph_scaling_max, 1.1);
    EXPECT_DOUBLE_EQ(pull.justify_letter_min, -0.05);
    EXPECT_DOUBLE_EQ(pull.justify_letter_max, 0.1);

    // `initial` goes back to 98% 102% and -1% 2%, whatever the parent says.
    const ComputedStyle figure = style_at(sheet, {{"article"}, {"figure"}, {"figcaption"}});
    EXPECT_DOUBLE_EQ(figure.glyph_scaling_min, 0.98);
    EXPECT_DOUBLE_EQ(figure.glyph_scaling_max, 1.02);
    EXPECT_DOUBLE_EQ(figure.justify_letter_min, -0.01);
    EXPECT_DOUBLE_EQ(figure.justify_letter_max, 0.02);

    // Fractions of a percent.
    const ComputedStyle tagline = style_at(sheet, {{"article"}, {"tagline"}});
    EXPECT_DOUBLE_EQ(tagline.glyph_scaling_max, 1.005);
    EXPECT_DOUBLE_EQ(tagline.justify_letter_min, 0);
    EXPECT_DOUBLE_EQ(tagline.justify_letter_max, 0.005);

    // The reading system has no line breaker to give them to.
    CssWriteOptions options;
    options.selector_for_role = [](std::string_view role) { return std::string(role); };
    EXPECT_EQ(to_css(sheet, Medium::epub, options), "");
}

TEST(StyleValues, InvalidJustificationLimitsWarnWithTheRangeAndAreDropped) {
    const std::string scaling_range = "(expected none or MIN MAX, two percentages of the glyphs' "
                                      "width: MIN from 90% to 100%, MAX from 100% to 110%)";
    const std::string spacing_range = "(expected none or MIN MAX, two percentages of the font "
                                      "size: MIN from -5% to 0%, MAX from 0% to 10%)";
    struct Case {
        std::string value;
        bool scaling; // galley-glyph-scaling, else galley-letter-spacing
        const char* why;
    };
    const std::vector<Case> cases = {
        {"98%", true, "one value"},
        {"102%", false, "one value"},
        {"98% 100% 102%", true, "three values"},
        {"85% 102%", true, "MIN below its range"},
        {"100.5% 102%", true, "MIN above its range"},
        {"98% 99%", true, "MAX below its range"},
        {"98% 115%", true, "MAX above its range"},
        {"-6% 2%", false, "MIN below its range"},
        {"1% 2%", false, "MIN above its range"},
        {"-1% -0.5%", false, "MAX below its range"},
        {"-1% 11%", false, "MAX above its range"},
        {"102% 98%", true, "MIN greater than MAX"},
        {"2% -1%", false, "MIN greater than MAX"},
        {"0.98 1.02", true, "numbers, not percentages"},
        {"-0.01em 0.02em", false, "em, not percentages"},
        {"98pt 102pt", true, "points, not percentages"},
        {"0 0", false, "unitless zeros"},
        {"none 100%", true, "none with a value"},
        {"auto", false, "a keyword"},
    };
    for (const Case& c : cases) {
        const std::string name = c.scaling ? "galley-glyph-scaling" : "galley-letter-spacing";
        SCOPED_TRACE(name + ": " + c.value + " (" + c.why + ")");
        Warnings warnings;
        // The valid declaration before it stays in force.
        const std::string valid = c.scaling ? "95% 105%" : "-2% 3%";
        StyleSheet sheet = parse(
            "p {\n  " + name + ": " + valid + ";\n  " + name + ": " + c.value + ";\n}", &warnings);
        ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
        const Warning& w = warnings.back();
        EXPECT_EQ(w.to_string(), "test.css:3:" + std::to_string(name.size() + 5) +
                                     ": warning: invalid value for '" + name + "': " + c.value +
                                     " " + (c.scaling ? scaling_range : spacing_range));
        const ComputedStyle style = style_at(sheet, {{"article"}, {"p"}});
        if (c.scaling) {
            EXPECT_DOUBLE_EQ(style.glyph_scaling_min, 0.95);
            EXPECT_DOUBLE_EQ(style.glyph_scaling_max, 1.05);
        } else {
            EXPECT_DOUBLE_EQ(style.justify_letter_min, -0.02);
            EXPECT_DOUBLE_EQ(style.justify_letter_max, 0.03);
        }
    }

    // Through var(), the value is found invalid when the style is computed; the property
    // then inherits (it is inherited), and the warning says the range too.
    Warnings warnings;
    StyleSheet sheet = parse("article { galley-glyph-scaling: 95% 105% }\n"
                             "p { --scale: 80% 120%; galley-glyph-scaling: var(--scale) }",
                             &warnings);
    ASSERT_TRUE(warnings.empty()) << joined(warnings);
    const ComputedStyle style = style_at(sheet, {{"article"}, {"p"}}, Medium::pdf, &warnings);
    EXPECT_DOUBLE_EQ(style.glyph_scaling_min, 0.95);
    EXPECT_DOUBLE_EQ(style.glyph_scaling_max, 1.05);
    ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
    EXPECT_NE(warnings[0].message.find(scaling_range), std::string::npos) << warnings[0].message;
}

TEST(StyleValues, CssWideKeywords) {
    StyleSheet sheet = parse(R"(
        article { color: red; margin: 4pt; font-size: 14pt }
        p { color: initial; margin: inherit; font-size: unset }
        em { border-top: 1pt solid blue; border-top-color: unset }
    )");
    ComputedStyle p = style_at(sheet, {{"article"}, {"p"}});
    EXPECT_EQ(p.color, (Color{0, 0, 0, 255}));
    EXPECT_DOUBLE_EQ(p.margin.top, 4);
    EXPECT_DOUBLE_EQ(p.font_size, 14);
    ComputedStyle em = style_at(sheet, {{"article"}, {"em"}});
    EXPECT_EQ(em.border.top.color, (Color{255, 0, 0, 255})); // unset → initial currentColor
}

// ---------------------------------------------------------------------------------------------
// Custom properties

TEST(StyleVariables, VarWithFallbackAndInheritance) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(
        article { --accent: #0b3d6e; --gap: 6pt; --rule: 1pt solid var(--accent) }
        headline { color: var(--accent); margin: var(--gap) 0; border-bottom: var(--rule) }
        dek { color: var(--missing, #123); padding: var(--missing, var(--gap)) }
        p { --accent: red; color: var(--accent) }
    )",
                             &warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
    ComputedStyle h = style_at(sheet, {{"article"}, {"headline"}}, Medium::pdf, &warnings);
    EXPECT_EQ(h.color, (Color{0x0b, 0x3d, 0x6e, 255}));
    EXPECT_DOUBLE_EQ(h.margin.top, 6);
    EXPECT_DOUBLE_EQ(h.margin.left, 0);
    EXPECT_DOUBLE_EQ(h.border.bottom.width, 1);
    EXPECT_EQ(h.border.bottom.color, (Color{0x0b, 0x3d, 0x6e, 255}));
    EXPECT_EQ(h.custom_property("--accent"), std::optional<std::string>("#0b3d6e"));
    ComputedStyle d = style_at(sheet, {{"article"}, {"dek"}}, Medium::pdf, &warnings);
    EXPECT_EQ(d.color, (Color{0x11, 0x22, 0x33, 255}));
    EXPECT_DOUBLE_EQ(d.padding.right, 6);
    EXPECT_EQ(style_at(sheet, {{"article"}, {"p"}}, Medium::pdf, &warnings).color,
              (Color{255, 0, 0, 255}));
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
}

TEST(StyleVariables, UndefinedAndInvalidAfterSubstitution) {
    StyleSheet sheet = parse(R"(
        article { color: blue; --size: big }
        p { color: var(--nothing); font-size: var(--size) }
    )");
    Warnings warnings;
    ComputedStyle p = style_at(sheet, {{"article"}, {"p"}}, Medium::pdf, &warnings);
    EXPECT_EQ(p.color, (Color{0, 0, 255, 255})); // invalid at computed time: unset = inherit
    EXPECT_DOUBLE_EQ(p.font_size, 10);
    ASSERT_EQ(warnings.size(), 2u) << joined(warnings);
    EXPECT_NE(joined(warnings).find("test.css:3:13: warning: 'color' is invalid: custom property "
                                    "'--nothing' has no value (undefined or invalid)"),
              std::string::npos)
        << joined(warnings);
    EXPECT_NE(joined(warnings).find(
                  "test.css:3:36: warning: 'font-size' is invalid after var() substitution: big"),
              std::string::npos)
        << joined(warnings);
    // Computing again adds no duplicate.
    style_at(sheet, {{"article"}, {"p"}}, Medium::pdf, &warnings);
    EXPECT_EQ(warnings.size(), 2u);
}

TEST(StyleVariables, CyclesAreInvalid) {
    StyleSheet sheet = parse(R"(
        p { --a: var(--b, 1pt); --b: var(--a, 2pt); --c: var(--c); margin-top: var(--a, 3pt); margin-left: 5pt }
    )");
    Warnings warnings;
    ComputedStyle p = style_at(sheet, {{"p"}}, Medium::pdf, &warnings);
    EXPECT_DOUBLE_EQ(p.margin.top, 3);
    EXPECT_DOUBLE_EQ(p.margin.left, 5);
    EXPECT_FALSE(p.custom_property("--a"));
    EXPECT_FALSE(p.custom_property("--c"));
    EXPECT_NE(joined(warnings).find("cycle"), std::string::npos) << joined(warnings);
}

TEST(StyleVariables, DeepNestingIsBoundedNotFatal) {
    // 10,000 nested var() fallbacks, and a chain of 10,000 custom properties.
    std::string nested = "p { margin-top: ";
    for (int i = 0; i < 10000; ++i) nested += "var(--x, ";
    nested += "1pt";
    for (int i = 0; i < 10000; ++i) nested += ")";
    nested += "; margin-left: 2pt }\narticle {";
    for (int i = 0; i < 10000; ++i)
        nested += " --v" + std::to_string(i) + ": var(--v" + std::to_string(i + 1) + ");";
    nested += " --v10000: 4pt; padding-top: var(--v0, 6pt); padding-left: var(--v9990);"
              " padding-right: var(--v9968, 8pt); padding-bottom: var(--v9967, 9pt) }";

    auto start = std::chrono::steady_clock::now();
    Warnings warnings;
    StyleSheet sheet = parse(nested, &warnings);
    ComputedStyle p = style_at(sheet, {{"p"}}, Medium::pdf, &warnings);
    ComputedStyle article = style_at(sheet, {{"article"}}, Medium::pdf, &warnings);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    EXPECT_DOUBLE_EQ(p.margin.top, 0); // invalid: too deep
    EXPECT_DOUBLE_EQ(p.margin.left, 2);
    EXPECT_DOUBLE_EQ(article.padding.top, 6);    // the chain is too long: the fallback
    EXPECT_DOUBLE_EQ(article.padding.left, 4);   // a short chain still works
    EXPECT_DOUBLE_EQ(article.padding.right, 4);  // 32 levels: the limit
    EXPECT_DOUBLE_EQ(article.padding.bottom, 9); // 33 levels: too deep, whatever the order
    EXPECT_TRUE(article.custom_property("--v9968"));
    EXPECT_FALSE(article.custom_property("--v9967"));
    EXPECT_NE(joined(warnings).find("nested deeper than 32"), std::string::npos);
    EXPECT_LT(seconds, 5.0);
}

TEST(StyleVariables, ExponentialGrowthIsBounded) {
    std::string css = "p { --a0: x;";
    for (int i = 1; i <= 30; ++i)
        css += " --a" + std::to_string(i) + ": var(--a" + std::to_string(i - 1) + ") var(--a" +
               std::to_string(i - 1) + ");";
    css += " font-family: var(--a30), serif }";
    Warnings warnings;
    StyleSheet sheet = parse(css, &warnings);
    ComputedStyle p = style_at(sheet, {{"p"}}, Medium::pdf, &warnings);
    EXPECT_EQ(p.font_family[0], "Noto Serif");
    EXPECT_NE(joined(warnings).find("65536 tokens"), std::string::npos) << joined(warnings);
}

// ---------------------------------------------------------------------------------------------
// @media

TEST(StyleMedia, RulesApplyPerMedium) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(
        p { color: black; margin-top: 1pt }
        @media pdf { p { color: red } }
        @media epub { p { color: green } }
        @media print { p { color: blue } }
        @media screen { p { margin-top: 2pt } }
        @media all { p { margin-left: 3pt } }
        @media pdf, print { p { margin-right: 4pt } }
        @media not print { p { padding-top: 5pt } }
        @media print { @media pdf { p { padding-left: 9pt } } }
        @media tv { p { padding-left: 8pt } }
    )",
                             &warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
    ComputedStyle pdf = style_at(sheet, {{"p"}}, Medium::pdf);
    ComputedStyle epub = style_at(sheet, {{"p"}}, Medium::epub);
    ComputedStyle print = style_at(sheet, {{"p"}}, Medium::print);
    EXPECT_EQ(pdf.color, (Color{255, 0, 0, 255}));
    EXPECT_EQ(epub.color, (Color{0, 128, 0, 255}));
    EXPECT_EQ(print.color, (Color{0, 0, 255, 255}));
    EXPECT_DOUBLE_EQ(pdf.margin.top, 2);
    EXPECT_DOUBLE_EQ(epub.margin.top, 2);
    EXPECT_DOUBLE_EQ(print.margin.top, 1);
    EXPECT_DOUBLE_EQ(epub.margin.left, 3);
    EXPECT_DOUBLE_EQ(pdf.margin.right, 4);
    EXPECT_DOUBLE_EQ(epub.margin.right, 0);
    EXPECT_DOUBLE_EQ(print.margin.right, 4);
    EXPECT_DOUBLE_EQ(pdf.padding.top, 5);
    EXPECT_DOUBLE_EQ(print.padding.top, 0);
    EXPECT_DOUBLE_EQ(pdf.padding.left, 0);
    EXPECT_DOUBLE_EQ(print.padding.left, 0);
}

TEST(StyleMedia, UnknownMediaAndFeaturesWarn) {
    Warnings warnings;
    StyleSheet sheet = parse(
        "@media pfd { p { color: red } }\n@media print and (min-width: 10cm) { p { color: blue } }",
        &warnings);
    ASSERT_EQ(warnings.size(), 2u) << joined(warnings);
    EXPECT_NE(warnings[0].message.find("unknown medium 'pfd'"), std::string::npos);
    EXPECT_NE(warnings[1].message.find("media features"), std::string::npos);
    EXPECT_EQ(style_at(sheet, {{"p"}}, Medium::print).color, (Color{0, 0, 0, 255}));
}

TEST(StyleMedia, MediumNames) {
    EXPECT_EQ(medium_from_name("EPUB"), Medium::epub);
    EXPECT_FALSE(medium_from_name("screen"));
    EXPECT_STREQ(to_string(Medium::print), "print");
}

// ---------------------------------------------------------------------------------------------
// @page

TEST(StylePages, PaperSizes) {
    auto size_of = [](std::string_view value) {
        Warnings warnings;
        StyleSheet sheet = parse("@page { size: " + std::string(value) + " }", &warnings);
        EXPECT_TRUE(warnings.empty()) << value << "\n" << joined(warnings);
        PageStyle page = compute_page_style(sheet, Medium::print, PageKind::right);
        return std::pair{page.width, page.height};
    };
    auto berliner = size_of("Berliner");
    EXPECT_NEAR(berliner.first, 892.91, 0.01);
    EXPECT_NEAR(berliner.second, 1332.28, 0.01);
    auto a4 = size_of("A4");
    EXPECT_NEAR(a4.first, 595.28, 0.01);
    EXPECT_NEAR(a4.second, 841.89, 0.01);
    auto a4_landscape = size_of("a4 landscape");
    EXPECT_NEAR(a4_landscape.first, 841.89, 0.01);
    EXPECT_NEAR(size_of("landscape A3").second, 841.89, 0.01);
    EXPECT_NEAR(size_of("A5").first, 419.53, 0.01);
    EXPECT_NEAR(size_of("B5").second, 708.66, 0.01);
    EXPECT_DOUBLE_EQ(size_of("letter").first, 612);
    EXPECT_DOUBLE_EQ(size_of("legal").second, 1008);
    EXPECT_DOUBLE_EQ(size_of("tabloid").second, 1224);
    EXPECT_DOUBLE_EQ(size_of("ledger").first, 792);
    auto broadsheet = size_of("broadsheet");
    EXPECT_NEAR(broadsheet.first, 600 * mm, 1e-6);
    EXPECT_NEAR(broadsheet.second, 750 * mm, 1e-6);
    auto explicit_size = size_of("210mm 297mm");
    EXPECT_NEAR(explicit_size.first, 595.28, 0.01);
    EXPECT_NEAR(explicit_size.second, 841.89, 0.01);
    auto square = size_of("10in");
    EXPECT_DOUBLE_EQ(square.first, 720);
    EXPECT_DOUBLE_EQ(square.second, 720);
    EXPECT_NEAR(size_of("auto").first, 595.28, 0.01);
    EXPECT_FALSE(paper_size("A9"));
}

TEST(StylePages, InvalidSizeWarnsAndKeepsA4) {
    Warnings warnings;
    StyleSheet sheet = parse("@page {\n  size: huge;\n  margin: 1in }", &warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].pos.line, 2);
    EXPECT_EQ(warnings[0].pos.column, 9);
    PageStyle page = compute_page_style(sheet, Medium::pdf, PageKind::first);
    EXPECT_NEAR(page.width, 595.28, 0.01);
    EXPECT_DOUBLE_EQ(page.margin.left, 72);
}

TEST(StylePages, FirstLeftRightMarginsBleedMarks) {
    StyleSheet sheet = parse(R"(
        @page { margin: 20mm; bleed: 3mm; marks: crop cross }
        @page :first { margin-top: 40mm }
        @page :left { margin-left: 25mm }
        @page :right { margin-right: 25mm }
        @media pdf { @page { marks: none } }
    )");
    PageStyle first = compute_page_style(sheet, Medium::print, PageKind::first);
    PageStyle left = compute_page_style(sheet, Medium::print, PageKind::left);
    PageStyle right = compute_page_style(sheet, Medium::print, PageKind::right);
    EXPECT_NEAR(first.margin.top, 40 * mm, 1e-9);
    EXPECT_NEAR(first.margin.right, 25 * mm, 1e-9); // the first page is a right page
    EXPECT_NEAR(left.margin.top, 20 * mm, 1e-9);
    EXPECT_NEAR(left.margin.left, 25 * mm, 1e-9);
    EXPECT_NEAR(left.margin.right, 20 * mm, 1e-9);
    EXPECT_NEAR(right.margin.right, 25 * mm, 1e-9);
    EXPECT_NEAR(right.bleed, 3 * mm, 1e-9);
    EXPECT_TRUE(right.crop_marks);
    EXPECT_TRUE(right.cross_marks);
    PageStyle pdf = compute_page_style(sheet, Medium::pdf, PageKind::right);
    EXPECT_FALSE(pdf.crop_marks);

    PageStyle defaults = compute_page_style(StyleSheet(), Medium::pdf, PageKind::first);
    EXPECT_NEAR(defaults.margin.top, 20 * mm, 1e-9);
    EXPECT_DOUBLE_EQ(defaults.bleed, 0);
    StyleSheet crop_only = parse("@page { marks: crop }");
    EXPECT_DOUBLE_EQ(compute_page_style(crop_only, Medium::print, PageKind::left).bleed, 6); // auto
}

TEST(StylePages, MarginBoxesAndTheirContent) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(
        @page {
          font-family: "Noto Sans"; font-size: 8pt; color: #666;
          @top-left { content: string(publication); font-weight: bold }
          @top-right { content: "Page " counter(page) " of " counter(pages); color: black }
          @bottom-center { content: string(headline) " \2014  " string(date) }
          @bottom-left-corner { content: "x" }
          @right-middle { content: string(kicker, first) }
        }
        @page :first { @top-left { content: none } }
    )",
                             &warnings);
    EXPECT_TRUE(warnings.empty()) << joined(warnings);
    PageStyle left = compute_page_style(sheet, Medium::pdf, PageKind::left);
    ASSERT_EQ(left.margin_boxes.size(), 5u);
    const MarginBox* top_left = left.find(MarginBoxPosition::top_left);
    ASSERT_TRUE(top_left);
    EXPECT_EQ(top_left->style.font_family[0], "Noto Sans"); // inherited from @page
    EXPECT_DOUBLE_EQ(top_left->style.font_size, 8);
    EXPECT_EQ(top_left->style.font_weight, 700);
    EXPECT_EQ(top_left->style.color, (Color{0x66, 0x66, 0x66, 255}));
    ASSERT_EQ(top_left->style.content.size(), 1u);
    EXPECT_EQ(top_left->style.content[0].kind, ContentPart::Kind::named_string);
    EXPECT_EQ(top_left->style.content[0].value, "publication");

    const MarginBox* folio = left.find(MarginBoxPosition::top_right);
    ASSERT_TRUE(folio);
    ASSERT_EQ(folio->style.content.size(), 4u);
    EXPECT_EQ(folio->style.content[1].kind, ContentPart::Kind::page_number);
    EXPECT_EQ(folio->style.content[3].kind, ContentPart::Kind::page_count);
    ContentContext context;
    context.page = 3;
    context.pages = 12;
    context.named_string = [](std::string_view name) -> std::string {
        if (name == "headline") return "Media in Astana";
        if (name == "date") return "Dec. 10";
        return {};
    };
    EXPECT_EQ(render_content(folio->style.content, context), "Page 3 of 12");
    const MarginBox* bottom = left.find(MarginBoxPosition::bottom_center);
    ASSERT_TRUE(bottom);
    EXPECT_EQ(render_content(bottom->style.content, context), "Media in Astana \u2014 Dec. 10");
    EXPECT_STREQ(to_string(MarginBoxPosition::bottom_left_corner), "bottom-left-corner");
    // Alignment by position unless the sheet says otherwise.
    EXPECT_EQ(top_left->style.text_align, TextAlign::left);
    EXPECT_EQ(folio->style.text_align, TextAlign::right);
    EXPECT_EQ(bottom->style.text_align, TextAlign::center);
    EXPECT_EQ(left.find(MarginBoxPosition::bottom_left_corner)->style.text_align, TextAlign::right);
    StyleSheet aligned = parse("@page { @top-right { content: \"x\"; text-align: left } }");
    EXPECT_EQ(compute_page_style(aligned, Medium::pdf, PageKind::left)
                  .find(MarginBoxPosition::top_right)
                  ->style.text_align,
              TextAlign::left);

    PageStyle first = compute_page_style(sheet, Medium::pdf, PageKind::first);
    EXPECT_FALSE(first.find(MarginBoxPosition::top_left));
    EXPECT_TRUE(first.find(MarginBoxPosition::top_right));
}

TEST(StylePages, PageContextInheritsFromRootStyle) {
    StyleSheet sheet = parse("article { font-family: Georgia; color: #222 } @page { @bottom-center "
                             "{ content: counter(page) } }");
    ComputedStyle root = style_at(sheet, {{"article"}});
    PageStyle page = compute_page_style(sheet, Medium::print, PageKind::right, &root);
    const MarginBox* box = page.find(MarginBoxPosition::bottom_center);
    ASSERT_TRUE(box);
    EXPECT_EQ(box->style.font_family[0], "Georgia");
    EXPECT_EQ(box->style.color, (Color{0x22, 0x22, 0x22, 255}));
}

TEST(StylePages, MisplacedPropertiesWarn) {
    Warnings warnings;
    parse("p { size: A4; marks: crop }\n@page { column-count: 2; @top-center { bleed: 1mm } "
          "@middle { content: \"x\" } }\n@top-left { content: \"x\" }",
          &warnings);
    ASSERT_EQ(warnings.size(), 6u) << joined(warnings);
    EXPECT_NE(warnings[0].message.find("belongs in @page"), std::string::npos);
    EXPECT_NE(warnings[2].message.find("does not apply in @page"), std::string::npos);
    EXPECT_NE(warnings[3].message.find("does not apply in a margin box"), std::string::npos);
    EXPECT_NE(warnings[4].message.find("unknown margin box"), std::string::npos);
    EXPECT_NE(warnings[5].message.find("belongs inside @page"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// @font-face

TEST(StyleFonts, FontFaceUrlsResolveAgainstTheSheetFolder) {
    test::TempDir dir;
    test::write_file(dir / "theme/fonts/Brand-Bold.ttf", "not really a font");
    test::write_file(dir / "theme/brand.css", R"(
        @font-face { font-family: "Brand Sans"; src: url(fonts/Brand-Bold.ttf) format("truetype"), local("Brand Sans Bold"); font-weight: bold; font-style: italic }
        @font-face { font-family: Brand Serif; src: url("../shared/My%20Serif.otf"); font-weight: 300 700 }
        @font-face { font-family: Remote; src: url(https://example.com/x.woff2) }
        @media epub { @font-face { font-family: "Only Epub"; src: url(/abs/e.ttf) } }
        p { font-family: "Brand Sans" }
    )");
    Warnings warnings;
    StyleSheet sheet = load_style((dir / "theme/brand.css").string(), warnings);
    ASSERT_EQ(warnings.size(), 2u) << joined(warnings);
    // In source order: the rule's @font-face, then its url.
    EXPECT_EQ(warnings[0].message, "@font-face without a usable src; ignored");
    EXPECT_EQ(warnings[0].pos.line, 4);
    EXPECT_NE(warnings[1].message.find("only local font files"), std::string::npos)
        << joined(warnings);

    std::vector<FontFace> faces = font_faces(sheet, Medium::pdf);
    ASSERT_EQ(faces.size(), 2u);
    EXPECT_EQ(faces[0].family, "Brand Sans");
    ASSERT_EQ(faces[0].sources.size(), 2u);
    fs::path expected = fs::absolute(dir / "theme/fonts/Brand-Bold.ttf").lexically_normal();
    EXPECT_EQ(faces[0].sources[0].path, expected);
    EXPECT_TRUE(faces[0].sources[0].path.is_absolute());
    EXPECT_EQ(faces[0].sources[0].format, "truetype");
    EXPECT_EQ(faces[0].sources[1].local_name, "Brand Sans Bold");
    EXPECT_EQ(faces[0].weight_min, 700);
    EXPECT_EQ(faces[0].style, FontStyle::italic);
    EXPECT_EQ(faces[1].family, "Brand Serif");
    EXPECT_EQ(faces[1].sources[0].path,
              fs::absolute(dir / "shared/My Serif.otf").lexically_normal());
    EXPECT_EQ(faces[1].weight_min, 300);
    EXPECT_EQ(faces[1].weight_max, 700);
    EXPECT_EQ(font_faces(sheet, Medium::epub).size(), 3u);
    EXPECT_EQ(font_faces(sheet, Medium::epub)[2].sources[0].path, fs::path("/abs/e.ttf"));

    // verify_style_sheet notices the missing files.
    Warnings verify;
    verify_style_sheet(sheet, verify);
    EXPECT_NE(joined(verify).find("font file not found"), std::string::npos) << joined(verify);
    EXPECT_EQ(joined(verify).find("Brand-Bold.ttf"), std::string::npos) << joined(verify);
}

// ---------------------------------------------------------------------------------------------
// Errors, warnings and recovery

TEST(StyleErrors, UnknownPropertyWarningHasLineAndColumn) {
    Warnings warnings;
    parse("p {\n  colr: red;\n  color: blue\n}", &warnings, "sheets/news.css");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].to_string(), "sheets/news.css:2:3: warning: unknown property 'colr'");
}

TEST(StyleErrors, BadDeclarationDroppedLaterOnesApply) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(p {
  color: red;
  font-size: twelve;
  margin-top: (oops; 1pt); margin-bottom: 2pt;
  12px: nothing;
  width 50%;
  text-align: center;
  color: blue
}
em { font-style: italic })",
                             &warnings);
    ASSERT_EQ(warnings.size(), 4u) << joined(warnings);
    EXPECT_EQ(warnings[0].pos.line, 3);
    EXPECT_EQ(warnings[0].message, "invalid value for 'font-size': twelve");
    EXPECT_EQ(warnings[1].pos.line, 4); // the `;` inside ( ) does not end the declaration
    EXPECT_EQ(warnings[1].pos.column, 15);
    EXPECT_EQ(warnings[2].message,
              "expected a property name, found '12px'; skipped to the next ';'");
    EXPECT_EQ(warnings[3].message, "expected ':' after 'width'; declaration dropped");
    ComputedStyle p = style_at(sheet, {{"p"}});
    EXPECT_EQ(p.color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(p.text_align, TextAlign::center);
    EXPECT_DOUBLE_EQ(p.margin.bottom, 2);
    EXPECT_DOUBLE_EQ(p.margin.top, 0);
    EXPECT_DOUBLE_EQ(p.font_size, 10);
    EXPECT_EQ(style_at(sheet, {{"em"}}).font_style, FontStyle::italic);

    warnings.clear();
    sheet =
        parse("p { color: red; font-size: 12pt 13pt; widows: 0; text-align: center }", &warnings);
    EXPECT_EQ(warnings.size(), 2u) << joined(warnings);
    EXPECT_EQ(style_at(sheet, {{"p"}}).text_align, TextAlign::center);
}

TEST(StyleErrors, BadRuleDroppedToItsBlockEnd) {
    Warnings warnings;
    StyleSheet sheet = parse("p:hover { color: red } ] p { color: green } em { color: blue } "
                             "@unknown foo { a { b: c } } strong { color: navy }",
                             &warnings);
    ASSERT_EQ(warnings.size(), 3u) << joined(warnings);
    EXPECT_EQ(style_at(sheet, {{"p"}}).color, (Color{0, 0, 0, 255}));
    EXPECT_EQ(style_at(sheet, {{"em"}}).color, (Color{0, 0, 255, 255}));
    EXPECT_EQ(style_at(sheet, {{"strong"}}).color, (Color{0, 0, 128, 255}));
}

TEST(StyleErrors, SyntaxErrorsThatThrow) {
    auto error_of = [](std::string_view css) -> std::optional<Error> {
        Warnings warnings;
        try {
            parse_style_sheet(css, "bad.css", warnings);
        } catch (const Error& e) {
            return e;
        }
        return std::nullopt;
    };
    auto comment = error_of("p { color: red }\n/* never closed\np { color: blue }");
    ASSERT_TRUE(comment);
    EXPECT_EQ(comment->code(), ErrorCode::syntax);
    EXPECT_STREQ(comment->what(),
                 "bad.css:2:1: unterminated comment (it runs to the end of the file)");

    auto string = error_of("p { content: \"open }");
    ASSERT_TRUE(string);
    EXPECT_EQ(string->position().column, 14);

    auto block = error_of("@media print {\n  p { color: red }\n");
    ASSERT_TRUE(block);
    EXPECT_EQ(block->code(), ErrorCode::syntax);
    EXPECT_EQ(block->position().line, 1);
    EXPECT_EQ(block->position().column, 14);

    auto encoding = error_of("p { content: \"\xff\" }");
    ASSERT_TRUE(encoding);
    EXPECT_EQ(encoding->code(), ErrorCode::encoding);
    EXPECT_EQ(encoding->position().column, 15);

    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "@media all { ";
    deep += std::string(100, '}');
    auto limit = error_of(deep);
    ASSERT_TRUE(limit);
    EXPECT_EQ(limit->code(), ErrorCode::limit);

    // Deeply nested parentheses inside a value are only an invalid value.
    std::string parens =
        "p { width: " + std::string(100000, '(') + std::string(100000, ')') + "; color: red }";
    EXPECT_FALSE(error_of(parens));
}

TEST(StyleErrors, WarningsBeforeAnErrorAreKept) {
    Warnings warnings;
    EXPECT_THROW(parse_style_sheet("p { colr: red }\n/* open", "x.css", warnings), Error);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].message, "unknown property 'colr'");
}

TEST(StyleErrors, ImportAndCharset) {
    Warnings warnings;
    StyleSheet sheet =
        parse("@charset \"utf-8\";\n@import url(other.css);\np { color: red }", &warnings);
    ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
    EXPECT_NE(warnings[0].message.find("@import is not supported"), std::string::npos);
    EXPECT_EQ(sheet.rule_count(), 1u);
}

TEST(StyleErrors, BomAndCrlf) {
    Warnings warnings;
    StyleSheet sheet = parse("\xEF\xBB\xBFp {\r\n  colr: red;\r\n}\r\n", &warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].pos.line, 2);
    EXPECT_EQ(warnings[0].pos.column, 3);
}

// ---------------------------------------------------------------------------------------------
// to_css

// Warnings other than the HTML element names that are not galley roles.
std::string real_problems(const Warnings& warnings) {
    std::string out;
    for (const auto& w : warnings)
        if (!w.message.starts_with("unknown element")) out += w.to_string() + "\n";
    return out;
}

CssWriteOptions epub_options() {
    CssWriteOptions options;
    options.selector_for_role = [](std::string_view role) -> std::string {
        if (role == "headline") return "h1.headline";
        if (role == "dek") return "p.dek";
        if (role == "credit") return "span.credit";
        if (role == "smallcaps") return "";
        return std::string(role);
    };
    options.font_url = [](const FontFace& face) -> std::string {
        return face.family == "Brand" ? "fonts/brand.ttf" : "";
    };
    return options;
}

TEST(StyleToCss, WritesEpubCssWithoutPrintOnlyParts) {
    Warnings warnings;
    StyleSheet sheet = parse(R"(
        @font-face { font-family: Brand; src: url(/x/brand.ttf) format("truetype"); font-weight: 700 }
        @font-face { font-family: Other; src: url(/x/other.ttf) }
        @page { size: A4; @top-center { content: string(headline) } }
        article { font-size: 10.50pt; column-count: 5; column-gap: 4mm; baseline-grid: 12pt; --accent: #c00 }
        headline.big:first-of-type, dek > em { color: var(--accent) !important; column-span: all; string-set: headline content() }
        figure { float: top; break-before: column; margin: 0 0 1em }
        figure.side { float: right; break-after: page }
        credit::before { content: "Photo: " attr(data-x) }
        p::after { content: counter(page) }
        smallcaps { font-variant: small-caps }
        @media print { p { color: red } }
        @media epub, pdf { p { hyphens: auto; hyphenate-limit-chars: 6 3 3 } }
        @media screen { em { font-style: italic } }
    )",
                             &warnings);
    ASSERT_TRUE(warnings.empty()) << joined(warnings);
    std::string css = to_css(sheet, Medium::epub, epub_options());

    EXPECT_EQ(css, "@font-face {\n"
                   "  font-family: \"Brand\";\n"
                   "  src: url(\"fonts/brand.ttf\") format(\"truetype\");\n"
                   "  font-weight: 700;\n"
                   "  font-style: normal;\n"
                   "}\n\n"
                   "article {\n"
                   "  font-size: 10.50pt;\n"
                   "  --accent: #c00;\n"
                   "}\n\n"
                   "h1.headline.big:first-of-type,\n"
                   "p.dek > em {\n"
                   "  color: var(--accent) !important;\n"
                   "}\n\n"
                   "figure {\n"
                   "  margin: 0 0 1em;\n"
                   "}\n\n"
                   "figure.side {\n"
                   "  float: right;\n"
                   "  break-after: page;\n"
                   "}\n\n"
                   "span.credit::before {\n"
                   "  content: \"Photo: \" attr(data-x);\n"
                   "}\n\n"
                   "p {\n"
                   "  hyphens: auto;\n"
                   "  hyphenate-limit-chars: 6 3 3;\n"
                   "}\n\n"
                   "em {\n"
                   "  font-style: italic;\n"
                   "}\n");
    // The written CSS reads back without a warning.
    Warnings again;
    parse(css, &again);
    EXPECT_EQ(real_problems(again), "");
}

TEST(StyleToCss, SiblingCombinatorsKeepTheReadersSiblings) {
    StyleSheet sheet = parse(R"(
        h2 + p { text-indent: 0 }
        h2 ~ p.lead { color: red }
        credit + figcaption { margin-top: 2pt }
        figure > credit ~ figcaption em { font-style: normal }
        img + figcaption { margin-top: 4pt }
        img + credit, h3 + p { margin-top: 5pt }
    )");
    // The EPUB's markup puts the credit and the caption in a <figcaption> after the <img>.
    CssWriteOptions options;
    options.selector_for_role = [](std::string_view role) -> std::string {
        if (role == "credit") return "figcaption > small.credit";
        if (role == "figcaption") return "figcaption > span.caption";
        return std::string(role);
    };
    EXPECT_EQ(to_css(sheet, Medium::epub, options),
              "h2 + p {\n  text-indent: 0;\n}\n\n"
              "h2 ~ p.lead {\n  color: red;\n}\n\n"
              "figcaption > small.credit + span.caption {\n  margin-top: 2pt;\n}\n\n"
              "figure > figcaption > small.credit ~ span.caption em {\n  font-style: normal;\n}\n\n"
              // `img + figcaption` and `img + credit` have no counterpart in that markup.
              "h3 + p {\n  margin-top: 5pt;\n}\n");
}

// A C++ locale that writes 1.5 as "1,5" and groups thousands.
struct CommaDecimals : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};

TEST(StyleToCss, NumbersDoNotDependOnTheLocale) {
    std::locale saved_global =
        std::locale::global(std::locale(std::locale::classic(), new CommaDecimals));
    std::string saved_c = std::setlocale(LC_ALL, nullptr);
    // A C locale with a decimal comma too, when the machine has one.
    for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "ru_RU.UTF-8", "de_DE", "C.UTF-8"})
        if (std::setlocale(LC_ALL, name)) break;
    StyleSheet sheet =
        parse("@font-face { font-family: Brand; src: url(/b.ttf); font-weight: 1000 }\n"
              "p { font-size: 10.5pt; line-height: 1.25; margin: 1e1pt .5em }");
    std::string css = to_css(sheet, Medium::epub, epub_options());
    ComputedStyle p = style_at(sheet, {{"p"}});
    std::setlocale(LC_ALL, saved_c.c_str());
    std::locale::global(saved_global);
    EXPECT_NE(css.find("font-size: 10.5pt;"), std::string::npos) << css;
    EXPECT_NE(css.find("line-height: 1.25;"), std::string::npos) << css;
    EXPECT_NE(css.find("margin: 1e1pt .5em;"), std::string::npos) << css;
    EXPECT_NE(css.find("font-weight: 1000;"), std::string::npos) << css;
    EXPECT_DOUBLE_EQ(p.font_size, 10.5);
    EXPECT_DOUBLE_EQ(p.margin.top, 10);
}

// ---------------------------------------------------------------------------------------------
// Bundled sheets and loading

TEST(StyleBundled, EveryBundledSheetIsCleanInEveryMedium) {
    std::vector<BundledStyle> bundled = bundled_styles();
    ASSERT_GE(bundled.size(), 3u);
    std::vector<std::string> names;
    for (const auto& style : bundled) {
        names.push_back(style.name);
        EXPECT_FALSE(style.description.empty()) << style.name;
        Warnings warnings;
        StyleSheet sheet = load_style(style.name, warnings);
        EXPECT_TRUE(warnings.empty()) << style.name << "\n" << joined(warnings);
        verify_style_sheet(sheet, warnings);
        EXPECT_TRUE(warnings.empty()) << style.name << "\n" << joined(warnings);
        std::string css = to_css(sheet, Medium::epub, epub_options());
        Warnings css_warnings;
        parse(css, &css_warnings);
        EXPECT_EQ(real_problems(css_warnings), "") << style.name;
    }
    for (const char* expected : {"default", "press-release", "broadsheet"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
}

TEST(StyleBundled, DefaultSheetLooksLikeTheBrief) {
    Warnings warnings;
    StyleSheet sheet = load_style("default", warnings);
    ComputedStyle article = style_at(sheet, {{"article"}});
    ComputedStyle p = style_at(sheet, {{"article"}, {"p", {}, 3, 0}});
    EXPECT_EQ(p.font_family[0], "Noto Serif");
    EXPECT_DOUBLE_EQ(p.font_size, 10.5);
    EXPECT_EQ(p.text_align, TextAlign::justify);
    EXPECT_EQ(p.hyphens, Hyphens::automatic);
    ComputedStyle headline = style_at(sheet, {{"article"}, {"headline"}});
    EXPECT_EQ(headline.font_family[0], "Noto Sans");
    EXPECT_GE(headline.font_weight, 700);
    EXPECT_TRUE(style_at(sheet, {{"article"}, {"p"}, {"dateline"}}).small_caps);
    ComputedStyle credit = style_at(sheet, {{"article"}, {"figure"}, {"credit", {}, 1, 0}});
    EXPECT_EQ(credit.text_align, TextAlign::right);
    EXPECT_TRUE(credit.small_caps);
    EXPECT_EQ(style_at(sheet, {{"article"}, {"tagline"}}).font_style, FontStyle::italic);
    ComputedStyle pull = style_at(sheet, {{"article"}, {"pullquote"}});
    EXPECT_TRUE(pull.border.top.visible());
    EXPECT_TRUE(pull.border.bottom.visible());
    ComputedStyle lead = style_at(sheet, {{"article"}, {"figure", {}, 1, 0}});
    EXPECT_DOUBLE_EQ(lead.width.resolve(400, 0), 400);

    PageStyle first = compute_page_style(sheet, Medium::pdf, PageKind::first, &article);
    PageStyle right = compute_page_style(sheet, Medium::pdf, PageKind::right, &article);
    EXPECT_NEAR(first.width, 595.28, 0.01);
    EXPECT_FALSE(first.find(MarginBoxPosition::top_center));
    const MarginBox* header = right.find(MarginBoxPosition::top_center);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->style.content[0].value, "headline");
    const MarginBox* folio = right.find(MarginBoxPosition::bottom_center);
    ASSERT_TRUE(folio);
    ContentContext context;
    context.page = 2;
    context.pages = 3;
    EXPECT_EQ(render_content(folio->style.content, context), "2 / 3");
}

TEST(StyleBundled, BroadsheetIsABerlinerNewspaper) {
    Warnings warnings;
    StyleSheet sheet = load_style("broadsheet", warnings);
    ComputedStyle article = style_at(sheet, {{"article"}}, Medium::print);
    EXPECT_EQ(article.column_count, 5);
    EXPECT_TRUE(article.column_rule.visible());
    EXPECT_DOUBLE_EQ(article.baseline_grid, 12);
    PageStyle page = compute_page_style(sheet, Medium::print, PageKind::first, &article);
    EXPECT_NEAR(page.width, 892.91, 0.01);
    EXPECT_NEAR(page.height, 1332.28, 0.01);
    EXPECT_NEAR(page.bleed, 3 * mm, 1e-9);
    EXPECT_TRUE(page.crop_marks);
    EXPECT_TRUE(style_at(sheet, {{"article"}, {"headline"}}, Medium::print).column_span.all);
    ComputedStyle lead = style_at(sheet, {{"article"}, {"figure", {}, 3, 0}}, Medium::print);
    EXPECT_EQ(lead.column_span.count, 3);
    ComputedStyle credit =
        style_at(sheet, {{"article"}, {"figure", {}, 3, 0}, {"credit", {}, 1, 0}}, Medium::print);
    EXPECT_EQ(credit.text_align, TextAlign::right);
    EXPECT_TRUE(credit.small_caps);
    EXPECT_TRUE(style_at(sheet, {{"article"}, {"p"}, {"dateline"}}, Medium::print).small_caps);
    // Every line height is on the 12pt grid.
    for (std::string_view role :
         {"headline", "dek", "byline", "p", "figcaption", "credit", "tagline", "h2"}) {
        ComputedStyle s = style_at(sheet, {{"article"}, {role}}, Medium::print);
        EXPECT_NEAR(std::fmod(s.line_height, 12.0), 0, 1e-9) << role;
    }
    // The PDF gets a single column on A4.
    EXPECT_EQ(style_at(sheet, {{"article"}}, Medium::pdf).column_count, 1);
    EXPECT_NEAR(compute_page_style(sheet, Medium::pdf, PageKind::first).width, 595.28, 0.01);
}

TEST(StyleBundled, TheFirstParagraphAfterAHeadingIsSetFlush) {
    // The sheets that indent paragraphs set the lead and the first paragraph after each
    // heading flush; the press release indents none.
    const std::vector<Node> tree = {
        {"article"},     // 0
        {"headline", 0}, // 1
        {"p", 0},        // 2: the lead
        {"p", 0},        // 3
        {"h2", 0},       // 4
        {"p", 0},        // 5
        {"p", 0},        // 6
        {"h3", 0},       // 7
        {"p", 0},        // 8
        {"h4", 0},       // 9
        {"p", 0},        // 10
        {"p", 0},        // 11
    };
    for (const char* name : {"default", "broadsheet", "press-release"})
        for (Medium medium : {Medium::pdf, Medium::epub, Medium::print}) {
            SCOPED_TRACE(std::string(name) + " " + to_string(medium));
            Warnings warnings;
            const std::vector<ComputedStyle> styles =
                tree_styles(load_style(name, warnings), tree, medium);
            const bool indents = std::string_view(name) != "press-release";
            for (std::size_t flush : {2, 5, 8, 10}) EXPECT_DOUBLE_EQ(styles[flush].text_indent, 0);
            for (std::size_t indented : {3, 6, 11})
                EXPECT_EQ(styles[indented].text_indent > 0, indents) << indented;
        }
}

TEST(StyleBundled, PressReleaseHasLetterheadAndMarks) {
    Warnings warnings;
    StyleSheet sheet = load_style("press-release", warnings);
    StyleElement article{"article", nullptr, nullptr, 0, 0, true, true};
    ComputedStyle style = compute_style(sheet, Medium::pdf, article, nullptr);
    auto before = compute_pseudo_style(sheet, Medium::pdf, article, PseudoElement::before, style);
    auto after = compute_pseudo_style(sheet, Medium::pdf, article, PseudoElement::after, style);
    ASSERT_TRUE(before);
    ASSERT_TRUE(after);
    EXPECT_EQ(render_content(before->content, {}), "FOR IMMEDIATE RELEASE");
    EXPECT_EQ(before->display, Display::block);
    EXPECT_EQ(render_content(after->content, {}), "###");
    PageStyle first = compute_page_style(sheet, Medium::pdf, PageKind::first, &style);
    const MarginBox* letterhead = first.find(MarginBoxPosition::top_left);
    ASSERT_TRUE(letterhead);
    EXPECT_EQ(letterhead->style.content[0].value, "publication");
    EXPECT_GT(letterhead->style.font_size, 12);
    Attr contact = classes({"contact"});
    StyleElement block{"p", &contact, &article, 5, 4, false, false};
    ComputedStyle contact_style = compute_style(sheet, Medium::pdf, block, &style);
    EXPECT_TRUE(contact_style.border.left.visible());
    EXPECT_TRUE(
        compute_pseudo_style(sheet, Medium::pdf, block, PseudoElement::before, contact_style));
}

TEST(StyleBundled, LoadingByNameAndPath) {
    Warnings warnings;
    try {
        load_style("tabloid-gossip", warnings);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::usage);
        EXPECT_NE(std::string(e.what()).find("broadsheet, default, press-release"),
                  std::string::npos)
            << e.what();
    }
    try {
        load_style("no/such/sheet.css", warnings);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::io);
    }
    StyleSheet by_path = load_style((styles_dir() / "default.css").string(), warnings);
    EXPECT_GT(by_path.rule_count(), 10u);
    EXPECT_EQ(style_description("\n/* galley-style: Hello there */ p {}"), "Hello there");
    EXPECT_EQ(style_description("/* a */\n/*\n * galley-style: Second\n */"), "Second");
    EXPECT_EQ(style_description("p {} /* galley-style: too late */"), "");
}

TEST(StyleBundled, BlockRoles) {
    EXPECT_EQ(block_role(Block(Paragraph{})), "p");
    Heading h;
    h.level = 3;
    EXPECT_EQ(block_role(Block(h)), "h3");
    List ordered;
    ordered.ordered = true;
    EXPECT_EQ(block_role(Block(ordered)), "ol");
    EXPECT_EQ(block_role(Block(Figure{})), "figure");
    EXPECT_EQ(block_role(Block(Tagline{})), "tagline");
    for (std::string_view role : {"article", "headline", "credit", "pullquote", "li", "smallcaps"})
        EXPECT_NE(std::find(known_roles().begin(), known_roles().end(), role), known_roles().end())
            << role;
}

// ---------------------------------------------------------------------------------------------
// Robustness

TEST(StyleRobustness, MangledSheetsNeverCrashAndWriteBackParses) {
    // Deterministic mutations of the bundled sheets: each one either parses (and its CSS
    // written back parses too) or throws galley::Error; nothing else.
    std::vector<std::string> seeds;
    for (const auto& style : bundled_styles()) seeds.push_back(test::read_file(style.path));
    ASSERT_FALSE(seeds.empty());
    const char* pieces[] = {"{",       "}",     "(",       ")",      ";",        ":",
                            ",",       "\"",    "'",       "/*",     "*/",       "\\",
                            "var(--x", "--x:",  "@media ", "@page ", "::before", "!important",
                            "url(",    "#",     "0",       "-",      "\n",       "\xC3\xA9",
                            "1e999",   "attr(", "}}}}",    "{{{{"};
    std::uint32_t seed = 2463534242u;
    auto next = [&] { // xorshift32
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        return seed;
    };
    int parsed = 0;
    for (int round = 0; round < 150; ++round) {
        std::string css = seeds[next() % seeds.size()];
        for (int edit = 0, edits = 1 + static_cast<int>(next() % 6); edit < edits; ++edit) {
            std::size_t at = css.empty() ? 0 : next() % css.size();
            switch (next() % 3) {
            case 0:
                css.insert(at, pieces[next() % std::size(pieces)]);
                break;
            case 1:
                css.erase(at, 1 + next() % 20);
                break;
            default:
                css[at] = static_cast<char>(next() % 128);
                break;
            }
        }
        Warnings warnings;
        try {
            StyleSheet sheet = parse_style_sheet(css, "mangled.css", warnings);
            if (round % 5 == 0) verify_style_sheet(sheet, warnings);
            std::string written = to_css(sheet, Medium::epub, epub_options());
            Warnings again;
            EXPECT_NO_THROW(parse_style_sheet(written, "written.css", again)) << written;
            ++parsed;
        } catch (const Error& e) {
            EXPECT_TRUE(e.code() == ErrorCode::syntax || e.code() == ErrorCode::encoding ||
                        e.code() == ErrorCode::limit)
                << e.what();
        }
    }
    EXPECT_GT(parsed, 0);
}

TEST(StyleRobustness, OneSheetSharedByThreads) {
    Warnings warnings;
    StyleSheet sheet = load_style("broadsheet", warnings);
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    ComputedStyle expected =
        style_at(sheet, {{"article"}, {"figure", {}, 2, 0}, {"credit"}}, Medium::print);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                ComputedStyle s =
                    style_at(sheet, {{"article"}, {"figure", {}, 2, 0}, {"credit"}}, Medium::print);
                if (!(s == expected)) ++mismatches;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

// ---------------------------------------------------------------------------------------------
// The CLI

TEST(StyleCli, CheckStyleExitCodesAndMessages) {
    test::TempDir dir;
    test::write_file(dir / "warn.css", "p {\n  colr: red;\n  color: blue;\n}\n");
    test::write_file(dir / "broken.css", "p { color: red }\n/* unterminated\n");
    std::string warn = (dir / "warn.css").string();
    std::string broken = (dir / "broken.css").string();

    auto clean = test::run_command(
        {test::cli().string(), "check-style", "default", "broadsheet", "press-release"});
    EXPECT_EQ(clean.status, 0) << clean.out << clean.err;
    EXPECT_NE(clean.out.find("default.css: 0 errors, 0 warnings"), std::string::npos) << clean.out;

    auto warned = test::run_command({test::cli().string(), "check-style", warn});
    EXPECT_EQ(warned.status, 0) << warned.err;
    EXPECT_NE(warned.out.find(warn + ":2:3: warning: unknown property 'colr'"), std::string::npos)
        << warned.out;
    EXPECT_NE(warned.out.find(warn + ": 0 errors, 1 warning"), std::string::npos) << warned.out;

    auto failed = test::run_command({test::cli().string(), "check-style", warn, broken});
    EXPECT_EQ(failed.status, 3);
    EXPECT_NE(failed.out.find(broken + ":2:1: error: unterminated comment"), std::string::npos)
        << failed.out;
    EXPECT_NE(failed.out.find(broken + ": 1 error, 0 warnings"), std::string::npos) << failed.out;

    auto missing =
        test::run_command({test::cli().string(), "check-style", (dir / "missing.css").string()});
    EXPECT_EQ(missing.status, 3);

    auto usage = test::run_command({test::cli().string(), "check-style"});
    EXPECT_EQ(usage.status, 2);
    auto unknown = test::run_command({test::cli().string(), "check-style", "no-such-style"});
    EXPECT_EQ(unknown.status, 2);
    auto option = test::run_command({test::cli().string(), "check-style", "--bogus"});
    EXPECT_EQ(option.status, 2);
    auto help = test::run_command({test::cli().string(), "check-style", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("usage: galley check-style"), std::string::npos);
}

TEST(StyleCli, StylesListsBundledSheets) {
    auto result = test::run_command({test::cli().string(), "styles"});
    ASSERT_EQ(result.status, 0) << result.err;
    for (const char* name : {"default  ", "press-release  ", "broadsheet  "})
        EXPECT_NE(result.out.find(name), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Berliner"), std::string::npos);
    auto help = test::run_command({test::cli().string(), "styles", "--help"});
    EXPECT_EQ(help.status, 0);
    auto extra = test::run_command({test::cli().string(), "styles", "x"});
    EXPECT_EQ(extra.status, 2);
}

} // namespace
} // namespace galley
