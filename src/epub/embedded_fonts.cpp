#include "epub/embedded_fonts.hpp"
#include "style/elements.hpp"

#include "galley/fonts.hpp"
#include "model/table_columns.hpp"
#include "style/article_elements.hpp"
#include "text/direction.hpp"
#include "text/font_subset.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <variant>

namespace galley::detail {

namespace fs = std::filesystem;

namespace {

// Walks an article as style.hpp's element tree, computing every element's style for the
// EPUB medium and noting which fonts its text is set in.
class FontUsage {
  public:
    FontUsage(const StyleSheet& sheet, const FontResolver& resolver, Warnings& warnings)
        : sheet_(sheet), resolver_(resolver), warnings_(warnings) {}

    void article(const Article& article, const std::string& language) {
        language_ = language;
        StyleElement root{.role = "article"};
        const ComputedStyle root_style = styled(root, nullptr);
        if (root_style.display == Display::none) return;

        const Meta& meta = article.meta;
        std::vector<StyleElement> children = article_children(article, root);

        std::size_t k = 0;
        if (!meta.headline.empty()) text_element(children[k++], root_style, meta.headline);
        if (!meta.dek.empty()) text_element(children[k++], root_style, meta.dek);
        for (const Byline& byline : meta.bylines)
            text_element(children[k++], root_style,
                         byline.name + std::string(list_comma(meta.language)) + byline.title);

        const std::string dateline_text =
            meta.dateline.place + meta.dateline.agency + meta.dateline.date_text + " (), \u2014";
        bool dateline_pending = !meta.dateline.empty();
        for (const Block& block : article.blocks) {
            const bool first_paragraph =
                dateline_pending && std::holds_alternative<Paragraph>(block.node);
            if (first_paragraph) dateline_pending = false;
            this->block(block, children[k++], root_style,
                        first_paragraph ? &dateline_text : nullptr);
        }
    }

    // Every font some text is set in.
    const std::set<const Font*>& fonts() const { return fonts_; }
    // The fonts some text is set in as the font the style asks for.
    const std::set<const Font*>& primary_fonts() const { return primary_fonts_; }
    // (fallback font id, primary font id) → the characters the fallback sets for it.
    const std::map<std::pair<std::size_t, std::size_t>, std::set<char32_t>>& fallbacks() const {
        return fallbacks_;
    }
    const std::vector<std::string>& resolve_warnings() const { return resolve_messages_; }

  private:
    ComputedStyle styled(const StyleElement& element, const ComputedStyle* parent) {
        ComputedStyle style = compute_style(sheet_, Medium::epub, element, parent, &warnings_);
        if (style.display == Display::none) return style;
        for (PseudoElement pseudo : {PseudoElement::before, PseudoElement::after}) {
            const auto box =
                compute_pseudo_style(sheet_, Medium::epub, element, pseudo, style, &warnings_);
            if (box) use(*box, render_content(box->content, ContentContext{}));
        }
        return style;
    }

    // Notes the fonts `text` is set in. A run set in a fallback font (a script the style's
    // font lacks) is recorded with the primary font it stands in for, with the characters
    // the primary font lacks.
    void use(const ComputedStyle& style, std::string_view text) {
        if (text.empty() || style.display == Display::none) return;
        Warnings scratch; // missing glyphs are the reading system's business, not the book's
        const FontStack& stack = resolver_.stack(font_request(style, language_), scratch);
        const Font& primary = stack.primary();
        for (const TextRun& run : stack.split(text, scratch)) {
            if (run.missing) continue;
            fonts_.insert(run.font);
            if (run.font == &primary) {
                primary_fonts_.insert(run.font);
                continue;
            }
            std::set<char32_t> characters;
            add_code_points(text.substr(run.begin, run.end - run.begin), characters);
            for (char32_t c : characters)
                if (!resolver_.covers(primary, c)) fallbacks_[{run.font->id, primary.id}].insert(c);
        }
        for (const Warning& warning : scratch)
            if (warning.message.find("not found") != std::string::npos &&
                seen_messages_.insert(warning.message).second)
                resolve_messages_.push_back(warning.message);
    }

    void text_element(const StyleElement& element, const ComputedStyle& parent,
                      std::string_view text) {
        const ComputedStyle style = styled(element, &parent);
        use(style, text);
    }

