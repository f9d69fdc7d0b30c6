// Articles as XHTML5 content documents, written with libxml2's xmlTextWriter.
//
// The markup follows the element tree of style.hpp, so the style sheet's role selectors map
// onto it one to one (see epub_selector_for_role in epub.cpp): `<p>` is used for body
// paragraphs only, so that a `p` rule never reaches the dek, a byline or the tagline.
#include "epub/book.hpp"

#include "epub/xml_writer.hpp"
#include "model/table_columns.hpp"
#include "text/direction.hpp"

#include <algorithm>
#include <variant>

namespace galley::detail {

namespace {

constexpr const char* xhtml_namespace = "http://www.w3.org/1999/xhtml";
constexpr const char* ops_namespace = "http://www.idpf.org/2007/ops";

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

// An XML ID (an NCName) made from `text`: ASCII letters, digits, '-', '_' and '.', starting
// with a letter or '_'. Empty when nothing usable is left.
std::string xml_id(std::string_view text) {
    std::string id;
    for (char c : text) {
        if (is_ascii_letter(c) || is_ascii_digit(c) || c == '_' || c == '.' || c == '-')
            id += c;
        else if (!id.empty() && id.back() != '-')
            id += '-';
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    if (!id.empty() && !is_ascii_letter(id.front()) && id.front() != '_') id.insert(0, "id-");
    return id;
}

// A class token: the class as written, without whitespace (which would split it).
std::string class_token(std::string_view text) {
    std::string token;
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20) {
            if (!token.empty() && token.back() != '-') token += '-';
        } else {
            token += c;
        }
    }
    return token;
}

// "data-KEY" for an Attr key/value: lower-case ASCII letters, digits, '-', '_' and '.'.
std::string data_attribute_name(std::string_view key) {
    std::string name = "data-";
    for (char c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || is_ascii_digit(c) || c == '_' || c == '.')
            name += c;
        else if (name.back() != '-')
            name += '-';
    }
    while (name.back() == '-') name.pop_back();
    return name.size() > 5 ? name : std::string();
}

// The percent-encoded form of the characters a URL may not hold (spaces, quotes, controls);
// other characters, non-ASCII ones included (an IRI), stay.
std::string encoded_url(std::string_view url) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        const bool escape = byte <= 0x20 || byte == 0x7F || c == '"' || c == '<' || c == '>' ||
                            c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
        if (escape) {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        } else {
            out += c;
        }
    }
    return out;
}

// The scheme of an absolute URL ("https"), lower case, or "" for a relative reference.
std::string url_scheme(std::string_view url) {
    std::string scheme;
    for (char c : url) {
        if (c == ':') return scheme;
        if (is_ascii_letter(c) ||
            (!scheme.empty() && (is_ascii_digit(c) || c == '+' || c == '-' || c == '.')))
            scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        else
            return {};
    }
    return {};
}

// Ids handed out in one document, each once.
class IdRegistry {
  public:
    // `wanted`, or `wanted-2`, `wanted-3`… when taken.
    std::string claim(const std::string& wanted) {
        std::string id = wanted;
        for (int n = 2; !used_.insert(id).second; ++n) id = wanted + "-" + std::to_string(n);
        return id;
    }
    bool contains(const std::string& id) const { return used_.count(id) != 0; }

  private:
    std::set<std::string> used_;
};

void start_xhtml(XmlWriter& out, const DocumentLanguage& language, std::string_view title,
                 const std::string& stylesheet_href) {
    out.start_document();
    out.doctype("html");
    out.start("html");
    out.attribute("xmlns", xhtml_namespace);
    out.attribute("xmlns:epub", ops_namespace);
    out.attribute("xml:lang", language.tag);
    out.attribute("lang", language.tag);
    if (language.rtl) out.attribute("dir", "rtl");
    out.text("\n");
    out.start("head");
    out.text("\n");
    out.element("title", title);
    out.text("\n");
    out.start("link");
    out.attribute("rel", "stylesheet");
    out.attribute("type", "text/css");
    out.attribute("href", stylesheet_href);
    out.end();
    out.text("\n");
    out.end(); // head
    out.text("\n");
}

