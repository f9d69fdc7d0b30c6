// Small pieces of the public style API: media and role names, the element tree helpers,
// generated content and the StyleSheet handle.
#include "galley/style.hpp"
#include "style/elements.hpp"

#include "style/css_tokenizer.hpp"
#include "style/sheet_data.hpp"

#include <array>
#include <utility>

namespace galley {

const char* to_string(Medium medium) {
    switch (medium) {
    case Medium::pdf:
        return "pdf";
    case Medium::epub:
        return "epub";
    case Medium::print:
        return "print";
    }
    return "pdf";
}

std::optional<Medium> medium_from_name(std::string_view name) {
    for (Medium m : {Medium::pdf, Medium::epub, Medium::print})
        if (detail::equals_ignoring_case(name, to_string(m))) return m;
    return std::nullopt;
}

std::span<const std::string_view> known_roles() {
    static constexpr std::array<std::string_view, 34> roles = {
        "article", "headline",   "dek",        "byline",    "dateline",    "p",         "h2",
        "h3",      "h4",         "blockquote", "pullquote", "attribution", "figure",    "img",
        "credit",  "figcaption", "ul",         "ol",        "li",          "table",     "caption",
        "tr",      "th",         "td",         "hr",        "pre",         "tagline",   "a",
        "em",      "strong",     "code",       "sup",       "sub",         "smallcaps",
    };
    return roles;
}

std::string_view block_role(const Block& block) {
    struct Visitor {
        std::string_view operator()(const Paragraph&) const { return "p"; }
        std::string_view operator()(const Heading& h) const {
            return h.level <= 2 ? "h2" : h.level == 3 ? "h3" : "h4";
        }
        std::string_view operator()(const BlockQuote&) const { return "blockquote"; }
        std::string_view operator()(const PullQuote&) const { return "pullquote"; }
        std::string_view operator()(const Figure&) const { return "figure"; }
        std::string_view operator()(const List& l) const { return l.ordered ? "ol" : "ul"; }
        std::string_view operator()(const Rule&) const { return "hr"; }
        std::string_view operator()(const Table&) const { return "table"; }
        std::string_view operator()(const Tagline&) const { return "tagline"; }
        std::string_view operator()(const Raw&) const { return "pre"; }
    };
    return std::visit(Visitor{}, block.node);
}

void number_siblings(std::span<StyleElement> siblings) {
    // Counts per role; a document has few distinct roles, so a flat list is enough.
    std::vector<std::pair<std::string_view, int>> counts;
    auto count_of = [&](std::string_view role) -> int& {
        for (auto& c : counts)
            if (c.first == role) return c.second;
        counts.emplace_back(role, 0);
        return counts.back().second;
    };
    for (std::size_t i = 0; i < siblings.size(); ++i) {
        StyleElement& e = siblings[i];
        e.child_index = static_cast<int>(i);
        e.type_index = count_of(e.role)++;
        e.last_child = i + 1 == siblings.size();
        e.previous = i == 0 ? nullptr : &siblings[i - 1];
    }
    for (std::size_t i = 0; i < siblings.size(); ++i) {
        StyleElement& e = siblings[i];
        e.last_of_type = e.type_index + 1 == count_of(e.role);
    }
}

std::string render_content(const std::vector<ContentPart>& parts, const ContentContext& context) {
    std::string out;
    for (const ContentPart& part : parts) {
        switch (part.kind) {
        case ContentPart::Kind::text:
            out += part.value;
            break;
        case ContentPart::Kind::element_text:
            out += context.element_text;
            break;
        case ContentPart::Kind::page_number:
            out += std::to_string(context.page);
            break;
        case ContentPart::Kind::page_count:
            out += std::to_string(context.pages);
            break;
        case ContentPart::Kind::named_string:
            if (context.named_string) out += context.named_string(part.value);
            break;
        }
    }
    return out;
}

std::optional<std::string> ComputedStyle::custom_property(std::string_view name) const {
    if (!custom_properties) return std::nullopt;
    const detail::TokenList* tokens = custom_properties->find(name);
    if (!tokens) return std::nullopt;
    return detail::serialize_tokens(*tokens);
}

StyleSheet::StyleSheet() : data_(std::make_shared<detail::StyleSheetData>()) {}

StyleSheet::StyleSheet(std::shared_ptr<const detail::StyleSheetData> data)
    : data_(std::move(data)) {}

const std::string& StyleSheet::file() const {
    return data_->file;
}

std::size_t StyleSheet::rule_count() const {
    return data_->rules.size();
}

} // namespace galley

namespace galley::detail {

std::vector<StyleElement> article_children(const Article& article, const StyleElement& root) {
    const Meta& meta = article.meta;
    std::vector<StyleElement> children;
    if (!meta.headline.empty()) children.push_back({.role = "headline", .parent = &root});
    if (!meta.dek.empty()) children.push_back({.role = "dek", .parent = &root});
    for (std::size_t i = 0; i < meta.bylines.size(); ++i)
        children.push_back({.role = "byline", .parent = &root});
    for (const Block& block : article.blocks)
        children.push_back({.role = block_role(block), .attr = &block.attr(), .parent = &root});
    number_siblings(children);
    return children;
}

} // namespace galley::detail
