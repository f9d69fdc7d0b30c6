// Knuth–Plass total-fit line breaking (Knuth & Plass, "Breaking paragraphs into lines",
// Software—Practice and Experience 11, 1981), with TeX's refinements: fitness classes,
// flagged (hyphen) demerits, looseness, emergency stretch and a last-resort pass that always
// finds breaks.
#include "galley/text.hpp"

#include "text/unicode_internal.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace galley {

namespace tu = detail::text_unicode;

namespace {

using Kind = BreakItem::Kind;

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double epsilon = 1e-9;
// The badness of a line that cannot be set within any tolerance (TeX's inf_bad is 10000; a
// larger cap keeps such lines ordered among themselves in the last-resort pass).
constexpr double worst_badness = 1e7;
// Added per hyphenated line beyond max_consecutive_hyphens in the last-resort pass.
constexpr double hyphen_limit_demerits = 1e10;

enum Fitness { very_loose = 0, loose = 1, decent = 2, tight = 3 };

bool is_forced(const BreakItem& item) {
    return item.kind == Kind::penalty && item.penalty <= -infinite_penalty;
}

// Whether a line may end at item `b`: a penalty that is not infinite, or breakable glue
// right after a box.
bool is_legal_break(std::span<const BreakItem> items, std::size_t b) {
    const BreakItem& item = items[b];
    if (item.kind == Kind::penalty) return item.penalty < infinite_penalty;
    if (item.kind == Kind::glue)
        return item.breakable && !item.fill && b > 0 && items[b - 1].kind == Kind::box;
    return false;
}

std::string format_points(double value) {
    char buffer[32];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
    return std::string(buffer, result.ptr);
}

// ---------------------------------------------------------------------------------------------
// Building items from runs

struct RunMetrics {
    double space = 0, stretch = 0, shrink = 0;
    double expansion = 0, compression = 0; // a box's glyph scaling, as fractions of its width
    double hyphen = -1;                    // measured when first needed
};

class ItemBuilder {
  public:
    ItemBuilder(std::span<const ParagraphRun> runs, const LineBreakSettings& settings)
        : runs_(runs), settings_(settings) {
        metrics_.reserve(runs.size());
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const ParagraphRun& run = runs[r];
            if (!run.measure && !run.text.empty())
                throw Error(ErrorCode::usage, "",
                            "line breaking: run " + std::to_string(r) + " has no measure function");
            RunMetrics m;
            m.space = run.space_width >= 0 ? run.space_width : measure(r, " ");
            m.stretch = run.space_stretch >= 0 ? run.space_stretch : m.space / 2;
            m.shrink = run.space_shrink >= 0 ? run.space_shrink : m.space / 3;
            m.hyphen = run.hyphen_width;
            m.expansion = std::clamp(run.glyph_expansion, 0.0, 0.5);
            m.compression = run.glyph_compression >= 0 ? std::clamp(run.glyph_compression, 0.0, 0.5)
                                                       : m.expansion;
            metrics_.push_back(m);
        }
    }

    std::vector<BreakItem> build() {
        if (settings_.first_line_indent != 0) {
            BreakItem indent;
            indent.width = settings_.first_line_indent;
            items_.push_back(indent);
        }
        for (std::size_t r = 0; r < runs_.size(); ++r) {
            const std::string_view text = runs_[r].text;
            for (std::size_t at = 0; at < text.size();) {
                const tu::Decoded d = tu::decode(text, at);
                character(r, at, d);
                at += d.length;
            }
            flush_box(); // a box never spans runs
        }
        pending_ = Pending::none; // trailing spaces and soft hyphens go
        // A forced break at the very end adds no line (as <br> at the end of a block).
        while (items_.size() >= 2 && is_forced(items_.back()) && items_[items_.size() - 2].fill) {
            items_.pop_back();
            items_.pop_back();
        }
        const bool has_text = std::any_of(items_.begin(), items_.end(), [](const BreakItem& item) {
            return item.run != BreakItem::no_run;
        });
        if (!has_text) return {};
        push_forced_break(BreakItem::no_run, 0, 0);
        return std::move(items_);
    }

  private:
    enum class Pending { none, space, soft_hyphen, hyphen, zero_width_space };

    // Whether `word` is only punctuation that closes what comes before it (")", ".", "?!",
    // "»"), which no line may begin with.
    static bool only_closing(std::string_view word) {
        for (std::size_t i = 0; i < word.size();) {
            const tu::Decoded d = tu::decode(word, i);
            i += d.length;
            switch (d.code_point) {
            case U'.':
            case U',':
            case U';':
            case U':':
            case U'!':
            case U'?':
            case 0x2026:
                continue;
            default:
                break;
            }
            const auto type = u_charType(static_cast<UChar32>(d.code_point));
            if (type != U_END_PUNCTUATION && type != U_FINAL_PUNCTUATION) return false;
        }
        return !word.empty();
    }

    double measure(std::size_t run, std::string_view text) const {
        return runs_[run].measure ? runs_[run].measure(text) : 0.0;
    }

    double hyphen_width(std::size_t run) {
        RunMetrics& m = metrics_[run];
        if (m.hyphen < 0) m.hyphen = measure(run, "-");
        return m.hyphen;
    }

    // Whether the last item is text (or a no-break space) that a space may follow.
    bool after_content() const {
        if (items_.empty()) return false;
        const BreakItem& last = items_.back();
        if (last.kind == Kind::box) return last.run != BreakItem::no_run;
        return last.kind == Kind::glue && !last.breakable && !last.fill;
    }

