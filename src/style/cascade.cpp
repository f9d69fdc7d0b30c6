// Selector matching and the cascade: specified values → computed values.
#include "style/cascade.hpp"
#include "style/elements.hpp"

#include "style/css_values.hpp"

#include <algorithm>
#include <cmath>

namespace galley {

namespace detail {

namespace {

constexpr int max_var_depth = 32;
constexpr std::size_t max_substituted_tokens = 65536;
constexpr int max_warnings_per_style = 16;

// ---------------------------------------------------------------------------------------------
// Matching

bool matches_attribute(const AttributeTest& test, const Attr* attr) {
    if (!attr) return false;
    if (test.key == "id") return test.value ? attr->id == *test.value : !attr->id.empty();
    if (test.key == "class") {
        if (!test.value) return !attr->classes.empty();
        std::string joined;
        for (const auto& c : attr->classes) {
            if (!joined.empty()) joined += ' ';
            joined += c;
        }
        return joined == *test.value;
    }
    const std::string* value = attr->get(test.key);
    if (!value) return false;
    return !test.value || *value == *test.value;
}

bool matches_compound(const Compound& compound, const StyleElement& element) {
    if (!compound.role.empty() && compound.role != element.role) return false;
    if (!compound.id.empty() && (!element.attr || element.attr->id != compound.id)) return false;
    for (const std::string& c : compound.classes)
        if (!element.attr || !element.attr->has_class(c)) return false;
    for (const AttributeTest& test : compound.attributes)
        if (!matches_attribute(test, element.attr)) return false;
    if (std::uint8_t p = compound.pseudo_classes) {
        bool first = element.child_index == 0, first_type = element.type_index == 0;
        if ((p & first_child) && !first) return false;
        if ((p & last_child) && !element.last_child) return false;
        if ((p & only_child) && !(first && element.last_child)) return false;
        if ((p & first_of_type) && !first_type) return false;
        if ((p & last_of_type) && !element.last_of_type) return false;
        if ((p & only_of_type) && !(first_type && element.last_of_type)) return false;
    }
    return true;
}

// Does `selector` match `element`? Right to left, as dynamic programming: for each compound
// (from the right), the elements at which the selector's right part matches, found from the
// previous compound's elements by the combinator between them — their ancestors (` `), their
// parents (`>`), the siblings just before them (`+`) or all siblings before them (`~`). A set
// holds the elements grouped by level (how far above `element` their parent is), the levels
// ascending and each group's latest sibling first, so no element enters a set twice. Linear in
// compounds × (depth + the siblings `~` passes), with no backtracking blow-up however deep the
// tree and long the selector.
bool matches(const Selector& selector, const StyleElement& element) {
    const std::vector<Compound>& compounds = selector.compounds;
    std::size_t count = compounds.size();
    if (!matches_compound(compounds[count - 1], element)) return false;
    if (count == 1) return true;
    struct Reached {
        std::size_t level; // 0: a sibling of `element` (or itself), 1: of its parent…
        const StyleElement* element;
    };
    thread_local std::vector<Reached> reached, next;
    reached.assign(1, Reached{0, &element});
    for (std::size_t i = count - 1; i-- > 0;) {
        const Compound& compound = compounds[i];
        next.clear();
        auto consider = [&](std::size_t level, const StyleElement* e) {
            if (matches_compound(compound, *e)) next.push_back({level, e});
        };
        switch (compounds[i + 1].combinator) {
        case Combinator::descendant: {
            // The ancestors of the lowest reached element include those of all the others.
            std::size_t level = reached.front().level + 1;
            for (const StyleElement* e = reached.front().element->parent; e; e = e->parent)
                consider(level++, e);
            break;
        }
        case Combinator::child:
            for (std::size_t k = 0; k < reached.size(); ++k)
                if ((k == 0 || reached[k].level != reached[k - 1].level) &&
                    reached[k].element->parent)
                    consider(reached[k].level + 1, reached[k].element->parent);
            break;
        case Combinator::adjacent_sibling:
            for (const Reached& r : reached)
                if (r.element->previous) consider(r.level, r.element->previous);
            break;
        case Combinator::general_sibling:
            // The siblings before a group's latest reached element include those before the
            // others.
            for (std::size_t k = 0; k < reached.size(); ++k)
                if (k == 0 || reached[k].level != reached[k - 1].level)
                    for (const StyleElement* e = reached[k].element->previous; e; e = e->previous)
                        consider(reached[k].level, e);
            break;
        }
        if (next.empty()) return false;
        reached.swap(next);
    }
    return true;
}

const std::vector<RuleRef>* find_bucket(const std::vector<RuleBucket>& buckets,
                                        std::string_view key) {
    auto it = std::lower_bound(buckets.begin(), buckets.end(), key,
                               [](const RuleBucket& b, std::string_view k) { return b.key < k; });
    if (it == buckets.end() || it->key != key) return nullptr;
    return &it->refs;
}

void collect(const std::vector<RuleRef>* refs, const StyleElement& element,
             std::vector<CascadeSource>& out) {
    if (!refs) return;
    for (const RuleRef& ref : *refs)
        if (matches(*ref.selector, element))
            out.push_back({&ref.rule->block, ref.specificity, ref.order});
}

void collect_matches(const RuleIndex& index, const StyleElement& element,
                     std::vector<CascadeSource>& out) {
    out.clear();
    collect(&index.universal, element, out);
    if (!element.role.empty()) collect(find_bucket(index.by_role, element.role), element, out);
    if (element.attr) {
        if (!element.attr->id.empty())
            collect(find_bucket(index.by_id, element.attr->id), element, out);
        for (std::size_t i = 0; i < element.attr->classes.size(); ++i) {
            const std::string& c = element.attr->classes[i];
            // A class listed twice must not apply its rules twice.
            if (std::find(element.attr->classes.begin(), element.attr->classes.begin() + i, c) !=
                element.attr->classes.begin() + i)
                continue;
            collect(find_bucket(index.by_class, c), element, out);
        }
    }
    std::sort(out.begin(), out.end(), [](const CascadeSource& a, const CascadeSource& b) {
        return a.specificity != b.specificity ? a.specificity < b.specificity : a.order < b.order;
    });
}

// ---------------------------------------------------------------------------------------------
// var()

enum class SubstitutionFailure { none, malformed, undefined, too_deep, too_big, cycle };

struct Substitution {
    SubstitutionFailure failure = SubstitutionFailure::none;
    std::string name; // the custom property concerned
    int deepest = 0;  // the deepest var() nesting met, counting the custom properties' own
};

// Appends `in` to `out` with every var() replaced. `lookup(name, below)` gives a custom
// property's (var-free) tokens, setting `below` to the var() nesting its own value had, or
// null. A value nested deeper than max_var_depth in all is too deep.
template <class Lookup>
bool substitute(TokenSpan in, TokenList& out, int depth, Lookup& lookup, Substitution& result) {
    std::size_t i = 0, n = in.size();
    while (i < n) {
        const Token& t = in[i];
        if (!(t.type == TokenType::function && equals_ignoring_case(t.value, "var"))) {
            out.push_back(t);
            if (out.size() > max_substituted_tokens) {
                result.failure = SubstitutionFailure::too_big;
                return false;
            }
            ++i;
            continue;
        }
        std::size_t close = block_close_index(in, i);
        TokenSpan inside = in.subspan(i + 1, std::min(close, n) - i - 1);
        i = close < n ? close + 1 : n;
        ComponentReader reader(inside);
        const Token* name = reader.next();
        if (!name || name->type != TokenType::ident || !name->value.starts_with("--")) {
            result.failure = SubstitutionFailure::malformed;
            return false;
        }
        bool has_fallback = false;
        TokenSpan fallback;
        if (!reader.done()) {
            const Token* comma = reader.next();
            if (comma->type != TokenType::comma) {
                result.failure = SubstitutionFailure::malformed;
                return false;
            }
            has_fallback = true;
            fallback = reader.rest();
        }
        if (depth >= max_var_depth) {
            result.failure = SubstitutionFailure::too_deep;
            result.name = name->value;
            return false;
        }
        result.deepest = std::max(result.deepest, depth + 1);
        int below = 0;
        const TokenList* value = lookup(std::string_view(name->value), below);
        if (result.failure == SubstitutionFailure::cycle ||
            result.failure == SubstitutionFailure::too_deep)
            return false;
        if (value && depth + 1 + below > max_var_depth) {
            result.failure = SubstitutionFailure::too_deep;
            result.name = name->value;
            return false;
        }
        if (value) {
            result.deepest = std::max(result.deepest, depth + 1 + below);
            out.insert(out.end(), value->begin(), value->end());
            if (out.size() > max_substituted_tokens) {
                result.failure = SubstitutionFailure::too_big;
                return false;
            }
        } else if (has_fallback) {
            if (!substitute(fallback, out, depth + 1, lookup, result)) return false;
        } else {
            if (result.failure == SubstitutionFailure::none) {
                result.failure = SubstitutionFailure::undefined;
                result.name = name->value;
            }
            return false;
        }
    }
    return true;
}

std::string failure_message(const Substitution& s) {
    switch (s.failure) {
    case SubstitutionFailure::malformed:
        return "malformed var()";
    case SubstitutionFailure::undefined:
        return "custom property '" + s.name + "' has no value (undefined or invalid)";
    case SubstitutionFailure::too_deep:
        return "var() substitution nested deeper than " + std::to_string(max_var_depth) + " levels";
    case SubstitutionFailure::too_big:
        return "var() substitution grows past " + std::to_string(max_substituted_tokens) +
               " tokens";
    case SubstitutionFailure::cycle:
        return "custom property '" + s.name + "' refers to itself";
    case SubstitutionFailure::none:
        break;
    }
    return "invalid var()";
}

const Token* single_ident(TokenSpan tokens) {
    ComponentReader reader(tokens);
    const Token* t = reader.next();
    return t && t->type == TokenType::ident && reader.done() ? t : nullptr;
}

// ---------------------------------------------------------------------------------------------
// The cascade

struct Winner {
    const CascadeEntry* entry = nullptr;
    const DeclarationBlock* block = nullptr;
    Property source = Property::custom; // the longhand the entry gives (logical or physical)
    std::uint32_t sequence = 0;         // cascade order: a later declaration has a higher one
};

enum CurrentColorSlot { top_color, right_color, bottom_color, left_color, rule_color, slot_count };

class Cascader {
  public:
    explicit Cascader(const CascadeInput& input) : in_(input) {}

