#include "pdf/layout.hpp"

#include "pdf/flow.hpp"
#include "pdf/margin_boxes.hpp"
#include "text/display_date.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace galley::detail::pdf {

namespace {

// A figure's image is never taller than this share of the page area, so that a portrait photo
// leaves room for its caption and for text on the same page.
constexpr double max_image_share = 0.55;

} // namespace

DocumentLayout lay_out_article(const Article& article, const StyleSheet& sheet,
                               const TextContext& context, const ResolutionRule& photos) {
    DocumentLayout layout;
    StyleElement root{.role = "article", .last_child = true, .last_of_type = true};
    const ComputedStyle root_style =
        compute_style(sheet, Medium::pdf, root, nullptr, context.warnings);

    std::array<PageArea, 3> areas;
    for (PageKind kind : {PageKind::first, PageKind::left, PageKind::right})
        areas[static_cast<std::size_t>(kind)] =
            page_area(compute_page_style(sheet, Medium::pdf, kind, &root_style, context.warnings));
    const auto area_of = [&](std::size_t page) -> const PageArea& {
        if (page == 0) return areas[static_cast<std::size_t>(PageKind::first)];
        return areas[static_cast<std::size_t>(page % 2 == 1 ? PageKind::left : PageKind::right)];
    };
    double width = areas[0].width, height = areas[0].height;
    for (const PageArea& area : areas) {
        width = std::min(width, area.width);
        height = std::min(height, area.height);
    }
    const int columns = std::clamp(root_style.column_count, 1, 8);
    const double gap = columns > 1 ? std::min(root_style.column_gap, width / columns / 2) : 0;
    const double column_width = columns > 1 ? (width - (columns - 1) * gap) / columns : width;

    if (root_style.display == Display::none) {
        layout.pages.push_back({areas[0].style.width, areas[0].style.height, {}});
        return layout;
    }

    FlowSettings settings;
    settings.width = width;
    settings.columns = columns;
    settings.column_gap = gap;
    settings.max_image_height = height * max_image_share;
    settings.photos = photos;
    const Flow built =
        build_flow(article, sheet, root, root_style, context, layout.images, settings);
    const std::vector<FlowElement>& flow = built.elements;
    const PaginatedFlow paginated = paginate(flow, columns, area_of);

    layout.pages.resize(paginated.pages);
    for (std::size_t p = 0; p < paginated.pages; ++p) {
        layout.pages[p].width = area_of(p).style.width;
        layout.pages[p].height = area_of(p).style.height;
    }
    const auto column_x = [&](const PageArea& area, int column) {
        return area.x + (column < 0 ? 0 : column * (column_width + gap));
    };

    // Elements, their outline anchors and named strings.
    std::vector<std::map<std::string, std::string>> first_strings(paginated.pages);
    std::vector<std::map<std::string, std::string>> last_strings(paginated.pages);
    std::vector<double> column_bottom(paginated.pages * static_cast<std::size_t>(columns), -1);
    for (const std::size_t i : paginated.order) {
        const Placement& at = paginated.placements[i];
        const PageArea& area = area_of(at.page);
        const double x = column_x(area, at.column);
        const double y = area.y + at.y;
        layout.pages[at.page].graphics.append(flow[i].graphics, x, y);
        for (const Anchor& anchor : flow[i].anchors)
            layout.outline.push_back({anchor.level, anchor.title, at.page, y});
        for (const auto& [name, value] : flow[i].strings) {
            first_strings[at.page].emplace(name, value);
            last_strings[at.page][name] = value;
        }
        if (at.column >= 0) {
            double& bottom = column_bottom[at.page * static_cast<std::size_t>(columns) +
                                           static_cast<std::size_t>(at.column)];
            bottom = std::max(bottom, at.y + flow[i].height);
        }
    }

    // Backgrounds and side borders of blocks, one piece per column.
    for (const Frame& frame : built.frames) {
        std::size_t i = frame.first;
        while (i <= frame.last && i < flow.size()) {
            const Placement start = paginated.placements[i];
            double top = start.y, bottom = start.y + flow[i].height;
            std::size_t j = i + 1;
            while (j <= frame.last && j < flow.size() &&
                   paginated.placements[j].page == start.page &&
                   paginated.placements[j].column == start.column) {
                bottom = paginated.placements[j].y + flow[j].height;
                ++j;
            }
            const PageArea& area = area_of(start.page);
            const double x = column_x(area, start.column) + frame.x;
            const double y0 = area.y + top, y1 = area.y + bottom;
            Graphics& g = layout.pages[start.page].graphics;
            if (!frame.background.transparent())
                g.rects.push_back({x, y0, frame.width, y1 - y0, frame.background});
            if (frame.left.visible())
                g.lines.push_back({x + frame.left.width / 2, y0, x + frame.left.width / 2, y1,
                                   frame.left.width, frame.left.color});
            if (frame.right.visible())
                g.lines.push_back({x + frame.width - frame.right.width / 2, y0,
                                   x + frame.width - frame.right.width / 2, y1, frame.right.width,
                                   frame.right.color});
            i = j;
        }
    }

    // Rules between columns.
    if (columns > 1 && root_style.column_rule.visible()) {
        for (std::size_t p = 0; p < paginated.pages; ++p) {
            const PageArea& area = area_of(p);
            for (int c = 1; c < columns; ++c) {
                const double left = column_bottom[p * static_cast<std::size_t>(columns) +
                                                  static_cast<std::size_t>(c - 1)];
                const double right = column_bottom[p * static_cast<std::size_t>(columns) +
                                                   static_cast<std::size_t>(c)];
                if (left < 0 || right < 0) continue;
                const double x = column_x(area, c) - gap / 2;
                const double y0 = area.y + paginated.columns_top[p];
                const double y1 = area.y + std::max(left, right);
                layout.pages[p].graphics.lines.push_back(
                    {x, y0, x, y1, root_style.column_rule.width, root_style.column_rule.color});
            }
        }
    }

    // Margin boxes, now that the page count is known.
    std::map<std::string, std::string> carried; // string-set values entering each page
    const int page_count = static_cast<int>(paginated.pages);
    for (std::size_t p = 0; p < paginated.pages; ++p) {
        std::map<std::string, std::string> values = carried;
        for (const auto& [name, value] : first_strings[p]) values[name] = value;
        for (const auto& [name, value] : last_strings[p]) carried[name] = value;
        ContentContext content;
        content.page = static_cast<int>(p) + 1;
        content.pages = page_count;
        content.named_string = [&](std::string_view name) -> std::string {
            if (auto found = values.find(std::string(name)); found != values.end())
                return found->second;
            const Meta& meta = article.meta;
            if (name == "headline") return meta.headline;
            if (name == "publication") return meta.publisher;
            if (name == "date")
                return detail::display_date(meta);
            return {};
        };
        set_margin_boxes(context, area_of(p).style, content, layout.pages[p].graphics);
    }
    return layout;
}

} // namespace galley::detail::pdf
