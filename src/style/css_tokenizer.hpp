// Internal: CSS Syntax Level 3 tokenizing (https://www.w3.org/TR/css-syntax-3/#tokenization).
#pragma once

#include "galley/error.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace galley::detail {

enum class TokenType : unsigned char {
    ident,
    function, // `name(`: value is the name
    at_keyword,
    hash,
    string,
    bad_string,
    url,
    bad_url,
    delim,
    number,
    percentage,
    dimension,
    whitespace,
    cdo,
    cdc,
    colon,
    semicolon,
    comma,
    open_square,
    close_square,
    open_paren,
    close_paren,
    open_curly,
    close_curly,
    eof,
};

// A token, with escapes decoded. For number, percentage and dimension tokens `value` holds the
// number as written in the sheet (so it can be written back unchanged) and `number` its value.
struct Token {
    TokenType type = TokenType::eof;
    bool is_integer = false; // number-like tokens: the "integer" type flag
    bool hash_is_id = false; // hash tokens: the "id" type flag (would start an identifier)
    double number = 0;
    std::string value; // ident, function and at-keyword names, hash names, string and url
                       // contents, the number text, or the delim character (UTF-8)
    std::string unit;  // dimension tokens
    Position pos;

    bool is(TokenType t) const { return type == t; }
    bool is_delim(char c) const {
        return type == TokenType::delim && value.size() == 1 && value[0] == c;
    }
    // An ident (or function, at-keyword) whose name equals `name` ignoring ASCII case.
    bool is_ident(std::string_view name) const;
};

using TokenList = std::vector<Token>;
using TokenSpan = std::span<const Token>;

// Something the tokenizer recovered from, or could not.
struct TokenizerProblem {
    Position pos;
    std::string message;
    bool fatal = false; // an unterminated comment or string at the end of the file
};

// Splits `css` into tokens; the last one is eof. Comments are dropped. Problems are appended
// to `problems` in source order. `css` must be valid UTF-8.
TokenList tokenize(std::string_view css, std::vector<TokenizerProblem>& problems);

// ASCII lower-case copy.
std::string ascii_lower(std::string_view text);
// Equality ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);

// Writes tokens back as CSS text that tokenizes to the same tokens (whitespace runs become one
// space; leading and trailing whitespace are left out).
std::string serialize_tokens(TokenSpan tokens);
// Appends one token's CSS text.
void serialize_token(const Token& token, std::string& out);
// A CSS string literal for `text` ("…" with ", \ and control characters escaped).
std::string css_string(std::string_view text);
// `text` as a CSS identifier (escaping what needs it).
std::string css_ident(std::string_view text);

// Where the first invalid UTF-8 byte in `text` is, or npos.
std::size_t find_invalid_utf8(std::string_view text);

} // namespace galley::detail
