// galley — the NITF 3.x and NewsML-G2 reader.
//
// libxml2 parses the bytes as they are (so declared encodings such as ISO-8859-1 and
// windows-1252 are honoured) with the network off, no DTD loading, no external entities and no
// entity substitution by the parser. References to entities that the document declares itself
// are expanded here, within a budget; entities that only a DTD would declare (NITF files name
// nitf-3-x.dtd, which is never loaded) are looked up as HTML 4 names; external entities are
// never read. The tree is then mapped to the article model: the mapping is described at
// XmlReader::read_nitf and XmlReader::read_newsml.

#include "read/reader.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <concepts>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace galley::detail {
namespace {

// ---------------------------------------------------------------------------------------------
// Limits

// Bytes (and nodes) that references to the document's own entities may add, in total.
constexpr std::size_t max_entity_expansion = std::size_t{1} << 20;
// Entities referring to entities referring to entities…
constexpr int max_entity_depth = 16;
// Elements nested in the walk over the tree, entity content included. libxml2 itself refuses
// documents nested deeper than 256 elements (without XML_PARSE_HUGE, which is never set).
constexpr int max_nesting = 512;
// libxml2's non-fatal complaints passed on as warnings, at most.
constexpr std::size_t max_parser_warnings = 20;

// No XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR,
// XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE or XML_PARSE_HUGE, on purpose. Not XML_PARSE_NOBLANKS
// either: its guess at "ignorable" white space drops the space between two inline elements.
constexpr int xml_parse_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
constexpr int html_parse_options =
    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD;

// ---------------------------------------------------------------------------------------------
// libxml2 set-up: no external entity is ever loaded, errors are collected, not printed

// True while this thread parses for galley: the entity loader then refuses everything.
thread_local bool t_in_galley_parse = false;
xmlExternalEntityLoader g_next_loader = nullptr;

// Refuses every load during galley's own parses (defence in depth: the parse options already
// keep libxml2 from loading DTDs and external entities). Other users of libxml2 in the same
// process keep the loader they had.
xmlParserInputPtr refusing_entity_loader(const char* url, const char* id, xmlParserCtxtPtr ctxt) {
    if (t_in_galley_parse || g_next_loader == nullptr) return nullptr;
    return g_next_loader(url, id, ctxt);
}

void init_libxml2() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        g_next_loader = xmlGetExternalEntityLoader();
        xmlSetExternalEntityLoader(refusing_entity_loader);
    });
}

const char* chars(const xmlChar* s) {
    return s ? reinterpret_cast<const char*>(s) : "";
}

// One problem libxml2 reported.
struct XmlIssue {
    int domain = 0;
    int code = 0;
    int level = 0;
    int line = 0;
    int column = 0;
    bool in_main_input = false; // false for problems inside entity content parsed on the side
    std::string message;
};

// Collects libxml2's errors for one parse on this thread instead of letting libxml2 print
// them, and marks the thread as parsing for galley. Restores everything when it goes away.
class ErrorCapture {
  public:
    explicit ErrorCapture(std::string url)
        : url_(std::move(url)), saved_structured_(xmlStructuredError),
          saved_structured_ctx_(xmlStructuredErrorContext), saved_generic_(xmlGenericError),
          saved_generic_ctx_(xmlGenericErrorContext), saved_in_parse_(t_in_galley_parse) {
        xmlSetStructuredErrorFunc(this, &ErrorCapture::on_error);
        xmlSetGenericErrorFunc(nullptr, &ErrorCapture::ignore);
        t_in_galley_parse = true;
    }
    ~ErrorCapture() {
        xmlSetStructuredErrorFunc(saved_structured_ctx_, saved_structured_);
        xmlSetGenericErrorFunc(saved_generic_ctx_, saved_generic_);
        t_in_galley_parse = saved_in_parse_;
    }
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;

    const std::optional<XmlIssue>& fatal() const { return fatal_; }
    // Where the first fatal error shows in the main input (libxml2 reports problems inside
    // entity content with positions in that content; the next report in the file is better).
    Position fatal_position() const { return fatal_position_; }
    const std::vector<XmlIssue>& others() const { return others_; }

  private:
    static void on_error(void* self, xmlErrorPtr error) {
        if (self == nullptr || error == nullptr) return;
        static_cast<ErrorCapture*>(self)->record(*error);
    }
    static void ignore(void*, const char*, ...) {}

    void record(const xmlError& error) {
        XmlIssue issue;
        issue.domain = error.domain;
        issue.code = error.code;
        issue.level = error.level;
        issue.line = error.line;
        issue.column = error.int2;
        issue.in_main_input = error.file != nullptr && url_ == error.file;
        issue.message = collapse_space(error.message ? error.message : "");
        if (issue.level == XML_ERR_FATAL) {
            if (!fatal_) fatal_ = issue;
            if (issue.in_main_input && fatal_position_.line == 0 && issue.line > 0)
                fatal_position_ = Position{issue.line, std::max(issue.column, 0), -1};
        } else if (!fatal_ && others_.size() < max_parser_warnings) {
            others_.push_back(std::move(issue));
        }
    }

    std::string url_;
    xmlStructuredErrorFunc saved_structured_;
    void* saved_structured_ctx_;
    xmlGenericErrorFunc saved_generic_;
    void* saved_generic_ctx_;
    bool saved_in_parse_;
    std::optional<XmlIssue> fatal_;
    Position fatal_position_;
    std::vector<XmlIssue> others_;
};

struct DocDeleter {
    void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;
struct ParserDeleter {
    void operator()(xmlParserCtxt* ctxt) const noexcept { xmlFreeParserCtxt(ctxt); }
};
using ParserPtr = std::unique_ptr<xmlParserCtxt, ParserDeleter>;

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (starts_with_ci(haystack.substr(i), needle)) return true;
    return false;
}

[[noreturn]] void throw_parse_error(const ErrorCapture& capture, const std::string& file) {
    if (!capture.fatal())
        throw Error(ErrorCode::syntax, file, "malformed XML: libxml2 gave no document");
    const XmlIssue& issue = *capture.fatal();
    Position pos = capture.fatal_position();
    std::string_view message = issue.message;
    if (issue.code == XML_ERR_DOCUMENT_EMPTY)
        throw Error(ErrorCode::empty_input, file, pos, "the file is empty (no XML element)");
    if (issue.code == XML_ERR_ENTITY_LOOP)
        throw Error(ErrorCode::limit, file, pos,
                    "entity expansion refused (an entity loop or an entity bomb): " +
                        std::string(message));
    if (contains(message, "Excessive depth"))
        throw Error(ErrorCode::limit, file, pos, "elements nested deeper than 256 levels");
    if (contains_ci(message, "huge") || contains(message, "XML_PARSE_HUGE"))
        throw Error(ErrorCode::limit, file, pos, "XML exceeds a parser limit: " + issue.message);
    // libxml2 refuses a single text, comment, CDATA section, attribute value or name past its
    // limit (10,000,000 bytes for text) as "… too big found" / "… too long".
    if (contains_ci(message, "too big") || contains_ci(message, "too long"))
        throw Error(ErrorCode::limit, file, pos,
                    "XML exceeds a parser limit (one text, comment or name of more than 10 MB): " +
                        issue.message);
    bool encoding = issue.domain == XML_FROM_I18N || issue.code == XML_ERR_INVALID_ENCODING ||
                    issue.code == XML_ERR_UNKNOWN_ENCODING ||
                    issue.code == XML_ERR_UNSUPPORTED_ENCODING ||
                    (issue.code == XML_ERR_INVALID_CHAR && contains(message, "UTF-8"));
    if (encoding)
        throw Error(ErrorCode::encoding, file, pos, "XML encoding error: " + issue.message);
    throw Error(ErrorCode::syntax, file, pos, "malformed XML: " + issue.message);
}

bool is_xml_space(char c);

// External parameter entities (<!ENTITY % name SYSTEM "…">) are never loaded, so a reference
// to one in the internal subset (%name;) quietly stands for nothing: say so, once each, with
// the line of the declaration when it can be found in the bytes.
void warn_external_parameter_entities(xmlDoc* doc, std::string_view bytes, const std::string& file,
                                      Warnings& warnings) {
    if (doc == nullptr || doc->intSubset == nullptr || doc->intSubset->pentities == nullptr) return;
    std::vector<const xmlEntity*> external;
    xmlHashScan(
        static_cast<xmlHashTablePtr>(doc->intSubset->pentities),
        [](void* payload, void* data, const xmlChar*) {
            const auto* ent = static_cast<const xmlEntity*>(payload);
            if (ent && ent->etype == XML_EXTERNAL_PARAMETER_ENTITY)
                static_cast<std::vector<const xmlEntity*>*>(data)->push_back(ent);
        },
        &external);
    std::vector<std::pair<std::size_t, Warning>> found;
    for (const xmlEntity* ent : external) {
        const std::string name = chars(ent->name);
        std::size_t at = std::string_view::npos;
        for (std::size_t from = 0; (at = bytes.find(name, from)) != std::string_view::npos;
             from = at + 1) {
            // "<!ENTITY" white space "%" white space NAME, white space after it.
            std::size_t i = at;
            if (i + name.size() < bytes.size() && !is_xml_space(bytes[i + name.size()])) continue;
            while (i > 0 && is_xml_space(bytes[i - 1])) --i;
            if (i == 0 || bytes[i - 1] != '%') continue;
            --i;
            while (i > 0 && is_xml_space(bytes[i - 1])) --i;
            if (i >= 8 && bytes.substr(i - 8, 8) == "<!ENTITY") break;
        }
        Position pos = at == std::string_view::npos ? Position{} : position_of(bytes, at);
        pos.offset = -1;
        found.emplace_back(at, Warning{file, pos,
                                       "external parameter entity %" + name + "; (" +
                                           chars(ent->SystemID ? ent->SystemID : ent->URI) +
                                           ") not loaded: galley never reads external entities"});
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [at, w] : found) warnings.push_back(std::move(w));
}