    ComputedStyle run() {
        collect_winners();
        const ComputedStyle& initial = initial_style();
        if (in_.parent) {
            style_ = *in_.parent;
            reset_non_inherited(initial);
        } else {
            style_ = initial;
        }
        if (in_.page_context) style_.margin = page_initial_margins();
        resolve_custom_properties();

        // The direction first: logical declarations take their physical places by it.
        if (winners_[static_cast<std::size_t>(Property::direction)].entry)
            apply(Property::direction);
        else if (in_.dir)
            style_.direction = *in_.dir;
        if (in_.parent && style_.direction != in_.parent->direction) {
            // An inherited `start` or `end` means this element's own start or end.
            if (style_.text_align_logical) style_.text_align = mirrored(style_.text_align);
            if (style_.text_align_last_logical && style_.text_align_last)
                style_.text_align_last = mirrored(*style_.text_align_last);
        }
        place_logical_winners();

        apply(Property::font_size);
        if (!in_.parent) style_.root_font_size = style_.font_size;
        apply(Property::color);
        for (std::size_t i = 0; i < longhand_count; ++i) {
            auto p = static_cast<Property>(i);
            if (winners_[i].entry && p != Property::font_size && p != Property::color &&
                p != Property::direction)
                apply(p);
        }
        finish();
        return std::move(style_);
    }