    void character(std::size_t run, std::size_t at, const tu::Decoded& d) {
        const char32_t cp = d.code_point;
        const std::size_t end = at + d.length;
        if (cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\f') {
            flush_box();
            if (pending_ != Pending::space) {
                pending_ = after_content() ? Pending::space : Pending::none;
                pending_run_ = run, pending_begin_ = at, pending_end_ = end;
            }
            word_started_ = false;
        } else if (cp == U'\n' || cp == 0x2028 || cp == 0x2029) {
            flush_box();
            pending_ = Pending::none;
            push_forced_break(run, at, end);
            word_started_ = false;
        } else if (cp == tu::no_break_space) {
            flush_box();
            emit_pending();
            const RunMetrics& m = metrics_[run];
            BreakItem glue;
            glue.kind = Kind::glue, glue.breakable = false;
            glue.width = m.space, glue.stretch = m.stretch, glue.shrink = m.shrink;
            glue.run = run, glue.begin = at, glue.end = end;
            items_.push_back(glue);
            word_started_ = false;
        } else if (cp == tu::soft_hyphen || cp == tu::zero_width_space) {
            flush_box();
            if (word_started_ && pending_ == Pending::none) {
                pending_ = cp == tu::soft_hyphen ? Pending::soft_hyphen : Pending::zero_width_space;
                pending_run_ = items_.back().run; // the hyphen is drawn in the font before it
                pending_begin_ = at, pending_end_ = end;
            }
        } else {
            emit_pending();
            if (!box_open_ || box_run_ != run || box_end_ != at) {
                flush_box();
                box_open_ = true, box_run_ = run, box_begin_ = at;
            }
            box_end_ = end;
            const bool had_text = word_started_;
            word_started_ = true;
            if (had_text && tu::is_breaking_hyphen(cp)) {
                flush_box();
                if (cp == 0x2014 || hyphen_may_break(runs_[run].text, box_begin_, at, end)) {
                    pending_ = Pending::hyphen;
                    pending_run_ = run, pending_begin_ = end, pending_end_ = end;
                }
            }
        }
    }

    // Whether a line may break after the hard hyphen (or en dash) at [hyphen, after) of a word
    // that began at `word`: not after a number or before one (COVID-|19, 9-|2, 41-|årig), not
    // after a single letter (e-|mail, x-|ray) and not before two letters or fewer (up-|to).
    static bool hyphen_may_break(std::string_view text, std::size_t word, std::size_t hyphen,
                                 std::size_t after) {
        const auto digit = [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)) != 0; };
        int letters = 0, digits = 0;
        for (std::size_t i = word; i < hyphen;) {
            const tu::Decoded d = tu::decode(text, i);
            i += d.length;
            letters += tu::is_letter(d.code_point);
            digits += digit(d.code_point);
        }
        if (digits > 0 && letters == 0) return false;
        if (letters == 1 && digits == 0) return false;
        int following = 0;
        for (std::size_t i = after; i < text.size();) {
            const tu::Decoded d = tu::decode(text, i);
            i += d.length;
            if (following == 0 && digit(d.code_point)) return false;
            if (!tu::is_letter(d.code_point) && !tu::is_combining(d.code_point)) break;
            if (tu::is_letter(d.code_point)) ++following;
            if (following > 2) return true;
        }
        return following == 0 || following > 2; // what follows is not a word: as before
    }

    void emit_pending() {
        BreakItem item;
        item.run = pending_run_, item.begin = pending_begin_, item.end = pending_end_;
        switch (pending_) {
        case Pending::none:
            return;
        case Pending::space: {
            const RunMetrics& m = metrics_[pending_run_];
            item.kind = Kind::glue;
            item.width = m.space, item.stretch = m.stretch, item.shrink = m.shrink;
            break;
        }
        case Pending::soft_hyphen:
            item.kind = Kind::penalty;
            item.width = hyphen_width(pending_run_);
            item.protrude_end = protrusion(pending_run_, U'-', true);
            item.penalty = settings_.hyphen_penalty;
            item.flagged = true;
            break;
        case Pending::hyphen:
            item.kind = Kind::penalty;
            item.penalty = settings_.explicit_hyphen_penalty;
            item.flagged = true;
            break;
        case Pending::zero_width_space:
            item.kind = Kind::penalty;
            break;
        }
        items_.push_back(item);
        pending_ = Pending::none;
    }

    void flush_box() {
        if (!box_open_) return;
        box_open_ = false;
        const std::string_view text = runs_[box_run_].text;
        std::size_t begin = box_begin_;
        // No line begins with closing punctuation typed after a space (as after an address:
        // "see https://example.com/a )."): that space does not break.
        if (!items_.empty() && items_.back().kind == Kind::glue && items_.back().breakable &&
            only_closing(text.substr(box_begin_, box_end_ - box_begin_)))
            items_.back().breakable = false;
        // A web or e-mail address may break after / . - @ before a letter or digit, with no
        // hyphen drawn (so never before the punctuation that closes a sentence after it).
        if (is_address(text.substr(box_begin_, box_end_ - box_begin_))) {
            for (std::size_t i = box_begin_; i + 1 < box_end_; ++i) {
                const char c = text[i];
                const auto next = static_cast<unsigned char>(text[i + 1]);
                if ((c == '/' || c == '.' || c == '-' || c == '@') &&
                    (std::isalnum(next) != 0 || next >= 0x80) && i + 1 > begin) {
                    push_box(begin, i + 1);
                    BreakItem point;
                    point.kind = Kind::penalty;
                    point.penalty = settings_.address_break_penalty;
                    point.run = box_run_, point.begin = point.end = i + 1;
                    items_.push_back(point);
                    begin = i + 1;
                }
            }
        }
        push_box(begin, box_end_);
    }

    void push_box(std::size_t begin, std::size_t end) {
        BreakItem box;
        box.run = box_run_, box.begin = begin, box.end = end;
        const std::string_view text = runs_[box_run_].text.substr(begin, end - begin);
        box.width = measure(box_run_, text);
        box.stretch = box.width * metrics_[box_run_].expansion;
        box.shrink = box.width * metrics_[box_run_].compression;
        if (runs_[box_run_].protrusion && !text.empty()) {
            box.protrude_start = protrusion(box_run_, tu::decode(text, 0).code_point, false);
            std::size_t last = text.size() - 1;
            while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
            box.protrude_end = protrusion(box_run_, tu::decode(text, last).code_point, true);
        }
        items_.push_back(box);
    }

    double protrusion(std::size_t run, char32_t cp, bool at_end) const {
        const auto& hang = runs_[run].protrusion;
        return hang ? std::max(hang(cp, at_end), 0.0) : 0.0;
    }

    // A web address ("https://…", "www.…") or an e-mail address ("name@host.tld").
    static bool is_address(std::string_view word) {
        if (word.find("://") != std::string_view::npos || word.starts_with("www.")) return true;
        const std::size_t at = word.find('@');
        return at != std::string_view::npos && at > 0 &&
               word.find('.', at) != std::string_view::npos;
    }

    void push_forced_break(std::size_t run, std::size_t begin, std::size_t end) {
        BreakItem fill;
        fill.kind = Kind::glue, fill.breakable = false, fill.fill = true;
        fill.run = run, fill.begin = begin, fill.end = begin;
        BreakItem forced;
        forced.kind = Kind::penalty, forced.penalty = -infinite_penalty;
        forced.run = run, forced.begin = begin, forced.end = end;
        items_.push_back(fill);
        items_.push_back(forced);
    }

    std::span<const ParagraphRun> runs_;
    const LineBreakSettings& settings_;
    std::vector<RunMetrics> metrics_;
    std::vector<BreakItem> items_;

    Pending pending_ = Pending::none;
    std::size_t pending_run_ = 0, pending_begin_ = 0, pending_end_ = 0;
    bool word_started_ = false; // text since the last space: a hyphen may break after it

    bool box_open_ = false;
    std::size_t box_run_ = 0, box_begin_ = 0, box_end_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The breaking passes

