#include "layout/page_makeup.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace galley::detail::layout {

namespace {

constexpr double epsilon = 1e-6;
// Pages made up for one article at most: a guard against a flow that cannot be placed.
constexpr int page_limit = 5000;
// The slug: crop marks start this far outside the trim (or the bleed) and are this long.
constexpr double mark_offset = 8.5;  // 3 mm
constexpr double mark_length = 14.2; // 5 mm
constexpr double mark_margin = 2.8;  // 1 mm beyond the marks

} // namespace

PageGeometry page_geometry(const PageStyle& style) {
    PageGeometry geometry;
    geometry.trim_width = std::max(style.width, 1.0);
    geometry.trim_height = std::max(style.height, 1.0);
    geometry.bleed = std::max(style.bleed, 0.0);
    geometry.margin = style.margin;
    geometry.crop_marks = style.crop_marks;
    geometry.cross_marks = style.cross_marks;
    geometry.outside = geometry.bleed;
    if (style.crop_marks || style.cross_marks)
        geometry.outside = std::max(geometry.bleed, mark_offset) + mark_length + mark_margin;
    geometry.media_width = geometry.trim_width + 2 * geometry.outside;
    geometry.media_height = geometry.trim_height + 2 * geometry.outside;
    return geometry;
}

namespace {

// Room a placed block takes from the columns it covers, margins included.
struct Exclusion {
    int first = 0, last = 0; // columns
    double top = 0, bottom = 0;
    bool photo = false; // a figure floated to the top over several columns
};

// A placeable placed on the page being made up.
struct Decision {
    std::size_t placeable = 0;
    int first_column = 0;
    int columns = 1;
    int set = 0;
    double y = 0;             // the block's top (not for bottom floats)
    bool from_bottom = false; // a bottom float: `offset` from the set's bottom to its own
    double offset = 0;
};

struct Area {
    double top = 0, bottom = 0;
};

struct FillResult {
    enum class Stop {
        end,       // the flow is placed
        full,      // the columns are full
        span,      // reached a block that spans the grid in the flow (at `next`)
        anchor,    // reached a float or spanning block not yet placed (at `next`)
        page_break // a forced page break before `next`
    };
    Stop stop = Stop::full;
    std::size_t next = 0;
    int column = 0; // where the flow stood when it stopped
    double y = 0;
    std::vector<PlacedElement> placed;
    std::vector<double> bottoms; // per column
    bool overflow = false;
    // A column ended where the flow may not end one (inside a kept run: widows, orphans, a
    // top border and its first line), because no place to end it was in its area.
    bool broke_keep = false;
    // The paragraph that starts right under a photo spanning columns went on in the next
    // column (see lead_under_photo()).
    bool lead_split = false;
};

class PageMaker {
  public:
    PageMaker(const Flow& flow, const Grid& grid, Warnings& warnings)
        : flow_(flow), grid_(grid), warnings_(warnings), anchor_of_(flow.placeables.size(), 0) {
        for (std::size_t i = 0; i < flow.elements.size(); ++i)
            if (flow.elements[i].kind == FlowElement::Kind::anchor)
                anchor_of_[flow.elements[i].placeable] = i;
    }