// Parses a whole XML document held in memory. Throws galley::Error for anything that is not
// well-formed; libxml2's non-fatal complaints become warnings.
DocPtr parse_xml(std::string_view bytes, const std::string& file, Warnings& warnings) {
    init_libxml2();
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw Error(ErrorCode::limit, file, "XML input larger than 2 GiB");
    const std::string url = file.empty() ? std::string("<input>") : file;
    ErrorCapture capture(url);
    ParserPtr ctxt(xmlNewParserCtxt());
    if (!ctxt) throw Error(ErrorCode::internal, file, "libxml2 could not make a parser");
    DocPtr doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                 url.c_str(), nullptr, xml_parse_options));
    if (!doc || !ctxt->wellFormed || capture.fatal()) throw_parse_error(capture, file);
    warn_external_parameter_entities(doc.get(), bytes, file, warnings);
    for (const XmlIssue& issue : capture.others()) {
        // Undeclared entities are reported where the reference is resolved.
        if (issue.code == XML_WAR_UNDECLARED_ENTITY) continue;
        Position pos;
        if (issue.in_main_input) pos = Position{issue.line, std::max(issue.column, 0), -1};
        warnings.push_back(Warning{file, pos, "XML: " + issue.message});
    }
    return doc;
}

// Parses an HTML fragment held as text (NewsML-G2 inlineData); libxml2's HTML parser is
// forgiving and knows no entities but HTML's own.
DocPtr parse_html(std::string_view text, const std::string& file) {
    init_libxml2();
    if (text.size() > static_cast<std::size_t>(INT_MAX))
        throw Error(ErrorCode::limit, file, "inline HTML larger than 2 GiB");
    ErrorCapture capture(file.empty() ? std::string("<input>") : file);
    DocPtr doc(htmlReadMemory(text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
                              html_parse_options));
    // HTML's own errors are forgiven (that is what the HTML parser is for); its limits are not.
    // Positions would be inside the inline text, not the file, so none is given.
    if (capture.fatal()) {
        const std::string& message = capture.fatal()->message;
        if (contains(message, "Excessive depth"))
            throw Error(ErrorCode::limit, file,
                        "inline HTML (inlineData): elements nested deeper than 256 levels");
        if (contains_ci(message, "huge"))
            throw Error(ErrorCode::limit, file,
                        "inline HTML (inlineData) exceeds a parser limit: " + message);
    }
    return doc;
}

// ---------------------------------------------------------------------------------------------
// Checks on the bytes before libxml2 sees them

// UTF-16 or UTF-32, by a byte order mark or by the first character being '<' (XML 1.0 F.1).
bool is_wide_encoding(std::string_view b) {
    auto at = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
    if (b.size() >= 2 && ((at(0) == 0xFF && at(1) == 0xFE) || (at(0) == 0xFE && at(1) == 0xFF)))
        return true;
    if (b.size() >= 4 && at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return true;
    if (b.size() >= 2 && ((at(0) == '<' && at(1) == 0) || (at(0) == 0 && at(1) == '<')))
        return true;
    return false;
}

void check_bytes(std::string_view bytes, const std::string& file) {
    if (is_wide_encoding(bytes)) return; // NUL bytes are part of the encoding; libxml2 checks
    std::string_view rest = bytes;
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
    // The same errors as checked_utf8_text() gives, which cannot be used here: XML may
    // legitimately be in another encoding, which libxml2 decodes.
    if (trim(rest).empty())
        throw Error(ErrorCode::empty_input, file, "the file is empty (no text to read)");
    std::size_t nul = bytes.find('\0');
    if (nul != std::string_view::npos)
        throw Error(ErrorCode::binary_input, file, position_of(bytes, nul),
                    "binary data (a NUL byte at byte offset " + std::to_string(nul) +
                        "): not a text article");
}

// ---------------------------------------------------------------------------------------------
// Small tree helpers. Elements are compared by local name; namespaces are ignored.

std::string_view local_name(const xmlNode* n) {
    return chars(n->name);
}

bool is_element(const xmlNode* n) {
    return n != nullptr && n->type == XML_ELEMENT_NODE;
}

bool is(const xmlNode* n, std::string_view name) {
    return is_element(n) && local_name(n) == name;
}

bool is_any(const xmlNode* n, std::initializer_list<std::string_view> names) {
    if (!is_element(n)) return false;
    std::string_view name = local_name(n);
    return std::find(names.begin(), names.end(), name) != names.end();
}

const xmlNode* first_child(const xmlNode* n, std::string_view name) {
    if (n == nullptr) return nullptr;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is(c, name)) return c;
    return nullptr;
}

const xmlNode* first_element(const xmlNode* n) {
    if (n == nullptr) return nullptr;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is_element(c)) return c;
    return nullptr;
}

std::vector<const xmlNode*> children_named(const xmlNode* n, std::string_view name) {
    std::vector<const xmlNode*> out;
    if (n == nullptr) return out;
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is(c, name)) out.push_back(c);
    return out;
}

// The first element named `name` under `n`, searched breadth-first a few levels deep.
const xmlNode* find_below(const xmlNode* n, std::string_view name, int levels) {
    std::vector<const xmlNode*> level{n};
    for (int i = 0; i < levels && !level.empty(); ++i) {
        std::vector<const xmlNode*> next;
        for (const xmlNode* p : level) {
            for (const xmlNode* c = p->children; c; c = c->next) {
                if (!is_element(c)) continue;
                if (local_name(c) == name) return c;
                next.push_back(c);
            }
        }
        level = std::move(next);
    }
    return nullptr;
}

int line_of(const xmlNode* n) {
    long line = n ? xmlGetLineNo(n) : 0;
    return line > 0 && line < INT_MAX ? static_cast<int>(line) : 0;
}

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return is_xml_space(c); });
}

void append_utf8(std::string& out, unsigned int cp) {
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

std::vector<std::string> split_space(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_xml_space(s[i])) ++i;
        std::size_t start = i;
        while (i < s.size() && !is_xml_space(s[i])) ++i;
        if (i > start) out.emplace_back(s.substr(start, i - start));
    }
    return out;
}

int to_int(std::string_view s, int fallback, int low, int high) {
    s = trim(s);
    int value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || s.empty()) return fallback;
    (void)end; // "278px" still gives 278
    return std::clamp(value, low, high);
}

// Drops empty and repeated entries, keeping the first of each in its place.
void dedupe(std::vector<std::string>& list) {
    std::set<std::string> seen;
    std::vector<std::string> out;
    for (std::string& value : list)
        if (!value.empty() && seen.insert(value).second) out.push_back(std::move(value));
    list = std::move(out);
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ISO 8601 in its extended form. NITF writes the basic form ("20020225T143000-0500");
// NewsML-G2 the extended one already. Returns "" for anything else.
std::string iso_date(std::string_view value) {
    std::string_view s = trim(value);
    if (s.size() >= 10 && all_digits(s.substr(0, 4)) && s[4] == '-' && all_digits(s.substr(5, 2)) &&
        s[7] == '-' && all_digits(s.substr(8, 2)))
        return std::string(s); // already extended
    if (s.size() < 8 || !all_digits(s.substr(0, 8))) return {};
    std::string out = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                      std::string(s.substr(6, 2));
    std::string_view rest = s.substr(8);
    if (rest.empty()) return out;
    if (rest[0] != 'T' || rest.size() < 5 || !all_digits(rest.substr(1, 4))) return {};
    out += "T" + std::string(rest.substr(1, 2)) + ":" + std::string(rest.substr(3, 2));
    rest.remove_prefix(5);
    if (rest.size() >= 2 && all_digits(rest.substr(0, 2))) {
        out += ":" + std::string(rest.substr(0, 2));
        rest.remove_prefix(2);
        if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) {
            std::size_t n = 1;
            while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
            out += "." + std::string(rest.substr(1, n - 1));
            rest.remove_prefix(n);
        }
    }
    if (rest.empty()) return out;
    if (rest == "Z") return out + "Z";
    if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 5 && all_digits(rest.substr(1)))
        return out + std::string(rest.substr(0, 3)) + ":" + std::string(rest.substr(3, 2));
    if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 3 && all_digits(rest.substr(1)))
        return out + std::string(rest) + ":00";
    if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':')
        return out + std::string(rest);
    return {};
}