  private:
    const CascadeInput& in_;
    ComputedStyle style_;
    std::array<Winner, longhand_count> winners_{};
    // Set only where logical_set_ has the bit: most elements have no logical declaration.
    std::array<Winner, parsed_longhand_count - longhand_count> logical_winners_;
    std::uint32_t logical_set_ = 0;
    static_assert(parsed_longhand_count - longhand_count <= 32);
    std::vector<const Declaration*> customs_; // in cascade order
    std::vector<std::pair<const CascadeEntry*, std::vector<ParsedLonghand>>> expanded_;
    bool current_color_[slot_count] = {true, true, true, true, true};
    bool gap_normal_ = true;
    int warning_count_ = 0;

    static Edges page_initial_margins() {
        double m = 20 * 72 / 25.4;
        return Edges{m, m, m, m};
    }

    void warn(Position pos, std::string message) {
        if (!in_.warnings || !in_.file || warning_count_ >= max_warnings_per_style) return;
        ++warning_count_;
        add_warning_once(*in_.warnings, Warning{*in_.file, pos, std::move(message)});
    }

    // The last declaration of each longhand in cascade order: physical ones in winners_,
    // logical ones in logical_winners_ until the direction places them.
    void collect_winners() {
        std::uint32_t sequence = 0;
        for (int pass = 0; pass < 2; ++pass) {
            bool important = pass == 1;
            for (const CascadeSource& source : in_.sources) {
                for (const CascadeEntry& entry : source.block->entries) {
                    if (entry.important != important) continue;
                    if (entry.property == Property::custom) {
                        customs_.push_back(&source.block->declarations[entry.declaration]);
                        continue;
                    }
                    ++sequence;
                    for (Property p : longhands_of(entry.property)) {
                        const Winner winner{&entry, source.block, p, sequence};
                        if (is_logical(p)) {
                            const std::size_t i = static_cast<std::size_t>(p) - longhand_count;
                            logical_winners_[i] = winner;
                            logical_set_ |= 1u << i;
                        } else {
                            winners_[static_cast<std::size_t>(p)] = winner;
                        }
                    }
                }
            }
        }
    }

    // Each logical declaration takes the place of the physical longhand it stands for in this
    // element's direction, unless a later declaration set that one: as if it had been written
    // as the physical property where it stands.
    void place_logical_winners() {
        for (std::size_t i = 0; i < logical_winners_.size(); ++i) {
            if (!(logical_set_ & (1u << i))) continue;
            const Winner& logical = logical_winners_[i];
            Winner& physical =
                winners_[static_cast<std::size_t>(physical_of(logical.source, style_.direction))];
            if (logical.sequence > physical.sequence) physical = logical;
        }
    }

    static TextAlign mirrored(TextAlign align) {
        if (align == TextAlign::left) return TextAlign::right;
        if (align == TextAlign::right) return TextAlign::left;
        return align;
    }

    TextAlign side(int keyword) const {
        const bool start = keyword == keyword_start;
        return start == (style_.direction == Direction::ltr) ? TextAlign::left : TextAlign::right;
    }

    void reset_non_inherited(const ComputedStyle& initial) {
        style_.background_color = initial.background_color;
        style_.margin = initial.margin;
        style_.padding = initial.padding;
        style_.border = initial.border;
        style_.width = initial.width;
        style_.max_width = initial.max_width;
        style_.display = initial.display;
        style_.float_placement = initial.float_placement;
        style_.column_count = initial.column_count;
        style_.column_gap = initial.column_gap;
        style_.column_rule = initial.column_rule;
        style_.column_span = initial.column_span;
        style_.break_before = initial.break_before;
        style_.break_after = initial.break_after;
        style_.break_inside = initial.break_inside;
        style_.string_set.clear();
        style_.content.clear();
    }

    // ---- custom properties ----

    struct PendingCustom {
        std::string_view name;
        const Declaration* declaration;
        enum class State { unresolved, in_progress, done, invalid } state = State::unresolved;
        bool in_cycle = false;
        TokenList value;
        int depth = 0; // the var() nesting of its value, once done
    };