    std::vector<PageLayout> make_up(const PageStyleFor& page_style) {
        std::vector<PageLayout> pages;
        std::size_t next = 0;
        const std::size_t n = flow_.elements.size();
        for (int number = 1; next < n || !deferred_.empty(); ++number) {
            if (number > page_limit) {
                warnings_.push_back({"",
                                     {},
                                     "the article needs more than " + std::to_string(page_limit) +
                                         " pages; the rest was left out"});
                break;
            }
            const PageKind kind = number == 1       ? PageKind::first
                                  : number % 2 == 0 ? PageKind::left
                                                    : PageKind::right;
            page_ = PageLayout{};
            page_.number = number;
            page_.kind = kind;
            page_.style = page_style(number, kind);
            page_.geometry = page_geometry(page_.style);
            geometry_ = page_.geometry;

            std::vector<Decision> decisions;
            for (std::size_t placeable : deferred_)
                if (auto decision = decide(placeable, 0, geometry_.content_top(),
                                           geometry_.content_top(), 0, decisions))
                    decisions.push_back(*decision);
            std::vector<std::size_t> carried;
            for (std::size_t placeable : deferred_) {
                const bool placed =
                    std::any_of(decisions.begin(), decisions.end(),
                                [&](const Decision& d) { return d.placeable == placeable; });
                if (!placed) carried.push_back(placeable);
            }
            deferred_.clear();

            Attempt attempt;
            for (;;) {
                attempt = lay_out(next, decisions);
                if (!attempt.anchor) break;
                const std::size_t placeable = flow_.elements[*attempt.anchor].placeable;
                if (auto decision = decide(placeable, attempt.anchor_column, attempt.anchor_y,
                                           attempt.anchor_set_top, attempt.anchor_set, decisions))
                    decisions.push_back(*decision);
                else
                    deferred_.push_back(placeable); // the next page takes it
                handled_.insert(placeable);
            }
            // Floats that fit on no page as deferred come back on the next one.
            for (std::size_t placeable : carried) deferred_.push_back(placeable);

            accept(attempt, decisions);
            const bool progress =
                attempt.next > next || !decisions.empty() || !page_.blocks.empty();
            next = attempt.next;
            pages.push_back(std::move(page_));
            if (!progress && deferred_.empty()) {
                // Nothing could be placed at all: should not happen; never loop forever.
                warnings_.push_back({"", {}, "page make-up stopped: an element fits on no page"});
                break;
            }
        }
        return pages;
    }

  private:
    // --- Geometry -----------------------------------------------------------------------------

    // The left edge of a column; right-to-left grids put the first column on the right.
    double column_x(int column) const {
        const int position = grid_.right_to_left ? grid_.columns - 1 - column : column;
        return geometry_.content_left() + position * (grid_.column_width + grid_.gap);
    }

    // The left edge of `count` columns from `first`.
    double span_x(int first, int count) const {
        return std::min(column_x(first), column_x(first + count - 1));
    }

    double snap(double y) const {
        if (grid_.baseline <= 0) return y;
        const double origin = geometry_.content_top();
        return origin + std::ceil((y - origin) / grid_.baseline - epsilon) * grid_.baseline;
    }

    bool is_placed(std::size_t placeable, const std::vector<Decision>& decisions) const {
        if (done_.count(placeable) || handled_.count(placeable)) return true;
        return std::any_of(decisions.begin(), decisions.end(),
                           [&](const Decision& d) { return d.placeable == placeable; });
    }

    // The block's top for a decision in a set ending at `limit`.
    double block_top(const Decision& d, double limit) const {
        const Placeable& p = flow_.placeables[d.placeable];
        return d.from_bottom ? limit - d.offset - p.height : d.y;
    }

    Exclusion exclusion(const Decision& d, double set_top, double limit) const {
        const Placeable& p = flow_.placeables[d.placeable];
        const double top = block_top(d, limit);
        Exclusion e;
        e.first = d.first_column;
        e.last = d.first_column + d.columns - 1;
        e.top = top - (top > set_top + epsilon ? p.margin_top : 0);
        e.bottom = d.from_bottom ? top + p.height : top + p.height + p.margin_bottom;
        e.photo = p.placement == Float::top && d.columns > 1 && p.role == "figure";
        return e;
    }

    std::vector<Exclusion> exclusions(const std::vector<Decision>& decisions, int set,
                                      double set_top, double limit) const {
        std::vector<Exclusion> result;
        for (const Decision& d : decisions)
            if (d.set == set) result.push_back(exclusion(d, set_top, limit));
        return result;
    }

    std::vector<Area> areas(int column, double top, double limit,
                            const std::vector<Exclusion>& excluded) const {
        std::vector<std::pair<double, double>> taken;
        for (const Exclusion& e : excluded)
            if (e.first <= column && column <= e.last && e.bottom > top && e.top < limit)
                taken.emplace_back(e.top, e.bottom);
        std::sort(taken.begin(), taken.end());
        std::vector<Area> result;
        double y = top;
        for (const auto& [from, to] : taken) {
            if (from > y + epsilon) result.push_back({y, from});
            y = std::max(y, to);
        }
        if (limit > y + epsilon) result.push_back({y, limit});
        return result;
    }

