// The model's JSON form: writing (to_json) and reading (article_from_json, the JSON reader).
#include "galley/json.hpp"

#include "read/reader.hpp"

#include <nlohmann/json.hpp>

namespace galley {

namespace {

using json = nlohmann::ordered_json;

// ---- writing

json inlines_json(const Inlines& inlines);
json blocks_json(const Blocks& blocks);

void put_if(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

json inline_json(const Inline& in) {
    return std::visit(
        [](const auto& node) -> json {
            using T = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<T, Text>) {
                return node.text;
            } else if constexpr (std::is_same_v<T, Code>) {
                return json{{"type", "code"}, {"text", node.text}};
            } else if constexpr (std::is_same_v<T, LineBreak>) {
                return json{{"type", "br"}};
            } else if constexpr (std::is_same_v<T, Link>) {
                json j{{"type", "link"}, {"url", node.url}};
                put_if(j, "title", node.title);
                j["content"] = inlines_json(node.content);
                return j;
            } else {
                const char* type = std::is_same_v<T, Emphasis>      ? "emph"
                                   : std::is_same_v<T, Strong>      ? "strong"
                                   : std::is_same_v<T, Superscript> ? "sup"
                                   : std::is_same_v<T, Subscript>   ? "sub"
                                                                    : "smallcaps";
                return json{{"type", type}, {"content", inlines_json(node.content)}};
            }
        },
        in.node);
}

json inlines_json(const Inlines& inlines) {
    json arr = json::array();
    for (const auto& in : inlines) arr.push_back(inline_json(in));
    return arr;
}

json attr_json(const Attr& attr) {
    json j = json::object();
    put_if(j, "id", attr.id);
    if (!attr.classes.empty()) j["classes"] = attr.classes;
    if (!attr.values.empty()) {
        json values = json::object();
        for (const auto& [k, v] : attr.values) values[k] = v;
        j["values"] = values;
    }
    return j;
}

json credit_json(const Credit& c) {
    json j = json::object();
    put_if(j, "creator", c.creator);
    put_if(j, "line", c.line);
    put_if(j, "copyright", c.copyright);
    put_if(j, "source", c.source);
    put_if(j, "creator_title", c.creator_title);
    if (!c.notes.empty()) j["notes"] = c.notes;
    put_if(j, "instructions", c.instructions);
    put_if(j, "usage_terms", c.usage_terms);
    return j;
}

const char* align_name(Align a) {
    switch (a) {
    case Align::left: return "left";
    case Align::center: return "center";
    case Align::right: return "right";
    case Align::none: break;
    }
    return "";
}

std::string base64_encode(std::string_view data) {
    static constexpr char table[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                     (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i < data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < data.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

json rows_json(const std::vector<TableRow>& rows) {
    json arr = json::array();
    for (const auto& row : rows) {
        json r = json::array();
        for (const auto& cell : row) {
            json c{{"content", inlines_json(cell.content)}};
            if (cell.align != Align::none) c["align"] = align_name(cell.align);
            if (cell.colspan != 1) c["colspan"] = cell.colspan;
            if (cell.rowspan != 1) c["rowspan"] = cell.rowspan;
            if (cell.header) c["header"] = true;
            r.push_back(std::move(c));
        }
        arr.push_back(std::move(r));
    }
    return arr;
}

json block_json(const Block& block) {
    json j;
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            auto start = [&](const char* type) {
                j["type"] = type;
                if (!b.attr.empty()) j["attr"] = attr_json(b.attr);
            };
            if constexpr (std::is_same_v<T, Paragraph>) {
                start("paragraph");
                j["content"] = inlines_json(b.content);
            } else if constexpr (std::is_same_v<T, Heading>) {
                start("heading");
                j["level"] = b.level;
                j["content"] = inlines_json(b.content);
            } else if constexpr (std::is_same_v<T, BlockQuote>) {
                start("quote");
                j["content"] = blocks_json(b.content);
                put_if(j, "attribution", b.attribution);
            } else if constexpr (std::is_same_v<T, PullQuote>) {
                start("pullquote");
                j["content"] = inlines_json(b.content);
                put_if(j, "attribution", b.attribution);
            } else if constexpr (std::is_same_v<T, Figure>) {
                start("figure");
                if (b.image) {
                    json img = json::object();
                    put_if(img, "src", b.image->src);
                    put_if(img, "media_type", b.image->media_type);
                    if (!b.image->data.empty()) img["data"] = base64_encode(b.image->data);
                    if (b.image->width > 0) img["width"] = b.image->width;
                    if (b.image->height > 0) img["height"] = b.image->height;
                    j["image"] = img;
                }
                put_if(j, "alt", b.alt);
                if (!b.caption.empty()) j["caption"] = inlines_json(b.caption);
                if (!b.credit.empty()) j["credit"] = credit_json(b.credit);
            } else if constexpr (std::is_same_v<T, List>) {
                start("list");
                j["ordered"] = b.ordered;
                j["start"] = b.start;
                json items = json::array();
                for (const auto& item : b.items) items.push_back(blocks_json(item));
                j["items"] = items;
            } else if constexpr (std::is_same_v<T, Rule>) {
                start("rule");
            } else if constexpr (std::is_same_v<T, Table>) {
                start("table");
                if (!b.caption.empty()) j["caption"] = inlines_json(b.caption);
                j["head"] = rows_json(b.head);
                j["body"] = rows_json(b.body);
            } else if constexpr (std::is_same_v<T, Tagline>) {
                start("tagline");
                j["content"] = inlines_json(b.content);
            } else if constexpr (std::is_same_v<T, Raw>) {
                start("raw");
                j["format"] = b.format;
                j["text"] = b.text;
            }
        },
        block.node);
    return j;
}

json blocks_json(const Blocks& blocks) {
    json arr = json::array();
    for (const auto& b : blocks) arr.push_back(block_json(b));
    return arr;
}

json meta_json(const Meta& m) {
    json j = json::object();
    put_if(j, "headline", m.headline);
    put_if(j, "dek", m.dek);
    if (!m.bylines.empty()) {
        json arr = json::array();
        for (const auto& b : m.bylines) {
            json by = json::object();
            put_if(by, "name", b.name);
            put_if(by, "title", b.title);
            arr.push_back(by);
        }
        j["bylines"] = arr;
    }
    if (!m.dateline.empty()) {
        json d = json::object();
        put_if(d, "place", m.dateline.place);
        put_if(d, "agency", m.dateline.agency);
        put_if(d, "date", m.dateline.date_text);
        j["dateline"] = d;
    }
    put_if(j, "date", m.date);
    put_if(j, "language", m.language);
    put_if(j, "publisher", m.publisher);
    put_if(j, "section", m.section);
    if (!m.keywords.empty()) j["keywords"] = m.keywords;
    put_if(j, "rights", m.rights);
    put_if(j, "source_url", m.source_url);
    put_if(j, "identifier", m.identifier);
    put_if(j, "language_source", to_string(m.language_source));
    if (!m.head.empty()) {
        json head = json::object();
        for (const auto& [key, value] : m.head) head[key] = value;
        j["head"] = head;
    }
    if (!m.service_notes.empty()) j["service_notes"] = m.service_notes;
    return j;
}

// ---- reading

// Reads one JSON document into the model, collecting warnings for keys it does not know.
class JsonModelReader {
public:
    JsonModelReader(const std::string& file, Warnings& warnings)
        : file_(file), warnings_(warnings) {}

    Article article(const json& root) {
        if (!root.is_object()) fail("", "the top level must be an object");
        auto version = root.find("galley");
        if (version == root.end())
            fail("", "not a galley article: the key \"galley\" (the format version) is missing");
        check_version(*version);
        Article a;
        for (auto it = root.begin(); it != root.end(); ++it) {
            if (it.key() == "galley") continue;
            if (it.key() == "meta") a.meta = meta(it.value(), "meta");
            else if (it.key() == "blocks") a.blocks = blocks(it.value(), "blocks");
            else unknown_key("", it.key());
        }
        return a;
    }

private:
    [[noreturn]] void fail(const std::string& path, const std::string& message) {
        throw Error(ErrorCode::invalid, file_, (path.empty() ? "" : path + ": ") + message);
    }
    void unknown_key(const std::string& path, const std::string& key) {
        warnings_.push_back(Warning{file_, {},
                                    (path.empty() ? "" : path + ": ") + "unknown key \"" + key +
                                        "\" ignored"});
    }

    void check_version(const json& v) {
        int major = -1;
        std::string text;
        if (v.is_string()) {
            text = v.get<std::string>();
            std::size_t used = 0;
            try {
                major = std::stoi(text, &used);
            } catch (const std::exception&) {
                major = -1;
            }
            if (used == 0 || (used < text.size() && text[used] != '.')) major = -1;
        } else if (v.is_number_integer()) {
            major = v.get<int>();
            text = std::to_string(major);
        }
        if (major < 0)
            fail("galley", "the format version must be a string like \"" +
                               std::to_string(json_major_version) + "." +
                               std::to_string(json_minor_version) + "\"");
        if (major != json_major_version)
            throw Error(ErrorCode::version, file_,
                        "galley JSON version " + text + " is not supported; this galley reads " +
                            std::to_string(json_major_version) + ".x");
    }

    const std::string& str(const json& v, const std::string& path) {
        if (!v.is_string()) fail(path, "must be a string");
        return v.get_ref<const std::string&>();
    }
    int integer(const json& v, const std::string& path) {
        if (!v.is_number_integer()) fail(path, "must be a whole number");
        return v.get<int>();
    }
    const json& object(const json& v, const std::string& path) {
        if (!v.is_object()) fail(path, "must be an object");
        return v;
    }
    const json& array(const json& v, const std::string& path) {
        if (!v.is_array()) fail(path, "must be an array");
        return v;
    }

    Meta meta(const json& v, const std::string& path) {
        Meta m;
        for (auto it = object(v, path).begin(); it != v.end(); ++it) {
            const std::string& k = it.key();
            std::string p = path + "." + k;
            const json& x = it.value();
            if (k == "headline") m.headline = str(x, p);
            else if (k == "dek") m.dek = str(x, p);
            else if (k == "bylines") {
                std::size_t i = 0;
                for (const auto& b : array(x, p)) {
                    std::string bp = p + "[" + std::to_string(i++) + "]";
                    Byline by;
                    for (auto bt = object(b, bp).begin(); bt != b.end(); ++bt) {
                        if (bt.key() == "name") by.name = str(bt.value(), bp + ".name");
                        else if (bt.key() == "title") by.title = str(bt.value(), bp + ".title");
                        else unknown_key(bp, bt.key());
                    }
                    m.bylines.push_back(std::move(by));
                }
            } else if (k == "dateline") {
                for (auto dt = object(x, p).begin(); dt != x.end(); ++dt) {
                    if (dt.key() == "place") m.dateline.place = str(dt.value(), p + ".place");
                    else if (dt.key() == "agency") m.dateline.agency = str(dt.value(), p + ".agency");
                    else if (dt.key() == "date") m.dateline.date_text = str(dt.value(), p + ".date");
                    else unknown_key(p, dt.key());
                }
            } else if (k == "date") m.date = str(x, p);
            else if (k == "language") m.language = str(x, p);
            else if (k == "publisher") m.publisher = str(x, p);
            else if (k == "section") m.section = str(x, p);
            else if (k == "keywords") {
                std::size_t i = 0;
                for (const auto& kw : array(x, p))
                    m.keywords.push_back(str(kw, p + "[" + std::to_string(i++) + "]"));
            } else if (k == "rights") m.rights = str(x, p);
            else if (k == "source_url") m.source_url = str(x, p);
            else if (k == "identifier") m.identifier = str(x, p);
            else if (k == "language_source") {
                const std::string& source = str(x, p);
                if (source == "declared") m.language_source = LanguageSource::declared;
                else if (source == "option") m.language_source = LanguageSource::option;
                else if (source == "detected") m.language_source = LanguageSource::detected;
                else fail(p, "must be \"declared\", \"option\" or \"detected\"");
            } else if (k == "head") {
                for (auto h = object(x, p).begin(); h != x.end(); ++h)
                    m.set_head(h.key(), str(h.value(), p + "." + h.key()));
            } else if (k == "service_notes") {
                std::size_t i = 0;
                for (const auto& note : array(x, p))
                    m.service_notes.push_back(str(note, p + "[" + std::to_string(i++) + "]"));
            } else unknown_key(path, k);
        }
        return m;
    }

    Attr attr(const json& v, const std::string& path) {
        Attr a;
        for (auto it = object(v, path).begin(); it != v.end(); ++it) {
            std::string p = path + "." + it.key();
            if (it.key() == "id") a.id = str(it.value(), p);
            else if (it.key() == "classes") {
                for (const auto& c : array(it.value(), p)) a.classes.push_back(str(c, p));
            } else if (it.key() == "values") {
                for (auto kv = object(it.value(), p).begin(); kv != it.value().end(); ++kv)
                    a.values.emplace_back(kv.key(), str(kv.value(), p + "." + kv.key()));
            } else unknown_key(path, it.key());
        }
        return a;
    }

    Credit credit(const json& v, const std::string& path) {
        Credit c;
        for (auto it = object(v, path).begin(); it != v.end(); ++it) {
            std::string p = path + "." + it.key();
            if (it.key() == "creator") c.creator = str(it.value(), p);
            else if (it.key() == "line") c.line = str(it.value(), p);
            else if (it.key() == "copyright") c.copyright = str(it.value(), p);
            else if (it.key() == "source") c.source = str(it.value(), p);
            else if (it.key() == "creator_title") c.creator_title = str(it.value(), p);
            else if (it.key() == "notes") {
                std::size_t i = 0;
                for (const auto& note : array(it.value(), p))
                    c.notes.push_back(str(note, p + "[" + std::to_string(i++) + "]"));
            } else if (it.key() == "instructions") c.instructions = str(it.value(), p);
            else if (it.key() == "usage_terms") c.usage_terms = str(it.value(), p);
            else unknown_key(path, it.key());
        }
        return c;
    }

    static int base64_value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }
    std::string base64_decode(const std::string& in, const std::string& path) {
        std::string out;
        out.reserve(in.size() / 4 * 3);
        unsigned buffer = 0;
        int bits = 0;
        for (char c : in) {
            if (c == '=') break;
            if (c == '\n' || c == '\r' || c == ' ') continue;
            int v = base64_value(c);
            if (v < 0) fail(path, "is not valid base64");
            buffer = (buffer << 6) | static_cast<unsigned>(v);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out += static_cast<char>((buffer >> bits) & 0xFF);
            }
        }
        return out;
    }

