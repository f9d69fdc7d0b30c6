#include "style/css_tokenizer.hpp"

#include <charconv>

namespace galley::detail {

namespace {

constexpr int end_of_input = -1;

bool is_digit(int c) {
    return c >= '0' && c <= '9';
}
bool is_hex_digit(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_letter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Non-ASCII bytes are parts of non-ASCII code points, which are all name code points; NUL is
// read as U+FFFD, also a name code point.
bool is_name_start(int c) {
    return is_letter(c) || c == '_' || c >= 0x80 || c == 0;
}
bool is_name_char(int c) {
    return is_name_start(c) || is_digit(c) || c == '-';
}
bool is_newline(int c) {
    return c == '\n' || c == '\r' || c == '\f';
}
bool is_whitespace(int c) {
    return c == ' ' || c == '\t' || is_newline(c);
}
bool is_non_printable(int c) {
    return (c >= 0 && c <= 8) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
}

int hex_value(int c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

class Tokenizer {
  public:
    Tokenizer(std::string_view css, std::vector<TokenizerProblem>& problems)
        : css_(css), problems_(problems) {}

    TokenList run() {
        TokenList tokens;
        tokens.reserve(css_.size() / 3 + 16);
        for (;;) {
            consume_comments();
            Token token = next_token();
            bool done = token.type == TokenType::eof;
            tokens.push_back(std::move(token));
            if (done) break;
        }
        return tokens;
    }

  private:
    std::string_view css_;
    std::vector<TokenizerProblem>& problems_;
    std::size_t at_ = 0;
    int line_ = 1;
    int column_ = 1;

    int peek(std::size_t ahead = 0) const {
        std::size_t index = at_ + ahead;
        return index < css_.size() ? static_cast<unsigned char>(css_[index]) : end_of_input;
    }

    Position here() const { return Position{line_, column_, static_cast<std::int64_t>(at_)}; }

    // Consumes one byte, keeping line and column (columns count code points; CR LF is one
    // newline).
    void advance() {
        if (at_ >= css_.size()) return;
        unsigned char c = static_cast<unsigned char>(css_[at_]);
        ++at_;
        if (c >= 0x20 && c < 0x80) {
            ++column_;
        } else if (c == '\n' || c == '\f' || (c == '\r' && peek() != '\n')) {
            ++line_;
            column_ = 1;
        } else if (c != '\r' && (c & 0xC0) != 0x80) {
            ++column_;
        }
    }

    // Consumes `length` bytes that hold no newline and only ASCII.
    void advance_ascii(std::size_t length) {
        at_ += length;
        column_ += static_cast<int>(length);
    }

    // Consumes one code point and appends it (NUL becomes U+FFFD).
    void take(std::string& out) {
        int c = peek();
        if (c >= 0x20 && c < 0x80) {
            out += static_cast<char>(c);
            advance_ascii(1);
            return;
        }
        if (c == 0) {
            out += replacement_character;
            advance();
            return;
        }
        std::size_t length = 1;
        if (c >= 0xF0)
            length = 4;
        else if (c >= 0xE0)
            length = 3;
        else if (c >= 0xC0)
            length = 2;
        for (std::size_t k = 0; k < length && at_ < css_.size(); ++k) {
            out += css_[at_];
            advance();
        }
    }

    void problem(Position pos, std::string message, bool fatal = false) {
        problems_.push_back(TokenizerProblem{pos, std::move(message), fatal});
    }

    static bool valid_escape(int first, int second) { return first == '\\' && !is_newline(second); }

    bool starts_identifier(std::size_t ahead) const {
        int first = peek(ahead), second = peek(ahead + 1);
        if (first == '-')
            return is_name_start(second) || second == '-' || valid_escape(second, peek(ahead + 2));
        if (is_name_start(first)) return true;
        return valid_escape(first, second);
    }

    bool starts_number(std::size_t ahead) const {
        int first = peek(ahead), second = peek(ahead + 1);
        if (first == '+' || first == '-') {
            if (is_digit(second)) return true;
            return second == '.' && is_digit(peek(ahead + 2));
        }
        if (first == '.') return is_digit(second);
        return is_digit(first);
    }

    void consume_comments() {
        while (peek() == '/' && peek(1) == '*') {
            Position start = here();
            std::size_t close = css_.find("*/", at_ + 2);
            std::size_t stop = close == std::string_view::npos ? css_.size() : close + 2;
            while (at_ < stop) advance();
            if (close == std::string_view::npos) {
                problem(start, "unterminated comment (it runs to the end of the file)", true);
                return;
            }
        }
    }

    // After the backslash.
    void consume_escape(std::string& out) {
        int c = peek();
        if (c == end_of_input) {
            out += replacement_character;
            return;
        }
        if (is_hex_digit(c)) {
            char32_t value = 0;
            for (int n = 0; n < 6 && is_hex_digit(peek()); ++n) {
                value = value * 16 + static_cast<char32_t>(hex_value(peek()));
                advance();
            }
            if (peek() == '\r' && peek(1) == '\n') {
                advance();
                advance();
            } else if (is_whitespace(peek())) {
                advance();
            }
            if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
                out += replacement_character;
            else
                append_utf8(out, value);
            return;
        }
        take(out);
    }

    std::string consume_name() {
        std::string name;
        for (;;) {
            // A run of ASCII name characters at once.
            std::size_t run = 0;
            while (at_ + run < css_.size()) {
                int r = static_cast<unsigned char>(css_[at_ + run]);
                if (r >= 0x80 || r == 0 || !is_name_char(r)) break;
                ++run;
            }
            if (run > 0) {
                name.append(css_.data() + at_, run);
                advance_ascii(run);
            }
            int c = peek();
            if (is_name_char(c)) {
                take(name);
            } else if (valid_escape(c, peek(1))) {
                advance();
                consume_escape(name);
            } else {
                return name;
            }
        }
    }

    void consume_number(Token& token) {
        std::string text;
        bool integer = true;
        auto take_digits = [&] {
            while (is_digit(peek())) take(text);
        };
        if (peek() == '+' || peek() == '-') take(text);
        take_digits();
        if (peek() == '.' && is_digit(peek(1))) {
            take(text);
            take_digits();
            integer = false;
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
            take(text);
            if (peek() == '+' || peek() == '-') take(text);
            take_digits();
            integer = false;
        }
        std::string_view digits = text;
        bool negative = false;
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
            negative = digits[0] == '-';
            digits.remove_prefix(1);
        }
        double value = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), value);
        token.number = negative ? -value : value;
        token.is_integer = integer;
        token.value = std::move(text);
    }