    // --- Filling one column set -----------------------------------------------------------------

    // Whether element `i` is the first line of a paragraph.
    bool starts_paragraph(std::size_t i) const {
        const FlowElement& e = flow_.elements[i];
        if (e.kind != FlowElement::Kind::line || e.role != "p") return false;
        if (i == 0) return true;
        const FlowElement& before = flow_.elements[i - 1];
        return before.kind != FlowElement::Kind::line || before.block != e.block;
    }

    // The lead paragraph under a photo: the paragraph whose first line is the first thing in
    // the first column under a figure that spans columns, floated to the top of them or across
    // the grid in the flow (`under_photo`: the set starts right under one). Balancing keeps
    // it whole in that column where the columns can be made that long (FillResult::lead_split).
    bool lead_under_photo(std::size_t i, int column, const Area& area, double top,
                          const std::vector<Exclusion>& excluded, bool under_photo) const {
        if (!starts_paragraph(i)) return false;
        if (under_photo && column == 0 && area.top <= top + epsilon) return true;
        return std::any_of(excluded.begin(), excluded.end(), [&](const Exclusion& e) {
            return e.photo && e.first == column && std::abs(e.bottom - area.top) <= epsilon;
        });
    }

    // `caps`, when given, ends each column at or above its own bottom (balancing).
    FillResult fill(std::size_t from, double top, double limit,
                    const std::vector<Exclusion>& excluded, const std::vector<Decision>& decisions,
                    bool allow_overflow, bool page_fresh, bool under_photo,
                    const std::vector<double>* caps = nullptr) const {
        FillResult result;
        const std::size_t n = flow_.elements.size();
        result.bottoms.assign(static_cast<std::size_t>(grid_.columns), top);
        std::size_t i = from;
        for (int c = 0; c < grid_.columns; ++c) {
            const double column_limit =
                caps ? std::min(limit, (*caps)[static_cast<std::size_t>(c)]) : limit;
            const std::vector<Area> column_areas = areas(c, top, column_limit, excluded);
            bool column_used = false;
            bool next_column = false;
            for (std::size_t a = 0; a < column_areas.size() && !next_column; ++a) {
                const Area& area = column_areas[a];
                double y = area.top;
                bool empty = true;
                const std::size_t area_start = i;
                std::optional<std::size_t> lead; // the lead paragraph's first line, if here
                while (i < n) {
                    const FlowElement& e = flow_.elements[i];
                    if (e.kind == FlowElement::Kind::anchor) {
                        if (is_placed(e.placeable, decisions)) {
                            ++i;
                            continue;
                        }
                        const Placeable& p = flow_.placeables[e.placeable];
                        result.stop = p.placement == Float::none && p.all
                                          ? FillResult::Stop::span
                                          : FillResult::Stop::anchor;
                        result.next = i;
                        result.column = c;
                        result.y = empty ? area.top : y;
                        return result;
                    }
                    if (e.forced_break == BreakBetween::page ||
                        e.forced_break == BreakBetween::left ||
                        e.forced_break == BreakBetween::right) {
                        if (!(page_fresh && result.placed.empty() && i == from)) {
                            result.stop = FillResult::Stop::page_break;
                            result.next = i;
                            return result;
                        }
                    } else if (e.forced_break == BreakBetween::column && (column_used || !empty) &&
                               !(i == area_start && !column_used)) {
                        next_column = true;
                        break;
                    }
                    double y_top = y + (empty ? 0 : e.space_before);
                    if (e.on_grid) y_top = snap(y_top);
                    if (y_top + e.height <= area.bottom + epsilon) {
                        if (empty && lead_under_photo(i, c, area, top, excluded, under_photo))
                            lead = i;
                        place(result, e, i, c, y_top);
                        y = y_top + e.height;
                        empty = false;
                        column_used = true;
                        ++i;
                        continue;
                    }
                    if (empty) {
                        // Taller than any column: placed at a column's top anyway (and cut),
                        // so that the flow moves on.
                        if (allow_overflow && e.height > limit - top + epsilon &&
                            area.top <= top + epsilon) {
                            place(result, e, i, c, y_top);
                            result.overflow = true;
                            y = y_top + e.height;
                            empty = false;
                            column_used = true;
                            ++i;
                        }
                        break;
                    }
                    // Back to the last place the column may end (widows, orphans, keeps).
                    std::size_t j = i;
                    while (j > area_start && !flow_.elements[j].break_before) --j;
                    if (j > area_start) {
                        while (!result.placed.empty() && result.placed.back().order >= j)
                            result.placed.pop_back();
                        i = j;
                    } else if (!flow_.elements[i].break_before) {
                        result.broke_keep = true;
                    }
                    break;
                }
                if (lead && i < n && flow_.elements[i].kind == FlowElement::Kind::line &&
                    flow_.elements[i].block == flow_.elements[*lead].block)
                    result.lead_split = true;
                if (i >= n) break;
            }
            if (i >= n) break;
        }
        // Column bottoms from what stayed placed.
        for (const PlacedElement& placed : result.placed) {
            double& bottom = result.bottoms[static_cast<std::size_t>(placed.column)];
            bottom = std::max(bottom, placed.y + placed.element->height);
        }
        result.next = i;
        result.stop = i >= n ? FillResult::Stop::end : FillResult::Stop::full;
        return result;
    }

