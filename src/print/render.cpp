#include "print/render.hpp"

#include "layout/layout.hpp"
#include "layout/shaping.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace galley::detail::print {

using namespace layout;

namespace {

void set_color(cairo_t* cr, const Color& color) {
    cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.a / 255.0);
}

// A value for a Cairo tag attribute: single-quoted, with ' and \ escaped.
std::string quote_text(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

void stroke_line(cairo_t* cr, double x1, double y1, double x2, double y2, double width,
                 const Color& color) {
    if (width <= 0 || color.transparent()) return;
    set_color(cr, color);
    cairo_set_line_width(cr, width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, x1, y1);
    cairo_line_to(cr, x2, y2);
    cairo_stroke(cr);
}

// Draws one glyph run of a Pango line with its own cluster map: each glyph mapped to the
// character it draws wherever the counts allow (decomposing a character into base and marks
// when the font draws it so), a ligature to all its characters. A PDF then needs no
// ActualText spans, which poppler misplaces in right-to-left lines, and every glyph has one
// meaning in the font's ToUnicode map.
void show_glyph_run(cairo_t* cr, const char* text, PangoGlyphItem* run, double x, double baseline) {
    PangoItem* item = run->item;
    PangoGlyphString* glyphs = run->glyphs;
    const int count = glyphs->num_glyphs;
    if (count == 0) return;
    PangoFont* font = item->analysis.font;
    cairo_scaled_font_t* scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (scaled == nullptr) return;
    cairo_set_scaled_font(cr, scaled);
    const bool backward = item->analysis.level % 2 == 1;

    std::vector<cairo_glyph_t> cairo_glyphs(static_cast<std::size_t>(count));
    double pen = x;
    for (int g = 0; g < count; ++g) {
        const PangoGlyphInfo& info = glyphs->glyphs[g];
        cairo_glyphs[static_cast<std::size_t>(g)].index = info.glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
        cairo_glyphs[static_cast<std::size_t>(g)].x = pen + from_pango(info.geometry.x_offset);
        cairo_glyphs[static_cast<std::size_t>(g)].y = baseline + from_pango(info.geometry.y_offset);
        pen += from_pango(info.geometry.width);
    }
    std::string utf8;
    std::vector<cairo_text_cluster_t> clusters;
    for (const auto& [glyph, characters] : layout::glyph_texts(text, *run)) {
        clusters.push_back({static_cast<int>(characters.size()), 1});
        utf8 += characters;
    }
    cairo_show_text_glyphs(cr, utf8.data(), static_cast<int>(utf8.size()), cairo_glyphs.data(),
                           count, clusters.data(), static_cast<int>(clusters.size()),
                           backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD
                                    : cairo_text_cluster_flags_t(0));
}

// Draws a Pango line with its left end at x on `baseline`: runs, colours, rise, underlines.
void show_layout_line(cairo_t* cr, PangoLayoutLine* line, double x, double baseline) {
    const char* text = pango_layout_get_text(line->layout);
    for (const LineRun& run : line_runs(line, x, baseline)) {
        set_color(cr, run.color);
        show_glyph_run(cr, text, const_cast<PangoGlyphItem*>(run.run), run.x, run.baseline);
        for (const RectDraw& rect : run.decorations) {
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height);
            cairo_fill(cr);
        }
    }
}

} // namespace

PageRenderer::PageRenderer(Flow& flow, Typesetting& typesetting, bool tagged)
    : flow_(flow), typesetting_(typesetting), surfaces_(flow.images), tagged_(tagged) {
    const auto collect = [&](const std::vector<FlowElement>& elements) {
        for (const FlowElement& e : elements)
            if (!e.destination.empty() && std::find(destinations_.begin(), destinations_.end(),
                                                    e.destination) == destinations_.end())
                destinations_.push_back(e.destination);
    };
    collect(flow.elements);
    for (const Placeable& p : flow.placeables) collect(p.elements);
}

void PageRenderer::switch_tags(cairo_t* cr, int tag) {
    if (!tagged_ || tag < 0) return;
    std::vector<int> path;
    for (int t = tag; t > 0; t = flow_.tags[static_cast<std::size_t>(t)].parent) path.push_back(t);
    std::reverse(path.begin(), path.end());
    std::size_t common = 0;
    while (common < path.size() && common < open_tags_.size() && path[common] == open_tags_[common])
        ++common;
    while (open_tags_.size() > common) {
        cairo_tag_end(cr, flow_.tags[static_cast<std::size_t>(open_tags_.back())].name.c_str());
        open_tags_.pop_back();
    }
    for (std::size_t i = common; i < path.size(); ++i) {
        const TagNode& node = flow_.tags[static_cast<std::size_t>(path[i])];
        cairo_tag_begin(cr, node.name.c_str(), "");
        if (node.name == "Figure") figure_alts_.push_back(node.alt);
        open_tags_.push_back(path[i]);
    }
}

