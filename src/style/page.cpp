// Pages (@page and its margin boxes), paper sizes and font faces.
#include "galley/style.hpp"

#include "style/cascade.hpp"
#include "style/css_tokenizer.hpp"

#include <algorithm>

namespace galley {

namespace {

constexpr double points_per_mm = 72.0 / 25.4;

bool page_selector_matches(const detail::PageSelector& selector, PageKind kind) {
    if (selector.blank) return false; // galley never makes blank pages
    if (selector.first && kind != PageKind::first) return false;
    if (selector.left && kind != PageKind::left) return false;
    // The first page of a left-to-right document is a right (recto) page.
    if (selector.right && kind == PageKind::left) return false;
    return true;
}

// CSS Paged Media's default alignment of a margin box's text: towards the page area for the
// corners, by name for the others, centred on the sides.
TextAlign default_box_alignment(MarginBoxPosition position) {
    using P = MarginBoxPosition;
    switch (position) {
    case P::top_left:
    case P::bottom_left:
    case P::top_right_corner:
    case P::bottom_right_corner:
        return TextAlign::left;
    case P::top_right:
    case P::bottom_right:
    case P::top_left_corner:
    case P::bottom_left_corner:
        return TextAlign::right;
    default:
        return TextAlign::center;
    }
}

bool declares(const std::vector<detail::CascadeSource>& sources, detail::Property property) {
    for (const auto& source : sources)
        for (const auto& entry : source.block->entries)
            if (entry.property == property) return true;
    return false;
}

} // namespace

const char* to_string(MarginBoxPosition position) {
    switch (position) {
    case MarginBoxPosition::top_left_corner:
        return "top-left-corner";
    case MarginBoxPosition::top_left:
        return "top-left";
    case MarginBoxPosition::top_center:
        return "top-center";
    case MarginBoxPosition::top_right:
        return "top-right";
    case MarginBoxPosition::top_right_corner:
        return "top-right-corner";
    case MarginBoxPosition::bottom_left_corner:
        return "bottom-left-corner";
    case MarginBoxPosition::bottom_left:
        return "bottom-left";
    case MarginBoxPosition::bottom_center:
        return "bottom-center";
    case MarginBoxPosition::bottom_right:
        return "bottom-right";
    case MarginBoxPosition::bottom_right_corner:
        return "bottom-right-corner";
    case MarginBoxPosition::left_top:
        return "left-top";
    case MarginBoxPosition::left_middle:
        return "left-middle";
    case MarginBoxPosition::left_bottom:
        return "left-bottom";
    case MarginBoxPosition::right_top:
        return "right-top";
    case MarginBoxPosition::right_middle:
        return "right-middle";
    case MarginBoxPosition::right_bottom:
        return "right-bottom";
    }
    return "top-center";
}

const MarginBox* PageStyle::find(MarginBoxPosition position) const {
    for (const MarginBox& box : margin_boxes)
        if (box.position == position) return &box;
    return nullptr;
}

std::optional<std::pair<double, double>> paper_size(std::string_view name) {
    struct Paper {
        std::string_view name;
        double width_mm, height_mm;
    };
    constexpr double inch = 25.4;
    static constexpr Paper papers[] = {
        {"a3", 297, 420},
        {"a4", 210, 297},
        {"a5", 148, 210},
        {"b4", 250, 353},
        {"b5", 176, 250},
        {"jis-b4", 257, 364},
        {"jis-b5", 182, 257},
        {"letter", 8.5 * inch, 11 * inch},
        {"legal", 8.5 * inch, 14 * inch},
        {"ledger", 11 * inch, 17 * inch},
        {"tabloid", 11 * inch, 17 * inch},
        {"berliner", 315, 470},
        {"broadsheet", 600, 750},
    };
    for (const Paper& p : papers)
        if (detail::equals_ignoring_case(name, p.name))
            return std::pair{p.width_mm * points_per_mm, p.height_mm * points_per_mm};
    return std::nullopt;
}

PageStyle compute_page_style(const StyleSheet& sheet, Medium medium, PageKind kind,
                             const ComputedStyle* root_style, Warnings* warnings) {
    const auto& data = sheet.data();
    struct MatchedPage {
        const detail::PageRule* rule;
        std::uint32_t specificity;
    };
    std::vector<MatchedPage> matched;
    for (const detail::PageRule& rule : data.pages) {
        if (!(rule.media & detail::media_bit(medium))) continue;
        bool any = rule.selectors.empty();
        std::uint32_t specificity = 0;
        for (const auto& selector : rule.selectors)
            if (page_selector_matches(selector, kind)) {
                any = true;
                specificity = std::max(specificity, selector.specificity);
            }
        if (any) matched.push_back({&rule, specificity});
    }
    std::stable_sort(matched.begin(), matched.end(),
                     [](const MatchedPage& a, const MatchedPage& b) {
                         return a.specificity != b.specificity ? a.specificity < b.specificity
                                                               : a.rule->order < b.rule->order;
                     });

    std::vector<detail::CascadeSource> sources;
    for (const auto& m : matched) sources.push_back({&m.rule->block, m.specificity, m.rule->order});
    detail::PageProperties properties;
    detail::CascadeInput input;
    input.sources = sources;
    input.parent = root_style;
    input.page_context = true;
    input.page = &properties;
    input.file = &data.file;
    input.warnings = warnings;
    ComputedStyle context = detail::cascade(input);

    PageStyle page;
    if (properties.size && properties.size->width > 0) {
        page.width = properties.size->width;
        page.height = properties.size->height;
    }
    page.margin = context.margin;
    if (properties.marks) {
        page.crop_marks = properties.marks->crop;
        page.cross_marks = properties.marks->cross;
    }
    // bleed: auto is 6pt when crop marks are drawn, else 0 (CSS Paged Media).
    page.bleed = page.crop_marks ? 6 : 0;
    if (properties.bleed)
        if (const auto* length = std::get_if<detail::LengthValue>(&*properties.bleed))
            page.bleed = length->amount;

    for (int p = 0; p <= static_cast<int>(MarginBoxPosition::right_bottom); ++p) {
        auto position = static_cast<MarginBoxPosition>(p);
        std::vector<detail::CascadeSource> box_sources;
        for (const auto& m : matched)
            for (const auto& box : m.rule->boxes)
                if (box.position == position)
                    box_sources.push_back({&box.block, m.specificity, m.rule->order});
        if (box_sources.empty()) continue;
        detail::CascadeInput box_input;
        box_input.sources = box_sources;
        box_input.parent = &context;
        box_input.file = &data.file;
        box_input.warnings = warnings;
        ComputedStyle style = detail::cascade(box_input);
        if (!declares(box_sources, detail::Property::text_align)) {
            style.text_align = default_box_alignment(position);
            style.text_align_logical = false;
        }
        if (style.content.empty() || style.display == Display::none) continue;
        page.margin_boxes.push_back(MarginBox{position, std::move(style)});
    }
    return page;
}

std::vector<FontFace> font_faces(const StyleSheet& sheet, Medium medium) {
    std::vector<FontFace> faces;
    for (const auto& rule : sheet.data().fonts)
        if (rule.media & detail::media_bit(medium)) faces.push_back(rule.face);
    return faces;
}

} // namespace galley
