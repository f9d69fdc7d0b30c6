#include "layout/layout_dump.hpp"

#include <charconv>
#include <cmath>
#include <variant>

namespace galley::detail::layout {

namespace {

// A number with `decimals` decimals, never "-0.0", never depending on the locale.
std::string number(double value, int decimals = 1) {
    const double scale = std::pow(10.0, decimals);
    value = std::round(value * scale) / scale;
    if (value == 0) value = 0; // no negative zero
    char buffer[48];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return std::string(buffer, result.ptr);
}

std::string quote_text(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string box(double x, double y, double w, double h) {
    return "x=" + number(x) + " y=" + number(y) + " w=" + number(w) + " h=" + number(h);
}

const char* kind_name(PageKind kind) {
    switch (kind) {
    case PageKind::first:
        return "first";
    case PageKind::left:
        return "left";
    case PageKind::right:
        return "right";
    }
    return "first";
}

void element_line(std::string& out, const Flow& flow, const PlacedElement& placed,
                  const char* indent) {
    const FlowElement& e = *placed.element;
    out += indent;
    out += e.role + '#' + std::to_string(e.block);
    switch (e.kind) {
    case FlowElement::Kind::line: {
        out += " line " + box(placed.x, placed.y, e.width, e.height);
        if (e.line) {
            const LineFacts& f = *e.line;
            if (f.pango) {
                out += " pango";
            } else {
                out += " ratio=" + number(f.ratio, 2);
                out += " spaces=" + number(f.space_factor, 2);
                if (f.expansion != 1) out += " glyphs=" + number(f.expansion * 100, 1) + "%";
                if (f.letter_spacing != 0) out += " letters=" + number(f.letter_spacing, 2);
            }
            if (f.justified) out += " justified";
            if (f.short_line) out += " short";
            if (f.last) out += " last";
            if (f.hyphenated) out += " hyphen";
            out += ' ' + quote_text(f.text);
        }
        break;
    }
    case FlowElement::Kind::box: {
        out += " box " + box(placed.x, placed.y, e.width, e.height);
        for (const Drawable& item : e.drawing.items)
            if (const auto* image = std::get_if<ImageDraw>(&item)) {
                const LayoutImage& info = flow.images[image->image];
                out += " " + quote_text(info.shown) + " pixels=" + std::to_string(info.width) +
                       "x" + std::to_string(info.height);
            } else if (std::holds_alternative<PlaceholderDraw>(item)) {
                out += " placeholder";
            }
        break;
    }
    case FlowElement::Kind::space:
        out += " " + box(placed.x, placed.y, e.width, e.height);
        break;
    case FlowElement::Kind::anchor:
        break;
    }
    out += '\n';
}

} // namespace

std::string dump_layout(Medium medium, const Article& article, const Flow& flow, const Grid& grid,
                        const std::vector<PageLayout>& pages) {
    std::string out = std::string("galley ") + to_string(medium) + " layout\n";
    out += "headline " + quote_text(article.meta.headline) + "\n";
    out += "grid columns=" + std::to_string(grid.columns) +
           " column-width=" + number(grid.column_width) + " gap=" + number(grid.gap);
    if (grid.baseline > 0) out += " baseline-grid=" + number(grid.baseline);
    out += "\npages " + std::to_string(pages.size()) + "\n";
    for (const PageLayout& page : pages) {
        const PageGeometry& g = page.geometry;
        out += "\npage " + std::to_string(page.number) + ' ' + kind_name(page.kind);
        out += " sheet=" + number(g.media_width) + "x" + number(g.media_height);
        out += " trim=" + number(g.trim_left()) + "," + number(g.trim_top()) + "," +
               number(g.trim_width) + "x" + number(g.trim_height);
        out += " bleed=" + number(g.bleed);
        if (g.crop_marks || g.cross_marks)
            out += std::string(" marks=") + (g.crop_marks ? "crop" : "") +
                   (g.crop_marks && g.cross_marks ? "," : "") + (g.cross_marks ? "cross" : "");
        out += " content=" + number(g.content_left()) + "," + number(g.content_top()) + "," +
               number(g.content_width()) + "x" + number(g.content_height());
        if (page.balanced) out += " balanced";
        out += '\n';
        for (std::size_t b = 0; b < page.blocks.size(); ++b) {
            const PlacedBlock& block = page.blocks[b];
            const Placeable& p = flow.placeables[block.placeable];
            out += "  block " + std::to_string(b + 1) + ' ' + p.role;
            if (p.placement == Float::top) out += " float=top";
            if (p.placement == Float::bottom) out += " float=bottom";
            out += ' ' + box(block.x, block.y, block.width, block.height);
            out += " columns=" + std::to_string(block.first_column + 1) + "-" +
                   std::to_string(block.first_column + block.columns) + '\n';
            for (const PlacedElement& placed : page.elements)
                if (placed.block == static_cast<int>(b)) element_line(out, flow, placed, "    ");
        }
        for (const ColumnBox& column : page.columns) {
            bool any = false;
            for (const PlacedElement& placed : page.elements)
                if (placed.set == column.set && placed.column == column.column) {
                    any = true;
                    break;
                }
            out += "  column " + std::to_string(column.column + 1) + " set " +
                   std::to_string(column.set + 1) + " x=" + number(column.x) +
                   " y=" + number(column.top) + " w=" + number(column.width) +
                   " bottom=" + number(column.bottom) + " limit=" + number(column.limit) +
                   (any ? "" : " empty") + '\n';
            for (const PlacedElement& placed : page.elements)
                if (placed.set == column.set && placed.column == column.column)
                    element_line(out, flow, placed, "    ");
        }
        for (const RuleSegment& rule : page.rules)
            out += "  rule x=" + number(rule.x) + " y=" + number(rule.top) + "-" +
                   number(rule.bottom) + '\n';
    }
    return out;
}

} // namespace galley::detail::layout