// Running totals of the items before index i: totals[i] covers items [0, i).
struct Totals {
    std::vector<double> width, stretch, shrink;
    std::vector<double> box_width, glyph_stretch, glyph_shrink; // the boxes' own
    std::vector<int> fill;

    explicit Totals(std::span<const BreakItem> items)
        : width(items.size() + 1), stretch(items.size() + 1), shrink(items.size() + 1),
          box_width(items.size() + 1), glyph_stretch(items.size() + 1),
          glyph_shrink(items.size() + 1), fill(items.size() + 1) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const BreakItem& item = items[i];
            width[i + 1] = width[i] + (item.kind == Kind::penalty ? 0.0 : item.width);
            const bool glue = item.kind == Kind::glue;
            const bool box =
                item.kind == Kind::box && item.run != BreakItem::no_run; // not the indent
            stretch[i + 1] = stretch[i] + (glue ? item.stretch : 0.0);
            shrink[i + 1] = shrink[i] + (glue ? item.shrink : 0.0);
            box_width[i + 1] = box_width[i] + (box ? item.width : 0.0);
            glyph_stretch[i + 1] = glyph_stretch[i] + (box ? item.stretch : 0.0);
            glyph_shrink[i + 1] = glyph_shrink[i] + (box ? item.shrink : 0.0);
            fill[i + 1] = fill[i] + (glue && item.fill ? 1 : 0);
        }
    }
};

// A feasible break: the best way found to end a line at `position`.
struct Node {
    std::size_t position = 0; // the break item
    std::size_t start = 0;    // the first item of the next line
    std::size_t line = 0;     // lines ended at this break
    int fitness = decent;
    int hyphens = 0; // hyphenated lines in a row ending here (capped)
    bool flagged = false;
    double demerits = 0; // total from the paragraph start
    std::size_t previous = 0;
};

struct Pass {
    double tolerance = 0;
    double emergency_stretch = 0;
    bool last_resort = false;   // no tolerance, soft hyphen limit, overfull lines allowed
    bool beyond_limits = false; // a pass after the first: emergency shrink allowed
};

// What the breaker needs to know about the settings, resolved once.
struct Resolved {
    const LineBreakSettings& settings;
    bool ragged = false;
    double ragged_stretch = 0;
    double emergency_stretch = 0;
    std::size_t distinct_widths = 1; // lines at and after this index share one width

    double width_of(std::size_t line) const {
        const auto& widths = settings.line_widths;
        if (widths.empty()) return settings.line_width;
        return widths[std::min(line, widths.size() - 1)];
    }
    // Nodes are told apart by line number only while it matters: while line widths still
    // differ, or always when looseness asks for a different number of lines.
    std::size_t line_class(std::size_t line) const {
        return settings.looseness != 0 ? line : std::min(line, distinct_widths - 1);
    }
};

