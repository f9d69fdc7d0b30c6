// Pagination: the flow cut into columns and pages.
#include "pdf/flow.hpp"

#include <algorithm>

namespace galley::detail::pdf {

namespace {

constexpr double epsilon = 0.01;
// A figure that does not fit floats to the next column when it would leave more than this
// share of the column empty; below it, the column simply ends early.
constexpr double min_float_gap = 0.2;

} // namespace

PageArea page_area(const PageStyle& style) {
    PageArea area;
    area.style = style;
    area.x = style.margin.left;
    area.y = style.margin.top;
    area.width = std::max(style.width - style.margin.left - style.margin.right, 36.0);
    area.height = std::max(style.height - style.margin.top - style.margin.bottom, 36.0);
    return area;
}

// Cuts the flow into columns and pages: each column is filled as far as it goes, then the
// break moves back to the last place a break is allowed. A figure that does not fit where a
// large part of the column would stay empty floats to the top of the next column, and the
// text after it fills the space.
PaginatedFlow paginate(const std::vector<FlowElement>& flow, int columns,
                       const std::function<const PageArea&(std::size_t)>& area_of) {
    PaginatedFlow result;
    result.placements.resize(flow.size());
    result.columns_top.push_back(0);
    std::vector<std::size_t>& order = result.order;
    order.resize(flow.size());
    for (std::size_t i = 0; i < flow.size(); ++i) order[i] = i;

    std::size_t page = 0;
    int column = 0;
    double y = 0;
    double columns_top = 0;
    bool spanning = !flow.empty() && flow.front().spans;
    std::size_t region_start = 0; // positions in `order`: the first of the current column
    std::size_t page_start = 0;   // and of the current page
    struct Deferred {
        std::vector<std::size_t> elements;
        std::size_t position; // where it stood in `order` before it was taken out
    };
    std::vector<Deferred> deferred;

    const auto new_page = [&] {
        ++page;
        column = 0;
        y = 0;
        columns_top = 0;
        result.columns_top.push_back(0);
    };
    const auto next_region = [&] {
        if (spanning || column + 1 >= columns) {
            new_page();
        } else {
            ++column;
            y = columns_top;
        }
    };
    // Floated figures come back at `at`, the start of a new column; one whose place was not
    // yet reached goes back where it was.
    const auto reinsert = [&](std::size_t at) {
        for (auto it = deferred.rbegin(); it != deferred.rend(); ++it) {
            const std::size_t where = it->position >= at ? it->position : at;
            order.insert(order.begin() + static_cast<std::ptrdiff_t>(std::min(where, order.size())),
                         it->elements.begin(), it->elements.end());
        }
        deferred.clear();
    };

    std::size_t k = 0;
    while (k < order.size() || !deferred.empty()) {
        if (k == order.size()) {
            reinsert(k);
            continue;
        }
        const std::size_t i = order[k];
        const FlowElement& element = flow[i];
        if (spanning && !element.spans) {
            // The columns begin under what spans them.
            spanning = false;
            columns_top = y;
            result.columns_top[page] = y;
            column = 0;
            region_start = k;
        }
        if (element.page_break && k != page_start) {
            new_page();
            region_start = page_start = k;
            reinsert(k);
            continue;
        }
        const bool region_empty = k == region_start;
        const double space = region_empty ? 0 : element.space_before;
        const double capacity = area_of(page).height - (spanning ? 0 : columns_top);
        const double used = y - (spanning ? 0 : columns_top);
        // A figure is placed whole or not at all: its height is the photo's, the credit's and
        // the caption's.
        const bool figure_start =
            element.figure >= 0 && (k == 0 || flow[order[k - 1]].figure != element.figure);
        std::size_t group_end = k + 1;
        double height = element.height;
        if (figure_start)
            for (; group_end < order.size() && flow[order[group_end]].figure == element.figure;
                 ++group_end)
                height += flow[order[group_end]].space_before + flow[order[group_end]].height;
        if (region_empty || used + space + height <= capacity + epsilon) {
            result.placements[i] = {page, spanning ? -1 : column, y + space};
            y += space + element.height;
            ++k;
            continue;
        }
        if (figure_start && group_end < order.size() &&
            capacity - used >= capacity * min_float_gap) {
            // Float the figure: take it out and go on with what follows.
            Deferred figure{{}, k};
            for (std::size_t g = k; g < group_end; ++g) figure.elements.push_back(order[g]);
            order.erase(order.begin() + static_cast<std::ptrdiff_t>(k),
                        order.begin() + static_cast<std::ptrdiff_t>(group_end));
            deferred.push_back(std::move(figure));
            continue;
        }
        std::size_t at = k;
        while (at > region_start && !flow[order[at]].break_allowed) --at;
        if (at == region_start) at = k; // nowhere allowed: break here rather than overflow
        const std::size_t page_before = page;
        next_region();
        k = region_start = at;
        if (page != page_before) page_start = at;
        reinsert(at);
    }
    result.pages = page + 1;
    return result;
}

} // namespace galley::detail::pdf