void PageRenderer::draw_page(cairo_t* cr, const PageLayout& page) {
    page_number_ = page.number;
    if (tagged_ && !document_open_) {
        cairo_tag_begin(cr, "Document", "");
        document_open_ = true;
    }
    draw_marks(cr, page.geometry);
    draw_drawing(cr, page.furniture, 0, 0);
    for (const PlacedElement& placed : page.elements) draw_element(cr, placed);
    // Each page's content is closed in its own structure elements; only the Document spans
    // pages, so that the next page's folios are not drawn into an open paragraph.
    if (tagged_)
        while (!open_tags_.empty()) {
            cairo_tag_end(cr, flow_.tags[static_cast<std::size_t>(open_tags_.back())].name.c_str());
            open_tags_.pop_back();
        }
}

void PageRenderer::draw_module(cairo_t* cr, const PageLayout& module, double x, double y,
                               int number) {
    page_number_ = number;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    draw_drawing(cr, module.furniture, 0, 0);
    for (const PlacedElement& placed : module.elements) draw_element(cr, placed);
    if (tagged_)
        while (!open_tags_.empty()) {
            cairo_tag_end(cr, flow_.tags[static_cast<std::size_t>(open_tags_.back())].name.c_str());
            open_tags_.pop_back();
        }
    cairo_restore(cr);
}

void PageRenderer::finish(cairo_t* cr) {
    if (!tagged_) return;
    while (!open_tags_.empty()) {
        cairo_tag_end(cr, flow_.tags[static_cast<std::size_t>(open_tags_.back())].name.c_str());
        open_tags_.pop_back();
    }
    if (document_open_) cairo_tag_end(cr, "Document");
    document_open_ = false;
}

void PageRenderer::draw_marks(cairo_t* cr, const PageGeometry& g) const {
    if (!g.crop_marks && !g.cross_marks) return;
    const Color black{0, 0, 0, 255};
    const double left = g.trim_left(), top = g.trim_top();
    const double right = left + g.trim_width, bottom = top + g.trim_height;
    const double start = std::max(g.bleed, 8.5); // the marks stay clear of the bleed
    const double end = g.outside - 2.8;
    const double width = 0.25;
    if (g.crop_marks) {
        for (double x : {left, right}) {
            stroke_line(cr, x, top - start, x, top - end, width, black);
            stroke_line(cr, x, bottom + start, x, bottom + end, width, black);
        }
        for (double y : {top, bottom}) {
            stroke_line(cr, left - start, y, left - end, y, width, black);
            stroke_line(cr, right + start, y, right + end, y, width, black);
        }
    }
    if (g.cross_marks) {
        const double middle = (start + end) / 2;
        const double radius = std::min(4.0, (end - start) / 3);
        const double arm = radius * 1.6;
        const double cx = left + g.trim_width / 2, cy = top + g.trim_height / 2;
        const std::pair<double, double> centres[] = {
            {cx, top - middle}, {cx, bottom + middle}, {left - middle, cy}, {right + middle, cy}};
        for (const auto& [x, y] : centres) {
            set_color(cr, black);
            cairo_set_line_width(cr, width);
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, radius, 0, 2 * M_PI);
            cairo_stroke(cr);
            stroke_line(cr, x - arm, y, x + arm, y, width, black);
            stroke_line(cr, x, y - arm, x, y + arm, width, black);
        }
    }
}

void PageRenderer::draw_element(cairo_t* cr, const PlacedElement& placed) {
    const FlowElement& e = *placed.element;
    switch_tags(cr, e.tag);
    if (e.outline_level > 0 && !e.outline_title.empty())
        outline_.push_back({e.outline_level, e.outline_title, page_number_, placed.x, placed.y});
    const bool destination = tagged_ && !e.destination.empty();
    if (destination)
        cairo_tag_begin(cr, CAIRO_TAG_DEST, ("name=" + quote_text(e.destination)).c_str());
    draw_drawing(cr, e.drawing, placed.x, placed.y);
    for (const TaggedDrawing& part : e.parts) {
        switch_tags(cr, part.tag);
        draw_drawing(cr, part.drawing, placed.x, placed.y);
    }
    if (destination) cairo_tag_end(cr, CAIRO_TAG_DEST);
}

