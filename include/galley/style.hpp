// galley — style sheets: a CSS subset, parsed once and cascaded into computed styles.
//
// One sheet drives all three backends. A backend never sees CSS text: it describes each
// element it lays out (a role such as "headline" or "p", the block's Attr, its parent and its
// place among its siblings; the internal src/style/elements.hpp) and gets a `ComputedStyle`
// with every length in points and every colour as RGBA. Pages are described by
// `compute_page_style`, font files by `font_faces`. The EPUB backend writes the sheet back out
// as real CSS with `to_css`.
//
// What the sheet language is:
// - CSS Syntax Level 3 tokenizing and error recovery: a bad declaration is dropped up to its
//   `;`, a bad rule up to the end of its block, and everything else still applies.
// - Selectors: the roles below as type selectors, `*`, `.class` (the block's Attr classes),
//   `#id`, `[key]` and `[key=value]` (Attr id, classes and key/values), descendant (` `),
//   child (`>`), adjacent-sibling (`+`: `h2 + p`, the paragraph right after a heading) and
//   general-sibling (`~`: `h2 ~ p`, every later paragraph of the same parent) combinators,
//   `:first-child`, `:last-child`, `:only-child`, `:first-of-type`, `:last-of-type`,
//   `:only-of-type`, `::before` and `::after`. Siblings are the elements of the tree below
//   (text between them does not count). Specificity and source order as in CSS. A selector
//   galley cannot match (`:hover`, `::first-line`) drops its rule with a warning, as CSS
//   does; an unknown role name is a warning and never matches.
// - `@media` with the media types `pdf`, `epub`, `print`, `screen` and `all` (comma lists,
//   `not`, `only`, nesting). `screen` means the two formats read on screens: pdf and epub.
//   Media features (`(min-width: …)`) are not supported: such a query never matches (warning).
// - `@page` with `:first`, `:left`, `:right` (the first page is a right page, as in CSS) and
//   its margin boxes (`@top-left` … `@bottom-right`, the corners and the side boxes).
// - `@font-face` with `font-family`, `src: url(…) [format(…)]` or `local(…)`, `font-weight`,
//   `font-style`; relative urls are resolved against the sheet's folder.
// - Custom properties (`--name: …`) and `var(--name, fallback)`, substituted at computed-value
//   time. A cycle, a substitution nested deeper than 32 levels or one that grows past 65,536
//   tokens makes the property invalid at computed-value time (a warning), never a hang.
// - The CSS-wide keywords `inherit`, `initial` and `unset` (and `revert`, read as `unset`) on
//   every property, and `!important`.
// - Right to left: `direction` (ltr | rtl, inherited; the root's comes from the article's
//   language through StyleElement::dir unless the sheet sets it), `text-align` and
//   `text-align-last` `start` and `end`, `float: inline-start | inline-end`, and the logical
//   box properties of CSS Logical Properties 1 in the horizontal writing mode:
//   `margin-inline-start`, `-inline-end`, `-block-start`, `-block-end` and the shorthands
//   `margin-inline`, `margin-block` (one or two values: start, end), the same for `padding-*`,
//   and `border-inline-start`, `-inline-end`, `-block-start`, `-block-end` (each also as
//   `-width`, `-style`, `-color`), `border-inline`, `border-block` and
//   `border-inline-width|style|color`, `border-block-width|style|color` (one or two values).
//   The cascade resolves them into physical sides; see ComputedStyle.
//
// Errors and warnings: an unknown property, an unknown or invalid value, a selector that
// cannot match and anything else that CSS recovery drops is a Warning "FILE:LINE:COL: …", and
// the rest of the sheet applies. Only damage that recovery cannot sensibly absorb throws a
// galley::Error (ErrorCode::syntax with file, line and column): a comment or a string that
// runs to the end of the file, or a block still open at the end of the file (each usually a
// truncated or mangled file). Invalid UTF-8 throws ErrorCode::encoding, and blocks nested
// deeper than 64 levels throw ErrorCode::limit.
//
// Roles (type selectors), and the element tree every backend builds, so that one sheet means
// the same on every backend:
//
//   article                                  the root
//   ├─ headline, dek, byline (one a Byline)  the headline block, in this order
//   ├─ p                                     body paragraphs
//   │  └─ dateline, em, strong, a, code,     the first paragraph's first child is the
//   │     sup, sub, smallcaps                `dateline` run-in (when there is one); inlines
//   ├─ h2, h3, h4                            headings
//   ├─ blockquote ▸ p…, attribution          quotes
//   ├─ pullquote ▸ attribution               pull quotes
//   ├─ figure ▸ img, credit, figcaption      the credit sits under the photo, then the caption
//   ├─ ul, ol ▸ li ▸ p…                      lists
//   ├─ table ▸ caption, tr ▸ th, td          tables
//   ├─ hr, pre                               rules and raw blocks
//   └─ tagline                               the closing line
//
// A StyleSheet is immutable once parsed and may be shared between threads; every function
// here is safe to call concurrently on one sheet.
#pragma once