    void resolve_custom_properties() {
        if (customs_.empty()) return;
        const CustomProperties* inherited = style_.custom_properties.get();
        // The winning declaration of each name (the last in cascade order), sorted by name.
        std::vector<PendingCustom> pending;
        pending.reserve(customs_.size());
        for (const Declaration* d : customs_)
            pending.push_back(
                PendingCustom{d->name, d, PendingCustom::State::unresolved, false, {}, 0});
        std::stable_sort(
            pending.begin(), pending.end(),
            [](const PendingCustom& a, const PendingCustom& b) { return a.name < b.name; });
        std::vector<PendingCustom> winners;
        for (std::size_t i = 0; i < pending.size(); ++i)
            if (i + 1 == pending.size() || pending[i + 1].name != pending[i].name)
                winners.push_back(std::move(pending[i]));
        std::vector<std::size_t> stack;

        auto find_pending = [&](std::string_view name) -> PendingCustom* {
            auto it = std::lower_bound(
                winners.begin(), winners.end(), name,
                [](const PendingCustom& p, std::string_view n) { return p.name < n; });
            return it != winners.end() && it->name == name ? &*it : nullptr;
        };

        // Resolves one pending custom property. Whether a value is too deep depends on the
        // value alone (its depth is measured from itself); `recursion` only keeps the stack
        // bounded: a property that cannot be finished within it is left for a later try from
        // the top, and only the one that started the walk is known to be too deep.
        auto resolve = [&](auto& self, PendingCustom& p, int recursion) -> void {
            if (p.state != PendingCustom::State::unresolved) return;
            p.state = PendingCustom::State::in_progress;
            stack.push_back(static_cast<std::size_t>(&p - winners.data()));
            const Declaration& d = *p.declaration;
            bool ok = true;
            Substitution result;
            if (const Token* keyword = single_ident(d.value);
                keyword && (keyword->is_ident("inherit") || keyword->is_ident("unset") ||
                            keyword->is_ident("initial") || keyword->is_ident("revert"))) {
                const TokenList* parent_value =
                    inherited && !keyword->is_ident("initial") ? inherited->find(p.name) : nullptr;
                if (parent_value)
                    p.value = *parent_value;
                else
                    ok = false;
            } else {
                auto lookup = [&](std::string_view name, int& below) -> const TokenList* {
                    if (PendingCustom* q = find_pending(name)) {
                        if (q->state == PendingCustom::State::in_progress) {
                            // Everything on the stack from q up is in the cycle.
                            auto from = std::find(stack.begin(), stack.end(),
                                                  static_cast<std::size_t>(q - winners.data()));
                            for (auto it = from; it != stack.end(); ++it)
                                winners[*it].in_cycle = true;
                            result.failure = SubstitutionFailure::cycle;
                            result.name = std::string(name);
                            return nullptr;
                        }
                        if (q->state == PendingCustom::State::unresolved) {
                            if (recursion + 1 >= max_var_depth) {
                                result.failure = SubstitutionFailure::too_deep;
                                result.name = std::string(name);
                                return nullptr;
                            }
                            self(self, *q, recursion + 1);
                        }
                        if (q->state == PendingCustom::State::done) {
                            below = q->depth;
                            return &q->value;
                        }
                        if (q->state == PendingCustom::State::unresolved) { // left for later
                            result.failure = SubstitutionFailure::too_deep;
                            result.name = std::string(name);
                        }
                        return nullptr;
                    }
                    return inherited ? inherited->find(name) : nullptr;
                };
                TokenList out;
                ok = substitute(d.value, out, 0, lookup, result);
                if (ok) {
                    p.value = std::move(out);
                    p.depth = result.deepest;
                } else if (result.failure == SubstitutionFailure::too_deep && recursion > 0 &&
                           !p.in_cycle) {
                    stack.pop_back();
                    p.state = PendingCustom::State::unresolved;
                    return;
                } else if (result.failure != SubstitutionFailure::undefined &&
                           result.failure != SubstitutionFailure::cycle) {
                    warn(d.pos, "custom property '" + std::string(p.name) +
                                    "' is invalid: " + failure_message(result));
                }
            }
            stack.pop_back();
            if (p.in_cycle) {
                ok = false;
                warn(d.pos, "custom property '" + std::string(p.name) +
                                "' is part of a var() cycle; it is invalid");
            }
            p.state = ok ? PendingCustom::State::done : PendingCustom::State::invalid;
        };
        for (PendingCustom& p : winners) resolve(resolve, p, 0);

        // Merge the inherited values with this element's.
        auto merged = std::make_shared<CustomProperties>();
        std::size_t a = 0;
        const auto* old_values = inherited ? &inherited->values : nullptr;
        std::size_t old_count = old_values ? old_values->size() : 0;
        for (PendingCustom& p : winners) {
            while (a < old_count && (*old_values)[a].first < p.name)
                merged->values.push_back((*old_values)[a++]);
            if (a < old_count && (*old_values)[a].first == p.name) ++a;
            if (p.state == PendingCustom::State::done)
                merged->values.emplace_back(std::string(p.name), std::move(p.value));
        }
        while (a < old_count) merged->values.push_back((*old_values)[a++]);
        if (merged->values.empty())
            style_.custom_properties.reset();
        else
            style_.custom_properties = std::move(merged);
    }

    // ---- values ----

    // The value `winner` gives its longhand, substituting var() when needed. Null when
    // nothing applies; CssWide::unset when the value is invalid after substitution.
    const PropertyValue* value_of(const Winner& winner) {
        if (!winner.entry) return nullptr;
        if (!winner.entry->pending) return &winner.entry->value;
        const std::vector<ParsedLonghand>* longhands = nullptr;
        for (const auto& [entry, parsed] : expanded_)
            if (entry == winner.entry) longhands = &parsed;
        if (!longhands) {
            const Declaration& d = winner.block->declarations[winner.entry->declaration];
            const CustomProperties* customs = style_.custom_properties.get();
            auto lookup = [&](std::string_view name, int& below) -> const TokenList* {
                below = 0; // custom properties in force are already within the limit
                return customs ? customs->find(name) : nullptr;
            };
            TokenList substituted;
            Substitution result;
            std::vector<ParsedLonghand> parsed;
            if (!substitute(d.value, substituted, 0, lookup, result)) {
                warn(d.pos, "'" + d.name + "' is invalid: " + failure_message(result));
            } else if (!parse_property_value(d.property, substituted, parsed)) {
                std::string message = "'" + d.name + "' is invalid after var() substitution: " +
                                      serialize_tokens(substituted).substr(0, 60);
                if (const std::string_view hint = value_hint(d.property); !hint.empty())
                    message += " (" + std::string(hint) + ")";
                warn(d.pos, std::move(message));
            }
            expanded_.emplace_back(winner.entry, std::move(parsed));
            longhands = &expanded_.back().second;
        }
        for (const ParsedLonghand& l : *longhands)
            if (l.property == winner.source) return &l.value;
        static const PropertyValue unset = CssWide::unset;
        return &unset;
    }

