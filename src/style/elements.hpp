// Internal: the style module's protocol with the backends that lay out or write an article —
// the element tree they describe as they walk it, the cascade over it, and generated
// content. Not installed: the public API is style sheets (galley/style.hpp), readers,
// writers and the rest.
#pragma once

#include "galley/style.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace galley {

// What generated content needs to become text.
struct ContentContext {
    int page = 0;                  // counter(page)
    int pages = 0;                 // counter(pages)
    std::string_view element_text; // content()
    // The value of string(NAME). The backends provide "headline" (the article's headline),
    // "publication" (its publisher), "date" (its date as written, else its ISO date) and every
    // name set by string-set. Null or an unknown name gives "".
    std::function<std::string(std::string_view name)> named_string;
};

// The text of `parts` in `context`.
std::string render_content(const std::vector<ContentPart>& parts, const ContentContext& context);

// ---------------------------------------------------------------------------------------------
// Elements, as a backend describes them

// One element of the tree above. Backends build these on the stack as they walk their own
// model; `parent`, `previous` and `attr` must stay valid while a style is computed.
struct StyleElement {
    std::string_view role;      // "headline", "p", … (see known_roles())
    const Attr* attr = nullptr; // id, classes, key/values; null for none
    const StyleElement* parent = nullptr;
    int child_index = 0;       // 0-based place among the parent's children
    int type_index = 0;        // 0-based place among the siblings of the same role
    bool last_child = false;   // no sibling follows
    bool last_of_type = false; // no sibling of the same role follows
    // The sibling just before this one (for `+` and `~`); null for a first child.
    const StyleElement* previous = nullptr;
    // The element's direction as HTML's `dir` attribute gives it: its `direction` unless the
    // sheet sets `direction` for it (any author rule wins); nullopt inherits the parent's (the
    // root's is then ltr). Backends set it on the root `article` from the article's language
    // (detail::is_right_to_left_language, src/text/direction.hpp).
    std::optional<Direction> dir = std::nullopt;
};

// Sets child_index, type_index, last_child, last_of_type and previous of `siblings`, the
// children of one parent in order. `previous` points into `siblings`: keep them where they
// are (no copy, no push_back) while their styles are computed.
void number_siblings(std::span<StyleElement> siblings);

enum class PseudoElement { before, after };

// ---------------------------------------------------------------------------------------------
// Cascade

// The computed style of `element` for `medium`. `parent` is the parent element's computed
// style (null for the root, which inherits the initial values). Problems found only now
// (a var() cycle, a value invalid after substitution) are added to `warnings` once each, when
// given.
ComputedStyle compute_style(const StyleSheet& sheet, Medium medium, const StyleElement& element,
                            const ComputedStyle* parent, Warnings* warnings = nullptr);

// The style of `element`'s ::before or ::after box, or nullopt when there is none (no
// `content`, `content: none|normal`, or `display: none`). `element_style` is the element's
// own computed style, from which the box inherits.
std::optional<ComputedStyle> compute_pseudo_style(const StyleSheet& sheet, Medium medium,
                                                  const StyleElement& element, PseudoElement pseudo,
                                                  const ComputedStyle& element_style,
                                                  Warnings* warnings = nullptr);

} // namespace galley