#include "galley/article.hpp"
#include "galley/error.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace galley {

namespace detail {
struct StyleSheetData;
struct CustomProperties;
} // namespace detail

// The backend a style is computed for. `@media pdf|epub|print` select one each, `screen`
// selects pdf and epub, `all` selects every one.
enum class Medium { pdf, epub, print };

// "pdf", "epub", "print".
const char* to_string(Medium medium);
// The medium named `name` ("pdf", "epub", "print"), if there is one.
std::optional<Medium> medium_from_name(std::string_view name);

// Every role name a type selector may use, in the order of the tree above.
std::span<const std::string_view> known_roles();
// The role of a block in the element tree: "p", "h2"…"h4", "blockquote", "pullquote",
// "figure", "ul" or "ol", "hr", "table", "tagline", "pre".
std::string_view block_role(const Block& block);

// ---------------------------------------------------------------------------------------------
// Computed values

// A colour, 8 bits a channel, not premultiplied; `a` 255 is opaque.
struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;

    bool transparent() const { return a == 0; }
    bool operator==(const Color&) const = default;
};

enum class FontStyle { normal, italic, oblique };
// The inline base direction (`direction`, and the `dir` a backend gives an element).
enum class Direction { ltr, rtl };
// `start` and `end` arrive resolved by the element's direction: start is left in ltr and
// right in rtl, end the other side.
enum class TextAlign { left, right, center, justify };
enum class TextTransform { none, uppercase, lowercase, capitalize };
enum class Hyphens { none, manual, automatic };
// galley-unhyphenated: how justified text is set in a language with no hyphenation patterns
// (Finnish, Kazakh… on Debian 12): `ragged` (the default) sets it ragged on the end side,
// since a narrow column justified without hyphens spreads its spaces several times over;
// `justify` keeps it justified, within the limits of glyph scaling and letter spacing.
enum class Unhyphenated { ragged, justify };
// Only solid rules are drawn; `hidden` is read as none.
enum class BorderStyle { none, solid };
// break-before / break-after (page-break-before/after: `always` is `page`).
enum class BreakBetween { automatic, avoid, page, column, left, right };
// break-inside (`avoid-page` and `avoid-column` are read as `avoid`).
enum class BreakInside { automatic, avoid };
// `display`. `none` hides an element and everything in it. `block` and `inline_level` (CSS
// `inline`; `inline-block` is read as inline, `list-item` and `flow-root` as block) matter
// most for ::before and ::after, which are inline unless the sheet says block; an element
// whose sheet says nothing is `normal`: laid out as its role is.
enum class Display { normal, block, inline_level, none };
// Where a figure floats: `top` and `bottom` of the column or page (print and pdf); `left` and
// `right` as in CSS (`inline-start` and `inline-end` arrive resolved by the direction).
enum class Float { none, left, right, top, bottom };
enum class ListStyle {
    disc,
    circle,
    square,
    decimal,
    lower_alpha,
    upper_alpha,
    lower_roman,
    upper_roman,
    none
};

