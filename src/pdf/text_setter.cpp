#include "pdf/text_setter.hpp"

#include "pdf/font_metrics.hpp"
#include "text/unicode_internal.hpp"

#include <algorithm>
#include <array>

namespace galley::detail::pdf {

namespace tu = text_unicode;

namespace {

// `text` without the characters that draw nothing (soft hyphens, zero-width spaces, joiners).
std::string visible_text(std::string_view text) {
    bool clean = true;
    for (unsigned char byte : text)
        if (byte >= 0xC2) {
            clean = false;
            break;
        }
    if (clean) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const tu::Decoded d = tu::decode(text, i);
        if (!is_invisible_format(d.code_point)) out.append(text.substr(i, d.length));
        i += d.length;
    }
    return out;
}

// Line feeds, tabs and carriage returns are spaces in running text (the breaker would read a
// line feed as a forced break).
std::string collapse_controls(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') c = ' ';
    return out;
}

// Chinese and Japanese are written without spaces: a line may break between any two
// ideographs or kana, except before closing punctuation and after opening brackets
// (a small part of UAX #14 and of kinsoku shori). The breaker takes U+200B as such a break.
bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x30FF) ||
           (c >= 0x3100 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

bool no_break_before(char32_t c) {
    static constexpr std::u32string_view closing =
        U"、。，．：；？！）」』】〕〉》〙〗〟ー…‥・ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャ"
        U"ュョヮヵヶ"
        U"）］｝，．：；？！｡､ﾞﾟ)]}.,:;?!%\u2019\u201D";
    return closing.find(c) != std::u32string_view::npos;
}

bool no_break_after(char32_t c) {
    static constexpr std::u32string_view opening = U"（「『【〔〈《〘〖〝［｛＜(\u2018\u201C[{";
    return opening.find(c) != std::u32string_view::npos;
}

std::string with_cjk_break_points(std::string text) {
    bool any = false;
    for (std::size_t i = 0; i < text.size() && !any;) {
        const tu::Decoded d = tu::decode(text, i);
        any = is_cjk(d.code_point);
        i += d.length;
    }
    if (!any) return text;
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    char32_t previous = 0;
    for (std::size_t i = 0; i < text.size();) {
        const tu::Decoded d = tu::decode(text, i);
        const char32_t c = d.code_point;
        if (previous != 0 && (is_cjk(previous) || is_cjk(c)) && previous != U' ' && c != U' ' &&
            previous != 0x200B && c != 0x200B && !tu::is_combining(c) && !no_break_before(c) &&
            !no_break_after(previous))
            tu::append_utf8(out, 0x200B);
        out.append(text, i, d.length);
        previous = c;
        i += d.length;
    }
    return out;
}

} // namespace

std::string transform_text(std::string_view text, TextTransform transform) {
    if (transform == TextTransform::none) return std::string(text);
    std::string out;
    out.reserve(text.size());
    bool word_start = true;
    for (std::size_t i = 0; i < text.size();) {
        const tu::Decoded d = tu::decode(text, i);
        char32_t c = d.code_point;
        const bool letter = tu::is_letter(c) || (c >= U'0' && c <= U'9');
        switch (transform) {
        case TextTransform::uppercase:
            c = to_upper_case(c);
            break;
        case TextTransform::lowercase:
            c = tu::to_lower(c);
            break;
        case TextTransform::capitalize:
            if (word_start && letter) c = to_upper_case(c);
            break;
        case TextTransform::none:
            break;
        }
        // Apostrophes and soft hyphens stay inside a word.
        if (!(c == U'\'' || c == 0x2019 || c == 0xAD || tu::is_combining(c))) word_start = !letter;
        tu::append_utf8(out, c);
        i += d.length;
    }
    return out;
}

const FontStack& font_stack(const TextContext& context, const ComputedStyle& style) {
    std::string key;
    if (context.stacks != nullptr) {
        for (const std::string& family : style.font_family) {
            key += family;
            key += '\n';
        }
        key += std::to_string(style.font_weight);
        key += style.font_style == FontStyle::normal ? 'n' : 'i';
        if (auto found = context.stacks->find(key); found != context.stacks->end())
            return *found->second;
    }
    const FontRequest request = font_request(style, context.language, true);
    const FontStack& stack = context.fonts->stack(request, *context.warnings);
    if (context.stacks != nullptr) context.stacks->emplace(std::move(key), &stack);
    return stack;
}

ParagraphFormat paragraph_format(const TextContext& context, const ComputedStyle& style,
                                 double width) {
    ParagraphFormat format;
    format.width = width;
    format.line_height = style.line_height;
    format.align = style.text_align;
    format.align_last = style.text_align_last;
    format.first_line_indent = style.text_indent;
    format.strut_font = &font_stack(context, style).primary();
    format.strut_size = style.font_size;
    return format;
}

