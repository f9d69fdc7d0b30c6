// Building the flow: the article's element tree, styled for print and set at column width.
#include "layout/flow.hpp"
#include "model/table_columns.hpp"
#include "style/article_elements.hpp"
#include "style/elements.hpp"
#include "text/direction.hpp"
#include "text/display_date.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <variant>

namespace galley::detail::layout {

Grid make_grid(const ComputedStyle& style, double width, double height) {
    Grid grid;
    grid.content_width = std::max(width, 1.0);
    grid.content_height = std::max(height, 1.0);
    grid.columns = std::max(style.column_count, 1);
    grid.gap = grid.columns > 1 ? std::max(style.column_gap, 0.0) : 0;
    // A column narrower than three ems cannot hold text: fewer columns then.
    const double narrowest = std::max(style.font_size * 3, 24.0);
    while (grid.columns > 1 &&
           (grid.content_width - (grid.columns - 1) * grid.gap) / grid.columns < narrowest)
        --grid.columns;
    if (grid.columns == 1) grid.gap = 0;
    grid.column_width = (grid.content_width - (grid.columns - 1) * grid.gap) / grid.columns;
    grid.baseline = style.baseline_grid > 0 ? style.baseline_grid : 0;
    grid.rule = style.column_rule;
    return grid;
}

std::string article_string(const Article& article, std::string_view name) {
    const Meta& meta = article.meta;
    if (name == "headline") return meta.headline;
    if (name == "publication") return meta.publisher;
    if (name == "date") return detail::display_date(meta);
    return {};
}

namespace {

// Adjoining vertical margins collapse into one: the largest positive plus the most negative.
double collapse_margins(double a, double b) {
    if (a >= 0 && b >= 0) return std::max(a, b);
    if (a <= 0 && b <= 0) return std::min(a, b);
    return a + b;
}

std::string roman(int number, bool upper) {
    static constexpr std::pair<int, const char*> numerals[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
        {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
    std::string out;
    for (const auto& [value, letters] : numerals)
        while (number >= value) {
            out += letters;
            number -= value;
        }
    if (upper)
        for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string alphabetic(int number, bool upper) {
    std::string out;
    while (number > 0) {
        --number;
        out.insert(out.begin(), static_cast<char>((upper ? 'A' : 'a') + number % 26));
        number /= 26;
    }
    return out;
}

std::string list_marker(ListStyle style, bool ordered, int number) {
    switch (style) {
    case ListStyle::none:
        return {};
    case ListStyle::disc:
        return ordered ? std::to_string(number) + "." : "\u2022";
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
    }
    return {};
}

std::string_view inline_role(const Inline& node) {
    return std::visit(
        [](const auto& value) -> std::string_view {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, Emphasis>)
                return "em";
            else if constexpr (std::is_same_v<T, Strong>)
                return "strong";
            else if constexpr (std::is_same_v<T, Link>)
                return "a";
            else if constexpr (std::is_same_v<T, Code>)
                return "code";
            else if constexpr (std::is_same_v<T, Superscript>)
                return "sup";
            else if constexpr (std::is_same_v<T, Subscript>)
                return "sub";
            else if constexpr (std::is_same_v<T, SmallCaps>)
                return "smallcaps";
            else
                return "";
        },
        node.node);
}

// Paragraphs of this many lines or fewer are set whole in one column.
constexpr std::size_t whole_paragraph_lines = 3;

bool spans_columns(const ComputedStyle& style, int columns) {
    return columns > 1 &&
           (style.column_span.columns_in(columns) > 1 || style.float_placement == Float::top ||
            style.float_placement == Float::bottom);
}

class FlowBuilder {
  public:
    FlowBuilder(const Article& article, const StyleSheet& sheet, const Grid& grid,
                Typesetting& typesetting, const ResolutionRule& photos, const Tightening& tightened)
        : article_(article), sheet_(sheet), grid_(grid), ts_(typesetting), photos_(photos),
          tightened_(tightened), figure_numbers_(figure_numbers(article)) {
        flow_.tags.push_back({"Document", -1, {}});
        flow_.headline = article.meta.headline;
        out_ = &flow_.elements;
        box_ = {0, grid.column_width};
    }

    Flow build(const StyleElement& root, const ComputedStyle& root_style) {
        const Meta& meta = article_.meta;
        std::vector<StyleElement> children = article_children(article_, root);

        if (auto before = pseudo(root, PseudoElement::before, root_style))
            generated_block(*before, "article::before", true);

        std::size_t k = 0;
        if (!meta.headline.empty()) {
            const StyleElement& element = children[k++];
            simple_block(element, root_style, meta.headline, "H1", 1);
        }
        if (!meta.dek.empty()) simple_block(children[k++], root_style, meta.dek, "P");
        // "Name, Title" — with the Arabic comma in Arabic-script languages.
        const std::string_view comma = list_comma(ts_.language());
        for (const Byline& byline : meta.bylines) {
            std::string line = byline.name;
            if (!byline.name.empty() && !byline.title.empty()) line += comma;
            line += byline.title;
            simple_block(children[k++], root_style, line, "P");
        }
        dateline_pending_ = !meta.dateline.empty();
        for (const Block& block : article_.blocks)
            this->block(block, children[k++], root_style, true);
        if (dateline_pending_) {
            // No paragraph to run the dateline into: it stands as a paragraph of its own.
            StyleElement paragraph{.role = "p",
                                   .parent = &root,
                                   .child_index = static_cast<int>(children.size()),
                                   .last_child = true,
                                   .last_of_type = true,
                                   .previous = children.empty() ? nullptr : &children.back()};
            const ComputedStyle style = style_of(paragraph, root_style);
            text_block(paragraph, style, "P", [&](InlineText& text, const ComputedStyle& own) {
                add_inlines(text, {}, paragraph, own, -1, 0, true);
            });
        }
        if (auto after = pseudo(root, PseudoElement::after, root_style))
            generated_block(*after, "article::after", true);
        return std::move(flow_);
    }

  private:
    using Fill = std::function<void(InlineText&, const ComputedStyle&)>;

    struct Box {
        double x = 0, width = 0;
    };

    struct BlockState {
        Box box;
        int frame = -1;
        int tag = 0;
        std::size_t first = 0;
        bool atomic = false;
    };

    // What the first element of the next block carries (outline entry, named strings).
    struct BlockInfo {
        int outline_level = 0;
        std::string title;
        std::string destination;
        std::vector<std::pair<std::string, std::string>> strings;
    };

    // --- Styles -----------------------------------------------------------------------------

    ComputedStyle style_of(const StyleElement& element, const ComputedStyle& parent) {
        return compute_style(sheet_, ts_.medium(), element, &parent, &warnings_);
    }

    std::optional<ComputedStyle> pseudo(const StyleElement& element, PseudoElement which,
                                        const ComputedStyle& style) {
        if (style.display == Display::none) return std::nullopt;
        return compute_pseudo_style(sheet_, ts_.medium(), element, which, style, &warnings_);
    }

    std::string generated_text(const ComputedStyle& style, std::string_view element_text = {}) {
        ContentContext context;
        context.element_text = element_text;
        context.named_string = [this](std::string_view name) { return named_string(name); };
        return render_content(style.content, context);
    }

    std::string named_string(std::string_view name) const {
        if (auto found = strings_.find(std::string(name)); found != strings_.end())
            return found->second;
        return article_string(article_, name);
    }

    // --- Emitting -----------------------------------------------------------------------------

    int add_tag(std::string name, std::string alt = {}) {
        flow_.tags.push_back({std::move(name), tag_, std::move(alt)});
        return static_cast<int>(flow_.tags.size() - 1);
    }

    void emit(FlowElement element) {
        element.space_before = pending_margin_;
        pending_margin_ = 0;
        if (keep_next_) element.break_before = false;
        keep_next_ = false;
        if (forced_ != BreakBetween::automatic && out_ == &flow_.elements) {
            element.forced_break = forced_;
        }
        forced_ = BreakBetween::automatic;
        if (atomic_ && out_->size() > atomic_first_) {
            element.break_before = false;
            element.on_grid = false;
        }
        if (element.frame < 0) element.frame = frame_;
        if (element.kind == FlowElement::Kind::line && !pending_marker_.empty()) {
            ShapingFont& font = ts_.font(marker_style_);
            const ShapedText& shaped = font.shape(pending_marker_);
            const double gap = marker_style_.font_size * 0.4;
            element.drawing.add(GlyphDraw{&shaped, -(shaped.width + gap), element_baseline_,
                                          marker_style_.color, -1, 0, 1});
            pending_marker_.clear();
        }
        if (info_) {
            element.outline_level = info_->outline_level;
            element.outline_title = std::move(info_->title);
            element.destination = std::move(info_->destination);
            element.strings = std::move(info_->strings);
            info_.reset();
        }
        out_->push_back(std::move(element));
    }

    void emit_space(double height, const BorderSide* border, double border_y, const Box& box,
                    bool break_before) {
        FlowElement space;
        space.kind = FlowElement::Kind::space;
        space.height = height;
        space.x = box.x;
        space.width = box.width;
        space.break_before = break_before;
        space.role = "space";
        space.block = block_number_;
        if (border && border->visible())
            space.drawing.add(
                StrokeDraw{0, border_y, box.width, border_y, border->width, border->color});
        emit(std::move(space));
    }

    void emit_lines(std::vector<TextLine>& lines, const ComputedStyle& style, std::string_view role,
                    int tag) {
        const std::size_t n = lines.size();
        const bool avoid_inside = style.break_inside == BreakInside::avoid;
        const std::size_t orphans = static_cast<std::size_t>(std::max(style.orphans, 1));
        const std::size_t widows = static_cast<std::size_t>(std::max(style.widows, 1));
        // A paragraph of three lines or fewer is never split, whatever widows and orphans say.
        const bool whole = n <= whole_paragraph_lines;
        for (std::size_t i = 0; i < n; ++i) {
            FlowElement element;
            element.kind = FlowElement::Kind::line;
            element.height = lines[i].height;
            element.on_grid = grid_.baseline > 0;
            element.x = box_.x;
            element.width = box_.width;
            element.drawing = std::move(lines[i].drawing);
            element.line = std::move(lines[i].facts);
            element.role = std::string(role);
            element.tag = tag;
            element.block = block_number_;
            if (i > 0)
                element.break_before = !avoid_inside && !whole && i >= orphans && n - i >= widows;
            element_baseline_ = lines[i].baseline;
            emit(std::move(element));
        }
    }

    // --- Blocks: margins, borders, padding, breaks ------------------------------------------

    // A break-before or break-after value: a forced break for the next element, or a keep.
    void note_break(BreakBetween value) {
        switch (value) {
        case BreakBetween::page:
        case BreakBetween::left:
        case BreakBetween::right:
        case BreakBetween::column:
            forced_ = value;
            break;
        case BreakBetween::avoid:
            keep_next_ = true;
            break;
        case BreakBetween::automatic:
            break;
        }
    }

    BlockState begin(const ComputedStyle& style, std::string tag_name, bool atomic = false) {
        BlockState state;
        state.box = box_;
        state.frame = frame_;
        state.tag = tag_;
        note_break(style.break_before);
        pending_margin_ = collapse_margins(pending_margin_, style.margin.top);
        box_.x += style.margin.left;
        box_.width = std::max(box_.width - style.margin.left - style.margin.right, 1.0);
        if ((atomic || style.break_inside == BreakInside::avoid) && !atomic_) {
            atomic_ = true;
            state.atomic = true;
            atomic_first_ = out_->size();
        }
        state.first = out_->size();
        const Borders& border = style.border;
        if (!style.background_color.transparent() || border.left.visible() ||
            border.right.visible()) {
            flow_.frames.push_back(
                {box_.x, box_.width, style.background_color, border.left, border.right});
            frame_ = static_cast<int>(flow_.frames.size() - 1);
        }
        if (!tag_name.empty()) tag_ = add_tag(std::move(tag_name));
        const double top = (border.top.visible() ? border.top.width : 0) + style.padding.top;
        if (top > 0) {
            emit_space(top, &border.top, border.top.width / 2, box_, true);
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
        const Box outer{state.box.x + style.margin.left,
                        std::max(state.box.width - style.margin.left - style.margin.right, 1.0)};
        if (bottom > 0 && out_->size() > state.first)
            emit_space(bottom, &border.bottom, style.padding.bottom + border.bottom.width / 2,
                       outer, false);
        box_ = state.box;
        frame_ = state.frame;
        tag_ = state.tag;
        if (state.atomic) atomic_ = false;
        pending_margin_ = collapse_margins(pending_margin_, style.margin.bottom);
        note_break(style.break_after);
    }

    // Builds a top-level block apart from the columns when its style spans or floats;
    // otherwise in the flow.
    void maybe_placeable(const ComputedStyle& style, bool top_level, std::string_view role,
                         const std::function<void()>& build) {
        if (!top_level || !spans_columns(style, grid_.columns)) {
            build();
            return;
        }
        Placeable placeable;
        placeable.all =
            style.column_span.all || style.column_span.columns_in(grid_.columns) >= grid_.columns;
        placeable.columns =
            placeable.all ? grid_.columns : style.column_span.columns_in(grid_.columns);
        placeable.width = grid_.span_width(placeable.columns);
        placeable.placement =
            style.float_placement == Float::top || style.float_placement == Float::bottom
                ? style.float_placement
                : Float::none;
        placeable.margin_top = style.margin.top;
        placeable.margin_bottom = style.margin.bottom;
        placeable.role = std::string(role);

        // Build into the placeable, at its width, with its own margins kept apart.
        auto* saved_out = out_;
        const Box saved_box = box_;
        const double saved_margin = pending_margin_;
        const bool saved_keep = keep_next_;
        const BreakBetween saved_forced = forced_;
        out_ = &placeable.elements;
        box_ = {0, placeable.width};
        pending_margin_ = 0;
        keep_next_ = false;
        forced_ = BreakBetween::automatic;
        build();
        out_ = saved_out;
        box_ = saved_box;
        pending_margin_ = saved_margin;
        // Forced breaks and keeps of a placed block apply where it stood in the flow.
        keep_next_ = saved_keep;
        if (forced_ == BreakBetween::automatic) forced_ = saved_forced;
        if (placeable.elements.empty()) return;
        placeable.elements.front().space_before = 0;
        double height = 0;
        for (std::size_t i = 0; i < placeable.elements.size(); ++i)
            height +=
                (i > 0 ? placeable.elements[i].space_before : 0) + placeable.elements[i].height;
        if (grid_.baseline > 0) height = std::ceil(height / grid_.baseline - 1e-6) * grid_.baseline;
        placeable.height = height;
        flow_.placeables.push_back(std::move(placeable));

        FlowElement anchor;
        anchor.kind = FlowElement::Kind::anchor;
        anchor.placeable = flow_.placeables.size() - 1;
        anchor.role = std::string(role);
        anchor.block = block_number_;
        anchor.break_before = true;
        // The anchor takes no room: margins and keeps pass on to what follows it.
        const double margin = pending_margin_;
        const bool keep = keep_next_;
        pending_margin_ = 0;
        keep_next_ = false;
        emit(std::move(anchor));
        pending_margin_ = margin;
        keep_next_ = keep;
    }

    // --- Text blocks ------------------------------------------------------------------------

    void text_block(const StyleElement& element, const ComputedStyle& style, std::string tag_name,
                    const Fill& fill, int outline_level = 0, const Attr* attr = nullptr) {
        if (style.display == Display::none) return;
        ++block_number_;
        const BlockState state = begin(style, std::move(tag_name));
        const int tag = tag_;
        auto before = pseudo(element, PseudoElement::before, style);
        auto after = pseudo(element, PseudoElement::after, style);
        if (before && before->display == Display::block)
            generated_block(*before, std::string(element.role) + "::before", false);

        InlineText text(ts_);
        if (before && before->display != Display::block) text.add(generated_text(*before), *before);
        fill(text, style);
        if (after && after->display != Display::block) text.add(generated_text(*after), *after);

        const std::string plain = text.plain_text();
        for (const StringSet& set : style.string_set) {
            ContentContext context;
            context.element_text = plain;
            context.named_string = [this](std::string_view name) { return named_string(name); };
            std::string value = render_content(set.content, context);
            strings_[set.name] = value;
            block_info().strings.emplace_back(set.name, std::move(value));
        }
        if (outline_level > 0) {
            block_info().outline_level = outline_level;
            block_info().title = plain;
            if (attr != nullptr && !attr->id.empty()) block_info().destination = attr->id;
        }
        if (!text.empty()) {
            ParagraphFormat format = paragraph_format(ts_, style, box_.width);
            if (tightened_.paragraphs.count(block_number_)) {
                format.looseness = -1;
                if (tightened_.tighter) {
                    format.glyph_scaling_min =
                        std::max(0.90, 1 - 2 * (1 - format.glyph_scaling_min));
                    format.letter_spacing_min = std::max(-0.05, 2 * format.letter_spacing_min);
                }
            }
            std::vector<TextLine> lines = text.set(format);
            emit_lines(lines, style, element.role, tag);
        }
        info_.reset();
        if (after && after->display == Display::block)
            generated_block(*after, std::string(element.role) + "::after", false);
        end(state, style);
        if (outline_level > 1) keep_next_ = true; // a heading never ends a column
    }

    BlockInfo& block_info() {
        // Not emplace(): clang 14 rejects default-constructing a nested struct with default
        // member initialisers inside its enclosing class.
        if (!info_) info_ = BlockInfo{};
        return *info_;
    }

    // A block of plain text (headline, dek, byline), spanning the grid when its style says.
    void simple_block(const StyleElement& element, const ComputedStyle& parent_style,
                      const std::string& text, std::string tag_name, int outline_level = 0) {
        const ComputedStyle style = style_of(element, parent_style);
        if (style.display == Display::none) return;
        maybe_placeable(style, true, element.role, [&] {
            text_block(
                element, style, tag_name,
                [&](InlineText& inline_text, const ComputedStyle& own) {
                    inline_text.add(text, own);
                },
                outline_level);
        });
    }

    // Generated content with display: block.
    void generated_block(const ComputedStyle& style, std::string_view role, bool top_level) {
        const std::string text = generated_text(style);
        if (text.empty()) return;
        maybe_placeable(style, top_level, role, [&] {
            ++block_number_;
            const BlockState state = begin(style, "P");
            InlineText inline_text(ts_);
            inline_text.add(text, style);
            std::vector<TextLine> lines = inline_text.set(paragraph_format(ts_, style, box_.width));
            emit_lines(lines, style, role, tag_);
            end(state, style);
        });
    }

    // --- Inlines ------------------------------------------------------------------------------

    std::string dateline_text() const {
        const Dateline& dateline = article_.meta.dateline;
        std::string text = dateline.place;
        if (!dateline.date_text.empty()) text += (text.empty() ? "" : ", ") + dateline.date_text;
        if (!dateline.agency.empty()) text += (text.empty() ? "(" : " (") + dateline.agency + ")";
        return text + " \u2014 ";
    }

    void add_inlines(InlineText& text, const Inlines& inlines, const StyleElement& parent,
                     const ComputedStyle& parent_style, int link, double rise, bool with_dateline) {
        std::vector<StyleElement> elements;
        if (with_dateline) elements.push_back({.role = "dateline", .parent = &parent});
        for (const Inline& node : inlines)
            if (const std::string_view role = inline_role(node); !role.empty())
                elements.push_back({.role = role, .parent = &parent});
        number_siblings(elements);
        std::size_t k = 0;
        if (with_dateline) {
            const StyleElement& element = elements[k++];
            const ComputedStyle style = style_of(element, parent_style);
            text.add(dateline_text(), style, link, rise);
            dateline_pending_ = false;
        }
        for (const Inline& node : inlines) {
            if (const auto* t = std::get_if<Text>(&node.node)) {
                text.add(t->text, parent_style, link, rise);
                continue;
            }
            if (std::holds_alternative<LineBreak>(node.node)) {
                text.add_line_break(parent_style);
                continue;
            }
            const StyleElement& element = elements[k++];
            const ComputedStyle style = style_of(element, parent_style);
            if (style.display == Display::none) continue;
            if (auto before = pseudo(element, PseudoElement::before, style))
                text.add(generated_text(*before), *before, link, rise);
            std::visit(
                [&](const auto& value) {
                    using T = std::decay_t<decltype(value)>;
                    if constexpr (std::is_same_v<T, Emphasis> || std::is_same_v<T, Strong> ||
                                  std::is_same_v<T, SmallCaps>) {
                        add_inlines(text, value.content, element, style, link, rise, false);
                    } else if constexpr (std::is_same_v<T, Link>) {
                        const int target = value.url.empty() ? link : ts_.link(value.url);
                        add_inlines(text, value.content, element, style, target, rise, false);
                    } else if constexpr (std::is_same_v<T, Code>) {
                        text.add(value.text, style, link, rise);
                    } else if constexpr (std::is_same_v<T, Superscript>) {
                        add_inlines(text, value.content, element, style, link,
                                    rise + parent_style.font_size * 0.33, false);
                    } else if constexpr (std::is_same_v<T, Subscript>) {
                        add_inlines(text, value.content, element, style, link,
                                    rise - parent_style.font_size * 0.2, false);
                    }
                },
                node.node);
            if (auto after = pseudo(element, PseudoElement::after, style))
                text.add(generated_text(*after), *after, link, rise);
        }
    }

    // --- Blocks -------------------------------------------------------------------------------

    void block(const Block& block, const StyleElement& element, const ComputedStyle& parent_style,
               bool top_level) {
        const ComputedStyle style = style_of(element, parent_style);
        if (style.display == Display::none) return;
        std::visit([&](const auto& node) { this->node(node, element, style, top_level); },
                   block.node);
    }

    void node(const Paragraph& paragraph, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "p", [&] {
            const bool dateline = top_level && dateline_pending_;
            text_block(element, style, "P", [&](InlineText& text, const ComputedStyle& own) {
                add_inlines(text, paragraph.content, element, own, -1, 0, dateline);
            });
        });
    }

    void node(const Heading& heading, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        const int level = std::clamp(heading.level, 2, 4);
        maybe_placeable(style, top_level, element.role, [&] {
            text_block(
                element, style, "H" + std::to_string(level),
                [&](InlineText& text, const ComputedStyle& own) {
                    add_inlines(text, heading.content, element, own, -1, 0, false);
                },
                level, &heading.attr);
        });
    }

    void node(const BlockQuote& quote, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "blockquote", [&] {
            ++block_number_;
            const BlockState state = begin(style, "BlockQuote");
            std::vector<StyleElement> children;
            for (const Block& child : quote.content)
                children.push_back(
                    {.role = block_role(child), .attr = &child.attr(), .parent = &element});
            if (!quote.attribution.empty())
                children.push_back({.role = "attribution", .parent = &element});
            number_siblings(children);
            std::size_t k = 0;
            for (const Block& child : quote.content) block(child, children[k++], style, false);
            if (!quote.attribution.empty()) attribution(children[k], style, quote.attribution);
            end(state, style);
        });
    }

    void attribution(const StyleElement& element, const ComputedStyle& parent_style,
                     const std::string& who) {
        const ComputedStyle style = style_of(element, parent_style);
        text_block(element, style, "P",
                   [&](InlineText& text, const ComputedStyle& own) { text.add(who, own); });
    }

    void node(const PullQuote& quote, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "pullquote", [&] {
            ++block_number_;
            const BlockState state = begin(style, "BlockQuote", true);
            std::vector<StyleElement> children;
            if (!quote.attribution.empty())
                children.push_back({.role = "attribution", .parent = &element});
            number_siblings(children);
            InlineText text(ts_);
            add_inlines(text, quote.content, element, style, -1, 0, false);
            if (!text.empty()) {
                std::vector<TextLine> lines = text.set(paragraph_format(ts_, style, box_.width));
                emit_lines(lines, style, "pullquote", add_tag("P"));
            }
            if (!quote.attribution.empty()) attribution(children.front(), style, quote.attribution);
            end(state, style);
        });
    }

    void node(const Figure& figure, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        const bool has_caption = !plain_text(figure.caption).empty();
        if (!figure.image && figure.credit.display().empty() && !has_caption) return;
        maybe_placeable(style, top_level, "figure",
                        [&] { figure_block(figure, element, style, top_level); });
    }

    void figure_block(const Figure& figure, const StyleElement& element, const ComputedStyle& style,
                      bool top_level) {
        ++block_number_;
        const bool has_caption = !plain_text(figure.caption).empty();
        std::vector<StyleElement> children;
        children.push_back({.role = "img", .parent = &element});
        if (!figure.credit.display().empty())
            children.push_back({.role = "credit", .parent = &element});
        if (has_caption) children.push_back({.role = "figcaption", .parent = &element});
        number_siblings(children);

        const BlockState state = begin(style, "", true);
        const ComputedStyle img_style = style_of(children[0], style);
        const double available = box_.width;
        double ratio = 2.0 / 3.0; // a placeholder is a 3:2 landscape photo
        std::optional<std::size_t> image;
        if (figure.image) {
            image = flow_.images.add(*figure.image, article_);
            const LayoutImage& info = flow_.images[*image];
            ratio = static_cast<double>(info.height) / info.width;
        } else if (!figure.image_left_out.empty()) {
            ratio = 0; // the photo was left out (drop_unusable_images): no box, nothing drawn
        } else {
            ts_.warn("figure without an image (credit '" + figure.credit.display() +
                     "'): a placeholder box is drawn where the photo goes");
        }
        // CSS pixels are 0.75 pt: an image without a width is drawn at its pixel size.
        const double intrinsic = image ? flow_.images[*image].width * 0.75 : available;
        double width = img_style.width.resolve(available, std::min(intrinsic, available));
        width = std::min(width, img_style.max_width.resolve(available, width));
        width = std::clamp(width, 1.0, available);
        double height = width * ratio;
        // A photo never takes more than 60% of the page's column height.
        const double tallest = grid_.content_height * 0.6;
        if (height > tallest) {
            width *= tallest / height;
            height = tallest;
        }
        // Never enlarged past what its pixels carry at the medium's resolution (unless
        // upscale): a smaller photo is set at its size, centred in its column span.
        std::optional<PhotoFit> fit;
        if (image) {
            const LayoutImage& info = flow_.images[*image];
            fit = fit_photo(info.width, info.height, width, height, photos_);
            width = fit->width;
            height = fit->height;
        }
        double x = box_.x;
        if ((fit && fit->reduced) || style.text_align == TextAlign::center)
            x += (available - width) / 2;
        else if (style.text_align == TextAlign::right)
            x += (available - width) / 2 * 2;

        const std::string alt = !figure.alt.empty() ? figure.alt : plain_text(figure.caption);
        const int figure_tag = add_tag("Figure", alt);
        const std::size_t image_index = out_->size();
        FlowElement picture;
        picture.kind = FlowElement::Kind::box;
        picture.height = height;
        picture.on_grid = grid_.baseline > 0;
        picture.x = x;
        picture.width = width;
        picture.role = image                            ? "img"
                       : !figure.image_left_out.empty() ? "img-left-out"
                                                        : "img-placeholder";
        picture.tag = figure_tag;
        picture.block = block_number_;
        pending_margin_ = collapse_margins(pending_margin_, img_style.margin.top);
        emit(std::move(picture));
        pending_margin_ = img_style.margin.bottom;

        const int saved_tag = tag_;
        tag_ = add_tag("Caption");
        // Under a photo set smaller than its box asked (centred), the credit and caption
        // take a centred measure: the photo's width, the middle half of the span at least.
        const Box figure_box = box_;
        if (fit && fit->reduced) {
            const double measure = std::max(width, available / 2);
            box_ = {box_.x + (available - measure) / 2, measure};
        }
        std::size_t k = 1;
        if (!figure.credit.display().empty()) {
            const StyleElement& credit_element = children[k++];
            const ComputedStyle credit_style = style_of(credit_element, style);
            text_block(credit_element, credit_style, "",
                       [&](InlineText& text, const ComputedStyle& own) {
                           text.add(figure.credit.display(), own);
                       });
        }
        if (has_caption) {
            const StyleElement& caption_element = children[k++];
            const ComputedStyle caption_style = style_of(caption_element, style);
            text_block(caption_element, caption_style, "",
                       [&](InlineText& text, const ComputedStyle& own) {
                           add_inlines(text, figure.caption, caption_element, own, -1, 0, false);
                       });
        }
        box_ = figure_box;
        tag_ = saved_tag;

        // On a baseline grid the whole figure takes whole grid lines: the photo grows by the
        // rest (it is drawn to cover its box, so a sliver is cropped at the sides).
        // A photo that growing would take below the medium's resolution (unless upscale)
        // keeps its size, and the rest is space above it.
        FlowElement& placed = (*out_)[image_index];
        double image_y = 0, image_height = placed.height;
        if (grid_.baseline > 0) {
            double total = placed.height;
            for (std::size_t i = image_index + 1; i < out_->size(); ++i)
                total += (*out_)[i].space_before + (*out_)[i].height;
            const double g = grid_.baseline;
            const double whole = std::ceil(total / g - 1e-6) * g;
            placed.height += whole - total;
            image_height = placed.height;
            if (image && !photos_.upscale && photos_.min_ppi > 0) {
                const LayoutImage& info = flow_.images[*image];
                const double grown =
                    effective_ppi(info.width, info.height, placed.width, placed.height);
                if (below_minimum(grown, photos_)) {
                    image_y = placed.height - fit->height;
                    image_height = fit->height;
                }
            }
        }
        if (image && fit->low) {
            const LayoutImage& info = flow_.images[*image];
            // Enlarged (upscale): the resolution as drawn, the grid's growth included.
            if (!fit->reduced)
                fit->ppi = effective_ppi(info.width, info.height, placed.width, image_height);
            ts_.warn(low_resolution_message(figure_numbers_[&figure],
                                            figure.image->src.empty() ? "embedded image"
                                                                      : figure.image->src,
                                            info.width, info.height, *fit, photos_));
        }
        if (image)
            placed.drawing.add(ImageDraw{*image, 0, image_y, placed.width, image_height});
        else if (figure.image_left_out.empty())
            placed.drawing.add(PlaceholderDraw{0, 0, placed.width, placed.height});
        end(state, style);
        // An in-flow figure never ends a column: it stays with the text that follows.
        if (!top_level || !spans_columns(style, grid_.columns)) keep_next_ = true;
    }

    void node(const List& list, const StyleElement& element, const ComputedStyle& style, bool) {
        ++block_number_;
        const BlockState state = begin(style, "L");
        std::vector<StyleElement> items(list.items.size(),
                                        StyleElement{.role = "li", .parent = &element});
        number_siblings(items);
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            const ComputedStyle item_style = style_of(items[i], style);
            if (item_style.display == Display::none) continue;
            const BlockState item_state = begin(item_style, "LI");
            pending_marker_ = list_marker(item_style.list_style_type, list.ordered,
                                          list.start + static_cast<int>(i));
            marker_style_ = item_style;
            std::vector<StyleElement> children;
            for (const Block& child : list.items[i])
                children.push_back(
                    {.role = block_role(child), .attr = &child.attr(), .parent = &items[i]});
            number_siblings(children);
            for (std::size_t c = 0; c < list.items[i].size(); ++c)
                block(list.items[i][c], children[c], item_style, false);
            pending_marker_.clear();
            end(item_state, item_style);
        }
        end(state, style);
    }

