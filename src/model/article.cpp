#include "galley/article.hpp"

namespace galley {

bool Attr::has_class(std::string_view name) const {
    for (const auto& c : classes)
        if (c == name) return true;
    return false;
}

const std::string* Attr::get(std::string_view key) const {
    for (const auto& [k, v] : values)
        if (k == key) return &v;
    return nullptr;
}

// The recursive types compare member by member, written out rather than defaulted: clang 14
// to 16 crash (Sema::EvaluateImplicitExceptionSpec) on a defaulted comparison whose members
// hold std::variant of the recursive Inline/Block types. Keep each in step with its struct.
bool Emphasis::operator==(const Emphasis& other) const {
    return content == other.content;
}
bool Strong::operator==(const Strong& other) const {
    return content == other.content;
}
bool Link::operator==(const Link& other) const {
    return url == other.url && title == other.title && content == other.content;
}
bool Superscript::operator==(const Superscript& other) const {
    return content == other.content;
}
bool Subscript::operator==(const Subscript& other) const {
    return content == other.content;
}
bool SmallCaps::operator==(const SmallCaps& other) const {
    return content == other.content;
}
bool Paragraph::operator==(const Paragraph& other) const {
    return attr == other.attr && content == other.content;
}
bool Heading::operator==(const Heading& other) const {
    return attr == other.attr && level == other.level && content == other.content;
}
bool BlockQuote::operator==(const BlockQuote& other) const {
    return attr == other.attr && content == other.content && attribution == other.attribution;
}
bool PullQuote::operator==(const PullQuote& other) const {
    return attr == other.attr && content == other.content && attribution == other.attribution;
}
bool Figure::operator==(const Figure& other) const {
    return attr == other.attr && image == other.image && alt == other.alt &&
           caption == other.caption && credit == other.credit &&
           image_left_out == other.image_left_out;
}
bool List::operator==(const List& other) const {
    return attr == other.attr && ordered == other.ordered && start == other.start &&
           items == other.items;
}
bool TableCell::operator==(const TableCell& other) const {
    return content == other.content && align == other.align && colspan == other.colspan &&
           rowspan == other.rowspan && header == other.header;
}
bool Table::operator==(const Table& other) const {
    return attr == other.attr && caption == other.caption && head == other.head &&
           body == other.body;
}
bool Tagline::operator==(const Tagline& other) const {
    return attr == other.attr && content == other.content;
}

namespace {

void append_plain(const Inlines& inlines, std::string& out) {
    for (const auto& in : inlines) {
        std::visit(
            [&](const auto& node) {
                using T = std::decay_t<decltype(node)>;
                if constexpr (std::is_same_v<T, Text> || std::is_same_v<T, Code>) {
                    out += node.text;
                } else if constexpr (std::is_same_v<T, LineBreak>) {
                    out += ' ';
                } else {
                    append_plain(node.content, out);
                }
            },
            in.node);
    }
}

} // namespace

std::string plain_text(const Inlines& inlines) {
    std::string out;
    append_plain(inlines, out);
    return out;
}

Inlines text_inlines(std::string text) {
    Inlines out;
    if (!text.empty()) out.push_back(Text{std::move(text)});
    return out;
}

const std::string* Meta::head_value(std::string_view key) const {
    for (const auto& [k, v] : head)
        if (k == key) return &v;
    return nullptr;
}

void Meta::set_head(std::string_view key, std::string value) {
    if (value.empty()) return;
    for (auto& [k, v] : head) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    head.emplace_back(std::string(key), std::move(value));
}

const char* to_string(LanguageSource source) {
    switch (source) {
    case LanguageSource::none: return "";
    case LanguageSource::declared: return "declared";
    case LanguageSource::option: return "option";
    case LanguageSource::detected: return "detected";
    }
    return "";
}

std::string Credit::display() const {
    if (!line.empty()) return line;
    if (!creator.empty() && !source.empty() && creator != source) return creator + " / " + source;
    if (!creator.empty()) return creator;
    return source;
}

const Attr& Block::attr() const {
    return std::visit([](const auto& b) -> const Attr& { return b.attr; }, node);
}

Attr& Block::attr() {
    return std::visit([](auto& b) -> Attr& { return b.attr; }, node);
}

} // namespace galley
