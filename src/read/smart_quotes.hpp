// galley — straight quotes, apostrophes, "--" and "..." made typographic for the article's
// language, as pandoc's `smart` extension does, with the language's own quotation marks
// (CLDR's, through ICU). Internal: not installed.
#pragma once

#include "galley/article.hpp"

#include <string>
#include <string_view>

namespace galley::detail {

// A language's quotation marks (UTF-8).
struct QuoteStyle {
    std::string open, close;   // primary: what ASCII " becomes
    std::string open2, close2; // secondary: what ASCII ' becomes when it quotes
    // Put inside « » and ‹ › (after the opening mark, before the closing one): U+202F narrow
    // no-break space for French, "" for every other language.
    std::string inner_space;
    bool operator==(const QuoteStyle&) const = default;
};

// The quotation marks of `language` (BCP 47) from CLDR through ICU: en “ ” ‘ ’, de „ “ ‚ ‘,
// fr « » « » with U+202F inside, ru « » „ “, ja 「 」 『 』… Danish is » « › ‹ (the Danish
// newspaper convention; CLDR gives “ ” ‘ ’). "", "und" and languages ICU has no data for get
// English's.
QuoteStyle quote_style(std::string_view language);

// Makes the Text runs of `inlines` typographic: ASCII " and ' become the style's quotation
// marks, apostrophes (’) or primes (′ ″ after a digit: 5'9"), "--" an em dash (an en dash
// between digits: 1990--95), "---" an em dash, "..." an ellipsis (…). What decides a mark
// (the characters around it, which quotes are open) is carried across runs and into the
// content of Emphasis, Strong, Link, Superscript, Subscript and SmallCaps; Code is never
// changed (it counts as a word) and a LineBreak as a space. Characters that are not ASCII
// (quotes already typographic among them) are left as they are. True when anything changed.
bool smarten(Inlines& inlines, const QuoteStyle& style);

// The same for one plain string (headline, dek, caption text).
bool smarten(std::string& text, const QuoteStyle& style);

} // namespace galley::detail