// The measurements of one line from `start` to the break at `b`.
struct LineFit {
    double natural = 0, stretch = 0, shrink = 0, penalty_width = 0;
    double boxes = 0, glyph_stretch = 0, glyph_shrink = 0; // the words' width and scaling
    double protrude_start = 0, protrude_end = 0; // room the margins lend (taken off natural)
    bool fill = false; // ends at a forced break or holds fill glue: set like a last line

    // What glyph scaling takes of a justified line's shortfall (`width` − natural), first
    // and as far as it can (pdfTeX: expansion is not charged; the spaces set the badness).
    double glyph_share(double width) const {
        if (fill) return 0;
        const double shortfall = width - natural;
        return shortfall > 0 ? std::min(shortfall, glyph_stretch)
                             : std::max(shortfall, -glyph_shrink);
    }
};

LineFit fit_line(std::span<const BreakItem> items, const Totals& totals, std::size_t start,
                 std::size_t b) {
    LineFit fit;
    const BreakItem& item = items[b];
    fit.penalty_width = item.kind == Kind::penalty ? item.width : 0.0;
    fit.natural = totals.width[b] - totals.width[start] + fit.penalty_width;
    fit.stretch = totals.stretch[b] - totals.stretch[start];
    fit.shrink = totals.shrink[b] - totals.shrink[start];
    fit.boxes = totals.box_width[b] - totals.box_width[start];
    fit.glyph_stretch = totals.glyph_stretch[b] - totals.glyph_stretch[start];
    fit.glyph_shrink = totals.glyph_shrink[b] - totals.glyph_shrink[start];
    fit.fill = is_forced(item) || totals.fill[b] > totals.fill[start];
    // Protrusion: the first character may hang into the start margin; the last (or the
    // hyphen drawn at the break) into the end margin, unless the line is set as a last line.
    if (start < items.size() && items[start].kind == Kind::box)
        fit.protrude_start = items[start].protrude_start;
    if (!fit.fill) {
        if (item.kind == Kind::penalty && item.width > 0)
            fit.protrude_end = item.protrude_end;
        else if (b > start && items[b - 1].kind == Kind::box)
            fit.protrude_end = items[b - 1].protrude_end;
    }
    fit.natural -= fit.protrude_start + fit.protrude_end;
    return fit;
}

// The adjustment ratio for a line `width` wide with this much stretch and shrink, for the
// shortfall glyph scaling leaves (`glyphs`: what the glyphs take, from glyph_share).
double adjustment_ratio(double width, const LineFit& fit, double stretch, double shrink,
                        double glyphs = 0) {
    const double shortfall = width - fit.natural - glyphs;
    if (shortfall >= -epsilon * std::max(1.0, width)) {
        if (fit.fill || shortfall <= 0) return 0;
        return stretch > 0 ? shortfall / stretch : infinity;
    }
    return shrink > 0 ? shortfall / shrink : -infinity;
}

double badness(double ratio) {
    const double r = std::abs(ratio);
    if (!std::isfinite(r)) return worst_badness;
    return std::min(100 * r * r * r, worst_badness);
}

int fitness_of(double ratio) {
    if (ratio < -0.5) return tight;
    if (ratio <= 0.5) return decent;
    if (ratio <= 1) return loose;
    return very_loose;
}

// The first item of a line that starts after a break at `b`: glue and penalties after the
// break are dropped, up to the next box or forced break.
std::size_t line_start_after(std::span<const BreakItem> items, std::size_t b) {
    std::size_t i = b + 1;
    while (i < items.size() && items[i].kind != Kind::box && !is_forced(items[i])) ++i;
    return i;
}

struct Candidate {
    std::size_t line_class = 0;
    int hyphens = 0;
    int fitness = decent;
    double demerits = infinity;
    std::size_t from = 0;
};

// One pass over the items. Returns the nodes and the index of the chosen final node, or
// nullopt when no breaks satisfy the pass.
// First fit, for a paragraph too long for the optimum to be worth its cost (a pasted blob
// broken into a million characters): each line takes what fits, breaking at the last legal
// place before it overflows (or, where nothing fits, at the first). Linear in the items.
std::pair<std::vector<Node>, std::size_t>
first_fit(std::span<const BreakItem> items, const Totals& totals, const Resolved& resolved) {
    std::vector<Node> nodes{Node{}};
    std::size_t current = 0;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t fits = none; // the last break that leaves the current line not overfull
    const auto end_line = [&](std::size_t b) {
        Node node;
        node.position = b;
        node.start = line_start_after(items, b);
        node.line = nodes[current].line + 1;
        node.previous = current;
        nodes.push_back(node);
        current = nodes.size() - 1;
        fits = none;
    };
    for (std::size_t b = 0; b < items.size(); ++b) {
        if (!is_legal_break(items, b)) continue;
        for (;;) {
            const Node& node = nodes[current];
            if (b < node.start) break;
            const double width = resolved.width_of(node.line);
            const LineFit fit = fit_line(items, totals, node.start, b);
            const double shrink = resolved.ragged ? 0.0 : fit.shrink;
            const bool overfull =
                fit.natural - fit.penalty_width - shrink > width + epsilon * std::max(1.0, width);
            if (!overfull) {
                if (is_forced(items[b]))
                    end_line(b);
                else
                    fits = b;
                break;
            }
            if (fits != none) {
                end_line(fits); // and measure b again on the next line
                continue;
            }
            end_line(b); // nothing fits on this line: it overflows
            break;
        }
    }
    return {std::move(nodes), current};
}