    ImageRef image(const json& v, const std::string& path) {
        ImageRef img;
        for (auto it = object(v, path).begin(); it != v.end(); ++it) {
            std::string p = path + "." + it.key();
            if (it.key() == "src") img.src = str(it.value(), p);
            else if (it.key() == "media_type") img.media_type = str(it.value(), p);
            else if (it.key() == "data") img.data = base64_decode(str(it.value(), p), p);
            else if (it.key() == "width") img.width = integer(it.value(), p);
            else if (it.key() == "height") img.height = integer(it.value(), p);
            else unknown_key(path, it.key());
        }
        return img;
    }

    Inlines inlines(const json& v, const std::string& path, int depth = 0) {
        if (depth > max_depth) throw Error(ErrorCode::limit, file_, path + ": nested too deeply");
        Inlines out;
        std::size_t i = 0;
        for (const auto& x : array(v, path)) {
            std::string p = path + "[" + std::to_string(i++) + "]";
            if (x.is_string()) {
                out.push_back(Text{x.get<std::string>()});
                continue;
            }
            object(x, p);
            auto t = x.find("type");
            if (t == x.end()) fail(p, "an inline needs a \"type\"");
            const std::string& type = str(*t, p + ".type");
            auto content = [&]() {
                auto c = x.find("content");
                return c == x.end() ? Inlines{} : inlines(*c, p + ".content", depth + 1);
            };
            auto text = [&]() {
                auto c = x.find("text");
                return c == x.end() ? std::string{} : str(*c, p + ".text");
            };
            auto check_keys = [&](std::initializer_list<std::string_view> known) {
                for (auto it = x.begin(); it != x.end(); ++it) {
                    bool ok = it.key() == "type";
                    for (auto k : known) ok = ok || it.key() == k;
                    if (!ok) unknown_key(p, it.key());
                }
            };
            if (type == "text") check_keys({"text"}), out.push_back(Text{text()});
            else if (type == "emph") check_keys({"content"}), out.push_back(Emphasis{content()});
            else if (type == "strong") check_keys({"content"}), out.push_back(Strong{content()});
            else if (type == "sup") check_keys({"content"}), out.push_back(Superscript{content()});
            else if (type == "sub") check_keys({"content"}), out.push_back(Subscript{content()});
            else if (type == "smallcaps")
                check_keys({"content"}), out.push_back(SmallCaps{content()});
            else if (type == "code") check_keys({"text"}), out.push_back(Code{text()});
            else if (type == "br") check_keys({}), out.push_back(LineBreak{});
            else if (type == "link") {
                check_keys({"url", "title", "content"});
                Link l;
                if (auto u = x.find("url"); u != x.end()) l.url = str(*u, p + ".url");
                if (auto ti = x.find("title"); ti != x.end()) l.title = str(*ti, p + ".title");
                l.content = content();
                out.push_back(std::move(l));
            } else fail(p + ".type", "unknown inline type \"" + type + "\"");
        }
        return out;
    }