    Token numeric_token() {
        Token token;
        consume_number(token);
        if (starts_identifier(0)) {
            token.type = TokenType::dimension;
            token.unit = consume_name();
        } else if (peek() == '%') {
            advance();
            token.type = TokenType::percentage;
        } else {
            token.type = TokenType::number;
        }
        return token;
    }

    Token ident_like_token() {
        Token token;
        token.value = consume_name();
        if (equals_ignoring_case(token.value, "url") && peek() == '(') {
            advance();
            while (is_whitespace(peek()) && is_whitespace(peek(1))) advance();
            int next = peek();
            if (next == '"' || next == '\'' ||
                (is_whitespace(next) && (peek(1) == '"' || peek(1) == '\''))) {
                token.type = TokenType::function;
                return token;
            }
            return url_token();
        }
        if (peek() == '(') {
            advance();
            token.type = TokenType::function;
            return token;
        }
        token.type = TokenType::ident;
        return token;
    }

    void consume_bad_url_remnants() {
        for (;;) {
            int c = peek();
            if (c == end_of_input) return;
            if (c == ')') {
                advance();
                return;
            }
            if (valid_escape(c, peek(1))) {
                advance();
                std::string ignored;
                consume_escape(ignored);
            } else {
                advance();
            }
        }
    }

    Token url_token() {
        Token token;
        token.type = TokenType::url;
        while (is_whitespace(peek())) advance();
        for (;;) {
            int c = peek();
            if (c == ')') {
                advance();
                return token;
            }
            if (c == end_of_input) {
                problem(here(), "unterminated url() (it runs to the end of the file)", true);
                return token;
            }
            if (is_whitespace(c)) {
                while (is_whitespace(peek())) advance();
                if (peek() == ')' || peek() == end_of_input) continue;
                problem(here(), "space inside an unquoted url()");
                consume_bad_url_remnants();
                token.type = TokenType::bad_url;
                return token;
            }
            if (c == '"' || c == '\'' || c == '(' || is_non_printable(c)) {
                problem(here(), "unexpected character in an unquoted url() (quote the url)");
                consume_bad_url_remnants();
                token.type = TokenType::bad_url;
                return token;
            }
            if (c == '\\') {
                if (valid_escape(c, peek(1))) {
                    advance();
                    consume_escape(token.value);
                    continue;
                }
                problem(here(), "bad escape in url()");
                consume_bad_url_remnants();
                token.type = TokenType::bad_url;
                return token;
            }
            take(token.value);
        }
    }

