// Margin boxes, sized and placed as CSS Paged Media does in outline.
#include "pdf/margin_boxes.hpp"

#include "pdf/font_metrics.hpp"

#include <algorithm>
#include <array>

namespace galley::detail::pdf {

namespace {

constexpr double epsilon = 0.01;

// The margin boxes of one page, set with the page count known.
class MarginBoxSetter {
  public:
    MarginBoxSetter(const TextContext& context, const PageStyle& style, Graphics& page)
        : context_(context), style_(style), page_(page) {}

    void set(const ContentContext& content) {
        const double W = style_.width, H = style_.height;
        const Edges& m = style_.margin;
        row({MarginBoxPosition::top_left, MarginBoxPosition::top_center,
             MarginBoxPosition::top_right},
            m.left, W - m.right, 0, m.top, content);
        row({MarginBoxPosition::bottom_left, MarginBoxPosition::bottom_center,
             MarginBoxPosition::bottom_right},
            m.left, W - m.right, H - m.bottom, H, content);
        box(MarginBoxPosition::top_left_corner, 0, 0, m.left, m.top, content);
        box(MarginBoxPosition::top_right_corner, W - m.right, 0, m.right, m.top, content);
        box(MarginBoxPosition::bottom_left_corner, 0, H - m.bottom, m.left, m.bottom, content);
        box(MarginBoxPosition::bottom_right_corner, W - m.right, H - m.bottom, m.right, m.bottom,
            content);
        const double side = (H - m.top - m.bottom) / 3;
        box(MarginBoxPosition::left_top, 0, m.top, m.left, side, content);
        box(MarginBoxPosition::left_middle, 0, m.top + side, m.left, side, content);
        box(MarginBoxPosition::left_bottom, 0, m.top + 2 * side, m.left, side, content);
        box(MarginBoxPosition::right_top, W - m.right, m.top, m.right, side, content);
        box(MarginBoxPosition::right_middle, W - m.right, m.top + side, m.right, side, content);
        box(MarginBoxPosition::right_bottom, W - m.right, m.top + 2 * side, m.right, side, content);
    }

  private:
    static double horizontal(const ComputedStyle& s) {
        return s.padding.left + s.padding.right +
               (s.border.left.visible() ? s.border.left.width : 0) +
               (s.border.right.visible() ? s.border.right.width : 0);
    }

    double natural_width(const MarginBox* box, const ContentContext& content) const {
        if (box == nullptr) return 0;
        const std::string text = render_content(box->style.content, content);
        if (text.empty()) return 0;
        InlineText line(context_);
        line.add(text, box->style);
        return line.natural_width() + horizontal(box->style);
    }

    // Left, centre and right boxes of one band, sized as CSS Paged Media does in outline: a
    // centre box is centred and the others share what is left; without one, the two side
    // boxes share the band in proportion to their content.
    void row(std::array<MarginBoxPosition, 3> positions, double x0, double x1, double y0, double y1,
             const ContentContext& content) {
        const MarginBox* left = style_.find(positions[0]);
        const MarginBox* center = style_.find(positions[1]);
        const MarginBox* right = style_.find(positions[2]);
        const double band = x1 - x0;
        const double height = y1 - y0;
        if (center != nullptr) {
            const double wanted = std::min(natural_width(center, content), band);
            const double side = (band - wanted) / 2;
            if (left) box(positions[0], x0, y0, side, height, content);
            box(positions[1], x0 + side, y0, wanted, height, content);
            if (right) box(positions[2], x1 - side, y0, side, height, content);
            return;
        }
        const double nl = natural_width(left, content), nr = natural_width(right, content);
        if (left != nullptr && right != nullptr) {
            // Both fit: the right box keeps its content's width and the left one takes the rest
            // (a border under both runs across the band); else they share it in proportion.
            const double wl =
                nl + nr <= band ? band - nr : (nl + nr > 0 ? band * nl / (nl + nr) : band / 2);
            box(positions[0], x0, y0, wl, height, content);
            box(positions[2], x0 + wl, y0, band - wl, height, content);
        } else if (left != nullptr) {
            box(positions[0], x0, y0, band, height, content);
        } else if (right != nullptr) {
            box(positions[2], x0, y0, band, height, content);
        }
    }

    void box(MarginBoxPosition position, double x, double y, double width, double height,
             const ContentContext& content) {
        const MarginBox* margin_box = style_.find(position);
        if (margin_box == nullptr || width <= 0 || height <= 0) return;
        const ComputedStyle& s = margin_box->style;
        if (s.display == Display::none) return;
        std::string text = render_content(s.content, content);
        if (text.empty()) return;
        Graphics& g = page_;
        if (!s.background_color.transparent())
            g.rects.push_back({x, y, width, height, s.background_color});
        const Borders& b = s.border;
        if (b.top.visible())
            g.lines.push_back(
                {x, y + b.top.width / 2, x + width, y + b.top.width / 2, b.top.width, b.top.color});
        if (b.bottom.visible())
            g.lines.push_back({x, y + height - b.bottom.width / 2, x + width,
                               y + height - b.bottom.width / 2, b.bottom.width, b.bottom.color});
        if (b.left.visible())
            g.lines.push_back({x + b.left.width / 2, y, x + b.left.width / 2, y + height,
                               b.left.width, b.left.color});
        if (b.right.visible())
            g.lines.push_back({x + width - b.right.width / 2, y, x + width - b.right.width / 2,
                               y + height, b.right.width, b.right.color});

        const double content_x = x + s.padding.left + (b.left.visible() ? b.left.width : 0);
        const double content_width = std::max(width - horizontal(s), 1.0);
        const double content_y = y + s.padding.top + (b.top.visible() ? b.top.width : 0);
        const double content_height = height - s.padding.top - s.padding.bottom -
                                      (b.top.visible() ? b.top.width : 0) -
                                      (b.bottom.visible() ? b.bottom.width : 0);

        InlineText line(context_);
        line.add(text, s);
        InlineText::SingleLine set = line.single_line();
        // Too long for its box: shortened with an ellipsis rather than run into the next box.
        while (set.width > content_width + epsilon && text.size() > 1) {
            std::size_t cut = text.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            if (text.ends_with("\u2026")) {
                text.erase(text.size() - 3);
                cut = text.size() - 1;
                while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            }
            text.erase(cut);
            while (!text.empty() && text.back() == ' ') text.pop_back();
            text += "\u2026";
            InlineText shorter(context_);
            shorter.add(text, s);
            set = shorter.single_line();
            if (text == "\u2026") break;
        }
        double text_x = content_x;
        if (s.text_align == TextAlign::center) text_x += (content_width - set.width) / 2;
        if (s.text_align == TextAlign::right) text_x += content_width - set.width;
        const FontMetrics& metrics = FontMetrics::of(font_stack(context_, s).primary());
        const double ascent = metrics.ascender() * s.font_size,
                     descent = metrics.descender() * s.font_size;
        // Vertically centred (CSS: vertical-align middle), the line box being line-height tall.
        const double line_top = content_y + (content_height - s.line_height) / 2;
        const double baseline = line_top + (s.line_height - ascent - descent) / 2 + ascent;
        g.append(std::move(set.graphics), text_x, baseline);
    }

    const TextContext& context_;
    const PageStyle& style_;
    Graphics& page_;
};

} // namespace

void set_margin_boxes(const TextContext& context, const PageStyle& style,
                      const ContentContext& content, Graphics& page) {
    MarginBoxSetter(context, style, page).set(content);
}

} // namespace galley::detail::pdf
