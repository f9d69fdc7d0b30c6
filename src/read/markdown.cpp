// galley — the Markdown reader: YAML front matter (yaml-cpp) and a CommonMark body (md4c).
//
// What the reader understands beyond CommonMark (plus GitHub tables, strikethrough, whose text
// is kept as plain text, and bare URLs and e-mail addresses as links):
//
// Front matter. A first line `---` opens a YAML mapping, closed by a line `---` or `...`.
//   Keys (case-insensitive): title; dek|subtitle; author|authors|byline (a name, a list of
//   names, or a list of {name, title}); dateline (a place, or {place, agency, date}); date (ISO
//   8601, "2025-12-10" or a YAML timestamp); lang|language; publisher; section; keywords|tags (a
//   list, or "a, b, c"); rights|license|copyright; source_url|url; identifier|id; and image
//   {src, alt, caption, credit}, where credit is a credit line or {creator, line, copyright,
//   source}: that image becomes the lead figure, the first block. An image caption is read as
//   inline Markdown. Unknown keys are warnings. Front matter that is not a mapping, is not
//   valid YAML, or is not closed is an error.
//
// Headline and headings. The headline is the front matter's title; without one, a leading
//   `# H1` is the headline (and not a block). A leading `# H1` that repeats the title is
//   dropped. Other headings: `#` and `##` are level 2, `###` level 3, deeper levels 4.
//
// Figures. A paragraph holding only an image, `![caption](photo.jpg "credit line")`, is a
//   figure: the alt text is its caption (and its alt), the title its credit line. Without a
//   title, a credit at the end of the caption ("Photo: NAME", "(AP Photo/NAME)") is split off.
//   An image among other text keeps only its alt text.
//
// Pull quotes and taglines are block quotes that open with a marker, written like GitHub's
//   `> [!NOTE]` alerts (case-insensitive; on a line of its own, or followed by the text):
//
//       > [!pullquote]
//       > “Reliable legal guarantees are key,” he said.
//       > — Vadim Sadonshoev
//
//       > [!tagline]
//       > Follow our coverage of the election at example.com/vote.
//
//   A pull quote or a tagline holds paragraphs only; more than one are joined by line breaks.
//   A last line starting with a dash (`—`, `―`, `– `, `-- `), as a paragraph of its own or as
//   the last line of the last paragraph, is the attribution of a pull quote. An ordinary block
//   quote takes its attribution the same way, unless the line before it starts with a dash too
//   (that is dialogue, not an attribution) or there is nothing before it.
//
// Raw HTML. An HTML block is kept as Raw{format "html"}. Inline `<br>`, `<sup>` and `<sub>` are
//   understood; other inline tags are dropped and the text between them kept.
//
// Limits. Front matter up to 1 MiB, from which at most 1 MiB of text and 10,000 values are read
//   (YAML aliases repeat values without copying them: a front matter of aliases to aliases
//   would otherwise expand exponentially); block quotes, lists, emphasis and links nested up to 256
//   levels deep (ErrorCode::limit beyond), so no later recursive walk of the model can overflow
//   the stack.
#include "read/reader.hpp"

#include <libxml/HTMLparser.h>
#include <md4c.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace galley::detail {
namespace {

// Quotes, lists, list items, spans: more levels than any article has, few enough that the
// recursive walks over the model (JSON, styles, backends, destructors) stay shallow.
constexpr std::size_t kMaxNesting = 256;
constexpr std::size_t kMaxFrontMatterBytes = std::size_t{1} << 20;
// What reading the front matter may take from it: the text of every value read and the number
// of values visited. Without aliases neither can pass the front matter's own size; a YAML alias
// (*name) repeats a value without copying it, so aliases of aliases could ask for gigabytes.
constexpr std::size_t kMaxFrontMatterText = kMaxFrontMatterBytes;
constexpr std::size_t kMaxFrontMatterValues = 10000;

// Tables and strikethrough are what newsroom Markdown (GitHub-flavoured) uses; bare URLs,
// www. addresses and e-mail addresses become links, which readers of an EPUB or PDF expect;
// runs of white space in running text are collapsed (no-break spaces are kept), since
// typesetting backends would otherwise show a typist's double spaces.
constexpr unsigned kMarkdownFlags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
                                    MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_COLLAPSEWHITESPACE;

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD"; // U+FFFD

// ---------------------------------------------------------------------------------------------
// Small text helpers

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out += kReplacementChar;
    } else if (cp < 0x80) {
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

// HTML5 entity names that libxml2's HTML 4 table does not know, limited to those that turn up
// in running text.
struct NamedEntity {
    std::string_view name;
    std::uint32_t value;
};
constexpr NamedEntity kHtml5Entities[] = {
    {"AMP", 0x26},
    {"COPY", 0xA9},
    {"GT", 0x3E},
    {"LT", 0x3C},
    {"QUOT", 0x22},
    {"REG", 0xAE},
    {"Tab", 0x09},
    {"NewLine", 0x0A},
    {"NonBreakingSpace", 0xA0},
    {"hyphen", 0x2010},
    {"dash", 0x2010},
    {"horbar", 0x2015},
    {"numsp", 0x2007},
    {"puncsp", 0x2008},
    {"ThinSpace", 0x2009},
    {"hairsp", 0x200A},
    {"VeryThinSpace", 0x200A},
    {"ZeroWidthSpace", 0x200B},
    {"NoBreak", 0x2060},
    {"MediumSpace", 0x205F},
    {"lsquor", 0x201A},
    {"ldquor", 0x201E},
    {"TRADE", 0x2122},
    {"half", 0xBD},
    {"centerdot", 0xB7},
    {"bullet", 0x2022},
    {"mldr", 0x2026},
    {"incare", 0x2105},
};

// Appends the character an entity reference stands for ("&mdash;", "&#8212;", "&#x2014;").
// A name that no table knows stays as written, as CommonMark requires.
void append_entity(std::string& out, std::string_view entity) {
    if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') {
        out += entity;
        return;
    }
    const std::string_view name = entity.substr(1, entity.size() - 2);
    if (name.front() == '#') {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8) {
            out += entity;
            return;
        }
        std::uint32_t value = 0;
        for (char c : digits) {
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0) {
                out += entity;
                return;
            }
            value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
        }
        append_utf8(out, value); // 0, surrogates and values beyond U+10FFFF give U+FFFD
        return;
    }
    const std::string key(name);
    if (const htmlEntityDesc* desc =
            htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()))) {
        append_utf8(out, desc->value);
        return;
    }
    for (const NamedEntity& known : kHtml5Entities) {
        if (known.name == name) {
            append_utf8(out, known.value);
            return;
        }
    }
    out += entity;
}