    void place(FillResult& result, const FlowElement& e, std::size_t index, int column,
               double y) const {
        PlacedElement placed;
        placed.element = &e;
        placed.x = column_x(column) + e.x;
        placed.y = y;
        placed.column = column;
        placed.order = index;
        result.placed.push_back(placed);
    }

    // The lowest bottom for the set starting at `top` so that the flow from `from` up to
    // `stop` (the end, or a spanning block) fits: balanced columns. The lead paragraph under a
    // photo stays whole in its column when some bottom allows it.
    double balance(std::size_t from, double top, double limit, std::size_t stop, int set,
                   const std::vector<Decision>& decisions, bool page_fresh,
                   bool under_photo) const {
        const std::size_t n = flow_.elements.size();
        // Balanced columns keep the lead whole and end only where the flow may end; what
        // cannot at the limit is split as an unbalanced column would be.
        bool whole_lead = true, keeps = true, split = false, broke = false;
        const auto fits = [&](double bottom) {
            const FillResult r = fill(from, top, bottom, exclusions(decisions, set, top, bottom),
                                      decisions, false, page_fresh, under_photo);
            split = r.lead_split;
            broke = r.broke_keep;
            if ((whole_lead && split) || (keeps && broke)) return false;
            if (stop >= n) return r.stop == FillResult::Stop::end;
            return r.stop == FillResult::Stop::span && r.next == stop;
        };
        for (int relaxed = 0; !fits(limit); ++relaxed) {
            if (relaxed == 2 || !((whole_lead && split) || (keeps && broke))) return limit;
            if (split) whole_lead = false; // too long for the column under the photo
            if (broke) keeps = false;      // a kept run longer than the column
        }
        // Never above a block placed at the top of the set.
        double lowest = top;
        for (const Decision& d : decisions)
            if (d.set == set && !d.from_bottom) {
                const Exclusion e = exclusion(d, top, limit);
                lowest = std::max(lowest, e.bottom - flow_.placeables[d.placeable].margin_bottom);
            }
        if (grid_.baseline > 0) {
            const double g = grid_.baseline;
            const double origin = geometry_.content_top();
            long low = static_cast<long>(std::ceil((lowest - origin) / g - epsilon));
            long high = static_cast<long>(std::floor((limit - origin) / g + epsilon));
            if (low > high) return limit;
            if (fits(origin + low * g)) return origin + low * g;
            // fits(high) holds unless `limit` is off the grid: then the limit itself.
            if (!fits(origin + high * g)) return limit;
            while (high - low > 1) {
                const long middle = (low + high) / 2;
                if (fits(origin + middle * g))
                    high = middle;
                else
                    low = middle;
            }
            return origin + high * g;
        }
        double low = lowest, high = limit;
        if (fits(low)) return low;
        while (high - low > 0.25) {
            const double middle = (low + high) / 2;
            if (fits(middle))
                high = middle;
            else
                low = middle;
        }
        return high;
    }