class ArticleDocumentWriter {
  public:
    ArticleDocumentWriter(const Article& article, const ImageCatalog& images,
                          const ArticleDocumentSettings& settings, Warnings& warnings)
        : article_(article), images_(images), settings_(settings), warnings_(warnings) {}

    ContentDocument write() {
        reserve_attr_ids(article_.blocks);
        document_.id = settings_.id;
        document_.href = settings_.href;

        const std::string title = display_text(article_.meta.headline);
        start_xhtml(out_, settings_.language, title.empty() ? "Untitled" : title,
                    settings_.stylesheet_href);
        out_.start("body");
        out_.text("\n");
        out_.start("article");
        out_.text("\n");
        write_headline_block();
        write_blocks(article_.blocks, true);
        if (!dateline_written_ && !article_.meta.dateline.empty()) {
            out_.start("p");
            write_dateline();
            out_.end();
            out_.text("\n");
        }
        out_.end(); // article
        out_.text("\n");
        out_.end(); // body
        out_.text("\n");
        out_.end(); // html
        document_.bytes = out_.finish();
        return std::move(document_);
    }

  private:
    // Ids from the source come first, so that generated ids never take them.
    void reserve_attr_ids(const Blocks& blocks) {
        for (const Block& block : blocks) {
            const Attr& attr = block.attr();
            if (!attr.id.empty()) {
                const std::string id = xml_id(attr.id);
                if (!id.empty()) {
                    const std::string claimed = ids_.claim(id);
                    attr_ids_.emplace(&attr, claimed);
                    if (claimed == attr.id) source_ids_.insert(attr.id);
                }
            }
            if (const auto* quote = std::get_if<BlockQuote>(&block.node))
                reserve_attr_ids(quote->content);
            if (const auto* list = std::get_if<List>(&block.node))
                for (const Blocks& item : list->items) reserve_attr_ids(item);
        }
    }

    // The id of a block that is linked to (headings): its own, else a new one.
    std::string id_for(const Attr& attr, const std::string& generated) {
        if (auto known = attr_ids_.find(&attr); known != attr_ids_.end()) return known->second;
        return ids_.claim(generated);
    }

    // id, class and data-* attributes: the role's class first, then the block's own classes.
    void write_attr(const Attr* attr, std::string_view role_class, const std::string& id = {}) {
        std::string classes(role_class);
        if (attr != nullptr) {
            if (!id.empty()) {
                out_.attribute("id", id);
            } else if (auto known = attr_ids_.find(attr); known != attr_ids_.end()) {
                out_.attribute("id", known->second);
            }
            for (const std::string& name : attr->classes) {
                const std::string token = class_token(name);
                if (token.empty()) continue;
                if (!classes.empty()) classes += ' ';
                classes += token;
            }
        } else if (!id.empty()) {
            out_.attribute("id", id);
        }
        if (!classes.empty()) out_.attribute("class", classes);
        if (attr == nullptr) return;
        std::set<std::string> written;
        for (const auto& [key, value] : attr->values) {
            const std::string name = data_attribute_name(key);
            if (!name.empty() && written.insert(name).second) out_.attribute(name.c_str(), value);
        }
    }

    void write_headline_block() {
        const Meta& meta = article_.meta;
        if (!meta.headline.empty()) {
            const std::string id = ids_.claim("headline");
            out_.start("h1");
            out_.attribute("id", id);
            out_.attribute("class", "headline");
            out_.text(meta.headline);
            out_.end();
            out_.text("\n");
            document_.toc.push_back({1, display_text(meta.headline), settings_.href + "#" + id});
        }
        if (!meta.dek.empty()) {
            out_.start("div");
            out_.attribute("class", "dek");
            out_.text(meta.dek);
            out_.end();
            out_.text("\n");
        }
        for (const Byline& byline : meta.bylines) {
            if (byline.name.empty() && byline.title.empty()) continue;
            out_.start("div");
            out_.attribute("class", "byline");
            if (!byline.name.empty()) {
                out_.start("span");
                out_.attribute("class", "name");
                out_.text(byline.name);
                out_.end();
            }
            if (!byline.name.empty() && !byline.title.empty())
                out_.text(list_comma(settings_.language.tag));
            if (!byline.title.empty()) {
                out_.start("span");
                out_.attribute("class", "title");
                out_.text(byline.title);
                out_.end();
            }
            out_.end();
            out_.text("\n");
        }
    }

