// The properties galley knows and the parsers of their values (specified values, before the
// cascade). Shorthands are expanded into longhands here.
#include "style/css_values.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>

namespace galley::detail {

// ---------------------------------------------------------------------------------------------
// Component values

namespace {

// The token that closes a block opened by `type`, or eof when `type` opens nothing.
TokenType closer_of(TokenType type) {
    switch (type) {
    case TokenType::function:
    case TokenType::open_paren:
        return TokenType::close_paren;
    case TokenType::open_square:
        return TokenType::close_square;
    case TokenType::open_curly:
        return TokenType::close_curly;
    default:
        return TokenType::eof;
    }
}

} // namespace

std::size_t block_close_index(TokenSpan tokens, std::size_t open) {
    if (open >= tokens.size()) return tokens.size();
    TokenType first = closer_of(tokens[open].type);
    if (first == TokenType::eof) return tokens.size();
    // The closers still expected, innermost last. A closer of another kind inside a block is an
    // ordinary token (CSS Syntax 3, "consume a simple block").
    constexpr std::size_t inline_depth = 64;
    TokenType expected[inline_depth];
    std::vector<TokenType> deeper;
    std::size_t depth = 0;
    auto push = [&](TokenType t) {
        if (depth < inline_depth)
            expected[depth] = t;
        else
            deeper.push_back(t);
        ++depth;
    };
    auto top = [&] { return depth <= inline_depth ? expected[depth - 1] : deeper.back(); };
    auto pop = [&] {
        if (depth > inline_depth) deeper.pop_back();
        --depth;
    };
    push(first);
    for (std::size_t i = open + 1; i < tokens.size(); ++i) {
        TokenType type = tokens[i].type;
        if (TokenType c = closer_of(type); c != TokenType::eof) {
            push(c);
        } else if (type == top()) {
            pop();
            if (depth == 0) return i;
        }
    }
    return tokens.size();
}

std::size_t skip_block(TokenSpan tokens, std::size_t open) {
    if (open >= tokens.size()) return tokens.size();
    if (closer_of(tokens[open].type) == TokenType::eof) return open + 1;
    std::size_t close = block_close_index(tokens, open);
    return close < tokens.size() ? close + 1 : tokens.size();
}

void ComponentReader::skip_whitespace() {
    while (at_ < tokens_.size() && tokens_[at_].type == TokenType::whitespace) ++at_;
}

bool ComponentReader::done() {
    skip_whitespace();
    return at_ >= tokens_.size() || tokens_[at_].type == TokenType::eof;
}

const Token* ComponentReader::peek() {
    if (done()) return nullptr;
    return &tokens_[at_];
}

const Token* ComponentReader::next(TokenSpan* inside) {
    if (done()) return nullptr;
    const Token* token = &tokens_[at_];
    if (closer_of(token->type) == TokenType::eof) {
        if (inside) *inside = {};
        ++at_;
        return token;
    }
    std::size_t close = block_close_index(tokens_, at_);
    if (inside) *inside = tokens_.subspan(at_ + 1, close - at_ - 1);
    at_ = close < tokens_.size() ? close + 1 : tokens_.size();
    return token;
}

TokenSpan ComponentReader::rest() {
    skip_whitespace();
    return tokens_.subspan(std::min(at_, tokens_.size()));
}

std::vector<TokenSpan> split_commas(TokenSpan tokens) {
    std::vector<TokenSpan> parts;
    std::size_t start = 0, i = 0;
    while (i < tokens.size()) {
        if (tokens[i].type == TokenType::comma) {
            parts.push_back(tokens.subspan(start, i - start));
            start = ++i;
            continue;
        }
        i = skip_block(tokens, i);
    }
    parts.push_back(tokens.subspan(start));
    return parts;
}

bool contains_var(TokenSpan value) {
    for (const Token& t : value)
        if (t.type == TokenType::function && equals_ignoring_case(t.value, "var")) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------
// Lengths

double points_per_unit(std::string_view unit) {
    struct UnitScale {
        std::string_view unit;
        double points;
    };
    static constexpr UnitScale units[] = {
        {"pt", 1.0},  {"px", 0.75}, {"mm", 72.0 / 25.4},      {"cm", 72.0 / 2.54},
        {"in", 72.0}, {"pc", 12.0}, {"q", 72.0 / 25.4 / 4.0},
    };
    for (const auto& u : units)
        if (equals_ignoring_case(unit, u.unit)) return u.points;
    return 0;
}

std::optional<LengthValue> parse_length(const Token& token, unsigned rules) {
    LengthValue length;
    if (token.type == TokenType::number) {
        if (token.number != 0) return std::nullopt;
        return length;
    }
    if (token.type == TokenType::percentage) {
        if (!(rules & allow_percent)) return std::nullopt;
        length = {token.number, LengthBase::percent};
    } else if (token.type == TokenType::dimension) {
        if (double scale = points_per_unit(token.unit); scale > 0) {
            length = {token.number * scale, LengthBase::points};
        } else if (!(rules & allow_relative)) {
            return std::nullopt;
        } else if (equals_ignoring_case(token.unit, "em")) {
            length = {token.number, LengthBase::em};
        } else if (equals_ignoring_case(token.unit, "rem")) {
            length = {token.number, LengthBase::rem};
        } else if (equals_ignoring_case(token.unit, "ex") ||
                   equals_ignoring_case(token.unit, "ch")) {
            length = {token.number * 0.5, LengthBase::em};
        } else {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    if (length.amount < 0 && !(rules & allow_negative)) return std::nullopt;
    if (!std::isfinite(length.amount)) return std::nullopt;
    return length;
}

// ---------------------------------------------------------------------------------------------
// Colours

namespace {

std::uint8_t channel(double value) {
    value = std::clamp(value, 0.0, 255.0);
    return static_cast<std::uint8_t>(std::lround(value));
}

std::optional<Color> hex_color(std::string_view hex) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (char c : hex)
        if (digit(c) < 0) return std::nullopt;
    auto at = [&](std::size_t i) { return static_cast<std::uint8_t>(digit(hex[i])); };
    auto pair = [&](std::size_t i) { return static_cast<std::uint8_t>(at(i) * 16 + at(i + 1)); };
    switch (hex.size()) {
    case 3:
        return Color{std::uint8_t(at(0) * 17), std::uint8_t(at(1) * 17), std::uint8_t(at(2) * 17),
                     255};
    case 4:
        return Color{std::uint8_t(at(0) * 17), std::uint8_t(at(1) * 17), std::uint8_t(at(2) * 17),
                     std::uint8_t(at(3) * 17)};
    case 6:
        return Color{pair(0), pair(2), pair(4), 255};
    case 8:
        return Color{pair(0), pair(2), pair(4), pair(6)};
    default:
        return std::nullopt;
    }
}

// The arguments of rgb()/hsl(): three values and an optional alpha, comma- or space-separated.
bool color_arguments(TokenSpan inside, std::array<const Token*, 4>& values, int& count) {
    ComponentReader reader(inside);
    count = 0;
    int commas = 0;
    bool slash = false;
    while (!reader.done()) {
        const Token* t = reader.next();
        if (t->type == TokenType::comma) {
            if (slash || count == 0 || commas != count - 1) return false;
            ++commas;
            continue;
        }
        if (t->is_delim('/')) {
            if (commas || count != 3 || slash) return false;
            slash = true;
            continue;
        }
        if (count == 4 || (commas > 0 && commas != count)) return false;
        if (t->type != TokenType::number && t->type != TokenType::percentage &&
            t->type != TokenType::dimension && !t->is_ident("none"))
            return false;
        values[static_cast<std::size_t>(count++)] = t;
    }
    if (commas > 0 && commas != count - 1) return false;
    if (slash != (count == 4) && commas == 0) return false;
    return count == 3 || count == 4;
}

std::optional<double> alpha_of(const Token* t) {
    if (t->type == TokenType::number) return std::clamp(t->number, 0.0, 1.0);
    if (t->type == TokenType::percentage) return std::clamp(t->number / 100.0, 0.0, 1.0);
    if (t->is_ident("none")) return 0.0;
    return std::nullopt;
}

std::optional<Color> rgb_function(TokenSpan inside) {
    std::array<const Token*, 4> v{};
    int count = 0;
    if (!color_arguments(inside, v, count)) return std::nullopt;
    double rgb[3];
    for (int i = 0; i < 3; ++i) {
        const Token* t = v[static_cast<std::size_t>(i)];
        if (t->type == TokenType::number)
            rgb[i] = t->number;
        else if (t->type == TokenType::percentage)
            rgb[i] = t->number * 255.0 / 100.0;
        else if (t->is_ident("none"))
            rgb[i] = 0;
        else
            return std::nullopt;
    }
    double alpha = 1.0;
    if (count == 4) {
        auto a = alpha_of(v[3]);
        if (!a) return std::nullopt;
        alpha = *a;
    }
    return Color{channel(rgb[0]), channel(rgb[1]), channel(rgb[2]), channel(alpha * 255.0)};
}

std::optional<Color> hsl_function(TokenSpan inside) {
    std::array<const Token*, 4> v{};
    int count = 0;
    if (!color_arguments(inside, v, count)) return std::nullopt;
    double hue;
    const Token* h = v[0];
    if (h->type == TokenType::number)
        hue = h->number;
    else if (h->type == TokenType::dimension && equals_ignoring_case(h->unit, "deg"))
        hue = h->number;
    else if (h->type == TokenType::dimension && equals_ignoring_case(h->unit, "turn"))
        hue = h->number * 360;
    else if (h->type == TokenType::dimension && equals_ignoring_case(h->unit, "rad"))
        hue = h->number * 180 / 3.14159265358979323846;
    else if (h->type == TokenType::dimension && equals_ignoring_case(h->unit, "grad"))
        hue = h->number * 0.9;
    else
        return std::nullopt;
    double sl[2];
    for (int i = 0; i < 2; ++i) {
        const Token* t = v[static_cast<std::size_t>(i + 1)];
        if (t->type == TokenType::percentage)
            sl[i] = std::clamp(t->number / 100.0, 0.0, 1.0);
        else if (t->type == TokenType::number)
            sl[i] = std::clamp(t->number / 100.0, 0.0, 1.0);
        else
            return std::nullopt;
    }
    double alpha = 1.0;
    if (count == 4) {
        auto a = alpha_of(v[3]);
        if (!a) return std::nullopt;
        alpha = *a;
    }
    hue = std::fmod(hue, 360.0);
    if (hue < 0) hue += 360.0;
    double s = sl[0], l = sl[1];
    auto f = [&](double n) {
        double k = std::fmod(n + hue / 30.0, 12.0);
        double a = s * std::min(l, 1 - l);
        return l - a * std::max(-1.0, std::min({k - 3, 9 - k, 1.0}));
    };
    return Color{channel(f(0) * 255), channel(f(8) * 255), channel(f(4) * 255),
                 channel(alpha * 255)};
}

std::optional<ColorValue> color_component(const Token* t, TokenSpan inside) {
    if (t->type == TokenType::hash) {
        if (auto c = hex_color(t->value)) return ColorValue{*c, false};
        return std::nullopt;
    }
    if (t->type == TokenType::ident) {
        std::string name = ascii_lower(t->value);
        if (name == "currentcolor") return ColorValue{Color{}, true};
        if (name == "transparent") return ColorValue{Color{0, 0, 0, 0}, false};
        if (auto c = named_color(name)) return ColorValue{*c, false};
        return std::nullopt;
    }
    if (t->type == TokenType::function) {
        if (t->is_ident("rgb") || t->is_ident("rgba")) {
            if (auto c = rgb_function(inside)) return ColorValue{*c, false};
        } else if (t->is_ident("hsl") || t->is_ident("hsla")) {
            if (auto c = hsl_function(inside)) return ColorValue{*c, false};
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<ColorValue> parse_color(TokenSpan value) {
    ComponentReader reader(value);
    TokenSpan inside;
    const Token* t = reader.next(&inside);
    if (!t || !reader.done()) return std::nullopt;
    return color_component(t, inside);
}

// ---------------------------------------------------------------------------------------------
// The property table

namespace {

constexpr unsigned element_and_box = in_element | in_margin_box;
constexpr unsigned everywhere = in_element | in_page | in_margin_box;

using P = Property;

// Sorted by name.
constexpr PropertyInfo property_table[] = {
    {"background-color", P::background_color, element_and_box, false},
    {"baseline-grid", P::baseline_grid, in_element, true},
    {"bleed", P::bleed, in_page, true},
    {"border", P::border, element_and_box, false},
    {"border-block", P::border_block, element_and_box, false},
    {"border-block-color", P::border_block_color, element_and_box, false},
    {"border-block-end", P::border_block_end, element_and_box, false},
    {"border-block-end-color", P::border_block_end_color, element_and_box, false},
    {"border-block-end-style", P::border_block_end_style, element_and_box, false},
    {"border-block-end-width", P::border_block_end_width, element_and_box, false},
    {"border-block-start", P::border_block_start, element_and_box, false},
    {"border-block-start-color", P::border_block_start_color, element_and_box, false},
    {"border-block-start-style", P::border_block_start_style, element_and_box, false},
    {"border-block-start-width", P::border_block_start_width, element_and_box, false},
    {"border-block-style", P::border_block_style, element_and_box, false},
    {"border-block-width", P::border_block_width, element_and_box, false},
    {"border-bottom", P::border_bottom, element_and_box, false},
    {"border-bottom-color", P::border_bottom_color, element_and_box, false},
    {"border-bottom-style", P::border_bottom_style, element_and_box, false},
    {"border-bottom-width", P::border_bottom_width, element_and_box, false},
    {"border-color", P::border_color, element_and_box, false},
    {"border-inline", P::border_inline, element_and_box, false},
    {"border-inline-color", P::border_inline_color, element_and_box, false},
    {"border-inline-end", P::border_inline_end, element_and_box, false},
    {"border-inline-end-color", P::border_inline_end_color, element_and_box, false},
    {"border-inline-end-style", P::border_inline_end_style, element_and_box, false},
    {"border-inline-end-width", P::border_inline_end_width, element_and_box, false},
    {"border-inline-start", P::border_inline_start, element_and_box, false},
    {"border-inline-start-color", P::border_inline_start_color, element_and_box, false},
    {"border-inline-start-style", P::border_inline_start_style, element_and_box, false},
    {"border-inline-start-width", P::border_inline_start_width, element_and_box, false},
    {"border-inline-style", P::border_inline_style, element_and_box, false},
    {"border-inline-width", P::border_inline_width, element_and_box, false},
    {"border-left", P::border_left, element_and_box, false},
    {"border-left-color", P::border_left_color, element_and_box, false},
    {"border-left-style", P::border_left_style, element_and_box, false},
    {"border-left-width", P::border_left_width, element_and_box, false},
    {"border-right", P::border_right, element_and_box, false},
    {"border-right-color", P::border_right_color, element_and_box, false},
    {"border-right-style", P::border_right_style, element_and_box, false},
    {"border-right-width", P::border_right_width, element_and_box, false},
    {"border-style", P::border_style, element_and_box, false},
    {"border-top", P::border_top, element_and_box, false},
    {"border-top-color", P::border_top_color, element_and_box, false},
    {"border-top-style", P::border_top_style, element_and_box, false},
    {"border-top-width", P::border_top_width, element_and_box, false},
    {"border-width", P::border_width, element_and_box, false},
    {"break-after", P::break_after, in_element, false},
    {"break-before", P::break_before, in_element, false},
    {"break-inside", P::break_inside, in_element, false},
    {"color", P::color, everywhere, false},
    {"column-count", P::column_count, in_element, true},
    {"column-gap", P::column_gap, in_element, true},
    {"column-rule", P::column_rule, in_element, true},
    {"column-rule-color", P::column_rule_color, in_element, true},
    {"column-rule-style", P::column_rule_style, in_element, true},
    {"column-rule-width", P::column_rule_width, in_element, true},
    {"column-span", P::column_span, in_element, true},
    {"content", P::content, element_and_box, false},
    {"direction", P::direction, everywhere, false},
    {"display", P::display, in_element, false},
    {"float", P::float_placement, in_element, false},
    {"font", P::font, everywhere, false},
    {"font-family", P::font_family, everywhere, false},
    {"font-size", P::font_size, everywhere, false},
    {"font-style", P::font_style, everywhere, false},
    {"font-variant", P::font_variant, everywhere, false},
    {"font-variant-caps", P::font_variant_caps, everywhere, false},
    {"font-weight", P::font_weight, everywhere, false},
    {"galley-glyph-scaling", P::galley_glyph_scaling, in_element, true},
    {"galley-letter-spacing", P::galley_letter_spacing, in_element, true},
    {"galley-unhyphenated", P::galley_unhyphenated, in_element, false},
    {"hyphenate-limit-chars", P::hyphenate_limit_chars, in_element, false},
    {"hyphens", P::hyphens, in_element, false},
    {"letter-spacing", P::letter_spacing, everywhere, false},
    {"line-height", P::line_height, everywhere, false},
    {"list-style-type", P::list_style_type, in_element, false},
    {"margin", P::margin, everywhere, false},
    {"margin-block", P::margin_block, everywhere, false},
    {"margin-block-end", P::margin_block_end, everywhere, false},
    {"margin-block-start", P::margin_block_start, everywhere, false},
    {"margin-bottom", P::margin_bottom, everywhere, false},
    {"margin-inline", P::margin_inline, everywhere, false},
    {"margin-inline-end", P::margin_inline_end, everywhere, false},
    {"margin-inline-start", P::margin_inline_start, everywhere, false},
    {"margin-left", P::margin_left, everywhere, false},
    {"margin-right", P::margin_right, everywhere, false},
    {"margin-top", P::margin_top, everywhere, false},
    {"marks", P::marks, in_page, true},
    {"max-width", P::max_width, in_element, false},
    {"orphans", P::orphans, in_element, false},
    {"padding", P::padding, element_and_box, false},
    {"padding-block", P::padding_block, element_and_box, false},
    {"padding-block-end", P::padding_block_end, element_and_box, false},
    {"padding-block-start", P::padding_block_start, element_and_box, false},
    {"padding-bottom", P::padding_bottom, element_and_box, false},
    {"padding-inline", P::padding_inline, element_and_box, false},
    {"padding-inline-end", P::padding_inline_end, element_and_box, false},
    {"padding-inline-start", P::padding_inline_start, element_and_box, false},
    {"padding-left", P::padding_left, element_and_box, false},
    {"padding-right", P::padding_right, element_and_box, false},
    {"padding-top", P::padding_top, element_and_box, false},
    {"page-break-after", P::page_break_after, in_element, false},
    {"page-break-before", P::page_break_before, in_element, false},
    {"page-break-inside", P::page_break_inside, in_element, false},
    {"size", P::size, in_page, true},
    {"string-set", P::string_set, in_element, true},
    {"text-align", P::text_align, everywhere, false},
    {"text-align-last", P::text_align_last, everywhere, false},
    {"text-decoration", P::text_decoration, everywhere, false},
    {"text-decoration-line", P::text_decoration_line, everywhere, false},
    {"text-indent", P::text_indent, in_element, false},
    {"text-transform", P::text_transform, everywhere, false},
    {"widows", P::widows, in_element, false},
    {"width", P::width, in_element, false},
    {"word-spacing", P::word_spacing, everywhere, false},
};

constexpr Property font_longhands[] = {P::font_style, P::font_variant_caps, P::font_weight,
                                       P::font_size,  P::line_height,       P::font_family};
constexpr Property margin_longhands[] = {P::margin_top, P::margin_right, P::margin_bottom,
                                         P::margin_left};
constexpr Property padding_longhands[] = {P::padding_top, P::padding_right, P::padding_bottom,
                                          P::padding_left};
constexpr Property border_width_longhands[] = {P::border_top_width, P::border_right_width,
                                               P::border_bottom_width, P::border_left_width};
constexpr Property border_style_longhands[] = {P::border_top_style, P::border_right_style,
                                               P::border_bottom_style, P::border_left_style};
constexpr Property border_color_longhands[] = {P::border_top_color, P::border_right_color,
                                               P::border_bottom_color, P::border_left_color};
constexpr Property border_longhands[] = {
    P::border_top_width, P::border_right_width, P::border_bottom_width, P::border_left_width,
    P::border_top_style, P::border_right_style, P::border_bottom_style, P::border_left_style,
    P::border_top_color, P::border_right_color, P::border_bottom_color, P::border_left_color};
constexpr Property border_top_longhands[] = {P::border_top_width, P::border_top_style,
                                             P::border_top_color};
constexpr Property border_right_longhands[] = {P::border_right_width, P::border_right_style,
                                               P::border_right_color};
constexpr Property border_bottom_longhands[] = {P::border_bottom_width, P::border_bottom_style,
                                                P::border_bottom_color};
constexpr Property border_left_longhands[] = {P::border_left_width, P::border_left_style,
                                              P::border_left_color};
constexpr Property column_rule_longhands[] = {P::column_rule_width, P::column_rule_style,
                                              P::column_rule_color};
constexpr Property margin_block_longhands[] = {P::margin_block_start, P::margin_block_end};
constexpr Property margin_inline_longhands[] = {P::margin_inline_start, P::margin_inline_end};
constexpr Property padding_block_longhands[] = {P::padding_block_start, P::padding_block_end};
constexpr Property padding_inline_longhands[] = {P::padding_inline_start, P::padding_inline_end};
constexpr Property border_block_width_longhands[] = {P::border_block_start_width,
                                                     P::border_block_end_width};
constexpr Property border_inline_width_longhands[] = {P::border_inline_start_width,
                                                      P::border_inline_end_width};
constexpr Property border_block_style_longhands[] = {P::border_block_start_style,
                                                     P::border_block_end_style};
constexpr Property border_inline_style_longhands[] = {P::border_inline_start_style,
                                                      P::border_inline_end_style};
constexpr Property border_block_color_longhands[] = {P::border_block_start_color,
                                                     P::border_block_end_color};
constexpr Property border_inline_color_longhands[] = {P::border_inline_start_color,
                                                      P::border_inline_end_color};
constexpr Property border_block_start_longhands[] = {
    P::border_block_start_width, P::border_block_start_style, P::border_block_start_color};
constexpr Property border_block_end_longhands[] = {
    P::border_block_end_width, P::border_block_end_style, P::border_block_end_color};
constexpr Property border_inline_start_longhands[] = {
    P::border_inline_start_width, P::border_inline_start_style, P::border_inline_start_color};
constexpr Property border_inline_end_longhands[] = {
    P::border_inline_end_width, P::border_inline_end_style, P::border_inline_end_color};
constexpr Property border_block_longhands[] = {
    P::border_block_start_width, P::border_block_start_style, P::border_block_start_color,
    P::border_block_end_width,   P::border_block_end_style,   P::border_block_end_color};
constexpr Property border_inline_longhands[] = {
    P::border_inline_start_width, P::border_inline_start_style, P::border_inline_start_color,
    P::border_inline_end_width,   P::border_inline_end_style,   P::border_inline_end_color};

static_assert(std::is_sorted(std::begin(property_table), std::end(property_table),
                             [](const PropertyInfo& a, const PropertyInfo& b) {
                                 return a.name < b.name;
                             }),
              "find_property needs the table sorted by name");

} // namespace

const PropertyInfo* find_property(std::string_view name) {
    auto it =
        std::lower_bound(std::begin(property_table), std::end(property_table), name,
                         [](const PropertyInfo& p, std::string_view n) { return p.name < n; });
    if (it == std::end(property_table) || it->name != name) return nullptr;
    return &*it;
}

const PropertyInfo& property_info(Property property) {
    for (const auto& info : property_table)
        if (info.property == property) return info;
    static constexpr PropertyInfo custom{"--*", Property::custom, everywhere, false};
    return custom;
}

std::span<const Property> longhands_of(Property property) {
    static std::array<Property, parsed_longhand_count> self = [] {
        std::array<Property, parsed_longhand_count> all{};
        for (std::size_t i = 0; i < parsed_longhand_count; ++i) all[i] = static_cast<Property>(i);
        return all;
    }();
    switch (property) {
    case P::font:
        return font_longhands;
    case P::font_variant:
        return std::span<const Property>(&self[std::size_t(P::font_variant_caps)], 1);
    case P::margin:
        return margin_longhands;
    case P::padding:
        return padding_longhands;
    case P::border:
        return border_longhands;
    case P::border_top:
        return border_top_longhands;
    case P::border_right:
        return border_right_longhands;
    case P::border_bottom:
        return border_bottom_longhands;
    case P::border_left:
        return border_left_longhands;
    case P::border_width:
        return border_width_longhands;
    case P::border_style:
        return border_style_longhands;
    case P::border_color:
        return border_color_longhands;
    case P::column_rule:
        return column_rule_longhands;
    case P::text_decoration:
        return std::span<const Property>(&self[std::size_t(P::text_decoration_line)], 1);
    case P::page_break_before:
        return std::span<const Property>(&self[std::size_t(P::break_before)], 1);
    case P::page_break_after:
        return std::span<const Property>(&self[std::size_t(P::break_after)], 1);
    case P::page_break_inside:
        return std::span<const Property>(&self[std::size_t(P::break_inside)], 1);
    case P::margin_block:
        return margin_block_longhands;
    case P::margin_inline:
        return margin_inline_longhands;
    case P::padding_block:
        return padding_block_longhands;
    case P::padding_inline:
        return padding_inline_longhands;
    case P::border_block:
        return border_block_longhands;
    case P::border_inline:
        return border_inline_longhands;
    case P::border_block_start:
        return border_block_start_longhands;
    case P::border_block_end:
        return border_block_end_longhands;
    case P::border_inline_start:
        return border_inline_start_longhands;
    case P::border_inline_end:
        return border_inline_end_longhands;
    case P::border_block_width:
        return border_block_width_longhands;
    case P::border_inline_width:
        return border_inline_width_longhands;
    case P::border_block_style:
        return border_block_style_longhands;
    case P::border_inline_style:
        return border_inline_style_longhands;
    case P::border_block_color:
        return border_block_color_longhands;
    case P::border_inline_color:
        return border_inline_color_longhands;
    case P::custom:
        return {};
    default:
        if (is_longhand(property))
            return std::span<const Property>(&self[std::size_t(property)], 1);
        return {};
    }
}

Property physical_of(Property logical, Direction direction) {
    if (!is_logical(logical)) return logical;
    const auto index = static_cast<std::size_t>(logical) - longhand_count;
    // Each four of logical longhands, and the first of the physical four it maps into.
    static constexpr Property physical_fours[] = {P::margin_top, P::padding_top,
                                                  P::border_top_width, P::border_top_style,
                                                  P::border_top_color};
    // block-start, block-end, inline-start, inline-end → top 0, right 1, bottom 2, left 3.
    static constexpr std::size_t ltr_side[] = {0, 2, 3, 1};
    static constexpr std::size_t rtl_side[] = {0, 2, 1, 3};
    const std::size_t side = (direction == Direction::rtl ? rtl_side : ltr_side)[index % 4];
    return static_cast<Property>(static_cast<std::size_t>(physical_fours[index / 4]) + side);
}

// ---------------------------------------------------------------------------------------------
// Value parsers

namespace {

struct KeywordName {
    std::string_view name;
    int value;
};

std::optional<int> keyword_of(const Token* t, std::initializer_list<KeywordName> names) {
    if (!t || t->type != TokenType::ident) return std::nullopt;
    for (const auto& k : names)
        if (equals_ignoring_case(t->value, k.name)) return k.value;
    return std::nullopt;
}

// The only component of `value`, or null when there are none or several.
const Token* single(TokenSpan value, TokenSpan* inside = nullptr) {
    ComponentReader reader(value);
    const Token* t = reader.next(inside);
    if (!t || !reader.done()) return nullptr;
    return t;
}

std::optional<PropertyValue> single_keyword(TokenSpan value,
                                            std::initializer_list<KeywordName> names) {
    if (auto k = keyword_of(single(value), names)) return Keyword{*k};
    return std::nullopt;
}

std::optional<int> positive_integer(const Token* t) {
    if (!t || t->type != TokenType::number || !t->is_integer || t->number < 1 || t->number > 1e6)
        return std::nullopt;
    return static_cast<int>(t->number);
}

const std::initializer_list<KeywordName> font_style_names = {{"normal", int(FontStyle::normal)},
                                                             {"italic", int(FontStyle::italic)},
                                                             {"oblique", int(FontStyle::oblique)}};

std::optional<int> font_weight_of(const Token* t) {
    if (!t) return std::nullopt;
    if (t->type == TokenType::number) {
        if (t->number < 1 || t->number > 1000) return std::nullopt;
        return static_cast<int>(std::lround(t->number));
    }
    return keyword_of(
        t,
        {{"normal", 400}, {"bold", 700}, {"bolder", keyword_bolder}, {"lighter", keyword_lighter}});
}

PropertyValue weight_value(int w) {
    if (w < 0) return Keyword{w};
    return NumberValue{static_cast<double>(w)};
}

std::optional<PropertyValue> font_size_of(const Token* t) {
    if (!t) return std::nullopt;
    static constexpr std::pair<std::string_view, double> sizes[] = {
        {"xx-small", 0.6}, {"x-small", 0.75}, {"small", 8.0 / 9.0}, {"medium", 1.0},
        {"large", 1.2},    {"x-large", 1.5},  {"xx-large", 2.0},    {"xxx-large", 3.0}};
    if (t->type == TokenType::ident) {
        for (const auto& [name, factor] : sizes)
            if (equals_ignoring_case(t->value, name))
                return LengthValue{10.0 * factor, LengthBase::points};
        if (t->is_ident("larger")) return Keyword{keyword_larger};
        if (t->is_ident("smaller")) return Keyword{keyword_smaller};
        return std::nullopt;
    }
    if (auto l = parse_length(*t, allow_percent | allow_relative)) return *l;
    return std::nullopt;
}

std::optional<PropertyValue> line_height_of(const Token* t) {
    if (!t) return std::nullopt;
    if (t->is_ident("normal")) return Keyword{keyword_normal};
    if (t->type == TokenType::number) {
        if (t->number < 0) return std::nullopt;
        return NumberValue{t->number};
    }
    if (auto l = parse_length(*t, allow_percent | allow_relative)) return *l;
    return std::nullopt;
}

std::optional<FamilyList> font_families(TokenSpan value) {
    FamilyList list;
    for (TokenSpan part : split_commas(value)) {
        ComponentReader reader(part);
        if (reader.done()) return std::nullopt;
        const Token* first = reader.peek();
        if (first->type == TokenType::string) {
            reader.next();
            if (!reader.done() || first->value.empty()) return std::nullopt;
            list.families.push_back(first->value);
            continue;
        }
        std::string name;
        int words = 0;
        while (!reader.done()) {
            const Token* t = reader.next();
            if (t->type != TokenType::ident) return std::nullopt;
            if (!name.empty()) name += ' ';
            name += t->value;
            ++words;
        }
        static constexpr std::string_view generic[] = {
            "serif",     "sans-serif", "monospace",     "cursive",      "fantasy",
            "system-ui", "ui-serif",   "ui-sans-serif", "ui-monospace", "math"};
        if (words == 1) {
            std::string lower = ascii_lower(name);
            if (lower == "inherit" || lower == "initial" || lower == "unset" ||
                lower == "default" || lower == "revert")
                return std::nullopt;
            for (std::string_view g : generic)
                if (lower == g) name = lower;
        }
        list.families.push_back(std::move(name));
    }
    return list;
}

// One item of `content` / `string-set`. False when the token is not a content item.
bool content_item(const Token* t, TokenSpan inside, std::vector<ContentItem>& items) {
    using K = ContentItem::Kind;
    if (t->type == TokenType::string) {
        items.push_back({K::text, t->value});
        return true;
    }
    if (t->type == TokenType::ident) {
        if (t->is_ident("open-quote"))
            items.push_back({K::text, "\u201C"});
        else if (t->is_ident("close-quote"))
            items.push_back({K::text, "\u201D"});
        else if (t->is_ident("no-open-quote") || t->is_ident("no-close-quote")) {
        } else
            return false;
        return true;
    }
    if (t->type != TokenType::function) return false;
    std::vector<TokenSpan> args = split_commas(inside);
    auto only_ident = [](TokenSpan span) -> const Token* {
        const Token* a = single(span);
        return a && a->type == TokenType::ident ? a : nullptr;
    };
    if (t->is_ident("attr")) {
        const Token* name = args.size() == 1 ? only_ident(args[0]) : nullptr;
        if (!name) return false;
        items.push_back({K::attribute, name->value});
        return true;
    }
    if (t->is_ident("counter")) {
        if (args.empty() || args.size() > 2) return false;
        const Token* name = only_ident(args[0]);
        if (!name) return false;
        if (args.size() == 2) {
            const Token* style = only_ident(args[1]);
            if (!style || !style->is_ident("decimal")) return false;
        }
        if (name->is_ident("page"))
            items.push_back({K::page_number, {}});
        else if (name->is_ident("pages"))
            items.push_back({K::page_count, {}});
        else
            return false;
        return true;
    }
    if (t->is_ident("string")) {
        if (args.empty() || args.size() > 2) return false;
        const Token* name = only_ident(args[0]);
        if (!name) return false;
        if (args.size() == 2 &&
            !keyword_of(only_ident(args[1]),
                        {{"first", 0}, {"start", 0}, {"last", 0}, {"first-except", 0}}))
            return false;
        items.push_back({K::named_string, name->value});
        return true;
    }
    if (t->is_ident("content")) {
        ComponentReader reader(inside);
        if (!reader.done()) {
            const Token* what = reader.next();
            if (!what->is_ident("text") || !reader.done()) return false;
        }
        items.push_back({K::element_text, {}});
        return true;
    }
    return false;
}

std::optional<PropertyValue> content_value(TokenSpan value) {
    ComponentReader reader(value);
    const Token* first = reader.peek();
    if (!first) return std::nullopt;
    if (first->is_ident("none") || first->is_ident("normal")) {
        reader.next();
        if (!reader.done()) return std::nullopt;
        return ContentList{};
    }
    ContentList list;
    while (!reader.done()) {
        TokenSpan inside;
        const Token* t = reader.next(&inside);
        if (!content_item(t, inside, list.items)) return std::nullopt;
    }
    // `content: no-open-quote` alone generates an empty box: keep one empty text item.
    if (list.items.empty()) list.items.push_back({ContentItem::Kind::text, {}});
    return list;
}

std::optional<PropertyValue> string_set_value(TokenSpan value) {
    if (const Token* t = single(value); t && t->is_ident("none")) return StringSetList{};
    StringSetList list;
    for (TokenSpan part : split_commas(value)) {
        ComponentReader reader(part);
        const Token* name = reader.next();
        if (!name || name->type != TokenType::ident || name->is_ident("none")) return std::nullopt;
        std::vector<ContentItem> items;
        while (!reader.done()) {
            TokenSpan inside;
            const Token* t = reader.next(&inside);
            if (!content_item(t, inside, items)) return std::nullopt;
        }
        if (items.empty()) return std::nullopt;
        list.sets.emplace_back(name->value, std::move(items));
    }
    return list;
}

std::optional<PropertyValue> limit_chars_value(TokenSpan value) {
    ComponentReader reader(value);
    int values[3] = {-1, -1, -1};
    int count = 0;
    while (!reader.done()) {
        if (count == 3) return std::nullopt;
        const Token* t = reader.next();
        if (t->is_ident("auto")) {
            values[count++] = -1;
        } else if (t->type == TokenType::number && t->is_integer && t->number >= 1 &&
                   t->number <= 1000) {
            values[count++] = static_cast<int>(t->number);
        } else {
            return std::nullopt;
        }
    }
    if (count == 0) return std::nullopt;
    HyphenateLimits limits;
    if (values[0] > 0) limits.word = values[0];
    int before = count >= 2 ? values[1] : -1;
    int after = count >= 3 ? values[2] : before;
    if (before > 0) limits.before = before;
    if (after > 0) limits.after = after;
    return LimitCharsValue{limits};
}

// The limits of a justification property: `none`, or MIN MAX as two percentages, MIN in
// [min_low, min_high] and MAX in [max_low, max_high] (in percent). min_high ≤ max_low, so
// MIN > MAX is out of range too.
struct JustificationLimits {
    double none; // the value of both for `none`, in percent
    double min_low, min_high, max_low, max_high;
};

constexpr JustificationLimits glyph_scaling_limits{100, 90, 100, 100, 110};
constexpr JustificationLimits letter_spacing_limits{0, -5, 0, 0, 10};

std::optional<PropertyValue> justification_value(TokenSpan value,
                                                 const JustificationLimits& limits) {
    if (const Token* t = single(value); t && t->is_ident("none"))
        return RangeValue{limits.none / 100, limits.none / 100};
    ComponentReader reader(value);
    const Token* min = reader.next();
    const Token* max = reader.next();
    if (!min || !max || !reader.done()) return std::nullopt;
    if (min->type != TokenType::percentage || max->type != TokenType::percentage)
        return std::nullopt;
    if (!(min->number >= limits.min_low && min->number <= limits.min_high) ||
        !(max->number >= limits.max_low && max->number <= limits.max_high))
        return std::nullopt;
    return RangeValue{min->number / 100, max->number / 100};
}

std::optional<PropertyValue> break_between_value(TokenSpan value) {
    using B = BreakBetween;
    return single_keyword(value, {{"auto", int(B::automatic)},
                                  {"avoid", int(B::avoid)},
                                  {"avoid-page", int(B::avoid)},
                                  {"avoid-column", int(B::avoid)},
                                  {"page", int(B::page)},
                                  {"column", int(B::column)},
                                  {"left", int(B::left)},
                                  {"right", int(B::right)},
                                  {"verso", int(B::left)},
                                  {"recto", int(B::right)}});
}

std::optional<PropertyValue> border_width_of(const Token* t) {
    if (!t) return std::nullopt;
    if (auto k = keyword_of(t, {{"thin", 1}, {"medium", 3}, {"thick", 5}}))
        return LengthValue{*k * 0.75, LengthBase::points};
    if (auto l = parse_length(*t, allow_relative)) return *l;
    return std::nullopt;
}

std::optional<PropertyValue> border_style_of(const Token* t) {
    if (auto k = keyword_of(t, {{"none", int(BorderStyle::none)},
                                {"hidden", int(BorderStyle::none)},
                                {"solid", int(BorderStyle::solid)}}))
        return Keyword{*k};
    return std::nullopt;
}

std::optional<PropertyValue> color_of(const Token* t, TokenSpan inside) {
    if (!t) return std::nullopt;
    if (auto c = color_component(t, inside)) return *c;
    return std::nullopt;
}

std::optional<PageSizeValue> page_size_value(TokenSpan value) {
    ComponentReader reader(value);
    const Token* first = reader.peek();
    if (!first) return std::nullopt;
    if (first->is_ident("auto")) {
        reader.next();
        if (!reader.done()) return std::nullopt;
        return PageSizeValue{};
    }
    if (first->type == TokenType::dimension || first->type == TokenType::number) {
        std::optional<LengthValue> w = parse_length(*reader.next(), 0);
        if (!w || w->amount <= 0) return std::nullopt;
        std::optional<LengthValue> h = w;
        if (!reader.done()) {
            h = parse_length(*reader.next(), 0);
            if (!h || h->amount <= 0 || !reader.done()) return std::nullopt;
        }
        return PageSizeValue{w->amount, h->amount};
    }
    std::optional<std::pair<double, double>> paper;
    int orientation = 0; // 1 portrait, 2 landscape
    while (!reader.done()) {
        const Token* t = reader.next();
        if (t->type != TokenType::ident) return std::nullopt;
        if (t->is_ident("portrait") || t->is_ident("landscape")) {
            if (orientation) return std::nullopt;
            orientation = t->is_ident("portrait") ? 1 : 2;
            continue;
        }
        if (paper) return std::nullopt;
        paper = paper_size(t->value);
        if (!paper) return std::nullopt;
    }
    if (!paper) {
        if (!orientation) return std::nullopt;
        paper = paper_size("A4");
    }
    double w = paper->first, h = paper->second;
    if (orientation == 2) std::swap(w, h);
    return PageSizeValue{w, h};
}

std::optional<PropertyValue> longhand_value(Property property, TokenSpan value) {
    // A logical longhand takes the values of its physical counterparts.
    if (is_logical(property)) return longhand_value(physical_of(property, Direction::ltr), value);
    TokenSpan inside;
    const Token* t = single(value, &inside);
    switch (property) {
    case P::direction:
        return single_keyword(value, {{"ltr", int(Direction::ltr)}, {"rtl", int(Direction::rtl)}});
    case P::font_family:
        if (auto f = font_families(value)) return *f;
        return std::nullopt;
    case P::font_size:
        return font_size_of(t);
    case P::font_weight:
        if (auto w = font_weight_of(t)) return weight_value(*w);
        return std::nullopt;
    case P::font_style:
        return single_keyword(value, font_style_names);
    case P::font_variant_caps:
        return single_keyword(value, {{"normal", 0}, {"small-caps", 1}, {"all-small-caps", 1}});
    case P::line_height:
        return line_height_of(t);
    case P::color:
    case P::background_color:
    case P::border_top_color:
    case P::border_right_color:
    case P::border_bottom_color:
    case P::border_left_color:
    case P::column_rule_color:
        return color_of(t, inside);
    case P::text_align:
        return single_keyword(value, {{"left", int(TextAlign::left)},
                                      {"right", int(TextAlign::right)},
                                      {"center", int(TextAlign::center)},
                                      {"justify", int(TextAlign::justify)},
                                      {"start", keyword_start},
                                      {"end", keyword_end}});
    case P::text_align_last:
        return single_keyword(value, {{"auto", keyword_auto},
                                      {"left", int(TextAlign::left)},
                                      {"right", int(TextAlign::right)},
                                      {"center", int(TextAlign::center)},
                                      {"justify", int(TextAlign::justify)},
                                      {"start", keyword_start},
                                      {"end", keyword_end}});
    case P::text_indent:
        if (t)
            if (auto l = parse_length(*t, allow_negative | allow_relative)) return *l;
        return std::nullopt;
    case P::text_transform:
        return single_keyword(value, {{"none", int(TextTransform::none)},
                                      {"uppercase", int(TextTransform::uppercase)},
                                      {"lowercase", int(TextTransform::lowercase)},
                                      {"capitalize", int(TextTransform::capitalize)}});
    case P::letter_spacing:
    case P::word_spacing:
        if (t && t->is_ident("normal")) return Keyword{keyword_normal};
        if (t)
            if (auto l = parse_length(*t, allow_negative | allow_relative)) return *l;
        return std::nullopt;
    case P::text_decoration_line: {
        DecorationValue decoration;
        ComponentReader reader(value);
        if (const Token* first = reader.peek(); first && first->is_ident("none")) {
            reader.next();
            if (!reader.done()) return std::nullopt;
            return decoration;
        }
        bool any = false;
        while (!reader.done()) {
            const Token* k = reader.next();
            if (k->is_ident("underline") && !decoration.underline)
                decoration.underline = true;
            else if (k->is_ident("line-through") && !decoration.line_through)
                decoration.line_through = true;
            else
                return std::nullopt;
            any = true;
        }
        if (!any) return std::nullopt;
        return decoration;
    }
    case P::hyphens:
        return single_keyword(value, {{"none", int(Hyphens::none)},
                                      {"manual", int(Hyphens::manual)},
                                      {"auto", int(Hyphens::automatic)}});
    case P::hyphenate_limit_chars:
        return limit_chars_value(value);
    case P::galley_unhyphenated:
        return single_keyword(value, {{"ragged", int(Unhyphenated::ragged)},
                                      {"justify", int(Unhyphenated::justify)}});
    case P::galley_glyph_scaling:
        return justification_value(value, glyph_scaling_limits);
    case P::galley_letter_spacing:
        return justification_value(value, letter_spacing_limits);
    case P::widows:
    case P::orphans:
        if (auto n = positive_integer(t)) return NumberValue{double(*n)};
        return std::nullopt;
    case P::list_style_type:
        return single_keyword(value, {{"disc", int(ListStyle::disc)},
                                      {"circle", int(ListStyle::circle)},
                                      {"square", int(ListStyle::square)},
                                      {"decimal", int(ListStyle::decimal)},
                                      {"lower-alpha", int(ListStyle::lower_alpha)},
                                      {"lower-latin", int(ListStyle::lower_alpha)},
                                      {"upper-alpha", int(ListStyle::upper_alpha)},
                                      {"upper-latin", int(ListStyle::upper_alpha)},
                                      {"lower-roman", int(ListStyle::lower_roman)},
                                      {"upper-roman", int(ListStyle::upper_roman)},
                                      {"none", int(ListStyle::none)}});
    case P::baseline_grid:
        if (t && t->is_ident("none")) return Keyword{keyword_none};
        if (t)
            if (auto l = parse_length(*t, allow_relative); l && l->amount > 0) return *l;
        return std::nullopt;
    case P::margin_top:
    case P::margin_right:
    case P::margin_bottom:
    case P::margin_left:
        if (t && t->is_ident("auto")) return LengthValue{};
        if (t)
            if (auto l = parse_length(*t, allow_negative | allow_relative)) return *l;
        return std::nullopt;
    case P::padding_top:
    case P::padding_right:
    case P::padding_bottom:
    case P::padding_left:
        if (t)
            if (auto l = parse_length(*t, allow_relative)) return *l;
        return std::nullopt;
    case P::border_top_width:
    case P::border_right_width:
    case P::border_bottom_width:
    case P::border_left_width:
    case P::column_rule_width:
        return border_width_of(t);
    case P::border_top_style:
    case P::border_right_style:
    case P::border_bottom_style:
    case P::border_left_style:
    case P::column_rule_style:
        return border_style_of(t);
    case P::width:
    case P::max_width:
        if (t && t->is_ident(property == P::width ? "auto" : "none")) return Keyword{keyword_auto};
        if (t)
            if (auto l = parse_length(*t, allow_percent | allow_relative)) return *l;
        return std::nullopt;
    case P::display:
        return single_keyword(value, {{"none", int(Display::none)},
                                      {"block", int(Display::block)},
                                      {"inline", int(Display::inline_level)},
                                      {"inline-block", int(Display::inline_level)},
                                      {"list-item", int(Display::block)},
                                      {"flow-root", int(Display::block)}});
    case P::float_placement:
        return single_keyword(value, {{"none", int(Float::none)},
                                      {"left", int(Float::left)},
                                      {"right", int(Float::right)},
                                      {"inline-start", keyword_start},
                                      {"inline-end", keyword_end},
                                      {"top", int(Float::top)},
                                      {"bottom", int(Float::bottom)}});
    case P::column_count:
        if (t && t->is_ident("auto")) return Keyword{keyword_auto};
        if (auto n = positive_integer(t); n && *n <= 100) return NumberValue{double(*n)};
        return std::nullopt;
    case P::column_gap:
        if (t && t->is_ident("normal")) return Keyword{keyword_normal};
        if (t)
            if (auto l = parse_length(*t, allow_relative)) return *l;
        return std::nullopt;
    case P::column_span:
        if (t && t->is_ident("none")) return SpanValue{ColumnSpan{false, 1}};
        if (t && t->is_ident("all")) return SpanValue{ColumnSpan{true, 1}};
        if (auto n = positive_integer(t); n && *n <= 100) return SpanValue{ColumnSpan{false, *n}};
        return std::nullopt;
    case P::break_before:
    case P::break_after:
        return break_between_value(value);
    case P::break_inside:
        return single_keyword(value, {{"auto", int(BreakInside::automatic)},
                                      {"avoid", int(BreakInside::avoid)},
                                      {"avoid-page", int(BreakInside::avoid)},
                                      {"avoid-column", int(BreakInside::avoid)}});
    case P::string_set:
        return string_set_value(value);
    case P::content:
        return content_value(value);
    case P::size:
        if (auto s = page_size_value(value)) return *s;
        return std::nullopt;
    case P::bleed:
        if (t && t->is_ident("auto")) return Keyword{keyword_auto};
        if (t)
            if (auto l = parse_length(*t, 0)) return *l;
        return std::nullopt;
    case P::marks: {
        MarksValue marks;
        ComponentReader reader(value);
        if (const Token* first = reader.peek(); first && first->is_ident("none")) {
            reader.next();
            if (!reader.done()) return std::nullopt;
            return marks;
        }
        bool any = false;
        while (!reader.done()) {
            const Token* k = reader.next();
            if (k->is_ident("crop") && !marks.crop)
                marks.crop = true;
            else if (k->is_ident("cross") && !marks.cross)
                marks.cross = true;
            else
                return std::nullopt;
            any = true;
        }
        if (!any) return std::nullopt;
        return marks;
    }
    default:
        return std::nullopt;
    }
}

// One to `most` whitespace-separated values of the longhand `longhand`; nullopt when there
// are none, more, or one is not a value of it.
std::optional<std::vector<PropertyValue>> side_values(Property longhand, TokenSpan value,
                                                      std::size_t most) {
    ComponentReader reader(value);
    std::vector<PropertyValue> values;
    while (!reader.done()) {
        if (values.size() == most) return std::nullopt;
        std::size_t start = reader.position();
        reader.next();
        auto v = longhand_value(longhand, value.subspan(start, reader.position() - start));
        if (!v) return std::nullopt;
        values.push_back(std::move(*v));
    }
    if (values.empty()) return std::nullopt;
    return values;
}

// margin / padding / border-width … : one to four values, top right bottom left.
bool four_sides(std::span<const Property> sides, TokenSpan value,
                std::vector<ParsedLonghand>& out) {
    const auto values = side_values(sides[0], value, 4);
    if (!values) return false;
    static constexpr std::size_t pick[4][4] = {
        {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
    for (std::size_t side = 0; side < 4; ++side)
        out.push_back({sides[side], (*values)[pick[values->size() - 1][side]]});
    return true;
}

// margin-inline / padding-block / border-inline-width … : one or two values, start and end.
bool start_and_end(std::span<const Property> sides, TokenSpan value,
                   std::vector<ParsedLonghand>& out) {
    const auto values = side_values(sides[0], value, 2);
    if (!values) return false;
    out.push_back({sides[0], values->front()});
    out.push_back({sides[1], values->back()});
    return true;
}

// border / border-top / column-rule: width || style || color.
bool width_style_color(Property width_p, Property style_p, Property color_p, TokenSpan value,
                       std::vector<ParsedLonghand>& out) {
    std::optional<PropertyValue> width, style, color;
    ComponentReader reader(value);
    while (!reader.done()) {
        TokenSpan inside;
        const Token* t = reader.next(&inside);
        if (!width)
            if (auto w = border_width_of(t)) {
                width = std::move(w);
                continue;
            }
        if (!style)
            if (auto s = border_style_of(t)) {
                style = std::move(s);
                continue;
            }
        if (!color)
            if (auto c = color_of(t, inside)) {
                color = std::move(c);
                continue;
            }
        return false;
    }
    if (!width && !style && !color) return false;
    out.push_back({width_p, width ? *width : PropertyValue(LengthValue{2.25, LengthBase::points})});
    out.push_back({style_p, style ? *style : PropertyValue(Keyword{int(BorderStyle::none)})});
    out.push_back({color_p, color ? *color : PropertyValue(ColorValue{Color{}, true})});
    return true;
}

bool font_shorthand(TokenSpan value, std::vector<ParsedLonghand>& out) {
    ComponentReader reader(value);
    std::optional<int> style, caps, weight;
    int prefix = 0;
    for (;;) {
        const Token* t = reader.peek();
        if (!t || prefix == 3) break;
        if (t->is_ident("normal")) {
            reader.next();
            ++prefix;
            continue;
        }
        if (!style)
            if (auto s = keyword_of(t, font_style_names)) {
                style = s;
                reader.next();
                ++prefix;
                continue;
            }
        if (!caps && t->is_ident("small-caps")) {
            caps = 1;
            reader.next();
            ++prefix;
            continue;
        }
        if (!weight && (t->type == TokenType::ident || t->type == TokenType::number))
            if (auto w = font_weight_of(t)) {
                weight = w;
                reader.next();
                ++prefix;
                continue;
            }
        break;
    }
    std::optional<PropertyValue> size = font_size_of(reader.next());
    if (!size) return false;
    PropertyValue line_height = Keyword{keyword_normal};
    if (const Token* t = reader.peek(); t && t->is_delim('/')) {
        reader.next();
        auto lh = line_height_of(reader.next());
        if (!lh) return false;
        line_height = std::move(*lh);
    }
    auto families = font_families(reader.rest());
    if (!families) return false;
    out.push_back({P::font_style, Keyword{style.value_or(int(FontStyle::normal))}});
    out.push_back({P::font_variant_caps, Keyword{caps.value_or(0)}});
    out.push_back({P::font_weight, weight_value(weight.value_or(400))});
    out.push_back({P::font_size, std::move(*size)});
    out.push_back({P::line_height, std::move(line_height)});
    out.push_back({P::font_family, std::move(*families)});
    return true;
}

} // namespace

std::optional<PageSizeValue> parse_page_size(TokenSpan value) {
    return page_size_value(value);
}

std::string_view value_hint(Property property) {
    switch (property) {
    case P::galley_glyph_scaling:
        return "expected none or MIN MAX, two percentages of the glyphs' width: MIN from 90% "
               "to 100%, MAX from 100% to 110%";
    case P::galley_letter_spacing:
        return "expected none or MIN MAX, two percentages of the font size: MIN from -5% to "
               "0%, MAX from 0% to 10%";
    default:
        return {};
    }
}

bool parse_property_value(Property property, TokenSpan value, std::vector<ParsedLonghand>& out) {
    if (const Token* t = single(value); t && t->type == TokenType::ident) {
        std::optional<CssWide> wide;
        if (t->is_ident("inherit"))
            wide = CssWide::inherit;
        else if (t->is_ident("initial"))
            wide = CssWide::initial;
        else if (t->is_ident("unset") || t->is_ident("revert"))
            wide = CssWide::unset;
        if (wide) {
            for (Property p : longhands_of(property)) out.push_back({p, *wide});
            return !longhands_of(property).empty();
        }
    }
    if (is_longhand(property)) {
        auto v = longhand_value(property, value);
        if (!v) return false;
        out.push_back({property, std::move(*v)});
        return true;
    }
    std::size_t before = out.size();
    bool ok = false;
    switch (property) {
    case P::font:
        ok = font_shorthand(value, out);
        break;
    case P::font_variant: {
        auto v = longhand_value(P::font_variant_caps, value);
        if (v) out.push_back({P::font_variant_caps, std::move(*v)});
        ok = v.has_value();
        break;
    }
    case P::margin:
        ok = four_sides(margin_longhands, value, out);
        break;
    case P::padding:
        ok = four_sides(padding_longhands, value, out);
        break;
    case P::border_width:
        ok = four_sides(border_width_longhands, value, out);
        break;
    case P::border_style:
        ok = four_sides(border_style_longhands, value, out);
        break;
    case P::border_color:
        ok = four_sides(border_color_longhands, value, out);
        break;
    case P::border: {
        std::vector<ParsedLonghand> side;
        ok = width_style_color(P::border_top_width, P::border_top_style, P::border_top_color, value,
                               side);
        if (ok) {
            for (int i = 0; i < 4; ++i) {
                out.push_back({border_width_longhands[i], side[0].value});
                out.push_back({border_style_longhands[i], side[1].value});
                out.push_back({border_color_longhands[i], side[2].value});
            }
        }
        break;
    }
    case P::border_top:
    case P::border_right:
    case P::border_bottom:
    case P::border_left: {
        auto sides = longhands_of(property);
        ok = width_style_color(sides[0], sides[1], sides[2], value, out);
        break;
    }
    case P::column_rule:
        ok = width_style_color(P::column_rule_width, P::column_rule_style, P::column_rule_color,
                               value, out);
        break;
    case P::margin_block:
    case P::margin_inline:
    case P::padding_block:
    case P::padding_inline:
    case P::border_block_width:
    case P::border_inline_width:
    case P::border_block_style:
    case P::border_inline_style:
    case P::border_block_color:
    case P::border_inline_color:
        ok = start_and_end(longhands_of(property), value, out);
        break;
    case P::border_block_start:
    case P::border_block_end:
    case P::border_inline_start:
    case P::border_inline_end: {
        auto sides = longhands_of(property);
        ok = width_style_color(sides[0], sides[1], sides[2], value, out);
        break;
    }
    case P::border_block:
    case P::border_inline: {
        // Both sides alike: the start side's width, style and colour, then the end side's.
        auto sides = longhands_of(property);
        std::vector<ParsedLonghand> start;
        ok = width_style_color(sides[0], sides[1], sides[2], value, start);
        if (ok) {
            for (std::size_t i = 0; i < 3; ++i) out.push_back(start[i]);
            for (std::size_t i = 0; i < 3; ++i) out.push_back({sides[3 + i], start[i].value});
        }
        break;
    }
    case P::text_decoration: {
        auto v = longhand_value(P::text_decoration_line, value);
        if (v) out.push_back({P::text_decoration_line, std::move(*v)});
        ok = v.has_value();
        break;
    }
    case P::page_break_before:
    case P::page_break_after: {
        using B = BreakBetween;
        auto v = single_keyword(value, {{"auto", int(B::automatic)},
                                        {"always", int(B::page)},
                                        {"avoid", int(B::avoid)},
                                        {"left", int(B::left)},
                                        {"right", int(B::right)}});
        if (v)
            out.push_back({property == P::page_break_before ? P::break_before : P::break_after,
                           std::move(*v)});
        ok = v.has_value();
        break;
    }
    case P::page_break_inside: {
        auto v = single_keyword(
            value, {{"auto", int(BreakInside::automatic)}, {"avoid", int(BreakInside::avoid)}});
        if (v) out.push_back({P::break_inside, std::move(*v)});
        ok = v.has_value();
        break;
    }
    default:
        ok = false;
        break;
    }
    if (!ok) out.resize(before);
    return ok;
}

} // namespace galley::detail
