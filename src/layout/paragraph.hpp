// Internal: inline text → set lines.
//
// A paragraph is collected as runs, each in one computed style (the paragraph's own, an em,
// a link, the dateline run-in…): transformed (text-transform), hyphenated by the shared
// Hyphenator and given a Pango font. Latin, Greek and Cyrillic paragraphs are broken by the
// shared Knuth–Plass breaker measuring with Pango, and every word is placed where the breaker
// put it (justification by word positions; a hyphenated line end draws a real hyphen, soft
// hyphens never reach the page). Right-to-left and CJK paragraphs are set by a PangoLayout:
// Pango's line breaking (word and character breaks for CJK), bidi and alignment by direction.
#pragma once

#include "galley/fonts.hpp"
#include "galley/style.hpp"
#include "galley/text.hpp"
#include "layout/drawing.hpp"
#include "layout/shaping.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail::layout {

// What all text of one document is set with: the thread's shaper, the fonts, hyphenation, the
// document's links and where warnings go.
class Typesetting {
  public:
    // `medium`: the medium the document's styles are computed for (pdf or print).
    Typesetting(ThreadShaper& shaper, const FontResolver& fonts, std::string language,
                Medium medium, Warnings& warnings);

    ThreadShaper& shaper() { return shaper_; }
    const std::string& language() const { return language_; }
    Medium medium() const { return medium_; }
    // The font for text in `style` (its family list resolved through the FontResolver, so
    // Pango falls back exactly as galley's font stacks do).
    ShapingFont& font(const ComputedStyle& style, bool tabular_figures = false);
    // Soft hyphens inserted as `style` says (hyphens, hyphenate-limit-chars).
    std::string hyphenate(std::string_view text, const ComputedStyle& style);
    // Whether the document's language is one that hyphenates but has no hyphenation patterns
    // here (loads them on first use): Finnish, Kazakh… Scripts that do not hyphenate (CJK,
    // Arabic, Hebrew…) do not lack them.
    bool lacks_hyphenation_patterns();
    // Says once, as a warning, that justified text is set ragged for want of patterns.
    void note_ragged_for_want_of_patterns();
    // Counts a line that could not be justified within the limits and was set short, in one
    // warning for the document that names the first (`text`, its words).
    void note_short_line(std::string_view text);
    // The index of `url` among the document's links.
    int link(const std::string& url);
    const std::vector<std::string>& links() const { return links_; }

    // Adds a warning once (the same message twice is reported once).
    void warn(const std::string& message);
    void add_warnings(const Warnings& warnings);

  private:
    const std::string& pango_families(const ComputedStyle& style);

    ThreadShaper& shaper_;
    const FontResolver& fonts_;
    std::string language_;
    Medium medium_;
    std::shared_ptr<const Hyphenator> hyphenator_;
    bool hyphenator_loaded_ = false;
    bool ragged_noted_ = false;
    std::size_t short_lines_ = 0;
    std::size_t short_line_warning_ = 0; // its index in warnings_
    std::string first_short_line_;
    Warnings& warnings_;
    std::set<std::string> warned_;
    std::map<std::string, std::string> families_; // request key → Pango family list
    std::vector<std::string> links_;
};

// How a paragraph's lines are set.
struct ParagraphFormat {
    double width = 0; // the measure, points
    double line_height = 12;
    TextAlign align = TextAlign::left;
    std::optional<TextAlign> align_last;
    double indent = 0;            // first line
    ShapingFont* strut = nullptr; // the paragraph's own font: places the baseline
    bool preformatted = false;    // keep spaces and line feeds; wrap only when too long
    // Justified lines: how far glyphs may scale (galley-glyph-scaling) and letter spacing
    // go, in ems (galley-letter-spacing); the style's initial values.
    double glyph_scaling_min = 0.98, glyph_scaling_max = 1.02;
    double letter_spacing_min = -0.01, letter_spacing_max = 0.02;
    int looseness = 0; // lines to save (negative) if the breaker can within its limits (TeX)
};

// ParagraphFormat from a block's computed style, for a measure `width`.
ParagraphFormat paragraph_format(Typesetting& typesetting, const ComputedStyle& style,
                                 double width);

// The inline content of one paragraph, collected run by run and then set.
class InlineText {
  public:
    explicit InlineText(Typesetting& typesetting) : typesetting_(typesetting) {}

    // Text added from now on is set with tabular figures (OpenType `tnum`): a table's
    // numeric columns.
    void set_tabular_figures(bool on) { tabular_figures_ = on; }

    // Appends `text` in `style`; `link` is an index from Typesetting::link or -1; `rise`
    // raises the baseline (superscripts) or lowers it (negative). Line feeds and tabs are
    // spaces unless `preformatted`.
    void add(std::string_view text, const ComputedStyle& style, int link = -1, double rise = 0,
             bool preformatted = false);
    // A forced line break.
    void add_line_break(const ComputedStyle& style);

    bool empty() const;
    // The text added so far, without soft hyphens (outline entries, named strings, alt text).
    std::string plain_text() const;

    // Sets the lines: Knuth–Plass for Latin, Greek and Cyrillic; Pango for right-to-left and
    // CJK paragraphs and preformatted text.
    std::vector<TextLine> set(const ParagraphFormat& format) const;

    // The width of the whole content on one line, and of its widest word (table columns).
    double natural_width() const;
    double widest_word() const;

  private:
    struct RunStyle {
        ShapingFont* font = nullptr;
        Color color;
        bool underline = false;
        bool line_through = false;
        double rise = 0;
        double word_spacing = 0;
        int link = -1;
    };
    struct Run {
        std::string text;
        RunStyle style;
    };

    std::vector<TextLine> set_with_breaker(const ParagraphFormat& format) const;
    std::vector<TextLine> set_with_pango(const ParagraphFormat& format, bool cjk) const;
    void decorate(Drawing& drawing, const RunStyle& style, double x, double width,
                  double baseline) const;

    Typesetting& typesetting_;
    std::vector<Run> runs_;
    bool tabular_figures_ = false;
};

// Whether text is set by Pango: its first strong character is right-to-left, or it is mostly
// CJK (Han, kana, Hangul).
enum class ScriptKind { latin, right_to_left, cjk };
ScriptKind script_kind(std::string_view text);

} // namespace galley::detail::layout
