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

// The recursive types compare by their members; defaulted here, where Inline and Block are
// complete.
bool Emphasis::operator==(const Emphasis&) const = default;
bool Strong::operator==(const Strong&) const = default;
bool Link::operator==(const Link&) const = default;
bool Superscript::operator==(const Superscript&) const = default;
bool Subscript::operator==(const Subscript&) const = default;
bool SmallCaps::operator==(const SmallCaps&) const = default;
bool Paragraph::operator==(const Paragraph&) const = default;
bool Heading::operator==(const Heading&) const = default;
bool BlockQuote::operator==(const BlockQuote&) const = default;
bool PullQuote::operator==(const PullQuote&) const = default;
bool Figure::operator==(const Figure&) const = default;
bool List::operator==(const List&) const = default;
bool TableCell::operator==(const TableCell&) const = default;
bool Table::operator==(const Table&) const = default;
bool Tagline::operator==(const Tagline&) const = default;

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

const std::string& Credit::display() const {
    if (!line.empty()) return line;
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
