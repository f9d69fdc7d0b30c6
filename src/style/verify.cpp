// verify_style_sheet: the checks behind `galley check-style` that go beyond parsing.
#include "galley/style.hpp"
#include "style/elements.hpp"

#include "style/cascade.hpp"

#include <set>

namespace galley {

namespace {

// The element tree of style.hpp, as (role, parent index) in document order. Each heading is
// followed by a paragraph, so that rules such as `h2 + p` are computed too.
struct ProbeNode {
    std::string_view role;
    int parent;
};

constexpr ProbeNode probe_tree[] = {
    {"article", -1},     // 0
    {"headline", 0},     // 1
    {"dek", 0},          // 2
    {"byline", 0},       // 3
    {"figure", 0},       // 4
    {"img", 4},          // 5
    {"credit", 4},       // 6
    {"figcaption", 4},   // 7
    {"p", 0},            // 8
    {"dateline", 8},     // 9
    {"em", 8},           // 10
    {"strong", 8},       // 11
    {"a", 8},            // 12
    {"code", 8},         // 13
    {"sup", 8},          // 14
    {"sub", 8},          // 15
    {"smallcaps", 8},    // 16
    {"p", 0},            // 17
    {"h2", 0},           // 18
    {"p", 0},            // 19
    {"h3", 0},           // 20
    {"p", 0},            // 21
    {"h4", 0},           // 22
    {"p", 0},            // 23
    {"blockquote", 0},   // 24
    {"p", 24},           // 25
    {"attribution", 24}, // 26
    {"pullquote", 0},    // 27
    {"attribution", 27}, // 28
    {"ul", 0},           // 29
    {"li", 29},          // 30
    {"p", 30},           // 31
    {"ol", 0},           // 32
    {"li", 32},          // 33
    {"table", 0},        // 34
    {"caption", 34},     // 35
    {"tr", 34},          // 36
    {"th", 36},          // 37
    {"td", 36},          // 38
    {"hr", 0},           // 39
    {"pre", 0},          // 40
    {"tagline", 0},      // 41
};

} // namespace

void verify_style_sheet(const StyleSheet& sheet, Warnings& warnings) {
    const auto& data = sheet.data();

    // The classes the sheet names (the first 64), so that rules keyed on them are computed too.
    constexpr std::size_t max_probe_classes = 64;
    Attr attr;
    std::set<std::string_view> seen;
    for (const auto& rule : data.rules)
        for (const auto& selector : rule.selectors)
            for (const auto& compound : selector.compounds)
                for (const auto& c : compound.classes)
                    if (attr.classes.size() < max_probe_classes && seen.insert(c).second)
                        attr.classes.push_back(c);

    constexpr std::size_t count = std::size(probe_tree);
    std::vector<StyleElement> elements(count);
    for (std::size_t i = 0; i < count; ++i) {
        elements[i].role = probe_tree[i].role;
        elements[i].attr = &attr;
        elements[i].parent = probe_tree[i].parent < 0
                                 ? nullptr
                                 : &elements[static_cast<std::size_t>(probe_tree[i].parent)];
    }
    // Sibling numbers: children of each parent in order.
    for (std::size_t parent = 0; parent < count; ++parent) {
        std::vector<StyleElement> siblings;
        std::vector<std::size_t> where;
        for (std::size_t i = 0; i < count; ++i)
            if (probe_tree[i].parent == static_cast<int>(parent)) {
                siblings.push_back(elements[i]);
                where.push_back(i);
            }
        number_siblings(siblings);
        for (std::size_t k = 0; k < where.size(); ++k) {
            elements[where[k]] = siblings[k];
            // Back in `elements`, the sibling before is there too.
            elements[where[k]].previous = k == 0 ? nullptr : &elements[where[k - 1]];
        }
    }

    for (Medium medium : {Medium::pdf, Medium::epub, Medium::print}) {
        std::vector<ComputedStyle> styles(count);
        for (std::size_t i = 0; i < count; ++i) {
            const ComputedStyle* parent =
                probe_tree[i].parent < 0 ? nullptr
                                         : &styles[static_cast<std::size_t>(probe_tree[i].parent)];
            styles[i] = compute_style(sheet, medium, elements[i], parent, &warnings);
            for (PseudoElement pseudo : {PseudoElement::before, PseudoElement::after})
                compute_pseudo_style(sheet, medium, elements[i], pseudo, styles[i], &warnings);
        }
        for (PageKind kind : {PageKind::first, PageKind::left, PageKind::right})
            compute_page_style(sheet, medium, kind, &styles[0], &warnings);
    }

    for (const auto& rule : data.fonts)
        for (const FontSource& source : rule.face.sources) {
            std::error_code ec;
            if (!source.path.empty() && !std::filesystem::is_regular_file(source.path, ec))
                detail::add_warning_once(warnings,
                                         Warning{data.file, rule.face.position,
                                                 "font file not found: " + source.path.string()});
        }
}

} // namespace galley