// Four lengths in points, one a side.
struct Edges {
    double top = 0, right = 0, bottom = 0, left = 0;
    bool operator==(const Edges&) const = default;
};

struct BorderSide {
    double width = 0; // points; 0 when the style is none
    BorderStyle style = BorderStyle::none;
    Color color;
    bool visible() const { return style != BorderStyle::none && width > 0 && !color.transparent(); }
    bool operator==(const BorderSide&) const = default;
};

struct Borders {
    BorderSide top, right, bottom, left;
    bool operator==(const Borders&) const = default;
};

// A width that may be relative to the column: `auto` (or `none` for max-width), a length, or
// a percentage of the containing column's width.
struct Dimension {
    enum class Kind { automatic, points, percent };
    Kind kind = Kind::automatic;
    double value = 0; // points or percent

    // The width in points for a column `reference` points wide; `if_automatic` when automatic.
    double resolve(double reference, double if_automatic) const {
        if (kind == Kind::points) return value;
        if (kind == Kind::percent) return value * reference / 100.0;
        return if_automatic;
    }
    bool operator==(const Dimension&) const = default;
};

// hyphenate-limit-chars: the shortest word to hyphenate and the fewest characters before and
// after a hyphen. `auto` gives 5, 2 and 2.
struct HyphenateLimits {
    int word = 5;
    int before = 2;
    int after = 2;
    bool operator==(const HyphenateLimits&) const = default;
};

// How many columns of a multi-column grid a block spans: one (`none`), N, or all of them.
struct ColumnSpan {
    bool all = false;
    int count = 1; // meaningful when !all

    // The columns spanned in a grid of `columns`.
    int columns_in(int columns) const {
        return all ? columns : (count < columns ? count : columns);
    }
    bool operator==(const ColumnSpan&) const = default;
};

// One piece of generated content (`content` of ::before, ::after and margin boxes, and
// `string-set`). attr() is resolved when the style is computed, so it arrives as text;
// open-quote and close-quote arrive as “ and ”.
struct ContentPart {
    enum class Kind {
        text,         // `value` is the text
        element_text, // content(): the element's own text (string-set)
        page_number,  // counter(page)
        page_count,   // counter(pages)
        named_string, // string(NAME): `value` is the name ("headline", "publication", "date", …)
    };
    Kind kind = Kind::text;
    std::string value;
    bool operator==(const ContentPart&) const = default;
};

// `string-set: NAME CONTENT…`: when the element is laid out, the named string becomes the
// content (for `string(NAME)` in margin boxes).
struct StringSet {
    std::string name;
    std::vector<ContentPart> content;
    bool operator==(const StringSet&) const = default;
};