std::optional<std::pair<std::vector<Node>, std::size_t>> run_pass(std::span<const BreakItem> items,
                                                                  const Totals& totals,
                                                                  const Resolved& resolved,
                                                                  const Pass& pass) {
    const LineBreakSettings& s = resolved.settings;
    const int hyphen_limit = s.max_consecutive_hyphens;
    const int hyphen_cap = hyphen_limit > 0 ? hyphen_limit : 1;
    const std::size_t last = items.size() - 1;

    std::vector<Node> nodes;
    nodes.reserve(items.size() / 4 + 16);
    nodes.push_back(Node{}); // the paragraph start: the first line starts at item 0
    std::vector<std::size_t> active{0};
    std::vector<Candidate> candidates;

    for (std::size_t b = 0; b < items.size(); ++b) {
        if (!is_legal_break(items, b)) continue;
        const BreakItem& item = items[b];
        const bool forced = is_forced(item);
        const bool flagged = item.kind == Kind::penalty && item.flagged;
        const double penalty = item.kind == Kind::penalty ? item.penalty : 0.0;

        candidates.clear();
        std::size_t kept = 0;
        std::optional<std::size_t> best_deactivated;
        for (const std::size_t a : active) {
            const Node& node = nodes[a];
            if (b < node.start) { // the line would be empty: b is among the dropped items
                active[kept++] = a;
                continue;
            }
            const double width = resolved.width_of(node.line);
            const LineFit fit = fit_line(items, totals, node.start, b);
            double stretch = resolved.ragged ? resolved.ragged_stretch : fit.stretch;
            const double shrink = resolved.ragged ? 0.0 : fit.shrink;
            stretch += pass.emergency_stretch;
            const double glyphs = resolved.ragged ? 0.0 : fit.glyph_share(width);
            const double ratio = adjustment_ratio(width, fit, stretch, shrink, glyphs);
            const double reserve = pass.beyond_limits ? s.emergency_shrink : 0.0;
            // Too long even without the hyphen: no later break can help this node.
            const bool overfull = fit.natural - fit.penalty_width - shrink * (1 + reserve) -
                                      (resolved.ragged ? 0.0 : fit.glyph_shrink) >
                                  width + epsilon * std::max(1.0, width);

            bool feasible = ratio >= -1 - reserve - epsilon && ratio <= pass.tolerance;
            const bool over_limit = flagged && hyphen_limit > 0 && node.hyphens + 1 > hyphen_limit;
            if (over_limit && !pass.last_resort) feasible = false;
            if (feasible) {
                double demerits = s.line_penalty + badness(ratio);
                demerits *= demerits;
                if (penalty > 0)
                    demerits += penalty * penalty;
                else if (penalty < 0 && !forced)
                    demerits -= penalty * penalty;
                if (flagged && node.flagged) demerits += s.double_hyphen_demerits;
                if (b == last && node.flagged) demerits += s.final_hyphen_demerits;
                const int fitness = fitness_of(ratio);
                if (std::abs(fitness - node.fitness) > 1) demerits += s.fitness_demerits;
                if (over_limit) demerits += hyphen_limit_demerits;

                Candidate candidate;
                candidate.line_class = resolved.line_class(node.line + 1);
                candidate.hyphens = flagged ? std::min(node.hyphens + 1, hyphen_cap) : 0;
                candidate.fitness = fitness;
                candidate.demerits = node.demerits + demerits;
                candidate.from = a;
                auto same =
                    std::find_if(candidates.begin(), candidates.end(), [&](const Candidate& c) {
                        return c.line_class == candidate.line_class &&
                               c.hyphens == candidate.hyphens && c.fitness == candidate.fitness;
                    });
                if (same == candidates.end())
                    candidates.push_back(candidate);
                else if (candidate.demerits < same->demerits)
                    *same = candidate;
            }
            if (forced || overfull) {
                if (!best_deactivated || node.demerits < nodes[*best_deactivated].demerits)
                    best_deactivated = a;
            } else {
                active[kept++] = a;
            }
        }
        active.resize(kept);

        // New nodes at b. Within one group (line class and hyphen count) a node more than
        // fitness_demerits worse than the group's best can never win: drop it.
        const std::size_t start = line_start_after(items, b);
        const auto add_node = [&](std::size_t from, int fitness, int hyphens, double demerits) {
            Node node;
            node.position = b;
            node.start = start;
            node.line = nodes[from].line + 1;
            node.fitness = fitness;
            node.hyphens = hyphens;
            node.flagged = flagged;
            node.demerits = demerits;
            node.previous = from;
            active.push_back(nodes.size());
            nodes.push_back(node);
        };
        for (const Candidate& c : candidates) {
            double group_best = infinity;
            for (const Candidate& other : candidates)
                if (other.line_class == c.line_class && other.hyphens == c.hyphens)
                    group_best = std::min(group_best, other.demerits);
            if (c.demerits <= group_best + s.fitness_demerits)
                add_node(c.from, c.fitness, c.hyphens, c.demerits);
        }

        if (active.empty()) {
            // Nothing can reach past b. The last resort breaks here anyway (an overfull line,
            // as TeX's artificial_demerits does); any other pass has failed.
            if (!pass.last_resort || !best_deactivated) return std::nullopt;
            const Node& from = nodes[*best_deactivated];
            add_node(*best_deactivated, decent,
                     flagged ? std::min(from.hyphens + 1, hyphen_cap) : 0, from.demerits);
        }
    }

    // Every node still active ended at the final forced break.
    std::optional<std::size_t> best;
    for (const std::size_t a : active)
        if (nodes[a].position == last && (!best || nodes[a].demerits < nodes[*best].demerits))
            best = a;
    if (!best) return std::nullopt;
    if (s.looseness != 0) {
        const long long target = static_cast<long long>(nodes[*best].line) + s.looseness;
        std::size_t chosen = *best;
        for (const std::size_t a : active) {
            if (nodes[a].position != last) continue;
            const long long distance = std::llabs(static_cast<long long>(nodes[a].line) - target);
            const long long chosen_distance =
                std::llabs(static_cast<long long>(nodes[chosen].line) - target);
            if (distance < chosen_distance ||
                (distance == chosen_distance && nodes[a].demerits < nodes[chosen].demerits))
                chosen = a;
        }
        best = chosen;
    }
    const std::size_t final_node = *best;
    return std::make_pair(std::move(nodes), final_node);
}

