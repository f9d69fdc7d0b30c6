#include "layout/paragraph.hpp"

#include "layout/protrusion.hpp"

#include "text/unicode_internal.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace galley::detail::layout {

namespace tu = detail::text_unicode;

namespace {

// Justification, as newspaper composers justify narrow columns. The breaker scales each
// line's glyphs first, within the style's galley-glyph-scaling (pdfTeX's font expansion,
// counted in each line's fit); then interword spaces stretch to 1.9 times their width or
// shrink to two thirds; then letter spacing takes what is left within galley-letter-spacing;
// and only a line that cannot be set within those limits (a short first line before a long
// word that will not hyphenate) shrinks past its limit or spreads its spaces further, to 2.4
// times and no more: the rest of it is left empty. Protruding punctuation gives each line its
// margins' room.
constexpr double widest_space = 1.9;
// A line past every limit may spread its spaces this far and no further: the rest of the
// line is left empty (its words start-aligned), as galley never spreads a line beyond it.
constexpr double loosest_space = 2.4;
constexpr double narrowest_space = 2.0 / 3.0;
// Where no breaks keep every line within its limits, a line may shrink 30 % past them (its
// spaces to about half their width) rather than be spread: measured on long.md, lines set
// short fall from 32 to 17.
constexpr double emergency_shrink = 0.3;
// What the breaker counts letter spacing for, per space: about five letters a word.
constexpr double letters_per_space = 5;

// Languages whose scripts are not hyphenated (and have no patterns to look for).
bool unhyphenated_language(std::string_view language) {
    const std::string_view primary = language.substr(0, language.find_first_of("-_"));
    for (std::string_view code : {"ar", "he", "iw", "fa", "ur", "yi", "ps", "zh", "ja", "ko", "th"})
        if (primary == code) return true;
    return false;
}

// `text` without the characters that draw nothing at a line's middle (soft hyphens and
// zero-width spaces).
std::string visible_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const tu::Decoded d = tu::decode(text, at);
        if (d.code_point != tu::soft_hyphen && d.code_point != tu::zero_width_space)
            out.append(text.substr(at, d.length));
        at += d.length;
    }
    return out;
}

std::string collapse_controls(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') c = ' ';
    return out;
}

std::string glib_string(gchar* owned) {
    std::string out = owned ? owned : "";
    g_free(owned);
    return out;
}

bool word_character(gunichar c) {
    return g_unichar_isalnum(c) || c == U'\'' || c == 0x2019 || c == 0xAD || g_unichar_ismark(c);
}

// `text` with text-transform applied: GLib's full Unicode case mappings (ß → SS). Its Turkish
// and Lithuanian rules would follow the process's LC_CTYPE, which galley never sets (it stays
// "C"), so the result does not depend on the machine.
std::string transform_text(std::string_view text, TextTransform transform) {
    switch (transform) {
    case TextTransform::none:
        return std::string(text);
    case TextTransform::uppercase:
        return glib_string(g_utf8_strup(text.data(), static_cast<gssize>(text.size())));
    case TextTransform::lowercase:
        return glib_string(g_utf8_strdown(text.data(), static_cast<gssize>(text.size())));
    case TextTransform::capitalize:
        break;
    }
    std::string out;
    out.reserve(text.size());
    bool word_start = true;
    for (std::size_t at = 0; at < text.size();) {
        const tu::Decoded d = tu::decode(text, at);
        gunichar c = d.code_point;
        if (word_start && g_unichar_isalnum(c)) c = g_unichar_totitle(c);
        word_start = !word_character(d.code_point);
        tu::append_utf8(out, c);
        at += d.length;
    }
    return out;
}

guint16 color_channel(std::uint8_t value) {
    return static_cast<guint16>(value * 257);
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && text[start] == ' ') ++start;
    return text.substr(start);
}

// The Pango text of a line (U+2028 line separators and trailing spaces dropped).
std::string line_text(std::string_view text) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        const tu::Decoded d = tu::decode(text, at);
        if (d.code_point != 0x2028 && d.code_point != tu::soft_hyphen)
            out.append(text.substr(at, d.length));
        at += d.length;
    }
    return trimmed(std::move(out));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Script