// The style of one element, every value resolved. Initial values are set for news: the
// bundled serif at 10 pt, line height 1.2, black on transparent, left to right, left aligned.
//
// Inherited (as in CSS): direction, the font properties, color, text alignment, text-indent,
// text-transform, letter- and word-spacing, hyphens and their limits, galley-unhyphenated,
// the justification limits galley-glyph-scaling and galley-letter-spacing, line-height,
// widows, orphans, list-style-type, baseline-grid, text-decoration and custom properties. The
// others start from their initial values on every element.
//
// Right to left: `direction` is the element's inline base direction. Logical values arrive
// resolved into physical ones by it, so a backend reads only physical sides: `text-align:
// start|end` (and text-align-last) in text_align, `margin-inline-start` and the other
// margin-, padding- and border-inline-/-block- properties in margin, padding and border,
// `float: inline-start|inline-end` in float_placement. Inline-start is left in ltr and right
// in rtl, block-start is top. Where a physical and a logical property set the same side, the
// later declaration in cascade order wins (specificity, then source order, `!important` last),
// as in CSS: `margin-left: 1em; margin-inline-start: 2em` gives a 2em left margin in ltr and a
// 1em left and 2em right margin in rtl. What a backend still decides by `direction`: where the
// first line's text-indent goes, list markers, the side the last line of justified text keeps
// to (text_align_last empty), and the order of columns and table cells.
struct ComputedStyle {
    // Text
    std::vector<std::string> font_family{"Noto Serif"}; // families in order of preference
    double font_size = 10;                              // points
    int font_weight = 400;                              // 1..1000; normal 400, bold 700
    FontStyle font_style = FontStyle::normal;
    bool small_caps = false; // font-variant: small-caps
    double line_height = 12; // points, for this element's font size
    // The multiple of font_size when line-height was `normal` (1.2) or a number, which
    // children with another font size inherit as a multiple; 0 when it was a length.
    double line_height_factor = 1.2;
    Color color{0, 0, 0, 255};
    // `direction`: ltr, or rtl for Arabic, Hebrew…; from the sheet, else the element's `dir`
    // (StyleElement::dir), else the parent's.
    Direction direction = Direction::ltr;
    TextAlign text_align = TextAlign::left;
    // text-align-last; empty for `auto` (the last line of justified text is set at the start:
    // left in ltr, right in rtl).
    std::optional<TextAlign> text_align_last;
    // Whether text_align and text_align_last were given as `start` or `end`. CSS inherits the
    // keyword, not the side: a descendant of the other direction aligns to its own start, and
    // these say so. Backends read text_align and text_align_last only.
    bool text_align_logical = false;
    bool text_align_last_logical = false;
    double text_indent = 0; // points, first line
    TextTransform text_transform = TextTransform::none;
    double letter_spacing = 0; // points added between characters (`normal` is 0)
    double word_spacing = 0;   // points added to each space (`normal` is 0)
    // text-decoration-line. Inherited here, which is how CSS draws it: a decoration reaches
    // every descendant's text.
    bool underline = false;
    bool line_through = false;
    Hyphens hyphens = Hyphens::manual;
    HyphenateLimits hyphenate_limit_chars;
    Unhyphenated unhyphenated = Unhyphenated::ragged;
    // galley-glyph-scaling: MIN MAX (percentages; `none` is 100% 100%): how far the line
    // breaker may scale a justified line's glyphs horizontally, as fractions of their width.
    // MIN is from 90% to 100%, MAX from 100% to 110%; initially 98% 102%.
    double glyph_scaling_min = 0.98, glyph_scaling_max = 1.02;
    // galley-letter-spacing: MIN MAX (percentages of the font size; `none` is 0% 0%): how much
    // letter spacing the line breaker may take away (MIN) or add (MAX) after each letter of a
    // justified line, as fractions of an em. MIN is from -5% to 0%, MAX from 0% to 10%;
    // initially -1% 2%. Not `letter-spacing`, which is added to every line whatever its fit.
    double justify_letter_min = -0.01, justify_letter_max = 0.02;
    int widows = 2;
    int orphans = 2;
    ListStyle list_style_type = ListStyle::disc;
    double baseline_grid = 0; // points between grid lines; 0 for none (print)

    // Box. Lengths in points; `margin: auto` is read as 0 (galley does not centre boxes by
    // their margins: align a figure's content with text-align).
    Color background_color{0, 0, 0, 0};
    Edges margin;
    Edges padding;
    Borders border;
    Dimension width;     // auto, a length, or a percentage of the column
    Dimension max_width; // none (automatic), a length, or a percentage of the column
    Display display = Display::normal;
    Float float_placement = Float::none;

    // Columns and breaks
    int column_count = 1;   // `auto` is 1
    double column_gap = 10; // points; `normal` is 1em
    BorderSide column_rule; // drawn between columns
    ColumnSpan column_span; // none = one column
    BreakBetween break_before = BreakBetween::automatic;
    BreakBetween break_after = BreakBetween::automatic;
    BreakInside break_inside = BreakInside::automatic;

