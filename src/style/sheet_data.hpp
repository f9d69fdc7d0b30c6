// Internal: what a parsed style sheet holds — the rules as written (for to_css) and their
// declarations parsed into typed values (for the cascade), plus an index of the rules by the
// rightmost role, class or id of their selectors, one index a medium and pseudo-element.
#pragma once

#include "galley/style.hpp"
#include "style/css_tokenizer.hpp"
#include "style/elements.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace galley::detail {

// ---------------------------------------------------------------------------------------------
// Properties

enum class Property : std::uint8_t {
    // Longhands. Inherited ones first (see is_inherited). `direction` first of all: the cascade
    // needs it to put logical declarations in the place of physical ones.
    direction,
    font_family,
    font_size,
    font_weight,
    font_style,
    font_variant_caps,
    line_height,
    color,
    text_align,
    text_align_last,
    text_indent,
    text_transform,
    letter_spacing,
    word_spacing,
    text_decoration_line,
    hyphens,
    hyphenate_limit_chars,
    galley_unhyphenated,
    galley_glyph_scaling,
    galley_letter_spacing,
    widows,
    orphans,
    list_style_type,
    baseline_grid,
    // Not inherited.
    background_color,
    margin_top,
    margin_right,
    margin_bottom,
    margin_left,
    padding_top,
    padding_right,
    padding_bottom,
    padding_left,
    border_top_width,
    border_right_width,
    border_bottom_width,
    border_left_width,
    border_top_style,
    border_right_style,
    border_bottom_style,
    border_left_style,
    border_top_color,
    border_right_color,
    border_bottom_color,
    border_left_color,
    width,
    max_width,
    display,
    float_placement,
    column_count,
    column_gap,
    column_rule_width,
    column_rule_style,
    column_rule_color,
    column_span,
    break_before,
    break_after,
    break_inside,
    string_set,
    content,
    // Page only.
    size,
    bleed,
    marks,
    longhand_count,
    // Logical longhands (CSS Logical Properties): parsed as longhands, then put by the cascade
    // in the place of the physical longhand they stand for in the element's direction (see
    // physical_of). In fours — block-start, block-end, inline-start, inline-end — in the order
    // of the physical fours above (margin, padding, border width, style, colour).
    margin_block_start = longhand_count,
    margin_block_end,
    margin_inline_start,
    margin_inline_end,
    padding_block_start,
    padding_block_end,
    padding_inline_start,
    padding_inline_end,
    border_block_start_width,
    border_block_end_width,
    border_inline_start_width,
    border_inline_end_width,
    border_block_start_style,
    border_block_end_style,
    border_inline_start_style,
    border_inline_end_style,
    border_block_start_color,
    border_block_end_color,
    border_inline_start_color,
    border_inline_end_color,
    logical_end,
    // Shorthands.
    font = logical_end,
    font_variant,
    margin,
    padding,
    border,
    border_top,
    border_right,
    border_bottom,
    border_left,
    border_width,
    border_style,
    border_color,
    column_rule,
    text_decoration,
    page_break_before,
    page_break_after,
    page_break_inside,
    margin_block,
    margin_inline,
    padding_block,
    padding_inline,
    border_block,
    border_inline,
    border_block_start,
    border_block_end,
    border_inline_start,
    border_inline_end,
    border_block_width,
    border_inline_width,
    border_block_style,
    border_inline_style,
    border_block_color,
    border_inline_color,
    // A custom property (--name).
    custom,
};

// The physical longhands: what the cascade computes.
constexpr std::size_t longhand_count = static_cast<std::size_t>(Property::longhand_count);
// Physical and logical longhands: what a declaration parses into.
constexpr std::size_t parsed_longhand_count = static_cast<std::size_t>(Property::logical_end);

// True for a physical or a logical longhand.
inline bool is_longhand(Property p) {
    return p < Property::logical_end;
}
inline bool is_logical(Property p) {
    return p >= Property::longhand_count && p < Property::logical_end;
}
inline bool is_inherited(Property p) {
    return p <= Property::baseline_grid;
}

// The physical longhand the logical longhand `logical` stands for in an element of
// `direction` (galley's writing mode is always horizontal-tb): block-start is top, block-end
// bottom, inline-start left in ltr and right in rtl, inline-end the other side.
Property physical_of(Property logical, Direction direction);

// Where a property may be declared.
enum PropertyContext : unsigned {
    in_element = 1,    // style rules
    in_page = 2,       // @page
    in_margin_box = 4, // @top-left etc.
};

