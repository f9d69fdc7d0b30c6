// galley — hyphenation and line breaking, shared by the paginating backends (pdf/, print/).
//
// Hyphenation: a `Hyphenator` for the article's language finds where words may break, using
// libhyphen and the system's pattern files (/usr/share/hyphen, Debian's hyphen-* packages),
// and inserts soft hyphens (U+00AD) there. Which points are used is the line breaker's choice.
//
// Line breaking: Knuth–Plass total-fit breaking (Knuth & Plass 1981, "Breaking paragraphs
// into lines") over boxes, glue and penalties. A backend describes a paragraph as text runs,
// each with a function that measures text in the run's font; `break_paragraph` chooses the
// breaks for the whole paragraph at once and returns lines of positioned pieces, so that a
// backend can place words one by one. Both the libharu and the Pango backend use it.
//
// Everything here may be used from several threads at once; a Hyphenator is immutable.
#pragma once

#include "galley/error.hpp"
#include "galley/style.hpp"

#include <cstddef>
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
struct HyphenationDictionary;
} // namespace detail

// ---------------------------------------------------------------------------------------------
// Hyphenation

// How words are hyphenated, from the style (`hyphens`, `hyphenate-limit-chars`).
//
// - `automatic`: words get soft hyphens where the language's patterns allow; a word that
//   already holds a soft hyphen is left as it is (it may break only there).
// - `manual`: only soft hyphens already in the text are break points.
// - `none`: no hyphenation at all; soft hyphens in the text are removed.
//
// `limits` are counted in characters (code points, combining marks not counted). The
// dictionary's own minimum applies on top: the English patterns never leave fewer than two
// letters before or three after a hyphen, so English gets 5 2 3 with the default 5 2 2.
struct HyphenationSettings {
    Hyphens mode = Hyphens::automatic;
    HyphenateLimits limits;
    // Whether words written in capitals only ("NATO", "UNESCO", "KAZAKHSTAN") are hyphenated.
    // Off by default: in running text they are acronyms and names.
    bool hyphenate_all_caps = false;
};

// Finds hyphenation points in the words of one language. Never hyphenated automatically:
// words next to digits ("MP3s", "3D"), tokens that look like URLs or e-mail addresses,
// capitals-only words (see above), words longer than 100 characters and words with letters
// the language's pattern file cannot encode. Words joined by hyphens or dashes
// ("state-of-the-art") are hyphenated part by part; the line breaker may also break after
// the hyphen itself. Apostrophes inside a word (’ and ') belong to it.
class Hyphenator {
  public:
    // The hyphenator for BCP 47 tag `language` ("en", "en-GB", "de-CH", "ru", "kk-Cyrl"):
    // the region's pattern file, else the language's usual one (en → en_US, de → de_DE,
    // es → es_ES), else any file for the language. Case and `_` for `-` do not matter; script
    // and variant subtags are ignored. An empty tag means English (en-US): galley's wire copy
    // usually declares no language and is English. A language without patterns ("kk") gives a
    // hyphenator that only honours soft hyphens, and adds ONE warning to `warnings`.
    // Pattern files are loaded once per process and shared between threads.
    static std::shared_ptr<const Hyphenator> for_language(std::string_view language,
                                                          Warnings& warnings);

    // The pattern file `for_language` would use for `language`, if there is one.
    static std::optional<std::filesystem::path> find_dictionary(std::string_view language);

    // The tag this hyphenator was asked for, as given.
    const std::string& language() const noexcept { return language_; }
    // Whether there are patterns, i.e. whether `automatic` hyphenation does anything.
    bool has_patterns() const noexcept { return dictionary_ != nullptr; }
    // The pattern file in use; empty when there are no patterns.
    const std::filesystem::path& dictionary_path() const noexcept;

    // Byte offsets into `text` (UTF-8: one word or running text) where `hyphenate` would
    // insert a soft hyphen, in increasing order. Empty unless `settings.mode` is automatic.
    std::vector<std::size_t> break_points(std::string_view text,
                                          const HyphenationSettings& settings = {}) const;

    // `text` with soft hyphens (U+00AD) inserted at `break_points`; with mode `none`, `text`
    // without any soft hyphen; with mode `manual`, `text` unchanged.
    std::string hyphenate(std::string_view text, const HyphenationSettings& settings = {}) const;

    // Use `for_language`; public only so that it can be made with std::make_shared.
    Hyphenator(std::string language, std::shared_ptr<const detail::HyphenationDictionary> dict);

  private:
    std::string language_;
    std::shared_ptr<const detail::HyphenationDictionary> dictionary_;
};

