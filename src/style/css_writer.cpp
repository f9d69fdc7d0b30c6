// Writing a sheet back out as CSS for a reading system (the EPUB backend).
#include "galley/style.hpp"

#include "style/css_tokenizer.hpp"
#include "style/sheet_data.hpp"

namespace galley {

namespace {

using detail::CascadeEntry;
using detail::ContentItem;
using detail::Declaration;
using detail::Property;

const char* combinator_css(detail::Combinator combinator) {
    switch (combinator) {
    case detail::Combinator::descendant:
        return " ";
    case detail::Combinator::child:
        return " > ";
    case detail::Combinator::adjacent_sibling:
        return " + ";
    case detail::Combinator::general_sibling:
        return " ~ ";
    }
    return " ";
}

bool is_sibling(detail::Combinator combinator) {
    return combinator == detail::Combinator::adjacent_sibling ||
           combinator == detail::Combinator::general_sibling;
}

// The selector as CSS, or "" when a role in it has no counterpart. A role may map to a
// selector with a context ("credit" → "figcaption > small.credit"): across `+` and `~` the
// compounds on both sides must then have the same context, which is written once, on the
// left; otherwise their siblings in the reader's markup are not those of the element tree,
// and the selector is left out too.
std::string selector_css(const detail::Selector& selector, const CssWriteOptions& options) {
    std::string out;
    std::string previous_context;
    for (std::size_t i = 0; i < selector.compounds.size(); ++i) {
        const detail::Compound& c = selector.compounds[i];
        std::string context, compound;
        if (!c.role.empty()) {
            compound = options.selector_for_role(c.role);
            if (compound.empty()) return {};
            // "figcaption > small.credit": the context is "figcaption > ".
            if (std::size_t split = compound.find_last_of(" >+~"); split != std::string::npos) {
                context = compound.substr(0, split + 1);
                compound.erase(0, split + 1);
            }
        }
        if (!c.id.empty()) compound += "#" + detail::css_ident(c.id);
        for (const auto& cls : c.classes) compound += "." + detail::css_ident(cls);
        for (const auto& a : c.attributes) {
            compound += "[" + detail::css_ident(a.key);
            if (a.value) compound += "=" + detail::css_string(*a.value);
            compound += "]";
        }
        for (const auto& p : c.pseudo_class_names) compound += ":" + p;
        if (compound.empty()) compound = "*";
        if (i > 0) {
            out += combinator_css(c.combinator);
            if (is_sibling(c.combinator)) {
                if (context != previous_context) return {};
            } else {
                out += context;
            }
        } else {
            out += context;
        }
        out += compound;
        previous_context = std::move(context);
    }
    if (selector.pseudo) out += *selector.pseudo == PseudoElement::before ? "::before" : "::after";
    return out;
}

// Whether a reading system can use this declaration.
bool keep_for_reader(const Declaration& d, const detail::DeclarationBlock& block,
                     std::uint32_t index) {
    if (d.property == Property::custom) return true;
    if (detail::property_info(d.property).print_only) return false;
    // EPUB style sheets must not use `direction` (EPUB 3.3, and epubcheck's CSS-001): the
    // content documents say it with `dir`.
    if (d.property == Property::direction) return false;
    for (const CascadeEntry& e : block.entries) {
        if (e.declaration != index || e.pending) continue;
        if (e.property == Property::float_placement) {
            if (const auto* k = std::get_if<detail::Keyword>(&e.value))
                if (k->value == int(Float::top) || k->value == int(Float::bottom)) return false;
        }
        if (e.property == Property::break_before || e.property == Property::break_after) {
            if (const auto* k = std::get_if<detail::Keyword>(&e.value))
                if (k->value == int(BreakBetween::column)) return false;
        }
        if (e.property == Property::content) {
            if (const auto* c = std::get_if<detail::ContentList>(&e.value))
                for (const ContentItem& item : c->items)
                    if (item.kind != ContentItem::Kind::text &&
                        item.kind != ContentItem::Kind::attribute)
                        return false;
        }
    }
    return true;
}

} // namespace

std::string to_css(const StyleSheet& sheet, Medium medium, const CssWriteOptions& options) {
    const auto& data = sheet.data();
    unsigned bit = detail::media_bit(medium);
    std::string out;

    for (const auto& rule : data.fonts) {
        if (!(rule.media & bit) || !options.font_url) continue;
        std::string url = options.font_url(rule.face);
        if (url.empty()) continue;
        const FontFace& face = rule.face;
        std::string format;
        for (const auto& s : face.sources)
            if (!s.path.empty()) {
                format = s.format;
                break;
            }
        out += "@font-face {\n";
        out += "  font-family: " + detail::css_string(face.family) + ";\n";
        out += "  src: url(" + detail::css_string(url) + ")";
        if (!format.empty()) out += " format(" + detail::css_string(format) + ")";
        out += ";\n";
        out += "  font-weight: " + std::to_string(face.weight_min);
        if (face.weight_max != face.weight_min) out += " " + std::to_string(face.weight_max);
        out += ";\n";
        out += std::string("  font-style: ") +
               (face.style == FontStyle::italic    ? "italic"
                : face.style == FontStyle::oblique ? "oblique"
                                                   : "normal") +
               ";\n";
        out += "}\n\n";
    }

    for (const auto& rule : data.rules) {
        if (!(rule.media & bit)) continue;
        std::string selectors;
        for (const auto& selector : rule.selectors) {
            std::string css = selector_css(selector, options);
            if (css.empty()) continue;
            if (!selectors.empty()) selectors += ",\n";
            selectors += css;
        }
        if (selectors.empty()) continue;
        std::string body;
        for (std::uint32_t i = 0; i < rule.block.declarations.size(); ++i) {
            const Declaration& d = rule.block.declarations[i];
            if (!keep_for_reader(d, rule.block, i)) continue;
            body += "  " + d.name + ": " + detail::serialize_tokens(d.value);
            if (d.important) body += " !important";
            body += ";\n";
        }
        if (body.empty()) continue;
        out += selectors + " {\n" + body + "}\n\n";
    }
    if (out.ends_with("\n\n")) out.pop_back();
    return out;
}

} // namespace galley