    double parent_font_size() const {
        return in_.parent ? in_.parent->font_size : initial_style().font_size;
    }
    double parent_root_font_size() const {
        return in_.parent ? in_.parent->root_font_size : initial_style().font_size;
    }

    double points(const LengthValue& l, double percent_base = 0) const {
        switch (l.base) {
        case LengthBase::points:
            return l.amount;
        case LengthBase::em:
            return l.amount * style_.font_size;
        case LengthBase::rem:
            return l.amount * style_.root_font_size;
        case LengthBase::percent:
            return l.amount * percent_base / 100.0;
        }
        return l.amount;
    }

    std::vector<ContentPart> content_parts(const std::vector<ContentItem>& items) const {
        std::vector<ContentPart> parts;
        auto add_text = [&](std::string_view text) {
            if (!parts.empty() && parts.back().kind == ContentPart::Kind::text)
                parts.back().value += text;
            else
                parts.push_back({ContentPart::Kind::text, std::string(text)});
        };
        for (const ContentItem& item : items) {
            switch (item.kind) {
            case ContentItem::Kind::text:
                add_text(item.value);
                break;
            case ContentItem::Kind::attribute:
                add_text(attribute_text(item.value));
                break;
            case ContentItem::Kind::element_text:
                parts.push_back({ContentPart::Kind::element_text, {}});
                break;
            case ContentItem::Kind::page_number:
                parts.push_back({ContentPart::Kind::page_number, {}});
                break;
            case ContentItem::Kind::page_count:
                parts.push_back({ContentPart::Kind::page_count, {}});
                break;
            case ContentItem::Kind::named_string:
                parts.push_back({ContentPart::Kind::named_string, item.value});
                break;
            }
        }
        return parts;
    }

    std::string attribute_text(const std::string& name) const {
        const Attr* attr = in_.attr;
        if (!attr) return {};
        if (name == "id") return attr->id;
        if (name == "class") {
            std::string joined;
            for (const auto& c : attr->classes) {
                if (!joined.empty()) joined += ' ';
                joined += c;
            }
            return joined;
        }
        const std::string* value = attr->get(name);
        return value ? *value : std::string();
    }

    BorderSide* border_side(std::size_t side) {
        switch (side) {
        case 0:
            return &style_.border.top;
        case 1:
            return &style_.border.right;
        case 2:
            return &style_.border.bottom;
        default:
            return &style_.border.left;
        }
    }

    // Copies one longhand's computed value from `from` (for inherit / initial).
    void copy(Property p, const ComputedStyle& from, bool from_parent) {
        auto side_index = [](Property q, Property first) {
            return static_cast<std::size_t>(q) - static_cast<std::size_t>(first);
        };
        switch (p) {
        case Property::direction:
            style_.direction = from.direction;
            break;
        case Property::font_family:
            style_.font_family = from.font_family;
            break;
        case Property::font_size:
            style_.font_size = from.font_size;
            break;
        case Property::font_weight:
            style_.font_weight = from.font_weight;
            break;
        case Property::font_style:
            style_.font_style = from.font_style;
            break;
        case Property::font_variant_caps:
            style_.small_caps = from.small_caps;
            break;
        case Property::line_height:
            style_.line_height = from.line_height;
            style_.line_height_factor = from.line_height_factor;
            break;
        case Property::color:
            style_.color = from.color;
            break;
        case Property::text_align:
            style_.text_align = from.text_align;
            style_.text_align_logical = from.text_align_logical;
            if (from.text_align_logical && from.direction != style_.direction)
                style_.text_align = mirrored(style_.text_align);
            break;
        case Property::text_align_last:
            style_.text_align_last = from.text_align_last;
            style_.text_align_last_logical = from.text_align_last_logical;
            if (from.text_align_last_logical && from.direction != style_.direction &&
                style_.text_align_last)
                style_.text_align_last = mirrored(*style_.text_align_last);
            break;
        case Property::text_indent:
            style_.text_indent = from.text_indent;
            break;
        case Property::text_transform:
            style_.text_transform = from.text_transform;
            break;
        case Property::letter_spacing:
            style_.letter_spacing = from.letter_spacing;
            break;
        case Property::word_spacing:
            style_.word_spacing = from.word_spacing;
            break;
        case Property::text_decoration_line:
            style_.underline = from.underline;
            style_.line_through = from.line_through;
            break;
        case Property::hyphens:
            style_.hyphens = from.hyphens;
            break;
        case Property::hyphenate_limit_chars:
            style_.hyphenate_limit_chars = from.hyphenate_limit_chars;
            break;
        case Property::galley_unhyphenated:
            style_.unhyphenated = from.unhyphenated;
            break;
        case Property::galley_glyph_scaling:
            style_.glyph_scaling_min = from.glyph_scaling_min;
            style_.glyph_scaling_max = from.glyph_scaling_max;
            break;
        case Property::galley_letter_spacing:
            style_.justify_letter_min = from.justify_letter_min;
            style_.justify_letter_max = from.justify_letter_max;
            break;
        case Property::widows:
            style_.widows = from.widows;
            break;
        case Property::orphans:
            style_.orphans = from.orphans;
            break;
        case Property::list_style_type:
            style_.list_style_type = from.list_style_type;
            break;
        case Property::baseline_grid:
            style_.baseline_grid = from.baseline_grid;
            break;
        case Property::background_color:
            style_.background_color = from.background_color;
            break;
        case Property::margin_top:
            style_.margin.top = from.margin.top;
            break;
        case Property::margin_right:
            style_.margin.right = from.margin.right;
            break;
        case Property::margin_bottom:
            style_.margin.bottom = from.margin.bottom;
            break;
        case Property::margin_left:
            style_.margin.left = from.margin.left;
            break;
        case Property::padding_top:
            style_.padding.top = from.padding.top;
            break;
        case Property::padding_right:
            style_.padding.right = from.padding.right;
            break;
        case Property::padding_bottom:
            style_.padding.bottom = from.padding.bottom;
            break;
        case Property::padding_left:
            style_.padding.left = from.padding.left;
            break;
        case Property::border_top_width:
        case Property::border_right_width:
        case Property::border_bottom_width:
        case Property::border_left_width: {
            std::size_t side = side_index(p, Property::border_top_width);
            const BorderSide* source[] = {&from.border.top, &from.border.right, &from.border.bottom,
                                          &from.border.left};
            border_side(side)->width = source[side]->width;
            break;
        }
        case Property::border_top_style:
        case Property::border_right_style:
        case Property::border_bottom_style:
        case Property::border_left_style: {
            std::size_t side = side_index(p, Property::border_top_style);
            const BorderSide* source[] = {&from.border.top, &from.border.right, &from.border.bottom,
                                          &from.border.left};
            border_side(side)->style = source[side]->style;
            break;
        }
        case Property::border_top_color:
        case Property::border_right_color:
        case Property::border_bottom_color:
        case Property::border_left_color: {
            std::size_t side = side_index(p, Property::border_top_color);
            const BorderSide* source[] = {&from.border.top, &from.border.right, &from.border.bottom,
                                          &from.border.left};
            border_side(side)->color = source[side]->color;
            current_color_[side] = !from_parent;
            break;
        }
        case Property::width:
            style_.width = from.width;
            break;
        case Property::max_width:
            style_.max_width = from.max_width;
            break;
        case Property::display:
            style_.display = from.display;
            break;
        case Property::float_placement:
            style_.float_placement = from.float_placement;
            break;
        case Property::column_count:
            style_.column_count = from.column_count;
            break;
        case Property::column_gap:
            style_.column_gap = from.column_gap;
            gap_normal_ = !from_parent;
            break;
        case Property::column_rule_width:
            style_.column_rule.width = from.column_rule.width;
            break;
        case Property::column_rule_style:
            style_.column_rule.style = from.column_rule.style;
            break;
        case Property::column_rule_color:
            style_.column_rule.color = from.column_rule.color;
            current_color_[rule_color] = !from_parent;
            break;
        case Property::column_span:
            style_.column_span = from.column_span;
            break;
        case Property::break_before:
            style_.break_before = from.break_before;
            break;
        case Property::break_after:
            style_.break_after = from.break_after;
            break;
        case Property::break_inside:
            style_.break_inside = from.break_inside;
            break;
        case Property::string_set:
            style_.string_set = from.string_set;
            break;
        case Property::content:
            style_.content = from.content;
            break;
        default:
            break;
        }
    }