// The average interword space of a paragraph, for defaults given in ems.
double typical_space(std::span<const BreakItem> items, double narrowest) {
    double sum = 0;
    std::size_t count = 0;
    for (const BreakItem& item : items)
        if (item.kind == Kind::glue && item.breakable && !item.fill && item.width > 0)
            sum += item.width, ++count;
    return count ? sum / count : narrowest / 30;
}

double narrowest_line(const LineBreakSettings& settings) {
    double narrowest = settings.line_width;
    if (!settings.line_widths.empty())
        narrowest = *std::min_element(settings.line_widths.begin(), settings.line_widths.end());
    return narrowest;
}

void check_widths(const LineBreakSettings& settings) {
    const auto bad = [](double w) { return !(w > 0) || !std::isfinite(w); };
    const bool invalid =
        settings.line_widths.empty()
            ? bad(settings.line_width)
            : std::any_of(settings.line_widths.begin(), settings.line_widths.end(), bad);
    if (invalid)
        throw Error(ErrorCode::usage, "",
                    "line breaking: a line width must be positive and finite");
}

// ---------------------------------------------------------------------------------------------
// Words wider than the line

bool is_legal_break_or_end(std::span<const BreakItem> items, std::size_t i) {
    return i >= items.size() || is_legal_break(items, i);
}

// Where a character boundary is cheap to break at in a URL or a long compound.
bool breaks_well_after(char32_t cp) {
    return cp == U'/' || cp == U'-' || cp == U'.' || cp == U'?' || cp == U'&' || cp == U'=' ||
           cp == U':';
}

// Splits each box of [first, last) into characters (a base and its combining marks) with
// penalties between them, appending to `out`.
void split_into_characters(std::span<const BreakItem> items, std::size_t first, std::size_t last,
                           std::span<const ParagraphRun> runs, const LineBreakSettings& settings,
                           std::vector<BreakItem>& out) {
    bool previous_is_text = false;
    char32_t previous_cp = 0;
    const auto add_penalty = [&](std::size_t run, std::size_t at) {
        BreakItem penalty;
        penalty.kind = Kind::penalty;
        penalty.penalty = breaks_well_after(previous_cp)
                              ? std::min(1000.0, settings.long_word_penalty)
                              : settings.long_word_penalty;
        penalty.run = run, penalty.begin = at, penalty.end = at;
        out.push_back(penalty);
    };
    for (std::size_t i = first; i < last; ++i) {
        const BreakItem& item = items[i];
        if (item.kind != Kind::box || item.run == BreakItem::no_run) {
            out.push_back(item);
            previous_is_text = false;
            continue;
        }
        const std::string_view text = runs[item.run].text;
        std::size_t at = item.begin;
        while (at < item.end) {
            std::size_t end = at;
            char32_t base = 0;
            bool first_cp = true;
            bool joined = false; // after a zero-width joiner, the next character belongs too
            while (end < item.end) {
                const tu::Decoded d = tu::decode(text, end);
                if (!first_cp && !joined && !tu::is_combining(d.code_point)) break;
                if (first_cp) base = d.code_point;
                joined = d.code_point == 0x200D;
                first_cp = false;
                end += d.length;
            }
            if (previous_is_text) add_penalty(item.run, at);
            BreakItem box;
            box.run = item.run, box.begin = at, box.end = end;
            box.width = runs[item.run].measure(text.substr(at, end - at));
            out.push_back(box);
            previous_is_text = true;
            previous_cp = base;
            at = end;
        }
    }
}

std::string excerpt(std::span<const BreakItem> items, std::size_t first, std::size_t last,
                    std::span<const ParagraphRun> runs) {
    std::string text;
    for (std::size_t i = first; i < last && text.size() < 48; ++i)
        if (items[i].kind == Kind::box && items[i].run != BreakItem::no_run)
            text += runs[items[i].run].text.substr(items[i].begin, items[i].end - items[i].begin);
    if (text.size() > 48) {
        std::size_t cut = 40;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "…";
    }
    return remove_soft_hyphens(text);
}