    static std::string_view inline_role(const Inline& item) {
        struct Visitor {
            std::string_view operator()(const Text&) const { return {}; }
            std::string_view operator()(const LineBreak&) const { return {}; }
            std::string_view operator()(const Emphasis&) const { return "em"; }
            std::string_view operator()(const Strong&) const { return "strong"; }
            std::string_view operator()(const Link&) const { return "a"; }
            std::string_view operator()(const Code&) const { return "code"; }
            std::string_view operator()(const Superscript&) const { return "sup"; }
            std::string_view operator()(const Subscript&) const { return "sub"; }
            std::string_view operator()(const SmallCaps&) const { return "smallcaps"; }
        };
        return std::visit(Visitor{}, item.node);
    }

    static const Inlines* inline_children(const Inline& item) {
        if (const auto* x = std::get_if<Emphasis>(&item.node)) return &x->content;
        if (const auto* x = std::get_if<Strong>(&item.node)) return &x->content;
        if (const auto* x = std::get_if<Link>(&item.node)) return &x->content;
        if (const auto* x = std::get_if<Superscript>(&item.node)) return &x->content;
        if (const auto* x = std::get_if<Subscript>(&item.node)) return &x->content;
        if (const auto* x = std::get_if<SmallCaps>(&item.node)) return &x->content;
        return nullptr;
    }

    // The inline content of `parent`, with a leading dateline run-in and a trailing
    // attribution when given.
    void inlines(const Inlines& content, const StyleElement& parent,
                 const ComputedStyle& parent_style, const std::string* dateline = nullptr,
                 const std::string* attribution = nullptr) {
        if (parent_style.display == Display::none) return;
        std::vector<StyleElement> children;
        if (dateline != nullptr) children.push_back({.role = "dateline", .parent = &parent});
        for (const Inline& item : content) {
            const std::string_view role = inline_role(item);
            if (!role.empty()) children.push_back({.role = role, .parent = &parent});
        }
        if (attribution != nullptr) children.push_back({.role = "attribution", .parent = &parent});
        number_siblings(children);

        std::size_t k = 0;
        if (dateline != nullptr) text_element(children[k++], parent_style, *dateline);
        for (const Inline& item : content) {
            if (const auto* text = std::get_if<Text>(&item.node)) {
                use(parent_style, text->text);
            } else if (const auto* code = std::get_if<Code>(&item.node)) {
                text_element(children[k++], parent_style, code->text);
            } else if (const Inlines* inner = inline_children(item)) {
                const StyleElement& element = children[k++];
                const ComputedStyle style = styled(element, &parent_style);
                inlines(*inner, element, style);
            }
        }
        if (attribution != nullptr) text_element(children[k++], parent_style, *attribution);
    }

    void blocks(const Blocks& content, const StyleElement& parent,
                const ComputedStyle& parent_style, const std::string* attribution = nullptr) {
        std::vector<StyleElement> children;
        for (const Block& block : content)
            children.push_back(
                {.role = block_role(block), .attr = &block.attr(), .parent = &parent});
        if (attribution != nullptr) children.push_back({.role = "attribution", .parent = &parent});
        number_siblings(children);
        std::size_t k = 0;
        for (const Block& block : content) this->block(block, children[k++], parent_style, nullptr);
        if (attribution != nullptr) text_element(children[k], parent_style, *attribution);
    }

    void block(const Block& block, const StyleElement& element, const ComputedStyle& parent_style,
               const std::string* dateline) {
        const ComputedStyle style = styled(element, &parent_style);
        if (style.display == Display::none) return;
        if (const auto* paragraph = std::get_if<Paragraph>(&block.node)) {
            inlines(paragraph->content, element, style, dateline);
        } else if (const auto* heading = std::get_if<Heading>(&block.node)) {
            inlines(heading->content, element, style);
        } else if (const auto* quote = std::get_if<BlockQuote>(&block.node)) {
            blocks(quote->content, element, style,
                   quote->attribution.empty() ? nullptr : &quote->attribution);
        } else if (const auto* pull = std::get_if<PullQuote>(&block.node)) {
            inlines(pull->content, element, style, nullptr,
                    pull->attribution.empty() ? nullptr : &pull->attribution);
        } else if (const auto* figure = std::get_if<Figure>(&block.node)) {
            this->figure(*figure, element, style);
        } else if (const auto* list = std::get_if<List>(&block.node)) {
            std::vector<StyleElement> items(list->items.size(),
                                            StyleElement{.role = "li", .parent = &element});
            number_siblings(items);
            for (std::size_t i = 0; i < items.size(); ++i) {
                const ComputedStyle item_style = styled(items[i], &style);
                if (item_style.display != Display::none)
                    blocks(list->items[i], items[i], item_style);
            }
        } else if (const auto* table = std::get_if<Table>(&block.node)) {
            this->table(*table, element, style);
        } else if (const auto* tagline = std::get_if<Tagline>(&block.node)) {
            inlines(tagline->content, element, style);
        } else if (const auto* raw = std::get_if<Raw>(&block.node)) {
            use(style, raw->text);
        }
    }