    // Balanced columns end at one bottom, but a column that cannot end lower (widows,
    // orphans, a paragraph kept whole) leaves the last column short by the lines it could
    // not give up. Evens them out: one column at a time, end it a grid line higher where the
    // flow up to `stop` still fits and the columns then end closer together. Returns each
    // column's cap (empty: none helped). Needs the baseline grid (the step). A lead paragraph
    // under a photo that the balanced columns hold whole stays whole.
    std::vector<double> even_out(std::size_t from, double top, double limit, std::size_t stop,
                                 int set, const std::vector<Decision>& decisions, bool page_fresh,
                                 bool under_photo) const {
        const double g = grid_.baseline;
        if (g <= 0 || grid_.columns < 2) return {};
        const std::size_t n = flow_.elements.size();
        const std::vector<Exclusion> excluded = exclusions(decisions, set, top, limit);
        const auto fits = [&](const FillResult& r) {
            return stop >= n ? r.stop == FillResult::Stop::end
                             : r.stop == FillResult::Stop::span && r.next == stop;
        };
        const auto spread = [&](const FillResult& r) {
            double low = limit, high = top;
            for (const double b : r.bottoms)
                if (b > top + epsilon) low = std::min(low, b), high = std::max(high, b);
            return high > low ? high - low : 0.0;
        };
        std::vector<double> caps(static_cast<std::size_t>(grid_.columns), limit);
        FillResult best =
            fill(from, top, limit, excluded, decisions, false, page_fresh, under_photo, &caps);
        if (!fits(best)) return {};
        const bool whole_lead = !best.lead_split;
        bool changed = false;
        for (int round = 0; round < grid_.columns && spread(best) > g + epsilon; ++round) {
            bool improved = false;
            for (std::size_t c = 0; c + 1 < caps.size(); ++c) {
                const double end = best.bottoms[c];
                if (end <= top + g + epsilon) continue;
                std::vector<double> trial = caps;
                trial[c] = end - g;
                FillResult r = fill(from, top, limit, excluded, decisions, false, page_fresh,
                                    under_photo, &trial);
                if (fits(r) && !(whole_lead && r.lead_split) &&
                    !(r.broke_keep && !best.broke_keep) && spread(r) < spread(best) - epsilon) {
                    caps = std::move(trial);
                    best = std::move(r);
                    improved = changed = true;
                }
            }
            if (!improved) break;
        }
        return changed ? caps : std::vector<double>{};
    }

    // --- Placing floats and spanning blocks ------------------------------------------------------

    bool overlaps(const Exclusion& a, int first, int last, double top, double bottom) const {
        return a.first <= last && first <= a.last && a.top < bottom - epsilon &&
               top < a.bottom - epsilon;
    }