ScriptKind script_kind(std::string_view text) {
    std::size_t letters = 0, cjk = 0;
    bool strong_seen = false, right_to_left = false;
    for (std::size_t at = 0; at < text.size();) {
        const tu::Decoded d = tu::decode(text, at);
        at += d.length;
        const char32_t c = d.code_point;
        if (!g_unichar_isalpha(c)) continue;
        ++letters;
        const bool rtl = (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
                         (c >= 0xFE70 && c <= 0xFEFF);
        if (!strong_seen) {
            strong_seen = true;
            right_to_left = rtl;
        }
        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
            (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
            (c >= 0x20000 && c <= 0x3134F))
            ++cjk;
    }
    if (right_to_left) return ScriptKind::right_to_left;
    if (cjk > 0 && cjk * 4 >= letters) return ScriptKind::cjk;
    return ScriptKind::latin;
}

// ---------------------------------------------------------------------------------------------
// Typesetting

Typesetting::Typesetting(ThreadShaper& shaper, const FontResolver& fonts, std::string language,
                         Medium medium, Warnings& warnings)
    : shaper_(shaper), fonts_(fonts), language_(std::move(language)), medium_(medium),
      warnings_(warnings) {}

void Typesetting::warn(const std::string& message) {
    if (warned_.insert(message).second) warnings_.push_back({"", {}, message});
}

void Typesetting::add_warnings(const Warnings& warnings) {
    for (const Warning& warning : warnings)
        if (warned_.insert(warning.to_string()).second) warnings_.push_back(warning);
}

const std::string& Typesetting::pango_families(const ComputedStyle& style) {
    std::string key;
    for (const std::string& family : style.font_family) key += family + ',';
    key += '|' + std::to_string(style.font_weight);
    key += style.font_style == FontStyle::normal ? "n" : "i";
    auto found = families_.find(key);
    // libharu embeds TrueType outlines only: the pdf medium's stacks keep to them.
    const bool truetype_only = medium_ == Medium::pdf;
    if (found != families_.end()) return found->second;
    Warnings warnings;
    const FontStack& stack = fonts_.stack(font_request(style, language_, truetype_only), warnings);
    add_warnings(warnings);
    std::vector<std::string> names;
    for (const Font* font : stack.fonts())
        if (std::find(names.begin(), names.end(), font->family) == names.end())
            names.push_back(font->family);
    std::string families;
    for (const std::string& name : names) {
        if (!families.empty()) families += ',';
        families += name;
    }
    return families_.emplace(std::move(key), std::move(families)).first->second;
}

ShapingFont& Typesetting::font(const ComputedStyle& style, bool tabular_figures) {
    FontSpec spec;
    spec.families = pango_families(style);
    spec.weight = style.font_weight;
    spec.italic = style.font_style != FontStyle::normal;
    spec.size = std::max(style.font_size, 0.1);
    spec.small_caps = style.small_caps;
    spec.tabular_figures = tabular_figures;
    spec.letter_spacing = style.letter_spacing;
    spec.language = language_;
    return shaper_.font(spec);
}

bool Typesetting::lacks_hyphenation_patterns() {
    if (!hyphenator_loaded_) {
        hyphenator_loaded_ = true;
        if (!unhyphenated_language(language_)) {
            Warnings warnings;
            hyphenator_ = Hyphenator::for_language(language_, warnings);
            add_warnings(warnings);
        }
    }
    return !unhyphenated_language(language_) && !(hyphenator_ && hyphenator_->has_patterns());
}

void Typesetting::note_ragged_for_want_of_patterns() {
    if (ragged_noted_) return;
    ragged_noted_ = true;
    add_warnings(
        {{"",
          {},
          "justified text is set ragged: there are no hyphenation patterns for \"" + language_ +
              "\" (galley-unhyphenated: justify in the style keeps it justified)"}});
}

void Typesetting::note_short_line(std::string_view text) {
    if (short_lines_++ == 0) {
        first_short_line_ = std::string(text);
        short_line_warning_ = warnings_.size();
        warnings_.push_back({});
    }
    const std::string count =
        short_lines_ == 1 ? "a line" : std::to_string(short_lines_) + " lines, the first";
    char limit[16];
    const auto written =
        std::to_chars(limit, limit + sizeof limit, loosest_space, std::chars_format::fixed, 1);
    warnings_[short_line_warning_].message =
        count + " \"" + first_short_line_ +
        "\", could not be justified within the limits (spaces at most " +
        std::string(limit, written.ptr) +
        " times their width): set short rather than spread; a word moved or hyphenated by hand "
        "fixes it";
}

std::string Typesetting::hyphenate(std::string_view text, const ComputedStyle& style) {
    lacks_hyphenation_patterns(); // loads them
    if (hyphenator_) {
        HyphenationSettings settings;
        settings.mode = style.hyphens;
        settings.limits = style.hyphenate_limit_chars;
        return hyphenator_->hyphenate(text, settings);
    }
    if (style.hyphens == Hyphens::none) return remove_soft_hyphens(text);
    return std::string(text);
}

int Typesetting::link(const std::string& url) {
    auto found = std::find(links_.begin(), links_.end(), url);
    if (found != links_.end()) return static_cast<int>(found - links_.begin());
    links_.push_back(url);
    return static_cast<int>(links_.size() - 1);
}

ParagraphFormat paragraph_format(Typesetting& typesetting, const ComputedStyle& style,
                                 double width) {
    ParagraphFormat format;
    format.width = width;
    format.line_height = style.line_height > 0 ? style.line_height : style.font_size * 1.2;
    format.align = style.text_align;
    format.align_last = style.text_align_last;
    // Justified text that should hyphenate, in a language with no patterns, is set ragged
    // unless the style says galley-unhyphenated: justify.
    if (format.align == TextAlign::justify && style.hyphens == Hyphens::automatic &&
        style.unhyphenated == Unhyphenated::ragged && typesetting.lacks_hyphenation_patterns()) {
        format.align = style.direction == Direction::rtl ? TextAlign::right : TextAlign::left;
        if (!format.align_last) format.align_last = format.align;
        typesetting.note_ragged_for_want_of_patterns();
    }
    format.indent = style.text_indent;
    format.strut = &typesetting.font(style);
    format.glyph_scaling_min = style.glyph_scaling_min;
    format.glyph_scaling_max = style.glyph_scaling_max;
    format.letter_spacing_min = style.justify_letter_min;
    format.letter_spacing_max = style.justify_letter_max;
    return format;
}

// ---------------------------------------------------------------------------------------------
// Collecting runs

void InlineText::add(std::string_view raw, const ComputedStyle& style, int link, double rise,
                     bool preformatted) {
    if (raw.empty() || style.display == Display::none) return;
    std::string text = transform_text(preformatted ? std::string(raw) : collapse_controls(raw),
                                      style.text_transform);
    if (!preformatted) text = typesetting_.hyphenate(text, style);
    RunStyle run_style;
    run_style.font = &typesetting_.font(style, tabular_figures_);
    run_style.color = style.color;
    run_style.underline = style.underline;
    run_style.line_through = style.line_through;
    run_style.rise = rise;
    run_style.word_spacing = style.word_spacing;
    run_style.link = link;
    runs_.push_back({std::move(text), run_style});
}

void InlineText::add_line_break(const ComputedStyle& style) {
    RunStyle run_style;
    run_style.font = &typesetting_.font(style, tabular_figures_);
    run_style.color = style.color;
    runs_.push_back({"\n", run_style});
}

bool InlineText::empty() const {
    for (const Run& run : runs_)
        for (char c : run.text)
            if (c != ' ' && c != '\n') return false;
    return true;
}

std::string InlineText::plain_text() const {
    std::string text;
    for (const Run& run : runs_) text += run.text == "\n" ? " " : visible_text(run.text);
    return text;
}

double InlineText::natural_width() const {
    double width = 0;
    for (const Run& run : runs_)
        if (run.text != "\n") width += run.style.font->measure(visible_text(run.text));
    return width;
}

double InlineText::widest_word() const {
    double widest = 0;
    for (const Run& run : runs_) {
        const std::string text = visible_text(run.text);
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find_first_of(" \n", start);
            if (end == std::string::npos) end = text.size();
            if (end > start)
                widest = std::max(widest, run.style.font->measure(
                                              std::string_view(text).substr(start, end - start)));
            start = end + 1;
        }
    }
    return widest;
}