    void figure(const Figure& figure, const StyleElement& element, const ComputedStyle& style) {
        std::vector<StyleElement> children;
        const std::string& credit = figure.credit.display();
        if (figure.image) children.push_back({.role = "img", .parent = &element});
        if (!credit.empty()) children.push_back({.role = "credit", .parent = &element});
        if (!figure.caption.empty()) children.push_back({.role = "figcaption", .parent = &element});
        number_siblings(children);
        std::size_t k = figure.image ? 1 : 0;
        if (figure.image) styled(children[0], &style);
        if (!credit.empty()) text_element(children[k++], style, credit);
        if (!figure.caption.empty()) {
            const ComputedStyle caption_style = styled(children[k], &style);
            inlines(figure.caption, children[k], caption_style);
        }
    }

    void table(const Table& table, const StyleElement& element, const ComputedStyle& style) {
        std::vector<StyleElement> children;
        if (!table.caption.empty()) children.push_back({.role = "caption", .parent = &element});
        for (std::size_t i = 0; i < table.head.size() + table.body.size(); ++i)
            children.push_back({.role = "tr", .parent = &element});
        number_siblings(children);
        std::size_t k = 0;
        if (!table.caption.empty()) {
            const ComputedStyle caption_style = styled(children[k], &style);
            inlines(table.caption, children[k++], caption_style);
        }
        // Cells as the backends describe them (model/table_columns.hpp): head cells and th
        // cells are th, with the scope the XHTML gives them.
        const TableColumns columns = table_columns(table);
        for (std::size_t r = 0; r < table.head.size() + table.body.size(); ++r) {
            const TableRow& row = row_at(table, r);
            const StyleElement& row_element = children[k++];
            const ComputedStyle row_style = styled(row_element, &style);
            std::vector<StyleElement> cells;
            for (std::size_t c = 0; c < row.size(); ++c)
                cells.push_back({.role = header_cell(table, r, c) ? "th" : "td",
                                 .attr = header_scope_attr(header_scope(table, columns, r, c)),
                                 .parent = &row_element});
            number_siblings(cells);
            for (std::size_t c = 0; c < row.size(); ++c) {
                const ComputedStyle cell_style = styled(cells[c], &row_style);
                inlines(row[c].content, cells[c], cell_style);
            }
        }
    }

    const StyleSheet& sheet_;
    const FontResolver& resolver_;
    Warnings& warnings_;
    std::string language_;
    std::set<const Font*> fonts_;
    std::set<const Font*> primary_fonts_;
    std::map<std::pair<std::size_t, std::size_t>, std::set<char32_t>> fallbacks_;
    std::set<std::string> seen_messages_;
    std::vector<std::string> resolve_messages_;
};

std::string css_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\a ";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string font_file_stem(const fs::path& file) {
    std::string stem;
    for (char c : file.stem().string()) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (keep)
            stem += c;
        else if (!stem.empty() && stem.back() != '-')
            stem += '-';
    }
    return stem.empty() ? std::string("font") : stem;
}

// "U+41-5A, U+430" for a set of code points, ranges merged.
std::string unicode_range(const std::set<char32_t>& code_points) {
    std::string out;
    char buffer[32];
    for (auto it = code_points.begin(); it != code_points.end();) {
        const char32_t first = *it;
        char32_t last = first;
        for (++it; it != code_points.end() && *it == last + 1; ++it) last = *it;
        if (!out.empty()) out += ", ";
        if (first == last)
            std::snprintf(buffer, sizeof buffer, "U+%X", static_cast<unsigned>(first));
        else
            std::snprintf(buffer, sizeof buffer, "U+%X-%X", static_cast<unsigned>(first),
                          static_cast<unsigned>(last));
        out += buffer;
    }
    return out;
}

std::string font_face_rule(const std::string& family, const EmbeddedFont& font, int weight,
                           bool italic, const std::string& range = {}) {
    const bool opentype_cff = font.media_type == "font/otf";
    std::string rule = "@font-face {\n  font-family: " + css_string(family) + ";\n  src: url(" +
                       css_string(font.href) + ") format(" +
                       (opentype_cff ? "\"opentype\"" : "\"truetype\"") +
                       ");\n  font-weight: " + std::to_string(weight) +
                       ";\n  font-style: " + (italic ? "italic" : "normal") + ";\n";
    if (!range.empty()) rule += "  unicode-range: " + range + ";\n";
    return rule + "}\n";
}