void InlineText::add(std::string_view raw, const ComputedStyle& style, const std::string& link,
                     double baseline_shift) {
    if (raw.empty() || style.display == Display::none) return;
    std::string text = transform_text(collapse_controls(raw), style.text_transform);
    if (context_.hyphenator) {
        HyphenationSettings settings;
        settings.mode = style.hyphens;
        settings.limits = style.hyphenate_limit_chars;
        text = context_.hyphenator->hyphenate(text, settings);
    } else if (style.hyphens == Hyphens::none) {
        text = remove_soft_hyphens(text);
    }
    plain_ += remove_soft_hyphens(text);
    text = with_cjk_break_points(std::move(text));
    if (context_.characters != nullptr)
        for (std::size_t i = 0; i < text.size();) {
            const tu::Decoded d = tu::decode(text, i);
            if (d.code_point >= 0x80) context_.characters->insert(d.code_point);
            i += d.length;
        }

    RunStyle base;
    base.size = style.font_size;
    base.letter_spacing = style.letter_spacing;
    base.word_spacing = style.word_spacing;
    base.baseline_shift = baseline_shift;
    base.color = style.color;
    base.underline = style.underline;
    base.line_through = style.line_through;
    if (!link.empty()) {
        if (links_.empty() || links_.back() != link) links_.push_back(link);
        base.link = links_.size();
    }

    const FontStack& stack = font_stack(context_, style);
    for (const TextRun& run : stack.split(text, *context_.warnings)) {
        RunStyle run_style = base;
        run_style.font = run.font;
        run_style.metrics = &FontMetrics::of(*run.font);
        const std::string_view piece =
            std::string_view(text).substr(run.begin, run.end - run.begin);
        if (!style.small_caps) {
            add_run(std::string(piece), run_style);
            continue;
        }
        add_small_caps(piece, run_style);
    }
}

// Small capitals come from a variant of the font whose cmap maps the lower-case letters to
// small capitals (the font's own, or synthesized ones): the text keeps its letters and its
// size, so that extraction sees whole words. A piece without lower-case letters needs no
// variant.
void InlineText::add_small_caps(std::string_view piece, const RunStyle& style) {
    bool lower = false;
    for (std::size_t i = 0; i < piece.size() && !lower;) {
        const tu::Decoded d = tu::decode(piece, i);
        lower = is_lower_case(d.code_point) && style.metrics->small_cap(d.code_point).has_value();
        i += d.length;
    }
    RunStyle small_caps = style;
    small_caps.small_caps = lower;
    add_run(std::string(piece), small_caps);
}

void InlineText::add_line_break(const ComputedStyle& style) {
    RunStyle run_style;
    run_style.font = &font_stack(context_, style).primary();
    run_style.metrics = &FontMetrics::of(*run_style.font);
    run_style.size = style.font_size;
    plain_ += ' ';
    add_run("\n", run_style);
}

void InlineText::add_run(std::string text, const RunStyle& style) {
    if (text.empty()) return;
    styles_.push_back(style);
    texts_.push_back(std::move(text));
    runs_.push_back({texts_.size() - 1, styles_.size() - 1});
}

double InlineText::measure(const RunStyle& style, std::string_view text) const {
    const std::int64_t units =
        style.small_caps ? style.metrics->small_caps_advance(text) : style.metrics->advance(text);
    double width = static_cast<double>(units) * style.size / 1000.0;
    if (style.letter_spacing != 0)
        width += style.letter_spacing * FontMetrics::spaced_characters(text);
    return width;
}