    // "ASTANA, Dec. 10 (Reuters) —", the run-in at the start of the first paragraph.
    void write_dateline() {
        const Dateline& dateline = article_.meta.dateline;
        std::string text = dateline.place;
        if (!dateline.date_text.empty()) text += (text.empty() ? "" : ", ") + dateline.date_text;
        if (!dateline.agency.empty()) text += (text.empty() ? "(" : " (") + dateline.agency + ")";
        text += " \u2014";
        out_.start("span");
        out_.attribute("class", "dateline");
        out_.text(text);
        out_.end();
        out_.text(" ");
        dateline_written_ = true;
    }

    void write_blocks(const Blocks& blocks, bool top_level) {
        for (const Block& block : blocks) write_block(block, top_level);
    }

    void write_block(const Block& block, bool top_level) {
        std::visit([&](const auto& node) { write_node(node, top_level); }, block.node);
    }

    void write_node(const Paragraph& paragraph, bool top_level) {
        out_.start("p");
        write_attr(&paragraph.attr, "");
        if (top_level && !dateline_written_ && !article_.meta.dateline.empty()) write_dateline();
        write_inlines(paragraph.content);
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const Heading& heading, bool) {
        const int level = heading.level < 2 ? 2 : heading.level > 4 ? 4 : heading.level;
        static constexpr const char* names[] = {"h2", "h3", "h4"};
        const std::string id = id_for(heading.attr, "h-" + std::to_string(++heading_count_));
        out_.start(names[level - 2]);
        write_attr(&heading.attr, "", id);
        write_inlines(heading.content);
        out_.end_full();
        out_.text("\n");
        std::string label = display_text(plain_text(heading.content));
        if (!label.empty())
            document_.toc.push_back({level, std::move(label), settings_.href + "#" + id});
    }

    void write_attribution(const std::string& attribution) {
        if (attribution.empty()) return;
        out_.start("footer");
        out_.attribute("class", "attribution");
        out_.text(attribution);
        out_.end();
        out_.text("\n");
    }

    void write_node(const BlockQuote& quote, bool) {
        out_.start("blockquote");
        write_attr(&quote.attr, "");
        out_.text("\n");
        write_blocks(quote.content, false);
        write_attribution(quote.attribution);
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const PullQuote& quote, bool) {
        out_.start("aside");
        write_attr(&quote.attr, "pullquote");
        out_.attribute("epub:type", "pullquote");
        write_inlines(quote.content);
        if (!quote.attribution.empty()) out_.text("\n");
        write_attribution(quote.attribution);
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const Figure& figure, bool) {
        const EpubImage* image = figure.image ? images_.find(*figure.image) : nullptr;
        const bool has_caption = !plain_text(figure.caption).empty();
        const std::string& credit = figure.credit.display();
        if (image == nullptr && !has_caption && credit.empty()) return;

        out_.start("figure");
        write_attr(&figure.attr, "");
        if (image != nullptr) {
            out_.start("img");
            out_.attribute("src", image->href);
            out_.attribute("alt", figure.alt);
            if (image->width > 0 && image->height > 0) {
                out_.attribute("width", std::to_string(image->width));
                out_.attribute("height", std::to_string(image->height));
            }
            out_.end();
            ++document_.images;
            if (display_text(figure.alt).empty()) {
                ++document_.images_without_alt;
                warnings_.push_back(
                    {article_.source_path,
                     {},
                     "image '" + (figure.image->src.empty() ? image->href : figure.image->src) +
                         "' has no alternative text; the EPUB does not claim "
                         "alternativeText"});
            }
        }
        if (has_caption || !credit.empty()) {
            out_.start("figcaption");
            // The credit under the photo, then the caption (the order of style.hpp's tree).
            if (!credit.empty()) {
                out_.start("small");
                out_.attribute("class", "credit");
                out_.text(credit);
                out_.end();
            }
            if (has_caption) {
                out_.start("span");
                out_.attribute("class", "caption");
                write_inlines(figure.caption);
                out_.end();
            }
            out_.end();
        }
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const List& list, bool) {
        out_.start(list.ordered ? "ol" : "ul");
        write_attr(&list.attr, "");
        if (list.ordered && list.start != 1) out_.attribute("start", std::to_string(list.start));
        out_.text("\n");
        for (const Blocks& item : list.items) {
            out_.start("li");
            write_blocks(item, false);
            out_.end_full();
            out_.text("\n");
        }
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const Rule& rule, bool) {
        out_.start("hr");
        write_attr(&rule.attr, "");
        out_.end();
        out_.text("\n");
    }