// Finds unbreakable stretches wider than the narrowest line and splits them between characters
// (or only warns, when break_long_words is off).
std::vector<BreakItem> split_long_words(std::vector<BreakItem> items,
                                        std::span<const ParagraphRun> runs,
                                        const LineBreakSettings& settings, Warnings& warnings) {
    const double narrowest = narrowest_line(settings);
    std::vector<BreakItem> out;
    bool changed = false;
    std::size_t first = 0;
    for (std::size_t i = 0; i <= items.size(); ++i) {
        if (!is_legal_break_or_end(items, i)) continue;
        // [first, i) holds no break point.
        double width = 0;
        for (std::size_t k = first; k < i; ++k)
            if (items[k].kind != Kind::penalty) width += items[k].width;
        if (width > narrowest + epsilon * narrowest) {
            const std::string word = excerpt(items, first, i, runs);
            const std::string sizes =
                " (" + format_points(width) + " pt, the line " + format_points(narrowest) + " pt)";
            if (settings.break_long_words) {
                warnings.push_back({"",
                                    {},
                                    "a word wider than the line" + sizes +
                                        " is broken between characters: \"" + word + "\""});
                if (!changed) out.assign(items.begin(), items.begin() + first);
                changed = true;
                split_into_characters(items, first, i, runs, settings, out);
            } else {
                warnings.push_back(
                    {"",
                     {},
                     "a word wider than the line" + sizes + " overflows it: \"" + word + "\""});
            }
        } else if (changed) {
            out.insert(out.end(), items.begin() + first, items.begin() + i);
        }
        if (i < items.size() && changed) out.push_back(items[i]);
        first = i + 1;
    }
    if (!changed) return items;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Placing the pieces of each line

std::string drawable_text(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t at = 0; at < bytes.size();) {
        const tu::Decoded d = tu::decode(bytes, at);
        if (d.code_point != tu::soft_hyphen && d.code_point != tu::zero_width_space)
            out.append(bytes.substr(at, d.length));
        at += d.length;
    }
    return out;
}