// An md4c attribute (a link destination, a title) with its entities decoded.
std::string attribute_text(const MD_ATTRIBUTE& attr) {
    std::string out;
    if (attr.text == nullptr || attr.size == 0) return out;
    if (attr.substr_offsets == nullptr || attr.substr_types == nullptr) {
        out.assign(attr.text, attr.size);
        return out;
    }
    for (std::size_t i = 0; attr.substr_offsets[i] < attr.size; ++i) {
        const std::string_view piece(attr.text + attr.substr_offsets[i],
                                     attr.substr_offsets[i + 1] - attr.substr_offsets[i]);
        switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY:
            append_entity(out, piece);
            break;
        case MD_TEXT_NULLCHAR:
            out += kReplacementChar;
            break;
        default:
            out += piece;
            break;
        }
    }
    return out;
}

ImageRef image_ref(std::string src) {
    ImageRef ref;
    ref.src = std::move(src);
    return ref;
}

// Appends text to inlines, extending the last Text run instead of starting a new one.
void add_text(Inlines& inlines, std::string_view text) {
    if (text.empty()) return;
    if (!inlines.empty())
        if (auto* last = std::get_if<Text>(&inlines.back().node)) {
            last->text += text;
            return;
        }
    inlines.emplace_back(Text{std::string(text)});
}

void add_inline(Inlines& inlines, Inline item) {
    if (auto* text = std::get_if<Text>(&item.node)) {
        add_text(inlines, text->text);
        return;
    }
    inlines.push_back(std::move(item));
}

// While a paragraph is built, a soft line break is kept as '\n' in its text, so that the
// lines of block quotes can be told apart (pull-quote markers, attributions). This turns them
// into the spaces they stand for.
void soft_breaks_to_spaces(Inlines& inlines) {
    for (Inline& item : inlines) {
        if (auto* text = std::get_if<Text>(&item.node)) {
            std::replace(text->text.begin(), text->text.end(), '\n', ' ');
            continue;
        }
        std::visit(
            [](auto& node) {
                if constexpr (requires { node.content; }) soft_breaks_to_spaces(node.content);
            },
            item.node);
    }
}

// ---------------------------------------------------------------------------------------------
// Lines inside a paragraph (separated by soft breaks, kept as '\n', or by line breaks)

struct LineCut {
    std::size_t index;                   // the inline holding the separator
    std::size_t pos = std::string::npos; // '\n' in that Text; npos: the inline is a LineBreak
};

std::optional<LineCut> last_line_cut(const Inlines& inlines) {
    for (std::size_t i = inlines.size(); i-- > 0;) {
        const InlineVariant& node = inlines[i].node;
        if (std::holds_alternative<LineBreak>(node)) return LineCut{i};
        if (const auto* text = std::get_if<Text>(&node)) {
            const std::size_t nl = text->text.rfind('\n');
            if (nl != std::string::npos) return LineCut{i, nl};
        }
    }
    return std::nullopt;
}

// The inlines after `cut`.
Inlines after_cut(const Inlines& inlines, const LineCut& cut) {
    Inlines out;
    if (cut.pos != std::string::npos)
        add_text(
            out,
            std::string_view(std::get<Text>(inlines[cut.index].node).text).substr(cut.pos + 1));
    for (std::size_t i = cut.index + 1; i < inlines.size(); ++i) out.push_back(inlines[i]);
    return out;
}

// Drops `cut` and everything after it.
void truncate_at(Inlines& inlines, const LineCut& cut) {
    inlines.resize(cut.index + 1);
    if (cut.pos == std::string::npos) {
        inlines.pop_back();
        return;
    }
    std::string& text = std::get<Text>(inlines.back().node).text;
    text.resize(cut.pos);
    if (text.empty()) inlines.pop_back();
}

std::string last_line_text(const Inlines& inlines) {
    const std::optional<LineCut> cut = last_line_cut(inlines);
    return plain_text(cut ? after_cut(inlines, *cut) : inlines);
}

// "— Vadim Sadonshoev" → "Vadim Sadonshoev"; nullopt when the line does not start with a dash.
std::optional<std::string> attribution_of(std::string_view line) {
    line = trim(line);
    std::string_view rest;
    if (line.starts_with("\xE2\x80\x94") || line.starts_with("\xE2\x80\x95")) // — ―
        rest = line.substr(3);
    else if (line.starts_with("\xE2\x80\x93 ")) // – and a space
        rest = line.substr(4);
    else if (line.starts_with("-- "))
        rest = line.substr(3);
    else
        return std::nullopt;
    while (rest.starts_with("\xC2\xA0")) rest.remove_prefix(2); // a no-break space after the dash
    std::string name = collapse_space(rest);
    if (name.empty()) return std::nullopt;
    return name;
}

// Removes the attribution line from the end of a quote's blocks and returns it (empty when
// there is none). See the comment at the top of the file.
std::string take_attribution(Blocks& blocks) {
    if (blocks.empty()) return {};
    auto* last = std::get_if<Paragraph>(&blocks.back().node);
    if (last == nullptr) return {};
    const std::optional<LineCut> cut = last_line_cut(last->content);
    const std::optional<std::string> name =
        attribution_of(plain_text(cut ? after_cut(last->content, *cut) : last->content));
    if (!name) return {};

    std::string previous; // the line before the attribution
    if (cut) {
        Inlines before = last->content;
        truncate_at(before, *cut);
        previous = last_line_text(before);
    } else if (blocks.size() >= 2) {
        if (const auto* para = std::get_if<Paragraph>(&blocks[blocks.size() - 2].node))
            previous = last_line_text(para->content);
    } else {
        return {}; // nothing but the "attribution": that is the quote itself
    }
    if (attribution_of(previous)) return {}; // dialogue: every line starts with a dash

    if (cut) {
        truncate_at(last->content, *cut);
        if (last->content.empty()) blocks.pop_back();
    } else {
        blocks.pop_back();
    }
    return *name;
}

enum class QuoteMarker { none, pullquote, tagline };

// Recognises and removes a `[!pullquote]` or `[!tagline]` marker that opens a quote.
QuoteMarker take_marker(Blocks& blocks) {
    if (blocks.empty()) return QuoteMarker::none;
    auto* para = std::get_if<Paragraph>(&blocks.front().node);
    if (para == nullptr || para->content.empty()) return QuoteMarker::none;
    auto* text = std::get_if<Text>(&para->content.front().node);
    if (text == nullptr) return QuoteMarker::none;
    const std::string_view t = text->text;
    QuoteMarker marker = QuoteMarker::none;
    std::size_t end = 0;
    for (const auto& [name, kind] :
         {std::pair{std::string_view("[!pullquote]"), QuoteMarker::pullquote},
          std::pair{std::string_view("[!tagline]"), QuoteMarker::tagline}}) {
        if (t.size() >= name.size() && ascii_lower(t.substr(0, name.size())) == name) {
            marker = kind;
            end = name.size();
        }
    }
    if (marker == QuoteMarker::none) return marker;
    if (end < t.size() && t[end] != ' ' && t[end] != '\t' && t[end] != '\n')
        return QuoteMarker::none; // "[!pullquotes]"
    while (end < t.size() && (t[end] == ' ' || t[end] == '\t')) ++end;
    const bool line_ended = end < t.size() && t[end] == '\n';
    if (line_ended) ++end;

    text->text.erase(0, end);
    if (text->text.empty()) {
        para->content.erase(para->content.begin());
        if (!line_ended && !para->content.empty() &&
            std::holds_alternative<LineBreak>(para->content.front().node))
            para->content.erase(para->content.begin());
    }
    if (para->content.empty()) blocks.erase(blocks.begin());
    return marker;
}