    // Cell `c` of row `r` (head rows first). Head cells and th cells are <th>, with the scope
    // header_scope gives: "row" for a body th beside data cells (the row's label), "col" for
    // column headings, none for a one-cell section row spanning the table. Cells of numeric
    // columns get class "num" (right-aligned, tabular figures: see structural_css in
    // epub.cpp) unless the cell says how to align itself.
    void write_cell(const Table& table, const TableColumns& columns, std::size_t r, std::size_t c) {
        const TableCell& cell = row_at(table, r)[c];
        const bool header = header_cell(table, r, c);
        out_.start(header ? "th" : "td");
        if (const std::string_view scope = header_scope(table, columns, r, c); !scope.empty())
            out_.attribute("scope", scope);
        if (columns.numeric_cell(r, c) && cell.align == Align::none) out_.attribute("class", "num");
        const CellPlace& place = columns.places[r][c];
        if (place.span > 1) out_.attribute("colspan", std::to_string(place.span));
        if (cell.rowspan > 1) out_.attribute("rowspan", std::to_string(cell.rowspan));
        switch (cell.align) {
        case Align::left:
            out_.attribute("style", "text-align: left");
            break;
        case Align::center:
            out_.attribute("style", "text-align: center");
            break;
        case Align::right:
            out_.attribute("style", "text-align: right");
            break;
        case Align::none:
            break;
        }
        write_inlines(cell.content);
        out_.end_full();
    }

    // The rows of one group, rows `first` to `first + count` of the table.
    void write_rows(const char* group, const Table& table, const TableColumns& columns,
                    std::size_t first, std::size_t count) {
        if (count == 0) return;
        out_.start(group);
        out_.text("\n");
        for (std::size_t r = first; r < first + count; ++r) {
            out_.start("tr");
            for (std::size_t c = 0; c < row_at(table, r).size(); ++c)
                write_cell(table, columns, r, c);
            out_.end_full();
            out_.text("\n");
        }
        out_.end();
        out_.text("\n");
    }

    void write_node(const Table& table, bool) {
        document_.has_tables = true;
        const auto has_header = [](const TableRow& row) {
            return std::any_of(row.begin(), row.end(), [](const TableCell& c) { return c.header; });
        };
        if (table.head.empty() && std::none_of(table.body.begin(), table.body.end(), has_header))
            document_.table_without_header = true;
        const TableColumns columns = table_columns(table);
        out_.start("table");
        write_attr(&table.attr, "");
        out_.text("\n");
        if (!table.caption.empty()) {
            out_.start("caption");
            write_inlines(table.caption);
            out_.end_full();
            out_.text("\n");
        }
        write_rows("thead", table, columns, 0, table.head.size());
        write_rows("tbody", table, columns, table.head.size(), table.body.size());
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const Tagline& tagline, bool) {
        out_.start("footer");
        write_attr(&tagline.attr, "tagline");
        write_inlines(tagline.content);
        out_.end_full();
        out_.text("\n");
    }

    void write_node(const Raw& raw, bool) {
        out_.start("pre");
        write_attr(&raw.attr, "raw");
        if (!raw.format.empty()) out_.attribute("data-format", raw.format);
        out_.text(raw.text);
        out_.end_full();
        out_.text("\n");
    }

    void write_inlines(const Inlines& inlines) {
        for (const Inline& item : inlines)
            std::visit([&](const auto& node) { write_inline(node); }, item.node);
    }