struct PropertyInfo {
    std::string_view name;
    Property property;
    unsigned contexts;
    bool print_only; // left out of to_css
};

// The property named `name` (lower case), or null.
const PropertyInfo* find_property(std::string_view name);
const PropertyInfo& property_info(Property property);
// The longhands a shorthand sets (a longhand sets itself).
std::span<const Property> longhands_of(Property property);

// ---------------------------------------------------------------------------------------------
// Specified values

enum class CssWide : std::uint8_t { inherit, initial, unset };

// A keyword, as the int value of the property's enum (or one of the constants below).
struct Keyword {
    int value = 0;
    bool operator==(const Keyword&) const = default;
};
// Keywords without an enum of their own.
enum SpecialKeyword : int {
    keyword_auto = -1,    // text-align-last, column-count, width, bleed, size
    keyword_normal = -2,  // line-height, letter/word-spacing, column-gap
    keyword_none = -3,    // max-width, baseline-grid, string-set, content, marks
    keyword_bolder = -4,  // font-weight
    keyword_lighter = -5, // font-weight
    keyword_larger = -6,  // font-size
    keyword_smaller = -7, // font-size
    // The start and end sides, resolved by the element's direction: text-align and
    // text-align-last `start`/`end`, float `inline-start`/`inline-end`.
    keyword_start = -8,
    keyword_end = -9,
};

enum class LengthBase : std::uint8_t { points, em, rem, percent };

struct LengthValue {
    double amount = 0; // points, or a multiple of the base (percent: 0..100)
    LengthBase base = LengthBase::points;
    bool operator==(const LengthValue&) const = default;
};

struct NumberValue {
    double value = 0;
    bool operator==(const NumberValue&) const = default;
};

struct ColorValue {
    Color color;
    bool current_color = false;
    bool operator==(const ColorValue&) const = default;
};

struct FamilyList {
    std::vector<std::string> families;
    bool operator==(const FamilyList&) const = default;
};

// One item of `content` or `string-set` as written (attr() and quotes not yet resolved).
struct ContentItem {
    enum class Kind { text, attribute, element_text, page_number, page_count, named_string };
    Kind kind = Kind::text;
    std::string value;
    bool operator==(const ContentItem&) const = default;
};

struct ContentList {
    std::vector<ContentItem> items; // empty: none / normal
    bool operator==(const ContentList&) const = default;
};

struct StringSetList {
    std::vector<std::pair<std::string, std::vector<ContentItem>>> sets; // empty: none
    bool operator==(const StringSetList&) const = default;
};

struct LimitCharsValue {
    HyphenateLimits limits;
    bool operator==(const LimitCharsValue&) const = default;
};

// galley-glyph-scaling, galley-letter-spacing: the limits as fractions (98% → 0.98).
struct RangeValue {
    double min = 0;
    double max = 0;
    bool operator==(const RangeValue&) const = default;
};

struct SpanValue {
    ColumnSpan span;
    bool operator==(const SpanValue&) const = default;
};

struct PageSizeValue {
    double width = 0; // points; both 0 for auto
    double height = 0;
    bool operator==(const PageSizeValue&) const = default;
};

struct MarksValue {
    bool crop = false;
    bool cross = false;
    bool operator==(const MarksValue&) const = default;
};

struct DecorationValue {
    bool underline = false;
    bool line_through = false;
    bool operator==(const DecorationValue&) const = default;
};

using PropertyValue =
    std::variant<CssWide, Keyword, LengthValue, NumberValue, ColorValue, FamilyList, ContentList,
                 StringSetList, LimitCharsValue, RangeValue, SpanValue, PageSizeValue, MarksValue,
                 DecorationValue>;

struct ParsedLonghand {
    Property property;
    PropertyValue value;
};

// Parses `value` (no !important, whitespace trimmed, no var()) for `property`, a longhand or a
// shorthand, appending the longhands it sets to `out`. Returns false, appending nothing, when
// the value is invalid for the property.
bool parse_property_value(Property property, TokenSpan value, std::vector<ParsedLonghand>& out);

// What a value of `property` must look like, for the warning about an invalid one ("none or
// MIN MAX, …"); "" for the properties whose values CSS itself describes.
std::string_view value_hint(Property property);

// A colour value (hash, rgb(), rgba(), hsl(), hsla(), named, transparent, currentColor).
std::optional<ColorValue> parse_color(TokenSpan value);
// A page size value for `size`.
std::optional<PageSizeValue> parse_page_size(TokenSpan value);