    Token string_token(int quote) {
        Token token;
        token.type = TokenType::string;
        Position start = here();
        advance();
        for (;;) {
            int c = peek();
            if (c == quote) {
                advance();
                return token;
            }
            if (c == end_of_input) {
                problem(start, "unterminated string (it runs to the end of the file)", true);
                return token;
            }
            if (is_newline(c)) {
                problem(start, "unterminated string (a newline ends it)");
                token.type = TokenType::bad_string;
                return token;
            }
            if (c >= 0x20 && c < 0x80 && c != '\\') {
                std::size_t run = 1;
                while (at_ + run < css_.size()) {
                    int r = static_cast<unsigned char>(css_[at_ + run]);
                    if (r < 0x20 || r >= 0x80 || r == quote || r == '\\') break;
                    ++run;
                }
                token.value.append(css_.data() + at_, run);
                advance_ascii(run);
                continue;
            }
            if (c == '\\') {
                int next = peek(1);
                if (next == end_of_input) {
                    advance();
                    continue;
                }
                if (is_newline(next)) {
                    advance();
                    if (peek() == '\r' && peek(1) == '\n') advance();
                    advance();
                    continue;
                }
                advance();
                consume_escape(token.value);
                continue;
            }
            take(token.value);
        }
    }

    Token simple(TokenType type, std::size_t length = 1) {
        Token token;
        token.type = type;
        for (std::size_t k = 0; k < length; ++k) advance();
        return token;
    }

    Token delim() {
        Token token;
        token.type = TokenType::delim;
        take(token.value);
        return token;
    }

    Token next_token() {
        Position start = here();
        Token token = dispatch();
        token.pos = start;
        return token;
    }

    Token dispatch() {
        int c = peek();
        switch (c) {
        case end_of_input:
            return Token{};
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '\f': {
            while (is_whitespace(peek())) advance();
            Token token;
            token.type = TokenType::whitespace;
            return token;
        }
        case '"':
        case '\'':
            return string_token(c);
        case '#':
            if (is_name_char(peek(1)) || valid_escape(peek(1), peek(2))) {
                advance();
                Token token;
                token.type = TokenType::hash;
                token.hash_is_id = starts_identifier(0);
                token.value = consume_name();
                return token;
            }
            return delim();
        case '(':
            return simple(TokenType::open_paren);
        case ')':
            return simple(TokenType::close_paren);
        case '[':
            return simple(TokenType::open_square);
        case ']':
            return simple(TokenType::close_square);
        case '{':
            return simple(TokenType::open_curly);
        case '}':
            return simple(TokenType::close_curly);
        case ',':
            return simple(TokenType::comma);
        case ':':
            return simple(TokenType::colon);
        case ';':
            return simple(TokenType::semicolon);
        case '+':
        case '.':
            if (starts_number(0)) return numeric_token();
            return delim();
        case '-':
            if (starts_number(0)) return numeric_token();
            if (peek(1) == '-' && peek(2) == '>') return simple(TokenType::cdc, 3);
            if (starts_identifier(0)) return ident_like_token();
            return delim();
        case '<':
            if (peek(1) == '!' && peek(2) == '-' && peek(3) == '-')
                return simple(TokenType::cdo, 4);
            return delim();
        case '@':
            if (starts_identifier(1)) {
                advance();
                Token token;
                token.type = TokenType::at_keyword;
                token.value = consume_name();
                return token;
            }
            return delim();
        case '\\':
            if (valid_escape(c, peek(1))) return ident_like_token();
            problem(here(), "stray backslash");
            return delim();
        default:
            break;
        }
        if (is_digit(c)) return numeric_token();
        if (is_name_start(c)) return ident_like_token();
        return delim();
    }
};

bool is_name_text(std::string_view text) {
    for (char ch : text)
        if (!is_name_char(static_cast<unsigned char>(ch))) return false;
    return true;
}

void append_escaped_name_chars(std::string_view text, std::string& out) {
    for (char ch : text) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (is_name_char(c) && c != 0) {
            out += ch;
        } else if (c < 0x20 || c == 0x7F) {
            static const char hex[] = "0123456789abcdef";
            out += '\\';
            if (c >= 16) out += hex[c >> 4];
            out += hex[c & 15];
            out += ' ';
        } else {
            out += '\\';
            out += ch;
        }
    }
}

} // namespace

bool Token::is_ident(std::string_view name) const {
    return (type == TokenType::ident || type == TokenType::function ||
            type == TokenType::at_keyword) &&
           equals_ignoring_case(value, name);
}

