// Building the flow: the article walked as style.hpp's element tree.
#include "pdf/flow.hpp"

#include "model/table_columns.hpp"
#include "pdf/font_metrics.hpp"
#include "text/display_date.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <variant>

namespace galley::detail::pdf {

namespace {

// Pixels are read at 96 per inch (CSS px) when an image is shown at its natural size.
constexpr double points_per_pixel = 0.75;

double collapse_margins(double a, double b) {
    if (a >= 0 && b >= 0) return std::max(a, b);
    if (a < 0 && b < 0) return std::min(a, b);
    return a + b;
}

std::string roman(int number, bool upper) {
    static constexpr std::array<std::pair<int, const char*>, 13> numerals{{{1000, "m"},
                                                                           {900, "cm"},
                                                                           {500, "d"},
                                                                           {400, "cd"},
                                                                           {100, "c"},
                                                                           {90, "xc"},
                                                                           {50, "l"},
                                                                           {40, "xl"},
                                                                           {10, "x"},
                                                                           {9, "ix"},
                                                                           {5, "v"},
                                                                           {4, "iv"},
                                                                           {1, "i"}}};
    if (number <= 0 || number >= 4000) return std::to_string(number);
    std::string out;
    for (const auto& [value, text] : numerals)
        while (number >= value) {
            out += text;
            number -= value;
        }
    if (upper)
        for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string alphabetic(int number, bool upper) {
    if (number <= 0) return std::to_string(number);
    std::string out;
    while (number > 0) {
        --number;
        out.insert(out.begin(), static_cast<char>((upper ? 'A' : 'a') + number % 26));
        number /= 26;
    }
    return out;
}

std::string list_marker(ListStyle style, int number) {
    switch (style) {
    case ListStyle::disc:
        return "\u2022";
    case ListStyle::circle:
        return "\u25E6";
    case ListStyle::square:
        return "\u25AA";
    case ListStyle::decimal:
        return std::to_string(number) + ".";
    case ListStyle::lower_alpha:
        return alphabetic(number, false) + ".";
    case ListStyle::upper_alpha:
        return alphabetic(number, true) + ".";
    case ListStyle::lower_roman:
        return roman(number, false) + ".";
    case ListStyle::upper_roman:
        return roman(number, true) + ".";
    case ListStyle::none:
        return {};
    }
    return {};
}

std::string_view inline_role(const Inline& item) {
    struct Visitor {
        std::string_view operator()(const Text&) const { return {}; }
        std::string_view operator()(const LineBreak&) const { return {}; }
        std::string_view operator()(const Emphasis&) const { return "em"; }
        std::string_view operator()(const Strong&) const { return "strong"; }
        std::string_view operator()(const Link&) const { return "a"; }
        std::string_view operator()(const Code&) const { return "code"; }
        std::string_view operator()(const Superscript&) const { return "sup"; }
        std::string_view operator()(const Subscript&) const { return "sub"; }
        std::string_view operator()(const SmallCaps&) const { return "smallcaps"; }
    };
    return std::visit(Visitor{}, item.node);
}

const Inlines* inline_children(const Inline& item) {
    if (const auto* x = std::get_if<Emphasis>(&item.node)) return &x->content;
    if (const auto* x = std::get_if<Strong>(&item.node)) return &x->content;
    if (const auto* x = std::get_if<Link>(&item.node)) return &x->content;
    if (const auto* x = std::get_if<Superscript>(&item.node)) return &x->content;
    if (const auto* x = std::get_if<Subscript>(&item.node)) return &x->content;
    if (const auto* x = std::get_if<SmallCaps>(&item.node)) return &x->content;
    return nullptr;
}

// "ASTANA, Dec. 10 (Reuters) —": the run-in before the lead paragraph's text.
std::string dateline_text(const Dateline& dateline) {
    std::string text = dateline.place;
    if (!dateline.date_text.empty()) {
        if (!text.empty()) text += ", ";
        text += dateline.date_text;
    }
    if (!dateline.agency.empty()) {
        text += text.empty() ? "(" : " (";
        text += dateline.agency;
        text += ')';
    }
    text += " \u2014";
    return text;
}

// ---------------------------------------------------------------------------------------------
// Building the flow

class FlowBuilder {
  public:
    FlowBuilder(const Article& article, const StyleSheet& sheet, const TextContext& context,
                ImageCatalog& images, double full_width, int columns, double column_gap,
                double max_image_height, const ResolutionRule& photos)
        : article_(article), sheet_(sheet), context_(context), images_(images),
          full_width_(full_width), columns_(columns),
          column_width_(columns > 1 ? (full_width - (columns - 1) * column_gap) / columns
                                    : full_width),
          max_image_height_(max_image_height), photos_(photos),
          figure_numbers_(figure_numbers(article)) {
        box_ = {0, column_width_};
    }

    std::vector<FlowElement> flow;
    std::vector<Frame> frames;

    void article(const StyleElement& root, const ComputedStyle& root_style) {
        const Meta& meta = article_.meta;
        std::vector<StyleElement> children;
        if (!meta.headline.empty()) children.push_back({.role = "headline", .parent = &root});
        if (!meta.dek.empty()) children.push_back({.role = "dek", .parent = &root});
        for (std::size_t i = 0; i < meta.bylines.size(); ++i)
            children.push_back({.role = "byline", .parent = &root});
        for (const Block& block : article_.blocks)
            children.push_back({.role = block_role(block), .attr = &block.attr(), .parent = &root});
        number_siblings(children);

        const auto before = pseudo(root, PseudoElement::before, root_style);
        const auto after = pseudo(root, PseudoElement::after, root_style);
        if (before) generated_block(*before);

        std::size_t k = 0;
        if (!meta.headline.empty()) {
            const StyleElement& element = children[k++];
            text_block(
                element, style_of(element, root_style),
                [&](InlineText& text, const ComputedStyle& style) {
                    text.add(meta.headline, style);
                },
                1);
        }
        if (!meta.dek.empty()) {
            const StyleElement& element = children[k++];
            text_block(
                element, style_of(element, root_style),
                [&](InlineText& text, const ComputedStyle& style) { text.add(meta.dek, style); });
        }
        for (const Byline& byline : meta.bylines) {
            const StyleElement& element = children[k++];
            std::string line = byline.name;
            if (!byline.name.empty() && !byline.title.empty()) line += ", ";
            line += byline.title;
            text_block(
                element, style_of(element, root_style),
                [&](InlineText& text, const ComputedStyle& style) { text.add(line, style); });
        }

        dateline_pending_ = !meta.dateline.empty();
        for (const Block& block : article_.blocks)
            this->block(block, children[k++], root_style, true);

        if (dateline_pending_) {
            // No paragraph to run the dateline into: set it as a paragraph of its own.
            StyleElement paragraph{
                .role = "p", .parent = &root, .last_child = true, .last_of_type = true};
            const ComputedStyle style = style_of(paragraph, root_style);
            text_block(paragraph, style,
                       [&](InlineText& text, const ComputedStyle& paragraph_style) {
                           add_inlines(text, {}, paragraph, paragraph_style, {}, 0, true);
                       });
        }
        if (after) generated_block(*after);
    }

  private:
    using Fill = std::function<void(InlineText&, const ComputedStyle&)>;
    using Children = std::function<void(const ComputedStyle&)>;

    struct Box {
        double x = 0, width = 0;
    };

    struct BlockState {
        Box saved_box;
        bool saved_spanning = false;
        std::size_t first = 0;
        std::optional<std::size_t> frame;
    };

    ComputedStyle style_of(const StyleElement& element, const ComputedStyle& parent) {
        return compute_style(sheet_, Medium::pdf, element, &parent, context_.warnings);
    }

    std::optional<ComputedStyle> pseudo(const StyleElement& element, PseudoElement which,
                                        const ComputedStyle& style) {
        if (style.display == Display::none) return std::nullopt;
        return compute_pseudo_style(sheet_, Medium::pdf, element, which, style, context_.warnings);
    }

    std::string named_string(std::string_view name) const {
        const Meta& meta = article_.meta;
        if (name == "headline") return meta.headline;
        if (name == "publication") return meta.publisher;
        if (name == "date") return detail::display_date(meta);
        return {};
    }

    std::string generated_text(const ComputedStyle& style,
                               std::string_view element_text = {}) const {
        ContentContext context;
        context.element_text = element_text;
        context.named_string = [this](std::string_view name) { return named_string(name); };
        return render_content(style.content, context);
    }

    // --- Blocks: margins, borders, padding, breaks ----------------------------------------

    BlockState begin(const ComputedStyle& style, bool may_span = false) {
        BlockState state;
        state.saved_box = box_;
        state.saved_spanning = spanning_;
        if (may_span && columns_ > 1 && leading_ && depth_ == 0 &&
            style.column_span.columns_in(columns_) > 1) {
            spanning_ = true;
            box_ = {0, full_width_};
        }
        ++depth_;
        if (style.break_before == BreakBetween::page || style.break_before == BreakBetween::left ||
            style.break_before == BreakBetween::right)
            page_break_next_ = true;
        if (style.break_before == BreakBetween::avoid) keep_next_ = true;
        pending_space_ = collapse_margins(pending_space_, style.margin.top);
        box_.x += style.margin.left;
        box_.width -= style.margin.left + style.margin.right;

        state.first = flow.size();
        const Borders& border = style.border;
        if (!style.background_color.transparent() || border.left.visible() ||
            border.right.visible()) {
            Frame frame;
            frame.first = flow.size();
            frame.x = box_.x;
            frame.width = box_.width;
            frame.background = style.background_color;
            frame.left = border.left;
            frame.right = border.right;
            frames.push_back(frame);
            state.frame = frames.size() - 1;
        }
        const double top = (border.top.visible() ? border.top.width : 0) + style.padding.top;
        if (top > 0) {
            FlowElement spacer;
            spacer.height = top;
            if (border.top.visible())
                spacer.graphics.lines.push_back({box_.x, border.top.width / 2, box_.x + box_.width,
                                                 border.top.width / 2, border.top.width,
                                                 border.top.color});
            emit(std::move(spacer));
            keep_next_ = true; // a top border never ends a column alone
        }
        const double left = (border.left.visible() ? border.left.width : 0) + style.padding.left;
        const double right =
            (border.right.visible() ? border.right.width : 0) + style.padding.right;
        box_.x += left;
        box_.width = std::max(box_.width - left - right, 1.0);
        return state;
    }

    void end(const BlockState& state, const ComputedStyle& style) {
        const Borders& border = style.border;
        const double bottom =
            (border.bottom.visible() ? border.bottom.width : 0) + style.padding.bottom;
        if (bottom > 0 && flow.size() > state.first) {
            FlowElement spacer;
            spacer.height = bottom;
            spacer.break_allowed = false; // a bottom border stays with what it closes
            const Box outer = border_box(state, style);
            if (border.bottom.visible()) {
                const double y = style.padding.bottom + border.bottom.width / 2;
                spacer.graphics.lines.push_back({outer.x, y, outer.x + outer.width, y,
                                                 border.bottom.width, border.bottom.color});
            }
            emit(std::move(spacer));
        }
        if (state.frame) {
            if (flow.size() > state.first)
                frames[*state.frame].last = flow.size() - 1;
            else
                frames.erase(frames.begin() + static_cast<std::ptrdiff_t>(*state.frame));
        }
        if (style.break_inside == BreakInside::avoid)
            for (std::size_t k = state.first + 1; k < flow.size(); ++k)
                flow[k].break_allowed = false;
        pending_space_ = collapse_margins(pending_space_, style.margin.bottom);
        if (style.break_after == BreakBetween::avoid) keep_next_ = true;
        if (style.break_after == BreakBetween::page || style.break_after == BreakBetween::left ||
            style.break_after == BreakBetween::right)
            page_break_next_ = true;
        --depth_;
        box_ = state.saved_box;
        spanning_ = state.saved_spanning;
    }

    // The border box of the block begun with `state` (its content box widened again).
    Box border_box(const BlockState& state, const ComputedStyle& style) const {
        Box box = state.saved_box;
        if (spanning_ && !state.saved_spanning) box = {0, full_width_};
        box.x += style.margin.left;
        box.width -= style.margin.left + style.margin.right;
        return box;
    }

    void emit(FlowElement element) {
        element.space_before = pending_space_;
        pending_space_ = 0;
        if (keep_next_) element.break_allowed = false;
        keep_next_ = false;
        if (page_break_next_) element.page_break = true;
        page_break_next_ = false;
        element.spans = spanning_;
        if (!spanning_) leading_ = false;
        if (!pending_strings_.empty()) {
            for (auto& entry : pending_strings_) element.strings.push_back(std::move(entry));
            pending_strings_.clear();
        }
        flow.push_back(std::move(element));
    }

    void emit_lines(std::vector<SetLine>& lines, const ComputedStyle& style,
                    std::optional<Anchor> anchor) {
        const std::size_t n = lines.size();
        for (std::size_t k = 0; k < n; ++k) {
            FlowElement element;
            element.height = lines[k].height;
            element.graphics.append(std::move(lines[k].graphics), box_.x, 0);
            if (k == 0) {
                if (marker_) {
                    element.graphics.append(std::move(marker_->graphics),
                                            box_.x - marker_gap_ - marker_->width,
                                            lines[k].baseline);
                    marker_.reset();
                }
                if (anchor) element.anchors.push_back(std::move(*anchor));
            } else {
                const auto orphans = static_cast<std::size_t>(std::max(style.orphans, 1));
                const auto widows = static_cast<std::size_t>(std::max(style.widows, 1));
                element.break_allowed = k >= orphans && n - k >= widows;
            }
            emit(std::move(element));
        }
    }

    void set_strings(const ComputedStyle& style, std::string_view element_text) {
        for (const StringSet& set : style.string_set) {
            ContentContext context;
            context.element_text = element_text;
            context.named_string = [this](std::string_view name) { return named_string(name); };
            pending_strings_.emplace_back(set.name, render_content(set.content, context));
        }
    }

    // A block of inline content: `fill` adds the content; `children` sets blocks that belong
    // inside it after its text (a pull quote's attribution).
    void text_block(const StyleElement& element, const ComputedStyle& style, const Fill& fill,
                    int outline_level = 0, const Children& children = {}) {
        if (style.display == Display::none) return;
        const auto before = pseudo(element, PseudoElement::before, style);
        const auto after = pseudo(element, PseudoElement::after, style);
        const BlockState state = begin(style, true);
        if (before && before->display == Display::block) generated_block(*before);

        InlineText text(context_);
        if (before && before->display != Display::block) text.add(generated_text(*before), *before);
        fill(text, style);
        if (after && after->display != Display::block) text.add(generated_text(*after), *after);
        set_strings(style, text.plain_text());

        std::vector<SetLine> lines = text.set(paragraph_format(context_, style, box_.width));
        std::optional<Anchor> anchor;
        if (outline_level > 0 && !text.plain_text().empty())
            anchor = Anchor{outline_level, text.plain_text()};
        emit_lines(lines, style, std::move(anchor));
        if (children) children(style);
        if (after && after->display == Display::block) generated_block(*after);
        end(state, style);
    }

    // A ::before or ::after box set as a block of its own.
    void generated_block(const ComputedStyle& style) {
        const std::string content = generated_text(style);
        if (content.empty()) return;
        const BlockState state = begin(style);
        InlineText text(context_);
        text.add(content, style);
        std::vector<SetLine> lines = text.set(paragraph_format(context_, style, box_.width));
        emit_lines(lines, style, std::nullopt);
        end(state, style);
    }

    // A block that holds other blocks: its ::before and ::after become blocks of their own.
    template <class Body>
    void container(const StyleElement& element, const ComputedStyle& style, const Body& body) {
        if (style.display == Display::none) return;
        const auto before = pseudo(element, PseudoElement::before, style);
        const auto after = pseudo(element, PseudoElement::after, style);
        const BlockState state = begin(style, true);
        set_strings(style, {});
        if (before) generated_block(*before);
        body();
        if (after) generated_block(*after);
        end(state, style);
    }

    // --- Inlines ----------------------------------------------------------------------------

    void add_inlines(InlineText& text, const Inlines& content, const StyleElement& parent,
                     const ComputedStyle& parent_style, const std::string& link, double shift,
                     bool with_dateline = false) {
        std::vector<StyleElement> children;
        if (with_dateline) children.push_back({.role = "dateline", .parent = &parent});
        for (const Inline& item : content) {
            const std::string_view role = inline_role(item);
            if (!role.empty()) children.push_back({.role = role, .parent = &parent});
        }
        number_siblings(children);
        std::size_t k = 0;
        if (with_dateline) {
            const StyleElement& element = children[k++];
            const ComputedStyle style = style_of(element, parent_style);
            inline_element(text, element, style, link, shift, [&] {
                text.add(dateline_text(article_.meta.dateline), style, link, shift);
            });
            text.add(" ", parent_style, link, shift);
        }
        for (const Inline& item : content) {
            if (const auto* plain = std::get_if<Text>(&item.node)) {
                text.add(plain->text, parent_style, link, shift);
                continue;
            }
            if (std::holds_alternative<LineBreak>(item.node)) {
                text.add_line_break(parent_style);
                continue;
            }
            const StyleElement& element = children[k++];
            const ComputedStyle style = style_of(element, parent_style);
            if (const auto* code = std::get_if<Code>(&item.node)) {
                inline_element(text, element, style, link, shift,
                               [&] { text.add(code->text, style, link, shift); });
                continue;
            }
            std::string inner_link = link;
            double inner_shift = shift;
            if (const auto* anchor = std::get_if<Link>(&item.node)) inner_link = anchor->url;
            if (std::holds_alternative<Superscript>(item.node))
                inner_shift += parent_style.font_size * 0.33;
            if (std::holds_alternative<Subscript>(item.node))
                inner_shift -= parent_style.font_size * 0.15;
            const Inlines* inner = inline_children(item);
            inline_element(text, element, style, inner_link, inner_shift, [&] {
                if (inner != nullptr)
                    add_inlines(text, *inner, element, style, inner_link, inner_shift);
            });
        }
    }

    template <class Body>
    void inline_element(InlineText& text, const StyleElement& element, const ComputedStyle& style,
                        const std::string& link, double shift, const Body& body) {
        if (style.display == Display::none) return;
        if (const auto before = pseudo(element, PseudoElement::before, style))
            text.add(generated_text(*before), *before, link, shift);
        body();
        if (const auto after = pseudo(element, PseudoElement::after, style))
            text.add(generated_text(*after), *after, link, shift);
    }

    // --- Block kinds --------------------------------------------------------------------------

    void blocks(const Blocks& content, const StyleElement& parent,
                const ComputedStyle& parent_style, const std::string* attribution = nullptr) {
        std::vector<StyleElement> children;
        for (const Block& block : content)
            children.push_back(
                {.role = block_role(block), .attr = &block.attr(), .parent = &parent});
        if (attribution != nullptr && !attribution->empty())
            children.push_back({.role = "attribution", .parent = &parent});
        number_siblings(children);
        std::size_t k = 0;
        for (const Block& block : content) this->block(block, children[k++], parent_style, false);
        if (attribution != nullptr && !attribution->empty()) {
            const StyleElement& element = children[k++];
            text_block(element, style_of(element, parent_style),
                       [&](InlineText& text, const ComputedStyle& style) {
                           text.add(*attribution, style);
                       });
        }
    }

    void block(const Block& block, const StyleElement& element, const ComputedStyle& parent_style,
               bool top_level) {
        const ComputedStyle style = style_of(element, parent_style);
        if (style.display == Display::none) return;
        std::visit([&](const auto& node) { this->node(node, element, style, top_level); },
                   block.node);
    }

    void node(const Paragraph& paragraph, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        const bool with_dateline = top_level && dateline_pending_;
        if (with_dateline) dateline_pending_ = false;
        text_block(element, style, [&](InlineText& text, const ComputedStyle& paragraph_style) {
            add_inlines(text, paragraph.content, element, paragraph_style, {}, 0, with_dateline);
        });
    }

    void node(const Heading& heading, const StyleElement& element, const ComputedStyle& style,
              bool) {
        const int level = std::clamp(heading.level, 2, 4);
        text_block(
            element, style,
            [&](InlineText& text, const ComputedStyle& heading_style) {
                add_inlines(text, heading.content, element, heading_style, {}, 0);
            },
            level);
    }

    void node(const BlockQuote& quote, const StyleElement& element, const ComputedStyle& style,
              bool) {
        container(element, style,
                  [&] { blocks(quote.content, element, style, &quote.attribution); });
    }

    void node(const PullQuote& quote, const StyleElement& element, const ComputedStyle& style,
              bool) {
        // The attribution follows the quote's inline content: the last child, and the only
        // block one.
        std::vector<StyleElement> children;
        for (const Inline& item : quote.content)
            if (!inline_role(item).empty())
                children.push_back({.role = inline_role(item), .parent = &element});
        children.push_back({.role = "attribution", .parent = &element});
        number_siblings(children);
        const StyleElement& attribution = children.back();
        text_block(
            element, style,
            [&](InlineText& text, const ComputedStyle& quote_style) {
                add_inlines(text, quote.content, element, quote_style, {}, 0);
            },
            0,
            [&](const ComputedStyle& quote_style) {
                if (quote.attribution.empty()) return;
                text_block(attribution, style_of(attribution, quote_style),
                           [&](InlineText& text, const ComputedStyle& attribution_style) {
                               text.add(quote.attribution, attribution_style);
                           });
            });
    }

    void node(const Figure& figure, const StyleElement& element, const ComputedStyle& style, bool) {
        std::vector<StyleElement> children;
        if (figure.image) children.push_back({.role = "img", .parent = &element});
        if (!figure.credit.display().empty())
            children.push_back({.role = "credit", .parent = &element});
        if (!figure.caption.empty()) children.push_back({.role = "figcaption", .parent = &element});
        number_siblings(children);

        const BlockState state = begin(style, true);
        set_strings(style, plain_text(figure.caption));
        const std::size_t first = flow.size();
        double width = std::min(style.width.resolve(box_.width, box_.width), box_.width);
        width = std::min(width, style.max_width.resolve(box_.width, width));
        const Box figure_box = box_;
        std::size_t k = 0;
        if (figure.image) {
            const StyleElement& img = children[k++];
            const ComputedStyle img_style = style_of(img, style);
            const std::size_t index = images_.add(*figure.image, article_);
            const PdfImage& image = images_[index];
            if (img_style.display != Display::none) {
                const double natural = image.width * points_per_pixel;
                double image_width = img_style.width.resolve(width, std::min(natural, width));
                image_width =
                    std::min({image_width, img_style.max_width.resolve(width, image_width), width});
                double image_height = image_width * image.height / image.width;
                if (image_height > max_image_height_) {
                    image_width *= max_image_height_ / image_height;
                    image_height = max_image_height_;
                }
                // Never enlarged past what its pixels carry at the medium's resolution
                // (unless upscale): a smaller photo is set at its size, centred.
                const PhotoFit fit =
                    fit_photo(image.width, image.height, image_width, image_height, photos_);
                if (fit.low && context_.warnings)
                    context_.warnings->push_back(
                        {article_.source_path,
                         {},
                         low_resolution_message(figure_numbers_[&figure],
                                                figure.image->src.empty() ? "embedded image"
                                                                          : figure.image->src,
                                                image.width, image.height, fit, photos_)});
                image_width = fit.width;
                image_height = fit.height;
                double x = box_.x;
                if (fit.reduced || style.text_align == TextAlign::center)
                    x += (width - image_width) / 2;
                else if (style.text_align == TextAlign::right)
                    x += width - image_width;
                pending_space_ = collapse_margins(pending_space_, img_style.margin.top);
                FlowElement picture;
                picture.height = image_height;
                picture.graphics.images.push_back(
                    {index, x, 0, image_width, image_height, figure.alt, image.orientation});
                emit(std::move(picture));
                pending_space_ = collapse_margins(pending_space_, img_style.margin.bottom);
                // The credit and caption line up with the photo, unless it is a narrow one;
                // under a photo set smaller (centred) they take the middle half at least.
                if (image_width >= width / 2)
                    box_ = {x, image_width};
                else if (fit.reduced)
                    box_ = {box_.x + width / 4, width / 2};
            }
        }
        if (!figure.credit.display().empty()) {
            const StyleElement& credit = children[k++];
            text_block(credit, style_of(credit, style),
                       [&](InlineText& text, const ComputedStyle& credit_style) {
                           text.add(figure.credit.display(), credit_style);
                       });
        }
        if (!figure.caption.empty()) {
            const StyleElement& caption = children[k++];
            text_block(caption, style_of(caption, style),
                       [&](InlineText& text, const ComputedStyle& caption_style) {
                           add_inlines(text, figure.caption, caption, caption_style, {}, 0);
                       });
        }
        box_ = figure_box;
        // A figure is never split: photo, credit and caption stay together; one with a photo
        // may float to the next column.
        for (std::size_t i = first + 1; i < flow.size(); ++i) flow[i].break_allowed = false;
        if (figure.image) {
            for (std::size_t i = first; i < flow.size(); ++i) flow[i].figure = figures_;
            ++figures_;
        }
        end(state, style);
    }

    void node(const List& list, const StyleElement& element, const ComputedStyle& style, bool) {
        container(element, style, [&] {
            std::vector<StyleElement> items(list.items.size(),
                                            StyleElement{.role = "li", .parent = &element});
            number_siblings(items);
            for (std::size_t i = 0; i < list.items.size(); ++i) {
                const ComputedStyle item_style = style_of(items[i], style);
                if (item_style.display == Display::none) continue;
                const std::string marker =
                    list_marker(item_style.list_style_type, list.start + static_cast<int>(i));
                container(items[i], item_style, [&] {
                    if (!marker.empty()) {
                        InlineText text(context_);
                        text.add(marker, item_style);
                        marker_ = text.single_line();
                        marker_gap_ = item_style.font_size * 0.45;
                    }
                    blocks(list.items[i], items[i], item_style);
                    marker_.reset();
                });
            }
        });
    }

    void node(const Rule&, const StyleElement& element, const ComputedStyle& style, bool) {
        container(element, style, [] {});
    }

    void node(const Tagline& tagline, const StyleElement& element, const ComputedStyle& style,
              bool) {
        text_block(element, style, [&](InlineText& text, const ComputedStyle& tagline_style) {
            add_inlines(text, tagline.content, element, tagline_style, {}, 0);
        });
    }

    void node(const Raw& raw, const StyleElement& element, const ComputedStyle& style, bool) {
        container(element, style, [&] {
            const FontMetrics& metrics = FontMetrics::of(font_stack(context_, style).primary());
            const double advance = std::max(metrics.advance(U'0') * style.font_size / 1000.0, 0.1);
            const auto per_line = static_cast<std::size_t>(std::max(box_.width / advance, 8.0));
            std::size_t start = 0;
            while (start <= raw.text.size()) {
                std::size_t end = raw.text.find('\n', start);
                if (end == std::string::npos) end = raw.text.size();
                std::string line = raw.text.substr(start, end - start);
                for (char& c : line)
                    if (c == '\t') c = ' ';
                // Long lines are wrapped at the measure, counted in characters (monospace).
                do {
                    std::size_t cut = 0, characters = 0;
                    while (cut < line.size() && characters < per_line) {
                        const auto byte = static_cast<unsigned char>(line[cut]);
                        cut += byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
                        ++characters;
                    }
                    cut = std::min(cut, line.size());
                    InlineText text(context_);
                    text.add(line.substr(0, cut), style);
                    InlineText::SingleLine set = text.single_line();
                    const ParagraphFormat format = paragraph_format(context_, style, box_.width);
                    const FontMetrics& strut = FontMetrics::of(*format.strut_font);
                    const double ascent = strut.ascender() * style.font_size;
                    const double descent = strut.descender() * style.font_size;
                    FlowElement element_line;
                    element_line.height = style.line_height;
                    element_line.graphics.append(std::move(set.graphics), box_.x,
                                                 (style.line_height - ascent - descent) / 2 +
                                                     ascent);
                    emit(std::move(element_line));
                    line.erase(0, cut);
                } while (!line.empty());
                if (end == raw.text.size()) break;
                start = end + 1;
            }
        });
    }

    void node(const Table& table, const StyleElement& element, const ComputedStyle& style, bool) {
        container(element, style, [&] { table_body(table, element, style); });
    }

    struct Cell {
        ComputedStyle style;
        std::unique_ptr<InlineText> text;
        Align align = Align::none;
        int colspan = 1;
        std::size_t column = 0;
        bool numeric = false; // in a numeric column: set right-aligned
    };

    void table_body(const Table& table, const StyleElement& element, const ComputedStyle& style) {
        std::vector<StyleElement> children;
        if (!table.caption.empty()) children.push_back({.role = "caption", .parent = &element});
        const std::size_t row_count = table.head.size() + table.body.size();
        for (std::size_t i = 0; i < row_count; ++i)
            children.push_back({.role = "tr", .parent = &element});
        number_siblings(children);
        std::size_t k = 0;
        if (!table.caption.empty()) {
            const StyleElement& caption = children[k++];
            text_block(caption, style_of(caption, style),
                       [&](InlineText& text, const ComputedStyle& caption_style) {
                           add_inlines(text, table.caption, caption, caption_style, {}, 0);
                       });
        }
        if (row_count == 0) return;

        // Every cell's text first: column widths depend on all of them. Where each cell sits,
        // which rows span the table (a one-cell section row) and which columns hold figures is
        // decided once for all backends (model/table_columns.hpp).
        const TableColumns layout = table_columns(table);
        std::vector<std::vector<Cell>> rows;
        std::vector<ComputedStyle> row_styles;
        std::vector<std::vector<StyleElement>> cell_elements(row_count);
        const auto columns = static_cast<std::size_t>(std::max(layout.count, 0));
        for (std::size_t r = 0; r < row_count; ++r) {
            const TableRow& row = row_at(table, r);
            const StyleElement& tr = children[k + r];
            row_styles.push_back(style_of(tr, style));
            // Head cells and th cells (a row's label in the body) are set as headers, with
            // the scope the EPUB gives them (th[scope=row] selects a row's labels).
            for (std::size_t c = 0; c < row.size(); ++c)
                cell_elements[r].push_back(
                    {.role = header_cell(table, r, c) ? "th" : "td",
                     .attr = header_scope_attr(header_scope(table, layout, r, c)),
                     .parent = &tr});
            number_siblings(cell_elements[r]);
            std::vector<Cell> cells;
            for (std::size_t c = 0; c < row.size(); ++c) {
                Cell cell;
                cell.style = style_of(cell_elements[r][c], row_styles.back());
                cell.text = std::make_unique<InlineText>(context_);
                add_inlines(*cell.text, row[c].content, cell_elements[r][c], cell.style, {}, 0);
                cell.align = row[c].align;
                cell.colspan = layout.places[r][c].span;
                cell.column = static_cast<std::size_t>(layout.places[r][c].column);
                cell.numeric = layout.numeric_cell(r, c);
                cells.push_back(std::move(cell));
            }
            rows.push_back(std::move(cells));
        }
        if (columns == 0) return;

        const auto horizontal = [](const ComputedStyle& s) {
            return s.padding.left + s.padding.right +
                   (s.border.left.visible() ? s.border.left.width : 0) +
                   (s.border.right.visible() ? s.border.right.width : 0);
        };
        std::vector<double> most(columns, 0), least(columns, 0);
        for (const auto& row : rows)
            for (const Cell& cell : row) {
                if (cell.colspan != 1) continue;
                const double extra = horizontal(cell.style);
                most[cell.column] = std::max(most[cell.column], cell.text->natural_width() + extra);
                least[cell.column] = std::max(least[cell.column], cell.text->widest_word() + extra);
            }
        const double available = box_.width;
        double sum_most = 0, sum_least = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            most[c] = std::max(most[c], 1.0);
            least[c] = std::max(least[c], 1.0);
            sum_most += most[c];
            sum_least += least[c];
        }
        std::vector<double> widths(columns);
        for (std::size_t c = 0; c < columns; ++c) {
            if (sum_most <= available)
                widths[c] = most[c] * available / sum_most;
            else if (sum_least <= available && sum_most > sum_least)
                widths[c] = least[c] +
                            (available - sum_least) * (most[c] - least[c]) / (sum_most - sum_least);
            else
                widths[c] = least[c] * available / sum_least;
        }
        std::vector<double> left(columns + 1, box_.x);
        for (std::size_t c = 0; c < columns; ++c) left[c + 1] = left[c] + widths[c];

        for (std::size_t r = 0; r < rows.size(); ++r) {
            FlowElement row_element;
            double height = 0;
            struct SetCell {
                double x, width;
                const Cell* cell;
                std::vector<SetLine> lines;
                double content_height;
            };
            std::vector<SetCell> set_cells;
            for (const Cell& cell : rows[r]) {
                const std::size_t end_column =
                    std::min(cell.column + static_cast<std::size_t>(cell.colspan), columns);
                const double x = left[cell.column];
                const double width = left[end_column] - x;
                const ComputedStyle& s = cell.style;
                ParagraphFormat format =
                    paragraph_format(context_, s, std::max(width - horizontal(s), 1.0));
                // Figures are set right-aligned, so that units, tens and decimals line up:
                // libharu has no OpenType features (no `tnum`), but every bundled font's
                // default digits are tabular already (0–9 one advance width each: Noto Sans
                // 572, Noto Sans Bold 572, Noto Serif 559, Noto Sans Mono 600 units of 1000).
                // A cell's own alignment wins.
                if (cell.numeric) format.align = TextAlign::right;
                if (cell.align == Align::left) format.align = TextAlign::left;
                if (cell.align == Align::center) format.align = TextAlign::center;
                if (cell.align == Align::right) format.align = TextAlign::right;
                if (format.align == TextAlign::justify) format.align = TextAlign::left;
                format.first_line_indent = 0;
                SetCell set{x, width, &cell, cell.text->set(format), 0};
                for (const SetLine& line : set.lines) set.content_height += line.height;
                const double vertical = s.padding.top + s.padding.bottom +
                                        (s.border.top.visible() ? s.border.top.width : 0) +
                                        (s.border.bottom.visible() ? s.border.bottom.width : 0);
                height = std::max(height, set.content_height + vertical);
                set_cells.push_back(std::move(set));
            }
            for (SetCell& set : set_cells) {
                const ComputedStyle& s = set.cell->style;
                Graphics& g = row_element.graphics;
                if (!s.background_color.transparent())
                    g.rects.push_back({set.x, 0, set.width, height, s.background_color});
                const double top_border = s.border.top.visible() ? s.border.top.width : 0;
                if (s.border.top.visible())
                    g.lines.push_back({set.x, top_border / 2, set.x + set.width, top_border / 2,
                                       top_border, s.border.top.color});
                if (s.border.bottom.visible()) {
                    const double y = height - s.border.bottom.width / 2;
                    g.lines.push_back({set.x, y, set.x + set.width, y, s.border.bottom.width,
                                       s.border.bottom.color});
                }
                const double text_x =
                    set.x + s.padding.left + (s.border.left.visible() ? s.border.left.width : 0);
                double y = top_border + s.padding.top;
                for (SetLine& line : set.lines) {
                    g.append(std::move(line.graphics), text_x, y);
                    y += line.height;
                }
            }
            row_element.height = height;
            if (r > 0 && r <= table.head.size())
                row_element.break_allowed = false; // head stays with a row
            emit(std::move(row_element));
        }
    }

    const Article& article_;
    const StyleSheet& sheet_;
    const TextContext& context_;
    ImageCatalog& images_;
    double full_width_;
    int columns_;
    double column_width_;
    double max_image_height_;
    ResolutionRule photos_;
    std::map<const Figure*, int> figure_numbers_; // as warnings name them

    Box box_;
    double pending_space_ = 0;
    bool keep_next_ = false;
    bool page_break_next_ = false;
    bool spanning_ = false;
    bool leading_ = true; // only spanning elements emitted so far
    int depth_ = 0;       // 0: a child of the article
    bool dateline_pending_ = false;
    int figures_ = 0;
    std::optional<InlineText::SingleLine> marker_;
    double marker_gap_ = 0;
    std::vector<std::pair<std::string, std::string>> pending_strings_;
};

} // namespace

Flow build_flow(const Article& article, const StyleSheet& sheet, const StyleElement& root,
                const ComputedStyle& root_style, const TextContext& context, ImageCatalog& images,
                const FlowSettings& settings) {
    FlowBuilder builder(article, sheet, context, images, settings.width, settings.columns,
                        settings.column_gap, settings.max_image_height, settings.photos);
    builder.article(root, root_style);
    return {std::move(builder.flow), std::move(builder.frames)};
}

} // namespace galley::detail::pdf