// Removes `chars` (single bytes or UTF-8 sequences) and white space from both ends.
std::string strip_punctuation(std::string_view s) {
    static constexpr std::string_view marks[] = {",",           ";", ":", "-", "\xE2\x80\x94",
                                                 "\xE2\x80\x93"};
    bool changed = true;
    while (changed) {
        changed = false;
        s = trim(s);
        for (std::string_view m : marks) {
            if (s.size() >= m.size() && s.substr(s.size() - m.size()) == m) {
                s.remove_suffix(m.size());
                changed = true;
            }
            if (s.size() >= m.size() && s.substr(0, m.size()) == m) {
                s.remove_prefix(m.size());
                changed = true;
            }
        }
    }
    return std::string(s);
}

// ---------------------------------------------------------------------------------------------
// Inline whitespace, the way HTML does it: runs of XML white space become one space, none at
// the start of a block, none before a line break, none at the end.

struct InlineState {
    bool after_space = true; // the last character written was a space (or nothing yet)
};

void append_collapsed(std::string_view raw, Inlines& out, InlineState& st) {
    std::string piece;
    piece.reserve(raw.size());
    for (char c : raw) {
        if (is_xml_space(c)) {
            if (!st.after_space) piece += ' ';
            st.after_space = true;
        } else {
            piece += c;
            st.after_space = false;
        }
    }
    if (piece.empty()) return;
    if (!out.empty()) {
        if (auto* text = std::get_if<Text>(&out.back().node)) {
            text->text += piece;
            return;
        }
    }
    out.push_back(Text{std::move(piece)});
}

// The content of an inline container (emphasis, link…), or nullptr.
Inlines* children_of(Inline& in) {
    return std::visit(
        [](auto& node) -> Inlines* {
            if constexpr (requires {
                              { node.content } -> std::same_as<Inlines&>;
                          })
                return &node.content;
            else
                return nullptr;
        },
        in.node);
}

// Removes trailing spaces (and, with `breaks`, trailing line breaks and containers left empty).
void trim_inlines_end(Inlines& out, bool breaks) {
    while (!out.empty()) {
        Inline& last = out.back();
        if (auto* text = std::get_if<Text>(&last.node)) {
            while (!text->text.empty() && text->text.back() == ' ') text->text.pop_back();
            if (!text->text.empty()) return;
            out.pop_back();
            continue;
        }
        if (std::holds_alternative<LineBreak>(last.node)) {
            if (!breaks) return;
            out.pop_back();
            continue;
        }
        if (Inlines* inner = children_of(last)) {
            trim_inlines_end(*inner, breaks);
            if (!inner->empty()) return;
            if (!breaks) return;
            out.pop_back();
            continue;
        }
        return; // Code
    }
}

std::string plain(const Inlines& inlines) {
    return collapse_space(plain_text(inlines));
}

// ---------------------------------------------------------------------------------------------
// The reader

enum class Role { inline_, block, container, skip };

bool is_block_name(std::string_view n) {
    static const std::set<std::string_view> names = {
        "p",          "hl1",    "hl2", "h1",   "h2",         "h3",      "h4",    "h5",     "h6",
        "ul",         "ol",     "dl",  "bq",   "blockquote", "pre",     "table", "hr",     "media",
        "nitf-table", "figure", "img", "note", "fn",         "tagline", "li",    "address"};
    return names.count(n) > 0;
}

bool is_container_name(std::string_view n) {
    static const std::set<std::string_view> names = {
        "block", "div",  "section", "article", "main",         "header", "footer",       "aside",
        "body",  "html", "nav",     "center",  "body.content", "hgroup", "picture-group"};
    return names.count(n) > 0;
}

bool is_skipped_name(std::string_view n) {
    static const std::set<std::string_view> names = {
        "script", "style", "head",  "template", "title", "object", "embed",
        "iframe", "audio", "video", "noscript", "meta",  "link"};
    return names.count(n) > 0;
}

class XmlReader {
  public:
    XmlReader(const std::string& file, Warnings& warnings) : file_(file), warnings_(warnings) {}

    Article read(const xmlNode* root) {
        std::string_view name = local_name(root);
        Article article;
        if (name == "nitf") {
            read_nitf(root, article, false);
        } else if (name == "newsItem" || name == "newsMessage") {
            read_newsml(root, article);
        } else if (name == "packageItem" || name == "conceptItem" || name == "knowledgeItem" ||
                   name == "planningItem" || name == "catalogItem") {
            throw Error(ErrorCode::unsupported, file_, Position{line_of(root), 0, -1},
                        "NewsML-G2 " + std::string(name) +
                            " is not an article; galley converts newsItem text items");
        } else {
            throw Error(ErrorCode::invalid, file_, Position{line_of(root), 0, -1},
                        "not NITF or NewsML-G2: root element is <" + std::string(name) + ">");
        }
        article.source_path = file_;
        return article;
    }

  private:
    // ---- limits

    // Counts nesting in the walk; throws past max_nesting.
    class Nest {
      public:
        Nest(XmlReader& r, const xmlNode* n) : r_(r) {
            if (r_.nesting_ >= max_nesting)
                throw Error(ErrorCode::limit, r_.file_, Position{line_of(n), 0, -1},
                            "elements nested deeper than " + std::to_string(max_nesting) +
                                " levels");
            ++r_.nesting_;
        }
        ~Nest() { --r_.nesting_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

      private:
        XmlReader& r_;
    };

    // Marks the walk as being inside an entity's content (whose size counts toward the budget).
    class InEntity {
      public:
        InEntity(XmlReader& r, const xmlNode* ref) : r_(r), nest_(r, ref) {
            if (r_.entity_depth_ >= max_entity_depth)
                throw Error(ErrorCode::limit, r_.file_, Position{line_of(ref), 0, -1},
                            "entities nested deeper than " + std::to_string(max_entity_depth) +
                                " levels");
            if (r_.entity_depth_ == 0) r_.outer_ref_ = ref;
            ++r_.entity_depth_;
        }
        ~InEntity() { --r_.entity_depth_; }
        InEntity(const InEntity&) = delete;
        InEntity& operator=(const InEntity&) = delete;

      private:
        XmlReader& r_;
        Nest nest_;
    };

    // Counts what entity expansion adds; every node costs at least one.
    void charge(std::size_t bytes) {
        if (entity_depth_ == 0) return;
        expanded_ += std::max<std::size_t>(bytes, 1);
        if (expanded_ > max_entity_expansion)
            throw Error(ErrorCode::limit, file_, Position{line_of(outer_ref_), 0, -1},
                        "entity expansion exceeds " + std::to_string(max_entity_expansion >> 20) +
                            " MiB; refused");
    }

    void warn(const xmlNode* where, std::string message) {
        warnings_.push_back(Warning{file_, Position{line_of(where), 0, -1}, std::move(message)});
    }

    // ---- entities

    // What an entity reference stands for: text, or nodes (the parsed content of an entity the
    // document declares), or nothing. `entity` is set for an entity the document declares;
    // when libxml2 did not keep its content parsed (`nodes` is null), entity_text() reads it.
    struct Expansion {
        std::string text;
        const xmlNode* nodes = nullptr;
        const xmlEntity* entity = nullptr;
    };

    // The text of `x`, for where no nodes can go or none were parsed.
    std::string expansion_text(const xmlNode* ref, const Expansion& x) {
        std::string out = x.text;
        if (x.entity && !x.nodes) entity_text(ref, x.entity, out);
        return out;
    }

    Expansion expand(const xmlNode* ref) {
        Expansion x;
        std::string name = chars(ref->name);
        const xmlEntity* ent = ref->doc ? xmlGetDocEntity(ref->doc, ref->name) : nullptr;
        if (ent == nullptr) {
            if (const htmlEntityDesc* html = htmlEntityLookup(ref->name)) {
                append_utf8(x.text, html->value);
            } else if (reported_entities_.insert(name).second) {
                warn(ref, "undeclared entity &" + name +
                              "; left out (it is neither declared in the document nor an HTML "
                              "entity, and DTDs are not loaded)");
            }
            return x;
        }
        switch (ent->etype) {
        case XML_INTERNAL_PREDEFINED_ENTITY:
            x.text = chars(ent->content);
            break;
        case XML_INTERNAL_GENERAL_ENTITY:
            x.entity = ent;
            x.nodes = ent->children;
            break;
        default:
            if (reported_entities_.insert(name).second)
                warn(ref, "external entity &" + name + "; (" +
                              chars(ent->SystemID ? ent->SystemID : ent->URI) +
                              ") not loaded: galley never reads external entities");
            break;
        }
        return x;
    }