    // Where `placeable` goes, reached in column `column` at `y` of the set `set` starting at
    // `set_top`; nullopt when it fits on this page nowhere.
    std::optional<Decision> decide(std::size_t placeable, int column, double y, double set_top,
                                   int set, const std::vector<Decision>& decisions) const {
        const Placeable& p = flow_.placeables[placeable];
        const int columns = p.all ? grid_.columns : std::min(p.columns, grid_.columns);
        const double bottom = geometry_.content_bottom();
        std::vector<Exclusion> taken;
        for (const Decision& d : decisions)
            if (d.set == set) taken.push_back(exclusion(d, set_top, bottom));
        const auto free_at = [&](int first, double top) {
            for (;;) {
                bool moved = false;
                for (const Exclusion& e : taken)
                    if (overlaps(e, first, first + columns - 1,
                                 top - (top > set_top + epsilon ? p.margin_top : 0),
                                 top + p.height + p.margin_bottom)) {
                        top = snap(e.bottom + p.margin_top);
                        moved = true;
                    }
                if (!moved) return top;
            }
        };
        Decision decision;
        decision.placeable = placeable;
        decision.columns = columns;
        decision.set = set;
        const int last_start = grid_.columns - columns;
        if (p.placement == Float::bottom) {
            decision.from_bottom = true;
            decision.first_column = p.all ? 0 : std::min(column, last_start);
            double offset = 0;
            for (const Decision& d : decisions)
                if (d.set == set && d.from_bottom &&
                    d.first_column <= decision.first_column + columns - 1 &&
                    decision.first_column <= d.first_column + d.columns - 1)
                    offset = std::max(offset, d.offset + flow_.placeables[d.placeable].height +
                                                  p.margin_bottom +
                                                  flow_.placeables[d.placeable].margin_top);
            decision.offset = offset;
            if (bottom - offset - p.height < set_top - epsilon) return std::nullopt;
            return decision;
        }
        // Top floats go to the set's top; spanning blocks in the flow where the flow is.
        const bool at_top = p.placement == Float::top;
        const int first_choice = p.all ? 0 : std::min(column, last_start);
        for (int first = first_choice; first <= last_start; ++first) {
            double top = at_top || first != first_choice ? set_top : y;
            if (top > set_top + epsilon) top = snap(top + p.margin_top);
            top = free_at(first, top);
            if (top + p.height <= bottom + epsilon) {
                decision.first_column = first;
                decision.y = top;
                return decision;
            }
            if (p.all) break;
        }
        return std::nullopt;
    }

    // --- One page -------------------------------------------------------------------------------

    struct SetRecord {
        double top = 0, limit = 0;
        FillResult fill;
    };

    struct Attempt {
        std::optional<std::size_t> anchor; // a placeable to decide on, at this element
        int anchor_column = 0;
        double anchor_y = 0;
        double anchor_set_top = 0;
        int anchor_set = 0;
        std::size_t next = 0;
        std::vector<SetRecord> sets;
        std::vector<PlacedBlock> spans; // blocks across the grid placed in the flow
        bool balanced = false;
    };

    Attempt lay_out(std::size_t from, const std::vector<Decision>& decisions) const {
        Attempt attempt;
        const double bottom = geometry_.content_bottom();
        const std::size_t n = flow_.elements.size();
        double y = geometry_.content_top();
        std::size_t i = from;
        int set = 0;
        bool under_photo = false; // the set starts right under a photo across the grid
        for (;; ++set) {
            const double top = snap(y);
            const bool page_fresh = attempt.sets.empty() && attempt.spans.empty();
            if (top >= bottom - epsilon) {
                attempt.next = i;
                return attempt;
            }
            FillResult r = fill(i, top, bottom, exclusions(decisions, set, top, bottom), decisions,
                                true, page_fresh, under_photo);
            switch (r.stop) {
            case FillResult::Stop::anchor:
                attempt.anchor = r.next;
                attempt.anchor_column = r.column;
                attempt.anchor_y = r.y;
                attempt.anchor_set_top = top;
                attempt.anchor_set = set;
                return attempt;
            case FillResult::Stop::span: {
                const std::size_t at = r.next;
                const Placeable& p = flow_.placeables[flow_.elements[at].placeable];
                double limit = top;
                if (!r.placed.empty() ||
                    std::any_of(decisions.begin(), decisions.end(),
                                [&](const Decision& d) { return d.set == set; })) {
                    limit = balance(i, top, bottom, at, set, decisions, page_fresh, under_photo);
                    const std::vector<double> caps =
                        even_out(i, top, limit, at, set, decisions, page_fresh, under_photo);
                    r = fill(i, top, limit, exclusions(decisions, set, top, limit), decisions, true,
                             page_fresh, under_photo, caps.empty() ? nullptr : &caps);
                    for (const Decision& d : decisions)
                        if (d.set == set) limit = std::max(limit, exclusion(d, top, limit).bottom);
                }
                attempt.sets.push_back({top, limit, std::move(r)});
                double block_y =
                    limit > geometry_.content_top() + epsilon ? limit + p.margin_top : limit;
                block_y = snap(block_y);
                const bool page_empty = page_fresh && attempt.sets.back().fill.placed.empty();
                if (block_y + p.height > bottom + epsilon && !page_empty) {
                    attempt.next = at; // the block starts the next page
                    return attempt;
                }
                PlacedBlock block;
                block.placeable = flow_.elements[at].placeable;
                block.x = geometry_.content_left();
                block.y = block_y;
                block.width = p.width;
                block.height = p.height;
                block.first_column = 0;
                block.columns = grid_.columns;
                attempt.spans.push_back(block);
                y = block_y + p.height + p.margin_bottom;
                under_photo = p.role == "figure";
                i = at + 1;
                if (i >= n) {
                    attempt.next = i;
                    return attempt;
                }
                continue;
            }
            case FillResult::Stop::end: {
                double limit = bottom;
                if (grid_.columns > 1) {
                    limit = balance(i, top, bottom, n, set, decisions, page_fresh, under_photo);
                    const std::vector<double> caps =
                        even_out(i, top, limit, n, set, decisions, page_fresh, under_photo);
                    r = fill(i, top, limit, exclusions(decisions, set, top, limit), decisions, true,
                             page_fresh, under_photo, caps.empty() ? nullptr : &caps);
                    attempt.balanced = true;
                }
                attempt.sets.push_back({top, limit, std::move(r)});
                attempt.next = n;
                return attempt;
            }
            case FillResult::Stop::full:
            case FillResult::Stop::page_break:
                attempt.next = r.next;
                attempt.sets.push_back({top, bottom, std::move(r)});
                return attempt;
            }
        }
    }