// `text` without soft hyphens (U+00AD) — for drawing text that did not break at them.
std::string remove_soft_hyphens(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Line breaking

// A piece of a paragraph set in one font. The text is read, not copied: it must outlive
// the call. What the text may hold:
// - U+0020, tab, CR: a space between words, where a line may break (runs of them count once;
//   spaces at the start and end of the paragraph are dropped).
// - U+00A0: a no-break space: it stretches and shrinks like a space but never breaks.
// - U+00AD: a soft hyphen, a hyphenated break point (a hyphen is drawn when used).
// - -, U+2010, U+2013, U+2014 between two non-space characters: a line may break after it.
// - U+200B: a zero-width break point. LF, U+2028, U+2029: a forced line break.
// Everything else is word text, measured by `measure` (U+202F, U+2011 included: no breaks).
struct ParagraphRun {
    std::string_view text;
    // The advance width of `text` (a word or part of one) in this run's font, in points.
    std::function<double(std::string_view text)> measure;
    double space_width = -1;   // an interword space; negative: measure(" ")
    double space_stretch = -1; // negative: half of space_width
    double space_shrink = -1;  // negative: a third of space_width
    double hyphen_width = -1;  // the hyphen drawn at a soft hyphen; negative: measure("-")
    // Glyph scaling (pdfTeX's font expansion): a justified line's words may be set up to this
    // fraction wider (0.02: 102 %) or `glyph_compression` narrower (negative: as wide) before
    // its spaces stretch or shrink. The breaker counts it in each line's fit;
    // BrokenLine::expansion says what each line took.
    double glyph_expansion = 0;
    double glyph_compression = -1;
    // Protrusion (optical margin alignment): how far, in points, a character may hang into
    // the margin when it begins a line (`at_end` false) or ends one (true) — a hyphen, a full
    // stop, a quote. Empty: none. The breaker counts it as room on the line.
    std::function<double(char32_t character, bool at_end)> protrusion;
};

// One Knuth–Plass item: a box (text of fixed width), glue (a space that may stretch or
// shrink, and where a line may break after a box) or a penalty (a possible break, with a
// cost; `flagged` for hyphenated breaks).
struct BreakItem {
    enum class Kind : std::uint8_t { box, glue, penalty };
    static constexpr std::size_t no_run = static_cast<std::size_t>(-1);

    Kind kind = Kind::box;
    bool flagged = false;  // penalty: a break after a hyphen (soft or explicit)
    bool breakable = true; // glue: false for no-break spaces and fill glue
    bool fill = false;     // glue: infinitely stretchable (ends a paragraph or forced line)
    // How far the box's first and last characters may hang into the margin at a line's start
    // and end (ParagraphRun::protrusion); a penalty's protrude_end is its hyphen's. Floats,
    // like the penalty, so that an item stays 64 bytes: a pasted megabyte word is two million
    // items.
    float protrude_start = 0, protrude_end = 0;
    float penalty = 0;        // penalty: >= 10000 forbids a break, <= -10000 forces one
    double width = 0;         // box and glue: natural width; penalty: width added if broken here
    double stretch = 0;       // glue; box: what glyph scaling may widen it by
    double shrink = 0;        // glue; box: what glyph scaling may narrow it by
    std::size_t run = no_run; // the run this came from; no_run for an indent
    std::size_t begin = 0, end = 0; // its bytes in the run's text
};

// The penalty at or above which a break is impossible, and whose negative forces a break.
inline constexpr double infinite_penalty = 10000;

struct LineBreakSettings {
    // The measure of every line, in the units of `measure` (points).
    double line_width = 0;
    // When not empty, line i is line_widths[min(i, size - 1)] wide instead (a paragraph
    // beside a figure, a drop cap). Every width must be positive.
    std::vector<double> line_widths;

    TextAlign alignment = TextAlign::justify;
    // The last line and lines ending at forced breaks; nullopt: left for justified text,
    // else `alignment`. A justified last line is broken as a last line, then spread.
    std::optional<TextAlign> last_line_alignment;
    double first_line_indent = 0; // a blank box before the first word (text-indent)

    // Feasible lines have an adjustment ratio r (how far spaces stretch, as a multiple of their
    // stretchability; negative for shrinking) of -1 <= r <= tolerance. If no set of breaks
    // satisfies `tolerance`, the paragraph is broken again with `retry_tolerance`, then with
    // `emergency_stretch` added to every line, and last with no limit, where a line may be
    // overfull. Each pass takes time proportional to the items times the break points that
    // fit on one line, and there are at most four: breaking always ends.
    double tolerance = 2;
    double retry_tolerance = 5;
    double emergency_stretch = -1; // negative: one em, taken as three interword spaces
    // In the passes after the first, a line may shrink to (1 + emergency_shrink) times its
    // shrink (r >= -1 - emergency_shrink) rather than be spread: spaces a little narrower than
    // their limit harm less than spaces several times wide. 0: TeX's behaviour.
    double emergency_shrink = 0;

    double line_penalty = 10;             // added to every line's badness (fewer lines)
    double hyphen_penalty = 50;           // a break at a soft hyphen
    double explicit_hyphen_penalty = 50;  // a break after a hyphen or dash in the text
    double double_hyphen_demerits = 3000; // two hyphenated lines in a row
    double final_hyphen_demerits = 5000;  // a hyphen ending the next-to-last line
    // No more than this many hyphenated lines in a row (0: no limit). A hard limit: only a
    // paragraph that cannot be broken otherwise even with emergency stretch exceeds it.
    int max_consecutive_hyphens = 2;
    double fitness_demerits = 3000; // adjacent lines of very different tightness
    // Lines to add (positive) or save (negative) compared with the optimum, when possible.
    int looseness = 0;

    // Ragged (left, right, centre) lines: interword spaces keep their natural width and each
    // line end gets this much stretch (the classic ragged-right glue); breaking stays
    // total-fit, so the rag is even. Negative: two ems (six interword spaces).
    double ragged_stretch = -1;

    // A word wider than the narrowest line is broken between characters (never inside a
    // UTF-8 sequence or before a combining mark), with a warning; false: it overflows the
    // line, with a warning.
    bool break_long_words = true;
    double long_word_penalty = 5000; // a break inside such a word (after / - . ? & = : 1000)
    // A web or e-mail address may break after / . - @ before a letter or digit, with no hyphen
    // drawn, at this cost.
    double address_break_penalty = 50;
};

// A stretch of one run drawn at one place: the pieces of a line are its words (and parts of
// words where runs change), left to right.
struct LinePiece {
    std::size_t run = 0;
    std::size_t begin = 0, end = 0; // bytes of the run's text; may include soft hyphens
    double x = 0;                   // from the line's left edge, alignment included
    double width = 0;
    std::string text; // the bytes to draw: [begin, end) without U+00AD and U+200B
};

struct BrokenLine {
    std::size_t begin_item = 0;     // the first item drawn on the line
    std::size_t break_item = 0;     // the glue or penalty the line ends at (not drawn)
    double width = 0;               // the measure the line was set to
    double natural_width = 0;       // its content at natural spacing, a trailing hyphen included
    double stretch = 0, shrink = 0; // total stretchability and shrinkability of its spaces
    // The adjustment ratio: 0 natural spacing, 1 every space stretched by its stretch, -1 every
    // space shrunk by its shrink. For ragged lines, the shortfall divided by ragged_stretch. 0
    // for last lines (and lines ending at forced breaks) that are not too long. +inf for a
    // justified line that must stretch and has no space; below -1 (or -inf) when overfull.
    double ratio = 0;
    // The factor the line's words (boxes) are scaled by horizontally: 1, or within the runs'
    // glyph_expansion of it on a justified line, taken before the spaces' ratio.
    double expansion = 1;
    // How far the line's first and last characters hang into the margins (protrusion): its
    // content is set from -protrude_start to width + protrude_end. Justified lines only.
    double protrude_start = 0, protrude_end = 0;
    bool hyphenated = false; // ends at a soft hyphen: draw a hyphen at hyphen_x
    bool flagged = false;    // ends after a hyphen, soft or in the text
    bool forced = false;     // ends at a forced break or the end of the paragraph
    bool overfull = false;   // wider than `width` even with every space shrunk
    double hyphen_x = 0;
    std::size_t hyphen_run = 0;    // the run whose font draws the hyphen ("-")
    std::vector<LinePiece> pieces; // filled by break_paragraph
};

struct LineBreakResult {
    std::vector<BrokenLine> lines;
    // The items the lines refer to (break_paragraph only: built from the runs, long words
    // split); empty from break_items, whose lines refer to the caller's items.
    std::vector<BreakItem> items;
    double demerits = 0; // the total of the chosen breaks
    // 1: within tolerance; 2: within retry_tolerance; 3: with emergency stretch; 4: last
    // resort (overfull lines or too many hyphens in a row possible). 0 for no lines.
    int pass = 0;

    // How many lines end with a hyphen (soft or explicit).
    std::size_t flagged_lines() const;
    // The largest run of consecutive flagged lines.
    std::size_t max_consecutive_flagged() const;
};

// The Knuth–Plass items of a paragraph: an indent box, then boxes, glue and penalties from the
// runs (see ParagraphRun), then fill glue and a forced break. Empty for a paragraph with no
// text. Uses first_line_indent, hyphen_penalty and explicit_hyphen_penalty of `settings`.
std::vector<BreakItem> build_break_items(std::span<const ParagraphRun> runs,
                                         const LineBreakSettings& settings);

// The optimum breaks for `items` (which should end with a forced break; fill glue and one are
// added at indices size() and size() + 1 if not). Lines come without pieces. Always returns
// (see LineBreakSettings::tolerance). Throws Error(usage) for a line width that is not
// positive.
LineBreakResult break_items(std::span<const BreakItem> items, const LineBreakSettings& settings);

// Breaks a paragraph: build_break_items, long words split if needed, break_items, then every
// line's pieces placed. Warnings for long words and overfull lines. Throws Error(usage) for a
// run without a measure function or a line width that is not positive.
LineBreakResult break_paragraph(std::span<const ParagraphRun> runs,
                                const LineBreakSettings& settings, Warnings& warnings);

} // namespace galley