    void write_inline(const Text& text) { out_.text(text.text); }
    void write_inline(const Emphasis& emphasis) { write_wrapped("em", emphasis.content); }
    void write_inline(const Strong& strong) { write_wrapped("strong", strong.content); }
    void write_inline(const Superscript& sup) { write_wrapped("sup", sup.content); }
    void write_inline(const Subscript& sub) { write_wrapped("sub", sub.content); }
    void write_inline(const Code& code) {
        out_.start("code");
        out_.text(code.text);
        out_.end_full();
    }
    void write_inline(const LineBreak&) {
        out_.start("br");
        out_.end();
    }
    void write_inline(const SmallCaps& small_caps) {
        out_.start("span");
        out_.attribute("class", "smallcaps");
        write_inlines(small_caps.content);
        out_.end_full();
    }
    void write_inline(const Link& link) {
        out_.start("a");
        if (const auto href = link_target(link.url)) out_.attribute("href", *href);
        if (!link.title.empty()) out_.attribute("title", link.title);
        write_inlines(link.content);
        out_.end_full();
    }

    void write_wrapped(const char* element, const Inlines& content) {
        out_.start(element);
        write_inlines(content);
        out_.end_full();
    }

    // What a link may point to in a book: an absolute URL, or an id of this article. A
    // relative link would point into the package, where its target is not.
    std::optional<std::string> link_target(const std::string& url) {
        if (url.empty()) return std::nullopt;
        if (url.front() == '#') {
            if (source_ids_.count(url.substr(1)) != 0) return url;
            warnings_.push_back(
                {article_.source_path,
                 {},
                 "link to '" + url + "' left without a target: no such id in the article"});
            return std::nullopt;
        }
        const std::string scheme = url_scheme(url);
        if (scheme.empty() || scheme == "file" || scheme == "javascript") {
            warnings_.push_back({article_.source_path,
                                 {},
                                 "link to '" + url.substr(0, 200) +
                                     "' left without a target: an EPUB can only link to absolute "
                                     "URLs and within the book"});
            return std::nullopt;
        }
        return encoded_url(url);
    }

    const Article& article_;
    const ImageCatalog& images_;
    const ArticleDocumentSettings& settings_;
    Warnings& warnings_;
    XmlWriter out_{false};
    ContentDocument document_;
    IdRegistry ids_;
    std::map<const Attr*, std::string> attr_ids_;
    std::set<std::string> source_ids_; // ids kept exactly as the source wrote them
    bool dateline_written_ = false;
    int heading_count_ = 0;
};

} // namespace

std::string display_text(std::string_view text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xAD') { // soft hyphen
            ++i;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

DocumentLanguage document_language(std::string_view language, std::string_view fallback) {
    DocumentLanguage result;
    result.tag = std::string(!language.empty() ? language : !fallback.empty() ? fallback : "und");
    result.rtl = is_right_to_left_language(result.tag);
    return result;
}

ContentDocument write_article_document(const Article& article, const ImageCatalog& images,
                                       const ArticleDocumentSettings& settings,
                                       Warnings& warnings) {
    return ArticleDocumentWriter(article, images, settings, warnings).write();
}

ContentDocument write_cover_document(const CoverText& text, const DocumentLanguage& language,
                                     const std::string& stylesheet_href) {
    XmlWriter out(false);
    start_xhtml(out, language, text.title, stylesheet_href);
    out.start("body");
    out.text("\n");
    out.start("section");
    out.attribute("class", "galley-cover");
    out.attribute("epub:type", "cover");
    out.text("\n");
    out.start("h1");
    out.attribute("class", "galley-cover-title");
    out.text(text.title);
    out.end();
    out.text("\n");
    const auto line = [&](const char* css_class, const std::string& content) {
        if (content.empty()) return;
        out.start("div");
        out.attribute("class", css_class);
        out.text(content);
        out.end();
        out.text("\n");
    };
    line("galley-cover-subtitle", text.subtitle);
    for (const std::string& creator : text.creators) line("galley-cover-creator", creator);
    line("galley-cover-publisher", text.publisher);
    line("galley-cover-date", text.date);
    out.end(); // section
    out.text("\n");
    out.end(); // body
    out.text("\n");
    out.end(); // html
    ContentDocument document;
    document.id = "cover";
    document.href = "cover.xhtml";
    document.bytes = out.finish();
    return document;
}

} // namespace galley::detail