    std::vector<TableRow> rows(const json& v, const std::string& path) {
        std::vector<TableRow> out;
        std::size_t i = 0;
        for (const auto& r : array(v, path)) {
            std::string rp = path + "[" + std::to_string(i++) + "]";
            TableRow row;
            std::size_t j = 0;
            for (const auto& c : array(r, rp)) {
                std::string cp = rp + "[" + std::to_string(j++) + "]";
                TableCell cell;
                for (auto it = object(c, cp).begin(); it != c.end(); ++it) {
                    std::string p = cp + "." + it.key();
                    if (it.key() == "content") cell.content = inlines(it.value(), p);
                    else if (it.key() == "align") {
                        const std::string& a = str(it.value(), p);
                        if (a == "left") cell.align = Align::left;
                        else if (a == "center") cell.align = Align::center;
                        else if (a == "right") cell.align = Align::right;
                        else fail(p, "must be \"left\", \"center\" or \"right\"");
                    } else if (it.key() == "colspan") cell.colspan = integer(it.value(), p);
                    else if (it.key() == "rowspan") cell.rowspan = integer(it.value(), p);
                    else if (it.key() == "header") {
                        if (!it.value().is_boolean()) fail(p, "must be true or false");
                        cell.header = it.value().get<bool>();
                    }
                    else unknown_key(cp, it.key());
                }
                row.push_back(std::move(cell));
            }
            out.push_back(std::move(row));
        }
        return out;
    }