    void node(const Rule&, const StyleElement&, const ComputedStyle& style, bool) {
        ++block_number_;
        const BlockState state = begin(style, "");
        if (!style.border.top.visible()) {
            BorderSide line;
            line.width = 0.5;
            line.style = BorderStyle::solid;
            line.color = Color{153, 153, 153, 255};
            emit_space(line.width, &line, line.width / 2, box_, true);
        }
        end(state, style);
    }

    void node(const Tagline& tagline, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "tagline", [&] {
            text_block(element, style, "P", [&](InlineText& text, const ComputedStyle& own) {
                add_inlines(text, tagline.content, element, own, -1, 0, false);
            });
        });
    }

    void node(const Raw& raw, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "pre", [&] {
            ++block_number_;
            const BlockState state = begin(style, "P");
            InlineText text(ts_);
            std::string body = raw.text;
            while (!body.empty() && body.back() == '\n') body.pop_back();
            text.add(body, style, -1, 0, true);
            ParagraphFormat format = paragraph_format(ts_, style, box_.width);
            format.preformatted = true;
            if (!text.empty()) {
                std::vector<TextLine> lines = text.set(format);
                emit_lines(lines, style, element.role, tag_);
            }
            end(state, style);
        });
    }

    void node(const Table& table, const StyleElement& element, const ComputedStyle& style,
              bool top_level) {
        maybe_placeable(style, top_level, "table", [&] { table_block(table, element, style); });
    }

    struct Cell {
        const TableCell* cell = nullptr;
        std::size_t element = 0;
        int column = 0;
        int span = 1;
        bool numeric = false; // in a numeric column: right-aligned, tabular figures
    };

    void table_block(const Table& table, const StyleElement& element, const ComputedStyle& style) {
        ++block_number_;
        const BlockState state = begin(style, "Table");
        const bool has_caption = !plain_text(table.caption).empty();
        std::vector<const TableRow*> rows;
        for (const TableRow& row : table.head) rows.push_back(&row);
        for (const TableRow& row : table.body) rows.push_back(&row);
        std::vector<StyleElement> children;
        if (has_caption) children.push_back({.role = "caption", .parent = &element});
        for (std::size_t r = 0; r < rows.size(); ++r)
            children.push_back({.role = "tr", .parent = &element});
        number_siblings(children);
        std::size_t k = 0;
        if (has_caption) {
            const StyleElement& caption = children[k++];
            text_block(caption, style_of(caption, style), "Caption",
                       [&](InlineText& text, const ComputedStyle& own) {
                           add_inlines(text, table.caption, caption, own, -1, 0, false);
                       });
            keep_next_ = true;
        }

        // Every cell's style and text, and each column's natural and narrowest widths. Where
        // each cell sits, which rows span the table (a one-cell section row) and which columns
        // hold figures is decided once for all backends (model/table_columns.hpp).
        const TableColumns layout = table_columns(table);
        std::vector<std::vector<StyleElement>> cell_elements(rows.size());
        std::vector<ComputedStyle> row_styles;
        std::vector<std::vector<ComputedStyle>> cell_styles(rows.size());
        std::vector<std::vector<std::unique_ptr<InlineText>>> texts(rows.size());
        std::vector<std::vector<Cell>> cells(rows.size());
        int columns = 0;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const StyleElement& row_element = children[k + r];
            row_styles.push_back(style_of(row_element, style));
            // Head cells and th cells (a row's label in the body) are set as headers, with
            // the scope the EPUB gives them (th[scope=row] selects a row's labels).
            for (std::size_t c = 0; c < rows[r]->size(); ++c)
                cell_elements[r].push_back(
                    {.role = header_cell(table, r, c) ? "th" : "td",
                     .attr = header_scope_attr(header_scope(table, layout, r, c)),
                     .parent = &row_element});
            number_siblings(cell_elements[r]);
            for (std::size_t c = 0; c < rows[r]->size(); ++c) {
                const TableCell& cell = (*rows[r])[c];
                cell_styles[r].push_back(style_of(cell_elements[r][c], row_styles.back()));
                auto text = std::make_unique<InlineText>(ts_);
                // Figures with tabular digits (OpenType tnum), so that they line up.
                text->set_tabular_figures(layout.numeric_cell(r, c));
                add_inlines(*text, cell.content, cell_elements[r][c], cell_styles[r].back(), -1, 0,
                            false);
                texts[r].push_back(std::move(text));
                const CellPlace& place = layout.places[r][c];
                cells[r].push_back({&cell, c, place.column, place.span, layout.numeric_cell(r, c)});
            }
        }
        columns = layout.count;
        if (columns == 0) {
            end(state, style);
            return;
        }
        std::vector<double> natural(static_cast<std::size_t>(columns), 0), narrowest(natural);
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (const Cell& cell : cells[r]) {
                if (cell.span != 1) continue;
                const ComputedStyle& cs = cell_styles[r][cell.element];
                const double padding = cs.padding.left + cs.padding.right;
                const auto column = static_cast<std::size_t>(cell.column);
                natural[column] = std::max(natural[column],
                                           texts[r][cell.element]->natural_width() + padding + 1);
                narrowest[column] = std::max(narrowest[column],
                                             texts[r][cell.element]->widest_word() + padding + 1);
            }
        const double width = box_.width;
        double natural_sum = 0, narrowest_sum = 0;
        for (int c = 0; c < columns; ++c) {
            natural[static_cast<std::size_t>(c)] =
                std::max(natural[static_cast<std::size_t>(c)], 12.0);
            narrowest[static_cast<std::size_t>(c)] =
                std::max(narrowest[static_cast<std::size_t>(c)], 12.0);
            natural_sum += natural[static_cast<std::size_t>(c)];
            narrowest_sum += narrowest[static_cast<std::size_t>(c)];
        }
        std::vector<double> widths(static_cast<std::size_t>(columns));
        for (std::size_t c = 0; c < widths.size(); ++c) {
            if (natural_sum <= width)
                widths[c] = natural[c] + (width - natural_sum) * natural[c] / natural_sum;
            else if (narrowest_sum < width && natural_sum > narrowest_sum)
                widths[c] = narrowest[c] + (width - narrowest_sum) * (natural[c] - narrowest[c]) /
                                               (natural_sum - narrowest_sum);
            else
                widths[c] = width * narrowest[c] / narrowest_sum;
        }
        std::vector<double> offsets(widths.size() + 1, 0);
        for (std::size_t c = 0; c < widths.size(); ++c) offsets[c + 1] = offsets[c] + widths[c];

        for (std::size_t r = 0; r < rows.size(); ++r) {
            FlowElement row;
            row.kind = FlowElement::Kind::line;
            row.x = box_.x;
            row.width = width;
            row.on_grid = grid_.baseline > 0;
            row.role = r < table.head.size() ? "tr-head" : "tr";
            row.tag = add_tag("TR");
            row.block = block_number_;
            double height = 0;
            struct SetCell {
                double x, width;
                std::vector<TextLine> lines;
                const ComputedStyle* style;
            };
            std::vector<SetCell> set_cells;
            for (const Cell& cell : cells[r]) {
                const ComputedStyle& cs = cell_styles[r][cell.element];
                const auto first = static_cast<std::size_t>(cell.column);
                const auto last =
                    std::min(first + static_cast<std::size_t>(cell.span), widths.size());
                const double x = offsets[first];
                const double cell_width = offsets[last] - offsets[first];
                ParagraphFormat format = paragraph_format(
                    ts_, cs, std::max(cell_width - cs.padding.left - cs.padding.right, 1.0));
                if (cell.numeric) format.align = TextAlign::right; // the cell's own wins
                if (cell.cell->align == Align::left) format.align = TextAlign::left;
                if (cell.cell->align == Align::right) format.align = TextAlign::right;
                if (cell.cell->align == Align::center) format.align = TextAlign::center;
                SetCell set{x, cell_width, texts[r][cell.element]->set(format), &cs};
                double h = cs.padding.top + cs.padding.bottom;
                for (const TextLine& line : set.lines) h += line.height;
                height = std::max(height, h);
                set_cells.push_back(std::move(set));
            }
            std::string text;
            for (std::size_t c = 0; c < set_cells.size(); ++c) {
                SetCell& cell = set_cells[c];
                const ComputedStyle& cs = *cell.style;
                if (!cs.background_color.transparent())
                    row.drawing.add(RectDraw{cell.x, 0, cell.width, height, cs.background_color});
                const int saved_tag = tag_;
                tag_ = row.tag;
                TaggedDrawing part{add_tag(header_cell(table, r, c) ? "TH" : "TD"), {}};
                tag_ = saved_tag;
                double y = cs.padding.top;
                for (TextLine& line : cell.lines) {
                    part.drawing.append(line.drawing, cell.x + cs.padding.left, y);
                    if (!text.empty()) text += " | ";
                    text += line.facts.text;
                    y += line.height;
                }
                row.parts.push_back(std::move(part));
                if (cs.border.top.visible())
                    row.drawing.add(StrokeDraw{cell.x, cs.border.top.width / 2, cell.x + cell.width,
                                               cs.border.top.width / 2, cs.border.top.width,
                                               cs.border.top.color});
                if (cs.border.bottom.visible())
                    row.drawing.add(StrokeDraw{cell.x, height - cs.border.bottom.width / 2,
                                               cell.x + cell.width,
                                               height - cs.border.bottom.width / 2,
                                               cs.border.bottom.width, cs.border.bottom.color});
            }
            row.height = height;
            LineFacts facts;
            facts.text = text;
            facts.width = width;
            facts.last = true;
            row.line = std::move(facts);
            if (r == 0) row.break_before = !has_caption;
            emit(std::move(row));
        }
        end(state, style);
    }

    const Article& article_;
    const StyleSheet& sheet_;
    const Grid& grid_;
    Typesetting& ts_;
    ResolutionRule photos_;
    const Tightening& tightened_;                 // blocks set a line shorter (build_flow)
    std::map<const Figure*, int> figure_numbers_; // as warnings name them
    Flow flow_;
    Warnings warnings_;

    std::vector<FlowElement>* out_ = nullptr;
    Box box_;
    double pending_margin_ = 0;
    bool keep_next_ = false;
    BreakBetween forced_ = BreakBetween::automatic;
    bool atomic_ = false;
    std::size_t atomic_first_ = 0;
    int frame_ = -1;
    int tag_ = 0;
    std::size_t block_number_ = 0;
    bool dateline_pending_ = false;
    std::optional<BlockInfo> info_;
    std::map<std::string, std::string> strings_;
    std::string pending_marker_;
    ComputedStyle marker_style_;
    double element_baseline_ = 0;

  public:
    const Warnings& style_warnings() const { return warnings_; }
};

} // namespace

void Drawing::append(const Drawing& other, double dx, double dy) {
    for (const Drawable& item : other.items) {
        Drawable moved = item;
        std::visit(
            [&](auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, GlyphDraw> || std::is_same_v<T, LayoutLineDraw>) {
                    value.x += dx;
                    value.baseline += dy;
                } else if constexpr (std::is_same_v<T, StrokeDraw>) {
                    value.x1 += dx, value.x2 += dx, value.y1 += dy, value.y2 += dy;
                } else {
                    value.x += dx;
                    value.y += dy;
                }
            },
            moved);
        items.push_back(std::move(moved));
    }
}

Flow build_flow(const Article& article, const StyleSheet& sheet, const StyleElement& root,
                const ComputedStyle& root_style, const Grid& grid, Typesetting& typesetting,
                const ResolutionRule& photos, const Tightening& tightened) {
    FlowBuilder builder(article, sheet, grid, typesetting, photos, tightened);
    Flow flow = builder.build(root, root_style);
    typesetting.add_warnings(builder.style_warnings());
    return flow;
}

} // namespace galley::detail::layout