void place_pieces(BrokenLine& line, std::span<const BreakItem> items,
                  std::span<const ParagraphRun> runs, const LineBreakSettings& settings) {
    const TextAlign last_alignment = settings.last_line_alignment.value_or(
        settings.alignment == TextAlign::justify ? TextAlign::left : settings.alignment);
    const TextAlign alignment = line.forced ? last_alignment : settings.alignment;

    // How much each space stretches (ratio > 0) or shrinks (ratio < 0) as set. A justified
    // paragraph's line that is too long shrinks whatever its alignment (a last line may have
    // been chosen shrunk); ragged lines never shrink.
    // The words are scaled by line.expansion first (justified lines only).
    double boxes = 0;
    for (std::size_t i = line.begin_item; i < line.break_item; ++i)
        if (items[i].kind == Kind::box && items[i].run != BreakItem::no_run)
            boxes += items[i].width;
    const double scale = line.expansion;
    double ratio = 0;
    const double room = line.width + line.protrude_start + line.protrude_end;
    const double shortfall = room - line.natural_width - (scale - 1) * boxes;
    if (shortfall < 0 && settings.alignment == TextAlign::justify)
        ratio = line.shrink > 0
                    ? std::max(shortfall / line.shrink, -1.0 - settings.emergency_shrink)
                    : 0;
    else if (shortfall > 0 && alignment == TextAlign::justify)
        ratio = line.stretch > 0 ? shortfall / line.stretch : 0;

    double x = -line.protrude_start;
    bool piece_open = false;
    for (std::size_t i = line.begin_item; i < line.break_item; ++i) {
        const BreakItem& item = items[i];
        if (item.kind == Kind::penalty) continue; // not broken here: nothing to draw
        if (item.kind == Kind::glue) {
            piece_open = false;
            x += item.width + (ratio > 0 ? ratio * item.stretch : ratio * item.shrink);
            continue;
        }
        if (item.run == BreakItem::no_run) { // the indent
            piece_open = false;
            x += item.width;
            continue;
        }
        const double width = item.width * scale;
        if (piece_open && line.pieces.back().run == item.run &&
            line.pieces.back().end <= item.begin) {
            line.pieces.back().end = item.end;
            line.pieces.back().width += width;
        } else {
            line.pieces.push_back(LinePiece{item.run, item.begin, item.end, x, width, {}});
            piece_open = true;
        }
        x += width;
    }
    if (line.hyphenated) {
        line.hyphen_x = x;
        x += items[line.break_item].width;
    }
    double offset = 0;
    if (alignment == TextAlign::right)
        offset = line.width - x;
    else if (alignment == TextAlign::center)
        offset = (line.width - x) / 2;
    offset = std::max(offset, 0.0); // an overfull line overflows on the right
    for (LinePiece& piece : line.pieces) {
        piece.x += offset;
        piece.text =
            drawable_text(runs[piece.run].text.substr(piece.begin, piece.end - piece.begin));
    }
    if (line.hyphenated) line.hyphen_x += offset;
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::size_t LineBreakResult::flagged_lines() const {
    return static_cast<std::size_t>(
        std::count_if(lines.begin(), lines.end(), [](const BrokenLine& l) { return l.flagged; }));
}

std::size_t LineBreakResult::max_consecutive_flagged() const {
    std::size_t longest = 0, current = 0;
    for (const BrokenLine& line : lines) {
        current = line.flagged ? current + 1 : 0;
        longest = std::max(longest, current);
    }
    return longest;
}

std::vector<BreakItem> build_break_items(std::span<const ParagraphRun> runs,
                                         const LineBreakSettings& settings) {
    return ItemBuilder(runs, settings).build();
}

LineBreakResult break_items(std::span<const BreakItem> given, const LineBreakSettings& settings) {
    check_widths(settings);
    LineBreakResult result;
    if (given.empty()) return result;

    // The paragraph must end with a forced break; add fill glue and one if it does not.
    std::vector<BreakItem> completed;
    std::span<const BreakItem> items = given;
    if (!is_forced(given.back())) {
        completed.assign(given.begin(), given.end());
        BreakItem fill;
        fill.kind = Kind::glue, fill.breakable = false, fill.fill = true;
        BreakItem forced;
        forced.kind = Kind::penalty, forced.penalty = -infinite_penalty;
        completed.push_back(fill);
        completed.push_back(forced);
        items = completed;
    }

    const Totals totals(items);
    Resolved resolved{settings};
    resolved.ragged = settings.alignment != TextAlign::justify;
    resolved.distinct_widths = std::max<std::size_t>(settings.line_widths.size(), 1);
    const double space = typical_space(items, narrowest_line(settings));
    resolved.ragged_stretch = settings.ragged_stretch >= 0 ? settings.ragged_stretch : 6 * space;
    resolved.emergency_stretch =
        settings.emergency_stretch >= 0 ? settings.emergency_stretch : 3 * space;

    std::vector<Pass> passes{{settings.tolerance, 0, false, false}};
    if (settings.retry_tolerance > settings.tolerance)
        passes.push_back({settings.retry_tolerance, 0, false, true});
    if (resolved.emergency_stretch > 0)
        passes.push_back({std::max(settings.tolerance, settings.retry_tolerance),
                          resolved.emergency_stretch, false, true});
    passes.push_back({infinity, resolved.emergency_stretch, true, true});

    std::optional<std::pair<std::vector<Node>, std::size_t>> found;
    int pass_number = 0;
    // A paragraph of more items than any article's (a pasted blob broken into characters)
    // is broken first fit: the optimum costs passes over a million items and wins nothing.
    constexpr std::size_t huge_paragraph = 100'000;
    if (items.size() > huge_paragraph) {
        found = first_fit(items, totals, resolved);
        pass_number = 4;
    }
    for (std::size_t p = 0; p < passes.size() && !found; ++p) {
        found = run_pass(items, totals, resolved, passes[p]);
        // Report passes by what they did, whichever were skipped: 1 tolerance, 2 retry,
        // 3 emergency stretch, 4 last resort.
        pass_number = passes[p].last_resort             ? 4
                      : passes[p].emergency_stretch > 0 ? 3
                      : p == 0                          ? 1
                                                        : 2;
    }
    if (!found) throw Error(ErrorCode::internal, "", "line breaking: the last-resort pass failed");

    const auto& [nodes, final_node] = *found;
    std::vector<std::size_t> chain;
    for (std::size_t n = final_node; n != 0; n = nodes[n].previous) chain.push_back(n);
    std::reverse(chain.begin(), chain.end());

    result.pass = pass_number;
    result.demerits = nodes[final_node].demerits;
    std::size_t start = 0;
    for (std::size_t index = 0; index < chain.size(); ++index) {
        const Node& node = nodes[chain[index]];
        const std::size_t b = node.position;
        const BreakItem& item = items[b];
        const LineFit fit = fit_line(items, totals, start, b);
        BrokenLine line;
        line.begin_item = start;
        line.break_item = b;
        line.width = resolved.width_of(index);
        line.natural_width = fit.natural + fit.protrude_start + fit.protrude_end;
        line.protrude_start = fit.protrude_start;
        line.protrude_end = fit.protrude_end;
        line.stretch = fit.stretch;
        line.shrink = fit.shrink;
        const double glyphs = resolved.ragged ? 0.0 : fit.glyph_share(line.width);
        line.ratio = resolved.ragged
                         ? adjustment_ratio(line.width, fit, resolved.ragged_stretch, 0)
                         : adjustment_ratio(line.width, fit, fit.stretch, fit.shrink, glyphs);
        if (fit.boxes > 0) line.expansion = 1 + glyphs / fit.boxes;
        line.flagged = item.kind == Kind::penalty && item.flagged;
        line.hyphenated = line.flagged && item.width > 0;
        line.hyphen_run = item.run == BreakItem::no_run ? 0 : item.run;
        line.forced = is_forced(item);
        const double reserve = pass_number > 1 ? settings.emergency_shrink : 0.0;
        const double shrink = resolved.ragged ? 0 : fit.shrink * (1 + reserve) + fit.glyph_shrink;
        line.overfull = fit.natural - shrink > line.width + epsilon * std::max(1.0, line.width);
        result.lines.push_back(line);
        start = node.start;
    }
    return result;
}

LineBreakResult break_paragraph(std::span<const ParagraphRun> runs,
                                const LineBreakSettings& settings, Warnings& warnings) {
    check_widths(settings);
    std::vector<BreakItem> items = build_break_items(runs, settings);
    items = split_long_words(std::move(items), runs, settings, warnings);
    LineBreakResult result = break_items(items, settings);
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
        BrokenLine& line = result.lines[i];
        place_pieces(line, items, runs, settings);
        if (line.overfull) {
            const double shrink = settings.alignment == TextAlign::justify ? line.shrink : 0;
            warnings.push_back({"",
                                {},
                                "line " + std::to_string(i + 1) + " of a paragraph is " +
                                    format_points(line.natural_width - line.protrude_start -
                                                  line.protrude_end - shrink - line.width) +
                                    " pt too wide"});
        }
    }
    result.items = std::move(items);
    return result;
}

} // namespace galley