    // Records an attempt as the page: elements, blocks, columns, rules and named strings.
    void accept(Attempt& attempt, const std::vector<Decision>& decisions) {
        page_.balanced = attempt.balanced;
        std::vector<PlacedElement> elements;
        int shown = 0; // sets with room, numbered for the dump
        for (std::size_t index = 0; index < attempt.sets.size(); ++index) {
            const SetRecord& record = attempt.sets[index];
            const int set = static_cast<int>(index); // as the decisions number them
            // A set with no room (blocks across the grid one after another) is no set at all.
            if (record.limit <= record.top + epsilon && record.fill.placed.empty()) continue;
            if (record.fill.overflow)
                warnings_.push_back({"",
                                     {},
                                     "page " + std::to_string(page_.number) +
                                         ": a block taller than the column was cut"});
            for (int c = 0; c < grid_.columns; ++c) {
                ColumnBox box;
                box.set = shown;
                box.column = c;
                box.x = column_x(c);
                box.top = record.top;
                box.width = grid_.column_width;
                box.bottom = record.fill.bottoms[static_cast<std::size_t>(c)];
                box.limit = record.limit;
                page_.columns.push_back(box);
            }
            for (PlacedElement placed : record.fill.placed) {
                placed.set = shown;
                elements.push_back(placed);
            }
            // Rules between columns that both hold something, broken where a block crosses.
            if (grid_.columns > 1 && grid_.rule.visible()) {
                std::vector<Exclusion> crossing;
                for (const Decision& d : decisions)
                    if (d.set == set) crossing.push_back(exclusion(d, record.top, record.limit));
                for (int c = 0; c + 1 < grid_.columns; ++c) {
                    const double left = record.fill.bottoms[static_cast<std::size_t>(c)];
                    const double right = record.fill.bottoms[static_cast<std::size_t>(c) + 1];
                    if (left <= record.top + epsilon || right <= record.top + epsilon) continue;
                    double from = record.top;
                    const double to = std::max(left, right);
                    std::vector<std::pair<double, double>> gaps;
                    for (const Exclusion& e : crossing)
                        if (e.first <= c && e.last >= c + 1) gaps.emplace_back(e.top, e.bottom);
                    std::sort(gaps.begin(), gaps.end());
                    const double x = span_x(c, 2) + grid_.column_width + grid_.gap / 2;
                    for (const auto& [gap_top, gap_bottom] : gaps) {
                        if (gap_top > from + epsilon)
                            page_.rules.push_back({x, from, std::min(gap_top, to)});
                        from = std::max(from, gap_bottom);
                    }
                    if (to > from + epsilon) page_.rules.push_back({x, from, to});
                }
            }
            ++shown;
        }
        // Placed blocks: those in the flow across the grid, then the floats and pull quotes.
        std::vector<PlacedBlock> blocks = attempt.spans;
        for (const Decision& d : decisions) {
            const Placeable& p = flow_.placeables[d.placeable];
            double limit = geometry_.content_bottom();
            if (d.set < static_cast<int>(attempt.sets.size()))
                limit = attempt.sets[static_cast<std::size_t>(d.set)].limit;
            if (d.from_bottom) limit = geometry_.content_bottom();
            PlacedBlock block;
            block.placeable = d.placeable;
            block.x = span_x(d.first_column, d.columns);
            block.y = block_top(d, limit);
            block.width = p.width;
            block.height = p.height;
            block.first_column = d.first_column;
            block.columns = d.columns;
            blocks.push_back(block);
            done_.insert(d.placeable);
        }
        for (const PlacedBlock& block : attempt.spans) done_.insert(block.placeable);
        std::sort(blocks.begin(), blocks.end(), [this](const PlacedBlock& a, const PlacedBlock& b) {
            return anchor_of_[a.placeable] < anchor_of_[b.placeable];
        });
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            const PlacedBlock& block = blocks[b];
            const Placeable& p = flow_.placeables[block.placeable];
            double y = block.y;
            for (std::size_t k = 0; k < p.elements.size(); ++k) {
                const FlowElement& e = p.elements[k];
                if (k > 0) y += e.space_before;
                PlacedElement placed;
                placed.element = &e;
                placed.x = block.x + e.x;
                placed.y = y;
                placed.column = -1;
                placed.block = static_cast<int>(b);
                placed.order = anchor_of_[block.placeable];
                elements.push_back(placed);
                y += e.height;
            }
        }
        std::stable_sort(
            elements.begin(), elements.end(),
            [](const PlacedElement& a, const PlacedElement& b) { return a.order < b.order; });
        page_.elements = std::move(elements);
        page_.blocks = std::move(blocks);