    // Generated content
    std::vector<StringSet> string_set;
    // ::before, ::after and margin boxes: what to show (never empty for a generated box).
    std::vector<ContentPart> content;

    // The root element's font size, for `rem`.
    double root_font_size = 10;
    // Custom properties in force (inherited); null when none. Read with custom_property().
    std::shared_ptr<const detail::CustomProperties> custom_properties;

    // The value of custom property `name` ("--accent") as CSS text, or nullopt.
    std::optional<std::string> custom_property(std::string_view name) const;

    bool operator==(const ComputedStyle&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Pages

enum class PageKind { first, left, right };

enum class MarginBoxPosition {
    top_left_corner,
    top_left,
    top_center,
    top_right,
    top_right_corner,
    bottom_left_corner,
    bottom_left,
    bottom_center,
    bottom_right,
    bottom_right_corner,
    left_top,
    left_middle,
    left_bottom,
    right_top,
    right_middle,
    right_bottom,
};

// "top-left", "bottom-right-corner", … (the at-rule names without the @).
const char* to_string(MarginBoxPosition position);

// A page margin box with content. Its style inherits from the page context, which inherits
// from the root style given to compute_page_style. Unless the sheet sets text-align on the box,
// its text is aligned as CSS Paged Media says: *-left boxes left, *-center and the side boxes
// centred, *-right boxes right, and the corner boxes towards the page area.
struct MarginBox {
    MarginBoxPosition position = MarginBoxPosition::top_center;
    ComputedStyle style; // style.content holds what to show
};

struct PageStyle {
    // The trimmed page, in points. Initial: A4 portrait.
    double width = 595.2756;
    double height = 841.8898;
    Edges margin{56.6929, 56.6929, 56.6929, 56.6929}; // initial 20 mm
    double bleed = 0;                                 // points outside the trim on each side
    bool crop_marks = false;                          // marks: crop
    bool cross_marks = false;                         // marks: cross
    std::vector<MarginBox> margin_boxes;              // the boxes with content, in enum order

    // The box at `position`, or null.
    const MarginBox* find(MarginBoxPosition position) const;
};

// The size of a named paper ("A4", "berliner", "letter"; case-insensitive) in points, width
// then height, portrait. Sizes: A3, A4, A5, B4, B5 (ISO), JIS-B4, JIS-B5, letter, legal,
// ledger and tabloid (11 × 17 in), berliner (315 × 470 mm) and broadsheet (600 × 750 mm).
std::optional<std::pair<double, double>> paper_size(std::string_view name);

// ---------------------------------------------------------------------------------------------
// Font faces

struct FontSource {
    std::filesystem::path path; // absolute, for url(); empty for local()
    std::string local_name;     // for local("Family Name")
    std::string format;         // format("truetype") etc., empty when not given
    bool operator==(const FontSource&) const = default;
};

// One @font-face rule.
struct FontFace {
    std::string family;
    std::vector<FontSource> sources; // in order of preference
    int weight_min = 400;            // font-weight: one value, or a range for variable fonts
    int weight_max = 400;
    FontStyle style = FontStyle::normal;
    Position position; // where the rule is in the sheet
    bool operator==(const FontFace&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Sheets

// A parsed style sheet. Cheap to copy (the parsed data are shared and never change).
class StyleSheet {
  public:
    // An empty sheet: every element gets the initial and inherited values.
    StyleSheet();
    explicit StyleSheet(std::shared_ptr<const detail::StyleSheetData> data);

    // The file name given to the parser, for messages.
    const std::string& file() const;
    // Number of style rules (selector + declarations), in every medium.
    std::size_t rule_count() const;

    // The parsed data, for galley's own style code.
    const detail::StyleSheetData& data() const { return *data_; }

  private:
    std::shared_ptr<const detail::StyleSheetData> data_;
};

// Parses `css` (UTF-8; a BOM is skipped). `file` names the sheet in messages, and its folder
// is the base for relative @font-face urls (the current folder when it has none). Problems
// CSS recovery absorbs are appended to `warnings`; throws galley::Error as described at the
// top of this header (warnings found before the error stay in `warnings`).
StyleSheet parse_style_sheet(std::string_view css, const std::string& file, Warnings& warnings);

// Loads a sheet by bundled name or by path. A name without a slash and without a ".css"
// ending is a bundled sheet: styles_dir()/NAME.css; an unknown name throws ErrorCode::usage
// listing the bundled names. Anything else is a path; a file that cannot be read throws
// ErrorCode::io.
StyleSheet load_style(const std::string& name_or_path, Warnings& warnings);

// A sheet shipped in styles/.
struct BundledStyle {
    std::string name;        // "default", "press-release", "broadsheet"
    std::string description; // from the sheet's leading "/* galley-style: … */" comment
    std::filesystem::path path;
};

// Looks for problems that parsing cannot see, appending them to `warnings`: computes the style
// of every role (carrying every class the sheet names) and of every page kind, in every medium
// (finding var() problems), and checks that the @font-face files exist.
void verify_style_sheet(const StyleSheet& sheet, Warnings& warnings);

// The bundled sheets, sorted by name.
std::vector<BundledStyle> bundled_styles();

// The description in a sheet's "/* galley-style: DESCRIPTION */" comment (its first line),
// or "" when the sheet has none.
std::string style_description(std::string_view css);

// ---------------------------------------------------------------------------------------------
// Cascade

// The page of kind `kind` for `medium`: the @page rules that match it in CSS order, with its
// margin boxes. Text properties declared in @page are inherited by the margin boxes; the page
// context itself inherits from `root_style` (e.g. the `article` style) when given.
PageStyle compute_page_style(const StyleSheet& sheet, Medium medium, PageKind kind,
                             const ComputedStyle* root_style = nullptr,
                             Warnings* warnings = nullptr);

// The @font-face rules that apply to `medium`, in sheet order.
std::vector<FontFace> font_faces(const StyleSheet& sheet, Medium medium);

// ---------------------------------------------------------------------------------------------
// Writing CSS

struct CssWriteOptions {
    // The CSS selector for a role ("headline" → "h1.headline"). Classes, pseudo-classes and
    // pseudo-elements of the compound are appended to it; "" leaves out every selector that
    // uses the role. It may put the role in a context ("credit" → "figcaption >
    // small.credit"): a selector with `+` or `~` between two compounds whose contexts differ
    // is left out (the reader's siblings would not be the element tree's), and between equal
    // contexts the context is written once. Required.
    std::function<std::string(std::string_view role)> selector_for_role;
    // The url to write for a font face ("fonts/NotoSerif-Regular.ttf"); "" or no function
    // leaves the @font-face rule out.
    std::function<std::string(const FontFace& face)> font_url;
};

// The sheet as real CSS for a reading system (the EPUB backend): the rules that apply to
// `medium` (the contents of `@media` blocks that match it written without the wrapper), with
// role selectors mapped through `options`, @font-face with the urls `options` gives, and
// without what a reading system cannot use: @page, column-*, string-set, baseline-grid,
// galley-glyph-scaling, galley-letter-spacing, `float: top|bottom`, `break-*: column`, and
// content built from page counters or named strings, and `direction`, which EPUB style sheets
// must not use (EPUB 3: the content documents carry `dir` instead). Values are written as
// they were written in the sheet (numbers never depend on the locale); logical properties and
// values (`margin-inline-start`, `text-align: start`) stay logical for the reading system to
// resolve by `dir`; custom properties and var() are kept.
std::string to_css(const StyleSheet& sheet, Medium medium, const CssWriteOptions& options);

} // namespace galley