    Blocks blocks(const json& v, const std::string& path, int depth = 0) {
        if (depth > max_depth) throw Error(ErrorCode::limit, file_, path + ": nested too deeply");
        Blocks out;
        std::size_t i = 0;
        for (const auto& x : array(v, path)) {
            std::string p = path + "[" + std::to_string(i++) + "]";
            out.push_back(block(x, p, depth));
        }
        return out;
    }

    Block block(const json& x, const std::string& p, int depth) {
        object(x, p);
        auto t = x.find("type");
        if (t == x.end()) fail(p, "a block needs a \"type\"");
        const std::string& type = str(*t, p + ".type");
        Attr a;
        auto get = [&](const char* key) -> const json* {
            auto it = x.find(key);
            return it == x.end() ? nullptr : &*it;
        };
        auto known = [&](std::initializer_list<std::string_view> keys) {
            for (auto it = x.begin(); it != x.end(); ++it) {
                bool ok = it.key() == "type" || it.key() == "attr";
                for (auto k : keys) ok = ok || it.key() == k;
                if (!ok) unknown_key(p, it.key());
            }
        };
        if (auto* at = get("attr")) a = attr(*at, p + ".attr");
        auto content_inlines = [&]() {
            auto* c = get("content");
            return c ? inlines(*c, p + ".content", depth + 1) : Inlines{};
        };
        auto string_at = [&](const char* key) {
            auto* s = get(key);
            return s ? str(*s, p + "." + key) : std::string{};
        };
        if (type == "paragraph") {
            known({"content"});
            return Paragraph{std::move(a), content_inlines()};
        }
        if (type == "heading") {
            known({"level", "content"});
            int level = 2;
            if (auto* l = get("level")) level = integer(*l, p + ".level");
            if (level < 2 || level > 4) fail(p + ".level", "must be 2, 3 or 4");
            return Heading{std::move(a), level, content_inlines()};
        }
        if (type == "quote") {
            known({"content", "attribution"});
            auto* c = get("content");
            return BlockQuote{std::move(a), c ? blocks(*c, p + ".content", depth + 1) : Blocks{},
                              string_at("attribution")};
        }
        if (type == "pullquote") {
            known({"content", "attribution"});
            return PullQuote{std::move(a), content_inlines(), string_at("attribution")};
        }
        if (type == "figure") {
            known({"image", "alt", "caption", "credit"});
            Figure f;
            f.attr = std::move(a);
            if (auto* im = get("image")) f.image = image(*im, p + ".image");
            f.alt = string_at("alt");
            if (auto* c = get("caption")) f.caption = inlines(*c, p + ".caption", depth + 1);
            if (auto* c = get("credit")) f.credit = credit(*c, p + ".credit");
            return f;
        }
        if (type == "list") {
            known({"ordered", "start", "items"});
            List l;
            l.attr = std::move(a);
            if (auto* o = get("ordered")) {
                if (!o->is_boolean()) fail(p + ".ordered", "must be true or false");
                l.ordered = o->get<bool>();
            }
            if (auto* s = get("start")) l.start = integer(*s, p + ".start");
            if (auto* items = get("items")) {
                std::size_t i = 0;
                for (const auto& item : array(*items, p + ".items"))
                    l.items.push_back(
                        blocks(item, p + ".items[" + std::to_string(i++) + "]", depth + 1));
            }
            return l;
        }
        if (type == "rule") {
            known({});
            return Rule{std::move(a)};
        }
        if (type == "table") {
            known({"caption", "head", "body"});
            Table tb;
            tb.attr = std::move(a);
            if (auto* c = get("caption")) tb.caption = inlines(*c, p + ".caption", depth + 1);
            if (auto* h = get("head")) tb.head = rows(*h, p + ".head");
            if (auto* b = get("body")) tb.body = rows(*b, p + ".body");
            return tb;
        }
        if (type == "tagline") {
            known({"content"});
            return Tagline{std::move(a), content_inlines()};
        }
        if (type == "raw") {
            known({"format", "text"});
            return Raw{std::move(a), string_at("format"), string_at("text")};
        }
        fail(p + ".type", "unknown block type \"" + type + "\"");
    }