    // `margin-inline-start: inherit` and the like under a parent of the other direction: the
    // parent's inline-start is its other side.
    void inherit_other_side(Property p) {
        ComputedStyle parent = *in_.parent;
        std::swap(parent.margin.left, parent.margin.right);
        std::swap(parent.padding.left, parent.padding.right);
        std::swap(parent.border.left, parent.border.right);
        copy(p, parent, true);
    }

    void apply(Property p) {
        const Winner& winner = winners_[static_cast<std::size_t>(p)];
        if (!winner.entry) return;
        const PropertyValue* value = value_of(winner);
        if (!value) return;
        if (const CssWide* wide = std::get_if<CssWide>(value)) {
            bool inherit =
                *wide == CssWide::inherit || (*wide == CssWide::unset && is_inherited(p));
            if (inherit && in_.parent && is_logical(winner.source) &&
                physical_of(winner.source, in_.parent->direction) != p) {
                inherit_other_side(p);
            } else if (inherit && in_.parent) {
                copy(p, *in_.parent, true);
            } else {
                copy(p, initial_style(), false);
            }
            if (p == Property::size || p == Property::bleed || p == Property::marks)
                set_page(p, nullptr);
            return;
        }
        set(p, *value);
    }

    void set_page(Property p, const PropertyValue* value) {
        if (!in_.page) return;
        if (p == Property::size) {
            if (const auto* s = value ? std::get_if<PageSizeValue>(value) : nullptr)
                in_.page->size = *s;
            else
                in_.page->size.reset();
        } else if (p == Property::bleed) {
            if (value)
                in_.page->bleed = *value;
            else
                in_.page->bleed.reset();
        } else if (p == Property::marks) {
            if (const auto* m = value ? std::get_if<MarksValue>(value) : nullptr)
                in_.page->marks = *m;
            else
                in_.page->marks.reset();
        }
    }

