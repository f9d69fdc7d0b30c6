// Internal: inline text → justified, hyphenated lines of words placed one by one.
//
// A paragraph is assembled from pieces of text, each in one computed style (the paragraph's
// own, an em, a link, the dateline run-in…). Each piece is transformed (text-transform),
// hyphenated by the shared Hyphenator, split into runs by the font stack's glyph coverage,
// split again for synthesized small capitals, and measured with the fonts' real advances.
// The shared Knuth–Plass breaker chooses the lines; every word becomes a DrawText at the
// position the breaker computed, the hyphen of a hyphenated line end is drawn as "-", and
// soft hyphens never reach the page.
#pragma once

#include "galley/fonts.hpp"
#include "galley/style.hpp"
#include "galley/text.hpp"
#include "pdf/graphics.hpp"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail {
class FontMetrics;
}

namespace galley::detail::pdf {

// Shared by everything set in one document: fonts, hyphenation and where warnings go.
struct TextContext {
    const FontResolver* fonts = nullptr;
    std::string language; // the article's, BCP 47
    std::shared_ptr<const Hyphenator> hyphenator;
    Warnings* warnings = nullptr;
    // Characters seen in the text, for the unsupported-text check.
    std::set<char32_t>* characters = nullptr;
    // The stacks asked for so far, by request: each is resolved (and its warnings reported)
    // once per document.
    std::map<std::string, const FontStack*>* stacks = nullptr;
};

// The font stack of `style` (TrueType outlines only); the resolver's warnings about it are
// added to context.warnings the first time it is asked for.
const FontStack& font_stack(const TextContext& context, const ComputedStyle& style);

// How a paragraph's lines are set.
struct ParagraphFormat {
    double width = 0;        // the measure
    double line_height = 12; // every line's height
    TextAlign align = TextAlign::left;
    std::optional<TextAlign> align_last;
    double first_line_indent = 0;
    // The strut: the paragraph's own font and size place the baseline in each line.
    const Font* strut_font = nullptr;
    double strut_size = 10;
};

// ParagraphFormat from a block's computed style, for a measure `width`.
ParagraphFormat paragraph_format(const TextContext& context, const ComputedStyle& style,
                                 double width);

// One set line: its height and what it draws, relative to its top-left corner.
struct SetLine {
    double height = 0;
    double baseline = 0; // from the top
    Graphics graphics;
};

// Collects the inline content of one paragraph, then sets it.
class InlineText {
  public:
    explicit InlineText(const TextContext& context) : context_(context) {}

    // Appends `text` set in `style`; `link` is the URL of the link it is part of, or "".
    // Line feeds and tabs in `text` are spaces.
    void add(std::string_view text, const ComputedStyle& style, const std::string& link = {},
             double baseline_shift = 0);
    // A forced line break.
    void add_line_break(const ComputedStyle& style);
    bool empty() const { return runs_.empty(); }
    // The text added so far, plain (for outlines and named strings).
    const std::string& plain_text() const { return plain_; }

    // Breaks the paragraph into lines (the shared Knuth–Plass breaker) and places its words.
    std::vector<SetLine> set(const ParagraphFormat& format) const;

    // The whole content on one line, unbroken, its baseline at y = 0 and its start at x = 0
    // (margin boxes, list markers, preformatted lines).
    struct SingleLine {
        Graphics graphics;
        double width = 0;
    };
    SingleLine single_line() const;

    // The natural width of the whole content on one line (for table columns and margin boxes).
    double natural_width() const;
    // The widest word (the narrowest a column can get without breaking words).
    double widest_word() const;

  private:
    struct RunStyle {
        const Font* font = nullptr;
        const FontMetrics* metrics = nullptr;
        double size = 10;
        double letter_spacing = 0;
        double word_spacing = 0;
        double baseline_shift = 0;
        Color color;
        bool underline = false;
        bool line_through = false;
        std::size_t link = 0;    // 0: none; else links_[link - 1]
        bool small_caps = false; // lower-case letters drawn as the font's small capitals
    };
    struct Run {
        std::size_t text = 0;  // index into texts_
        std::size_t style = 0; // index into styles_
    };

    void add_run(std::string text, const RunStyle& style);
    void add_small_caps(std::string_view piece, const RunStyle& style);
    double measure(const RunStyle& style, std::string_view text) const;

    const TextContext& context_;
    std::deque<std::string> texts_;
    std::vector<RunStyle> styles_;
    std::vector<Run> runs_;
    std::vector<std::string> links_;
    std::string plain_;
};

// `text` with text-transform applied (upper, lower, capitalize), for the scripts galley sets.
std::string transform_text(std::string_view text, TextTransform transform);

} // namespace galley::detail::pdf
