// Parsing a style sheet: CSS Syntax Level 3 rule and declaration lists, selectors, @media,
// @page with margin boxes, @font-face. Recovery as CSS specifies; see style.hpp for what is an
// error and what a warning.
#include "galley/style.hpp"

#include "style/css_tokenizer.hpp"
#include "style/css_values.hpp"
#include "style/sheet_data.hpp"

#include "galley/resources.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <unordered_map>

namespace galley {

namespace detail {

namespace {

namespace fs = std::filesystem;

constexpr int max_block_depth = 64;
constexpr std::size_t max_compounds = 32;
// A style sheet is a few KiB; its tokens take some 100 times its size in memory.
constexpr std::size_t max_sheet_bytes = std::size_t{2} << 20;
// A rule's selector list, as written.
constexpr std::int64_t max_selector_bytes = 64 * 1024;

// True when `path` is `folder` or inside it (both canonical).
bool is_within(const fs::path& path, const fs::path& folder) {
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
        if (f->empty()) continue; // a trailing separator
        if (p == path.end() || *p != *f) return false;
    }
    return true;
}

// The folders @font-face files may be read from besides the sheet's own: galley's fonts, the
// system's font folders and those listed in GALLEY_FONT_PATH (separated by ':'), canonical.
std::vector<fs::path> font_folders_allowed(const fs::path& sheet_folder) {
    std::vector<fs::path> folders;
    auto add = [&](const fs::path& folder) {
        std::error_code ec;
        fs::path real = fs::canonical(folder, ec);
        if (!ec) folders.push_back(std::move(real));
    };
    add(sheet_folder);
    add(fonts_dir());
    add("/usr/share/fonts");
    add("/usr/local/share/fonts");
    if (const char* env = std::getenv("GALLEY_FONT_PATH"); env && *env) {
        std::string_view list = env;
        while (!list.empty()) {
            std::size_t colon = list.find(':');
            std::string_view one = list.substr(0, colon);
            if (!one.empty()) add(fs::path(std::string(one)));
            list = colon == std::string_view::npos ? std::string_view{} : list.substr(colon + 1);
        }
    }
    return folders;
}

// A declaration split out of a declaration list, before its property is looked at.
struct RawDeclaration {
    const Token* name;
    TokenSpan value; // trimmed, without !important
    bool important = false;
};

bool is_margin_box_name(std::string_view name, MarginBoxPosition& position) {
    static constexpr std::pair<std::string_view, MarginBoxPosition> names[] = {
        {"top-left-corner", MarginBoxPosition::top_left_corner},
        {"top-left", MarginBoxPosition::top_left},
        {"top-center", MarginBoxPosition::top_center},
        {"top-right", MarginBoxPosition::top_right},
        {"top-right-corner", MarginBoxPosition::top_right_corner},
        {"bottom-left-corner", MarginBoxPosition::bottom_left_corner},
        {"bottom-left", MarginBoxPosition::bottom_left},
        {"bottom-center", MarginBoxPosition::bottom_center},
        {"bottom-right", MarginBoxPosition::bottom_right},
        {"bottom-right-corner", MarginBoxPosition::bottom_right_corner},
        {"left-top", MarginBoxPosition::left_top},
        {"left-middle", MarginBoxPosition::left_middle},
        {"left-bottom", MarginBoxPosition::left_bottom},
        {"right-top", MarginBoxPosition::right_top},
        {"right-middle", MarginBoxPosition::right_middle},
        {"right-bottom", MarginBoxPosition::right_bottom},
    };
    for (const auto& [n, p] : names)
        if (equals_ignoring_case(name, n)) {
            position = p;
            return true;
        }
    return false;
}

bool is_known_role(std::string_view role) {
    for (std::string_view r : known_roles())
        if (r == role) return true;
    return false;
}

std::string shorten(std::string text) {
    constexpr std::size_t limit = 60;
    if (text.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "…";
    }
    return text;
}

std::string describe(const Token& token) {
    switch (token.type) {
    case TokenType::eof:
        return "end of file";
    case TokenType::whitespace:
        return "space";
    default: {
        std::string text;
        serialize_token(token, text);
        return "'" + shorten(text) + "'";
    }
    }
}

std::string percent_decode(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
            hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

class SheetParser {
  public:
    SheetParser(std::string_view css, std::string file, Warnings& warnings)
        : css_(css), warnings_(warnings) {
        data_ = std::make_shared<StyleSheetData>();
        data_->file = std::move(file);
    }

    std::shared_ptr<StyleSheetData> run() {
        if (css_.starts_with("\xEF\xBB\xBF")) {
            css_.remove_prefix(3);
            offset_shift_ = 3;
        }
        if (css_.size() > max_sheet_bytes)
            throw Error(ErrorCode::limit, data_->file,
                        "the style sheet is " + std::to_string(css_.size() >> 10) +
                            " KiB; galley reads style sheets of at most 2 MiB");
        if (std::size_t bad = find_invalid_utf8(css_); bad != std::string_view::npos)
            throw Error(ErrorCode::encoding, data_->file, position_of(bad),
                        "invalid UTF-8 (a style sheet must be UTF-8)");

        std::error_code ec;
        fs::path folder = fs::path(data_->file).parent_path();
        data_->base_dir =
            fs::absolute(folder.empty() ? fs::path(".") : folder, ec).lexically_normal();

        std::vector<TokenizerProblem> problems;
        tokens_ = tokenize(css_, problems);
        for (auto& p : problems) {
            if (p.fatal)
                note_error(ErrorCode::syntax, p.pos, p.message);
            else
                warn(p.pos, p.message);
        }

        rule_list(0, tokens_.size(), all_media, 0, true);

        std::stable_sort(found_.begin(), found_.end(), [](const Warning& a, const Warning& b) {
            return a.pos.offset < b.pos.offset;
        });
        for (auto& w : found_) {
            if (w.pos.offset >= 0) w.pos.offset += offset_shift_;
            warnings_.push_back(std::move(w));
        }
        if (error_) throw *error_;

        data_->build_index();
        return data_;
    }

  private:
    std::string_view css_;
    Warnings& warnings_;
    Warnings found_;
    std::optional<Error> error_;
    std::shared_ptr<StyleSheetData> data_;
    TokenList tokens_;
    std::uint32_t rule_order_ = 0;
    std::uint32_t page_order_ = 0;
    std::int64_t offset_shift_ = 0;
    bool seen_rule_ = false;
    std::optional<std::vector<fs::path>> allowed_font_folders_;

    Position position_of(std::size_t offset) const {
        Position pos{1, 1, static_cast<std::int64_t>(offset) + offset_shift_};
        for (std::size_t i = 0; i < offset && i < css_.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(css_[i]);
            if (c == '\n' || c == '\f' ||
                (c == '\r' && (i + 1 >= css_.size() || css_[i + 1] != '\n'))) {
                ++pos.line;
                pos.column = 1;
            } else if (c != '\r' && (c & 0xC0) != 0x80) {
                ++pos.column;
            }
        }
        return pos;
    }

    void warn(Position pos, std::string message) {
        found_.push_back(Warning{data_->file, pos, std::move(message)});
    }

    // The first error is thrown once the whole sheet has been read, so that the warnings
    // before and after it are reported too.
    void note_error(ErrorCode code, Position pos, std::string message) {
        if (error_) return;
        Position shown = pos;
        if (shown.offset >= 0) shown.offset += offset_shift_;
        error_.emplace(code, data_->file, shown, std::move(message));
    }

    const Token& at(std::size_t i) const { return tokens_[std::min(i, tokens_.size() - 1)]; }

    // The index of the token closing the block opened at `open`, or `end` when it is never
    // closed before `end` (then an error is noted).
    std::size_t block_close(std::size_t open, std::size_t end) {
        std::size_t close = block_close_index(TokenSpan(tokens_).first(end), open);
        if (close >= end) {
            note_error(ErrorCode::syntax, at(open).pos,
                       "'{' is never closed (a '}' is missing before the end of the file)");
            return end;
        }
        return close;
    }

    // Skips from `i` to just after the next top-level `;` (or to the end of a {} block that
    // ends an at-rule), within [i, end).
    std::size_t skip_past_semicolon(std::size_t i, std::size_t end) {
        while (i < end && tokens_[i].type != TokenType::eof) {
            if (tokens_[i].type == TokenType::semicolon) return i + 1;
            i = std::min(skip_block(TokenSpan(tokens_).first(end), i), end);
        }
        return end;
    }

    // ---- rule lists ------------------------------------------------------------------------

    void rule_list(std::size_t begin, std::size_t end, unsigned media, int depth, bool top_level) {
        std::size_t i = begin;
        while (i < end) {
            const Token& t = tokens_[i];
            switch (t.type) {
            case TokenType::eof:
                return;
            case TokenType::whitespace:
                ++i;
                continue;
            case TokenType::cdo:
            case TokenType::cdc:
                if (top_level) {
                    ++i;
                    continue;
                }
                break;
            case TokenType::at_keyword:
                i = at_rule(i, end, media, depth);
                continue;
            default:
                break;
            }
            i = qualified_rule(i, end, media);
        }
    }

    // The prelude of an at-rule or qualified rule: from `i` to the first top-level `{` or `;`
    // (`;` only ends at-rule preludes).
    std::size_t prelude_end(std::size_t i, std::size_t end, bool semicolon_ends) {
        while (i < end) {
            TokenType type = tokens_[i].type;
            if (type == TokenType::eof || type == TokenType::open_curly) return i;
            if (semicolon_ends && type == TokenType::semicolon) return i;
            i = std::min(skip_block(TokenSpan(tokens_).first(end), i), end);
        }
        return end;
    }

    std::size_t qualified_rule(std::size_t i, std::size_t end, unsigned media) {
        Position start = tokens_[i].pos;
        std::size_t brace = prelude_end(i, end, false);
        if (brace >= end || tokens_[brace].type != TokenType::open_curly) {
            warn(start, "a selector without a '{…}' block; dropped");
            return end;
        }
        std::size_t close = block_close(brace, end);
        seen_rule_ = true;
        if (tokens_[brace].pos.offset - start.offset > max_selector_bytes) {
            warn(start, "selector longer than " + std::to_string(max_selector_bytes >> 10) +
                            " KiB (" +
                            std::to_string((tokens_[brace].pos.offset - start.offset) >> 10) +
                            " KiB); rule dropped");
            return close + 1;
        }
        std::string why;
        Position where = start;
        std::vector<Selector> selectors =
            selector_list(TokenSpan(tokens_).subspan(i, brace - i), why, where);
        if (selectors.empty()) {
            warn(where, why + "; rule dropped");
            return close + 1;
        }
        StyleRule rule;
        rule.selectors = std::move(selectors);
        rule.media = media;
        rule.order = rule_order_++;
        rule.pos = start;
        bool any_pseudo = false;
        for (const auto& s : rule.selectors) any_pseudo = any_pseudo || s.pseudo.has_value();
        declaration_list(brace + 1, close, [&](const RawDeclaration& d) {
            add_declaration(d, rule.block, in_element, any_pseudo);
        });
        if (media) data_->rules.push_back(std::move(rule));
        return close + 1;
    }

    std::size_t at_rule(std::size_t i, std::size_t end, unsigned media, int depth) {
        const Token& keyword = tokens_[i];
        std::string name = ascii_lower(keyword.value);
        std::size_t stop = prelude_end(i + 1, end, true);
        TokenSpan prelude = TokenSpan(tokens_).subspan(i + 1, stop - i - 1);
        bool has_block = stop < end && tokens_[stop].type == TokenType::open_curly;
        std::size_t close = has_block ? block_close(stop, end) : stop;
        std::size_t next = std::min(close + 1, end);

        if (name == "charset") {
            const Token* value = ComponentReader(prelude).peek();
            if (seen_rule_ || !value || value->type != TokenType::string ||
                !equals_ignoring_case(value->value, "utf-8"))
                warn(keyword.pos, "@charset is ignored (a style sheet is always UTF-8)");
            seen_rule_ = true;
            return next;
        }
        seen_rule_ = true;
        if (name == "import") {
            warn(keyword.pos, "@import is not supported (put the rules in this sheet); ignored");
            return next;
        }
        MarginBoxPosition box;
        if (is_margin_box_name(name, box)) {
            warn(keyword.pos, "@" + name + " belongs inside @page; ignored");
            return next;
        }
        if (name != "media" && name != "page" && name != "font-face") {
            warn(keyword.pos, "unknown at-rule '@" + keyword.value + "'; ignored");
            return next;
        }
        if (!has_block) {
            warn(keyword.pos, "@" + name + " without a '{…}' block; ignored");
            return next;
        }
        if (depth + 1 > max_block_depth) {
            note_error(ErrorCode::limit, keyword.pos,
                       "rules nested deeper than " + std::to_string(max_block_depth) + " levels");
            return end;
        }
        if (name == "media") {
            unsigned mask = media_query_list(prelude, keyword.pos);
            rule_list(stop + 1, close, media & mask, depth + 1, false);
        } else if (name == "page") {
            page_rule(prelude, stop + 1, close, media);
        } else {
            font_face_rule(keyword.pos, stop + 1, close, media);
        }
        return next;
    }

    // ---- declarations ----------------------------------------------------------------------

    // Splits [begin, end) into declarations, calling `on_declaration` for each; at-rules go to
    // `on_at_rule` (which returns the index after the at-rule), or are dropped with a warning.
    template <class OnDeclaration, class OnAtRule>
    void declaration_list(std::size_t begin, std::size_t end, OnDeclaration on_declaration,
                          OnAtRule on_at_rule) {
        std::size_t i = begin;
        while (i < end) {
            const Token& t = tokens_[i];
            if (t.type == TokenType::whitespace || t.type == TokenType::semicolon) {
                ++i;
                continue;
            }
            if (t.type == TokenType::eof) return;
            if (t.type == TokenType::at_keyword) {
                i = on_at_rule(i, end);
                continue;
            }
            std::size_t stop = skip_past_semicolon(i, end);
            std::size_t value_end = stop;
            if (value_end > i && value_end <= end &&
                tokens_[value_end - 1].type == TokenType::semicolon)
                --value_end;
            if (t.type != TokenType::ident) {
                warn(t.pos, "expected a property name, found " + describe(t) +
                                "; skipped to the next ';'");
                i = stop;
                continue;
            }
            std::size_t k = i + 1;
            while (k < value_end && tokens_[k].type == TokenType::whitespace) ++k;
            if (k >= value_end || tokens_[k].type != TokenType::colon) {
                warn(k < value_end ? tokens_[k].pos : t.pos,
                     "expected ':' after '" + t.value + "'; declaration dropped");
                i = stop;
                continue;
            }
            RawDeclaration d;
            d.name = &t;
            std::size_t v0 = k + 1, v1 = value_end;
            while (v0 < v1 && tokens_[v0].type == TokenType::whitespace) ++v0;
            while (v1 > v0 && tokens_[v1 - 1].type == TokenType::whitespace) --v1;
            // !important
            if (v1 > v0 && tokens_[v1 - 1].is_ident("important") &&
                tokens_[v1 - 1].type == TokenType::ident) {
                std::size_t bang = v1 - 1;
                while (bang > v0 && tokens_[bang - 1].type == TokenType::whitespace) --bang;
                if (bang > v0 && tokens_[bang - 1].is_delim('!')) {
                    d.important = true;
                    v1 = bang - 1;
                    while (v1 > v0 && tokens_[v1 - 1].type == TokenType::whitespace) --v1;
                }
            }
            d.value = TokenSpan(tokens_).subspan(v0, v1 - v0);
            on_declaration(d);
            i = stop;
        }
    }

    template <class OnDeclaration>
    void declaration_list(std::size_t begin, std::size_t end, OnDeclaration on_declaration) {
        declaration_list(begin, end, on_declaration, [&](std::size_t i, std::size_t stop) {
            warn(tokens_[i].pos, "@" + tokens_[i].value + " is not allowed here; ignored");
            return skip_at_rule(i, stop);
        });
    }

    std::size_t skip_at_rule(std::size_t i, std::size_t end) {
        std::size_t stop = prelude_end(i + 1, end, true);
        if (stop < end && tokens_[stop].type == TokenType::open_curly)
            return std::min(block_close(stop, end) + 1, end);
        return std::min(stop + 1, end);
    }

    static const char* context_name(unsigned context) {
        if (context == in_page) return "@page";
        if (context == in_margin_box) return "a margin box";
        return "a style rule";
    }

    void add_declaration(const RawDeclaration& raw, DeclarationBlock& block, unsigned context,
                         bool pseudo_rule = false) {
        const Token& name_token = *raw.name;
        Declaration d;
        d.pos = name_token.pos;
        d.value_pos = raw.value.empty() ? name_token.pos : raw.value.front().pos;
        d.important = raw.important;
        d.value.assign(raw.value.begin(), raw.value.end());
        d.has_var = contains_var(raw.value);
        for (const Token& t : raw.value)
            if (t.type == TokenType::bad_string || t.type == TokenType::bad_url) return; // reported

        if (name_token.value.starts_with("--")) {
            d.name = name_token.value;
            d.property = Property::custom;
            CascadeEntry entry{Property::custom,
                               d.important,
                               true,
                               static_cast<std::uint32_t>(block.declarations.size()),
                               {}};
            block.declarations.push_back(std::move(d));
            block.entries.push_back(std::move(entry));
            return;
        }
        d.name = ascii_lower(name_token.value);
        const PropertyInfo* info = find_property(d.name);
        if (!info) {
            warn(d.pos, "unknown property '" + name_token.value + "'");
            return;
        }
        if (!(info->contexts & context)) {
            std::string where;
            if (info->contexts == in_page) where = " (it belongs in @page)";
            warn(d.pos, "property '" + d.name + "' does not apply in " + context_name(context) +
                            where + "; ignored");
            return;
        }
        if (raw.value.empty()) {
            warn(d.pos, "property '" + d.name + "' has no value; ignored");
            return;
        }
        if (info->property == Property::content && context == in_element && !pseudo_rule) {
            warn(d.pos, "'content' applies only to ::before, ::after and margin boxes; ignored");
            return;
        }
        d.property = info->property;
        auto index = static_cast<std::uint32_t>(block.declarations.size());
        if (d.has_var) {
            block.entries.push_back(CascadeEntry{d.property, d.important, true, index, {}});
            block.declarations.push_back(std::move(d));
            return;
        }
        std::vector<ParsedLonghand> longhands;
        if (!parse_property_value(d.property, raw.value, longhands)) {
            std::string message =
                "invalid value for '" + d.name + "': " + shorten(serialize_tokens(raw.value));
            if (const std::string_view hint = value_hint(d.property); !hint.empty())
                message += " (" + std::string(hint) + ")";
            warn(d.value_pos, std::move(message));
            return;
        }
        for (auto& l : longhands)
            block.entries.push_back(
                CascadeEntry{l.property, d.important, false, index, std::move(l.value)});
        block.declarations.push_back(std::move(d));
    }

    // ---- selectors -------------------------------------------------------------------------

    std::vector<Selector> selector_list(TokenSpan prelude, std::string& why, Position& where) {
        std::vector<Selector> selectors;
        for (TokenSpan part : split_commas(prelude)) {
            auto selector = parse_selector(part, why, where);
            if (!selector) return {};
            selectors.push_back(std::move(*selector));
        }
        return selectors;
    }

    std::optional<Selector> parse_selector(TokenSpan tokens, std::string& why, Position& where) {
        std::size_t i = 0, n = tokens.size();
        auto skip_ws = [&] {
            bool any = false;
            while (i < n && tokens[i].type == TokenType::whitespace) {
                ++i;
                any = true;
            }
            return any;
        };
        auto fail = [&](const Token& t, std::string message) -> std::optional<Selector> {
            why = std::move(message);
            where = t.pos;
            return std::nullopt;
        };
        skip_ws();
        if (i >= n) {
            why = "empty selector";
            if (!tokens.empty()) where = tokens.front().pos;
            return std::nullopt;
        }
        Selector selector;
        std::uint32_t ids = 0, classes = 0, types = 0;
        Combinator combinator = Combinator::descendant;
        for (;;) {
            Compound compound;
            compound.combinator = combinator;
            bool any = false;
            if (i < n && tokens[i].type == TokenType::ident) {
                compound.role = ascii_lower(tokens[i].value);
                if (!is_known_role(compound.role))
                    warn(tokens[i].pos,
                         "unknown element '" + tokens[i].value + "' (it never matches)");
                ++types;
                ++i;
                any = true;
            } else if (i < n && tokens[i].is_delim('*')) {
                ++i;
                any = true;
            }
            while (i < n) {
                const Token& t = tokens[i];
                if (selector.pseudo && t.type != TokenType::whitespace)
                    return fail(t, "nothing may follow a pseudo-element in a selector");
                if (t.type == TokenType::hash) {
                    if (!t.hash_is_id) return fail(t, "invalid id selector " + describe(t));
                    compound.id = t.value;
                    ++ids;
                    ++i;
                } else if (t.is_delim('.')) {
                    if (i + 1 >= n || tokens[i + 1].type != TokenType::ident)
                        return fail(t, "expected a class name after '.'");
                    compound.classes.push_back(tokens[i + 1].value);
                    ++classes;
                    i += 2;
                } else if (t.type == TokenType::open_square) {
                    std::size_t close = block_close_index(tokens, i);
                    if (close >= n) return fail(t, "'[' is never closed");
                    auto test = attribute_test(tokens.subspan(i + 1, close - i - 1));
                    if (!test)
                        return fail(t, "unsupported attribute selector (use [key] or [key=value])");
                    compound.attributes.push_back(std::move(*test));
                    ++classes;
                    i = close + 1;
                } else if (t.type == TokenType::colon) {
                    bool element = i + 1 < n && tokens[i + 1].type == TokenType::colon;
                    std::size_t k = i + (element ? 2 : 1);
                    if (k >= n) return fail(t, "expected a pseudo-class name after ':'");
                    const Token& p = tokens[k];
                    std::string pname = ascii_lower(p.value);
                    if (p.type == TokenType::function)
                        return fail(p, "pseudo-class ':" + p.value + "()' is not supported");
                    if (p.type != TokenType::ident)
                        return fail(p, "expected a pseudo-class name after ':'");
                    if (pname == "before" || pname == "after") {
                        selector.pseudo =
                            pname == "before" ? PseudoElement::before : PseudoElement::after;
                        ++types;
                    } else if (element) {
                        return fail(p, "pseudo-element '::" + p.value + "' is not supported");
                    } else {
                        std::uint8_t bit = 0;
                        if (pname == "first-child")
                            bit = first_child;
                        else if (pname == "last-child")
                            bit = last_child;
                        else if (pname == "only-child")
                            bit = only_child;
                        else if (pname == "first-of-type")
                            bit = first_of_type;
                        else if (pname == "last-of-type")
                            bit = last_of_type;
                        else if (pname == "only-of-type")
                            bit = only_of_type;
                        else if (pname == "first-line" || pname == "first-letter")
                            return fail(p, "pseudo-element '::" + p.value + "' is not supported");
                        else
                            return fail(p, "pseudo-class ':" + p.value + "' is not supported");
                        compound.pseudo_classes |= bit;
                        compound.pseudo_class_names.push_back(pname);
                        ++classes;
                    }
                    i = k + 1;
                } else {
                    break;
                }
                any = true;
            }
            if (!any) {
                const Token& t = i < n ? tokens[i] : tokens.back();
                return fail(t, "expected a selector, found " + describe(t));
            }
            selector.compounds.push_back(std::move(compound));
            if (selector.compounds.size() > max_compounds)
                return fail(tokens.front(),
                            "selector with more than " + std::to_string(max_compounds) + " parts");
            bool space = skip_ws();
            if (i >= n) break;
            const Token& t = tokens[i];
            if (t.is_delim('>') || t.is_delim('+') || t.is_delim('~')) {
                if (selector.pseudo)
                    return fail(t, "nothing may follow a pseudo-element in a selector");
                combinator = t.is_delim('>')   ? Combinator::child
                             : t.is_delim('+') ? Combinator::adjacent_sibling
                                               : Combinator::general_sibling;
                ++i;
                skip_ws();
                if (i >= n) return fail(t, "expected a selector after '" + t.value + "'");
            } else if (space && !selector.pseudo) {
                combinator = Combinator::descendant;
            } else {
                return fail(t, "unexpected " + describe(t) + " in selector");
            }
        }
        auto clamp = [](std::uint32_t v) { return std::min<std::uint32_t>(v, 1023); };
        selector.specificity = clamp(ids) << 20 | clamp(classes) << 10 | clamp(types);
        return selector;
    }

    static std::optional<AttributeTest> attribute_test(TokenSpan inside) {
        ComponentReader reader(inside);
        const Token* key = reader.next();
        if (!key || key->type != TokenType::ident) return std::nullopt;
        AttributeTest test{key->value, std::nullopt};
        if (reader.done()) return test;
        const Token* op = reader.next();
        if (!op->is_delim('=')) return std::nullopt;
        const Token* value = reader.next();
        if (!value || (value->type != TokenType::ident && value->type != TokenType::string) ||
            !reader.done())
            return std::nullopt;
        test.value = value->value;
        return test;
    }

    // ---- @media ----------------------------------------------------------------------------

    unsigned media_query_list(TokenSpan prelude, Position at_pos) {
        if (ComponentReader(prelude).done()) return all_media;
        unsigned mask = 0;
        for (TokenSpan query : split_commas(prelude)) {
            ComponentReader reader(query);
            const Token* t = reader.next();
            if (!t) {
                warn(at_pos, "empty media query (it never matches)");
                continue;
            }
            bool negate = false;
            if (t->is_ident("not") || t->is_ident("only")) {
                negate = t->is_ident("not");
                t = reader.next();
            }
            if (!t || t->type != TokenType::ident) {
                warn(t ? t->pos : at_pos, "media features are not supported (galley knows pdf, "
                                          "epub, print, screen, all); this query never matches");
                continue;
            }
            unsigned bits = 0;
            std::string type = ascii_lower(t->value);
            if (type == "pdf")
                bits = media_bit(Medium::pdf);
            else if (type == "epub")
                bits = media_bit(Medium::epub);
            else if (type == "print")
                bits = media_bit(Medium::print);
            else if (type == "screen")
                bits = media_bit(Medium::pdf) | media_bit(Medium::epub);
            else if (type == "all")
                bits = all_media;
            else if (type != "tv" && type != "speech" && type != "projection" &&
                     type != "handheld" && type != "tty" && type != "braille" &&
                     type != "embossed" && type != "aural")
                warn(t->pos, "unknown medium '" + t->value +
                                 "' (galley knows pdf, epub, print, screen, all)");
            if (!reader.done()) {
                const Token* extra = reader.peek();
                warn(extra->pos, "media features are not supported (galley knows pdf, epub, print, "
                                 "screen, all); this query never matches");
                continue;
            }
            mask |= negate ? (all_media & ~bits) : bits;
        }
        return mask;
    }

    // ---- @page -----------------------------------------------------------------------------

    void page_rule(TokenSpan prelude, std::size_t begin, std::size_t end, unsigned media) {
        PageRule rule;
        rule.media = media;
        rule.order = page_order_++;
        bool usable = ComponentReader(prelude).done();
        if (!usable) {
            for (TokenSpan part : split_commas(prelude)) {
                PageSelector selector;
                std::size_t i = 0, n = part.size();
                bool ok = true;
                while (i < n && part[i].type == TokenType::whitespace) ++i;
                if (i < n && part[i].type == TokenType::ident) {
                    warn(part[i].pos,
                         "named pages (@page " + part[i].value + ") are not supported; ignored");
                    ok = false;
                }
                std::uint32_t g = 0, h = 0;
                while (ok && i < n) {
                    if (part[i].type == TokenType::whitespace) {
                        ++i;
                        continue;
                    }
                    if (part[i].type != TokenType::colon || i + 1 >= n ||
                        part[i + 1].type != TokenType::ident) {
                        warn(part[i].pos, "expected :first, :left, :right or :blank after @page");
                        ok = false;
                        break;
                    }
                    const Token& p = part[i + 1];
                    if (p.is_ident("first"))
                        selector.first = true, ++g;
                    else if (p.is_ident("blank"))
                        selector.blank = true, ++g;
                    else if (p.is_ident("left"))
                        selector.left = true, ++h;
                    else if (p.is_ident("right"))
                        selector.right = true, ++h;
                    else {
                        warn(p.pos, "unknown page selector ':" + p.value + "'");
                        ok = false;
                    }
                    i += 2;
                }
                if (ok) {
                    selector.specificity = g << 10 | h;
                    rule.selectors.push_back(selector);
                    usable = true;
                }
            }
        }
        declaration_list(
            begin, end, [&](const RawDeclaration& d) { add_declaration(d, rule.block, in_page); },
            [&](std::size_t i, std::size_t stop) {
                const Token& keyword = tokens_[i];
                MarginBoxPosition position;
                std::size_t brace = prelude_end(i + 1, stop, true);
                bool has_block = brace < stop && tokens_[brace].type == TokenType::open_curly;
                std::size_t close = has_block ? block_close(brace, stop) : brace;
                if (!is_margin_box_name(keyword.value, position)) {
                    warn(keyword.pos, "unknown margin box '@" + keyword.value + "'; ignored");
                } else if (!has_block) {
                    warn(keyword.pos, "@" + keyword.value + " without a '{…}' block; ignored");
                } else {
                    MarginBoxRule box{position, {}};
                    declaration_list(brace + 1, close, [&](const RawDeclaration& d) {
                        add_declaration(d, box.block, in_margin_box);
                    });
                    rule.boxes.push_back(std::move(box));
                }
                return std::min(close + 1, stop);
            });
        if (usable && rule.media) data_->pages.push_back(std::move(rule));
    }

    // ---- @font-face ------------------------------------------------------------------------

    void font_face_rule(Position pos, std::size_t begin, std::size_t end, unsigned media) {
        FontFaceRule rule;
        rule.media = media;
        rule.face.position = pos;
        declaration_list(begin, end, [&](const RawDeclaration& d) {
            std::string name = ascii_lower(d.name->value);
            if (name == "font-family") {
                std::vector<ParsedLonghand> out;
                const FamilyList* list = nullptr;
                if (parse_property_value(Property::font_family, d.value, out) && out.size() == 1)
                    list = std::get_if<FamilyList>(&out[0].value);
                if (!list || list->families.size() != 1) {
                    warn(d.name->pos, "@font-face font-family must name one family");
                    return;
                }
                rule.face.family = list->families[0];
            } else if (name == "src") {
                font_sources(d, rule);
            } else if (name == "font-weight") {
                ComponentReader reader(d.value);
                int weights[2] = {0, 0};
                int count = 0;
                while (!reader.done()) {
                    const Token* t = reader.next();
                    int w = 0;
                    if (t->is_ident("normal"))
                        w = 400;
                    else if (t->is_ident("bold"))
                        w = 700;
                    else if (t->type == TokenType::number && t->number >= 1 && t->number <= 1000)
                        w = static_cast<int>(t->number);
                    if (w == 0 || count == 2) {
                        count = 0;
                        break;
                    }
                    weights[count++] = w;
                }
                if (count == 0) {
                    warn(d.value.empty() ? d.name->pos : d.value.front().pos,
                         "invalid value for @font-face font-weight: " +
                             shorten(serialize_tokens(d.value)));
                    return;
                }
                rule.face.weight_min = weights[0];
                rule.face.weight_max = count == 2 ? weights[1] : weights[0];
                if (rule.face.weight_min > rule.face.weight_max)
                    std::swap(rule.face.weight_min, rule.face.weight_max);
            } else if (name == "font-style") {
                ComponentReader reader(d.value);
                const Token* t = reader.next();
                if (t && t->is_ident("normal") && reader.done())
                    rule.face.style = FontStyle::normal;
                else if (t && t->is_ident("italic") && reader.done())
                    rule.face.style = FontStyle::italic;
                else if (t && t->is_ident("oblique"))
                    rule.face.style = FontStyle::oblique;
                else
                    warn(d.value.empty() ? d.name->pos : d.value.front().pos,
                         "invalid value for @font-face font-style: " +
                             shorten(serialize_tokens(d.value)));
            } else {
                warn(d.name->pos, "unknown @font-face descriptor '" + d.name->value + "'; ignored");
            }
        });
        if (rule.face.family.empty() || rule.face.sources.empty()) {
            warn(pos, std::string("@font-face without ") +
                          (rule.face.family.empty() ? "font-family" : "a usable src") +
                          "; ignored");
            return;
        }
        if (rule.media) data_->fonts.push_back(std::move(rule));
    }

    // A font file that exists is read only when it is a regular file in the sheet's folder (or
    // below), in galley's fonts, in the system's font folders or in GALLEY_FONT_PATH, after
    // following symbolic links: a sheet cannot make galley read other files (url(../../etc/…)).
    // A file that is not there is left for the "font file not found" warning.
    bool font_file_allowed(const fs::path& path, const std::string& url, Position pos) {
        std::error_code ec;
        fs::path real = fs::canonical(path, ec);
        if (ec) return true;
        if (!fs::is_regular_file(real, ec)) {
            warn(pos, "font url '" + shorten(url) + "' is not a regular file; ignored");
            return false;
        }
        if (!allowed_font_folders_) allowed_font_folders_ = font_folders_allowed(data_->base_dir);
        for (const fs::path& folder : *allowed_font_folders_)
            if (is_within(real, folder)) return true;
        warn(pos, "font url '" + shorten(url) +
                      "' is outside the style sheet's folder; refused (fonts are read from the "
                      "sheet's folder, galley's fonts, the system's font folders and "
                      "GALLEY_FONT_PATH)");
        return false;
    }

    void font_sources(const RawDeclaration& d, FontFaceRule& rule) {
        for (TokenSpan part : split_commas(d.value)) {
            ComponentReader reader(part);
            TokenSpan inside;
            const Token* t = reader.next(&inside);
            if (!t) {
                warn(d.name->pos, "empty @font-face src entry");
                continue;
            }
            FontSource source;
            std::string url;
            if (t->type == TokenType::url) {
                url = t->value;
            } else if (t->type == TokenType::function && t->is_ident("url")) {
                const Token* s = ComponentReader(inside).next();
                if (!s || s->type != TokenType::string) {
                    warn(t->pos, "invalid url() in @font-face src");
                    continue;
                }
                url = s->value;
            } else if (t->type == TokenType::function && t->is_ident("local")) {
                std::vector<ParsedLonghand> out;
                const FamilyList* list = nullptr;
                if (parse_property_value(Property::font_family, inside, out) && out.size() == 1)
                    list = std::get_if<FamilyList>(&out[0].value);
                if (!list || list->families.size() != 1) {
                    warn(t->pos, "invalid local() in @font-face src");
                    continue;
                }
                source.local_name = list->families[0];
            } else {
                warn(t->pos,
                     "expected url(…) or local(…) in @font-face src, found " + describe(*t));
                continue;
            }
            if (!reader.done()) {
                TokenSpan args;
                const Token* f = reader.next(&args);
                const Token* s =
                    f && f->is_ident("format") ? ComponentReader(args).next() : nullptr;
                if (!s || (s->type != TokenType::string && s->type != TokenType::ident) ||
                    !reader.done()) {
                    warn(f ? f->pos : t->pos, "expected format(\"…\") after the font url");
                    continue;
                }
                source.format = s->value;
            }
            if (source.local_name.empty()) {
                if (url.empty()) {
                    warn(t->pos, "empty url() in @font-face src");
                    continue;
                }
                if (url.starts_with("file://")) url = url.substr(7);
                if (url.starts_with("data:") || url.find("://") != std::string::npos) {
                    warn(t->pos,
                         "only local font files are supported; '" + shorten(url) + "' ignored");
                    continue;
                }
                fs::path path = fs::path(percent_decode(url));
                if (path.is_relative()) path = data_->base_dir / path;
                source.path = path.lexically_normal();
                if (!font_file_allowed(source.path, url, t->pos)) continue;
                rule.urls.push_back(url);
            }
            rule.face.sources.push_back(std::move(source));
        }
    }
};

} // namespace

void StyleSheetData::build_index() {
    for (auto& per_medium : index)
        for (auto& slot : per_medium) slot = RuleIndex{};
    // Where each key's bucket is, per index and kind, while building.
    std::unordered_map<std::string, std::size_t> where[3][3][3];
    auto bucket = [&](std::vector<RuleBucket>& buckets,
                      std::unordered_map<std::string, std::size_t>& positions,
                      const std::string& key) -> std::vector<RuleRef>& {
        auto [it, added] = positions.try_emplace(key, buckets.size());
        if (added) buckets.push_back(RuleBucket{key, {}});
        return buckets[it->second].refs;
    };
    for (const StyleRule& rule : rules) {
        for (const Selector& selector : rule.selectors) {
            const Compound& last = selector.compounds.back();
            std::size_t slot = !selector.pseudo                            ? 0
                               : *selector.pseudo == PseudoElement::before ? 1
                                                                           : 2;
            RuleRef ref{&selector, &rule, selector.specificity, rule.order};
            for (Medium m : {Medium::pdf, Medium::epub, Medium::print}) {
                if (!(rule.media & media_bit(m))) continue;
                auto mi = static_cast<std::size_t>(m);
                RuleIndex& ix = index[mi][slot];
                auto& positions = where[mi][slot];
                if (!last.id.empty())
                    bucket(ix.by_id, positions[0], last.id).push_back(ref);
                else if (!last.classes.empty())
                    bucket(ix.by_class, positions[1], last.classes.front()).push_back(ref);
                else if (!last.role.empty())
                    bucket(ix.by_role, positions[2], last.role).push_back(ref);
                else
                    ix.universal.push_back(ref);
            }
        }
    }
    auto by_key = [](const RuleBucket& a, const RuleBucket& b) { return a.key < b.key; };
    for (auto& per_medium : index)
        for (auto& ix : per_medium) {
            std::sort(ix.by_id.begin(), ix.by_id.end(), by_key);
            std::sort(ix.by_class.begin(), ix.by_class.end(), by_key);
            std::sort(ix.by_role.begin(), ix.by_role.end(), by_key);
        }
}

} // namespace detail

StyleSheet parse_style_sheet(std::string_view css, const std::string& file, Warnings& warnings) {
    return StyleSheet(detail::SheetParser(css, file, warnings).run());
}

} // namespace galley