    void set(Property p, const PropertyValue& value) {
        const Keyword* keyword = std::get_if<Keyword>(&value);
        const LengthValue* length = std::get_if<LengthValue>(&value);
        const NumberValue* number = std::get_if<NumberValue>(&value);
        const ColorValue* color = std::get_if<ColorValue>(&value);
        auto color_or_current = [&]() {
            return color->current_color ? style_.color : color->color;
        };
        switch (p) {
        case Property::direction:
            if (keyword) style_.direction = static_cast<Direction>(keyword->value);
            break;
        case Property::font_family:
            if (const auto* f = std::get_if<FamilyList>(&value)) style_.font_family = f->families;
            break;
        case Property::font_size:
            if (length) {
                double parent = parent_font_size();
                switch (length->base) {
                case LengthBase::points:
                    style_.font_size = length->amount;
                    break;
                case LengthBase::em:
                    style_.font_size = length->amount * parent;
                    break;
                case LengthBase::rem:
                    style_.font_size = length->amount * parent_root_font_size();
                    break;
                case LengthBase::percent:
                    style_.font_size = length->amount * parent / 100.0;
                    break;
                }
            } else if (keyword) {
                style_.font_size = keyword->value == keyword_larger ? parent_font_size() * 1.2
                                                                    : parent_font_size() / 1.2;
            }
            break;
        case Property::font_weight:
            if (number) {
                style_.font_weight = static_cast<int>(number->value);
            } else if (keyword) {
                int w = in_.parent ? in_.parent->font_weight : 400;
                if (keyword->value == keyword_bolder)
                    style_.font_weight = w < 350 ? 400 : w < 550 ? 700 : w < 900 ? 900 : w;
                else
                    style_.font_weight = w < 550 ? 100 : w < 750 ? 400 : 700;
            }
            break;
        case Property::font_style:
            if (keyword) style_.font_style = static_cast<FontStyle>(keyword->value);
            break;
        case Property::font_variant_caps:
            if (keyword) style_.small_caps = keyword->value != 0;
            break;
        case Property::line_height:
            if (keyword) {
                style_.line_height_factor = 1.2;
            } else if (number) {
                style_.line_height_factor = number->value;
            } else if (length) {
                style_.line_height_factor = 0;
                style_.line_height = points(*length, style_.font_size);
            }
            break;
        case Property::color:
            if (color)
                style_.color = color->current_color
                                   ? (in_.parent ? in_.parent->color : initial_style().color)
                                   : color->color;
            break;
        case Property::text_align:
            if (keyword) {
                style_.text_align_logical =
                    keyword->value == keyword_start || keyword->value == keyword_end;
                style_.text_align = style_.text_align_logical
                                        ? side(keyword->value)
                                        : static_cast<TextAlign>(keyword->value);
            }
            break;
        case Property::text_align_last:
            if (keyword) {
                style_.text_align_last_logical =
                    keyword->value == keyword_start || keyword->value == keyword_end;
                if (keyword->value == keyword_auto)
                    style_.text_align_last.reset();
                else if (style_.text_align_last_logical)
                    style_.text_align_last = side(keyword->value);
                else
                    style_.text_align_last = static_cast<TextAlign>(keyword->value);
            }
            break;
        case Property::text_indent:
            if (length) style_.text_indent = points(*length);
            break;
        case Property::text_transform:
            if (keyword) style_.text_transform = static_cast<TextTransform>(keyword->value);
            break;
        case Property::letter_spacing:
            style_.letter_spacing = length ? points(*length) : 0;
            break;
        case Property::word_spacing:
            style_.word_spacing = length ? points(*length) : 0;
            break;
        case Property::text_decoration_line:
            if (const auto* d = std::get_if<DecorationValue>(&value)) {
                style_.underline = d->underline;
                style_.line_through = d->line_through;
            }
            break;
        case Property::hyphens:
            if (keyword) style_.hyphens = static_cast<Hyphens>(keyword->value);
            break;
        case Property::galley_unhyphenated:
            if (keyword) style_.unhyphenated = static_cast<Unhyphenated>(keyword->value);
            break;
        case Property::galley_glyph_scaling:
            if (const auto* r = std::get_if<RangeValue>(&value)) {
                style_.glyph_scaling_min = r->min;
                style_.glyph_scaling_max = r->max;
            }
            break;
        case Property::galley_letter_spacing:
            if (const auto* r = std::get_if<RangeValue>(&value)) {
                style_.justify_letter_min = r->min;
                style_.justify_letter_max = r->max;
            }
            break;
        case Property::hyphenate_limit_chars:
            if (const auto* l = std::get_if<LimitCharsValue>(&value))
                style_.hyphenate_limit_chars = l->limits;
            break;
        case Property::widows:
            if (number) style_.widows = static_cast<int>(number->value);
            break;
        case Property::orphans:
            if (number) style_.orphans = static_cast<int>(number->value);
            break;
        case Property::list_style_type:
            if (keyword) style_.list_style_type = static_cast<ListStyle>(keyword->value);
            break;
        case Property::baseline_grid:
            style_.baseline_grid = length ? points(*length) : 0;
            break;
        case Property::background_color:
            if (color) style_.background_color = color_or_current();
            break;
        case Property::margin_top:
            style_.margin.top = length ? points(*length) : 0;
            break;
        case Property::margin_right:
            style_.margin.right = length ? points(*length) : 0;
            break;
        case Property::margin_bottom:
            style_.margin.bottom = length ? points(*length) : 0;
            break;
        case Property::margin_left:
            style_.margin.left = length ? points(*length) : 0;
            break;
        case Property::padding_top:
            style_.padding.top = length ? points(*length) : 0;
            break;
        case Property::padding_right:
            style_.padding.right = length ? points(*length) : 0;
            break;
        case Property::padding_bottom:
            style_.padding.bottom = length ? points(*length) : 0;
            break;
        case Property::padding_left:
            style_.padding.left = length ? points(*length) : 0;
            break;
        case Property::border_top_width:
        case Property::border_right_width:
        case Property::border_bottom_width:
        case Property::border_left_width:
            if (length)
                border_side(static_cast<std::size_t>(p) -
                            static_cast<std::size_t>(Property::border_top_width))
                    ->width = points(*length);
            break;
        case Property::border_top_style:
        case Property::border_right_style:
        case Property::border_bottom_style:
        case Property::border_left_style:
            if (keyword)
                border_side(static_cast<std::size_t>(p) -
                            static_cast<std::size_t>(Property::border_top_style))
                    ->style = static_cast<BorderStyle>(keyword->value);
            break;
        case Property::border_top_color:
        case Property::border_right_color:
        case Property::border_bottom_color:
        case Property::border_left_color:
            if (color) {
                std::size_t side = static_cast<std::size_t>(p) -
                                   static_cast<std::size_t>(Property::border_top_color);
                border_side(side)->color = color->color;
                current_color_[side] = color->current_color;
            }
            break;
        case Property::width:
        case Property::max_width: {
            Dimension d;
            if (length) {
                if (length->base == LengthBase::percent)
                    d = {Dimension::Kind::percent, length->amount};
                else
                    d = {Dimension::Kind::points, points(*length)};
            }
            (p == Property::width ? style_.width : style_.max_width) = d;
            break;
        }
        case Property::display:
            if (keyword) style_.display = static_cast<Display>(keyword->value);
            break;
        case Property::float_placement:
            if (keyword && (keyword->value == keyword_start || keyword->value == keyword_end))
                style_.float_placement =
                    side(keyword->value) == TextAlign::left ? Float::left : Float::right;
            else if (keyword)
                style_.float_placement = static_cast<Float>(keyword->value);
            break;
        case Property::column_count:
            style_.column_count = number ? static_cast<int>(number->value) : 1;
            break;
        case Property::column_gap:
            gap_normal_ = !length;
            if (length) style_.column_gap = points(*length);
            break;
        case Property::column_rule_width:
            if (length) style_.column_rule.width = points(*length);
            break;
        case Property::column_rule_style:
            if (keyword) style_.column_rule.style = static_cast<BorderStyle>(keyword->value);
            break;
        case Property::column_rule_color:
            if (color) {
                style_.column_rule.color = color->color;
                current_color_[rule_color] = color->current_color;
            }
            break;
        case Property::column_span:
            if (const auto* s = std::get_if<SpanValue>(&value)) style_.column_span = s->span;
            break;
        case Property::break_before:
            if (keyword) style_.break_before = static_cast<BreakBetween>(keyword->value);
            break;
        case Property::break_after:
            if (keyword) style_.break_after = static_cast<BreakBetween>(keyword->value);
            break;
        case Property::break_inside:
            if (keyword) style_.break_inside = static_cast<BreakInside>(keyword->value);
            break;
        case Property::string_set:
            if (const auto* s = std::get_if<StringSetList>(&value)) {
                style_.string_set.clear();
                for (const auto& [name, items] : s->sets)
                    style_.string_set.push_back({name, content_parts(items)});
            }
            break;
        case Property::content:
            if (const auto* c = std::get_if<ContentList>(&value))
                style_.content = content_parts(c->items);
            break;
        case Property::size:
        case Property::bleed:
        case Property::marks:
            set_page(p, &value);
            break;
        default:
            break;
        }
    }