    static constexpr int max_depth = 200;
    const std::string& file_;
    Warnings& warnings_;
};

json parse_json(std::string_view text, const std::string& file) {
    try {
        // Depth is bounded by nlohmann's recursive parser only by the stack; refuse absurd
        // nesting before parsing.
        int depth = 0, max = 0;
        bool in_string = false, escape = false;
        for (char c : text) {
            if (in_string) {
                if (escape) escape = false;
                else if (c == '\\') escape = true;
                else if (c == '"') in_string = false;
            } else if (c == '"') in_string = true;
            else if (c == '[' || c == '{') max = std::max(max, ++depth);
            else if (c == ']' || c == '}') --depth;
        }
        if (max > 1000)
            throw Error(ErrorCode::limit, file, "JSON nested more than 1000 levels deep");
        return json::parse(text);
    } catch (const json::parse_error& e) {
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        Position pos = detail::position_of(text, offset);
        std::string what = e.what();
        // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1,
        // column 2: syntax error while parsing value - invalid literal; last read: 'x'"
        auto colon = what.find("syntax error");
        std::string message = colon != std::string::npos ? what.substr(colon) : what;
        throw Error(ErrorCode::syntax, file, pos, "JSON " + message);
    } catch (const json::exception& e) {
        // A number too large for a double ("1E99999", out_of_range.406) and the like: nlohmann
        // gives no position for these.
        std::string what = e.what();
        auto bracket = what.find("] ");
        throw Error(ErrorCode::syntax, file,
                    "JSON " + (bracket != std::string::npos ? what.substr(bracket + 2) : what));
    }
}

} // namespace

std::string to_json(const Article& article) {
    json root;
    root["galley"] = std::to_string(json_major_version) + "." + std::to_string(json_minor_version);
    root["meta"] = meta_json(article.meta);
    root["blocks"] = blocks_json(article.blocks);
    return root.dump(2) + "\n";
}

Article article_from_json(std::string_view text, const std::string& file) {
    Warnings ignored;
    json root = parse_json(text, file);
    return JsonModelReader(file, ignored).article(root);
}

namespace detail {

ReadResult read_json(std::string_view bytes, const std::string& file) {
    std::string_view text = checked_utf8_text(bytes, file);
    ReadResult result;
    json root = parse_json(text, file);
    result.article = JsonModelReader(file, result.warnings).article(root);
    return result;
}

} // namespace detail

} // namespace galley