// The same file, whichever way its path was written.
std::string file_key(const fs::path& file) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(file, error);
    return (error ? file.lexically_normal() : canonical).string();
}

} // namespace

void add_code_points(std::string_view text, std::set<char32_t>& code_points) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80    ? 1
                             : lead >= 0xF0 ? 4
                             : lead >= 0xE0 ? 3
                             : lead >= 0xC0 ? 2
                                            : 0;
        if (length == 0 || i + length > text.size()) {
            ++i;
            continue;
        }
        char32_t c = length == 1 ? lead : lead & (0x7F >> length);
        bool valid = true;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) valid = false;
            c = (c << 6) | (next & 0x3F);
        }
        if (valid) code_points.insert(c);
        i += valid ? length : 1;
    }
}

std::string FontEmbedding::url_for(const FontFace& face) const {
    for (const FontSource& source : face.sources) {
        if (source.path.empty()) continue;
        const std::string key = file_key(source.path);
        for (const EmbeddedFont& font : fonts)
            if (font.from_font_face && file_key(font.file) == key) return font.href;
    }
    return {};
}

FontEmbedding embed_fonts(const StyleSheet& sheet, const std::vector<ArticleLanguage>& articles,
                          const std::set<char32_t>& code_points, Warnings& warnings) {
    const std::vector<FontFace> faces = font_faces(sheet, Medium::epub);
    std::unique_ptr<FontResolver> own_resolver;
    if (!faces.empty())
        own_resolver = std::make_unique<FontResolver>(faces, warnings, sheet.file());
    const FontResolver& resolver = own_resolver ? *own_resolver : FontResolver::shared();

    FontUsage usage(sheet, resolver, warnings);
    for (const ArticleLanguage& entry : articles) usage.article(*entry.article, entry.language);
    for (const std::string& message : usage.resolve_warnings())
        warnings.push_back({sheet.file(), {}, message});

    // In the order of the resolver's list, so the book does not depend on set order.
    std::vector<const Font*> used(usage.fonts().begin(), usage.fonts().end());
    std::sort(used.begin(), used.end(), [](const Font* a, const Font* b) { return a->id < b->id; });

    FontEmbedding embedding;
    std::set<std::string> hrefs;
    for (const Font* font : used) {
        EmbeddedFont embedded;
        embedded.file = font->file;
        embedded.family = font->family;
        embedded.weight = font->weight;
        embedded.italic = font->italic;
        embedded.from_font_face = font->origin == FontOrigin::font_face;
        embedded.bytes = subset_font(font->file, code_points, static_cast<unsigned>(font->index));
        const bool opentype_cff = embedded.bytes.compare(0, 4, "OTTO") == 0;
        embedded.media_type = opentype_cff ? "font/otf" : "font/ttf";
        const std::string stem = font_file_stem(font->file);
        for (int n = 1;; ++n) {
            embedded.href = "fonts/" + stem + (n > 1 ? "-" + std::to_string(n) : "") +
                            (opentype_cff ? ".otf" : ".ttf");
            if (hrefs.insert(embedded.href).second) break;
        }
        embedded.id = "font-" + std::to_string(embedding.fonts.size() + 1);
        if (!embedded.from_font_face && usage.primary_fonts().count(font) != 0)
            embedding.font_face_css +=
                font_face_rule(embedded.family, embedded, embedded.weight, embedded.italic);
        embedding.fonts.push_back(std::move(embedded));
    }
    // A fallback font joins the family of the font it stands in for, for the characters that
    // font lacks, so that reading systems use it where galley's own layout would.
    const std::vector<Font>& known = resolver.fonts();
    for (const auto& [ids, characters] : usage.fallbacks()) {
        const Font& fallback = known[ids.first];
        const Font& primary = known[ids.second];
        const auto embedded =
            std::find_if(embedding.fonts.begin(), embedding.fonts.end(),
                         [&](const EmbeddedFont& font) { return font.file == fallback.file; });
        if (embedded == embedding.fonts.end() || characters.empty()) continue;
        embedding.fallback_font_face_css += font_face_rule(
            primary.family, *embedded, primary.weight, primary.italic, unicode_range(characters));
    }
    return embedding;
}

} // namespace galley::detail