// ---------------------------------------------------------------------------------------------
// Setting

std::vector<TextLine> InlineText::set(const ParagraphFormat& format) const {
    if (runs_.empty()) return {};
    if (format.preformatted) return set_with_pango(format, false);
    std::string text;
    for (const Run& run : runs_) text += run.text;
    switch (script_kind(text)) {
    case ScriptKind::right_to_left:
        return set_with_pango(format, false);
    case ScriptKind::cjk:
        return set_with_pango(format, true);
    case ScriptKind::latin:
        break;
    }
    return set_with_breaker(format);
}

void InlineText::decorate(Drawing& drawing, const RunStyle& style, double x, double width,
                          double baseline) const {
    const VerticalMetrics& m = style.font->metrics();
    if (style.underline)
        drawing.add(
            RectDraw{x, baseline - style.rise + m.underline_position - m.underline_thickness / 2,
                     width, m.underline_thickness, style.color});
    if (style.line_through)
        drawing.add(RectDraw{
            x, baseline - style.rise - m.strikethrough_position - m.strikethrough_thickness / 2,
            width, m.strikethrough_thickness, style.color});
}

namespace {

double strut_baseline(const ParagraphFormat& format) {
    const VerticalMetrics& m = format.strut->metrics();
    return (format.line_height - (m.ascent + m.descent)) / 2 + m.ascent;
}

} // namespace

