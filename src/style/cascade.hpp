// Internal: the cascade over declaration blocks already put in CSS order, shared by element,
// pseudo-element, page and margin-box styles.
#pragma once

#include "style/sheet_data.hpp"

#include <span>

namespace galley::detail {

// A block of declarations that applies, with the specificity and order of its rule.
struct CascadeSource {
    const DeclarationBlock* block;
    std::uint32_t specificity;
    std::uint32_t order;
};

// The page-only properties a cascade found (for @page).
struct PageProperties {
    std::optional<PageSizeValue> size;
    std::optional<PropertyValue> bleed;
    std::optional<MarksValue> marks;
};

struct CascadeInput {
    std::span<const CascadeSource> sources; // sorted by (specificity, order)
    const ComputedStyle* parent = nullptr;
    const Attr* attr = nullptr;        // for attr() in content
    std::optional<Direction> dir;      // the element's dir: its direction unless declared
    bool page_context = false;         // margins start at the page's initial 20 mm
    PageProperties* page = nullptr;    // receives size, bleed, marks when given
    const std::string* file = nullptr; // for warnings
    Warnings* warnings = nullptr;
};

// The computed style from `input`.
ComputedStyle cascade(const CascadeInput& input);

// The style every root starts from.
const ComputedStyle& initial_style();

// Adds `warning` unless the same message at the same place is already in `warnings`.
void add_warning_once(Warnings& warnings, Warning warning);

} // namespace galley::detail