// True when the tokens contain a var() function.
bool contains_var(TokenSpan value);

// ---------------------------------------------------------------------------------------------
// Rules

// A declaration as written.
struct Declaration {
    std::string name;  // lower case; custom properties exactly as written
    Property property; // Property::custom for custom properties
    TokenList value;   // without !important, whitespace trimmed
    bool important = false;
    bool has_var = false;
    Position pos;       // the property name
    Position value_pos; // the first token of the value
};

// A declaration ready for the cascade: a longhand with its parsed value, or — when the value
// uses var() — the declaration's property (perhaps a shorthand) to parse after substitution.
struct CascadeEntry {
    Property property;
    bool important = false;
    bool pending = false;          // has var(): parse declarations[declaration].value later
    std::uint32_t declaration = 0; // index into the owning rule's declarations
    PropertyValue value;           // when !pending and property is a longhand
};

// A block of declarations (style rule, @page, margin box).
struct DeclarationBlock {
    std::vector<Declaration> declarations;
    std::vector<CascadeEntry> entries; // in declaration order
};

// How a compound relates to the compound on its left: ` `, `>`, `+` (the element just after
// it among the same parent's children) and `~` (any element after it there).
enum class Combinator : std::uint8_t { descendant, child, adjacent_sibling, general_sibling };

enum PseudoClassBit : std::uint8_t {
    first_child = 1,
    last_child = 2,
    only_child = 4,
    first_of_type = 8,
    last_of_type = 16,
    only_of_type = 32,
};

struct AttributeTest {
    std::string key;
    std::optional<std::string> value; // [key=value]; nullopt for [key]
};

// One compound selector (`p.lead:first-of-type`).
struct Compound {
    std::string role; // lower case; empty for any (`*` or no type)
    std::string id;
    std::vector<std::string> classes;
    std::vector<AttributeTest> attributes;
    std::uint8_t pseudo_classes = 0;                // PseudoClassBit mask
    std::vector<std::string> pseudo_class_names;    // as written, for to_css
    Combinator combinator = Combinator::descendant; // to the compound on the left
};

struct Selector {
    std::vector<Compound> compounds;     // left to right
    std::optional<PseudoElement> pseudo; // ::before / ::after
    std::uint32_t specificity = 0;       // ids << 20 | classes << 10 | types
};

// Bits of Medium for @media.
constexpr unsigned media_bit(Medium m) {
    return 1u << static_cast<unsigned>(m);
}
constexpr unsigned all_media = 7;

struct StyleRule {
    std::vector<Selector> selectors;
    DeclarationBlock block;
    unsigned media = all_media;
    std::uint32_t order = 0;
    Position pos;
};

struct MarginBoxRule {
    MarginBoxPosition position;
    DeclarationBlock block;
};

struct PageSelector {
    bool first = false, left = false, right = false, blank = false;
    std::uint32_t specificity = 0;
};

struct PageRule {
    std::vector<PageSelector> selectors; // empty: every page
    DeclarationBlock block;
    std::vector<MarginBoxRule> boxes;
    unsigned media = all_media;
    std::uint32_t order = 0;
};

struct FontFaceRule {
    FontFace face;
    unsigned media = all_media;
    std::vector<std::string> urls; // as written, for to_css
};

// One selector of a rule in an index.
struct RuleRef {
    const Selector* selector;
    const StyleRule* rule;
    std::uint32_t specificity;
    std::uint32_t order;
};

struct RuleBucket {
    std::string key;
    std::vector<RuleRef> refs;
};

// The selectors that can match in one medium for one pseudo-element (or none), by the key of
// their rightmost compound: its id, else its first class, else its role, else universal.
struct RuleIndex {
    std::vector<RuleRef> universal;
    std::vector<RuleBucket> by_id, by_class, by_role; // sorted by key
};

struct StyleSheetData {
    std::string file;
    std::filesystem::path base_dir; // absolute; for @font-face urls
    std::vector<StyleRule> rules;
    std::vector<PageRule> pages;
    std::vector<FontFaceRule> fonts;
    // [medium][0 element, 1 ::before, 2 ::after]
    std::array<std::array<RuleIndex, 3>, 3> index;

    void build_index();
};

// Custom properties in force on an element, sorted by name.
struct CustomProperties {
    std::vector<std::pair<std::string, TokenList>> values;
    const TokenList* find(std::string_view name) const;
};

} // namespace galley::detail