// The paragraphs of a pull quote or tagline as one run of inlines, joined by line breaks.
Inlines join_paragraphs(Blocks& blocks) {
    Inlines out;
    for (Block& block : blocks) {
        auto& para = std::get<Paragraph>(block.node);
        soft_breaks_to_spaces(para.content);
        if (!out.empty()) out.emplace_back(LineBreak{});
        for (Inline& item : para.content) add_inline(out, std::move(item));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The body: md4c's callbacks build the model on an explicit stack of open elements.

enum class Kind {
    document,
    quote,
    list,
    item,
    paragraph,
    heading,
    rule,
    code,
    html,
    table,
    table_head,
    table_body,
    row,
    cell,
    // spans (inline containers)
    emphasis,
    strong,
    link,
    image,
    code_span,
    plain_span,  // strikethrough and spans galley has no model for: the content is kept
    superscript, // inline <sup>
    subscript,   // inline <sub>
};

bool is_span(Kind kind) {
    return kind >= Kind::emphasis;
}
bool holds_blocks(Kind kind) {
    return kind == Kind::document || kind == Kind::quote || kind == Kind::item;
}
bool holds_inlines(Kind kind) {
    return kind == Kind::paragraph || kind == Kind::heading || kind == Kind::cell ||
           (is_span(kind) && kind != Kind::code_span);
}

struct PendingImage {
    std::string src;
    std::string title;
    Inlines alt;
};

// One open element. Only the members its kind needs are used.
struct Frame {
    Kind kind = Kind::document;
    bool implicit = false;             // a paragraph opened for the text of a tight list item
    std::int64_t offset = -1;          // byte offset of the first text inside, when known
    Blocks blocks;                     // document, quote, item
    Inlines inlines;                   // paragraph, heading, cell, spans
    std::string text;                  // code block, HTML block, code span
    std::string url;                   // link, image: the destination; code block: the language
    std::string title;                 // link, image
    int level = 0;                     // heading
    bool ordered = false;              // list
    int start = 1;                     // list
    std::vector<Blocks> items;         // list
    std::vector<TableRow> rows;        // table head, table body
    std::vector<TableRow> head, body;  // table
    TableRow cells;                    // row
    Align align = Align::none;         // cell
    std::optional<PendingImage> image; // paragraph: an image that may be the whole paragraph
};

Kind kind_of(MD_BLOCKTYPE type) {
    switch (type) {
    case MD_BLOCK_DOC:
        return Kind::document;
    case MD_BLOCK_QUOTE:
        return Kind::quote;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        return Kind::list;
    case MD_BLOCK_LI:
        return Kind::item;
    case MD_BLOCK_HR:
        return Kind::rule;
    case MD_BLOCK_H:
        return Kind::heading;
    case MD_BLOCK_CODE:
        return Kind::code;
    case MD_BLOCK_HTML:
        return Kind::html;
    case MD_BLOCK_P:
        return Kind::paragraph;
    case MD_BLOCK_TABLE:
        return Kind::table;
    case MD_BLOCK_THEAD:
        return Kind::table_head;
    case MD_BLOCK_TBODY:
        return Kind::table_body;
    case MD_BLOCK_TR:
        return Kind::row;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        return Kind::cell;
    }
    return Kind::paragraph;
}

Kind kind_of(MD_SPANTYPE type) {
    switch (type) {
    case MD_SPAN_EM:
        return Kind::emphasis;
    case MD_SPAN_STRONG:
        return Kind::strong;
    case MD_SPAN_A:
        return Kind::link;
    case MD_SPAN_IMG:
        return Kind::image;
    case MD_SPAN_CODE:
        return Kind::code_span;
    default:
        return Kind::plain_span;
    }
}

Align align_of(MD_ALIGN align) {
    switch (align) {
    case MD_ALIGN_LEFT:
        return Align::left;
    case MD_ALIGN_CENTER:
        return Align::center;
    case MD_ALIGN_RIGHT:
        return Align::right;
    default:
        return Align::none;
    }
}

class BodyBuilder {
  public:
    // `text` is the whole file (positions are counted in it); `title` is the front matter's.
    BodyBuilder(std::string_view text, const std::string& file, Warnings& warnings,
                std::string title = {})
        : text_(text), file_(file), warnings_(warnings), title_(std::move(title)) {}

    // Parses the text from byte `begin` to the end and returns its blocks.
    Blocks parse(std::size_t begin) {
        const std::string_view body = text_.substr(begin);
        if (body.size() > UINT_MAX)
            throw Error(ErrorCode::limit, file_, "the Markdown text is larger than 4 GiB");
        MD_PARSER parser{};
        parser.abi_version = 0;
        parser.flags = kMarkdownFlags;
        parser.enter_block = &BodyBuilder::on_enter_block;
        parser.leave_block = &BodyBuilder::on_leave_block;
        parser.enter_span = &BodyBuilder::on_enter_span;
        parser.leave_span = &BodyBuilder::on_leave_span;
        parser.text = &BodyBuilder::on_text;
        stack_.clear();
        stack_.emplace_back(); // the document
        const int status = md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, this);
        if (failure_) std::rethrow_exception(failure_);
        if (limit_hit_)
            throw Error(ErrorCode::limit, file_, position(limit_offset_),
                        "Markdown nested more than " + std::to_string(kMaxNesting) +
                            " levels deep (block quotes, lists, emphasis or links inside each "
                            "other)");
        if (status != 0)
            throw Error(ErrorCode::internal, file_,
                        "the Markdown parser (md4c) failed with status " + std::to_string(status));
        while (stack_.size() > 1) pop();
        return std::move(stack_.front().blocks);
    }

    // The text of a leading `# H1` when there was no title to take its place.
    const std::optional<std::string>& headline() const { return headline_; }

  private:
    // ---- md4c callbacks: C code calls them, so no exception may leave them.

    template <class F> int guarded(F&& body) noexcept {
        try {
            return body();
        } catch (...) {
            failure_ = std::current_exception();
            return 1; // stops md4c
        }
    }
    static int on_enter_block(MD_BLOCKTYPE type, void* detail, void* self) {
        auto* me = static_cast<BodyBuilder*>(self);
        return me->guarded([&] { return me->enter_block(type, detail); });
    }
    static int on_leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* self) {
        auto* me = static_cast<BodyBuilder*>(self);
        return me->guarded([&] { return me->leave_block(type); });
    }
    static int on_enter_span(MD_SPANTYPE type, void* detail, void* self) {
        auto* me = static_cast<BodyBuilder*>(self);
        return me->guarded([&] { return me->enter_span(type, detail); });
    }
    static int on_leave_span(MD_SPANTYPE type, void* /*detail*/, void* self) {
        auto* me = static_cast<BodyBuilder*>(self);
        return me->guarded([&] { return me->leave_span(type); });
    }
    static int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
        auto* me = static_cast<BodyBuilder*>(self);
        return me->guarded([&] { return me->on_text(type, std::string_view(text, size)); });
    }

    // Past the nesting limit, elements are only counted until the next text tells where.
    bool too_deep() {
        if (skipped_ > 0 || stack_.size() >= kMaxNesting) {
            ++skipped_;
            limit_hit_ = true;
            return true;
        }
        return false;
    }

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        if (type == MD_BLOCK_DOC) return 0; // the document frame is already there
        if (too_deep()) return 0;
        close_inline_context();
        Frame frame;
        frame.kind = kind_of(type);
        switch (type) {
        case MD_BLOCK_OL: {
            const auto* ol = static_cast<const MD_BLOCK_OL_DETAIL*>(detail);
            frame.ordered = true;
            frame.start = static_cast<int>(std::min<unsigned>(ol->start, INT_MAX));
            break;
        }
        case MD_BLOCK_H:
            frame.level = static_cast<int>(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
            break;
        case MD_BLOCK_CODE:
            frame.url = attribute_text(static_cast<const MD_BLOCK_CODE_DETAIL*>(detail)->lang);
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            frame.align = align_of(static_cast<const MD_BLOCK_TD_DETAIL*>(detail)->align);
            break;
        default:
            break;
        }
        stack_.push_back(std::move(frame));
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        if (skipped_ > 0) {
            --skipped_;
            return 0;
        }
        if (type == MD_BLOCK_DOC) {
            while (stack_.size() > 1) pop();
            return 0;
        }
        const Kind kind = kind_of(type);
        while (stack_.size() > 1) {
            const bool match = stack_.back().kind == kind && !stack_.back().implicit;
            pop();
            if (match) break;
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type, void* detail) {
        if (too_deep()) return 0;
        inline_target(); // opens the paragraph of a tight list item
        Frame frame;
        frame.kind = kind_of(type);
        if (type == MD_SPAN_A) {
            const auto* a = static_cast<const MD_SPAN_A_DETAIL*>(detail);
            frame.url = attribute_text(a->href);
            frame.title = attribute_text(a->title);
        } else if (type == MD_SPAN_IMG) {
            const auto* img = static_cast<const MD_SPAN_IMG_DETAIL*>(detail);
            frame.url = attribute_text(img->src);
            frame.title = attribute_text(img->title);
        }
        stack_.push_back(std::move(frame));
        return 0;
    }

    int leave_span(MD_SPANTYPE type) {
        if (skipped_ > 0) {
            --skipped_;
            return 0;
        }
        const Kind kind = kind_of(type);
        while (stack_.size() > 1 && is_span(stack_.back().kind)) {
            const bool match = stack_.back().kind == kind;
            pop();
            if (match) break;
        }
        return 0;
    }

    int on_text(MD_TEXTTYPE type, std::string_view text) {
        if (text.data() >= text_.data() && text.data() < text_.data() + text_.size())
            note_offset(text.data() - text_.data());
        if (limit_hit_) {
            limit_offset_ = last_offset_;
            return 1; // stop: the error names this place
        }
        Frame& top = stack_.back();
        if (top.kind == Kind::code || top.kind == Kind::html) { // verbatim blocks
            if (type == MD_TEXT_NULLCHAR)
                top.text += kReplacementChar;
            else
                top.text += text;
            return 0;
        }
        if (top.kind == Kind::code_span) {
            if (type == MD_TEXT_NULLCHAR)
                top.text += kReplacementChar;
            else if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
                top.text += ' ';
            else
                top.text += text;
            return 0;
        }
        switch (type) {
        case MD_TEXT_NULLCHAR:
            append_text(kReplacementChar);
            break;
        case MD_TEXT_BR:
            append_inline(LineBreak{});
            break;
        case MD_TEXT_SOFTBR:
            append_text("\n");
            break;
        case MD_TEXT_ENTITY: {
            std::string decoded;
            append_entity(decoded, text);
            append_text(decoded);
            break;
        }
        case MD_TEXT_HTML:
            inline_html(text);
            break;
        default:
            append_text(text);
            break;
        }
        return 0;
    }

    // ---- the stack

    void note_offset(std::int64_t offset) {
        last_offset_ = offset;
        // Frames that know their offset are a prefix of the stack: stop at the first one.
        for (std::size_t i = stack_.size(); i-- > 0 && stack_[i].offset < 0;)
            stack_[i].offset = offset;
    }

    Position position(std::int64_t offset) const {
        if (offset < 0) return Position{};
        Position pos = position_of(text_, static_cast<std::size_t>(offset));
        pos.offset = offset;
        return pos;
    }

    void warn(std::int64_t offset, std::string message) {
        warnings_.push_back(Warning{file_, position(offset), std::move(message)});
    }

    // Closes what a new block cannot be inside of: an implicit paragraph and inline HTML
    // elements left open in it.
    void close_inline_context() {
        while (stack_.size() > 1 && (is_span(stack_.back().kind) || stack_.back().implicit)) pop();
    }

    // The frame that takes inline content, opening an implicit paragraph in a list item
    // (tight lists have no paragraph events); nullptr where inline content cannot go.
    Frame* inline_target() {
        const Kind kind = stack_.back().kind;
        if (holds_inlines(kind)) return &stack_.back();
        if (!holds_blocks(kind)) return nullptr;
        Frame frame;
        frame.kind = Kind::paragraph;
        frame.implicit = true;
        frame.offset = last_offset_;
        stack_.push_back(std::move(frame));
        return &stack_.back();
    }

    static void flush_image(Frame& frame) {
        if (!frame.image) return;
        PendingImage image = std::move(*frame.image);
        frame.image.reset();
        Inlines rest = std::move(frame.inlines);
        frame.inlines.clear();
        add_text(frame.inlines, plain_text(image.alt));
        for (Inline& item : rest) add_inline(frame.inlines, std::move(item));
    }

    static void add_to(Frame& frame, Inline item) {
        flush_image(frame);
        add_inline(frame.inlines, std::move(item));
    }

    void append_text(std::string_view text) {
        if (Frame* target = inline_target()) {
            flush_image(*target);
            add_text(target->inlines, text);
        }
    }

    void append_inline(Inline item) {
        if (Frame* target = inline_target()) add_to(*target, std::move(item));
    }

    // Inline raw HTML: <br> is a line break, <sup>/<sub> superscript and subscript; other tags
    // and comments are dropped (the text between them stays).
    void inline_html(std::string_view tag) {
        if (tag.size() < 3 || tag[0] != '<') return;
        const bool closing = tag[1] == '/';
        std::size_t i = closing ? 2 : 1;
        const std::size_t name_begin = i;
        while (i < tag.size() &&
               ((tag[i] >= 'a' && tag[i] <= 'z') || (tag[i] >= 'A' && tag[i] <= 'Z')))
            ++i;
        const std::string name = ascii_lower(tag.substr(name_begin, i - name_begin));
        if (name == "br") {
            if (!closing) append_inline(LineBreak{});
            return;
        }
        Kind kind;
        if (name == "sup")
            kind = Kind::superscript;
        else if (name == "sub")
            kind = Kind::subscript;
        else
            return;
        if (closing) {
            if (stack_.back().kind == kind) pop();
            return;
        }
        if (too_deep()) {
            --skipped_; // nothing will close it: only the limit counts
            return;
        }
        if (inline_target() == nullptr) return;
        Frame frame;
        frame.kind = kind;
        frame.offset = last_offset_;
        stack_.push_back(std::move(frame));
    }

    void add_block(Frame& parent, Block block) {
        if (!holds_blocks(parent.kind)) return;
        if (parent.kind == Kind::document && !std::holds_alternative<Raw>(block.node))
            document_has_content_ = true;
        parent.blocks.push_back(std::move(block));
    }

    // Closes the top frame and hands its result to the frame below.
    void pop() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        Frame& parent = stack_.back();
        switch (frame.kind) {
        case Kind::document:
            break;
        case Kind::paragraph:
            finish_paragraph(frame, parent);
            break;
        case Kind::heading:
            finish_heading(frame, parent);
            break;
        case Kind::quote:
            if (std::optional<Block> block = finish_quote(frame))
                add_block(parent, std::move(*block));
            break;
        case Kind::list: {
            List list;
            list.ordered = frame.ordered;
            list.start = frame.start;
            list.items = std::move(frame.items);
            add_block(parent, std::move(list));
            break;
        }
        case Kind::item:
            if (parent.kind == Kind::list) parent.items.push_back(std::move(frame.blocks));
            break;
        case Kind::rule:
            add_block(parent, Rule{});
            break;
        case Kind::code: {
            Raw raw;
            raw.format = "code";
            raw.text = std::move(frame.text);
            if (!frame.url.empty()) raw.attr.values.emplace_back("lang", std::move(frame.url));
            add_block(parent, std::move(raw));
            break;
        }
        case Kind::html: {
            Raw raw;
            raw.format = "html";
            raw.text = std::move(frame.text);
            add_block(parent, std::move(raw));
            break;
        }
        case Kind::table: {
            Table table;
            table.head = std::move(frame.head);
            table.body = std::move(frame.body);
            add_block(parent, std::move(table));
            break;
        }
        case Kind::table_head:
            if (parent.kind == Kind::table) parent.head = std::move(frame.rows);
            break;
        case Kind::table_body:
            if (parent.kind == Kind::table) parent.body = std::move(frame.rows);
            break;
        case Kind::row:
            if (parent.kind == Kind::table_head || parent.kind == Kind::table_body)
                parent.rows.push_back(std::move(frame.cells));
            break;
        case Kind::cell:
            if (parent.kind == Kind::row) {
                TableCell cell;
                flush_image(frame);
                soft_breaks_to_spaces(frame.inlines);
                cell.content = std::move(frame.inlines);
                cell.align = frame.align;
                parent.cells.push_back(std::move(cell));
            }
            break;
        case Kind::emphasis:
            add_to(parent, Emphasis{std::move(frame.inlines)});
            break;
        case Kind::strong:
            add_to(parent, Strong{std::move(frame.inlines)});
            break;
        case Kind::superscript:
            add_to(parent, Superscript{std::move(frame.inlines)});
            break;
        case Kind::subscript:
            add_to(parent, Subscript{std::move(frame.inlines)});
            break;
        case Kind::link:
            add_to(parent,
                   Link{std::move(frame.url), std::move(frame.title), std::move(frame.inlines)});
            break;
        case Kind::code_span:
            add_to(parent, Code{std::move(frame.text)});
            break;
        case Kind::plain_span:
            flush_image(parent);
            for (Inline& item : frame.inlines) add_inline(parent.inlines, std::move(item));
            break;
        case Kind::image:
            if (parent.kind == Kind::paragraph && parent.inlines.empty() && !parent.image) {
                parent.image = PendingImage{std::move(frame.url), std::move(frame.title),
                                            std::move(frame.inlines)};
            } else {
                add_to(parent, Text{plain_text(frame.inlines)});
            }
            break;
        }
    }

    void finish_paragraph(Frame& frame, Frame& parent) {
        if (frame.image && frame.inlines.empty()) {
            add_block(parent, figure_of(std::move(*frame.image)));
            return;
        }
        flush_image(frame);
        if (frame.inlines.empty()) return;
        Paragraph para;
        para.content = std::move(frame.inlines);
        // A quote's own paragraphs keep their line structure until the quote is finished.
        if (parent.kind != Kind::quote) soft_breaks_to_spaces(para.content);
        add_block(parent, std::move(para));
    }

    static Figure figure_of(PendingImage image) {
        Figure figure;
        if (!image.src.empty()) figure.image = image_ref(std::move(image.src));
        figure.caption = std::move(image.alt);
        soft_breaks_to_spaces(figure.caption);
        figure.credit.line = collapse_space(image.title);
        settle_caption_credit(figure.caption, figure.credit);
        figure.alt = collapse_space(plain_text(figure.caption));
        return figure;
    }

    void finish_heading(Frame& frame, Frame& parent) {
        flush_image(frame);
        soft_breaks_to_spaces(frame.inlines);
        if (frame.level == 1 && parent.kind == Kind::document && !document_has_content_ &&
            !headline_) {
            std::string text = collapse_space(plain_text(frame.inlines));
            if (!text.empty() && (title_.empty() || text == title_)) {
                // The headline, or a heading that only repeats the front matter's title.
                headline_ = std::move(text);
                return;
            }
        }
        if (frame.inlines.empty()) return;
        Heading heading;
        heading.level = std::clamp(frame.level, 2, 4);
        heading.content = std::move(frame.inlines);
        add_block(parent, std::move(heading));
    }

    std::optional<Block> finish_quote(Frame& frame) {
        Blocks& blocks = frame.blocks;
        QuoteMarker marker = take_marker(blocks);
        if (marker != QuoteMarker::none) {
            const char* name = marker == QuoteMarker::pullquote ? "[!pullquote]" : "[!tagline]";
            const bool only_paragraphs =
                std::all_of(blocks.begin(), blocks.end(), [](const Block& b) {
                    return std::holds_alternative<Paragraph>(b.node);
                });
            if (!only_paragraphs) {
                warn(frame.offset, std::string("a ") + name +
                                       " quote may hold only paragraphs; read as a block quote");
                marker = QuoteMarker::none;
            } else if (blocks.empty()) {
                warn(frame.offset, std::string("an empty ") + name + " quote; left out");
                return std::nullopt;
            }
        }
        if (marker == QuoteMarker::pullquote) {
            PullQuote quote;
            quote.attribution = take_attribution(blocks);
            quote.content = join_paragraphs(blocks);
            return quote;
        }
        if (marker == QuoteMarker::tagline) {
            Tagline tagline;
            tagline.content = join_paragraphs(blocks);
            return tagline;
        }
        BlockQuote quote;
        quote.attribution = take_attribution(blocks);
        for (Block& block : blocks)
            if (auto* para = std::get_if<Paragraph>(&block.node))
                soft_breaks_to_spaces(para->content);
        if (blocks.empty() && quote.attribution.empty()) return std::nullopt;
        quote.content = std::move(blocks);
        return quote;
    }

    std::string_view text_;
    const std::string& file_;
    Warnings& warnings_;
    std::string title_;
    std::vector<Frame> stack_;
    std::optional<std::string> headline_;
    bool document_has_content_ = false;
    std::int64_t last_offset_ = -1;
    std::size_t skipped_ = 0;
    bool limit_hit_ = false;
    std::int64_t limit_offset_ = -1;
    std::exception_ptr failure_;
};