        // string(): the first value set on this page, else the last one before it.
        page_.strings = last_strings_;
        std::set<std::string> seen;
        for (const PlacedElement& placed : page_.elements)
            for (const auto& [name, value] : placed.element->strings) {
                if (seen.insert(name).second) page_.strings[name] = value;
                last_strings_[name] = value;
            }
    }

    const Flow& flow_;
    const Grid& grid_;
    Warnings& warnings_;
    std::vector<std::size_t> anchor_of_; // placeable → its anchor's index in the flow
    std::set<std::size_t> done_;         // placeables placed on earlier pages
    std::vector<std::size_t> deferred_;  // placeables the next page takes first
    std::set<std::size_t> handled_;      // every placeable decided or deferred
    std::map<std::string, std::string> last_strings_;
    PageLayout page_;
    PageGeometry geometry_;
};

} // namespace

std::vector<PageLayout> make_up_pages(const Flow& flow, const Grid& grid,
                                      const PageStyleFor& page_style, Warnings& warnings) {
    PageMaker maker(flow, grid, warnings);
    return maker.make_up(page_style);
}

bool last_page_is_runt(const std::vector<PageLayout>& pages) {
    if (pages.size() < 2) return false;
    const PageLayout& last = pages.back();
    if (!last.blocks.empty() || last.elements.empty()) return false;
    int lines = 0;
    for (const PlacedElement& placed : last.elements) {
        if (placed.element->kind == FlowElement::Kind::box) return false;
        if (placed.element->kind == FlowElement::Kind::line) ++lines;
    }
    const FlowElement& first = *last.elements.front().element;
    const bool forced = first.forced_break == BreakBetween::page ||
                        first.forced_break == BreakBetween::left ||
                        first.forced_break == BreakBetween::right;
    return lines > 0 && lines < runt_lines && !forced;
}

} // namespace galley::detail::layout