TokenList tokenize(std::string_view css, std::vector<TokenizerProblem>& problems) {
    return Tokenizer(css, problems).run();
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string css_string(std::string_view text) {
    std::string out = "\"";
    for (char ch : text) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7F) {
            static const char hex[] = "0123456789abcdef";
            out += '\\';
            if (c >= 16) out += hex[c >> 4];
            out += hex[c & 15];
            out += ' ';
        } else {
            out += ch;
        }
    }
    out += '"';
    return out;
}

std::string css_ident(std::string_view text) {
    std::string out;
    if (text.empty()) return out;
    std::size_t start = 0;
    if (text[0] == '-') {
        out += '-';
        start = 1;
        if (text.size() == 1) return "\\-";
    }
    if (start < text.size() && is_digit(static_cast<unsigned char>(text[start]))) {
        out += "\\3";
        out += text[start];
        out += ' ';
        ++start;
    }
    append_escaped_name_chars(text.substr(start), out);
    return out;
}

void serialize_token(const Token& token, std::string& out) {
    switch (token.type) {
    case TokenType::ident:
        out += css_ident(token.value);
        break;
    case TokenType::function:
        out += css_ident(token.value) + "(";
        break;
    case TokenType::at_keyword:
        out += "@" + css_ident(token.value);
        break;
    case TokenType::hash:
        out += '#';
        if (is_name_text(token.value))
            out += token.value;
        else
            append_escaped_name_chars(token.value, out);
        break;
    case TokenType::string:
    case TokenType::bad_string:
        out += css_string(token.value);
        break;
    case TokenType::url: {
        bool plain = !token.value.empty();
        for (char ch : token.value) {
            unsigned char c = static_cast<unsigned char>(ch);
            if (c <= 0x20 || c == 0x7F || ch == '"' || ch == '\'' || ch == '(' || ch == ')' ||
                ch == '\\')
                plain = false;
        }
        out += "url(" + (plain ? token.value : css_string(token.value)) + ")";
        break;
    }
    case TokenType::bad_url:
        out += "url()";
        break;
    case TokenType::delim:
        out += token.value;
        break;
    case TokenType::number:
        out += token.value;
        break;
    case TokenType::percentage:
        out += token.value + "%";
        break;
    case TokenType::dimension:
        out += token.value;
        if (!token.unit.empty() && (token.unit[0] == 'e' || token.unit[0] == 'E')) {
            // "1" + "em" is fine, but "1" + "e3x" would read back as a number.
            if (token.unit.size() > 1 && (is_digit(static_cast<unsigned char>(token.unit[1])) ||
                                          token.unit[1] == '-' || token.unit[1] == '+')) {
                out += token.unit[0] == 'e' ? "\\65 " : "\\45 ";
                append_escaped_name_chars(std::string_view(token.unit).substr(1), out);
                break;
            }
        }
        append_escaped_name_chars(token.unit, out);
        break;
    case TokenType::whitespace:
        out += ' ';
        break;
    case TokenType::cdo:
        out += "<!--";
        break;
    case TokenType::cdc:
        out += "-->";
        break;
    case TokenType::colon:
        out += ':';
        break;
    case TokenType::semicolon:
        out += ';';
        break;
    case TokenType::comma:
        out += ',';
        break;
    case TokenType::open_square:
        out += '[';
        break;
    case TokenType::close_square:
        out += ']';
        break;
    case TokenType::open_paren:
        out += '(';
        break;
    case TokenType::close_paren:
        out += ')';
        break;
    case TokenType::open_curly:
        out += '{';
        break;
    case TokenType::close_curly:
        out += '}';
        break;
    case TokenType::eof:
        break;
    }
}

std::string serialize_tokens(TokenSpan tokens) {
    std::size_t first = 0, last = tokens.size();
    while (first < last && tokens[first].type == TokenType::whitespace) ++first;
    while (last > first && (tokens[last - 1].type == TokenType::whitespace ||
                            tokens[last - 1].type == TokenType::eof))
        --last;
    std::string out;
    for (std::size_t i = first; i < last; ++i) serialize_token(tokens[i], out);
    return out;
}

std::size_t find_invalid_utf8(std::string_view text) {
    std::size_t i = 0, n = text.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length;
        char32_t min;
        char32_t cp;
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + length > n) return i;
        for (std::size_t k = 1; k < length; ++k) {
            unsigned char next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += length;
    }
    return std::string::npos;
}

} // namespace galley::detail