// Text given in the front matter (a caption) read as inline Markdown; plain text when it is
// more than one paragraph's worth.
Inlines inline_markdown(const std::string& text, const std::string& file) {
    Warnings ignored;
    try {
        BodyBuilder builder(text, file, ignored);
        Blocks blocks = builder.parse(0);
        if (blocks.size() == 1 && !builder.headline())
            if (auto* para = std::get_if<Paragraph>(&blocks.front().node))
                return std::move(para->content);
    } catch (const Error&) {
        // a caption too deeply nested for Markdown is still a caption
    }
    return text_inlines(text);
}

// ---------------------------------------------------------------------------------------------
// Front matter

struct FrontMatterSpan {
    bool present = false;
    std::size_t yaml_begin = 0; // the line after the opening `---`
    std::size_t yaml_end = 0;   // the start of the closing line
    std::size_t body_begin = 0; // the line after the closing line
};

bool is_fence(std::string_view line, std::string_view fence) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line == fence;
}

FrontMatterSpan find_front_matter(std::string_view text, const std::string& file) {
    FrontMatterSpan span;
    std::size_t end = text.find('\n');
    if (!is_fence(text.substr(0, end), "---")) return span;
    std::size_t pos = end == std::string_view::npos ? text.size() : end + 1;
    span.yaml_begin = pos;
    while (pos < text.size()) {
        end = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (is_fence(line, "---") || is_fence(line, "...")) {
            span.present = true;
            span.yaml_end = pos;
            span.body_begin = end == std::string_view::npos ? text.size() : end + 1;
            if (span.yaml_end - span.yaml_begin > kMaxFrontMatterBytes)
                throw Error(ErrorCode::limit, file, Position{1, 1, 0},
                            "front matter is larger than 1 MiB");
            return span;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    throw Error(ErrorCode::syntax, file, Position{1, 1, 0},
                "front matter opened by '---' is never closed (a line '---' or '...' ends it)");
}

// Where each metadata field comes from; several keys may name one field.
enum class Field {
    headline,
    dek,
    bylines,
    dateline,
    date,
    language,
    publisher,
    section,
    keywords,
    rights,
    source_url,
    identifier,
    image,
    count_
};

struct FrontMatterKey {
    std::string_view name;
    Field field;
};
constexpr FrontMatterKey kFrontMatterKeys[] = {
    {"title", Field::headline},      {"dek", Field::dek},
    {"subtitle", Field::dek},        {"author", Field::bylines},
    {"authors", Field::bylines},     {"byline", Field::bylines},
    {"dateline", Field::dateline},   {"date", Field::date},
    {"lang", Field::language},       {"language", Field::language},
    {"publisher", Field::publisher}, {"section", Field::section},
    {"keywords", Field::keywords},   {"tags", Field::keywords},
    {"rights", Field::rights},       {"license", Field::rights},
    {"copyright", Field::rights},    {"source_url", Field::source_url},
    {"url", Field::source_url},      {"identifier", Field::identifier},
    {"id", Field::identifier},       {"image", Field::image},
};

const char* kind_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Scalar:
        return "text";
    case YAML::NodeType::Null:
        return "nothing";
    default:
        return "an undefined value";
    }
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

// An ISO 8601 date or date-time, from the forms people write in front matter: "2025-12-10",
// "2025-12-10T09:30:00+05:00", and YAML timestamps ("2001-12-14 21:59:43.10 -5").
std::optional<std::string> iso_date(std::string_view s) {
    s = trim(s);
    std::size_t i = 0;
    const auto number = [&](std::size_t min_digits, std::size_t max_digits, int& value) {
        std::size_t n = 0;
        value = 0;
        while (i < s.size() && n < max_digits && s[i] >= '0' && s[i] <= '9') {
            value = value * 10 + (s[i] - '0');
            ++i;
            ++n;
        }
        return n >= min_digits;
    };
    const auto expect = [&](char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    const auto two = [](int v) {
        std::string out = std::to_string(v);
        return out.size() < 2 ? "0" + out : out;
    };
    int year, month, day;
    if (!number(4, 4, year) || !expect('-') || !number(2, 2, month) || !expect('-') ||
        !number(2, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    std::string out(s.substr(0, 10));
    if (i == s.size()) return out;

    if (!expect('T') && !expect('t')) {
        if (s[i] != ' ' && s[i] != '\t') return std::nullopt;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    }
    int hour, minute, second = -1;
    if (!number(1, 2, hour) || !expect(':') || !number(2, 2, minute)) return std::nullopt;
    if (expect(':') && !number(2, 2, second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    out += 'T' + two(hour) + ':' + two(minute);
    if (second >= 0) {
        out += ':' + two(second);
        if (expect('.')) {
            const std::size_t frac = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
            if (i == frac) return std::nullopt;
            out += '.';
            out += s.substr(frac, i - frac);
        }
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i == s.size()) return out;
    if (expect('Z') || expect('z')) {
        out += 'Z';
    } else if (s[i] == '+' || s[i] == '-') {
        const char sign = s[i++];
        int zone_hours, zone_minutes = 0;
        if (!number(1, 2, zone_hours)) return std::nullopt;
        if (expect(':')) {
            if (!number(2, 2, zone_minutes)) return std::nullopt;
        } else if (i < s.size() && !number(2, 2, zone_minutes)) {
            return std::nullopt;
        }
        if (zone_hours > 14 || zone_minutes > 59) return std::nullopt;
        out += sign + two(zone_hours) + ':' + two(zone_minutes);
    }
    if (i != s.size()) return std::nullopt;
    return out;
}

// "en", "ru-RU", "kk-Cyrl"; "ru_RU" is taken as "ru-RU".
std::optional<std::string> language_tag(std::string text) {
    std::replace(text.begin(), text.end(), '_', '-');
    std::size_t subtag = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '-') {
            if (subtag == 0 || subtag > 8) return std::nullopt;
            subtag = 0;
            continue;
        }
        const char c = text[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > text.find('-'))) return std::nullopt; // primary: letters
        ++subtag;
    }
    return text;
}

class FrontMatterReader {
  public:
    FrontMatterReader(std::string_view text, std::size_t yaml_begin, const std::string& file,
                      Warnings& warnings)
        : text_(text), yaml_begin_(yaml_begin), file_(file), warnings_(warnings) {}

    // Where a yaml-cpp mark is in the file.
    Position position(const YAML::Mark& mark) const {
        std::size_t offset = yaml_begin_;
        if (mark.pos > 0) offset += static_cast<std::size_t>(mark.pos);
        offset = std::min(offset, text_.size());
        Position pos = position_of(text_, offset);
        pos.offset = static_cast<std::int64_t>(offset);
        return pos;
    }

    void read(const YAML::Node& root, Meta& meta, std::optional<Figure>& lead) {
        if (root.IsNull()) return; // empty front matter
        if (!root.IsMap())
            throw Error(ErrorCode::invalid, file_, position(root.Mark()),
                        std::string("front matter is ") + kind_name(root) +
                            ", not a mapping of keys such as 'title:'");
        std::array<std::string, static_cast<std::size_t>(Field::count_)> given_by;
        for (const auto& entry : root) {
            // Copies: yaml-cpp's iterators hand out temporaries (a Node is a shared handle).
            const YAML::Node key = entry.first;
            const YAML::Node value = entry.second;
            if (!key.IsScalar()) {
                warn(key, std::string("front matter key is ") + kind_name(key) + "; ignored");
                continue;
            }
            const std::string name = key.Scalar();
            const std::string lower = ascii_lower(name);
            const auto known =
                std::find_if(std::begin(kFrontMatterKeys), std::end(kFrontMatterKeys),
                             [&](const FrontMatterKey& k) { return k.name == lower; });
            if (known == std::end(kFrontMatterKeys)) {
                warn(key, "unknown front matter key '" + name + "' ignored");
                continue;
            }
            std::string& earlier = given_by[static_cast<std::size_t>(known->field)];
            if (!earlier.empty()) {
                warn(key,
                     "front matter key '" + name + "' ignored: " + earlier + " already gives this");
                continue;
            }
            if (apply(known->field, name, value, meta, lead)) {
                const Position at = position(key.Mark());
                earlier = "'" + name + "' on line " + std::to_string(at.line);
            }
        }
    }

  private:
    void warn(const YAML::Node& node, std::string message) {
        warnings_.push_back(Warning{file_, position(node.Mark()), std::move(message)});
    }

    // Counts a value read, and its text, against the budget that keeps aliases from expanding
    // the front matter (ErrorCode::limit past it).
    void spend(const YAML::Node& value, std::size_t text_bytes) {
        text_read_ += text_bytes;
        if (++values_read_ > kMaxFrontMatterValues || text_read_ > kMaxFrontMatterText)
            throw Error(ErrorCode::limit, file_, position(value.Mark()),
                        "front matter expands past " +
                            (values_read_ > kMaxFrontMatterValues
                                 ? std::to_string(kMaxFrontMatterValues) + " values"
                                 : std::string("1 MiB of text")) +
                            " (YAML aliases repeating a value?)");
    }

    // A single-line text value; nullopt (with a warning when it is not text) otherwise.
    std::optional<std::string> text_of(const YAML::Node& value, std::string_view key) {
        spend(value, value.IsScalar() ? value.Scalar().size() : 0);
        if (!value.IsDefined() || value.IsNull()) return std::nullopt;
        if (!value.IsScalar()) {
            warn(value,
                 std::string(key) + ": expected text, found " + kind_name(value) + "; ignored");
            return std::nullopt;
        }
        std::string text = collapse_space(value.Scalar());
        if (text.empty()) return std::nullopt;
        return text;
    }

    bool apply(Field field, const std::string& key, const YAML::Node& value, Meta& meta,
               std::optional<Figure>& lead) {
        const auto set = [&](std::string& into) {
            std::optional<std::string> text = text_of(value, key);
            if (text) into = std::move(*text);
            return text.has_value();
        };
        switch (field) {
        case Field::headline:
            return set(meta.headline);
        case Field::dek:
            return set(meta.dek);
        case Field::publisher:
            return set(meta.publisher);
        case Field::section:
            return set(meta.section);
        case Field::rights:
            return set(meta.rights);
        case Field::source_url:
            return set(meta.source_url);
        case Field::identifier:
            return set(meta.identifier);
        case Field::bylines:
            return read_bylines(key, value, meta.bylines);
        case Field::dateline:
            return read_dateline(key, value, meta.dateline);
        case Field::keywords:
            return read_keywords(key, value, meta.keywords);
        case Field::image:
            return read_image(key, value, lead);
        case Field::date: {
            const std::optional<std::string> text = text_of(value, key);
            if (!text) return false;
            if (std::optional<std::string> iso = iso_date(*text)) {
                meta.date = std::move(*iso);
                return true;
            }
            warn(value, key + ": '" + *text +
                            "' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS±HH:MM); "
                            "ignored");
            return false;
        }
        case Field::language: {
            const std::optional<std::string> text = text_of(value, key);
            if (!text) return false;
            if (std::optional<std::string> tag = language_tag(*text)) {
                meta.language = std::move(*tag);
                return true;
            }
            warn(value, key + ": '" + *text +
                            "' is not a language tag such as 'en' or 'ru-RU'; "
                            "ignored");
            return false;
        }
        case Field::count_:
            break;
        }
        return false;
    }

    // For mappings inside the front matter: calls `take(subkey, value)` for each entry, warning
    // about keys it does not know (it returns false for those).
    template <class Take>
    void for_each_entry(const std::string& key, const YAML::Node& map, Take&& take) {
        for (const auto& entry : map) {
            const YAML::Node sub_key = entry.first; // copies, as in read()
            const YAML::Node value = entry.second;
            spend(sub_key, 0);
            const std::string name = sub_key.IsScalar() ? sub_key.Scalar() : "";
            if (!take(ascii_lower(name), value))
                warn(sub_key, "unknown key '" + name + "' in front matter '" + key + "' ignored");
        }
    }

    std::optional<Byline> byline_of(const std::string& key, const YAML::Node& node) {
        spend(node, 0);
        if (node.IsScalar()) {
            if (std::optional<std::string> name = text_of(node, key)) return Byline{*name, {}};
            return std::nullopt;
        }
        if (!node.IsMap()) {
            warn(node, key + ": expected a name or {name, title}, found " +
                           std::string(kind_name(node)) + "; ignored");
            return std::nullopt;
        }
        Byline byline;
        for_each_entry(key, node, [&](const std::string& sub, const YAML::Node& value) {
            if (sub == "name")
                byline.name = text_of(value, key + ".name").value_or("");
            else if (sub == "title")
                byline.title = text_of(value, key + ".title").value_or("");
            else
                return false;
            return true;
        });
        if (byline.name.empty()) {
            warn(node, key + ": an author without a name; ignored");
            return std::nullopt;
        }
        return byline;
    }

    bool read_bylines(const std::string& key, const YAML::Node& value, std::vector<Byline>& out) {
        if (!value.IsDefined() || value.IsNull()) return false;
        if (value.IsSequence()) {
            for (const YAML::Node& item : value)
                if (std::optional<Byline> byline = byline_of(key, item)) out.push_back(*byline);
        } else if (std::optional<Byline> byline = byline_of(key, value)) {
            out.push_back(*byline);
        }
        return !out.empty();
    }

    bool read_dateline(const std::string& key, const YAML::Node& value, Dateline& out) {
        if (value.IsMap()) {
            for_each_entry(key, value, [&](const std::string& sub, const YAML::Node& v) {
                if (sub == "place")
                    out.place = text_of(v, key + ".place").value_or("");
                else if (sub == "agency")
                    out.agency = text_of(v, key + ".agency").value_or("");
                else if (sub == "date")
                    out.date_text = text_of(v, key + ".date").value_or("");
                else
                    return false;
                return true;
            });
            return !out.empty();
        }
        if (std::optional<std::string> place = text_of(value, key)) {
            out.place = std::move(*place);
            return true;
        }
        return false;
    }

    bool read_keywords(const std::string& key, const YAML::Node& value,
                       std::vector<std::string>& out) {
        if (value.IsSequence()) {
            for (const YAML::Node& item : value)
                if (std::optional<std::string> word = text_of(item, key))
                    out.push_back(std::move(*word));
        } else if (std::optional<std::string> list = text_of(value, key)) {
            std::string_view rest = *list;
            while (!rest.empty()) {
                const std::size_t comma = rest.find(',');
                const std::string word = collapse_space(rest.substr(0, comma));
                if (!word.empty()) out.push_back(word);
                rest =
                    comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        }
        return !out.empty();
    }

    bool read_credit(const std::string& key, const YAML::Node& value, Credit& out) {
        if (value.IsMap()) {
            for_each_entry(key, value, [&](const std::string& sub, const YAML::Node& v) {
                if (sub == "creator")
                    out.creator = text_of(v, key + ".creator").value_or("");
                else if (sub == "line")
                    out.line = text_of(v, key + ".line").value_or("");
                else if (sub == "copyright")
                    out.copyright = text_of(v, key + ".copyright").value_or("");
                else if (sub == "source")
                    out.source = text_of(v, key + ".source").value_or("");
                else if (sub == "title")
                    out.creator_title = text_of(v, key + ".title").value_or("");
                else if (sub == "instructions")
                    out.instructions = text_of(v, key + ".instructions").value_or("");
                else if (sub == "usage_terms")
                    out.usage_terms = text_of(v, key + ".usage_terms").value_or("");
                else
                    return false;
                return true;
            });
        } else if (std::optional<std::string> line = text_of(value, key)) {
            out.line = std::move(*line);
        }
        return !out.empty();
    }

    bool read_image(const std::string& key, const YAML::Node& value, std::optional<Figure>& lead) {
        std::string src, alt, caption;
        Credit credit;
        bool has_credit = false;
        if (value.IsMap()) {
            for_each_entry(key, value, [&](const std::string& sub, const YAML::Node& v) {
                if (sub == "src")
                    src = text_of(v, key + ".src").value_or("");
                else if (sub == "alt")
                    alt = text_of(v, key + ".alt").value_or("");
                else if (sub == "caption")
                    caption = text_of(v, key + ".caption").value_or("");
                else if (sub == "credit")
                    has_credit = read_credit(key + ".credit", v, credit);
                else
                    return false;
                return true;
            });
        } else if (std::optional<std::string> path = text_of(value, key)) {
            src = std::move(*path);
        } else {
            return false;
        }
        Figure figure;
        if (!src.empty()) figure.image = image_ref(src);
        if (!caption.empty()) figure.caption = inline_markdown(caption, file_);
        if (has_credit) figure.credit = credit;
        settle_caption_credit(figure.caption, figure.credit);
        figure.alt = !alt.empty() ? alt : collapse_space(plain_text(figure.caption));
        if (!figure.image && figure.caption.empty() && figure.credit.empty()) {
            warn(value, key + ": no src, caption or credit; ignored");
            return false;
        }
        lead = std::move(figure);
        return true;
    }

    std::string_view text_;
    std::size_t yaml_begin_;
    const std::string& file_;
    Warnings& warnings_;
    std::size_t values_read_ = 0;
    std::size_t text_read_ = 0;
};

YAML::Node load_yaml(std::string_view text, const FrontMatterSpan& span,
                     const FrontMatterReader& reader, const std::string& file) {
    const std::string yaml(text.substr(span.yaml_begin, span.yaml_end - span.yaml_begin));
    try {
        return YAML::Load(yaml);
    } catch (const YAML::DeepRecursion& e) {
        throw Error(ErrorCode::limit, file, reader.position(e.mark),
                    "front matter nests too deeply: " + e.msg);
    } catch (const YAML::Exception& e) {
        throw Error(ErrorCode::syntax, file, reader.position(e.mark),
                    "front matter is not valid YAML: " + e.msg);
    }
}

} // namespace

ReadResult read_markdown(std::string_view bytes, const std::string& file) {
    const std::string_view text = checked_utf8_text(bytes, file);
    ReadResult result;
    Meta& meta = result.article.meta;
    result.article.source_path = file;

    const FrontMatterSpan span = find_front_matter(text, file);
    std::optional<Figure> lead;
    if (span.present) {
        FrontMatterReader reader(text, span.yaml_begin, file, result.warnings);
        reader.read(load_yaml(text, span, reader, file), meta, lead);
    }

    BodyBuilder body(text, file, result.warnings, meta.headline);
    result.article.blocks = body.parse(span.body_begin);
    if (meta.headline.empty() && body.headline()) meta.headline = *body.headline();
    if (lead) result.article.blocks.insert(result.article.blocks.begin(), std::move(*lead));
    return result;
}

} // namespace galley::detail