    void finish() {
        if (style_.line_height_factor > 0)
            style_.line_height = style_.line_height_factor * style_.font_size;
        if (gap_normal_) style_.column_gap = style_.font_size;
        for (std::size_t side = 0; side < 4; ++side) {
            BorderSide* b = border_side(side);
            if (current_color_[side]) b->color = style_.color;
            if (b->style == BorderStyle::none) b->width = 0;
        }
        if (current_color_[rule_color]) style_.column_rule.color = style_.color;
        if (style_.column_rule.style == BorderStyle::none) style_.column_rule.width = 0;
    }
};

} // namespace

const ComputedStyle& initial_style() {
    static const ComputedStyle initial;
    return initial;
}

void add_warning_once(Warnings& warnings, Warning warning) {
    for (const Warning& w : warnings)
        if (w.pos.offset == warning.pos.offset && w.pos.line == warning.pos.line &&
            w.message == warning.message && w.file == warning.file)
            return;
    warnings.push_back(std::move(warning));
}

ComputedStyle cascade(const CascadeInput& input) {
    return Cascader(input).run();
}

const TokenList* CustomProperties::find(std::string_view name) const {
    auto it = std::lower_bound(values.begin(), values.end(), name,
                               [](const auto& v, std::string_view n) { return v.first < n; });
    if (it == values.end() || it->first != name) return nullptr;
    return &it->second;
}

} // namespace detail

ComputedStyle compute_style(const StyleSheet& sheet, Medium medium, const StyleElement& element,
                            const ComputedStyle* parent, Warnings* warnings) {
    const auto& data = sheet.data();
    thread_local std::vector<detail::CascadeSource> matched;
    detail::collect_matches(data.index[static_cast<std::size_t>(medium)][0], element, matched);
    detail::CascadeInput input;
    input.sources = matched;
    input.parent = parent;
    input.attr = element.attr;
    input.dir = element.dir;
    input.file = &data.file;
    input.warnings = warnings;
    return detail::cascade(input);
}

std::optional<ComputedStyle> compute_pseudo_style(const StyleSheet& sheet, Medium medium,
                                                  const StyleElement& element, PseudoElement pseudo,
                                                  const ComputedStyle& element_style,
                                                  Warnings* warnings) {
    const auto& data = sheet.data();
    std::size_t slot = pseudo == PseudoElement::before ? 1 : 2;
    thread_local std::vector<detail::CascadeSource> matched;
    detail::collect_matches(data.index[static_cast<std::size_t>(medium)][slot], element, matched);
    if (matched.empty()) return std::nullopt;
    detail::CascadeInput input;
    input.sources = matched;
    input.parent = &element_style;
    input.attr = element.attr;
    input.file = &data.file;
    input.warnings = warnings;
    ComputedStyle style = detail::cascade(input);
    if (style.content.empty() || style.display == Display::none) return std::nullopt;
    return style;
}

} // namespace galley
