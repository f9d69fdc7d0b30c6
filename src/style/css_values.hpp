// Internal: walking the component values of a declaration, and reading lengths.
#pragma once

#include "style/css_tokenizer.hpp"
#include "style/sheet_data.hpp"

#include <optional>
#include <vector>

namespace galley::detail {

// The index of the token closing the block or function that starts at `open`, or
// tokens.size() when it is never closed (or `open` opens nothing). Iterative: any nesting depth
// is fine.
std::size_t block_close_index(TokenSpan tokens, std::size_t open);

// The index just past the block or function that starts at `open` (a function token or an
// opening bracket), i.e. after its closing token, or tokens.size() when it is never closed.
// Iterative: any nesting depth is fine.
std::size_t skip_block(TokenSpan tokens, std::size_t open);

// Walks the top-level component values of a value, skipping whitespace.
class ComponentReader {
  public:
    explicit ComponentReader(TokenSpan tokens) : tokens_(tokens) {}

    // True when only whitespace (or nothing) is left.
    bool done();
    // The next component's first token without consuming it, or null at the end.
    const Token* peek();
    // Consumes the next component. For a function or a bracketed block, `inside` (when given)
    // receives the tokens between the opening and the closing token.
    const Token* next(TokenSpan* inside = nullptr);
    // The rest of the tokens, from the next component on.
    TokenSpan rest();
    std::size_t position() const { return at_; }
    void seek(std::size_t position) { at_ = position; }

  private:
    TokenSpan tokens_;
    std::size_t at_ = 0;
    void skip_whitespace();
};

// The comma-separated parts of `tokens` (commas inside functions and blocks do not count).
std::vector<TokenSpan> split_commas(TokenSpan tokens);

enum LengthRules : unsigned {
    allow_percent = 1,
    allow_negative = 2,
    allow_relative = 4, // em, rem, ex, ch
};

// A length token (a dimension with a length unit, or the number 0), or nullopt.
std::optional<LengthValue> parse_length(const Token& token, unsigned rules);

// A CSS named colour (the 148 of CSS Color 4; `name` in lower case), or nullopt.
std::optional<Color> named_color(std::string_view name);

// Points per unit for an absolute unit ("pt", "mm", …; case-insensitive), or 0.
double points_per_unit(std::string_view unit);

} // namespace galley::detail