std::vector<SetLine> InlineText::set(const ParagraphFormat& format) const {
    std::vector<SetLine> lines;
    if (runs_.empty()) return lines;

    std::vector<ParagraphRun> runs;
    runs.reserve(runs_.size());
    for (const Run& run : runs_) {
        const RunStyle* style = &styles_[run.style];
        ParagraphRun paragraph_run;
        paragraph_run.text = texts_[run.text];
        paragraph_run.measure = [this, style](std::string_view text) {
            return measure(*style, text);
        };
        paragraph_run.space_width = measure(*style, " ") + style->word_spacing;
        paragraph_run.hyphen_width = measure(*style, "-");
        runs.push_back(std::move(paragraph_run));
    }

    LineBreakSettings settings;
    settings.line_width = std::max(format.width, 1.0);
    settings.alignment = format.align;
    settings.last_line_alignment = format.align_last;
    settings.first_line_indent = format.first_line_indent;
    const LineBreakResult result = break_paragraph(runs, settings, *context_.warnings);

    double ascent = 0.8 * format.strut_size, descent = 0.2 * format.strut_size;
    if (format.strut_font != nullptr) {
        const FontMetrics& strut = FontMetrics::of(*format.strut_font);
        ascent = strut.ascender() * format.strut_size;
        descent = strut.descender() * format.strut_size;
    }
    const double baseline = (format.line_height - (ascent + descent)) / 2 + ascent;

    lines.reserve(result.lines.size());
    for (const BrokenLine& line : result.lines) {
        SetLine set_line;
        set_line.height = format.line_height;
        set_line.baseline = baseline;
        Graphics& graphics = set_line.graphics;

        // Words, and the stretches of underlined, struck or linked text across them.
        struct Span {
            double x0 = 0, x1 = 0;
            const RunStyle* style = nullptr;
        };
        Span span;
        const auto decorated = [](const RunStyle* style) {
            return style != nullptr &&
                   (style->underline || style->line_through || style->link != 0);
        };
        const auto same_decoration = [](const RunStyle* a, const RunStyle* b) {
            return a != nullptr && b != nullptr && a->link == b->link &&
                   a->underline == b->underline && a->line_through == b->line_through &&
                   a->color == b->color;
        };
        const auto flush = [&] {
            if (!decorated(span.style)) return;
            const RunStyle& style = *span.style;
            const double thickness = std::max(0.4, style.size * 0.055);
            if (style.underline)
                graphics.lines.push_back({span.x0, baseline + style.size * 0.13, span.x1,
                                          baseline + style.size * 0.13, thickness, style.color});
            if (style.line_through)
                graphics.lines.push_back({span.x0, baseline - style.size * 0.3, span.x1,
                                          baseline - style.size * 0.3, thickness, style.color});
            if (style.link != 0)
                graphics.links.push_back(
                    {span.x0, 0, span.x1 - span.x0, format.line_height, links_[style.link - 1]});
        };
        for (const LinePiece& piece : line.pieces) {
            const RunStyle& style = styles_[runs_[piece.run].style];
            std::string text = visible_text(piece.text);
            if (text.empty() || text == "\n") continue;
            DrawText draw;
            draw.font = style.font;
            draw.small_caps = style.small_caps;
            draw.size = style.size;
            draw.color = style.color;
            draw.letter_spacing = style.letter_spacing;
            draw.x = piece.x;
            draw.y = baseline - style.baseline_shift;
            draw.text = std::move(text);
            graphics.texts.push_back(std::move(draw));
            if (same_decoration(span.style, &style)) {
                span.x1 = piece.x + piece.width;
            } else {
                flush();
                span = {piece.x, piece.x + piece.width, &style};
            }
        }
        flush();
        if (line.hyphenated) {
            const RunStyle& style = styles_[runs_[line.hyphen_run].style];
            DrawText hyphen;
            hyphen.font = style.font;
            hyphen.small_caps = style.small_caps;
            hyphen.size = style.size;
            hyphen.color = style.color;
            hyphen.letter_spacing = style.letter_spacing;
            hyphen.x = line.hyphen_x;
            hyphen.y = baseline - style.baseline_shift;
            hyphen.text = "-";
            graphics.texts.push_back(std::move(hyphen));
        }
        lines.push_back(std::move(set_line));
    }
    return lines;
}

InlineText::SingleLine InlineText::single_line() const {
    SingleLine line;
    double x = 0;
    for (const Run& run : runs_) {
        const RunStyle& style = styles_[run.style];
        const std::string& text = texts_[run.text];
        std::string visible = visible_text(text);
        const double width = measure(style, visible);
        if (!visible.empty() && visible != "\n") {
            DrawText draw;
            draw.font = style.font;
            draw.small_caps = style.small_caps;
            draw.size = style.size;
            draw.color = style.color;
            draw.letter_spacing = style.letter_spacing;
            draw.x = x;
            draw.y = -style.baseline_shift;
            draw.text = std::move(visible);
            line.graphics.texts.push_back(std::move(draw));
        }
        x += width;
    }
    line.width = x;
    return line;
}

double InlineText::natural_width() const {
    double width = 0;
    for (const Run& run : runs_)
        width += measure(styles_[run.style], visible_text(texts_[run.text]));
    return width;
}

double InlineText::widest_word() const {
    double widest = 0;
    double current = 0;
    for (const Run& run : runs_) {
        const RunStyle& style = styles_[run.style];
        const std::string& text = texts_[run.text];
        std::size_t start = 0;
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
                current +=
                    measure(style, visible_text(std::string_view(text).substr(start, i - start)));
                if (i < text.size()) {
                    widest = std::max(widest, current);
                    current = 0;
                }
                start = i + 1;
            }
        }
    }
    return std::max(widest, current);
}

} // namespace galley::detail::pdf