void PageRenderer::draw_drawing(cairo_t* cr, const Drawing& drawing, double x0, double y0) {
    int open_link = -1;
    const auto close_link = [&] {
        if (open_link >= 0) cairo_tag_end(cr, CAIRO_TAG_LINK);
        open_link = -1;
    };
    for (const Drawable& item : drawing.items) {
        if (const auto* glyphs = std::get_if<GlyphDraw>(&item)) {
            if (tagged_ && glyphs->link != open_link) {
                close_link();
                if (glyphs->link >= 0) {
                    const std::string& url =
                        typesetting_.links()[static_cast<std::size_t>(glyphs->link)];
                    std::string attributes;
                    if (url.starts_with('#')) {
                        const std::string name = url.substr(1);
                        if (std::find(destinations_.begin(), destinations_.end(), name) !=
                            destinations_.end())
                            attributes = "dest=" + quote_text(name);
                    } else {
                        attributes = "uri=" + quote_text(url);
                    }
                    if (!attributes.empty()) {
                        cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes.c_str());
                        open_link = glyphs->link;
                    }
                }
            }
            set_color(cr, glyphs->color);
            // Expanded or condensed glyphs (justification) are drawn scaled about their start.
            const bool scaled = glyphs->expansion != 1;
            if (scaled) {
                cairo_save(cr);
                cairo_translate(cr, x0 + glyphs->x, y0 + glyphs->baseline);
                cairo_scale(cr, glyphs->expansion, 1);
            }
            double x = scaled ? 0 : x0 + glyphs->x;
            const double y = scaled ? 0 : y0 + glyphs->baseline;
            const double spacing_units = glyphs->letter_spacing / glyphs->expansion;
            for (const GlyphRun& run : glyphs->text->runs) {
                cairo_move_to(cr, x, y);
                PangoGlyphItem glyph_item{};
                glyph_item.item = run.item.get();
                glyph_item.glyphs = run.glyphs.get();
                if (glyphs->letter_spacing == 0) {
                    pango_cairo_show_glyph_item(cr, glyphs->text->text.c_str(), &glyph_item);
                    x += run.width;
                    continue;
                }
                // Letter-spaced for justification: the same glyphs, each cluster wider.
                GlyphStringPtr spaced(pango_glyph_string_copy(run.glyphs.get()));
                const int spacing = to_pango(spacing_units);
                for (int g = 0; g < spaced->num_glyphs; ++g)
                    if (g + 1 == spaced->num_glyphs || spaced->glyphs[g + 1].attr.is_cluster_start)
                        spaced->glyphs[g].geometry.width += spacing;
                glyph_item.glyphs = spaced.get();
                pango_cairo_show_glyph_item(cr, glyphs->text->text.c_str(), &glyph_item);
                x += from_pango(pango_glyph_string_get_width(spaced.get()));
            }
            if (scaled) cairo_restore(cr);
            continue;
        }
        close_link();
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, LayoutLineDraw>) {
                    show_layout_line(cr,
                                     pango_layout_get_line_readonly(value.layout.get(), value.line),
                                     x0 + value.x, y0 + value.baseline);
                } else if constexpr (std::is_same_v<T, RectDraw>) {
                    set_color(cr, value.fill);
                    cairo_rectangle(cr, x0 + value.x, y0 + value.y, value.width, value.height);
                    cairo_fill(cr);
                } else if constexpr (std::is_same_v<T, StrokeDraw>) {
                    stroke_line(cr, x0 + value.x1, y0 + value.y1, x0 + value.x2, y0 + value.y2,
                                value.width, value.color);
                } else if constexpr (std::is_same_v<T, ImageDraw>) {
                    cairo_surface_t* surface = surfaces_.surface(value.image, !tagged_);
                    const layout::LayoutImage& info = flow_.images[value.image];
                    // The photo upright is uw × uh pixels; it covers its box.
                    const double uw = info.width, uh = info.height;
                    const double scale = std::max(value.width / uw, value.height / uh);
                    const double x = x0 + value.x, y = y0 + value.y;
                    cairo_save(cr);
                    cairo_rectangle(cr, x, y, value.width, value.height);
                    cairo_clip(cr);
                    cairo_translate(cr, x + (value.width - uw * scale) / 2,
                                    y + (value.height - uh * scale) / 2);
                    cairo_scale(cr, scale, scale);
                    paint_upright(cr, surface, info.orientation, uw, uh);
                    cairo_restore(cr);
                } else if constexpr (std::is_same_v<T, PlaceholderDraw>) {
                    draw_drawing(cr, placeholder_drawing(value), x0, y0);
                }
            },
            item);
    }
    close_link();
}

} // namespace galley::detail::print
