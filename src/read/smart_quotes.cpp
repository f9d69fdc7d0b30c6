// Smart quotes: the language's quotation marks (CLDR through ICU) and the rules that choose
// between them, apostrophes and primes; dashes and ellipses.
//
// The text of a paragraph (every Text run, in order, through nested containers) is read as one
// sequence of code points, so that what comes before and after a straight quote is known even
// when it sits in another run; the edits are then written back run by run. Only ASCII " ' - .
// are ever replaced (and, for French, an ASCII space beside « »); all other bytes are copied.
#include "read/smart_quotes.hpp"

#include "text/language.hpp"
#include "text/unicode_internal.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/ulocdata.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace galley::detail {

namespace {

namespace tu = text_unicode;

constexpr char32_t nothing = 0;         // before the start and after the end of the text
constexpr char32_t object = 0xFFFC;     // a Code span: counts as a word
constexpr char32_t line_break = 0x2028; // a LineBreak: counts as a space

bool is_space(char32_t c) {
    return c == nothing || c == line_break || u_isUWhiteSpace(static_cast<UChar32>(c));
}
bool is_digit(char32_t c) {
    return c != nothing && u_isdigit(static_cast<UChar32>(c));
}
// Letters, digits, combining marks (a decomposed é) and Code.
bool is_alnum(char32_t c) {
    if (c == nothing) return false;
    if (c == object) return true;
    const auto cp = static_cast<UChar32>(c);
    return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

// Han, kana and bopomofo: scripts written without spaces between words, where a quote sits
// between two letters.
bool is_cjk(char32_t c) {
    if (c >= 0x3000 && c <= 0x30FF) return true; // CJK punctuation, kana, the long vowel mark
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
    return U_SUCCESS(status) && (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
                                 script == USCRIPT_KATAKANA || script == USCRIPT_BOPOMOFO);
}
bool is_opening_punctuation(char32_t c) {
    const auto type = u_charType(static_cast<UChar32>(c));
    return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

// ---- the engine

class Smartener {
  public:
    explicit Smartener(const QuoteStyle& style) : style_(style) {}

    void add_text(std::string& text) {
        if (text.empty()) return;
        if (text.size() > UINT32_MAX) return add_other(object); // 4 GiB in one run: left alone
        // Worth a look: a straight quote, "--" or "...", or a "-" or "." at either end that
        // may make one with the next or the previous run.
        const auto edge = [](char c) { return c == '-' || c == '.'; };
        candidate_ = candidate_ || text.find_first_of("\"'") != std::string::npos ||
                     text.find("--") != std::string::npos ||
                     text.find("...") != std::string::npos || edge(text.front()) ||
                     edge(text.back());
        Run run{&text, units_.size(), 0};
        if (units_.capacity() - units_.size() < text.size())
            units_.reserve(std::max(units_.size() + text.size(), 2 * units_.capacity()));
        for (std::size_t at = 0; at < text.size();) {
            const tu::Decoded d = tu::decode(text, at); // malformed bytes: U+FFFD, copied as is
            units_.push_back(Unit{d.code_point, static_cast<std::uint32_t>(at),
                                  static_cast<std::uint8_t>(d.length)});
            at += d.length;
        }
        run.last = units_.size();
        runs_.push_back(run);
    }
    void add_other(char32_t stands_for) { units_.push_back(Unit{stands_for, 0, 0}); }

    bool apply();

  private:
    enum class Role : std::uint8_t { none, open, close, apostrophe, prime };
    // One code point of the text (or a Code or LineBreak standing in the flow).
    struct Unit {
        char32_t cp;
        std::uint32_t begin; // in its run's text
        std::uint8_t length; // bytes; 0 for Code and LineBreak, never edited
        Role role = Role::none;
        std::int32_t edit = -1; // index in edits_, or none
    };
    struct Run {
        std::string* text;
        std::size_t first, last; // its units
    };

    char32_t at(std::size_t i) const { return i < units_.size() ? units_[i].cp : nothing; }
    char32_t before(std::size_t i) const { return i == 0 ? nothing : units_[i - 1].cp; }
    char32_t after(std::size_t i) const { return at(i + 1); }

    void replace(std::size_t i, std::string with) {
        if (units_[i].edit < 0) {
            units_[i].edit = static_cast<std::int32_t>(edits_.size());
            edits_.push_back(std::move(with));
        } else {
            edits_[static_cast<std::size_t>(units_[i].edit)] = std::move(with);
        }
    }
    bool replaced(std::size_t i) const { return units_[i].edit >= 0; }
    void erase(std::size_t i) { replace(i, {}); }

    // A quote may open here: at the start, after a space, an opening bracket or quote, or a
    // dash.
    bool opening_context(std::size_t i) const {
        if (i == 0) return true;
        switch (units_[i - 1].role) {
        case Role::open:
            return true;
        case Role::close:
        case Role::apostrophe:
        case Role::prime:
            return false;
        case Role::none:
            break;
        }
        const char32_t p = units_[i - 1].cp;
        return is_space(p) || is_opening_punctuation(p) ||
               u_charType(static_cast<UChar32>(p)) == U_DASH_PUNCTUATION;
    }
    bool double_open() const {
        for (const char kind : open_)
            if (kind == '"') return true;
        return false;
    }
    bool single_on_top() const { return !open_.empty() && open_.back() == '\''; }
    // The digits before `i` follow a prime: the inches of 5'9" or the seconds of 40°15'30".
    bool after_prime(std::size_t i) const {
        std::size_t j = i;
        while (j > 0 && is_digit(units_[j - 1].cp)) --j;
        return j > 0 && (units_[j - 1].cp == 0x2032 || units_[j - 1].role == Role::prime);
    }
    // '90s, '07: an apostrophe for the century left out.
    bool decade(std::size_t i) const {
        return is_digit(at(i + 1)) && is_digit(at(i + 2)) && !is_digit(at(i + 3)) &&
               at(i + 3) != U'\'';
    }
    // Inside « » and ‹ ›, when the style wants a space there.
    bool spaced(const std::string& mark) const {
        return !style_.inner_space.empty() &&
               (mark == "«" || mark == "»" || mark == "‹" || mark == "›");
    }

    void open(std::size_t i, char kind) {
        std::string with = kind == '"' ? style_.open : style_.open2;
        if (spaced(with)) {
            const char32_t next = after(i);
            if (next == U' ') { // the typed space gives way to the style's
                with += style_.inner_space;
                erase(i + 1);
            } else if (!is_space(next)) {
                with += style_.inner_space;
            }
        }
        replace(i, std::move(with));
        units_[i].role = Role::open;
        open_.push_back(kind);
    }
    void close(std::size_t i, char kind) {
        std::string mark = kind == '"' ? style_.close : style_.close2;
        std::string with = mark;
        if (spaced(mark)) {
            const char32_t previous = before(i);
            if (previous == U' ' && !replaced(i - 1)) {
                erase(i - 1);
                with = style_.inner_space + mark;
            } else if (!is_space(previous)) {
                with = style_.inner_space + mark;
            }
        }
        replace(i, std::move(with));
        units_[i].role = Role::close;
        if (kind == '\'') {
            if (single_on_top()) open_.pop_back();
        } else if (double_open()) {
            // Singles still open inside the double were apostrophes after all.
            while (!open_.empty()) {
                const char top = open_.back();
                open_.pop_back();
                if (top == '"') break;
            }
        }
    }
    void mark(std::size_t i, Role role) {
        replace(i, role == Role::apostrophe ? "\u2019"
                   : units_[i].cp == U'"'   ? "\u2033"
                                            : "\u2032");
        units_[i].role = role;
    }

    void double_quote(std::size_t i) {
        const char32_t previous = before(i), next = after(i);
        if (is_digit(previous) && (after_prime(i) || !double_open() || is_alnum(next))) {
            mark(i, Role::prime); // 5'9", 40°15'30", a 12" single
        } else if (is_alnum(previous) && is_alnum(next)) {
            // Between two letters (Japanese and Chinese have no spaces to tell by): it
            // closes a quote if one is open.
            if (double_open())
                close(i, '"');
            else
                open(i, '"');
        } else if (opening_context(i)) {
            // After a space it opens, unless a quote is open and what follows cannot start
            // one: the closing mark of French typed with a space before it (" non ".).
            if (!double_open() || is_alnum(next) || is_opening_punctuation(next))
                open(i, '"');
            else
                close(i, '"');
        } else {
            close(i, '"');
        }
    }

    void single_quote(std::size_t i) {
        const char32_t previous = before(i), next = after(i);
        if (is_alnum(previous) && is_alnum(next)) {
            if (is_cjk(previous) || is_cjk(next)) {
                // Between two letters of a script without spaces: a quote, not an apostrophe.
                if (single_on_top())
                    close(i, '\'');
                else if (closing_single_ahead_[i + 1])
                    open(i, '\'');
                else
                    mark(i, Role::apostrophe);
            } else {
                // don't, l'homme, o'clock; 5'9 is feet
                mark(i, is_digit(previous) && is_digit(next) ? Role::prime : Role::apostrophe);
            }
        } else if (is_digit(previous)) {
            if (single_on_top() && !is_alnum(next))
                close(i, '\'');
            else
                mark(i, Role::prime);
        } else if (opening_context(i)) {
            if (is_space(next)) {
                if (single_on_top()) close(i, '\''); // else a lone ' between spaces: left as is
            } else if (decade(i) || !closing_single_ahead_[i + 1]) {
                mark(i, Role::apostrophe); // '90s; 'em, 'tis (nothing could close it)
            } else {
                open(i, '\'');
            }
        } else if (single_on_top()) {
            close(i, '\'');
        } else {
            mark(i, Role::apostrophe); // the dogs' bowls
        }
    }

    // "--" and "---"; other runs of hyphens are left alone.
    std::size_t dashes(std::size_t i) {
        std::size_t n = 0;
        while (at(i + n) == U'-') ++n;
        if (n == 2 || n == 3) {
            const bool range = n == 2 && is_digit(before(i)) && is_digit(at(i + 2));
            replace(i, range ? "\u2013" : "\u2014");
            for (std::size_t k = 1; k < n; ++k) erase(i + k);
        }
        return i + n;
    }
    // Exactly three full stops.
    std::size_t dots(std::size_t i) {
        std::size_t n = 0;
        while (at(i + n) == U'.') ++n;
        if (n == 3) {
            replace(i, "\u2026");
            erase(i + 1);
            erase(i + 2);
        }
        return i + n;
    }

    const QuoteStyle& style_;
    std::vector<Unit> units_;
    std::vector<Run> runs_;
    std::vector<std::string> edits_;         // what replaces a unit ("" erases it)
    bool candidate_ = false;                 // some text may change
    std::vector<char> open_;                 // the quotes open, innermost last: '"' or '\''
    std::vector<bool> closing_single_ahead_; // [i]: a ' that could close a quote at i or later
};

bool Smartener::apply() {
    if (!candidate_) return false;
    const std::size_t n = units_.size();
    closing_single_ahead_.assign(n + 1, false);
    for (std::size_t j = n; j-- > 0;)
        closing_single_ahead_[j] =
            closing_single_ahead_[j + 1] ||
            (units_[j].cp == U'\'' && !is_space(before(j)) && !is_alnum(after(j)));

    for (std::size_t i = 0; i < n;) {
        if (units_[i].length == 0) {
            ++i;
            continue;
        }
        switch (units_[i].cp) {
        case U'"':
            double_quote(i++);
            break;
        case U'\'':
            single_quote(i++);
            break;
        case U'-':
            i = dashes(i);
            break;
        case U'.':
            i = dots(i);
            break;
        default:
            ++i;
        }
    }

    bool changed = false;
    for (const Run& run : runs_) {
        bool any = false;
        for (std::size_t u = run.first; u < run.last && !any; ++u) any = replaced(u);
        if (!any) continue;
        std::string out;
        out.reserve(run.text->size() + 16);
        for (std::size_t u = run.first; u < run.last; ++u) {
            if (replaced(u))
                out += edits_[static_cast<std::size_t>(units_[u].edit)];
            else
                out.append(*run.text, units_[u].begin, units_[u].length);
        }
        if (out != *run.text) {
            *run.text = std::move(out);
            changed = true;
        }
    }
    return changed;
}

void collect(Inlines& inlines, Smartener& smartener) {
    for (Inline& in : inlines) {
        std::visit(
            [&](auto& node) {
                using T = std::decay_t<decltype(node)>;
                if constexpr (std::is_same_v<T, Text>) {
                    smartener.add_text(node.text);
                } else if constexpr (std::is_same_v<T, LineBreak>) {
                    smartener.add_other(line_break);
                } else if constexpr (std::is_same_v<T, Code>) {
                    smartener.add_other(object);
                } else if constexpr (requires { node.content; }) {
                    if constexpr (std::is_same_v<decltype(node.content), Inlines>)
                        collect(node.content, smartener);
                    else
                        smartener.add_other(object);
                } else {
                    smartener.add_other(object);
                }
            },
            in.node);
    }
}

} // namespace

QuoteStyle quote_style(std::string_view language) {
    const std::string id = icu_locale_id(language);
    const icu::Locale locale(id.c_str());
    const std::string_view primary = locale.getLanguage();

    // Danish newspapers quote with » « and › ‹ (pointing inwards); CLDR 72 gives Danish
    // “ ” ‘ ’, which Danish books use too. The newspaper convention wins here.
    if (primary == "da") return QuoteStyle{"»", "«", "›", "‹", ""};

    QuoteStyle style{"“", "”", "‘", "’", ""}; // English's, for anything ICU cannot tell
    UErrorCode status = U_ZERO_ERROR;
    const std::unique_ptr<ULocaleData, decltype(&ulocdata_close)> data(
        ulocdata_open(id.c_str(), &status), &ulocdata_close);
    if (U_SUCCESS(status) && data) {
        const auto delimiter = [&](ULocaleDataDelimiterType type, std::string& out) {
            UChar buffer[8];
            UErrorCode s = U_ZERO_ERROR;
            const int32_t length = ulocdata_getDelimiter(data.get(), type, buffer, 8, &s);
            if (U_SUCCESS(s) && length > 0 && length <= 8) {
                out.clear();
                icu::UnicodeString(buffer, length).toUTF8String(out);
            }
        };
        delimiter(ULOCDATA_QUOTATION_START, style.open);
        delimiter(ULOCDATA_QUOTATION_END, style.close);
        delimiter(ULOCDATA_ALT_QUOTATION_START, style.open2);
        delimiter(ULOCDATA_ALT_QUOTATION_END, style.close2);
    }
    // French sets a space inside guillemets. The narrow no-break space (U+202F) rather than
    // U+00A0: it is the fixed, thin "espace fine insécable" of French typesetting (CLDR's
    // French data uses it too, e.g. as the digit group separator); galley's line breaker
    // keeps it inside the word it joins, so it neither breaks nor stretches in a justified
    // line, where U+00A0 is stretchable glue and would open wide gaps inside « »; and the
    // bundled Noto fonts have it.
    if (primary == "fr") style.inner_space = "\u202F";
    return style;
}

bool smarten(Inlines& inlines, const QuoteStyle& style) {
    Smartener smartener(style);
    collect(inlines, smartener);
    return smartener.apply();
}

bool smarten(std::string& text, const QuoteStyle& style) {
    Smartener smartener(style);
    smartener.add_text(text);
    return smartener.apply();
}

} // namespace galley::detail