    // The replacement text of an internal entity as plain text (for attribute values), with
    // the references in it expanded in turn and any tags left out.
    void entity_text(const xmlNode* where, const xmlEntity* ent, std::string& out) {
        InEntity scope(*this, where);
        std::string_view content = chars(ent->content);
        for (std::size_t i = 0; i < content.size();) {
            std::size_t amp = content.find_first_of("&<", i);
            std::string_view run = content.substr(i, amp == std::string_view::npos ? amp : amp - i);
            charge(run.size());
            out += run;
            if (amp == std::string_view::npos) break;
            if (content[amp] == '<') {
                std::size_t close = content.find('>', amp);
                if (close == std::string_view::npos) break;
                i = close + 1;
                continue;
            }
            std::size_t semi = content.find(';', amp);
            if (semi == std::string_view::npos) {
                out += content.substr(amp);
                break;
            }
            std::string name(content.substr(amp + 1, semi - amp - 1));
            i = semi + 1;
            if (!name.empty() && name[0] == '#') {
                unsigned int cp = 0;
                std::string_view digits = std::string_view(name).substr(1);
                int base = 10;
                if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
                    base = 16;
                    digits.remove_prefix(1);
                }
                auto [p, ec] =
                    std::from_chars(digits.data(), digits.data() + digits.size(), cp, base);
                (void)p;
                if (ec == std::errc() && cp > 0 && cp <= 0x10FFFF) append_utf8(out, cp);
                continue;
            }
            const xmlEntity* inner =
                xmlGetDocEntity(where->doc, reinterpret_cast<const xmlChar*>(name.c_str()));
            if (inner == nullptr) {
                if (const htmlEntityDesc* html =
                        htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str())))
                    append_utf8(out, html->value);
            } else if (inner->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
                out += chars(inner->content);
            } else if (inner->etype == XML_INTERNAL_GENERAL_ENTITY) {
                entity_text(where, inner, out);
            }
        }
    }

    // ---- text

    // The value of attribute `name` (no namespace, else any namespace), entities expanded.
    std::string attr(const xmlNode* n, std::string_view name) {
        const xmlAttr* found = nullptr;
        for (const xmlAttr* a = n->properties; a; a = a->next) {
            if (chars(a->name) != name) continue;
            if (a->ns == nullptr) {
                found = a;
                break;
            }
            if (found == nullptr) found = a;
        }
        return found ? attr_value(found) : std::string();
    }

    std::string xml_lang(const xmlNode* n) {
        for (const xmlAttr* a = n->properties; a; a = a->next)
            if (chars(a->name) == std::string_view("lang") && a->ns &&
                chars(a->ns->href) == std::string_view(chars(XML_XML_NAMESPACE)))
                return std::string(trim(attr_value(a)));
        return {};
    }

    std::string attr_value(const xmlAttr* a) {
        std::string out;
        for (const xmlNode* c = a->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE) {
                out += chars(c->content);
            } else if (c->type == XML_ENTITY_REF_NODE) {
                Expansion x = expand(c);
                out += x.text;
                if (x.entity) entity_text(c, x.entity, out);
            }
        }
        return out;
    }

    // Appends the text under the sibling chain `first`, entities expanded. Elements named in
    // `skip` are left out; block-like elements are set off by spaces.
    void gather_text(const xmlNode* first, std::string& out,
                     std::initializer_list<std::string_view> skip = {}) {
        for (const xmlNode* n = first; n; n = n->next) {
            switch (n->type) {
            case XML_TEXT_NODE:
            case XML_CDATA_SECTION_NODE: {
                std::string_view text = chars(n->content);
                charge(text.size());
                out += text;
                break;
            }
            case XML_ENTITY_REF_NODE: {
                Expansion x = expand(n);
                if (x.nodes) {
                    InEntity scope(*this, n);
                    gather_text(x.nodes, out, skip);
                } else {
                    out += expansion_text(n, x);
                }
                break;
            }
            case XML_ELEMENT_NODE: {
                charge(0);
                std::string_view name = local_name(n);
                if (std::find(skip.begin(), skip.end(), name) != skip.end()) break;
                if (is_skipped_name(name)) break;
                Nest nest(*this, n);
                bool spaced = is_block_name(name) || is_container_name(name) || name == "br" ||
                              name == "td" || name == "th" || name == "tr";
                if (spaced) out += ' ';
                gather_text(n->children, out, skip);
                if (spaced) out += ' ';
                break;
            }
            default:
                break;
            }
        }
    }

    std::string raw_text(const xmlNode* n, std::initializer_list<std::string_view> skip = {}) {
        std::string out;
        if (n) gather_text(n->children, out, skip);
        return out;
    }

    // The element's text with white space collapsed and the ends trimmed.
    std::string text(const xmlNode* n, std::initializer_list<std::string_view> skip = {}) {
        return n ? collapse_space(raw_text(n, skip)) : std::string();
    }

    Attr attr_of(const xmlNode* n) {
        Attr a;
        a.id = std::string(trim(attr(n, "id")));
        a.classes = split_space(attr(n, "class"));
        std::string lang = xml_lang(n);
        if (lang.empty() && is_html_) lang = std::string(trim(attr(n, "lang")));
        if (!lang.empty()) a.values.emplace_back("lang", lang);
        return a;
    }

    // ---- inlines

    Inlines inlines(const xmlNode* n) {
        Inlines out;
        InlineState st;
        if (n) add_inlines(n->children, out, st);
        trim_inlines_end(out, true);
        return out;
    }

    void add_inlines(const xmlNode* first, Inlines& out, InlineState& st) {
        for (const xmlNode* n = first; n; n = n->next) add_inline(n, out, st);
    }

    template <class Container>
    void add_container(const xmlNode* n, Container node, Inlines& out, InlineState& st) {
        add_inlines(n->children, node.content, st);
        if (!node.content.empty()) out.push_back(std::move(node));
    }

    void add_inline(const xmlNode* n, Inlines& out, InlineState& st) {
        switch (n->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE: {
            std::string_view text = chars(n->content);
            charge(text.size());
            append_collapsed(text, out, st);
            return;
        }
        case XML_ENTITY_REF_NODE: {
            Expansion x = expand(n);
            if (x.nodes) {
                InEntity scope(*this, n);
                add_inlines(x.nodes, out, st);
            } else {
                append_collapsed(expansion_text(n, x), out, st);
            }
            return;
        }
        case XML_ELEMENT_NODE:
            break;
        default:
            return;
        }
        charge(0);
        if (std::find(skip_.begin(), skip_.end(), n) != skip_.end()) return;
        Nest nest(*this, n);
        std::string_view name = local_name(n);
        if (name == "em" || name == "i") {
            add_container(n, Emphasis{}, out, st);
        } else if (name == "strong" || name == "b") {
            add_container(n, Strong{}, out, st);
        } else if (name == "a") {
            std::string href(trim(attr(n, "href")));
            if (href.empty()) {
                add_inlines(n->children, out, st);
            } else {
                add_container(n, Link{href, collapse_space(attr(n, "title")), {}}, out, st);
            }
        } else if (name == "br") {
            trim_inlines_end(out, false);
            out.push_back(LineBreak{});
            st.after_space = true;
        } else if (name == "sup") {
            add_container(n, Superscript{}, out, st);
        } else if (name == "sub") {
            add_container(n, Subscript{}, out, st);
        } else if (name == "code" || name == "tt" || name == "kbd" || name == "samp") {
            std::string code = collapse_space(raw_text(n));
            if (!code.empty()) {
                out.push_back(Code{std::move(code)});
                st.after_space = false;
            }
        } else if (name == "img") {
            std::string alt = collapse_space(attr(n, "alt"));
            warn(n, "an image inside running text was left out" +
                        (alt.empty() ? std::string() : " (alt: \"" + alt + "\")"));
        } else if (is_skipped_name(name) || name == "note") {
            return;
        } else if (is_block_name(name) || is_container_name(name) || name == "td" || name == "th" ||
                   name == "tr") {
            append_collapsed(" ", out, st);
            add_inlines(n->children, out, st);
            append_collapsed(" ", out, st);
        } else {
            // NITF's org, person, location, chron, money, num, classifier, lang, pronounce,
            // copyrite, event, function, object.title, virtloc, q…, HTML's span, small…: their
            // text stays, the element does not.
            add_inlines(n->children, out, st);
        }
    }

    // ---- blocks

    // Inline content met where blocks are expected becomes a paragraph of its own.
    struct Loose {
        Inlines content;
        InlineState st;
        bool active = false;
    };

    void flush(Loose& loose, Blocks& out) {
        trim_inlines_end(loose.content, true);
        if (!loose.content.empty()) push_paragraphs(Attr{}, std::move(loose.content), out);
        loose = Loose{};
    }

    // Wire copy's teletype line breaks: inside a body paragraph one <br/> is a space and two
    // in a row end the paragraph. Paragraphs whose breaks mean something (verse, addresses,
    // agate, a block marked preformatted) keep them.
    static bool keeps_line_breaks(const Attr& attr) {
        for (std::string_view cls : {"verse", "poem", "poetry", "lyrics", "lines", "address",
                                     "agate", "pre", "preformatted"})
            if (attr.has_class(cls)) return true;
        return false;
    }

    static void breaks_to_spaces(Inlines& inlines) {
        for (Inline& in : inlines) {
            if (std::holds_alternative<LineBreak>(in.node))
                in = Text{" "};
            else if (Inlines* inner = children_of(in))
                breaks_to_spaces(*inner);
        }
    }

    // Joins adjacent Text runs and collapses the spaces a break left beside a space.
    static void tidy_spaces(Inlines& inlines) {
        Inlines out;
        for (Inline& in : inlines) {
            if (auto* text = std::get_if<Text>(&in.node); text && !out.empty()) {
                if (auto* prev = std::get_if<Text>(&out.back().node)) {
                    prev->text += text->text;
                    continue;
                }
            }
            out.push_back(std::move(in));
        }
        for (Inline& in : out) {
            if (auto* text = std::get_if<Text>(&in.node)) {
                std::string& t = text->text;
                std::string collapsed;
                for (char c : t)
                    if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
                t = std::move(collapsed);
            }
        }
        while (!out.empty()) {
            auto* text = std::get_if<Text>(&out.front().node);
            if (!text) break;
            std::size_t k = text->text.find_first_not_of(' ');
            if (k == std::string::npos) {
                out.erase(out.begin());
                continue;
            }
            text->text.erase(0, k);
            break;
        }
        trim_inlines_end(out, true);
        inlines = std::move(out);
    }

    void push_paragraphs(Attr attr, Inlines content, Blocks& out) {
        if (keeps_line_breaks(attr)) {
            out.push_back(Paragraph{std::move(attr), std::move(content)});
            return;
        }
        std::vector<Inlines> parts(1);
        for (std::size_t i = 0; i < content.size(); ++i) {
            bool is_break = std::holds_alternative<LineBreak>(content[i].node);
            std::size_t j = i + 1;
            if (is_break) {
                while (j < content.size()) {
                    if (auto* t = std::get_if<Text>(&content[j].node); t && is_blank(t->text)) {
                        ++j;
                        continue;
                    }
                    break;
                }
                if (j < content.size() && std::holds_alternative<LineBreak>(content[j].node)) {
                    // Two breaks (and any more): a new paragraph.
                    while (j < content.size() &&
                           (std::holds_alternative<LineBreak>(content[j].node) ||
                            (std::holds_alternative<Text>(content[j].node) &&
                             is_blank(std::get<Text>(content[j].node).text))))
                        ++j;
                    parts.emplace_back();
                    i = j - 1;
                    continue;
                }
                parts.back().push_back(Text{" "});
                continue;
            }
            parts.back().push_back(std::move(content[i]));
        }
        bool first = true;
        for (Inlines& part : parts) {
            breaks_to_spaces(part);
            tidy_spaces(part);
            if (part.empty()) continue;
            Attr a = first ? std::move(attr) : Attr{};
            first = false;
            out.push_back(Paragraph{std::move(a), std::move(part)});
        }
    }

    void add_blocks(const xmlNode* first, Blocks& out) {
        Loose loose;
        for (const xmlNode* n = first; n; n = n->next) add_block(n, out, loose);
        flush(loose, out);
    }

    Role role_of(const xmlNode* n) {
        std::string_view name = local_name(n);
        if (is_skipped_name(name)) return Role::skip;
        if (is_block_name(name)) return Role::block;
        if (is_container_name(name)) return Role::container;
        // An unknown element holding blocks is a container; otherwise it is running text.
        for (const xmlNode* c = n->children; c; c = c->next)
            if (is_element(c) && (is_block_name(local_name(c)) || is_container_name(local_name(c))))
                return Role::container;
        return Role::inline_;
    }

    void add_block(const xmlNode* n, Blocks& out, Loose& loose) {
        switch (n->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE: {
            std::string_view text = chars(n->content);
            charge(text.size());
            if (!loose.active && is_blank(text)) return;
            loose.active = true;
            append_collapsed(text, loose.content, loose.st);
            return;
        }
        case XML_ENTITY_REF_NODE: {
            Expansion x = expand(n);
            if (x.nodes) {
                InEntity scope(*this, n);
                for (const xmlNode* c = x.nodes; c; c = c->next) add_block(c, out, loose);
                return;
            }
            std::string text = expansion_text(n, x);
            if (!loose.active && is_blank(text)) return;
            loose.active = true;
            append_collapsed(text, loose.content, loose.st);
            return;
        }
        case XML_ELEMENT_NODE:
            break;
        default:
            return;
        }
        charge(0);
        Role role = role_of(n);
        if (role == Role::skip) return;
        if (role == Role::inline_) {
            loose.active = true;
            add_inline(n, loose.content, loose.st);
            return;
        }
        flush(loose, out);
        Nest nest(*this, n);
        if (role == Role::container) {
            std::size_t before = out.size();
            add_blocks(n->children, out);
            std::string id(trim(attr(n, "id")));
            if (!id.empty() && out.size() > before && out[before].attr().id.empty())
                out[before].attr().id = id;
            return;
        }
        add_block_element(n, out);
    }

    void add_block_element(const xmlNode* n, Blocks& out) {
        std::string_view name = local_name(n);
        if (name == "p") {
            add_paragraph(n, out);
        } else if (name == "hl1" || name == "h1") {
            Inlines content = inlines(n);
            std::string title = plain(content);
            if (title.empty()) return;
            if (meta_->headline.empty()) {
                meta_->headline = title;
            } else if (title != meta_->headline) {
                out.push_back(Heading{attr_of(n), 2, std::move(content)});
            }
        } else if (name == "hl2" ||
                   (name.size() == 2 && name[0] == 'h' && name[1] >= '2' && name[1] <= '6')) {
            int level = name == "hl2" ? 2 : std::min(name[1] - '0', 4);
            Inlines content = inlines(n);
            if (!content.empty()) out.push_back(Heading{attr_of(n), level, std::move(content)});
        } else if (name == "ul" || name == "ol") {
            add_list(n, out);
        } else if (name == "dl") {
            add_definition_list(n, out);
        } else if (name == "li") {
            add_blocks(n->children, out); // a list item outside a list
        } else if (name == "bq" || name == "blockquote") {
            add_quote(n, out);
        } else if (name == "pre") {
            std::string code = raw_text(n);
            if (!code.empty() && code.front() == '\n') code.erase(0, 1);
            code = std::string(trim_right(code));
            if (!code.empty()) out.push_back(Raw{attr_of(n), "code", std::move(code)});
        } else if (name == "table") {
            add_table(n, out);
        } else if (name == "nitf-table") {
            if (const xmlNode* table = first_child(n, "table")) {
                add_table(table, out);
            } else {
                warn(n, "nitf-table without a <table> (custom-table, table-reference) left out");
            }
        } else if (name == "hr") {
            out.push_back(Rule{attr_of(n)});
        } else if (name == "media") {
            add_media(n, out);
        } else if (name == "figure") {
            add_html_figure(n, out);
        } else if (name == "img") {
            add_image(n, n, nullptr, out);
        } else if (name == "note") {
            warn(n, "editorial note (<note>) left out of the article: \"" + short_text(n) + "\"");
        } else if (name == "fn") {
            std::size_t before = out.size();
            add_blocks(n->children, out);
            for (std::size_t i = before; i < out.size(); ++i)
                out[i].attr().classes.push_back("footnote");
        } else if (name == "tagline") {
            Inlines content = inlines(n);
            if (!content.empty()) out.push_back(Tagline{attr_of(n), std::move(content)});
        } else if (name == "address") {
            Inlines content = inlines(n);
            if (!content.empty()) out.push_back(Paragraph{attr_of(n), std::move(content)});
        }
    }

    std::string short_text(const xmlNode* n) {
        std::string s = text(n);
        if (s.size() > 80) {
            std::size_t cut = 77;
            while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
            s = s.substr(0, cut) + "...";
        }
        return s;
    }

    // The only content of `p` is an image (perhaps inside a link): that is a figure.
    const xmlNode* lone_image(const xmlNode* p) {
        const xmlNode* image = nullptr;
        for (const xmlNode* c = p->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                if (!is_blank(chars(c->content))) return nullptr;
            } else if (is(c, "img") && image == nullptr) {
                image = c;
            } else if (is(c, "a") && image == nullptr) {
                const xmlNode* inner = lone_image(c);
                if (inner == nullptr) return nullptr;
                image = inner;
            } else if (c->type == XML_ELEMENT_NODE || c->type == XML_ENTITY_REF_NODE) {
                return nullptr;
            }
        }
        return image;
    }

    void add_paragraph(const xmlNode* n, Blocks& out) {
        if (const xmlNode* image = lone_image(n)) {
            add_image(n, image, nullptr, out);
            return;
        }
        // <p><h3>Subhead</h3></p> (NewsML-G2 inline XHTML): the paragraph holds blocks.
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (is_element(c) && local_name(c) != "br" &&
                (is_block_name(local_name(c)) || is_container_name(local_name(c)))) {
                std::size_t before = out.size();
                add_blocks(n->children, out);
                std::string id(trim(attr(n, "id")));
                if (!id.empty() && out.size() > before && out[before].attr().id.empty())
                    out[before].attr().id = id;
                return;
            }
        }
        Inlines content = inlines(n);
        if (!content.empty()) push_paragraphs(attr_of(n), std::move(content), out);
    }

    void add_list(const xmlNode* n, Blocks& out) {
        List list;
        list.attr = attr_of(n);
        list.ordered = local_name(n) == "ol";
        list.start = to_int(attr(n, "start"), 1, INT_MIN / 2, INT_MAX / 2);
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (is(c, "li")) {
                Nest nest(*this, c);
                Blocks item;
                add_blocks(c->children, item);
                list.items.push_back(std::move(item));
            } else if (is_any(c, {"ul", "ol"}) && !list.items.empty()) {
                add_list(c, list.items.back()); // a nested list written beside its item
            }
        }
        if (!list.items.empty()) out.push_back(std::move(list));
    }

    void add_definition_list(const xmlNode* n, Blocks& out) {
        List list;
        list.attr = attr_of(n);
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (is(c, "dt")) {
                Inlines term = inlines(c);
                Blocks item;
                if (!term.empty()) item.push_back(Paragraph{{}, {Strong{std::move(term)}}});
                list.items.push_back(std::move(item));
            } else if (is(c, "dd")) {
                if (list.items.empty()) list.items.emplace_back();
                Nest nest(*this, c);
                add_blocks(c->children, list.items.back());
            }
        }
        std::erase_if(list.items, [](const Blocks& item) { return item.empty(); });
        if (!list.items.empty()) out.push_back(std::move(list));
    }

    void add_quote(const xmlNode* n, Blocks& out) {
        BlockQuote quote;
        quote.attr = attr_of(n);
        Loose loose;
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (is_any(c, {"credit", "footer", "cite"}) && quote.attribution.empty()) {
                quote.attribution = strip_punctuation(text(c));
                continue;
            }
            add_block(c, quote.content, loose);
        }
        flush(loose, quote.content);
        if (!quote.content.empty()) out.push_back(std::move(quote));
    }

    TableRow table_row(const xmlNode* tr, bool* all_header) {
        TableRow row;
        bool header = true;
        for (const xmlNode* c = tr->children; c; c = c->next) {
            if (!is_any(c, {"td", "th"})) continue;
            TableCell cell;
            // A th stays a header cell wherever it is: in the head, or a row's label in the body.
            // (Head rows are header rows anyway: backends set every head cell as a header.)
            cell.header = local_name(c) == "th";
            header = header && cell.header;
            cell.content = inlines(c);
            std::string align = collapse_space(attr(c, "align"));
            if (align == "left")
                cell.align = Align::left;
            else if (align == "center" || align == "centre")
                cell.align = Align::center;
            else if (align == "right")
                cell.align = Align::right;
            cell.colspan = to_int(attr(c, "colspan"), 1, 1, 1000);
            cell.rowspan = to_int(attr(c, "rowspan"), 1, 1, 1000);
            row.push_back(std::move(cell));
        }
        if (all_header) *all_header = header && !row.empty();
        return row;
    }

    void add_table(const xmlNode* n, Blocks& out) {
        Table table;
        table.attr = attr_of(n);
        std::vector<TableRow> foot;
        auto rows = [&](const xmlNode* group, std::vector<TableRow>& into) {
            for (const xmlNode* tr = group->children; tr; tr = tr->next) {
                if (!is(tr, "tr")) continue;
                TableRow row = table_row(tr, nullptr);
                if (!row.empty()) into.push_back(std::move(row));
            }
        };
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (is(c, "caption")) {
                table.caption = inlines(c);
            } else if (is(c, "thead")) {
                rows(c, table.head);
            } else if (is(c, "tbody")) {
                rows(c, table.body);
            } else if (is(c, "tfoot")) {
                rows(c, foot);
            } else if (is(c, "tr")) {
                bool header = false;
                TableRow row = table_row(c, &header);
                if (row.empty()) continue;
                if (header && table.body.empty())
                    table.head.push_back(std::move(row));
                else
                    table.body.push_back(std::move(row));
            }
        }
        for (TableRow& row : foot) table.body.push_back(std::move(row));
        if (!table.head.empty() || !table.body.empty()) out.push_back(std::move(table));
    }

    // NITF media: media-reference (the image), media-caption, media-producer (the credit).
    void add_media(const xmlNode* n, Blocks& out) {
        std::string type = collapse_space(attr(n, "media-type"));
        if (!type.empty() && type != "image" && type != "photo" && type != "graphic") {
            warn(n, "media of type '" + type + "' left out (galley places images only)");
            return;
        }
        Figure figure;
        figure.attr = attr_of(n);
        const xmlNode* chosen = nullptr;
        for (const xmlNode* ref : children_named(n, "media-reference")) {
            bool has_source =
                !trim(attr(ref, "source")).empty() || !trim(attr(ref, "data")).empty();
            if (!has_source) continue;
            std::string mime = attr(ref, "mime-type");
            if (chosen == nullptr ||
                (mime.rfind("image/", 0) == 0 && attr(chosen, "mime-type").rfind("image/", 0) != 0))
                chosen = ref;
        }
        if (chosen == nullptr) chosen = first_child(n, "media-reference");
        if (chosen) {
            ImageRef image;
            image.src = std::string(trim(attr(chosen, "source")));
            if (image.src.empty()) image.src = std::string(trim(attr(chosen, "data")));
            image.media_type = collapse_space(attr(chosen, "mime-type"));
            image.width = to_int(attr(chosen, "width"), 0, 0, 1000000);
            image.height = to_int(attr(chosen, "height"), 0, 0, 1000000);
            if (!image.src.empty()) figure.image = std::move(image);
            figure.alt = collapse_space(attr(chosen, "alternate-text"));
        }
        for (const xmlNode* caption : children_named(n, "media-caption")) {
            Inlines part = inlines(caption);
            if (part.empty()) continue;
            if (!figure.caption.empty()) figure.caption.push_back(Text{" "});
            for (Inline& in : part) figure.caption.push_back(std::move(in));
        }
        std::vector<std::string> producers;
        for (const xmlNode* producer : children_named(n, "media-producer")) {
            std::string line = text(producer);
            if (!line.empty()) producers.push_back(std::move(line));
            if (figure.credit.creator.empty()) {
                if (const xmlNode* person = find_below(producer, "person", 3))
                    figure.credit.creator = text(person);
            }
        }
        for (std::string& line : producers) {
            if (!figure.credit.line.empty()) figure.credit.line += ", ";
            figure.credit.line += line;
        }
        settle_caption_credit(figure.caption, figure.credit);
        if (!figure.image && figure.caption.empty() && figure.credit.empty()) return;
        out.push_back(std::move(figure));
    }

    // HTML figure: img (perhaps in a link or picture) and figcaption.
    void add_html_figure(const xmlNode* n, Blocks& out) {
        const xmlNode* image = find_below(n, "img", 3);
        const xmlNode* caption = find_below(n, "figcaption", 2);
        if (image == nullptr && caption == nullptr) {
            add_blocks(n->children, out);
            return;
        }
        add_image(n, image, caption, out);
    }

    void add_image(const xmlNode* holder, const xmlNode* img, const xmlNode* caption, Blocks& out) {
        Figure figure;
        figure.attr = attr_of(holder);
        if (img) {
            ImageRef image;
            image.src = std::string(trim(attr(img, "src")));
            image.width = to_int(attr(img, "width"), 0, 0, 1000000);
            image.height = to_int(attr(img, "height"), 0, 0, 1000000);
            if (!image.src.empty()) figure.image = std::move(image);
            figure.alt = collapse_space(attr(img, "alt"));
        }
        if (caption) {
            // An element classed "credit" inside the caption is the credit.
            std::vector<const xmlNode*> credits;
            collect_credit_elements(caption, credits, 0);
            for (const xmlNode* c : credits) {
                std::string line = text(c);
                if (figure.credit.line.empty()) figure.credit.line = strip_punctuation(line);
            }
            skip_ = credits;
            figure.caption = inlines(caption);
            skip_.clear();
            trim_inlines_end(figure.caption, true);
            settle_caption_credit(figure.caption, figure.credit);
        }
        if (!figure.image && figure.caption.empty() && figure.credit.empty()) return;
        out.push_back(std::move(figure));
    }

    void collect_credit_elements(const xmlNode* n, std::vector<const xmlNode*>& found, int depth) {
        if (depth > 8) return;
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            bool credit = false;
            for (const std::string& cls : split_space(attr(c, "class")))
                credit = credit || cls == "credit" || cls == "photo-credit" || cls == "byline";
            if (credit)
                found.push_back(c);
            else
                collect_credit_elements(c, found, depth + 1);
        }
    }

    // ---- NITF
    //
    // head: title (headline when there is no hl1), docdata (doc-id@id-string → identifier,
    // date.issue@norm → date, key-list/keyword@key → keywords, doc.copyright → rights),
    // pubdata@name → publisher. body.head: hedline/hl1 → headline, hl2 → dek (the abstract is
    // the dek only when there is no hl2), byline (person/byttl, or "By A and B"), distributor →
    // dateline agency, dateline (location → place, story.date → date as written), note → left
    // out with a warning. body.content → blocks; body.end/tagline → Tagline.

    void read_nitf(const xmlNode* nitf, Article& article, bool embedded) {
        Meta& meta = article.meta;
        meta_ = &meta;
        meta.language = std::string(trim(attr(nitf, "baselang")));
        if (meta.language.empty()) meta.language = xml_lang(nitf);

        std::string title;
        std::string story_date_norm;
        if (const xmlNode* head = first_child(nitf, "head")) {
            title = text(first_child(head, "title"));
            read_docdata(first_child(head, "docdata"), meta);
            if (const xmlNode* pubdata = first_child(head, "pubdata"))
                meta.publisher = collapse_space(attr(pubdata, "name"));
        }

        const xmlNode* body = first_child(nitf, "body");
        bool has_hedline = false;
        bool has_content = false;
        if (body) {
            if (meta.language.empty()) meta.language = xml_lang(body);
            if (const xmlNode* body_head = first_child(body, "body.head")) {
                has_hedline = first_child(body_head, "hedline") != nullptr;
                read_body_head(body_head, meta, story_date_norm);
            }
            for (const xmlNode* content : children_named(body, "body.content")) {
                has_content = true;
                add_blocks(content->children, article.blocks);
            }
            if (const xmlNode* end = first_child(body, "body.end")) {
                for (const xmlNode* c = end->children; c; c = c->next) {
                    if (is(c, "tagline")) {
                        Inlines content = inlines(c);
                        if (!content.empty())
                            article.blocks.push_back(Tagline{attr_of(c), std::move(content)});
                    } else if (is(c, "bibliography")) {
                        Inlines content = inlines(c);
                        if (!content.empty()) {
                            Paragraph p{attr_of(c), std::move(content)};
                            p.attr.classes.push_back("bibliography");
                            article.blocks.push_back(std::move(p));
                        }
                    }
                }
            }
        }
        if (meta.headline.empty()) meta.headline = title;
        if (meta.date.empty() && !story_date_norm.empty()) meta.date = story_date_norm;
        if (!has_content && !has_hedline && !embedded)
            throw Error(ErrorCode::invalid, file_, Position{line_of(nitf), 0, -1},
                        "NITF document without body.content or hedline: there is no article");
        // Bylines with a title but no name: when standing alone, the title is all there is.
        if (!embedded) {
            for (Byline& b : meta.bylines)
                if (b.name.empty()) std::swap(b.name, b.title);
        }
    }

    void read_docdata(const xmlNode* docdata, Meta& meta) {
        if (docdata == nullptr) return;
        if (const xmlNode* id = first_child(docdata, "doc-id"))
            meta.identifier = collapse_space(attr(id, "id-string"));
        if (const xmlNode* issue = first_child(docdata, "date.issue"))
            meta.date = date_attr(issue, "norm");
        if (const xmlNode* keys = first_child(docdata, "key-list"))
            for (const xmlNode* k : children_named(keys, "keyword"))
                meta.keywords.push_back(collapse_space(attr(k, "key")));
        dedupe(meta.keywords);
        if (const xmlNode* copyright = first_child(docdata, "doc.copyright")) {
            std::string year = collapse_space(attr(copyright, "year"));
            std::string holder = collapse_space(attr(copyright, "holder"));
            if (!year.empty() || !holder.empty()) {
                meta.rights = "\xC2\xA9";
                if (!year.empty()) meta.rights += " " + year;
                if (!holder.empty()) meta.rights += " " + holder;
            }
        }
    }

    std::string date_attr(const xmlNode* n, std::string_view name) {
        std::string value = collapse_space(attr(n, name));
        if (value.empty()) return {};
        std::string iso = iso_date(value);
        if (iso.empty())
            warn(n, "date '" + value + "' in @" + std::string(name) +
                        " is not an ISO 8601 date; left out");
        return iso;
    }

    void read_body_head(const xmlNode* body_head, Meta& meta, std::string& story_date_norm) {
        std::string abstract;
        for (const xmlNode* c = body_head->children; c; c = c->next) {
            if (!is_element(c)) continue;
            std::string_view name = local_name(c);
            if (name == "hedline") {
                if (meta.headline.empty()) meta.headline = plain(inlines(first_child(c, "hl1")));
                for (const xmlNode* hl2 : children_named(c, "hl2")) {
                    std::string dek = plain(inlines(hl2));
                    if (dek.empty()) continue;
                    if (!meta.dek.empty()) meta.dek += " ";
                    meta.dek += dek;
                }
                meta.set_head("hl2", meta.dek);
            } else if (name == "note") {
                warn(c,
                     "editorial note (<note>) left out of the article: \"" + short_text(c) + "\"");
            } else if (name == "byline") {
                for (Byline& b : bylines(c)) meta.bylines.push_back(std::move(b));
            } else if (name == "distributor") {
                // The distributor's name ("The Associated Press") is data; the dateline's
                // agency is the one the copy writes ("AP").
                meta.set_head("distributor", text(c));
            } else if (name == "dateline") {
                meta.set_head("dateline", text(c));
                read_dateline(c, meta.dateline, story_date_norm);
            } else if (name == "abstract") {
                std::string s = text(c);
                if (!s.empty()) abstract += (abstract.empty() ? "" : " ") + s;
                meta.set_head("abstract", abstract);
            } else if (name == "rights") {
                if (meta.rights.empty()) meta.rights = text(c);
            }
        }
        if (meta.dek.empty()) meta.dek = abstract;
    }

    std::vector<Byline> bylines(const xmlNode* byline) {
        std::string title;
        for (const xmlNode* t : children_named(byline, "byttl")) {
            std::string s = strip_punctuation(text(t));
            if (s.empty()) continue;
            if (!title.empty()) title += ", ";
            title += s;
        }
        std::vector<Byline> out;
        for (const xmlNode* c = byline->children; c; c = c->next) {
            if (!is(c, "person")) continue;
            std::string name = strip_punctuation(text(c));
            if (!name.empty()) out.push_back(Byline{std::move(name), title});
        }
        if (out.empty()) {
            // "By A, Title and B": taken apart into people and titles by the copy desk.
            std::string written = strip_punctuation(text(byline, {"byttl"}));
            if (!written.empty()) out.push_back(Byline{std::move(written), title});
        }
        if (out.empty() && !title.empty()) out.push_back(Byline{"", title});
        return out;
    }

    void read_dateline(const xmlNode* dateline, Dateline& out, std::string& story_date_norm) {
        std::string place;
        if (const xmlNode* location = first_child(dateline, "location")) {
            std::vector<std::string> parts;
            for (const xmlNode* c = location->children; c; c = c->next) {
                if (!is_element(c)) continue;
                std::string part = strip_punctuation(text(c));
                if (!part.empty()) parts.push_back(std::move(part));
            }
            if (parts.empty()) {
                place = strip_punctuation(text(location));
            } else {
                for (const std::string& part : parts) place += (place.empty() ? "" : ", ") + part;
            }
        } else {
            place = strip_punctuation(text(dateline, {"story.date"}));
        }
        // "20170102T222800+0000": a date, never a place.
        if (std::string iso = iso_date(place); !iso.empty()) {
            if (story_date_norm.empty()) story_date_norm = iso;
            place.clear();
        }
        if (out.place.empty()) out.place = place;
        if (const xmlNode* date = first_child(dateline, "story.date")) {
            if (out.date_text.empty()) out.date_text = strip_punctuation(text(date));
            if (story_date_norm.empty()) story_date_norm = date_attr(date, "norm");
        }
    }

    // ---- NewsML-G2
    //
    // newsItem (or the first newsItem with an inline body in a newsMessage): @guid →
    // identifier, @xml:lang → language; contentMeta: headline, description (summary/abstract
    // role first) → dek, creator/name → bylines, located/name → dateline place,
    // contentCreated (else itemMeta firstCreated, versionCreated) → date, keyword and
    // subject/name → keywords; rightsInfo: copyrightNotice → rights, copyrightHolder/name →
    // publisher. contentSet: inlineXML with NITF (whose fields fill only what the item left
    // empty; its bylines, which carry titles, are preferred to the creators) or XHTML, or
    // inlineData (HTML or plain text).

    static bool has_inline_body(const xmlNode* item) {
        const xmlNode* set = first_child(item, "contentSet");
        return first_child(set, "inlineXML") != nullptr ||
               first_child(set, "inlineData") != nullptr;
    }

    const xmlNode* pick_item(const xmlNode* message) {
        std::vector<const xmlNode*> items;
        std::string other;
        for (const xmlNode* set : children_named(message, "itemSet")) {
            for (const xmlNode* c = set->children; c; c = c->next) {
                if (is(c, "newsItem"))
                    items.push_back(c);
                else if (is_element(c) && other.empty())
                    other = std::string(local_name(c));
            }
        }
        for (const xmlNode* item : items)
            if (has_inline_body(item)) return item;
        if (!items.empty()) return items.front();
        if (!other.empty())
            throw Error(ErrorCode::unsupported, file_, Position{line_of(message), 0, -1},
                        "NewsML-G2 newsMessage holds no newsItem (only " + other +
                            "); galley converts newsItem text items");
        throw Error(ErrorCode::invalid, file_, Position{line_of(message), 0, -1},
                    "NewsML-G2 newsMessage holds no item");
    }

    // The text of the `name` child in the item's language (by primary subtag), else the first
    // one without a language, else the first.
    std::string pick_name(const xmlNode* n, const std::string& language) {
        auto primary = [](std::string_view tag) { return tag.substr(0, tag.find('-')); };
        const xmlNode* fallback = nullptr;
        for (const xmlNode* name : children_named(n, "name")) {
            std::string lang = xml_lang(name);
            if (!language.empty() && !lang.empty() && primary(lang) == primary(language))
                return text(name);
            if (fallback == nullptr || (lang.empty() && !xml_lang(fallback).empty()))
                fallback = name;
        }
        return text(fallback);
    }

    void read_newsml(const xmlNode* root, Article& article) {
        const xmlNode* item = is(root, "newsMessage") ? pick_item(root) : root;
        Meta& meta = article.meta;
        meta_ = &meta;
        std::string guid = collapse_space(attr(item, "guid"));
        meta.identifier = guid;
        meta.language = xml_lang(item);

        const xmlNode* item_meta = first_child(item, "itemMeta");
        const xmlNode* content_meta = first_child(item, "contentMeta");
        if (meta.language.empty())
            if (const xmlNode* lang = first_child(content_meta, "language"))
                meta.language = collapse_space(attr(lang, "tag"));

        if (content_meta) read_content_meta(content_meta, meta);
        if (meta.date.empty()) {
            for (std::string_view name : {"firstCreated", "versionCreated"}) {
                std::string value = text(first_child(item_meta, name));
                if (value.empty()) continue;
                meta.date = iso_date(value);
                if (!meta.date.empty()) break;
            }
        }
        if (const xmlNode* rights = first_child(item, "rightsInfo")) {
            meta.rights = text(first_child(rights, "copyrightNotice"));
            if (meta.publisher.empty())
                meta.publisher = text(first_child(first_child(rights, "copyrightHolder"), "name"));
        }

        std::string item_class;
        if (const xmlNode* cls = first_child(item_meta, "itemClass")) {
            item_class = collapse_space(attr(cls, "qcode"));
            if (std::size_t colon = item_class.find(':'); colon != std::string::npos)
                item_class = item_class.substr(colon + 1);
        }
        const xmlNode* content_set = first_child(item, "contentSet");
        if (!has_inline_body(item)) {
            std::string kind = item_class.empty() ? std::string("an") : "a " + item_class;
            if (item_class.empty() || item_class == "text")
                throw Error(ErrorCode::unsupported, file_,
                            "NewsML-G2 item '" + guid +
                                "' has no inline text body (no inlineXML or inlineData; remote "
                                "content is not fetched)");
            throw Error(ErrorCode::unsupported, file_,
                        "NewsML-G2 item '" + guid + "' is " + kind +
                            " item with no text body; galley converts text items");
        }

        std::vector<Byline> creators = std::move(meta.bylines);
        meta.bylines.clear();
        Article body;
        for (const xmlNode* c = content_set->children; c && body.blocks.empty(); c = c->next) {
            if (is(c, "inlineXML"))
                read_inline_xml(c, body);
            else if (is(c, "inlineData"))
                read_inline_data(c, body);
        }
        meta_ = &meta;
        merge_meta(meta, body.meta, creators);
        article.blocks = std::move(body.blocks);
        if (article.blocks.empty())
            throw Error(ErrorCode::invalid, file_, Position{line_of(content_set), 0, -1},
                        "NewsML-G2 item '" + guid + "' has an empty text body");
    }

    void read_content_meta(const xmlNode* cm, Meta& meta) {
        const xmlNode* headline = nullptr;
        for (const xmlNode* h : children_named(cm, "headline")) {
            std::string role = attr(h, "role");
            if (headline == nullptr || role.empty() || contains_ci(role, "main")) {
                if (headline == nullptr || !attr(headline, "role").empty()) headline = h;
            }
        }
        meta.headline = text(headline);

        const xmlNode* description = nullptr;
        for (const xmlNode* d : children_named(cm, "description")) {
            std::string role = attr(d, "role");
            if (contains_ci(role, "summary") || contains_ci(role, "abstract")) {
                description = d;
                break;
            }
            if (description == nullptr) description = d;
        }
        meta.dek = text(description);
        meta.set_head("description", meta.dek);
        // A slug is the desk's label for the story: data, neither a dek nor a keyword.
        for (const xmlNode* slug : children_named(cm, "slugline")) meta.set_head("slug", text(slug));

        for (const xmlNode* creator : children_named(cm, "creator")) {
            std::string name = pick_name(creator, meta.language);
            if (name.empty()) name = collapse_space(attr(creator, "literal"));
            if (!name.empty()) meta.bylines.push_back(Byline{std::move(name), ""});
        }
        if (const xmlNode* located = first_child(cm, "located"))
            meta.dateline.place = pick_name(located, meta.language);
        if (const xmlNode* created = first_child(cm, "contentCreated")) {
            std::string value = text(created);
            meta.date = iso_date(value);
            if (meta.date.empty() && !value.empty())
                warn(created, "contentCreated '" + value + "' is not an ISO 8601 date; left out");
        }
        for (const xmlNode* k : children_named(cm, "keyword")) meta.keywords.push_back(text(k));
        for (const xmlNode* s : children_named(cm, "subject"))
            meta.keywords.push_back(pick_name(s, meta.language));
        dedupe(meta.keywords);
    }

    void read_inline_xml(const xmlNode* inline_xml, Article& body) {
        const xmlNode* first = first_element(inline_xml);
        if (first == nullptr) return;
        Nest nest(*this, inline_xml);
        if (is(first, "nitf")) {
            read_nitf(first, body, true);
            return;
        }
        meta_ = &body.meta;
        is_html_ = true;
        if (is(first, "html")) {
            if (const xmlNode* html_body = first_child(first, "body"))
                add_blocks(html_body->children, body.blocks);
            if (body.meta.headline.empty()) // an h1 in the body comes first
                body.meta.headline = text(first_child(first_child(first, "head"), "title"));
        } else if (is(first, "body")) {
            add_blocks(first->children, body.blocks);
        } else {
            add_blocks(inline_xml->children, body.blocks);
        }
        is_html_ = false;
    }

    void read_inline_data(const xmlNode* inline_data, Article& body) {
        std::string data = raw_text(inline_data);
        if (trim(data).empty()) return;
        std::string type = attr(inline_data, "contenttype");
        meta_ = &body.meta;
        if (contains_ci(type, "html") || trim(data).front() == '<') {
            DocPtr html = parse_html(data, file_);
            const xmlNode* root = html ? xmlDocGetRootElement(html.get()) : nullptr;
            if (root == nullptr) return;
            is_html_ = true;
            const xmlNode* html_body = is(root, "html") ? first_child(root, "body") : root;
            if (html_body) add_blocks(html_body->children, body.blocks);
            if (body.meta.headline.empty())
                body.meta.headline = text(first_child(first_child(root, "head"), "title"));
            is_html_ = false;
            return;
        }
        // Plain text: paragraphs are separated by blank lines.
        std::string_view rest = data;
        while (!rest.empty()) {
            std::size_t end = std::string_view::npos;
            for (std::size_t i = rest.find('\n'); i != std::string_view::npos;
                 i = rest.find('\n', i + 1)) {
                std::size_t j = i + 1;
                while (j < rest.size() && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\r'))
                    ++j;
                if (j < rest.size() && rest[j] == '\n') {
                    end = i;
                    break;
                }
            }
            std::string para = collapse_space(rest.substr(0, end));
            if (!para.empty()) body.blocks.push_back(Paragraph{{}, text_inlines(std::move(para))});
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
    }

    // The item's own metadata wins; the body's fills what is empty. Bylines: the body's (from
    // NITF byline, with titles) are preferred; a body byline without a name takes the item's
    // creator at the same place.
    static void merge_meta(Meta& meta, Meta& body, std::vector<Byline>& creators) {
        auto fill = [](std::string& into, std::string& from) {
            if (into.empty()) into = std::move(from);
        };
        fill(meta.headline, body.headline);
        fill(meta.dek, body.dek);
        fill(meta.dateline.place, body.dateline.place);
        fill(meta.dateline.agency, body.dateline.agency);
        fill(meta.dateline.date_text, body.dateline.date_text);
        fill(meta.date, body.date);
        fill(meta.language, body.language);
        fill(meta.publisher, body.publisher);
        fill(meta.section, body.section);
        fill(meta.rights, body.rights);
        fill(meta.source_url, body.source_url);
        fill(meta.identifier, body.identifier);
        if (meta.keywords.empty()) meta.keywords = std::move(body.keywords);
        for (auto& [key, value] : body.head)
            if (!meta.head_value(key)) meta.set_head(key, std::move(value));
        if (body.bylines.empty()) {
            meta.bylines = std::move(creators);
            return;
        }
        meta.bylines = std::move(body.bylines);
        for (std::size_t i = 0; i < meta.bylines.size(); ++i) {
            Byline& b = meta.bylines[i];
            if (b.name.empty() && i < creators.size()) b.name = creators[i].name;
            if (b.name.empty()) std::swap(b.name, b.title);
        }
    }

    const std::string& file_;
    Warnings& warnings_;
    Meta* meta_ = nullptr;               // the metadata being filled (h1 in a body → headline)
    std::size_t expanded_ = 0;           // bytes added by entity expansion so far
    int entity_depth_ = 0;               // entities being expanded, one inside the other
    int nesting_ = 0;                    // elements being walked, one inside the other
    const xmlNode* outer_ref_ = nullptr; // the reference in the document being expanded
    bool is_html_ = false;               // walking an XHTML body (lang attributes count)
    std::set<std::string> reported_entities_;
    std::vector<const xmlNode*> skip_; // elements left out of inline content (caption credits)
};

} // namespace

ReadResult read_xml(std::string_view bytes, const std::string& file) {
    check_bytes(bytes, file);
    ReadResult result;
    DocPtr doc = parse_xml(bytes, file, result.warnings);
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (root == nullptr) throw Error(ErrorCode::invalid, file, "XML document without an element");
    XmlReader reader(file, result.warnings);
    result.article = reader.read(root);
    return result;
}

} // namespace galley::detail