namespace {

int cluster_count(const ShapedText& text) {
    int count = 0;
    for (const GlyphRun& run : text.runs)
        for (int g = 0; g < run.glyphs->num_glyphs; ++g)
            if (run.glyphs->glyphs[g].attr.is_cluster_start) ++count;
    return count;
}

} // namespace

std::vector<TextLine> InlineText::set_with_breaker(const ParagraphFormat& format) const {
    const bool justified = format.align == TextAlign::justify;
    std::vector<ParagraphRun> runs;
    runs.reserve(runs_.size());
    for (const Run& run : runs_) {
        ParagraphRun paragraph_run;
        paragraph_run.text = run.text;
        ShapingFont* font = run.style.font;
        paragraph_run.measure = [font](std::string_view text) { return font->measure(text); };
        const double space = font->space_width() + run.style.word_spacing;
        paragraph_run.space_width = space;
        paragraph_run.hyphen_width = font->hyphen_width();
        if (justified) {
            // A ratio of 1 is spaces at their widest and letters at their widest, after the
            // glyphs' share; -1 both at their narrowest.
            const double em = font->spec().size;
            paragraph_run.space_stretch =
                (widest_space - 1) * space + letters_per_space * format.letter_spacing_max * em;
            paragraph_run.space_shrink =
                (1 - narrowest_space) * space - letters_per_space * format.letter_spacing_min * em;
            paragraph_run.glyph_expansion = format.glyph_scaling_max - 1;
            paragraph_run.glyph_compression = 1 - format.glyph_scaling_min;
            const auto table = protrusion_table(font->spec().families);
            if (!table.empty())
                paragraph_run.protrusion = [font, table](char32_t character, bool at_end) {
                    return protrusion(*font, table, character, at_end);
                };
        }
        runs.push_back(std::move(paragraph_run));
    }
    LineBreakSettings settings;
    settings.line_width = std::max(format.width, 1.0);
    settings.alignment = format.align;
    settings.last_line_alignment = format.align_last;
    settings.first_line_indent = format.indent;
    settings.looseness = format.looseness;
    // First, every line within its limits: glyphs scaled, spaces at most twice their width,
    // letters at their widest. Where a paragraph cannot be (a long word that will not
    // hyphenate), the optimum over all its lines with no limit, never emergency stretch:
    // TeX's third pass spreads the loss over every line by counting stretch the spaces then
    // really take (lines four times their spaces wide, measured).
    settings.tolerance = 1;
    settings.retry_tolerance = 100;
    settings.emergency_stretch = 0;
    settings.emergency_shrink = emergency_shrink;
    Warnings warnings;
    const LineBreakResult result = break_paragraph(runs, settings, warnings);
    typesetting_.add_warnings(warnings);

    const double baseline = strut_baseline(format);
    const TextAlign last_alignment =
        format.align_last.value_or(justified ? TextAlign::left : format.align);
    std::vector<TextLine> lines;
    lines.reserve(result.lines.size());
    for (const BrokenLine& broken : result.lines) {
        TextLine line;
        line.height = format.line_height;
        line.baseline = baseline;
        LineFacts& facts = line.facts;
        const TextAlign alignment = broken.forced ? last_alignment : format.align;

        // The line's words (pieces: boxes of one run with no space between) and spaces.
        struct Piece {
            std::size_t run = 0;
            std::size_t begin = 0, end = 0;
            double natural = 0; // the boxes' widths, as the breaker measured them
            double x = 0;
            bool space_before = false;
            double indent_before = 0;
            double space_width = 0; // of the space before it
        };
        std::vector<Piece> pieces;
        double spaces = 0, pending_space = 0, pending_indent = 0;
        bool open = false;
        for (std::size_t i = broken.begin_item; i < broken.break_item; ++i) {
            const BreakItem& item = result.items[i];
            if (item.kind == BreakItem::Kind::penalty) continue;
            if (item.kind == BreakItem::Kind::glue) {
                if (item.fill) continue;
                open = false;
                pending_space += item.width;
                spaces += item.width;
                if (facts.text.empty() || facts.text.back() != ' ') facts.text += ' ';
                continue;
            }
            if (item.run == BreakItem::no_run) { // the first line's indent
                open = false;
                pending_indent += item.width;
                continue;
            }
            facts.text +=
                visible_text(runs_[item.run].text.substr(item.begin, item.end - item.begin));
            if (open && pieces.back().run == item.run && pieces.back().end <= item.begin) {
                pieces.back().end = item.end;
                pieces.back().natural += item.width;
                continue;
            }
            Piece piece;
            piece.run = item.run;
            piece.begin = item.begin;
            piece.end = item.end;
            piece.natural = item.width;
            piece.space_width = pending_space;
            piece.indent_before = pending_indent;
            pieces.push_back(piece);
            pending_space = pending_indent = 0;
            open = true;
        }
        facts.text = trimmed(std::move(facts.text));
        if (broken.hyphenated) facts.text += '-';

        std::vector<const ShapedText*> shaped(pieces.size());
        for (std::size_t p = 0; p < pieces.size(); ++p) {
            const Run& run = runs_[pieces[p].run];
            shaped[p] = &run.style.font->shape(visible_text(std::string_view(run.text).substr(
                pieces[p].begin, pieces[p].end - pieces[p].begin)));
        }
        const ShapedText* hyphen =
            broken.hyphenated ? &runs_[broken.hyphen_run].style.font->shape("-") : nullptr;

        // How the spaces, glyphs and letters are set: the glyphs first, as the breaker scaled
        // them; then the spaces within their limits, the letters within theirs, and the
        // spaces take what is left. The line's room includes what its ends protrude.
        double space_scale = 1, letter_spacing = 0;
        const double expansion = broken.expansion; // 1 unless justified
        double glyphs = hyphen ? hyphen->width : 0;
        for (const Piece& piece : pieces) glyphs += piece.natural;
        const double room = broken.width + broken.protrude_start + broken.protrude_end;
        const double shortfall = room - broken.natural_width - (expansion - 1) * glyphs;
        if (alignment == TextAlign::justify && shortfall != 0) {
            // Letter spacing follows every cluster of a word (the hyphen's none), so a word gap
            // is its space plus one letter space: spaces give that back to keep their width.
            int clusters = 0, gaps = 0;
            for (std::size_t p = 0; p < pieces.size(); ++p) {
                clusters += cluster_count(*shaped[p]);
                if (pieces[p].space_width > 0) ++gaps;
            }
            const double em = format.strut->spec().size;
            const bool stretching = shortfall > 0;
            double word_extra = stretching ? std::min(shortfall, spaces * (widest_space - 1))
                                           : std::max(shortfall, -spaces * (1 - narrowest_space));
            const double rest = shortfall - word_extra;
            if (rest != 0 && clusters > gaps) {
                const double limit =
                    (stretching ? format.letter_spacing_max : format.letter_spacing_min) * em;
                const double wanted = rest / (clusters - gaps);
                letter_spacing = stretching ? std::min(wanted, limit) : std::max(wanted, limit);
                word_extra -= gaps * letter_spacing;
                word_extra += rest - (clusters - gaps) * letter_spacing;
            } else {
                word_extra += rest;
            }
            if (spaces > 0) space_scale = 1 + word_extra / spaces;
            // A word gap is its space and a letter space: at most loosest_space spaces wide.
            const double loosest =
                spaces > 0 ? loosest_space - gaps * letter_spacing / spaces : loosest_space;
            if (space_scale > loosest) {
                space_scale = loosest;
                facts.short_line = true;
            }
        } else if (justified && shortfall < 0) {
            if (spaces > 0) space_scale = 1 + shortfall / spaces;
        }

        if (alignment == TextAlign::justify || space_scale != 1) {
            double x = -broken.protrude_start;
            for (std::size_t p = 0; p < pieces.size(); ++p) {
                x += pieces[p].indent_before + pieces[p].space_width * space_scale;
                pieces[p].x = x;
                x += pieces[p].natural * expansion + letter_spacing * cluster_count(*shaped[p]);
            }
            for (std::size_t p = 0; p < pieces.size(); ++p) {
                const Run& run = runs_[pieces[p].run];
                line.drawing.add(GlyphDraw{shaped[p], pieces[p].x, baseline - run.style.rise,
                                           run.style.color, run.style.link, letter_spacing,
                                           expansion});
                decorate(line.drawing, run.style, pieces[p].x,
                         shaped[p]->width * expansion + letter_spacing * cluster_count(*shaped[p]),
                         baseline);
            }
            if (hyphen) {
                const Run& run = runs_[broken.hyphen_run];
                line.drawing.add(GlyphDraw{hyphen, x, baseline - run.style.rise, run.style.color,
                                           run.style.link, 0, expansion});
            }
        } else {
            // Ragged and last lines: where the breaker put the words (alignment included).
            for (const LinePiece& piece : broken.pieces) {
                if (piece.text.empty()) continue;
                const Run& run = runs_[piece.run];
                const ShapedText& text = run.style.font->shape(piece.text);
                line.drawing.add(GlyphDraw{&text, piece.x, baseline - run.style.rise,
                                           run.style.color, run.style.link, 0, 1});
                decorate(line.drawing, run.style, piece.x, text.width, baseline);
            }
            if (hyphen) {
                const Run& run = runs_[broken.hyphen_run];
                line.drawing.add(GlyphDraw{hyphen, broken.hyphen_x, baseline - run.style.rise,
                                           run.style.color, run.style.link, 0, 1});
            }
        }

        facts.width = broken.width;
        facts.natural = broken.natural_width;
        facts.ratio = std::isfinite(broken.ratio) ? broken.ratio : 0;
        facts.space_factor = space_scale;
        facts.letter_spacing = letter_spacing;
        facts.expansion = expansion;
        facts.justified = alignment == TextAlign::justify;
        if (facts.short_line) typesetting_.note_short_line(facts.text);
        facts.last = broken.forced;
        facts.hyphenated = broken.flagged;
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<TextLine> InlineText::set_with_pango(const ParagraphFormat& format, bool cjk) const {
    // Letter spacing would pull apart the joined letters of Arabic script: not applied there.
    bool arabic = false;
    for (const Run& run : runs_)
        for (std::size_t at = 0; at < run.text.size() && !arabic;) {
            const tu::Decoded d = tu::decode(run.text, at);
            at += d.length;
            arabic = (d.code_point >= 0x0600 && d.code_point <= 0x08FF) ||
                     (d.code_point >= 0xFB50 && d.code_point <= 0xFDFF) ||
                     (d.code_point >= 0xFE70 && d.code_point <= 0xFEFF);
        }
    std::string text;
    AttrListPtr attributes(pango_attr_list_new());
    for (const Run& run : runs_) {
        const auto begin = static_cast<unsigned>(text.size());
        text += run.text == "\n" && !format.preformatted ? "\u2028" : run.text;
        const auto end = static_cast<unsigned>(text.size());
        const auto insert = [&](PangoAttribute* attribute) {
            attribute->start_index = begin;
            attribute->end_index = end;
            pango_attr_list_insert(attributes.get(), attribute);
        };
        const RunStyle& style = run.style;
        insert(pango_attr_font_desc_new(style.font->description()));
        style.font->add_layout_attributes(attributes.get(), begin, end);
        if (style.font->spec().letter_spacing != 0 && !arabic)
            insert(pango_attr_letter_spacing_new(to_pango(style.font->spec().letter_spacing)));
        insert(pango_attr_foreground_new(color_channel(style.color.r), color_channel(style.color.g),
                                         color_channel(style.color.b)));
        if (style.color.a != 255)
            insert(pango_attr_foreground_alpha_new(color_channel(style.color.a)));
        if (style.underline) insert(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
        if (style.line_through) insert(pango_attr_strikethrough_new(TRUE));
        if (style.rise != 0) insert(pango_attr_rise_new(to_pango(style.rise)));
    }

    PangoLayout* raw = pango_layout_new(typesetting_.shaper().context());
    SharedLayout layout = share_layout(raw);
    pango_layout_set_text(raw, text.data(), static_cast<int>(text.size()));
    pango_layout_set_attributes(raw, attributes.get());
    pango_layout_set_font_description(raw, format.strut->description());
    pango_layout_set_width(raw, to_pango(std::max(format.width, 1.0)));
    pango_layout_set_wrap(raw, cjk || format.preformatted ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
    pango_layout_set_indent(raw, to_pango(format.indent));
    pango_layout_set_auto_dir(raw, TRUE);
    // With auto_dir, Pango's LEFT means the start side: right for right-to-left paragraphs.
    // The style's alignment is physical (the cascade has turned start and end into sides), so
    // it is mirrored for a paragraph Pango sets right to left; justified text keeps its last
    // line at the start.
    const bool backward = script_kind(text) == ScriptKind::right_to_left; // its first strong letter
    switch (format.align) {
    case TextAlign::justify:
        pango_layout_set_alignment(raw, PANGO_ALIGN_LEFT);
        break;
    case TextAlign::left:
        pango_layout_set_alignment(raw, backward ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        break;
    case TextAlign::right:
        pango_layout_set_alignment(raw, backward ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
        break;
    case TextAlign::center:
        pango_layout_set_alignment(raw, PANGO_ALIGN_CENTER);
        break;
    }
    const bool justify = format.align == TextAlign::justify && !format.preformatted;
    pango_layout_set_justify(raw, justify);
    pango_layout_set_justify_last_line(raw, justify && format.align_last == TextAlign::justify);

    const double baseline = strut_baseline(format);
    const int count = pango_layout_get_line_count(raw);
    std::vector<TextLine> lines;
    lines.reserve(static_cast<std::size_t>(count));
    PangoLayoutIter* iter = pango_layout_get_iter(raw);
    int index = 0;
    do {
        PangoLayoutLine* layout_line = pango_layout_iter_get_line_readonly(iter);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, nullptr, &logical);
        TextLine line;
        line.height = format.line_height;
        line.baseline = baseline;
        line.drawing.add(LayoutLineDraw{layout, index, from_pango(logical.x), baseline});
        const std::string_view line_bytes =
            std::string_view(text).substr(static_cast<std::size_t>(layout_line->start_index),
                                          static_cast<std::size_t>(layout_line->length));
        LineFacts& facts = line.facts;
        facts.text = line_text(line_bytes);
        facts.width = format.width;
        facts.natural = from_pango(logical.width);
        facts.pango = true;
        const std::size_t next =
            static_cast<std::size_t>(layout_line->start_index + layout_line->length);
        facts.last =
            index + 1 == count || next >= text.size() ||
            (line_bytes.size() >= 3 && line_bytes.substr(line_bytes.size() - 3) == "\u2028");
        facts.justified = justify && !facts.last;
        facts.hyphenated = line_bytes.ends_with("\u00AD") || line_bytes.ends_with("-");
        if (line_bytes.ends_with("\u00AD")) facts.text += '-';
        lines.push_back(std::move(line));
        ++index;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    return lines;
}

} // namespace galley::detail::layout
